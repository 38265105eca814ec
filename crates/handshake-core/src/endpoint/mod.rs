//! One TCP endpoint: the TCB, the state machine of RFC 9293 §3.10 and the timers of RFC 6298.
//!
//! # The sans-IO surface
//!
//! An [`Endpoint`] does no IO and reads no clock. It has four kinds of method:
//!
//! * **getters**: [`Endpoint::state`], [`Endpoint::tcb`], [`Endpoint::timers`], …;
//! * **user calls** (RFC 9293 §3.10.1–§3.10.5): [`Endpoint::listen`], [`Endpoint::connect`],
//!   [`Endpoint::send`], [`Endpoint::close`], [`Endpoint::abort`];
//! * **inputs**: [`Endpoint::handle_segment`] and [`Endpoint::handle_timeout`];
//! * **outputs**: [`Endpoint::poll_transmit`], [`Endpoint::poll_timeout`],
//!   [`Endpoint::poll_event`] (for the application) and [`Endpoint::poll_note`] (for the trace).
//!
//! After every call or input, drain the outputs in this order: `poll_transmit` until `None`
//! (everything one input produces leaves together: an ACK owed for a segment rides on data or a
//! FIN produced in the same step, open choice 4), then `poll_event`, then `poll_note`, then read
//! `poll_timeout`. Calling `handle_timeout` before the deadline is a no-op.
//!
//! Every state change goes through one function, which also emits [`Note::State`] with the
//! cause; the big `match` in `process` is the only place that decides transitions.

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::fmt;
use core::net::SocketAddrV4;

use crate::config::{
    AbortRst, Config, Counterfactual, CrossingSynAck, DupSynPolicy, InWindowSyn, MSS_DEFAULT_IPV4,
    RTO_AFTER_HANDSHAKE_TIMEOUT, RstInTimeWait, RttEstimatorKind, Rule, Source, TimeWaitRestart,
};
use crate::rng::Rng;
use crate::rtt::RttEstimator;
use crate::segment::{Flags, Segment};
use crate::seq::SeqNumber;
use crate::state::State;
use crate::time::{Duration, Instant};
use crate::vocab::UserCall;

pub use crate::vocab::{AppEvent, CallError};

/// What [`Endpoint::poll_event`] gives the application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Bytes delivered in order.
    Data(Vec<u8>),
    /// Anything else the application is told (RFC 9293 §3.9.1 "signal the user").
    App(AppEvent),
}

/// The timers of one endpoint (RFC 9293 §3.8, §3.10.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimerKind {
    /// RFC 6298: one retransmission timer per connection.
    Retransmission,
    /// 2·MSL in TIME-WAIT.
    TimeWait,
    /// Optional FIN-WAIT-2 timeout (Linux `tcp_fin_timeout`; not in the RFC).
    FinWait2,
    /// The delayed ACK of a FIN (`Config::fin_ack_delay`, Linux's delayed ACK; RFC 9293
    /// §3.8.6.3 allows delaying an ACK up to 0.5 s, MUST-40).
    DelayedAck,
}

impl TimerKind {
    pub const fn name(self) -> &'static str {
        match self {
            TimerKind::Retransmission => "retransmission",
            TimerKind::TimeWait => "time_wait",
            TimerKind::FinWait2 => "fin_wait_2",
            TimerKind::DelayedAck => "delayed_ack",
        }
    }
}

/// What happened to a timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerAction {
    /// Started while not running.
    Set,
    /// Started again while running (RFC 6298 (5.3); TIME-WAIT restart).
    Restart,
    /// Stopped before expiry.
    Cancel,
    /// Expired.
    Fire,
}

impl TimerAction {
    pub const fn name(self) -> &'static str {
        match self {
            TimerAction::Set => "set",
            TimerAction::Restart => "restart",
            TimerAction::Cancel => "cancel",
            TimerAction::Fire => "fire",
        }
    }
}

/// A running timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timer {
    pub kind: TimerKind,
    /// When it was (re)started: with `deadline`, enough to draw a countdown.
    pub set_at: Instant,
    pub deadline: Instant,
    /// Retransmission timer: how many times the RTO has been doubled (0 = not backed off).
    pub backoff: u8,
}

/// Why a state changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// User call: passive OPEN.
    Listen,
    /// User call: active OPEN.
    Connect,
    /// User call: CLOSE.
    Close,
    /// User call: ABORT.
    Abort,
    /// A SYN arrived (LISTEN → SYN-RECEIVED; SYN-SENT → SYN-RECEIVED in a simultaneous open).
    SynReceived,
    /// A SYN,ACK acknowledging our SYN arrived (SYN-SENT → ESTABLISHED).
    SynAckReceived,
    /// An ACK of our SYN arrived (SYN-RECEIVED → ESTABLISHED).
    AckOfSynReceived,
    /// The peer's FIN was processed (→ CLOSE-WAIT, CLOSING or TIME-WAIT).
    FinReceived,
    /// The ACK of our FIN arrived (FIN-WAIT-1 → FIN-WAIT-2, CLOSING → TIME-WAIT,
    /// LAST-ACK → CLOSED).
    AckOfFinReceived,
    /// An acceptable RST arrived.
    RstReceived,
    /// An in-window SYN in SYN-RECEIVED from a passive OPEN (RFC 9293 §3.10.7.4 fourth check).
    SynInWindow,
    /// Retransmissions exhausted: "connection timed out" (RFC 9293 §3.8.3 R2). The endpoint's
    /// count when it gave up: `count` = `limit` retransmissions were made.
    RetriesExhausted(Retries),
    /// The TIME-WAIT timer (2·MSL, or fixed under the Linux profile) expired.
    TimeWaitExpired,
    /// The optional FIN-WAIT-2 timer expired.
    FinWait2Expired,
    /// The host crashed: the TCB vanished without a segment and the application was told
    /// nothing (RFC 9293 §3.5.1: "a crash occurs causing loss of memory").
    Crash,
}

impl Cause {
    pub const fn name(self) -> &'static str {
        match self {
            Cause::Listen => "listen",
            Cause::Connect => "connect",
            Cause::Close => "close",
            Cause::Abort => "abort",
            Cause::SynReceived => "syn_received",
            Cause::SynAckReceived => "syn_ack_received",
            Cause::AckOfSynReceived => "ack_of_syn_received",
            Cause::FinReceived => "fin_received",
            Cause::AckOfFinReceived => "ack_of_fin_received",
            Cause::RstReceived => "rst_received",
            Cause::SynInWindow => "syn_in_window",
            Cause::RetriesExhausted(_) => "retries_exhausted",
            Cause::TimeWaitExpired => "time_wait_expired",
            Cause::FinWait2Expired => "fin_wait_2_expired",
            Cause::Crash => "crash",
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Cause::RetriesExhausted(r) = self {
            return write!(f, "retransmissions exhausted ({} of {})", r.count, r.limit);
        }
        f.write_str(match self {
            Cause::Listen => "passive OPEN",
            Cause::Connect => "active OPEN",
            Cause::Close => "user CLOSE",
            Cause::Abort => "user ABORT",
            Cause::SynReceived => "received SYN",
            Cause::SynAckReceived => "received SYN,ACK acknowledging our SYN",
            Cause::AckOfSynReceived => "received ACK of our SYN",
            Cause::FinReceived => "received FIN",
            Cause::AckOfFinReceived => "received ACK of our FIN",
            Cause::RstReceived => "received acceptable RST",
            Cause::SynInWindow => "received in-window SYN",
            Cause::RetriesExhausted(_) => "retransmissions exhausted",
            Cause::TimeWaitExpired => "TIME-WAIT timer expired",
            Cause::FinWait2Expired => "FIN-WAIT-2 timer expired",
            Cause::Crash => "host crashed",
        })
    }
}

/// Who opened the connection (RFC 9293 §3.10.1: a passive OPEN waits in LISTEN, an active OPEN
/// sends the SYN). It decides where an RST or an in-window SYN sends SYN-RECEIVED (back to
/// LISTEN only for a passive opener, §3.10.7.4) and how a give-up in SYN-RECEIVED ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// From `connect()` (also from LISTEN: "change the connection from passive to active").
    Active,
    /// From `listen()`: the connection came from LISTEN.
    Passive,
}

impl Role {
    pub const fn name(self) -> &'static str {
        match self {
            Role::Active => "active",
            Role::Passive => "passive",
        }
    }
}

/// Which of the configured retry limits applies (RFC 9293 §3.8.3: R2 for a SYN is at least
/// 3 minutes, for data at least 100 s; the model counts retransmissions, open choice 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryLimit {
    /// `Config::syn_retries`: our SYN in SYN-SENT.
    Syn,
    /// `Config::synack_retries`: our SYN,ACK in SYN-RECEIVED.
    SynAck,
    /// `Config::data_retries`: data or a FIN, once synchronized.
    Data,
}

impl RetryLimit {
    /// `syn`, `syn_ack`, `data` (the trace's `limit_of`).
    pub const fn name(self) -> &'static str {
        match self {
            RetryLimit::Syn => "syn",
            RetryLimit::SynAck => "syn_ack",
            RetryLimit::Data => "data",
        }
    }
    /// `SYN`, `SYN,ACK`, `data` (for ladders).
    pub const fn what(self) -> &'static str {
        match self {
            RetryLimit::Syn => "SYN",
            RetryLimit::SynAck => "SYN,ACK",
            RetryLimit::Data => "data",
        }
    }
}

/// Where a retransmission stands in the endpoint's own count: the `count`-th retransmission of
/// the earliest unacknowledged segment, where at most `limit` are allowed (`limit_of` says which
/// limit). The count starts again whenever an ACK acknowledges new data. The limit is the one of
/// the current state, so on a give-up the count may be past it (a CLOSE in SYN-RECEIVED moves an
/// unacknowledged SYN,ACK from `synack_retries` to `data_retries`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Retries {
    pub count: u8,
    pub limit: u8,
    pub limit_of: RetryLimit,
}

/// What an endpoint did with one arriving segment (the "why" the narration explains).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Processed normally (in sequence, acceptable).
    Accepted,
    /// In the window but after a gap: held until the gap fills (RFC 9293 §3.10.7.4 SHLD-31);
    /// a duplicate ACK was sent.
    Queued,
    /// Entirely before RCV.NXT (already received): dropped and re-ACKed (first check).
    Old,
    /// Beyond the receive window: dropped and ACKed (first check).
    OutOfWindow,
    /// A retransmitted FIN in TIME-WAIT: re-ACKed and the TIME-WAIT timer restarted (fifth
    /// check).
    TimeWaitReAck,
    /// An RST with SEG.SEQ = RCV.NXT (or an acceptable RST before synchronization): reset.
    RstAccepted,
    /// An RST inside the window but not at RCV.NXT: a challenge ACK was sent (RFC 5961 §3.2).
    RstChallenged,
    /// An RST that was not acceptable: silently dropped.
    RstIgnored,
    /// A SYN in a synchronized state: a challenge ACK was sent (RFC 5961 §4.2).
    SynChallenged,
    /// A retransmitted SYN in SYN-RECEIVED answered with a SYN,ACK (Linux switch).
    SynAckResent,
    /// The ACK field was unacceptable and an RST was sent (LISTEN, SYN-SENT, SYN-RECEIVED).
    BadAckReset,
    /// ACK acknowledges data not yet sent: ACKed and dropped (RFC 9293 §3.10.7.4 fifth check).
    AckOfUnsent,
    /// ACK older than SND.UNA − MAX.SND.WND: ACKed and dropped (RFC 5961 §5).
    AckTooOld,
    /// Text or FIN after our peer's FIN, or after the connection stopped receiving: ignored.
    TextIgnored,
    /// No connection (CLOSED or a wrong port): an RST was sent (§3.10.7.1).
    NoConnectionReset,
    /// An RST and no connection (CLOSED, or another port or peer): dropped, never answered.
    /// RFC 9293 §3.10.7.1: "An incoming segment containing a RST is discarded."
    RstNoConnection,
    /// An RST in LISTEN: dropped. RFC 9293 §3.10.7.2, first: "An incoming RST segment could not
    /// be valid since it could not have been sent in response to anything sent by this
    /// incarnation of the connection. An incoming RST should be ignored."
    RstInListen,
    /// Neither SYN, ACK nor RST in LISTEN: dropped. RFC 9293 §3.10.7.2, fourth: "Any other
    /// control or text-bearing segment (not containing SYN) must have an ACK and thus would have
    /// been discarded by the ACK processing ... drop the segment and return."
    NoSynInListen,
    /// Neither SYN nor RST in SYN-SENT (an acceptable ACK alone): dropped. RFC 9293 §3.10.7.3,
    /// fifth: "If neither of the SYN or RST bits is set, then drop the segment and return."
    NoSynOrRstInSynSent,
    /// No ACK bit in SYN-RECEIVED or a synchronized state: dropped. RFC 9293 §3.10.7.4, fifth
    /// check: "if the ACK bit is off, drop the segment and return".
    NoAck,
    /// An acceptable RST in TIME-WAIT, ignored under `rst_in_time_wait = "ignore"` (open
    /// choice 5): RFC 1337 §3, "ignore RST segments in TIME-WAIT state".
    RstInTimeWaitIgnored,
    /// A duplicate SYN in SYN-RECEIVED within `dup_syn_ratelimit` of the last answer to one:
    /// no answer (Linux `tcp_oow_rate_limited`, `tcp_invalid_ratelimit` = 500 ms).
    DupSynRateLimited,
    /// A SYN inside the window with another ISN in SYN-RECEIVED: answered
    /// `<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>`, the request dropped, back to LISTEN
    /// (`in_window_syn = "reset"`, Linux `tcp_check_req`).
    SynInWindowReset,
    /// A bare ACK at RCV.NXT in TIME-WAIT: the timer restarted, no answer
    /// (`time_wait_restart = "any_ack"`, Linux `tcp_timewait_state_process`: "In window
    /// segment, it may be only reset or bare ack").
    TimeWaitAckRestart,
    /// Another ACK-bearing segment in TIME-WAIT than a re-sent FIN (an old duplicate, an ACK
    /// outside the window): re-ACKed and the timer restarted (`time_wait_restart = "any_ack"`,
    /// Linux: "Out of window segment. All the segments are ACKed immediately.").
    TimeWaitOtherReAck,
    /// The peer's SYN,ACK crossing ours in a simultaneous open: the handshake completes, and the
    /// SYN it repeats is ACKed as an old segment (`crossing_syn_ack = "ack"`, Linux).
    CrossingSynAckAcked,
}

impl Verdict {
    pub const fn name(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Queued => "queued",
            Verdict::Old => "old",
            Verdict::OutOfWindow => "out_of_window",
            Verdict::TimeWaitReAck => "time_wait_reack",
            Verdict::RstAccepted => "rst_accepted",
            Verdict::RstChallenged => "rst_challenged",
            Verdict::RstIgnored => "rst_ignored",
            Verdict::SynChallenged => "syn_challenged",
            Verdict::SynAckResent => "syn_ack_resent",
            Verdict::BadAckReset => "bad_ack_reset",
            Verdict::AckOfUnsent => "ack_of_unsent",
            Verdict::AckTooOld => "ack_too_old",
            Verdict::TextIgnored => "text_ignored",
            Verdict::NoConnectionReset => "no_connection_reset",
            Verdict::RstNoConnection => "rst_no_connection",
            Verdict::RstInListen => "rst_in_listen",
            Verdict::NoSynInListen => "no_syn_in_listen",
            Verdict::NoSynOrRstInSynSent => "no_syn_or_rst_in_syn_sent",
            Verdict::NoAck => "no_ack",
            Verdict::RstInTimeWaitIgnored => "rst_in_time_wait_ignored",
            Verdict::DupSynRateLimited => "dup_syn_rate_limited",
            Verdict::SynInWindowReset => "syn_in_window_reset",
            Verdict::TimeWaitAckRestart => "time_wait_ack_restart",
            Verdict::TimeWaitOtherReAck => "time_wait_other_reack",
            Verdict::CrossingSynAckAcked => "crossing_syn_ack_acked",
        }
    }

    /// Where the rule behind a verdict comes from, for the verdicts only one profile gives
    /// (`None`: the RFC's segment processing, which both profiles share).
    pub const fn source(self) -> Option<Source> {
        match self {
            Verdict::SynAckResent
            | Verdict::DupSynRateLimited
            | Verdict::SynInWindowReset
            | Verdict::TimeWaitAckRestart
            | Verdict::TimeWaitOtherReAck
            | Verdict::CrossingSynAckAcked => Some(Source::Linux),
            Verdict::RstInTimeWaitIgnored => Some(Source::Rfc),
            _ => None,
        }
    }
}

impl fmt::Display for Verdict {
    /// One short English phrase for ladders and logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Accepted => "accepted",
            Verdict::Queued => "out of order: held until the gap is filled, duplicate ACK",
            Verdict::Old => "already received: dropped, re-ACKed",
            Verdict::OutOfWindow => "outside the receive window: dropped, ACKed",
            Verdict::TimeWaitReAck => "retransmitted FIN in TIME-WAIT: re-ACKed, timer restarted",
            Verdict::RstAccepted => "RST accepted",
            Verdict::RstChallenged => "RST in window but not at RCV.NXT: challenge ACK",
            Verdict::RstIgnored => "RST not acceptable: ignored",
            Verdict::SynChallenged => "SYN in a synchronized state: challenge ACK",
            Verdict::SynAckResent => "duplicate SYN: SYN,ACK re-sent",
            Verdict::BadAckReset => "unacceptable ACK: answered with RST",
            Verdict::AckOfUnsent => "ACK of unsent data: dropped, ACKed",
            Verdict::AckTooOld => "ACK too old: dropped, ACKed",
            Verdict::TextIgnored => "text after the peer's FIN: ignored",
            Verdict::NoConnectionReset => "no connection: answered with RST",
            Verdict::RstNoConnection => "RST with no connection: dropped, never answered",
            Verdict::RstInListen => "RST in LISTEN: ignored",
            Verdict::NoSynInListen => "no SYN in LISTEN: dropped",
            Verdict::NoSynOrRstInSynSent => "neither SYN nor RST in SYN-SENT: dropped",
            Verdict::NoAck => "no ACK bit: dropped",
            Verdict::RstInTimeWaitIgnored => "RST in TIME-WAIT: ignored (RFC 1337)",
            Verdict::DupSynRateLimited => "duplicate SYN within the rate limit: no answer",
            Verdict::SynInWindowReset => "in-window SYN, another ISN: RST,ACK, request dropped",
            Verdict::TimeWaitAckRestart => "bare ACK in TIME-WAIT: timer restarted, no answer",
            Verdict::TimeWaitOtherReAck => "segment in TIME-WAIT: re-ACKed, timer restarted",
            Verdict::CrossingSynAckAcked => "crossing SYN,ACK: established, its SYN ACKed again",
        })
    }
}

/// How the RTO changed (RFC 6298), or why it did not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RtoChange {
    /// A valid RTT sample `rtt` of the segment that starts at `seq` (sent once, never
    /// retransmitted): `first` applies (2.2) "When the first RTT measurement R is made", else
    /// (2.3); SRTT and RTTVAR are their values after it, and the RTO is
    /// SRTT + max(G, 4·RTTVAR), rounded up to the minimum (2.4) and capped at the maximum (2.5).
    Sample {
        rtt: Duration,
        first: bool,
        srtt: Duration,
        rttvar: Duration,
        seq: SeqNumber,
        /// Which estimator computed the RTO (RFC 6298 (2.4) rounds the RTO up to the minimum;
        /// Linux floors 4·RTTVAR with it).
        estimator: RttEstimatorKind,
    },
    /// An ACK of new data covered a retransmitted segment, so no sample was taken (Karn,
    /// RFC 6298 §3: "RTT samples MUST NOT be made using segments that were retransmitted").
    KarnNoSample,
    /// The timer expired: RTO doubled ((5.5)); `capped` when the doubled value exceeded the
    /// maximum of (2.5), which it then is.
    BackOff { capped: bool },
    /// The timer expired on a SYN among the first `syn_linear_timeouts` retransmissions: the
    /// RTO is kept, not doubled (Linux `tcp_syn_linear_timeouts`).
    Linear,
    /// The handshake completed after a SYN or SYN,ACK timeout: RTO := 3 s ((5.7)).
    HandshakeFallback,
}

/// One line of what the endpoint did, for the trace. Drained with [`Endpoint::poll_note`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    State {
        from: State,
        to: State,
        cause: Cause,
        /// Who opened the connection this change is about; `None` when there is none (CLOSED ↔
        /// LISTEN).
        role: Option<Role>,
    },
    Timer {
        kind: TimerKind,
        action: TimerAction,
        deadline: Instant,
        backoff: u8,
        /// On the expiry of the retransmission timer: which expiry of the earliest
        /// unacknowledged segment this is (1 for its first), counted as the endpoint counts its
        /// retransmissions (not from the backoff, which only a valid RTT sample resets).
        expiry: Option<u8>,
        /// The rule the timer's length follows where the profiles differ (TIME-WAIT's length, a
        /// delayed ACK's), on every action.
        rule: Option<Rule>,
    },
    Verdict(Verdict),
    Rto {
        change: RtoChange,
        /// The RTO before.
        from: Duration,
        /// The RTO after.
        rto: Duration,
    },
    /// The event just given to the application (also returned by `poll_event`): here it keeps
    /// its place among the state changes and timers, so a trace reads in causal order.
    Event(Event),
    /// A counterfactual switch changed what happens here: what follows is not TCP (a state
    /// change, a segment, or a retransmission that does not happen).
    NotTcp(Counterfactual),
}

/// Where an endpoint's ISNs come from: a seeded generator (RFC 9293 §3.4.1 asks for a clock and
/// a keyed hash; see `docs/model.md`), shared by every connection of a host, and the first ISS it
/// gave (what the same-ISN counterfactual repeats).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IsnSource {
    rng: Rng,
    first: Option<SeqNumber>,
}

impl IsnSource {
    pub fn new(seed: u64) -> IsnSource {
        IsnSource {
            rng: Rng::new(seed),
            first: None,
        }
    }
    /// The ISS for a new connection: a fresh draw, or the first one ever under `same`.
    fn next(&mut self, same: bool) -> SeqNumber {
        let drawn = SeqNumber(self.rng.next_u32());
        let first = *self.first.get_or_insert(drawn);
        if same { first } else { drawn }
    }
}

/// The TCB variables of RFC 9293 §3.3.1, as a snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tcb {
    pub iss: SeqNumber,
    /// Known once a SYN has arrived.
    pub irs: Option<SeqNumber>,
    pub snd_una: SeqNumber,
    pub snd_nxt: SeqNumber,
    pub snd_wnd: u16,
    pub rcv_nxt: Option<SeqNumber>,
    pub rcv_wnd: u16,
    /// The MSS used for sending (min of ours and the peer's announced one).
    pub snd_mss: u16,
    pub rto: Duration,
    pub srtt: Option<Duration>,
    pub rttvar: Duration,
}

/// A segment to put on the link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transmit {
    pub dst: SocketAddrV4,
    pub segment: Segment,
    /// True when this re-sends sequence space already sent (a timer-driven retransmission, or a
    /// SYN,ACK re-sent under the Linux duplicate-SYN switch).
    pub retransmission: bool,
    /// On a timer-driven retransmission (RFC 6298 (5.4)): its place in the endpoint's count.
    pub retry: Option<Retries>,
    /// The rule this segment's form follows where the profiles differ (an ABORT's RST).
    pub rule: Option<Rule>,
}

/// The sequence-number variables of one connection (RFC 9293 §3.3.1).
#[derive(Clone, Debug)]
struct Vars {
    iss: SeqNumber,
    irs: Option<SeqNumber>,
    snd_una: SeqNumber,
    /// Equal to ISS until the SYN has actually been put on the wire.
    snd_nxt: SeqNumber,
    snd_wnd: u16,
    snd_wl1: SeqNumber,
    snd_wl2: SeqNumber,
    /// The largest window the peer ever offered (RFC 5961 §5: MAX.SND.WND).
    max_snd_wnd: u16,
    rcv_nxt: SeqNumber,
    snd_mss: u16,
    /// Sequence number of our FIN, once sent.
    fin_seq: Option<SeqNumber>,
}

/// Bytes the application handed to SEND and the peer has not acknowledged yet.
#[derive(Debug, Default)]
struct SendBuffer {
    data: VecDeque<u8>,
    /// Sequence number of `data[0]`.
    start: SeqNumber,
    /// CLOSE was called: a FIN follows the data.
    fin_queued: bool,
}

impl Clone for SendBuffer {
    fn clone(&self) -> SendBuffer {
        SendBuffer {
            data: self.data.clone(),
            start: self.start,
            fin_queued: self.fin_queued,
        }
    }
    /// Into `self`'s deque (see `Endpoint::clone_from`).
    fn clone_from(&mut self, src: &SendBuffer) {
        let SendBuffer {
            data,
            start,
            fin_queued,
        } = src;
        self.data.clone_from(data);
        self.start = *start;
        self.fin_queued = *fin_queued;
    }
}

impl SendBuffer {
    /// The sequence number after the last queued byte (where the FIN goes).
    fn end(&self) -> SeqNumber {
        self.start + self.data.len()
    }
    /// The bytes `[from, from + len)` (as many as the queue holds) as the deque's two halves, to
    /// be copied slice by slice, not byte by byte.
    fn slices(&self, from: SeqNumber, len: usize) -> (&[u8], &[u8]) {
        let off = from - self.start;
        let end = off.saturating_add(len).min(self.data.len());
        let off = off.min(end);
        let (a, b) = self.data.as_slices();
        let first = if off < a.len() {
            &a[off..end.min(a.len())]
        } else {
            &[][..]
        };
        let second = if end > a.len() {
            &b[off.saturating_sub(a.len())..end - a.len()]
        } else {
            &[][..]
        };
        (first, second)
    }
    fn acknowledge(&mut self, ack: SeqNumber) {
        let n = (ack - self.start).min(self.data.len());
        self.data.drain(..n);
        self.start = self.start + n;
    }
}

/// A segment received out of order, held until the gap before it fills (SHLD-31).
#[derive(Clone, Debug)]
struct Held {
    seq: SeqNumber,
    data: Vec<u8>,
    fin: bool,
}

/// One TCP endpoint. See the module documentation for the order of calls.
#[derive(Debug)]
pub struct Endpoint {
    config: Config,
    local: SocketAddrV4,
    remote: Option<SocketAddrV4>,
    state: State,
    isn: IsnSource,
    rtt: RttEstimator,
    /// The connection came from a passive OPEN (LISTEN): an RST or in-window SYN in
    /// SYN-RECEIVED returns to LISTEN (RFC 9293 §3.10.7.4).
    passive: bool,
    vars: Option<Vars>,
    tx: SendBuffer,
    held: Vec<Held>,
    timers: [Option<Timer>; 4],
    /// The rule each running timer's length follows (`Note::Timer::rule`).
    timer_rules: [Option<Rule>; 4],
    /// Retransmissions of the current earliest unacknowledged segment.
    retries: u8,
    /// The retransmission timer expired: re-send the earliest unacknowledged segment, as this
    /// retransmission of the count.
    rtx_due: Option<Retries>,
    /// A SYN,ACK is owed in reply to a SYN (simultaneous open, Linux duplicate-SYN switch).
    synack_owed: bool,
    /// The segment being timed for an RTT sample: (its first sequence number, the sequence
    /// number that acknowledges it, sent at).
    rtt_probe: Option<(SeqNumber, SeqNumber, Instant)>,
    /// Something was retransmitted since the last sample: an ACK covering it gives none (Karn).
    karn_blocked: bool,
    /// A SYN or SYN,ACK timed out: RFC 6298 (5.7) applies when the handshake completes.
    handshake_timed_out: bool,
    /// CLOSE in SYN-RECEIVED with data queued: do it when ESTABLISHED (RFC 9293 §3.10.4).
    close_after_established: bool,
    /// An ACK is owed; it rides on the next segment or goes alone.
    ack_pending: bool,
    /// When the last duplicate SYN in SYN-RECEIVED was answered (`dup_syn_ratelimit`).
    dup_syn_answered_at: Option<Instant>,
    /// A FIN took the connection to CLOSE-WAIT in this step; its ACK may be delayed.
    fin_ack_delayable: bool,
    /// Control segments built during processing (RSTs), sent before anything else.
    ctl: VecDeque<Transmit>,
    events: VecDeque<Event>,
    notes: VecDeque<Note>,
    /// Whether `poll_event` gets the application's events (always, except for the simulator,
    /// which reads them from the notes and would only throw these copies away).
    app_events: bool,
    /// Byte buffers to reuse for payloads and deliveries (not part of the state).
    spare: SpareBuffers,
}

/// At most this many [`Endpoint`] spare buffers.
const SPARE_BUFFERS: usize = 16;

/// Byte buffers kept for reuse, not part of an endpoint's state: the simulator gives back the
/// buffers of deliveries it has read and the payloads of transmissions that a recycled run of the
/// loss sweep cut, and the endpoint makes its next payloads and deliveries in them instead of
/// allocating each (issue 15). A clone starts without them, `clone_from` keeps its own, and
/// `Debug` shows none of them, so two endpoints in the same state print the same.
#[derive(Default)]
struct SpareBuffers(Vec<Vec<u8>>);

impl Clone for SpareBuffers {
    fn clone(&self) -> SpareBuffers {
        SpareBuffers::default()
    }
    fn clone_from(&mut self, _: &SpareBuffers) {}
}

impl fmt::Debug for SpareBuffers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SpareBuffers")
    }
}

impl SpareBuffers {
    /// An empty buffer with room for `len` bytes.
    fn take(&mut self, len: usize) -> Vec<u8> {
        match self.0.pop() {
            Some(mut buf) => {
                buf.reserve(len);
                buf
            }
            None => Vec::with_capacity(len),
        }
    }
}

impl Clone for Endpoint {
    fn clone(&self) -> Endpoint {
        Endpoint {
            config: self.config.clone(),
            local: self.local,
            remote: self.remote,
            state: self.state,
            isn: self.isn.clone(),
            rtt: self.rtt,
            passive: self.passive,
            vars: self.vars.clone(),
            tx: self.tx.clone(),
            held: self.held.clone(),
            timers: self.timers,
            timer_rules: self.timer_rules,
            retries: self.retries,
            rtx_due: self.rtx_due,
            synack_owed: self.synack_owed,
            rtt_probe: self.rtt_probe,
            karn_blocked: self.karn_blocked,
            handshake_timed_out: self.handshake_timed_out,
            close_after_established: self.close_after_established,
            ack_pending: self.ack_pending,
            dup_syn_answered_at: self.dup_syn_answered_at,
            fin_ack_delayable: self.fin_ack_delayable,
            ctl: self.ctl.clone(),
            events: self.events.clone(),
            notes: self.notes.clone(),
            app_events: self.app_events,
            spare: SpareBuffers::default(),
        }
    }

    /// Field by field into `self`'s own buffers (the send queue, held segments, the queues of
    /// notes and events): the loss sweep recycles finished runs this way instead of allocating
    /// a new copy at every fork (issue 15). The destructuring names every field, so a new one
    /// cannot be forgotten.
    fn clone_from(&mut self, src: &Endpoint) {
        let Endpoint {
            config,
            local,
            remote,
            state,
            isn,
            rtt,
            passive,
            vars,
            tx,
            held,
            timers,
            timer_rules,
            retries,
            rtx_due,
            synack_owed,
            rtt_probe,
            karn_blocked,
            handshake_timed_out,
            close_after_established,
            ack_pending,
            dup_syn_answered_at,
            fin_ack_delayable,
            ctl,
            events,
            notes,
            app_events,
            spare: _,
        } = src;
        self.config.clone_from(config);
        self.local.clone_from(local);
        self.remote.clone_from(remote);
        self.state.clone_from(state);
        self.isn.clone_from(isn);
        self.rtt.clone_from(rtt);
        self.passive.clone_from(passive);
        self.vars.clone_from(vars);
        self.tx.clone_from(tx);
        self.held.clone_from(held);
        self.timers.clone_from(timers);
        self.timer_rules.clone_from(timer_rules);
        self.retries.clone_from(retries);
        self.rtx_due.clone_from(rtx_due);
        self.synack_owed.clone_from(synack_owed);
        self.rtt_probe.clone_from(rtt_probe);
        self.karn_blocked.clone_from(karn_blocked);
        self.handshake_timed_out.clone_from(handshake_timed_out);
        self.close_after_established
            .clone_from(close_after_established);
        self.ack_pending.clone_from(ack_pending);
        self.dup_syn_answered_at.clone_from(dup_syn_answered_at);
        self.fin_ack_delayable.clone_from(fin_ack_delayable);
        self.ctl.clone_from(ctl);
        self.events.clone_from(events);
        self.notes.clone_from(notes);
        self.app_events.clone_from(app_events);
    }
}

const TIMER_KINDS: [TimerKind; 4] = [
    TimerKind::Retransmission,
    TimerKind::TimeWait,
    TimerKind::FinWait2,
    TimerKind::DelayedAck,
];

fn timer_index(kind: TimerKind) -> usize {
    match kind {
        TimerKind::Retransmission => 0,
        TimerKind::TimeWait => 1,
        TimerKind::FinWait2 => 2,
        TimerKind::DelayedAck => 3,
    }
}

impl Endpoint {
    /// A CLOSED endpoint bound to `local`; its ISNs come from a generator seeded with `seed`.
    pub fn new(config: Config, local: SocketAddrV4, seed: u64) -> Endpoint {
        Endpoint {
            rtt: RttEstimator::new(&config),
            config,
            local,
            remote: None,
            state: State::Closed,
            isn: IsnSource::new(seed),
            passive: false,
            vars: None,
            tx: SendBuffer::default(),
            held: Vec::new(),
            timers: [None; 4],
            timer_rules: [None; 4],
            retries: 0,
            rtx_due: None,
            synack_owed: false,
            rtt_probe: None,
            karn_blocked: false,
            handshake_timed_out: false,
            close_after_established: false,
            ack_pending: false,
            dup_syn_answered_at: None,
            fin_ack_delayable: false,
            ctl: VecDeque::new(),
            events: VecDeque::new(),
            notes: VecDeque::new(),
            app_events: true,
            spare: SpareBuffers::default(),
        }
    }

    /// Whether [`Endpoint::poll_event`] gets the application's events (on by default). The
    /// simulator reads them as [`Note::Event`]s only, so it turns this off and no delivered byte
    /// is copied twice.
    pub(crate) fn set_app_events(&mut self, on: bool) {
        self.app_events = on;
        if !on {
            self.events.clear();
        }
    }

    /// Gives the endpoint a byte buffer to make a later payload or delivery in (the simulator
    /// hands back what it is done with; see `SpareBuffers`). Its bytes are dropped.
    pub(crate) fn give_buffer(&mut self, mut buf: Vec<u8>) {
        if buf.capacity() > 0 && self.spare.0.len() < SPARE_BUFFERS {
            buf.clear();
            self.spare.0.push(buf);
        }
    }

    /// The send queue's bytes `[from, from + len)` (as many of them as it holds), in a spare
    /// buffer if they are not none.
    fn payload(&mut self, from: SeqNumber, len: usize) -> Vec<u8> {
        let (a, b) = self.tx.slices(from, len);
        if a.is_empty() && b.is_empty() {
            return Vec::new();
        }
        let mut out = self.spare.take(a.len() + b.len());
        out.extend_from_slice(a);
        out.extend_from_slice(b);
        out
    }

    // ----- getters -------------------------------------------------------------------------

    pub fn state(&self) -> State {
        self.state
    }
    pub fn local(&self) -> SocketAddrV4 {
        self.local
    }
    pub fn remote(&self) -> Option<SocketAddrV4> {
        self.remote
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// Retransmissions of the earliest unacknowledged segment so far.
    pub fn retries(&self) -> u8 {
        self.retries
    }
    /// Bytes queued by SEND and not yet acknowledged.
    pub fn send_queue_len(&self) -> usize {
        self.tx.data.len()
    }

    /// The TCB variables, once an ISS has been chosen; `None` in CLOSED and LISTEN.
    pub fn tcb(&self) -> Option<Tcb> {
        let v = self.vars.as_ref()?;
        Some(Tcb {
            iss: v.iss,
            irs: v.irs,
            snd_una: v.snd_una,
            snd_nxt: v.snd_nxt,
            snd_wnd: v.snd_wnd,
            rcv_nxt: v.irs.map(|_| v.rcv_nxt),
            rcv_wnd: self.config.window,
            snd_mss: v.snd_mss,
            rto: self.rtt.rto(),
            srtt: self.rtt.srtt(),
            rttvar: self.rtt.rttvar(),
        })
    }

    /// Running timers.
    pub fn timers(&self) -> impl Iterator<Item = Timer> + '_ {
        self.timers.iter().flatten().copied()
    }
    pub fn timer(&self, kind: TimerKind) -> Option<Timer> {
        self.timers[timer_index(kind)]
    }

    /// The generator this endpoint draws its ISNs from. A host shares one among its
    /// connections: take it after an input, hand it to the next socket before one.
    pub fn isn_generator(&self) -> &IsnSource {
        &self.isn
    }
    pub fn set_isn_generator(&mut self, isn: IsnSource) {
        self.isn = isn;
    }

    /// Turns a broken-TCP switch on or off; it acts the next time its situation arises.
    pub fn set_counterfactual(&mut self, switch: Counterfactual, on: bool) {
        self.config.counterfactual = self.config.counterfactual.with(switch, on);
    }

    /// The host crashed: the TCB and its timers vanish at once, nothing is sent and the
    /// application is told nothing (it crashed with the host). Notes the change to CLOSED
    /// (cause [`Cause::Crash`]) and each timer that stopped. A no-op in CLOSED.
    pub fn crash(&mut self, now: Instant) {
        let _ = now;
        let from = self.state;
        if from == State::Closed {
            return;
        }
        let role = self.vars.as_ref().map(|_| {
            if self.passive {
                Role::Passive
            } else {
                Role::Active
            }
        });
        self.state = State::Closed;
        self.note(Note::State {
            from,
            to: State::Closed,
            cause: Cause::Crash,
            role,
        });
        for kind in TIMER_KINDS {
            self.disarm(kind);
        }
        self.forget_connection();
        self.ctl.clear();
        self.events.clear();
    }

    // ----- user calls (RFC 9293 §3.10.1–§3.10.5) ------------------------------------------

    /// Any user call; `remote` is where `Connect` goes. The same as calling [`Endpoint::listen`],
    /// [`Endpoint::connect`], [`Endpoint::send`], [`Endpoint::close`] or [`Endpoint::abort`].
    pub fn call(
        &mut self,
        now: Instant,
        remote: SocketAddrV4,
        call: &UserCall,
    ) -> Result<(), CallError> {
        match call {
            UserCall::Listen => self.listen(now),
            UserCall::Connect => self.connect(now, remote),
            UserCall::Send(data) => self.send(now, &data.as_bytes()),
            UserCall::Close => self.close(now),
            UserCall::Abort => self.abort(now),
        }
    }

    /// Passive OPEN.
    pub fn listen(&mut self, now: Instant) -> Result<(), CallError> {
        match self.state {
            State::Closed => {
                self.set_state(now, State::Listen, Cause::Listen);
                Ok(())
            }
            _ => Err(CallError::ConnectionExists),
        }
    }

    /// Active OPEN: select an ISS, send a SYN, enter SYN-SENT (§3.10.1; from LISTEN too:
    /// "change the connection from passive to active").
    pub fn connect(&mut self, now: Instant, remote: SocketAddrV4) -> Result<(), CallError> {
        match self.state {
            State::Closed | State::Listen => {
                self.new_connection(remote, false);
                self.set_state(now, State::SynSent, Cause::Connect);
                Ok(())
            }
            _ => Err(CallError::ConnectionExists),
        }
    }

    /// SEND (§3.10.2). Before ESTABLISHED the data is queued until the handshake completes.
    pub fn send(&mut self, now: Instant, data: &[u8]) -> Result<(), CallError> {
        let _ = now;
        match self.state {
            State::Closed => Err(CallError::ConnectionDoesNotExist),
            State::Listen => Err(CallError::ForeignSocketUnspecified),
            State::SynSent | State::SynReceived | State::Established | State::CloseWait => {
                if self.tx.fin_queued || self.close_after_established {
                    return Err(CallError::ConnectionClosing);
                }
                self.tx.data.extend(data.iter().copied());
                Ok(())
            }
            State::FinWait1
            | State::FinWait2
            | State::Closing
            | State::LastAck
            | State::TimeWait => Err(CallError::ConnectionClosing),
        }
    }

    /// CLOSE (§3.10.4): "I have no more to send". Receiving continues (half-close).
    pub fn close(&mut self, now: Instant) -> Result<(), CallError> {
        match self.state {
            State::Closed => Err(CallError::ConnectionDoesNotExist),
            // "Any outstanding RECEIVEs are returned ... delete TCB, enter CLOSED state".
            State::Listen | State::SynSent => {
                self.set_state(now, State::Closed, Cause::Close);
                Ok(())
            }
            // "If no SENDs have been issued and there is no pending data to send, then form a
            // FIN segment and send it, and enter FIN-WAIT-1 state; otherwise, queue for
            // processing after entering ESTABLISHED state."
            State::SynReceived => {
                if self.tx.data.is_empty() {
                    self.tx.fin_queued = true;
                    self.set_state(now, State::FinWait1, Cause::Close);
                } else {
                    self.close_after_established = true;
                }
                Ok(())
            }
            // "Queue this until all preceding SENDs have been segmentized, then form a FIN
            // segment and send it. In any case, enter FIN-WAIT-1 state."
            State::Established => {
                self.tx.fin_queued = true;
                self.set_state(now, State::FinWait1, Cause::Close);
                Ok(())
            }
            // "Queue this request until all preceding SENDs have been segmentized; then send a
            // FIN segment, enter LAST-ACK state."
            State::CloseWait => {
                self.tx.fin_queued = true;
                self.set_state(now, State::LastAck, Cause::Close);
                Ok(())
            }
            State::FinWait1
            | State::FinWait2
            | State::Closing
            | State::LastAck
            | State::TimeWait => Err(CallError::ConnectionClosing),
        }
    }

    /// ABORT (§3.10.5). Ends in CLOSED in every state (open choice 8: §3.10.5, not §3.5.2's
    /// TIME-WAIT).
    pub fn abort(&mut self, now: Instant) -> Result<(), CallError> {
        match self.state {
            State::Closed => Err(CallError::ConnectionDoesNotExist),
            State::Listen | State::SynSent => {
                self.set_state(now, State::Closed, Cause::Abort);
                Ok(())
            }
            // "Send a reset segment: <SEQ=SND.NXT><CTL=RST>"
            State::SynReceived
            | State::Established
            | State::FinWait1
            | State::FinWait2
            | State::CloseWait => {
                if let Some(v) = &self.vars {
                    let seq = v.snd_nxt;
                    // Linux (`abort_rst = "rst_ack"`) adds the ACK, `tcp_send_active_reset`:
                    // "tcp_init_nondata_skb(skb, tcp_acceptable_seq(sk), TCPHDR_ACK |
                    // TCPHDR_RST)", so <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>.
                    let (ack, rule) = match self.config.abort_rst {
                        AbortRst::Rst => (None, Rule::AbortRst),
                        AbortRst::RstAck => (v.irs.map(|_| v.rcv_nxt), Rule::AbortRstAck),
                    };
                    self.queue_rst(self.remote, seq, ack);
                    if let Some(t) = self.ctl.back_mut() {
                        t.rule = Some(rule);
                    }
                }
                self.set_state(now, State::Closed, Cause::Abort);
                Ok(())
            }
            // "Respond with "ok" and delete the TCB, enter CLOSED state, and return."
            State::Closing | State::LastAck | State::TimeWait => {
                self.set_state(now, State::Closed, Cause::Abort);
                Ok(())
            }
        }
    }

    // ----- inputs --------------------------------------------------------------------------

    /// A segment arrived from `src` (the sender's IPv4 address and the segment's source port).
    /// Emits exactly one [`Note::Verdict`], before the notes the segment causes. The segment is
    /// only read (the caller keeps it: the simulator's link still holds it).
    pub fn handle_segment(&mut self, now: Instant, src: SocketAddrV4, seg: &Segment) {
        let mark = self.notes.len();
        let verdict = self.process(now, src, seg);
        self.notes.insert(mark, Note::Verdict(verdict));
    }

    /// Processes every timer whose deadline is ≤ `now`; a no-op before any deadline.
    pub fn handle_timeout(&mut self, now: Instant) {
        for kind in TIMER_KINDS {
            let Some(timer) = self.timer(kind) else {
                continue;
            };
            if timer.deadline > now {
                continue;
            }
            self.timers[timer_index(kind)] = None;
            let rule = self.timer_rules[timer_index(kind)].take();
            // Which expiry of the earliest unacknowledged segment: one more than the
            // retransmissions the endpoint has counted for it.
            let expiry =
                (kind == TimerKind::Retransmission).then(|| self.retries.saturating_add(1));
            self.note(Note::Timer {
                kind,
                action: TimerAction::Fire,
                deadline: timer.deadline,
                backoff: timer.backoff,
                expiry,
                rule,
            });
            match kind {
                TimerKind::Retransmission => self.on_retransmission_timeout(now),
                // RFC 9293 §3.10.8: "If the time-wait timeout expires on a connection, delete
                // the TCB, enter the CLOSED state, and return."
                TimerKind::TimeWait => {
                    self.set_state(now, State::Closed, Cause::TimeWaitExpired);
                    self.emit(Event::App(AppEvent::Closed));
                }
                TimerKind::FinWait2 => {
                    self.set_state(now, State::Closed, Cause::FinWait2Expired);
                    self.emit(Event::App(AppEvent::Closed));
                }
                // The delayed ACK of a FIN goes now.
                TimerKind::DelayedAck => self.ack_pending = true,
            }
        }
    }

    // ----- outputs -------------------------------------------------------------------------

    /// The next segment to send, if any. Everything one input produces comes out before the
    /// next input: control segments first, then a retransmission, a SYN, new data and a FIN,
    /// then a bare ACK if one is still owed (an ACK rides on any segment that carries one).
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Transmit> {
        if let Some(t) = self.ctl.pop_front() {
            return Some(t);
        }
        let v = self.vars.as_ref()?;
        let (iss, snd_una, snd_nxt) = (v.iss, v.snd_una, v.snd_nxt);
        let synchronizing = matches!(self.state, State::SynSent | State::SynReceived);
        let syn_unacked = snd_una == iss && self.state != State::Closed;

        // The SYN (or SYN,ACK) for the first time: it goes before anything else, in whatever
        // state (only the two-way-handshake switch leaves SYN-RECEIVED before sending it, and a
        // FIN on that SYN takes it on to CLOSE-WAIT).
        if snd_nxt == iss {
            let seg = self.syn_segment();
            self.vars.as_mut()?.snd_nxt = iss + 1;
            self.rtt_probe = Some((iss, iss + 1, now));
            self.start_rtx_timer_if_idle(now);
            return Some(self.transmit(seg, false));
        }
        // RFC 6298 (5.4): "Retransmit the earliest segment that has not been acknowledged".
        if let Some(retry) = self.rtx_due.take() {
            if let Some(seg) = self.earliest_unacked() {
                self.rtt_probe = None;
                self.karn_blocked = true;
                // (5.6) "Start the retransmission timer, such that it expires after RTO
                // seconds (for the value of RTO after the doubling operation outlined in 5.5)."
                self.arm(now, TimerKind::Retransmission, self.rtt.rto());
                let mut t = self.transmit(seg, true);
                t.retry = Some(retry);
                return Some(t);
            }
        }
        if self.synack_owed {
            self.synack_owed = false;
            if syn_unacked && snd_nxt != iss {
                let seg = self.syn_segment();
                self.rtt_probe = None;
                self.karn_blocked = true;
                return Some(self.transmit(seg, true));
            }
        }
        // New data and the FIN wait for the handshake (RFC 9293 §3.10.2: "queue the data for
        // transmission after entering ESTABLISHED state").
        if !synchronizing {
            if let Some(seg) = self.new_data_or_fin(now) {
                return Some(self.transmit(seg, false));
            }
        }
        if self.ack_pending {
            let seg = self.bare_ack()?;
            return Some(self.transmit(seg, false));
        }
        None
    }

    /// The earliest timer deadline.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers().map(|t| t.deadline).min()
    }
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }
    pub fn poll_note(&mut self) -> Option<Note> {
        self.notes.pop_front()
    }
    /// Whether [`Endpoint::poll_note`] has a note to give.
    pub fn has_notes(&self) -> bool {
        !self.notes.is_empty()
    }
}

// ----- segment processing (RFC 9293 §3.10.7) ------------------------------------------------

impl Endpoint {
    fn process(&mut self, now: Instant, src: SocketAddrV4, seg: &Segment) -> Verdict {
        // Demultiplexing: a segment for another port, or from a peer other than this
        // connection's, finds no TCB and is handled as in CLOSED.
        let ours = seg.dst_port == self.local.port();
        let peer_ok = match (self.state, self.remote) {
            (State::Closed | State::Listen, _) | (_, None) => true,
            (_, Some(r)) => r == src,
        };
        if self.state == State::Closed || !ours || !peer_ok {
            return self.reply_no_connection(src, seg);
        }
        match self.state {
            State::Listen => self.process_listen(now, src, seg),
            State::SynSent => self.process_syn_sent(now, src, seg),
            _ => self.process_synchronizing_or_synchronized(now, src, seg),
        }
    }

    /// §3.10.7.1 CLOSED: "An incoming segment containing a RST is discarded. An incoming
    /// segment not containing a RST causes a RST to be sent in response."
    fn reply_no_connection(&mut self, src: SocketAddrV4, seg: &Segment) -> Verdict {
        if seg.flags.rst() {
            return Verdict::RstNoConnection;
        }
        let seg_src_port = seg.dst_port;
        let dst = Some(src);
        if seg.flags.ack() {
            // "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>"
            self.queue_rst_from(seg_src_port, dst, seg.ack, None);
        } else {
            // "If the ACK bit is off, sequence number zero is used,
            //  <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"
            self.queue_rst_from(seg_src_port, dst, SeqNumber(0), Some(seg.seq_end()));
        }
        Verdict::NoConnectionReset
    }

    /// §3.10.7.2 LISTEN.
    fn process_listen(&mut self, now: Instant, src: SocketAddrV4, seg: &Segment) -> Verdict {
        // "First, check for a RST: An incoming RST segment could not be valid since it could
        // not have been sent in response to anything sent by this incarnation of the
        // connection. An incoming RST should be ignored."
        if seg.flags.rst() {
            return Verdict::RstInListen;
        }
        // "Second, check for an ACK: Any acknowledgment is bad if it arrives on a connection
        // still in the LISTEN state. An acceptable reset segment should be formed for any
        // arriving ACK-bearing segment. The RST should be formatted as follows:
        // <SEQ=SEG.ACK><CTL=RST>"
        if seg.flags.ack() {
            self.queue_rst(Some(src), seg.ack, None);
            return Verdict::BadAckReset;
        }
        // "Third, check for a SYN: ... Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ, and any
        // other control or text should be queued for processing later. ISS should be selected
        // and a SYN segment sent of the form: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. SND.NXT is
        // set to ISS+1 and SND.UNA to ISS. The connection state should be changed to
        // SYN-RECEIVED."  Text on a SYN is not kept (our endpoints never send it).
        if seg.flags.syn() {
            self.new_connection(src, true);
            self.learn_peer_syn(seg);
            if self.broken(Counterfactual::TwoWayHandshake) {
                // Not TCP: ESTABLISHED on the SYN alone, before the peer has confirmed it (the
                // SYN,ACK still goes out, as the first segment of ESTABLISHED), and the SYN's
                // text is delivered at once — real TCP holds it "for processing later" and an
                // old duplicate SYN's text never reaches the application.
                self.note(Note::NotTcp(Counterfactual::TwoWayHandshake));
                self.set_state(now, State::Established, Cause::SynReceived);
                if !seg.payload.is_empty() || seg.flags.fin() {
                    self.ack_pending = true;
                    let first = seg.seq + 1;
                    self.accept_in_order(now, first, &seg.payload, seg.flags.fin());
                }
                return Verdict::Accepted;
            }
            self.set_state(now, State::SynReceived, Cause::SynReceived);
            return Verdict::Accepted;
        }
        // "Fourth, other data or control: ... drop the segment and return."
        Verdict::NoSynInListen
    }

    /// §3.10.7.3 SYN-SENT.
    fn process_syn_sent(&mut self, now: Instant, src: SocketAddrV4, seg: &Segment) -> Verdict {
        // Every state but CLOSED and LISTEN has a TCB; without one the segment is handled as in
        // CLOSED ("If the state is CLOSED (i.e., TCB does not exist)").
        let Some(v) = self.vars.as_ref() else {
            return self.reply_no_connection(src, seg);
        };
        let (iss, snd_nxt) = (v.iss, v.snd_nxt);
        // "First, check the ACK bit: If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset
        // (unless the RST bit is set, if so drop the segment and return) <SEQ=SEG.ACK><CTL=RST>"
        if seg.flags.ack() && (seg.ack <= iss || seg.ack > snd_nxt) {
            if seg.flags.rst() {
                return Verdict::RstIgnored;
            }
            self.queue_rst(self.remote, seg.ack, None);
            return Verdict::BadAckReset;
        }
        // "Second, check the RST bit: If the ACK was acceptable, then signal to the user
        // "error: connection reset", drop the segment, enter CLOSED state, delete TCB, and
        // return. Otherwise (no ACK), drop the segment and return."
        if seg.flags.rst() {
            if seg.flags.ack() {
                self.set_state(now, State::Closed, Cause::RstReceived);
                self.emit(Event::App(AppEvent::Reset));
                return Verdict::RstAccepted;
            }
            return Verdict::RstIgnored;
        }
        // "Fourth, check the SYN bit: ... RCV.NXT is set to SEG.SEQ+1, IRS is set to SEG.SEQ.
        // SND.UNA should be advanced to equal SEG.ACK (if there is an ACK) ... If SND.UNA >
        // ISS (our SYN has been ACKed), change the connection state to ESTABLISHED, form an ACK
        // segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it. ... Otherwise, enter
        // SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and send it."
        if seg.flags.syn() {
            self.learn_peer_syn(seg);
            if seg.flags.ack() {
                self.on_ack_advance(now, seg.ack);
                self.update_window(seg);
                self.ack_pending = true;
                self.set_state(now, State::Established, Cause::SynAckReceived);
            } else {
                // Simultaneous open: our SYN goes again, now with an ACK.
                self.synack_owed = true;
                self.set_state(now, State::SynReceived, Cause::SynReceived);
            }
            return Verdict::Accepted;
        }
        // "Fifth, if neither of the SYN or RST bits is set, then drop the segment and return."
        Verdict::NoSynOrRstInSynSent
    }

    /// §3.10.7.4 "Otherwise": SYN-RECEIVED and the synchronized states, checks one to eight.
    fn process_synchronizing_or_synchronized(
        &mut self,
        now: Instant,
        src: SocketAddrV4,
        seg: &Segment,
    ) -> Verdict {
        // As in SYN-SENT: no TCB is handled as CLOSED.
        let Some(v) = self.vars.as_ref() else {
            return self.reply_no_connection(src, seg);
        };
        let (irs, rcv_nxt, snd_una, snd_nxt) = (v.irs, v.rcv_nxt, v.snd_una, v.snd_nxt);
        let max_snd_wnd = v.max_snd_wnd;
        let state = self.state;

        // Open choice 6, Linux's rule: TIME-WAIT as `tcp_timewait_state_process` does it.
        if state == State::TimeWait && self.config.time_wait_restart == TimeWaitRestart::AnyAck {
            if let Some(verdict) = self.time_wait_any_ack(now, seg, rcv_nxt) {
                return verdict;
            }
        }

        // Open choice 2 (crossing SYN,ACKs in a simultaneous open): follow Figure 7 of §3.5,
        // where the peer's SYN,ACK completes the handshake in SYN-RECEIVED (4 segments), rather
        // than the literal first check, which would find SEG.SEQ = IRS < RCV.NXT unacceptable
        // and add two more ACKs (RFC 9293 Appendix A.2 admits the conflict).
        if state == State::SynReceived
            && seg.flags.syn()
            && seg.flags.ack()
            && !seg.flags.rst()
            && Some(seg.seq) == irs
            && snd_una < seg.ack
            && seg.ack <= snd_nxt
        {
            self.on_ack_advance(now, seg.ack);
            self.force_window(seg);
            self.set_state(now, State::Established, Cause::AckOfSynReceived);
            if self.config.crossing_syn_ack == CrossingSynAck::Ack {
                // Linux: `tcp_validate_incoming` lets this SYN,ACK pass ("goto pass"), and
                // `tcp_data_queue` then finds its SYN already received ("A retransmit, 2nd most
                // common case. Force an immediate ack."): five segments, six if both ends do it.
                self.ack_pending = true;
                return Verdict::CrossingSynAckAcked;
            }
            return Verdict::Accepted;
        }

        // Open choice 15: in SYN-RECEIVED an unacceptable ACK draws a reset before the sequence
        // number is checked. RFC 9293 §3.5.2 (Reset Generation, group 2): "If the connection is
        // in any non-synchronized state (LISTEN, SYN-SENT, SYN-RECEIVED), and the incoming
        // segment acknowledges something not yet sent (the segment carries an unacceptable
        // ACK) ... a reset is sent." The first check of §3.10.7.4 would answer an out-of-window
        // one with an ACK instead; Linux (`tcp_check_req`) checks the ACK first, as here. Without
        // it, a connection that a listener opened for a late SYN trades ACKs forever with the
        // peer's TIME-WAIT (found by the exhaustive exploration).
        if state == State::SynReceived
            && seg.flags.ack()
            && !seg.flags.rst()
            && !(snd_una < seg.ack && seg.ack <= snd_nxt)
        {
            self.queue_rst(self.remote, seg.ack, None);
            return Verdict::BadAckReset;
        }

        // First, check sequence number.
        if !self.acceptable(seg, rcv_nxt) {
            // "If an incoming segment is not acceptable, an acknowledgment should be sent in
            // reply (unless the RST bit is set, if so drop the segment and return):
            // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. After sending the acknowledgment, drop the
            // unacceptable segment and return."
            if seg.flags.rst() {
                return Verdict::RstIgnored;
            }
            if state == State::TimeWait {
                // The retransmitted FIN of S14 never reaches the fifth check: its SEG.SEQ is
                // below RCV.NXT. The restart of 2·MSL that the fifth check prescribes is done
                // here (as Linux and smoltcp do). (Under "any_ack" an ACK-bearing segment was
                // handled above; an ACK-less one restarts nothing.)
                let retransmitted_fin = seg.flags.fin() && seg.seq_end() == rcv_nxt;
                if retransmitted_fin
                    && self.config.time_wait_restart == TimeWaitRestart::RetransmittedFin
                {
                    self.ack_pending = true;
                    self.arm(now, TimerKind::TimeWait, self.config.time_wait_len());
                    return Verdict::TimeWaitReAck;
                }
            }
            // Open choice 1: a retransmitted SYN in SYN-RECEIVED.
            if state == State::SynReceived
                && seg.flags.syn()
                && !seg.flags.ack()
                && Some(seg.seq) == irs
            {
                if let Some(verdict) = self.answer_dup_syn(now) {
                    return verdict;
                }
            }
            self.ack_pending = true;
            let old = if seg.seq_len() == 0 {
                seg.seq < rcv_nxt
            } else {
                seg.seq_end() <= rcv_nxt
            };
            return if old {
                Verdict::Old
            } else {
                Verdict::OutOfWindow
            };
        }

        // Second, check the RST bit (with RFC 5961 §3.2, as RFC 9293 incorporates it):
        // "1) If the RST bit is set and the sequence number is outside the current receive
        // window, silently drop the segment. 2) If the RST bit is set and the sequence number
        // exactly matches the next expected sequence number (RCV.NXT), then TCP endpoints MUST
        // reset the connection ... 3) If the RST bit is set and the sequence number does not
        // exactly match the next expected sequence value, yet is within the current receive
        // window, TCP endpoints MUST send an acknowledgment (challenge ACK)".
        if seg.flags.rst() {
            if seg.seq != rcv_nxt {
                self.ack_pending = true;
                return Verdict::RstChallenged;
            }
            match state {
                // "If this connection was initiated with a passive OPEN (i.e., came from the
                // LISTEN state), then return this connection to LISTEN state and return. The
                // user need not be informed."
                State::SynReceived if self.passive => {
                    self.set_state(now, State::Listen, Cause::RstReceived);
                }
                State::TimeWait if self.config.rst_in_time_wait == RstInTimeWait::Ignore => {
                    // RFC 1337 §3: ignore RST segments in TIME-WAIT.
                    return Verdict::RstInTimeWaitIgnored;
                }
                State::TimeWait => {
                    self.set_state(now, State::Closed, Cause::RstReceived);
                    self.emit(Event::App(AppEvent::Closed));
                }
                // "connection refused" / "connection reset": the user is told.
                _ => {
                    self.set_state(now, State::Closed, Cause::RstReceived);
                    self.emit(Event::App(AppEvent::Reset));
                }
            }
            return Verdict::RstAccepted;
        }

        // Third, security: not modelled.

        // Fourth, check the SYN bit (reached only by a SYN inside the window).
        if seg.flags.syn() {
            // SYN-RECEIVED from a passive OPEN: "return this connection to the LISTEN state
            // and return."
            if state == State::SynReceived && self.passive {
                if self.config.in_window_syn == InWindowSyn::Reset {
                    // Linux `tcp_check_req`: "if (flg & (TCP_FLAG_RST|TCP_FLAG_SYN)) { ...
                    // goto embryonic_reset; }" — `send_reset` answers the segment as if no
                    // connection existed (§3.10.7.1's forms) and `inet_csk_reqsk_queue_drop`
                    // drops the request.
                    if seg.flags.ack() {
                        self.queue_rst(Some(src), seg.ack, None);
                    } else {
                        self.queue_rst(Some(src), SeqNumber(0), Some(seg.seq_end()));
                    }
                    self.set_state(now, State::Listen, Cause::SynInWindow);
                    return Verdict::SynInWindowReset;
                }
                self.set_state(now, State::Listen, Cause::SynInWindow);
                return Verdict::Accepted;
            }
            // Synchronized states, RFC 5961 §4.2: "send an ACK (challenge ACK) ...
            // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. After sending the acknowledgment, TCP
            // implementations MUST drop the unacceptable segment and stop processing further."
            self.ack_pending = true;
            return Verdict::SynChallenged;
        }

        // Fifth, check the ACK field: "if the ACK bit is off, drop the segment and return".
        if !seg.flags.ack() {
            return Verdict::NoAck;
        }
        if state == State::SynReceived {
            // "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state and continue
            // processing with the variables below set to: SND.WND <- SEG.WND, SND.WL1 <-
            // SEG.SEQ, SND.WL2 <- SEG.ACK. If the segment acknowledgment is not acceptable,
            // form a reset segment <SEQ=SEG.ACK><CTL=RST> and send it."
            if snd_una < seg.ack && seg.ack <= snd_nxt {
                self.on_ack_advance(now, seg.ack);
                self.force_window(seg);
                self.set_state(now, State::Established, Cause::AckOfSynReceived);
            } else {
                self.queue_rst(self.remote, seg.ack, None);
                return Verdict::BadAckReset;
            }
        } else {
            // RFC 5961 §5 as RFC 9293 states it: "the ACK value is acceptable only if it is in
            // the range of ((SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT). All incoming
            // segments whose ACK value doesn't satisfy the above condition MUST be discarded
            // and an ACK sent back."
            if seg.ack > snd_nxt {
                self.ack_pending = true;
                return Verdict::AckOfUnsent;
            }
            if seg.ack < snd_una - usize::from(max_snd_wnd) {
                self.ack_pending = true;
                return Verdict::AckTooOld;
            }
            // "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK. Any segments on
            // the retransmission queue that are thereby entirely acknowledged are removed."
            if snd_una < seg.ack {
                self.on_ack_advance(now, seg.ack);
            }
            // "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated."
            self.update_window(seg);
        }

        let fin_acked = self.our_fin_acked();
        match self.state {
            // "In addition to the processing for the ESTABLISHED state, if the FIN segment is
            // now acknowledged, then enter FIN-WAIT-2 and continue processing in that state."
            State::FinWait1 if fin_acked => {
                self.set_state(now, State::FinWait2, Cause::AckOfFinReceived);
            }
            // "In addition to the processing for the ESTABLISHED state, if the ACK acknowledges
            // our FIN, then enter the TIME-WAIT state; otherwise, ignore the segment."
            State::Closing => {
                if fin_acked {
                    self.set_state(now, State::TimeWait, Cause::AckOfFinReceived);
                }
                return Verdict::Accepted;
            }
            // "The only thing that can arrive in this state is an acknowledgment of our FIN.
            // If our FIN is now acknowledged, delete the TCB, enter the CLOSED state, and
            // return."
            State::LastAck => {
                if fin_acked {
                    self.set_state(now, State::Closed, Cause::AckOfFinReceived);
                    self.emit(Event::App(AppEvent::Closed));
                }
                return Verdict::Accepted;
            }
            // "The only thing that can arrive in this state is a retransmission of the remote
            // FIN. Acknowledge it, and restart the 2 MSL timeout."
            State::TimeWait => {
                if seg.flags.fin() {
                    self.ack_pending = true;
                    self.arm(now, TimerKind::TimeWait, self.config.time_wait_len());
                    return Verdict::TimeWaitReAck;
                }
                return Verdict::Accepted;
            }
            _ => {}
        }

        // Sixth, the URG bit: urgent data is not modelled (delivered as ordinary data).
        // Seventh, process the segment text; eighth, check the FIN bit.
        // (RCV.NXT has not moved since the first check: only text and a FIN move it.)
        self.receive_text_and_fin(now, seg, rcv_nxt)
    }

    /// The four cases of the acceptability test of §3.10.7.4 (first check).
    ///
    /// One deliberate widening (open choice 14 in docs/model.md): a zero-length segment whose
    /// SEG.SEQ is exactly RCV.NXT+RCV.WND is accepted. A sender that has filled our window sends
    /// its ACKs with SEQ = SND.NXT = SND.UNA+SND.WND, which is that edge; with the strict test,
    /// two ends that have both filled each other's window with lost data reject each other's
    /// bare ACKs and answer each with another ACK forever (an "ACK war", found by the
    /// exhaustive loss exploration). Linux's `tcp_sequence` accepts the edge the same way.
    fn acceptable(&self, seg: &Segment, rcv_nxt: SeqNumber) -> bool {
        let wnd = usize::from(self.config.window);
        let len = seg.seq_len();
        let in_window = |s: SeqNumber| rcv_nxt <= s && s < rcv_nxt + wnd;
        match (len, wnd) {
            (0, 0) => seg.seq == rcv_nxt,
            (0, _) => rcv_nxt <= seg.seq && seg.seq <= rcv_nxt + wnd,
            (_, 0) => false,
            (_, _) => in_window(seg.seq) || in_window(seg.seq + (len - 1)),
        }
    }

    /// Seventh and eighth checks, with out-of-order segments held (SHLD-31) and processed in
    /// sequence order once the gap fills; one ACK covers everything processed (MUST-58/59).
    fn receive_text_and_fin(&mut self, now: Instant, seg: &Segment, rcv_nxt: SeqNumber) -> Verdict {
        if seg.payload.is_empty() && !seg.flags.fin() {
            return Verdict::Accepted;
        }
        // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur since a FIN has been
        // received from the remote side. Ignore the segment text."
        if !self.state.can_receive() {
            return Verdict::TextIgnored;
        }
        self.ack_pending = true;
        if seg.seq > rcv_nxt {
            // "Segments with higher beginning sequence numbers SHOULD be held for later
            // processing (SHLD-31)." A held FIN is not acted on: it follows missing data.
            self.hold(seg.seq, &seg.payload, seg.flags.fin());
            return Verdict::Queued;
        }
        let gap_filled = !self.held.is_empty();
        self.accept_in_order(now, seg.seq, &seg.payload, seg.flags.fin());
        self.process_held(now);
        self.delay_fin_ack(now, gap_filled);
        Verdict::Accepted
    }

    /// Linux's rules for TIME-WAIT (`time_wait_restart = "any_ack"`), from
    /// `tcp_timewait_state_process` and measured (`linux.md`: a re-sent FIN, an in-window bare
    /// ACK silently and an old duplicate data segment re-ACKed all restart TIME-WAIT; an old SYN
    /// is re-ACKed without a restart). `None`: the RFC 9293 checks decide (RSTs, ACK-less
    /// segments).
    fn time_wait_any_ack(
        &mut self,
        now: Instant,
        seg: &Segment,
        rcv_nxt: SeqNumber,
    ) -> Option<Verdict> {
        if seg.flags.rst() {
            return None;
        }
        let len = self.config.time_wait_len();
        if seg.seq == rcv_nxt && seg.seq_len() == 0 {
            // "In window segment, it may be only reset or bare ack. ...
            //  inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN);" — and no answer.
            self.arm(now, TimerKind::TimeWait, len);
            return Some(Verdict::TimeWaitAckRestart);
        }
        // "If it is ACKless SYN it may be both old duplicate and new good SYN with random
        // sequence number <rcv_nxt. Do not reschedule in the last case."
        if !seg.flags.ack() {
            return None;
        }
        // "Out of window segment. All the segments are ACKed immediately." and "if (paws_reject
        // || th->ack) inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN);"
        self.ack_pending = true;
        self.arm(now, TimerKind::TimeWait, len);
        let retransmitted_fin = seg.flags.fin() && seg.seq_end() == rcv_nxt;
        Some(if retransmitted_fin {
            Verdict::TimeWaitReAck
        } else {
            Verdict::TimeWaitOtherReAck
        })
    }

    /// A duplicate of the peer's SYN in SYN-RECEIVED (open choice 1). RFC 9293 answers it in the
    /// first check (`None`: an ACK, as any unacceptable segment); Linux `tcp_check_req`
    /// re-sends the SYN,ACK: "if (!tcp_oow_rate_limited(...) && !inet_rtx_syn_ack(sk, req)) {
    /// expires += reqsk_timeout(req, TCP_RTO_MAX); mod_timer_pending(&req->rsk_timer, expires)
    /// }" — at most one answer per `tcp_invalid_ratelimit`, and the SYN,ACK timer restarted
    /// from the answer with the current (backed-off, not doubled) RTO.
    fn answer_dup_syn(&mut self, now: Instant) -> Option<Verdict> {
        if let (Some(limit), Some(last)) = (self.config.dup_syn_ratelimit, self.dup_syn_answered_at)
        {
            if now - last < limit {
                return Some(Verdict::DupSynRateLimited);
            }
        }
        self.dup_syn_answered_at = Some(now);
        match self.config.dup_syn {
            DupSynPolicy::Rfc => None,
            DupSynPolicy::Linux => {
                self.synack_owed = true;
                self.arm(now, TimerKind::Retransmission, self.rtt.rto());
                Some(Verdict::SynAckResent)
            }
        }
    }

    /// After a FIN took the connection to CLOSE-WAIT: delay its ACK (`fin_ack_delay`, Linux).
    /// Linux's `tcp_fin` enters "pingpong" mode on ESTABLISHED → CLOSE_WAIT, so the ACK is left
    /// to the delayed-ACK timer (`tcp_send_delayed_ack`, timeout `icsk_ack.ato`: 0 — the next
    /// tick — before any data was received, `TCP_ATO_MIN` after), except when the segment
    /// filled a gap ("RFC5681. 4.2. SHOULD send immediate ACK, when gap in queue is filled").
    /// RFC 9293 §3.8.6.3 allows a delayed ACK (MUST-40: less than 0.5 s).
    fn delay_fin_ack(&mut self, now: Instant, gap_filled: bool) {
        if !core::mem::take(&mut self.fin_ack_delayable) || gap_filled || !self.ack_pending {
            return;
        }
        let Some(v) = self.vars.as_ref() else { return };
        let Some(irs) = v.irs else { return };
        // RCV.NXT − IRS counts the SYN, the data and the FIN.
        let received_data = (v.rcv_nxt - irs) > 2;
        let (delay, rule) = if received_data {
            (self.config.fin_ack_delay, Rule::DelayedAckAfterData)
        } else {
            (self.config.fin_ack_delay_no_data, Rule::DelayedAckNoData)
        };
        let Some(delay) = delay else { return };
        self.ack_pending = false;
        self.arm_with_rule(now, TimerKind::DelayedAck, delay, Some(rule));
    }

    fn hold(&mut self, seq: SeqNumber, data: &[u8], fin: bool) {
        let Some(rcv_nxt) = self.vars.as_ref().map(|v| v.rcv_nxt) else {
            return;
        };
        let room = usize::from(self.config.window).saturating_sub(seq - rcv_nxt);
        let keep = data.len().min(room);
        let fin = fin && keep == data.len();
        if let Some(h) = self.held.iter_mut().find(|h| h.seq == seq) {
            if keep > h.data.len() || fin {
                h.data = data[..keep].to_vec();
                h.fin = fin;
            }
            return;
        }
        let at = self
            .held
            .iter()
            .position(|h| h.seq > seq)
            .unwrap_or(self.held.len());
        self.held.insert(
            at,
            Held {
                seq,
                data: {
                    let mut kept = self.spare.take(keep);
                    kept.extend_from_slice(&data[..keep]);
                    kept
                },
                fin,
            },
        );
    }

    fn process_held(&mut self, now: Instant) {
        while self.state.can_receive() {
            let Some(rcv_nxt) = self.vars.as_ref().map(|v| v.rcv_nxt) else {
                return;
            };
            let Some(i) = self.held.iter().position(|h| h.seq <= rcv_nxt) else {
                break;
            };
            let h = self.held.remove(i);
            self.accept_in_order(now, h.seq, &h.data, h.fin);
            self.give_buffer(h.data);
        }
        if !self.state.can_receive() {
            self.held.clear();
        }
    }

    /// Text starting at or before RCV.NXT: deliver the new part (within the window), then the
    /// FIN if it directly follows.
    fn accept_in_order(&mut self, now: Instant, seq: SeqNumber, data: &[u8], fin: bool) {
        let Some(rcv_nxt) = self.vars.as_ref().map(|v| v.rcv_nxt) else {
            return;
        };
        let skip = rcv_nxt - seq;
        if skip > data.len() {
            return; // entirely old, including any FIN
        }
        let take = (data.len() - skip).min(usize::from(self.config.window));
        if take > 0 {
            self.deliver(&data[skip..skip + take]);
            if let Some(v) = self.vars.as_mut() {
                v.rcv_nxt = v.rcv_nxt + take;
            }
        }
        if fin && skip + take == data.len() {
            self.process_fin(now);
        }
    }

    fn deliver(&mut self, bytes: &[u8]) {
        // One delivery per input: consecutive bytes join the Data event just emitted.
        let joined = match (self.notes.back_mut(), self.app_events) {
            (Some(Note::Event(Event::Data(noted))), false) => {
                noted.extend_from_slice(bytes);
                true
            }
            (Some(Note::Event(Event::Data(noted))), true) => match self.events.back_mut() {
                Some(Event::Data(buf)) => {
                    buf.extend_from_slice(bytes);
                    noted.extend_from_slice(bytes);
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !joined {
            // Room for the held segments too: when this fills the gap before them they join
            // this delivery, which would otherwise be copied to a bigger buffer for each.
            let held: usize = self.held.iter().map(|h| h.data.len()).sum();
            let mut data = self.spare.take(bytes.len() + held);
            data.extend_from_slice(bytes);
            self.emit(Event::Data(data));
        }
    }

    /// Eighth check: "If the FIN bit is set, signal the user "connection closing" and return
    /// any pending RECEIVEs with same message, advance RCV.NXT over the FIN, and send an
    /// acknowledgment for the FIN."
    fn process_fin(&mut self, now: Instant) {
        if let Some(v) = self.vars.as_mut() {
            v.rcv_nxt = v.rcv_nxt + 1;
        }
        self.ack_pending = true;
        self.emit(Event::App(AppEvent::EndOfStream));
        match self.state {
            // "SYN-RECEIVED STATE, ESTABLISHED STATE: Enter the CLOSE-WAIT state."
            State::SynReceived | State::Established => {
                self.fin_ack_delayable = true;
                self.set_state(now, State::CloseWait, Cause::FinReceived)
            }
            // "FIN-WAIT-1 STATE: If our FIN has been ACKed (perhaps in this segment), then
            // enter TIME-WAIT, start the time-wait timer, turn off the other timers; otherwise,
            // enter the CLOSING state."
            State::FinWait1 => {
                let to = if self.our_fin_acked() {
                    State::TimeWait
                } else {
                    State::Closing
                };
                self.set_state(now, to, Cause::FinReceived);
            }
            // "FIN-WAIT-2 STATE: Enter the TIME-WAIT state. Start the time-wait timer, turn off
            // the other timers."
            State::FinWait2 => self.set_state(now, State::TimeWait, Cause::FinReceived),
            // "TIME-WAIT STATE: Remain in the TIME-WAIT state. Restart the 2 MSL time-wait
            // timeout."
            State::TimeWait => self.arm(now, TimerKind::TimeWait, self.config.time_wait_len()),
            _ => {}
        }
    }
}

// ----- helpers: connection setup, ACK processing, timers, output ------------------------------

impl Endpoint {
    fn new_connection(&mut self, remote: SocketAddrV4, passive: bool) {
        let same = self.broken(Counterfactual::SameIsn);
        if same {
            // Not TCP: every connection of this host starts at the first ISS it ever chose
            // (the generator still draws, so nothing else shifts).
            self.note(Note::NotTcp(Counterfactual::SameIsn));
        }
        let iss = self.isn.next(same);
        self.remote = Some(remote);
        self.passive = passive;
        self.vars = Some(Vars {
            iss,
            irs: None,
            snd_una: iss,
            snd_nxt: iss,
            snd_wnd: 0,
            snd_wl1: SeqNumber(0),
            snd_wl2: iss,
            max_snd_wnd: 0,
            rcv_nxt: SeqNumber(0),
            snd_mss: self.config.mss.min(MSS_DEFAULT_IPV4),
            fin_seq: None,
        });
        self.tx = SendBuffer {
            data: VecDeque::new(),
            start: iss + 1,
            fin_queued: false,
        };
        self.held.clear();
        self.rtt = RttEstimator::new(&self.config);
        self.retries = 0;
        self.rtx_due = None;
        self.synack_owed = false;
        self.rtt_probe = None;
        self.karn_blocked = false;
        self.handshake_timed_out = false;
        self.close_after_established = false;
        self.ack_pending = false;
        self.dup_syn_answered_at = None;
        self.fin_ack_delayable = false;
    }

    /// Records IRS, RCV.NXT, the peer's window and MSS from its SYN.
    fn learn_peer_syn(&mut self, seg: &Segment) {
        let mss = self
            .config
            .mss
            .min(seg.mss.unwrap_or(MSS_DEFAULT_IPV4))
            .max(1);
        if let Some(v) = self.vars.as_mut() {
            v.irs = Some(seg.seq);
            v.rcv_nxt = seg.seq + 1;
            v.snd_mss = mss;
            v.snd_wnd = seg.window;
            v.max_snd_wnd = v.max_snd_wnd.max(seg.window);
            v.snd_wl1 = seg.seq;
            v.snd_wl2 = seg.ack;
        }
    }

    /// "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated. If (SND.WL1 <
    /// SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND, set
    /// SND.WL1 <- SEG.SEQ, and set SND.WL2 <- SEG.ACK."
    fn update_window(&mut self, seg: &Segment) {
        let Some(v) = self.vars.as_mut() else { return };
        if v.snd_una <= seg.ack
            && seg.ack <= v.snd_nxt
            && (v.snd_wl1 < seg.seq || (v.snd_wl1 == seg.seq && v.snd_wl2 <= seg.ack))
        {
            v.snd_wnd = seg.window;
            v.max_snd_wnd = v.max_snd_wnd.max(seg.window);
            v.snd_wl1 = seg.seq;
            v.snd_wl2 = seg.ack;
        }
    }

    /// SYN-RECEIVED → ESTABLISHED: "SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK".
    fn force_window(&mut self, seg: &Segment) {
        if let Some(v) = self.vars.as_mut() {
            v.snd_wnd = seg.window;
            v.max_snd_wnd = v.max_snd_wnd.max(seg.window);
            v.snd_wl1 = seg.seq;
            v.snd_wl2 = seg.ack;
        }
    }

    fn our_fin_acked(&self) -> bool {
        self.vars
            .as_ref()
            .is_some_and(|v| v.fin_seq.is_some_and(|f| v.snd_una > f))
    }

    /// SND.UNA advances to `ack`: free acknowledged data, take an RTT sample (Karn), and
    /// stop or restart the retransmission timer (RFC 6298 (5.2), (5.3)).
    fn on_ack_advance(&mut self, now: Instant, ack: SeqNumber) {
        let Some(v) = self.vars.as_mut() else { return };
        v.snd_una = ack;
        let snd_nxt = v.snd_nxt;
        let all_acked = v.snd_una == v.snd_nxt;
        self.tx.acknowledge(ack);
        self.retries = 0;
        let from = self.rtt.rto();
        match self.rtt_probe {
            Some((seq, end, sent)) if ack >= end => {
                let rtt = now - sent;
                let first = self.rtt.srtt().is_none();
                self.rtt.sample(rtt, ack, snd_nxt);
                self.rtt_probe = None;
                self.karn_blocked = false;
                self.note(Note::Rto {
                    change: RtoChange::Sample {
                        rtt,
                        first,
                        srtt: self.rtt.srtt().unwrap_or(rtt),
                        rttvar: self.rtt.rttvar(),
                        seq,
                        estimator: self.rtt.kind(),
                    },
                    from,
                    rto: self.rtt.rto(),
                });
            }
            _ if self.karn_blocked => {
                // RFC 6298 §3 (Karn): "RTT samples MUST NOT be made using segments that were
                // retransmitted".
                self.karn_blocked = false;
                self.note(Note::Rto {
                    change: RtoChange::KarnNoSample,
                    from,
                    rto: self.rtt.rto(),
                });
            }
            _ => {}
        }
        if all_acked {
            // (5.2) "When all outstanding data has been acknowledged, turn off the
            // retransmission timer."
            self.rtx_due = None;
            self.disarm(TimerKind::Retransmission);
        } else {
            // (5.3) "When an ACK is received that acknowledges new data, restart the
            // retransmission timer so that it will expire after RTO seconds".
            self.arm(now, TimerKind::Retransmission, self.rtt.rto());
        }
    }

    /// RFC 6298 §5 on expiry, RFC 9293 §3.8.3 for the give-up.
    fn on_retransmission_timeout(&mut self, now: Instant) {
        let Some(v) = self.vars.as_ref() else { return };
        if v.snd_una == v.snd_nxt {
            return; // nothing outstanding: a stale expiry
        }
        let fin_alone = v.fin_seq == Some(v.snd_una);
        let (limit, limit_of) = match self.state {
            // Linux `tcp_write_timeout`: "if (sk->sk_state == TCP_SYN_SENT) max_retransmits +=
            // tcp_syn_linear_timeouts" (0 in the RFC profile).
            State::SynSent => (self.config.syn_retry_limit(), RetryLimit::Syn),
            State::SynReceived => (self.config.synack_retries, RetryLimit::SynAck),
            _ => (self.config.data_retries, RetryLimit::Data),
        };
        if self.retries >= limit {
            let gave_up = Cause::RetriesExhausted(Retries {
                count: self.retries,
                limit,
                limit_of,
            });
            // Open choice 9: no segment on give-up (§3.10.8 "flush all queues, signal the user
            // "error: connection aborted due to user timeout" ... enter the CLOSED state"; Linux
            // `tcp_write_err` sends nothing either). A passive SYN-RECEIVED goes back to LISTEN
            // silently, as Linux drops the request (reference S04 variant).
            if self.state == State::SynReceived && self.passive {
                self.set_state(now, State::Listen, gave_up);
            } else {
                self.set_state(now, State::Closed, gave_up);
                self.emit(Event::App(AppEvent::TimedOut));
            }
            return;
        }
        if fin_alone && self.broken(Counterfactual::NoFinRetransmission) {
            // Not TCP: the FIN alone is outstanding and is not re-sent; the timer stays off.
            self.note(Note::NotTcp(Counterfactual::NoFinRetransmission));
            return;
        }
        self.retries += 1;
        if matches!(self.state, State::SynSent | State::SynReceived) {
            self.handshake_timed_out = true;
        }
        let from = self.rtt.rto();
        if self.state == State::SynSent && self.retries <= self.config.syn_linear_timeouts {
            // Linux `tcp_retransmit_timer`, `tcp_syn_linear_timeouts`: the first SYN
            // retransmissions keep the RTO ("icsk_backoff = 0; icsk_rto =
            // clamp(__tcp_set_rto(tp), ...)"), measured: SYNs at 1, 2, 3, 4, 5, then 7, 11 … s.
            self.rtt.keep_linear();
            self.note(Note::Rto {
                change: RtoChange::Linear,
                from,
                rto: self.rtt.rto(),
            });
        } else {
            // (5.5) "The host MUST set RTO <- RTO * 2 ("back off the timer")."
            let capped = self.rtt.back_off();
            self.note(Note::Rto {
                change: RtoChange::BackOff { capped },
                from,
                rto: self.rtt.rto(),
            });
        }
        self.rtx_due = Some(Retries {
            count: self.retries,
            limit,
            limit_of,
        });
    }

    /// The earliest unacknowledged segment, rebuilt from the send buffer (RFC 6298 (5.4)).
    fn earliest_unacked(&mut self) -> Option<Segment> {
        let v = self.vars.as_ref()?;
        if v.snd_una == v.snd_nxt {
            return None;
        }
        if v.snd_una == v.iss {
            return Some(self.syn_segment());
        }
        let data_sent_end = v.fin_seq.unwrap_or(v.snd_nxt);
        let len = (data_sent_end - v.snd_una).min(usize::from(v.snd_mss));
        let with_fin = v.fin_seq == Some(v.snd_una + len);
        let mut flags = Flags::ACK;
        if len > 0 && v.snd_una + len == self.tx.end() {
            flags = flags | Flags::PSH;
        }
        if with_fin {
            flags = flags | Flags::FIN;
        }
        let una = v.snd_una;
        let payload = self.payload(una, len);
        Some(self.segment(una, flags, payload))
    }

    /// New data within the peer's window, then the FIN once all data is out.
    fn new_data_or_fin(&mut self, now: Instant) -> Option<Segment> {
        let v = self.vars.as_ref()?;
        if v.fin_seq.is_some() {
            return None;
        }
        let window_end = v.snd_una + usize::from(v.snd_wnd);
        let usable = window_end - v.snd_nxt;
        let unsent = self.tx.end() - v.snd_nxt;
        let len = unsent.min(usable).min(usize::from(v.snd_mss));
        let fin = self.tx.fin_queued && len == unsent && usable > len;
        if len == 0 && !fin {
            return None;
        }
        let mut flags = Flags::ACK;
        if len > 0 && len == unsent {
            flags = flags | Flags::PSH;
        }
        if fin {
            flags = flags | Flags::FIN;
        }
        let seq = v.snd_nxt;
        let payload = self.payload(seq, len);
        let seg = self.segment(seq, flags, payload);
        let v = self.vars.as_mut()?;
        v.snd_nxt = seq + seg.seq_len();
        if fin {
            v.fin_seq = Some(seq + len);
        }
        if self.rtt_probe.is_none() {
            self.rtt_probe = Some((seq, seq + seg.seq_len(), now));
        }
        // RFC 6298 (5.1): "Every time a packet containing data is sent (including a
        // retransmission), if the timer is not running, start it running so that it will
        // expire after RTO seconds".
        self.start_rtx_timer_if_idle(now);
        Some(seg)
    }

    fn start_rtx_timer_if_idle(&mut self, now: Instant) {
        if self.timer(TimerKind::Retransmission).is_none() {
            self.arm(now, TimerKind::Retransmission, self.rtt.rto());
        }
    }

    /// `<SEQ=ISS><CTL=SYN>` in SYN-SENT, `<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>` once the peer's
    /// SYN is known; both announce our MSS (RFC 9293 §3.7.1, SHLD-5).
    fn syn_segment(&self) -> Segment {
        let (iss, has_irs) = match &self.vars {
            Some(v) => (v.iss, v.irs.is_some()),
            None => (SeqNumber(0), false),
        };
        let flags = if has_irs {
            Flags::SYN | Flags::ACK
        } else {
            Flags::SYN
        };
        let mut seg = self.segment(iss, flags, Vec::new());
        seg.mss = Some(self.config.mss);
        seg
    }

    fn bare_ack(&self) -> Option<Segment> {
        let v = self.vars.as_ref()?;
        v.irs?;
        Some(self.segment(v.snd_nxt, Flags::ACK, Vec::new()))
    }

    /// A segment of this connection; the ACK field is RCV.NXT when the ACK flag is set.
    fn segment(&self, seq: SeqNumber, flags: Flags, payload: Vec<u8>) -> Segment {
        let ack = match &self.vars {
            Some(v) if flags.ack() => v.rcv_nxt,
            _ => SeqNumber(0),
        };
        Segment {
            src_port: self.local.port(),
            dst_port: self.remote.map_or(0, |r| r.port()),
            seq,
            ack,
            flags,
            window: self.config.window,
            urgent: 0,
            mss: None,
            payload,
        }
    }

    fn transmit(&mut self, segment: Segment, retransmission: bool) -> Transmit {
        if segment.flags.ack() {
            // The owed ACK rides on this segment; a delayed one is no longer owed.
            self.ack_pending = false;
            self.disarm(TimerKind::DelayedAck);
        }
        let dst = self
            .remote
            .unwrap_or(SocketAddrV4::new(core::net::Ipv4Addr::UNSPECIFIED, 0));
        Transmit {
            dst,
            segment,
            retransmission,
            retry: None,
            rule: None,
        }
    }

    fn queue_rst(&mut self, dst: Option<SocketAddrV4>, seq: SeqNumber, ack: Option<SeqNumber>) {
        let port = self.local.port();
        self.queue_rst_from(port, dst, seq, ack);
    }

    /// An RST: `<SEQ=seq><CTL=RST>`, or `<SEQ=seq><ACK=ack><CTL=RST,ACK>`. Window 0.
    fn queue_rst_from(
        &mut self,
        src_port: u16,
        dst: Option<SocketAddrV4>,
        seq: SeqNumber,
        ack: Option<SeqNumber>,
    ) {
        let dst = dst.unwrap_or(SocketAddrV4::new(core::net::Ipv4Addr::UNSPECIFIED, 0));
        let flags = if ack.is_some() {
            Flags::RST | Flags::ACK
        } else {
            Flags::RST
        };
        let segment = Segment {
            src_port,
            dst_port: dst.port(),
            seq,
            ack: ack.unwrap_or(SeqNumber(0)),
            flags,
            window: 0,
            urgent: 0,
            mss: None,
            payload: Vec::new(),
        };
        self.ctl.push_back(Transmit {
            dst,
            segment,
            retransmission: false,
            retry: None,
            rule: None,
        });
    }

    fn note(&mut self, note: Note) {
        self.notes.push_back(note);
    }

    /// An event for the application, also noted in order among the other notes.
    fn emit(&mut self, event: Event) {
        if self.app_events {
            self.events.push_back(event.clone());
        }
        self.notes.push_back(Note::Event(event));
    }

    /// Starts (or restarts) a timer to expire `after` from now (TIME-WAIT's with the rule its
    /// length follows).
    fn arm(&mut self, now: Instant, kind: TimerKind, after: Duration) {
        let rule = (kind == TimerKind::TimeWait).then(|| self.config.time_wait_rule());
        self.arm_with_rule(now, kind, after, rule);
    }

    fn arm_with_rule(
        &mut self,
        now: Instant,
        kind: TimerKind,
        after: Duration,
        rule: Option<Rule>,
    ) {
        let backoff = if kind == TimerKind::Retransmission {
            self.rtt.backoff()
        } else {
            0
        };
        let slot = &mut self.timers[timer_index(kind)];
        let action = if slot.is_some() {
            TimerAction::Restart
        } else {
            TimerAction::Set
        };
        let timer = Timer {
            kind,
            set_at: now,
            deadline: now + after,
            backoff,
        };
        *slot = Some(timer);
        self.timer_rules[timer_index(kind)] = rule;
        self.note(Note::Timer {
            kind,
            action,
            deadline: timer.deadline,
            backoff,
            expiry: None,
            rule,
        });
    }

    fn disarm(&mut self, kind: TimerKind) {
        if let Some(t) = self.timers[timer_index(kind)].take() {
            let rule = self.timer_rules[timer_index(kind)].take();
            self.note(Note::Timer {
                kind,
                action: TimerAction::Cancel,
                deadline: t.deadline,
                backoff: t.backoff,
                expiry: None,
                rule,
            });
        }
    }

    /// Deletes the TCB (entering CLOSED or LISTEN).
    fn forget_connection(&mut self) {
        self.vars = None;
        self.remote = None;
        self.passive = false;
        self.tx = SendBuffer::default();
        self.held.clear();
        self.rtx_due = None;
        self.synack_owed = false;
        self.ack_pending = false;
        self.dup_syn_answered_at = None;
        self.fin_ack_delayable = false;
        self.rtt_probe = None;
        self.close_after_established = false;
    }

    fn broken(&self, switch: Counterfactual) -> bool {
        self.config.counterfactual.contains(switch)
    }

    /// The one place a state changes: records from → to and the cause, and does what entering
    /// the new state implies (timers, TCB deletion, the application's "connected").
    fn set_state(&mut self, now: Instant, to: State, cause: Cause) {
        let from = self.state;
        if from == to {
            return;
        }
        if to == State::TimeWait && self.broken(Counterfactual::NoTimeWait) {
            // Not TCP: straight to CLOSED. The ACK owed for the peer's FIN still leaves (built
            // now, while the TCB exists); then the TCB is deleted as at the end of TIME-WAIT.
            self.note(Note::NotTcp(Counterfactual::NoTimeWait));
            if self.ack_pending {
                if let Some(seg) = self.bare_ack() {
                    let t = self.transmit(seg, false);
                    self.ctl.push_back(t);
                }
            }
            self.set_state(now, State::Closed, cause);
            self.emit(Event::App(AppEvent::Closed));
            return;
        }
        self.state = to;
        let role = self.vars.as_ref().map(|_| {
            if self.passive {
                Role::Passive
            } else {
                Role::Active
            }
        });
        self.note(Note::State {
            from,
            to,
            cause,
            role,
        });
        match to {
            State::Closed | State::Listen => {
                if !self.tx.data.is_empty() {
                    self.emit(Event::App(AppEvent::Discarded(self.tx.data.len() as u64)));
                }
                for kind in TIMER_KINDS {
                    self.disarm(kind);
                }
                self.forget_connection();
            }
            State::Established => {
                // RFC 6298 (5.7), open choice 10; under Linux's rule whenever the handshake
                // gave no RTT sample (`tcp_init_metrics`: "if (tp->srtt_us == 0)").
                let timed_out =
                    self.handshake_timed_out && self.config.rto_3s_after_handshake_timeout;
                let no_sample =
                    self.rtt.srtt().is_none() && self.config.rto_3s_without_handshake_sample;
                if timed_out || no_sample {
                    self.handshake_timed_out = false;
                    let from = self.rtt.rto();
                    self.rtt
                        .reinitialize_after_handshake_timeout(RTO_AFTER_HANDSHAKE_TIMEOUT);
                    self.note(Note::Rto {
                        change: RtoChange::HandshakeFallback,
                        from,
                        rto: self.rtt.rto(),
                    });
                }
                // From LISTEN only under the two-way-handshake switch.
                if matches!(from, State::SynSent | State::SynReceived | State::Listen) {
                    self.emit(Event::App(AppEvent::Connected));
                }
                if self.close_after_established {
                    self.close_after_established = false;
                    self.tx.fin_queued = true;
                    self.set_state(now, State::FinWait1, Cause::Close);
                }
            }
            State::FinWait2 => {
                if let Some(after) = self.config.fin_wait_2_timeout {
                    self.arm(now, TimerKind::FinWait2, after);
                }
            }
            State::TimeWait => {
                // "Start the time-wait timer, turn off the other timers."
                self.disarm(TimerKind::Retransmission);
                self.disarm(TimerKind::FinWait2);
                self.disarm(TimerKind::DelayedAck);
                self.rtx_due = None;
                self.arm(now, TimerKind::TimeWait, self.config.time_wait_len());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
