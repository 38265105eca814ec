//! Issue 13's controls in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! the app mounted, the broken-TCP switch opening real TCP beside the run, the inject form's
//! errors in the UI's language and its segment on the ladder, crash and reboot.
#![cfg(target_arch = "wasm32")]

use handshake_web::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlInputElement;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Types `value` into a text field as a user does (an `input` event).
async fn type_into(root: &web_sys::Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(value);
    let event = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn no_time_wait_puts_real_tcp_beside_the_broken_run_and_escape_closes_it() {
    let root = mount_app("normal-close", Lang::Ko).await;
    click(&root, "#side-tab-settings").await;
    assert_eq!(count(&root, ".compare"), 0);
    click(&root, ".broken-tcp__no_time_wait").await;
    assert_eq!(count(&root, ".compare"), 1);
    assert!(text_of(&root, ".not-tcp-banner").contains("TCP 아님"));
    assert!(text_of(&root, ".not-tcp-banner").contains("TIME-WAIT 없음"));
    let sentence = text_of(&root, ".compare__divergence");
    assert!(
        sentence.starts_with("두 실행은 여기서 갈라진다: "),
        "{sentence}"
    );
    assert!(sentence.contains("TIME-WAIT"), "{sentence}");
    assert_eq!(text_of(&root, ".compare__title"), "진짜 TCP");
    press("Escape").await;
    assert_eq!(count(&root, ".compare"), 0);
    // The switch stays on: the run is still marked.
    assert_eq!(count(&root, ".not-tcp-banner"), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_inject_form_refuses_what_the_core_cannot_read_and_draws_what_it_sends() {
    let root = mount_app("handshake", Lang::En).await;
    click(&root, ".why-panel__summary").await;
    type_into(&root, ".why-panel__seq", "client.isn").await;
    click(&root, ".why-panel__inject-button").await;
    assert!(text_of(&root, ".why-panel__error").starts_with("SEQ: a number"));
    assert_eq!(count(&root, ".seg-label[data-tx=\"C*1\"]"), 0);
    // At 0 s the core runs the scenario's connect first, so the client has an ISS to count from.
    // The old SYN leaves beside the real one and is drawn as its own arrow.
    type_into(&root, ".why-panel__seq", "client.iss-10").await;
    click(&root, ".why-panel__inject-button").await;
    assert_eq!(count(&root, ".seg[data-tx=\"C*1\"]"), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_crash_is_drawn_on_its_lane_and_only_a_crashed_host_reboots() {
    let root = mount_app("handshake", Lang::En).await;
    click(&root, ".why-panel__summary").await;
    let reboot = |root: &web_sys::Element| {
        find(root, ".why-panel__reboot--client").has_attribute("disabled")
    };
    assert!(reboot(&root));
    click(&root, ".why-panel__crash--client").await;
    assert!(!reboot(&root));
    assert_eq!(count(&root, ".why-host--crash.why-host--client"), 1);
    click(&root, ".why-panel__reboot--client").await;
    assert!(reboot(&root));
    assert_eq!(count(&root, ".why-host--reboot.why-host--client"), 1);
    root.remove();
}
