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

use std::cell::RefCell;

use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::sim::{FaultSource, Side, TxId};
use handshake_core::trace::SegmentInfo;
use handshake_core::{Instant, TimerKind};
use yew::prelude::*;

use crate::components::timers::timer_short;
use crate::i18n::{Lang, Msg, and_more, use_lang};
use crate::lab::Horizon;
use crate::placement::{Metrics, Rect, Taken, text_width};
use crate::run::Run;
use crate::shared::Shared;
use crate::timeline::{
    Band, LadderModel, Motion, PathMark, PathSpans, SegPath, TimeAxis, TimerEnd, TimerSpan, after,
    ms, screen_x,
};
use handshake_explain::errors::call_error;
use handshake_explain::format::{clock, format_secs, offset};

/// Room above t = 0, so the first state change is not under the lane cards' edge.
pub const TOP: f64 = 34.0;
/// Room below the present.
const BOTTOM: f64 = 140.0;
/// The ladder's height grows in steps of this many pixels.
const HEIGHT_STEP: f64 = 256.0;
/// Where a full label may go along its arrow's first moving leg, best first (its middle, then
/// either side of it)…
const FULL_AT: [f64; 5] = [0.5, 0.38, 0.62, 0.27, 0.73];
/// …and where a short one (flags only) may, near its sender where crossing arrows part.
const SHORT_AT: [f64; 3] = [0.18, 0.3, 0.1];
/// A label's box ends this far above the point of its arrow it names.
const LABEL_LIFT: f64 = 3.0;
/// Room kept between lane marks stacked on one lifeline, and around every word.
const MARK_SPACE: f64 = 2.0;
/// Waits at least this long (ms) are labelled with their real length where the axis compresses
/// them.
const GAP_LABEL_MS: f64 = 300.0;
/// Segments on the link, taken in the order they were sent, closer than this (vertically, in
/// pixels) to the one before…
const CAPSULE_GAP: f64 = 26.0;
/// …and this (horizontally, in percent of the wire) travel as a train: a burst's segments go
/// 5 px apart. A train is drawn as one capsule, which counts the others (`C3 +199`), and, when it
/// is long, a rail from its first segment to its last; the capsule is then the one nearest the
/// present's line.
const CAPSULE_NEAR: f64 = 6.0;
/// Finished runs of a timer drawn shorter than this (less than its label) that follow each other
/// by restarts are drawn as one bar.
const MERGE_BELOW: f64 = 12.0;
/// Labels measured ahead between two looks at the clock (about 0.1 ms of work).
const LABELS_PER_STEP: usize = 32;

#[derive(Clone, PartialEq, Properties)]
pub struct LadderProps {
    /// The lab's simulation or a recording: the ladder draws what its trace says by the present.
    pub run: Run,
    pub horizon: Shared<Horizon>,
    pub now: Instant,
    pub selected: Option<TxId>,
    pub absolute: bool,
    /// Capsules sit still in the middle of their flight instead of travelling.
    pub reduced_motion: bool,
    /// Time runs: the present's time chip stays at the left end of its line instead of moving
    /// out of the way of every capsule and mark it passes ([`MarksLayout::chip_at`] finds it a
    /// free place once the run stops).
    #[prop_or_default]
    pub playing: bool,
    /// A segment was picked (clicked or tapped).
    pub onselect: Callback<Option<TxId>>,
    /// The part of the history to put in the page (the stage's view and a screen around it).
    #[prop_or(Band::EVERYTHING)]
    pub band: Band,
    /// Fitting the whole run: the ladder is exactly this tall (the axis is shrunk to fit).
    #[prop_or_default]
    pub fit_height: Option<f64>,
    /// What the stylesheet makes of the ladder's words, as the stage last measured it.
    #[prop_or_default]
    pub metrics: Metrics,
    /// Draw the probes the stage measures the words' sizes from (for one render).
    #[prop_or_default]
    pub probes: bool,
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
    let needed = y_of(axis, latest_end.max(after(ms(now)))) + BOTTOM;
    (needed / HEIGHT_STEP).ceil() * HEIGHT_STEP
}

/// What of a model moves from frame to frame, found once per revision so that a frame does not
/// search the whole history for it.
#[derive(Debug, Default, PartialEq)]
pub struct Live {
    /// The latest end of a path still on the link (its expected arrival, or where it is held).
    pub latest_end: f64,
    /// Paths on the link (moving or held), in order.
    pub paths: Vec<usize>,
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
            paths: (0..model.paths.len())
                .filter(|&i| model.paths[i].is_active())
                .collect(),
            timers: (0..model.timers.len())
                .filter(|&i| model.timers[i].end.is_none())
                .collect(),
        }
    }
}

/// What a layout of the ladder's marks is made of: the model and the horizon (by identity) and
/// the rest of [`LayoutInput`] but the present. The present changes the layout only through the
/// model (a new one each time something happens), so a layout is made again only then, not at
/// every frame of a flight.
#[derive(Clone, PartialEq)]
struct LayoutKey {
    model: Shared<LadderModel>,
    horizon: Shared<Horizon>,
    selected: Option<TxId>,
    metrics: Metrics,
    absolute: bool,
    lang: Lang,
}

impl LayoutKey {
    /// The layout at `now`. `ahead` is the run's layout at its end (`build_ahead`), if it has
    /// been made: when it was made for the same input, the labels of it that this present
    /// cannot change are taken over (`build_after`).
    fn build(
        &self,
        now: Instant,
        sizes: &RefCell<LabelSizes>,
        ahead: Option<&(LayoutKey, Shared<MarksLayout>)>,
    ) -> Shared<MarksLayout> {
        let input = LayoutInput {
            axis: &self.horizon.axis,
            selected: self.selected,
            metrics: self.metrics,
            absolute: self.absolute,
            lang: self.lang,
            now: ms(now),
            sizes: Some(sizes),
        };
        Shared(std::rc::Rc::new(match ahead {
            Some((key, at_end)) if key.same_but_the_model(self) => {
                MarksLayout::build_after(&self.model, &input, at_end)
            }
            _ => MarksLayout::build(&self.model, &input),
        }))
    }

    /// Whether `other` is a layout of the same run drawn the same way (only its present, and
    /// so its model, may differ).
    fn same_but_the_model(&self, other: &LayoutKey) -> bool {
        self.horizon == other.horizon
            && self.selected == other.selected
            && self.metrics == other.metrics
            && self.absolute == other.absolute
            && self.lang == other.lang
    }
}

#[function_component(Ladder)]
pub fn ladder(props: &LadderProps) -> Html {
    let lang = use_lang();
    let model = Shared((*use_memo(props.run.clone(), Run::ladder_model)).clone());
    let sizes = use_mut_ref(LabelSizes::default);
    let live = use_memo(model.clone(), |model| Live::of(model));
    let key = LayoutKey {
        model: model.clone(),
        horizon: props.horizon.clone(),
        selected: props.selected,
        metrics: props.metrics,
        absolute: props.absolute,
        lang,
    };
    // While the page is idle, the labels of the run as it will go are worded and measured ahead
    // (a path keeps its index as the run grows), then the run's layout at its end is made, so a
    // seek or a step finds the sizes ready, and a seek to the end its layout.
    let at_end = use_mut_ref(|| None::<(LayoutKey, Shared<MarksLayout>)>);
    {
        let sizes = sizes.clone();
        let at_end = at_end.clone();
        let deps = (
            key.horizon.clone(),
            key.selected,
            key.metrics,
            key.absolute,
            key.lang,
        );
        use_effect_with(deps, move |(horizon, selected, metrics, absolute, lang)| {
            let pending = crate::idle::Pending::default();
            if let Some(model) = horizon.model.clone() {
                let ahead = LayoutKey {
                    model,
                    horizon: horizon.clone(),
                    selected: *selected,
                    metrics: *metrics,
                    absolute: *absolute,
                    lang: *lang,
                };
                let end = horizon.end;
                let mut next = 0;
                crate::idle::in_slices(&pending, move || {
                    let paths = &ahead.model.paths;
                    if next < paths.len() {
                        let end = (next + LABELS_PER_STEP).min(paths.len());
                        let mut sizes = sizes.borrow_mut();
                        for (i, p) in paths.iter().enumerate().take(end).skip(next) {
                            sizes.get(i, p, ahead.absolute, ahead.lang, &ahead.metrics);
                        }
                        next = end;
                        return true;
                    }
                    let layout = MarksLayout::build_ahead(
                        &ahead.model,
                        &LayoutInput {
                            axis: &ahead.horizon.axis,
                            selected: ahead.selected,
                            metrics: ahead.metrics,
                            absolute: ahead.absolute,
                            lang: ahead.lang,
                            now: ms(end),
                            sizes: Some(&sizes),
                        },
                    );
                    *at_end.borrow_mut() = Some((ahead.clone(), Shared(std::rc::Rc::new(layout))));
                    false
                });
            }
            move || drop(pending.borrow_mut().take())
        });
    }
    let layout = use_memo(key, |key| match &*at_end.borrow() {
        Some((k, layout)) if k == key => layout.clone(),
        ahead => key.build(props.run.now(), &sizes, ahead.as_ref()),
    });
    let layout: Shared<MarksLayout> = (*layout).clone();
    let axis = &props.horizon.axis;
    let height = props
        .fit_height
        .unwrap_or_else(|| ladder_height(live.latest_end, axis, props.now));
    // Below all the rows of the present's instant.
    let now_y = y_of(axis, after(ms(props.now)));
    let on_link = OnLink::of(&model, &live, axis, props, now_y);
    let now_text = clock(props.now, lang);
    // Where no place is free: at the left end, behind the words (`--crowded` says so).
    let chip = if props.playing {
        Some(ChipAt::Left)
    } else {
        layout.chip_at(
            now_y,
            &now_text,
            &props.metrics,
            &on_link.crossing(now_y, &props.metrics),
        )
    };
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
                <HistorySvg model={model.clone()} horizon={props.horizon.clone()}
                    selected={props.selected} onselect={props.onselect.clone()} band={props.band} />
                { live_svg(&model, &live, axis, props.now) }
            </svg>
            <div class="ladder__overlay">
                <HistoryMarks model={model.clone()} horizon={props.horizon.clone()}
                    layout={layout.clone()} selected={props.selected} absolute={props.absolute} {lang}
                    onselect={props.onselect.clone()} band={props.band} />
                { live_marks(&model, &live, &layout, &on_link, axis, props, lang) }
                { props.overlay.as_ref().map(|o| o.emit(props.horizon.clone())).unwrap_or_default() }
                // What the stage measures to lay the words out (placement.rs): never seen, and in
                // the page only for the render the stage measures after. The box itself stays:
                // yew places a new capsule before the next node of an empty component (WhyMarks,
                // just before), as that component last saw it, until the component's own update
                // runs; had the box gone in the same render, it would insert before a detached
                // node and panic ("failed to insert node before next sibling").
                <div class="ladder__probes" aria-hidden="true">
                if props.probes {
                    <span class="seg-label seg-label--full" data-probe="mono"><span class="seg-label__id">{ "0000000000" }</span></span>
                    <span class="seg-label seg-label--full" data-probe="full">
                        <span class="seg-label__id">{ "C0" }</span><span class="seg-label__flags">{ "[A]" }</span>
                        <span class="seg-label__numbers">{ number("Seq=0") }{ number("Win=0") }</span>
                    </span>
                    <span class="seg-label seg-label--short" data-probe="short">
                        <span class="seg-label__id">{ "C0" }</span><span class="seg-label__flags">{ "[A]" }</span>
                    </span>
                    <span class="lane-mark" data-probe="mark">{ "0000000000" }</span>
                    <span class="timer-span__label" data-probe="small">{ "0000000000" }</span>
                    <span class="timer-span__label" data-probe="small-empty"></span>
                    <span class="ladder__gap" data-probe="gap">{ "0000000000" }</span>
                }
                </div>
                <div class="ladder__now" style={format!("transform: translateY({now_y:.1}px)")}>
                    <span class={classes!("ladder__now-time",
                            (chip == Some(ChipAt::Right)).then_some("ladder__now-time--right"),
                            chip.is_none().then_some("ladder__now-time--crowded"))}
                        style={if let Some(ChipAt::Along(x)) = chip { Some(format!("left: {x:.0}px")) } else { None }}>
                        { now_text }
                    </span>
                </div>
            </div>
        </div>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct HistoryProps {
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
fn arrow_classes(p: &SegPath) -> Classes {
    let mut c = classes!("seg", format!("seg--{}", p.from.name()));
    let info = &p.info;
    let f = info.flags;
    if f.syn() {
        c.push("seg--syn");
    }
    if f.fin() {
        c.push("seg--fin");
    }
    if f.rst() {
        c.push("seg--rst");
    }
    if info.len > 0 {
        c.push("seg--data");
    }
    if info.retransmission_of.is_some() {
        c.push("seg--rtx");
    }
    if info.duplicate_of.is_some() {
        c.push("seg--copy");
    }
    match p.motion {
        Motion::Moving { .. } => c.push("seg--flying"),
        Motion::Held { .. } => c.push("seg--held"),
        Motion::Dropped { .. } => c.push("seg--dropped"),
        Motion::Arrived { .. } => {}
    }
    c
}

/// Where a capsule is drawn (x in percent of the wire, y in pixels), as the transform of its
/// holder: it moves every frame, and a moved transform is redrawn by the compositor without
/// laying out or repainting the page (`left`/`top` would do both). The holder is as wide as the
/// wire (ladder.css), so a percentage of its own width is a percentage of the wire: no unit
/// that depends on a container's size, which made every move a layout of the whole ladder.
pub fn capsule_at(x_percent: f64, y: f64) -> String {
    format!("transform: translate({x_percent:.3}%, {y:.1}px)")
}

fn pct(x: f64) -> String {
    format!("{:.3}%", x * 100.0)
}

/// One arrow of history, ready to draw: its legs in screen fractions and pixels, its classes.
/// Compared by value, so an arrow that a new event or a new band left as it was is not drawn
/// again (a band change while following the present, every few frames, re-drew every arrow in
/// it: 200 in bulk data).
#[derive(Debug, PartialEq)]
pub struct ArrowGeom {
    id: TxId,
    from: Side,
    class: String,
    /// `(x0, y0, x1, y1)`: x a fraction of the wire (0 the client), y in pixels.
    legs: Vec<(f64, f64, f64, f64)>,
    /// Its last leg is still to go (drawn faint), and ends in an arrowhead…
    flying: bool,
    /// …or it arrived: the arrowhead where it did.
    arrived: bool,
}

impl ArrowGeom {
    fn of(axis: &TimeAxis, lead: &SegPath) -> ArrowGeom {
        ArrowGeom {
            id: lead.id,
            from: lead.from,
            class: arrow_classes(lead).to_string(),
            legs: lead
                .legs()
                .map(|((t0, x0), (t1, x1))| {
                    (
                        screen_x(lead.from, x0),
                        y_of(axis, t0),
                        screen_x(lead.from, x1),
                        y_of(axis, t1),
                    )
                })
                .collect(),
            flying: matches!(lead.motion, Motion::Moving { .. }),
            arrived: matches!(lead.motion, Motion::Arrived { .. }),
        }
    }
}

#[derive(Clone, PartialEq, Properties)]
struct ArrowProps {
    geom: std::rc::Rc<ArrowGeom>,
    selected: bool,
    onselect: Callback<Option<TxId>>,
}

/// An arrow: each leg a line (x in percent, so no measuring), an arrowhead where it arrived or
/// will, and a wide transparent line to click.
#[function_component(Arrow)]
fn arrow(props: &ArrowProps) -> Html {
    let g = &*props.geom;
    let n = g.legs.len();
    let legs = g.legs.iter().enumerate().map(|(i, &(x0, y0, x1, y1))| {
        let last = i + 1 == n;
        let marker =
            (last && (g.arrived || g.flying)).then(|| format!("url(#arrow-{})", g.from.name()));
        let leg_class = if last && g.flying {
            "seg__line seg__line--future"
        } else {
            "seg__line"
        };
        html! {
            <line class={leg_class}
                x1={pct(x0)} y1={format!("{y0:.1}")} x2={pct(x1)} y2={format!("{y1:.1}")}
                marker-end={marker} />
        }
    });
    let hits = g.legs.iter().map(|&(x0, y0, x1, y1)| {
        let id = g.id;
        let onselect = props.onselect.clone();
        html! {
            <line class="seg__hit"
                x1={pct(x0)} y1={format!("{y0:.1}")} x2={pct(x1)} y2={format!("{y1:.1}")}
                onclick={Callback::from(move |_: MouseEvent| onselect.emit(Some(id)))} />
        }
    });
    let class = if props.selected {
        format!("{} seg--selected", g.class)
    } else {
        g.class.clone()
    };
    html! {
        <g {class} data-tx={g.id.to_string()}>
            { for legs }
            { for hits }
        </g>
    }
}

/// The arrows of history, one per segment, put in the page only in the band; each is a
/// component of its own, drawn again only when it changed.
#[function_component(HistorySvg)]
pub fn history_svg(props: &HistoryProps) -> Html {
    let axis = &props.horizon.axis;
    let spans = use_memo(props.model.clone(), |model| PathSpans::of(&model.paths));
    let near = spans.candidates(props.band, &|t| y_of(axis, t));
    let arrows = props.model.paths[near].iter().filter_map(|lead| {
        let (first, last) = lead.extent();
        if !props.band.overlaps(y_of(axis, first), y_of(axis, last)) {
            return None;
        }
        Some(html! {
            <Arrow key={lead.id.to_string()} geom={std::rc::Rc::new(ArrowGeom::of(axis, lead))}
                selected={props.selected == Some(lead.id)} onselect={props.onselect.clone()} />
        })
    });
    html! { <g class="ladder__history">{ for arrows }</g> }
}

/// The label of a segment's arrow, split so narrow screens can hide some numbers: id,
/// retransmission / copy badge, `[FLAGS]`, `Seq=… Ack=… Win=… Len=…`.
struct Label {
    ids: String,
    flags: String,
    numbers: String,
}

fn label_of(lead: &SegPath, absolute: bool) -> Label {
    let full = segment_label(&lead.info, LadderOptions { absolute });
    // `C2 (rtx of C1) [SYN] Seq=0 …`: the id and the retransmission note are drawn as badges.
    let rest = full.split_once('[').map_or("", |(_, r)| r);
    let (flags, numbers) = rest.split_once(']').unwrap_or((rest, ""));
    Label {
        ids: lead.id.to_string(),
        flags: format!("[{flags}]"),
        numbers: numbers.trim().to_owned(),
    }
}

/// One field of a label's numbers (`Seq=1`), with a class naming it (`seg-label__num--seq`), so a
/// phone can leave out the window and the MSS and keep Seq, Ack and Len.
fn number(field: &str) -> Html {
    let name = field
        .split_once('=')
        .map_or(field, |(name, _)| name)
        .to_ascii_lowercase();
    html! {
        <>
            <span class={classes!("seg-label__num", format!("seg-label__num--{name}"))}>{ field.to_owned() }</span>
            { " " }
        </>
    }
}

/// The leg of a path its label is placed along: its first that moves, else its first, else its
/// only vertex, else its start (`(a, b)`, with `a == b` for a point).
fn label_leg(p: &SegPath) -> ((f64, f64), (f64, f64)) {
    p.legs()
        .find(|(a, b)| a.1 != b.1)
        .or_else(|| p.legs().next())
        .or_else(|| p.vertices().next().map(|a| (a, a)))
        .unwrap_or(((p.start(), 0.0), (p.start(), 0.0)))
}

/// The point `f` of the way along `leg` (`0.5`: where a label goes).
fn on_leg((a, b): ((f64, f64), (f64, f64)), f: f64) -> (f64, f64) {
    if a == b {
        return a;
    }
    (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
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
    // [`y_of`], for times that go down the ladder (a bulk transfer's thousands of runs).
    let heights = axis.cursor();
    let y_of = |t: f64| TOP + heights.y_ms(t);
    for (i, span) in spans.iter().enumerate() {
        let Some((end, _)) = span.end else { continue };
        let (y0, y1) = (y_of(span.at), y_of(end));
        let key = (span.side, span.kind);
        let slot = open.iter().position(|(k, _)| *k == key);
        let joins = slot.map(|s| open[s].1).filter(|&b| {
            let prev = &spans[bars[b].1];
            let prev_height = y_of(span.at) - y_of(prev.at);
            prev.end == Some((span.at, TimerEnd::Restarted))
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
pub enum LaneMark {
    /// Index into `LadderModel::calls`.
    Call(usize),
    /// Index into `LadderModel::states`.
    State(usize),
}

/// What a timer's label says: its name and length (the RTO with its backoff, 2·MSL), and ↺ when
/// a restart began it.
fn timer_text(span: &TimerSpan, lang: Lang) -> String {
    let length = span.deadline - span.start;
    let text = match span.kind {
        TimerKind::Retransmission => {
            let rto = span
                .rto
                .as_ref()
                .map_or_else(|| format_secs(length, lang), |c| c.text(lang));
            format!("RTO {rto}")
        }
        kind => format!(
            "{} {}",
            timer_short(kind, span.rule),
            format_secs(length, lang)
        ),
    };
    if span.restarted {
        format!("↺ {text}")
    } else {
        text
    }
}

/// The words of a compressed wait.
fn gap_text(a: f64, b: f64, lang: Lang) -> String {
    format!("≈ {}", format_secs(b - a, lang))
}

/// The words of a fault mark (a delay, a hold, a release).
fn fault_text(mark: &PathMark, lang: Lang) -> String {
    match *mark {
        PathMark::Delayed { by, .. } => format!("{} {}", offset(by, lang), Msg::Delayed.text(lang)),
        PathMark::Held { .. } => format!("‖ {}", Msg::Held.text(lang)),
        PathMark::Released { .. } => format!("▶ {}", Msg::Released.text(lang)),
    }
}

/// Where the history's words go (see `crate::placement`): laid out over the whole history
/// (each depends on the ones before it), once per model, axis, selection, window size, number
/// style and language; drawn only in the band. Positions are in the ladder's pixels, x of labels
/// as a fraction of the wire.
#[derive(Debug, PartialEq)]
pub struct MarksLayout {
    /// A segment without one has no room for its label.
    pub labels: Vec<PlacedLabel>,
    /// `(side, y, mark)`, each side's marks top to bottom.
    pub lanes: Vec<(Side, f64, LaneMark)>,
    /// Finished timers' bars ([`timer_bars`]) and the y of their label, if it has room.
    pub timers: Vec<(usize, usize, f64, f64, Option<f64>)>,
    /// Running timers (indices into `LadderModel::timers`) and the y of their label.
    pub running: Vec<(usize, Option<f64>)>,
    /// Compressed waits `(start, end)` (ms) and the y of their label, if it has room.
    pub gaps: Vec<(f64, f64, Option<f64>)>,
    /// Every box taken, for tests.
    pub boxes: Vec<Rect>,
    /// The same boxes (a little grown), to find a free place for the present's time chip
    /// ([`MarksLayout::chip_at`]).
    taken: Taken,
    /// How many of `boxes` were taken before the segment labels (lane marks, faults, timers).
    before_labels: usize,
    /// How the labels were placed, kept by [`MarksLayout::build_ahead`] for later layouts of
    /// the same run to take over ([`MarksLayout::build_after`]).
    trail: Option<Box<LabelTrail>>,
}

/// `(path index, x as a fraction of the wire, y of the point it names, size)`, in path order.
pub type PlacedLabel = (usize, f64, f64, LabelSize);

/// The labels of a layout as they were tried: what a layout of the same run at an earlier
/// present needs to take over those the present cannot change.
#[derive(Debug, PartialEq)]
struct LabelTrail {
    /// Path indices in the order their labels were tried.
    order: Vec<usize>,
    /// `reach[k]`: the lowest bottom edge (the largest y) of any place tried, or that could
    /// have been, for the labels `order[..=k]`.
    reach: Vec<f64>,
    /// The labels placed, in the order they were: `(k, box, label)`, `k` an index into `order`.
    placed: Vec<(usize, Rect, PlacedLabel)>,
}

/// Where the present's time chip goes along the present's line ([`MarksLayout::chip_at`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ChipAt {
    /// At the line's left end, in the margin beside the client's lifeline.
    Left,
    /// At its right end, beside the server's lifeline.
    Right,
    /// Its left edge this many pixels right of the line's left end.
    Along(f64),
}

impl ChipAt {
    /// The chip's box here, in the ladder's pixels: `text` on the present's line at `now_y`, in
    /// the lane marks' font (ladder.css) with 0.3rem of padding each side; as tall as a line of
    /// it, generously (the monospace fonts' line is about 1.45 of their size).
    pub fn rect(self, now_y: f64, text: &str, m: &Metrics) -> Rect {
        let w = 0.6 * m.rem + text_width(text, m.mark.px, Some(m.mark.mono));
        let h = 1.5 * m.mark.px;
        let x = match self {
            ChipAt::Left => 0.0,
            ChipAt::Right => 2.0 * m.outer + m.wire.max(1.0) - w,
            ChipAt::Along(x) => x,
        };
        Rect {
            x0: x - m.outer,
            x1: x - m.outer + w,
            y0: now_y - h / 2.0,
            y1: now_y + h / 2.0,
        }
    }
}

/// What [`MarksLayout::build`] needs besides the model.
pub struct LayoutInput<'a> {
    pub axis: &'a TimeAxis,
    pub selected: Option<TxId>,
    pub metrics: Metrics,
    pub absolute: bool,
    pub lang: Lang,
    /// The simulator's present (ms): only waits that ended are labelled.
    pub now: f64,
    /// Label sizes measured by earlier layouts of the same run (`None`: measure each).
    pub sizes: Option<&'a RefCell<LabelSizes>>,
}

/// Each segment label's sizes (full, short), kept from one layout to the next: a seek or a step
/// lays out every label of the run again, and wording and measuring them was most of it. A
/// label is a function of its segment's fields, the numbering and the language; sizes also of
/// the metrics. So an entry is used only for the same fields, and the whole cache is forgotten
/// when the numbering, the language or the metrics change.
#[derive(Debug, Default)]
pub struct LabelSizes {
    of: Option<(bool, Lang, Metrics)>,
    /// By the path's index in the model (a run's paths keep their indices as it grows; a path
    /// found there with another id or other fields is measured again).
    sizes: Vec<Option<(TxId, SegmentInfo, LabelBoxes)>>,
}

/// A label's (width, height) at full size and short.
type LabelBoxes = [(f64, f64); 2];

impl LabelSizes {
    /// The label sizes at full and short size of `p`, the model's path `i`.
    fn get(
        &mut self,
        i: usize,
        p: &SegPath,
        absolute: bool,
        lang: Lang,
        m: &Metrics,
    ) -> [(f64, f64); 2] {
        if self.of != Some((absolute, lang, *m)) {
            self.of = Some((absolute, lang, *m));
            self.sizes.clear();
        }
        if self.sizes.len() <= i {
            self.sizes.resize(i + 1, None);
        }
        match self.sizes[i] {
            Some((id, info, sizes)) if id == p.id && info == p.info => sizes,
            _ => {
                let sizes = measure_label(p, absolute, lang, m);
                self.sizes[i] = Some((p.id, p.info, sizes));
                sizes
            }
        }
    }
}

/// Path `p`'s label sizes at full and short size, measured afresh.
fn measure_label(p: &SegPath, absolute: bool, lang: Lang, m: &Metrics) -> [(f64, f64); 2] {
    let words = label_words(p, absolute, lang);
    [
        words.size(LabelSize::Full, m),
        words.size(LabelSize::Short, m),
    ]
}

impl MarksLayout {
    pub fn build(model: &LadderModel, input: &LayoutInput<'_>) -> MarksLayout {
        MarksLayout::build_with(model, input, None, false)
    }

    /// [`MarksLayout::build`], keeping how the labels were placed for
    /// [`MarksLayout::build_after`] (the lab's layout of the run at its end, made while the
    /// page is idle).
    pub fn build_ahead(model: &LadderModel, input: &LayoutInput<'_>) -> MarksLayout {
        MarksLayout::build_with(model, input, None, true)
    }

    /// [`MarksLayout::build`] of the run at an earlier present, the same in every box: the
    /// labels that nothing after the present can reach are taken from `ahead` (a
    /// [`MarksLayout::build_ahead`] of the same run, with the same input but the present) as
    /// they were placed there, instead of being tried again. A label is placed at the first
    /// of its places that no box taken before it covers; in both layouts the same labels come
    /// first, and as long as every place they could try lies above every box that differs
    /// between the two (lane marks, faults and timers of the later run, a timer bar that grew,
    /// segments still on their way, labels of later segments), they see the same boxes and
    /// land in the same places.
    pub fn build_after(
        model: &LadderModel,
        input: &LayoutInput<'_>,
        ahead: &MarksLayout,
    ) -> MarksLayout {
        MarksLayout::build_with(model, input, Some(ahead), false)
    }

    fn build_with(
        model: &LadderModel,
        input: &LayoutInput<'_>,
        ahead: Option<&MarksLayout>,
        keep_trail: bool,
    ) -> MarksLayout {
        let axis = input.axis;
        let m = input.metrics;
        let wire = m.wire.max(1.0);
        let mut taken = Taken::default();
        let mut boxes = Vec::new();
        let take = |taken: &mut Taken, boxes: &mut Vec<Rect>, r: Rect| {
            taken.take(r.grown(MARK_SPACE / 2.0));
            boxes.push(r);
        };

        // 1. Calls and state changes on their lifelines, stacked so that marks of one instant do
        // not cover each other. They stay where they happened; everything else makes way.
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
            for (i, s) in model
                .states
                .iter()
                .enumerate()
                .filter(|(_, s)| s.side == side)
            {
                marks.push((s.t, 2 * i + 1, LaneMark::State(i)));
            }
            // A call comes before the state change it causes (the trace's order).
            handshake_core::sort::sort_by(&mut marks, |a, b| {
                a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
            });
            let ys = stack_marks(
                marks.iter().map(|mk| y_of(axis, mk.0)),
                m.mark.height + MARK_SPACE,
            );
            let x = match side {
                Side::Client => 0.0,
                Side::Server => wire,
            };
            for (mk, y) in marks.iter().zip(ys) {
                let text = match mk.2 {
                    LaneMark::Call(i) => {
                        let c = &model.calls[i];
                        format!("{}(){}", c.call, if c.error.is_some() { " ✕" } else { "" })
                    }
                    LaneMark::State(i) => model.states[i].to.name().to_owned(),
                };
                let w = m.mark.pad + text_width(&text, m.mark.px, Some(m.mark.mono));
                let h = m.mark.height;
                take(
                    &mut taken,
                    &mut boxes,
                    Rect {
                        x0: x - w / 2.0,
                        x1: x + w / 2.0,
                        y0: y - h / 2.0,
                        y1: y + h / 2.0,
                    },
                );
                lanes.push((side, y, mk.2));
            }
        }

        // 2. Where faults happened: a loss's ✕ and words, delays, holds and releases.
        for p in &model.paths {
            if let Motion::Dropped { t, x, .. } = p.motion {
                let (x, y) = (screen_x(p.from, x) * wire, y_of(axis, t));
                let text = format!("{} {}", p.id, Msg::Lost.text(input.lang));
                let w = 1.4 * m.rem + m.small.pad + text_width(&text, m.small.px, None);
                let h = m.small.height.max(1.1 * m.rem);
                take(
                    &mut taken,
                    &mut boxes,
                    Rect {
                        x0: x - 0.5 * m.rem,
                        x1: x - 0.5 * m.rem + w,
                        y0: y - h / 2.0,
                        y1: y + h / 2.0,
                    },
                );
            }
            for mark in &p.marks {
                let (PathMark::Delayed { t, x, .. }
                | PathMark::Held { t, x }
                | PathMark::Released { t, x }) = *mark;
                let (x, y) = (screen_x(p.from, x) * wire, y_of(axis, t));
                let w = m.small.pad + text_width(&fault_text(mark, input.lang), m.small.px, None);
                let h = m.small.height;
                take(
                    &mut taken,
                    &mut boxes,
                    Rect {
                        x0: x - w / 2.0,
                        x1: x + w / 2.0,
                        y0: y + 0.25 * h,
                        y1: y + 1.25 * h,
                    },
                );
            }
        }

        // 3. Timers beside their lifelines: the label in the middle of its bar, or nearer an end
        // of a long one, or none (its bar stays, and says what it is to a pointer).
        let timer_box = |span: &TimerSpan, y: f64| {
            let w = m.small.pad + text_width(&timer_text(span, input.lang), m.small.px, None);
            let inset = 0.9 * m.rem;
            let (x0, x1) = match span.side {
                Side::Client => (inset, inset + w),
                Side::Server => (wire - inset - w, wire - inset),
            };
            let h = m.small.height;
            Rect {
                x0,
                x1,
                y0: y - h / 2.0,
                y1: y + h / 2.0,
            }
        };
        let timer_places = |y0: f64, y1: f64| {
            let h = m.small.height;
            let mid = (y0 + y1) / 2.0;
            let mut ys = vec![mid];
            if y1 - y0 > 3.0 * h {
                ys.extend([y0 + h, y1 - h, mid - h, mid + h]);
            }
            ys
        };
        let mut timers = Vec::new();
        for (first, last, y0, y1) in timer_bars(&model.timers, axis) {
            let span = &model.timers[first];
            let at = timer_places(y0, y1)
                .into_iter()
                .map(|y| timer_box(span, y))
                .find(|r| taken.is_free(r));
            if let Some(r) = at {
                take(&mut taken, &mut boxes, r);
            }
            timers.push((first, last, y0, y1, at.map(|r| (r.y0 + r.y1) / 2.0)));
        }
        // A running timer's label stays at the top of its bar while the bar grows to the present.
        let mut running = Vec::new();
        for (i, span) in model
            .timers
            .iter()
            .enumerate()
            .filter(|(_, t)| t.end.is_none())
        {
            let y0 = y_of(axis, span.at);
            let h = m.small.height;
            let at = [y0 + h / 2.0 + 2.0, y0 + 1.5 * h + 4.0, y0 + 2.5 * h + 6.0]
                .into_iter()
                .map(|y| timer_box(span, y))
                .find(|r| taken.is_free(r));
            if let Some(r) = at {
                take(&mut taken, &mut boxes, r);
            }
            running.push((i, at.map(|r| (r.y0 + r.y1) / 2.0)));
        }

        // 4. Segment labels: the selected one first, then in the order their arrows' middles
        // come. Each takes the first free place: along the middle of its arrow in full, or near
        // its sender with its flags only; else it is left out.
        // First the labels `ahead` placed that this layout would place the same: they come
        // first in both, in the same order (`build_after`).
        let before_labels = boxes.len();
        let n = model.paths.len();
        let taken_over: &[usize] = match ahead.and_then(|a| a.trail.as_deref().map(|t| (a, t))) {
            Some((a, trail)) if input.selected.is_none() => {
                let clear_above = a.differs_from(&boxes, model, axis, input, &m);
                let k = trail.reach.partition_point(|&r| r < clear_above);
                let over = &trail.order[..k];
                if over.iter().all(|&i| i < n) {
                    over
                } else {
                    debug_assert!(false, "a label taken over from a path this run lacks");
                    &[]
                }
            }
            _ => &[],
        };
        let same = taken_over.len();
        let mut placed = Vec::new();
        let mut labels = Vec::new();
        if let Some(trail) = ahead.and_then(|a| a.trail.as_deref()) {
            for &(k, r, at) in trail.placed.iter().take_while(|p| p.0 < same) {
                take(&mut taken, &mut boxes, r);
                labels.push(at);
                placed.push((k, r, at));
            }
        }
        // Then the others: the selected one first, then by their arrows' middles. Each path's
        // leg and key found once, not at every comparison; ties keep the paths' order.
        let mut others = vec![true; n];
        for &i in taken_over {
            others[i] = false;
        }
        let others: Vec<usize> = (0..n).filter(|&i| others[i]).collect();
        let mut legs = vec![((0.0, 0.0), (0.0, 0.0)); n];
        for &i in &others {
            legs[i] = label_leg(&model.paths[i]);
        }
        let keys: Vec<f64> = others.iter().map(|&i| on_leg(legs[i], 0.5).0).collect();
        let (first, rest): (Vec<usize>, Vec<usize>) = handshake_core::sort::order_by_f64(&keys)
            .into_iter()
            .map(|k| others[k])
            .partition(|&i| input.selected == Some(model.paths[i].id));
        let order: Vec<usize> = taken_over
            .iter()
            .copied()
            .chain(first)
            .chain(rest)
            .collect();
        #[cfg(debug_assertions)]
        {
            let keys: Vec<f64> = model
                .paths
                .iter()
                .map(|p| on_leg(label_leg(p), 0.5).0)
                .collect();
            let (mut all, rest): (Vec<usize>, Vec<usize>) =
                handshake_core::sort::order_by_f64(&keys)
                    .into_iter()
                    .partition(|&i| input.selected == Some(model.paths[i].id));
            all.extend(rest);
            debug_assert_eq!(order, all, "the labels taken over came in another order");
        }
        let mut cache = input.sizes.map(RefCell::borrow_mut);
        // The labels go down the ladder: each height is looked up from the last one's.
        let heights = axis.cursor();
        for (k, &i) in order.iter().enumerate().skip(same) {
            let p = &model.paths[i];
            let sizes = match cache.as_mut() {
                Some(c) => c.get(i, p, input.absolute, input.lang, &m),
                None => measure_label(p, input.absolute, input.lang, &m),
            };
            let selected = input.selected == Some(p.id);
            let leg = legs[i];
            let place = |size: LabelSize, f: f64| {
                let (w, h) = sizes[usize::from(size == LabelSize::Short)];
                let w = w.min(0.96 * wire);
                let (t, x) = on_leg(leg, f);
                let xs = screen_x(p.from, x);
                let (cx, y) = (xs * wire, TOP + heights.y_ms(t));
                let r = Rect {
                    x0: cx - w / 2.0,
                    x1: cx + w / 2.0,
                    y0: y - LABEL_LIFT - h,
                    y1: y - LABEL_LIFT,
                };
                (r, (i, xs, y, size))
            };
            let places = FULL_AT
                .iter()
                .map(|&f| place(LabelSize::Full, f))
                .chain(SHORT_AT.iter().map(|&f| place(LabelSize::Short, f)));
            let mut chosen = None;
            for (r, at) in places {
                if taken.is_free(&r) {
                    chosen = Some((r, at));
                    break;
                }
            }
            // The selected segment always shows its label, in full, even over another's.
            if chosen.is_none() && selected {
                chosen = Some(place(LabelSize::Full, FULL_AT[0]));
            }
            if let Some((r, at)) = chosen {
                take(&mut taken, &mut boxes, r);
                labels.push(at);
                placed.push((k, r, at));
            }
        }
        let trail = keep_trail.then(|| {
            // The places along an arrow go down with the fraction of the way: its first and
            // its last are the highest and the lowest.
            let (lo, hi) = FULL_AT
                .iter()
                .chain(&SHORT_AT)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &f| {
                    (lo.min(f), hi.max(f))
                });
            let mut deepest = f64::NEG_INFINITY;
            let reach = order
                .iter()
                .map(|&i| {
                    let bottom = |f| TOP + heights.y_ms(on_leg(legs[i], f).0) - LABEL_LIFT;
                    deepest = deepest.max(bottom(lo)).max(bottom(hi));
                    deepest
                })
                .collect();
            Box::new(LabelTrail {
                order: order.clone(),
                reach,
                placed,
            })
        });
        handshake_core::sort::sort_by_key(&mut labels, |l| l.0);

        // 5. Compressed waits, in the client's outer margin.
        let mut gaps = Vec::new();
        for (a, b) in axis.idle_gaps(GAP_LABEL_MS, input.now) {
            let y = (y_of(axis, a) + y_of(axis, b)) / 2.0;
            let w = m.gap.pad + text_width(&gap_text(a, b, input.lang), m.gap.px, Some(m.gap.mono));
            let h = m.gap.height;
            let at = [y, y - h, y + h]
                .into_iter()
                .map(|y| Rect {
                    x0: -m.outer,
                    x1: -m.outer + w,
                    y0: y - h / 2.0,
                    y1: y + h / 2.0,
                })
                .find(|r| taken.is_free(r));
            if let Some(r) = at {
                take(&mut taken, &mut boxes, r);
            }
            gaps.push((a, b, at.map(|r| (r.y0 + r.y1) / 2.0)));
        }
        MarksLayout {
            labels,
            lanes,
            timers,
            running,
            gaps,
            boxes,
            taken,
            before_labels,
            trail,
        }
    }

    /// The highest y at which this layout (the run at a later present) and the one being made
    /// (its lane marks, faults and timers are `boxes`; its model `model`) may differ in a box
    /// a label sees: the first box of the two before the labels that is not in the other,
    /// grown as boxes are taken; segments on their way at the present, and everything after
    /// the present, each with room above for a label over its arrow.
    fn differs_from(
        &self,
        boxes: &[Rect],
        model: &LadderModel,
        axis: &TimeAxis,
        input: &LayoutInput<'_>,
        m: &Metrics,
    ) -> f64 {
        let sorted = |b: &[Rect]| {
            let mut b = b.to_vec();
            handshake_core::sort::sort_by(&mut b, |p, q| {
                p.y0.total_cmp(&q.y0)
                    .then(p.y1.total_cmp(&q.y1))
                    .then(p.x0.total_cmp(&q.x0))
                    .then(p.x1.total_cmp(&q.x1))
            });
            b
        };
        let (mine, theirs) = (&self.boxes[..self.before_labels], boxes);
        // A box with no place (NaN) would sort anywhere and hide a difference: take none over.
        let unplaced = |r: &Rect| [r.x0, r.x1, r.y0, r.y1].iter().any(|v| v.is_nan());
        if mine.iter().chain(theirs).any(unplaced) {
            return f64::NEG_INFINITY;
        }
        let (mine, theirs) = (sorted(mine), sorted(theirs));
        let first_apart = mine
            .iter()
            .zip(&theirs)
            .position(|(a, b)| a != b)
            .unwrap_or(mine.len().min(theirs.len()));
        let boxes_apart = [mine.get(first_apart), theirs.get(first_apart)]
            .into_iter()
            .flatten()
            .map(|r| r.y0 - MARK_SPACE / 2.0)
            .fold(f64::INFINITY, f64::min);
        // A label over an arrow that starts at `t` reaches this high: one that is as tall as
        // four lines, to be safe (a phone's labels have two).
        let room = LABEL_LIFT + 4.0 * m.label.height.max(m.rem) + MARK_SPACE;
        let from = |t: f64| TOP + axis.y_ms(t) - room;
        model
            .active()
            .map(|p| from(p.start()))
            .fold(from(input.now), f64::min)
            .min(boxes_apart)
            - 1.0
    }

    /// Where the present's time chip (`text`, centred on the present's line at `now_y`) covers
    /// no word: the line's left end if that is free (always on a projector, whose margin is
    /// wider than a state's name), else its right end, else the first free place along the
    /// line from the left. On a phone the present stopped at a state change sits on that
    /// state's mark, at one end or at both. `None` if no place is free (a phone's fitted view
    /// of a burst: words all along the line).
    ///
    /// `capsules` are the x of the segments drawn on the line (over the chip), which it keeps
    /// clear of too.
    pub fn chip_at(&self, now_y: f64, text: &str, m: &Metrics, capsules: &[f64]) -> Option<ChipAt> {
        // Half a capsule's width, generously (a phone's `[ACK] +199` is about 4 rem wide).
        let half = 2.5 * m.rem;
        let free = |at: ChipAt| {
            let r = at.rect(now_y, text, m);
            self.taken.is_free(&r)
                && capsules
                    .iter()
                    .all(|&x| x + half <= r.x0 || x - half >= r.x1)
        };
        if free(ChipAt::Left) {
            return Some(ChipAt::Left);
        }
        if free(ChipAt::Right) {
            return Some(ChipAt::Right);
        }
        let left = ChipAt::Left.rect(now_y, text, m);
        let (w, last) = (
            left.x1 - left.x0,
            ChipAt::Right.rect(now_y, text, m).x0 + m.outer,
        );
        let step = (w / 2.0).max(1.0);
        (1..)
            .map(|k| ChipAt::Along(f64::from(k) * step))
            .take_while(|at| matches!(at, ChipAt::Along(x) if *x < last))
            .find(|&at| free(at))
    }
}

/// A segment label's words, measured: id, badge (a retransmission's or a copy's), flags, and
/// the numbers (those a phone keeps on their own line).
struct LabelWords {
    id: String,
    badge: Option<String>,
    flags: String,
    numbers: Vec<String>,
}

impl LabelWords {
    /// Width and height of the label drawn at `size` with `m`'s fonts.
    fn size(&self, size: LabelSize, m: &Metrics) -> (f64, f64) {
        let b = m.label;
        let mono = |s: &str| text_width(s, b.px, Some(b.mono));
        let gap = 0.3 * m.rem;
        let badge = self
            .badge
            .as_ref()
            .map_or(0.0, |t| gap + text_width(t, b.px, None) + 0.5 * m.rem + 2.0);
        let line1 = mono(&self.id) + badge + gap + mono(&self.flags);
        if size == LabelSize::Short {
            return (b.pad + line1, m.label_short_height);
        }
        let kept: Vec<&String> = self
            .numbers
            .iter()
            .filter(|n| !m.label_two_lines || !(n.starts_with("Win=") || n.starts_with("MSS=")))
            .collect();
        let numbers = kept.iter().map(|n| mono(n)).sum::<f64>()
            + b.mono * kept.len().saturating_sub(1) as f64;
        let w = if m.label_two_lines {
            line1.max(numbers)
        } else {
            line1 + gap + numbers
        };
        (b.pad + w, b.height)
    }
}

fn label_words(p: &SegPath, absolute: bool, lang: Lang) -> LabelWords {
    let full = segment_label(&p.info, LadderOptions { absolute });
    let rest = full.split_once('[').map_or("", |(_, r)| r);
    let (flags, numbers) = rest.split_once(']').unwrap_or((rest, ""));
    let badge = match (p.info.retransmission_of, p.info.duplicate_of) {
        (Some(orig), _) => Some(format!("↻ {} {orig}", Msg::RetransmissionOf.text(lang))),
        (None, Some(orig)) => Some(format!("2× {} {orig}", Msg::CopyOf.text(lang))),
        _ => None,
    };
    LabelWords {
        id: p.id.to_string(),
        badge,
        flags: format!("[{flags}]"),
        numbers: numbers.split_whitespace().map(str::to_owned).collect(),
    }
}

/// The labels, lane marks, fault marks, finished timers and compressed waits of history (HTML
/// over the SVG: text renders and wraps better, and labels are buttons a keyboard can reach);
/// only those in the band are put in the page.
#[derive(Clone, PartialEq, Properties)]
pub struct HistoryMarksProps {
    pub model: Shared<LadderModel>,
    pub horizon: Shared<Horizon>,
    /// Where every word goes ([`MarksLayout`]).
    pub layout: Shared<MarksLayout>,
    pub selected: Option<TxId>,
    #[prop_or_default]
    pub absolute: bool,
    #[prop_or(Lang::En)]
    pub lang: Lang,
    pub onselect: Callback<Option<TxId>>,
    #[prop_or(Band::EVERYTHING)]
    pub band: Band,
}

#[function_component(HistoryMarks)]
pub fn history_marks(props: &HistoryMarksProps) -> Html {
    let lang = props.lang;
    let axis = &props.horizon.axis;
    let model = &props.model;
    let band = props.band;
    let layout = &props.layout;

    // Segment labels, where the layout found them room: in full along the middle of the arrow,
    // or short (flags only) near the sender, where crossing arrows part; a segment without
    // room has no label (selecting its arrow shows its fields).
    let labels = layout.labels.iter().filter(|l| band.contains(l.2)).map(|&(i, x, y, size)| {
        let lead = &model.paths[i];
        let selected = props.selected == Some(lead.id);
        let label = label_of(lead, props.absolute);
        let (rtx, copy) = (lead.info.retransmission_of, lead.info.duplicate_of);
        let id = lead.id;
        let onselect = props.onselect.clone();
        let class = classes!(
            "seg-label",
            format!("seg-label--{}", lead.from.name()),
            format!("seg-label--{}", size.name()),
            selected.then_some("seg-label--selected"),
            (!lead.is_active()).then_some("seg-label--past"),
        );
        html! {
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
                    <span class="seg-label__numbers">
                        { for label.numbers.split_whitespace().map(number) }
                    </span>
                }
            </button>
        }
    });

    // Where faults happened: ✕ where a segment was lost, delays, holds and releases.
    let mut fault_marks = Vec::new();
    for p in &model.paths {
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
            let text = fault_text(mark, lang);
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
    let timers = layout
        .timers
        .iter()
        .filter_map(|&(first, last, y0, y1, label)| {
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
                label,
                lang,
                format!("t{first}"),
            ))
        });

    // Waits drawn shorter than they lasted say how long they were (where they have room). Only
    // waits that ended are drawn, and a wait ends when something starts moving: an event, so
    // this changes with the simulator's revision, not with every frame.
    let gaps = layout.gaps.iter().filter_map(|&(a, b, y)| {
        let y = y.filter(|&y| band.contains(y))?;
        Some(html! {
            <span key={format!("g{a}")} class="ladder__gap" style={format!("top: {y:.1}px")}
                title={Msg::GapHint.text(lang)}>
                { gap_text(a, b, lang) }
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
    label: Option<f64>,
    lang: Lang,
    key: String,
) -> Html {
    let y0 = y_of(axis, span.at);
    let y1 = y_of(axis, until).max(y0 + 2.0);
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
            if let Some(y) = label {
                <span class="timer-span__label" style={format!("top: {:.1}px", y - y0)}>{ timer_text(span, lang) }</span>
            }
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
/// rest is clipped to what is left. Its label stays where the layout found it room (near the
/// top of the bar), or is left out.
fn running_timer(
    axis: &TimeAxis,
    span: &TimerSpan,
    now: f64,
    label: Option<f64>,
    lang: Lang,
    key: String,
) -> Html {
    let y0 = y_of(axis, span.at);
    let h = (y_of(axis, span.deadline) - y0).max(2.0);
    let done = running_fill(y0, y0 + h, y_of(axis, after(now).min(span.deadline)));
    html! {
        <span {key} class={classes!("timer-span", format!("timer-span--{}", span.side.name()), "timer-span--running",
                format!("timer-span--{}", span.kind.name()))}
            style={format!("top: {y0:.1}px; height: {h:.1}px")} title={Msg::TimerRunning.text(lang)}>
            <span class="timer-span__done" style={format!("transform: scaleY({:.4})", done / h)} />
            <span class="timer-span__rest" style={format!("clip-path: inset({done:.1}px 0 0 0)")} />
            if let Some(y) = label {
                <span class="timer-span__label" style={format!("top: {:.1}px", y - y0)}>{ timer_text(span, lang) }</span>
            }
        </span>
    }
}

/// Per frame, in the SVG: held segments waiting where they were parked.
fn live_svg(model: &LadderModel, live: &Live, axis: &TimeAxis, now: Instant) -> Html {
    let now_y = y_of(axis, after(ms(now)));
    let held = live.paths.iter().filter_map(|&i| {
        let p = &model.paths[i];
        let Motion::Held { t, x } = p.motion else { return None };
        let x = pct(screen_x(p.from, x));
        Some(html! {
            <line class={format!("seg__held seg__held--{}", p.from.name())}
                x1={x.clone()} y1={format!("{:.1}", y_of(axis, t))} x2={x} y2={format!("{now_y:.1}")} />
        })
    });
    html! { <g class="ladder__live">{ for held }</g> }
}

/// Where a segment on its way is drawn at `t` (ms): the point of its drawn arrow it has reached,
/// `(x from its sender, y)`, x moving with time as the segment does (used with reduced motion,
/// for the middle of its flight).
pub fn on_arrow(p: &SegPath, axis: &TimeAxis, t: f64) -> (f64, f64) {
    let end = p.end();
    let mut prev = p.points[0];
    if t <= prev.0 {
        return (prev.1, y_of(axis, prev.0));
    }
    for &next in p.points[1..].iter().chain(std::iter::once(&end)) {
        if t <= next.0 {
            let f = if next.0 > prev.0 {
                (t - prev.0) / (next.0 - prev.0)
            } else {
                1.0
            };
            let (y0, y1) = (y_of(axis, prev.0), y_of(axis, next.0));
            return (prev.1 + (next.1 - prev.1) * f, y0 + (y1 - y0) * f);
        }
        prev = next;
    }
    (end.1, y_of(axis, end.0))
}

/// Where a segment on its way is drawn while time runs: where its arrow crosses the present's
/// line (`now_y`), `(x from its sender, y)`, as a ladder is read — the line of now meets each
/// arrow where that segment is now. Its arrow starts at or above the line (it was sent) and
/// ends below it (it has not arrived), so they meet once; the point is on the arrow and on the
/// line, so every segment on the link is in view wherever the present is.
///
/// Placing it by the time gone since it left (as [`on_arrow`]) would put a segment sent in an
/// early row of a busy instant hundreds of pixels above the present (each row is 5 px, and the
/// present is drawn below its instant's last row, see timeline.rs): a burst of 200 sent at once
/// would sit up to 1,000 px above the line, out of a view that follows it.
pub fn on_present(p: &SegPath, axis: &TimeAxis, now_y: f64) -> (f64, f64) {
    let end = p.end();
    let mut prev = p.points[0];
    let mut y_prev = y_of(axis, prev.0);
    if now_y <= y_prev {
        return (prev.1, y_prev);
    }
    for &next in p.points[1..].iter().chain(std::iter::once(&end)) {
        let y_next = y_of(axis, next.0);
        if now_y <= y_next {
            let f = if y_next > y_prev {
                (now_y - y_prev) / (y_next - y_prev)
            } else {
                1.0
            };
            return (prev.1 + (next.1 - prev.1) * f, now_y);
        }
        prev = next;
        y_prev = y_next;
    }
    (end.1, y_prev)
}

/// Segments on the link (`at`: where each is, x in % and y, in the order they were sent) as
/// trains: each joins the train of the one before it when within [`CAPSULE_NEAR`] % and
/// [`CAPSULE_GAP`] px of that train's last, else starts one. A segment for which `alone` holds
/// (the selected one; a hand-made segment or an old duplicate, never one of a burst: issue 13)
/// travels alone. Each train is the indices of its members, in order.
pub fn trains(at: &[(f64, f64)], alone: impl Fn(usize) -> bool) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, &(x, y)) in at.iter().enumerate() {
        let joins = !alone(i)
            && out.last().is_some_and(|t| {
                let last = *t.last().unwrap_or(&i);
                let (lx, ly) = at[last];
                !alone(last) && (lx - x).abs() < CAPSULE_NEAR && (ly - y).abs() < CAPSULE_GAP
            });
        match out.last_mut() {
            Some(t) if joins => t.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

/// Where each segment on the link is drawn: `at[k]` (x in percent of the wire, y) for path
/// `shown[k]`. (All of them: which capsules are drawn together must not depend on the band, or
/// a moving column of them would change leads, and so every capsule's element, on every frame.)
struct OnLink {
    shown: Vec<usize>,
    at: Vec<(f64, f64)>,
}

impl OnLink {
    /// The present's line is at `now_y`: every segment on its way is drawn where its arrow
    /// crosses it.
    fn of(
        model: &LadderModel,
        live: &Live,
        axis: &TimeAxis,
        props: &LadderProps,
        now_y: f64,
    ) -> OnLink {
        let mut shown: Vec<usize> = Vec::with_capacity(live.paths.len());
        let mut at: Vec<(f64, f64)> = Vec::with_capacity(live.paths.len());
        for &i in &live.paths {
            let p = &model.paths[i];
            let (x, y) = match p.motion {
                Motion::Moving { t0, arrival, .. } if props.reduced_motion => {
                    on_arrow(p, axis, (t0 + arrival) / 2.0)
                }
                Motion::Held { x, .. } => (x, now_y),
                Motion::Moving { .. } => on_present(p, axis, now_y),
                _ => continue,
            };
            shown.push(i);
            at.push((screen_x(p.from, x) * 100.0, y));
        }
        OnLink { shown, at }
    }

    /// The x (ladder pixels from the client's lifeline) of the capsules at `now_y`'s height.
    fn crossing(&self, now_y: f64, m: &Metrics) -> Vec<f64> {
        self.at
            .iter()
            .filter(|&&(_, y)| (y - now_y).abs() < CAPSULE_GAP)
            .map(|&(x, _)| x / 100.0 * m.wire.max(1.0))
            .collect()
    }
}

/// Per frame, in HTML: capsules of the segments on the link and the running timers.
fn live_marks(
    model: &LadderModel,
    live: &Live,
    layout: &MarksLayout,
    on_link: &OnLink,
    axis: &TimeAxis,
    props: &LadderProps,
    lang: Lang,
) -> Html {
    let now = ms(props.now);
    let timers = live.timers.iter().map(|&i| {
        let label = layout.running.iter().find(|r| r.0 == i).and_then(|r| r.1);
        running_timer(axis, &model.timers[i], now, label, lang, format!("r{i}"))
    });
    let now_y = y_of(axis, after(now));
    let OnLink { shown, at } = on_link;
    let selected = props
        .selected
        .and_then(|s| shown.iter().position(|&i| model.paths[i].id == s));
    let capsule = |k: usize, more: usize, key: String| {
        let p = &model.paths[shown[k]];
        let (sx, sy) = at[k];
        let held = matches!(p.motion, Motion::Held { .. });
        let (flags, copy, rtx) = (
            p.info.flags.to_string(),
            p.info.duplicate_of.is_some(),
            p.info.retransmission_of.is_some(),
        );
        let id = p.id;
        let onselect = props.onselect.clone();
        let label = format!(
            "{id} {flags}{} — {}",
            if more > 0 {
                format!(" {}", and_more(more, lang))
            } else {
                String::new()
            },
            if held {
                Msg::CapsuleHeldHint.text(lang)
            } else {
                if props.run.recorded().is_some() {
                    // A capture has no fault menu: a capsule only selects its segment.
                    Msg::CapsuleRecordedHint.text(lang)
                } else {
                    Msg::CapsuleHint.text(lang)
                }
            }
        );
        html! {
            <div class="capsule-at" {key} style={capsule_at(sx, sy)}>
                <button type="button"
                    class={classes!("capsule", format!("capsule--{}", p.from.name()),
                        (Some(k) == selected).then_some("capsule--selected"), held.then_some("capsule--held"))}
                    data-tx={id.to_string()} aria-label={label}
                    onclick={Callback::from(move |_: MouseEvent| onselect.emit(Some(id)))}>
                    if held { <span class="capsule__held" aria-hidden="true">{ "‖ " }</span> }
                    if copy { <span class="capsule__mark" aria-hidden="true">{ "2×" }</span> }
                    if rtx { <span class="capsule__mark" aria-hidden="true">{ "↻" }</span> }
                    <span class="capsule__id">{ id.to_string() }</span>
                    <span class="capsule__flags">{ flags }</span>
                    if more > 0 { <span class="capsule__count" aria-hidden="true">{ format!("+{more}") }</span> }
                </button>
            </div>
        }
    };
    // A train: one capsule counts the others; a long one (with reduced motion, capsules in the
    // middle of their arrows) has a rail from its first to its last and its capsule where it
    // crosses the present's line. (Keyed by the train's first segment, so the capsule stays one
    // element while it moves along the train.)
    let alone = |k: usize| {
        let id = model.paths[shown[k]].id;
        Some(k) == selected || id.injected || id.age.is_some()
    };
    let capsules = trains(at, alone)
        .into_iter()
        .filter(|t| t.iter().any(|&k| props.band.contains(at[k].1)))
        .flat_map(|t| {
            let (first, last) = (t[0], t[t.len() - 1]);
            let key = format!("cap-{}", model.paths[shown[first]].id);
            // Down the ladder (reduced motion: capsules in the middle of their arrows), or along
            // the present's line (where moving segments are drawn): a burst's parallel arrows
            // cross the line side by side.
            let down = at[last].1 - at[first].1;
            let (x_min, x_max) = t.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &k| {
                (a.min(at[k].0), b.max(at[k].0))
            });
            let across = (x_max - x_min) / 100.0 * props.metrics.wire;
            if down < 2.0 * CAPSULE_GAP && across < 2.0 * CAPSULE_GAP {
                return vec![capsule(first, t.len() - 1, key)];
            }
            // Its capsule: where it crosses the present's line, or, along the line, in its
            // middle (clear of the lanes' state tags at either end).
            let nearest = if down >= 2.0 * CAPSULE_GAP {
                t.iter()
                    .copied()
                    .min_by(|&a, &b| (at[a].1 - now_y).abs().total_cmp(&(at[b].1 - now_y).abs()))
                    .unwrap_or(first)
            } else {
                t[t.len() / 2]
            };
            let side = model.paths[shown[first]].from.name();
            let rail_key = format!("rail-{}", model.paths[shown[first]].id);
            let rail = if down >= 2.0 * CAPSULE_GAP {
                let (x, y0) = at[first];
                html! {
                    <div class={classes!("capsule-at", "capsule-rail", format!("capsule-rail--{side}"))}
                        key={rail_key}
                        style={format!("{}; --rail: {down:.1}px", capsule_at(x, y0))} aria-hidden="true" />
                }
            } else {
                html! {
                    <div class={classes!("capsule-at", "capsule-rail", "capsule-rail--across", format!("capsule-rail--{side}"))}
                        key={rail_key}
                        style={format!("{}; --rail: {:.3}%", capsule_at(x_min, at[first].1), x_max - x_min)} aria-hidden="true" />
                }
            };
            vec![
                rail,
                capsule(nearest, t.len() - 1, key),
            ]
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

    #[test]
    fn a_label_is_anchored_on_the_first_moving_leg_of_the_polyline() {
        // The anchor as it was found from the polyline (copied) before `label_leg`.
        fn from_polyline(p: &SegPath, f: f64) -> (f64, f64) {
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
        let mut paths = 0;
        for preset in handshake_core::presets::PRESETS {
            let mut sim = crate::test_util::preset_sim(preset.slug);
            // Part-way (paths in flight, held, just sent) and at the end.
            for until in [Some(1_050), None] {
                match until {
                    Some(ms) => sim.run_until(Instant::from_millis(ms)),
                    None => sim.run_to_end(),
                }
                for p in &LadderModel::build(&sim).paths {
                    let legs: Vec<_> = p.legs().collect();
                    let windows: Vec<_> = p.polyline().windows(2).map(|w| (w[0], w[1])).collect();
                    assert_eq!(legs, windows, "{} {}", preset.slug, p.id);
                    for f in FULL_AT.iter().chain(&SHORT_AT) {
                        assert_eq!(on_leg(label_leg(p), *f), from_polyline(p, *f), "{}", p.id);
                    }
                    paths += 1;
                }
            }
        }
        assert!(paths > 100);
        // Made by hand: held where it was sent, then sent on (its first leg does not move); and
        // a leg of no time (a link without latency).
        let mut p =
            LadderModel::build(&crate::test_util::run_until("lost-syn", 0)).paths[0].clone();
        for (points, motion) in [
            (vec![(0.0, 0.0), (40.0, 0.0)], Motion::Arrived { t: 90.0 }),
            (
                vec![(10.0, 0.0), (10.0, 0.7)],
                Motion::Held { t: 30.0, x: 0.7 },
            ),
            (
                vec![(10.0, 0.0)],
                Motion::Dropped {
                    t: 10.0,
                    x: 0.0,
                    reason: FaultSource::User,
                },
            ),
        ] {
            (p.points, p.motion) = (points, motion);
            assert_eq!(
                p.legs().collect::<Vec<_>>(),
                p.polyline()
                    .windows(2)
                    .map(|w| (w[0], w[1]))
                    .collect::<Vec<_>>()
            );
            for f in FULL_AT.iter().chain(&SHORT_AT) {
                assert_eq!(
                    on_leg(label_leg(&p), *f),
                    from_polyline(&p, *f),
                    "{:?}",
                    p.points
                );
            }
        }
    }

    fn layout(
        preset: &str,
        until_ms: u64,
        metrics: Metrics,
        selected: Option<&str>,
    ) -> (LadderModel, MarksLayout) {
        let sim = crate::test_util::run_until(preset, until_ms);
        let mut end = sim.clone();
        end.run_to_end();
        let horizon = LadderModel::build(&end);
        let model = LadderModel::build(&sim);
        let laid = MarksLayout::build(
            &model,
            &LayoutInput {
                axis: &horizon.axis(),
                selected: selected.map(|s| s.parse().unwrap()),
                metrics,
                absolute: false,
                lang: Lang::En,
                now: ms(sim.now()),
                sizes: None,
            },
        );
        (model, laid)
    }

    fn phone() -> Metrics {
        let label = crate::placement::TextBox {
            px: 11.5,
            mono: 7.0,
            height: 30.0,
            pad: 10.0,
        };
        Metrics {
            wire: 250.0,
            rem: 16.0,
            outer: 54.0,
            label,
            label_short_height: 17.0,
            label_two_lines: true,
            ..Metrics::default()
        }
    }

    #[test]
    fn no_word_of_the_ladder_covers_another() {
        for metrics in [Metrics::default(), phone()] {
            for (preset, t) in [
                ("lost-last-ack", 20_000),
                ("simultaneous-close", 20_000),
                ("bulk-data", 2_000),
                ("lost-syn", 5_000),
                ("handshake-data-close", 20_000),
                ("fin-overtakes-data", 20_000),
            ] {
                let (model, laid) = layout(preset, t, metrics, None);
                let b = &laid.boxes;
                for i in 0..b.len() {
                    for j in i + 1..b.len() {
                        assert!(!b[i].overlaps(&b[j]), "{preset}: {:?} and {:?}", b[i], b[j]);
                    }
                }
                // Every state change and call is on its lane; labels are in path order.
                assert_eq!(
                    laid.lanes.len(),
                    model.states.len() + model.calls.len(),
                    "{preset}"
                );
                assert!(laid.labels.windows(2).all(|w| w[0].0 < w[1].0));
                assert!(!laid.labels.is_empty());
            }
        }
    }

    #[test]
    fn the_present_s_time_chip_covers_no_word_where_the_run_stops() {
        // A step stops the run at an event, often a state change: on a phone the present's line
        // then runs through that state's mark at the left end, and at lost-last-ack's 2.65 s
        // through marks at both ends.
        let mut moved = 0;
        for metrics in [Metrics::default(), phone()] {
            for preset in [
                "lost-syn",
                "lost-last-ack",
                "simultaneous-close",
                "handshake-data-close",
            ] {
                let mut end = crate::test_util::run_until(preset, 0);
                end.run_to_end();
                let horizon = LadderModel::build(&end);
                let mut stops: Vec<u64> =
                    horizon.states.iter().map(|s| s.t.ceil() as u64).collect();
                stops.dedup();
                for t in stops {
                    let sim = crate::test_util::run_until(preset, t);
                    let model = LadderModel::build(&sim);
                    let input = LayoutInput {
                        axis: &horizon.axis(),
                        selected: None,
                        metrics,
                        absolute: false,
                        lang: Lang::Ko,
                        now: ms(sim.now()),
                        sizes: None,
                    };
                    let laid = MarksLayout::build(&model, &input);
                    let now_y = y_of(&horizon.axis(), after(ms(sim.now())));
                    let text = clock(sim.now(), Lang::Ko);
                    let at = laid.chip_at(now_y, &text, &metrics, &[]);
                    let at = at.unwrap_or_else(|| panic!("{preset} at {t} ms: no room"));
                    let chip = at.rect(now_y, &text, &metrics);
                    let covered: Vec<_> = laid.boxes.iter().filter(|b| b.overlaps(&chip)).collect();
                    assert!(
                        covered.is_empty(),
                        "{preset} at {t} ms, {at:?}: {covered:?}"
                    );
                    if metrics == Metrics::default() {
                        assert_eq!(at, ChipAt::Left, "{preset} at {t} ms: a projector has room");
                    } else if at != ChipAt::Left {
                        moved += 1;
                    }
                }
            }
        }
        assert!(moved >= 3, "{moved}");
    }

    #[test]
    fn a_selected_segment_always_has_its_label_in_full() {
        // In the middle of the burst, most of the 200 labels have no room; the selected one does.
        let (model, laid) = layout("bulk-data", 1_200, Metrics::default(), Some("C150"));
        let c150 = model
            .paths
            .iter()
            .position(|p| p.id.to_string() == "C150")
            .unwrap();
        let label = laid.labels.iter().find(|l| l.0 == c150).unwrap();
        assert_eq!(label.3, LabelSize::Full);
        let (_, none) = layout("bulk-data", 1_200, Metrics::default(), None);
        assert!(none.labels.len() < 100, "{}", none.labels.len());
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
            at: start,
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

    /// `build_after` gives the layout `build` gives, box for box, for every preset at each of
    /// its instants and between them, on a projector and a phone, in both languages and both
    /// numberings; and it does take labels over (the test would pass vacuously otherwise).
    #[test]
    fn a_layout_that_takes_labels_over_from_the_end_s_is_the_same_layout() {
        let mut taken_over = 0;
        let mut labels = 0;
        for preset in handshake_core::presets::PRESETS {
            let mut end = crate::test_util::run_until(preset.slug, 0);
            end.run_to_end();
            let horizon = LadderModel::build(&end);
            let axis = horizon.axis();
            let last = ms(end.now());
            let mut moments: Vec<f64> = horizon.states.iter().map(|s| s.t).collect();
            moments.extend((0..=40).map(|k| last * f64::from(k) / 40.0));
            moments.extend(horizon.paths.iter().map(|p| p.start() + 37.0));
            for (metrics, lang, absolute) in [
                (Metrics::default(), Lang::En, false),
                (phone(), Lang::Ko, true),
            ] {
                let input = |now: f64| LayoutInput {
                    axis: &axis,
                    selected: None,
                    metrics,
                    absolute,
                    lang,
                    now,
                    sizes: None,
                };
                let ahead = MarksLayout::build_ahead(&horizon, &input(last));
                assert_eq!(
                    ahead.boxes,
                    MarksLayout::build(&horizon, &input(last)).boxes,
                    "{}",
                    preset.slug
                );
                let trail = ahead.trail.as_deref().unwrap();
                for &t in &moments {
                    let t = t.clamp(0.0, last);
                    let sim = crate::test_util::run_until(preset.slug, t.ceil() as u64);
                    let model = LadderModel::build(&sim);
                    let now = ms(sim.now());
                    let full = MarksLayout::build(&model, &input(now));
                    let after = MarksLayout::build_after(&model, &input(now), &ahead);
                    assert_eq!(after, full, "{} at {now} ms", preset.slug);
                    let clear = ahead.differs_from(
                        &full.boxes[..full.before_labels],
                        &model,
                        &axis,
                        &input(now),
                        &metrics,
                    );
                    let k = trail.reach.partition_point(|&r| r < clear);
                    taken_over += trail.placed.iter().filter(|p| p.0 < k).count();
                    labels += full.labels.len();
                }
            }
        }
        assert!(
            taken_over > labels / 3,
            "{taken_over} labels of {labels} taken over"
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
    fn every_segment_on_the_link_is_drawn_on_the_present_line_where_its_arrow_crosses_it() {
        // bulk-data at 1.0 s: 200 segments leave at once, in 200 rows; the present is drawn
        // below the last of them.
        let sim = crate::test_util::run_until("bulk-data", 1000);
        let model = LadderModel::build(&sim);
        let now_y = y_of(&model.axis(), after(ms(sim.now())));
        let moving: Vec<&SegPath> = model
            .active()
            .filter(|p| matches!(p.motion, Motion::Moving { .. }))
            .collect();
        assert!(moving.len() >= 200, "{}", moving.len());
        for p in &moving {
            let (x, y) = on_present(p, &model.axis(), now_y);
            assert_eq!(y, now_y, "{}", p.id);
            assert!((0.0..=1.0).contains(&x), "{} {x}", p.id);
            // On its arrow (one straight leg: no fault touched these).
            assert_eq!(p.points.len(), 1, "{}", p.id);
            let (start, end) = (p.points[0], p.end());
            let (y0, y1) = (y_of(&model.axis(), start.0), y_of(&model.axis(), end.0));
            assert!(y0 <= now_y && now_y <= y1, "{} {y0} {now_y} {y1}", p.id);
            let on_line = start.1 + (end.1 - start.1) * (now_y - y0) / (y1 - y0);
            assert!((x - on_line).abs() < 1e-9, "{}", p.id);
        }
        // By the time since it left, the first of the burst would be far above the present:
        // out of a view that follows it (the stage shows 280 px at 1280×720; e2e/long-session.test.mjs).
        let by_time = moving
            .iter()
            .map(|p| on_arrow(p, &model.axis(), ms(sim.now())).1)
            .fold(f64::INFINITY, f64::min);
        assert!(now_y - by_time > 450.0, "{by_time} {now_y}");
    }

    #[test]
    fn a_capsule_is_placed_by_its_transform_in_percent_of_the_wire() {
        // (Of its holder, which is as wide as the wire.)
        assert_eq!(
            capsule_at(50.0, 123.45),
            "transform: translate(50.000%, 123.5px)"
        );
    }

    /// Label sizes kept from earlier layouts (forward, back, another language, the phone's
    /// metrics, absolute numbers, another run with the same ids) lay out what measuring afresh
    /// does.
    #[test]
    fn kept_label_sizes_lay_out_what_measuring_afresh_does() {
        let sizes = RefCell::new(LabelSizes::default());
        let cases: [(&str, &[u64], Metrics, bool, Lang); 5] = [
            (
                "bulk-data",
                &[1_000, 1_300, 2_500, 1_200],
                Metrics::default(),
                false,
                Lang::En,
            ),
            // The same ids with other fields: kept sizes are not theirs.
            (
                "lost-last-ack",
                &[500, 2_600],
                Metrics::default(),
                false,
                Lang::En,
            ),
            (
                "bulk-data",
                &[2_500, 1_000, 1_900, 3_000],
                phone(),
                false,
                Lang::Ko,
            ),
            (
                "lost-last-ack",
                &[13_000, 900],
                Metrics::default(),
                true,
                Lang::En,
            ),
            (
                "simultaneous-close",
                &[100, 400, 700, 2_000],
                phone(),
                true,
                Lang::Ko,
            ),
        ];
        for (preset, times, metrics, absolute, lang) in cases {
            for &ms_ in times {
                let sim = crate::test_util::run_until(preset, ms_);
                let mut end = sim.clone();
                end.run_to_end();
                let horizon = LadderModel::build(&end).axis();
                let model = LadderModel::build(&sim);
                let input = |sizes| LayoutInput {
                    axis: &horizon,
                    selected: None,
                    metrics,
                    absolute,
                    lang,
                    now: ms(sim.now()),
                    sizes,
                };
                assert_eq!(
                    MarksLayout::build(&model, &input(Some(&sizes))),
                    MarksLayout::build(&model, &input(None)),
                    "{preset} at {ms_} ms"
                );
            }
        }
        assert!(!sizes.borrow().sizes.is_empty());
    }
}
