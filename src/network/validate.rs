//! The checks every record passes before it joins a network, whatever format it came from:
//! one rule, one message, in one place.
//!
//! Each check reports every problem of its record (so that [`Findings::all`] can list them
//! all); readers stop at the first unless asked for all.

use std::collections::HashSet;

use crate::error::{DataError, RecordRef};
use crate::geometry::{check_lon_lat, CoordProblem};
use crate::model::{Corridor, Gauge, Link, Mode, Place, Sourced, PROVENANCE_TAGS};
use crate::readable::Readable;

/// Railway gauges this crate accepts, in mm: from the narrowest to the broadest in use.
pub(crate) const GAUGE_RANGE_MM: std::ops::RangeInclusive<u64> = 500..=2000;

/// Why a width is not a railway gauge.
pub(crate) fn gauge_problem(shown: &str) -> String {
    format!("{shown} is not a railway gauge (expected a whole number of millimetres from 500 to 2000, e.g. 1435 or 1520)")
}

/// Whether an ISO 3166-1 alpha-2 code is written as the data keep it: two capital letters.
pub(crate) fn is_country_code(c: &str) -> bool {
    c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())
}

/// Why a country code is not one.
pub(crate) fn country_problem(c: &str) -> String {
    format!("`{c}` is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. KZ; empty when unknown)")
}

/// Why a coordinate is unusable.
pub(crate) fn coordinate_problem(p: CoordProblem) -> String {
    match p {
        CoordProblem::Longitude(_) => {
            format!("{p}: a longitude runs from -180 to 180 degrees (WGS 84)")
        }
        CoordProblem::Latitude(_) => {
            format!("{p}: a latitude runs from -90 to 90 degrees (WGS 84)")
        }
    }
}

/// Which numbers a figure may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Bound {
    /// Finite and >= 0 (lengths, times, prices).
    NonNegative,
    /// Finite, from `min` (or above it, when `open`) to `max`, in `unit`.
    Within {
        min: f64,
        open: bool,
        max: f64,
        unit: &'static str,
    },
}

/// A commercial speed: nothing in the model moves freight slower than 0.1 km/h or faster than
/// an aircraft.
pub(crate) const SPEED_KMH: Bound = Bound::Within {
    min: 0.1,
    open: false,
    max: 1000.0,
    unit: "km/h",
};
/// A time at one place or on one link: at most a year.
pub(crate) const HOURS: Bound = Bound::Within {
    min: 0.0,
    open: false,
    max: 8760.0,
    unit: "hours",
};

/// A rate: at most a million USD per unit-km, so that totals for the largest consignment
/// ([`CargoKind::quantity_range`](crate::CargoKind::quantity_range)) over the longest route
/// stay finite and meaningful.
pub(crate) const RATE: Bound = Bound::Within {
    min: 0.0,
    open: false,
    max: 1e6,
    unit: "USD per unit-km",
};
/// A fee: at most a billion USD.
pub(crate) const FEE: Bound = Bound::Within {
    min: 0.0,
    open: false,
    max: 1e9,
    unit: "USD",
};

/// Why a number is not a usable figure, if it is not.
/// Service frequencies: above 0, at most one departure a minute.
pub(crate) const SAILINGS: Bound = Bound::Within {
    min: 0.0,
    open: true,
    max: 10_080.0,
    unit: "departures per week",
};

/// The three cases a record or cost model gives for one figure, `[best, typical, worst]`:
/// why they are out of order, if they are. Times grow from best to worst; speeds
/// (`fastest_first`) fall.
pub(crate) fn cases_problem(cases: [Option<f64>; 3], fastest_first: bool) -> Option<String> {
    const NAMES: [&str; 3] = ["best", "typical", "worst"];
    let given: Vec<(usize, f64)> = (0..3).filter_map(|i| Some((i, cases[i]?))).collect();
    given.windows(2).find_map(|w| {
        let ((i, a), (j, b)) = (w[0], w[1]);
        let ordered = if fastest_first { a >= b } else { a <= b };
        (!ordered).then(|| {
            format!(
                "the {} case ({}) is {} the {} case ({}): {}",
                NAMES[i],
                Readable(a),
                if fastest_first {
                    "slower than"
                } else {
                    "longer than"
                },
                NAMES[j],
                Readable(b),
                if fastest_first {
                    "speeds must not rise from best to typical to worst"
                } else {
                    "times must not fall from best to typical to worst"
                }
            )
        })
    })
}

pub(crate) fn amount_problem(v: f64, bound: Bound) -> Option<String> {
    match bound {
        Bound::NonNegative if !v.is_finite() => {
            Some(format!("{} is not a finite number >= 0", Readable(v)))
        }
        Bound::NonNegative if v < 0.0 => Some(format!(
            "{} is not a finite number >= 0 (it is negative: expected 0 or more)",
            Readable(v)
        )),
        Bound::Within {
            min,
            open,
            max,
            unit,
        } => {
            let low_ok = if open { v > min } else { v >= min };
            (!(v.is_finite() && low_ok && v <= max)).then(|| {
                let low = if open { "above" } else { "from" };
                format!(
                    "{} is out of range: expected a finite number of {unit} {low} {min} to {max}",
                    Readable(v)
                )
            })
        }
        _ => None,
    }
}

/// The largest circuity: a line five times as long as the straight distance between its ends
/// (the OSM world railways stay below 1.0005× at the median).
pub(crate) const MAX_STRETCH: f64 = 5.0;
/// No single piece of infrastructure is longer than the Equator (40,075 km); the longest sea
/// lane of the model, Shanghai–Rotterdam around Africa, is about 26,000 km.
pub(crate) const MAX_LINK_KM: f64 = 40_075.0;
/// How much shorter than the geodesic a link may be: 2% plus 1 km, for coordinates rounded
/// to a few decimals (the OSM railways' 0.001° is up to 0.1 km per end; their worst link is
/// 0.05% short).
const SHORT_TOLERANCE: (f64, f64) = (0.02, 1.0);

/// Why a circuity is unusable, if it is.
pub(crate) fn circuity_problem(c: f64) -> Option<String> {
    (!(c.is_finite() && (1.0..=MAX_STRETCH).contains(&c))).then(|| {
        format!(
            "{} is not a ratio from 1 to {MAX_STRETCH} (route length over geodesic distance)",
            Readable(c)
        )
    })
}

/// Why a link of `km` between ends `geodesic_km` apart cannot be, if it cannot: shorter than
/// the geodesic beyond [`SHORT_TOLERANCE`] (a wrong length, or swapped latitude and
/// longitude), or longer than [`MAX_LINK_KM`]. Long detours are possible and only flagged by
/// [`Network::report`](crate::Network::report) (stretched links).
pub(crate) fn length_problem(km: f64, geodesic_km: f64) -> Option<String> {
    let (rel, abs) = SHORT_TOLERANCE;
    if km < geodesic_km * (1.0 - rel) - abs {
        Some(format!(
            "{} km is shorter than the {geodesic_km:.1} km geodesic between the link's \
             ends: check the length, and that the ends' latitude and longitude are not swapped",
            Readable(km)
        ))
    } else if km > MAX_LINK_KM {
        Some(format!(
            "{} km is longer than the Equator ({MAX_LINK_KM} km): check the length and its unit",
            Readable(km)
        ))
    } else {
        None
    }
}

/// Whether a link of `km` between ends `chord_km` apart through the Earth passes
/// [`length_problem`] whatever their geodesic, which is at most the arc over the sphere plus
/// 0.6% (the sphere's and WGS 84's distances differ by less than 0.5%): so that a large file
/// needs the geodesic only for the few links in doubt.
pub(crate) fn surely_plausible(km: f64, chord_km: f64) -> bool {
    let r = crate::geometry::EARTH_RADIUS_KM;
    let arc = 2.0 * r * (chord_km / (2.0 * r)).min(1.0).asin();
    let (rel, abs) = SHORT_TOLERANCE;
    km >= arc * 1.006 * (1.0 - rel) - abs && km <= MAX_LINK_KM
}

/// Problems found while reading, and whether to go on after the first.
#[derive(Debug)]
pub(crate) struct Findings {
    keep_going: bool,
    found: Vec<DataError>,
}

impl Findings {
    /// Stop at the first problem.
    pub(crate) fn first() -> Findings {
        Findings {
            keep_going: false,
            found: Vec::new(),
        }
    }

    /// Collect every problem.
    pub(crate) fn all() -> Findings {
        Findings {
            keep_going: true,
            found: Vec::new(),
        }
    }

    /// Whether every problem is collected.
    pub(crate) fn keeps_going(&self) -> bool {
        self.keep_going
    }

    /// Records a problem: `Err` with it when reading stops at the first.
    pub(crate) fn add(&mut self, e: DataError) -> Result<(), DataError> {
        if self.keep_going {
            self.found.push(e);
            Ok(())
        } else {
            Err(e)
        }
    }

    /// Records several problems, as [`Findings::add`] does.
    pub(crate) fn add_all(
        &mut self,
        errors: impl IntoIterator<Item = DataError>,
    ) -> Result<(), DataError> {
        errors.into_iter().try_for_each(|e| self.add(e))
    }

    /// Whether nothing was found so far.
    pub(crate) fn is_clean(&self) -> bool {
        self.found.is_empty()
    }

    pub(crate) fn into_problems(self) -> Vec<DataError> {
        self.found
    }
}

/// The record a check is about, by position and id: made into a [`RecordRef`] only for a
/// problem, so that checking a clean record allocates nothing.
enum At<'a> {
    Place(usize, &'a str),
    Link(usize, &'a str),
    Corridor(usize, &'a str),
}

impl At<'_> {
    fn record(&self) -> RecordRef {
        match *self {
            At::Place(i, id) => RecordRef::place(i, id),
            At::Link(i, id) => RecordRef::link(i, id),
            At::Corridor(i, id) => RecordRef::corridor(i, id),
        }
    }
}

/// What records are checked against: the file's bibliography and corridor list.
#[derive(Debug, Default)]
pub(crate) struct Checks {
    pub(crate) file: String,
    /// Without a bibliography (e.g. a user's own file) source fields are free text.
    source_keys: Option<HashSet<String>>,
    /// Without a corridor list (e.g. a CSV export) corridor ids are kept as they are.
    corridor_ids: Option<HashSet<String>>,
}

impl Checks {
    pub(crate) fn new(
        file: &str,
        source_keys: impl Iterator<Item = String>,
        corridor_ids: impl Iterator<Item = String>,
    ) -> Checks {
        let sources: HashSet<String> = source_keys.collect();
        let corridors: HashSet<String> = corridor_ids.collect();
        Checks {
            file: file.to_string(),
            source_keys: (!sources.is_empty()).then_some(sources),
            corridor_ids: (!corridors.is_empty()).then_some(corridors),
        }
    }

    fn err(&self, out: &mut Vec<DataError>, record: &At, field: &str, problem: String) {
        out.push(DataError::invalid(
            &self.file,
            record.record(),
            field,
            problem,
        ));
    }

    fn source(&self, out: &mut Vec<DataError>, record: &At, field: &str, key: &str) {
        // An empty source means none was given (e.g. a place created by `Place::new`).
        let known = key.is_empty()
            || PROVENANCE_TAGS.contains(&key)
            || self
                .source_keys
                .as_ref()
                .map_or(true, |keys| keys.contains(key));
        if !known {
            self.err(
                out,
                record,
                field,
                format!("source `{key}` is neither a key of the `sources` list nor one of {PROVENANCE_TAGS:?}"),
            );
        }
    }

    fn figure(
        &self,
        out: &mut Vec<DataError>,
        record: &At,
        field: &str,
        fig: Option<&Sourced<f64>>,
        bound: Bound,
    ) {
        let Some(f) = fig else { return };
        if let Some(problem) = amount_problem(f.value, bound) {
            self.err(out, record, field, problem);
        }
    }

    /// A figure given in three cases (`fields` and `cases` as `[best, typical, worst]`): each
    /// within `bound`, and in order (speeds, `fastest_first`, fall from best to worst).
    fn cases(
        &self,
        out: &mut Vec<DataError>,
        record: &At,
        fields: [&str; 3],
        cases: [Option<&Sourced<f64>>; 3],
        bound: Bound,
        fastest_first: bool,
    ) {
        for (field, fig) in fields.iter().zip(cases) {
            self.figure(out, record, field, fig, bound);
        }
        let values = cases.map(|c| c.map(|s| s.value).filter(|v| v.is_finite()));
        if let Some(problem) = cases_problem(values, fastest_first) {
            self.err(out, record, fields[1], problem);
        }
    }

    fn border(&self, out: &mut Vec<DataError>, record: &At, b: Option<&crate::BorderPost>) {
        if let Some(b) = b {
            let fields = [
                "border.dwell_hours_best",
                "border.dwell_hours",
                "border.dwell_hours_worst",
            ];
            self.cases(out, record, fields, b.dwell_cases(), HOURS, false);
            let fee = b.fee_usd.as_ref();
            self.figure(out, record, "border.fee_usd", fee, FEE);
        }
    }

    /// Every problem of place record number `index`.
    pub(crate) fn place(&self, p: &Place, index: usize) -> Vec<DataError> {
        let mut out = Vec::new();
        let r = At::Place(index, &p.id);
        if p.id.trim().is_empty() {
            self.err(&mut out, &r, "id", "is empty".into());
        }
        if p.name.trim().is_empty() {
            self.err(&mut out, &r, "name", "is empty".into());
        }
        if !p.country.is_empty() && !is_country_code(&p.country) {
            self.err(&mut out, &r, "country", country_problem(&p.country));
        }
        if let Err(problem) = check_lon_lat(p.lon(), p.lat()) {
            self.err(&mut out, &r, "location", coordinate_problem(problem));
        }
        let fields = [
            "transfer_hours_best",
            "transfer_hours",
            "transfer_hours_worst",
        ];
        self.cases(&mut out, &r, fields, p.transfer_cases(), HOURS, false);
        self.border(&mut out, &r, p.border.as_ref());
        for (field, key) in place_sources(p) {
            self.source(&mut out, &r, field, key);
        }
        out
    }

    /// The problem of link `l`'s length for ends `geodesic_km` apart ([`length_problem`]).
    pub(crate) fn length(&self, l: &Link, index: usize, geodesic_km: f64) -> Option<DataError> {
        let km = l.length_km.as_ref()?.value;
        let problem = length_problem(km, geodesic_km)?;
        let mut out = Vec::new();
        self.err(&mut out, &At::Link(index, &l.id), "length_km", problem);
        out.pop()
    }

    /// Every problem of link record number `index` that does not need the places (see
    /// [`Checks::ends`]).
    pub(crate) fn link(&self, l: &Link, index: usize) -> Vec<DataError> {
        let mut out = Vec::new();
        let r = At::Link(index, &l.id);
        let err = |out: &mut Vec<DataError>, field: &str, problem: String| {
            self.err(out, &r, field, problem)
        };
        if l.id.trim().is_empty() {
            err(&mut out, "id", "is empty".into());
        }
        if let Some(g) = l
            .gauges
            .iter()
            .find(|g| !GAUGE_RANGE_MM.contains(&u64::from(g.mm())))
        {
            err(
                &mut out,
                "gauge_mm",
                gauge_problem(&format!("{} mm", g.mm())),
            );
        }
        match (l.mode, l.gauges.is_empty()) {
            (Mode::Rail, true) => err(
                &mut out,
                "gauge_mm",
                "a rail link needs at least one gauge".into(),
            ),
            (Mode::Rail, false) | (_, true) => {}
            (m, false) => err(
                &mut out,
                "gauge_mm",
                format!("a {m} link has no gauge (leave gauge_mm empty)"),
            ),
        }
        match (l.mode, l.commodity) {
            (Mode::Pipeline, None) => err(
                &mut out,
                "commodity",
                "a pipeline needs its commodity (natural-gas, crude-oil or oil-products)".into(),
            ),
            (Mode::Pipeline, Some(_)) | (_, None) => {}
            (m, Some(c)) => err(
                &mut out,
                "commodity",
                format!("only pipelines carry a commodity; this {m} link says {c}"),
            ),
        }
        let length = l.length_km.as_ref();
        self.figure(&mut out, &r, "length_km", length, Bound::NonNegative);
        let fields = ["speed_kmh_best", "speed_kmh", "speed_kmh_worst"];
        self.cases(&mut out, &r, fields, l.speed_cases(), SPEED_KMH, true);
        let fields = ["transit_hours_best", "transit_hours", "transit_hours_worst"];
        self.cases(&mut out, &r, fields, l.transit_cases(), HOURS, false);
        let sailings = l.sailings_per_week.as_ref();
        self.figure(&mut out, &r, "sailings_per_week", sailings, SAILINGS);
        let backlog = l.backlog_hours.as_ref();
        self.figure(&mut out, &r, "backlog_hours", backlog, HOURS);
        if let Some(t) = &l.timetable {
            if t.departures.is_empty() {
                err(
                    &mut out,
                    "timetable.departures",
                    "a timetable needs at least one departure, e.g. [\"Tue 20:00\"] (leave the timetable out when none is known)".into(),
                );
            }
            if let (Some(f), n) = (&l.sailings_per_week, t.departures.len()) {
                if n > 0 && (f.value - n as f64).abs() > 1e-9 {
                    err(
                        &mut out,
                        "sailings_per_week",
                        format!(
                            "is {} but the timetable lists {n} departures a week: give one of them, or make them agree",
                            Readable(f.value)
                        ),
                    );
                }
            }
        }
        if let Some(problem) = l.circuity.and_then(circuity_problem) {
            err(&mut out, "circuity", problem);
        }
        if l.length_km.is_none() && l.circuity.is_none() {
            err(
                &mut out,
                "length_km",
                "missing value: give `length_km`, or `circuity` to estimate it from the coordinates".into(),
            );
        }
        if let Some(t) = &l.tariff {
            for (field, v, bound) in [
                ("tariff.usd_per_tonne_km", t.usd_per_tonne_km, RATE),
                ("tariff.usd_per_teu_km", t.usd_per_teu_km, RATE),
                ("tariff.fixed_usd", t.fixed_usd, FEE),
            ] {
                if let Some(problem) = v.and_then(|v| amount_problem(v, bound)) {
                    err(&mut out, field, problem);
                }
            }
        }
        if let Some(c) = &l.capacity {
            if let Some(problem) = amount_problem(c.value, Bound::NonNegative) {
                err(&mut out, "capacity", problem);
            }
        }
        self.border(&mut out, &r, l.border.as_ref());
        if let Some(ids) = &self.corridor_ids {
            for c in l.corridors.iter().filter(|c| !ids.contains(c.as_str())) {
                err(&mut out, "corridors", format!("no corridor has id `{c}`"));
            }
        }
        for (field, key) in link_sources(l) {
            self.source(&mut out, &r, field, key);
        }
        out
    }

    /// The places at the ends of link record number `index`, found by id with `place`
    /// (`Err(true)`: a place that was refused for problems of its own); a problem for each end
    /// no place has (`places` names where the places come from).
    pub(crate) fn ends(
        &self,
        l: &Link,
        index: usize,
        places: &str,
        place: impl Fn(&str) -> Result<u32, bool>,
    ) -> Result<(u32, u32), Vec<DataError>> {
        let r = At::Link(index, &l.id);
        let mut out = Vec::new();
        let mut end = |field: &str, id: &str| match place(id) {
            Ok(i) => Some(i),
            Err(refused) => {
                if !refused {
                    self.err(
                        &mut out,
                        &r,
                        field,
                        format!("no place has id `{id}` in {places}"),
                    );
                }
                None
            }
        };
        match (end("from", &l.from), end("to", &l.to)) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => Err(out),
        }
    }

    /// Every problem of corridor record number `index`; `link_exists` says whether a link
    /// id is known.
    pub(crate) fn corridor(
        &self,
        c: &Corridor,
        index: usize,
        link_exists: impl Fn(&str) -> bool,
    ) -> Vec<DataError> {
        let mut out = Vec::new();
        let r = At::Corridor(index, &c.id);
        for l in c.links.iter().filter(|l| !link_exists(l)) {
            self.err(&mut out, &r, "links", format!("no link has id `{l}`"));
        }
        for f in &c.figures {
            self.source(&mut out, &r, "figures.source", &f.value.source);
        }
        out
    }
}

/// Every source field of a place record, with its field name: the fields whose text must be a
/// source key or a provenance tag.
pub(crate) fn place_sources(p: &Place) -> impl Iterator<Item = (&'static str, &str)> {
    let border = p.border.as_ref();
    [
        ("coord_source", Some(p.coord_source.as_str())),
        (
            "transfer_hours_best.source",
            figure_source(p.transfer_hours_best.as_ref()),
        ),
        (
            "transfer_hours.source",
            figure_source(p.transfer_hours.as_ref()),
        ),
        (
            "transfer_hours_worst.source",
            figure_source(p.transfer_hours_worst.as_ref()),
        ),
        (
            "border.dwell_hours_best.source",
            figure_source(border.and_then(|b| b.dwell_hours_best.as_ref())),
        ),
        (
            "border.dwell_hours.source",
            figure_source(border.and_then(|b| b.dwell_hours.as_ref())),
        ),
        (
            "border.dwell_hours_worst.source",
            figure_source(border.and_then(|b| b.dwell_hours_worst.as_ref())),
        ),
        (
            "border.fee_usd.source",
            figure_source(border.and_then(|b| b.fee_usd.as_ref())),
        ),
    ]
    .into_iter()
    .filter_map(|(field, key)| Some((field, key?)))
    .chain(p.refs.iter().map(|r| ("refs", r.as_str())))
}

/// Every source field of a link record, with its field name.
pub(crate) fn link_sources(l: &Link) -> impl Iterator<Item = (&'static str, &str)> {
    let border = l.border.as_ref();
    [
        ("length_km.source", figure_source(l.length_km.as_ref())),
        (
            "speed_kmh_best.source",
            figure_source(l.speed_kmh_best.as_ref()),
        ),
        ("speed_kmh.source", figure_source(l.speed_kmh.as_ref())),
        (
            "speed_kmh_worst.source",
            figure_source(l.speed_kmh_worst.as_ref()),
        ),
        (
            "transit_hours_best.source",
            figure_source(l.transit_hours_best.as_ref()),
        ),
        (
            "transit_hours.source",
            figure_source(l.transit_hours.as_ref()),
        ),
        (
            "transit_hours_worst.source",
            figure_source(l.transit_hours_worst.as_ref()),
        ),
        (
            "sailings_per_week.source",
            figure_source(l.sailings_per_week.as_ref()),
        ),
        (
            "backlog_hours.source",
            figure_source(l.backlog_hours.as_ref()),
        ),
        (
            "timetable.source",
            l.timetable.as_ref().map(|t| t.source.as_str()),
        ),
        (
            "tariff.source",
            l.tariff.as_ref().map(|t| t.source.as_str()),
        ),
        (
            "capacity.source",
            l.capacity.as_ref().map(|c| c.source.as_str()),
        ),
        (
            "border.dwell_hours.source",
            figure_source(border.and_then(|b| b.dwell_hours.as_ref())),
        ),
        (
            "border.fee_usd.source",
            figure_source(border.and_then(|b| b.fee_usd.as_ref())),
        ),
        ("year.source", l.year.as_ref().map(|m| m.source.as_str())),
    ]
    .into_iter()
    .filter_map(|(field, key)| Some((field, key?)))
    .chain(l.refs.iter().map(|r| ("refs", r.as_str())))
}

fn figure_source(f: Option<&Sourced<f64>>) -> Option<&str> {
    f.map(|f| f.source.as_str())
}

/// A gauge read from a number, when it can be one at all (the range is checked with the
/// record).
pub(crate) fn gauge_from_mm(mm: u64) -> Option<Gauge> {
    u16::try_from(mm).ok().map(Gauge::from)
}
