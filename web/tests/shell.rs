//! The app shell in a real browser: `cargo test -p handshake-web --target wasm32-unknown-unknown`
//! (scripts/test's `wasm-tests` step) runs these in headless Chromium through
//! wasm-bindgen-test-runner. On the host this file is empty.
#![cfg(target_arch = "wasm32")]

use handshake_web::panic::render_panic_message;
use handshake_web::{App, AppProps, Lang, Msg, VERSION};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount(props: AppProps) -> Element {
    let root = new_root();
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn shell_mounts_with_title_lanes_wire_controls_and_version() {
    let root = new_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    assert_eq!(text_of(&root, ".header__title"), "Handshake Lab");
    let lang = handshake_web::i18n::detect_lang();
    assert_eq!(
        text_of(&root, ".lane--client .lane__label"),
        Msg::LaneClient.text(lang)
    );
    assert_eq!(
        text_of(&root, ".lane--server .lane__label"),
        Msg::LaneServer.text(lang)
    );
    assert_eq!(text_of(&root, ".lane--client .lane__state-name"), "CLOSED");
    assert_eq!(
        root.query_selector_all(".stage__wire svg .wire__lifeline")
            .unwrap()
            .length(),
        2
    );
    assert_eq!(
        root.query_selector_all(".control-bar button")
            .unwrap()
            .length(),
        5,
        "reset, back, play, step, undo"
    );
    assert_eq!(text_of(&root, ".footer__version-number"), VERSION);
}

#[wasm_bindgen_test]
async fn language_switch_changes_labels_and_document_lang() {
    let root = mount(AppProps {
        lang: Some(Lang::En),
        ..AppProps::default()
    })
    .await;
    assert_eq!(text_of(&root, ".lane--client .lane__label"), "Client");
    assert_eq!(
        find(&root, "button[lang=en]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );

    click(&root, ".language-switch button[lang=ko]").await;
    assert_eq!(text_of(&root, ".lane--client .lane__label"), "클라이언트");
    assert_eq!(text_of(&root, ".lane--server .lane__label"), "서버");
    assert_eq!(
        text_of(&root, ".header__tagline"),
        Msg::AppTagline.text(Lang::Ko)
    );
    assert_eq!(
        find(&root, "button[lang=ko]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        find(&root, "button[lang=en]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    let html_lang = document().document_element().unwrap().get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("ko"));

    click(&root, ".language-switch button[lang=en]").await;
    assert_eq!(text_of(&root, ".lane--client .lane__label"), "Client");
}

#[wasm_bindgen_test]
async fn pressing_the_current_language_changes_nothing() {
    let root = mount(AppProps {
        lang: Some(Lang::Ko),
        ..AppProps::default()
    })
    .await;
    click(&root, ".language-switch button[lang=ko]").await;
    assert_eq!(text_of(&root, ".lane--client .lane__label"), "클라이언트");
}

#[wasm_bindgen_test]
fn panic_message_explains_in_both_languages_and_offers_a_reload() {
    let page = render_panic_message(
        &document(),
        "panicked at web/src/app.rs:1:1:\n<b>not html</b>",
    )
    .unwrap();
    let all = page.text_content().unwrap();
    for lang in [Lang::Ko, Lang::En] {
        assert!(all.contains(Msg::PanicTitle.text(lang)), "{all}");
        assert!(all.contains(Msg::PanicBody.text(lang)), "{all}");
    }
    // start.js reloads on a click on it; no inline handler (the CSP would block it).
    let reload = find(&page, "button.panic__reload");
    assert_eq!(reload.get_attribute("onclick"), None);
    // The panic message is shown as text, never parsed as HTML.
    assert!(page.query_selector("b").unwrap().is_none());
    assert!(text_of(&page, ".panic__details pre").contains("<b>not html</b>"));
}
