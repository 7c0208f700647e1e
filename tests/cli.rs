//! The contract of the `route` example: arguments, text and JSON output, exit status
//! (0 with a route, 1 when no route exists, 2 for bad input).
//!
//! `cargo test` builds the examples; this file runs the built binary
//! (`target/<profile>/examples/route`). `cargo test --test cli` alone does not rebuild it, so
//! the tests refuse to run a binary older than any file its dep-info (`route.d`) lists.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::example_bin;

/// The `route` example next to this test executable.
fn route_bin() -> PathBuf {
    example_bin("route")
}

fn run(args: &[&str]) -> Output {
    Command::new(route_bin())
        .args(args)
        .output()
        .expect("run the route example")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs with `args`, expects exit status 0 and nothing on stderr, and returns stdout.
fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: stderr: {}", stderr(&o));
    assert!(o.stderr.is_empty(), "{args:?}: stderr: {}", stderr(&o));
    stdout(&o)
}

/// Runs with `args` plus `--format json` and parses the route.
fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = ok(&all);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
}

/// Expects exit status `code`, nothing on stdout and an `error: ` message on stderr; returns it.
fn fails(code: i32, args: &[&str]) -> String {
    let o = run(args);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "{args:?}: stdout: {} stderr: {err}",
        stdout(&o)
    );
    assert!(o.stdout.is_empty(), "{args:?}: stdout: {}", stdout(&o));
    assert!(err.starts_with("error: "), "{args:?}: stderr: {err}");
    err
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("`{key}` is not a number in {v}"))
}

fn text(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
        .to_string()
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not an array in {v}"))
}

fn path(v: &Value) -> Vec<String> {
    arr(v, "path")
        .iter()
        .map(|p| p.as_str().expect("place id").to_string())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn leg_modes(v: &Value) -> Vec<String> {
    arr(v, "legs").iter().map(|l| text(l, "mode")).collect()
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

#[test]
fn text_output_has_legs_transfers_borders_and_total() {
    let out = ok(&["--from", "Xi'an", "--to", "Baku"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Xi'an → Baku: "), "{out}");
    assert!(lines[0].contains("1 TEU of container"), "{out}");
    // One line per leg, with its carrier, places and figures.
    let legs: Vec<&&str> = lines
        .iter()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(legs.len() >= 2, "{out}");
    assert!(
        legs[0].contains("rail (1435 mm)") && legs[0].contains("Xi'an"),
        "first leg: {}",
        legs[0]
    );
    assert!(legs.iter().any(|l| l.contains("sea")), "{out}");
    let section = |title: &str| -> Vec<&str> {
        let start = lines
            .iter()
            .position(|l| *l == title)
            .unwrap_or_else(|| panic!("no `{title}` section:\n{out}"));
        lines[start + 1..]
            .iter()
            .take_while(|l| !l.trim().is_empty())
            .copied()
            .collect()
    };
    let transfers = section("Transfers");
    assert!(
        transfers
            .iter()
            .any(|l| l.contains("rail (1435 mm) → rail (1520 mm)") && l.contains(" h ")),
        "{transfers:?}"
    );
    assert!(
        transfers.iter().all(|l| l.ends_with("USD")),
        "{transfers:?}"
    );
    let borders = section("Border crossings");
    assert!(borders.iter().any(|l| l.contains("CN → KZ")), "{borders:?}");
    assert!(borders.iter().any(|l| l.contains("KZ → AZ")), "{borders:?}");
    let total = lines
        .iter()
        .find(|l| l.starts_with("Total: "))
        .unwrap_or_else(|| panic!("no total line:\n{out}"));
    for unit in [" km, ", " USD, ", " kg CO2"] {
        assert!(total.contains(unit), "{unit}: {total}");
    }
    // The duration as "typical days (best–worst)", e.g. "16.3 days (12.8–27.5)".
    let days = total.split(", ").nth(1).unwrap_or_default();
    let (typical, range) = days
        .split_once(" days (")
        .unwrap_or_else(|| panic!("{total}"));
    let (best, worst) = range.trim_end_matches(')').split_once('–').unwrap();
    let [b, t, w] = [best, typical, worst].map(|x| x.parse::<f64>().unwrap());
    assert!(b <= t && t <= w, "{total}");
    assert!(out.contains("\nCountries: CN → "), "{out}");
    assert!(out.contains("\nPath: Xi'an → "), "{out}");
    assert!(out.trim_end().ends_with("Baku"), "{out}");
}

#[test]
fn json_output_has_the_documented_shape_and_adds_up() {
    let r = json(&["--from", "Xi'an", "--to", "Baku"]);
    assert_eq!(text(&r["from"], "id"), "xian");
    assert_eq!(text(&r["to"], "id"), "baku");

    let totals = &r["totals"];
    for k in ["distance_km", "duration_hours", "cost_usd", "co2_kg"] {
        assert!(num(totals, k) > 0.0, "totals.{k} in {totals}");
    }
    let legs = arr(&r, "legs");
    let transfers = arr(&r, "transfers");
    let borders = arr(&r, "border_crossings");
    assert!(!legs.is_empty() && !transfers.is_empty() && !borders.is_empty());

    let mut sum = [0.0f64; 4]; // km, h, USD, kg CO2
    for leg in legs {
        for k in ["mode", "from", "to"] {
            assert!(!text(leg, k).is_empty(), "{k} in {leg}");
        }
        let m = [
            num(leg, "distance_km"),
            num(leg, "duration_hours"),
            num(leg, "cost_usd"),
            num(leg, "co2_kg"),
        ];
        assert!(m.iter().all(|x| x.is_finite() && *x >= 0.0), "{leg}");
        for (s, x) in sum.iter_mut().zip(m) {
            *s += x;
        }
        assert!(arr(leg, "corridors").iter().all(Value::is_string), "{leg}");
    }
    for t in transfers {
        assert!(!text(t, "place").is_empty() && !text(t, "from_mode").is_empty());
        assert_ne!(text(t, "from_mode"), text(t, "to_mode"), "{t}");
        sum[1] += num(t, "hours");
        sum[2] += num(t, "cost_usd");
    }
    for b in borders {
        // On a link between two places, at a post's place if one handles it.
        assert!(!text(b, "link").is_empty(), "{b}");
        let between = arr(b, "between");
        assert_eq!(between.len(), 2, "{b}");
        if let Some(place) = b.get("place") {
            assert!(between.contains(place), "{b}");
        }
        let (from, to) = (text(b, "from_country"), text(b, "to_country"));
        assert_ne!(from, to, "{b}");
        assert_eq!(from.len(), 2, "{b}");
        sum[1] += num(b, "hours");
        sum[2] += num(b, "cost_usd");
    }
    for (k, s) in ["distance_km", "duration_hours", "cost_usd", "co2_kg"]
        .into_iter()
        .zip(sum)
    {
        assert!(
            close(num(totals, k), s),
            "totals.{k} = {} but parts add up to {s}",
            num(totals, k)
        );
    }

    // Legs join up along the path.
    let p = path(&r);
    assert_eq!(p.first().map(String::as_str), Some("xian"));
    assert_eq!(p.last().map(String::as_str), Some("baku"));
    assert_eq!(text(&legs[0], "from"), "xian");
    assert_eq!(text(legs.last().unwrap(), "to"), "baku");
    for w in legs.windows(2) {
        assert_eq!(text(&w[0], "to"), text(&w[1], "from"));
    }
    // Every transfer, and every border crossing's two places, are on the path, one after the
    // other.
    for t in transfers {
        assert!(p.contains(&text(t, "place")), "{t} not on {p:?}");
    }
    for b in borders {
        let between: Vec<String> = arr(b, "between")
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert!(p.windows(2).any(|w| w == between), "{b} not on {p:?}");
    }
    let countries: Vec<&str> = arr(&r, "countries")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(countries.first(), Some(&"CN"));
    assert_eq!(countries.last(), Some(&"AZ"));
}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

#[test]
fn place_spellings_and_ids_resolve() {
    for from in ["Xian", "xi'an", "XIAN", "xian", "Xi'an"] {
        let r = json(&["--from", from, "--to", "Almaty"]);
        assert_eq!(text(&r["from"], "id"), "xian", "{from}");
    }
    let r = json(&["--from", "Horgos", "--to", "Almaty"]);
    assert_eq!(text(&r["from"], "id"), "horgos_cn");
    let r = json(&["--from", "horgos_cn", "--to", "alashankou"]);
    assert_eq!(text(&r["from"], "id"), "horgos_cn");
    assert_eq!(text(&r["to"], "id"), "alashankou");
}

#[test]
fn defaults_are_cost_container_and_one() {
    let plain = json(&["--from", "Xian", "--to", "Tashkent"]);
    let explicit = json(&[
        "--from",
        "Xian",
        "--to",
        "Tashkent",
        "--by",
        "cost",
        "--cargo",
        "container",
        "--quantity",
        "1",
    ]);
    assert_eq!(plain, explicit);
    assert_eq!(text(&plain, "objective"), "cost");
    assert_eq!(text(&plain["cargo"], "kind"), "container");
    assert_eq!(num(&plain["cargo"], "quantity"), 1.0);
}

#[test]
fn objectives_are_accepted() {
    let by_km = json(&["--from", "Xian", "--to", "Tashkent", "--by", "distance"]);
    let by_cost = json(&["--from", "Xian", "--to", "Tashkent"]);
    assert_eq!(text(&by_km, "objective"), "distance");
    let km = |r: &Value| num(&r["totals"], "distance_km");
    assert!(km(&by_km) <= km(&by_cost) + 1e-6);
    for by in ["time", "co2"] {
        let r = json(&["--from", "Xian", "--to", "Tashkent", "--by", by]);
        assert_eq!(text(&r, "objective"), by);
    }
}

#[test]
fn modes_restrict_the_legs() {
    let r = json(&["--from", "Xian", "--to", "Tashkent", "--modes", "rail,road"]);
    for m in leg_modes(&r) {
        assert!(m == "rail" || m == "road", "{m}");
    }
    let r = json(&[
        "--from", "Kashgar", "--to", "Tashkent", "--modes", "road", "--by", "distance",
    ]);
    assert!(leg_modes(&r).iter().all(|m| m == "road"), "{r}");
}

#[test]
fn avoid_country_can_be_repeated() {
    let base = json(&["--from", "Xian", "--to", "Duisburg"]);
    let countries = |r: &Value| -> Vec<String> {
        arr(r, "countries")
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    assert!(countries(&base).contains(&"RU".to_string()), "{base}");
    let r = json(&[
        "--from",
        "Xian",
        "--to",
        "Duisburg",
        "--avoid-country",
        "RU",
        "--avoid-country",
        "kz",
    ]);
    let cs = countries(&r);
    assert!(
        !cs.contains(&"RU".to_string()) && !cs.contains(&"KZ".to_string()),
        "{cs:?}"
    );
    assert_eq!(text(&r["to"], "id"), "duisburg");
}

#[test]
fn avoid_place_can_be_repeated() {
    let base = json(&["--from", "Xian", "--to", "Baku"]);
    assert!(path(&base).contains(&"dostyk".to_string()), "{base}");
    let r = json(&[
        "--from", "Xian", "--to", "Baku", "--avoid", "dostyk", "--avoid", "Altynkol",
    ]);
    let p = path(&r);
    assert!(!p.contains(&"dostyk".to_string()), "{p:?}");
    assert!(!p.contains(&"altynkol".to_string()), "{p:?}");
    assert_eq!(p.last().map(String::as_str), Some("baku"));
}

#[test]
fn year_includes_links_expected_to_open() {
    // Makmal lies on the China–Kyrgyzstan–Uzbekistan railway, due in 2030.
    let err = fails(1, &["--from", "Kashgar", "--to", "Makmal"]);
    assert!(err.contains("including links not open yet"), "{err}");
    let r = json(&["--from", "Kashgar", "--to", "Makmal", "--year", "2030"]);
    let links: Vec<&str> = arr(&r, "legs")
        .iter()
        .flat_map(|l| arr(l, "links").iter().map(|x| x.as_str().unwrap()))
        .collect();
    assert!(links.contains(&"r_torugart_makmal"), "{links:?}");
    // Plain routes work as of 2030 too.
    ok(&["--from", "Xian", "--to", "Baku", "--year", "2030"]);
}

#[test]
fn natural_gas_goes_by_pipeline_only() {
    let r = json(&[
        "--cargo",
        "natural-gas",
        "--from",
        "samandepe",
        "--to",
        "horgos_cn",
    ]);
    assert_eq!(text(&r["cargo"], "kind"), "natural-gas");
    let modes = leg_modes(&r);
    assert!(!modes.is_empty());
    assert!(modes.iter().all(|m| m == "pipeline"), "{modes:?}");
    assert!(arr(&r, "transfers").is_empty(), "{r}");
    let p = path(&r);
    assert_eq!(p.first().map(String::as_str), Some("samandepe"));
    assert_eq!(p.last().map(String::as_str), Some("horgos_cn"));
}

#[test]
fn quantity_scales_leg_and_transfer_costs_linearly() {
    let one = json(&["--from", "Xian", "--to", "Baku"]);
    let twenty = json(&["--from", "Xian", "--to", "Baku", "--quantity", "20"]);
    assert_eq!(path(&one), path(&twenty), "same path for 1 and 20 TEU");
    assert_eq!(num(&twenty["cargo"], "quantity"), 20.0);
    assert_eq!(leg_modes(&one), leg_modes(&twenty));
    // Where a dual-gauge border link's gauge changes (either end) may differ between the two,
    // so compare sums over the legs and over the transfers.
    let sum = |r: &Value, list: &str, key: &str| -> f64 {
        arr(r, list).iter().map(|x| num(x, key)).sum()
    };
    for key in ["cost_usd", "co2_kg"] {
        let (a, b) = (sum(&one, "legs", key), sum(&twenty, "legs", key));
        assert!(close(20.0 * a, b), "legs {key}: 20 × {a} != {b}");
    }
    for key in ["distance_km", "duration_hours"] {
        let (a, b) = (sum(&one, "legs", key), sum(&twenty, "legs", key));
        assert!(close(a, b), "legs {key}: {a} != {b}");
    }
    let (a, b) = (
        sum(&one, "transfers", "cost_usd"),
        sum(&twenty, "transfers", "cost_usd"),
    );
    assert!(close(20.0 * a, b), "transfers: 20 × {a} != {b}");
    // Border fees are per consignment.
    assert_eq!(one["border_crossings"], twenty["border_crossings"]);
}

// ---------------------------------------------------------------------------------------------
// Exit status 1: no route
// ---------------------------------------------------------------------------------------------

#[test]
fn no_route_exits_1() {
    let err = fails(
        1,
        &[
            "--cargo",
            "container",
            "--from",
            "samandepe",
            "--to",
            "horgos_cn",
        ],
    );
    assert!(err.contains("no route from "), "{err}");
    assert!(err.contains("pipeline"), "{err}");
    let err = fails(1, &["--modes", "sea", "--from", "Xian", "--to", "Almaty"]);
    assert!(err.contains("allowing rail"), "{err}");
    let err = fails(
        1,
        &["--from", "Xian", "--to", "Mazar", "--avoid-country", "UZ"],
    );
    assert!(err.contains("not avoiding UZ"), "{err}");
    // Also in JSON mode: nothing on stdout.
    fails(
        1,
        &[
            "--modes", "sea", "--from", "Xian", "--to", "Almaty", "--format", "json",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Exit status 2: bad input
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_place_exits_2_with_suggestions() {
    let err = fails(2, &["--from", "Xain", "--to", "Baku"]);
    assert!(err.contains("unknown place 'Xain'"), "{err}");
    assert!(err.contains("did you mean"), "{err}");
    assert!(err.contains("Xi'an"), "{err}");
    let err = fails(2, &["--from", "Xian", "--to", "Bakuu"]);
    assert!(err.contains("did you mean"), "{err}");
    let err = fails(2, &["--from", "Xian", "--to", "Baku", "--avoid", "Dostykk"]);
    assert!(err.contains("did you mean"), "{err}");
}

#[test]
fn unknown_country_exits_2() {
    let err = fails(
        2,
        &["--from", "Xian", "--to", "Baku", "--avoid-country", "XX"],
    );
    assert!(err.contains("unknown country 'XX'"), "{err}");
    assert!(err.contains("KZ"), "{err}");
}

#[test]
fn unknown_option_values_exit_2() {
    for (flag, value) in [
        ("--by", "fastest-ish"),
        ("--cargo", "water"),
        ("--modes", "air"),
        ("--modes", "rail,air"),
        ("--format", "xml"),
        ("--year", "soon"),
        ("--quantity", "lots"),
    ] {
        let err = fails(2, &["--from", "Xian", "--to", "Baku", flag, value]);
        assert!(err.contains(flag), "{flag} {value}: {err}");
        assert!(
            err.contains(value.split(',').next_back().unwrap()),
            "{flag} {value}: {err}"
        );
    }
    // Missing required arguments.
    fails(2, &["--from", "Xian"]);
    fails(2, &[]);
}

#[test]
fn unusable_quantity_exits_2() {
    for q in [
        "--quantity=-1",
        "--quantity=0",
        "--quantity=NaN",
        "--quantity=inf",
        // Past what a consignment can be (CargoKind::quantity_range): 1e306 TEU once printed
        // "inf USD", 1e308 was "not connected", 1e-300 took a 15,830 km detour to save a fee.
        "--quantity=1e306",
        "--quantity=1e308",
        "--quantity=1e-300",
        "--quantity=0.5",
        "--quantity=1000001",
    ] {
        let err = fails(2, &["--from", "Xian", "--to", "Baku", q]);
        assert!(err.contains("invalid request: quantity = "), "{q}: {err}");
        assert!(
            err.contains("must be from 1 to 1000000 TEU for container cargo"),
            "{q}: {err}"
        );
    }
    // The ends of the range are consignments.
    for q in ["--quantity=1", "--quantity=1000000"] {
        let out = run(&["--from", "Xian", "--to", "Baku", q]);
        assert!(out.status.success(), "{q}");
    }
    // Spelled with a space, a negative number is still rejected with status 2.
    fails(2, &["--from", "Xian", "--to", "Baku", "--quantity", "-1"]);
}

/// BUG (examples/route.rs, the `quantity` argument has no `allow_negative_numbers`):
/// `--quantity -1` is taken by clap for an unknown flag `-1`, and the message
/// ("unexpected argument '-1' found", with a tip to write `-- -1`, which does not work either)
/// never mentions the quantity. Expected: the same "invalid request: quantity = -1" message as
/// `--quantity=-1`.
#[test]
fn negative_quantity_with_a_space_is_reported_as_a_bad_quantity() {
    let err = fails(2, &["--from", "Xian", "--to", "Baku", "--quantity", "-1"]);
    assert!(err.contains("quantity"), "{err}");
}

#[test]
fn contradictory_requests_exit_2() {
    let err = fails(2, &["--from", "Xian", "--to", "xi'an"]);
    assert!(
        err.contains("origin and destination are the same place"),
        "{err}"
    );
    let err = fails(2, &["--from", "Xian", "--to", "Baku", "--avoid", "Xian"]);
    assert!(err.contains("the origin Xi'an cannot be avoided"), "{err}");
    let err = fails(
        2,
        &["--from", "Xian", "--to", "Baku", "--avoid-country", "AZ"],
    );
    assert!(
        err.contains("the destination Baku cannot be avoided"),
        "{err}"
    );
    let err = fails(
        2,
        &[
            "--cargo",
            "natural-gas",
            "--modes",
            "rail",
            "--from",
            "samandepe",
            "--to",
            "horgos_cn",
        ],
    );
    assert!(err.contains("contradictory request"), "{err}");
}

#[test]
fn coordinates_snap_to_the_nearest_place_and_report_the_offset() {
    // 43.24,76.89 is in Almaty (place `almaty` at 43.238 N, 76.946 E in the data).
    let out = run(&[
        "--from",
        "43.24,76.89",
        "--to",
        "Tashkent",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(text(&r["from"], "id"), "almaty");
    let snap = num(&r["from"], "snap_km");
    // Geodesic 43.24,76.89 → 43.238,76.946 by GeographicLib: 4.553980 km.
    assert!((snap - 4.553980).abs() < 1e-5, "{snap}");
    assert!(r["to"].get("snap_km").is_none());
    // Out-of-range coordinates are bad input.
    let out = run(&["--from", "95.0,76.89", "--to", "Tashkent"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lat,lon"));
}

#[test]
fn worst_time_and_a_departure_time_from_the_command_line() {
    // On an average day Xi'an → Tashkent crosses at Khorgos; when the 2023 reloading queues
    // return (14 days at Khorgos against 6 at Alashankou), the worst-case route avoids it.
    let typical = json(&["--from", "Xian", "--to", "Tashkent", "--by", "time"]);
    let worst = json(&["--from", "Xian", "--to", "Tashkent", "--by", "worst-time"]);
    let path = |v: &Value| {
        arr(v, "path")
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        path(&typical).contains(&"horgos_cn".to_string()),
        "{:?}",
        path(&typical)
    );
    assert!(
        !path(&worst).contains(&"horgos_cn".to_string()),
        "{:?}",
        path(&worst)
    );
    let (t, w) = (&typical["totals"], &worst["totals"]);
    assert!(num(t, "duration_hours") <= num(w, "duration_hours"));
    assert!(num(w, "duration_worst_hours") <= num(t, "duration_worst_hours"));
    // A departure time gives arrival date-times, as RFC 3339 UTC.
    let v = json(&[
        "--from",
        "Xian",
        "--to",
        "Tashkent",
        "--by",
        "time",
        "--depart",
        "2026-12-07T08:00Z",
    ]);
    assert_eq!(text(&v, "departs_at"), "2026-12-07T08:00:00Z");
    let arrival = text(&v["arrives_at"], "typical");
    assert!(arrival.starts_with("2026-12-"), "{arrival}");
    assert!(arr(&v, "legs").iter().all(|l| l["arrives_at"].is_string()));
    // Not a date-time: bad input, exit 2, naming the argument.
    let err = fails(
        2,
        &[
            "--from",
            "Xian",
            "--to",
            "Tashkent",
            "--depart",
            "next Monday",
        ],
    );
    assert!(err.contains("--depart"), "{err}");
}

#[test]
fn options_from_the_command_line() {
    // --alternatives and --pareto print {"routes": [...]}.
    let v = json(&[
        "--from",
        "Xian",
        "--to",
        "Duisburg",
        "--by",
        "time",
        "--alternatives",
        "3",
    ]);
    let routes = arr(&v, "routes");
    assert_eq!(routes.len(), 3);
    let hours: Vec<f64> = routes
        .iter()
        .map(|r| num(&r["totals"], "duration_hours"))
        .collect();
    assert!(
        hours.windows(2).all(|w| w[0] <= w[1] * (1.0 + 1e-12)),
        "{hours:?}"
    );
    let v = json(&["--from", "Xian", "--to", "Tashkent", "--pareto"]);
    let routes = arr(&v, "routes");
    assert!(routes.len() >= 2);
    for (i, a) in routes.iter().enumerate() {
        for b in &routes[i + 1..] {
            let (at, ac) = (
                num(&a["totals"], "duration_hours"),
                num(&a["totals"], "cost_usd"),
            );
            let (bt, bc) = (
                num(&b["totals"], "duration_hours"),
                num(&b["totals"], "cost_usd"),
            );
            let dominates = |(t1, c1): (f64, f64), (t2, c2): (f64, f64)| t1 <= t2 && c1 <= c2;
            assert!(
                !dominates((at, ac), (bt, bc)) && !dominates((bt, bc), (at, ac)),
                "dominated"
            );
        }
    }
    // Text: the table of options, then the first route in full.
    let out = ok(&["--from", "Xian", "--to", "Tashkent", "--pareto"]);
    assert!(
        out.starts_with(&format!("{} options\n", routes.len())),
        "{out}"
    );
    assert!(out.contains("\nLegs\n"));
    // Vias, closures, criticality.
    let v = json(&["--from", "Xian", "--to", "Istanbul", "--via", "Baku"]);
    assert!(arr(&v, "path").iter().any(|p| p == "baku"));
    let v = json(&[
        "--from",
        "Xian",
        "--to",
        "Almaty",
        "--close-border",
        "horgos_cn",
        "--close",
        "alashankou",
    ]);
    assert!(!arr(&v, "path")
        .iter()
        .any(|p| p == "alashankou" || p == "horgos_cn"));
    let out = ok(&["--from", "Kashgar", "--to", "Tashkent", "--criticality"]);
    assert!(out.starts_with("closed alone"), "{out}");
    let err = fails(
        2,
        &[
            "--from",
            "Xian",
            "--to",
            "Duisburg",
            "--via-corridor",
            "Midle Corridor",
        ],
    );
    assert!(err.contains("unknown corridor"), "{err}");
    let err = fails(
        2,
        &["--from", "Xian", "--to", "Duisburg", "--alternatives", "0"],
    );
    assert!(err.contains("alternatives = 0"), "{err}");
}

#[test]
fn the_decision_examples_answer() {
    let run = |name: &str, args: &[&str]| {
        let o = Command::new(example_bin(name)).args(args).output().unwrap();
        (
            o.status.code(),
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        )
    };
    let (code, out, _) = run(
        "compare_corridors",
        &["--from", "Xian", "--to", "Duisburg", "--format", "json"],
    );
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(arr(&v, "corridors").len() >= 15);
    let (code, out, _) = run(
        "reachable",
        &["--from", "Almaty", "--hours", "48", "--format", "geojson"],
    );
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(text(&v, "type"), "FeatureCollection");
    let (code, _, err) = run("reachable", &["--from", "Almaty", "--hours", "-5"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("budget"), "{err}");
    let (code, out, _) = run(
        "matrix",
        &[
            "--origins",
            "Xian,Urumqi",
            "--destinations",
            "Tashkent,Baku",
            "--by",
            "time",
        ],
    );
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 5, "{out}");
    // The hierarchy gives the same table, and keeps its preparation in a file that a second
    // run loads.
    let file = std::env::temp_dir().join(format!("corridor-cli-{}.cch", std::process::id()));
    let file_arg = file.display().to_string();
    let args = |method: &'static str| -> Vec<&str> {
        vec![
            "--origins",
            "Xian,Urumqi,Kashgar",
            "--destinations",
            "Tashkent,Baku,Duisburg",
            "--by",
            "cost",
            "--method",
            method,
            "--prepared",
            file_arg.as_str(),
        ]
    };
    let (_, dijkstra, _) = run("matrix", &args("dijkstra"));
    for pass in ["prepared in", "loaded"] {
        let (code, ch, err) = run("matrix", &args("ch"));
        assert_eq!(code, Some(0), "{err}");
        assert!(err.contains(pass), "{err}");
        assert_eq!(ch, dijkstra);
    }
    let _ = std::fs::remove_file(&file);
}
