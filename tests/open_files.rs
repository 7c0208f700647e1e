//! Network files as people have them: a UTF-8 byte order mark in front, GeoJSON under a name
//! that does not say so (its top-level `type` member does, wherever it is), and gzip for
//! every format, through every reader that takes a file or a string.
//!
//! What a reader should give is what it gives for the plain file: each case is checked
//! against the records of the undecorated input (`Network::to_data`).

use std::io::Write;
use std::path::PathBuf;

use corridor::{DataError, ImportOptions, Network, NetworkData};
use flate2::write::GzEncoder;
use flate2::Compression;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

fn data_file(name: &str) -> String {
    std::fs::read_to_string(format!("{DATA}/{name}")).unwrap()
}

/// Writes `contents` to a file of this name under the test's temporary directory.
fn file(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("open_files");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn gzip(bytes: impl AsRef<[u8]>) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes.as_ref()).unwrap();
    enc.finish().unwrap()
}

fn opts() -> ImportOptions {
    ImportOptions::default()
}

/// The records of a network, without its source name (which is the file's).
fn records(net: &Network) -> NetworkData {
    net.to_data()
}

const BOM: &str = "\u{feff}";

/// A small GeoJSON network: a named place and two lines.
const SMALL_GEOJSON: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "id": "almaty", "properties": {"name": "Almaty", "country": "KZ"},
   "geometry": {"type": "Point", "coordinates": [76.95, 43.25]}},
  {"type": "Feature", "properties": {"length_km": 230.5},
   "geometry": {"type": "LineString", "coordinates": [[76.95, 43.25], [79.0, 44.0]]}},
  {"type": "Feature", "properties": {"speed_kmh": 50},
   "geometry": {"type": "LineString", "coordinates": [[79.0, 44.0], [80.2, 44.2]]}}
]}"#;

// ---------------------------------------------------------------------------------------------
// A byte order mark
// ---------------------------------------------------------------------------------------------

#[test]
fn a_byte_order_mark_is_ignored_by_every_json_reader() {
    let geo = Network::from_geojson_str(SMALL_GEOJSON, "t", &opts()).unwrap();
    let with_bom = format!("{BOM}{SMALL_GEOJSON}");
    let net = Network::from_geojson_str(&with_bom, "t", &opts()).unwrap();
    assert_eq!(records(&net), records(&geo));
    let data = NetworkData::from_geojson_str(&with_bom, "t", &opts()).unwrap();
    assert_eq!(data.places.len(), 3);
    assert_eq!(data.links.len(), 2);

    let json = data_file("central_asia.json");
    let builtin = Network::from_json_str(&json, "t").unwrap();
    let json_bom = format!("{BOM}{json}");
    let net = Network::from_json_str(&json_bom, "t").unwrap();
    assert_eq!(records(&net), records(&builtin));

    // Files, by the format readers and by `Network::open`: GeoJSON named as such, GeoJSON
    // under `.json`, and the crate's JSON.
    let geojson_file = file("bom.geojson", &with_bom);
    let net = Network::from_geojson_file(&geojson_file, &opts()).unwrap();
    assert_eq!(records(&net), records(&geo));
    for name in ["bom.geojson", "bom_geojson.json"] {
        let net = Network::open(file(name, &with_bom)).load().unwrap().network;
        assert_eq!(records(&net), records(&geo), "{name}");
    }
    let json_file = file("bom.json", &json_bom);
    assert_eq!(
        records(&Network::from_json_file(&json_file).unwrap()),
        records(&builtin)
    );
    let net = Network::open(&json_file).load().unwrap().network;
    assert_eq!(records(&net), records(&builtin));
}

#[test]
fn a_byte_order_mark_moves_no_error_position() {
    // Columns count characters after the mark, as an editor shows them.
    for (broken, at) in [
        ("{\"places\": [,]}", (1, 13)),
        ("{\n  \"places\": [,]\n}", (2, 14)),
    ] {
        for text in [broken.to_string(), format!("{BOM}{broken}")] {
            match Network::from_json_str(&text, "t").unwrap_err() {
                DataError::Parse { line, column, .. } => assert_eq!((line, column), at, "{text}"),
                other => panic!("expected a parse error, got {other}"),
            }
        }
    }
    // Only one mark, at the start, is not text: a second one is an error.
    let twice = format!("{BOM}{BOM}{SMALL_GEOJSON}");
    assert!(Network::from_geojson_str(&twice, "t", &opts()).is_err());
}

// ---------------------------------------------------------------------------------------------
// The format of a file whose name does not say
// ---------------------------------------------------------------------------------------------

#[test]
fn a_feature_collection_is_known_by_its_type_wherever_it_is() {
    let text = data_file("osm/osm_railways_central_asia.geojson");
    let plain = Network::from_geojson_str(&text, "t", &opts()).unwrap();
    // The same collection with `type` after the features, 1.5 MB into the file.
    let head = r#"{"type":"FeatureCollection","features":["#;
    let body = text
        .strip_prefix(head)
        .and_then(|t| t.trim_end().strip_suffix("]}"))
        .expect("the file starts with its type and ends with its features");
    let type_last = format!(r#"{{"name":"osm","features":[{body}],"type":"FeatureCollection"}}"#);
    assert!(type_last.find(r#""type":"FeatureCollection""#).unwrap() > 1_000_000);
    for name in ["type_last.json", "type_last", "type_last.txt"] {
        let net = Network::open(file(name, &type_last))
            .load()
            .unwrap()
            .network;
        assert_eq!((net.places().len(), net.links().len()), (9_403, 10_624));
        assert_eq!(records(&net).places, records(&plain).places, "{name}");
        assert_eq!(records(&net).links, records(&plain).links, "{name}");
    }
    // A GeoJSON object that is not a collection goes to the GeoJSON reader, which says so.
    let feature = r#"{"properties": {}, "type": "Feature", "geometry": null}"#;
    let e = Network::open(file("feature.json", feature))
        .load()
        .unwrap_err();
    assert!(
        e.to_string().contains("expected a FeatureCollection"),
        "{e}"
    );
}

#[test]
fn the_crates_json_naming_feature_collections_is_still_the_crates_json() {
    // The word in a string, or in a nested `type` member, near the top of the file: it is not
    // the top level's `type`.
    let json = data_file("central_asia.json");
    let builtin = Network::from_json_str(&json, "t").unwrap();
    let mentions = r#""meta": {"formats": {"type": "FeatureCollection"}, "also": ["FeatureCollection", "CSV"],"#;
    let text = json.replacen(r#""meta": {"#, mentions, 1);
    assert!(text[..200].contains(r#""type": "FeatureCollection""#));
    let net = Network::open(file("mentions.json", &text))
        .load()
        .unwrap()
        .network;
    assert_eq!(records(&net).places, records(&builtin).places);
    assert_eq!(records(&net).meta["also"][0], "FeatureCollection");
}

// ---------------------------------------------------------------------------------------------
// Gzip
// ---------------------------------------------------------------------------------------------

/// The Central Asia CSV pair, plain.
fn central_asia_csv() -> (String, String) {
    (
        data_file("osm/osm_railways_central_asia.nodes.csv"),
        data_file("osm/osm_railways_central_asia.edges.csv"),
    )
}

#[test]
fn every_format_is_read_through_gzip() {
    // GeoJSON.
    let text = data_file("osm/osm_railways_central_asia.geojson");
    let plain = records(&Network::from_geojson_str(&text, "t", &opts()).unwrap());
    for name in [
        "ca.geojson.gz",
        "ca.json.gz",
        "ca.gz",
        "ca_gzip_inside.geojson",
    ] {
        let path = file(name, gzip(&text));
        let net = Network::open(&path).load().unwrap().network;
        assert_eq!(records(&net), plain, "{name}");
    }
    let path = file("ca2.geojson.gz", gzip(&text));
    let net = Network::from_geojson_file(&path, &opts()).unwrap();
    assert_eq!(records(&net), plain);
    assert_eq!(net.source_name(), path.display().to_string());

    // The crate's JSON.
    let json = data_file("central_asia.json");
    let builtin = records(&Network::from_json_str(&json, "t").unwrap());
    let path = file("builtin.json.gz", gzip(format!("{BOM}{json}")));
    assert_eq!(records(&Network::from_json_file(&path).unwrap()), builtin);
    assert_eq!(
        records(&Network::open(&path).load().unwrap().network),
        builtin
    );

    // CSV: both files, or either one.
    let (nodes, edges) = central_asia_csv();
    let plain = records(
        &Network::from_csv_readers(nodes.as_bytes(), edges.as_bytes(), "n", "e", &opts()).unwrap(),
    );
    let (n, e) = (file("n.csv", &nodes), file("e.csv", &edges));
    let (ngz, egz) = (
        file("n.csv.gz", gzip(&nodes)),
        file("e.csv.gz", gzip(&edges)),
    );
    for (places, links) in [(&ngz, &egz), (&n, &egz), (&ngz, &e)] {
        let net = Network::open(places).links(links).load().unwrap().network;
        assert_eq!(records(&net), plain, "{places:?} {links:?}");
        let net = Network::from_csv_files(places, links, &opts()).unwrap();
        assert_eq!(records(&net), plain, "{places:?} {links:?}");
    }
    // A place CSV still needs its link CSV, gzipped or not.
    let e = Network::open(&ngz).load().unwrap_err();
    assert!(e.to_string().contains("needs its link CSV"), "{e}");
}

#[test]
fn a_gzip_name_on_plain_text_and_several_gzip_members_are_read_as_they_are() {
    let (nodes, edges) = central_asia_csv();
    let plain = records(
        &Network::from_csv_readers(nodes.as_bytes(), edges.as_bytes(), "n", "e", &opts()).unwrap(),
    );
    // The first bytes decide, not the name.
    let not_gzip = file("plain_after_all.csv.gz", &nodes);
    // `cat a.gz b.gz`: one file of two members, here the header and rows and then more rows.
    let cut = edges[edges.len() / 2..].find('\n').unwrap() + edges.len() / 2 + 1;
    let mut two = gzip(&edges[..cut]);
    two.extend(gzip(&edges[cut..]));
    let two_members = file("two_members.csv.gz", two);
    let net = Network::open(&not_gzip)
        .links(&two_members)
        .load()
        .unwrap()
        .network;
    assert_eq!(records(&net), plain);
}

#[test]
fn a_broken_gzip_file_is_an_error_not_part_of_a_network() {
    let (nodes, edges) = central_asia_csv();
    let n = file("ok_nodes.csv", &nodes);
    let whole = gzip(&edges);
    let truncated = file("truncated.csv.gz", &whole[..whole.len() / 2]);
    let mut flipped = whole.clone();
    let mid = flipped.len() / 2;
    flipped[mid..mid + 64].iter_mut().for_each(|b| *b ^= 0x5a);
    let corrupt = file("corrupt.csv.gz", flipped);
    let short = file("short.csv.gz", [0x1f, 0x8b, 8]);
    for links in [&truncated, &corrupt, &short] {
        let e = Network::open(&n).links(links).load().unwrap_err();
        let shown = links.display().to_string();
        // The decoder's word, or a record it let through garbled: either way the file named.
        assert!(e.to_string().starts_with(&format!("{shown}: ")), "{e}");
    }
    let e = Network::open(&n).links(&truncated).load().unwrap_err();
    assert!(matches!(&e, DataError::Io { .. }), "{e}");
    let e = Network::from_geojson_file(
        file("truncated.geojson.gz", &gzip(SMALL_GEOJSON)[..40]),
        &opts(),
    )
    .unwrap_err();
    assert!(matches!(&e, DataError::Io { .. }), "{e}");
}
