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
///   Dijkstra. An infinite value prunes the node: the search does not go on from it (it is
///   asked only of nodes about to be queued, not of chain nodes walked past; for a consistent
///   heuristic that is the same, as `h = ∞` at a chain node means `h = ∞` at the chain's
///   end). Only consistency guarantees optimality.
///
/// # Chains
/// Nodes with at most two neighbours (see [`CsrGraph`]) are not queued: when the search
/// reaches one, it walks on along the chain at once and queues the chain's far end (or a
/// target on the way). The answers are exactly Dijkstra's or A*'s; the heap only sees
/// junctions. After the search, a chain node beyond the settled region may hold an upper
/// bound rather than its distance, as unsettled nodes do.
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
    is_target: impl FnMut(u32) -> bool,
    mut weight: impl FnMut(usize) -> f64,
    heuristic: impl FnMut(u32) -> f64,
) -> Option<Path> {
    // A search whose weights ignore the time they are reached at.
    search_timed(graph, ws, sources, is_target, |e, _| weight(e), heuristic)
}

/// [`search`] with edge weights that depend on when the edge is reached: `weight(e, t)` is
/// the time to traverse the edge at CSR position `e` for a label (arrival time) of `t` at its
/// tail, waits for departures included. The answer's weight is the arrival time at the target.
///
/// Exact when every edge is FIFO (`t + weight(e, t)` never decreases as `t` grows: leaving
/// later never arrives earlier, as when waiting for the next departure of a timetable) and
/// `heuristic` is a consistent lower bound of the remaining time for every departure time:
/// the labels then settle in order of arrival, as in Dijkstra's algorithm (Dreyfus 1969,
/// Kaufman & Smith 1993).
///
/// # Example
/// ```
/// use corridor::algo::{search_timed, CsrGraph, Workspace};
///
/// // 0 -> 1 takes 1 h; 1 -> 2 departs every 10 h (at 0, 10, 20, …) and takes 1 h;
/// // 0 -> 2 direct takes 8 h.
/// let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 8.0)]).unwrap();
/// let mut ws = Workspace::new();
/// let weight = |e: usize, t: f64| match g.edge_label(e) {
///     1 => (10.0 - t.rem_euclid(10.0)) % 10.0 + 1.0,
///     _ => g.weight(e),
/// };
/// let p = search_timed(&g, &mut ws, &[0], |v| v == 2, weight, |_| 0.0).unwrap();
/// // Via 1 it arrives at 11 h; direct at 8 h.
/// assert_eq!((p.weight, p.edges), (8.0, vec![2]));
/// ```
pub fn search_timed(
    graph: &CsrGraph,
    ws: &mut Workspace,
    sources: &[u32],
    mut is_target: impl FnMut(u32) -> bool,
    mut weight: impl FnMut(usize, f64) -> f64,
    mut heuristic: impl FnMut(u32) -> f64,
) -> Option<Path> {
    let sources = sources.iter().filter_map(|&s| graph.rank(s));
    let found = settle_until(
        graph,
        ws,
        sources,
        |r| is_target(graph.node_at(r)),
        |e, _, t| weight(e, t),
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
    mut weight: impl FnMut(usize, f64, f64) -> f64,
    mut heuristic: impl FnMut(u32) -> f64,
) -> Option<u32> {
    ws.start(graph);
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
        let mut v_on_top = true;
        let dv = ws.dist(v);
        let (first, heads, stored) = graph.out_of(v);
        for (i, (&u, &stored)) in heads.iter().zip(stored).enumerate() {
            let edge = (first + i, u, stored);
            let no_meeting = &mut |_, _| {};
            let Some((at, d)) = relax_and_walk(
                graph,
                ws,
                &mut weight,
                &mut is_target,
                no_meeting,
                v,
                dv,
                edge,
            ) else {
                continue;
            };
            // The heuristic is only needed for a key, so chain nodes walked past are not
            // pruned one by one; with a consistent heuristic the chain's end is pruned then.
            let h = heuristic(at);
            if h.is_finite() {
                let k = key(d + h.max(0.0));
                if std::mem::take(&mut v_on_top) {
                    ws.heap.replace_top(k, at);
                } else {
                    ws.heap.push(k, at);
                }
            }
        }
        if v_on_top {
            ws.heap.pop();
        }
    }
    None
}

/// Relaxes `edge = (position, head rank, stored weight)` out of rank `v` (at distance `dv`),
/// and when it shortens the way to a chain node, walks on along the chain. Returns the node
/// to queue and its distance: the edge's head, or the end of the chain walked.
///
/// A chain node (at most two neighbours: where it was reached from and the next one) is not
/// queued: its only way on is taken at once, up to the first node that is not on a chain or
/// is a `stop` (a target), which is queued in its place. This is Dijkstra on the graph with
/// each chain replaced by one edge, and the heap sees only junctions: 71% of the OSM world
/// railway nodes are chain nodes. A chain node's distance is final once the chain's ends
/// are settled, as the walk from the far end corrects it.
///
/// `meet(x, d)` sees every usable relaxation of an edge into `x` with distance `d`, shorter or
/// not (the bidirectional search looks for meeting points there).
#[allow(clippy::too_many_arguments)] // one call site per search loop; inlined
#[inline(always)]
pub(super) fn relax_and_walk(
    graph: &CsrGraph,
    ws: &mut Workspace,
    weight: &mut impl FnMut(usize, f64, f64) -> f64,
    stop: &mut impl FnMut(u32) -> bool,
    meet: &mut impl FnMut(u32, f64),
    v: u32,
    dv: f64,
    (e, u, stored): (usize, u32, f64),
) -> Option<(u32, f64)> {
    let mut d = relax(ws, weight, meet, e, stored, dv, u)?;
    let (mut prev, mut at) = (v, u);
    while graph.is_chain(at) && !stop(at) {
        let mut next = None;
        let (first, heads, stored) = graph.out_of(at);
        for (i, (&x, &stored)) in heads.iter().zip(stored).enumerate() {
            // Back to `prev` cannot be shorter; the other edges all lead to the chain's next
            // node (of parallel edges, the last to shorten the way is the lightest).
            if x != prev {
                let step = relax(ws, weight, meet, first + i, stored, d, x);
                next = step.map(|d| (x, d)).or(next);
            }
        }
        // None: a dead end, or the way on was no shorter.
        (prev, (at, d)) = (at, next?);
    }
    Some((at, d))
}

/// Relaxes edge `e` (stored weight `stored`) from a node at distance `dv` to rank `u`: when
/// it shortens `u`'s distance, records it and returns the new distance. The weight may
/// depend on `dv` (time-dependent searches, [`search_timed`]).
#[inline(always)]
fn relax(
    ws: &mut Workspace,
    weight: &mut impl FnMut(usize, f64, f64) -> f64,
    meet: &mut impl FnMut(u32, f64),
    e: usize,
    stored: f64,
    dv: f64,
    u: u32,
) -> Option<f64> {
    let w = weight(e, stored, dv);
    // Rejects negative and NaN weights; an infinite one fails `d < du` below.
    if w.is_nan() || w < 0.0 {
        return None;
    }
    let d = dv + w;
    meet(u, d);
    // No settled check: with a consistent heuristic (or none) a settled `u` never passes, as
    // its distance is already final (`dv + w >= dv` also in floating point). An inconsistent
    // heuristic may reopen it, which costs work, not correctness: distances only decrease.
    if d < ws.dist(u) {
        ws.set(u, d, e as u32);
        return Some(d);
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
    let found = settle_until(
        graph,
        ws,
        std::iter::once(s),
        |r| r == t,
        |_, w, _| w,
        |_| 0.0,
    )?;
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
        |_, w, _| w,
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
    let _ = settle_until(graph, ws, sources, |_| false, |_, w, _| w, |_| 0.0);
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

    /// Junctions S, A, B; chains A-x-y-z-B (both ways), and dead ends 6 (off S), 7 (off A),
    /// 8 (off B). Edge pair k has labels 2k (as listed) and 2k + 1 (reversed). Worked by
    /// hand: A = 1, B = 3.5; the walk from A reaches x = 5, y = 6, z = 7, and the later walk
    /// from B corrects z = 4.5 and y = 5.5 but not x (6.5 > 5).
    fn chains() -> CsrGraph {
        let (s, a, b, x, y, z) = (0, 1, 2, 3, 4, 5);
        let mut edges = Vec::new();
        for (u, v, w) in [
            (s, a, 1.0),
            (s, b, 3.5),
            (a, x, 4.0),
            (x, y, 1.0),
            (y, z, 1.0),
            (z, b, 1.0),
            (s, 6, 1.0),
            (a, 7, 100.0),
            (b, 8, 100.0),
        ] {
            edges.extend([(u, v, w), (v, u, w)]);
        }
        CsrGraph::from_edges(9, &edges).unwrap()
    }

    #[test]
    fn chain_nodes_get_the_shorter_of_both_ends() {
        let g = chains();
        let mut ws = Workspace::new();
        shortest_path_tree(&g, &mut ws, &[0]);
        let want = [0.0, 1.0, 3.5, 5.0, 5.5, 4.5, 1.0, 101.0, 103.5];
        for (v, &d) in want.iter().enumerate() {
            assert_eq!(ws.distance(&g, v as u32), Some(d), "node {v}");
        }
        // y is reached through B and z (edge labels 2, 11, 9), not through A and x.
        assert_eq!(ws.path_to(&g, 4).unwrap().edges, vec![2, 11, 9]);
    }

    #[test]
    fn a_target_inside_a_chain_is_settled_not_walked_past() {
        let g = chains();
        let mut ws = Workspace::new();
        let p = dijkstra(&g, &mut ws, 0, 4).unwrap();
        assert_eq!((p.weight, p.edges), (5.5, vec![2, 11, 9]));
        // From inside a chain, both ways out count: y -> x -> A -> S is 6, y -> z -> B -> S
        // is 5.5.
        let p = dijkstra(&g, &mut ws, 4, 0).unwrap();
        assert_eq!((p.weight, p.edges), (5.5, vec![8, 10, 3]));
        // A dead end as the target: x -> y -> z -> B -> 8 (103) beats x -> A -> S -> B -> 8.
        assert_eq!(dijkstra(&g, &mut ws, 3, 8).unwrap().weight, 103.0);
        let p = search(
            &g,
            &mut ws,
            &[6],
            |v| v == 5 || v == 3,
            |e| g.weight(e),
            |_| 0.0,
        );
        assert_eq!(p.map(|p| (p.target, p.weight)), Some((5, 5.5)));
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
