//! CSV import and export: `NetworkData::from_csv`, `Network::from_csv_readers`,
//! `Network::from_csv_files` and `Network::write_csv`.

use std::path::Path;

use corridor::{Commodity, Gauge, MilestoneKind, NetworkData};
use corridor::{
    DataError, ImportOptions, Mode, Network, Objective, PlaceKind, RouteRequest, Status,
};

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

fn load(places: &str, links: &str) -> Result<Network, DataError> {
    Network::from_csv_readers(
        places.as_bytes(),
        links.as_bytes(),
        "places.csv",
        "links.csv",
        &ImportOptions::default(),
    )
}

fn load_err(places: &str, links: &str) -> DataError {
    match load(places, links) {
        Ok(net) => panic!(
            "expected an error, got a network of {} places and {} links from\n{places}\n{links}",
            net.places().len(),
            net.links().len()
        ),
        Err(e) => e,
    }
}

/// Exports `net` and reads the files back without validation.
fn export(net: &Network) -> (Vec<u8>, Vec<u8>) {
    let (mut places, mut links) = (Vec::new(), Vec::new());
    net.write_csv(&mut places, &mut links).unwrap();
    (places, links)
}

/// A small valid place file: three places in Kazakhstan and China.
const PLACES: &str = "\
id,lat,lon,name,country,kind
ala,43.25,76.95,Almaty,KZ,city
dos,45.25,82.48,Dostyk,KZ,border_crossing
akt,46.95,79.67,Aktogay,KZ,junction
ala_cn,45.17,82.57,Alashankou,CN,border_crossing
";

/// A small valid link file over [`PLACES`].
const LINKS: &str = "\
from,to,length_km,gauge_mm
ala,akt,540,1520
akt,dos,310,1520
dos,ala_cn,12,1435;1520
";

// ---------------------------------------------------------------------------------------------
// The OpenStreetMap railway network of Central Asia
// ---------------------------------------------------------------------------------------------

#[test]
fn osm_central_asia_loads_with_the_file_lengths() {
    let net = Network::from_csv_files(OSM_NODES, OSM_EDGES, &ImportOptions::default()).unwrap();
    // Counts from data/osm/README.md.
    assert_eq!(net.places().len(), 9_403);
    assert_eq!(net.links().len(), 10_624);
    assert_eq!(
        net.source_name(),
        format!("{OSM_NODES} + {OSM_EDGES}"),
        "the network names both files"
    );

    // Read the edge file independently: every link, in file order, has the file's ends and
    // length, and the defaults for what the file does not say.
    let mut edges = csv::Reader::from_path(OSM_EDGES).unwrap();
    assert_eq!(
        edges.headers().unwrap(),
        vec!["from", "to", "length_km", "mode"]
    );
    let data = net.to_data();
    let mut n = 0;
    for (i, rec) in edges.records().enumerate() {
        let rec = rec.unwrap();
        let l = &data.links[i];
        let km: f64 = rec[2].parse().unwrap();
        assert_eq!((l.from.as_str(), l.to.as_str()), (&rec[0], &rec[1]));
        assert_eq!(l.length_km.as_ref().unwrap().value, km, "link {i}");
        assert_eq!(l.length_km.as_ref().unwrap().source, "imported");
        assert_eq!(net.link_length_km(i), Some(km), "link {i}");
        assert_eq!(l.id, format!("l{i}"));
        assert_eq!(l.mode, Mode::Rail);
        // The file gives no gauge: each link has its countries' (tests/countries.rs).
        assert!(!l.gauges.is_empty(), "link {i}");
        assert_eq!(l.gauge_origin, corridor::Origin::Derived, "link {i}");
        assert!(!l.oneway);
        assert!(l.properties.is_empty());
        n += 1;
    }
    assert_eq!(n, net.links().len());

    let mut nodes = csv::Reader::from_path(OSM_NODES).unwrap();
    for (i, rec) in nodes.records().enumerate() {
        let rec = rec.unwrap();
        let p = &data.places[i];
        assert_eq!(p.id, &rec[0]);
        assert_eq!(p.name, p.id, "no name column: the id");
        assert_eq!(p.lat(), rec[1].parse::<f64>().unwrap());
        assert_eq!(p.lon(), rec[2].parse::<f64>().unwrap());
        // The file gives no country: found from the coordinates (tests/countries.rs).
        assert_eq!(p.country_origin, corridor::Origin::Derived, "place {i}");
        assert_eq!(p.country.len(), 2, "place {i}");
        assert_eq!(p.kind, PlaceKind::Junction);
        assert_eq!(p.coord_source, "imported");
    }
}

#[test]
fn osm_central_asia_round_trips_through_write_csv() {
    let net = Network::from_csv_files(OSM_NODES, OSM_EDGES, &ImportOptions::default()).unwrap();
    let (places, links) = export(&net);
    let text = String::from_utf8(links.clone()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("id,from,to,length_km,mode,gauge_mm,oneway,status,year,duration_hours,speed_kmh,commodity,json")
    );
    // Everything an imported link has fits the columns but that its gauge is derived.
    assert!(
        lines.all(|l| l.ends_with(r#","{""gauge_origin"":""derived""}""#)),
        "json column has more than the gauge's origin"
    );

    let back = Network::from_csv_readers(
        &places[..],
        &links[..],
        "p.csv",
        "l.csv",
        &ImportOptions::default(),
    )
    .unwrap();
    let (back, net) = (back.to_data(), net.to_data());
    assert_eq!(back.places, net.places);
    assert_eq!(back.links, net.links);
}

// ---------------------------------------------------------------------------------------------
// The built-in network
// ---------------------------------------------------------------------------------------------

#[test]
fn builtin_network_round_trips_through_write_csv() {
    let net = Network::central_asia();
    let (places, links) = export(&net);
    let back = NetworkData::from_csv(
        &places[..],
        &links[..],
        "p.csv",
        "l.csv",
        &ImportOptions::default(),
    )
    .unwrap();
    // Sources and corridors are not in the CSV files; places and links are, losslessly.
    let net_data = net.to_data();
    assert_eq!(back.places, net_data.places);
    assert_eq!(back.links, net_data.links);

    // With its corridors and sources back, the data is the built-in network again.
    let mut data = back;
    data.corridors = net.corridors().to_vec();
    data.sources = net.sources().to_vec();
    data.meta = net_data.meta.clone();
    assert_eq!(data, net_data);
    let again = Network::from_data(data, "again").unwrap();
    let req = RouteRequest::new("Xi'an", "Baku").by(Objective::Cost);
    assert_eq!(
        again.route(&req).unwrap().totals.cost_usd,
        net.route(&req).unwrap().totals.cost_usd
    );
}

#[test]
fn builtin_export_writes_lengths_only_for_links_that_have_one() {
    let net = Network::central_asia();
    let (_, links) = export(&net);
    let mut r = csv::Reader::from_reader(&links[..]);
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (len_col, json_col) = (col("length_km"), col("json"));
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), net.links().len());
    let mut estimated = 0;
    let data = net.to_data();
    for (i, (rec, l)) in recs.iter().zip(&data.links).enumerate() {
        match &l.length_km {
            Some(_) => {
                assert_eq!(
                    Some(rec[len_col].parse::<f64>().unwrap()),
                    net.link_length_km(i)
                )
            }
            None => {
                estimated += 1;
                assert_eq!(&rec[len_col], "", "link {}", l.id);
                let json: serde_json::Value = serde_json::from_str(&rec[json_col]).unwrap();
                assert_eq!(json["circuity"].as_f64(), l.circuity, "link {}", l.id);
            }
        }
    }
    assert!(estimated > 0, "the built-in network has estimated lengths");
}

// ---------------------------------------------------------------------------------------------
// Column mapping
// ---------------------------------------------------------------------------------------------

#[test]
fn every_column_lands_in_its_field() {
    let places = "\
lon,lat,id,kind,country,name,operator
76.95,43.25,ala,city,kz,Almaty,KTZ
82.48,45.25,dos,Border Crossing,KZ,,
79.67,46.95,akt,,,,
";
    let links = "\
name,id,from,to,length_km,mode,gauge_mm,oneway,status,year,duration_hours,speed_kmh,commodity,cost_per_tkm,corridor
Turksib,t1,ala,akt,540,rail,1520,no,operational,1931,12.5,45,,0.03,turksib
,,akt,dos,310,RAIL,1435; 1520,1,planned,2030,,,,,
,p1,dos,akt,300,pipeline,,yes,Under construction,2027,,,natural gas,,
,,ala,dos,900,road,,,,,,,,,
";
    let net = load(places, links).unwrap();
    let data = net.to_data();
    let p = &data.places[0];
    assert_eq!((p.id.as_str(), p.name.as_str()), ("ala", "Almaty"));
    assert_eq!((p.lon(), p.lat()), (76.95, 43.25));
    assert_eq!(p.country, "KZ", "country codes are upper-cased");
    assert_eq!(p.kind, PlaceKind::City);
    assert_eq!(p.properties["operator"], "KTZ", "unknown columns are kept");
    let p = &data.places[1];
    assert_eq!(p.name, "dos");
    assert_eq!(p.kind, PlaceKind::BorderCrossing);
    assert!(p.properties.is_empty(), "an empty cell adds no property");
    // No country in the file: Aktau's coordinates lie in Kazakhstan.
    let p = &data.places[2];
    assert_eq!((p.country.as_str(), p.kind), ("KZ", PlaceKind::Junction));
    assert_eq!(p.country_origin, corridor::Origin::Derived);

    let l = net.link_by_id("t1").unwrap().to_link();
    assert_eq!(l.name, "Turksib");
    assert_eq!(l.gauges, vec![Gauge::Russian]);
    assert!(!l.oneway);
    assert_eq!(l.status, Status::Operational);
    let y = l.year.as_ref().unwrap();
    assert_eq!(
        (y.year, y.event, y.source.as_str()),
        (1931, MilestoneKind::Opened, "imported")
    );
    assert_eq!(l.transit_hours.as_ref().unwrap().value, 12.5);
    assert_eq!(l.speed_kmh.as_ref().unwrap().value, 45.0);
    let t = l.tariff.as_ref().unwrap();
    assert_eq!(
        (t.usd_per_tonne_km, t.source.as_str()),
        (Some(0.03), "imported")
    );
    assert!(l.corridors.is_empty(), "a CSV file has no corridors");
    assert_eq!(l.properties["corridor"], "turksib");

    let l = net.link_by_id("l1").unwrap().to_link();
    assert_eq!(l.gauges, vec![Gauge::Standard, Gauge::Russian]);
    assert!(l.oneway);
    assert_eq!(l.status, Status::Planned);
    assert_eq!(
        l.year.as_ref().unwrap().event,
        MilestoneKind::ExpectedOpening
    );
    assert!(l.transit_hours.is_none() && l.speed_kmh.is_none() && l.tariff.is_none());

    let l = net.link_by_id("p1").unwrap().to_link();
    assert_eq!(l.mode, Mode::Pipeline);
    assert_eq!(l.commodity, Some(Commodity::NaturalGas));
    assert!(l.gauges.is_empty());
    assert_eq!(l.status, Status::UnderConstruction);

    let l = net.link_by_id("l3").unwrap().to_link();
    assert_eq!((l.mode, l.gauges.len()), (Mode::Road, 0));
}

#[test]
fn import_options_give_the_missing_mode_and_gauge() {
    let opts = ImportOptions {
        gauge_mm: Some(1520),
        ..ImportOptions::default()
    };
    let links = "from,to,length_km\nala,akt,540\n";
    let data = NetworkData::from_csv(PLACES.as_bytes(), links.as_bytes(), "p", "l", &opts).unwrap();
    assert_eq!(data.links[0].gauges, vec![Gauge::Russian]);

    let opts = ImportOptions {
        default_mode: Mode::Road,
        ..ImportOptions::default()
    };
    let data = NetworkData::from_csv(PLACES.as_bytes(), links.as_bytes(), "p", "l", &opts).unwrap();
    assert_eq!(
        (data.links[0].mode, data.links[0].gauges.len()),
        (Mode::Road, 0)
    );
}

#[test]
fn the_small_network_routes_across_the_gauge_break() {
    let net = load(PLACES, LINKS).unwrap();
    let route = net
        .route(&RouteRequest::new("Almaty", "Alashankou"))
        .unwrap();
    assert_eq!(route.totals.distance_km, 540.0 + 310.0 + 12.0);
}

#[test]
fn extra_columns_and_json_round_trip() {
    let places = "id,lat,lon,operator,json\n\
                  ala,43.25,76.95,KTZ,\"{\"\"alt_names\"\": [\"\"Alma-Ata\"\"], \"\"notes\"\": \"\"old capital\"\"}\"\n\
                  akt,46.95,79.67,,\n\
                  dos,45.25,82.48,,\n";
    let links = "from,to,length_km,corridor,json\n\
                 ala,akt,,turksib,\"{\"\"circuity\"\": 1.3, \"\"properties\"\": {\"\"gauge_note\"\": \"\"wide\"\"}}\"\n\
                 akt,dos,310,,\"{\"\"properties\"\": {\"\"gap\"\": null}}\"\n";
    let net = load(places, links).unwrap();
    let data = net.to_data();
    let p = &data.places[0];
    assert_eq!(p.alt_names, vec!["Alma-Ata"]);
    assert_eq!(p.notes, "old capital");
    assert_eq!(p.properties["operator"], "KTZ");
    let l = &data.links[0];
    assert!(l.length_km.is_none());
    assert_eq!(l.circuity, Some(1.3));
    assert!(
        net.link_length_km(0).unwrap() > 300.0,
        "the length comes from the coordinates"
    );
    // Properties from the columns and from the json column are merged.
    assert_eq!(l.properties["corridor"], "turksib");
    assert_eq!(l.properties["gauge_note"], "wide");
    // Without property columns on the line, the json column's properties are taken as they
    // are, nulls included.
    assert!(data.links[1].properties["gap"].is_null());

    let (p2, l2) = export(&net);
    let back = load(
        std::str::from_utf8(&p2).unwrap(),
        std::str::from_utf8(&l2).unwrap(),
    )
    .unwrap();
    let (back, net) = (back.to_data(), net.to_data());
    assert_eq!(back.places, net.places);
    assert_eq!(back.links, net.links);
}

#[test]
fn json_column_fields_complete_the_columns() {
    // The length's value comes from its column, its source and note from the json column.
    let links = "from,to,length_km,json\n\
                 ala,akt,540,\"{\"\"length_km\"\": {\"\"source\"\": \"\"ktz2020\"\", \"\"note\"\": \"\"timetable\"\"}}\"\n";
    let data = NetworkData::from_csv(
        PLACES.as_bytes(),
        links.as_bytes(),
        "p",
        "l",
        &Default::default(),
    )
    .unwrap();
    let len = data.links[0].length_km.as_ref().unwrap();
    assert_eq!(len.value, 540.0);
    assert_eq!(len.source, "ktz2020");
    assert_eq!(len.note.as_deref(), Some("timetable"));
}

#[test]
fn header_order_case_spaces_byte_order_mark_and_line_ends_do_not_matter() {
    let places = "\u{feff} LON , Lat ,ID\n76.95,43.25,ala\n79.67,46.95,akt\n";
    let links = "Length_KM,To,From\r\n540,akt,ala\r\n"; // Windows line ends
    let net = load(places, links).unwrap();
    assert_eq!(net.places().get(0).unwrap().id(), "ala");
    assert_eq!(net.length_km_of("l0"), Some(540.0));
}

#[test]
fn quoted_values_may_hold_commas_and_line_breaks() {
    let places = "id,lat,lon,name\nala,43.25,76.95,\"Almaty, main\nstation\"\nakt,46.95,79.67,\n";
    let net = load(places, "from,to,length_km\nala,akt,540\n").unwrap();
    assert_eq!(net.places().get(0).unwrap().name(), "Almaty, main\nstation");
}

// ---------------------------------------------------------------------------------------------
// Broken inputs
// ---------------------------------------------------------------------------------------------

/// What a broken input must give.
enum Want {
    /// `DataError::Invalid` in this file, record and field, with these words in the message.
    Invalid(
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    ),
    /// `DataError::DuplicateId` in this file, of this kind and id.
    Duplicate(&'static str, &'static str, &'static str),
}

#[test]
fn broken_inputs_give_typed_errors_naming_file_line_and_field() {
    use Want::*;
    let p = PLACES;
    let l = LINKS;
    // Line numbers: the header is line 1, so the n-th data record is line n + 1.
    let cases: Vec<(&str, String, String, Want)> = vec![
        (
            "place file without the id column",
            "ident,lat,lon\nala,43.2,76.9\n".into(),
            l.into(),
            Invalid("places.csv", "header", "id", &["missing column", "id,lat,lon", "ident,lat,lon"]),
        ),
        (
            "link file without its header row (the first record is taken as one)",
            p.into(),
            "ala,akt,540\n".into(),
            Invalid("links.csv", "header", "from", &["missing column", "from,to,length_km"]),
        ),
        (
            "semicolon-separated link file",
            p.into(),
            "from;to;length_km\nala;akt;540\n".into(),
            Invalid("links.csv", "header", "from", &["separated by commas", "from;to;length_km"]),
        ),
        (
            "a column named twice",
            "id,lat,lon,Lat\nala,43.2,76.9,43.2\n".into(),
            l.into(),
            Invalid("places.csv", "header", "Lat", &["twice", "columns 2 and 4"]),
        ),
        (
            "a column with no name",
            "id,lat,lon,\nala,43.2,76.9,x\n".into(),
            l.into(),
            Invalid("places.csv", "header", "column 4", &["no name"]),
        ),
        (
            "empty place file",
            "".into(),
            l.into(),
            Invalid("places.csv", "header", "id", &["empty", "id,lat,lon"]),
        ),
        (
            "empty link file",
            p.into(),
            "".into(),
            Invalid("links.csv", "header", "from", &["empty", "from,to,length_km"]),
        ),
        (
            "non-numeric length",
            p.into(),
            "from,to,length_km\nala,akt,540\nakt,dos,12 km\n".into(),
            Invalid("links.csv", "line 3", "length_km", &["`12 km`", "not a number"]),
        ),
        (
            "length with a decimal comma",
            p.into(),
            "from,to,length_km\nala,akt,\"540,5\"\n".into(),
            Invalid("links.csv", "line 2", "length_km", &["`540,5`", "not a number"]),
        ),
        (
            "NaN length",
            p.into(),
            "from,to,length_km\nala,akt,NaN\n".into(),
            Invalid("links.csv", "line 2", "length_km", &["`NaN`", "not a finite number"]),
        ),
        (
            "infinite latitude",
            "id,lat,lon\nala,inf,76.9\n".into(),
            l.into(),
            Invalid("places.csv", "line 2", "lat", &["`inf`", "not a finite number"]),
        ),
        (
            "negative length",
            p.into(),
            "from,to,length_km\nala,akt,-540\n".into(),
            Invalid("links.csv", "line 2", "length_km", &["-540", "negative", "0 or more"]),
        ),
        (
            "missing length value",
            p.into(),
            "from,to,length_km\nala,akt,540\nakt,dos,\n".into(),
            Invalid("links.csv", "line 3", "length_km", &["missing value"]),
        ),
        (
            "missing latitude",
            "id,lat,lon\nala,43.2,76.9\nakt,,79.6\n".into(),
            l.into(),
            Invalid("places.csv", "line 3", "lat", &["missing value", "latitude"]),
        ),
        (
            "missing place id",
            "id,lat,lon\n ,43.2,76.9\n".into(),
            l.into(),
            Invalid("places.csv", "line 2", "id", &["missing value"]),
        ),
        (
            "missing link end",
            p.into(),
            "from,to,length_km\n,akt,540\n".into(),
            Invalid("links.csv", "line 2", "from", &["missing value"]),
        ),
        (
            "unknown node id",
            p.into(),
            "from,to,length_km\nala,akt,540\nakt,almaty,10\n".into(),
            Invalid("links.csv", "line 3", "to", &["`almaty`", "places.csv"]),
        ),
        (
            "duplicate place ids",
            "id,lat,lon\nala,43.2,76.9\nakt,46.9,79.6\nala,43.3,76.8\n".into(),
            l.into(),
            Duplicate("places.csv", "place", "ala"),
        ),
        (
            "duplicate link ids",
            p.into(),
            "id,from,to,length_km\nx,ala,akt,540\nx,akt,dos,310\n".into(),
            Duplicate("links.csv", "link", "x"),
        ),
        (
            "bad mode",
            p.into(),
            "from,to,length_km,mode\nala,akt,540,plane\n".into(),
            Invalid("links.csv", "line 2", "mode", &["`plane`", "rail, road, sea or pipeline"]),
        ),
        (
            "bad bool",
            p.into(),
            "from,to,length_km,oneway\nala,akt,540,sometimes\n".into(),
            Invalid("links.csv", "line 2", "oneway", &["`sometimes`", "true, false, 1, 0, yes or no"]),
        ),
        (
            "bad status",
            p.into(),
            "from,to,length_km,status\nala,akt,540,closed\n".into(),
            Invalid("links.csv", "line 2", "status", &["`closed`", "operational, under_construction or planned"]),
        ),
        (
            "bad kind",
            "id,lat,lon,kind\nala,43.2,76.9,village\n".into(),
            l.into(),
            Invalid("places.csv", "line 2", "kind", &["`village`", "city", "border_crossing", "junction"]),
        ),
        (
            "bad country",
            "id,lat,lon,country\nala,43.2,76.9,Kazakhstan\n".into(),
            l.into(),
            Invalid("places.csv", "line 2", "country", &["`Kazakhstan`", "ISO 3166-1 alpha-2"]),
        ),
        (
            "bad commodity",
            p.into(),
            "from,to,length_km,mode,commodity\nala,akt,540,pipeline,water\n".into(),
            Invalid("links.csv", "line 2", "commodity", &["`water`", "natural-gas, crude-oil or oil-products"]),
        ),
        (
            "pipeline without commodity",
            p.into(),
            "from,to,length_km,mode\nala,akt,540,pipeline\n".into(),
            Invalid("links.csv", "line 2", "commodity", &["needs its commodity"]),
        ),
        (
            "commodity on a railway",
            p.into(),
            "from,to,length_km,commodity\nala,akt,540,crude-oil\n".into(),
            Invalid("links.csv", "line 2", "commodity", &["only pipelines"]),
        ),
        (
            "bad gauge",
            p.into(),
            "from,to,length_km,gauge_mm\nala,akt,540,broad\n".into(),
            Invalid("links.csv", "line 2", "gauge_mm", &["`broad`", "1435"]),
        ),
        (
            "gauge on a road",
            p.into(),
            "from,to,length_km,mode,gauge_mm\nala,akt,540,road,1520\n".into(),
            Invalid("links.csv", "line 2", "gauge_mm", &["road link has no gauge"]),
        ),
        (
            "bad year",
            p.into(),
            "from,to,length_km,year\nala,akt,540,soon\n".into(),
            Invalid("links.csv", "line 2", "year", &["`soon`", "whole number"]),
        ),
        (
            "zero speed",
            p.into(),
            "from,to,length_km,speed_kmh\nala,akt,540,0\n".into(),
            Invalid("links.csv", "line 2", "speed_kmh", &["0 is out of range", "from 0.1 to 1000"]),
        ),
        (
            "negative duration",
            p.into(),
            "from,to,length_km,duration_hours\nala,akt,540,-1\n".into(),
            Invalid("links.csv", "line 2", "duration_hours", &["-1 is out of range", "hours from 0 to 8760"]),
        ),
        (
            "too few fields",
            "id,lat,lon\nala,43.2,76.9\nakt,46.9\n".into(),
            l.into(),
            Invalid("places.csv", "line 3", "lon", &["2 fields", "header has 3"]),
        ),
        (
            "too many fields",
            p.into(),
            "from,to,length_km\nala,akt,540,rail\n".into(),
            Invalid("links.csv", "line 2", "column 4", &["4 fields", "header has 3"]),
        ),
        (
            "latitude out of range",
            "id,lat,lon\nala,43.2,76.9\nakt,95,79.6\n".into(),
            l.into(),
            Invalid("places.csv", "line 3", "lat", &["95", "-90 to 90"]),
        ),
        (
            "longitude out of range",
            "id,lat,lon\nala,43.2,-181\n".into(),
            l.into(),
            Invalid("places.csv", "line 2", "lon", &["-181", "-180 to 180"]),
        ),
        (
            "line count after a value spanning two lines",
            "id,lat,lon,name\nala,43.2,76.9,\"Almaty\nstation\"\nakt,46.9,999,\n".into(),
            l.into(),
            Invalid("places.csv", "line 4", "lon", &["999"]),
        ),
        (
            "json column that is not JSON",
            p.into(),
            "from,to,length_km,json\nala,akt,540,{circuity: 1.2}\n".into(),
            Invalid("links.csv", "line 2", "json", &["not valid JSON"]),
        ),
        (
            "json column that is not an object",
            p.into(),
            "from,to,length_km,json\nala,akt,540,[1]\n".into(),
            Invalid("links.csv", "line 2", "json", &["JSON object"]),
        ),
        (
            "json column of the wrong shape",
            p.into(),
            "from,to,length_km,json\nala,akt,540,\"{\"\"oneway\"\": \"\"maybe\"\"}\"\n".into(),
            Invalid("links.csv", "line 2", "json", &["valid record", "invalid type"]),
        ),
        (
            // Caught by the network's own validation, pointed back at its line.
            "circuity below 1 in the json column",
            p.into(),
            "from,to,length_km,json\nala,akt,540,\nakt,dos,,\"{\"\"circuity\"\": 0.5}\"\n".into(),
            Invalid("links.csv", "line 3", "circuity", &["0.5", "from 1 to 5"]),
        ),
        (
            "negative transfer time in a place's json column",
            "id,lat,lon,json\nala,43.2,76.9,\nakt,46.9,79.6,\"{\"\"transfer_hours\"\": {\"\"value\"\": -2, \"\"source\"\": \"\"x\"\"}}\"\n".into(),
            "from,to,length_km\nala,akt,1\n".into(),
            Invalid("places.csv", "line 3", "transfer_hours", &["-2"]),
        ),
    ];

    for (what, places, links, want) in cases {
        let e = load_err(&places, &links);
        let msg = e.to_string();
        match (&e, want) {
            (
                DataError::Invalid {
                    file,
                    record,
                    field,
                    problem,
                },
                Want::Invalid(f, r, fl, parts),
            ) => {
                assert_eq!(
                    (file.as_str(), record.to_string().as_str(), field.as_str()),
                    (f, r, fl),
                    "{what}: {msg}"
                );
                assert!(
                    msg.starts_with(&format!("{f}: {r}: field `{fl}`: ")),
                    "{what}: {msg}"
                );
                for part in parts {
                    assert!(
                        problem.contains(part),
                        "{what}: `{part}` missing from: {msg}"
                    );
                }
            }
            (DataError::DuplicateId { file, kind, id }, Want::Duplicate(f, k, i)) => {
                assert_eq!(
                    (file.as_str(), *kind, id.as_str()),
                    (f, k, i),
                    "{what}: {msg}"
                );
                assert!(
                    msg.contains(f) && msg.contains(&format!("`{i}`")),
                    "{what}: {msg}"
                );
            }
            (e, _) => panic!("{what}: unexpected error {e:?}"),
        }
    }
}

#[test]
fn invalid_utf8_names_the_line_and_field() {
    let links: &[u8] = b"from,to,length_km,name\nala,akt,540,ok\nakt,dos,310,\xff\xfe\n";
    let e = Network::from_csv_readers(
        PLACES.as_bytes(),
        links,
        "places.csv",
        "links.csv",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("links.csv: line 3: field `name`: is not valid UTF-8"),
        "{e}"
    );
}

#[test]
fn unreadable_files_are_io_errors_naming_the_file() {
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no_such_places.csv");
    let e = Network::from_csv_files(&missing, OSM_EDGES, &ImportOptions::default()).unwrap_err();
    match &e {
        DataError::Io { file, .. } => assert_eq!(file, &missing.display().to_string()),
        other => panic!("expected DataError::Io, got {other:?}"),
    }
    assert!(e.to_string().contains("no_such_places.csv"), "{e}");
}

#[test]
fn a_reader_failing_midway_is_an_io_error() {
    struct Failing(usize);
    impl std::io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk on fire"));
            }
            self.0 -= 1;
            let chunk = b"id,lat,lon\na,1,2\n";
            buf[..chunk.len()].copy_from_slice(chunk);
            Ok(chunk.len())
        }
    }
    let e = Network::from_csv_readers(
        Failing(1),
        LINKS.as_bytes(),
        "places.csv",
        "links.csv",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&e, DataError::Io { file, .. } if file == "places.csv"),
        "{e:?}"
    );
    assert!(e.to_string().contains("disk on fire"), "{e}");
}

#[test]
fn corridors_named_in_the_json_column_are_kept_without_a_corridor_list() {
    // A CSV file has no corridor list: a link that names one (e.g. an exported built-in link
    // read back on its own) keeps the id as it is.
    let links = "from,to,length_km,json\nala,akt,540,\"{\"\"corridors\"\": [\"\"titr\"\"]}\"\n";
    let net = corridor::Network::from_csv_readers(
        PLACES.as_bytes(),
        links.as_bytes(),
        "places.csv",
        "links.csv",
        &corridor::ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(net.links().get(0).unwrap().corridors(), ["titr"]);
}

// ---------------------------------------------------------------------------------------------
// The world railway network (timing)
// ---------------------------------------------------------------------------------------------

#[test]
fn exported_builtin_network_loads_again_and_routes_the_same() {
    let net = corridor::Network::central_asia();
    let (mut places, mut links) = (Vec::new(), Vec::new());
    net.write_csv(&mut places, &mut links).unwrap();
    let back = corridor::Network::from_csv_readers(
        &places[..],
        &links[..],
        "places.csv",
        "links.csv",
        &corridor::ImportOptions::default(),
    )
    .unwrap();
    for (from, to) in [
        ("xian", "baku"),
        ("kashgar", "tashkent"),
        ("samandepe", "gedaim"),
    ] {
        let req = corridor::RouteRequest::new(from, to);
        match (net.route(&req), back.route(&req)) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.path, b.path);
                assert_eq!(a.totals, b.totals);
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{from}->{to}: {a:?} vs {b:?}"),
        }
    }
}

#[test]
fn a_link_from_a_place_to_itself_is_kept_and_reported() {
    let net = corridor::Network::from_csv_readers(
        PLACES.as_bytes(),
        "id,from,to,length_km\nloop,ala,ala,1\n".as_bytes(),
        "places.csv",
        "links.csv",
        &corridor::ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(net.report().self_loops, ["loop"]);
}
