//! petgraph's algorithms run on `&CsrGraph` unchanged and agree with ours and with themselves
//! on a `petgraph::Graph` holding the same edges.
//!
//! On random graphs (parallel edges, zero weights, self-loops, isolated nodes, several
//! pieces): petgraph's `dijkstra`, `astar`, `bellman_ford` and `Dfs` on `&CsrGraph` give the
//! distances and reachability of our `shortest_path_tree`; `tarjan_scc`,
//! `connected_components` and `is_cyclic_directed` on `&CsrGraph` give what they give on the
//! `Graph` (the independent computation: a different storage, petgraph's own indices); and the
//! edges petgraph sees are exactly the input edges, in caller ids, each once.

use corridor::algo::{shortest_path_tree, CsrGraph, Workspace};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, EdgeRef, IntoEdgeReferences, IntoEdges, Walker};
use proptest::collection::vec;
use proptest::prelude::*;

type Edge = (u32, u32, f64);

const CASES: u32 = 400;

/// Zeros, small integers and random fractions.
fn weight(x: u32) -> f64 {
    match x % 8 {
        0 | 1 => 0.0,
        2..=5 => ((x >> 3) % 7 + 1) as f64,
        _ => (x >> 3) as f64 / (1u32 << 29) as f64 * 10.0,
    }
}

/// `n` nodes of which the edges touch only the first `active` (the others are isolated), and
/// edges among them: a third of them copies of an earlier edge's ends (parallel edges), some
/// self-loops by chance on few nodes.
fn graph() -> impl Strategy<Value = (usize, Vec<Edge>)> {
    (1usize..=30).prop_flat_map(|n| {
        (
            Just(n),
            1..=n as u32,
            vec(any::<(u32, u32, u32, u8)>(), 0..=90),
        )
            .prop_map(|(n, active, raw)| {
                let mut edges: Vec<Edge> = Vec::with_capacity(raw.len());
                for (a, b, w, kind) in raw {
                    let (from, to) = match edges.get(a as usize % edges.len().max(1)) {
                        Some(&(f, t, _)) if kind % 3 == 0 => (f, t),
                        _ => (a % active, b % active),
                    };
                    edges.push((from, to, weight(w)));
                }
                (n, edges)
            })
    })
}

fn petgraph_graph(n: usize, edges: &[Edge]) -> DiGraph<(), f64> {
    let mut g = DiGraph::with_capacity(n, edges.len());
    for _ in 0..n {
        g.add_node(());
    }
    for &(a, b, w) in edges {
        g.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), w);
    }
    g
}

/// Strongly connected components as sorted sets of node indices, sorted.
fn normalised(sccs: Vec<Vec<NodeIndex>>) -> Vec<Vec<usize>> {
    let mut sccs: Vec<Vec<usize>> = sccs
        .into_iter()
        .map(|c| {
            let mut c: Vec<usize> = c.into_iter().map(|v| v.index()).collect();
            c.sort_unstable();
            c
        })
        .collect();
    sccs.sort();
    sccs
}

/// petgraph's `tarjan_scc` on the CSR, [`normalised`].
fn csr_sccs(g: &CsrGraph) -> Vec<Vec<usize>> {
    normalised(
        petgraph::algo::tarjan_scc(g)
            .into_iter()
            .map(|c| c.into_iter().map(|v| NodeIndex::new(v as usize)).collect())
            .collect(),
    )
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn petgraph_searches_on_the_csr_agree_with_ours((n, edges) in graph(), pick in any::<u32>()) {
        let g = CsrGraph::from_edges(n, &edges).unwrap();
        let source = pick % n as u32;
        let mut ws = Workspace::new();
        shortest_path_tree(&g, &mut ws, &[source]);
        let ours: Vec<Option<f64>> = (0..n as u32).map(|v| ws.distance(&g, v)).collect();

        let dj = petgraph::algo::dijkstra(&g, source, None, |e| *e.weight());
        let bf = petgraph::algo::bellman_ford(&g, source).unwrap();
        let mut reached = vec![false; n];
        for v in Dfs::new(&g, source).iter(&g) {
            reached[v as usize] = true;
        }
        for v in 0..n as u32 {
            let want = ours[v as usize];
            prop_assert_eq!(dj.get(&v).copied(), want, "dijkstra to {}", v);
            prop_assert_eq!(bf.distances[v as usize], want.unwrap_or(f64::INFINITY), "bellman_ford to {}", v);
            prop_assert_eq!(reached[v as usize], want.is_some(), "Dfs to {}", v);
            let a = petgraph::algo::astar(&g, source, |t| t == v, |e| *e.weight(), |_| 0.0);
            prop_assert_eq!(a.as_ref().map(|a| a.0), want, "astar to {}", v);
            if let Some((cost, nodes)) = a {
                // The node path is a path of the graph, and costs what it says.
                let mut total = 0.0;
                for w in nodes.windows(2) {
                    let best = (&g).edges(w[0]).filter(|e| e.target() == w[1])
                        .map(|e| *e.weight()).fold(f64::INFINITY, f64::min);
                    prop_assert!(best.is_finite(), "astar path {:?} uses no edge {} -> {}", nodes, w[0], w[1]);
                    total += best;
                }
                prop_assert!((total - cost).abs() <= 1e-9 * cost.max(1.0));
            }
        }
    }

    #[test]
    fn petgraph_structure_on_the_csr_matches_petgraph_graph((n, edges) in graph()) {
        let g = CsrGraph::from_edges(n, &edges).unwrap();
        let pg = petgraph_graph(n, &edges);

        let on_csr = csr_sccs(&g);
        prop_assert_eq!(&on_csr, &normalised(petgraph::algo::tarjan_scc(&pg)));
        // Our graph and petgraph's also agree on kosaraju (which needs incoming edges, so
        // runs on the `Graph` only).
        prop_assert_eq!(&on_csr, &normalised(petgraph::algo::kosaraju_scc(&pg)));
        prop_assert_eq!(
            petgraph::algo::connected_components(&g),
            petgraph::algo::connected_components(&pg)
        );
        prop_assert_eq!(
            petgraph::algo::is_cyclic_directed(&g),
            petgraph::algo::is_cyclic_directed(&pg)
        );
        // The reversed graph speaks the same node ids: its components are the same.
        let r = g.reversed();
        prop_assert_eq!(csr_sccs(&r), on_csr);
    }

    #[test]
    fn petgraph_sees_each_input_edge_once_in_caller_ids((n, edges) in graph()) {
        let g = CsrGraph::from_edges(n, &edges).unwrap();
        // All edges, by label: exactly the input.
        let mut all: Vec<(u32, Edge)> = (&g)
            .edge_references()
            .map(|e| (g.edge_label(e.id() as usize), (e.source(), e.target(), *e.weight())))
            .collect();
        all.sort_by_key(|e| e.0);
        let want: Vec<(u32, Edge)> = edges.iter().enumerate().map(|(i, &e)| (i as u32, e)).collect();
        prop_assert_eq!(&all, &want);
        // Per node: the edges leaving it, and ids unique over the graph.
        let mut ids = vec![false; edges.len()];
        for v in 0..n as u32 {
            let mut out: Vec<u32> = (&g).edges(v).map(|e| {
                assert_eq!(e.source(), v);
                let id = e.id() as usize;
                assert!(!std::mem::replace(&mut ids[id], true), "edge id {id} twice");
                g.edge_label(id)
            }).collect();
            out.sort_unstable();
            let want: Vec<u32> = (0..edges.len() as u32).filter(|&i| edges[i as usize].0 == v).collect();
            prop_assert_eq!(out, want);
            let heads: Vec<u32> = petgraph::visit::IntoNeighbors::neighbors(&g, v).collect();
            let by_edges: Vec<u32> = (&g).edges(v).map(|e| e.target()).collect();
            prop_assert_eq!(heads, by_edges);
        }
        prop_assert!(ids.iter().all(|&seen| seen));
    }
}

#[test]
fn dijkstra_example_from_the_docs_on_a_drawn_graph() {
    //   0 --1--> 1 --1--> 2      3 (alone)
    //    \______5_______/^
    //     \--0--> 4 (zero-weight edge)
    let g = CsrGraph::from_edges(5, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 5.0), (0, 4, 0.0)]).unwrap();
    let d = petgraph::algo::dijkstra(&g, 0, None, |e| *e.weight());
    assert_eq!(
        (d[&0], d[&1], d[&2], d[&4], d.get(&3)),
        (0.0, 1.0, 2.0, 0.0, None)
    );
    // The `Graph` with the same edges says the same.
    let pg = petgraph_graph(5, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 5.0), (0, 4, 0.0)]);
    let dp = petgraph::algo::dijkstra(&pg, NodeIndex::new(0), None, |e| *e.weight());
    for v in 0..5u32 {
        assert_eq!(d.get(&v), dp.get(&NodeIndex::new(v as usize)));
    }
}
