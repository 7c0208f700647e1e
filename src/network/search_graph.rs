//! The multimodal search graph: one node per (place, carrier) and one edge per link traversal
//! or transfer.
//!
//! A consignment at Dostyk on a 1435 mm train is in a different state from one on a 1520 mm
//! train; moving between them is a gauge-change transfer edge at Dostyk, priced like any other
//! edge. This is what makes transfers and gauge breaks cost exactly where they happen instead
//! of as a flat penalty on every link.

use std::collections::HashMap;

use crate::algo::{CsrGraph, GraphError};
use crate::model::{Carrier, Link, NetworkData, TransferKind};

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
}

/// The carriers a link offers: one per gauge for rail, else the mode's single carrier.
pub(crate) fn carriers(link: &Link) -> impl Iterator<Item = Carrier> + '_ {
    use crate::model::Mode;
    let gauges: &[crate::model::Gauge] = if link.mode == Mode::Rail {
        &link.gauges
    } else {
        &[]
    };
    let single = match link.mode {
        Mode::Rail => None,
        Mode::Road => Some(Carrier::Road),
        Mode::Sea => Some(Carrier::Sea),
        // Validation guarantees a pipeline has a commodity.
        Mode::Pipeline => link.commodity.map(Carrier::Pipeline),
    };
    gauges.iter().map(|&g| Carrier::Rail(g)).chain(single)
}

impl SearchGraph {
    pub(crate) fn build(
        data: &NetworkData,
        place_ix: &HashMap<String, u32>,
    ) -> Result<SearchGraph, GraphError> {
        let n = data.places.len();
        let ends = |l: &Link| (place_ix[&l.from] as usize, place_ix[&l.to] as usize);

        // Carriers present at each place, sorted and unique.
        let mut at: Vec<Vec<Carrier>> = vec![Vec::new(); n];
        for l in &data.links {
            let (a, b) = ends(l);
            for c in carriers(l) {
                at[a].push(c);
                at[b].push(c);
            }
        }
        let mut place_first = Vec::with_capacity(n + 1);
        let mut state_place = Vec::new();
        let mut state_carrier = Vec::new();
        for (p, cs) in at.iter_mut().enumerate() {
            cs.sort();
            cs.dedup();
            place_first.push(state_place.len() as u32);
            for &c in cs.iter() {
                state_place.push(p as u32);
                state_carrier.push(c);
            }
        }
        place_first.push(state_place.len() as u32);
        let state = |p: usize, c: Carrier| -> u32 {
            // Every (end, carrier) of a link was registered above.
            let pos = at[p]
                .binary_search(&c)
                .expect("carrier registered at link end");
            place_first[p] + pos as u32
        };

        let mut pairs = Vec::new();
        let mut edges = Vec::new();
        for (li, l) in data.links.iter().enumerate() {
            let (a, b) = ends(l);
            for c in carriers(l) {
                pairs.push((state(a, c), state(b, c), 0.0));
                edges.push(StateEdge::Link {
                    link: li as u32,
                    forward: true,
                    carrier: c,
                });
                if !l.oneway {
                    pairs.push((state(b, c), state(a, c), 0.0));
                    edges.push(StateEdge::Link {
                        link: li as u32,
                        forward: false,
                        carrier: c,
                    });
                }
            }
        }
        for (p, place) in data.places.iter().enumerate() {
            for &from in &at[p] {
                for &to in &at[p] {
                    if let (true, Some(kind)) =
                        (place.handles(from, to), TransferKind::between(from, to))
                    {
                        pairs.push((state(p, from), state(p, to), 0.0));
                        edges.push(StateEdge::Transfer {
                            place: p as u32,
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
        let graph = CsrGraph::from_edges(state_place.len(), &pairs)?;
        Ok(SearchGraph {
            graph,
            edges,
            state_place,
            state_carrier,
            place_first,
        })
    }

    /// The states of place `p`.
    pub(crate) fn states_of(&self, p: u32) -> std::ops::Range<u32> {
        self.place_first[p as usize]..self.place_first[p as usize + 1]
    }
}
