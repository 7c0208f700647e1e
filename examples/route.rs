//! Plan a freight route on the built-in network from the terminal.
//!
//! ```text
//! cargo run --release --example route -- --from "Xi'an" --to Baku
//! cargo run --release --example route -- --from Kashgar --to Tashkent --modes road --by distance
//! cargo run --release --example route -- --from Xian --to Duisburg --avoid-country RU --format json
//! cargo run --release --example route -- --from Xian --to Constanta --by worst-time \
//!     --depart 2026-12-07T08:00Z
//! ```
//!
//! On your own network (GeoJSON, the crate's JSON, or two CSV files), optionally healed or
//! merged with the built-in one; PLACE may be a `lat,lon` coordinate:
//!
//! ```text
//! cargo run --release --example route -- --network data/osm/osm_railways_central_asia.geojson \
//!     --from 43.24,76.89 --to 41.30,69.24 --by distance --format geojson > route.geojson
//! cargo run --release --example route -- --network data/osm/osm_railways_world.nodes.csv.gz \
//!     --links data/osm/osm_railways_world.edges.csv.gz --from 52.52,13.40 --to 39.90,116.40
//! ```
//!
//! Exit status: 0 with a route, 1 when no route exists, 2 for bad input.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

#[path = "shared/network_source.rs"]
mod network_source;
#[path = "shared/shipment.rs"]
mod shipment;
use corridor::{Objective, RouteRequest};

#[derive(Parser, Debug)]
#[command(about = "Plan a freight route across the China–Central Asia–Europe corridors")]
struct Args {
    /// Origin: a place id or name (case-insensitive; alternate spellings accepted), or a
    /// `lat,lon` coordinate.
    #[arg(long, allow_hyphen_values = true)]
    from: String,
    /// Destination: a place id or name, or a `lat,lon` coordinate.
    #[arg(long, allow_hyphen_values = true)]
    to: String,
    /// What to minimise: distance, time (typical hours), worst-time (hours in published
    /// congestion: the most reliable route), cost or co2.
    #[arg(long, default_value = "cost")]
    by: Objective,
    /// Leave at this UTC date-time, e.g. 2026-12-07T08:00Z: timetabled services are boarded
    /// at their next departure and arrival dates are reported.
    #[arg(long, value_name = "DATETIME", value_parser = utc)]
    depart: Option<jiff::Timestamp>,
    #[command(flatten)]
    shipment: shipment::Shipment,
    /// A country to avoid (ISO 3166-1 alpha-2); repeat for several.
    #[arg(long = "avoid-country")]
    avoid_country: Vec<String>,
    /// A place to avoid (id or name); repeat for several.
    #[arg(long = "avoid", allow_hyphen_values = true)]
    avoid: Vec<String>,
    /// Up to K alternative routes, best first (loopless, different from each other).
    #[arg(long, value_name = "K")]
    alternatives: Option<usize>,
    /// With --alternatives: keep only routes sharing at most this fraction of their length
    /// with a better one (0..1).
    #[arg(
        long,
        value_name = "X",
        default_value_t = 1.0,
        requires = "alternatives",
        allow_negative_numbers = true
    )]
    diverse: f64,
    /// Every route not beaten on typical time and cost at once (the Pareto frontier), fastest
    /// first.
    #[arg(long, conflicts_with = "alternatives")]
    pareto: bool,
    /// Rank the links, border posts and corridors of the best route by how much closing each
    /// alone worsens it.
    #[arg(long, conflicts_with_all = ["alternatives", "pareto"])]
    criticality: bool,
    /// A place to pass, in order; repeat for several.
    #[arg(long = "via", allow_hyphen_values = true)]
    via: Vec<String>,
    /// A corridor (id or name) the route must use a link of; repeat for several.
    #[arg(long = "via-corridor")]
    via_corridor: Vec<String>,
    /// A corridor none of whose links the route may use; repeat for several.
    #[arg(long = "avoid-corridor")]
    avoid_corridor: Vec<String>,
    /// Close a place, or a link by its id (a what-if); repeat for several.
    #[arg(long = "close", allow_hyphen_values = true)]
    close: Vec<String>,
    /// Close the border post of a place (no border crossing there); repeat for several.
    #[arg(long = "close-border", allow_hyphen_values = true)]
    close_border: Vec<String>,
    /// Plan on the network as of this year (includes links expected to open by then).
    #[arg(long, allow_negative_numbers = true)]
    year: Option<i32>,
    /// A `lat,lon` coordinate may be at most KM from the place it snaps to.
    #[arg(long = "max-snap", value_name = "KM", default_value_t = corridor::DEFAULT_MAX_SNAP_KM, allow_negative_numbers = true)]
    max_snap: f64,
    /// Output: text, json or geojson.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "geojson"])]
    format: String,
    #[command(flatten)]
    source: network_source::NetworkSource,
}

/// A UTC date-time as `--depart` takes it.
fn utc(s: &str) -> Result<jiff::Timestamp, String> {
    s.parse().map_err(|e| {
        format!("{e}; expected a UTC date-time such as 2026-12-07T08:00Z (or with an offset, 2026-12-07T11:00+03:00)")
    })
}

fn main() -> ExitCode {
    let args = Args::parse();
    let net = match args.source.load() {
        Ok(net) => net,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(e.kind().exit_code());
        }
    };
    let req = RouteRequest::new(&args.from, &args.to).by(args.by);
    let mut req = args.shipment.apply(req);
    req.avoid_countries = args.avoid_country;
    req.avoid_places = args.avoid;
    req.year = args.year;
    req.max_snap_km = args.max_snap;
    req.depart = args.depart;
    req.via = args.via;
    req.via_corridors = args.via_corridor;
    req.avoid_corridors = args.avoid_corridor;
    req.closed.borders = args.close_border;
    // `--close` takes a place or a link id: a link id that exists is a link.
    for name in args.close {
        if net.link_by_id(&name).is_some() {
            req.closed.links.push(name);
        } else if let Err(e) = net.place(&name) {
            eprintln!("error: --close {name}: neither a link id nor a place ({e})");
            return ExitCode::from(2);
        } else {
            req.closed.places.push(name);
        }
    }

    let mut planner = corridor::Planner::new(&net);
    if args.criticality {
        return criticality(&mut planner, &req, &args.format);
    }
    let several = args.alternatives.is_some() || args.pareto;
    let answer = if args.pareto {
        let criteria = [corridor::Criterion::Time, corridor::Criterion::Cost];
        planner.pareto(&req, &criteria).map(|f| {
            if f.truncated {
                eprintln!(
                    "note: the frontier search hit its label cap; some routes may be missing"
                );
            }
            f.routes
        })
    } else if let Some(k) = args.alternatives {
        planner.alternatives_diverse(&req, k, args.diverse)
    } else {
        planner.route(&req).map(|r| vec![r])
    };
    match answer {
        Ok(routes) => {
            let text = match (args.format.as_str(), several) {
                // Serialising plain numbers and strings cannot fail.
                ("json", false) => {
                    serde_json::to_string_pretty(&routes[0]).expect("route serialises") + "\n"
                }
                ("json", true) => {
                    let all = serde_json::json!({ "routes": routes });
                    serde_json::to_string_pretty(&all).expect("routes serialise") + "\n"
                }
                ("geojson", _) => routes[0].to_geojson(&net) + "\n",
                (_, false) => routes[0].to_string(),
                (_, true) => options_table(&routes) + "\n" + &routes[0].to_string(),
            };
            // A reader that stops early (`| head`) is not an error of ours.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.kind().exit_code())
        }
    }
}

/// `--criticality`: the ranking as a table or JSON.
fn criticality(planner: &mut corridor::Planner, req: &RouteRequest, format: &str) -> ExitCode {
    let ranked = match planner.criticality(req) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(e.kind().exit_code());
        }
    };
    let mut out = String::new();
    if format == "json" {
        let all = serde_json::json!({ "criticality": ranked });
        out = serde_json::to_string_pretty(&all).expect("plain data serialises") + "\n";
    } else {
        out.push_str(&format!(
            "{:<40} {:>14}  replacement\n",
            "closed alone", "worse by"
        ));
        for c in &ranked {
            let what = match &c.piece {
                corridor::RoutePart::Link(id) => format!("link {id}"),
                corridor::RoutePart::BorderPost(p) => format!("border post {p}"),
                corridor::RoutePart::Corridor(id) => format!("corridor {id}"),
            };
            let (worse, repl) = match (&c.worsening, &c.replacement) {
                (Some(w), Some(r)) => (
                    format!("{w:.1}"),
                    format!(
                        "{} km, {}, {:.0} USD",
                        r.totals.distance_km.round(),
                        r.totals.duration(),
                        r.totals.cost_usd
                    ),
                ),
                _ => ("disconnects".to_string(), String::new()),
            };
            out.push_str(&format!("{what:<40} {worse:>14}  {repl}\n"));
        }
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

/// One line per route: its totals and the countries it passes.
fn options_table(routes: &[corridor::Route]) -> String {
    let mut out = format!(
        "{} options\n  {:<2} {:>7} {:>28} {:>7} {:>7}  countries\n",
        routes.len(),
        "#",
        "km",
        "time, typical (best–worst)",
        "USD",
        "kg CO2"
    );
    for (i, r) in routes.iter().enumerate() {
        let t = &r.totals;
        out.push_str(&format!(
            "  {:<2} {:>7.0} {:>28} {:>7.0} {:>7.0}  {}\n",
            i + 1,
            t.distance_km,
            t.duration().to_string(),
            t.cost_usd,
            t.co2_kg,
            r.countries.join(" → ")
        ));
    }
    out
}
