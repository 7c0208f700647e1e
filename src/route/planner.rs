//! Answering a [`RouteRequest`]: resolve names, check the request, search the place × carrier
//! graph, explain the result, and say why when there is none.

use geo::{Coord, LineString};

use crate::algo::{search, Path, Workspace};
use crate::cost::Measures;
use crate::error::{NoRouteReason, RouteError};
use crate::model::{Cargo, CargoKind, Carrier, Mode};
use crate::network::{LinkPrice, Network, StateEdge};

use super::{BorderCrossing, Endpoint, Leg, Objective, Route, RouteRequest, Transfer};

/// Answers route requests on one network, reusing its search workspace between queries.
///
/// [`Network::route`] makes a planner per call; keep one per thread so that many queries
/// share one search workspace (only each answer's own strings and vectors are allocated).
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
    net: &'n Network,
    ws: Workspace,
    /// The A* rate of the last query's settings: batches of queries share them.
    rate_cache: Option<(RateKey, f64)>,
}

/// What the A* rate depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RateKey {
    objective: Objective,
    cargo: Cargo,
    modes: [bool; 4],
    year: Option<i32>,
    any_status: bool,
    any_cargo: bool,
}

/// A request with names resolved to indices: which edges may be used, and at what weight.
struct Query<'a> {
    net: &'a Network,
    from: u32,
    to: u32,
    /// Distance from a requested coordinate to `from` / `to`, km.
    snap_km: [Option<f64>; 2],
    objective: Objective,
    cargo: Cargo,
    modes: [bool; 4],
    blocked_place: Vec<bool>,
    year: Option<i32>,
    /// Ignore the year and status filter (used to explain a missing route).
    any_status: bool,
    /// Ignore the cargo rules (used to explain a missing route).
    any_cargo: bool,
}

/// Resolves a place given as an id, a name, or a `lat,lon` coordinate (snapped to the
/// nearest place; the offset is returned in km).
fn locate(net: &Network, s: &str) -> Result<(u32, Option<f64>), RouteError> {
    match crate::network::parse_lat_lon(s) {
        Some(Ok((lat, lon))) => match net.nearest_place(lon, lat) {
            Some((place, km)) => Ok((net.place_index(&place.id)?, Some(km))),
            None => Err(RouteError::UnknownPlace {
                name: s.to_string(),
                suggestions: Vec::new(),
            }),
        },
        Some(Err(_)) => Err(RouteError::InvalidRequest {
            field: "place",
            value: s.to_string(),
            problem: "a coordinate must be lat,lon in degrees, latitude within -90..90 and longitude within -180..180",
        }),
        None => Ok((net.place_index(s)?, None)),
    }
}

/// Objective units per hour added to break ties between equally good routes: far below any
/// figure worth reporting (1e-9 km per hour of transit), far above rounding noise.
const TIE_BREAK: f64 = 1e-9;

fn mode_ix(m: Mode) -> usize {
    match m {
        Mode::Rail => 0,
        Mode::Road => 1,
        Mode::Sea => 2,
        Mode::Pipeline => 3,
    }
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
        let q = self.resolve(req)?;
        match self.search(&q) {
            Some(path) => Ok(self.explain(&q, &path)),
            None => Err(RouteError::NoRoute {
                from: self.net.place_at(q.from).name.clone(),
                to: self.net.place_at(q.to).name.clone(),
                reason: self.diagnose(&q, req),
            }),
        }
    }

    fn resolve(&self, req: &RouteRequest) -> Result<Query<'n>, RouteError> {
        let net = self.net;
        let q = req.cargo.quantity;
        if !(q.is_finite() && q > 0.0) {
            return Err(RouteError::InvalidRequest {
                field: "quantity",
                value: q.to_string(),
                problem: "must be a finite number greater than 0",
            });
        }
        if let Objective::Weighted(w) = req.objective {
            let ws = [w.per_km, w.per_hour, w.per_usd, w.per_kg_co2];
            if let Some(bad) = ws.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
                return Err(RouteError::InvalidRequest {
                    field: "weights",
                    value: bad.to_string(),
                    problem: "every weight must be a finite number >= 0",
                });
            }
            if ws.iter().all(|v| *v == 0.0) {
                return Err(RouteError::InvalidRequest {
                    field: "weights",
                    value: "all zero".into(),
                    problem: "at least one weight must be greater than 0",
                });
            }
        }
        let (from, from_snap) = locate(net, &req.from)?;
        let (to, to_snap) = locate(net, &req.to)?;
        let mut blocked_place = vec![false; net.places().len()];
        for name in &req.avoid_places {
            blocked_place[locate(net, name)?.0 as usize] = true;
        }
        let mut avoided = Vec::new();
        for code in &req.avoid_countries {
            let code = code.trim().to_ascii_uppercase();
            if !net.countries().any(|c| c == code) {
                return Err(RouteError::UnknownCountry {
                    code,
                    known: net.countries().map(str::to_string).collect(),
                });
            }
            avoided.push(code);
        }
        for (i, p) in net.places().iter().enumerate() {
            if avoided.contains(&p.country) {
                blocked_place[i] = true;
            }
        }
        let (origin, dest) = (net.place_at(from), net.place_at(to));
        if from == to {
            return Err(RouteError::Contradictory(format!(
                "origin and destination are the same place ({})",
                origin.name
            )));
        }
        for (role, i, p) in [("origin", from, origin), ("destination", to, dest)] {
            if blocked_place[i as usize] {
                let why = if avoided.contains(&p.country) {
                    format!("its country {} is avoided", p.country)
                } else {
                    "it is in the places to avoid".to_string()
                };
                return Err(RouteError::Contradictory(format!(
                    "the {role} {} cannot be avoided: {why}",
                    p.name
                )));
            }
        }
        let mut modes = [true; 4];
        if let Some(allowed) = &req.modes {
            if allowed.is_empty() {
                return Err(RouteError::Contradictory("no mode is allowed".into()));
            }
            modes = [false; 4];
            for &m in allowed {
                modes[mode_ix(m)] = true;
            }
            let kind = req.cargo.kind;
            let fits = |m: Mode| match m {
                Mode::Pipeline => kind.commodity().is_some(),
                _ => kind.commodity() != Some(crate::model::Commodity::NaturalGas),
            };
            if !allowed.iter().any(|&m| fits(m)) {
                let names: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
                return Err(RouteError::Contradictory(format!(
                    "{kind} cannot travel by {} (natural gas only by gas pipeline; containers and bulk never by pipeline)",
                    names.join(" or ")
                )));
            }
        }
        Ok(Query {
            net,
            from,
            to,
            snap_km: [from_snap, to_snap],
            objective: req.objective,
            cargo: req.cargo,
            modes,
            blocked_place,
            year: req.year,
            any_status: false,
            any_cargo: false,
        })
    }

    fn search(&mut self, q: &Query) -> Option<Path> {
        let sg = q.net.search_graph();
        let sources: Vec<u32> = sg
            .states_of(q.from)
            .filter(|&s| q.carrier_ok(sg.state_carrier[s as usize]))
            .collect();
        let target = q.to;
        let key = RateKey {
            objective: q.objective,
            cargo: q.cargo,
            modes: q.modes,
            year: q.year,
            any_status: q.any_status,
            any_cargo: q.any_cargo,
        };
        let rate = match self.rate_cache {
            Some((k, rate)) if k == key => rate,
            _ => {
                let rate = q.rate_per_km();
                self.rate_cache = Some((key, rate));
                rate
            }
        };
        search(
            &sg.graph,
            &mut self.ws,
            &sources,
            |s| sg.state_place[s as usize] == target,
            |e| {
                let edge = &sg.edges[sg.graph.edge_label(e) as usize];
                q.measures(edge).map_or(f64::INFINITY, |m| q.weight(&m))
            },
            |s| rate * q.net.chord_km(sg.state_place[s as usize], target),
        )
    }

    /// Turns a path of search-graph edges into legs, transfers and border crossings.
    fn explain(&self, q: &Query, path: &Path) -> Route {
        let net = self.net;
        let sg = net.search_graph();
        let mut legs: Vec<Leg> = Vec::new();
        let mut transfers = Vec::new();
        let mut borders = Vec::new();
        let mut places = vec![q.from];
        let mut open_leg = false;
        for &e in &path.edges {
            match sg.edges[e as usize] {
                StateEdge::Link {
                    link,
                    forward,
                    carrier,
                } => {
                    let l = &net.links()[link as usize];
                    let (a, b) = q.ends(link, forward);
                    let m = q.link_measures(net.price(link));
                    if !open_leg {
                        legs.push(Leg {
                            mode: l.mode,
                            carrier,
                            from: net.place_at(a).id.clone(),
                            to: String::new(),
                            measures: Measures::default(),
                            estimated_km: 0.0,
                            corridors: Vec::new(),
                            links: Vec::new(),
                        });
                        open_leg = true;
                    }
                    // A leg was just opened above if none was.
                    let leg = legs.last_mut().expect("open leg");
                    leg.to = net.place_at(b).id.clone();
                    leg.measures += m;
                    if l.length_km.is_none() {
                        leg.estimated_km += m.distance_km;
                    }
                    leg.links.push(l.id.clone());
                    for c in &l.corridors {
                        let name = net
                            .corridor_ix(c)
                            .map_or(c.clone(), |i| net.corridors()[i as usize].name.clone());
                        if !leg.corridors.contains(&name) {
                            leg.corridors.push(name);
                        }
                    }
                    if let Some(bc) = q.border(link, forward) {
                        borders.push(bc);
                    }
                    places.push(b);
                }
                StateEdge::Transfer {
                    place,
                    from,
                    to,
                    kind,
                } => {
                    let m = net
                        .cost_model()
                        .transfer(net.place_at(place), kind, &q.cargo);
                    transfers.push(Transfer {
                        place: net.place_at(place).id.clone(),
                        from_mode: from,
                        to_mode: to,
                        kind,
                        hours: m.duration_hours,
                        cost_usd: m.cost_usd,
                    });
                    open_leg = false;
                }
            }
        }
        let mut totals = Measures::default();
        for l in &legs {
            totals += l.measures;
        }
        for t in &transfers {
            totals.duration_hours += t.hours;
            totals.cost_usd += t.cost_usd;
        }
        for b in &borders {
            totals.duration_hours += b.hours;
            totals.cost_usd += b.cost_usd;
        }
        let mut countries: Vec<String> = Vec::new();
        for &p in &places {
            let c = &net.place_at(p).country;
            if !c.is_empty() && countries.last() != Some(c) {
                countries.push(c.clone());
            }
        }
        let geometry = LineString::new(
            places
                .iter()
                .map(|&p| {
                    let loc = net.place_at(p).location;
                    Coord {
                        x: loc.x(),
                        y: loc.y(),
                    }
                })
                .collect(),
        );
        let endpoint = |p: u32, snap_km: Option<f64>| {
            let place = net.place_at(p);
            Endpoint {
                id: place.id.clone(),
                name: place.name.clone(),
                snap_km,
            }
        };
        Route {
            from: endpoint(q.from, q.snap_km[0]),
            to: endpoint(q.to, q.snap_km[1]),
            objective: q.objective,
            cargo: q.cargo,
            totals,
            legs,
            transfers,
            border_crossings: borders,
            countries,
            path: places.iter().map(|&p| net.place_at(p).id.clone()).collect(),
            geometry,
        }
    }

    /// Why there is no route: try lifting one constraint at a time.
    fn diagnose(&mut self, q: &Query, req: &RouteRequest) -> NoRouteReason {
        let relaxed = |f: &dyn Fn(&mut Query)| {
            let mut r = Query {
                blocked_place: q.blocked_place.clone(),
                ..*q
            };
            f(&mut r);
            r
        };
        let cargo_free = relaxed(&|r| r.any_cargo = true);
        if let Some(path) = self.search(&cargo_free) {
            let sg = q.net.search_graph();
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
                let used: Vec<String> = self
                    .explain(&r, &path)
                    .modes()
                    .into_iter()
                    .filter(|m| !q.modes[mode_ix(*m)])
                    .map(|m| m.to_string())
                    .collect();
                fixes.push(format!("allowing {}", used.join(" and ")));
            }
        }
        if !req.avoid_countries.is_empty() || !req.avoid_places.is_empty() {
            let r = relaxed(&|r| r.blocked_place.iter_mut().for_each(|b| *b = false));
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
            let sg = q.net.search_graph();
            let mut pending: Vec<String> = Vec::new();
            for &e in &path.edges {
                if let StateEdge::Link { link, .. } = sg.edges[e as usize] {
                    let l = &q.net.links()[link as usize];
                    if !l.open_in(q.year) {
                        let when = l.year.as_ref().map_or_else(
                            || "no opening year known".to_string(),
                            |m| format!("{} {}", m.event, m.year),
                        );
                        pending.push(format!("{} ({}, {when})", l.id, l.status));
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
            r.blocked_place.iter_mut().for_each(|b| *b = false);
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

impl Query<'_> {
    fn carrier_ok(&self, c: Carrier) -> bool {
        self.modes[mode_ix(c.mode())] && (self.any_cargo || self.cargo.kind.fits(c))
    }

    fn ends(&self, link: u32, forward: bool) -> (u32, u32) {
        self.net.link_ends(link, forward)
    }

    /// The search weight of an edge: its objective score, plus — for objectives under which
    /// transfers can be free (distance, CO2) — [`TIE_BREAK`] per hour, so that among equally
    /// good routes the faster one wins instead of one with pointless transfers.
    #[inline]
    fn weight(&self, m: &Measures) -> f64 {
        let score = self.objective.score(m);
        match self.objective {
            Objective::Distance | Objective::Co2 => score + TIE_BREAK * m.duration_hours,
            Objective::Weighted(w) if w.per_hour == 0.0 => score + TIE_BREAK * m.duration_hours,
            _ => score,
        }
    }

    /// The A* bound's rate: the least objective score per straight-line km over the links
    /// this query may use, so that `rate × chord(place, destination)` never exceeds the score
    /// of any way to the destination.
    ///
    /// Admissible and consistent for every objective: a link's score (border included) is at
    /// least `rate × chord(u, v)` by construction; transfers stay at one place (bound
    /// difference 0, score >= 0); and the chord is a metric, so
    /// `chord(u, t) <= chord(u, v) + chord(v, t)`. Links whose ends coincide add no distance
    /// and are skipped. The small margin absorbs rounding.
    fn rate_per_km(&self) -> f64 {
        let mut rate = f64::INFINITY;
        for (i, l) in self.net.links().iter().enumerate() {
            let p = self.net.price(i as u32);
            if p.chord_km <= 0.0
                || !(self.any_status || l.open_in(self.year))
                || !crate::network::carriers(l).any(|c| self.carrier_ok(c))
            {
                continue;
            }
            let score = self.objective.score(&self.link_measures(p));
            rate = rate.min(score / p.chord_km);
        }
        if rate.is_finite() {
            rate * (1.0 - 1e-9)
        } else {
            0.0
        }
    }

    /// Measures of travelling link `link` for this cargo, without the border.
    #[inline]
    fn link_measures(&self, p: &LinkPrice) -> Measures {
        let q = self.cargo.quantity;
        let (usd, tonnes) = match self.cargo.kind {
            CargoKind::Container => (p.usd_per_teu, q * self.net.cost_model().tonnes_per_teu),
            _ => (p.usd_per_tonne, q),
        };
        Measures {
            distance_km: p.km,
            duration_hours: p.hours,
            cost_usd: usd * q,
            co2_kg: p.co2_per_tonne * tonnes,
        }
    }

    /// The border crossing on a link traversal, for the route's explanation.
    fn border(&self, link: u32, forward: bool) -> Option<BorderCrossing> {
        let b = self.net.price(link).border(forward)?;
        let (from, to) = self.ends(link, forward);
        Some(BorderCrossing {
            place: self.net.place_at(b.at).id.clone(),
            post: b.post_name.clone(),
            from_country: self.net.place_at(from).country.clone(),
            to_country: self.net.place_at(to).country.clone(),
            hours: b.hours,
            cost_usd: b.fee_usd,
        })
    }

    /// Measures of an edge for this query, border included, or `None` when the edge may not
    /// be used.
    fn measures(&self, edge: &StateEdge) -> Option<Measures> {
        let net = self.net;
        match *edge {
            StateEdge::Link {
                link,
                forward,
                carrier,
            } => {
                let l = &net.links()[link as usize];
                if !self.carrier_ok(carrier) || !(self.any_status || l.open_in(self.year)) {
                    return None;
                }
                let (a, b) = self.ends(link, forward);
                if self.blocked_place[a as usize] || self.blocked_place[b as usize] {
                    return None;
                }
                let p = net.price(link);
                let mut m = self.link_measures(p);
                if let Some(b) = p.border(forward) {
                    m.duration_hours += b.hours;
                    m.cost_usd += b.fee_usd;
                }
                Some(m)
            }
            StateEdge::Transfer {
                place,
                from,
                to,
                kind,
            } => {
                if !self.carrier_ok(from) || !self.carrier_ok(to) {
                    return None;
                }
                Some(
                    net.cost_model()
                        .transfer(net.place_at(place), kind, &self.cargo),
                )
            }
        }
    }
}

impl Network {
    /// The best route for `req` on this network.
    ///
    /// # Example
    /// ```
    /// use corridor::{Mode, Network, Objective, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let route = net
    ///     .route(&RouteRequest::new("Kashgar", "Tashkent").by(Objective::Distance).modes([Mode::Road]))
    ///     .unwrap();
    /// assert!(route.path.contains(&"osh".to_string()));
    /// assert!(route.totals.distance_km > 800.0);
    /// ```
    ///
    /// # Errors
    /// See [`Planner::route`].
    pub fn route(&self, req: &RouteRequest) -> Result<Route, RouteError> {
        Planner::new(self).route(req)
    }
}
