//! Every answer honours its request (issue 11): constraints on imported and merged networks,
//! coordinates at the library boundary, numbers that mean something, explanations that say
//! what happened. Each test failed before the fix it guards.

mod common;

use corridor::{
    CargoKind, CostModel, DataError, Gauge, IdClash, ImportOptions, Location, Mode, Network,
    NoRouteReason, Objective, Origin, RouteError, RouteRequest, TransferKind,
};
use std::process::Command;

const OSM_GEOJSON: &str = "data/osm/osm_railways_central_asia.geojson";

fn osm() -> Network {
    Network::from_geojson_file(OSM_GEOJSON, &ImportOptions::default()).unwrap()
}

fn merged() -> Network {
    Network::central_asia().merge(&osm(), 30.0).unwrap().0
}

/// Great-circle distance on a sphere of the mean Earth radius, km: good to 0.5%.
fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.1.to_radians(),
        a.0.to_radians(),
        b.1.to_radians(),
        b.0.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

// ---------------------------------------------------------------------------------------------
// 1. Constraints on imported and merged networks
// ---------------------------------------------------------------------------------------------

#[test]
fn imported_places_get_the_country_their_coordinates_lie_in() {
    let net = osm();
    // Cities of the region, each well inside its country (coordinates by hand).
    for (lon, lat, country) in [
        (76.95, 43.25, "KZ"), // Almaty
        (71.45, 51.17, "KZ"), // Astana
        (74.60, 42.87, "KG"), // Bishkek
        (69.24, 41.30, "UZ"), // Tashkent
        (87.60, 43.80, "CN"), // Urumqi
        (58.38, 37.95, "TM"), // Ashgabat
        (82.90, 55.00, "RU"), // Novosibirsk
    ] {
        let (p, km) = net.nearest_place(lon, lat).unwrap();
        assert!(km < 30.0, "a node near {country}'s city: {km} km");
        assert_eq!(p.country(), country, "node {} at {lon},{lat}", p.id());
        assert_eq!(p.country_origin(), Origin::Derived);
    }
}

#[test]
fn imported_rail_gets_its_countries_gauges_and_breaks_them_at_the_border() {
    let net = osm();
    let mut crossing = 0;
    for l in net.links().iter() {
        let (a, b) = (l.from().country(), l.to().country());
        assert_eq!(l.gauge_origin(), Origin::Derived, "{}", l.id());
        let g = |c: &str| match c {
            "CN" | "IR" | "TR" | "AF" | "PK" => Gauge::Standard,
            _ => Gauge::Russian,
        };
        // The OSM extract covers the former Soviet space, China and their neighbours.
        if a == b && ["KZ", "KG", "UZ", "TM", "TJ", "RU", "CN"].contains(&a) {
            assert_eq!(l.gauges(), [g(a)], "{} in {a}", l.id());
        }
        if (a == "CN") != (b == "CN")
            && ["KZ", "KG", "MN", "RU"].contains(&if a == "CN" { b } else { a })
        {
            crossing += 1;
            assert_eq!(l.gauges(), [Gauge::Standard, Gauge::Russian], "{}", l.id());
            for end in [l.from(), l.to()] {
                assert!(
                    end.transfers().contains(&TransferKind::Gauge),
                    "{}",
                    end.id()
                );
            }
        }
    }
    // The README of the data: every China–Kazakhstan route crosses at Alashankou–Dostyk.
    assert!(crossing >= 1);
    let (alashankou, _) = net.nearest_place(82.57, 45.18).unwrap();
    let (dostyk, _) = net.nearest_place(82.48, 45.25).unwrap();
    let r = net
        .route(&RouteRequest::new(alashankou, dostyk).by(Objective::Distance))
        .unwrap();
    assert_eq!(r.countries, ["CN", "KZ"]);
    assert_eq!(r.border_crossings.len(), 1);
    assert_eq!(r.transfers.len(), 1, "{r}");
    assert_eq!(r.transfers[0].kind, TransferKind::Gauge);
}

#[test]
fn avoiding_kazakhstan_on_a_merged_network_avoids_it() {
    let net = merged();
    let req = RouteRequest::new("Xi'an", "Tashkent").avoid_country("KZ");
    let r = net.route(&req).unwrap();
    for id in &r.path {
        let p = net.place_by_id(id).unwrap();
        assert_ne!(p.country(), "KZ", "{id} at {},{}", p.lat(), p.lon());
        assert!(!p.country().is_empty(), "{id} has a country");
    }
    assert!(!r.countries.contains(&"KZ".to_string()));
    assert!(!r.border_crossings.is_empty());
    // Without the constraint the cheapest way goes through Kazakhstan, changing gauge.
    let r = net.route(&RouteRequest::new("Xi'an", "Tashkent")).unwrap();
    assert!(r.countries.contains(&"KZ".to_string()), "{r}");
    assert!(
        r.transfers.iter().any(|t| t.kind == TransferKind::Gauge),
        "{r}"
    );
}

#[test]
fn a_constraint_the_network_cannot_check_is_an_error() {
    // Places of unknown country (the crate's JSON says nothing and fills nothing in).
    let text = r#"{"places": [
        {"id": "a", "name": "A", "location": [70.0, 45.0]},
        {"id": "b", "name": "B", "location": [71.0, 45.0]}],
      "links": [{"id": "ab", "from": "a", "to": "b", "mode": "road", "circuity": 1.2}]}"#;
    let net = Network::from_json_str(text, "mine.json").unwrap();
    let e = net
        .route(&RouteRequest::new("a", "b").avoid_country("KZ"))
        .unwrap_err();
    assert!(matches!(e, RouteError::Unverifiable { .. }), "{e:?}");
    assert!(e.to_string().contains("the origin A has no country"), "{e}");
    assert!(
        e.to_string()
            .contains("2 of the network's 2 places have no country"),
        "{e}"
    );
    assert!(net.route(&RouteRequest::new("a", "b")).is_ok());
    // A code that is no country is still that error, not this one.
    for bad in ["ZZZ", "", "K1"] {
        let e = net
            .route(&RouteRequest::new("a", "b").avoid_country(bad))
            .unwrap_err();
        assert!(
            matches!(e, RouteError::UnknownCountry { .. }),
            "{bad}: {e:?}"
        );
    }

    // One place of unknown country off the route spoils nothing: it is avoided too.
    let depot = r#"{"places": [
        {"id": "depot", "name": "My depot", "location": [77.0, 43.3]},
        {"id": "yard", "name": "My yard", "country": "KZ", "location": [77.1, 43.3]}],
      "links": [{"id": "dy", "from": "depot", "to": "yard", "mode": "road", "circuity": 1.2}]}"#;
    let depot = Network::from_json_str(depot, "mine.json").unwrap();
    let (merged, _) = Network::central_asia().merge(&depot, 30.0).unwrap();
    let req = RouteRequest::new("Xian", "Duisburg").avoid_country("RU");
    let plain = Network::central_asia().route(&req).unwrap();
    assert_eq!(merged.route(&req).unwrap().path, plain.path);
    // Only a route through it cannot be checked: from the depot, whose country is unknown.
    let e = merged
        .route(&RouteRequest::new("depot", "Tashkent").avoid_country("CN"))
        .unwrap_err();
    assert!(
        e.to_string().contains("the origin My depot has no country"),
        "{e}"
    );
    // Nor one whose every way passes a place of unknown country.
    let via = r#"{"places": [
        {"id": "a", "name": "A", "country": "KZ", "location": [70.0, 45.0]},
        {"id": "x", "name": "X", "location": [70.5, 45.0]},
        {"id": "b", "name": "B", "country": "KZ", "location": [71.0, 45.0]}],
      "links": [{"id": "ax", "from": "a", "to": "x", "mode": "road", "circuity": 1.2},
                {"id": "xb", "from": "x", "to": "b", "mode": "road", "circuity": 1.2}]}"#;
    let via = Network::from_json_str(via, "via.json").unwrap();
    let e = via
        .route(&RouteRequest::new("a", "b").avoid_country("RU"))
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("every route from A to B passes places of unknown country (1 on the best)"),
        "{e}"
    );
}

#[test]
fn import_options_set_the_gauge_and_country_of_a_whole_file() {
    let opts = ImportOptions {
        gauge_mm: Some(1520),
        country: Some("kz".into()),
        ..ImportOptions::default()
    };
    let net = Network::from_geojson_file(OSM_GEOJSON, &opts).unwrap();
    assert!(net
        .places()
        .iter()
        .all(|p| p.country() == "KZ" && p.country_origin() == Origin::Assumed));
    assert!(net
        .links()
        .iter()
        .all(|l| l.gauges() == [Gauge::Russian] && l.gauge_origin() == Origin::Assumed));
    let bad = ImportOptions {
        country: Some("Kazakhstan".into()),
        ..ImportOptions::default()
    };
    let e = Network::from_geojson_file(OSM_GEOJSON, &bad).unwrap_err();
    assert!(
        matches!(&e, DataError::Invalid { field, .. } if field == "country"),
        "{e}"
    );
}

#[test]
fn a_file_that_gives_gauge_and_country_keeps_them() {
    let text = r#"{"type": "FeatureCollection", "features": [
      {"type": "Feature", "id": "a", "properties": {"country": "CN"},
       "geometry": {"type": "Point", "coordinates": [70.0, 45.0]}},
      {"type": "Feature", "properties": {"length_km": 90, "gauge": "1000"},
       "geometry": {"type": "LineString", "coordinates": [[70.0, 45.0], [71.0, 45.0]]}}]}"#;
    let net = Network::from_geojson_str(text, "t.geojson", &ImportOptions::default()).unwrap();
    let a = net.place_by_id("a").unwrap();
    assert_eq!((a.country(), a.country_origin()), ("CN", Origin::Given));
    let l = net.link(0).unwrap();
    // OSM's `gauge` tag, in mm, as text.
    assert_eq!(
        (l.gauges(), l.gauge_origin()),
        (&[Gauge::Other(1000)][..], Origin::Given)
    );
}

#[test]
fn merging_settles_shared_ids_as_asked() {
    let builtin = Network::central_asia();
    let almaty = builtin.place("almaty").unwrap();
    let mine = format!(
        r#"{{"places": [
        {{"id": "almaty", "name": "Almaty", "location": [{}, {}], "kind": "city"}},
        {{"id": "depot", "name": "My depot", "location": [77.0, 43.3]}}],
      "links": [{{"id": "r_almaty_depot", "from": "almaty", "to": "depot", "mode": "road", "circuity": 1.2}}]}}"#,
        almaty.lon() + 0.01,
        almaty.lat()
    );
    let mine = Network::from_json_str(&mine, "mine.json").unwrap();
    let (n, p) = (builtin.places().len(), builtin.links().len());

    let e = builtin.merge(&mine, 30.0).unwrap_err();
    assert!(
        matches!(
            e,
            DataError::SharedId {
                kind: "place",
                count: 1,
                ..
            }
        ),
        "{e}"
    );
    for choice in ["IdClash::Prefix", "IdClash::Rename", "IdClash::Unify"] {
        assert!(e.to_string().contains(choice), "{e}");
    }

    let (net, _) = builtin
        .merge_resolving(&mine, 30.0, &IdClash::Prefix("my:".into()))
        .unwrap();
    assert_eq!(net.places().len(), n + 2);
    assert_eq!(
        net.link_by_id("my:r_almaty_depot").unwrap().from().id(),
        "my:almaty"
    );

    let (net, _) = builtin
        .merge_resolving(&mine, 30.0, &IdClash::Rename)
        .unwrap();
    assert_eq!(net.places().len(), n + 2);
    assert!(net.place_by_id("almaty~2").is_some());
    assert_eq!(
        net.link_by_id("r_almaty_depot").unwrap().from().id(),
        "almaty~2"
    );

    let (net, _) = builtin
        .merge_resolving(&mine, 30.0, &IdClash::Unify)
        .unwrap();
    assert_eq!(net.places().len(), n + 1, "my Almaty is the built-in one");
    assert!(net.links().len() > p);
    let l = net.link_by_id("r_almaty_depot").unwrap();
    assert_eq!((l.from().id(), l.from().name()), ("almaty", "Almaty"));
    let r = net.route(&RouteRequest::new("depot", "Tashkent")).unwrap();
    assert_eq!(r.path[..2], ["depot".to_string(), "almaty".to_string()]);

    // Corridor ids are ids too: a corridor of mine named like a built-in one.
    let builtin_corridor = builtin.corridors()[0].clone();
    let with_corridor = format!(
        r#"{{"places": [
        {{"id": "x1", "name": "X1", "location": [76.9, 43.2]}},
        {{"id": "x2", "name": "X2", "location": [77.0, 43.3]}}],
      "links": [{{"id": "x1x2", "from": "x1", "to": "x2", "mode": "road", "circuity": 1.2, "corridors": ["{id}"]}}],
      "corridors": [{{"id": "{id}", "name": "Mine", "modes": ["road"], "status": "operational", "links": ["x1x2"]}}]}}"#,
        id = builtin_corridor.id
    );
    let with_corridor = Network::from_json_str(&with_corridor, "mine.json").unwrap();
    let e = builtin.merge(&with_corridor, 30.0).unwrap_err();
    assert!(
        matches!(
            e,
            DataError::SharedId {
                kind: "corridor",
                ..
            }
        ),
        "{e}"
    );
    let (net, _) = builtin
        .merge_resolving(&with_corridor, 30.0, &IdClash::Prefix("my:".into()))
        .unwrap();
    let mine = net
        .corridor_by_id(&format!("my:{}", builtin_corridor.id))
        .unwrap();
    assert_eq!(
        (mine.name.as_str(), &mine.links[..]),
        ("Mine", &["my:x1x2".to_string()][..])
    );
    assert_eq!(
        net.corridor_by_id(&builtin_corridor.id).unwrap(),
        &builtin_corridor
    );
    let (net, _) = builtin
        .merge_resolving(&with_corridor, 30.0, &IdClash::Rename)
        .unwrap();
    assert_eq!(
        net.corridor_by_id(&format!("{}~2", builtin_corridor.id))
            .unwrap()
            .name,
        "Mine"
    );
    let (net, _) = builtin
        .merge_resolving(&with_corridor, 30.0, &IdClash::Unify)
        .unwrap();
    let one = net.corridor_by_id(&builtin_corridor.id).unwrap();
    assert_eq!(one.links.len(), builtin_corridor.links.len() + 1);
    let e = builtin
        .merge_resolving(&with_corridor, 30.0, &IdClash::Prefix(String::new()))
        .unwrap_err();
    assert!(
        matches!(&e, DataError::Invalid { field, .. } if field == "prefix"),
        "{e}"
    );

    // Unifying places 1° apart (about 80 km) with a 30 km merge is refused.
    let far = Network::from_json_str(
        r#"{"places": [{"id": "almaty", "name": "A", "location": [78.0, 43.25]}], "links": []}"#,
        "far.json",
    )
    .unwrap();
    let e = builtin
        .merge_resolving(&far, 30.0, &IdClash::Unify)
        .unwrap_err();
    assert!(e.to_string().contains("cannot unify place `almaty`"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// 2. No panic at the library boundary; coordinates as numbers
// ---------------------------------------------------------------------------------------------

#[test]
fn nearest_place_refuses_points_that_are_not_on_the_earth() {
    let net = Network::central_asia();
    for (lon, lat) in [
        (f64::NAN, f64::NAN),
        (f64::INFINITY, 0.0),
        (0.0, f64::NEG_INFINITY),
        (500.0, 500.0),
        (-180.5, 40.0),
        (60.0, -90.5),
    ] {
        match net.nearest_place(lon, lat) {
            Err(RouteError::InvalidRequest { field, .. }) => assert_eq!(field, "coordinate"),
            other => panic!("{lon},{lat}: {:?}", other.map(|(p, km)| (p.id(), km))),
        }
    }
    let empty = Network::from_json_str(r#"{"places": [], "links": []}"#, "e.json").unwrap();
    assert!(matches!(
        empty.nearest_place(70.0, 40.0),
        Err(RouteError::UnknownPlace { .. })
    ));
}

#[test]
fn requests_take_points_and_places_as_well_as_names() {
    let net = Network::central_asia();
    let tashkent = net.place("Tashkent").unwrap();
    let by_name = net.route(&RouteRequest::new("Almaty", "Tashkent")).unwrap();
    // (lon, lat) as numbers; "lat,lon" as text: the same point.
    let point = geo::Point::new(tashkent.lon() + 0.05, tashkent.lat());
    let text = format!("{},{}", tashkent.lat(), tashkent.lon() + 0.05);
    for to in [
        Location::from(point),
        Location::from(text),
        Location::from(tashkent),
    ] {
        let r = net
            .route(&RouteRequest::new(net.place("almaty").unwrap(), to))
            .unwrap();
        assert_eq!(r.path, by_name.path);
        assert_eq!(r.totals, by_name.totals);
    }
}

#[test]
fn a_far_point_is_an_error_naming_the_nearest_place() {
    let net = Network::central_asia();
    // The nearest place to (0, 0), by brute force over every place.
    let nearest_by_hand = net
        .places()
        .iter()
        .map(|p| (haversine_km((0.0, 0.0), (p.lon(), p.lat())), p))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .unwrap();
    let e = net
        .route(&RouteRequest::new("0,0", "Tashkent"))
        .unwrap_err();
    let RouteError::TooFar {
        nearest,
        km,
        max_km,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(nearest, nearest_by_hand.1.name());
    let expected = nearest_by_hand.0;
    assert!(
        (km - expected).abs() < 0.005 * expected,
        "{km} vs {expected}"
    );
    assert_eq!(*max_km, corridor::DEFAULT_MAX_SNAP_KM);
    // A larger reach accepts it.
    assert!(net
        .route(&RouteRequest::new("0,0", "Tashkent").max_snap_km(6000.0))
        .is_ok());
    for bad in [f64::NAN, -1.0, f64::INFINITY] {
        let e = net
            .route(&RouteRequest::new("Almaty", "Tashkent").max_snap_km(bad))
            .unwrap_err();
        assert!(matches!(
            e,
            RouteError::InvalidRequest {
                field: "max_snap_km",
                ..
            }
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// 3. No meaningless numbers
// ---------------------------------------------------------------------------------------------

#[test]
fn quantities_stay_within_a_consignment() {
    let net = Network::central_asia();
    for kind in [CargoKind::Container, CargoKind::Bulk] {
        let range = kind.quantity_range();
        for q in [0.5, 1e-300, range.end() * 1.01, 1e306, 1e308, f64::MAX] {
            let req = RouteRequest::new("Xian", "Baku")
                .cargo(corridor::Cargo::new(kind, q))
                .by(Objective::Distance);
            let e = net.route(&req).unwrap_err();
            assert!(
                matches!(
                    e,
                    RouteError::InvalidRequest {
                        field: "quantity",
                        ..
                    }
                ),
                "{q}: {e}"
            );
        }
        // The largest consignment has finite totals, 1e6 (or 1e9) times the smallest's cost.
        let at = |q: f64| {
            net.route(
                &RouteRequest::new("Xian", "Baku")
                    .cargo(corridor::Cargo::new(kind, q))
                    .by(Objective::Distance),
            )
            .unwrap()
        };
        let (small, large) = (at(*range.start()), at(*range.end()));
        assert_eq!(
            small.path, large.path,
            "by distance, the quantity changes nothing"
        );
        assert!(large.totals.cost_usd.is_finite() && large.totals.co2_kg.is_finite());
    }
}

#[test]
fn cost_models_the_search_cannot_rely_on_are_refused() {
    let net = Network::central_asia;
    type Spoil = Box<dyn Fn(&mut CostModel)>;
    let cases: Vec<(&str, Spoil)> = vec![
        ("rail.speed_kmh", Box::new(|c| c.rail.speed_kmh = -125.0)),
        ("rail.speed_kmh", Box::new(|c| c.rail.speed_kmh = 0.0)),
        (
            "road.usd_per_teu_km",
            Box::new(|c| c.road.usd_per_teu_km = f64::NAN),
        ),
        (
            "sea.usd_per_tonne_km",
            Box::new(|c| c.sea.usd_per_tonne_km = -0.1),
        ),
        (
            "rail.border_fee_usd",
            Box::new(|c| c.rail.border_fee_usd = 1e12),
        ),
        (
            "gauge_change.usd_per_teu",
            Box::new(|c| c.gauge_change.usd_per_teu = -1000.0),
        ),
        (
            "to_sea.hours.worst",
            Box::new(|c| c.to_sea.hours.worst = f64::INFINITY),
        ),
        // Cases out of order: a typical speed above the best, a best transfer longer than
        // the typical one.
        ("rail.speed_kmh", Box::new(|c| c.rail.speed_kmh = 100.0)),
        (
            "gauge_change.hours",
            Box::new(|c| c.gauge_change.hours.best = 1000.0),
        ),
        (
            "sea.sailings_per_week",
            Box::new(|c| c.sea.sailings_per_week = Some(0.0)),
        ),
        (
            "sea.backlog_hours",
            Box::new(|c| c.sea.backlog_hours = f64::NAN),
        ),
        ("tonnes_per_teu", Box::new(|c| c.tonnes_per_teu = 0.0)),
        (
            "customs_unions[1].members",
            Box::new(|c| c.customs_unions[1].members.push("Russia".into())),
        ),
    ];
    for (field, spoil) in cases {
        let mut cost = CostModel::default();
        spoil(&mut cost);
        match net().with_cost_model(cost) {
            Err(DataError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {:?}", other.map(|n| n.places().len())),
        }
    }
    // A model of one's own that holds is taken: twice the rail speed halves rail hours.
    let mut cost = CostModel::default();
    cost.rail.speed_kmh *= 2.0;
    cost.rail.speed_kmh_best *= 2.0;
    cost.rail.speed_kmh_worst *= 2.0;
    let fast = net().with_cost_model(cost).unwrap();
    let req = RouteRequest::new("Almaty", "Shymkent")
        .modes([Mode::Rail])
        .by(Objective::Distance);
    let (a, b) = (net().route(&req).unwrap(), fast.route(&req).unwrap());
    let rail_h = |r: &corridor::Route| {
        r.legs
            .iter()
            .map(|l| l.measures.duration_hours)
            .sum::<f64>()
    };
    assert!(
        (rail_h(&a) - 2.0 * rail_h(&b)).abs() < 1e-9,
        "{} {}",
        rail_h(&a),
        rail_h(&b)
    );
}

#[test]
fn lengths_no_line_can_have_are_refused() {
    let load = |a: [f64; 2], b: [f64; 2], km: f64| {
        let text = format!(
            r#"{{"places": [
            {{"id": "a", "name": "A", "country": "KZ", "location": [{}, {}]}},
            {{"id": "b", "name": "B", "country": "KZ", "location": [{}, {}]}}],
          "links": [{{"id": "ab", "from": "a", "to": "b", "mode": "road",
                      "length_km": {{"value": {km}, "source": "estimate"}}}}]}}"#,
            a[0], a[1], b[0], b[1]
        );
        Network::from_json_str(&text, "t.json")
    };
    // Almaty and Astana, 970 km apart as the crow flies (by hand: haversine).
    let (almaty, astana) = ([76.95, 43.25], [71.45, 51.17]);
    let straight = haversine_km((almaty[0], almaty[1]), (astana[0], astana[1]));
    assert!((straight - 970.0).abs() < 15.0, "{straight}");
    assert!(load(almaty, astana, 1_200.0).is_ok());
    for (km, a) in [
        (1e308, almaty),
        (0.0, almaty),
        (900.0, almaty),
        // Almaty with latitude and longitude swapped: in the Arctic, far from Astana.
        (1_200.0, [43.25, 76.95]),
    ] {
        let e = load(a, astana, km).unwrap_err();
        assert!(
            matches!(&e, DataError::Invalid { field, .. } if field == "length_km"),
            "{km}: {e}"
        );
        // Figures as a person reads them, not 309 digits.
        assert!(e.to_string().len() < 300, "{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Honest explanations
// ---------------------------------------------------------------------------------------------

#[test]
fn a_gauge_break_at_a_plain_junction_is_named_as_the_cause() {
    let text = |kind: &str| {
        format!(
            r#"{{"places": [
            {{"id": "a", "name": "A", "country": "KZ", "location": [70.0, 45.0]}},
            {{"id": "b", "name": "B", "country": "KZ", "location": [71.0, 45.0], "kind": "{kind}"}},
            {{"id": "c", "name": "C", "country": "KZ", "location": [72.0, 45.0]}}],
          "links": [
            {{"id": "ab", "from": "a", "to": "b", "mode": "rail", "gauge_mm": [1435], "circuity": 1.1}},
            {{"id": "bc", "from": "b", "to": "c", "mode": "rail", "gauge_mm": [1520], "circuity": 1.1}}]}}"#
        )
    };
    let net = Network::from_json_str(&text("junction"), "t.json").unwrap();
    match net.route(&RouteRequest::new("a", "c")) {
        Err(RouteError::NoRoute {
            reason: NoRouteReason::Transfer(gaps),
            ..
        }) => assert_eq!(gaps, ["B does not change rail (1435 mm) to rail (1520 mm)"]),
        other => panic!("{other:?}"),
    }
    // A dry port changes gauge: the same line is a route.
    let net = Network::from_json_str(&text("dry_port"), "t.json").unwrap();
    let r = net.route(&RouteRequest::new("a", "c")).unwrap();
    assert_eq!(r.transfers.len(), 1);

    // 1435 → dual gauge → 1520, as imports make at borders, between junctions: the break is
    // at either end of the dual-gauge link, and neither can make it.
    let chain = r#"{"places": [
        {"id": "a", "name": "A", "country": "CN", "location": [84.0, 44.9]},
        {"id": "b", "name": "Alashankou", "country": "CN", "location": [82.57, 45.21]},
        {"id": "c", "name": "Dostyk", "country": "KZ", "location": [82.49, 45.26]},
        {"id": "d", "name": "D", "country": "KZ", "location": [80.9, 45.6]}],
      "links": [
        {"id": "ab", "from": "a", "to": "b", "mode": "rail", "gauge_mm": [1435], "circuity": 1.1},
        {"id": "bc", "from": "b", "to": "c", "mode": "rail", "gauge_mm": [1435, 1520], "circuity": 1.1},
        {"id": "cd", "from": "c", "to": "d", "mode": "rail", "gauge_mm": [1520], "circuity": 1.1}]}"#;
    let net = Network::from_json_str(chain, "t.json").unwrap();
    match net.route(&RouteRequest::new("a", "d")) {
        Err(RouteError::NoRoute {
            reason: NoRouteReason::Transfer(gaps),
            ..
        }) => assert!(
            gaps == ["Alashankou does not change rail (1435 mm) to rail (1520 mm)"]
                || gaps == ["Dostyk does not change rail (1435 mm) to rail (1520 mm)"],
            "{gaps:?}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn border_crossings_are_named_where_they_happen() {
    let net = Network::central_asia();
    let data = net.to_data();
    let r = net.route(&RouteRequest::new("Xian", "Duisburg")).unwrap();
    assert!(r.border_crossings.len() >= 3);
    for b in &r.border_crossings {
        let [from, to] = &b.between;
        // The crossing link joins two consecutive places of the path, one each side.
        assert!(
            r.path.windows(2).any(|w| w[0] == *from && w[1] == *to),
            "{b:?}"
        );
        let country = |id: &str| {
            data.places
                .iter()
                .find(|p| p.id == id)
                .unwrap()
                .country
                .clone()
        };
        assert_eq!(
            (country(from), country(to)),
            (b.from_country.clone(), b.to_country.clone())
        );
        let link = data.links.iter().find(|l| l.id == b.link).unwrap();
        let post_at = |id: &str| {
            data.places
                .iter()
                .find(|p| p.id == id)
                .and_then(|p| p.border.as_ref())
                .is_some_and(|post| post.serves(&b.from_country, &b.to_country))
        };
        match &b.place {
            // At a place: one of the two ends, with a post serving this border.
            Some(p) => assert!((p == from || p == to) && post_at(p), "{b:?}"),
            // On the link: at the link's own post, or where the data does not say.
            None => {
                assert!(
                    link.border.is_some() || (!post_at(from) && !post_at(to)),
                    "{b:?}"
                );
                let name = |id: &str| {
                    data.places
                        .iter()
                        .find(|p| p.id == id)
                        .unwrap()
                        .name
                        .clone()
                };
                if link.border.is_none() {
                    assert_eq!(
                        b.place_name,
                        format!("between {} and {}", name(from), name(to))
                    );
                }
            }
        }
    }
}

#[test]
fn legs_list_the_corridors_they_follow() {
    let net = Network::central_asia();
    let r = net.route(&RouteRequest::new("Xian", "Duisburg")).unwrap();
    let first = &r.legs[0];
    // The first leg ends at the gauge change, at either end of the dual-gauge border link
    // (the two cost the same; the faster wins the tie).
    assert!(
        ["alashankou", "dostyk"].contains(&first.to.as_str()),
        "{}",
        first.to
    );
    assert_eq!(first.to, r.transfers[0].place);
    assert_eq!(
        first.corridors,
        ["China-Europe Railway Express via Alashankou-Dostyk (e.g. Yuxinou Chongqing-Duisburg)"]
    );
}

#[test]
fn a_merged_place_of_the_same_name_reads_once() {
    let builtin = Network::central_asia();
    let almaty = builtin.place("almaty").unwrap();
    let mine = format!(
        r#"{{"places": [
        {{"id": "my_almaty", "name": "Almaty", "location": [{}, {}]}},
        {{"id": "depot", "name": "My depot", "location": [77.0, 43.3]}}],
      "links": [{{"id": "d1", "from": "my_almaty", "to": "depot", "mode": "rail", "gauge_mm": [1520], "circuity": 1.2}}]}}"#,
        almaty.lon() + 0.02,
        almaty.lat()
    );
    let mine = Network::from_json_str(&mine, "mine.json").unwrap();
    let (net, _) = builtin.merge(&mine, 30.0).unwrap();
    let r = net.route(&RouteRequest::new("depot", "Shymkent")).unwrap();
    assert_eq!(&r.path[..3], ["depot", "my_almaty", "almaty"]);
    let km = haversine_km(
        (almaty.lon() + 0.02, almaty.lat()),
        (almaty.lon(), almaty.lat()),
    );
    // `path_names` is one name per place of `path`; the table shows the two once.
    assert_eq!(r.path_names[..3], ["My depot", "Almaty", "Almaty"]);
    let text = r.to_string();
    assert!(
        text.contains(&format!("My depot → Almaty (2 places {km:.1} km apart) → ")),
        "{text}"
    );
    assert!(!text.contains("Almaty → Almaty"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// 5. The command line
// ---------------------------------------------------------------------------------------------

fn route_cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(common::example_bin("route"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn negative_numbers_reach_validation() {
    let (code, _, err) = route_cli(&["--from", "Xian", "--to", "Baku", "--year", "-5"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid request: year = -5"), "{err}");
    // Cape Town: a coordinate, far from every place.
    let (code, _, err) = route_cli(&["--from", "-33.9,18.4", "--to", "Baku"]);
    assert_eq!(code, 2);
    assert!(err.contains("km from the nearest place"), "{err}");
    let (code, _, err) = route_cli(&[
        "--network",
        OSM_GEOJSON,
        "--merge",
        "-1",
        "--from",
        "Almaty",
        "--to",
        "Baku",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("max_km") && err.contains("-1"), "{err}");
}

#[test]
fn cli_import_flags_and_avoidance_on_a_merged_network() {
    let (code, out, err) = route_cli(&[
        "--network",
        OSM_GEOJSON,
        "--merge",
        "30",
        "--from",
        "Xi'an",
        "--to",
        "Tashkent",
        "--avoid-country",
        "KZ",
    ]);
    assert_eq!(code, 0, "{err}");
    let countries = out.lines().find(|l| l.starts_with("Countries: ")).unwrap();
    assert!(!countries.contains("KZ"), "{countries}");
    // One country for the whole file: avoiding it rules the file out, so no route.
    let (code, _, err) = route_cli(&[
        "--network",
        OSM_GEOJSON,
        "--country",
        "KZ",
        "--from",
        "43.24,76.89",
        "--to",
        "41.30,69.24",
        "--avoid-country",
        "KZ",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot be avoided"), "{err}");
}

#[test]
fn what_an_import_filled_in_survives_export_and_import() {
    let net = osm();
    let data = net.to_data();
    let back = corridor::NetworkData::from_geojson_str(
        &net.to_geojson(),
        "export.geojson",
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(back, data);
    // The crate's JSON keeps the origins too.
    let json = serde_json::to_string(&data).unwrap();
    assert!(json.contains(r#""country_origin":"derived""#));
    assert!(json.contains(r#""gauge_origin":"derived""#));
}
