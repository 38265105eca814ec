//! Settings: the scenario's seed, latency, MSL, MSS, window and initial RTO. Every field is
//! checked when committed (Enter or leaving it): garbage gets a message beside the field and
//! changes nothing; a good value rebuilds the scenario from t = 0. The last word is the core's
//! (`Config::validate`, `Scenario::validate`), worded by `handshake_explain::errors` in the
//! user's language with the range the field allows and its path. Also: import a scenario file
//! by pasting it (the header's export menu saves one, and its Open button or a drop on the page
//! opens one from a file).

use handshake_explain::errors;
use yew::prelude::*;

use crate::i18n::{Lang, Msg, use_lang};
use crate::lab::{Action, Field, InputError, Inputs};
use crate::shared::Shared;

/// A refused value, in words.
pub fn input_error_text(e: &InputError, lang: Lang) -> String {
    match e {
        InputError::Empty => Msg::ErrEmpty.text(lang).to_owned(),
        InputError::NotANumber => Msg::ErrNotANumber.text(lang).to_owned(),
        InputError::NotWhole => Msg::ErrNotWhole.text(lang).to_owned(),
        InputError::Negative => Msg::ErrNegative.text(lang).to_owned(),
        InputError::TooLarge(max) => format!("{} {max}", Msg::ErrTooLarge.text(lang)),
        InputError::NotAPercentage => Msg::ErrPercent.text(lang).to_owned(),
        InputError::Core(e) => format!(
            "{}: {} ({})",
            Msg::ErrCore.text(lang),
            errors::scenario_error_kind(e, lang),
            e.path
        ),
    }
}

fn field_text(field: Field) -> (Msg, &'static str, Option<Msg>) {
    match field {
        Field::Seed => (Msg::SettingSeed, "", Some(Msg::SettingSeedHint)),
        Field::LatencyMs => (Msg::SettingLatency, "ms", None),
        Field::MslSecs => (Msg::SettingMsl, "s", Some(Msg::SettingMslHint)),
        Field::Mss => (Msg::SettingMss, "B", None),
        Field::Window => (Msg::SettingWindow, "B", None),
        Field::RtoInitialMs => (Msg::SettingRto, "ms", Some(Msg::SettingRtoHint)),
        Field::LossPercent(_) => (Msg::LossLabel, "%", None),
        Field::DelayMs => (Msg::FaultDelayCustom, "ms", None),
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct SettingsProps {
    pub inputs: Shared<Inputs>,
    pub ondispatch: Callback<Action>,
}

#[function_component(Settings)]
pub fn settings(props: &SettingsProps) -> Html {
    let lang = use_lang();
    let import_text = use_state(String::new);
    let fields = Field::SETTINGS.iter().map(|&field| {
        let (label, unit, hint) = field_text(field);
        let id = format!("setting-{}", field.key());
        let error = props.inputs.error(field);
        let error_id = format!("{id}-error");
        let onchange = {
            let d = props.ondispatch.clone();
            Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                d.emit(Action::Edit(field, input.value()));
            })
        };
        html! {
            <div class={classes!("settings__field", error.is_some().then_some("settings__field--invalid"))} key={field.key()}>
                <label for={id.clone()} class="settings__label">{ label.text(lang) }</label>
                <span class="settings__input-wrap">
                    <input {id} class="settings__input" type="text" inputmode="decimal" data-field={field.key()}
                        value={props.inputs.text(field).to_owned()} {onchange}
                        aria-invalid={error.is_some().to_string()}
                        aria-describedby={error.is_some().then(|| error_id.clone())} />
                    <span class="settings__unit">{ unit }</span>
                </span>
                if let Some(h) = hint { <p class="settings__hint">{ h.text(lang) }</p> }
                if let Some(e) = error {
                    <p id={error_id} class="field-error" role="alert">{ input_error_text(e, lang) }</p>
                }
            </div>
        }
    });
    let onimporttext = {
        let import_text = import_text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            import_text.set(area.value());
        })
    };
    let onimport = {
        let d = props.ondispatch.clone();
        let import_text = import_text.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Import((*import_text).clone())))
    };
    html! {
        <section class="settings" aria-label={Msg::SettingsLabel.text(lang)}>
            <p class="settings__intro">{ Msg::SettingsIntro.text(lang) }</p>
            <div class="settings__fields">{ for fields }</div>
            <div class="settings__files">
                <label for="settings-import" class="settings__label">{ Msg::ImportLabel.text(lang) }</label>
                <textarea id="settings-import" class="settings__import" rows="3" spellcheck="false"
                    placeholder="{ \"seed\": 1, \"actions\": [ … ] }"
                    value={(*import_text).clone()} oninput={onimporttext} />
                <button type="button" class="settings__button settings__import-button" onclick={onimport}>
                    { Msg::ImportButton.text(lang) }
                </button>
            </div>
        </section>
    }
}
