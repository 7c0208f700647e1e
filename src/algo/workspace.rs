//! Per-query search state, reused across queries and reset in O(1).

use super::heap::Heap;
use super::{CsrGraph, Path};

/// One node's search state, kept together so that touching a node costs one cache line.
#[derive(Debug, Clone, Copy)]
struct NodeState {
    dist: f64,
    parent_edge: u32,
    parent_node: u32,
    /// The generation in which `dist` and the parents were last set.
    reached: u32,
    /// The generation in which the node was settled.
    settled: u32,
}

const BLANK: NodeState = NodeState {
    dist: f64::INFINITY,
    parent_edge: NONE,
    parent_node: NONE,
    reached: 0,
    settled: 0,
};

/// Distances, parents, the settled set and the heap of one search, reused across queries.
///
/// Reset is O(1): a node's entries count only when its stamp equals the current generation,
/// so starting a query just bumps the generation, and a query allocates nothing once the
/// workspace has grown to the graph's size. Keep one per thread (it is `Send`).
///
/// After a search, [`Workspace::distance`] and [`Workspace::path_to`] read its results: for
/// [`shortest_path_tree`](super::shortest_path_tree) every reached node; for point-to-point
/// searches the nodes settled before the target (others hold upper bounds).
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    state: Vec<NodeState>,
    generation: u32,
    pub(crate) heap: Heap,
}

pub(crate) const NONE: u32 = u32::MAX;

impl Workspace {
    /// An empty workspace; it grows to the graph's size on first use.
    pub fn new() -> Self {
        Workspace::default()
    }

    /// Starts a new search over `node_count` nodes.
    pub(crate) fn start(&mut self, node_count: usize) {
        if self.state.len() < node_count {
            self.state.resize(node_count, BLANK);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // After 2^32 queries old stamps could look current: clear them once.
            self.state.iter_mut().for_each(|s| *s = BLANK);
            self.generation = 1;
        }
        self.heap.clear();
    }

    /// Tentative distance of `v` in the current search (infinite when not reached).
    #[inline]
    pub(crate) fn dist(&self, v: u32) -> f64 {
        match self.state.get(v as usize) {
            Some(s) if s.reached == self.generation => s.dist,
            _ => f64::INFINITY,
        }
    }

    /// Tentative distance of `v`, and whether it is settled, in one read.
    #[inline]
    pub(crate) fn probe(&self, v: u32) -> (f64, bool) {
        let s = &self.state[v as usize];
        let d = if s.reached == self.generation {
            s.dist
        } else {
            f64::INFINITY
        };
        (d, s.settled == self.generation)
    }

    #[inline]
    pub(crate) fn set(&mut self, v: u32, d: f64, parent_edge: u32, parent_node: u32) {
        let generation = self.generation;
        let s = &mut self.state[v as usize];
        s.reached = generation;
        s.dist = d;
        s.parent_edge = parent_edge;
        s.parent_node = parent_node;
    }

    #[inline]
    pub(crate) fn is_settled(&self, v: u32) -> bool {
        self.state[v as usize].settled == self.generation
    }

    #[inline]
    pub(crate) fn settle(&mut self, v: u32) {
        self.state[v as usize].settled = self.generation;
    }

    /// The distance from the sources to `v` found by the last search, if `v` was reached.
    pub fn distance(&self, v: u32) -> Option<f64> {
        let d = self.dist(v);
        d.is_finite().then_some(d)
    }

    /// The path from the sources to `v` found by the last search on `graph`, if `v` was
    /// reached.
    pub fn path_to(&self, graph: &CsrGraph, v: u32) -> Option<Path> {
        let weight = self.distance(v)?;
        let mut edges = Vec::new();
        let mut node = v;
        // Parent pointers form a tree rooted at the sources: each was set when a distance
        // strictly decreased, so the walk ends at a node without a parent.
        while self.state[node as usize].parent_edge != NONE {
            let s = &self.state[node as usize];
            edges.push(graph.edge_label(s.parent_edge as usize));
            node = s.parent_node;
        }
        edges.reverse();
        Some(Path {
            weight,
            edges,
            source: node,
            target: v,
        })
    }

    /// Parent edge (CSR position) and parent node of `v`.
    #[inline]
    pub(crate) fn parent(&self, v: u32) -> (u32, u32) {
        let s = &self.state[v as usize];
        (s.parent_edge, s.parent_node)
    }
}
