//! Plan a freight route on the built-in network from the terminal.
//!
//! ```text
//! cargo run --release --example route -- --from "Xi'an" --to Baku
//! cargo run --release --example route -- --from Kashgar --to Tashkent --modes road --by distance
//! cargo run --release --example route -- --from Xian --to Duisburg --avoid-country RU --format json
//! ```
//!
//! Exit status: 0 with a route, 1 when no route exists, 2 for bad input.

use std::process::ExitCode;

use clap::Parser;
use corridor::{Cargo, CargoKind, Mode, Network, Objective, Route, RouteError, RouteRequest};

#[derive(Parser, Debug)]
#[command(about = "Plan a freight route across the China–Central Asia–Europe corridors")]
struct Args {
    /// Origin: a place id or name (case-insensitive; alternate spellings accepted).
    #[arg(long)]
    from: String,
    /// Destination: a place id or name.
    #[arg(long)]
    to: String,
    /// What to minimise: distance, time, cost or co2.
    #[arg(long, default_value = "cost")]
    by: Objective,
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
    #[arg(long = "avoid")]
    avoid: Vec<String>,
    /// Plan on the network as of this year (includes links expected to open by then).
    #[arg(long)]
    year: Option<i32>,
    /// Output: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let net = Network::central_asia();
    let mut req = RouteRequest::new(&args.from, &args.to)
        .by(args.by)
        .cargo(Cargo::new(args.cargo, args.quantity));
    req.modes = args.modes;
    req.avoid_countries = args.avoid_country;
    req.avoid_places = args.avoid;
    req.year = args.year;

    match net.route(&req) {
        Ok(route) => {
            if args.format == "json" {
                // Serialising plain numbers and strings cannot fail.
                println!(
                    "{}",
                    serde_json::to_string_pretty(&route).expect("route serialises")
                );
            } else {
                print!("{}", render_text(&net, &route));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                RouteError::NoRoute { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

fn name<'a>(net: &'a Network, id: &'a str) -> &'a str {
    net.place_by_id(id).map_or(id, |p| p.name.as_str())
}

fn describe(objective: &Objective) -> String {
    match objective {
        Objective::Distance => "shortest".into(),
        Objective::Time => "fastest".into(),
        Objective::Cost => "cheapest".into(),
        Objective::Co2 => "lowest-CO2".into(),
        other => other.to_string(),
    }
}

fn render_text(net: &Network, r: &Route) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} → {}: {} route for {} {} of {}\n",
        name(net, &r.from.id),
        name(net, &r.to.id),
        describe(&r.objective),
        r.cargo.quantity,
        r.cargo.kind.unit(),
        r.cargo.kind
    );
    // Column width for place names, so long port names keep the table aligned.
    let w = r
        .legs
        .iter()
        .flat_map(|l| [name(net, &l.from), name(net, &l.to)])
        .chain(r.transfers.iter().map(|t| name(net, &t.place)))
        .chain(r.border_crossings.iter().map(|b| name(net, &b.place)))
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        s,
        "Legs\n  {:<2} {:<15} {:<w$}   {:<w$} {:>7} {:>7} {:>7} {:>7}",
        "#", "carrier", "from", "to", "km", "hours", "USD", "kg CO2"
    );
    for (i, l) in r.legs.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {:<2} {:<15} {:<w$} → {:<w$} {:>7.0} {:>7.1} {:>7.0} {:>7.0}",
            i + 1,
            l.carrier.to_string(),
            name(net, &l.from),
            name(net, &l.to),
            l.measures.distance_km,
            l.measures.duration_hours,
            l.measures.cost_usd,
            l.measures.co2_kg,
        );
        if l.estimated_km > 0.0 {
            let _ = writeln!(
                s,
                "     estimate: {:.0} of the {:.0} km are geodesic × circuity, not published",
                l.estimated_km, l.measures.distance_km
            );
        }
        for c in &l.corridors {
            let _ = writeln!(s, "     corridor: {c}");
        }
    }
    if !r.transfers.is_empty() {
        let _ = writeln!(s, "\nTransfers");
        for t in &r.transfers {
            let _ = writeln!(
                s,
                "  {:<w$}  {:<34} {:>6.1} h {:>6.0} USD",
                name(net, &t.place),
                format!("{} → {}", t.from_mode, t.to_mode),
                t.hours,
                t.cost_usd
            );
        }
    }
    if !r.border_crossings.is_empty() {
        let _ = writeln!(s, "\nBorder crossings");
        for b in &r.border_crossings {
            let countries = match &b.post {
                Some(post) => format!("{} → {} ({post})", b.from_country, b.to_country),
                None => format!("{} → {}", b.from_country, b.to_country),
            };
            let _ = writeln!(
                s,
                "  {:<w$}  {:<34} {:>6.1} h {:>6.0} USD",
                name(net, &b.place),
                countries,
                b.hours,
                b.cost_usd
            );
        }
    }
    let t = &r.totals;
    let _ = writeln!(
        s,
        "\nTotal: {:.0} km, {:.1} h ({:.1} days), {:.0} USD, {:.0} kg CO2",
        t.distance_km,
        t.duration_hours,
        t.duration_hours / 24.0,
        t.cost_usd,
        t.co2_kg
    );
    let _ = writeln!(s, "Countries: {}", r.countries.join(" → "));
    let path: Vec<&str> = r.path.iter().map(|p| name(net, p)).collect();
    let _ = writeln!(s, "Path: {}", path.join(" → "));
    s
}
