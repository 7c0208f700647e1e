//! The pathfinding core: a compact immutable graph and searches over it.
//!
//! Freight-agnostic: it sees `u32` node ids, `u32` edge labels and non-negative `f64`
//! weights — stored in the graph, or supplied per query by a closure, so one prepared graph
//! serves every objective and constraint set. Searches borrow a [`Workspace`] that is reset
//! in O(1), so a query allocates nothing but its result.
//!
//! | search | use |
//! |---|---|
//! | [`dijkstra`] | point to point, early exit |
//! | [`astar`] | point to point with a consistent lower bound |
//! | [`bidirectional_dijkstra`] | point to point from both ends |
//! | [`shortest_path_tree`] | one (or several) to all |
//! | [`search`] | the general form: several sources, a target predicate, per-query weights, optional heuristic |
//! | [`Cch`] | many queries and matrices on one graph: prepare once, customize per metric ([`cch`]) |
//!
//! `&CsrGraph` also implements petgraph's graph traits ([`CsrEdge`] and the iterators beside
//! it), so petgraph's algorithms and traversals run on it unchanged.

mod bidirectional;
pub mod cch;
mod csr;
mod dijkstra;
mod heap;
mod visit;
mod workspace;

pub use bidirectional::bidirectional_dijkstra;
pub use cch::{Cch, CchError, CchMetric, CchWorkspace, MetricWeights};
pub use csr::{CsrGraph, GraphError};
pub use dijkstra::{astar, dijkstra, search, search_timed, shortest_path_tree, Path};
pub use visit::{CsrEdge, CsrEdgeReferences, CsrEdges, CsrNeighbors, CsrNodeReferences};
pub use workspace::Workspace;
