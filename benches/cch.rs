//! Customizable contraction hierarchies against `fast_paths` (a classic CH) and our Dijkstra.
//!
//! `cargo bench --bench cch`. Graphs: `world_rail` (the OSM world railways, 274,974 nodes) and
//! `synthetic_1m` (1,000,000 random points, each joined to its 4 nearest neighbours), both as in
//! `benches/pathfinding.rs`. Benchmark ids are `<graph>/<question>/<implementation>`:
//!
//! - `customize/cch_1_thread`, `customize/cch_rayon`: one customization for a new metric;
//! - `query_path/{cch,fast_paths,dijkstra}`: point-to-point queries with the full path (a batch
//!   of fixed random pairs in the largest component per iteration; throughput in queries);
//!   `query_distance/cch` without unpacking the path;
//! - `matrix_50x50/…`, `matrix_1000x1000/…` (world only): distance matrices between random
//!   nodes, CCH buckets on one thread and on rayon's pool; 50 × 50 also as 50 Dijkstra trees.
//!
//! Preparation (seconds, minutes for fast_paths on 1M nodes) is timed once in the setup and
//! printed, as are the memory figures. `fast_paths` needs integer weights of at least 1, so
//! every contender is compared on the same integer-valued weights (metres, at least 1); before
//! timing, every distance is checked equal across contenders (and against Dijkstra on the real
//! km weights for the CCH, within 1e-9 relative), every CCH path is checked edge by edge, and
//! matrix cells are checked against one-to-one queries.
//!
//! `CCH_BENCH_GRAPHS=world_rail` (or `synthetic_1m`) runs one graph only;
//! `CCH_BENCH_NO_FAST_PATHS_1M=1` skips fast_paths' preparation of the 1M graph (minutes).

#[allow(dead_code)] // the A* bound and pair printer serve other benches
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

use corridor::algo::cch::{Phase, Progress};
use corridor::algo::{dijkstra, shortest_path_tree, Cch, CchWorkspace, CsrGraph, Path, Workspace};

use common::{BenchGraph, SplitMix64};

/// Fixed random pairs of distinct nodes of the largest component.
fn pairs(g: &BenchGraph, count: usize, seed: u64) -> Vec<(u32, u32)> {
    let lcc = g.largest_component();
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let (s, t) = (lcc[rng.below(lcc.len())], lcc[rng.below(lcc.len())]);
        if s != t {
            out.push((s, t));
        }
    }
    out
}

/// Random nodes of the largest component.
fn nodes(g: &BenchGraph, count: usize, seed: u64) -> Vec<u32> {
    let lcc = g.largest_component();
    let mut rng = SplitMix64::new(seed);
    (0..count).map(|_| lcc[rng.below(lcc.len())]).collect()
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// The integer weight of an edge: metres, at least 1 (fast_paths drops zero weights).
fn metres(km: f64) -> f64 {
    (km * 1000.0).round().max(1.0)
}

/// Bytes of a `CsrGraph`'s arrays: offsets, heads, tails, weights, labels, the two numberings
/// and the chain bits (computed from its sizes; the graph does not report them itself).
fn csr_bytes(g: &CsrGraph) -> usize {
    let (n, m) = (g.node_count(), g.edge_count());
    4 * (n + 1) + m * (4 + 4 + 8 + 4) + 2 * 4 * n + n.div_ceil(64) * 8
}

/// Times the preparation of `g` on `threads` threads (1: no rayon, 0: rayon's pool),
/// reporting each phase.
fn prepare_cch(
    name: &str,
    csr: &CsrGraph,
    coords: &[(f64, f64)],
    threads: usize,
) -> (Cch, Duration, Duration) {
    let started = Instant::now();
    let mut order_done = None;
    let cch = Cch::new_with_threads(csr, coords, threads, &mut |p: Progress| {
        if p.phase == Phase::Contract && order_done.is_none() {
            order_done = Some(started.elapsed());
        }
    })
    .expect("valid graph");
    let total = started.elapsed();
    let order = order_done.unwrap_or(total);
    eprintln!(
        "{name}: CCH prepared on {} in {total:.2?} (order {order:.2?}, contraction {:.2?}): \
         {} nodes, {} arcs ({:.2} per node), elimination tree height {}",
        if threads == 1 { "1 thread" } else { "rayon" },
        total - order,
        cch.node_count(),
        cch.arc_count(),
        cch.arc_count() as f64 / cch.node_count() as f64,
        cch.elimination_tree_height()
    );
    (cch, order, total)
}

/// Checks that `path` goes from `s` to `t` along the graph's edges and weighs what it says.
fn check_path(name: &str, edges: &[(u32, u32, f64)], s: u32, t: u32, path: &Path) {
    assert_eq!((path.source, path.target), (s, t), "{name}: {s}->{t}");
    let mut at = s;
    let mut sum = 0.0;
    for &label in &path.edges {
        let (u, v, w) = edges[label as usize];
        assert_eq!(
            u, at,
            "{name}: {s}->{t}: edge {label} does not continue the path"
        );
        at = v;
        sum += w;
    }
    assert_eq!(at, t, "{name}: {s}->{t}: the path ends at {at}");
    assert!(
        same(sum, path.weight),
        "{name}: {s}->{t}: {sum} != {}",
        path.weight
    );
}

fn bench_graph(c: &mut Criterion, graph: BenchGraph, pair_count: usize, fast_paths_on: bool) {
    let name = graph.name;
    let coords = graph.coords();
    let csr = CsrGraph::from_edges(graph.node_count, &graph.edges).expect("valid graph");
    let int_edges: Vec<(u32, u32, f64)> = graph
        .edges
        .iter()
        .map(|&(u, v, w)| (u, v, metres(w)))
        .collect();
    let csr_int = CsrGraph::from_edges(graph.node_count, &int_edges).expect("valid graph");

    // Preparation, timed once on one thread (and on rayon's pool on the smaller graph; the
    // hierarchy is the same).
    let (cch, _, prepared_in) = prepare_cch(name, &csr, &coords, 1);
    if graph.node_count < 500_000 {
        let (again, _, _) = prepare_cch(name, &csr, &coords, 0);
        assert_eq!(
            again, cch,
            "{name}: 1 thread and rayon prepare the same hierarchy"
        );
    }
    let memory = cch.memory_bytes();

    // Customizations, timed once here and by criterion below.
    let km = |l: u32| graph.edges[l as usize].2;
    let started = Instant::now();
    let metric_km = cch.customize_with_threads(km, 1);
    let t1 = started.elapsed();
    let started = Instant::now();
    let metric_km_par = cch.customize(km);
    let tp = started.elapsed();
    assert_eq!(
        metric_km.weights(),
        metric_km_par.weights(),
        "{name}: 1 thread != rayon"
    );
    let metric = cch.customize(|l| int_edges[l as usize].2);
    eprintln!(
        "{name}: customization {t1:.1?} on 1 thread, {tp:.1?} on rayon ({} threads); memory: \
         CCH {:.1} MB + metric {:.1} MB = {:.2}x the CSR graph's {:.1} MB",
        rayon::current_num_threads(),
        memory as f64 / 1e6,
        metric.memory_bytes() as f64 / 1e6,
        (memory + metric.memory_bytes()) as f64 / csr_bytes(&csr) as f64,
        csr_bytes(&csr) as f64 / 1e6
    );

    // fast_paths on the integer weights, prepared once.
    let fast = fast_paths_on.then(|| {
        let mut input = fast_paths::InputGraph::new();
        for &(u, v, w) in &int_edges {
            input.add_edge(u as usize, v as usize, w as usize);
        }
        input.freeze();
        let started = Instant::now();
        let fast = fast_paths::prepare(&input);
        let took = started.elapsed();
        eprintln!(
            "{name}: fast_paths prepared in {took:.2?} ({:.2}x our CCH preparation on 1 thread)",
            took.as_secs_f64() / prepared_in.as_secs_f64()
        );
        fast
    });

    let pairs = pairs(&graph, pair_count, 0xCC4_2026);
    // Checks: CCH = Dijkstra on km and on metres; paths valid; fast_paths = CCH on metres.
    let (mut ws, mut dws) = (CchWorkspace::new(), Workspace::new());
    let mut fast_calc = fast.as_ref().map(fast_paths::create_calculator);
    for &(s, t) in &pairs[..pairs.len().min(100)] {
        let want = dijkstra(&csr, &mut dws, s, t).expect("same component");
        let got = metric_km
            .path(&mut ws, &[(s, 0.0)], &[(t, 0.0)])
            .unwrap()
            .expect("same component");
        assert!(
            same(got.weight, want.weight),
            "{name}: {s}->{t}: {} != {}",
            got.weight,
            want.weight
        );
        check_path(name, &graph.edges, s, t, &got);
        let want = dijkstra(&csr_int, &mut dws, s, t)
            .expect("same component")
            .weight;
        let got = metric
            .path(&mut ws, &[(s, 0.0)], &[(t, 0.0)])
            .unwrap()
            .unwrap();
        assert_eq!(got.weight, want, "{name}: {s}->{t} on metres");
        check_path(name, &int_edges, s, t, &got);
        if let (Some(fast), Some(calc)) = (&fast, &mut fast_calc) {
            let fp = calc
                .calc_path(fast, s as usize, t as usize)
                .expect("same component");
            assert_eq!(fp.get_weight() as f64, want, "{name}: fast_paths {s}->{t}");
        }
    }
    eprintln!(
        "{name}: CCH, Dijkstra and fast_paths agree on {} pairs",
        pairs.len().min(100)
    );

    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("customize/cch_1_thread", |b| {
        b.iter(|| black_box(cch.customize_with_threads(|l| int_edges[l as usize].2, 1)))
    });
    group.bench_function("customize/cch_rayon", |b| {
        b.iter(|| black_box(cch.customize(|l| int_edges[l as usize].2)))
    });

    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("query_path/cch", |b| {
        b.iter(|| {
            for &(s, t) in &pairs {
                black_box(metric.path(&mut ws, &[(s, 0.0)], &[(t, 0.0)]).unwrap());
            }
        })
    });
    group.bench_function("query_distance/cch", |b| {
        b.iter(|| {
            for &(s, t) in &pairs {
                black_box(metric.distance(&mut ws, &[(s, 0.0)], &[(t, 0.0)]).unwrap());
            }
        })
    });
    if let (Some(fast), Some(calc)) = (&fast, &mut fast_calc) {
        group.bench_function("query_path/fast_paths", |b| {
            b.iter(|| {
                for &(s, t) in &pairs {
                    black_box(calc.calc_path(fast, s as usize, t as usize));
                }
            })
        });
    }
    let few = &pairs[..pairs.len().min(20)];
    group.throughput(Throughput::Elements(few.len() as u64));
    group.bench_function("query_path/dijkstra", |b| {
        b.iter(|| {
            for &(s, t) in few {
                black_box(dijkstra(&csr_int, &mut dws, s, t));
            }
        })
    });

    if graph.node_count < 500_000 {
        // Matrices between random nodes.
        for (size, seed) in [(50usize, 0x50u64), (1000, 0x1000)] {
            let sources = nodes(&graph, size, seed);
            let targets = nodes(&graph, size, seed + 1);
            let started = Instant::now();
            let m1 = metric.matrix_with_threads(&sources, &targets, 1).unwrap();
            let t1 = started.elapsed();
            let started = Instant::now();
            let mp = metric.matrix(&sources, &targets).unwrap();
            let tp = started.elapsed();
            assert_eq!(m1, mp, "{name}: matrix on 1 thread != rayon");
            for (i, &s) in sources.iter().enumerate().step_by(size / 10) {
                for (j, &t) in targets.iter().enumerate().step_by(size / 25) {
                    let want = metric.distance(&mut ws, &[(s, 0.0)], &[(t, 0.0)]).unwrap();
                    assert_eq!(Some(m1[i * size + j]).filter(|d| d.is_finite()), want);
                }
            }
            eprintln!("{name}: matrix {size}x{size}: {t1:.1?} on 1 thread, {tp:.1?} on rayon");
            let id = format!("matrix_{size}x{size}");
            group.throughput(Throughput::Elements((size * size) as u64));
            group.bench_function(format!("{id}/cch_1_thread"), |b| {
                b.iter(|| black_box(metric.matrix_with_threads(&sources, &targets, 1).unwrap()))
            });
            group.bench_function(format!("{id}/cch_rayon"), |b| {
                b.iter(|| black_box(metric.matrix(&sources, &targets).unwrap()))
            });
            if size <= 50 {
                let mut tree = Workspace::new();
                // Dijkstra: one shortest-path tree per source.
                for (i, &s) in sources.iter().enumerate() {
                    shortest_path_tree(&csr_int, &mut tree, &[s]);
                    for (j, &t) in targets.iter().enumerate() {
                        let want = tree.distance(&csr_int, t).unwrap_or(f64::INFINITY);
                        assert_eq!(m1[i * size + j], want, "{name}: matrix cell {s}->{t}");
                    }
                }
                group.bench_function(format!("{id}/dijkstra_trees"), |b| {
                    b.iter(|| {
                        for &s in &sources {
                            shortest_path_tree(&csr_int, &mut tree, &[s]);
                            for &t in &targets {
                                black_box(tree.distance(&csr_int, t));
                            }
                        }
                    })
                });
            }
        }
    }
    group.finish();
}

/// Whether `name` is among the graphs in `CCH_BENCH_GRAPHS` (comma-separated; all if unset).
fn wanted(name: &str) -> bool {
    std::env::var("CCH_BENCH_GRAPHS").map_or(true, |v| v.split(',').any(|g| g == name))
}

fn world_rail(c: &mut Criterion) {
    if !wanted("world_rail") {
        return;
    }
    bench_graph(c, common::world_rail(), 1000, true);
}

fn synthetic_1m(c: &mut Criterion) {
    if !wanted("synthetic_1m") {
        return;
    }
    let graph = common::synthetic("synthetic_1m", 1_000_000, 0x5EED_0001);
    let fast = std::env::var_os("CCH_BENCH_NO_FAST_PATHS_1M").is_none();
    bench_graph(c, graph, 1000, fast);
}

criterion_group!(benches, world_rail, synthetic_1m);
criterion_main!(benches);
