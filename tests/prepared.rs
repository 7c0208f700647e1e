//! A prepared (contraction hierarchy) network answers as the planner does: the same routes,
//! totals, matrices and errors, for every objective and constraint set tried; and its files
//! refuse to serve another network.

use corridor::{
    Cargo, CargoKind, Customized, ImportOptions, Measures, Mode, Network, Objective, Planner,
    Prepared, PreparedError, Route, RouteError, RouteRequest,
};

/// Objectives and constraint sets tried: each a template.
fn templates() -> Vec<RouteRequest> {
    let base = RouteRequest::new("Xi'an", "Duisburg");
    let mut out = Vec::new();
    for by in [
        Objective::Time,
        Objective::WorstTime,
        Objective::Cost,
        Objective::Co2,
        Objective::Distance,
    ] {
        out.push(base.clone().by(by));
    }
    out.push(base.clone().by(Objective::Time).avoid_country("RU"));
    out.push(
        base.clone()
            .by(Objective::Cost)
            .close_border("Khorgos (China)")
            .close_place("Aktau"),
    );
    out.push(base.clone().by(Objective::Time).modes([Mode::Rail]));
    out.push(
        base.clone()
            .by(Objective::Cost)
            .cargo(Cargo::new(CargoKind::Bulk, 500.0)),
    );
    out.push(base.clone().by(Objective::Time).year(2020));
    out.push(base.clone().by(Objective::Cost).via("Almaty"));
    out.push(base.clone().by(Objective::Time).via("Tashkent").via("Baku"));
    out
}

/// Whether `a` and `b` agree to rounding (sums of the same figures in another order).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Every total the same to rounding.
fn close_totals(t: &Measures, u: &Measures) -> bool {
    [
        (t.distance_km, u.distance_km),
        (t.duration_hours, u.duration_hours),
        (t.duration_best_hours, u.duration_best_hours),
        (t.duration_worst_hours, u.duration_worst_hours),
        (t.cost_usd, u.cost_usd),
        (t.co2_kg, u.co2_kg),
    ]
    .into_iter()
    .all(|(p, q)| close(p, q))
}

/// The same answer: the same objective value and the same totals, or the same error. Returns
/// whether the routes take the same links (equally good routes, equal in every total, may
/// differ: parallel links of equal figures, or either gauge on a dual-gauge link).
fn same(ch: &Result<Route, RouteError>, planned: &Result<Route, RouteError>, what: &str) -> bool {
    match (ch, planned) {
        (Ok(a), Ok(b)) => {
            let (x, y) = (a.objective.score(&a.totals), b.objective.score(&b.totals));
            assert!(close(x, y), "{what}: {x} vs {y}");
            let legs = |r: &Route| {
                r.legs
                    .iter()
                    .map(|l| (l.links.clone(), l.carrier))
                    .collect::<Vec<_>>()
            };
            let transfers = |r: &Route| {
                r.transfers
                    .iter()
                    .map(|t| (t.place.clone(), t.kind))
                    .collect::<Vec<_>>()
            };
            let same_links = legs(a) == legs(b) && transfers(a) == transfers(b);
            assert!(
                close_totals(&a.totals, &b.totals),
                "{what}: {:?} vs {:?}",
                a.totals,
                b.totals
            );
            same_links
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "{what}");
            true
        }
        (a, b) => panic!("{what}: {a:?} vs {b:?}"),
    }
}

#[test]
fn customized_routes_equal_the_planners_for_every_template() {
    let net = Network::central_asia();
    let prepared = net.prepare();
    let ids: Vec<String> = net
        .places()
        .iter()
        .step_by(7)
        .map(|p| p.id().to_string())
        .collect();
    let mut planner = Planner::new(&net);
    let (mut pairs, mut ties) = (0, 0);
    for template in templates() {
        let mut custom = prepared.customize(&template).unwrap();
        for a in &ids {
            for b in &ids {
                if a == b {
                    continue;
                }
                let mut req = template.clone();
                req.from = a.as_str().into();
                req.to = b.as_str().into();
                pairs += 1;
                if !same(
                    &custom.route(a.as_str(), b.as_str()),
                    &planner.route(&req),
                    &format!("{a} -> {b} {template:?}"),
                ) {
                    ties += 1;
                }
            }
        }
    }
    eprintln!("{ties} of {pairs} pairs took other, equally good links");
    assert!(
        ties * 10 <= pairs,
        "{ties} of {pairs} pairs took other links"
    );
}

#[test]
fn customized_matrices_equal_the_planners() {
    let net = Network::central_asia();
    let prepared = net.prepare();
    let names: Vec<String> = net
        .places()
        .iter()
        .step_by(5)
        .map(|p| p.id().to_string())
        .collect();
    let mut planner = Planner::new(&net);
    for template in templates() {
        let mut custom = prepared.customize(&template).unwrap();
        let (ours, theirs) = match (
            custom.matrix(&names, &names),
            planner.matrix(&names, &names, &template),
        ) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string());
                assert!(custom.scores(&names, &names, 1).is_err());
                continue;
            }
            (a, b) => panic!("{template:?}: {a:?} vs {b:?}"),
        };
        for i in 0..names.len() {
            for j in 0..names.len() {
                match (&ours.cells[i][j], &theirs.cells[i][j]) {
                    (Some(v), Some(w)) => assert!(close_totals(v, w), "{v:?} vs {w:?}"),
                    (None, None) => {}
                    (v, w) => panic!("{} -> {}: {v:?} vs {w:?}", names[i], names[j]),
                }
            }
        }
        for threads in [1, 0] {
            let scores = custom.scores(&names, &names, threads).unwrap();
            for (i, row) in scores.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    match (v, theirs.value(i, j)) {
                        (Some(v), Some(w)) => {
                            // Search weights carry a tie-break of 1e-9 per hour.
                            assert!((v - w).abs() <= 1e-9 * w.max(1.0) + 1e-6, "{v} vs {w}")
                        }
                        (None, None) => {}
                        (v, w) => panic!("{} -> {}: {v:?} vs {w:?}", names[i], names[j]),
                    }
                }
            }
        }
    }
}

#[test]
fn imported_railways_answer_as_the_planner() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/osm");
    let net = Network::from_csv_files(
        dir.join("osm_railways_central_asia.nodes.csv"),
        dir.join("osm_railways_central_asia.edges.csv"),
        &ImportOptions::default(),
    )
    .unwrap();
    let prepared = net.prepare();
    let mut planner = Planner::new(&net);
    let ids: Vec<String> = net.places().iter().map(|p| p.id().to_string()).collect();
    let n = ids.len();
    // A fixed spread of pairs across the file.
    let pairs = (0..150).map(|i| ((i * 7919) % n, (i * 104_729 + 17) % n));
    let template = RouteRequest::new(ids[0].as_str(), ids[1].as_str()).by(Objective::Distance);
    let mut custom = prepared.customize(&template).unwrap();
    let mut routed = 0;
    for (a, b) in pairs {
        if a == b {
            continue;
        }
        let mut req = template.clone();
        req.from = ids[a].as_str().into();
        req.to = ids[b].as_str().into();
        let planned = planner.route(&req);
        let ch = custom.route(ids[a].as_str(), ids[b].as_str());
        match (&ch, &planned) {
            (Ok(x), Ok(y)) => {
                routed += 1;
                // Equal lengths; on this file equal-length alternatives exist (parallel
                // duplicate links), so the paths may differ only among equals.
                let (dx, dy) = (x.totals.distance_km, y.totals.distance_km);
                assert!(
                    (dx - dy).abs() <= 1e-9 * dy.max(1.0),
                    "{a} -> {b}: {dx} vs {dy}"
                );
            }
            _ => {
                same(&ch, &planned, &format!("{a} -> {b}"));
            }
        }
    }
    assert!(routed > 50, "only {routed} pairs connected");
}

#[test]
fn a_closure_in_the_template_equals_a_fresh_route_with_it() {
    let net = Network::central_asia();
    let prepared = net.prepare();
    let open = RouteRequest::new("Xi'an", "Almaty").by(Objective::Time);
    let best = Planner::new(&net).route(&open).unwrap();
    let prepared_open = prepared.customize(&open).unwrap().route("Xi'an", "Almaty");
    assert!(same(&prepared_open, &Ok(best.clone()), "open"));
    for id in best.legs.iter().flat_map(|l| l.links.clone()) {
        let closed = open.clone().close_link(id.as_str());
        let mut custom = prepared.customize(&closed).unwrap();
        let ch = custom.route("Xi'an", "Almaty");
        same(&ch, &Planner::new(&net).route(&closed), &id);
        if let Ok(r) = ch {
            assert!(!r.uses_link(&id));
        }
    }
}

#[test]
fn requests_a_customization_cannot_answer_are_refused() {
    let net = Network::central_asia();
    let prepared = net.prepare();
    let err = prepared
        .customize(&RouteRequest::new("Xi'an", "Duisburg").via_corridor("titr"))
        .unwrap_err();
    assert!(
        err.to_string().contains("via") && err.to_string().contains("Planner"),
        "{err}"
    );
    let err = prepared
        .customize(&RouteRequest::new("Xi'an", "Atlantis"))
        .unwrap_err();
    assert!(matches!(err, RouteError::UnknownPlace { .. }), "{err}");
    // A matrix has no order of places to pass: refused, not dropped.
    let through = RouteRequest::new("Xi'an", "Duisburg").via("Almaty");
    let err = Planner::new(&net)
        .matrix(&["Xi'an"], &["Baku"], &through)
        .unwrap_err();
    assert!(
        matches!(err, RouteError::InvalidRequest { field: "via", .. }),
        "{err}"
    );
    let mut custom = prepared.customize(&through).unwrap();
    let err = custom.matrix(&["Xi'an"], &["Baku"]).unwrap_err();
    assert!(
        matches!(err, RouteError::InvalidRequest { field: "via", .. }),
        "{err}"
    );
    let mut custom = prepared
        .customize(&RouteRequest::new("Xi'an", "Duisburg"))
        .unwrap();
    let err = custom.route("Xi'an", "Nowhereville").unwrap_err();
    assert!(matches!(err, RouteError::UnknownPlace { .. }), "{err}");
}

#[test]
fn saved_files_load_back_and_refuse_other_networks() {
    let dir = std::env::temp_dir().join(format!("corridor-prepared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (p_file, c_file) = (dir.join("net.cch"), dir.join("time.cch"));
    let net = Network::central_asia();
    let prepared = net.prepare();
    let template = RouteRequest::new("Xi'an", "Duisburg").by(Objective::Time);
    let mut custom = prepared.customize(&template).unwrap();
    prepared.save(&p_file).unwrap();
    custom.save(&c_file).unwrap();

    let loaded = Prepared::load(&net, &p_file).unwrap();
    assert_eq!(loaded.hierarchy(), prepared.hierarchy());
    let mut again = Customized::load(&loaded, &c_file).unwrap();
    assert_eq!(again.template(), &template);
    same(
        &again.route("Urumqi", "Baku"),
        &custom.route("Urumqi", "Baku"),
        "reloaded",
    );

    // Another network: one link longer changes the weights, one link more the graph.
    let mut data = net.to_data();
    let l = data
        .links
        .iter_mut()
        .find(|l| l.length_km.is_some())
        .unwrap();
    l.length_km.as_mut().unwrap().value += 1.0;
    let longer = Network::from_data(data.clone(), "edited").unwrap();
    let same_graph = Prepared::load(&longer, &p_file).unwrap();
    match Customized::load(&same_graph, &c_file) {
        Err(
            e @ PreparedError::WrongNetwork {
                what: "content", ..
            },
        ) => {
            assert!(e.to_string().contains("time.cch"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    let mut extra = data.links[0].clone();
    extra.id = "extra_link".into();
    data.links.push(extra);
    let bigger = Network::from_data(data, "edited").unwrap();
    match Prepared::load(&bigger, &p_file) {
        Err(PreparedError::WrongNetwork { what: "graph", .. }) => {}
        other => panic!("{other:?}"),
    }

    // The wrong kind of file, a damaged one, a missing one.
    match Prepared::load(&net, &c_file) {
        Err(e @ PreparedError::Format { .. }) => {
            assert!(e.to_string().contains("customized"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    let bytes = std::fs::read(&p_file).unwrap();
    std::fs::write(&p_file, &bytes[..bytes.len() / 2]).unwrap();
    assert!(matches!(
        Prepared::load(&net, &p_file),
        Err(PreparedError::Format { .. })
    ));
    std::fs::write(&p_file, b"hello").unwrap();
    assert!(matches!(
        Prepared::load(&net, &p_file),
        Err(PreparedError::Format { .. })
    ));
    assert!(matches!(
        Prepared::load(&net, dir.join("missing.cch")),
        Err(PreparedError::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn one_thread_and_the_pool_give_the_same_hierarchy_and_answers() {
    let net = Network::central_asia();
    let (one, pool) = (net.prepare_with(1, &mut |_| {}), net.prepare());
    assert_eq!(one.hierarchy(), pool.hierarchy());
    let template = RouteRequest::new("Xi'an", "Duisburg").by(Objective::WorstTime);
    let mut a = one.customize_with_threads(&template, 1).unwrap();
    let mut b = pool.customize_with_threads(&template, 0).unwrap();
    for to in ["Baku", "Tashkent", "Duisburg", "Aktau"] {
        let (x, y) = (a.route("Xi'an", to).unwrap(), b.route("Xi'an", to).unwrap());
        assert_eq!((x.path, x.totals), (y.path, y.totals), "{to}");
    }
}

#[test]
fn prepared_networks_are_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Prepared<'static>>();
    send_sync::<Customized<'static, 'static>>();
}
