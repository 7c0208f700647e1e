//! Figures with their provenance.

use serde::{Deserialize, Serialize};

use super::names::vocabulary;

/// A figure together with where it comes from.
///
/// `source` is either a key into the data set's source list (a published figure) or one of the
/// provenance tags in [`PROVENANCE_TAGS`]: an estimate must never pass for a published figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sourced<T> {
    /// The figure itself, in the unit named by the field that holds it.
    pub value: T,
    /// A source key, or one of [`PROVENANCE_TAGS`].
    pub source: String,
    /// Caveats: what the figure covers, how it was derived, conflicting figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl<T> Sourced<T> {
    /// A figure with a source and no note.
    pub fn new(value: T, source: impl Into<String>) -> Self {
        Sourced {
            value,
            source: source.into(),
            note: None,
        }
    }
}

/// Provenance tags that are not source keys.
///
/// - `general knowledge`: common geographic knowledge (e.g. a city's coordinates);
/// - `estimate`: an approximate figure, explained in its note;
/// - `derived`: arithmetic on sourced figures, explained in its note;
/// - `computed`: computed by this crate (e.g. geodesic length × circuity);
/// - `assumption`: a modelling default with no published figure behind it;
/// - `imported`: read from a user's file (GeoJSON, CSV) that names no source.
pub const PROVENANCE_TAGS: [&str; 6] = [
    "general knowledge",
    "estimate",
    "derived",
    "computed",
    "assumption",
    "imported",
];

/// How an importer came by a field its file did not give: a place's country, a rail link's
/// gauge. Written out (and read back) only when it is not [`Origin::Given`], so an exported
/// network keeps saying which of its facts are the crate's inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The record gives it.
    #[default]
    Given,
    /// Inferred by a documented rule: a country from the coordinates (offline boundaries of
    /// the `country-boundaries` crate, © OpenStreetMap contributors, ODbL), a gauge from
    /// the countries of a link's ends ([`Gauge::of_country`](crate::Gauge::of_country)).
    Derived,
    /// Set for the whole file by the importer's options
    /// ([`ImportOptions::country`](crate::ImportOptions::country),
    /// [`ImportOptions::gauge_mm`](crate::ImportOptions::gauge_mm)).
    Assumed,
}

impl Origin {
    /// Whether the record gives the field itself (serde's `skip_serializing_if`).
    pub fn is_given(&self) -> bool {
        *self == Origin::Given
    }
}

vocabulary!(
    Origin,
    "an origin of a field",
    [Origin::Given, Origin::Derived, Origin::Assumed]
);

/// One bibliographic source, referred to by its key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Short stable key, e.g. `rg2025_cku`.
    pub key: String,
    /// Title of the article, report or page.
    pub title: String,
    /// Publication date as given by the source (free form, often ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What kind of source it is (news, official, mirror, blog…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}
