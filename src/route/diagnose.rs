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
            NoRouteReason::Disconnected
        }
    }
}
