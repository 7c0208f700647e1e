//! What a loaded network looks like and what may be wrong with it.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use petgraph::unionfind::UnionFind;
use serde::Serialize;

use crate::geometry::geodesic_km;
use crate::model::Mode;

use super::connectivity::{cuts, strong_pieces, Strong};
use super::Network;

/// A summary of a network: size, connected pieces, single points of failure, and suspicious
/// links.
///
/// Made by [`Network::report`]; `Display` prints it for people, `Serialize` for tools.
///
/// Connectivity counts every link whatever its status (planned and closed ones too), as
/// [`Network::place_graph`] does. The lists of strong pieces, bridges and articulation points
/// hold at most [`NetworkReport::LISTED`] entries each, the most important first, with the
/// total beside them ([`Listed`]).
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
    /// Number of strongly connected pieces: groups of places each of which reaches every
    /// other along the links' directions. Equal to the number of connected pieces unless
    /// one-way links (pipelines) split some.
    pub strong_pieces: usize,
    /// The strongly connected pieces that are only part of a connected piece, because one-way
    /// links enter or leave them, largest first: a pipeline's source (no way in: can be left,
    /// never reached back) or terminal (no way out: can be reached, never left).
    pub one_way_parts: Listed<StrongPiece>,
    /// Links whose loss splits their connected piece (links taken both ways; of two links
    /// between the same two places, neither is one), the most places cut off first.
    pub bridges: Listed<Bridge>,
    /// Places whose loss splits their connected piece (articulation points: single points of
    /// failure), the most places cut off first.
    pub articulation_points: Listed<CutPlace>,
}

impl NetworkReport {
    /// The most entries [`NetworkReport::one_way_parts`], [`NetworkReport::bridges`] and
    /// [`NetworkReport::articulation_points`] hold; their `total` counts them all.
    pub const LISTED: usize = 100;
}

/// The first entries of a list, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed<T> {
    /// How many there are in all.
    pub total: usize,
    /// The first [`NetworkReport::LISTED`] (or all, when fewer), in the report's order.
    pub shown: Vec<T>,
}

impl<T> Listed<T> {
    /// The first [`NetworkReport::LISTED`] of `all`, sorted by `order`.
    fn first(mut all: Vec<T>, order: impl FnMut(&T, &T) -> std::cmp::Ordering) -> Listed<T> {
        all.sort_by(order);
        let total = all.len();
        all.truncate(NetworkReport::LISTED);
        Listed { total, shown: all }
    }
}

/// Places that all reach one another along the links' directions, and that one-way links
/// join to other places.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrongPiece {
    /// Number of places.
    pub places: usize,
    /// Ids of up to three of its places, the first ones in file order.
    pub sample: Vec<String>,
    /// One-way links into it from other places (0: it can be left but never reached back).
    pub ways_in: usize,
    /// One-way links from it to other places (0: it can be reached but never left).
    pub ways_out: usize,
}

/// A link whose loss splits its connected piece in two.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bridge {
    /// Link id.
    pub link: String,
    /// Id of the place where it starts.
    pub from: String,
    /// Id of the place where it ends.
    pub to: String,
    /// Places on the smaller side: how many lose their connection to the rest.
    pub cut_off: usize,
}

/// A place whose loss splits its connected piece: a single point of failure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CutPlace {
    /// Place id.
    pub place: String,
    /// Places cut off: the other places of its piece outside the largest part left.
    pub cut_off: usize,
    /// Parts its piece falls into without it (at least 2).
    pub parts: usize,
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
        let (strong_pieces, one_way_parts, bridges, articulation_points) = self.connectivity();
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
            strong_pieces,
            one_way_parts,
            bridges,
            articulation_points,
        }
    }

    /// The connectivity sections of the report: strong pieces, bridges, articulation points.
    ///
    /// # Complexity
    /// O(n + m log m) time (sorting the bridges), O(n + m) space.
    fn connectivity(&self) -> (usize, Listed<StrongPiece>, Listed<Bridge>, Listed<CutPlace>) {
        let t = &self.tables;
        let place_id = |i: u32| t.place_ids.get(i).to_string();
        let (strong, split) = strong_pieces(&self.place_graph());
        let split = split
            .into_iter()
            .map(|s: Strong| StrongPiece {
                places: s.places.len(),
                sample: s.places.iter().take(3).map(|&p| place_id(p)).collect(),
                ways_in: s.ways_in,
                ways_out: s.ways_out,
            })
            .collect();
        let one_way_parts = Listed::first(split, |a: &StrongPiece, b| {
            b.places
                .cmp(&a.places)
                .then_with(|| a.sample.cmp(&b.sample))
        });
        let cut = cuts(t.places.len(), t.links.iter().map(|l| (l.from, l.to)));
        let bridges = cut
            .bridges
            .into_iter()
            .map(|(link, cut_off)| {
                let row = &t.links[link as usize];
                Bridge {
                    link: t.link_id(link).to_string(),
                    from: place_id(row.from),
                    to: place_id(row.to),
                    cut_off,
                }
            })
            .collect();
        let bridges = Listed::first(bridges, |a: &Bridge, b| {
            b.cut_off.cmp(&a.cut_off).then_with(|| a.link.cmp(&b.link))
        });
        let points = cut
            .points
            .into_iter()
            .map(|(place, cut_off, parts)| CutPlace {
                place: place_id(place),
                cut_off,
                parts,
            })
            .collect();
        let articulation_points = Listed::first(points, |a: &CutPlace, b| {
            (b.cut_off, b.parts)
                .cmp(&(a.cut_off, a.parts))
                .then_with(|| a.place.cmp(&b.place))
        });
        (strong, one_way_parts, bridges, articulation_points)
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
        self.fmt_connectivity(f)
    }
}

impl NetworkReport {
    /// The connectivity sections of `Display`: ten entries of each list, and the count of the
    /// rest.
    fn fmt_connectivity(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 10;
        let more = |f: &mut fmt::Formatter<'_>, total: usize| {
            if total > SHOWN {
                writeln!(f, "  … and {} more", total - SHOWN)?;
            }
            Ok(())
        };
        let places = |n: usize| if n == 1 { "place" } else { "places" };
        writeln!(
            f,
            "\nStrongly connected pieces (each place reaches every other along the links' \
             directions): {}",
            self.strong_pieces
        )?;
        let parts = &self.one_way_parts;
        if parts.total == 0 {
            writeln!(f, "  one per connected piece: no one-way link splits any")?;
        } else {
            writeln!(
                f,
                "  {} of them only part of a connected piece, joined by one-way links:",
                parts.total
            )?;
        }
        for s in parts.shown.iter().take(SHOWN) {
            let note = match (s.ways_in, s.ways_out) {
                (0, _) => "  (can be left, never reached back)",
                (_, 0) => "  (can be reached, never left)",
                _ => "",
            };
            writeln!(
                f,
                "  {:>7} {:<6}  one-way links in: {}, out: {}{note}  e.g. {}",
                s.places,
                places(s.places),
                s.ways_in,
                s.ways_out,
                s.sample.join(", ")
            )?;
        }
        more(f, parts.total)?;
        writeln!(
            f,
            "\nBridges (links whose loss splits their piece): {}",
            self.bridges.total
        )?;
        for b in self.bridges.shown.iter().take(SHOWN) {
            writeln!(
                f,
                "  {:<24} {} – {}: cuts off {} {}",
                b.link,
                b.from,
                b.to,
                b.cut_off,
                places(b.cut_off)
            )?;
        }
        more(f, self.bridges.total)?;
        writeln!(
            f,
            "\nArticulation points (places whose loss splits their piece): {}",
            self.articulation_points.total
        )?;
        for p in self.articulation_points.shown.iter().take(SHOWN) {
            writeln!(
                f,
                "  {:<24} cuts off {} {}, leaves {} parts",
                p.place,
                p.cut_off,
                places(p.cut_off),
                p.parts
            )?;
        }
        more(f, self.articulation_points.total)
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
