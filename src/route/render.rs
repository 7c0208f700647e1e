//! A route as text for people: the table the `route` example prints.

use std::fmt;

use super::Route;

/// The route as the `route` example prints it: a heading, the legs (with estimates and
/// corridors), transfers, border crossings, totals, countries and the path of place names.
///
/// # Example
/// ```
/// use corridor::{Network, RouteRequest};
///
/// let net = Network::central_asia();
/// let route = net.route(&RouteRequest::new("Xi'an", "Almaty"))?;
/// let text = route.to_string();
/// assert!(text.starts_with("Xi'an → Almaty: cheapest route for 1 TEU of container"));
/// assert!(text.contains("\nTransfers\n"));
/// # Ok::<(), corridor::RouteError>(())
/// ```
impl fmt::Display for Route {
    fn fmt(&self, s: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self;
        for (end, e) in [("from", &r.from), ("to", &r.to)] {
            if let Some(km) = e.snap_km {
                writeln!(
                    s,
                    "({end}: the coordinate snapped to {}, {km:.1} km away)",
                    e.name
                )?;
            }
        }
        writeln!(
            s,
            "{} → {}: {} route for {} {} of {}\n",
            r.from.name,
            r.to.name,
            r.objective.adjective(),
            r.cargo.quantity,
            r.cargo.kind.unit(),
            r.cargo.kind
        )?;
        // Column widths for place names, so long port names keep the tables aligned: one for
        // the legs, one for the transfers and border crossings below them.
        let width = |names: &mut dyn Iterator<Item = &str>| {
            names.map(|n| n.chars().count()).max().unwrap_or(4).max(4)
        };
        let w = width(
            &mut r
                .legs
                .iter()
                .flat_map(|l| [l.from_name.as_str(), l.to_name.as_str()]),
        );
        let wp = width(
            &mut r
                .transfers
                .iter()
                .map(|t| t.place_name.as_str())
                .chain(r.border_crossings.iter().map(|b| b.place_name.as_str())),
        );
        writeln!(
            s,
            "Legs\n  {:<2} {:<15} {:<w$}   {:<w$} {:>7} {:>7} {:>7} {:>7}",
            "#", "carrier", "from", "to", "km", "hours", "USD", "kg CO2"
        )?;
        for (i, l) in r.legs.iter().enumerate() {
            writeln!(
                s,
                "  {:<2} {:<15} {:<w$} → {:<w$} {:>7.0} {:>7.1} {:>7.0} {:>7.0}",
                i + 1,
                l.carrier.to_string(),
                l.from_name,
                l.to_name,
                l.measures.distance_km,
                l.measures.duration_hours,
                l.measures.cost_usd,
                l.measures.co2_kg,
            )?;
            if l.estimated_km > 0.0 {
                writeln!(
                    s,
                    "     estimate: {:.0} of the {:.0} km are geodesic × circuity, not published",
                    l.estimated_km, l.measures.distance_km
                )?;
            }
            for c in &l.corridors {
                writeln!(s, "     corridor: {c}")?;
            }
        }
        if !r.transfers.is_empty() {
            writeln!(s, "\nTransfers")?;
            for t in &r.transfers {
                writeln!(
                    s,
                    "  {:<wp$}  {:<34} {:>6.1} h {:>6.0} USD",
                    t.place_name,
                    format!("{} → {}", t.from_mode, t.to_mode),
                    t.hours,
                    t.cost_usd
                )?;
            }
        }
        if !r.border_crossings.is_empty() {
            writeln!(s, "\nBorder crossings")?;
            for b in &r.border_crossings {
                let countries = match &b.post {
                    Some(post) => format!("{} → {} ({post})", b.from_country, b.to_country),
                    None => format!("{} → {}", b.from_country, b.to_country),
                };
                writeln!(
                    s,
                    "  {:<wp$}  {:<34} {:>6.1} h {:>6.0} USD",
                    b.place_name, countries, b.hours, b.cost_usd
                )?;
            }
        }
        let t = &r.totals;
        writeln!(
            s,
            "\nTotal: {:.0} km, {:.1} h ({:.1} days), {:.0} USD, {:.0} kg CO2",
            t.distance_km,
            t.duration_hours,
            t.duration_hours / 24.0,
            t.cost_usd,
            t.co2_kg
        )?;
        if r.countries.is_empty() {
            writeln!(s, "Countries: unknown (the network gives none)")?;
        } else {
            writeln!(s, "Countries: {}", r.countries.join(" → "))?;
        }
        let path = &r.path_names;
        // Imported networks have a place every few km: show the two ends of long paths.
        if path.len() > 30 {
            writeln!(
                s,
                "Path ({} places): {} → … → {}",
                path.len(),
                path[..10].join(" → "),
                path[path.len() - 10..].join(" → ")
            )
        } else {
            writeln!(s, "Path: {}", path.join(" → "))
        }
    }
}
