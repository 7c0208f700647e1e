//! Route scenarios on the built-in network, with expectations worked out by hand from
//! `data/central_asia.json` and the documented cost defaults (`src/cost/mod.rs`).

use corridor::{
    Cargo, CargoKind, Carrier, Commodity, Gauge, Mode, Network, NoRouteReason, Objective, Route,
    RouteError, RouteRequest, TransferKind,
};

fn net() -> Network {
    Network::central_asia()
}

fn route(req: RouteRequest) -> Route {
    net().route(&req).unwrap_or_else(|e| panic!("{e}"))
}

/// Default rail container rate: ERAI 3,240 USD/FEU ÷ 2 TEU ÷ 5,336 km (Dostyk–Brest).
const RAIL_USD_PER_TEU_KM: f64 = 3240.0 / 2.0 / 5336.0;

/// The documented default figures in three cases (best, typical, worst), from the table of
/// `CostModel`: rail speeds km/h, rail border dwell h, road border dwell h, gauge change h.
const RAIL_KMH: [f64; 3] = [38.0, 30.0, 23.0];
const RAIL_BORDER_H: [f64; 3] = [1.0, 3.0, 36.0];
const ROAD_BORDER_H: [f64; 3] = [1.0, 4.0, 48.0];
const GAUGE_H: [f64; 3] = [2.0, 40.0, 200.0];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Totals must be the sum of legs, transfers and border crossings.
fn assert_adds_up(r: &Route) {
    let km: f64 = r.legs.iter().map(|l| l.measures.distance_km).sum();
    let hours: f64 = r
        .legs
        .iter()
        .map(|l| l.measures.duration_hours)
        .sum::<f64>()
        + r.transfers.iter().map(|t| t.hours).sum::<f64>()
        + r.border_crossings.iter().map(|b| b.hours).sum::<f64>();
    let usd: f64 = r.legs.iter().map(|l| l.measures.cost_usd).sum::<f64>()
        + r.transfers.iter().map(|t| t.cost_usd).sum::<f64>()
        + r.border_crossings.iter().map(|b| b.cost_usd).sum::<f64>();
    assert!(
        close(km, r.totals.distance_km),
        "{km} vs {}",
        r.totals.distance_km
    );
    assert!(close(hours, r.totals.duration_hours));
    let worst: f64 = r
        .legs
        .iter()
        .map(|l| l.measures.duration_worst_hours)
        .sum::<f64>()
        + r.transfers.iter().map(|t| t.hours_worst).sum::<f64>()
        + r.border_crossings
            .iter()
            .map(|b| b.hours_worst)
            .sum::<f64>();
    assert!(close(worst, r.totals.duration_worst_hours));
    assert!(close(usd, r.totals.cost_usd));
}

fn position(r: &Route, id: &str) -> usize {
    r.path
        .iter()
        .position(|p| p == id)
        .unwrap_or_else(|| panic!("{id} not on {:?}", r.path))
}

#[test]
fn kashgar_tashkent_by_road_goes_irkeshtam_osh_andijan() {
    let r = route(
        RouteRequest::new("Kashgar", "Tashkent")
            .by(Objective::Distance)
            .modes([Mode::Road]),
    );
    assert!(r.legs.iter().all(|l| l.mode == Mode::Road));
    let (i, o, a) = (
        position(&r, "irkeshtam"),
        position(&r, "osh"),
        position(&r, "andijan"),
    );
    assert!(i < o && o < a, "{:?}", r.path);
    // d_kashgar_irkeshtam: geodesic 179.373808 km × 1.45; d_irkeshtam_sarytash 90 (derived);
    // d_sarytash_osh 150 (derived); d_osh_andijan: geodesic 49.927368 km × 1.2;
    // d_andijan_tashkent: geodesic 267.194315 km × 1.45 (geodesics from GeographicLib).
    let expected = 179.373808 * 1.45 + 90.0 + 150.0 + 49.927368 * 1.2 + 267.194315 * 1.45;
    assert!(
        (r.totals.distance_km - expected).abs() < 1e-3,
        "{}",
        r.totals.distance_km
    );
    assert_eq!(
        r.legs[0].links,
        [
            "d_kashgar_irkeshtam",
            "d_irkeshtam_sarytash",
            "d_sarytash_osh",
            "d_osh_andijan",
            "d_andijan_tashkent"
        ]
    );
    // CN → KG at Irkeshtam, KG → UZ at the Dostuk/Dustlik post on the Osh–Andijan road.
    let borders: Vec<_> = r
        .border_crossings
        .iter()
        .map(|b| {
            let [best, typical, worst] = b.duration().cases();
            (
                b.from_country.as_str(),
                b.to_country.as_str(),
                best,
                typical,
                worst,
            )
        })
        .collect();
    // Both posts publish only a best case (the 2017 pilot convoy: 2 h at Irkeshtam, 1.5 h at
    // Dostuk/Dustlik): the road default's spread (1 / 4 / 48 h) scaled by best ÷ 1.
    let scaled = |best: f64| (best, ROAD_BORDER_H[1] * best, ROAD_BORDER_H[2] * best);
    let want = [("CN", "KG", scaled(2.0)), ("KG", "UZ", scaled(1.5))];
    assert_eq!(borders.len(), want.len());
    for (got, (from, to, (b, t, w))) in borders.iter().zip(want) {
        assert_eq!((got.0, got.1), (from, to));
        assert!(
            close(got.2, b) && close(got.3, t) && close(got.4, w),
            "{got:?}"
        );
    }
    assert_eq!(r.countries, ["CN", "KG", "UZ"]);
    assert_adds_up(&r);
}

#[test]
fn turkmen_gas_reaches_china_by_gas_pipeline_only() {
    let gas = Cargo::new(CargoKind::NaturalGas, 1000.0);
    let r = route(
        RouteRequest::new("samandepe", "horgos_cn")
            .by(Objective::Distance)
            .cargo(gas),
    );
    assert!(r
        .legs
        .iter()
        .all(|l| l.carrier == Carrier::Pipeline(Commodity::NaturalGas)));
    assert!(r.transfers.is_empty());
    // Shortest over the parallel lines: A/B Turkmen section 188, Line C Uzbek section 529
    // (A/B: 530), Kazakh feeder 145 (both), A/B Shymkent–Khorgos 1,155 (C: 1,165).
    assert!(close(r.totals.distance_km, 188.0 + 529.0 + 145.0 + 1155.0));
    assert_eq!(
        r.path,
        [
            "samandepe",
            "gedaim",
            "uzkz_gas_border",
            "shymkent",
            "horgos_cn"
        ]
    );
    // No tariff on these links: the default pipeline rate, 10.77 USD/t over 962 km, per tonne.
    let expected_usd = 2017.0 * 10.77 / 962.0 * 1000.0;
    assert!(
        (r.totals.cost_usd - expected_usd).abs() < 1e-6,
        "{}",
        r.totals.cost_usd
    );
    // Pipelines do not stop at borders.
    assert!(r.border_crossings.iter().all(|b| b.hours == 0.0));
    assert_adds_up(&r);
}

#[test]
fn containers_never_use_pipelines() {
    // The gas field is reached only by pipeline: no route, and the reason is the cargo rule.
    let err = net()
        .route(&RouteRequest::new("samandepe", "horgos_cn"))
        .unwrap_err();
    match &err {
        RouteError::NoRoute {
            reason: NoRouteReason::Cargo(why),
            ..
        } => assert!(why.contains("pipeline"), "{why}"),
        other => panic!("expected a cargo reason, got {other:?}"),
    }
    assert!(err
        .to_string()
        .contains("container cannot travel by pipeline"));
    // Between two places joined by both, a container takes rail or road.
    let r = route(RouteRequest::new("shymkent", "horgos_cn"));
    assert!(r.legs.iter().all(|l| l.mode != Mode::Pipeline));
}

#[test]
fn xian_almaty_by_rail_changes_gauge_at_the_border() {
    let net = net();
    let r = net
        .route(&RouteRequest::new("Xi'an", "Almaty").modes([Mode::Rail]))
        .unwrap();
    let gauge: Vec<_> = r
        .transfers
        .iter()
        .filter(|t| t.kind == TransferKind::Gauge)
        .collect();
    assert_eq!(gauge.len(), 1, "{:?}", r.transfers);
    let t = gauge[0];
    assert!(
        ["alashankou", "dostyk", "horgos_cn", "altynkol"].contains(&t.place.as_str()),
        "{}",
        t.place
    );
    assert_eq!(
        (t.from_mode, t.to_mode),
        (
            Carrier::Rail(Gauge::Standard),
            Carrier::Rail(Gauge::Russian)
        )
    );
    // Its time: the place publishes a best case (per-train handling) and a worst one (the
    // 2023 reloading queue) but no typical one; the typical is the default's (40 h) scaled by
    // the geometric mean of best ÷ 2 h and worst ÷ 200 h. Its cost: the default 50 USD/TEU.
    let place = net.place_by_id(&t.place).unwrap();
    let [best, typical, worst] = place.transfer_cases();
    assert!(typical.is_none());
    let (b, w) = (best.unwrap().value, worst.unwrap().value);
    let expected = GAUGE_H[1] * ((b / GAUGE_H[0]) * (w / GAUGE_H[2])).sqrt();
    assert!(close(t.hours, expected), "{} vs {expected}", t.hours);
    assert_eq!((t.hours_best, t.hours_worst), (b, w));
    assert_eq!(t.cost_usd, 50.0);
    // A 1435 mm leg, then a 1520 mm leg.
    let carriers: Vec<_> = r.legs.iter().map(|l| l.carrier).collect();
    assert_eq!(
        carriers,
        [
            Carrier::Rail(Gauge::Standard),
            Carrier::Rail(Gauge::Russian)
        ]
    );
    assert_adds_up(&r);
    // The transfer is in the totals: 1 TEU by rail, so cost = km × rate + transfer + border.
    let border_usd: f64 = r.border_crossings.iter().map(|b| b.cost_usd).sum();
    assert!(close(
        r.totals.cost_usd,
        r.totals.distance_km * RAIL_USD_PER_TEU_KM + 50.0 + border_usd
    ));
}

#[test]
fn avoiding_russia_crosses_the_caspian() {
    let free = route(RouteRequest::new("Xi'an", "Duisburg"));
    assert!(
        free.countries.iter().any(|c| c == "RU"),
        "{:?}",
        free.countries
    );
    let r = route(RouteRequest::new("Xi'an", "Duisburg").avoid_country("RU"));
    assert!(!r.countries.iter().any(|c| c == "RU"), "{:?}", r.countries);
    let caspian = r.legs.iter().any(|l| {
        l.mode == Mode::Sea
            && ["aktau", "kuryk", "turkmenbashi"].contains(&l.from.as_str())
            && ["alat", "baku"].contains(&l.to.as_str())
    });
    assert!(caspian, "{:?}", r.legs);
    // Every sea leg is reached and left through a transfer to or from the ship.
    let sea_transfers = r
        .transfers
        .iter()
        .filter(|t| matches!(t.kind, TransferKind::RailSea | TransferKind::RoadSea))
        .count();
    let sea_legs = r.legs.iter().filter(|l| l.mode == Mode::Sea).count();
    assert_eq!(sea_transfers, 2 * sea_legs);
    // A constraint can only make the optimum worse.
    assert!(r.totals.cost_usd >= free.totals.cost_usd);
    assert_adds_up(&r);
}

const CKU_RAIL: [&str; 3] = [
    "r_kashgar_torugart",
    "r_torugart_makmal",
    "r_makmal_andijan",
];

#[test]
fn cku_railway_is_used_once_open_when_it_is_better() {
    let today = route(RouteRequest::new("Kashgar", "Andijan"));
    assert!(CKU_RAIL.iter().all(|l| !today.uses_link(l)));
    let before = route(RouteRequest::new("Kashgar", "Andijan").year(2029));
    assert!(CKU_RAIL.iter().all(|l| !before.uses_link(l)));

    let r = route(RouteRequest::new("Kashgar", "Andijan").year(2030));
    assert!(CKU_RAIL.iter().all(|l| r.uses_link(l)), "{:?}", r.legs);
    assert_eq!(r.path, ["kashgar", "torugart", "makmal", "andijan"]);
    // Break of gauge at Makmal: 1435 mm to Makmal, 1520 mm beyond.
    assert_eq!(r.transfers.len(), 1);
    assert_eq!(r.transfers[0].place, "makmal");
    assert_eq!(r.transfers[0].kind, TransferKind::Gauge);
    // By hand: 213 + 131 km on 1435 mm, 179 km on 1520 mm at the rail rate, a 50 USD gauge
    // change, and two borders (CN→KG at Torugart, KG→UZ on arrival at Andijan) with no
    // sourced figures: the rail default, 100 USD and the default hours each.
    let expected_usd = 523.0 * RAIL_USD_PER_TEU_KM + 50.0 + 2.0 * 100.0;
    assert!(
        close(r.totals.cost_usd, expected_usd),
        "{}",
        r.totals.cost_usd
    );
    // 523 km at the default rail speeds, the default gauge change, two default borders, in
    // each case.
    let got = r.totals.duration().cases();
    for c in 0..3 {
        let want = 523.0 / RAIL_KMH[c] + GAUGE_H[c] + 2.0 * RAIL_BORDER_H[c];
        assert!(close(got[c], want), "case {c}: {} vs {want}", got[c]);
    }
    // It is the better route: cheaper than today's best.
    assert!(r.totals.cost_usd < today.totals.cost_usd);
    assert_adds_up(&r);
}

#[test]
fn quantity_scales_tariffs_but_not_border_fees() {
    let one = route(RouteRequest::new("Urumqi", "Almaty").modes([Mode::Rail]));
    let forty = route(
        RouteRequest::new("Urumqi", "Almaty")
            .modes([Mode::Rail])
            .cargo(Cargo::new(CargoKind::Container, 40.0)),
    );
    assert_eq!(one.path, forty.path);
    let legs = |r: &Route| r.legs.iter().map(|l| l.measures.cost_usd).sum::<f64>();
    assert!(close(legs(&forty), 40.0 * legs(&one)));
    let fees = |r: &Route| r.border_crossings.iter().map(|b| b.cost_usd).sum::<f64>();
    assert!(close(fees(&forty), fees(&one)));
}

#[test]
fn free_transfers_are_not_inserted_between_equally_short_routes() {
    // Samara → Brest → Malaszewicze: the Brest–Malaszewicze link carries both gauges, so a
    // gauge change at Brest adds no distance. The shortest route must not make it anyway.
    for objective in [Objective::Distance, Objective::Co2] {
        let r = route(RouteRequest::new("samara", "malaszewicze").by(objective));
        assert!(r.transfers.is_empty(), "{objective}: {:?}", r.transfers);
        assert_eq!(r.legs.len(), 1);
    }
}

/// The places users ask for first (data/additions.json): each reached on the corridor the
/// sources describe.
#[test]
fn added_places_are_reached_on_their_corridors() {
    // Galkynysh gas to China through Lines A–C (the connector to Saman-Depe is marked as an
    // assumption in the data: no source says where it joins).
    let gas = route(
        RouteRequest::new("galkynysh", "horgos_cn").cargo(Cargo::new(CargoKind::NaturalGas, 1e3)),
    );
    assert_eq!(gas.path[..2], ["galkynysh", "samandepe"]);
    assert!(gas.legs.iter().all(|l| l.mode == Mode::Pipeline));
    // Oil products from the Atyrau refinery by rail, on the 1520 mm line through Makat.
    let oil = route(
        RouteRequest::new("atyrau", "aktobe")
            .modes([Mode::Rail])
            .cargo(Cargo::new(CargoKind::OilProducts, 1e3)),
    );
    assert_eq!(oil.path, ["atyrau", "makat", "aktobe"]);
    // Tehran by rail from Tashkent: Tejen–Sarakhs–Mashhad, changing gauge at Sarakhs.
    let tehran = route(RouteRequest::new("tashkent", "tehran").modes([Mode::Rail]));
    let at = position(&tehran, "sarakhs");
    assert!(position(&tehran, "mashhad") == at + 1, "{:?}", tehran.path);
    assert!(tehran
        .transfers
        .iter()
        .any(|t| t.place == "sarakhs" && t.kind == TransferKind::Gauge));
    // Yiwu–Madrid by rail changes gauge three times, the last at the Spanish border.
    let madrid = route(
        RouteRequest::new("yiwu", "madrid")
            .modes([Mode::Rail])
            .by(Objective::Time),
    );
    let gauges: Vec<&str> = madrid
        .transfers
        .iter()
        .filter(|t| t.kind == TransferKind::Gauge)
        .map(|t| t.place.as_str())
        .collect();
    assert_eq!(gauges.len(), 3, "{gauges:?}");
    assert_eq!(gauges.last(), Some(&"irun"));
    assert_eq!(
        madrid.legs.last().unwrap().carrier,
        Carrier::Rail(Gauge::from(1668u16))
    );
    // EU terminals beyond Duisburg: Hamburg and Łódź from Małaszewicze.
    for to in ["hamburg", "lodz"] {
        let r = route(
            RouteRequest::new("xian", to)
                .modes([Mode::Rail])
                .by(Objective::Time),
        );
        assert_eq!(
            r.path[r.path.len() - 2],
            "malaszewicze",
            "{to}: {:?}",
            r.path
        );
    }
}
