//! The built-in network: it loads, every figure's source resolves, and link lengths along
//! published end-to-end routes agree with the published lengths.

use corridor::{Mode, Network};
use serde_json::Value;

const DATA: &str = include_str!("../data/central_asia.json");
const TAGS: [&str; 5] = [
    "general knowledge",
    "estimate",
    "derived",
    "computed",
    "assumption",
];

#[test]
fn loads_with_all_reference_records() {
    let net = Network::central_asia();
    // The reference data set has 109 nodes, 150 links and 20 corridors.
    assert!(net.places().len() >= 109, "{}", net.places().len());
    assert!(net.links().len() >= 150, "{}", net.links().len());
    assert!(net.corridors().len() >= 20, "{}", net.corridors().len());
    for id in [
        "ca_gas_ab",
        "ca_gas_c",
        "ca_gas_d",
        "kz_cn_oil",
        "cku_highway",
        "cku_rail",
        "titr",
        "cre_alashankou",
        "cre_khorgos",
        "cn_tj_highway",
    ] {
        assert!(net.corridor_by_id(id).is_some(), "corridor {id} missing");
    }
}

/// Walks the raw JSON (not the crate's model) and checks every provenance field.
fn collect_sources<'a>(v: &'a Value, out: &mut Vec<(&'a str, String)>, path: &str) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let here = format!("{path}/{k}");
                match (k.as_str(), child) {
                    ("source" | "coord_source", Value::String(s)) => out.push((s, here)),
                    ("refs", Value::Array(items)) => {
                        for item in items {
                            if let Value::String(s) = item {
                                out.push((s, here.clone()));
                            }
                        }
                    }
                    _ => collect_sources(child, out, &here),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_sources(item, out, &format!("{path}/{i}"));
            }
        }
        _ => {}
    }
}

#[test]
fn every_source_key_resolves() {
    let root: Value = serde_json::from_str(DATA).unwrap();
    let keys: Vec<&str> = root["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert!(keys.len() >= 161, "{} sources", keys.len());
    let mut used = Vec::new();
    for section in ["places", "links", "corridors"] {
        collect_sources(&root[section], &mut used, section);
    }
    assert!(
        used.len() > 500,
        "only {} provenance fields found",
        used.len()
    );
    let unresolved: Vec<_> = used
        .iter()
        .filter(|(k, _)| !keys.contains(k) && !TAGS.contains(k))
        .collect();
    assert!(
        unresolved.is_empty(),
        "unresolved source keys: {unresolved:?}"
    );
}

#[test]
fn estimated_lengths_stay_visible_as_estimates() {
    let root: Value = serde_json::from_str(DATA).unwrap();
    for link in root["links"].as_array().unwrap() {
        let id = link["id"].as_str().unwrap();
        match (link.get("length_km"), link.get("circuity")) {
            (Some(len), _) => {
                let src = len["source"].as_str().unwrap();
                assert!(
                    src != "computed",
                    "{id}: a computed length stored as a figure"
                );
            }
            (None, Some(c)) => assert!(c.as_f64().unwrap() >= 1.0, "{id}"),
            (None, None) => panic!("{id}: no length and no circuity"),
        }
    }
}

/// Sum of link lengths along a route given as link ids.
fn route_km(net: &Network, links: &[&str]) -> f64 {
    links
        .iter()
        .map(|id| {
            net.length_km_of(id)
                .unwrap_or_else(|| panic!("no link {id}"))
        })
        .sum()
}

/// The link of `mode` joining two places (either direction).
fn link_between(net: &Network, a: &str, b: &str, mode: Mode) -> String {
    net.links()
        .iter()
        .find(|l| {
            let (from, to) = (l.from().id(), l.to().id());
            l.mode() == mode && ((from == a && to == b) || (from == b && to == a))
        })
        .unwrap_or_else(|| panic!("no {mode} link {a}–{b}"))
        .id()
        .to_string()
}

fn path_km(net: &Network, places: &[&str], mode: Mode) -> f64 {
    let ids: Vec<String> = places
        .windows(2)
        .map(|w| link_between(net, w[0], w[1], mode))
        .collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    route_km(net, &refs)
}

fn assert_within(model: f64, published: f64, what: &str) {
    let ratio = model / published;
    assert!(
        (0.94..=1.06).contains(&ratio),
        "{what}: model {model:.1} km vs published {published} km (ratio {ratio:.3})"
    );
}

#[test]
fn published_end_to_end_lengths_within_six_percent() {
    let net = Network::central_asia();
    // Yuxinou Chongqing–Duisburg via Alashankou: 11,179 km [chinadaily2013_yuxinou].
    let yuxinou = [
        "chongqing",
        "xian",
        "lanzhou",
        "urumqi",
        "jinghe",
        "alashankou",
        "dostyk",
        "aktogay",
        "moyinty",
        "karaganda",
        "astana",
        "petropavl",
        "yekaterinburg",
        "moscow",
        "brest",
        "malaszewicze",
        "duisburg",
    ];
    assert_within(
        path_km(&net, &yuxinou, Mode::Rail),
        11179.0,
        "Chongqing–Duisburg rail",
    );
    // Chang'an Xi'an–Almaty via Alashankou: 3,866 km [chinadaily2013_changan].
    let changan = [
        "xian",
        "lanzhou",
        "urumqi",
        "jinghe",
        "alashankou",
        "dostyk",
        "aktogay",
        "almaty",
    ];
    assert_within(
        path_km(&net, &changan, Mode::Rail),
        3866.0,
        "Xi'an–Almaty rail",
    );
    // Tashkent–Kashgar road, 2017 pilot convoy: 920 km [kabar2018_road].
    let cku_road = [
        "tashkent",
        "andijan",
        "osh",
        "sarytash",
        "irkeshtam",
        "kashgar",
    ];
    assert_within(
        path_km(&net, &cku_road, Mode::Road),
        920.0,
        "Tashkent–Kashgar road",
    );
    // Gas lines A/B, Gedaim (TM–UZ border) to Khorgos: 1,833 km [offshoretech_gas].
    let gas_ab = ["p_gas_ab_uz", "p_gas_ab_kz0", "p_gas_ab_kz"];
    assert_within(route_km(&net, &gas_ab), 1833.0, "gas lines A/B");
    // Tashkent–Bukhara rail: 600 km [hsr_uz_wiki].
    let tb = ["tashkent", "samarkand", "navoi", "bukhara"];
    assert_within(
        path_km(&net, &tb, Mode::Rail),
        600.0,
        "Tashkent–Bukhara rail",
    );
}

#[test]
fn computed_length_is_geodesic_times_circuity() {
    let net = Network::central_asia();
    // d_kashgar_irkeshtam has no published length; circuity 1.45 (mountain road). The WGS84
    // geodesic between its ends, computed with GeographicLib (Python) from the coordinates
    // in the data file, is 179.373808 km.
    let km = net.length_km_of("d_kashgar_irkeshtam").unwrap();
    assert!((km - 179.373808 * 1.45).abs() < 1e-3, "{km}");
    // A published length is used as it is.
    assert_eq!(net.length_km_of("r_lanzhou_urumqi"), Some(1904.0));
}
