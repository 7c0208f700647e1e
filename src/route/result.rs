//! The answer: a route with its legs, transfers, border crossings and totals.

use geo::LineString;
use serde::Serialize;

use crate::cost::{Duration, Measures};
use crate::model::{Cargo, Carrier, Mode, TransferKind};

use super::Objective;

/// A planned route.
///
/// `totals` is exactly the sum of the legs, transfers and border crossings.
///
/// # Units
/// km, hours, USD, kg CO2; `geometry` is lon/lat degrees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Where the route starts.
    pub from: Endpoint,
    /// Where the route ends.
    pub to: Endpoint,
    /// What the route minimises.
    pub objective: Objective,
    /// What it carries.
    pub cargo: Cargo,
    /// Sum of everything below.
    pub totals: Measures,
    /// When the consignment leaves, if the request said ([`RouteRequest::depart`](super::RouteRequest::depart)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub departs_at: Option<jiff::Timestamp>,
    /// When it arrives, in each case, if the request gave a departure time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrives_at: Option<Arrival>,
    /// Stretches on one carrier, in order.
    pub legs: Vec<Leg>,
    /// Changes of mode or gauge, in order.
    pub transfers: Vec<Transfer>,
    /// Border crossings, in order.
    pub border_crossings: Vec<BorderCrossing>,
    /// ISO codes of the countries passed, in order, without repeats in a row.
    pub countries: Vec<String>,
    /// Ids of the places passed, in order (a transfer's place appears once).
    pub path: Vec<String>,
    /// Names of the places of `path`, in the same order (not serialised: the serialised
    /// route names places by id).
    #[serde(skip)]
    pub path_names: Vec<String>,
    /// The route as a line through the places' locations (lon, lat).
    #[serde(skip)]
    pub geometry: LineString<f64>,
}

/// Arrival date-times (UTC) in the three cases of [`Duration`](crate::Duration).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Arrival {
    /// When everything flows.
    pub best: jiff::Timestamp,
    /// Typically.
    pub typical: jiff::Timestamp,
    /// In published congestion.
    pub worst: jiff::Timestamp,
}

/// An end of a route: the network place, and how far the asked-for coordinate was from it.
///
/// `distance_km` of the route runs between the places; the offsets are reported here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Endpoint {
    /// Place id.
    pub id: String,
    /// Place name.
    pub name: String,
    /// When the request gave a `lat,lon` coordinate: the geodesic distance from it to the
    /// place it snapped to, km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snap_km: Option<f64>,
}

/// Consecutive links travelled on one carrier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leg {
    /// Mode of transport.
    pub mode: Mode,
    /// Mode refined by gauge or commodity, e.g. `rail (1520 mm)`.
    pub carrier: Carrier,
    /// Place id where the leg starts.
    pub from: String,
    /// Place id where the leg ends.
    pub to: String,
    /// Name of the place where the leg starts (not serialised, like every name but the
    /// route's ends).
    #[serde(skip)]
    pub from_name: String,
    /// Name of the place where the leg ends (not serialised).
    #[serde(skip)]
    pub to_name: String,
    /// Distance, time (waits for departures and running), tariff cost and CO2 of the leg's
    /// links.
    #[serde(flatten)]
    pub measures: Measures,
    /// When the leg reaches its end, typically, if the request gave a departure time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrives_at: Option<jiff::Timestamp>,
    /// The part of `distance_km` that is an estimate (geodesic × circuity, no published
    /// length), in km.
    pub estimated_km: f64,
    /// Names of the corridors the leg follows, in order of first appearance: of the corridors
    /// its links belong to, those whose links on the leg are not a strict subset of another's
    /// (Xi'an → Dostyk follows the Alashankou–Dostyk corridor; the Khorgos–Altynkol corridor,
    /// which shares only the Xi'an–Urumqi trunk with it, is not listed).
    pub corridors: Vec<String>,
    /// Ids of its links, in order.
    pub links: Vec<String>,
}

/// A change of carrier at a place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transfer {
    /// Place id.
    pub place: String,
    /// Place name (not serialised).
    #[serde(skip)]
    pub place_name: String,
    /// Carrier before, e.g. `rail (1435 mm)`.
    pub from_mode: Carrier,
    /// Carrier after, e.g. `rail (1520 mm)`.
    pub to_mode: Carrier,
    /// What kind of transfer.
    pub kind: TransferKind,
    /// Hours spent, queue included: typical case.
    pub hours: f64,
    /// Hours spent when everything flows.
    pub hours_best: f64,
    /// Hours spent in published congestion.
    pub hours_worst: f64,
    /// USD paid (handling per TEU or tonne × quantity).
    pub cost_usd: f64,
}

/// Passing from one country into another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BorderCrossing {
    /// Id of the place whose border post handles the crossing, when one does; `None` when the
    /// crossing is on the link (at the link's own post, or where the data does not say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Where the crossing is, as a person would say it: the post's place, the link's post, or
    /// "between Petropavl and Kurgan" (not serialised).
    #[serde(skip)]
    pub place_name: String,
    /// Id of the link that crosses the border.
    pub link: String,
    /// Ids of that link's ends, in travel order: the last place in the country left and the
    /// first in the country entered.
    pub between: [String; 2],
    /// Name of the border post when it is not the place itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<String>,
    /// Country left (ISO code).
    pub from_country: String,
    /// Country entered (ISO code).
    pub to_country: String,
    /// Dwell hours: typical case.
    pub hours: f64,
    /// Dwell hours when everything flows.
    pub hours_best: f64,
    /// Dwell hours in published congestion.
    pub hours_worst: f64,
    /// Fee in USD per consignment.
    pub cost_usd: f64,
}

impl Transfer {
    /// The time spent, in three cases.
    pub fn duration(&self) -> Duration {
        Duration::new(self.hours_best, self.hours, self.hours_worst)
    }
}

impl BorderCrossing {
    /// The dwell, in three cases.
    pub fn duration(&self) -> Duration {
        Duration::new(self.hours_best, self.hours, self.hours_worst)
    }
}

impl Route {
    /// The modes used, in order of first use.
    pub fn modes(&self) -> Vec<Mode> {
        let mut out = Vec::new();
        for leg in &self.legs {
            if !out.contains(&leg.mode) {
                out.push(leg.mode);
            }
        }
        out
    }

    /// The route as a GeoJSON FeatureCollection (RFC 7946), coordinates `[lon, lat]`:
    ///
    /// - one LineString per leg, along its links' [`Link::geometry`](crate::Link::geometry) where known (reversed
    ///   where a link is travelled from `to` to `from`) and otherwise through the places;
    ///   properties `kind` ("leg"), `mode`, `carrier`, `from`, `to`, `distance_km`,
    ///   `duration_hours`, `duration_best_hours`, `duration_worst_hours`, `cost_usd`, `co2_kg`,
    ///   `estimated_km`, `corridors`, `links`, and `arrives_at` with a departure time;
    /// - a Point per transfer: `kind` ("transfer"), `place`, `from_mode`, `to_mode`,
    ///   `transfer` (the kind of transfer), `hours`, `hours_best`, `hours_worst`, `cost_usd`;
    /// - a Point per border crossing: `kind` ("border_crossing"), `place`, `post` (when known),
    ///   `from_country`, `to_country`, `hours`, `hours_best`, `hours_worst`, `cost_usd`.
    ///
    /// The legs', transfers' and border crossings' figures add up to the route's totals, which
    /// the collection carries as the foreign member `route` (with `from`, `to`, `objective`,
    /// `cargo`, `countries` and `path`). `net` is the network the route was planned on.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let route = net.route(&RouteRequest::new("Urumqi", "Almaty"))?;
    /// let fc: geojson::FeatureCollection = route.to_geojson(&net).parse()?;
    /// let lines = fc.features.iter().filter(|f| {
    ///     matches!(f.geometry.as_ref().map(|g| &g.value),
    ///              Some(geojson::GeometryValue::LineString { .. }))
    /// });
    /// assert_eq!(lines.count(), route.legs.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_geojson(&self, net: &crate::Network) -> String {
        crate::io::geojson::write_route(self, net)
    }

    /// Whether the route uses the link with this id.
    pub fn uses_link(&self, link_id: &str) -> bool {
        self.legs
            .iter()
            .any(|l| l.links.iter().any(|x| x == link_id))
    }
}
