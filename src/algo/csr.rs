//! Compressed sparse row (forward star) graph: the compact, immutable graph searches run on.

use thiserror::Error;

/// A directed graph with non-negative edge weights, stored as compressed sparse rows.
///
/// The edges leaving node `v` are the positions `first_out[v]..first_out[v + 1]`; edge `e`
/// goes to `head[e]` with weight `weight[e]`. Node and edge ids are `u32`.
///
/// # Invariants
/// Checked by [`CsrGraph::from_edges`], relied on by every search:
/// - `first_out` has `node_count + 1` non-decreasing entries, from 0 to `edge_count`;
/// - every head is `< node_count`;
/// - every weight is finite and `>= 0`.
///
/// Edges are reordered by tail; [`CsrGraph::edge_label`] gives each one's position in the
/// caller's input, so parallel edges (two modes, two lines between the same places) stay
/// distinct in the paths the searches return.
///
/// # Example
/// ```
/// use corridor::algo::CsrGraph;
///
/// //  0 --2.0--> 1 --1.5--> 2
/// let g = CsrGraph::from_edges(3, &[(0, 1, 2.0), (1, 2, 1.5)]).unwrap();
/// assert_eq!(g.node_count(), 3);
/// let e = g.out_edges(1).start;
/// assert_eq!((g.head(e), g.weight(e), g.edge_label(e)), (2, 1.5, 1));
/// ```
#[derive(Debug, Clone)]
pub struct CsrGraph {
    first_out: Vec<u32>,
    head: Vec<u32>,
    tail: Vec<u32>,
    weight: Vec<f64>,
    label: Vec<u32>,
}

/// Bad input to [`CsrGraph::from_edges`].
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GraphError {
    /// An edge names a node outside `0..node_count`.
    #[error("edge {edge} ({from} -> {to}) names a node outside 0..{node_count}")]
    NodeOutOfRange {
        /// Position of the edge in the input.
        edge: usize,
        /// Tail node.
        from: u32,
        /// Head node.
        to: u32,
        /// Number of nodes in the graph.
        node_count: usize,
    },
    /// An edge weight is NaN, infinite or negative.
    #[error("edge {edge} ({from} -> {to}) has weight {weight}; weights must be finite and >= 0")]
    BadWeight {
        /// Position of the edge in the input.
        edge: usize,
        /// Tail node.
        from: u32,
        /// Head node.
        to: u32,
        /// The weight given.
        weight: f64,
    },
    /// More nodes or edges than 32-bit ids can address.
    #[error("graph too large: {0} exceeds the 32-bit id range")]
    TooLarge(usize),
}

impl CsrGraph {
    /// Builds the graph from `(from, to, weight)` triples over nodes `0..node_count`. The edge
    /// at input position `i` gets label `i`.
    ///
    /// # Errors
    /// [`GraphError`] for ids out of range, NaN, infinite or negative weights, or sizes beyond
    /// `u32`.
    ///
    /// # Complexity
    /// O(n + m) time and space (a counting sort by tail; stable, so edges of one tail keep
    /// their input order).
    pub fn from_edges(node_count: usize, edges: &[(u32, u32, f64)]) -> Result<Self, GraphError> {
        if node_count >= u32::MAX as usize {
            return Err(GraphError::TooLarge(node_count));
        }
        if edges.len() >= u32::MAX as usize {
            return Err(GraphError::TooLarge(edges.len()));
        }
        let mut first_out = vec![0u32; node_count + 1];
        for (i, &(from, to, weight)) in edges.iter().enumerate() {
            if from as usize >= node_count || to as usize >= node_count {
                return Err(GraphError::NodeOutOfRange {
                    edge: i,
                    from,
                    to,
                    node_count,
                });
            }
            if !(weight.is_finite() && weight >= 0.0) {
                return Err(GraphError::BadWeight {
                    edge: i,
                    from,
                    to,
                    weight,
                });
            }
            first_out[from as usize + 1] += 1;
        }
        for v in 0..node_count {
            first_out[v + 1] += first_out[v];
        }
        let mut next = first_out.clone();
        let mut head = vec![0u32; edges.len()];
        let mut tail = vec![0u32; edges.len()];
        let mut weight = vec![0f64; edges.len()];
        let mut label = vec![0u32; edges.len()];
        for (i, &(from, to, w)) in edges.iter().enumerate() {
            let slot = next[from as usize] as usize;
            next[from as usize] += 1;
            head[slot] = to;
            tail[slot] = from;
            weight[slot] = w;
            label[slot] = i as u32;
        }
        Ok(CsrGraph {
            first_out,
            head,
            tail,
            weight,
            label,
        })
    }

    /// The same edges reversed (each `u -> v` becomes `v -> u`), keeping weights and labels:
    /// the graph a backward search runs on.
    pub fn reversed(&self) -> CsrGraph {
        let n = self.node_count();
        let mut edges = vec![(0u32, 0u32, 0f64); self.edge_count()];
        for v in 0..n as u32 {
            for e in self.out_edges(v) {
                edges[self.label[e] as usize] = (self.head[e], v, self.weight[e]);
            }
        }
        // The forward graph satisfied every invariant, so the reversed edges do too.
        CsrGraph::from_edges(n, &edges).expect("reversing a valid graph keeps it valid")
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.first_out.len() - 1
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.head.len()
    }

    /// The edges leaving `v`, as a range of edge positions.
    #[inline]
    pub fn out_edges(&self, v: u32) -> std::ops::Range<usize> {
        self.first_out[v as usize] as usize..self.first_out[v as usize + 1] as usize
    }

    /// The node edge `e` leads to.
    #[inline]
    pub fn head(&self, e: usize) -> u32 {
        self.head[e]
    }

    /// The node edge `e` leaves.
    #[inline]
    pub fn tail(&self, e: usize) -> u32 {
        self.tail[e]
    }

    /// The stored weight of edge `e`.
    #[inline]
    pub fn weight(&self, e: usize) -> f64 {
        self.weight[e]
    }

    /// The caller's id of edge `e`: its position in the input to [`CsrGraph::from_edges`].
    #[inline]
    pub fn edge_label(&self, e: usize) -> u32 {
        self.label[e]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_edges_by_tail_and_keeps_labels() {
        let g =
            CsrGraph::from_edges(3, &[(2, 0, 1.0), (0, 1, 2.0), (0, 2, 3.0), (1, 2, 4.0)]).unwrap();
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 4);
        let out0: Vec<_> = g
            .out_edges(0)
            .map(|e| (g.head(e), g.weight(e), g.edge_label(e)))
            .collect();
        assert_eq!(out0, vec![(1, 2.0, 1), (2, 3.0, 2)]);
        let out2: Vec<_> = g
            .out_edges(2)
            .map(|e| (g.head(e), g.edge_label(e)))
            .collect();
        assert_eq!(out2, vec![(0, 0)]);
    }

    #[test]
    fn reversed_keeps_labels_and_weights() {
        let g = CsrGraph::from_edges(3, &[(0, 1, 2.0), (0, 1, 5.0), (1, 2, 1.0)]).unwrap();
        let r = g.reversed();
        let into1: Vec<_> = r
            .out_edges(1)
            .map(|e| (r.head(e), r.weight(e), r.edge_label(e)))
            .collect();
        assert_eq!(into1, vec![(0, 2.0, 0), (0, 5.0, 1)]);
    }

    #[test]
    fn rejects_bad_ids_and_weights() {
        let err = CsrGraph::from_edges(2, &[(0, 1, 1.0), (1, 5, 1.0)]).unwrap_err();
        assert_eq!(
            err,
            GraphError::NodeOutOfRange {
                edge: 1,
                from: 1,
                to: 5,
                node_count: 2
            }
        );
        assert!(err.to_string().contains("edge 1 (1 -> 5)"));
        for w in [f64::NAN, -1.0, f64::INFINITY] {
            let err = CsrGraph::from_edges(2, &[(0, 1, w)]).unwrap_err();
            assert!(
                matches!(err, GraphError::BadWeight { edge: 0, .. }),
                "{err}"
            );
            assert!(err.to_string().contains("finite and >= 0"));
        }
    }
}
