//! Learning mode in a real browser (headless Chromium through wasm-bindgen-test-runner): a card's
//! "run it" loads its scenario at its moment and lights what proves the point; the quiz asks
//! before the first step with the keyboard in its options.
#![cfg(target_arch = "wasm32")]

use handshake_web::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The computed outline style of the first match (`solid` where the light is).
fn outline(root: &Element, selector: &str) -> String {
    let el = find(root, selector);
    web_sys::window()
        .unwrap()
        .get_computed_style(&el)
        .unwrap()
        .unwrap()
        .get_property_value("outline-style")
        .unwrap()
}

/// The rules of the document's adopted sheets (the lit sheet is one): empty when nothing is lit.
fn lit_rules() -> String {
    let sheets = document().adopted_style_sheets();
    let mut css = String::new();
    for sheet in sheets.iter() {
        let sheet: web_sys::CssStyleSheet = sheet.unchecked_into();
        let rules = sheet.css_rules().unwrap();
        for i in 0..rules.length() {
            css.push_str(&rules.item(i).unwrap().css_text());
        }
    }
    css
}

async fn run_card(root: &Element, card: &str) {
    click(root, "#side-tab-learn").await;
    click(root, &format!("{card} summary")).await;
    click(root, &format!("{card} .learn-card__run")).await;
}

#[wasm_bindgen_test]
async fn run_it_loads_m1_at_close_wait_and_lights_the_servers_lane() {
    let root = mount_app("handshake", Lang::Ko).await;
    assert_eq!(outline(&root, ".lane--server .lane__state"), "none");
    run_card(&root, "#myth-m1").await;
    // The four-segment close, at the moment the server has ACKed the client's FIN.
    assert_eq!(
        text_of(&root, ".lane--server .lane__state-name"),
        "CLOSE-WAIT"
    );
    assert_eq!(
        text_of(&root, ".lane--client .lane__state-name"),
        "FIN-WAIT-1"
    );
    assert_eq!(text_of(&root, ".control-bar__time"), "0.60초");
    assert_eq!(outline(&root, ".lane--server .lane__state"), "solid");
    assert_eq!(outline(&root, ".lane--client .lane__state"), "none");
    // The card quotes what the run did, and says what is lit.
    assert!(count(&root, "#myth-m1 .learn-card__evidence li") >= 3);
    assert!(text_of(&root, ".learn__lit").contains("M1"));
    // Clearing puts the light out.
    click(&root, ".learn__lit-clear").await;
    assert_eq!(outline(&root, ".lane--server .lane__state"), "none");
    assert_eq!(lit_rules(), "");
}

#[wasm_bindgen_test]
async fn run_it_for_m4_opens_the_inspector_on_the_syn_acks_flag_byte() {
    let root = mount_app("lost-syn", Lang::En).await;
    run_card(&root, "#myth-m4").await;
    // The handshake, with S1 (the SYN,ACK) selected and the inspector shown.
    assert_eq!(
        find(&root, "#side-tab-inspector")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    let flags = ".inspector__field[data-key=\"flags\"]";
    assert!(
        text_of(&root, flags).contains("0x12"),
        "{}",
        text_of(&root, flags)
    );
    assert_eq!(outline(&root, flags), "solid");
    // Its byte in the hex dump is lit too: byte 13 of the header.
    let byte = find(&root, ".inspector__byte[data-byte=\"13\"]");
    assert_eq!(byte.text_content().unwrap_or_default(), "12");
    let fill = web_sys::window()
        .unwrap()
        .get_computed_style(&byte)
        .unwrap()
        .unwrap()
        .get_property_value("background-color")
        .unwrap();
    assert_ne!(fill, "rgba(0, 0, 0, 0)", "the flag byte is filled");
}

#[wasm_bindgen_test]
async fn q_turns_the_quiz_on_and_play_asks_with_the_keyboard_in_the_options() {
    let root = mount_app("handshake", Lang::En).await;
    assert_eq!(count(&root, ".quiz"), 0);
    press("q").await;
    press("Space").await;
    yew::scheduler::flush().await;
    assert_eq!(count(&root, ".quiz--asking"), 1);
    let focused = active();
    let radio: HtmlInputElement = focused.dyn_into().expect("an option has the focus");
    assert_eq!(radio.type_(), "radio");
    // Space and the arrows in the options are theirs: the run does not move.
    press_on(&radio, "ArrowRight").await;
    assert_eq!(text_of(&root, ".control-bar__time"), "0.00 s");
    // The four options are four different states, one of them SYN-SENT.
    let labels: Vec<String> = (0..4)
        .map(|i| text_of(&root, &format!("label[for=\"quiz-option-{i}\"]")))
        .collect();
    assert!(labels.iter().any(|l| l == "SYN-SENT"), "{labels:?}");
    press("q").await;
    assert_eq!(count(&root, ".quiz"), 0, "q turns it off again");
}

#[wasm_bindgen_test]
async fn a_term_under_the_narration_opens_the_glossary_at_its_entry() {
    let root = mount_app("handshake", Lang::Ko).await;
    // M1's run stops where the server has ACKed the FIN: that sentence names CLOSE-WAIT.
    run_card(&root, "#myth-m1").await;
    click(&root, "#side-tab-diagram").await;
    assert!(count(&root, ".narration-log__term") >= 1);
    let term = find(&root, ".narration-log__term");
    let id = term.get_attribute("data-term").expect("a term id");
    assert!(!term.text_content().unwrap_or_default().is_empty());
    click(&root, ".narration-log__term").await;
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, "#side-tab-learn")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        active().id(),
        format!("term-{id}"),
        "the entry has the focus"
    );
    assert_eq!(count(&root, ".learn-term--asked"), 1);
}

#[wasm_bindgen_test]
async fn m7s_second_run_shows_the_old_duplicate_die_while_time_wait_holds_the_ports() {
    let root = mount_app("handshake", Lang::En).await;
    click(&root, "#side-tab-learn").await;
    click(&root, "#myth-m7 summary").await;
    click(&root, "#myth-m7 .learn-card__run--also").await;
    // Why 2·MSL, at the refused connect(): the client's lane reads TIME-WAIT and is lit.
    assert_eq!(
        text_of(&root, ".lane--client .lane__state-name"),
        "TIME-WAIT"
    );
    assert_eq!(outline(&root, ".lane--client .lane__state"), "solid");
    assert_eq!(outline(&root, ".lane--server .lane__state"), "none");
    // The card stays open on its second run's evidence, and the caption names M7.
    assert!(count(&root, "#myth-m7 .learn-card__evidence li") >= 5);
    assert!(text_of(&root, ".learn__lit").contains("M7"));
}

#[wasm_bindgen_test]
async fn an_interview_answer_is_proved_in_one_click_why_three_runs_figure_8() {
    let root = mount_app("handshake", Lang::Ko).await;
    click(&root, "#side-tab-learn").await;
    click(&root, ".learn__nav-item[data-section=\"interview\"]").await;
    click(&root, "#interview-why-three summary").await;
    click(&root, "#interview-why-three .learn-card__run").await;
    // The old duplicate SYN refused: the client's RST is lit, its flags part filled.
    let css = lit_rules();
    assert!(css.contains("seg-label[data-tx=\"C2\"]"), "{css}");
    assert_eq!(outline(&root, ".seg-label[data-tx=\"C2\"]"), "solid");
    assert!(text_of(&root, ".seg-label[data-tx=\"C2\"]").contains("RST"));
    assert_eq!(
        text_of(&root, ".lane--server .lane__state-name"),
        "SYN-RECEIVED"
    );
    assert!(count(&root, "#interview-why-three .learn-card__evidence li") >= 4);
    // The follow-up is one more disclosure.
    assert_eq!(count(&root, "#interview-why-three .learn-card__follow"), 1);
}
