//! Helpers shared by the integration tests: locating the example binaries that `cargo test`
//! builds, and straight-line geometry on the WGS 84 ellipsoid. Each test crate uses part of
//! them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The files cargo built `bin` from, read from its dep-info file (`{name}.d` next to it:
/// `target: dep dep …`, spaces in paths escaped with a backslash).
fn dependencies(bin: &Path, name: &str) -> Vec<PathBuf> {
    let Ok(depinfo) = std::fs::read_to_string(bin.with_file_name(format!("{name}.d"))) else {
        return Vec::new();
    };
    let Some((_, deps)) = depinfo.lines().next().and_then(|l| l.split_once(": ")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = deps.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // Only "\ " is an escape: Windows paths keep their backslashes.
            '\\' if chars.peek() == Some(&' ') => cur.extend(chars.next()),
            ' ' => {
                if !cur.is_empty() {
                    out.push(PathBuf::from(std::mem::take(&mut cur)));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(PathBuf::from(cur));
    }
    out
}

/// The example `name` next to this test executable:
/// `target/<profile>/deps/<test>-xxxx` → `target/<profile>/examples/{name}`.
pub fn example_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test executable");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test executable lives in target/<profile>/deps");
    let bin = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let built = std::fs::metadata(&bin)
        .and_then(|m| m.modified())
        .unwrap_or_else(|_| {
            panic!(
                "{} not found: run `cargo test` (which builds the examples) or \
                 `cargo build --example {name}` first",
                bin.display()
            )
        });
    for dep in dependencies(&bin, name) {
        if let Ok(changed) = std::fs::metadata(&dep).and_then(|m| m.modified()) {
            assert!(
                changed <= built,
                "{} is older than {}: run `cargo test` (which rebuilds the examples) or \
                 `cargo build --example {name}`; `cargo test --test cli_import` alone does not \
                 rebuild it",
                bin.display(),
                dep.display()
            );
        }
    }
    bin
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
