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

// ----- the Linux profile's numbers (docs/model.md, "The Linux profile"; measured on Linux 6.18,
// `../shared/reference/linux.md`) -------------------------------------------------------------

/// Linux `TCP_TIMEWAIT_LEN` (include/net/tcp.h): "how long to wait to destroy TIME-WAIT state,
/// about 60 seconds" — fixed, whatever the MSL.
pub const LINUX_TIMEWAIT_LEN: Duration = Duration::from_secs(60);
/// Linux `net.ipv4.tcp_rto_min_us` default (200,000 µs, `TCP_RTO_MIN`).
pub const LINUX_RTO_MIN: Duration = Duration::from_millis(200);
/// Linux `TCP_RTO_MAX` (120 s).
pub const LINUX_RTO_MAX: Duration = Duration::from_secs(120);
/// Linux `net.ipv4.tcp_syn_retries` default.
pub const LINUX_SYN_RETRIES: u8 = 6;
/// Linux `net.ipv4.tcp_syn_linear_timeouts` default: the first 4 SYN retransmissions keep a 1 s
/// timeout before exponential backoff starts.
pub const LINUX_SYN_LINEAR_TIMEOUTS: u8 = 4;
/// Linux `net.ipv4.tcp_synack_retries` default.
pub const LINUX_SYNACK_RETRIES: u8 = 5;
/// Linux `net.ipv4.tcp_retries2` default (Linux turns it into a time, 924.6 s; the model counts).
pub const LINUX_RETRIES2: u8 = 15;
/// Linux `net.ipv4.tcp_invalid_ratelimit` default: at most one answer to a duplicate SYN (an
/// "out-of-window" segment) per 500 ms.
pub const LINUX_INVALID_RATELIMIT: Duration = Duration::from_millis(500);
/// Linux `TCP_ATO_MIN` (HZ/25 = 40 ms): the delayed-ACK timeout on a connection that has
/// received data.
pub const LINUX_ATO_MIN: Duration = Duration::from_millis(40);
/// One timer tick at `CONFIG_HZ=250` (the kernel measured and the one of this machine): a
/// delayed ACK with a timeout of 0 (`icsk_ack.ato` before any data) goes at the next tick,
/// 0–4 ms later; the model takes the whole tick.
pub const LINUX_TICK: Duration = Duration::from_millis(4);
/// The MSS Linux announces on an interface with a 1500-byte MTU (1500 − 20 − 20).
pub const LINUX_MSS: u16 = 1460;
/// The window Linux announces on its SYN and SYN,ACK without window scaling (measured: 64240 =
/// 44 × 1460).
pub const LINUX_WINDOW: u16 = 64240;

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
    /// Linux `tcp_timewait_state_process` (measured, `linux.md`): a bare ACK at RCV.NXT restarts
    /// the timer silently ("In window segment, it may be only reset or bare ack"); any other
    /// ACK-bearing segment (a re-sent FIN, an old duplicate, an ACK outside the window) is
    /// answered with an ACK and restarts it; an ACK-less SYN is answered without a restart.
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

/// A switch that makes an endpoint behave as TCP does **not** — a counterfactual, to show what a
/// rule of RFC 9293 is for by breaking it. Every switch is off by default; a run with one on is
/// marked counterfactual in its trace (`docs/model.md`, "Broken TCP").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Counterfactual {
    /// A passive OPEN is ESTABLISHED as soon as a SYN arrives (it still answers SYN,ACK). Real
    /// TCP waits in SYN-RECEIVED for the ACK of its SYN (RFC 9293 §3.5: "The principal reason
    /// for the three-way handshake is to prevent old duplicate connection initiations from
    /// causing confusion"), so an old duplicate SYN cannot open a connection.
    TwoWayHandshake,
    /// The end that closes first goes to CLOSED where it would enter TIME-WAIT (it still sends
    /// the ACK of the peer's FIN). Real TCP waits 2·MSL (§3.6.1 MUST-13) to re-ACK a re-sent FIN
    /// and to let old duplicates of this connection die before the port pair is used again.
    NoTimeWait,
    /// Every connection of this host uses the same ISS. Real TCP picks a fresh ISN for each
    /// connection (§3.4.1: "the ISN generator ... is bound to a (possibly fictitious) 32-bit
    /// clock"), so old segments of an earlier incarnation fall outside the new window.
    SameIsn,
    /// A FIN that the retransmission timer would re-send (alone, after all data) is not re-sent.
    /// Real TCP retransmits a FIN like data (§3.6: "reliably deliver all buffers SENT before the
    /// connection was CLOSED"), so a lost FIN cannot leave the peer waiting.
    NoFinRetransmission,
}

impl Counterfactual {
    pub const ALL: [Counterfactual; 4] = [
        Counterfactual::TwoWayHandshake,
        Counterfactual::NoTimeWait,
        Counterfactual::SameIsn,
        Counterfactual::NoFinRetransmission,
    ];
    /// The names in scenario files and traces, in the order of [`Counterfactual::ALL`].
    pub const NAMES: &'static [&'static str] = &[
        "two_way_handshake",
        "no_time_wait",
        "same_isn",
        "no_fin_retransmission",
    ];
    pub const fn name(self) -> &'static str {
        match self {
            Counterfactual::TwoWayHandshake => "two_way_handshake",
            Counterfactual::NoTimeWait => "no_time_wait",
            Counterfactual::SameIsn => "same_isn",
            Counterfactual::NoFinRetransmission => "no_fin_retransmission",
        }
    }
    pub fn from_name(name: &str) -> Option<Counterfactual> {
        Counterfactual::ALL.into_iter().find(|c| c.name() == name)
    }
    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Counterfactual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Counterfactual::TwoWayHandshake => "two-way handshake",
            Counterfactual::NoTimeWait => "no TIME-WAIT",
            Counterfactual::SameIsn => "the same ISN for every connection",
            Counterfactual::NoFinRetransmission => "no retransmission of a FIN",
        })
    }
}

/// The counterfactual switches that are on (empty: this is TCP).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Counterfactuals(u8);

impl Counterfactuals {
    pub const NONE: Counterfactuals = Counterfactuals(0);
    pub const fn contains(self, c: Counterfactual) -> bool {
        self.0 & c.bit() != 0
    }
    pub const fn with(self, c: Counterfactual, on: bool) -> Counterfactuals {
        if on {
            Counterfactuals(self.0 | c.bit())
        } else {
            Counterfactuals(self.0 & !c.bit())
        }
    }
    pub const fn is_empty(&self) -> bool {
        self.0 == 0
    }
    /// The switches that are on, in the order of [`Counterfactual::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Counterfactual> {
        Counterfactual::ALL
            .into_iter()
            .filter(move |c| self.contains(*c))
    }
}

impl FromIterator<Counterfactual> for Counterfactuals {
    fn from_iter<I: IntoIterator<Item = Counterfactual>>(iter: I) -> Counterfactuals {
        iter.into_iter()
            .fold(Counterfactuals::NONE, |s, c| s.with(c, true))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Counterfactuals {
    /// As a list of names, `["no_time_wait"]`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Counterfactual::name))
    }
}

/// `name`, `from_name` and `NAMES` (the names in scenario files) for a field's enum.
macro_rules! file_names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The names in scenario files, in the order of the variants.
            pub const NAMES: &'static [&'static str] = &[$($name),+];
            pub const fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
            pub fn from_name(name: &str) -> Option<$ty> {
                [$($ty::$variant),+].into_iter().find(|v| v.name() == name)
            }
        }
    };
}

/// How an RTT sample becomes an RTO.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RttEstimatorKind {
    /// RFC 6298 (2.2)–(2.4): RTO = SRTT + max(G, 4·RTTVAR), then "if it is less than 1 second,
    /// then the RTO SHOULD be rounded up to 1 second" (`rto_min`).
    #[default]
    Rfc6298,
    /// Linux `tcp_rtt_estimator` and `__tcp_set_rto`: the same SRTT and mean deviation, but the
    /// minimum floors the variance term, RTO = SRTT + max(4·RTTVAR, `tcp_rto_min`), and that
    /// term falls at most once per round trip, by a quarter of the way (`mdev_max_us`).
    Linux,
}
file_names!(RttEstimatorKind { Rfc6298 => "rfc6298", Linux => "linux" });

/// What an endpoint in SYN-RECEIVED (from a passive OPEN) does with a SYN inside the window
/// whose sequence number is not the peer's ISN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum InWindowSyn {
    /// RFC 9293 §3.10.7.4, fourth check: "If the connection was initiated with a passive OPEN,
    /// then return this connection to the LISTEN state and return." Silently.
    #[default]
    Listen,
    /// Linux `tcp_check_req` (`embryonic_reset`, measured): answer with
    /// `<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>` and drop the request (back to LISTEN).
    Reset,
}
file_names!(InWindowSyn { Listen => "listen", Reset => "reset" });

/// What an endpoint in SYN-RECEIVED after a simultaneous open does with the peer's SYN,ACK
/// crossing its own (open choice 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CrossingSynAck {
    /// RFC 9293 §3.5, Figure 7: it completes the handshake, nothing more (four segments).
    #[default]
    Figure7,
    /// Linux (seen live, the differential's (d)): it completes the handshake and ACKs the SYN
    /// it repeats as an old segment (five segments; six when both ends do it).
    Ack,
}
file_names!(CrossingSynAck { Figure7 => "figure7", Ack => "ack" });

/// The RST an ABORT sends (in SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum AbortRst {
    /// RFC 9293 §3.10.5: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>".
    #[default]
    Rst,
    /// Linux `tcp_send_active_reset` (seen live): `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>`.
    RstAck,
}
file_names!(AbortRst { Rst => "rst", RstAck => "rst_ack" });

/// A named set of defaults for every field of [`Config`]: a scenario picks one (`"profile"`),
/// and the fields it sets itself override it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Profile {
    /// The reference profile: RFC 9293 / RFC 6298 (MSL shortened to 5 s).
    #[default]
    Rfc,
    /// What Linux 6.18 does with its defaults, measured (`docs/model.md`, "The Linux profile").
    Linux,
}
file_names!(Profile { Rfc => "rfc", Linux => "linux" });

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Rfc, Profile::Linux];
    /// The profile's configuration.
    pub fn config(self) -> Config {
        match self {
            Profile::Rfc => Config::rfc(),
            Profile::Linux => Config::linux(),
        }
    }
    /// The profile a comparison sets beside this one.
    pub fn other(self) -> Profile {
        match self {
            Profile::Rfc => Profile::Linux,
            Profile::Linux => Profile::Rfc,
        }
    }
}

/// Where a rule comes from: the profile whose defaults choose it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// An RFC (the clause is in [`Rule::basis`]).
    Rfc,
    /// Linux's TCP (the constant, sysctl or function is in [`Rule::basis`]).
    Linux,
}

impl Source {
    pub const fn name(self) -> &'static str {
        match self {
            Source::Rfc => "rfc",
            Source::Linux => "linux",
        }
    }
}

/// A rule that the profiles choose differently, named where the trace records its use (a timer's
/// length, the form of a segment), so an explanation can say which profile it came from
/// ("Linux: TCP_TIMEWAIT_LEN = 60 s; RFC: 2·MSL") without re-deriving it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// TIME-WAIT lasts 2·MSL (RFC 9293 §3.4.2, §3.6.1 MUST-13; `time_wait_ms` null).
    TimeWaitTwoMsl,
    /// TIME-WAIT lasts a fixed time (`time_wait_ms`; Linux `TCP_TIMEWAIT_LEN` = 60 s).
    TimeWaitFixed,
    /// The ACK of a FIN on a connection that received data waits (`fin_ack_delay_ms`; Linux
    /// delayed ACK, `TCP_ATO_MIN` = 40 ms).
    DelayedAckAfterData,
    /// The ACK of a FIN on a connection that received no data waits for the next timer tick
    /// (`fin_ack_delay_no_data_ms`; Linux delayed ACK with `ato` 0).
    DelayedAckNoData,
    /// An ABORT's RST without ACK (RFC 9293 §3.10.5).
    AbortRst,
    /// An ABORT's RST with ACK (Linux `tcp_send_active_reset`).
    AbortRstAck,
}

impl Rule {
    /// The name in traces.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::TimeWaitTwoMsl => "time_wait_two_msl",
            Rule::TimeWaitFixed => "time_wait_fixed",
            Rule::DelayedAckAfterData => "delayed_ack_after_data",
            Rule::DelayedAckNoData => "delayed_ack_no_data",
            Rule::AbortRst => "abort_rst",
            Rule::AbortRstAck => "abort_rst_ack",
        }
    }
    /// The profile that has this rule by default.
    pub const fn source(self) -> Source {
        match self {
            Rule::TimeWaitTwoMsl | Rule::AbortRst => Source::Rfc,
            Rule::TimeWaitFixed
            | Rule::DelayedAckAfterData
            | Rule::DelayedAckNoData
            | Rule::AbortRstAck => Source::Linux,
        }
    }
    /// The clause or the kernel's name for it, in English.
    pub const fn basis(self) -> &'static str {
        match self {
            Rule::TimeWaitTwoMsl => "RFC 9293 §3.6.1: 2·MSL",
            Rule::TimeWaitFixed => "fixed, as Linux's TCP_TIMEWAIT_LEN = 60 s",
            Rule::DelayedAckAfterData => "Linux delayed ACK after data, TCP_ATO_MIN",
            Rule::DelayedAckNoData => "Linux delayed ACK, next timer tick",
            Rule::AbortRst => "RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>",
            Rule::AbortRstAck => "Linux tcp_send_active_reset: RST,ACK",
        }
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
    /// How a sample becomes an RTO, and where the minimum applies: RFC 6298 (2.4) rounds the
    /// RTO up to it; Linux floors the variance term with it.
    pub rtt_estimator: RttEstimatorKind,
    /// RFC 6298 (5.7): re-initialise the RTO to 3 s when data transfer begins after a SYN or
    /// SYN,ACK timed out (open choice 10: on, as the RFC's MUST and Linux; smoltcp does not).
    pub rto_3s_after_handshake_timeout: bool,
    /// The same 3 s whenever the handshake gave no RTT sample, timed out or not — a SYN,ACK
    /// re-sent for a duplicate SYN, a simultaneous open (Linux `tcp_init_metrics`: "RFC6298: 5.7
    /// We've failed to get a valid RTT sample from 3WHS ... Reset the RTO back to 3secs"; seen
    /// live). RFC 6298 (5.7) asks it only after a timeout.
    pub rto_3s_without_handshake_sample: bool,
    /// Retransmissions of a SYN before giving up (open choice 12: count-based). The default 7
    /// keeps retransmitting for 183 s, meeting RFC 9293 §3.8.3 MUST-23 (R2 for a SYN ≥ 3 min);
    /// Linux `tcp_syn_retries` is 6 (gives up at 127 s).
    pub syn_retries: u8,
    /// Linux `tcp_syn_linear_timeouts`: the first this-many SYN retransmissions do not double
    /// the RTO, and the same number of retransmissions is added to `syn_retries` before giving
    /// up (`tcp_write_timeout`: "max_retransmits += tcp_syn_linear_timeouts"). 0 in the RFC
    /// profile.
    pub syn_linear_timeouts: u8,
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
    /// TIME-WAIT's length when fixed (Linux `TCP_TIMEWAIT_LEN` = 60 s, whatever the MSL); `None`
    /// = 2·MSL, as RFC 9293.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "time_wait_ms", with = "crate::config::opt_millis")
    )]
    pub time_wait: Option<Duration>,
    /// Optional FIN-WAIT-2 timeout (not in the RFC; Linux `tcp_fin_timeout` = 60 s). None = wait
    /// forever, as the RFC.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "fin_wait_2_timeout_ms", with = "crate::config::opt_millis")
    )]
    pub fin_wait_2_timeout: Option<Duration>,
    /// Open choice 1.
    pub dup_syn: DupSynPolicy,
    /// At most one answer to a duplicate SYN in SYN-RECEIVED per this interval; one within it
    /// gets none (Linux `tcp_invalid_ratelimit` = 500 ms, `tcp_oow_rate_limited`). `None`:
    /// every duplicate is answered.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "dup_syn_ratelimit_ms", with = "crate::config::opt_millis")
    )]
    pub dup_syn_ratelimit: Option<Duration>,
    /// A SYN inside the window with another ISN in SYN-RECEIVED (passive).
    pub in_window_syn: InWindowSyn,
    /// The peer's SYN,ACK crossing ours in a simultaneous open (open choice 2).
    pub crossing_syn_ack: CrossingSynAck,
    /// Open choice 5.
    pub rst_in_time_wait: RstInTimeWait,
    /// Open choice 6.
    pub time_wait_restart: TimeWaitRestart,
    /// Broken TCP: the counterfactual switches that are on (none by default, in every profile).
    pub counterfactual: Counterfactuals,
    /// Delay the ACK of a FIN that takes ESTABLISHED (or SYN-RECEIVED) to CLOSE-WAIT, on a
    /// connection that has received data, by this much (Linux: `TCP_ATO_MIN` = 40 ms; the
    /// FIN's `tcp_fin` enters "pingpong" mode, so the ACK is delayed). An application that
    /// closes within it sends its FIN on the ACK (a three-segment close). `None`: at once.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "fin_ack_delay_ms", with = "crate::config::opt_millis")
    )]
    pub fin_ack_delay: Option<Duration>,
    /// The same on a connection that has received no data (Linux: the next timer tick, 0–4 ms at
    /// HZ=250; the model takes 4 ms). `None`: at once.
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "fin_ack_delay_no_data_ms",
            with = "crate::config::opt_millis"
        )
    )]
    pub fin_ack_delay_no_data: Option<Duration>,
    /// The RST of an ABORT.
    pub abort_rst: AbortRst,
}

impl Default for Config {
    /// The reference profile, [`Config::rfc`].
    fn default() -> Config {
        Config::rfc()
    }
}

impl Config {
    /// The reference profile: RFC values where the RFC gives one (`docs/model.md`).
    pub fn rfc() -> Config {
        Config {
            mss: 100,
            window: 1000,
            rto_initial: RTO_INITIAL,
            rto_min: RTO_MIN,
            rto_max: RTO_MAX,
            rtt_estimator: RttEstimatorKind::Rfc6298,
            rto_3s_after_handshake_timeout: true,
            rto_3s_without_handshake_sample: false,
            syn_retries: 7,
            syn_linear_timeouts: 0,
            synack_retries: 5,
            data_retries: 6,
            msl: MSL_DEFAULT,
            time_wait: None,
            fin_wait_2_timeout: None,
            dup_syn: DupSynPolicy::Rfc,
            dup_syn_ratelimit: None,
            in_window_syn: InWindowSyn::Listen,
            crossing_syn_ack: CrossingSynAck::Figure7,
            rst_in_time_wait: RstInTimeWait::Close,
            time_wait_restart: TimeWaitRestart::RetransmittedFin,
            counterfactual: Counterfactuals::NONE,
            fin_ack_delay: None,
            fin_ack_delay_no_data: None,
            abort_rst: AbortRst::Rst,
        }
    }

    /// The Linux profile: Linux 6.18 with its defaults, as measured (`docs/model.md`, "The Linux
    /// profile", each field with its sysctl or constant).
    pub fn linux() -> Config {
        Config {
            mss: LINUX_MSS,
            window: LINUX_WINDOW,
            // TCP_TIMEOUT_INIT
            rto_initial: RTO_INITIAL,
            rto_min: LINUX_RTO_MIN,
            rto_max: LINUX_RTO_MAX,
            rtt_estimator: RttEstimatorKind::Linux,
            // TCP_TIMEOUT_FALLBACK (tcp_init_metrics: "RFC6298: 5.7 ... Reset the RTO back to 3secs")
            rto_3s_after_handshake_timeout: true,
            rto_3s_without_handshake_sample: true,
            syn_retries: LINUX_SYN_RETRIES,
            syn_linear_timeouts: LINUX_SYN_LINEAR_TIMEOUTS,
            synack_retries: LINUX_SYNACK_RETRIES,
            data_retries: LINUX_RETRIES2,
            // Not used while `time_wait` is fixed.
            msl: MSL_DEFAULT,
            time_wait: Some(LINUX_TIMEWAIT_LEN),
            // tcp_fin_timeout applies to orphaned sockets (after close()); the model's CLOSE is
            // RFC 9293's half-close, shutdown(SHUT_WR), which Linux never times out.
            fin_wait_2_timeout: None,
            dup_syn: DupSynPolicy::Linux,
            dup_syn_ratelimit: Some(LINUX_INVALID_RATELIMIT),
            in_window_syn: InWindowSyn::Reset,
            crossing_syn_ack: CrossingSynAck::Ack,
            // tcp_rfc1337 = 0
            rst_in_time_wait: RstInTimeWait::Close,
            time_wait_restart: TimeWaitRestart::AnyAck,
            fin_ack_delay: Some(LINUX_ATO_MIN),
            fin_ack_delay_no_data: Some(LINUX_TICK),
            abort_rst: AbortRst::RstAck,
            counterfactual: Counterfactuals::NONE,
        }
    }

    /// TIME-WAIT's length: fixed (`time_wait`) or 2·MSL.
    pub fn time_wait_len(&self) -> Duration {
        self.time_wait.unwrap_or(self.msl.saturating_mul(2))
    }

    /// The rule TIME-WAIT's length follows.
    pub fn time_wait_rule(&self) -> Rule {
        match self.time_wait {
            Some(_) => Rule::TimeWaitFixed,
            None => Rule::TimeWaitTwoMsl,
        }
    }

    /// The most SYN retransmissions before giving up: `syn_retries` plus the linear ones
    /// (Linux `tcp_write_timeout`).
    pub fn syn_retry_limit(&self) -> u8 {
        self.syn_retries.saturating_add(self.syn_linear_timeouts)
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
    /// `syn_retries`, `syn_linear_timeouts`, `synack_retries`, `data_retries`.
    pub const RETRIES: Bounds = Bounds::new(0, 20, Unit::Retransmissions);
    /// `time_wait_ms`, `dup_syn_ratelimit_ms`, `fin_ack_delay_ms`, `fin_ack_delay_no_data_ms`:
    /// up to one hour.
    pub const DELAY: Bounds = Bounds::new(0, 3_600_000, Unit::Milliseconds);

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
                "syn_linear_timeouts",
                self.syn_linear_timeouts.into(),
                Config::RETRIES,
            ),
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
        let optional = [
            ("time_wait_ms", self.time_wait),
            ("dup_syn_ratelimit_ms", self.dup_syn_ratelimit),
            ("fin_ack_delay_ms", self.fin_ack_delay),
            ("fin_ack_delay_no_data_ms", self.fin_ack_delay_no_data),
        ];
        for (field, value) in optional {
            if let Some(d) = value {
                Config::DELAY
                    .check(ms(d))
                    .map_err(|range| ConfigError { field, range })?;
            }
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

/// The fields of [`Config`], by their names in scenario files, in the order of the files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConfigField {
    Mss,
    Window,
    RtoInitial,
    RtoMin,
    RtoMax,
    RttEstimator,
    Rto3sAfterHandshakeTimeout,
    Rto3sWithoutHandshakeSample,
    SynRetries,
    SynLinearTimeouts,
    SynackRetries,
    DataRetries,
    Msl,
    TimeWait,
    FinWait2Timeout,
    DupSyn,
    DupSynRatelimit,
    InWindowSyn,
    CrossingSynAck,
    RstInTimeWait,
    TimeWaitRestart,
    FinAckDelay,
    FinAckDelayNoData,
    AbortRst,
    Counterfactual,
}
file_names!(ConfigField {
    Mss => "mss",
    Window => "window",
    RtoInitial => "rto_initial_ms",
    RtoMin => "rto_min_ms",
    RtoMax => "rto_max_ms",
    RttEstimator => "rtt_estimator",
    Rto3sAfterHandshakeTimeout => "rto_3s_after_handshake_timeout",
    Rto3sWithoutHandshakeSample => "rto_3s_without_handshake_sample",
    SynRetries => "syn_retries",
    SynLinearTimeouts => "syn_linear_timeouts",
    SynackRetries => "synack_retries",
    DataRetries => "data_retries",
    Msl => "msl_ms",
    TimeWait => "time_wait_ms",
    FinWait2Timeout => "fin_wait_2_timeout_ms",
    DupSyn => "dup_syn",
    DupSynRatelimit => "dup_syn_ratelimit_ms",
    InWindowSyn => "in_window_syn",
    CrossingSynAck => "crossing_syn_ack",
    RstInTimeWait => "rst_in_time_wait",
    TimeWaitRestart => "time_wait_restart",
    FinAckDelay => "fin_ack_delay_ms",
    FinAckDelayNoData => "fin_ack_delay_no_data_ms",
    AbortRst => "abort_rst",
    Counterfactual => "counterfactual",
});

impl ConfigField {
    /// Every field, in the order of [`ConfigField::NAMES`].
    pub const ALL: [ConfigField; 25] = [
        ConfigField::Mss,
        ConfigField::Window,
        ConfigField::RtoInitial,
        ConfigField::RtoMin,
        ConfigField::RtoMax,
        ConfigField::RttEstimator,
        ConfigField::Rto3sAfterHandshakeTimeout,
        ConfigField::Rto3sWithoutHandshakeSample,
        ConfigField::SynRetries,
        ConfigField::SynLinearTimeouts,
        ConfigField::SynackRetries,
        ConfigField::DataRetries,
        ConfigField::Msl,
        ConfigField::TimeWait,
        ConfigField::FinWait2Timeout,
        ConfigField::DupSyn,
        ConfigField::DupSynRatelimit,
        ConfigField::InWindowSyn,
        ConfigField::CrossingSynAck,
        ConfigField::RstInTimeWait,
        ConfigField::TimeWaitRestart,
        ConfigField::FinAckDelay,
        ConfigField::FinAckDelayNoData,
        ConfigField::AbortRst,
        ConfigField::Counterfactual,
    ];
    const fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of [`ConfigField`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConfigFields(u32);

impl ConfigFields {
    pub const NONE: ConfigFields = ConfigFields(0);
    pub fn insert(&mut self, field: ConfigField) {
        self.0 |= field.bit();
    }
    pub const fn contains(self, field: ConfigField) -> bool {
        self.0 & field.bit() != 0
    }
    pub const fn union(self, other: ConfigFields) -> ConfigFields {
        ConfigFields(self.0 | other.0)
    }
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The fields in the set, in file order.
    pub fn iter(self) -> impl Iterator<Item = ConfigField> {
        ConfigField::ALL
            .into_iter()
            .filter(move |f| self.contains(*f))
    }
}

impl Config {
    /// Sets one field to its value in `from`.
    pub fn set_from(&mut self, from: &Config, field: ConfigField) {
        match field {
            ConfigField::Mss => self.mss = from.mss,
            ConfigField::Window => self.window = from.window,
            ConfigField::RtoInitial => self.rto_initial = from.rto_initial,
            ConfigField::RtoMin => self.rto_min = from.rto_min,
            ConfigField::RtoMax => self.rto_max = from.rto_max,
            ConfigField::RttEstimator => self.rtt_estimator = from.rtt_estimator,
            ConfigField::Rto3sWithoutHandshakeSample => {
                self.rto_3s_without_handshake_sample = from.rto_3s_without_handshake_sample;
            }
            ConfigField::Rto3sAfterHandshakeTimeout => {
                self.rto_3s_after_handshake_timeout = from.rto_3s_after_handshake_timeout
            }
            ConfigField::SynRetries => self.syn_retries = from.syn_retries,
            ConfigField::SynLinearTimeouts => self.syn_linear_timeouts = from.syn_linear_timeouts,
            ConfigField::SynackRetries => self.synack_retries = from.synack_retries,
            ConfigField::DataRetries => self.data_retries = from.data_retries,
            ConfigField::Msl => self.msl = from.msl,
            ConfigField::TimeWait => self.time_wait = from.time_wait,
            ConfigField::FinWait2Timeout => self.fin_wait_2_timeout = from.fin_wait_2_timeout,
            ConfigField::DupSyn => self.dup_syn = from.dup_syn,
            ConfigField::DupSynRatelimit => self.dup_syn_ratelimit = from.dup_syn_ratelimit,
            ConfigField::InWindowSyn => self.in_window_syn = from.in_window_syn,
            ConfigField::CrossingSynAck => self.crossing_syn_ack = from.crossing_syn_ack,
            ConfigField::RstInTimeWait => self.rst_in_time_wait = from.rst_in_time_wait,
            ConfigField::TimeWaitRestart => self.time_wait_restart = from.time_wait_restart,
            ConfigField::FinAckDelay => self.fin_ack_delay = from.fin_ack_delay,
            ConfigField::FinAckDelayNoData => {
                self.fin_ack_delay_no_data = from.fin_ack_delay_no_data
            }
            ConfigField::AbortRst => self.abort_rst = from.abort_rst,
            ConfigField::Counterfactual => self.counterfactual = from.counterfactual,
        }
    }

    /// The fields whose values differ between `self` and `other`.
    pub fn differing(&self, other: &Config) -> ConfigFields {
        let mut out = ConfigFields::NONE;
        for field in ConfigField::ALL {
            let mut c = self.clone();
            c.set_from(other, field);
            if c != *self {
                out.insert(field);
            }
        }
        out
    }

    /// `profile`'s configuration with `fields` taken from `self`.
    pub fn rebased(&self, profile: Profile, fields: ConfigFields) -> Config {
        let mut out = profile.config();
        for field in fields.iter() {
            out.set_from(self, field);
        }
        out
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

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn config_fields_name_every_field_a_file_has_in_file_order() {
        // A field of `Config` missing from `ConfigField` would be silently dropped by a change
        // of profile and never written as a scenario's own field.
        let serde_json::Value::Object(m) = serde_json::to_value(Config::linux()).unwrap() else {
            panic!("an object")
        };
        let mut keys: Vec<&str> = m.keys().map(|k| k.as_str()).collect();
        let mut names = ConfigField::NAMES.to_vec();
        keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(keys, names);
    }

    #[test]
    fn set_from_and_differing_cover_every_field() {
        let (rfc, linux) = (Config::rfc(), Config::linux());
        // The profiles differ in most fields; copying each one over turns one into the other.
        let differ = rfc.differing(&linux);
        let mut c = rfc.clone();
        for f in differ.iter() {
            c.set_from(&linux, f);
        }
        assert_eq!(c, linux);
        assert!(differ.contains(ConfigField::TimeWait) && !differ.contains(ConfigField::Msl));
        // Every field, one at a time, is seen as a difference.
        for f in ConfigField::ALL {
            let mut other = rfc.clone();
            match f {
                ConfigField::Mss => other.mss += 1,
                ConfigField::Window => other.window += 1,
                ConfigField::RtoInitial => other.rto_initial = Duration::from_secs(2),
                ConfigField::RtoMin => other.rto_min = Duration::from_secs(2),
                ConfigField::RtoMax => other.rto_max = Duration::from_secs(2),
                ConfigField::RttEstimator => other.rtt_estimator = RttEstimatorKind::Linux,
                ConfigField::Rto3sAfterHandshakeTimeout => {
                    other.rto_3s_after_handshake_timeout = false;
                }
                ConfigField::Rto3sWithoutHandshakeSample => {
                    other.rto_3s_without_handshake_sample = true;
                }
                ConfigField::SynRetries => other.syn_retries += 1,
                ConfigField::SynLinearTimeouts => other.syn_linear_timeouts += 1,
                ConfigField::SynackRetries => other.synack_retries += 1,
                ConfigField::DataRetries => other.data_retries += 1,
                ConfigField::Msl => other.msl = Duration::ZERO,
                ConfigField::TimeWait => other.time_wait = Some(Duration::ZERO),
                ConfigField::FinWait2Timeout => other.fin_wait_2_timeout = Some(Duration::ZERO),
                ConfigField::DupSyn => other.dup_syn = DupSynPolicy::Linux,
                ConfigField::DupSynRatelimit => other.dup_syn_ratelimit = Some(Duration::ZERO),
                ConfigField::InWindowSyn => other.in_window_syn = InWindowSyn::Reset,
                ConfigField::CrossingSynAck => other.crossing_syn_ack = CrossingSynAck::Ack,
                ConfigField::RstInTimeWait => other.rst_in_time_wait = RstInTimeWait::Ignore,
                ConfigField::TimeWaitRestart => other.time_wait_restart = TimeWaitRestart::AnyAck,
                ConfigField::FinAckDelay => other.fin_ack_delay = Some(Duration::ZERO),
                ConfigField::FinAckDelayNoData => {
                    other.fin_ack_delay_no_data = Some(Duration::ZERO);
                }
                ConfigField::AbortRst => other.abort_rst = AbortRst::RstAck,
                ConfigField::Counterfactual => {
                    other.counterfactual = other.counterfactual.with(Counterfactual::SameIsn, true);
                }
            }
            let d = rfc.differing(&other);
            assert_eq!(d.iter().collect::<Vec<_>>(), [f], "{}", f.name());
        }
    }

    #[test]
    fn the_linux_profile_is_valid() {
        assert_eq!(Config::linux().validate(), Ok(()));
        assert_eq!(Config::rfc().validate(), Ok(()));
        let c = Config {
            fin_ack_delay: Some(Duration::from_secs(3601)),
            ..Config::linux()
        };
        assert_eq!(c.validate().unwrap_err().field, "fin_ack_delay_ms");
    }
}
