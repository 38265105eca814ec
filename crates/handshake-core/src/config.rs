//! Endpoint configuration, including the switches for behaviours the RFCs leave open.
//!
//! Every default is the reference profile of `docs/model.md` (RFC values where the RFC gives one;
//! MSL shortened to 5 s so TIME-WAIT fits in a lesson). Each switch names the clause it chooses
//! from; `docs/model.md` lists all choices.

use core::fmt;

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
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DupSynPolicy {
    /// RFC 9293 §3.10.7.4, first check: the SYN (SEG.SEQ = IRS < RCV.NXT) is not acceptable, so
    /// "send an acknowledgment ... <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>" and drop it.
    #[default]
    Rfc,
    /// Linux (`tcp_check_req`): answer with a retransmission of the SYN,ACK.
    Linux,
}

impl DupSynPolicy {
    /// The names in scenario files, in the order of the variants.
    pub const NAMES: &'static [&'static str] = &["rfc", "linux"];
    pub const fn name(self) -> &'static str {
        match self {
            DupSynPolicy::Rfc => "rfc",
            DupSynPolicy::Linux => "linux",
        }
    }
    pub fn from_name(name: &str) -> Option<DupSynPolicy> {
        [DupSynPolicy::Rfc, DupSynPolicy::Linux]
            .into_iter()
            .find(|p| p.name() == name)
    }
}

/// What an RST does to a connection in TIME-WAIT (open choice 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RstInTimeWait {
    /// RFC 9293 §3.10.7.4, second check: "If the RST bit is set then, enter the CLOSED state,
    /// delete the TCB, and return."
    #[default]
    Close,
    /// RFC 1337 §3 ("TIME-WAIT assassination"), Linux `net.ipv4.tcp_rfc1337 = 1`: ignore it.
    Ignore,
}

impl RstInTimeWait {
    /// The names in scenario files, in the order of the variants.
    pub const NAMES: &'static [&'static str] = &["close", "ignore"];
    pub const fn name(self) -> &'static str {
        match self {
            RstInTimeWait::Close => "close",
            RstInTimeWait::Ignore => "ignore",
        }
    }
    pub fn from_name(name: &str) -> Option<RstInTimeWait> {
        [RstInTimeWait::Close, RstInTimeWait::Ignore]
            .into_iter()
            .find(|p| p.name() == name)
    }
}

/// Which segments restart the 2·MSL timer in TIME-WAIT (open choice 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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

impl TimeWaitRestart {
    /// The names in scenario files, in the order of the variants.
    pub const NAMES: &'static [&'static str] = &["retransmitted_fin", "any_ack"];
    pub const fn name(self) -> &'static str {
        match self {
            TimeWaitRestart::RetransmittedFin => "retransmitted_fin",
            TimeWaitRestart::AnyAck => "any_ack",
        }
    }
    pub fn from_name(name: &str) -> Option<TimeWaitRestart> {
        [TimeWaitRestart::RetransmittedFin, TimeWaitRestart::AnyAck]
            .into_iter()
            .find(|p| p.name() == name)
    }
}

/// Configuration of one endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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

    /// The MSS: at least 1, and an IPv4 datagram holds at most 65,535 bytes, 20 (IP) + 24 (TCP
    /// with options) + MSS.
    pub const MSS: Bounds = Bounds::new(1, MSS_MAX as u64, Unit::Bytes);
    /// RCV.WND: at least 1 (a zero window is not modelled).
    pub const WINDOW: Bounds = Bounds::new(1, u16::MAX as u64, Unit::Bytes);
    /// The RTO maximum of RFC 6298 (2.5), up to one hour (a lesson is shorter; larger values only
    /// make a run look frozen).
    pub const RTO_MAX: Bounds = Bounds::new(1, 3_600_000, Unit::Milliseconds);
    /// The MSL, up to one hour.
    pub const MSL: Bounds = Bounds::new(0, 3_600_000, Unit::Milliseconds);
    /// `syn_retries`, `synack_retries`, `data_retries`.
    pub const RETRIES: Bounds = Bounds::new(0, 20, Unit::Retransmissions);

    /// Checks the values a user can type: the first field outside the values it allows.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let ms = |d: Duration| d.total_micros() as f64 / 1000.0;
        let fixed = [
            ("mss", self.mss.into(), Config::MSS),
            ("window", self.window.into(), Config::WINDOW),
            ("rto_max_ms", ms(self.rto_max), Config::RTO_MAX),
            ("msl_ms", ms(self.msl), Config::MSL),
            ("syn_retries", self.syn_retries.into(), Config::RETRIES),
            (
                "synack_retries",
                self.synack_retries.into(),
                Config::RETRIES,
            ),
            ("data_retries", self.data_retries.into(), Config::RETRIES),
        ];
        for (field, value, bounds) in fixed {
            bounds
                .check(value)
                .map_err(|range| ConfigError { field, range })?;
        }
        // RFC 6298 (2.4) and (2.5): the minimum is at least 1 ms and at most the maximum; the
        // initial RTO (2.1) lies between them.
        let (min, max) = (ms(self.rto_min), ms(self.rto_max));
        if self.rto_min == Duration::ZERO || self.rto_min > self.rto_max {
            return Err(ConfigError {
                field: "rto_min_ms",
                range: OutOfRange {
                    max_from: Some("rto_max_ms"),
                    ..OutOfRange::between(min, 1.0, max, Unit::Milliseconds)
                },
            });
        }
        if self.rto_initial < self.rto_min || self.rto_initial > self.rto_max {
            return Err(ConfigError {
                field: "rto_initial_ms",
                range: OutOfRange {
                    min_from: Some("rto_min_ms"),
                    max_from: Some("rto_max_ms"),
                    ..OutOfRange::between(ms(self.rto_initial), min, max, Unit::Milliseconds)
                },
            });
        }
        Ok(())
    }
}

/// The whole numbers a field allows, `min ..= max` (no maximum when `None`), in `unit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub min: u64,
    pub max: Option<u64>,
    pub unit: Unit,
}

impl Bounds {
    pub const fn new(min: u64, max: u64, unit: Unit) -> Bounds {
        Bounds {
            min,
            max: Some(max),
            unit,
        }
    }
    /// `value` if it lies within the bounds.
    pub fn check(self, value: f64) -> Result<f64, OutOfRange> {
        let above = self.max.is_some_and(|m| value > m as f64);
        if value < self.min as f64 || above || value.is_nan() {
            return Err(self.out_of_range(value));
        }
        Ok(value)
    }
    /// The error for `value`.
    pub fn out_of_range(self, value: f64) -> OutOfRange {
        OutOfRange {
            value,
            min: Some(self.min as f64),
            max: self.max.map(|m| m as f64),
            unit: self.unit,
            min_from: None,
            max_from: None,
        }
    }
}

/// What a number in a file or a settings field counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Milliseconds,
    Bytes,
    Retransmissions,
    /// A port number.
    Port,
    /// A plain count (`nth`).
    Count,
    /// A probability, from 0 to 1; no unit.
    Probability,
    /// A number without a unit (the seed).
    None,
}

impl Unit {
    /// The unit after a number in English: `ms`, `bytes`, …; empty for none.
    pub const fn symbol(self) -> &'static str {
        match self {
            Unit::Milliseconds => "ms",
            Unit::Bytes => "bytes",
            Unit::Retransmissions => "retransmissions",
            Unit::Port | Unit::Count | Unit::Probability | Unit::None => "",
        }
    }
}

/// A value outside the values its field allows: `min ..= max` (either may be open) in `unit`.
/// When another field sets a bound (the initial RTO lies between the minimum and the maximum),
/// `min_from` / `max_from` name it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutOfRange {
    pub value: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub unit: Unit,
    pub min_from: Option<&'static str>,
    pub max_from: Option<&'static str>,
}

impl OutOfRange {
    pub const fn between(value: f64, min: f64, max: f64, unit: Unit) -> OutOfRange {
        OutOfRange {
            value,
            min: Some(min),
            max: Some(max),
            unit,
            min_from: None,
            max_from: None,
        }
    }
    pub const fn at_least(value: f64, min: f64, unit: Unit) -> OutOfRange {
        OutOfRange {
            value,
            min: Some(min),
            max: None,
            unit,
            min_from: None,
            max_from: None,
        }
    }
}

impl fmt::Display for OutOfRange {
    /// `must be between 1000 and 60000 ms (rto_min_ms to rto_max_ms), not 500`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit.symbol() {
            "" => "",
            _ => " ",
        };
        let sym = self.unit.symbol();
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => write!(f, "must be between {lo} and {hi}{unit}{sym}")?,
            (Some(lo), None) => write!(f, "must be at least {lo}{unit}{sym}")?,
            (None, Some(hi)) => write!(f, "must be at most {hi}{unit}{sym}")?,
            (None, None) => f.write_str("is out of range")?,
        }
        match (self.min_from, self.max_from) {
            (Some(a), Some(b)) => write!(f, " ({a} to {b})")?,
            (Some(a), None) => write!(f, " ({a})")?,
            (None, Some(b)) => write!(f, " ({b})")?,
            (None, None) => {}
        }
        write!(f, ", not {}", self.value)
    }
}

/// A configuration value a user cannot set: the field (its name in files, `rto_initial_ms`) and
/// the values it allows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConfigError {
    pub field: &'static str,
    pub range: OutOfRange,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.range)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConfigError {}

/// Serde helpers: durations as milliseconds in files (`Scenario::to_json`), whole or fractional
/// like every other time in a scenario file (`1000`, `1000.5`; the clock counts µs).
#[cfg(feature = "serde")]
pub(crate) mod millis {
    use crate::time::{Duration, JsonMillis};

    pub fn serialize<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&JsonMillis(d.total_micros()), s)
    }
}

#[cfg(feature = "serde")]
pub(crate) mod opt_millis {
    use crate::time::{Duration, JsonMillis};

    pub fn serialize<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&JsonMillis(d.total_micros())),
            None => s.serialize_none(),
        }
    }
}
