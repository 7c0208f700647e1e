//! Which format a network file is in: its name says, or its top-level `type` member does.

use std::path::Path;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::Deserializer as _;

use super::json::strip_bom;

/// The formats [`Network::open`](crate::Network::open) reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// A place CSV (with its link CSV).
    Csv,
    /// A GeoJSON FeatureCollection.
    GeoJson,
    /// The crate's own JSON.
    Json,
}

/// GeoJSON's object types (RFC 7946 §1.4). The crate's JSON has no top-level `type`; a
/// GeoJSON object of another type than FeatureCollection goes to the GeoJSON reader, which
/// says what it expected.
const GEOJSON_TYPES: [&str; 9] = [
    "FeatureCollection",
    "Feature",
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

impl Format {
    /// The format a file's extension names (`.csv`, `.geojson`, also before `.gz`); `None`
    /// when the name does not say (`.json`, `.json.gz`, anything else).
    pub(super) fn of_name(path: &Path) -> Option<Format> {
        let mut path = path.to_path_buf();
        if has_extension(&path, "gz") {
            path.set_extension("");
        }
        if has_extension(&path, "csv") {
            Some(Format::Csv)
        } else if has_extension(&path, "geojson") {
            Some(Format::GeoJson)
        } else {
            None
        }
    }

    /// GeoJSON when the text's top-level object has a `type` member naming a GeoJSON object,
    /// wherever the member is; otherwise (also for text that is not JSON: the reader will say
    /// where) the crate's JSON.
    ///
    /// # Complexity
    /// Reads up to the `type` member: members before it are skipped without being built
    /// (`features` before `type` is a pass over the text, about 1 ms a megabyte).
    pub(super) fn of_text(text: &str) -> Format {
        match top_level_type(strip_bom(text)) {
            Some(t) if GEOJSON_TYPES.contains(&t.as_str()) => Format::GeoJson,
            _ => Format::Json,
        }
    }
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The string value of the top-level object's `type` member, if the text has one before its
/// first syntax error.
fn top_level_type(text: &str) -> Option<String> {
    /// Reads an object's members until `type`, and stops there.
    struct TypeMember<'a>(&'a mut Option<String>);

    impl<'de> Visitor<'de> for TypeMember<'_> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "type" {
                    *self.0 = map.next_value::<String>().ok();
                    // Found: stop reading (the error is how a visitor stops early).
                    return Err(de::Error::custom("found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }

    let mut found = None;
    // Whatever the reading ends with, only what it found counts.
    let _ = serde_json::Deserializer::from_str(text).deserialize_map(TypeMember(&mut found));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_decides_csv_and_geojson_also_under_gz() {
        for (name, format) in [
            ("a.csv", Some(Format::Csv)),
            ("a.CSV.gz", Some(Format::Csv)),
            ("world.nodes.csv.gz", Some(Format::Csv)),
            ("a.geojson", Some(Format::GeoJson)),
            ("a.GeoJSON.GZ", Some(Format::GeoJson)),
            ("a.json", None),
            ("a.json.gz", None),
            ("a.gz", None),
            ("geojson", None),
        ] {
            assert_eq!(Format::of_name(Path::new(name)), format, "{name}");
        }
    }

    #[test]
    fn the_top_level_type_decides_wherever_it_is() {
        let features = format!("[{}]", vec![r#"{"type":"Feature"}"#; 2000].join(","));
        assert!(features.len() > 4096);
        for (text, format) in [
            (
                r#"{"type":"FeatureCollection","features":[]}"#.to_string(),
                Format::GeoJson,
            ),
            (
                format!(r#"{{"features":{features},"type":"FeatureCollection"}}"#),
                Format::GeoJson,
            ),
            (
                "\u{feff} \n{\"name\":\"x\",\"type\":\"Feature\"}".to_string(),
                Format::GeoJson,
            ),
            // Nested `type`s and the word in a string are not the top level's.
            (
                format!(r#"{{"places":[],"links":[],"x":{features}}}"#),
                Format::Json,
            ),
            (
                r#"{"meta":{"note":"\"type\":\"FeatureCollection\""},"places":[]}"#.to_string(),
                Format::Json,
            ),
            // A `type` that is not GeoJSON's, or not a string.
            (
                r#"{"type":"network","places":[]}"#.to_string(),
                Format::Json,
            ),
            (r#"{"type":7,"places":[]}"#.to_string(), Format::Json),
            // Not JSON, or broken before the member: the crate's reader says where.
            ("[1,2]".to_string(), Format::Json),
            (
                "{\"places\": [} \"type\":\"FeatureCollection\"".to_string(),
                Format::Json,
            ),
            ("".to_string(), Format::Json),
        ] {
            assert_eq!(
                Format::of_text(&text),
                format,
                "{}",
                &text[..text.len().min(80)]
            );
        }
    }
}
