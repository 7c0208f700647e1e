//! The model against published end-to-end transit times and tariffs, row by row.
//!
//! ```text
//! cargo run --release --example calibration                 # Markdown table, as in data/README.md
//! cargo run --release --example calibration -- --file my_figures.csv --cost-model my_rates.json
//! ```
//!
//! Columns: the figure's id, the case it describes, the published value, the model's typical
//! value with its best–worst range (a cost has one value), whether the model's value for the
//! figure's case fits it, and whether the published range overlaps the model's best–worst
//! range. Exit status: 0 when every row fits, 1 otherwise, 2 for bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use corridor::calibration::{Comparison, Published, TOLERANCE};
use corridor::Network;

#[derive(Parser, Debug)]
#[command(about = "Compare the built-in network's routes with published transit times and tariffs")]
struct Args {
    /// A calibration set of your own, in the layout of data/calibration.csv.
    #[arg(long)]
    file: Option<PathBuf>,
    /// A cost model of your own, as JSON (the fields of `corridor::CostModel`).
    #[arg(long, value_name = "FILE.json")]
    cost_model: Option<PathBuf>,
    /// Print the default cost model as JSON (a template for `--cost-model`) and stop.
    #[arg(long)]
    print_cost_model: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.print_cost_model {
        let model = corridor::CostModel::default();
        println!(
            "{}",
            serde_json::to_string_pretty(&model).expect("plain numbers serialise")
        );
        return ExitCode::SUCCESS;
    }
    let rows = match &args.file {
        None => Published::builtin(),
        Some(path) => {
            let read = std::fs::File::open(path)
                .map_err(|e| e.to_string())
                .and_then(|f| {
                    Published::read_csv(f, &path.display().to_string()).map_err(|e| e.to_string())
                });
            match read {
                Ok(rows) => rows,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let mut net = Network::central_asia();
    if let Some(path) = &args.cost_model {
        let model = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
            .and_then(|model| {
                net.clone()
                    .with_cost_model(model)
                    .map_err(|e| e.to_string())
            });
        match model {
            Ok(n) => net = n,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let results: Vec<Comparison> = rows.iter().map(|r| r.compare(&net)).collect();
    println!("| row | case | published | model: typical (best–worst) | case fits | in range |");
    println!("|---|---|---|---|---|---|");
    for c in &results {
        println!("{c}");
    }
    let fits = results.iter().filter(|c| c.case_fits()).count();
    let in_range = results.iter().filter(|c| c.within_range()).count();
    println!(
        "\n{fits} of {} rows fit their case and {in_range} overlap the model's best–worst range (within {:.0}% of the published figures).",
        results.len(),
        TOLERANCE * 100.0
    );
    if fits == results.len() && in_range == results.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
