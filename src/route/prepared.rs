//! Many questions on one network: a customizable contraction hierarchy over the place ×
//! carrier graph ([`Prepared`], metric-independent), customized for one request template
//! ([`Customized`]: objective, cargo, modes, year, avoidance, closures), then queried for
//! routes and matrices in microseconds.
//!
//! The answers are [`Planner`]'s: the same resolution of the request (and its errors), the
//! same edge weights, the same explanation of the path; only the search differs.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path as FsPath, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::algo::cch::Progress;
use crate::algo::{Cch, CchError, CchMetric, CchWorkspace, MetricWeights, Path};
use crate::error::RouteError;
use crate::network::Network;

use super::matrix::Matrix;
use super::planner::finite;
use super::resolve::{resolve, Query};
use super::tree::path_totals;
use super::{Planner, Route, RouteRequest};

/// What opens a file written by [`Prepared::save`].
const PREPARED: &str = "corridor prepared network";
/// What opens a file written by [`Customized::save`].
const CUSTOMIZED: &str = "corridor customized network";
/// The version of the file layout; files of another version are refused.
const VERSION: u32 = 1;

/// A network prepared for fast queries: a customizable contraction hierarchy of its place ×
/// carrier graph ([`crate::algo::cch`]), made once and shared by every objective and
/// constraint set ([`Prepared::customize`]).
///
/// `Send + Sync`: prepare once, customize and query from many threads.
///
/// # Example
/// ```
/// use corridor::{Network, Objective, Planner, RouteRequest};
///
/// let net = Network::central_asia();
/// let prepared = net.prepare();
/// let template = RouteRequest::new("Xi'an", "Duisburg").by(Objective::Time);
/// let mut fastest = prepared.customize(&template)?;
/// let route = fastest.route("Urumqi", "Baku")?;
/// let planned = Planner::new(&net).route(&RouteRequest::new("Urumqi", "Baku").by(Objective::Time))?;
/// assert_eq!(route.path, planned.path);
/// assert_eq!(route.totals, planned.totals);
/// # Ok::<(), corridor::RouteError>(())
/// ```
#[derive(Debug)]
pub struct Prepared<'n> {
    net: &'n Network,
    cch: Cch,
    /// [`content_hash`] of the network, computed on first use.
    content: OnceLock<u64>,
}

/// A [`Prepared`] network customized for one request template: its objective, cargo, modes,
/// year, avoided countries and places, and closures. Ask it for routes between any two places
/// ([`Customized::route`]) and for matrices ([`Customized::matrix`], [`Customized::scores`]).
#[derive(Debug)]
pub struct Customized<'p, 'n> {
    prepared: &'p Prepared<'n>,
    metric: CchMetric<'p>,
    template: RouteRequest,
    ws: CchWorkspace,
}

/// A problem saving or loading a prepared or customized network.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PreparedError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not one this version of the crate wrote, or it is damaged.
    #[error("{path}: not a prepared corridor network of format version {VERSION} ({problem})")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// The file was prepared for another network (or another version of this one).
    #[error("{path}: prepared for another network ({what} fingerprint {found:016x}, this network's is {expected:016x}); prepare this network again")]
    WrongNetwork {
        /// The file.
        path: PathBuf,
        /// Which fingerprint differs: "graph" for a prepared file, "content" for a customized one.
        what: &'static str,
        /// This network's fingerprint.
        expected: u64,
        /// The file's.
        found: u64,
    },
    /// The request template stored in a customized file does not resolve on this network.
    #[error("{path}: the stored request template: {source}")]
    Template {
        /// The file.
        path: PathBuf,
        /// Why it does not resolve.
        source: RouteError,
    },
}

/// The layout of a prepared file.
#[derive(Serialize, Deserialize)]
struct PreparedFile {
    magic: String,
    version: u32,
    graph: u64,
    cch: Cch,
}

/// The layout of a customized file.
#[derive(Serialize, Deserialize)]
struct CustomizedFile {
    magic: String,
    version: u32,
    graph: u64,
    content: u64,
    /// The request template, as JSON (its optional fields need a self-describing format).
    template: String,
    weights: MetricWeights,
}

impl Network {
    /// Prepares this network for fast queries ([`Prepared`]), on rayon's thread pool.
    ///
    /// # Complexity
    /// Nested dissection and contraction of the place × carrier graph: about half a second
    /// for the 275,000 places of the world railways (`BENCHMARKS.md`); instant on the
    /// built-in network.
    pub fn prepare(&self) -> Prepared<'_> {
        self.prepare_with(0, &mut |_| {})
    }

    /// [`Network::prepare`] on `threads` threads (`1`: the calling thread alone; `0`: rayon's
    /// pool; the hierarchy is the same), reporting progress to `progress` (the `matrix`
    /// example draws a progress bar from it).
    pub fn prepare_with(&self, threads: usize, progress: &mut dyn FnMut(Progress)) -> Prepared<'_> {
        let sg = self.search_graph();
        let coords: Vec<(f64, f64)> = sg
            .state_place
            .iter()
            .map(|&p| {
                let p = self.place_ref(p);
                (p.lon(), p.lat())
            })
            .collect();
        let cch = Cch::new_with_threads(&sg.graph, &coords, threads, progress)
            .expect("the search graph has one coordinate per state and fits 32-bit ids");
        Prepared {
            net: self,
            cch,
            content: OnceLock::new(),
        }
    }
}

impl<'n> Prepared<'n> {
    /// The network it was prepared for.
    pub fn network(&self) -> &'n Network {
        self.net
    }

    /// The hierarchy (for the kernel's own queries, [`crate::algo::cch`]).
    pub fn hierarchy(&self) -> &Cch {
        &self.cch
    }

    /// Heap bytes held by the hierarchy.
    pub fn memory_bytes(&self) -> usize {
        self.cch.memory_bytes()
    }

    /// Customizes the hierarchy for `template`'s objective, cargo and constraints (its ends
    /// are checked like any request's, and not used after).
    ///
    /// # Errors
    /// As [`Planner::route`] for the template; [`RouteError::InvalidRequest`] for via
    /// corridors, and for a departure time on a network with timetables (time-dependent
    /// waits): [`Planner`] answers those. Via places are passed in order.
    pub fn customize(&self, template: &RouteRequest) -> Result<Customized<'_, 'n>, RouteError> {
        self.customize_with_threads(template, 0)
    }

    /// [`Prepared::customize`] on `threads` threads (`1`: the calling thread alone; `0`:
    /// rayon's pool); the weights are the same, bit for bit.
    ///
    /// # Errors
    /// As [`Prepared::customize`].
    pub fn customize_with_threads(
        &self,
        template: &RouteRequest,
        threads: usize,
    ) -> Result<Customized<'_, 'n>, RouteError> {
        let q = check_template(self.net, template)?;
        let sg = self.net.search_graph();
        let metric = self.cch.customize_with_threads(
            |label| {
                q.measures(&sg.edges[label as usize])
                    .map_or(f64::INFINITY, |m| q.weight(&m))
            },
            threads,
        );
        Ok(Customized {
            prepared: self,
            metric,
            template: template.clone(),
            ws: CchWorkspace::new(),
        })
    }

    /// Writes the hierarchy to `path` (a compact binary file), to skip [`Network::prepare`]
    /// next time.
    ///
    /// # Errors
    /// [`PreparedError::Io`] when the file cannot be written.
    pub fn save(&self, path: impl AsRef<FsPath>) -> Result<(), PreparedError> {
        let file = PreparedFile {
            magic: PREPARED.into(),
            version: VERSION,
            graph: graph_hash(self.net),
            cch: self.cch.clone(),
        };
        write_file(path.as_ref(), &file)
    }

    /// Reads a hierarchy that [`Prepared::save`] wrote for `net`.
    ///
    /// # Errors
    /// [`PreparedError::Io`] when the file cannot be read, [`PreparedError::Format`] when it is
    /// not such a file, and [`PreparedError::WrongNetwork`] when it was prepared for another
    /// network.
    pub fn load(net: &'n Network, path: impl AsRef<FsPath>) -> Result<Prepared<'n>, PreparedError> {
        let path = path.as_ref();
        let file: PreparedFile = read_file(path, PREPARED)?;
        check_graph(net, path, file.graph)?;
        if file.cch.node_count() != net.search_graph().graph.node_count() {
            return Err(format_error(path, "node count"));
        }
        Ok(Prepared {
            net,
            cch: file.cch,
            content: OnceLock::new(),
        })
    }

    /// The network's content fingerprint (every record and the cost model), once.
    fn content(&self) -> u64 {
        *self.content.get_or_init(|| content_hash(self.net))
    }
}

impl<'p, 'n> Customized<'p, 'n> {
    /// The request template it was customized for.
    pub fn template(&self) -> &RouteRequest {
        &self.template
    }

    /// The best route from `from` to `to` under the template: the route [`Planner::route`]
    /// gives for the template with these ends.
    ///
    /// # Errors
    /// As [`Planner::route`] (the same resolution, and the same diagnosis when there is no
    /// route).
    pub fn route(
        &mut self,
        from: impl Into<super::Location>,
        to: impl Into<super::Location>,
    ) -> Result<Route, RouteError> {
        let mut req = self.template.clone();
        req.from = from.into();
        req.to = to.into();
        let net = self.prepared.net;
        let q = resolve(net, &req)?;
        match self.best_path(&q) {
            Some(path) => finite(q.explain(&path)),
            // No route: the planner says why.
            None => Planner::new(net).route(&req),
        }
    }

    /// The best path for a resolved query (ends and via places of `q`, weights of the
    /// customization).
    ///
    /// Via places are passed in turn: the best way to each state of the next via place, from
    /// every state of the last one with the weight so far as its start offset, then on to the
    /// destination. That is the optimum of [`Planner`]'s search over state × places passed,
    /// which counts a via place when it is first reached: whatever follows such a state
    /// follows the same state reached by the best way to it.
    fn best_path(&mut self, q: &Query) -> Option<Path> {
        let sg = q.net.search_graph();
        let (mut from, to) = (sources(q, q.from), targets(q, q.to));
        // For each via place: the best path to each of its states reached.
        let mut legs: Vec<Vec<Path>> = Vec::with_capacity(q.via.len());
        for &v in &q.via {
            let mut reached = Vec::new();
            for w in sg.states_of(v) {
                if let Some(p) = self.query(&from, &[(w, 0.0)]) {
                    reached.push(p);
                }
            }
            if reached.is_empty() {
                return None;
            }
            from = reached.iter().map(|p| (p.target, p.weight)).collect();
            legs.push(reached);
        }
        let last = self.query(&from, &to)?;
        // Back from the destination: each leg starts where the one before it ended.
        let mut pieces = vec![last.edges.clone()];
        let mut at = last.source;
        for reached in legs.iter().rev() {
            let leg = reached.iter().find(|p| p.target == at)?;
            pieces.push(leg.edges.clone());
            at = leg.source;
        }
        pieces.reverse();
        Some(Path {
            weight: last.weight,
            edges: pieces.concat(),
            source: at,
            target: last.target,
        })
    }

    /// The hierarchy's best path from `sources` to `targets` (nodes of the search graph).
    fn query(&mut self, sources: &[(u32, f64)], targets: &[(u32, f64)]) -> Option<Path> {
        self.metric
            .path(&mut self.ws, sources, targets)
            .expect("states are nodes of the hierarchy")
    }

    /// The totals of the best route from every origin to every destination (ids or names):
    /// [`Planner::matrix`]'s answer, one hierarchy query per cell.
    ///
    /// # Errors
    /// As [`Planner::matrix`].
    pub fn matrix(
        &mut self,
        origins: &[impl AsRef<str>],
        destinations: &[impl AsRef<str>],
    ) -> Result<Matrix, RouteError> {
        let ends =
            Planner::new(self.prepared.net).matrix_ends(origins, destinations, &self.template)?;
        Ok(ends.assemble(|q, dest| {
            dest.iter()
                .map(|&d| path_totals(q, &self.query(&sources(q, q.from), &targets(q, d))?))
                .collect()
        }))
    }

    /// The objective's value of the best route from every origin to every destination, `None`
    /// where there is none (or the two are the same place): `scores[i][j]`. The fast matrix:
    /// no path is unpacked, rows run in parallel on rayon's pool (`threads = 0`) or on the
    /// calling thread alone (`threads = 1`).
    ///
    /// Values are search weights: the objective's value plus the tie-break of 1e-9 units per
    /// hour of transit that makes equally good routes prefer the faster one.
    ///
    /// # Errors
    /// As [`Planner::matrix`].
    pub fn scores(
        &self,
        origins: &[impl AsRef<str>],
        destinations: &[impl AsRef<str>],
        threads: usize,
    ) -> Result<Vec<Vec<Option<f64>>>, RouteError> {
        let ends =
            Planner::new(self.prepared.net).matrix_ends(origins, destinations, &self.template)?;
        let dest = &ends.destinations;
        let rows: Vec<_> = ends.origins.iter().map(|q| sources(q, q.from)).collect();
        let cols: Vec<_> = match ends.origins.first() {
            Some(q) => dest.iter().map(|&d| targets(q, d)).collect(),
            None => Vec::new(),
        };
        let m = self
            .metric
            .matrix_of_sets(&rows, &cols, threads)
            .expect("states are nodes of the hierarchy");
        let width = dest.len();
        Ok(ends
            .origins
            .iter()
            .enumerate()
            .map(|(i, q)| {
                (0..width)
                    .map(|j| {
                        let v = m[i * width + j];
                        (dest[j] != q.from && v.is_finite()).then_some(v)
                    })
                    .collect()
            })
            .collect())
    }

    /// Writes the customization to `path` (a compact binary file with the template), to
    /// skip [`Prepared::customize`] next time.
    ///
    /// # Errors
    /// [`PreparedError::Io`] when the file cannot be written.
    pub fn save(&self, path: impl AsRef<FsPath>) -> Result<(), PreparedError> {
        let file = CustomizedFile {
            magic: CUSTOMIZED.into(),
            version: VERSION,
            graph: graph_hash(self.prepared.net),
            content: self.prepared.content(),
            template: serde_json::to_string(&self.template)
                .expect("a request always serialises to JSON"),
            weights: self.metric.weights().clone(),
        };
        write_file(path.as_ref(), &file)
    }

    /// Reads a customization that [`Customized::save`] wrote for `prepared`'s network.
    ///
    /// # Errors
    /// As [`Prepared::load`]; [`PreparedError::WrongNetwork`] also when any record or the cost
    /// model changed since (the weights would be stale), and [`PreparedError::Template`] when
    /// the stored template no longer resolves.
    pub fn load(
        prepared: &'p Prepared<'n>,
        path: impl AsRef<FsPath>,
    ) -> Result<Customized<'p, 'n>, PreparedError> {
        let path = path.as_ref();
        let file: CustomizedFile = read_file(path, CUSTOMIZED)?;
        check_graph(prepared.net, path, file.graph)?;
        let expected = prepared.content();
        if file.content != expected {
            return Err(PreparedError::WrongNetwork {
                path: path.into(),
                what: "content",
                expected,
                found: file.content,
            });
        }
        let template: RouteRequest = serde_json::from_str(&file.template)
            .map_err(|e| format_error(path, &format!("template: {e}")))?;
        check_template(prepared.net, &template).map_err(|source| PreparedError::Template {
            path: path.into(),
            source,
        })?;
        let metric = CchMetric::from_weights(&prepared.cch, file.weights)
            .map_err(|e: CchError| format_error(path, &e.to_string()))?;
        Ok(Customized {
            prepared,
            metric,
            template,
            ws: CchWorkspace::new(),
        })
    }
}

/// `template` resolved, if a customization can answer it.
fn check_template<'n>(net: &'n Network, template: &RouteRequest) -> Result<Query<'n>, RouteError> {
    let q = resolve(net, template)?;
    let refuse = |field: &'static str, value: String, why: &str| RouteError::InvalidRequest {
        field,
        value,
        problem: format!("{why}; Planner answers such requests"),
    };
    if !q.via_corridors.is_empty() {
        return Err(refuse(
            "via_corridors",
            template.via_corridors.join(", "),
            "a customized network answers routes through via places, not via corridors",
        ));
    }
    if q.timed() {
        return Err(refuse(
            "depart",
            template.depart.map(|d| d.to_string()).unwrap_or_default(),
            "waits for timetabled departures depend on the time a link is reached, which a customization cannot fix in advance",
        ));
    }
    Ok(q)
}

/// Where a hierarchy query of `q` starts: the usable states of place `from`, offset 0.
fn sources(q: &Query, from: u32) -> Vec<(u32, f64)> {
    q.start_states(from).map(|s| (s, 0.0)).collect()
}

/// Where a hierarchy query ends: every state of place `to`, offset 0.
fn targets(q: &Query, to: u32) -> Vec<(u32, f64)> {
    q.net
        .search_graph()
        .states_of(to)
        .map(|s| (s, 0.0))
        .collect()
}

/// 64-bit FNV-1a over `bytes`: a fingerprint that stays the same across runs and machines.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Fingerprint of what a hierarchy depends on: the search graph's edges (tail and head of
/// each, by label) and the coordinates of its states.
fn graph_hash(net: &Network) -> u64 {
    let sg = net.search_graph();
    let g = &sg.graph;
    let mut h = fnv(FNV_START, &(g.node_count() as u64).to_le_bytes());
    for (label, t) in sg.edge_tails().into_iter().enumerate() {
        h = fnv(h, &t.to_le_bytes());
        h = fnv(h, &sg.edge_head[label].to_le_bytes());
    }
    for &p in &sg.state_place {
        let p = net.place_ref(p);
        h = fnv(h, &p.lon().to_bits().to_le_bytes());
        h = fnv(h, &p.lat().to_bits().to_le_bytes());
    }
    h
}

/// Fingerprint of everything weights depend on: every record and the cost model.
fn content_hash(net: &Network) -> u64 {
    /// Hashes what is written to it.
    struct Hasher(u64);
    impl Write for Hasher {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 = fnv(self.0, buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hasher(FNV_START);
    serde_json::to_writer(&mut h, &(net.to_data(), net.cost_model()))
        .expect("network data always serialises");
    h.0
}

fn check_graph(net: &Network, path: &FsPath, found: u64) -> Result<(), PreparedError> {
    let expected = graph_hash(net);
    if found == expected {
        Ok(())
    } else {
        Err(PreparedError::WrongNetwork {
            path: path.into(),
            what: "graph",
            expected,
            found,
        })
    }
}

fn format_error(path: &FsPath, problem: &str) -> PreparedError {
    PreparedError::Format {
        path: path.into(),
        problem: problem.into(),
    }
}

fn write_file<T: Serialize>(path: &FsPath, value: &T) -> Result<(), PreparedError> {
    let io = |source| PreparedError::Io {
        path: path.into(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    let mut w = BufWriter::new(file);
    postcard::to_io(value, &mut w).map_err(|e| format_error(path, &e.to_string()))?;
    w.flush().map_err(io)
}

fn read_file<T: for<'de> Deserialize<'de>>(path: &FsPath, kind: &str) -> Result<T, PreparedError> {
    let io = |source| PreparedError::Io {
        path: path.into(),
        source,
    };
    let mut bytes = Vec::new();
    BufReader::new(std::fs::File::open(path).map_err(io)?)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    // The header first, so that another file says so instead of failing midway.
    let (magic, version): (String, u32) = postcard::take_from_bytes::<(String, u32)>(&bytes)
        .map(|(h, _)| h)
        .map_err(|_| format_error(path, "no header"))?;
    if magic != kind {
        let problem = if [PREPARED, CUSTOMIZED].contains(&magic.as_str()) {
            format!(
                "a {} file, not a {kind} file",
                magic.trim_start_matches("corridor ")
            )
        } else {
            "another kind of file".into()
        };
        return Err(format_error(path, &problem));
    }
    if version != VERSION {
        return Err(format_error(path, &format!("written as version {version}")));
    }
    postcard::from_bytes(&bytes).map_err(|e| format_error(path, &e.to_string()))
}
