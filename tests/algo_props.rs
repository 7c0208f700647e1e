//! Property tests of the pathfinding core (`corridor::algo`) against an independent reference.
//!
//! Every search runs on random graphs (0–40 nodes, 0–150 edges, with parallel and antiparallel
//! edges, self-loops, zero-weight edges, isolated nodes, unreachable targets, and in one case
//! of three long chains of nodes with two neighbours, which the searches walk along) and must agree
//! with petgraph's Bellman–Ford (cross-checked against petgraph's Dijkstra) on a
//! `petgraph::Graph` holding the same edges: the same distance, `None` exactly when nothing
//! is reachable, and a path that is real — its edge labels index the input edge list, chain
//! from the reported source to the reported target, and their weights, added in path order,
//! give the reported weight.
//!
//! One workspace (two for the bidirectional search) is shared by all cases of a property and
//! by all the algorithms in it, across graphs of varying sizes, so the O(1) reset is
//! exercised: after every query the workspace must not claim a distance for a node the query
//! cannot reach, nor one below the true distance.

use std::cell::RefCell;

use corridor::algo::{
    astar, bidirectional_dijkstra, dijkstra, search, shortest_path_tree, CsrGraph, GraphError,
    Path, Workspace,
};
use petgraph::algo::{bellman_ford, dijkstra as petgraph_dijkstra};
use petgraph::graph::{Graph, NodeIndex};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

type Edge = (u32, u32, f64);

const MAX_NODES: usize = 40;
const MAX_EDGES: usize = 150;
const CASES: u32 = 1000;

// ---------------------------------------------------------------------------------------------
// Random cases
// ---------------------------------------------------------------------------------------------

/// What a query does with one edge.
#[derive(Debug, Clone, Copy)]
enum QueryWeight {
    /// Use the stored weight.
    Stored,
    /// Unusable in this query: infinite, NaN or negative.
    Blocked(f64),
    /// Use this (valid) weight instead of the stored one.
    Reweighted(f64),
}

#[derive(Debug, Clone)]
struct Case {
    n: usize,
    /// Edges only touch nodes below `active`: the others are isolated.
    active: u32,
    /// The input edge list; an edge's label is its position here.
    edges: Vec<Edge>,
    /// Node coordinates, for the A* heuristic.
    xy: Vec<(f64, f64)>,
    /// Random numbers from which query sources and targets are picked (see `Case::node`).
    picks: Vec<u32>,
    /// The target set of `search`.
    targets: Vec<bool>,
    /// Per-query weights of `search`, by edge label.
    query: Vec<QueryWeight>,
}

// The generator draws plain integers and decodes them: proptest's float and union strategies
// are slow in debug builds, and integers shrink towards 0, i.e. towards zero weights, stored
// weights and node 0.

/// `[0, 1)` from the high 53 bits of `x`.
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// A mix of zeros (both signs), small integers and random floats of several magnitudes.
fn weight(x: u64) -> f64 {
    match x % 14 {
        0..=2 => 0.0,
        3 => -0.0,
        4..=7 => ((x >> 4) % 5 + 1) as f64,
        8..=11 => 10.0 * unit(x),
        12 => 1e6 * unit(x),
        _ => 1e-6 * unit(x),
    }
}

/// Small-grid points (so some nodes coincide) or random ones in `[0, 10)²`.
fn coord(x: u64) -> (f64, f64) {
    let bits = |shift: u32, width: u32| (x >> shift) & ((1 << width) - 1);
    if x % 2 == 0 {
        (bits(1, 2) as f64, bits(3, 2) as f64)
    } else {
        let scale = 10.0 / (1u64 << 24) as f64;
        (bits(8, 24) as f64 * scale, bits(32, 24) as f64 * scale)
    }
}

fn query_weight(x: u64) -> QueryWeight {
    match x % 11 {
        0..=4 => QueryWeight::Stored,
        5 | 6 => QueryWeight::Blocked(f64::INFINITY),
        7 => QueryWeight::Blocked(f64::NAN),
        8 => QueryWeight::Blocked([-1.0, f64::NEG_INFINITY, -1e-300][(x >> 4) as usize % 3]),
        _ => QueryWeight::Reweighted(weight(x >> 4)),
    }
}

fn case() -> impl Strategy<Value = Case> {
    (0..=MAX_NODES).prop_flat_map(|n| {
        let max_edges = if n == 0 { 0 } else { MAX_EDGES };
        (
            Just(n),
            1..=n.max(1) as u32,
            vec(any::<(u64, u64, u64)>(), 0..=max_edges),
            vec(any::<u64>(), n),
            vec(any::<u32>(), 16),
        )
            .prop_map(|(n, active, raw, nodes, picks)| {
                // One case in three is mostly chains: runs of edges each leading from the last
                // one's head to the next node id, as rail lines between junctions do.
                let chainy = picks[15] % 3 == 0;
                let mut edges: Vec<Edge> = Vec::with_capacity(raw.len());
                for (i, &(ends, w, _)) in raw.iter().enumerate() {
                    let (a, b) = (ends as u32, (ends >> 32) as u32);
                    let (from, to) = match (w >> 56) % 12 {
                        0 => (a % active, a % active), // self-loop
                        kind @ (1 | 2) if i > 0 => {
                            // Parallel (1) or antiparallel (2) to an earlier edge.
                            let (f, t, _) = edges[b as usize % i];
                            if kind == 1 {
                                (f, t)
                            } else {
                                (t, f)
                            }
                        }
                        3..=10 if chainy && i > 0 => {
                            let t = edges[i - 1].1;
                            (t, (t + 1) % active)
                        }
                        _ => (a % active, b % active),
                    };
                    edges.push((from, to, weight(w)));
                }
                Case {
                    n,
                    active,
                    edges,
                    xy: nodes.iter().map(|&x| coord(x)).collect(),
                    picks,
                    targets: nodes.iter().map(|&x| (x >> 57) % 100 < 15).collect(),
                    query: raw.iter().map(|&(_, _, q)| query_weight(q)).collect(),
                }
            })
    })
}

impl Case {
    /// A node from `picks[i]` (`n > 0`): mostly one that edges touch, sometimes any.
    fn node(&self, i: usize) -> u32 {
        let (x, any) = (self.picks[i] / 4, self.picks[i] % 4 == 0);
        x % if any { self.n as u32 } else { self.active }
    }

    /// Up to three sources (possibly none, possibly repeated), from `picks[at..]`.
    fn sources(&self, at: usize) -> Vec<u32> {
        if self.n == 0 {
            return Vec::new();
        }
        let k = self.picks[at] as usize % 4;
        (0..k).map(|i| self.node(at + 1 + i)).collect()
    }

    fn euclid(&self, u: u32, v: u32) -> f64 {
        let ((x1, y1), (x2, y2)) = (self.xy[u as usize], self.xy[v as usize]);
        (x1 - x2).hypot(y1 - y2)
    }

    /// The same edges with weights raised by the Euclidean length of each edge, so that the
    /// straight-line distance to a target is a consistent A* heuristic.
    fn euclid_edges(&self) -> Vec<Edge> {
        self.edges
            .iter()
            .map(|&(a, b, w)| (a, b, self.euclid(a, b) + w))
            .collect()
    }

    /// Per-label query weights over `edges` (the stored ones or the Euclidean ones), with
    /// reweighted edges kept at least as long as their Euclidean length.
    fn query_weights(&self, edges: &[Edge], euclidean: bool) -> Vec<f64> {
        edges
            .iter()
            .zip(&self.query)
            .map(|(&(a, b, w), q)| match *q {
                QueryWeight::Stored => w,
                QueryWeight::Blocked(x) => x,
                QueryWeight::Reweighted(x) if euclidean => self.euclid(a, b) + x,
                QueryWeight::Reweighted(x) => x,
            })
            .collect()
    }
}

fn reversed(edges: &[Edge]) -> Vec<Edge> {
    edges.iter().map(|&(a, b, w)| (b, a, w)).collect()
}

fn stored(edges: &[Edge]) -> Vec<f64> {
    edges.iter().map(|e| e.2).collect()
}

fn usable(w: f64) -> bool {
    (0.0..f64::INFINITY).contains(&w)
}

/// Runs `test` on `CASES` random cases; a failure reports the shrunk case.
fn check_cases(name: &str, test: impl Fn(&Case)) {
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(e) = runner.run(&case(), |c| {
        test(&c);
        Ok(())
    }) {
        panic!("{name}: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Reference and checks
// ---------------------------------------------------------------------------------------------

/// `a` and `b` agree to 1e-9 relative.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// Distances from `sources` to every node over the edges whose weight in `weights` (by
/// label) is usable, by petgraph's Bellman–Ford from a super-source joined to each source by
/// a zero-weight edge, cross-checked against petgraph's Dijkstra. `None` where unreachable.
fn reference(n: usize, edges: &[Edge], weights: &[f64], sources: &[u32]) -> Vec<Option<f64>> {
    let mut g = Graph::<(), f64>::with_capacity(n + 1, edges.len() + sources.len());
    let nodes: Vec<NodeIndex> = (0..=n).map(|_| g.add_node(())).collect();
    for (&(a, b, _), &w) in edges.iter().zip(weights) {
        if usable(w) {
            g.add_edge(nodes[a as usize], nodes[b as usize], w);
        }
    }
    let root = nodes[n];
    for &s in sources {
        g.add_edge(root, nodes[s as usize], 0.0);
    }
    let bf = bellman_ford(&g, root).expect("no negative cycle");
    let dj = petgraph_dijkstra(&g, root, None, |e| *e.weight());
    (0..n)
        .map(|v| {
            let d = bf.distances[v];
            let d = d.is_finite().then_some(d);
            let other = dj.get(&nodes[v]).copied();
            assert!(
                match (d, other) {
                    (Some(a), Some(b)) => close(a, b),
                    (a, b) => a == b,
                },
                "reference disagreement at node {v}: Bellman-Ford {d:?}, Dijkstra {other:?}"
            );
            d
        })
        .collect()
}

/// Follows `p.edges` through the input edge list from `p.source` and returns the sum of their
/// `weights` in path order; panics unless they chain from `p.source` to `p.target` over
/// usable edges.
fn walk(what: &str, p: &Path, edges: &[Edge], weights: &[f64], simple: bool) -> f64 {
    let mut at = p.source;
    let mut seen = vec![at];
    let mut sum = 0.0;
    for &l in &p.edges {
        let Some(&(a, b, _)) = edges.get(l as usize) else {
            panic!("{what}: label {l} is not an input edge ({p:?})");
        };
        assert_eq!(a, at, "{what}: edge {l} does not leave node {at} ({p:?})");
        let w = weights[l as usize];
        assert!(usable(w), "{what}: edge {l} is blocked ({w}) ({p:?})");
        sum += w;
        at = b;
        if simple {
            assert!(!seen.contains(&at), "{what}: node {at} repeats ({p:?})");
            seen.push(at);
        }
    }
    assert_eq!(at, p.target, "{what}: the path ends at {at} ({p:?})");
    sum
}

/// Checks a point-to-point result against the reference distance `expected`. Unidirectional
/// searches accumulate the distance along their parent tree, so their path must visit no node
/// twice and its sum must match exactly; the bidirectional one adds two halves, so to 1e-9
/// relative.
#[allow(clippy::too_many_arguments)]
fn check_p2p(
    what: &str,
    got: Option<Path>,
    s: u32,
    t: u32,
    expected: Option<f64>,
    edges: &[Edge],
    weights: &[f64],
    exact_sum: bool,
) {
    let what = format!("{what} {s} -> {t}");
    match (got, expected) {
        (None, None) => {}
        (Some(p), Some(d)) => {
            assert_eq!((p.source, p.target), (s, t), "{what}: endpoints ({p:?})");
            assert!(
                close(p.weight, d),
                "{what}: weight {} vs {d} ({p:?})",
                p.weight
            );
            let sum = walk(&what, &p, edges, weights, exact_sum);
            if exact_sum {
                assert_eq!(sum, p.weight, "{what}: path sum vs weight ({p:?})");
            } else {
                assert!(close(sum, p.weight), "{what}: path sum {sum} vs {p:?}");
            }
        }
        (got, expected) => panic!("{what}: got {got:?}, expected distance {expected:?}"),
    }
}

/// After a search from some sources, the workspace must not claim a distance for a node the
/// sources cannot reach (a leak from an earlier query) nor one below the true distance
/// (`truth`, from the same sources).
fn check_no_leak(what: &str, graph: &CsrGraph, ws: &Workspace, truth: &[Option<f64>]) {
    for (v, &t) in truth.iter().enumerate() {
        match (ws.distance(graph, v as u32), t) {
            (Some(d), None) => panic!("{what}: node {v} is unreachable but has distance {d}"),
            (Some(d), Some(t)) => assert!(
                d >= t || close(d, t),
                "{what}: node {v} has distance {d} below the true {t}"
            ),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// `dijkstra`, `astar` (zero and Euclidean heuristics) and `bidirectional_dijkstra` between
/// random pairs (one of them with source = target), with the workspaces shared by all of them.
#[test]
fn point_to_point_searches_match_petgraph() {
    let ws = RefCell::new((Workspace::new(), Workspace::new()));
    check_cases("point to point", |c| {
        let (a, b) = &mut *ws.borrow_mut();
        let g = CsrGraph::from_edges(c.n, &c.edges).unwrap();
        let r = g.reversed();
        let h_edges = c.euclid_edges();
        let h = CsrGraph::from_edges(c.n, &h_edges).unwrap();
        let hr = h.reversed();
        if c.n == 0 {
            return;
        }
        let w = stored(&c.edges);
        let hw = stored(&h_edges);
        let (rev, h_rev) = (reversed(&c.edges), reversed(&h_edges));
        for q in 0..4 {
            let s = c.node(2 * q);
            let t = if q == 3 { s } else { c.node(2 * q + 1) };
            // The two halves of the workspaces' roles swap from query to query.
            let (f, k) = if q % 2 == 0 {
                (&mut *a, &mut *b)
            } else {
                (&mut *b, &mut *a)
            };

            // Stored weights.
            let from_s = reference(c.n, &c.edges, &w, &[s]);
            let to_t = reference(c.n, &rev, &w, &[t]);
            let d = from_s[t as usize];
            assert!(
                match (d, to_t[s as usize]) {
                    (Some(x), Some(y)) => close(x, y),
                    (x, y) => x == y,
                },
                "reference: forward and backward distances differ"
            );
            let p = dijkstra(&g, f, s, t);
            check_p2p("dijkstra", p, s, t, d, &c.edges, &w, true);
            check_no_leak("dijkstra", &g, f, &from_s);
            let p = astar(&g, k, s, t, |_| 0.0);
            check_p2p("astar (h = 0)", p, s, t, d, &c.edges, &w, true);
            check_no_leak("astar (h = 0)", &g, k, &from_s);
            let p = bidirectional_dijkstra(&g, &r, f, k, s, t);
            check_p2p("bidirectional", p, s, t, d, &c.edges, &w, false);
            check_no_leak("bidirectional (forward)", &g, f, &from_s);
            check_no_leak("bidirectional (backward)", &r, k, &to_t);

            // Weights at least as long as the straight line; Euclidean heuristic.
            let from_s = reference(c.n, &h_edges, &hw, &[s]);
            let to_t = reference(c.n, &h_rev, &hw, &[t]);
            let d = from_s[t as usize];
            let p = astar(&h, f, s, t, |v| c.euclid(v, t));
            check_p2p("astar (euclidean)", p, s, t, d, &h_edges, &hw, true);
            check_no_leak("astar (euclidean)", &h, f, &from_s);
            let p = dijkstra(&h, k, s, t);
            check_p2p(
                "dijkstra (euclidean graph)",
                p,
                s,
                t,
                d,
                &h_edges,
                &hw,
                true,
            );
            check_no_leak("dijkstra (euclidean graph)", &h, k, &from_s);
            let p = bidirectional_dijkstra(&h, &hr, k, f, s, t);
            check_p2p(
                "bidirectional (euclidean graph)",
                p,
                s,
                t,
                d,
                &h_edges,
                &hw,
                false,
            );
            check_no_leak("bidirectional (euclidean graph, forward)", &h, k, &from_s);
            check_no_leak("bidirectional (euclidean graph, backward)", &hr, f, &to_t);
        }
    });
}

/// `shortest_path_tree` from up to three sources, on the graph and on its reverse in turn
/// with one workspace: every node's distance and path.
#[test]
fn shortest_path_tree_matches_petgraph() {
    let ws = RefCell::new(Workspace::new());
    check_cases("shortest path tree", |c| {
        let ws = &mut *ws.borrow_mut();
        let g = CsrGraph::from_edges(c.n, &c.edges).unwrap();
        let r = g.reversed();
        let w = stored(&c.edges);
        let rev = reversed(&c.edges);
        for (graph, edges, sources, name) in [
            (&r, &rev, c.sources(0), "tree on the reverse graph"),
            (&g, &c.edges, c.sources(4), "tree"),
        ] {
            shortest_path_tree(graph, ws, &sources);
            let truth = reference(c.n, edges, &w, &sources);
            for (v, &d) in truth.iter().enumerate() {
                let v = v as u32;
                let what = format!("{name} from {sources:?} to {v}");
                let got = ws.distance(graph, v);
                assert!(
                    match (got, d) {
                        (Some(x), Some(y)) => close(x, y),
                        (x, y) => x == y,
                    },
                    "{what}: distance {got:?}, expected {d:?}"
                );
                let p = ws.path_to(graph, v);
                assert_eq!(p.is_some(), d.is_some(), "{what}: path {p:?}");
                if let Some(p) = p {
                    assert_eq!(p.target, v, "{what}: {p:?}");
                    assert_eq!(Some(p.weight), got, "{what}: {p:?}");
                    assert!(sources.contains(&p.source), "{what}: {p:?}");
                    assert_eq!(walk(&what, &p, edges, &w, true), p.weight, "{what}: {p:?}");
                    if sources.contains(&v) {
                        assert!(p.weight == 0.0 && p.edges.is_empty(), "{what}: {p:?}");
                    }
                }
            }
        }
    });
}

/// `search` from up to three sources to a random target set with per-query weights that
/// block (INFINITY, NaN, negative) or change a random subset of edges: without a heuristic,
/// and on the Euclidean graph with the distance to the nearest target as heuristic.
#[test]
fn general_search_matches_petgraph() {
    let ws = RefCell::new(Workspace::new());
    check_cases("search", |c| {
        let ws = &mut *ws.borrow_mut();
        let sources = c.sources(8);
        let targets: Vec<u32> = (0..c.n as u32).filter(|&v| c.targets[v as usize]).collect();
        let h_edges = c.euclid_edges();
        let nearest: Vec<f64> = (0..c.n as u32)
            .map(|v| {
                targets
                    .iter()
                    .map(|&t| c.euclid(v, t))
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        for (edges, euclidean) in [(&c.edges, false), (&h_edges, true)] {
            let g = CsrGraph::from_edges(c.n, edges).unwrap();
            let w = c.query_weights(edges, euclidean);
            let what = format!("search (heuristic: {euclidean}) from {sources:?} to {targets:?}");
            let p = search(
                &g,
                ws,
                &sources,
                |v| c.targets[v as usize],
                |e| w[g.edge_label(e) as usize],
                |v| if euclidean { nearest[v as usize] } else { 0.0 },
            );
            let truth = reference(c.n, edges, &w, &sources);
            check_no_leak(&what, &g, ws, &truth);
            let best = targets
                .iter()
                .filter_map(|&t| truth[t as usize])
                .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.min(d))));
            match (p, best) {
                (None, None) => {}
                (Some(p), Some(d)) => {
                    assert!(
                        close(p.weight, d),
                        "{what}: weight {} vs {d}: {p:?}",
                        p.weight
                    );
                    assert!(sources.contains(&p.source), "{what}: {p:?}");
                    assert!(c.targets[p.target as usize], "{what}: {p:?}");
                    let to_target = truth[p.target as usize].expect("reached");
                    assert!(close(p.weight, to_target), "{what}: {p:?} vs {to_target}");
                    assert_eq!(walk(&what, &p, edges, &w, true), p.weight, "{what}: {p:?}");
                }
                (p, d) => panic!("{what}: got {p:?}, expected distance {d:?}"),
            }
        }
    });
}

/// The CSR layout: each edge once, under its tail, with its label, head and weight; edges of
/// one tail in input order; `reversed()` swaps the ends and keeps labels and weights, and
/// reversing twice restores the graph.
#[test]
fn csr_layout_and_reversal() {
    fn listing(g: &CsrGraph) -> Vec<Vec<(u32, f64, u32)>> {
        (0..g.node_count() as u32)
            .map(|v| {
                g.out_edges(v)
                    .map(|e| (g.head(e), g.weight(e), g.edge_label(e)))
                    .collect()
            })
            .collect()
    }
    check_cases("csr", |c| {
        let g = CsrGraph::from_edges(c.n, &c.edges).unwrap();
        let r = g.reversed();
        for (graph, edges) in [(&g, c.edges.clone()), (&r, reversed(&c.edges))] {
            assert_eq!(graph.node_count(), c.n);
            assert_eq!(graph.edge_count(), edges.len());
            let mut seen = vec![false; edges.len()];
            for (v, out) in listing(graph).into_iter().enumerate() {
                let labels: Vec<u32> = out.iter().map(|x| x.2).collect();
                assert!(labels.windows(2).all(|p| p[0] < p[1]), "{labels:?}");
                for (head, w, l) in out {
                    let (a, b, weight) = edges[l as usize];
                    assert_eq!((a as usize, b, weight.to_bits()), (v, head, w.to_bits()));
                    assert!(!std::mem::replace(&mut seen[l as usize], true));
                }
            }
            assert!(seen.iter().all(|&x| x));
        }
        let rr = r.reversed();
        let (a, b) = (listing(&g), listing(&rr));
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    });
}

/// The generator really produces the features the properties claim to cover.
#[test]
fn generator_covers_the_edge_cases() {
    use proptest::strategy::ValueTree;
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let mut count = std::collections::BTreeMap::<&str, usize>::new();
    for _ in 0..1000 {
        let c = strategy.new_tree(&mut runner).unwrap().current();
        let mut hit = |k, cond: bool| *count.entry(k).or_default() += usize::from(cond);
        hit("empty graph", c.n == 0);
        hit("no edges", c.edges.is_empty());
        hit("40 nodes", c.n == MAX_NODES);
        hit(">= 140 edges", c.edges.len() >= 140);
        hit("self-loop", c.edges.iter().any(|e| e.0 == e.1));
        let parallel = c
            .edges
            .iter()
            .enumerate()
            .any(|(i, e)| c.edges[..i].iter().any(|f| (f.0, f.1) == (e.0, e.1)));
        hit("parallel edges", parallel);
        hit("zero weight", c.edges.iter().any(|e| e.2 == 0.0));
        hit(
            "-0.0 weight",
            c.edges.iter().any(|e| e.2.to_bits() == (-0.0f64).to_bits()),
        );
        hit(
            "fractional weight",
            c.edges.iter().any(|e| e.2.fract() != 0.0),
        );
        let isolated = (0..c.n as u32).any(|v| c.edges.iter().all(|e| e.0 != v && e.1 != v));
        hit("isolated node", isolated);
        // Chain nodes as the searches define them: at most two distinct neighbours, no
        // self-loop. Count cases with a path a -> x -> y -> b through two of them.
        let mut neighbours = vec![std::collections::BTreeSet::new(); c.n];
        for &(a, b, _) in &c.edges {
            neighbours[a as usize].insert(b);
            neighbours[b as usize].insert(a);
        }
        let chain = |v: u32| {
            let nb = &neighbours[v as usize];
            nb.len() <= 2 && !nb.contains(&v)
        };
        let arc = |a: u32, b: u32| c.edges.iter().any(|e| (e.0, e.1) == (a, b));
        let two_chain_nodes = c.edges.iter().any(|&(x, y, _)| {
            x != y
                && chain(x)
                && chain(y)
                && neighbours[x as usize].iter().any(|&a| a != y && arc(a, x))
                && neighbours[y as usize].iter().any(|&b| b != x && arc(y, b))
        });
        hit("path through two chain nodes", two_chain_nodes);
        if c.n > 0 {
            let (s, t) = (c.node(0), c.node(1));
            let d = reference(c.n, &c.edges, &stored(&c.edges), &[s])[t as usize];
            hit("unreachable pair", d.is_none());
            hit("reachable pair, s != t", d.is_some() && s != t);
        }
        hit("no source", c.sources(8).is_empty());
        hit("no target", !c.targets.contains(&true));
        hit(
            "blocked NaN",
            c.query
                .iter()
                .any(|q| matches!(q, QueryWeight::Blocked(x) if x.is_nan())),
        );
    }
    for (k, v) in &count {
        assert!(*v >= 20, "only {v} of 1000 cases have: {k} ({count:?})");
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input and edge cases
// ---------------------------------------------------------------------------------------------

#[test]
fn node_ids_out_of_range_are_rejected() {
    let cases: [(usize, &[Edge], GraphError, &str); 4] = [
        (
            2,
            &[(0, 1, 1.0), (1, 5, 1.0)],
            GraphError::NodeOutOfRange {
                edge: 1,
                from: 1,
                to: 5,
                node_count: 2,
            },
            "edge 1 (1 -> 5) names a node outside 0..2",
        ),
        (
            3,
            &[(0, 1, 1.0), (1, 2, 1.0), (3, 0, 1.0)],
            GraphError::NodeOutOfRange {
                edge: 2,
                from: 3,
                to: 0,
                node_count: 3,
            },
            "edge 2 (3 -> 0) names a node outside 0..3",
        ),
        (
            0,
            &[(0, 0, 0.0)],
            GraphError::NodeOutOfRange {
                edge: 0,
                from: 0,
                to: 0,
                node_count: 0,
            },
            "edge 0 (0 -> 0) names a node outside 0..0",
        ),
        (
            1,
            &[(0, u32::MAX, 1.0)],
            GraphError::NodeOutOfRange {
                edge: 0,
                from: 0,
                to: u32::MAX,
                node_count: 1,
            },
            "edge 0 (0 -> 4294967295) names a node outside 0..1",
        ),
    ];
    for (n, edges, expected, message) in cases {
        let err = CsrGraph::from_edges(n, edges).unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn nan_negative_and_infinite_weights_are_rejected() {
    let cases = [
        (f64::NAN, "NaN"),
        (-1.0, "-1"),
        (-0.5, "-0.5"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
    ];
    for (w, shown) in cases {
        let err = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 0.0), (2, 0, w)]).unwrap_err();
        match err {
            GraphError::BadWeight {
                edge: 2,
                from: 2,
                to: 0,
                weight,
            } => assert_eq!(weight.to_bits(), w.to_bits()),
            ref other => panic!("weight {w}: {other:?}"),
        }
        assert_eq!(
            err.to_string(),
            format!("edge 2 (2 -> 0) has weight {shown}; weights must be finite and >= 0")
        );
    }
}

#[test]
fn the_first_bad_edge_is_reported() {
    let err = CsrGraph::from_edges(2, &[(0, 1, f64::NAN), (0, 9, 1.0)]).unwrap_err();
    assert!(
        matches!(err, GraphError::BadWeight { edge: 0, .. }),
        "{err}"
    );
    let err = CsrGraph::from_edges(2, &[(0, 9, 1.0), (0, 1, f64::NAN)]).unwrap_err();
    assert!(
        matches!(err, GraphError::NodeOutOfRange { edge: 0, .. }),
        "{err}"
    );
}

#[test]
fn too_many_nodes_are_rejected() {
    let n = u32::MAX as usize;
    let err = CsrGraph::from_edges(n, &[]).unwrap_err();
    assert_eq!(err, GraphError::TooLarge(n));
    assert_eq!(
        err.to_string(),
        "graph too large: 4294967295 exceeds the 32-bit id range"
    );
}

#[test]
fn extreme_valid_weights_are_accepted() {
    let edges = [(0, 1, 0.0), (1, 0, -0.0), (0, 0, f64::MAX), (1, 1, 5e-324)];
    let g = CsrGraph::from_edges(2, &edges).unwrap();
    assert_eq!(g.edge_count(), 4);
    let g = CsrGraph::from_edges(0, &[]).unwrap();
    assert_eq!((g.node_count(), g.edge_count()), (0, 0));
    assert_eq!(g.reversed().node_count(), 0);
}

#[test]
fn reversed_keeps_labels_and_weights() {
    // Parallel edges 0 -> 1, a self-loop on 2 and an antiparallel pair 1 <-> 2.
    let edges = [
        (0, 1, 2.0),
        (2, 2, 0.5),
        (0, 1, 5.0),
        (1, 2, 1.0),
        (2, 1, 0.0),
    ];
    let g = CsrGraph::from_edges(4, &edges).unwrap();
    let r = g.reversed();
    let out = |v: u32| -> Vec<(u32, f64, u32)> {
        r.out_edges(v)
            .map(|e| (r.head(e), r.weight(e), r.edge_label(e)))
            .collect()
    };
    assert_eq!(out(0), vec![]);
    assert_eq!(out(1), vec![(0, 2.0, 0), (0, 5.0, 2), (2, 0.0, 4)]);
    assert_eq!(out(2), vec![(2, 0.5, 1), (1, 1.0, 3)]);
    assert_eq!(out(3), vec![]);
    assert_eq!((r.node_count(), r.edge_count()), (4, 5));
}

/// Regression: a heuristic of `-0.0` is a valid one (`-0.0 >= 0`, and it is consistent), but
/// `f64::max(-0.0, 0.0)` may return `-0.0` (it does in debug builds on x86-64), and the bit
/// pattern of `-0.0` is the largest heap key of all: a source keyed with it was popped after
/// every other node, so the farther source won (weight 5 via source 0 instead of 1 via 1).
#[test]
fn negative_zero_heuristic_does_not_delay_a_source() {
    // Sources 0 and 1; 0 -> 2 costs 5, 1 -> 2 costs 1.
    let g = CsrGraph::from_edges(3, &[(0, 2, 5.0), (1, 2, 1.0)]).unwrap();
    let p = search(
        &g,
        &mut Workspace::new(),
        &[0, 1],
        |v| v == 2,
        |e| g.weight(e),
        |_| -0.0,
    )
    .unwrap();
    assert_eq!((p.source, p.weight, p.edges), (1, 1.0, vec![1]));
}

#[test]
fn workspace_answers_none_for_nodes_it_never_saw() {
    let g = corridor::algo::CsrGraph::from_edges(2, &[(0, 1, 1.0)]).unwrap();
    let ws = corridor::algo::Workspace::new();
    assert_eq!(ws.distance(&g, 0), None);
    assert!(ws.path_to(&g, 7).is_none());
    let mut ws = ws;
    corridor::algo::shortest_path_tree(&g, &mut ws, &[0]);
    assert_eq!(ws.distance(&g, 1), Some(1.0));
    assert_eq!(ws.distance(&g, 1_000), None);
}
