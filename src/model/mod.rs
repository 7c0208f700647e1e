//! The data model: plain, serialisable records of places, links, corridors and cargo.
//!
//! Nothing here is validated; [`Network`](crate::Network) checks the records when it is built.

mod cargo;
mod corridor;
mod link;
mod mode;
pub(crate) mod names;
mod place;
mod source;
mod timetable;

pub use cargo::{Cargo, CargoKind};
pub use corridor::{Corridor, Figure};
pub(crate) use link::open_in;
pub use link::{Capacity, Link, Milestone, MilestoneKind, Status, Tariff};
pub(crate) use mode::link_carriers;
pub use mode::{Carrier, Commodity, Gauge, Mode};
pub use names::UnknownName;
pub use place::{BorderPost, Place, PlaceKind, TransferKind};
pub use source::{Origin, Source, Sourced, PROVENANCE_TAGS};
pub use timetable::{Departure, Timetable, HOURS_PER_WEEK};

use serde::{Deserialize, Serialize};

/// A whole network as stored in a file: places, links, corridors and the sources they cite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NetworkData {
    /// Title, version, licence and notes about the data set.
    #[serde(default)]
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// Bibliography: every source key used in the file.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The places.
    pub places: Vec<Place>,
    /// The links.
    pub links: Vec<Link>,
    /// Named corridors.
    #[serde(default)]
    pub corridors: Vec<Corridor>,
}
