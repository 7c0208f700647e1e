//! Compare the corridors for one trip: the best route through each, or why it cannot serve.
//!
//! ```text
//! cargo run --release --example compare_corridors -- --from "Xi'an" --to Duisburg --by time
//! cargo run --release --example compare_corridors -- --from Xian --to Duisburg --format json
//! ```
//!
//! Exit status: 0 with at least one usable corridor, 1 with none, 2 for bad input.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

#[path = "shared/shipment.rs"]
mod shipment;
use corridor::{Network, Objective, Planner, RouteRequest};

#[derive(Parser, Debug)]
#[command(about = "The best route through each corridor of the built-in network")]
struct Args {
    /// Origin: a place id or name.
    #[arg(long)]
    from: String,
    /// Destination: a place id or name.
    #[arg(long)]
    to: String,
    /// What to minimise: distance, time, worst-time, cost or co2.
    #[arg(long, default_value = "cost")]
    by: Objective,
    #[command(flatten)]
    shipment: shipment::Shipment,
    /// A country to avoid; repeat for several.
    #[arg(long = "avoid-country")]
    avoid_country: Vec<String>,
    /// Output: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let net = Network::central_asia();
    let req = RouteRequest::new(&args.from, &args.to).by(args.by);
    let mut req = args.shipment.apply(req);
    req.avoid_countries = args.avoid_country;
    let options = match Planner::new(&net).compare_corridors(&req) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(e.kind().exit_code());
        }
    };
    let mut out = String::new();
    if args.format == "json" {
        let all = serde_json::json!({ "corridors": options });
        out = serde_json::to_string_pretty(&all).expect("plain data serialises") + "\n";
    } else {
        out.push_str(&format!(
            "{:<18} {:>7} {:>28} {:>7} {:>7} {:>7} {:>9}  countries\n",
            "corridor", "km", "time, typical (best–worst)", "USD", "kg CO2", "borders", "transfers"
        ));
        for o in &options {
            match &o.route {
                Ok(r) => {
                    let t = &r.totals;
                    out.push_str(&format!(
                        "{:<18} {:>7.0} {:>28} {:>7.0} {:>7.0} {:>7} {:>9}  {}\n",
                        o.corridor,
                        t.distance_km,
                        t.duration().to_string(),
                        t.cost_usd,
                        t.co2_kg,
                        r.border_crossings.len(),
                        r.transfers.len(),
                        r.countries.join(" → ")
                    ));
                }
                Err(why) => out.push_str(&format!("{:<18} cannot: {why}\n", o.corridor)),
            }
        }
    }
    // A reader that stops early (`| head`) is not an error of ours.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if options.iter().any(|o| o.route.is_ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
