//! The Pareto frontier: every route not beaten on all criteria at once (typical time and
//! cost, say), by an exact multi-criteria label-setting search over the place × carrier
//! graph (Martins' algorithm), with dominance at each state and at the destination.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use crate::algo::Path;
use crate::cost::Measures;
use crate::error::RouteError;

use super::resolve::{resolve, Query};
use super::tree::remaining;
use super::{Objective, Planner, Route, RouteRequest};

/// What a Pareto frontier trades off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Criterion {
    /// Typical hours.
    Time,
    /// Hours in the worst case.
    WorstTime,
    /// USD.
    Cost,
    /// kg CO2.
    Co2,
    /// km.
    Distance,
}

impl Criterion {
    /// The criterion's value of `m`: the score of its single objective.
    fn of(self, m: &Measures) -> f64 {
        self.objective().score(m)
    }

    fn objective(self) -> Objective {
        match self {
            Criterion::Time => Objective::Time,
            Criterion::WorstTime => Objective::WorstTime,
            Criterion::Cost => Objective::Cost,
            Criterion::Co2 => Objective::Co2,
            Criterion::Distance => Objective::Distance,
        }
    }
}

/// The most labels a frontier search keeps by default before it stops and says so.
pub const DEFAULT_MAX_LABELS: usize = 200_000;

/// The routes of a Pareto frontier ([`Planner::pareto`]), sorted by the first criterion.
#[derive(Debug, Clone, Serialize)]
pub struct Frontier {
    /// The criteria, in the order given.
    pub criteria: Vec<Criterion>,
    /// Every route no other route beats on all criteria (equal on all counts once).
    pub routes: Vec<Route>,
    /// Whether the search stopped at its label cap: then `routes` may miss some of the
    /// frontier (they are all non-dominated among themselves, not necessarily overall).
    pub truncated: bool,
}

type Costs = [f64; 3];

#[derive(Clone, Copy)]
struct Label {
    costs: Costs,
    state: u32,
    /// Via places passed and corridors used ([`Query::advance`]).
    progress: u32,
    /// Index of the previous label, `u32::MAX` at the origin.
    parent: u32,
    /// Edge label taken from the parent.
    edge: u32,
}

#[derive(PartialEq)]
struct Queued {
    key: Costs,
    label: u32,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, o: &Self) -> Ordering {
        // A min-heap in lexicographic order.
        let lex = self
            .key
            .iter()
            .zip(&o.key)
            .map(|(a, b)| a.total_cmp(b))
            .find(|c| *c != Ordering::Equal)
            .unwrap_or(Ordering::Equal);
        lex.reverse().then(o.label.cmp(&self.label))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Whether `a` is at least as good as `b` on every criterion (so `b` adds nothing).
fn covers(a: &Costs, b: &Costs) -> bool {
    a.iter().zip(b).all(|(x, y)| *x <= *y)
}

impl Planner<'_> {
    /// Every route for `req` that no other beats on all of `criteria` at once (two or three
    /// of them, e.g. `[Criterion::Time, Criterion::Cost]`), sorted by the first; the request's
    /// own objective is not used. At most [`DEFAULT_MAX_LABELS`] labels are kept; when the cap
    /// is hit, [`Frontier::truncated`] says so.
    ///
    /// # Errors
    /// As [`Planner::route`]; [`RouteError::InvalidRequest`] for fewer than two or more than
    /// three criteria, or a criterion given twice. Via places and corridors hold for every
    /// route of the frontier.
    ///
    /// # Example
    /// ```
    /// use corridor::{Criterion, Network, Planner, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let f = Planner::new(&net)
    ///     .pareto(&RouteRequest::new("Xi'an", "Duisburg"), &[Criterion::Time, Criterion::Cost])?;
    /// assert!(!f.truncated && !f.routes.is_empty());
    /// // Faster routes cost more, or the same.
    /// for w in f.routes.windows(2) {
    ///     assert!(w[0].totals.duration_hours <= w[1].totals.duration_hours);
    ///     assert!(w[0].totals.cost_usd >= w[1].totals.cost_usd);
    /// }
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn pareto(
        &mut self,
        req: &RouteRequest,
        criteria: &[Criterion],
    ) -> Result<Frontier, RouteError> {
        self.pareto_capped(req, criteria, DEFAULT_MAX_LABELS)
    }

    /// [`Planner::pareto`] with a label cap of your own.
    ///
    /// # Errors
    /// As [`Planner::pareto`].
    pub fn pareto_capped(
        &mut self,
        req: &RouteRequest,
        criteria: &[Criterion],
        max_labels: usize,
    ) -> Result<Frontier, RouteError> {
        let named: Vec<String> = criteria.iter().map(|c| format!("{c:?}")).collect();
        let bad = |problem: &str| RouteError::InvalidRequest {
            field: "criteria",
            value: named.join(", "),
            problem: problem.into(),
        };
        if !(2..=3).contains(&criteria.len()) {
            return Err(bad("give two or three criteria"));
        }
        if (1..criteria.len()).any(|i| criteria[..i].contains(&criteria[i])) {
            return Err(bad("each criterion once"));
        }
        let q = resolve(self.net, req)?;
        let (paths, truncated) = frontier(&q, criteria, max_labels);
        if paths.is_empty() && !truncated {
            // No route: `route` says why.
            self.route(req)?;
        }
        let mut routes: Vec<Route> = paths.iter().map(|p| q.explain(p)).collect();
        let first = criteria[0];
        routes.sort_by(|a, b| first.of(&a.totals).total_cmp(&first.of(&b.totals)));
        Ok(Frontier {
            criteria: criteria.to_vec(),
            routes,
            truncated,
        })
    }
}

/// Martins' label-setting search; returns the frontier's paths and whether the cap was hit.
///
/// Labels are queued by their costs plus, for each criterion, the exact least cost of the
/// rest of the way on its own (one backward search per criterion, ignoring via places and
/// corridors, so a lower bound): consistent, so the search stays label-setting, and a label
/// that could not beat the destination's labels even so is dropped.
fn frontier(q: &Query, criteria: &[Criterion], max_labels: usize) -> (Vec<Path>, bool) {
    let net = q.net;
    let sg = net.search_graph();
    let g = &sg.graph;
    let n = g.node_count();
    // Every edge's costs for this query, once; `None` when it may not be used.
    let edge_costs: Vec<Option<Costs>> = sg
        .edges
        .iter()
        .map(|e| {
            let m = q.measures(e)?;
            let mut c = [0.0; 3];
            for (i, cr) in criteria.iter().enumerate() {
                c[i] = cr.of(&m);
            }
            c.iter().all(|x| x.is_finite()).then_some(c)
        })
        .collect();
    let dest: Vec<u32> = sg.states_of(q.to).collect();
    let mut to_go = vec![[0.0; 3]; n];
    for i in 0..criteria.len() {
        let d = remaining(sg.reversed(), &dest, f64::INFINITY, |e| {
            edge_costs[e as usize].map_or(f64::INFINITY, |c| c[i])
        });
        for (b, d) in to_go.iter_mut().zip(d) {
            // A hair under, so that sums in another order never make it overestimate.
            b[i] = d * (1.0 - 1e-9);
        }
    }
    let bound = |s: u32| to_go[s as usize];
    let plus = |a: &Costs, b: &Costs| [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
    let mut labels: Vec<Label> = Vec::new();
    // Settled labels of each (state, progress) (their costs), for dominance.
    let progress = q.progress_count();
    let done_all = (progress - 1) as u32;
    let slot = |s: u32, p: u32| s as usize * progress + p as usize;
    let mut settled: Vec<Vec<Costs>> = vec![Vec::new(); n * progress];
    let mut at_target: Vec<u32> = Vec::new();
    let mut heap = BinaryHeap::new();
    for s in q.start_states(q.from) {
        labels.push(Label {
            costs: [0.0; 3],
            state: s,
            progress: 0,
            parent: u32::MAX,
            edge: u32::MAX,
        });
        heap.push(Queued {
            key: bound(s),
            label: labels.len() as u32 - 1,
        });
    }
    let mut truncated = false;
    while let Some(Queued { label, .. }) = heap.pop() {
        let l = labels[label as usize];
        let s = slot(l.state, l.progress);
        if settled[s].iter().any(|c| covers(c, &l.costs)) {
            continue;
        }
        // Beaten at the destination even with the most optimistic rest of the way.
        let hoped = plus(&l.costs, &bound(l.state));
        if at_target
            .iter()
            .any(|&t| covers(&labels[t as usize].costs, &hoped))
        {
            continue;
        }
        settled[s].retain(|c| !covers(&l.costs, c));
        settled[s].push(l.costs);
        if sg.state_place[l.state as usize] == q.to && l.progress == done_all {
            at_target.push(label);
            continue;
        }
        for e in g.out_edges(l.state) {
            let edge_label = g.edge_label(e);
            let edge = &sg.edges[edge_label as usize];
            let Some(ec) = edge_costs[edge_label as usize] else {
                continue;
            };
            let c = plus(&l.costs, &ec);
            let t = g.head(e);
            let b = bound(t);
            if !(c.iter().all(|x| x.is_finite()) && b.iter().all(|x| x.is_finite())) {
                // Overflowed, or the destination cannot be reached from `t`.
                continue;
            }
            let tp = q.advance(l.progress as usize, edge, t) as u32;
            if settled[slot(t, tp)].iter().any(|d| covers(d, &c)) {
                continue;
            }
            if labels.len() >= max_labels {
                truncated = true;
                break;
            }
            labels.push(Label {
                costs: c,
                state: t,
                progress: tp,
                parent: label,
                edge: edge_label,
            });
            heap.push(Queued {
                key: plus(&c, &b),
                label: labels.len() as u32 - 1,
            });
        }
        if truncated {
            break;
        }
    }
    // Labels at the destination that no other beats (across its states).
    let mut kept: Vec<u32> = Vec::new();
    for &t in &at_target {
        let c = labels[t as usize].costs;
        // Equal within rounding counts as equal: the same sums added in another order.
        let same = |a: &Costs, b: &Costs| {
            a.iter()
                .zip(b)
                .all(|(x, y)| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0))
        };
        let beaten = at_target.iter().any(|&o| {
            let d = labels[o as usize].costs;
            o != t && ((covers(&d, &c) && !same(&d, &c)) || (same(&d, &c) && o < t))
        });
        if !beaten {
            kept.push(t);
        }
    }
    let paths = kept
        .into_iter()
        .map(|t| {
            let mut edges = Vec::new();
            let mut at = t;
            while labels[at as usize].parent != u32::MAX {
                edges.push(labels[at as usize].edge);
                at = labels[at as usize].parent;
            }
            edges.reverse();
            Path {
                weight: labels[t as usize].costs[0],
                edges,
                source: labels[at as usize].state,
                target: labels[t as usize].state,
            }
        })
        .collect();
    (paths, truncated)
}
