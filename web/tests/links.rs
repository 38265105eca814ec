//! What the lab does with what it is given (issue 10, item 17): a link's parameters (the page's
//! own URL, set with `history.replaceState` before the app mounts and put back after), a seed
//! too large for 64 bits, a paste too long for the send field. In a test binary of their own,
//! since the URL is the page's.
#![cfg(target_arch = "wasm32")]

use handshake_web::{App, AppProps, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The app as a link with `query` opens it (the page's URL is put back afterwards).
async fn open_link(query: &str) -> Element {
    let window = web_sys::window().unwrap();
    let location = window.location();
    let before = format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    );
    let history = window.history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query))
        .unwrap();
    let root = new_root();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps::default()).render();
    yew::scheduler::flush().await;
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before))
        .unwrap();
    root
}

#[wasm_bindgen_test]
async fn a_preset_name_is_url_decoded_and_case_folded() {
    for query in ["?preset=lost%2Dsyn&lang=en", "?preset=LOST-SYN&lang=en"] {
        let root = open_link(query).await;
        assert_eq!(count(&root, ".notice"), 0, "{query}");
        assert!(
            find(
                &root,
                ".preset-menu [aria-selected=true], .preset-menu__button"
            )
            .text_content()
            .unwrap_or_default()
            .contains("Lost SYN"),
            "{query}: {}",
            text_of(&root, ".preset-menu__button")
        );
    }
}

#[wasm_bindgen_test]
async fn values_a_link_cannot_use_are_named_in_the_same_notice_as_an_unknown_preset() {
    let root = open_link("?preset=lost-synn&t=-5&speed=abc&lang=en").await;
    let notice = text_of(&root, ".notice");
    assert!(notice.contains("“lost-synn”"), "{notice}");
    assert!(notice.contains("t=-5"), "{notice}");
    assert!(notice.contains("speed=abc"), "{notice}");
    assert_eq!(text_of(&root, ".control-bar__time"), "0.00 s");
    let root = open_link("?preset=handshake&t=NaN&lang=ko").await;
    let notice = text_of(&root, ".notice");
    assert!(notice.contains("t=NaN"), "{notice}");
    assert!(notice.contains("링크에서 쓸 수 없어"), "{notice}");
    assert!(!notice.contains("Left out"), "{notice}");
}

#[wasm_bindgen_test]
async fn a_seed_of_two_to_the_sixty_four_is_refused_with_a_message() {
    let root = mount_app("handshake", Lang::En).await;
    // The third tab (by role, as a screen reader finds it).
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    tabs.item(2)
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    yew::scheduler::flush().await;
    commit(&root, "input[data-field=seed]", "18446744073709551616").await;
    let error = text_of(&root, ".settings .field-error");
    assert!(error.contains("18446744073709551615"), "{error}");
    commit(&root, "input[data-field=seed]", "18446744073709551615").await;
    assert_eq!(count(&root, ".settings .field-error"), 0);
}

#[wasm_bindgen_test]
async fn a_hundred_thousand_character_paste_says_it_was_cut_and_to_how_many() {
    for (lang, want) in [
        (Lang::En, "Cut to 2,000 characters (the text had 100,000)"),
        (Lang::Ko, "2,000자"),
    ] {
        let root = mount_app("handshake", lang).await;
        let field: HtmlInputElement = find(&root, ".calls--client .calls__text").unchecked_into();
        field.set_value(&"a".repeat(100_000));
        field
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        yew::scheduler::flush().await;
        assert_eq!(field.value().chars().count(), 2_000);
        let said = text_of(&root, ".calls--client .calls__text-cut");
        assert!(said.contains(want), "{said}");
        // A short text clears the message.
        field.set_value("hi");
        field
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        yew::scheduler::flush().await;
        assert_eq!(count(&root, ".calls__text-cut"), 0);
    }
}
