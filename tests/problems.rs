//! Every problem of an input, not only the first: `Network::validate_all`, `Open::check` and
//! the `network_report` example, on inputs whose problems were listed by hand.

mod common;

use corridor::{DataError, Link, Mode, Network, NetworkData, Place, Sourced};

/// (file, record, field) of each problem.
fn located(problems: &[DataError]) -> Vec<(String, String, String)> {
    problems
        .iter()
        .map(|e| match e {
            DataError::Invalid {
                file,
                record,
                field,
                ..
            } => (file.clone(), record.to_string(), field.clone()),
            DataError::DuplicateId { file, kind, id } => {
                (file.clone(), format!("{kind} {id}"), "id".into())
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

fn own(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn validate_all_lists_every_problem_of_every_record() {
    let mut data = NetworkData::default();
    data.places.push(Place::new("a", "A", 70.0, 45.0));
    let mut b = Place::new("b", "", 71.0, 95.0); // no name, latitude out of range
    b.country = "Kazakhstan".into();
    data.places.push(b);
    data.places.push(Place::new("a", "Again", 72.0, 45.0)); // a repeated id
    data.places.push(Place::new("c", "C", 73.0, 45.0));
    let km = |v: f64| Sourced::new(v, "estimate");
    let mut ab = Link::new("ab", "a", "b", Mode::Road, km(-1.0)); // to a refused place, negative
    ab.gauges = vec![1520.into()]; // a road with a gauge
    data.links.push(ab);
    data.links
        .push(Link::new("ac", "a", "nowhere", Mode::Road, km(5.0)));
    data.links
        .push(Link::new("ok", "a", "c", Mode::Road, km(240.0)));
    let problems = Network::validate_all(data, "mine.json").unwrap_err().0;
    assert_eq!(
        located(&problems),
        own(&[
            ("mine.json", "place b", "name"),
            ("mine.json", "place b", "country"),
            ("mine.json", "place b", "location"),
            ("mine.json", "place a", "id"),
            // Link ab's end b is not reported: place b's problems are.
            ("mine.json", "link ab", "gauge_mm"),
            ("mine.json", "link ab", "length_km"),
            ("mine.json", "link ac", "to"),
        ])
    );
    // The first of them is what `from_data` reports.
    let mut data = NetworkData::default();
    data.places.push(Place::new("b", "", 71.0, 95.0));
    let first = Network::from_data(data, "mine.json").unwrap_err();
    assert_eq!(
        first.to_string(),
        "mine.json: place b: field `name`: is empty"
    );
}

#[test]
fn open_check_lists_every_problem_of_a_csv_pair_by_line() {
    let dir = std::env::temp_dir().join("corridor_problems_csv");
    std::fs::create_dir_all(&dir).unwrap();
    let (p, l) = (dir.join("places.csv"), dir.join("links.csv"));
    std::fs::write(
        &p,
        "id,lat,lon,kind\na,45,70,\nb,45,abc,\nc,45,72,village\nd,45,73,\n",
    )
    .unwrap();
    std::fs::write(
        &l,
        "from,to,length_km,mode\na,d,10,plane\na,d,-1,\nd,a,240,road\nd,x,1,\n",
    )
    .unwrap();
    let problems = Network::open(&p).links(&l).check().unwrap_err();
    let (pn, ln) = (p.display().to_string(), l.display().to_string());
    let at = |file: &str, line: &str, field: &str| {
        (file.to_string(), line.to_string(), field.to_string())
    };
    assert_eq!(
        located(&problems.0),
        vec![
            at(&pn, "line 3", "lon"),
            at(&pn, "line 4", "kind"),
            at(&ln, "line 2", "mode"),
            at(&ln, "line 3", "length_km"),
            at(&ln, "line 5", "to"),
        ]
    );
    // Read as a whole, one a line.
    let text = problems.to_string();
    assert!(text.starts_with("5 problems:\n  "), "{text}");
    assert_eq!(text.lines().count(), 6, "{text}");
    // `load` stops at the first.
    let first = Network::open(&p).links(&l).load().unwrap_err();
    assert_eq!(first.to_string(), problems.0[0].to_string());
}

#[test]
fn open_check_lists_every_problem_of_a_geojson_file_by_feature() {
    let path = std::env::temp_dir().join("corridor_problems.geojson");
    let line = |coords: serde_json::Value, props: serde_json::Value| {
        serde_json::json!({"type": "Feature", "properties": props,
                           "geometry": {"type": "LineString", "coordinates": coords}})
    };
    let fc = serde_json::json!({"type": "FeatureCollection", "features": [
        line(serde_json::json!([[60, 40], [61, 40]]), serde_json::json!({"length_km": 90})),
        line(serde_json::json!([[61, 40], [62, 95]]), serde_json::json!({})),
        line(serde_json::json!([[62, 40], [63, 40]]), serde_json::json!({"mode": "hovercraft"})),
        line(serde_json::json!([[63, 40], [64, 40]]), serde_json::json!({"length_km": -2})),
    ]});
    std::fs::write(&path, fc.to_string()).unwrap();
    let problems = Network::open(&path).check().unwrap_err().0;
    let name = path.display().to_string();
    assert_eq!(
        located(&problems),
        own(&[
            (&name, "feature 1", "geometry"),
            (&name, "feature 2", "mode"),
            (&name, "feature 3", "length_km"),
        ])
    );
}

#[test]
fn network_report_prints_every_problem_and_exits_2() {
    let dir = std::env::temp_dir().join("corridor_problems_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let (p, l) = (dir.join("places.csv"), dir.join("links.csv"));
    std::fs::write(&p, "id,lat,lon\na,45,70\nb,95,71\nc,45,x\n").unwrap();
    std::fs::write(&l, "from,to,length_km\na,c,1\n").unwrap();
    let out = std::process::Command::new(common::example_bin("network_report"))
        .arg(&p)
        .arg("--links")
        .arg(&l)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: 2 problems:\n"), "{err}");
    assert!(err.contains("line 3: field `lat`"), "{err}");
    assert!(err.contains("line 4: field `lon`"), "{err}");
}
