//! The text ladder of a trace: what the CLI prints and what transcript tests compare.
//!
//! Four columns: the time (printed once per instant), the client, the link and the server.
//! Each endpoint's column shows what happens *to it* — user calls, the new state, timers, the RTO,
//! data read by the application — with the detail (the cause of a state change, a timer's
//! deadline) written in the link column beside it, on the endpoint's own side. Segments are
//! arrows in the link column with a Wireshark-style label:
//!
//! ```text
//!       0 │ connect()          │                                                                  │
//!         │ SYN-SENT           │ · active OPEN                                                    │
//!         │                    │ C1 [SYN] Seq=0 Win=1000 Len=0 MSS=100 ─────────────────────────▷ │
//!    0.1s │                    │                                                          ──▶ C1 │
//! ```
//!
//! A segment leaves on one line (`C1 … ▷` from the client, `◁ … S1` from the server) and
//! arrives on another (`──▶ C1` at the server, `S1 ◀──` at the client); what the receiver made
//! of it is written beside the arrival unless it was simply accepted. Losses are `✕` in the
//! middle of the link, where they happened.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::config::{RttEstimatorKind, Rule, Source};
use crate::endpoint::{RtoChange, TimerAction, TimerKind, Verdict};
use crate::observer_note::{InitialBasis, ObserverNote};
use crate::state::State;
use crate::time::Instant;
use crate::trace::{SegmentInfo, Trace, TraceKind};
use crate::vocab::{AppEvent, FaultSource, Side, UserCall};

/// The narrowest time column; a trace with longer times (a capture's microseconds) widens it.
const TIME_W: usize = 7;
const SIDE_W: usize = 20;
/// The narrowest link column; a trace with longer labels widens it.
const LANE_W: usize = 66;

/// How to draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LadderOptions {
    /// Absolute sequence and acknowledgment numbers instead of Wireshark's relative ones.
    pub absolute: bool,
}

/// The Wireshark-style label of a segment: `C1 [SYN, ACK] Seq=0 Ack=1 Win=1000 Len=0 MSS=100`;
/// a retransmission says what it repeats (`C3 = C1 again`), a link copy what it copies.
pub fn segment_label(s: &SegmentInfo, opts: LadderOptions) -> String {
    let mut out = String::new();
    let _ = write!(out, "{}", s.id);
    if let Some(orig) = s.retransmission_of {
        let _ = write!(out, " (rtx of {orig})");
    }
    let (seq, ack) = if opts.absolute {
        (s.seq.0, s.ack.0)
    } else {
        (s.rel_seq, s.rel_ack)
    };
    let _ = write!(out, " {} Seq={seq}", s.flags);
    if s.flags.ack() {
        let _ = write!(out, " Ack={ack}");
    }
    let _ = write!(out, " Win={} Len={}", s.window, s.len);
    if let Some(mss) = s.mss {
        let _ = write!(out, " MSS={mss}");
    }
    out
}

/// Renders a trace as the text ladder.
pub fn render(trace: &Trace, opts: LadderOptions) -> String {
    let lines = lines(trace, opts);
    let mut out = lines.head;
    for line in &lines.events {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The ladder in pieces, for a reader that puts something between its lines (the narrated
/// ladder of `handshake-explain`): the header with the starting states, and one line per event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lines {
    /// The column titles, the rule under them and the starting states, each line ending in `\n`.
    pub head: String,
    /// `events[i]` draws `trace.events[i]` (without its `\n`); the time is written on the first
    /// line of each instant only.
    pub events: Vec<String>,
    /// The widest a line can be, in characters: the ladder's own width, which does not depend
    /// on a terminal.
    pub width: usize,
    /// Where the client's column starts, in characters (after the time column).
    pub indent: usize,
}

/// The ladder of `trace` as [`Lines`]; [`render`] joins them.
pub fn lines(trace: &Trace, opts: LadderOptions) -> Lines {
    let longest = trace
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Send { seg, .. } => Some(width(&segment_label(seg, opts)) + 4),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    // An observer's notes are written in the lane beside their end's column.
    let longest_note = trace
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Observe { note, .. } => Some(width(&alloc::format!("{note}")) + 4),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let time_w = trace
        .iter()
        .map(|e| width(&alloc::format!("{}", e.t)))
        .max()
        .unwrap_or(0);
    let mut l = Ladder {
        out: String::new(),
        last_t: None,
        lane_w: LANE_W.max(longest).max(longest_note),
        time_w: TIME_W.max(time_w),
    };
    l.header();
    // Both ends start CLOSED, unless the trace is an observation that says otherwise.
    let start = |side: Side| {
        trace
            .iter()
            .find_map(|e| match e.kind {
                TraceKind::Observe {
                    side: Some(s),
                    note: ObserverNote::Initial { state, .. },
                } if s == side => Some(state.map_or("?", State::name)),
                _ => None,
            })
            .unwrap_or("CLOSED")
    };
    l.row(None, start(Side::Client), "", start(Side::Server));
    let head = core::mem::take(&mut l.out);
    let events = trace
        .iter()
        .map(|e| {
            l.event(e.t, &e.kind, opts);
            let mut line = core::mem::take(&mut l.out);
            line.pop();
            line
        })
        .collect();
    Lines {
        head,
        events,
        width: l.time_w + SIDE_W + l.lane_w + SIDE_W + 9,
        indent: l.time_w + 3,
    }
}

struct Ladder {
    out: String,
    last_t: Option<Instant>,
    lane_w: usize,
    time_w: usize,
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad_right(s: &str, w: usize) -> String {
    let mut o = String::from(s);
    for _ in width(s)..w {
        o.push(' ');
    }
    o
}

fn pad_left(s: &str, w: usize) -> String {
    let mut o = String::new();
    for _ in width(s)..w {
        o.push(' ');
    }
    o.push_str(s);
    o
}

fn center(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        return String::from(s);
    }
    let left = (w - n) / 2;
    let mut o = String::new();
    for _ in 0..left {
        o.push(' ');
    }
    o.push_str(s);
    pad_right(&o, w)
}

fn fill(c: char, n: usize) -> String {
    core::iter::repeat_n(c, n).collect()
}

/// `1st`, `2nd`, `3rd`, `4th`, … `11th`, `21st`.
fn ordinal(n: u8) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    alloc::format!("{n}{suffix}")
}

fn timer_name(k: TimerKind, rule: Option<Rule>) -> &'static str {
    match (k, rule) {
        (TimerKind::Retransmission, _) => "rtx",
        (TimerKind::TimeWait, Some(Rule::TimeWaitFixed)) => "TIME-WAIT",
        (TimerKind::TimeWait, _) => "2·MSL",
        (TimerKind::FinWait2, _) => "FIN-WAIT-2",
        (TimerKind::DelayedAck, _) => "delayed ACK",
    }
}

/// What the receiver made of a segment, unless it was simply accepted.
fn verdict_text(v: Verdict) -> Option<String> {
    match v {
        Verdict::Accepted => None,
        other => Some(alloc::format!("{other}")),
    }
}

fn source_text(s: FaultSource) -> &'static str {
    match s {
        FaultSource::User => "by user",
        FaultSource::Rule => "by rule",
        FaultSource::RandomLoss => "random loss",
    }
}

impl Ladder {
    fn header(&mut self) {
        self.line(&pad_left("t", self.time_w), "client", "", "server");
        let _ = writeln!(
            self.out,
            "{}┼{}┼{}┼{}",
            fill('─', self.time_w + 1),
            fill('─', SIDE_W + 2),
            fill('─', self.lane_w + 2),
            fill('─', SIDE_W + 1)
        );
    }

    fn line(&mut self, time: &str, client: &str, lane: &str, server: &str) {
        let mut s = String::new();
        let _ = write!(
            s,
            "{} │ {} │ {} │ {}",
            pad_left(time, self.time_w),
            pad_right(client, SIDE_W),
            pad_right(lane, self.lane_w),
            server
        );
        let trimmed = s.trim_end();
        self.out.push_str(trimmed);
        self.out.push('\n');
    }

    fn row(&mut self, t: Option<Instant>, client: &str, lane: &str, server: &str) {
        let time = match t {
            Some(t) if self.last_t != Some(t) => {
                self.last_t = Some(t);
                alloc::format!("{t}")
            }
            _ => String::new(),
        };
        self.line(&time, client, lane, server);
    }

    /// A line about one side: `text` in its column, `note` beside it in the lane.
    fn side(&mut self, t: Instant, side: Side, text: &str, note: &str) {
        let lane = if note.is_empty() {
            String::new()
        } else {
            match side {
                Side::Client => alloc::format!("· {note}"),
                Side::Server => pad_left(&alloc::format!("{note} ·"), self.lane_w),
            }
        };
        match side {
            Side::Client => self.row(Some(t), text, &lane, ""),
            Side::Server => self.row(Some(t), "", &lane, text),
        }
    }

    fn lane(&mut self, t: Instant, lane: &str) {
        self.row(Some(t), "", lane, "");
    }

    fn event(&mut self, t: Instant, kind: &TraceKind, opts: LadderOptions) {
        match kind {
            TraceKind::Call { side, call, error } => {
                let mut text = alloc::format!("{call}");
                let mut note = match call {
                    UserCall::Send(d) => d
                        .preview()
                        .map(|p| alloc::format!("{p:?}"))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                if let Some(e) = error {
                    text.push_str(" ✗");
                    note = alloc::format!("refused: {e}");
                }
                self.side(t, *side, &text, &note);
            }
            TraceKind::State {
                side,
                from,
                to,
                cause,
                ..
            } => {
                let note = alloc::format!("{from} → {to}: {cause}");
                let text = if *to == State::Closed {
                    String::from("CLOSED")
                } else {
                    String::from(to.name())
                };
                self.side(t, *side, &text, &note);
            }
            TraceKind::Timer {
                side,
                kind,
                action,
                deadline,
                backoff,
                expiry,
                rule,
            } => {
                let name = timer_name(*kind, *rule);
                let (text, note) = match action {
                    TimerAction::Set => (
                        alloc::format!("{name} timer set"),
                        alloc::format!("expires at {deadline}"),
                    ),
                    TimerAction::Restart => (
                        alloc::format!("{name} timer restart"),
                        alloc::format!("now expires at {deadline}"),
                    ),
                    TimerAction::Cancel => (alloc::format!("{name} timer off"), String::new()),
                    TimerAction::Fire => (
                        alloc::format!("{name} timer FIRES"),
                        // Which expiry of the earliest unacknowledged segment (not the backoff,
                        // which only a valid RTT sample resets).
                        expiry
                            .map(|n| alloc::format!("{} expiry for this segment", ordinal(n)))
                            .unwrap_or_default(),
                    ),
                };
                // A start under a rule only one profile has says whose rule it is.
                let note = match rule {
                    Some(r)
                        if r.source() == Source::Linux
                            && matches!(action, TimerAction::Set | TimerAction::Restart) =>
                    {
                        alloc::format!("{note} ({})", r.basis())
                    }
                    _ => note,
                };
                // A long name leaves out "timer" to fit the column ("TIME-WAIT restart").
                let text = if text.chars().count() > SIDE_W {
                    text.replacen(" timer", "", 1)
                } else {
                    text
                };
                let note = if *backoff > 0
                    && *kind == TimerKind::Retransmission
                    && *action != TimerAction::Cancel
                {
                    if note.is_empty() {
                        alloc::format!("backoff {backoff}")
                    } else {
                        alloc::format!("{note}, backoff {backoff}")
                    }
                } else {
                    note
                };
                self.side(t, *side, &text, &note);
            }
            TraceKind::Rto {
                side,
                change,
                from,
                rto,
                timed,
            } => {
                let of = timed
                    .map(|id| alloc::format!(" of {id}"))
                    .unwrap_or_default();
                let note = match change {
                    RtoChange::Sample {
                        rtt,
                        first: true,
                        estimator: RttEstimatorKind::Rfc6298,
                        ..
                    } => {
                        alloc::format!("first RTT sample {rtt}{of} (RFC 6298 2.2, 2.4)")
                    }
                    RtoChange::Sample {
                        rtt,
                        estimator: RttEstimatorKind::Rfc6298,
                        ..
                    } => {
                        alloc::format!("RTT sample {rtt}{of} (RFC 6298 2.3, 2.4)")
                    }
                    RtoChange::Sample {
                        rtt,
                        first,
                        estimator: RttEstimatorKind::Linux,
                        ..
                    } => {
                        let first = if *first { "first " } else { "" };
                        alloc::format!(
                            "{first}RTT sample {rtt}{of} (Linux: SRTT + max(4·RTTVAR, rto_min))"
                        )
                    }
                    RtoChange::Linear => {
                        alloc::format!("{from} kept on timeout (Linux tcp_syn_linear_timeouts)")
                    }
                    RtoChange::KarnNoSample => {
                        String::from("no RTT sample from a retransmission (Karn)")
                    }
                    RtoChange::BackOff { capped: false } => {
                        alloc::format!("{from} doubled on timeout (RFC 6298 5.5)")
                    }
                    RtoChange::BackOff { capped: true } => {
                        alloc::format!("{from} doubled, capped at the maximum (RFC 6298 5.5, 2.5)")
                    }
                    RtoChange::HandshakeFallback => {
                        String::from("3 s after a handshake timeout (RFC 6298 5.7)")
                    }
                };
                self.side(t, *side, &alloc::format!("RTO {rto}"), &note);
            }
            TraceKind::Deliver {
                side, len, data, ..
            } => {
                self.side(
                    t,
                    *side,
                    &alloc::format!("read {len} B"),
                    &alloc::format!("{data:?}"),
                );
            }
            TraceKind::App { side, event } => {
                let text = match event {
                    AppEvent::Connected => "app: connected",
                    AppEvent::EndOfStream => "app: EOF",
                    AppEvent::Reset => "app: reset",
                    AppEvent::TimedOut => "app: timed out",
                    AppEvent::Closed => "app: closed",
                    AppEvent::Discarded(_) => "app: discarded",
                };
                let note = match event {
                    AppEvent::Discarded(n) => alloc::format!("{n} B sent but never acknowledged"),
                    _ => String::new(),
                };
                self.side(t, *side, text, &note);
            }
            TraceKind::Arm { side, fault } => {
                let note = alloc::format!("the next segment from the {side} will be: {fault}");
                self.side(t, *side, &alloc::format!("arm {}", fault.name()), &note);
            }
            TraceKind::Loss { side, probability } => {
                let pct = probability * 100.0;
                self.side(
                    t,
                    *side,
                    &alloc::format!("loss {pct}%"),
                    "random loss of segments sent from here",
                );
            }
            TraceKind::BudgetExhausted { events } => {
                let text = alloc::format!(
                    "(the run was cut short: the event budget of {events} events is spent)"
                );
                self.lane(t, &center(&text, self.lane_w));
            }
            TraceKind::Ignored { action, error } => {
                self.lane(
                    t,
                    &center(&alloc::format!("(ignored: {action}: {error})"), self.lane_w),
                );
            }
            TraceKind::Observe { side, note } => {
                // An inconsistency is flagged; the initial state is already the first row.
                let mark = if note.is_inconsistency() { "⚠ " } else { "" };
                let text = match note {
                    ObserverNote::Initial {
                        basis: InitialBasis::OpensActively,
                        ..
                    }
                    | ObserverNote::Initial { state: None, .. } => "",
                    ObserverNote::Initial { .. } => "(assumed)",
                    _ if note.is_inconsistency() => "⚠",
                    _ => "",
                };
                let note = alloc::format!("{mark}{note}");
                match side {
                    Some(side) => self.side(t, *side, text, &note),
                    None => self.lane(t, &center(&note, self.lane_w)),
                }
            }
            TraceKind::Send { seg, .. } => {
                let label = segment_label(seg, opts);
                let lane = match seg.from {
                    Side::Client => {
                        let n = self.lane_w.saturating_sub(width(&label) + 2);
                        alloc::format!("{label} {}▷", fill('─', n.max(2)))
                    }
                    Side::Server => {
                        let n = self.lane_w.saturating_sub(width(&label) + 2);
                        alloc::format!("◁{} {label}", fill('─', n.max(2)))
                    }
                };
                self.lane(t, &lane);
            }
            TraceKind::Arrive { seg, verdict } => {
                let why = verdict.and_then(verdict_text);
                let why = why.as_deref();
                let lane = match (seg.from, why) {
                    (Side::Client, None) => {
                        pad_left(&alloc::format!("──▶ {}", seg.id), self.lane_w)
                    }
                    (Side::Client, Some(w)) => {
                        pad_left(&alloc::format!("{w} ──▶ {}", seg.id), self.lane_w)
                    }
                    (Side::Server, None) => alloc::format!("{} ◀──", seg.id),
                    (Side::Server, Some(w)) => alloc::format!("{} ◀── {w}", seg.id),
                };
                self.lane(t, &lane);
            }
            TraceKind::Drop { seg, reason } => {
                let text = alloc::format!("✕ {} lost ({})", seg.id, source_text(*reason));
                self.lane(t, &center(&text, self.lane_w));
            }
            TraceKind::Hold { seg, reason } => {
                let text =
                    alloc::format!("‖ {} held on the link ({})", seg.id, source_text(*reason));
                self.lane(t, &center(&text, self.lane_w));
            }
            TraceKind::Release { seg, arrival } => {
                let text = alloc::format!("{} released, arrives at {arrival}", seg.id);
                self.lane(t, &center(&text, self.lane_w));
            }
            TraceKind::Delay {
                seg,
                by,
                arrival,
                reason,
            } => {
                let text = alloc::format!(
                    "{} delayed +{by} ({}), arrives at {arrival}",
                    seg.id,
                    source_text(*reason)
                );
                self.lane(t, &center(&text, self.lane_w));
            }
            TraceKind::Duplicate {
                seg,
                arrival,
                reason,
            } => {
                let of = seg
                    .duplicate_of
                    .map(|d| alloc::format!("{d}"))
                    .unwrap_or_default();
                let text = alloc::format!(
                    "{} = copy of {of} ({}), arrives at {arrival}",
                    seg.id,
                    source_text(*reason)
                );
                self.lane(t, &center(&text, self.lane_w));
            }
        }
    }
}
