//! The lab in a real browser (headless Chromium through wasm-bindgen-test-runner): the app is
//! mounted, driven through its own buttons, keys and fields, and the DOM is read back. Time is
//! moved by the step and scrubber controls, never by waiting, so nothing here depends on speed.
#![cfg(target_arch = "wasm32")]

use handshake_core::{Duration, Instant, TimerKind};
use handshake_explain::format::RtoChain;
use handshake_web::Lang;
use handshake_web::Shared;
use handshake_web::components::ladder::Ladder;
use handshake_web::components::timers::{Countdown, TimerView};
use handshake_web::lab::{Action, LabState};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::Reducible;
use yew::prelude::*;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount(preset: &'static str) -> Element {
    mount_app(preset, Lang::En).await
}

fn states(root: &Element) -> (String, String) {
    (
        text_of(root, ".lane--client .lane__state-name"),
        text_of(root, ".lane--server .lane__state-name"),
    )
}

#[wasm_bindgen_test]
async fn starts_paused_at_zero_with_both_sides_closed() {
    let root = mount("handshake").await;
    assert_eq!(states(&root), ("CLOSED".into(), "CLOSED".into()));
    assert_eq!(text_of(&root, ".control-bar__time"), "0.00 s");
    assert_eq!(count(&root, ".capsule"), 0);
    assert_eq!(
        find(&root, ".control-bar__button--play")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Play")
    );
}

#[wasm_bindgen_test]
async fn a_link_to_a_preset_that_does_not_exist_says_so_and_opens_the_first() {
    let root = mount("lost-synn").await;
    let notice = text_of(&root, ".notice");
    assert!(notice.contains("“lost-synn”"), "{notice}");
    assert!(notice.contains("Scenario menu"), "{notice}");
    assert_eq!(states(&root), ("CLOSED".into(), "CLOSED".into()));
    assert!(text_of(&root, ".preset-menu").contains("Three-way handshake"));
    // A preset that exists opens without a notice.
    let root = mount("lost-syn").await;
    assert_eq!(count(&root, ".notice"), 0);
}

#[wasm_bindgen_test]
async fn stepping_through_the_handshake_reaches_established_and_back() {
    let root = mount("handshake").await;
    click(&root, ".control-bar__button--step").await;
    assert_eq!(states(&root), ("SYN-SENT".into(), "LISTEN".into()));
    assert_eq!(count(&root, ".capsule"), 1, "the SYN is on the link");
    assert!(text_of(&root, ".capsule").contains("[SYN]"));
    // Lane marks: the calls and the states they led to.
    assert!(text_of(&root, ".lane-slot--client").contains("connect()"));
    for _ in 0..3 {
        click(&root, ".control-bar__button--step").await;
    }
    assert_eq!(states(&root), ("ESTABLISHED".into(), "ESTABLISHED".into()));
    assert_eq!(text_of(&root, ".control-bar__time"), "0.30 s");
    let labels = root.query_selector_all(".seg-label").unwrap();
    let all: Vec<String> = (0..labels.length())
        .map(|i| labels.item(i).unwrap().text_content().unwrap())
        .collect();
    assert!(
        all.iter()
            .any(|l| l.contains("S1") && l.contains("[SYN, ACK]") && l.contains("Ack=1")),
        "{all:?}"
    );
    click(&root, ".control-bar__button--back").await;
    assert_eq!(states(&root), ("ESTABLISHED".into(), "SYN-RECEIVED".into()));
    click(&root, ".control-bar__button--back").await;
    assert_eq!(states(&root), ("SYN-SENT".into(), "SYN-RECEIVED".into()));
}

#[wasm_bindgen_test]
async fn clicking_the_syn_in_flight_opens_the_menu_and_drop_brings_a_retransmission() {
    let root = mount("handshake").await;
    click(&root, ".control-bar__button--step").await;
    click(&root, ".capsule").await;
    assert_eq!(count(&root, ".fault-menu"), 1);
    assert!(text_of(&root, ".fault-menu__segment").starts_with("C1 [SYN]"));
    click(&root, ".fault-menu__button--drop").await;
    assert_eq!(count(&root, ".fault-menu"), 0);
    assert_eq!(count(&root, ".ladder__drop"), 1);
    assert_eq!(count(&root, ".capsule"), 0);
    // The next event is the retransmission timer: 1 s (RFC 6298 (2.1)).
    click(&root, ".control-bar__button--step").await;
    assert_eq!(text_of(&root, ".control-bar__time"), "1.00 s");
    assert!(text_of(&root, ".capsule").contains("C2"));
    assert!(text_of(&root, ".seg-label--client .seg-label__badge--rtx").contains("C1"));
    assert!(
        text_of(&root, ".lane--client .countdown").contains("1 s→2 s"),
        "{}",
        text_of(&root, ".lane--client .countdown")
    );
}

#[wasm_bindgen_test]
async fn a_drop_armed_before_play_loses_the_first_syn() {
    let root = mount("handshake").await;
    // The arm menu's first choice is drop; arming folds the popover away.
    let more = find(&root, ".calls--client .calls__more");
    more.set_attribute("open", "").unwrap();
    click(&root, ".calls--client .calls__button--arm").await;
    assert!(!more.has_attribute("open"));
    assert!(
        text_of(&root, ".calls--client .calls__armed").contains("Drop"),
        "{}",
        text_of(&root, ".calls--client .calls__armed")
    );
    assert_eq!(states(&root), ("CLOSED".into(), "CLOSED".into()));
    click(&root, ".control-bar__button--step").await;
    assert!(text_of(&root, ".capsule").contains("C1"));
    assert_eq!(count(&root, ".calls--client .calls__armed"), 0, "used up");
    // An armed fault strikes halfway along the link.
    click(&root, ".control-bar__button--step").await;
    assert_eq!(count(&root, ".ladder__drop"), 1, "C1, the SYN, is lost");
    click(&root, ".control-bar__button--step").await;
    assert_eq!(text_of(&root, ".control-bar__time"), "1.00 s");
    assert!(text_of(&root, ".capsule").contains("C2"));
}

#[wasm_bindgen_test]
async fn the_faults_popover_folds_on_escape_and_on_a_press_outside_it() {
    let root = mount("handshake").await;
    let more = find(&root, ".calls--client .calls__more");
    more.set_attribute("open", "").unwrap();
    press_on(&find(&root, ".calls--client .calls__loss-input"), "Escape").await;
    assert!(!more.has_attribute("open"), "Escape folds it");
    more.set_attribute("open", "").unwrap();
    press("Escape").await;
    assert!(
        !more.has_attribute("open"),
        "so does Escape with the focus elsewhere"
    );
    more.set_attribute("open", "").unwrap();
    // A press inside it (choosing a fault) leaves it open; one elsewhere folds it.
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let pointerdown = || web_sys::Event::new_with_event_init_dict("pointerdown", &init).unwrap();
    find(&root, ".calls--client .calls__arm-choice")
        .dispatch_event(&pointerdown())
        .unwrap();
    assert!(more.has_attribute("open"));
    find(&root, ".control-bar__time")
        .dispatch_event(&pointerdown())
        .unwrap();
    assert!(!more.has_attribute("open"), "a press outside folds it");
}

#[wasm_bindgen_test]
async fn keyboard_selects_the_segment_on_the_link_and_drops_it() {
    let root = mount("handshake").await;
    press("ArrowRight").await;
    assert_eq!(states(&root), ("SYN-SENT".into(), "LISTEN".into()));
    press("n").await;
    assert_eq!(count(&root, ".fault-menu"), 1);
    assert_eq!(count(&root, ".capsule--selected"), 1);
    press("x").await;
    assert_eq!(count(&root, ".ladder__drop"), 1);
    press("ArrowRight").await;
    assert!(text_of(&root, ".capsule").contains("C2"));
    press("?").await;
    assert_eq!(count(&root, ".help-overlay"), 1);
    press("Escape").await;
    assert_eq!(count(&root, ".help-overlay"), 0);
}

#[wasm_bindgen_test]
async fn a_refused_call_shows_the_rfc_error() {
    let root = mount("handshake").await;
    click(&root, ".control-bar__button--step").await;
    click(&root, ".calls--client .calls__button--listen").await;
    let notice = text_of(&root, ".notice");
    assert!(
        notice.contains("error: connection already exists"),
        "{notice}"
    );
    assert_eq!(states(&root), ("SYN-SENT".into(), "LISTEN".into()));
    assert!(text_of(&root, ".call-mark--refused").contains("listen()"));
}

/// Issue 9, item 4 / issue 10, item 10: errors a user sees speak the user's language — a refused
/// call, a setting out of range (with the range it allows) and a scenario file with an unknown
/// field, in the Korean UI, with no English message left.
#[wasm_bindgen_test]
async fn errors_in_the_korean_ui_are_korean() {
    let root = mount_app("handshake", Lang::Ko).await;
    click(&root, ".control-bar__button--step").await;
    click(&root, ".calls--client .calls__button--listen").await;
    let notice = text_of(&root, ".notice");
    assert!(
        notice.contains("클라이언트의 listen()이 거부되었습니다: \"오류: 연결이 이미 있음\""),
        "{notice}"
    );
    assert!(!notice.contains("connection already exists"), "{notice}");
    let tabs = root.query_selector_all(".side__tab").unwrap();
    tabs.item(2)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    yew::scheduler::flush().await;
    commit(&root, "input[data-field=mss]", "0").await;
    let error = text_of(&root, ".settings .field-error");
    assert!(error.contains("MSS는 1~"), "{error}");
    assert!(
        error.contains("바이트 사이여야 합니다. 지금 값: 0"),
        "{error}"
    );
    assert!(!error.contains("must be"), "{error}");
    let area: web_sys::HtmlTextAreaElement = find(&root, ".settings__import").unchecked_into();
    area.set_value(r#"{"seeed": 1}"#);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click(&root, ".settings__import-button").await;
    let notice = text_of(&root, ".notice");
    assert!(
        notice.contains("시나리오 파일을 읽을 수 없습니다: seeed: 알 수 없는 필드 `seeed`입니다."),
        "{notice}"
    );
    assert!(!notice.contains("expected"), "{notice}");
}

#[wasm_bindgen_test]
async fn garbage_in_settings_is_a_message_and_a_good_value_rebuilds() {
    let root = mount("handshake").await;
    click(&root, ".control-bar__button--step").await;
    let tabs = root.query_selector_all(".side__tab").unwrap();
    tabs.item(2)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    yew::scheduler::flush().await;
    for garbage in ["abc", "-5", "1e9"] {
        commit(&root, "input[data-field=latency]", garbage).await;
        let error = text_of(&root, ".settings .field-error");
        assert!(!error.is_empty(), "{garbage}");
        assert_eq!(
            find(&root, "input[data-field=latency]")
                .get_attribute("aria-invalid")
                .as_deref(),
            Some("true")
        );
        assert_eq!(states(&root).0, "SYN-SENT", "{garbage} rebuilt the session");
    }
    commit(&root, "input[data-field=latency]", "250").await;
    assert_eq!(count(&root, ".settings .field-error"), 0);
    assert_eq!(
        states(&root),
        ("CLOSED".into(), "CLOSED".into()),
        "rebuilt from 0"
    );
}

#[wasm_bindgen_test]
async fn presets_load_from_the_menu() {
    let root = mount("handshake").await;
    click(&root, ".preset-menu__button").await;
    click(&root, ".preset-menu [data-slug=lost-last-ack]").await;
    assert_eq!(text_of(&root, ".control-bar__time"), "0.00 s");
    let range: HtmlInputElement = find(&root, ".scrubber__range").unchecked_into();
    range.set_value(&range.max());
    range
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(text_of(&root, ".control-bar__time"), "12.6 s");
    assert_eq!(states(&root), ("CLOSED".into(), "CLOSED".into()));
    assert!(
        count(&root, ".timer-span--time_wait") >= 2,
        "TIME-WAIT ran twice"
    );
    assert!(text_of(&root, ".timer-span--time_wait.timer-span--fired").contains("↺ 2·MSL 10 s"));
}

#[derive(Properties, PartialEq)]
struct CountdownHost {
    now: f64,
}

#[function_component]
fn CountdownAt(props: &CountdownHost) -> Html {
    let timer = TimerView {
        kind: TimerKind::Retransmission,
        rule: None,
        set_at_ms: 1000.0,
        deadline_ms: 5000.0,
        restarted: false,
        // The RTOs the trace stated for this run (`RtoChain::of_timer`).
        rto: Some(RtoChain {
            steps: [1, 2, 4].map(Duration::from_secs).to_vec(),
            earlier: false,
        }),
    };
    html! { <Countdown {timer} now_ms={props.now} /> }
}

#[wasm_bindgen_test]
async fn a_countdown_shows_backoff_and_time_left() {
    let root = new_root();
    yew::Renderer::<CountdownAt>::with_root_and_props(root.clone(), CountdownHost { now: 2000.0 })
        .render();
    yew::scheduler::flush().await;
    assert_eq!(text_of(&root, ".countdown__length"), "1 s→2 s→4 s");
    assert_eq!(text_of(&root, ".countdown__left"), "3.0 s");
    assert_eq!(
        find(&root, ".countdown__fill")
            .get_attribute("style")
            .as_deref(),
        Some("transform: scaleX(0.750)")
    );
}

#[derive(Properties, PartialEq)]
struct LadderHost {
    at_ms: u64,
}

#[function_component]
fn LadderAt(props: &LadderHost) -> Html {
    let lab =
        Rc::new(LabState::new("bulk-data")).reduce(Action::Seek(Instant::from_millis(props.at_ms)));
    html! {
        <Ladder run={handshake_web::run::Run::Live(lab.sim.clone())} horizon={Shared(lab.horizon.clone())} now={lab.now}
            selected={None} absolute={false} reduced_motion={false} onselect={Callback::noop()} />
    }
}

#[wasm_bindgen_test]
async fn two_hundred_segments_in_flight_travel_as_one_train_with_one_capsule() {
    let root = new_root();
    yew::Renderer::<LadderAt>::with_root_and_props(root.clone(), LadderHost { at_ms: 1200 })
        .render();
    yew::scheduler::flush().await;
    let capsules = root.query_selector_all(".capsule").unwrap();
    let texts: Vec<String> = (0..capsules.length())
        .map(|i| capsules.item(i).unwrap().text_content().unwrap())
        .collect();
    // Each segment is an arrow of its own; the 200 that travel together are one train, drawn
    // as one capsule that counts the others (the lead and "+199").
    assert!(texts.iter().any(|t| t.ends_with("+199")), "{texts:?}");
    assert!(capsules.length() <= 3, "{texts:?}");
    assert!(
        root.query_selector_all(".ladder__history g[data-tx]")
            .unwrap()
            .length()
            >= 200
    );
}

#[derive(Properties, PartialEq)]
struct ProbedHost {
    stepped: bool,
    probes: bool,
}

/// The lab's ladder as the stage draws it: with the overlay of crashes and divergence (empty
/// here), and its probes while the stage measures the words.
#[function_component]
fn ProbedLadder(props: &ProbedHost) -> Html {
    let mut lab = Rc::new(LabState::new("handshake"));
    if props.stepped {
        lab = lab.reduce(Action::StepForward);
    }
    let overlay = handshake_web::components::compare_view::why_overlay(lab.sim.clone(), None);
    html! {
        <Ladder run={handshake_web::run::Run::Live(lab.sim.clone())} horizon={Shared(lab.horizon.clone())} now={lab.now}
            selected={None} absolute={false} reduced_motion={false} onselect={Callback::noop()}
            {overlay} probes={props.probes} />
    }
}

/// The render that drops the probes (the stage has measured the words) also brings the first
/// capsule (a step came at that moment). yew inserts the capsule before the node that followed
/// the empty overlay when the overlay last rendered: the probes' box, which therefore stays.
/// Before, that box went with the probes, and this render panicked ("failed to insert node
/// before next sibling"); in the lab, a step pressed as the page opened did that about once in
/// ten.
#[wasm_bindgen_test]
async fn a_capsule_that_comes_as_the_probes_go_is_drawn() {
    let root = new_root();
    let mut app = yew::Renderer::<ProbedLadder>::with_root_and_props(
        root.clone(),
        ProbedHost {
            stepped: false,
            probes: true,
        },
    )
    .render();
    yew::scheduler::flush().await;
    assert_eq!(count(&root, ".capsule"), 0);
    assert!(count(&root, ".ladder__probes [data-probe]") > 0);
    app.update(ProbedHost {
        stepped: true,
        probes: false,
    });
    yew::scheduler::flush().await;
    assert!(text_of(&root, ".capsule").contains("C1"));
    assert_eq!(count(&root, ".ladder__probes [data-probe]"), 0);
}
