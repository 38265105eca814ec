//! The one-line notice under the controls: a refused call with RFC 9293's error message, an
//! action the simulator could not apply, an import's result, a link that asked for something the
//! lab cannot do, and what a change of the past did to the session's later actions (with Undo).
//! Announced politely.

use yew::prelude::*;

use crate::components::change_prompt::{describe, refusal};
use crate::i18n::{Lang, Msg, cut_actions, kept_actions, use_lang};
use crate::lab::{Action, Notice};
use handshake_explain::errors;

#[derive(Clone, PartialEq, Properties)]
pub struct NoticeBarProps {
    pub notice: Option<Notice>,
    pub ondismiss: Callback<()>,
    /// Undo has something to put back: a notice about a change of the past offers it.
    #[prop_or_default]
    pub can_undo: bool,
    #[prop_or_default]
    pub ondispatch: Callback<Action>,
}

/// What a link parameter may be, for the notice that says it was left out.
fn expected(key: &str) -> Option<Msg> {
    Some(match key {
        "t" => Msg::UrlExpectTime,
        "speed" => Msg::UrlExpectSpeed,
        "lang" => Msg::UrlExpectLang,
        "play" | "wait" | "absolute" => Msg::UrlExpectFlag,
        "preset" => Msg::UrlExpectPreset,
        _ => return None,
    })
}

/// The notice's class and text.
fn words(n: &Notice, lang: Lang) -> (&'static str, String) {
    match n {
        Notice::CallRefused { side, call, error } => (
            "notice--error",
            errors::call_refused(*side, call, *error, lang),
        ),
        Notice::ActionFailed(e) => (
            "notice--error",
            format!(
                "{}: {}.",
                Msg::NoticeActionFailed.text(lang),
                errors::action_error(e, lang)
            ),
        ),
        Notice::ActionInvalid(e) => (
            "notice--error",
            format!(
                "{}: {}",
                Msg::NoticeActionFailed.text(lang),
                errors::scenario_error(e, lang)
            ),
        ),
        Notice::ImportFailed(e) => (
            "notice--error",
            format!(
                "{}: {}",
                Msg::NoticeImportFailed.text(lang),
                errors::scenario_error(e, lang)
            ),
        ),
        Notice::Imported => ("notice--ok", Msg::NoticeImported.text(lang).to_owned()),
        Notice::BadLink { preset, ignored } => {
            let mut parts = Vec::new();
            if let Some(name) = preset {
                parts.push(format!(
                    "{} “{name}”. {}",
                    Msg::NoticeUnknownPreset.text(lang),
                    Msg::NoticeUnknownPresetHint.text(lang)
                ));
            }
            if !ignored.is_empty() {
                let list: Vec<String> = ignored
                    .iter()
                    .map(|(k, v)| match expected(k) {
                        Some(m) => format!("{k}={v} ({})", m.text(lang)),
                        None => format!("{k}={v}"),
                    })
                    .collect();
                parts.push(format!(
                    "{} {}.",
                    Msg::NoticeIgnoredParams.text(lang),
                    list.join(", ")
                ));
            }
            ("notice--error", parts.join(" "))
        }
        Notice::Cut(actions) => {
            let list: Vec<String> = actions.iter().map(|a| describe(a, lang)).collect();
            (
                "notice--ok",
                format!("{} {}.", cut_actions(actions.len(), lang), list.join("; ")),
            )
        }
        Notice::Kept { kept, dropped } => {
            let total = kept + dropped.len();
            let mut text = kept_actions(*kept, total, lang);
            if !dropped.is_empty() {
                let list: Vec<String> = dropped
                    .iter()
                    .map(|(a, e)| format!("{} ({})", describe(a, lang), refusal(e, lang)))
                    .collect();
                text = format!("{text} {}.", list.join("; "));
            }
            ("notice--ok", text)
        }
        Notice::Undone => ("notice--ok", Msg::NoticeUndone.text(lang).to_owned()),
    }
}

#[function_component(NoticeBar)]
pub fn notice_bar(props: &NoticeBarProps) -> Html {
    let lang = use_lang();
    let content = props.notice.as_ref().map(|n| {
        let (class, text) = words(n, lang);
        let undo = matches!(n, Notice::Cut(_) | Notice::Kept { .. }) && props.can_undo;
        let ondismiss = props.ondismiss.clone();
        let onundo = props.ondispatch.reform(|_: MouseEvent| Action::Undo);
        html! {
            <p class={classes!("notice", class)}>
                <span class="notice__text">{ text }</span>
                if undo {
                    <button type="button" class="notice__undo" aria-keyshortcuts="Control+Z" onclick={onundo}>
                        { Msg::ControlUndo.text(lang) }<kbd>{ "Ctrl+Z" }</kbd>
                    </button>
                }
                <button type="button" class="notice__dismiss" aria-label={Msg::NoticeDismiss.text(lang)}
                    onclick={Callback::from(move |_: MouseEvent| ondismiss.emit(()))}>{ "✕" }</button>
            </p>
        }
    });
    html! {
        <div class="notice-region" role="status" aria-live="polite">
            { for content }
        </div>
    }
}
