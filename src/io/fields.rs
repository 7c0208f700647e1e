//! One vocabulary for the fields of every format: how a cell of a CSV file or a property of
//! a GeoJSON feature becomes a field of a record. Formats differ in how values arrive (text,
//! JSON); the names, coercions, defaults and messages are these, once.
//!
//! The rules a finished record must obey (ranges, consistency of mode, gauge and commodity)
//! are not here but in the network's validation, which every record passes.

use serde_json::Value;

use crate::model::names::{self, Vocabulary};
use crate::model::{Gauge, Milestone, MilestoneKind, Sourced, Status, Tariff};
use crate::network::validate::{country_problem, gauge_from_mm, gauge_problem};

/// Source tag of a figure given as a bare number in an imported file.
pub(crate) const IMPORTED: &str = "imported";
/// Source tag of a figure this crate computed (e.g. a line's geodesic length).
pub(crate) const COMPUTED: &str = "computed";

/// A name of one of the model's enums, written loosely (see [`names::parse`]).
pub(crate) fn name<T: Vocabulary>(s: &str) -> Result<T, String> {
    names::parse(s).map_err(|e| e.to_string())
}

/// A country code: two letters, in either case, kept in capitals; empty when unknown.
pub(crate) fn country(s: &str) -> Result<String, String> {
    let c = s.trim();
    if c.is_empty() {
        Ok(String::new())
    } else if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(c.to_ascii_uppercase())
    } else {
        Err(country_problem(c))
    }
}

/// A yes/no value: `true`, `false`, `1`, `0`, `yes` or `no`, in any case.
pub(crate) fn yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(format!(
            "`{s}` is not true or false (expected one of true, false, 1, 0, yes or no)"
        )),
    }
}

/// Gauges written as text: `1435`, or several as `1435;1520` (or `1435,1520`).
pub(crate) fn gauges(s: &str) -> Result<Vec<Gauge>, String> {
    s.split([';', ','])
        .map(|g| {
            let g = g.trim();
            g.parse::<u64>()
                .ok()
                .and_then(gauge_from_mm)
                .ok_or_else(|| {
                    format!(
                        "{}; two gauges as 1435;1520",
                        gauge_problem(&format!("`{g}`"))
                    )
                })
        })
        .collect()
}

/// Gauges given as JSON: a whole number of millimetres or an array of them, or text as
/// [`gauges`] reads it (OSM's `gauge` tag: `"1520"`, `"1435;1520"`).
pub(crate) fn gauges_json(v: &Value) -> Result<Vec<Gauge>, String> {
    if let Value::String(s) = v {
        return gauges(s);
    }
    let one = |v: &Value| {
        v.as_u64()
            .and_then(gauge_from_mm)
            .ok_or_else(|| format!("{}, or an array of them", gauge_problem(&describe(v))))
    };
    match v {
        Value::Array(items) => items.iter().map(one).collect(),
        single => Ok(vec![one(single)?]),
    }
}

/// A year written as text.
pub(crate) fn year(s: &str) -> Result<i32, String> {
    s.trim()
        .parse::<i32>()
        .map_err(|_| format!("`{s}` is not a year (expected a whole number, e.g. 2027)"))
}

/// What a bare year means in an imported file: the link opened that year when it is
/// operational, and is expected to open then otherwise.
pub(crate) fn milestone(year: i32, status: Status) -> Milestone {
    Milestone {
        year,
        event: if status == Status::Operational {
            MilestoneKind::Opened
        } else {
            MilestoneKind::ExpectedOpening
        },
        source: IMPORTED.into(),
        note: None,
    }
}

/// A number written as text: finite, with a decimal point; `None` when empty.
pub(crate) fn number(s: &str) -> Result<Option<f64>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        Ok(_) => Err(format!("`{s}` is not a finite number (expected e.g. 12.5)")),
        Err(_) => Err(format!(
            "`{s}` is not a number (expected e.g. 12.5, with a decimal point)"
        )),
    }
}

/// The tariff of a `cost_per_tkm` field: USD per tonne-km with the figure's source.
pub(crate) fn tariff_per_tkm(rate: Sourced<f64>) -> Tariff {
    Tariff {
        usd_per_tonne_km: Some(rate.value),
        usd_per_teu_km: None,
        fixed_usd: None,
        source: rate.source,
        note: rate.note,
    }
}

/// Record fields that files give under names of their own: (record field, name in files).
const NAMES_IN_FILES: [(&str, &str); 2] = [
    ("transit_hours", "duration_hours"),
    ("tariff.usd_per_tonne_km", "cost_per_tkm"),
];

/// The name under which a file gave record field `field`, when it is another name: a
/// problem with the field is reported under it. `given(name)` says whether the file's record
/// used `name`.
pub(crate) fn name_in_file(field: &str, given: impl Fn(&str) -> bool) -> Option<&'static str> {
    NAMES_IN_FILES
        .iter()
        .find(|(f, name)| *f == field && given(name))
        .map(|(_, name)| *name)
}

/// What kind of JSON value this is, for messages.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// serde_json appends " at line L column C" to messages; errors carry positions of their own.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mode, PlaceKind};

    #[test]
    fn every_format_reads_the_same_names() {
        assert_eq!(country("kz"), Ok("KZ".into()));
        assert_eq!(country(""), Ok(String::new()));
        assert!(country("Kazakhstan")
            .unwrap_err()
            .contains("ISO 3166-1 alpha-2"));
        assert_eq!(name::<Status>("open"), Ok(Status::Operational));
        assert_eq!(
            name::<Status>("Under construction"),
            Ok(Status::UnderConstruction)
        );
        assert_eq!(name::<Mode>("Ferry"), Ok(Mode::Sea));
        assert_eq!(
            name::<PlaceKind>("border crossing"),
            Ok(PlaceKind::BorderCrossing)
        );
        assert_eq!(yes_no("YES"), Ok(true));
        assert_eq!(
            gauges("1435; 1520"),
            Ok(vec![Gauge::Standard, Gauge::Russian])
        );
        assert!(gauges("broad").unwrap_err().contains("`broad`"));
        assert_eq!(
            gauges_json(&serde_json::json!([1520])),
            Ok(vec![Gauge::Russian])
        );
        assert!(gauges_json(&serde_json::json!("x")).is_err());
    }
}
