//! Customization: arc weights for one metric, by lower triangles in rank order.
//!
//! Every arc `x → y` (`x < y`) starts with the lightest input edge it stands for in each
//! direction, then takes `min(w(x → y), w(x → z) + w(z → y))` over its lower triangles
//! (`z < x` adjacent to both). Processing the arcs by increasing lower end makes both other
//! sides final before they are used. The lower triangles of the arcs leaving `x` are found
//! from `x`'s downward arcs `z → x`: the arcs of `z` above `x` lead to upper neighbours of `x`
//! (chordality), located through a scratch array indexed by node.
//!
//! The arcs of `x` depend only on arcs of its descendants in the elimination tree. A nested-
//! dissection order numbers every subtree of the elimination tree with a contiguous range of
//! ranks (a piece of the dissection), so its arcs are a contiguous range too: disjoint
//! subtrees are customized in parallel (rayon), each on its own slice of the arc arrays, and
//! the nodes above them (the top separators) after them on one thread. Two synchronisation
//! points in all, rather than one per tree height, which matters on a shared machine. The
//! single-thread path runs the same per-node code in rank order, so the weights are
//! bit-identical.

use std::cell::RefCell;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::topology::NONE;
use super::{Cch, CchError, DOWN};

/// Marks a `via` entry that is an input edge label (otherwise it is a middle node's rank).
pub(crate) const INPUT: u32 = 1 << 31;

/// How an arc got its weight in one direction: `[label | INPUT, NONE]` from an input edge,
/// `[zx, zy]` through the lower triangle with arcs `z → x` and `z → y` (for the arc `x → y`),
/// or `[NONE, NONE]` for no path.
pub(crate) type Via = [u32; 2];

const NO_VIA: Via = [NONE, NONE];

/// The weights of one customization: per arc, the weight up (lower → higher rank) and down,
/// and how each was obtained. The serialisable part of a [`CchMetric`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MetricWeights {
    /// The [`Cch::fingerprint`] these weights were customized for.
    fingerprint: u64,
    pub(crate) up: Vec<f64>,
    pub(crate) down: Vec<f64>,
    /// How each weight was obtained ([`Via`]).
    pub(crate) up_via: Vec<Via>,
    pub(crate) down_via: Vec<Via>,
}

impl MetricWeights {
    /// Heap bytes held.
    pub fn memory_bytes(&self) -> usize {
        8 * (self.up.capacity() + self.down.capacity())
            + 8 * (self.up_via.capacity() + self.down_via.capacity())
    }
}

/// A customized hierarchy: a [`Cch`] with arc weights for one metric, ready for queries
/// ([`CchMetric::path`], [`CchMetric::distance`], [`CchMetric::matrix`]).
///
/// Borrows its [`Cch`]; its data ([`MetricWeights`]) can be taken out with
/// [`CchMetric::into_weights`], stored, and put back with [`CchMetric::from_weights`].
#[derive(Debug, Clone)]
pub struct CchMetric<'c> {
    pub(crate) cch: &'c Cch,
    pub(crate) w: MetricWeights,
}

impl Cch {
    /// Customizes the hierarchy for edge weights `weight(label)` (labels as in
    /// [`CsrGraph::edge_label`](crate::algo::CsrGraph::edge_label)), on rayon's global thread
    /// pool. `f64::INFINITY`, NaN or a negative weight forbids the edge; parallel edges count
    /// by their lightest.
    ///
    /// # Complexity
    /// O(m + triangles) time (the triangles of the chordal supergraph), O(arcs) memory; the
    /// tree heights run one after the other, the nodes of a height in parallel.
    ///
    /// # Example
    /// ```
    /// use corridor::algo::{Cch, CchWorkspace, CsrGraph};
    ///
    /// let edges = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 3.0)];
    /// let g = CsrGraph::from_edges(3, &edges).unwrap();
    /// let cch = Cch::new(&g, &[(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)], &mut |_| {}).unwrap();
    /// // Weights by edge label (the input position), not by CSR position.
    /// let doubled = cch.customize(|label| 2.0 * edges[label as usize].2);
    /// let d = doubled.distance(&mut CchWorkspace::new(), &[(0, 0.0)], &[(2, 0.0)]).unwrap();
    /// assert_eq!(d, Some(4.0));
    /// ```
    pub fn customize(&self, weight: impl Fn(u32) -> f64 + Sync) -> CchMetric<'_> {
        self.customize_with_threads(weight, 0)
    }

    /// [`Cch::customize`] on `threads` threads: `1` runs on the calling thread alone, without
    /// rayon; `0` uses rayon's global pool. The weights are the same bit for bit.
    pub fn customize_with_threads(
        &self,
        weight: impl Fn(u32) -> f64 + Sync,
        threads: usize,
    ) -> CchMetric<'_> {
        let w = if threads == 1 {
            customize_serial(self, &weight)
        } else {
            with_pool(threads, || customize_parallel(self, &weight, MIN_GRAIN))
        };
        CchMetric { cch: self, w }
    }
}

/// Runs `f` on a pool of `threads` threads (0: the global pool).
pub(crate) fn with_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    if threads == 0 {
        return f();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(f),
        // No threads to be had: the global pool does the same work.
        Err(_) => f(),
    }
}

impl<'c> CchMetric<'c> {
    /// The hierarchy this metric customizes.
    pub fn cch(&self) -> &'c Cch {
        self.cch
    }

    /// The weights, to store (serde) and restore with [`CchMetric::from_weights`].
    pub fn into_weights(self) -> MetricWeights {
        self.w
    }

    /// The weights, borrowed.
    pub fn weights(&self) -> &MetricWeights {
        &self.w
    }

    /// Puts stored weights back on their hierarchy.
    ///
    /// # Errors
    /// [`CchError::WrongHierarchy`] when the weights were customized for another graph or
    /// order; [`CchError::Corrupt`] when they are inconsistent (lengths, or a path that would
    /// not unpack).
    ///
    /// # Complexity
    /// O(arcs) to check them.
    pub fn from_weights(cch: &'c Cch, w: MetricWeights) -> Result<Self, CchError> {
        if w.fingerprint != cch.fingerprint() {
            return Err(CchError::WrongHierarchy {
                expected: cch.fingerprint(),
                found: w.fingerprint,
            });
        }
        let t = cch.topo();
        let m = t.arc_count();
        if [w.up.len(), w.down.len(), w.up_via.len(), w.down_via.len()] != [m; 4] {
            return Err(CchError::Corrupt("metric lengths"));
        }
        let labels = cch.edge_count() as u32;
        for x in 0..t.node_count() as u32 {
            for a in t.arcs(x) {
                let y = t.head[a];
                for (via, weight) in [(w.up_via[a], w.up[a]), (w.down_via[a], w.down[a])] {
                    let m = m as u32;
                    let fine = match via {
                        NO_VIA => weight == f64::INFINITY,
                        [v, NONE] if v & INPUT != 0 => v & !INPUT < labels,
                        // Two arcs from a node below both ends, to both.
                        [zx, zy] => {
                            zx < m
                                && zy < m
                                && t.head[zx as usize] == x
                                && t.head[zy as usize] == y
                                && t.tail(zx) == t.tail(zy)
                        }
                    };
                    if !fine || weight.is_nan() || weight < 0.0 {
                        return Err(CchError::Corrupt("metric weights"));
                    }
                }
            }
        }
        Ok(CchMetric { cch, w })
    }

    /// Heap bytes held by the weights (the [`Cch`] not included).
    pub fn memory_bytes(&self) -> usize {
        self.w.memory_bytes()
    }
}

/// Weights for `cch` before customization: every arc unusable both ways.
fn blank(cch: &Cch) -> MetricWeights {
    let m = cch.arc_count();
    MetricWeights {
        fingerprint: cch.fingerprint(),
        up: vec![f64::INFINITY; m],
        down: vec![f64::INFINITY; m],
        up_via: vec![NO_VIA; m],
        down_via: vec![NO_VIA; m],
    }
}

/// The arc arrays of ranks `lo..=hi`, a contiguous subtree of the elimination tree (or of
/// every rank): arc `a` is at `a - base`.
struct Slab<'w> {
    base: usize,
    up: &'w mut [f64],
    down: &'w mut [f64],
    up_via: &'w mut [Via],
    down_via: &'w mut [Via],
}

impl<'w> Slab<'w> {
    fn all(w: &'w mut MetricWeights) -> Self {
        Slab {
            base: 0,
            up: &mut w.up,
            down: &mut w.down,
            up_via: &mut w.up_via,
            down_via: &mut w.down_via,
        }
    }
}

/// Customizes the arcs of rank `x`: the lightest usable input edge of each, in each
/// direction, then every lower triangle. The arcs below `x` are final and in `s` (they belong
/// to `x`'s descendants). `pos` is scratch of at least `n` entries.
#[inline]
fn relax_node(cch: &Cch, weight: &impl Fn(u32) -> f64, s: &mut Slab<'_>, x: u32, pos: &mut [u32]) {
    let t = cch.topo();
    let arcs = t.arcs(x);
    let b = s.base;
    for a in arcs.clone() {
        pos[t.head[a] as usize] = a as u32;
        let (mut up, mut down, mut up_via, mut down_via) =
            (f64::INFINITY, f64::INFINITY, NO_VIA, NO_VIA);
        for &code in cch.arc_labels(a) {
            let label = code >> 1;
            let w = weight(label);
            // NaN and negative weights forbid the edge; an infinite one never passes `<`.
            if w.is_nan() || w < 0.0 {
                continue;
            }
            if code & DOWN == 0 {
                if w < up {
                    (up, up_via) = (w, [label | INPUT, NONE]);
                }
            } else if w < down {
                (down, down_via) = (w, [label | INPUT, NONE]);
            }
        }
        (
            s.up[a - b],
            s.down[a - b],
            s.up_via[a - b],
            s.down_via[a - b],
        ) = (up, down, up_via, down_via);
    }
    let downs = t.down_first[x as usize] as usize..t.down_first[x as usize + 1] as usize;
    for d in downs {
        let (z, zx) = (t.down_tail[d], t.down_arc[d]);
        // x -> z is arc zx downwards; z -> x is it upwards.
        let (z_to_x, x_to_z) = (s.up[zx as usize - b], s.down[zx as usize - b]);
        if z_to_x == f64::INFINITY && x_to_z == f64::INFINITY {
            continue;
        }
        let end = t.first_arc[z as usize + 1] as usize;
        for zy in zx as usize + 1..end {
            let y = t.head[zy];
            let xy = pos[y as usize] as usize;
            // Chordality puts y among x's upper neighbours; data from a file might not.
            if !arcs.contains(&xy) || t.head[xy] != y {
                continue;
            }
            let up = x_to_z + s.up[zy - b];
            if up < s.up[xy - b] {
                s.up[xy - b] = up;
                s.up_via[xy - b] = [zx, zy as u32];
            }
            let down = s.down[zy - b] + z_to_x;
            if down < s.down[xy - b] {
                s.down[xy - b] = down;
                s.down_via[xy - b] = [zx, zy as u32];
            }
        }
    }
}

fn customize_serial(cch: &Cch, weight: &impl Fn(u32) -> f64) -> MetricWeights {
    let mut w = blank(cch);
    let mut pos = vec![0u32; cch.node_count()];
    let mut slab = Slab::all(&mut w);
    for x in 0..cch.node_count() as u32 {
        relax_node(cch, weight, &mut slab, x, &mut pos);
    }
    w
}

thread_local! {
    /// Per-thread scratch of [`relax_node`].
    static POS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// Disjoint subtrees of the elimination tree numbered by contiguous ranks, of at most
/// `grain` nodes each, as inclusive rank ranges in ascending order; and whether each rank
/// is in one of them.
fn subtrees(parent: &[u32], grain: usize) -> (Vec<(u32, u32)>, Vec<bool>) {
    let n = parent.len();
    let mut size = vec![1u32; n];
    let mut low: Vec<u32> = (0..n as u32).collect();
    for x in 0..n {
        let p = parent[x];
        if p != NONE {
            size[p as usize] += size[x];
            low[p as usize] = low[p as usize].min(low[x]);
        }
    }
    let mut inside = vec![false; n];
    let mut roots = Vec::new();
    for x in (0..n).rev() {
        let p = parent[x];
        inside[x] = p != NONE && inside[p as usize];
        let contiguous = low[x] as usize + size[x] as usize == x + 1;
        if !inside[x] && contiguous && size[x] as usize <= grain {
            inside[x] = true;
            roots.push((low[x], x as u32));
        }
    }
    roots.sort_unstable();
    (roots, inside)
}

/// Splits `len` entries off `s` after skipping `skip`.
fn take<'a, T>(s: &mut &'a mut [T], skip: usize, len: usize) -> &'a mut [T] {
    let rest = std::mem::take(s);
    let (slab, rest) = rest[skip..].split_at_mut(len);
    *s = rest;
    slab
}

/// The smallest subtree worth a parallel task.
const MIN_GRAIN: usize = 1024;

fn customize_parallel(
    cch: &Cch,
    weight: &(impl Fn(u32) -> f64 + Sync),
    min_grain: usize,
) -> MetricWeights {
    let mut w = blank(cch);
    let t = cch.topo();
    let n = t.node_count();
    let grain = (n / (8 * rayon::current_num_threads().max(1))).max(min_grain);
    let (tasks, inside) = subtrees(&t.parent, grain);
    // One slab per subtree, split off the arc arrays in rank order.
    let mut slabs = Vec::with_capacity(tasks.len());
    {
        let (mut up, mut down) = (&mut w.up[..], &mut w.down[..]);
        let (mut up_via, mut down_via) = (&mut w.up_via[..], &mut w.down_via[..]);
        let mut at = 0usize;
        for &(lo, hi) in &tasks {
            let start = t.first_arc[lo as usize] as usize;
            let end = t.first_arc[hi as usize + 1] as usize;
            let skip = start - at;
            let len = end - start;
            let slab = Slab {
                base: start,
                up: take(&mut up, skip, len),
                down: take(&mut down, skip, len),
                up_via: take(&mut up_via, skip, len),
                down_via: take(&mut down_via, skip, len),
            };
            slabs.push(((lo, hi), slab));
            at = end;
        }
        slabs.into_par_iter().for_each(|((lo, hi), mut slab)| {
            POS.with(|pos| {
                let mut pos = pos.borrow_mut();
                if pos.len() < n {
                    pos.resize(n, 0);
                }
                for x in lo..=hi {
                    relax_node(cch, weight, &mut slab, x, &mut pos);
                }
            })
        });
    }
    // The nodes above the subtrees, in rank order.
    let mut pos = vec![0u32; n];
    let mut slab = Slab::all(&mut w);
    for x in (0..n as u32).filter(|&x| !inside[x as usize]) {
        relax_node(cch, weight, &mut slab, x, &mut pos);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::CsrGraph;

    #[test]
    fn serial_and_parallel_weights_are_bit_identical() {
        // A 30 x 30 grid with one-way streets and varied weights.
        let w = 30u32;
        let mut edges = Vec::new();
        for y in 0..w {
            for x in 0..w {
                let v = y * w + x;
                let c = (v.wrapping_mul(2654435761) % 1000) as f64 / 97.0;
                if x + 1 < w {
                    edges.push((v, v + 1, c));
                    if v % 3 != 0 {
                        edges.push((v + 1, v, c * 1.3));
                    }
                }
                if y + 1 < w {
                    edges.push((v, v + w, c + 0.1));
                    edges.push((v + w, v, c + 0.2));
                }
            }
        }
        let g = CsrGraph::from_edges((w * w) as usize, &edges).unwrap();
        let coords: Vec<(f64, f64)> = (0..w * w)
            .map(|v| ((v % w) as f64, (v / w) as f64))
            .collect();
        let cch = Cch::new(&g, &coords, &mut |_| {}).unwrap();
        let weight = |l: u32| {
            if l % 17 == 0 {
                f64::INFINITY
            } else {
                edges[l as usize].2
            }
        };
        let one = cch.customize_with_threads(weight, 1);
        let small_tasks = with_pool(2, || customize_parallel(&cch, &weight, 8));
        let (tasks, _) = subtrees(&cch.topo().parent, 8);
        assert!(tasks.len() > 10, "{} subtrees", tasks.len());
        for many in [0, 2, 3]
            .map(|threads| cch.customize_with_threads(weight, threads).w)
            .into_iter()
            .chain([small_tasks])
        {
            let many = CchMetric { cch: &cch, w: many };
            assert_eq!(one.w.up_via, many.w.up_via);
            assert_eq!(one.w.down_via, many.w.down_via);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&one.w.up), bits(&many.w.up));
            assert_eq!(bits(&one.w.down), bits(&many.w.down));
        }
        // Stored weights come back; foreign or broken ones do not.
        let back = CchMetric::from_weights(&cch, one.clone().into_weights()).unwrap();
        assert_eq!(back.w, one.w);
        let other = Cch::with_order(&g, &(0..w * w).collect::<Vec<_>>(), &mut |_| {}).unwrap();
        assert!(matches!(
            CchMetric::from_weights(&other, one.clone().into_weights()),
            Err(CchError::WrongHierarchy { .. })
        ));
        let mut broken = one.into_weights();
        let a = broken
            .up_via
            .iter()
            .position(|v| v[0] & INPUT == 0)
            .unwrap();
        broken.up_via[a][1] = broken.up_via[a][0];
        assert!(matches!(
            CchMetric::from_weights(&cch, broken),
            Err(CchError::Corrupt(_))
        ));
    }
}
