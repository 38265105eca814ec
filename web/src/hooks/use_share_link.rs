//! The share link in the page's address (`docs/link-format.md`; the lab's side is
//! `lab/share.rs`): read at start, kept current while the lab is paused, followed when the user
//! edits the `#…` by hand, and put on the clipboard.
//!
//! The address bar is rewritten with `history.replaceState`, never `pushState`, and only when
//! the link changes while the lab is paused (after an action, a step, a pause): playing never
//! touches it, so the browser's history is not flooded and Back leaves the lab. The query
//! parameters that the link now carries (`preset`, `t`, `play`, `absolute`, `lang`) leave the
//! address with the first rewrite; the others (`speed`, `wait`, `present`, `embed`, unknown
//! ones) stay.

use std::rc::Rc;

use gloo::events::EventListener;
use handshake_core::link::{self, Experiment, LinkError};
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// Query parameters the link replaces (README.md, "URL parameters").
const CARRIED_BY_LINK: [&str; 5] = ["preset", "t", "play", "absolute", "lang"];

/// The page's `#…`, without the `#`; empty when there is none.
fn page_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// The share link in the page's address, if it has a `#…`: the experiment, or why not.
pub fn read_page_link() -> Option<Result<Experiment, LinkError>> {
    let fragment = page_fragment();
    (!fragment.is_empty()).then(|| link::decode(&fragment))
}

/// The address of this page (no query) with `fragment` after the `#`: what Copy link copies and
/// what embed mode's "Open in Handshake Lab" opens.
pub fn link_url(fragment: &str) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return format!("#{fragment}");
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}#{fragment}")
}

/// The query without the parameters the link carries (`?speed=2&present=1`, or empty).
fn kept_query(search: &str) -> String {
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or("");
            !pair.is_empty() && !CARRIED_BY_LINK.contains(&key)
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// Writes `fragment` into the address bar in place of the current entry (no new history entry).
fn replace_address(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let query = kept_query(&location.search().unwrap_or_default());
    let url = format!("{path}{query}#{fragment}");
    if let Ok(history) = window.history() {
        // Fails only for a URL of another origin, which this is not.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Keeps the address bar's `#…` the lab's link. `paused` is `None` while playing (nothing is
/// written then) and otherwise whatever the link is made of (it changes exactly when the link
/// may); `link` makes the link of the lab as it is. The first value is the page as opened and is
/// not written either, so a plain visit keeps its plain address until something changes.
///
/// The rewrite waits until `paused` has stayed the same for [`ADDRESS_SETTLE_MS`], and the link
/// is made only then: stepping through a run changes it at every step, encoding it takes about a
/// millisecond, and `replaceState` is slow (about 7 ms a call in Chromium, most of a step back's
/// budget) and rate-limited by browsers (Safari refuses more than 100 calls in 30 s). A change,
/// or play starting, cancels a rewrite not yet made.
#[hook]
pub fn use_address_link<D>(paused: Option<D>, link: Rc<dyn Fn() -> Option<String>>)
where
    D: PartialEq + 'static,
{
    let first = use_mut_ref(|| true);
    let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    use_effect_with(paused, move |paused| {
        // Dropping the timeout cancels it.
        pending.borrow_mut().take();
        if std::mem::replace(&mut *first.borrow_mut(), false) {
            return;
        }
        if paused.is_some() {
            let write = gloo::timers::callback::Timeout::new(ADDRESS_SETTLE_MS, move || {
                if let Some(fragment) = link() {
                    if page_fragment() != fragment {
                        replace_address(&fragment);
                    }
                }
            });
            *pending.borrow_mut() = Some(write);
        }
    });
}

/// How long the lab's link must stay the same before the address bar is rewritten, in ms.
pub const ADDRESS_SETTLE_MS: u32 = 250;

/// Calls `on_link` when the user changes the page's `#…` by hand (the page does not reload
/// then); the app's own rewrites do not fire it.
#[hook]
pub fn use_hash_change(on_link: Callback<Result<Experiment, LinkError>>) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "hashchange", move |_| {
                if let Some(result) = read_page_link() {
                    on_link.emit(result);
                }
            })
        });
        move || drop(listener)
    });
}

/// Puts `text` on the clipboard (the asynchronous Clipboard API); false when the browser has no
/// clipboard for the page or refuses (no user gesture, no permission, not a secure context).
pub async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts; reading it through Reflect
    // avoids calling a method on undefined.
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_keeps_what_the_link_does_not_carry() {
        assert_eq!(kept_query(""), "");
        assert_eq!(kept_query("?preset=lost-syn&t=1.5&lang=ko"), "");
        assert_eq!(
            kept_query("?preset=lost-syn&speed=2&present=1&play=1&x=y"),
            "?speed=2&present=1&x=y"
        );
        assert_eq!(kept_query("?embed=1"), "?embed=1");
        // `presets` is not `preset`.
        assert_eq!(kept_query("?presets=a&absolute=1"), "?presets=a");
    }
}
