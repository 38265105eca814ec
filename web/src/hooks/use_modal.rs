//! The keyboard of a modal dialog (the help, the enlarged state diagram), following the WAI-ARIA
//! dialog pattern: when it opens, focus moves to its first control; Tab and Shift+Tab stay
//! inside it; Esc closes it; when it closes, focus returns to where it was.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// What can take focus inside a dialog.
const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex=\"-1\"])";

/// Moves focus into `dialog` while `open` and, when it closes, to `opener` (the control that
/// opens it; an empty `NodeRef` for "where focus was"); returns the dialog's `onkeydown`, which,
/// while `open`, keeps Tab inside and calls `on_close` on Esc (closed, it does nothing).
#[hook]
pub fn use_modal(
    open: bool,
    dialog: NodeRef,
    opener: NodeRef,
    on_close: Callback<()>,
) -> Callback<KeyboardEvent> {
    // Where focus was before the dialog opened, to give it back.
    let before = use_mut_ref(|| None::<HtmlElement>);
    {
        let dialog = dialog.clone();
        let opener = opener.clone();
        use_effect_with(open, move |open| {
            if *open {
                *before.borrow_mut() = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                    .or_else(|| opener.cast::<HtmlElement>());
                if let Some(first) = focusables(&dialog).into_iter().next() {
                    // Focus cannot fail on a button in the document; nothing to do if it did.
                    let _ = first.focus();
                }
            } else if let Some(was) = before.borrow_mut().take() {
                // Closed (not merely mounted closed): to the opener, else to where focus was.
                let el = opener.cast::<HtmlElement>().unwrap_or(was);
                let _ = el.focus();
            }
        });
    }
    use_callback(
        (on_close, dialog, open),
        |e: KeyboardEvent, (on_close, dialog, open)| match e.key().as_str() {
            // Closed, the element is part of the page: its keys are the page's (a closed dialog
            // that kept Tab inside was a keyboard trap: the docked state diagram held Tab
            // between its toggle and its figure).
            _ if !*open => {}
            "Escape" => {
                e.prevent_default();
                e.stop_propagation();
                on_close.emit(());
            }
            "Tab" => {
                let items = focusables(dialog);
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
        },
    )
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
