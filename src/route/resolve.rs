//! From a request to a query: names resolved to places, numbers checked, constraints made
//! into what the search can test per edge. Every query kind starts here.

use crate::error::RouteError;
use crate::model::{Cargo, Commodity, Mode};
use crate::network::{parse_lat_lon, Network};

use super::{Location, Objective, RouteRequest};
use crate::readable::Readable;

/// The largest weight of a weighted objective: a score stays finite for any route whose
/// totals are (at most about 1e17 USD, for the largest consignment at the highest rates).
const MAX_WEIGHT: f64 = 1e9;
/// The smallest weight above 0: below it, scores of the smallest figures (a metre, a cent)
/// fall to subnormal numbers and stop telling routes apart.
const MIN_WEIGHT: f64 = 1e-12;

/// The years a network can be planned for.
const PLANNING_YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

/// A request with names resolved to indices: which edges may be used, and at what weight.
#[derive(Debug, Clone)]
pub(crate) struct Query<'a> {
    pub(crate) net: &'a Network,
    pub(crate) from: u32,
    pub(crate) to: u32,
    /// Distance from a requested coordinate to `from` / `to`, km.
    pub(crate) snap_km: [Option<f64>; 2],
    pub(crate) objective: Objective,
    pub(crate) cargo: Cargo,
    /// Allowed modes, by [`mode_ix`].
    pub(crate) modes: [bool; 4],
    pub(crate) avoid: Avoid,
    pub(crate) year: Option<i32>,
    /// Ignore the year and status filter (used to explain a missing route).
    pub(crate) any_status: bool,
    /// Ignore the cargo rules (used to explain a missing route).
    pub(crate) any_cargo: bool,
    /// When the consignment leaves, if the request says.
    pub(crate) depart: Option<Depart>,
    /// Links that may not be used (closed, in an avoided corridor, crossing a closed border
    /// post), sorted.
    pub(crate) blocked_links: Vec<u32>,
    /// Places to pass, in order.
    pub(crate) via: Vec<u32>,
    /// For each corridor to use: its links, sorted.
    pub(crate) via_corridors: Vec<Vec<u32>>,
}

/// A departure time, with where it falls in the week (timetables repeat weekly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Depart {
    pub(crate) at: jiff::Timestamp,
    /// Hours after Monday 00:00 UTC.
    pub(crate) hour_of_week: f64,
}

impl Depart {
    fn new(at: jiff::Timestamp) -> Depart {
        let t = at.to_zoned(jiff::tz::TimeZone::UTC);
        let day = f64::from(t.weekday().to_monday_zero_offset());
        let secs = f64::from(t.hour()) * 3600.0
            + f64::from(t.minute()) * 60.0
            + f64::from(t.second())
            + f64::from(t.subsec_nanosecond()) * 1e-9;
        Depart {
            at,
            hour_of_week: day * 24.0 + secs / 3600.0,
        }
    }

    /// The instant `hours` after leaving.
    pub(crate) fn after(&self, hours: f64) -> Option<jiff::Timestamp> {
        let d = jiff::SignedDuration::try_from_secs_f64(hours * 3600.0).ok()?;
        self.at.checked_add(d).ok()
    }
}

/// The places a route must not touch: a few named ones and those of a few countries. Kept as
/// short lists, so that a query costs nothing in proportion to the network.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Avoid {
    /// Place indices, sorted.
    places: Vec<u32>,
    /// Country codes.
    countries: Vec<[u8; 2]>,
}

/// The country code of a place whose country is unknown.
const UNKNOWN_COUNTRY: [u8; 2] = [0, 0];

impl Avoid {
    /// Whether places of unknown country are avoided (with the countries asked for).
    pub(crate) fn avoids_unknown(&self) -> bool {
        self.countries.contains(&UNKNOWN_COUNTRY)
    }

    /// The same, with places of unknown country allowed.
    pub(crate) fn allowing_unknown(&self) -> Avoid {
        let mut a = self.clone();
        a.countries.retain(|c| *c != UNKNOWN_COUNTRY);
        a
    }

    /// Whether place `p` may not be used.
    #[inline]
    pub(crate) fn blocks(&self, net: &Network, p: u32) -> bool {
        if self.places.is_empty() && self.countries.is_empty() {
            return false;
        }
        self.countries.contains(&net.country_code(p)) || self.places.binary_search(&p).is_ok()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.places.is_empty() && self.countries.is_empty()
    }
}

/// The position of a mode in [`Query::modes`].
pub(crate) fn mode_ix(m: Mode) -> usize {
    match m {
        Mode::Rail => 0,
        Mode::Road => 1,
        Mode::Sea => 2,
        Mode::Pipeline => 3,
    }
}

/// Resolves a place given as an id or name, or a point (snapped to the nearest place at most
/// `max_snap_km` away; the offset is returned in km).
fn locate(
    net: &Network,
    at: &Location,
    max_snap_km: f64,
) -> Result<(u32, Option<f64>), RouteError> {
    let (lon, lat) = match at {
        Location::Point { lon, lat } => (*lon, *lat),
        Location::Place(s) => match parse_lat_lon(s) {
            Some(Ok((lat, lon))) => (lon, lat),
            Some(Err(problem)) => {
                return Err(RouteError::InvalidRequest {
                    field: "place",
                    value: s.to_string(),
                    problem: format!("{problem} (a coordinate is written lat,lon)"),
                })
            }
            None => return Ok((net.place_index(s)?, None)),
        },
    };
    let (place, km) = net.nearest_place(lon, lat)?;
    if km > max_snap_km {
        return Err(RouteError::TooFar {
            point: at.to_string(),
            nearest: place.name().to_string(),
            km,
            max_km: max_snap_km,
        });
    }
    Ok((place.index() as u32, Some(km)))
}

/// Checks `req` and resolves it on `net`.
///
/// # Errors
/// As [`Planner::route`](super::Planner::route), but for [`RouteError::NoRoute`].
pub(crate) fn resolve<'n>(net: &'n Network, req: &RouteRequest) -> Result<Query<'n>, RouteError> {
    let q = req.cargo.quantity;
    let kind = req.cargo.kind;
    let range = kind.quantity_range();
    if !range.contains(&q) {
        return Err(RouteError::InvalidRequest {
            field: "quantity",
            value: Readable(q).to_string(),
            problem: format!(
                "must be from {} to {} {} for {kind} cargo (CargoKind::quantity_range)",
                range.start(),
                range.end(),
                kind.unit()
            ),
        });
    }
    if let Objective::Weighted(w) = req.objective {
        let ws = [w.per_km, w.per_hour, w.per_usd, w.per_kg_co2];
        let usable = |v: f64| v == 0.0 || (MIN_WEIGHT..=MAX_WEIGHT).contains(&v);
        if let Some(bad) = ws.iter().find(|v| !usable(**v)) {
            return Err(RouteError::InvalidRequest {
                field: "weights",
                value: Readable(*bad).to_string(),
                problem: format!(
                    "every weight must be 0 or a number from {MIN_WEIGHT:e} to {MAX_WEIGHT:e}"
                ),
            });
        }
        if ws.iter().all(|v| *v == 0.0) {
            return Err(RouteError::InvalidRequest {
                field: "weights",
                value: "all zero".into(),
                problem: "at least one weight must be greater than 0".into(),
            });
        }
    }
    if let Some(y) = req.year.filter(|y| !PLANNING_YEARS.contains(y)) {
        return Err(RouteError::InvalidRequest {
            field: "year",
            value: y.to_string(),
            problem: format!(
                "plan for a year from {} to {}: the records run from the first railways of the \
                 region to openings expected decades ahead",
                PLANNING_YEARS.start(),
                PLANNING_YEARS.end()
            ),
        });
    }
    if let Some(at) = req.depart {
        let year = at.to_zoned(jiff::tz::TimeZone::UTC).year();
        if !PLANNING_YEARS.contains(&i32::from(year)) {
            return Err(RouteError::InvalidRequest {
                field: "depart",
                value: at.to_string(),
                problem: format!(
                    "depart in a year from {} to {}",
                    PLANNING_YEARS.start(),
                    PLANNING_YEARS.end()
                ),
            });
        }
    }
    let snap = req.max_snap_km;
    if !(snap.is_finite() && snap >= 0.0) {
        return Err(RouteError::InvalidRequest {
            field: "max_snap_km",
            value: Readable(snap).to_string(),
            problem: "must be a finite distance >= 0".into(),
        });
    }
    let (from, from_snap) = locate(net, &req.from, snap)?;
    let (to, to_snap) = locate(net, &req.to, snap)?;
    let mut avoid = Avoid::default();
    for name in &req.avoid_places {
        avoid
            .places
            .push(locate(net, &Location::Place(name.clone()), snap)?.0);
    }
    let n_avoided = avoid.places.len();
    for name in &req.closed.places {
        avoid
            .places
            .push(locate(net, &Location::Place(name.clone()), snap)?.0);
    }
    let closed_places: Vec<u32> = avoid.places[n_avoided..].to_vec();
    avoid.places.sort_unstable();
    avoid.places.dedup();
    let mut blocked_links = Vec::new();
    for id in &req.closed.links {
        blocked_links.push(net.link_index(id)?);
    }
    for name in &req.closed.borders {
        let p = locate(net, &Location::Place(name.clone()), snap)?.0;
        let crossing: Vec<u32> = net
            .links()
            .iter()
            .filter(|l| {
                let (a, b) = (l.from().index() as u32, l.to().index() as u32);
                (a == p || b == p) && net.country_code(a) != net.country_code(b)
            })
            .map(|l| l.index() as u32)
            .collect();
        if crossing.is_empty() {
            return Err(RouteError::InvalidRequest {
                field: "closed.borders",
                value: name.clone(),
                problem: format!(
                    "{} has no link across a border to close (close_place closes the place itself)",
                    net.place_ref(p).name()
                ),
            });
        }
        blocked_links.extend(crossing);
    }
    let mut avoided_corridors = Vec::new();
    for name in &req.avoid_corridors {
        let c = net.corridor_index(name)?;
        avoided_corridors.push(c);
        blocked_links.extend(net.corridor_links(c));
    }
    blocked_links.sort_unstable();
    blocked_links.dedup();
    if req.via_corridors.len() > super::waypoints::MAX_VIA_CORRIDORS {
        return Err(RouteError::InvalidRequest {
            field: "via_corridors",
            value: req.via_corridors.len().to_string(),
            problem: format!(
                "at most {} corridors to use at once",
                super::waypoints::MAX_VIA_CORRIDORS
            ),
        });
    }
    let mut via_corridors = Vec::new();
    for name in &req.via_corridors {
        let c = net.corridor_index(name)?;
        let corridor = &net.corridors()[c as usize];
        if avoided_corridors.contains(&c) {
            return Err(RouteError::Contradictory(format!(
                "the corridor {} is both to use and to avoid",
                corridor.name
            )));
        }
        let usable: Vec<u32> = net
            .corridor_links(c)
            .into_iter()
            .filter(|l| blocked_links.binary_search(l).is_err())
            .collect();
        if usable.is_empty() {
            return Err(RouteError::Contradictory(format!(
                "every link of the corridor {} is closed or avoided",
                corridor.name
            )));
        }
        via_corridors.push(usable);
    }
    // A country no place is known to be in may still hold places of unknown country.
    let some_unknown = net.countryless().0 > 0;
    for code in &req.avoid_countries {
        let code = code.trim().to_ascii_uppercase();
        let known = net.countries().any(|c| c == code)
            || (some_unknown && crate::network::validate::is_country_code(&code));
        match code.as_bytes() {
            [a, b] if known => avoid.countries.push([*a, *b]),
            _ => {
                return Err(RouteError::UnknownCountry {
                    code,
                    known: net.countries().map(str::to_string).collect(),
                })
            }
        }
    }
    // A place of unknown country may be in an avoided one: avoided too, so that a route
    // found avoids what was asked ([`Planner::route`](super::Planner::route) says when only
    // such places would connect).
    if !avoid.countries.is_empty() && some_unknown {
        avoid.countries.push(UNKNOWN_COUNTRY);
    }
    let (origin, dest) = (net.place_ref(from), net.place_ref(to));
    if from == to {
        return Err(RouteError::Contradictory(format!(
            "origin and destination are the same place ({})",
            origin.name()
        )));
    }
    let mut via = Vec::new();
    for name in &req.via {
        let v = locate(net, &Location::Place(name.clone()), snap)?.0;
        let place = net.place_ref(v);
        if v == from || v == to {
            return Err(RouteError::Contradictory(format!(
                "the via place {} is the {} itself",
                place.name(),
                if v == from { "origin" } else { "destination" }
            )));
        }
        if avoid.blocks(net, v) {
            let why = if closed_places.contains(&v) {
                "closed"
            } else if avoid.places.binary_search(&v).is_ok() {
                "in the places to avoid"
            } else {
                "in an avoided country"
            };
            return Err(RouteError::Contradictory(format!(
                "the via place {} is {why}",
                place.name()
            )));
        }
        if via.last() == Some(&v) {
            continue;
        }
        via.push(v);
    }
    for (role, i, p) in [("origin", from, origin), ("destination", to, dest)] {
        if avoid.avoids_unknown() && net.country_code(i) == UNKNOWN_COUNTRY {
            return Err(unverifiable(
                net,
                req,
                &format!("the {role} {} has no country", p.name()),
            ));
        }
        if avoid.blocks(net, i) {
            let why = if avoid.countries.contains(&net.country_code(i)) {
                format!("its country {} is avoided", p.country())
            } else if closed_places.contains(&i) {
                "it is closed".to_string()
            } else {
                "it is in the places to avoid".to_string()
            };
            return Err(RouteError::Contradictory(format!(
                "the {role} {} cannot be avoided: {why}",
                p.name()
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
            _ => kind.commodity() != Some(Commodity::NaturalGas),
        };
        if !allowed.iter().any(|&m| fits(m)) {
            let names: Vec<String> = allowed.iter().map(|m| m.to_string()).collect();
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
        avoid,
        year: req.year,
        any_status: false,
        any_cargo: false,
        depart: req.depart.map(Depart::new),
        blocked_links,
        via,
        via_corridors,
    })
}

/// The error for a request avoiding countries that places of unknown country keep from being
/// checked: `why` says where.
pub(crate) fn unverifiable(net: &Network, req: &RouteRequest, why: &str) -> RouteError {
    let codes: Vec<String> = req
        .avoid_countries
        .iter()
        .map(|c| c.trim().to_ascii_uppercase())
        .collect();
    let (n, _) = net.countryless();
    RouteError::Unverifiable {
        constraint: format!("avoiding {}", codes.join(", ")),
        why: format!(
            "{why}; {n} of the network's {} places have no country, and whether they lie in \
             an avoided one cannot be told. Give them a `country` (importing GeoJSON or CSV: \
             found from their coordinates, or ImportOptions::country for a whole file)",
            net.places().len()
        ),
    }
}
