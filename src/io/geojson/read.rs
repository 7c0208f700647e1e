//! Reading a GeoJSON document (RFC 7946): the FeatureCollection and its members, each
//! feature's id, geometry and positions. What the properties mean is `props`' business.

use geojson::feature::Id;
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, Position};
use serde::Deserialize;
use serde_json::Value;

use super::props::{self, id_value};
use crate::error::{DataError, RecordRef};
use crate::geometry::check_lon_lat;
use crate::io::fields::{describe, strip_position};
use crate::io::json::{parse_error, strip_bom};
use crate::io::ImportOptions;
use crate::model::{Corridor, Link, Place};

/// Where a problem is: the file, and the feature (or the top-level object).
pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) record: RecordRef,
}

impl Ctx<'_> {
    pub(super) fn err(&self, field: &str, problem: impl Into<String>) -> DataError {
        DataError::invalid(self.file, self.record.clone(), field, problem)
    }
}

/// Feature `index` with this id, as messages name it.
pub(super) fn feature(index: usize, id: Option<&str>) -> RecordRef {
    RecordRef::Feature {
        index,
        id: id.map(str::to_string),
    }
}

/// A Point feature, read into a place (its id settled later if it has none of its own).
pub(super) struct PointFeature {
    pub(super) feature: usize,
    pub(super) place: Place,
}

/// One line: a LineString, or one part of a MultiLineString.
pub(super) struct Line {
    /// The feature, as messages name it.
    pub(super) record: RecordRef,
    pub(super) feature: usize,
    /// Link id (feature id, `{id}.{part}`, or generated later).
    pub(super) id: Option<String>,
    /// Part number within a MultiLineString.
    pub(super) part: Option<usize>,
    pub(super) coords: Vec<[f64; 2]>,
    /// Boxed: a record is large, and lines are moved about until they are joined.
    pub(super) link: Box<Link>,
    /// Place ids named by `from` / `to` properties.
    pub(super) from: Option<String>,
    pub(super) to: Option<String>,
    /// Properties given under their own names for record fields (`duration_hours`).
    pub(super) other_names: Vec<&'static str>,
}

/// Where a link came from, for messages: its feature, and the properties it gave under their
/// own names for record fields.
pub(super) struct LineOrigin {
    pub(super) record: RecordRef,
    pub(super) other_names: Vec<&'static str>,
}

impl Line {
    pub(super) fn ctx<'a>(&self, file: &'a str) -> Ctx<'a> {
        Ctx {
            file,
            record: self.record.clone(),
        }
    }
}

/// RFC 7946 coordinates are WGS 84 longitude/latitude; an old-style `crs` member naming
/// anything else means the numbers are something else.
pub(super) fn check_crs(ctx: &Ctx, crs: Option<&Value>) -> Result<(), DataError> {
    let Some(crs) = crs else { return Ok(()) };
    let name = crs
        .pointer("/properties/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let wgs84 = name.contains("CRS84") || name.ends_with("4326") || crs.is_null();
    if wgs84 {
        Ok(())
    } else {
        Err(ctx.err(
            "crs",
            format!(
                "coordinates must be WGS 84 longitude and latitude (RFC 7946); this file \
                 declares {}",
                if name.is_empty() {
                    crs.to_string()
                } else {
                    name.to_string()
                }
            ),
        ))
    }
}

/// The FeatureCollection, as the `geojson` crate reads it. When the crate rejects a
/// well-formed file, the file is read again as plain JSON to find the feature and member at
/// fault.
pub(super) fn parse_collection(s: &str, file: &str) -> Result<FeatureCollection, DataError> {
    let s = strip_bom(s);
    let e = match serde_json::from_str::<FeatureCollection>(s) {
        Ok(fc) => return Ok(fc),
        Err(e) => e,
    };
    if !e.is_data() {
        return Err(parse_error(file, &e));
    }
    let doc: Value = match serde_json::from_str(s) {
        Ok(doc) => doc,
        Err(e) => return Err(parse_error(file, &e)),
    };
    let top = Ctx {
        file,
        record: RecordRef::TopLevel,
    };
    let found = match doc.get("type") {
        Some(Value::String(t)) if t == "FeatureCollection" => None,
        Some(Value::String(t)) => Some(format!("a {t}")),
        Some(v) => Some(describe(v)),
        None if doc.is_object() => Some("an object without `type`".into()),
        None => Some(describe(&doc)),
    };
    if let Some(found) = found {
        return Err(top.err(
            "type",
            format!(
                "expected a FeatureCollection (RFC 7946 §3.3) of LineString or MultiLineString \
                 features (links) and Point features (places), found {found}"
            ),
        ));
    }
    let Some(Value::Array(features)) = doc.get("features") else {
        return Err(top.err(
            "features",
            format!(
                "expected an array of features, found {}",
                doc.get("features").map_or("nothing".into(), describe)
            ),
        ));
    };
    for (index, f) in features.iter().enumerate() {
        check_feature(file, index, f)?;
    }
    // Something else the crate rejects (e.g. a malformed `bbox`): where serde_json saw it.
    Err(parse_error(file, &e))
}

/// Finds what makes a feature unreadable as a GeoJSON Feature.
fn check_feature(file: &str, index: usize, f: &Value) -> Result<(), DataError> {
    let id = match f.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let ctx = Ctx {
        file,
        record: feature(index, id.as_deref()),
    };
    let Value::Object(m) = f else {
        return Err(ctx.err(
            "type",
            format!("expected a Feature object, found {}", describe(f)),
        ));
    };
    match m.get("type") {
        Some(Value::String(t)) if t == "Feature" => {}
        other => {
            return Err(ctx.err(
                "type",
                format!(
                    "expected \"Feature\", found {}",
                    other.map_or("nothing".into(), describe)
                ),
            ))
        }
    }
    match m.get("id") {
        None | Some(Value::Null | Value::String(_) | Value::Number(_)) => {}
        Some(v) => {
            return Err(ctx.err(
                "id",
                format!("expected a string or a number, found {}", describe(v)),
            ))
        }
    }
    match m.get("properties") {
        None | Some(Value::Null | Value::Object(_)) => {}
        Some(v) => {
            return Err(ctx.err(
                "properties",
                format!("expected an object, found {}", describe(v)),
            ))
        }
    }
    if let Some(g) = m.get("geometry").filter(|g| !g.is_null()) {
        Geometry::deserialize(g)
            .map_err(|e| ctx.err("geometry", strip_position(&e.to_string())))?;
    }
    Feature::deserialize(f).map_err(|e| ctx.err("feature", strip_position(&e.to_string())))?;
    Ok(())
}

/// Reads one feature into a place or one or more lines.
pub(super) fn read_feature(
    file: &str,
    index: usize,
    f: Feature,
    opts: &ImportOptions,
    corridors: &[Corridor],
    points: &mut Vec<PointFeature>,
    lines: &mut Vec<Line>,
) -> Result<(), DataError> {
    let mut ctx = Ctx {
        file,
        record: feature(index, None),
    };
    let feature_id = match f.id {
        None => None,
        Some(Id::String(s)) => Some(id_value(&ctx, "id", &Value::String(s))?),
        Some(Id::Number(n)) => Some(n.to_string()),
    };
    if let Some(id) = &feature_id {
        ctx.record = feature(index, Some(id));
    }
    let mut props = f.properties.unwrap_or_default();
    // An id among the properties, as many tools write it.
    let id = match (feature_id, props.remove("id")) {
        (fid, None | Some(Value::Null)) => fid,
        (None, Some(v)) => {
            let id = id_value(&ctx, "id", &v)?;
            ctx.record = feature(index, Some(&id));
            Some(id)
        }
        (Some(fid), Some(v)) => {
            let pid = id_value(&ctx, "id", &v)?;
            if pid != fid {
                return Err(ctx.err(
                    "id",
                    format!("the feature id is `{fid}` but its `id` property says `{pid}`"),
                ));
            }
            Some(fid)
        }
    };
    let Some(geometry) = f.geometry else {
        return Err(ctx.err(
            "geometry",
            "missing: each feature needs a geometry: a LineString or MultiLineString (a link) \
             or a Point (a place)",
        ));
    };
    // Foreign members of the feature are kept with its properties.
    for (k, v) in f.foreign_members.unwrap_or_default() {
        if props.contains_key(&k) {
            return Err(ctx.err(
                &k,
                "given both as a member of the feature and as a property",
            ));
        }
        props.insert(k, v);
    }

    match geometry.value {
        GeometryValue::Point { coordinates } => {
            let [lon, lat] = position(&ctx, &coordinates, None, None)?;
            let place = props::place(&ctx, id, props, lon, lat)?;
            points.push(PointFeature {
                feature: index,
                place,
            });
        }
        GeometryValue::LineString { coordinates } => {
            let coords = line_coords(&ctx, &coordinates, None)?;
            let read = props::link(&ctx, props, opts, corridors, false)?;
            lines.push(Line {
                record: ctx.record.clone(),
                feature: index,
                id,
                part: None,
                coords,
                link: read.link,
                from: read.from,
                to: read.to,
                other_names: read.other_names,
            });
        }
        GeometryValue::MultiLineString { coordinates } => {
            if coordinates.is_empty() {
                return Err(ctx.err(
                    "geometry",
                    "a MultiLineString with no lines: each part needs at least two positions",
                ));
            }
            let multi = coordinates.len() > 1;
            let read = props::link(&ctx, props, opts, corridors, multi)?;
            for (p, part) in coordinates.iter().enumerate() {
                let coords = line_coords(&ctx, part, Some(p))?;
                lines.push(Line {
                    record: ctx.record.clone(),
                    feature: index,
                    id: id.as_ref().map(|id| format!("{id}.{p}")),
                    part: Some(p),
                    coords,
                    link: read.link.clone(),
                    from: read.from.clone(),
                    to: read.to.clone(),
                    other_names: read.other_names.clone(),
                });
            }
        }
        other => {
            return Err(ctx.err(
                "geometry",
                format!(
                    "a {} is not accepted: expected a LineString or MultiLineString (a link) or \
                     a Point (a place)",
                    other.type_name()
                ),
            ))
        }
    }
    Ok(())
}

/// One position as `[lon, lat]`, checked (altitude, if any, is ignored).
fn position(
    ctx: &Ctx,
    p: &Position,
    part: Option<usize>,
    index: Option<usize>,
) -> Result<[f64; 2], DataError> {
    // Where in the geometry, for messages only.
    let where_ = || match (part, index) {
        (Some(pt), Some(i)) => format!("part {pt}, position {i}: "),
        (None, Some(i)) => format!("position {i}: "),
        (Some(pt), None) => format!("part {pt}: "),
        (None, None) => String::new(),
    };
    let s = p.as_slice();
    if s.len() < 2 {
        return Err(ctx.err(
            "geometry",
            format!(
                "{}a position needs a longitude and a latitude, found {s:?}",
                where_()
            ),
        ));
    }
    let (lon, lat) = (s[0], s[1]);
    if let Err(problem) = check_lon_lat(lon, lat) {
        return Err(ctx.err(
            "geometry",
            format!(
                "{}{problem} (coordinates are [longitude, latitude] in degrees, WGS 84)",
                where_()
            ),
        ));
    }
    // -0.0 and 0.0 are the same coordinate.
    Ok([lon + 0.0, lat + 0.0])
}

fn line_coords(
    ctx: &Ctx,
    positions: &[Position],
    part: Option<usize>,
) -> Result<Vec<[f64; 2]>, DataError> {
    if positions.len() < 2 {
        let what = match part {
            Some(p) => format!("part {p} of the MultiLineString"),
            None => "a LineString".into(),
        };
        return Err(ctx.err(
            "geometry",
            format!(
                "{what} has {} position{}: a line needs at least two",
                positions.len(),
                if positions.len() == 1 { "" } else { "s" }
            ),
        ));
    }
    positions
        .iter()
        .enumerate()
        .map(|(i, p)| position(ctx, p, part, Some(i)))
        .collect()
}
