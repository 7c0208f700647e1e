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

use std::cell::RefCell;

use rayon::prelude::*;

use super::customize::{with_pool, CchMetric};
use super::query::{check_endpoints, CchWorkspace, Side};
use super::CchError;

thread_local! {
    /// One workspace per rayon worker, kept across matrices (a workspace is O(n) to set up).
    static WORKSPACE: RefCell<CchWorkspace> = RefCell::new(CchWorkspace::new());
}

/// Fewer targets than this are searched on one thread.
const PARALLEL_TARGETS: usize = 64;

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
        let buckets = self.buckets(ws, &targets, 1);
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
    /// let edges = [(0, 1, 1.0), (1, 2, 2.0), (2, 0, 4.0)];
    /// let g = CsrGraph::from_edges(3, &edges).unwrap();
    /// let cch = Cch::new(&g, &[(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)], &mut |_| {}).unwrap();
    /// let m = cch.customize(|l| edges[l as usize].2).matrix(&[0, 2], &[1, 2]).unwrap();
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
        if threads == 1 {
            let mut ws = CchWorkspace::new();
            let buckets = self.buckets(&mut ws, targets, 1);
            for (source, row) in sources.iter().zip(out.chunks_mut(cols)) {
                self.row(&mut ws, &buckets, source.as_ref(), row);
            }
            return Ok(out);
        }
        with_pool(threads, || {
            // (The thread's own workspace is not held while the pool runs searches: this
            // thread takes part, and would borrow it again.)
            let buckets = if targets.len() < PARALLEL_TARGETS {
                WORKSPACE.with(|ws| self.buckets(&mut ws.borrow_mut(), targets, 1))
            } else {
                self.buckets(&mut CchWorkspace::new(), targets, 0)
            };
            let parts = 4 * rayon::current_num_threads().max(1);
            let rows = sources.len().div_ceil(parts).max(1);
            out.par_chunks_mut(rows * cols)
                .zip(sources.par_chunks(rows))
                .for_each(|(block, sources)| {
                    WORKSPACE.with(|ws| {
                        let mut ws = ws.borrow_mut();
                        for (source, row) in sources.iter().zip(block.chunks_mut(cols)) {
                            self.row(&mut ws, &buckets, source.as_ref(), row);
                        }
                    })
                });
        });
        Ok(out)
    }

    fn check_all<S: AsRef<[(u32, f64)]>>(&self, sets: &[S]) -> Result<(), CchError> {
        sets.iter()
            .try_for_each(|s| check_endpoints(self.cch, s.as_ref()))
    }

    /// The bucket entries `(rank, target index, distance)` of the backward searches from
    /// `targets`, numbered from `first`.
    fn entries<S: AsRef<[(u32, f64)]>>(
        &self,
        ws: &mut CchWorkspace,
        targets: &[S],
        first: usize,
    ) -> Vec<(u32, u32, f64)> {
        let n = self.cch.node_count();
        let t = self.cch.topo();
        let mut entries = Vec::new();
        for (j, target) in targets.iter().enumerate() {
            ws.start(n);
            ws.seed(t, self.cch, Side::Backward, target.as_ref());
            ws.run_backward(self);
            for &x in ws.bwd_nodes() {
                let d = ws.bwd_dist(x);
                if d < f64::INFINITY {
                    entries.push((x, (first + j) as u32, d));
                }
            }
        }
        entries
    }

    /// The buckets of the backward searches from each target set; the searches run on the
    /// current rayon pool unless `threads` is 1.
    fn buckets<S: AsRef<[(u32, f64)]> + Sync>(
        &self,
        ws: &mut CchWorkspace,
        targets: &[S],
        threads: usize,
    ) -> Buckets {
        let n = self.cch.node_count();
        let entries = if threads == 1 || targets.len() < PARALLEL_TARGETS {
            self.entries(ws, targets, 0)
        } else {
            let chunk = targets
                .len()
                .div_ceil(4 * rayon::current_num_threads().max(1));
            let parts: Vec<Vec<(u32, u32, f64)>> = targets
                .par_chunks(chunk)
                .enumerate()
                .map(|(i, ts)| {
                    WORKSPACE.with(|ws| self.entries(&mut ws.borrow_mut(), ts, i * chunk))
                })
                .collect();
            parts.concat()
        };
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

#[cfg(test)]
mod tests {
    use crate::algo::{Cch, CchWorkspace, CsrGraph};

    #[test]
    fn large_matrices_equal_one_to_one_queries_on_any_number_of_threads() {
        // A 20 x 20 grid, one-way rows, two-way columns.
        let w = 20u32;
        let mut edges = Vec::new();
        for y in 0..w {
            for x in 0..w {
                let v = y * w + x;
                let c = 1.0 + (v % 7) as f64;
                if x + 1 < w {
                    edges.push(if y % 2 == 0 {
                        (v, v + 1, c)
                    } else {
                        (v + 1, v, c)
                    });
                }
                if y + 1 < w {
                    edges.push((v, v + w, c));
                    edges.push((v + w, v, c + 0.5));
                }
            }
        }
        let n = (w * w) as usize;
        let g = CsrGraph::from_edges(n, &edges).unwrap();
        let coords: Vec<(f64, f64)> = (0..w * w)
            .map(|v| ((v % w) as f64, (v / w) as f64))
            .collect();
        let cch = Cch::new(&g, &coords, &mut |_| {}).unwrap();
        let metric = cch.customize(|l| {
            if l % 13 == 0 {
                f64::INFINITY
            } else {
                edges[l as usize].2
            }
        });
        let sources: Vec<u32> = (0..100).map(|i| (i * 37 % n) as u32).collect();
        let targets: Vec<u32> = (0..80).map(|i| (i * 53 % n) as u32).collect();
        let one = metric.matrix_with_threads(&sources, &targets, 1).unwrap();
        for threads in [0, 2, 3] {
            assert_eq!(
                metric
                    .matrix_with_threads(&sources, &targets, threads)
                    .unwrap(),
                one
            );
        }
        let mut ws = CchWorkspace::new();
        for (i, &s) in sources.iter().enumerate() {
            for (j, &t) in targets.iter().enumerate() {
                let d = metric.distance(&mut ws, &[(s, 0.0)], &[(t, 0.0)]).unwrap();
                assert_eq!(
                    Some(one[i * targets.len() + j]).filter(|d| d.is_finite()),
                    d
                );
            }
        }
        assert_eq!(metric.matrix(&[], &targets).unwrap(), Vec::<f64>::new());
        assert!(metric.matrix(&[0], &[n as u32]).is_err());
    }
}
