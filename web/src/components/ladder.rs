//! The ladder: time flows down, the client's lifeline is the left edge, the server's the right
//! edge (`stage.rs`), and each segment is an arrow from its sender at its send time to its
//! receiver at its arrival, Stevens-style.
//!
//! Two layers. The history (arrows, labels, state changes, calls, finished timers) changes only
//! when something happens, so it is its own components ([`HistorySvg`], [`HistoryMarks`]) whose
//! props compare by identity and revision: they re-render per event, not per frame. The live
//! layer (the present's line, capsules of segments on the link, running timers, held segments)
//! is cheap and re-renders every frame. Positions are computed here from time — x in percent of
//! the wire's width, y in pixels from [`crate::timeline::TimeAxis`] — and never stored.

use std::rc::Rc;

use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::sim::{FaultSource, Side, TxId};
use handshake_core::{Instant, TimerKind};
use yew::prelude::*;

use crate::components::timers::backoff_steps;
use crate::i18n::{Lang, Msg, use_lang};
use crate::sim_handle::SimHandle;
use crate::state::Horizon;
use crate::timeline::{LadderModel, Motion, PathMark, SegPath, TimeAxis, TimerEnd, ms, screen_x};

/// Room above t = 0, so the first state change is not under the lane cards' edge.
pub const TOP: f64 = 34.0;
/// Room below the present.
const BOTTOM: f64 = 140.0;
/// A full label needs this much height to itself; closer ones get a short label.
const LABEL_GAP: f64 = 24.0;
/// A shortened label needs this much height to itself.
const SHORT_LABEL_GAP: f64 = 15.0;
/// Where a shortened label goes: this far along its arrow from the sender.
const NEAR_SENDER: f64 = 0.18;
/// Lane marks (state changes, calls) stack at least this far apart.
const MARK_GAP: f64 = 22.0;
/// Waits at least this long (ms) are labelled with their real length where the axis compresses
/// them.
const GAP_LABEL_MS: f64 = 300.0;
/// Capsules at one place pile up this far apart.
const CAPSULE_GAP: f64 = 26.0;

/// An `Rc` compared by identity, for props that must not be compared field by field each frame.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct LadderProps {
    pub sim: SimHandle,
    pub horizon: Shared<Horizon>,
    pub now: Instant,
    pub selected: Option<TxId>,
    pub absolute: bool,
    /// Capsules sit still in the middle of their flight instead of travelling.
    pub reduced_motion: bool,
    /// A segment was picked (clicked or tapped).
    pub onselect: Callback<Option<TxId>>,
}

/// The y of a time on the page.
fn y_of(axis: &TimeAxis, t: f64) -> f64 {
    TOP + axis.y_ms(t)
}

/// The ladder's total height: the present or the latest expected arrival, whichever is lower,
/// plus room.
pub fn ladder_height(model: &LadderModel, axis: &TimeAxis, now: Instant) -> f64 {
    let latest = model.active().map(|p| p.end().0).fold(ms(now), f64::max);
    y_of(axis, latest) + BOTTOM
}

#[function_component(Ladder)]
pub fn ladder(props: &LadderProps) -> Html {
    let lang = use_lang();
    let model = use_memo(props.sim.clone(), |sim| LadderModel::build(&sim.borrow()));
    let model = Shared(model);
    let axis = &props.horizon.axis;
    let height = ladder_height(&model, axis, props.now);
    let now_y = y_of(axis, ms(props.now));
    html! {
        <div class="ladder" style={format!("height: {height:.0}px")}>
            <svg class="ladder__svg wire" aria-hidden="true" width="100%" height={format!("{height:.0}")}>
                <defs>
                    { for [Side::Client, Side::Server].into_iter().map(|side| html! {
                        <marker id={format!("arrow-{}", side.name())} class={format!("ladder__head ladder__head--{}", side.name())}
                            viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0 0 L10 5 L0 10 z" />
                        </marker>
                    }) }
                </defs>
                <line class="wire__lifeline wire__lifeline--client" x1="0%" y1="0" x2="0%" y2="100%" />
                <line class="wire__lifeline wire__lifeline--server" x1="100%" y1="0" x2="100%" y2="100%" />
                <HistorySvg sim={props.sim.clone()} model={model.clone()} horizon={props.horizon.clone()}
                    selected={props.selected} onselect={props.onselect.clone()} />
                { live_svg(&model, axis, props.now) }
            </svg>
            <div class="ladder__overlay">
                <HistoryMarks sim={props.sim.clone()} model={model.clone()} horizon={props.horizon.clone()}
                    selected={props.selected} absolute={props.absolute} {lang} onselect={props.onselect.clone()} />
                { live_marks(&model, axis, props, lang) }
                <div class="ladder__now" style={format!("top: {now_y:.1}px")}>
                    <span class="ladder__now-time">{ format_time(props.now) }</span>
                </div>
            </div>
        </div>
    }
}

/// `0.35 s`, `12.6 s`.
pub fn format_time(t: Instant) -> String {
    let s = t.total_micros() as f64 / 1e6;
    if s < 10.0 {
        format!("{s:.2} s")
    } else {
        format!("{s:.1} s")
    }
}

/// `1 s`, `0.5 s`, `10 s` (durations of timers, exact).
pub fn format_secs(ms: f64) -> String {
    let s = ms / 1000.0;
    let text = format!("{s:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} s")
}

#[derive(Clone, PartialEq, Properties)]
pub struct HistoryProps {
    pub sim: SimHandle,
    pub model: Shared<LadderModel>,
    pub horizon: Shared<Horizon>,
    pub selected: Option<TxId>,
    #[prop_or_default]
    pub absolute: bool,
    #[prop_or(Lang::En)]
    pub lang: Lang,
    pub onselect: Callback<Option<TxId>>,
}

/// Classes of an arrow: its sender, and its kind told by shape (SYN thick, FIN double-dashed,
/// RST dotted, data thicker, retransmissions and copies dashed) as well as by its label.
fn arrow_classes(sim: &SimHandle, p: &SegPath) -> Classes {
    let sim = sim.borrow();
    let mut c = classes!("seg", format!("seg--{}", p.from.name()));
    if let Some(tx) = sim.transmissions().get(p.index) {
        let f = tx.segment.flags;
        if f.syn() {
            c.push("seg--syn");
        }
        if f.fin() {
            c.push("seg--fin");
        }
        if f.rst() {
            c.push("seg--rst");
        }
        if !tx.segment.payload.is_empty() {
            c.push("seg--data");
        }
        if tx.retransmission_of.is_some() {
            c.push("seg--rtx");
        }
        if tx.duplicate_of.is_some() {
            c.push("seg--copy");
        }
    }
    match p.motion {
        Motion::Moving { .. } => c.push("seg--flying"),
        Motion::Held { .. } => c.push("seg--held"),
        Motion::Dropped { .. } => c.push("seg--dropped"),
        Motion::Arrived { .. } => {}
    }
    c
}

fn pct(x: f64) -> String {
    format!("{:.3}%", x * 100.0)
}

/// The arrows of history: one per bundle, each leg a line (x in percent, so no measuring),
/// an arrowhead where it arrived, and a wide transparent line to click.
#[function_component(HistorySvg)]
pub fn history_svg(props: &HistoryProps) -> Html {
    let axis = &props.horizon.axis;
    let arrows = props.model.bundles.iter().map(|bundle| {
        let lead = &props.model.paths[bundle[0]];
        let pts = lead.polyline();
        let mut class = arrow_classes(&props.sim, lead);
        if props
            .selected
            .is_some_and(|s| bundle.iter().any(|&i| props.model.paths[i].id == s))
        {
            class.push("seg--selected");
        }
        let arrived = matches!(lead.motion, Motion::Arrived { .. });
        let flying = matches!(lead.motion, Motion::Moving { .. });
        let n = pts.len();
        let legs = pts.windows(2).enumerate().map(|(i, w)| {
            let ((t0, x0), (t1, x1)) = (w[0], w[1]);
            let last = i + 2 == n;
            let marker =
                (last && (arrived || flying)).then(|| format!("url(#arrow-{})", lead.from.name()));
            let leg_class = if last && flying {
                "seg__line seg__line--future"
            } else {
                "seg__line"
            };
            html! {
                <line class={leg_class}
                    x1={pct(screen_x(lead.from, x0))} y1={format!("{:.1}", y_of(axis, t0))}
                    x2={pct(screen_x(lead.from, x1))} y2={format!("{:.1}", y_of(axis, t1))}
                    marker-end={marker} />
            }
        });
        let hits = pts.windows(2).map(|w| {
            let ((t0, x0), (t1, x1)) = (w[0], w[1]);
            let id = lead.id;
            let onselect = props.onselect.clone();
            html! {
                <line class="seg__hit"
                    x1={pct(screen_x(lead.from, x0))} y1={format!("{:.1}", y_of(axis, t0))}
                    x2={pct(screen_x(lead.from, x1))} y2={format!("{:.1}", y_of(axis, t1))}
                    onclick={Callback::from(move |_: MouseEvent| onselect.emit(Some(id)))} />
            }
        });
        html! {
            <g key={lead.id.to_string()} {class} data-tx={lead.id.to_string()}>
                { for legs }
                { for hits }
            </g>
        }
    });
    html! { <g class="ladder__history">{ for arrows }</g> }
}

/// The label of a bundle's arrow, split so narrow screens can hide the numbers: id(s),
/// retransmission / copy badge, `[FLAGS]`, `Seq=… Ack=… Win=… Len=…`.
struct Label {
    ids: String,
    flags: String,
    numbers: String,
}

fn label_of(
    sim: &SimHandle,
    model: &LadderModel,
    bundle: &[usize],
    absolute: bool,
) -> Option<Label> {
    let sim = sim.borrow();
    let lead = &model.paths[bundle[0]];
    let tx = sim.transmissions().get(lead.index)?;
    let info = tx.info();
    let full = segment_label(&info, LadderOptions { absolute });
    // `C2 (rtx of C1) [SYN] Seq=0 …`: the id and the retransmission note are drawn as badges.
    let rest = full.split_once('[').map_or("", |(_, r)| r);
    let (flags, numbers) = rest.split_once(']').unwrap_or((rest, ""));
    let ids = if bundle.len() > 1 {
        let last = &model.paths[*bundle.last()?];
        format!("{}–{} ×{}", lead.id, last.id, bundle.len())
    } else {
        lead.id.to_string()
    };
    Some(Label {
        ids,
        flags: format!("[{flags}]"),
        numbers: numbers.trim().to_owned(),
    })
}

/// A point `f` of the way along a path's first leg that moves (`0.5`: where its label goes).
fn label_anchor(p: &SegPath, f: f64) -> (f64, f64) {
    let pts = p.polyline();
    let leg = pts
        .windows(2)
        .find(|w| w[0].1 != w[1].1)
        .unwrap_or(&pts[..pts.len().min(2)]);
    match leg {
        [a, b] => (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f),
        [a] => *a,
        _ => (p.start(), 0.0),
    }
}

/// The labels, lane marks and fault marks of history (HTML over the SVG: text renders and wraps
/// better, and labels are buttons a keyboard can reach).
#[function_component(HistoryMarks)]
pub fn history_marks(props: &HistoryProps) -> Html {
    let lang = props.lang;
    let axis = &props.horizon.axis;
    let model = &props.model;
    let sim = &props.sim;

    // Segment labels, by height. A label that would sit on another one (segments that cross,
    // or leave close together) is shortened and moved near its sender, where the arrows part;
    // if even that is taken it is left out (selecting the arrow shows it in the inspector).
    let mut anchored: Vec<(f64, &Vec<usize>)> = model
        .bundles
        .iter()
        .map(|b| (y_of(axis, label_anchor(&model.paths[b[0]], 0.5).0), b))
        .collect();
    anchored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut placed: Vec<f64> = Vec::new();
    let free = |placed: &[f64], y: f64, gap: f64| placed.iter().all(|p| (p - y).abs() >= gap);
    let mut labels = Vec::new();
    for (y_mid, bundle) in anchored {
        let lead = &model.paths[bundle[0]];
        let selected = props
            .selected
            .is_some_and(|s| bundle.iter().any(|&i| model.paths[i].id == s));
        let near = label_anchor(lead, NEAR_SENDER);
        let y_near = y_of(axis, near.0);
        let (y, f, size) = if selected || free(&placed, y_mid, LABEL_GAP) {
            (y_mid, 0.5, "full")
        } else if free(&placed, y_near, SHORT_LABEL_GAP) {
            (y_near, NEAR_SENDER, "short")
        } else {
            continue;
        };
        placed.push(y);
        let x = screen_x(lead.from, label_anchor(lead, f).1);
        let Some(label) = label_of(sim, model, bundle, props.absolute) else {
            continue;
        };
        let (rtx, copy) = {
            let s = sim.borrow();
            let tx = s.transmissions().get(lead.index);
            (
                tx.and_then(|t| t.retransmission_of),
                tx.and_then(|t| t.duplicate_of),
            )
        };
        let id = lead.id;
        let onselect = props.onselect.clone();
        let class = classes!(
            "seg-label",
            format!("seg-label--{}", lead.from.name()),
            format!("seg-label--{size}"),
            selected.then_some("seg-label--selected"),
            (!lead.is_active()).then_some("seg-label--past"),
        );
        labels.push(html! {
            <button type="button" key={id.to_string()} {class} data-tx={id.to_string()}
                style={format!("left: {:.3}%; top: {y:.1}px", x * 100.0)}
                aria-pressed={selected.to_string()}
                onclick={Callback::from(move |_: MouseEvent| onselect.emit(Some(id)))}>
                <span class="seg-label__id">{ &label.ids }</span>
                if let Some(orig) = rtx {
                    <span class="seg-label__badge seg-label__badge--rtx">{ "↻ " }{ Msg::RetransmissionOf.text(lang) }{ " " }{ orig.to_string() }</span>
                }
                if let Some(orig) = copy {
                    <span class="seg-label__badge seg-label__badge--copy">{ "2× " }{ Msg::CopyOf.text(lang) }{ " " }{ orig.to_string() }</span>
                }
                <span class="seg-label__flags">{ &label.flags }</span>
                if size == "full" {
                    <span class="seg-label__numbers">{ &label.numbers }</span>
                }
            </button>
        });
    }

    // Where faults happened: ✕ where a segment was lost, delays, holds and releases.
    let mut fault_marks = Vec::new();
    for bundle in &model.bundles {
        let p = &model.paths[bundle[0]];
        let side = p.from.name();
        if let Motion::Dropped { t, x, reason } = p.motion {
            let why = match reason {
                FaultSource::User => Msg::LostByUser,
                FaultSource::Rule => Msg::LostByScenario,
                FaultSource::RandomLoss => Msg::LostRandomly,
            };
            fault_marks.push(html! {
                <span class={classes!("ladder__drop", format!("ladder__drop--{side}"))}
                    style={format!("left: {:.3}%; top: {:.1}px", screen_x(p.from, x) * 100.0, y_of(axis, t))}
                    title={why.text(lang)}>
                    <span class="ladder__drop-x" aria-hidden="true">{ "✕" }</span>
                    <span class="ladder__drop-text">{ format!("{} ", p.id) }{ Msg::Lost.text(lang) }</span>
                </span>
            });
        }
        for mark in &p.marks {
            let (t, x, text) = match *mark {
                PathMark::Delayed { t, x, by } => (
                    t,
                    x,
                    format!(
                        "+{} {}",
                        format_secs(by.total_micros() as f64 / 1000.0),
                        Msg::Delayed.text(lang)
                    ),
                ),
                PathMark::Held { t, x } => (t, x, format!("‖ {}", Msg::Held.text(lang))),
                PathMark::Released { t, x } => (t, x, format!("▶ {}", Msg::Released.text(lang))),
            };
            fault_marks.push(html! {
                <span class="ladder__fault"
                    style={format!("left: {:.3}%; top: {:.1}px", screen_x(p.from, x) * 100.0, y_of(axis, t))}>
                    { text }
                </span>
            });
        }
    }

    // Calls and state changes on their lifeline, in the order they happened, each side
    // stacked so that marks of one instant do not cover each other.
    let mut lane_marks = Vec::new();
    for side in Side::BOTH {
        let mut marks: Vec<(f64, usize, Html)> = Vec::new();
        for (i, c) in model
            .calls
            .iter()
            .enumerate()
            .filter(|(_, c)| c.side == side)
        {
            let refused = c.error.is_some();
            marks.push((c.t, 2 * i, html! {
                <span class={classes!("call-mark", format!("call-mark--{}", side.name()), refused.then_some("call-mark--refused"))}
                    title={c.error.map(|e| format!("error: {e}"))}>
                    { format!("{}()", c.call) }
                    if refused { { " ✕" } }
                </span>
            }));
        }
        for (i, m) in model
            .states
            .iter()
            .enumerate()
            .filter(|(_, m)| m.side == side)
        {
            marks.push((
                m.t,
                2 * i + 1,
                html! {
                    <span class={classes!("lane-mark", format!("lane-mark--{}", side.name()))}
                        title={format!("{} → {}", m.from.name(), m.to.name())}>
                        { m.to.name() }
                    </span>
                },
            ));
        }
        // A call comes before the state change it causes (the trace's order).
        marks.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut last = f64::NEG_INFINITY;
        for (t, _, mark) in marks {
            let y = y_of(axis, t).max(last + MARK_GAP);
            last = y;
            lane_marks.push(html! {
                <span class={classes!("lane-slot", format!("lane-slot--{}", side.name()))} style={format!("top: {y:.1}px")}>
                    { mark }
                </span>
            });
        }
    }

    // Timers that have ended: a bar beside the lifeline from start to end.
    let timers = model.timers.iter().filter_map(|span| {
        let (end, how) = span.end?;
        Some(timer_bar(
            axis,
            span.side,
            span.kind,
            span.start,
            end,
            span.deadline,
            span.backoff,
            span.restarted,
            Some(how),
            lang,
        ))
    });

    html! {
        <>
            { for timers }
            { for lane_marks }
            { for labels }
            { for fault_marks }
        </>
    }
}

/// A timer's run as a bar beside its lifeline: `start` to `until`; the label names it and its
/// length (the RTO with its backoff, or 2·MSL).
#[allow(clippy::too_many_arguments)]
fn timer_bar(
    axis: &TimeAxis,
    side: Side,
    kind: TimerKind,
    start: f64,
    until: f64,
    deadline: f64,
    backoff: u8,
    restarted: bool,
    end: Option<TimerEnd>,
    lang: Lang,
) -> Html {
    let y0 = y_of(axis, start);
    let y1 = y_of(axis, until).max(y0 + 2.0);
    let mut text = match kind {
        TimerKind::Retransmission => format!("RTO {}", backoff_steps(deadline - start, backoff, 4)),
        TimerKind::TimeWait => format!("2·MSL {}", format_secs(deadline - start)),
        TimerKind::FinWait2 => format!("FIN-WAIT-2 {}", format_secs(deadline - start)),
    };
    if restarted {
        text = format!("↺ {text}");
    }
    let how = match end {
        Some(TimerEnd::Fired) => "fired",
        Some(TimerEnd::Cancelled) => "cancelled",
        Some(TimerEnd::Restarted) => "restarted",
        None => "running",
    };
    let title = match end {
        Some(TimerEnd::Fired) => Msg::TimerFired.text(lang),
        Some(TimerEnd::Cancelled) => Msg::TimerCancelled.text(lang),
        Some(TimerEnd::Restarted) => Msg::TimerRestarted.text(lang),
        None => Msg::TimerRunning.text(lang),
    };
    html! {
        <span class={classes!("timer-span", format!("timer-span--{}", side.name()), format!("timer-span--{how}"),
                format!("timer-span--{}", kind.name()))}
            style={format!("top: {y0:.1}px; height: {:.1}px", y1 - y0)} title={title}>
            <span class="timer-span__label">{ text }</span>
        </span>
    }
}

/// Per frame, in the SVG: held segments waiting where they were parked.
fn live_svg(model: &LadderModel, axis: &TimeAxis, now: Instant) -> Html {
    let now_ms = ms(now);
    let held = model.bundles.iter().filter_map(|b| {
        let p = &model.paths[b[0]];
        let Motion::Held { t, x } = p.motion else { return None };
        let x = pct(screen_x(p.from, x));
        Some(html! {
            <line class={format!("seg__held seg__held--{}", p.from.name())}
                x1={x.clone()} y1={format!("{:.1}", y_of(axis, t))} x2={x} y2={format!("{:.1}", y_of(axis, now_ms))} />
        })
    });
    html! { <g class="ladder__live">{ for held }</g> }
}

/// Per frame, in HTML: capsules of the segments on the link and the running timers.
fn live_marks(model: &LadderModel, axis: &TimeAxis, props: &LadderProps, lang: Lang) -> Html {
    let now = ms(props.now);
    let timers = model.timers.iter().filter(|s| s.end.is_none()).map(|span| {
        html! {
            <>
                { timer_bar(axis, span.side, span.kind, span.start, now.min(span.deadline), span.deadline, span.backoff, span.restarted, None, lang) }
                <span class={classes!("timer-span", "timer-span--left", format!("timer-span--{}", span.side.name()))}
                    style={format!("top: {:.1}px; height: {:.1}px", y_of(axis, now), (y_of(axis, span.deadline) - y_of(axis, now)).max(0.0))} />
            </>
        }
    });
    // Capsules that would sit on one another (segments sent together) are piled downwards.
    let mut placed: Vec<(f64, f64)> = Vec::new();
    let capsules = model.bundles.iter().filter_map(|bundle| {
        let lead = &model.paths[bundle[0]];
        if !lead.is_active() {
            return None;
        }
        let chosen = props
            .selected
            .and_then(|s| bundle.iter().map(|&i| &model.paths[i]).find(|p| p.id == s));
        let shown = chosen.unwrap_or(lead);
        let (t, x) = match lead.motion {
            Motion::Moving { t0, arrival, .. } if props.reduced_motion => {
                let mid = (t0 + arrival) / 2.0;
                (mid, lead.position(mid))
            }
            Motion::Held { x, .. } => (now, x),
            _ => (now, lead.position(now)),
        };
        let held = matches!(lead.motion, Motion::Held { .. });
        let (sx, mut sy) = (screen_x(lead.from, x) * 100.0, y_of(axis, t));
        while placed.iter().any(|&(px, py)| (px - sx).abs() < 6.0 && (py - sy).abs() < CAPSULE_GAP) {
            sy += CAPSULE_GAP;
        }
        placed.push((sx, sy));
        let (flags, copy, rtx) = {
            let sim = props.sim.borrow();
            sim.transmissions()
                .get(shown.index)
                .map(|tx| {
                    (
                        tx.segment.flags.to_string(),
                        tx.duplicate_of.is_some(),
                        tx.retransmission_of.is_some(),
                    )
                })
                .unwrap_or_default()
        };
        let count = (bundle.len() > 1).then(|| format!(" ×{}", bundle.len()));
        let id = shown.id;
        let onselect = props.onselect.clone();
        let label = format!(
            "{id} {flags}{} — {}",
            count.clone().unwrap_or_default(),
            if held { Msg::CapsuleHeldHint.text(lang) } else { Msg::CapsuleHint.text(lang) }
        );
        Some(html! {
            <button type="button" key={format!("cap-{}", lead.id)}
                class={classes!("capsule", format!("capsule--{}", lead.from.name()),
                    chosen.is_some().then_some("capsule--selected"), held.then_some("capsule--held"))}
                style={format!("left: {sx:.3}%; top: {sy:.1}px")}
                data-tx={id.to_string()} aria-label={label}
                onclick={Callback::from(move |_: MouseEvent| onselect.emit(Some(id)))}>
                if held { <span class="capsule__held" aria-hidden="true">{ "‖ " }</span> }
                if copy { <span class="capsule__mark" aria-hidden="true">{ "2×" }</span> }
                if rtx { <span class="capsule__mark" aria-hidden="true">{ "↻" }</span> }
                <span class="capsule__id">{ id.to_string() }</span>
                <span class="capsule__flags">{ flags }</span>
                if let Some(c) = count { <span class="capsule__count">{ c }</span> }
            </button>
        })
    });
    // Waits drawn shorter than they lasted say how long they were.
    let gaps = axis.idle_gaps(GAP_LABEL_MS, now).into_iter().map(|(a, b)| {
        let y = (y_of(axis, a) + y_of(axis, b)) / 2.0;
        html! {
            <span class="ladder__gap" style={format!("top: {y:.1}px")}
                title={Msg::GapHint.text(lang)}>
                { format!("≈ {}", format_secs(b - a)) }
            </span>
        }
    });
    html! {
        <>
            { for gaps }
            { for timers }
            { for capsules }
        </>
    }
}
