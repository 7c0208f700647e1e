//! Property tests of the public API surface (issue 11): random requests, random imported
//! networks and random numbers, hostile ones included, must give either an answer that honours
//! the request or the typed error its input calls for — never a panic.
//!
//! | property | cases | what is random |
//! | --- | ---: | --- |
//! | `routes_on_the_builtin_network_honour_their_requests` | 4,000 | requests (also to one reused [`Planner`]) |
//! | `csv_networks_load_or_fail_and_their_routes_honour_requests` | 1,500 | a CSV network; requests, `nearest_place`, `report_with`, `heal`, `merge_resolving` on it |
//! | `geojson_networks_load_or_fail_and_their_routes_honour_requests` | 1,500 | the same as GeoJSON |
//! | `nearest_place_takes_any_coordinate` | 2,000 | two `f64`s |
//! | `any_cost_model_gives_meaningful_routes` | 1,000 | a [`CostModel`]; requests, for the largest consignments too |
//!
//! A request has random places ([`Location`]s: real ids and names, their case and accent
//! variants, `lat,lon` text and points as numbers, near a place and far, valid and not, random
//! unicode, empty and very long text), snap distances (the default, 0, huge, NaN, negative),
//! objectives (weights NaN, infinite, negative, subnormal, huge), cargo kinds and quantities
//! (in [`CargoKind::quantity_range`], at its edges, and 0, negative, subnormal, 1e306, 1e308,
//! infinite, NaN), years (`i32` extremes), countries (real, lower case, padded, unknown) and
//! places to avoid, and mode sets (empty, repeated). Two requests in three are plain (real
//! places and countries, ordinary numbers), so that many are answered with a route; the others
//! are hostile.
//!
//! An imported network has up to 12 places and 20 links (self-loops, parallel links,
//! coinciding places, places at the poles and the antimeridian), written as CSV text for
//! [`Network::from_csv_readers`] or GeoJSON text for [`Network::from_geojson_str`], with
//! random [`ImportOptions`] (mode, gauge, country, join tolerance). Half are clean, though one
//! number in twelve is at the edge of its range (a length as short as the straight line
//! between the ends allows or as long as the Equator, a speed of 0.1 or 1,000 km/h, 8,760
//! hours, a tariff of 1e6 USD per tonne-km), and must load. A quarter are clean but for one
//! value out of range (a length longer than the Equator or shorter than the straight line
//! beyond 2% + 1 km, a speed, time or tariff out of range, a latitude, an import option), and
//! must be refused with [`DataError::Invalid`] naming that field. A quarter are hostile (NaN,
//! infinite and negative numbers, unknown names and link ends, duplicate ids, broken text):
//! loading them may give a network or any [`DataError`]. The edits `heal` and
//! `merge_resolving` (with the built-in network, one way or the other, each [`IdClash`]) and
//! `report_with` take random numbers, NaN and negative ones included.
//!
//! What every answer must satisfy:
//! - nothing panics (each call is wrapped in `catch_unwind`; the failure names the call and
//!   the decoded input);
//! - a request with a defect — a quantity out of range, unusable weights or snap distance, a
//!   coordinate out of range, an unknown place or country, a point farther than
//!   `max_snap_km` from every place, a country to avoid on a network with places of unknown
//!   country, a contradiction (one place at both ends, an end avoided, no mode for the cargo)
//!   — is refused with an error one of its defects calls for (`InvalidRequest` naming the
//!   field, `UnknownPlace` naming the place, `TooFar` naming the nearest place and its
//!   distance, `UnknownCountry`, `Unverifiable`, `Contradictory`); see [`defects`];
//! - a request without one gets a route, or [`RouteError::NoRoute`] whose reason holds ("not
//!   connected, whatever the constraints" only where no links join the places);
//! - a route has finite, non-negative totals that are the sum of its legs, transfers and
//!   border crossings, each priced as the network's cost model prices it
//!   ([`CostModel::link`], [`CostModel::transfer`]); it starts and ends at the places the
//!   public API resolves the request's ends to ([`Network::place`], or
//!   [`Network::nearest_place`] for a point, with its snap distance); its legs chain from one
//!   to the other over real links, travelled in a direction they allow, of allowed modes, open
//!   in the requested year, on a carrier the link offers and the cargo fits, joined by
//!   transfers the places handle; it has a border crossing on every link between two countries
//!   and nowhere else, and lists the countries it passes; no place it touches is avoided or in
//!   an avoided country; its `Display`, JSON and GeoJSON are non-empty and well formed;
//! - a request reads back from its JSON unchanged; a reused planner answers as a fresh one;
//! - an error is a [`RouteError`] or [`DataError`] of the right [`ErrorKind`] whose `Display`
//!   is not empty, and the suggestions of an unknown place name real places;
//! - a network (loaded, healed or merged) has valid coordinates and country codes, link
//!   lengths no shorter than the straight line (beyond 2% + 1 km) and no longer than the
//!   Equator, speeds, times and tariffs in range, and finds each place by its id; `heal` and
//!   `merge_resolving` add links no longer than asked, refuse what their documentation says
//!   they refuse (a distance that is not a finite number >= 0, a healed pipeline, shared ids
//!   when told to refuse, places to unify farther apart than asked) and nothing else, and a
//!   merge keeps every place of both networks (less those unified);
//! - `nearest_place` fails only for an invalid coordinate (`InvalidRequest` for field
//!   `coordinate`) or an empty network (`UnknownPlace`), and otherwise gives the geodesically
//!   nearest place at a finite distance;
//! - a cost model is refused, naming a figure out of range, exactly when it has one
//!   ([`CostModel::check`]); one that is accepted gives routes with finite totals even for
//!   the largest consignment at the largest rates.
//!
//! Generators draw plain integers and decode them (as `algo_props.rs` does): proptest's float
//! and union strategies are slow in debug builds. A failure prints the decoded input (the
//! request, the network's text, the cost model) before the shrunk integers, which mean
//! nothing without this file's decoders; so failure persistence is off, and a failure's
//! message is its reproduction. Shrinking stops after 10 s, to keep a failing run short.
//!
//! `API_PROPS_STATS=1` (with `--nocapture`) prints how often each kind of answer came. Two
//! library bugs these properties found were fixed: finite weights whose score overflowed
//! (now at most 1e9 each) and `IdClash::Prefix` merges of networks with corridors.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

use corridor::{
    Cargo, CargoKind, CostModel, CustomsUnion, DataError, Duration, ErrorKind, IdClash,
    ImportOptions, Location, Measures, Mode, ModeRates, Network, NoRouteReason, Objective, Planner,
    RecordRef, Route, RouteError, RouteRequest, TransferRates, Weights, DEFAULT_MAX_SNAP_KM,
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
    PROPERTY.with(|p| *p.borrow_mut() = name.to_string());
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_time: 10_000,
        ..Config::default()
    });
    let result = runner.run(&strategy, test);
    if std::env::var_os("API_PROPS_STATS").is_some() {
        let mut tally = TALLY.lock().unwrap_or_else(|e| e.into_inner());
        let mine: Vec<String> = tally
            .iter()
            .filter(|(k, _)| k.starts_with(name))
            .map(|(k, n)| format!("  {k}: {n}"))
            .collect();
        println!("{name}: {cases} cases\n{}", mine.join("\n"));
        tally.retain(|k, _| !k.starts_with(name));
    }
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// How often each kind of answer came, by property (`API_PROPS_STATS=1` prints them): so
/// that a property can be seen to reach routes and each kind of error, not only refusals.
static TALLY: std::sync::Mutex<std::collections::BTreeMap<String, usize>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

thread_local! {
    /// The property running on this thread, for [`tally`].
    static PROPERTY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Counts one answer of kind `what` for the property running on this thread.
fn tally(what: &str) {
    if std::env::var_os("API_PROPS_STATS").is_none() {
        return;
    }
    let key = PROPERTY.with(|p| format!("{}: {what}", p.borrow()));
    *TALLY
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_default() += 1;
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

/// Quantities, most of them outside every cargo's [`CargoKind::quantity_range`] (1 to 1e6 TEU,
/// 1 to 1e9 t), some at its edges.
#[rustfmt::skip]
const QUANTITIES: &[f64] = &[
    0.0, -0.0, -1.0, 5e-324, 1e-310, 1e-300,
    1e306, 1e308, f64::MAX, f64::INFINITY, f64::NEG_INFINITY, f64::NAN,
    1e-12, 1e9, 1.0, 40.0, 0.999_999_9, 1e6,
    1_000_000.000_001, 1e9 + 1.0, 0.5, 2e9,
];

/// The largest quantity of each cargo, where totals are largest.
fn most(kind: CargoKind) -> f64 {
    *kind.quantity_range().end()
}

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
    let kind = pick(x, KINDS);
    let quantity = if plain {
        // Now and then the largest consignment there is.
        if q % 16 == 15 {
            most(kind)
        } else {
            1.0 + 99.0 * unit(q)
        }
    } else {
        number(q, 1.0, 100.0, QUANTITIES)
    };
    Cargo::new(kind, quantity)
}

/// Where a request starts, ends or must not pass: the text of [`place_text`], or the same
/// point as numbers ([`Location::Point`]), or (hostile) any two numbers.
fn location(x: u64, names: &Names, plain: bool) -> Location {
    let text = place_text(x, names, plain);
    match h(x, 6) % 8 {
        0..=2 => match coordinate(&text) {
            Some((lat, lon)) => Location::Point { lon, lat },
            None => Location::Place(text),
        },
        // As a `geo::Point` (x the longitude) or a place of the network, through `Into`.
        3 => match coordinate(&text) {
            Some((lat, lon)) => Point::new(lon, lat).into(),
            None => match BUILTIN.place_by_id(&text) {
                Some(p) => p.into(),
                None => text.as_str().into(),
            },
        },
        4 if !plain => Location::Point {
            lon: coordinate_value(h(x, 7), -180.0, 180.0),
            lat: coordinate_value(h(x, 8), -90.0, 90.0),
        },
        _ => Location::Place(text),
    }
}

/// How far a point may snap: in a plain request usually the default, else from 0 to far.
fn max_snap(x: u64, plain: bool) -> f64 {
    match x % if plain { 8 } else { 12 } {
        0..=3 => DEFAULT_MAX_SNAP_KM,
        4 => 0.0,
        5 => 200.0 * unit(h(x, 1)),
        6 => 1e4,
        7 => f64::MAX,
        _ => pick(h(x, 2), HOSTILE),
    }
}

/// The integers a request is decoded from.
#[derive(Debug, Clone)]
struct RequestSeed {
    /// The last one says whether the request is plain (two times in three) or hostile: a
    /// plain one names real places and countries, with ordinary numbers.
    words: [u64; 12],
    countries: Vec<u64>,
    avoid: Vec<u64>,
}

fn request_seed() -> impl Strategy<Value = RequestSeed> {
    (
        any::<[u64; 12]>(),
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
    let plain = w[11] % 3 != 2;
    // The destination is decoded from `w[1] + 1`, so that an all-zero seed (where shrinking
    // heads) does not ask for the same place twice.
    let (from, to) = (
        location(w[0], names, plain),
        location(w[1].wrapping_add(1), names, plain),
    );
    let mut req = RouteRequest::new(from, to)
        .by(objective(w[2], &w[3..7], plain))
        .cargo(cargo(w[7], plain))
        .max_snap_km(max_snap(w[10], plain));
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

/// Why a request cannot be answered with a route: each defect allows one kind of error, and
/// a request with a defect must be refused with an error one of its defects allows.
#[derive(Debug, Clone, PartialEq)]
enum Defect {
    /// [`RouteError::InvalidRequest`] for this field.
    Invalid(&'static str),
    /// [`RouteError::UnknownPlace`] for this name (`None`: a point on a network without
    /// places).
    UnknownPlace(Option<String>),
    /// [`RouteError::TooFar`]: the point as asked, the nearest place's name, its distance.
    TooFar {
        point: String,
        nearest: String,
        km: f64,
    },
    /// [`RouteError::UnknownCountry`] for this code (trimmed, in capitals).
    UnknownCountry(String),
    /// [`RouteError::Unverifiable`]: avoiding a country where some place has none.
    Unverifiable,
    /// [`RouteError::Contradictory`], for the reason given.
    Contradictory(&'static str),
}

impl Defect {
    /// Whether `e` is the error this defect calls for, for a request with this `max_snap_km`.
    fn allows(&self, e: &RouteError, max_snap_km: f64) -> bool {
        match (self, e) {
            (Defect::Invalid(f), RouteError::InvalidRequest { field, .. }) => f == field,
            (Defect::UnknownPlace(n), RouteError::UnknownPlace { name, .. }) => {
                n.as_ref().map_or(true, |n| n == name)
            }
            (
                Defect::TooFar { point, nearest, km },
                RouteError::TooFar {
                    point: p,
                    nearest: n,
                    km: k,
                    max_km,
                },
            ) => point == p && nearest == n && close(*km, *k) && *max_km == max_snap_km,
            (Defect::UnknownCountry(c), RouteError::UnknownCountry { code, .. }) => c == code,
            (Defect::Unverifiable, RouteError::Unverifiable { .. }) => true,
            (Defect::Contradictory(_), RouteError::Contradictory(_)) => true,
            _ => false,
        }
    }
}

/// A place as a request names it, found as the public API finds it on its own
/// ([`Network::place`], or [`Network::nearest_place`] for a point, within `max_snap_km`): its
/// id and, for a point, the snap distance; or the defect that keeps it from naming one.
fn resolve(
    net: &Network,
    at: &Location,
    max_snap_km: f64,
) -> Result<(String, Option<f64>), Defect> {
    let (lon, lat) = match at {
        Location::Point { lon, lat } => (*lon, *lat),
        Location::Place(s) => match coordinate(s) {
            Some((lat, lon)) if valid_lon_lat(lon, lat) => (lon, lat),
            Some(_) => return Err(Defect::Invalid("place")),
            None => {
                return net
                    .place(s)
                    .map(|p| (p.id().to_string(), None))
                    .map_err(|_| Defect::UnknownPlace(Some(s.clone())))
            }
        },
    };
    if !valid_lon_lat(lon, lat) {
        return Err(Defect::Invalid("coordinate"));
    }
    match net.nearest_place(lon, lat) {
        // `check_nearest` holds that this is only so on a network without places.
        Err(_) => Err(Defect::UnknownPlace(None)),
        Ok((p, km)) if km > max_snap_km => Err(Defect::TooFar {
            point: at.to_string(),
            nearest: p.name().to_string(),
            km,
        }),
        Ok((p, km)) => Ok((p.id().to_string(), Some(km))),
    }
}

/// A request's places and countries, as [`resolve`] finds them.
#[derive(Debug)]
struct Resolved {
    /// Origin and destination: id, snap distance.
    ends: [(String, Option<f64>); 2],
    /// Ids of the places to avoid.
    avoided: Vec<String>,
    /// Countries to avoid (trimmed, in capitals).
    countries: Vec<String>,
}

/// The largest weight a request may give (`RouteRequest`'s `Weights`).
const MAX_WEIGHT: f64 = 1e9;
/// The smallest weight above 0 a request may give.
const MIN_WEIGHT: f64 = 1e-12;

/// What is wrong with `req` on `net`: what calls for an error (none for a request that
/// deserves a route or [`RouteError::NoRoute`]), what allows one without calling for it (a
/// request whose scores may overflow), and its places when they all resolve.
fn defects(net: &Network, req: &RouteRequest) -> (Vec<Defect>, Vec<Defect>, Option<Resolved>) {
    let mut d = Vec::new();
    let may: Vec<Defect> = Vec::new();
    let q = req.cargo.quantity;
    if !req.cargo.kind.quantity_range().contains(&q) {
        d.push(Defect::Invalid("quantity"));
    }
    if let Objective::Weighted(w) = req.objective {
        let ws = [w.per_km, w.per_hour, w.per_usd, w.per_kg_co2];
        let usable = |v: &f64| *v == 0.0 || (MIN_WEIGHT..=MAX_WEIGHT).contains(v);
        if !(ws.iter().all(usable) && ws.iter().any(|v| *v > 0.0)) {
            d.push(Defect::Invalid("weights"));
        }
    }
    // Plans are for 1800 to 2200 (`RouteRequest::year`).
    if req.year.is_some_and(|y| !(1800..=2200).contains(&y)) {
        d.push(Defect::Invalid("year"));
    }
    let snap = req.max_snap_km;
    if !(snap.is_finite() && snap >= 0.0) {
        d.push(Defect::Invalid("max_snap_km"));
    }
    let ends = [resolve(net, &req.from, snap), resolve(net, &req.to, snap)];
    let avoided: Vec<_> = req
        .avoid_places
        .iter()
        .map(|s| resolve(net, &Location::Place(s.clone()), snap))
        .collect();
    for r in ends.iter().chain(&avoided) {
        if let Err(e) = r {
            d.push(e.clone());
        }
    }
    let avoided: Vec<String> = avoided
        .into_iter()
        .filter_map(|r| r.ok())
        .map(|r| r.0)
        .collect();
    // Places of unknown country are avoided with the countries asked: an end among them
    // cannot be checked, and a route through nothing else may be unverifiable.
    let some_unknown = net.places().iter().any(|p| p.country().is_empty());
    let unknown_end = [&ends[0], &ends[1]]
        .into_iter()
        .flatten()
        .any(|(id, _)| net.place_by_id(id).is_some_and(|p| p.country().is_empty()));
    let countries: Vec<String> = req
        .avoid_countries
        .iter()
        .map(|c| c.trim().to_ascii_uppercase())
        .collect();
    let mut may = may;
    if !countries.is_empty() && some_unknown {
        if unknown_end {
            d.push(Defect::Unverifiable);
        } else {
            may.push(Defect::Unverifiable);
        }
    }
    // A code no place has may be the country of places of unknown country.
    let iso = |c: &str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase());
    for c in &countries {
        if !(net.countries().any(|k| k == c) || (some_unknown && iso(c))) {
            d.push(Defect::UnknownCountry(c.clone()));
        }
    }
    let [from, to] = ends;
    if let (Ok(a), Ok(b)) = (&from, &to) {
        if a.0 == b.0 {
            d.push(Defect::Contradictory(
                "origin and destination are one place",
            ));
        }
    }
    for (id, _) in [&from, &to].into_iter().flatten() {
        let country = net.place_by_id(id).map_or("", |p| p.country());
        if avoided.contains(id) || (!country.is_empty() && countries.iter().any(|c| c == country)) {
            d.push(Defect::Contradictory("an end is avoided"));
        }
    }
    if let Some(m) = &req.modes {
        let kind = req.cargo.kind;
        let fits = |m: &Mode| match m {
            Mode::Pipeline => kind.commodity().is_some(),
            _ => kind != CargoKind::NaturalGas,
        };
        if !m.iter().any(fits) {
            d.push(Defect::Contradictory("no allowed mode carries the cargo"));
        }
    }
    let resolved = match (from, to) {
        (Ok(a), Ok(b)) if d.is_empty() => Some(Resolved {
            ends: [a, b],
            avoided,
            countries,
        }),
        _ => None,
    };
    (d, may, resolved)
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

fn close_measures(a: &Measures, b: &Measures) -> bool {
    close(a.distance_km, b.distance_km)
        && close(a.duration_hours, b.duration_hours)
        && close(a.cost_usd, b.cost_usd)
        && close(a.co2_kg, b.co2_kg)
}

/// Checks that `route` honours `req` (whose places are `r`) on `net`.
fn check_route(
    net: &Network,
    req: &RouteRequest,
    r: &Resolved,
    route: &Route,
) -> Result<(), String> {
    let q = req.cargo.quantity;
    ensure!(
        req.cargo.kind.quantity_range().contains(&q),
        "a route for a quantity of {q}"
    );
    ensure!(route.cargo == req.cargo, "route.cargo = {:?}", route.cargo);
    if let Objective::Weighted(w) = req.objective {
        let ws = [w.per_km, w.per_hour, w.per_usd, w.per_kg_co2];
        ensure!(
            ws.iter().all(|v| v.is_finite() && *v >= 0.0) && ws.iter().any(|v| *v > 0.0),
            "a route for weights {w:?}"
        );
    }
    let cost = net.cost_model();

    // Totals, and the parts they are the sum of, each priced as the cost model says.
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
        let mut priced = Measures::default();
        for id in &leg.links {
            if let Some(l) = net.link_by_id(id) {
                priced += cost.link(&l.to_link(), l.length_km(), &req.cargo);
            }
        }
        ensure!(
            close_measures(&priced, &leg.measures),
            "leg {i}: {:?}, its links cost {priced:?}",
            leg.measures
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
        let p = net
            .place_by_id(&t.place)
            .ok_or(format!("transfer at no place {}", t.place))?;
        ensure!(
            p.handles(t.from_mode, t.to_mode)
                && corridor::TransferKind::between(t.from_mode, t.to_mode) == Some(t.kind),
            "transfer {} → {} ({:?}) at {}, which does not handle it",
            t.from_mode,
            t.to_mode,
            t.kind,
            t.place
        );
        let priced = cost.transfer(&p.to_place(), t.kind, &req.cargo);
        ensure!(
            close(priced.duration_hours, t.hours) && close(priced.cost_usd, t.cost_usd),
            "transfer at {}: {} h, {} USD; the cost model says {priced:?}",
            t.place,
            t.hours,
            t.cost_usd
        );
        sum += m;
    }
    for b in &route.border_crossings {
        let m = Measures {
            duration_hours: b.hours,
            cost_usd: b.cost_usd,
            ..Measures::default()
        };
        check_measures(&format!("border crossing on {}", b.link), &m)?;
        sum += m;
    }
    let t = &route.totals;
    ensure!(
        close_measures(t, &sum),
        "totals {t:?} are not the sum of the parts {sum:?}"
    );

    // The ends.
    for (k, (role, asked, end)) in [("from", &req.from, &route.from), ("to", &req.to, &route.to)]
        .into_iter()
        .enumerate()
    {
        let (id, snap) = &r.ends[k];
        ensure!(
            end.id == *id,
            "route.{role} is {} but `{asked}` resolves to {id}",
            end.id
        );
        let place = net
            .place_by_id(&end.id)
            .ok_or(format!("no place {}", end.id))?;
        ensure!(end.name == place.name(), "route.{role}.name {}", end.name);
        match (snap, end.snap_km) {
            (None, None) => {}
            (Some(a), Some(b)) => ensure!(
                b.is_finite() && b >= 0.0 && b <= req.max_snap_km && close(*a, b),
                "route.{role}.snap_km = {b}, nearest_place says {a}"
            ),
            (a, b) => return Err(format!("route.{role}.snap_km = {b:?}, expected {a:?}")),
        }
    }

    // What the route may not touch.
    let allowed = |id: &str| -> Result<(), String> {
        let p = net.place_by_id(id).ok_or(format!("no place {id}"))?;
        ensure!(!r.avoided.iter().any(|a| a == id), "passes avoided {id}");
        ensure!(
            !r.countries.iter().any(|c| c == p.country()),
            "passes {id} in avoided country {}",
            p.country()
        );
        ensure!(
            r.countries.is_empty() || !p.country().is_empty(),
            "passes {id}, of unknown country, while avoiding {:?}",
            r.countries
        );
        Ok(())
    };

    // Legs chain from one end to the other over links the request allows.
    let mut at = r.ends[0].0.clone();
    let mut walked = vec![at.clone()];
    // Each link travelled: its id and its ends in travel order.
    let mut travelled: Vec<(String, String, String)> = Vec::new();
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
            let from = at.clone();
            at = if f == at {
                t.to_string()
            } else if t == at && !l.oneway() {
                f.to_string()
            } else {
                return Err(format!(
                    "leg {i}: link {id} ({f} → {t}) does not leave {at}"
                ));
            };
            travelled.push((id.clone(), from, at.clone()));
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
    ensure!(
        at == r.ends[1].0,
        "the legs end at {at}, not {}",
        r.ends[1].0
    );
    ensure!(
        route.path == walked,
        "path {:?} is not the places walked {walked:?}",
        route.path
    );
    for id in &route.path {
        allowed(id)?;
    }

    // Between two legs, transfers at the place where they meet take the cargo from the one
    // carrier to the other; there are no others.
    let mut k = 0;
    for (i, pair) in route.legs.windows(2).enumerate() {
        let mut carrier = pair[0].carrier;
        while carrier != pair[1].carrier {
            let t = route.transfers.get(k).ok_or(format!(
                "no transfer from {carrier} to {} between legs {i} and {}",
                pair[1].carrier,
                i + 1
            ))?;
            ensure!(
                t.place == pair[0].to && t.from_mode == carrier,
                "transfer {k} ({} → {} at {}) between legs {i} and {} ({} at {})",
                t.from_mode,
                t.to_mode,
                t.place,
                i + 1,
                carrier,
                pair[0].to
            );
            carrier = t.to_mode;
            k += 1;
        }
    }
    ensure!(
        k == route.transfers.len(),
        "{} transfers, {k} between the legs",
        route.transfers.len()
    );

    // A border crossing on every link travelled between two countries, and nowhere else.
    let country = |id: &str| net.place_by_id(id).map_or("", |p| p.country());
    let borders: Vec<&(String, String, String)> = travelled
        .iter()
        .filter(|(_, a, b)| {
            let (ca, cb) = (country(a), country(b));
            !ca.is_empty() && !cb.is_empty() && ca != cb
        })
        .collect();
    ensure!(
        borders.len() == route.border_crossings.len(),
        "border crossings {:?}, links between countries {borders:?}",
        route.border_crossings
    );
    for (b, (link, from, to)) in route.border_crossings.iter().zip(borders) {
        ensure!(
            b.link == *link
                && b.between == [from.clone(), to.clone()]
                && b.from_country == country(from)
                && b.to_country == country(to),
            "border crossing {b:?} on link {link} from {from} to {to}"
        );
        if let Some(p) = &b.place {
            ensure!(
                (p == from || p == to) && net.place_by_id(p).is_some_and(|p| p.border().is_some()),
                "border crossing at {p}, which has no post for it: {b:?}"
            );
        }
        ensure!(
            !b.place_name.trim().is_empty(),
            "border crossing without a name: {b:?}"
        );
    }
    let mut countries: Vec<&str> = Vec::new();
    for id in &route.path {
        let c = country(id);
        if !c.is_empty() && countries.last() != Some(&c) {
            countries.push(c);
        }
    }
    ensure!(
        route.countries == countries,
        "countries {:?}, the path's {countries:?}",
        route.countries
    );

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

/// Whether `to` can be reached from `from` over the links of `net` (in a direction they
/// allow), whatever the modes, carriers, years and cargo.
fn linked(net: &Network, from: &str, to: &str) -> bool {
    let n = net.places().len();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for l in net.links() {
        let (a, b) = (l.from().index(), l.to().index());
        next[a].push(b);
        if !l.oneway() {
            next[b].push(a);
        }
    }
    let (Some(a), Some(b)) = (net.place_by_id(from), net.place_by_id(to)) else {
        return false;
    };
    let mut seen = vec![false; n];
    let mut todo = vec![a.index()];
    seen[a.index()] = true;
    while let Some(p) = todo.pop() {
        if p == b.index() {
            return true;
        }
        for &q in &next[p] {
            if !std::mem::replace(&mut seen[q], true) {
                todo.push(q);
            }
        }
    }
    false
}

/// Checks an error of `net.route(req)`, whose defects are `d` and `may` ([`defects`]; its
/// places `r` when it has none).
fn check_route_error(
    net: &Network,
    req: &RouteRequest,
    (d, may): (&[Defect], &[Defect]),
    r: Option<&Resolved>,
    e: &RouteError,
) -> Result<(), String> {
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
    let allowed = |d: &[Defect]| d.iter().any(|d| d.allows(e, req.max_snap_km));
    if !d.is_empty() {
        ensure!(
            allowed(d) || allowed(may),
            "{e:?} is not an error the request's defects call for: {d:?}"
        );
        return Ok(());
    }
    if allowed(may) {
        return Ok(());
    }
    let Some(r) = r else {
        return Err(format!("{e:?} for a request whose places do not resolve"));
    };
    let RouteError::NoRoute { from, to, reason } = e else {
        return Err(format!(
            "{e:?} for a request without defects (no route, or its reason, was due)"
        ));
    };
    let name = |id: &str| net.place_by_id(id).map_or("", |p| p.name());
    ensure!(
        from == name(&r.ends[0].0) && to == name(&r.ends[1].0),
        "no route from {from} to {to}, but the request is from {} to {}",
        r.ends[0].0,
        r.ends[1].0
    );
    let listed = |items: &[String]| !items.is_empty() && items.iter().all(|s| !s.trim().is_empty());
    match reason {
        NoRouteReason::Disconnected => ensure!(
            !linked(net, &r.ends[0].0, &r.ends[1].0),
            "\"not connected, whatever the constraints\", but links lead from {} to {}",
            r.ends[0].0,
            r.ends[1].0
        ),
        NoRouteReason::Constraint(fixes) => ensure!(listed(fixes), "{reason:?}"),
        NoRouteReason::Transfer(gaps) => ensure!(listed(gaps), "{reason:?}"),
        NoRouteReason::Cargo(why) => ensure!(!why.trim().is_empty(), "{reason:?}"),
    }
    Ok(())
}

fn check_data_error(e: &DataError) -> Result<(), String> {
    ensure!(!e.to_string().trim().is_empty(), "empty Display of {e:?}");
    ensure!(e.kind() == ErrorKind::BadInput, "{e:?}");
    Ok(())
}

/// Asks `net` for `req`, and checks the answer: a route that honours the request when it has
/// no defect, or an error one of its defects calls for, or [`RouteError::NoRoute`]. Returns
/// the answer.
fn ask(
    net: &Network,
    req: &RouteRequest,
    input: &dyn Fn() -> String,
) -> Result<Result<Route, RouteError>, TestCaseError> {
    let answer = format!("{req:?}");
    let input = || format!("request: {answer}\n{}", input());
    let got = guard("Network::route", &input, || net.route(req)).map_err(TestCaseError::fail)?;
    // A request reads back from its JSON (which has no NaN or infinity) as it was.
    if finite_numbers(req) {
        let back = guard("RouteRequest as JSON", &input, || {
            let json = serde_json::to_string(req).map_err(|e| e.to_string())?;
            serde_json::from_str::<RouteRequest>(&json).map_err(|e| format!("{e}: {json}"))
        })
        .map_err(TestCaseError::fail)?;
        if back.as_ref() != Ok(req) {
            return Err(fail(
                format!("the request reads back from JSON as {back:?}"),
                &input,
            ));
        }
    }
    let checked = guard("checking the answer", &input, || {
        let (d, may, r) = defects(net, req);
        tally(&match &got {
            Ok(_) => "route".to_string(),
            Err(RouteError::NoRoute { reason, .. }) => format!(
                "NoRoute {}",
                format!("{reason:?}").split('(').next().unwrap_or_default()
            ),
            Err(e) => format!("{e:?}")
                .split([' ', '('])
                .next()
                .unwrap_or_default()
                .to_string(),
        });
        match (&got, &r) {
            (Ok(route), Some(r)) => {
                check_route(net, req, r, route).map_err(|e| format!("{e}\nroute: {route:?}"))
            }
            (Ok(route), None) => Err(format!(
                "a route although the request calls for an error ({d:?})\nroute: {route:?}"
            )),
            (Err(e), r) => check_route_error(net, req, (&d, &may), r.as_ref(), e),
        }
    })
    .map_err(TestCaseError::fail)?;
    checked.map_err(|e| fail(e, &input))?;
    Ok(got)
}

/// Whether every number of `req` is finite (JSON has no others).
fn finite_numbers(req: &RouteRequest) -> bool {
    let point = |l: &Location| match l {
        Location::Point { lon, lat } => lon.is_finite() && lat.is_finite(),
        Location::Place(_) => true,
    };
    let weights = match req.objective {
        Objective::Weighted(w) => [w.per_km, w.per_hour, w.per_usd, w.per_kg_co2]
            .iter()
            .all(|v| v.is_finite()),
        _ => true,
    };
    point(&req.from)
        && point(&req.to)
        && weights
        && req.cargo.quantity.is_finite()
        && req.max_snap_km.is_finite()
}

/// Checks `nearest_place(lon, lat)` against the nearest place by brute force, and its errors
/// against the input.
fn check_nearest(net: &Network, lon: f64, lat: f64) -> Result<(), String> {
    let input = || format!("nearest_place({lon:?}, {lat:?}) on {}", net.source_name());
    let got = guard("Network::nearest_place", &input, || {
        net.nearest_place(lon, lat).map(|(p, km)| (p.index(), km))
    })?;
    let valid = valid_lon_lat(lon, lat);
    match got {
        Err(e) => {
            ensure!(!e.to_string().trim().is_empty(), "empty Display of {e:?}");
            if valid {
                ensure!(
                    net.places().is_empty() && matches!(e, RouteError::UnknownPlace { .. }),
                    "{e:?} for a valid coordinate: {}",
                    input()
                );
            } else {
                ensure!(
                    matches!(
                        e,
                        RouteError::InvalidRequest {
                            field: "coordinate",
                            ..
                        }
                    ),
                    "{e:?} for an invalid coordinate: {}",
                    input()
                );
            }
        }
        Ok((i, km)) => {
            ensure!(
                valid,
                "place {i} at {km} km for an invalid coordinate: {}",
                input()
            );
            ensure!(
                km.is_finite() && (0.0..=MAX_GEODESIC_KM).contains(&km),
                "place {i} at {km} km: {}",
                input()
            );
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
    /// A tariff, USD per tonne-km.
    cost_per_tkm: Num,
}

/// A random network: rows, the options to read it with, how its text is broken (`mangle`, 0
/// for not at all), and what must come of loading it.
#[derive(Debug, Clone)]
struct NetSpec {
    places: Vec<PlaceRow>,
    links: Vec<LinkRow>,
    options: ImportOptions,
    mangle: u64,
    expect: Expect,
}

/// What loading a network must give.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// Clean rows and options: the network loads.
    Loads,
    /// Hostile: a network or any [`DataError`].
    Anything,
    /// A clean network but for one value out of range: [`DataError::Invalid`] for one of
    /// these fields (a record's field, a file's column or property, an option), from
    /// [`RecordRef::Options`] when `options`.
    Invalid {
        what: String,
        fields: &'static [&'static str],
        options: bool,
    },
}

/// The integers a network is decoded from.
#[derive(Debug, Clone)]
struct NetSeed {
    /// 0 for a clean network; a hostile one otherwise, one value in `1 << hostility` bad.
    style: u64,
    /// Not 0: a clean network with one value out of range, chosen from this.
    defect: u64,
    places: Vec<[u64; 4]>,
    links: Vec<[u64; 5]>,
    options: u64,
    requests: Vec<RequestSeed>,
    /// Coordinates for `nearest_place`, then heal, then merge, then the report.
    edits: [u64; 7],
}

fn net_seed() -> impl Strategy<Value = NetSeed> {
    (
        any::<u64>(),
        vec(any::<[u64; 4]>(), 0..=12),
        vec(any::<[u64; 5]>(), 0..=20),
        any::<u64>(),
        vec(request_seed(), 1..=3),
        any::<[u64; 7]>(),
    )
        .prop_map(|(style, places, links, options, requests, edits)| NetSeed {
            // Half clean, a quarter with one value out of range, a quarter hostile.
            style: if style % 4 == 3 {
                1 + (style >> 2) % 3
            } else {
                0
            },
            defect: if style % 4 == 2 { 1 | (style >> 2) } else { 0 },
            places,
            links,
            options,
            requests,
            edits,
        })
}

/// Geodesic distance between two place rows, km (0 when a coordinate is not a number).
fn row_km(a: &PlaceRow, b: &PlaceRow) -> f64 {
    match (a.lon, a.lat, b.lon, b.lat) {
        (Num::Val(x0), Num::Val(y0), Num::Val(x1), Num::Val(y1)) => {
            Geodesic.distance(Point::new(x0, y0), Point::new(x1, y1)) / 1000.0
        }
        _ => 0.0,
    }
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
                let (from, to) = (end(w[0]), end(w[1]));
                let geodesic = match (from, to) {
                    (Some(a), Some(b)) => row_km(&places[a], &places[b]),
                    _ => 0.0,
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
                // In a clean network, one number in twelve is at the edge of its range.
                let num = |x: u64, lo: f64, hi: f64, absent: bool, edge: &[f64]| {
                    if self.bad(x) {
                        match x % 3 {
                            0 => Num::Text(pick(h(x, 1), &["", "abc", "1,5", "--1"])),
                            _ => Num::Val(pick(h(x, 1), HOSTILE)),
                        }
                    } else if absent {
                        Num::Absent
                    } else if h(x, 3) % 12 == 11 {
                        Num::Val(pick(h(x, 4), edge))
                    } else {
                        Num::Val(lo + (hi - lo) * unit(h(x, 2)))
                    }
                };
                // A length from the straight line between the ends to twice that, or at the
                // edges: the straight line, as much shorter as coordinates rounded to a few
                // decimals allow (2% + 1 km), the Equator.
                let length_edges = [geodesic, (geodesic * 0.98 - 1.0 + 1e-3).max(0.0), 40_075.0];
                let length_km = match num(w[4], 0.0, 1.0, false, &length_edges) {
                    Num::Val(f) if !self.bad(w[4]) && h(w[4], 3) % 12 != 11 => {
                        Num::Val(geodesic * (1.0 + f) + 2.0 * unit(h(w[4], 5)))
                    }
                    other => other,
                };
                const SPEEDS: &[f64] = &[0.1, 1000.0, 0.100_000_1, 999.999];
                const HOURS: &[f64] = &[0.0, 5e-324, 8760.0, 8759.999];
                const TARIFFS: &[f64] = &[0.0, 1e6, 999_999.999, 5e-324];
                let w3 = w[3];
                LinkRow {
                    id: if self.bad(h(w[0], 5)) {
                        pick(h(w[0], 6), &["", "e0", "l0", " "]).to_string()
                    } else {
                        format!("e{i}")
                    },
                    from,
                    to,
                    length_km,
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
                    cost_per_tkm: num(h(w3, 10), 0.0, 0.2, h(w3, 10) % 4 != 3, TARIFFS),
                    mode,
                }
            })
            .collect();
        let mut spec = NetSpec {
            places,
            links,
            options: self.options(),
            mangle: if self.style > 0 && self.options % 8 == 7 {
                1 + (self.options >> 3)
            } else {
                0
            },
            expect: if self.style > 0 {
                Expect::Anything
            } else {
                Expect::Loads
            },
        };
        if self.defect != 0 {
            spec.break_one(self.defect);
        }
        spec
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
            opts.gauge_mm = pick(x >> 4, &[None, Some(1435), Some(1520), Some(1000)]);
            opts.join_tolerance_m = if self.style > 0 {
                number(x >> 6, 0.0, 50_000.0, HOSTILE)
            } else {
                50_000.0 * unit(h(x, 1))
            };
        }
        if x % 8 == 2 {
            opts.country = pick(x >> 3, &[Some("KZ"), Some("uz"), Some(" CN ")]).map(String::from);
        }
        if self.style > 0 && x % 16 == 5 {
            opts.gauge_mm = pick(x >> 8, &[Some(0), Some(1), Some(u16::MAX)]);
        }
        if self.style > 0 && x % 16 == 6 {
            opts.country = Some(pick(x >> 8, &["KAZ", "", "1", "🇰🇿"]).to_string());
        }
        opts
    }
}

impl NetSpec {
    /// Puts one value out of its range into this clean network, chosen by `x`: a link's
    /// length, speed or time, a place's coordinate, or an option.
    fn break_one(&mut self, x: u64) {
        // Read with ends exactly at the places' coordinates, so that a link's straight line
        // is the one computed here.
        self.options.join_tolerance_m = 0.0;
        let n = self.links.len();
        // A link whose length the files give (GeoJSON computes every fourth from its line).
        let link = (0..n)
            .map(|k| (k + (h(x, 1) % n.max(1) as u64) as usize) % n)
            .find(|&k| k % 4 != 1);
        let geodesic = |l: &LinkRow| match (l.from, l.to) {
            (Some(a), Some(b)) => row_km(&self.places[a], &self.places[b]),
            _ => 0.0,
        };
        let class = x % 9;
        let (what, fields, options): (String, &'static [&'static str], bool) = match (class, link) {
            (0, Some(k)) => {
                let v = pick(h(x, 2), &[40_075.001, 1e5, 1e306, 1e308, f64::MAX]);
                self.links[k].length_km = Num::Val(v);
                (format!("link e{k} of {v} km"), &["length_km"], false)
            }
            (1, Some(k)) if geodesic(&self.links[k]) > 2.0 => {
                let g = geodesic(&self.links[k]);
                // Shorter than the straight line by more than 2% + 1 km: a wrong length, or
                // swapped coordinates.
                let v = pick(h(x, 2), &[0.0, (g * 0.98 - 1.0) * 0.999 - 1e-3, g * 0.5]);
                self.links[k].length_km = Num::Val(v);
                (
                    format!("link e{k} of {v} km between places {g} km apart"),
                    &["length_km"],
                    false,
                )
            }
            (2, Some(k)) => {
                let v = pick(
                    h(x, 2),
                    &[
                        0.0,
                        0.099_999,
                        5e-324,
                        1e-300,
                        1000.001,
                        1e308,
                        f64::MAX,
                        -1.0,
                    ],
                );
                self.links[k].speed_kmh = Num::Val(v);
                (format!("link e{k} at {v} km/h"), &["speed_kmh"], false)
            }
            (3, Some(k)) => {
                let v = pick(h(x, 2), &[-1.0, -5e-324, 8760.001, 1e308, f64::MAX]);
                self.links[k].duration_hours = Num::Val(v);
                (
                    format!("link e{k} taking {v} h"),
                    &["duration_hours", "transit_hours"],
                    false,
                )
            }
            (4, _) if !self.places.is_empty() => {
                let k = (h(x, 1) % self.places.len() as u64) as usize;
                let v = pick(h(x, 2), &[90.000_001, -91.0, 1e308, f64::MAX, -1e300]);
                self.places[k].lat = Num::Val(v);
                (
                    format!("place p{k} at latitude {v}"),
                    &["lat", "location", "coordinates", "geometry"],
                    false,
                )
            }
            (5, _) => {
                let v = pick(h(x, 2), &[0, 1, 499, 2001, u16::MAX]);
                self.options.gauge_mm = Some(v);
                (format!("option gauge_mm = {v}"), &["gauge_mm"], true)
            }
            (6, _) => {
                let v = pick(h(x, 2), &["KAZ", "", "K", "1x", "🇰🇿", "k z"]);
                self.options.country = Some(v.to_string());
                (format!("option country = {v:?}"), &["country"], true)
            }
            (8, Some(k)) => {
                let v = pick(h(x, 2), &[1_000_000.001, 1e308, -1.0, -5e-324]);
                self.links[k].cost_per_tkm = Num::Val(v);
                (
                    format!("link e{k} at {v} USD per tonne-km"),
                    &["cost_per_tkm", "tariff.usd_per_tonne_km"],
                    false,
                )
            }
            _ => {
                let v = pick(h(x, 2), &[f64::NAN, -1.0, f64::INFINITY, -5e-324]);
                self.options.join_tolerance_m = v;
                (
                    format!("option join_tolerance_m = {v}"),
                    &["join_tolerance_m"],
                    true,
                )
            }
        };
        self.expect = Expect::Invalid {
            what,
            fields,
            options,
        };
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
            "cost_per_tkm",
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
                &r.cost_per_tkm.csv(),
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
            // Ends named by property where the coordinates alone do not say which place
            let shared = |end: Option<usize>| {
                end.is_some_and(|p| {
                    let at = |q: &PlaceRow| (q.lon.json(), q.lat.json());
                    let here = at(&self.places[p]);
                    self.places.iter().filter(|q| at(q) == here).count() > 1
                })
            };
            // (Within a join tolerance, any place near an end could be it.)
            let tolerant = self.options.join_tolerance_m != 0.0;
            if i % 3 == 0 || tolerant || shared(r.from) || shared(r.to) {
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
                ("cost_per_tkm", r.cost_per_tkm),
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

/// What a loaded network promises: valid coordinates and country codes, places found by id,
/// links of physical lengths (not shorter than the straight line between their ends beyond
/// 2% + 1 km, not longer than the Equator) and of speeds and times in range.
fn check_network(net: &Network) -> Result<(), String> {
    for p in net.places() {
        ensure!(
            valid_lon_lat(p.lon(), p.lat()),
            "place {} at ({}, {})",
            p.id(),
            p.lon(),
            p.lat()
        );
        let c = p.country();
        ensure!(
            c.is_empty() || (c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())),
            "place {} in country {c:?}",
            p.id()
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
    for l in net.links() {
        let km = l.length_km();
        let straight = Geodesic.distance(l.from().location(), l.to().location()) / 1000.0;
        ensure!(
            km <= 40_075.0 && km >= straight * 0.98 - 1.0 - 1e-9,
            "link {} of {km} km between places {straight} km apart",
            l.id()
        );
        if let Some(s) = l.speed_kmh() {
            ensure!(
                (0.1..=1000.0).contains(&s.value),
                "link {} at {} km/h",
                l.id(),
                s.value
            );
        }
        if let Some(t) = l.tariff() {
            let rates = [t.usd_per_tonne_km, t.usd_per_teu_km];
            ensure!(
                rates.iter().flatten().all(|r| (0.0..=1e6).contains(r))
                    && t.fixed_usd.map_or(true, |f| (0.0..=1e9).contains(&f)),
                "link {} at tariff {t:?}",
                l.id()
            );
        }
        if let Some(t) = l.transit_hours() {
            ensure!(
                (0.0..=8760.0).contains(&t.value),
                "link {} taking {} h",
                l.id(),
                t.value
            );
        }
    }
    let past = net.link_length_km(net.links().len());
    ensure!(past.is_none(), "link_length_km past the end = {past:?}");
    Ok(())
}

/// Whether `e` is [`DataError::Invalid`] about one of `fields`, of an operation's arguments
/// when `operation`.
fn invalid_field(e: &DataError, fields: &[&str], operation: bool) -> bool {
    match e {
        DataError::Invalid { field, record, .. } => {
            fields.contains(&field.as_str())
                && operation == matches!(record, RecordRef::Operation(_) | RecordRef::Options)
        }
        _ => false,
    }
}

/// Checks that `heal(max_km, mode)` of `net` gave `got`: an error for a distance that is
/// not a finite number >= 0 or a pipeline (which would need a commodity), else new links of
/// at most `max_km` and a network that still keeps its promises.
fn check_heal(
    max_km: f64,
    mode: Mode,
    got: &Result<(Network, Vec<corridor::Link>), DataError>,
) -> Result<(), String> {
    let refused = !(max_km.is_finite() && max_km >= 0.0) || mode == Mode::Pipeline;
    match got {
        Err(e) => {
            check_data_error(e)?;
            ensure!(
                refused && invalid_field(e, &["max_gap_km", "mode"], true),
                "heal({max_km}, {mode}): {e:?}"
            );
            Ok(())
        }
        Ok((net, added)) => {
            ensure!(!refused, "heal accepted ({max_km}, {mode})");
            check_added("heal", max_km, net, added)
        }
    }
}

fn check_added(
    what: &str,
    max_km: f64,
    net: &Network,
    added: &[corridor::Link],
) -> Result<(), String> {
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

/// Checks that `a.merge_resolving(b, max_km, clash)` gave `got`: an error for a distance that
/// is not a finite number >= 0, for ids both use when told to refuse them (or still taken
/// once prefixed), for places to unify farther apart than `max_km`; else all places of both
/// (less those unified), new links of at most `max_km`, and a network that keeps its
/// promises.
fn check_merge(
    a: &Network,
    b: &Network,
    max_km: f64,
    clash: &IdClash,
    got: &Result<(Network, Vec<corridor::Link>), DataError>,
) -> Result<(), String> {
    let what = format!("merge_resolving({max_km}, {clash:?})");
    let bad_km = !(max_km.is_finite() && max_km >= 0.0);
    let shared: Vec<(usize, usize)> = b
        .places()
        .iter()
        .filter_map(|q| Some((a.place_by_id(q.id())?.index(), q.index())))
        .collect();
    let shared_links = b.links().iter().any(|l| a.link_by_id(l.id()).is_some());
    let taken = |p: &str| {
        b.places()
            .iter()
            .any(|q| a.place_by_id(&format!("{p}{}", q.id())).is_some())
            || b.links()
                .iter()
                .any(|l| a.link_by_id(&format!("{p}{}", l.id())).is_some())
    };
    let apart = |&(i, j): &(usize, usize)| {
        let (p, q) = (a.places().get(i).unwrap(), b.places().get(j).unwrap());
        Geodesic.distance(p.location(), q.location()) / 1000.0
    };
    // A merge that must be refused, and whether it may be on the edge of `max_km`.
    let (refuse, edge) = match clash {
        _ if bad_km => (true, false),

        IdClash::Refuse => (!shared.is_empty() || shared_links, false),
        IdClash::Prefix(p) => (taken(p), false),
        IdClash::Rename => (false, false),
        IdClash::Unify => {
            let far = shared.iter().map(apart).fold(0.0, f64::max);
            (far > max_km, close(far, max_km))
        }
    };
    match got {
        Err(e) => {
            check_data_error(e)?;
            let right = if bad_km {
                invalid_field(e, &["max_km"], true)
            } else {
                match clash {
                    IdClash::Unify => matches!(e, DataError::Invalid { .. }),
                    _ => matches!(e, DataError::SharedId { .. }),
                }
            };
            ensure!((refuse || edge) && right, "{what}: {e:?}");
            Ok(())
        }
        Ok((net, added)) => {
            ensure!(
                !refuse || edge,
                "{what} was not refused (places {shared:?} shared)"
            );
            let unified = if *clash == IdClash::Unify {
                shared.len()
            } else {
                0
            };
            ensure!(
                net.places().len() == a.places().len() + b.places().len() - unified,
                "{what}: {} places of {} + {}",
                net.places().len(),
                a.places().len(),
                b.places().len()
            );
            for p in a.places() {
                ensure!(
                    net.place_by_id(p.id()).is_some(),
                    "{what} lost place {}",
                    p.id()
                );
            }
            if let IdClash::Prefix(pre) = clash {
                for q in b.places() {
                    let id = format!("{pre}{}", q.id());
                    ensure!(net.place_by_id(&id).is_some(), "{what}: no place {id}");
                }
            }
            check_added(&what, max_km, net, added)
        }
    }
}

/// Loads `text` (through `load`), then asks the network everything the public API offers.
fn exercise_import(
    seed: &NetSeed,
    spec: &NetSpec,
    format: &str,
    text: &str,
    load: impl FnOnce() -> Result<Network, DataError>,
) -> Result<(), TestCaseError> {
    let input = || format!("{format} network:\n{text}");
    let loaded = guard(format, &input, load).map_err(TestCaseError::fail)?;
    tally(&format!(
        "{} network {}",
        match spec.expect {
            Expect::Loads => "clean",
            Expect::Anything => "hostile",
            Expect::Invalid { .. } => "one-defect",
        },
        if loaded.is_ok() { "loaded" } else { "refused" }
    ));
    let net = match (loaded, &spec.expect) {
        (Ok(_), Expect::Invalid { what, .. }) => {
            return Err(fail(format!("loaded although {what}"), &input))
        }
        (
            Err(e),
            Expect::Invalid {
                what,
                fields,
                options,
            },
        ) => {
            let problem = check_data_error(&e).and_then(|()| {
                ensure!(
                    invalid_field(&e, fields, *options),
                    "{what}: {e:?} is not about {fields:?}"
                );
                Ok(())
            });
            return problem.map_err(|p| fail(p, &input));
        }
        (Err(e), Expect::Loads) => {
            return Err(fail(format!("a clean network is refused: {e}"), &input))
        }
        (Err(e), Expect::Anything) => return check_data_error(&e).map_err(|p| fail(p, &input)),
        (Ok(net), _) => net,
    };
    check_network(&net).map_err(|p| fail(p, &input))?;
    let names = Names::of(&net);
    for r in &seed.requests {
        let _ = ask(&net, &request(&names, r), &input)?;
    }
    let e = &seed.edits;
    let (lon, lat) = (
        coordinate_value(e[0], 60.0, 85.0),
        coordinate_value(e[1], 35.0, 50.0),
    );
    check_nearest(&net, lon, lat).map_err(|p| fail(p, &input))?;

    // Diagnose it, with a random stretch threshold.
    let t = number(e[6], 1.0, 10.0, HOSTILE);
    let report = guard("Network::report_with", &input, || {
        net.report_with(t).map(|r| (r.places, r.to_string()))
    })
    .map_err(TestCaseError::fail)?;
    match report {
        Err(e) => check_data_error(&e)
            .and_then(|()| {
                ensure!(
                    !(t.is_finite() && t >= 1.0) && invalid_field(&e, &["stretch_threshold"], true),
                    "report_with({t}): {e:?}"
                );
                Ok(())
            })
            .map_err(|p| fail(p, &input))?,
        Ok((places, shown)) => {
            let valid = t.is_finite() && t >= 1.0;
            let problem = (!valid || places != net.places().len() || shown.trim().is_empty())
                .then(|| format!("report_with({t}) of {places} places: {shown}"));
            if let Some(p) = problem {
                return Err(fail(p, &input));
            }
        }
    }

    // Heal this network (or now and then the built-in one).
    let km = number(e[2], 0.0, 300.0, HOSTILE);
    let mode = pick(e[3], &Mode::ALL);
    let target = if e[3] % 8 == 7 { &*BUILTIN } else { &net };
    let what = format!("heal({km:?}, {mode:?}) of {}", target.source_name());
    let healed = guard(&what, &input, || target.heal(km, mode)).map_err(TestCaseError::fail)?;
    tally(if healed.is_ok() {
        "heal done"
    } else {
        "heal refused"
    });
    check_heal(km, mode, &healed).map_err(|p| fail(p, &input))?;

    // Merge it with the built-in network, one way or the other, settling shared ids somehow.
    let km = number(e[4], 0.0, 100.0, HOSTILE);
    let (a, b) = if e[5] % 2 == 0 {
        (&*BUILTIN, &net)
    } else {
        (&net, &*BUILTIN)
    };
    let clash = match (e[5] >> 1) % 6 {
        0 | 1 => IdClash::Refuse,
        2 => IdClash::Prefix("my:".into()),
        3 => IdClash::Prefix(pick(e[5] >> 4, &["p", "almaty", "-"]).into()),
        4 => IdClash::Rename,
        _ => IdClash::Unify,
    };
    let what = format!(
        "{}.merge_resolving({}, {km:?}, {clash:?})",
        a.source_name(),
        b.source_name()
    );
    let merged =
        guard(&what, &input, || a.merge_resolving(b, km, &clash)).map_err(TestCaseError::fail)?;
    tally(&format!(
        "merge {} {}",
        format!("{clash:?}").split('(').next().unwrap_or_default(),
        if merged.is_ok() { "done" } else { "refused" }
    ));
    check_merge(a, b, km, &clash, &merged).map_err(|p| fail(p, &input))?;
    if let Ok((merged, _)) = &merged {
        let names = Names::of(merged);
        let input = || format!("{what} of\n{}", input());
        let _ = ask(merged, &request(&names, &seed.requests[0]), &input)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Cost models
// ---------------------------------------------------------------------------------------------

/// The range of a cost-model figure ([`CostModel::check`]): from `lo` (or above it, when
/// `open`) to `hi`.
#[derive(Debug, Clone, Copy)]
struct Range {
    lo: f64,
    open: bool,
    hi: f64,
}

impl Range {
    fn holds(self, v: f64) -> bool {
        v.is_finite() && (if self.open { v > self.lo } else { v >= self.lo }) && v <= self.hi
    }

    /// Values at and just beyond the edges of the range.
    fn edges(self) -> [f64; 6] {
        let (lo, hi) = (self.lo, self.hi);
        let just_below = if lo == 0.0 {
            -5e-324
        } else {
            lo * (1.0 - 1e-12)
        };
        [
            lo,
            just_below,
            hi,
            hi * (1.0 + 1e-12),
            (lo + hi) / 2.0,
            lo + (hi - lo) * 1e-9,
        ]
    }
}

const SPEED: Range = Range {
    lo: 0.1,
    open: false,
    hi: 1000.0,
};
const RATE: Range = Range {
    lo: 0.0,
    open: false,
    hi: 1e6,
};
const CO2: Range = Range {
    lo: 0.0,
    open: false,
    hi: 1e3,
};
const HOURS: Range = Range {
    lo: 0.0,
    open: false,
    hi: 8760.0,
};
const FEE: Range = Range {
    lo: 0.0,
    open: false,
    hi: 1e9,
};
const TONNES_PER_TEU: Range = Range {
    lo: 0.0,
    open: true,
    hi: 40.0,
};

/// Every figure of `cm`, by the name [`CostModel::check`] gives it, with its range.
fn figures(cm: &mut CostModel) -> Vec<(String, &mut f64, Range)> {
    let mut out = Vec::new();
    for (name, m) in [
        ("rail", &mut cm.rail),
        ("road", &mut cm.road),
        ("sea", &mut cm.sea),
        ("pipeline", &mut cm.pipeline),
    ] {
        let ModeRates {
            speed_kmh,
            speed_kmh_best,
            speed_kmh_worst,
            usd_per_teu_km,
            usd_per_tonne_km,
            co2_kg_per_tonne_km,
            border_dwell_hours,
            border_fee_usd,
            sailings_per_week: _,
            backlog_hours,
        } = m;
        let Duration {
            best,
            typical,
            worst,
        } = border_dwell_hours;
        for (field, v, range) in [
            ("speed_kmh_best", speed_kmh_best, SPEED),
            ("speed_kmh", speed_kmh, SPEED),
            ("speed_kmh_worst", speed_kmh_worst, SPEED),
            ("usd_per_teu_km", usd_per_teu_km, RATE),
            ("usd_per_tonne_km", usd_per_tonne_km, RATE),
            ("co2_kg_per_tonne_km", co2_kg_per_tonne_km, CO2),
            ("border_dwell_hours.best", best, HOURS),
            ("border_dwell_hours.typical", typical, HOURS),
            ("border_dwell_hours.worst", worst, HOURS),
            ("border_fee_usd", border_fee_usd, FEE),
            ("backlog_hours", backlog_hours, HOURS),
        ] {
            out.push((format!("{name}.{field}"), v, range));
        }
    }
    for (name, t) in [
        ("gauge_change", &mut cm.gauge_change),
        ("rail_road", &mut cm.rail_road),
        ("to_sea", &mut cm.to_sea),
        ("pipeline_other", &mut cm.pipeline_other),
    ] {
        let TransferRates {
            hours,
            usd_per_teu,
            usd_per_tonne,
        } = t;
        let Duration {
            best,
            typical,
            worst,
        } = hours;
        for (field, v, range) in [
            ("hours.best", best, HOURS),
            ("hours.typical", typical, HOURS),
            ("hours.worst", worst, HOURS),
            ("usd_per_teu", usd_per_teu, FEE),
            ("usd_per_tonne", usd_per_tonne, FEE),
        ] {
            out.push((format!("{name}.{field}"), v, range));
        }
    }
    out.push((
        "tonnes_per_teu".into(),
        &mut cm.tonnes_per_teu,
        TONNES_PER_TEU,
    ));
    out
}

/// The default cost model with one to three figures replaced (by ordinary numbers, numbers
/// at and just beyond the edges of their range, hostile ones) or a customs union added; and
/// the names of its figures out of range.
fn cost_model(words: &[u64]) -> (CostModel, Vec<String>) {
    let mut cm = CostModel::default();
    let n = figures(&mut cm).len();
    for &w in words {
        let field = (w % (n as u64 + 1)) as usize;
        if field < n {
            let mut all = figures(&mut cm);
            let (_, v, range) = &mut all[field];
            let x = h(w, 1);
            **v = match x % 4 {
                0 | 1 => {
                    range.lo.max(0.1) + (range.hi.min(200.0) - range.lo.max(0.1)) * unit(h(x, 2))
                }
                2 => pick(h(x, 3), &range.edges()),
                _ => pick(h(x, 3), HOSTILE),
            };
        } else {
            let members: &[&str] = match h(w, 1) % 3 {
                0 => &["KZ", "CN"],
                1 => &["XX", "CN", "UZ"],
                _ => &["kz", "", "XX", "CN"],
            };
            cm.customs_unions.push(CustomsUnion {
                name: random_text(w, 4),
                members: members.iter().map(|m| m.to_string()).collect(),
            });
        }
    }
    let mut bad: Vec<String> = figures(&mut cm.clone())
        .into_iter()
        .filter(|(_, v, range)| !range.holds(**v))
        .map(|(name, _, _)| name)
        .collect();
    // Cases out of order: speeds must fall from best to worst, hours grow.
    let falls = |[a, b, c]: [f64; 3]| !(a >= b && b >= c);
    let grows = |[a, b, c]: [f64; 3]| !(a <= b && b <= c);
    for (name, m) in [
        ("rail", &cm.rail),
        ("road", &cm.road),
        ("sea", &cm.sea),
        ("pipeline", &cm.pipeline),
    ] {
        if falls([m.speed_kmh_best, m.speed_kmh, m.speed_kmh_worst]) {
            bad.push(format!("{name}.speed_kmh"));
        }
        if grows(m.border_dwell_hours.cases()) {
            bad.push(format!("{name}.border_dwell_hours"));
        }
    }
    for (name, t) in [
        ("gauge_change", &cm.gauge_change),
        ("rail_road", &cm.rail_road),
        ("to_sea", &cm.to_sea),
        ("pipeline_other", &cm.pipeline_other),
    ] {
        if grows(t.hours.cases()) {
            bad.push(format!("{name}.hours"));
        }
    }
    for (i, u) in cm.customs_unions.iter().enumerate() {
        let code = |c: &String| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase());
        if !u.members.iter().all(code) {
            bad.push(format!("customs_unions[{i}].members"));
        }
    }
    (cm, bad)
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// One planner for every request of a run: its reused workspace and A* rate must not change
/// an answer.
static PLANNER: LazyLock<std::sync::Mutex<Planner<'static>>> =
    LazyLock::new(|| std::sync::Mutex::new(Planner::new(&BUILTIN)));

/// Random requests on the built-in network; a planner that answered the requests before
/// answers each as [`Network::route`] does.
#[test]
fn routes_on_the_builtin_network_honour_their_requests() {
    check_network(&BUILTIN).unwrap();
    check("built-in routes", 4000, request_seed(), |seed| {
        let req = request(&BUILTIN_NAMES, &seed);
        let input = || format!("request: {req:?}\non the built-in network");
        let fresh = format!(
            "{:?}",
            ask(&BUILTIN, &req, &|| "on the built-in network".into())?
        );
        let reused = guard("Planner::route", &input, || {
            let mut planner = PLANNER.lock().unwrap_or_else(|e| e.into_inner());
            format!("{:?}", planner.route(&req))
        })
        .map_err(TestCaseError::fail)?;
        if fresh != reused {
            let problem = format!("a reused planner answers\n{reused}\nNetwork::route\n{fresh}");
            return Err(fail(problem, &input));
        }
        Ok(())
    });
}

/// Random CSV networks: loaded or refused with the right error; when loaded, random
/// requests, `nearest_place`, `report_with`, `heal` and `merge_resolving` on them.
#[test]
fn csv_networks_load_or_fail_and_their_routes_honour_requests() {
    check("CSV networks", 1500, net_seed(), |seed| {
        let spec = seed.spec();
        let (places, links) = spec.csv();
        let text = format!(
            "places.csv:\n{places}\nlinks.csv:\n{links}\noptions: {:?}\nexpected: {:?}",
            spec.options, spec.expect
        );
        exercise_import(&seed, &spec, "Network::from_csv_readers", &text, || {
            Network::from_csv_readers(
                places.as_bytes(),
                links.as_bytes(),
                "places.csv",
                "links.csv",
                &spec.options,
            )
        })
    });
}

/// Random GeoJSON networks, as the CSV ones.
#[test]
fn geojson_networks_load_or_fail_and_their_routes_honour_requests() {
    check("GeoJSON networks", 1500, net_seed(), |seed| {
        let spec = seed.spec();
        let geojson = spec.geojson();
        let text = format!(
            "{geojson}\noptions: {:?}\nexpected: {:?}",
            spec.options, spec.expect
        );
        exercise_import(&seed, &spec, "Network::from_geojson_str", &text, || {
            Network::from_geojson_str(&geojson, "random.geojson", &spec.options)
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

/// The built-in network with a cost model of random figures: refused, naming a figure out of
/// range, when it has one; else every route it gives, for the largest consignments too, has
/// finite, non-negative totals that are the sum of its parts.
#[test]
fn any_cost_model_gives_meaningful_routes() {
    let seeds = (vec(any::<u64>(), 1..=3), vec(any::<[u64; 4]>(), 2));
    check("cost models", 1000, seeds, |(words, requests)| {
        let (cm, bad) = cost_model(&words);
        let input = || format!("cost model: {cm:?}\nout of range: {bad:?}");
        let net = guard("Network::with_cost_model", &input, || {
            BUILTIN.clone().with_cost_model(cm.clone())
        })
        .map_err(TestCaseError::fail)?;
        tally(if net.is_ok() {
            "model accepted"
        } else {
            "model refused"
        });
        let net = match net {
            Err(e) => {
                let fields: Vec<&str> = bad.iter().map(String::as_str).collect();
                let problem = check_data_error(&e).and_then(|()| {
                    ensure!(
                        invalid_field(&e, &fields, true),
                        "{e:?} for a cost model with {bad:?} out of range"
                    );
                    Ok(())
                });
                return problem.map_err(|p| fail(p, &input));
            }
            Ok(_) if !bad.is_empty() => {
                return Err(fail("a cost model out of range is accepted".into(), &input))
            }
            Ok(net) => net,
        };
        for w in requests {
            // Plain requests between real places: only the cost model is hostile.
            let places = &BUILTIN_NAMES.places;
            let (a, b) = (pick(w[0], places), pick(h(w[1], 1), places));
            let kind = pick(w[2] >> 3, KINDS);
            let quantity = match h(w[3], 4) % 4 {
                0 => most(kind),
                _ => 1.0 + 99.0 * unit(h(w[3], 5)),
            };
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
                .cargo(Cargo::new(kind, quantity));
            let _ = ask(&net, &req, &input)?;
        }
        Ok(())
    });
}
