//! Places: cities, border crossings, ports, terminals and junctions.

use geo::Point;
use serde::{Deserialize, Serialize};

use super::names::vocabulary;
use super::{Carrier, Mode, Origin, Sourced};

/// What kind of place a node of the network is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A city with freight stations and truck terminals.
    City,
    /// A border crossing point (road or rail).
    BorderCrossing,
    /// A seaport or ferry port.
    Seaport,
    /// An inland container terminal, often where gauges meet.
    DryPort,
    /// A freight terminal of any other kind.
    Terminal,
    /// A gas field (where gas pipelines start).
    GasField,
    /// A pipeline station: pumping or compressor station, metering point, refinery gate.
    PipelineTerminal,
    /// A line junction with no freight handling.
    #[default]
    Junction,
}

impl PlaceKind {
    /// The transfers a place of this kind handles unless its record says otherwise.
    ///
    /// Assumptions (no published source): cities have intermodal rail–road terminals; border
    /// crossings and dry ports also change gauge; seaports handle everything that arrives by
    /// rail, road or pipeline; pipeline terminals can load or unload tank wagons and trucks;
    /// gas fields and plain junctions handle nothing.
    pub fn default_transfers(self) -> &'static [TransferKind] {
        use TransferKind::*;
        match self {
            PlaceKind::City => &[RailRoad],
            PlaceKind::BorderCrossing | PlaceKind::DryPort => &[Gauge, RailRoad],
            PlaceKind::Seaport => &[RailRoad, RailSea, RoadSea, PipelineSea],
            PlaceKind::Terminal => &[
                Gauge,
                RailRoad,
                RailSea,
                RoadSea,
                PipelineRail,
                PipelineRoad,
                PipelineSea,
            ],
            PlaceKind::PipelineTerminal => &[PipelineRail, PipelineRoad],
            PlaceKind::GasField | PlaceKind::Junction => &[],
        }
    }
}

vocabulary!(
    PlaceKind,
    "a kind of place",
    [
        PlaceKind::City,
        PlaceKind::BorderCrossing,
        PlaceKind::Seaport,
        PlaceKind::DryPort,
        PlaceKind::Terminal,
        PlaceKind::GasField,
        PlaceKind::PipelineTerminal,
        PlaceKind::Junction,
    ]
);

/// A change of carrier a place can handle. Each kind works both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TransferKind {
    /// Break of gauge: transshipment or bogie exchange between track gauges.
    #[serde(rename = "gauge")]
    Gauge,
    /// Rail ↔ road.
    #[serde(rename = "rail-road")]
    RailRoad,
    /// Rail ↔ sea (including rail ferries).
    #[serde(rename = "rail-sea")]
    RailSea,
    /// Road ↔ sea (including ro-ro ferries).
    #[serde(rename = "road-sea")]
    RoadSea,
    /// Pipeline ↔ rail (tank wagons).
    #[serde(rename = "pipeline-rail")]
    PipelineRail,
    /// Pipeline ↔ road (tank trucks).
    #[serde(rename = "pipeline-road")]
    PipelineRoad,
    /// Pipeline ↔ sea (tanker terminals).
    #[serde(rename = "pipeline-sea")]
    PipelineSea,
}

vocabulary!(
    TransferKind,
    "a kind of transfer",
    [
        TransferKind::Gauge,
        TransferKind::RailRoad,
        TransferKind::RailSea,
        TransferKind::RoadSea,
        TransferKind::PipelineRail,
        TransferKind::PipelineRoad,
        TransferKind::PipelineSea,
    ]
);

impl TransferKind {
    /// The kind of transfer between two carriers, or `None` when no transfer is possible
    /// (the same carrier, or two pipelines of different commodities).
    pub fn between(a: Carrier, b: Carrier) -> Option<TransferKind> {
        use Mode::*;
        if a == b {
            return None;
        }
        let (x, y) = if a.mode() <= b.mode() {
            (a.mode(), b.mode())
        } else {
            (b.mode(), a.mode())
        };
        match (x, y) {
            (Rail, Rail) => Some(TransferKind::Gauge),
            (Rail, Road) => Some(TransferKind::RailRoad),
            (Rail, Sea) => Some(TransferKind::RailSea),
            (Road, Sea) => Some(TransferKind::RoadSea),
            (Rail, Pipeline) => Some(TransferKind::PipelineRail),
            (Road, Pipeline) => Some(TransferKind::PipelineRoad),
            (Sea, Pipeline) => Some(TransferKind::PipelineSea),
            // Road↔road and sea↔sea carriers are equal; two pipelines of different
            // commodities cannot exchange their contents.
            _ => None,
        }
    }
}

/// Border formalities at a crossing point: how long a consignment waits and what it pays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BorderPost {
    /// Name of the post when it is not the place itself (e.g. "Dostuk/Dustlik").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The two countries (ISO codes) whose border this post serves. Empty: any border
    /// crossed on a link that starts or ends here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Dwell time for customs, inspection and handover, in hours: the typical case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dwell_hours: Option<Sourced<f64>>,
    /// Dwell when everything flows (per-train processing only), hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dwell_hours_best: Option<Sourced<f64>>,
    /// Dwell in published congestion, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dwell_hours_worst: Option<Sourced<f64>>,
    /// Fee per consignment, in USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_usd: Option<Sourced<f64>>,
}

/// A node of the network: a city, border crossing, port, terminal, field or junction.
///
/// # Units
/// `location` is a `geo::Point` with x = longitude and y = latitude, in degrees (WGS 84).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Stable identifier, e.g. `xian`.
    pub id: String,
    /// Display name, e.g. `Xi'an`.
    pub name: String,
    /// Other spellings and names a user may type (`Xian`, `Horgos`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt_names: Vec<String>,
    /// ISO 3166-1 alpha-2 country code; empty when unknown (e.g. a node of an imported
    /// railway network). Borders are only recognised between two known countries.
    #[serde(default)]
    pub country: String,
    /// Whether `country` is the record's, or filled in on import (from the coordinates, or
    /// for the whole file).
    #[serde(default, skip_serializing_if = "Origin::is_given")]
    pub country_origin: Origin,
    /// Longitude and latitude, serialised as `[lon, lat]` like GeoJSON.
    #[serde(with = "lon_lat")]
    pub location: Point<f64>,
    /// Where the coordinates come from (a source key or a provenance tag).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub coord_source: String,
    /// What kind of place this is (default: a junction, which handles no transfers).
    #[serde(default)]
    pub kind: PlaceKind,
    /// Transfers the place handles; `None` means the defaults of its kind
    /// ([`PlaceKind::default_transfers`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfers: Option<Vec<TransferKind>>,
    /// Time a transfer takes here, queue included, in hours, when known for this place: the
    /// typical case (overrides the cost model's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_hours: Option<Sourced<f64>>,
    /// Transfer time when everything flows (per-train handling only), hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_hours_best: Option<Sourced<f64>>,
    /// Transfer time in published congestion (reloading queues), hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_hours_worst: Option<Sourced<f64>>,
    /// Border formalities, for border crossing points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub border: Option<BorderPost>,
    /// Free-text notes: what the place is, caveats on its position.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Source keys that support this record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// Any other properties an imported record carried, kept as they were.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub properties: serde_json::Map<String, serde_json::Value>,
}

impl BorderPost {
    /// The dwell figures given, `[best, typical, worst]`.
    pub fn dwell_cases(&self) -> [Option<&Sourced<f64>>; 3] {
        [
            self.dwell_hours_best.as_ref(),
            self.dwell_hours.as_ref(),
            self.dwell_hours_worst.as_ref(),
        ]
    }

    /// Whether this post handles a crossing between countries `a` and `b`.
    pub fn serves(&self, a: &str, b: &str) -> bool {
        self.countries.is_empty()
            || (self.countries.iter().any(|c| c == a) && self.countries.iter().any(|c| c == b))
    }
}

impl Place {
    /// The transfer-time figures given, `[best, typical, worst]`.
    pub fn transfer_cases(&self) -> [Option<&Sourced<f64>>; 3] {
        [
            self.transfer_hours_best.as_ref(),
            self.transfer_hours.as_ref(),
            self.transfer_hours_worst.as_ref(),
        ]
    }

    /// A place with only the required fields: a junction of unknown country.
    pub fn new(id: impl Into<String>, name: impl Into<String>, lon: f64, lat: f64) -> Place {
        Place {
            id: id.into(),
            name: name.into(),
            alt_names: Vec::new(),
            country: String::new(),
            country_origin: Origin::Given,
            location: Point::new(lon, lat),
            coord_source: String::new(),
            kind: PlaceKind::Junction,
            transfers: None,
            transfer_hours: None,
            transfer_hours_best: None,
            transfer_hours_worst: None,
            border: None,
            notes: String::new(),
            refs: Vec::new(),
            properties: serde_json::Map::new(),
        }
    }

    /// Whether this place can move a consignment from carrier `a` to carrier `b`.
    pub fn handles(&self, a: Carrier, b: Carrier) -> bool {
        match TransferKind::between(a, b) {
            Some(kind) => self
                .transfers
                .as_deref()
                .unwrap_or(self.kind.default_transfers())
                .contains(&kind),
            None => false,
        }
    }

    /// Longitude in degrees.
    pub fn lon(&self) -> f64 {
        self.location.x()
    }

    /// Latitude in degrees.
    pub fn lat(&self) -> f64 {
        self.location.y()
    }
}

/// Serialises a `geo::Point` as a GeoJSON-style `[lon, lat]` pair.
mod lon_lat {
    use geo::Point;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(p: &Point<f64>, s: S) -> Result<S::Ok, S::Error> {
        [p.x(), p.y()].serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Point<f64>, D::Error> {
        let [lon, lat] = <[f64; 2]>::deserialize(d)?;
        Ok(Point::new(lon, lat))
    }

    use serde::Serialize;
}
