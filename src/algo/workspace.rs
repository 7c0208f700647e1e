//! Per-query search state, reused across queries and reset in O(1).

use super::heap::Heap;
use super::{CsrGraph, Path};

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
    dist: Vec<f64>,
    parent_edge: Vec<u32>,
    parent_node: Vec<u32>,
    stamp: Vec<u32>,
    settled: Vec<u32>,
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
        if self.dist.len() < node_count {
            self.dist.resize(node_count, f64::INFINITY);
            self.parent_edge.resize(node_count, NONE);
            self.parent_node.resize(node_count, NONE);
            self.stamp.resize(node_count, 0);
            self.settled.resize(node_count, 0);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // After 2^32 queries old stamps could look current: clear them once.
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.settled.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        self.heap.clear();
    }

    /// Tentative distance of `v` in the current search (infinite when not reached).
    #[inline]
    pub(crate) fn dist(&self, v: u32) -> f64 {
        if self.stamp.get(v as usize) == Some(&self.generation) {
            self.dist[v as usize]
        } else {
            f64::INFINITY
        }
    }

    #[inline]
    pub(crate) fn set(&mut self, v: u32, d: f64, parent_edge: u32, parent_node: u32) {
        let i = v as usize;
        self.stamp[i] = self.generation;
        self.dist[i] = d;
        self.parent_edge[i] = parent_edge;
        self.parent_node[i] = parent_node;
    }

    #[inline]
    pub(crate) fn is_settled(&self, v: u32) -> bool {
        self.settled[v as usize] == self.generation
    }

    #[inline]
    pub(crate) fn settle(&mut self, v: u32) {
        self.settled[v as usize] = self.generation;
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
        while self.parent_edge[node as usize] != NONE {
            edges.push(graph.edge_label(self.parent_edge[node as usize] as usize));
            node = self.parent_node[node as usize];
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
        (self.parent_edge[v as usize], self.parent_node[v as usize])
    }
}
