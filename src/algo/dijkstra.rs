//! Dijkstra's algorithm and A*: point to point, to a set of targets, or to every node.

use super::heap::key;
use super::workspace::NONE;
use super::{CsrGraph, Workspace};

/// A shortest path: its total weight and its edges, in order, as edge labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// Sum of the edge weights.
    pub weight: f64,
    /// Labels of the edges from the source to the target (see [`CsrGraph::edge_label`]).
    pub edges: Vec<u32>,
    /// The node where the path starts (one of the sources).
    pub source: u32,
    /// The node where the path ends (one of the targets).
    pub target: u32,
}

/// The general search: the lightest path from any of `sources` to the first node for which
/// `is_target` holds, with per-query edge weights and an optional A* heuristic.
///
/// # Arguments
/// - `weight(e)`: the weight of the edge at CSR position `e` in this query (map to your own
///   ids with [`CsrGraph::edge_label`]). Return `f64::INFINITY` for an edge that may not be
///   used; NaN and negative values are treated the same way.
/// - `heuristic(v)`: a lower bound on the remaining weight from `v` to the nearest target,
///   **consistent** (`h(u) <= w(u, v) + h(v)` for every edge, `h >= 0`); `|_| 0.0` gives
///   Dijkstra. An infinite value prunes the node. Only consistency guarantees optimality.
///
/// # Returns
/// The path, or `None` when no target is reachable.
///
/// # Complexity
/// O((n + m) log n) time; the workspace's O(n) memory is allocated once.
///
/// # Example
/// ```
/// use corridor::algo::{search, CsrGraph, Workspace};
///
/// //   0 --1--> 1 --1--> 2
/// //    \______5_______/^
/// let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 5.0)]).unwrap();
/// let mut ws = Workspace::new();
/// // Forbid edge label 1 for this query only.
/// let p = search(&g, &mut ws, &[0], |v| v == 2,
///                |e| if g.edge_label(e) == 1 { f64::INFINITY } else { g.weight(e) },
///                |_| 0.0).unwrap();
/// assert_eq!((p.weight, p.edges), (5.0, vec![2]));
/// ```
pub fn search(
    graph: &CsrGraph,
    ws: &mut Workspace,
    sources: &[u32],
    mut is_target: impl FnMut(u32) -> bool,
    mut weight: impl FnMut(usize) -> f64,
    mut heuristic: impl FnMut(u32) -> f64,
) -> Option<Path> {
    ws.start(graph.node_count());
    for &s in sources {
        if (s as usize) < graph.node_count() && ws.dist(s) > 0.0 {
            let h = heuristic(s);
            if h.is_finite() {
                ws.set(s, 0.0, NONE);
                ws.heap.push(key(h.max(0.0)), s);
            }
        }
    }
    while let Some((_, v)) = ws.heap.pop() {
        if ws.is_settled(v) {
            continue; // a stale entry
        }
        ws.settle(v);
        if is_target(v) {
            return ws.path_to(graph, v);
        }
        let dv = ws.dist(v);
        for e in graph.out_edges(v) {
            let w = weight(e);
            if !(0.0..f64::INFINITY).contains(&w) {
                continue;
            }
            let u = graph.head(e);
            let d = dv + w;
            let (du, settled) = ws.probe(u);
            if d < du && !settled {
                let h = heuristic(u);
                if h.is_finite() {
                    ws.set(u, d, e as u32);
                    ws.heap.push(key(d + h.max(0.0)), u);
                }
            }
        }
    }
    None
}

/// Dijkstra from `source` to `target` on the graph's stored weights, stopping as soon as the
/// target is settled.
///
/// # Complexity
/// O((n + m) log n) time in the worst case; usually far less thanks to the early exit.
///
/// # Example
/// ```
/// use corridor::algo::{dijkstra, CsrGraph, Workspace};
///
/// // Two parallel edges 0 -> 1: the lighter one (label 1) is taken.
/// let g = CsrGraph::from_edges(2, &[(0, 1, 3.0), (0, 1, 2.0)]).unwrap();
/// let p = dijkstra(&g, &mut Workspace::new(), 0, 1).unwrap();
/// assert_eq!((p.weight, p.edges), (2.0, vec![1]));
/// ```
pub fn dijkstra(graph: &CsrGraph, ws: &mut Workspace, source: u32, target: u32) -> Option<Path> {
    search(
        graph,
        ws,
        &[source],
        |v| v == target,
        |e| graph.weight(e),
        |_| 0.0,
    )
}

/// A* from `source` to `target` on the graph's stored weights, guided by `heuristic`, a
/// consistent lower bound on the remaining distance (see [`search`]).
///
/// # Example
/// ```
/// use corridor::algo::{astar, CsrGraph, Workspace};
///
/// // Nodes on a line at x = 0, 1, 2; edge weights are distances, so |x - 2| is consistent.
/// let x = [0.0, 1.0, 2.0];
/// let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 2.5)]).unwrap();
/// let p = astar(&g, &mut Workspace::new(), 0, 2, |v| (x[v as usize] - 2.0f64).abs()).unwrap();
/// assert_eq!(p.weight, 2.0);
/// ```
pub fn astar(
    graph: &CsrGraph,
    ws: &mut Workspace,
    source: u32,
    target: u32,
    heuristic: impl FnMut(u32) -> f64,
) -> Option<Path> {
    search(
        graph,
        ws,
        &[source],
        |v| v == target,
        |e| graph.weight(e),
        heuristic,
    )
}

/// Dijkstra from `sources` to every reachable node (the shortest-path tree). Read the results
/// with [`Workspace::distance`] and [`Workspace::path_to`].
///
/// # Example
/// ```
/// use corridor::algo::{shortest_path_tree, CsrGraph, Workspace};
///
/// let g = CsrGraph::from_edges(4, &[(0, 1, 1.0), (1, 2, 2.0), (0, 2, 4.0)]).unwrap();
/// let mut ws = Workspace::new();
/// shortest_path_tree(&g, &mut ws, &[0]);
/// assert_eq!(ws.distance(2), Some(3.0));
/// assert_eq!(ws.distance(3), None); // unreachable
/// assert_eq!(ws.path_to(&g, 2).unwrap().edges, vec![0, 1]);
/// ```
pub fn shortest_path_tree(graph: &CsrGraph, ws: &mut Workspace, sources: &[u32]) {
    let _ = search(graph, ws, sources, |_| false, |e| graph.weight(e), |_| 0.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocked_edges_are_skipped_and_workspace_is_reusable() {
        let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 5.0)]).unwrap();
        let mut ws = Workspace::new();
        let blocked = |e: usize| {
            if g.edge_label(e) == 1 {
                f64::INFINITY
            } else {
                g.weight(e)
            }
        };
        let p = search(&g, &mut ws, &[0], |v| v == 2, blocked, |_| 0.0).unwrap();
        assert_eq!((p.weight, p.edges), (5.0, vec![2]));
        let p = dijkstra(&g, &mut ws, 0, 2).unwrap();
        assert_eq!((p.weight, &p.edges[..]), (2.0, &[0, 1][..]));
        assert!(dijkstra(&g, &mut ws, 2, 0).is_none());
        // Earlier results do not leak into a new search.
        assert_eq!(ws.distance(1), None);
    }

    #[test]
    fn nan_and_negative_query_weights_are_unusable() {
        let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 3.0)]).unwrap();
        let w = [f64::NAN, -1.0, 3.0];
        let p = search(
            &g,
            &mut Workspace::new(),
            &[0],
            |v| v == 2,
            |e| w[g.edge_label(e) as usize],
            |_| 0.0,
        )
        .unwrap();
        assert_eq!((p.weight, p.edges), (3.0, vec![2]));
    }

    #[test]
    fn several_sources_and_targets() {
        // 0 -> 2 (4), 1 -> 2 (1), 2 -> 3 (1), 2 -> 4 (0.5)
        let g =
            CsrGraph::from_edges(5, &[(0, 2, 4.0), (1, 2, 1.0), (2, 3, 1.0), (2, 4, 0.5)]).unwrap();
        let p = search(
            &g,
            &mut Workspace::new(),
            &[0, 1],
            |v| v == 3 || v == 4,
            |e| g.weight(e),
            |_| 0.0,
        )
        .unwrap();
        assert_eq!((p.source, p.target, p.weight), (1, 4, 1.5));
    }
}
