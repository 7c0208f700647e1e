//! The freight layer on a prepared network: a full route (legs, transfers, borders,
//! explanation) from `Customized::route` against `Planner::route` for the same pairs, and
//! matrices from `Customized::scores` against `Planner::matrix`, on the OSM world railways
//! (274,974 places) loaded from the gzipped CSV files. Preparation and customization are
//! timed once in the setup and printed (seconds, not a criterion loop).
//!
//! `cargo bench --bench prepared`

use std::hint::black_box;
use std::time::{Duration, Instant};

use corridor::{ImportOptions, Network, Objective, Planner, RouteRequest};
use criterion::{criterion_group, criterion_main, Criterion};

fn world(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/osm");
    let net = Network::from_csv_files(
        dir.join("osm_railways_world.nodes.csv.gz"),
        dir.join("osm_railways_world.edges.csv.gz"),
        &ImportOptions::default(),
    )
    .expect("world railways load");
    let started = Instant::now();
    let prepared = net.prepare();
    eprintln!(
        "world railways: prepared in {:.2?}, {:.1} MB",
        started.elapsed(),
        prepared.memory_bytes() as f64 / 1e6
    );
    let ids: Vec<String> = net.places().iter().map(|p| p.id().to_string()).collect();
    let template = RouteRequest::new(ids[0].as_str(), ids[1].as_str()).by(Objective::Distance);
    let started = Instant::now();
    let mut custom = prepared.customize(&template).expect("template resolves");
    eprintln!("customized in {:.2?}", started.elapsed());
    let mut planner = Planner::new(&net);
    // Fixed pairs spread over the file, kept where a route exists; the same answers checked.
    let n = ids.len();
    let mut pairs = Vec::new();
    for i in 0..400usize {
        let (a, b) = ((i * 7919 + 3) % n, (i * 104_729 + 17) % n);
        let mut req = template.clone();
        req.from = ids[a].as_str().into();
        req.to = ids[b].as_str().into();
        if let (Ok(x), Ok(y)) = (
            custom.route(ids[a].as_str(), ids[b].as_str()),
            planner.route(&req),
        ) {
            let (dx, dy) = (x.totals.distance_km, y.totals.distance_km);
            assert!(
                (dx - dy).abs() <= 1e-9 * dy.max(1.0),
                "{a} -> {b}: {dx} vs {dy}"
            );
            pairs.push((a, b, req));
        }
        if pairs.len() == 50 {
            break;
        }
    }
    eprintln!("{} connected pairs", pairs.len());
    let points: Vec<&str> = pairs.iter().map(|(a, _, _)| ids[*a].as_str()).collect();
    let mut group = c.benchmark_group("prepared_world_rail");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("route_with_explanation/customized", |b| {
        b.iter(|| {
            for (a, bb, _) in &pairs {
                black_box(custom.route(ids[*a].as_str(), ids[*bb].as_str()).unwrap());
            }
        })
    });
    group.bench_function("route_with_explanation/planner", |b| {
        b.iter(|| {
            for (_, _, req) in &pairs {
                black_box(planner.route(req).unwrap());
            }
        })
    });
    group.bench_function("scores_50x50/customized_1_thread", |b| {
        b.iter(|| black_box(custom.scores(&points, &points, 1).unwrap()))
    });
    group.bench_function("scores_50x50/customized_rayon", |b| {
        b.iter(|| black_box(custom.scores(&points, &points, 0).unwrap()))
    });
    group.bench_function("matrix_50x50/planner", |b| {
        b.iter(|| black_box(planner.matrix(&points, &points, &template).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, world);
criterion_main!(benches);
