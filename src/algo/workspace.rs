//! Per-query search state, reused across queries and reset in O(1).

use super::heap::Heap;
use super::{CsrGraph, Path};

/// One node's search state in 16 bytes, so that touching a node costs one read and four
/// fit a cache line. The parent node is the parent edge's tail ([`CsrGraph::tail`]).
#[derive(Debug, Clone, Copy)]
struct NodeState {
    dist: f64,
    parent_edge: u32,
    /// `generation << 1` when reached in that generation, `| 1` once settled.
    stamp: u32,
}

const BLANK: NodeState = NodeState {
    dist: f64::INFINITY,
    parent_edge: NONE,
    stamp: 0,
};

/// Generations fit in 31 bits (the stamp's low bit marks settled nodes).
const MAX_GENERATION: u32 = u32::MAX >> 1;

/// Distances, parents, the settled set and the heap of one search, reused across queries.
///
/// Reset is O(1): a node's entries count only when its stamp equals the current generation,
/// so starting a query just bumps the generation, and a query allocates nothing once the
/// workspace has grown to the graph's size. Keep one per thread (it is `Send`).
///
/// Nodes are indexed by the graph's internal rank (see [`CsrGraph`]'s memory layout), so the
/// readers take the graph. After a search, [`Workspace::distance`] and [`Workspace::path_to`]
/// read its results: for [`shortest_path_tree`](super::shortest_path_tree) every reached
/// node; for point-to-point searches the junctions settled before the target and the chain
/// nodes between two of them (others hold upper bounds: lengths of real paths).
///
/// A workspace remembers which graph it last searched: reading it with another graph is a
/// mistake that would give wrong answers, so the readers panic instead (as indexing past the
/// end of a slice does). A workspace can search any graph, one after another.
///
/// # Example
/// ```
/// use corridor::algo::{dijkstra, CsrGraph, Workspace};
///
/// let g = CsrGraph::from_edges(3, &[(0, 1, 2.0), (1, 2, 1.5)]).unwrap();
/// let mut ws = Workspace::new();
/// dijkstra(&g, &mut ws, 0, 2).unwrap();
/// assert_eq!(ws.distance(&g, 1), Some(2.0));
/// assert!(ws.belongs_to(&g) && ws.belongs_to(&g.clone()));
/// assert!(!ws.belongs_to(&g.reversed()));
/// ```
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    state: Vec<NodeState>,
    generation: u32,
    pub(crate) heap: Heap,
    /// The identity and size of the graph of the last search (0: none yet).
    graph: (u64, usize),
}

pub(crate) const NONE: u32 = u32::MAX;

impl Workspace {
    /// An empty workspace; it grows to the graph's size on first use.
    pub fn new() -> Self {
        Workspace::default()
    }

    /// Starts a new search on `graph`.
    pub(crate) fn start(&mut self, graph: &CsrGraph) {
        let node_count = graph.node_count();
        self.graph = (graph.id(), node_count);
        if self.state.len() < node_count {
            self.state.resize(node_count, BLANK);
        }
        self.generation += 1;
        if self.generation > MAX_GENERATION {
            // After 2^31 queries old stamps could look current: clear them once.
            self.state.iter_mut().for_each(|s| *s = BLANK);
            self.generation = 1;
        }
        self.heap.clear();
    }

    /// Tentative distance of rank `v` in the current search (infinite when not reached).
    #[inline]
    pub(crate) fn dist(&self, v: u32) -> f64 {
        match self.state.get(v as usize) {
            Some(s) if s.stamp >> 1 == self.generation => s.dist,
            _ => f64::INFINITY,
        }
    }

    #[inline]
    pub(crate) fn set(&mut self, v: u32, d: f64, parent_edge: u32) {
        let stamp = self.generation << 1;
        let s = &mut self.state[v as usize];
        s.stamp = stamp;
        s.dist = d;
        s.parent_edge = parent_edge;
    }

    #[inline]
    pub(crate) fn is_settled(&self, v: u32) -> bool {
        self.state[v as usize].stamp == (self.generation << 1 | 1)
    }

    /// Marks a reached node settled.
    #[inline]
    pub(crate) fn settle(&mut self, v: u32) {
        self.state[v as usize].stamp = self.generation << 1 | 1;
    }

    /// Whether the last search ran on `graph` (or a clone of it).
    pub fn belongs_to(&self, graph: &CsrGraph) -> bool {
        self.graph == (graph.id(), graph.node_count())
    }

    /// The distance from the sources to node `v` found by the last search on `graph`, if `v`
    /// was reached.
    ///
    /// # Panics
    /// When the last search ran on another graph ([`Workspace::belongs_to`]): its distances
    /// mean nothing there. A workspace that never searched answers `None`.
    pub fn distance(&self, graph: &CsrGraph, v: u32) -> Option<f64> {
        self.check(graph);
        let d = self.dist(graph.rank(v)?);
        d.is_finite().then_some(d)
    }

    /// The path from the sources to node `v` found by the last search on `graph`, if `v` was
    /// reached.
    ///
    /// # Panics
    /// When the last search ran on another graph ([`Workspace::belongs_to`]).
    pub fn path_to(&self, graph: &CsrGraph, v: u32) -> Option<Path> {
        self.check(graph);
        self.path_to_rank(graph, graph.rank(v)?)
    }

    /// A workspace that never searched has reached nothing, on any graph.
    fn check(&self, graph: &CsrGraph) {
        assert!(
            self.graph.0 == 0 || self.belongs_to(graph),
            "this workspace's last search ran on another graph: read it with the \
             graph it searched"
        );
    }

    /// [`Workspace::path_to`] for rank `r`.
    pub(crate) fn path_to_rank(&self, graph: &CsrGraph, r: u32) -> Option<Path> {
        let weight = self.dist(r);
        if !weight.is_finite() {
            return None;
        }
        let mut edges = Vec::new();
        let source = self.walk_to_root(graph, r, &mut edges);
        edges.reverse();
        Some(Path {
            weight,
            edges,
            source: graph.node_at(source),
            target: graph.node_at(r),
        })
    }

    /// Pushes the labels of the tree edges from rank `v` back to its root (the search's
    /// source), nearest first, and returns the root's rank.
    ///
    /// Parent pointers form a tree rooted at the sources: each was set when a distance
    /// strictly decreased, so the walk ends at a node without a parent.
    pub(crate) fn walk_to_root(&self, graph: &CsrGraph, v: u32, out: &mut Vec<u32>) -> u32 {
        let mut node = v;
        loop {
            let e = self.state[node as usize].parent_edge;
            if e == NONE {
                return node;
            }
            out.push(graph.edge_label(e as usize));
            node = graph.tail_rank(e as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::dijkstra;

    fn path_graph() -> CsrGraph {
        CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0)]).unwrap()
    }

    #[test]
    fn a_workspace_knows_the_graph_it_searched() {
        let (g, other) = (path_graph(), path_graph());
        let mut ws = Workspace::new();
        // Never searched: nothing reached, on any graph.
        assert_eq!(ws.distance(&other, 1), None);
        dijkstra(&g, &mut ws, 0, 2).unwrap();
        assert!(ws.belongs_to(&g) && ws.belongs_to(&g.clone()));
        // The same edges, another graph: its distances would be read as this one's.
        assert!(!ws.belongs_to(&other));
        // A new search on the other graph ties the workspace to it.
        dijkstra(&other, &mut ws, 0, 2).unwrap();
        assert!(ws.belongs_to(&other) && !ws.belongs_to(&g));
        assert_eq!(ws.distance(&other, 2), Some(2.0));
    }

    #[test]
    #[should_panic(expected = "another graph")]
    fn reading_with_another_graph_panics_instead_of_answering_wrong() {
        let (g, other) = (path_graph(), path_graph());
        let mut ws = Workspace::new();
        dijkstra(&g, &mut ws, 0, 2).unwrap();
        ws.distance(&other, 1);
    }

    #[test]
    #[should_panic(expected = "another graph")]
    fn paths_read_with_another_graph_panic_too() {
        let (g, other) = (path_graph(), path_graph());
        let mut ws = Workspace::new();
        dijkstra(&g, &mut ws, 0, 2).unwrap();
        ws.path_to(&other, 2);
    }
}
