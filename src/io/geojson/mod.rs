//! GeoJSON (RFC 7946): line networks in; networks and routes out. The import rules are
//! documented on [`Network::from_geojson_str`].
//!
//! Rooms: `read` (the document, features, geometry), `props` (properties → records),
//! `topology` (where lines meet), `write` (export).

mod props;
mod read;
mod topology;
mod write;

use serde_json::{Map, Value};

pub(crate) use write::{write_data, write_network, write_route};

use crate::error::{DataError, RecordRef};
use crate::io::fields::{self, describe};
use crate::io::ImportOptions;
use crate::model::{Corridor, NetworkData, Source};
use crate::network::validate::Findings;
use crate::network::Builder;
use crate::Network;

use read::{Ctx, Line, PointFeature};

impl NetworkData {
    /// Parses a GeoJSON FeatureCollection into records, checking each record as
    /// [`Network::from_geojson_str`] does but building no network, and not checking the
    /// records against the file's bibliography and corridor list (sources may be added
    /// before the records become a network).
    ///
    /// # Errors
    /// As [`Network::from_geojson_str`].
    ///
    /// # Example
    /// ```
    /// use corridor::{ImportOptions, Mode, NetworkData};
    ///
    /// let geojson = r#"{"type": "FeatureCollection", "features": [
    ///   {"type": "Feature", "id": "k", "properties": {"name": "Kashgar"},
    ///    "geometry": {"type": "Point", "coordinates": [75.99, 39.47]}},
    ///   {"type": "Feature", "id": "x", "properties": {"mode": "road", "surface": "asphalt"},
    ///    "geometry": {"type": "MultiLineString", "coordinates": [
    ///      [[75.99, 39.47], [74.5, 39.9]], [[74.5, 39.9], [72.8, 40.5]]]}}
    /// ]}"#;
    /// let data = NetworkData::from_geojson_str(geojson, "roads.geojson", &Default::default())?;
    /// let ids: Vec<&str> = data.links.iter().map(|l| l.id.as_str()).collect();
    /// assert_eq!(ids, ["x.0", "x.1"]);
    /// assert_eq!(data.links[0].mode, Mode::Road);
    /// assert_eq!(data.links[0].from, "k");
    /// // An unknown property is kept, not dropped.
    /// assert_eq!(data.links[1].properties["surface"], "asphalt");
    /// assert_eq!(data.places.len(), 3);
    /// # Ok::<(), corridor::DataError>(())
    /// ```
    pub fn from_geojson_str(
        s: &str,
        name: &str,
        opts: &ImportOptions,
    ) -> Result<NetworkData, DataError> {
        read(s, name, opts, &mut Findings::first(), true)
            .and_then(Builder::into_records)
            .map_err(|mut problems| problems.swap_remove(0))
    }

    /// The records as a GeoJSON FeatureCollection; see [`Network::to_geojson`]. A link whose
    /// ends are not places of `self` (unvalidated data) and that has no geometry gets a `null`
    /// geometry.
    ///
    /// # Example
    /// ```
    /// let data = corridor::Network::central_asia().to_data();
    /// assert!(data.to_geojson().starts_with(r#"{"type":"FeatureCollection""#));
    /// ```
    pub fn to_geojson(&self) -> String {
        write_data(self)
    }
}

/// Reads a FeatureCollection into a network; the problems found (the first, or all).
pub(crate) fn read_network(
    s: &str,
    name: &str,
    opts: &ImportOptions,
    findings: &mut Findings,
) -> Result<Network, Vec<DataError>> {
    read(s, name, opts, findings, false)?.finish()
}

/// Reads the document, joins its lines and checks every record, into a builder;
/// `records_only`: each record on its own, not against the bibliography and corridors.
fn read(
    s: &str,
    file: &str,
    opts: &ImportOptions,
    findings: &mut Findings,
    records_only: bool,
) -> Result<Builder, Vec<DataError>> {
    let fail = |e: DataError| vec![e];
    opts.check(file).map_err(fail)?;
    let fc = read::parse_collection(s, file).map_err(fail)?;
    let top = Ctx {
        file,
        record: RecordRef::TopLevel,
    };
    let Members {
        meta,
        sources,
        corridors,
    } = members(&top, fc.foreign_members.unwrap_or_default()).map_err(fail)?;

    let mut points: Vec<PointFeature> = Vec::new();
    let mut lines: Vec<Line> = Vec::with_capacity(fc.features.len());
    for (index, f) in fc.features.into_iter().enumerate() {
        if let Err(e) =
            read::read_feature(file, index, f, opts, &corridors, &mut points, &mut lines)
        {
            findings.add(e).map_err(fail)?;
        }
    }
    let joined = topology::join(file, points, &lines, opts.join_tolerance_m);
    let mut joined = match joined {
        Ok(joined) => joined,
        Err(e) => {
            findings.add(e).map_err(fail)?;
            return Err(std::mem::replace(findings, Findings::all()).into_problems());
        }
    };

    let (b, problems) = Builder::new(file, meta, sources, corridors);
    let mut b = b.filling(opts);
    findings.add_all(problems).map_err(fail)?;
    if records_only {
        b = b.records_only();
    }
    b.reserve(joined.places.len(), lines.len());
    // A record's problems, at its feature (a record field renamed to the property that gave
    // it).
    // The builder takes only the places' rarely used fields: their ids and locations stay
    // for the links.
    for (p, feature) in joined.places.iter_mut().zip(&joined.place_feature) {
        let problems = b.place(p).into_iter().map(|e| {
            e.relocate(|_, r, _| {
                if let (RecordRef::Place { id, .. }, Some(f)) = (&*r, feature) {
                    *r = read::feature(*f, id.as_deref());
                }
            })
        });
        findings.add_all(problems).map_err(fail)?;
    }
    for (li, line) in lines.into_iter().enumerate() {
        let (mut l, line) = joined.link(li, line);
        let problems = b.link(&mut l).into_iter().map(|e| {
            e.relocate(|_, r, field| {
                *r = line.record.clone();
                let given = |name: &str| line.other_names.contains(&name);
                if let Some(name) = fields::name_in_file(field, given) {
                    *field = name.to_string();
                }
            })
        });
        findings.add_all(problems).map_err(fail)?;
    }
    if findings.is_clean() {
        Ok(b)
    } else {
        Err(std::mem::replace(findings, Findings::all()).into_problems())
    }
}

/// What the collection's foreign members say.
struct Members {
    meta: Map<String, Value>,
    sources: Vec<Source>,
    corridors: Vec<Corridor>,
}

/// The collection's foreign members `meta`, `sources` and `corridors`, read as the
/// [`NetworkData`] fields of the same names; any other member (`name`, `crs`, …) is kept
/// with the metadata.
fn members(top: &Ctx, mut doc: Map<String, Value>) -> Result<Members, DataError> {
    read::check_crs(top, doc.get("crs"))?;
    let mut meta = match doc.remove("meta") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m,
        Some(other) => {
            return Err(top.err(
                "meta",
                format!("expected an object, found {}", describe(&other)),
            ))
        }
    };
    fn exact<T: serde::de::DeserializeOwned>(
        top: &Ctx,
        field: &str,
        v: Option<Value>,
    ) -> Result<Vec<T>, DataError> {
        match v {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(v) => serde_json::from_value(v)
                .map_err(|e| top.err(field, crate::io::fields::strip_position(&e.to_string()))),
        }
    }
    let sources: Vec<Source> = exact(top, "sources", doc.remove("sources"))?;
    let corridors: Vec<Corridor> = exact(top, "corridors", doc.remove("corridors"))?;
    for (k, v) in doc {
        meta.entry(k).or_insert(v);
    }
    Ok(Members {
        meta,
        sources,
        corridors,
    })
}
