//! CSV import and export: a place file and a link file, one record a line. The formats are
//! documented on [`Network::from_csv_readers`] and [`Network::write_csv`].

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use ::csv::{ErrorKind, ReaderBuilder, StringRecord, WriterBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::DataError;
use crate::io::ImportOptions;
use crate::model::{
    Commodity, Gauge, Link, Milestone, MilestoneKind, Mode, NetworkData, Place, PlaceKind, Sourced,
    Status, Tariff,
};
use crate::Network;

/// Provenance of every figure read from a CSV file.
const SOURCE: &str = "imported";

/// Place file columns, by position in [`PLACE_COLUMNS`].
mod pc {
    pub const ID: usize = 0;
    pub const LAT: usize = 1;
    pub const LON: usize = 2;
    pub const NAME: usize = 3;
    pub const COUNTRY: usize = 4;
    pub const KIND: usize = 5;
    pub const JSON: usize = 6;
}
/// The place file's known columns; the first three are required. Also the export's columns.
const PLACE_COLUMNS: [&str; 7] = ["id", "lat", "lon", "name", "country", "kind", "json"];
const PLACE_REQUIRED: [usize; 3] = [pc::ID, pc::LAT, pc::LON];

/// Link file columns, by position in [`LINK_COLUMNS`].
mod lc {
    pub const ID: usize = 0;
    pub const FROM: usize = 1;
    pub const TO: usize = 2;
    pub const LENGTH: usize = 3;
    pub const MODE: usize = 4;
    pub const GAUGE: usize = 5;
    pub const ONEWAY: usize = 6;
    pub const STATUS: usize = 7;
    pub const YEAR: usize = 8;
    pub const DURATION: usize = 9;
    pub const SPEED: usize = 10;
    pub const COMMODITY: usize = 11;
    pub const JSON: usize = 12;
    pub const NAME: usize = 13;
    pub const COST: usize = 14;
}
/// The link file's known columns; the export writes the first [`LINK_EXPORT`].
const LINK_COLUMNS: [&str; 15] = [
    "id",
    "from",
    "to",
    "length_km",
    "mode",
    "gauge_mm",
    "oneway",
    "status",
    "year",
    "duration_hours",
    "speed_kmh",
    "commodity",
    "json",
    "name",
    "cost_per_tkm",
];
const LINK_REQUIRED: [usize; 3] = [lc::FROM, lc::TO, lc::LENGTH];
const LINK_EXPORT: usize = 13;

const KINDS: [PlaceKind; 8] = [
    PlaceKind::City,
    PlaceKind::BorderCrossing,
    PlaceKind::Seaport,
    PlaceKind::DryPort,
    PlaceKind::Terminal,
    PlaceKind::GasField,
    PlaceKind::PipelineTerminal,
    PlaceKind::Junction,
];

impl NetworkData {
    /// Reads a network from a place file and a link file in CSV (see the column tables in
    /// the [`Network::from_csv_readers`] documentation), without validating it as a whole:
    /// each record is checked as it is read, and every link end must be a place of the place
    /// file. `places_name` and `links_name` name the inputs in error messages.
    ///
    /// Both inputs are streamed record by record.
    ///
    /// # Errors
    /// [`DataError::Invalid`] naming the file, the record (`line N`, the header being line 1,
    /// or `header`) and the field; [`DataError::DuplicateId`] for a repeated place or link id;
    /// [`DataError::Io`] when an input cannot be read.
    ///
    /// # Example
    /// ```
    /// use corridor::{model::NetworkData, ImportOptions};
    ///
    /// let places = "id,lat,lon,name,operator\n\
    ///               a,43.25,76.95,Almaty,KTZ\n\
    ///               b,43.85,77.06,,\n";
    /// let links = "from,to,length_km\na,b,82.5\n";
    /// let data = NetworkData::from_csv(
    ///     places.as_bytes(), links.as_bytes(), "places.csv", "links.csv",
    ///     &ImportOptions::default(),
    /// ).unwrap();
    /// assert_eq!(data.places[1].name, "b"); // no name: the id
    /// assert_eq!(data.places[0].properties["operator"], "KTZ"); // extra columns are kept
    /// assert_eq!(data.links[0].id, "l0");
    /// assert_eq!(data.links[0].length_km.as_ref().unwrap().value, 82.5);
    /// ```
    pub fn from_csv(
        places: impl Read,
        links: impl Read,
        places_name: &str,
        links_name: &str,
        opts: &ImportOptions,
    ) -> Result<NetworkData, DataError> {
        read(places, links, places_name, links_name, opts).map(|(data, _)| data)
    }
}

impl Network {
    /// Reads and validates a network from a place file and a link file in CSV.
    /// `places_name` and `links_name` name the inputs in error messages; the network's
    /// [`source_name`](Network::source_name) is `"{places_name} + {links_name}"`.
    ///
    /// Both files need a header row; columns come in any order, their names matched without
    /// regard to case. Inputs are streamed record by record (wrap a compressed file in a
    /// decoder such as `flate2::read::GzDecoder`): the world railway network of
    /// `data/osm/osm_railways_world.*.csv.gz` (274,974 places, 328,750 links), decompressed,
    /// loads and validates in about 4 s in a release build.
    ///
    /// # The place file
    ///
    /// | column | | becomes |
    /// | --- | --- | --- |
    /// | `id` | required | [`Place::id`], as given (surrounding spaces ignored) |
    /// | `lat`, `lon` | required | [`Place::location`], degrees (WGS 84) |
    /// | `name` | optional | [`Place::name`]; default: the id |
    /// | `country` | optional | [`Place::country`]: ISO 3166-1 alpha-2, empty when unknown |
    /// | `kind` | optional | [`Place::kind`]: `city`, `border_crossing`, `seaport`, `dry_port`, `terminal`, `gas_field`, `pipeline_terminal` or `junction` (the default) |
    /// | `json` | optional | the rest of the record, see below |
    /// | anything else | | [`Place::properties`], as strings |
    ///
    /// Coordinates of imported places have the provenance tag `imported`
    /// ([`Place::coord_source`]).
    ///
    /// # The link file
    ///
    /// | column | | becomes |
    /// | --- | --- | --- |
    /// | `from`, `to` | required | ids of places of the place file |
    /// | `length_km` | required | [`Link::length_km`], km along the line, source `imported`; may be empty only when the `json` column gives `circuity` |
    /// | `id` | optional | [`Link::id`]; default (also for an empty value): `l{N}`, N the 0-based data row |
    /// | `mode` | optional | `rail`, `road`, `sea` or `pipeline`; default [`ImportOptions::default_mode`] |
    /// | `gauge_mm` | optional | rail gauges, e.g. `1435` or `1435;1520`; default [`ImportOptions::default_gauge_mm`] for rail links |
    /// | `commodity` | optional | what a pipeline carries: `natural-gas`, `crude-oil` or `oil-products` (required for pipelines) |
    /// | `oneway` | optional | `true`/`false`, `1`/`0`, `yes`/`no`; default false |
    /// | `status` | optional | `operational` (default), `under_construction` or `planned` |
    /// | `year` | optional | year the link opened (operational) or is expected to open (otherwise) |
    /// | `duration_hours` | optional | [`Link::transit_hours`] |
    /// | `speed_kmh` | optional | [`Link::speed_kmh`] |
    /// | `cost_per_tkm` | optional | [`Tariff::usd_per_tonne_km`] |
    /// | `name` | optional | [`Link::name`] |
    /// | `json` | optional | the rest of the record, see below |
    /// | anything else | | [`Link::properties`], as strings (e.g. `corridor`: a CSV file has no corridors) |
    ///
    /// An empty value is no value: the default applies, and an empty cell of an extra column adds
    /// no property. Every record that cannot be used is an error naming the file, the line (the
    /// header is line 1) and the field; nothing is skipped.
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
    /// validation, is a [`DataError::Invalid`] naming the file, the line (the header is
    /// line 1; `header` for a missing column or an empty file) and the field, and saying what
    /// is accepted: a missing required value, something that is not a (finite) number, a
    /// negative length, a latitude or longitude out of range, a link end that is no place's
    /// id, an unknown mode, kind, status, commodity or yes/no value, a record with the wrong
    /// number of fields. A repeated place or link id is a [`DataError::DuplicateId`];
    /// an unreadable input a [`DataError::Io`].
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
        let (data, lines) = read(places, links, places_name, links_name, opts)?;
        let name = format!("{places_name} + {links_name}");
        Network::from_data(data, &name).map_err(|e| lines.locate(e, places_name, links_name))
    }

    /// Reads and validates a network from a place file and a link file in CSV, as
    /// [`Network::from_csv_readers`] does; the paths name the files in error messages.
    ///
    /// # Errors
    /// As [`Network::from_csv_readers`]; [`DataError::Io`] when a file cannot be opened.
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
        let open = |path: &Path| {
            let name = path.display().to_string();
            std::fs::File::open(path)
                .map(|f| (f, name.clone()))
                .map_err(|source| DataError::Io { file: name, source })
        };
        let (p, p_name) = open(places.as_ref())?;
        let (l, l_name) = open(links.as_ref())?;
        Network::from_csv_readers(p, l, &p_name, &l_name, opts)
    }

    /// Writes every place and link as CSV that [`Network::from_csv_readers`] reads back into
    /// the same records.
    ///
    /// Places get the columns `id,lat,lon,name,country,kind,json`; links
    /// `id,from,to,length_km,mode,gauge_mm,oneway,status,year,duration_hours,speed_kmh,commodity,json`.
    /// `length_km` is the link's length when its record has one ([`Network::link_length_km`])
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
    /// use corridor::{model::NetworkData, Network};
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
    /// assert_eq!(back.places, net.data().places);
    /// assert_eq!(back.links, net.data().links);
    ///
    /// let with_corridors = NetworkData { corridors: net.corridors().to_vec(), ..back };
    /// assert!(Network::from_data(with_corridors, "back").is_ok());
    /// ```
    pub fn write_csv(&self, places: impl Write, links: impl Write) -> std::io::Result<()> {
        let invalid = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidData, what);

        let mut w = WriterBuilder::new().from_writer(places);
        w.write_record(PLACE_COLUMNS)?;
        let layout = Layout::fixed(PLACE_COLUMNS.len());
        for p in self.places() {
            let mut cols: Vec<String> = vec![
                p.id.clone(),
                num(p.lat()),
                num(p.lon()),
                p.name.clone(),
                p.country.clone(),
                p.kind.as_str().to_string(),
            ];
            let rec = StringRecord::from(cols.clone());
            let base = place_from_row(&Row::new(&rec, &layout))
                .map_err(|b| invalid(format!("place {}: {}: {}", p.id, b.field, b.problem)))?;
            cols.push(
                patch_for(&base, p).ok_or_else(|| {
                    invalid(format!("place {}: cannot be written losslessly", p.id))
                })?,
            );
            w.write_record(&cols)?;
        }
        w.flush()?;

        let mut w = WriterBuilder::new().from_writer(links);
        w.write_record(&LINK_COLUMNS[..LINK_EXPORT])?;
        let layout = Layout::fixed(LINK_EXPORT);
        let opts = ImportOptions::default();
        for (i, l) in self.links().iter().enumerate() {
            let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
            let mut cols: Vec<String> = vec![
                l.id.clone(),
                l.from.clone(),
                l.to.clone(),
                opt(l.length_km.as_ref().map(|_| self.link_length_km(i))),
                l.mode.as_str().to_string(),
                l.gauges
                    .iter()
                    .map(|g| g.mm().to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
                l.oneway.to_string(),
                status_str(l.status).to_string(),
                l.year
                    .as_ref()
                    .map(|m| m.year.to_string())
                    .unwrap_or_default(),
                opt(l.transit_hours.as_ref().map(|s| s.value)),
                opt(l.speed_kmh.as_ref().map(|s| s.value)),
                l.commodity
                    .map(commodity_str)
                    .unwrap_or_default()
                    .to_string(),
            ];
            let rec = StringRecord::from(cols.clone());
            let base = link_from_row(&Row::new(&rec, &layout), i, &opts)
                .map_err(|b| invalid(format!("link {}: {}: {}", l.id, b.field, b.problem)))?;
            cols.push(
                patch_for(&base, l).ok_or_else(|| {
                    invalid(format!("link {}: cannot be written losslessly", l.id))
                })?,
            );
            w.write_record(&cols)?;
        }
        w.flush()?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Where each record came from, to turn validation errors into file and line.
struct Lines {
    place_ix: HashMap<String, u32>,
    place_line: Vec<u64>,
    link_ix: HashMap<String, u32>,
    link_line: Vec<u64>,
}

impl Lines {
    /// Points an error of [`Network::from_data`] at the file and line of its record.
    fn locate(&self, err: DataError, places_name: &str, links_name: &str) -> DataError {
        match err {
            DataError::Invalid {
                file,
                record,
                field,
                problem,
            } => {
                let found = if let Some(r) = record.strip_prefix("place ") {
                    line_of(r, &self.place_ix, &self.place_line).map(|n| (places_name, n))
                } else if let Some(r) = record.strip_prefix("link ") {
                    line_of(r, &self.link_ix, &self.link_line).map(|n| (links_name, n))
                } else {
                    None
                };
                match found {
                    Some((file, line)) => DataError::Invalid {
                        file: file.to_string(),
                        record: format!("line {line}"),
                        field,
                        problem,
                    },
                    None => DataError::Invalid {
                        file,
                        record,
                        field,
                        problem,
                    },
                }
            }
            DataError::DuplicateId { kind, id, .. } if kind == "place" || kind == "link" => {
                DataError::DuplicateId {
                    file: if kind == "place" {
                        places_name
                    } else {
                        links_name
                    }
                    .to_string(),
                    kind,
                    id,
                }
            }
            other => other,
        }
    }
}

/// The line of record `r` (an id, or `#index` when the id is empty).
fn line_of(r: &str, ix: &HashMap<String, u32>, lines: &[u64]) -> Option<u64> {
    let i = match ix.get(r) {
        Some(&i) => i as usize,
        None => r.strip_prefix('#')?.parse().ok()?,
    };
    lines.get(i).copied()
}

fn read(
    places: impl Read,
    links: impl Read,
    places_name: &str,
    links_name: &str,
    opts: &ImportOptions,
) -> Result<(NetworkData, Lines), DataError> {
    let mut data = NetworkData::default();
    let mut lines = Lines {
        place_ix: HashMap::new(),
        place_line: Vec::new(),
        link_ix: HashMap::new(),
        link_line: Vec::new(),
    };

    let mut file = CsvFile::open(places, places_name, &PLACE_COLUMNS, &PLACE_REQUIRED)?;
    let mut rec = StringRecord::new();
    while let Some(line) = file.next(&mut rec)? {
        let row = Row::new(&rec, &file.layout);
        let place = place_from_row(&row)
            .and_then(|p| with_json(p, row.raw(pc::JSON)))
            .map_err(|b| b.at(places_name, line))?;
        let i = data.places.len() as u32;
        if lines.place_ix.insert(place.id.clone(), i).is_some() {
            return Err(DataError::DuplicateId {
                file: places_name.to_string(),
                kind: "place",
                id: place.id,
            });
        }
        data.places.push(place);
        lines.place_line.push(line);
    }

    let mut file = CsvFile::open(links, links_name, &LINK_COLUMNS, &LINK_REQUIRED)?;
    while let Some(line) = file.next(&mut rec)? {
        let row = Row::new(&rec, &file.layout);
        let index = data.links.len();
        let link = link_from_row(&row, index, opts)
            .and_then(|l| with_json(l, row.raw(lc::JSON)))
            .and_then(|l| check_link(l, &lines.place_ix, places_name))
            .map_err(|b| b.at(links_name, line))?;
        if lines
            .link_ix
            .insert(link.id.clone(), index as u32)
            .is_some()
        {
            return Err(DataError::DuplicateId {
                file: links_name.to_string(),
                kind: "link",
                id: link.id,
            });
        }
        data.links.push(link);
        lines.link_line.push(line);
    }
    Ok((data, lines))
}

/// An open CSV input with its header understood.
struct CsvFile<'a, R> {
    reader: ::csv::Reader<R>,
    name: &'a str,
    layout: Layout,
}

/// Where the known columns are, and the other columns with their names.
struct Layout {
    cols: Vec<Option<usize>>,
    extra: Vec<(usize, String)>,
    header: Vec<String>,
}

impl Layout {
    /// The export's layout: known column `i` at position `i`, no `json`.
    fn fixed(n: usize) -> Layout {
        Layout {
            cols: (0..n).map(Some).collect(),
            extra: Vec::new(),
            header: Vec::new(),
        }
    }
}

impl<'a, R: Read> CsvFile<'a, R> {
    fn open(
        input: R,
        name: &'a str,
        known: &[&str],
        required: &[usize],
    ) -> Result<Self, DataError> {
        let mut reader = ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .buffer_capacity(1 << 16)
            .from_reader(input);
        let header_err = |field: &str, problem: String| DataError::Invalid {
            file: name.to_string(),
            record: "header".into(),
            field: field.to_string(),
            problem,
        };
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h
                .iter()
                .enumerate()
                // A UTF-8 byte order mark is not part of the first column's name.
                .map(|(i, s)| {
                    if i == 0 {
                        s.trim_start_matches('\u{feff}')
                    } else {
                        s
                    }
                })
                .map(|s| s.trim().to_string())
                .collect(),
            Err(e) => return Err(csv_error(e, name, &[])),
        };
        let wanted = required
            .iter()
            .map(|&c| known[c])
            .collect::<Vec<_>>()
            .join(",");
        if header.iter().all(String::is_empty) {
            return Err(header_err(
                known[required[0]],
                format!("the file is empty: expected a header row naming the columns, at least `{wanted}`"),
            ));
        }
        let mut layout = Layout {
            cols: vec![None; known.len()],
            extra: Vec::new(),
            header: header.clone(),
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                return Err(header_err(
                    &format!("column {}", i + 1),
                    "has no name: name every column in the header row".into(),
                ));
            }
            let key = h.to_ascii_lowercase();
            if let Some(first) = seen.insert(key.clone(), i) {
                return Err(header_err(
                    h,
                    format!(
                        "appears twice (columns {} and {}): column names must be unique",
                        first + 1,
                        i + 1
                    ),
                ));
            }
            match known.iter().position(|k| *k == key) {
                Some(c) => layout.cols[c] = Some(i),
                None => layout.extra.push((i, h.clone())),
            }
        }
        if let Some(&c) = required.iter().find(|&&c| layout.cols[c].is_none()) {
            return Err(header_err(
                known[c],
                format!(
                    "missing column: the header row must name at least `{wanted}` (separated by commas); it has `{}`",
                    header.join(",")
                ),
            ));
        }
        Ok(CsvFile {
            reader,
            name,
            layout,
        })
    }

    /// Reads the next record into `rec`; returns its line, or `None` at the end.
    fn next(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, DataError> {
        match self.reader.read_record(rec) {
            Ok(true) => Ok(Some(rec.position().map_or(0, |p| p.line()))),
            Ok(false) => Ok(None),
            Err(e) => Err(csv_error(e, self.name, &self.layout.header)),
        }
    }
}

/// A reader error as a [`DataError`].
fn csv_error(e: ::csv::Error, file: &str, header: &[String]) -> DataError {
    let line = e.position().map(|p| p.line());
    let invalid = |field: String, problem: String| DataError::Invalid {
        file: file.to_string(),
        record: match line {
            Some(n) => format!("line {n}"),
            None => "header".to_string(),
        },
        field,
        problem,
    };
    let column = |i: usize| {
        header
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("column {}", i + 1))
    };
    match e.into_kind() {
        ErrorKind::Io(source) => DataError::Io {
            file: file.to_string(),
            source,
        },
        ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            // Fewer fields: the first one missing; more: the first one too many.
            let field = column(len.min(expected_len) as usize);
            invalid(
                field,
                format!(
                    "the record has {len} fields, the header has {expected_len} (a value with a comma must be quoted)"
                ),
            )
        }
        ErrorKind::Utf8 { err, .. } => {
            invalid(column(err.field()), "is not valid UTF-8 text".into())
        }
        other => invalid("-".into(), format!("{other:?}")),
    }
}

/// One record, its values looked up by known column.
struct Row<'a> {
    rec: &'a StringRecord,
    layout: &'a Layout,
}

impl<'a> Row<'a> {
    fn new(rec: &'a StringRecord, layout: &'a Layout) -> Self {
        Row { rec, layout }
    }

    /// The value as written; empty when the column is absent.
    fn raw(&self, c: usize) -> &'a str {
        self.layout
            .cols
            .get(c)
            .copied()
            .flatten()
            .and_then(|i| self.rec.get(i))
            .unwrap_or("")
    }

    /// The value without surrounding spaces.
    fn val(&self, c: usize) -> &'a str {
        self.raw(c).trim()
    }

    /// The non-empty values of the other columns, as string properties.
    fn properties(&self) -> Map<String, Value> {
        self.layout
            .extra
            .iter()
            .filter_map(|(i, key)| {
                let v = self.rec.get(*i)?;
                (!v.trim().is_empty()).then(|| (key.clone(), Value::String(v.to_string())))
            })
            .collect()
    }
}

/// What is wrong with one field of a record.
struct Bad {
    field: &'static str,
    problem: String,
}

impl Bad {
    fn new(field: &'static str, problem: impl Into<String>) -> Bad {
        Bad {
            field,
            problem: problem.into(),
        }
    }

    fn at(self, file: &str, line: u64) -> DataError {
        DataError::Invalid {
            file: file.to_string(),
            record: format!("line {line}"),
            field: self.field.to_string(),
            problem: self.problem,
        }
    }
}

fn required<'a>(v: &'a str, field: &'static str, what: &str) -> Result<&'a str, Bad> {
    if v.is_empty() {
        Err(Bad::new(
            field,
            format!("missing value: {what} is required"),
        ))
    } else {
        Ok(v)
    }
}

/// A finite number, or `None` for an empty value.
fn number(v: &str, field: &'static str) -> Result<Option<f64>, Bad> {
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        Ok(_) => Err(Bad::new(
            field,
            format!("`{v}` is not a finite number (expected e.g. 12.5)"),
        )),
        Err(_) => Err(Bad::new(
            field,
            format!("`{v}` is not a number (expected e.g. 12.5, with a decimal point)"),
        )),
    }
}

/// A finite number that is at least 0 (or above 0 when `positive`), or `None` when empty.
fn amount(v: &str, field: &'static str, unit: &str, positive: bool) -> Result<Option<f64>, Bad> {
    match number(v, field)? {
        Some(x) if x < 0.0 && !positive => Err(Bad::new(
            field,
            format!("`{v}` is negative: expected {unit}, 0 or more"),
        )),
        Some(x) if x <= 0.0 && positive => Err(Bad::new(
            field,
            format!("`{v}` is not above 0: expected {unit} above 0"),
        )),
        x => Ok(x),
    }
}

fn coordinate(v: &str, field: &'static str, what: &str, max: f64) -> Result<f64, Bad> {
    let x = number(required(v, field, what)?, field)?.unwrap_or_default();
    if (-max..=max).contains(&x) {
        Ok(x)
    } else {
        Err(Bad::new(
            field,
            format!("`{v}` is out of range: {what} must be within -{max} to {max} degrees"),
        ))
    }
}

/// Lowercase, with spaces and hyphens as underscores.
fn keyword(v: &str) -> String {
    v.to_ascii_lowercase().replace([' ', '-'], "_")
}

fn place_from_row(row: &Row) -> Result<Place, Bad> {
    let id = required(row.val(pc::ID), "id", "the place's id")?;
    let lat = coordinate(row.val(pc::LAT), "lat", "the latitude", 90.0)?;
    let lon = coordinate(row.val(pc::LON), "lon", "the longitude", 180.0)?;
    let name = match row.raw(pc::NAME) {
        n if n.trim().is_empty() => id,
        n => n,
    };
    let mut place = Place::new(id, name, lon, lat);
    let country = row.val(pc::COUNTRY);
    if !country.is_empty() {
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(Bad::new(
                "country",
                format!("`{country}` is not an ISO 3166-1 alpha-2 country code (two letters, e.g. KZ; leave it empty when unknown)"),
            ));
        }
        place.country = country.to_ascii_uppercase();
    }
    let kind = row.val(pc::KIND);
    if !kind.is_empty() {
        let k = keyword(kind);
        place.kind = KINDS.into_iter().find(|x| x.as_str() == k).ok_or_else(|| {
            Bad::new(
                "kind",
                format!(
                    "`{kind}` is not a kind of place (expected one of {})",
                    KINDS.map(PlaceKind::as_str).join(", ")
                ),
            )
        })?;
    }
    place.coord_source = SOURCE.to_string();
    place.properties = row.properties();
    Ok(place)
}

fn link_from_row(row: &Row, index: usize, opts: &ImportOptions) -> Result<Link, Bad> {
    let from = required(
        row.val(lc::FROM),
        "from",
        "the id of the place the link starts at",
    )?;
    let to = required(
        row.val(lc::TO),
        "to",
        "the id of the place the link ends at",
    )?;
    let id = match row.val(lc::ID) {
        "" => format!("l{index}"),
        id => id.to_string(),
    };
    let length = amount(row.val(lc::LENGTH), "length_km", "a length in km", false)?;
    let mode = match row.val(lc::MODE) {
        "" => opts.default_mode,
        m => m.parse::<Mode>().map_err(|_| {
            Bad::new(
                "mode",
                format!("`{m}` is not a mode (expected rail, road, sea or pipeline)"),
            )
        })?,
    };
    let mut link = match length {
        Some(km) => Link::new(id, from, to, mode, Sourced::new(km, SOURCE)),
        None => Link {
            length_km: None,
            ..Link::new(id, from, to, mode, Sourced::new(0.0, String::new()))
        },
    };

    let gauges = row.val(lc::GAUGE);
    if !gauges.is_empty() {
        for g in gauges.split([';', ',']) {
            let g = g.trim();
            let mm = g
                .parse::<u16>()
                .ok()
                .filter(|mm| (500..=2000).contains(mm))
                .ok_or_else(|| {
                    Bad::new(
                        "gauge_mm",
                        format!("`{g}` is not a railway gauge in mm (expected 500 to 2000, e.g. 1435 or 1520; two gauges as 1435;1520)"),
                    )
                })?;
            link.gauges.push(Gauge::from(mm));
        }
    } else if mode == Mode::Rail {
        link.gauges.push(Gauge::from(opts.default_gauge_mm));
    }

    let commodity = row.val(lc::COMMODITY);
    if !commodity.is_empty() {
        link.commodity = Some(match keyword(commodity).as_str() {
            "natural_gas" | "gas" => Commodity::NaturalGas,
            "crude_oil" | "crude" | "oil" => Commodity::CrudeOil,
            "oil_products" | "products" => Commodity::OilProducts,
            _ => {
                return Err(Bad::new(
                    "commodity",
                    format!("`{commodity}` is not a pipeline commodity (expected natural-gas, crude-oil or oil-products)"),
                ))
            }
        });
    }

    let oneway = row.val(lc::ONEWAY);
    if !oneway.is_empty() {
        link.oneway = match oneway.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => true,
            "false" | "0" | "no" => false,
            _ => {
                return Err(Bad::new(
                    "oneway",
                    format!(
                        "`{oneway}` is not a yes/no value (expected true, false, 1, 0, yes or no)"
                    ),
                ))
            }
        };
    }

    let status = row.val(lc::STATUS);
    if !status.is_empty() {
        link.status = match keyword(status).as_str() {
            "operational" => Status::Operational,
            "under_construction" => Status::UnderConstruction,
            "planned" => Status::Planned,
            _ => {
                return Err(Bad::new(
                    "status",
                    format!("`{status}` is not a status (expected operational, under_construction or planned)"),
                ))
            }
        };
    }

    let year = row.val(lc::YEAR);
    if !year.is_empty() {
        let y = year.parse::<i32>().map_err(|_| {
            Bad::new(
                "year",
                format!("`{year}` is not a year (expected a whole number, e.g. 2027)"),
            )
        })?;
        link.year = Some(Milestone {
            year: y,
            event: if link.status == Status::Operational {
                MilestoneKind::Opened
            } else {
                MilestoneKind::ExpectedOpening
            },
            source: SOURCE.to_string(),
            note: None,
        });
    }

    let sourced = |v: Option<f64>| v.map(|v| Sourced::new(v, SOURCE));
    link.transit_hours = sourced(amount(
        row.val(lc::DURATION),
        "duration_hours",
        "a time in hours",
        false,
    )?);
    link.speed_kmh = sourced(amount(
        row.val(lc::SPEED),
        "speed_kmh",
        "a speed in km/h",
        true,
    )?);
    if let Some(rate) = amount(row.val(lc::COST), "cost_per_tkm", "USD per tonne-km", false)? {
        link.tariff = Some(Tariff {
            usd_per_tonne_km: Some(rate),
            source: SOURCE.to_string(),
            ..Tariff::default()
        });
    }
    link.name = row.raw(lc::NAME).to_string();
    link.properties = row.properties();
    Ok(link)
}

/// The checks that need the whole link (after its `json`) or the place file.
fn check_link(l: Link, places: &HashMap<String, u32>, places_name: &str) -> Result<Link, Bad> {
    for (field, id) in [("from", &l.from), ("to", &l.to)] {
        if !places.contains_key(id) {
            return Err(Bad::new(
                field,
                format!("no place has the id `{id}` in {places_name}"),
            ));
        }
    }
    // A link from a place to itself is kept, as in every format: `Network::report` lists it.
    match (l.mode, l.gauges.is_empty()) {
        (Mode::Rail, true) => return Err(Bad::new("gauge_mm", "a rail link needs a gauge")),
        (Mode::Rail, false) | (_, true) => {}
        (m, false) => {
            return Err(Bad::new(
                "gauge_mm",
                format!("a {m} link has no gauge: leave gauge_mm empty"),
            ))
        }
    }
    match (l.mode, l.commodity) {
        (Mode::Pipeline, None) => {
            return Err(Bad::new(
                "commodity",
                "a pipeline needs its commodity: natural-gas, crude-oil or oil-products",
            ))
        }
        (Mode::Pipeline, Some(_)) | (_, None) => {}
        (m, Some(c)) => {
            return Err(Bad::new(
                "commodity",
                format!("only pipelines carry a commodity; this {m} link says {c}"),
            ))
        }
    }
    if l.length_km.is_none() && l.circuity.is_none() {
        return Err(Bad::new(
            "length_km",
            "missing value: the length in km is required (or `circuity` in the json column, to estimate it from the coordinates)",
        ));
    }
    Ok(l)
}

// ---------------------------------------------------------------------------------------------
// The `json` column
// ---------------------------------------------------------------------------------------------

/// `record` with the `json` column's fields applied.
fn with_json<T: Serialize + DeserializeOwned>(record: T, json: &str) -> Result<T, Bad> {
    if json.trim().is_empty() {
        return Ok(record);
    }
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
    let mut fields = to_object(&record);
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
fn patch_for<T: Serialize>(base: &T, record: &T) -> Option<String> {
    let (base, full) = (to_object(base), to_object(record));
    if base == full {
        return Some(String::new());
    }
    let patch = diff(&base, &full);
    let mut check = base;
    apply(&mut check, patch.clone());
    (check == full).then(|| Value::Object(patch).to_string())
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// A number in the shortest form that reads back as the same `f64`.
fn num(x: f64) -> String {
    x.to_string()
}

fn status_str(s: Status) -> &'static str {
    match s {
        Status::Operational => "operational",
        Status::UnderConstruction => "under_construction",
        Status::Planned => "planned",
    }
}

fn commodity_str(c: Commodity) -> &'static str {
    match c {
        Commodity::NaturalGas => "natural-gas",
        Commodity::CrudeOil => "crude-oil",
        Commodity::OilProducts => "oil-products",
    }
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
