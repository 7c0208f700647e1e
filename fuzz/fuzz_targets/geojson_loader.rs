//! Any bytes given to the GeoJSON loader give a network or a typed error, never a panic.
#![no_main]

use corridor::{ImportOptions, Network};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for tolerance in [0.0, 50.0] {
            let opts = ImportOptions {
                join_tolerance_m: tolerance,
                ..ImportOptions::default()
            };
            if let Ok(net) = Network::from_geojson_str(text, "fuzz.geojson", &opts) {
                // A loaded network must also report and export without panicking.
                let _ = net.report();
                let _ = net.to_geojson();
            }
        }
    }
});
