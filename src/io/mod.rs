//! Reading and writing networks: the crate's JSON format, GeoJSON and CSV, one vocabulary of
//! fields for all of them, and the loader that opens any of them.

pub(crate) mod csv;
pub(crate) mod fields;
pub(crate) mod fill;
mod format;
pub(crate) mod geojson;
mod input;
pub(crate) mod json;
mod open;

use serde::{Deserialize, Serialize};

pub(crate) use input::{open_file, read_text, Input};
pub use open::{Open, Opened};

use crate::error::{DataError, RecordRef};
use crate::model::Mode;
use crate::network::validate::{country_problem, gauge_problem, GAUGE_RANGE_MM};

/// How to read a network file that does not say everything (GeoJSON and CSV imports).
///
/// # Example
/// ```
/// use corridor::{ImportOptions, Mode};
///
/// let opts = ImportOptions { default_mode: Mode::Rail, ..ImportOptions::default() };
/// assert_eq!(opts.join_tolerance_m, 0.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Mode of links whose record has none (default: rail).
    pub default_mode: Mode,
    /// GeoJSON: line ends closer than this, in metres, are the same place (default 0: only
    /// identical coordinates meet).
    pub join_tolerance_m: f64,
    /// Gauge of every imported rail link without `gauge_mm`. `None` (the default): each
    /// country's own ([`Gauge::of_country`](crate::Gauge::of_country); 1435 mm where it says
    /// nothing), both gauges on a link between countries whose gauges differ, so that breaks
    /// of gauge appear at the real borders. Filled gauges are marked
    /// ([`Link::gauge_origin`](crate::Link::gauge_origin)).
    pub gauge_mm: Option<u16>,
    /// Country (ISO 3166-1 alpha-2) of every imported place without `country`. `None` (the
    /// default): the country its coordinates lie in, from the offline boundaries of the
    /// `country-boundaries` crate (© OpenStreetMap contributors, ODbL); none at sea. Filled
    /// countries are marked ([`Place::country_origin`](crate::Place::country_origin)).
    pub country: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            default_mode: Mode::Rail,
            join_tolerance_m: 0.0,
            gauge_mm: None,
            country: None,
        }
    }
}

impl ImportOptions {
    /// Whether the options can be used for reading `file`.
    pub(crate) fn check(&self, file: &str) -> Result<(), DataError> {
        let tol = self.join_tolerance_m;
        if !(tol.is_finite() && tol >= 0.0) {
            return Err(DataError::invalid(
                file,
                RecordRef::Options,
                "join_tolerance_m",
                format!(
                    "{} is not a finite number of metres >= 0",
                    crate::readable::Readable(tol)
                ),
            ));
        }
        if let Some(mm) = self
            .gauge_mm
            .filter(|mm| !GAUGE_RANGE_MM.contains(&u64::from(*mm)))
        {
            return Err(DataError::invalid(
                file,
                RecordRef::Options,
                "gauge_mm",
                gauge_problem(&format!("{mm} mm")),
            ));
        }
        if let Some(c) = &self.country {
            if let Err(problem) = fields::country(c).and_then(|k| {
                if k.is_empty() {
                    Err(country_problem(c))
                } else {
                    Ok(k)
                }
            }) {
                return Err(DataError::invalid(
                    file,
                    RecordRef::Options,
                    "country",
                    problem,
                ));
            }
        }
        Ok(())
    }
}
