//! The retransmission timeout estimator of RFC 6298.

use crate::config::Config;
use crate::time::Duration;

/// RFC 6298 §2: "G" — the clock granularity. The virtual clock counts microseconds; 1 ms is used
/// so that `max(G, K*RTTVAR)` never collapses to zero. (With the 1 s minimum it never matters.)
pub const CLOCK_GRANULARITY: Duration = Duration::from_millis(1);
/// RFC 6298 §2: "K <- 4".
const K: u64 = 4;

/// SRTT, RTTVAR and RTO of one connection (RFC 6298 §2), plus the current backoff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RttEstimator {
    srtt: Option<Duration>,
    rttvar: Duration,
    rto: Duration,
    /// How many times the RTO has been doubled since the last valid sample (RFC 6298 (5.5)).
    backoff: u8,
    min: Duration,
    max: Duration,
}

impl RttEstimator {
    /// RFC 6298 (2.1): "Until a round-trip time (RTT) measurement has been made for a segment
    /// sent between the sender and receiver, the sender SHOULD set RTO <- 1 second".
    pub fn new(config: &Config) -> RttEstimator {
        RttEstimator {
            srtt: None,
            rttvar: Duration::ZERO,
            rto: config.rto_initial,
            backoff: 0,
            min: config.rto_min,
            max: config.rto_max,
        }
    }

    pub fn rto(&self) -> Duration {
        self.rto
    }
    pub fn srtt(&self) -> Option<Duration> {
        self.srtt
    }
    pub fn rttvar(&self) -> Duration {
        self.rttvar
    }
    pub fn backoff(&self) -> u8 {
        self.backoff
    }

    /// Takes a valid RTT measurement R (never from a retransmitted segment: Karn, RFC 6298 §3).
    pub fn sample(&mut self, r: Duration) {
        match self.srtt {
            // (2.2) "When the first RTT measurement R is made, the host MUST set
            //        SRTT <- R, RTTVAR <- R/2, RTO <- SRTT + max (G, K*RTTVAR)"
            None => {
                self.srtt = Some(r);
                self.rttvar = Duration::from_micros(r.total_micros() / 2);
            }
            // (2.3) "RTTVAR <- (1 - beta) * RTTVAR + beta * |SRTT - R'|
            //        SRTT <- (1 - alpha) * SRTT + alpha * R'"  with alpha=1/8, beta=1/4,
            //        RTTVAR updated with the SRTT from before this sample.
            Some(srtt) => {
                let (s, v, r) = (
                    srtt.total_micros(),
                    self.rttvar.total_micros(),
                    r.total_micros(),
                );
                let err = s.abs_diff(r);
                self.rttvar = Duration::from_micros((3 * v + err) / 4);
                self.srtt = Some(Duration::from_micros((7 * s + r) / 8));
            }
        }
        let srtt = self.srtt.unwrap_or(r);
        let var = CLOCK_GRANULARITY.max(self.rttvar.saturating_mul(K));
        self.backoff = 0;
        self.rto = self.clamp(srtt + var);
    }

    /// RFC 6298 (5.5): "The host MUST set RTO <- RTO * 2 ("back off the timer")", here capped at
    /// the maximum of (2.5). Returns whether the cap applied (the doubled value exceeded it).
    pub fn back_off(&mut self) -> bool {
        self.backoff = self.backoff.saturating_add(1);
        let doubled = self.rto.saturating_mul(2);
        self.rto = doubled.min(self.max);
        doubled > self.max
    }

    /// RFC 6298 (5.7): after a SYN timed out, "the RTO MUST be re-initialized to 3 seconds when
    /// data transmission begins". Re-initialising replaces a backed-off RTO too (as Linux's
    /// `TCP_TIMEOUT_FALLBACK`); SRTT stays unset, so the next valid sample is a "first" one (2.2).
    pub fn reinitialize_after_handshake_timeout(&mut self, value: Duration) {
        self.rto = self.clamp(value);
        self.backoff = 0;
    }

    /// (2.4) round up to the minimum, (2.5) cap at the maximum.
    fn clamp(&self, rto: Duration) -> Duration {
        rto.max(self.min).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est() -> RttEstimator {
        RttEstimator::new(&Config::default())
    }

    #[test]
    fn initial_rto_is_one_second() {
        assert_eq!(est().rto(), Duration::from_secs(1));
    }

    #[test]
    fn first_sample_rounds_up_to_minimum() {
        // Reference profile: R = 0.2 s gives 0.2 + 4·0.1 = 0.6 s, rounded up to 1 s (2.4).
        let mut e = est();
        e.sample(Duration::from_millis(200));
        assert_eq!(e.srtt(), Some(Duration::from_millis(200)));
        assert_eq!(e.rttvar(), Duration::from_millis(100));
        assert_eq!(e.rto(), Duration::from_secs(1));
    }

    #[test]
    fn first_sample_above_minimum() {
        // S04(b): R = 0.5 s → 0.5 + 4·0.25 = 1.5 s.
        let mut e = est();
        e.sample(Duration::from_millis(500));
        assert_eq!(e.rto(), Duration::from_millis(1500));
    }

    #[test]
    fn later_samples_use_alpha_and_beta() {
        let mut e = est();
        e.sample(Duration::from_secs(2)); // SRTT 2, RTTVAR 1, RTO 6
        assert_eq!(e.rto(), Duration::from_secs(6));
        e.sample(Duration::from_secs(4)); // RTTVAR = 3/4·1 + 1/4·2 = 1.25; SRTT = 7/8·2 + 1/8·4 = 2.25
        assert_eq!(e.rttvar(), Duration::from_millis(1250));
        assert_eq!(e.srtt(), Some(Duration::from_millis(2250)));
        assert_eq!(e.rto(), Duration::from_millis(7250));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_a_sample_resets_it() {
        let mut e = est();
        let mut seen = alloc::vec::Vec::new();
        for _ in 0..8 {
            e.back_off();
            seen.push(e.rto().total_millis() / 1000);
        }
        assert_eq!(seen, [2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(e.backoff(), 8);
        e.sample(Duration::from_millis(200));
        assert_eq!(e.backoff(), 0);
        assert_eq!(e.rto(), Duration::from_secs(1));
    }

    #[test]
    fn handshake_fallback_sets_three_seconds() {
        let mut e = est();
        e.back_off();
        e.reinitialize_after_handshake_timeout(Duration::from_secs(3));
        assert_eq!(e.rto(), Duration::from_secs(3));
        assert_eq!(e.backoff(), 0);
        let mut e = est();
        for _ in 0..3 {
            e.back_off();
        }
        e.reinitialize_after_handshake_timeout(Duration::from_secs(3));
        assert_eq!(e.rto(), Duration::from_secs(3));
    }
}
