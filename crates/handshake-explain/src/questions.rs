//! Predict, then reveal: questions computed from a run's own future.
//!
//! [`next`] copies the simulator and runs the copy ahead — the run is deterministic, so what the
//! copy does is what the lab will do — until an input (a segment arriving, a timer expiring, a
//! user call, a segment lost on the link) whose consequences make a question of a kind the
//! student chose ([`Settings`]). The question's right answer is read from those consequences in
//! the trace: the state the side is in afterwards, the flags and the ACK number of the segment
//! it answers with, what the timer's expiry did, when the lost segment was sent again. Nothing is
//! written per scenario, so every run — a preset, an imported file, the student's own
//! experiment — becomes questions.
//!
//! The wrong options are the classic wrong answers (the misconceptions of [`crate::lessons`]:
//! "+1" for a data ACK, TIME-WAIT on the passive side, CLOSED after a SYN), each tagged with its
//! lesson, then plausible neighbours (the states next to it in Figure 5, the numbers around
//! it). [`Question::grade`] grades a chosen option or a typed number and names the myth a wrong
//! answer reflects. `tests/questions.rs` checks, over every preset and hundreds of random
//! runs, that every answer is what the simulator then does, that no two options are equal and
//! that every question has a wrong option.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::ops::Range;

use handshake_core::endpoint::{Cause, TimerAction, TimerKind};
use handshake_core::sim::{Side, Simulator, TimedAction, UserCall};
use handshake_core::state::State;
use handshake_core::trace::{SegmentInfo, TraceEvent, TraceKind};
use handshake_core::{Duration, Flags, Instant};

use crate::arcs::ARCS;
use crate::format::{flags_rfc, instant, seconds};
use crate::korean::{Josa, josa};
use crate::lang::{Lang, say};
use crate::learn::{T, consequences, first_send_from, is_input, seq_len};
use crate::lessons::Demo;

/// What a question asks (also the topic its score is kept under).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Which state a side is in after a segment, a call or a timer.
    State,
    /// Which flags the answer to an arriving segment carries (or that nothing is sent).
    Flags,
    /// The ACK number of the answer to an arriving segment.
    Ack,
    /// What a timer's expiry does.
    Timer,
    /// When a lost segment is sent again.
    Resend,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::State,
        Kind::Flags,
        Kind::Ack,
        Kind::Timer,
        Kind::Resend,
    ];

    /// A stable name (storage, ids): `state`, `flags`, `ack`, `timer`, `resend`.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::Flags => "flags",
            Kind::Ack => "ack",
            Kind::Timer => "timer",
            Kind::Resend => "resend",
        }
    }

    pub const fn index(self) -> usize {
        self as usize
    }

    /// The topic as the student reads it.
    pub const fn topic(self) -> T {
        match self {
            Kind::State => T::new("States", "상태"),
            Kind::Flags => T::new("Flags of the answer", "응답의 플래그"),
            Kind::Ack => T::new("ACK numbers", "ACK 번호"),
            Kind::Timer => T::new("Timer expiries", "타이머 만료"),
            Kind::Resend => T::new("When a segment is re-sent", "재전송 시각"),
        }
    }
}

/// Which questions to ask, and how numbers are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Settings {
    /// Indexed by [`Kind::index`].
    pub kinds: [bool; 5],
    /// Absolute sequence numbers (as the lab shows them when the student chose so).
    pub absolute: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            kinds: [true; 5],
            absolute: false,
        }
    }
}

impl Settings {
    pub fn asks(&self, kind: Kind) -> bool {
        self.kinds[kind.index()]
    }
}

/// What a timer's expiry can do (the right one, and the wrong ones offered).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// Re-sends the earliest unacknowledged segment (RFC 6298 (5.4)).
    Retransmit,
    /// Re-sends everything unacknowledged (go-back-N; not what RFC 6298 says).
    RetransmitAll,
    /// Gives up: CLOSED (or back to LISTEN), nothing sent (RFC 9293 §3.10.8).
    GiveUp,
    /// Gives up and sends a RST (smoltcp does; the RFC does not).
    GiveUpWithRst,
    /// Deletes the TCB: CLOSED.
    DeleteTcb,
    /// Sends its last ACK again.
    ResendAck,
    /// Sends a RST.
    SendRst,
    /// Sends the ACK it held back (a delayed ACK).
    SendAck,
}

/// The value an option stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    State(State),
    /// The flags of the answer; `None`: nothing is sent.
    Flags(Option<Flags>),
    /// An ACK number, relative or absolute as [`Settings::absolute`] says.
    Number(u32),
    /// A moment of the run (when a segment is re-sent).
    Time(Instant),
    Outcome(Outcome),
}

/// One option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub answer: Answer,
    /// For a wrong option: the misconception it is (its lesson).
    pub myth: Option<Demo>,
}

/// What the question is about (the prompt names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    /// A segment about to reach `side`.
    Arrival { seg: SegmentInfo },
    /// The application of `side` makes a call.
    Call { call: CallName },
    /// A timer of `side` about to expire.
    Timer { kind: TimerKind },
    /// A segment `side` sent was lost on the link.
    Lost { seg: SegmentInfo },
}

/// A user call a question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallName {
    Connect,
    Close,
    Abort,
}

impl CallName {
    const fn text(self) -> &'static str {
        match self {
            CallName::Connect => "connect()",
            CallName::Close => "close()",
            CallName::Abort => "abort()",
        }
    }
}

/// A question about the run's next step.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub kind: Kind,
    /// The side it is about.
    pub side: Side,
    /// The side's state when the question is asked.
    pub state: State,
    pub about: About,
    /// Where the run stops to ask: a moment before the answer happens (for a lost segment, the
    /// moment it was lost). The lab goes there and no further until it is answered.
    pub ask_at: Instant,
    /// When the answer happens.
    pub answer_at: Instant,
    /// The trace events (indices, as the run will number them) that answer it: the input and
    /// its consequences. The narration of these says why.
    pub events: Range<usize>,
    /// Sorted; no two equal.
    pub options: Vec<Choice>,
    /// Which option is right.
    pub correct: usize,
    /// Numbers as [`Settings::absolute`] asked.
    pub absolute: bool,
}

/// A student's answer: an option, or a typed number (an ACK number, or a time in seconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    Choice(usize),
    Typed(String),
}

/// How an answer was graded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grade {
    pub correct: bool,
    /// The option the answer is (a typed number that equals one), if any.
    pub option: Option<usize>,
    /// The misconception a wrong answer reflects.
    pub myth: Option<Demo>,
}

/// How long before the answer the run stops to ask: the segment is seen arriving.
pub const LEAD: Duration = Duration::from_millis(25);

/// The most instants [`next`] looks ahead.
const HORIZON: usize = 20_000;

/// The next question in the run of `sim` with `tape` (the session's interactive actions, as the
/// lab replays them; `&[]` if none), or `None` if the rest of the run asks nothing of the kinds
/// `settings` chose.
pub fn next(sim: &Simulator, tape: &[TimedAction], settings: &Settings) -> Option<Question> {
    if !Kind::ALL.iter().any(|&k| settings.asks(k)) {
        return None;
    }
    let mut ahead = sim.clone();
    for _ in 0..HORIZON {
        let prev = ahead.now();
        let started = ahead.events_run() > 0;
        let at = next_instant(&ahead, tape)?;
        let before = ahead.trace().len();
        ahead.replay_onto(tape, at);
        if ahead.trace().len() == before {
            if ahead.now() == prev && started {
                return None;
            }
            continue;
        }
        let ask_at = if at > prev && started {
            prev.max(Instant::from_micros(
                at.total_micros().saturating_sub(LEAD.total_micros()),
            ))
        } else {
            prev
        };
        if let Some(q) = question_at(&ahead, tape, before, at, ask_at, settings) {
            return Some(q);
        }
    }
    None
}

/// When the next thing happens: an event of the simulator or an action of the tape.
fn next_instant(sim: &Simulator, tape: &[TimedAction]) -> Option<Instant> {
    let ev = sim.next_event_time();
    let action = tape.get(sim.actions().len()).map(|a| a.at);
    match (ev, action) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The question the instant `at` (its events from `start` on) makes, if any.
fn question_at(
    ahead: &Simulator,
    tape: &[TimedAction],
    start: usize,
    at: Instant,
    ask_at: Instant,
    settings: &Settings,
) -> Option<Question> {
    let ev = &ahead.trace().events;
    for i in start..ev.len() {
        if !is_input(&ev[i].kind) {
            continue;
        }
        let mut found: Vec<Question> = Vec::new();
        for kind in Kind::ALL {
            if !settings.asks(kind) {
                continue;
            }
            let q = if kind == Kind::Resend {
                resend(ahead, tape, i, at, settings)
            } else {
                Builder {
                    ev,
                    start,
                    i,
                    at,
                    ask_at,
                    absolute: settings.absolute,
                }
                .build(kind)
            };
            found.extend(q);
        }
        if !found.is_empty() {
            // Several kinds fit one input: take turns, by where the input is in the run.
            let n = found.len();
            return Some(found.swap_remove(i % n));
        }
    }
    None
}

struct Builder<'a> {
    ev: &'a [TraceEvent],
    /// The instant's first event.
    start: usize,
    /// The input.
    i: usize,
    at: Instant,
    ask_at: Instant,
    absolute: bool,
}

impl Builder<'_> {
    /// The state `side` is in just before the input, if no earlier input of the same instant
    /// changed it (the question is asked before the instant, so the lane shows that state).
    fn state_before(&self, side: Side) -> Option<State> {
        let changed_now = self.ev[self.start..self.i]
            .iter()
            .any(|e| matches!(e.kind, TraceKind::State { side: s, .. } if s == side));
        if changed_now {
            return None;
        }
        Some(state_at(self.ev, self.i, side))
    }

    fn build(&self, kind: Kind) -> Option<Question> {
        let input = &self.ev[self.i].kind;
        let after = consequences(self.ev, self.i);
        let (side, about) = match input {
            TraceKind::Arrive { seg, .. } => (seg.to(), About::Arrival { seg: *seg }),
            TraceKind::Call {
                side,
                call,
                error: None,
            } => {
                let call = match call {
                    UserCall::Connect => CallName::Connect,
                    UserCall::Close => CallName::Close,
                    UserCall::Abort => CallName::Abort,
                    UserCall::Listen | UserCall::Send(_) => return None,
                };
                (*side, About::Call { call })
            }
            TraceKind::Timer {
                side,
                kind: timer,
                action: TimerAction::Fire,
                ..
            } => (*side, About::Timer { kind: *timer }),
            _ => return None,
        };
        let state = self.state_before(side)?;
        let (options, correct) = match (kind, about) {
            (Kind::State, _) => {
                let to = after.iter().rev().find_map(|e| match e.kind {
                    TraceKind::State { side: s, to, .. } if s == side => Some(to),
                    _ => None,
                })?;
                if to == state {
                    return None;
                }
                state_options(state, to, about)
            }
            // An answer held back by a delayed ACK is not the answer "now": no question.
            (Kind::Flags | Kind::Ack, _) if delays_ack(after, side) => return None,
            (Kind::Flags, About::Arrival { seg }) if seg_len_or_ctl(&seg) => {
                let reply = first_send_from(after, side).map(|s| s.flags);
                flag_options(&seg, reply)
            }
            (Kind::Ack, About::Arrival { seg }) => {
                if seg.flags.rst() || seq_len(&seg) == 0 {
                    return None;
                }
                let reply = first_send_from(after, side)?;
                if !reply.flags.ack() {
                    return None;
                }
                ack_options(&seg, reply, self.absolute)
            }
            (Kind::Timer, About::Timer { kind: timer }) => {
                let outcome = timer_outcome(after, side)?;
                timer_options(timer, outcome)
            }
            _ => return None,
        };
        let end = self.i + 1 + after.len();
        Some(Question {
            kind,
            side,
            state,
            about,
            ask_at: self.ask_at,
            answer_at: self.at,
            events: self.i..end,
            options,
            correct,
            absolute: self.absolute,
        })
    }
}

/// The state `side` is in before event `i`.
fn state_at(ev: &[TraceEvent], i: usize, side: Side) -> State {
    ev[..i]
        .iter()
        .rev()
        .find_map(|e| match e.kind {
            TraceKind::State { side: s, to, .. } if s == side => Some(to),
            _ => None,
        })
        .unwrap_or(State::Closed)
}

/// Whether `side` holds its ACK back (a delayed-ACK timer set among `after`).
fn delays_ack(after: &[TraceEvent], side: Side) -> bool {
    after.iter().any(|e| {
        matches!(e.kind, TraceKind::Timer { side: s, kind: TimerKind::DelayedAck, action: TimerAction::Set, .. } if s == side)
    })
}

/// Whether a segment asks for an answer worth predicting: SYN, FIN, RST or data.
fn seg_len_or_ctl(seg: &SegmentInfo) -> bool {
    seg.len > 0 || seg.flags.syn() || seg.flags.fin() || seg.flags.rst()
}

/// The options, sorted by `key`, and where the right one is.
fn finish<K: Ord>(
    right: Answer,
    wrong: Vec<Choice>,
    key: impl Fn(&Answer) -> K,
) -> (Vec<Choice>, usize) {
    let mut options = Vec::with_capacity(4);
    options.push(Choice {
        answer: right,
        myth: None,
    });
    for w in wrong {
        if options.len() == 4 {
            break;
        }
        if options.iter().all(|o| o.answer != w.answer) {
            options.push(w);
        }
    }
    handshake_core::sort::sort_by_key(&mut options, |c| key(&c.answer));
    let correct = options.iter().position(|c| c.answer == right).unwrap_or(0);
    (options, correct)
}

fn wrong(answer: Answer, myth: Option<Demo>) -> Choice {
    Choice { answer, myth }
}

fn state_options(from: State, to: State, about: About) -> (Vec<Choice>, usize) {
    let s = |st: State, myth| wrong(Answer::State(st), myth);
    let mut w = Vec::new();
    // The classic wrong answers first.
    match (from, to) {
        (_, State::CloseWait) => w.push(s(State::TimeWait, Some(Demo::M1))),
        (State::Closed, State::SynSent) => w.push(s(State::Closed, Some(Demo::M2))),
        (_, State::LastAck) => w.push(s(State::TimeWait, Some(Demo::M1))),
        (State::LastAck, State::Closed) => w.push(s(State::TimeWait, Some(Demo::M1))),
        (State::FinWait2 | State::FinWait1, State::TimeWait) => {
            w.push(s(State::CloseWait, None));
        }
        _ => {}
    }
    if matches!(about, About::Arrival { .. }) || from != State::Closed {
        // "Nothing changes."
        w.push(s(from, None));
    }
    // Neighbours in Figure 5: where `from` can go, then where `to` goes next.
    for a in &ARCS[..crate::arcs::FIGURE_ARCS] {
        if a.from == Some(from) {
            w.push(s(a.to, None));
        }
    }
    for a in &ARCS[..crate::arcs::FIGURE_ARCS] {
        if a.from == Some(to) {
            w.push(s(a.to, None));
        }
    }
    w.push(s(State::Established, None));
    w.push(s(State::Closed, None));
    w.retain(|c| c.answer != Answer::State(to));
    finish(Answer::State(to), w, |a| match a {
        Answer::State(st) => State::ALL.iter().position(|x| x == st).unwrap_or(0),
        _ => 0,
    })
}

/// The order flags options are listed in (and offered as neighbours).
const FLAG_POOL: [Option<Flags>; 8] = [
    Some(Flags::SYN),
    Some(Flags::SYN.union(Flags::ACK)),
    Some(Flags::ACK),
    Some(Flags::FIN.union(Flags::ACK)),
    Some(Flags::RST),
    Some(Flags::RST.union(Flags::ACK)),
    Some(Flags::FIN),
    None,
];

fn flag_rank(f: &Option<Flags>) -> usize {
    FLAG_POOL
        .iter()
        .position(|p| p == f)
        .unwrap_or(FLAG_POOL.len() - 1)
}

fn flag_options(seg: &SegmentInfo, reply: Option<Flags>) -> (Vec<Choice>, usize) {
    let f = |flags: Option<Flags>, myth| wrong(Answer::Flags(flags), myth);
    let mut w = Vec::new();
    if seg.flags.rst() {
        // A RST is not answered with a RST, nor (once accepted) with anything.
        w.push(f(Some(Flags::RST), Some(Demo::M11)));
        w.push(f(Some(Flags::ACK), Some(Demo::M11)));
        w.push(f(None, None));
    } else if seg.flags.fin() {
        // "The close always takes four segments": a plain ACK first.
        w.push(f(Some(Flags::ACK), Some(Demo::M10)));
        w.push(f(Some(Flags::FIN.union(Flags::ACK)), None));
        w.push(f(None, None));
    } else if seg.flags.syn() {
        w.push(f(Some(Flags::SYN.union(Flags::ACK)), None));
        w.push(f(Some(Flags::ACK), None));
        w.push(f(Some(Flags::SYN), None));
    } else {
        w.push(f(Some(Flags::ACK), None));
        w.push(f(None, None));
    }
    for p in FLAG_POOL {
        w.push(f(p, None));
    }
    // A myth is only the myth where it is wrong.
    let right = Answer::Flags(reply);
    w.retain(|c| c.answer != right);
    let (mut options, correct) = finish(right, w, |a| match a {
        Answer::Flags(x) => flag_rank(x),
        _ => 0,
    });
    // A FIN answered by a plain ACK is the four-segment close; the ACK is no myth then.
    if seg.flags.fin() && reply == Some(Flags::ACK) {
        for o in &mut options {
            o.myth = None;
        }
    }
    (options, correct)
}

fn ack_options(seg: &SegmentInfo, reply: &SegmentInfo, absolute: bool) -> (Vec<Choice>, usize) {
    let (seq, right, own) = if absolute {
        (seg.seq.0, reply.ack.0, seg.ack.0)
    } else {
        (seg.rel_seq, reply.rel_ack, seg.rel_ack)
    };
    let n = |v: u32, myth| wrong(Answer::Number(v), myth);
    let mut w = Vec::new();
    // "Always +1".
    w.push(n(seq.wrapping_add(1), Some(Demo::M3)));
    // As if in order: wrong after a hole (the ACK stays at the hole).
    w.push(n(seq.wrapping_add(seq_len(seg)), Some(Demo::M3)));
    // Forgetting to add anything.
    w.push(n(seq, None));
    // The arriving segment's own ACK number (the other direction's numbers).
    if seg.flags.ack() {
        w.push(n(own, None));
    }
    w.push(n(right.wrapping_add(1), None));
    w.push(n(right.wrapping_sub(1), None));
    let right = Answer::Number(right);
    w.retain(|c| c.answer != right);
    finish(right, w, |a| match a {
        Answer::Number(v) => *v,
        _ => 0,
    })
}

/// What a timer's expiry did, read from its consequences.
fn timer_outcome(after: &[TraceEvent], side: Side) -> Option<Outcome> {
    for e in after {
        match e.kind {
            TraceKind::State {
                side: s,
                cause: Cause::RetriesExhausted(_),
                ..
            } if s == side => return Some(Outcome::GiveUp),
            TraceKind::State {
                side: s,
                cause: Cause::TimeWaitExpired | Cause::FinWait2Expired,
                ..
            } if s == side => return Some(Outcome::DeleteTcb),
            _ => {}
        }
    }
    after.iter().find_map(|e| match &e.kind {
        TraceKind::Send {
            seg,
            retry: Some(_),
            ..
        } if seg.from == side => Some(Outcome::Retransmit),
        TraceKind::Send {
            seg, retry: None, ..
        } if seg.from == side && seg.flags == Flags::ACK && seg.len == 0 => Some(Outcome::SendAck),
        _ => None,
    })
}

fn timer_options(timer: TimerKind, right: Outcome) -> (Vec<Choice>, usize) {
    let pool: &[Outcome] = match timer {
        TimerKind::Retransmission => &[
            Outcome::Retransmit,
            Outcome::GiveUp,
            Outcome::RetransmitAll,
            Outcome::GiveUpWithRst,
        ],
        TimerKind::TimeWait | TimerKind::FinWait2 => &[
            Outcome::DeleteTcb,
            Outcome::ResendAck,
            Outcome::SendRst,
            Outcome::Retransmit,
        ],
        TimerKind::DelayedAck => &[
            Outcome::SendAck,
            Outcome::Retransmit,
            Outcome::SendRst,
            Outcome::DeleteTcb,
        ],
    };
    let w = pool
        .iter()
        .filter(|&&o| o != right)
        .map(|&o| wrong(Answer::Outcome(o), None))
        .collect();
    finish(Answer::Outcome(right), w, |a| match a {
        Answer::Outcome(o) => *o,
        _ => Outcome::Retransmit,
    })
}

/// "When will it be sent again?" for a segment lost on the link at the input `i` (instant `at`):
/// the run is followed further, to the next retransmission of the same sequence number.
fn resend(
    ahead: &Simulator,
    tape: &[TimedAction],
    i: usize,
    at: Instant,
    settings: &Settings,
) -> Option<Question> {
    let ev = &ahead.trace().events;
    let TraceKind::Drop { seg: lost, .. } = ev[i].kind else {
        return None;
    };
    if seq_len(&lost) == 0 || lost.duplicate_of.is_some() {
        return None;
    }
    let side = lost.from;
    let sent_at = ev[..i].iter().rev().find_map(|e| match &e.kind {
        TraceKind::Send { seg, .. } if seg.id == lost.id => Some(e.t),
        _ => None,
    })?;
    // Follow the run until that segment is re-sent by the timer, or the side's connection ends.
    let mut further = ahead.clone();
    let mut from = ev.len();
    for _ in 0..HORIZON {
        let t = next_instant(&further, tape)?;
        further.replay_onto(tape, t);
        let evs = &further.trace().events;
        for (k, e) in evs.iter().enumerate().skip(from) {
            match &e.kind {
                // Sent again: by the timer, or in answer to something (a SYN,ACK re-sent for
                // a duplicate SYN under the Linux switch).
                TraceKind::Send { seg, .. }
                    if seg.from == side
                        && seg.rel_seq == lost.rel_seq
                        && seg.retransmission_of.is_some() =>
                {
                    return Some(resend_question(evs, k, &lost, sent_at, at, settings));
                }
                TraceKind::State {
                    side: s,
                    to: State::Closed | State::Listen,
                    ..
                } if *s == side => return None,
                _ => {}
            }
        }
        from = evs.len();
        if further.is_finished() && tape.len() <= further.actions().len() {
            return None;
        }
    }
    None
}

fn resend_question(
    ev: &[TraceEvent],
    k: usize,
    lost: &SegmentInfo,
    sent_at: Instant,
    lost_at: Instant,
    settings: &Settings,
) -> Question {
    let re = ev[k].t;
    // The input that re-sent it (usually the timer's expiry), and what followed.
    let fire = ev[..k].iter().rposition(|e| is_input(&e.kind)).unwrap_or(k);
    let end = fire + 1 + consequences(ev, fire).len();
    let gap = re - sent_at;
    let tm = |t: Instant| wrong(Answer::Time(t), None);
    let mut w = Vec::new();
    // The RTO before the backoff (if this was not the first wait), one doubling too many,
    // counted from the loss rather than the send.
    let half = Duration::from_micros(gap.total_micros() / 2);
    w.push(tm(sent_at + half));
    w.push(tm(sent_at + gap + gap));
    w.push(tm(lost_at + gap));
    w.push(tm(re + gap));
    w.retain(|c| matches!(c.answer, Answer::Time(t) if t > lost_at && t != re));
    let (options, correct) = finish(Answer::Time(re), w, |a| match a {
        Answer::Time(t) => *t,
        _ => Instant::ZERO,
    });
    Question {
        kind: Kind::Resend,
        side: lost.from,
        state: state_at(ev, k, lost.from),
        about: About::Lost { seg: *lost },
        ask_at: lost_at,
        answer_at: re,
        events: fire..end,
        options,
        correct,
        absolute: settings.absolute,
    }
}

// ----- grading and wording ---------------------------------------------------------------------

impl Question {
    /// Grades a response; `None` when a typed answer is not a number (or the question takes
    /// none) or the option does not exist.
    pub fn grade(&self, response: &Response) -> Option<Grade> {
        let option = match response {
            Response::Choice(i) => Some(*i).filter(|&i| i < self.options.len())?,
            Response::Typed(text) => {
                let typed = self.parse(text)?;
                match self.options.iter().position(|o| same(&o.answer, &typed)) {
                    Some(i) => i,
                    None => {
                        return Some(Grade {
                            correct: false,
                            option: None,
                            myth: None,
                        });
                    }
                }
            }
        };
        let correct = option == self.correct;
        Some(Grade {
            correct,
            option: Some(option),
            myth: if correct {
                None
            } else {
                self.options[option].myth
            },
        })
    }

    /// Whether the answer can be typed (a number or a time).
    pub fn takes_number(&self) -> bool {
        matches!(self.kind, Kind::Ack | Kind::Resend)
    }

    /// A typed answer as a value: `101`, `Ack=101`; `3`, `3.5`, `3 s`, `3초`, `3,5`.
    fn parse(&self, text: &str) -> Option<Answer> {
        let text = text.trim();
        match self.kind {
            Kind::Ack => {
                let digits = text
                    .trim_start_matches("Ack=")
                    .trim_start_matches("ack=")
                    .trim();
                digits.parse::<u32>().ok().map(Answer::Number)
            }
            Kind::Resend => parse_seconds(text).map(Answer::Time),
            _ => None,
        }
    }

    /// The question, in `lang`.
    pub fn prompt(&self, lang: Lang) -> String {
        let who = who(self.side, lang);
        let state = self.state.name();
        match (self.kind, self.about) {
            (_, About::Lost { seg }) => {
                let (flags, id) = (flags_rfc(seg.flags), seg.id);
                say!(
                    lang,
                    format!(
                        "The {flags} segment {id} was lost on the way. When will {who} send it again? (The time on the clock, in seconds.)"
                    ),
                    format!(
                        "{flags} 세그먼트 {} 전송 도중에 유실되었다. {who}는 언제 이 세그먼트를 다시 보낼까? (시계에 표시될 시각을 초 단위로)",
                        josa(&id.to_string(), Josa::I)
                    ),
                )
            }
            (kind, About::Arrival { seg }) => {
                let (flags, id) = (flags_rfc(seg.flags), seg.id);
                let arrives = say!(
                    lang,
                    format!("The {flags} segment {id} is about to reach {who}, now in {state}."),
                    format!(
                        "{flags} 세그먼트 {} 곧 {state} 상태인 {who}에 도착한다.",
                        josa(&id.to_string(), Josa::I)
                    ),
                );
                let ask = match kind {
                    Kind::State => say!(
                        lang,
                        format!("Which state is {who} in once it has handled it?"),
                        format!("이 세그먼트를 처리하고 나면 {who}는 어떤 상태일까?"),
                    ),
                    Kind::Flags => say!(
                        lang,
                        format!("What does {who} send in answer?"),
                        format!("{who}는 어떤 세그먼트로 답할까?"),
                    ),
                    _ => {
                        let seq = if self.absolute {
                            seg.seq.0
                        } else {
                            seg.rel_seq
                        };
                        let len = seg.len;
                        say!(
                            lang,
                            format!(
                                "It carries Seq={seq} and {len} data bytes. What ACK number does {who}'s answer carry?"
                            ),
                            format!(
                                "이 세그먼트의 Seq는 {seq}, 데이터는 {len}바이트다. {who}가 답으로 보낼 세그먼트의 ACK 번호는 얼마일까?"
                            ),
                        )
                    }
                };
                format!("{arrives} {ask}")
            }
            (kind, About::Timer { kind: timer }) => {
                let name = timer_name(timer, lang);
                let expires = say!(
                    lang,
                    format!(
                        "{}'s {name} is about to expire ({state} now).",
                        capitalize(who)
                    ),
                    format!(
                        "{state} 상태인 {who}의 {} 곧 만료된다.",
                        josa(name, Josa::I)
                    ),
                );
                let ask = if kind == Kind::Timer {
                    say!(lang, "What happens then?", "그러면 어떻게 될까?")
                } else {
                    say!(
                        lang,
                        "Which state is it in right after?",
                        "만료 직후에는 어떤 상태일까?"
                    )
                };
                format!("{expires} {ask}")
            }
            (_, About::Call { call }) => {
                let c = call.text();
                say!(
                    lang,
                    format!(
                        "{}'s application calls {c} ({state} now). Which state is {who} in right after?",
                        capitalize(who)
                    ),
                    format!(
                        "{who}는 지금 {state} 상태다. 여기서 애플리케이션이 {} 호출하면, 호출 직후 {who}는 어떤 상태일까?",
                        josa(c, Josa::Eul)
                    ),
                )
            }
        }
    }

    /// The right answer's text.
    pub fn answer_text(&self, lang: Lang) -> String {
        self.option_text(self.correct, lang)
    }

    /// Option `i`'s text.
    pub fn option_text(&self, i: usize, lang: Lang) -> String {
        self.options
            .get(i)
            .map_or_else(String::new, |c| answer_text(&c.answer, lang))
    }
}

/// An answer's text: `CLOSE-WAIT`, `SYN,ACK`, `Ack=101`, `3 s` / `3초`, a timer's outcome.
pub fn answer_text(a: &Answer, lang: Lang) -> String {
    match *a {
        Answer::State(s) => String::from(s.name()),
        Answer::Flags(Some(f)) => flags_rfc(f),
        Answer::Flags(None) => String::from(say!(lang, "nothing", "아무것도 보내지 않는다")),
        Answer::Number(n) => format!("Ack={n}"),
        Answer::Time(t) => instant(t, lang),
        Answer::Outcome(o) => String::from(outcome_text(o).get(lang)),
    }
}

/// What a timer's expiry does, in words.
pub const fn outcome_text(o: Outcome) -> T {
    match o {
        Outcome::Retransmit => T::new(
            "It re-sends the earliest unacknowledged segment.",
            "확인받지 못한 가장 앞의 세그먼트를 다시 보낸다.",
        ),
        Outcome::RetransmitAll => T::new(
            "It re-sends every unacknowledged segment.",
            "확인받지 못한 세그먼트를 모두 다시 보낸다.",
        ),
        Outcome::GiveUp => T::new(
            "It gives up: the connection ends and nothing is sent.",
            "포기한다. 아무것도 보내지 않고 연결을 끝낸다.",
        ),
        Outcome::GiveUpWithRst => T::new("It gives up and sends a RST.", "포기하고 RST를 보낸다."),
        Outcome::DeleteTcb => T::new(
            "It deletes the TCB: the side is CLOSED.",
            "TCB를 삭제한다. 그쪽은 CLOSED가 된다.",
        ),
        Outcome::ResendAck => T::new("It sends its last ACK again.", "마지막 ACK를 다시 보낸다."),
        Outcome::SendRst => T::new("It sends a RST.", "RST를 보낸다."),
        Outcome::SendAck => T::new("It sends the ACK it held back.", "미뤄 둔 ACK를 보낸다."),
    }
}

fn who(side: Side, lang: Lang) -> &'static str {
    match (lang, side) {
        (Lang::En, Side::Client) => "the client",
        (Lang::En, Side::Server) => "the server",
        (Lang::Ko, Side::Client) => "클라이언트",
        (Lang::Ko, Side::Server) => "서버",
    }
}

fn capitalize(s: &str) -> String {
    // Only ever given our own English words, which start with an ASCII letter: ASCII case rules
    // give the same text, and the wasm carries no Unicode case tables (about 26 KB; issue 15).
    let mut out = String::from(s);
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

fn timer_name(kind: TimerKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (TimerKind::Retransmission, Lang::En) => "retransmission timer",
        (TimerKind::Retransmission, Lang::Ko) => "재전송 타이머",
        (TimerKind::TimeWait, Lang::En) => "TIME-WAIT (2·MSL) timer",
        (TimerKind::TimeWait, Lang::Ko) => "TIME-WAIT(2·MSL) 타이머",
        (TimerKind::FinWait2, Lang::En) => "FIN-WAIT-2 timer",
        (TimerKind::FinWait2, Lang::Ko) => "FIN-WAIT-2 타이머",
        (TimerKind::DelayedAck, Lang::En) => "delayed-ACK timer",
        (TimerKind::DelayedAck, Lang::Ko) => "지연 ACK 타이머",
    }
}

/// Seconds as typed: `3`, `3.5`, `3,5`, `3 s`, `3s`, `3초`; `None` for anything else.
pub fn parse_seconds(text: &str) -> Option<Instant> {
    let t = text.trim();
    let t = t
        .strip_suffix('초')
        .or_else(|| t.strip_suffix('s'))
        .unwrap_or(t)
        .trim();
    let t = t.replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 6 || whole.len() > 6 {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut micros = 0u64;
    for c in frac.chars().chain(core::iter::repeat('0')).take(6) {
        micros = micros * 10 + u64::from(c as u8 - b'0');
    }
    Some(Instant::from_micros(whole * 1_000_000 + micros))
}

/// A time as the student would type it back (`3`, `1.1`), for a placeholder or a test.
pub fn seconds_text(t: Instant) -> String {
    seconds(t.total_micros())
}

/// Whether a typed value is this option: the same number, or a time in the same millisecond
/// (the clock shows milliseconds).
fn same(option: &Answer, typed: &Answer) -> bool {
    match (option, typed) {
        (Answer::Time(a), Answer::Time(b)) => a.total_micros() / 1000 == b.total_micros() / 1000,
        (a, b) => a == b,
    }
}
