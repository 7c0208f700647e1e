//! GeoJSON import and export: the OSM-derived railway network of Central Asia against its CSV
//! twin and an independent shortest-path computation, broken files and their errors, round
//! trips of whole networks, and routes as GeoJSON.
//!
//! Expectations come from the data files (`data/osm/README.md`: 9,403 nodes and 10,624 links,
//! links meeting where end coordinates are equal) and from the import rules documented on
//! `Network::from_geojson_str`.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;
use std::time::Instant;

use corridor::{
    Commodity, DataError, Gauge, ImportOptions, Mode, Network, Objective, PlaceKind, Route,
    RouteRequest, Status,
};
use corridor::{NetworkData, Sourced};
use geo::{Distance, Geodesic};
use geojson::{GeoJson, GeometryValue};
use petgraph::algo::dijkstra;
use petgraph::graph::{NodeIndex, UnGraph};
use serde_json::{json, Value};

const OSM_GEOJSON: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/osm/osm_railways_central_asia.geojson"
);
const OSM_NODES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/osm/osm_railways_central_asia.nodes.csv"
);
const OSM_EDGES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/osm/osm_railways_central_asia.edges.csv"
);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The OSM network, imported once for all tests (they run in parallel threads).
fn osm() -> &'static Network {
    static NET: OnceLock<Network> = OnceLock::new();
    NET.get_or_init(|| {
        let t = Instant::now();
        let net = Network::from_geojson_file(OSM_GEOJSON, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        eprintln!(
            "imported {OSM_GEOJSON} ({} places, {} links) in {:.1} ms",
            net.places().len(),
            net.links().len(),
            t.elapsed().as_secs_f64() * 1e3
        );
        net
    })
}

/// The raw OSM GeoJSON, parsed as plain JSON.
fn osm_raw() -> Value {
    serde_json::from_str(&std::fs::read_to_string(OSM_GEOJSON).unwrap()).unwrap()
}

/// The CSV twin of the OSM network, read with plain line splitting.
struct Csv {
    /// Node id and (lon, lat), in file order.
    nodes: Vec<(String, [f64; 2])>,
    /// (from id, to id, length km, mode).
    edges: Vec<(String, String, f64, String)>,
}

fn csv() -> &'static Csv {
    static CSV: OnceLock<Csv> = OnceLock::new();
    CSV.get_or_init(|| {
        let nodes_text = std::fs::read_to_string(OSM_NODES).unwrap();
        let mut lines = nodes_text.lines();
        assert_eq!(lines.next(), Some("id,lat,lon"));
        let nodes = lines
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                assert_eq!(f.len(), 3, "{l}");
                let lat: f64 = f[1].parse().unwrap();
                let lon: f64 = f[2].parse().unwrap();
                (f[0].to_string(), [lon, lat])
            })
            .collect();
        let edges_text = std::fs::read_to_string(OSM_EDGES).unwrap();
        let mut lines = edges_text.lines();
        assert_eq!(lines.next(), Some("from,to,length_km,mode"));
        let edges = lines
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                assert_eq!(f.len(), 4, "{l}");
                (
                    f[0].to_string(),
                    f[1].to_string(),
                    f[2].parse().unwrap(),
                    f[3].to_string(),
                )
            })
            .collect();
        Csv { nodes, edges }
    })
}

fn bits(p: [f64; 2]) -> (u64, u64) {
    (p[0].to_bits(), p[1].to_bits())
}

/// An undirected edge as comparable bits: both ends' coordinates (smaller first) and length.
type EdgeKey = ((u64, u64), (u64, u64), u64);

fn edge_key(a: [f64; 2], b: [f64; 2], km: f64) -> EdgeKey {
    let (a, b) = (bits(a), bits(b));
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    (lo, hi, km.to_bits())
}

/// SplitMix64: a small deterministic generator for the test's random pairs.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A FeatureCollection of the given features (JSON values).
fn fc(features: Vec<Value>) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

fn line(coords: Value, props: Value) -> Value {
    json!({"type": "Feature", "properties": props,
           "geometry": {"type": "LineString", "coordinates": coords}})
}

fn point(id: &str, lon: f64, lat: f64, props: Value) -> Value {
    json!({"type": "Feature", "id": id, "properties": props,
           "geometry": {"type": "Point", "coordinates": [lon, lat]}})
}

fn import(text: &str) -> Result<Network, DataError> {
    Network::from_geojson_str(text, "test.geojson", &ImportOptions::default())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

// ---------------------------------------------------------------------------------------------
// The OSM railway network
// ---------------------------------------------------------------------------------------------

#[test]
fn osm_geojson_has_the_documented_counts_and_every_length_as_given() {
    let net = osm();
    // data/osm/README.md: 9,403 nodes, 10,624 links (and so do the CSV twins).
    assert_eq!(net.places().len(), 9_403);
    assert_eq!(net.links().len(), 10_624);
    assert_eq!(csv().nodes.len(), 9_403);
    assert_eq!(csv().edges.len(), 10_624);

    let raw = osm_raw();
    let features = raw["features"].as_array().unwrap();
    assert_eq!(features.len(), net.links().len());
    let data = net.to_data();
    for (i, (link, f)) in data.links.iter().zip(features).enumerate() {
        let given = f["properties"]["length_km"].as_f64().unwrap();
        assert_eq!(net.link_length_km(i), Some(given), "link {i}");
        assert_eq!(link.length_km, Some(Sourced::new(given, "imported")));
        assert_eq!(link.mode, Mode::Rail);
        // No gauge in the file: its countries' (tests/countries.rs).
        assert!(!link.gauges.is_empty());
        assert_eq!(link.gauge_origin, corridor::Origin::Derived);
        // Features without ids get `l{index}`; two-point lines need no geometry of their own.
        assert_eq!(link.id, format!("l{i}"));
        assert_eq!(link.geometry, None);
        assert!(link.properties.is_empty(), "{:?}", link.properties);
    }
    // No Point features: every place is a generated junction, its country found from its
    // coordinates (tests/countries.rs).
    for (i, p) in data.places.iter().enumerate() {
        assert_eq!(p.id, format!("n{i}"));
        assert_eq!(p.name, p.id);
        assert_eq!(p.country_origin, corridor::Origin::Derived);
        assert_eq!(p.kind, PlaceKind::Junction);
        assert_eq!(p.coord_source, "imported");
    }
    // The first feature's ends are the first two places, in file order.
    let first = &features[0]["geometry"]["coordinates"];
    let p0 = &data.places[0];
    assert_eq!(
        [p0.lon(), p0.lat()],
        [first[0][0].as_f64().unwrap(), first[0][1].as_f64().unwrap()]
    );
    assert_eq!((&*data.links[0].from, &*data.links[0].to), ("n0", "n1"));
}

#[test]
fn osm_geojson_and_csv_describe_the_same_network() {
    let net = osm();
    let csv = csv();
    let node_at: HashMap<&str, [f64; 2]> =
        csv.nodes.iter().map(|(id, p)| (id.as_str(), *p)).collect();

    let csv_nodes: BTreeSet<(u64, u64)> = csv.nodes.iter().map(|(_, p)| bits(*p)).collect();
    let geo_nodes: BTreeSet<(u64, u64)> = net
        .places()
        .iter()
        .map(|p| bits([p.lon(), p.lat()]))
        .collect();
    assert_eq!(
        csv_nodes.len(),
        csv.nodes.len(),
        "CSV nodes at distinct coordinates"
    );
    assert_eq!(geo_nodes, csv_nodes);

    let mut csv_edges: Vec<EdgeKey> = csv
        .edges
        .iter()
        .map(|(a, b, km, mode)| {
            assert_eq!(mode, "rail");
            edge_key(node_at[a.as_str()], node_at[b.as_str()], *km)
        })
        .collect();
    let mut geo_edges: Vec<EdgeKey> = net
        .links()
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (a, b) = (
                net.place_by_id(l.from().id()).unwrap(),
                net.place_by_id(l.to().id()).unwrap(),
            );
            edge_key(
                [a.lon(), a.lat()],
                [b.lon(), b.lat()],
                net.link_length_km(i).unwrap(),
            )
        })
        .collect();
    csv_edges.sort_unstable();
    geo_edges.sort_unstable();
    assert_eq!(geo_edges, csv_edges);
}

#[test]
fn osm_distances_match_an_independent_dijkstra_on_the_csv() {
    let net = osm();
    let csv = csv();
    let mut g: UnGraph<(), f64> = UnGraph::new_undirected();
    let ix: HashMap<&str, NodeIndex> = csv
        .nodes
        .iter()
        .map(|(id, _)| (id.as_str(), g.add_node(())))
        .collect();
    for (a, b, km, _) in &csv.edges {
        g.add_edge(ix[a.as_str()], ix[b.as_str()], *km);
    }
    // The GeoJSON network's place at each coordinate.
    let place_at: HashMap<(u64, u64), &str> = net
        .places()
        .iter()
        .map(|p| (bits([p.lon(), p.lat()]), p.id()))
        .collect();

    let mut rng = SplitMix64(0x00C0_FFEE_2024);
    let mut checked = 0;
    while checked < 20 {
        let (a, b) = (rng.below(csv.nodes.len()), rng.below(csv.nodes.len()));
        if a == b {
            continue;
        }
        let (na, nb) = (&csv.nodes[a], &csv.nodes[b]);
        let expected = dijkstra(&g, ix[na.0.as_str()], Some(ix[nb.0.as_str()]), |e| {
            *e.weight()
        })[&ix[nb.0.as_str()]];
        let (from, to) = (place_at[&bits(na.1)], place_at[&bits(nb.1)]);
        let route = net
            .route(&RouteRequest::new(from, to).by(Objective::Distance))
            .unwrap_or_else(|e| panic!("{from} → {to}: {e}"));
        let got = route.totals.distance_km;
        assert!(
            (got - expected).abs() <= 1e-9 * expected,
            "CSV {} → {} ({from} → {to}): routed {got} km, Dijkstra on the CSV {expected} km",
            na.0,
            nb.0
        );
        // Gauge changes and borders where the countries put them, and nothing else.
        assert!(route
            .transfers
            .iter()
            .all(|t| t.kind == corridor::TransferKind::Gauge));
        assert!(route
            .border_crossings
            .iter()
            .all(|b| b.from_country != b.to_country));
        checked += 1;
    }
}

#[test]
fn osm_joins_the_same_way_with_a_small_tolerance() {
    // Coordinates in the file have three decimals (≥ 60 m apart at these latitudes): a 1 m
    // tolerance must find exactly the junctions that equality finds.
    let text = std::fs::read_to_string(OSM_GEOJSON).unwrap();
    let opts = ImportOptions {
        join_tolerance_m: 1.0,
        ..ImportOptions::default()
    };
    let t = Instant::now();
    let tolerant = NetworkData::from_geojson_str(&text, OSM_GEOJSON, &opts).unwrap();
    eprintln!(
        "imported with a 1 m tolerance in {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(tolerant, osm().to_data());
}

// ---------------------------------------------------------------------------------------------
// Reading features and properties
// ---------------------------------------------------------------------------------------------

#[test]
fn points_name_line_ends_and_other_ends_get_generated_ids() {
    let text = fc(vec![
        line(
            json!([[70.0, 40.0], [70.5, 40.2], [71.0, 40.0]]),
            json!({"length_km": 90}),
        ),
        point(
            "tash",
            70.0,
            40.0,
            json!({"name": "Tashkent", "country": "UZ", "kind": "city", "population": 3e6}),
        ),
        line(json!([[72.0, 40.5], [71.0, 40.0]]), json!({})),
        // An isolated named place.
        point("n1", 60.0, 41.0, json!({})),
    ]);
    let net = import(&text).unwrap();
    let ids: Vec<&str> = net.places().iter().map(|p| p.id()).collect();
    // Named places first, in file order; then the line ends, skipping the taken `n1`.
    assert_eq!(ids, ["tash", "n1", "n0", "n2"]);
    let tash = net.place_by_id("tash").unwrap();
    assert_eq!(
        (tash.name(), tash.country(), tash.kind()),
        ("Tashkent", "UZ", PlaceKind::City)
    );
    assert_eq!(tash.properties()["population"], json!(3e6));
    assert_eq!(net.place_by_id("n1").unwrap().name(), "n1");

    let data = net.to_data();
    let (l0, l1) = (&data.links[0], &data.links[1]);
    assert_eq!((&*l0.id, &*l0.from, &*l0.to), ("l0", "tash", "n0"));
    assert_eq!((&*l1.id, &*l1.from, &*l1.to), ("l2", "n2", "n0"));
    // Interior vertices are kept (not places); a two-point line has no geometry of its own.
    assert_eq!(
        l0.geometry,
        Some(vec![[70.0, 40.0], [70.5, 40.2], [71.0, 40.0]])
    );
    assert_eq!(l1.geometry, None);
    // Without a length: the geodesic length, marked computed.
    let len = l1.length_km.as_ref().unwrap();
    assert_eq!(len.source, "computed");
    let expected =
        Geodesic.distance(geo::Point::new(72.0, 40.5), geo::Point::new(71.0, 40.0)) / 1000.0;
    assert!(close(len.value, expected), "{} vs {expected}", len.value);
    assert!(len.value > 90.0 && len.value < 110.0, "{}", len.value);
}

#[test]
fn geodesic_length_follows_every_vertex() {
    let coords = [[60.0, 40.0], [60.5, 40.5], [61.0, 40.0], [61.5, 40.5]];
    let net = import(&fc(vec![line(json!(coords), json!({}))])).unwrap();
    let expected: f64 = coords
        .windows(2)
        .map(|w| {
            Geodesic.distance(
                geo::Point::new(w[0][0], w[0][1]),
                geo::Point::new(w[1][0], w[1][1]),
            )
        })
        .sum::<f64>()
        / 1000.0;
    assert!(close(net.link_length_km(0).unwrap(), expected));
}

#[test]
fn properties_are_read_and_unknown_ones_kept() {
    let text = fc(vec![
        line(
            json!([[60.0, 40.0], [61.0, 40.0]]),
            json!({
                "mode": "rail", "length_km": {"value": 85.5, "source": "railway_2020", "note": "n"},
                "speed_kmh": 60, "duration_hours": 2.5, "oneway": "yes", "gauge_mm": [1520, 1435],
                "status": "under construction", "year": 2027, "name": "Test line",
                "corridor": "Middle Corridor", "cost_per_tkm": 0.03, "electrified": true,
                "osm_id": 12345
            }),
        ),
        line(
            json!([[61.0, 40.0], [62.0, 40.0]]),
            json!({"mode": "pipeline", "commodity": "natural gas", "length_km": 90}),
        ),
        line(
            json!([[62.0, 40.0], [63.0, 40.0]]),
            json!({"mode": "road", "corridor": ["A", "B"], "status": null}),
        ),
    ]);
    let data =
        NetworkData::from_geojson_str(&text, "t.geojson", &ImportOptions::default()).unwrap();
    let l = &data.links[0];
    assert_eq!(l.mode, Mode::Rail);
    assert_eq!(l.length_km.as_ref().unwrap().value, 85.5);
    assert_eq!(l.length_km.as_ref().unwrap().source, "railway_2020");
    assert_eq!(l.length_km.as_ref().unwrap().note.as_deref(), Some("n"));
    assert_eq!(l.speed_kmh, Some(Sourced::new(60.0, "imported")));
    assert_eq!(l.transit_hours, Some(Sourced::new(2.5, "imported")));
    assert!(l.oneway);
    assert_eq!(l.gauges, vec![Gauge::Russian, Gauge::Standard]);
    assert_eq!(l.status, Status::UnderConstruction);
    let year = l.year.as_ref().unwrap();
    assert_eq!(year.year, 2027);
    assert_eq!(year.event, corridor::MilestoneKind::ExpectedOpening);
    assert_eq!(l.name, "Test line");
    // No corridor list in the file: the corridor stays a property.
    assert!(l.corridors.is_empty());
    assert_eq!(l.properties["corridor"], "Middle Corridor");
    assert_eq!(l.tariff.as_ref().unwrap().usd_per_tonne_km, Some(0.03));
    assert_eq!(l.properties["electrified"], true);
    assert_eq!(l.properties["osm_id"], 12345);
    assert_eq!(l.properties.len(), 3);

    let p = &data.links[1];
    assert_eq!(
        (p.mode, p.commodity),
        (Mode::Pipeline, Some(Commodity::NaturalGas))
    );
    assert!(p.gauges.is_empty());
    let r = &data.links[2];
    assert_eq!(r.status, Status::Operational);
    assert_eq!(r.properties["corridor"], json!(["A", "B"]));
}

#[test]
fn import_options_give_the_defaults() {
    let text = fc(vec![line(json!([[60.0, 40.0], [61.0, 40.0]]), json!({}))]);
    let opts = ImportOptions {
        default_mode: Mode::Rail,
        gauge_mm: Some(1520),
        ..ImportOptions::default()
    };
    let net = Network::from_geojson_str(&text, "t", &opts).unwrap();
    assert_eq!(net.link(0).unwrap().gauges(), vec![Gauge::Russian]);
    let opts = ImportOptions {
        default_mode: Mode::Road,
        ..ImportOptions::default()
    };
    let net = Network::from_geojson_str(&text, "t", &opts).unwrap();
    assert_eq!(net.link(0).unwrap().mode(), Mode::Road);
    assert!(net.link(0).unwrap().gauges().is_empty());
}

#[test]
fn multilinestring_parts_are_links() {
    let text = fc(vec![json!({
        "type": "Feature", "id": 42, "properties": {"mode": "road", "speed_kmh": 70},
        "geometry": {"type": "MultiLineString", "coordinates": [
            [[60.0, 40.0], [60.5, 40.1], [61.0, 40.0]],
            [[61.0, 40.0], [62.0, 40.0]],
            [[65.0, 41.0], [66.0, 41.0]]
        ]}
    })]);
    let net = import(&text).unwrap();
    let ids: Vec<&str> = net.links().iter().map(|l| l.id()).collect();
    assert_eq!(ids, ["42.0", "42.1", "42.2"]);
    assert!(net.links().iter().all(|l| l.mode() == Mode::Road));
    // Parts 0 and 1 meet; part 2 is apart.
    assert_eq!(
        net.link(0).unwrap().to().id(),
        net.link(1).unwrap().from().id()
    );
    assert_eq!(net.places().len(), 5);
    assert_eq!(net.link(0).unwrap().geometry().map(<[_]>::len), Some(3));
}

#[test]
fn join_tolerance_merges_nearby_ends_into_one_place() {
    // Three line ends near (61, 40): 0 m, ~4.3 m east and ~5.6 m north of it; a Point
    // ~2.2 m away names the place. A far end ~85 m away stays apart.
    let text = fc(vec![
        line(json!([[60.0, 40.0], [61.0, 40.0]]), json!({})),
        line(json!([[61.00005, 40.0], [62.0, 40.0]]), json!({})),
        line(
            json!([[61.0, 40.00005], [61.0, 40.5], [61.0, 41.0]]),
            json!({}),
        ),
        line(json!([[61.001, 40.0], [61.001, 39.0]]), json!({})),
        point("x", 61.0, 40.00002, json!({"name": "X"})),
    ]);
    let exact = import(&text).unwrap();
    // x, then 4 lines × 2 ends, none equal: 8 generated places.
    assert_eq!(exact.places().len(), 9);

    let opts = ImportOptions {
        join_tolerance_m: 10.0,
        ..ImportOptions::default()
    };
    let net = Network::from_geojson_str(&text, "t", &opts).unwrap();
    let ids: Vec<&str> = net.places().iter().map(|p| p.id()).collect();
    assert_eq!(ids, ["x", "n0", "n1", "n2", "n3", "n4"]);
    let ends: Vec<(&str, &str)> = net
        .links()
        .iter()
        .map(|l| (l.from().id(), l.to().id()))
        .collect();
    assert_eq!(ends, [("n0", "x"), ("x", "n1"), ("x", "n2"), ("n3", "n4")]);
    // Line ends are moved onto the place they join (within the tolerance).
    let x = net.place_by_id("x").unwrap();
    assert_eq!([x.lon(), x.lat()], [61.0, 40.00002]);
    assert_eq!(
        net.link(2).unwrap().to_link().geometry,
        Some(vec![[61.0, 40.00002], [61.0, 40.5], [61.0, 41.0]])
    );
    // A generated place sits at its group's first end.
    let n0 = net.place_by_id("n0").unwrap();
    assert_eq!([n0.lon(), n0.lat()], [60.0, 40.0]);
}

#[test]
fn links_may_name_their_places() {
    // Two places at one spot: `from` / `to` say which one a line starts at.
    let text = fc(vec![
        point("a1", 60.0, 40.0, json!({})),
        point("a2", 60.0, 40.0, json!({})),
        line(json!([[60.0, 40.0], [61.0, 40.0]]), json!({"from": "a2"})),
    ]);
    let net = import(&text).unwrap();
    assert_eq!(net.link(0).unwrap().from().id(), "a2");
}

// ---------------------------------------------------------------------------------------------
// Broken files
// ---------------------------------------------------------------------------------------------

/// What a broken file must give.
enum Want {
    /// `DataError::Parse` at this line.
    Parse(usize),
    /// `DataError::Invalid` for this record and field, with these words in the message.
    Invalid(&'static str, &'static str, &'static [&'static str]),
    /// `DataError::DuplicateId` of this kind and id.
    Duplicate(&'static str, &'static str),
}

fn ok_line() -> Value {
    line(
        json!([[60.0, 40.0], [61.0, 40.0]]),
        json!({"length_km": 90}),
    )
}

#[test]
fn broken_files_give_typed_errors_naming_file_feature_and_property() {
    let with_length = |len: Value| {
        fc(vec![
            ok_line(),
            line(
                json!([[61.0, 40.0], [62.0, 40.0]]),
                json!({ "length_km": len }),
            ),
        ])
    };
    let cases: Vec<(&str, String, Want)> = vec![
        (
            "bad JSON",
            "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\" \"geometry\": null}\n]}"
                .to_string(),
            Want::Parse(3),
        ),
        ("empty file", String::new(), Want::Parse(1)),
        (
            "not a FeatureCollection",
            ok_line().to_string(),
            Want::Invalid("the top-level object", "type", &["FeatureCollection", "a Feature"]),
        ),
        (
            "wrong geometry type",
            fc(vec![
                ok_line(),
                json!({"type": "Feature", "properties": {},
                       "geometry": {"type": "Polygon", "coordinates":
                           [[[60.0, 40.0], [61.0, 40.0], [61.0, 41.0], [60.0, 40.0]]]}}),
            ]),
            Want::Invalid("feature 1", "geometry", &["Polygon", "LineString", "Point"]),
        ),
        (
            "unknown geometry type",
            fc(vec![json!({"type": "Feature", "id": "c", "properties": {},
                           "geometry": {"type": "Circle", "coordinates": [60.0, 40.0]}})]),
            Want::Invalid("feature 0 (id c)", "geometry", &["Circle"]),
        ),
        (
            "length object without a value",
            with_length(json!({"source": "osm"})),
            Want::Invalid("feature 1", "length_km", &["value"]),
        ),
        (
            "non-numeric length",
            with_length(json!("long")),
            Want::Invalid("feature 1", "length_km", &["\"long\"", "number"]),
        ),
        (
            "NaN length",
            with_length(json!("NaN")),
            Want::Invalid("feature 1", "length_km", &["\"NaN\"", "number"]),
        ),
        (
            "negative length",
            with_length(json!(-3.5)),
            Want::Invalid("feature 1", "length_km", &["-3.5", ">= 0"]),
        ),
        (
            "duplicate link ids",
            fc(vec![
                json!({"type": "Feature", "id": "a", "properties": {},
                       "geometry": {"type": "LineString", "coordinates": [[60, 40], [61, 40]]}}),
                json!({"type": "Feature", "id": "a", "properties": {},
                       "geometry": {"type": "LineString", "coordinates": [[61, 40], [62, 40]]}}),
            ]),
            Want::Duplicate("link", "a"),
        ),
        (
            "duplicate place ids",
            fc(vec![
                point("p", 60.0, 40.0, json!({})),
                point("p", 61.0, 40.0, json!({})),
            ]),
            Want::Duplicate("place", "p"),
        ),
        (
            "a LineString with one position",
            fc(vec![ok_line(), line(json!([[61.0, 40.0]]), json!({}))]),
            Want::Invalid("feature 1", "geometry", &["1 position", "at least two"]),
        ),
        (
            "a feature with null geometry",
            fc(vec![
                ok_line(),
                json!({"type": "Feature", "id": 9, "properties": {}, "geometry": null}),
            ]),
            Want::Invalid("feature 1 (id 9)", "geometry", &["missing"]),
        ),
        (
            "a feature without a geometry member",
            fc(vec![json!({"type": "Feature", "properties": {"name": "x"}})]),
            Want::Invalid("feature 0", "geometry", &["missing"]),
        ),
        (
            "latitude out of range",
            fc(vec![ok_line(), line(json!([[61.0, 40.0], [62.0, 95.0]]), json!({}))]),
            Want::Invalid("feature 1", "geometry", &["position 1", "latitude 95"]),
        ),
        (
            "longitude out of range",
            fc(vec![line(json!([[181.0, 40.0], [62.0, 45.0]]), json!({}))]),
            Want::Invalid("feature 0", "geometry", &["position 0", "longitude 181"]),
        ),
        (
            "unknown mode",
            fc(vec![line(json!([[60, 40], [61, 40]]), json!({"mode": "hovercraft"}))]),
            Want::Invalid("feature 0", "mode", &["hovercraft", "rail"]),
        ),
        (
            "unknown status",
            fc(vec![line(json!([[60, 40], [61, 40]]), json!({"status": "dreamt"}))]),
            Want::Invalid("feature 0", "status", &["dreamt", "operational"]),
        ),
        (
            "oneway not a boolean",
            fc(vec![line(json!([[60, 40], [61, 40]]), json!({"oneway": "maybe"}))]),
            Want::Invalid("feature 0", "oneway", &["maybe", "true or false"]),
        ),
        (
            "gauge not a gauge",
            fc(vec![line(json!([[60, 40], [61, 40]]), json!({"gauge_mm": [1520, 3]}))]),
            Want::Invalid("feature 0", "gauge_mm", &["3", "500"]),
        ),
        (
            "a length for several parts",
            fc(vec![json!({"type": "Feature", "id": "m", "properties": {"length_km": 10},
                           "geometry": {"type": "MultiLineString", "coordinates":
                               [[[60, 40], [61, 40]], [[62, 40], [63, 40]]]}})]),
            Want::Invalid("feature 0 (id m)", "length_km", &["MultiLineString"]),
        ),
        (
            "a Point with neither id nor name",
            fc(vec![json!({"type": "Feature", "properties": {},
                           "geometry": {"type": "Point", "coordinates": [60, 40]}})]),
            Want::Invalid("feature 0", "id", &["name"]),
        ),
        (
            "`from` naming no place",
            fc(vec![line(json!([[60, 40], [61, 40]]), json!({"from": "nowhere"}))]),
            Want::Invalid("feature 0", "from", &["nowhere"]),
        ),
        (
            "two places at an unnamed line end",
            fc(vec![
                point("a1", 60.0, 40.0, json!({})),
                point("a2", 60.0, 40.0, json!({})),
                line(json!([[61.0, 40.0], [60.0, 40.0]]), json!({})),
            ]),
            Want::Invalid("feature 2", "geometry", &["`a1`", "`a2`", "`to`"]),
        ),
        (
            "a position with one number",
            fc(vec![ok_line(), line(json!([[61.0], [62.0, 40.0]]), json!({}))]),
            Want::Invalid("feature 1", "geometry", &["position"]),
        ),
        (
            "a feature id that is an object",
            fc(vec![ok_line(), json!({"type": "Feature", "id": {"a": 1}, "properties": {},
                                      "geometry": {"type": "Point", "coordinates": [60, 40]}})]),
            Want::Invalid("feature 1", "id", &["an object"]),
        ),
        (
            "properties that are an array",
            fc(vec![json!({"type": "Feature", "id": "q", "properties": [1, 2],
                           "geometry": {"type": "Point", "coordinates": [60, 40]}})]),
            Want::Invalid("feature 0 (id q)", "properties", &["an array"]),
        ),
        (
            "a feature whose type is not Feature",
            fc(vec![ok_line(), json!({"type": "Point", "coordinates": [60, 40]})]),
            Want::Invalid("feature 1", "type", &["\"Point\""]),
        ),
        (
            "features that are not an array",
            json!({"type": "FeatureCollection", "features": {}}).to_string(),
            Want::Invalid("the top-level object", "features", &["array"]),
        ),
        (
            "a pipeline without commodity",
            fc(vec![line(json!([[60, 40], [61, 40]]), json!({"mode": "pipeline"}))]),
            Want::Invalid("feature 0", "commodity", &["commodity"]),
        ),
    ];
    for (what, text, want) in cases {
        let e = match import(&text) {
            Ok(_) => panic!("{what}: imported without error"),
            Err(e) => e,
        };
        let msg = e.to_string();
        assert!(msg.contains("test.geojson"), "{what}: {msg}");
        match (&want, &e) {
            (Want::Parse(want_line), DataError::Parse { file, line, .. }) => {
                assert_eq!(file, "test.geojson");
                assert_eq!(line, want_line, "{what}: {msg}");
            }
            (
                Want::Invalid(record, field, words),
                DataError::Invalid {
                    record: r,
                    field: f,
                    ..
                },
            ) => {
                assert!(
                    r.to_string().starts_with(record),
                    "{what}: record {r:?} in {msg}"
                );
                assert_eq!(f, field, "{what}: {msg}");
                assert!(msg.contains(record), "{what}: {msg}");
                assert!(msg.contains(&format!("`{field}`")), "{what}: {msg}");
                for w in *words {
                    assert!(msg.contains(w), "{what}: {w:?} not in {msg}");
                }
            }
            (Want::Duplicate(kind, id), DataError::DuplicateId { kind: k, id: i, .. }) => {
                assert_eq!((k, i.as_str()), (kind, *id), "{what}: {msg}");
            }
            _ => panic!("{what}: unexpected error {e:?}"),
        }
        // The same through the record-only reader.
        let e2 = NetworkData::from_geojson_str(&text, "test.geojson", &ImportOptions::default())
            .expect_err(what);
        assert_eq!(e2.to_string(), msg, "{what}");
    }
}

#[test]
fn unreadable_file_and_bad_options_are_errors() {
    let e =
        Network::from_geojson_file("no/such/file.geojson", &ImportOptions::default()).unwrap_err();
    assert!(
        matches!(e, DataError::Io { ref file, .. } if file == "no/such/file.geojson"),
        "{e}"
    );

    let text = fc(vec![ok_line()]);
    for (opts, field) in [
        (
            ImportOptions {
                join_tolerance_m: -1.0,
                ..ImportOptions::default()
            },
            "join_tolerance_m",
        ),
        (
            ImportOptions {
                join_tolerance_m: f64::NAN,
                ..ImportOptions::default()
            },
            "join_tolerance_m",
        ),
        (
            ImportOptions {
                gauge_mm: Some(3),
                ..ImportOptions::default()
            },
            "gauge_mm",
        ),
    ] {
        let e = Network::from_geojson_str(&text, "t", &opts).unwrap_err();
        assert!(
            matches!(&e, DataError::Invalid { field: f, .. } if f == field),
            "{e}"
        );
    }
}

#[test]
fn errors_found_when_building_the_network_name_the_feature() {
    // With a bibliography, sources must be its keys: a check of `Network::from_data`, which
    // reports it for `link l1`; the importer names the feature instead.
    let mut v: Value = serde_json::from_str(&fc(vec![
        ok_line(),
        line(
            json!([[61, 40], [62, 40]]),
            json!({"length_km": {"value": 95.0, "source": "no_such_source"}}),
        ),
    ]))
    .unwrap();
    v["sources"] = json!([{"key": "s1", "title": "A source"}]);
    let text = v.to_string();
    let e = import(&text).unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(&e, DataError::Invalid { record, field, .. }
                 if record.to_string() == "feature 1" && field == "length_km.source"),
        "{msg}"
    );
    assert!(msg.contains("no_such_source"), "{msg}");
    // The records alone read fine.
    let data = NetworkData::from_geojson_str(&text, "t", &ImportOptions::default()).unwrap();
    assert_eq!(data.sources.len(), 1);

    // A corridor naming a missing link: about the corridor, not a feature.
    let mut v: Value = serde_json::from_str(&fc(vec![ok_line()])).unwrap();
    v["corridors"] = json!([{"id": "k", "name": "K", "modes": ["rail"], "status": "operational",
                             "links": ["nope"]}]);
    let e = import(&v.to_string()).unwrap_err();
    assert!(
        matches!(&e, DataError::Invalid { record, .. } if record.to_string() == "corridor k"),
        "{e}"
    );
}

#[test]
fn corridor_properties_naming_known_corridors_become_link_corridors() {
    let mut v: Value = serde_json::from_str(&fc(vec![
        line(
            json!([[60, 40], [61, 40]]),
            json!({"corridor": "Kappa line"}),
        ),
        line(
            json!([[61, 40], [62, 40]]),
            json!({"corridor": ["k", "other"]}),
        ),
    ]))
    .unwrap();
    v["corridors"] = json!([{"id": "k", "name": "Kappa line", "modes": ["rail"],
                             "status": "operational", "links": ["l0"]}]);
    let net = import(&v.to_string()).unwrap();
    let data = net.to_data();
    assert_eq!(data.links[0].corridors, vec!["k".to_string()]);
    assert!(data.links[0].properties.is_empty());
    // `other` is no corridor of the file: the whole property is kept as it was.
    assert!(data.links[1].corridors.is_empty());
    assert_eq!(data.links[1].properties["corridor"], json!(["k", "other"]));
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

#[test]
fn builtin_network_round_trips_through_geojson() {
    let net = Network::central_asia();
    let text = net.to_geojson();
    let back = NetworkData::from_geojson_str(&text, "export.geojson", &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let data = net.to_data();
    assert_eq!(back.places, data.places);
    assert_eq!(back.links, data.links);
    // The collection's foreign members carry the rest.
    assert_eq!(back, data);
    // And it builds the same network.
    let rebuilt = Network::from_geojson_str(&text, "export.geojson", &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rebuilt.to_data(), data);
    // Links without a published length stay estimates from circuity.
    let estimated = data
        .links
        .iter()
        .filter(|l| l.length_km.is_none() && l.circuity.is_some())
        .count();
    assert!(estimated > 0);

    // The export is a FeatureCollection of Points (places) and LineStrings (links).
    let GeoJson::FeatureCollection(fc) = text.parse::<GeoJson>().unwrap() else {
        panic!("not a FeatureCollection")
    };
    assert_eq!(fc.features.len(), net.places().len() + net.links().len());
    let xian = &fc.features[net.places().iter().position(|p| p.id() == "xian").unwrap()];
    assert!(xian.properties.as_ref().unwrap().get("location").is_none());
    assert_eq!(
        xian.geometry.as_ref().unwrap().value,
        GeometryValue::new_point([
            net.place_by_id("xian").unwrap().lon(),
            net.place_by_id("xian").unwrap().lat()
        ])
    );
}

#[test]
fn imported_osm_network_round_trips_through_geojson() {
    let net = osm();
    let back =
        NetworkData::from_geojson_str(&net.to_geojson(), "osm.geojson", &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
    let data = net.to_data();
    assert_eq!(back.places, data.places);
    assert_eq!(back.links, data.links);
    assert_eq!(back, data);
}

#[test]
fn imported_records_with_geometry_and_properties_round_trip() {
    let text = fc(vec![
        point("a", 60.0, 40.0, json!({"name": "A", "wiki": "Q1"})),
        line(
            json!([[60.0, 40.0], [60.3, 40.4], [61.0, 40.0]]),
            json!({"osm_id": 7, "status": "planned", "year": 2031}),
        ),
        json!({"type": "Feature", "id": "m", "properties": {"mode": "road"},
               "geometry": {"type": "MultiLineString", "coordinates":
                   [[[61.0, 40.0], [62.0, 40.2]], [[62.0, 40.2], [62.5, 40.0], [63.0, 40.3]]]}}),
    ]);
    let opts = ImportOptions::default();
    let first = NetworkData::from_geojson_str(&text, "t", &opts).unwrap();
    let again = NetworkData::from_geojson_str(&first.to_geojson(), "t2", &opts).unwrap();
    assert_eq!(again, first);
    assert_eq!(first.places[0].properties["wiki"], "Q1");
    assert_eq!(first.links[0].properties["osm_id"], 7);
}

// ---------------------------------------------------------------------------------------------
// Routes as GeoJSON
// ---------------------------------------------------------------------------------------------

fn coords_of(g: &GeometryValue) -> Vec<[f64; 2]> {
    match g {
        GeometryValue::LineString { coordinates } => coordinates
            .iter()
            .map(|p| {
                assert_eq!(p.len(), 2, "positions are [lon, lat]");
                [p[0], p[1]]
            })
            .collect(),
        other => panic!("expected a LineString, got {}", other.type_name()),
    }
}

fn num(props: &serde_json::Map<String, Value>, k: &str) -> f64 {
    props[k]
        .as_f64()
        .unwrap_or_else(|| panic!("{k} missing in {props:?}"))
}

#[test]
fn route_xian_baku_as_geojson() {
    let net = Network::central_asia();
    let route: Route = net
        .route(&RouteRequest::new("Xi'an", "Baku"))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = route.to_geojson(&net);
    let GeoJson::FeatureCollection(fc) = text.parse::<GeoJson>().unwrap() else {
        panic!("not a FeatureCollection: {text}")
    };
    let (lines, points): (Vec<_>, Vec<_>) = fc.features.iter().partition(|f| {
        matches!(
            f.geometry.as_ref().unwrap().value,
            GeometryValue::LineString { .. }
        )
    });
    assert_eq!(lines.len(), route.legs.len());
    assert_eq!(
        points.len(),
        route.transfers.len() + route.border_crossings.len()
    );

    let legs: Vec<Vec<[f64; 2]>> = lines
        .iter()
        .map(|f| coords_of(&f.geometry.as_ref().unwrap().value))
        .collect();
    for c in legs.iter().flatten() {
        assert!(
            (-180.0..=180.0).contains(&c[0]) && (-90.0..=90.0).contains(&c[1]),
            "{c:?}"
        );
    }
    let xian = net.place_by_id("xian").unwrap();
    let baku = net.place_by_id("baku").unwrap();
    assert_eq!(legs[0][0], [xian.lon(), xian.lat()]);
    assert_eq!(
        *legs.last().unwrap().last().unwrap(),
        [baku.lon(), baku.lat()]
    );
    for (i, (leg, c)) in route.legs.iter().zip(&legs).enumerate() {
        let (from, to) = (
            net.place_by_id(&leg.from).unwrap(),
            net.place_by_id(&leg.to).unwrap(),
        );
        assert_eq!(c[0], [from.lon(), from.lat()], "leg {i}");
        assert_eq!(*c.last().unwrap(), [to.lon(), to.lat()], "leg {i}");
        // Without link geometry: one vertex per place passed.
        assert_eq!(c.len(), leg.links.len() + 1, "leg {i}");
    }

    // Leg, transfer and border figures add up to the totals.
    let props: Vec<&serde_json::Map<String, Value>> = fc
        .features
        .iter()
        .map(|f| f.properties.as_ref().unwrap())
        .collect();
    let sum = |k: &str, kinds: &[&str]| -> f64 {
        props
            .iter()
            .filter(|p| kinds.contains(&p["kind"].as_str().unwrap()))
            .map(|p| num(p, k))
            .sum()
    };
    let t = &route.totals;
    assert!(close(sum("distance_km", &["leg"]), t.distance_km));
    assert!(close(sum("co2_kg", &["leg"]), t.co2_kg));
    assert!(close(
        sum("duration_hours", &["leg"]) + sum("hours", &["transfer", "border_crossing"]),
        t.duration_hours
    ));
    assert!(close(
        sum("cost_usd", &["leg", "transfer", "border_crossing"]),
        t.cost_usd
    ));
    let first = lines[0].properties.as_ref().unwrap();
    assert_eq!(first["from"], "xian");
    assert_eq!(first["mode"], "rail");
    assert_eq!(first["carrier"], "rail (1435 mm)");
    assert_eq!(first["links"], json!(route.legs[0].links));
    let transfer = points[0].properties.as_ref().unwrap();
    assert_eq!(transfer["kind"], "transfer");
    assert_eq!(transfer["place"], json!(route.transfers[0].place));
    assert!(props
        .iter()
        .any(|p| p["kind"] == "border_crossing" && p["from_country"] == "CN"));
}

#[test]
fn route_geojson_follows_link_geometry_in_travel_direction() {
    // The middle line is drawn from C to B, so a route A → D travels it backwards.
    let text = fc(vec![
        point("a", 60.0, 40.0, json!({})),
        point("d", 63.0, 40.0, json!({})),
        line(json!([[60.0, 40.0], [60.5, 40.5], [61.0, 40.0]]), json!({})),
        line(
            json!([[62.0, 40.0], [61.7, 39.5], [61.3, 39.5], [61.0, 40.0]]),
            json!({}),
        ),
        line(json!([[62.0, 40.0], [63.0, 40.0]]), json!({})),
    ]);
    // One country for the made-up lines, which cross the Turkmen–Uzbek border.
    let opts = ImportOptions {
        country: Some("UZ".into()),
        ..ImportOptions::default()
    };
    let net = Network::from_geojson_str(&text, "t", &opts).unwrap();
    let route = net
        .route(&RouteRequest::new("a", "d").by(Objective::Distance))
        .unwrap();
    let GeoJson::FeatureCollection(fc) = route.to_geojson(&net).parse::<GeoJson>().unwrap() else {
        panic!()
    };
    assert_eq!(fc.features.len(), 1);
    let c = coords_of(&fc.features[0].geometry.as_ref().unwrap().value);
    assert_eq!(
        c,
        [
            [60.0, 40.0],
            [60.5, 40.5],
            [61.0, 40.0],
            [61.3, 39.5],
            [61.7, 39.5],
            [62.0, 40.0],
            [63.0, 40.0]
        ]
    );
}

#[test]
fn geojson_and_csv_importers_give_the_same_network() {
    // Both files through the crate's own importers: place ids differ (generated `n{k}` vs the
    // CSV's numbers), so compare places by coordinates and links by their ends and length.
    let from_csv = Network::from_csv_files(OSM_NODES, OSM_EDGES, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let net = osm();
    let keys = |n: &Network| -> (Vec<(u64, u64)>, Vec<EdgeKey>) {
        let mut places: Vec<_> = n
            .places()
            .iter()
            .map(|p| bits([p.lon(), p.lat()]))
            .collect();
        let mut links: Vec<_> = n
            .links()
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let at = |id: &str| {
                    let p = n.place_by_id(id).unwrap();
                    [p.lon(), p.lat()]
                };
                edge_key(
                    at(l.from().id()),
                    at(l.to().id()),
                    n.link_length_km(i).unwrap(),
                )
            })
            .collect();
        places.sort();
        links.sort();
        (places, links)
    };
    let (a, b) = (keys(net), keys(&from_csv));
    assert_eq!(a.0.len(), 9403);
    assert_eq!(a.1.len(), 10624);
    assert!(a.0 == b.0, "places differ");
    assert!(a.1 == b.1, "links differ");
    assert!(net
        .links()
        .iter()
        .zip(from_csv.links())
        .all(|(x, y)| x.mode() == y.mode()));
}
