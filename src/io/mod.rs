//! Reading and writing networks: the crate's JSON format, GeoJSON and CSV.

mod csv;
mod geojson;
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

impl crate::Network {
    /// Loads a network file, whatever its format: a place CSV with its link CSV (`links`),
    /// GeoJSON (`.geojson`, or `.json` holding a FeatureCollection), or the crate's own JSON.
    ///
    /// # Errors
    /// [`DataError`](crate::DataError) naming the file, and the record and field at fault.
    pub fn load(
        network: &std::path::Path,
        links: Option<&std::path::Path>,
        opts: &ImportOptions,
    ) -> Result<crate::Network, crate::DataError> {
        let name = network.display().to_string();
        if let Some(links) = links {
            return crate::Network::from_csv_files(network, links, opts);
        }
        let ext = network
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if ext == "csv" {
            return Err(crate::DataError::Invalid {
                file: name,
                record: "arguments".into(),
                field: "links".into(),
                problem: "a place CSV needs its link CSV as well".into(),
            });
        }
        let text = std::fs::read_to_string(network).map_err(|source| crate::DataError::Io {
            file: name.clone(),
            source,
        })?;
        // GeoJSON names its type near the top; the crate's format has no `type` member.
        let head: String = text.chars().take(4096).collect();
        if ext == "geojson" || head.contains("\"FeatureCollection\"") {
            crate::Network::from_geojson_str(&text, &name, opts)
        } else {
            crate::Network::from_json_str(&text, &name)
        }
    }
}
