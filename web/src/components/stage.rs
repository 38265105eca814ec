//! The stage: the two endpoint cards (sticky at the top) and, between their lifelines, the
//! ladder, in one scrolling box. The view follows the present unless the user scrolls away; a
//! "follow" button brings it back.

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
use crate::timeline::ms;

/// Where the client's lifeline runs, in percent of the wire's width: its left edge.
/// `web/styles/stage.css` makes the wire span exactly from the client card's centre to the
/// server card's, so a segment is an arrow from 0 % to 100 % (or back) at any screen width;
/// `e2e/shell.test.mjs` checks that the cards sit on these lines.
pub const CLIENT_X_PERCENT: f64 = 0.0;
/// Where the server's lifeline runs, in percent of the wire's width: its right edge.
pub const SERVER_X_PERCENT: f64 = 100.0;

/// Where the present sits in the visible part of the ladder while following (from the top).
const FOLLOW_AT: f64 = 0.62;

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
            let restarted = sim.trace().iter().rev().any(|e| {
                e.t == t.set_at
                    && matches!(e.kind, TraceKind::Timer { side: s, kind, action: handshake_core::endpoint::TimerAction::Restart, .. }
                        if s == side && kind == t.kind)
            });
            TimerView {
                kind: t.kind,
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
    // The scrollTop this component set last: a scroll elsewhere is the user's.
    let set_by_us = use_mut_ref(|| None::<f64>);
    let now_y = TOP + props.horizon.axis.y(props.now);

    {
        let scroller = scroller.clone();
        let set_by_us = set_by_us.clone();
        let follow = props.follow;
        use_effect_with((now_y.round() as i64, follow), move |&(y, follow)| {
            if let (true, Some(el)) = (follow, scroller.cast::<web_sys::Element>()) {
                let head = el
                    .query_selector(".stage__lanes")
                    .ok()
                    .flatten()
                    .map_or(0.0, |h| f64::from(h.client_height()));
                let visible = f64::from(el.client_height()) - head;
                let target = (y as f64 - visible * FOLLOW_AT).max(0.0).round();
                el.set_scroll_top(target as i32);
                *set_by_us.borrow_mut() = Some(f64::from(el.scroll_top()));
            }
        });
    }
    let onscroll = {
        let scroller = scroller.clone();
        let onfollow = props.onfollow.clone();
        let follow = props.follow;
        Callback::from(move |_: Event| {
            let Some(el) = scroller.cast::<web_sys::Element>() else {
                return;
            };
            let top = f64::from(el.scroll_top());
            let ours = set_by_us.borrow().is_some_and(|t| (t - top).abs() < 3.0);
            if follow && !ours {
                onfollow.emit(false);
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
    // The timers change only when something happens; the countdowns move with `now_ms`.
    let timers = use_memo(props.sim.clone(), |sim| {
        (
            timer_views(sim, Side::Client),
            timer_views(sim, Side::Server),
        )
    });
    html! {
        <section class="stage" aria-label={Msg::StageLabel.text(lang)} ref={scroller} {onscroll}>
            <div class="stage__lanes">
                <EndpointHeader side={Side::Client} state={client_state} addr={client_addr}
                    timers={timers.0.clone()} {now_ms} />
                <EndpointHeader side={Side::Server} state={server_state} addr={server_addr}
                    timers={timers.1.clone()} {now_ms} />
            </div>
            <div class="stage__wire" role="group" aria-label={Msg::WireLabel.text(lang)}>
                <Ladder sim={props.sim.clone()} horizon={props.horizon.clone()} now={props.now}
                    selected={props.selected} absolute={props.absolute} reduced_motion={props.reduced_motion}
                    onselect={props.onselect.clone()} />
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
