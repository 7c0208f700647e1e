//! The columns of the place and link files, and one row of each as a record. Values are read
//! with the vocabulary every format shares ([`fields`](crate::io::fields)); whole records
//! are checked afterwards, as records of every format are.

use crate::io::fields::{self, IMPORTED};
use crate::io::ImportOptions;
use crate::model::{Link, Mode, Place, Sourced, Status};

use super::reader::{Bad, Row};

/// Place file columns, by position in [`PLACE_COLUMNS`].
pub(super) mod pc {
    pub const ID: usize = 0;
    pub const LAT: usize = 1;
    pub const LON: usize = 2;
    pub const NAME: usize = 3;
    pub const COUNTRY: usize = 4;
    pub const KIND: usize = 5;
    pub const JSON: usize = 6;
}
/// The place file's known columns; the first three are required. Also the export's columns.
pub(super) const PLACE_COLUMNS: [&str; 7] = ["id", "lat", "lon", "name", "country", "kind", "json"];
pub(super) const PLACE_REQUIRED: [usize; 3] = [pc::ID, pc::LAT, pc::LON];

/// Link file columns, by position in [`LINK_COLUMNS`].
pub(super) mod lc {
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
pub(super) const LINK_COLUMNS: [&str; 15] = [
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
pub(super) const LINK_REQUIRED: [usize; 3] = [lc::FROM, lc::TO, lc::LENGTH];
pub(super) const LINK_EXPORT: usize = 13;

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

/// A value read with one of the shared field readers, or `None` when the cell is empty.
fn cell<T>(
    v: &str,
    field: &'static str,
    read: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, Bad> {
    if v.is_empty() {
        return Ok(None);
    }
    read(v)
        .map(Some)
        .map_err(|problem| Bad::new(field, problem))
}

/// A number of a figure column, as a figure from the file (source `imported`).
fn figure(v: &str, field: &'static str) -> Result<Option<Sourced<f64>>, Bad> {
    let x = fields::number(v).map_err(|problem| Bad::new(field, problem))?;
    Ok(x.map(|x| Sourced::new(x, IMPORTED)))
}

/// A place from its row. The coordinates are checked here, so that a problem names the
/// column; every other rule is checked with the whole record.
pub(super) fn place_from_row(row: &Row) -> Result<Place, Bad> {
    let id = required(row.val(pc::ID), "id", "the place's id")?;
    let coordinate = |c: usize, field: &'static str, what: &str| -> Result<f64, Bad> {
        let v = required(row.val(c), field, what)?;
        let x = fields::number(v).map_err(|problem| Bad::new(field, problem))?;
        Ok(x.unwrap_or_default())
    };
    let lat = coordinate(pc::LAT, "lat", "the latitude")?;
    let lon = coordinate(pc::LON, "lon", "the longitude")?;
    if let Err(problem) = crate::geometry::check_lon_lat(lon, lat) {
        let field = match problem {
            crate::geometry::CoordProblem::Longitude(_) => "lon",
            crate::geometry::CoordProblem::Latitude(_) => "lat",
        };
        return Err(Bad::new(
            field,
            crate::network::validate::coordinate_problem(problem),
        ));
    }
    let name = match row.raw(pc::NAME) {
        n if n.trim().is_empty() => id,
        n => n,
    };
    let mut place = Place::new(id, name, lon, lat);
    if let Some(c) = cell(row.val(pc::COUNTRY), "country", fields::country)? {
        place.country = c;
    }
    if let Some(kind) = cell(row.val(pc::KIND), "kind", fields::name)? {
        place.kind = kind;
    }
    place.coord_source = IMPORTED.to_string();
    place.properties = row.properties();
    Ok(place)
}

/// A link from its row; `index` is its data row (0-based), for its default id.
pub(super) fn link_from_row(row: &Row, index: usize, opts: &ImportOptions) -> Result<Link, Bad> {
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
    let mode: Mode = cell(row.val(lc::MODE), "mode", fields::name)?.unwrap_or(opts.default_mode);
    let mut link = Link::new(id, from, to, mode, Sourced::new(0.0, IMPORTED));
    link.length_km = figure(row.val(lc::LENGTH), "length_km")?;
    link.gauges = match cell(row.val(lc::GAUGE), "gauge_mm", fields::gauges)? {
        Some(g) => g,
        None if mode == Mode::Rail => vec![opts.default_gauge_mm.into()],
        None => Vec::new(),
    };
    link.commodity = cell(row.val(lc::COMMODITY), "commodity", fields::name)?;
    link.oneway = cell(row.val(lc::ONEWAY), "oneway", fields::yes_no)?.unwrap_or(false);
    link.status = cell(row.val(lc::STATUS), "status", fields::name)?.unwrap_or(Status::Operational);
    link.year =
        cell(row.val(lc::YEAR), "year", fields::year)?.map(|y| fields::milestone(y, link.status));
    link.transit_hours = figure(row.val(lc::DURATION), "duration_hours")?;
    link.speed_kmh = figure(row.val(lc::SPEED), "speed_kmh")?;
    link.tariff = figure(row.val(lc::COST), "cost_per_tkm")?.map(fields::tariff_per_tkm);
    link.name = row.raw(lc::NAME).to_string();
    link.properties = row.properties();
    Ok(link)
}
