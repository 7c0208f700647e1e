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
        let layers = self.via.len() + 1;
        let masks = 1usize << self.via_corridors.len();
        let full = masks - 1;
        // Product node: (state * layers + passed) * masks + used.
        let id = |s: u32, k: usize, m: usize| (s as usize * layers + k) * masks + m;
        let size = n * layers * masks;
        let mut dist = vec![f64::INFINITY; size];
        let mut parent: Vec<(u32, u32)> = vec![(u32::MAX, u32::MAX); size];
        let mut done = vec![false; size];
        let mut heap = BinaryHeap::new();
        let corridor_bits = |link: u32| {
            self.via_corridors
                .iter()
                .enumerate()
                .filter(|(_, ls)| ls.binary_search(&link).is_ok())
                .fold(0usize, |m, (i, _)| m | (1 << i))
        };
        let passed = |k: usize, s: u32| {
            if k < self.via.len() && sg.state_place[s as usize] == self.via[k] {
                k + 1
            } else {
                k
            }
        };
        for &s in sources {
            let node = id(s, 0, 0);
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
            let (s, rest) = ((node / masks) / layers, node % (layers * masks));
            let (k, m) = (rest / masks, rest % masks);
            if sg.state_place[s] == self.to && k == layers - 1 && m == full {
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
                    source: (at / masks / layers) as u32,
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
                let m2 = match *edge {
                    StateEdge::Link { link, .. } => m | corridor_bits(link),
                    StateEdge::Transfer { .. } => m,
                };
                let next = id(t, passed(k, t), m2);
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
