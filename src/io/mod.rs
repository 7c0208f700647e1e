//! Reading and writing networks: the crate's JSON format, GeoJSON and CSV, one vocabulary of
//! fields for all of them, and the loader that opens any of them.

pub(crate) mod csv;
pub(crate) mod fields;
mod format;
pub(crate) mod geojson;
mod input;
pub(crate) mod json;
mod open;

use serde::{Deserialize, Serialize};

pub(crate) use input::{open_file, read_text};
pub use open::{Open, Opened};

use crate::error::{DataError, RecordRef};
use crate::model::Mode;
use crate::network::validate::{gauge_problem, GAUGE_RANGE_MM};

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
    /// Gauge given to imported rail links without `gauge_mm` (default 1435 mm); one gauge
    /// everywhere means no gauge breaks inside an imported network.
    pub default_gauge_mm: u16,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            default_mode: Mode::Rail,
            join_tolerance_m: 0.0,
            default_gauge_mm: 1435,
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
                format!("{tol} is not a finite number of metres >= 0"),
            ));
        }
        if !GAUGE_RANGE_MM.contains(&u64::from(self.default_gauge_mm)) {
            return Err(DataError::invalid(
                file,
                RecordRef::Options,
                "default_gauge_mm",
                gauge_problem(&format!("{} mm", self.default_gauge_mm)),
            ));
        }
        Ok(())
    }
}
