//! Numbers as people read them, in tables and messages alike.

use std::fmt;

/// A figure as a person reads it. Below 10^15 it prints as Rust prints an `f64` with the
/// table's width and precision (`{:>7.0}` → `   1664`), so ordinary tables do not change.
/// From 10^15 on (sixteen digits and more, where the plain form runs to hundreds of digits
/// for a huge quantity or an overflowing cost), and below 0.0001 when no precision is asked
/// for (a quantity of `1e-300` TEU would print 300 zeros), it prints in scientific notation
/// with at most three significant digits: `1e306`, `1.23e17`, `2.5e-300`. `inf` and `NaN`
/// print as Rust prints them.
pub(crate) struct Readable(pub(crate) f64);

impl fmt::Display for Readable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0.abs();
        let plain = x < 1e15 && (x >= 1e-4 || x == 0.0 || f.precision().is_some());
        if plain || !x.is_finite() {
            return fmt::Display::fmt(&self.0, f);
        }
        // Three significant digits, trailing zeros of the mantissa dropped.
        let sci = format!("{:.2e}", self.0);
        let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        let text = format!("{mantissa}e{exponent}");
        // The width and alignment of the table's column (numbers align right by default).
        let pad = f.width().unwrap_or(0).saturating_sub(text.chars().count());
        let (before, after) = match f.align() {
            Some(fmt::Alignment::Left) => (0, pad),
            Some(fmt::Alignment::Center) => (pad / 2, pad - pad / 2),
            _ => (pad, 0),
        };
        let fill = f.fill().to_string();
        write!(f, "{}{text}{}", fill.repeat(before), fill.repeat(after))
    }
}
