//! Every place within a budget of hours, USD or km from an origin.
//!
//! ```text
//! cargo run --release --example reachable -- --from Almaty --hours 72
//! cargo run --release --example reachable -- --from Urumqi --usd 1500 --format geojson > reach.geojson
//! ```
//!
//! Exit status: 0, or 2 for bad input.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

#[path = "shared/shipment.rs"]
mod shipment;
use corridor::{Budget, Network, Planner, RouteRequest};

#[derive(Parser, Debug)]
#[command(about = "Places within a budget of an origin on the built-in network")]
struct Args {
    /// Origin: a place id or name.
    #[arg(long)]
    from: String,
    /// Budget in typical hours.
    #[arg(long, conflicts_with_all = ["usd", "km"], allow_negative_numbers = true)]
    hours: Option<f64>,
    /// Budget in USD.
    #[arg(long, conflicts_with = "km", allow_negative_numbers = true)]
    usd: Option<f64>,
    /// Budget in km.
    #[arg(long, allow_negative_numbers = true)]
    km: Option<f64>,
    #[command(flatten)]
    shipment: shipment::Shipment,
    /// Output: text, json or geojson (points and the outline).
    #[arg(long, default_value = "text", value_parser = ["text", "json", "geojson"])]
    format: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let budget = match (args.hours, args.usd, args.km) {
        (Some(h), _, _) => Budget::Hours(h),
        (_, Some(u), _) => Budget::Usd(u),
        (_, _, Some(k)) => Budget::Km(k),
        _ => {
            eprintln!("error: give a budget: --hours, --usd or --km");
            return ExitCode::from(2);
        }
    };
    let net = Network::central_asia();
    let template = args
        .shipment
        .apply(RouteRequest::new(&args.from, &args.from));
    let reach = match Planner::new(&net).reachable(&args.from, budget, &template) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(e.kind().exit_code());
        }
    };
    let out = match args.format.as_str() {
        "json" => serde_json::to_string_pretty(&reach).expect("plain data") + "\n",
        "geojson" => reach.to_geojson() + "\n",
        _ => {
            let mut out = format!(
                "{} places within {budget:?} of {}\n",
                reach.places.len(),
                reach.origin
            );
            for p in &reach.places {
                out.push_str(&format!(
                    "  {:<40} {:>10.1}  via {}\n",
                    p.name,
                    p.value,
                    p.predecessor.as_deref().unwrap_or("—")
                ));
            }
            out
        }
    };
    // A reader that stops early (`| head`) is not an error of ours.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::SUCCESS
}
