//! What a user asks for: endpoints, objective, cargo and constraints.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::cost::Measures;
use crate::model::names::{self, Vocabulary};
use crate::model::{Cargo, Mode, UnknownName};

/// What a route minimises.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Kilometres.
    #[serde(alias = "km", alias = "shortest")]
    Distance,
    /// Hours: running time, border dwell and transfer time.
    #[serde(alias = "hours", alias = "fastest")]
    Time,
    /// USD: tariffs × quantity, fixed fees, transfer and border fees.
    #[default]
    #[serde(alias = "usd", alias = "cheapest")]
    Cost,
    /// Kilograms of CO2.
    #[serde(alias = "emissions")]
    Co2,
    /// A weighted sum of all four.
    Weighted(Weights),
}

/// Weights of a combined objective: the score is
/// `per_km × km + per_hour × hours + per_usd × USD + per_kg_co2 × kg CO2`.
///
/// For example `per_usd: 1.0, per_hour: 20.0` values a day of transit at 480 USD.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Weights {
    /// Weight of one kilometre.
    pub per_km: f64,
    /// Weight of one hour.
    pub per_hour: f64,
    /// Weight of one US dollar.
    pub per_usd: f64,
    /// Weight of one kilogram of CO2.
    pub per_kg_co2: f64,
}

impl Objective {
    /// The score of `m` under this objective (lower is better).
    pub fn score(&self, m: &Measures) -> f64 {
        match self {
            Objective::Distance => m.distance_km,
            Objective::Time => m.duration_hours,
            Objective::Cost => m.cost_usd,
            Objective::Co2 => m.co2_kg,
            Objective::Weighted(w) => {
                w.per_km * m.distance_km
                    + w.per_hour * m.duration_hours
                    + w.per_usd * m.cost_usd
                    + w.per_kg_co2 * m.co2_kg
            }
        }
    }
}

impl Objective {
    /// The adjective of a route that is best by this objective: "shortest", "fastest",
    /// "cheapest", "lowest-CO2", or the weights for a weighted sum.
    pub fn adjective(&self) -> String {
        match self {
            Objective::Distance => "shortest".into(),
            Objective::Time => "fastest".into(),
            Objective::Cost => "cheapest".into(),
            Objective::Co2 => "lowest-CO2".into(),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Objective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Objective::Weighted(w) => write!(
                f,
                "weighted ({} /km, {} /h, {} /USD, {} /kg CO2)",
                w.per_km, w.per_hour, w.per_usd, w.per_kg_co2
            ),
            unit => f.write_str(names::wire_name(*unit)),
        }
    }
}

impl Vocabulary for Objective {
    const WHAT: &'static str = "an objective";
    const ALL: &'static [Self] = &[
        Objective::Distance,
        Objective::Time,
        Objective::Cost,
        Objective::Co2,
    ];
}

impl std::str::FromStr for Objective {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        names::parse(s)
    }
}

/// A route query: from where to where, minimising what, for which cargo, under which
/// constraints.
///
/// Places are ids or names (see [`Network::place`](crate::Network::place)); countries are
/// ISO 3166-1 alpha-2 codes.
///
/// # Example
/// ```
/// use corridor::{Cargo, CargoKind, Mode, Objective, RouteRequest};
///
/// let req = RouteRequest::new("Xi'an", "Duisburg")
///     .by(Objective::Time)
///     .cargo(Cargo::new(CargoKind::Container, 2.0))
///     .modes([Mode::Rail, Mode::Sea])
///     .avoid_country("RU");
/// assert_eq!(req.avoid_countries, vec!["RU".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteRequest {
    /// Origin: id or name.
    pub from: String,
    /// Destination: id or name.
    pub to: String,
    /// What to minimise (default: cost).
    pub objective: Objective,
    /// What is shipped and how much (default: one TEU of containers).
    pub cargo: Cargo,
    /// Modes allowed; `None` allows all.
    pub modes: Option<Vec<Mode>>,
    /// Countries the route must not enter.
    pub avoid_countries: Vec<String>,
    /// Places (ids or names) the route must not pass.
    pub avoid_places: Vec<String>,
    /// Use the network as of this year (links open by then, including those under
    /// construction or planned with an expected opening by then); `None` means today's
    /// operational network.
    pub year: Option<i32>,
}

impl RouteRequest {
    /// A request for the cheapest route for one TEU, all modes, today's network.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        RouteRequest {
            from: from.into(),
            to: to.into(),
            objective: Objective::default(),
            cargo: Cargo::default(),
            modes: None,
            avoid_countries: Vec::new(),
            avoid_places: Vec::new(),
            year: None,
        }
    }

    /// Sets the objective.
    pub fn by(mut self, objective: Objective) -> Self {
        self.objective = objective;
        self
    }

    /// Sets the cargo.
    pub fn cargo(mut self, cargo: Cargo) -> Self {
        self.cargo = cargo;
        self
    }

    /// Restricts the modes.
    pub fn modes(mut self, modes: impl IntoIterator<Item = Mode>) -> Self {
        self.modes = Some(modes.into_iter().collect());
        self
    }

    /// Adds a country to avoid.
    pub fn avoid_country(mut self, code: impl Into<String>) -> Self {
        self.avoid_countries.push(code.into());
        self
    }

    /// Adds a place to avoid.
    pub fn avoid_place(mut self, place: impl Into<String>) -> Self {
        self.avoid_places.push(place.into());
        self
    }

    /// Plans on the network as of `year`.
    pub fn year(mut self, year: i32) -> Self {
        self.year = Some(year);
        self
    }
}
