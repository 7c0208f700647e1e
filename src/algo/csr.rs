//! Compressed sparse row (forward star) graph: the compact, immutable graph searches run on.

use std::sync::Arc;

use thiserror::Error;

/// A directed graph with non-negative edge weights, stored as compressed sparse rows.
///
/// The edges leaving node `v` are a range of edge positions ([`CsrGraph::out_edges`]); edge
/// `e` goes to [`CsrGraph::head`]`(e)` with weight [`CsrGraph::weight`]`(e)`. Node and edge ids
/// are `u32`.
///
/// # Memory layout
/// On graphs larger than the cache, a node whose data sits far from the last one settled costs
/// a slow memory load, so the graph stores its nodes in depth-first order: a node's
/// neighbours, their edges and their search state sit close together and share cache lines.
/// This renumbering is internal; every method, search and [`Path`](super::Path) speaks the
/// caller's node ids. (On the OSM world railway graph it makes Dijkstra about 1.3× faster
/// than the file's own order; `BENCHMARKS.md`.)
///
/// The graph also marks its *chain nodes*: nodes with at most two distinct neighbours (over
/// edges in both directions) and no self-loop, such as the stations and shape points along a
/// railway line between junctions. Searches walk along chains without queueing their nodes
/// (see [`search`](super::search)).
///
/// # Invariants
/// Checked by [`CsrGraph::from_edges`], relied on by every search:
/// - `first_out` has `node_count + 1` non-decreasing entries, from 0 to `edge_count`;
/// - every head and tail is `< node_count`; `rank` and `node_at` are inverse permutations;
/// - every weight is finite and `>= 0`.
///
/// Edges are grouped by tail, in input order within one tail; [`CsrGraph::edge_label`] gives
/// each one's position in the caller's input, so parallel edges (two modes, two lines between
/// the same places) stay distinct in the paths the searches return.
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
    /// Indexed by rank (internal node id); the edges of rank `r` are
    /// `first_out[r]..first_out[r + 1]`.
    first_out: Vec<u32>,
    /// Rank of each edge's head.
    head: Vec<u32>,
    /// Rank of each edge's tail.
    tail: Vec<u32>,
    weight: Vec<f64>,
    label: Vec<u32>,
    /// Caller's node id -> rank (shared with the graph's [`CsrGraph::reversed`]).
    rank: Arc<[u32]>,
    /// Rank -> caller's node id.
    node_at: Arc<[u32]>,
    /// Bit `r` is set when rank `r` is a *chain node*: at most two distinct neighbours (over
    /// in- and out-edges) and no self-loop. Searches walk along chains of such nodes instead
    /// of queueing each one. The same for a graph and its [`CsrGraph::reversed`], so shared.
    chain: Arc<[u64]>,
    /// Which graph this is, so that a [`Workspace`](super::Workspace) can tell whether it
    /// last searched this graph (clones share it: they are the same graph).
    id: u64,
}

/// The next graph identity.
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
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

/// `first_out` offsets of a counting sort of `tails` over `0..node_count`.
fn offsets(node_count: usize, tails: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut first_out = vec![0u32; node_count + 1];
    for t in tails {
        first_out[t as usize + 1] += 1;
    }
    for v in 0..node_count {
        first_out[v + 1] += first_out[v];
    }
    first_out
}

/// Depth-first preorder of the nodes (roots in id order, out-edges in CSR order), as
/// `(rank, node_at)`: nodes reached one after the other get neighbouring ranks.
fn depth_first_order(first_out: &[u32], head: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let n = first_out.len() - 1;
    let mut rank = vec![u32::MAX; n];
    let mut node_at = Vec::with_capacity(n);
    let mut stack = Vec::new();
    for root in 0..n as u32 {
        if rank[root as usize] != u32::MAX {
            continue;
        }
        stack.push(root);
        while let Some(v) = stack.pop() {
            if rank[v as usize] != u32::MAX {
                continue;
            }
            rank[v as usize] = node_at.len() as u32;
            node_at.push(v);
            // Reversed, so the first out-edge is followed first.
            let edges = first_out[v as usize] as usize..first_out[v as usize + 1] as usize;
            for &u in head[edges].iter().rev() {
                if rank[u as usize] == u32::MAX {
                    stack.push(u);
                }
            }
        }
    }
    (rank, node_at)
}

/// The chain-node bit set (see [`CsrGraph`]'s `chain` field) of `edges` over `n` nodes.
fn chain_nodes(n: usize, edges: impl Iterator<Item = (u32, u32)>) -> Vec<u64> {
    const NO: u32 = u32::MAX;
    // Up to two distinct neighbours per node; `chain` cleared on a third or a self-loop.
    let mut seen = vec![[NO; 2]; n];
    let mut chain = vec![true; n];
    let mut meet = |v: u32, u: u32| {
        let s = &mut seen[v as usize];
        if v == u {
            chain[v as usize] = false;
        } else if !s.contains(&u) {
            match s.iter().position(|&x| x == NO) {
                Some(free) => s[free] = u,
                None => chain[v as usize] = false,
            }
        }
    };
    for (a, b) in edges {
        meet(a, b);
        meet(b, a);
    }
    let mut bits = vec![0u64; n.div_ceil(64)];
    for (v, _) in chain.iter().enumerate().filter(|(_, &c)| c) {
        bits[v / 64] |= 1 << (v % 64);
    }
    bits
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
    /// O(n + m) time and space (a depth-first pass and two counting sorts).
    pub fn from_edges(node_count: usize, edges: &[(u32, u32, f64)]) -> Result<Self, GraphError> {
        if node_count >= u32::MAX as usize {
            return Err(GraphError::TooLarge(node_count));
        }
        if edges.len() >= u32::MAX as usize {
            return Err(GraphError::TooLarge(edges.len()));
        }
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
        }
        // Heads grouped by the caller's tail ids: the adjacency the depth-first pass walks.
        let by_id = offsets(node_count, edges.iter().map(|e| e.0));
        let mut next = by_id.clone();
        let mut head_by_id = vec![0u32; edges.len()];
        for &(from, to, _) in edges {
            head_by_id[next[from as usize] as usize] = to;
            next[from as usize] += 1;
        }
        let (rank, node_at) = depth_first_order(&by_id, &head_by_id);
        drop(head_by_id);
        let ranked = edges
            .iter()
            .map(|&(from, to, w)| (rank[from as usize], rank[to as usize], w));
        let mut graph = Self::build(ranked, edges.len(), node_count);
        graph.chain = chain_nodes(
            node_count,
            graph.tail.iter().copied().zip(graph.head.iter().copied()),
        )
        .into();
        (graph.rank, graph.node_at) = (rank.into(), node_at.into());
        Ok(graph)
    }

    /// The CSR arrays of `edges` given in ranks (input position = label), with an empty
    /// numbering for the caller to fill in. The caller guarantees the invariants.
    fn build(
        edges: impl Iterator<Item = (u32, u32, f64)> + Clone,
        edge_count: usize,
        node_count: usize,
    ) -> CsrGraph {
        let first_out = offsets(node_count, edges.clone().map(|e| e.0));
        let mut next = first_out.clone();
        let mut head = vec![0u32; edge_count];
        let mut tail = vec![0u32; edge_count];
        let mut weight = vec![0f64; edge_count];
        let mut label = vec![0u32; edge_count];
        for (i, (from, to, w)) in edges.enumerate() {
            let slot = next[from as usize] as usize;
            next[from as usize] += 1;
            head[slot] = to;
            tail[slot] = from;
            weight[slot] = w;
            label[slot] = i as u32;
        }
        CsrGraph {
            first_out,
            head,
            tail,
            weight,
            label,
            rank: Arc::from([]),
            node_at: Arc::from([]),
            chain: Arc::from([]),
            id: next_id(),
        }
    }

    /// The same edges reversed (each `u -> v` becomes `v -> u`), keeping weights, labels and
    /// the node layout: the graph a backward search runs on.
    pub fn reversed(&self) -> CsrGraph {
        let mut edges = vec![(0u32, 0u32, 0f64); self.edge_count()];
        for e in 0..self.edge_count() {
            edges[self.label[e] as usize] = (self.head[e], self.tail[e], self.weight[e]);
        }
        // Same nodes and edges as `self`, which satisfied every invariant.
        let mut graph = Self::build(edges.iter().copied(), edges.len(), self.node_count());
        (graph.rank, graph.node_at) = (Arc::clone(&self.rank), Arc::clone(&self.node_at));
        graph.chain = Arc::clone(&self.chain);
        graph
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.rank.len()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.head.len()
    }

    /// The edges leaving `v`, as a range of edge positions (empty if `v` is out of range).
    #[inline]
    pub fn out_edges(&self, v: u32) -> std::ops::Range<usize> {
        match self.rank.get(v as usize) {
            Some(&r) => self.edges_of(r),
            None => 0..0,
        }
    }

    /// The node edge `e` leads to.
    ///
    /// # Panics
    /// When `e >= edge_count()`, like indexing a slice out of range.
    #[inline]
    pub fn head(&self, e: usize) -> u32 {
        self.node_at[self.head[e] as usize]
    }

    /// The node edge `e` leaves.
    ///
    /// # Panics
    /// When `e >= edge_count()`.
    #[inline]
    pub fn tail(&self, e: usize) -> u32 {
        self.node_at[self.tail[e] as usize]
    }

    /// The stored weight of edge `e`.
    ///
    /// # Panics
    /// When `e >= edge_count()`.
    #[inline]
    pub fn weight(&self, e: usize) -> f64 {
        self.weight[e]
    }

    /// The caller's id of edge `e`: its position in the input to [`CsrGraph::from_edges`].
    ///
    /// # Panics
    /// When `e >= edge_count()`.
    #[inline]
    pub fn edge_label(&self, e: usize) -> u32 {
        self.label[e]
    }

    // Searches work in ranks (internal ids) and translate at the edges of the API.

    /// The rank of the caller's node `v`, if it exists.
    #[inline]
    pub(crate) fn rank(&self, v: u32) -> Option<u32> {
        self.rank.get(v as usize).copied()
    }

    /// Whether `self` and `other` number their nodes alike (true for a graph and its
    /// [`CsrGraph::reversed`]), so that ranks mean the same nodes in both.
    pub(crate) fn same_layout(&self, other: &CsrGraph) -> bool {
        Arc::ptr_eq(&self.node_at, &other.node_at) || self.node_at == other.node_at
    }

    /// The caller's id of rank `r`.
    #[inline]
    pub(crate) fn node_at(&self, r: u32) -> u32 {
        self.node_at[r as usize]
    }

    /// The edges leaving rank `r`.
    #[inline]
    pub(crate) fn edges_of(&self, r: u32) -> std::ops::Range<usize> {
        self.first_out[r as usize] as usize..self.first_out[r as usize + 1] as usize
    }

    /// The edges leaving rank `r`: the position of the first, and their heads (ranks) and
    /// stored weights, as slices the search loop walks without per-edge bounds checks.
    #[inline]
    pub(crate) fn out_of(&self, r: u32) -> (usize, &[u32], &[f64]) {
        let edges = self.edges_of(r);
        (edges.start, &self.head[edges.clone()], &self.weight[edges])
    }

    /// Whether rank `r` is a chain node: at most two distinct neighbours, no self-loop.
    #[inline]
    pub(crate) fn is_chain(&self, r: u32) -> bool {
        self.chain[r as usize / 64] >> (r % 64) & 1 == 1
    }

    /// The rank edge `e` leaves.
    #[inline]
    pub(crate) fn tail_rank(&self, e: usize) -> u32 {
        self.tail[e]
    }

    /// This graph's identity (see [`Workspace`](super::Workspace)).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_accessors_panic_past_the_last_edge_as_documented() {
        let g = CsrGraph::from_edges(2, &[(0, 1, 1.0)]).unwrap();
        assert_eq!(
            (g.head(0), g.tail(0), g.weight(0), g.edge_label(0)),
            (1, 0, 1.0, 0)
        );
        for read in [
            |g: &CsrGraph| g.head(1) as f64,
            |g: &CsrGraph| g.tail(1) as f64,
            |g: &CsrGraph| g.weight(1),
            |g: &CsrGraph| g.edge_label(1) as f64,
        ] {
            let g = g.clone();
            assert!(std::panic::catch_unwind(move || read(&g)).is_err());
        }
        // Nodes out of range are answered, not panicked on.
        assert_eq!(g.out_edges(7), 0..0);
    }

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
    fn nodes_are_laid_out_depth_first_but_keep_their_ids() {
        // 0 -> 3 -> 1, 0 -> 2, 3 -> 4: preorder from 0 following first edges first is
        // 0, 3, 1, 4, 2; node 5 (isolated) starts its own tree.
        let edges = [
            (0, 3, 1.0),
            (0, 2, 2.0),
            (3, 1, 3.0),
            (3, 4, 4.0),
            (1, 0, 5.0),
        ];
        let g = CsrGraph::from_edges(6, &edges).unwrap();
        assert_eq!(&g.node_at[..], &[0, 3, 1, 4, 2, 5]);
        for (r, &v) in g.node_at.iter().enumerate() {
            assert_eq!(g.rank(v), Some(r as u32));
        }
        // Every accessor speaks the caller's ids.
        for (label, &(from, to, w)) in edges.iter().enumerate() {
            let e = g
                .out_edges(from)
                .find(|&e| g.edge_label(e) == label as u32)
                .unwrap();
            assert_eq!((g.tail(e), g.head(e), g.weight(e)), (from, to, w));
        }
        assert!(g.out_edges(5).is_empty());
        assert_eq!(g.out_edges(6), 0..0); // not a node
        assert_eq!(g.rank(6), None);
    }

    #[test]
    fn chain_nodes_have_at_most_two_neighbours_and_no_self_loop() {
        // 0 -> 1 -> 2 => 3 (twice), 1 -> 0, 4 -> 1, 3 -> 3; 5 isolated.
        let edges = [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (2, 3, 1.0),
            (2, 3, 2.0),
            (1, 0, 1.0),
            (4, 1, 1.0),
            (3, 3, 1.0),
        ];
        let g = CsrGraph::from_edges(6, &edges).unwrap();
        let chain: Vec<bool> = (0..6).map(|v| g.is_chain(g.rank(v).unwrap())).collect();
        // 0: {1}; 1: {0, 2, 4}; 2: {1, 3} (parallel edges count once); 3: self-loop; 4: {1}.
        assert_eq!(chain, [true, false, true, false, true, true]);
        let r = g.reversed();
        assert!((0..6).all(|v| r.is_chain(v) == g.is_chain(v)));
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
