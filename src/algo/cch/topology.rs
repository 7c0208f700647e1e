//! The metric-independent contraction: the chordal supergraph of the undirected graph for a
//! node order, as upward arcs, with its elimination tree and the map from input edges to arcs.
//!
//! Eliminating the nodes in rank order makes the upper neighbours of each node a clique.
//! The standard efficient way (Dibbelt, Strasser & Wagner 2016; RoutingKit does the same):
//! process the nodes by increasing rank; the upper neighbourhood of `x` is final when `x` is
//! reached, its lowest member `p` is `x`'s parent in the elimination tree, and the rest of the
//! neighbourhood is merged into `p`'s. Every clique edge that elimination would add is then
//! present: for upper neighbours `p < y` of `x`, `y` joins `p`'s neighbourhood, and so on up.

use serde::{Deserialize, Serialize};

use super::order::Adjacency;
use super::Progress;

pub(crate) const NONE: u32 = u32::MAX;

/// The chordal supergraph in ranks: arcs point upwards (from the lower rank to the higher).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct Topology {
    /// Arcs of rank `x` are `first_arc[x]..first_arc[x + 1]`, sorted by head.
    pub(crate) first_arc: Vec<u32>,
    /// Upper end of each arc.
    pub(crate) head: Vec<u32>,
    /// Arcs entering rank `y` from below are `down_first[y]..down_first[y + 1]`: their tails
    /// (ascending) in `down_tail` and arc ids in `down_arc`.
    pub(crate) down_first: Vec<u32>,
    pub(crate) down_tail: Vec<u32>,
    pub(crate) down_arc: Vec<u32>,
    /// Elimination-tree parent of each rank (its lowest upper neighbour), or [`NONE`].
    pub(crate) parent: Vec<u32>,
}

impl Topology {
    /// The chordal supergraph of `adj` (caller's node ids) for `rank_of`.
    pub(crate) fn build(
        adj: &Adjacency,
        rank_of: &[u32],
        progress: &mut dyn FnMut(Progress),
    ) -> Topology {
        let n = adj.node_count();
        // Upper neighbours in ranks, one list per rank.
        let mut up: Vec<Vec<u32>> = vec![Vec::new(); n];
        for v in 0..n as u32 {
            let rv = rank_of[v as usize];
            for &u in adj.neighbours(v) {
                let ru = rank_of[u as usize];
                if ru > rv {
                    up[rv as usize].push(ru);
                }
            }
        }
        for list in &mut up {
            list.sort_unstable();
            list.dedup();
        }
        let mut first_arc = Vec::with_capacity(n + 1);
        let mut head: Vec<u32> = Vec::new();
        let mut parent = vec![NONE; n];
        let mut merged = Vec::new();
        first_arc.push(0u32);
        for x in 0..n {
            let nx = std::mem::take(&mut up[x]);
            head.extend_from_slice(&nx);
            first_arc.push(head.len() as u32);
            if let Some((&p, rest)) = nx.split_first() {
                parent[x] = p;
                let np = &mut up[p as usize];
                merged.clear();
                merge_sorted(np, rest, &mut merged);
                std::mem::swap(np, &mut merged);
            }
            if x % (n / 50 + 1) == 0 {
                progress(Progress::contracting(x, n));
            }
        }
        progress(Progress::contracting(n, n));
        head.shrink_to_fit();
        let m = head.len();
        // Downward lists: counting sort of the arcs by head; tails come out ascending.
        let mut down_first = vec![0u32; n + 1];
        for &y in &head {
            down_first[y as usize + 1] += 1;
        }
        for y in 0..n {
            down_first[y + 1] += down_first[y];
        }
        let mut next = down_first.clone();
        let mut down_tail = vec![0u32; m];
        let mut down_arc = vec![0u32; m];
        for x in 0..n {
            let start = first_arc[x] as usize;
            for (i, &y) in head[start..first_arc[x + 1] as usize].iter().enumerate() {
                let (a, y) = (start + i, y as usize);
                let slot = next[y] as usize;
                next[y] += 1;
                down_tail[slot] = x as u32;
                down_arc[slot] = a as u32;
            }
        }
        Topology {
            first_arc,
            head,
            down_first,
            down_tail,
            down_arc,
            parent,
        }
    }

    pub(crate) fn node_count(&self) -> usize {
        self.parent.len()
    }

    pub(crate) fn arc_count(&self) -> usize {
        self.head.len()
    }

    /// The upward arcs of rank `x`.
    #[inline]
    pub(crate) fn arcs(&self, x: u32) -> std::ops::Range<usize> {
        self.first_arc[x as usize] as usize..self.first_arc[x as usize + 1] as usize
    }

    /// The arc from rank `x` up to rank `y`, if the graph has it.
    #[inline]
    pub(crate) fn find_arc(&self, x: u32, y: u32) -> Option<u32> {
        let arcs = self.arcs(x);
        let start = arcs.start;
        self.head[arcs]
            .binary_search(&y)
            .ok()
            .map(|i| (start + i) as u32)
    }

    /// The lower end of arc `a`.
    #[inline]
    pub(crate) fn tail(&self, a: u32) -> u32 {
        (self.first_arc.partition_point(|&f| f <= a) - 1) as u32
    }

    /// Heap bytes.
    pub(crate) fn memory_bytes(&self) -> usize {
        4 * (self.first_arc.capacity()
            + self.head.capacity()
            + self.down_first.capacity()
            + self.down_tail.capacity()
            + self.down_arc.capacity()
            + self.parent.capacity())
    }

    /// Checks the invariants the customization and the queries rely on, for data that did
    /// not come from [`Topology::build`] (a file): array lengths, ids in range, arcs upward
    /// and sorted, parents the lowest upper neighbours, down lists matching the arcs.
    /// (Chordality itself is not checked here: the customization
    /// skips a missing triangle side rather than fail.)
    pub(crate) fn check(&self) -> Result<(), &'static str> {
        let n = self.parent.len();
        let m = self.head.len();
        if self.first_arc.len() != n + 1
            || self.first_arc.first() != Some(&0)
            || self.first_arc.last().copied() != Some(m as u32)
            || self.first_arc.windows(2).any(|w| w[0] > w[1])
        {
            return Err("arc offsets");
        }
        for x in 0..n {
            let (a, b) = (self.first_arc[x], self.first_arc[x + 1]);
            let heads = &self.head[a as usize..b as usize];
            if heads.iter().any(|&y| y as usize >= n || y as usize <= x)
                || heads.windows(2).any(|w| w[0] >= w[1])
            {
                return Err("arc heads");
            }
            if self.parent[x] != heads.first().copied().unwrap_or(NONE) {
                return Err("elimination tree");
            }
        }
        if self.down_first.len() != n + 1
            || self.down_tail.len() != m
            || self.down_arc.len() != m
            || self.down_first.first() != Some(&0)
            || self.down_first.last().copied() != Some(m as u32)
            || self.down_first.windows(2).any(|w| w[0] > w[1])
        {
            return Err("down arcs");
        }
        for y in 0..n {
            for i in self.down_first[y] as usize..self.down_first[y + 1] as usize {
                let (x, a) = (self.down_tail[i], self.down_arc[i]);
                if a as usize >= m || self.head[a as usize] as usize != y || self.tail(a) != x {
                    return Err("down arcs");
                }
            }
        }
        Ok(())
    }
}

/// The height of the elimination forest: the most nodes on a path from a leaf to a root.
pub(crate) fn height(parent: &[u32]) -> usize {
    let mut depth = vec![0u32; parent.len()];
    let mut most = 0;
    // Parents are above their children: walk down from the roots.
    for x in (0..parent.len()).rev() {
        let p = parent[x];
        depth[x] = if p == NONE { 1 } else { depth[p as usize] + 1 };
        most = most.max(depth[x]);
    }
    most as usize
}

/// Merges two ascending lists into `out`, without duplicates.
fn merge_sorted(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x <= y {
            out.push(x);
            i += 1;
            j += usize::from(x == y);
        } else {
            out.push(y);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::cch::order::nested_dissection;

    /// A small random-ish graph: a grid with some chords and a separate triangle.
    fn sample() -> (Adjacency, Vec<(f64, f64)>) {
        let (w, h) = (12u32, 9u32);
        let mut pairs = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let v = y * w + x;
                if x + 1 < w {
                    pairs.push((v, v + 1));
                }
                if y + 1 < h {
                    pairs.push((v, v + w));
                }
                if (v * 7) % 5 == 0 && x + 2 < w && y + 1 < h {
                    pairs.push((v, v + w + 2));
                }
            }
        }
        let n = w * h;
        pairs.extend([(n, n + 1), (n + 1, n + 2), (n + 2, n)]);
        let coords = (0..n + 3)
            .map(|v| ((v % w) as f64, (v / w) as f64))
            .collect();
        (Adjacency::new((n + 3) as usize, pairs.into_iter()), coords)
    }

    fn build(adj: &Adjacency, order: &[u32]) -> Topology {
        let mut rank_of = vec![0u32; order.len()];
        for (r, &v) in order.iter().enumerate() {
            rank_of[v as usize] = r as u32;
        }
        Topology::build(adj, &rank_of, &mut |_| {})
    }

    fn check_chordal(t: &Topology) {
        // Every pair of upper neighbours of a node is joined by an arc: every lower triangle
        // of the elimination is closed.
        for x in 0..t.node_count() as u32 {
            let heads = &t.head[t.arcs(x)];
            for (i, &a) in heads.iter().enumerate() {
                for &b in &heads[i + 1..] {
                    assert!(t.find_arc(a, b).is_some(), "{x}: {a}-{b} missing");
                }
            }
        }
    }

    #[test]
    fn the_supergraph_is_chordal_with_a_valid_elimination_tree() {
        let (adj, coords) = sample();
        let nd = nested_dissection(&adj, &coords, 1, &mut |_| {});
        let identity: Vec<u32> = (0..adj.node_count() as u32).collect();
        let reversed: Vec<u32> = identity.iter().rev().copied().collect();
        for order in [nd, identity, reversed] {
            let t = build(&adj, &order);
            check_chordal(&t);
            t.check().unwrap();
            for x in 0..t.node_count() as u32 {
                // Parent = lowest upper neighbour, above x.
                let heads = &t.head[t.arcs(x)];
                assert_eq!(t.parent[x as usize], heads.first().copied().unwrap_or(NONE));
                for a in t.arcs(x) {
                    assert_eq!(t.tail(a as u32), x);
                }
            }
            // Every input edge is an arc.
            let mut rank_of = vec![0u32; order.len()];
            for (r, &v) in order.iter().enumerate() {
                rank_of[v as usize] = r as u32;
            }
            for v in 0..adj.node_count() as u32 {
                for &u in adj.neighbours(v) {
                    let (a, b) = (rank_of[v as usize], rank_of[u as usize]);
                    assert!(t.find_arc(a.min(b), a.max(b)).is_some());
                }
            }
        }
    }

    #[test]
    fn a_path_eliminated_from_one_end_needs_no_fill() {
        let adj = Adjacency::new(5, [(0, 1), (1, 2), (2, 3), (3, 4)].into_iter());
        let t = build(&adj, &[0, 1, 2, 3, 4]);
        assert_eq!(t.arc_count(), 4);
        assert_eq!(t.parent, vec![1, 2, 3, 4, NONE]);
        assert_eq!(height(&t.parent), 5);
        // From the middle outwards: eliminating 2 first joins 1 and 3.
        let t = build(&adj, &[2, 0, 4, 1, 3]);
        assert_eq!(t.arc_count(), 5);
        assert_eq!(height(&t.parent), 3);
        check_chordal(&t);
    }

    #[test]
    fn check_rejects_broken_topologies() {
        let (adj, coords) = sample();
        let order = nested_dissection(&adj, &coords, 1, &mut |_| {});
        let t = build(&adj, &order);
        let mut bad = t.clone();
        bad.head[0] = 0;
        assert!(bad.check().is_err());
        let mut bad = t.clone();
        bad.parent[0] = NONE - 1;
        assert!(bad.check().is_err());
        let mut bad = t;
        bad.down_arc.pop();
        assert!(bad.check().is_err());
    }
}
