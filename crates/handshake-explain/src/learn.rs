//! What the learning features share: a text in both languages ([`T`]), where a lesson's run
//! comes from ([`Origin`]), the moment of a run a card points at ([`Moment`], [`Focus`]), and
//! small readers of the trace that the lessons and the questions both use.
//!
//! The learning features are [`crate::lessons`] (the fifteen misconceptions, each disproved by a
//! check over a run), [`crate::interview`] (classic interview questions, each proved by a run),
//! [`crate::questions`] (predict-then-reveal questions computed from a run's own future),
//! [`crate::arcs`] (RFC 9293 Figure 5 as a table, and which arc a state change took),
//! [`crate::glossary`] and [`crate::progress`] (a student's score and coverage, as text a
//! browser can keep). They read the trace as the narration does; none of them re-derives TCP.

use handshake_core::Instant;
use handshake_core::endpoint::{Cause, TimerAction, TimerKind};
use handshake_core::sim::{Side, TxId};
use handshake_core::state::State;
use handshake_core::trace::{SegmentInfo, TraceEvent, TraceKind};

use crate::lang::Lang;

/// A text in English and Korean, as data (the learning content is tables of these).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct T {
    pub en: &'static str,
    pub ko: &'static str,
}

impl T {
    pub const fn new(en: &'static str, ko: &'static str) -> T {
        T { en, ko }
    }
    /// The text in `lang`.
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ko => self.ko,
        }
    }
}

/// Where a lesson's (or an interview question's, or a suggestion's) run comes from: a built-in
/// preset, or a scenario file of its own. Only data: the app and the tests turn it into a
/// scenario (the crate reads no JSON; the presets and the scenario reader are the core's
/// `serde` feature).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// `handshake_core::presets::find(slug)`.
    Preset(&'static str),
    /// A scenario file (`docs/scenario-format.md`) with its own title and notice.
    Scenario(&'static str),
}

/// The decisive moment of a run: where the lab goes (the present becomes `at`, after every
/// event at `at`) and what it lights up there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Moment {
    pub at: Instant,
    pub focus: Focus,
}

/// What a card lights up at its moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Focus {
    /// The lane of `side`, which reads `state` at the moment (its card and its state mark).
    Lane { side: Side, state: State },
    /// A part of a segment's label on the ladder.
    Label { id: TxId, part: LabelPart },
    /// A field of a segment's header in the inspector, by its key in the core's header layout
    /// (`handshake_core::wire::tcp_header_layout`: `"flags"`, `"seq"`, `"urgent"` …), with
    /// absolute sequence numbers when `absolute`.
    Header {
        id: TxId,
        key: &'static str,
        absolute: bool,
    },
    /// A timer's countdown on a lane.
    Timer { side: Side, kind: TimerKind },
}

impl Focus {
    /// The segment the focus is on, if any (the lab selects it).
    pub fn segment(&self) -> Option<TxId> {
        match *self {
            Focus::Label { id, .. } | Focus::Header { id, .. } => Some(id),
            Focus::Lane { .. } | Focus::Timer { .. } => None,
        }
    }
    /// The side whose lane the focus is on, if any.
    pub fn side(&self) -> Option<Side> {
        match *self {
            Focus::Lane { side, .. } | Focus::Timer { side, .. } => Some(side),
            Focus::Label { id, .. } | Focus::Header { id, .. } => Some(id.side),
        }
    }
}

/// A part of a segment's label (`C3 [ACK] Seq=1 Ack=101 Len=0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabelPart {
    Whole,
    Flags,
    Seq,
    Ack,
    Len,
}

impl LabelPart {
    /// The label's field name as the ladder writes it (`Seq`, `Ack`, `Len`), if a number.
    pub const fn field(self) -> Option<&'static str> {
        match self {
            LabelPart::Seq => Some("Seq"),
            LabelPart::Ack => Some("Ack"),
            LabelPart::Len => Some("Len"),
            LabelPart::Whole | LabelPart::Flags => None,
        }
    }
}

// ----- reading the trace ---------------------------------------------------------------------

/// Whether an event starts something (an input to an endpoint or the link) rather than being a
/// consequence of the event before it. An input's consequences — state changes, timers set or
/// cancelled, RTO changes, what the application is told, segments sent — follow it in the trace
/// until the next input (`sim.rs`: the endpoint's outputs are drained right after each input).
pub(crate) fn is_input(kind: &TraceKind) -> bool {
    match kind {
        TraceKind::Timer { action, .. } => *action == TimerAction::Fire,
        TraceKind::State { .. }
        | TraceKind::Rto { .. }
        | TraceKind::Deliver { .. }
        | TraceKind::App { .. }
        | TraceKind::Send { .. } => false,
        _ => true,
    }
}

/// The consequences of the input at `i`: the events after it up to the next input.
pub(crate) fn consequences(events: &[TraceEvent], i: usize) -> &[TraceEvent] {
    let start = (i + 1).min(events.len());
    let end = events[start..]
        .iter()
        .position(|e| is_input(&e.kind))
        .map_or(events.len(), |n| start + n);
    &events[start..end]
}

/// A state change of the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    pub index: usize,
    pub t: Instant,
    pub side: Side,
    pub from: State,
    pub to: State,
    pub cause: Cause,
}

/// Every state change, in order.
pub(crate) fn changes(events: &[TraceEvent]) -> impl Iterator<Item = Change> + '_ {
    events
        .iter()
        .enumerate()
        .filter_map(|(index, e)| match e.kind {
            TraceKind::State {
                side,
                from,
                to,
                cause,
                ..
            } => Some(Change {
                index,
                t: e.t,
                side,
                from,
                to,
                cause,
            }),
            _ => None,
        })
}

/// Every segment that left its sender: (index, time, segment).
pub(crate) fn sends(events: &[TraceEvent]) -> impl Iterator<Item = (usize, Instant, &SegmentInfo)> {
    events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.kind {
            TraceKind::Send { seg, .. } => Some((i, e.t, seg)),
            _ => None,
        })
}

/// Every segment that reached its receiver: (index, time, segment).
pub(crate) fn arrivals(
    events: &[TraceEvent],
) -> impl Iterator<Item = (usize, Instant, &SegmentInfo)> {
    events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.kind {
            TraceKind::Arrive { seg, .. } => Some((i, e.t, seg)),
            _ => None,
        })
}

/// The first segment `side` sends among `events`.
pub(crate) fn first_send_from(events: &[TraceEvent], side: Side) -> Option<&SegmentInfo> {
    events.iter().find_map(|e| match &e.kind {
        TraceKind::Send { seg, .. } if seg.from == side => Some(seg),
        _ => None,
    })
}

/// The sequence space a segment occupies: its bytes, plus one for SYN and one for FIN.
pub(crate) fn seq_len(seg: &SegmentInfo) -> u32 {
    seg.len + u32::from(seg.flags.syn()) + u32::from(seg.flags.fin())
}
