//! The control bar: reset, step back, play / pause, step forward, undo (the last change to the
//! session's actions), speed, "skip waiting", the timeline scrubber with a tick per event, and
//! the present's time.

use handshake_core::Instant;
use yew::prelude::*;

use crate::i18n::{Msg, use_lang};
use crate::lab::{Action, Horizon, SPEEDS};
use crate::shared::Shared;
use handshake_explain::format::clock;

#[derive(Clone, PartialEq, Properties)]
pub struct ControlBarProps {
    pub now: Instant,
    pub horizon: Shared<Horizon>,
    pub playing: bool,
    pub speed: f64,
    pub skip_waiting: bool,
    pub absolute: bool,
    /// Nothing more will happen from here (play would start over).
    pub at_end: bool,
    /// Undo has a change of the session's actions to put back.
    #[prop_or_default]
    pub can_undo: bool,
    /// The play button, so the app can give it the keyboard (after a scenario is picked).
    #[prop_or_default]
    pub play_ref: NodeRef,
    pub ondispatch: Callback<Action>,
}

fn icon(path: Html) -> Html {
    // Drawn, not typed: symbols such as ⏭ are missing from many fonts.
    html! { <svg class="control-bar__icon" viewBox="0 0 16 16" aria-hidden="true">{ path }</svg> }
}

#[function_component(ControlBar)]
pub fn control_bar(props: &ControlBarProps) -> Html {
    let lang = use_lang();
    let send = |action: Action| {
        let d = props.ondispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(action.clone()))
    };
    let button = |class: &'static str,
                  icon_html: Html,
                  msg: Msg,
                  key: &'static str,
                  action: Action,
                  (node, disabled): (NodeRef, bool)| {
        html! {
            <button type="button" class={classes!("control-bar__button", class)} onclick={send(action)}
                ref={node} {disabled}
                aria-keyshortcuts={crate::shortcuts::aria_keys(key)} aria-label={msg.text(lang)}
                title={format!("{} ({})", msg.text(lang), crate::shortcuts::key_label(key))}>
                { icon_html }
                <span class="control-bar__text">{ msg.text(lang) }</span>
            </button>
        }
    };
    let plain = || (NodeRef::default(), false);
    let reset = icon(html! {
        <g fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
            <path d="M3.2 9.5a5 5 0 1 0 1.3-5.1" />
            <path d="M3.5 1.8v3.4h3.4" />
        </g>
    });
    let back = icon(
        html! { <><path d="M13.5 2.5 6 8l7.5 5.5z" /><rect x="2.5" y="2.5" width="2.5" height="11" /></> },
    );
    let step = icon(
        html! { <><path d="M2.5 2.5 10 8l-7.5 5.5z" /><rect x="11" y="2.5" width="2.5" height="11" /></> },
    );
    let play = icon(html! { <path d="M4 2.5 13 8l-9 5.5z" /> });
    let undo = icon(html! {
        <g fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
            <path d="M5.5 3 2.5 6l3 3" />
            <path d="M2.8 6h7a3.6 3.6 0 0 1 0 7.2H6.5" />
        </g>
    });
    let pause = icon(
        html! { <><rect x="3.5" y="2.5" width="3" height="11" /><rect x="9.5" y="2.5" width="3" height="11" /></> },
    );
    let (play_icon, play_msg) = match (props.playing, props.at_end) {
        (true, _) => (pause, Msg::ControlPause),
        (false, true) => (play, Msg::ControlReplay),
        (false, false) => (play, Msg::ControlPlay),
    };

    // The scrubber runs along the ladder's own time axis, so it matches what is drawn.
    let axis = &props.horizon.axis;
    let end = props.horizon.end.max(props.now);
    let max = axis.y(end).max(1.0);
    let value = axis.y(props.now);
    let oninput = {
        let d = props.ondispatch.clone();
        let horizon = props.horizon.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let top = input.max().parse::<f64>().unwrap_or(f64::INFINITY);
            if let Ok(y) = input.value().parse::<f64>() {
                // The right end is the end, whatever the rounding of the range's value.
                let t = if y >= top - 0.05 {
                    end
                } else {
                    horizon.axis.t_at(y)
                };
                d.emit(Action::Seek(t));
            }
        })
    };
    let onspeed = {
        let d = props.ondispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(s) = select.value().parse::<f64>() {
                d.emit(Action::SetSpeed(s));
            }
        })
    };
    let speed_options = {
        let mut speeds: Vec<f64> = SPEEDS.to_vec();
        if !speeds.iter().any(|&s| (s - props.speed).abs() < 1e-9) {
            speeds.push(props.speed);
        }
        speeds.into_iter().map(|s| {
            html! { <option value={s.to_string()} selected={(s - props.speed).abs() < 1e-9}>{ format!("{s}×") }</option> }
        }).collect::<Html>()
    };
    let onskip = {
        let d = props.ondispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.emit(Action::SetSkipWaiting(input.checked()));
        })
    };
    let onabsolute = {
        let d = props.ondispatch.clone();
        Callback::from(move |_: Event| d.emit(Action::ToggleAbsolute))
    };
    html! {
        <section class="control-bar" aria-label={Msg::ControlsLabel.text(lang)}>
            <div class="control-bar__buttons">
                { button("control-bar__button--reset", reset, Msg::ControlReset, "Home", Action::Reset, plain()) }
                { button("control-bar__button--back", back, Msg::ControlStepBack, "ArrowLeft", Action::StepBack, plain()) }
                { button("control-bar__button--play", play_icon, play_msg, "Space", Action::TogglePlay, (props.play_ref.clone(), false)) }
                { button("control-bar__button--step", step, Msg::ControlStep, "ArrowRight", Action::StepForward, plain()) }
                { button("control-bar__button--undo", undo, Msg::ControlUndo, "Ctrl+Z", Action::Undo, (NodeRef::default(), !props.can_undo)) }
            </div>
            <div class="control-bar__timeline">
                // The exact present, for tests that wait for it to move (the text is rounded).
                <output class="control-bar__time" aria-live="off"
                    data-now-us={(props.now - Instant::ZERO).total_micros().to_string()}>{ clock(props.now, lang) }</output>
                <div class="scrubber">
                    <ScrubberTicks horizon={props.horizon.clone()} {max} />
                    <input class="scrubber__range" type="range" min="0" max={format!("{max:.1}")} step="any"
                        value={format!("{value:.1}")} {oninput}
                        aria-label={Msg::ControlScrubber.text(lang)}
                        aria-valuetext={clock(props.now, lang)} />
                </div>
                <span class="control-bar__end">{ clock(end, lang) }</span>
            </div>
            <div class="control-bar__options">
                <label class="control-bar__option">
                    <span class="visually-hidden">{ Msg::ControlSpeed.text(lang) }</span>
                    <select class="control-bar__speed" onchange={onspeed} title={Msg::ControlSpeed.text(lang)}>{ speed_options }</select>
                </label>
                <label class="control-bar__option control-bar__check" title={Msg::ControlSkipWaitingHint.text(lang)}>
                    <input type="checkbox" class="control-bar__skip" checked={props.skip_waiting} onchange={onskip} />
                    <span>{ Msg::ControlSkipWaiting.text(lang) }</span>
                </label>
                <label class="control-bar__option control-bar__check">
                    <input type="checkbox" class="control-bar__absolute" checked={props.absolute} onchange={onabsolute} />
                    <span>{ Msg::ControlAbsolute.text(lang) }</span>
                </label>
            </div>
        </section>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct ScrubberTicksProps {
    horizon: Shared<Horizon>,
    /// The scrubber's range, in the axis's pixels.
    max: f64,
}

/// A tick on the scrubber at every instant at which something happens: a component of its own,
/// drawn again only when the horizon changes (not at every frame or seek), one tick per place
/// (a long session has thousands of instants, many of them on the same hundredth of the range).
#[function_component(ScrubberTicks)]
fn scrubber_ticks(props: &ScrubberTicksProps) -> Html {
    let axis = &props.horizon.axis;
    let mut lefts: Vec<String> = props
        .horizon
        .instants
        .iter()
        .map(|&t| format!("left: {:.2}%", axis.y_ms(t) / props.max * 100.0))
        .collect();
    lefts.dedup();
    html! {
        <div class="scrubber__ticks" aria-hidden="true">
            { for lefts.into_iter().map(|style| html! { <span class="scrubber__tick" {style} /> }) }
        </div>
    }
}
