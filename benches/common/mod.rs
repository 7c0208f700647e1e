//! Graphs shared by the benches (`pathfinding`, `heap_choice`): the OSM railway CSV loader,
//! the synthetic road-like generator, the largest connected component, fixed random query
//! pairs and the A* lower bound. Everything here is deterministic: same files, same seed, same
//! graph and pairs, whatever the crate versions.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

/// Mean Earth radius (IUGG), km.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Slack that keeps the lower bound admissible and consistent despite rounding.
const SLACK: f64 = 1.0 - 1e-9;

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny fixed generator, so the synthetic graph and the
/// query pairs never change with a crate version.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (Lemire's multiply-shift; the bias is below 2^-40 for our n).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

/// Node positions, for the A* lower bound.
enum Points {
    /// Latitude and longitude in radians, with the cosine of the latitude precomputed.
    LatLon {
        lat: Vec<f64>,
        lon: Vec<f64>,
        cos_lat: Vec<f64>,
    },
    /// Planar coordinates in km.
    Plane { x: Vec<f64>, y: Vec<f64> },
}

/// A benchmark graph: directed edges (every undirected link in both directions), node
/// positions and the factor that turns the geometric distance into an admissible and
/// consistent lower bound of the path weight.
pub struct BenchGraph {
    pub name: &'static str,
    pub node_count: usize,
    /// `(from, to, weight_km)`; an undirected link appears as two consecutive edges.
    pub edges: Vec<(u32, u32, f64)>,
    points: Points,
    /// `lower_bound(v, t) = factor * distance(v, t)`.
    factor: f64,
}

/// Great-circle distance in km (haversine formula).
#[inline]
fn haversine_km(lat1: f64, lon1: f64, cos1: f64, lat2: f64, lon2: f64, cos2: f64) -> f64 {
    let s_lat = ((lat2 - lat1) * 0.5).sin();
    let s_lon = ((lon2 - lon1) * 0.5).sin();
    let a = (s_lat * s_lat + cos1 * cos2 * s_lon * s_lon).min(1.0);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

/// Euclidean distance in km: the synthetic graph's edge weights and its lower bound.
#[inline]
fn euclid_km(x1: f64, y1: f64, x2: f64, y2: f64) -> f64 {
    let (dx, dy) = (x2 - x1, y2 - y1);
    (dx * dx + dy * dy).sqrt()
}

/// The A* lower bound towards one target: `at(v)` never exceeds the weight of the lightest
/// path from `v` to the target, and `at(u) <= w(u, v) + at(v)` for every edge.
#[derive(Clone, Copy)]
pub struct LowerBound<'g> {
    graph: &'g BenchGraph,
    t: u32,
}

impl LowerBound<'_> {
    #[inline]
    pub fn at(&self, v: u32) -> f64 {
        let (v, t) = (v as usize, self.t as usize);
        let d = match &self.graph.points {
            Points::LatLon { lat, lon, cos_lat } => {
                haversine_km(lat[v], lon[v], cos_lat[v], lat[t], lon[t], cos_lat[t])
            }
            Points::Plane { x, y } => euclid_km(x[v], y[v], x[t], y[t]),
        };
        self.graph.factor * d
    }
}

impl BenchGraph {
    /// The lower bound towards `target` (the same logic for every A* contender).
    pub fn lower_bound(&self, target: u32) -> LowerBound<'_> {
        LowerBound {
            graph: self,
            t: target,
        }
    }

    /// Node coordinates as `(x, y)`: (longitude, latitude) in degrees for the OSM graphs,
    /// planar km for the synthetic one (what a CCH's nested-dissection order takes).
    #[allow(dead_code)] // used by the `cch` bench only
    pub fn coords(&self) -> Vec<(f64, f64)> {
        match &self.points {
            Points::LatLon { lat, lon, .. } => lon
                .iter()
                .zip(lat)
                .map(|(&lo, &la)| (lo.to_degrees(), la.to_degrees()))
                .collect(),
            Points::Plane { x, y } => x.iter().copied().zip(y.iter().copied()).collect(),
        }
    }

    /// The nodes of the largest connected component (links are undirected), ascending.
    pub fn largest_component(&self) -> Vec<u32> {
        let n = self.node_count;
        let mut parent: Vec<u32> = (0..n as u32).collect();
        fn find(parent: &mut [u32], mut v: u32) -> u32 {
            while parent[v as usize] != v {
                let p = parent[v as usize];
                parent[v as usize] = parent[p as usize];
                v = p;
            }
            v
        }
        for &(u, v, _) in &self.edges {
            let (a, b) = (find(&mut parent, u), find(&mut parent, v));
            if a != b {
                parent[a.max(b) as usize] = a.min(b);
            }
        }
        let mut size = vec![0u32; n];
        let roots: Vec<u32> = (0..n as u32).map(|v| find(&mut parent, v)).collect();
        for &r in &roots {
            size[r as usize] += 1;
        }
        let biggest = (0..n).max_by_key(|&r| size[r]).unwrap_or(0) as u32;
        (0..n as u32)
            .filter(|&v| roots[v as usize] == biggest)
            .collect()
    }

    /// `count` fixed random `(source, target)` pairs, both in the largest connected component,
    /// source != target.
    pub fn query_pairs(&self, count: usize, seed: u64) -> Vec<(u32, u32)> {
        let lcc = self.largest_component();
        assert!(lcc.len() >= 2, "{}: no component with two nodes", self.name);
        let mut rng = SplitMix64::new(seed);
        let mut pairs = Vec::with_capacity(count);
        while pairs.len() < count {
            let s = lcc[rng.below(lcc.len())];
            let t = lcc[rng.below(lcc.len())];
            if s != t {
                pairs.push((s, t));
            }
        }
        eprintln!(
            "{}: largest component {} of {} nodes; pairs {:?}",
            self.name,
            lcc.len(),
            self.node_count,
            pairs
        );
        pairs
    }
}

/// A file under the crate's `data/` directory.
pub fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(relative)
}

fn read_text(relative: &str) -> String {
    let path = data_path(relative);
    let file = File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    let result = if relative.ends_with(".gz") {
        flate2::read::GzDecoder::new(file).read_to_string(&mut text)
    } else {
        std::io::BufReader::new(file).read_to_string(&mut text)
    };
    result.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text
}

/// The data rows of a CSV with the expected header, split on commas.
fn rows<'t>(
    text: &'t str,
    file: &'t str,
    header: &'t str,
) -> impl Iterator<Item = (usize, Vec<&'t str>)> + 't {
    let mut lines = text.lines().enumerate();
    let first = lines.next().map(|(_, l)| l.trim());
    assert_eq!(first, Some(header), "{file}: unexpected header");
    lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.trim().split(',').collect()))
}

fn field<T: std::str::FromStr>(file: &str, line: usize, cols: &[&str], i: usize) -> T {
    cols.get(i)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{file}:{line}: bad column {}: {cols:?}", i + 1))
}

/// Loads an OSM railway network: `<stem>.nodes.csv[.gz]` (`id,lat,lon`) and
/// `<stem>.edges.csv[.gz]` (`from,to,length_km,mode`), undirected links, node ids mapped to
/// `0..n` in file order. The lower-bound factor is `c * (1 - 1e-9)` with `c` the smallest
/// `length_km / great_circle(u, v)` over the links (coordinates are rounded to 3 decimals,
/// so a link can be shorter than the straight line between its rounded ends).
pub fn load_osm(name: &'static str, nodes_file: &str, edges_file: &str) -> BenchGraph {
    let started = Instant::now();
    let text = read_text(nodes_file);
    let mut index: HashMap<u64, u32> = HashMap::new();
    let (mut lat, mut lon, mut cos_lat) = (Vec::new(), Vec::new(), Vec::new());
    for (line, cols) in rows(&text, nodes_file, "id,lat,lon") {
        let id: u64 = field(nodes_file, line, &cols, 0);
        let la: f64 = field(nodes_file, line, &cols, 1);
        let lo: f64 = field(nodes_file, line, &cols, 2);
        let next = lat.len() as u32;
        assert!(
            index.insert(id, next).is_none(),
            "{nodes_file}:{line}: duplicate node id {id}"
        );
        lat.push(la.to_radians());
        lon.push(lo.to_radians());
        cos_lat.push(la.to_radians().cos());
    }
    let text = read_text(edges_file);
    let mut edges = Vec::new();
    let mut c = f64::INFINITY;
    for (line, cols) in rows(&text, edges_file, "from,to,length_km,mode") {
        let node = |i: usize| -> u32 {
            let id: u64 = field(edges_file, line, &cols, i);
            *index
                .get(&id)
                .unwrap_or_else(|| panic!("{edges_file}:{line}: unknown node {id}"))
        };
        let (u, v) = (node(0), node(1));
        let w: f64 = field(edges_file, line, &cols, 2);
        assert!(w.is_finite() && w >= 0.0, "{edges_file}:{line}: length {w}");
        let (a, b) = (u as usize, v as usize);
        let h = haversine_km(lat[a], lon[a], cos_lat[a], lat[b], lon[b], cos_lat[b]);
        if h > 0.0 {
            c = c.min(w / h);
        }
        edges.push((u, v, w));
        edges.push((v, u, w));
    }
    let node_count = lat.len();
    let factor = if c.is_finite() { c * SLACK } else { 0.0 };
    eprintln!(
        "{name}: loaded {node_count} nodes, {} links in {:.1?} (read{}+parse); \
         lower-bound factor c = {c:.6}",
        edges.len() / 2,
        started.elapsed(),
        if nodes_file.ends_with(".gz") {
            "+gunzip"
        } else {
            ""
        }
    );
    BenchGraph {
        name,
        node_count,
        edges,
        points: Points::LatLon { lat, lon, cos_lat },
        factor,
    }
}

/// A road-like graph: `n` uniform random points in a `side_km` square, each joined to its `k`
/// nearest neighbours (the union of the kNN edges, in both directions, without duplicates),
/// weight = Euclidean length. Nodes are numbered by grid cell (row by row), the order a
/// spatially sorted road file would give; the graph itself does not depend on it.
pub fn synthetic(name: &'static str, n: usize, seed: u64) -> BenchGraph {
    const SIDE_KM: f64 = 100.0;
    const K: usize = 4;
    let started = Instant::now();
    let mut rng = SplitMix64::new(seed);
    let raw: Vec<(f64, f64)> = (0..n)
        .map(|_| (rng.next_f64() * SIDE_KM, rng.next_f64() * SIDE_KM))
        .collect();
    // Grid of about two points per cell, filled by a counting sort.
    let g = ((n as f64 / 2.0).sqrt().ceil() as usize).max(1);
    let cell_km = SIDE_KM / g as f64;
    let cell_of = |(x, y): (f64, f64)| -> (usize, usize) {
        let cx = ((x / cell_km) as usize).min(g - 1);
        let cy = ((y / cell_km) as usize).min(g - 1);
        (cx, cy)
    };
    let mut start = vec![0u32; g * g + 1];
    for &p in &raw {
        let (cx, cy) = cell_of(p);
        start[cy * g + cx + 1] += 1;
    }
    for i in 0..g * g {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let (mut x, mut y) = (vec![0.0; n], vec![0.0; n]);
    for &p in &raw {
        let (cx, cy) = cell_of(p);
        let slot = next[cy * g + cx] as usize;
        next[cy * g + cx] += 1;
        (x[slot], y[slot]) = p;
    }
    drop(raw);

    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(n * K);
    let mut best: Vec<(f64, u32)> = Vec::with_capacity(K + 1);
    for i in 0..n {
        let (cx, cy) = cell_of((x[i], y[i]));
        best.clear();
        let mut r = 0usize;
        loop {
            // Cells at Chebyshev distance exactly r from (cx, cy).
            let (x0, x1) = (cx.saturating_sub(r), (cx + r).min(g - 1));
            let (y0, y1) = (cy.saturating_sub(r), (cy + r).min(g - 1));
            for gy in y0..=y1 {
                let on_row_edge = gy + r == cy || gy == cy + r;
                for gx in x0..=x1 {
                    if !on_row_edge && gx + r != cx && gx != cx + r {
                        continue;
                    }
                    let cell = gy * g + gx;
                    for j in start[cell] as usize..start[cell + 1] as usize {
                        if j == i {
                            continue;
                        }
                        let (dx, dy) = (x[j] - x[i], y[j] - y[i]);
                        let d2 = dx * dx + dy * dy;
                        if best.len() < K || d2 < best[K - 1].0 {
                            let at = best.partition_point(|&(b, _)| b <= d2);
                            best.insert(at, (d2, j as u32));
                            best.truncate(K);
                        }
                    }
                }
            }
            // Every point not yet seen is at least r cells away.
            let reach = r as f64 * cell_km;
            if (best.len() == K && best[K - 1].0 <= reach * reach) || r >= g {
                break;
            }
            r += 1;
        }
        for &(_, j) in &best {
            let (a, b) = (i as u32, j);
            pairs.push((a.min(b), a.max(b)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut edges = Vec::with_capacity(2 * pairs.len());
    for &(a, b) in &pairs {
        let w = euclid_km(x[a as usize], y[a as usize], x[b as usize], y[b as usize]);
        edges.push((a, b, w));
        edges.push((b, a, w));
    }
    eprintln!(
        "{name}: generated {n} nodes, {} links in {:.2?}",
        pairs.len(),
        started.elapsed()
    );
    BenchGraph {
        name,
        node_count: n,
        edges,
        points: Points::Plane { x, y },
        factor: SLACK,
    }
}

/// The whole-world OSM railway network (gzip CSV).
pub fn world_rail() -> BenchGraph {
    load_osm(
        "world_rail",
        "osm/osm_railways_world.nodes.csv.gz",
        "osm/osm_railways_world.edges.csv.gz",
    )
}
