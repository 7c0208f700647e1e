//! Plan a freight route on the built-in network from the terminal.
//!
//! ```text
//! cargo run --release --example route -- --from "Xi'an" --to Baku
//! cargo run --release --example route -- --from Kashgar --to Tashkent --modes road --by distance
//! cargo run --release --example route -- --from Xian --to Duisburg --avoid-country RU --format json
//! ```
//!
//! On your own network (GeoJSON, the crate's JSON, or two CSV files), optionally healed or
//! merged with the built-in one; PLACE may be a `lat,lon` coordinate:
//!
//! ```text
//! cargo run --release --example route -- --network data/osm/osm_railways_central_asia.geojson \
//!     --from 43.24,76.89 --to 41.30,69.24 --by distance --format geojson > route.geojson
//! ```
//!
//! Exit status: 0 with a route, 1 when no route exists, 2 for bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use corridor::{
    Cargo, CargoKind, ImportOptions, Mode, Network, Objective, Route, RouteError, RouteRequest,
};

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
    /// Output: text, json or geojson.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "geojson"])]
    format: String,
    /// Route on this network instead of the built-in one: the crate's JSON, GeoJSON
    /// (.geojson), or a place CSV (with --links).
    #[arg(long)]
    network: Option<PathBuf>,
    /// The link CSV, when --network is a place CSV.
    #[arg(long, requires = "network")]
    links: Option<PathBuf>,
    /// Mode of imported links that do not say (rail, road, sea, pipeline).
    #[arg(long, default_value = "rail")]
    mode: Mode,
    /// Join pieces of the network whose nearest places are at most KM apart.
    #[arg(long, value_name = "KM")]
    heal: Option<f64>,
    /// Merge the --network with the built-in network, connecting places at most KM apart.
    #[arg(long, value_name = "KM", requires = "network")]
    merge: Option<f64>,
}

/// The network to route on, as the arguments ask.
fn network(args: &Args) -> Result<Network, corridor::DataError> {
    let Some(file) = &args.network else {
        return Ok(Network::central_asia());
    };
    let opts = ImportOptions {
        default_mode: args.mode,
        ..ImportOptions::default()
    };
    let mut net = Network::load(file, args.links.as_deref(), &opts)?;
    if let Some(km) = args.heal {
        let (healed, added) = net.heal(km, args.mode)?;
        eprintln!("healing: {} links added", added.len());
        net = healed;
    }
    if let Some(km) = args.merge {
        let (merged, connectors) = Network::central_asia().merge(&net, km)?;
        eprintln!("merge: {} connecting links", connectors.len());
        net = merged;
    }
    Ok(net)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let net = match network(&args) {
        Ok(net) => net,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
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
            } else if args.format == "geojson" {
                println!("{}", route.to_geojson(&net));
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
    for (end, e) in [("from", &r.from), ("to", &r.to)] {
        if let Some(km) = e.snap_km {
            let _ = writeln!(
                s,
                "({end}: the coordinate snapped to {}, {km:.1} km away)",
                e.name
            );
        }
    }
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
    if r.countries.is_empty() {
        let _ = writeln!(s, "Countries: unknown (the network gives none)");
    } else {
        let _ = writeln!(s, "Countries: {}", r.countries.join(" → "));
    }
    let path: Vec<&str> = r.path.iter().map(|p| name(net, p)).collect();
    // Imported networks have a place every few km: show the two ends of long paths.
    if path.len() > 30 {
        let _ = writeln!(
            s,
            "Path ({} places): {} → … → {}",
            path.len(),
            path[..10].join(" → "),
            path[path.len() - 10..].join(" → ")
        );
    } else {
        let _ = writeln!(s, "Path: {}", path.join(" → "));
    }
    s
}
