//! How a link, a transfer or a border crossing is priced in distance, time, money and CO2.

use serde::{Deserialize, Serialize};

use crate::error::{DataError, RecordRef};
use crate::model::{Cargo, CargoKind, Link, Mode, Place, Tariff, TransferKind};
use crate::network::validate::{
    amount_problem, country_problem, is_country_code, Bound, FEE, HOURS, RATE, SPEED_KMH,
};
use crate::network::{LinkRef, PlaceRef};

/// Distance, time, money and CO2 of a route or of a piece of one.
///
/// # Units
/// km, hours, USD, kg CO2.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Measures {
    /// Distance in km.
    pub distance_km: f64,
    /// Duration in hours.
    pub duration_hours: f64,
    /// Cost in USD.
    pub cost_usd: f64,
    /// Emissions in kg CO2.
    pub co2_kg: f64,
}

impl std::ops::Add for Measures {
    type Output = Measures;
    fn add(self, o: Measures) -> Measures {
        Measures {
            distance_km: self.distance_km + o.distance_km,
            duration_hours: self.duration_hours + o.duration_hours,
            cost_usd: self.cost_usd + o.cost_usd,
            co2_kg: self.co2_kg + o.co2_kg,
        }
    }
}

impl std::ops::AddAssign for Measures {
    fn add_assign(&mut self, o: Measures) {
        *self = *self + o;
    }
}

/// Per-mode rates used where a link has no figure of its own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModeRates {
    /// Commercial speed, km/h (stops included).
    pub speed_kmh: f64,
    /// USD per TEU-km, for containers.
    pub usd_per_teu_km: f64,
    /// USD per tonne-km, for bulk and liquids.
    pub usd_per_tonne_km: f64,
    /// kg CO2 per tonne-km.
    pub co2_kg_per_tonne_km: f64,
    /// Border dwell, hours, where the crossing has no sourced figure.
    pub border_dwell_hours: f64,
    /// Border fee, USD per consignment, where the crossing has no sourced figure.
    pub border_fee_usd: f64,
}

/// The price of one kind of transfer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TransferRates {
    /// Hours, where the place has no `transfer_hours` of its own.
    pub hours: f64,
    /// USD per TEU handled.
    pub usd_per_teu: f64,
    /// USD per tonne handled.
    pub usd_per_tonne: f64,
}

/// Rates that turn links, transfers and border crossings into [`Measures`] for a cargo.
///
/// # Defaults
///
/// The reference data give lengths, a few transit times, dwell times and tariffs, but no
/// general rates. Where a link or place has no figure of its own, [`CostModel::default`] fills
/// in the values below. Each is either derived from a sourced figure (key in brackets, listed
/// in the built-in network's sources) or an **assumption**: a round, plausible modelling value
/// with no published figure behind it. Change them with a [`CostModel`] of your own
/// ([`Network::with_cost_model`](crate::Network::with_cost_model)).
///
/// | Figure | Rail | Road | Sea | Pipeline | Provenance |
/// |---|---|---|---|---|---|
/// | speed, km/h | 50 | 50 | 25 | 10 | rail: 1,200 km/day container trains `[cfts2017_khorgos]`; road: 50–60 km/h 2017 CKU convoy `[kabar2018_road]`, lower bound; sea: derived, Kuryk–Alat ≈445 km in 18 h `[sudohodstvo_kuryk]`; pipeline: assumption (flow of ≈3 m/s) |
/// | USD per TEU-km | 0.167 | 0.80 | 0.50 | — | rail: derived, ERAI 2024 China–Europe index 3,240 USD/FEU `[searates2024]` ÷ 2 TEU ÷ 9,718 km (Xi'an–Duisburg in this model); road, sea: assumptions |
/// | USD per tonne-km | 0.035 | 0.08 | 0.05 | 0.0112 | pipeline: derived, 10.77 USD/t over 962 km Atasu–Alashankou `[chinatradenews2019]`; others: assumptions |
/// | kg CO2 per tonne-km | 0.025 | 0.080 | 0.030 | 0.005 | assumptions, typical well-to-wheel intensities |
/// | border dwell, h | 6 | 4 | 0 | 0 | assumptions, used where the crossing has no sourced dwell time (sea formalities are in the port transfer) |
/// | border fee, USD per consignment | 100 | 100 | 0 | 0 | assumptions |
///
/// | Transfer | Hours | USD per TEU | USD per tonne | Provenance |
/// |---|---|---|---|---|
/// | gauge change | 4 | 50 | 2 | assumptions; cf. 1–4.25 h per train at Alashankou/Dostyk `[silkroadnews2016_dostyk]`, `[dear2023_alashankou]` |
/// | rail ↔ road | 8 | 60 | 3 | assumptions |
/// | rail or road ↔ sea | 24 | 120 | 4 | assumptions; cf. 7 h ferry processing at Kuryk `[astanatimes2021_kuryk]` plus waiting for a sailing |
/// | pipeline ↔ rail, road or sea | 12 | — | 5 | assumptions |
///
/// Borders inside the EU and inside the Eurasian Economic Union (AM, BY, KZ, KG, RU) have no
/// customs formalities (general knowledge): they cost no default dwell or fee.
///
/// A TEU is taken to weigh 10 t (assumption) for CO2. Places with a sourced transfer time
/// (`transfer_hours`) use it instead of the default hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostModel {
    /// Rates for rail links.
    pub rail: ModeRates,
    /// Rates for road links.
    pub road: ModeRates,
    /// Rates for sea links.
    pub sea: ModeRates,
    /// Rates for pipeline links.
    pub pipeline: ModeRates,
    /// Break of gauge.
    pub gauge_change: TransferRates,
    /// Rail ↔ road.
    pub rail_road: TransferRates,
    /// Rail or road ↔ sea.
    pub to_sea: TransferRates,
    /// Pipeline ↔ any other mode.
    pub pipeline_other: TransferRates,
    /// Average weight of a loaded TEU, tonnes (for CO2 of containers).
    pub tonnes_per_teu: f64,
    /// Groups of countries with no customs formalities between them: crossing between two
    /// members costs no default dwell or fee (a post's sourced figures still apply).
    pub customs_unions: Vec<CustomsUnion>,
}

/// Countries that clear goods once at the outer border.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomsUnion {
    /// Short name, e.g. `EU`.
    pub name: String,
    /// ISO codes of the members.
    pub members: Vec<String>,
}

impl CustomsUnion {
    fn new(name: &str, members: &[&str]) -> Self {
        CustomsUnion {
            name: name.to_string(),
            members: members.iter().map(|m| m.to_string()).collect(),
        }
    }
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            rail: ModeRates {
                speed_kmh: 50.0,
                usd_per_teu_km: 3240.0 / 2.0 / 9718.0,
                usd_per_tonne_km: 0.035,
                co2_kg_per_tonne_km: 0.025,
                border_dwell_hours: 6.0,
                border_fee_usd: 100.0,
            },
            road: ModeRates {
                speed_kmh: 50.0,
                usd_per_teu_km: 0.80,
                usd_per_tonne_km: 0.08,
                co2_kg_per_tonne_km: 0.080,
                border_dwell_hours: 4.0,
                border_fee_usd: 100.0,
            },
            sea: ModeRates {
                speed_kmh: 25.0,
                usd_per_teu_km: 0.50,
                usd_per_tonne_km: 0.05,
                co2_kg_per_tonne_km: 0.030,
                border_dwell_hours: 0.0,
                border_fee_usd: 0.0,
            },
            pipeline: ModeRates {
                speed_kmh: 10.0,
                usd_per_teu_km: 0.0,
                usd_per_tonne_km: 10.77 / 962.0,
                co2_kg_per_tonne_km: 0.005,
                border_dwell_hours: 0.0,
                border_fee_usd: 0.0,
            },
            gauge_change: TransferRates {
                hours: 4.0,
                usd_per_teu: 50.0,
                usd_per_tonne: 2.0,
            },
            rail_road: TransferRates {
                hours: 8.0,
                usd_per_teu: 60.0,
                usd_per_tonne: 3.0,
            },
            to_sea: TransferRates {
                hours: 24.0,
                usd_per_teu: 120.0,
                usd_per_tonne: 4.0,
            },
            pipeline_other: TransferRates {
                hours: 12.0,
                usd_per_teu: 0.0,
                usd_per_tonne: 5.0,
            },
            tonnes_per_teu: 10.0,
            customs_unions: vec![
                CustomsUnion::new(
                    "EU",
                    &[
                        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
                        "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK",
                        "SI", "ES", "SE",
                    ],
                ),
                CustomsUnion::new("EAEU", &["AM", "BY", "KZ", "KG", "RU"]),
            ],
        }
    }
}

impl CostModel {
    /// The rates of one mode.
    pub fn mode(&self, mode: Mode) -> &ModeRates {
        match mode {
            Mode::Rail => &self.rail,
            Mode::Road => &self.road,
            Mode::Sea => &self.sea,
            Mode::Pipeline => &self.pipeline,
        }
    }

    /// The rates of one kind of transfer.
    pub fn transfer_rates(&self, kind: TransferKind) -> &TransferRates {
        match kind {
            TransferKind::Gauge => &self.gauge_change,
            TransferKind::RailRoad => &self.rail_road,
            TransferKind::RailSea | TransferKind::RoadSea => &self.to_sea,
            TransferKind::PipelineRail | TransferKind::PipelineRoad | TransferKind::PipelineSea => {
                &self.pipeline_other
            }
        }
    }

    /// Tonnes in a consignment (containers at [`CostModel::tonnes_per_teu`]).
    pub fn tonnes(&self, cargo: &Cargo) -> f64 {
        match cargo.kind {
            CargoKind::Container => cargo.quantity * self.tonnes_per_teu,
            _ => cargo.quantity,
        }
    }

    /// Measures of moving `cargo` along `link`, whose length is `length_km`.
    ///
    /// Time is the link's transit time, else its length at its own or the mode's speed; money
    /// is the link's tariff, else the mode's rate, per TEU or tonne, times the quantity.
    pub fn link(&self, link: &Link, length_km: f64, cargo: &Cargo) -> Measures {
        self.link_parts(
            link.mode,
            length_km,
            link.transit_hours.as_ref().map(|t| t.value),
            link.speed_kmh.as_ref().map(|s| s.value),
            link.tariff.as_ref(),
            cargo,
        )
    }

    /// [`CostModel::link`] for a link of a network.
    pub(crate) fn link_ref(&self, link: LinkRef<'_>, cargo: &Cargo) -> Measures {
        self.link_parts(
            link.mode(),
            link.length_km(),
            link.transit_hours().map(|t| t.value),
            link.speed_kmh().map(|s| s.value),
            link.tariff(),
            cargo,
        )
    }

    fn link_parts(
        &self,
        mode: Mode,
        length_km: f64,
        transit_hours: Option<f64>,
        speed_kmh: Option<f64>,
        tariff: Option<&Tariff>,
        cargo: &Cargo,
    ) -> Measures {
        let rates = self.mode(mode);
        let duration_hours = match (transit_hours, speed_kmh) {
            (Some(t), _) => t,
            (None, Some(s)) => length_km / s,
            (None, None) => length_km / rates.speed_kmh,
        };
        let container = cargo.kind == CargoKind::Container;
        let default_rate = if container {
            rates.usd_per_teu_km
        } else {
            rates.usd_per_tonne_km
        };
        let per_unit = match tariff {
            Some(t) => {
                let rate = if container {
                    t.usd_per_teu_km
                } else {
                    t.usd_per_tonne_km
                };
                match (rate, t.fixed_usd) {
                    (None, None) => default_rate * length_km,
                    (rate, fixed) => rate.unwrap_or(0.0) * length_km + fixed.unwrap_or(0.0),
                }
            }
            None => default_rate * length_km,
        };
        Measures {
            distance_km: length_km,
            duration_hours,
            cost_usd: per_unit * cargo.quantity,
            co2_kg: length_km * self.tonnes(cargo) * rates.co2_kg_per_tonne_km,
        }
    }

    /// Measures of a transfer of `kind` at `place`.
    pub fn transfer(&self, place: &Place, kind: TransferKind, cargo: &Cargo) -> Measures {
        self.transfer_parts(place.transfer_hours.as_ref(), kind, cargo)
    }

    /// [`CostModel::transfer`] at a place of a network.
    pub(crate) fn transfer_at(
        &self,
        place: PlaceRef<'_>,
        kind: TransferKind,
        cargo: &Cargo,
    ) -> Measures {
        self.transfer_parts(place.transfer_hours(), kind, cargo)
    }

    fn transfer_parts(
        &self,
        hours: Option<&crate::model::Sourced<f64>>,
        kind: TransferKind,
        cargo: &Cargo,
    ) -> Measures {
        let rates = self.transfer_rates(kind);
        let per_unit = if cargo.kind == CargoKind::Container {
            rates.usd_per_teu
        } else {
            rates.usd_per_tonne
        };
        Measures {
            distance_km: 0.0,
            duration_hours: hours.map_or(rates.hours, |h| h.value),
            cost_usd: per_unit * cargo.quantity,
            co2_kg: 0.0,
        }
    }

    /// Hours and USD of crossing from country `from` into `to` on a link of `mode`, given the
    /// border post's sourced figures (if any): `(dwell_hours, fee_usd)`.
    ///
    /// A post's own figures come first. Without them, a border inside a customs union
    /// ([`CostModel::customs_unions`]) costs nothing, and any other border the mode's default.
    /// Pipelines do not stop at borders, so a post's figures (which are for trains and trucks)
    /// never apply to them; only the pipeline defaults do.
    pub fn border(
        &self,
        mode: Mode,
        post: Option<&crate::model::BorderPost>,
        from: &str,
        to: &str,
    ) -> (f64, f64) {
        let rates = self.mode(mode);
        let post = if mode == Mode::Pipeline { None } else { post };
        let internal = self
            .customs_unions
            .iter()
            .any(|u| u.members.iter().any(|c| c == from) && u.members.iter().any(|c| c == to));
        let (dwell, fee) = if internal {
            (0.0, 0.0)
        } else {
            (rates.border_dwell_hours, rates.border_fee_usd)
        };
        let hours = post
            .and_then(|p| p.dwell_hours.as_ref())
            .map_or(dwell, |h| h.value);
        let fee = post
            .and_then(|p| p.fee_usd.as_ref())
            .map_or(fee, |f| f.value);
        (hours, fee)
    }
}

/// The ranges of cost-model figures beyond those they share with records ([`SPEED_KMH`],
/// [`HOURS`], [`RATE`], [`FEE`]).
const CO2: Bound = Bound::Within {
    min: 0.0,
    open: false,
    max: 1e3,
    unit: "kg per tonne-km",
};
const TONNES_PER_TEU: Bound = Bound::Within {
    min: 0.0,
    open: true,
    max: 40.0,
    unit: "tonnes",
};

impl CostModel {
    /// Checks that every figure is one the search can rely on: finite, not negative (a
    /// negative fee would make the cheapest route a loop of borders), speeds above zero, and
    /// within the ranges above.
    ///
    /// # Errors
    /// [`DataError::Invalid`] naming the first figure out of range (`rail.speed_kmh`,
    /// `gauge_change.usd_per_teu`, `customs_unions[1].members`…).
    ///
    /// # Example
    /// ```
    /// let mut cost = corridor::CostModel::default();
    /// cost.rail.speed_kmh = -125.0;
    /// let e = corridor::Network::central_asia().with_cost_model(cost).unwrap_err();
    /// assert!(e.to_string().contains("rail.speed_kmh"), "{e}");
    /// ```
    pub fn check(&self, network: &str) -> Result<(), DataError> {
        let bad = |field: String, problem: String| {
            DataError::invalid(network, RecordRef::Operation("cost model"), &field, problem)
        };
        let modes = [
            ("rail", &self.rail),
            ("road", &self.road),
            ("sea", &self.sea),
            ("pipeline", &self.pipeline),
        ];
        for (name, m) in modes {
            let figures = [
                ("speed_kmh", m.speed_kmh, SPEED_KMH),
                ("usd_per_teu_km", m.usd_per_teu_km, RATE),
                ("usd_per_tonne_km", m.usd_per_tonne_km, RATE),
                ("co2_kg_per_tonne_km", m.co2_kg_per_tonne_km, CO2),
                ("border_dwell_hours", m.border_dwell_hours, HOURS),
                ("border_fee_usd", m.border_fee_usd, FEE),
            ];
            for (field, v, bound) in figures {
                if let Some(p) = amount_problem(v, bound) {
                    return Err(bad(format!("{name}.{field}"), p));
                }
            }
        }
        let transfers = [
            ("gauge_change", &self.gauge_change),
            ("rail_road", &self.rail_road),
            ("to_sea", &self.to_sea),
            ("pipeline_other", &self.pipeline_other),
        ];
        for (name, t) in transfers {
            let figures = [
                ("hours", t.hours, HOURS),
                ("usd_per_teu", t.usd_per_teu, FEE),
                ("usd_per_tonne", t.usd_per_tonne, FEE),
            ];
            for (field, v, bound) in figures {
                if let Some(p) = amount_problem(v, bound) {
                    return Err(bad(format!("{name}.{field}"), p));
                }
            }
        }
        if let Some(p) = amount_problem(self.tonnes_per_teu, TONNES_PER_TEU) {
            return Err(bad("tonnes_per_teu".into(), p));
        }
        for (i, u) in self.customs_unions.iter().enumerate() {
            if let Some(c) = u.members.iter().find(|c| !is_country_code(c)) {
                return Err(bad(
                    format!("customs_unions[{i}].members"),
                    country_problem(c),
                ));
            }
        }
        Ok(())
    }
}
