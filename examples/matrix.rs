//! The best route's totals between every origin and every destination, as CSV or JSON.
//!
//! ```text
//! cargo run --release --example matrix -- --origins "Xi'an,Urumqi,Kashgar" --destinations "Tashkent,Baku,Duisburg" --by time
//! cargo run --release --example matrix -- --origins-file origins.csv --destinations-file ends.csv --format json
//! ```
//!
//! A places file has one place per line: an id, a name, or a `lat,lon` coordinate (snapped
//! to the nearest place within 50 km); a header line `place` or `lat,lon` is skipped.
//! Exit status: 0, or 2 for bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use std::io::Write;

use corridor::{Cargo, CargoKind, Network, Objective, Planner, RouteRequest};

#[derive(Parser, Debug)]
#[command(about = "Origin × destination matrix of best-route totals on the built-in network")]
struct Args {
    /// Origins, comma-separated ids or names.
    #[arg(long, value_delimiter = ',', required_unless_present = "origins_file")]
    origins: Vec<String>,
    /// Destinations, comma-separated ids or names.
    #[arg(
        long,
        value_delimiter = ',',
        required_unless_present = "destinations_file"
    )]
    destinations: Vec<String>,
    /// A file of origins, one per line (name, id or lat,lon).
    #[arg(long)]
    origins_file: Option<PathBuf>,
    /// A file of destinations, one per line.
    #[arg(long)]
    destinations_file: Option<PathBuf>,
    /// What to minimise: distance, time, worst-time, cost or co2.
    #[arg(long, default_value = "cost")]
    by: Objective,
    /// Cargo: container, bulk, crude-oil, natural-gas or oil-products.
    #[arg(long, default_value = "container")]
    cargo: CargoKind,
    /// Output: csv (one row per pair) or json.
    #[arg(long, default_value = "csv", value_parser = ["csv", "json"])]
    format: String,
}

/// Place ids from a file of names, ids or `lat,lon` lines (snapped).
fn read_places(net: &Network, path: &PathBuf) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_matches('"');
        if line.is_empty() || (i == 0 && (line == "place" || line == "lat,lon")) {
            continue;
        }
        let at = |e: corridor::RouteError| format!("{} line {}: {e}", path.display(), i + 1);
        let coordinate = line.split_once(',').and_then(|(a, b)| {
            Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?))
        });
        let id = match coordinate {
            Some((lat, lon)) => {
                let (place, km) = net.nearest_place(lon, lat).map_err(at)?;
                if km > corridor::DEFAULT_MAX_SNAP_KM {
                    return Err(format!(
                        "{} line {}: {line} is {km:.0} km from the nearest place, {} (at most {} km)",
                        path.display(),
                        i + 1,
                        place.name(),
                        corridor::DEFAULT_MAX_SNAP_KM
                    ));
                }
                place.id().to_string()
            }
            None => net.place(line).map_err(at)?.id().to_string(),
        };
        out.push(id);
    }
    Ok(out)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let net = Network::central_asia();
    let mut lists = Vec::new();
    for (given, file) in [
        (&args.origins, &args.origins_file),
        (&args.destinations, &args.destinations_file),
    ] {
        let list = match file {
            Some(path) => match read_places(&net, path) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            },
            None => given.clone(),
        };
        lists.push(list);
    }
    let template = RouteRequest::new("xian", "duisburg")
        .by(args.by)
        .cargo(Cargo::new(args.cargo, 1.0));
    let started = std::time::Instant::now();
    let m = match Planner::new(&net).matrix(&lists[0], &lists[1], &template) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(e.kind().exit_code());
        }
    };
    eprintln!(
        "{} × {} matrix in {:.1} ms",
        m.origins.len(),
        m.destinations.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let mut out = String::new();
    if args.format == "json" {
        out = serde_json::to_string_pretty(&m).expect("plain data") + "\n";
    } else {
        out.push_str("from,to,distance_km,duration_hours,duration_best_hours,duration_worst_hours,cost_usd,co2_kg\n");
        for (i, from) in m.origins.iter().enumerate() {
            for (j, to) in m.destinations.iter().enumerate() {
                out.push_str(&match &m.cells[i][j] {
                    Some(t) => format!(
                        "{from},{to},{:.1},{:.2},{:.2},{:.2},{:.2},{:.1}\n",
                        t.distance_km,
                        t.duration_hours,
                        t.duration_best_hours,
                        t.duration_worst_hours,
                        t.cost_usd,
                        t.co2_kg
                    ),
                    None => format!("{from},{to},,,,,,\n"),
                });
            }
        }
    }
    // A reader that stops early (`| head`) is not an error of ours.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::SUCCESS
}
