//! Links: a stretch of railway, road, sea route or pipeline between two places.

use serde::{Deserialize, Serialize};

use super::names::vocabulary;

use super::{Commodity, Gauge, Mode, Origin, Sourced};

/// Whether a link can be used, and since or from when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In service.
    #[default]
    #[serde(alias = "open", alias = "in_service")]
    Operational,
    /// Being built.
    #[serde(alias = "construction")]
    UnderConstruction,
    /// Announced or designed, not yet being built.
    #[serde(alias = "proposed")]
    Planned,
}

vocabulary!(
    Status,
    "a status",
    [
        Status::Operational,
        Status::UnderConstruction,
        Status::Planned
    ],
    spoken
);

/// A dated event in a link's life.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// Calendar year.
    pub year: i32,
    /// What happens that year.
    pub event: MilestoneKind,
    /// A source key or provenance tag.
    pub source: String,
    /// Caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a [`Milestone`] marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// The link opened to traffic.
    Opened,
    /// The link is expected to open.
    ExpectedOpening,
    /// Construction started (the opening date is not known).
    ConstructionStart,
}

vocabulary!(
    MilestoneKind,
    "a milestone",
    [
        MilestoneKind::Opened,
        MilestoneKind::ExpectedOpening,
        MilestoneKind::ConstructionStart,
    ],
    spoken
);

/// A published or assumed price for using a link.
///
/// # Units
/// USD. Container cargo pays `usd_per_teu_km` per TEU; other cargo `usd_per_tonne_km` per tonne;
/// `fixed_usd` is paid once per TEU or tonne for the whole link (e.g. a pipeline's flat tariff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Tariff {
    /// USD per tonne-kilometre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usd_per_tonne_km: Option<f64>,
    /// USD per TEU-kilometre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usd_per_teu_km: Option<f64>,
    /// USD per tonne or TEU for the whole link, on top of the distance rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_usd: Option<f64>,
    /// A source key or provenance tag.
    pub source: String,
    /// How the figure was obtained (currency conversion, date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How much a link can carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capacity {
    /// The amount, in `unit`.
    pub value: f64,
    /// The unit: `bcm/yr`, `Mt/yr`, `TEU/yr`, `train pairs/day`, …
    pub unit: String,
    /// A source key or provenance tag.
    pub source: String,
    /// Caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A stretch of infrastructure between two places.
///
/// Links are usable both ways unless `oneway` (pipelines flow from `from` to `to`).
///
/// # Units
/// Lengths in km, speeds in km/h, times in hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Stable identifier, e.g. `r_alashankou_dostyk`.
    pub id: String,
    /// Id of the place where the link starts.
    pub from: String,
    /// Id of the place where the link ends.
    pub to: String,
    /// Mode of transport.
    pub mode: Mode,
    /// Display name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Length along the infrastructure, in km, when published or derived from published
    /// figures. When absent, the length is the geodesic distance between the ends times
    /// `circuity` (an estimate, reported with source `computed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_km: Option<Sourced<f64>>,
    /// Ratio of route length to geodesic distance, used when `length_km` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circuity: Option<f64>,
    /// Track gauges on a rail link: one, or two where dual-gauge track crosses a border
    /// (a train keeps its gauge along the link and changes it at a place that handles it).
    #[serde(default, rename = "gauge_mm", skip_serializing_if = "Vec::is_empty")]
    pub gauges: Vec<Gauge>,
    /// Whether `gauges` are the record's, or filled in on import (by the countries of the
    /// ends, or for the whole file).
    #[serde(default, skip_serializing_if = "Origin::is_given")]
    pub gauge_origin: Origin,
    /// What a pipeline carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commodity: Option<Commodity>,
    /// Commercial speed in km/h (stops included), when known for this link: the typical case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_kmh: Option<Sourced<f64>>,
    /// Commercial speed when everything flows (speed trains, priority convoys), km/h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_kmh_best: Option<Sourced<f64>>,
    /// Commercial speed in published congestion, km/h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_kmh_worst: Option<Sourced<f64>>,
    /// Transit time in hours, when known: the typical case (takes precedence over speed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_hours: Option<Sourced<f64>>,
    /// Transit time when everything flows, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_hours_best: Option<Sourced<f64>>,
    /// Transit time in published congestion, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_hours_worst: Option<Sourced<f64>>,
    /// Departures per week of a scheduled service on the link (a ferry, a block train): a
    /// consignment waits for the next one (0 in the best case, half the interval typically, a
    /// whole interval plus [`Link::backlog_hours`] in the worst).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sailings_per_week: Option<Sourced<f64>>,
    /// Extra wait for a departure in the worst case (services fully booked: the 2022 Caspian
    /// ferry backlog), hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backlog_hours: Option<Sourced<f64>>,
    /// Weekly departures of the service, when published; with a departure time in the request
    /// the wait for the next one is exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timetable: Option<super::Timetable>,
    /// Published tariff for this link, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff: Option<Tariff>,
    /// Design or actual capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
    /// Border formalities on this link when it crosses a border away from a border place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub border: Option<super::BorderPost>,
    /// Operational (the default), under construction or planned.
    #[serde(default)]
    pub status: Status,
    /// The year it opened, or is expected to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<Milestone>,
    /// Usable only from `from` to `to`.
    #[serde(default)]
    pub oneway: bool,
    /// Ids of the corridors this link belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corridors: Vec<String>,
    /// Source keys that support this record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// Free-text notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The line's shape as `[lon, lat]` vertices from `from` to `to`, when known (imported
    /// lines); without it the link is drawn as a straight segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geometry: Option<Vec<[f64; 2]>>,
    /// Any other properties an imported record carried, kept as they were.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub properties: serde_json::Map<String, serde_json::Value>,
}

impl Link {
    /// A link with only the required fields: operational, both ways, with a given length
    /// (`source` says where the length comes from) and no gauge or commodity.
    pub fn new(
        id: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
        mode: Mode,
        length_km: Sourced<f64>,
    ) -> Link {
        Link {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            mode,
            name: String::new(),
            length_km: Some(length_km),
            circuity: None,
            gauges: Vec::new(),
            gauge_origin: Origin::Given,
            commodity: None,
            speed_kmh: None,
            speed_kmh_best: None,
            speed_kmh_worst: None,
            transit_hours: None,
            transit_hours_best: None,
            transit_hours_worst: None,
            sailings_per_week: None,
            backlog_hours: None,
            timetable: None,
            tariff: None,
            capacity: None,
            border: None,
            status: Status::Operational,
            year: None,
            oneway: false,
            corridors: Vec::new(),
            refs: Vec::new(),
            notes: String::new(),
            geometry: None,
            properties: serde_json::Map::new(),
        }
    }

    /// Whether the link can be used in `year` (`None`: today, i.e. operational links only).
    ///
    /// An operational link counts from its opening year (or always, when that is unknown);
    /// one under construction or planned counts from its expected opening year, and never when
    /// no opening year is known.
    pub fn open_in(&self, year: Option<i32>) -> bool {
        open_in(self.status, self.year.as_ref(), year)
    }

    /// The transit-time figures given, `[best, typical, worst]`.
    pub fn transit_cases(&self) -> [Option<&Sourced<f64>>; 3] {
        [
            self.transit_hours_best.as_ref(),
            self.transit_hours.as_ref(),
            self.transit_hours_worst.as_ref(),
        ]
    }

    /// The speed figures given, `[best, typical, worst]` (fastest first).
    pub fn speed_cases(&self) -> [Option<&Sourced<f64>>; 3] {
        [
            self.speed_kmh_best.as_ref(),
            self.speed_kmh.as_ref(),
            self.speed_kmh_worst.as_ref(),
        ]
    }

    /// The carriers the link offers: one per gauge for rail, else the mode's one.
    pub fn carriers(&self) -> impl Iterator<Item = super::Carrier> + '_ {
        super::link_carriers(self.mode, &self.gauges, self.commodity)
    }
}

/// [`Link::open_in`] for a link of this status and opening milestone.
pub(crate) fn open_in(status: Status, milestone: Option<&Milestone>, year: Option<i32>) -> bool {
    match (status, year) {
        (Status::Operational, None) => true,
        (_, None) => false,
        (Status::Operational, Some(y)) => match milestone {
            Some(m) if m.event == MilestoneKind::Opened => m.year <= y,
            _ => true,
        },
        (_, Some(y)) => match milestone {
            Some(m) if m.event == MilestoneKind::ExpectedOpening => m.year <= y,
            _ => false,
        },
    }
}
