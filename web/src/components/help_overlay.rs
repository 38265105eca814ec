//! The help overlay: a modal dialog with the keyboard shortcuts (`crate::shortcuts::SHORTCUTS`,
//! the same table the key handler binds) and a few lines on how to use the lab. Focus moves into
//! the dialog when it opens, Tab and Shift+Tab stay inside it, Esc or the close button or a
//! click on the backdrop closes it, and focus returns to where it was. The `?` key that opens it
//! belongs to the app's key handler.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::shortcuts::{SHORTCUTS, key_label};

#[derive(Clone, PartialEq, Properties)]
pub struct HelpOverlayProps {
    pub open: bool,
    pub lang: Lang,
    /// Called when the user closes the dialog (Esc, the close button, the backdrop).
    pub on_close: Callback<()>,
}

/// What can take focus inside the dialog.
const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex=\"-1\"])";

#[function_component(HelpOverlay)]
pub fn help_overlay(props: &HelpOverlayProps) -> Html {
    let lang = props.lang;
    let dialog_ref = use_node_ref();
    // Where focus was before the dialog opened, to give it back.
    let before = use_mut_ref(|| None::<HtmlElement>);
    {
        let dialog_ref = dialog_ref.clone();
        let before = before.clone();
        use_effect_with(props.open, move |open| {
            if *open {
                *before.borrow_mut() = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok());
                if let Some(first) = focusables(&dialog_ref).into_iter().next() {
                    // Focus cannot fail on a button in the document; nothing to do if it did.
                    let _ = first.focus();
                }
            } else if let Some(el) = before.borrow_mut().take() {
                let _ = el.focus();
            }
        });
    }
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
    let onkeydown = {
        let on_close = props.on_close.clone();
        let dialog_ref = dialog_ref.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                e.stop_propagation();
                on_close.emit(());
            }
            "Tab" => {
                let items = focusables(&dialog_ref);
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    e.prevent_default();
                    return;
                };
                let active = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element());
                let at = |el: &HtmlElement| active.as_ref() == Some(el.as_ref());
                let inside = items.iter().any(at);
                if e.shift_key() && (at(first) || !inside) {
                    e.prevent_default();
                    let _ = last.focus();
                } else if !e.shift_key() && (at(last) || !inside) {
                    e.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
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

/// The focusable elements inside the dialog, in document order.
fn focusables(dialog: &NodeRef) -> Vec<HtmlElement> {
    let Some(dialog) = dialog.cast::<Element>() else {
        return Vec::new();
    };
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}
