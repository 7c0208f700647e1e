//! Reading and writing networks: the crate's JSON format, GeoJSON and CSV.

mod json;

use serde::{Deserialize, Serialize};

use crate::model::Mode;

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
