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
    let sources = sources.iter().filter_map(|&s| graph.rank(s));
    let found = settle_until(
        graph,
        ws,
        sources,
        |r| is_target(graph.node_at(r)),
        |e, _| weight(e),
        |r| heuristic(graph.node_at(r)),
    )?;
    ws.path_to_rank(graph, found)
}

/// The search loop, in ranks (the graph's internal ids): settles nodes in order of distance
/// plus heuristic until `is_target` holds for one, and returns it.
#[inline]
fn settle_until(
    graph: &CsrGraph,
    ws: &mut Workspace,
    sources: impl Iterator<Item = u32>,
    mut is_target: impl FnMut(u32) -> bool,
    mut weight: impl FnMut(usize, f64) -> f64,
    mut heuristic: impl FnMut(u32) -> f64,
) -> Option<u32> {
    ws.start(graph.node_count());
    for s in sources {
        if ws.dist(s) > 0.0 {
            let h = heuristic(s);
            if h.is_finite() {
                ws.set(s, 0.0, NONE);
                ws.heap.push(key(h.max(0.0)), s);
            }
        }
    }
    // `v` stays at the heap's root while its edges are relaxed, so the first node it reaches
    // can take its place (one sift instead of a pop and a push: on rail lines most nodes
    // lead on to exactly one new node).
    while let Some((_, v)) = ws.heap.peek() {
        if ws.is_settled(v) {
            ws.heap.pop(); // a stale entry
            continue;
        }
        ws.settle(v);
        if is_target(v) {
            return Some(v);
        }
        let dv = ws.dist(v);
        let mut v_on_top = true;
        let (first, heads, stored) = graph.out_of(v);
        for (i, (&u, &stored)) in heads.iter().zip(stored).enumerate() {
            let e = first + i;
            let w = weight(e, stored);
            // Rejects negative and NaN weights; an infinite one fails `d < du` below.
            if w.is_nan() || w < 0.0 {
                continue;
            }
            let d = dv + w;
            // No settled check: with a consistent heuristic (or none) a settled `u` never
            // passes, as its distance is already final (`dv + w >= dv` also in floating
            // point). An inconsistent heuristic may reopen it, which costs work, not
            // correctness: distances only ever decrease.
            if d < ws.dist(u) {
                let h = heuristic(u);
                if h.is_finite() {
                    ws.set(u, d, e as u32);
                    let k = key(d + h.max(0.0));
                    if v_on_top {
                        ws.heap.replace_top(k, u);
                        v_on_top = false;
                    } else {
                        ws.heap.push(k, u);
                    }
                }
            }
        }
        if v_on_top {
            ws.heap.pop();
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
    let (s, t) = (graph.rank(source)?, graph.rank(target)?);
    let found = settle_until(graph, ws, std::iter::once(s), |r| r == t, |_, w| w, |_| 0.0)?;
    ws.path_to_rank(graph, found)
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
    mut heuristic: impl FnMut(u32) -> f64,
) -> Option<Path> {
    let (s, t) = (graph.rank(source)?, graph.rank(target)?);
    let found = settle_until(
        graph,
        ws,
        std::iter::once(s),
        |r| r == t,
        |_, w| w,
        |r| heuristic(graph.node_at(r)),
    )?;
    ws.path_to_rank(graph, found)
}

/// Dijkstra from `sources` to every reachable node (the shortest-path tree). Read the results
/// with [`Workspace::distance`] and [`Workspace::path_to`].
///
/// # Complexity
/// O((n + m) log n).
///
/// # Example
/// ```
/// use corridor::algo::{shortest_path_tree, CsrGraph, Workspace};
///
/// let g = CsrGraph::from_edges(4, &[(0, 1, 1.0), (1, 2, 2.0), (0, 2, 4.0)]).unwrap();
/// let mut ws = Workspace::new();
/// shortest_path_tree(&g, &mut ws, &[0]);
/// assert_eq!(ws.distance(&g, 2), Some(3.0));
/// assert_eq!(ws.distance(&g, 3), None); // unreachable
/// assert_eq!(ws.path_to(&g, 2).unwrap().edges, vec![0, 1]);
/// ```
pub fn shortest_path_tree(graph: &CsrGraph, ws: &mut Workspace, sources: &[u32]) {
    let sources = sources.iter().filter_map(|&s| graph.rank(s));
    let _ = settle_until(graph, ws, sources, |_| false, |_, w| w, |_| 0.0);
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
        assert_eq!(ws.distance(&g, 1), None);
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
