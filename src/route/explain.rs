//! From a path of search-graph edges to a [`Route`]: legs, transfers, border crossings and
//! totals, each priced as the search priced it. Every query kind that returns routes ends
//! here.

use geo::{Coord, LineString};

use crate::algo::Path;
use crate::cost::{Duration, Measures};
use crate::network::StateEdge;

use super::resolve::Query;
use super::{Arrival, BorderCrossing, Endpoint, Leg, Route, Transfer};

impl Query<'_> {
    /// The route a path of search-graph edges describes.
    pub(crate) fn explain(&self, path: &Path) -> Route {
        let net = self.net;
        let sg = net.search_graph();
        let mut legs: Vec<Leg> = Vec::new();
        let mut transfers = Vec::new();
        let mut borders = Vec::new();
        let mut places = vec![self.from];
        let mut open_leg = false;
        // The open leg's corridors, each with the positions of its links on the leg.
        let mut leg_corridors: Vec<(String, Vec<usize>)> = Vec::new();
        // Hours since leaving, in each case: with a departure time, waits for timetabled
        // departures follow these clocks.
        let mut clocks = [0.0f64; 3];
        let timed = self.depart.map(|_| ());
        let advance = |clocks: &mut [f64; 3], d: Duration| {
            for (c, h) in clocks.iter_mut().zip(d.cases()) {
                *c += h;
            }
        };
        for &e in &path.edges {
            match sg.edges[e as usize] {
                StateEdge::Link {
                    link,
                    forward,
                    carrier,
                } => {
                    let l = net.link_ref(link);
                    let (a, b) = self.ends(link, forward);
                    let run = self.link_measures(l.length_km(), net.price(link));
                    let wait = self.link_wait(link, timed.map(|()| clocks));
                    let m = run.with_duration(run.duration() + wait);
                    advance(&mut clocks, m.duration());
                    if !open_leg {
                        let start = net.place_ref(a);
                        legs.push(Leg {
                            mode: l.mode(),
                            carrier,
                            from: start.id().to_string(),
                            to: String::new(),
                            from_name: start.name().to_string(),
                            to_name: String::new(),
                            measures: Measures::default(),
                            arrives_at: None,
                            estimated_km: 0.0,
                            corridors: Vec::new(),
                            links: Vec::new(),
                        });
                        open_leg = true;
                        leg_corridors.clear();
                    }
                    // A leg was just opened above if none was.
                    let leg = legs.last_mut().expect("open leg");
                    leg.measures += m;
                    if l.is_estimated() {
                        leg.estimated_km += m.distance_km;
                    }
                    leg.links.push(l.id().to_string());
                    let at = leg.links.len() - 1;
                    for c in l.corridors() {
                        let name = net
                            .corridor_ix(c)
                            .map_or(c.clone(), |i| net.corridors()[i as usize].name.clone());
                        match leg_corridors.iter_mut().find(|(n, _)| *n == name) {
                            Some((_, on)) => on.push(at),
                            None => leg_corridors.push((name, vec![at])),
                        }
                    }
                    if let Some(bc) = self.border_crossing(link, forward) {
                        advance(&mut clocks, bc.duration());
                        borders.push(bc);
                    }
                    leg.arrives_at = self.depart.and_then(|d| d.after(clocks[1]));
                    places.push(b);
                }
                StateEdge::Transfer {
                    place,
                    from,
                    to,
                    kind,
                } => {
                    if open_leg {
                        self.close_leg(&mut legs, place, &leg_corridors);
                    }
                    let p = net.place_ref(place);
                    let m = net.cost_model().transfer_at(p, kind, &self.cargo);
                    advance(&mut clocks, m.duration());
                    transfers.push(Transfer {
                        place: p.id().to_string(),
                        place_name: p.name().to_string(),
                        from_mode: from,
                        to_mode: to,
                        kind,
                        hours: m.duration_hours,
                        hours_best: m.duration_best_hours,
                        hours_worst: m.duration_worst_hours,
                        cost_usd: m.cost_usd,
                    });
                    open_leg = false;
                }
            }
        }
        if open_leg {
            let end = *places.last().expect("the origin at least");
            self.close_leg(&mut legs, end, &leg_corridors);
        }
        let mut totals = Measures::default();
        for l in &legs {
            totals += l.measures;
        }
        for t in &transfers {
            totals += Measures::stay(t.duration(), t.cost_usd);
        }
        for b in &borders {
            totals += Measures::stay(b.duration(), b.cost_usd);
        }
        let mut countries: Vec<String> = Vec::new();
        for &p in &places {
            let c = net.place_ref(p).country();
            if !c.is_empty() && countries.last().map(String::as_str) != Some(c) {
                countries.push(c.to_string());
            }
        }
        let geometry = LineString::new(
            places
                .iter()
                .map(|&p| {
                    let p = net.place_ref(p);
                    Coord {
                        x: p.lon(),
                        y: p.lat(),
                    }
                })
                .collect(),
        );
        let endpoint = |p: u32, snap_km: Option<f64>| {
            let place = net.place_ref(p);
            Endpoint {
                id: place.id().to_string(),
                name: place.name().to_string(),
                snap_km,
            }
        };
        Route {
            from: endpoint(self.from, self.snap_km[0]),
            to: endpoint(self.to, self.snap_km[1]),
            objective: self.objective,
            cargo: self.cargo,
            totals,
            departs_at: self.depart.map(|d| d.at),
            arrives_at: self.depart.and_then(|d| {
                Some(Arrival {
                    best: d.after(totals.duration_best_hours)?,
                    typical: d.after(totals.duration_hours)?,
                    worst: d.after(totals.duration_worst_hours)?,
                })
            }),
            legs,
            transfers,
            border_crossings: borders,
            countries,
            path: places
                .iter()
                .map(|&p| net.place_ref(p).id().to_string())
                .collect(),
            path_names: places
                .iter()
                .map(|&p| net.place_ref(p).name().to_string())
                .collect(),
            geometry,
        }
    }

    /// Ends the last leg at place `end`, with the corridors it followed (names and strings
    /// once per leg, not per link).
    fn close_leg(&self, legs: &mut [Leg], end: u32, on_leg: &[(String, Vec<usize>)]) {
        let leg = legs.last_mut().expect("a leg to close");
        let end = self.net.place_ref(end);
        leg.to = end.id().to_string();
        leg.to_name = end.name().to_string();
        leg.corridors = followed(on_leg);
    }

    /// The border crossing on a link traversal, for the route's explanation: named by the
    /// post's place; else, on the link, by its two ends ("Osh – Andijan", the link's own post
    /// named beside it in `post`, or "between Petropavl and Yekaterinburg" without one).
    fn border_crossing(&self, link: u32, forward: bool) -> Option<BorderCrossing> {
        let net = self.net;
        let b = net.border(link, forward)?;
        let (from, to) = self.ends(link, forward);
        let (from, to) = (net.place_ref(from), net.place_ref(to));
        let at = b.at.map(|i| net.place_ref(i));
        let place_name = match (at, &b.post_name) {
            (Some(p), _) => p.name().to_string(),
            (None, Some(_)) => format!("{} – {}", from.name(), to.name()),
            (None, None) => format!("between {} and {}", from.name(), to.name()),
        };
        Some(BorderCrossing {
            place: at.map(|p| p.id().to_string()),
            place_name,
            link: net.link_ref(link).id().to_string(),
            between: [from.id().to_string(), to.id().to_string()],
            post: b.post_name.clone(),
            from_country: from.country().to_string(),
            to_country: to.country().to_string(),
            hours: b.hours.typical,
            hours_best: b.hours.best,
            hours_worst: b.hours.worst,
            cost_usd: b.fee_usd,
        })
    }
}

/// The corridors a leg follows ([`Leg::corridors`](super::Leg::corridors)): those whose links
/// on the leg (positions, ascending) are not a strict subset of another corridor's.
fn followed(on_leg: &[(String, Vec<usize>)]) -> Vec<String> {
    let strict_subset = |a: &[usize], b: &[usize]| {
        a.len() < b.len() && a.iter().all(|x| b.binary_search(x).is_ok())
    };
    on_leg
        .iter()
        .filter(|(_, mine)| !on_leg.iter().any(|(_, other)| strict_subset(mine, other)))
        .map(|(name, _)| name.clone())
        .collect()
}
