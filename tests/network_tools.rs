//! Network diagnostics (`Network::report`), healing (`Network::heal`), merging
//! (`Network::merge`) and snapping coordinates to places (`Network::nearest_place`, `lat,lon`
//! route ends).
//!
//! Every expected figure is worked out here, independently of the crate: by hand from small
//! crafted networks, or by a second algorithm (this file's own union–find, Kruskal, brute-force
//! nearest neighbour by `geo::Geodesic`, the straight line through the WGS 84 ellipsoid as a
//! lower bound of every geodesic).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufReader};

use corridor::{
    CargoKind, DataError, ImportOptions, Link, Mode, Network, NetworkReport, Objective,
    RouteRequest,
};
use geo::{Distance, Geodesic, Point};

mod common;
use common::{dist3, ecef};

const OSM_GEOJSON: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/osm/osm_railways_central_asia.geojson"
);
const WORLD_NODES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/osm/osm_railways_world.nodes.csv.gz"
);
const WORLD_EDGES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/osm/osm_railways_world.edges.csv.gz"
);

// ---------------------------------------------------------------------------------------------
// Independent helpers
// ---------------------------------------------------------------------------------------------

/// Geodesic distance on the WGS 84 ellipsoid, km, in the argument order given.
fn geo_km(a: Point, b: Point) -> f64 {
    Geodesic.distance(a, b) / 1000.0
}

/// The straight line through the ellipsoid between two points of its surface, km: a curve on
/// the surface (the geodesic) can never be shorter.
fn chord_km(a: Point, b: Point) -> f64 {
    dist3(&ecef(a), &ecef(b))
}

fn rel_close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}

/// Index of the point of `pts` nearest to `x` by geodesic distance, with that distance (km).
/// Exhaustive: candidates are taken in order of their straight-line distance (a lower bound of
/// the geodesic), and the search stops only when that bound exceeds the best geodesic found.
fn nearest_brute(pts: &[Point], xyz: &[[f64; 3]], x: Point) -> (usize, f64) {
    let cx = ecef(x);
    let mut order: Vec<(f64, usize)> = xyz
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
        let d = geo_km(x, pts[i]);
        if d < best.1 {
            best = (i, d);
        }
    }
    best
}

/// Union–find with sizes.
struct Dsu {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl Dsu {
    fn new(n: usize) -> Self {
        Dsu {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut v: usize) -> usize {
        let mut root = v;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        while self.parent[v] != root {
            let next = self.parent[v];
            self.parent[v] = root;
            v = next;
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) -> bool {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        if self.size[ra] < self.size[rb] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb] = ra;
        self.size[ra] += self.size[rb];
        true
    }

    /// Sizes of the sets, largest first.
    fn sizes(&mut self) -> Vec<usize> {
        let n = self.parent.len();
        let mut count: HashMap<usize, usize> = HashMap::new();
        for v in 0..n {
            *count.entry(self.find(v)).or_default() += 1;
        }
        let mut s: Vec<usize> = count.into_values().collect();
        s.sort_unstable_by(|a, b| b.cmp(a));
        s
    }
}

/// A place's index in `net` by id.
fn index_of(net: &Network) -> HashMap<String, usize> {
    net.places()
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id().to_string(), i))
        .collect()
}

/// Union–find over the places of `net`, joined by its links (both ways).
fn pieces_of(net: &Network) -> Dsu {
    let ix = index_of(net);
    let mut dsu = Dsu::new(net.places().len());
    for l in net.links() {
        dsu.union(ix[l.from().id()], ix[l.to().id()]);
    }
    dsu
}

/// `{"value": v, "source": "estimate"}` with `v` written so that it reads back exactly.
fn fig(v: f64) -> String {
    format!(r#"{{"value": {v:?}, "source": "estimate"}}"#)
}

fn sorted_groups(groups: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut g: Vec<Vec<String>> = groups
        .iter()
        .map(|ids| {
            let mut ids = ids.clone();
            ids.sort();
            ids
        })
        .collect();
    g.sort();
    g
}

fn strs(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// Network::report on crafted networks
// ---------------------------------------------------------------------------------------------

/// Places `[id, lon, lat]` of the crafted network, in file order.
const PLACES: [(&str, f64, f64); 8] = [
    ("a", 70.0, 45.0),
    ("b", 70.5, 45.2),
    ("c", 71.0, 44.9),
    ("d", 75.0, 40.0),
    ("e", 75.2, 40.1),
    ("g", 75.1, 39.8),
    ("h", 74.9, 40.3),
    ("f", 60.0, 50.0),
];

fn pt(id: &str) -> Point {
    let (_, lon, lat) = PLACES.iter().find(|p| p.0 == id).expect("crafted place");
    Point::new(*lon, *lat)
}

/// A link of the crafted network: id, from, to, mode, length (km).
type CraftedLink = (&'static str, &'static str, &'static str, Mode, f64);

/// Three pieces: {a, b, c} with a self-loop, a road and a rail between b and c, three rail
/// links between b and c (duplicates whatever their direction), two road links between a and c
/// (duplicates) and a sea link between them (not a duplicate of the roads); {d, e, g, h} with a
/// link exactly 3× its straight line, one just below 3×, and one about 11×; and {f} alone.
///
/// Returns the network's JSON text and the length of every link (km), worked out here.
fn crafted() -> (String, Vec<CraftedLink>) {
    let de = 3.0 * geo_km(pt("d"), pt("e"));
    let eg = 3.0 * geo_km(pt("e"), pt("g")) * (1.0 - 1e-9);
    let bc_road = 1.25 * geo_km(pt("b"), pt("c"));
    // (id, from, to, mode, length)
    let links = vec![
        ("ab", "a", "b", Mode::Rail, 50.0),
        ("bc_road", "b", "c", Mode::Road, bc_road),
        ("bc_rail", "b", "c", Mode::Rail, 60.0),
        ("bc_rail2", "b", "c", Mode::Rail, 61.0),
        ("cb_rail", "c", "b", Mode::Rail, 62.0),
        ("aa", "a", "a", Mode::Rail, 5.0),
        ("ac_sea", "a", "c", Mode::Sea, 100.0),
        ("ac_road", "a", "c", Mode::Road, 90.0),
        ("ca_road", "c", "a", Mode::Road, 95.0),
        ("de", "d", "e", Mode::Rail, de),
        ("eg", "e", "g", Mode::Rail, eg),
        ("gh", "g", "h", Mode::Rail, 70.0),
        ("hd", "h", "d", Mode::Rail, 400.0),
    ];
    let places: Vec<String> = PLACES
        .iter()
        .map(|(id, lon, lat)| {
            format!(r#"{{"id": "{id}", "name": "{id}", "location": [{lon:?}, {lat:?}]}}"#)
        })
        .collect();
    let link_json: Vec<String> = links
        .iter()
        .map(|(id, from, to, mode, km)| {
            let length = if *id == "bc_road" {
                // The length from the geodesic and a circuity.
                r#""circuity": 1.25"#.to_string()
            } else {
                format!(r#""length_km": {}"#, fig(*km))
            };
            let gauge = if *mode == Mode::Rail {
                r#", "gauge_mm": [1520]"#
            } else {
                ""
            };
            format!(
                r#"{{"id": "{id}", "from": "{from}", "to": "{to}", "mode": "{mode}", {length}{gauge}}}"#
            )
        })
        .collect();
    let json = format!(
        "{{\"places\": [\n{}\n], \"links\": [\n{}\n]}}",
        places.join(",\n"),
        link_json.join(",\n")
    );
    (json, links)
}

#[test]
fn report_counts_pieces_modes_and_length_of_a_crafted_network() {
    let (json, links) = crafted();
    let net = Network::from_json_str(&json, "crafted.json").unwrap();
    let r = net.report();
    assert_eq!(r.source, "crafted.json");
    assert_eq!(r.places, 8);
    assert_eq!(r.links, 13);
    let by_mode: BTreeMap<String, usize> = [("rail", 9), ("road", 3), ("sea", 1)]
        .map(|(m, n)| (m.to_string(), n))
        .into();
    assert_eq!(r.links_by_mode, by_mode);
    let total: f64 = links.iter().map(|l| l.4).sum();
    assert!(
        rel_close(r.total_km, total, 1e-12),
        "{} vs {total}",
        r.total_km
    );

    // Pieces, largest first: {d, e, g, h} (4 links), {a, b, c} (9 links), {f} (none).
    let got: Vec<(usize, usize, [f64; 4], Vec<String>)> = r
        .pieces
        .iter()
        .map(|p| (p.places, p.links, p.extent, p.sample.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (4, 4, [74.9, 39.8, 75.2, 40.3], strs(&["d", "e", "g"])),
            (3, 9, [70.0, 44.9, 71.0, 45.2], strs(&["a", "b", "c"])),
            (1, 0, [60.0, 50.0, 60.0, 50.0], strs(&["f"])),
        ],
        "{r}"
    );

    assert_eq!(r.self_loops, strs(&["aa"]));
    // Same two places and mode, whichever way round; the road and the sea link between a and
    // c, and the road between b and c, are no duplicates of links of other modes.
    assert_eq!(
        sorted_groups(&r.duplicate_links),
        vec![
            strs(&["ac_road", "ca_road"]),
            strs(&["bc_rail", "bc_rail2", "cb_rail"])
        ]
    );

    // Stretched at the default 3×: hd (about 11.6×) and de (exactly 3×), not eg (just below).
    assert_eq!(r.stretch_threshold, 3.0);
    let ids: Vec<&str> = r.stretched_links.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["hd", "de"], "{r}");
    let hd_straight = geo_km(pt("h"), pt("d"));
    let s = &r.stretched_links[0];
    assert!(rel_close(s.straight_km, hd_straight, 1e-12));
    assert!(rel_close(s.length_km, 400.0, 1e-15));
    assert!(rel_close(s.ratio, 400.0 / hd_straight, 1e-12));
    let s = &r.stretched_links[1];
    assert!(rel_close(s.straight_km, geo_km(pt("d"), pt("e")), 1e-12));
    assert!(rel_close(s.ratio, 3.0, 1e-12), "{}", s.ratio);
}

#[test]
fn report_flags_stretched_links_by_threshold() {
    let (json, links) = crafted();
    let net = Network::from_json_str(&json, "crafted.json").unwrap();
    // Ratio of every link with two different ends, worked out here.
    let ratios: Vec<(&str, f64)> = links
        .iter()
        .filter(|l| l.1 != l.2)
        .map(|l| (l.0, l.4 / geo_km(pt(l.1), pt(l.2))))
        .collect();
    // Thresholds away from every ratio (no rounding question), and 3.0, which de meets exactly.
    // Below 1 (and NaN) no threshold means anything: every link is at least its straight line.
    for t in [0.5, 0.0, -1.0, f64::NAN, f64::INFINITY] {
        match net.report_with(t) {
            Err(DataError::Invalid { field, .. }) => assert_eq!(field, "stretch_threshold"),
            other => panic!(
                "report_with({t}): {:?}",
                other.map(|r| r.stretched_links.len())
            ),
        }
    }
    for t in [1.0, 1.1, 1.2, 1.3, 2.0, 3.0, 5.0, 11.0, 12.0, 100.0] {
        let mut want: Vec<(&str, f64)> = ratios
            .iter()
            .copied()
            .filter(|(id, r)| {
                if t == 3.0 {
                    *id == "de" || *r > 3.0
                } else {
                    *r >= t
                }
            })
            .collect();
        want.sort_by(|a, b| b.1.total_cmp(&a.1));
        let r = net.report_with(t).unwrap();
        assert_eq!(r.stretch_threshold, t);
        let got: Vec<&str> = r.stretched_links.iter().map(|s| s.id.as_str()).collect();
        let want_ids: Vec<&str> = want.iter().map(|w| w.0).collect();
        assert_eq!(got, want_ids, "threshold {t}");
        for (s, (_, ratio)) in r.stretched_links.iter().zip(&want) {
            assert!(rel_close(s.ratio, *ratio, 1e-12), "{} {}", s.id, s.ratio);
            assert!(rel_close(s.ratio, s.length_km / s.straight_km, 1e-15));
        }
    }
}

#[test]
fn report_on_a_geojson_import_and_on_an_empty_network() {
    let geojson = r#"{"type": "FeatureCollection", "features": [
      {"type": "Feature", "id": "x", "properties": {"name": "X"},
       "geometry": {"type": "Point", "coordinates": [70.0, 40.0]}},
      {"type": "Feature", "properties": {},
       "geometry": {"type": "LineString", "coordinates": [[70.0, 40.0], [70.1, 40.0]]}},
      {"type": "Feature", "properties": {},
       "geometry": {"type": "LineString", "coordinates": [[70.1, 40.0], [70.2, 40.05]]}},
      {"type": "Feature", "properties": {"mode": "road"},
       "geometry": {"type": "LineString", "coordinates": [[71.0, 41.0], [71.1, 41.0]]}}
    ]}"#;
    let net =
        Network::from_geojson_str(geojson, "lines.geojson", &ImportOptions::default()).unwrap();
    let r = net.report();
    assert_eq!((r.places, r.links), (5, 3));
    let by_mode: BTreeMap<String, usize> = [("rail", 2), ("road", 1)]
        .map(|(m, n)| (m.to_string(), n))
        .into();
    assert_eq!(r.links_by_mode, by_mode);
    // Lines without a length get their geodesic length.
    let p = |lon, lat| Point::new(lon, lat);
    let total = geo_km(p(70.0, 40.0), p(70.1, 40.0))
        + geo_km(p(70.1, 40.0), p(70.2, 40.05))
        + geo_km(p(71.0, 41.0), p(71.1, 41.0));
    assert!(
        rel_close(r.total_km, total, 1e-12),
        "{} vs {total}",
        r.total_km
    );
    let got: Vec<(usize, usize, [f64; 4])> = r
        .pieces
        .iter()
        .map(|p| (p.places, p.links, p.extent))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, 2, [70.0, 40.0, 70.2, 40.05]),
            (2, 1, [71.0, 41.0, 71.1, 41.0])
        ]
    );
    assert!(
        r.pieces[0].sample.contains(&"x".to_string()),
        "{:?}",
        r.pieces[0].sample
    );
    assert!(r.self_loops.is_empty() && r.duplicate_links.is_empty());
    assert!(r.stretched_links.is_empty());

    // Nothing at all: no pieces, nothing flagged.
    let empty = Network::from_json_str(r#"{"places": [], "links": []}"#, "empty.json").unwrap();
    let r = empty.report();
    assert_eq!((r.places, r.links, r.total_km), (0, 0, 0.0));
    assert!(r.pieces.is_empty() && r.links_by_mode.is_empty());
    // And healing or merging it changes nothing.
    assert!(empty.heal(10.0, Mode::Rail).unwrap().1.is_empty());
    let (merged, connectors) = Network::central_asia().merge(&empty, 30.0).unwrap();
    assert!(connectors.is_empty());
    assert_eq!(
        merged.places().len(),
        Network::central_asia().places().len()
    );
}

#[test]
fn report_serialises_and_prints_what_it_found() {
    let (json, _) = crafted();
    let net = Network::from_json_str(&json, "crafted.json").unwrap();
    let r: NetworkReport = net.report();
    let v: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(v["places"], 8);
    assert_eq!(v["pieces"].as_array().unwrap().len(), 3);
    assert_eq!(v["self_loops"][0], "aa");
    let text = r.to_string();
    assert!(text.contains("8 places, 13 links"), "{text}");
    assert!(text.contains("Connected pieces: 3"), "{text}");
    assert!(text.contains("Self-loops: 1"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Network::heal on crafted networks
// ---------------------------------------------------------------------------------------------

/// Tiny deterministic pseudo-random numbers in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Checks `heal(gap)` of `net` against this file's own computation: Kruskal over every pair of
/// places in different pieces at most `gap` km apart (exhaustive, by `geo::Geodesic`).
/// Returns the healed network and the links added.
fn check_heal(net: &Network, gap: f64) -> (Network, Vec<Link>) {
    let n = net.places().len();
    let pts: Vec<Point> = net.places().iter().map(|p| p.location()).collect();
    let xyz: Vec<[f64; 3]> = pts.iter().map(|p| ecef(*p)).collect();
    let ix = index_of(net);
    let mut before = pieces_of(net);
    let pieces_before = before.sizes().len();
    let piece: Vec<usize> = (0..n).map(|i| before.find(i)).collect();

    // Every pair in different pieces within the gap (the chord bounds the geodesic from below).
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            if piece[i] == piece[j] || dist3(&xyz[i], &xyz[j]) > gap * (1.0 + 1e-9) {
                continue;
            }
            let d = geo_km(pts[i], pts[j]);
            if d <= gap {
                pairs.push((d, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut kruskal = pieces_of(net);
    let mut msf_km = 0.0;
    let mut msf_links = 0;
    for &(d, i, j) in &pairs {
        if kruskal.union(i, j) {
            msf_km += d;
            msf_links += 1;
        }
    }
    let want_sizes = kruskal.sizes();

    let (healed, added) = net.heal(gap, Mode::Rail).unwrap();
    assert_eq!(
        added.len(),
        msf_links,
        "gap {gap}: links added; closest pairs {:?}",
        &pairs[..pairs.len().min(5)]
    );
    let mut after = pieces_of(&healed);
    let sizes_after = after.sizes();
    assert_eq!(sizes_after, want_sizes, "gap {gap}: pieces after healing");
    assert_eq!(added.len(), pieces_before - sizes_after.len(), "gap {gap}");
    assert_eq!(healed.report().pieces.len(), want_sizes.len(), "gap {gap}");
    assert_eq!(healed.places().len(), n);
    assert_eq!(healed.links().len(), net.links().len() + added.len());

    let mut sum = 0.0;
    let mut joined = Dsu::new(n);
    for l in &added {
        let (a, b) = (ix[&l.from], ix[&l.to]);
        assert_ne!(piece[a], piece[b], "{} joins one piece to itself", l.id);
        // Each added link closes a gap between pieces not already joined by an earlier one.
        assert!(joined.union(piece[a], piece[b]), "{} is redundant", l.id);
        let km = l
            .length_km
            .as_ref()
            .expect("healed links have a length")
            .value;
        assert!(km <= gap, "{}: {km} km > gap {gap}", l.id);
        let chord = chord_km(pts[a], pts[b]);
        assert!(
            km >= chord * (1.0 - 1e-12),
            "{}: {km} km < chord {chord}",
            l.id
        );
        let g = geo_km(pts[a], pts[b]);
        assert!(rel_close(km, g, 1e-9), "{}: {km} vs geodesic {g}", l.id);
        assert_eq!(l.mode, Mode::Rail);
        assert_eq!(l.properties["healed"], serde_json::Value::Bool(true));
        assert!(healed.link_by_id(&l.id).is_some());
        sum += km;
    }
    // Gaps are closed shortest first: the added links form a minimum spanning forest.
    assert!(
        (sum - msf_km).abs() <= 1e-9 * msf_km.max(1.0),
        "gap {gap}: {sum} vs {msf_km}"
    );
    (healed, added)
}

/// 40 places near (70.5 E, 40.5 N) in ten chains of four, and five places alone: 15 pieces.
fn scattered() -> Network {
    let mut rng = Lcg(7);
    let mut places = Vec::new();
    for i in 0..45 {
        let (lon, lat) = (70.0 + rng.next(), 40.0 + rng.next());
        places.push(format!(
            r#"{{"id": "p{i}", "name": "P{i}", "location": [{lon:?}, {lat:?}]}}"#
        ));
    }
    let mut links = Vec::new();
    for i in 0..40 {
        if i % 4 != 3 {
            links.push(format!(
                r#"{{"id": "l{i}", "from": "p{i}", "to": "p{}", "mode": "rail", "gauge_mm": [1520], "circuity": 1.3}}"#,
                i + 1
            ));
        }
    }
    let json = format!(
        r#"{{"places": [{}], "links": [{}]}}"#,
        places.join(","),
        links.join(",")
    );
    Network::from_json_str(&json, "scattered.json").unwrap()
}

#[test]
fn heal_adds_a_minimum_spanning_forest_of_the_gaps() {
    let net = scattered();
    assert_eq!(pieces_of(&net).sizes().len(), 15);
    let mut previous = usize::MAX;
    for gap in [0.0, 1.0, 3.0, 6.0, 10.0, 15.0, 25.0, 40.0, 200.0] {
        let (healed, _) = check_heal(&net, gap);
        let pieces = healed.report().pieces.len();
        assert!(pieces <= previous, "a wider gap never leaves more pieces");
        previous = pieces;
    }
    assert_eq!(previous, 1, "200 km joins everything");
}

#[test]
fn heal_joins_places_at_the_same_coordinate_with_a_zero_gap() {
    let json = r#"{"places": [
      {"id": "a", "name": "A", "location": [70.0, 45.0]},
      {"id": "b", "name": "B", "location": [70.5, 45.0]},
      {"id": "c", "name": "C", "location": [70.5, 45.0]},
      {"id": "d", "name": "D", "location": [71.0, 45.0]}],
    "links": [
      {"id": "ab", "from": "a", "to": "b", "mode": "rail", "gauge_mm": [1520], "circuity": 1.0},
      {"id": "cd", "from": "c", "to": "d", "mode": "rail", "gauge_mm": [1435], "circuity": 1.0}]}"#;
    let net = Network::from_json_str(json, "same.json").unwrap();
    let (healed, added) = net.heal(0.0, Mode::Rail).unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!((added[0].from.as_str(), added[0].to.as_str()), ("b", "c"));
    assert_eq!(added[0].length_km.as_ref().unwrap().value, 0.0);
    // A rail link gets the gauges at both of its ends.
    let mut gauges: Vec<u16> = added[0].gauges.iter().map(|g| g.mm()).collect();
    gauges.sort_unstable();
    assert_eq!(gauges, [1435, 1520]);
    assert_eq!(healed.report().pieces.len(), 1);

    // By road: no gauge.
    let (_, added) = net.heal(0.0, Mode::Road).unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].mode, Mode::Road);
    assert!(added[0].gauges.is_empty());
}

#[test]
fn heal_rejects_a_gap_that_is_not_a_finite_distance() {
    let net = scattered();
    for gap in [-1.0, f64::NAN, f64::INFINITY, -0.001] {
        match net.heal(gap, Mode::Rail) {
            Err(DataError::Invalid { field, .. }) => assert_eq!(field, "max_gap_km"),
            other => panic!("heal({gap}): {:?}", other.map(|(_, a)| a.len())),
        }
    }
}

/// Two rail lines at the equator whose nearest ends are 0.09° of latitude apart: 9.95 km on
/// the WGS 84 ellipsoid (a degree of latitude is 110.57 km there), so `heal(10.0)` must join
/// them.
#[test]
fn heal_closes_a_north_south_gap_just_under_the_limit() {
    let json = r#"{"places": [
      {"id": "a1", "name": "A1", "location": [9.9, 0.0]},
      {"id": "a", "name": "A", "location": [10.0, 0.0]},
      {"id": "b", "name": "B", "location": [10.0, 0.09]},
      {"id": "b1", "name": "B1", "location": [10.1, 0.09]}],
    "links": [
      {"id": "a1a", "from": "a1", "to": "a", "mode": "rail", "gauge_mm": [1435], "circuity": 1.0},
      {"id": "bb1", "from": "b", "to": "b1", "mode": "rail", "gauge_mm": [1435], "circuity": 1.0}]}"#;
    let net = Network::from_json_str(json, "equator.json").unwrap();
    let gap = geo_km(Point::new(10.0, 0.0), Point::new(10.0, 0.09));
    assert!((9.9..9.96).contains(&gap), "{gap}");
    let (healed, added) = net.heal(10.0, Mode::Rail).unwrap();
    assert_eq!(
        added.len(),
        1,
        "a and b are {gap:.4} km apart (geodesic), within 10 km"
    );
    assert_eq!(healed.report().pieces.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Real data: the Khorgos–Altynkol area of the world railway network
// ---------------------------------------------------------------------------------------------

/// Places (`id,lat,lon`) of the world railway network with lon 78..82 and lat 43..45.5, and
/// the links with both ends among them, as CSV text.
fn khorgos_csv() -> (String, String) {
    world_window_csv((78.0, 82.0), (43.0, 45.5))
}

/// Places of the world railway network within a window of longitude and latitude, and the
/// links with both ends among them, as CSV text.
fn world_window_csv(lons: (f64, f64), lats: (f64, f64)) -> (String, String) {
    let gz = |path: &str| {
        BufReader::new(flate2::read::GzDecoder::new(
            std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}")),
        ))
    };
    let mut nodes = String::from("id,lat,lon\n");
    let mut inside: HashSet<String> = HashSet::new();
    let mut lines = gz(WORLD_NODES).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "id,lat,lon");
    for line in lines {
        let line = line.unwrap();
        let mut f = line.split(',');
        let (id, lat, lon) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        let (lat, lon): (f64, f64) = (lat.parse().unwrap(), lon.parse().unwrap());
        if (lons.0..=lons.1).contains(&lon) && (lats.0..=lats.1).contains(&lat) {
            inside.insert(id.to_string());
            nodes.push_str(&line);
            nodes.push('\n');
        }
    }
    let mut edges = String::new();
    let mut lines = gz(WORLD_EDGES).lines();
    edges.push_str(&lines.next().unwrap().unwrap());
    edges.push('\n');
    assert!(edges.starts_with("from,to,length_km"), "{edges}");
    for line in lines {
        let line = line.unwrap();
        let mut f = line.split(',');
        let (a, b) = (f.next().unwrap(), f.next().unwrap());
        if inside.contains(a) && inside.contains(b) {
            edges.push_str(&line);
            edges.push('\n');
        }
    }
    (nodes, edges)
}

/// Altynkol dry port, on the Kazakh side of the Khorgos crossing (lon, lat).
const ALTYNKOL: (f64, f64) = (80.27, 44.20);

#[test]
fn khorgos_subset_of_the_world_network_pieces_and_healing() {
    let (nodes, edges) = khorgos_csv();
    let net = Network::from_csv_readers(
        nodes.as_bytes(),
        edges.as_bytes(),
        "world.nodes.csv",
        "world.edges.csv",
        &ImportOptions::default(),
    )
    .unwrap();

    // Pieces from the raw text, with this file's union–find.
    let raw_ids: Vec<&str> = nodes
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let raw_ix: HashMap<&str, usize> = raw_ids.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut dsu = Dsu::new(raw_ids.len());
    let mut raw_links = 0;
    let mut raw_km = 0.0;
    for l in edges.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        dsu.union(raw_ix[f[0]], raw_ix[f[1]]);
        raw_links += 1;
        raw_km += f[2].parse::<f64>().unwrap();
    }
    let raw_sizes = dsu.sizes();
    let r = net.report();
    assert_eq!((r.places, r.links), (raw_ids.len(), raw_links));
    assert!(rel_close(r.total_km, raw_km, 1e-9));
    let sizes: Vec<usize> = r.pieces.iter().map(|p| p.places).collect();
    assert_eq!(sizes, raw_sizes, "{r}");
    assert!(sizes.len() >= 2, "the area holds several pieces: {sizes:?}");
    // The Khorgos line is a piece of its own, apart from the main network.
    let pts: Vec<Point> = net.places().iter().map(|p| p.location()).collect();
    let xyz: Vec<[f64; 3]> = pts.iter().map(|p| ecef(*p)).collect();
    let (k, km) = nearest_brute(&pts, &xyz, Point::new(ALTYNKOL.0, ALTYNKOL.1));
    assert!(km < 15.0, "a place near Altynkol: {km} km");
    let khorgos_id = net.places().get(k).unwrap().id().to_string();

    for gap in [0.0, 10.0, 50.0, 92.0, 100.0] {
        let (healed, added) = check_heal(&net, gap);
        let r = healed.report();
        // The Khorgos piece is inside the largest piece after healing.
        let mut after = pieces_of(&healed);
        let hix = index_of(&healed);
        let kroot = after.find(hix[&khorgos_id]);
        let kcount = (0..healed.places().len())
            .filter(|&i| after.find(i) == kroot)
            .count();
        assert_eq!(kcount, r.pieces[0].places, "gap {gap}: {r}");
        if gap >= 100.0 {
            assert_eq!(r.pieces.len(), 1, "gap {gap}: {added:?}");
        }
    }
}

/// A wider window (lon 74..86, lat 41..47) holds the whole Khorgos–Altynkol piece of the world
/// network — 128 places, says the data README — and several other pieces.
#[test]
fn wider_khorgos_window_pieces_and_healing() {
    let (nodes, edges) = world_window_csv((74.0, 86.0), (41.0, 47.0));
    let net = Network::from_csv_readers(
        nodes.as_bytes(),
        edges.as_bytes(),
        "world.nodes.csv",
        "world.edges.csv",
        &ImportOptions::default(),
    )
    .unwrap();
    let n = net.places().len();
    let mut own = pieces_of(&net);
    let r = net.report();
    let sizes: Vec<usize> = r.pieces.iter().map(|p| p.places).collect();
    assert_eq!(sizes, own.sizes(), "{r}");
    assert!(sizes.len() >= 5, "{sizes:?}");
    let pts: Vec<Point> = net.places().iter().map(|p| p.location()).collect();
    let xyz: Vec<[f64; 3]> = pts.iter().map(|p| ecef(*p)).collect();
    let (k, _) = nearest_brute(&pts, &xyz, Point::new(ALTYNKOL.0, ALTYNKOL.1));
    let kroot = own.find(k);
    let kpiece: Vec<usize> = (0..n).filter(|&i| own.find(i) == kroot).collect();
    assert_eq!(kpiece.len(), 128, "the Khorgos–Altynkol piece");
    // Its report entry: links and extent, from the raw records.
    let kset: HashSet<&str> = kpiece
        .iter()
        .map(|&i| net.places().get(i).unwrap().id())
        .collect();
    let klinks = net
        .links()
        .iter()
        .filter(|l| kset.contains(l.from().id()))
        .count();
    let extent = kpiece.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |e, &i| {
            let p = pts[i];
            [
                e[0].min(p.x()),
                e[1].min(p.y()),
                e[2].max(p.x()),
                e[3].max(p.y()),
            ]
        },
    );
    let entry = r
        .pieces
        .iter()
        .find(|p| p.places == 128)
        .expect("a 128-place piece");
    assert_eq!((entry.links, entry.extent), (klinks, extent));

    let khorgos_id = net.places().get(k).unwrap().id().to_string();
    let mut joined_all = false;
    for gap in [5.0, 20.0, 60.0, 150.0, 400.0] {
        let (healed, _) = check_heal(&net, gap);
        let r = healed.report();
        let mut after = pieces_of(&healed);
        let hk = index_of(&healed)[&khorgos_id];
        let root = after.find(hk);
        let count = (0..n).filter(|&i| after.find(i) == root).count();
        assert!(count >= 128);
        if r.pieces.len() == 1 {
            joined_all = true;
            assert_eq!(count, r.pieces[0].places);
        }
    }
    assert!(joined_all, "400 km joins every piece of the window");
}

/// The two closest places of different pieces of the Khorgos area lie almost due north–south
/// of each other; `heal` with exactly their geodesic distance must join them.
#[test]
fn khorgos_subset_heals_its_smallest_gap_exactly() {
    let (nodes, edges) = khorgos_csv();
    let net = Network::from_csv_readers(
        nodes.as_bytes(),
        edges.as_bytes(),
        "world.nodes.csv",
        "world.edges.csv",
        &ImportOptions::default(),
    )
    .unwrap();
    let n = net.places().len();
    let pts: Vec<Point> = net.places().iter().map(|p| p.location()).collect();
    let mut dsu = pieces_of(&net);
    let mut best = (f64::INFINITY, 0, 0);
    for i in 0..n {
        for j in i + 1..n {
            if dsu.find(i) != dsu.find(j) {
                let d = geo_km(pts[i], pts[j]);
                if d < best.0 {
                    best = (d, i, j);
                }
            }
        }
    }
    let (gap, i, j) = best;
    let (_, added) = net.heal(gap, Mode::Rail).unwrap();
    assert!(
        !added.is_empty(),
        "heal({gap}) adds nothing, but {} ({:?}) and {} ({:?}) are {gap} km apart",
        net.places().get(i).unwrap().id(),
        pts[i],
        net.places().get(j).unwrap().id(),
        pts[j]
    );
    assert!(rel_close(
        added[0].length_km.as_ref().unwrap().value,
        gap,
        1e-12
    ));
}

// ---------------------------------------------------------------------------------------------
// Network::merge: the built-in network and the OSM Central Asia railways
// ---------------------------------------------------------------------------------------------

fn osm() -> Network {
    let text = std::fs::read_to_string(OSM_GEOJSON).unwrap();
    Network::from_geojson_str(
        &text,
        "osm_railways_central_asia.geojson",
        &ImportOptions {
            gauge_mm: Some(1520),
            ..Default::default()
        },
    )
    .unwrap()
}

/// For every built-in place that handles at least one transfer: its id, the nearest OSM place
/// (exhaustive search by `geo::Geodesic`) and the distance to it, km.
fn nearest_osm_of_transfer_places(builtin: &Network, osm: &Network) -> Vec<(String, String, f64)> {
    let opts: Vec<Point> = osm.places().iter().map(|p| p.location()).collect();
    let oxyz: Vec<[f64; 3]> = opts.iter().map(|p| ecef(*p)).collect();
    let mut out = Vec::new();
    for p in builtin.places() {
        let handles = p.transfers();
        if handles.is_empty() {
            continue;
        }
        let (q, km) = nearest_brute(&opts, &oxyz, p.location());
        out.push((
            p.id().to_string(),
            osm.places().get(q).unwrap().id().to_string(),
            km,
        ));
    }
    out
}

/// The connectors join each transfer place to exactly its nearest OSM place.
#[test]
fn merge_connects_transfer_places_to_their_nearest_osm_place() {
    let builtin = Network::central_asia();
    let osm = osm();
    let want: BTreeSet<(String, String)> = nearest_osm_of_transfer_places(&builtin, &osm)
        .into_iter()
        .filter(|(_, _, km)| *km <= 30.0)
        .map(|(p, q, _)| (p, q))
        .collect();
    let (_, connectors) = builtin.merge(&osm, 30.0).unwrap();
    let got: BTreeSet<(String, String)> = connectors
        .iter()
        .map(|l| (l.from.clone(), l.to.clone()))
        .collect();
    let wrong: Vec<String> = got
        .difference(&want)
        .map(|(p, q)| {
            let (pp, qq) = (builtin.place_by_id(p).unwrap(), osm.place_by_id(q).unwrap());
            let nearest = want.iter().find(|w| &w.0 == p).map(|w| {
                let n = osm.place_by_id(&w.1).unwrap();
                format!(
                    "{} at {:?}, {} km",
                    n.id(),
                    n.location(),
                    geo_km(pp.location(), n.location())
                )
            });
            format!(
                "{p} {:?} → {q} at {:?}, {} km; nearest: {nearest:?}",
                pp.location(),
                qq.location(),
                geo_km(pp.location(), qq.location())
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "connectors not to the nearest place: {wrong:#?}"
    );
    assert_eq!(got, want);
}

#[test]
fn merge_adds_connectors_of_the_right_length_and_routes_across_both_networks() {
    let builtin = Network::central_asia();
    let osm = osm();
    let nearest = nearest_osm_of_transfer_places(&builtin, &osm);
    assert!(nearest.len() > 50, "{}", nearest.len());
    // Built-in places with an OSM place within 30 km, and how far the nearest one is.
    let want: BTreeMap<String, f64> = nearest
        .iter()
        .filter(|(_, _, km)| *km <= 30.0)
        .map(|(p, _, km)| (p.clone(), *km))
        .collect();
    assert!(want.len() >= 5, "{want:?}");

    let (merged, connectors) = builtin.merge(&osm, 30.0).unwrap();
    let from: BTreeSet<String> = connectors.iter().map(|l| l.from.clone()).collect();
    let want_from: BTreeSet<String> = want.keys().cloned().collect();
    assert_eq!(from, want_from, "built-in places with a connector");
    assert_eq!(connectors.len(), want.len(), "one connector per place");
    for l in &connectors {
        let (p, q) = (
            builtin.place_by_id(&l.from).expect("from a built-in place"),
            osm.place_by_id(&l.to).expect("to an OSM place"),
        );
        let km = l.length_km.as_ref().unwrap().value;
        let g = geo_km(p.location(), q.location());
        assert!(rel_close(km, g, 1e-9), "{}: {km} vs geodesic {g}", l.id);
        // To the nearest OSM place (allowing for the ellipsoid: see
        // `merge_connects_transfer_places_to_their_nearest_osm_place`).
        let best = want[&l.from];
        assert!(
            km <= 30.0 && km <= best * 1.001,
            "{}: {km} vs nearest {best}",
            l.id
        );
        assert_eq!(l.mode, Mode::Rail);
        assert_eq!(l.gauges.iter().map(|g| g.mm()).collect::<Vec<_>>(), [1520]);
        assert_eq!(l.properties["connector"], serde_json::Value::Bool(true));
        assert!(merged.link_by_id(&l.id).is_some());
    }
    assert_eq!(
        merged.places().len(),
        builtin.places().len() + osm.places().len()
    );
    assert_eq!(
        merged.links().len(),
        builtin.links().len() + osm.links().len() + connectors.len()
    );
    // The built-in network and the OSM one are each connected; the connectors join them.
    assert_eq!(builtin.report().pieces.len(), 1);
    assert_eq!(osm.report().pieces.len(), 1);
    assert_eq!(merged.report().pieces.len(), 1);

    // A route from a coordinate near an OSM-only place, far from every built-in place, to
    // Baku runs on both networks.
    let bpts: Vec<Point> = builtin.places().iter().map(|p| p.location()).collect();
    let bxyz: Vec<[f64; 3]> = bpts.iter().map(|p| ecef(*p)).collect();
    let start = osm
        .places()
        .iter()
        .step_by(97)
        .find(|q| nearest_brute(&bpts, &bxyz, q.location()).1 > 100.0)
        .expect("an OSM place far from every built-in place");
    let coord = format!("{},{}", start.lat() + 0.001, start.lon() + 0.001);
    let route = merged.route(&RouteRequest::new(&coord, "Baku")).unwrap();
    assert_eq!(route.from.id, start.id());
    assert_eq!(route.to.id, "baku");
    let osm_links: HashSet<&str> = osm.links().iter().map(|l| l.id()).collect();
    let builtin_links: HashSet<&str> = builtin.links().iter().map(|l| l.id()).collect();
    let used: Vec<&str> = route
        .legs
        .iter()
        .flat_map(|l| l.links.iter().map(String::as_str))
        .collect();
    assert!(used.iter().any(|l| osm_links.contains(l)), "{used:?}");
    assert!(used.iter().any(|l| builtin_links.contains(l)), "{used:?}");
    assert!(
        used.iter()
            .any(|l| connectors.iter().any(|c| c.id.as_str() == *l)),
        "{used:?}"
    );
    // Neither network alone has that route.
    assert!(builtin
        .route(&RouteRequest::new(start.id(), "Baku"))
        .is_err());
    assert!(osm.route(&RouteRequest::new(start.id(), "baku")).is_err());
}

/// A valid network in the crate's JSON format, as a user writes it (no bibliography, so no
/// `coord_source` and free-text sources), merges with the built-in network.
#[test]
fn merge_accepts_a_plain_json_network() {
    let builtin = Network::central_asia();
    let almaty = builtin.place("Almaty").unwrap();
    let json = format!(
        r#"{{"places": [
      {{"id": "my_depot", "name": "My depot", "location": [{:?}, {:?}]}},
      {{"id": "my_yard", "name": "My yard", "location": [77.3, 43.5]}}],
    "links": [{{"id": "my_spur", "from": "my_depot", "to": "my_yard", "mode": "rail",
               "gauge_mm": [1520], "length_km": {{"value": 40.0, "source": "our survey"}}}}]}}"#,
        almaty.lon() + 0.01,
        almaty.lat()
    );
    let mine = Network::from_json_str(&json, "mine.json").unwrap();
    let (merged, connectors) = builtin.merge(&mine, 30.0).unwrap();
    assert!(connectors
        .iter()
        .any(|c| c.from == "almaty" && c.to == "my_depot"));
    assert!(merged
        .route(&RouteRequest::new("my_yard", "Tashkent"))
        .is_ok());
}

#[test]
fn merge_rejects_shared_ids_and_bad_distances() {
    let builtin = Network::central_asia();
    let first_link = builtin.links().get(0).unwrap().id().to_string();
    let place_clash = r#"{"places": [
      {"id": "almaty", "name": "Almaty again", "location": [76.9, 43.2]},
      {"id": "x", "name": "X", "location": [77.0, 43.3]}],
    "links": [{"id": "ax", "from": "almaty", "to": "x", "mode": "road", "circuity": 1.2}]}"#;
    let other = Network::from_json_str(place_clash, "clash.json").unwrap();
    match builtin.merge(&other, 30.0) {
        Err(DataError::SharedId {
            kind, id, count, ..
        }) => {
            assert_eq!((kind, id.as_str(), count), ("place", "almaty", 1))
        }
        other => panic!("{:?}", other.map(|(_, c)| c.len())),
    }
    let link_clash = format!(
        r#"{{"places": [
      {{"id": "x1", "name": "X1", "location": [76.9, 43.2], "coord_source": "estimate"}},
      {{"id": "x2", "name": "X2", "location": [77.0, 43.3], "coord_source": "estimate"}}],
    "links": [{{"id": "{first_link}", "from": "x1", "to": "x2", "mode": "road", "circuity": 1.2}}]}}"#
    );
    let other = Network::from_json_str(&link_clash, "clash.json").unwrap();
    match builtin.merge(&other, 30.0) {
        Err(DataError::SharedId { kind, id, .. }) => {
            assert_eq!((kind, id.as_str()), ("link", first_link.as_str()))
        }
        other => panic!("{:?}", other.map(|(_, c)| c.len())),
    }
    let fine = Network::from_json_str(&link_clash.replace(&first_link, "x1x2"), "ok.json").unwrap();
    for km in [-1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        match builtin.merge(&fine, km) {
            Err(DataError::Invalid { field, .. }) => assert_eq!(field, "max_km"),
            other => panic!("merge({km}): {:?}", other.map(|(_, c)| c.len())),
        }
    }
    // Within 0 km nothing connects; both networks are still there.
    let (merged, connectors) = builtin.merge(&fine, 0.0).unwrap();
    assert!(connectors.is_empty());
    assert_eq!(merged.places().len(), builtin.places().len() + 2);
    assert_eq!(merged.links().len(), builtin.links().len() + 1);
}

// ---------------------------------------------------------------------------------------------
// Snapping coordinates to places
// ---------------------------------------------------------------------------------------------

#[test]
fn coordinates_snap_to_the_nearest_place_and_offsets_are_not_distance() {
    let net = Network::central_asia();
    let pts: Vec<Point> = net.places().iter().map(|p| p.location()).collect();
    let xyz: Vec<[f64; 3]> = pts.iter().map(|p| ecef(*p)).collect();
    let cities: Vec<corridor::PlaceRef> = net
        .places()
        .iter()
        .filter(|p| p.kind() == corridor::PlaceKind::City)
        .step_by(3)
        .take(10)
        .collect();
    assert_eq!(cities.len(), 10);
    for (k, p) in cities.iter().enumerate() {
        // A few km off, in a different direction each time.
        let angle = k as f64 * 0.7;
        let (dlat, dlon) = (0.03 * angle.sin(), 0.04 * angle.cos());
        let (lat, lon) = (p.lat() + dlat, p.lon() + dlon);
        let x = Point::new(lon, lat);
        let (i, km) = nearest_brute(&pts, &xyz, x);
        let (place, snap) = net.nearest_place(lon, lat).unwrap();
        assert_eq!(
            place.id(),
            net.places().get(i).unwrap().id(),
            "near {}",
            p.id()
        );
        assert!(rel_close(snap, km, 1e-9), "{snap} vs {km}");
        assert!(km > 0.5 && km < 6.0, "{km}");

        let to = if p.id() == "baku" { "almaty" } else { "baku" };
        for by in [Objective::Distance, Objective::Cost] {
            let coord = format!("{lat},{lon}");
            let req = RouteRequest::new(&coord, to).by(by);
            let by_coord = net.route(&req).unwrap();
            let by_id = net
                .route(&RouteRequest::new(net.places().get(i).unwrap().id(), to).by(by))
                .unwrap();
            assert_eq!(by_coord.from.id, net.places().get(i).unwrap().id());
            let s = by_coord
                .from
                .snap_km
                .expect("a coordinate reports its offset");
            assert!(rel_close(s, km, 1e-9), "{s} vs {km}");
            assert_eq!(by_coord.to.snap_km, None);
            assert_eq!(by_id.from.snap_km, None);
            assert_eq!(by_coord.totals, by_id.totals, "from {coord} to {to}");
            assert_eq!(by_coord.path, by_id.path);
        }
        // Both ends given as coordinates.
        let q = net.place(to).unwrap();
        let to_coord = format!("{},{}", q.lat() - 0.02, q.lon() + 0.01);
        let (j, km_to) = nearest_brute(&pts, &xyz, Point::new(q.lon() + 0.01, q.lat() - 0.02));
        let r = net
            .route(&RouteRequest::new(format!("{lat},{lon}"), &to_coord).by(Objective::Distance))
            .unwrap();
        assert_eq!(r.to.id, net.places().get(j).unwrap().id());
        assert!(rel_close(r.to.snap_km.unwrap(), km_to, 1e-9));
        let by_ids = net
            .route(
                &RouteRequest::new(
                    net.places().get(i).unwrap().id(),
                    net.places().get(j).unwrap().id(),
                )
                .by(Objective::Distance),
            )
            .unwrap();
        assert_eq!(r.totals.distance_km, by_ids.totals.distance_km);
    }
}

#[test]
fn a_coordinate_on_a_place_snaps_to_it_at_zero_km() {
    let net = Network::central_asia();
    let p = net.place("Tashkent").unwrap();
    let r = net
        .route(&RouteRequest::new(
            format!("{},{}", p.lat(), p.lon()),
            "Almaty",
        ))
        .unwrap();
    assert_eq!(r.from.id, p.id());
    assert_eq!(r.from.snap_km, Some(0.0));
    // Out-of-range coordinates are refused, not snapped.
    assert!(net.route(&RouteRequest::new("95,10", "Almaty")).is_err());
    assert!(net.route(&RouteRequest::new("45,190", "Almaty")).is_err());
    // Cargo does not matter to snapping.
    let r = net
        .route(
            &RouteRequest::new(format!("{},{}", p.lat(), p.lon()), "Almaty")
                .cargo(corridor::Cargo::new(CargoKind::Bulk, 10.0)),
        )
        .unwrap();
    assert_eq!(r.from.id, p.id());
}

/// At 44° N a kilometre north–south and a kilometre east–west are not the same fraction of a
/// degree on the WGS 84 ellipsoid as on a sphere: a place 10.00 km due north is nearer than
/// one 10.02 km due east, and `nearest_place` must say so.
#[test]
fn nearest_place_is_nearest_on_the_ellipsoid() {
    let x = Point::new(80.0, 44.0);
    let north = Point::new(80.0, 44.09);
    let d_north = geo_km(x, north);
    let east0 = Point::new(80.1, 44.0);
    let lon = 80.0 + 0.1 * d_north * 1.002 / geo_km(x, east0);
    let east = Point::new(lon, 44.0);
    let d_east = geo_km(x, east);
    assert!(
        d_north < d_east && d_east < d_north * 1.003,
        "{d_north} {d_east}"
    );
    let json = format!(
        r#"{{"places": [
      {{"id": "north", "name": "North", "location": [80.0, 44.09]}},
      {{"id": "east", "name": "East", "location": [{lon:?}, 44.0]}}],
    "links": [{{"id": "ne", "from": "north", "to": "east", "mode": "road", "circuity": 1.3}}]}}"#
    );
    let net = Network::from_json_str(&json, "two.json").unwrap();
    let (p, km) = net.nearest_place(80.0, 44.0).unwrap();
    assert_eq!(
        (p.id(), km),
        ("north", d_north),
        "north is {d_north} km away, east {d_east} km"
    );
}

/// `Route::to_geojson` on an imported network, with both ends given as coordinates: the line
/// runs from the place the start snapped to, to the place the end snapped to.
#[test]
fn route_geojson_runs_between_the_snapped_places() {
    let osm = osm();
    let pts: Vec<Point> = osm.places().iter().map(|p| p.location()).collect();
    let xyz: Vec<[f64; 3]> = pts.iter().map(|p| ecef(*p)).collect();
    let (a, _) = nearest_brute(&pts, &xyz, Point::new(76.89, 43.24));
    let (b, _) = nearest_brute(&pts, &xyz, Point::new(69.24, 41.30));
    let route = osm
        .route(&RouteRequest::new("43.24,76.89", "41.30,69.24").by(Objective::Distance))
        .unwrap();
    let fc: geojson::FeatureCollection = route.to_geojson(&osm).parse().unwrap();
    let lines: Vec<&Vec<geojson::Position>> = fc
        .features
        .iter()
        .filter_map(|f| match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::LineString { coordinates }) => Some(coordinates),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), route.legs.len());
    let first = &lines[0][0];
    let last = lines.last().unwrap().last().unwrap();
    assert_eq!((first[0], first[1]), (pts[a].x(), pts[a].y()));
    assert_eq!((last[0], last[1]), (pts[b].x(), pts[b].y()));
    for p in lines.iter().flat_map(|l| l.iter()) {
        assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
    }
}
