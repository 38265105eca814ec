//! The reducer driven as the app drives it: actions in, state out, on the host.

use std::rc::Rc;

use handshake_core::scenario::Scenario;
use handshake_core::sim::{Action as SimAction, Fault, Side, Simulator, TxId, TxStatus, UserCall};
use handshake_core::{CallError, Duration, Instant, State};
use yew::Reducible;

use super::clock::{MAX_FRAME_MS, PACE, SPEED_RANGE};
use super::*;
use crate::timeline::instant;

fn lab(preset: &str) -> Rc<LabState> {
    Rc::new(LabState::new(preset))
}

fn run(s: Rc<LabState>, actions: impl IntoIterator<Item = Action>) -> Rc<LabState> {
    actions.into_iter().fold(s, |s, a| s.reduce(a))
}

fn states(s: &LabState) -> (State, State) {
    let sim = s.sim.borrow();
    (
        sim.endpoint(Side::Client).state(),
        sim.endpoint(Side::Server).state(),
    )
}

/// Plays with frames of `frame` ms until `real_ms` of real time have passed.
fn play_for(s: Rc<LabState>, real_ms: f64, frame: f64) -> Rc<LabState> {
    let mut s = s.reduce(Action::Play);
    let mut ts = 1000.0;
    s = s.reduce(Action::Tick(ts));
    while ts < 1000.0 + real_ms {
        ts += frame;
        s = s.reduce(Action::Tick(ts));
    }
    s
}

fn id(s: &str) -> TxId {
    s.parse().unwrap()
}

/// Whether the transmission `tx` was dropped.
fn dropped(s: &LabState, tx: &str) -> bool {
    s.sim
        .borrow()
        .transmission(id(tx))
        .is_some_and(|t| matches!(t.status, TxStatus::Dropped { .. }))
}

#[test]
fn a_fault_armed_at_the_start_meets_the_first_syn() {
    let s = run(lab("handshake"), [Action::Arm(Side::Client, Fault::Drop)]);
    // Nothing has run yet, and the lab says what is armed.
    assert_eq!(states(&s), (State::Closed, State::Closed));
    assert_eq!(s.armed(Side::Client), vec![Fault::Drop]);
    assert!(s.armed(Side::Server).is_empty());
    let s = run(s, [Action::Seek(Instant::from_millis(1_500))]);
    assert!(dropped(&s, "C1"), "the first SYN is the one lost");
    assert!(!dropped(&s, "C2"), "its retransmission is not");
    assert!(s.armed(Side::Client).is_empty(), "used up");
    // Back at the start it is still armed there, and the exported file replays it.
    let back = run(s.clone(), [Action::Seek(Instant::ZERO)]);
    assert!(back.now == Instant::ZERO);
    let json = s.export_json();
    let file = Scenario::from_json(&json).unwrap();
    let sim = Simulator::replay(&file, &[], Instant::from_millis(1_500)).unwrap();
    assert!(matches!(
        sim.transmission(id("C1")).unwrap().status,
        TxStatus::Dropped { .. }
    ));
    // Reset forgets it, as it forgets the tape.
    let s = run(
        s,
        [Action::Reset, Action::Seek(Instant::from_millis(1_500))],
    );
    assert!(s.armed(Side::Client).is_empty());
    assert!(!dropped(&s, "C1"));
    assert_eq!(states(&s), (State::Established, State::Established));
}

#[test]
fn loss_set_at_the_start_applies_to_the_first_segment() {
    let s = run(
        lab("handshake"),
        [
            Action::Edit(Field::LossPercent(Side::Client), "100".into()),
            Action::Seek(Instant::from_millis(500)),
        ],
    );
    assert!(dropped(&s, "C1"));
    // Reset puts the field back with the scenario's loss.
    let s = run(s, [Action::Reset]);
    assert_eq!(s.inputs.text(Field::LossPercent(Side::Client)), "0");
    let s = run(s, [Action::Seek(Instant::from_millis(500))]);
    assert!(!dropped(&s, "C1"));
}

#[test]
fn a_fault_armed_after_the_start_meets_the_next_segment() {
    let s = run(
        lab("handshake"),
        [Action::StepForward, Action::Arm(Side::Client, Fault::Drop)],
    );
    let s = run(s, [Action::Seek(Instant::from_millis(300))]);
    assert!(
        !dropped(&s, "C1"),
        "the SYN had left before the fault was armed"
    );
    assert!(dropped(&s, "C2"), "the handshake's ACK is the next segment");
}

#[test]
fn starts_paused_at_zero_with_nothing_run() {
    let s = lab("handshake");
    assert_eq!(s.now, Instant::ZERO);
    assert!(!s.playing);
    assert_eq!(states(&s), (State::Closed, State::Closed));
    assert_eq!(s.preset, Some("handshake"));
    assert_eq!(s.horizon.end, Instant::from_millis(300));
}

#[test]
fn a_second_of_real_time_at_1x_is_a_tenth_of_virtual_time_in_flight() {
    let start = lab("handshake").reduce(Action::StepForward);
    let s = play_for(start.clone(), 1000.0, 10.0);
    assert_eq!(s.now, Instant::from_millis(100));
    assert_eq!(states(&s), (State::SynSent, State::SynReceived));
    let s = play_for(start, 1000.0, 10.0).reduce(Action::SetSpeed(2.0));
    let s = play_for(s, 1000.0, 10.0);
    assert_eq!(s.now, Instant::from_millis(300));
    assert_eq!(states(&s), (State::Established, State::Established));
}

#[test]
fn play_stops_by_itself_at_the_end() {
    let s = play_for(lab("handshake"), 5000.0, 16.0);
    assert!(!s.playing);
    assert_eq!(s.now, Instant::from_millis(300));
}

#[test]
fn waiting_for_a_timer_passes_twenty_times_faster_and_stops_at_its_expiry() {
    // lost-syn: C1 is lost at 50 ms; nothing moves until the RTO fires at 1 s.
    let s = run(lab("lost-syn"), [Action::Seek(Instant::from_millis(50))]);
    assert!(!s.anything_moving());
    let s = play_for(s, 100.0, 10.0);
    // 100 ms real × 0.1 × 20 = 200 ms virtual.
    assert_eq!(s.now, Instant::from_millis(250));
    // Frames of 10 ms real are 20 ms virtual while waiting: 260, 280, … 980, then 1000,
    // not 1000.2.
    let mut s = play_for(s, 10.0, 10.0);
    let mut ts = 2000.0;
    while s.now < Instant::from_millis(1000) {
        ts += 10.0;
        s = s.reduce(Action::Tick(ts));
    }
    assert_eq!(
        s.now,
        Instant::from_millis(1000),
        "stops at the expiry, not past it"
    );
    assert!(s.anything_moving(), "the retransmitted SYN is on its way");
    let s = s.reduce(Action::SetSkipWaiting(false));
    let s = run(s, [Action::Seek(Instant::from_millis(50))]);
    let s = play_for(s, 100.0, 10.0);
    assert_eq!(s.now, Instant::from_millis(60));
}

#[test]
fn a_long_frame_does_not_jump_the_clock() {
    let s = lab("handshake")
        .reduce(Action::StepForward)
        .reduce(Action::Play);
    let s = run(s, [Action::Tick(0.0), Action::Tick(5000.0)]);
    assert_eq!(s.now, instant(MAX_FRAME_MS * PACE));
}

#[test]
fn step_forward_goes_event_by_event_and_step_back_restores_the_states() {
    let mut s = lab("handshake");
    let mut seen = vec![(s.now, states(&s))];
    while s.next_instant().is_some() {
        s = s.reduce(Action::StepForward);
        seen.push((s.now, states(&s)));
    }
    let times: Vec<u64> = seen.iter().map(|(t, _)| t.total_millis()).collect();
    assert_eq!(times, [0, 0, 100, 200, 300]);
    assert_eq!(
        seen.last().unwrap().1,
        (State::Established, State::Established)
    );
    for expected in seen.iter().rev().skip(1) {
        s = s.reduce(Action::StepBack);
        assert_eq!((s.now, states(&s)), *expected);
    }
}

#[test]
fn dropping_the_selected_syn_brings_a_retransmission_one_second_later() {
    let s = run(
        lab("handshake"),
        [
            Action::StepForward,
            Action::Seek(Instant::from_millis(30)),
            Action::SelectNext,
        ],
    );
    assert_eq!(s.selected, Some(id("C1")));
    assert!(s.menu_open);
    let s = s.reduce(Action::FaultSelected(Fault::Drop));
    assert!(!s.menu_open);
    assert_eq!(s.tape.len(), 1);
    {
        let sim = s.sim.borrow();
        assert!(matches!(
            sim.transmission(id("C1")).unwrap().status,
            TxStatus::Dropped { .. }
        ));
    }
    let s = s.reduce(Action::StepForward);
    let sim = s.sim.borrow();
    let c2 = sim.transmission(id("C2")).unwrap();
    assert_eq!(c2.retransmission_of, Some(id("C1")));
    assert_eq!(c2.sent_at, Instant::from_millis(1000));
}

#[test]
fn selecting_while_playing_pauses_and_a_fault_resumes() {
    let s = play_for(lab("handshake"), 200.0, 10.0);
    assert!(s.playing);
    let s = s.reduce(Action::SelectNext);
    assert!(!s.playing && s.menu_open);
    let s = s.reduce(Action::FaultSelected(Fault::Delay(Duration::from_millis(
        500,
    ))));
    assert!(s.playing);
    let arrival = s.sim.borrow().transmission(id("C1")).unwrap().arrival;
    assert_eq!(arrival, Instant::from_millis(600));
}

#[test]
fn hold_then_release_from_the_same_menu() {
    let s = run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(40)),
            Action::SelectNext,
            Action::FaultSelected(Fault::Hold),
        ],
    );
    assert!(!s.anything_moving());
    let s = run(
        s,
        [
            Action::Seek(Instant::from_millis(400)),
            Action::Select(Some(id("C1"))),
            Action::FaultSelected(Fault::Hold),
        ],
    );
    let sim = s.sim.borrow();
    let c1 = sim.transmission(id("C1")).unwrap();
    assert_eq!(c1.status, TxStatus::InFlight);
    assert_eq!(c1.arrival, Instant::from_millis(460));
}

#[test]
fn scrubbing_back_and_forth_replays_the_users_faults() {
    let s = run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(50)),
            Action::Select(Some(id("C1"))),
            Action::FaultSelected(Fault::Drop),
            Action::Seek(Instant::from_millis(10)),
        ],
    );
    assert_eq!(s.tape.len(), 1, "the tape keeps the future");
    assert_eq!(
        s.sim.borrow().transmission(id("C1")).unwrap().status,
        TxStatus::InFlight
    );
    let s = s.reduce(Action::Seek(Instant::from_millis(1200)));
    assert!(matches!(
        s.sim.borrow().transmission(id("C1")).unwrap().status,
        TxStatus::Dropped { .. }
    ));
    assert!(s.sim.borrow().transmission(id("C2")).is_some());
    // A new action in the past, its later actions cut, branches the history: the old drop is
    // forgotten.
    let s = run(
        s,
        [
            Action::Seek(Instant::from_millis(20)),
            Action::Select(Some(id("C1"))),
            Action::FaultSelected(Fault::Duplicate),
            Action::CutLater,
        ],
    );
    assert_eq!(s.tape.len(), 1);
    let s = s.reduce(Action::Seek(Instant::from_millis(1200)));
    let sim = s.sim.borrow();
    assert!(matches!(
        sim.transmission(id("C1")).unwrap().status,
        TxStatus::Arrived { .. }
    ));
    assert!(sim.transmission(id("C1'")).is_some());
}

#[test]
fn reset_forgets_the_session_and_returns_to_the_start() {
    let s = run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(50)),
            Action::SelectNext,
            Action::FaultSelected(Fault::Drop),
            Action::Reset,
        ],
    );
    assert!(s.tape.is_empty());
    assert_eq!(s.now, Instant::ZERO);
    assert_eq!(states(&s), (State::Closed, State::Closed));
    assert_eq!(s.horizon.end, Instant::from_millis(300));
}

#[test]
fn a_refused_call_gives_the_rfc_error_not_a_crash() {
    let s = run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(300)),
            Action::Call(Side::Client, UserCall::Connect),
        ],
    );
    assert_eq!(
        s.notice,
        Some(Notice::CallRefused {
            side: Side::Client,
            call: UserCall::Connect,
            error: CallError::ConnectionExists,
        })
    );
    assert_eq!(
        CallError::ConnectionExists.to_string(),
        "connection already exists"
    );
    let s = s.reduce(Action::Call(
        Side::Client,
        UserCall::Send(handshake_core::sim::SendData::Text("hi".into())),
    ));
    assert_eq!(s.notice, None);
    assert!(s.anything_moving());
}

#[test]
fn a_fault_on_a_segment_that_arrived_is_a_notice() {
    let s = run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(300)),
            Action::Select(Some(id("C1"))),
        ],
    );
    assert!(!s.menu_open, "no menu for a segment in history");
    let s = s.reduce(Action::FaultSelected(Fault::Drop));
    assert_eq!(
        s.notice,
        Some(Notice::ActionFailed(
            handshake_core::sim::ActionError::NotInFlight(id("C1"))
        ))
    );
}

#[test]
fn garbage_in_a_field_is_a_message_and_changes_nothing() {
    let base = run(lab("handshake"), [Action::StepForward]);
    for (field, text, want) in [
        (Field::LatencyMs, "abc", InputError::NotANumber),
        (Field::LatencyMs, "-5", InputError::Negative),
        (Field::LatencyMs, "", InputError::Empty),
        (Field::LatencyMs, "NaN", InputError::NotANumber),
        (Field::Seed, "1.5", InputError::NotWhole),
        (Field::Seed, "-5", InputError::Negative),
        (Field::Window, "1e9", InputError::TooLarge(65535)),
        (
            Field::LossPercent(Side::Client),
            "150",
            InputError::NotAPercentage,
        ),
    ] {
        let s = base.clone().reduce(Action::Edit(field, text.into()));
        assert_eq!(s.inputs.error(field), Some(&want), "{field:?} {text:?}");
        assert_eq!(s.inputs.text(field), text);
        assert_eq!(s.now, base.now, "{field:?} {text:?} rebuilt the session");
        assert!(Rc::ptr_eq(&s.scenario, &base.scenario));
    }
    // The core's own checks, with its messages.
    for (field, text, path) in [
        (
            Field::LatencyMs,
            "1e9",
            "config.latency_ms.client_to_server",
        ),
        (Field::Mss, "1e9", "config.client.mss"),
        (Field::Mss, "0", "config.client.mss"),
        (Field::Window, "0", "config.client.window"),
        (Field::MslSecs, "1e9", "config.client.msl_ms"),
        (Field::RtoInitialMs, "5", "config.client.rto_initial_ms"),
    ] {
        let s = base.clone().reduce(Action::Edit(field, text.into()));
        match s.inputs.error(field) {
            Some(InputError::Core(e)) => {
                assert_eq!(e.path, path, "{field:?} {text:?}");
                // Worded in both languages, with the range the field allows.
                for lang in [crate::Lang::En, crate::Lang::Ko] {
                    let words = handshake_explain::errors::scenario_error_kind(e, lang);
                    assert!(words.chars().any(|c| c.is_ascii_digit()), "{words}");
                }
            }
            other => panic!("{field:?} {text:?}: {other:?}"),
        }
    }
}

#[test]
fn a_valid_setting_rebuilds_the_scenario_from_zero() {
    let s = run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(150)),
            Action::Edit(Field::LatencyMs, "250".into()),
        ],
    );
    assert_eq!(s.inputs.error(Field::LatencyMs), None);
    assert_eq!(s.now, Instant::ZERO);
    assert_eq!(s.scenario.net.latency, [Duration::from_millis(250); 2]);
    assert_eq!(s.preset, None);
    assert_eq!(s.horizon.end, Instant::from_millis(750));
    let s = s.reduce(Action::Edit(Field::Seed, "42".into()));
    assert_eq!(s.scenario.seed, 42);
    assert_eq!(s.inputs.text(Field::LatencyMs), "250");
}

#[test]
fn random_loss_is_applied_at_the_present_and_replays() {
    let s = run(
        lab("handshake-data-close"),
        [
            Action::StepForward,
            Action::Edit(Field::LossPercent(Side::Client), "50".into()),
        ],
    );
    assert_eq!(s.sim.borrow().loss(Side::Client), 0.5);
    assert_eq!(s.tape.len(), 1);
}

#[test]
fn export_then_import_replays_the_session_identically() {
    let s = run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(50)),
            Action::SelectNext,
            Action::FaultSelected(Fault::Drop),
            Action::Seek(Instant::from_millis(2000)),
        ],
    );
    let json = s.export_json();
    let mut full = s.sim.borrow().clone();
    full.run_to_end();
    let t = s.reduce(Action::Import(json));
    assert_eq!(t.notice, Some(Notice::Imported));
    let mut again = t.sim.borrow().clone();
    again.run_to_end();
    assert_eq!(again.trace(), full.trace());
    let bad = t.reduce(Action::Import("{\"seed\": \"x\"}".into()));
    match &bad.notice {
        Some(Notice::ImportFailed(e)) => assert_eq!(e.path, "seed", "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn speed_steps_through_the_menu_and_urls_may_go_faster() {
    let s = lab("handshake");
    let s = run(s, [Action::Faster, Action::Faster]);
    assert_eq!(s.speed, 4.0);
    let s = run(s, [Action::Faster]);
    assert_eq!(s.speed, 4.0);
    let s = run(
        s,
        [
            Action::Slower,
            Action::Slower,
            Action::Slower,
            Action::Slower,
            Action::Slower,
        ],
    );
    assert_eq!(s.speed, 0.25);
    let s = s.reduce(Action::SetSpeed(1000.0));
    assert_eq!(s.speed, SPEED_RANGE.1);
    let s = s.reduce(Action::SetSpeed(f64::NAN));
    assert_eq!(s.speed, SPEED_RANGE.1);
    let s = s.reduce(Action::Slower);
    assert_eq!(s.speed, 4.0);
}

#[test]
fn select_next_and_previous_cycle_through_the_segments_on_the_link() {
    let s = run(lab("bulk-data"), [Action::Seek(Instant::from_millis(1200))]);
    let s = s.reduce(Action::SelectNext);
    assert_eq!(s.selected, Some(id("C3")));
    let s = run(s, [Action::SelectNext, Action::SelectNext]);
    assert_eq!(s.selected, Some(id("C5")));
    let s = run(
        s,
        [
            Action::SelectPrevious,
            Action::SelectPrevious,
            Action::SelectPrevious,
        ],
    );
    assert_eq!(s.selected, Some(id("C202")));
}

// ----- changing the past -------------------------------------------------------------------

fn send(text: &str) -> Action {
    Action::Call(
        Side::Client,
        UserCall::Send(handshake_core::sim::SendData::Text(text.into())),
    )
}

/// The case: data sent at 0.3 s, then back to 30 ms to delay the SYN.
fn sent_then_back() -> Rc<LabState> {
    run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(300)),
            send("hello"),
            Action::Seek(Instant::from_millis(30)),
            Action::Select(Some(id("C1"))),
        ],
    )
}

fn delay_half() -> Action {
    Action::FaultSelected(Fault::Delay(Duration::from_millis(500)))
}

fn tape_calls(s: &LabState) -> Vec<String> {
    s.tape
        .iter()
        .map(|a| format!("{} {:?}", a.at.total_millis(), a.action))
        .collect()
}

#[test]
fn an_action_in_the_past_asks_before_cutting_the_later_ones() {
    let before = sent_then_back();
    assert_eq!(before.tape.len(), 1);
    let s = before.clone().reduce(delay_half());
    let pending = s.pending.as_ref().expect("a question, not a silent cut");
    assert_eq!(pending.later.len(), 1);
    assert_eq!(pending.later[0].at, Instant::from_millis(300));
    assert!(matches!(pending.later[0].action, SimAction::Call { .. }));
    // Nothing has changed yet.
    assert!(Rc::ptr_eq(&s.tape, &before.tape));
    assert_eq!(
        s.sim.borrow().transmission(id("C1")).unwrap().arrival,
        Instant::from_millis(100)
    );
    assert!(!s.menu_open);
}

#[test]
fn cutting_forgets_the_later_actions_and_says_which_and_undo_brings_them_back() {
    let s = sent_then_back()
        .reduce(delay_half())
        .reduce(Action::CutLater);
    assert!(s.pending.is_none());
    assert_eq!(s.tape.len(), 1);
    assert!(matches!(s.tape[0].action, SimAction::Fault { .. }));
    match &s.notice {
        Some(Notice::Cut(cut)) => assert_eq!(cut.len(), 1),
        other => panic!("{other:?}"),
    }
    assert!(s.can_undo());
    let undone = s.reduce(Action::Undo);
    assert_eq!(undone.notice, Some(Notice::Undone));
    assert_eq!(
        undone.now,
        Instant::from_millis(30),
        "undo stays at the present"
    );
    assert_eq!(tape_calls(&undone), tape_calls(&sent_then_back()));
    assert_eq!(
        undone.sim.borrow().transmission(id("C1")).unwrap().arrival,
        Instant::from_millis(100),
        "the delay is gone"
    );
    let end = undone.reduce(Action::Seek(Instant::from_millis(2_000)));
    assert!(
        end.sim
            .borrow()
            .app(Side::Server)
            .received
            .starts_with(b"hello"),
        "the send is back"
    );
}

#[test]
fn keeping_applies_the_later_actions_again_after_the_new_one() {
    let s = sent_then_back()
        .reduce(delay_half())
        .reduce(Action::KeepLater);
    assert_eq!(s.tape.len(), 2, "{:?}", tape_calls(&s));
    assert!(matches!(s.tape[0].action, SimAction::Fault { .. }));
    assert_eq!(s.tape[1].at, Instant::from_millis(300));
    assert_eq!(
        s.notice,
        Some(Notice::Kept {
            kept: 1,
            dropped: Vec::new()
        })
    );
    assert_eq!(
        s.sim.borrow().transmission(id("C1")).unwrap().arrival,
        Instant::from_millis(600)
    );
    let end = s.reduce(Action::Seek(Instant::from_millis(5_000)));
    assert!(
        end.sim
            .borrow()
            .app(Side::Server)
            .received
            .starts_with(b"hello"),
        "the send survived the change"
    );
    // Undo puts back the tape as it was before the change.
    let undone = end.reduce(Action::Undo);
    assert_eq!(tape_calls(&undone), tape_calls(&sent_then_back()));
}

#[test]
fn a_kept_action_the_core_no_longer_accepts_is_named_with_its_reason() {
    // Drop C1 at 50 ms, then go back to 20 ms and drop it there: the later drop finds C1
    // already gone.
    let s = run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(50)),
            Action::Select(Some(id("C1"))),
            Action::FaultSelected(Fault::Drop),
            Action::Seek(Instant::from_millis(20)),
            Action::Select(Some(id("C1"))),
            Action::FaultSelected(Fault::Drop),
        ],
    );
    assert!(s.pending.is_some());
    let s = s.reduce(Action::KeepLater);
    assert_eq!(s.tape.len(), 1);
    assert_eq!(s.tape[0].at, Instant::from_millis(20));
    match &s.notice {
        Some(Notice::Kept { kept: 0, dropped }) => {
            assert_eq!(dropped.len(), 1);
            assert_eq!(dropped[0].0.at, Instant::from_millis(50));
            assert_eq!(
                dropped[0].1,
                handshake_core::sim::ActionError::NotInFlight(id("C1"))
            );
        }
        other => panic!("{other:?}"),
    }
    // The tape is one the core can replay: forward and back agree.
    let far = s.reduce(Action::Seek(Instant::from_millis(3_000)));
    let again = far.clone().reduce(Action::Seek(Instant::from_millis(10)));
    let again = again.reduce(Action::Seek(Instant::from_millis(3_000)));
    assert_eq!(again.sim.borrow().trace(), far.sim.borrow().trace());
}

#[test]
fn cancel_escape_or_moving_in_time_leave_the_past_as_it_was() {
    for answer in [Action::CancelChange, Action::Escape, Action::StepBack] {
        let before = sent_then_back();
        let s = before.clone().reduce(delay_half()).reduce(answer.clone());
        assert!(s.pending.is_none(), "{answer:?}");
        assert_eq!(tape_calls(&s), tape_calls(&before), "{answer:?}");
        assert_eq!(
            s.undo.len(),
            before.undo.len(),
            "{answer:?}: nothing changed, nothing new to undo"
        );
    }
    // Escape only answers the question: the selection stays.
    let s = sent_then_back().reduce(delay_half()).reduce(Action::Escape);
    assert_eq!(s.selected, Some(id("C1")));
    // A loss rate typed while later actions wait: cancelled, the field shows the rate in force.
    let s = sent_then_back()
        .reduce(Action::Edit(Field::LossPercent(Side::Client), "50".into()))
        .reduce(Action::CancelChange);
    assert_eq!(s.inputs.text(Field::LossPercent(Side::Client)), "0");
    assert_eq!(s.sim.borrow().loss(Side::Client), 0.0);
}

#[test]
fn a_change_asked_while_playing_resumes_play_once_answered() {
    let s = play_for(sent_then_back().reduce(Action::CloseMenu), 10.0, 10.0);
    assert!(s.playing);
    let s = s.reduce(Action::SelectNext).reduce(delay_half());
    assert!(s.pending.is_some() && !s.playing, "paused while asking");
    let s = s.reduce(Action::KeepLater);
    assert!(s.playing);
}

#[test]
fn a_fault_armed_at_the_start_asks_too_and_keeps_the_tape() {
    let s = run(
        lab("handshake"),
        [
            Action::Seek(Instant::from_millis(300)),
            send("hi"),
            Action::Reset,
        ],
    );
    // Reset forgot the send; undo brings it back.
    assert!(s.tape.is_empty());
    let s = s.reduce(Action::Undo);
    assert_eq!(s.tape.len(), 1);
    assert_eq!(s.now, Instant::ZERO);
    let s = s.reduce(Action::Arm(
        Side::Server,
        Fault::Delay(Duration::from_millis(100)),
    ));
    assert_eq!(s.pending.as_ref().map(|p| p.later.len()), Some(1));
    let s = s.reduce(Action::KeepLater);
    assert_eq!(s.armed(Side::Server).len(), 1);
    assert_eq!(s.tape.len(), 1, "the send is kept");
    let end = s.reduce(Action::Seek(Instant::from_millis(3_000)));
    assert!(
        end.sim
            .borrow()
            .app(Side::Server)
            .received
            .starts_with(b"hi")
    );
}

#[test]
fn undo_with_nothing_to_undo_changes_nothing() {
    let s = lab("handshake");
    assert!(!s.can_undo());
    let t = s.clone().reduce(Action::Undo);
    assert!(Rc::ptr_eq(&t.tape, &s.tape));
    assert_eq!(t.notice, None);
    // A plain action (nothing later on the tape) is undone too.
    let t = run(
        lab("handshake"),
        [Action::Seek(Instant::from_millis(300)), send("x")],
    );
    assert!(t.pending.is_none() && t.can_undo());
    let t = t.reduce(Action::Undo);
    assert!(t.tape.is_empty());
}

// ----- share links (lab/share.rs) -------------------------------------------------------------

/// The session's trace as JSON Lines.
fn trace_of(s: &LabState) -> String {
    s.sim.borrow().trace().to_json_lines()
}

/// A session built by hand: a setting changed, a loss rate and a drop armed at the start, a step
/// forward, a delay of the selected segment, a send of Korean text with markup.
fn by_hand() -> Rc<LabState> {
    let s = run(
        lab("handshake-data-close"),
        [
            Action::Edit(Field::Seed, "7".to_owned()),
            Action::Edit(Field::LossPercent(Side::Server), "30".to_owned()),
            Action::Arm(Side::Client, Fault::Drop),
            Action::Seek(Instant::from_millis(1_200)),
        ],
    );
    let s = run(
        s,
        [
            send("안녕 <b>TCP</b>"),
            Action::StepForward,
            Action::StepForward,
        ],
    );
    assert!(!s.tape.is_empty());
    s
}

#[test]
fn a_link_reopens_the_same_session_at_the_same_instant() {
    let s = by_hand();
    let fragment = s.link(crate::i18n::Lang::Ko);
    assert!(fragment.starts_with("x1."));
    let e = handshake_core::link::decode(&fragment).unwrap();
    let opened = LabState::from_experiment(&e).unwrap();
    assert_eq!(trace_of(&opened), trace_of(&s));
    assert_eq!(opened.now, s.now);
    assert_eq!(opened.tape, s.tape);
    assert_eq!(opened.scenario, s.scenario);
    assert_eq!(opened.loaded, s.loaded);
    assert_eq!(opened.armed(Side::Client), s.armed(Side::Client));
    assert!(!opened.playing);
    // The loss rate as it is now, in its field.
    assert_eq!(opened.inputs.text(Field::LossPercent(Side::Server)), "30");
    // And the horizon: the run ahead is the same.
    assert_eq!(opened.horizon, s.horizon);
}

#[test]
fn a_settings_change_keeps_the_preset_the_link_is_based_on() {
    let s = run(
        lab("lost-syn"),
        [Action::Edit(Field::LatencyMs, "150".to_owned())],
    );
    assert_eq!(s.preset, None, "the menu no longer names the preset");
    assert_eq!(s.based_on, Some("lost-syn"));
    let e = s.experiment(crate::i18n::Lang::En);
    assert_eq!(e.preset, Some("lost-syn"));
    let short = handshake_core::link::encode(&e);
    let whole = handshake_core::link::encode(&handshake_core::link::Experiment {
        preset: None,
        ..e.clone()
    });
    assert!(
        short.len() * 2 < whole.len(),
        "based on the preset: {} characters, whole: {}",
        short.len(),
        whole.len()
    );
    let opened = LabState::from_experiment(&handshake_core::link::decode(&short).unwrap()).unwrap();
    assert_eq!(opened.based_on, Some("lost-syn"));
    assert_eq!(opened.preset, None);
    assert_eq!(opened.inputs.text(Field::LatencyMs), "150");
    // A preset opened as it is is named in the menu again; an import is based on nothing.
    let plain =
        LabState::from_experiment(&handshake_core::link::Experiment::preset("lost-syn").unwrap())
            .unwrap();
    assert_eq!(plain.preset, Some("lost-syn"));
    let imported = run(s, [Action::Import(Scenario::default().to_json())]);
    assert_eq!(imported.based_on, None);
}

#[test]
fn a_link_made_before_anything_ran_opens_with_nothing_run() {
    let s = run(lab("lost-syn"), [Action::Arm(Side::Server, Fault::Drop)]);
    let e = handshake_core::link::decode(&s.link(crate::i18n::Lang::En)).unwrap();
    let opened = LabState::from_experiment(&e).unwrap();
    assert_eq!(opened.sim.borrow().events_run(), 0);
    assert_eq!(opened.armed(Side::Server), vec![Fault::Drop]);
    assert_eq!(trace_of(&opened), "");
}

#[test]
fn opening_a_link_replaces_the_session_but_keeps_the_speed_and_the_view() {
    let other = by_hand();
    let e = Rc::new(other.experiment(crate::i18n::Lang::En));
    let s = run(
        lab("handshake"),
        [
            Action::SetSpeed(2.0),
            Action::TogglePresent,
            Action::OpenExperiment(Rc::clone(&e)),
        ],
    );
    assert_eq!(s.speed, 2.0);
    assert!(s.presenting);
    assert_eq!(trace_of(&s), trace_of(&other));
    assert!(!s.can_undo());
    // A link that does not open leaves the session and says why.
    let s = run(
        s,
        [Action::LinkFailed(
            handshake_core::link::LinkError::Truncated,
        )],
    );
    assert_eq!(trace_of(&s), trace_of(&other));
    assert_eq!(
        s.notice,
        Some(Notice::LinkFailed(
            handshake_core::link::LinkError::Truncated
        ))
    );
}

#[test]
fn projector_mode_blanks_only_while_presenting_and_esc_brings_the_screen_back() {
    let s = run(lab("handshake"), [Action::ToggleBlank]);
    assert!(!s.blank, "outside projector mode b is not a blank");
    let s = run(s, [Action::TogglePresent, Action::ToggleBlank]);
    assert!(s.presenting && s.blank);
    let s = run(s, [Action::Escape]);
    assert!(!s.blank && s.presenting);
    let s = run(s, [Action::ToggleBlank, Action::TogglePresent]);
    assert!(
        !s.blank && !s.presenting,
        "leaving the mode brings everything back"
    );
}

#[test]
fn a_seek_to_the_end_copies_the_run_as_it_will_go_and_is_what_replay_gives() {
    for preset in handshake_core::presets::PRESETS {
        // From the fresh start (nothing run yet), and from a little later.
        for from in [None, Some(Instant::from_millis(1))] {
            let s = lab(preset.slug);
            let s = match from {
                Some(t) => run(s, [Action::Seek(t)]),
                None => s,
            };
            let end = s.end();
            // The seek takes the copy (not the replay) whenever the present is on the way.
            let mut copy = Rc::unwrap_or_clone(s.clone());
            assert!(copy.jump_to_future(end) || s.now == end, "{}", preset.slug);
            let at_end = run(s.clone(), [Action::Seek(end)]);
            let replayed = Simulator::replay(&at_end.scenario, &at_end.tape, end).unwrap();
            assert_eq!(
                format!("{:?}", *at_end.sim.borrow()),
                format!("{replayed:?}"),
                "{}",
                preset.slug
            );
            assert_eq!(at_end.now, end);
            // The ladder's model comes with the copy, and is the one the run gives.
            if copy.now == end && s.now != end {
                let model = copy
                    .sim
                    .model()
                    .expect("the horizon's model comes with the run");
                assert_eq!(
                    **model,
                    crate::timeline::LadderModel::build(&copy.sim.borrow()),
                    "{}",
                    preset.slug
                );
            }
            // The copy is shared with the horizon until the lab changes it.
            if let (Some(future), true) = (copy.future.clone(), s.now != end) {
                let shared = |copy: &LabState| std::ptr::eq(&*copy.sim.borrow(), &*future);
                assert!(shared(&copy), "{}", preset.slug);
                drop(copy.sim.borrow_mut());
                assert!(!shared(&copy), "{}", preset.slug);
                assert_eq!(format!("{:?}", *copy.sim.borrow()), format!("{future:?}"));
            }
        }
    }
}
