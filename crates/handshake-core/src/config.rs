//! Endpoint configuration, including the switches for behaviours the RFCs leave open.
//!
//! Every default is the reference profile of `docs/model.md` (RFC values where the RFC gives one;
//! MSL shortened to 5 s so TIME-WAIT fits in a lesson). Each switch names the clause it chooses
//! from; `docs/model.md` lists all choices.

use crate::time::Duration;

/// RFC 6298 (2.1): "Until a round-trip time (RTT) measurement has been made ... the sender SHOULD
/// set RTO <- 1 second".
pub const RTO_INITIAL: Duration = Duration::from_secs(1);
/// RFC 6298 (2.4): "Whenever RTO is computed, if it is less than 1 second, then the RTO SHOULD be
/// rounded up to 1 second."
pub const RTO_MIN: Duration = Duration::from_secs(1);
/// RFC 6298 (2.5): "A maximum value MAY be placed on RTO provided it is at least 60 seconds."
pub const RTO_MAX: Duration = Duration::from_secs(60);
/// RFC 6298 (5.7): "If the timer expires awaiting the ACK of a SYN segment and the TCP
/// implementation is using an RTO less than 3 seconds, the RTO MUST be re-initialized to 3 seconds
/// when data transmission begins (i.e., after the three-way handshake completes)."
pub const RTO_AFTER_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(3);
/// RFC 9293 §4 (Glossary, "MSL"): "Maximum Segment Lifetime, the time a TCP segment can exist in
/// the internetwork system. Arbitrarily defined to be 2 minutes."
pub const MSL_RFC: Duration = Duration::from_secs(120);
/// The model's default MSL: short enough that TIME-WAIT (2·MSL = 10 s) can be watched in class.
pub const MSL_DEFAULT: Duration = Duration::from_secs(5);
/// RFC 9293 §3.7.1: the MSS assumed when the peer sends no MSS option (IPv4: 536).
pub const MSS_DEFAULT_IPV4: u16 = 536;
/// The largest MSS whose segments still fit an IPv4 datagram (RFC 791: total length is 16 bits)
/// with a 20-byte IP header and a 24-byte TCP header.
pub const MSS_MAX: u16 = 65_535 - 20 - 24;

/// What an endpoint in SYN-RECEIVED does with a retransmitted SYN from its peer (open choice 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DupSynPolicy {
    /// RFC 9293 §3.10.7.4, first check: the SYN (SEG.SEQ = IRS < RCV.NXT) is not acceptable, so
    /// "send an acknowledgment ... <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>" and drop it.
    #[default]
    Rfc,
    /// Linux (`tcp_check_req`): answer with a retransmission of the SYN,ACK.
    Linux,
}

/// What an RST does to a connection in TIME-WAIT (open choice 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RstInTimeWait {
    /// RFC 9293 §3.10.7.4, second check: "If the RST bit is set then, enter the CLOSED state,
    /// delete the TCB, and return."
    #[default]
    Close,
    /// RFC 1337 §3 ("TIME-WAIT assassination"), Linux `net.ipv4.tcp_rfc1337 = 1`: ignore it.
    Ignore,
}

/// Which segments restart the 2·MSL timer in TIME-WAIT (open choice 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum TimeWaitRestart {
    /// RFC 9293 §3.10.7.4 fifth check (TIME-WAIT): "The only thing that can arrive in this state
    /// is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout."
    #[default]
    RetransmittedFin,
    /// Linux `tcp_timewait_state_process`: any ACK-bearing segment outside the window is
    /// answered with an ACK and restarts the timer.
    AnyAck,
}

/// Configuration of one endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Config {
    /// The MSS this end announces in its SYN and the largest payload it sends (the effective
    /// send MSS is the smaller of this and the peer's announced MSS).
    pub mss: u16,
    /// RCV.WND: the receive window this end advertises. The application reads every byte as
    /// soon as it is delivered, so the window stays at this value.
    pub window: u16,
    /// RFC 6298 (2.1).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "rto_initial_ms", with = "crate::config::millis")
    )]
    pub rto_initial: Duration,
    /// RFC 6298 (2.4).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "rto_min_ms", with = "crate::config::millis")
    )]
    pub rto_min: Duration,
    /// RFC 6298 (2.5).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "rto_max_ms", with = "crate::config::millis")
    )]
    pub rto_max: Duration,
    /// RFC 6298 (5.7): re-initialise the RTO to 3 s when data transfer begins after a SYN or
    /// SYN,ACK timed out (open choice 10: on, as the RFC's MUST and Linux; smoltcp does not).
    pub rto_3s_after_handshake_timeout: bool,
    /// Retransmissions of a SYN before giving up (open choice 12: count-based). The default 7
    /// keeps retransmitting for 183 s, meeting RFC 9293 §3.8.3 MUST-23 (R2 for a SYN ≥ 3 min);
    /// Linux `tcp_syn_retries` is 6 (gives up at 127 s).
    pub syn_retries: u8,
    /// Retransmissions of a SYN,ACK before giving up (Linux `tcp_synack_retries` = 5).
    pub synack_retries: u8,
    /// Retransmissions of data or FIN before giving up. 6 gives up after at least 123 s with a 1 s
    /// minimum RTO, meeting RFC 9293 §3.8.3 MUST-20 (R2 ≥ 100 s). Linux `tcp_retries2` is 15.
    pub data_retries: u8,
    /// Maximum Segment Lifetime; TIME-WAIT lasts 2·MSL (RFC 9293 §3.4.2, §3.6.1 MUST-13). The RFC
    /// value is 2 min; the default here is 5 s. MSL = 0 disables TIME-WAIT, which shows why it
    /// exists.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "msl_ms", with = "crate::config::millis")
    )]
    pub msl: Duration,
    /// Optional FIN-WAIT-2 timeout (not in the RFC; Linux `tcp_fin_timeout` = 60 s). None = wait
    /// forever, as the RFC.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "fin_wait_2_timeout_ms", with = "crate::config::opt_millis")
    )]
    pub fin_wait_2_timeout: Option<Duration>,
    /// Open choice 1.
    pub dup_syn: DupSynPolicy,
    /// Open choice 5.
    pub rst_in_time_wait: RstInTimeWait,
    /// Open choice 6.
    pub time_wait_restart: TimeWaitRestart,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            mss: 100,
            window: 1000,
            rto_initial: RTO_INITIAL,
            rto_min: RTO_MIN,
            rto_max: RTO_MAX,
            rto_3s_after_handshake_timeout: true,
            syn_retries: 7,
            synack_retries: 5,
            data_retries: 6,
            msl: MSL_DEFAULT,
            fin_wait_2_timeout: None,
            dup_syn: DupSynPolicy::Rfc,
            rst_in_time_wait: RstInTimeWait::Close,
            time_wait_restart: TimeWaitRestart::RetransmittedFin,
        }
    }
}

impl Config {
    /// TIME-WAIT's length, 2·MSL.
    pub fn time_wait_len(&self) -> Duration {
        self.msl.saturating_mul(2)
    }

    /// Checks the values a user can type. Returns the name of the first bad field and why.
    pub fn validate(&self) -> Result<(), (&'static str, &'static str)> {
        if self.mss == 0 {
            return Err(("mss", "must be at least 1"));
        }
        // An IPv4 datagram holds at most 65,535 bytes: 20 (IP) + 24 (TCP with options) + MSS.
        if self.mss > MSS_MAX {
            return Err((
                "mss",
                "must be at most 65491 (an IPv4 datagram holds 65,535 bytes)",
            ));
        }
        if self.window == 0 {
            return Err((
                "window",
                "must be at least 1 (a zero window is not modelled)",
            ));
        }
        if self.rto_min == Duration::ZERO {
            return Err(("rto_min_ms", "must be at least 1 ms"));
        }
        if self.rto_min > self.rto_max {
            return Err(("rto_min_ms", "must not exceed rto_max_ms"));
        }
        if self.rto_initial < self.rto_min || self.rto_initial > self.rto_max {
            return Err((
                "rto_initial_ms",
                "must lie between rto_min_ms and rto_max_ms",
            ));
        }
        if self.rto_max > Duration::from_secs(3600) {
            return Err(("rto_max_ms", "must be at most one hour"));
        }
        if self.msl > Duration::from_secs(3600) {
            return Err(("msl_ms", "must be at most one hour"));
        }
        if self.syn_retries > 20 || self.synack_retries > 20 || self.data_retries > 20 {
            return Err(("*_retries", "must be at most 20"));
        }
        Ok(())
    }
}

/// Serde helpers: durations as milliseconds in files, whole or fractional like every other time
/// in a scenario file (`scenario::json::Millis`: `1000`, `1000.5`; the clock counts µs).
#[cfg(feature = "serde")]
pub(crate) mod millis {
    use crate::scenario::json::Millis;
    use crate::time::Duration;

    pub fn serialize<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&Millis(d.total_micros()), s)
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let ms = <Millis as serde::Deserialize>::deserialize(d)?;
        Ok(Duration::from_micros(ms.0))
    }
}

#[cfg(feature = "serde")]
pub(crate) mod opt_millis {
    use crate::scenario::json::Millis;
    use crate::time::Duration;

    pub fn serialize<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&Millis(d.total_micros())),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Duration>, D::Error> {
        let ms = <Option<Millis> as serde::Deserialize>::deserialize(d)?;
        Ok(ms.map(|ms| Duration::from_micros(ms.0)))
    }
}
