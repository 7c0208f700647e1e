//! k alternative routes: Yen's k shortest loopless paths over the place × carrier graph.
//!
//! Loopless means no place is visited twice (a transfer stays at its place). Each spur search
//! is an A* from a state of the previous path, with the root's places removed, the spur place
//! closed to re-entry, and the edges that earlier paths with the same root took next removed.

use std::collections::HashSet;

/// Sets of edge sequences, hashed fast (they are long).
type FastSet<T> = HashSet<T, foldhash::fast::RandomState>;

use crate::algo::{search, search_timed, Path};
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
        // Every edge's weight for this query, once: the spur searches look them up.
        let weights: Vec<f64> = sg
            .edges
            .iter()
            .map(|e| q.measures(e).map_or(f64::INFINITY, |m| q.weight(&m)))
            .collect();
        let edge_weight = |label: u32| weights[label as usize];
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
        let target = q.to;
        // The exact remaining weight from every state to the destination (a backward tree on
        // the reversed graph): a consistent A* bound for every spur search, which then walks
        // almost straight to the destination, and a test for spurs that cannot arrive.
        let rev = sg.reversed();
        let mut back_ws = crate::algo::Workspace::new();
        let dest_states: Vec<u32> = sg.states_of(target).collect();
        let _ = search(
            rev,
            &mut back_ws,
            &dest_states,
            |_| false,
            |e| edge_weight(rev.edge_label(e)),
            |_| 0.0,
        );
        let to_go: Vec<f64> = (0..sg.graph.node_count() as u32)
            .map(|s| back_ws.distance(rev, s).unwrap_or(f64::INFINITY))
            .collect();
        let n_places = net.places().len();
        let mut blocked_place = vec![0u32; n_places];
        let mut blocked_state = vec![0u32; sg.graph.node_count()];
        let mut stamp = 0u32;
        let mut generated: Vec<Path> = vec![best.clone()];
        let mut kept: Vec<Path> = vec![best];
        let mut seen: FastSet<(u32, Vec<u32>)> = FastSet::default();
        seen.insert((generated[0].source, generated[0].edges.clone()));
        let mut candidates: Vec<Path> = Vec::new();
        let limit = k.saturating_mul(GENERATED_PER_ASKED);
        let mut next = 0;
        while kept.len() < k && generated.len() < limit && next < generated.len() {
            let prev = generated[next].clone();
            next += 1;
            let mut states = vec![prev.source];
            states.extend(prev.edges.iter().map(|&e| sg.edge_head[e as usize]));
            // The paths found so far (Yen's A: not the candidates), each with how far it shares
            // its edges with `prev`: at spur `i` its root is `prev`'s when that is at least `i`,
            // and the edge it took next is removed.
            let known: Vec<(&[u32], usize)> = generated
                .iter()
                .filter(|p| p.source == prev.source)
                .map(|p| {
                    let n = p
                        .edges
                        .iter()
                        .zip(&prev.edges)
                        .take_while(|(a, b)| a == b)
                        .count();
                    (p.edges.as_slice(), n)
                })
                .collect();
            let mut root_weight = 0.0;
            // Paths still to find, and the weight a new candidate must beat to be one of them:
            // the `needed`-th lightest candidate's (a spur whose root plus the unconstrained
            // rest of the way cannot beat it is not searched).
            let needed = if max_shared >= 1.0 {
                k - kept.len()
            } else {
                // Diverse routes: more paths may be rejected, so every path up to the limit
                // may be needed.
                limit.saturating_sub(generated.len())
            }
            .max(1);
            let threshold = |c: &mut Vec<Path>| {
                if c.len() < needed {
                    return f64::INFINITY;
                }
                c.select_nth_unstable_by(needed - 1, |a, b| a.weight.total_cmp(&b.weight));
                // A hair above, so that rounding never cuts a path of equal weight.
                let w = c[needed - 1].weight;
                w + 1e-9 * w.abs().max(1.0)
            };
            let mut beat = threshold(&mut candidates);
            stamp += 1;
            let mut marked = 0;
            for i in 0..prev.edges.len() {
                let spur = states[i];
                if root_weight + to_go[spur as usize] > beat {
                    root_weight += edge_weight(prev.edges[i]);
                    continue;
                }
                let spur_place = sg.state_place[spur as usize];
                // The root's places and states, marked as the root grows (the spur's own
                // place may be among them after a transfer: links back into it are closed
                // anyway).
                for &s in &states[marked..i] {
                    blocked_place[sg.state_place[s as usize] as usize] = stamp;
                    blocked_state[s as usize] = stamp;
                }
                marked = i;
                let root = &prev.edges[..i];
                // At most one edge per path found: a short list beats a hash set here.
                let taken: Vec<u32> = known
                    .iter()
                    .filter(|(p, n)| *n >= i && p.len() > i)
                    .map(|(p, _)| p[i])
                    .collect();
                // Paths that cannot beat `beat` are cut: `t` is the weight so far from the spur.
                let budget = beat - root_weight;
                let weight = |e: usize, t: f64| {
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
                        StateEdge::Transfer { .. } => blocked_state[head as usize] == stamp,
                    };
                    if bad {
                        return f64::INFINITY;
                    }
                    let w = edge_weight(label);
                    if t + w + to_go[head as usize] > budget {
                        f64::INFINITY
                    } else {
                        w
                    }
                };
                let spur_path = search_timed(
                    &sg.graph,
                    &mut self.ws,
                    &[spur],
                    |s| sg.state_place[s as usize] == target,
                    weight,
                    |s| to_go[s as usize],
                );
                if let Some(sp) = spur_path.filter(|sp| root_weight + sp.weight <= beat) {
                    let mut edges = root.to_vec();
                    edges.extend(&sp.edges);
                    if seen.insert((prev.source, edges.clone())) {
                        candidates.push(Path {
                            weight: root_weight + sp.weight,
                            edges,
                            source: prev.source,
                            target: sp.target,
                        });
                        beat = threshold(&mut candidates);
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
