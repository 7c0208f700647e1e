//! The pathfinding core against petgraph and the `pathfinding` crate.
//!
//! `cargo bench --bench pathfinding`. Benchmark ids are `<graph>/<algorithm>/<implementation>`:
//!
//! - `central_asia/cheapest_route/corridor`: a full cheapest-route query with its explanation
//!   on the built-in network (`Planner::route`), for three fixed pairs;
//! - `central_asia_rail/…`: the OSM railway network of Central Asia (9,403 nodes);
//! - `world_rail/…`: the OSM world railway network (274,974 nodes, gzip CSV);
//! - `synthetic_1m/…`: 1,000,000 uniform random points in a 100 km square, each joined to its
//!   4 nearest neighbours.
//!
//! On graphs 2–4 every contender answers the same fixed random pairs (both ends in the largest
//! connected component), one batch of all pairs per iteration; throughput is in queries, so
//! criterion's `thrpt` is queries per second. Before timing, every contender's distances are
//! checked against ours (1e-9 relative), our paths are checked edge by edge, and the A*
//! lower bound is checked to be consistent on every edge for every target. The setup also
//! prints load/generation/build times and each contender's best of three round-robin batches
//! (a view of the ratios that a burst of load on a shared machine skews less than one
//! criterion run); slow contenders get one batch per sample, so criterion warns about them.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use ordered_float::OrderedFloat;
use petgraph::graph::{DiGraph, NodeIndex};

use corridor::algo::{astar, bidirectional_dijkstra, dijkstra, CsrGraph, Path, Workspace};
use corridor::{Network, Objective, Planner, RouteRequest};

use common::BenchGraph;

/// One graph, built once for every contender.
struct Prepared {
    graph: BenchGraph,
    csr: CsrGraph,
    rev: CsrGraph,
    pet: DiGraph<(), f64>,
    adj: Vec<Vec<(u32, OrderedFloat<f64>)>>,
    pairs: Vec<(u32, u32)>,
}

fn prepare(graph: BenchGraph, pair_count: usize, seed: u64) -> Prepared {
    let (n, name) = (graph.node_count, graph.name);
    let started = Instant::now();
    let csr = CsrGraph::from_edges(n, &graph.edges).expect("valid benchmark graph");
    let rev = csr.reversed();
    let t_csr = started.elapsed();

    let started = Instant::now();
    let mut pet = DiGraph::with_capacity(n, graph.edges.len());
    for _ in 0..n {
        pet.add_node(());
    }
    for &(u, v, w) in &graph.edges {
        pet.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), w);
    }
    let t_pet = started.elapsed();

    let started = Instant::now();
    let mut adj = vec![Vec::new(); n];
    for &(u, v, w) in &graph.edges {
        adj[u as usize].push((v, OrderedFloat(w)));
    }
    let t_adj = started.elapsed();
    eprintln!(
        "{name}: built CsrGraph + reversed in {t_csr:.1?}, petgraph Graph in {t_pet:.1?}, \
         adjacency list in {t_adj:.1?}"
    );

    let pairs = graph.query_pairs(pair_count, seed);
    // The lower bound must be consistent (h(u) <= w(u, v) + h(v)) for every target used.
    let started = Instant::now();
    for &(_, t) in &pairs {
        let h = graph.lower_bound(t);
        assert_eq!(h.at(t), 0.0, "{name}: lower bound at the target");
        for &(u, v, w) in &graph.edges {
            assert!(
                h.at(u) <= w + h.at(v),
                "{name}: lower bound to {t} inconsistent on edge {u} -> {v} ({w} km): {} > {}",
                h.at(u),
                w + h.at(v)
            );
        }
    }
    eprintln!(
        "{name}: lower bound consistent on all {} edges for {} targets (checked in {:.0?})",
        graph.edges.len(),
        pairs.len(),
        started.elapsed()
    );
    Prepared {
        graph,
        csr,
        rev,
        pet,
        adj,
        pairs,
    }
}

/// One batch of all pairs; returns the distance of each.
type Batch<'a> = Box<dyn FnMut() -> Vec<f64> + 'a>;

/// `(algorithm, implementation, batch)` for every contender; ours first.
fn contenders(p: &Prepared) -> Vec<(&'static str, &'static str, Batch<'_>)> {
    const FOUND: &str = "pairs are in the largest component";
    let node = |v: u32| NodeIndex::new(v as usize);
    let mut ws = Workspace::new();
    let corridor_dijkstra: Batch = Box::new(move || {
        p.pairs
            .iter()
            .map(|&(s, t)| dijkstra(&p.csr, &mut ws, s, t).expect(FOUND).weight)
            .collect()
    });
    let mut ws = Workspace::new();
    let corridor_astar: Batch = Box::new(move || {
        p.pairs
            .iter()
            .map(|&(s, t)| {
                let h = p.graph.lower_bound(t);
                astar(&p.csr, &mut ws, s, t, |v| h.at(v))
                    .expect(FOUND)
                    .weight
            })
            .collect()
    });
    let (mut fwd, mut bwd) = (Workspace::new(), Workspace::new());
    let corridor_bidirectional: Batch = Box::new(move || {
        p.pairs
            .iter()
            .map(|&(s, t)| {
                bidirectional_dijkstra(&p.csr, &p.rev, &mut fwd, &mut bwd, s, t)
                    .expect(FOUND)
                    .weight
            })
            .collect()
    });
    let petgraph_dijkstra: Batch = Box::new(move || {
        p.pairs
            .iter()
            .map(|&(s, t)| {
                let scores =
                    petgraph::algo::dijkstra(&p.pet, node(s), Some(node(t)), |e| *e.weight());
                *scores.get(&node(t)).expect(FOUND)
            })
            .collect()
    });
    let petgraph_astar: Batch = Box::new(move || {
        p.pairs
            .iter()
            .map(|&(s, t)| {
                let h = p.graph.lower_bound(t);
                petgraph::algo::astar(
                    &p.pet,
                    node(s),
                    |v| v == node(t),
                    |e| *e.weight(),
                    |v| h.at(v.index() as u32),
                )
                .expect(FOUND)
                .0
            })
            .collect()
    });
    let pathfinding_dijkstra: Batch = Box::new(move || {
        p.pairs
            .iter()
            .map(|&(s, t)| {
                pathfinding::directed::dijkstra::dijkstra(
                    &s,
                    |&v| p.adj[v as usize].iter().copied(),
                    |&v| v == t,
                )
                .expect(FOUND)
                .1
                 .0
            })
            .collect()
    });
    let pathfinding_astar: Batch = Box::new(move || {
        p.pairs
            .iter()
            .map(|&(s, t)| {
                let h = p.graph.lower_bound(t);
                pathfinding::directed::astar::astar(
                    &s,
                    |&v| p.adj[v as usize].iter().copied(),
                    |&v| OrderedFloat(h.at(v)),
                    |&v| v == t,
                )
                .expect(FOUND)
                .1
                 .0
            })
            .collect()
    });
    vec![
        ("dijkstra", "corridor", corridor_dijkstra),
        ("dijkstra", "petgraph", petgraph_dijkstra),
        ("dijkstra", "pathfinding", pathfinding_dijkstra),
        ("astar", "corridor", corridor_astar),
        ("astar", "petgraph", petgraph_astar),
        ("astar", "pathfinding", pathfinding_astar),
        ("bidirectional", "corridor", corridor_bidirectional),
    ]
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// Checks that one of our paths really goes from `s` to `t` along graph edges and weighs what
/// it claims.
fn check_path(p: &Prepared, what: &str, s: u32, t: u32, path: &Path) {
    let name = p.graph.name;
    assert_eq!(
        (path.source, path.target),
        (s, t),
        "{name}: {what} {s}->{t}"
    );
    let mut at = s;
    let mut sum = 0.0;
    for &label in &path.edges {
        let (u, v, w) = p.graph.edges[label as usize];
        assert_eq!(
            u, at,
            "{name}: {what} {s}->{t}: edge {label} does not continue the path"
        );
        at = v;
        sum += w;
    }
    assert_eq!(at, t, "{name}: {what} {s}->{t}: path ends at {at}");
    assert!(
        same(sum, path.weight),
        "{name}: {what} {s}->{t}: edges sum to {sum}, path says {}",
        path.weight
    );
}

/// Runs every contender once (untimed), panics unless all agree; returns each one's batch time.
fn verify(p: &Prepared, contenders: &mut [(&str, &str, Batch<'_>)]) -> Vec<Duration> {
    let name = p.graph.name;
    let (mut ws, mut bwd) = (Workspace::new(), Workspace::new());
    // Nodes given a distance by a search (settled, or reached from a settled node): how much
    // of the graph each search touches.
    let reached = |has_distance: &dyn Fn(u32) -> bool| {
        (0..p.csr.node_count() as u32)
            .filter(|&v| has_distance(v))
            .count()
    };
    let (mut reached_one_way, mut reached_both_ways) = (0, 0);
    for &(s, t) in &p.pairs {
        let h = p.graph.lower_bound(t);
        let one_way = dijkstra(&p.csr, &mut ws, s, t);
        reached_one_way += reached(&|v| ws.distance(&p.csr, v).is_some());
        let guided = astar(&p.csr, &mut ws, s, t, |v| h.at(v));
        let both_ways = bidirectional_dijkstra(&p.csr, &p.rev, &mut ws, &mut bwd, s, t);
        reached_both_ways +=
            reached(&|v| ws.distance(&p.csr, v).is_some() || bwd.distance(&p.rev, v).is_some());
        let paths = [
            ("dijkstra", one_way),
            ("astar", guided),
            ("bidirectional", both_ways),
        ];
        for (what, path) in paths {
            let path = path.unwrap_or_else(|| panic!("{name}: {what} found no path {s}->{t}"));
            check_path(p, what, s, t, &path);
        }
    }
    let per_query = |n: usize| n / p.pairs.len();
    eprintln!(
        "{name}: nodes reached per query: dijkstra {}, bidirectional {} (either side)",
        per_query(reached_one_way),
        per_query(reached_both_ways)
    );
    let mut reference: Option<Vec<f64>> = None;
    let mut times = Vec::new();
    for (alg, imp, run) in contenders.iter_mut() {
        let started = Instant::now();
        let dist = run();
        times.push(started.elapsed());
        let expected = reference.get_or_insert_with(|| dist.clone());
        for ((&(s, t), &got), &want) in p.pairs.iter().zip(&dist).zip(expected.iter()) {
            assert!(
                same(got, want),
                "{name}/{alg}/{imp}: {s}->{t} is {got}, corridor dijkstra says {want}"
            );
        }
    }
    eprintln!(
        "{name}: all {} contenders agree on {} pairs (km: {:.1?})",
        contenders.len(),
        p.pairs.len(),
        reference.unwrap_or_default()
    );
    times
}

/// Round-robin rounds after the check: a second view of the timings that a burst of load on a
/// shared machine cannot skew as easily as one criterion run, where each contender is timed
/// in its own window minutes apart from the others.
const INTERLEAVED_ROUNDS: usize = 5;

fn bench_graph(c: &mut Criterion, p: &Prepared) {
    let name = p.graph.name;
    let mut contenders = contenders(p);
    let first = verify(p, &mut contenders);
    let mut times = vec![Vec::new(); contenders.len()];
    for round in 0..INTERLEAVED_ROUNDS {
        for i in 0..contenders.len() {
            let k = (i + round) % contenders.len();
            let started = Instant::now();
            black_box((contenders[k].2)());
            times[k].push(started.elapsed());
        }
    }
    let ms_per_query = |t: Duration| t.as_secs_f64() * 1e3 / p.pairs.len() as f64;
    let median = |k: usize| {
        let mut t = times[k].clone();
        t.sort();
        ms_per_query(t[t.len() / 2])
    };
    let best = |k: usize| ms_per_query(*times[k].iter().min().expect("at least one round"));
    let mut lines = Vec::new();
    for (k, (alg, imp, _)) in contenders.iter().enumerate() {
        let ours = contenders
            .iter()
            .position(|(a, i, _)| a == alg && *i == "corridor")
            .unwrap_or(k);
        lines.push(format!(
            "  {:<28} median {:>9.3} ms/query ({:.2}x ours)   best {:>9.3} ms/query ({:.2}x ours)",
            format!("{alg}/{imp}"),
            median(k),
            median(k) / median(ours),
            best(k),
            best(k) / best(ours),
        ));
    }
    eprintln!(
        "{name}: {INTERLEAVED_ROUNDS} interleaved rounds (untimed by criterion):\n{}",
        lines.join("\n")
    );

    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(300))
        .throughput(Throughput::Elements(p.pairs.len() as u64));
    for ((alg, imp, run), once) in contenders.iter_mut().zip(first) {
        // Ten samples of at least one batch each; fast contenders get 1.5 s. (Criterion warns
        // when a sample is a single batch; that is expected for the slow contenders.)
        group.measurement_time((once * 8).max(Duration::from_millis(1500)));
        group.bench_function(format!("{alg}/{imp}"), |b| b.iter(|| black_box(run())));
    }
    group.finish();
}

/// Times `requests` as one batch named `name` in `group`, after printing what each answers.
fn route_batch(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    net: &Network,
    requests: &[RouteRequest],
) {
    let mut planner = Planner::new(net);
    for req in requests {
        let route = planner.route(req).expect("built-in route");
        eprintln!(
            "central_asia: {} -> {}: {} legs, {:.0} km, {}, {:.0} USD{}",
            req.from,
            req.to,
            route.legs.len(),
            route.totals.distance_km,
            route.totals.duration(),
            route.totals.cost_usd,
            route
                .arrives_at
                .map_or(String::new(), |a| format!(", arrives {}", a.typical)),
        );
    }
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function(name, |b| {
        b.iter(|| {
            for req in requests {
                black_box(planner.route(black_box(req)).expect("built-in route"));
            }
        })
    });
}

/// Full route queries with their explanation on the built-in network: cheapest, and fastest
/// with a departure time.
fn central_asia(c: &mut Criterion) {
    let net = Network::central_asia();
    let cheapest: Vec<RouteRequest> = [
        ("xian", "duisburg"),
        ("kashgar", "tashkent"),
        ("urumqi", "baku"),
    ]
    .into_iter()
    .map(|(a, b)| RouteRequest::new(a, b))
    .collect();
    // The built-in network with a timetable of two sailings a week on the Caspian ferries (a
    // bench assumption: the reference publishes none), so that fastest routes with a
    // departure time run the time-dependent search, boarding each ferry at its next sailing.
    let mut data = net.to_data();
    for l in &mut data.links {
        if l.id == "s_aktau_alat" || l.id == "s_kuryk_alat" {
            l.sailings_per_week = None;
            l.timetable = Some(corridor::Timetable {
                departures: vec!["Tue 20:00".parse().unwrap(), "Fri 08:00".parse().unwrap()],
                source: "assumption".into(),
                note: None,
            });
        }
    }
    let timed = Network::from_data(data, "central_asia with timetables").expect("valid network");
    let at: jiff::Timestamp = "2026-12-07T08:00Z".parse().unwrap();
    let departing: Vec<RouteRequest> = [
        ("xian", "baku"),
        ("urumqi", "tbilisi"),
        ("kashgar", "tashkent"),
    ]
    .into_iter()
    .map(|(a, b)| RouteRequest::new(a, b).by(Objective::Time).depart(at))
    .collect();
    let mut group = c.benchmark_group("central_asia");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    route_batch(&mut group, "cheapest_route/corridor", &net, &cheapest);
    route_batch(
        &mut group,
        "fastest_route_departing/corridor",
        &timed,
        &departing,
    );
    group.finish();
}

fn central_asia_rail(c: &mut Criterion) {
    let graph = common::load_osm(
        "central_asia_rail",
        "osm/osm_railways_central_asia.nodes.csv",
        "osm/osm_railways_central_asia.edges.csv",
    );
    bench_graph(c, &prepare(graph, 20, 0xCA_2024));
}

fn world_rail(c: &mut Criterion) {
    bench_graph(c, &prepare(common::world_rail(), 8, 0x3011D));
}

fn synthetic_1m(c: &mut Criterion) {
    let graph = common::synthetic("synthetic_1m", 1_000_000, 0x5EED_0001);
    bench_graph(c, &prepare(graph, 8, 0x1_000_000));
}

criterion_group!(
    benches,
    central_asia,
    central_asia_rail,
    world_rail,
    synthetic_1m
);
criterion_main!(benches);
