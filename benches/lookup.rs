//! How long a name that is no place takes to answer, suggestions included, on the OSM world
//! railways (274,974 places, read straight from the gzipped CSVs): a typo, a 20,000-character
//! name and a 1 MB one.
//!
//! ```sh
//! cargo bench --bench lookup
//! ```

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

use corridor::{ImportOptions, Network, RouteError};

fn lookup(c: &mut Criterion) {
    let osm = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/osm");
    let world = Network::from_csv_files(
        osm.join("osm_railways_world.nodes.csv.gz"),
        osm.join("osm_railways_world.edges.csv.gz"),
        &ImportOptions::default(),
    )
    .expect("world network");
    assert_eq!(world.places().len(), 274_974);
    let mut group = c.benchmark_group("unknown_place_world");
    group.sample_size(20);
    for (label, name) in [
        ("typo", "Tashkend".to_string()),
        ("20k_chars", "x".repeat(20_000)),
        ("1mb", "Tashkend".repeat(131_072)),
    ] {
        // The first query builds the name index: not part of the answer's time.
        assert!(matches!(
            world.place(&name),
            Err(RouteError::UnknownPlace { .. })
        ));
        group.bench_function(label, |b| b.iter(|| world.place(&name).is_err()));
    }
    group.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
