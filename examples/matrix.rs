//! The best route's totals between every origin and every destination, as CSV or JSON.
//!
//! ```text
//! cargo run --release --example matrix -- --origins "Xi'an,Urumqi,Kashgar" --destinations "Tashkent,Baku,Duisburg" --by time
//! cargo run --release --example matrix -- --origins-file origins.csv --destinations-file ends.csv --format json
//! ```
//!
//! A places file has one place per line: an id, a name, or a `lat,lon` coordinate (snapped
//! to the nearest place within 50 km); a header line `place` or `lat,lon` is skipped.
//!
//! On a large network, prepare a contraction hierarchy once (`--method ch`, with a progress
//! bar; `--prepared FILE` keeps it for the next run) and ask for the objective's values only
//! (`--values-only`): every pair of 1,000 points in seconds.
//!
//! ```text
//! cargo run --release --example matrix -- --network data/osm/osm_railways_world.nodes.csv.gz \
//!     --links data/osm/osm_railways_world.edges.csv.gz --points points.csv --by distance \
//!     --method ch --prepared world.cch --values-only
//! ```
//!
//! Preparation, customization and query times go to stderr. Exit status: 0, or 2 for bad
//! input.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use std::io::Write;
use std::time::Instant;

use corridor::{Cargo, CargoKind, Matrix, Network, Objective, Planner, Prepared, RouteRequest};

#[path = "shared/network_source.rs"]
mod network_source;

#[derive(Parser, Debug)]
#[command(about = "Origin × destination matrix of best-route totals")]
struct Args {
    /// Origins, comma-separated ids or names.
    #[arg(
        long,
        value_delimiter = ',',
        required_unless_present_any = ["origins_file", "points"]
    )]
    origins: Vec<String>,
    /// Destinations, comma-separated ids or names.
    #[arg(
        long,
        value_delimiter = ',',
        required_unless_present_any = ["destinations_file", "points"]
    )]
    destinations: Vec<String>,
    /// A file of places (name, id or lat,lon per line) that are both the origins and the
    /// destinations.
    #[arg(long, conflicts_with_all = ["origins", "destinations", "origins_file", "destinations_file"])]
    points: Option<PathBuf>,
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
    /// How: dijkstra (one search per origin) or ch (a contraction hierarchy, prepared once).
    #[arg(long, default_value = "dijkstra", value_parser = ["dijkstra", "ch"])]
    method: String,
    /// With --method ch: load the prepared hierarchy from FILE, or prepare and save it there.
    #[arg(long, value_name = "FILE")]
    prepared: Option<PathBuf>,
    /// With --method ch: only the objective's value per pair (no route totals): fastest.
    #[arg(long)]
    values_only: bool,
    /// With --method ch: threads for preparation, customization and matrices (1: this thread
    /// alone; 0: every core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    #[command(flatten)]
    source: network_source::NetworkSource,
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

/// Milliseconds since `t`.
fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// The hierarchy of `net`: loaded from `file` when it holds one for this network, else
/// prepared (with a progress bar) and saved there.
fn prepared<'n>(
    net: &'n Network,
    file: Option<&PathBuf>,
    threads: usize,
) -> Result<Prepared<'n>, String> {
    let started = Instant::now();
    if let Some(path) = file.filter(|p| p.exists()) {
        match Prepared::load(net, path) {
            Ok(p) => {
                eprintln!("loaded {} in {:.1} ms", path.display(), ms(started));
                return Ok(p);
            }
            Err(e) => eprintln!("{e}; preparing again"),
        }
    }
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    let prepared = net.prepare_with(threads, &mut |p| {
        bar.set_message(format!("{:?}", p.phase));
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
    });
    bar.finish_and_clear();
    eprintln!(
        "prepared in {:.1} ms ({:.1} MB)",
        ms(started),
        prepared.memory_bytes() as f64 / 1e6
    );
    if let Some(path) = file {
        prepared.save(path).map_err(|e| e.to_string())?;
        eprintln!("saved {}", path.display());
    }
    Ok(prepared)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let net = match args.source.load() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut lists = Vec::new();
    let sources = match &args.points {
        Some(points) => vec![
            (&args.origins, Some(points)),
            (&args.destinations, Some(points)),
        ],
        None => vec![
            (&args.origins, args.origins_file.as_ref()),
            (&args.destinations, args.destinations_file.as_ref()),
        ],
    };
    for (given, file) in sources {
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
    // The template's ends only need to be a valid request: two different places.
    let first = lists[0].first();
    let second = lists[1]
        .iter()
        .find(|d| Some(*d) != first)
        .or(lists[1].first());
    let (Some(first), Some(second)) = (first, second) else {
        eprintln!("error: no origins or no destinations");
        return ExitCode::from(2);
    };
    let template = RouteRequest::new(first.as_str(), second.as_str())
        .by(args.by)
        .cargo(Cargo::new(args.cargo, 1.0));
    let fail = |e: corridor::RouteError| {
        eprintln!("error: {e}");
        ExitCode::from(e.kind().exit_code())
    };
    let size = format!("{} × {}", lists[0].len(), lists[1].len());
    let answer: Answer = if args.method == "ch" {
        let prepared = match prepared(&net, args.prepared.as_ref(), args.threads) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let started = Instant::now();
        let mut custom = match prepared.customize_with_threads(&template, args.threads) {
            Ok(c) => c,
            Err(e) => return fail(e),
        };
        eprintln!("customized for {:?} in {:.1} ms", args.by, ms(started));
        let started = Instant::now();
        let answer = if args.values_only {
            custom
                .scores(&lists[0], &lists[1], args.threads)
                .map(Answer::Values)
        } else {
            custom.matrix(&lists[0], &lists[1]).map(Answer::Totals)
        };
        eprintln!("{size} matrix in {:.1} ms", ms(started));
        match answer {
            Ok(a) => a,
            Err(e) => return fail(e),
        }
    } else {
        let started = Instant::now();
        let m = match Planner::new(&net).matrix(&lists[0], &lists[1], &template) {
            Ok(m) => m,
            Err(e) => return fail(e),
        };
        eprintln!("{size} matrix in {:.1} ms", ms(started));
        if args.values_only {
            let values = (0..m.origins.len())
                .map(|i| (0..m.destinations.len()).map(|j| m.value(i, j)).collect())
                .collect();
            Answer::Values(values)
        } else {
            Answer::Totals(m)
        }
    };
    let out = match answer {
        Answer::Totals(m) => totals_text(&m, &args.format),
        Answer::Values(v) => values_text(&net, &lists, &v, args.by, &args.format),
    };
    // A reader that stops early (`| head`) is not an error of ours.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

/// A matrix of totals, or of the objective's values only.
enum Answer {
    Totals(Matrix),
    Values(Vec<Vec<Option<f64>>>),
}

/// A matrix of totals as CSV (one row per pair) or JSON.
fn totals_text(m: &Matrix, format: &str) -> String {
    if format == "json" {
        return serde_json::to_string_pretty(m).expect("plain data") + "\n";
    }
    let mut out = String::from(
        "from,to,distance_km,duration_hours,duration_best_hours,duration_worst_hours,cost_usd,co2_kg\n",
    );
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
    out
}

/// The objective's values as CSV (one row per pair) or JSON.
fn values_text(
    net: &Network,
    lists: &[Vec<String>],
    values: &[Vec<Option<f64>>],
    by: Objective,
    format: &str,
) -> String {
    let id = |name: &String| net.place(name).map_or(name.clone(), |p| p.id().to_string());
    let (origins, destinations): (Vec<String>, Vec<String>) = (
        lists[0].iter().map(id).collect(),
        lists[1].iter().map(id).collect(),
    );
    if format == "json" {
        let doc = serde_json::json!({
            "origins": origins,
            "destinations": destinations,
            "objective": by,
            "values": values,
        });
        return serde_json::to_string_pretty(&doc).expect("plain data") + "\n";
    }
    let mut out = format!("from,to,{by}\n");
    for (i, from) in origins.iter().enumerate() {
        for (j, to) in destinations.iter().enumerate() {
            match values[i][j] {
                Some(v) => out.push_str(&format!("{from},{to},{v:.3}\n")),
                None => out.push_str(&format!("{from},{to},\n")),
            }
        }
    }
    out
}
