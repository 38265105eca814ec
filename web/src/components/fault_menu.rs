//! The fault menu of the selected segment on the link: drop, delay (+0.5 s, +1 s, custom), hold
//! or release, duplicate. Every button is the same `Simulator::apply` the tests call; the keys
//! beside them (`x`, `d`, `D`, `h`, `c`) work without chasing the segment.

use handshake_core::Duration;
use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::sim::{Fault, TxId, TxStatus};
use handshake_explain::format::offset;
use yew::prelude::*;

use crate::hooks::use_focus_home;
use crate::i18n::{Msg, use_lang};
use crate::lab::{Action, DELAYS_MS, Field, InputError};
use crate::sim_handle::SimHandle;

#[derive(Clone, PartialEq, Properties)]
pub struct FaultMenuProps {
    pub sim: SimHandle,
    pub selected: TxId,
    pub absolute: bool,
    pub delay_text: AttrValue,
    pub delay_error: Option<InputError>,
    pub ondispatch: Callback<Action>,
}

#[function_component(FaultMenu)]
pub fn fault_menu(props: &FaultMenuProps) -> Html {
    let lang = use_lang();
    let root = use_node_ref();
    // Closed by `x`, Esc or a choice, the menu hands the keyboard back to the stage rather than
    // dropping it on the page's body.
    use_focus_home(root.clone());
    let first = use_node_ref();
    {
        let first = first.clone();
        use_effect_with(props.selected, move |_| {
            if let Some(b) = first.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let (label, held) = {
        let sim = props.sim.borrow();
        match sim.transmission(props.selected) {
            Some(tx) => (
                segment_label(
                    &tx.info(),
                    LadderOptions {
                        absolute: props.absolute,
                    },
                ),
                matches!(tx.status, TxStatus::Held { .. }),
            ),
            None => (props.selected.to_string(), false),
        }
    };
    let send = |action: Action| {
        let d = props.ondispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(action.clone()))
    };
    let delay_buttons = DELAYS_MS.iter().zip(["d", "D"]).map(|(&ms, key)| {
        let text = format!(
            "{} {}",
            Msg::FaultDelay.text(lang),
            offset(Duration::from_millis(ms), lang)
        );
        html! {
            <button type="button" class="fault-menu__button fault-menu__button--delay" aria-keyshortcuts={key}
                onclick={send(Action::FaultSelected(Fault::Delay(Duration::from_millis(ms))))}>
{ text }<kbd>{ crate::shortcuts::key_label(key) }</kbd>
            </button>
        }
    });
    let ondelaytext = {
        let d = props.ondispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.emit(Action::Edit(Field::DelayMs, input.value()));
        })
    };
    let onkeydelay = {
        let d = props.ondispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                d.emit(Action::Edit(Field::DelayMs, input.value()));
                d.emit(Action::DelaySelectedCustom);
            }
        })
    };
    let error_id = "fault-menu-delay-error";
    html! {
        <div class="fault-menu" ref={root} role="dialog" aria-label={Msg::FaultMenuLabel.text(lang)}>
            <p class="fault-menu__title">
                <span class="fault-menu__what">{ Msg::FaultMenuLabel.text(lang) }</span>
                <code class="fault-menu__segment">{ label }</code>
                if held { <span class="fault-menu__held">{ "‖ " }{ Msg::Held.text(lang) }</span> }
            </p>
            <div class="fault-menu__buttons">
                <button type="button" ref={first} class="fault-menu__button fault-menu__button--drop" aria-keyshortcuts="x"
                    onclick={send(Action::FaultSelected(Fault::Drop))}>
                    <span aria-hidden="true">{ "✕ " }</span>{ Msg::FaultDrop.text(lang) }<kbd>{ "x" }</kbd>
                </button>
                { for delay_buttons }
                <span class="fault-menu__custom">
                    <label class="visually-hidden" for="fault-menu-delay">{ Msg::FaultDelayCustom.text(lang) }</label>
                    <input id="fault-menu-delay" class="fault-menu__input" type="text" inputmode="decimal"
                        value={props.delay_text.clone()} onchange={ondelaytext} onkeydown={onkeydelay}
                        aria-invalid={props.delay_error.is_some().to_string()}
                        aria-describedby={props.delay_error.is_some().then_some(error_id)} />
                    <span class="fault-menu__unit">{ "ms" }</span>
                    <button type="button" class="fault-menu__button fault-menu__button--custom"
                        onclick={send(Action::DelaySelectedCustom)}>
                        { Msg::FaultDelay.text(lang) }
                    </button>
                </span>
                <button type="button" class="fault-menu__button fault-menu__button--hold" aria-keyshortcuts="h"
                    onclick={send(Action::FaultSelected(Fault::Hold))}>
                    if held {
                        <span aria-hidden="true">{ "▶ " }</span>{ Msg::FaultRelease.text(lang) }
                    } else {
                        <span aria-hidden="true">{ "‖ " }</span>{ Msg::FaultHold.text(lang) }
                    }
                    <kbd>{ "h" }</kbd>
                </button>
                <button type="button" class="fault-menu__button fault-menu__button--duplicate" aria-keyshortcuts="c"
                    onclick={send(Action::FaultSelected(Fault::Duplicate))}>
                    <span aria-hidden="true">{ "2× " }</span>{ Msg::FaultDuplicate.text(lang) }<kbd>{ "c" }</kbd>
                </button>
                <button type="button" class="fault-menu__button fault-menu__button--close" aria-keyshortcuts="Escape"
                    onclick={send(Action::CloseMenu)}>
                    { Msg::FaultClose.text(lang) }<kbd>{ "Esc" }</kbd>
                </button>
            </div>
            if let Some(e) = &props.delay_error {
                <p id={error_id} class="field-error" role="alert">{ crate::components::settings::input_error_text(e, lang) }</p>
            }
        </div>
    }
}
