//! The multimodal search graph: one node per (place, carrier) and one edge per link traversal
//! or transfer.
//!
//! A consignment at Dostyk on a 1435 mm train is in a different state from one on a 1520 mm
//! train; moving between them is a gauge-change transfer edge at Dostyk, priced like any other
//! edge. This is what makes transfers and gauge breaks cost exactly where they happen instead
//! of as a flat penalty on every link.

use super::tables::Tables;
use super::views::{LinkRef, PlaceRef};
use crate::algo::{CsrGraph, GraphError};
use crate::model::{Carrier, TransferKind};

/// What one edge of the search graph does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum StateEdge {
    /// Travel along link `link` (file index), from its `from` end when `forward`.
    Link {
        link: u32,
        forward: bool,
        carrier: Carrier,
    },
    /// Change from one carrier to another at place `place` (file index).
    Transfer {
        place: u32,
        from: Carrier,
        to: Carrier,
        kind: TransferKind,
    },
}

/// The prepared search graph. State `s` is `(state_place[s], state_carrier[s])`; the states of
/// place `p` are `place_first[p]..place_first[p + 1]`.
#[derive(Debug, Clone)]
pub(crate) struct SearchGraph {
    pub(crate) graph: CsrGraph,
    pub(crate) edges: Vec<StateEdge>,
    pub(crate) state_place: Vec<u32>,
    pub(crate) state_carrier: Vec<Carrier>,
    pub(crate) place_first: Vec<u32>,
    /// The state each edge (by label) leads to.
    pub(crate) edge_head: Vec<u32>,
    /// The graph with every edge reversed, built on first use (backward searches).
    reversed: std::sync::OnceLock<CsrGraph>,
}

impl SearchGraph {
    pub(crate) fn build(tables: &Tables) -> Result<SearchGraph, GraphError> {
        let n = tables.places.len();
        let link = |i: u32| LinkRef::new(tables, i);
        let link_count = tables.links.len() as u32;

        // Every (place, carrier) at a link end, sorted and unique: the states, by place. Sorted
        // as numbers (place, then carrier in its `Ord`), which is several times faster.
        let key = |p: usize, c: Carrier| ((p as u64) << 32) | u64::from(c.order_key());
        let mut keys: Vec<u64> = Vec::with_capacity(2 * tables.links.len());
        for i in 0..link_count {
            let l = link(i);
            for c in l.carriers() {
                keys.push(key(l.from().index(), c));
                keys.push(key(l.to().index(), c));
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let states: Vec<(u32, Carrier)> = keys
            .into_iter()
            .map(|k| ((k >> 32) as u32, Carrier::from_order_key(k as u32)))
            .collect();
        let mut place_first = Vec::with_capacity(n + 1);
        let mut next = 0usize;
        for p in 0..n as u32 {
            place_first.push(next as u32);
            while next < states.len() && states[next].0 == p {
                next += 1;
            }
        }
        place_first.push(states.len() as u32);
        let state = |p: u32, c: Carrier| -> u32 {
            let (lo, hi) = (place_first[p as usize], place_first[p as usize + 1]);
            // Every (end, carrier) of a link was registered above.
            let pos = states[lo as usize..hi as usize]
                .binary_search(&(p, c))
                .expect("carrier registered at link end");
            lo + pos as u32
        };

        let mut pairs = Vec::with_capacity(2 * tables.links.len());
        let mut edges = Vec::with_capacity(2 * tables.links.len());
        for i in 0..link_count {
            let l = link(i);
            let (a, b) = (l.from().index() as u32, l.to().index() as u32);
            for c in l.carriers() {
                pairs.push((state(a, c), state(b, c), 0.0));
                edges.push(StateEdge::Link {
                    link: i,
                    forward: true,
                    carrier: c,
                });
                if !l.oneway() {
                    pairs.push((state(b, c), state(a, c), 0.0));
                    edges.push(StateEdge::Link {
                        link: i,
                        forward: false,
                        carrier: c,
                    });
                }
            }
        }
        for p in 0..n as u32 {
            let place = PlaceRef::new(tables, p);
            let here =
                &states[place_first[p as usize] as usize..place_first[p as usize + 1] as usize];
            for &(_, from) in here {
                for &(_, to) in here {
                    if let (true, Some(kind)) =
                        (place.handles(from, to), TransferKind::between(from, to))
                    {
                        pairs.push((state(p, from), state(p, to), 0.0));
                        edges.push(StateEdge::Transfer {
                            place: p,
                            from,
                            to,
                            kind,
                        });
                    }
                }
            }
        }
        // Weights depend on the query (cargo, objective, constraints): the planner supplies
        // them per search, so the stored ones are unused zeros.
        let graph = CsrGraph::from_edges(states.len(), &pairs)?;
        let edge_head = pairs.iter().map(|p| p.1).collect();
        edges.shrink_to_fit();
        let (state_place, state_carrier) = states.into_iter().unzip();
        Ok(SearchGraph {
            graph,
            edges,
            state_place,
            state_carrier,
            place_first,
            edge_head,
            reversed: std::sync::OnceLock::new(),
        })
    }

    /// The graph with every edge reversed (same labels), for backward searches.
    pub(crate) fn reversed(&self) -> &CsrGraph {
        self.reversed.get_or_init(|| self.graph.reversed())
    }

    /// The state each edge (by label) leaves from: the tails [`SearchGraph::edge_head`] pairs
    /// with, gathered from the graph in O(n + m).
    pub(crate) fn edge_tails(&self) -> Vec<u32> {
        let g = &self.graph;
        let mut tail = vec![0u32; g.edge_count()];
        for v in 0..g.node_count() as u32 {
            for e in g.out_edges(v) {
                tail[g.edge_label(e) as usize] = v;
            }
        }
        tail
    }

    /// The states of place `p`.
    pub(crate) fn states_of(&self, p: u32) -> std::ops::Range<u32> {
        self.place_first[p as usize]..self.place_first[p as usize + 1]
    }
}
