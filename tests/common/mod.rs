//! Helpers shared by the integration tests: the example binaries, built by cargo, a network
//! from records, and straight-line geometry on the WGS 84 ellipsoid. Each test crate uses part of them.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The example `name`, built by cargo for this test run's profile: cargo decides whether it
/// is up to date, so a test never runs a stale binary.
pub fn example_bin(name: &str) -> PathBuf {
    static BUILT: OnceLock<std::sync::Mutex<std::collections::HashMap<String, PathBuf>>> =
        OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    let mut built = built.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(path) = built.get(name) {
        return path.clone();
    }
    let mut cargo = Command::new(env!("CARGO"));
    cargo.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "build",
        "--quiet",
        "--example",
        name,
        "--message-format=json",
    ]);
    if !cfg!(debug_assertions) {
        cargo.arg("--release");
    }
    let out = cargo.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo build --example {name} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The compiler-artifact message of the example names its executable.
    let path = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("cargo built no executable for example {name}"));
    built.insert(name.to_string(), path.clone());
    path
}

/// A point on the WGS 84 ellipsoid (height 0) in Earth-centred Cartesian coordinates, km. The
/// straight line between two such points is never longer than the geodesic between them.
pub fn ecef(p: geo::Point) -> [f64; 3] {
    const A: f64 = 6378.137;
    const F: f64 = 1.0 / 298.257_223_563;
    let e2 = F * (2.0 - F);
    let (lat, lon) = (p.y().to_radians(), p.x().to_radians());
    let n = A / (1.0 - e2 * lat.sin() * lat.sin()).sqrt();
    [
        n * lat.cos() * lon.cos(),
        n * lat.cos() * lon.sin(),
        n * (1.0 - e2) * lat.sin(),
    ]
}

/// Straight-line distance between two points of [`ecef`], km.
pub fn dist3(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// A network of `places` and `links` (with the default cost model), which must be valid.
pub fn network_of(places: Vec<corridor::Place>, links: Vec<corridor::Link>) -> corridor::Network {
    corridor::Network::from_data(
        corridor::NetworkData {
            places,
            links,
            ..Default::default()
        },
        "test",
    )
    .expect("a valid test network")
}
