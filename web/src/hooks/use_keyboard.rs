//! The keyboard shortcuts (`crate::shortcuts`), listened for on the whole window. Keys typed
//! into a text field, a number field, a select or a text area are theirs (Ctrl+Z there undoes
//! typing); Space and Enter on a button press the button, the arrow keys move a focused slider
//! and move between tabs, so those are left alone.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::shortcuts::{Command, chord, command};

///
/// `presenting`: projector mode, where the clicker keys (PageDown, PageUp, `b`, `.`) are bound
/// too; elsewhere they are left to the page. In an iframe (embed mode) the document gets keys
/// only while the frame has focus, so a host page keeps its own.
#[hook]
pub fn use_keyboard(on_command: Callback<Command>, presenting: bool) {
    use_effect_with(presenting, move |&presenting| {
        let listener = web_sys::window().map(|window| {
            // Not passive: a handled key's default (scrolling on Space, say) is prevented.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&window, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if event.is_composing() {
                    return;
                }
                let ctrl = event.ctrl_key() || event.meta_key();
                let Some(key) = chord(&event.key(), ctrl, event.alt_key(), event.shift_key())
                else {
                    return;
                };
                if owned_by_target(event, &key) {
                    return;
                }
                if let Some(c) = command(&key).filter(|c| presenting || !c.projector_only()) {
                    event.prevent_default();
                    on_command.emit(c);
                }
            })
        });
        move || drop(listener)
    });
}

/// Whether the focused element handles this key itself.
fn owned_by_target(event: &KeyboardEvent, key: &str) -> bool {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    let input_type = target.get_attribute("type").unwrap_or_default();
    match tag.as_str() {
        "textarea" | "select" => key != "Escape",
        "input" if input_type == "range" => {
            matches!(
                key,
                "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End"
            )
        }
        "input" if input_type == "checkbox" => key == "Space",
        "input" => key != "Escape",
        // The ARIA tabs pattern: the arrows, Home and End move between tabs.
        _ if target.get_attribute("role").as_deref() == Some("tab") => matches!(
            key,
            "ArrowLeft" | "ArrowRight" | "Home" | "End" | "Space" | "Enter"
        ),
        "button" | "summary" | "a" => matches!(key, "Space" | "Enter"),
        _ => target.has_attribute("contenteditable"),
    }
}
