//! What each side's application can do (RFC 9293 §3.10): listen, connect, send typed text,
//! close, abort — never disabled, because a refused call is a lesson too: the endpoint answers
//! with RFC 9293's error message, shown in the notice. Also per side: arm a fault for the next
//! segment it sends, and random loss for what it sends.

use handshake_core::Duration;
use handshake_core::sim::{Fault, SendData, Side, UserCall};
use handshake_explain::format::offset;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::endpoint_header::side_label;
use crate::i18n::{Msg, text_cut, use_lang};
use crate::lab::{Action, Field, InputError};

/// The longest text the send field takes, in characters; a longer paste is cut, and the field
/// says so.
pub const SEND_MAX_CHARS: usize = 2000;

#[derive(Clone, PartialEq, Properties)]
pub struct CallsPanelProps {
    pub side: Side,
    /// Faults armed for this side's next segments, first first.
    pub armed: Vec<Fault>,
    pub loss_text: AttrValue,
    pub loss_error: Option<InputError>,
    pub ondispatch: Callback<Action>,
}

fn fault_text(f: Fault, lang: crate::i18n::Lang) -> String {
    match f {
        Fault::Drop => Msg::FaultDrop.text(lang).to_owned(),
        Fault::Delay(d) => format!("{} {}", Msg::FaultDelay.text(lang), offset(d, lang)),
        Fault::Hold => Msg::FaultHold.text(lang).to_owned(),
        Fault::Duplicate => Msg::FaultDuplicate.text(lang).to_owned(),
    }
}

/// Closes the faults popover and puts the keyboard back on its toggle.
fn fold(more: &NodeRef) {
    if let Some(details) = more.cast::<web_sys::Element>() {
        let _ = details.remove_attribute("open");
        if let Ok(Some(summary)) = details.query_selector("summary") {
            let _ = summary.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    }
}

#[function_component(CallsPanel)]
pub fn calls_panel(props: &CallsPanelProps) -> Html {
    let lang = use_lang();
    let side = props.side;
    let text = use_state(|| "hello".to_owned());
    let arm_choice = use_state(|| 0usize);
    let call = |c: UserCall| {
        let d = props.ondispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Call(side, c.clone())))
    };
    let onsend = {
        let d = props.ondispatch.clone();
        let text = text.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.emit(Action::Call(
                side,
                UserCall::Send(SendData::Text((*text).clone())),
            ));
        })
    };
    // How long a text typed or pasted was when it had to be cut to SEND_MAX_CHARS.
    let cut_from = use_state_eq(|| None::<usize>);
    let ontext = {
        let text = text.clone();
        let cut_from = cut_from.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let value = input.value();
            let chars = value.chars().count();
            if chars > SEND_MAX_CHARS {
                let kept: String = value.chars().take(SEND_MAX_CHARS).collect();
                input.set_value(&kept);
                text.set(kept);
                cut_from.set(Some(chars));
            } else {
                text.set(value);
                cut_from.set(None);
            }
        })
    };
    let faults = [
        Fault::Drop,
        Fault::Delay(Duration::from_millis(1000)),
        Fault::Hold,
        Fault::Duplicate,
    ];
    let onarmchoice = {
        let arm_choice = arm_choice.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            arm_choice.set(s.selected_index().max(0) as usize);
        })
    };
    // The faults popover opens in the panel (it no longer floats over Play and Step): arming
    // folds it (the badge then says what is armed), and so do Escape and a press outside it.
    let more = use_node_ref();
    {
        let more = more.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().and_then(|w| w.document()).map(|doc| {
                let outside = {
                    let more = more.clone();
                    gloo::events::EventListener::new(&doc, "pointerdown", move |e| {
                        let Some(details) = more.cast::<web_sys::Element>() else {
                            return;
                        };
                        let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                        if details.has_attribute("open") && !details.contains(target.as_ref()) {
                            let _ = details.remove_attribute("open");
                        }
                    })
                };
                // Escape with the focus elsewhere (inside, `onmorekey` has it first).
                let escape = gloo::events::EventListener::new(&doc, "keydown", move |e| {
                    let escape = e
                        .dyn_ref::<web_sys::KeyboardEvent>()
                        .is_some_and(|k| k.key() == "Escape");
                    if let (true, Some(details)) = (escape, more.cast::<web_sys::Element>()) {
                        let _ = details.remove_attribute("open");
                    }
                });
                (outside, escape)
            });
            move || drop(listeners)
        });
    }
    let onarm = {
        let d = props.ondispatch.clone();
        let choice = *arm_choice;
        let more = more.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Arm(side, faults[choice.min(3)]));
            fold(&more);
        })
    };
    let onmorekey = {
        let more = more.clone();
        Callback::from(move |e: KeyboardEvent| {
            let open = more
                .cast::<web_sys::Element>()
                .is_some_and(|d| d.has_attribute("open"));
            if e.key() == "Escape" && open {
                // Only the popover: not also the lab's Escape (which clears the selection).
                e.stop_propagation();
                fold(&more);
            }
        })
    };
    let onloss = {
        let d = props.ondispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.emit(Action::Edit(Field::LossPercent(side), input.value()));
        })
    };
    let name = side.name();
    let id = |what: &str| format!("{name}-{what}");
    html! {
        <section class={classes!("calls", format!("calls--{name}"))} aria-label={format!("{} — {}", side_label(side).text(lang), Msg::CallsLabel.text(lang))}>
            <h3 class="calls__title">{ side_label(side).text(lang) }</h3>
            <div class="calls__buttons">
                <button type="button" class="calls__button calls__button--listen" onclick={call(UserCall::Listen)}>{ "listen()" }</button>
                <button type="button" class="calls__button calls__button--connect" onclick={call(UserCall::Connect)}>{ "connect()" }</button>
                <button type="button" class="calls__button calls__button--close" onclick={call(UserCall::Close)}>{ "close()" }</button>
                <button type="button" class="calls__button calls__button--abort" onclick={call(UserCall::Abort)}>{ "abort()" }</button>
            </div>
            <form class="calls__send" onsubmit={onsend}>
                <label class="visually-hidden" for={id("text")}>{ Msg::CallsText.text(lang) }</label>
                <input id={id("text")} class="calls__text" type="text" value={(*text).clone()} oninput={ontext}
                    placeholder={Msg::CallsText.text(lang)}
                    aria-describedby={cut_from.is_some().then(|| id("text-cut"))} />
                <button type="submit" class="calls__button calls__button--send">{ "send()" }</button>
                if let Some(had) = *cut_from {
                    <p id={id("text-cut")} class="field-error calls__text-cut" role="status">
                        { text_cut(SEND_MAX_CHARS, had, lang) }
                    </p>
                }
            </form>
            <details class="calls__more" ref={more} onkeydown={onmorekey}>
            <summary title={Msg::CallsMore.text(lang)}>{ Msg::CallsMoreShort.text(lang) }</summary>
            <div class="calls__faults">
                <label class="calls__arm">
                    <span>{ Msg::ArmLabel.text(lang) }</span>
                    <select class="calls__arm-choice" onchange={onarmchoice}>
                        { for faults.iter().enumerate().map(|(i, f)| html! {
                            <option value={i.to_string()} selected={i == *arm_choice}>{ fault_text(*f, lang) }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="calls__button calls__button--arm" onclick={onarm}>{ Msg::ArmButton.text(lang) }</button>
                <label class="calls__loss" for={id("loss")}>{ Msg::LossLabel.text(lang) }</label>
                <span class="calls__loss-value">
                    <input id={id("loss")} class="calls__loss-input" type="text" inputmode="decimal"
                        value={props.loss_text.clone()} onchange={onloss}
                        aria-invalid={props.loss_error.is_some().to_string()}
                        aria-describedby={props.loss_error.is_some().then(|| id("loss-error"))} />
                    <span class="calls__unit">{ "%" }</span>
                </span>
                if let Some(e) = &props.loss_error {
                    <p id={id("loss-error")} class="field-error" role="alert">{ crate::components::settings::input_error_text(e, lang) }</p>
                }
            </div>
            </details>
            if !props.armed.is_empty() {
                <span class="calls__armed" title={Msg::ArmedList.text(lang)}>
                    { Msg::ArmedList.text(lang) }{ ": " }
                    { props.armed.iter().map(|f| fault_text(*f, lang)).collect::<Vec<_>>().join(", ") }
                </span>
            }
        </section>
    }
}
