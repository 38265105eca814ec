//! The stage: the two endpoint cards (sticky at the top) and, between their lifelines, the
//! ladder, in one scrolling box. The client's lifeline is the wire's left edge (0 %), the
//! server's its right edge (100 %): `web/styles/stage.css` makes the wire span exactly from the
//! client card's centre to the server card's, so a segment is an arrow from 0 % to 100 % (or
//! back) at any screen width; `e2e/shell.test.mjs` checks that the cards sit on these lines.
//! The view follows the present unless the user scrolls away; a "follow" button brings it back.
//!
//! The stage tells the ladder which [`Band`] of it is in view, so a long history is only drawn
//! near the view: while following, from where the present will be scrolled to; otherwise from
//! the scroll position. The box's size and scroll position are read in the scroll and resize
//! handlers (when the page's layout is fresh), never in the frame's render or effects, so that
//! following the present does not force a layout in the middle of a frame.

use handshake_core::sim::{Side, TxId};
use handshake_core::trace::TraceKind;
use handshake_core::{Instant, TimerKind};
use yew::prelude::*;

use crate::components::EndpointHeader;
use crate::components::ladder::{Ladder, TOP};
use crate::components::timers::TimerView;
use crate::i18n::{Msg, use_lang};
use crate::lab::{Action, Horizon};
use crate::placement::{Metrics, TextBox};
use crate::run::Run;
use crate::shared::Shared;
use crate::sim_handle::SimHandle;
use crate::timeline::{Band, after, ms};
use handshake_explain::format::RtoChain;

/// Where the present sits in the visible part of the ladder while following (from the top).
const FOLLOW_AT: f64 = 0.62;
/// The height of the visible part of the ladder assumed before the stage has been measured.
const UNMEASURED_VIEW: f64 = 600.0;
/// Fitting the whole run: the room kept below the ladder for the dock's buttons…
const FIT_DOCK: f64 = 56.0;
/// …and below the run's last instant for its labels.
const FIT_BOTTOM: f64 = 24.0;

/// The scale that fits a run `full` pixels tall (at full scale) in a view `visible` pixels tall,
/// with the ladder's top margin and room below; never larger than full scale.
pub fn fit_scale(full: f64, visible: f64) -> f64 {
    let room = (visible - FIT_DOCK - TOP - FIT_BOTTOM).max(1.0);
    if full <= room { 1.0 } else { room / full }
}

/// The scroll position that puts the present (`now_y`, in the ladder's pixels) at
/// [`FOLLOW_AT`] of a view `visible` pixels tall.
pub fn follow_scroll_top(now_y: f64, visible: f64) -> f64 {
    (now_y - visible * FOLLOW_AT).max(0.0).round()
}

/// What the stylesheet makes of the ladder's words, read from the ladder's probes (ladder.rs)
/// when the stage is first drawn and when the window changes size: `None` before the ladder is
/// in the page.
fn read_metrics(stage: &web_sys::Element) -> Option<Metrics> {
    let window = web_sys::window()?;
    let probe = |name: &str| {
        stage
            .query_selector(&format!(".ladder__probes [data-probe={name}]"))
            .ok()
            .flatten()
    };
    let width = |el: &web_sys::Element| el.get_bounding_client_rect().width();
    let height = |el: &web_sys::Element| el.get_bounding_client_rect().height();
    let font_px = |el: &web_sys::Element| {
        window
            .get_computed_style(el)
            .ok()
            .flatten()
            .and_then(|cs| cs.get_property_value("font-size").ok())
            .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
    };
    let mono = probe("mono")?;
    let mono_text = mono.first_element_child()?;
    let label_px = font_px(&mono)?;
    let advance = width(&mono_text) / 10.0;
    let full = probe("full")?;
    let id = full.first_element_child()?;
    let numbers = full.last_element_child()?;
    let box_of = |name: &str| -> Option<TextBox> {
        let el = probe(name)?;
        let px = font_px(&el)?;
        let adv = advance * px / label_px;
        Some(TextBox {
            px,
            mono: adv,
            height: height(&el),
            pad: (width(&el) - 10.0 * adv).max(0.0),
        })
    };
    let small = probe("small")?;
    let small_empty = probe("small-empty")?;
    let wire = stage.query_selector(".stage__wire").ok().flatten()?;
    let lane = stage.query_selector(".stage__lanes .lane").ok().flatten()?;
    let rem = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|root| font_px(&root))?;
    Some(Metrics {
        wire: width(&wire),
        rem,
        outer: width(&lane) / 2.0,
        label: TextBox {
            px: label_px,
            mono: advance,
            height: height(&full),
            pad: width(&mono) - width(&mono_text),
        },
        label_short_height: height(&probe("short")?),
        label_two_lines: numbers.get_bounding_client_rect().top()
            > id.get_bounding_client_rect().bottom() - 1.0,
        mark: box_of("mark")?,
        small: TextBox {
            px: font_px(&small)?,
            mono: advance,
            height: height(&small),
            pad: width(&small_empty),
        },
        gap: box_of("gap")?,
    })
}

/// What the stage knows of its box, as last read in a scroll or resize handler.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct ViewBox {
    scroll_top: f64,
    /// The part of the box the ladder shows: its height minus the sticky lane cards.
    visible: f64,
    /// The largest scroll position.
    max_scroll: f64,
    measured: bool,
    /// The ladder's words ([`read_metrics`]), read with the box.
    metrics: Option<Metrics>,
}

impl ViewBox {
    /// The box, keeping the words' sizes of `self` (they are read while the ladder shows its
    /// probes: see the stage's probing effect).
    fn read(&self, stage: &web_sys::Element, lanes: Option<&web_sys::Element>) -> ViewBox {
        ViewBox {
            metrics: self.metrics,
            ..ViewBox::read_box(stage, lanes)
        }
    }

    /// The box alone (on scroll: no style is read).
    fn read_box(stage: &web_sys::Element, lanes: Option<&web_sys::Element>) -> ViewBox {
        let head = lanes.map_or(0.0, |h| f64::from(h.client_height()));
        let height = f64::from(stage.client_height());
        ViewBox {
            scroll_top: f64::from(stage.scroll_top()),
            visible: (height - head).max(0.0),
            max_scroll: f64::from(stage.scroll_height()) - height,
            measured: true,
            metrics: None,
        }
    }

    fn visible_or_guess(&self) -> f64 {
        if self.measured && self.visible > 0.0 {
            self.visible
        } else {
            UNMEASURED_VIEW
        }
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct StageProps {
    /// The lab's simulation, or a recording (a capture) played to `now`.
    pub run: Run,
    pub horizon: Shared<Horizon>,
    pub now: Instant,
    #[prop_or_default]
    pub selected: Option<TxId>,
    #[prop_or_default]
    pub absolute: bool,
    #[prop_or_default]
    pub reduced_motion: bool,
    /// Time runs (see `LadderProps::playing`).
    #[prop_or_default]
    pub playing: bool,
    #[prop_or(true)]
    pub follow: bool,
    /// The time axis is shrunk so that the whole run fits in the box.
    #[prop_or_default]
    pub fit: bool,
    #[prop_or_default]
    pub onselect: Callback<Option<TxId>>,
    #[prop_or_default]
    pub onfollow: Callback<bool>,
    /// The fit button's `Action::ToggleFit`.
    #[prop_or_default]
    pub ondispatch: Callback<Action>,
    /// Drawn over the bottom of the stage (the fault menu).
    #[prop_or_default]
    pub children: Html,
    /// Under the lane cards (issue 13: a side's listener and connections, when it has several).
    #[prop_or_default]
    pub lanes_extra: Html,
    /// More marks over the ladder, on its axis (see `LadderProps::overlay`).
    #[prop_or_default]
    pub overlay: Option<Callback<Shared<Horizon>, Html>>,
}

/// The running timers of one side, for its card.
pub fn timer_views(sim: &SimHandle, side: Side) -> Vec<TimerView> {
    let sim = sim.borrow();
    sim.endpoint(side)
        .timers()
        .map(|t| {
            // The trace is in time order: only its events at `set_at` or later can be the restart
            // (a long session's trace is not read end to end for every timer).
            let restarted = sim
                .trace()
                .iter()
                .rev()
                .take_while(|e| e.t >= t.set_at)
                .any(|e| {
                    e.t == t.set_at
                        && matches!(e.kind, TraceKind::Timer { side: s, kind, action: handshake_core::endpoint::TimerAction::Restart, .. }
                            if s == side && kind == t.kind)
                });
            // The rule of its length, from the event that started it.
            let rule = sim
                .trace()
                .iter()
                .rev()
                .take_while(|e| e.t >= t.set_at)
                .find_map(|e| match e.kind {
                    TraceKind::Timer { side: s, kind, rule, .. }
                        if e.t == t.set_at && s == side && kind == t.kind =>
                    {
                        Some(rule)
                    }
                    _ => None,
                })
                .flatten();
            TimerView {
                kind: t.kind,
                rule,
                set_at_ms: ms(t.set_at),
                deadline_ms: ms(t.deadline),
                restarted,
                rto: (t.kind == TimerKind::Retransmission)
                    .then(|| RtoChain::of_timer(sim.trace(), side, t.set_at, 3))
                    .flatten(),
            }
        })
        .filter(|t| t.kind != TimerKind::FinWait2 || t.deadline_ms > 0.0)
        .collect()
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let lang = use_lang();
    let scroller = use_node_ref();
    let lanes = use_node_ref();
    let view = use_mut_ref(ViewBox::default);
    // The band the last render drew, and the scrollTop this component set last (a scroll
    // elsewhere is the user's).
    let drawn = use_mut_ref(|| Band::EVERYTHING);
    let set_by_us = use_mut_ref(|| None::<f64>);
    // Whether the ladder is to draw its probes, for the words' sizes to be measured.
    let probing = use_mut_ref(|| true);
    let redraw = use_force_update();
    let visible = view.borrow().visible_or_guess();
    // Fitting the whole run, the ladder is drawn on a shrunk copy of the axis; the control bar
    // keeps the full one.
    let whole = fit_scale(
        props
            .horizon
            .axis
            .y_ms(after(ms(props.horizon.end.max(props.now)))),
        visible,
    );
    // The fit button is offered when the run is taller than the box (or while fitting).
    let offer_fit = props.fit || whole < 1.0;
    let scale = if props.fit {
        // Rounded, so the shrunk axis (and the history drawn on it) changes only when the run
        // or the box does.
        (whole * 1000.0).floor() / 1000.0
    } else {
        1.0
    };
    let horizon = use_memo(
        (props.horizon.clone(), (scale * 1000.0) as i64),
        move |(horizon, _)| {
            if scale < 1.0 {
                Shared(std::rc::Rc::new(Horizon {
                    axis: horizon.axis.scaled(scale),
                    ..(**horizon).clone()
                }))
            } else {
                horizon.clone()
            }
        },
    );
    let horizon: Shared<Horizon> = (*horizon).clone();
    // Below all the rows of the present's instant, where the ladder draws the present.
    let now_y = TOP + horizon.axis.y_ms(after(ms(props.now)));
    let band = if props.fit {
        Band::EVERYTHING
    } else if props.follow {
        Band::around(follow_scroll_top(now_y, visible), visible)
    } else {
        Band::around(view.borrow().scroll_top, visible)
    };
    *drawn.borrow_mut() = band;

    {
        let scroller = scroller.clone();
        let lanes = lanes.clone();
        let view = view.clone();
        let set_by_us = set_by_us.clone();
        let follow = props.follow;
        let fit = props.fit;
        let redraw = redraw.clone();
        // Before the frame is painted even when Yew yields before its effects (a long
        // session's seek): the ladder's new band at the old scroll position is an empty ladder.
        crate::hooks::use_effect_before_paint_with(
            (now_y.round() as i64, follow, fit),
            move |&(y, follow, fit)| {
                if !(follow || fit) {
                    // The user's scroll: the next follow sets the position again, whatever it
                    // was.
                    *set_by_us.borrow_mut() = None;
                }
                if let (true, Some(el)) = (follow || fit, scroller.cast::<web_sys::Element>()) {
                    if !view.borrow().measured {
                        // Once, before the first scroll or resize event has told us.
                        let read = view
                            .borrow()
                            .read(&el, lanes.cast::<web_sys::Element>().as_ref());
                        *view.borrow_mut() = read;
                        if fit {
                            // The fit's scale was a guess: draw it again for the box measured.
                            redraw.force_update();
                        }
                    }
                    // The whole run fits: nothing to scroll to.
                    let target = if fit {
                        0.0
                    } else {
                        follow_scroll_top(y as f64, view.borrow().visible_or_guess())
                    };
                    // Setting scrollTop lays the page out (to clamp it): the frame's one layout,
                    // done here instead of after the effects. Reading nothing back keeps it one;
                    // and a position already set (the present near the top, where the target
                    // stays 0) is not set again.
                    if *set_by_us.borrow() != Some(target) {
                        el.set_scroll_top(target as i32);
                        *set_by_us.borrow_mut() = Some(target);
                    }
                }
            },
        );
    }
    // The ladder's words are measured from its probes, which it draws only when asked: on the
    // first render and after a resize. Once measured the probes go, and the history is laid out
    // again with the sizes found.
    {
        let scroller = scroller.clone();
        let view = view.clone();
        let redraw = redraw.clone();
        let probing = probing.clone();
        use_effect(move || {
            if !*probing.borrow() {
                return;
            }
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                let metrics = read_metrics(&el).or(view.borrow().metrics);
                view.borrow_mut().metrics = metrics;
                *probing.borrow_mut() = false;
                // Drawn again without the probes, with the words' sizes found.
                redraw.force_update();
            }
        });
    }
    // A new size (window, rotation) changes what is visible: read it again and draw the band.
    {
        let scroller = scroller.clone();
        let lanes = lanes.clone();
        let view = view.clone();
        let redraw = redraw.clone();
        let probing = probing.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo::events::EventListener::new(&window, "resize", move |_| {
                    if let Some(el) = scroller.cast::<web_sys::Element>() {
                        let read = view
                            .borrow()
                            .read(&el, lanes.cast::<web_sys::Element>().as_ref());
                        *view.borrow_mut() = read;
                        // The words' sizes may have changed with the window: measure them.
                        *probing.borrow_mut() = true;
                        redraw.force_update();
                    }
                })
            });
            move || drop(listener)
        });
    }
    let metrics = view.borrow().metrics.unwrap_or_default();
    let onscroll = {
        let scroller = scroller.clone();
        let lanes = lanes.clone();
        let onfollow = props.onfollow.clone();
        let follow = props.follow;
        Callback::from(move |_: Event| {
            let Some(el) = scroller.cast::<web_sys::Element>() else {
                return;
            };
            // Scroll events come before the frame's callbacks: the layout read here is the one
            // the last frame computed anyway.
            // (The words' sizes change only with the window: kept from the last resize.)
            let now = ViewBox {
                metrics: view.borrow().metrics,
                ..ViewBox::read_box(&el, lanes.cast::<web_sys::Element>().as_ref())
            };
            *view.borrow_mut() = now;
            let top = now.scroll_top;
            // Ours: where we asked, or as near as the box could go (the ladder's end).
            let ours = set_by_us
                .borrow()
                .is_some_and(|t| (t - top).abs() < 3.0 || (t > top && top >= now.max_scroll - 1.0));
            if follow && !ours {
                onfollow.emit(false);
            } else if !follow && Band::around(top, now.visible_or_guess()) != *drawn.borrow() {
                redraw.force_update();
            }
        })
    };

    let [client_state, server_state] = Side::BOTH.map(|side| props.run.state(side));
    let [client_addr, server_addr] = Side::BOTH.map(|side| {
        props
            .run
            .addr(side)
            .map(|a| a.to_string())
            .unwrap_or_default()
    });
    let now_ms = ms(props.now);
    // A card's countdowns move with the present; a card without timers does not need it (and
    // then is not drawn again on every frame).
    let countdown_now = |timers: &[TimerView]| if timers.is_empty() { 0.0 } else { now_ms };
    // The timers change only when something happens; the countdowns move with `now_ms`.
    // A capture shows no timers: they are not seen on the wire.
    let timers = use_memo(props.run.clone(), |run| match run.live() {
        Some(sim) => (
            timer_views(sim, Side::Client),
            timer_views(sim, Side::Server),
        ),
        None => (Vec::new(), Vec::new()),
    });
    html! {
        <section class="stage" tabindex="-1" aria-label={Msg::StageLabel.text(lang)} ref={scroller} {onscroll}>
            <div class="stage__lanes" ref={lanes}>
                <EndpointHeader side={Side::Client} state={client_state} addr={AttrValue::from(client_addr)}
                    timers={timers.0.clone()} now_ms={countdown_now(&timers.0)} />
                <EndpointHeader side={Side::Server} state={server_state} addr={AttrValue::from(server_addr)}
                    timers={timers.1.clone()} now_ms={countdown_now(&timers.1)} />
                { props.lanes_extra.clone() }
            </div>
            <div class="stage__wire" role="group" aria-label={Msg::WireLabel.text(lang)}>
                <Ladder run={props.run.clone()} horizon={horizon.clone()} now={props.now}
                    selected={props.selected} absolute={props.absolute} reduced_motion={props.reduced_motion}
                    playing={props.playing} onselect={props.onselect.clone()} {band}
                    fit_height={props.fit.then_some((visible - FIT_DOCK).max(TOP + FIT_BOTTOM))}
                    {metrics} probes={*probing.borrow()}
                    overlay={props.overlay.clone()} />
            </div>
            <div class="stage__dock">
                <div class="stage__views">
                    if !props.follow && !props.fit {
                        <button type="button" class="stage__follow" aria-keyshortcuts="f"
                            onclick={let f = props.onfollow.clone(); Callback::from(move |_: MouseEvent| f.emit(true))}>
                            { "↓ " }{ Msg::FollowPresent.text(lang) }
                        </button>
                    }
                    if offer_fit {
                        <button type="button" class="stage__fit" aria-pressed={props.fit.to_string()} aria-keyshortcuts="o"
                            title={Msg::FitRunHint.text(lang)}
                            onclick={props.ondispatch.reform(|_: MouseEvent| Action::ToggleFit)}>
                            <span aria-hidden="true">{ "⤢ " }</span>{ Msg::FitRun.text(lang) }
                        </button>
                    }
                </div>
                { props.children.clone() }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_shrinks_a_long_run_into_the_box_and_never_enlarges_a_short_one() {
        // lost-last-ack's ladder is about 1,900 px tall; the stage shows 470 px of it.
        let k = fit_scale(1_900.0, 470.0);
        assert!(k < 1.0);
        assert!(TOP + 1_900.0 * k + FIT_BOTTOM + FIT_DOCK <= 470.0 + 1e-9);
        assert_eq!(fit_scale(200.0, 470.0), 1.0);
    }

    #[test]
    fn following_puts_the_present_at_the_same_height_of_any_view() {
        assert_eq!(follow_scroll_top(1000.0, 500.0), 690.0);
        // Near the start there is nothing above to scroll to.
        assert_eq!(follow_scroll_top(100.0, 500.0), 0.0);
        for visible in [200.0, 480.0, 900.0] {
            let y = 5000.0;
            let top = follow_scroll_top(y, visible);
            assert!(((y - top) / visible - FOLLOW_AT).abs() < 1.0 / visible);
            // The band drawn while following holds the present, with a screen below it.
            let band = Band::around(top, visible);
            assert!(band.contains(y) && band.contains(y + visible));
        }
    }
}
