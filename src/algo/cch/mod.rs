//! Customizable contraction hierarchies (CCH): prepare a graph once, then for every metric
//! (objective, cargo, closures…) customize in a fraction of a second and answer shortest-path
//! queries and matrices in microseconds.
//!
//! A CCH (Dibbelt, Strasser & Wagner, *Customizable Contraction Hierarchies*, 2016) splits
//! the work of a contraction hierarchy in three:
//!
//! 1. **Preparation** ([`Cch::new`], metric-independent, seconds): a nested-dissection node
//!    order from the coordinates and the topology (inertial flow, Schild & Sommer 2015), and
//!    the *chordal supergraph* of the undirected graph for that order: every node's higher
//!    neighbours form a clique. The arcs point upwards; the lowest higher neighbour of each
//!    node is its parent in the *elimination tree*.
//! 2. **Customization** ([`Cch::customize`], per metric, milliseconds): each arc gets a weight
//!    in each direction, first from the input edges it stands for (the lightest of parallel
//!    edges), then through every *lower triangle* `z < x < y`, in rank order: `x → y` is at most
//!    `x → z → y`. Each arc remembers how it got its weight (an input edge, or the middle node
//!    of a triangle), so paths unpack to exactly the input edges.
//! 3. **Queries** ([`CchMetric::path`], [`CchMetric::distance`], [`CchMetric::matrix`]):
//!    the shortest path from `s` to `t` goes up from `s` and down to `t` in the hierarchy, and
//!    the nodes above `s` in it are exactly `s`'s ancestors in the elimination tree. The
//!    *elimination-tree query* (Bauer, Columbus, Rutter & Wagner 2016) walks both ancestor
//!    chains in rank order, relaxing upward arcs, without a priority queue; it meets at the
//!    common ancestors and prunes nodes already farther than the best meeting found.
//!
//! The kernel is freight-agnostic: it sees `u32` node ids, edge labels (the edges' input
//! positions, [`CsrGraph::edge_label`]) and `f64` weights chosen per customization by a
//! closure, with `f64::INFINITY` (or NaN, or a negative value) for an edge that may not be
//! used. Directions are kept: a one-way edge has a weight one way and infinity the other.
//!
//! # Example
//! ```
//! use corridor::algo::{Cch, CchWorkspace, CsrGraph};
//!
//! //   0 --1--> 1 --1--> 2 --1--> 3      and a slow direct edge 0 -> 3
//! let edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (0, 3, 5.0)];
//! let g = CsrGraph::from_edges(4, &edges).unwrap();
//! let coords = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0)];
//! let cch = Cch::new(&g, &coords, &mut |_| {}).unwrap();
//!
//! // One metric: the stored lengths.
//! let metric = cch.customize(|label| edges[label as usize].2);
//! let mut ws = CchWorkspace::new();
//! let p = metric.path(&mut ws, &[(0, 0.0)], &[(3, 0.0)]).unwrap().unwrap();
//! assert_eq!((p.weight, p.edges), (3.0, vec![0, 1, 2]));
//!
//! // Another metric on the same preparation: edge 1 closed.
//! let closed = cch.customize(|label| if label == 1 { f64::INFINITY } else { edges[label as usize].2 });
//! let p = closed.path(&mut ws, &[(0, 0.0)], &[(3, 0.0)]).unwrap().unwrap();
//! assert_eq!((p.weight, p.edges), (5.0, vec![3]));
//!
//! // Several sources with start offsets, and a matrix.
//! assert_eq!(metric.distance(&mut ws, &[(0, 4.0), (2, 0.5)], &[(3, 0.0)]).unwrap(), Some(1.5));
//! let m = metric.matrix(&[0, 3], &[1, 3]).unwrap();
//! assert_eq!(m, vec![1.0, 3.0, f64::INFINITY, 0.0]);
//! ```
//!
//! # Performance
//! On the OSM world railways (275k nodes, one thread of a shared VM) preparation takes under
//! a second, customization about 35 ms, a query 15 µs for the distance and about 70 µs with
//! its full path (2,000 edges on average), a 1,000 × 1,000 matrix about 50 ms; see
//! `BENCHMARKS.md` and `cargo bench --bench cch`. Preparation, customization and matrices
//! run on rayon's thread pool; [`Cch::new_with_threads`], [`Cch::customize_with_threads`] and
//! [`CchMetric::matrix_with_threads`] with `1` run on the calling thread alone, and give the
//! same results bit for bit.
//!
//! Trees and chains of two-neighbour nodes (railway lines between junctions) are ordered
//! without flows, each just before the node it hangs from; only the rest (the core) is cut
//! by inertial flow, and its pieces of at most 96 nodes are ordered by minimum degree.
//!
//! # Serialisation
//! [`Cch`] and [`MetricWeights`] (the data of a [`CchMetric`]) derive serde's traits.
//! Deserialising checks the structure, so a corrupt file is an error rather than a panic
//! later; [`CchMetric::from_weights`] checks that the weights belong to the [`Cch`] (a
//! fingerprint of its graph and order).

mod customize;
mod matrix;
mod order;
mod query;
mod topology;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::CsrGraph;
use order::Adjacency;
use topology::{Topology, NONE};

pub use customize::{CchMetric, MetricWeights};
pub use query::CchWorkspace;

/// Which part of the preparation a [`Progress`] report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Phase {
    /// Computing the nested-dissection order.
    Order,
    /// Building the chordal supergraph (the contraction).
    Contract,
}

/// A progress report of [`Cch::new`]: `done` of `total` nodes in `phase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The phase.
    pub phase: Phase,
    /// Nodes done so far.
    pub done: usize,
    /// Nodes in all.
    pub total: usize,
}

impl Progress {
    pub(crate) fn ordering(done: usize, total: usize) -> Self {
        Progress {
            phase: Phase::Order,
            done,
            total,
        }
    }

    pub(crate) fn contracting(done: usize, total: usize) -> Self {
        Progress {
            phase: Phase::Contract,
            done,
            total,
        }
    }
}

/// What went wrong preparing, customizing or querying a [`Cch`].
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum CchError {
    /// The coordinates are not one per node.
    #[error("{coords} coordinates given for a graph of {nodes} nodes: give one (x, y) per node (NaN where unknown)")]
    CoordinatesLength {
        /// Coordinates given.
        coords: usize,
        /// Nodes in the graph.
        nodes: usize,
    },
    /// A user-supplied order is not a permutation of the nodes.
    #[error("the order is not a permutation of 0..{nodes}: {problem}")]
    BadOrder {
        /// Nodes in the graph.
        nodes: usize,
        /// What is wrong (length, or the first repeated or out-of-range node).
        problem: String,
    },
    /// A query names a node the graph does not have.
    #[error("node {node} is not in the graph (0..{node_count})")]
    NodeOutOfRange {
        /// The node given.
        node: u32,
        /// Nodes in the graph.
        node_count: usize,
    },
    /// A query gives a negative or NaN start offset.
    #[error("node {node} has start offset {offset}; offsets must be >= 0 (infinity: unusable)")]
    BadOffset {
        /// The node given.
        node: u32,
        /// The offset given.
        offset: f64,
    },
    /// The graph is too large for the hierarchy's 31-bit ids.
    #[error("graph too large for a CCH: {0} exceeds 2^31 - 2")]
    TooLarge(usize),
    /// Metric weights were customized for another hierarchy.
    #[error("these metric weights belong to another CCH (fingerprint {found:#018x}, expected {expected:#018x})")]
    WrongHierarchy {
        /// This hierarchy's fingerprint.
        expected: u64,
        /// The weights' fingerprint.
        found: u64,
    },
    /// Deserialised data is inconsistent.
    #[error("corrupt CCH data: {0}")]
    Corrupt(&'static str),
}

/// The largest node or edge count (ids and labels must fit in 31 bits, one value spare).
const MAX_IDS: usize = (1 << 31) - 2;

/// An edge label's arc: `arc << 1 | direction` (0 up, 1 down), or [`NONE`] for a self-loop.
pub(crate) const DOWN: u32 = 1;

/// A customizable contraction hierarchy: the metric-independent preparation of a graph.
///
/// Built once from a [`CsrGraph`] and node coordinates ([`Cch::new`]) or an order of your own
/// ([`Cch::with_order`]); then [`Cch::customize`] gives a [`CchMetric`] for any edge weights.
/// Immutable, `Send + Sync`, shareable between threads. See the [module docs](self) for how it
/// works and an example.
///
/// # Invariants
/// - `order` is a permutation of the nodes and `rank_of` its inverse;
/// - the topology is the chordal supergraph of the undirected graph (parallel edges and
///   self-loops collapsed) for that order;
/// - `edge_arc[label]` is the arc and direction of each input edge (none for a self-loop),
///   and `arc_labels` the same map grouped by arc (labels ascending within an arc).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(try_from = "CchParts")]
pub struct Cch {
    /// `order[rank]` = node.
    order: Vec<u32>,
    /// `rank_of[node]` = rank.
    rank_of: Vec<u32>,
    topo: Topology,
    /// Per edge label: `arc << 1 | DOWN?`, or [`NONE`].
    edge_arc: Vec<u32>,
    /// The input edges of arc `a` are `arc_labels[arc_first_label[a]..arc_first_label[a + 1]]`,
    /// as `label << 1 | DOWN?`: customization reads them arc by arc, writing in order.
    arc_first_label: Vec<u32>,
    arc_labels: Vec<u32>,
    /// Hash of the input graph's edges (tails and heads by label) and of the order.
    fingerprint: u64,
}

/// The serialised form of a [`Cch`], checked on the way in.
#[derive(Deserialize)]
struct CchParts {
    order: Vec<u32>,
    rank_of: Vec<u32>,
    topo: Topology,
    edge_arc: Vec<u32>,
    arc_first_label: Vec<u32>,
    arc_labels: Vec<u32>,
    fingerprint: u64,
}

impl TryFrom<CchParts> for Cch {
    type Error = CchError;

    fn try_from(p: CchParts) -> Result<Self, CchError> {
        let n = p.order.len();
        if p.rank_of.len() != n || p.topo.node_count() != n {
            return Err(CchError::Corrupt("node counts differ"));
        }
        for (r, &v) in p.order.iter().enumerate() {
            if v as usize >= n || p.rank_of[v as usize] as usize != r {
                return Err(CchError::Corrupt("order and ranks are not inverse"));
            }
        }
        p.topo.check().map_err(CchError::Corrupt)?;
        let m = p.topo.arc_count() as u32;
        if p.edge_arc.iter().any(|&c| c != NONE && c >> 1 >= m) {
            return Err(CchError::Corrupt("edge arcs"));
        }
        let (first, codes) = (&p.arc_first_label, &p.arc_labels);
        let mapped = p.edge_arc.iter().filter(|&&c| c != NONE).count();
        if first.len() != m as usize + 1
            || first.first() != Some(&0)
            || first.last().copied() != Some(codes.len() as u32)
            || first.windows(2).any(|w| w[0] > w[1])
            || codes.len() != mapped
        {
            return Err(CchError::Corrupt("arc labels"));
        }
        for a in 0..m as usize {
            for &code in &codes[first[a] as usize..first[a + 1] as usize] {
                let expected = ((a as u32) << 1) | (code & DOWN);
                if p.edge_arc.get((code >> 1) as usize) != Some(&expected) {
                    return Err(CchError::Corrupt("arc labels"));
                }
            }
        }
        Ok(Cch {
            order: p.order,
            rank_of: p.rank_of,
            topo: p.topo,
            edge_arc: p.edge_arc,
            arc_first_label: p.arc_first_label,
            arc_labels: p.arc_labels,
            fingerprint: p.fingerprint,
        })
    }
}

/// 64-bit FNV-1a style mixing of `words` into `h`.
fn mix(mut h: u64, words: impl Iterator<Item = u64>) -> u64 {
    for w in words {
        h ^= w;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        h ^= h >> 29;
    }
    h
}

impl Cch {
    /// Prepares `graph` with a nested-dissection order computed from `coords` (one `(x, y)`
    /// per node: longitude/latitude or planar coordinates; NaN where unknown — such nodes are
    /// placed by topology), reporting progress to `progress`.
    ///
    /// Edge directions and weights play no part: the preparation serves every metric.
    ///
    /// # Errors
    /// [`CchError::CoordinatesLength`] unless there is one coordinate pair per node;
    /// [`CchError::TooLarge`] beyond 2^31 − 2 nodes or edges.
    ///
    /// # Complexity
    /// The order: O(m · c · log n) for separators of c edges (a max flow per dissection level,
    /// four directions each); the contraction: O(n + arcs + fill merges). Memory O(n + arcs).
    ///
    /// # Example
    /// ```
    /// use corridor::algo::{Cch, CsrGraph};
    ///
    /// let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
    /// let cch = Cch::new(&g, &[(0.0, 0.0), (1.0, 0.0), (f64::NAN, f64::NAN)], &mut |p| {
    ///     eprintln!("{:?}: {}/{}", p.phase, p.done, p.total);
    /// })
    /// .unwrap();
    /// assert_eq!((cch.node_count(), cch.arc_count()), (3, 2));
    /// ```
    pub fn new(
        graph: &CsrGraph,
        coords: &[(f64, f64)],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Cch, CchError> {
        Self::new_with_threads(graph, coords, 0, progress)
    }

    /// [`Cch::new`] on `threads` threads: `1` orders on one thread without rayon, `0` on
    /// rayon's global pool (independent pieces of the dissection in parallel). The order, and
    /// so the hierarchy, is the same.
    ///
    /// # Errors
    /// As for [`Cch::new`].
    pub fn new_with_threads(
        graph: &CsrGraph,
        coords: &[(f64, f64)],
        threads: usize,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Cch, CchError> {
        let n = graph.node_count();
        if coords.len() != n {
            return Err(CchError::CoordinatesLength {
                coords: coords.len(),
                nodes: n,
            });
        }
        check_size(graph)?;
        let adj = adjacency(graph);
        let order = order::order(&adj, coords, threads, progress);
        Ok(Self::build(graph, &adj, order, progress))
    }

    /// Prepares `graph` with the given order (`order[rank] = node`, rank 0 contracted first:
    /// the most important nodes last).
    ///
    /// # Errors
    /// [`CchError::BadOrder`] unless `order` is a permutation of the nodes;
    /// [`CchError::TooLarge`] as for [`Cch::new`].
    ///
    /// # Complexity
    /// O(n + arcs + fill merges).
    pub fn with_order(
        graph: &CsrGraph,
        order: &[u32],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Cch, CchError> {
        let n = graph.node_count();
        let bad = |problem: String| CchError::BadOrder { nodes: n, problem };
        if order.len() != n {
            return Err(bad(format!("{} entries", order.len())));
        }
        let mut seen = vec![false; n];
        for &v in order {
            match seen.get_mut(v as usize) {
                None => return Err(bad(format!("node {v} is out of range"))),
                Some(s) if *s => return Err(bad(format!("node {v} appears twice"))),
                Some(s) => *s = true,
            }
        }
        check_size(graph)?;
        let adj = adjacency(graph);
        Ok(Self::build(graph, &adj, order.to_vec(), progress))
    }

    fn build(
        graph: &CsrGraph,
        adj: &Adjacency,
        order: Vec<u32>,
        progress: &mut dyn FnMut(Progress),
    ) -> Cch {
        let n = order.len();
        let mut rank_of = vec![0u32; n];
        for (r, &v) in order.iter().enumerate() {
            rank_of[v as usize] = r as u32;
        }
        let topo = Topology::build(adj, &rank_of, progress);
        let m = graph.edge_count();
        let mut ends = vec![(0u32, 0u32); m];
        let mut edge_arc = vec![NONE; m];
        for e in 0..m {
            let (u, v) = (graph.tail(e), graph.head(e));
            let label = graph.edge_label(e) as usize;
            ends[label] = (u, v);
            let (ru, rv) = (rank_of[u as usize], rank_of[v as usize]);
            if ru != rv {
                let arc = topo
                    .find_arc(ru.min(rv), ru.max(rv))
                    .expect("every edge is an arc of the supergraph");
                edge_arc[label] = (arc << 1) | (u32::from(ru > rv) * DOWN);
            }
        }
        let fingerprint = mix(
            0xcbf2_9ce4_8422_2325 ^ n as u64,
            ends.iter()
                .map(|&(u, v)| (u as u64) << 32 | v as u64)
                .chain(order.iter().map(|&v| v as u64)),
        );
        // The same map grouped by arc: a counting sort, labels ascending within an arc.
        let mut arc_first_label = vec![0u32; topo.arc_count() + 1];
        for &code in edge_arc.iter().filter(|&&c| c != NONE) {
            arc_first_label[(code >> 1) as usize + 1] += 1;
        }
        for a in 0..topo.arc_count() {
            arc_first_label[a + 1] += arc_first_label[a];
        }
        let mut next = arc_first_label.clone();
        let mut arc_labels = vec![0u32; arc_first_label[topo.arc_count()] as usize];
        for (label, &code) in edge_arc.iter().enumerate() {
            if code != NONE {
                let slot = &mut next[(code >> 1) as usize];
                arc_labels[*slot as usize] = ((label as u32) << 1) | (code & DOWN);
                *slot += 1;
            }
        }
        Cch {
            order,
            rank_of,
            topo,
            edge_arc,
            arc_first_label,
            arc_labels,
            fingerprint,
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.order.len()
    }

    /// Number of input edges (labels) the hierarchy was built for.
    pub fn edge_count(&self) -> usize {
        self.edge_arc.len()
    }

    /// Number of arcs of the chordal supergraph (each carries a weight in both directions).
    pub fn arc_count(&self) -> usize {
        self.topo.arc_count()
    }

    /// The node order: `order()[rank]` is the node of that rank (rank 0 contracted first).
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// The rank of `node`, if it is in the graph.
    pub fn rank(&self, node: u32) -> Option<u32> {
        self.rank_of.get(node as usize).copied()
    }

    /// The height of the elimination tree (the longest ancestor chain, in nodes): an upper
    /// bound on the nodes one side of a query visits.
    ///
    /// # Complexity
    /// O(n).
    pub fn elimination_tree_height(&self) -> usize {
        topology::height(&self.topo.parent)
    }

    /// A hash of the input graph's edges (ends by label) and of the order: equal for the same
    /// graph and order, and checked by [`CchMetric::from_weights`].
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Heap bytes held (capacities of every array).
    pub fn memory_bytes(&self) -> usize {
        4 * (self.order.capacity()
            + self.rank_of.capacity()
            + self.edge_arc.capacity()
            + self.arc_first_label.capacity()
            + self.arc_labels.capacity())
            + self.topo.memory_bytes()
    }

    pub(crate) fn topo(&self) -> &Topology {
        &self.topo
    }

    #[cfg(test)]
    pub(crate) fn edge_arcs(&self) -> &[u32] {
        &self.edge_arc
    }

    /// The input edges of arc `a`, as `label << 1 | DOWN?`.
    #[inline]
    pub(crate) fn arc_labels(&self, a: usize) -> &[u32] {
        &self.arc_labels[self.arc_first_label[a] as usize..self.arc_first_label[a + 1] as usize]
    }

    /// The rank of `node`, or the error naming it.
    pub(crate) fn rank_checked(&self, node: u32) -> Result<u32, CchError> {
        self.rank(node).ok_or(CchError::NodeOutOfRange {
            node,
            node_count: self.node_count(),
        })
    }
}

fn check_size(graph: &CsrGraph) -> Result<(), CchError> {
    for count in [graph.node_count(), graph.edge_count()] {
        if count > MAX_IDS {
            return Err(CchError::TooLarge(count));
        }
    }
    Ok(())
}

/// The undirected simple graph under `graph`, in the caller's node ids.
fn adjacency(graph: &CsrGraph) -> Adjacency {
    let pairs = (0..graph.edge_count()).map(|e| (graph.tail(e), graph.head(e)));
    Adjacency::new(graph.node_count(), pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_what_is_wrong() {
        let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
        let err = Cch::new(&g, &[(0.0, 0.0)], &mut |_| {}).unwrap_err();
        assert_eq!(
            err,
            CchError::CoordinatesLength {
                coords: 1,
                nodes: 3
            }
        );
        let err = Cch::with_order(&g, &[0, 1, 1], &mut |_| {}).unwrap_err();
        assert!(err.to_string().contains("node 1 appears twice"), "{err}");
        let err = Cch::with_order(&g, &[0, 1], &mut |_| {}).unwrap_err();
        assert!(err.to_string().contains("2 entries"), "{err}");
        let err = Cch::with_order(&g, &[0, 1, 7], &mut |_| {}).unwrap_err();
        assert!(err.to_string().contains("node 7 is out of range"), "{err}");
    }

    #[test]
    fn a_user_order_is_kept_and_the_cch_is_send_and_sync() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Cch>();
        send_sync::<CchMetric<'static>>();
        let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (2, 2, 1.0)]).unwrap();
        let cch = Cch::with_order(&g, &[2, 0, 1], &mut |_| {}).unwrap();
        assert_eq!(cch.order(), &[2, 0, 1]);
        assert_eq!(cch.rank(2), Some(0));
        assert_eq!(cch.rank(3), None);
        // 2 first: its neighbour 1 is its parent; 0-1 is the other arc. The loop has no arc.
        assert_eq!(cch.arc_count(), 2);
        assert_eq!(cch.edge_arcs()[2], NONE);
        assert!(cch.memory_bytes() > 0);
        let again = Cch::with_order(&g, &[2, 0, 1], &mut |_| {}).unwrap();
        assert_eq!(again.fingerprint(), cch.fingerprint());
        let other = Cch::with_order(&g, &[0, 2, 1], &mut |_| {}).unwrap();
        assert_ne!(other.fingerprint(), cch.fingerprint());
    }

    #[test]
    fn progress_reaches_the_end_of_both_phases() {
        let edges: Vec<(u32, u32, f64)> = (0..499).map(|v| (v, v + 1, 1.0)).collect();
        let g = CsrGraph::from_edges(500, &edges).unwrap();
        let coords: Vec<(f64, f64)> = (0..500).map(|v| (v as f64, 0.0)).collect();
        let mut seen = Vec::new();
        Cch::new(&g, &coords, &mut |p| seen.push(p)).unwrap();
        assert!(seen.contains(&Progress::ordering(500, 500)));
        assert!(seen.contains(&Progress::contracting(500, 500)));
    }
}
