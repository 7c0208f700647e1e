//! The `json` column: the fields of a record that the other columns do not give, written as
//! the smallest patch that turns what the columns say into the whole record.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::reader::Bad;

/// Applies the `json` column's fields to `record`.
pub(super) fn apply_json<T: Serialize + DeserializeOwned>(
    record: &mut T,
    json: &str,
) -> Result<(), Bad> {
    if !json.trim().is_empty() {
        *record = with_json(record, json)?;
    }
    Ok(())
}

/// `record` with the `json` column's fields applied.
fn with_json<T: Serialize + DeserializeOwned>(record: &T, json: &str) -> Result<T, Bad> {
    let patch = match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(m)) => m,
        Ok(_) => {
            return Err(Bad::new(
                "json",
                "must be a JSON object of record fields, e.g. {\"notes\": \"…\"}",
            ))
        }
        Err(e) => return Err(Bad::new("json", format!("is not valid JSON: {e}"))),
    };
    let mut fields = to_object(record);
    apply(&mut fields, patch);
    serde_json::from_value(Value::Object(fields))
        .map_err(|e| Bad::new("json", format!("does not describe a valid record: {e}")))
}

fn to_object<T: Serialize>(record: &T) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(m)) => m,
        // Places and links serialise to objects, and have no map keys that are not strings.
        _ => unreachable!("a record serialises to a JSON object"),
    }
}

/// Applies `patch` to `target`: `null` removes a field, an object is merged one level deep
/// into an object already there, anything else replaces.
fn apply(target: &mut Map<String, Value>, patch: Map<String, Value>) {
    for (k, v) in patch {
        match v {
            Value::Null => {
                target.remove(&k);
            }
            Value::Object(inner) => match target.get_mut(&k) {
                Some(Value::Object(t)) => {
                    for (k2, v2) in inner {
                        if v2.is_null() {
                            t.remove(&k2);
                        } else {
                            t.insert(k2, v2);
                        }
                    }
                }
                _ => {
                    target.insert(k, Value::Object(inner));
                }
            },
            v => {
                target.insert(k, v);
            }
        }
    }
}

/// The smallest patch (for [`apply`]) turning `base` into `full`.
fn diff(base: &Map<String, Value>, full: &Map<String, Value>) -> Map<String, Value> {
    let mut patch = Map::new();
    for k in base.keys().filter(|k| !full.contains_key(*k)) {
        patch.insert(k.clone(), Value::Null);
    }
    for (k, v) in full {
        match (base.get(k), v) {
            (Some(b), v) if b == v => {}
            (Some(Value::Object(b)), Value::Object(f)) => {
                let mut inner = Map::new();
                for k2 in b.keys().filter(|k2| !f.contains_key(*k2)) {
                    inner.insert(k2.clone(), Value::Null);
                }
                for (k2, v2) in f.iter().filter(|(k2, v2)| b.get(*k2) != Some(*v2)) {
                    inner.insert(k2.clone(), v2.clone());
                }
                patch.insert(k.clone(), Value::Object(inner));
            }
            _ => {
                patch.insert(k.clone(), v.clone());
            }
        }
    }
    patch
}

/// The `json` column that turns `base` (what the other columns say) into `record`; `None`
/// when no patch can (a `null` inside a field the columns also fill).
pub(super) fn patch_for<T: Serialize>(base: &T, record: &T) -> Option<String> {
    let (base, full) = (to_object(base), to_object(record));
    if base == full {
        return Some(String::new());
    }
    let patch = diff(&base, &full);
    let mut check = base;
    apply(&mut check, patch.clone());
    (check == full).then(|| Value::Object(patch).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn diff_then_apply_gives_back_the_record() {
        let base = obj(serde_json::json!({
            "a": 1, "gone": "x", "len": {"value": 2.0, "source": "imported"},
            "props": {"k": "v"}
        }));
        let full = obj(serde_json::json!({
            "a": 1, "len": {"value": 2.0, "source": "rzd", "note": "n"},
            "props": {"k": "v", "n": 3}, "new": [1, null]
        }));
        let patch = diff(&base, &full);
        assert_eq!(patch["gone"], Value::Null);
        assert_eq!(
            patch["len"],
            serde_json::json!({"source": "rzd", "note": "n"})
        );
        let mut back = base.clone();
        apply(&mut back, patch);
        assert_eq!(back, full);
    }

    #[test]
    fn a_null_inside_a_merged_field_cannot_be_patched() {
        let base = obj(serde_json::json!({"props": {"k": "v"}}));
        let full = obj(serde_json::json!({"props": {"k": null}}));
        let mut back = base.clone();
        apply(&mut back, diff(&base, &full));
        assert_ne!(back, full);
    }
}
