//! Property tests of the public API surface (issue 11): random requests, random imported
//! networks and random numbers, hostile ones included, must give either an answer that honours
//! the request or a typed error that says what is wrong — never a panic.
//!
//! | property | cases | what is random |
//! | --- | ---: | --- |
//! | `routes_on_the_builtin_network_honour_their_requests` | 4,000 | requests |
//! | `csv_networks_load_or_fail_and_their_routes_honour_requests` | 1,500 | a CSV network; requests, `nearest_place`, `heal`, `merge` on it |
//! | `geojson_networks_load_or_fail_and_their_routes_honour_requests` | 1,500 | the same as GeoJSON |
//! | `nearest_place_takes_any_coordinate` | 2,000 | two `f64`s |
//! | `any_cost_model_gives_meaningful_routes` | 1,000 | a [`CostModel`]; requests |
//!
//! A request has random places (real ids and names, their case and accent variants, `lat,lon`
//! coordinates valid and not, random unicode, empty and very long text), objectives (weights
//! NaN, infinite, negative, subnormal, huge), cargo kinds and quantities (0, negative,
//! subnormal, 1e-300, 1e306, 1e308, infinite, NaN, ordinary), years (`i32` extremes),
//! countries (real, lower case, padded, unknown) and places to avoid, and mode sets (empty,
//! repeated). Two requests in three are plain (real places and countries, ordinary numbers),
//! so that many are answered with a route; the others are hostile.
//!
//! An imported network has up to 12 places and 20 links (self-loops, parallel links,
//! coinciding places, places at the poles and the antimeridian), written as CSV text for
//! [`Network::from_csv_readers`] or GeoJSON text for [`Network::from_geojson_str`], with
//! random [`ImportOptions`]. Three in four are clean, though one number in twelve is extreme
//! but acceptable (a length of 0 or 1e308 km, a speed of 5e-324 km/h); the others are hostile
//! (NaN, infinite and negative numbers, unknown names and link ends, duplicate ids, broken text)
//! and loading them must then be an error, not a panic. The edits `heal` and `merge` (with the
//! built-in network) take random distances, NaN and negative ones included.
//!
//! What every answer must satisfy:
//! - nothing panics (each call is wrapped in `catch_unwind`; the failure names the call and
//!   the decoded input);
//! - an `Ok(route)` has finite, non-negative totals (and legs, transfers and border crossings)
//!   that add up to the totals; it starts and ends at the places the public API resolves the
//!   request's ends to ([`Network::place`], or [`Network::nearest_place`] for a coordinate);
//!   its legs chain from one to the other over real links, travelled in a direction they
//!   allow, of allowed modes, open in the requested year, on a carrier the link offers and the
//!   cargo fits; no place it touches is avoided or in an avoided country; it was asked for
//!   with a finite positive quantity and usable weights; its `Display`, JSON and GeoJSON are
//!   non-empty and well formed;
//! - an error is a [`RouteError`] or [`DataError`] of the right [`ErrorKind`] whose `Display`
//!   is not empty, and the suggestions of an unknown place name real places;
//! - a network (loaded, healed or merged) has valid coordinates and finite, non-negative link
//!   lengths, and finds each place by its id; `heal` and `merge` add links no longer than
//!   asked, and refuse a distance that is not a finite number >= 0;
//! - `nearest_place` gives `None` only for an empty network or an invalid coordinate, never
//!   a distance that is not finite, and for a valid coordinate the geodesically nearest place.
//!
//! Generators draw plain integers and decode them (as `algo_props.rs` does): proptest's float
//! and union strategies are slow in debug builds. A failure prints the decoded input (the
//! request, the network's text, the cost model) before the shrunk integers, which mean
//! nothing without this file's decoders; so failure persistence is off, and a failure's
//! message is its reproduction. Shrinking stops after 10 s, to keep a failing run short.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

use corridor::{
    Cargo, CargoKind, CostModel, CustomsUnion, DataError, ErrorKind, ImportOptions, Measures, Mode,
    ModeRates, Network, Objective, Route, RouteError, RouteRequest, TransferRates, Weights,
};
use geo::{Distance, Geodesic, Point};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

static BUILTIN: LazyLock<Network> = LazyLock::new(Network::central_asia);
static BUILTIN_NAMES: LazyLock<Names> = LazyLock::new(|| Names::of(&BUILTIN));

/// The longest geodesic on the WGS 84 ellipsoid is about 20,004 km; a little margin.
const MAX_GEODESIC_KM: f64 = 20_010.0;

// ---------------------------------------------------------------------------------------------
// Running properties
// ---------------------------------------------------------------------------------------------

/// Runs `test` on `cases` random values of `strategy`; a failure reports the shrunk case.
fn check<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_time: 10_000,
        ..Config::default()
    });
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{name}: {e}");
    }
}

/// Calls `f`, turning a panic into a failure that names `what` and the input.
fn guard<T>(what: &str, input: &dyn Fn() -> String, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        format!("{what} panicked: {msg}\n{}", input())
    })
}

/// Fails the case with `problem` and the input.
fn fail(problem: String, input: &dyn Fn() -> String) -> TestCaseError {
    TestCaseError::fail(format!("{problem}\n{}", input()))
}

/// Returns `Err` with the formatted message unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        {
            let holds: bool = $cond;
            if !holds {
                return Err(format!($($fmt)+));
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Decoding integers
// ---------------------------------------------------------------------------------------------

/// `[0, 1)` from the high 53 bits of `x`.
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Independent bits from `x` for the `k`-th choice made from it (splitmix64); 0 stays 0, so
/// that shrinking still reaches every table's first entry.
fn h(x: u64, k: u64) -> u64 {
    if x == 0 {
        return 0;
    }
    let mut z = x.wrapping_add(k.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick<T: Clone>(x: u64, table: &[T]) -> T {
    table[(x % table.len() as u64) as usize].clone()
}

/// Three times in four an ordinary number in `lo..hi`, else one of `hostile`.
fn number(x: u64, lo: f64, hi: f64, hostile: &[f64]) -> f64 {
    if x % 4 == 3 {
        pick(h(x, 9), hostile)
    } else {
        lo + (hi - lo) * unit(h(x, 8))
    }
}

#[rustfmt::skip]
const HOSTILE: &[f64] = &[
    0.0, -0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY,
    1e308, f64::MAX, -1e308, 1e306, 1e-300, 5e-324,
    1e-310, f64::MIN_POSITIVE, 1e12, -1e-300,
];

#[rustfmt::skip]
const QUANTITIES: &[f64] = &[
    0.0, -0.0, -1.0, 5e-324, 1e-310, 1e-300,
    1e306, 1e308, f64::MAX, f64::INFINITY, f64::NEG_INFINITY, f64::NAN,
    1e-12, 1e9, 1.0, 40.0,
];

#[rustfmt::skip]
const WEIGHTS: &[f64] = &[
    0.0, -0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY,
    1e308, f64::MAX, 5e-324, 1e-300, 1e300, -5e-324,
];

/// Text that `RouteRequest` reads as a coordinate, valid or not, or nearly does.
#[rustfmt::skip]
const COORDINATES: &[&str] = &[
    "NaN,NaN", "nan,0", "inf,inf", "-inf,10", "infinity,0", "1e308,1e308",
    "91,0", "-90.0000001,0", "0,181", "0,-180.5", "-0.0,-0.0", "90,180",
    "-90,-180", "0,0", "5e-324,-5e-324", "43.2,76.9,1", ",", "43.2,",
    " 43.24 , 76.89 ", "+4.3e1,+7.7e1", "43,2", "76.89,43.24", "1e-320,1e-320", "89.9999,179.9999",
];

/// Strange names.
#[rustfmt::skip]
const STRANGE: &[&str] = &[
    "", " ", "\0", "\u{202E}almaty", "🚂", "Ａｌｍａｔｙ", "İSTANBUL", "Xi\u{2019}an",
    "XI'AN", "Алматы", "阿拉山口", "a\u{301}", "\u{FEFF}baku", "nowhere", "x,y", "'",
    "\"", "\\", "%s%n", "null", "-", "_", "...", "\u{10FFFF}",
];

#[rustfmt::skip]
const CHARS: &[char] = &[
    'a', 'Z', '0', ' ', ',', '.', '\'', '-', '_', '\0', '\t', '\n',
    '\u{301}', '\u{200B}', '\u{202E}', '\u{FEFF}', 'é', 'ß', 'İ', 'ı', 'Ж', 'ж', '阿', '🚂',
    '\u{10FFFF}', '\u{FFFD}', 'ç', 'Ø', 'ʼ', '1', 'e', '+',
];

/// Up to `max` characters of `CHARS`, or of any Unicode scalar value.
fn random_text(x: u64, max: u64) -> String {
    let n = h(x, 1) % (max + 1);
    (0..n)
        .map(|i| {
            let y = h(x, 10 + i);
            if y % 4 == 0 {
                char::from_u32((y >> 8) as u32 % 0x11_0000).unwrap_or('\u{FFFD}')
            } else {
                pick(y >> 2, CHARS)
            }
        })
        .collect()
}

fn add_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a' => 'á',
            'e' => 'é',
            'i' => 'í',
            'o' => 'ö',
            'u' => 'ü',
            'c' => 'ç',
            'A' => 'Å',
            other => other,
        })
        .collect()
}

fn strip_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ă' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ï' | 'ı' => 'i',
            'ó' | 'ö' | 'ô' => 'o',
            'ú' | 'ü' | 'ū' => 'u',
            'ç' => 'c',
            'ş' | 'ș' => 's',
            'ț' => 't',
            'İ' => 'I',
            other => other,
        })
        .collect()
}

/// What a network calls its places and countries, to make requests from.
#[derive(Debug, Clone)]
struct Names {
    places: Vec<Known>,
    countries: Vec<String>,
}

#[derive(Debug, Clone)]
struct Known {
    id: String,
    name: String,
    alt: Option<String>,
    lon: f64,
    lat: f64,
}

impl Names {
    fn of(net: &Network) -> Names {
        Names {
            places: net
                .places()
                .iter()
                .map(|p| Known {
                    id: p.id().to_string(),
                    name: p.name().to_string(),
                    alt: p.alt_names().first().cloned(),
                    lon: p.lon(),
                    lat: p.lat(),
                })
                .collect(),
            countries: net.countries().map(str::to_string).collect(),
        }
    }
}

/// A place as a request may give it: in a plain request, one that names a place (an id, a
/// name, a spelling of it, a coordinate near it).
fn place_text(x: u64, names: &Names, plain: bool) -> String {
    let n = names.places.len() as u64;
    let Some(p) = names.places.get((h(x, 2) % n.max(1)) as usize) else {
        return pick(h(x, 1), STRANGE).to_string();
    };
    let r = h(x, 3);
    match x % if plain { 44 } else { 64 } {
        0..=15 => p.id.clone(),
        16..=25 => p.name.clone(),
        26 | 27 => p.alt.clone().unwrap_or_else(|| p.name.clone()),
        28 | 29 => p.name.to_uppercase(),
        30 | 31 => p.name.to_lowercase(),
        32 | 33 => add_accents(&p.name),
        34 | 35 => strip_accents(&p.name),
        36 => format!("  {}  ", p.name.replace(' ', "-")),
        37 => format!(" {} ", p.id.to_uppercase()),
        38..=42 => {
            // Near a place.
            let (dlat, dlon) = (unit(r) - 0.5, unit(h(r, 1)) - 0.5);
            format!("{},{}", p.lat + dlat, p.lon + dlon)
        }
        43 => format!("{},{}", p.lat, p.lon),
        44 | 45 => format!(
            "{},{}",
            180.0 * unit(r) - 90.0,
            360.0 * unit(h(r, 1)) - 180.0
        ),
        46..=50 => pick(r, COORDINATES).to_string(),
        51..=53 => pick(r, STRANGE).to_string(),
        54..=57 => random_text(r, 12),
        58 | 59 => {
            // A typo: one character dropped.
            let cut = (r % p.name.chars().count().max(1) as u64) as usize;
            p.name
                .chars()
                .enumerate()
                .filter_map(|(i, c)| (i != cut).then_some(c))
                .collect()
        }
        60 => {
            // Very long.
            let unit_text = if r % 2 == 0 { p.name.as_str() } else { "ж" };
            unit_text.repeat(300 / unit_text.chars().count().max(1) + (r % 200) as usize)
        }
        61 => format!("{}_x", p.id),
        62 => format!("{}, {}", p.name, p.name),
        _ => p.id.chars().rev().collect(),
    }
}

/// A country code as a request may give it: in a plain request, one of the network's.
fn country_text(x: u64, names: &Names, plain: bool) -> String {
    const ODD: &[&str] = &[
        "XX", "ZZ", "", " ", "K", "KAZ", "🇰🇿", "ÄÖ", "k\0", "US", "kz ", "Kz", "--",
    ];
    if names.countries.is_empty() || (!plain && x % 8 >= 6) {
        return pick(h(x, 1), ODD).to_string();
    }
    let c = pick(h(x, 2), &names.countries);
    match x % 6 {
        0..=3 => c,
        4 => c.to_lowercase(),
        _ => format!(" {c} "),
    }
}

fn modes(x: u64, plain: bool) -> Option<Vec<Mode>> {
    if x % 4 == 0 {
        return None;
    }
    // A plain request allows at least one mode.
    let bits = if plain {
        x >> 2 | 1 << ((x >> 8) % 4)
    } else {
        x >> 2
    };
    let mut m: Vec<Mode> = Mode::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| bits >> i & 1 == 1)
        .map(|(_, m)| *m)
        .collect();
    if bits >> 4 & 1 == 1 {
        m.reverse();
    }
    if bits >> 5 & 1 == 1 {
        if let Some(&first) = m.first() {
            m.push(first);
        }
    }
    Some(m)
}

fn year(x: u64, plain: bool) -> Option<i32> {
    match x % if plain { 6 } else { 10 } {
        0..=3 => None,
        4 => Some(1990 + (x >> 4) as i32 % 80),
        5 => Some(2030),
        6 => Some(i32::MIN),
        7 => Some(i32::MAX),
        8 => Some(0),
        _ => Some((x >> 32) as u32 as i32),
    }
}

fn weight(x: u64, plain: bool) -> f64 {
    match x % 3 {
        0 => 0.0,
        _ if plain => 10.0 * unit(h(x, 1)),
        _ => number(x, 0.0, 10.0, WEIGHTS),
    }
}

fn objective(x: u64, w: &[u64], plain: bool) -> Objective {
    match x % 6 {
        0 => Objective::Cost,
        1 => Objective::Distance,
        2 => Objective::Time,
        3 => Objective::Co2,
        _ => Objective::Weighted(Weights {
            per_km: weight(w[0], plain),
            per_hour: weight(w[1], plain),
            per_usd: weight(w[2], plain),
            per_kg_co2: weight(w[3], plain),
        }),
    }
}

const KINDS: &[CargoKind] = &[
    CargoKind::Container,
    CargoKind::Bulk,
    CargoKind::CrudeOil,
    CargoKind::NaturalGas,
    CargoKind::OilProducts,
];

fn cargo(x: u64, plain: bool) -> Cargo {
    let q = h(x, 1);
    let quantity = if plain {
        0.5 + 99.5 * unit(q)
    } else {
        number(q, 0.5, 100.0, QUANTITIES)
    };
    Cargo::new(pick(x, KINDS), quantity)
}

/// The integers a request is decoded from.
#[derive(Debug, Clone)]
struct RequestSeed {
    /// The last one says whether the request is plain (two times in three) or hostile: a
    /// plain one names real places and countries, with ordinary numbers.
    words: [u64; 11],
    countries: Vec<u64>,
    avoid: Vec<u64>,
}

fn request_seed() -> impl Strategy<Value = RequestSeed> {
    (
        any::<[u64; 11]>(),
        vec(any::<u64>(), 0..=2),
        vec(any::<u64>(), 0..=2),
    )
        .prop_map(|(words, countries, avoid)| RequestSeed {
            words,
            countries,
            avoid,
        })
}

fn request(names: &Names, s: &RequestSeed) -> RouteRequest {
    let w = &s.words;
    let plain = w[10] % 3 != 2;
    // The destination is decoded from `w[1] + 1`, so that an all-zero seed (where shrinking
    // heads) does not ask for the same place twice.
    let (from, to) = (
        place_text(w[0], names, plain),
        place_text(w[1].wrapping_add(1), names, plain),
    );
    let mut req = RouteRequest::new(from, to)
        .by(objective(w[2], &w[3..7], plain))
        .cargo(cargo(w[7], plain));
    req.modes = modes(w[8], plain);
    req.year = year(w[9], plain);
    req.avoid_countries = s
        .countries
        .iter()
        .map(|&x| country_text(x, names, plain))
        .collect();
    req.avoid_places = s
        .avoid
        .iter()
        .map(|&x| place_text(x, names, plain))
        .collect();
    req
}

// ---------------------------------------------------------------------------------------------
// What an answer must satisfy
// ---------------------------------------------------------------------------------------------

/// `lat,lon` as a request reads it (two numbers around a comma), valid or not.
fn coordinate(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once(',')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

fn valid_lon_lat(lon: f64, lat: f64) -> bool {
    (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)
}

/// The place id a request's place text stands for, as the public API finds it on its own,
/// with the snap distance for a coordinate.
fn resolve(net: &Network, s: &str) -> Result<(String, Option<f64>), String> {
    match coordinate(s) {
        Some((lat, lon)) if valid_lon_lat(lon, lat) => net
            .nearest_place(lon, lat)
            .map(|(p, km)| (p.id().to_string(), Some(km)))
            .ok_or_else(|| "no nearest place".to_string()),
        Some(_) => Err(format!("`{s}` is not a valid coordinate")),
        None => net
            .place(s)
            .map(|p| (p.id().to_string(), None))
            .map_err(|e| e.to_string()),
    }
}

fn check_measures(what: &str, m: &Measures) -> Result<(), String> {
    for (field, v) in [
        ("distance_km", m.distance_km),
        ("duration_hours", m.duration_hours),
        ("cost_usd", m.cost_usd),
        ("co2_kg", m.co2_kg),
    ] {
        ensure!(v.is_finite() && v >= 0.0, "{what}: {field} = {v}");
    }
    Ok(())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-9
}

/// Checks that `route` honours `req` on `net`.
fn check_route(net: &Network, req: &RouteRequest, route: &Route) -> Result<(), String> {
    let q = req.cargo.quantity;
    ensure!(q.is_finite() && q > 0.0, "a route for a quantity of {q}");
    if let Objective::Weighted(w) = req.objective {
        let ws = [w.per_km, w.per_hour, w.per_usd, w.per_kg_co2];
        ensure!(
            ws.iter().all(|v| v.is_finite() && *v >= 0.0) && ws.iter().any(|v| *v > 0.0),
            "a route for weights {w:?}"
        );
    }

    // Totals, and the parts they are the sum of.
    check_measures("totals", &route.totals)?;
    let mut sum = Measures::default();
    for (i, leg) in route.legs.iter().enumerate() {
        check_measures(&format!("leg {i}"), &leg.measures)?;
        ensure!(
            leg.estimated_km.is_finite()
                && leg.estimated_km >= 0.0
                && leg.estimated_km <= leg.measures.distance_km * (1.0 + 1e-9) + 1e-9,
            "leg {i}: estimated_km = {} of {} km",
            leg.estimated_km,
            leg.measures.distance_km
        );
        sum += leg.measures;
    }
    for t in &route.transfers {
        let m = Measures {
            duration_hours: t.hours,
            cost_usd: t.cost_usd,
            ..Measures::default()
        };
        check_measures(&format!("transfer at {}", t.place), &m)?;
        sum += m;
    }
    for b in &route.border_crossings {
        let m = Measures {
            duration_hours: b.hours,
            cost_usd: b.cost_usd,
            ..Measures::default()
        };
        check_measures(&format!("border crossing at {}", b.place), &m)?;
        sum += m;
    }
    let t = &route.totals;
    ensure!(
        close(t.distance_km, sum.distance_km)
            && close(t.duration_hours, sum.duration_hours)
            && close(t.cost_usd, sum.cost_usd)
            && close(t.co2_kg, sum.co2_kg),
        "totals {t:?} are not the sum of the parts {sum:?}"
    );

    // The ends.
    let mut ends = Vec::new();
    for (role, text, end) in [("from", &req.from, &route.from), ("to", &req.to, &route.to)] {
        let (id, snap) = resolve(net, text)
            .map_err(|e| format!("a route although `{role}` does not resolve: {e}"))?;
        ensure!(
            end.id == id,
            "route.{role} is {} but `{text}` resolves to {id}",
            end.id
        );
        let place = net
            .place_by_id(&end.id)
            .ok_or(format!("no place {}", end.id))?;
        ensure!(end.name == place.name(), "route.{role}.name {}", end.name);
        match (snap, end.snap_km) {
            (None, None) => {}
            (Some(a), Some(b)) => ensure!(
                b.is_finite() && b >= 0.0 && close(a, b),
                "route.{role}.snap_km = {b}, nearest_place says {a}"
            ),
            (a, b) => return Err(format!("route.{role}.snap_km = {b:?}, expected {a:?}")),
        }
        ends.push(id);
    }

    // What the route may not touch.
    let mut avoided = Vec::new();
    for text in &req.avoid_places {
        let (id, _) = resolve(net, text)
            .map_err(|e| format!("a route although avoided `{text}` does not resolve: {e}"))?;
        avoided.push(id);
    }
    let countries: Vec<String> = req
        .avoid_countries
        .iter()
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        .collect();
    let allowed = |id: &str| -> Result<(), String> {
        let p = net.place_by_id(id).ok_or(format!("no place {id}"))?;
        ensure!(!avoided.iter().any(|a| a == id), "passes avoided {id}");
        ensure!(
            !countries
                .iter()
                .any(|c| c.eq_ignore_ascii_case(p.country())),
            "passes {id} in avoided country {}",
            p.country()
        );
        Ok(())
    };

    // Legs chain from one end to the other over links the request allows.
    let mut at = ends[0].clone();
    let mut walked = vec![at.clone()];
    for (i, leg) in route.legs.iter().enumerate() {
        ensure!(leg.from == at, "leg {i} starts at {} not {at}", leg.from);
        if let Some(m) = &req.modes {
            ensure!(m.contains(&leg.mode), "leg {i} by {} not allowed", leg.mode);
        }
        ensure!(
            leg.carrier.mode() == leg.mode,
            "leg {i}: carrier {} of mode {}",
            leg.carrier,
            leg.mode
        );
        ensure!(
            req.cargo.kind.fits(leg.carrier),
            "leg {i}: {} cannot ride on {}",
            req.cargo.kind,
            leg.carrier
        );
        ensure!(!leg.links.is_empty(), "leg {i} has no links");
        for id in &leg.links {
            let l = net.link_by_id(id).ok_or(format!("leg {i}: no link {id}"))?;
            let (f, t) = (l.from().id(), l.to().id());
            at = if f == at {
                t.to_string()
            } else if t == at && !l.oneway() {
                f.to_string()
            } else {
                return Err(format!(
                    "leg {i}: link {id} ({f} → {t}) does not leave {at}"
                ));
            };
            ensure!(l.mode() == leg.mode, "leg {i}: link {id} is {}", l.mode());
            ensure!(
                l.carriers().any(|c| c == leg.carrier),
                "leg {i}: link {id} does not offer {}",
                leg.carrier
            );
            ensure!(
                l.open_in(req.year),
                "leg {i}: link {id} ({:?}) is not open in {:?}",
                l.status(),
                req.year
            );
            allowed(f)?;
            allowed(t)?;
            if walked.last() != Some(&at) {
                walked.push(at.clone());
            }
        }
        ensure!(leg.to == at, "leg {i} ends at {} not {at}", leg.to);
    }
    ensure!(at == ends[1], "the legs end at {at}, not {}", ends[1]);
    ensure!(
        route.path == walked,
        "path {:?} is not the places walked {walked:?}",
        route.path
    );
    for id in &route.path {
        allowed(id)?;
    }

    // What is shown of it.
    ensure!(!route.to_string().trim().is_empty(), "empty Display");
    let json = serde_json::to_string(route).map_err(|e| format!("serde_json: {e}"))?;
    let back: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| format!("route JSON does not parse: {e}"))?;
    ensure!(
        back["totals"].is_object(),
        "route JSON without totals: {json}"
    );
    let geojson: serde_json::Value = serde_json::from_str(&route.to_geojson(net))
        .map_err(|e| format!("route GeoJSON does not parse: {e}"))?;
    ensure!(
        geojson["type"] == "FeatureCollection"
            && geojson["features"].as_array().map(Vec::len)
                == Some(route.legs.len() + route.transfers.len() + route.border_crossings.len()),
        "route GeoJSON: {geojson}"
    );
    Ok(())
}

fn check_route_error(net: &Network, e: &RouteError) -> Result<(), String> {
    let text = e.to_string();
    ensure!(!text.trim().is_empty(), "empty Display of {e:?}");
    let expected = match e {
        RouteError::NoRoute { .. } => ErrorKind::NoAnswer,
        _ => ErrorKind::BadInput,
    };
    ensure!(e.kind() == expected, "{e:?} is of kind {:?}", e.kind());
    if let RouteError::UnknownPlace { suggestions, .. } = e {
        for s in suggestions {
            ensure!(
                net.places().iter().any(|p| p.name() == s),
                "suggestion `{s}` names no place"
            );
        }
    }
    Ok(())
}

fn check_data_error(e: &DataError) -> Result<(), String> {
    ensure!(!e.to_string().trim().is_empty(), "empty Display of {e:?}");
    ensure!(e.kind() == ErrorKind::BadInput, "{e:?}");
    Ok(())
}

/// Asks `net` for `req`, and checks the answer.
fn ask(net: &Network, req: &RouteRequest, input: &dyn Fn() -> String) -> Result<(), TestCaseError> {
    let answer = format!("{req:?}");
    let input = || format!("request: {answer}\n{}", input());
    let got = guard("Network::route", &input, || net.route(req)).map_err(TestCaseError::fail)?;
    let checked = guard("checking the answer", &input, || match &got {
        Ok(route) => check_route(net, req, route).map_err(|e| format!("{e}\nroute: {route:?}")),
        Err(e) => check_route_error(net, e),
    })
    .map_err(TestCaseError::fail)?;
    checked.map_err(|e| fail(e, &input))
}

/// Checks `nearest_place(lon, lat)` against the nearest place by brute force.
fn check_nearest(net: &Network, lon: f64, lat: f64) -> Result<(), String> {
    let input = || format!("nearest_place({lon:?}, {lat:?}) on {}", net.source_name());
    let got = guard("Network::nearest_place", &input, || {
        net.nearest_place(lon, lat).map(|(p, km)| (p.index(), km))
    })?;
    let valid = valid_lon_lat(lon, lat);
    match got {
        None => ensure!(
            net.places().is_empty() || !valid,
            "None for a valid coordinate: {}",
            input()
        ),
        Some((i, km)) => {
            ensure!(
                km.is_finite() && (0.0..=MAX_GEODESIC_KM).contains(&km),
                "place {i} at {km} km: {}",
                input()
            );
            if valid {
                let at = Point::new(lon, lat);
                let best = net
                    .places()
                    .iter()
                    .map(|p| Geodesic.distance(p.location(), at) / 1000.0)
                    .fold(f64::INFINITY, f64::min);
                ensure!(
                    (km - best).abs() <= 1e-6 * best.max(1.0),
                    "place {i} at {km} km, the nearest is at {best} km: {}",
                    input()
                );
            }
        }
    }
    Ok(())
}

fn coordinate_value(x: u64, lo: f64, hi: f64) -> f64 {
    #[rustfmt::skip]
    const ODD: &[f64] = &[
        f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 500.0, -500.0, 1e308,
        -1e308, 180.000001, -90.5, 90.0, -180.0, -0.0,
        0.0, 5e-324, f64::MAX, 360.0,
    ];
    match x % 8 {
        0..=4 => lo + (hi - lo) * unit(h(x, 1)),
        5 | 6 => pick(h(x, 2), ODD),
        _ => f64::from_bits(h(x, 3)),
    }
}

// ---------------------------------------------------------------------------------------------
// Random networks, as text
// ---------------------------------------------------------------------------------------------

/// A number of a record, as the files give it.
#[derive(Debug, Clone, Copy)]
enum Num {
    Absent,
    Val(f64),
    /// Text where a number belongs.
    Text(&'static str),
}

impl Num {
    fn csv(self) -> String {
        match self {
            Num::Absent => String::new(),
            Num::Val(v) => v.to_string(),
            Num::Text(t) => t.to_string(),
        }
    }

    /// A JSON value; NaN as a bare `NaN` (not JSON), infinities as `±1e999` (out of range).
    fn json(self) -> String {
        match self {
            Num::Absent => "null".into(),
            Num::Val(v) if v.is_nan() => "NaN".into(),
            Num::Val(v) if v.is_infinite() => if v > 0.0 { "1e999" } else { "-1e999" }.into(),
            Num::Val(v) => format!("{v:?}"),
            Num::Text(t) => serde_json::to_string(t).unwrap(),
        }
    }
}

#[derive(Debug, Clone)]
struct PlaceRow {
    id: String,
    lat: Num,
    lon: Num,
    name: String,
    country: String,
    kind: String,
}

#[derive(Debug, Clone)]
struct LinkRow {
    id: String,
    /// Index of a place, or `None` for an end that is no place's id.
    from: Option<usize>,
    to: Option<usize>,
    length_km: Num,
    mode: String,
    gauge_mm: String,
    commodity: String,
    status: String,
    year: String,
    oneway: String,
    speed_kmh: Num,
    duration_hours: Num,
}

/// A random network: rows, and how its text is broken (`mangle`, 0 for not at all).
#[derive(Debug, Clone)]
struct NetSpec {
    places: Vec<PlaceRow>,
    links: Vec<LinkRow>,
    mangle: u64,
}

/// The integers a network is decoded from.
#[derive(Debug, Clone)]
struct NetSeed {
    /// 0 for a clean network; a hostile one otherwise, one value in `1 << hostility` bad.
    style: u64,
    places: Vec<[u64; 4]>,
    links: Vec<[u64; 5]>,
    options: u64,
    requests: Vec<RequestSeed>,
    /// Coordinates for `nearest_place`, then heal, then merge.
    edits: [u64; 6],
}

fn net_seed() -> impl Strategy<Value = NetSeed> {
    (
        any::<u64>(),
        vec(any::<[u64; 4]>(), 0..=12),
        vec(any::<[u64; 5]>(), 0..=20),
        any::<u64>(),
        vec(request_seed(), 1..=3),
        any::<[u64; 6]>(),
    )
        .prop_map(|(style, places, links, options, requests, edits)| NetSeed {
            style: if style % 4 == 3 { 1 + style % 3 } else { 0 },
            places,
            links,
            options,
            requests,
            edits,
        })
}

impl NetSeed {
    /// Whether value `x` of a hostile network is a bad one.
    fn bad(&self, x: u64) -> bool {
        self.style > 0 && h(x, 77) % (1 << self.style) == (1 << self.style) - 1
    }

    fn spec(&self) -> NetSpec {
        const KINDS: &[&str] = &[
            "",
            "city",
            "junction",
            "border_crossing",
            "SEAPORT",
            "Dry Port",
        ];
        const COUNTRIES: &[&str] = &["", "KZ", "CN", "uz", "RU", "kg"];
        const BAD_COUNTRIES: &[&str] = &["KAZ", "1", "K", "🇰🇿", "Kz "];
        const BAD_IDS: &[&str] = &["", " ", "almaty", "p0", "a,b", "\"", "\u{FEFF}"];
        let places = self
            .places
            .iter()
            .enumerate()
            .map(|(i, w)| {
                // A coarse grid, so that some places coincide, or anywhere in the box.
                // Now and then at the edge of the map: poles, antimeridian, -0.0.
                const EDGES: &[(f64, f64)] = &[
                    (180.0, 0.0),
                    (-180.0, 45.0),
                    (0.0, 90.0),
                    (70.0, -90.0),
                    (-0.0, -0.0),
                    (179.9999, 89.9999),
                ];
                let (lon, lat) = match w[1] % 16 {
                    15 => pick(h(w[1], 4), EDGES),
                    x if x % 2 == 0 => (
                        66.0 + (w[1] >> 1) as f64 % 8.0,
                        38.0 + (w[1] >> 4) as f64 % 6.0,
                    ),
                    _ => (66.0 + 14.0 * unit(w[1]), 38.0 + 10.0 * unit(h(w[1], 1))),
                };
                let coord = |v: f64, x: u64| {
                    if self.bad(x) {
                        match x % 3 {
                            0 => Num::Val(pick(h(x, 2), HOSTILE)),
                            1 => Num::Val(pick(h(x, 2), &[91.0, -181.0, 360.0, 1e308])),
                            _ => Num::Text(pick(h(x, 2), &["", "x", "43,2", "0x10"])),
                        }
                    } else {
                        Num::Val(v)
                    }
                };
                PlaceRow {
                    id: if self.bad(w[0]) {
                        pick(h(w[0], 1), BAD_IDS).to_string()
                    } else {
                        format!("p{i}")
                    },
                    lat: coord(lat, h(w[1], 2)),
                    lon: coord(lon, h(w[1], 3)),
                    name: match w[2] % 8 {
                        0..=4 => format!("Place {i}"),
                        5 => String::new(),
                        6 => pick(h(w[2], 1), &["Almaty", "Xi'an", "Ürümqi", "Baku"]).into(),
                        _ => format!("P{}", random_text(w[2], 10)),
                    },
                    country: if self.bad(w[3]) {
                        pick(h(w[3], 1), BAD_COUNTRIES).to_string()
                    } else {
                        pick(w[3], COUNTRIES).to_string()
                    },
                    kind: if self.bad(h(w[3], 2)) {
                        "bogus".into()
                    } else {
                        pick(h(w[3], 3), KINDS).to_string()
                    },
                }
            })
            .collect::<Vec<_>>();
        let n = places.len() as u64;
        // A clean network has links only between its places.
        let links = if n == 0 && self.style == 0 {
            &[][..]
        } else {
            &self.links[..]
        };
        let links = links
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let end = |x: u64| {
                    if self.bad(x) || n == 0 {
                        None
                    } else {
                        Some((x % n) as usize)
                    }
                };
                let mode = if self.bad(w[2]) {
                    pick(h(w[2], 1), &["bogus", "air", "1"]).to_string()
                } else {
                    pick(
                        w[2],
                        &["", "rail", "road", "Sea", "pipeline", "Railway", "FERRY"],
                    )
                    .to_string()
                };
                let pipeline = mode == "pipeline";
                let rail = mode == "rail" || mode == "Railway";
                let text = |x: u64, good: &[&str], bad: &[&str]| {
                    if self.bad(x) {
                        pick(h(x, 1), bad).to_string()
                    } else {
                        pick(x, good).to_string()
                    }
                };
                // In a clean network, one number in twelve is extreme but acceptable.
                let num = |x: u64, lo: f64, hi: f64, absent: bool, extreme: &[f64]| {
                    if self.bad(x) {
                        match x % 3 {
                            0 => Num::Text(pick(h(x, 1), &["", "abc", "1,5", "--1"])),
                            _ => Num::Val(pick(h(x, 1), HOSTILE)),
                        }
                    } else if absent {
                        Num::Absent
                    } else if h(x, 3) % 12 == 11 {
                        Num::Val(pick(h(x, 4), extreme))
                    } else {
                        Num::Val(lo + (hi - lo) * unit(h(x, 2)))
                    }
                };
                const LENGTHS: &[f64] = &[0.0, -0.0, 5e-324, 1e-300, 1e306, 1e308, f64::MAX];
                const SPEEDS: &[f64] = &[5e-324, 1e-300, 1e308, f64::MAX, 0.001];
                const HOURS: &[f64] = &[0.0, 5e-324, 1e308, f64::MAX];
                let w3 = w[3];
                LinkRow {
                    id: if self.bad(h(w[0], 5)) {
                        pick(h(w[0], 6), &["", "e0", "l0", " "]).to_string()
                    } else {
                        format!("e{i}")
                    },
                    from: end(w[0]),
                    to: end(w[1]),
                    length_km: num(w[4], 0.0, 1500.0, false, LENGTHS),
                    gauge_mm: text(
                        h(w3, 1),
                        if rail {
                            &["", "1435", "1520", "1435;1520", "1000"]
                        } else {
                            &[""]
                        },
                        &["0", "70000", "-1", "x", "1435;;", "1520"],
                    ),
                    commodity: if pipeline && !self.bad(h(w3, 2)) {
                        pick(
                            h(w3, 3),
                            &["natural-gas", "crude-oil", "Oil Products", "gas"],
                        )
                        .to_string()
                    } else {
                        text(h(w3, 4), &[""], &["water", "natural-gas"])
                    },
                    status: text(
                        h(w3, 5),
                        &["", "operational", "planned", "Under Construction", "open"],
                        &["bogus", "closed"],
                    ),
                    year: text(
                        h(w3, 6),
                        &["", "", "2030", "1990", "2100"],
                        &["-2147483648", "2147483647", "2147483648", "x", "1e3"],
                    ),
                    oneway: text(h(w3, 7), &["", "", "true", "no", "1"], &["maybe", "2"]),
                    speed_kmh: num(h(w3, 8), 5.0, 120.0, h(w3, 8) % 4 != 3, SPEEDS),
                    duration_hours: num(h(w3, 9), 0.0, 100.0, h(w3, 9) % 6 != 5, HOURS),
                    mode,
                }
            })
            .collect();
        NetSpec {
            places,
            links,
            mangle: if self.style > 0 && self.options % 8 == 7 {
                1 + (self.options >> 3)
            } else {
                0
            },
        }
    }

    fn options(&self) -> ImportOptions {
        let x = self.options;
        let mut opts = ImportOptions::default();
        if x % 4 == 1 {
            // A pipeline needs a commodity: only hostile networks have pipelines by default.
            let modes = if self.style > 0 {
                &Mode::ALL[..]
            } else {
                &Mode::ALL[..3]
            };
            opts.default_mode = pick(x >> 2, modes);
            opts.default_gauge_mm = pick(x >> 4, &[1435, 1520, 1000]);
            opts.join_tolerance_m = if self.style > 0 {
                number(x >> 6, 0.0, 50_000.0, HOSTILE)
            } else {
                50_000.0 * unit(h(x, 1))
            };
        }
        if self.style > 0 && x % 16 == 5 {
            opts.default_gauge_mm = pick(x >> 8, &[0, 1, u16::MAX]);
        }
        opts
    }
}

/// Cuts `s` short at a character boundary around `frac` of its length.
fn truncate(s: &str, frac: f64) -> &str {
    let at = (s.len() as f64 * frac) as usize;
    let at = (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    &s[..at]
}

impl NetSpec {
    fn place_id(&self, i: Option<usize>) -> &str {
        i.map_or("nowhere", |i| self.places[i].id.as_str())
    }

    /// The place file and the link file.
    fn csv(&self) -> (String, String) {
        let mut p = csv::Writer::from_writer(Vec::new());
        p.write_record(["id", "lat", "lon", "name", "country", "kind"])
            .unwrap();
        for r in &self.places {
            p.write_record([
                r.id.as_str(),
                &r.lat.csv(),
                &r.lon.csv(),
                &r.name,
                &r.country,
                &r.kind,
            ])
            .unwrap();
        }
        let mut l = csv::Writer::from_writer(Vec::new());
        l.write_record([
            "id",
            "from",
            "to",
            "length_km",
            "mode",
            "gauge_mm",
            "commodity",
            "status",
            "year",
            "oneway",
            "speed_kmh",
            "duration_hours",
        ])
        .unwrap();
        for r in &self.links {
            l.write_record([
                r.id.as_str(),
                self.place_id(r.from),
                self.place_id(r.to),
                &r.length_km.csv(),
                &r.mode,
                &r.gauge_mm,
                &r.commodity,
                &r.status,
                &r.year,
                &r.oneway,
                &r.speed_kmh.csv(),
                &r.duration_hours.csv(),
            ])
            .unwrap();
        }
        let text = |w: csv::Writer<Vec<u8>>| String::from_utf8(w.into_inner().unwrap()).unwrap();
        let (mut places, mut links) = (text(p), text(l));
        let x = self.mangle;
        let target = if x % 2 == 0 { &mut places } else { &mut links };
        match x / 2 % 8 {
            0 if x == 0 => {}
            0 => *target = format!("\u{FEFF}{target}"),
            1 => *target = target.replace('\n', "\r\n"),
            2 => *target = truncate(target, unit(h(x, 1))).to_string(),
            3 => target.push_str("a,b\n"),
            4 => target.push_str("\"unterminated,1,2\n"),
            5 => target.clear(),
            6 => *target = target.lines().next().unwrap_or("").to_string(),
            _ => *target = target.replacen("id", "ID ", 1),
        }
        (places, links)
    }

    /// A GeoJSON FeatureCollection: a Point per place, a LineString per link between its
    /// places' coordinates.
    fn geojson(&self) -> String {
        let mut features = Vec::new();
        for r in &self.places {
            let mut props = Vec::new();
            for (key, v) in [
                ("name", &r.name),
                ("country", &r.country),
                ("kind", &r.kind),
            ] {
                if !v.is_empty() {
                    props.push(format!("\"{key}\": {}", serde_json::to_string(v).unwrap()));
                }
            }
            let props = props.join(", ");
            features.push(format!(
                "{{\"type\": \"Feature\", \"id\": {}, \"properties\": {{{props}}}, \
                 \"geometry\": {{\"type\": \"Point\", \"coordinates\": [{}, {}]}}}}",
                serde_json::to_string(&r.id).unwrap(),
                r.lon.json(),
                r.lat.json()
            ));
        }
        for (i, r) in self.links.iter().enumerate() {
            let at = |end: Option<usize>, k: f64| match end {
                Some(p) => format!(
                    "[{}, {}]",
                    self.places[p].lon.json(),
                    self.places[p].lat.json()
                ),
                None => format!("[{}, {}]", 70.0 + k + i as f64 * 0.1, 40.0 + k),
            };
            let (a, b) = (at(r.from, 0.0), at(r.to, 0.5));
            let coords = match i % 5 {
                // A vertex in between.
                0 => format!("[{a}, [71.234, 42.5], {b}]"),
                _ => format!("[{a}, {b}]"),
            };
            let mut props = Vec::new();
            // Ends named by property where the coordinates alone do not say which place.
            let shared = |end: Option<usize>| {
                end.is_some_and(|p| {
                    let at = |q: &PlaceRow| (q.lon.json(), q.lat.json());
                    let here = at(&self.places[p]);
                    self.places.iter().filter(|q| at(q) == here).count() > 1
                })
            };
            if i % 3 == 0 || shared(r.from) || shared(r.to) {
                props.push(format!(
                    "\"from\": {}",
                    serde_json::to_string(self.place_id(r.from)).unwrap()
                ));
                props.push(format!(
                    "\"to\": {}",
                    serde_json::to_string(self.place_id(r.to)).unwrap()
                ));
            }
            for (key, v) in [
                ("length_km", r.length_km),
                ("speed_kmh", r.speed_kmh),
                ("duration_hours", r.duration_hours),
            ] {
                // Some lines without a length: their geodesic length.
                let computed = key == "length_km" && i % 4 == 1;
                if !matches!(v, Num::Absent) && !computed {
                    props.push(format!("\"{key}\": {}", v.json()));
                }
            }
            for (key, v) in [
                ("mode", &r.mode),
                ("commodity", &r.commodity),
                ("status", &r.status),
            ] {
                if !v.is_empty() {
                    props.push(format!("\"{key}\": {}", serde_json::to_string(v).unwrap()));
                }
            }
            for (key, v) in [
                ("gauge_mm", &r.gauge_mm),
                ("year", &r.year),
                ("oneway", &r.oneway),
            ] {
                let json = if v.is_empty() {
                    continue;
                } else if v.contains(';') {
                    format!("[{}]", v.replace(';', ", "))
                } else if key == "oneway" && matches!(v.as_str(), "true" | "1" | "yes") {
                    "true".into()
                } else if key == "oneway" && matches!(v.as_str(), "false" | "0" | "no") {
                    "false".into()
                } else if v.parse::<i64>().is_ok() {
                    v.to_string()
                } else {
                    serde_json::to_string(v).unwrap()
                };
                props.push(format!("\"{key}\": {json}"));
            }
            let id = if r.id.is_empty() {
                String::new()
            } else {
                format!("\"id\": {}, ", serde_json::to_string(&r.id).unwrap())
            };
            features.push(format!(
                "{{\"type\": \"Feature\", {id}\"properties\": {{{}}}, \
                 \"geometry\": {{\"type\": \"LineString\", \"coordinates\": {coords}}}}}",
                props.join(", ")
            ));
        }
        let x = self.mangle;
        match x % 8 {
            0 if x == 0 => {}
            0 => features.push(r#"{"type": "Feature", "properties": {}, "geometry": null}"#.into()),
            1 => features.push(
                r#"{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[70, 40]]}}"#.into(),
            ),
            2 => features.push(
                r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[70, 40], [71, 40], [71, 41], [70, 40]]]}}"#.into(),
            ),
            3 => features.push(
                r#"{"type": "Feature", "id": "m", "properties": {}, "geometry": {"type": "MultiLineString", "coordinates": [[[70, 40], [70.5, 40]], [[70.5, 40], [71, 40.5]]]}}"#.into(),
            ),
            _ => {}
        }
        let text = format!(
            "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}",
            features.join(",\n")
        );
        match x % 8 {
            4 => truncate(&text, unit(h(x, 1))).to_string(),
            5 => format!("\u{FEFF}{text}"),
            6 => text.replacen("FeatureCollection", "Feature", 1),
            7 => format!("[{text}]"),
            _ => text,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checks of a loaded network
// ---------------------------------------------------------------------------------------------

/// What a loaded network promises: valid coordinates, usable lengths, places found by id.
fn check_network(net: &Network) -> Result<(), String> {
    for p in net.places() {
        ensure!(
            valid_lon_lat(p.lon(), p.lat()),
            "place {} at ({}, {})",
            p.id(),
            p.lon(),
            p.lat()
        );
        let by_id = net.place_by_id(p.id()).map(|q| q.index());
        ensure!(
            by_id == Some(p.index()),
            "place_by_id({:?}) = {by_id:?}",
            p.id()
        );
        let found = net
            .place(p.id())
            .map(|q| q.index())
            .map_err(|e| e.to_string());
        ensure!(found == Ok(p.index()), "place({:?}) = {found:?}", p.id());
    }
    for i in 0..net.links().len() {
        let km = net.link_length_km(i);
        ensure!(
            km.is_some_and(|km| km.is_finite() && km >= 0.0),
            "link_length_km({i}) = {km:?}"
        );
    }
    let past = net.link_length_km(net.links().len());
    ensure!(past.is_none(), "link_length_km past the end = {past:?}");
    Ok(())
}

/// `heal` or `merge` gave `got` for `max_km`: new links of at most `max_km`, and a network
/// that still keeps its promises.
fn check_edit(
    what: &str,
    max_km: f64,
    got: &Result<(Network, Vec<corridor::Link>), DataError>,
) -> Result<(), String> {
    match got {
        Err(e) => check_data_error(e),
        Ok((net, added)) => {
            ensure!(
                max_km.is_finite() && max_km >= 0.0,
                "{what} accepted max_km = {max_km}"
            );
            for l in added {
                let km = net.length_km_of(&l.id);
                ensure!(
                    km.is_some_and(|km| km.is_finite() && km >= 0.0 && km <= max_km * (1.0 + 1e-9)),
                    "{what}({max_km}) added {} of {km:?} km",
                    l.id
                );
            }
            check_network(net).map_err(|e| format!("after {what}({max_km}): {e}"))
        }
    }
}

/// Loads `text` (through `load`), then asks the network everything the public API offers.
fn exercise_import(
    seed: &NetSeed,
    format: &str,
    text: &str,
    load: impl FnOnce() -> Result<Network, DataError>,
) -> Result<(), TestCaseError> {
    let input = || format!("{format} network:\n{text}");
    let loaded = guard(format, &input, load).map_err(TestCaseError::fail)?;
    let net = match loaded {
        Err(e) => return check_data_error(&e).map_err(|p| fail(p, &input)),
        Ok(net) => net,
    };
    check_network(&net).map_err(|p| fail(p, &input))?;
    let names = Names::of(&net);
    for r in &seed.requests {
        ask(&net, &request(&names, r), &input)?;
    }
    let e = &seed.edits;
    let (lon, lat) = (
        coordinate_value(e[0], 60.0, 85.0),
        coordinate_value(e[1], 35.0, 50.0),
    );
    check_nearest(&net, lon, lat).map_err(|p| fail(p, &input))?;

    // Heal this network (or now and then the built-in one).
    let km = number(e[2], 0.0, 300.0, HOSTILE);
    let mode = pick(e[3], &Mode::ALL);
    let target = if e[3] % 8 == 7 { &*BUILTIN } else { &net };
    let what = format!("heal({km:?}, {mode:?}) of {}", target.source_name());
    let healed = guard(&what, &input, || target.heal(km, mode)).map_err(TestCaseError::fail)?;
    check_edit("heal", km, &healed).map_err(|p| fail(p, &input))?;

    // Merge it with the built-in network, one way or the other.
    let km = number(e[4], 0.0, 100.0, HOSTILE);
    let (a, b) = if e[5] % 2 == 0 {
        (&*BUILTIN, &net)
    } else {
        (&net, &*BUILTIN)
    };
    let what = format!("{}.merge({}, {km:?})", a.source_name(), b.source_name());
    let merged = guard(&what, &input, || a.merge(b, km)).map_err(TestCaseError::fail)?;
    check_edit("merge", km, &merged).map_err(|p| fail(p, &input))?;
    if let Ok((merged, _)) = &merged {
        let names = Names::of(merged);
        let input = || format!("{what} of\n{}", input());
        ask(merged, &request(&names, &seed.requests[0]), &input)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Cost models
// ---------------------------------------------------------------------------------------------

/// The default cost model with one to three figures replaced.
fn cost_model(words: &[u64]) -> CostModel {
    let mut cm = CostModel::default();
    for &w in words {
        let v = number(h(w, 1), 0.0, 200.0, HOSTILE);
        let field = w % 38;
        match field {
            0..=23 => {
                let m: &mut ModeRates = match field / 6 {
                    0 => &mut cm.rail,
                    1 => &mut cm.road,
                    2 => &mut cm.sea,
                    _ => &mut cm.pipeline,
                };
                *[
                    &mut m.speed_kmh,
                    &mut m.usd_per_teu_km,
                    &mut m.usd_per_tonne_km,
                    &mut m.co2_kg_per_tonne_km,
                    &mut m.border_dwell_hours,
                    &mut m.border_fee_usd,
                ][(field % 6) as usize] = v;
            }
            24..=35 => {
                let t: &mut TransferRates = match (field - 24) / 3 {
                    0 => &mut cm.gauge_change,
                    1 => &mut cm.rail_road,
                    2 => &mut cm.to_sea,
                    _ => &mut cm.pipeline_other,
                };
                *[&mut t.hours, &mut t.usd_per_teu, &mut t.usd_per_tonne]
                    [((field - 24) % 3) as usize] = v;
            }
            36 => cm.tonnes_per_teu = v,
            _ => cm.customs_unions.push(CustomsUnion {
                name: random_text(w, 4),
                members: vec!["kz".into(), String::new(), "XX".into(), "CN".into()],
            }),
        }
    }
    cm
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Random requests on the built-in network.
#[test]
fn routes_on_the_builtin_network_honour_their_requests() {
    check_network(&BUILTIN).unwrap();
    check("built-in routes", 4000, request_seed(), |seed| {
        let req = request(&BUILTIN_NAMES, &seed);
        ask(&BUILTIN, &req, &|| "on the built-in network".into())
    });
}

/// Random CSV networks: loaded or refused with an error; when loaded, random requests,
/// `nearest_place`, `heal` and `merge` on them.
#[test]
fn csv_networks_load_or_fail_and_their_routes_honour_requests() {
    check("CSV networks", 1500, net_seed(), |seed| {
        let spec = seed.spec();
        let (places, links) = spec.csv();
        let text = format!(
            "places.csv:\n{places}\nlinks.csv:\n{links}\noptions: {:?}",
            seed.options()
        );
        exercise_import(&seed, "Network::from_csv_readers", &text, || {
            Network::from_csv_readers(
                places.as_bytes(),
                links.as_bytes(),
                "places.csv",
                "links.csv",
                &seed.options(),
            )
        })
    });
}

/// Random GeoJSON networks, as the CSV ones.
#[test]
fn geojson_networks_load_or_fail_and_their_routes_honour_requests() {
    check("GeoJSON networks", 1500, net_seed(), |seed| {
        let geojson = seed.spec().geojson();
        let text = format!("{geojson}\noptions: {:?}", seed.options());
        exercise_import(&seed, "Network::from_geojson_str", &text, || {
            Network::from_geojson_str(&geojson, "random.geojson", &seed.options())
        })
    });
}

/// `nearest_place` with any two numbers on the built-in network.
#[test]
fn nearest_place_takes_any_coordinate() {
    check("nearest_place", 2000, any::<(u64, u64)>(), |(x, y)| {
        let (lon, lat) = (
            coordinate_value(x, -180.0, 180.0),
            coordinate_value(y, -90.0, 90.0),
        );
        check_nearest(&BUILTIN, lon, lat).map_err(TestCaseError::fail)
    });
}

/// The built-in network with a cost model of random figures: every route it gives still has
/// meaningful totals.
#[test]
fn any_cost_model_gives_meaningful_routes() {
    let seeds = (vec(any::<u64>(), 1..=3), vec(any::<[u64; 4]>(), 2));
    check("cost models", 1000, seeds, |(words, requests)| {
        let cm = cost_model(&words);
        let input = || format!("cost model: {cm:?}");
        let net = guard("Network::with_cost_model", &input, || {
            BUILTIN.clone().with_cost_model(cm.clone())
        })
        .map_err(TestCaseError::fail)?;
        for w in requests {
            // Plain requests between real places: only the cost model is hostile.
            let places = &BUILTIN_NAMES.places;
            let (a, b) = (pick(w[0], places), pick(h(w[1], 1), places));
            let req = RouteRequest::new(a.id, b.id)
                .by(match objective(w[2], &[0; 4], true) {
                    Objective::Weighted(_) => Objective::Weighted(Weights {
                        per_km: unit(w[3]),
                        per_hour: 20.0 * unit(h(w[3], 1)),
                        per_usd: 1.0,
                        per_kg_co2: unit(h(w[3], 2)),
                    }),
                    plain => plain,
                })
                .cargo(Cargo::new(
                    pick(w[2] >> 3, KINDS),
                    1.0 + 99.0 * unit(h(w[3], 4)),
                ));
            ask(&net, &req, &input)?;
        }
        Ok(())
    });
}
