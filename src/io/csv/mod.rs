//! CSV import and export: a place file and a link file, one record a line. The columns are
//! documented on [`Network::from_csv_readers`] and [`Network::write_csv`].
//!
//! Rooms: `reader` (CSV text, header, rows), `records` (columns and row → record), `patch`
//! (the lossless `json` column), `write` (export).

mod patch;
mod reader;
mod records;
mod write;

use std::io::Read;
use std::path::Path;

use ::csv::StringRecord;

pub(crate) use write::write;

use crate::error::{DataError, RecordRef};
use crate::io::{fields, open_file, ImportOptions, Input};
use crate::model::{Link, Mode, NetworkData, Place, Sourced};
use crate::network::validate::Findings;
use crate::network::Builder;
use crate::Network;

use reader::{CsvFile, Row};
use records::{lc, pc, LINK_COLUMNS, LINK_REQUIRED, PLACE_COLUMNS, PLACE_REQUIRED};

impl NetworkData {
    /// Reads a network from a place file and a link file in CSV (see the column tables in
    /// the [`Network::from_csv_readers`] documentation) into records, checking each record
    /// as [`Network::from_csv_readers`] does (every link end must be a place of the place
    /// file) but building no network. `places_name` and `links_name` name the inputs in
    /// error messages.
    ///
    /// # Errors
    /// As [`Network::from_csv_readers`].
    ///
    /// # Example
    /// ```
    /// use corridor::{NetworkData, ImportOptions};
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
        let mut findings = Findings::first();
        let (places, links) = (Input::of(places, places_name), Input::of(links, links_name));
        read(places, links, opts, &mut findings)
            .and_then(Builder::into_records)
            .map_err(|mut problems| problems.swap_remove(0))
    }
}

/// Reads the place file and the link file at these paths (gzip or not) into a network; the
/// problems found (the first, or all).
pub(crate) fn read_files(
    places: &Path,
    links: &Path,
    opts: &ImportOptions,
    findings: &mut Findings,
) -> Result<Network, Vec<DataError>> {
    let p = open_file(places).map_err(|e| vec![e])?;
    let l = open_file(links).map_err(|e| vec![e])?;
    read_network(p, l, opts, findings)
}

/// Reads both inputs into a network; the problems found (the first, or all). The inputs'
/// sizes, when known, make room for their records at once.
pub(crate) fn read_network(
    places: Input,
    links: Input,
    opts: &ImportOptions,
    findings: &mut Findings,
) -> Result<Network, Vec<DataError>> {
    read(places, links, opts, findings)?.finish()
}

/// Streams both files, record by record, into a builder.
fn read(
    places: Input,
    links: Input,
    opts: &ImportOptions,
    findings: &mut Findings,
) -> Result<Builder, Vec<DataError>> {
    let (places_name, links_name) = (places.name.as_str(), links.name.as_str());
    let sizes = (places.size, links.size);
    let (places, links) = (places.reader, links.reader);
    let name = format!("{places_name} + {links_name}");
    let fail = |e: DataError| vec![e];
    opts.check(&name).map_err(fail)?;
    let (b, problems) = Builder::new(&name, Default::default(), Vec::new(), Vec::new());
    debug_assert!(problems.is_empty(), "no sources, no corridors");
    let mut b = b.read_from(places_name, links_name).filling(opts);
    // A record takes at least about 16 bytes (`id,lat,lon` of a short id; `from,to,km`):
    // room for that many at most, without growing the tables as they fill.
    let rows = |bytes: Option<u64>| bytes.map_or(0, |b| usize::try_from(b / 16).unwrap_or(0));
    b.reserve(rows(sizes.0), rows(sizes.1));

    let mut file =
        CsvFile::open(places, places_name, &PLACE_COLUMNS, &PLACE_REQUIRED).map_err(fail)?;
    let mut rec = StringRecord::new();
    // One record for every row: its strings are reused.
    let mut place = Place::new("", "", 0.0, 0.0);
    let mut link = Link::new("", "", "", Mode::Rail, Sourced::new(0.0, ""));
    // A record's problems, at its file and line (a record field renamed to its column).
    let at =
        |e: DataError, file: &str, line: u64, column: &dyn Fn(&str) -> Option<&'static str>| {
            e.relocate(|f, r, field| {
                *f = file.to_string();
                *r = RecordRef::Line(line);
                if let Some(c) = column(field) {
                    *field = c.to_string();
                }
            })
        };
    while let Some(line) = file.next_line(&mut rec, findings)? {
        let row = Row::new(&rec, &file.layout);
        let read = records::place_from_row(&row, &mut place)
            .and_then(|()| patch::apply_json(&mut place, row.raw(pc::JSON)));
        match read {
            Ok(()) => {
                let problems = b.place(&mut place);
                let problems = problems
                    .into_iter()
                    .map(|e| at(e, places_name, line, &|_| None));
                findings.add_all(problems).map_err(fail)?;
            }
            Err(bad) => {
                b.refuse_place(row.val(pc::ID));
                findings.add(bad.at(places_name, line)).map_err(fail)?;
            }
        }
    }

    let mut file = CsvFile::open(links, links_name, &LINK_COLUMNS, &LINK_REQUIRED).map_err(fail)?;
    let mut index = 0;
    while let Some(line) = file.next_line(&mut rec, findings)? {
        let row = Row::new(&rec, &file.layout);
        let read = records::link_from_row(&row, index, opts, &mut link)
            .and_then(|()| patch::apply_json(&mut link, row.raw(lc::JSON)));
        index += 1;
        match read {
            Ok(()) => {
                // The columns that fill record fields of other names.
                let column = |field: &str| {
                    fields::name_in_file(field, |name| {
                        let c = LINK_COLUMNS.iter().position(|c| *c == name);
                        c.is_some_and(|c| !row.val(c).is_empty())
                    })
                };
                let problems = b.link(&mut link);
                let problems = problems
                    .into_iter()
                    .map(|e| at(e, links_name, line, &column));
                findings.add_all(problems).map_err(fail)?;
            }
            Err(bad) => findings.add(bad.at(links_name, line)).map_err(fail)?,
        }
    }
    if findings.is_clean() {
        Ok(b)
    } else {
        Err(std::mem::replace(findings, Findings::all()).into_problems())
    }
}
