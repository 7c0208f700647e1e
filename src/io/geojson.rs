//! GeoJSON (RFC 7946): line networks in; networks and routes out.
//!
//! # Import
//! A FeatureCollection whose LineString and MultiLineString features are links and whose Point
//! features are named places. Links meet where their end coordinates coincide (exactly, or
//! within [`ImportOptions::join_tolerance_m`]); a Point at a line end names that place, and line
//! ends without a Point become junctions of unknown country with generated ids `n0`, `n1`, …
//! (coordinate source `imported`). Each part of a MultiLineString is a link
//! `{feature id}.{part}` (parts counted from 0). A line's interior vertices are kept in
//! [`Link::geometry`]; they are not places.
//!
//! Properties read from a line (all optional): `mode`, `length_km`, `speed_kmh`,
//! `duration_hours` (or `transit_hours`), `oneway`, `gauge_mm`, `status`, `year`, `name`,
//! `corridor` (or `corridors`), `cost_per_tkm` (or a whole `tariff`), `commodity`, and the other
//! fields of a [`Link`] record (`circuity`, `capacity`, `border`, `refs`, `notes`, `from`, `to`,
//! `id`). Figures are a number (source `imported`) or a `{value, source, note}` object; a line
//! with neither `length_km` nor `circuity` gets its geodesic length (source `computed`). From a
//! Point: the fields of a [`Place`] record except `location`. A property whose value is `null`
//! counts as absent. Every other property is kept in the record's `properties`, and so are the
//! entries of a `properties` object (what [`Network::to_geojson`] writes for them).
//!
//! The collection's foreign members `meta`, `sources` and `corridors` are read as the
//! [`NetworkData`] fields of the same names (other foreign members go into `meta`), so that
//! [`Network::to_geojson`] output reads back into the same records.
//!
//! Feature indices in messages count from 0, in file order.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use geo::{Distance, Geodesic, Point};
use geojson::feature::Id;
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, Position};
use rstar::primitives::GeomWithData;
use rstar::RTree;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::ImportOptions;
use crate::error::DataError;
use crate::model::{
    BorderPost, Capacity, Commodity, Corridor, Gauge, Link, Milestone, MilestoneKind, Mode,
    NetworkData, Place, PlaceKind, Source, Sourced, Status, Tariff, TransferKind,
};
use crate::{Network, Route};

/// Source tag of a figure given as a bare number in an imported file.
const IMPORTED: &str = "imported";
/// Source tag of a length computed from the line's vertices.
const COMPUTED: &str = "computed";
/// Mean Earth radius (IUGG), metres: used only to find candidate neighbours.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

impl Network {
    /// Parses a GeoJSON FeatureCollection (RFC 7946) into a validated network: LineString and
    /// MultiLineString features are links, Point features named places (see "GeoJSON import"
    /// below). `name` (usually the file name) is used in error messages.
    ///
    /// # GeoJSON import
    /// Links meet where their end coordinates are equal, or within
    /// [`ImportOptions::join_tolerance_m`] metres (ends within the tolerance of one another
    /// merge into one place, and the lines' end vertices move onto it). A Point feature at a
    /// line end (or within the tolerance) names that place, as do a line's `from` / `to`
    /// properties; other line ends become junctions of unknown country with ids `n0`, `n1`, …
    /// Feature `id`s (strings or numbers, or an `id` property) become record ids; lines without
    /// one get `l{feature index}`; each part of a MultiLineString is a link `{id}.{part}`.
    /// Interior vertices are kept in [`Link::geometry`] (`[lon, lat]` from `from` to `to`).
    ///
    /// Line properties: `mode`, `length_km`, `speed_kmh`, `duration_hours`, `oneway`,
    /// `gauge_mm` (a number or an array), `status`, `year`, `name`, `corridor` (a link's
    /// corridors when it names corridors of the file, else kept as a property), `cost_per_tkm`,
    /// `commodity`, and the other [`Link`] fields; figures are numbers (source `imported`) or
    /// `{value, source, note}` objects. Point properties: the [`Place`] fields. `null` counts
    /// as absent; unknown properties are kept in the records' `properties`. Without
    /// `length_km` (or `circuity`) a link's length is the geodesic length of its line, with
    /// source `computed`. Defaults for mode and gauge come from `opts`. The collection's
    /// foreign members `meta`, `sources` and `corridors` are read as in the crate's JSON
    /// format, which is how [`Network::to_geojson`] output reads back unchanged.
    ///
    /// # Errors
    /// [`DataError::Parse`] (line and column) for text that is not JSON;
    /// [`DataError::Invalid`] naming the feature (`feature 12`, or `feature 12 (id X)`) and the
    /// property for anything unusable: not a FeatureCollection, a feature without geometry or
    /// with a geometry other than LineString, MultiLineString or Point, a line with fewer than
    /// two positions, coordinates out of range, a length that is not a number >= 0, an unknown
    /// mode, status or commodity, …; [`DataError::DuplicateId`] for two places or two links
    /// with one id.
    ///
    /// # Example
    /// ```
    /// use corridor::{ImportOptions, Network, RouteRequest};
    ///
    /// let geojson = r#"{"type": "FeatureCollection", "features": [
    ///   {"type": "Feature", "id": "almaty", "properties": {"name": "Almaty", "country": "KZ"},
    ///    "geometry": {"type": "Point", "coordinates": [76.95, 43.25]}},
    ///   {"type": "Feature", "properties": {"length_km": 230.5, "mode": "rail"},
    ///    "geometry": {"type": "LineString",
    ///                 "coordinates": [[76.95, 43.25], [77.9, 43.6], [79.0, 44.0]]}},
    ///   {"type": "Feature", "properties": {"speed_kmh": 50},
    ///    "geometry": {"type": "LineString", "coordinates": [[79.0, 44.0], [80.2, 44.2]]}}
    /// ]}"#;
    /// let net = Network::from_geojson_str(geojson, "mine.geojson", &ImportOptions::default())?;
    /// // Almaty, the shared end (79.0, 44.0) and the far end: three places, two links.
    /// assert_eq!(net.places().len(), 3);
    /// assert_eq!(net.links()[0].from, "almaty");
    /// assert_eq!(net.link_length_km(0), 230.5);
    /// // The second line has no length: its geodesic length, marked as computed.
    /// assert_eq!(net.links()[1].length_km.as_ref().unwrap().source, "computed");
    /// let route = net.route(&RouteRequest::new("Almaty", &net.links()[1].to))?;
    /// assert_eq!(route.legs[0].links.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_geojson_str(
        s: &str,
        name: &str,
        opts: &ImportOptions,
    ) -> Result<Network, DataError> {
        let imported = import(s, name, opts)?;
        Network::from_data(imported.data, name).map_err(|e| {
            // Name the feature rather than the record: read the file again (errors are rare).
            match import(s, name, opts) {
                Ok(again) => again.locate(e),
                Err(_) => e,
            }
        })
    }

    /// Reads a GeoJSON file and builds the network, as [`Network::from_geojson_str`] does; the
    /// path names the file in error messages.
    ///
    /// # Errors
    /// [`DataError::Io`] when the file cannot be read, otherwise as
    /// [`Network::from_geojson_str`].
    ///
    /// # Example
    /// ```
    /// use corridor::{ImportOptions, Network};
    ///
    /// let path = std::env::temp_dir().join("corridor_doc_from_geojson_file.geojson");
    /// std::fs::write(&path, r#"{"type": "FeatureCollection", "features": [
    ///   {"type": "Feature", "id": 7, "properties": {"length_km": 12.5},
    ///    "geometry": {"type": "LineString", "coordinates": [[69.2, 41.3], [69.3, 41.35]]}}
    /// ]}"#)?;
    /// let net = Network::from_geojson_file(&path, &ImportOptions::default())?;
    /// assert_eq!(net.links()[0].id, "7");
    /// assert_eq!(net.source_name(), path.display().to_string());
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_geojson_file(
        path: impl AsRef<Path>,
        opts: &ImportOptions,
    ) -> Result<Network, DataError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
            file: name.clone(),
            source,
        })?;
        Network::from_geojson_str(&text, &name, opts)
    }

    /// The network as a GeoJSON FeatureCollection (RFC 7946): every place a Point feature whose
    /// properties are its record minus `location`, every link a LineString (its
    /// [`Link::geometry`], or its two ends) whose properties are its record minus `geometry`;
    /// `meta`, `sources` and `corridors` are foreign members of the collection.
    /// [`NetworkData::from_geojson_str`] reads it back into the same records.
    ///
    /// # Example
    /// ```
    /// use corridor::model::NetworkData;
    /// use corridor::{ImportOptions, Network};
    ///
    /// let net = Network::central_asia();
    /// let text = net.to_geojson();
    /// let back = NetworkData::from_geojson_str(&text, "export.geojson", &ImportOptions::default())?;
    /// assert_eq!(&back, net.data());
    /// # Ok::<(), corridor::DataError>(())
    /// ```
    pub fn to_geojson(&self) -> String {
        self.data().to_geojson()
    }
}

impl NetworkData {
    /// Parses a GeoJSON FeatureCollection into records, without building a network: the same
    /// reading and errors as [`Network::from_geojson_str`] except the checks of
    /// [`Network::from_data`] (e.g. a rail link's gauge range or a corridor's links).
    ///
    /// # Example
    /// ```
    /// use corridor::model::NetworkData;
    /// use corridor::{ImportOptions, Mode};
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
        import(s, name, opts).map(|imported| imported.data)
    }

    /// The records as a GeoJSON FeatureCollection; see [`Network::to_geojson`]. A link whose
    /// ends are not places of `self` (unvalidated data) and that has no geometry gets a `null`
    /// geometry.
    ///
    /// # Example
    /// ```
    /// let data = corridor::Network::central_asia().data().clone();
    /// assert!(data.to_geojson().starts_with(r#"{"type":"FeatureCollection""#));
    /// ```
    pub fn to_geojson(&self) -> String {
        let location: HashMap<&str, [f64; 2]> = self
            .places
            .iter()
            .map(|p| (p.id.as_str(), [p.lon(), p.lat()]))
            .collect();
        let mut features = Vec::with_capacity(self.places.len() + self.links.len());
        for p in &self.places {
            let mut props = record_object(p);
            props.remove("location");
            features.push(feature(
                &p.id,
                Some(Geometry::new_point([p.lon(), p.lat()])),
                props,
            ));
        }
        for l in &self.links {
            let mut props = record_object(l);
            props.remove("geometry");
            let line = match &l.geometry {
                Some(g) => Some(g.clone()),
                None => match (location.get(l.from.as_str()), location.get(l.to.as_str())) {
                    (Some(&a), Some(&b)) => Some(vec![a, b]),
                    _ => None,
                },
            };
            features.push(feature(&l.id, line.map(Geometry::new_line_string), props));
        }
        let mut members = JsonObject::new();
        if !self.meta.is_empty() {
            members.insert("meta".into(), Value::Object(self.meta.clone()));
        }
        if !self.sources.is_empty() {
            members.insert("sources".into(), to_value(&self.sources));
        }
        if !self.corridors.is_empty() {
            members.insert("corridors".into(), to_value(&self.corridors));
        }
        let fc = FeatureCollection {
            bbox: None,
            features,
            foreign_members: (!members.is_empty()).then_some(members),
        };
        serde_json::to_string(&fc).expect("a FeatureCollection always serialises")
    }
}

impl Route {
    /// The route as a GeoJSON FeatureCollection (RFC 7946), coordinates `[lon, lat]`:
    ///
    /// - one LineString per leg, along its links' [`Link::geometry`] where known (reversed
    ///   where a link is travelled from `to` to `from`) and otherwise through the places;
    ///   properties `kind` ("leg"), `mode`, `carrier`, `from`, `to`, `distance_km`,
    ///   `duration_hours`, `cost_usd`, `co2_kg`, `estimated_km`, `corridors`, `links`;
    /// - a Point per transfer: `kind` ("transfer"), `place`, `from_mode`, `to_mode`,
    ///   `transfer` (the kind of transfer), `hours`, `cost_usd`;
    /// - a Point per border crossing: `kind` ("border_crossing"), `place`, `post` (when known),
    ///   `from_country`, `to_country`, `hours`, `cost_usd`.
    ///
    /// The legs', transfers' and border crossings' figures add up to the route's totals, which
    /// the collection carries as the foreign member `route` (with `from`, `to`, `objective`,
    /// `cargo`, `countries` and `path`). `net` is the network the route was planned on.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let route = net.route(&RouteRequest::new("Urumqi", "Almaty"))?;
    /// let fc: geojson::FeatureCollection = route.to_geojson(&net).parse()?;
    /// let lines = fc.features.iter().filter(|f| {
    ///     matches!(f.geometry.as_ref().map(|g| &g.value),
    ///              Some(geojson::GeometryValue::LineString { .. }))
    /// });
    /// assert_eq!(lines.count(), route.legs.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_geojson(&self, net: &Network) -> String {
        let wanted: HashSet<&str> = self
            .legs
            .iter()
            .flat_map(|l| l.links.iter().map(String::as_str))
            .collect();
        let links: HashMap<&str, &Link> = net
            .links()
            .iter()
            .filter(|l| wanted.contains(l.id.as_str()))
            .map(|l| (l.id.as_str(), l))
            .collect();
        let at = |id: &str| net.place_by_id(id).map(|p| [p.lon(), p.lat()]);

        let mut features = Vec::new();
        for leg in &self.legs {
            let mut coords: Vec<[f64; 2]> = Vec::new();
            // Consecutive links share their junction vertex: keep it once.
            let push = |coords: &mut Vec<[f64; 2]>, pts: Vec<[f64; 2]>| {
                for p in pts {
                    if coords.last() != Some(&p) {
                        coords.push(p);
                    }
                }
            };
            let mut here = leg.from.as_str();
            for id in &leg.links {
                let Some(link) = links.get(id.as_str()) else {
                    continue;
                };
                // Travelled backwards when the leg reaches it at its `to` end.
                let forward = !(link.to == here && link.from != here);
                let mut pts = match &link.geometry {
                    Some(g) => g.clone(),
                    None => [at(&link.from), at(&link.to)]
                        .into_iter()
                        .flatten()
                        .collect(),
                };
                if !forward {
                    pts.reverse();
                }
                push(&mut coords, pts);
                here = if forward { &link.to } else { &link.from };
            }
            if coords.len() < 2 {
                // No link geometry at all (e.g. a route planned on another network): the
                // straight line between the leg's ends.
                push(
                    &mut coords,
                    [at(&leg.from), at(&leg.to)].into_iter().flatten().collect(),
                );
            }
            let m = &leg.measures;
            let props = json!({
                "kind": "leg",
                "mode": leg.mode,
                "carrier": leg.carrier,
                "from": leg.from,
                "to": leg.to,
                "distance_km": m.distance_km,
                "duration_hours": m.duration_hours,
                "cost_usd": m.cost_usd,
                "co2_kg": m.co2_kg,
                "estimated_km": leg.estimated_km,
                "corridors": leg.corridors,
                "links": leg.links,
            });
            let geometry = match coords.len() {
                0 => None,
                1 => Some(Geometry::new_line_string([coords[0], coords[0]])),
                _ => Some(Geometry::new_line_string(coords)),
            };
            features.push(feature_without_id(geometry, props));
        }
        for t in &self.transfers {
            let props = json!({
                "kind": "transfer",
                "place": t.place,
                "from_mode": t.from_mode,
                "to_mode": t.to_mode,
                "transfer": t.kind,
                "hours": t.hours,
                "cost_usd": t.cost_usd,
            });
            features.push(feature_without_id(
                at(&t.place).map(Geometry::new_point),
                props,
            ));
        }
        for b in &self.border_crossings {
            let mut props = json!({
                "kind": "border_crossing",
                "place": b.place,
                "from_country": b.from_country,
                "to_country": b.to_country,
                "hours": b.hours,
                "cost_usd": b.cost_usd,
            });
            if let Some(post) = &b.post {
                props["post"] = Value::String(post.clone());
            }
            features.push(feature_without_id(
                at(&b.place).map(Geometry::new_point),
                props,
            ));
        }
        let mut members = JsonObject::new();
        members.insert(
            "route".into(),
            json!({
                "from": self.from,
                "to": self.to,
                "objective": self.objective,
                "cargo": self.cargo,
                "totals": self.totals,
                "countries": self.countries,
                "path": self.path,
            }),
        );
        let fc = FeatureCollection {
            bbox: None,
            features,
            foreign_members: Some(members),
        };
        serde_json::to_string(&fc).expect("a FeatureCollection always serialises")
    }
}

// ---------------------------------------------------------------------------------------------
// Export helpers
// ---------------------------------------------------------------------------------------------

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("records serialise to JSON")
}

/// A record's serde form as a JSON object.
fn record_object<T: serde::Serialize>(record: &T) -> JsonObject {
    match to_value(record) {
        Value::Object(m) => m,
        _ => unreachable!("places and links serialise to objects"),
    }
}

fn feature(id: &str, geometry: Option<Geometry>, properties: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry,
        id: Some(Id::String(id.to_string())),
        properties: Some(properties),
        foreign_members: None,
    }
}

fn feature_without_id(geometry: Option<Geometry>, properties: Value) -> Feature {
    let Value::Object(properties) = properties else {
        unreachable!("json!({{..}}) is an object")
    };
    Feature {
        bbox: None,
        geometry,
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/// Records read from a file, with the feature each came from.
struct Imported {
    data: NetworkData,
    /// Index of the feature of each place (`None`: a generated place).
    place_feature: Vec<Option<usize>>,
    /// The feature of each link, as error messages name it.
    link_record: Vec<String>,
}

impl Imported {
    /// Rewrites a validation error about `link X` / `place X` to name its feature instead.
    fn locate(&self, e: DataError) -> DataError {
        let DataError::Invalid {
            file,
            record,
            field,
            problem,
        } = e
        else {
            return e;
        };
        let label = if let Some(id) = record.strip_prefix("link ") {
            self.data
                .links
                .iter()
                .position(|l| l.id == id)
                .map(|i| self.link_record[i].clone())
        } else if let Some(id) = record.strip_prefix("place ") {
            self.data
                .places
                .iter()
                .position(|p| p.id == id)
                .and_then(|i| self.place_feature[i])
                .map(|f| feature_label(f, Some(id)))
        } else {
            None
        };
        DataError::Invalid {
            file,
            record: label.unwrap_or(record),
            field,
            problem,
        }
    }
}

/// Names a feature in error messages: `feature 12` or `feature 12 (id X)`.
struct Ctx<'a> {
    file: &'a str,
    record: String,
}

impl Ctx<'_> {
    fn err(&self, field: &str, problem: impl Into<String>) -> DataError {
        DataError::Invalid {
            file: self.file.to_string(),
            record: self.record.clone(),
            field: field.to_string(),
            problem: problem.into(),
        }
    }
}

fn feature_label(index: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("feature {index} (id {id})"),
        None => format!("feature {index}"),
    }
}

/// What kind of JSON value this is, for messages.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// serde_json appends " at line L column C" to messages; positions inside a re-read value are
/// meaningless.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Deserialises a property that has the shape of one of the crate's own fields.
fn exact<T: DeserializeOwned>(ctx: &Ctx, field: &str, v: Value) -> Result<T, DataError> {
    serde_json::from_value(v).map_err(|e| ctx.err(field, strip_position(&e.to_string())))
}

/// A figure: a number (source `imported`) or a `{value, source, note}` object; finite and
/// `>= 0` (or `> 0` when `positive`).
fn figure(ctx: &Ctx, field: &str, v: Value, positive: bool) -> Result<Sourced<f64>, DataError> {
    let fig = match v {
        Value::Number(n) => Sourced::new(n.as_f64().unwrap_or(f64::NAN), IMPORTED),
        Value::Object(_) => exact::<Sourced<f64>>(ctx, field, v)?,
        other => {
            return Err(ctx.err(
                field,
                format!(
                    "expected a number or a {{value, source, note}} object, found {}",
                    describe(&other)
                ),
            ))
        }
    };
    let ok = fig.value.is_finite()
        && if positive {
            fig.value > 0.0
        } else {
            fig.value >= 0.0
        };
    if !ok {
        let want = if positive {
            "a finite number > 0"
        } else {
            "a finite number >= 0"
        };
        return Err(ctx.err(field, format!("{} is not {want}", fig.value)));
    }
    Ok(fig)
}

fn string(ctx: &Ctx, field: &str, v: Value) -> Result<String, DataError> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(ctx.err(
            field,
            format!("expected a string, found {}", describe(&other)),
        )),
    }
}

/// A record id: a non-empty string, or a number written as it appears.
fn id_value(ctx: &Ctx, field: &str, v: &Value) -> Result<String, DataError> {
    let id = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(ctx.err(
                field,
                format!("expected a string or a number, found {}", describe(other)),
            ))
        }
    };
    if id.trim().is_empty() {
        return Err(ctx.err(field, "is empty"));
    }
    Ok(id)
}

/// Lowercase with spaces and hyphens as underscores, for enum names written loosely.
fn snake(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

fn mode(ctx: &Ctx, v: Value) -> Result<Mode, DataError> {
    let s = string(ctx, "mode", v)?;
    s.parse().map_err(|e: String| ctx.err("mode", e))
}

fn status(ctx: &Ctx, v: Value) -> Result<Status, DataError> {
    let s = string(ctx, "status", v)?;
    match snake(&s).as_str() {
        "operational" | "open" | "in_service" => Ok(Status::Operational),
        "under_construction" | "construction" => Ok(Status::UnderConstruction),
        "planned" | "proposed" => Ok(Status::Planned),
        _ => Err(ctx.err(
            "status",
            format!("unknown status {s:?} (expected operational, under_construction or planned)"),
        )),
    }
}

fn boolean(ctx: &Ctx, field: &str, v: Value) -> Result<bool, DataError> {
    match &v {
        Value::Bool(b) => return Ok(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => return Ok(true),
            "false" | "no" => return Ok(false),
            _ => {}
        },
        _ => {}
    }
    Err(ctx.err(
        field,
        format!(
            "expected true or false (or \"yes\" / \"no\"), found {}",
            describe(&v)
        ),
    ))
}

fn gauge(ctx: &Ctx, v: &Value) -> Result<Gauge, DataError> {
    match v.as_u64() {
        Some(mm) if (500..=2000).contains(&mm) => Ok(Gauge::from(mm as u16)),
        _ => Err(ctx.err(
            "gauge_mm",
            format!(
                "{} is not a railway gauge (expected a whole number of millimetres from 500 to \
                 2000, e.g. 1435 or 1520, or an array of them)",
                describe(v)
            ),
        )),
    }
}

fn gauges(ctx: &Ctx, v: Value) -> Result<Vec<Gauge>, DataError> {
    match &v {
        Value::Array(items) => items.iter().map(|g| gauge(ctx, g)).collect(),
        single => Ok(vec![gauge(ctx, single)?]),
    }
}

fn commodity(ctx: &Ctx, v: Value) -> Result<Commodity, DataError> {
    let s = string(ctx, "commodity", v)?;
    match snake(&s).as_str() {
        "natural_gas" | "gas" => Ok(Commodity::NaturalGas),
        "crude_oil" | "crude" | "oil" => Ok(Commodity::CrudeOil),
        "oil_products" | "products" => Ok(Commodity::OilProducts),
        _ => Err(ctx.err(
            "commodity",
            format!("unknown commodity {s:?} (expected natural-gas, crude-oil or oil-products)"),
        )),
    }
}

fn place_kind(ctx: &Ctx, v: Value) -> Result<PlaceKind, DataError> {
    let s = string(ctx, "kind", v)?;
    serde_json::from_value(Value::String(snake(&s))).map_err(|_| {
        ctx.err(
            "kind",
            format!(
                "unknown place kind {s:?} (expected city, border_crossing, seaport, dry_port, \
                 terminal, gas_field, pipeline_terminal or junction)"
            ),
        )
    })
}

/// Keeps an unknown property; a `properties` object (the records' own field) is merged.
fn keep(
    extra: &mut Map<String, Value>,
    nested: &mut Option<Map<String, Value>>,
    k: String,
    v: Value,
) {
    match (k.as_str(), v) {
        ("properties", Value::Object(m)) => *nested = Some(m),
        (_, v) => {
            extra.insert(k, v);
        }
    }
}

fn merge(mut extra: Map<String, Value>, nested: Option<Map<String, Value>>) -> Map<String, Value> {
    if let Some(nested) = nested {
        extra.extend(nested);
    }
    extra
}

/// A Point feature, read into a place (its id settled later if it has none of its own).
struct PointFeature {
    feature: usize,
    place: Place,
}

/// One line: a LineString, or one part of a MultiLineString.
struct Line {
    feature: usize,
    /// The feature's label in messages.
    ctx_record: String,
    /// Link id (feature id, `{id}.{part}`, or generated later).
    id: Option<String>,
    /// Part number within a MultiLineString.
    part: Option<usize>,
    coords: Vec<[f64; 2]>,
    link: Link,
    /// Place ids named by `from` / `to` properties.
    from: Option<String>,
    to: Option<String>,
}

impl Line {
    fn ctx<'a>(&self, file: &'a str) -> Ctx<'a> {
        Ctx {
            file,
            record: self.ctx_record.clone(),
        }
    }
}

/// Parses, checks and assembles the records; also says which feature each record came from.
fn import(s: &str, file: &str, opts: &ImportOptions) -> Result<Imported, DataError> {
    let tol = opts.join_tolerance_m;
    if !(tol.is_finite() && tol >= 0.0) {
        return Err(DataError::Invalid {
            file: file.to_string(),
            record: "import options".into(),
            field: "join_tolerance_m".into(),
            problem: format!("{tol} is not a finite number of metres >= 0"),
        });
    }
    if !(500..=2000).contains(&opts.default_gauge_mm) {
        return Err(DataError::Invalid {
            file: file.to_string(),
            record: "import options".into(),
            field: "default_gauge_mm".into(),
            problem: format!(
                "{} mm is not a railway gauge (expected 500 to 2000 mm, e.g. 1435 or 1520)",
                opts.default_gauge_mm
            ),
        });
    }
    let fc = parse_collection(s, file)?;
    let top = Ctx {
        file,
        record: "the top-level object".into(),
    };
    let mut doc = fc.foreign_members.unwrap_or_default();
    check_crs(&top, doc.get("crs"))?;
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
    let sources: Vec<Source> = match doc.remove("sources") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => exact(&top, "sources", v)?,
    };
    let corridors: Vec<Corridor> = match doc.remove("corridors") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => exact(&top, "corridors", v)?,
    };
    // Any other member of the collection (`name`, `crs`, …) is kept with the metadata.
    for (k, v) in doc {
        meta.entry(k).or_insert(v);
    }

    let mut points: Vec<PointFeature> = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    for (index, f) in fc.features.into_iter().enumerate() {
        read_feature(file, index, f, opts, &corridors, &mut points, &mut lines)?;
    }

    // Places named by Point features.
    let mut places: Vec<Place> = Vec::with_capacity(points.len());
    let mut place_ix: HashMap<String, usize> = HashMap::with_capacity(points.len());
    let mut place_feature: Vec<Option<usize>> = Vec::with_capacity(points.len());
    for pf in points {
        if place_ix.insert(pf.place.id.clone(), places.len()).is_some() {
            return Err(DataError::DuplicateId {
                file: file.to_string(),
                kind: "place",
                id: pf.place.id,
            });
        }
        place_feature.push(Some(pf.feature));
        places.push(pf.place);
    }

    // Ends named by `from` / `to`: the place must be there.
    for line in &lines {
        for (which, name) in [(0, &line.from), (1, &line.to)] {
            let Some(name) = name else { continue };
            let field = if which == 0 { "from" } else { "to" };
            let ctx = line.ctx(file);
            let &pi = place_ix
                .get(name.as_str())
                .ok_or_else(|| ctx.err(field, format!("no Point feature has id `{name}`")))?;
            let end = if which == 0 {
                line.coords[0]
            } else {
                line.coords[line.coords.len() - 1]
            };
            let p = &places[pi];
            let at = [p.lon(), p.lat()];
            if !within(end, at, tol) {
                return Err(ctx.err(
                    field,
                    format!(
                        "place `{name}` is at {at:?}, but the line {} at {end:?} ({:.1} m away; \
                         join tolerance {tol} m)",
                        if which == 0 { "starts" } else { "ends" },
                        metres(end, at)
                    ),
                ));
            }
        }
    }

    // Every other line end: group the ends that meet, then name each group's place.
    let mut ends: Vec<End> = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        if line.from.is_none() {
            ends.push(End {
                line: li,
                which: 0,
                at: line.coords[0],
            });
        }
        if line.to.is_none() {
            ends.push(End {
                line: li,
                which: 1,
                at: line.coords[line.coords.len() - 1],
            });
        }
    }
    let groups = group_ends(&ends, tol);
    let point_locs: Vec<[f64; 2]> = places.iter().map(|p| [p.lon(), p.lat()]).collect();
    let near_points = PointIndex::new(&point_locs, tol);
    let mut next_generated = 0usize;
    // The place at each line's start and end.
    let mut line_ends: Vec<[usize; 2]> = vec![[usize::MAX; 2]; lines.len()];
    for group in &groups {
        let mut found: Vec<usize> = Vec::new();
        for &e in group {
            for pi in near_points.near(ends[e].at, tol) {
                if !found.contains(&pi) {
                    found.push(pi);
                }
            }
        }
        let pi = match found.as_slice() {
            [] => {
                // The next `n{k}` that no Point feature has taken.
                let id = loop {
                    let id = format!("n{next_generated}");
                    next_generated += 1;
                    if !place_ix.contains_key(&id) {
                        break id;
                    }
                };
                let [lon, lat] = ends[group[0]].at;
                let mut place = Place::new(id.clone(), id, lon, lat);
                place.coord_source = IMPORTED.into();
                places.push(place);
                places.len() - 1
            }
            [one] => *one,
            several => {
                let first = &ends[group[0]];
                let line = &lines[first.line];
                let names: Vec<String> = several
                    .iter()
                    .map(|&i| format!("`{}`", places[i].id))
                    .collect();
                let here = if tol > 0.0 {
                    format!("within {tol} m of")
                } else {
                    "at".into()
                };
                return Err(line.ctx(file).err(
                    "geometry",
                    format!(
                        "the line's end at {:?} is {here} several Point features ({}): say which \
                         place it is with a `{}` property{}",
                        first.at,
                        names.join(", "),
                        if first.which == 0 { "from" } else { "to" },
                        if tol > 0.0 {
                            ", or lower join_tolerance_m"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        };
        for &e in group {
            line_ends[ends[e].line][ends[e].which as usize] = pi;
        }
    }

    // Assemble the links.
    let mut link_ids: HashSet<String> = lines.iter().filter_map(|l| l.id.clone()).collect();
    if link_ids.len() < lines.iter().filter(|l| l.id.is_some()).count() {
        // Find the first repeated id, in file order.
        let mut seen = HashSet::new();
        for l in &lines {
            if let Some(id) = &l.id {
                if !seen.insert(id) {
                    return Err(DataError::DuplicateId {
                        file: file.to_string(),
                        kind: "link",
                        id: id.clone(),
                    });
                }
            }
        }
    }
    let mut links = Vec::with_capacity(lines.len());
    let mut link_record = Vec::with_capacity(lines.len());
    for (li, line) in lines.into_iter().enumerate() {
        let Line {
            feature,
            ctx_record,
            id,
            part,
            mut coords,
            mut link,
            from,
            to,
        } = line;
        link.id = match id {
            Some(id) => id,
            None => {
                let base = match part {
                    Some(p) => format!("l{feature}.{p}"),
                    None => format!("l{feature}"),
                };
                let mut id = base.clone();
                let mut k = 2;
                while link_ids.contains(&id) {
                    id = format!("{base}_{k}");
                    k += 1;
                }
                link_ids.insert(id.clone());
                id
            }
        };
        let from = match from {
            Some(f) => place_ix[&f],
            None => line_ends[li][0],
        };
        let to = match to {
            Some(t) => place_ix[&t],
            None => line_ends[li][1],
        };
        // The line runs from `from`'s location to `to`'s.
        let last = coords.len() - 1;
        coords[0] = [places[from].lon(), places[from].lat()];
        coords[last] = [places[to].lon(), places[to].lat()];
        link.from = places[from].id.clone();
        link.to = places[to].id.clone();
        if link.length_km.is_none() && link.circuity.is_none() {
            let m: f64 = coords
                .windows(2)
                .map(|w| Geodesic.distance(Point::from(w[0]), Point::from(w[1])))
                .sum();
            link.length_km = Some(Sourced {
                value: m / 1000.0,
                source: COMPUTED.into(),
                note: Some("geodesic length of the imported line".into()),
            });
        }
        link.geometry = (coords.len() > 2).then_some(coords);
        link_record.push(ctx_record);
        links.push(link);
    }
    place_feature.resize(places.len(), None);

    Ok(Imported {
        data: NetworkData {
            meta,
            sources,
            places,
            links,
            corridors,
        },
        place_feature,
        link_record,
    })
}

/// RFC 7946 coordinates are WGS 84 longitude/latitude; an old-style `crs` member naming
/// anything else means the numbers are something else.
fn check_crs(ctx: &Ctx, crs: Option<&Value>) -> Result<(), DataError> {
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
fn parse_collection(s: &str, file: &str) -> Result<FeatureCollection, DataError> {
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
        record: "the top-level object".into(),
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

fn parse_error(file: &str, e: &serde_json::Error) -> DataError {
    DataError::Parse {
        file: file.to_string(),
        line: e.line(),
        // serde_json reports column 0 at the end of input; columns here are 1-based.
        column: e.column().max(1),
        message: strip_position(&e.to_string()),
    }
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
        record: feature_label(index, id.as_deref()),
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
fn read_feature(
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
        record: feature_label(index, None),
    };
    let feature_id = match f.id {
        None => None,
        Some(Id::String(s)) => Some(id_value(&ctx, "id", &Value::String(s))?),
        Some(Id::Number(n)) => Some(n.to_string()),
    };
    if let Some(id) = &feature_id {
        ctx.record = feature_label(index, Some(id));
    }
    let mut props = f.properties.unwrap_or_default();
    // An id among the properties, as many tools write it.
    let id = match (feature_id, props.remove("id")) {
        (fid, None | Some(Value::Null)) => fid,
        (None, Some(v)) => {
            let id = id_value(&ctx, "id", &v)?;
            ctx.record = feature_label(index, Some(&id));
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
            let place = read_place(&ctx, id, props, lon, lat)?;
            points.push(PointFeature {
                feature: index,
                place,
            });
        }
        GeometryValue::LineString { coordinates } => {
            let coords = line_coords(&ctx, &coordinates, None)?;
            let (link, from, to) = read_link(&ctx, props, opts, corridors, false)?;
            lines.push(Line {
                feature: index,
                ctx_record: ctx.record.clone(),
                id,
                part: None,
                coords,
                link,
                from,
                to,
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
            let (link, from, to) = read_link(&ctx, props, opts, corridors, multi)?;
            for (p, part) in coordinates.iter().enumerate() {
                let coords = line_coords(&ctx, part, Some(p))?;
                lines.push(Line {
                    feature: index,
                    ctx_record: ctx.record.clone(),
                    id: id.as_ref().map(|id| format!("{id}.{p}")),
                    part: Some(p),
                    coords,
                    link: link.clone(),
                    from: from.clone(),
                    to: to.clone(),
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
    let where_ = match (part, index) {
        (Some(pt), Some(i)) => format!("part {pt}, position {i}: "),
        (None, Some(i)) => format!("position {i}: "),
        (Some(pt), None) => format!("part {pt}: "),
        (None, None) => String::new(),
    };
    let s = p.as_slice();
    if s.len() < 2 {
        return Err(ctx.err(
            "geometry",
            format!("{where_}a position needs a longitude and a latitude, found {s:?}"),
        ));
    }
    let (lon, lat) = (s[0], s[1]);
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(ctx.err(
            "geometry",
            format!(
                "{where_}longitude {lon} is not within -180..180 (coordinates are [longitude, \
                 latitude] in degrees, WGS 84)"
            ),
        ));
    }
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(ctx.err(
            "geometry",
            format!(
                "{where_}latitude {lat} is not within -90..90 (coordinates are [longitude, \
                 latitude] in degrees, WGS 84)"
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

/// A Point feature's properties as a place.
fn read_place(
    ctx: &Ctx,
    id: Option<String>,
    props: Map<String, Value>,
    lon: f64,
    lat: f64,
) -> Result<Place, DataError> {
    let mut place = Place::new(String::new(), String::new(), lon, lat);
    let mut name = None;
    let mut extra = Map::new();
    let mut nested = None;
    for (k, v) in props {
        if v.is_null() {
            if matches!(
                k.as_str(),
                "name"
                    | "alt_names"
                    | "country"
                    | "coord_source"
                    | "kind"
                    | "transfers"
                    | "transfer_hours"
                    | "border"
                    | "notes"
                    | "refs"
                    | "properties"
            ) {
                continue;
            }
            extra.insert(k, v);
            continue;
        }
        match k.as_str() {
            "name" => name = Some(string(ctx, "name", v)?),
            "alt_names" => {
                place.alt_names = match v {
                    Value::String(s) => vec![s],
                    v => exact(ctx, "alt_names", v)?,
                }
            }
            "country" => {
                let c = string(ctx, "country", v)?;
                if !c.is_empty() && (c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase())) {
                    return Err(ctx.err(
                        "country",
                        format!(
                            "{c:?} is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. \
                             \"KZ\"; empty when unknown)"
                        ),
                    ));
                }
                place.country = c;
            }
            "coord_source" => place.coord_source = string(ctx, "coord_source", v)?,
            "kind" => place.kind = place_kind(ctx, v)?,
            "transfers" => place.transfers = Some(exact::<Vec<TransferKind>>(ctx, "transfers", v)?),
            "transfer_hours" => {
                place.transfer_hours = Some(figure(ctx, "transfer_hours", v, false)?)
            }
            "border" => place.border = Some(exact::<BorderPost>(ctx, "border", v)?),
            "notes" => place.notes = string(ctx, "notes", v)?,
            "refs" => place.refs = exact(ctx, "refs", v)?,
            _ => keep(&mut extra, &mut nested, k, v),
        }
    }
    place.properties = merge(extra, nested);
    match (id, name) {
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
    if place.name.trim().is_empty() {
        return Err(ctx.err("name", "is empty"));
    }
    Ok(place)
}

/// A line feature's properties as a link (ends and id settled later), with the place ids its
/// `from` / `to` properties name. `multi`: the properties apply to several lines.
fn read_link(
    ctx: &Ctx,
    props: Map<String, Value>,
    opts: &ImportOptions,
    corridors: &[Corridor],
    multi: bool,
) -> Result<(Link, Option<String>, Option<String>), DataError> {
    let mut link = Link::new("", "", "", opts.default_mode, Sourced::new(0.0, IMPORTED));
    link.length_km = None;
    let mut mode_given = None;
    let mut gauges_given = None;
    let mut year: Option<Value> = None;
    let mut transit: Option<(&'static str, Sourced<f64>)> = None;
    let mut cost_per_tkm: Option<Sourced<f64>> = None;
    let (mut from, mut to) = (None, None);
    let mut extra = Map::new();
    let mut nested = None;
    for (k, v) in props {
        if v.is_null() {
            if !is_link_field(&k) {
                extra.insert(k, v);
            }
            continue;
        }
        match k.as_str() {
            "mode" => mode_given = Some(mode(ctx, v)?),
            "name" => link.name = string(ctx, "name", v)?,
            "length_km" => link.length_km = Some(figure(ctx, "length_km", v, false)?),
            "circuity" => {
                let c = v
                    .as_f64()
                    .filter(|c| c.is_finite() && *c >= 1.0)
                    .ok_or_else(|| {
                        ctx.err(
                            "circuity",
                            format!(
                                "{} is not a ratio >= 1 (route length over geodesic distance)",
                                describe(&v)
                            ),
                        )
                    })?;
                link.circuity = Some(c);
            }
            "speed_kmh" => link.speed_kmh = Some(figure(ctx, "speed_kmh", v, true)?),
            "duration_hours" | "transit_hours" => {
                let field = if k == "duration_hours" {
                    "duration_hours"
                } else {
                    "transit_hours"
                };
                if let Some((other, _)) = &transit {
                    return Err(ctx.err(
                        field,
                        format!("give either `duration_hours` or `transit_hours`, not both (`{other}` is also given)"),
                    ));
                }
                transit = Some((field, figure(ctx, field, v, false)?));
            }
            "oneway" => link.oneway = boolean(ctx, "oneway", v)?,
            "gauge_mm" => gauges_given = Some(gauges(ctx, v)?),
            "status" => link.status = status(ctx, v)?,
            "year" => year = Some(v),
            "commodity" => link.commodity = Some(commodity(ctx, v)?),
            "cost_per_tkm" => cost_per_tkm = Some(figure(ctx, "cost_per_tkm", v, false)?),
            "tariff" => {
                let t: Tariff = exact(ctx, "tariff", v)?;
                for (name, x) in [
                    ("tariff.usd_per_tonne_km", t.usd_per_tonne_km),
                    ("tariff.usd_per_teu_km", t.usd_per_teu_km),
                    ("tariff.fixed_usd", t.fixed_usd),
                ] {
                    if let Some(x) = x.filter(|x| !(x.is_finite() && *x >= 0.0)) {
                        return Err(ctx.err(name, format!("{x} is not a finite number >= 0")));
                    }
                }
                link.tariff = Some(t);
            }
            "capacity" => link.capacity = Some(exact::<Capacity>(ctx, "capacity", v)?),
            "border" => link.border = Some(exact::<BorderPost>(ctx, "border", v)?),
            "refs" => link.refs = exact(ctx, "refs", v)?,
            "notes" => link.notes = string(ctx, "notes", v)?,
            "from" => from = Some(id_value(ctx, "from", &v)?),
            "to" => to = Some(id_value(ctx, "to", &v)?),
            "corridor" | "corridors" => match corridor_ids(&v, corridors) {
                Some(ids) => {
                    for id in ids {
                        if !link.corridors.contains(&id) {
                            link.corridors.push(id);
                        }
                    }
                }
                // Not the network's corridors (a GeoJSON usually has no corridor list): kept.
                None => keep(&mut extra, &mut nested, k, v),
            },
            _ => keep(&mut extra, &mut nested, k, v),
        }
    }
    link.properties = merge(extra, nested);
    if let Some((field, t)) = transit {
        if multi {
            return Err(whole_feature(ctx, field));
        }
        link.transit_hours = Some(t);
    }
    if multi {
        if link.length_km.is_some() {
            return Err(whole_feature(ctx, "length_km"));
        }
        if from.is_some() || to.is_some() {
            return Err(ctx.err(
                if from.is_some() { "from" } else { "to" },
                "a MultiLineString's parts have different ends: split it into LineStrings to \
                 name their places",
            ));
        }
    }
    link.mode = mode_given.unwrap_or(opts.default_mode);
    link.gauges = match (link.mode, gauges_given) {
        (_, Some(g)) if !g.is_empty() => g,
        (Mode::Rail, _) => vec![Gauge::from(opts.default_gauge_mm)],
        (_, g) => g.unwrap_or_default(),
    };
    if link.mode != Mode::Rail && !link.gauges.is_empty() {
        return Err(ctx.err(
            "gauge_mm",
            format!("a {} link has no track gauge", link.mode),
        ));
    }
    match (link.mode, link.commodity) {
        (Mode::Pipeline, None) => {
            return Err(ctx.err(
                "commodity",
                "a pipeline needs its commodity (natural-gas, crude-oil or oil-products)",
            ))
        }
        (Mode::Pipeline, Some(_)) | (_, None) => {}
        (m, Some(c)) => {
            return Err(ctx.err(
                "commodity",
                format!("only pipelines carry a commodity; this {m} link says {c}"),
            ))
        }
    }
    if let Some(c) = cost_per_tkm {
        match &mut link.tariff {
            Some(t) if t.usd_per_tonne_km.is_some() => {
                return Err(ctx.err(
                    "cost_per_tkm",
                    "give either `cost_per_tkm` or `tariff.usd_per_tonne_km`, not both",
                ))
            }
            Some(t) => t.usd_per_tonne_km = Some(c.value),
            None => {
                link.tariff = Some(Tariff {
                    usd_per_tonne_km: Some(c.value),
                    usd_per_teu_km: None,
                    fixed_usd: None,
                    source: c.source,
                    note: c.note,
                })
            }
        }
    }
    if let Some(v) = year {
        link.year = Some(match v {
            Value::Object(_) => exact::<Milestone>(ctx, "year", v)?,
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
                Milestone {
                    year: y,
                    event: if link.status == Status::Operational {
                        MilestoneKind::Opened
                    } else {
                        MilestoneKind::ExpectedOpening
                    },
                    source: IMPORTED.into(),
                    note: None,
                }
            }
        });
    }
    Ok((link, from, to))
}

fn is_link_field(k: &str) -> bool {
    matches!(
        k,
        "mode"
            | "name"
            | "length_km"
            | "circuity"
            | "speed_kmh"
            | "duration_hours"
            | "transit_hours"
            | "oneway"
            | "gauge_mm"
            | "status"
            | "year"
            | "commodity"
            | "cost_per_tkm"
            | "tariff"
            | "capacity"
            | "border"
            | "refs"
            | "notes"
            | "from"
            | "to"
            | "corridor"
            | "corridors"
            | "properties"
    )
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

// ---------------------------------------------------------------------------------------------
// Where lines meet
// ---------------------------------------------------------------------------------------------

/// A line end not named by a `from` / `to` property.
struct End {
    line: usize,
    /// 0: start, 1: end.
    which: u8,
    at: [f64; 2],
}

/// Exact-coordinate key (positions are normalised so that -0.0 is 0.0).
fn key(p: [f64; 2]) -> (u64, u64) {
    (p[0].to_bits(), p[1].to_bits())
}

fn metres(a: [f64; 2], b: [f64; 2]) -> f64 {
    Geodesic.distance(Point::from(a), Point::from(b))
}

fn within(a: [f64; 2], b: [f64; 2], tol: f64) -> bool {
    a == b || (tol > 0.0 && metres(a, b) <= tol)
}

/// A point on a sphere of the Earth's mean radius, metres.
fn xyz(p: [f64; 2]) -> [f64; 3] {
    let (lon, lat) = (p[0].to_radians(), p[1].to_radians());
    [
        EARTH_RADIUS_M * lat.cos() * lon.cos(),
        EARTH_RADIUS_M * lat.cos() * lon.sin(),
        EARTH_RADIUS_M * lat.sin(),
    ]
}

/// Squared search radius in the `xyz` space for a geodesic tolerance: the chord of the arc,
/// widened to cover the ellipsoid's departure from the sphere (< 0.6 %).
fn search_radius_sq(tol: f64) -> f64 {
    let chord = 2.0 * EARTH_RADIUS_M * (tol / (2.0 * EARTH_RADIUS_M)).min(1.0).sin();
    let r = chord * 1.01 + 1e-6;
    r * r
}

/// Groups of line ends (indices into `ends`) that are one place: equal coordinates, or chains
/// of ends within `tol` metres of each other. Groups are in order of their first end.
fn group_ends(ends: &[End], tol: f64) -> Vec<Vec<usize>> {
    if tol == 0.0 {
        let mut group_of: HashMap<(u64, u64), usize> = HashMap::with_capacity(ends.len());
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, e) in ends.iter().enumerate() {
            let g = *group_of.entry(key(e.at)).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        return groups;
    }
    let tree = RTree::bulk_load(
        ends.iter()
            .enumerate()
            .map(|(i, e)| GeomWithData::new(xyz(e.at), i))
            .collect(),
    );
    let r2 = search_radius_sq(tol);
    let mut parent: Vec<usize> = (0..ends.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, e) in ends.iter().enumerate() {
        for n in tree.locate_within_distance(xyz(e.at), r2) {
            let j = n.data;
            if j <= i {
                continue;
            }
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            if ri != rj && within(e.at, ends[j].at, tol) {
                // The smaller index stays the root, so a group's root is its first end.
                let (lo, hi) = if ri < rj { (ri, rj) } else { (rj, ri) };
                parent[hi] = lo;
            }
        }
    }
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..ends.len() {
        let r = root(&mut parent, i);
        let g = *group_of.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
}

/// Point features by location, to find those at (or within the tolerance of) a line end.
enum PointIndex {
    Exact(HashMap<(u64, u64), Vec<usize>>),
    Near(RTree<GeomWithData<[f64; 3], usize>>, Vec<[f64; 2]>),
}

impl PointIndex {
    fn new(locs: &[[f64; 2]], tol: f64) -> PointIndex {
        if tol == 0.0 {
            let mut m: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
            for (i, &p) in locs.iter().enumerate() {
                m.entry(key([p[0] + 0.0, p[1] + 0.0])).or_default().push(i);
            }
            PointIndex::Exact(m)
        } else {
            PointIndex::Near(
                RTree::bulk_load(
                    locs.iter()
                        .enumerate()
                        .map(|(i, &p)| GeomWithData::new(xyz(p), i))
                        .collect(),
                ),
                locs.to_vec(),
            )
        }
    }

    /// Indices of the points at `p` (within `tol` metres), in index order.
    fn near(&self, p: [f64; 2], tol: f64) -> Vec<usize> {
        match self {
            PointIndex::Exact(m) => m.get(&key(p)).cloned().unwrap_or_default(),
            PointIndex::Near(tree, locs) => {
                let mut found: Vec<usize> = tree
                    .locate_within_distance(xyz(p), search_radius_sq(tol))
                    .map(|n| n.data)
                    .filter(|&i| within(p, locs[i], tol))
                    .collect();
                found.sort_unstable();
                found
            }
        }
    }
}
