//! Decisions beyond one route: alternatives, via places and corridors, closures. Checked
//! against brute-force enumeration and fresh single-route answers.

mod common;

use corridor::{
    Gauge, Link, Mode, Network, NetworkData, Objective, Place, PlaceKind, Planner, RouteError,
    RouteRequest, Sourced,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn place(i: usize) -> Place {
    // On a small circle, so that every length from 100 km up is plausible.
    let a = i as f64;
    let mut p = Place::new(
        format!("p{i}"),
        format!("p{i}"),
        60.0 + 0.1 * a.cos(),
        40.0 + 0.1 * a.sin(),
    );
    p.country = "KZ".into();
    p.kind = PlaceKind::City;
    p
}

#[derive(Debug, Clone)]
struct Spec {
    from: usize,
    to: usize,
    km: f64,
}

fn network(n: usize, links: &[Spec]) -> Network {
    let places = (0..n).map(place).collect();
    let links = links
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut l = Link::new(
                format!("l{i}"),
                format!("p{}", s.from),
                format!("p{}", s.to),
                Mode::Rail,
                Sourced::new(s.km, "assumption"),
            );
            l.gauges = vec![Gauge::Standard];
            l
        })
        .collect();
    common::network_of(places, links)
}

/// Lengths of every simple path (no place twice) from `a` to `b`, links both ways, parallel
/// links distinct, shortest first: brute force.
fn simple_paths(n: usize, links: &[Spec], a: usize, b: usize) -> Vec<f64> {
    fn go(at: usize, b: usize, km: f64, links: &[Spec], seen: &mut Vec<bool>, out: &mut Vec<f64>) {
        if at == b {
            out.push(km);
            return;
        }
        seen[at] = true;
        for l in links {
            let next = match (l.from == at, l.to == at) {
                (true, _) => l.to,
                (_, true) => l.from,
                _ => continue,
            };
            if !seen[next] {
                go(next, b, km + l.km, links, seen, out);
            }
        }
        seen[at] = false;
    }
    let mut out = Vec::new();
    go(a, b, 0.0, links, &mut vec![false; n], &mut out);
    out.sort_by(f64::total_cmp);
    out
}

fn specs(n: usize) -> impl Strategy<Value = Vec<Spec>> {
    // Whole km, so that pathfinding's integer Yen sees the same weights.
    let spec = (0..n, 0..n, 100..1000u32).prop_map(|(from, to, km)| Spec {
        from,
        to,
        km: f64::from(km),
    });
    proptest::collection::vec(spec, n..=2 * n + 2)
        .prop_map(|v| v.into_iter().filter(|s| s.from != s.to).collect::<Vec<_>>())
}

/// `planner.alternatives(req, k)` against the brute-force lengths `want` (k lightest, in
/// order): the same lengths, the first the single best route, pairwise distinct. The routes,
/// or `None` when there is none (and `want` is empty).
fn check_alternatives(
    planner: &mut Planner,
    req: &RouteRequest,
    k: usize,
    want: &[f64],
) -> Result<Option<Vec<corridor::Route>>, TestCaseError> {
    let routes = match planner.alternatives(req, k) {
        Err(RouteError::NoRoute { .. }) => {
            prop_assert!(want.is_empty());
            return Ok(None);
        }
        Err(e) => return Err(TestCaseError::fail(e.to_string())),
        Ok(routes) => routes,
    };
    let got: Vec<f64> = routes.iter().map(|r| r.totals.distance_km).collect();
    prop_assert_eq!(got.len(), want.len(), "{:?} vs {:?}", got, want);
    for (g, w) in got.iter().zip(want) {
        prop_assert!((g - w).abs() < 1e-6, "{:?} vs {:?}", got, want);
    }
    prop_assert_eq!(&routes[0].path, &planner.route(req).unwrap().path);
    let links_of = |r: &corridor::Route| {
        r.legs
            .iter()
            .flat_map(|l| l.links.clone())
            .collect::<Vec<_>>()
    };
    for (i, a) in routes.iter().enumerate() {
        for b in &routes[i + 1..] {
            prop_assert!(links_of(a) != links_of(b));
        }
    }
    Ok(Some(routes))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The k alternatives are the k shortest simple paths, in order, pairwise distinct, the
    /// first the single best route.
    #[test]
    fn alternatives_are_the_k_shortest_simple_paths(
        (n, links) in (3..=7usize).prop_flat_map(|n| (Just(n), specs(n))),
        k in 1..8usize,
    ) {
        let net = network(n, &links);
        let req = RouteRequest::new("p0", format!("p{}", n - 1)).by(Objective::Distance);
        let want: Vec<f64> = simple_paths(n, &links, 0, n - 1).into_iter().take(k).collect();
        let mut planner = Planner::new(&net);
        if let Some(routes) = check_alternatives(&mut planner, &req, k, &want)? {
            // pathfinding's Yen on the same place graph: the same k lengths.
            let mut adj: Vec<Vec<(usize, u64)>> = vec![Vec::new(); n];
            for l in &links {
                adj[l.from].push((l.to, l.km as u64));
                adj[l.to].push((l.from, l.km as u64));
            }
            let theirs = pathfinding::directed::yen::yen(&0, |v| adj[*v].clone(), |v| *v == n - 1, k);
            let mut their: Vec<u64> = theirs.iter().map(|(_, c)| *c).collect();
            let mut ours: Vec<u64> = routes.iter().map(|r| r.totals.distance_km.round() as u64).collect();
            their.sort_unstable();
            ours.sort_unstable();
            // Yen there dedupes paths by place sequence; parallel links are one there.
            let parallel = links.iter().enumerate().any(|(i, a)| {
                links[..i].iter().any(|b| (a.from, a.to) == (b.from, b.to) || (a.from, a.to) == (b.to, b.from))
            });
            if !parallel {
                prop_assert_eq!(ours, their);
            }
            for r in &routes {
                let mut places = r.path.clone();
                places.sort();
                places.dedup();
                prop_assert_eq!(places.len(), r.path.len(), "a place twice: {:?}", r.path);
            }
        }
    }

    /// Alternatives through a via place are the k lightest pairs of a simple path to it and a
    /// simple path on from it (brute force), each passing it.
    #[test]
    fn alternatives_through_a_via_place_are_the_k_lightest_pairs_of_simple_paths(
        (n, links) in (4..=7usize).prop_flat_map(|n| (Just(n), specs(n))),
        v in 1..3usize,
        k in 1..7usize,
    ) {
        let net = network(n, &links);
        let b = n - 1;
        let via = format!("p{v}");
        let req = RouteRequest::new("p0", format!("p{b}")).by(Objective::Distance).via(via.clone());
        let (to_via, on) = (simple_paths(n, &links, 0, v), simple_paths(n, &links, v, b));
        let mut want: Vec<f64> = to_via.iter().flat_map(|x| on.iter().map(move |y| x + y)).collect();
        want.sort_by(f64::total_cmp);
        want.truncate(k);
        let mut planner = Planner::new(&net);
        if let Some(routes) = check_alternatives(&mut planner, &req, k, &want)? {
            for r in &routes {
                prop_assert!(r.path.contains(&via), "{:?} misses {}", r.path, via);
            }
        }
    }

    /// Via places: the best route through a place is the best way to it plus the best way on
    /// from it (each found by brute force over simple paths; the two pieces may share
    /// places), and passes it.
    #[test]
    fn via_routes_pass_their_places_in_order_at_the_best_price(
        (n, links) in (4..=7usize).prop_flat_map(|n| (Just(n), specs(n))),
        v in 1..3usize,
    ) {
        let net = network(n, &links);
        let (a, b) = (0, n - 1);
        let req = RouteRequest::new("p0", format!("p{b}")).by(Objective::Distance).via(format!("p{v}"));
        let legs = (simple_paths(n, &links, a, v).first().copied(), simple_paths(n, &links, v, b).first().copied());
        match (net.route(&req), legs) {
            (Ok(r), (Some(x), Some(y))) => {
                prop_assert!((r.totals.distance_km - (x + y)).abs() < 1e-6, "{} vs {} + {}", r.totals.distance_km, x, y);
                let via = format!("p{v}");
                prop_assert!(r.path.contains(&via));
            }
            (Err(RouteError::NoRoute { .. }), (x, y)) => prop_assert!(x.is_none() || y.is_none()),
            (got, want) => prop_assert!(false, "{:?} vs {:?}", got, want),
        }
    }
}

#[test]
fn closing_a_link_of_the_best_route_never_improves_it() {
    let net = Network::central_asia();
    let req = RouteRequest::new("Xi'an", "Tashkent").by(Objective::Time);
    let best = net.route(&req).unwrap();
    for leg in &best.legs {
        for id in &leg.links {
            match net.route(&req.clone().close_link(id)) {
                Ok(r) => {
                    assert!(!r.uses_link(id), "{id}");
                    assert!(
                        r.totals.duration_hours >= best.totals.duration_hours - 1e-9,
                        "{id}"
                    );
                }
                Err(RouteError::NoRoute { .. }) => {}
                Err(e) => panic!("{id}: {e}"),
            }
        }
    }
}

#[test]
fn a_closed_border_post_or_place_is_not_used() {
    let net = Network::central_asia();
    let r = net
        .route(&RouteRequest::new("Xi'an", "Almaty").close_border("horgos_cn"))
        .unwrap();
    assert!(!r
        .border_crossings
        .iter()
        .any(|b| b.between.contains(&"horgos_cn".to_string())));
    let r = net
        .route(
            &RouteRequest::new("Xi'an", "Almaty")
                .close_place("Alashankou")
                .close_border("Khorgos (China)"),
        )
        .unwrap();
    assert!(
        !r.path.iter().any(|p| p == "alashankou" || p == "horgos_cn"),
        "{:?}",
        r.path
    );
}

#[test]
fn a_via_corridor_is_used_and_an_avoided_one_is_not() {
    let net = Network::central_asia();
    let titr = net.corridor("titr").unwrap().clone();
    let r = net
        .route(
            &RouteRequest::new("Xi'an", "Duisburg")
                .via_corridor("titr")
                .avoid_country("RU"),
        )
        .unwrap();
    assert!(titr.links.iter().any(|l| r.uses_link(l)));
    let btk = net.corridor("titr_btk").unwrap().clone();
    let r = net
        .route(&RouteRequest::new("Baku", "Istanbul").avoid_corridor("titr_btk"))
        .map(|r| {
            r.legs
                .iter()
                .flat_map(|l| l.links.clone())
                .collect::<Vec<_>>()
        });
    if let Ok(links) = r {
        assert!(btk.links.iter().all(|l| !links.contains(l)));
    }
}

#[test]
fn alternatives_through_a_corridor_all_use_it() {
    let net = Network::central_asia();
    let titr = net.corridor("titr").unwrap().clone();
    let req = RouteRequest::new("Xi'an", "Duisburg")
        .by(Objective::Time)
        .via_corridor("titr")
        .via("Baku");
    let mut planner = Planner::new(&net);
    let routes = planner.alternatives(&req, 4).unwrap();
    assert_eq!(routes.len(), 4);
    assert_eq!(routes[0].path, planner.route(&req).unwrap().path);
    for w in routes.windows(2) {
        assert!(w[0].totals.duration_hours <= w[1].totals.duration_hours * (1.0 + 1e-12));
    }
    for r in &routes {
        assert!(titr.links.iter().any(|l| r.uses_link(l)), "{:?}", r.path);
        assert!(r.path.iter().any(|p| p == "baku"), "{:?}", r.path);
    }
}

#[test]
fn bad_decision_requests_say_what_is_wrong() {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let base = RouteRequest::new("Xi'an", "Duisburg");
    let cases: Vec<(RouteRequest, &str)> = vec![
        (
            base.clone().via("Nowhereville"),
            "unknown place 'Nowhereville'",
        ),
        (base.clone().via("Duisburg"), "is the destination itself"),
        (
            base.clone().via("Baku").avoid_country("AZ"),
            "the via place Baku is in an avoided country",
        ),
        (
            base.clone().via("Baku").close_place("Baku"),
            "the via place Baku is closed",
        ),
        (
            base.clone().via_corridor("Midle Corridor"),
            "unknown corridor 'Midle Corridor'",
        ),
        (
            base.clone().via_corridor("titr").avoid_corridor("titr"),
            "both to use and to avoid",
        ),
        (
            base.clone().close_link("r_nowhere"),
            "unknown link 'r_nowhere'",
        ),
        (
            base.clone().close_border("Xi'an"),
            "has no link across a border",
        ),
        (base.clone().close_place("Xi'an"), "it is closed"),
    ];
    for (req, want) in cases {
        let e = net.route(&req).unwrap_err().to_string();
        assert!(e.contains(want), "{want}: {e}");
    }
    let e = planner.alternatives(&base, 0).unwrap_err().to_string();
    assert!(e.contains("alternatives = 0"), "{e}");
    let e = planner
        .alternatives_diverse(&base, 3, f64::NAN)
        .unwrap_err()
        .to_string();
    assert!(e.contains("max_shared_fraction"), "{e}");
}

#[test]
fn matrix_cells_equal_single_routes() {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let places = ["xian", "almaty", "tashkent", "baku", "duisburg", "kashgar"];
    for objective in [Objective::Cost, Objective::Time, Objective::Distance] {
        let template = RouteRequest::new("xian", "baku").by(objective);
        let m = planner.matrix(&places, &places, &template).unwrap();
        for (i, a) in places.iter().enumerate() {
            for (j, b) in places.iter().enumerate() {
                let cell = m.value(i, j);
                if i == j {
                    assert!(cell.is_none());
                    continue;
                }
                let single = planner
                    .route(&RouteRequest::new(*a, *b).by(objective))
                    .unwrap();
                let want = objective.score(&single.totals);
                let got = cell.unwrap();
                assert!(
                    (got - want).abs() <= 1e-6 * want.max(1.0),
                    "{a} → {b} {objective}: {got} vs {want}"
                );
            }
        }
    }
}

#[test]
fn reachability_agrees_with_single_routes() {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let template = RouteRequest::new("almaty", "tashkent");
    let r = planner
        .reachable("almaty", corridor::Budget::Hours(72.0), &template)
        .unwrap();
    let inside: Vec<&str> = r.places.iter().map(|p| p.place.as_str()).collect();
    for p in net.places().iter() {
        if p.id() == "almaty" {
            continue;
        }
        let single = planner.route(&RouteRequest::new("almaty", p.id()).by(Objective::Time));
        let hours = single.map(|s| s.totals.duration_hours).ok();
        match hours {
            Some(h) if h <= 72.0 => {
                let got = r
                    .places
                    .iter()
                    .find(|x| x.place == p.id())
                    .unwrap_or_else(|| panic!("{} missing", p.id()));
                assert!(
                    (got.value - h).abs() < 1e-6,
                    "{}: {} vs {h}",
                    p.id(),
                    got.value
                );
            }
            _ => assert!(!inside.contains(&p.id()), "{} inside", p.id()),
        }
    }
    // The outline holds every place reached.
    use geo::Contains;
    let outline = r.outline();
    for p in &r.places {
        let pt = geo::Point::new(p.lon_lat[0], p.lon_lat[1]);
        assert!(
            outline.contains(&pt) || geo::Intersects::intersects(&outline, &pt),
            "{}",
            p.place
        );
    }
    let geo: serde_json::Value = serde_json::from_str(&r.to_geojson()).unwrap();
    assert_eq!(
        geo["features"].as_array().unwrap().len(),
        r.places.len() + 1
    );
    for bad in [f64::NAN, -1.0, f64::INFINITY] {
        let e = planner
            .reachable("almaty", corridor::Budget::Usd(bad), &template)
            .unwrap_err();
        assert!(e.to_string().contains("budget"), "{e}");
    }
}

#[test]
fn criticality_replacements_equal_fresh_routes_with_the_closure() {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let req = RouteRequest::new("Kashgar", "Tashkent").by(Objective::Time);
    let best = planner.route(&req).unwrap();
    let ranked = planner.criticality(&req).unwrap();
    let links: usize = best.legs.iter().map(|l| l.links.len()).sum();
    assert!(ranked.len() >= links);
    let mut last = f64::NEG_INFINITY;
    let mut disconnects_done = false;
    for c in &ranked {
        let closed = match &c.piece {
            corridor::RoutePart::Link(id) => req.clone().close_link(id),
            corridor::RoutePart::BorderPost(p) => req.clone().close_border(p),
            corridor::RoutePart::Corridor(id) => req.clone().avoid_corridor(id),
        };
        match (&c.replacement, planner.route(&closed)) {
            (Some(r), Ok(fresh)) => {
                disconnects_done = true;
                assert_eq!(r.totals, fresh.totals);
                let w = c.worsening.unwrap();
                assert!(w >= -1e-9, "closing improves: {c:?}");
                assert!(
                    (w - (fresh.totals.duration_hours - best.totals.duration_hours)).abs() < 1e-9
                );
                // Largest worsening first.
                assert!(last == f64::NEG_INFINITY || w <= last + 1e-9);
                last = w;
            }
            (None, Err(_)) => assert!(!disconnects_done, "disconnections come first"),
            (a, b) => panic!(
                "{:?}: {:?} vs {:?}",
                c.piece,
                a.is_some(),
                b.map(|r| r.path)
            ),
        }
    }
}

#[test]
fn corridor_comparison_routes_each_through_its_corridor() {
    let net = Network::central_asia();
    let mut planner = Planner::new(&net);
    let req = RouteRequest::new("Xi'an", "Duisburg").by(Objective::Time);
    let options = planner.compare_corridors(&req).unwrap();
    assert_eq!(options.len(), net.corridors().len());
    let mut last = 0.0;
    for o in &options {
        let c = net.corridor(&o.corridor).unwrap();
        match &o.route {
            Ok(r) => {
                assert!(
                    c.links.iter().any(|l| r.uses_link(l))
                        || r.legs.iter().any(|l| l.corridors.contains(&c.name)),
                    "{}",
                    o.corridor
                );
                assert!(r.totals.duration_hours >= last - 1e-9);
                last = r.totals.duration_hours;
                // Never better than the unconstrained best.
                let best = planner.route(&req).unwrap();
                assert!(r.totals.duration_hours >= best.totals.duration_hours - 1e-9);
            }
            Err(why) => assert!(!why.is_empty()),
        }
    }
}

#[derive(Debug, Clone)]
struct ModalSpec {
    from: usize,
    to: usize,
    km: f64,
    road: bool,
    hours: Option<f64>,
    fixed_usd: Option<f64>,
}

fn modal_network(n: usize, links: &[ModalSpec]) -> Network {
    let places = (0..n)
        .map(|i| {
            let mut p = place(i);
            p.kind = PlaceKind::Terminal;
            p
        })
        .collect();
    let links = links
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mode = if s.road { Mode::Road } else { Mode::Rail };
            let mut l = Link::new(
                format!("l{i}"),
                format!("p{}", s.from),
                format!("p{}", s.to),
                mode,
                Sourced::new(s.km, "assumption"),
            );
            if !s.road {
                l.gauges = vec![Gauge::Standard];
            }
            l.transit_hours = s.hours.map(|h| Sourced::new(h, "assumption"));
            l.tariff = s.fixed_usd.map(|f| corridor::Tariff {
                usd_per_tonne_km: None,
                usd_per_teu_km: None,
                fixed_usd: Some(f),
                source: "assumption".into(),
                note: None,
            });
            l
        })
        .collect();
    common::network_of(places, links)
}

/// (typical hours, USD) of every state-simple path from p0 to the last place, each link and
/// transfer priced with the network's cost model: brute force; then the frontier of them.
/// (typical hours, USD, kg CO2) of the frontier over the first `dims` of them.
fn brute_frontier_in(n: usize, net: &Network, dims: usize) -> Vec<[f64; 3]> {
    struct Walk<'a> {
        net: &'a Network,
        data: NetworkData,
        /// Each link's ends as place numbers.
        ends: Vec<(usize, usize)>,
        dest: usize,
        seen: Vec<(usize, bool)>,
        all: Vec<[f64; 3]>,
    }
    impl Walk<'_> {
        /// Whether a state (place, by road) exists: a link of that mode touches the place.
        fn exists(&self, at: (usize, bool)) -> bool {
            self.data
                .links
                .iter()
                .zip(&self.ends)
                .any(|(l, &(a, b))| (a == at.0 || b == at.0) && (l.mode == Mode::Road) == at.1)
        }

        fn go(&mut self, at: (usize, bool), acc: [f64; 3]) {
            if at.0 == self.dest {
                self.all.push(acc);
                return;
            }
            self.seen.push(at);
            let cargo = corridor::Cargo::default();
            let cost = self.net.cost_model().clone();
            for i in 0..self.data.links.len() {
                let l = &self.data.links[i];
                let road = l.mode == Mode::Road;
                let (a, b) = self.ends[i];
                let next = match (a == at.0, b == at.0) {
                    (true, _) => b,
                    (_, true) => a,
                    _ => continue,
                };
                let m = cost.link(l, self.net.link_length_km(i).unwrap(), &cargo);
                let (mut hours, mut usd) = (acc[0] + m.duration_hours, acc[1] + m.cost_usd);
                let co2 = acc[2] + m.co2_kg;
                if road != at.1 {
                    // A rail ↔ road transfer here first, into a state not visited yet.
                    if self.seen.contains(&(at.0, road)) {
                        continue;
                    }
                    let place = &self.data.places[at.0];
                    let t = cost.transfer(place, corridor::TransferKind::RailRoad, &cargo);
                    hours += t.duration_hours;
                    usd += t.cost_usd;
                    assert_eq!(t.co2_kg, 0.0);
                }
                if !self.seen.contains(&(next, road)) {
                    self.go((next, road), [hours, usd, co2]);
                }
            }
            self.seen.pop();
        }
    }
    let data = net.to_data();
    let ends = data
        .links
        .iter()
        .map(|l| (l.from[1..].parse().unwrap(), l.to[1..].parse().unwrap()))
        .collect();
    let mut walk = Walk {
        net,
        data,
        ends,
        dest: n - 1,
        seen: Vec::new(),
        all: Vec::new(),
    };
    for start in [(0usize, false), (0usize, true)] {
        if walk.exists(start) {
            walk.go(start, [0.0; 3]);
        }
    }
    let all = walk.all;
    let same = |a: &[f64; 3], b: &[f64; 3]| (0..dims).all(|i| (a[i] - b[i]).abs() < 1e-9);
    let beats = |q: &[f64; 3], p: &[f64; 3]| {
        (0..dims).all(|i| q[i] <= p[i]) && (0..dims).any(|i| q[i] < p[i] - 1e-9)
    };
    let mut front: Vec<[f64; 3]> = all
        .iter()
        .copied()
        .filter(|p| !all.iter().any(|q| beats(q, p)))
        .collect();
    front.sort_by(|a, b| {
        (0..3)
            .map(|i| a[i].total_cmp(&b[i]))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    front.dedup_by(|a, b| same(a, b));
    front
}

/// The planner's frontier over `criteria` (time, cost[, CO2]) is brute force's, and not
/// truncated.
fn frontier_matches(
    n: usize,
    links: &[ModalSpec],
    criteria: &[corridor::Criterion],
) -> Result<(), TestCaseError> {
    let net = modal_network(n, links);
    let dims = criteria.len();
    let mut want = brute_frontier_in(n, &net, dims);
    let req = RouteRequest::new("p0", format!("p{}", n - 1));
    let order = |a: &[f64; 3], b: &[f64; 3]| {
        (0..3)
            .map(|i| a[i].total_cmp(&b[i]))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    };
    match Planner::new(&net).pareto(&req, criteria) {
        Err(RouteError::NoRoute { .. }) => prop_assert!(want.is_empty()),
        Err(e) => prop_assert!(false, "{e}"),
        Ok(f) => {
            prop_assert!(!f.truncated);
            let mut got: Vec<[f64; 3]> = f
                .routes
                .iter()
                .map(|r| {
                    let t = &r.totals;
                    let c = [t.duration_hours, t.cost_usd, t.co2_kg];
                    [c[0], c[1], if dims == 3 { c[2] } else { 0.0 }]
                })
                .collect();
            for w in &mut want {
                if dims == 2 {
                    w[2] = 0.0;
                }
            }
            got.sort_by(order);
            want.sort_by(order);
            prop_assert_eq!(got.len(), want.len(), "{:?} vs {:?}", got, want);
            for (g, w) in got.iter().zip(&want) {
                prop_assert!(
                    (0..3).all(|i| (g[i] - w[i]).abs() < 1e-6),
                    "{:?} vs {:?}",
                    got,
                    want
                );
            }
        }
    }
    Ok(())
}

fn modal_specs(n: usize) -> impl Strategy<Value = Vec<ModalSpec>> {
    let spec = (
        0..n,
        0..n,
        100.0..800.0f64,
        any::<bool>(),
        proptest::option::weighted(0.4, 1.0..60.0f64),
        proptest::option::weighted(0.4, 0.0..400.0f64),
    )
        .prop_map(|(from, to, km, road, hours, fixed_usd)| ModalSpec {
            from,
            to,
            km,
            road,
            hours,
            fixed_usd,
        });
    proptest::collection::vec(spec, n..=2 * n + 1)
        .prop_map(|v| v.into_iter().filter(|s| s.from != s.to).collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// The frontier (typical time × cost) equals brute force's on random rail-and-road
    /// networks with transfers, and its routes do not dominate each other.
    #[test]
    fn pareto_equals_the_brute_force_frontier(
        (n, links) in (3..=6usize).prop_flat_map(|n| (Just(n), modal_specs(n))),
    ) {
        frontier_matches(n, &links, &[corridor::Criterion::Time, corridor::Criterion::Cost])?;
    }
}

#[test]
fn a_frontier_with_a_small_cap_says_it_is_truncated() {
    let net = Network::central_asia();
    let req = RouteRequest::new("Xi'an", "Duisburg");
    let f = Planner::new(&net)
        .pareto_capped(
            &req,
            &[corridor::Criterion::Time, corridor::Criterion::Cost],
            10,
        )
        .unwrap();
    assert!(f.truncated);
    let e = Planner::new(&net)
        .pareto(&req, &[corridor::Criterion::Time])
        .unwrap_err()
        .to_string();
    assert!(e.contains("two or three criteria"), "{e}");
    let e = Planner::new(&net)
        .pareto(
            &req,
            &[corridor::Criterion::Time, corridor::Criterion::Time],
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("each criterion once"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A frontier through a via place: every route passes it, none dominates another, and
    /// its two ends are the fastest and the cheapest routes through the place (each found by
    /// the single-objective via search, itself checked against brute force above).
    #[test]
    fn pareto_with_a_via_place_spans_the_single_objective_optima(
        (n, links) in (4..=6usize).prop_flat_map(|n| (Just(n), modal_specs(n))),
    ) {
        let net = modal_network(n, &links);
        let via = "p1".to_string();
        let req = RouteRequest::new("p0", format!("p{}", n - 1)).via(via.as_str());
        let criteria = [corridor::Criterion::Time, corridor::Criterion::Cost];
        match Planner::new(&net).pareto(&req, &criteria) {
            Err(RouteError::NoRoute { .. }) => {
                prop_assert!(net.route(&req.clone().by(Objective::Time)).is_err());
            }
            Err(e) => prop_assert!(false, "{e}"),
            Ok(f) => {
                prop_assert!(!f.truncated);
                for r in &f.routes {
                    prop_assert!(r.path.contains(&via));
                }
                let pts: Vec<(f64, f64)> = f.routes.iter().map(|r| (r.totals.duration_hours, r.totals.cost_usd)).collect();
                for (i, a) in pts.iter().enumerate() {
                    for b in &pts[i + 1..] {
                        let covers = |x: &(f64, f64), y: &(f64, f64)| x.0 <= y.0 && x.1 <= y.1;
                        prop_assert!(!covers(a, b) && !covers(b, a), "{:?}", pts);
                    }
                }
                let fastest = net.route(&req.clone().by(Objective::Time)).unwrap();
                let cheapest = net.route(&req.clone().by(Objective::Cost)).unwrap();
                let (t0, _) = pts[0];
                let c1 = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
                prop_assert!((t0 - fastest.totals.duration_hours).abs() < 1e-6, "{} vs {}", t0, fastest.totals.duration_hours);
                prop_assert!((c1 - cheapest.totals.cost_usd).abs() < 1e-6, "{} vs {}", c1, cheapest.totals.cost_usd);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Three criteria (typical time, cost, CO2): the frontier equals brute force's.
    #[test]
    fn pareto_in_three_criteria_equals_brute_force(
        (n, links) in (3..=6usize).prop_flat_map(|n| (Just(n), modal_specs(n))),
    ) {
        let criteria = [corridor::Criterion::Time, corridor::Criterion::Cost, corridor::Criterion::Co2];
        frontier_matches(n, &links, &criteria)?;
    }
}
