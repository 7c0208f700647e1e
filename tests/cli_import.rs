//! The `route` and `network_report` examples on imported networks: GeoJSON and CSV files,
//! `lat,lon` route ends, GeoJSON output, bad files, healing.
//!
//! `cargo test` builds the examples; this file runs the built binaries
//! (`target/<profile>/examples/route` and `network_report`). `cargo test --test cli_import`
//! alone does not rebuild them, so the tests refuse to run a binary older than any file its
//! dep-info (`route.d`, `network_report.d`) lists.
//!
//! Expected figures come from the raw data files, with this file's own brute-force nearest
//! place (by `geo::Geodesic`) and a petgraph Dijkstra.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Output};

use geo::{Distance, Geodesic, Point};
use petgraph::graph::{NodeIndex, UnGraph};
use serde_json::Value;

mod common;
use common::{dist3, ecef, example_bin};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/osm");

fn data(file: &str) -> String {
    format!("{DATA}/{file}")
}

// ---------------------------------------------------------------------------------------------
// Running the examples
// ---------------------------------------------------------------------------------------------

fn run(name: &str, args: &[&str]) -> Output {
    Command::new(example_bin(name))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run the {name} example: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `name` with `args`, expects exit status 0, returns stdout.
fn ok(name: &str, args: &[&str]) -> String {
    let o = run(name, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{name} {args:?}: stderr: {}",
        stderr(&o)
    );
    stdout(&o)
}

/// Expects exit status `code` and nothing on stdout; returns stderr.
fn fails(name: &str, code: i32, args: &[&str]) -> String {
    let o = run(name, args);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "{name} {args:?}: stdout: {} stderr: {err}",
        stdout(&o)
    );
    assert!(
        o.stdout.is_empty(),
        "{name} {args:?}: stdout: {}",
        stdout(&o)
    );
    assert!(err.starts_with("error: "), "{name} {args:?}: stderr: {err}");
    err
}

/// A file under the temporary directory, unique to this test process.
fn temp_file(name: &str, contents: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("corridor_cli_import_{}_{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("`{key}` is not a number in {v}"))
}

fn rel_close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}

// ---------------------------------------------------------------------------------------------
// The OSM Central Asia network, read independently
// ---------------------------------------------------------------------------------------------

struct Raw {
    ids: Vec<String>,
    pts: Vec<Point>,
    xyz: Vec<[f64; 3]>,
    graph: UnGraph<(), f64>,
}

impl Raw {
    /// `osm_railways_central_asia.nodes.csv` and `.edges.csv`, parsed by hand.
    fn load() -> Raw {
        Raw::from_csv(
            &std::fs::read_to_string(data("osm_railways_central_asia.nodes.csv")).unwrap(),
            &std::fs::read_to_string(data("osm_railways_central_asia.edges.csv")).unwrap(),
        )
    }

    /// `osm_railways_world.nodes.csv.gz` and `.edges.csv.gz`, decompressed and parsed by hand.
    fn world() -> Raw {
        let gunzip = |file: &str| {
            let mut text = String::new();
            let gz = std::fs::File::open(data(file)).unwrap();
            flate2::read::GzDecoder::new(gz)
                .read_to_string(&mut text)
                .unwrap();
            text
        };
        Raw::from_csv(
            &gunzip("osm_railways_world.nodes.csv.gz"),
            &gunzip("osm_railways_world.edges.csv.gz"),
        )
    }

    /// A place file `id,lat,lon` and a link file `from,to,length_km,mode`, parsed by hand.
    fn from_csv(nodes: &str, edges: &str) -> Raw {
        let mut lines = nodes.lines();
        assert_eq!(lines.next(), Some("id,lat,lon"));
        let (mut ids, mut pts) = (Vec::new(), Vec::new());
        for l in lines {
            let f: Vec<&str> = l.split(',').collect();
            ids.push(f[0].to_string());
            pts.push(Point::new(f[2].parse().unwrap(), f[1].parse().unwrap()));
        }
        let ix: HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let mut graph = UnGraph::<(), f64>::default();
        for _ in &ids {
            graph.add_node(());
        }
        let mut lines = edges.lines();
        assert_eq!(lines.next(), Some("from,to,length_km,mode"));
        for l in lines {
            let f: Vec<&str> = l.split(',').collect();
            graph.add_edge(
                NodeIndex::new(ix[f[0]]),
                NodeIndex::new(ix[f[1]]),
                f[2].parse().unwrap(),
            );
        }
        let xyz = pts.iter().map(|p| ecef(*p)).collect();
        Raw {
            ids,
            pts,
            xyz,
            graph,
        }
    }

    /// The node nearest to `x` by geodesic distance (exhaustive), and the distance, km.
    fn nearest(&self, x: Point) -> (usize, f64) {
        let cx = ecef(x);
        let mut order: Vec<(f64, usize)> = self
            .xyz
            .iter()
            .enumerate()
            .map(|(i, p)| (dist3(&cx, p), i))
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut best = (usize::MAX, f64::INFINITY);
        for (chord, i) in order {
            if chord > best.1 * (1.0 + 1e-9) {
                break;
            }
            let d = Geodesic.distance(x, self.pts[i]) / 1000.0;
            if d < best.1 {
                best = (i, d);
            }
        }
        best
    }

    /// Shortest distance between two nodes along the edges, km.
    fn shortest_km(&self, a: usize, b: usize) -> f64 {
        let dist = petgraph::algo::dijkstra(
            &self.graph,
            NodeIndex::new(a),
            Some(NodeIndex::new(b)),
            |e| *e.weight(),
        );
        dist[&NodeIndex::new(b)]
    }
}

/// (lat, lon) pairs: Almaty → Tashkent, Astana → Shymkent, Samarkand → Khujand.
const TRIPS: [((f64, f64), (f64, f64)); 3] = [
    ((43.24, 76.89), (41.30, 69.24)),
    ((51.13, 71.43), (42.32, 69.59)),
    ((39.65, 66.96), (40.28, 69.62)),
];

struct Expected {
    from: usize,
    from_km: f64,
    to: usize,
    to_km: f64,
    distance_km: f64,
}

fn expected(raw: &Raw, from: (f64, f64), to: (f64, f64)) -> Expected {
    let (a, from_km) = raw.nearest(Point::new(from.1, from.0));
    let (b, to_km) = raw.nearest(Point::new(to.1, to.0));
    Expected {
        from: a,
        from_km,
        to: b,
        to_km,
        distance_km: raw.shortest_km(a, b),
    }
}

fn coord((lat, lon): (f64, f64)) -> String {
    format!("{lat},{lon}")
}

/// `route` arguments for the shortest route from `from` to `to` on `files` (a network file, or
/// a place file and its link file), then `extra`.
fn by_distance<'a>(
    files: &[&'a str],
    from: &'a str,
    to: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec!["--network", files[0]];
    if let Some(links) = files.get(1) {
        args.extend(["--links", links]);
    }
    args.extend(["--from", from, "--to", to, "--by", "distance"]);
    args.extend(extra);
    args
}

fn check_route_json(out: &str, want: &Expected, what: &str) -> Value {
    let r: Value =
        serde_json::from_str(out).unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{out}"));
    let from_snap = num(&r["from"], "snap_km");
    let to_snap = num(&r["to"], "snap_km");
    assert!(
        rel_close(from_snap, want.from_km, 1e-9),
        "{what}: from.snap_km {from_snap} vs {}",
        want.from_km
    );
    assert!(
        rel_close(to_snap, want.to_km, 1e-9),
        "{what}: to.snap_km {to_snap} vs {}",
        want.to_km
    );
    let km = num(&r["totals"], "distance_km");
    assert!(
        rel_close(km, want.distance_km, 1e-9),
        "{what}: distance {km} vs Dijkstra {}",
        want.distance_km
    );
    r
}

// ---------------------------------------------------------------------------------------------
// route on imported networks
// ---------------------------------------------------------------------------------------------

#[test]
fn route_on_osm_geojson_between_coordinates_is_the_shortest_path() {
    let raw = Raw::load();
    let geojson = data("osm_railways_central_asia.geojson");
    for (from, to) in TRIPS {
        let want = expected(&raw, from, to);
        let (f, t) = (coord(from), coord(to));
        let out = ok(
            "route",
            &by_distance(&[&geojson], &f, &t, &["--format", "json"]),
        );
        check_route_json(&out, &want, &format!("GeoJSON {f} → {t}"));
    }
}

#[test]
fn route_on_osm_csv_between_coordinates_is_the_shortest_path() {
    let raw = Raw::load();
    let (nodes, edges) = (
        data("osm_railways_central_asia.nodes.csv"),
        data("osm_railways_central_asia.edges.csv"),
    );
    for (from, to) in TRIPS {
        let want = expected(&raw, from, to);
        let (f, t) = (coord(from), coord(to));
        let out = ok(
            "route",
            &by_distance(&[&nodes, &edges], &f, &t, &["--format", "json"]),
        );
        let r = check_route_json(&out, &want, &format!("CSV {f} → {t}"));
        // The CSV keeps the node ids: the route ends are the nearest nodes.
        assert_eq!(r["from"]["id"], raw.ids[want.from].as_str(), "{f}");
        assert_eq!(r["to"]["id"], raw.ids[want.to].as_str(), "{t}");
    }
}

/// The README's query on the world railways, straight from the gzipped files: Berlin to
/// Beijing.
#[test]
fn route_on_the_gzipped_world_network_is_the_shortest_path() {
    let raw = Raw::world();
    let (from, to) = ((52.52, 13.40), (39.90, 116.40));
    let want = expected(&raw, from, to);
    let (nodes, edges) = (
        data("osm_railways_world.nodes.csv.gz"),
        data("osm_railways_world.edges.csv.gz"),
    );
    let (f, t) = (coord(from), coord(to));
    let out = ok("route", &by_distance(&[&nodes, &edges], &f, &t, &[]));
    let (a, b) = (&raw.ids[want.from], &raw.ids[want.to]);
    for line in [
        format!(
            "(from: the coordinate snapped to {a}, {:.1} km away)",
            want.from_km
        ),
        format!(
            "(to: the coordinate snapped to {b}, {:.1} km away)",
            want.to_km
        ),
        format!("{a} → {b}: shortest route for 1 TEU of container"),
        format!("Total: {:.0} km, ", want.distance_km),
    ] {
        assert!(out.contains(&line), "{line} not in:\n{out}");
    }
}

#[test]
fn route_geojson_output_is_a_feature_collection_from_end_to_end() {
    let raw = Raw::load();
    let geojson = data("osm_railways_central_asia.geojson");
    let (from, to) = TRIPS[0];
    let want = expected(&raw, from, to);
    let (f, t) = (coord(from), coord(to));
    let out = ok(
        "route",
        &by_distance(&[&geojson], &f, &t, &["--format", "geojson"]),
    );
    let fc: geojson::FeatureCollection = out
        .parse()
        .unwrap_or_else(|e| panic!("not a GeoJSON FeatureCollection ({e}):\n{out}"));
    let lines: Vec<&Vec<geojson::Position>> = fc
        .features
        .iter()
        .filter_map(|f| match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::LineString { coordinates }) => Some(coordinates),
            _ => None,
        })
        .collect();
    assert!(!lines.is_empty(), "no LineString in {out}");
    for line in &lines {
        assert!(line.len() >= 2);
        for p in line.iter() {
            assert_eq!(p.len(), 2, "{p:?}");
            assert!((-180.0..=180.0).contains(&p[0]), "longitude {p:?}");
            assert!((-90.0..=90.0).contains(&p[1]), "latitude {p:?}");
        }
    }
    let first = &lines[0][0];
    let last = lines.last().unwrap().last().unwrap();
    let (a, b) = (raw.pts[want.from], raw.pts[want.to]);
    assert_eq!((first[0], first[1]), (a.x(), a.y()), "first coordinate");
    assert_eq!((last[0], last[1]), (b.x(), b.y()), "last coordinate");
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

#[test]
fn route_names_the_file_record_and_field_of_a_bad_network() {
    let bad_length = temp_file(
        "bad_length.geojson",
        r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"length_km": 10},
           "geometry": {"type": "LineString", "coordinates": [[70, 40], [70.1, 40]]}},
          {"type": "Feature", "properties": {"length_km": -3},
           "geometry": {"type": "LineString", "coordinates": [[70.1, 40], [70.2, 40]]}}]}"#,
    );
    let p = bad_length.display().to_string();
    let err = fails(
        "route",
        2,
        &["--network", &p, "--from", "40,70", "--to", "40,70.2"],
    );
    assert!(err.contains(&p), "{err}");
    assert!(
        err.contains("feature 1") && err.contains("length_km"),
        "{err}"
    );

    let bad_lon = temp_file(
        "bad_lon.geojson",
        r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {},
           "geometry": {"type": "LineString", "coordinates": [[70, 40], [70.1, 40]]}},
          {"type": "Feature", "properties": {},
           "geometry": {"type": "LineString", "coordinates": [[70.1, 40], [70.2, 40]]}},
          {"type": "Feature", "properties": {},
           "geometry": {"type": "LineString", "coordinates": [[70.2, 40], [270.2, 40]]}}]}"#,
    );
    let p = bad_lon.display().to_string();
    let err = fails(
        "route",
        2,
        &["--network", &p, "--from", "40,70", "--to", "40,70.2"],
    );
    assert!(err.contains(&p), "{err}");
    assert!(
        err.contains("feature 2") && (err.contains("geometry") || err.contains("coordinates")),
        "{err}"
    );
    assert!(err.contains("270.2"), "{err}");

    let bad_mode = temp_file(
        "bad_mode.geojson",
        r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"mode": "boat"},
           "geometry": {"type": "LineString", "coordinates": [[70, 40], [70.1, 40]]}}]}"#,
    );
    let p = bad_mode.display().to_string();
    let err = fails(
        "route",
        2,
        &["--network", &p, "--from", "40,70", "--to", "40,70.1"],
    );
    assert!(
        err.contains(&p) && err.contains("feature 0") && err.contains("mode"),
        "{err}"
    );

    // Not JSON at all: the line and column.
    let truncated = temp_file("truncated.geojson", "{\"type\": \"FeatureCollection\",\n");
    let p = truncated.display().to_string();
    let err = fails(
        "route",
        2,
        &["--network", &p, "--from", "40,70", "--to", "40,70.1"],
    );
    assert!(err.contains(&format!("{p}:2:")), "{err}");

    // CSV: the file, the line (the header is line 1) and the column.
    let bad_nodes = temp_file("bad_nodes.csv", "id,lat,lon\na,40,70\nb,95,70.1\n");
    let edges = temp_file("edges.csv", "from,to,length_km\na,b,12\n");
    let (pn, pe) = (bad_nodes.display().to_string(), edges.display().to_string());
    let err = fails(
        "route",
        2,
        &["--network", &pn, "--links", &pe, "--from", "a", "--to", "b"],
    );
    assert!(
        err.contains(&pn) && err.contains("line 3") && err.contains("lat"),
        "{err}"
    );

    let nodes = temp_file("nodes.csv", "id,lat,lon\na,40,70\nb,40,70.1\n");
    let bad_edges = temp_file("bad_edges.csv", "from,to,length_km\na,b,12\nb,c,3\n");
    let (pn, pe) = (nodes.display().to_string(), bad_edges.display().to_string());
    let err = fails(
        "route",
        2,
        &["--network", &pn, "--links", &pe, "--from", "a", "--to", "b"],
    );
    assert!(
        err.contains(&pe) && err.contains("line 3") && err.contains("`to`"),
        "{err}"
    );
    // The good pair routes.
    let good_edges = temp_file("good_edges.csv", "from,to,length_km\na,b,12\n");
    let pe = good_edges.display().to_string();
    let out = ok(
        "route",
        &[
            "--network",
            &pn,
            "--links",
            &pe,
            "--from",
            "a",
            "--to",
            "b",
            "--format",
            "json",
        ],
    );
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(num(&r["totals"], "distance_km"), 12.0);

    // A file that does not exist.
    let missing = std::env::temp_dir().join("corridor_cli_import_no_such_file.geojson");
    let p = missing.display().to_string();
    let err = fails("route", 2, &["--network", &p, "--from", "a", "--to", "b"]);
    assert!(err.contains(&p), "{err}");

    for f in [
        bad_length, bad_lon, bad_mode, truncated, bad_nodes, edges, nodes, bad_edges, good_edges,
    ] {
        let _ = std::fs::remove_file(f);
    }
}

#[test]
fn route_needs_network_with_links_and_links_with_a_place_csv() {
    let edges = data("osm_railways_central_asia.edges.csv");
    let o = run("route", &["--links", &edges, "--from", "a", "--to", "b"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("--network"), "{}", stderr(&o));

    // A place CSV alone is not a network.
    let nodes = data("osm_railways_central_asia.nodes.csv");
    let err = fails(
        "route",
        2,
        &["--network", &nodes, "--from", "a", "--to", "b"],
    );
    assert!(err.contains(&nodes) && err.contains("links"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// network_report
// ---------------------------------------------------------------------------------------------

/// Places (distinct line ends) and links (features) of the OSM GeoJSON, counted here; and the
/// number of connected pieces by this file's own reckoning (petgraph's component count).
fn osm_geojson_counts() -> (usize, usize, usize) {
    let text = std::fs::read_to_string(data("osm_railways_central_asia.geojson")).unwrap();
    let fc: geojson::FeatureCollection = text.parse().unwrap();
    let mut ends: HashMap<(u64, u64), usize> = HashMap::new();
    let mut graph = UnGraph::<(), ()>::default();
    let mut node = |p: &geojson::Position, graph: &mut UnGraph<(), ()>| {
        let key = (p[0].to_bits(), p[1].to_bits());
        *ends
            .entry(key)
            .or_insert_with(|| graph.add_node(()).index())
    };
    for f in &fc.features {
        match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::LineString { coordinates }) => {
                let a = node(&coordinates[0], &mut graph);
                let b = node(coordinates.last().unwrap(), &mut graph);
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
            }
            other => panic!("unexpected geometry {other:?}"),
        }
    }
    let pieces = petgraph::algo::connected_components(&graph);
    (graph.node_count(), fc.features.len(), pieces)
}

#[test]
fn network_report_on_the_osm_geojson() {
    let (places, links, pieces) = osm_geojson_counts();
    // The data README's figures.
    assert_eq!((places, links, pieces), (9403, 10624, 1));
    let file = data("osm_railways_central_asia.geojson");
    let out = ok("network_report", &[&file]);
    assert!(out.contains(&file), "{out}");
    assert!(
        out.contains(&format!("{places} places, {links} links")),
        "{out}"
    );
    assert!(
        out.contains(&format!("Connected pieces: {pieces}\n")),
        "{out}"
    );

    let out = ok("network_report", &[&file, "--format", "json"]);
    let r: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"));
    assert_eq!(r["places"], places);
    assert_eq!(r["links"], links);
    assert_eq!(r["links_by_mode"]["rail"], links);
    let ps = r["pieces"].as_array().unwrap();
    assert_eq!(ps.len(), pieces);
    let sum = |k: &str| {
        ps.iter()
            .map(|p| p[k].as_u64().unwrap() as usize)
            .sum::<usize>()
    };
    assert_eq!(sum("places"), places);
    assert_eq!(sum("links"), links);
    // Total length: the features' `length_km`, summed here.
    let text = std::fs::read_to_string(&file).unwrap();
    let fc: geojson::FeatureCollection = text.parse().unwrap();
    let total: f64 = fc
        .features
        .iter()
        .map(|f| f.property("length_km").unwrap().as_f64().unwrap())
        .sum();
    assert!(
        rel_close(num(&r, "total_km"), total, 1e-9),
        "{} vs {total}",
        r["total_km"]
    );
}

#[test]
fn network_report_on_the_osm_csv_agrees_with_the_geojson() {
    let (places, links, _) = osm_geojson_counts();
    let (nodes, edges) = (
        data("osm_railways_central_asia.nodes.csv"),
        data("osm_railways_central_asia.edges.csv"),
    );
    let out = ok(
        "network_report",
        &[&nodes, "--links", &edges, "--format", "json"],
    );
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (r["places"].as_u64(), r["links"].as_u64()),
        (Some(places as u64), Some(links as u64))
    );
    let raw = Raw::load();
    assert_eq!(
        r["pieces"].as_array().unwrap().len(),
        petgraph::algo::connected_components(&raw.graph)
    );
}

#[test]
fn network_report_heals_a_two_piece_file() {
    // Two lines along the 45th parallel; the gap between them is 0.04° of longitude, about
    // 3.15 km (111.3 km × cos 45° × 0.04), whatever the Earth model.
    let gap_km = Geodesic.distance(Point::new(70.1, 45.0), Point::new(70.14, 45.0)) / 1000.0;
    assert!((3.0..3.3).contains(&gap_km), "{gap_km}");
    let two = temp_file(
        "two_pieces.geojson",
        r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {},
           "geometry": {"type": "LineString", "coordinates": [[70.0, 45.0], [70.1, 45.0]]}},
          {"type": "Feature", "properties": {},
           "geometry": {"type": "LineString", "coordinates": [[70.14, 45.0], [70.3, 45.0]]}}]}"#,
    );
    let p = two.display().to_string();

    let o = run("network_report", &[&p, "--heal", "5"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let counts: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("Connected pieces: "))
        .collect();
    assert_eq!(
        counts,
        ["Connected pieces: 2", "Connected pieces: 1"],
        "{out}"
    );
    assert!(stderr(&o).contains("1 links added"), "{}", stderr(&o));

    let out = ok("network_report", &[&p, "--heal", "5", "--format", "json"]);
    let reports: Vec<Value> = serde_json::Deserializer::from_str(&out)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}:\n{out}"));
    assert_eq!(reports.len(), 2, "{out}");
    assert_eq!(reports[0]["pieces"].as_array().unwrap().len(), 2);
    assert_eq!(reports[1]["pieces"].as_array().unwrap().len(), 1);
    assert_eq!(reports[1]["places"], 4);
    assert_eq!(reports[1]["links"], 3);
    let added = num(&reports[1], "total_km") - num(&reports[0], "total_km");
    assert!(rel_close(added, gap_km, 1e-9), "{added} vs {gap_km}");

    // A gap wider than the limit stays open.
    let out = ok("network_report", &[&p, "--heal", "3", "--format", "json"]);
    let reports: Vec<Value> = serde_json::Deserializer::from_str(&out)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(reports[1]["pieces"].as_array().unwrap().len(), 2);

    let _ = std::fs::remove_file(two);
}

#[test]
fn network_report_rejects_a_bad_file_and_a_bad_gap() {
    let bad = temp_file(
        "report_bad.geojson",
        r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"length_km": "long"},
           "geometry": {"type": "LineString", "coordinates": [[70, 40], [70.1, 40]]}}]}"#,
    );
    let p = bad.display().to_string();
    let err = fails("network_report", 2, &[&p]);
    assert!(
        err.contains(&p) && err.contains("feature 0") && err.contains("length_km"),
        "{err}"
    );
    let _ = std::fs::remove_file(bad);

    let file = data("osm_railways_central_asia.geojson");
    let o = run("network_report", &[&file, "--heal=-1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("max_gap_km"), "{}", stderr(&o));
}

#[test]
fn raw_osm_files_agree_with_each_other() {
    // The CSV and GeoJSON versions are the same network: same nodes, same links.
    let raw = Raw::load();
    let text = std::fs::read_to_string(data("osm_railways_central_asia.geojson")).unwrap();
    let fc: geojson::FeatureCollection = text.parse().unwrap();
    let nodes: HashSet<(u64, u64)> = raw
        .pts
        .iter()
        .map(|p| (p.x().to_bits(), p.y().to_bits()))
        .collect();
    assert_eq!(nodes.len(), raw.pts.len());
    assert_eq!(fc.features.len(), raw.graph.edge_count());
}
