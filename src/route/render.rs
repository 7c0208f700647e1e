//! A route as text for people: the table the `route` example prints.

use std::fmt;

use super::Route;
use crate::geometry::geodesic_km;
use crate::network::normalise;
use crate::readable::Readable;

/// The route as the `route` example prints it: a heading, the legs (with estimates and
/// corridors), transfers, border crossings, totals, countries and the path of place names.
/// Figures of sixteen digits and more print in scientific notation (`1e306 TEU`,
/// `1.8e308 USD`), and so does a quantity below 0.0001.
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
                    "({end}: the coordinate snapped to {}, {:.1} km away)",
                    e.name,
                    Readable(km)
                )?;
            }
        }
        writeln!(
            s,
            "{} → {}: {} route for {} {} of {}\n",
            r.from.name,
            r.to.name,
            r.objective.adjective(),
            Readable(r.cargo.quantity),
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
            "Legs\n  {:<2} {:<15} {:<w$}   {:<w$} {:>7} {:>7} {:>13} {:>7} {:>7}",
            "#", "carrier", "from", "to", "km", "hours", "best–worst h", "USD", "kg CO2"
        )?;
        for (i, l) in r.legs.iter().enumerate() {
            let d = l.measures.duration();
            writeln!(
                s,
                "  {:<2} {:<15} {:<w$} → {:<w$} {:>7.0} {:>7.1} {:>13} {:>7.0} {:>7.0}",
                i + 1,
                l.carrier.to_string(),
                l.from_name,
                l.to_name,
                Readable(l.measures.distance_km),
                Readable(d.typical),
                range(d.best, d.worst),
                Readable(l.measures.cost_usd),
                Readable(l.measures.co2_kg),
            )?;
            if let Some(at) = l.arrives_at {
                writeln!(s, "     arrives: {}", when(at))?;
            }
            if l.estimated_km > 0.0 {
                writeln!(
                    s,
                    "     estimate: {:.0} of the {:.0} km are geodesic × circuity, not published",
                    Readable(l.estimated_km),
                    Readable(l.measures.distance_km)
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
                    "  {:<wp$}  {:<34} {:>6.1} h {:>13} {:>6.0} USD",
                    t.place_name,
                    format!("{} → {}", t.from_mode, t.to_mode),
                    Readable(t.hours),
                    format!("({})", range(t.hours_best, t.hours_worst)),
                    Readable(t.cost_usd)
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
                    "  {:<wp$}  {:<34} {:>6.1} h {:>13} {:>6.0} USD",
                    b.place_name,
                    countries,
                    Readable(b.hours),
                    format!("({})", range(b.hours_best, b.hours_worst)),
                    Readable(b.cost_usd)
                )?;
            }
        }
        let t = &r.totals;
        writeln!(
            s,
            "\nTotal: {:.0} km, {}, {:.0} USD, {:.0} kg CO2",
            Readable(t.distance_km),
            t.duration(),
            Readable(t.cost_usd),
            Readable(t.co2_kg)
        )?;
        if let (Some(dep), Some(arr)) = (r.departs_at, r.arrives_at) {
            writeln!(
                s,
                "Departs {}; arrives {} (best {}, worst {})",
                when(dep),
                when(arr.typical),
                when(arr.best),
                when(arr.worst)
            )?;
        }
        if r.countries.is_empty() {
            writeln!(s, "Countries: unknown (the network gives none)")?;
        } else {
            writeln!(s, "Countries: {}", r.countries.join(" → "))?;
        }
        let path = shown_names(r);
        // Imported networks have a place every few km: show the two ends of long paths.
        if path.len() > 30 {
            writeln!(
                s,
                "Path ({} places): {} → … → {}",
                r.path.len(),
                path[..10].join(" → "),
                path[path.len() - 10..].join(" → ")
            )
        } else {
            writeln!(s, "Path: {}", path.join(" → "))
        }
    }
}

/// A best–worst range of hours, e.g. `12.0–30.5`.
fn range(best: f64, worst: f64) -> String {
    format!("{:.1}–{:.1}", Readable(best), Readable(worst))
}

/// A date-time as the table shows it: `2026-12-07 08:00 UTC`.
fn when(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// The names of a route's path as the table shows them: a place that follows one of the same
/// name (a merge connector between the built-in Almaty and a file's Almaty) shown once, with
/// the distance between the two.
fn shown_names(r: &Route) -> Vec<String> {
    let points: Vec<geo::Point> = r.geometry.points().collect();
    let mut names: Vec<String> = Vec::with_capacity(r.path_names.len());
    let (mut key, mut first, mut count) = (String::new(), 0, 0);
    for (k, name) in r.path_names.iter().enumerate() {
        let this = normalise(name);
        match names.last_mut() {
            Some(prev) if !this.is_empty() && this == key => {
                count += 1;
                let km = match (points.get(first), points.get(k)) {
                    (Some(a), Some(b)) => geodesic_km(*a, *b),
                    _ => 0.0,
                };
                *prev = format!("{name} ({count} places {km:.1} km apart)");
            }
            _ => {
                names.push(name.clone());
                (key, first, count) = (this, k, 1);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use crate::readable::Readable;
    use crate::{Network, RouteRequest};

    #[test]
    fn ordinary_figures_print_as_rust_prints_them() {
        for x in [
            0.0,
            1.0,
            2.5,
            1664.0,
            6753.6,
            80_528_691_041.0,
            999_999_999_999_999.0,
        ] {
            assert_eq!(format!("{:>7.0}", Readable(x)), format!("{x:>7.0}"));
            assert_eq!(format!("{:.1}", Readable(x)), format!("{x:.1}"));
            assert_eq!(format!("{}", Readable(x)), format!("{x}"));
        }
        // With a precision, a tiny figure is an ordinary 0.
        assert_eq!(format!("{:>7.1}", Readable(1e-300)), "    0.0");
        assert_eq!(format!("{}", Readable(0.0001)), "0.0001");
        assert_eq!(format!("{}", Readable(f64::INFINITY)), "inf");
    }

    #[test]
    fn huge_and_tiny_figures_print_in_scientific_notation() {
        assert_eq!(format!("{}", Readable(1e306)), "1e306");
        assert_eq!(format!("{:.0}", Readable(1e15)), "1e15");
        assert_eq!(format!("{:>7.0}", Readable(1.234_567e17)), "1.23e17");
        assert_eq!(format!("{:>9.1}", Readable(-2.5e20)), "  -2.5e20");
        assert_eq!(format!("{:<8.0}|", Readable(f64::MAX)), "1.8e308 |");
        assert_eq!(format!("{}", Readable(2.5e-300)), "2.5e-300");
        // 9.996e20 rounds up to the next power of ten.
        assert_eq!(format!("{}", Readable(9.996e20)), "1e21");
    }

    #[test]
    fn a_route_with_huge_figures_prints_them_compactly() {
        let net = Network::central_asia();
        let mut route = net.route(&RouteRequest::new("Xi'an", "Almaty")).unwrap();
        route.cargo.quantity = 1e306;
        route.totals.cost_usd = 1.5e307;
        for leg in &mut route.legs {
            leg.measures.cost_usd = f64::MAX;
        }
        for t in &mut route.transfers {
            t.cost_usd = 3e300;
        }
        let text = route.to_string();
        assert!(
            text.starts_with("Xi'an → Almaty: cheapest route for 1e306 TEU of container\n"),
            "{text}"
        );
        assert!(text.contains(", 1.5e307 USD, "), "{text}");
        assert!(text.contains(" 1.8e308 "), "{text}");
        assert!(text.contains(" 3e300 USD"), "{text}");
        let longest = text.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(longest < 150, "a line of {longest} characters:\n{text}");
    }
}
