//! The pathfinding core: a compact immutable graph and searches over it.
//!
//! Freight-agnostic: it sees `u32` node and edge ids and non-negative `f64` weights supplied by
//! the caller per query, so one prepared graph serves every objective and constraint set.

mod csr;
mod dijkstra;

pub use csr::{CsrGraph, GraphError};
pub use dijkstra::{shortest_path, Path, Workspace};
