//! The trace: every event of a run with its virtual time.
//!
//! The simulator appends to it; the ladder ([`crate::ladder`]), `handshake-explain`'s narration
//! and the CLI's `--json` output read it. With the `serde` feature each event serializes to one
//! JSON object (JSON Lines: [`Trace::to_json_lines`]); `docs/trace-format.md` documents every
//! field.

use alloc::string::String;
use alloc::vec::Vec;

use crate::config::{Counterfactual, Rule};
use crate::endpoint::{Cause, Retries, Role, RtoChange, TimerAction, TimerKind, Verdict};
use crate::observer_note::ObserverNote;
use crate::segment::Flags;
use crate::seq::SeqNumber;
use crate::state::State;
use crate::time::{Duration, Instant};
use crate::vocab::{
    Action, ActionError, AppEvent, CallError, Conn, Fault, FaultSource, Side, TxId, UserCall,
};

/// Every header field of a segment on the link, without the payload bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentInfo {
    pub id: TxId,
    pub from: Side,
    pub flags: Flags,
    pub seq: SeqNumber,
    pub ack: SeqNumber,
    /// Wireshark's relative sequence number (from the sender's latest original SYN).
    pub rel_seq: u32,
    /// Wireshark's relative acknowledgment number (from the receiver's latest original SYN).
    pub rel_ack: u32,
    /// Payload bytes.
    pub len: u32,
    pub window: u16,
    pub checksum: u16,
    pub mss: Option<u16>,
    pub urgent: u16,
    /// Header length in 32-bit words.
    pub data_offset: u8,
    pub retransmission_of: Option<TxId>,
    pub duplicate_of: Option<TxId>,
}

impl SegmentInfo {
    pub fn to(&self) -> Side {
        self.from.peer()
    }
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceKind {
    /// A user call; `error` when the endpoint refused it.
    Call {
        side: Side,
        call: UserCall,
        error: Option<CallError>,
    },
    /// A segment left its sender; it will arrive at `arrival` if nothing happens to it. `retry`
    /// on a timer-driven retransmission: the endpoint's count and the limit that applies;
    /// `rule` where the segment's form depends on the profile (an ABORT's RST).
    Send {
        seg: SegmentInfo,
        arrival: Instant,
        retry: Option<Retries>,
        rule: Option<Rule>,
    },
    /// A segment reached its receiver; `verdict` says what the receiver made of it.
    Arrive {
        seg: SegmentInfo,
        verdict: Option<Verdict>,
    },
    Drop {
        seg: SegmentInfo,
        reason: FaultSource,
    },
    Delay {
        seg: SegmentInfo,
        by: Duration,
        arrival: Instant,
        reason: FaultSource,
    },
    Hold {
        seg: SegmentInfo,
        reason: FaultSource,
    },
    Release {
        seg: SegmentInfo,
        arrival: Instant,
    },
    /// The link made the copy `seg.id` of `seg.duplicate_of`.
    Duplicate {
        seg: SegmentInfo,
        arrival: Instant,
        reason: FaultSource,
    },
    /// A state change, its cause, and who opened the connection it is about (`None` between
    /// CLOSED and LISTEN, where there is none).
    State {
        side: Side,
        from: State,
        to: State,
        cause: Cause,
        role: Option<Role>,
    },
    /// A timer set, restarted, cancelled or expired. `backoff` counts RTO doublings since the
    /// last valid RTT sample; `expiry`, on an expiry of the retransmission timer, says which
    /// expiry of the earliest unacknowledged segment it is (1 for its first); `rule` the rule
    /// its length follows where the profiles differ (TIME-WAIT: 2·MSL or
    /// Linux's fixed 60 s; a delayed ACK).
    Timer {
        side: Side,
        kind: TimerKind,
        action: TimerAction,
        deadline: Instant,
        backoff: u8,
        expiry: Option<u8>,
        rule: Option<Rule>,
    },
    /// The RTO changed from `from` to `rto` (RFC 6298), or an ACK gave no sample (Karn). On a
    /// sample, `timed` is the transmission that was timed.
    Rto {
        side: Side,
        change: RtoChange,
        from: Duration,
        rto: Duration,
        timed: Option<TxId>,
    },
    /// Bytes delivered to the application; `total` counts all delivered so far.
    Deliver {
        side: Side,
        len: u32,
        total: u64,
        data: String,
    },
    /// What the application is told (besides its bytes, which are `Deliver`).
    App {
        side: Side,
        event: AppEvent,
    },
    /// A fault armed for the next segment `side` sends.
    Arm {
        side: Side,
        fault: Fault,
    },
    /// Random loss for segments from `side` set to `probability`.
    Loss {
        side: Side,
        probability: f64,
    },
    /// A scheduled action that could not be applied (for example a fault on a segment that
    /// already arrived).
    Ignored {
        action: Action,
        error: ActionError,
    },
    /// The run was cut short: [`crate::sim::EVENT_BUDGET`] events were processed. Always the
    /// last event of its trace.
    BudgetExhausted {
        events: u64,
    },
    /// A hand-made segment put on the wire as if `seg.from` had sent it (`C*1`); it arrives at
    /// `arrival` if nothing happens to it.
    Inject {
        seg: SegmentInfo,
        arrival: Instant,
    },
    /// The network delivers now an old duplicate `seg.id` (`C3~5.1s`) of `seg.duplicate_of`,
    /// which left its sender at `sent_at`, `age` ago. Its `arrive` (or `drop`) follows.
    OldDuplicate {
        seg: SegmentInfo,
        sent_at: Instant,
        age: Duration,
    },
    /// The host of `side` crashed: the state changes to CLOSED (cause `crash`) of its sockets
    /// follow; nothing is sent and its application is told nothing.
    Crash {
        side: Side,
    },
    /// The host of `side` is up again, with no TCB.
    Reboot {
        side: Side,
    },
    /// A broken-TCP switch turned on or off for `side` (at 0 s for the switches of the
    /// scenario's configuration). While any is on, the run is counterfactual: not TCP.
    Switch {
        side: Side,
        switch: Counterfactual,
        on: bool,
    },
    /// The switch changed what `side` does here (the state change, segment or missing
    /// retransmission that follows is not what TCP does).
    NotTcp {
        side: Side,
        switch: Counterfactual,
    },
    /// A remark of the passive observer of a capture ([`crate::observer`]) about one end
    /// (`side`) or the whole connection.
    Observe {
        side: Option<Side>,
        note: ObserverNote,
    },
}

impl TraceKind {
    /// The `type` of the JSON object.
    pub const fn name(&self) -> &'static str {
        match self {
            TraceKind::Call { .. } => "call",
            TraceKind::Send { .. } => "send",
            TraceKind::Arrive { .. } => "arrive",
            TraceKind::Drop { .. } => "drop",
            TraceKind::Delay { .. } => "delay",
            TraceKind::Hold { .. } => "hold",
            TraceKind::Release { .. } => "release",
            TraceKind::Duplicate { .. } => "duplicate",
            TraceKind::State { .. } => "state",
            TraceKind::Timer { .. } => "timer",
            TraceKind::Rto { .. } => "rto",
            TraceKind::Deliver { .. } => "deliver",
            TraceKind::App { .. } => "app",
            TraceKind::Arm { .. } => "arm",
            TraceKind::Loss { .. } => "loss",
            TraceKind::Ignored { .. } => "ignored",
            TraceKind::BudgetExhausted { .. } => "budget_exhausted",
            TraceKind::Inject { .. } => "inject",
            TraceKind::OldDuplicate { .. } => "old_duplicate",
            TraceKind::Crash { .. } => "crash",
            TraceKind::Reboot { .. } => "reboot",
            TraceKind::Switch { .. } => "switch",
            TraceKind::NotTcp { .. } => "not_tcp",
            TraceKind::Observe { .. } => "observe",
        }
    }

    /// The segment this event is about, if any.
    pub fn segment(&self) -> Option<&SegmentInfo> {
        match self {
            TraceKind::Send { seg, .. }
            | TraceKind::Arrive { seg, .. }
            | TraceKind::Drop { seg, .. }
            | TraceKind::Delay { seg, .. }
            | TraceKind::Hold { seg, .. }
            | TraceKind::Release { seg, .. }
            | TraceKind::Duplicate { seg, .. }
            | TraceKind::Inject { seg, .. }
            | TraceKind::OldDuplicate { seg, .. } => Some(seg),
            _ => None,
        }
    }

    /// The endpoint this event is about (for segment events: the sender).
    pub fn side(&self) -> Option<Side> {
        match self {
            TraceKind::Call { side, .. }
            | TraceKind::State { side, .. }
            | TraceKind::Timer { side, .. }
            | TraceKind::Rto { side, .. }
            | TraceKind::Deliver { side, .. }
            | TraceKind::App { side, .. }
            | TraceKind::Arm { side, .. }
            | TraceKind::Loss { side, .. }
            | TraceKind::Crash { side }
            | TraceKind::Reboot { side }
            | TraceKind::Switch { side, .. }
            | TraceKind::NotTcp { side, .. } => Some(*side),
            TraceKind::Ignored { .. } | TraceKind::BudgetExhausted { .. } => None,
            TraceKind::Observe { side, .. } => *side,
            other => other.segment().map(|s| s.from),
        }
    }
}

/// One event at its virtual time.
#[derive(Debug, PartialEq)]
pub struct TraceEvent {
    pub t: Instant,
    pub kind: TraceKind,
    /// Which of the side's sockets the event is about, when the trace names it: `None` for the
    /// side's first connection (and for its listener until that connection exists, and for the
    /// host's replies while it has had at most one), so a one-connection run reads as it always
    /// did; always `None` for link and session events. `docs/trace-format.md` has the rule.
    pub conn: Option<Conn>,
}

// Every event is pushed by value; at 128 bytes or less the compiler copies one with a few vector
// moves instead of a call to `memcpy` (the loss sweep pushes some 70 per run, issue 15). What keeps
// it there: `Instant` and `Duration` are byte-aligned, so a `TxId` is 16 bytes (`time.rs`).
const _: () = assert!(core::mem::size_of::<TraceEvent>() <= 128);

impl Clone for TraceEvent {
    fn clone(&self) -> TraceEvent {
        TraceEvent {
            t: self.t,
            kind: self.kind.clone(),
            conn: self.conn,
        }
    }
    /// A delivery's text into `self`'s string when both are deliveries (a recycled run of the
    /// loss sweep, issue 15).
    fn clone_from(&mut self, src: &TraceEvent) {
        let TraceEvent { t, kind, conn } = src;
        self.t = *t;
        self.conn = *conn;
        match (&mut self.kind, kind) {
            (
                TraceKind::Deliver {
                    side,
                    len,
                    total,
                    data,
                },
                TraceKind::Deliver {
                    side: s,
                    len: l,
                    total: n,
                    data: d,
                },
            ) => {
                *side = *s;
                *len = *l;
                *total = *n;
                data.clone_from(d);
            }
            (mine, theirs) => *mine = theirs.clone(),
        }
    }
}

impl TraceEvent {
    /// An event not about one socket (or about the default one).
    pub fn new(t: Instant, kind: TraceKind) -> TraceEvent {
        TraceEvent {
            t,
            kind,
            conn: None,
        }
    }
}

/// Every event of a run, in the order they happened.
#[derive(Debug, Default, PartialEq)]
pub struct Trace {
    pub events: Vec<TraceEvent>,
}

impl Clone for Trace {
    /// A clone keeps the list's capacity: a clone of a running simulation (a checkpoint run on,
    /// a forked run of the loss sweep) goes on adding events without first copying the whole
    /// list into a bigger one (`Vec::clone` allocates exactly the length).
    fn clone(&self) -> Trace {
        let mut events = Vec::with_capacity(self.events.capacity());
        events.extend(self.events.iter().cloned());
        Trace { events }
    }

    /// Into `self`'s list (a recycled run of the loss sweep, issue 15).
    fn clone_from(&mut self, src: &Trace) {
        self.clone_from_after(src, 0);
    }
}

impl Trace {
    /// Makes `self` equal to `src` when their first `shared` events are equal already, copying
    /// only the events after those. For two runs forked from one run (the loss sweep's
    /// branches, issue 15), `shared` is at most the trace's length when they parted: a trace's
    /// events are final once the instant that made them is processed. Any `shared` too large
    /// for either trace counts as their shorter length; a debug build checks the prefix.
    pub fn clone_from_after(&mut self, src: &Trace, shared: usize) {
        self.events.truncate(src.events.len());
        let shared = shared.min(self.events.len());
        debug_assert!(
            self.events[..shared] == src.events[..shared],
            "the first {shared} events differ"
        );
        for (mine, theirs) in self.events[shared..].iter_mut().zip(&src.events[shared..]) {
            mine.clone_from(theirs);
        }
        let have = self.events.len();
        self.events.extend_from_slice(&src.events[have..]);
    }

    /// Appends the event `make` builds, built in place: made after the list has room, it
    /// is written where it goes instead of on the stack first and then copied (issue 15:
    /// the copy of each freshly built 128-byte event was about a tenth of the loss sweep's time).
    #[inline(always)]
    pub(crate) fn push_with(&mut self, make: impl FnOnce() -> TraceEvent) {
        self.events.extend(core::iter::once_with(make));
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
    pub fn iter(&self) -> core::slice::Iter<'_, TraceEvent> {
        self.events.iter()
    }

    /// One flag per event: whether a broken-TCP switch was on (after the event itself), so the
    /// event is part of a counterfactual run and not TCP. The UI and every export mark these.
    pub fn counterfactual_marks(&self) -> impl Iterator<Item = bool> + '_ {
        let mut on: [crate::config::Counterfactuals; 2] = Default::default();
        self.events.iter().map(move |e| {
            if let TraceKind::Switch {
                side,
                switch,
                on: now_on,
            } = e.kind
            {
                on[side.index()] = on[side.index()].with(switch, now_on);
            }
            !on[0].is_empty() || !on[1].is_empty() || matches!(e.kind, TraceKind::NotTcp { .. })
        })
    }

    /// Whether any event of the run is counterfactual.
    pub fn is_counterfactual(&self) -> bool {
        self.counterfactual_marks().any(|m| m)
    }
}

/// The name of an RTO change in the trace.
pub const fn rto_change_name(c: RtoChange) -> &'static str {
    match c {
        RtoChange::Sample { .. } => "sample",
        RtoChange::KarnNoSample => "karn_no_sample",
        RtoChange::BackOff { .. } => "back_off",
        RtoChange::Linear => "linear",
        RtoChange::HandshakeFallback => "handshake_fallback",
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::*;
    use alloc::string::ToString;
    use serde::Serialize;
    use serde::ser::{SerializeMap, Serializer};

    /// Virtual milliseconds: an integer when whole, else fractional.
    struct Ms(u64);

    impl Serialize for Ms {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            if self.0 % 1000 == 0 {
                s.serialize_u64(self.0 / 1000)
            } else {
                s.serialize_f64(self.0 as f64 / 1000.0)
            }
        }
    }

    fn ms(i: Instant) -> Ms {
        Ms(i.total_micros())
    }
    fn dms(d: Duration) -> Ms {
        Ms(d.total_micros())
    }

    /// A retry count as three flat fields: `count_field`, `limit`, `limit_of`.
    fn retries<M: SerializeMap>(m: &mut M, count_field: &str, r: &Retries) -> Result<(), M::Error> {
        m.serialize_entry(count_field, &r.count)?;
        m.serialize_entry("limit", &r.limit)?;
        m.serialize_entry("limit_of", r.limit_of.name())
    }

    /// A rule as two flat fields: `rule` and `source` (`rfc` or `linux`).
    fn rule<M: SerializeMap>(m: &mut M, r: Option<Rule>) -> Result<(), M::Error> {
        if let Some(r) = r {
            m.serialize_entry("rule", r.name())?;
            m.serialize_entry("source", r.source().name())?;
        }
        Ok(())
    }

    fn seg_fields<M: SerializeMap>(m: &mut M, s: &SegmentInfo) -> Result<(), M::Error> {
        m.serialize_entry("id", &s.id)?;
        m.serialize_entry("from", &s.from)?;
        m.serialize_entry("to", &s.to())?;
        m.serialize_entry("flags", &s.flags)?;
        m.serialize_entry("seq", &s.seq.0)?;
        m.serialize_entry("ack", &s.ack.0)?;
        m.serialize_entry("rel_seq", &s.rel_seq)?;
        // Like Wireshark, no relative acknowledgment number when the ACK bit is off.
        m.serialize_entry("rel_ack", &s.flags.ack().then_some(s.rel_ack))?;
        m.serialize_entry("len", &s.len)?;
        m.serialize_entry("window", &s.window)?;
        m.serialize_entry("checksum", &s.checksum)?;
        m.serialize_entry("mss", &s.mss)?;
        m.serialize_entry("urgent", &s.urgent)?;
        m.serialize_entry("data_offset", &s.data_offset)?;
        m.serialize_entry("retransmission_of", &s.retransmission_of)?;
        if let Some(d) = s.duplicate_of {
            m.serialize_entry("duplicate_of", &d)?;
        }
        Ok(())
    }

    /// `"conn"`: a number, `"listener"` or `"none"`.
    struct ConnJson(Conn);

    impl Serialize for ConnJson {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                Conn::Number(n) => s.serialize_u32(n),
                Conn::Listener => s.serialize_str("listener"),
                Conn::NoSocket => s.serialize_str("none"),
            }
        }
    }

    /// `note` (its name) and the note's own facts; times in milliseconds, sequence numbers
    /// relative.
    fn observe_fields<M: SerializeMap>(m: &mut M, n: &ObserverNote) -> Result<(), M::Error> {
        m.serialize_entry("note", n.name())?;
        match *n {
            ObserverNote::Placement { distance, basis } => {
                m.serialize_entry("distance_ms", &dms(distance))?;
                m.serialize_entry("basis", basis.name())?;
            }
            ObserverNote::Initial { state, basis } => {
                m.serialize_entry("state", &state)?;
                m.serialize_entry("basis", basis.name())?;
            }
            ObserverNote::Gap { from, to } => {
                m.serialize_entry("from_rel_seq", &from)?;
                m.serialize_entry("to_rel_seq", &to)?;
            }
            ObserverNote::AckOfUnseen { ack, seen } => {
                m.serialize_entry("rel_ack", &ack)?;
                m.serialize_entry("seen_rel_seq", &seen)?;
            }
            ObserverNote::Retransmission { of, after } => {
                m.serialize_entry("of", &of)?;
                m.serialize_entry("after_ms", &dms(after))?;
            }
            ObserverNote::UnexpectedSend { state } => {
                m.serialize_entry("state", &state)?;
            }
            ObserverNote::FinInferredFromAck => {}
        }
        Ok(())
    }

    impl Serialize for TraceEvent {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            self.fields(&mut m)?;
            m.end()
        }
    }

    /// An event with the counterfactual flag of its run.
    struct Line<'a> {
        event: &'a TraceEvent,
        counterfactual: bool,
    }

    impl Serialize for Line<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            self.event.fields(&mut m)?;
            if self.counterfactual {
                m.serialize_entry("counterfactual", &true)?;
            }
            m.end()
        }
    }

    impl TraceEvent {
        fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
            m.serialize_entry("t", &ms(self.t))?;
            m.serialize_entry("type", self.kind.name())?;
            if let Some(c) = self.conn {
                m.serialize_entry("conn", &ConnJson(c))?;
            }
            match &self.kind {
                TraceKind::Call { side, call, error } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("call", call.name())?;
                    if let UserCall::Send(d) = call {
                        m.serialize_entry("len", &d.len())?;
                        if let Some(text) = d.preview() {
                            m.serialize_entry("data", &text)?;
                        }
                    }
                    if let Some(e) = error {
                        m.serialize_entry("error", &e.to_string())?;
                        m.serialize_entry("error_kind", e.name())?;
                    }
                }
                TraceKind::Send {
                    seg,
                    arrival,
                    retry,
                    rule: r,
                } => {
                    seg_fields(m, seg)?;
                    m.serialize_entry("arrival", &ms(*arrival))?;
                    if let Some(r) = retry {
                        retries(m, "retry", r)?;
                    }
                    rule(m, *r)?;
                }
                TraceKind::Arrive { seg, verdict } => {
                    seg_fields(m, seg)?;
                    m.serialize_entry("verdict", &verdict.map(|v| v.name()))?;
                    if let Some(source) = verdict.and_then(|v| v.source()) {
                        m.serialize_entry("source", source.name())?;
                    }
                }
                TraceKind::Drop { seg, reason } | TraceKind::Hold { seg, reason } => {
                    seg_fields(m, seg)?;
                    m.serialize_entry("reason", reason.name())?;
                }
                TraceKind::Delay {
                    seg,
                    by,
                    arrival,
                    reason,
                } => {
                    seg_fields(m, seg)?;
                    m.serialize_entry("by_ms", &dms(*by))?;
                    m.serialize_entry("arrival", &ms(*arrival))?;
                    m.serialize_entry("reason", reason.name())?;
                }
                TraceKind::Release { seg, arrival } => {
                    seg_fields(m, seg)?;
                    m.serialize_entry("arrival", &ms(*arrival))?;
                }
                TraceKind::Duplicate {
                    seg,
                    arrival,
                    reason,
                } => {
                    seg_fields(m, seg)?;
                    m.serialize_entry("arrival", &ms(*arrival))?;
                    m.serialize_entry("reason", reason.name())?;
                }
                TraceKind::State {
                    side,
                    from,
                    to,
                    cause,
                    role,
                } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("from", from)?;
                    m.serialize_entry("to", to)?;
                    m.serialize_entry("cause", cause.name())?;
                    if let Cause::RetriesExhausted(r) = cause {
                        retries(m, "retries", r)?;
                    }
                    if let Some(role) = role {
                        m.serialize_entry("role", role.name())?;
                    }
                }
                TraceKind::Timer {
                    side,
                    kind,
                    action,
                    deadline,
                    backoff,
                    expiry,
                    rule: r,
                } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("kind", kind.name())?;
                    m.serialize_entry("action", action.name())?;
                    m.serialize_entry("deadline", &ms(*deadline))?;
                    m.serialize_entry("backoff", backoff)?;
                    if let Some(n) = expiry {
                        m.serialize_entry("expiry", n)?;
                    }
                    rule(m, *r)?;
                }
                TraceKind::Rto {
                    side,
                    change,
                    from,
                    rto,
                    timed,
                } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("change", rto_change_name(*change))?;
                    match change {
                        RtoChange::Sample {
                            rtt,
                            first,
                            srtt,
                            rttvar,
                            estimator,
                            ..
                        } => {
                            m.serialize_entry("rtt_ms", &dms(*rtt))?;
                            m.serialize_entry("first_sample", first)?;
                            m.serialize_entry("srtt_ms", &dms(*srtt))?;
                            m.serialize_entry("rttvar_ms", &dms(*rttvar))?;
                            m.serialize_entry("timed", timed)?;
                            m.serialize_entry("estimator", estimator.name())?;
                        }
                        RtoChange::BackOff { capped } => m.serialize_entry("capped", capped)?,
                        RtoChange::Linear => m.serialize_entry("source", "linux")?,
                        RtoChange::KarnNoSample | RtoChange::HandshakeFallback => {}
                    }
                    m.serialize_entry("from_ms", &dms(*from))?;
                    m.serialize_entry("rto_ms", &dms(*rto))?;
                }
                TraceKind::Deliver {
                    side,
                    len,
                    total,
                    data,
                } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("len", len)?;
                    m.serialize_entry("total", total)?;
                    m.serialize_entry("data", data)?;
                }
                TraceKind::App { side, event } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("event", event.name())?;
                    if let AppEvent::Discarded(bytes) = event {
                        m.serialize_entry("bytes", bytes)?;
                    }
                }
                TraceKind::Arm { side, fault } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("fault", fault)?;
                }
                TraceKind::Loss { side, probability } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("probability", probability)?;
                }
                TraceKind::Ignored { action, error } => {
                    m.serialize_entry("action", &action.to_string())?;
                    m.serialize_entry("error", &error.to_string())?;
                    m.serialize_entry("error_kind", error.name())?;
                }
                TraceKind::BudgetExhausted { events } => {
                    m.serialize_entry("events", events)?;
                }
                TraceKind::Inject { seg, arrival } => {
                    seg_fields(m, seg)?;
                    m.serialize_entry("arrival", &ms(*arrival))?;
                }
                TraceKind::OldDuplicate { seg, sent_at, age } => {
                    seg_fields(m, seg)?;
                    m.serialize_entry("sent_at", &ms(*sent_at))?;
                    m.serialize_entry("age_ms", &dms(*age))?;
                }
                TraceKind::Crash { side } | TraceKind::Reboot { side } => {
                    m.serialize_entry("endpoint", side)?;
                }
                TraceKind::Switch { side, switch, on } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("switch", switch.name())?;
                    m.serialize_entry("on", on)?;
                }
                TraceKind::NotTcp { side, switch } => {
                    m.serialize_entry("endpoint", side)?;
                    m.serialize_entry("switch", switch.name())?;
                }
                TraceKind::Observe { side, note } => {
                    m.serialize_entry("endpoint", side)?;
                    observe_fields(m, note)?;
                }
            }
            Ok(())
        }
    }

    impl Trace {
        /// One JSON object per line, each ending in `\n`. Every line of a counterfactual part
        /// of the run ([`Trace::counterfactual_marks`]) carries `"counterfactual": true`.
        pub fn to_json_lines(&self) -> String {
            let mut out = String::new();
            for (e, counterfactual) in self.events.iter().zip(self.counterfactual_marks()) {
                let line = Line {
                    event: e,
                    counterfactual,
                };
                if let Ok(line) = serde_json::to_string(&line) {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
            out
        }
    }
}
