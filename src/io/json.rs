//! The crate's own JSON network format (the schema of [`NetworkData`]).

use std::path::Path;

use crate::error::DataError;
use crate::model::NetworkData;
use crate::Network;

impl Network {
    /// Parses and validates a network in the crate's JSON format. `source_name` names the
    /// input in error messages.
    ///
    /// # Errors
    /// [`DataError::Parse`] with line and column for malformed JSON or a record of the wrong
    /// shape; [`DataError::Invalid`] or [`DataError::DuplicateId`] for unusable records.
    ///
    /// # Example
    /// ```
    /// let json = r#"{
    ///   "places": [
    ///     {"id": "a", "name": "A", "country": "KZ", "location": [76.9, 43.2],
    ///      "coord_source": "estimate", "kind": "city"},
    ///     {"id": "b", "name": "B", "country": "KZ", "location": [71.4, 51.1],
    ///      "coord_source": "estimate", "kind": "city"}
    ///   ],
    ///   "links": [
    ///     {"id": "ab", "from": "a", "to": "b", "mode": "road", "circuity": 1.2,
    ///      "status": "operational"}
    ///   ]
    /// }"#;
    /// let net = corridor::Network::from_json_str(json, "mine.json").unwrap();
    /// let km = net.link_length_km(0);
    /// assert!(km > 1000.0 && km < 1300.0, "{km}");
    /// ```
    pub fn from_json_str(json: &str, source_name: &str) -> Result<Network, DataError> {
        let data: NetworkData = serde_json::from_str(json).map_err(|e| DataError::Parse {
            file: source_name.to_string(),
            line: e.line(),
            // serde_json reports column 0 at the end of input; columns here are 1-based.
            column: e.column().max(1),
            message: strip_position(&e.to_string()),
        })?;
        Network::from_data(data, source_name)
    }

    /// Reads, parses and validates a network file in the crate's JSON format.
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Network, DataError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let json = std::fs::read_to_string(path).map_err(|source| DataError::Io {
            file: name.clone(),
            source,
        })?;
        Network::from_json_str(&json, &name)
    }
}

/// serde_json appends " at line L column C"; the error already carries both.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
