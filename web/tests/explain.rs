//! The explanation components in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): the inspector, the state diagram, the narration log, the preset
//! menu and the help overlay, each mounted on its own with a simulator run to some time.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::presets;
use handshake_core::sim::Simulator;
use handshake_web::components::help_overlay::HelpOverlayProps;
use handshake_web::components::inspector::InspectorProps;
use handshake_web::components::narration_log::{NarrationLiveProps, NarrationLogProps};
use handshake_web::components::preset_menu::PresetMenuProps;
use handshake_web::components::state_diagram::StateDiagramProps;
use handshake_web::components::{
    HelpOverlay, Inspector, NarrationLive, NarrationLog, PresetMenu, StateDiagram,
};
use handshake_web::run::Run;
use handshake_web::shortcuts::SHORTCUTS;
use handshake_web::{Lang, Msg, SimHandle};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};
use yew::{BaseComponent, Callback};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function key(el, k, shift) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey: shift, bubbles: true, cancelable: true }));
}
export function hover(el) {
  el.dispatchEvent(new MouseEvent('mouseenter', { bubbles: false }));
}
")]
extern "C" {
    fn key(el: &Element, k: &str, shift: bool);
    fn hover(el: &Element);
}

async fn mount<C: BaseComponent>(props: C::Properties) -> (Element, yew::AppHandle<C>) {
    let root = new_root();
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    (root, handle)
}

fn sim(slug: &str, ms: u64) -> SimHandle {
    let scenario = presets::find(slug).unwrap().scenario().unwrap();
    let mut sim = Simulator::new(&scenario).unwrap();
    sim.run_until(Instant::from_millis(ms));
    SimHandle::new(sim)
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

fn all_text(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.text_content())
        .collect()
}

fn has_class(el: &Element, class: &str) -> bool {
    el.get_attribute("class")
        .unwrap_or_default()
        .split_whitespace()
        .any(|c| c == class)
}

fn active_element() -> Option<Element> {
    document().active_element()
}

// ----- inspector ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn inspector_shows_every_field_relative_numbers_bytes_and_both_tcbs() {
    let (root, _h) = mount::<Inspector>(InspectorProps {
        run: Run::Live(sim("handshake", 150)),
        selected: Some("S1".parse().unwrap()),
        lang: Lang::En,
        absolute: false,
        compact: false,
        onmore: Callback::noop(),
    })
    .await;
    let rows = all_text(&root, ".inspector__field");
    let row = |name: &str| {
        rows.iter()
            .find(|r| r.contains(name))
            .unwrap_or_else(|| panic!("no row {name} in {rows:#?}"))
            .clone()
    };
    assert!(row("Acknowledgment Number:").ends_with("Acknowledgment Number: 1 (relative)"));
    assert!(row("Sequence Number:").ends_with("Sequence Number: 0 (relative)"));
    assert!(row("Flags").contains("0001 0010 = Flags: 0x12 (SYN, ACK)"));
    assert!(row("SYN:").contains(".... ..1. = SYN: Set"));
    assert!(row("Checksum").contains("[correct]"));
    assert!(row("Maximum Segment Size:").contains("100 bytes"));
    // The SYN,ACK carries the MSS option: 24 header bytes, six 32-bit words.
    assert_eq!(count(&root, ".inspector__hex-row"), 6);
    assert_eq!(count(&root, ".inspector__byte"), 24);
    // Both ends at the moment S1 left: the server has just answered the SYN.
    let tcb = text(&find(&root, ".inspector__tcb"));
    assert!(tcb.contains("SYN-SENT"), "{tcb}");
    assert!(tcb.contains("SYN-RECEIVED"), "{tcb}");
    assert!(tcb.contains("SND.UNA") && tcb.contains("RCV.NXT") && tcb.contains("RTO"));
    assert!(text(&find(&root, ".inspector__label")).contains("[SYN, ACK] Seq=0 Ack=1"));
}

#[wasm_bindgen_test]
async fn inspector_lights_the_focused_fields_bytes() {
    let (root, _h) = mount::<Inspector>(InspectorProps {
        run: Run::Live(sim("handshake", 400)),
        selected: Some("C2".parse().unwrap()),
        lang: Lang::En,
        absolute: false,
        compact: false,
        onmore: Callback::noop(),
    })
    .await;
    assert_eq!(count(&root, ".inspector__hex-row"), 5);
    assert_eq!(count(&root, ".inspector__byte--lit"), 0);
    assert_eq!(
        text(&find(&root, ".inspector__about")),
        Msg::InspectorFieldsHint.text(Lang::En)
    );
    // The pointer over the sequence number lights its four bytes.
    hover(&find(&root, ".inspector__field[data-key=seq]"));
    yew::scheduler::flush().await;
    assert_eq!(count(&root, ".inspector__byte--lit"), 4);
    assert!(text(&find(&root, ".inspector__about")).starts_with("Sequence Number:"));
    // Keyboard: focus the first row, then move down with the arrow key; the light follows.
    let first: HtmlElement = find(&root, ".inspector__field[data-row=\"0\"]").unchecked_into();
    first.focus().unwrap();
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, ".inspector__field--lit")
            .get_attribute("data-key")
            .as_deref(),
        Some("src_port")
    );
    key(&find(&root, ".inspector__fields"), "ArrowDown", false);
    yew::scheduler::flush().await;
    let focused = active_element().unwrap();
    assert_eq!(
        focused.get_attribute("data-key").as_deref(),
        Some("dst_port")
    );
    assert_eq!(
        find(&root, ".inspector__field--lit")
            .get_attribute("data-key")
            .as_deref(),
        Some("dst_port")
    );
    assert_eq!(count(&root, ".inspector__byte--lit"), 2);
    assert_eq!(focused.get_attribute("tabindex").as_deref(), Some("0"));
}

#[wasm_bindgen_test]
async fn inspector_without_selection_asks_for_one() {
    let (root, _h) = mount::<Inspector>(InspectorProps {
        run: Run::Live(sim("handshake", 150)),
        selected: None,
        lang: Lang::Ko,
        absolute: false,
        compact: false,
        onmore: Callback::noop(),
    })
    .await;
    assert_eq!(
        text(&find(&root, ".inspector__hint")),
        Msg::InspectorEmpty.text(Lang::Ko)
    );
    assert_eq!(count(&root, ".inspector__field"), 0);
}

// ----- state diagram -----------------------------------------------------------------------

#[wasm_bindgen_test]
async fn diagram_highlights_established_for_both_after_the_handshake() {
    let (root, _h) = mount::<StateDiagram>(StateDiagramProps {
        sim: sim("handshake", 400),
        lang: Lang::En,
    })
    .await;
    let est = find(&root, ".state-diagram__state[data-state=ESTABLISHED]");
    assert!(has_class(&est, "state-diagram__state--client"));
    assert!(has_class(&est, "state-diagram__state--server"));
    // Not colour alone: both sides are named on the box.
    let tags = all_text(&est, ".state-diagram__tag");
    assert_eq!(tags, ["Client", "Server"]);
    assert_eq!(count(&root, ".state-diagram__state--client"), 1);
    assert_eq!(count(&root, ".state-diagram__state--server"), 1);
    // Both latest transitions are drawn: SYN-SENT → ESTABLISHED and SYN-RECEIVED → ESTABLISHED.
    assert_eq!(count(&root, ".state-diagram__taken--client"), 1);
    assert_eq!(count(&root, ".state-diagram__taken--server"), 1);
    let sides = all_text(&root, ".state-diagram__last");
    assert!(sides[0].contains("SYN-SENT → ESTABLISHED"), "{sides:?}");
    assert!(sides[1].contains("SYN-RECEIVED → ESTABLISHED"), "{sides:?}");
    assert_eq!(count(&root, ".state-diagram__arc"), 20);
    let label = find(&root, ".state-diagram__svg")
        .get_attribute("aria-label")
        .unwrap();
    assert!(
        label.contains("Client in ESTABLISHED, Server in ESTABLISHED"),
        "{label}"
    );
}

#[wasm_bindgen_test]
async fn diagram_puts_the_server_in_the_lower_closed_box_and_enlarges() {
    let (root, _h) = mount::<StateDiagram>(StateDiagramProps {
        sim: sim("lost-last-ack", 3000),
        lang: Lang::Ko,
    })
    .await;
    let tw = find(&root, ".state-diagram__state[data-state=TIME-WAIT]");
    assert!(has_class(&tw, "state-diagram__state--client"));
    assert_eq!(all_text(&tw, ".state-diagram__tag"), ["클라이언트"]);
    let below = find(&root, ".state-diagram__state[data-place=closed-below]");
    assert!(has_class(&below, "state-diagram__state--server"));
    assert_eq!(all_text(&below, ".state-diagram__tag"), ["서버"]);
    let toggle: HtmlElement = find(&root, ".state-diagram__toggle").unchecked_into();
    toggle.click();
    yew::scheduler::flush().await;
    assert!(has_class(
        &find(&root, ".state-diagram"),
        "state-diagram--expanded"
    ));
    key(&find(&root, ".state-diagram"), "Escape", false);
    yew::scheduler::flush().await;
    assert!(!has_class(
        &find(&root, ".state-diagram"),
        "state-diagram--expanded"
    ));
}

// ----- narration log -----------------------------------------------------------------------

fn seek_recorder() -> (Callback<Instant>, Rc<RefCell<Vec<Instant>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    (Callback::from(move |t| sink.borrow_mut().push(t)), seen)
}

fn entry_with(root: &Element, needle: &str) -> HtmlElement {
    let list = root.query_selector_all(".narration-log__entry").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|e| text(e).contains(needle))
        .unwrap_or_else(|| panic!("no entry contains {needle}"))
}

#[wasm_bindgen_test]
async fn clicking_a_log_entry_seeks_to_its_time() {
    let (on_seek, seen) = seek_recorder();
    let (root, _h) = mount::<NarrationLog>(NarrationLogProps {
        run: Run::Live(sim("lost-last-ack", 3000)),
        lang: Lang::En,
        on_seek,
    })
    .await;
    entry_with(&root, "the re-sent FIN, reaches the client in TIME-WAIT").click();
    yew::scheduler::flush().await;
    assert_eq!(*seen.borrow(), [Instant::from_millis(2600)]);
    // Keyboard: the clicked entry takes the focus ring; ↑ moves to the one before, whose time
    // Enter (a button's click) seeks to.
    let list = find(&root, ".narration-log__list");
    let clicked = entry_with(&root, "the re-sent FIN, reaches the client in TIME-WAIT");
    clicked.focus().unwrap();
    key(&list, "ArrowUp", false);
    yew::scheduler::flush().await;
    let focused: HtmlElement = active_element().unwrap().unchecked_into();
    assert!(
        text(&focused).contains("S4: the server re-sends S3"),
        "{}",
        text(&focused)
    );
    focused.click();
    yew::scheduler::flush().await;
    assert_eq!(
        *seen.borrow(),
        [Instant::from_millis(2600), Instant::from_millis(2500)]
    );
}

#[wasm_bindgen_test]
async fn log_shows_only_the_past_and_announces_what_the_present_passes() {
    let (on_seek, _) = seek_recorder();
    let handle = sim("lost-last-ack", 600);
    let (root, mut app) = mount::<NarrationLog>(NarrationLogProps {
        run: Run::Live(handle.clone()),
        lang: Lang::En,
        on_seek: on_seek.clone(),
    })
    .await;
    let times = all_text(&root, ".narration-log__time");
    assert!(!times.is_empty());
    assert!(
        times.iter().all(|t| t != "1.5 s" && t != "2.6 s"),
        "{times:?}"
    );
    // Opening the page says nothing; the present passing events says each of them, in order.
    let (live_root, mut live) = mount::<NarrationLive>(NarrationLiveProps {
        run: Run::Live(handle.clone()),
        lang: Lang::En,
    })
    .await;
    let region = find(&live_root, "[aria-live=polite]");
    assert_eq!(text(&region), "");
    let before = all_text(&root, ".narration-log__text");
    handle.borrow_mut().run_until(Instant::from_millis(700));
    let handle = handle.touched();
    app.update(NarrationLogProps {
        run: Run::Live(handle.clone()),
        lang: Lang::En,
        on_seek,
    });
    live.update(NarrationLiveProps {
        run: Run::Live(handle),
        lang: Lang::En,
    });
    yew::scheduler::flush().await;
    let after = all_text(&root, ".narration-log__text");
    let fresh = &after[before.len()..];
    assert!(!fresh.is_empty());
    let said = all_text(&region, "p > span");
    assert_eq!(said, fresh);
    assert!(
        said.last().unwrap().contains("FIN-WAIT-1 → FIN-WAIT-2"),
        "{said:?}"
    );
}

#[wasm_bindgen_test]
async fn switching_the_language_changes_the_narration() {
    let (on_seek, _) = seek_recorder();
    let handle = sim("lost-last-ack", 3000);
    let (root, mut app) = mount::<NarrationLog>(NarrationLogProps {
        run: Run::Live(handle.clone()),
        lang: Lang::En,
        on_seek: on_seek.clone(),
    })
    .await;
    let english = all_text(&root, ".narration-log__text");
    assert!(english.iter().any(|t| t.contains(
        "The server is in CLOSE-WAIT, not TIME-WAIT: only the side that sends the first FIN goes through TIME-WAIT."
    )));
    app.update(NarrationLogProps {
        run: Run::Live(handle),
        lang: Lang::Ko,
        on_seek,
    });
    yew::scheduler::flush().await;
    let korean = all_text(&root, ".narration-log__text");
    assert_eq!(korean.len(), english.len());
    assert!(
        korean
            .iter()
            .any(|t| t
                .contains("서버는 CLOSE-WAIT에 있다: 먼저 FIN을 보낸 쪽만 TIME-WAIT를 거친다.")),
        "{korean:#?}"
    );
    assert_eq!(
        all_text(&root, ".narration-log__time")
            .last()
            .map(String::as_str),
        Some("2.7초")
    );
}

#[wasm_bindgen_test]
async fn the_log_grows_with_the_simulator() {
    let (on_seek, _) = seek_recorder();
    let handle = sim("handshake", 0);
    let (root, mut app) = mount::<NarrationLog>(NarrationLogProps {
        run: Run::Live(handle.clone()),
        lang: Lang::En,
        on_seek: on_seek.clone(),
    })
    .await;
    let before = count(&root, ".narration-log__entry");
    handle.borrow_mut().run_until(Instant::from_millis(400));
    app.update(NarrationLogProps {
        run: Run::Live(handle.touched()),
        lang: Lang::En,
        on_seek,
    });
    yew::scheduler::flush().await;
    let after = all_text(&root, ".narration-log__text");
    assert!(after.len() > before as usize, "{before} → {}", after.len());
    assert!(
        after.last().unwrap().contains("SYN-RECEIVED → ESTABLISHED"),
        "{after:#?}"
    );
}

// ----- preset menu -------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn preset_menu_lists_every_preset_and_picks_by_keyboard() {
    let picked = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&picked);
    let (root, _h) = mount::<PresetMenu>(PresetMenuProps {
        current: Some("lost-last-ack"),
        lang: Lang::Ko,
        on_pick: Callback::from(move |slug| sink.borrow_mut().push(slug)),
        scenario: None,
    })
    .await;
    assert_eq!(
        text(&find(&root, ".preset-menu__title")),
        "마지막 ACK 유실: TIME-WAIT로 다시 오는 FIN"
    );
    assert!(
        text(&find(&root, ".preset-menu__notice")).contains("2·MSL 타이머를 처음부터 다시 잰다")
    );
    let button = find(&root, ".preset-menu__button");
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    key(&button, "ArrowDown", false);
    yew::scheduler::flush().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let list = find(&root, "[role=listbox]");
    assert_eq!(count(&root, "[role=option]"), presets::PRESETS.len() as u32);
    // The current preset is marked, and the list opens on it.
    let current = find(&root, "[role=option][aria-selected=true]");
    assert_eq!(
        current.get_attribute("data-slug").as_deref(),
        Some("lost-last-ack")
    );
    assert_eq!(
        list.get_attribute("aria-activedescendant"),
        current.get_attribute("id")
    );
    assert_eq!(active_element().as_ref(), Some(&list));
    key(&list, "ArrowDown", false);
    yew::scheduler::flush().await;
    key(&list, "Enter", false);
    yew::scheduler::flush().await;
    assert_eq!(*picked.borrow(), ["no-time-wait"]);
    assert_eq!(count(&root, "[role=listbox]"), 0);
    assert_eq!(active_element().as_ref(), Some(&button));
}

#[wasm_bindgen_test]
async fn preset_menu_closes_on_escape_and_picks_by_click() {
    let picked = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&picked);
    let (root, _h) = mount::<PresetMenu>(PresetMenuProps {
        current: None,
        lang: Lang::En,
        on_pick: Callback::from(move |slug| sink.borrow_mut().push(slug)),
        scenario: None,
    })
    .await;
    assert_eq!(
        text(&find(&root, ".preset-menu__title")),
        Msg::PresetMenuCustom.text(Lang::En)
    );
    let button: HtmlElement = find(&root, ".preset-menu__button").unchecked_into();
    button.click();
    yew::scheduler::flush().await;
    key(&find(&root, "[role=listbox]"), "Escape", false);
    yew::scheduler::flush().await;
    assert_eq!(count(&root, "[role=listbox]"), 0);
    assert!(picked.borrow().is_empty());
    button.click();
    yew::scheduler::flush().await;
    let option: HtmlElement = find(&root, "[role=option][data-slug=lost-syn]").unchecked_into();
    assert!(text(&option).contains("S02"));
    option.click();
    yew::scheduler::flush().await;
    assert_eq!(*picked.borrow(), ["lost-syn"]);
}

// ----- help overlay ------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn help_is_a_modal_dialog_listing_every_shortcut_and_esc_closes_it() {
    let closed = Rc::new(RefCell::new(0));
    let sink = Rc::clone(&closed);
    let (root, mut app) = mount::<HelpOverlay>(HelpOverlayProps {
        open: false,
        lang: Lang::En,
        on_close: Callback::from(move |()| *sink.borrow_mut() += 1),
    })
    .await;
    assert_eq!(count(&root, "[role=dialog]"), 0);
    let sink = Rc::clone(&closed);
    app.update(HelpOverlayProps {
        open: true,
        lang: Lang::En,
        on_close: Callback::from(move |()| *sink.borrow_mut() += 1),
    });
    yew::scheduler::flush().await;
    let dialog = find(&root, "[role=dialog]");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        text(&find(&root, &format!("#{title_id}"))),
        Msg::HelpTitle.text(Lang::En)
    );
    assert_eq!(
        count(&root, ".help-overlay__table tbody tr"),
        SHORTCUTS.len() as u32
    );
    let rows = all_text(&root, ".help-overlay__table tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("Space") && r.contains("Play / pause"))
    );
    assert!(rows.iter().any(|r| r.contains("Shift + D")));
    // Focus is inside the dialog, and Tab (either way) brings it back from outside.
    let close = find(&root, ".help-overlay__close");
    assert_eq!(active_element().as_ref(), Some(&close));
    let outside: HtmlElement = document()
        .create_element("button")
        .unwrap()
        .unchecked_into();
    root.append_child(&outside).unwrap();
    for shift in [false, true] {
        outside.focus().unwrap();
        assert_eq!(active_element().as_ref(), Some(outside.as_ref()));
        key(&dialog, "Tab", shift);
        assert_eq!(active_element().as_ref(), Some(&close), "shift: {shift}");
    }
    key(&dialog, "Escape", false);
    yew::scheduler::flush().await;
    assert_eq!(*closed.borrow(), 1);
}
