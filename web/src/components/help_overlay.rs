//! The help overlay: a modal dialog with the keyboard shortcuts (`crate::shortcuts::SHORTCUTS`,
//! the same table the key handler binds) and a few lines on how to use the lab. Its keyboard is
//! a modal's (`hooks::use_modal`: focus in, Tab kept inside, Esc closes, focus back); the close
//! button or a click on the backdrop also close it. The `?` key that opens it belongs to the
//! app's key handler.

use yew::prelude::*;

use crate::hooks::use_modal;
use crate::i18n::{Lang, Msg};
use crate::shortcuts::{SHORTCUTS, key_label};

#[derive(Clone, PartialEq, Properties)]
pub struct HelpOverlayProps {
    pub open: bool,
    pub lang: Lang,
    /// Called when the user closes the dialog (Esc, the close button, the backdrop).
    pub on_close: Callback<()>,
}

#[function_component(HelpOverlay)]
pub fn help_overlay(props: &HelpOverlayProps) -> Html {
    let lang = props.lang;
    let dialog_ref = use_node_ref();
    let onkeydown = use_modal(
        props.open,
        dialog_ref.clone(),
        NodeRef::default(),
        props.on_close.clone(),
    );
    if !props.open {
        return html! {};
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    let onbackdrop = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: MouseEvent| {
            // Only a click on the backdrop itself, not one that bubbled from the dialog.
            if e.target() == e.current_target() {
                on_close.emit(());
            }
        })
    };
    let title_id = "help-overlay-title";
    let rows = SHORTCUTS.iter().map(|(key, msg)| {
        let label = key_label(key);
        let keys = label.split(" + ").map(|k| html! { <kbd>{ k }</kbd> });
        html! {
            <tr>
                <td class="help-overlay__key">{ for keys.enumerate().map(|(i, k)| html! { <>{ if i > 0 { " + " } else { "" } }{ k }</> }) }</td>
                <td>{ msg.text(lang) }</td>
            </tr>
        }
    });
    let usage = [
        Msg::HelpUsagePlay,
        Msg::HelpUsageFaults,
        Msg::HelpUsageInspect,
        Msg::HelpUsageNarration,
    ]
    .into_iter()
    .map(|m| html! { <li>{ m.text(lang) }</li> });
    html! {
        <div class="help-overlay" onclick={onbackdrop}>
            <div class="help-overlay__dialog" role="dialog" aria-modal="true" aria-labelledby={title_id}
                ref={dialog_ref} {onkeydown}>
                <header class="help-overlay__header">
                    <h2 class="help-overlay__title" id={title_id}>{ Msg::HelpTitle.text(lang) }</h2>
                    <button type="button" class="help-overlay__close" onclick={close}>
                        <span aria-hidden="true">{ "✕ " }</span>{ Msg::HelpClose.text(lang) }
                    </button>
                </header>
                <div class="help-overlay__body">
                    <section class="help-overlay__keys">
                        <h3>{ Msg::HelpKeys.text(lang) }</h3>
                        <table class="help-overlay__table">
                            <thead>
                                <tr>
                                    <th scope="col">{ Msg::HelpKeyColumn.text(lang) }</th>
                                    <th scope="col">{ Msg::HelpActionColumn.text(lang) }</th>
                                </tr>
                            </thead>
                            <tbody>{ for rows }</tbody>
                        </table>
                    </section>
                    <section class="help-overlay__usage">
                        <h3>{ Msg::HelpUsage.text(lang) }</h3>
                        <ol>{ for usage }</ol>
                    </section>
                </div>
                <p class="help-overlay__hint">{ Msg::HelpEscHint.text(lang) }</p>
            </div>
        </div>
    }
}
