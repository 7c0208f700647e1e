//! Answering a [`RouteRequest`]: resolve it, search the place × carrier graph, explain the
//! result, and say why when there is none.

use crate::algo::{search_timed, Path, Workspace};
use crate::error::{NoRouteReason, RouteError};
use crate::network::Network;

use super::metric::RateKey;
use super::resolve::{resolve, unverifiable, Query};
use super::{Route, RouteRequest};

/// Answers route requests on one network, reusing its search workspace between queries.
///
/// [`Network::route`] makes a planner per call; keep one per thread so that many queries
/// share one search workspace: after the first query, a query allocates only its answer's
/// strings and vectors, nothing in proportion to the network.
///
/// # Example
/// ```
/// use corridor::{Network, Planner, RouteRequest};
///
/// let net = Network::central_asia();
/// let mut planner = Planner::new(&net);
/// for to in ["Almaty", "Tashkent", "Baku"] {
///     let route = planner.route(&RouteRequest::new("Urumqi", to)).unwrap();
///     assert_eq!(route.path.first().map(String::as_str), Some("urumqi"));
/// }
/// ```
#[derive(Debug)]
pub struct Planner<'n> {
    pub(super) net: &'n Network,
    pub(super) ws: Workspace,
    /// The A* rate of the last query's settings: batches of queries share them.
    rate_cache: Option<(RateKey, f64)>,
}

impl<'n> Planner<'n> {
    /// A planner for `net`.
    pub fn new(net: &'n Network) -> Self {
        Planner {
            net,
            ws: Workspace::new(),
            rate_cache: None,
        }
    }

    /// The best route for `req`.
    ///
    /// # Errors
    /// [`RouteError::UnknownPlace`] / [`RouteError::UnknownCountry`] for names that match
    /// nothing, [`RouteError::InvalidRequest`] for unusable numbers,
    /// [`RouteError::Contradictory`] for requests that rule themselves out, and
    /// [`RouteError::NoRoute`] with the reason when nothing satisfies the request.
    pub fn route(&mut self, req: &RouteRequest) -> Result<Route, RouteError> {
        let q = resolve(self.net, req)?;
        match self.search(&q) {
            Some(path) => finite(q.explain(&path)),
            None if q.avoid.avoids_unknown() => {
                // Only places of unknown country may connect: whether the route would avoid
                // the countries asked cannot be told.
                let mut open = q.clone();
                open.avoid = q.avoid.allowing_unknown();
                match self.search(&open) {
                    Some(path) => {
                        let route = open.explain(&path);
                        let unknown = route
                            .path
                            .iter()
                            .filter(|id| {
                                self.net
                                    .place_by_id(id)
                                    .is_some_and(|p| p.country().is_empty())
                            })
                            .count();
                        Err(unverifiable(
                            self.net,
                            req,
                            &format!(
                                "every route from {} to {} passes places of unknown country ({unknown} on the best)",
                                route.from.name, route.to.name
                            ),
                        ))
                    }
                    None => Err(self.no_route(&q, req)),
                }
            }
            None => Err(self.no_route(&q, req)),
        }
    }

    /// The error for a query with no route, with the reason.
    pub(super) fn no_route(&mut self, q: &Query, req: &RouteRequest) -> RouteError {
        let reason: NoRouteReason = self.diagnose(q, req);
        RouteError::NoRoute {
            from: self.net.place_ref(q.from).name().to_string(),
            to: self.net.place_ref(q.to).name().to_string(),
            reason,
        }
    }

    /// The best path for `q`: A* over the search graph from the origin's usable states to
    /// any state of the destination.
    pub(crate) fn search(&mut self, q: &Query) -> Option<Path> {
        let sg = q.net.search_graph();
        let sources: Vec<u32> = q.start_states(q.from).collect();
        let target = q.to;
        let key = q.rate_key();
        let rate = match self.rate_cache {
            Some((k, rate)) if k == key => rate,
            _ => {
                let rate = q.rate_per_km();
                self.rate_cache = Some((key, rate));
                rate
            }
        };
        let is_target = |s: u32| sg.state_place[s as usize] == target;
        let heuristic = |s: u32| rate * q.net.chord_km(sg.state_place[s as usize], target);
        let edge = |e: usize| &sg.edges[sg.graph.edge_label(e) as usize];
        if q.has_waypoints() {
            // Waits are the ranges here: a departure time gives exact dates on the route
            // found, not an exact time-dependent search.
            let weight = |edge: &crate::network::StateEdge| {
                q.measures(edge).map_or(f64::INFINITY, |m| q.weight(&m))
            };
            return q.search_waypoints(&sources, weight, heuristic);
        }
        // With a departure time and a time objective, labels are hours since departure and
        // waits for timetabled departures depend on them; otherwise weights are fixed.
        let timed = q.timed();
        let weight = |e: usize, t: f64| {
            q.measures_at(edge(e), timed.then_some([t; 3]))
                .map_or(f64::INFINITY, |m| q.weight(&m))
        };
        search_timed(
            &sg.graph,
            &mut self.ws,
            &sources,
            is_target,
            weight,
            heuristic,
        )
    }
}

/// `route`, once every total is known to be a finite number: a sum that overflowed says so
/// instead of printing `inf`.
pub(super) fn finite(route: Route) -> Result<Route, RouteError> {
    let t = &route.totals;
    let totals = [
        ("distance_km", t.distance_km),
        ("duration_hours", t.duration_hours),
        ("duration_worst_hours", t.duration_worst_hours),
        ("cost_usd", t.cost_usd),
        ("co2_kg", t.co2_kg),
    ];
    match totals.into_iter().find(|(_, v)| !v.is_finite()) {
        None => Ok(route),
        Some((total, _)) => Err(RouteError::Overflow {
            from: route.from.name,
            to: route.to.name,
            total,
            max: f64::MAX,
        }),
    }
}
