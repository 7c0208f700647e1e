//! Where lines meet: line ends that coincide (or lie within the join tolerance) are one
//! place; a Point feature there names it, and otherwise it becomes a junction `n0`, `n1`, …
//! Turns the features read into place and link records, remembering each one's feature.

use std::collections::{HashMap, HashSet};

use geo::Point;
use petgraph::unionfind::UnionFind;

use super::read::{Line, LineOrigin, PointFeature};
use crate::error::DataError;
use crate::geometry::{chord_radius_km, geodesic_m, line_km, xyz, PointTree};
use crate::io::fields::{COMPUTED, IMPORTED};
use crate::model::{Link, Place, Sourced};

/// Where the lines meet: the places (named by Point features or made at line ends) and the
/// place at each end of each line. Lines become links one by one with [`Joined::link`].
pub(super) struct Joined {
    pub(super) places: Vec<Place>,
    /// The feature of each place (`None`: a junction this reader made).
    pub(super) place_feature: Vec<Option<usize>>,
    /// The place at each line's start and end.
    line_ends: Vec<[usize; 2]>,
    /// Link ids given, and made ones with a suffix.
    link_ids: HashSet<String, Hasher>,
}

/// A line end not named by a `from` / `to` property.
struct End {
    line: usize,
    /// 0: start, 1: end.
    which: u8,
    at: [f64; 2],
}

/// Joins the lines at their ends; `tol` is the join tolerance in metres.
pub(super) fn join(
    file: &str,
    points: Vec<PointFeature>,
    lines: &[Line],
    tol: f64,
) -> Result<Joined, DataError> {
    // Places named by Point features.
    let mut places: Vec<Place> = Vec::with_capacity(points.len());
    let mut place_ix: HashMap<String, usize> = HashMap::with_capacity(points.len());
    let mut place_feature: Vec<Option<usize>> = Vec::with_capacity(points.len());
    for pf in points {
        if place_ix.insert(pf.place.id.clone(), places.len()).is_some() {
            return Err(DataError::DuplicateId {
                file: file.to_string(),
                kind: "place",
                id: pf.place.id,
            });
        }
        place_feature.push(Some(pf.feature));
        places.push(pf.place);
    }

    // Ends named by `from` / `to`: the place must be there.
    for line in lines {
        for (which, name) in [(0, &line.from), (1, &line.to)] {
            let Some(name) = name else { continue };
            let field = if which == 0 { "from" } else { "to" };
            let ctx = line.ctx(file);
            let &pi = place_ix
                .get(name.as_str())
                .ok_or_else(|| ctx.err(field, format!("no Point feature has id `{name}`")))?;
            let end = if which == 0 {
                line.coords[0]
            } else {
                line.coords[line.coords.len() - 1]
            };
            let p = &places[pi];
            let at = [p.lon(), p.lat()];
            if !within(end, at, tol) {
                return Err(ctx.err(
                    field,
                    format!(
                        "place `{name}` is at {at:?}, but the line {} at {end:?} ({:.1} m away; \
                         join tolerance {tol} m)",
                        if which == 0 { "starts" } else { "ends" },
                        metres(end, at)
                    ),
                ));
            }
        }
    }

    // Every other line end: group the ends that meet, then name each group's place.
    let mut ends: Vec<End> = Vec::with_capacity(2 * lines.len());
    for (li, line) in lines.iter().enumerate() {
        if line.from.is_none() {
            ends.push(End {
                line: li,
                which: 0,
                at: line.coords[0],
            });
        }
        if line.to.is_none() {
            ends.push(End {
                line: li,
                which: 1,
                at: line.coords[line.coords.len() - 1],
            });
        }
    }
    let groups = group_ends(&ends, tol);
    let point_locs: Vec<[f64; 2]> = places.iter().map(|p| [p.lon(), p.lat()]).collect();
    let near_points = PointIndex::new(&point_locs, tol);
    let mut next_generated = 0usize;
    // The place at each line's start and end.
    let mut line_ends: Vec<[usize; 2]> = vec![[usize::MAX; 2]; lines.len()];
    for group in groups.iter() {
        let mut found: Vec<usize> = Vec::new();
        for &e in group {
            for pi in near_points.near(ends[e as usize].at, tol) {
                if !found.contains(&pi) {
                    found.push(pi);
                }
            }
        }
        let pi = match found.as_slice() {
            [] => {
                // The next `n{k}` that no Point feature has taken.
                let id = loop {
                    let id = numbered("n", next_generated);
                    next_generated += 1;
                    if !place_ix.contains_key(&id) {
                        break id;
                    }
                };
                let [lon, lat] = ends[group[0] as usize].at;
                let mut place = Place::new(id.clone(), id, lon, lat);
                place.coord_source = IMPORTED.into();
                places.push(place);
                places.len() - 1
            }
            [one] => *one,
            several => {
                let first = &ends[group[0] as usize];
                let line = &lines[first.line];
                let names: Vec<String> = several
                    .iter()
                    .map(|&i| format!("`{}`", places[i].id))
                    .collect();
                let here = if tol > 0.0 {
                    format!("within {tol} m of")
                } else {
                    "at".into()
                };
                return Err(line.ctx(file).err(
                    "geometry",
                    format!(
                        "the line's end at {:?} is {here} several Point features ({}): say which \
                         place it is with a `{}` property{}",
                        first.at,
                        names.join(", "),
                        if first.which == 0 { "from" } else { "to" },
                        if tol > 0.0 {
                            ", or lower join_tolerance_m"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        };
        for &e in group {
            let e = &ends[e as usize];
            line_ends[e.line][e.which as usize] = pi;
        }
    }
    // Ends named by `from` / `to`.
    for (li, line) in lines.iter().enumerate() {
        for (which, name) in [(0, &line.from), (1, &line.to)] {
            if let Some(name) = name {
                line_ends[li][which] = place_ix[name];
            }
        }
    }

    let mut link_ids: HashSet<String, Hasher> =
        HashSet::with_capacity_and_hasher(lines.len(), Hasher::default());
    for l in lines {
        if let Some(id) = &l.id {
            if !link_ids.insert(id.clone()) {
                return Err(DataError::DuplicateId {
                    file: file.to_string(),
                    kind: "link",
                    id: id.clone(),
                });
            }
        }
    }
    place_feature.resize(places.len(), None);
    Ok(Joined {
        places,
        place_feature,
        line_ends,
        link_ids,
    })
}

impl Joined {
    /// Line number `li` as a link between the places at its ends, with where it came from.
    pub(super) fn link(&mut self, li: usize, line: Line) -> (Box<Link>, LineOrigin) {
        let Line {
            record,
            feature,
            id,
            part,
            mut coords,
            mut link,
            other_names,
            ..
        } = line;
        link.id = match id {
            Some(id) => id,
            None => {
                let mut base = numbered("l", feature);
                if let Some(p) = part {
                    base.push('.');
                    base.push_str(itoa::Buffer::new().format(p));
                }
                // Made ids (`l7`, `l7.1`) differ from one another; only a given id can be
                // one of them, and then a suffix (`l7_2`) makes it unique.
                if self.link_ids.contains(&base) {
                    let mut k = 2;
                    let id = loop {
                        let id = format!("{base}_{k}");
                        if !self.link_ids.contains(&id) {
                            break id;
                        }
                        k += 1;
                    };
                    self.link_ids.insert(id.clone());
                    id
                } else {
                    base
                }
            }
        };
        let [from, to] = self.line_ends[li];
        let (from, to) = (&self.places[from], &self.places[to]);
        // The line runs from `from`'s location to `to`'s.
        let last = coords.len() - 1;
        coords[0] = [from.lon(), from.lat()];
        coords[last] = [to.lon(), to.lat()];
        link.from = from.id.clone();
        link.to = to.id.clone();
        if link.length_km.is_none() && link.circuity.is_none() {
            link.length_km = Some(Sourced {
                value: line_km(&coords),
                source: COMPUTED.into(),
                note: Some("geodesic length of the imported line".into()),
            });
        }
        link.geometry = (coords.len() > 2).then_some(coords);
        (
            link,
            LineOrigin {
                record,
                other_names,
            },
        )
    }
}

/// `prefix` followed by `n`: a made id.
fn numbered(prefix: &str, n: usize) -> String {
    let mut id = String::with_capacity(prefix.len() + 8);
    id.push_str(prefix);
    id.push_str(itoa::Buffer::new().format(n));
    id
}

/// The hasher of the maps keyed by coordinates and ids: foldhash, several times faster than
/// std's SipHash on short keys, and seeded at random like it.
type Hasher = foldhash::fast::RandomState;

/// Exact-coordinate key (positions are normalised so that -0.0 is 0.0).
fn key(p: [f64; 2]) -> (u64, u64) {
    (p[0].to_bits(), p[1].to_bits())
}

fn metres(a: [f64; 2], b: [f64; 2]) -> f64 {
    geodesic_m(Point::from(a), Point::from(b))
}

fn within(a: [f64; 2], b: [f64; 2], tol: f64) -> bool {
    a == b || (tol > 0.0 && metres(a, b) <= tol)
}

/// The chord radius that holds every point within `tol` metres.
fn radius(tol: f64) -> f64 {
    chord_radius_km(tol / 1000.0)
}

/// Groups of line ends (indices into `ends`) that are one place: equal coordinates, or chains
/// of ends within `tol` metres of each other. Groups are in order of their first end, and
/// their ends in order.
fn group_ends(ends: &[End], tol: f64) -> Groups {
    // The group of each end, numbered in order of first appearance.
    let mut group_of_end: Vec<u32> = Vec::with_capacity(ends.len());
    if tol == 0.0 {
        let mut group_of: HashMap<(u64, u64), u32, Hasher> =
            HashMap::with_capacity_and_hasher(ends.len(), Hasher::default());
        for e in ends {
            let next = group_of.len() as u32;
            group_of_end.push(*group_of.entry(key(e.at)).or_insert(next));
        }
    } else {
        let tree = PointTree::new(ends.iter().map(|e| (e.at[0], e.at[1])));
        let mut sets = UnionFind::<u32>::new(ends.len());
        for (i, e) in ends.iter().enumerate() {
            for j in tree.within_chord(xyz(e.at[0], e.at[1]), radius(tol)) {
                let j = j as usize;
                if j > i && !sets.equiv(i as u32, j as u32) && within(e.at, ends[j].at, tol) {
                    sets.union(i as u32, j as u32);
                }
            }
        }
        let mut group_of: HashMap<u32, u32, Hasher> = HashMap::default();
        for i in 0..ends.len() {
            let next = group_of.len() as u32;
            group_of_end.push(*group_of.entry(sets.find_mut(i as u32)).or_insert(next));
        }
    }
    Groups::of(&group_of_end)
}

/// Line ends grouped: group `g` is `ends[starts[g]..starts[g + 1]]`.
struct Groups {
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl Groups {
    /// The groups of a group number per end (a counting sort, so ends stay in order).
    fn of(group_of_end: &[u32]) -> Groups {
        let count = group_of_end
            .iter()
            .map(|&g| g as usize + 1)
            .max()
            .unwrap_or(0);
        let mut starts = vec![0u32; count + 1];
        for &g in group_of_end {
            starts[g as usize + 1] += 1;
        }
        for g in 0..count {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut ends = vec![0u32; group_of_end.len()];
        for (e, &g) in group_of_end.iter().enumerate() {
            ends[next[g as usize] as usize] = e as u32;
            next[g as usize] += 1;
        }
        Groups { starts, ends }
    }

    fn iter(&self) -> impl Iterator<Item = &[u32]> {
        self.starts
            .windows(2)
            .map(|w| &self.ends[w[0] as usize..w[1] as usize])
    }
}

/// Point features by location, to find those at (or within the tolerance of) a line end.
enum PointIndex {
    Exact(HashMap<(u64, u64), Vec<usize>>),
    Near(PointTree, Vec<[f64; 2]>),
}

impl PointIndex {
    fn new(locs: &[[f64; 2]], tol: f64) -> PointIndex {
        if tol == 0.0 {
            let mut m: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
            for (i, &p) in locs.iter().enumerate() {
                m.entry(key([p[0] + 0.0, p[1] + 0.0])).or_default().push(i);
            }
            PointIndex::Exact(m)
        } else {
            PointIndex::Near(
                PointTree::new(locs.iter().map(|p| (p[0], p[1]))),
                locs.to_vec(),
            )
        }
    }

    /// Indices of the points at `p` (within `tol` metres), in index order.
    fn near(&self, p: [f64; 2], tol: f64) -> Vec<usize> {
        match self {
            PointIndex::Exact(m) => m.get(&key(p)).cloned().unwrap_or_default(),
            PointIndex::Near(tree, locs) => {
                let mut found: Vec<usize> = tree
                    .within_chord(xyz(p[0], p[1]), radius(tol))
                    .map(|i| i as usize)
                    .filter(|&i| within(p, locs[i], tol))
                    .collect();
                found.sort_unstable();
                found
            }
        }
    }
}
