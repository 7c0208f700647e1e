//! Optimality of the planner, checked against an independent re-implementation of its
//! place × carrier state graph.
//!
//! Everything expected here is computed by this file from the public API only (places, links,
//! link lengths, `Place::handles`, `TransferKind::between`, `CostModel`, `Link::open_in`,
//! `CargoKind::fits`), and solved with algorithms the crate does not use: petgraph's
//! Bellman–Ford over a super-source, and, on small random networks, an exhaustive enumeration
//! of simple state paths.

use std::collections::HashMap;

use corridor::{
    BorderPost, Cargo, CargoKind, Carrier, Commodity, Duration, Gauge, Link, Measures, Mode,
    Network, Objective, Place, PlaceKind, Planner, Route, RouteError, RouteRequest, Status,
    TransferKind, Weights,
};
use corridor::{Milestone, MilestoneKind, NetworkData, Sourced, Tariff};
use petgraph::algo::bellman_ford;
use petgraph::graph::{Graph, NodeIndex};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Tolerances
// ---------------------------------------------------------------------------------------------

/// `a` and `b` agree to `rel` relative (with an absolute floor of `rel` for values below 1).
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

fn assert_close(a: f64, b: f64, rel: f64, what: &str) {
    assert!(close(a, b, rel), "{what}: {a} vs {b} (rel tol {rel})");
}

fn assert_measures_close(a: &Measures, b: &Measures, rel: f64, what: &str) {
    assert_close(a.distance_km, b.distance_km, rel, &format!("{what}: km"));
    assert_close(
        a.duration_hours,
        b.duration_hours,
        rel,
        &format!("{what}: hours"),
    );
    assert_close(a.cost_usd, b.cost_usd, rel, &format!("{what}: USD"));
    assert_close(a.co2_kg, b.co2_kg, rel, &format!("{what}: CO2"));
}

// ---------------------------------------------------------------------------------------------
// The rules, re-implemented from the public API
// ---------------------------------------------------------------------------------------------

/// The carriers a link offers: one per gauge on rail, else the mode's single carrier.
fn link_carriers(l: &Link) -> Vec<Carrier> {
    match l.mode {
        Mode::Rail => l.gauges.iter().map(|&g| Carrier::Rail(g)).collect(),
        Mode::Road => vec![Carrier::Road],
        Mode::Sea => vec![Carrier::Sea],
        Mode::Pipeline => l.commodity.map(Carrier::Pipeline).into_iter().collect(),
    }
}

/// One request interpreted independently of the planner: what may be used and at what price.
struct Rules<'a> {
    net: &'a Network,
    cargo: Cargo,
    modes: Option<Vec<Mode>>,
    year: Option<i32>,
    blocked: Vec<bool>,
    /// The network's records, as loaded.
    data: NetworkData,
    /// Place index of every link end, `(from, to)`.
    ends: Vec<(usize, usize)>,
    link_ix: HashMap<&'a str, usize>,
    /// Carriers present at each place (offered by an incident link), sorted.
    carriers_at: Vec<Vec<Carrier>>,
}

impl<'a> Rules<'a> {
    /// `req.avoid_places` must hold place ids.
    fn new(net: &'a Network, req: &RouteRequest) -> Rules<'a> {
        let place_ix: HashMap<&str, usize> = net
            .places()
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id(), i))
            .collect();
        let link_ix = net
            .links()
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id(), i))
            .collect();
        let data = net.to_data();
        let ends: Vec<(usize, usize)> = net
            .links()
            .iter()
            .map(|l| (place_ix[l.from().id()], place_ix[l.to().id()]))
            .collect();
        let mut carriers_at = vec![Vec::new(); net.places().len()];
        for (l, &(a, b)) in data.links.iter().zip(&ends) {
            for c in link_carriers(l) {
                carriers_at[a].push(c);
                carriers_at[b].push(c);
            }
        }
        for cs in &mut carriers_at {
            cs.sort();
            cs.dedup();
        }
        let mut blocked: Vec<bool> = data
            .places
            .iter()
            .map(|p| req.avoid_countries.contains(&p.country))
            .collect();
        for id in &req.avoid_places {
            blocked[place_ix[id.as_str()]] = true;
        }
        Rules {
            net,
            cargo: req.cargo,
            modes: req.modes.clone(),
            year: req.year,
            blocked,
            data,
            ends,
            link_ix,
            carriers_at,
        }
    }

    fn place(&self, i: usize) -> &Place {
        &self.data.places[i]
    }

    fn carrier_ok(&self, c: Carrier) -> bool {
        let mode_ok = match &self.modes {
            Some(ms) => ms.contains(&c.mode()),
            None => true,
        };
        mode_ok && self.cargo.kind.fits(c)
    }

    /// Whether link `li` may be travelled on `carrier` (either way; direction is checked by
    /// the caller against `oneway`).
    fn link_usable(&self, li: usize, carrier: Carrier) -> bool {
        let l = &self.data.links[li];
        let (a, b) = self.ends[li];
        l.open_in(self.year)
            && link_carriers(l).contains(&carrier)
            && self.carrier_ok(carrier)
            && !self.blocked[a]
            && !self.blocked[b]
    }

    /// The place and `(hours, USD)` of the border crossed when travelling link `li` from
    /// place `a` to place `b`, if they are in different countries.
    /// The border crossed on link `li` from `a` to `b`: the place whose post handles it
    /// (`None`: on the link), hours and USD.
    fn border<'s>(
        &'s self,
        li: usize,
        a: usize,
        b: usize,
    ) -> Option<(Option<usize>, Duration, f64)> {
        let l = &self.data.links[li];
        let (pa, pb) = (self.place(a), self.place(b));
        if pa.country == pb.country {
            return None;
        }
        let serving = |p: &'s Place| {
            p.border
                .as_ref()
                .filter(|post| post.serves(&pa.country, &pb.country))
        };
        let (at, post): (Option<usize>, Option<&BorderPost>) = if let Some(post) = l.border.as_ref()
        {
            (None, Some(post))
        } else if let Some(post) = serving(pb) {
            (Some(b), Some(post))
        } else if let Some(post) = serving(pa) {
            (Some(a), Some(post))
        } else {
            (None, None)
        };
        let (h, usd) = self
            .net
            .cost_model()
            .border(l.mode, post, &pa.country, &pb.country);
        Some((at, h, usd))
    }

    /// Measures of travelling link `li` from place `a` to place `b`, border included.
    fn traversal(&self, li: usize, a: usize, b: usize) -> Measures {
        let l = &self.data.links[li];
        let mut m =
            self.net
                .cost_model()
                .link(l, self.net.link_length_km(li).unwrap(), &self.cargo);
        if let Some((_, h, usd)) = self.border(li, a, b) {
            m = m.with_duration(m.duration() + h);
            m.cost_usd += usd;
        }
        m
    }

    /// Measures of a transfer at place `p` from carrier `x` to `y`, if allowed.
    fn transfer(&self, p: usize, x: Carrier, y: Carrier) -> Option<Measures> {
        let place = self.place(p);
        if !(self.carrier_ok(x) && self.carrier_ok(y) && place.handles(x, y)) {
            return None;
        }
        let kind = TransferKind::between(x, y)?;
        Some(self.net.cost_model().transfer(place, kind, &self.cargo))
    }
}

/// The usable part of the state graph for one request, with each edge's measures.
struct States {
    /// `(place, carrier)` of each state.
    nodes: Vec<(usize, Carrier)>,
    /// States of each place.
    of_place: Vec<Vec<usize>>,
    /// `(from state, to state, measures)`.
    edges: Vec<(usize, usize, Measures)>,
    /// Outgoing edge indices of each state.
    out: Vec<Vec<usize>>,
}

impl States {
    fn build(rules: &Rules) -> States {
        let mut nodes = Vec::new();
        let mut of_place = Vec::new();
        let mut id: HashMap<(usize, Carrier), usize> = HashMap::new();
        for (p, cs) in rules.carriers_at.iter().enumerate() {
            let mut mine = Vec::new();
            for &c in cs {
                id.insert((p, c), nodes.len());
                mine.push(nodes.len());
                nodes.push((p, c));
            }
            of_place.push(mine);
        }
        let mut edges = Vec::new();
        for (li, l) in rules.data.links.iter().enumerate() {
            let (a, b) = rules.ends[li];
            for c in link_carriers(l) {
                if !rules.link_usable(li, c) {
                    continue;
                }
                edges.push((id[&(a, c)], id[&(b, c)], rules.traversal(li, a, b)));
                if !l.oneway {
                    edges.push((id[&(b, c)], id[&(a, c)], rules.traversal(li, b, a)));
                }
            }
        }
        for (p, cs) in rules.carriers_at.iter().enumerate() {
            for &x in cs {
                for &y in cs {
                    if let Some(m) = rules.transfer(p, x, y) {
                        edges.push((id[&(p, x)], id[&(p, y)], m));
                    }
                }
            }
        }
        let mut out = vec![Vec::new(); nodes.len()];
        for (e, &(s, _, _)) in edges.iter().enumerate() {
            out[s].push(e);
        }
        States {
            nodes,
            of_place,
            edges,
            out,
        }
    }

    /// States where a search from place `origin` may start.
    fn starts(&self, rules: &Rules, origin: usize) -> Vec<usize> {
        self.of_place[origin]
            .iter()
            .copied()
            .filter(|&s| rules.carrier_ok(self.nodes[s].1))
            .collect()
    }

    /// Best score from `origin` to every place, by Bellman–Ford from a super-source joined to
    /// the origin's start states by 0-weight edges. `None` where unreachable.
    fn bellman_ford_from(
        &self,
        rules: &Rules,
        objective: Objective,
        origin: usize,
    ) -> Vec<Option<f64>> {
        let mut g: Graph<(), f64> = Graph::with_capacity(self.nodes.len() + 1, self.edges.len());
        let ix: Vec<NodeIndex> = self.nodes.iter().map(|_| g.add_node(())).collect();
        for &(s, t, m) in &self.edges {
            g.add_edge(ix[s], ix[t], objective.score(&m));
        }
        let source = g.add_node(());
        for s in self.starts(rules, origin) {
            g.add_edge(source, ix[s], 0.0);
        }
        let paths = bellman_ford(&g, source).expect("no negative weights");
        self.of_place
            .iter()
            .map(|states| {
                states
                    .iter()
                    .map(|&s| paths.distances[ix[s].index()])
                    .filter(|d| d.is_finite())
                    .min_by(f64::total_cmp)
            })
            .collect()
    }

    /// Best score from `origin` to `dest` by enumerating every simple state path (with
    /// branch-and-bound on the non-negative scores, which never drops an optimum).
    fn exhaustive(
        &self,
        rules: &Rules,
        objective: Objective,
        origin: usize,
        dest: usize,
    ) -> Option<f64> {
        fn dfs(
            st: &States,
            w: &[f64],
            dest: usize,
            s: usize,
            cost: f64,
            on_path: &mut [bool],
            best: &mut Option<f64>,
        ) {
            if best.is_some_and(|b| cost > b) {
                return;
            }
            if st.nodes[s].0 == dest {
                *best = Some(best.map_or(cost, |b| b.min(cost)));
                return;
            }
            for &e in &st.out[s] {
                let t = st.edges[e].1;
                if !on_path[t] {
                    on_path[t] = true;
                    dfs(st, w, dest, t, cost + w[e], on_path, best);
                    on_path[t] = false;
                }
            }
        }
        let w: Vec<f64> = self.edges.iter().map(|e| objective.score(&e.2)).collect();
        let mut best = None;
        let mut on_path = vec![false; self.nodes.len()];
        for s in self.starts(rules, origin) {
            on_path[s] = true;
            dfs(self, &w, dest, s, 0.0, &mut on_path, &mut best);
            on_path[s] = false;
        }
        best
    }
}

// ---------------------------------------------------------------------------------------------
// Route consistency, re-priced independently
// ---------------------------------------------------------------------------------------------

/// Checks that `route` is a well-formed, usable path from `origin` to `dest` under `rules`,
/// that its legs, transfers, border crossings and totals add up, and returns its measures as
/// priced by this file.
fn check_route(rules: &Rules, route: &Route, origin: usize, dest: usize) -> Measures {
    let net = rules.net;
    let links = &rules.data.links;
    let places = &rules.data.places;
    let id = |p: usize| places[p].id.as_str();
    let ctx = format!(
        "route {} -> {} by {} for {:?}",
        route.from.id, route.to.id, route.objective, route.cargo
    );
    assert_eq!(route.from.id, id(origin), "{ctx}: from");
    assert_eq!(route.to.id, id(dest), "{ctx}: to");
    assert!(!route.legs.is_empty(), "{ctx}: no legs");

    // 3a. totals = legs + transfers + border crossings, as reported.
    let mut reported = Measures::default();
    for leg in &route.legs {
        reported += leg.measures;
    }
    for t in &route.transfers {
        reported += Measures::stay(t.duration(), t.cost_usd);
    }
    for b in &route.border_crossings {
        reported += Measures::stay(b.duration(), b.cost_usd);
    }
    assert_measures_close(
        &route.totals,
        &reported,
        1e-9,
        &format!("{ctx}: totals vs parts"),
    );

    // 3b. walk the route, re-pricing every step.
    let mut total = Measures::default();
    let mut place = origin;
    let mut path = vec![origin];
    let mut borders: Vec<(Option<usize>, String, String, Duration, f64)> = Vec::new();
    let transfers = &route.transfers;
    let mut ti = 0;
    let apply = |ti: &mut usize, place: usize, carrier: &mut Carrier, total: &mut Measures| {
        let t = transfers
            .get(*ti)
            .unwrap_or_else(|| panic!("{ctx}: missing transfer at {}", id(place)));
        assert_eq!(t.place, id(place), "{ctx}: transfer place");
        assert_eq!(t.from_mode, *carrier, "{ctx}: transfer {} chains", *ti);
        assert!(
            rules.carriers_at[place].contains(&t.to_mode),
            "{ctx}: {} not present at {}",
            t.to_mode,
            id(place)
        );
        assert_eq!(
            Some(t.kind),
            TransferKind::between(t.from_mode, t.to_mode),
            "{ctx}: transfer kind"
        );
        let m = rules
            .transfer(place, t.from_mode, t.to_mode)
            .unwrap_or_else(|| panic!("{ctx}: transfer {t:?} not allowed"));
        assert_close(
            t.hours,
            m.duration_hours,
            1e-9,
            &format!("{ctx}: transfer hours"),
        );
        assert_close(
            t.cost_usd,
            m.cost_usd,
            1e-9,
            &format!("{ctx}: transfer USD"),
        );
        *total += m;
        *carrier = t.to_mode;
        *ti += 1;
    };

    // Transfers at the origin before the first leg, if a chain of them there ends on the first
    // leg's carrier.
    let first = route.legs[0].carrier;
    let mut carrier = first;
    {
        let mut c: Option<Carrier> = None;
        let mut j = 0;
        while j < transfers.len()
            && transfers[j].place == id(origin)
            && c.iter().all(|&c| c == transfers[j].from_mode)
        {
            c = Some(transfers[j].to_mode);
            j += 1;
            if c == Some(first) {
                carrier = transfers[0].from_mode;
                break;
            }
        }
    }
    assert!(
        rules.carriers_at[origin].contains(&carrier) && rules.carrier_ok(carrier),
        "{ctx}: cannot start on {carrier}"
    );
    for (i, leg) in route.legs.iter().enumerate() {
        let before = ti;
        while carrier != leg.carrier {
            apply(&mut ti, place, &mut carrier, &mut total);
        }
        assert!(
            i == 0 || ti > before,
            "{ctx}: legs {} and {i} are not separated by a transfer",
            i - 1
        );
        assert_eq!(leg.from, id(place), "{ctx}: leg {i} starts elsewhere");
        assert_eq!(leg.mode, leg.carrier.mode(), "{ctx}: leg {i} mode");
        assert!(!leg.links.is_empty(), "{ctx}: leg {i} has no links");
        let mut leg_m = Measures::default();
        for lid in &leg.links {
            let li = rules.link_ix[lid.as_str()];
            let l = &links[li];
            let (a, b) = rules.ends[li];
            let next = if a == place {
                b
            } else if b == place && !l.oneway {
                a
            } else {
                panic!("{ctx}: link {lid} cannot be travelled from {}", id(place));
            };
            assert!(
                rules.link_usable(li, leg.carrier),
                "{ctx}: link {lid} on {} is not usable under the request",
                leg.carrier
            );
            leg_m += net
                .cost_model()
                .link(l, net.link_length_km(li).unwrap(), &rules.cargo);
            total += rules.traversal(li, place, next);
            if let Some((at, h, usd)) = rules.border(li, place, next) {
                borders.push((
                    at,
                    places[place].country.clone(),
                    places[next].country.clone(),
                    h,
                    usd,
                ));
            }
            place = next;
            path.push(place);
        }
        assert_eq!(leg.to, id(place), "{ctx}: leg {i} ends elsewhere");
        assert_measures_close(&leg.measures, &leg_m, 1e-9, &format!("{ctx}: leg {i}"));
    }
    // Any transfers left must be at the destination, after the last leg.
    while ti < transfers.len() {
        apply(&mut ti, place, &mut carrier, &mut total);
    }
    assert_eq!(place, dest, "{ctx}: ends at {}", id(place));

    let path_ids: Vec<&str> = path.iter().map(|&p| id(p)).collect();
    assert_eq!(route.path, path_ids, "{ctx}: path");
    let mut countries: Vec<&str> = Vec::new();
    for &p in &path {
        if countries.last() != Some(&places[p].country.as_str()) {
            countries.push(&places[p].country);
        }
    }
    assert_eq!(route.countries, countries, "{ctx}: countries");
    assert_eq!(
        route.border_crossings.len(),
        borders.len(),
        "{ctx}: number of border crossings"
    );
    for (got, (at, from, to, h, usd)) in route.border_crossings.iter().zip(&borders) {
        assert_eq!(got.place.as_deref(), at.map(&id), "{ctx}: border place");
        assert_eq!((&got.from_country, &got.to_country), (from, to), "{ctx}");
        for (g, want) in got.duration().cases().iter().zip(h.cases()) {
            assert_close(*g, want, 1e-9, &format!("{ctx}: border hours"));
        }
        assert_close(got.cost_usd, *usd, 1e-9, &format!("{ctx}: border USD"));
    }
    assert_measures_close(
        &route.totals,
        &total,
        1e-9,
        &format!("{ctx}: re-priced totals"),
    );
    total
}

// ---------------------------------------------------------------------------------------------
// Comparing planner and independent optimum
// ---------------------------------------------------------------------------------------------

const WEIGHTED: Objective = Objective::Weighted(Weights {
    per_km: 0.1,
    per_hour: 20.0,
    per_usd: 1.0,
    per_kg_co2: 0.05,
});

const OBJECTIVES: [Objective; 6] = [
    Objective::Distance,
    Objective::Time,
    Objective::WorstTime,
    Objective::Cost,
    Objective::Co2,
    WEIGHTED,
];

fn cargos() -> [Cargo; 3] {
    [
        Cargo::new(CargoKind::Container, 1.0),
        Cargo::new(CargoKind::Container, 40.0),
        Cargo::new(CargoKind::CrudeOil, 1000.0),
    ]
}

/// Every 7th place as origin against every 11th as destination (file order).
fn sample_pairs(net: &Network) -> (Vec<usize>, Vec<usize>) {
    let n = net.places().len();
    ((0..n).step_by(7).collect(), (0..n).step_by(11).collect())
}

#[derive(Debug, Default)]
struct Tally {
    routes: usize,
    no_route: usize,
    contradictory: usize,
}

/// For every origin × destination, checks the planner's answer to `template` (with that
/// origin, destination and each objective) against Bellman–Ford on the independent graph.
fn compare(
    net: &Network,
    planner: &mut Planner,
    template: &RouteRequest,
    origins: &[usize],
    dests: &[usize],
    tally: &mut Tally,
) {
    let rules = Rules::new(net, template);
    let states = States::build(&rules);
    for objective in OBJECTIVES {
        for &o in origins {
            let best = states.bellman_ford_from(&rules, objective, o);
            for &d in dests {
                if o == d {
                    continue;
                }
                let mut req = template.clone();
                req.from = rules.data.places[o].id.clone().into();
                req.to = rules.data.places[d].id.clone().into();
                req.objective = objective;
                let ctx = format!("{req:?}");
                let result = planner.route(&req);
                if rules.blocked[o] || rules.blocked[d] {
                    assert!(
                        matches!(result, Err(RouteError::Contradictory(_))),
                        "{ctx}: expected Contradictory, got {result:?}"
                    );
                    tally.contradictory += 1;
                    continue;
                }
                match (best[d], result) {
                    (None, Err(RouteError::NoRoute { .. })) => tally.no_route += 1,
                    (Some(expected), Ok(route)) => {
                        let got = objective.score(&route.totals);
                        assert_close(got, expected, 1e-6, &format!("{ctx}: optimum"));
                        let repriced = check_route(&rules, &route, o, d);
                        assert_close(
                            objective.score(&repriced),
                            expected,
                            1e-6,
                            &format!("{ctx}: re-priced optimum"),
                        );
                        tally.routes += 1;
                    }
                    (expected, result) => {
                        panic!("{ctx}: independent optimum {expected:?}, planner {result:?}")
                    }
                }
            }
        }
    }
}

#[test]
fn builtin_routes_are_optimal_for_every_objective_and_cargo() {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let (origins, dests) = sample_pairs(&net);
    let pairs = origins
        .iter()
        .flat_map(|o| dests.iter().map(move |d| (o, d)))
        .filter(|(o, d)| o != d)
        .count();
    assert!(pairs >= 30, "{pairs} pairs");
    let mut tally = Tally::default();
    for cargo in cargos() {
        let template = RouteRequest::new("", "").cargo(cargo);
        compare(&net, &mut planner, &template, &origins, &dests, &mut tally);
    }
    assert_eq!(tally.contradictory, 0);
    assert_eq!(tally.routes + tally.no_route, pairs * OBJECTIVES.len() * 3);
    assert!(tally.routes > 0 && tally.no_route > 0, "{tally:?}");
}

#[test]
fn builtin_routes_are_optimal_under_constraints() {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let (origins, dests) = sample_pairs(&net);
    // The busiest place (most incident links), computed rather than named.
    let mut degree = vec![0usize; net.places().len()];
    for l in net.links() {
        for end in [l.from().id(), l.to().id()] {
            let i = net.places().iter().position(|p| p.id() == end).unwrap();
            degree[i] += 1;
        }
    }
    let hub = (0..degree.len())
        .max_by_key(|&i| (degree[i], usize::MAX - i))
        .unwrap();
    let hub_id = net.places().get(hub).unwrap().id().to_string();
    // A sampled origin is avoided too, to check the Contradictory answer.
    let avoided_origin = net.places().get(origins[3]).unwrap().id().to_string();

    let mut tally = Tally::default();
    for cargo in cargos() {
        let base = RouteRequest::new("", "").cargo(cargo);
        let templates = [
            base.clone().modes([Mode::Rail]),
            base.clone().avoid_country("RU"),
            base.clone().year(2030),
            base.clone().avoid_place(hub_id.clone()),
            base.clone().avoid_place(avoided_origin.clone()),
            base.clone()
                .year(2030)
                .modes([Mode::Rail, Mode::Road])
                .avoid_country("KZ"),
        ];
        for template in &templates {
            compare(&net, &mut planner, template, &origins, &dests, &mut tally);
        }
    }
    assert!(
        tally.routes > 0 && tally.no_route > 0 && tally.contradictory > 0,
        "{tally:?}"
    );
}

/// Two routes differ when their legs (carrier and links) differ.
fn same_route(a: &Route, b: &Route) -> bool {
    a.path == b.path
        && a.legs.len() == b.legs.len()
        && a.legs
            .iter()
            .zip(&b.legs)
            .all(|(x, y)| x.carrier == y.carrier && x.links == y.links)
}

#[test]
fn fastest_and_cheapest_differ() {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let template = RouteRequest::new("", "").cargo(Cargo::container());
    let rules = Rules::new(&net, &template);
    let states = States::build(&rules);
    let n = net.places().len();
    let mut found: Vec<(String, String)> = Vec::new();
    // Scan origins in a fixed order (a stride coprime with n spreads them over the file).
    'scan: for k in 0..n {
        let o = (k * 13) % n;
        let fastest_best = states.bellman_ford_from(&rules, Objective::Time, o);
        let cheapest_best = states.bellman_ford_from(&rules, Objective::Cost, o);
        for d in 0..n {
            let (Some(best_time), Some(best_cost)) = (fastest_best[d], cheapest_best[d]) else {
                continue;
            };
            if d == o {
                continue;
            }
            let (from, to) = (&rules.data.places[o].id, &rules.data.places[d].id);
            let req = RouteRequest::new(from.as_str(), to.as_str());
            let fastest = planner.route(&req.clone().by(Objective::Time)).unwrap();
            let cheapest = planner.route(&req.clone().by(Objective::Cost)).unwrap();
            if same_route(&fastest, &cheapest) {
                continue;
            }
            let f = check_route(&rules, &fastest, o, d);
            let c = check_route(&rules, &cheapest, o, d);
            let ctx = format!("{from} -> {to}");
            assert_close(
                f.duration_hours,
                best_time,
                1e-6,
                &format!("{ctx}: fastest"),
            );
            assert_close(c.cost_usd, best_cost, 1e-6, &format!("{ctx}: cheapest"));
            let tol = |x: f64| 1e-9 * x.abs().max(1.0);
            assert!(
                f.duration_hours <= c.duration_hours + tol(c.duration_hours),
                "{ctx}"
            );
            assert!(c.cost_usd <= f.cost_usd + tol(f.cost_usd), "{ctx}");
            // Keep only real trade-offs: strictly faster and strictly cheaper.
            if f.duration_hours < c.duration_hours - tol(c.duration_hours)
                && c.cost_usd < f.cost_usd - tol(f.cost_usd)
            {
                found.push((from.clone(), to.clone()));
                if found.len() == 5 {
                    break 'scan;
                }
                // One pair per origin, for variety.
                continue 'scan;
            }
        }
    }
    assert!(found.len() >= 3, "only {found:?}");
}

// ---------------------------------------------------------------------------------------------
// Random small networks against exhaustive search
// ---------------------------------------------------------------------------------------------

const COUNTRIES: [&str; 4] = ["CN", "KZ", "RU", "UZ"];

const KINDS: [PlaceKind; 7] = [
    PlaceKind::City,
    PlaceKind::BorderCrossing,
    PlaceKind::Seaport,
    PlaceKind::DryPort,
    PlaceKind::Terminal,
    PlaceKind::Junction,
    PlaceKind::PipelineTerminal,
];

const TRANSFER_KINDS: [TransferKind; 7] = [
    TransferKind::Gauge,
    TransferKind::RailRoad,
    TransferKind::RailSea,
    TransferKind::RoadSea,
    TransferKind::PipelineRail,
    TransferKind::PipelineRoad,
    TransferKind::PipelineSea,
];

#[derive(Debug, Clone)]
struct PlaceSpec {
    country: usize,
    kind: usize,
    /// Bit mask over `TRANSFER_KINDS` overriding the kind's defaults.
    transfers: Option<u8>,
    transfer_hours: Option<f64>,
    /// `(dwell, fee, restricted to the first two countries)`.
    border: Option<(Option<f64>, Option<f64>, bool)>,
}

#[derive(Debug, Clone)]
struct LinkSpec {
    from: usize,
    to: usize,
    /// Swap the ends of a spanning-tree link.
    flip: bool,
    /// 0: rail 1435, 1: rail 1520, 2: rail both, 3: road, 4: sea, 5: crude-oil pipeline.
    mode: usize,
    length: f64,
    oneway: bool,
    transit_hours: Option<f64>,
    /// `(best, worst)` transit hours beside the typical one, as multiples of it.
    transit_spread: Option<(f64, f64)>,
    speed: Option<f64>,
    /// Departures per week (a wait for one, in three cases).
    sailings: Option<f64>,
    /// `(per unit-km, fixed)`.
    tariff: Option<(Option<f64>, Option<f64>)>,
    border: Option<(Option<f64>, Option<f64>)>,
    /// 0..=5: operational; 6: operational, opened 2040; 7: planned for 2025; 8: under
    /// construction, expected 2035.
    status: usize,
}

#[derive(Debug, Clone)]
struct Case {
    n_countries: usize,
    places: Vec<PlaceSpec>,
    links: Vec<LinkSpec>,
    origin: usize,
    dest: usize,
    /// 0, 1: container 1 or 40 TEU; 2: crude oil 1000 t.
    cargo: usize,
    /// 0: all; 1: rail; 2: rail, road; 3: road, sea.
    modes: usize,
    avoid: Option<usize>,
    year: Option<i32>,
}

fn place_spec() -> impl Strategy<Value = PlaceSpec> {
    (
        0..3usize,
        // Terminals (which handle every transfer) and the usual transfer places most often.
        proptest::sample::select(vec![0usize, 0, 1, 1, 2, 2, 3, 4, 4, 4, 5, 6]),
        proptest::option::weighted(0.5, (any::<u8>(), any::<u8>()).prop_map(|(a, b)| a | b)),
        proptest::option::weighted(0.3, 0.0..10.0f64),
        proptest::option::weighted(
            0.4,
            (
                proptest::option::of(0.0..30.0f64),
                proptest::option::of(0.0..500.0f64),
                any::<bool>(),
            ),
        ),
    )
        .prop_map(
            |(country, kind, transfers, transfer_hours, border)| PlaceSpec {
                country,
                kind,
                transfers,
                transfer_hours,
                border,
            },
        )
}

fn link_spec() -> impl Strategy<Value = LinkSpec> {
    (
        (
            0..9usize,
            0..9usize,
            proptest::sample::select(vec![0usize, 0, 1, 1, 2, 3, 3, 4, 5]),
            10.0..1500.0f64,
            proptest::bool::weighted(0.25),
            any::<bool>(),
        ),
        (
            proptest::option::weighted(0.2, 1.0..60.0f64),
            proptest::option::weighted(0.2, 5.0..90.0f64),
            proptest::option::weighted(
                0.2,
                (
                    proptest::option::of(0.0..1.0f64),
                    proptest::option::of(0.0..300.0f64),
                ),
            ),
            proptest::option::weighted(
                0.15,
                (
                    proptest::option::of(0.0..20.0f64),
                    proptest::option::of(0.0..300.0f64),
                ),
            ),
            0..9usize,
        ),
        (
            proptest::option::weighted(0.3, (0.3..1.0f64, 1.0..4.0f64)),
            proptest::option::weighted(0.3, 0.5..20.0f64),
        ),
    )
        .prop_map(
            |(
                (from, to, mode, length, oneway, flip),
                (transit_hours, speed, tariff, border, status),
                (transit_spread, sailings),
            )| {
                LinkSpec {
                    from,
                    to,
                    flip,
                    mode,
                    length,
                    oneway,
                    transit_hours,
                    transit_spread,
                    speed,
                    sailings,
                    tariff,
                    border,
                    status,
                }
            },
        )
}

fn case() -> impl Strategy<Value = Case> {
    (4..=9usize, 2..=3usize).prop_flat_map(|(n, n_countries)| {
        (
            proptest::collection::vec(place_spec(), n),
            proptest::collection::vec(link_spec(), n - 1..=n + 5),
            (
                0..n,
                1..n,
                0..3usize,
                proptest::sample::select(vec![0usize, 0, 0, 1, 2, 3]),
            ),
            (
                proptest::option::weighted(0.3, 0..n),
                proptest::option::of(Just(2030)),
            ),
        )
            .prop_map(
                move |(places, links, (origin, shift, cargo, modes), (avoid, year))| Case {
                    n_countries,
                    places,
                    links,
                    origin,
                    dest: (origin + shift) % n,
                    cargo,
                    modes,
                    avoid,
                    year,
                },
            )
    })
}

fn sourced(v: f64) -> Sourced<f64> {
    Sourced::new(v, "assumption")
}

/// Places stand 1° of longitude apart on the 40th parallel: the geodesic between `a` and `b`
/// (indices), km, rounded up to a metre.
fn straight_km(a: usize, b: usize) -> f64 {
    use geo::Distance;
    let at = |i: usize| geo::Point::new(60.0 + i as f64, 40.0);
    geo::Geodesic.distance(at(a), at(b)).ceil() / 1000.0
}

fn build_network(case: &Case) -> Network {
    let n = case.places.len();
    let country = |c: usize| COUNTRIES[c % case.n_countries].to_string();
    let places = case
        .places
        .iter()
        .enumerate()
        .map(|(i, p)| Place {
            id: format!("p{i}"),
            name: format!("Place {i}"),
            alt_names: Vec::new(),
            country: country(p.country),
            country_origin: corridor::Origin::Given,
            location: geo::Point::new(60.0 + i as f64, 40.0),
            coord_source: "assumption".into(),
            kind: KINDS[p.kind],
            transfers: p.transfers.map(|mask| {
                TRANSFER_KINDS
                    .iter()
                    .enumerate()
                    .filter(|(b, _)| mask & (1 << b) != 0)
                    .map(|(_, &k)| k)
                    .collect()
            }),
            transfer_hours: p.transfer_hours.map(sourced),
            transfer_hours_best: None,
            transfer_hours_worst: None,
            border: p.border.map(|(dwell, fee, restricted)| BorderPost {
                name: None,
                countries: if restricted {
                    vec![country(0), country(1)]
                } else {
                    Vec::new()
                },
                dwell_hours: dwell.map(sourced),
                dwell_hours_best: None,
                dwell_hours_worst: None,
                fee_usd: fee.map(sourced),
            }),
            notes: String::new(),
            refs: Vec::new(),
            properties: Default::default(),
        })
        .collect();
    let links = case
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            // The first n - 1 links join place i + 1 to an earlier place (a random spanning
            // tree, so that routes exist often); the others join any two places.
            let (from, to) = if i + 1 < n {
                let (a, b) = (i + 1, l.to % (i + 1));
                if l.flip {
                    (b, a)
                } else {
                    (a, b)
                }
            } else {
                let from = l.from % n;
                let to = l.to % n;
                (from, if to == from { (from + 1) % n } else { to })
            };
            let (mode, gauges, commodity) = match l.mode {
                0 => (Mode::Rail, vec![Gauge::Standard], None),
                1 => (Mode::Rail, vec![Gauge::Russian], None),
                2 => (Mode::Rail, vec![Gauge::Standard, Gauge::Russian], None),
                3 => (Mode::Road, Vec::new(), None),
                4 => (Mode::Sea, Vec::new(), None),
                _ => (Mode::Pipeline, Vec::new(), Some(Commodity::CrudeOil)),
            };
            let milestone = |event, year| Milestone {
                year,
                event,
                source: "assumption".into(),
                note: None,
            };
            let (status, year) = match l.status {
                0..=5 => (Status::Operational, None),
                6 => (
                    Status::Operational,
                    Some(milestone(MilestoneKind::Opened, 2040)),
                ),
                7 => (
                    Status::Planned,
                    Some(milestone(MilestoneKind::ExpectedOpening, 2025)),
                ),
                _ => (
                    Status::UnderConstruction,
                    Some(milestone(MilestoneKind::ExpectedOpening, 2035)),
                ),
            };
            Link {
                id: format!("l{i}"),
                from: format!("p{from}"),
                to: format!("p{to}"),
                mode,
                name: String::new(),
                // Never shorter than the straight line between the ends (a load error).
                length_km: Some(sourced(l.length.max(straight_km(from, to)))),
                circuity: None,
                gauges,
                gauge_origin: corridor::Origin::Given,
                commodity,
                speed_kmh: l.speed.map(sourced),
                speed_kmh_best: None,
                speed_kmh_worst: None,
                transit_hours: l.transit_hours.map(sourced),
                transit_hours_best: l
                    .transit_hours
                    .zip(l.transit_spread)
                    .map(|(t, (b, _))| sourced(t * b)),
                transit_hours_worst: l
                    .transit_hours
                    .zip(l.transit_spread)
                    .map(|(t, (_, w))| sourced(t * w)),
                sailings_per_week: l.sailings.map(sourced),
                backlog_hours: None,
                timetable: None,
                tariff: l.tariff.map(|(rate, fixed)| Tariff {
                    usd_per_tonne_km: rate.map(|r| r / 10.0),
                    usd_per_teu_km: rate,
                    fixed_usd: fixed,
                    source: "assumption".into(),
                    note: None,
                }),
                capacity: None,
                border: l.border.map(|(dwell, fee)| BorderPost {
                    name: Some(format!("post {i}")),
                    countries: Vec::new(),
                    dwell_hours: dwell.map(sourced),
                    dwell_hours_best: None,
                    dwell_hours_worst: None,
                    fee_usd: fee.map(sourced),
                }),
                status,
                year,
                oneway: l.oneway || mode == Mode::Pipeline,
                corridors: Vec::new(),
                refs: Vec::new(),
                notes: String::new(),
                geometry: None,
                properties: Default::default(),
            }
        })
        .collect();
    let data = NetworkData {
        places,
        links,
        ..NetworkData::default()
    };
    Network::from_data(data, "proptest").expect("generated network is valid")
}

fn request(case: &Case, objective: Objective) -> RouteRequest {
    let cargo = match case.cargo {
        0 => Cargo::new(CargoKind::Container, 1.0),
        1 => Cargo::new(CargoKind::Container, 40.0),
        _ => Cargo::new(CargoKind::CrudeOil, 1000.0),
    };
    let mut req = RouteRequest::new(format!("p{}", case.origin), format!("p{}", case.dest))
        .by(objective)
        .cargo(cargo);
    req.modes = match case.modes {
        0 => None,
        1 => Some(vec![Mode::Rail]),
        2 => Some(vec![Mode::Rail, Mode::Road]),
        _ => Some(vec![Mode::Road, Mode::Sea]),
    };
    if let Some(a) = case.avoid.filter(|&a| a != case.origin && a != case.dest) {
        req.avoid_places.push(format!("p{a}"));
    }
    req.year = case.year;
    req
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_networks_match_exhaustive_search(case in case()) {
        let net = build_network(&case);
        let mut planner = Planner::new(&net);
        for objective in [Objective::Cost, Objective::Time] {
            let req = request(&case, objective);
            let rules = Rules::new(&net, &req);
            let states = States::build(&rules);
            let expected = states.exhaustive(&rules, objective, case.origin, case.dest);
            let bf = states.bellman_ford_from(&rules, objective, case.origin)[case.dest];
            // The two independent solvers agree with each other.
            match (expected, bf) {
                (Some(a), Some(b)) => prop_assert!(close(a, b, 1e-9), "exhaustive {a} vs BF {b}"),
                (None, None) => {}
                _ => prop_assert!(false, "exhaustive {expected:?} vs BF {bf:?}"),
            }
            match (expected, planner.route(&req)) {
                (None, Err(RouteError::NoRoute { .. })) => {}
                (Some(best), Ok(route)) => {
                    let got = objective.score(&route.totals);
                    prop_assert!(close(got, best, 1e-6), "{req:?}: planner {got} vs exhaustive {best}");
                    let repriced = check_route(&rules, &route, case.origin, case.dest);
                    prop_assert!(close(objective.score(&repriced), best, 1e-6));
                }
                (expected, got) => {
                    prop_assert!(false, "{req:?}: exhaustive {expected:?}, planner {got:?}");
                }
            }
        }
    }
}
