//! The one-line notice under the controls: a refused call with RFC 9293's error message, an
//! action the simulator could not apply, an import's result, a link that asked for something the
//! lab cannot do, and what a change of the past did to the session's later actions (with Undo).
//! Announced politely.

use yew::prelude::*;

use crate::components::change_prompt::{describe, refusal};
use crate::i18n::{Lang, Msg, cut_actions, kept_actions, use_lang};
use crate::import::FileRefusal;
use crate::lab::{Action, Notice};
use handshake_explain::errors;
use handshake_export::SvgImportError;

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
        "play" | "wait" | "absolute" | "present" | "embed" => Msg::UrlExpectFlag,
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
        Notice::LinkFailed(e) => (
            "notice--error",
            format!(
                "{} {} {}",
                Msg::NoticeLinkFailed.text(lang),
                errors::link_error(e, lang),
                Msg::NoticeLinkFailedHint.text(lang)
            ),
        ),
        Notice::LinkCopied { copied: true, .. } => {
            ("notice--ok", Msg::NoticeLinkCopied.text(lang).to_owned())
        }
        Notice::LinkCopied { copied: false, .. } => (
            "notice--ok",
            Msg::NoticeLinkCopyByHand.text(lang).to_owned(),
        ),
        Notice::Exported(name) => ("notice--ok", crate::i18n::exported(name, lang)),
        Notice::ExportFailed(why) => (
            "notice--error",
            format!("{} {why}", Msg::NoticeExportFailed.text(lang)),
        ),
        Notice::FileRefused(why) => ("notice--error", refused_file(why, lang)),
    }
}

/// Why a file did not open.
fn refused_file(why: &FileRefusal, lang: Lang) -> String {
    let reason = match why {
        FileRefusal::NotText => Msg::FileNotText.text(lang).to_owned(),
        FileRefusal::Svg(SvgImportError::Link(e)) | FileRefusal::Link(e) => {
            errors::link_error(e, lang)
        }
        FileRefusal::Svg(e) => format!("{}.", e.message(lang)),
        FileRefusal::Capture => Msg::FileCapture.text(lang).to_owned(),
        FileRefusal::Unknown => Msg::FileUnknown.text(lang).to_owned(),
        FileRefusal::TooLarge => Msg::FileTooLarge.text(lang).to_owned(),
    };
    format!("{} {reason}", Msg::NoticeFileRefused.text(lang))
}

#[derive(Clone, PartialEq, Properties)]
struct LinkFieldProps {
    url: AttrValue,
    /// Focus the field and select the link, for Ctrl+C (the clipboard was refused).
    select: bool,
}

/// The share link in a read-only field: to see it, and to copy it by hand when the clipboard
/// refused (then it is selected, with the keyboard in it).
#[function_component(LinkField)]
fn link_field(props: &LinkFieldProps) -> Html {
    let lang = use_lang();
    let field = use_node_ref();
    {
        let field = field.clone();
        use_effect_with((props.url.clone(), props.select), move |(_, select)| {
            if let (true, Some(input)) = (*select, field.cast::<web_sys::HtmlInputElement>()) {
                let _ = input.focus();
                input.select();
            }
        });
    }
    let onfocus = Callback::from(|e: FocusEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <input ref={field} class="notice__link" type="text" readonly=true value={props.url.clone()}
            aria-label={Msg::ShareLinkField.text(lang)} spellcheck="false" {onfocus} />
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
                if let Notice::LinkCopied { url, copied } = n {
                    <LinkField url={AttrValue::from(url.clone())} select={!copied} />
                }
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
