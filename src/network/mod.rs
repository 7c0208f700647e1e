//! The validated network, and every public method of [`Network`] in one place. The rooms
//! beside this file do the work: `build` and `validate` (records in), `tables` and `views`
//! (storage and reading), `lookup` and `snap` (finding places), `prices` and `search_graph`
//! (what queries search), `report` and `edit` (diagnosis, healing, merging).

pub(crate) use lookup::normalise;
mod build;
mod builtin;
mod connectivity;
pub(crate) mod edit;
mod lookup;
mod prices;
mod report;
mod search_graph;
mod snap;
mod tables;
pub(crate) mod validate;
mod views;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use crate::cost::CostModel;
use crate::error::{DataError, Problems, RouteError};
use crate::geometry::PointTree;
use crate::io::{self, ImportOptions, Open};
use crate::model::{Corridor, Link, Mode, NetworkData, Source};
use crate::route::{Planner, Route, RouteRequest};

pub(crate) use build::Builder;
pub use edit::IdClash;
pub(crate) use prices::{BorderPrice, LinkPrice, Prices};
pub use report::{Bridge, CutPlace, Listed, NetworkReport, Piece, StretchedLink, StrongPiece};
pub(crate) use search_graph::{SearchGraph, StateEdge};
pub(crate) use snap::parse_lat_lon;
pub use views::{Iter, LinkRef, Links, PlaceRef, Places};

/// An immutable, validated freight network, shared by any number of route queries.
///
/// Built from records ([`Network::from_data`], every record checked: a rejected record is an
/// error naming the file, the record and the field), read from a file ([`Network::open`],
/// [`Network::from_json_str`], [`Network::from_geojson_str`], [`Network::from_csv_readers`])
/// or the built-in one ([`Network::central_asia`]).
///
/// The network keeps compact tables, not the records: the OSM world railways, 275k places and
/// 329k links, take under 100 MB with the search graph (about 80 bytes a place and 200 a
/// link, where the records alone took 456 and 824). Read places and links through views ([`Network::places`],
/// [`Network::link`], [`PlaceRef`], [`LinkRef`]); [`Network::to_data`] gives the records back
/// exactly as they came in. It also holds the multimodal search graph over place × carrier
/// states, so that queries only search.
///
/// `Network` is `Send + Sync`: share it between threads behind an `Arc`.
///
/// # Example
/// ```
/// use corridor::Network;
///
/// let net = Network::central_asia();
/// let xian = net.place("Xian").unwrap();
/// assert_eq!(xian.id(), "xian");
/// assert!(net.places().len() >= 109);
/// ```
#[derive(Debug, Clone)]
pub struct Network {
    source_name: String,
    meta: serde_json::Map<String, serde_json::Value>,
    sources: Vec<Source>,
    corridors: Vec<Corridor>,
    corridor_ix: HashMap<String, u32>,
    tables: tables::Tables,
    /// Country codes of the places, sorted.
    countries: Vec<[u8; 2]>,
    /// How many places have no country, and the first of them: constraints on countries
    /// cannot be checked where they are.
    countryless: (u32, u32),
    /// Built on the first look-up by name.
    lookup: OnceLock<lookup::NameIndex>,
    cost: CostModel,
    prices: Prices,
    /// Each place as a point of 3-D space, for chord bounds.
    xyz: Vec<[f64; 3]>,
    search: SearchGraph,
    place_tree: OnceLock<PointTree>,
}

// ---------------------------------------------------------------------------------------------
// Building and loading
// ---------------------------------------------------------------------------------------------

impl Network {
    /// Validates `data` and builds the network. `source_name` (usually the file name) is used
    /// in error messages.
    ///
    /// # Errors
    /// The first problem: [`DataError::Invalid`] naming the record ([`RecordRef::Place`],
    /// [`RecordRef::Link`], [`RecordRef::Corridor`], by position and id) and the field, or
    /// [`DataError::DuplicateId`]. [`Network::validate_all`] lists them all.
    ///
    /// [`RecordRef::Place`]: crate::RecordRef::Place
    /// [`RecordRef::Link`]: crate::RecordRef::Link
    /// [`RecordRef::Corridor`]: crate::RecordRef::Corridor
    pub fn from_data(data: NetworkData, source_name: &str) -> Result<Network, DataError> {
        Network::build(data, source_name, false).map_err(build::first)
    }

    /// [`Network::from_data`], but every problem of `data` is reported, not only the first.
    ///
    /// # Example
    /// ```
    /// use corridor::{Mode, Network, NetworkData, Place, Link, Sourced};
    ///
    /// let mut data = NetworkData::default();
    /// data.places.push(Place::new("a", "A", 70.0, 45.0));
    /// data.places.push(Place::new("b", "", 71.0, 95.0)); // no name, latitude out of range
    /// data.links.push(Link::new("ab", "a", "b", Mode::Road, Sourced::new(-1.0, "estimate")));
    /// let problems = Network::validate_all(data, "mine").unwrap_err();
    /// assert_eq!(problems.0.len(), 3, "{problems}");
    /// ```
    pub fn validate_all(data: NetworkData, source_name: &str) -> Result<Network, Problems> {
        Network::build(data, source_name, true).map_err(Problems)
    }

    /// The built-in network of the China–Central Asia–Caspian–Europe corridors: railways,
    /// highways, pipelines and the Caspian and Black Sea crossings, with every figure's source.
    ///
    /// The data (`data/central_asia.json`) are embedded in the crate and validated on first
    /// use; later calls clone the validated network.
    ///
    /// # Example
    /// ```
    /// let net = corridor::Network::central_asia();
    /// assert!(net.corridor_by_id("titr").is_some());
    /// ```
    pub fn central_asia() -> Network {
        builtin::central_asia().clone()
    }

    /// A loader for a network file: say what to read and how, then
    /// [`load`](Open::load) it (or [`check`](Open::check) it for every problem). The format
    /// follows the file: a place CSV with its link CSV ([`Open::links`]); GeoJSON, by its
    /// name (`.geojson`) or, under any other name, by its top-level `type` member naming a
    /// GeoJSON object, wherever the member is; otherwise the crate's own JSON. Any of the files
    /// may be gzipped (`.gz` is ignored in the name; gzip's first bytes say), and a UTF-8 byte
    /// order mark before JSON is ignored.
    ///
    /// # Example
    /// ```no_run
    /// use corridor::{Mode, Network};
    ///
    /// let opened = Network::open("data/osm/osm_railways_central_asia.geojson")
    ///     .heal(5.0, Mode::Rail)
    ///     .merge_with_builtin(30.0)
    ///     .load()?;
    /// println!("{} links added by healing", opened.healed.len());
    /// # Ok::<(), corridor::DataError>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Open {
        Open::new(path.as_ref())
    }

    /// Parses and validates a network in the crate's JSON format (the schema of
    /// [`NetworkData`]). `source_name` names the input in error messages. A UTF-8 byte order
    /// mark before the text is ignored.
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
    /// let km = net.link_length_km(0).unwrap();
    /// assert!(km > 1000.0 && km < 1300.0, "{km}");
    /// ```
    pub fn from_json_str(json: &str, source_name: &str) -> Result<Network, DataError> {
        Network::from_data(io::json::parse(json, source_name)?, source_name)
    }

    /// Reads, parses and validates a network file in the crate's JSON format, gzipped or not
    /// (gzip's first bytes say).
    ///
    /// # Errors
    /// [`DataError::Io`] when the file cannot be read (a broken gzip stream too), otherwise as
    /// [`Network::from_json_str`].
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Network, DataError> {
        let (text, name) = io::read_text(path.as_ref())?;
        Network::from_json_str(&text, &name)
    }

    /// Parses a GeoJSON FeatureCollection (RFC 7946) into a validated network: LineString and
    /// MultiLineString features are links, Point features named places. `name` (usually the
    /// file name) is used in error messages. A UTF-8 byte order mark before the text is
    /// ignored.
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
    /// `{value, source, note}` objects. Point properties: the [`Place`](crate::Place) fields.
    /// Names of modes, statuses, commodities and kinds are read as in every format (case,
    /// spaces, hyphens and underscores do not matter; `open`, `railway`, `gas`… are accepted),
    /// and a country code in lower case is read in capitals. `null` counts as absent; unknown
    /// properties are kept in the records' `properties`. Without `length_km` (or `circuity`)
    /// a link's length is the geodesic length of its line, with source `computed`. Defaults
    /// for mode and gauge come from `opts`. The collection's foreign members `meta`,
    /// `sources` and `corridors` are read as in the crate's JSON format, which is how
    /// [`Network::to_geojson`] output reads back unchanged.
    ///
    /// # Errors
    /// [`DataError::Parse`] (line and column) for text that is not JSON;
    /// [`DataError::Invalid`] naming the feature ([`RecordRef::Feature`]: `feature 12`, or
    /// `feature 12 (id X)`) and the property for anything unusable: not a FeatureCollection, a
    /// feature without geometry or with a geometry other than LineString, MultiLineString or
    /// Point, a line with fewer than two positions, coordinates out of range, a length that is
    /// not a number >= 0, an unknown mode, status or commodity, …;
    /// [`DataError::DuplicateId`] for two places or two links with one id.
    ///
    /// [`RecordRef::Feature`]: crate::RecordRef::Feature
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
    /// let (first, second) = (net.link(0).unwrap(), net.link(1).unwrap());
    /// assert_eq!(first.from().id(), "almaty");
    /// assert_eq!(first.length_km(), 230.5);
    /// // The second line has no length: its geodesic length, marked as computed.
    /// assert_eq!(second.length_source(), Some("computed"));
    /// let route = net.route(&RouteRequest::new("Almaty", second.to().id()))?;
    /// assert_eq!(route.legs[0].links.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_geojson_str(
        s: &str,
        name: &str,
        opts: &ImportOptions,
    ) -> Result<Network, DataError> {
        io::geojson::read_network(s, name, opts, &mut validate::Findings::first())
            .map_err(build::first)
    }

    /// Reads a GeoJSON file, gzipped or not (gzip's first bytes say), and builds the network,
    /// as [`Network::from_geojson_str`] does; the path names the file in error messages.
    ///
    /// # Errors
    /// [`DataError::Io`] when the file cannot be read (a broken gzip stream too), otherwise as
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
    /// assert_eq!(net.link(0).unwrap().id(), "7");
    /// assert_eq!(net.source_name(), path.display().to_string());
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_geojson_file(
        path: impl AsRef<Path>,
        opts: &ImportOptions,
    ) -> Result<Network, DataError> {
        let (text, name) = io::read_text(path.as_ref())?;
        Network::from_geojson_str(&text, &name, opts)
    }

    /// Reads and validates a network from a place file and a link file in CSV.
    /// `places_name` and `links_name` name the inputs in error messages; the network's
    /// [`source_name`](Network::source_name) is `"{places_name} + {links_name}"`.
    ///
    /// Both files need a header row; columns come in any order, their names matched without
    /// regard to case. Inputs are streamed record by record into the network's tables, so
    /// memory grows with the network, not with the files ([`Network::from_csv_files`] reads
    /// gzipped files as they are; here, wrap a compressed input in a decoder
    /// such as `flate2::read::GzDecoder`).
    ///
    /// # The place file
    ///
    /// | column | | becomes |
    /// | --- | --- | --- |
    /// | `id` | required | [`Place::id`](crate::Place::id), as given (surrounding spaces ignored) |
    /// | `lat`, `lon` | required | [`Place::location`](crate::Place::location), degrees (WGS 84) |
    /// | `name` | optional | [`Place::name`](crate::Place::name); default: the id |
    /// | `country` | optional | [`Place::country`](crate::Place::country): ISO 3166-1 alpha-2 (read in capitals), empty when unknown |
    /// | `kind` | optional | [`Place::kind`](crate::Place::kind): `city`, `border_crossing`, `seaport`, `dry_port`, `terminal`, `gas_field`, `pipeline_terminal` or `junction` (the default) |
    /// | `json` | optional | the rest of the record, see below |
    /// | anything else | | [`Place::properties`](crate::Place::properties), as strings |
    ///
    /// Coordinates of imported places have the provenance tag `imported`
    /// ([`Place::coord_source`](crate::Place::coord_source)).
    ///
    /// # The link file
    ///
    /// | column | | becomes |
    /// | --- | --- | --- |
    /// | `from`, `to` | required | ids of places of the place file |
    /// | `length_km` | required | [`Link::length_km`], km along the line, source `imported`; may be empty only when the `json` column gives `circuity` |
    /// | `id` | optional | [`Link::id`]; default (also for an empty value): `l{N}`, N the 0-based data row |
    /// | `mode` | optional | `rail`, `road`, `sea` or `pipeline`; default [`ImportOptions::default_mode`] |
    /// | `gauge_mm` | optional | rail gauges, e.g. `1435` or `1435;1520`; default by country ([`ImportOptions::gauge_mm`]) for rail links |
    /// | `commodity` | optional | what a pipeline carries: `natural-gas`, `crude-oil` or `oil-products` (required for pipelines) |
    /// | `oneway` | optional | `true`/`false`, `1`/`0`, `yes`/`no`; default false |
    /// | `status` | optional | `operational` (default), `under_construction` or `planned` |
    /// | `year` | optional | year the link opened (operational) or is expected to open (otherwise) |
    /// | `duration_hours` | optional | [`Link::transit_hours`] (the typical case; best and worst go in the `json` column as `transit_hours_best`, `transit_hours_worst`) |
    /// | `speed_kmh` | optional | [`Link::speed_kmh`] (typical) |
    /// | `sailings_per_week` | optional | [`Link::sailings_per_week`]: departures a week of a scheduled service (a weekly `timetable` goes in the `json` column) |
    /// | `cost_per_tkm` | optional | [`Tariff::usd_per_tonne_km`](crate::Tariff::usd_per_tonne_km) |
    /// | `name` | optional | [`Link::name`] |
    /// | `json` | optional | the rest of the record, see below |
    /// | anything else | | [`Link::properties`], as strings (e.g. `corridor`: a CSV file has no corridors) |
    ///
    /// Names of modes, statuses, commodities and kinds are read as in every format (case,
    /// spaces, hyphens and underscores do not matter). An empty value is no value: the default
    /// applies, and an empty cell of an extra column adds no property. Every record that cannot
    /// be used is an error naming the file, the line (the header is line 1) and the field;
    /// nothing is skipped.
    ///
    /// # The `json` column
    ///
    /// A JSON object with the fields of the record (as in the crate's JSON format) that the other
    /// columns do not give. A key replaces what the columns say; `null` removes a field (its
    /// default applies); an object given for a field the columns also fill (e.g. `length_km`,
    /// whose value comes from its column) is merged into it key by key. [`Network::write_csv`]
    /// uses it to write every record losslessly.
    ///
    /// # Errors
    /// Every record that cannot be used, including those rejected by the network's own
    /// validation, is a [`DataError::Invalid`] naming the file, the line
    /// ([`RecordRef::Line`](crate::RecordRef::Line); the header is line 1;
    /// [`RecordRef::Header`](crate::RecordRef::Header) for a missing column or an empty file)
    /// and the field, and saying what is accepted: a missing required value, something that is
    /// not a (finite) number, a negative length, a latitude or longitude out of range, a link
    /// end that is no place's id, an unknown mode, kind, status, commodity or yes/no value, a
    /// record with the wrong number of fields. A repeated place or link id is a
    /// [`DataError::DuplicateId`]; an unreadable input a [`DataError::Io`].
    ///
    /// # Example
    /// ```
    /// use corridor::{ImportOptions, Network, RouteRequest};
    ///
    /// let places = "\
    /// id,lat,lon,name,country,kind
    /// ala,43.25,76.95,Almaty,KZ,city
    /// dos,45.25,82.48,Dostyk,KZ,border_crossing
    /// ala_cn,45.17,82.57,Alashankou,CN,border_crossing
    /// ";
    /// let links = "\
    /// from,to,length_km,gauge_mm,name
    /// ala,dos,850,1520,Turkestan–Siberia branch
    /// dos,ala_cn,12,1435;1520,Dostyk–Alashankou
    /// ";
    /// let net = Network::from_csv_readers(
    ///     places.as_bytes(), links.as_bytes(), "places.csv", "links.csv",
    ///     &ImportOptions::default(),
    /// ).unwrap();
    /// let route = net.route(&RouteRequest::new("Almaty", "Alashankou")).unwrap();
    /// assert_eq!(route.totals.distance_km, 862.0);
    ///
    /// // A bad record names the file, the line and the field.
    /// let bad = "from,to,length_km\nala,dos,-5\n";
    /// let err = Network::from_csv_readers(
    ///     places.as_bytes(), bad.as_bytes(), "places.csv", "links.csv",
    ///     &ImportOptions::default(),
    /// ).unwrap_err();
    /// assert!(err.to_string().starts_with("links.csv: line 2: field `length_km`:"), "{err}");
    /// ```
    pub fn from_csv_readers(
        places: impl Read,
        links: impl Read,
        places_name: &str,
        links_name: &str,
        opts: &ImportOptions,
    ) -> Result<Network, DataError> {
        let mut findings = validate::Findings::first();
        let (places, links) = (
            io::Input::of(places, places_name),
            io::Input::of(links, links_name),
        );
        io::csv::read_network(places, links, opts, &mut findings).map_err(build::first)
    }

    /// Reads and validates a network from a place file and a link file in CSV, as
    /// [`Network::from_csv_readers`] does; the paths name the files in error messages. Either
    /// file may be gzipped (gzip's first bytes say): it is decompressed as it is read.
    ///
    /// # Errors
    /// As [`Network::from_csv_readers`]; [`DataError::Io`] when a file cannot be opened or read (a broken gzip stream too).
    ///
    /// # Example
    /// ```
    /// let dir = std::env::temp_dir();
    /// let (places, links) = (dir.join("corridor_doc_p.csv"), dir.join("corridor_doc_l.csv"));
    /// std::fs::write(&places, "id,lat,lon\na,43.2,76.9\nb,43.3,77.0\n").unwrap();
    /// std::fs::write(&links, "from,to,length_km,mode\na,b,14,road\n").unwrap();
    /// let net = corridor::Network::from_csv_files(&places, &links, &Default::default()).unwrap();
    /// assert_eq!(net.length_km_of("l0"), Some(14.0));
    /// ```
    pub fn from_csv_files(
        places: impl AsRef<Path>,
        links: impl AsRef<Path>,
        opts: &ImportOptions,
    ) -> Result<Network, DataError> {
        let mut findings = validate::Findings::first();
        io::csv::read_files(places.as_ref(), links.as_ref(), opts, &mut findings)
            .map_err(build::first)
    }

    /// Replaces the rates used for links, transfers and borders without their own figures.
    ///
    /// # Errors
    /// [`DataError::Invalid`] naming a figure the search cannot rely on
    /// ([`CostModel::check`]): a speed of zero or less, a negative or non-finite rate or fee.
    pub fn with_cost_model(mut self, cost: CostModel) -> Result<Network, DataError> {
        cost.check(&self.source_name)?;
        self.prices = Prices::new(&self.tables, &self.xyz, &cost);
        self.cost = cost;
        Ok(self)
    }
}

// ---------------------------------------------------------------------------------------------
// What is in it
// ---------------------------------------------------------------------------------------------

impl Network {
    /// Where the network was loaded from (a file name, or `built-in`).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The rates in use.
    pub fn cost_model(&self) -> &CostModel {
        &self.cost
    }

    /// Title, version, licence and notes about the data set.
    pub fn meta(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.meta
    }

    /// The bibliography.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// All corridors, in file order.
    pub fn corridors(&self) -> &[Corridor] {
        &self.corridors
    }

    /// All places, in file order.
    pub fn places(&self) -> Places<'_> {
        Places::new(&self.tables)
    }

    /// All links, in file order.
    pub fn links(&self) -> Links<'_> {
        Links::new(&self.tables)
    }

    /// Link number `index` (file order), if there is one.
    pub fn link(&self, index: usize) -> Option<LinkRef<'_>> {
        self.links().get(index)
    }

    /// Country codes of the places, sorted.
    pub fn countries(&self) -> impl Iterator<Item = &str> {
        self.countries.iter().map(tables::country_str)
    }

    /// The place with this exact id.
    pub fn place_by_id(&self, id: &str) -> Option<PlaceRef<'_>> {
        self.tables.place_index(id).map(|i| self.place_ref(i))
    }

    /// The link with this exact id.
    pub fn link_by_id(&self, id: &str) -> Option<LinkRef<'_>> {
        self.tables
            .link_index(id)
            .map(|i| LinkRef::new(&self.tables, i))
    }

    /// The corridor with this exact id.
    pub fn corridor_by_id(&self, id: &str) -> Option<&Corridor> {
        self.corridor_ix
            .get(id)
            .map(|&i| &self.corridors[i as usize])
    }

    /// Finds a place by id, name or alternate spelling, ignoring case, accents, spaces and
    /// punctuation (`"Xian"`, `"xi'an"`, `"Horgos"` all work).
    ///
    /// # Errors
    /// [`RouteError::UnknownPlace`] with the closest names.
    pub fn place(&self, name: &str) -> Result<PlaceRef<'_>, RouteError> {
        self.place_index(name).map(|i| self.place_ref(i))
    }

    /// Finds a corridor by id or name (ignoring case, accents, spaces and punctuation).
    ///
    /// # Errors
    /// [`RouteError::UnknownCorridor`] with the closest ids and names.
    ///
    /// # Example
    /// ```
    /// let net = corridor::Network::central_asia();
    /// assert_eq!(net.corridor("TITR")?.id, "titr");
    /// assert!(net.corridor("Middle Coridor").is_err());
    /// # Ok::<(), corridor::RouteError>(())
    /// ```
    pub fn corridor(&self, name: &str) -> Result<&Corridor, RouteError> {
        self.corridor_index(name)
            .map(|i| &self.corridors[i as usize])
    }

    pub(crate) fn corridor_index(&self, name: &str) -> Result<u32, RouteError> {
        if let Some(i) = self.corridor_ix(name) {
            return Ok(i);
        }
        let key = lookup::normalise(name);
        if let Some(i) = self
            .corridors
            .iter()
            .position(|c| lookup::normalise(&c.id) == key || lookup::normalise(&c.name) == key)
        {
            return Ok(i as u32);
        }
        let mut scored: Vec<(f64, &str)> = self
            .corridors
            .iter()
            .flat_map(|c| [&c.id, &c.name])
            .map(|n| {
                (
                    strsim::jaro_winkler(&key, &lookup::normalise(n)),
                    n.as_str(),
                )
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut suggestions: Vec<String> = Vec::new();
        for (_, n) in scored {
            if suggestions.len() == 3 {
                break;
            }
            if !suggestions.iter().any(|s| s == n) {
                suggestions.push(n.to_string());
            }
        }
        Err(RouteError::UnknownCorridor {
            name: name.to_string(),
            suggestions,
        })
    }

    /// Indices of the links of corridor `i`: those it lists and those that name it.
    pub(crate) fn corridor_links(&self, i: u32) -> Vec<u32> {
        let c = &self.corridors[i as usize];
        let mut out: Vec<u32> = c
            .links
            .iter()
            .filter_map(|id| self.link_by_id(id).map(|l| l.index() as u32))
            .chain(
                self.links()
                    .iter()
                    .filter(|l| l.corridors().contains(&c.id))
                    .map(|l| l.index() as u32),
            )
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The index of the link with this id.
    ///
    /// # Errors
    /// [`RouteError::UnknownLink`] with the closest ids.
    pub(crate) fn link_index(&self, id: &str) -> Result<u32, RouteError> {
        if let Some(l) = self.link_by_id(id) {
            return Ok(l.index() as u32);
        }
        let mut scored: Vec<(f64, &str)> = self
            .links()
            .iter()
            .map(|l| (strsim::jaro_winkler(id, l.id()), l.id()))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        Err(RouteError::UnknownLink {
            id: id.to_string(),
            suggestions: scored.iter().take(3).map(|(_, n)| n.to_string()).collect(),
        })
    }

    /// The place nearest to a coordinate, given as (longitude, latitude) in degrees like
    /// `geo` and GeoJSON, with the geodesic distance to it in km, however far.
    ///
    /// Uses a spatial index (an R-tree, built on first use).
    ///
    /// # Errors
    /// [`RouteError::InvalidRequest`] for a longitude outside -180..=180 or a latitude
    /// outside -90..=90 (or NaN); [`RouteError::UnknownPlace`] for a network without places.
    ///
    /// # Example
    /// ```
    /// let net = corridor::Network::central_asia();
    /// // A point in central Almaty.
    /// let (place, km) = net.nearest_place(76.93, 43.25).unwrap();
    /// assert_eq!(place.id(), "almaty");
    /// assert!(km < 10.0);
    /// assert!(net.nearest_place(f64::NAN, 43.25).is_err());
    /// ```
    pub fn nearest_place(&self, lon: f64, lat: f64) -> Result<(PlaceRef<'_>, f64), RouteError> {
        if let Err(problem) = crate::geometry::check_lon_lat(lon, lat) {
            return Err(RouteError::InvalidRequest {
                field: "coordinate",
                value: format!(
                    "lon {}, lat {}",
                    crate::readable::Readable(lon),
                    crate::readable::Readable(lat)
                ),
                problem: crate::network::validate::coordinate_problem(problem),
            });
        }
        match self.nearest_place_index(lon, lat) {
            Some((i, km)) => Ok((self.place_ref(i), km)),
            None => Err(RouteError::UnknownPlace {
                name: format!(
                    "the place nearest to lon {lon}, lat {lat} (the network has no places)"
                ),
                suggestions: Vec::new(),
            }),
        }
    }

    /// Length of link number `index` (file order) in km: its published or derived length, or
    /// the geodesic distance between its ends times its circuity; `None` past the last link.
    ///
    /// # Example
    /// ```
    /// let net = corridor::Network::central_asia();
    /// assert!(net.link_length_km(0).is_some_and(|km| km > 0.0));
    /// assert_eq!(net.link_length_km(net.links().len()), None);
    /// ```
    pub fn link_length_km(&self, index: usize) -> Option<f64> {
        self.link(index).map(|l| l.length_km())
    }

    /// The length in km of the link with this id, if any.
    pub fn length_km_of(&self, link_id: &str) -> Option<f64> {
        self.link_by_id(link_id).map(|l| l.length_km())
    }

    /// The records, exactly as they came in: the network's places, links, corridors,
    /// sources and metadata.
    ///
    /// # Example
    /// ```
    /// use corridor::Network;
    ///
    /// let net = Network::central_asia();
    /// let data = net.to_data();
    /// assert_eq!(data.links.len(), net.links().len());
    /// // Rebuilding from the records gives the same network.
    /// let again = Network::from_data(data.clone(), "again").unwrap();
    /// assert_eq!(again.to_data(), data);
    /// ```
    pub fn to_data(&self) -> NetworkData {
        NetworkData {
            meta: self.meta.clone(),
            sources: self.sources.clone(),
            places: (0..self.tables.places.len() as u32)
                .map(|i| self.tables.place_record(i))
                .collect(),
            links: (0..self.tables.links.len() as u32)
                .map(|i| self.tables.link_record(i))
                .collect(),
            corridors: self.corridors.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnosis and editing
// ---------------------------------------------------------------------------------------------

impl Network {
    /// Diagnoses the network with the default stretch threshold (3×).
    ///
    /// # Example
    /// ```
    /// let net = corridor::Network::central_asia();
    /// let report = net.report();
    /// assert_eq!(report.places, net.places().len());
    /// assert_eq!(report.pieces.iter().map(|p| p.places).sum::<usize>(), report.places);
    /// println!("{report}");
    /// ```
    pub fn report(&self) -> NetworkReport {
        self.diagnose(3.0)
    }

    /// The places and links as a petgraph directed graph, for connectivity studies with
    /// petgraph's algorithms (strongly connected pieces, reachability, cuts, flows).
    ///
    /// Node `i` is place `i` ([`Network::places`]`().get(i)`), with weight `i`, so the ids
    /// survive petgraph's `filter_map`. Each link gives an edge for each direction it can be
    /// travelled, weighted by the link's index ([`Network::link`]): `from -> to`, and
    /// `to -> from` too unless it is one-way ([`LinkRef::oneway`], pipelines) or a self-loop.
    /// Parallel links stay parallel edges. Every link counts whatever its status or opening
    /// year; filter with petgraph's `EdgeFiltered` and [`LinkRef::open_in`] for one year.
    ///
    /// # Complexity
    /// O(n + m) time and space; built on each call.
    ///
    /// # Example
    /// ```
    /// use petgraph::algo::has_path_connecting;
    /// use petgraph::graph::NodeIndex;
    ///
    /// let net = corridor::Network::central_asia();
    /// let g = net.place_graph();
    /// assert_eq!(g.node_count(), net.places().len());
    /// let at = |id: &str| NodeIndex::new(net.place_by_id(id).unwrap().index());
    /// // Gas flows from the Galkynysh field to China, never back: the pipelines are one-way.
    /// assert!(has_path_connecting(&g, at("galkynysh"), at("horgos_cn"), None));
    /// assert!(!has_path_connecting(&g, at("horgos_cn"), at("galkynysh"), None));
    /// ```
    pub fn place_graph(&self) -> petgraph::graph::DiGraph<u32, u32> {
        let t = &self.tables;
        connectivity::place_graph(
            t.places.len(),
            t.links.iter().map(|l| (l.from, l.to, l.oneway)),
        )
    }

    /// Diagnoses the network, flagging links at least `stretch_threshold` times longer than
    /// the straight line between their ends.
    ///
    /// # Errors
    /// [`DataError::Invalid`] when `stretch_threshold` is not a finite ratio >= 1 (NaN, 0 and
    /// -1 would flag every link or none, meaninglessly).
    pub fn report_with(&self, stretch_threshold: f64) -> Result<NetworkReport, DataError> {
        if !(stretch_threshold.is_finite() && stretch_threshold >= 1.0) {
            return Err(DataError::invalid(
                &self.source_name,
                crate::RecordRef::Operation("report"),
                "stretch_threshold",
                format!(
                    "{} is not a finite ratio >= 1 (link length over straight-line distance)",
                    crate::readable::Readable(stretch_threshold)
                ),
            ));
        }
        Ok(self.diagnose(stretch_threshold))
    }

    /// Joins pieces of the network whose nearest places are at most `max_gap_km` apart, with
    /// new links of `mode` (the straight line between the two places, length = geodesic
    /// distance, marked `"healed": true` in their properties). Returns the healed network and
    /// the links added.
    ///
    /// Gaps are closed shortest first and only between different pieces, so the result adds
    /// as few links as possible (a minimum spanning forest of the gaps). Rail links get the
    /// gauges found at their two ends.
    ///
    /// # Errors
    /// [`DataError::Invalid`] when `max_gap_km` is not finite and >= 0, or `mode` is
    /// pipeline (a healed pipeline would need a commodity).
    ///
    /// # Example
    /// ```
    /// use corridor::{Mode, Network};
    ///
    /// // Two rail lines 5 km apart.
    /// let json = r#"{"places": [
    ///   {"id": "a", "name": "A", "location": [70.0, 45.0]},
    ///   {"id": "b", "name": "B", "location": [70.5, 45.0]},
    ///   {"id": "c", "name": "C", "location": [70.564, 45.0]},
    ///   {"id": "d", "name": "D", "location": [71.0, 45.0]}],
    /// "links": [
    ///   {"id": "ab", "from": "a", "to": "b", "mode": "rail", "gauge_mm": [1520], "circuity": 1.0},
    ///   {"id": "cd", "from": "c", "to": "d", "mode": "rail", "gauge_mm": [1520], "circuity": 1.0}]}"#;
    /// let net = Network::from_json_str(json, "two.json").unwrap();
    /// assert_eq!(net.report().pieces.len(), 2);
    /// let (healed, added) = net.heal(10.0, Mode::Rail).unwrap();
    /// assert_eq!(added.len(), 1);
    /// assert_eq!((added[0].from.as_str(), added[0].to.as_str()), ("b", "c"));
    /// assert_eq!(healed.report().pieces.len(), 1);
    /// ```
    pub fn heal(&self, max_gap_km: f64, mode: Mode) -> Result<(Network, Vec<Link>), DataError> {
        self.heal_gaps(max_gap_km, mode)
    }

    /// This network plus `other` (e.g. an imported railway network), connected where they
    /// meet: each place of this network that handles transfers gets a link to the nearest
    /// place of `other` within `max_km`, of that place's mode (and gauges), so cargo can move
    /// between the two with the transfers the place allows. Returns the merged network and
    /// the connecting links (marked `"connector": true`).
    ///
    /// # Errors
    /// [`DataError::SharedId`] when the two networks share a place or link id (see
    /// [`Network::merge_resolving`]); `max_km` must be finite and >= 0.
    pub fn merge(&self, other: &Network, max_km: f64) -> Result<(Network, Vec<Link>), DataError> {
        self.merge_with(other, max_km, &IdClash::Refuse)
    }

    /// [`Network::merge`], settling ids both networks use as `clash` says: prefix or rename
    /// `other`'s, or take `other`'s places of the same id as this network's ([`IdClash`]).
    ///
    /// # Errors
    /// As [`Network::merge`]; [`DataError::Invalid`] when places to unify are more than
    /// `max_km` apart, [`DataError::SharedId`] when a prefixed id is still taken.
    pub fn merge_resolving(
        &self,
        other: &Network,
        max_km: f64,
        clash: &IdClash,
    ) -> Result<(Network, Vec<Link>), DataError> {
        self.merge_with(other, max_km, clash)
    }
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

impl Network {
    /// The network as a GeoJSON FeatureCollection (RFC 7946): every place a Point feature whose
    /// properties are its record minus `location`, every link a LineString (its
    /// [`Link::geometry`], or its two ends) whose properties are its record minus `geometry`;
    /// `meta`, `sources` and `corridors` are foreign members of the collection.
    /// [`NetworkData::from_geojson_str`] reads it back into the same records.
    ///
    /// # Example
    /// ```
    /// use corridor::{ImportOptions, Network, NetworkData};
    ///
    /// let net = Network::central_asia();
    /// let text = net.to_geojson();
    /// let back = NetworkData::from_geojson_str(&text, "export.geojson", &ImportOptions::default())?;
    /// assert_eq!(back, net.to_data());
    /// # Ok::<(), corridor::DataError>(())
    /// ```
    pub fn to_geojson(&self) -> String {
        io::geojson::write_network(self)
    }

    /// Writes every place and link as CSV that [`Network::from_csv_readers`] reads back into
    /// the same records.
    ///
    /// Places get the columns `id,lat,lon,name,country,kind,json`; links
    /// `id,from,to,length_km,mode,gauge_mm,oneway,status,year,duration_hours,speed_kmh,commodity,json`.
    /// `length_km` is the link's length when its record has one ([`LinkRef::length_km`])
    /// and empty when the length is estimated from the coordinates (the `circuity` is then in
    /// `json`). The `json` column holds, as compact JSON, whatever the other columns do not
    /// say (sources and notes of figures, transfers, borders, tariffs, corridors, geometry,
    /// properties…), and is empty when they say everything.
    ///
    /// Corridors and sources themselves are not written: a link that belongs to a corridor
    /// keeps the corridor's id in its `json`. Such files load again with
    /// [`Network::from_csv_readers`] (corridor ids and source keys without their lists are
    /// kept as they are); [`NetworkData::from_csv`] plus the original corridors and sources
    /// gives back the whole data set (as in the example).
    ///
    /// # Errors
    /// Any error of the writers.
    ///
    /// # Example
    /// ```
    /// use corridor::{Network, NetworkData};
    ///
    /// let net = Network::central_asia();
    /// let (mut places, mut links) = (Vec::new(), Vec::new());
    /// net.write_csv(&mut places, &mut links).unwrap();
    /// let text = String::from_utf8(links.clone()).unwrap();
    /// assert!(text.starts_with("id,from,to,length_km,mode,gauge_mm,"));
    ///
    /// let back = NetworkData::from_csv(
    ///     &places[..], &links[..], "places.csv", "links.csv", &Default::default(),
    /// ).unwrap();
    /// let data = net.to_data();
    /// assert_eq!(back.places, data.places);
    /// assert_eq!(back.links, data.links);
    ///
    /// let with_corridors = NetworkData { corridors: net.corridors().to_vec(), ..back };
    /// assert!(Network::from_data(with_corridors, "back").is_ok());
    /// ```
    pub fn write_csv(&self, places: impl Write, links: impl Write) -> std::io::Result<()> {
        io::csv::write(self, places, links)
    }
}

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

impl Network {
    /// The best route for `req` on this network.
    ///
    /// # Example
    /// ```
    /// use corridor::{Mode, Network, Objective, RouteRequest};
    ///
    /// let net = Network::central_asia();
    /// let route = net
    ///     .route(&RouteRequest::new("Kashgar", "Tashkent").by(Objective::Distance).modes([Mode::Road]))
    ///     .unwrap();
    /// assert!(route.path.contains(&"osh".to_string()));
    /// assert!(route.totals.distance_km > 800.0);
    /// ```
    ///
    /// # Errors
    /// See [`Planner::route`].
    pub fn route(&self, req: &RouteRequest) -> Result<Route, RouteError> {
        Planner::new(self).route(req)
    }
}

// ---------------------------------------------------------------------------------------------
// For the rest of the crate
// ---------------------------------------------------------------------------------------------

impl Network {
    /// Place `i` (an index from this network).
    #[inline]
    pub(crate) fn place_ref(&self, i: u32) -> PlaceRef<'_> {
        PlaceRef::new(&self.tables, i)
    }

    /// Link `i` (an index from this network).
    #[inline]
    pub(crate) fn link_ref(&self, i: u32) -> LinkRef<'_> {
        LinkRef::new(&self.tables, i)
    }

    /// The index of a place given by id or by a spelling of its name.
    pub(crate) fn place_index(&self, name: &str) -> Result<u32, RouteError> {
        if let Some(i) = self.tables.place_index(name) {
            return Ok(i);
        }
        let lookup = self.name_index();
        lookup
            .find(&self.tables, name)
            .ok_or_else(|| RouteError::UnknownPlace {
                name: name.to_string(),
                suggestions: lookup
                    .closest(&self.tables, name, 3)
                    .into_iter()
                    .map(|i| self.place_ref(i).name().to_string())
                    .collect(),
            })
    }

    /// The index of the names people type, built on first use.
    fn name_index(&self) -> &lookup::NameIndex {
        self.lookup
            .get_or_init(|| lookup::NameIndex::new(&self.tables))
    }

    /// How many places have no country, and the first of them (if any).
    pub(crate) fn countryless(&self) -> (u32, Option<PlaceRef<'_>>) {
        let (n, first) = self.countryless;
        (n, (n > 0).then(|| self.place_ref(first)))
    }

    /// The country of place `i`, as its two letters (`[0, 0]` when unknown).
    #[inline]
    pub(crate) fn country_code(&self, i: u32) -> [u8; 2] {
        self.tables.places[i as usize].country
    }

    /// Prepared price of link `link`.
    #[inline]
    pub(crate) fn price(&self, link: u32) -> &LinkPrice {
        self.prices.link(link)
    }

    /// Whether some link has a timetable.
    pub(crate) fn has_timetables(&self) -> bool {
        self.prices.timetables
    }

    /// The border crossed on link `link` in this direction, if any.
    #[inline]
    pub(crate) fn border(&self, link: u32, forward: bool) -> Option<&BorderPrice> {
        self.prices.border(link, forward)
    }

    /// Straight-line distance through the Earth between two places, km (≤ great-circle).
    #[inline]
    pub(crate) fn chord_km(&self, a: u32, b: u32) -> f64 {
        crate::geometry::chord_km(&self.xyz[a as usize], &self.xyz[b as usize])
    }

    pub(crate) fn search_graph(&self) -> &SearchGraph {
        &self.search
    }

    /// Place indices of link `link`'s ends, in travel order.
    #[inline]
    pub(crate) fn link_ends(&self, link: u32, forward: bool) -> (u32, u32) {
        let row = &self.tables.links[link as usize];
        if forward {
            (row.from, row.to)
        } else {
            (row.to, row.from)
        }
    }

    pub(crate) fn corridor_ix(&self, id: &str) -> Option<u32> {
        self.corridor_ix.get(id).copied()
    }
}
