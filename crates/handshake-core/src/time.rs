//! Virtual time.
//!
//! The core never reads a clock. Every call that needs "now" takes an [`Instant`] argument;
//! the simulator owns the virtual clock and the browser converts `performance.now()` at its edge.
//! Resolution is one microsecond, so RFC 6298's fractional arithmetic (α = 1/8, β = 1/4) stays
//! exact enough while every reference-profile time is a whole number of milliseconds.

use core::fmt;
use core::ops::{Add, AddAssign, Sub};

/// A point in virtual time, in microseconds since the start of the simulation.
///
/// Byte-aligned (`packed`), like [`Duration`]: an `Option` of one takes 9 bytes instead of 16,
/// so a `TxId` is 16 bytes instead of 24 and a trace event 128 instead of 152 — a size the
/// compiler copies with a few vector moves instead of a call to `memcpy` (the loss sweep pushes
/// some 70 events per run; issue 15). Both are `Copy` and their one field is only ever read by
/// value, so nothing borrows a misaligned field; x86-64 and wasm load unaligned words at full
/// speed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(Rust, packed)]
pub struct Instant {
    micros: u64,
}

/// A span of virtual time, in microseconds. Byte-aligned, as [`Instant`] says why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(Rust, packed)]
pub struct Duration {
    micros: u64,
}

impl Instant {
    /// The start of every simulation.
    pub const ZERO: Instant = Instant { micros: 0 };
    /// Later than any instant a simulation reaches.
    pub const MAX: Instant = Instant { micros: u64::MAX };

    pub const fn from_micros(micros: u64) -> Instant {
        Instant { micros }
    }
    pub const fn from_millis(millis: u64) -> Instant {
        Instant {
            micros: millis.saturating_mul(1000),
        }
    }
    pub const fn from_secs(secs: u64) -> Instant {
        Instant {
            micros: secs.saturating_mul(1_000_000),
        }
    }
    pub const fn total_micros(self) -> u64 {
        self.micros
    }
    /// Whole milliseconds, rounded down.
    pub const fn total_millis(self) -> u64 {
        self.micros / 1000
    }
    /// Milliseconds as a float (for display and JSON).
    pub fn millis_f64(self) -> f64 {
        self.micros as f64 / 1000.0
    }
    /// The time elapsed since `earlier`, or zero if `earlier` is later.
    pub const fn saturating_since(self, earlier: Instant) -> Duration {
        Duration {
            micros: self.micros.saturating_sub(earlier.micros),
        }
    }
}

impl Duration {
    pub const ZERO: Duration = Duration { micros: 0 };

    pub const fn from_micros(micros: u64) -> Duration {
        Duration { micros }
    }
    pub const fn from_millis(millis: u64) -> Duration {
        Duration {
            micros: millis.saturating_mul(1000),
        }
    }
    pub const fn from_secs(secs: u64) -> Duration {
        Duration {
            micros: secs.saturating_mul(1_000_000),
        }
    }
    pub const fn total_micros(self) -> u64 {
        self.micros
    }
    pub const fn total_millis(self) -> u64 {
        self.micros / 1000
    }
    pub fn millis_f64(self) -> f64 {
        self.micros as f64 / 1000.0
    }
    pub const fn saturating_mul(self, factor: u64) -> Duration {
        Duration {
            micros: self.micros.saturating_mul(factor),
        }
    }
    pub const fn saturating_sub(self, other: Duration) -> Duration {
        Duration {
            micros: self.micros.saturating_sub(other.micros),
        }
    }
    pub const fn max(self, other: Duration) -> Duration {
        if self.micros >= other.micros {
            self
        } else {
            other
        }
    }
    pub const fn min(self, other: Duration) -> Duration {
        if self.micros <= other.micros {
            self
        } else {
            other
        }
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, rhs: Duration) -> Instant {
        Instant {
            micros: self.micros.saturating_add(rhs.micros),
        }
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, rhs: Duration) {
        *self = *self + rhs;
    }
}

impl Sub<Instant> for Instant {
    type Output = Duration;
    /// Saturating: an earlier minus a later instant is zero.
    fn sub(self, rhs: Instant) -> Duration {
        self.saturating_since(rhs)
    }
}

impl Add for Duration {
    type Output = Duration;
    fn add(self, rhs: Duration) -> Duration {
        Duration {
            micros: self.micros.saturating_add(rhs.micros),
        }
    }
}

impl Sub for Duration {
    type Output = Duration;
    fn sub(self, rhs: Duration) -> Duration {
        self.saturating_sub(rhs)
    }
}

/// Seconds with up to three decimals, trailing zeros dropped: `0`, `1.1`, `0.35`, `2.125`.
fn fmt_secs(micros: u64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let secs = micros / 1_000_000;
    let frac_ms = (micros % 1_000_000) / 1000;
    let sub_ms = micros % 1000;
    if frac_ms == 0 && sub_ms == 0 {
        return write!(f, "{secs}");
    }
    if sub_ms == 0 {
        let mut digits = frac_ms;
        let mut width = 3;
        while digits % 10 == 0 {
            digits /= 10;
            width -= 1;
        }
        return write!(f, "{secs}.{digits:0width$}");
    }
    write!(f, "{secs}.{:06}", micros % 1_000_000)
}

impl fmt::Display for Instant {
    /// `1.1s`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_secs(self.micros, f)?;
        f.write_str("s")
    }
}

impl fmt::Display for Duration {
    /// `2s`, `0.5s`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_secs(self.micros, f)?;
        f.write_str("s")
    }
}

impl Duration {
    /// Reads what [`Duration`]'s `Display` writes: seconds with up to six decimals and an `s`
    /// (`2s`, `0.5s`, `1.500001s`). `None` for anything else.
    pub fn parse_secs(text: &str) -> Option<Duration> {
        let digits = text.strip_suffix('s')?;
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || frac.len() > 6 {
            return None;
        }
        if digits.contains('.') && frac.is_empty() {
            return None;
        }
        let secs: u64 = whole.parse().ok()?;
        let mut micros: u64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            micros += u64::from(b - b'0') * 10u64.pow(5 - i as u32);
        }
        secs.checked_mul(1_000_000)?
            .checked_add(micros)
            .map(Duration::from_micros)
    }
}

/// Microseconds written as milliseconds in JSON (scenario files, traces): an integer when
/// whole (`1100`), else fractional (`106.5`).
#[cfg(feature = "serde")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct JsonMillis(pub u64);

#[cfg(feature = "serde")]
impl serde::Serialize for JsonMillis {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 1000 == 0 {
            s.serialize_u64(self.0 / 1000)
        } else {
            s.serialize_f64(self.0 as f64 / 1000.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn display_drops_trailing_zeros() {
        assert_eq!(format!("{}", Instant::from_millis(0)), "0s");
        assert_eq!(format!("{}", Instant::from_millis(1100)), "1.1s");
        assert_eq!(format!("{}", Instant::from_millis(350)), "0.35s");
        assert_eq!(format!("{}", Instant::from_millis(2125)), "2.125s");
        assert_eq!(format!("{}", Duration::from_secs(240)), "240s");
        assert_eq!(format!("{}", Duration::from_micros(1_500_001)), "1.500001s");
    }

    #[test]
    fn durations_read_back_from_their_text() {
        for micros in [0, 1, 1000, 1_500_001, 2_125_000, 240_000_000, 3_500_000] {
            let d = Duration::from_micros(micros);
            assert_eq!(Duration::parse_secs(&format!("{d}")), Some(d));
        }
        for bad in [
            "",
            "s",
            "1",
            "1.s",
            ".5s",
            "1.2345678s",
            "-1s",
            "1,5s",
            "99999999999999999999s",
        ] {
            assert_eq!(Duration::parse_secs(bad), None, "{bad}");
        }
    }

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(
            Instant::from_millis(5) - Instant::from_millis(7),
            Duration::ZERO
        );
        assert_eq!(Instant::MAX + Duration::from_secs(1), Instant::MAX);
        assert_eq!(
            Duration::from_secs(1).saturating_mul(2),
            Duration::from_secs(2)
        );
    }
}
