//! DOM helpers the browser tests share (`mod common;` in each test file). Each test mounts its
//! app into a fresh element, so tests do not see each other's DOM.
#![allow(dead_code)] // each test file uses some of them

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

pub fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in the body for one test's app.
/// Removes the `#…` from the page's address (without a history entry or a `hashchange`).
pub fn clear_share_link() {
    let window = web_sys::window().unwrap();
    let location = window.location();
    if location.hash().unwrap_or_default().is_empty() {
        return;
    }
    let url = format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    );
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

pub fn new_root() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// The first element under `root` that matches, or a panic that names the selector.
pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// The trimmed text of the first match.
pub fn text_of(root: &Element, selector: &str) -> String {
    find(root, selector)
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Clicks the first match and lets Yew render.
pub async fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
}

/// A key pressed with the focus on `el` (the event bubbles from there); `true` if a handler
/// prevented its default.
pub async fn press_on(el: &Element, key: &str) -> bool {
    press_with(el, key, false).await
}

/// A key pressed with nothing focused (on the body).
pub async fn press(key: &str) -> bool {
    press_on(&document().body().unwrap(), key).await
}

/// A key pressed on `el`, with Ctrl held if `ctrl`.
pub async fn press_with(el: &Element, key: &str, ctrl: bool) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
    event.default_prevented()
}

/// The element with the keyboard focus (the body when nothing has it).
pub fn active() -> Element {
    document()
        .active_element()
        .unwrap_or_else(|| document().body().unwrap().into())
}

/// Types `value` into a field and commits it (as leaving the field does).
pub async fn commit(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(value);
    let event = web_sys::Event::new("change").unwrap();
    input.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// The app mounted with a preset, in a language.
pub async fn mount_app(preset: &'static str, lang: handshake_web::Lang) -> Element {
    // The tests of a file share one page, and a lab writes its share link into the address
    // (`#x1.…`) when it pauses after an action: a fresh lab starts from an address without one,
    // as a fresh page would, instead of opening the previous test's experiment.
    clear_share_link();
    let root = new_root();
    let props = handshake_web::AppProps {
        lang: Some(lang),
        preset: Some(yew::AttrValue::from(preset)),
    };
    yew::Renderer::<handshake_web::App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}
