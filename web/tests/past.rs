//! Changing the past in a real browser (issue 10, item 6): an action taken before the session's
//! later actions says which it would cut and asks to keep or cut them, and undo (its button,
//! Ctrl+Z) puts the session back. Driven through the lab's own buttons and keys.
#![cfg(target_arch = "wasm32")]

use handshake_web::Lang;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn step(root: &Element, times: usize) {
    for _ in 0..times {
        click(root, ".control-bar__button--step").await;
    }
}

/// The handshake to 0.30 s, "hello" sent there, then back to 0.00 s with the SYN on the link
/// and a delay chosen for it.
async fn send_then_delay_the_syn(lang: Lang) -> Element {
    let root = mount_app("handshake", lang).await;
    step(&root, 4).await;
    // One unit style per language: `0.30 s` / `0.30초`.
    let at = match lang {
        Lang::En => "0.30 s",
        Lang::Ko => "0.30초",
    };
    assert_eq!(text_of(&root, ".control-bar__time"), at);
    click(&root, ".calls--client .calls__button--send").await;
    for _ in 0..3 {
        click(&root, ".control-bar__button--back").await;
    }
    assert_eq!(count(&root, ".capsule"), 1, "the SYN is on the link");
    click(&root, ".capsule").await;
    click(&root, ".fault-menu__button--delay").await;
    root
}

/// Scrubs to the end of the run.
async fn to_the_end(root: &Element) {
    let range: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(find(root, ".scrubber__range"));
    range.set_value(&range.max());
    range
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

/// Whether the ladder shows a data segment of `len` bytes.
fn data_sent(root: &Element, len: usize) -> bool {
    let labels = root.query_selector_all(".seg-label").unwrap();
    (0..labels.length()).any(|i| {
        labels
            .item(i)
            .unwrap()
            .text_content()
            .unwrap_or_default()
            .contains(&format!("Len={len}"))
    })
}

#[wasm_bindgen_test]
async fn a_delay_before_a_send_says_what_it_would_cut_and_keeping_keeps_it() {
    let root = send_then_delay_the_syn(Lang::En).await;
    let question = text_of(&root, ".change-prompt");
    assert!(question.contains("1 later action"), "{question}");
    assert!(question.contains("0.30 s — Client send()"), "{question}");
    assert_eq!(count(&root, ".notice"), 0, "nothing done yet");
    assert!(
        active()
            .class_list()
            .contains("change-prompt__button--keep"),
        "the question has the keyboard, on the answer that loses nothing"
    );
    click(&root, ".change-prompt__button--keep").await;
    assert_eq!(count(&root, ".change-prompt"), 0);
    let notice = text_of(&root, ".notice");
    assert!(notice.contains("Kept the later action"), "{notice}");
    assert!(
        !active().tag_name().eq_ignore_ascii_case("body"),
        "the keyboard is not dropped on the body"
    );
    to_the_end(&root).await;
    assert!(data_sent(&root, 5), "the send survived the delay");
}

#[wasm_bindgen_test]
async fn cutting_names_what_was_cut_and_undo_or_ctrl_z_bring_it_back() {
    let root = send_then_delay_the_syn(Lang::En).await;
    click(&root, ".change-prompt__button--cut").await;
    let notice = text_of(&root, ".notice");
    assert!(notice.contains("Cut 1 later action"), "{notice}");
    assert!(notice.contains("send()"), "{notice}");
    click(&root, ".notice__undo").await;
    assert!(text_of(&root, ".notice").contains("Undone"));
    to_the_end(&root).await;
    assert!(data_sent(&root, 5), "undo put the send back");

    // The same with Ctrl+Z, and in Korean.
    let root = send_then_delay_the_syn(Lang::Ko).await;
    let question = text_of(&root, ".change-prompt");
    assert!(
        question.contains("0.30초 — 클라이언트 send()"),
        "{question}"
    );
    click(&root, ".change-prompt__button--cut").await;
    assert!(text_of(&root, ".notice").contains("잘라냈습니다"));
    to_the_end(&root).await;
    assert!(!data_sent(&root, 5), "cut: no send");
    assert!(
        press_with(&document().body().unwrap(), "z", true).await,
        "Ctrl+Z is taken"
    );
    to_the_end(&root).await;
    assert!(data_sent(&root, 5), "Ctrl+Z put the send back");
}

#[wasm_bindgen_test]
async fn escape_cancels_the_change() {
    let root = send_then_delay_the_syn(Lang::En).await;
    press_on(&active(), "Escape").await;
    assert_eq!(count(&root, ".change-prompt"), 0);
    assert_eq!(count(&root, ".notice"), 0);
    // The SYN was not delayed: it arrives at 0.10 s.
    step(&root, 1).await;
    assert_eq!(text_of(&root, ".control-bar__time"), "0.10 s");
}
