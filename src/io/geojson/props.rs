//! Feature properties as records: which property fills which field of a place or a link,
//! read by derive with the vocabulary every format shares. A property whose value is `null`
//! counts as absent; properties the records have no field for are kept in `properties`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::read::Ctx;
use crate::error::DataError;
use crate::io::fields::{self, describe, strip_position, IMPORTED};
use crate::io::ImportOptions;
use crate::model::names::Vocabulary;
use crate::model::{
    BorderPost, Capacity, Commodity, Corridor, Gauge, Link, Milestone, Mode, Origin, Place,
    PlaceKind, Sourced, Status, Tariff, Timetable, TransferKind,
};

/// Readers for `#[serde(deserialize_with)]`: each takes the property's JSON value, `null`
/// being no value.
mod read {
    use super::*;

    fn present<'de, D: Deserializer<'de>, T>(
        d: D,
        read: impl FnOnce(Value) -> Result<T, String>,
    ) -> Result<Option<T>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            v => read(v).map(Some).map_err(serde::de::Error::custom),
        }
    }

    pub(super) fn string(v: Value) -> Result<String, String> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(format!("expected a string, found {}", describe(&other))),
        }
    }

    pub(super) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        present(d, string)
    }

    /// One string or an array of them.
    pub(super) fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
        present(d, |v| match v {
            Value::String(s) => Ok(vec![s]),
            v => exact_value(v),
        })
    }

    pub(super) fn country<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        present(d, |v| fields::country(&string(v)?))
    }

    pub(super) fn vocab<'de, D: Deserializer<'de>, T: Vocabulary>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        present(d, |v| fields::name(&string(v)?))
    }

    /// A number (source `imported`) or a `{value, source, note}` object.
    pub(super) fn figure<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Sourced<f64>>, D::Error> {
        present(d, |v| match v {
            Value::Number(n) => Ok(Sourced::new(n.as_f64().unwrap_or(f64::NAN), IMPORTED)),
            v @ Value::Object(_) => exact_value(v),
            other => Err(format!(
                "expected a number or a {{value, source, note}} object, found {}",
                describe(&other)
            )),
        })
    }

    pub(super) fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        present(d, |v| {
            v.as_f64()
                .ok_or_else(|| format!("expected a number, found {}", describe(&v)))
        })
    }

    /// A field of the crate's own shape, as in its JSON format.
    pub(super) fn exact<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        present(d, exact_value)
    }

    pub(super) fn exact_value<T: DeserializeOwned>(v: Value) -> Result<T, String> {
        serde_json::from_value(v).map_err(|e| strip_position(&e.to_string()))
    }

    /// `true` or `false`, or a yes/no word.
    pub(super) fn yes_no<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        present(d, |v| match v {
            Value::Bool(b) => Ok(b),
            Value::String(s) => fields::yes_no(&s),
            other => Err(format!(
                "expected true or false (or \"yes\" / \"no\"), found {}",
                describe(&other)
            )),
        })
    }

    pub(super) fn gauges<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Gauge>>, D::Error> {
        present(d, |v| fields::gauges_json(&v))
    }

    pub(super) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        present(d, |v| super::id_text(&v))
    }

    /// Any value but `null`, read later.
    pub(super) fn raw<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
        present(d, Ok)
    }
}

/// A record id: a non-empty string, or a number written as it appears.
fn id_text(v: &Value) -> Result<String, String> {
    let id = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(format!(
                "expected a string or a number, found {}",
                describe(other)
            ))
        }
    };
    if id.trim().is_empty() {
        return Err("is empty".into());
    }
    Ok(id)
}

/// [`id_text`], as a problem of `field` of the feature.
pub(super) fn id_value(ctx: &Ctx, field: &str, v: &Value) -> Result<String, DataError> {
    id_text(v).map_err(|problem| ctx.err(field, problem))
}

/// Reads `props` into `T`; a problem names the property. (The property is found by reading
/// again with its path tracked: tracking every read costs a fifth of an import.)
fn derive<T: DeserializeOwned>(ctx: &Ctx, props: Map<String, Value>) -> Result<T, DataError> {
    let props = Value::Object(props);
    T::deserialize(&props).or_else(|_| {
        serde_path_to_error::deserialize(&props).map_err(|e| {
            let field = e.path().to_string();
            ctx.err(&field, strip_position(&e.into_inner().to_string()))
        })
    })
}

/// Unknown properties, with the entries of a `properties` object (what
/// [`Network::to_geojson`](crate::Network::to_geojson) writes for them) merged over them.
fn kept(mut other: Map<String, Value>, nested: Option<Value>) -> Map<String, Value> {
    match nested {
        Some(Value::Object(m)) => other.extend(m),
        Some(v) => {
            other.insert("properties".into(), v);
        }
        None => {}
    }
    other
}

/// The properties of a Point feature.
#[derive(Deserialize)]
struct PlaceProps {
    #[serde(default, deserialize_with = "read::text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "read::texts")]
    alt_names: Option<Vec<String>>,
    #[serde(default, deserialize_with = "read::country")]
    country: Option<String>,
    #[serde(default, deserialize_with = "read::vocab")]
    country_origin: Option<Origin>,
    #[serde(default, deserialize_with = "read::text")]
    coord_source: Option<String>,
    #[serde(default, deserialize_with = "read::vocab")]
    kind: Option<PlaceKind>,
    #[serde(default, deserialize_with = "read::exact")]
    transfers: Option<Vec<TransferKind>>,
    #[serde(default, deserialize_with = "read::figure")]
    transfer_hours: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    transfer_hours_best: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    transfer_hours_worst: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::exact")]
    border: Option<BorderPost>,
    #[serde(default, deserialize_with = "read::text")]
    notes: Option<String>,
    #[serde(default, deserialize_with = "read::exact")]
    refs: Option<Vec<String>>,
    #[serde(default, deserialize_with = "read::raw")]
    properties: Option<Value>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

/// A Point feature's properties as a place at (lon, lat); `id` is the feature's.
pub(super) fn place(
    ctx: &Ctx,
    id: Option<String>,
    props: Map<String, Value>,
    lon: f64,
    lat: f64,
) -> Result<Place, DataError> {
    let p: PlaceProps = derive(ctx, props)?;
    let mut place = Place::new(String::new(), String::new(), lon, lat);
    place.alt_names = p.alt_names.unwrap_or_default();
    place.country = p.country.unwrap_or_default();
    place.country_origin = p.country_origin.unwrap_or_default();
    place.coord_source = p.coord_source.unwrap_or_default();
    place.kind = p.kind.unwrap_or_default();
    place.transfers = p.transfers;
    place.transfer_hours = p.transfer_hours;
    place.transfer_hours_best = p.transfer_hours_best;
    place.transfer_hours_worst = p.transfer_hours_worst;
    place.border = p.border;
    place.notes = p.notes.unwrap_or_default();
    place.refs = p.refs.unwrap_or_default();
    place.properties = kept(p.other, p.properties);
    match (id, p.name) {
        (Some(id), Some(name)) => {
            place.id = id;
            place.name = name;
        }
        (Some(id), None) => {
            place.name = id.clone();
            place.id = id;
        }
        (None, Some(name)) if !name.trim().is_empty() => {
            place.id = name.clone();
            place.name = name;
        }
        _ => {
            return Err(ctx.err(
                "id",
                "a Point feature names a place: give it an `id` (feature id or property) or a \
                 `name`",
            ))
        }
    }
    Ok(place)
}

/// The properties of a LineString or MultiLineString feature.
#[derive(Deserialize)]
struct LinkProps {
    #[serde(default, deserialize_with = "read::vocab")]
    mode: Option<Mode>,
    #[serde(default, deserialize_with = "read::text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "read::figure")]
    length_km: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::number")]
    circuity: Option<f64>,
    #[serde(default, deserialize_with = "read::figure")]
    speed_kmh: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    speed_kmh_best: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    speed_kmh_worst: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    duration_hours: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    transit_hours: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    transit_hours_best: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    transit_hours_worst: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    sailings_per_week: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::figure")]
    backlog_hours: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::exact")]
    timetable: Option<Timetable>,
    #[serde(default, deserialize_with = "read::yes_no")]
    oneway: Option<bool>,
    #[serde(default, deserialize_with = "read::gauges", alias = "gauge")]
    gauge_mm: Option<Vec<Gauge>>,
    #[serde(default, deserialize_with = "read::vocab")]
    gauge_origin: Option<Origin>,
    #[serde(default, deserialize_with = "read::vocab")]
    status: Option<Status>,
    #[serde(default, deserialize_with = "read::raw")]
    year: Option<Value>,
    #[serde(default, deserialize_with = "read::vocab")]
    commodity: Option<Commodity>,
    #[serde(default, deserialize_with = "read::figure")]
    cost_per_tkm: Option<Sourced<f64>>,
    #[serde(default, deserialize_with = "read::exact")]
    tariff: Option<Tariff>,
    #[serde(default, deserialize_with = "read::exact")]
    capacity: Option<Capacity>,
    #[serde(default, deserialize_with = "read::exact")]
    border: Option<BorderPost>,
    #[serde(default, deserialize_with = "read::exact")]
    refs: Option<Vec<String>>,
    #[serde(default, deserialize_with = "read::text")]
    notes: Option<String>,
    #[serde(default, deserialize_with = "read::id")]
    from: Option<String>,
    #[serde(default, deserialize_with = "read::id")]
    to: Option<String>,
    #[serde(default, deserialize_with = "read::raw")]
    corridor: Option<Value>,
    #[serde(default, deserialize_with = "read::raw")]
    corridors: Option<Value>,
    #[serde(default, deserialize_with = "read::raw")]
    properties: Option<Value>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

/// A line feature read as a link (its ends and id are settled with the topology).
pub(super) struct LinkRead {
    pub(super) link: Box<Link>,
    /// Place ids named by `from` / `to`.
    pub(super) from: Option<String>,
    pub(super) to: Option<String>,
    /// Properties given under their own names for record fields (`duration_hours`), for
    /// messages ([`fields::name_in_file`]).
    pub(super) other_names: Vec<&'static str>,
}

/// A line feature's properties as a link. `multi`: the properties apply to several lines
/// (the parts of a MultiLineString), so figures of one line cannot be given.
pub(super) fn link(
    ctx: &Ctx,
    props: Map<String, Value>,
    opts: &ImportOptions,
    corridors: &[Corridor],
    multi: bool,
) -> Result<LinkRead, DataError> {
    let p: LinkProps = derive(ctx, props)?;
    let mut link = Box::new(Link::new(
        "",
        "",
        "",
        opts.default_mode,
        Sourced::new(0.0, IMPORTED),
    ));
    let mut other_names = Vec::new();
    let mut other = p.other;
    link.mode = p.mode.unwrap_or(opts.default_mode);
    link.name = p.name.unwrap_or_default();
    link.length_km = p.length_km;
    link.circuity = p.circuity;
    link.speed_kmh = p.speed_kmh;
    link.speed_kmh_best = p.speed_kmh_best;
    link.speed_kmh_worst = p.speed_kmh_worst;
    link.transit_hours_best = p.transit_hours_best;
    link.transit_hours_worst = p.transit_hours_worst;
    link.sailings_per_week = p.sailings_per_week;
    link.backlog_hours = p.backlog_hours;
    link.timetable = p.timetable;
    link.oneway = p.oneway.unwrap_or(false);
    link.status = p.status.unwrap_or_default();
    link.commodity = p.commodity;
    link.tariff = p.tariff;
    link.capacity = p.capacity;
    link.border = p.border;
    link.refs = p.refs.unwrap_or_default();
    link.notes = p.notes.unwrap_or_default();
    // Without gauges, a rail link gets them from the builder ([`Fill`](crate::io::fill::Fill)).
    link.gauges = p.gauge_mm.unwrap_or_default();
    link.gauge_origin = p.gauge_origin.unwrap_or_default();
    link.transit_hours = match (p.duration_hours, p.transit_hours) {
        (Some(_), Some(_)) => {
            return Err(ctx.err(
                "transit_hours",
                "give either `duration_hours` or `transit_hours`, not both (`duration_hours` is also given)",
            ))
        }
        (Some(t), None) => {
            other_names.push("duration_hours");
            Some(t)
        }
        (None, t) => t,
    };
    for (key, v) in [("corridor", p.corridor), ("corridors", p.corridors)] {
        let Some(v) = v else { continue };
        match corridor_ids(&v, corridors) {
            Some(ids) => {
                for id in ids {
                    if !link.corridors.contains(&id) {
                        link.corridors.push(id);
                    }
                }
            }
            // Not the network's corridors (a GeoJSON usually has no corridor list): kept.
            None => {
                other.insert(key.into(), v);
            }
        }
    }
    link.properties = kept(other, p.properties);
    if multi {
        if link.transit_cases().iter().any(Option::is_some) {
            let given = |name: &str| other_names.contains(&name);
            let field = fields::name_in_file("transit_hours", given).unwrap_or("transit_hours");
            return Err(whole_feature(ctx, field));
        }
        if link.length_km.is_some() {
            return Err(whole_feature(ctx, "length_km"));
        }
        if p.from.is_some() || p.to.is_some() {
            return Err(ctx.err(
                if p.from.is_some() { "from" } else { "to" },
                "a MultiLineString's parts have different ends: split it into LineStrings to \
                 name their places",
            ));
        }
    }
    if let Some(c) = p.cost_per_tkm {
        match &mut link.tariff {
            Some(t) if t.usd_per_tonne_km.is_some() => {
                return Err(ctx.err(
                    "cost_per_tkm",
                    "give either `cost_per_tkm` or `tariff.usd_per_tonne_km`, not both",
                ))
            }
            Some(t) => t.usd_per_tonne_km = Some(c.value),
            None => link.tariff = Some(fields::tariff_per_tkm(c)),
        }
        other_names.push("cost_per_tkm");
    }
    if let Some(v) = p.year {
        link.year = Some(match v {
            Value::Object(_) => {
                read::exact_value::<Milestone>(v).map_err(|e| ctx.err("year", e))?
            }
            v => {
                let y = v
                    .as_i64()
                    .and_then(|y| i32::try_from(y).ok())
                    .ok_or_else(|| {
                        ctx.err(
                            "year",
                            format!(
                                "expected a year (a whole number) or a {{year, event, source}} \
                                 object, found {}",
                                describe(&v)
                            ),
                        )
                    })?;
                fields::milestone(y, link.status)
            }
        });
    }
    Ok(LinkRead {
        link,
        from: p.from,
        to: p.to,
        other_names,
    })
}

fn whole_feature(ctx: &Ctx, field: &str) -> DataError {
    ctx.err(
        field,
        "is one figure for a MultiLineString of several lines, each of which becomes a link: \
         split the feature into LineStrings with a figure each, or leave it out to have each \
         part's geodesic length",
    )
}

/// The ids of the corridors a `corridor` property names (by id or name), when it names only
/// corridors of the network.
fn corridor_ids(v: &Value, corridors: &[Corridor]) -> Option<Vec<String>> {
    let names: Vec<&str> = match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().map(Value::as_str).collect::<Option<_>>()?,
        _ => return None,
    };
    if corridors.is_empty() {
        return None;
    }
    names
        .into_iter()
        .map(|n| {
            corridors
                .iter()
                .find(|c| c.id == n)
                .or_else(|| corridors.iter().find(|c| c.name.eq_ignore_ascii_case(n)))
                .map(|c| c.id.clone())
        })
        .collect()
}
