//! # corridor
//!
//! Freight route planning across the transport corridors linking China, Central Asia, the
//! Caspian and Europe: railways of two gauges, highways, pipelines and sea crossings, with
//! transfers, gauge breaks and border crossings priced where they happen.
//!
//! ```
//! use corridor::{Network, Objective, RouteRequest};
//!
//! let net = Network::central_asia();
//! let route = net.route(&RouteRequest::new("Xi'an", "Almaty").by(Objective::Cost)).unwrap();
//! // Chinese trains run on 1435 mm track, Kazakh ones on 1520 mm: the container changes
//! // gauge at the border, and that transfer is part of the route.
//! assert!(route.transfers.iter().any(|t| t.kind == corridor::TransferKind::Gauge));
//! println!("{:.0} km, {:.0} h, {:.0} USD", route.totals.distance_km,
//!          route.totals.duration_hours, route.totals.cost_usd);
//! ```
//!
//! The architecture reads in one direction: records ([`Place`], [`Link`], [`Corridor`],
//! [`NetworkData`], the serde wire format) → a validated [`Network`] of compact tables with
//! its place × carrier search graph → the [`algo`] core (freight-agnostic shortest paths) →
//! a [`Route`] explained leg by leg (and printed by its `Display`).
//!
//! Units throughout: km, hours, USD, kg CO2; coordinates are (longitude, latitude) in degrees.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod algo;
mod cost;
mod error;
mod geometry;
mod io;
mod model;
mod network;
mod readable;
mod route;

pub use cost::{Case, CostModel, CustomsUnion, Duration, Measures, ModeRates, TransferRates};
pub use error::{DataError, ErrorKind, NoRouteReason, Problems, RecordRef, RouteError};
pub use io::{ImportOptions, Open, Opened};
pub use model::{
    BorderPost, Capacity, Cargo, CargoKind, Carrier, Commodity, Corridor, Departure, Figure, Gauge,
    Link, Milestone, MilestoneKind, Mode, NetworkData, Origin, Place, PlaceKind, Source, Sourced,
    Status, Tariff, Timetable, TransferKind, UnknownName, HOURS_PER_WEEK, PROVENANCE_TAGS,
};
pub use network::{
    Bridge, CutPlace, IdClash, Iter, LinkRef, Links, Listed, Network, NetworkReport, Piece,
    PlaceRef, Places, StretchedLink, StrongPiece,
};
pub use route::calibration;
pub use route::{
    Arrival, BorderCrossing, Budget, Closures, CorridorOption, Criterion, Criticality, Customized,
    Endpoint, Frontier, Leg, Location, Matrix, Objective, Planner, Prepared, PreparedError,
    Reachability, Reached, Route, RoutePart, RouteRequest, Transfer, Weights, DEFAULT_MAX_LABELS,
    DEFAULT_MAX_SNAP_KM,
};

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
