//! k alternative routes: Yen's k shortest loopless paths over the place × carrier graph.
//!
//! Loopless means no place is visited twice (a transfer stays at its place). Each spur search
//! is an A* from a state of the previous path, with the root's places removed, the spur place
//! closed to re-entry, and the edges that earlier paths with the same root took next removed.
//!
//! With via places or corridors the same algorithm runs on the product of the search graph
//! with the request's progress (via places passed, corridors used), so every alternative
//! honours them; there a route may pass a place again once it has passed a via place since
//! (out to a via place and back is one route), never twice between two via places.

use std::cell::Cell;
use std::collections::HashSet;

/// Paths met, by the hash of their edges.
type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use crate::algo::{search_timed, CsrGraph, Path};
use crate::error::RouteError;
use crate::network::StateEdge;

use super::planner::finite;
use super::resolve::{resolve, Query};
use super::tree::remaining;
use super::{Planner, Route, RouteRequest};

/// How far, in multiples of the best path's weight, the exact bound on the rest of the way
/// reaches back from the destination.
const BOUND_RADIUS: f64 = 1.5;

/// The most paths generated while looking for diverse ones, per alternative asked for.
const GENERATED_PER_ASKED: usize = 20;

impl Planner<'_> {
    /// Up to `k` routes for `req`, best first by its objective (equal scores may differ in
    /// the last digit, summed in another order), each loopless (no place twice) and
    /// different from the others (routes that change gauge at either end of a dual-gauge
    /// border link are different routes); the first is [`Planner::route`]'s. Via places,
    /// via and avoided corridors and closures hold for every route; with via places a route
    /// may come back through a place after passing a via place, as [`Planner::route`]'s may.
    ///
    /// # Errors
    /// As [`Planner::route`]; [`RouteError::InvalidRequest`] for `k = 0`.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, Objective, Planner, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let mut planner = Planner::new(&net);
    /// let req = RouteRequest::new("Xi'an", "Duisburg").by(Objective::Time);
    /// let routes = planner.alternatives(&req, 3)?;
    /// assert_eq!(routes[0].path, planner.route(&req)?.path);
    /// // In order (up to rounding: the same sum added in another order).
    /// let hours: Vec<f64> = routes.iter().map(|r| r.totals.duration_hours).collect();
    /// assert!(hours.windows(2).all(|w| w[0] <= w[1] * (1.0 + 1e-12)));
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn alternatives(&mut self, req: &RouteRequest, k: usize) -> Result<Vec<Route>, RouteError> {
        self.alternatives_diverse(req, k, 1.0)
    }

    /// [`Planner::alternatives`], keeping only routes that share at most `max_shared_fraction`
    /// of their length (km on the same links) with every better route kept: genuinely
    /// different options. `1.0` keeps every loopless route.
    ///
    /// # Errors
    /// As [`Planner::alternatives`]; [`RouteError::InvalidRequest`] for a fraction outside
    /// 0..=1.
    pub fn alternatives_diverse(
        &mut self,
        req: &RouteRequest,
        k: usize,
        max_shared_fraction: f64,
    ) -> Result<Vec<Route>, RouteError> {
        if k == 0 {
            return Err(RouteError::InvalidRequest {
                field: "alternatives",
                value: "0".into(),
                problem: "ask for at least one route".into(),
            });
        }
        if !(0.0..=1.0).contains(&max_shared_fraction) {
            return Err(RouteError::InvalidRequest {
                field: "max_shared_fraction",
                value: crate::readable::Readable(max_shared_fraction).to_string(),
                problem: "a fraction of the route's length, from 0 to 1".into(),
            });
        }
        let q = resolve(self.net, req)?;
        let paths = self.yen(&q, k, max_shared_fraction);
        if paths.is_empty() {
            // No route: `route` says why.
            self.route(req)?;
        }
        paths.iter().map(|p| finite(q.explain(p))).collect()
    }

    /// Yen's algorithm with Lawler's rule: a path is spurred only from where it left the path
    /// it was found from (earlier spurs would repeat that path's own).
    fn yen(&mut self, q: &Query, k: usize, max_shared: f64) -> Vec<Path> {
        let net = q.net;
        let sg = net.search_graph();
        let Some(best) = self.search(q) else {
            return Vec::new();
        };
        let layers = Layers::new(q);
        let big_p = layers.progress;
        let graph = layers.graph();
        // Every edge's weight for this query, priced once when first asked (NaN: not yet).
        let weights: Vec<Cell<f64>> = vec![Cell::new(f64::NAN); graph.edge_count()];
        let edge_weight = |label: u32| {
            let cell = &weights[label as usize];
            let w = cell.get();
            if !w.is_nan() {
                return w;
            }
            let w = q
                .measures(&sg.edges[label as usize / big_p])
                .map_or(f64::INFINITY, |m| q.weight(&m));
            cell.set(w);
            w
        };
        let state_edge = |label: u32| &sg.edges[(label as usize) / big_p];
        // Each node's place, with its progress: loopless is "no place twice with one
        // progress". Looked up, not divided out, on the spur searches' hot path.
        let keys: Vec<u32> = (0..graph.node_count())
            .map(|node| (sg.state_place[node / big_p] as usize * big_p + node % big_p) as u32)
            .collect();
        let place_key = |node: u32| keys[node as usize] as usize;
        // Which edges are transfers (they stay at their place).
        let transfer: Vec<bool> = (0..graph.edge_count())
            .map(|label| matches!(sg.edges[label / big_p], StateEdge::Transfer { .. }))
            .collect();
        let last = big_p - 1;
        let target = q.to;
        let target_key = target as usize * big_p + last;
        let is_target = |node: u32| place_key(node) == target_key;
        let link_km = |p: &Path| -> Vec<(u32, f64)> {
            p.edges
                .iter()
                .filter_map(|&e| match *state_edge(e) {
                    StateEdge::Link { link, .. } => Some((link, net.link_ref(link).length_km())),
                    StateEdge::Transfer { .. } => None,
                })
                .collect()
        };
        let shares_too_much = |cand: &Path, kept: &[Path]| {
            let mine = link_km(cand);
            let total: f64 = mine.iter().map(|x| x.1).sum();
            kept.iter().any(|other| {
                let theirs: HashSet<u32> = link_km(other).into_iter().map(|x| x.0).collect();
                let shared: f64 = mine
                    .iter()
                    .filter(|(l, _)| theirs.contains(l))
                    .map(|x| x.1)
                    .sum();
                total > 0.0 && shared > max_shared * total + 1e-9
            })
        };
        let head_of = |label: u32| layers.head(label);
        // The exact remaining weight to the destination, up to a radius of a few times the
        // best path's (a backward tree on the reversed graph): a consistent A* bound for every
        // spur search, which then walks almost straight to the destination, and a test for
        // spurs that cannot arrive. Alternatives far longer than the best are rare: beyond the
        // radius the bound is the radius, still sound.
        let dest: Vec<u32> = sg
            .states_of(target)
            .map(|s| s * big_p as u32 + last as u32)
            .collect();
        let radius = BOUND_RADIUS * best.weight.max(f64::MIN_POSITIVE);
        let to_go = remaining(layers.reversed(), &dest, radius, edge_weight);
        let best = layers.lift(best);
        let mut blocked_place = vec![0u32; net.places().len() * big_p];
        let mut blocked_node = vec![0u32; graph.node_count()];
        let mut stamp = 0u32;
        // Paths found, each with the edge where it left the path it was found from.
        let mut generated: Vec<(Path, usize)> = vec![(best.clone(), 0)];
        let mut kept: Vec<Path> = vec![best];
        // Every path met (found or candidate), by the hash of its edges, to meet each once.
        let mut seen: FastMap<u64, Vec<Met>> = FastMap::default();
        seen.entry(edges_hash(0, &generated[0].0.edges))
            .or_default()
            .push(Met::Found(0));
        let mut candidates: Vec<Candidate> = Vec::new();
        let limit = k.saturating_mul(GENERATED_PER_ASKED);
        let mut next = 0;
        let mut taken: Vec<u32> = Vec::new();
        while kept.len() < k && generated.len() < limit && next < generated.len() {
            let parent = next;
            let (prev, deviation) = generated[next].clone();
            next += 1;
            let mut nodes = vec![prev.source];
            nodes.extend(prev.edges.iter().map(|&e| head_of(e)));
            // The hash of each root (`prefix[i]`: the first `i` edges).
            let mut prefix = Vec::with_capacity(prev.edges.len() + 1);
            prefix.push(0u64);
            for &e in &prev.edges {
                prefix.push(hash_step(*prefix.last().expect("pushed"), e));
            }
            // The paths found so far (Yen's A: not the candidates) that share at least the
            // first `deviation` edges with `prev`, each with how far it shares them: at spur
            // `i` its root is `prev`'s when that is at least `i`, and the edge it took next is
            // removed.
            let known: Vec<(&[u32], usize)> = generated
                .iter()
                .filter(|(p, _)| p.source == prev.source)
                .filter_map(|(p, _)| {
                    let n = p
                        .edges
                        .iter()
                        .zip(&prev.edges)
                        .take_while(|(a, b)| a == b)
                        .count();
                    (n >= deviation).then_some((p.edges.as_slice(), n))
                })
                .collect();
            let mut root_weight: f64 = prev.edges[..deviation]
                .iter()
                .map(|&e| edge_weight(e))
                .sum();
            // Paths still to find, and the weight a new candidate must beat to be one of them:
            // the `needed`-th lightest open candidate's (a spur whose root plus the
            // unconstrained rest of the way cannot beat it is not searched).
            let needed = if max_shared >= 1.0 {
                k - kept.len()
            } else {
                // Diverse routes: more paths may be rejected, so every path up to the limit
                // may be needed.
                limit.saturating_sub(generated.len())
            }
            .max(1);
            let mut lightest = Lightest::new(needed);
            for c in candidates.iter().filter(|c| !c.taken) {
                lightest.add(c.weight);
            }
            let mut beat = lightest.beat();
            stamp += 1;
            let mut marked = 0;
            for i in deviation..prev.edges.len() {
                let spur = nodes[i];
                if root_weight + to_go[spur as usize] > beat {
                    root_weight += edge_weight(prev.edges[i]);
                    continue;
                }
                let spur_place = place_key(spur);
                // The root's places and nodes, marked as the root grows (the spur's own
                // place may be among them after a transfer: links back into it are closed
                // anyway).
                for &s in &nodes[marked..i] {
                    blocked_place[place_key(s)] = stamp;
                    blocked_node[s as usize] = stamp;
                }
                marked = i;
                // At most one edge per path found: a short list beats a hash set here.
                taken.clear();
                taken.extend(
                    known
                        .iter()
                        .filter(|(p, n)| *n >= i && p.len() > i)
                        .map(|(p, _)| p[i]),
                );
                // Paths that cannot beat `beat` are cut: `t` is the weight so far from the spur.
                let budget = beat - root_weight;
                let weight = |e: usize, t: f64| {
                    let label = graph.edge_label(e);
                    if taken.contains(&label) {
                        return f64::INFINITY;
                    }
                    let head = head_of(label);
                    let bad = if transfer[label as usize] {
                        blocked_node[head as usize] == stamp
                    } else {
                        let key = place_key(head);
                        key == spur_place || blocked_place[key] == stamp
                    };
                    if bad {
                        return f64::INFINITY;
                    }
                    let w = edge_weight(label);
                    if t + w + to_go[head as usize] > budget {
                        f64::INFINITY
                    } else {
                        w
                    }
                };
                let spur_path =
                    search_timed(graph, &mut self.ws, &[spur], is_target, weight, |s| {
                        to_go[s as usize]
                    });
                if let Some(sp) = spur_path.filter(|sp| root_weight + sp.weight <= beat) {
                    let hash = sp.edges.iter().fold(prefix[i], |h, &e| hash_step(h, e));
                    let root = &prev.edges[..i];
                    let whole = || root.iter().chain(&sp.edges);
                    let met = seen.entry(hash).or_default();
                    let again = met.iter().any(|m| match *m {
                        Met::Found(g) => generated[g].0.edges.iter().eq(whole()),
                        Met::Candidate(c) => candidates[c].edges(&generated).eq(whole()),
                    });
                    if !again {
                        met.push(Met::Candidate(candidates.len()));
                        let weight = root_weight + sp.weight;
                        candidates.push(Candidate {
                            weight,
                            parent,
                            at: i,
                            spur: sp,
                            taken: false,
                        });
                        lightest.add(weight);
                        beat = lightest.beat();
                    }
                }
                root_weight += edge_weight(prev.edges[i]);
            }
            // The lightest open candidate becomes the next path.
            let Some(at) = (0..candidates.len())
                .filter(|&c| !candidates[c].taken)
                .min_by(|&a, &b| candidates[a].weight.total_cmp(&candidates[b].weight))
            else {
                break;
            };
            let c = &mut candidates[at];
            c.taken = true;
            let p = Path {
                weight: c.weight,
                edges: c.edges(&generated).copied().collect(),
                source: generated[c.parent].0.source,
                target: c.spur.target,
            };
            let dev = c.at;
            if max_shared >= 1.0 || !shares_too_much(&p, &kept) {
                kept.push(p.clone());
            }
            generated.push((p, dev));
        }
        kept.truncate(k);
        kept.into_iter().map(|p| layers.lower(p)).collect()
    }
}

/// The graph Yen runs on: the search graph itself, or, for via places and corridors, its
/// product with progress (node `state × P + progress`, edge `label × P + progress` leaving that
/// node), where a path to the destination with everything done is a route that passes the
/// via places in order and uses the corridors.
struct Layers<'q> {
    /// Progress values per state (1 without waypoints).
    progress: usize,
    /// The product graph and its reverse; `None` without waypoints (the search graph serves).
    product: Option<(CsrGraph, CsrGraph, Vec<u32>)>,
    sg: &'q crate::network::SearchGraph,
}

impl<'q> Layers<'q> {
    fn new(q: &Query<'q>) -> Self {
        let sg = q.net.search_graph();
        let progress = q.progress_count();
        if progress == 1 {
            return Layers {
                progress,
                product: None,
                sg,
            };
        }
        let g = &sg.graph;
        let tail = sg.edge_tails();
        let p32 = progress as u32;
        let mut edges = Vec::with_capacity(sg.edges.len() * progress);
        let mut head = Vec::with_capacity(sg.edges.len() * progress);
        for (label, edge) in sg.edges.iter().enumerate() {
            let t = sg.edge_head[label];
            for p in 0..progress {
                let to = t * p32 + q.advance(p, edge, t) as u32;
                edges.push((tail[label] * p32 + p as u32, to, 0.0));
                head.push(to);
            }
        }
        let graph = CsrGraph::from_edges(g.node_count() * progress, &edges)
            .expect("a product of a valid graph with a few layers is valid");
        let rev = graph.reversed();
        Layers {
            progress,
            product: Some((graph, rev, head)),
            sg,
        }
    }

    fn graph(&self) -> &CsrGraph {
        self.product.as_ref().map_or(&self.sg.graph, |p| &p.0)
    }

    fn reversed(&self) -> &CsrGraph {
        self.product
            .as_ref()
            .map_or_else(|| self.sg.reversed(), |p| &p.1)
    }

    /// The node edge `label` leads to.
    fn head(&self, label: u32) -> u32 {
        match &self.product {
            Some(p) => p.2[label as usize],
            None => self.sg.edge_head[label as usize],
        }
    }

    /// A path of the search graph as a path of this graph (progress followed edge by edge).
    fn lift(&self, path: Path) -> Path {
        if self.product.is_none() {
            return path;
        }
        let big_p = self.progress as u32;
        let mut p = 0u32;
        let edges = path
            .edges
            .iter()
            .map(|&l| {
                let label = l * big_p + p;
                p = self.head(label) % big_p;
                label
            })
            .collect();
        Path {
            weight: path.weight,
            edges,
            source: path.source * big_p,
            target: path.target * big_p + p,
        }
    }

    /// A path of this graph as a path of the search graph.
    fn lower(&self, path: Path) -> Path {
        let big_p = self.progress as u32;
        Path {
            weight: path.weight,
            edges: path.edges.iter().map(|&l| l / big_p).collect(),
            source: path.source / big_p,
            target: path.target / big_p,
        }
    }
}

/// A path met in Yen's search: the first `at` edges of the path found `parent`, then `spur`.
struct Candidate {
    weight: f64,
    parent: usize,
    at: usize,
    spur: Path,
    /// Whether it has become a path found.
    taken: bool,
}

impl Candidate {
    fn edges<'a>(&'a self, found: &'a [(Path, usize)]) -> impl Iterator<Item = &'a u32> {
        found[self.parent].0.edges[..self.at]
            .iter()
            .chain(&self.spur.edges)
    }
}

/// Where a path met is kept.
enum Met {
    Found(usize),
    Candidate(usize),
}

/// One step of the edge-sequence hash (multiply-xorshift; equal hashes are compared in
/// full, so collisions cost time, never a path).
fn hash_step(h: u64, e: u32) -> u64 {
    let h = (h ^ u64::from(e)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 31)
}

/// The hash of a whole edge sequence, from `h`.
fn edges_hash(h: u64, edges: &[u32]) -> u64 {
    edges.iter().fold(h, |h, &e| hash_step(h, e))
}

/// The `n` lightest weights added (a max-heap of their bits: weights are finite and
/// non-negative, where bit order is number order), for the weight a new path must beat.
struct Lightest {
    n: usize,
    heap: std::collections::BinaryHeap<u64>,
}

impl Lightest {
    fn new(n: usize) -> Self {
        Lightest {
            n,
            heap: std::collections::BinaryHeap::with_capacity(n + 1),
        }
    }

    fn add(&mut self, w: f64) {
        self.heap.push(w.to_bits());
        if self.heap.len() > self.n {
            self.heap.pop();
        }
    }

    /// The `n`-th lightest weight, a hair above so that rounding never cuts a path of equal
    /// weight; infinite while fewer than `n` were added.
    fn beat(&self) -> f64 {
        match self.heap.peek() {
            Some(&bits) if self.heap.len() == self.n => {
                let w = f64::from_bits(bits);
                w + 1e-9 * w.abs().max(1.0)
            }
            _ => f64::INFINITY,
        }
    }
}
