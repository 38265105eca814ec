//! The keyboard in a real browser (issue 10, items 2, 3 and 14): where focus goes after a
//! scenario is picked, after `x` or Esc in the fault menu; the side panel's tabs as the ARIA tabs
//! pattern has them; the enlarged state diagram as a modal dialog; a selection that keeps the
//! diagram in view.
#![cfg(target_arch = "wasm32")]

use handshake_web::Lang;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn is_body(el: &Element) -> bool {
    el.tag_name().eq_ignore_ascii_case("body")
}

fn states(root: &Element) -> (String, String) {
    (
        text_of(root, ".lane--client .lane__state-name"),
        text_of(root, ".lane--server .lane__state-name"),
    )
}

#[wasm_bindgen_test]
async fn picking_a_scenario_leaves_the_keyboard_on_play() {
    let root = mount_app("handshake", Lang::En).await;
    click(&root, ".preset-menu__button").await;
    click(&root, ".preset-menu [data-slug=lost-syn]").await;
    assert!(
        active().class_list().contains("control-bar__button--play"),
        "focus is on {}",
        active().outer_html().chars().take(120).collect::<String>()
    );
}

#[wasm_bindgen_test]
async fn the_keyboard_stays_in_the_lab_after_x_and_after_escape_in_the_fault_menu() {
    let root = mount_app("handshake", Lang::En).await;
    press("ArrowRight").await;
    press("n").await;
    assert_eq!(count(&root, ".fault-menu"), 1);
    assert!(
        find(&root, ".fault-menu").contains(Some(&active())),
        "the menu has the keyboard"
    );
    press_on(&active(), "x").await;
    assert_eq!(count(&root, ".fault-menu"), 0);
    assert!(!is_body(&active()), "x dropped the keyboard on the body");
    assert!(active().class_list().contains("stage"));
    // The retransmission, then Esc in its menu.
    press_on(&active(), "ArrowRight").await;
    press_on(&active(), "n").await;
    assert_eq!(count(&root, ".fault-menu"), 1);
    press_on(&active(), "Escape").await;
    assert_eq!(count(&root, ".fault-menu"), 0);
    assert!(!is_body(&active()), "Esc dropped the keyboard on the body");
    // From there the keys still work: Space plays.
    press_on(&active(), " ").await;
    assert_eq!(
        find(&root, ".control-bar__button--play")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Pause")
    );
}

#[wasm_bindgen_test]
async fn arrow_keys_on_a_tab_move_between_tabs_not_the_simulation() {
    let root = mount_app("handshake", Lang::En).await;
    let tabs = || root.query_selector_all("[role=tab]").unwrap();
    let selected = |i: u32| {
        tabs()
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
            .and_then(|e| e.get_attribute("aria-selected"))
    };
    assert_eq!(selected(0).as_deref(), Some("true"));
    let first: Element = wasm_bindgen::JsCast::unchecked_into(tabs().item(0).unwrap());
    assert_eq!(first.get_attribute("tabindex").as_deref(), Some("0"));
    click(&root, "[role=tab][aria-selected=true]").await;
    press_on(&first, "ArrowRight").await;
    assert_eq!(
        states(&root),
        ("CLOSED".into(), "CLOSED".into()),
        "the simulation did not step"
    );
    assert_eq!(selected(1).as_deref(), Some("true"));
    assert_eq!(active().get_attribute("role").as_deref(), Some("tab"));
    assert_eq!(
        active().get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    press_on(&active(), "ArrowLeft").await;
    press_on(&active(), "ArrowLeft").await;
    let last = tabs().length() - 1;
    assert_eq!(selected(last).as_deref(), Some("true"), "wraps around");
    press_on(&active(), "Home").await;
    assert_eq!(selected(0).as_deref(), Some("true"));
    assert_eq!(
        states(&root),
        ("CLOSED".into(), "CLOSED".into()),
        "Home did not reset either"
    );
    // The panel is labelled by its tab, and only the shown tab is a tab stop.
    let panel = find(&root, "[role=tabpanel]");
    let labelled = panel.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        find(&root, &format!("#{labelled}"))
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    assert_eq!(count(&root, "[role=tab][tabindex='0']"), 1);
}

#[wasm_bindgen_test]
async fn the_enlarged_diagram_is_a_modal_dialog_that_keeps_the_keyboard_and_closes_on_escape() {
    let root = mount_app("handshake", Lang::En).await;
    click(&root, ".state-diagram__toggle").await;
    let figure = find(&root, ".state-diagram");
    assert_eq!(figure.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(figure.get_attribute("aria-modal").as_deref(), Some("true"));
    assert!(
        figure.contains(Some(&active())),
        "focus moved into the dialog"
    );
    // Tab from its last control comes back to its first, instead of leaving it.
    let kept = press_on(&active(), "Tab").await;
    assert!(kept, "Tab is kept inside the dialog");
    assert!(figure.contains(Some(&active())));
    // Esc closes it, and the keyboard goes back to its toggle.
    press_on(&active(), "Escape").await;
    assert!(
        !find(&root, ".state-diagram")
            .class_list()
            .contains("state-diagram--expanded")
    );
    assert!(active().class_list().contains("state-diagram__toggle"));
    // A press on the backdrop closes it too.
    click(&root, ".state-diagram__toggle").await;
    click(&root, ".state-diagram__backdrop").await;
    assert_eq!(count(&root, ".state-diagram--expanded"), 0);
}

#[wasm_bindgen_test]
async fn selecting_a_segment_keeps_the_state_diagram_in_view() {
    let root = mount_app("handshake", Lang::En).await;
    click(&root, ".control-bar__button--step").await;
    click(&root, ".capsule").await;
    assert_eq!(count(&root, ".fault-menu"), 1);
    assert_eq!(
        count(&root, ".state-diagram"),
        1,
        "the diagram is still there"
    );
    let summary = text_of(&root, ".inspector--compact");
    assert!(summary.starts_with("C1"), "{summary}");
    assert!(
        text_of(&root, "#side-tab-inspector").contains("C1"),
        "the tab names the selection"
    );
    // The whole inspector is one press away.
    click(&root, ".inspector__more").await;
    assert!(count(&root, ".inspector__field") > 5);
    assert_eq!(count(&root, ".state-diagram"), 0);
}
