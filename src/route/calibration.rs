//! Published end-to-end figures (transit times of named services, tariffs) and how the model
//! compares with them: the calibration set of `data/calibration.csv`, or your own.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{DataError, RecordRef, RouteError};
use crate::model::{Cargo, CargoKind, Mode};
use crate::network::Network;
use crate::readable::Readable;

use super::{Objective, Route, RouteRequest};

/// The built-in calibration set: published figures for the built-in network, with sources.
const BUILTIN: &str = include_str!("../../data/calibration.csv");

/// How far outside a published figure a modelled value may be, as a fraction of the figure:
/// a value fits a published range `lo–hi` (a point figure is `lo = hi`) when it lies within
/// `lo × (1 − TOLERANCE)` to `hi × (1 + TOLERANCE)`. Published transit times of one service
/// differ by this much between sources and months (Chongqing–Duisburg: 13–16 days in 2013,
/// 16–18 in 2025).
pub const TOLERANCE: f64 = 0.2;

/// What a published figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// Transit time in days.
    Days,
    /// Transit time in hours.
    Hours,
    /// Cost in USD for the row's cargo.
    Usd,
}

pub use crate::cost::Case;

/// One published end-to-end figure, with the route request that matches it.
///
/// In CSV (`data/calibration.csv`), one row per figure with the columns `id, from, to,
/// avoid_countries, avoid_places, modes, cargo, metric, case, published_min, published_max,
/// unit, source, date, figure, note`; lists are `;`-separated, `cargo` is `KIND:QUANTITY`
/// (`container:2` for a price per FEU).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Published {
    /// Short unique name.
    pub id: String,
    /// Origin place (id or name).
    pub from: String,
    /// Destination place.
    pub to: String,
    /// Countries avoided to keep the route on the published corridor.
    pub avoid_countries: Vec<String>,
    /// Places avoided to the same end.
    pub avoid_places: Vec<String>,
    /// Modes allowed; empty allows all.
    pub modes: Vec<Mode>,
    /// What is shipped.
    pub cargo: Cargo,
    /// What the figure measures.
    pub metric: Metric,
    /// Which case it describes.
    pub case: Case,
    /// The published range (equal ends for a point figure), in the metric's unit.
    pub published: [f64; 2],
    /// A source key of the network's sources.
    pub source: String,
    /// When the figure was published or observed.
    pub date: String,
    /// The published wording.
    pub figure: String,
    /// How the figure was mapped onto the network.
    pub note: String,
}

/// The CSV row as written.
#[derive(Deserialize)]
struct Row {
    id: String,
    from: String,
    to: String,
    avoid_countries: String,
    avoid_places: String,
    modes: String,
    cargo: String,
    metric: String,
    case: String,
    published_min: f64,
    published_max: f64,
    #[allow(dead_code)] // the unit follows from the metric and the cargo
    unit: String,
    source: String,
    date: String,
    figure: String,
    note: String,
}

const METRICS: [(&str, Metric); 3] = [
    ("days", Metric::Days),
    ("hours", Metric::Hours),
    ("usd", Metric::Usd),
];
const CASES: [(&str, Case); 3] = [
    ("best", Case::Best),
    ("typical", Case::Typical),
    ("worst", Case::Worst),
];

/// The value named `s` among `names`, or why there is none.
fn one_of<T: Copy>(s: &str, names: &[(&str, T)]) -> Result<T, String> {
    let s = s.trim();
    names
        .iter()
        .find(|(n, _)| *n == s)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            format!("`{s}` is not one of {}", all.join(", "))
        })
}

fn list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

impl Published {
    /// The calibration set of the built-in network.
    pub fn builtin() -> Vec<Published> {
        // Checked by the test suite: the built-in file reads without error.
        Published::read_csv(BUILTIN.as_bytes(), "data/calibration.csv")
            .unwrap_or_else(|e| panic!("the built-in calibration set is readable: {e}"))
    }

    /// Reads a calibration set in the CSV layout above; `name` names the file in errors.
    ///
    /// # Errors
    /// [`DataError::Invalid`] naming the line and column of a value that cannot be read.
    pub fn read_csv(input: impl std::io::Read, name: &str) -> Result<Vec<Published>, DataError> {
        let mut out = Vec::new();
        let mut reader = csv::Reader::from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| DataError::invalid(name, RecordRef::Header, "header", e.to_string()))?
            .clone();
        for (i, row) in reader.deserialize::<Row>().enumerate() {
            let line = i as u64 + 2;
            let bad = |field: &str, problem: String| {
                DataError::invalid(name, RecordRef::Line(line), field, problem)
            };
            let row = row.map_err(|e| {
                let field = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => err
                        .field()
                        .and_then(|f| headers.get(f as usize))
                        .unwrap_or("row")
                        .to_string(),
                    _ => "row".to_string(),
                };
                bad(&field, e.to_string())
            })?;
            let metric = one_of(&row.metric, &METRICS).map_err(|p| bad("metric", p))?;
            let case = one_of(&row.case, &CASES).map_err(|p| bad("case", p))?;
            let modes = list(&row.modes)
                .iter()
                .map(|m| m.parse::<Mode>().map_err(|e| bad("modes", e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            let (kind, quantity) = row.cargo.split_once(':').ok_or_else(|| {
                bad(
                    "cargo",
                    format!("`{}` is not KIND:QUANTITY, e.g. container:2", row.cargo),
                )
            })?;
            let kind: CargoKind = kind
                .parse()
                .map_err(|e: crate::UnknownName| bad("cargo", e.to_string()))?;
            let quantity: f64 = quantity
                .parse()
                .map_err(|_| bad("cargo", format!("`{quantity}` is not a quantity")))?;
            let (lo, hi) = (row.published_min, row.published_max);
            if !(lo.is_finite() && hi.is_finite() && 0.0 < lo && lo <= hi) {
                return Err(bad(
                    "published_min",
                    format!(
                        "the published range {}–{} must be two finite figures above 0, the smaller first",
                        Readable(lo),
                        Readable(hi)
                    ),
                ));
            }
            out.push(Published {
                id: row.id,
                from: row.from,
                to: row.to,
                avoid_countries: list(&row.avoid_countries),
                avoid_places: list(&row.avoid_places),
                modes,
                cargo: Cargo::new(kind, quantity),
                metric,
                case,
                published: [lo, hi],
                source: row.source,
                date: row.date,
                figure: row.figure,
                note: row.note,
            });
        }
        Ok(out)
    }

    /// The route request that matches the figure: fastest for times, cheapest for costs.
    pub fn request(&self) -> RouteRequest {
        let objective = match self.metric {
            Metric::Usd => Objective::Cost,
            Metric::Days | Metric::Hours => Objective::Time,
        };
        let mut req = RouteRequest::new(&self.from, &self.to)
            .by(objective)
            .cargo(self.cargo);
        req.avoid_countries = self.avoid_countries.clone();
        req.avoid_places = self.avoid_places.clone();
        if !self.modes.is_empty() {
            req.modes = Some(self.modes.clone());
        }
        req
    }

    /// The model's answer for the figure on `net`.
    pub fn compare(&self, net: &Network) -> Comparison {
        let modelled = net.route(&self.request()).map(|route| {
            let cases = match self.metric {
                Metric::Days => route.totals.duration().scaled(1.0 / 24.0).cases(),
                Metric::Hours => route.totals.duration().cases(),
                Metric::Usd => [route.totals.cost_usd; 3],
            };
            Modelled { cases, route }
        });
        Comparison {
            published: self.clone(),
            modelled,
        }
    }
}

/// The model's value of a published figure, in its three cases (one value for costs).
#[derive(Debug, Clone)]
pub struct Modelled {
    /// `[best, typical, worst]` in the figure's unit.
    pub cases: [f64; 3],
    /// The route it comes from.
    pub route: Route,
}

/// A published figure beside the model's.
#[derive(Debug)]
pub struct Comparison {
    /// The figure.
    pub published: Published,
    /// The model's value, or why there is none.
    pub modelled: Result<Modelled, RouteError>,
}

impl Comparison {
    /// The model's value for the figure's case.
    pub fn value(&self) -> Option<f64> {
        let m = self.modelled.as_ref().ok()?;
        Some(m.cases[self.published.case as usize])
    }

    /// The published range widened by [`TOLERANCE`].
    pub fn accepted(&self) -> [f64; 2] {
        let [lo, hi] = self.published.published;
        [lo * (1.0 - TOLERANCE), hi * (1.0 + TOLERANCE)]
    }

    /// Whether the model's value for the figure's case fits it (within [`TOLERANCE`]). Costs,
    /// which the model has in one case only, are compared for typical figures; a published
    /// worst-case (surge) price must be at least the model's, a best-case one at most.
    pub fn case_fits(&self) -> bool {
        let Some(v) = self.value() else { return false };
        let [lo, hi] = self.accepted();
        match (self.published.metric, self.published.case) {
            (Metric::Usd, Case::Worst) => v <= hi,
            (Metric::Usd, Case::Best) => v >= lo,
            _ => (lo..=hi).contains(&v),
        }
    }

    /// Whether the published range (within [`TOLERANCE`]) overlaps the model's best–worst
    /// range (times only; always true for costs).
    pub fn within_range(&self) -> bool {
        let Ok(m) = &self.modelled else { return false };
        if self.published.metric == Metric::Usd {
            return true;
        }
        let [lo, hi] = self.accepted();
        lo <= m.cases[2] && hi >= m.cases[0]
    }
}

/// A row of the table the `calibration` example prints: id, case, published, modelled
/// (typical and best–worst), and the verdicts.
impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.published;
        let [lo, hi] = p.published;
        let unit = match p.metric {
            Metric::Days => "d",
            Metric::Hours => "h",
            Metric::Usd => "USD",
        };
        let published = if lo == hi {
            format!("{} {unit}", Readable(lo))
        } else {
            format!("{}–{} {unit}", Readable(lo), Readable(hi))
        };
        let case = CASES[p.case as usize].0;
        match &self.modelled {
            Err(e) => write!(
                f,
                "| {} | {case} | {published} | no route: {e} | — | — |",
                p.id
            ),
            Ok(m) => {
                let [b, t, w] = m.cases;
                let modelled = if p.metric == Metric::Usd {
                    format!("{t:.0}")
                } else {
                    format!("{t:.1} ({b:.1}–{w:.1})")
                };
                let mark = |ok: bool| if ok { "yes" } else { "**no**" };
                write!(
                    f,
                    "| {} | {case} | {published} | {modelled} | {} | {} |",
                    p.id,
                    mark(self.case_fits()),
                    mark(self.within_range())
                )
            }
        }
    }
}
