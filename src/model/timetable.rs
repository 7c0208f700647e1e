//! Weekly timetables: when a scheduled service (a ferry, a block train) leaves.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Hours in a week: timetables repeat with this period.
pub const HOURS_PER_WEEK: f64 = 168.0;

/// A weekly departure: a day of the week and a time of day, in UTC, written `"Tue 20:00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Departure {
    /// Minutes after Monday 00:00 UTC, 0..10080.
    minute_of_week: u16,
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const FULL_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Departure {
    /// The departure on `day` (0 = Monday … 6 = Sunday) at `hour:minute` UTC, or `None` when a
    /// number is out of range.
    pub fn new(day: u8, hour: u8, minute: u8) -> Option<Departure> {
        (day < 7 && hour < 24 && minute < 60).then(|| Departure {
            minute_of_week: u16::from(day) * 1440 + u16::from(hour) * 60 + u16::from(minute),
        })
    }

    /// Hours after Monday 00:00 UTC.
    pub fn hour_of_week(self) -> f64 {
        f64::from(self.minute_of_week) / 60.0
    }
}

impl std::str::FromStr for Departure {
    type Err = String;

    /// Reads `"Tue 20:00"` (a three-letter English day, any case, then `HH:MM` UTC).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!("`{s}` is not a weekly departure (expected a day and a UTC time, e.g. \"Tue 20:00\")")
        };
        let (day, time) = s.trim().split_once(char::is_whitespace).ok_or_else(bad)?;
        let day = (0..7)
            .find(|&i| DAYS[i].eq_ignore_ascii_case(day) || FULL_DAYS[i].eq_ignore_ascii_case(day))
            .ok_or_else(bad)?;
        let (h, m) = time.trim().split_once(':').ok_or_else(bad)?;
        let (h, m) = (h.parse::<u8>(), m.parse::<u8>());
        match (h, m) {
            (Ok(h), Ok(m)) => Departure::new(day as u8, h, m).ok_or_else(bad),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Departure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.minute_of_week;
        write!(
            f,
            "{} {:02}:{:02}",
            DAYS[usize::from(m / 1440)],
            m % 1440 / 60,
            m % 60
        )
    }
}

impl Serialize for Departure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Departure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The weekly departures of a scheduled service on a link, with their source.
///
/// With a departure time in the request ([`RouteRequest::depart`](crate::RouteRequest::depart)),
/// a consignment boards at the first departure at or after it reaches the link; without one,
/// the wait is the range that the frequency implies (see [`CostModel`](crate::CostModel)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timetable {
    /// Departures in the week, UTC, e.g. `["Tue 20:00", "Fri 20:00"]`; at least one.
    pub departures: Vec<Departure>,
    /// A source key or provenance tag.
    pub source: String,
    /// Caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Timetable {
    /// Hours from `hour_of_week` (hours after Monday 00:00 UTC, any real number) to the next
    /// departure at or after it; `None` without departures.
    pub fn wait_hours(&self, hour_of_week: f64) -> Option<f64> {
        let now = hour_of_week.rem_euclid(HOURS_PER_WEEK);
        self.departures
            .iter()
            .map(|d| (d.hour_of_week() - now).rem_euclid(HOURS_PER_WEEK))
            .min_by(f64::total_cmp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departures_read_and_print_alike() {
        let d: Departure = "tue 20:05".parse().unwrap();
        assert_eq!(d.to_string(), "Tue 20:05");
        assert_eq!(d.hour_of_week(), 24.0 + 20.0 + 5.0 / 60.0);
        assert_eq!(
            "Sunday 23:59".parse::<Departure>().unwrap().to_string(),
            "Sun 23:59"
        );
        for bad in [
            "Tue",
            "Tux 10:00",
            "Tue 24:00",
            "Tue 10:60",
            "10:00 Tue",
            "Tu 10:00",
            "Sunxy 10:00",
        ] {
            assert!(bad.parse::<Departure>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_wait_is_to_the_next_departure_in_the_week() {
        let t = Timetable {
            departures: vec!["Tue 12:00".parse().unwrap(), "Fri 00:00".parse().unwrap()],
            source: "assumption".into(),
            note: None,
        };
        // Monday 00:00 -> Tuesday 12:00: 36 h.
        assert_eq!(t.wait_hours(0.0), Some(36.0));
        // Exactly at a departure: no wait.
        assert_eq!(t.wait_hours(36.0), Some(0.0));
        // Saturday 00:00 (120 h) -> next Tuesday 12:00 (168 + 36): 84 h.
        assert_eq!(t.wait_hours(120.0), Some(84.0));
        // The week wraps, also for times past it.
        assert_eq!(t.wait_hours(168.0 + 120.0), Some(84.0));
        let empty = Timetable {
            departures: vec![],
            ..t
        };
        assert_eq!(empty.wait_hours(1.0), None);
    }
}
