//! The narration: each event of a run's trace told in one or two sentences, in English or
//! Korean — what happened and **why** (why the ACK is x+1, why the server is in CLOSE-WAIT and
//! not TIME-WAIT, why the SYN is re-sent after 1 s and then 2 s, what TIME-WAIT waits for).
//!
//! A pure function of the trace and the scenario's settings (MSL, the minimum RTO, the seed) and
//! a [`Lang`]: it never looks at a clock, and it **only words what the trace states** — retry
//! counts, expiry counts, the RTO before and after a backoff and whether it was capped, who
//! opened the connection, why a segment was dropped are all fields of trace events. Nothing
//! here re-derives TCP. Every number a sentence states is a [`Fact`] read from one event (or a
//! setting), and each [`Entry`] lists them (`tests/facts.rs` checks them against the trace).
//!
//! The sentences are split by subject, each module with its English and Korean side by side:
//! [`calls`] (user calls), [`segments`] (segments leaving and arriving), [`link`] (faults and
//! the link: loss, delay, hold, copies, armed faults, actions not applied), [`states`] (state
//! changes), [`timers`] (timers and the RTO), [`app`] (what the application receives and is
//! told), [`history`] (hand-made segments, old duplicates, crashes and reboots, and broken-TCP
//! switches).
//!
//! # A readable log, not a dump
//!
//! Not every event gets its own sentence. The rules, all looking only at events of the **same
//! instant** (so an entry is final once the trace has moved past its instant):
//!
//! * a `call` whose state change follows (listen, connect, close, abort) is told by that state
//!   change; `send` calls and refused calls have their own entry;
//! * a retransmission timer that starts when a segment leaves is told with that segment; the RTO
//!   change is told with the timer's expiry; 2·MSL's start is told with the entry into
//!   TIME-WAIT; timer expiries that cause a state change are told by the state change; cancels
//!   are not told (the ACK that caused them is);
//! * an RTT sample is told when it is a connection's first one or changes the RTO;
//! * an accepted segment whose effect is a state change, delivered data or an application event
//!   is told by those;
//! * `connected`, `closed`, `reset` and `timed_out` right after the state change that caused them
//!   are told by that state change;
//! * three or more data segments sent back to back, or delivered one after another, are one
//!   entry.

mod app;
mod calls;
mod history;
mod link;
mod segments;
mod states;
mod timers;

use alloc::borrow::ToOwned;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use handshake_core::config::Rule;
use handshake_core::endpoint::{TimerAction, TimerKind, Verdict};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Side, Simulator, TxId};
use handshake_core::trace::{SegmentInfo, Trace, TraceEvent, TraceKind};
use handshake_core::{Duration, Instant, State};

use crate::fact::{Fact, FactKind, Recorder, Source, Value};
use crate::format;
use crate::korean::{Josa, particle};
use crate::lang::Lang;

pub use link::fault_source_label;
pub use segments::verdict_label;
pub use states::cause_label;
pub use timers::timer_label;

/// One line of the narration log.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The index in the trace of the event this entry tells.
    pub event: usize,
    /// When it happened (virtual time).
    pub t: Instant,
    /// The endpoint it is about (for segment events: the sender), if any.
    pub side: Option<Side>,
    /// The transmission it is about, if any.
    pub tx: Option<TxId>,
    /// One or two sentences.
    pub text: String,
    /// Every number, id, time and quoted text the sentences state, where it is in `text` and
    /// where in the run it comes from.
    pub facts: Vec<Fact>,
}

/// The whole run, narrated.
pub fn narrate(sim: &Simulator, lang: Lang) -> Vec<Entry> {
    narrate_from(sim, 0, lang)
}

/// The entries for the events from index `start` on (for a log that grows as the trace does).
pub fn narrate_from(sim: &Simulator, start: usize, lang: Lang) -> Vec<Entry> {
    narrate_trace(sim.trace(), sim.scenario(), start, lang)
}

/// The entries for the events of `trace` from index `start` on; `scenario` is the run's (its
/// settings: MSL, the minimum RTO, the seed).
pub fn narrate_trace(trace: &Trace, scenario: &Scenario, start: usize, lang: Lang) -> Vec<Entry> {
    narrate_span(trace, scenario, start..trace.events.len(), lang)
}

/// The entries for the events of `trace` with indices in `events` (clamped to the trace). An
/// entry depends only on the events of its instant, so the entries of a trace's events before
/// its latest instant are those of any longer trace with the same prefix: a log may be narrated
/// ahead, span by span, from the run as it will go.
pub fn narrate_span(
    trace: &Trace,
    scenario: &Scenario,
    events: core::ops::Range<usize>,
    lang: Lang,
) -> Vec<Entry> {
    let n = Narrator::new(trace, scenario, lang);
    let end = events.end.min(n.ev.len());
    (events.start..end).filter_map(|i| n.entry(i)).collect()
}

/// The sentence for event `index`, or `None` if the log tells it with another event (see the
/// module documentation) or there is no such event.
pub fn narrate_event(sim: &Simulator, index: usize, lang: Lang) -> Option<String> {
    Narrator::new(sim.trace(), sim.scenario(), lang)
        .entry(index)
        .map(|e| e.text)
}

/// How many events of the trace have final entries: all but those at the trace's latest instant
/// (whose entries may still change as events of the same instant are added).
pub fn settled_len(trace: &Trace) -> usize {
    let ev = &trace.events;
    match ev.last() {
        Some(last) => ev.partition_point(|e| e.t < last.t),
        None => 0,
    }
}

pub(crate) struct Narrator<'a> {
    ev: &'a [TraceEvent],
    /// The trace is a capture as the passive observer read it (it starts with its notes): no
    /// timers and no settings of this lab are in it.
    observed: bool,
    scenario: &'a Scenario,
    lang: Lang,
    facts: Recorder,
    /// The last answer of [`Narrator::state_at`] for each side (client, server): where it was
    /// asked and the state there, so a walk through the trace does not scan back to the start
    /// for every event.
    states: core::cell::Cell<[Option<(usize, State)>; 2]>,
    /// The last run of deliveries found ([`Narrator::deliver_run`]): every member's run is the
    /// same, so the members after the first find it here.
    deliveries: core::cell::RefCell<Option<(Side, Vec<usize>)>>,
}

impl<'a> Narrator<'a> {
    pub(crate) fn new(trace: &'a Trace, scenario: &'a Scenario, lang: Lang) -> Narrator<'a> {
        Narrator {
            ev: &trace.events,
            observed: trace
                .events
                .first()
                .is_some_and(|e| matches!(e.kind, TraceKind::Observe { .. })),
            scenario,
            lang,
            facts: Recorder::default(),
            states: core::cell::Cell::new([None; 2]),
            deliveries: core::cell::RefCell::new(None),
        }
    }

    fn entry(&self, i: usize) -> Option<Entry> {
        let e = self.ev.get(i)?;
        self.facts.clear();
        let marked = self.text(i)?;
        let (text, facts) = self.facts.finish(&marked);
        Some(Entry {
            event: i,
            t: e.t,
            side: e.kind.side(),
            tx: e.kind.segment().map(|s| s.id),
            text,
            facts,
        })
    }

    fn text(&self, i: usize) -> Option<String> {
        let e = self.ev.get(i)?;
        match &e.kind {
            TraceKind::Call { side, call, error } => self.call(i, *side, call, *error),
            TraceKind::Send { seg, .. } => self.send(i, seg),
            TraceKind::Arrive { seg, verdict } => self.arrive(i, seg, *verdict),
            TraceKind::Drop { seg, reason } => Some(self.drop(i, seg, *reason)),
            TraceKind::Delay {
                seg,
                by,
                arrival,
                reason,
            } => Some(self.delay(i, seg, *by, *arrival, *reason)),
            TraceKind::Hold { seg, reason } => Some(self.hold(i, seg, *reason)),
            TraceKind::Release { seg, arrival } => Some(self.release(i, seg, *arrival)),
            TraceKind::Duplicate {
                seg,
                arrival,
                reason,
            } => Some(self.duplicate(i, seg, *arrival, *reason)),
            TraceKind::State {
                side,
                from,
                to,
                cause,
                role,
            } => Some(self.state(i, *side, *from, *to, *cause, *role)),
            TraceKind::Timer {
                side,
                kind,
                action,
                deadline,
                expiry,
                ..
            } => self.timer(i, *side, *kind, *action, *deadline, *expiry),
            TraceKind::Rto {
                side,
                change,
                from,
                rto,
                ..
            } => self.rto(i, *side, *change, *from, *rto),
            TraceKind::Deliver { side, .. } => self.deliver(i, *side),
            TraceKind::App { side, event } => self.app(i, *side, *event),
            TraceKind::Arm { side, fault } => Some(self.arm(i, *side, *fault)),
            TraceKind::Loss { side, probability } => Some(self.loss(i, *side, *probability)),
            TraceKind::Ignored { action, error } => Some(self.ignored(i, action, error)),
            TraceKind::BudgetExhausted { events } => Some(self.budget(i, *events)),
            // Only the observer of a real capture writes these (`handshake-cli replay`, the lab's
            // capture view); the lab lists them apart, worded by `crate::observe::note`.
            TraceKind::Observe { .. } => None,
            TraceKind::Inject { seg, arrival } => Some(self.inject(i, seg, *arrival)),
            TraceKind::OldDuplicate { seg, sent_at, age } => {
                Some(self.old_duplicate(i, seg, *sent_at, *age))
            }
            TraceKind::Crash { side } => Some(self.crash(*side)),
            TraceKind::Reboot { side } => Some(self.reboot(*side)),
            TraceKind::Switch { side, switch, on } => Some(self.switch(*side, *switch, *on)),
            TraceKind::NotTcp { side, switch } => Some(self.not_tcp(*side, *switch)),
        }
    }

    // ----- facts -------------------------------------------------------------------------------

    /// `shown`, stated as a fact.
    fn fact(&self, kind: FactKind, value: Value, source: Source, shown: &str) -> String {
        self.facts.mark(kind, value, source, shown)
    }

    /// A whole number from `source`, in digits.
    fn count(&self, kind: FactKind, n: u64, source: Source) -> String {
        self.fact(kind, Value::Int(n), source, &n.to_string())
    }

    /// A whole number of event `i`, in digits.
    fn num(&self, kind: FactKind, n: u64, i: usize) -> String {
        self.fact(kind, Value::Int(n), Source::Event(i), &n.to_string())
    }

    /// A relative sequence or acknowledgment number of event `i`, written as the ladder writes it
    /// (negative below its base: an old segment from before this ISS).
    fn rel(&self, kind: FactKind, n: u32, i: usize) -> String {
        self.fact(
            kind,
            Value::Int(u64::from(n)),
            Source::Event(i),
            &handshake_core::ladder::relative_number(n),
        )
    }

    /// A transmission id that event `i` names.
    fn id(&self, id: TxId, i: usize) -> String {
        self.fact(
            FactKind::Id,
            Value::Id(id),
            Source::Event(i),
            &id.to_string(),
        )
    }

    /// A point in time of event `i`: `1.5 s` / `1.5초`.
    fn at(&self, kind: FactKind, t: Instant, i: usize) -> String {
        let shown = format::instant(t, self.lang);
        self.fact(
            kind,
            Value::Time(t.total_micros()),
            Source::Event(i),
            &shown,
        )
    }

    /// A duration of event `i`: `2 s` / `2초`.
    fn span(&self, kind: FactKind, d: Duration, i: usize) -> String {
        self.fact_span(kind, d, Source::Event(i))
    }

    fn fact_span(&self, kind: FactKind, d: Duration, source: Source) -> String {
        let shown = format::duration(d, self.lang);
        self.fact(kind, Value::Time(d.total_micros()), source, &shown)
    }

    /// Quoted text of event `i` (a payload preview).
    fn quote(&self, kind: FactKind, text: &str, i: usize) -> String {
        self.fact(kind, Value::Text(text.to_owned()), Source::Event(i), text)
    }

    /// The id of the segment of event `i`.
    fn seg_id(&self, s: &SegmentInfo, i: usize) -> String {
        self.id(s.id, i)
    }

    /// The relative sequence number of the segment of event `i`.
    fn seq(&self, s: &SegmentInfo, i: usize) -> String {
        self.rel(FactKind::Seq, s.rel_seq, i)
    }

    /// The relative acknowledgment number of the segment of event `i`.
    fn ack(&self, s: &SegmentInfo, i: usize) -> String {
        self.rel(FactKind::Ack, s.rel_ack, i)
    }

    fn len(&self, s: &SegmentInfo, i: usize) -> String {
        self.num(FactKind::Len, u64::from(s.len), i)
    }

    /// The segment of event `i` by id and flags: `C4 (ACK)`, `C4 (PSH,ACK, Len=50)` in English;
    /// `ACK 세그먼트 C4가`, `50바이트를 담은 PSH,ACK 세그먼트 C4가` in Korean, the particle after the
    /// id (see [`crate::korean`]).
    fn seg(&self, s: &SegmentInfo, i: usize, josa: Josa) -> String {
        let id = self.seg_id(s, i);
        let flags = format::flags_rfc(s.flags);
        match self.lang {
            Lang::En if s.len > 0 => alloc::format!("{id} ({flags}, Len={})", self.len(s, i)),
            Lang::En => alloc::format!("{id} ({flags})"),
            Lang::Ko => {
                let data = if s.len > 0 {
                    alloc::format!("{}바이트를 담은 ", self.len(s, i))
                } else {
                    String::new()
                };
                alloc::format!("{data}{flags} 세그먼트 {id}{}", particle(&id, josa))
            }
        }
    }

    // ----- words -------------------------------------------------------------------------------

    /// "the client" / "클라이언트".
    fn who(&self, side: Side) -> &'static str {
        match (self.lang, side) {
            (Lang::En, Side::Client) => "the client",
            (Lang::En, Side::Server) => "the server",
            (Lang::Ko, Side::Client) => "클라이언트",
            (Lang::Ko, Side::Server) => "서버",
        }
    }

    /// "The client" / "클라이언트".
    fn who_cap(&self, side: Side) -> &'static str {
        match (self.lang, side) {
            (Lang::En, Side::Client) => "The client",
            (Lang::En, Side::Server) => "The server",
            (Lang::Ko, _) => self.who(side),
        }
    }

    /// "the client's" / "클라이언트의".
    fn whose(&self, side: Side) -> &'static str {
        match (self.lang, side) {
            (Lang::En, Side::Client) => "the client's",
            (Lang::En, Side::Server) => "the server's",
            (Lang::Ko, Side::Client) => "클라이언트의",
            (Lang::Ko, Side::Server) => "서버의",
        }
    }

    // ----- looking around ----------------------------------------------------------------------

    /// The events after `i` at the same instant.
    fn same_instant_after(&self, i: usize) -> impl Iterator<Item = (usize, &'a TraceEvent)> + '_ {
        let t = self.ev.get(i).map(|e| e.t);
        self.ev
            .iter()
            .enumerate()
            .skip(i + 1)
            .take_while(move |(_, e)| Some(e.t) == t)
    }

    /// The events before `i` at the same instant, nearest first.
    fn same_instant_before(&self, i: usize) -> impl Iterator<Item = (usize, &'a TraceEvent)> + '_ {
        let t = self.ev.get(i).map(|e| e.t);
        self.ev[..i.min(self.ev.len())]
            .iter()
            .enumerate()
            .rev()
            .take_while(move |(_, e)| Some(e.t) == t)
    }

    /// The events of `side`'s processing that directly follow event `i`, with their indices:
    /// stops at the next segment event, call or event of the other side.
    fn followers(&self, i: usize, side: Side) -> impl Iterator<Item = (usize, &'a TraceKind)> + '_ {
        self.same_instant_after(i)
            .map(|(j, e)| (j, &e.kind))
            .take_while(move |(_, k)| {
                k.segment().is_none()
                    && !matches!(k, TraceKind::Call { .. })
                    && k.side() == Some(side)
            })
    }

    /// The timer `side` starts right after event `i` (a segment leaving): its event's index,
    /// how it started and its deadline.
    fn timer_after(
        &self,
        i: usize,
        side: Side,
        want: TimerKind,
    ) -> Option<(usize, TimerAction, Instant)> {
        self.followers(i, side).find_map(|(j, k)| match k {
            TraceKind::Timer {
                kind,
                action,
                deadline,
                ..
            } if *kind == want && matches!(action, TimerAction::Set | TimerAction::Restart) => {
                Some((j, *action, *deadline))
            }
            _ => None,
        })
    }

    /// The rule the timer of event `j` follows where the profiles differ (TIME-WAIT's length,
    /// a delayed ACK's), as the trace states it.
    fn timer_rule(&self, j: usize) -> Option<Rule> {
        match self.ev.get(j)?.kind {
            TraceKind::Timer { rule, .. } => rule,
            _ => None,
        }
    }

    /// The arrival at `side` just before event `i` in the same instant (what `side` is
    /// answering), with its index.
    fn answering(&self, i: usize, side: Side) -> Option<(usize, &'a SegmentInfo, Option<Verdict>)> {
        self.same_instant_before(i)
            .find_map(|(j, e)| match &e.kind {
                TraceKind::Arrive { seg, verdict } if seg.to() == side => {
                    Some(Some((j, seg, *verdict)))
                }
                TraceKind::Call { side: s, .. } if *s == side => Some(None),
                _ => None,
            })
            .flatten()
    }

    /// The latest segment from `side`'s peer that arrived at `side` before event `i` and ends
    /// exactly at `ack` (relative): what an ACK of `ack` acknowledges. With its index.
    fn acked_segment(&self, i: usize, side: Side, ack: u32) -> Option<(usize, &'a SegmentInfo)> {
        self.ev[..i.min(self.ev.len())]
            .iter()
            .enumerate()
            .rev()
            .take(SCAN)
            .find_map(|(j, e)| match &e.kind {
                TraceKind::Arrive { seg, .. }
                    if seg.to() == side && seg.rel_seq.wrapping_add(seq_len(seg)) == ack =>
                {
                    Some((j, seg))
                }
                _ => None,
            })
    }

    /// The acknowledgment number of the latest segment `side` sent before event `i`, if it had
    /// the ACK bit.
    fn previous_ack(&self, i: usize, side: Side) -> Option<u32> {
        self.ev[..i.min(self.ev.len())]
            .iter()
            .rev()
            .take(SCAN)
            .find_map(|e| match &e.kind {
                TraceKind::Send { seg, .. } if seg.from == side => {
                    Some(seg.flags.ack().then_some(seg.rel_ack))
                }
                _ => None,
            })
            .flatten()
    }

    /// `side`'s state at event `i`, as the trace's state changes before it say (CLOSED before
    /// the first).
    fn state_at(&self, i: usize, side: Side) -> State {
        let i = i.min(self.ev.len());
        let slot = match side {
            Side::Client => 0,
            Side::Server => 1,
        };
        let mut memo = self.states.get();
        // The state at an earlier event `j` stands unless a change of `side` comes in `j..i`.
        let (from, before) = match memo[slot] {
            Some((j, state)) if j <= i => (j, state),
            _ => (0, State::Closed),
        };
        let state = self.ev[from..i]
            .iter()
            .rev()
            .find_map(|e| match e.kind {
                TraceKind::State { side: s, to, .. } if s == side => Some(to),
                _ => None,
            })
            .unwrap_or(before);
        memo[slot] = Some((i, state));
        self.states.set(memo);
        state
    }

    /// The state change of `side` at the same instant just before event `i`, if any.
    fn state_change_before(&self, i: usize, side: Side) -> Option<(State, State)> {
        self.same_instant_before(i).find_map(|(_, e)| match e.kind {
            TraceKind::State {
                side: s, from, to, ..
            } if s == side => Some((from, to)),
            _ => None,
        })
    }

    /// The latest event before `i` that set or restarted `side`'s timer of `kind`: its index,
    /// time and deadline.
    fn timer_started(
        &self,
        i: usize,
        side: Side,
        want: TimerKind,
    ) -> Option<(usize, Instant, Instant)> {
        self.ev[..i.min(self.ev.len())]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(j, e)| match e.kind {
                TraceKind::Timer {
                    side: s,
                    kind,
                    action: TimerAction::Set | TimerAction::Restart,
                    deadline,
                    ..
                } if s == side && kind == want => Some((j, e.t, deadline)),
                _ => None,
            })
    }

    /// The `send` event of transmission `id` before event `i`: its index and segment.
    fn sent(&self, i: usize, id: TxId) -> Option<(usize, &'a SegmentInfo)> {
        self.ev[..i.min(self.ev.len())]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(j, e)| match &e.kind {
                TraceKind::Send { seg, .. } if seg.id == id => Some((j, seg)),
                _ => None,
            })
    }

    /// A side's MSL, as a fact of its configuration.
    fn msl(&self, side: Side) -> Duration {
        self.scenario.config(side).msl
    }

    fn msl_fact(&self, side: Side) -> String {
        self.fact_span(FactKind::Msl, self.msl(side), Source::Config(side))
    }
}

/// How far back the look-behinds scan: enough for any preset, bounded for long runs.
const SCAN: usize = 4000;

/// The shortest run of back-to-back data segments or deliveries told as one entry.
const RUN_MIN: usize = 3;

/// SEG.LEN of RFC 9293 §3.4: payload, plus one for SYN and one for FIN.
fn seq_len(s: &SegmentInfo) -> u32 {
    s.len + u32::from(s.flags.syn()) + u32::from(s.flags.fin())
}

/// A first transmission of payload without SYN, FIN or RST.
fn is_plain_data(s: &SegmentInfo) -> bool {
    s.len > 0 && !s.flags.syn() && !s.flags.fin() && !s.flags.rst() && s.retransmission_of.is_none()
}

/// An ACK with nothing else: no payload, no SYN, FIN or RST.
fn is_pure_ack(s: &SegmentInfo) -> bool {
    s.flags.ack() && seq_len(s) == 0 && !s.flags.rst() && s.retransmission_of.is_none()
}

/// `the client` → `The client`.
fn capitalize(s: &str) -> String {
    // Only ever given our own English words, which start with an ASCII letter: ASCII case rules
    // give the same text, and the wasm carries no Unicode case tables (about 26 KB; issue 15).
    let mut out = String::from(s);
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// `The client` → `the client`.
fn lower_first(s: &str) -> String {
    // Only ever given our own English words, which start with an ASCII letter: ASCII case rules
    // give the same text, and the wasm carries no Unicode case tables (issue 15).
    let mut out = String::from(s);
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    out
}

/// Says nothing in `lang` when `cond` is false.
fn when(cond: bool, text: String) -> String {
    if cond { text } else { String::new() }
}

#[cfg(test)]
mod memo_tests {
    use super::*;
    use handshake_core::presets;

    /// Every preset at its end, and a lossy bulk transfer both ways (long runs of deliveries).
    fn runs() -> Vec<Simulator> {
        let bulk = Scenario::from_json(include_str!("../../tests/lossy-bulk.json")).unwrap();
        let mut runs: Vec<Simulator> = presets::PRESETS
            .iter()
            .map(|p| Simulator::new(&p.scenario().unwrap()).unwrap())
            .chain([Simulator::new(&bulk).unwrap()])
            .collect();
        for sim in &mut runs {
            sim.run_to_end();
        }
        runs
    }

    /// A walk forward, backward and by strides asks the remembering lookups what a fresh
    /// narrator (nothing remembered) answers.
    #[test]
    fn remembered_lookups_answer_what_a_fresh_narrator_does() {
        for sim in runs() {
            let n = Narrator::new(sim.trace(), sim.scenario(), Lang::En);
            let len = sim.trace().len();
            let order: Vec<usize> = (0..=len)
                .chain((0..=len).rev())
                .chain((0..=len).step_by(7))
                .chain((0..=len).step_by(3))
                .collect();
            for &i in &order {
                for side in Side::BOTH {
                    let fresh = Narrator::new(sim.trace(), sim.scenario(), Lang::En);
                    assert_eq!(n.state_at(i, side), fresh.state_at(i, side), "{i} {side:?}");
                    if matches!(sim.trace().events.get(i).map(|e| &e.kind),
                        Some(TraceKind::Deliver { side: s, .. }) if *s == side)
                    {
                        let run = fresh.deliver_run(i, side);
                        assert_eq!(n.deliver_run(i, side), run, "{i} {side:?}");
                    }
                }
            }
        }
    }
}
