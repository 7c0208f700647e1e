//! What an import fills in where its file is silent: a place's country from its coordinates,
//! a rail link's gauge from the countries it runs in, and a gauge change where those differ.
//! Every filled field says so ([`Origin`]), so nothing inferred passes for data.

use std::sync::OnceLock;

use country_boundaries::{CountryBoundaries, LatLon, BOUNDARIES_ODBL_360X180};

use super::{fields, ImportOptions};
use crate::model::{Gauge, Link, Mode, Origin, Place};

/// The import options that fill fields in, ready to apply record by record.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fill {
    /// The country of every place without one ([`ImportOptions::country`]); `None`: found
    /// from the coordinates.
    country: Option<String>,
    /// The gauge of every rail link without one ([`ImportOptions::gauge_mm`]); `None`: by
    /// the countries of its ends.
    gauge: Option<Gauge>,
}

impl Fill {
    /// The filling `opts` ask for (they were checked by [`ImportOptions::check`]).
    pub(crate) fn new(opts: &ImportOptions) -> Fill {
        Fill {
            country: opts
                .country
                .as_deref()
                .and_then(|c| fields::country(c).ok())
                .filter(|c| !c.is_empty()),
            gauge: opts.gauge_mm.map(Gauge::from),
        }
    }

    /// Gives `p` a country if it has none: the options', else the one its coordinates lie in
    /// (none at sea or off the map).
    pub(crate) fn place(&self, p: &mut Place) {
        if !p.country.is_empty() {
            return;
        }
        if let Some(c) = &self.country {
            p.country.clone_from(c);
            p.country_origin = Origin::Assumed;
        } else if let Some(c) = country_at(p.lon(), p.lat()) {
            p.country.push_str(c);
            p.country_origin = Origin::Derived;
        }
    }

    /// Gives rail link `l`, whose ends lie in countries `a` and `b` (empty when unknown), a
    /// gauge if it has none: the options', else each country's ([`Gauge::of_country`],
    /// 1435 mm where that says nothing). A link between countries of different gauges gets
    /// both, the way dual-gauge track reaches a break-of-gauge station; returns whether it
    /// did, so that its ends can be made to change gauge.
    pub(crate) fn link(&self, l: &mut Link, a: &str, b: &str) -> bool {
        if l.mode != Mode::Rail || !l.gauges.is_empty() {
            return false;
        }
        if let Some(g) = self.gauge {
            l.gauges.push(g);
            l.gauge_origin = Origin::Assumed;
            return false;
        }
        let of = |c: &str| (!c.is_empty()).then(|| Gauge::of_country(c).unwrap_or(Gauge::Standard));
        let (ga, gb) = match (of(a), of(b)) {
            (Some(x), Some(y)) => (x, y),
            (Some(x), None) | (None, Some(x)) => (x, x),
            (None, None) => (Gauge::Standard, Gauge::Standard),
        };
        l.gauge_origin = Origin::Derived;
        l.gauges.push(ga.min(gb));
        if ga != gb {
            l.gauges.push(ga.max(gb));
        }
        ga != gb
    }
}

/// The ISO 3166-1 alpha-2 code of the country at (lon, lat), if any.
pub(crate) fn country_at(lon: f64, lat: f64) -> Option<&'static str> {
    static BOUNDARIES: OnceLock<Option<CountryBoundaries>> = OnceLock::new();
    let boundaries = BOUNDARIES
        .get_or_init(|| CountryBoundaries::from_reader(BOUNDARIES_ODBL_360X180).ok())
        .as_ref()?;
    let at = LatLon::new(lat, lon).ok()?;
    // Ids come smallest area first (`CN-XJ` before `CN`); a country's is its two letters.
    let ids = boundaries.ids(at);
    ids.into_iter()
        .find(|id| id.len() == 2 && id.bytes().all(|b| b.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_from_coordinates() {
        // Alashankou (CN) and Dostyk (KZ), each side of their border; Brest (BY); the
        // Caspian Sea; the North Pole.
        assert_eq!(country_at(82.57, 45.21), Some("CN"));
        assert_eq!(country_at(82.49, 45.26), Some("KZ"));
        assert_eq!(country_at(23.69, 52.09), Some("BY"));
        assert_eq!(country_at(51.0, 42.0), None);
        assert_eq!(country_at(0.0, 90.0), None);
        assert_eq!(country_at(f64::NAN, 0.0), None);
    }
}
