//! Decisions beyond one route: alternatives, via places and corridors, closures. Checked
//! against brute-force enumeration and fresh single-route answers.

use corridor::{
    Gauge, Link, Mode, Network, NetworkData, Objective, Place, PlaceKind, Planner, RouteError,
    RouteRequest, Sourced,
};
use proptest::prelude::*;

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
    Network::from_data(
        NetworkData {
            places,
            links,
            ..Default::default()
        },
        "test",
    )
    .unwrap()
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
    let spec = (0..n, 0..n, 100.0..1000.0f64).prop_map(|(from, to, km)| Spec { from, to, km });
    proptest::collection::vec(spec, n..=2 * n + 2)
        .prop_map(|v| v.into_iter().filter(|s| s.from != s.to).collect::<Vec<_>>())
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
        let want = simple_paths(n, &links, 0, n - 1);
        let mut planner = Planner::new(&net);
        match planner.alternatives(&req, k) {
            Err(RouteError::NoRoute { .. }) => prop_assert!(want.is_empty()),
            Err(e) => prop_assert!(false, "{e}"),
            Ok(routes) => {
                let got: Vec<f64> = routes.iter().map(|r| r.totals.distance_km).collect();
                let expect: Vec<f64> = want.iter().take(k).copied().collect();
                prop_assert_eq!(got.len(), expect.len(), "{:?} vs {:?}", got, expect);
                for (g, w) in got.iter().zip(&expect) {
                    prop_assert!((g - w).abs() < 1e-6, "{:?} vs {:?}", got, expect);
                }
                prop_assert_eq!(&routes[0].path, &planner.route(&req).unwrap().path);
                for r in &routes {
                    let mut places = r.path.clone();
                    places.sort();
                    places.dedup();
                    prop_assert_eq!(places.len(), r.path.len(), "a place twice: {:?}", r.path);
                }
                let links_of = |r: &corridor::Route| r.legs.iter().flat_map(|l| l.links.clone()).collect::<Vec<_>>();
                for (i, a) in routes.iter().enumerate() {
                    for b in &routes[i + 1..] {
                        prop_assert!(links_of(a) != links_of(b));
                    }
                }
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
