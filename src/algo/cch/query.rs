//! Elimination-tree queries (Bauer, Columbus, Rutter & Wagner 2016) and path unpacking.
//!
//! The nodes a forward search from `s` can reach going up are `s`'s ancestors in the
//! elimination tree, and a shortest path goes up from a source and down to a target. So the
//! query walks the ancestor chains of the sources and of the targets together, by increasing
//! rank (a node's lower neighbours on the chains come before it, so its distances are final
//! when it is reached), relaxes the upward arcs of each node forward (towards the sources'
//! ancestors) and backward, records the best `forward + backward` meeting, and skips the arcs
//! of a node whose distance is already no better than that meeting. No priority queue.

use super::customize::{CchMetric, INPUT};
use super::topology::{Topology, NONE};
use super::{Cch, CchError};
use crate::algo::Path;

/// One node's state on one side: distance, the node it was reached from (the lower end of
/// the arc; the arc is found among that node's few arcs when a path is unpacked), and the
/// query stamp.
#[derive(Debug, Clone, Copy)]
struct State {
    dist: f64,
    parent: u32,
    stamp: u32,
}

const BLANK: State = State {
    dist: f64::INFINITY,
    parent: NONE,
    stamp: 0,
};

/// Per-query state of [`CchMetric`] queries, reused across queries and reset in O(1) (a
/// generation counter), so a query allocates only its result once the workspace has grown.
///
/// Works with every [`CchMetric`] of every [`Cch`], one query after another; keep one per
/// thread.
///
/// # Example
/// ```
/// use corridor::algo::{Cch, CchWorkspace, CsrGraph};
///
/// let g = CsrGraph::from_edges(2, &[(0, 1, 2.0)]).unwrap();
/// let cch = Cch::new(&g, &[(0.0, 0.0), (1.0, 1.0)], &mut |_| {}).unwrap();
/// let metric = cch.customize(|_| 2.0);
/// let mut ws = CchWorkspace::new();
/// assert_eq!(metric.distance(&mut ws, &[(0, 0.0)], &[(1, 0.0)]).unwrap(), Some(2.0));
/// assert_eq!(metric.distance(&mut ws, &[(1, 0.0)], &[(0, 0.0)]).unwrap(), None);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CchWorkspace {
    fwd: Vec<State>,
    bwd: Vec<State>,
    generation: u32,
    /// The ranks on each side's ancestor chains, ascending.
    fwd_nodes: Vec<u32>,
    bwd_nodes: Vec<u32>,
    /// Arcs to unpack, with their directions (`true`: down).
    stack: Vec<(u32, bool)>,
    /// The forward chain of arcs of the path being unpacked.
    chain: Vec<u32>,
}

/// Which side a chain walk stamps.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Side {
    Forward,
    Backward,
}

impl CchWorkspace {
    /// An empty workspace; it grows to the hierarchy's size on first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a query on a hierarchy of `n` nodes.
    pub(crate) fn start(&mut self, n: usize) {
        if self.fwd.len() < n {
            self.fwd.resize(n, BLANK);
            self.bwd.resize(n, BLANK);
        }
        self.generation += 1;
        if self.generation == u32::MAX {
            self.fwd.iter_mut().for_each(|s| *s = BLANK);
            self.bwd.iter_mut().for_each(|s| *s = BLANK);
            self.generation = 1;
        }
        self.fwd_nodes.clear();
        self.bwd_nodes.clear();
    }

    /// Stamps the ancestor chains of `endpoints` on `side` and sets their start distances.
    /// The endpoints have been checked.
    pub(crate) fn seed(&mut self, t: &Topology, cch: &Cch, side: Side, endpoints: &[(u32, f64)]) {
        let g = self.generation;
        let (state, nodes) = match side {
            Side::Forward => (&mut self.fwd, &mut self.fwd_nodes),
            Side::Backward => (&mut self.bwd, &mut self.bwd_nodes),
        };
        let before = nodes.len();
        for &(v, offset) in endpoints {
            if offset == f64::INFINITY {
                continue;
            }
            let r = cch.rank_of[v as usize];
            let mut x = r;
            while x != NONE && state[x as usize].stamp != g {
                state[x as usize] = State {
                    dist: f64::INFINITY,
                    parent: NONE,
                    stamp: g,
                };
                nodes.push(x);
                x = t.parent[x as usize];
            }
            let s = &mut state[r as usize];
            if offset < s.dist {
                s.dist = offset;
            }
        }
        if endpoints.len() > 1 {
            nodes[before..].sort_unstable();
        }
    }

    /// The elimination-tree query over the seeded chains: the best meeting `(weight, rank)`.
    /// With `prune`, arcs of nodes no better than the best meeting so far are skipped.
    pub(crate) fn run(&mut self, metric: &CchMetric<'_>) -> (f64, u32) {
        let t = metric.cch.topo();
        let w = &metric.w;
        let (mut i, mut j) = (0, 0);
        let (mut best, mut meet) = (f64::INFINITY, NONE);
        let (fl, bl) = (&self.fwd_nodes, &self.bwd_nodes);
        loop {
            let x = match (fl.get(i), bl.get(j)) {
                (None, None) => break,
                (Some(&a), None) => a,
                (None, Some(&b)) => b,
                (Some(&a), Some(&b)) => a.min(b),
            };
            let in_f = fl.get(i) == Some(&x);
            let in_b = bl.get(j) == Some(&x);
            let df = if in_f {
                self.fwd[x as usize].dist
            } else {
                f64::INFINITY
            };
            let db = if in_b {
                self.bwd[x as usize].dist
            } else {
                f64::INFINITY
            };
            if in_f && in_b && df + db < best {
                best = df + db;
                meet = x;
            }
            let arcs = t.arcs(x);
            if in_f {
                i += 1;
                if df < best {
                    for a in arcs.clone() {
                        let y = t.head[a] as usize;
                        let d = df + w.up[a];
                        let s = &mut self.fwd[y];
                        if d < s.dist {
                            s.dist = d;
                            s.parent = x;
                        }
                    }
                }
            }
            if in_b {
                j += 1;
                if db < best {
                    for a in arcs {
                        let y = t.head[a] as usize;
                        let d = db + w.down[a];
                        let s = &mut self.bwd[y];
                        if d < s.dist {
                            s.dist = d;
                            s.parent = x;
                        }
                    }
                }
            }
        }
        (best, meet)
    }

    /// The forward distance of rank `x` in the current query (the upward search's), if its
    /// chain was seeded.
    #[inline]
    pub(crate) fn fwd_dist(&self, x: u32) -> f64 {
        self.fwd[x as usize].dist
    }

    pub(crate) fn fwd_nodes(&self) -> &[u32] {
        &self.fwd_nodes
    }

    pub(crate) fn bwd_nodes(&self) -> &[u32] {
        &self.bwd_nodes
    }

    pub(crate) fn bwd_dist(&self, x: u32) -> f64 {
        self.bwd[x as usize].dist
    }

    /// Relaxes the forward side only, over all its chain nodes (no meeting, no pruning): the
    /// upward search of a one-to-many query.
    pub(crate) fn run_forward(&mut self, metric: &CchMetric<'_>) {
        let t = metric.cch.topo();
        for &x in &self.fwd_nodes {
            let df = self.fwd[x as usize].dist;
            if df == f64::INFINITY {
                continue;
            }
            for a in t.arcs(x) {
                let d = df + metric.w.up[a];
                let s = &mut self.fwd[t.head[a] as usize];
                if d < s.dist {
                    s.dist = d;
                    s.parent = x;
                }
            }
        }
    }

    /// [`CchWorkspace::run_forward`] for the backward side.
    pub(crate) fn run_backward(&mut self, metric: &CchMetric<'_>) {
        let t = metric.cch.topo();
        for &x in &self.bwd_nodes {
            let db = self.bwd[x as usize].dist;
            if db == f64::INFINITY {
                continue;
            }
            for a in t.arcs(x) {
                let d = db + metric.w.down[a];
                let s = &mut self.bwd[t.head[a] as usize];
                if d < s.dist {
                    s.dist = d;
                    s.parent = x;
                }
            }
        }
    }

    /// The input edge labels of the path through the meeting rank `meet`, in order, with the
    /// source and target ranks.
    fn unpack(&mut self, metric: &CchMetric<'_>, meet: u32, edges: &mut Vec<u32>) -> (u32, u32) {
        let t = metric.cch.topo();
        // Up from the source: collect the chain's arcs from the meeting node down, then
        // unpack them in path order.
        let mut chain = std::mem::take(&mut self.chain);
        chain.clear();
        let mut x = meet;
        while self.fwd[x as usize].parent != NONE {
            let z = self.fwd[x as usize].parent;
            chain.push(t.find_arc(z, x).expect("parents are joined by arcs"));
            x = z;
        }
        let source = x;
        for &arc in chain.iter().rev() {
            unpack_arc(metric, &mut self.stack, arc, false, edges);
        }
        self.chain = chain;
        let mut x = meet;
        while self.bwd[x as usize].parent != NONE {
            let z = self.bwd[x as usize].parent;
            let a = t.find_arc(z, x).expect("parents are joined by arcs");
            unpack_arc(metric, &mut self.stack, a, true, edges);
            x = z;
        }
        (source, x)
    }
}

/// Appends the input edges of arc `a` in direction `down` (false: tail → head, up) to `out`.
fn unpack_arc(
    metric: &CchMetric<'_>,
    stack: &mut Vec<(u32, bool)>,
    a: u32,
    down: bool,
    out: &mut Vec<u32>,
) {
    let w = &metric.w;
    stack.clear();
    let (mut a, mut down) = (a, down);
    loop {
        let [first, second] = if down {
            w.down_via[a as usize]
        } else {
            w.up_via[a as usize]
        };
        debug_assert_ne!(first, NONE, "a finite path uses weighed arcs only");
        if first & INPUT != 0 {
            out.push(first & !INPUT);
            match stack.pop() {
                Some(next) => (a, down) = next,
                None => return,
            }
            continue;
        }
        // Arc x -> y through z, with arcs zx = z -> x and zy = z -> y: up is x -> z -> y
        // (zx down, then zy up); down is y -> z -> x (zy down, then zx up). Go on with the
        // first half; the second waits on the stack.
        let (zx, zy) = (first, second);
        if down {
            stack.push((zx, false));
            (a, down) = (zy, true);
        } else {
            stack.push((zy, false));
            (a, down) = (zx, true);
        }
    }
}

/// Checks the endpoints of a query: nodes in range, offsets not NaN nor negative.
pub(crate) fn check_endpoints(cch: &Cch, endpoints: &[(u32, f64)]) -> Result<(), CchError> {
    for &(node, offset) in endpoints {
        cch.rank_checked(node)?;
        if offset.is_nan() || offset < 0.0 {
            return Err(CchError::BadOffset { node, offset });
        }
    }
    Ok(())
}

impl CchMetric<'_> {
    /// The lightest path from any of `sources` to any of `targets`, each given with a start
    /// offset added to the paths that start (or end) there: `(node, offset)`. Returns the
    /// same [`Path`] as [`search`](crate::algo::search) (weight including the offsets, input
    /// edge labels in order, the source and target used), or `None` when no target is
    /// reachable. An infinite offset leaves its node out.
    ///
    /// # Errors
    /// [`CchError::NodeOutOfRange`] for a node outside the graph; [`CchError::BadOffset`] for
    /// a NaN or negative offset.
    ///
    /// # Complexity
    /// O(Σ arcs of the ancestors of the sources and targets) for the search (no priority
    /// queue), plus O(path edges · log n) to unpack the path.
    ///
    /// # Example
    /// ```
    /// use corridor::algo::{Cch, CchWorkspace, CsrGraph};
    ///
    /// // 0 -> 1 -> 2, and 3 -> 2
    /// let edges = [(0, 1, 1.0), (1, 2, 1.0), (3, 2, 1.5)];
    /// let g = CsrGraph::from_edges(4, &edges).unwrap();
    /// let cch = Cch::new(&g, &[(f64::NAN, f64::NAN); 4], &mut |_| {}).unwrap();
    /// let metric = cch.customize(|l| edges[l as usize].2);
    /// let mut ws = CchWorkspace::new();
    /// // From 0 (starting 1 h late) or from 3: 3 is quicker.
    /// let p = metric.path(&mut ws, &[(0, 1.0), (3, 0.0)], &[(2, 0.0)]).unwrap().unwrap();
    /// assert_eq!((p.weight, p.edges, p.source, p.target), (1.5, vec![2], 3, 2));
    /// ```
    pub fn path(
        &self,
        ws: &mut CchWorkspace,
        sources: &[(u32, f64)],
        targets: &[(u32, f64)],
    ) -> Result<Option<Path>, CchError> {
        let Some((weight, meet)) = self.meet(ws, sources, targets)? else {
            return Ok(None);
        };
        let mut edges = Vec::new();
        let (s, t) = ws.unpack(self, meet, &mut edges);
        Ok(Some(Path {
            weight,
            edges,
            source: self.cch.order[s as usize],
            target: self.cch.order[t as usize],
        }))
    }

    /// The weight of [`CchMetric::path`] without unpacking the path.
    ///
    /// # Errors
    /// As for [`CchMetric::path`].
    ///
    /// # Complexity
    /// O(Σ arcs of the ancestors of the sources and targets).
    pub fn distance(
        &self,
        ws: &mut CchWorkspace,
        sources: &[(u32, f64)],
        targets: &[(u32, f64)],
    ) -> Result<Option<f64>, CchError> {
        Ok(self.meet(ws, sources, targets)?.map(|(w, _)| w))
    }

    fn meet(
        &self,
        ws: &mut CchWorkspace,
        sources: &[(u32, f64)],
        targets: &[(u32, f64)],
    ) -> Result<Option<(f64, u32)>, CchError> {
        check_endpoints(self.cch, sources)?;
        check_endpoints(self.cch, targets)?;
        let t = self.cch.topo();
        ws.start(self.cch.node_count());
        ws.seed(t, self.cch, Side::Forward, sources);
        ws.seed(t, self.cch, Side::Backward, targets);
        let (weight, meet) = ws.run(self);
        Ok((weight < f64::INFINITY).then_some((weight, meet)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::{dijkstra, CsrGraph, Workspace};

    #[test]
    fn queries_match_dijkstra_on_a_grid_in_every_order() {
        let w = 9u32;
        let mut edges = Vec::new();
        for y in 0..w {
            for x in 0..w {
                let v = y * w + x;
                let c = 1.0 + ((v * 37) % 11) as f64;
                if x + 1 < w {
                    edges.push((v, v + 1, c));
                    edges.push((v + 1, v, c + 0.5));
                }
                if y + 1 < w && x % 2 == 0 {
                    edges.push((v, v + w, c));
                }
                if y + 1 < w && x % 2 == 1 {
                    edges.push((v + w, v, c));
                }
            }
        }
        let n = (w * w) as usize;
        let g = CsrGraph::from_edges(n, &edges).unwrap();
        let coords: Vec<(f64, f64)> = (0..w * w)
            .map(|v| ((v % w) as f64, (v / w) as f64))
            .collect();
        let identity: Vec<u32> = (0..n as u32).collect();
        for cch in [
            Cch::new(&g, &coords, &mut |_| {}).unwrap(),
            Cch::with_order(&g, &identity, &mut |_| {}).unwrap(),
        ] {
            let metric = cch.customize(|l| edges[l as usize].2);
            let (mut ws, mut dws) = (CchWorkspace::new(), Workspace::new());
            for s in 0..n as u32 {
                for t in (0..n as u32).step_by(7) {
                    let want = dijkstra(&g, &mut dws, s, t).map(|p| p.weight);
                    let got = metric.path(&mut ws, &[(s, 0.0)], &[(t, 0.0)]).unwrap();
                    assert_eq!(got.as_ref().map(|p| p.weight), want, "{s} -> {t}");
                    if let Some(p) = got {
                        let mut at = s;
                        let mut sum = 0.0;
                        for &l in &p.edges {
                            let (a, b, c) = edges[l as usize];
                            assert_eq!(a, at);
                            at = b;
                            sum += c;
                        }
                        assert_eq!((at, p.source, p.target), (t, s, t));
                        assert!((sum - p.weight).abs() < 1e-9);
                    }
                }
            }
        }
    }

    #[test]
    fn bad_endpoints_are_errors() {
        let g = CsrGraph::from_edges(2, &[(0, 1, 1.0)]).unwrap();
        let cch = Cch::new(&g, &[(0.0, 0.0), (1.0, 0.0)], &mut |_| {}).unwrap();
        let m = cch.customize(|_| 1.0);
        let mut ws = CchWorkspace::new();
        assert_eq!(
            m.path(&mut ws, &[(5, 0.0)], &[(1, 0.0)]),
            Err(CchError::NodeOutOfRange {
                node: 5,
                node_count: 2
            })
        );
        assert!(matches!(
            m.distance(&mut ws, &[(0, 0.0)], &[(1, -1.0)]),
            Err(CchError::BadOffset { node: 1, .. })
        ));
        assert!(m.distance(&mut ws, &[(0, f64::NAN)], &[(1, 0.0)]).is_err());
        // Nothing to start from: no path, not an error.
        assert_eq!(m.distance(&mut ws, &[], &[(1, 0.0)]), Ok(None));
        assert_eq!(
            m.distance(&mut ws, &[(0, f64::INFINITY)], &[(1, 0.0)]),
            Ok(None)
        );
        // The same node on both sides: the offsets.
        let p = m.path(&mut ws, &[(1, 0.25)], &[(1, 0.5)]).unwrap().unwrap();
        assert_eq!(
            (p.weight, p.edges.len(), p.source, p.target),
            (0.75, 0, 1, 1)
        );
    }
}
