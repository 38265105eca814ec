//! Issue 13's controls driven through the reducer, as the app drives them.

use std::rc::Rc;

use handshake_core::config::{Counterfactual, Profile};
use handshake_core::endpoint::Verdict;
use handshake_core::fork::{Difference, Which};
use handshake_core::sim::{Fault, Side, TxId};
use handshake_core::trace::TraceKind;
use handshake_core::vocab::{Inject, SeqSpec, TcbVar};
use handshake_core::{Duration, Flags, State};
use yew::Reducible;

use super::*;

fn run(s: Rc<LabState>, actions: impl IntoIterator<Item = Action>) -> Rc<LabState> {
    actions.into_iter().fold(s, |s, a| s.reduce(a))
}

fn id(s: &str) -> TxId {
    s.parse().unwrap()
}

fn to_end(s: Rc<LabState>) -> Rc<LabState> {
    let end = s.end();
    s.reduce(Action::Seek(end))
}

/// Segments the side put on the wire with these flags (sent or hand-made).
fn sent(s: &LabState, side: Side, flag: fn(&Flags) -> bool) -> Vec<TxId> {
    s.sim
        .borrow()
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Send { seg, .. } if seg.from == side && flag(&seg.flags) => Some(seg.id),
            _ => None,
        })
        .collect()
}

fn old_syn() -> WhyAction {
    WhyAction::Inject {
        side: Side::Client,
        segment: Inject::new(
            Flags::SYN,
            SeqSpec::Relative {
                side: Side::Client,
                var: TcbVar::Iss,
                offset: -10,
            },
            SeqSpec::Absolute(0),
        ),
    }
}

#[test]
fn an_old_syn_injected_while_the_real_one_is_late_draws_the_clients_rst() {
    // Figure 8 by hand: the real SYN is on the link (delayed), an old SYN overtakes it.
    let s = run(
        Rc::new(LabState::new("handshake")),
        [
            Action::StepForward,
            Action::Select(Some(id("C1"))),
            Action::FaultSelected(Fault::Delay(Duration::from_millis(500))),
            Action::Why(old_syn()),
        ],
    );
    assert_eq!(s.notice, None);
    assert!(
        s.tape
            .iter()
            .any(|a| matches!(a.action, SimAction::Inject { .. }))
    );
    let s = to_end(s);
    assert_eq!(
        sent(&s, Side::Client, |f| f.rst()).len(),
        1,
        "the client refuses the old SYN's SYN,ACK"
    );
    let sim = s.sim.borrow();
    assert_eq!(sim.endpoint(Side::Client).state(), State::Established);
    // Replay (step back to the start and forward) shows the same run: the inject is on the tape.
    drop(sim);
    let again = to_end(s.clone().reduce(Action::Seek(Instant::ZERO)));
    assert_eq!(
        again.sim.borrow().trace().len(),
        s.sim.borrow().trace().len()
    );
}

#[test]
fn a_crashed_client_that_connects_again_meets_a_challenge_ack() {
    let s = to_end(Rc::new(LabState::new("handshake")));
    let s = run(
        s,
        [
            Action::Why(WhyAction::Crash(Side::Client)),
            Action::Why(WhyAction::Reboot(Side::Client)),
            // A SYN of the rebooted client that falls in the server's window (RFC 5961 §4).
            Action::Why(WhyAction::Inject {
                side: Side::Client,
                segment: Inject::new(
                    Flags::SYN,
                    SeqSpec::Relative {
                        side: Side::Server,
                        var: TcbVar::RcvNxt,
                        offset: 0,
                    },
                    SeqSpec::Absolute(0),
                ),
            }),
        ],
    );
    assert_eq!(s.notice, None);
    let s = to_end(s);
    let sim = s.sim.borrow();
    assert!(sim.trace().iter().any(|e| matches!(
        e.kind,
        TraceKind::Arrive {
            verdict: Some(Verdict::SynChallenged),
            ..
        }
    )));
}

#[test]
fn a_crash_of_a_crashed_host_is_a_notice() {
    let s = run(
        Rc::new(LabState::new("handshake")),
        [
            Action::Why(WhyAction::Crash(Side::Client)),
            Action::Why(WhyAction::Crash(Side::Client)),
        ],
    );
    assert!(matches!(s.notice, Some(Notice::ActionFailed(_))));
}

#[test]
fn no_time_wait_opens_real_tcp_beside_and_parts_where_time_wait_begins() {
    let s = run(
        Rc::new(LabState::new("normal-close")),
        [Action::Why(WhyAction::SetSwitch(
            Counterfactual::NoTimeWait,
            true,
        ))],
    );
    assert!(s.switch_on(Counterfactual::NoTimeWait));
    assert!(s.sim.borrow().is_counterfactual());
    let c = s.compare.clone().expect("the comparison opens");
    assert_eq!(c.kind, CompareKind::RealTcp);
    assert!(!c.sim.borrow().is_counterfactual());
    match c.comparison.first() {
        Some(Difference::State {
            side: Side::Client,
            first: State::TimeWait,
            second: State::Closed,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    // Kept in step: both at the present, forwards and back.
    let s = to_end(s);
    let c = s.compare.clone().unwrap();
    assert_eq!(c.sim.borrow().now(), s.now);
    assert_eq!(c.sim.borrow().endpoint(Side::Client).state(), State::Closed);
    let t = c.parts_at().unwrap();
    let s = s.reduce(Action::Seek(t));
    let c = s.compare.clone().unwrap();
    assert_eq!((c.sim.borrow().now(), s.now), (t, t));
    // Off again: real TCP, nothing beside.
    let s = s.reduce(Action::Why(WhyAction::SetSwitch(
        Counterfactual::NoTimeWait,
        false,
    )));
    assert!(s.compare.is_none() && !s.sim.borrow().is_counterfactual());
}

#[test]
fn a_fork_of_a_lost_segment_follows_the_present_and_escape_closes_it() {
    let s = run(
        Rc::new(LabState::new("handshake")),
        [Action::StepForward, Action::Select(Some(id("C1")))],
    );
    let at = s.now;
    let s = s.reduce(Action::Why(WhyAction::ForkSelected(Fault::Drop)));
    let c = s.compare.clone().expect("the fork opens");
    assert_eq!(c.main_is, Which::First);
    // The main run did not change: C1 is still on its way there.
    assert!(s.tape.is_empty());
    let first = c.comparison.first().unwrap();
    assert!(first.t() >= at, "{first:?}");
    // The core's first difference: C1 lost in the fork (the second run) only.
    match first {
        Difference::Link {
            only_in: Which::Second,
            what: "drop",
            seg,
            ..
        } if seg.id == id("C1") => {}
        other => panic!("{other:?}"),
    }
    let s = to_end(s);
    let c = s.compare.clone().unwrap();
    assert_eq!(c.sim.borrow().now(), s.now);
    // In the fork the SYN was re-sent.
    assert!(
        c.sim
            .borrow()
            .transmission(id("C2"))
            .is_some_and(|tx| tx.retransmission_of == Some(id("C1")))
    );
    // Back before the fork: both runs are the same history there.
    let s = s.reduce(Action::Seek(Instant::ZERO));
    let c = s.compare.clone().unwrap();
    assert_eq!(c.sim.borrow().now(), Instant::ZERO);
    let s = s.reduce(Action::Escape);
    assert!(s.compare.is_none());
}

#[test]
fn a_hand_made_segment_beside_a_sent_one_is_its_own_arrow() {
    // At 0 s the core runs the scenario's connect first: C1 and the old SYN C*1 leave together
    // with the same path; each is an arrow of its own, and the hand-made one never joins C1's
    // train (its capsule would hide under C1's).
    let s = Rc::new(LabState::new("handshake")).reduce(Action::Why(old_syn()));
    assert_eq!(s.notice, None);
    let m = crate::timeline::LadderModel::build(&s.sim.borrow());
    let ids: Vec<TxId> = m.paths.iter().map(|p| p.id).collect();
    assert!(ids.contains(&id("C1")), "{ids:?}");
    assert!(ids.contains(&TxId::injected(Side::Client, 1)), "{ids:?}");
    // Side by side on the link, they would be one train; the hand-made one travels alone.
    let at = [(10.0, 100.0), (10.5, 101.0)];
    let injected = |k: usize| k == 1;
    assert_eq!(
        crate::components::ladder::trains(&at, |_| false),
        vec![vec![0, 1]]
    );
    assert_eq!(
        crate::components::ladder::trains(&at, injected),
        vec![vec![0], vec![1]]
    );
}

#[test]
fn an_old_copy_of_a_selected_segment_comes_out_of_the_middle_of_the_link() {
    let s = to_end(Rc::new(LabState::new("handshake")));
    let s = run(
        s,
        [
            Action::Select(Some(id("C1"))),
            Action::Why(WhyAction::OldDuplicateOfSelected),
        ],
    );
    assert_eq!(s.notice, None);
    let m = crate::timeline::LadderModel::build(&s.sim.borrow());
    let copy = m
        .paths
        .iter()
        .find(|p| p.id.age.is_some())
        .expect("the old copy is drawn");
    assert_eq!(copy.id.to_string(), format!("C1~{}s", "0.3"));
    assert_eq!(copy.points[0], (300.0, 0.5));
}

#[test]
fn playing_two_runs_goes_on_until_the_later_one_ends() {
    // Without TIME-WAIT the broken run ends at 1.6 s; real TCP beside it waits 2·MSL more.
    let s = Rc::new(LabState::new("normal-close")).reduce(Action::Why(WhyAction::SetSwitch(
        Counterfactual::NoTimeWait,
        true,
    )));
    let end = s.compare.as_ref().unwrap().horizon.end;
    assert!(end > s.horizon.end);
    let mut s = s.reduce(Action::Play);
    let mut ts = 0.0;
    for _ in 0..100_000 {
        if !s.playing {
            break;
        }
        ts += 16.0;
        s = s.reduce(Action::Tick(ts));
    }
    assert!(!s.playing);
    assert_eq!(s.now, end);
    let c = s.compare.clone().unwrap();
    assert_eq!(c.sim.borrow().endpoint(Side::Client).state(), State::Closed);
    assert_eq!(c.sim.borrow().now(), end);
}

#[test]
fn stepping_back_stops_at_the_instants_of_either_run() {
    let s = run(
        Rc::new(LabState::new("handshake")),
        [
            Action::StepForward,
            Action::Select(Some(id("C1"))),
            Action::Why(WhyAction::ForkSelected(Fault::Drop)),
        ],
    );
    let s = to_end(s);
    // The run as it happened is over at 0.3 s; the fork re-sends its SYN at 1 s and goes on.
    let end = s.now;
    assert!(end > Instant::from_millis(1000), "{end:?}");
    let s = s.reduce(Action::StepBack);
    assert!(
        s.now > Instant::from_millis(1000) && s.now < end,
        "{:?}",
        s.now
    );
    let c = s.compare.clone().unwrap();
    assert_eq!(c.sim.borrow().now(), s.now);
}

#[test]
fn a_fork_at_an_instant_loses_the_next_segment_of_a_side() {
    // At 0.3 s the handshake is done; what if the client's next segment (its data) were lost?
    let s = run(
        Rc::new(LabState::new("handshake-data-close")),
        [Action::Seek(Instant::from_millis(300))],
    );
    let s = s.reduce(Action::Why(WhyAction::ForkNext(Side::Client, Fault::Drop)));
    let c = s.compare.clone().expect("the fork opens");
    assert!(s.tape.is_empty(), "the run as it happened is unchanged");
    match c.comparison.first() {
        Some(Difference::Link {
            only_in: Which::Second,
            what: "drop",
            seg,
            ..
        }) => assert_eq!(seg.from, Side::Client),
        other => panic!("{other:?}"),
    }
}

/// Issue 14: "Compare RFC vs Linux" opens the fork/compare view with the same scenario and
/// session under the other profile; the SYN schedules differ at the second retransmission
/// (RFC 6298 doubles the RTO to 2 s; Linux re-sends 1 s later).
#[test]
fn comparing_profiles_shows_the_session_under_the_other_profile_beside_it() {
    let s = run(
        Rc::new(LabState::new("syn-retries-exhausted")),
        [Action::Why(WhyAction::CompareProfiles)],
    );
    let c = s.compare.clone().expect("the comparison opens");
    assert_eq!(c.kind, CompareKind::Profile(Profile::Linux));
    // Opened before anything ran, both runs wait at their start.
    assert_eq!(s.sim.borrow().events_run(), 0);
    assert_eq!(c.sim.borrow().events_run(), 0);
    assert!(c.sim.borrow().trace().is_empty());
    // One step runs the 0 s events of both.
    let s = run(s, [Action::StepForward]);
    let c = s.compare.clone().unwrap();
    assert!(s.sim.borrow().events_run() > 0);
    assert_eq!(
        c.sim.borrow().trace().events.first().map(|e| e.t),
        s.sim.borrow().trace().events.first().map(|e| e.t)
    );
    assert!(!c.sim.borrow().trace().is_empty());
    assert_eq!(c.main_is, Which::First);
    let syns = |sim: &handshake_core::sim::Simulator| -> Vec<u64> {
        let mut sim = sim.clone();
        sim.run_to_end();
        sim.trace()
            .iter()
            .filter(|e| matches!(&e.kind, TraceKind::Send { seg, .. } if seg.flags.syn() && seg.from == Side::Client))
            .map(|e| e.t.total_micros() / 1000)
            .take(3)
            .collect()
    };
    assert_eq!(syns(&s.sim.borrow()), [0, 1000, 3000]);
    assert_eq!(syns(&c.sim.borrow()), [0, 1000, 2000]);
    // They part where the schedules do: the SYN only Linux sends at 2 s (the profiles' SYNs
    // differ in window and MSS from the first, which is not where they part).
    assert_eq!(
        c.parts_at(),
        Some(handshake_core::Instant::from_millis(2000))
    );
    match c.comparison.first() {
        Some(Difference::Segment { only_in, seg, .. }) => {
            assert_eq!(
                (*only_in, seg.from, seg.flags),
                (Which::Second, Side::Client, Flags::SYN)
            );
        }
        other => panic!("{other:?}"),
    }
    // Under Linux, the other is RFC 9293; closing it closes the view.
    let s = run(s, [Action::SetProfile(Profile::Linux)]);
    let c = s.compare.clone().expect("still compared");
    assert_eq!(c.kind, CompareKind::Profile(Profile::Rfc));
    let s = run(s, [Action::Why(WhyAction::CloseCompare)]);
    assert!(s.compare.is_none());
}
