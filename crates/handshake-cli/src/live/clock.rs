//! Time at the edge: the real clock turned into the core's virtual [`Instant`].
//!
//! The core never reads a clock. A live run starts a [`LiveClock`] just before the scenario's
//! first actions; from then on virtual time is the real time elapsed since that origin, in
//! microseconds, so a timer the model sets for 1 s fires one real second later and a segment the
//! kernel sends 100 ms after the start is stamped 100 ms.

use std::time::{Duration as StdDuration, Instant as StdInstant};

use handshake_core::Instant;

/// Maps the real (monotonic) clock to virtual time and back.
#[derive(Clone, Copy, Debug)]
pub struct LiveClock {
    origin: StdInstant,
}

impl LiveClock {
    /// Virtual time 0 is now.
    pub fn start() -> LiveClock {
        LiveClock::starting_at(StdInstant::now())
    }

    /// Virtual time 0 is `origin`.
    pub fn starting_at(origin: StdInstant) -> LiveClock {
        LiveClock { origin }
    }

    /// The virtual present.
    pub fn now(&self) -> Instant {
        self.virtual_at(StdInstant::now())
    }

    /// The virtual time of a real instant; instants before the origin are 0 (the clock never
    /// runs backwards).
    pub fn virtual_at(&self, real: StdInstant) -> Instant {
        let since = real.saturating_duration_since(self.origin);
        Instant::from_micros(u64::try_from(since.as_micros()).unwrap_or(u64::MAX))
    }

    /// The real instant at which virtual time reaches `t`.
    pub fn real_at(&self, t: Instant) -> StdInstant {
        self.origin + StdDuration::from_micros(t.total_micros())
    }

    /// How long to wait from the real instant `real` until virtual time `t` (zero if it has
    /// passed).
    pub fn wait_until(&self, t: Instant, real: StdInstant) -> StdDuration {
        self.real_at(t).saturating_duration_since(real)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_time_is_real_time_since_the_origin_in_microseconds() {
        let origin = StdInstant::now();
        let clock = LiveClock::starting_at(origin);
        assert_eq!(clock.virtual_at(origin), Instant::ZERO);
        assert_eq!(
            clock.virtual_at(origin + StdDuration::from_micros(1_234_567)),
            Instant::from_micros(1_234_567)
        );
        // Sub-microsecond remainders are cut, never rounded up into the future.
        assert_eq!(
            clock.virtual_at(origin + StdDuration::from_nanos(1_999)),
            Instant::from_micros(1)
        );
    }

    #[test]
    fn an_instant_before_the_origin_is_time_zero() {
        let origin = StdInstant::now() + StdDuration::from_secs(5);
        let clock = LiveClock::starting_at(origin);
        assert_eq!(clock.virtual_at(StdInstant::now()), Instant::ZERO);
    }

    #[test]
    fn real_and_virtual_round_trip() {
        let origin = StdInstant::now();
        let clock = LiveClock::starting_at(origin);
        let t = Instant::from_millis(1_500);
        assert_eq!(clock.real_at(t), origin + StdDuration::from_millis(1_500));
        assert_eq!(clock.virtual_at(clock.real_at(t)), t);
    }

    #[test]
    fn waiting_for_a_time_that_has_passed_is_no_wait() {
        let origin = StdInstant::now();
        let clock = LiveClock::starting_at(origin);
        let at_2s = origin + StdDuration::from_secs(2);
        assert_eq!(
            clock.wait_until(Instant::from_millis(2_250), at_2s),
            StdDuration::from_millis(250)
        );
        assert_eq!(
            clock.wait_until(Instant::from_secs(1), at_2s),
            StdDuration::ZERO
        );
    }
}
