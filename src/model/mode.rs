//! Modes of transport, rail gauges, pipeline commodities, and the carrier a cargo rides on.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A mode of transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Railway (a link carries one or more track gauges).
    Rail,
    /// Highway or road.
    Road,
    /// Sea or ferry crossing (including the trans-Caspian ferries).
    Sea,
    /// Pipeline: one commodity, flowing one way.
    Pipeline,
}

impl Mode {
    /// All modes, in a fixed order.
    pub const ALL: [Mode; 4] = [Mode::Rail, Mode::Road, Mode::Sea, Mode::Pipeline];

    /// The lowercase name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Rail => "rail",
            Mode::Road => "road",
            Mode::Sea => "sea",
            Mode::Pipeline => "pipeline",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rail" | "railway" => Ok(Mode::Rail),
            "road" | "highway" => Ok(Mode::Road),
            "sea" | "ferry" => Ok(Mode::Sea),
            "pipeline" | "pipe" => Ok(Mode::Pipeline),
            other => Err(format!(
                "unknown mode '{other}' (expected rail, road, sea or pipeline)"
            )),
        }
    }
}

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
    NaturalGas,
    /// Crude oil.
    CrudeOil,
    /// Refined oil products.
    OilProducts,
}

impl Commodity {
    /// The kebab-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Commodity::NaturalGas => "natural gas",
            Commodity::CrudeOil => "crude oil",
            Commodity::OilProducts => "oil products",
        }
    }
}

impl fmt::Display for Commodity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
