//! Named corridors: ordered sets of links marketed or planned as one route.

use serde::{Deserialize, Serialize};

use super::{Mode, Sourced, Status};

/// A named transport corridor, e.g. the trans-Caspian "Middle Corridor".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Corridor {
    /// Stable identifier, e.g. `titr`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Main mode(s) of the corridor.
    pub modes: Vec<Mode>,
    /// Overall status.
    pub status: Status,
    /// Ids of the corridor's links, in order along its main path first.
    pub links: Vec<String>,
    /// Published end-to-end figures (length, capacity, transit time…), with their units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// Free-text description of the route.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A labelled published figure about a corridor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What the figure measures.
    pub label: String,
    /// Its unit.
    pub unit: String,
    /// The value with its source.
    #[serde(flatten)]
    pub value: Sourced<f64>,
}
