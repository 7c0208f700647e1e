//! Cargo: what is shipped and how much, which decides the links that can carry it.

use serde::{Deserialize, Serialize};

use super::names::vocabulary;
use super::{Carrier, Commodity};

/// The kind of goods in a consignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CargoKind {
    /// Containers, counted in TEU. Never by pipeline.
    #[serde(alias = "containers", alias = "teu")]
    Container,
    /// Dry bulk (grain, ore, coal), in tonnes. Never by pipeline.
    Bulk,
    /// Crude oil, in tonnes: crude-oil pipelines, tank wagons, tank trucks, tankers.
    #[serde(alias = "crude", alias = "oil")]
    CrudeOil,
    /// Natural gas, in tonnes (1,000 m³ ≈ 0.7 t): gas pipelines only.
    #[serde(alias = "gas")]
    NaturalGas,
    /// Refined oil products, in tonnes: product pipelines, tank wagons, trucks, tankers.
    #[serde(alias = "products")]
    OilProducts,
}

impl CargoKind {
    /// The pipeline commodity this cargo is, if it can flow in a pipeline at all.
    pub fn commodity(self) -> Option<Commodity> {
        match self {
            CargoKind::CrudeOil => Some(Commodity::CrudeOil),
            CargoKind::NaturalGas => Some(Commodity::NaturalGas),
            CargoKind::OilProducts => Some(Commodity::OilProducts),
            CargoKind::Container | CargoKind::Bulk => None,
        }
    }

    /// Whether this cargo can ride on `carrier`: gas only by gas pipeline, containers and
    /// bulk never by pipeline, liquids by their own pipelines or by any other mode.
    pub fn fits(self, carrier: Carrier) -> bool {
        match (self, carrier) {
            (CargoKind::NaturalGas, Carrier::Pipeline(c)) => c == Commodity::NaturalGas,
            (CargoKind::NaturalGas, _) => false,
            (kind, Carrier::Pipeline(c)) => kind.commodity() == Some(c),
            _ => true,
        }
    }

    /// The unit quantities of this cargo are counted in.
    pub fn unit(self) -> &'static str {
        match self {
            CargoKind::Container => "TEU",
            _ => "t",
        }
    }

    /// The quantities a consignment of this cargo can be, in its [`unit`](CargoKind::unit):
    /// from one TEU (a 20-foot container; part loads are not modelled) or one tonne, to a
    /// million TEU or a billion tonnes — years of a whole corridor's traffic (Alashankou's
    /// yard handles 200,000 TEU a year; the Central Asia–China gas pipeline about 40 Mt of
    /// gas). Below the range, fixed fees per consignment would outweigh any distance; above
    /// it, totals lose meaning before they overflow.
    pub fn quantity_range(self) -> std::ops::RangeInclusive<f64> {
        match self {
            CargoKind::Container => 1.0..=1e6,
            _ => 1.0..=1e9,
        }
    }
}

vocabulary!(
    CargoKind,
    "a cargo",
    [
        CargoKind::Container,
        CargoKind::Bulk,
        CargoKind::CrudeOil,
        CargoKind::NaturalGas,
        CargoKind::OilProducts,
    ]
);

/// A consignment: a kind of goods and a quantity (TEU for containers, tonnes otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cargo {
    /// What is shipped.
    pub kind: CargoKind,
    /// How much, in TEU for containers and tonnes for everything else. Finite and positive.
    pub quantity: f64,
}

impl Cargo {
    /// `quantity` units of `kind`.
    pub fn new(kind: CargoKind, quantity: f64) -> Self {
        Cargo { kind, quantity }
    }

    /// One TEU of containers.
    pub fn container() -> Self {
        Cargo::new(CargoKind::Container, 1.0)
    }
}

impl Default for Cargo {
    fn default() -> Self {
        Cargo::container()
    }
}
