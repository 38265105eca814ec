//! Where the keyboard goes when a piece of the page that holds it goes away (the fault menu
//! after `x` or Esc, the question about changing the past once answered): without this it falls
//! to the page's body, and a keyboard or screen-reader user starts again from the top.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// The lab's home for the keyboard: the stage, where the segments are (`tabindex="-1"`), from
/// which every shortcut works and Space plays.
pub const FOCUS_HOME: &str = ".stage";

/// When the component goes and the focus is inside `root`, moves it to [`FOCUS_HOME`]. (Yew
/// runs a component's effect cleanups before it takes its elements out of the page, so the focus
/// is still inside then.)
#[hook]
pub fn use_focus_home(root: NodeRef) {
    use_effect_with((), move |_| {
        move || {
            let Some(root) = root.cast::<Element>() else {
                return;
            };
            let document = web_sys::window().and_then(|w| w.document());
            let inside = document
                .as_ref()
                .and_then(|d| d.active_element())
                .is_some_and(|a| root.contains(Some(&a)));
            let home = document
                .and_then(|d| d.query_selector(FOCUS_HOME).ok().flatten())
                .and_then(|h| h.dyn_into::<HtmlElement>().ok());
            if let (true, Some(home)) = (inside, home) {
                // Focus cannot fail on an element in the document; nothing to do if it did.
                let _ = home.focus();
            }
        }
    });
}
