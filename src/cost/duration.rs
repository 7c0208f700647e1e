//! Time in three cases: best, typical, worst.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::readable::Readable;

/// How long something takes, in hours, in three cases:
///
/// - `best`: everything flows (speed trains, per-train processing with no queue);
/// - `typical`: what published averages show;
/// - `worst`: published congestion (the reloading queues of 2021–2023, the Caspian ferry
///   backlog of 2022).
///
/// `best <= typical <= worst`. Durations add case by case, so a route's worst case is every
/// piece at its worst: an envelope, not a likely outcome.
///
/// # Example
/// ```
/// use corridor::Duration;
///
/// let d = Duration::new(307.2, 391.2, 660.0);
/// assert_eq!(d.to_string(), "16.3 days (12.8–27.5)");
/// assert_eq!(Duration::new(2.0, 4.3, 9.0).to_string(), "4.3 h (2.0–9.0)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Duration {
    /// Hours when everything flows.
    pub best: f64,
    /// Hours on average.
    pub typical: f64,
    /// Hours in published congestion.
    pub worst: f64,
}

/// Which of the three cases of a [`Duration`] (also: which case a published figure
/// describes, [`calibration`](crate::calibration)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Case {
    /// Everything flows: speed trains, per-train processing, first runs, targets.
    Best = 0,
    /// Published averages, scheduled services, market ranges in normal times.
    Typical = 1,
    /// Published congestion peaks.
    Worst = 2,
}

impl Case {
    pub(crate) const ALL: [Case; 3] = [Case::Best, Case::Typical, Case::Worst];
}

impl Duration {
    /// No time at all.
    pub const ZERO: Duration = Duration::fixed(0.0);

    /// A duration from its three cases, hours.
    pub const fn new(best: f64, typical: f64, worst: f64) -> Duration {
        Duration {
            best,
            typical,
            worst,
        }
    }

    /// The same hours in every case (a fixed sailing time, a figure with no spread).
    pub const fn fixed(hours: f64) -> Duration {
        Duration::new(hours, hours, hours)
    }

    /// The cases as `[best, typical, worst]`.
    pub fn cases(&self) -> [f64; 3] {
        [self.best, self.typical, self.worst]
    }

    pub(crate) fn from_cases([best, typical, worst]: [f64; 3]) -> Duration {
        Duration::new(best, typical, worst)
    }

    /// Every case times `k`.
    pub fn scaled(&self, k: f64) -> Duration {
        Duration::from_cases(self.cases().map(|h| h * k))
    }

    /// Whether `best <= typical <= worst`.
    pub fn is_ordered(&self) -> bool {
        self.best <= self.typical && self.typical <= self.worst
    }

    /// The three cases from the figures a record gives (`[best, typical, worst]`, any of them
    /// missing) and the default spread of its kind.
    ///
    /// The rule, the same for every timed piece:
    /// 1. nothing given: the default;
    /// 2. otherwise the missing cases are the default's, scaled by the geometric mean of
    ///    given ÷ default over the cases given (above a millionth of an hour in both), so one
    ///    published figure
    ///    carries the default's spread to the others: a crossing whose typical dwell is twice
    ///    the default's has twice the default's best and worst too;
    /// 3. when no given case can be compared (zeros), a missing case copies the given one
    ///    nearest to it;
    /// 4. a filled case never passes a given neighbour: filled best ≤ typical ≤ filled worst.
    ///
    /// # Example
    /// ```
    /// use corridor::Duration;
    ///
    /// let default = Duration::new(2.0, 24.0, 240.0);
    /// // Only the best case is published: the spread follows it.
    /// assert_eq!(Duration::fill([Some(1.0), None, None], default), Duration::new(1.0, 12.0, 120.0));
    /// // Best and worst published: typical scaled by their geometric mean (0.5 and 0.6 → √0.3).
    /// let d = Duration::fill([Some(1.0), None, Some(144.0)], default);
    /// assert!((d.typical - 24.0 * 0.3f64.sqrt()).abs() < 1e-9);
    /// ```
    pub fn fill(given: [Option<f64>; 3], default: Duration) -> Duration {
        if given.iter().all(Option::is_none) {
            return default;
        }
        let d = default.cases();
        let (mut log_sum, mut n) = (0.0, 0u32);
        for (g, d) in given.iter().zip(d) {
            if let Some(g) = *g {
                // Comparable cases only: figures of a few milliseconds and less (or
                // subnormal ones, whose ratios overflow) say nothing about a spread.
                if g > MIN_COMPARABLE_HOURS && d > MIN_COMPARABLE_HOURS {
                    log_sum += g.ln() - d.ln();
                    n += 1;
                }
            }
        }
        let mut out = [0.0; 3];
        for i in 0..3 {
            out[i] = match given[i] {
                Some(g) => g,
                None if n > 0 => d[i] * (log_sum / f64::from(n)).exp(),
                // The nearest given case (at least one is given).
                None => NEAREST[i].iter().find_map(|&j| given[j]).unwrap_or(0.0),
            };
        }
        if given[1].is_none() {
            let lo = given[0].unwrap_or(0.0);
            let hi = given[2].unwrap_or(f64::INFINITY);
            out[1] = out[1].clamp(lo, hi.max(lo));
        }
        if given[0].is_none() {
            out[0] = out[0].min(out[1]);
        }
        if given[2].is_none() {
            out[2] = out[2].max(out[1]);
        }
        Duration::from_cases(out)
    }
}

/// Below this many hours (3.6 ms) a case is too small to scale a spread by.
const MIN_COMPARABLE_HOURS: f64 = 1e-6;

/// For each case, the other cases from nearest to farthest.
const NEAREST: [[usize; 2]; 3] = [[1, 2], [0, 2], [1, 0]];

impl std::ops::Add for Duration {
    type Output = Duration;
    fn add(self, o: Duration) -> Duration {
        Duration::new(
            self.best + o.best,
            self.typical + o.typical,
            self.worst + o.worst,
        )
    }
}

impl std::ops::AddAssign for Duration {
    fn add_assign(&mut self, o: Duration) {
        *self = *self + o;
    }
}

/// Typical hours, then the best–worst range in brackets: in days from two days on
/// (`16.3 days (12.8–27.5)`), in hours below (`31.0 h (27.5–40.0)`). A duration with no
/// spread prints one figure.
impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (k, unit) = if self.typical >= 48.0 {
            (1.0 / 24.0, " days")
        } else {
            (1.0, " h")
        };
        let [b, t, w] = self.cases().map(|h| h * k);
        write!(f, "{:.1}{unit}", Readable(t))?;
        if (b - t).abs() >= 0.05 || (w - t).abs() >= 0.05 {
            write!(f, " ({:.1}–{:.1})", Readable(b), Readable(w))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: Duration = Duration::new(2.0, 24.0, 240.0);

    #[test]
    fn one_typical_figure_carries_the_default_spread() {
        let d = Duration::fill([None, Some(60.0), None], D);
        let want = [5.0, 60.0, 600.0];
        assert!(
            d.cases()
                .iter()
                .zip(want)
                .all(|(a, b)| (a - b).abs() < 1e-9),
            "{d:?}"
        );
    }

    #[test]
    fn given_figures_are_kept_and_filled_ones_stay_in_order() {
        // Typical 60 and worst 70 given: the best is scaled by √(60/24 · 70/240) ≈ 0.854.
        let d = Duration::fill([None, Some(60.0), Some(70.0)], D);
        assert_eq!((d.typical, d.worst), (60.0, 70.0));
        assert!((d.best - 2.0 * (2.5f64 * 70.0 / 240.0).sqrt()).abs() < 1e-12);
        // A best above the default typical pulls typical up, but never above the given worst.
        let d = Duration::fill([Some(30.0), None, Some(31.0)], D);
        assert!(d.is_ordered() && d.best == 30.0 && d.worst == 31.0, "{d:?}");
    }

    #[test]
    fn zeros_copy_the_nearest_given_case() {
        let d = Duration::fill([None, Some(0.0), None], D);
        assert_eq!(d, Duration::ZERO);
        let d = Duration::fill([None, Some(5.0), None], Duration::ZERO);
        assert_eq!(d, Duration::fixed(5.0));
        let d = Duration::fill([Some(0.0), None, Some(9.0)], Duration::ZERO);
        assert!(d.is_ordered() && d.best == 0.0 && d.worst == 9.0, "{d:?}");
    }

    #[test]
    fn a_subnormal_default_does_not_blow_the_spread_up() {
        // 0.33 / 1e-310 overflows; such a case is left out of the scale.
        let d = Duration::fill(
            [Some(0.33), Some(4.25), None],
            Duration::new(1e-310, 3.0, 36.0),
        );
        assert_eq!((d.best, d.typical), (0.33, 4.25));
        assert!((d.worst - 36.0 * 4.25 / 3.0).abs() < 1e-9, "{d:?}");
    }

    #[test]
    fn nothing_given_is_the_default() {
        assert_eq!(Duration::fill([None; 3], D), D);
    }

    #[test]
    fn prints_days_or_hours() {
        assert_eq!(Duration::fixed(22.0).to_string(), "22.0 h");
        assert_eq!(
            Duration::new(24.0, 48.0, 96.0).to_string(),
            "2.0 days (1.0–4.0)"
        );
    }
}
