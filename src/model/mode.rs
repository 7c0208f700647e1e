//! Modes of transport, rail gauges, pipeline commodities, and the carrier a cargo rides on.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::names::vocabulary;

/// A mode of transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Railway (a link carries one or more track gauges).
    #[serde(alias = "railway")]
    Rail,
    /// Highway or road.
    #[serde(alias = "highway")]
    Road,
    /// Sea or ferry crossing (including the trans-Caspian ferries).
    #[serde(alias = "ferry")]
    Sea,
    /// Pipeline: one commodity, flowing one way.
    #[serde(alias = "pipe")]
    Pipeline,
}

impl Mode {
    /// All modes, in a fixed order.
    pub const ALL: [Mode; 4] = [Mode::Rail, Mode::Road, Mode::Sea, Mode::Pipeline];
}

vocabulary!(
    Mode,
    "a mode",
    [Mode::Rail, Mode::Road, Mode::Sea, Mode::Pipeline]
);

/// A railway track gauge, in millimetres.
///
/// Serialised as the number of millimetres (`1435`, `1520`, or any other width).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "u16", into = "u16")]
pub enum Gauge {
    /// 1435 mm standard gauge (China, Iran, Türkiye, the EU).
    Standard,
    /// 1520 mm Russian gauge (the former Soviet space, and Hairatan–Mazar).
    Russian,
    /// Any other gauge, in millimetres.
    Other(u16),
}

impl Gauge {
    /// Width in millimetres.
    pub fn mm(self) -> u16 {
        match self {
            Gauge::Standard => 1435,
            Gauge::Russian => 1520,
            Gauge::Other(mm) => mm,
        }
    }
}

impl Gauge {
    /// The gauge of a country's main lines, for imported rail that gives none: 1520 mm in the
    /// former Soviet space, Mongolia and Finland (1524 mm, run through with 1520 mm stock),
    /// 1668 mm in Spain and Portugal, 1676 mm in South Asia, Argentina and Chile, 1600 mm in
    /// Ireland, 1067 mm in Japan and southern Africa, 1000 mm in mainland South-East Asia; `None` elsewhere — callers fall back to
    /// 1435 mm, the gauge of China, Iran, Türkiye, the rest of the EU and most of the world.
    ///
    /// Source: general knowledge, as in the reference's gauge notes (1435 mm in China, Iran,
    /// Türkiye and the EU; 1520 mm in the former USSR); a country's minor lines of other
    /// gauges are not modelled.
    pub fn of_country(code: &str) -> Option<Gauge> {
        const BY_GAUGE: [(u16, &[[u8; 2]]); 6] = [
            (
                1520,
                &[
                    *b"RU", *b"BY", *b"UA", *b"MD", *b"KZ", *b"KG", *b"UZ", *b"TJ", *b"TM", *b"AZ",
                    *b"AM", *b"GE", *b"LT", *b"LV", *b"EE", *b"MN", *b"FI",
                ],
            ),
            (1668, &[*b"ES", *b"PT"]),
            (
                1676,
                &[*b"IN", *b"PK", *b"BD", *b"LK", *b"NP", *b"AR", *b"CL"],
            ),
            (1600, &[*b"IE"]),
            (1067, &[*b"JP", *b"ZA", *b"NZ", *b"ID", *b"TW"]),
            (1000, &[*b"VN", *b"TH", *b"MY", *b"MM", *b"KH", *b"LA"]),
        ];
        let [a, b] = code.trim().as_bytes() else {
            return None;
        };
        let code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
        BY_GAUGE
            .iter()
            .find(|(_, codes)| codes.contains(&code))
            .map(|&(mm, _)| Gauge::from(mm))
    }
}

impl From<u16> for Gauge {
    fn from(mm: u16) -> Self {
        match mm {
            1435 => Gauge::Standard,
            1520 => Gauge::Russian,
            other => Gauge::Other(other),
        }
    }
}

impl From<Gauge> for u16 {
    fn from(g: Gauge) -> u16 {
        g.mm()
    }
}

impl fmt::Display for Gauge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} mm", self.mm())
    }
}

/// What a pipeline carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Commodity {
    /// Natural gas.
    #[serde(alias = "gas")]
    NaturalGas,
    /// Crude oil.
    #[serde(alias = "crude", alias = "oil")]
    CrudeOil,
    /// Refined oil products.
    #[serde(alias = "products")]
    OilProducts,
}

vocabulary!(
    Commodity,
    "a pipeline commodity",
    [
        Commodity::NaturalGas,
        Commodity::CrudeOil,
        Commodity::OilProducts
    ],
    spoken
);

/// What a consignment rides on at a given moment: a mode, refined by the track gauge for rail
/// and the commodity for pipelines.
///
/// Changing carrier at a place is a [`Transfer`](crate::Transfer): a change of mode
/// (rail to ferry at Aktau) or of gauge (1435 mm to 1520 mm at Dostyk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String")]
pub enum Carrier {
    /// A train on track of this gauge.
    Rail(Gauge),
    /// A truck.
    Road,
    /// A ship or ferry.
    Sea,
    /// A pipeline carrying this commodity.
    Pipeline(Commodity),
}

impl Carrier {
    /// A number in the order of `Carrier`'s `Ord`, for sorting many carriers fast.
    #[inline]
    pub(crate) fn order_key(self) -> u32 {
        match self {
            Carrier::Rail(Gauge::Standard) => 0,
            Carrier::Rail(Gauge::Russian) => 1,
            Carrier::Rail(Gauge::Other(mm)) => 2 + u32::from(mm),
            Carrier::Road => 1 << 24,
            Carrier::Sea => 2 << 24,
            Carrier::Pipeline(c) => (3 << 24) + c as u32,
        }
    }

    /// The carrier of an [`order_key`](Carrier::order_key).
    pub(crate) fn from_order_key(k: u32) -> Carrier {
        match k >> 24 {
            0 => match k {
                0 => Carrier::Rail(Gauge::Standard),
                1 => Carrier::Rail(Gauge::Russian),
                k => Carrier::Rail(Gauge::Other((k - 2) as u16)),
            },
            1 => Carrier::Road,
            2 => Carrier::Sea,
            _ => Carrier::Pipeline(match k & 0xFF {
                0 => Commodity::NaturalGas,
                1 => Commodity::CrudeOil,
                _ => Commodity::OilProducts,
            }),
        }
    }

    /// The mode of transport.
    pub fn mode(self) -> Mode {
        match self {
            Carrier::Rail(_) => Mode::Rail,
            Carrier::Road => Mode::Road,
            Carrier::Sea => Mode::Sea,
            Carrier::Pipeline(_) => Mode::Pipeline,
        }
    }
}

/// The carriers a link of this mode, gauges and commodity offers: one per gauge for rail,
/// else the mode's single carrier (a pipeline's only with its commodity).
pub(crate) fn link_carriers(
    mode: Mode,
    gauges: &[Gauge],
    commodity: Option<Commodity>,
) -> impl Iterator<Item = Carrier> + '_ {
    let rail: &[Gauge] = if mode == Mode::Rail { gauges } else { &[] };
    let single = match mode {
        Mode::Rail => None,
        Mode::Road => Some(Carrier::Road),
        Mode::Sea => Some(Carrier::Sea),
        Mode::Pipeline => commodity.map(Carrier::Pipeline),
    };
    rail.iter().map(|&g| Carrier::Rail(g)).chain(single)
}

impl fmt::Display for Carrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Carrier::Rail(g) => write!(f, "rail ({g})"),
            Carrier::Road => f.write_str("road"),
            Carrier::Sea => f.write_str("sea"),
            Carrier::Pipeline(c) => write!(f, "pipeline ({c})"),
        }
    }
}

impl From<Carrier> for String {
    fn from(c: Carrier) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_sort_carriers_as_their_ord_does() {
        let mut carriers = vec![
            Carrier::Pipeline(Commodity::OilProducts),
            Carrier::Sea,
            Carrier::Rail(Gauge::Other(1000)),
            Carrier::Rail(Gauge::Russian),
            Carrier::Pipeline(Commodity::NaturalGas),
            Carrier::Road,
            Carrier::Rail(Gauge::Other(u16::MAX)),
            Carrier::Rail(Gauge::Standard),
            Carrier::Pipeline(Commodity::CrudeOil),
            Carrier::Rail(Gauge::Other(600)),
        ];
        let mut by_key = carriers.clone();
        carriers.sort();
        by_key.sort_by_key(|c| c.order_key());
        assert_eq!(carriers, by_key);
        for c in carriers {
            assert_eq!(Carrier::from_order_key(c.order_key()), c);
        }
    }
}
