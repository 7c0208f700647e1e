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
    /// Hours in the typical case: running time, waits for departures, border dwell and
    /// transfer time.
    #[serde(alias = "hours", alias = "fastest")]
    Time,
    /// Hours in the worst case (published congestion): the most reliable route, for cargo
    /// that must arrive by a date.
    #[serde(rename = "worst-time", alias = "worst_time", alias = "reliable")]
    WorstTime,
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
/// For example `per_usd: 1.0, per_hour: 20.0` values a day of transit at 480 USD. Each
/// weight is 0 or from 1e-12 to 1e9, and one at least is above 0.
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
            Objective::WorstTime => m.duration_worst_hours,
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
            Objective::WorstTime => "fastest in the worst case".into(),
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
        Objective::WorstTime,
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

/// Where a route starts or ends: a place of the network, or a point snapped to the nearest
/// place within [`RouteRequest::max_snap_km`].
///
/// Coordinates as numbers are (longitude, latitude), like `geo` and GeoJSON; written as text
/// they are `"lat,lon"`, the order people type and map sites show (`"43.24,76.89"` is Almaty).
///
/// # Example
/// ```
/// use corridor::{Location, Network, RouteRequest};
///
/// let net = Network::central_asia();
/// let almaty = net.place("Almaty")?;
/// let req = RouteRequest::new(almaty, geo::Point::new(69.24, 41.30)); // Tashkent
/// assert_eq!(req.to, Location::Point { lon: 69.24, lat: 41.30 });
/// assert_eq!(net.route(&req)?.to.id, "tashkent");
/// # Ok::<(), corridor::RouteError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Location {
    /// A place id or name ([`Network::place`](crate::Network::place)), or a `"lat,lon"`
    /// coordinate.
    Place(String),
    /// A point, in degrees (WGS 84).
    Point {
        /// Longitude, -180..=180.
        lon: f64,
        /// Latitude, -90..=90.
        lat: f64,
    },
}

impl From<&str> for Location {
    fn from(s: &str) -> Self {
        Location::Place(s.to_string())
    }
}

impl From<String> for Location {
    fn from(s: String) -> Self {
        Location::Place(s)
    }
}

impl From<&String> for Location {
    fn from(s: &String) -> Self {
        Location::Place(s.clone())
    }
}

/// x is the longitude, y the latitude.
impl From<geo::Point<f64>> for Location {
    fn from(p: geo::Point<f64>) -> Self {
        Location::Point {
            lon: p.x(),
            lat: p.y(),
        }
    }
}

/// The place, by its id.
impl From<crate::PlaceRef<'_>> for Location {
    fn from(p: crate::PlaceRef<'_>) -> Self {
        Location::Place(p.id().to_string())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Place(s) => f.write_str(s),
            Location::Point { lon, lat } => write!(f, "{lat},{lon}"),
        }
    }
}

/// How far from a requested point its nearest place may be, by default, km.
pub const DEFAULT_MAX_SNAP_KM: f64 = 50.0;

/// A route query: from where to where, minimising what, for which cargo, under which
/// constraints.
///
/// Places are ids, names or points ([`Location`]); countries are ISO 3166-1 alpha-2 codes.
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
    /// Origin.
    pub from: Location,
    /// Destination.
    pub to: Location,
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
    /// operational network. From 1800 to 2200.
    pub year: Option<i32>,
    /// How far, in km, a requested point may be from the place it is snapped to (default
    /// [`DEFAULT_MAX_SNAP_KM`]); farther is an error naming the nearest place.
    #[serde(default = "default_max_snap_km")]
    pub max_snap_km: f64,
    /// When the consignment leaves the origin (UTC). With it, scheduled services with a
    /// timetable ([`Link::timetable`](crate::Link::timetable)) are boarded at their next
    /// departure, and the route reports arrival date-times; without it, waits for departures
    /// are the ranges their frequencies imply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depart: Option<jiff::Timestamp>,
    /// Places the route must pass, in this order (ids or names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// Corridors (ids or names) the route must use at least one link of, each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via_corridors: Vec<String>,
    /// Corridors none of whose links the route may use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub avoid_corridors: Vec<String>,
    /// Closures (what-ifs): places closed to all traffic, links closed (by id), and border
    /// posts closed (places whose border crossings are shut; domestic traffic still passes).
    #[serde(default, skip_serializing_if = "Closures::is_empty")]
    pub closed: Closures,
}

/// What a what-if closes. Each entry names a place (id or name) or, for links, a link id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Closures {
    /// Places no route may pass.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// Links no route may use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Places whose border posts are closed: no link into or out of them that crosses a
    /// border may be used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub borders: Vec<String>,
}

impl Closures {
    /// Whether nothing is closed.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty() && self.links.is_empty() && self.borders.is_empty()
    }
}

fn default_max_snap_km() -> f64 {
    DEFAULT_MAX_SNAP_KM
}

impl RouteRequest {
    /// A request for the cheapest route for one TEU, all modes, today's network.
    pub fn new(from: impl Into<Location>, to: impl Into<Location>) -> Self {
        RouteRequest {
            from: from.into(),
            to: to.into(),
            objective: Objective::default(),
            cargo: Cargo::default(),
            modes: None,
            avoid_countries: Vec::new(),
            avoid_places: Vec::new(),
            year: None,
            max_snap_km: DEFAULT_MAX_SNAP_KM,
            depart: None,
            via: Vec::new(),
            via_corridors: Vec::new(),
            avoid_corridors: Vec::new(),
            closed: Closures::default(),
        }
    }

    /// Points may be at most `km` from the place they snap to.
    pub fn max_snap_km(mut self, km: f64) -> Self {
        self.max_snap_km = km;
        self
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

    /// Adds a place to pass, after those added before.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let r = net.route(&RouteRequest::new("Urumqi", "Tashkent").via("Bishkek"))?;
    /// assert!(r.path.iter().any(|p| p == "bishkek"));
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn via(mut self, place: impl Into<String>) -> Self {
        self.via.push(place.into());
        self
    }

    /// Requires at least one link of a corridor (id or name).
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let r = net.route(&RouteRequest::new("Xi'an", "Istanbul").via_corridor("titr_btk"))?;
    /// let btk = net.corridor("titr_btk")?;
    /// assert!(btk.links.iter().any(|l| r.uses_link(l)));
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn via_corridor(mut self, corridor: impl Into<String>) -> Self {
        self.via_corridors.push(corridor.into());
        self
    }

    /// Forbids every link of a corridor (id or name).
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let r = net.route(&RouteRequest::new("Xi'an", "Tehran").avoid_corridor("kti"))?;
    /// let kti = net.corridor("kti")?;
    /// assert!(kti.links.iter().all(|l| !r.uses_link(l)));
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn avoid_corridor(mut self, corridor: impl Into<String>) -> Self {
        self.avoid_corridors.push(corridor.into());
        self
    }

    /// Closes a place to all traffic (a what-if).
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let r = net.route(&RouteRequest::new("Xi'an", "Almaty").close_place("Alashankou"))?;
    /// assert!(!r.path.iter().any(|p| p == "alashankou"));
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn close_place(mut self, place: impl Into<String>) -> Self {
        self.closed.places.push(place.into());
        self
    }

    /// Closes a link, by id.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let open = net.route(&RouteRequest::new("Urumqi", "Almaty"))?;
    /// let last = open.legs.last().unwrap().links.last().unwrap();
    /// let closed = net.route(&RouteRequest::new("Urumqi", "Almaty").close_link(last))?;
    /// assert!(!closed.uses_link(last));
    /// assert!(closed.totals.cost_usd >= open.totals.cost_usd);
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn close_link(mut self, id: impl Into<String>) -> Self {
        self.closed.links.push(id.into());
        self
    }

    /// Closes the border post of a place: no border crossing there.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let r = net.route(&RouteRequest::new("Urumqi", "Almaty").close_border("horgos_cn"))?;
    /// assert!(r.border_crossings.iter().all(|b| !b.between.contains(&"horgos_cn".to_string())));
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn close_border(mut self, place: impl Into<String>) -> Self {
        self.closed.borders.push(place.into());
        self
    }

    /// Leaves the origin at `at` (UTC): see [`RouteRequest::depart`](#structfield.depart).
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, Objective, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let at: jiff::Timestamp = "2026-12-07T08:00Z".parse().unwrap();
    /// let route = net.route(&RouteRequest::new("Almaty", "Tashkent").by(Objective::Time).depart(at))?;
    /// let arrival = route.arrives_at.unwrap();
    /// assert!(arrival.typical > at);
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn depart(mut self, at: jiff::Timestamp) -> Self {
        self.depart = Some(at);
        self
    }
}
