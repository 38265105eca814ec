//! "A new version is available — reload": the service worker (`web/pwa/sw.js`, registered by
//! `web/pwa/start.js`) caches one build at a time; when a new build is deployed it installs
//! beside the running one and waits, so the page never mixes the two. `start.js` says so by
//! setting `data-update="ready"` on `<html>` and firing `handshake-lab:update` on the window;
//! this banner offers the reload, and its button fires `handshake-lab:reload`, on which
//! `start.js` lets the new worker take over and reloads the page once it has.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::i18n::{Msg, use_lang};

/// The event `start.js` fires when a new version waits.
pub const UPDATE_EVENT: &str = "handshake-lab:update";
/// The event this banner fires to switch to the new version.
pub const RELOAD_EVENT: &str = "handshake-lab:reload";

fn update_waiting() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("data-update"))
        .is_some_and(|v| v == "ready")
}

#[function_component(UpdatePrompt)]
pub fn update_prompt() -> Html {
    let lang = use_lang();
    let waiting = use_state_eq(update_waiting);
    {
        let waiting = waiting.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| EventListener::new(&w, UPDATE_EVENT, move |_| waiting.set(true)));
            move || drop(listener)
        });
    }
    if !*waiting {
        return html! {};
    }
    let onreload = Callback::from(|_: MouseEvent| {
        if let (Some(w), Ok(event)) = (web_sys::window(), web_sys::Event::new(RELOAD_EVENT)) {
            let _ = w.dispatch_event(&event);
        }
    });
    html! {
        <div class="update-prompt" role="status">
            <p class="update-prompt__text">{ Msg::UpdateAvailable.text(lang) }</p>
            <button type="button" class="update-prompt__reload" onclick={onreload}>
                { Msg::UpdateReload.text(lang) }
            </button>
        </div>
    }
}
