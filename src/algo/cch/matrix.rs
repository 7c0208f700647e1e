//! One-to-many and many-to-many distances: the bucket method (Knopp et al. 2007) on the
//! elimination tree.
//!
//! Each target's backward search (its ancestor chain, relaxed downward) leaves `(target,
//! distance)` entries in a bucket at every node it reaches; each source's forward search then
//! scans the buckets of the nodes it reaches: `d(s, t) = min over x of d(s, x) + d(x, t)`.
//! The buckets are laid out by node (compressed rows), so the scan reads them in order.
//!
//! Why buckets rather than elimination-tree sweeps (PHAST/RPHAST): a sweep costs the whole
//! restricted graph per source, tens of thousands of nodes for a thousand scattered targets,
//! where a source's buckets are those of its few hundred ancestors. The sources are
//! independent, so rows run in parallel (rayon), one workspace per chunk of rows.

use rayon::prelude::*;

use super::customize::{with_pool, CchMetric};
use super::query::{check_endpoints, CchWorkspace, Side};
use super::CchError;

/// Target entries by node: the entries at rank `x` are `first[x]..first[x + 1]`.
struct Buckets {
    first: Vec<u32>,
    target: Vec<u32>,
    dist: Vec<f64>,
}

impl CchMetric<'_> {
    /// The distances from `source` (nodes with start offsets, as in [`CchMetric::path`]) to
    /// each of `targets`, in order; `f64::INFINITY` where unreachable.
    ///
    /// # Errors
    /// As for [`CchMetric::path`].
    ///
    /// # Complexity
    /// O(Σ over the targets and the source of the arcs of their ancestors + n).
    pub fn one_to_many(
        &self,
        ws: &mut CchWorkspace,
        source: &[(u32, f64)],
        targets: &[u32],
    ) -> Result<Vec<f64>, CchError> {
        let targets: Vec<[(u32, f64); 1]> = targets.iter().map(|&t| [(t, 0.0)]).collect();
        check_endpoints(self.cch, source)?;
        self.check_all(&targets)?;
        let buckets = self.buckets(ws, &targets);
        let mut row = vec![f64::INFINITY; targets.len()];
        self.row(ws, &buckets, source, &mut row);
        Ok(row)
    }

    /// The distance matrix from `sources` to `targets`, row-major
    /// (`m[i * targets.len() + j]` is `sources[i]` to `targets[j]`), `f64::INFINITY` where
    /// unreachable; rows in parallel on rayon's global pool.
    ///
    /// # Errors
    /// [`CchError::NodeOutOfRange`] for a node outside the graph.
    ///
    /// # Complexity
    /// O(Σ arcs of the ancestors of every source and target + Σ over the sources of the
    /// bucket entries at their ancestors + n) time, O(bucket entries + n) extra memory.
    ///
    /// # Example
    /// ```
    /// use corridor::algo::{Cch, CsrGraph};
    ///
    /// let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 2.0), (2, 0, 4.0)]).unwrap();
    /// let cch = Cch::new(&g, &[(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)], &mut |_| {}).unwrap();
    /// let m = cch.customize(|l| g.weight(l as usize)).matrix(&[0, 2], &[1, 2]).unwrap();
    /// assert_eq!(m, vec![1.0, 3.0, 5.0, 0.0]);
    /// ```
    pub fn matrix(&self, sources: &[u32], targets: &[u32]) -> Result<Vec<f64>, CchError> {
        self.matrix_with_threads(sources, targets, 0)
    }

    /// [`CchMetric::matrix`] on `threads` threads: `1` on the calling thread alone, `0` on
    /// rayon's global pool.
    ///
    /// # Errors
    /// As for [`CchMetric::matrix`].
    pub fn matrix_with_threads(
        &self,
        sources: &[u32],
        targets: &[u32],
        threads: usize,
    ) -> Result<Vec<f64>, CchError> {
        let one = |v: &[u32]| v.iter().map(|&v| [(v, 0.0)]).collect::<Vec<_>>();
        self.matrix_of_sets(&one(sources), &one(targets), threads)
    }

    /// The matrix between sets of nodes with start offsets: cell `(i, j)` is the lightest
    /// path from any node of `sources[i]` to any node of `targets[j]`, offsets included (as
    /// in [`CchMetric::path`]). Row-major; `threads` as in [`CchMetric::matrix_with_threads`].
    ///
    /// # Errors
    /// As for [`CchMetric::path`].
    pub fn matrix_of_sets<S: AsRef<[(u32, f64)]> + Sync>(
        &self,
        sources: &[S],
        targets: &[S],
        threads: usize,
    ) -> Result<Vec<f64>, CchError> {
        self.check_all(sources)?;
        self.check_all(targets)?;
        let cols = targets.len();
        let mut out = vec![f64::INFINITY; sources.len() * cols];
        if out.is_empty() {
            return Ok(out);
        }
        let mut ws = CchWorkspace::new();
        let buckets = self.buckets(&mut ws, targets);
        if threads == 1 {
            for (source, row) in sources.iter().zip(out.chunks_mut(cols)) {
                self.row(&mut ws, &buckets, source.as_ref(), row);
            }
            return Ok(out);
        }
        with_pool(threads, || {
            let parts = 4 * rayon::current_num_threads().max(1);
            let rows = sources.len().div_ceil(parts).max(1);
            out.par_chunks_mut(rows * cols)
                .zip(sources.par_chunks(rows))
                .for_each(|(block, sources)| {
                    let mut ws = CchWorkspace::new();
                    for (source, row) in sources.iter().zip(block.chunks_mut(cols)) {
                        self.row(&mut ws, &buckets, source.as_ref(), row);
                    }
                });
        });
        Ok(out)
    }

    fn check_all<S: AsRef<[(u32, f64)]>>(&self, sets: &[S]) -> Result<(), CchError> {
        sets.iter()
            .try_for_each(|s| check_endpoints(self.cch, s.as_ref()))
    }

    /// The buckets of the backward searches from each target set.
    fn buckets<S: AsRef<[(u32, f64)]>>(&self, ws: &mut CchWorkspace, targets: &[S]) -> Buckets {
        let n = self.cch.node_count();
        let t = self.cch.topo();
        let mut entries: Vec<(u32, u32, f64)> = Vec::new();
        for (j, target) in targets.iter().enumerate() {
            ws.start(n);
            ws.seed(t, self.cch, Side::Backward, target.as_ref());
            ws.run_backward(self);
            for &x in ws.bwd_nodes() {
                let d = ws.bwd_dist(x);
                if d < f64::INFINITY {
                    entries.push((x, j as u32, d));
                }
            }
        }
        let mut first = vec![0u32; n + 1];
        for &(x, _, _) in &entries {
            first[x as usize + 1] += 1;
        }
        for x in 0..n {
            first[x + 1] += first[x];
        }
        let mut next = first.clone();
        let mut target = vec![0u32; entries.len()];
        let mut dist = vec![0f64; entries.len()];
        for &(x, j, d) in &entries {
            let slot = next[x as usize] as usize;
            next[x as usize] += 1;
            target[slot] = j;
            dist[slot] = d;
        }
        Buckets {
            first,
            target,
            dist,
        }
    }

    /// One row: the forward search from `source`, scanning the buckets of its nodes.
    fn row(&self, ws: &mut CchWorkspace, b: &Buckets, source: &[(u32, f64)], row: &mut [f64]) {
        let t = self.cch.topo();
        ws.start(self.cch.node_count());
        ws.seed(t, self.cch, Side::Forward, source);
        ws.run_forward(self);
        for &x in ws.fwd_nodes() {
            let df = ws.fwd_dist(x);
            if df == f64::INFINITY {
                continue;
            }
            let range = b.first[x as usize] as usize..b.first[x as usize + 1] as usize;
            for (&j, &db) in b.target[range.clone()].iter().zip(&b.dist[range]) {
                let d = df + db;
                let cell = &mut row[j as usize];
                if d < *cell {
                    *cell = d;
                }
            }
        }
    }
}
