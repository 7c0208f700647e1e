//! Corridor comparison: the best route through each named corridor, or why there is none.

use serde::Serialize;

use crate::error::RouteError;

use super::resolve::resolve;

use super::{Planner, Route, RouteRequest};

/// One corridor's answer to a request ([`Planner::compare_corridors`]).
#[derive(Debug, Clone, Serialize)]
pub struct CorridorOption {
    /// The corridor's id.
    pub corridor: String,
    /// Its name.
    pub name: String,
    /// The best route using at least one of its links, or why it cannot serve the request
    /// (a cargo rule, a closure, the year, no connection).
    #[serde(serialize_with = "outcome")]
    pub route: Result<Route, String>,
}

fn outcome<S: serde::Serializer>(r: &Result<Route, String>, s: S) -> Result<S::Ok, S::Error> {
    match r {
        Ok(route) => s.serialize_some(route),
        Err(why) => s.serialize_some(&serde_json::json!({ "unusable": why })),
    }
}

impl Planner<'_> {
    /// For every corridor of the network, the best route for `req` through it, sorted by the
    /// request's objective; then the corridors that cannot serve it, each with the reason.
    ///
    /// Through a corridor means using one of its own links, those no other corridor lists
    /// (the Caspian ferries of the Middle Corridor, not the Kazakh trunk it shares with the
    /// China–Europe trains), or any of its links when it has none of its own; the request's
    /// other constraints hold as they are.
    ///
    /// # Errors
    /// As [`Planner::route`] for the request itself (unknown places, bad numbers).
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, Objective, Planner, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let options = Planner::new(&net)
    ///     .compare_corridors(&RouteRequest::new("Xi'an", "Duisburg").by(Objective::Time))?;
    /// let usable: Vec<&str> = options.iter().filter(|o| o.route.is_ok()).map(|o| o.corridor.as_str()).collect();
    /// assert!(usable.contains(&"titr") && usable.contains(&"cre_alashankou"));
    /// // Gas pipelines cannot carry containers: each says why.
    /// let gas = options.iter().find(|o| o.corridor == "ca_gas_ab").unwrap();
    /// assert!(gas.route.as_ref().unwrap_err().contains("container cannot travel"));
    /// // Through the Middle Corridor's Baku–Tbilisi branch: across the Caspian.
    /// let btk = options.iter().find(|o| o.corridor == "titr_btk").unwrap();
    /// assert!(btk.route.as_ref().unwrap().legs.iter().any(|l| l.mode == corridor::Mode::Sea));
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn compare_corridors(
        &mut self,
        req: &RouteRequest,
    ) -> Result<Vec<CorridorOption>, RouteError> {
        // The request itself must be answerable as asked (or fail for a reason of its own).
        super::resolve::resolve(self.net, req)?;
        let objective = req.objective;
        let net = self.net;
        // How many corridors list each link: a corridor's own links are those only it lists.
        let mut listed = vec![0u32; net.links().len()];
        let members: Vec<Vec<u32>> = (0..net.corridors().len() as u32)
            .map(|c| net.corridor_links(c))
            .collect();
        for links in &members {
            for &l in links {
                listed[l as usize] += 1;
            }
        }
        let mut out: Vec<CorridorOption> = Vec::new();
        for (c, links) in net.corridors().iter().zip(&members) {
            let route = self.through(req, &c.id, links, &listed);
            let route = match route {
                Ok(r) => Ok(r),
                Err(RouteError::Contradictory(why)) => Err(why),
                Err(e @ RouteError::NoRoute { .. }) => Err(e.to_string()),
                Err(e @ RouteError::Unverifiable { .. }) => Err(e.to_string()),
                Err(e) => return Err(e),
            };
            out.push(CorridorOption {
                corridor: c.id.clone(),
                name: c.name.clone(),
                route,
            });
        }
        let score = |o: &CorridorOption| {
            o.route
                .as_ref()
                .map_or(f64::INFINITY, |r| objective.score(&r.totals))
        };
        out.sort_by(|a, b| score(a).total_cmp(&score(b)));
        Ok(out)
    }

    /// The best route for `req` through corridor `id` (links `links`): using one of the
    /// corridor's own links (those no other corridor lists, `listed[l] == 1`), or any of its
    /// links when it has none of its own.
    fn through(
        &mut self,
        req: &RouteRequest,
        id: &str,
        links: &[u32],
        listed: &[u32],
    ) -> Result<Route, RouteError> {
        let with = req.clone().via_corridor(id);
        let mut q = resolve(self.net, &with)?;
        let usable = q.via_corridors.pop().unwrap_or_default();
        let fits: Vec<u32> = usable
            .iter()
            .copied()
            .filter(|&l| self.net.link_ref(l).carriers().any(|c| q.carrier_ok(c)))
            .collect();
        if fits.is_empty() {
            let modes: Vec<String> = links
                .iter()
                .flat_map(|&l| self.net.link_ref(l).carriers().collect::<Vec<_>>())
                .map(|c| c.to_string())
                .fold(Vec::new(), |mut v, c| {
                    if !v.contains(&c) {
                        v.push(c);
                    }
                    v
                });
            return Err(RouteError::Contradictory(format!(
                "{} cannot travel on this corridor, which is {} (or its links are closed to the request)",
                req.cargo.kind,
                modes.join(", ")
            )));
        }
        let own: Vec<u32> = fits
            .iter()
            .copied()
            .filter(|&l| listed[l as usize] == 1)
            .collect();
        q.via_corridors
            .push(if own.is_empty() { fits } else { own });
        match self.search(&q) {
            Some(path) => Ok(q.explain(&path)),
            None => Err(self.no_route(&q, &with)),
        }
    }
}
