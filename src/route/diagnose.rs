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
                fixes.push(format!("not avoiding {}", what.join(", ")));
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

/// Why places that no search connects are still apart: along the fewest links between them,
/// whatever the carriers, the places that would have to change carrier and cannot; or
/// [`NoRouteReason::Disconnected`] when no links join them at all.
fn missing_transfers(q: &Query) -> NoRouteReason {
    let net = q.net;
    let n = net.places().len();
    let mut adjacent: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    for l in net.links() {
        let (a, b) = (l.from().index() as u32, l.to().index() as u32);
        adjacent[a as usize].push((b, l.index() as u32));
        if !l.oneway() {
            adjacent[b as usize].push((a, l.index() as u32));
        }
    }
    // Breadth-first from the origin: the link into each place reached.
    let mut via: Vec<Option<(u32, u32)>> = vec![None; n];
    let mut queue = std::collections::VecDeque::from([q.from]);
    let mut seen = vec![false; n];
    seen[q.from as usize] = true;
    while let Some(p) = queue.pop_front() {
        if p == q.to {
            break;
        }
        for &(next, link) in &adjacent[p as usize] {
            if !seen[next as usize] {
                seen[next as usize] = true;
                via[next as usize] = Some((p, link));
                queue.push_back(next);
            }
        }
    }
    if !seen[q.to as usize] {
        return NoRouteReason::Disconnected;
    }
    let mut hops = Vec::new();
    let mut at = q.to;
    while let Some((prev, link)) = via[at as usize] {
        hops.push((prev, link));
        at = prev;
    }
    hops.reverse();
    let mut gaps = Vec::new();
    for w in hops.windows(2) {
        let ((_, into), (place, out)) = (w[0], w[1]);
        let (a, b) = (net.link_ref(into), net.link_ref(out));
        if a.carriers().any(|c| b.carriers().any(|d| c == d)) {
            continue;
        }
        let p = net.place_ref(place);
        let handled = a.carriers().any(|c| b.carriers().any(|d| p.handles(c, d)));
        if !handled {
            let (c, d) = (a.carriers().next(), b.carriers().next());
            if let (Some(c), Some(d)) = (c, d) {
                gaps.push(format!("{} does not change {c} to {d}", p.name()));
            }
        }
    }
    if gaps.is_empty() {
        NoRouteReason::Disconnected
    } else {
        NoRouteReason::Transfer(gaps)
    }
}
