//! Routes that must pass places in order and use corridors: a search over (state, progress)
//! where progress is how many via places have been passed and which corridors used.
//!
//! Counting a via place as soon as it is reached is exact: whatever can follow a state that
//! still has to pass it can also follow the same state with it passed, so the earlier count
//! never loses a route.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::algo::Path;
use crate::network::StateEdge;

use super::resolve::Query;

/// The most corridors a request may ask to use (their combinations are searched as a bit
/// mask).
pub(crate) const MAX_VIA_CORRIDORS: usize = 4;

#[derive(Clone, Copy, PartialEq)]
struct Entry {
    key: f64,
    node: u32,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        o.key.total_cmp(&self.key).then(o.node.cmp(&self.node))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Query<'_> {
    /// Whether the query has places to pass or corridors to use.
    pub(crate) fn has_waypoints(&self) -> bool {
        !self.via.is_empty() || !self.via_corridors.is_empty()
    }

    /// How many progress values a search keeps per state: (via places passed + 1) × 2^(via
    /// corridors). The last one, `progress_count() - 1`, is everything done.
    pub(crate) fn progress_count(&self) -> usize {
        (self.via.len() + 1) << self.via_corridors.len()
    }

    /// The progress after taking `edge` into state `head` with progress `p` (numbered
    /// `passed × 2^corridors + corridors used`).
    pub(crate) fn advance(&self, p: usize, edge: &StateEdge, head: u32) -> usize {
        let masks = 1usize << self.via_corridors.len();
        let (mut k, mut m) = (p / masks, p % masks);
        if k < self.via.len() && self.net.search_graph().state_place[head as usize] == self.via[k] {
            k += 1;
        }
        if let StateEdge::Link { link, .. } = *edge {
            for (i, links) in self.via_corridors.iter().enumerate() {
                if links.binary_search(&link).is_ok() {
                    m |= 1 << i;
                }
            }
        }
        k * masks + m
    }

    /// The best path passing `via` in order and using a link of each of `via_corridors`:
    /// A* (bound `heuristic` on states, consistent) over (state, via passed, corridors used).
    pub(crate) fn search_waypoints(
        &self,
        sources: &[u32],
        weight: impl Fn(&StateEdge) -> f64,
        heuristic: impl Fn(u32) -> f64,
    ) -> Option<Path> {
        let sg = self.net.search_graph();
        let g = &sg.graph;
        let n = g.node_count();
        let progress = self.progress_count();
        let done_all = progress - 1;
        // Product node: state × progress.
        let id = |s: u32, p: usize| s as usize * progress + p;
        let size = n * progress;
        let mut dist = vec![f64::INFINITY; size];
        let mut parent: Vec<(u32, u32)> = vec![(u32::MAX, u32::MAX); size];
        let mut done = vec![false; size];
        let mut heap = BinaryHeap::new();
        for &s in sources {
            let node = id(s, 0);
            dist[node] = 0.0;
            heap.push(Entry {
                key: heuristic(s),
                node: node as u32,
            });
        }
        while let Some(Entry { node, .. }) = heap.pop() {
            let node = node as usize;
            if done[node] {
                continue;
            }
            done[node] = true;
            let (s, p) = (node / progress, node % progress);
            if sg.state_place[s] == self.to && p == done_all {
                let mut edges = Vec::new();
                let mut at = node;
                while parent[at].0 != u32::MAX {
                    edges.push(parent[at].1);
                    at = parent[at].0 as usize;
                }
                edges.reverse();
                return Some(Path {
                    weight: dist[node],
                    edges,
                    source: (at / progress) as u32,
                    target: s as u32,
                });
            }
            for e in g.out_edges(s as u32) {
                let label = g.edge_label(e);
                let edge = &sg.edges[label as usize];
                let w = weight(edge);
                if !(w >= 0.0 && w.is_finite()) {
                    continue;
                }
                let t = g.head(e);
                let next = id(t, self.advance(p, edge, t));
                let d = dist[node] + w;
                if d < dist[next] {
                    dist[next] = d;
                    parent[next] = (node as u32, label);
                    heap.push(Entry {
                        key: d + heuristic(t),
                        node: next as u32,
                    });
                }
            }
        }
        None
    }
}
