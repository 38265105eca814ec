//! The stage: the two endpoint cards (sticky at the top) and, between their lifelines, the
//! ladder, in one scrolling box. The view follows the present unless the user scrolls away; a
//! "follow" button brings it back.
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
use crate::components::ladder::{Ladder, Shared, TOP};
use crate::components::timers::TimerView;
use crate::i18n::{Msg, use_lang};
use crate::sim_handle::SimHandle;
use crate::state::Horizon;
use crate::timeline::{Band, ms};

/// Where the client's lifeline runs, in percent of the wire's width: its left edge.
/// `web/styles/stage.css` makes the wire span exactly from the client card's centre to the
/// server card's, so a segment is an arrow from 0 % to 100 % (or back) at any screen width;
/// `e2e/shell.test.mjs` checks that the cards sit on these lines.
pub const CLIENT_X_PERCENT: f64 = 0.0;
/// Where the server's lifeline runs, in percent of the wire's width: its right edge.
pub const SERVER_X_PERCENT: f64 = 100.0;

/// Where the present sits in the visible part of the ladder while following (from the top).
const FOLLOW_AT: f64 = 0.62;
/// The height of the visible part of the ladder assumed before the stage has been measured.
const UNMEASURED_VIEW: f64 = 600.0;

/// The scroll position that puts the present (`now_y`, in the ladder's pixels) at
/// [`FOLLOW_AT`] of a view `visible` pixels tall.
pub fn follow_scroll_top(now_y: f64, visible: f64) -> f64 {
    (now_y - visible * FOLLOW_AT).max(0.0).round()
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
}

impl ViewBox {
    fn read(stage: &web_sys::Element, lanes: Option<&web_sys::Element>) -> ViewBox {
        let head = lanes.map_or(0.0, |h| f64::from(h.client_height()));
        let height = f64::from(stage.client_height());
        ViewBox {
            scroll_top: f64::from(stage.scroll_top()),
            visible: (height - head).max(0.0),
            max_scroll: f64::from(stage.scroll_height()) - height,
            measured: true,
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
    pub sim: SimHandle,
    pub horizon: Shared<Horizon>,
    pub now: Instant,
    #[prop_or_default]
    pub selected: Option<TxId>,
    #[prop_or_default]
    pub absolute: bool,
    #[prop_or_default]
    pub reduced_motion: bool,
    #[prop_or(true)]
    pub follow: bool,
    #[prop_or_default]
    pub onselect: Callback<Option<TxId>>,
    #[prop_or_default]
    pub onfollow: Callback<bool>,
    /// Drawn over the bottom of the stage (the fault menu).
    #[prop_or_default]
    pub children: Html,
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
                backoff: t.backoff,
                restarted,
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
    let redraw = use_force_update();
    let now_y = TOP + props.horizon.axis.y(props.now);
    let visible = view.borrow().visible_or_guess();
    let band = if props.follow {
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
        use_effect_with((now_y.round() as i64, follow), move |&(y, follow)| {
            if let (true, Some(el)) = (follow, scroller.cast::<web_sys::Element>()) {
                if !view.borrow().measured {
                    // Once, before the first scroll or resize event has told us.
                    *view.borrow_mut() =
                        ViewBox::read(&el, lanes.cast::<web_sys::Element>().as_ref());
                }
                let target = follow_scroll_top(y as f64, view.borrow().visible_or_guess());
                // Setting scrollTop lays the page out (to clamp it): the frame's one layout,
                // done here instead of after the effects. Reading nothing back keeps it one.
                el.set_scroll_top(target as i32);
                *set_by_us.borrow_mut() = Some(target);
            }
        });
    }
    // A new size (window, rotation) changes what is visible: read it again and draw the band.
    {
        let scroller = scroller.clone();
        let lanes = lanes.clone();
        let view = view.clone();
        let redraw = redraw.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo::events::EventListener::new(&window, "resize", move |_| {
                    if let Some(el) = scroller.cast::<web_sys::Element>() {
                        *view.borrow_mut() =
                            ViewBox::read(&el, lanes.cast::<web_sys::Element>().as_ref());
                        redraw.force_update();
                    }
                })
            });
            move || drop(listener)
        });
    }
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
            let now = ViewBox::read(&el, lanes.cast::<web_sys::Element>().as_ref());
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

    let (client_state, server_state, client_addr, server_addr) = {
        let sim = props.sim.borrow();
        (
            sim.endpoint(Side::Client).state(),
            sim.endpoint(Side::Server).state(),
            sim.addr(Side::Client).to_string(),
            sim.addr(Side::Server).to_string(),
        )
    };
    let now_ms = ms(props.now);
    // A card's countdowns move with the present; a card without timers does not need it (and
    // then is not drawn again on every frame).
    let countdown_now = |timers: &[TimerView]| if timers.is_empty() { 0.0 } else { now_ms };
    // The timers change only when something happens; the countdowns move with `now_ms`.
    let timers = use_memo(props.sim.clone(), |sim| {
        (
            timer_views(sim, Side::Client),
            timer_views(sim, Side::Server),
        )
    });
    html! {
        <section class="stage" aria-label={Msg::StageLabel.text(lang)} ref={scroller} {onscroll}>
            <div class="stage__lanes" ref={lanes}>
                <EndpointHeader side={Side::Client} state={client_state} addr={client_addr}
                    timers={timers.0.clone()} now_ms={countdown_now(&timers.0)} />
                <EndpointHeader side={Side::Server} state={server_state} addr={server_addr}
                    timers={timers.1.clone()} now_ms={countdown_now(&timers.1)} />
            </div>
            <div class="stage__wire" role="group" aria-label={Msg::WireLabel.text(lang)}>
                <Ladder sim={props.sim.clone()} horizon={props.horizon.clone()} now={props.now}
                    selected={props.selected} absolute={props.absolute} reduced_motion={props.reduced_motion}
                    onselect={props.onselect.clone()} {band} />
            </div>
            <div class="stage__dock">
                if !props.follow {
                    <button type="button" class="stage__follow"
                        onclick={let f = props.onfollow.clone(); Callback::from(move |_: MouseEvent| f.emit(true))}>
                        { "↓ " }{ Msg::FollowPresent.text(lang) }
                    </button>
                }
                { props.children.clone() }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
