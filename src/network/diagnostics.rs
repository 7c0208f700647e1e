//! What a loaded network looks like and what may be wrong with it; healing gaps between its
//! pieces; merging two networks.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use geo::{Distance, Geodesic};
use serde::Serialize;

use crate::error::DataError;
use crate::model::{Gauge, Link, Mode, NetworkData, Sourced};

use super::Network;

/// A summary of a network: size, connected pieces, and suspicious links.
///
/// Made by [`Network::report`]; `Display` prints it for people, `Serialize` for tools.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkReport {
    /// Where the network came from.
    pub source: String,
    /// Number of places.
    pub places: usize,
    /// Number of links.
    pub links: usize,
    /// Links per mode.
    pub links_by_mode: BTreeMap<String, usize>,
    /// Total length of the links, km.
    pub total_km: f64,
    /// Connected pieces (links taken both ways), largest first.
    pub pieces: Vec<Piece>,
    /// Links at least `stretch_threshold` times longer than the straight line between their
    /// ends, longest ratio first.
    pub stretched_links: Vec<StretchedLink>,
    /// The threshold used for `stretched_links`.
    pub stretch_threshold: f64,
    /// Ids of links that start and end at the same place.
    pub self_loops: Vec<String>,
    /// Groups of links joining the same two places by the same mode (ids).
    pub duplicate_links: Vec<Vec<String>>,
}

/// A connected piece of a network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Piece {
    /// Number of places.
    pub places: usize,
    /// Number of links.
    pub links: usize,
    /// Bounding box `[min_lon, min_lat, max_lon, max_lat]`, degrees.
    pub extent: [f64; 4],
    /// Ids of up to three of its places, the first ones in file order.
    pub sample: Vec<String>,
}

/// A link much longer than the straight line between its ends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StretchedLink {
    /// Link id.
    pub id: String,
    /// Length used for routing, km.
    pub length_km: f64,
    /// Geodesic distance between its ends, km.
    pub straight_km: f64,
    /// `length_km / straight_km`.
    pub ratio: f64,
}

/// Union–find over place indices.
struct Pieces {
    parent: Vec<u32>,
}

impl Pieces {
    fn new(n: usize) -> Self {
        Pieces {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut v: u32) -> u32 {
        while self.parent[v as usize] != v {
            let p = self.parent[v as usize];
            self.parent[v as usize] = self.parent[p as usize];
            v = p;
        }
        v
    }

    /// Joins the pieces of `a` and `b`; false when they were already one.
    fn union(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        self.parent[ra.max(rb) as usize] = ra.min(rb);
        true
    }
}

impl Network {
    fn pieces(&self) -> Pieces {
        let mut pieces = Pieces::new(self.places().len());
        for i in 0..self.links().len() {
            let (a, b) = self.link_ends(i as u32, true);
            pieces.union(a, b);
        }
        pieces
    }

    /// Diagnoses the network with the default stretch threshold (3×).
    ///
    /// # Example
    /// ```
    /// let net = corridor::Network::central_asia();
    /// let report = net.report();
    /// assert_eq!(report.places, net.places().len());
    /// assert_eq!(report.pieces.iter().map(|p| p.places).sum::<usize>(), report.places);
    /// println!("{report}");
    /// ```
    pub fn report(&self) -> NetworkReport {
        self.report_with(3.0)
    }

    /// Diagnoses the network, flagging links at least `stretch_threshold` times longer than
    /// the straight line between their ends.
    pub fn report_with(&self, stretch_threshold: f64) -> NetworkReport {
        let mut pieces = self.pieces();
        let mut by_root: HashMap<u32, Piece> = HashMap::new();
        for (i, p) in self.places().iter().enumerate() {
            let root = pieces.find(i as u32);
            let piece = by_root.entry(root).or_insert_with(|| Piece {
                places: 0,
                links: 0,
                extent: [p.lon(), p.lat(), p.lon(), p.lat()],
                sample: Vec::new(),
            });
            piece.places += 1;
            let e = &mut piece.extent;
            *e = [
                e[0].min(p.lon()),
                e[1].min(p.lat()),
                e[2].max(p.lon()),
                e[3].max(p.lat()),
            ];
            if piece.sample.len() < 3 {
                piece.sample.push(p.id.clone());
            }
        }
        let mut links_by_mode = BTreeMap::new();
        let mut stretched = Vec::new();
        let mut self_loops = Vec::new();
        let mut same_ends: HashMap<(u32, u32, Mode), Vec<String>> = HashMap::new();
        let mut total_km = 0.0;
        for (i, l) in self.links().iter().enumerate() {
            let (a, b) = self.link_ends(i as u32, true);
            let root = pieces.find(a);
            // Every place is in `by_root`, so its piece is.
            by_root.get_mut(&root).expect("piece of a place").links += 1;
            *links_by_mode.entry(l.mode.to_string()).or_insert(0) += 1;
            let km = self.link_length_km(i);
            total_km += km;
            if a == b {
                self_loops.push(l.id.clone());
                continue;
            }
            same_ends
                .entry((a.min(b), a.max(b), l.mode))
                .or_default()
                .push(l.id.clone());
            let straight =
                Geodesic.distance(self.place_at(a).location, self.place_at(b).location) / 1000.0;
            if straight > 0.0 && km >= stretch_threshold * straight {
                stretched.push(StretchedLink {
                    id: l.id.clone(),
                    length_km: km,
                    straight_km: straight,
                    ratio: km / straight,
                });
            }
        }
        let mut pieces: Vec<Piece> = by_root.into_values().collect();
        pieces.sort_by(|a, b| b.places.cmp(&a.places).then(a.sample.cmp(&b.sample)));
        stretched.sort_by(|a, b| b.ratio.total_cmp(&a.ratio).then(a.id.cmp(&b.id)));
        let mut duplicate_links: Vec<Vec<String>> = same_ends
            .into_values()
            .filter(|ids| ids.len() > 1)
            .collect();
        duplicate_links.sort();
        NetworkReport {
            source: self.source_name().to_string(),
            places: self.places().len(),
            links: self.links().len(),
            links_by_mode,
            total_km,
            pieces,
            stretched_links: stretched,
            stretch_threshold,
            self_loops,
            duplicate_links,
        }
    }

    /// Joins pieces of the network whose nearest places are at most `max_gap_km` apart, with
    /// new links of `mode` (the straight line between the two places, length = geodesic
    /// distance, marked `"healed": true` in their properties). Returns the healed network and
    /// the links added.
    ///
    /// Gaps are closed shortest first and only between different pieces, so the result adds
    /// as few links as possible (a minimum spanning forest of the gaps). Rail links get the
    /// gauges found at their two ends.
    ///
    /// # Errors
    /// [`DataError::Invalid`] when `max_gap_km` is not finite and >= 0, or `mode` is
    /// pipeline (a healed pipeline would need a commodity).
    ///
    /// # Example
    /// ```
    /// use corridor::{ImportOptions, Mode, Network};
    ///
    /// // Two rail lines 5 km apart.
    /// let json = r#"{"places": [
    ///   {"id": "a", "name": "A", "location": [70.0, 45.0]},
    ///   {"id": "b", "name": "B", "location": [70.5, 45.0]},
    ///   {"id": "c", "name": "C", "location": [70.564, 45.0]},
    ///   {"id": "d", "name": "D", "location": [71.0, 45.0]}],
    /// "links": [
    ///   {"id": "ab", "from": "a", "to": "b", "mode": "rail", "gauge_mm": [1520], "circuity": 1.0},
    ///   {"id": "cd", "from": "c", "to": "d", "mode": "rail", "gauge_mm": [1520], "circuity": 1.0}]}"#;
    /// let net = Network::from_json_str(json, "two.json").unwrap();
    /// assert_eq!(net.report().pieces.len(), 2);
    /// let (healed, added) = net.heal(10.0, Mode::Rail).unwrap();
    /// assert_eq!(added.len(), 1);
    /// assert_eq!((added[0].from.as_str(), added[0].to.as_str()), ("b", "c"));
    /// assert_eq!(healed.report().pieces.len(), 1);
    /// ```
    pub fn heal(&self, max_gap_km: f64, mode: Mode) -> Result<(Network, Vec<Link>), DataError> {
        if mode == Mode::Pipeline {
            return Err(DataError::Invalid {
                file: self.source_name().to_string(),
                record: "heal".into(),
                field: "mode".into(),
                problem: "a pipeline gap cannot be healed without knowing its commodity; heal with rail, road or sea".into(),
            });
        }
        if !(max_gap_km.is_finite() && max_gap_km >= 0.0) {
            return Err(DataError::Invalid {
                file: self.source_name().to_string(),
                record: "heal".into(),
                field: "max_gap_km".into(),
                problem: format!("{max_gap_km} is not a finite distance >= 0"),
            });
        }
        let mut pieces = self.pieces();
        let tree = self.place_tree.get_or_init(|| super::snap::build(self));
        // The search runs on straight lines through a sphere, the check below on ellipsoid
        // geodesics: the two differ by up to ~0.6% (north–south), so the search radius gets a
        // 1% margin and the geodesic check stays exact.
        let radius = max_gap_km * 1.01 + 1e-6;
        let mut candidates: Vec<(f64, u32, u32)> = Vec::new();
        for (i, p) in self.places().iter().enumerate() {
            let (i, ri) = (i as u32, pieces.find(i as u32));
            let xyz = self.xyz[i as usize];
            for near in tree.locate_within_distance(xyz, radius * radius) {
                let j = near.data;
                if j <= i || pieces.find(j) == ri {
                    continue;
                }
                let km = Geodesic.distance(p.location, self.place_at(j).location) / 1000.0;
                if km <= max_gap_km {
                    candidates.push((km, i, j));
                }
            }
        }
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut added = Vec::new();
        for (km, a, b) in candidates {
            if !pieces.union(a, b) {
                continue;
            }
            let (pa, pb) = (self.place_at(a), self.place_at(b));
            let mut link = Link::new(
                format!("heal_{}_{}", pa.id, pb.id),
                pa.id.clone(),
                pb.id.clone(),
                mode,
                Sourced {
                    value: km,
                    source: "computed".into(),
                    note: Some("geodesic distance of a gap closed by healing".into()),
                },
            );
            if mode == Mode::Rail {
                link.gauges = self.gauges_at(&[a, b]);
            }
            link.notes = format!("added by healing: a {km:.3} km gap between two pieces");
            link.properties
                .insert("healed".into(), serde_json::Value::Bool(true));
            added.push(link);
        }
        let mut data = self.data().clone();
        data.links.extend(added.iter().cloned());
        let net = Network::from_data(data, self.source_name())?
            .with_cost_model(self.cost_model().clone());
        Ok((net, added))
    }

    /// Rail gauges of the links at these places (1435 mm when there are none).
    fn gauges_at(&self, places: &[u32]) -> Vec<Gauge> {
        let mut gauges: Vec<Gauge> = Vec::new();
        for (i, l) in self.links().iter().enumerate() {
            let (a, b) = self.link_ends(i as u32, true);
            if places.contains(&a) || places.contains(&b) {
                gauges.extend(l.gauges.iter().copied());
            }
        }
        gauges.sort();
        gauges.dedup();
        if gauges.is_empty() {
            gauges.push(Gauge::Standard);
        }
        gauges
    }

    /// This network plus `other` (e.g. an imported railway network), connected where they
    /// meet: each place of this network that handles transfers gets a link to the nearest
    /// place of `other` within `max_km`, of that place's mode (and gauges), so cargo can move
    /// between the two with the transfers the place allows. Returns the merged network and
    /// the connecting links (marked `"connector": true`).
    ///
    /// # Errors
    /// [`DataError::DuplicateId`] when the two networks share a place or link id;
    /// `max_km` must be finite and >= 0.
    pub fn merge(&self, other: &Network, max_km: f64) -> Result<(Network, Vec<Link>), DataError> {
        let name = format!("{} + {}", self.source_name(), other.source_name());
        if !(max_km.is_finite() && max_km >= 0.0) {
            return Err(DataError::Invalid {
                file: name,
                record: "merge".into(),
                field: "max_km".into(),
                problem: format!("{max_km} is not a finite distance >= 0"),
            });
        }
        for p in other.places() {
            if self.place_by_id(&p.id).is_some() {
                return Err(DataError::DuplicateId {
                    file: name,
                    kind: "place",
                    id: p.id.clone(),
                });
            }
        }
        let mut connectors = Vec::new();
        for p in self.places() {
            let handles = p.transfers.as_deref().unwrap_or(p.kind.default_transfers());
            if handles.is_empty() {
                continue;
            }
            let Some(qi) = other.nearest_place_index(p.lon(), p.lat()) else {
                break; // `other` has no places
            };
            let q = other.place_at(qi);
            let km = Geodesic.distance(p.location, q.location) / 1000.0;
            if km > max_km {
                continue;
            }
            // The connector travels on the mode of the links at `q`.
            let Some(l) = other
                .links()
                .iter()
                .enumerate()
                .find(|(j, _)| {
                    let (a, b) = other.link_ends(*j as u32, true);
                    a == qi || b == qi
                })
                .map(|(_, l)| l)
            else {
                continue;
            };
            let mut link = Link::new(
                format!("connect_{}_{}", p.id, q.id),
                p.id.clone(),
                q.id.clone(),
                l.mode,
                Sourced {
                    value: km,
                    source: "computed".into(),
                    note: Some("geodesic distance of a merge connector".into()),
                },
            );
            link.gauges = if l.mode == Mode::Rail {
                other.gauges_at(&[qi])
            } else {
                Vec::new()
            };
            link.commodity = l.commodity;
            link.notes = format!(
                "connects {} to the nearest place of {} ({km:.3} km)",
                p.name,
                other.source_name()
            );
            link.properties
                .insert("connector".into(), serde_json::Value::Bool(true));
            connectors.push(link);
        }
        let mut data: NetworkData = self.data().clone();
        data.places.extend(other.places().iter().cloned());
        data.links.extend(other.links().iter().cloned());
        data.links.extend(connectors.iter().cloned());
        for c in other.corridors() {
            if data.corridors.iter().all(|d| d.id != c.id) {
                data.corridors.push(c.clone());
            }
        }
        for s in other.sources() {
            if data.sources.iter().all(|d| d.key != s.key) {
                data.sources.push(s.clone());
            }
        }
        // A network without a bibliography may cite sources as free text; once merged with
        // one that has a bibliography, list those texts as sources so they stay valid.
        if other.sources().is_empty() && !data.sources.is_empty() {
            for text in cited_sources(other) {
                if !crate::model::PROVENANCE_TAGS.contains(&text.as_str())
                    && data.sources.iter().all(|d| d.key != text)
                {
                    data.sources.push(crate::model::Source {
                        title: format!("cited as '{text}' in {}", other.source_name()),
                        key: text,
                        date: None,
                        url: None,
                        kind: Some("unlisted".into()),
                    });
                }
            }
        }
        let net = Network::from_data(data, &name)?.with_cost_model(self.cost_model().clone());
        Ok((net, connectors))
    }
}

/// Every non-empty text in a source field (`source`, `coord_source`, `refs`) of a network's
/// places and links.
fn cited_sources(net: &Network) -> std::collections::BTreeSet<String> {
    fn walk(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, child) in map {
                    match (k.as_str(), child) {
                        ("source" | "coord_source", serde_json::Value::String(s)) => {
                            out.insert(s.clone());
                        }
                        ("refs", serde_json::Value::Array(items)) => {
                            out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_string)));
                        }
                        // `properties` hold a file's own fields, not provenance.
                        ("properties", _) => {}
                        _ => walk(child, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for p in net.places() {
        // Records are plain serde data: serialising them cannot fail.
        walk(
            &serde_json::to_value(p).expect("place serialises"),
            &mut out,
        );
    }
    for l in net.links() {
        walk(&serde_json::to_value(l).expect("link serialises"), &mut out);
    }
    out.remove("");
    out
}

impl fmt::Display for NetworkReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Network: {}", self.source)?;
        let modes: Vec<String> = self
            .links_by_mode
            .iter()
            .map(|(m, n)| format!("{n} {m}"))
            .collect();
        writeln!(
            f,
            "  {} places, {} links ({}), {:.0} km",
            self.places,
            self.links,
            modes.join(", "),
            self.total_km
        )?;
        writeln!(f, "\nConnected pieces: {}", self.pieces.len())?;
        for p in self.pieces.iter().take(10) {
            writeln!(
                f,
                "  {:>7} places {:>7} links  lon {:.3}..{:.3} lat {:.3}..{:.3}  e.g. {}",
                p.places,
                p.links,
                p.extent[0],
                p.extent[2],
                p.extent[1],
                p.extent[3],
                p.sample.join(", ")
            )?;
        }
        if self.pieces.len() > 10 {
            writeln!(f, "  … and {} smaller pieces", self.pieces.len() - 10)?;
        }
        writeln!(
            f,
            "\nLinks at least {}× longer than the straight line: {}",
            self.stretch_threshold,
            self.stretched_links.len()
        )?;
        for s in self.stretched_links.iter().take(10) {
            writeln!(
                f,
                "  {:<24} {:>9.1} km vs {:>9.1} km straight ({:.1}×)",
                s.id, s.length_km, s.straight_km, s.ratio
            )?;
        }
        writeln!(f, "\nSelf-loops: {}", self.self_loops.len())?;
        for id in self.self_loops.iter().take(10) {
            writeln!(f, "  {id}")?;
        }
        writeln!(
            f,
            "\nDuplicate links (same places, same mode): {}",
            self.duplicate_links.len()
        )?;
        for ids in self.duplicate_links.iter().take(10) {
            writeln!(f, "  {}", ids.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_network_is_one_freight_piece_plus_pipelines() {
        let net = Network::central_asia();
        let r = net.report();
        assert_eq!(r.places, 109);
        assert_eq!(r.links, 150);
        assert_eq!(r.links_by_mode["rail"], 89);
        // The reference data set says: one connected component including planned links.
        assert_eq!(r.pieces.len(), 1, "{r}");
        assert!(r.self_loops.is_empty());
    }
}
