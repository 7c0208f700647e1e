//! Where lines meet: line ends that coincide (or lie within the join tolerance) are one
//! place; a Point feature there names it, and otherwise it becomes a junction `n0`, `n1`, …
//! Turns the features read into place and link records, remembering each one's feature.

use std::collections::{HashMap, HashSet};

use geo::Point;
use petgraph::unionfind::UnionFind;

use super::read::{Line, PointFeature};
use crate::error::DataError;
use crate::geometry::{chord_radius_km, geodesic_m, line_km, xyz, PointTree};
use crate::io::fields::{COMPUTED, IMPORTED};
use crate::model::{Link, Place, Sourced};

/// Place and link records assembled from features, with the feature each came from.
pub(super) struct Assembled {
    pub(super) places: Vec<Place>,
    pub(super) links: Vec<Link>,
    /// The feature of each place (`None`: a junction this reader made).
    pub(super) place_feature: Vec<Option<usize>>,
    /// The line of each link (its feature and how messages name it).
    pub(super) link_line: Vec<super::read::LineOrigin>,
}

/// A line end not named by a `from` / `to` property.
struct End {
    line: usize,
    /// 0: start, 1: end.
    which: u8,
    at: [f64; 2],
}

/// Joins the lines at their ends; `tol` is the join tolerance in metres.
pub(super) fn assemble(
    file: &str,
    points: Vec<PointFeature>,
    lines: Vec<Line>,
    tol: f64,
) -> Result<Assembled, DataError> {
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
    for line in &lines {
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
    let mut ends: Vec<End> = Vec::new();
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
    for group in &groups {
        let mut found: Vec<usize> = Vec::new();
        for &e in group {
            for pi in near_points.near(ends[e].at, tol) {
                if !found.contains(&pi) {
                    found.push(pi);
                }
            }
        }
        let pi = match found.as_slice() {
            [] => {
                // The next `n{k}` that no Point feature has taken.
                let id = loop {
                    let id = format!("n{next_generated}");
                    next_generated += 1;
                    if !place_ix.contains_key(&id) {
                        break id;
                    }
                };
                let [lon, lat] = ends[group[0]].at;
                let mut place = Place::new(id.clone(), id, lon, lat);
                place.coord_source = IMPORTED.into();
                places.push(place);
                places.len() - 1
            }
            [one] => *one,
            several => {
                let first = &ends[group[0]];
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
            line_ends[ends[e].line][ends[e].which as usize] = pi;
        }
    }

    // Assemble the links.
    let mut link_ids: HashSet<String> = HashSet::with_capacity(lines.len());
    for l in &lines {
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
    let mut links = Vec::with_capacity(lines.len());
    let mut link_line = Vec::with_capacity(lines.len());
    for (li, line) in lines.into_iter().enumerate() {
        let Line {
            record,
            feature,
            id,
            part,
            mut coords,
            mut link,
            from,
            to,
            aliases,
        } = line;
        link.id = match id {
            Some(id) => id,
            None => {
                let base = match part {
                    Some(p) => format!("l{feature}.{p}"),
                    None => format!("l{feature}"),
                };
                let mut id = base.clone();
                let mut k = 2;
                while link_ids.contains(&id) {
                    id = format!("{base}_{k}");
                    k += 1;
                }
                link_ids.insert(id.clone());
                id
            }
        };
        let from = match from {
            Some(f) => place_ix[&f],
            None => line_ends[li][0],
        };
        let to = match to {
            Some(t) => place_ix[&t],
            None => line_ends[li][1],
        };
        // The line runs from `from`'s location to `to`'s.
        let last = coords.len() - 1;
        coords[0] = [places[from].lon(), places[from].lat()];
        coords[last] = [places[to].lon(), places[to].lat()];
        link.from = places[from].id.clone();
        link.to = places[to].id.clone();
        if link.length_km.is_none() && link.circuity.is_none() {
            link.length_km = Some(Sourced {
                value: line_km(&coords),
                source: COMPUTED.into(),
                note: Some("geodesic length of the imported line".into()),
            });
        }
        link.geometry = (coords.len() > 2).then_some(coords);
        link_line.push(super::read::LineOrigin { record, aliases });
        links.push(link);
    }
    place_feature.resize(places.len(), None);
    Ok(Assembled {
        places,
        links,
        place_feature,
        link_line,
    })
}

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
fn group_ends(ends: &[End], tol: f64) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    if tol == 0.0 {
        let mut group_of: HashMap<(u64, u64), usize> = HashMap::with_capacity(ends.len());
        for (i, e) in ends.iter().enumerate() {
            let g = *group_of.entry(key(e.at)).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        return groups;
    }
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
    let mut group_of: HashMap<u32, usize> = HashMap::new();
    for i in 0..ends.len() {
        let g = *group_of.entry(sets.find_mut(i as u32)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
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
