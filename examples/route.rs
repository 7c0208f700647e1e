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
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use corridor::{Cargo, CargoKind, ImportOptions, Mode, Network, Objective, RouteRequest};

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
    /// Cargo: container, bulk, crude-oil, natural-gas or oil-products.
    #[arg(long, default_value = "container")]
    cargo: CargoKind,
    /// Quantity: TEU for containers, tonnes otherwise.
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    quantity: f64,
    /// Allowed modes, comma-separated: rail,road,sea,pipeline (default: all).
    #[arg(long, value_delimiter = ',')]
    modes: Option<Vec<Mode>>,
    /// A country to avoid (ISO 3166-1 alpha-2); repeat for several.
    #[arg(long = "avoid-country")]
    avoid_country: Vec<String>,
    /// A place to avoid (id or name); repeat for several.
    #[arg(long = "avoid", allow_hyphen_values = true)]
    avoid: Vec<String>,
    /// Plan on the network as of this year (includes links expected to open by then).
    #[arg(long, allow_negative_numbers = true)]
    year: Option<i32>,
    /// A `lat,lon` coordinate may be at most KM from the place it snaps to.
    #[arg(long = "max-snap", value_name = "KM", default_value_t = corridor::DEFAULT_MAX_SNAP_KM, allow_negative_numbers = true)]
    max_snap: f64,
    /// Output: text, json or geojson.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "geojson"])]
    format: String,
    /// Route on this network instead of the built-in one: the crate's JSON, GeoJSON
    /// (.geojson, or a top-level "type"), or a place CSV (with --links); gzipped or not.
    #[arg(long)]
    network: Option<PathBuf>,
    /// The link CSV, when --network is a place CSV.
    #[arg(long, requires = "network")]
    links: Option<PathBuf>,
    /// Mode of imported links that do not say (rail, road, sea, pipeline).
    #[arg(long, default_value = "rail")]
    mode: Mode,
    /// Gauge in mm of every imported rail link that gives none (default: its countries').
    #[arg(long, value_name = "MM", requires = "network")]
    gauge: Option<u16>,
    /// Country (ISO code) of every imported place that gives none (default: from its
    /// coordinates).
    #[arg(long, value_name = "CODE", requires = "network")]
    country: Option<String>,
    /// Join pieces of the network whose nearest places are at most KM apart.
    #[arg(long, value_name = "KM", allow_negative_numbers = true)]
    heal: Option<f64>,
    /// Merge the --network with the built-in network, connecting places at most KM apart.
    #[arg(
        long,
        value_name = "KM",
        requires = "network",
        allow_negative_numbers = true
    )]
    merge: Option<f64>,
    /// With --merge, what to do with ids the file shares with the built-in network: refuse,
    /// rename, unify (the same place) or prefix:TEXT.
    #[arg(
        long = "merge-ids",
        value_name = "HOW",
        default_value = "refuse",
        requires = "merge"
    )]
    merge_ids: corridor::IdClash,
}

/// The network to route on, as the arguments ask.
fn network(args: &Args) -> Result<Network, corridor::DataError> {
    let Some(file) = &args.network else {
        return Ok(Network::central_asia());
    };
    let mut open = Network::open(file).options(ImportOptions {
        default_mode: args.mode,
        gauge_mm: args.gauge,
        country: args.country.clone(),
        ..ImportOptions::default()
    });
    if let Some(links) = &args.links {
        open = open.links(links);
    }
    if let Some(km) = args.heal {
        open = open.heal(km, args.mode);
    }
    if let Some(km) = args.merge {
        open = open
            .merge_with_builtin(km)
            .merge_ids(args.merge_ids.clone());
    }
    let opened = open.load()?;
    if args.heal.is_some() {
        eprintln!("healing: {} links added", opened.healed.len());
    }
    if args.merge.is_some() {
        eprintln!("merge: {} connecting links", opened.connectors.len());
    }
    Ok(opened.network)
}

/// A UTC date-time as `--depart` takes it.
fn utc(s: &str) -> Result<jiff::Timestamp, String> {
    s.parse().map_err(|e| {
        format!("{e}; expected a UTC date-time such as 2026-12-07T08:00Z (or with an offset, 2026-12-07T11:00+03:00)")
    })
}

fn main() -> ExitCode {
    let args = Args::parse();
    let net = match network(&args) {
        Ok(net) => net,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(e.kind().exit_code());
        }
    };
    let mut req = RouteRequest::new(&args.from, &args.to)
        .by(args.by)
        .cargo(Cargo::new(args.cargo, args.quantity));
    req.modes = args.modes;
    req.avoid_countries = args.avoid_country;
    req.avoid_places = args.avoid;
    req.year = args.year;
    req.max_snap_km = args.max_snap;
    req.depart = args.depart;

    match net.route(&req) {
        Ok(route) => {
            let text = match args.format.as_str() {
                // Serialising plain numbers and strings cannot fail.
                "json" => serde_json::to_string_pretty(&route).expect("route serialises") + "\n",
                "geojson" => route.to_geojson(&net) + "\n",
                _ => route.to_string(),
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
