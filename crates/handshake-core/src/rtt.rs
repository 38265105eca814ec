//! The retransmission timeout estimator of RFC 6298, and Linux's variant of it
//! (`tcp_rtt_estimator` and `__tcp_set_rto` in `net/ipv4/tcp_input.c`), chosen by
//! `Config::rtt_estimator`.

use crate::config::{Config, RttEstimatorKind};
use crate::seq::SeqNumber;
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
    kind: RttEstimatorKind,
    /// Linux's own variables (unused under RFC 6298).
    linux: LinuxRtt,
}

/// Linux's estimator state, in microseconds (`struct tcp_sock`): `srtt8` is SRTT·8 (`srtt_us`),
/// `mdev` the smoothed mean deviation ·4 (`mdev_us`, RFC 6298's 4·RTTVAR), `mdev_max` its
/// largest value in the current round trip (`mdev_max_us`, at least `tcp_rto_min`), `rttvar` the
/// variance term of the RTO (`rttvar_us`), and `rtt_seq` the SND.NXT that ends the round trip.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct LinuxRtt {
    srtt8: u64,
    mdev: u64,
    mdev_max: u64,
    rttvar: u64,
    rtt_seq: SeqNumber,
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
            kind: config.rtt_estimator,
            linux: LinuxRtt::default(),
        }
    }

    /// Which estimator this is.
    pub fn kind(&self) -> RttEstimatorKind {
        self.kind
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
    /// `snd_una` (after the ACK that gave the sample) and `snd_nxt` delimit Linux's round trips.
    pub fn sample(&mut self, r: Duration, snd_una: SeqNumber, snd_nxt: SeqNumber) {
        match self.kind {
            RttEstimatorKind::Rfc6298 => self.sample_rfc6298(r),
            RttEstimatorKind::Linux => self.sample_linux(r, snd_una, snd_nxt),
        }
    }

    fn sample_rfc6298(&mut self, r: Duration) {
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

    /// Linux `tcp_rtt_estimator`, then `tcp_set_rto`: RTO = SRTT + rttvar, where rttvar is at
    /// least `tcp_rto_min` (the floor is on the variance term, not the RTO), rises at once with
    /// the deviation and falls at most once per round trip by a quarter of the way. RTTVAR as
    /// reported is rttvar/4, so that RTO = SRTT + 4·RTTVAR under both estimators. (Linux also
    /// rounds the RTO up to a jiffy; the model keeps microseconds.)
    fn sample_linux(&mut self, r: Duration, snd_una: SeqNumber, snd_nxt: SeqNumber) {
        let min = self.min.total_micros();
        let m = r.total_micros().max(1);
        let l = &mut self.linux;
        if self.srtt.is_none() {
            // "no previous measure. ... srtt = m << 3; mdev_us = m << 1; /* make sure rto =
            //  3*rtt */ rttvar_us = max(mdev_us, tcp_rto_min_us(sk)); mdev_max_us = rttvar_us;
            //  rtt_seq = snd_nxt"
            l.srtt8 = m << 3;
            l.mdev = m << 1;
            l.rttvar = l.mdev.max(min);
            l.mdev_max = l.rttvar;
            l.rtt_seq = snd_nxt;
        } else {
            // "m -= (srtt >> 3); srtt += m;  /* rtt = 7/8 rtt + 1/8 new */"
            let err = m as i64 - (l.srtt8 >> 3) as i64;
            l.srtt8 = (l.srtt8 as i64 + err).max(1) as u64;
            let quarter = (l.mdev >> 2) as i64;
            let delta = if err < 0 {
                // "m = -m; m -= (mdev_us >> 2); if (m > 0) m >>= 3;" — a falling RTT raises the
                // deviation only an eighth as much.
                let d = -err - quarter;
                if d > 0 { d >> 3 } else { d }
            } else {
                err - quarter
            };
            // "mdev_us += m;  /* mdev = 3/4 mdev + 1/4 new */"
            l.mdev = (l.mdev as i64 + delta).max(0) as u64;
            if l.mdev > l.mdev_max {
                l.mdev_max = l.mdev;
                if l.mdev_max > l.rttvar {
                    l.rttvar = l.mdev_max;
                }
            }
            // "if (after(tp->snd_una, tp->rtt_seq)) { if (mdev_max_us < rttvar_us) rttvar_us -=
            //  (rttvar_us - mdev_max_us) >> 2; rtt_seq = snd_nxt; mdev_max_us = tcp_rto_min_us }"
            if snd_una > l.rtt_seq {
                if l.mdev_max < l.rttvar {
                    l.rttvar -= (l.rttvar - l.mdev_max) >> 2;
                }
                l.rtt_seq = snd_nxt;
                l.mdev_max = min;
            }
        }
        let srtt = Duration::from_micros(l.srtt8 >> 3);
        self.srtt = Some(srtt);
        self.rttvar = Duration::from_micros(l.rttvar / 4);
        self.backoff = 0;
        // __tcp_set_rto: "(tp->srtt_us >> 3) + tp->rttvar_us", then tcp_bound_rto (the maximum).
        self.rto = (srtt + Duration::from_micros(l.rttvar)).min(self.max);
    }

    /// Linux `tcp_retransmit_timer` for the first `tcp_syn_linear_timeouts` SYN retransmissions:
    /// "icsk_backoff = 0; icsk_rto = clamp(__tcp_set_rto(tp), ...)" — without a sample that is
    /// the initial RTO again, so the RTO is kept, not doubled.
    pub fn keep_linear(&mut self) {
        self.backoff = 0;
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
        self.rto = match self.kind {
            RttEstimatorKind::Rfc6298 => self.clamp(value),
            // tcp_init_metrics: "inet_csk(sk)->icsk_rto = TCP_TIMEOUT_FALLBACK" (no minimum).
            RttEstimatorKind::Linux => value.min(self.max),
        };
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

    fn linux() -> RttEstimator {
        RttEstimator::new(&Config::linux())
    }

    /// Samples in successive round trips (each ACK ends the round trip of the one before).
    fn feed(e: &mut RttEstimator, samples_ms: &[u64]) -> alloc::vec::Vec<u64> {
        let mut out = alloc::vec::Vec::new();
        for (i, &r) in samples_ms.iter().enumerate() {
            // Every ACK acknowledges all that was sent: SND.UNA = SND.NXT, one round trip each.
            let acked = SeqNumber(100 * (i as u32 + 1) + 1);
            e.sample(Duration::from_millis(r), acked, acked);
            out.push(e.rto().total_micros());
        }
        out
    }

    #[test]
    fn initial_rto_is_one_second() {
        assert_eq!(est().rto(), Duration::from_secs(1));
    }

    #[test]
    fn first_sample_rounds_up_to_minimum() {
        // Reference profile: R = 0.2 s gives 0.2 + 4·0.1 = 0.6 s, rounded up to 1 s (2.4).
        let mut e = est();
        feed(&mut e, &[200]);
        assert_eq!(e.srtt(), Some(Duration::from_millis(200)));
        assert_eq!(e.rttvar(), Duration::from_millis(100));
        assert_eq!(e.rto(), Duration::from_secs(1));
    }

    #[test]
    fn first_sample_above_minimum() {
        // S04(b): R = 0.5 s → 0.5 + 4·0.25 = 1.5 s.
        let mut e = est();
        e.sample(Duration::from_millis(500), SeqNumber(0), SeqNumber(0));
        assert_eq!(e.rto(), Duration::from_millis(1500));
    }

    #[test]
    fn later_samples_use_alpha_and_beta() {
        let mut e = est();
        e.sample(Duration::from_secs(2), SeqNumber(0), SeqNumber(0)); // SRTT 2, RTTVAR 1, RTO 6
        assert_eq!(e.rto(), Duration::from_secs(6));
        e.sample(Duration::from_secs(4), SeqNumber(0), SeqNumber(0)); // RTTVAR = 3/4·1 + 1/4·2 = 1.25; SRTT = 7/8·2 + 1/8·4 = 2.25
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
        e.sample(Duration::from_millis(200), SeqNumber(0), SeqNumber(0));
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

    #[test]
    fn linux_first_sample_floors_the_variance_term_not_the_rto() {
        // linux.md: "with a tiny RTT a FIN is re-sent at 0.20 ..." — R = 0.1 ms:
        // RTO = R + max(2R, 200 ms) = 200.1 ms.
        let mut e = linux();
        e.sample(Duration::from_micros(100), SeqNumber(1), SeqNumber(1));
        assert_eq!(e.rto(), Duration::from_micros(200_100));
        // R = 200 ms: RTO = 0.2 + max(0.4, 0.2) = 0.6 s ("RTO ≈ 0.6 s", the differential's (a)).
        let mut e = linux();
        e.sample(Duration::from_millis(200), SeqNumber(1), SeqNumber(1));
        assert_eq!(e.rto(), Duration::from_millis(600));
        assert_eq!(e.rttvar(), Duration::from_millis(100));
        // R = 50 ms: RFC 6298 would give max(0.05 + 0.1, 0.2) = 0.2 s; Linux 0.05 + 0.2.
        let mut e = linux();
        e.sample(Duration::from_millis(50), SeqNumber(1), SeqNumber(1));
        assert_eq!(e.rto(), Duration::from_millis(250));
    }

    #[test]
    fn linux_variance_falls_a_quarter_of_the_way_once_per_round_trip() {
        // A steady 200 ms RTT, worked through tcp_rtt_estimator by hand: rttvar_us 400 ms after
        // the first sample; the second (mdev 300 ms, below mdev_max 400 ms) leaves it; the
        // third (mdev 225 ms) takes it down by (400 − 225)/4 to 356.25 ms; the fourth (mdev
        // 168.75 ms, under the 200 ms floor of mdev_max) by (356.25 − 200)/4 to 317.1875 ms.
        let mut e = linux();
        let rtos = feed(&mut e, &[200, 200, 200, 200]);
        assert_eq!(rtos, [600_000, 600_000, 556_250, 517_188]);
        // RFC 6298 with the same minimum falls at once: 0.6, 0.5, 0.425, 0.36875 (in whole
        // microseconds, 0.368748).
        let c = Config {
            rto_min: Duration::from_millis(200),
            ..Config::default()
        };
        let mut e = RttEstimator::new(&c);
        assert_eq!(
            feed(&mut e, &[200, 200, 200, 200]),
            [600_000, 500_000, 425_000, 368_748]
        );
    }

    #[test]
    fn linux_variance_rises_at_once() {
        // 200 ms then 600 ms: err = 400, mdev = 400 + 400 − 100 = 700 > mdev_max → rttvar 700;
        // SRTT = 200 + 400/8 = 250 → RTO 950 ms.
        let mut e = linux();
        assert_eq!(feed(&mut e, &[200, 600]), [600_000, 950_000]);
    }

    #[test]
    fn linux_falling_rtt_moves_the_deviation_an_eighth() {
        // 400 ms then 100 ms: err = −300; |err| − mdev/4 = 300 − 200 = 100 > 0, so only 100/8
        // is added: mdev 800 + 12.5 = 812.5, above mdev_max, so rttvar rises to 812.5 (a
        // falling RTT still raises the variance, if only a little); SRTT = 400 − 300/8 = 362.5
        // → RTO 1175 ms.
        let mut e = linux();
        assert_eq!(feed(&mut e, &[400, 100]), [1_200_000, 1_175_000]);
    }

    #[test]
    fn linux_fallback_after_a_handshake_timeout_is_three_seconds() {
        let mut e = linux();
        e.back_off();
        e.reinitialize_after_handshake_timeout(Duration::from_secs(3));
        assert_eq!(e.rto(), Duration::from_secs(3));
        assert_eq!(e.srtt(), None);
    }
}
