//! Transit times in three cases: the calibration against published figures, the worst-case
//! objective, waits for departures, departure times (time-dependent routing, checked against
//! brute force) and the errors of time figures.

mod common;

use corridor::calibration::{Case, Comparison, Metric, Published};
use corridor::{
    DataError, Departure, Duration, Gauge, Link, Mode, Network, NetworkData, Objective, Place,
    PlaceKind, RouteError, RouteRequest, Sourced, Timetable,
};
use proptest::prelude::*;

fn builtin_comparisons() -> Vec<Comparison> {
    let net = Network::central_asia();
    Published::builtin()
        .iter()
        .map(|p| p.compare(&net))
        .collect()
}

/// Every published transit time lies within the model's best–worst range; every published
/// typical time is matched by the model's typical time. Typical figures that contradict each
/// other (the same request, ranges that do not overlap even with the tolerance) cannot all be
/// matched: of each such group, one must be.
#[test]
fn the_model_matches_the_published_transit_times() {
    let rows = builtin_comparisons();
    assert!(rows.len() >= 20);
    let times: Vec<&Comparison> = rows
        .iter()
        .filter(|c| c.published.metric != Metric::Usd)
        .collect();
    let mut report = String::new();
    for c in &times {
        report.push_str(&format!("{c}\n"));
    }
    for c in &times {
        assert!(c.modelled.is_ok(), "{}: {c}", c.published.id);
        assert!(
            c.within_range(),
            "{}: outside the modelled range\n{report}",
            c.published.id
        );
    }
    let typical: Vec<&&Comparison> = times
        .iter()
        .filter(|c| c.published.case == Case::Typical)
        .collect();
    let key = |c: &Comparison| {
        let p = &c.published;
        (
            p.from.clone(),
            p.to.clone(),
            p.avoid_countries.clone(),
            p.avoid_places.clone(),
            p.modes.clone(),
        )
    };
    let disjoint = |a: &Comparison, b: &Comparison| {
        let ([a0, a1], [b0, b1]) = (a.published.published, b.published.published);
        a1 < b0 || b1 < a0
    };
    for c in &typical {
        let rivals: Vec<&&&Comparison> = typical
            .iter()
            .filter(|o| o.published.id != c.published.id && key(o) == key(c) && disjoint(o, c))
            .collect();
        if rivals.is_empty() {
            assert!(
                c.case_fits(),
                "{}: typical time does not fit\n{report}",
                c.published.id
            );
        } else {
            assert!(
                c.case_fits() || rivals.iter().any(|o| o.case_fits()),
                "{}: neither it nor a contradicting figure fits\n{report}",
                c.published.id
            );
        }
    }
}

/// Published tariffs: the model's typical cost fits the typical ones and stays below the
/// surge prices (worst case); the ones it misses are printed.
#[test]
fn the_model_prices_below_surge_tariffs() {
    let rows = builtin_comparisons();
    for c in rows.iter().filter(|c| c.published.metric == Metric::Usd) {
        let v = c
            .value()
            .unwrap_or_else(|| panic!("{}: no route", c.published.id));
        let [_, hi] = c.accepted();
        assert!(
            v <= hi,
            "{}: model {v} above the published {c}",
            c.published.id
        );
        if c.published.case == Case::Worst {
            assert!(c.case_fits(), "{c}");
        }
    }
}

#[test]
fn the_builtin_calibration_set_names_its_sources() {
    let net = Network::central_asia();
    let keys: Vec<&str> = net.sources().iter().map(|s| s.key.as_str()).collect();
    for p in Published::builtin() {
        assert!(keys.contains(&p.source.as_str()), "{}: {}", p.id, p.source);
        assert!(!p.date.is_empty() && !p.figure.is_empty(), "{}", p.id);
        net.place(&p.from).unwrap();
        net.place(&p.to).unwrap();
    }
}

#[test]
fn a_calibration_file_with_a_bad_value_names_its_line() {
    let head = "id,from,to,avoid_countries,avoid_places,modes,cargo,metric,case,published_min,published_max,unit,source,date,figure,note\n";
    let cases = [
        (
            "a,xian,almaty,,,rail,container:1,days,typical,9,8,days,s,2024,f,n\n",
            "published_min",
        ),
        (
            "a,xian,almaty,,,rial,container:1,days,typical,8,9,days,s,2024,f,n\n",
            "modes",
        ),
        (
            "a,xian,almaty,,,rail,box:1,days,typical,8,9,days,s,2024,f,n\n",
            "cargo",
        ),
        (
            "a,xian,almaty,,,rail,container:1,weeks,typical,8,9,days,s,2024,f,n\n",
            "metric",
        ),
        (
            "a,xian,almaty,,,rail,container:1,days,typical,eight,9,days,s,2024,f,n\n",
            "published_min",
        ),
    ];
    for (row, field) in cases {
        let text = format!("{head}{row}");
        match Published::read_csv(text.as_bytes(), "mine.csv") {
            Err(DataError::Invalid {
                file,
                record,
                field: f,
                ..
            }) => {
                assert_eq!(file, "mine.csv");
                assert_eq!(record, corridor::RecordRef::Line(2));
                assert_eq!(f, field, "{row}");
            }
            other => panic!("{row}: {other:?}"),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Small networks
// ------------------------------------------------------------------------------------------

fn sourced(v: f64) -> Sourced<f64> {
    Sourced::new(v, "assumption")
}

fn place(id: &str, lon: f64) -> Place {
    let mut p = Place::new(id, id, lon, 40.0);
    p.country = "KZ".into();
    p.kind = PlaceKind::City;
    p
}

fn rail(id: &str, from: &str, to: &str, km: f64, hours: f64) -> Link {
    let mut l = Link::new(id, from, to, Mode::Rail, sourced(km));
    l.gauges = vec![Gauge::Standard];
    l.transit_hours = Some(sourced(hours));
    l
}

/// A corridor fast on a good day and slow on a bad one (A), beside a steadier one (B): the
/// typical objective takes A, the worst-case one B.
#[test]
fn worst_time_prefers_the_reliable_corridor() {
    let places = vec![
        place("o", 60.0),
        place("a", 61.0),
        place("b", 61.0),
        place("d", 62.0),
    ];
    let mut oa = rail("oa", "o", "a", 120.0, 5.0);
    oa.transit_hours_worst = Some(sourced(100.0));
    let links = vec![
        oa,
        rail("ad", "a", "d", 120.0, 5.0),
        rail("ob", "o", "b", 120.0, 6.0),
        rail("bd", "b", "d", 120.0, 6.0),
    ];
    let net = common::network_of(places, links);
    let fast = net
        .route(&RouteRequest::new("o", "d").by(Objective::Time))
        .unwrap();
    let sure = net
        .route(&RouteRequest::new("o", "d").by(Objective::WorstTime))
        .unwrap();
    assert_eq!(fast.path, ["o", "a", "d"]);
    assert_eq!(sure.path, ["o", "b", "d"]);
    // By hand: typical 5 + 5 against 6 + 6; worst 100 + 5 × (23 / 30 · 30 / 23…): the second
    // link's worst is its typical scaled by the default rail spread, 5 × 30 / 23.
    assert_eq!(fast.totals.duration_hours, 10.0);
    let worst_a = 100.0 + 5.0 * 30.0 / 23.0;
    assert!((fast.totals.duration_worst_hours - worst_a).abs() < 1e-9);
    assert!((sure.totals.duration_worst_hours - 12.0 * 30.0 / 23.0).abs() < 1e-9);
    assert!(sure.totals.duration_worst_hours < fast.totals.duration_worst_hours);
    assert!(sure.totals.duration_hours > fast.totals.duration_hours);
}

#[test]
fn a_service_frequency_adds_the_wait_for_a_departure() {
    let places = vec![place("o", 60.0), place("d", 61.0)];
    let mut l = rail("od", "o", "d", 120.0, 10.0);
    l.sailings_per_week = Some(sourced(2.0));
    l.backlog_hours = Some(sourced(30.0));
    let net = common::network_of(places, vec![l]);
    let r = net
        .route(&RouteRequest::new("o", "d").by(Objective::Time))
        .unwrap();
    // Two departures a week: 84 h apart. Wait 0 at best, 42 h typically, 84 + 30 h at worst;
    // running 10 h typically, scaled by the rail spread (30 / 38 and 30 / 23) otherwise.
    let d = r.totals.duration();
    assert!((d.best - 10.0 * 30.0 / 38.0).abs() < 1e-9, "{d:?}");
    assert!((d.typical - 52.0).abs() < 1e-9, "{d:?}");
    assert!(
        (d.worst - (114.0 + 10.0 * 30.0 / 23.0)).abs() < 1e-9,
        "{d:?}"
    );
    // The leg carries the wait: it is what the route adds up.
    assert_eq!(r.legs[0].measures.duration(), d);
}

/// The exact wait from `hour` (hours after Monday 00:00 UTC) to the next of `deps` (hours of
/// the week), written again here from the definition.
fn next_departure_wait(deps: &[f64], hour: f64) -> f64 {
    let mut best = f64::INFINITY;
    for &d in deps {
        // The first departure d + 168 k at or after `hour`.
        let mut t = d - 168.0 * ((d - hour) / 168.0).ceil();
        while t < hour - 1e-9 {
            t += 168.0;
        }
        best = best.min(t - hour);
    }
    best
}

#[derive(Debug, Clone)]
struct TimedLink {
    from: usize,
    to: usize,
    hours: f64,
    /// Hours of the week of its departures (empty: leaves at once).
    departures: Vec<f64>,
}

fn timed_network(n: usize, links: &[TimedLink]) -> Network {
    let places = (0..n)
        .map(|i| place(&format!("p{i}"), 60.0 + i as f64 * 0.1))
        .collect();
    let links = links
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut l = rail(
                &format!("l{i}"),
                &format!("p{}", t.from),
                &format!("p{}", t.to),
                50.0,
                t.hours,
            );
            if !t.departures.is_empty() {
                l.timetable = Some(Timetable {
                    departures: t
                        .departures
                        .iter()
                        .map(|h| {
                            let m = (h * 60.0).round() as u32 % 10080;
                            Departure::new((m / 1440) as u8, (m % 1440 / 60) as u8, (m % 60) as u8)
                                .unwrap()
                        })
                        .collect(),
                    source: "assumption".into(),
                    note: None,
                });
            }
            l
        })
        .collect();
    common::network_of(places, links)
}

/// The earliest arrival at `dest` leaving `origin` at `start` (hours of the week), over every
/// simple path, links both ways: brute force.
fn brute_force(
    n: usize,
    links: &[TimedLink],
    origin: usize,
    dest: usize,
    start: f64,
) -> Option<f64> {
    struct Search<'a> {
        links: &'a [TimedLink],
        /// Departures as the network stores them: to the minute.
        deps: Vec<Vec<f64>>,
        dest: usize,
        start: f64,
        visited: Vec<bool>,
        best: Option<f64>,
    }
    impl Search<'_> {
        fn go(&mut self, at: usize, t: f64) {
            if at == self.dest {
                self.best = Some(self.best.map_or(t, |b| b.min(t)));
                return;
            }
            self.visited[at] = true;
            for (i, l) in self.links.iter().enumerate() {
                let next = match (l.from == at, l.to == at) {
                    (true, _) => l.to,
                    (_, true) => l.from,
                    _ => continue,
                };
                if self.visited[next] {
                    continue;
                }
                let wait = if self.deps[i].is_empty() {
                    0.0
                } else {
                    next_departure_wait(&self.deps[i], self.start + t)
                };
                self.go(next, t + wait + l.hours);
            }
            self.visited[at] = false;
        }
    }
    let mut search = Search {
        links,
        deps: links
            .iter()
            .map(|l| {
                l.departures
                    .iter()
                    .map(|h| ((h * 60.0).round() % 10080.0) / 60.0)
                    .collect()
            })
            .collect(),
        dest,
        start,
        visited: vec![false; n],
        best: None,
    };
    search.go(origin, 0.0);
    search.best
}

fn timed_links(n: usize) -> impl Strategy<Value = Vec<TimedLink>> {
    let link = (
        0..n,
        0..n,
        1.0..80.0f64,
        proptest::collection::vec(0.0..168.0f64, 0..=3),
    )
        .prop_map(|(from, to, hours, departures)| TimedLink {
            from,
            to,
            hours,
            departures,
        });
    proptest::collection::vec(link, n..=2 * n).prop_map(|ls| {
        ls.into_iter()
            .filter(|l| l.from != l.to)
            .collect::<Vec<_>>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// With a departure time, the fastest route's arrival is the earliest over every simple
    /// path, each boarding its links' next departures (brute force).
    #[test]
    fn timetabled_fastest_routes_equal_brute_force(
        (n, links) in (3..=6usize).prop_flat_map(|n| (Just(n), timed_links(n))),
        minute in 0..10080u32,
    ) {
        let net = timed_network(n, &links);
        // A Monday: 2026-12-07 is one; leave `minute` minutes into the week.
        let monday: jiff::Timestamp = "2026-12-07T00:00Z".parse().unwrap();
        let at = monday.checked_add(jiff::SignedDuration::from_secs(i64::from(minute) * 60)).unwrap();
        let start = f64::from(minute) / 60.0;
        let want = brute_force(n, &links, 0, n - 1, start);
        let got = net.route(&RouteRequest::new("p0", format!("p{}", n - 1)).by(Objective::Time).depart(at));
        match (want, got) {
            (None, Err(RouteError::NoRoute { .. })) => {}
            (Some(w), Ok(r)) => {
                prop_assert!((r.totals.duration_hours - w).abs() < 1e-6,
                    "planner {} vs brute force {w}: {:?}", r.totals.duration_hours, r.path);
                let arrival = r.arrives_at.unwrap().typical;
                let secs = (arrival - at).get_seconds() as f64;
                prop_assert!((secs / 3600.0 - r.totals.duration_hours).abs() < 1e-3);
                // Legs arrive in order, the last at the destination's time.
                let legs: Vec<jiff::Timestamp> = r.legs.iter().map(|l| l.arrives_at.unwrap()).collect();
                prop_assert!(legs.windows(2).all(|w| w[0] <= w[1]));
                prop_assert_eq!(*legs.last().unwrap(), arrival);
            }
            (w, g) => prop_assert!(false, "brute force {w:?}, planner {g:?}"),
        }
    }
}

/// The wait for the next departure, printed: a Tuesday-evening ferry boarded from a Monday
/// morning departure waits until Tuesday 20:00.
#[test]
fn a_departure_time_boards_the_next_scheduled_departure() {
    let links = [TimedLink {
        from: 0,
        to: 1,
        hours: 18.0,
        departures: vec![24.0 + 20.0], // Tue 20:00
    }];
    let net = timed_network(2, &links);
    let at: jiff::Timestamp = "2026-12-07T08:00Z".parse().unwrap(); // a Monday
    let r = net
        .route(&RouteRequest::new("p0", "p1").by(Objective::Time).depart(at))
        .unwrap();
    // Monday 08:00 to Tuesday 20:00 is 36 h, then 18 h at sea... by rail here.
    assert_eq!(r.totals.duration_hours, 36.0 + 18.0);
    assert_eq!(
        r.arrives_at.unwrap().typical.to_string(),
        "2026-12-09T14:00:00Z"
    );
    assert_eq!(r.departs_at, Some(at));
    let text = r.to_string();
    assert!(
        text.contains("Departs 2026-12-07 08:00 UTC; arrives 2026-12-09 14:00 UTC"),
        "{text}"
    );
    // Without a departure time, the wait is the timetable's range: at best none, typically
    // the mean wait of a weekly service (84 h), at worst the whole week.
    let r = net
        .route(&RouteRequest::new("p0", "p1").by(Objective::Time))
        .unwrap();
    assert!(r.arrives_at.is_none());
    assert_eq!(r.legs[0].measures.duration_hours, 84.0 + 18.0);
}

#[test]
fn the_range_is_in_every_output() {
    let net = Network::central_asia();
    let r = net
        .route(&RouteRequest::new("Xi'an", "Duisburg").by(Objective::Time))
        .unwrap();
    let d = r.totals.duration();
    assert!(d.best < d.typical && d.typical < d.worst, "{d:?}");
    let json: serde_json::Value = serde_json::to_value(&r).unwrap();
    for key in [
        "duration_best_hours",
        "duration_hours",
        "duration_worst_hours",
    ] {
        assert!(json["totals"][key].is_number(), "{key}");
        assert!(json["legs"][0][key].is_number(), "{key}");
    }
    assert!(json["transfers"][0]["hours_worst"].is_number());
    assert!(json["border_crossings"][0]["hours_best"].is_number());
    let geo: serde_json::Value = serde_json::from_str(&r.to_geojson(&net)).unwrap();
    let leg = &geo["features"][0]["properties"];
    assert_eq!(leg["kind"], "leg");
    assert_eq!(
        leg["duration_worst_hours"],
        json["legs"][0]["duration_worst_hours"]
    );
    // Text: "Total: … km, 17.3 days (10.6–36.7), …".
    let text = r.to_string();
    assert!(text.contains(&format!(", {d}, ")), "{d}\n{text}");
}

// ------------------------------------------------------------------------------------------
// Bad input
// ------------------------------------------------------------------------------------------

fn refused(edit: impl Fn(&mut Link), field: &str) {
    let places = vec![place("o", 60.0), place("d", 61.0)];
    let mut l = rail("od", "o", "d", 120.0, 10.0);
    edit(&mut l);
    let e = Network::from_data(
        NetworkData {
            places,
            links: vec![l],
            ..Default::default()
        },
        "test",
    )
    .map(|_| ())
    .unwrap_err();
    let text = e.to_string();
    let found = match &e {
        DataError::Invalid { field: f, .. } => f == field,
        _ => false,
    };
    assert!(found, "{field}: {text}");
    assert!(text.contains("od"), "names the link: {text}");
}

#[test]
fn time_figures_out_of_order_or_range_are_refused() {
    refused(
        |l| l.transit_hours_best = Some(sourced(20.0)),
        "transit_hours",
    );
    refused(
        |l| l.transit_hours_worst = Some(sourced(5.0)),
        "transit_hours",
    );
    refused(
        |l| {
            l.speed_kmh = Some(sourced(50.0));
            l.speed_kmh_best = Some(sourced(40.0));
        },
        "speed_kmh",
    );
    refused(
        |l| l.sailings_per_week = Some(sourced(0.0)),
        "sailings_per_week",
    );
    refused(
        |l| l.sailings_per_week = Some(sourced(-2.0)),
        "sailings_per_week",
    );
    refused(
        |l| l.sailings_per_week = Some(sourced(f64::NAN)),
        "sailings_per_week",
    );
    refused(
        |l| l.backlog_hours = Some(sourced(f64::INFINITY)),
        "backlog_hours",
    );
    refused(
        |l| l.transit_hours_worst = Some(sourced(f64::NAN)),
        "transit_hours_worst",
    );
    refused(
        |l| {
            l.timetable = Some(Timetable {
                departures: vec![],
                source: "assumption".into(),
                note: None,
            })
        },
        "timetable.departures",
    );
    refused(
        |l| {
            l.sailings_per_week = Some(sourced(3.0));
            l.timetable = Some(Timetable {
                departures: vec!["Mon 10:00".parse().unwrap()],
                source: "assumption".into(),
                note: None,
            })
        },
        "sailings_per_week",
    );
}

#[test]
fn a_place_or_post_with_cases_out_of_order_is_refused() {
    let mut p = place("o", 60.0);
    p.transfer_hours = Some(sourced(5.0));
    p.transfer_hours_worst = Some(sourced(2.0));
    let mut q = place("d", 61.0);
    q.border = Some(corridor::BorderPost {
        dwell_hours: Some(sourced(3.0)),
        dwell_hours_best: Some(sourced(4.0)),
        ..Default::default()
    });
    let data = NetworkData {
        places: vec![p, q],
        links: vec![rail("od", "o", "d", 120.0, 10.0)],
        ..Default::default()
    };
    let e = Network::validate_all(data, "test")
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("transfer_hours") && e.contains("worst"), "{e}");
    assert!(e.contains("border.dwell_hours"), "{e}");
}

#[test]
fn a_timetable_that_is_not_one_is_refused_on_import() {
    let text = r#"{"places": [{"id": "o", "name": "o", "location": [60, 40]},
                               {"id": "d", "name": "d", "location": [61, 40]}],
                   "links": [{"id": "od", "from": "o", "to": "d", "mode": "rail", "gauge_mm": [1435],
                              "length_km": {"value": 100, "source": "assumption"},
                              "timetable": {"departures": ["Tux 10:00"], "source": "assumption"}}]}"#;
    let e = Network::from_json_str(text, "mine.json")
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("Tux 10:00") && e.contains("weekly departure"),
        "{e}"
    );
}

#[test]
fn a_departure_out_of_the_planning_years_is_refused() {
    let net = Network::central_asia();
    let at: jiff::Timestamp = "3000-01-01T00:00Z".parse().unwrap();
    match net.route(&RouteRequest::new("Almaty", "Tashkent").depart(at)) {
        Err(RouteError::InvalidRequest { field, .. }) => assert_eq!(field, "depart"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn durations_fill_their_missing_cases_by_the_documented_rule() {
    // The rule in words (CostModel docs): missing cases are the default's, scaled by the
    // geometric mean of given ÷ default. Worked by hand for a default of 2 / 40 / 200 h.
    let d = Duration::new(2.0, 40.0, 200.0);
    let got = Duration::fill([Some(1.5), None, Some(144.0)], d);
    let s = ((1.5 / 2.0) * (144.0 / 200.0f64)).sqrt();
    assert!((got.typical - 40.0 * s).abs() < 1e-12);
    assert_eq!((got.best, got.worst), (1.5, 144.0));
    let got = Duration::fill([None, Some(60.0), Some(240.0)], d);
    let s = ((60.0 / 40.0) * (240.0 / 200.0f64)).sqrt();
    assert!((got.best - 2.0 * s).abs() < 1e-12);
}

/// Found by `tests/api_props.rs`: a default spread with a subnormal best case once scaled a
/// post's published figures by an infinite factor.
#[test]
fn a_subnormal_default_keeps_every_total_finite() {
    let mut cost = corridor::CostModel::default();
    cost.rail.border_dwell_hours.best = 1e-310;
    let net = Network::central_asia().with_cost_model(cost).unwrap();
    let req = RouteRequest::new("alat", "alashankou").by(Objective::WorstTime);
    let r = net.route(&req).unwrap();
    let d = r.totals.duration();
    assert!(
        d.best.is_finite() && d.worst.is_finite() && d.is_ordered(),
        "{d:?}"
    );
}
