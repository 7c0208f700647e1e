//! Compressed sparse row (forward star) adjacency.

use thiserror::Error;

/// A directed graph stored as compressed sparse rows: the edges leaving node `v` are
/// `first_out[v]..first_out[v + 1]`, and edge `e` goes to `head[e]`.
///
/// Invariants, checked by [`CsrGraph::from_edges`]: `first_out` has `node_count + 1`
/// non-decreasing entries starting at 0 and ending at `edge_count`; every head is a valid node.
/// Edge ids are positions in the sorted edge array; [`CsrGraph::edge_label`] maps them back to
/// the caller's own ids.
#[derive(Debug, Clone)]
pub struct CsrGraph {
    first_out: Vec<u32>,
    head: Vec<u32>,
    label: Vec<u32>,
}

/// Bad input to [`CsrGraph::from_edges`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
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
    /// More nodes or edges than 32-bit ids can address.
    #[error("graph too large: {0} exceeds the 32-bit id range")]
    TooLarge(usize),
}

impl CsrGraph {
    /// Builds the graph from `(from, to)` pairs over nodes `0..node_count`. The edge at input
    /// position `i` gets label `i`.
    ///
    /// # Complexity
    /// O(n + m) time and space (counting sort by tail).
    pub fn from_edges(node_count: usize, edges: &[(u32, u32)]) -> Result<Self, GraphError> {
        if node_count >= u32::MAX as usize {
            return Err(GraphError::TooLarge(node_count));
        }
        if edges.len() >= u32::MAX as usize {
            return Err(GraphError::TooLarge(edges.len()));
        }
        let mut first_out = vec![0u32; node_count + 1];
        for (i, &(from, to)) in edges.iter().enumerate() {
            if from as usize >= node_count || to as usize >= node_count {
                return Err(GraphError::NodeOutOfRange {
                    edge: i,
                    from,
                    to,
                    node_count,
                });
            }
            first_out[from as usize + 1] += 1;
        }
        for v in 0..node_count {
            first_out[v + 1] += first_out[v];
        }
        let mut next = first_out.clone();
        let mut head = vec![0u32; edges.len()];
        let mut label = vec![0u32; edges.len()];
        for (i, &(from, to)) in edges.iter().enumerate() {
            let slot = next[from as usize] as usize;
            next[from as usize] += 1;
            head[slot] = to;
            label[slot] = i as u32;
        }
        Ok(CsrGraph {
            first_out,
            head,
            label,
        })
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.first_out.len() - 1
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.head.len()
    }

    /// The edges leaving `v`, as a range of edge ids.
    #[inline]
    pub fn out_edges(&self, v: u32) -> std::ops::Range<usize> {
        self.first_out[v as usize] as usize..self.first_out[v as usize + 1] as usize
    }

    /// The node edge `e` leads to.
    #[inline]
    pub fn head(&self, e: usize) -> u32 {
        self.head[e]
    }

    /// The caller's label of edge `e`: its position in the input to [`CsrGraph::from_edges`].
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
        let g = CsrGraph::from_edges(3, &[(2, 0), (0, 1), (0, 2), (1, 2)]).unwrap();
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 4);
        let out0: Vec<_> = g
            .out_edges(0)
            .map(|e| (g.head(e), g.edge_label(e)))
            .collect();
        assert_eq!(out0, vec![(1, 1), (2, 2)]);
        let out2: Vec<_> = g
            .out_edges(2)
            .map(|e| (g.head(e), g.edge_label(e)))
            .collect();
        assert_eq!(out2, vec![(0, 0)]);
    }

    #[test]
    fn rejects_out_of_range_nodes() {
        let err = CsrGraph::from_edges(2, &[(0, 1), (1, 5)]).unwrap_err();
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
    }
}
