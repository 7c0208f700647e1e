//! How long a network takes to load, validate and be ready to route: the OSM world railways
//! from CSV (274,974 places, 328,750 links), plain and gzipped, the OSM Central Asia railways
//! from GeoJSON (9,403 places, 10,624 links) — also under a name that leaves the format to the
//! top-level `type` member, first or last — and the built-in network from the crate's JSON.
//!
//! ```sh
//! cargo bench --bench load
//! ```
//!
//! The world files are decompressed once into `target/bench-data/` and read from there (the
//! page cache after the first round), the way `Network::from_csv_files` reads a user's files;
//! `world_rail_csv_gz` reads the `.gz` files themselves, decompressing them as it goes.
//! Peak memory is measured outside criterion, on one load:
//! `/usr/bin/time -v target/release/examples/network_report PLACES.csv --links LINKS.csv --check-only`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

use corridor::{ImportOptions, Network, RouteRequest};

/// `target/bench-data/`, where the bench keeps copies of the data files.
fn bench_data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("target/bench-data");
    dir
}

/// The world railway CSVs, decompressed next to the build.
fn world_files() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = bench_data_dir();
    let unpack = |name: &str| {
        let out = dir.join(name);
        if !out.exists() {
            let gz = root.join("data/osm").join(format!("{name}.gz"));
            let mut text = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&gz).expect("world railway file"))
                .read_to_end(&mut text)
                .expect("gzip");
            std::fs::write(&out, text).expect("write decompressed file");
        }
        out
    };
    (
        unpack("osm_railways_world.nodes.csv"),
        unpack("osm_railways_world.edges.csv"),
    )
}

fn load(c: &mut Criterion) {
    let opts = ImportOptions::default();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));

    let (places, links) = world_files();
    let world = Network::from_csv_files(&places, &links, &opts).expect("world network");
    // Ready to route: a query by id answers without building anything more.
    let (a, b) = (
        world.places().get(0).unwrap(),
        world.places().get(1).unwrap(),
    );
    assert!(world.route(&RouteRequest::new(a.id(), b.id())).is_ok());
    // Counts from data/osm/README.md.
    assert_eq!(
        (world.places().len(), world.links().len()),
        (274_974, 328_750)
    );
    drop(world);
    group.bench_function("world_rail_csv", |bench| {
        bench.iter(|| Network::from_csv_files(&places, &links, &opts).unwrap())
    });
    let osm = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/osm");
    let (places_gz, links_gz) = (
        osm.join("osm_railways_world.nodes.csv.gz"),
        osm.join("osm_railways_world.edges.csv.gz"),
    );
    group.bench_function("world_rail_csv_gz", |bench| {
        bench.iter(|| Network::from_csv_files(&places_gz, &links_gz, &opts).unwrap())
    });

    let geojson =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/osm/osm_railways_central_asia.geojson");
    group.bench_function("central_asia_geojson", |bench| {
        bench.iter(|| Network::from_geojson_file(&geojson, &opts).unwrap())
    });
    // The same file under a name that does not say its format: `Network::open` reads the
    // top-level `type` member to decide.
    let by_content = bench_data_dir().join("osm_railways_central_asia.json");
    std::fs::copy(&geojson, &by_content).expect("copy the GeoJSON");
    group.bench_function("central_asia_geojson_by_content", |bench| {
        bench.iter(|| Network::open(&by_content).load().unwrap())
    });
    // The worst case for that: `type` after the features, 1.5 MB into the file.
    let text = std::fs::read_to_string(&geojson).expect("the GeoJSON");
    let features = text
        .strip_prefix(r#"{"type":"FeatureCollection","#)
        .and_then(|t| t.trim_end().strip_suffix('}'))
        .expect("the file starts with its type");
    let type_last = bench_data_dir().join("osm_railways_central_asia_type_last.json");
    std::fs::write(
        &type_last,
        format!(r#"{{{features},"type":"FeatureCollection"}}"#),
    )
    .expect("write the GeoJSON with its type last");
    group.bench_function("central_asia_geojson_type_last", |bench| {
        bench.iter(|| Network::open(&type_last).load().unwrap())
    });

    let json = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/central_asia.json"),
    )
    .expect("built-in data");
    group.bench_function("builtin_json", |bench| {
        bench.iter(|| Network::from_json_str(&json, "central_asia.json").unwrap())
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
