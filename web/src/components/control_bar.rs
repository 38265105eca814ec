//! The control bar. A placeholder until the lab drives scenarios: its buttons are disabled.

use yew::prelude::*;

use crate::i18n::{Msg, use_lang};

#[derive(Clone, PartialEq, Properties)]
pub struct ControlBarProps {}

#[function_component(ControlBar)]
pub fn control_bar(_props: &ControlBarProps) -> Html {
    let lang = use_lang();
    let button = |icon: Html, msg: Msg| {
        html! {
            <button type="button" class="control-bar__button" disabled=true>
                <svg class="control-bar__icon" viewBox="0 0 16 16" aria-hidden="true">{ icon }</svg>
                { msg.text(lang) }
            </button>
        }
    };
    // Drawn, not typed: symbols such as ⏭ are missing from many fonts.
    let play = html! { <path d="M4 2.5 13 8l-9 5.5z" /> };
    let step = html! { <><path d="M2.5 2.5 10 8l-7.5 5.5z" /><rect x="11" y="2.5" width="2.5" height="11" /></> };
    let reset = html! {
        <g fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
            <path d="M3.2 9.5a5 5 0 1 0 1.3-5.1" />
            <path d="M3.5 1.8v3.4h3.4" />
        </g>
    };
    html! {
        <section class="control-bar" aria-label={Msg::ControlsLabel.text(lang)}>
            <div class="control-bar__buttons">
                { button(play, Msg::ControlPlay) }
                { button(step, Msg::ControlStep) }
                { button(reset, Msg::ControlReset) }
            </div>
            <p class="control-bar__note">{ Msg::ControlsPending.text(lang) }</p>
        </section>
    }
}
