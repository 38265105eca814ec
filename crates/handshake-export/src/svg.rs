//! The ladder as an SVG for print, with the experiment embedded.
//!
//! **Layout.** Time runs down. Events are laid out in rows in trace order: each row has three
//! slots — the client's side, the link, the server's side — and an event takes the slots it
//! draws in (a state change its side, a segment leaving its sender's side and the link, an
//! arrival the receiver's side), joining the row above when it is at the same instant and its
//! slots are free there. So nothing overlaps, and a label is never cut: the columns are as wide
//! as their longest text (estimated from the characters, generously: Hangul as a full em,
//! Latin as 0.6 em in the monospace labels), and the title and notice wrap. Between instants
//! the gap grows with the time that passed, up to 0.3 s linearly and then by a fixed step per
//! doubling, so a 10 s TIME-WAIT does not take a page; the axis marks such a shortened wait with
//! `≈`. A segment is drawn from the row it left in to the row it arrived in, through the points
//! where the link delayed, held or dropped it ([`crate::layout`]).
//!
//! **Print.** Black on white; the client's segments are solid with filled heads, the server's
//! dashed with open heads, so the two read apart in grey print; labels have a white halo where
//! a line crosses them. Fonts are the system's, named as the app names them (no font is
//! embedded).
//!
//! **The experiment** (`docs/link-format.md`, "In an SVG"): the share link is written twice —
//! in the root's `data-handshake-lab-link` attribute and in `<metadata>` as
//! `<hl:experiment><hl:link>` (beside the scenario file that replays the run,
//! `<hl:scenario>`) — because tools that re-save an SVG drop one or the other: optimizers such
//! as SVGO remove `<metadata>` but keep `data-*` attributes, editors keep `<metadata>` but may
//! drop unknown attributes. Not in a comment: a link may hold `--`, which a comment may not.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::{self, Write};

use handshake_core::endpoint::{TimerKind, Verdict};
use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::link::{self, Experiment, LinkError};
use handshake_core::observer_note::ObserverNote;
use handshake_core::sim::Side;
use handshake_core::state::State;
use handshake_core::trace::{TraceEvent, TraceKind};
use handshake_core::vocab::{AppEvent, UserCall};
use handshake_core::{Duration, Instant};
use handshake_explain::format::{self, RtoChain};
use handshake_explain::transcript::wrap;
use handshake_explain::{Lang, cause_label, errors, verdict_label};

use crate::Run;
use crate::escape::xml;
use crate::layout::{Fate, Flight, Mark, Model, TimerEnd};

/// The namespace of the experiment's element in `<metadata>`.
pub const SVG_NS: &str = "https://handshake-lab.github.io/ns/export/1";
/// The root attribute that holds the share link.
const LINK_ATTR: &str = "data-handshake-lab-link";

/// The app's fonts (`web/styles/base.css`): Korean from the system, none shipped.
const FONT_SANS: &str =
    "'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans KR', 'NanumGothic', sans-serif";
const FONT_MONO: &str =
    "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'D2Coding', 'NanumGothicCoding', monospace";

const INK: &str = "#000";
const MUTED: &str = "#3c3c3c";
const LIFELINE: &str = "#6b6b6b";
/// Dark enough to print near black; told apart by dashes and arrow heads, not by colour.
const CLIENT: &str = "#1d3f8f";
const SERVER: &str = "#8f3a12";
const CLIENT_SOFT: &str = "#e8edf8";
const SERVER_SOFT: &str = "#f8ece4";
const SERVER_DASH: &str = "7 3";
/// The dash of a hand-made segment's line.
const INJECTED_DASH: &str = "1.5 3";

const MARGIN: i32 = 24;
const FS: i32 = 12;
const LABEL_FS: i32 = 11;
const TITLE_FS: i32 = 18;
const NOTICE_FS: i32 = 13;
const ROW: i32 = 22;
const BOX_H: i32 = 16;
/// Room beside a lane for the timer bars.
const TIMER_W: i32 = 16;
/// The narrowest link area.
const MIN_LINK: i32 = 380;
/// Gaps between instants: linear up to this many ms…
const LINEAR_MS: u64 = 300;
/// …at this many px per 100 ms…
const PX_PER_100MS: i32 = 12;
/// …then this many px per doubling.
const PX_PER_DOUBLING: i32 = 8;

// ----- the words ---------------------------------------------------------------------------

fn side_name(side: Side, lang: Lang) -> &'static str {
    match (side, lang) {
        (Side::Client, Lang::En) => "Client",
        (Side::Server, Lang::En) => "Server",
        (Side::Client, Lang::Ko) => "클라이언트",
        (Side::Server, Lang::Ko) => "서버",
    }
}

/// The note beside a lane for an event about one side (`None`: nothing to write).
fn side_note(e: &TraceEvent, run: &Run<'_>) -> Option<String> {
    let lang = run.lang;
    let text = match &e.kind {
        TraceKind::Call { call, error, .. } => {
            let mut s = call.to_string();
            if let UserCall::Send(d) = call {
                if let Some(p) = d.preview() {
                    let _ = write!(s, " {p:?}");
                }
            }
            if let Some(err) = error {
                let _ = write!(s, " ✗ {}", errors::call_error_message(*err, lang));
            }
            s
        }
        TraceKind::State { cause, .. } => cause_label(*cause, lang).to_string(),
        TraceKind::Timer {
            side,
            kind,
            action,
            deadline,
            backoff,
            rule,
            ..
        } => {
            use handshake_core::endpoint::TimerAction as A;
            let name = handshake_explain::timer_label(*kind, *rule, lang);
            let length = *deadline - e.t;
            let chain = (*kind == TimerKind::Retransmission && *backoff > 0)
                .then(|| RtoChain::of_timer(run.sim.trace(), *side, e.t, 4))
                .flatten()
                .map(|c| c.text(lang));
            match action {
                A::Set => match chain {
                    Some(c) => alloc::format!("{name} {c}"),
                    None => alloc::format!("{name} {}", format::duration(length, lang)),
                },
                A::Restart => say(
                    lang,
                    alloc::format!("{name} restarts: {}", format::duration(length, lang)),
                    alloc::format!("{name} 재시작: {}", format::duration(length, lang)),
                ),
                A::Fire => say(
                    lang,
                    alloc::format!("{name} expires"),
                    alloc::format!("{name} 만료"),
                ),
                A::Cancel => return None,
            }
        }
        TraceKind::Deliver { len, data, .. } => say(
            lang,
            alloc::format!("read {len} B {data:?}"),
            alloc::format!("{len} B 읽음 {data:?}"),
        ),
        TraceKind::App { event, .. } => match (event, lang) {
            (AppEvent::Connected | AppEvent::Closed, _) => return None,
            (AppEvent::EndOfStream, Lang::En) => "app: end of stream".to_string(),
            (AppEvent::EndOfStream, Lang::Ko) => "앱: 스트림 끝".to_string(),
            (AppEvent::Reset, Lang::En) => "app: connection reset".to_string(),
            (AppEvent::Reset, Lang::Ko) => "앱: 연결 리셋".to_string(),
            (AppEvent::TimedOut, Lang::En) => "app: timed out".to_string(),
            (AppEvent::TimedOut, Lang::Ko) => "앱: 시간 초과".to_string(),
            (AppEvent::Discarded(n), Lang::En) => alloc::format!("app: {n} B never acknowledged"),
            (AppEvent::Discarded(n), Lang::Ko) => alloc::format!("앱: 확인받지 못한 {n} B"),
        },
        TraceKind::Arm { fault, .. } => say(
            lang,
            alloc::format!(
                "armed: {} for the next segment",
                errors::fault(*fault, lang)
            ),
            alloc::format!("다음 세그먼트에 {} 준비", errors::fault(*fault, lang)),
        ),
        TraceKind::Loss { probability, .. } => say(
            lang,
            alloc::format!("random loss {}%", format::percent(*probability)),
            alloc::format!("무작위 유실 {}%", format::percent(*probability)),
        ),
        TraceKind::Observe {
            side: Some(_),
            note,
        } => alloc::format!("{note}"),
        TraceKind::Crash { .. } => say(
            lang,
            "CRASH: every TCB and timer lost".to_string(),
            "크래시: 모든 TCB와 타이머를 잃음".to_string(),
        ),
        TraceKind::Reboot { .. } => say(
            lang,
            "reboot: up again, with no TCB".to_string(),
            "재부팅: TCB 없이 다시 켜짐".to_string(),
        ),
        TraceKind::Switch { switch, on, .. } => match (lang, on) {
            (Lang::En, true) => alloc::format!("NOT TCP: switch {switch} on"),
            (Lang::En, false) => alloc::format!("TCP again: switch {switch} off"),
            (Lang::Ko, true) => alloc::format!("TCP 아님: 스위치 {switch} 켬"),
            (Lang::Ko, false) => alloc::format!("다시 TCP: 스위치 {switch} 끔"),
        },
        TraceKind::NotTcp { switch, .. } => say(
            lang,
            alloc::format!("≠ not TCP ({switch})"),
            alloc::format!("≠ TCP 아님({switch})"),
        ),
        _ => return None,
    };
    Some(text)
}

/// A note in the middle of the link for an event about neither side.
fn link_note(e: &TraceEvent, lang: Lang) -> Option<String> {
    match &e.kind {
        TraceKind::Ignored { action, error } => Some(say(
            lang,
            alloc::format!(
                "ignored: {}: {}",
                errors::describe_action(action, lang),
                errors::action_error(error, lang)
            ),
            alloc::format!(
                "적용 안 됨: {}: {}",
                errors::describe_action(action, lang),
                errors::action_error(error, lang)
            ),
        )),
        TraceKind::BudgetExhausted { events } => Some(say(
            lang,
            alloc::format!("the run was cut short after {events} events"),
            alloc::format!("이벤트 {events}개 뒤에 실행이 중단됨"),
        )),
        TraceKind::Observe { side: None, note } => Some(alloc::format!("{note}")),
        _ => None,
    }
}

/// The note beside a segment where the link did something to it.
fn fault_note(e: &TraceEvent, lang: Lang) -> Option<String> {
    let id = e.kind.segment()?.id;
    Some(match &e.kind {
        TraceKind::Drop { reason, .. } => say(
            lang,
            alloc::format!(
                "{id} lost ({})",
                handshake_explain::fault_source_label(*reason, lang)
            ),
            alloc::format!(
                "{id} 유실({})",
                handshake_explain::fault_source_label(*reason, lang)
            ),
        ),
        TraceKind::Delay {
            by,
            arrival,
            reason,
            ..
        } => say(
            lang,
            alloc::format!(
                "{id} delayed {} ({}), arrives at {}",
                format::offset(*by, lang),
                handshake_explain::fault_source_label(*reason, lang),
                format::instant(*arrival, lang)
            ),
            alloc::format!(
                "{id} {} 지연({}), 도착 {}",
                format::offset(*by, lang),
                handshake_explain::fault_source_label(*reason, lang),
                format::instant(*arrival, lang)
            ),
        ),
        TraceKind::Hold { reason, .. } => say(
            lang,
            alloc::format!(
                "‖ {id} held on the link ({})",
                handshake_explain::fault_source_label(*reason, lang)
            ),
            alloc::format!(
                "‖ {id} 링크에 붙잡힘({})",
                handshake_explain::fault_source_label(*reason, lang)
            ),
        ),
        TraceKind::Release { arrival, .. } => say(
            lang,
            alloc::format!(
                "{id} released, arrives at {}",
                format::instant(*arrival, lang)
            ),
            alloc::format!("{id} 풀려남, 도착 {}", format::instant(*arrival, lang)),
        ),
        TraceKind::Duplicate { reason, .. } => {
            let of = e.kind.segment()?.duplicate_of?;
            say(
                lang,
                alloc::format!(
                    "{id} = copy of {of} ({})",
                    handshake_explain::fault_source_label(*reason, lang)
                ),
                alloc::format!(
                    "{id} = {of}의 복사본({})",
                    handshake_explain::fault_source_label(*reason, lang)
                ),
            )
        }
        _ => return None,
    })
}

fn say(lang: Lang, en: String, ko: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

// ----- measuring text ----------------------------------------------------------------------

fn wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// How wide `s` is at `fs` px, estimated on the wide side so that nothing is cut: in the
/// monospace font every Latin character is 0.6 em; in the sans font capitals and `m w` are
/// 0.75 em, other Latin 0.58 em; Hangul and CJK a full em; other symbols (`→ ✕ ‖ ·`) a full em.
fn text_w(s: &str, fs: i32, mono: bool) -> i32 {
    let hundredths: i32 = s
        .chars()
        .map(|c| {
            if wide(c) || !c.is_ascii() {
                100
            } else if mono {
                60
            } else if c == ' ' {
                30
            } else if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | '@' | '%') {
                75
            } else {
                58
            }
        })
        .sum();
    (hundredths * fs + 99) / 100
}

// ----- rows --------------------------------------------------------------------------------

const SLOT_CLIENT: u8 = 1;
const SLOT_LINK: u8 = 2;
const SLOT_SERVER: u8 = 4;

fn slot(side: Side) -> u8 {
    match side {
        Side::Client => SLOT_CLIENT,
        Side::Server => SLOT_SERVER,
    }
}

struct Row {
    t: Instant,
    y: i32,
    used: u8,
}

/// The gap above the first row of an instant `dt` after the one before.
fn gap(dt: Duration) -> (i32, bool) {
    let ms = dt.total_micros() / 1000;
    let linear = ms.min(LINEAR_MS) as i32 * PX_PER_100MS / 100;
    let mut span = LINEAR_MS;
    let mut extra = 0;
    while span < ms {
        span = span.saturating_mul(2);
        extra += PX_PER_DOUBLING;
    }
    (8 + linear + extra, ms > LINEAR_MS)
}

/// The slots an event draws in.
fn slots(e: &TraceEvent, run: &Run<'_>) -> u8 {
    match &e.kind {
        TraceKind::Send { seg, .. } | TraceKind::Inject { seg, .. } => slot(seg.from) | SLOT_LINK,
        TraceKind::Arrive { seg, verdict } => {
            let why = matches!(verdict, Some(v) if *v != Verdict::Accepted);
            slot(seg.to()) | if why { SLOT_LINK } else { 0 }
        }
        TraceKind::Drop { .. }
        | TraceKind::Delay { .. }
        | TraceKind::Hold { .. }
        | TraceKind::Release { .. }
        | TraceKind::Duplicate { .. }
        | TraceKind::OldDuplicate { .. } => SLOT_LINK,
        TraceKind::State { side, .. } => slot(*side),
        _ => match (e.kind.side(), side_note(e, run), link_note(e, run.lang)) {
            (Some(side), Some(_), _) => slot(side),
            (_, _, Some(_)) => SLOT_LINK,
            _ => 0,
        },
    }
}

// ----- the document ------------------------------------------------------------------------

/// Where things are across.
struct Columns {
    client: i32,
    server: i32,
    /// Half the widest state box.
    box_half: i32,
}

impl Columns {
    fn lane(&self, side: Side) -> i32 {
        match side {
            Side::Client => self.client,
            Side::Server => self.server,
        }
    }
    /// Where a point `x` of the way from `from` lies.
    fn at(&self, from: Side, x: f64) -> i32 {
        let (a, b) = (self.lane(from), self.lane(from.peer()));
        a + round(f64::from(b - a) * x)
    }
    /// The x of a timer bar of `kind` beside `side`'s lane.
    fn timer_x(&self, side: Side, kind: TimerKind) -> i32 {
        let off = self.box_half
            + match kind {
                TimerKind::Retransmission => 5,
                _ => 11,
            };
        match side {
            Side::Client => self.client - off,
            Side::Server => self.server + off,
        }
    }
    /// Where a side's notes end (client, right-aligned) or start (server).
    fn note_x(&self, side: Side) -> i32 {
        match side {
            Side::Client => self.client - self.box_half - TIMER_W - 6,
            Side::Server => self.server + self.box_half + TIMER_W + 6,
        }
    }
}

fn round(v: f64) -> i32 {
    if v >= 0.0 {
        (v + 0.5) as i32
    } else {
        -((-v + 0.5) as i32)
    }
}

struct Svg {
    out: String,
}

impl Svg {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// `<text>` with escaped content; `extra` holds further attributes (already safe).
    fn text(&mut self, x: i32, y: i32, anchor: &str, extra: &str, content: &str) {
        let _ = write!(self.out, "<text x=\"{x}\" y=\"{y}\"");
        if anchor != "start" {
            let _ = write!(self.out, " text-anchor=\"{anchor}\"");
        }
        if !extra.is_empty() {
            self.out.push(' ');
            self.out.push_str(extra);
        }
        self.out.push('>');
        self.out.push_str(&xml(content));
        self.out.push_str("</text>\n");
    }

    fn line(&mut self, x1: i32, y1: i32, x2: i32, y2: i32, extra: &str) {
        let _ = writeln!(
            self.out,
            "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" {extra}/>"
        );
    }

    /// A state's box centred on a lane.
    fn state_box(&mut self, side: Side, x: i32, y: i32, name: &str) {
        let w = text_w(name, LABEL_FS, true) + 12;
        let (stroke, fill) = match side {
            Side::Client => (CLIENT, CLIENT_SOFT),
            Side::Server => (SERVER, SERVER_SOFT),
        };
        let _ = writeln!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{BOX_H}\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
            x - w / 2,
            y - BOX_H / 2
        );
        self.text(
            x,
            y + 4,
            "middle",
            &alloc::format!("class=\"state\" font-family=\"{FONT_MONO}\" font-size=\"{LABEL_FS}\" font-weight=\"bold\""),
            name,
        );
    }
}

/// The run's ladder as a standalone SVG document.
pub fn svg(run: &Run<'_>) -> String {
    let lang = run.lang;
    let trace = run.sim.trace();
    let model = Model::build(trace);
    let opts = LadderOptions {
        absolute: run.absolute(),
    };
    let events = &trace.events;

    // --- what is written, for the widths ---
    let labels: Vec<String> = model
        .flights
        .iter()
        .map(|f| segment_label(&f.seg, opts))
        .collect();
    let start_state = |side: Side| -> &'static str {
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
    let mut box_w = text_w("SYN-RECEIVED", LABEL_FS, true) + 12;
    let mut note_w = [0i32; 2];
    let mut link_w = MIN_LINK;
    for e in events {
        if let TraceKind::State { to, .. } = e.kind {
            box_w = box_w.max(text_w(to.name(), LABEL_FS, true) + 12);
        }
        if let (Some(side), Some(n)) = (e.kind.side(), side_note(e, run)) {
            if !matches!(e.kind, TraceKind::Send { .. }) {
                let w = &mut note_w[side.index()];
                *w = (*w).max(text_w(&n, FS, false));
            }
        }
        if let Some(n) = link_note(e, lang) {
            link_w = link_w.max(text_w(&n, FS, false) + 40);
        }
        if let Some(n) = fault_note(e, lang) {
            // Beside the segment, on the side with room: at worst half the link is taken.
            link_w = link_w.max(2 * (text_w(&n, FS, false) + 24));
        }
        if let TraceKind::Arrive {
            verdict: Some(v), ..
        } = e.kind
        {
            if v != Verdict::Accepted {
                link_w = link_w.max(text_w(verdict_label(v, lang), FS, false) + box_w / 2 + 40);
            }
        }
    }
    for (f, label) in model.flights.iter().zip(&labels) {
        let mark = if f.seg.retransmission_of.is_some() {
            "↻ "
        } else {
            ""
        };
        let w = text_w(mark, LABEL_FS, false) + text_w(label, LABEL_FS, true);
        // A copy's label starts where its original was, so it may need the whole link.
        let room = if f.seg.duplicate_of.is_some() { 2 } else { 1 };
        link_w = link_w.max(room * (w + 16) + box_w / 2 + 48);
    }
    let box_half = box_w / 2;
    for side in Side::BOTH {
        let w = &mut note_w[side.index()];
        *w = (*w)
            .max(text_w(side_name(side, lang), FS + 2, false) / 2 - box_half)
            .max(40);
    }

    // --- across ---
    let ticks: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        let mut last = None;
        for e in events {
            if last != Some(e.t) {
                v.push(format::instant(e.t, lang));
                last = Some(e.t);
            }
        }
        v
    };
    let axis_w = ticks
        .iter()
        .map(|t| text_w(t, LABEL_FS, true))
        .max()
        .unwrap_or(0)
        .max(text_w(axis_title(lang), FS, false))
        + 14;
    let axis = MARGIN + axis_w;
    let client = axis + 12 + note_w[0] + 6 + TIMER_W + box_half;
    let server = client + link_w;
    let mut width = server + box_half + TIMER_W + 6 + note_w[1] + MARGIN;

    // --- the title block ---
    let title = run.title().unwrap_or("Handshake Lab");
    let title_lines = wrap_px(title, width - 2 * MARGIN, TITLE_FS);
    let notice_lines = run
        .notice()
        .map(|n| wrap_px(n, width - 2 * MARGIN, NOTICE_FS))
        .unwrap_or_default();
    // A word wider than the page widens it.
    for l in &title_lines {
        width = width.max(text_w(l, TITLE_FS, false) + 2 * MARGIN);
    }
    for l in &notice_lines {
        width = width.max(text_w(l, NOTICE_FS, false) + 2 * MARGIN);
    }
    let cols = Columns {
        client,
        server,
        box_half,
    };

    // --- down: the rows ---
    // Baselines: the title's lines, then the notice's, then the lanes' names.
    let title_y = MARGIN + TITLE_FS;
    let mut y = title_y + (title_lines.len() as i32 - 1) * (TITLE_FS + 6);
    let notice_y = y + NOTICE_FS + 10;
    if !notice_lines.is_empty() {
        y = notice_y + (notice_lines.len() as i32 - 1) * (NOTICE_FS + 6);
    }
    y += 40;
    let header_y = y;
    y += 22;
    let start_y = y;
    y += ROW + 4;

    let mut rows: Vec<Row> = Vec::new();
    let mut row_of: Vec<usize> = Vec::with_capacity(events.len());
    let mut breaks: Vec<(i32, i32)> = Vec::new();
    for e in events {
        let need = slots(e, run);
        let join = rows
            .last()
            .filter(|r| r.t == e.t && r.used & need == 0)
            .is_some();
        if !join {
            let (dy, shortened) = match rows.last() {
                Some(r) if r.t == e.t => (ROW, false),
                Some(r) => {
                    let (g, s) = gap(e.t - r.t);
                    (ROW + g, s)
                }
                None => (0, false),
            };
            if shortened {
                breaks.push((y, y + dy));
            }
            y += dy;
            rows.push(Row { t: e.t, y, used: 0 });
        }
        let r = rows.len() - 1;
        rows[r].used |= need;
        row_of.push(r);
    }
    let last_y = rows.last().map_or(y, |r| r.y);
    let end_y = last_y + ROW;
    let y_of = |event: usize| rows[row_of[event]].y;

    // --- the legend's height is known only after laying it out ---
    let legend = legend_items(run);
    let legend_top = end_y + 36;
    let (legend_h, legend_rows) = layout_legend(&legend, width - 2 * MARGIN);
    let footer_y = legend_top + legend_h + 22;
    let height = footer_y + MARGIN;

    // --- writing ---
    let link = run.link();
    let mut s = Svg {
        out: String::with_capacity(16 * 1024 + events.len() * 200),
    };
    s.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s.out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xml:lang=\"{}\" {LINK_ATTR}=\"{link}\" font-family=\"{FONT_SANS}\" font-size=\"{FS}\" fill=\"{INK}\">",
        lang.tag()
    );
    let _ = writeln!(s.out, "<title>{}</title>", xml(title));
    if let Some(n) = run.notice() {
        let _ = writeln!(s.out, "<desc>{}</desc>", xml(n));
    }
    let _ = writeln!(
        s.out,
        "<metadata>\n<hl:experiment xmlns:hl=\"{SVG_NS}\" format=\"{}\">\n<hl:link>{link}</hl:link>\n<hl:scenario>{}</hl:scenario>\n</hl:experiment>\n</metadata>",
        link::VERSION,
        xml(&crate::scenario_json(run))
    );
    let _ = writeln!(
        s.out,
        "<defs>\n<marker id=\"hl-head-client\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"{CLIENT}\"/></marker>\n<marker id=\"hl-head-server\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M1,1L10,5L1,9\" fill=\"none\" stroke=\"{SERVER}\" stroke-width=\"1.6\"/></marker>\n</defs>"
    );
    let _ = writeln!(
        s.out,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>"
    );

    // Title and what to notice.
    s.raw("<g class=\"title\">\n");
    for (k, l) in title_lines.iter().enumerate() {
        let ty = title_y + k as i32 * (TITLE_FS + 6);
        let extra = alloc::format!("font-size=\"{TITLE_FS}\" font-weight=\"bold\"");
        s.text(MARGIN, ty, "start", &extra, l);
    }
    for (k, l) in notice_lines.iter().enumerate() {
        let ny = notice_y + k as i32 * (NOTICE_FS + 6);
        let extra = alloc::format!("font-size=\"{NOTICE_FS}\" fill=\"{MUTED}\"");
        s.text(MARGIN, ny, "start", &extra, l);
    }
    s.raw("</g>\n");

    // Lanes: names, addresses, lifelines, starting states.
    s.raw("<g class=\"lanes\">\n");
    for side in Side::BOTH {
        let x = cols.lane(side);
        let color = match side {
            Side::Client => CLIENT,
            Side::Server => SERVER,
        };
        let extra = alloc::format!(
            "font-size=\"{}\" font-weight=\"bold\" fill=\"{color}\"",
            FS + 2
        );
        s.text(x, header_y - 12, "middle", &extra, side_name(side, lang));
        let addr = run.sim.addr(side).to_string();
        let extra =
            alloc::format!("font-family=\"{FONT_MONO}\" font-size=\"{LABEL_FS}\" fill=\"{MUTED}\"");
        s.text(x, header_y + 2, "middle", &extra, &addr);
        let dash = match side {
            Side::Client => "",
            Side::Server => " stroke-dasharray=\"2 2\"",
        };
        let extra = alloc::format!("stroke=\"{LIFELINE}\" stroke-width=\"1.2\"{dash}");
        s.line(x, header_y + 8, x, end_y + 8, &extra);
        s.state_box(side, x, start_y, start_state(side));
    }
    s.raw("</g>\n");

    // The time axis.
    s.raw("<g class=\"axis\">\n");
    let extra = alloc::format!("stroke=\"{INK}\" stroke-width=\"1\"");
    s.line(axis, start_y, axis, end_y + 8, &extra);
    let extra = alloc::format!("font-size=\"{FS}\" fill=\"{MUTED}\"");
    s.text(axis, header_y - 12, "end", &extra, axis_title(lang));
    let mut tick = 0;
    let mut k = 0;
    while k < rows.len() {
        let first = k;
        while k < rows.len() && rows[k].t == rows[first].t {
            k += 1;
        }
        let (y0, y1) = (rows[first].y, rows[k - 1].y);
        let extra = alloc::format!("stroke=\"{INK}\" stroke-width=\"1\"");
        s.line(axis - 4, y0, axis, y0, &extra);
        if y1 > y0 {
            let extra = alloc::format!("stroke=\"{INK}\" stroke-width=\"3\"");
            s.line(axis, y0, axis, y1, &extra);
        }
        let extra = alloc::format!("font-family=\"{FONT_MONO}\" font-size=\"{LABEL_FS}\"");
        s.text(axis - 7, y0 + 4, "end", &extra, &ticks[tick]);
        tick += 1;
    }
    for (a, b) in &breaks {
        let m = (a + b) / 2;
        let _ = writeln!(
            s.out,
            "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"8\" fill=\"#fff\"/>",
            axis - 5,
            m - 4
        );
        let extra = alloc::format!("font-size=\"{FS}\" font-weight=\"bold\"");
        s.text(axis, m + 4, "middle", &extra, "≈");
    }
    s.raw("</g>\n");

    // Timers: bars beside the lanes, from set to expiry, cancel or restart.
    s.raw("<g class=\"timers\">\n");
    for span in &model.timers {
        let x = cols.timer_x(span.side, span.kind);
        let y0 = y_of(span.start);
        let y1 = span.end_event.map_or(end_y, y_of).max(y0 + 4);
        let dash = match span.kind {
            TimerKind::Retransmission => "",
            _ => " stroke-dasharray=\"4 2\"",
        };
        let extra = alloc::format!("stroke=\"{MUTED}\" stroke-width=\"3\"{dash}");
        s.line(x, y0, x, y1, &extra);
        match span.end {
            TimerEnd::Fired => {
                let _ = writeln!(
                    s.out,
                    "<circle cx=\"{x}\" cy=\"{y1}\" r=\"4\" fill=\"{INK}\"/>"
                );
            }
            TimerEnd::Cancelled | TimerEnd::Restarted => {
                let extra = alloc::format!("stroke=\"{MUTED}\" stroke-width=\"1.5\"");
                s.line(x - 4, y1, x + 4, y1, &extra);
            }
            TimerEnd::Running => {}
        }
    }
    s.raw("</g>\n");

    // Segments.
    s.raw("<g class=\"segments\" fill=\"none\" stroke-width=\"1.4\">\n");
    for f in &model.flights {
        write_path(&mut s, &cols, f, y_of, end_y, run.sim.now());
    }
    s.raw("</g>\n");

    // States, notes and labels (over the lines, with a white halo).
    s.raw("<g class=\"notes\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\n");
    for (i, e) in events.iter().enumerate() {
        let y = y_of(i);
        match &e.kind {
            TraceKind::State { side, to, .. } => {
                s.raw("<g stroke=\"none\">\n");
                s.state_box(*side, cols.lane(*side), y, to.name());
                s.raw("</g>\n");
            }
            TraceKind::Send { .. }
            | TraceKind::Duplicate { .. }
            | TraceKind::Inject { .. }
            | TraceKind::OldDuplicate { .. } => {
                if let Some(f) = model.flight_of[i] {
                    let fl = &model.flights[f];
                    write_label(&mut s, &cols, fl, &labels[f], y);
                }
            }
            TraceKind::Arrive {
                seg,
                verdict: Some(v),
            } if *v != Verdict::Accepted => {
                let to = seg.to();
                let (x, anchor) = match to {
                    Side::Client => (cols.client + cols.box_half + 6, "start"),
                    Side::Server => (cols.server - cols.box_half - 6, "end"),
                };
                let extra = alloc::format!("fill=\"{MUTED}\" font-style=\"italic\"");
                s.text(x, y + 4, anchor, &extra, verdict_label(*v, lang));
            }
            _ => {}
        }
        if let Some(n) = fault_note(e, lang) {
            if let Some(f) = model.flight_of[i] {
                let fl = &model.flights[f];
                let x = cols.at(fl.seg.from, fl.position_at_event(i));
                // On the side with more room; a copy's label is on the side away from its
                // sender, so its note goes on the other.
                let copy_label_after = match (fl.seg.from, &e.kind) {
                    (Side::Client, TraceKind::Duplicate { .. }) => Some(true),
                    (Side::Server, TraceKind::Duplicate { .. }) => Some(false),
                    _ => None,
                };
                let (tx, anchor) = if copy_label_after.unwrap_or(x - cols.client > cols.server - x)
                {
                    (x - 10, "end")
                } else {
                    (x + 10, "start")
                };
                s.text(tx, y + 4, anchor, "", &n);
            }
        }
        if let Some(n) = link_note(e, lang) {
            s.text(
                (cols.client + cols.server) / 2,
                y + 4,
                "middle",
                "font-style=\"italic\"",
                &n,
            );
        }
        if let (Some(side), Some(n)) = (e.kind.side(), side_note(e, run)) {
            let (x, anchor) = match side {
                Side::Client => (cols.note_x(side), "end"),
                Side::Server => (cols.note_x(side), "start"),
            };
            let extra = match e.kind {
                TraceKind::State { .. } => alloc::format!("fill=\"{MUTED}\" font-style=\"italic\""),
                TraceKind::Call { .. } => {
                    alloc::format!("font-family=\"{FONT_MONO}\" font-weight=\"bold\"")
                }
                _ => alloc::format!("fill=\"{MUTED}\""),
            };
            s.text(x, y + 4, anchor, &extra, &n);
        }
    }
    s.raw("</g>\n");

    // The legend and the footer.
    write_legend(&mut s, &legend, &legend_rows, legend_top);
    let footer = footer(run);
    let extra = alloc::format!("font-size=\"{}\" fill=\"{MUTED}\"", FS - 1);
    s.text(MARGIN, footer_y, "start", &extra, &footer);
    s.raw("</svg>\n");
    s.out
}

fn axis_title(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "time",
        Lang::Ko => "시각",
    }
}

/// `text` in lines no wider than `px` at `fs`.
fn wrap_px(text: &str, px: i32, fs: i32) -> Vec<String> {
    // `wrap` counts columns (Hangul two); a column is about 0.6 em of the sans font.
    let columns = (px * 100 / (fs * 62)).max(10) as usize;
    let mut lines = Vec::new();
    for para in text.split('\n') {
        lines.extend(wrap(para, columns));
    }
    lines
}

impl Flight {
    /// Where the segment is at event `i` (one of its own events).
    fn position_at_event(&self, i: usize) -> f64 {
        self.path.iter().find(|v| v.event == i).map_or(0.0, |v| v.x)
    }
}

/// A segment's line from where it left to where it arrived or was lost.
fn write_path(
    s: &mut Svg,
    cols: &Columns,
    f: &Flight,
    y_of: impl Fn(usize) -> i32,
    end_y: i32,
    now: Instant,
) {
    let (color, head, dash) = match f.seg.from {
        // A hand-made segment is dotted: no endpoint sent it (the ladder's ╌).
        Side::Client if f.seg.id.injected => (CLIENT, "hl-head-client", INJECTED_DASH),
        Side::Server if f.seg.id.injected => (SERVER, "hl-head-server", INJECTED_DASH),
        Side::Client => (CLIENT, "hl-head-client", ""),
        Side::Server => (SERVER, "hl-head-server", SERVER_DASH),
    };
    let mut d = String::new();
    for (k, v) in f.path.iter().enumerate() {
        let _ = write!(
            d,
            "{}{},{}",
            if k == 0 { "M" } else { " L" },
            cols.at(f.seg.from, v.x),
            y_of(v.event)
        );
    }
    if f.fate == Fate::Flying {
        // Still on the link when the run stopped: up to where it is now.
        let _ = write!(d, " L{},{end_y}", cols.at(f.seg.from, f.position(now)));
    }
    let _ = write!(s.out, "<path d=\"{d}\" stroke=\"{color}\"");
    if !dash.is_empty() {
        let _ = write!(s.out, " stroke-dasharray=\"{dash}\"");
    }
    if let Fate::Arrived { .. } = f.fate {
        let _ = write!(s.out, " marker-end=\"url(#{head})\"");
    }
    let _ = writeln!(s.out, " data-segment=\"{}\"/>", f.seg.id);
    if let Fate::Dropped { event, .. } = f.fate {
        let x = cols.at(f.seg.from, f.position_at_event(event));
        let y = y_of(event);
        let _ = writeln!(
            s.out,
            "<path d=\"M{},{}L{},{}M{},{}L{},{}\" stroke=\"{color}\" stroke-width=\"2.4\"/>",
            x - 6,
            y - 6,
            x + 6,
            y + 6,
            x - 6,
            y + 6,
            x + 6,
            y - 6
        );
    }
    for m in &f.marks {
        if let Mark::Held { event, .. } = m {
            let x = cols.at(f.seg.from, f.position_at_event(*event));
            let y = y_of(*event);
            let _ = writeln!(
                s.out,
                "<path d=\"M{},{}v8M{},{}v8\" stroke=\"{color}\" stroke-width=\"2\"/>",
                x - 3,
                y - 4,
                x + 3,
                y - 4
            );
        }
    }
}

/// A segment's label above where it starts: `↻` marks a retransmission.
fn write_label(s: &mut Svg, cols: &Columns, f: &Flight, label: &str, y: i32) {
    let x0 = cols.at(f.seg.from, f.path[0].x);
    let color = match f.seg.from {
        Side::Client => CLIENT,
        Side::Server => SERVER,
    };
    // Clear of the state boxes on the lanes.
    let pad = if f.seg.duplicate_of.is_some() {
        8
    } else {
        cols.box_half + 6
    };
    let w = text_w(label, LABEL_FS, true) + 16;
    let (x, anchor) = match f.seg.from {
        Side::Client if x0 + pad + w <= cols.server => (x0 + pad, "start"),
        Side::Client => (x0 - 8, "end"),
        Side::Server if x0 - pad - w >= cols.client => (x0 - pad, "end"),
        Side::Server => (x0 + 8, "start"),
    };
    let _ = write!(
        s.out,
        "<text x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\" class=\"label\" font-family=\"{FONT_MONO}\" font-size=\"{LABEL_FS}\" fill=\"{color}\" data-segment=\"{}\">",
        y - 5,
        f.seg.id
    );
    if f.seg.retransmission_of.is_some() {
        s.raw("<tspan font-weight=\"bold\">↻ </tspan>");
    }
    s.raw(&xml(label));
    s.raw("</text>\n");
}

// ----- the legend --------------------------------------------------------------------------

/// What a legend entry shows beside its text.
#[derive(Clone, Copy)]
enum Sample {
    ClientArrow,
    ServerArrow,
    Lost,
    Held,
    Rtx,
    Timer,
    TimerExpired,
    State,
    None,
}

const SAMPLE_W: i32 = 44;

fn legend_items(run: &Run<'_>) -> Vec<(Sample, String)> {
    let lang = run.lang;
    let t = |en: &str, ko: &str| -> String {
        match lang {
            Lang::En => en.to_string(),
            Lang::Ko => ko.to_string(),
        }
    };
    let numbers = match (run.absolute(), lang) {
        (false, Lang::En) => "Seq/Ack relative to each side's SYN, as Wireshark shows them",
        (false, Lang::Ko) => "Seq/Ack는 각자의 SYN에서 센 상대값(Wireshark처럼)",
        (true, Lang::En) => "Seq/Ack are the absolute numbers",
        (true, Lang::Ko) => "Seq/Ack는 절댓값",
    };
    let mut items = alloc::vec![
        (
            Sample::ClientArrow,
            t("segment from the client", "클라이언트가 보낸 세그먼트")
        ),
        (
            Sample::ServerArrow,
            t("segment from the server", "서버가 보낸 세그먼트")
        ),
        (Sample::Lost, t("lost on the link", "링크에서 유실")),
        (Sample::Held, t("held on the link", "링크에 붙잡힘")),
        (
            Sample::Rtx,
            t(
                "retransmission (rtx of C1: repeats C1)",
                "재전송(rtx of C1: C1을 다시 보냄)"
            )
        ),
        (Sample::State, t("state entered", "새로 들어간 상태")),
        (Sample::Timer, t("timer running", "동작 중인 타이머")),
        (Sample::TimerExpired, t("timer expired", "타이머 만료")),
        (
            Sample::None,
            t(
                "time runs down; ≈ marks a wait drawn shorter",
                "시간은 아래로 흐른다. ≈는 줄여 그린 기다림"
            )
        ),
        (Sample::None, numbers.to_string()),
    ];
    // Segments from the past, named by the ids the labels use.
    let trace = run.sim.trace();
    if let Some(TraceKind::Inject { seg, .. }) = trace
        .iter()
        .map(|e| &e.kind)
        .find(|k| matches!(k, TraceKind::Inject { .. }))
    {
        let id = seg.id;
        items.push((
            Sample::None,
            say(
                lang,
                alloc::format!("{id} (dotted): hand-made, sent by no endpoint"),
                alloc::format!("{id}(점선): 손으로 만든 세그먼트, 어느 끝점도 보내지 않음"),
            ),
        ));
    }
    if let Some(TraceKind::OldDuplicate { seg, age, .. }) = trace
        .iter()
        .map(|e| &e.kind)
        .find(|k| matches!(k, TraceKind::OldDuplicate { .. }))
    {
        let (id, of) = (seg.id, seg.duplicate_of.unwrap_or(seg.id));
        let age = format::duration(*age, lang);
        items.push((
            Sample::None,
            say(
                lang,
                alloc::format!("{id}: an old duplicate of {of}, {age} old"),
                alloc::format!("{id}: {age} 전에 떠난 {of}의 오래된 중복"),
            ),
        ));
    }
    items
}

/// The legend in rows that fit `width`: its height and, per item, `(row, x)`.
fn layout_legend(items: &[(Sample, String)], width: i32) -> (i32, Vec<(i32, i32)>) {
    let mut at = Vec::with_capacity(items.len());
    let (mut row, mut x) = (0, 0);
    for (sample, text) in items {
        let w = item_w(*sample, text);
        if x > 0 && x + w > width {
            row += 1;
            x = 0;
        }
        at.push((row, x));
        x += w + 22;
    }
    (ROW * (row + 1) + 6, at)
}

fn item_w(sample: Sample, text: &str) -> i32 {
    let lead = match sample {
        Sample::None => 0,
        _ => SAMPLE_W + 8,
    };
    lead + text_w(text, FS, false)
}

fn write_legend(s: &mut Svg, items: &[(Sample, String)], at: &[(i32, i32)], top: i32) {
    let rows = at.last().map_or(0, |a| a.0) + 1;
    let _ = writeln!(
        s.out,
        "<g class=\"legend\">\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{LIFELINE}\" stroke-width=\"0.8\" rx=\"4\"/>",
        MARGIN - 8,
        top - 14,
        at.iter()
            .zip(items)
            .map(|((_, x), (sm, t))| x + item_w(*sm, t))
            .max()
            .unwrap_or(0)
            + 16,
        rows * ROW + 12
    );
    for ((row, dx), (sample, text)) in at.iter().zip(items) {
        let x = MARGIN + dx;
        let y = top + row * ROW;
        let mid = y - 4;
        let x2 = x + SAMPLE_W;
        match sample {
            Sample::ClientArrow => {
                let _ = writeln!(
                    s.out,
                    "<line x1=\"{x}\" y1=\"{mid}\" x2=\"{x2}\" y2=\"{mid}\" stroke=\"{CLIENT}\" stroke-width=\"1.4\" marker-end=\"url(#hl-head-client)\"/>"
                );
            }
            Sample::ServerArrow => {
                let _ = writeln!(
                    s.out,
                    "<line x1=\"{x2}\" y1=\"{mid}\" x2=\"{x}\" y2=\"{mid}\" stroke=\"{SERVER}\" stroke-width=\"1.4\" stroke-dasharray=\"{SERVER_DASH}\" marker-end=\"url(#hl-head-server)\"/>"
                );
            }
            Sample::Lost => {
                let c = x + SAMPLE_W / 2;
                let _ = writeln!(
                    s.out,
                    "<path d=\"M{x},{mid}L{c},{mid}M{},{}L{},{}M{},{}L{},{}\" stroke=\"{INK}\" stroke-width=\"1.6\" fill=\"none\"/>",
                    c - 5,
                    mid - 5,
                    c + 5,
                    mid + 5,
                    c - 5,
                    mid + 5,
                    c + 5,
                    mid - 5
                );
            }
            Sample::Held => {
                let c = x + SAMPLE_W / 2;
                let _ = writeln!(
                    s.out,
                    "<path d=\"M{},{}v8M{},{}v8\" stroke=\"{INK}\" stroke-width=\"2\"/>",
                    c - 3,
                    mid - 4,
                    c + 3,
                    mid - 4
                );
            }
            Sample::Rtx => {
                s.text(x + SAMPLE_W / 2, y, "middle", "font-weight=\"bold\"", "↻");
            }
            Sample::State => {
                s.state_box(Side::Client, x + SAMPLE_W / 2, mid, "STATE");
            }
            Sample::Timer => {
                let _ = writeln!(
                    s.out,
                    "<line x1=\"{x}\" y1=\"{mid}\" x2=\"{x2}\" y2=\"{mid}\" stroke=\"{MUTED}\" stroke-width=\"3\"/>"
                );
            }
            Sample::TimerExpired => {
                let _ = writeln!(
                    s.out,
                    "<line x1=\"{x}\" y1=\"{mid}\" x2=\"{x2}\" y2=\"{mid}\" stroke=\"{MUTED}\" stroke-width=\"3\"/>\n<circle cx=\"{x2}\" cy=\"{mid}\" r=\"4\" fill=\"{INK}\"/>"
                );
            }
            Sample::None => {}
        }
        let tx = match sample {
            Sample::None => x,
            _ => x + SAMPLE_W + 8,
        };
        s.text(tx, y, "start", "", text);
    }
    s.raw("</g>\n");
}

fn footer(run: &Run<'_>) -> String {
    let seed = run.sim.scenario().seed;
    let end = format::instant(run.sim.now(), run.lang);
    match run.lang {
        Lang::En => alloc::format!(
            "Handshake Lab · seed {seed} · drawn up to {end} · drop this file on Handshake Lab to re-open the experiment"
        ),
        Lang::Ko => alloc::format!(
            "Handshake Lab · 시드 {seed} · {end}까지 그림 · 이 파일을 Handshake Lab에 끌어다 놓으면 실험이 다시 열린다"
        ),
    }
}

// ----- reading the experiment back ---------------------------------------------------------

/// Why an SVG does not re-open an experiment.
#[derive(Clone, Debug, PartialEq)]
pub enum SvgImportError {
    /// The file holds no Handshake Lab experiment (not one of our exports, or another tool
    /// stripped both copies of the link).
    NoExperiment,
    /// The experiment is there but its link does not open (a later format, a changed preset…):
    /// the error of the first copy of the link.
    Link(LinkError),
}

impl SvgImportError {
    /// The error in `lang`, one line (a [`LinkError`] is given in English: the app words it).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SvgImportError::NoExperiment, Lang::En) => String::from(
                "this SVG holds no Handshake Lab experiment (only SVGs exported by Handshake Lab do)",
            ),
            (SvgImportError::NoExperiment, Lang::Ko) => String::from(
                "이 SVG에는 Handshake Lab 실험이 들어 있지 않다(Handshake Lab에서 내보낸 SVG만 들어 있다)",
            ),
            (SvgImportError::Link(e), _) => alloc::format!("{e}"),
        }
    }
}

impl fmt::Display for SvgImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// The experiment embedded in an SVG that [`svg`] wrote, also after another tool re-saved it:
/// the link in the root's `data-handshake-lab-link` attribute (any quotes, spaces around `=`),
/// else the one in `<…:link>` of the metadata (any prefix, white space around it). The first
/// copy that opens wins.
pub fn svg_experiment(svg: &str) -> Result<Experiment, SvgImportError> {
    let mut first_error = None;
    for candidate in attribute_values(svg).chain(link_elements(svg)) {
        match link::decode(candidate) {
            Ok(e) => return Ok(e),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.map_or(SvgImportError::NoExperiment, SvgImportError::Link))
}

/// The values of every `data-handshake-lab-link` attribute.
fn attribute_values(svg: &str) -> impl Iterator<Item = &str> {
    svg.match_indices(LINK_ATTR).filter_map(move |(i, _)| {
        let rest = svg[i + LINK_ATTR.len()..].trim_start();
        let rest = rest.strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        Some(&value[..value.find(quote)?])
    })
}

/// The text of every `<link>` or `<prefix:link>` element.
fn link_elements(svg: &str) -> impl Iterator<Item = &str> {
    svg.match_indices("link>").filter_map(move |(i, _)| {
        let before = &svg[..i];
        let open = before.rfind('<')?;
        let name = &before[open + 1..];
        // `<link>` or `<hl:link>`, not `</hl:link>` nor `<hl:sidelink>`.
        let plain = name.is_empty() || (name.ends_with(':') && !name.starts_with('/'));
        if !plain || name.contains(|c: char| c.is_whitespace() || c == '>') {
            return None;
        }
        let text = &svg[i + "link>".len()..];
        Some(&text[..text.find('<')?])
    })
}
