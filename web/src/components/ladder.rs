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
//!
//! **Culling.** A long session's history is thousands of timer spans, marks and arrows, most of
//! them far above the view. The stage passes the [`Band`] it shows (from the scroll position, or
//! from the present while following it); history is laid out in full (where every label and lane
//! mark goes depends on its neighbours, so scrolling never changes it) but only what falls in the
//! band is put in the page. Scrolling to another band draws that part.

use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::sim::{FaultSource, Side, TxId};
use handshake_core::{Instant, TimerKind};
use yew::prelude::*;

use crate::components::timers::timer_short;
use crate::i18n::{Lang, Msg, use_lang};
use crate::lab::Horizon;
use crate::shared::Shared;
use crate::sim_handle::SimHandle;
use crate::timeline::{
    Band, LadderModel, Motion, PathMark, SegPath, TimeAxis, TimerEnd, TimerSpan, ms, screen_x,
};
use handshake_explain::errors::call_error;
use handshake_explain::format::{clock, format_secs, offset};

/// Room above t = 0, so the first state change is not under the lane cards' edge.
pub const TOP: f64 = 34.0;
/// Room below the present.
const BOTTOM: f64 = 140.0;
/// The ladder's height grows in steps of this many pixels.
const HEIGHT_STEP: f64 = 256.0;
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
/// Finished runs of a timer drawn shorter than this (less than its label) that follow each other
/// by restarts are drawn as one bar.
const MERGE_BELOW: f64 = 12.0;

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
    /// The part of the history to put in the page (the stage's view and a screen around it).
    #[prop_or(Band::EVERYTHING)]
    pub band: Band,
    /// Fitting the whole run: the ladder is exactly this tall (the axis is shrunk to fit).
    #[prop_or_default]
    pub fit_height: Option<f64>,
    /// More marks over the ladder, drawn on its axis (issue 13's crashes and divergence line).
    #[prop_or_default]
    pub overlay: Option<Callback<Shared<Horizon>, Html>>,
}

/// The y of a time on the page.
fn y_of(axis: &TimeAxis, t: f64) -> f64 {
    TOP + axis.y_ms(t)
}

/// The ladder's total height: the present or the latest expected arrival (`latest_end`, ms),
/// whichever is lower, plus room, rounded up to a multiple of [`HEIGHT_STEP`]. The ladder grows
/// as time passes, and every change of its height lays out the SVG (whose lines are placed in
/// percent) and the stage's grid again: in steps, that is every few seconds, not every frame.
pub fn ladder_height(latest_end: f64, axis: &TimeAxis, now: Instant) -> f64 {
    let needed = y_of(axis, latest_end.max(ms(now))) + BOTTOM;
    (needed / HEIGHT_STEP).ceil() * HEIGHT_STEP
}

/// What of a model moves from frame to frame, found once per revision so that a frame does not
/// search the whole history for it.
#[derive(Debug, Default, PartialEq)]
pub struct Live {
    /// The latest end of a path still on the link (its expected arrival, or where it is held).
    pub latest_end: f64,
    /// Bundles whose lead is on the link (moving or held), in order.
    pub bundles: Vec<usize>,
    /// Timer runs still going (indices into `LadderModel::timers`).
    pub timers: Vec<usize>,
}

impl Live {
    pub fn of(model: &LadderModel) -> Live {
        Live {
            latest_end: model
                .active()
                .map(|p| p.end().0)
                .fold(f64::NEG_INFINITY, f64::max),
            bundles: (0..model.bundles.len())
                .filter(|&b| model.paths[model.bundles[b][0]].is_active())
                .collect(),
            timers: (0..model.timers.len())
                .filter(|&i| model.timers[i].end.is_none())
                .collect(),
        }
    }
}

#[function_component(Ladder)]
pub fn ladder(props: &LadderProps) -> Html {
    let lang = use_lang();
    let model = use_memo(props.sim.clone(), |sim| LadderModel::build(&sim.borrow()));
    let live = use_memo(Shared(model.clone()), |model| Live::of(model));
    let model = Shared(model);
    let axis = &props.horizon.axis;
    let height = props
        .fit_height
        .unwrap_or_else(|| ladder_height(live.latest_end, axis, props.now));
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
                    selected={props.selected} onselect={props.onselect.clone()} band={props.band} />
                { live_svg(&model, &live, axis, props.now) }
            </svg>
            <div class="ladder__overlay">
                <HistoryMarks sim={props.sim.clone()} model={model.clone()} horizon={props.horizon.clone()}
                    selected={props.selected} absolute={props.absolute} {lang} onselect={props.onselect.clone()}
                    band={props.band} />
                { live_marks(&model, &live, axis, props, lang) }
                { props.overlay.as_ref().map(|o| o.emit(props.horizon.clone())).unwrap_or_default() }
                <div class="ladder__now" style={format!("transform: translateY({now_y:.1}px)")}>
                    <span class="ladder__now-time">{ clock(props.now, lang) }</span>
                </div>
            </div>
        </div>
    }
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
    #[prop_or(Band::EVERYTHING)]
    pub band: Band,
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

/// Where a capsule is drawn (x in percent of the wire, y in pixels), as a transform: it moves
/// every frame, and a moved transform is redrawn by the compositor without laying out or
/// repainting the page (`left`/`top` would do both). `cqw` is a percent of the ladder's width
/// (`.ladder` is a size container, ladder.css), the same as `left: x%`.
pub fn capsule_at(x_percent: f64, y: f64) -> String {
    format!("transform: translate(calc({x_percent:.3}cqw - 50%), calc({y:.1}px - 50%))")
}

fn pct(x: f64) -> String {
    format!("{:.3}%", x * 100.0)
}

/// The arrows of history: one per bundle, each leg a line (x in percent, so no measuring),
/// an arrowhead where it arrived, and a wide transparent line to click.
#[function_component(HistorySvg)]
pub fn history_svg(props: &HistoryProps) -> Html {
    let axis = &props.horizon.axis;
    let arrows = props.model.bundles.iter().filter_map(|bundle| {
        let lead = &props.model.paths[bundle[0]];
        let pts = lead.polyline();
        // Points are in time order: the first and the last bound the arrow vertically.
        let (first, last) = (pts.first()?.0, pts.last()?.0);
        if !props.band.overlaps(y_of(axis, first), y_of(axis, last)) {
            return None;
        }
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
        Some(html! {
            <g key={lead.id.to_string()} {class} data-tx={lead.id.to_string()}>
                { for legs }
                { for hits }
            </g>
        })
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

/// How much room a segment label gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSize {
    /// Flags and numbers, at the middle of its arrow.
    Full,
    /// Flags only, near its sender, where crossing arrows part.
    Short,
}

impl LabelSize {
    fn name(self) -> &'static str {
        match self {
            LabelSize::Full => "full",
            LabelSize::Short => "short",
        }
    }
}

/// Where segment labels go, top to bottom. Each candidate is `(y at its arrow's middle, y near
/// its sender, selected)`; a label takes the middle if no label placed so far is within
/// [`LABEL_GAP`] of it (or if it is selected), else the place near its sender if none is within
/// [`SHORT_LABEL_GAP`], else it is left out (selecting the arrow shows it in the inspector).
/// Candidates are taken in order of their middles (ties in the given order); the result is in the
/// given order. Placed labels are kept sorted, so each check is a binary search, not a scan.
pub fn place_labels(candidates: &[(f64, f64, bool)]) -> Vec<Option<(f64, LabelSize)>> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[a].0.total_cmp(&candidates[b].0));
    let mut placed: Vec<f64> = Vec::with_capacity(candidates.len());
    let free = |placed: &[f64], y: f64, gap: f64| {
        // No placed label in (y - gap, y + gap).
        let from = placed.partition_point(|&p| p <= y - gap);
        placed.get(from).is_none_or(|&p| p >= y + gap)
    };
    let mut out = vec![None; candidates.len()];
    for i in order {
        let (y_mid, y_near, selected) = candidates[i];
        let (y, size) = if selected || free(&placed, y_mid, LABEL_GAP) {
            (y_mid, LabelSize::Full)
        } else if free(&placed, y_near, SHORT_LABEL_GAP) {
            (y_near, LabelSize::Short)
        } else {
            continue;
        };
        let at = placed.partition_point(|&p| p < y);
        placed.insert(at, y);
        out[i] = Some((y, size));
    }
    out
}

/// Marks on one lifeline, in the order they happened (`(t, y)` sorted by time and trace order),
/// stacked downwards so that none is closer than `gap` to the one above it: their y.
pub fn stack_marks(ys: impl IntoIterator<Item = f64>, gap: f64) -> Vec<f64> {
    let mut last = f64::NEG_INFINITY;
    ys.into_iter()
        .map(|y| {
            let y = y.max(last + gap);
            last = y;
            y
        })
        .collect()
}

/// Finished timer runs as bars: `(first, last, y0, y1)`, `first..=last` indices into `spans`.
/// A run that a restart ended is drawn together with the next run of the same timer when both
/// are shorter than [`MERGE_BELOW`] pixels and say the same (a retransmission timer restarted by
/// every ACK of a bulk transfer): one bar with one label, where separate ones would print the
/// same label over itself dozens of times. Runs still going are left out (drawn per frame).
pub fn timer_bars(spans: &[TimerSpan], axis: &TimeAxis) -> Vec<(usize, usize, f64, f64)> {
    let says = |s: &TimerSpan| {
        (
            s.side,
            s.kind,
            (s.deadline - s.start).to_bits(),
            s.backoff,
            s.restarted,
        )
    };
    let mut bars: Vec<(usize, usize, f64, f64)> = Vec::new();
    // The bar each timer's last finished run went into.
    let mut open: Vec<((Side, TimerKind), usize)> = Vec::new();
    for (i, span) in spans.iter().enumerate() {
        let Some((end, _)) = span.end else { continue };
        let (y0, y1) = (y_of(axis, span.start), y_of(axis, end));
        let key = (span.side, span.kind);
        let slot = open.iter().position(|(k, _)| *k == key);
        let joins = slot.map(|s| open[s].1).filter(|&b| {
            let prev = &spans[bars[b].1];
            let prev_height = y_of(axis, span.start) - y_of(axis, prev.start);
            prev.end == Some((span.start, TimerEnd::Restarted))
                && says(prev) == says(span)
                && prev_height < MERGE_BELOW
                && y1 - y0 < MERGE_BELOW
        });
        let b = match joins {
            Some(b) => {
                bars[b].1 = i;
                bars[b].3 = y1;
                b
            }
            None => {
                bars.push((i, i, y0, y1));
                bars.len() - 1
            }
        };
        match slot {
            Some(s) => open[s].1 = b,
            None => open.push((key, b)),
        }
    }
    bars
}

/// A call or a state change on a lane.
#[derive(Clone, Copy, Debug, PartialEq)]
enum LaneMark {
    /// Index into `LadderModel::calls`.
    Call(usize),
    /// Index into `LadderModel::states`.
    State(usize),
}

/// Where the history's labels and lane marks go: laid out over the whole history (each depends
/// on the ones before it), once per model, axis and selection; drawn only in the band.
#[derive(Debug, PartialEq)]
struct MarksLayout {
    /// `(bundle index, y, size)`, in bundle order.
    labels: Vec<(usize, f64, LabelSize)>,
    /// `(side, y, mark)`, each side's marks top to bottom.
    lanes: Vec<(Side, f64, LaneMark)>,
    /// Finished timers' bars ([`timer_bars`]).
    timers: Vec<(usize, usize, f64, f64)>,
}

impl MarksLayout {
    fn build(model: &LadderModel, axis: &TimeAxis, selected: Option<TxId>) -> MarksLayout {
        let candidates: Vec<(f64, f64, bool)> = model
            .bundles
            .iter()
            .map(|b| {
                let lead = &model.paths[b[0]];
                let selected = selected.is_some_and(|s| b.iter().any(|&i| model.paths[i].id == s));
                (
                    y_of(axis, label_anchor(lead, 0.5).0),
                    y_of(axis, label_anchor(lead, NEAR_SENDER).0),
                    selected,
                )
            })
            .collect();
        let labels = place_labels(&candidates)
            .into_iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|(y, size)| (i, y, size)))
            .collect();
        let mut lanes = Vec::new();
        for side in Side::BOTH {
            let mut marks: Vec<(f64, usize, LaneMark)> = Vec::new();
            for (i, c) in model
                .calls
                .iter()
                .enumerate()
                .filter(|(_, c)| c.side == side)
            {
                marks.push((c.t, 2 * i, LaneMark::Call(i)));
            }
            for (i, m) in model
                .states
                .iter()
                .enumerate()
                .filter(|(_, m)| m.side == side)
            {
                marks.push((m.t, 2 * i + 1, LaneMark::State(i)));
            }
            // A call comes before the state change it causes (the trace's order).
            marks.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let ys = stack_marks(marks.iter().map(|m| y_of(axis, m.0)), MARK_GAP);
            lanes.extend(marks.iter().zip(ys).map(|(m, y)| (side, y, m.2)));
        }
        MarksLayout {
            labels,
            lanes,
            timers: timer_bars(&model.timers, axis),
        }
    }
}

/// The labels, lane marks, fault marks, finished timers and compressed waits of history (HTML
/// over the SVG: text renders and wraps better, and labels are buttons a keyboard can reach);
/// only those in the band are put in the page.
#[function_component(HistoryMarks)]
pub fn history_marks(props: &HistoryProps) -> Html {
    let lang = props.lang;
    let axis = &props.horizon.axis;
    let model = &props.model;
    let sim = &props.sim;
    let band = props.band;
    let layout = use_memo(
        (model.clone(), props.horizon.clone(), props.selected),
        |(model, horizon, selected)| MarksLayout::build(model, &horizon.axis, *selected),
    );

    // Segment labels. A label that would sit on another one (segments that cross, or leave
    // close together) is shortened and moved near its sender, where the arrows part; if even
    // that is taken it is left out (selecting the arrow shows it in the inspector).
    let labels = layout.labels.iter().filter(|l| band.contains(l.1)).filter_map(|&(b, y, size)| {
        let bundle = &model.bundles[b];
        let lead = &model.paths[bundle[0]];
        let selected = props
            .selected
            .is_some_and(|s| bundle.iter().any(|&i| model.paths[i].id == s));
        let f = match size {
            LabelSize::Full => 0.5,
            LabelSize::Short => NEAR_SENDER,
        };
        let x = screen_x(lead.from, label_anchor(lead, f).1);
        let label = label_of(sim, model, bundle, props.absolute)?;
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
            format!("seg-label--{}", size.name()),
            selected.then_some("seg-label--selected"),
            (!lead.is_active()).then_some("seg-label--past"),
        );
        Some(html! {
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
                if size == LabelSize::Full {
                    <span class="seg-label__numbers">{ &label.numbers }</span>
                }
            </button>
        })
    });

    // Where faults happened: ✕ where a segment was lost, delays, holds and releases.
    let mut fault_marks = Vec::new();
    for bundle in &model.bundles {
        let p = &model.paths[bundle[0]];
        let side = p.from.name();
        if let Motion::Dropped { t, x, reason } = p.motion {
            let y = y_of(axis, t);
            if band.contains(y) {
                let why = match reason {
                    FaultSource::User => Msg::LostByUser,
                    FaultSource::Rule => Msg::LostByScenario,
                    FaultSource::RandomLoss => Msg::LostRandomly,
                    FaultSource::Msl => Msg::LostTooOld,
                    FaultSource::HostDown => Msg::LostHostDown,
                };
                fault_marks.push(html! {
                    <span key={format!("x{}", p.id)} class={classes!("ladder__drop", format!("ladder__drop--{side}"))}
                        style={format!("left: {:.3}%; top: {y:.1}px", screen_x(p.from, x) * 100.0)}
                        title={why.text(lang)}>
                        <span class="ladder__drop-x" aria-hidden="true">{ "✕" }</span>
                        <span class="ladder__drop-text">{ format!("{} ", p.id) }{ Msg::Lost.text(lang) }</span>
                    </span>
                });
            }
        }
        for (k, mark) in p.marks.iter().enumerate() {
            let (t, x) = match *mark {
                PathMark::Delayed { t, x, .. }
                | PathMark::Held { t, x }
                | PathMark::Released { t, x } => (t, x),
            };
            let y = y_of(axis, t);
            if !band.contains(y) {
                continue;
            }
            let text = match *mark {
                PathMark::Delayed { by, .. } => {
                    format!("{} {}", offset(by, lang), Msg::Delayed.text(lang))
                }
                PathMark::Held { .. } => format!("‖ {}", Msg::Held.text(lang)),
                PathMark::Released { .. } => format!("▶ {}", Msg::Released.text(lang)),
            };
            fault_marks.push(html! {
                <span key={format!("f{}-{k}", p.id)} class="ladder__fault"
                    style={format!("left: {:.3}%; top: {y:.1}px", screen_x(p.from, x) * 100.0)}>
                    { text }
                </span>
            });
        }
    }

    // Calls and state changes on their lifeline, stacked (MarksLayout) so that marks of one
    // instant do not cover each other.
    let lane_marks = layout.lanes.iter().filter(|m| band.contains(m.1)).map(|&(side, y, mark)| {
        let (key, mark) = match mark {
            LaneMark::Call(i) => {
                let c = &model.calls[i];
                let refused = c.error.is_some();
                (format!("c{i}"), html! {
                    <span class={classes!("call-mark", format!("call-mark--{}", side.name()), refused.then_some("call-mark--refused"))}
                        title={c.error.map(|e| call_error(e, lang))}>
                        { format!("{}()", c.call.name()) }
                        if refused { { " ✕" } }
                    </span>
                })
            }
            LaneMark::State(i) => {
                let m = &model.states[i];
                (format!("s{i}"), html! {
                    <span class={classes!("lane-mark", format!("lane-mark--{}", side.name()))}
                        data-state={m.to.name()}
                        title={format!("{} → {}", m.from.name(), m.to.name())}>
                        { m.to.name() }
                    </span>
                })
            }
        };
        html! {
            <span {key} class={classes!("lane-slot", format!("lane-slot--{}", side.name()))} style={format!("top: {y:.1}px")}>
                { mark }
            </span>
        }
    });

    // Timers that have ended: a bar beside the lifeline from start to end (a run of restarts
    // too short to label one by one as one bar, ending as its last run did).
    let timers = layout.timers.iter().filter_map(|&(first, last, y0, y1)| {
        if !band.overlaps(y0, y1) {
            return None;
        }
        let (end, how) = model.timers[last].end?;
        let span = TimerSpan {
            end: Some((end, how)),
            ..model.timers[first].clone()
        };
        Some(timer_bar(
            axis,
            &span,
            end,
            Some(how),
            lang,
            format!("t{first}"),
        ))
    });

    // Waits drawn shorter than they lasted say how long they were. Only waits that ended are
    // drawn, and a wait ends when something starts moving: an event, so this changes with the
    // simulator's revision, not with every frame.
    let now = ms(sim.borrow().now());
    let gaps =
        axis.idle_gaps(GAP_LABEL_MS, now)
            .into_iter()
            .filter_map(|(a, b)| {
                let y = (y_of(axis, a) + y_of(axis, b)) / 2.0;
                band.contains(y).then(|| html! {
            <span key={format!("g{a}")} class="ladder__gap" style={format!("top: {y:.1}px")}
                title={Msg::GapHint.text(lang)}>
                { format!("≈ {}", format_secs(b - a, lang)) }
            </span>
        })
            });

    html! {
        <>
            { for timers }
            { for lane_marks }
            { for labels }
            { for fault_marks }
            { for gaps }
        </>
    }
}

/// A timer's run as a bar beside its lifeline, from its start to `until` (its end, or the
/// present while it runs); the label names it and its length (the RTO with its backoff, or
/// 2·MSL). `key` keeps it in place among its neighbours when the band changes.
fn timer_bar(
    axis: &TimeAxis,
    span: &TimerSpan,
    until: f64,
    end: Option<TimerEnd>,
    lang: Lang,
    key: String,
) -> Html {
    let (start, deadline) = (span.start, span.deadline);
    let y0 = y_of(axis, start);
    let y1 = y_of(axis, until).max(y0 + 2.0);
    let mut text = match span.kind {
        TimerKind::Retransmission => {
            let rto = span
                .rto
                .as_ref()
                .map_or_else(|| format_secs(deadline - start, lang), |c| c.text(lang));
            format!("RTO {rto}")
        }
        kind => format!(
            "{} {}",
            timer_short(kind, span.rule),
            format_secs(deadline - start, lang)
        ),
    };
    if span.restarted {
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
        <span {key} class={classes!("timer-span", format!("timer-span--{}", span.side.name()), format!("timer-span--{how}"),
                format!("timer-span--{}", span.kind.name()))}
            style={format!("top: {y0:.1}px; height: {:.1}px", y1 - y0)} title={title}>
            <span class="timer-span__label">{ text }</span>
        </span>
    }
}

/// How much of a running timer's bar (`y0` to `y_end`) is drawn solid at `y_now`: the pixels
/// from its start, at least 2 (as a finished run's bar), at most all of it.
pub fn running_fill(y0: f64, y_end: f64, y_now: f64) -> f64 {
    let h = (y_end - y0).max(2.0);
    (y_now - y0).clamp(2.0, h)
}

/// A running timer, drawn per frame. Its box spans the whole run, start to deadline, and stays
/// put while it runs; what moves is drawn by a transform and a clip, which the browser applies
/// without laying out or repainting: the solid part grows to the present (scaled), the dotted
/// rest is clipped to what is left, the label sits halfway along the solid part.
fn running_timer(axis: &TimeAxis, span: &TimerSpan, now: f64, lang: Lang, key: String) -> Html {
    let y0 = y_of(axis, span.start);
    let h = (y_of(axis, span.deadline) - y0).max(2.0);
    let done = running_fill(y0, y0 + h, y_of(axis, now.min(span.deadline)));
    let mut text = match span.kind {
        TimerKind::Retransmission => {
            let rto = span.rto.as_ref().map_or_else(
                || format_secs(span.deadline - span.start, lang),
                |c| c.text(lang),
            );
            format!("RTO {rto}")
        }
        kind => format!(
            "{} {}",
            timer_short(kind, span.rule),
            format_secs(span.deadline - span.start, lang)
        ),
    };
    if span.restarted {
        text = format!("↺ {text}");
    }
    html! {
        <span {key} class={classes!("timer-span", format!("timer-span--{}", span.side.name()), "timer-span--running",
                format!("timer-span--{}", span.kind.name()))}
            style={format!("top: {y0:.1}px; height: {h:.1}px")} title={Msg::TimerRunning.text(lang)}>
            <span class="timer-span__done" style={format!("transform: scaleY({:.4})", done / h)} />
            <span class="timer-span__rest" style={format!("clip-path: inset({done:.1}px 0 0 0)")} />
            <span class="timer-span__label" style={format!("top: 0; transform: translateY({:.1}px) translateY(-50%)", done / 2.0)}>
                { text }
            </span>
        </span>
    }
}

/// Per frame, in the SVG: held segments waiting where they were parked.
fn live_svg(model: &LadderModel, live: &Live, axis: &TimeAxis, now: Instant) -> Html {
    let now_ms = ms(now);
    let held = live.bundles.iter().filter_map(|&b| {
        let p = &model.paths[model.bundles[b][0]];
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
fn live_marks(
    model: &LadderModel,
    live: &Live,
    axis: &TimeAxis,
    props: &LadderProps,
    lang: Lang,
) -> Html {
    let now = ms(props.now);
    let timers = live
        .timers
        .iter()
        .map(|&i| running_timer(axis, &model.timers[i], now, lang, format!("r{i}")));
    // Capsules that would sit on one another (segments sent together) are piled downwards.
    let mut placed: Vec<(f64, f64)> = Vec::new();
    let capsules = live.bundles.iter().filter_map(|&b| {
        let bundle = &model.bundles[b];
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
                style={capsule_at(sx, sy)}
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
    html! {
        <>
            { for timers }
            { for capsules }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::TimeAxis;

    /// The placement as it was first written: every placed label checked, one by one.
    fn place_labels_naively(candidates: &[(f64, f64, bool)]) -> Vec<Option<(f64, LabelSize)>> {
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by(|&a, &b| candidates[a].0.total_cmp(&candidates[b].0));
        let mut placed: Vec<f64> = Vec::new();
        let free = |placed: &[f64], y: f64, gap: f64| placed.iter().all(|p| (p - y).abs() >= gap);
        let mut out = vec![None; candidates.len()];
        for i in order {
            let (y_mid, y_near, selected) = candidates[i];
            let (y, size) = if selected || free(&placed, y_mid, LABEL_GAP) {
                (y_mid, LabelSize::Full)
            } else if free(&placed, y_near, SHORT_LABEL_GAP) {
                (y_near, LabelSize::Short)
            } else {
                continue;
            };
            placed.push(y);
            out[i] = Some((y, size));
        }
        out
    }

    #[test]
    fn labels_that_would_collide_are_shortened_near_their_sender_or_left_out() {
        let placed = place_labels(&[
            (100.0, 60.0, false),
            (110.0, 80.0, false),
            (112.0, 81.0, false),
            (300.0, 250.0, false),
            (305.0, 299.0, true),
        ]);
        assert_eq!(placed[0], Some((100.0, LabelSize::Full)));
        assert_eq!(
            placed[1],
            Some((80.0, LabelSize::Short)),
            "too close: near its sender"
        );
        assert_eq!(
            placed[2], None,
            "even near its sender it would sit on another"
        );
        assert_eq!(placed[3], Some((300.0, LabelSize::Full)));
        assert_eq!(
            placed[4],
            Some((305.0, LabelSize::Full)),
            "a selected label always shows"
        );
    }

    #[test]
    fn placing_labels_by_binary_search_places_them_as_checking_every_one_does() {
        // A deterministic spread of crowded and sparse candidates.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 10_000) as f64 / 10.0
        };
        for n in [0, 1, 2, 5, 40, 400] {
            let candidates: Vec<(f64, f64, bool)> = (0..n)
                .map(|_| {
                    let mid = next();
                    let near = mid - next() / 20.0;
                    (mid, near, next() < 20.0)
                })
                .collect();
            assert_eq!(
                place_labels(&candidates),
                place_labels_naively(&candidates),
                "{n}"
            );
        }
    }

    #[test]
    fn lane_marks_stack_downwards_at_least_a_gap_apart() {
        assert_eq!(
            stack_marks([10.0, 10.0, 15.0, 100.0, 101.0], 22.0),
            vec![10.0, 32.0, 54.0, 100.0, 122.0]
        );
        assert_eq!(stack_marks(std::iter::empty(), 22.0), Vec::<f64>::new());
    }

    fn run(side: Side, start: f64, end: Option<(f64, TimerEnd)>) -> TimerSpan {
        TimerSpan {
            side,
            kind: TimerKind::Retransmission,
            rule: None,
            start,
            deadline: start + 1000.0,
            backoff: 0,
            restarted: true,
            rto: None,
            end,
        }
    }

    #[test]
    fn a_timer_restarted_by_every_ack_is_one_bar_and_long_runs_stay_apart() {
        // Moving all the time: 1 px per ms.
        let axis = TimeAxis::from_intervals(vec![(0.0, 10_000.0)]);
        let restarted = |t| Some((t, TimerEnd::Restarted));
        let spans = vec![
            run(Side::Client, 100.0, restarted(103.0)),
            run(Side::Server, 100.0, restarted(400.0)),
            run(Side::Client, 103.0, restarted(103.0)),
            run(Side::Client, 103.0, restarted(108.0)),
            run(Side::Server, 400.0, Some((1400.0, TimerEnd::Fired))),
            run(Side::Client, 108.0, restarted(200.0)),
            run(Side::Client, 200.0, restarted(201.0)),
            // Another length (backed off): says something else.
            TimerSpan {
                deadline: 201.0 + 2000.0,
                backoff: 1,
                ..run(Side::Client, 201.0, restarted(202.0))
            },
            run(Side::Client, 202.0, None),
        ];
        let bars = timer_bars(&spans, &axis);
        let y = |t: f64| TOP + t;
        assert_eq!(
            bars,
            vec![
                // 100 → 108 by three short runs: one bar, ending as the last did.
                (0, 3, y(100.0), y(108.0)),
                (1, 1, y(100.0), y(400.0)),
                (4, 4, y(400.0), y(1400.0)),
                // A long run, then a short one after it: apart (the long one has room for its label).
                (5, 5, y(108.0), y(200.0)),
                (6, 6, y(200.0), y(201.0)),
                (7, 7, y(201.0), y(202.0)),
            ]
        );
    }

    #[test]
    fn a_running_timer_fills_from_its_start_to_the_present() {
        assert_eq!(running_fill(100.0, 300.0, 150.0), 50.0);
        assert_eq!(
            running_fill(100.0, 300.0, 100.0),
            2.0,
            "at least as thick as a finished bar"
        );
        assert_eq!(
            running_fill(100.0, 300.0, 900.0),
            200.0,
            "never past its deadline"
        );
        assert_eq!(running_fill(100.0, 100.0, 100.0), 2.0);
    }

    #[test]
    fn the_ladder_grows_in_steps_and_always_has_room_below_the_present() {
        let axis = TimeAxis::from_intervals(vec![(0.0, 100_000.0)]);
        let mut last = 0.0;
        let mut changes = 0;
        for step in 0..6000 {
            // A frame at 1× moves the present about 1.7 ms.
            let now = Instant::from_micros(step * 1_700);
            let h = ladder_height(f64::NEG_INFINITY, &axis, now);
            assert!(h >= y_of(&axis, ms(now)) + BOTTOM, "{step}");
            assert_eq!(h % HEIGHT_STEP, 0.0);
            assert!(h >= last);
            changes += usize::from(h != last);
            last = h;
        }
        // 10 s of frames: 6,000 frames, about forty heights.
        assert!(changes <= 10_200 / HEIGHT_STEP as usize + 2, "{changes}");
        // A segment still on its way keeps its arrival on the ladder.
        let now = Instant::from_millis(100);
        assert!(ladder_height(900.0, &axis, now) >= y_of(&axis, 900.0) + BOTTOM);
    }

    #[test]
    fn a_capsule_is_placed_by_its_transform_in_percent_of_the_wire() {
        assert_eq!(
            capsule_at(50.0, 123.45),
            "transform: translate(calc(50.000cqw - 50%), calc(123.5px - 50%))"
        );
    }
}
