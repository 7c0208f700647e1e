//! How a link, a transfer or a border crossing is priced in distance, time, money and CO2.

mod duration;

pub use duration::{Case, Duration};

use serde::{Deserialize, Serialize};

use crate::error::{DataError, RecordRef};
use crate::model::{
    Cargo, CargoKind, Link, Mode, Place, Sourced, Tariff, Timetable, TransferKind, HOURS_PER_WEEK,
};
use crate::network::validate::{
    amount_problem, cases_problem, country_problem, is_country_code, Bound, FEE, HOURS, RATE,
    SAILINGS, SPEED_KMH,
};
use crate::network::{LinkRef, PlaceRef};

/// Distance, time, money and CO2 of a route or of a piece of one.
///
/// Time comes in three cases ([`Duration`]): `duration_hours` is the typical one, beside the
/// best and the worst.
///
/// # Units
/// km, hours, USD, kg CO2.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Measures {
    /// Distance in km.
    pub distance_km: f64,
    /// Duration in hours, typical case.
    pub duration_hours: f64,
    /// Duration in hours when everything flows.
    #[serde(default)]
    pub duration_best_hours: f64,
    /// Duration in hours in published congestion.
    #[serde(default)]
    pub duration_worst_hours: f64,
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
            duration_best_hours: self.duration_best_hours + o.duration_best_hours,
            duration_worst_hours: self.duration_worst_hours + o.duration_worst_hours,
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

impl Measures {
    /// The three cases of the duration.
    pub fn duration(&self) -> Duration {
        Duration::new(
            self.duration_best_hours,
            self.duration_hours,
            self.duration_worst_hours,
        )
    }

    /// Measures of a stay: time and money, no distance or CO2.
    pub fn stay(hours: Duration, cost_usd: f64) -> Measures {
        Measures {
            cost_usd,
            ..Measures::default()
        }
        .with_duration(hours)
    }

    /// The same measures with the duration `d`.
    pub fn with_duration(mut self, d: Duration) -> Measures {
        self.duration_best_hours = d.best;
        self.duration_hours = d.typical;
        self.duration_worst_hours = d.worst;
        self
    }
}

/// Per-mode rates used where a link has no figure of its own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModeRates {
    /// Commercial speed, km/h (stops, crew and locomotive changes included): typical case.
    pub speed_kmh: f64,
    /// Commercial speed when everything flows, km/h.
    pub speed_kmh_best: f64,
    /// Commercial speed in congestion, km/h.
    pub speed_kmh_worst: f64,
    /// USD per TEU-km, for containers.
    pub usd_per_teu_km: f64,
    /// USD per tonne-km, for bulk and liquids.
    pub usd_per_tonne_km: f64,
    /// kg CO2 per tonne-km.
    pub co2_kg_per_tonne_km: f64,
    /// Border dwell, hours, where the crossing has no sourced figure.
    pub border_dwell_hours: Duration,
    /// Border fee, USD per consignment, where the crossing has no sourced figure.
    pub border_fee_usd: f64,
    /// Departures per week of links of this mode that give none (`None`: consignments do
    /// not wait for a departure, as trucks and trains formed on demand do not).
    pub sailings_per_week: Option<f64>,
    /// Worst-case extra wait for a departure, hours, on links that give no
    /// [`Link::backlog_hours`] (services fully booked).
    pub backlog_hours: f64,
}

/// The price of one kind of transfer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TransferRates {
    /// Hours, queue included, where the place has no `transfer_hours` of its own.
    pub hours: Duration,
    /// USD per TEU handled.
    pub usd_per_teu: f64,
    /// USD per tonne handled.
    pub usd_per_tonne: f64,
}

/// Rates that turn links, transfers and border crossings into [`Measures`] for a cargo.
///
/// # Time in three cases
///
/// Every timed piece of a route has a best, a typical and a worst duration ([`Duration`]).
/// Where a record gives a figure for a case (a link's `transit_hours_best`, a border post's
/// `dwell_hours_worst`, a place's `transfer_hours`…) it is used; the cases it does not give
/// come from the defaults below, scaled to the figures it does give ([`Duration::fill`]).
/// A link's running time is its transit time, else its length at its own speed, else at the
/// mode's. A link with departures (its own `sailings_per_week` or timetable, else the mode's
/// default) adds the wait for one: 0 in the best case, the mean wait typically (half the
/// interval for evenly spaced departures), and the longest interval plus the backlog in the
/// worst case.
///
/// # Defaults
///
/// The reference data give lengths, a few transit times, dwell times and tariffs, but few
/// general rates. Where a link or place has no figure of its own, [`CostModel::default`]
/// fills in the values below. Each is derived from a sourced figure (key in brackets, listed
/// in the built-in network's sources), **calibrated** (chosen so that the built-in network's
/// routes match the published end-to-end times of `data/calibration.csv`, an estimate), or an
/// **assumption**: a round, plausible modelling value with no published figure behind it.
/// Change them with a [`CostModel`] of your own
/// ([`Network::with_cost_model`](crate::Network::with_cost_model)).
///
/// | Figure | Rail | Road | Sea | Pipeline | Provenance |
/// |---|---|---|---|---|---|
/// | speed, km/h (best / typical / worst) | 38 / 30 / 23 | 33 / 26 / 15 | 25 / 22 / 15 | 10 | rail: calibrated (910 / 720 / 550 km a day, stops, crew and locomotive changes included; below the 1,200 km/day running speed of Khorgos Gateway trains `[cfts2017_khorgos]`); road best: derived, 920 km in 31 h less 3.5 h at borders, 2017 CKU convoy `[kabar2018_road]`; road typical: calibrated, 2 days Tashkent–Kashgar `[tca_road]`; road worst: assumption; sea typical: derived, Kuryk–Alat ≈445 km in 18 h `[sudohodstvo_kuryk]`, best and worst assumptions; pipeline: assumption (flow of ≈3 m/s) |
/// | USD per TEU-km | 0.304 | 0.80 | 0.50 | — | rail: derived, ERAI 2024 index 3,240 USD/FEU `[searates2024]`, which prices the 1520 mm transit from the Chinese to the EU border, ÷ 2 TEU ÷ 5,336 km (Dostyk–Brest in this model); road, sea: assumptions |
/// | USD per tonne-km | 0.035 | 0.08 | 0.05 | 0.0112 | pipeline: derived, 10.77 USD/t over 962 km Atasu–Alashankou `[chinatradenews2019]`; others: assumptions |
/// | kg CO2 per tonne-km | 0.025 | 0.080 | 0.030 | 0.005 | assumptions, typical well-to-wheel intensities |
/// | border dwell, h (best / typical / worst) | 1 / 3 / 36 | 1 / 4 / 48 | 0 | 0 | rail typical: calibrated; others assumptions; used where the crossing has no sourced dwell time (sea formalities are in the port transfer) |
/// | border fee, USD per consignment | 100 | 100 | 0 | 0 | assumptions |
/// | departures per week | — | — | 2 | — | sea: assumption for links without a published frequency |
/// | backlog, h (worst case) | 0 | 0 | 168 | 0 | sea: assumption, a week of fully booked sailings |
///
/// | Transfer | Hours (best / typical / worst) | USD per TEU | USD per tonne | Provenance |
/// |---|---|---|---|---|
/// | gauge change | 2 / 40 / 200 | 50 | 2 | calibrated; cf. 1–1.5 h per train processing `[dear2023_alashankou]` `[khabarasia2024]`, 2.5 days typical at Małaszewicze `[railtech2018]`, 6–14 days average reloading waits in the 2023 congestion `[jike2023]` |
/// | rail ↔ road | 2 / 8 / 48 | 60 | 3 | assumptions |
/// | rail or road ↔ sea | 24 / 84 / 144 | 120 | 4 | calibrated on the Middle Corridor figures (Caspian and Black Sea ports, where consignments wait for ferry space: "ferry capacity is the bottleneck" `[bsecurta2023]`); cf. 6–8 h ferry processing at Kuryk `[astanatimes2021_kuryk]` |
/// | pipeline ↔ rail, road or sea | 6 / 12 / 48 | — | 5 | assumptions |
///
/// Borders inside the EU and inside the Eurasian Economic Union (AM, BY, KZ, KG, RU) have no
/// customs formalities (general knowledge): they cost no default dwell or fee.
///
/// A TEU is taken to weigh 10 t (assumption) for CO2.
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
                speed_kmh: 30.0,
                speed_kmh_best: 38.0,
                speed_kmh_worst: 23.0,
                usd_per_teu_km: 3240.0 / 2.0 / 5336.0,
                usd_per_tonne_km: 0.035,
                co2_kg_per_tonne_km: 0.025,
                border_dwell_hours: Duration::new(1.0, 3.0, 36.0),
                border_fee_usd: 100.0,
                sailings_per_week: None,
                backlog_hours: 0.0,
            },
            road: ModeRates {
                speed_kmh: 26.0,
                speed_kmh_best: 33.0,
                speed_kmh_worst: 15.0,
                usd_per_teu_km: 0.80,
                usd_per_tonne_km: 0.08,
                co2_kg_per_tonne_km: 0.080,
                border_dwell_hours: Duration::new(1.0, 4.0, 48.0),
                border_fee_usd: 100.0,
                sailings_per_week: None,
                backlog_hours: 0.0,
            },
            sea: ModeRates {
                speed_kmh: 22.0,
                speed_kmh_best: 25.0,
                speed_kmh_worst: 15.0,
                usd_per_teu_km: 0.50,
                usd_per_tonne_km: 0.05,
                co2_kg_per_tonne_km: 0.030,
                border_dwell_hours: Duration::ZERO,
                border_fee_usd: 0.0,
                sailings_per_week: Some(2.0),
                backlog_hours: 168.0,
            },
            pipeline: ModeRates {
                speed_kmh: 10.0,
                speed_kmh_best: 10.0,
                speed_kmh_worst: 10.0,
                usd_per_teu_km: 0.0,
                usd_per_tonne_km: 10.77 / 962.0,
                co2_kg_per_tonne_km: 0.005,
                border_dwell_hours: Duration::ZERO,
                border_fee_usd: 0.0,
                sailings_per_week: None,
                backlog_hours: 0.0,
            },
            gauge_change: TransferRates {
                hours: Duration::new(2.0, 40.0, 200.0),
                usd_per_teu: 50.0,
                usd_per_tonne: 2.0,
            },
            rail_road: TransferRates {
                hours: Duration::new(2.0, 8.0, 48.0),
                usd_per_teu: 60.0,
                usd_per_tonne: 3.0,
            },
            to_sea: TransferRates {
                hours: Duration::new(24.0, 84.0, 144.0),
                usd_per_teu: 120.0,
                usd_per_tonne: 4.0,
            },
            pipeline_other: TransferRates {
                hours: Duration::new(6.0, 12.0, 48.0),
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

/// The values of figures given in three cases, `[best, typical, worst]`.
fn values<const N: usize>(cases: [Option<&Sourced<f64>>; N]) -> [Option<f64>; N] {
    cases.map(|c| c.map(|s| s.value))
}

/// A link's own time figures, as pricing needs them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LinkTimeFigures<'a> {
    pub(crate) transit_hours: [Option<f64>; 3],
    pub(crate) speed_kmh: [Option<f64>; 3],
    pub(crate) sailings_per_week: Option<f64>,
    pub(crate) backlog_hours: Option<f64>,
    pub(crate) timetable: Option<&'a Timetable>,
}

impl<'a> LinkTimeFigures<'a> {
    fn of_link(l: &'a Link) -> Self {
        LinkTimeFigures {
            transit_hours: values(l.transit_cases()),
            speed_kmh: values(l.speed_cases()),
            sailings_per_week: l.sailings_per_week.as_ref().map(|s| s.value),
            backlog_hours: l.backlog_hours.as_ref().map(|s| s.value),
            timetable: l.timetable.as_ref(),
        }
    }

    pub(crate) fn of_ref(l: LinkRef<'a>) -> Self {
        LinkTimeFigures {
            transit_hours: values(l.transit_cases()),
            speed_kmh: values(l.speed_cases()),
            sailings_per_week: l.sailings_per_week().map(|s| s.value),
            backlog_hours: l.backlog_hours().map(|s| s.value),
            timetable: l.timetable(),
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

    /// Measures of moving `cargo` along `link`, whose length is `length_km`: the wait for a
    /// departure and the running time (see [Time in three cases](CostModel#time-in-three-cases)),
    /// and the link's tariff, else the mode's rate, per TEU or tonne, times the quantity.
    pub fn link(&self, link: &Link, length_km: f64, cargo: &Cargo) -> Measures {
        let t = LinkTimeFigures::of_link(link);
        let m = self.link_parts(link.mode, length_km, &t, link.tariff.as_ref(), cargo);
        m.with_duration(m.duration() + self.departure_wait(link.mode, &t))
    }

    /// [`CostModel::link`] for a link of a network, without the wait for a departure.
    pub(crate) fn link_ref(&self, link: LinkRef<'_>, cargo: &Cargo) -> Measures {
        let t = LinkTimeFigures::of_ref(link);
        self.link_parts(link.mode(), link.length_km(), &t, link.tariff(), cargo)
    }

    /// Running time of a link of `mode` and `length_km` with its own figures `t`.
    pub(crate) fn running(&self, mode: Mode, length_km: f64, t: &LinkTimeFigures) -> Duration {
        let r = self.mode(mode);
        let default = Duration::new(
            length_km / r.speed_kmh_best,
            length_km / r.speed_kmh,
            length_km / r.speed_kmh_worst,
        );
        if t.transit_hours.iter().any(Option::is_some) {
            Duration::fill(t.transit_hours, default)
        } else if t.speed_kmh.iter().any(Option::is_some) {
            Duration::fill(t.speed_kmh.map(|s| s.map(|s| length_km / s)), default)
        } else {
            default
        }
    }

    /// The wait for a departure on a link of `mode` with figures `t`, without a departure
    /// time: zero at best, the mean wait typically, the longest interval plus the backlog at
    /// worst. Without departures (none given, none by default for the mode), no wait.
    pub(crate) fn departure_wait(&self, mode: Mode, t: &LinkTimeFigures) -> Duration {
        let r = self.mode(mode);
        let backlog = t.backlog_hours.unwrap_or(r.backlog_hours);
        if let Some(tt) = t.timetable.filter(|tt| !tt.departures.is_empty()) {
            // Intervals between consecutive departures, around the week.
            let mut hours: Vec<f64> = tt.departures.iter().map(|d| d.hour_of_week()).collect();
            hours.sort_by(f64::total_cmp);
            let gaps = hours.iter().enumerate().map(|(i, h)| {
                let next = hours
                    .get(i + 1)
                    .copied()
                    .unwrap_or(hours[0] + HOURS_PER_WEEK);
                next - h
            });
            let (mut mean, mut longest) = (0.0, 0.0f64);
            for g in gaps {
                // Arriving at a uniformly random time, the wait in a gap g averages g / 2.
                mean += g * g / (2.0 * HOURS_PER_WEEK);
                longest = longest.max(g);
            }
            return Duration::new(0.0, mean, longest + backlog);
        }
        match t.sailings_per_week.or(r.sailings_per_week) {
            Some(f) if f > 0.0 => {
                let headway = HOURS_PER_WEEK / f;
                Duration::new(0.0, headway / 2.0, headway + backlog)
            }
            _ => Duration::ZERO,
        }
    }

    fn link_parts(
        &self,
        mode: Mode,
        length_km: f64,
        t: &LinkTimeFigures,
        tariff: Option<&Tariff>,
        cargo: &Cargo,
    ) -> Measures {
        let rates = self.mode(mode);
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
            cost_usd: per_unit * cargo.quantity,
            co2_kg: length_km * self.tonnes(cargo) * rates.co2_kg_per_tonne_km,
            ..Measures::default()
        }
        .with_duration(self.running(mode, length_km, t))
    }

    /// Measures of a transfer of `kind` at `place`.
    pub fn transfer(&self, place: &Place, kind: TransferKind, cargo: &Cargo) -> Measures {
        self.transfer_parts(values(place.transfer_cases()), kind, cargo)
    }

    /// [`CostModel::transfer`] at a place of a network.
    pub(crate) fn transfer_at(
        &self,
        place: PlaceRef<'_>,
        kind: TransferKind,
        cargo: &Cargo,
    ) -> Measures {
        self.transfer_parts(values(place.transfer_cases()), kind, cargo)
    }

    fn transfer_parts(
        &self,
        hours: [Option<f64>; 3],
        kind: TransferKind,
        cargo: &Cargo,
    ) -> Measures {
        let rates = self.transfer_rates(kind);
        let per_unit = if cargo.kind == CargoKind::Container {
            rates.usd_per_teu
        } else {
            rates.usd_per_tonne
        };
        Measures::stay(
            Duration::fill(hours, rates.hours),
            per_unit * cargo.quantity,
        )
    }

    /// Hours and USD of crossing from country `from` into `to` on a link of `mode`, given the
    /// border post's sourced figures (if any): `(dwell, fee_usd)`.
    ///
    /// A post's own figures come first, the cases it does not give filled from the default
    /// ([`Duration::fill`]). Without them, a border inside a customs union
    /// ([`CostModel::customs_unions`]) costs nothing, and any other border the mode's default.
    /// Pipelines do not stop at borders, so a post's figures (which are for trains and trucks)
    /// never apply to them; only the pipeline defaults do.
    pub fn border(
        &self,
        mode: Mode,
        post: Option<&crate::model::BorderPost>,
        from: &str,
        to: &str,
    ) -> (Duration, f64) {
        let rates = self.mode(mode);
        let post = if mode == Mode::Pipeline { None } else { post };
        let internal = self
            .customs_unions
            .iter()
            .any(|u| u.members.iter().any(|c| c == from) && u.members.iter().any(|c| c == to));
        let (dwell, fee) = if internal {
            (Duration::ZERO, 0.0)
        } else {
            (rates.border_dwell_hours, rates.border_fee_usd)
        };
        let hours = match post {
            Some(p) => Duration::fill(values(p.dwell_cases()), dwell),
            None => dwell,
        };
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
/// The names of the cost model's three-case figures: speeds, border dwell, transfer hours.
const CASE_FIELDS: [[&str; 3]; 3] = [
    ["speed_kmh_best", "speed_kmh", "speed_kmh_worst"],
    [
        "border_dwell_hours.best",
        "border_dwell_hours.typical",
        "border_dwell_hours.worst",
    ],
    ["hours.best", "hours.typical", "hours.worst"],
];
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
            let speeds = [m.speed_kmh_best, m.speed_kmh, m.speed_kmh_worst];
            let dwell = m.border_dwell_hours.cases();
            let mut figures = vec![
                ("usd_per_teu_km", m.usd_per_teu_km, RATE),
                ("usd_per_tonne_km", m.usd_per_tonne_km, RATE),
                ("co2_kg_per_tonne_km", m.co2_kg_per_tonne_km, CO2),
                ("border_fee_usd", m.border_fee_usd, FEE),
                ("backlog_hours", m.backlog_hours, HOURS),
            ];
            figures.extend(
                CASE_FIELDS[0]
                    .iter()
                    .zip(speeds)
                    .map(|(f, v)| (*f, v, SPEED_KMH)),
            );
            figures.extend(
                CASE_FIELDS[1]
                    .iter()
                    .zip(dwell)
                    .map(|(f, v)| (*f, v, HOURS)),
            );
            if let Some(f) = m.sailings_per_week {
                figures.push(("sailings_per_week", f, SAILINGS));
            }
            for (field, v, bound) in figures {
                if let Some(p) = amount_problem(v, bound) {
                    return Err(bad(format!("{name}.{field}"), p));
                }
            }
            if let Some(p) = cases_problem(speeds.map(Some), true) {
                return Err(bad(format!("{name}.speed_kmh"), p));
            }
            if let Some(p) = cases_problem(dwell.map(Some), false) {
                return Err(bad(format!("{name}.border_dwell_hours"), p));
            }
        }
        let transfers = [
            ("gauge_change", &self.gauge_change),
            ("rail_road", &self.rail_road),
            ("to_sea", &self.to_sea),
            ("pipeline_other", &self.pipeline_other),
        ];
        for (name, t) in transfers {
            let mut figures = vec![
                ("usd_per_teu", t.usd_per_teu, FEE),
                ("usd_per_tonne", t.usd_per_tonne, FEE),
            ];
            let hours = t.hours.cases();
            figures.extend(
                CASE_FIELDS[2]
                    .iter()
                    .zip(hours)
                    .map(|(f, v)| (*f, v, HOURS)),
            );
            for (field, v, bound) in figures {
                if let Some(p) = amount_problem(v, bound) {
                    return Err(bad(format!("{name}.{field}"), p));
                }
            }
            if let Some(p) = cases_problem(hours.map(Some), false) {
                return Err(bad(format!("{name}.hours"), p));
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
