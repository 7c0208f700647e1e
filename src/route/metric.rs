//! The per-query metric: what each edge of the search graph measures for this cargo, whether
//! the query may use it, its search weight, and the A* bound. Shared by every query kind.

use crate::cost::{Case, Duration, Measures};
use crate::model::{CargoKind, Carrier};
use crate::network::{LinkPrice, StateEdge};

use super::resolve::{mode_ix, Query};
use super::Objective;

/// Objective units per hour added to break ties between equally good routes: far below any
/// figure worth reporting (1e-9 km per hour of transit), far above rounding noise.
const TIE_BREAK: f64 = 1e-9;

impl Query<'_> {
    /// Whether the query may ride on carrier `c`.
    #[inline]
    pub(crate) fn carrier_ok(&self, c: Carrier) -> bool {
        self.modes[mode_ix(c.mode())] && (self.any_cargo || self.cargo.kind.fits(c))
    }

    /// The states of place `p` a consignment may start in under this query (its carriers
    /// allowed): where every search of the query begins.
    pub(crate) fn start_states(&self, p: u32) -> impl Iterator<Item = u32> + '_ {
        let sg = self.net.search_graph();
        sg.states_of(p)
            .filter(move |&s| self.carrier_ok(sg.state_carrier[s as usize]))
    }

    /// Place indices of link `link`'s ends, in travel order.
    #[inline]
    pub(crate) fn ends(&self, link: u32, forward: bool) -> (u32, u32) {
        self.net.link_ends(link, forward)
    }

    /// The search weight of an edge: its objective score plus [`TIE_BREAK`] per hour of a
    /// second measure, so that among equally good routes one wins by a rule rather than by
    /// search order (and every search — A*, the hierarchy of
    /// [`Prepared`](super::Prepared), Yen's spurs — picks the same): the faster in the typical
    /// case (the more reliable one for time), instead of one with pointless transfers.
    #[inline]
    pub(crate) fn weight(&self, m: &Measures) -> f64 {
        let second = match self.objective {
            Objective::Time => m.duration_worst_hours,
            _ => m.duration_hours,
        };
        self.objective.score(m) + TIE_BREAK * second
    }

    /// The A* bound's rate: the least objective score per straight-line km over the links
    /// this query may use, so that `rate × chord(place, destination)` never exceeds the score
    /// of any way to the destination.
    ///
    /// Admissible and consistent for every objective: a link's score (border included) is at
    /// least `rate × chord(u, v)` by construction; transfers stay at one place (bound
    /// difference 0, score >= 0); and the chord is a metric, so
    /// `chord(u, t) <= chord(u, v) + chord(v, t)`. Links whose ends coincide add no distance
    /// and are skipped. The small margin absorbs rounding.
    pub(crate) fn rate_per_km(&self) -> f64 {
        let mut rate = f64::INFINITY;
        for l in self.net.links() {
            let p = self.net.price(l.index() as u32);
            if p.chord_km <= 0.0
                || !(self.any_status || l.open_in(self.year))
                || !l.carriers().any(|c| self.carrier_ok(c))
            {
                continue;
            }
            let score = self.objective.score(&self.link_measures(l.length_km(), p));
            rate = rate.min(score / p.chord_km);
        }
        if rate.is_finite() {
            rate * (1.0 - 1e-9)
        } else {
            0.0
        }
    }

    /// Measures of travelling a link of `km` with price `p` for this cargo, without the
    /// border.
    #[inline]
    pub(crate) fn link_measures(&self, km: f64, p: &LinkPrice) -> Measures {
        let q = self.cargo.quantity;
        let (usd, tonnes) = match self.cargo.kind {
            CargoKind::Container => (p.usd_per_teu, q * self.net.cost_model().tonnes_per_teu),
            _ => (p.usd_per_tonne, q),
        };
        Measures {
            distance_km: km,
            cost_usd: usd * q,
            co2_kg: p.co2_per_tonne * tonnes,
            ..Measures::default()
        }
        .with_duration(p.hours)
    }

    /// Measures of an edge for this query, border and wait for a departure included, or
    /// `None` when the edge may not be used. Waits are the ranges of
    /// [`CostModel::departure_wait`](crate::CostModel); see [`Query::measures_at`].
    #[inline]
    pub(crate) fn measures(&self, edge: &StateEdge) -> Option<Measures> {
        self.measures_at(edge, None)
    }

    /// [`Query::measures`] for a consignment that reaches the edge `clocks` hours after
    /// leaving (`[best, typical, worst]` case): with a departure time in the request, a link
    /// with a timetable is boarded at its next departure in each case (the worst case adding
    /// the backlog). Without `clocks` or a departure time, the waits are ranges.
    #[inline]
    pub(crate) fn measures_at(
        &self,
        edge: &StateEdge,
        clocks: Option<[f64; 3]>,
    ) -> Option<Measures> {
        let net = self.net;
        match *edge {
            StateEdge::Link {
                link,
                forward,
                carrier,
            } => {
                let l = net.link_ref(link);
                if !self.carrier_ok(carrier) || !(self.any_status || l.open_in(self.year)) {
                    return None;
                }
                if !self.blocked_links.is_empty() && self.blocked_links.binary_search(&link).is_ok()
                {
                    return None;
                }
                let (a, b) = self.ends(link, forward);
                if self.avoid.blocks(net, a) || self.avoid.blocks(net, b) {
                    return None;
                }
                let mut m = self.link_measures(l.length_km(), net.price(link));
                let mut hours = m.duration() + self.link_wait(link, clocks);
                if let Some(b) = net.border(link, forward) {
                    hours += b.hours;
                    m.cost_usd += b.fee_usd;
                }
                Some(m.with_duration(hours))
            }
            StateEdge::Transfer {
                place,
                from,
                to,
                kind,
            } => {
                if !self.carrier_ok(from) || !self.carrier_ok(to) {
                    return None;
                }
                Some(
                    net.cost_model()
                        .transfer_at(net.place_ref(place), kind, &self.cargo),
                )
            }
        }
    }

    /// The wait for a departure on link `link` reached `clocks` hours after leaving: exact
    /// for a timetabled link when the request gives a departure time, else the range.
    #[inline]
    pub(crate) fn link_wait(&self, link: u32, clocks: Option<[f64; 3]>) -> Duration {
        let p = self.net.price(link);
        match (self.depart, clocks) {
            (Some(d), Some(clocks)) if self.net.has_timetables() => self
                .scheduled_wait(self.net.link_ref(link), d.hour_of_week, clocks)
                .unwrap_or(p.wait),
            _ => p.wait,
        }
    }

    /// The exact wait for link `l`'s next departure in each case, for a consignment leaving
    /// at `hour_of_week` and reaching the link `clocks` hours later; `None` when the link has
    /// no timetable.
    fn scheduled_wait(
        &self,
        l: crate::LinkRef<'_>,
        hour_of_week: f64,
        clocks: [f64; 3],
    ) -> Option<Duration> {
        let tt = l.timetable()?;
        let backlog = l
            .backlog_hours()
            .map_or(self.net.cost_model().mode(l.mode()).backlog_hours, |b| {
                b.value
            });
        let mut w = [0.0; 3];
        for c in Case::ALL {
            w[c as usize] = tt.wait_hours(hour_of_week + clocks[c as usize])?;
        }
        w[Case::Worst as usize] += backlog;
        Some(Duration::from_cases(w))
    }

    /// Whether the search must follow the clock: a departure time is given, the objective is
    /// a time, and some link keeps a timetable. Then edge weights depend on when an edge is
    /// reached (FIFO: leaving later never arrives earlier), and the search is time-dependent.
    pub(crate) fn timed(&self) -> bool {
        self.depart.is_some()
            && matches!(self.objective, Objective::Time | Objective::WorstTime)
            && self.net.has_timetables()
    }

    /// What the A* rate depends on: queries with the same key share it.
    pub(crate) fn rate_key(&self) -> RateKey {
        RateKey {
            objective: self.objective,
            cargo: self.cargo,
            modes: self.modes,
            year: self.year,
            any_status: self.any_status,
            any_cargo: self.any_cargo,
        }
    }
}

/// What the A* rate depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RateKey {
    objective: Objective,
    cargo: crate::model::Cargo,
    modes: [bool; 4],
    year: Option<i32>,
    any_status: bool,
    any_cargo: bool,
}
