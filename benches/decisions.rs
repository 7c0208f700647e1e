//! Decisions beyond one route: alternatives, Pareto frontiers, corridor comparison,
//! criticality and matrices on the built-in network; and 10 alternatives on the OSM Central
//! Asia railways against `pathfinding::directed::yen` (integer weights, same answers checked
//! before timing).
//!
//! `cargo bench --bench decisions`

use std::hint::black_box;
use std::time::Duration;

use corridor::{Criterion as Crit, ImportOptions, Mode, Network, Objective, Planner, RouteRequest};
use criterion::{criterion_group, criterion_main, Criterion};

fn builtin(c: &mut Criterion) {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let req = RouteRequest::new("xian", "duisburg").by(Objective::Time);
    let places: Vec<String> = net
        .places()
        .iter()
        .take(100)
        .map(|p| p.id().to_string())
        .collect();
    let template = RouteRequest::new("xian", "duisburg");
    let mut group = c.benchmark_group("decisions_builtin");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("alternatives_5", |b| {
        b.iter(|| black_box(planner.alternatives(&req, 5).unwrap()))
    });
    group.bench_function("pareto_time_cost", |b| {
        b.iter(|| black_box(planner.pareto(&req, &[Crit::Time, Crit::Cost]).unwrap()))
    });
    group.bench_function("compare_corridors", |b| {
        b.iter(|| black_box(planner.compare_corridors(&req).unwrap()))
    });
    group.bench_function("criticality", |b| {
        b.iter(|| black_box(planner.criticality(&req).unwrap()))
    });
    group.bench_function("matrix_100x100", |b| {
        b.iter(|| black_box(planner.matrix(&places, &places, &template).unwrap()))
    });
    group.finish();
}

/// The OSM Central Asia railways with lengths rounded to whole km, so that `pathfinding`'s
/// integer Yen and ours see the same weights.
fn osm_alternatives(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/osm");
    let net = Network::from_csv_files(
        dir.join("osm_railways_central_asia.nodes.csv"),
        dir.join("osm_railways_central_asia.edges.csv"),
        &ImportOptions::default(),
    )
    .expect("OSM network loads");
    let mut data = net.to_data();
    for l in &mut data.links {
        if let Some(len) = &mut l.length_km {
            len.value = len.value.round().max(1.0);
        }
    }
    let net = Network::from_data(data, "osm, whole km").expect("rounded network loads");
    // Far-apart places: Almaty-ish and Tashkent-ish nodes, nearest to the cities.
    let (a, _) = net.nearest_place(76.93, 43.25).unwrap();
    let (b, _) = net.nearest_place(69.24, 41.30).unwrap();
    let (a, b) = (a.id().to_string(), b.id().to_string());
    let req = RouteRequest::new(a.as_str(), b.as_str())
        .by(Objective::Distance)
        .modes([Mode::Rail]);
    // The place graph for pathfinding: neighbours with integer km.
    let n = net.places().len();
    let mut adj: Vec<Vec<(usize, u64)>> = vec![Vec::new(); n];
    for l in net.links().iter() {
        let (x, y) = (l.from().index(), l.to().index());
        let w = l.length_km().round() as u64;
        adj[x].push((y, w));
        adj[y].push((x, w));
    }
    let (s, t) = (
        net.place(&a).unwrap().index(),
        net.place(&b).unwrap().index(),
    );
    let k = 10;
    let theirs = pathfinding::directed::yen::yen(&s, |v| adj[*v].clone(), |v| *v == t, k);
    let mut planner = Planner::new(&net);
    let ours = planner.alternatives(&req, k).unwrap();
    let mut their_costs: Vec<u64> = theirs.iter().map(|(_, c)| *c).collect();
    let mut our_costs: Vec<u64> = ours
        .iter()
        .map(|r| r.totals.distance_km.round() as u64)
        .collect();
    their_costs.sort_unstable();
    our_costs.sort_unstable();
    eprintln!("osm alternatives {a} -> {b}: ours {our_costs:?}, pathfinding {their_costs:?}");
    assert_eq!(
        our_costs, their_costs,
        "the same k shortest loopless lengths"
    );
    let mut group = c.benchmark_group("decisions_osm_central_asia");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("alternatives_10/corridor", |bch| {
        bch.iter(|| black_box(planner.alternatives(&req, k).unwrap()))
    });
    group.bench_function("alternatives_10/pathfinding_yen", |bch| {
        bch.iter(|| {
            black_box(pathfinding::directed::yen::yen(
                &s,
                |v| adj[*v].clone(),
                |v| *v == t,
                k,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, builtin, osm_alternatives);
criterion_main!(benches);
