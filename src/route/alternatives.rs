//! k alternative routes: Yen's k shortest loopless paths over the place × carrier graph.
//!
//! Loopless means no place is visited twice (a transfer stays at its place). Each spur search
//! is an A* from a state of the previous path, with the root's places removed, the spur place
//! closed to re-entry, and the edges that earlier paths with the same root took next removed.

use std::collections::HashSet;

use crate::algo::{search, Path};
use crate::error::RouteError;
use crate::network::StateEdge;

use super::resolve::{resolve, Query};
use super::{Planner, Route, RouteRequest};

/// The most paths generated while looking for diverse ones, per alternative asked for.
const GENERATED_PER_ASKED: usize = 20;

impl Planner<'_> {
    /// Up to `k` routes for `req`, best first by its objective (equal scores may differ in
    /// the last digit, summed in another order), each loopless (no place twice) and
    /// different from the others (routes that change gauge at either end of a dual-gauge
    /// border link are different routes); the first is [`Planner::route`]'s.
    ///
    /// # Errors
    /// As [`Planner::route`]; [`RouteError::InvalidRequest`] for `k = 0`, and for via places
    /// or corridors, which alternatives do not combine with yet.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, Objective, Planner, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let mut planner = Planner::new(&net);
    /// let req = RouteRequest::new("Xi'an", "Duisburg").by(Objective::Time);
    /// let routes = planner.alternatives(&req, 3)?;
    /// assert_eq!(routes[0].path, planner.route(&req)?.path);
    /// // In order (up to rounding: the same sum added in another order).
    /// let hours: Vec<f64> = routes.iter().map(|r| r.totals.duration_hours).collect();
    /// assert!(hours.windows(2).all(|w| w[0] <= w[1] * (1.0 + 1e-12)));
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn alternatives(&mut self, req: &RouteRequest, k: usize) -> Result<Vec<Route>, RouteError> {
        self.alternatives_diverse(req, k, 1.0)
    }

    /// [`Planner::alternatives`], keeping only routes that share at most `max_shared_fraction`
    /// of their length (km on the same links) with every better route kept: genuinely
    /// different options. `1.0` keeps every loopless route.
    ///
    /// # Errors
    /// As [`Planner::alternatives`]; [`RouteError::InvalidRequest`] for a fraction outside
    /// 0..=1.
    pub fn alternatives_diverse(
        &mut self,
        req: &RouteRequest,
        k: usize,
        max_shared_fraction: f64,
    ) -> Result<Vec<Route>, RouteError> {
        if k == 0 {
            return Err(RouteError::InvalidRequest {
                field: "alternatives",
                value: "0".into(),
                problem: "ask for at least one route".into(),
            });
        }
        if !(0.0..=1.0).contains(&max_shared_fraction) {
            return Err(RouteError::InvalidRequest {
                field: "max_shared_fraction",
                value: crate::readable::Readable(max_shared_fraction).to_string(),
                problem: "a fraction of the route's length, from 0 to 1".into(),
            });
        }
        let q = resolve(self.net, req)?;
        if q.has_waypoints() {
            return Err(RouteError::InvalidRequest {
                field: "via",
                value: req.via.join(", "),
                problem: "alternative routes do not combine with via places or corridors yet; ask for one route".into(),
            });
        }
        // The first route, for its errors when there is none.
        self.route(req)?;
        let paths = self.yen(&q, k, max_shared_fraction);
        Ok(paths.iter().map(|p| q.explain(p)).collect())
    }

    /// Yen's algorithm.
    fn yen(&mut self, q: &Query, k: usize, max_shared: f64) -> Vec<Path> {
        let net = q.net;
        let sg = net.search_graph();
        let Some(best) = self.search(q) else {
            return Vec::new();
        };
        let edge_weight = |label: u32| {
            q.measures(&sg.edges[label as usize])
                .map_or(f64::INFINITY, |m| q.weight(&m))
        };
        let link_km = |p: &Path| -> Vec<(u32, f64)> {
            p.edges
                .iter()
                .filter_map(|&e| match sg.edges[e as usize] {
                    StateEdge::Link { link, .. } => Some((link, net.link_ref(link).length_km())),
                    StateEdge::Transfer { .. } => None,
                })
                .collect()
        };
        let shares_too_much = |cand: &Path, kept: &[Path]| {
            let mine = link_km(cand);
            let total: f64 = mine.iter().map(|x| x.1).sum();
            kept.iter().any(|other| {
                let theirs: HashSet<u32> = link_km(other).into_iter().map(|x| x.0).collect();
                let shared: f64 = mine
                    .iter()
                    .filter(|(l, _)| theirs.contains(l))
                    .map(|x| x.1)
                    .sum();
                total > 0.0 && shared > max_shared * total + 1e-9
            })
        };
        let rate = q.rate_per_km();
        let target = q.to;
        let n_places = net.places().len();
        let mut blocked_place = vec![0u32; n_places];
        let mut stamp = 0u32;
        let mut generated: Vec<Path> = vec![best.clone()];
        let mut kept: Vec<Path> = vec![best];
        let mut seen: HashSet<(u32, Vec<u32>)> = HashSet::new();
        seen.insert((generated[0].source, generated[0].edges.clone()));
        let mut candidates: Vec<Path> = Vec::new();
        let limit = k.saturating_mul(GENERATED_PER_ASKED);
        let mut next = 0;
        while kept.len() < k && generated.len() < limit && next < generated.len() {
            let prev = generated[next].clone();
            next += 1;
            let mut states = vec![prev.source];
            states.extend(prev.edges.iter().map(|&e| sg.edge_head[e as usize]));
            let mut root_weight = 0.0;
            for i in 0..prev.edges.len() {
                let spur = states[i];
                let spur_place = sg.state_place[spur as usize];
                stamp += 1;
                for &s in &states[..i] {
                    blocked_place[sg.state_place[s as usize] as usize] = stamp;
                }
                let root_states = &states[..i];
                let root = &prev.edges[..i];
                let taken: HashSet<u32> = generated
                    .iter()
                    .chain(&candidates)
                    .filter(|p| {
                        p.source == prev.source && p.edges.len() > i && &p.edges[..i] == root
                    })
                    .map(|p| p.edges[i])
                    .collect();
                let weight = |e: usize| {
                    let label = sg.graph.edge_label(e);
                    if taken.contains(&label) {
                        return f64::INFINITY;
                    }
                    let head = sg.edge_head[label as usize];
                    let head_place = sg.state_place[head as usize];
                    let bad = match sg.edges[label as usize] {
                        StateEdge::Link { .. } => {
                            head_place == spur_place || blocked_place[head_place as usize] == stamp
                        }
                        StateEdge::Transfer { .. } => root_states.contains(&head),
                    };
                    if bad {
                        f64::INFINITY
                    } else {
                        edge_weight(label)
                    }
                };
                let spur_path = search(
                    &sg.graph,
                    &mut self.ws,
                    &[spur],
                    |s| sg.state_place[s as usize] == target,
                    weight,
                    |s| rate * net.chord_km(sg.state_place[s as usize], target),
                );
                if let Some(sp) = spur_path {
                    let mut edges = root.to_vec();
                    edges.extend(&sp.edges);
                    if seen.insert((prev.source, edges.clone())) {
                        candidates.push(Path {
                            weight: root_weight + sp.weight,
                            edges,
                            source: prev.source,
                            target: sp.target,
                        });
                    }
                }
                root_weight += edge_weight(prev.edges[i]);
            }
            // The best candidate becomes the next path.
            let Some(at) = (0..candidates.len())
                .min_by(|&a, &b| candidates[a].weight.total_cmp(&candidates[b].weight))
            else {
                break;
            };
            let p = candidates.swap_remove(at);
            if max_shared >= 1.0 || !shares_too_much(&p, &kept) {
                kept.push(p.clone());
            }
            generated.push(p);
        }
        kept.truncate(k);
        kept
    }
}
