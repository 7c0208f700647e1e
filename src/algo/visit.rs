//! petgraph's graph traits for `&CsrGraph`, so that petgraph's algorithms and traversals run on
//! the core graph unchanged.
//!
//! # Ids
//! - **Nodes** are the caller's `u32` ids, `0..node_count()` (the ids given to
//!   [`CsrGraph::from_edges`]; the graph's internal depth-first numbering never shows).
//! - **Edges** are `u32` *CSR positions*, `0..edge_count()`: what [`CsrGraph::head`],
//!   [`CsrGraph::tail`] and [`CsrGraph::weight`] take, and unique per edge, so parallel edges
//!   stay distinct. [`CsrGraph::edge_label`]`(id as usize)` maps a position to the caller's
//!   edge id (its position in the input). Positions rather than labels because they are what
//!   every accessor of the graph speaks; a label would need a look-up table to get back to
//!   the edge.
//!
//! # Traits
//! [`GraphBase`], [`Data`] (node weight `()`, edge weight `f64`), [`IntoNeighbors`],
//! [`IntoEdges`], [`IntoEdgeReferences`], [`IntoNodeIdentifiers`], [`IntoNodeReferences`],
//! [`NodeIndexable`], [`NodeCompactIndexable`], [`EdgeIndexable`], [`NodeCount`],
//! [`EdgeCount`], [`GraphProp`] (directed) and [`Visitable`] (a bit set). Enough for
//! petgraph's `dijkstra`, `astar`, `bellman_ford`, `tarjan_scc`, `connected_components`,
//! `is_cyclic_directed`, `has_path_connecting`, and the `Dfs`, `Bfs` and `DfsPostOrder`
//! traversals, among others.
//!
//! Not implemented: `IntoNeighborsDirected` and `IntoEdgesDirected`. Incoming edges need the
//! reversed graph, which the CSR does not keep; building it on each call would allocate
//! O(n + m). So algorithms that walk edges backwards (`kosaraju_scc`, `toposort`,
//! `condensation`, `Reversed`) do not apply; run forwards algorithms on
//! [`CsrGraph::reversed`] instead, which has the same node ids (its edge positions differ;
//! labels are kept).
//!
//! Iterating the neighbours or edges of a node allocates nothing: the iterators walk the
//! node's range of edge positions.
//!
//! # Example
//! ```
//! use corridor::algo::CsrGraph;
//! use petgraph::visit::EdgeRef;
//!
//! //  0 --2.0--> 1 --1.5--> 2
//! //   \_______4.0_______/^
//! let g = CsrGraph::from_edges(3, &[(0, 1, 2.0), (1, 2, 1.5), (0, 2, 4.0)]).unwrap();
//! let dist = petgraph::algo::dijkstra(&g, 0, None, |e| *e.weight());
//! assert_eq!(dist[&2], 3.5);
//!
//! // Edge ids are CSR positions; labels are the input positions.
//! let labels: Vec<u32> = petgraph::visit::IntoEdges::edges(&g, 0)
//!     .map(|e| g.edge_label(e.id() as usize))
//!     .collect();
//! assert_eq!(labels, [0, 2]);
//! assert_eq!(petgraph::algo::tarjan_scc(&g).len(), 3);
//! ```

use std::iter::FusedIterator;
use std::ops::Range;

use petgraph::visit::{
    Data, EdgeCount, EdgeIndexable, EdgeRef, GraphBase, GraphProp, IntoEdgeReferences, IntoEdges,
    IntoNeighbors, IntoNodeIdentifiers, IntoNodeReferences, NodeCompactIndexable, NodeCount,
    NodeIndexable, Visitable,
};
use petgraph::Directed;

use super::CsrGraph;

/// petgraph's bit set (`fixedbitset::FixedBitSet`), named through a petgraph graph type
/// whose visit map it is, so that `corridor` needs no dependency of its own on it.
type BitSet = <petgraph::Graph<(), ()> as Visitable>::Map;

/// An edge of a [`CsrGraph`] as petgraph sees it: [`EdgeRef`] gives its tail (`source`),
/// head (`target`), weight and id (its CSR position).
///
/// Made by [`IntoEdges::edges`] and [`IntoEdgeReferences::edge_references`] on `&CsrGraph`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CsrEdge {
    source: u32,
    target: u32,
    weight: f64,
    position: u32,
}

impl CsrEdge {
    fn at(graph: &CsrGraph, source: u32, e: usize) -> CsrEdge {
        CsrEdge {
            source,
            target: graph.head(e),
            weight: graph.weight(e),
            // Positions fit: `from_edges` refuses more than `u32::MAX - 1` edges.
            position: e as u32,
        }
    }
}

impl EdgeRef for CsrEdge {
    type NodeId = u32;
    type EdgeId = u32;
    type Weight = f64;

    /// The node the edge leaves.
    fn source(&self) -> u32 {
        self.source
    }

    /// The node the edge leads to.
    fn target(&self) -> u32 {
        self.target
    }

    /// The edge's stored weight.
    fn weight(&self) -> &f64 {
        &self.weight
    }

    /// The edge's CSR position (see [`CsrGraph::edge_label`] for the caller's id).
    fn id(&self) -> u32 {
        self.position
    }
}

/// The heads of the edges leaving one node of a [`CsrGraph`], in CSR order (parallel edges
/// give their head once each). Made by [`IntoNeighbors::neighbors`].
#[derive(Debug, Clone)]
pub struct CsrNeighbors<'a> {
    graph: &'a CsrGraph,
    edges: Range<usize>,
}

impl Iterator for CsrNeighbors<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        self.edges.next().map(|e| self.graph.head(e))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.edges.size_hint()
    }
}

impl DoubleEndedIterator for CsrNeighbors<'_> {
    fn next_back(&mut self) -> Option<u32> {
        self.edges.next_back().map(|e| self.graph.head(e))
    }
}

impl ExactSizeIterator for CsrNeighbors<'_> {}
impl FusedIterator for CsrNeighbors<'_> {}

/// The edges leaving one node of a [`CsrGraph`], in CSR order. Made by [`IntoEdges::edges`].
#[derive(Debug, Clone)]
pub struct CsrEdges<'a> {
    graph: &'a CsrGraph,
    source: u32,
    edges: Range<usize>,
}

impl Iterator for CsrEdges<'_> {
    type Item = CsrEdge;

    #[inline]
    fn next(&mut self) -> Option<CsrEdge> {
        self.edges
            .next()
            .map(|e| CsrEdge::at(self.graph, self.source, e))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.edges.size_hint()
    }
}

impl DoubleEndedIterator for CsrEdges<'_> {
    fn next_back(&mut self) -> Option<CsrEdge> {
        self.edges
            .next_back()
            .map(|e| CsrEdge::at(self.graph, self.source, e))
    }
}

impl ExactSizeIterator for CsrEdges<'_> {}
impl FusedIterator for CsrEdges<'_> {}

/// Every edge of a [`CsrGraph`], by CSR position (grouped by tail; the tails in the graph's
/// internal order, not by id). Made by [`IntoEdgeReferences::edge_references`].
#[derive(Debug, Clone)]
pub struct CsrEdgeReferences<'a> {
    graph: &'a CsrGraph,
    edges: Range<usize>,
}

impl Iterator for CsrEdgeReferences<'_> {
    type Item = CsrEdge;

    #[inline]
    fn next(&mut self) -> Option<CsrEdge> {
        let g = self.graph;
        self.edges.next().map(|e| CsrEdge::at(g, g.tail(e), e))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.edges.size_hint()
    }
}

impl DoubleEndedIterator for CsrEdgeReferences<'_> {
    fn next_back(&mut self) -> Option<CsrEdge> {
        let g = self.graph;
        self.edges.next_back().map(|e| CsrEdge::at(g, g.tail(e), e))
    }
}

impl ExactSizeIterator for CsrEdgeReferences<'_> {}
impl FusedIterator for CsrEdgeReferences<'_> {}

/// The node ids of a [`CsrGraph`] paired with their (empty) weights, for petgraph's
/// [`IntoNodeReferences`].
#[derive(Debug, Clone)]
pub struct CsrNodeReferences(Range<u32>);

impl Iterator for CsrNodeReferences {
    type Item = (u32, ());

    fn next(&mut self) -> Option<(u32, ())> {
        self.0.next().map(|v| (v, ()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for CsrNodeReferences {
    fn next_back(&mut self) -> Option<(u32, ())> {
        self.0.next_back().map(|v| (v, ()))
    }
}

impl ExactSizeIterator for CsrNodeReferences {}
impl FusedIterator for CsrNodeReferences {}

// The by-value traits are implemented for `CsrGraph`; petgraph extends them to `&CsrGraph`.

impl GraphBase for CsrGraph {
    type NodeId = u32;
    type EdgeId = u32;
}

impl Data for CsrGraph {
    type NodeWeight = ();
    type EdgeWeight = f64;
}

impl GraphProp for CsrGraph {
    type EdgeType = Directed;
}

impl NodeCount for CsrGraph {
    fn node_count(&self) -> usize {
        CsrGraph::node_count(self)
    }
}

impl EdgeCount for CsrGraph {
    fn edge_count(&self) -> usize {
        CsrGraph::edge_count(self)
    }
}

impl NodeIndexable for CsrGraph {
    fn node_bound(&self) -> usize {
        CsrGraph::node_count(self)
    }

    fn to_index(&self, a: u32) -> usize {
        a as usize
    }

    fn from_index(&self, i: usize) -> u32 {
        i as u32
    }
}

impl NodeCompactIndexable for CsrGraph {}

impl EdgeIndexable for CsrGraph {
    fn edge_bound(&self) -> usize {
        CsrGraph::edge_count(self)
    }

    fn to_index(&self, a: u32) -> usize {
        a as usize
    }

    fn from_index(&self, i: usize) -> u32 {
        i as u32
    }
}

impl Visitable for CsrGraph {
    type Map = BitSet;

    fn visit_map(&self) -> BitSet {
        BitSet::with_capacity(CsrGraph::node_count(self))
    }

    fn reset_map(&self, map: &mut BitSet) {
        map.clear();
        map.grow(CsrGraph::node_count(self));
    }
}

impl<'a> IntoNeighbors for &'a CsrGraph {
    type Neighbors = CsrNeighbors<'a>;

    /// The heads of the edges leaving `a` (none when `a` is not a node).
    fn neighbors(self, a: u32) -> CsrNeighbors<'a> {
        CsrNeighbors {
            graph: self,
            edges: self.out_edges(a),
        }
    }
}

impl<'a> IntoEdgeReferences for &'a CsrGraph {
    type EdgeRef = CsrEdge;
    type EdgeReferences = CsrEdgeReferences<'a>;

    fn edge_references(self) -> CsrEdgeReferences<'a> {
        CsrEdgeReferences {
            graph: self,
            edges: 0..CsrGraph::edge_count(self),
        }
    }
}

impl<'a> IntoEdges for &'a CsrGraph {
    type Edges = CsrEdges<'a>;

    /// The edges leaving `a` (none when `a` is not a node).
    fn edges(self, a: u32) -> CsrEdges<'a> {
        CsrEdges {
            graph: self,
            source: a,
            edges: self.out_edges(a),
        }
    }
}

impl IntoNodeIdentifiers for &CsrGraph {
    type NodeIdentifiers = Range<u32>;

    fn node_identifiers(self) -> Range<u32> {
        // Node counts fit: `from_edges` refuses `u32::MAX` nodes or more.
        0..CsrGraph::node_count(self) as u32
    }
}

impl IntoNodeReferences for &CsrGraph {
    type NodeRef = (u32, ());
    type NodeReferences = CsrNodeReferences;

    fn node_references(self) -> CsrNodeReferences {
        CsrNodeReferences(self.node_identifiers())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::visit::{Bfs, Dfs, VisitMap, Walker};

    /// 0 -> 1 (twice), 1 -> 2, 2 -> 0, 2 -> 2, 3 -> 1; 4 alone. Internally renumbered.
    fn sample() -> CsrGraph {
        let edges = [
            (0, 1, 1.0),
            (0, 1, 0.5),
            (1, 2, 2.0),
            (2, 0, 0.0),
            (2, 2, 3.0),
            (3, 1, 1.0),
        ];
        CsrGraph::from_edges(5, &edges).unwrap()
    }

    #[test]
    fn edges_speak_caller_ids_and_positions() {
        let g = sample();
        let mut seen: Vec<(u32, u32, f64, u32)> = (&g)
            .edge_references()
            .map(|e| {
                assert_eq!(
                    (g.tail(e.id() as usize), g.head(e.id() as usize)),
                    (e.source(), e.target())
                );
                assert_eq!(g.weight(e.id() as usize), *e.weight());
                (
                    e.source(),
                    e.target(),
                    *e.weight(),
                    g.edge_label(e.id() as usize),
                )
            })
            .collect();
        seen.sort_by_key(|e| e.3);
        assert_eq!(
            seen,
            [
                (0, 1, 1.0, 0),
                (0, 1, 0.5, 1),
                (1, 2, 2.0, 2),
                (2, 0, 0.0, 3),
                (2, 2, 3.0, 4),
                (3, 1, 1.0, 5)
            ]
        );
        // Ids are unique and cover 0..edge_count: parallel edges stay distinct.
        let mut ids: Vec<u32> = (&g).edge_references().map(|e| e.id()).collect();
        ids.sort_unstable();
        assert_eq!(ids, (0..6).collect::<Vec<_>>());
        assert_eq!(EdgeIndexable::edge_bound(&&g), 6);
    }

    #[test]
    fn neighbours_and_edges_of_each_node() {
        let g = sample();
        let out = |v: u32| {
            let mut n: Vec<u32> = (&g).neighbors(v).collect();
            n.sort_unstable();
            n
        };
        assert_eq!(out(0), [1, 1]);
        assert_eq!(out(2), [0, 2]);
        assert_eq!(out(4), [] as [u32; 0]);
        // Not a node: nothing, no panic.
        assert_eq!((&g).neighbors(9).count(), 0);
        assert_eq!((&g).edges(9).count(), 0);
        assert_eq!((&g).neighbors(0).len(), 2);
        assert!((&g).edges(3).all(|e| e.source() == 3 && e.target() == 1));
        let rev: Vec<u32> = (&g).neighbors(2).rev().collect();
        let mut fwd: Vec<u32> = (&g).neighbors(2).collect();
        fwd.reverse();
        assert_eq!(rev, fwd);
    }

    #[test]
    fn counts_indices_and_visit_maps() {
        let g = sample();
        let g = &g;
        assert_eq!(
            (NodeCount::node_count(&g), EdgeCount::edge_count(&g)),
            (5, 6)
        );
        assert_eq!(g.node_bound(), 5);
        assert_eq!(g.node_identifiers().collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
        assert_eq!(g.node_references().map(|n| n.0).sum::<u32>(), 10);
        assert!(g.is_directed());
        let mut map = g.visit_map();
        assert!(map.visit(4u32) && !map.visit(4u32));
        g.reset_map(&mut map);
        assert!(!map.is_visited(&4u32));
        // Traversals in caller ids: 0 reaches 1 and 2, never 3 or 4.
        let mut reached: Vec<u32> = Dfs::new(g, 0).iter(g).collect();
        reached.sort_unstable();
        assert_eq!(reached, [0, 1, 2]);
        assert_eq!(Bfs::new(g, 3).iter(g).count(), 4);
    }

    #[test]
    fn petgraph_algorithms_run_unchanged() {
        let g = sample();
        let d = petgraph::algo::dijkstra(&g, 3, None, |e| *e.weight());
        assert_eq!((d[&1], d[&2], d[&0]), (1.0, 3.0, 3.0));
        assert!(!d.contains_key(&4));
        let bf = petgraph::algo::bellman_ford(&g, 0).unwrap();
        assert_eq!(bf.distances, [0.0, 0.5, 2.5, f64::INFINITY, f64::INFINITY]);
        let mut scc: Vec<Vec<u32>> = petgraph::algo::tarjan_scc(&g)
            .into_iter()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        scc.sort();
        assert_eq!(scc, [vec![0, 1, 2], vec![3], vec![4]]);
        assert_eq!(petgraph::algo::connected_components(&g), 2);
        assert!(petgraph::algo::is_cyclic_directed(&g));
        assert!(petgraph::algo::has_path_connecting(&g, 3, 0, None));
        assert!(!petgraph::algo::has_path_connecting(&g, 0, 3, None));
    }
}
