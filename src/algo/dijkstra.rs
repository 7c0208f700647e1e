//! Point-to-point Dijkstra with caller-supplied weights and an O(1)-reset workspace.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::CsrGraph;

/// Per-query search state, reused across queries: distances, parents and the heap.
///
/// Reset is O(1): each node's entries are valid only when its stamp equals the current
/// generation, so a new query just bumps the generation. One workspace per thread.
#[derive(Debug, Default)]
pub struct Workspace {
    dist: Vec<f64>,
    parent_edge: Vec<u32>,
    stamp: Vec<u32>,
    generation: u32,
    heap: BinaryHeap<Entry>,
}

impl Workspace {
    /// An empty workspace; it grows to the graph's size on first use.
    pub fn new() -> Self {
        Workspace::default()
    }

    fn start(&mut self, node_count: usize) {
        if self.dist.len() < node_count {
            self.dist.resize(node_count, f64::INFINITY);
            self.parent_edge.resize(node_count, u32::MAX);
            self.stamp.resize(node_count, 0);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Stamps from 2^32 queries ago could look current: clear them once.
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        self.heap.clear();
    }

    #[inline]
    fn dist(&self, v: u32) -> f64 {
        if self.stamp[v as usize] == self.generation {
            self.dist[v as usize]
        } else {
            f64::INFINITY
        }
    }

    #[inline]
    fn set(&mut self, v: u32, d: f64, parent_edge: u32) {
        self.stamp[v as usize] = self.generation;
        self.dist[v as usize] = d;
        self.parent_edge[v as usize] = parent_edge;
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    dist: f64,
    node: u32,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Min-heap on distance; distances are never NaN (weights are checked).
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

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

/// Finds the lightest path from any of `sources` to any node for which `is_target` holds.
///
/// `weight(label)` gives the weight of an edge by its label, or `None` when the edge may not be
/// used in this query. Weights must be finite and non-negative; others are treated as
/// unusable, so the search stays correct whatever the caller returns.
///
/// # Returns
/// The path, or `None` when no target is reachable.
///
/// # Complexity
/// O((n + m) log n) time; O(n) workspace memory, allocated once per workspace.
pub fn shortest_path(
    graph: &CsrGraph,
    ws: &mut Workspace,
    sources: &[u32],
    mut is_target: impl FnMut(u32) -> bool,
    mut weight: impl FnMut(u32) -> Option<f64>,
) -> Option<Path> {
    ws.start(graph.node_count());
    for &s in sources {
        if (s as usize) < graph.node_count() && ws.dist(s) > 0.0 {
            ws.set(s, 0.0, u32::MAX);
            ws.heap.push(Entry { dist: 0.0, node: s });
        }
    }
    while let Some(Entry { dist, node }) = ws.heap.pop() {
        if dist > ws.dist(node) {
            continue; // stale entry
        }
        if is_target(node) {
            return Some(trace(graph, ws, node, dist));
        }
        for e in graph.out_edges(node) {
            let w = match weight(graph.edge_label(e)) {
                Some(w) if w.is_finite() && w >= 0.0 => w,
                _ => continue,
            };
            let next = graph.head(e);
            let d = dist + w;
            if d < ws.dist(next) {
                ws.set(next, d, e as u32);
                ws.heap.push(Entry {
                    dist: d,
                    node: next,
                });
            }
        }
    }
    None
}

fn trace(graph: &CsrGraph, ws: &Workspace, target: u32, weight: f64) -> Path {
    let mut edges = Vec::new();
    let mut v = target;
    // Parent edges form a tree rooted at the sources (each relaxation strictly lowers a
    // distance), so this walk ends at a source.
    loop {
        let e = ws.parent_edge[v as usize];
        if e == u32::MAX {
            break;
        }
        edges.push(graph.edge_label(e as usize));
        v = tail_of(graph, e as usize);
    }
    edges.reverse();
    Path {
        weight,
        edges,
        source: v,
        target,
    }
}

/// The tail of CSR edge `e`: the node whose range contains it.
fn tail_of(graph: &CsrGraph, e: usize) -> u32 {
    let (mut lo, mut hi) = (0usize, graph.node_count());
    // Binary search for the last node whose first edge is <= e.
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if graph.out_edges(mid as u32).start <= e {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    //     1.0      1.0
    //  0 ----> 1 ----> 2
    //   \_____________/^
    //         5.0
    fn triangle() -> (CsrGraph, Vec<f64>) {
        let edges = [(0, 1), (1, 2), (0, 2)];
        let g = CsrGraph::from_edges(3, &edges).unwrap();
        (g, vec![1.0, 1.0, 5.0])
    }

    #[test]
    fn finds_the_lighter_two_edge_path() {
        let (g, w) = triangle();
        let mut ws = Workspace::new();
        let p = shortest_path(&g, &mut ws, &[0], |v| v == 2, |e| Some(w[e as usize])).unwrap();
        assert_eq!(p.weight, 2.0);
        assert_eq!(p.edges, vec![0, 1]);
        assert_eq!((p.source, p.target), (0, 2));
    }

    #[test]
    fn blocked_edges_are_skipped_and_workspace_is_reusable() {
        let (g, w) = triangle();
        let mut ws = Workspace::new();
        let p = shortest_path(
            &g,
            &mut ws,
            &[0],
            |v| v == 2,
            |e| (e != 1).then(|| w[e as usize]),
        )
        .unwrap();
        assert_eq!((p.weight, p.edges), (5.0, vec![2]));
        let p = shortest_path(&g, &mut ws, &[0], |v| v == 2, |e| Some(w[e as usize])).unwrap();
        assert_eq!(p.weight, 2.0);
        assert!(shortest_path(&g, &mut ws, &[2], |v| v == 0, |e| Some(w[e as usize])).is_none());
    }

    #[test]
    fn nan_and_negative_weights_are_unusable() {
        let (g, _) = triangle();
        let mut ws = Workspace::new();
        let w = [f64::NAN, -1.0, 3.0];
        let p = shortest_path(&g, &mut ws, &[0], |v| v == 2, |e| Some(w[e as usize])).unwrap();
        assert_eq!((p.weight, p.edges), (3.0, vec![2]));
    }
}
