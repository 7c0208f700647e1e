//! Any bytes given to the CSV loader (place file, then link file, split at the first 0xFF
//! byte) give a network or a typed error, never a panic.
#![no_main]

use corridor::{ImportOptions, Network};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (places, links) = data.split_at(split);
    let links = links.get(1..).unwrap_or(&[]);
    if let Ok(net) = Network::from_csv_readers(
        places,
        links,
        "places.csv",
        "links.csv",
        &ImportOptions::default(),
    ) {
        let _ = net.report();
        let mut p = Vec::new();
        let mut l = Vec::new();
        let _ = net.write_csv(&mut p, &mut l);
    }
});
