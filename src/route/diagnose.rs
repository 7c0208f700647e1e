//! Why there is no route: lift one constraint at a time and see which lets a route through.

use crate::error::NoRouteReason;
use crate::network::StateEdge;

use super::resolve::{mode_ix, Avoid, Query};
use super::{Planner, RouteRequest};

impl Planner<'_> {
    /// Why `q` (made from `req`) has no route, as far as lifting its constraints tells.
    pub(crate) fn diagnose(&mut self, q: &Query, req: &RouteRequest) -> NoRouteReason {
        let relaxed = |f: &dyn Fn(&mut Query)| {
            let mut r = q.clone();
            f(&mut r);
            r
        };
        let sg = q.net.search_graph();
        let cargo_free = relaxed(&|r| r.any_cargo = true);
        if let Some(path) = self.search(&cargo_free) {
            let mut unfit: Vec<String> = Vec::new();
            for &e in &path.edges {
                if let StateEdge::Link { carrier, .. } = sg.edges[e as usize] {
                    let s = carrier.to_string();
                    if !q.cargo.kind.fits(carrier) && !unfit.contains(&s) {
                        unfit.push(s);
                    }
                }
            }
            return NoRouteReason::Cargo(format!(
                "{} cannot travel by {}, and every connection under these constraints needs it",
                q.cargo.kind,
                unfit.join(" or ")
            ));
        }
        let mut fixes = Vec::new();
        if q.modes != [true; 4] {
            let r = relaxed(&|r| r.modes = [true; 4]);
            if let Some(path) = self.search(&r) {
                let used: Vec<String> = r
                    .explain(&path)
                    .modes()
                    .into_iter()
                    .filter(|m| !q.modes[mode_ix(*m)])
                    .map(|m| m.to_string())
                    .collect();
                fixes.push(format!("allowing {}", used.join(" and ")));
            }
        }
        if !q.avoid.is_empty() {
            let r = relaxed(&|r| r.avoid = Avoid::default());
            if self.search(&r).is_some() {
                let mut what: Vec<String> = req
                    .avoid_countries
                    .iter()
                    .map(|c| c.trim().to_ascii_uppercase())
                    .collect();
                what.extend(req.avoid_places.iter().cloned());
                what.extend(req.closed.places.iter().map(|p| format!("{p} (closed)")));
                fixes.push(format!("not avoiding {}", what.join(", ")));
            }
        }
        if !q.blocked_links.is_empty() {
            let r = relaxed(&|r| r.blocked_links.clear());
            if self.search(&r).is_some() {
                let mut what: Vec<String> = req.closed.links.clone();
                what.extend(
                    req.closed
                        .borders
                        .iter()
                        .map(|b| format!("the border post of {b}")),
                );
                what.extend(
                    req.avoid_corridors
                        .iter()
                        .map(|c| format!("the corridor {c}")),
                );
                fixes.push(format!("reopening or not avoiding {}", what.join(", ")));
            }
        }
        if !q.via.is_empty() || !q.via_corridors.is_empty() {
            let r = relaxed(&|r| {
                r.via.clear();
                r.via_corridors.clear();
            });
            if self.search(&r).is_some() {
                let mut what = req.via.clone();
                what.extend(
                    req.via_corridors
                        .iter()
                        .map(|c| format!("the corridor {c}")),
                );
                fixes.push(format!("not passing {}", what.join(", ")));
            }
        }
        let r = relaxed(&|r| r.any_status = true);
        if let Some(path) = self.search(&r) {
            let mut pending: Vec<String> = Vec::new();
            for &e in &path.edges {
                if let StateEdge::Link { link, .. } = sg.edges[e as usize] {
                    let l = q.net.link_ref(link);
                    if !l.open_in(q.year) {
                        let when = l.year().map_or_else(
                            || "no opening year known".to_string(),
                            |m| format!("{} {}", m.event, m.year),
                        );
                        pending.push(format!("{} ({}, {when})", l.id(), l.status()));
                    }
                }
            }
            fixes.push(format!(
                "including links not open yet: {}",
                pending.join(", ")
            ));
        }
        if !fixes.is_empty() {
            return NoRouteReason::Constraint(fixes);
        }
        let all = relaxed(&|r| {
            r.modes = [true; 4];
            r.avoid = Avoid::default();
            r.any_status = true;
            r.any_cargo = true;
        });
        if self.search(&all).is_some() {
            NoRouteReason::Constraint(vec!["several constraints are lifted at once".into()])
        } else {
            missing_transfers(q)
        }
    }
}

/// Why places that no search connects are still apart: over the place × carrier states,
/// every constraint lifted but the cargo's, the way that needs the fewest changes of carrier
/// at places that cannot make them, and those changes; with the cargo's rules lifted too,
/// the carriers it cannot ride that every way needs; or [`NoRouteReason::Disconnected`] when
/// no way exists even so.
fn missing_transfers(q: &Query) -> NoRouteReason {
    let net = q.net;
    let sg = net.search_graph();
    let name = |s: u32| net.place_ref(sg.state_place[s as usize]).name().to_string();
    let carrier = |s: u32| sg.state_carrier[s as usize];
    if let Some(steps) = fewest_gaps(q, &|s| q.cargo.kind.fits(carrier(s))) {
        let gaps: Vec<String> = steps
            .windows(2)
            .filter(|w| w[1].1)
            .map(|w| {
                let (a, b) = (w[0].0, w[1].0);
                format!(
                    "{} does not change {} to {}",
                    name(b),
                    carrier(a),
                    carrier(b)
                )
            })
            .collect();
        if !gaps.is_empty() {
            return NoRouteReason::Transfer(gaps);
        }
    } else if let Some(steps) = fewest_gaps(q, &|_| true) {
        let mut unfit: Vec<String> = Vec::new();
        for &(s, _) in &steps {
            let c = carrier(s).to_string();
            if !q.cargo.kind.fits(carrier(s)) && !unfit.contains(&c) {
                unfit.push(c);
            }
        }
        return NoRouteReason::Cargo(format!(
            "{} cannot travel by {}, and every way between them needs it",
            q.cargo.kind,
            unfit.join(" or ")
        ));
    }
    NoRouteReason::Disconnected
}

/// The states of the way from `q`'s origin to its destination over states `usable`, every
/// other constraint lifted, that needs the fewest changes of carrier at places that cannot
/// make them (0-1 breadth-first: such a change costs 1, anything else 0); each state with
/// whether it was reached by such a change. `None` when there is no way at all.
fn fewest_gaps(q: &Query, usable: &dyn Fn(u32) -> bool) -> Option<Vec<(u32, bool)>> {
    let net = q.net;
    let sg = net.search_graph();
    const UNSEEN: u32 = u32::MAX;
    let n = sg.state_place.len();
    let mut cost = vec![UNSEEN; n];
    let mut from: Vec<(u32, bool)> = vec![(UNSEEN, false); n];
    let mut queue = std::collections::VecDeque::new();
    for s in sg.states_of(q.from).filter(|&s| usable(s)) {
        cost[s as usize] = 0;
        queue.push_back(s);
    }
    let mut reached = None;
    while let Some(s) = queue.pop_front() {
        if sg.state_place[s as usize] == q.to {
            reached = Some(s);
            break;
        }
        let c = cost[s as usize];
        let (place, carrier) = (sg.state_place[s as usize], sg.state_carrier[s as usize]);
        // Changes the place cannot make, possible elsewhere or not (two pipelines' contents).
        let gaps = sg.states_of(place).filter(|&t| {
            let other = sg.state_carrier[t as usize];
            other != carrier && !net.place_ref(place).handles(carrier, other)
        });
        let moves = sg
            .graph
            .out_edges(s)
            .map(|e| (sg.graph.head(e), false))
            .chain(gaps.map(|t| (t, true)));
        for (t, gap) in moves {
            let step = u32::from(gap);
            if usable(t) && c + step < cost[t as usize] {
                cost[t as usize] = c + step;
                from[t as usize] = (s, gap);
                if gap {
                    queue.push_back(t);
                } else {
                    queue.push_front(t);
                }
            }
        }
    }
    let mut s = reached?;
    let mut steps = vec![(s, from[s as usize].1)];
    while from[s as usize].0 != UNSEEN {
        s = from[s as usize].0;
        steps.push((s, from[s as usize].1));
    }
    steps.reverse();
    Some(steps)
}
