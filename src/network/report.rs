//! What a loaded network looks like and what may be wrong with it.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use petgraph::unionfind::UnionFind;
use serde::Serialize;

use crate::geometry::geodesic_km;
use crate::model::Mode;

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

impl Network {
    /// Connected pieces of the network's places, links taken both ways.
    pub(crate) fn pieces(&self) -> UnionFind<u32> {
        let mut pieces = UnionFind::new(self.tables.places.len());
        for l in &self.tables.links {
            pieces.union(l.from, l.to);
        }
        pieces
    }

    /// [`Network::report_with`].
    pub(crate) fn diagnose(&self, stretch_threshold: f64) -> NetworkReport {
        let mut pieces = self.pieces();
        let mut by_root: HashMap<u32, Piece> = HashMap::new();
        for p in self.places() {
            let root = pieces.find_mut(p.index() as u32);
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
                piece.sample.push(p.id().to_string());
            }
        }
        let mut links_by_mode = BTreeMap::new();
        let mut stretched = Vec::new();
        let mut self_loops = Vec::new();
        let mut same_ends: HashMap<(u32, u32, Mode), Vec<String>> = HashMap::new();
        let mut total_km = 0.0;
        for l in self.links() {
            let (a, b) = (l.from().index() as u32, l.to().index() as u32);
            let root = pieces.find_mut(a);
            // Every place is in `by_root`, so its piece is.
            by_root.get_mut(&root).expect("piece of a place").links += 1;
            *links_by_mode.entry(l.mode().to_string()).or_insert(0) += 1;
            let km = l.length_km();
            total_km += km;
            if a == b {
                self_loops.push(l.id().to_string());
                continue;
            }
            same_ends
                .entry((a.min(b), a.max(b), l.mode()))
                .or_default()
                .push(l.id().to_string());
            let straight = geodesic_km(l.from().location(), l.to().location());
            if straight > 0.0 && km >= stretch_threshold * straight {
                stretched.push(StretchedLink {
                    id: l.id().to_string(),
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
        // The reference's 109 places and 150 links, with data/additions.json's 11 places
        // and 20 links, 16 of them rail.
        assert_eq!(r.places, 120);
        assert_eq!(r.links, 170);
        assert_eq!(r.links_by_mode["rail"], 89 + 16);
        // The reference data set says: one connected component including planned links.
        assert_eq!(r.pieces.len(), 1, "{r}");
        assert!(r.self_loops.is_empty());
    }
}
