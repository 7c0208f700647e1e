//! The columns of the place and link files, and one row of each as a record. Values are read
//! with the vocabulary every format shares ([`fields`](crate::io::fields)); whole records
//! are checked afterwards, as records of every format are.

use crate::io::fields::{self, IMPORTED};
use crate::io::ImportOptions;
use crate::model::{Link, Mode, Origin, Place, Sourced, Status};

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
    pub const SAILINGS: usize = 15;
}
/// The link file's known columns; the export writes the first [`LINK_EXPORT`].
pub(super) const LINK_COLUMNS: [&str; 16] = [
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
    "sailings_per_week",
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

/// `buf` holding `v`: its allocation reused.
fn reuse(mut buf: String, v: &str) -> String {
    buf.clear();
    buf.push_str(v);
    buf
}

/// A figure from the file (source `imported`) in `slot`, its source string reused.
fn imported(slot: Option<Sourced<f64>>, value: Option<f64>) -> Option<Sourced<f64>> {
    let value = value?;
    Some(match slot {
        Some(mut s) if s.note.is_none() => {
            s.value = value;
            s.source = reuse(s.source, IMPORTED);
            s
        }
        _ => Sourced::new(value, IMPORTED),
    })
}

/// A number of a figure column.
fn number(v: &str, field: &'static str) -> Result<Option<f64>, Bad> {
    fields::number(v).map_err(|problem| Bad::new(field, problem))
}

/// The place of a row, written over `place` (a record reused from row to row, so that
/// reading allocates little). The coordinates are checked here, so that a problem names the
/// column; every other rule is checked with the whole record.
pub(super) fn place_from_row(row: &Row, place: &mut Place) -> Result<(), Bad> {
    let id = required(row.val(pc::ID), "id", "the place's id")?;
    let coordinate = |c: usize, field: &'static str, what: &str| -> Result<f64, Bad> {
        let v = required(row.val(c), field, what)?;
        Ok(number(v, field)?.unwrap_or_default())
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
    let country = cell(row.val(pc::COUNTRY), "country", fields::country)?.unwrap_or_default();
    let kind = cell(row.val(pc::KIND), "kind", fields::name)?.unwrap_or_default();
    let take = std::mem::take::<String>;
    // Every field, so that nothing of the previous row stays.
    *place = Place {
        id: reuse(take(&mut place.id), id),
        name: reuse(take(&mut place.name), name),
        alt_names: Vec::new(),
        country,
        country_origin: Origin::Given,
        location: geo::Point::new(lon, lat),
        coord_source: reuse(take(&mut place.coord_source), IMPORTED),
        kind,
        transfers: None,
        transfer_hours: None,
        transfer_hours_best: None,
        transfer_hours_worst: None,
        border: None,
        notes: String::new(),
        refs: Vec::new(),
        properties: row.properties(),
    };
    Ok(())
}

/// The link of a row, written over `link` as [`place_from_row`] does; `index` is its data row
/// (0-based), for its default id.
pub(super) fn link_from_row(
    row: &Row,
    index: usize,
    opts: &ImportOptions,
    link: &mut Link,
) -> Result<(), Bad> {
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
    let take = std::mem::take::<String>;
    let id = match row.val(lc::ID) {
        "" => {
            let mut id = take(&mut link.id);
            id.clear();
            id.push('l');
            id.push_str(itoa::Buffer::new().format(index));
            id
        }
        id => reuse(take(&mut link.id), id),
    };
    let mode: Mode = cell(row.val(lc::MODE), "mode", fields::name)?.unwrap_or(opts.default_mode);
    let length = number(row.val(lc::LENGTH), "length_km")?;
    // Without gauges, a rail link gets them from the builder ([`Fill`](crate::io::fill::Fill)).
    let mut gauges = std::mem::take(&mut link.gauges);
    gauges.clear();
    if let Some(g) = cell(row.val(lc::GAUGE), "gauge_mm", fields::gauges)? {
        gauges = g;
    }
    let status = cell(row.val(lc::STATUS), "status", fields::name)?.unwrap_or(Status::Operational);
    let year = cell(row.val(lc::YEAR), "year", fields::year)?.map(|y| fields::milestone(y, status));
    let transit = number(row.val(lc::DURATION), "duration_hours")?;
    let speed = number(row.val(lc::SPEED), "speed_kmh")?;
    let cost = number(row.val(lc::COST), "cost_per_tkm")?;
    let sailings = number(row.val(lc::SAILINGS), "sailings_per_week")?;
    // Every field, so that nothing of the previous row stays.
    *link = Link {
        from: reuse(take(&mut link.from), from),
        to: reuse(take(&mut link.to), to),
        id,
        mode,
        name: reuse(take(&mut link.name), row.raw(lc::NAME)),
        length_km: imported(link.length_km.take(), length),
        circuity: None,
        gauges,
        gauge_origin: Origin::Given,
        commodity: cell(row.val(lc::COMMODITY), "commodity", fields::name)?,
        speed_kmh: imported(None, speed),
        speed_kmh_best: None,
        speed_kmh_worst: None,
        transit_hours: imported(None, transit),
        transit_hours_best: None,
        transit_hours_worst: None,
        sailings_per_week: imported(None, sailings),
        backlog_hours: None,
        timetable: None,
        tariff: cost.map(|c| fields::tariff_per_tkm(Sourced::new(c, IMPORTED))),
        capacity: None,
        border: None,
        status,
        year,
        oneway: cell(row.val(lc::ONEWAY), "oneway", fields::yes_no)?.unwrap_or(false),
        corridors: Vec::new(),
        refs: Vec::new(),
        notes: String::new(),
        geometry: None,
        properties: row.properties(),
    };
    Ok(())
}
