//! An endpoint's card above its lane: its name and address, its current state in letters large
//! enough to read from the back of a classroom, and its running timers as countdowns.

use handshake_core::State;
use handshake_core::sim::Side;
use yew::prelude::*;

use crate::components::timers::{Countdown, TimerView};
use crate::i18n::{Msg, use_lang};

pub const fn side_label(side: Side) -> Msg {
    match side {
        Side::Client => Msg::LaneClient,
        Side::Server => Msg::LaneServer,
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct EndpointHeaderProps {
    pub side: Side,
    /// Shown in its RFC 9293 spelling (`SYN-SENT`), the same in every language; `None` for an
    /// end of a capture whose state the capture does not show.
    pub state: Option<State>,
    /// `10.0.0.1:40000`.
    pub addr: AttrValue,
    /// Running timers; each re-renders per frame (its countdown moves).
    #[prop_or_default]
    pub timers: Vec<TimerView>,
    /// The virtual present (ms).
    #[prop_or_default]
    pub now_ms: f64,
}

#[function_component(EndpointHeader)]
pub fn endpoint_header(props: &EndpointHeaderProps) -> Html {
    let lang = use_lang();
    let side = props.side.name();
    html! {
        <div class={classes!("lane", format!("lane--{side}"))} data-side={side}>
            <div class="lane__head">
                <h2 class="lane__label">{ side_label(props.side).text(lang) }</h2>
                <span class="lane__addr">{ &props.addr }</span>
            </div>
            // Not a live region: the narration's one region says every change of state, in
            // order with the rest of the step (narration_log.rs).
            <p class="lane__state">
                <span class="visually-hidden">{ side_label(props.side).text(lang) }{ " " }{ Msg::LaneStateLabel.text(lang) }{ ": " }</span>
                <code class="lane__state-name">{ props.state.map_or_else(|| Msg::CaptureUnknownState.text(lang), |s| s.name()) }</code>
            </p>
            if !props.timers.is_empty() {
                <ul class="lane__timers">
                    { for props.timers.iter().map(|t| html! {
                        <li key={t.kind.name()}><Countdown timer={t.clone()} now_ms={props.now_ms} /></li>
                    }) }
                </ul>
            }
        </div>
    }
}
