//! The one-line notice under the controls: a refused call with RFC 9293's error message, an
//! action the simulator could not apply, an import's result, a link to a preset that does not
//! exist. Announced politely.

use yew::prelude::*;

use crate::components::endpoint_header::side_label;
use crate::i18n::{Msg, use_lang};
use crate::lab::Notice;

#[derive(Clone, PartialEq, Properties)]
pub struct NoticeBarProps {
    pub notice: Option<Notice>,
    pub ondismiss: Callback<()>,
}

#[function_component(NoticeBar)]
pub fn notice_bar(props: &NoticeBarProps) -> Html {
    let lang = use_lang();
    let content = props.notice.as_ref().map(|n| {
        let (class, text) = match n {
            Notice::CallRefused { side, call, error } => (
                "notice--error",
                format!(
                    "{} {call}(): {} — \"error: {error}\" (RFC 9293 §3.10)",
                    side_label(*side).text(lang),
                    Msg::NoticeRefused.text(lang)
                ),
            ),
            Notice::ActionFailed(why) => (
                "notice--error",
                format!("{}: {why}", Msg::NoticeActionFailed.text(lang)),
            ),
            Notice::ImportFailed(why) => (
                "notice--error",
                format!("{}: {why}", Msg::NoticeImportFailed.text(lang)),
            ),
            Notice::Imported => ("notice--ok", Msg::NoticeImported.text(lang).to_owned()),
            Notice::UnknownPreset(name) => (
                "notice--error",
                format!(
                    "{} “{name}”. {}",
                    Msg::NoticeUnknownPreset.text(lang),
                    Msg::NoticeUnknownPresetHint.text(lang)
                ),
            ),
        };
        let ondismiss = props.ondismiss.clone();
        html! {
            <p class={classes!("notice", class)}>
                <span class="notice__text">{ text }</span>
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
