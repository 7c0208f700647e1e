//! Record-by-record checks of network data, and link lengths resolved from coordinates.

use std::collections::{HashMap, HashSet};

use geo::{Distance, Geodesic};

use crate::error::DataError;
use crate::model::{Mode, NetworkData, Sourced, PROVENANCE_TAGS};

/// Checks every record of `data`; returns the length in km of every link, in file order.
pub(super) fn validate(data: &NetworkData, file: &str) -> Result<Vec<f64>, DataError> {
    let err = |record: String, field: &str, problem: String| DataError::Invalid {
        file: file.to_string(),
        record,
        field: field.to_string(),
        problem,
    };
    let dup = |kind: &'static str, id: &str| DataError::DuplicateId {
        file: file.to_string(),
        kind,
        id: id.to_string(),
    };

    let mut source_keys = HashSet::new();
    for s in &data.sources {
        if !source_keys.insert(s.key.as_str()) {
            return Err(dup("source", &s.key));
        }
    }
    // Without a bibliography (e.g. a user's own file) source fields are free text.
    let check_source = |record: &str, field: &str, key: &str| -> Result<(), DataError> {
        // An empty source means none was given (e.g. a place created by `Place::new`).
        if key.is_empty()
            || data.sources.is_empty()
            || source_keys.contains(key)
            || PROVENANCE_TAGS.contains(&key)
        {
            Ok(())
        } else {
            Err(err(
                record.to_string(),
                field,
                format!(
                    "source `{key}` is neither a key of the `sources` list nor one of {PROVENANCE_TAGS:?}"
                ),
            ))
        }
    };
    let check_figure = |record: &str, field: &str, fig: &Option<Sourced<f64>>, positive: bool| {
        if let Some(f) = fig {
            let ok = f.value.is_finite()
                && if positive {
                    f.value > 0.0
                } else {
                    f.value >= 0.0
                };
            if !ok {
                let want = if positive {
                    "a finite number > 0"
                } else {
                    "a finite number >= 0"
                };
                return Err(err(
                    record.to_string(),
                    field,
                    format!("{} is not {want}", f.value),
                ));
            }
            check_source(record, &format!("{field}.source"), &f.source)?;
        }
        Ok(())
    };

    let mut place_ix: HashMap<&str, usize> = HashMap::new();
    for (i, p) in data.places.iter().enumerate() {
        let record = if p.id.trim().is_empty() {
            format!("place #{i}")
        } else {
            format!("place {}", p.id)
        };
        if p.id.trim().is_empty() {
            return Err(err(record, "id", "is empty".into()));
        }
        if place_ix.insert(&p.id, i).is_some() {
            return Err(dup("place", &p.id));
        }
        if p.name.trim().is_empty() {
            return Err(err(record, "name", "is empty".into()));
        }
        if !p.country.is_empty()
            && (p.country.len() != 2 || !p.country.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(err(
                record,
                "country",
                format!(
                    "`{}` is not an ISO 3166-1 alpha-2 code (two capital letters; empty when unknown)",
                    p.country
                ),
            ));
        }
        let (lon, lat) = (p.lon(), p.lat());
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            return Err(err(
                record,
                "location",
                format!("longitude {lon} is not within -180..180"),
            ));
        }
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return Err(err(
                record,
                "location",
                format!("latitude {lat} is not within -90..90"),
            ));
        }
        check_source(&record, "coord_source", &p.coord_source)?;
        check_figure(&record, "transfer_hours", &p.transfer_hours, false)?;
        if let Some(b) = &p.border {
            check_figure(&record, "border.dwell_hours", &b.dwell_hours, false)?;
            check_figure(&record, "border.fee_usd", &b.fee_usd, false)?;
        }
        for r in &p.refs {
            check_source(&record, "refs", r)?;
        }
    }

    let corridor_ids: HashSet<&str> = data.corridors.iter().map(|c| c.id.as_str()).collect();
    let mut link_ids = HashSet::new();
    let mut lengths = Vec::with_capacity(data.links.len());
    for (i, l) in data.links.iter().enumerate() {
        let record = if l.id.trim().is_empty() {
            format!("link #{i}")
        } else {
            format!("link {}", l.id)
        };
        if l.id.trim().is_empty() {
            return Err(err(record, "id", "is empty".into()));
        }
        if !link_ids.insert(l.id.as_str()) {
            return Err(dup("link", &l.id));
        }
        let from = *place_ix.get(l.from.as_str()).ok_or_else(|| {
            err(
                record.clone(),
                "from",
                format!("no place has id `{}`", l.from),
            )
        })?;
        let to = *place_ix
            .get(l.to.as_str())
            .ok_or_else(|| err(record.clone(), "to", format!("no place has id `{}`", l.to)))?;
        // A link from a place to itself is allowed (it never shortens a route);
        // `Network::report` lists such links.
        if let Some(g) = l.gauges.iter().find(|g| !(500..=2000).contains(&g.mm())) {
            return Err(err(
                record,
                "gauge_mm",
                format!(
                    "{} mm is not a railway gauge (expected 500 to 2000 mm, e.g. 1435 or 1520)",
                    g.mm()
                ),
            ));
        }
        match (l.mode, l.gauges.is_empty()) {
            (Mode::Rail, true) => {
                return Err(err(
                    record,
                    "gauge_mm",
                    "a rail link needs at least one gauge".into(),
                ))
            }
            (Mode::Rail, false) => {}
            (_, false) => {
                return Err(err(
                    record,
                    "gauge_mm",
                    format!("a {} link has no gauge", l.mode),
                ))
            }
            (_, true) => {}
        }
        match (l.mode, l.commodity) {
            (Mode::Pipeline, None) => {
                return Err(err(
                    record,
                    "commodity",
                    "a pipeline needs its commodity".into(),
                ))
            }
            (Mode::Pipeline, Some(_)) | (_, None) => {}
            (_, Some(c)) => {
                return Err(err(
                    record,
                    "commodity",
                    format!(
                        "only pipelines carry a commodity, this {} link says {c}",
                        l.mode
                    ),
                ))
            }
        }
        check_figure(&record, "length_km", &l.length_km, false)?;
        check_figure(&record, "speed_kmh", &l.speed_kmh, true)?;
        check_figure(&record, "transit_hours", &l.transit_hours, false)?;
        if let Some(c) = l.circuity {
            if !(c.is_finite() && c >= 1.0) {
                return Err(err(
                    record,
                    "circuity",
                    format!("{c} is not a finite ratio >= 1 (route length over geodesic distance)"),
                ));
            }
        }
        let length =
            match (&l.length_km, l.circuity) {
                (Some(len), _) => len.value,
                (None, Some(c)) => {
                    let (a, b) = (data.places[from].location, data.places[to].location);
                    Geodesic.distance(a, b) / 1000.0 * c
                }
                (None, None) => return Err(err(
                    record,
                    "length_km",
                    "missing: give `length_km`, or `circuity` to estimate it from the coordinates"
                        .into(),
                )),
            };
        lengths.push(length);
        if let Some(t) = &l.tariff {
            for (name, v) in [
                ("tariff.usd_per_tonne_km", t.usd_per_tonne_km),
                ("tariff.usd_per_teu_km", t.usd_per_teu_km),
                ("tariff.fixed_usd", t.fixed_usd),
            ] {
                if let Some(v) = v {
                    if !(v.is_finite() && v >= 0.0) {
                        return Err(err(
                            record,
                            name,
                            format!("{v} is not a finite number >= 0"),
                        ));
                    }
                }
            }
            check_source(&record, "tariff.source", &t.source)?;
        }
        if let Some(c) = &l.capacity {
            if !(c.value.is_finite() && c.value >= 0.0) {
                return Err(err(
                    record,
                    "capacity",
                    format!("{} is not a finite number >= 0", c.value),
                ));
            }
            check_source(&record, "capacity.source", &c.source)?;
        }
        if let Some(b) = &l.border {
            check_figure(&record, "border.dwell_hours", &b.dwell_hours, false)?;
            check_figure(&record, "border.fee_usd", &b.fee_usd, false)?;
        }
        if let Some(m) = &l.year {
            check_source(&record, "year.source", &m.source)?;
        }
        // Without a corridor list (e.g. a CSV export) corridor ids are kept as they are.
        for c in &l.corridors {
            if !data.corridors.is_empty() && !corridor_ids.contains(c.as_str()) {
                return Err(err(
                    record,
                    "corridors",
                    format!("no corridor has id `{c}`"),
                ));
            }
        }
        for r in &l.refs {
            check_source(&record, "refs", r)?;
        }
    }

    let mut seen = HashSet::new();
    for (i, c) in data.corridors.iter().enumerate() {
        let record = if c.id.trim().is_empty() {
            format!("corridor #{i}")
        } else {
            format!("corridor {}", c.id)
        };
        if !seen.insert(c.id.as_str()) {
            return Err(dup("corridor", &c.id));
        }
        for l in &c.links {
            if !link_ids.contains(l.as_str()) {
                return Err(err(record, "links", format!("no link has id `{l}`")));
            }
        }
        for f in &c.figures {
            check_source(&record, "figures.source", &f.value.source)?;
        }
    }
    Ok(lengths)
}
