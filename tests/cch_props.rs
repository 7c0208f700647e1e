//! Property tests of the customizable contraction hierarchy (`corridor::algo::Cch`) against a
//! plain Dijkstra written here, and a check on the OSM Central Asia railways against
//! `corridor::algo::dijkstra`.
//!
//! The random graphs have 0–220 nodes (so that some components are cut by inertial flow,
//! above the minimum-degree threshold, and some are not), parallel and antiparallel edges,
//! self-loops, zero-weight edges, one-way edges, chains, isolated nodes and disconnected
//! pieces; coordinates are random, on a small grid (coinciding points), partly NaN, or all
//! NaN. Each case customizes the same hierarchy twice — base weights, then a "closure" with
//! some edges forbidden (infinite, NaN or negative) and others reweighted — and asks random
//! multi-source, multi-target queries with start offsets (some infinite). Every answer must
//! equal the reference: the same distance (1e-9 relative), `None` exactly when nothing is
//! reachable, and a real path: its labels chain from a source to a target along the input
//! edges' own ends, and offsets plus edge weights add up to the distance. Matrices must
//! equal one-to-one queries; customization on one thread and on several must give the same
//! weights bit for bit; a user-supplied order must give the same distances; and the hierarchy
//! and its weights must survive a round trip through a binary serde format (postcard).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use corridor::algo::{
    dijkstra, Cch, CchMetric, CchWorkspace, CsrGraph, MetricWeights, Path, Workspace,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

type Edge = (u32, u32, f64);

/// Nodes with start offsets: one side of a query.
type Ends = Vec<(u32, f64)>;

const CASES: u32 = 1000;

/// A random graph with two metrics and queries.
#[derive(Debug, Clone)]
struct Case {
    n: usize,
    edges: Vec<Edge>,
    coords: Vec<(f64, f64)>,
    /// The closure metric, by label.
    closed: Vec<f64>,
    /// Queries: sources and targets with offsets.
    queries: Vec<(Ends, Ends)>,
    /// A random permutation of the nodes, for `Cch::with_order`.
    order: Vec<u32>,
}

/// `[0, 1)` from the high 53 bits of `x`.
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Zeros, small integers, and floats of several magnitudes.
fn weight(x: u64) -> f64 {
    match x % 12 {
        0 | 1 => 0.0,
        2..=5 => ((x >> 4) % 5 + 1) as f64,
        6..=9 => 10.0 * unit(x),
        10 => 1e5 * unit(x),
        _ => 1e-5 * unit(x),
    }
}

/// The closure metric's weight for an edge of base weight `w`.
fn closed(x: u64, w: f64) -> f64 {
    match x % 10 {
        0 | 1 => f64::INFINITY,
        2 => f64::NAN,
        3 => -1.0,
        4 => weight(x >> 5),
        _ => w,
    }
}

fn offset(x: u64) -> f64 {
    match x % 8 {
        0..=2 => 0.0,
        3 => f64::INFINITY,
        _ => 5.0 * unit(x),
    }
}

fn case() -> impl Strategy<Value = Case> {
    (0usize..=220, any::<u64>()).prop_flat_map(|(n, seed)| {
        // Most cases are small; one in four is large enough to be cut by a flow.
        let n = if seed % 4 == 0 { n } else { n % 41 };
        let max_edges = if n == 0 { 0 } else { 2 * n + 10 };
        (
            Just(n),
            vec(any::<(u64, u64)>(), 0..=max_edges),
            vec(any::<u64>(), n),
            vec(any::<u64>(), 24),
        )
            .prop_map(move |(n, raw, node_bits, picks)| {
                build_case(n, seed, &raw, &node_bits, &picks)
            })
    })
}

fn build_case(n: usize, seed: u64, raw: &[(u64, u64)], node_bits: &[u64], picks: &[u64]) -> Case {
    // Some cases use only the lower part of the ids (isolated nodes above), some are made of
    // two halves with no edge between them (disconnected pieces).
    let active = if n == 0 {
        1
    } else {
        (n as u32 - (seed >> 8) as u32 % (n as u32).div_ceil(4)).max(1)
    };
    let split = (seed >> 16) % 3 == 0;
    let chainy = (seed >> 20) % 3 == 0;
    let mut edges: Vec<Edge> = Vec::with_capacity(raw.len());
    for (i, &(ends, w)) in raw.iter().enumerate() {
        let (a, b) = ((ends as u32) % active, ((ends >> 32) as u32) % active);
        let (a, b) = if split && active >= 2 {
            // Both ends in the same half.
            let half = active / 2;
            if a < half {
                (a, b % half)
            } else {
                (a, half + b % (active - half))
            }
        } else {
            (a, b)
        };
        let (from, to) = match (w >> 56) % 12 {
            0 => (a, a), // self-loop
            kind @ (1 | 2) if i > 0 => {
                let (f, t, _) = edges[(b as usize) % i];
                if kind == 1 {
                    (f, t) // parallel
                } else {
                    (t, f) // antiparallel
                }
            }
            3..=9 if chainy && i > 0 && !split => {
                let t = edges[i - 1].1;
                (t, (t + 1) % active)
            }
            _ => (a, b),
        };
        edges.push((from, to, weight(w)));
        // Most links go both ways, as two edges; the others stay one-way.
        if (w >> 40) % 3 != 0 && from != to {
            edges.push((to, from, weight(w >> 7)));
        }
    }
    let all_nan = (seed >> 24) % 7 == 0;
    let coords = node_bits
        .iter()
        .map(|&x| {
            if all_nan || x % 9 == 0 {
                (f64::NAN, f64::NAN)
            } else if x % 2 == 0 {
                (((x >> 1) % 4) as f64, ((x >> 3) % 4) as f64)
            } else {
                (10.0 * unit(x), 10.0 * unit(x.rotate_left(29)))
            }
        })
        .collect();
    let closed_w = edges
        .iter()
        .enumerate()
        .map(|(i, &(_, _, w))| {
            closed(
                raw[i.min(raw.len() - 1)].1.rotate_left(i as u32 % 64 + 1),
                w,
            )
        })
        .collect();
    let mut queries = Vec::new();
    if n > 0 {
        for q in 0..6 {
            let bits = picks[q * 4];
            let side = |bits: u64, count: usize| -> Vec<(u32, f64)> {
                (0..count)
                    .map(|k| {
                        let x = bits
                            .rotate_left(11 * k as u32 + 3)
                            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
                        ((x % n as u64) as u32, offset(x >> 20))
                    })
                    .collect()
            };
            let (ns, nt) = (
                1 + (picks[q * 4 + 1] % 3) as usize,
                1 + (picks[q * 4 + 2] % 3) as usize,
            );
            // Half the queries are plain: one source, one target, no offset.
            if q % 2 == 0 {
                let s = (picks[q * 4 + 1] % n as u64) as u32;
                let t = (picks[q * 4 + 2] % n as u64) as u32;
                queries.push((vec![(s, 0.0)], vec![(t, 0.0)]));
            } else {
                queries.push((side(bits, ns), side(picks[q * 4 + 3], nt)));
            }
        }
    }
    // A permutation by sorting on random keys.
    let mut keyed: Vec<(u64, u32)> = (0..n as u32)
        .map(|v| {
            (
                (v as u64 ^ seed)
                    .wrapping_mul(0xD1B5_4A32_D192_ED03)
                    .rotate_left(17),
                v,
            )
        })
        .collect();
    keyed.sort_unstable();
    Case {
        n,
        edges,
        coords,
        closed: closed_w,
        queries,
        order: keyed.into_iter().map(|(_, v)| v).collect(),
    }
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

fn usable(w: f64) -> bool {
    (0.0..f64::INFINITY).contains(&w)
}

/// Total order on non-negative finite floats, for the reference heap.
#[derive(PartialEq, Clone, Copy)]
struct Key(f64);
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The reference: the lightest weight from the sources (with offsets) to the targets (with
/// offsets), by a textbook Dijkstra over the usable edges.
fn reference(
    n: usize,
    edges: &[Edge],
    weights: &[f64],
    sources: &[(u32, f64)],
    targets: &[(u32, f64)],
) -> Option<f64> {
    let mut out: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for (i, &(u, v, _)) in edges.iter().enumerate() {
        if usable(weights[i]) {
            out[u as usize].push((v, weights[i]));
        }
    }
    let mut dist = vec![f64::INFINITY; n];
    let mut heap = BinaryHeap::new();
    for &(s, o) in sources {
        if o < dist[s as usize] {
            dist[s as usize] = o;
            heap.push(Reverse((Key(o), s)));
        }
    }
    while let Some(Reverse((Key(d), v))) = heap.pop() {
        if d > dist[v as usize] {
            continue;
        }
        for &(u, w) in &out[v as usize] {
            if d + w < dist[u as usize] {
                dist[u as usize] = d + w;
                heap.push(Reverse((Key(d + w), u)));
            }
        }
    }
    let best = targets
        .iter()
        .map(|&(t, o)| dist[t as usize] + o)
        .fold(f64::INFINITY, f64::min);
    best.is_finite().then_some(best)
}

/// Checks that `p` is a real path from a source to a target, and returns its weight with
/// the offsets, added in path order.
fn walk(
    what: &str,
    p: &Path,
    edges: &[Edge],
    weights: &[f64],
    sources: &[(u32, f64)],
    targets: &[(u32, f64)],
) -> f64 {
    let start = sources
        .iter()
        .filter(|&&(s, o)| s == p.source && o.is_finite())
        .map(|&(_, o)| o)
        .fold(f64::INFINITY, f64::min);
    assert!(
        start.is_finite(),
        "{what}: path starts at {}, not a source",
        p.source
    );
    let mut at = p.source;
    let mut sum = start;
    for &l in &p.edges {
        let (u, v, _) = edges[l as usize];
        assert_eq!(
            u, at,
            "{what}: edge {l} ({u} -> {v}) does not continue the path at {at}"
        );
        assert!(usable(weights[l as usize]), "{what}: edge {l} is forbidden");
        sum += weights[l as usize];
        at = v;
    }
    assert_eq!(
        at, p.target,
        "{what}: the path ends at {at}, not at {}",
        p.target
    );
    let end = targets
        .iter()
        .filter(|&&(t, o)| t == at && o.is_finite())
        .map(|&(_, o)| o)
        .fold(f64::INFINITY, f64::min);
    assert!(end.is_finite(), "{what}: path ends at {at}, not a target");
    sum + end
}

/// Every query of `c` on `metric` against the reference for `weights`.
fn check_metric(
    what: &str,
    c: &Case,
    metric: &CchMetric<'_>,
    weights: &[f64],
    ws: &mut CchWorkspace,
) {
    for (q, (sources, targets)) in c.queries.iter().enumerate() {
        let what = format!("{what} query {q} {sources:?} -> {targets:?}");
        let want = reference(c.n, &c.edges, weights, sources, targets);
        let got = metric.path(ws, sources, targets).expect("valid query");
        match (&got, want) {
            (None, None) => {}
            (Some(p), Some(w)) => {
                assert!(
                    close(p.weight, w),
                    "{what}: weight {} != reference {w}",
                    p.weight
                );
                let sum = walk(&what, p, &c.edges, weights, sources, targets);
                assert!(
                    close(sum, p.weight),
                    "{what}: the path adds up to {sum}, says {}",
                    p.weight
                );
            }
            _ => panic!("{what}: got {got:?}, reference {want:?}"),
        }
        let d = metric.distance(ws, sources, targets).expect("valid query");
        assert_eq!(
            d,
            got.map(|p| p.weight),
            "{what}: distance and path disagree"
        );
    }
}

fn check_case(c: &Case, ws: &mut CchWorkspace) {
    let g = CsrGraph::from_edges(c.n, &c.edges).expect("valid graph");
    let cch = Cch::new(&g, &c.coords, &mut |_| {}).expect("valid coordinates");
    assert_eq!(cch.node_count(), c.n);
    let mut order = cch.order().to_vec();
    order.sort_unstable();
    assert!(
        order.iter().copied().eq(0..c.n as u32),
        "the order is a permutation"
    );

    let base: Vec<f64> = c.edges.iter().map(|e| e.2).collect();
    let metric = cch.customize_with_threads(|l| base[l as usize], 1);
    check_metric("base", c, &metric, &base, ws);
    // A second customization of the same hierarchy: the closure.
    let closure = cch.customize_with_threads(|l| c.closed[l as usize], 1);
    check_metric("closure", c, &closure, &c.closed, ws);
    // On several threads, bit for bit the same.
    for threads in [0, 2] {
        let par = cch.customize_with_threads(|l| c.closed[l as usize], threads);
        let (a, b) = (closure.weights(), par.weights());
        assert_eq!(a, b, "closure on {threads} threads");
        let (a, b) = (
            postcard::to_allocvec(a).unwrap(),
            postcard::to_allocvec(b).unwrap(),
        );
        assert_eq!(a, b, "closure on {threads} threads, serialised");
    }

    // Matrices equal one-to-one queries (and the reference).
    if c.n > 0 {
        let sources: Vec<u32> = c.queries.iter().map(|q| q.0[0].0).collect();
        let targets: Vec<u32> = c.queries.iter().rev().map(|q| q.1[0].0).take(4).collect();
        for threads in [1, 0] {
            let m = closure
                .matrix_with_threads(&sources, &targets, threads)
                .unwrap();
            assert_eq!(m.len(), sources.len() * targets.len());
            for (i, &s) in sources.iter().enumerate() {
                for (j, &t) in targets.iter().enumerate() {
                    let one = closure.distance(ws, &[(s, 0.0)], &[(t, 0.0)]).unwrap();
                    let cell = m[i * targets.len() + j];
                    assert_eq!(
                        Some(cell).filter(|d| d.is_finite()),
                        one,
                        "matrix {s} -> {t}"
                    );
                    let want = reference(c.n, &c.edges, &c.closed, &[(s, 0.0)], &[(t, 0.0)]);
                    assert_eq!(one.is_some(), want.is_some());
                }
            }
        }
        let sets: Vec<Vec<(u32, f64)>> = c.queries.iter().map(|q| q.0.clone()).collect();
        let tsets: Vec<Vec<(u32, f64)>> = c.queries.iter().map(|q| q.1.clone()).collect();
        let m = closure.matrix_of_sets(&sets, &tsets, 0).unwrap();
        for (i, s) in sets.iter().enumerate() {
            for (j, t) in tsets.iter().enumerate() {
                let one = closure.distance(ws, s, t).unwrap();
                let cell = m[i * tsets.len() + j];
                assert_eq!(
                    Some(cell).filter(|d| d.is_finite()),
                    one,
                    "set matrix {s:?} -> {t:?}"
                );
            }
        }
        let row = closure.one_to_many(ws, &sets[1], &targets).unwrap();
        for (j, &t) in targets.iter().enumerate() {
            let one = closure.distance(ws, &sets[1], &[(t, 0.0)]).unwrap();
            assert_eq!(
                Some(row[j]).filter(|d| d.is_finite()),
                one,
                "one-to-many -> {t}"
            );
        }
    }

    // A user-supplied order: the same distances.
    let mine = Cch::with_order(&g, &c.order, &mut |_| {}).expect("a permutation");
    assert_eq!(mine.order(), &c.order[..]);
    let mine_metric = mine.customize(|l| c.closed[l as usize]);
    check_metric("user order", c, &mine_metric, &c.closed, ws);

    // Round trip through postcard: the same hierarchy and weights, which still answer.
    let bytes = postcard::to_allocvec(&cch).unwrap();
    let back: Cch = postcard::from_bytes(&bytes).expect("a valid hierarchy");
    assert_eq!(back, cch);
    let wbytes = postcard::to_allocvec(closure.weights()).unwrap();
    let w: MetricWeights = postcard::from_bytes(&wbytes).unwrap();
    let restored = CchMetric::from_weights(&back, w).expect("weights of this hierarchy");
    check_metric("restored", c, &restored, &c.closed, ws);
}

#[test]
fn cch_answers_equal_dijkstra_on_random_graphs() {
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    // One workspace for every case: graphs of every size, one after another.
    let ws = std::cell::RefCell::new(CchWorkspace::new());
    if let Err(e) = runner.run(&case(), |c| {
        check_case(&c, &mut ws.borrow_mut());
        Ok(())
    }) {
        panic!("{e}");
    }
}

#[test]
fn corrupt_files_are_errors_not_panics() {
    let edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (2, 3, 2.0)];
    let g = CsrGraph::from_edges(4, &edges).unwrap();
    let cch = Cch::new(
        &g,
        &[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (2.0, 2.0)],
        &mut |_| {},
    )
    .unwrap();
    let bytes = postcard::to_allocvec(&cch).unwrap();
    // Every truncation and many single-byte changes either fail to load or load a
    // hierarchy that answers queries without panicking.
    for cut in 0..bytes.len() {
        assert!(postcard::from_bytes::<Cch>(&bytes[..cut]).is_err());
    }
    for i in 0..bytes.len() {
        for flip in [1u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= flip;
            if let Ok(bad) = postcard::from_bytes::<Cch>(&b) {
                if bad.edge_count() != edges.len() {
                    continue;
                }
                let m = bad.customize(|l| edges[l as usize].2);
                let mut ws = CchWorkspace::new();
                for s in 0..bad.node_count() as u32 {
                    let _ = m.path(&mut ws, &[(s, 0.0)], &[(3, 0.0)]);
                }
            }
        }
    }
    // Weights for another graph are refused, with both fingerprints.
    let other =
        CsrGraph::from_edges(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (3, 2, 2.0)]).unwrap();
    let other = Cch::new(&other, &[(0.0, 0.0); 4], &mut |_| {}).unwrap();
    let w = cch.customize(|l| edges[l as usize].2).into_weights();
    let err = CchMetric::from_weights(&other, w).unwrap_err();
    assert!(err.to_string().contains("another CCH"), "{err}");
}

/// The OSM railways of Central Asia (9,403 nodes), loaded from the repository's CSV files.
fn central_asia() -> (usize, Vec<Edge>, Vec<(f64, f64)>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/osm/");
    let nodes =
        std::fs::read_to_string(format!("{dir}osm_railways_central_asia.nodes.csv")).unwrap();
    let mut index = std::collections::HashMap::new();
    let mut coords = Vec::new();
    for line in nodes.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.trim().split(',').collect();
        index.insert(f[0].to_string(), coords.len() as u32);
        coords.push((f[2].parse().unwrap(), f[1].parse().unwrap()));
    }
    let links =
        std::fs::read_to_string(format!("{dir}osm_railways_central_asia.edges.csv")).unwrap();
    let mut edges = Vec::new();
    for line in links.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.trim().split(',').collect();
        let (u, v, km): (u32, u32, f64) = (index[f[0]], index[f[1]], f[2].parse().unwrap());
        edges.push((u, v, km));
        edges.push((v, u, km));
    }
    (coords.len(), edges, coords)
}

#[test]
fn cch_equals_dijkstra_on_the_central_asia_railways() {
    let (n, edges, coords) = central_asia();
    let g = CsrGraph::from_edges(n, &edges).unwrap();
    let cch = Cch::new(&g, &coords, &mut |_| {}).unwrap();
    let km: Vec<f64> = edges.iter().map(|e| e.2).collect();
    // A second metric: one edge in 500 closed (one way), the others priced by a made-up tariff.
    let tariff: Vec<f64> = edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if i % 500 == 3 {
                f64::INFINITY
            } else {
                2.0 + e.2 * (1.0 + (i % 7) as f64 / 10.0)
            }
        })
        .collect();
    let (mut ws, mut dws) = (CchWorkspace::new(), Workspace::new());
    let mut rng = 0x5EED_CA20_2026_u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as u32
    };
    for (name, weights) in [("km", &km), ("tariff", &tariff)] {
        let metric = cch.customize(|l| weights[l as usize]);
        let gw = CsrGraph::from_edges(
            n,
            &edges
                .iter()
                .zip(weights.iter())
                .filter(|(_, w)| w.is_finite())
                .map(|(e, &w)| (e.0, e.1, w))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        // Labels of `gw` skip the closed edges: map them back.
        let kept: Vec<u32> = (0..edges.len() as u32)
            .filter(|&i| weights[i as usize].is_finite())
            .collect();
        let (mut found, mut missing) = (0, 0);
        for _ in 0..300 {
            let (s, t) = (next(), next());
            let want = dijkstra(&gw, &mut dws, s, t);
            let got = metric.path(&mut ws, &[(s, 0.0)], &[(t, 0.0)]).unwrap();
            match (&got, &want) {
                (None, None) => missing += 1,
                (Some(p), Some(w)) => {
                    found += 1;
                    assert!(
                        close(p.weight, w.weight),
                        "{name} {s}->{t}: {} != {}",
                        p.weight,
                        w.weight
                    );
                    let sum = walk(name, p, &edges, weights, &[(s, 0.0)], &[(t, 0.0)]);
                    assert!(close(sum, p.weight));
                    let dij: f64 = w
                        .edges
                        .iter()
                        .map(|&l| weights[kept[l as usize] as usize])
                        .sum();
                    assert!(close(dij, w.weight));
                }
                _ => panic!("{name} {s}->{t}: CCH {got:?}, Dijkstra {want:?}"),
            }
        }
        assert!(
            found > 100,
            "{name}: {found} pairs connected, {missing} not"
        );
    }
}
