//! Diagnose a network file: size, connected pieces, single points of failure (bridges and
//! articulation points), pieces split by one-way links, suspicious links.
//!
//! ```text
//! cargo run --release --example network_report -- data/osm/osm_railways_central_asia.geojson
//! cargo run --release --example network_report -- PLACES.csv --links LINKS.csv --format json
//! cargo run --release --example network_report -- FILE.geojson --heal 20
//! cargo run --release --example network_report -- PLACES.csv --links LINKS.csv --check-only
//! ```
//!
//! Without a file it reports on the built-in network. A file that cannot be loaded gets every
//! problem in it listed, and exit status 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use corridor::{ImportOptions, Mode, Network};

#[derive(Parser, Debug)]
#[command(about = "Diagnose a freight network file")]
struct Args {
    /// The network: the crate's JSON, GeoJSON, or a place CSV (with --links); gzipped or not.
    file: Option<PathBuf>,
    /// The link CSV, when FILE is a place CSV.
    #[arg(long)]
    links: Option<PathBuf>,
    /// Mode of imported links that do not say (rail, road, sea, pipeline).
    #[arg(long, default_value = "rail")]
    mode: Mode,
    /// Gauge in mm of every imported rail link that gives none (default: its countries').
    #[arg(long, value_name = "MM")]
    gauge: Option<u16>,
    /// Country (ISO code) of every imported place that gives none (default: from its
    /// coordinates).
    #[arg(long, value_name = "CODE")]
    country: Option<String>,
    /// Flag links at least this many times longer than the straight line between their ends.
    #[arg(long, default_value_t = 3.0, allow_negative_numbers = true)]
    stretch: f64,
    /// Also join pieces whose nearest places are at most this many km apart, and report again.
    #[arg(long, allow_negative_numbers = true)]
    heal: Option<f64>,
    /// Output: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Only load and check the file: print its size and how long loading took, no report.
    #[arg(long)]
    check_only: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = std::time::Instant::now();
    let net = match &args.file {
        None => Network::central_asia(),
        Some(file) => {
            let mut open = Network::open(file).options(ImportOptions {
                default_mode: args.mode,
                gauge_mm: args.gauge,
                country: args.country.clone(),
                ..ImportOptions::default()
            });
            if let Some(links) = &args.links {
                open = open.links(links);
            }
            // Every problem of the file, not only the first.
            match open.check() {
                Ok(opened) => opened.network,
                Err(problems) => {
                    eprintln!("error: {problems}");
                    return ExitCode::from(corridor::ErrorKind::BadInput.exit_code());
                }
            }
        }
    };
    if args.check_only {
        println!(
            "{}: {} places, {} links, loaded and checked in {:.3} s",
            net.source_name(),
            net.places().len(),
            net.links().len(),
            started.elapsed().as_secs_f64()
        );
        return ExitCode::SUCCESS;
    }
    let report = |net: &Network| net.report_with(args.stretch);
    let mut reports = match report(&net) {
        Ok(r) => vec![r],
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(e.kind().exit_code());
        }
    };
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
                // The threshold was checked on the first report.
                reports.extend(report(&healed).ok());
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(e.kind().exit_code());
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
