//! Diagnose a network file: size, connected pieces, suspicious links.
//!
//! ```text
//! cargo run --release --example network_report -- data/osm/osm_railways_central_asia.geojson
//! cargo run --release --example network_report -- PLACES.csv --links LINKS.csv --format json
//! cargo run --release --example network_report -- FILE.geojson --heal 20
//! ```
//!
//! Without a file it reports on the built-in network. Exit status 2 for a file that cannot
//! be loaded.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use corridor::{ImportOptions, Mode, Network};

#[derive(Parser, Debug)]
#[command(about = "Diagnose a freight network file")]
struct Args {
    /// The network: the crate's JSON, GeoJSON, or a place CSV (with --links).
    file: Option<PathBuf>,
    /// The link CSV, when FILE is a place CSV.
    #[arg(long)]
    links: Option<PathBuf>,
    /// Mode of imported links that do not say (rail, road, sea, pipeline).
    #[arg(long, default_value = "rail")]
    mode: Mode,
    /// Flag links at least this many times longer than the straight line between their ends.
    #[arg(long, default_value_t = 3.0)]
    stretch: f64,
    /// Also join pieces whose nearest places are at most this many km apart, and report again.
    #[arg(long)]
    heal: Option<f64>,
    /// Output: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let opts = ImportOptions {
        default_mode: args.mode,
        ..ImportOptions::default()
    };
    let net = match &args.file {
        None => Network::central_asia(),
        Some(file) => match Network::load(file, args.links.as_deref(), &opts) {
            Ok(net) => net,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let mut reports = vec![net.report_with(args.stretch)];
    if let Some(km) = args.heal {
        match net.heal(km, args.mode) {
            Ok((healed, added)) => {
                eprintln!("healing: {} links added (gaps up to {km} km)", added.len());
                for l in &added {
                    eprintln!(
                        "  {} – {}: {:.3} km",
                        l.from,
                        l.to,
                        l.length_km.as_ref().map_or(0.0, |s| s.value)
                    );
                }
                reports.push(healed.report_with(args.stretch));
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    for r in &reports {
        if args.format == "json" {
            // Plain numbers and strings always serialise.
            println!(
                "{}",
                serde_json::to_string_pretty(r).expect("report serialises")
            );
        } else {
            println!("{r}");
        }
    }
    ExitCode::SUCCESS
}
