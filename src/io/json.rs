//! The crate's own JSON network format: the schema of [`NetworkData`], read with serde.

use crate::error::DataError;
use crate::model::NetworkData;

use super::fields::strip_position;

/// Parses `json` into records; `source_name` names it in errors.
pub(crate) fn parse(json: &str, source_name: &str) -> Result<NetworkData, DataError> {
    serde_json::from_str(strip_bom(json)).map_err(|e| parse_error(source_name, &e))
}

/// JSON text without the UTF-8 byte order mark some editors write first: RFC 8259 §8.1 lets
/// a reader ignore it, serde_json does not. Every JSON reader of the crate (its own format,
/// GeoJSON, telling them apart) reads text through this.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A serde_json error as a [`DataError::Parse`] with its line and column.
pub(crate) fn parse_error(file: &str, e: &serde_json::Error) -> DataError {
    DataError::Parse {
        file: file.to_string(),
        line: e.line(),
        // serde_json reports column 0 at the end of input; columns here are 1-based.
        column: e.column().max(1),
        message: strip_position(&e.to_string()),
    }
}
