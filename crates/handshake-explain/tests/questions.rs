//! Predict-then-reveal, tested as a property: over every preset and a few hundred random seeded
//! runs (losses, delays, holds, copies, give-ups, interactive actions on a tape), every question
//! [`questions::next`] asks is answered by what the simulator then does, read here from the
//! trace and the endpoints by the test's own code; no two options are equal; every question
//! has a wrong option; and the run does not reach the answer before the question is asked.

mod common;

use std::collections::BTreeMap;

use common::{assert_korean, simulator};
use handshake_core::config::{DupSynPolicy, RstInTimeWait, TimeWaitRestart};
use handshake_core::endpoint::{Cause, TimerAction};
use handshake_core::presets::PRESETS;
use handshake_core::scenario::{AppScript, FaultRule, Match, Scenario};
use handshake_core::sim::{
    Action, AppEvent, Fault, SendData, Side, Simulator, TimedAction, TxId, UserCall,
};
use handshake_core::trace::{TraceEvent, TraceKind};
use handshake_core::vocab::Conn;
use handshake_core::{Config, Duration, Flags, Instant};
use handshake_explain::Lang;
use handshake_explain::learn::Origin;
use handshake_explain::lessons::Demo;
use handshake_explain::questions::{
    About, Answer, Kind, Outcome, Question, Response, Settings, next, parse_seconds,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// What the tests saw, so they can say they reached what they are about.
#[derive(Default)]
struct Seen {
    questions: usize,
    by_kind: BTreeMap<&'static str, usize>,
    myths: BTreeMap<String, usize>,
    nothing_sent: usize,
    gave_up: usize,
}

/// The first event of `ev` from `start` on that is a segment sent by `side`, before the next
/// arrival, expiry or call (the test's own reading: the answer an endpoint gives to one input
/// leaves before anything else happens to it).
fn first_answer(ev: &[TraceEvent], start: usize, side: Side) -> Option<Flags> {
    for e in &ev[start + 1..] {
        match &e.kind {
            TraceKind::Send { seg, .. } if seg.from == side => return Some(seg.flags),
            TraceKind::Arrive { .. }
            | TraceKind::Call { .. }
            | TraceKind::Drop { .. }
            | TraceKind::Delay { .. }
            | TraceKind::Hold { .. }
            | TraceKind::Release { .. }
            | TraceKind::Duplicate { .. }
            | TraceKind::Arm { .. }
            | TraceKind::Loss { .. }
            | TraceKind::Ignored { .. } => return None,
            TraceKind::Timer {
                action: TimerAction::Fire,
                ..
            } => return None,
            _ => {}
        }
    }
    None
}

fn first_answer_seg(
    ev: &[TraceEvent],
    start: usize,
    side: Side,
) -> Option<handshake_core::trace::SegmentInfo> {
    let flags = first_answer(ev, start, side)?;
    ev[start + 1..].iter().find_map(|e| match &e.kind {
        TraceKind::Send { seg, .. } if seg.from == side && seg.flags == flags => Some(*seg),
        _ => None,
    })
}

/// Asks and answers every question of a run, checking each against what the run then does.
fn check_run(mut sim: Simulator, tape: &[TimedAction], settings: &Settings, seen: &mut Seen) {
    for _ in 0..60 {
        let Some(q) = next(&sim, tape, settings) else {
            return;
        };
        check_question(&q, settings);
        assert!(settings.asks(q.kind), "{:?} was not asked for", q.kind);
        // The run stops where the question is asked, before its answer.
        assert!(q.ask_at <= q.answer_at, "{q:?}");
        assert!(q.ask_at >= sim.now(), "asked in the past: {q:?}");
        if q.ask_at > sim.now() {
            sim.replay_onto(tape, q.ask_at);
        }
        if q.kind == Kind::Resend {
            assert!(!sim.trace().is_empty() && sim.now() == q.ask_at);
        } else {
            assert!(
                sim.trace().len() <= q.events.start,
                "the run passed the answer before asking: {q:?}"
            );
            assert!(
                q.ask_at < q.answer_at || sim.events_run() == 0,
                "asked at the answer's instant: {q:?}"
            );
            // Asked again from where the run stopped, the question is the same.
            assert_eq!(next(&sim, tape, settings).as_ref(), Some(&q));
        }
        sim.replay_onto(tape, q.answer_at);
        assert_eq!(sim.now(), q.answer_at);
        verify(&sim, &q, seen);
        seen.questions += 1;
        *seen.by_kind.entry(q.kind.name()).or_default() += 1;
        for o in &q.options {
            if let Some(m) = o.myth {
                *seen.myths.entry(format!("{m:?}")).or_default() += 1;
            }
        }
    }
}

/// The question's own shape: options, grading, wording.
fn check_question(q: &Question, settings: &Settings) {
    assert!(q.options.len() >= 2, "no wrong option: {q:?}");
    assert!(q.correct < q.options.len());
    for (i, a) in q.options.iter().enumerate() {
        for b in &q.options[i + 1..] {
            assert_ne!(a.answer, b.answer, "two equal options: {q:?}");
        }
    }
    assert_eq!(q.absolute, settings.absolute);
    // Grading: the right option is right, every other one wrong, and a wrong one names only
    // its own myth.
    for i in 0..q.options.len() {
        let g = q.grade(&Response::Choice(i)).unwrap();
        assert_eq!(g.correct, i == q.correct);
        assert_eq!(g.option, Some(i));
        if i == q.correct {
            assert_eq!(g.myth, None);
            assert_eq!(q.options[i].myth, None);
        } else {
            assert_eq!(g.myth, q.options[i].myth);
        }
    }
    assert_eq!(q.grade(&Response::Choice(q.options.len())), None);
    // Numbers can be typed.
    let typed = match q.options[q.correct].answer {
        Answer::Number(n) => Some(n.to_string()),
        Answer::Time(t) => Some(format!("{}", t.total_micros() as f64 / 1e6)),
        _ => None,
    };
    if let Some(typed) = typed {
        assert!(q.takes_number());
        let g = q.grade(&Response::Typed(typed.clone())).unwrap();
        assert!(g.correct, "typed {typed:?} for {q:?}");
        assert_eq!(q.grade(&Response::Typed("twelve".into())), None);
    } else {
        assert!(!q.takes_number());
        assert_eq!(q.grade(&Response::Typed("1".into())), None);
    }
    for lang in [Lang::En, Lang::Ko] {
        let p = q.prompt(lang);
        assert!(p.ends_with('?') || p.ends_with(')'), "{p}");
        for i in 0..q.options.len() {
            assert!(!q.option_text(i, lang).is_empty());
        }
    }
    assert_korean(&q.prompt(Lang::Ko), "question");
    for i in 0..q.options.len() {
        assert_korean(&q.option_text(i, Lang::Ko), "option");
    }
}

/// The answer is what the run did.
fn verify(sim: &Simulator, q: &Question, seen: &mut Seen) {
    let ev = &sim.trace().events;
    let right = q.options[q.correct].answer;
    let input = &ev[q.events.start];
    let side = q.side;
    match (q.kind, right) {
        (Kind::State, Answer::State(want)) => {
            // The side's state after the input: the last change among the events up to the
            // next input of the instant, or (with nothing else this instant) the endpoint's.
            let mut last = None;
            for e in &ev[q.events.start + 1..] {
                match &e.kind {
                    TraceKind::State { side: s, to, .. } if *s == side => last = Some(*to),
                    TraceKind::Timer {
                        action: TimerAction::Fire,
                        ..
                    } => break,
                    TraceKind::State { .. }
                    | TraceKind::Timer { .. }
                    | TraceKind::Rto { .. }
                    | TraceKind::Deliver { .. }
                    | TraceKind::App { .. }
                    | TraceKind::Send { .. } => {}
                    _ => break,
                }
            }
            assert_eq!(last, Some(want), "{q:?}");
            let later_at_same_instant = ev[q.events.end..]
                .iter()
                .any(|e| e.t == q.answer_at && e.kind.side() == Some(side));
            if !later_at_same_instant {
                // The side's per-side view, or (since issue 13's listener beside connections:
                // a connection that ended leaves the listener as that view) its newest
                // connection, the one the question is about.
                let sockets = sim.sockets(side);
                let newest = sockets.iter().rev().find(|v| v.conn != Conn::Listener);
                assert!(
                    sim.endpoint(side).state() == want
                        || newest.is_some_and(|v| v.endpoint.state() == want),
                    "{q:?} {:?}",
                    sockets
                        .iter()
                        .map(|v| (v.conn, v.endpoint.state(), v.status))
                        .collect::<Vec<_>>()
                );
            }
            assert_ne!(want, q.state);
        }
        (Kind::Flags, Answer::Flags(want)) => {
            let TraceKind::Arrive { seg, .. } = &input.kind else {
                panic!("a flags question is about an arrival: {q:?}");
            };
            assert_eq!(seg.to(), side);
            assert!(seg.len > 0 || seg.flags.syn() || seg.flags.fin() || seg.flags.rst());
            assert_eq!(first_answer(ev, q.events.start, side), want, "{q:?}");
            if want.is_none() {
                seen.nothing_sent += 1;
            }
        }
        (Kind::Ack, Answer::Number(want)) => {
            let TraceKind::Arrive { seg, .. } = &input.kind else {
                panic!("an ACK question is about an arrival: {q:?}");
            };
            assert_eq!(seg.to(), side);
            let answer = first_answer_seg(ev, q.events.start, side).expect("an answer");
            assert!(answer.flags.ack());
            let got = if q.absolute {
                answer.ack.0
            } else {
                answer.rel_ack
            };
            assert_eq!(got, want, "{q:?}");
        }
        (Kind::Timer, Answer::Outcome(want)) => {
            assert!(
                matches!(input.kind, TraceKind::Timer { side: s, action: TimerAction::Fire, .. } if s == side),
                "{q:?}"
            );
            let after = &ev[q.events.clone()];
            match want {
                Outcome::Retransmit => assert!(
                    after.iter().any(|e| matches!(&e.kind, TraceKind::Send { seg, .. }
                        if seg.from == side && seg.retransmission_of.is_some())),
                    "{q:?}"
                ),
                Outcome::GiveUp => {
                    assert!(
                        after.iter().any(|e| matches!(e.kind, TraceKind::App { side: s, event: AppEvent::TimedOut } if s == side))
                            || after.iter().any(|e| matches!(e.kind, TraceKind::State { side: s, cause: Cause::RetriesExhausted(_), .. } if s == side)),
                        "{q:?}"
                    );
                    assert!(
                        !after
                            .iter()
                            .any(|e| matches!(&e.kind, TraceKind::Send { seg, .. } if seg.from == side)),
                        "a give-up sent a segment: {q:?}"
                    );
                    seen.gave_up += 1;
                }
                Outcome::SendAck => assert!(
                    after.iter().any(|e| matches!(&e.kind, TraceKind::Send { seg, .. }
                        if seg.from == side && seg.flags == Flags::ACK && seg.retransmission_of.is_none())),
                    "{q:?}"
                ),
                Outcome::DeleteTcb => assert!(
                    after.iter().any(|e| matches!(e.kind, TraceKind::State { side: s, to: handshake_core::State::Closed, .. } if s == side)),
                    "{q:?}"
                ),
                other => panic!("{other:?} is never what a timer does here: {q:?}"),
            }
        }
        (Kind::Resend, Answer::Time(want)) => {
            let About::Lost { seg: lost } = q.about else {
                panic!("{q:?}");
            };
            assert_eq!(want, q.answer_at);
            let resends: Vec<(Instant, TxId)> = ev
                .iter()
                .filter_map(|e| match &e.kind {
                    TraceKind::Send { seg, .. }
                        if seg.from == lost.from
                            && seg.rel_seq == lost.rel_seq
                            && seg.retransmission_of.is_some()
                            && e.t > q.ask_at =>
                    {
                        Some((e.t, seg.id))
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(
                resends.first().map(|r| r.0),
                Some(want),
                "the first re-send after the loss: {q:?}"
            );
        }
        (kind, answer) => panic!("{kind:?} answered by {answer:?}"),
    }
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::Client), Just(Side::Server)]
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        4 => Just(Fault::Drop),
        2 => (1u64..3000).prop_map(|ms| Fault::Delay(Duration::from_millis(ms))),
        1 => Just(Fault::Hold),
        2 => Just(Fault::Duplicate),
    ]
}

fn tx_id() -> impl Strategy<Value = TxId> {
    (side(), 1u32..12).prop_map(|(side, n)| TxId::new(side, n))
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (side(), (1u32..400).prop_map(|n| UserCall::Send(SendData::Pattern(n))))
            .prop_map(|(side, call)| Action::Call { side, call }),
        1 => (side(), prop_oneof![Just(UserCall::Close), Just(UserCall::Abort), Just(UserCall::Listen), Just(UserCall::Connect)])
            .prop_map(|(side, call)| Action::Call { side, call }),
        4 => (tx_id(), fault()).prop_map(|(target, fault)| Action::Fault { target, fault }),
        1 => tx_id().prop_map(|target| Action::Release { target }),
        2 => (side(), fault()).prop_map(|(side, fault)| Action::Arm { side, fault }),
        1 => (side(), prop_oneof![Just(1.0f64), 0.0f64..0.6]).prop_map(|(side, probability)| Action::SetLoss { side, probability }),
    ]
}

fn rule() -> impl Strategy<Value = FaultRule> {
    let flags = prop_oneof![
        Just(None),
        Just(Some(Flags::SYN)),
        Just(Some(Flags::SYN | Flags::ACK)),
        Just(Some(Flags::FIN | Flags::ACK)),
        Just(Some(Flags::ACK)),
    ];
    let matcher = (
        proptest::option::of(side()),
        flags,
        proptest::option::of(any::<bool>()),
        proptest::option::of(1u32..5),
    )
        .prop_map(|(from, flags, payload, nth)| Match::Rule {
            from,
            flags,
            payload,
            retransmission: None,
            nth,
        });
    (matcher, fault()).prop_map(|(matcher, fault)| FaultRule { matcher, fault })
}

fn config() -> impl Strategy<Value = Config> {
    (
        (1u16..300, 50u16..3000, 0u8..6, 0u8..5, 0u8..6),
        prop_oneof![Just(60_000u64), 1000u64..12_000],
        (0u64..6000, proptest::option::of(0u64..5000)),
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |((mss, window, syn, synack, data), rto_max, (msl, fw2), (linux, ignore, any_ack))| {
                Config {
                    mss,
                    window,
                    syn_retries: syn,
                    synack_retries: synack,
                    data_retries: data,
                    rto_max: Duration::from_millis(rto_max),
                    msl: Duration::from_millis(msl),
                    fin_wait_2_timeout: fw2.map(Duration::from_millis),
                    dup_syn: if linux {
                        DupSynPolicy::Linux
                    } else {
                        DupSynPolicy::Rfc
                    },
                    rst_in_time_wait: if ignore {
                        RstInTimeWait::Ignore
                    } else {
                        RstInTimeWait::Close
                    },
                    time_wait_restart: if any_ack {
                        TimeWaitRestart::AnyAck
                    } else {
                        TimeWaitRestart::RetransmittedFin
                    },
                    ..Config::default()
                }
            },
        )
}

prop_compose! {
    /// A scenario and a tape of interactive actions (as the lab replays them).
    fn session()(
        seed in any::<u64>(),
        latency in (1u64..300, 1u64..300),
        loss in (prop_oneof![3 => Just(0.0), 1 => 0.0f64..0.6], prop_oneof![3 => Just(0.0), 1 => 0.0f64..0.6]),
        client in config(),
        server in config(),
        close_on_eof in (any::<bool>(), any::<bool>()),
        sends in proptest::collection::vec((100u64..4000, side(), 1u32..500), 0..3),
        actions in proptest::collection::vec((0u64..8000, action()), 0..6),
        tape in proptest::collection::vec((1u64..8000, action()), 0..5),
        faults in proptest::collection::vec(rule(), 0..3),
        closing in proptest::option::weighted(0.7, (500u64..6000, 500u64..9000)),
    ) -> (Scenario, Vec<TimedAction>) {
        let mut s = Scenario { seed, client, server, ..Scenario::default() };
        s.net.latency = [Duration::from_millis(latency.0), Duration::from_millis(latency.1)];
        s.net.loss = [loss.0, loss.1];
        s.apps = [AppScript { close_on_eof: close_on_eof.0, ..Default::default() }, AppScript { close_on_eof: close_on_eof.1, ..Default::default() }];
        s = s.call(0, Side::Server, UserCall::Listen).call(0, Side::Client, UserCall::Connect);
        for (ms, side, n) in sends {
            s = s.call(ms, side, UserCall::Send(SendData::Pattern(n)));
        }
        for (ms, a) in actions {
            s.actions.push(TimedAction { at: Instant::from_millis(ms), action: a });
        }
        if let Some((c, sv)) = closing {
            s = s.call(c, Side::Client, UserCall::Close).call(sv, Side::Server, UserCall::Close);
        }
        s.actions.sort_by_key(|a| a.at);
        s.faults = faults;
        let mut tape: Vec<TimedAction> = tape
            .into_iter()
            .map(|(ms, action)| TimedAction { at: Instant::from_millis(ms), action })
            .collect();
        tape.sort_by_key(|a| a.at);
        (s, tape)
    }
}

/// How many random sessions the property runs (deterministically seeded).
const RANDOM_RUNS: usize = 300;

/// The tape a session would leave: the actions the core accepted, at their times (the lab
/// only keeps those).
fn accepted_tape(scenario: &Scenario, tape: &[TimedAction]) -> Vec<TimedAction> {
    let mut sim = Simulator::new(scenario).unwrap();
    sim.set_event_budget(20_000);
    for a in tape {
        sim.run_until(a.at);
        let _ = sim.apply(a.action.clone());
    }
    sim.actions().to_vec()
}

#[test]
fn every_questions_answer_is_what_the_simulator_then_does() {
    let mut seen = Seen::default();
    let all = Settings::default();
    let absolute = Settings {
        absolute: true,
        ..Settings::default()
    };
    for p in PRESETS {
        for settings in [&all, &absolute] {
            check_run(simulator(Origin::Preset(p.slug)), &[], settings, &mut seen);
        }
    }
    let mut runner = TestRunner::deterministic();
    let strategy = session();
    let mut ran = 0;
    while ran < RANDOM_RUNS {
        let (s, tape) = strategy.new_tree(&mut runner).unwrap().current();
        let Ok(mut sim) = Simulator::new(&s) else {
            continue;
        };
        sim.set_event_budget(20_000);
        let tape = accepted_tape(&s, &tape);
        let settings = if ran % 3 == 0 { &absolute } else { &all };
        check_run(sim, &tape, settings, &mut seen);
        ran += 1;
    }
    eprintln!(
        "{} questions: {:?}; myths offered: {:?}; nothing sent {}; give-ups {}",
        seen.questions, seen.by_kind, seen.myths, seen.nothing_sent, seen.gave_up
    );
    for kind in Kind::ALL {
        assert!(
            seen.by_kind.get(kind.name()).copied().unwrap_or(0) >= 30,
            "few {} questions: {:?}",
            kind.name(),
            seen.by_kind
        );
    }
    for myth in [Demo::M1, Demo::M2, Demo::M3, Demo::M10, Demo::M11] {
        assert!(
            seen.myths.contains_key(&format!("{myth:?}")),
            "{myth:?} never offered: {:?}",
            seen.myths
        );
    }
    assert!(seen.nothing_sent > 0 && seen.gave_up > 0);
}

#[test]
fn only_the_kinds_chosen_are_asked() {
    for kind in Kind::ALL {
        let mut kinds = [false; 5];
        kinds[kind.index()] = true;
        let settings = Settings {
            kinds,
            absolute: false,
        };
        let mut seen = Seen::default();
        for p in PRESETS {
            check_run(simulator(Origin::Preset(p.slug)), &[], &settings, &mut seen);
        }
        assert!(seen.by_kind.len() == 1 && seen.by_kind.contains_key(kind.name()));
    }
    let none = Settings {
        kinds: [false; 5],
        absolute: false,
    };
    assert_eq!(
        next(&simulator(Origin::Preset("lost-syn")), &[], &none),
        None
    );
}

/// The classic wrong answers are offered where they are wrong, tagged with their lesson.
#[test]
fn lost_syn_asks_about_connect_and_offers_closed_as_myth_m2() {
    let sim = simulator(Origin::Preset("lost-syn"));
    let q = next(
        &sim,
        &[],
        &Settings {
            kinds: [true, false, false, false, false],
            absolute: false,
        },
    )
    .unwrap();
    assert_eq!(q.side, Side::Client);
    assert_eq!(
        q.options[q.correct].answer,
        Answer::State(handshake_core::State::SynSent)
    );
    let closed = q
        .options
        .iter()
        .position(|o| o.answer == Answer::State(handshake_core::State::Closed))
        .unwrap();
    let g = q.grade(&Response::Choice(closed)).unwrap();
    assert!(!g.correct);
    assert_eq!(g.myth, Some(Demo::M2));
    assert_eq!(
        q.prompt(Lang::Ko),
        "클라이언트 애플리케이션이 connect()를 호출한다(지금 CLOSED). 호출 직후 클라이언트는 어떤 상태일까?"
    );
    // Asked at the start, before anything ran.
    assert_eq!(q.ask_at, Instant::ZERO);

    // The lost SYN: when is it sent again? At 1 s (RTO 1 s), typed or chosen.
    let mut sim = sim;
    sim.replay_onto(&[], q.answer_at);
    let q = next(
        &sim,
        &[],
        &Settings {
            kinds: [false, false, false, false, true],
            absolute: false,
        },
    )
    .unwrap();
    assert_eq!(q.kind, Kind::Resend);
    assert_eq!(q.answer_at, Instant::from_secs(1));
    for typed in ["1", "1.0", "1 s", "1초", "1,000"] {
        assert!(
            q.grade(&Response::Typed(typed.into())).unwrap().correct,
            "{typed}"
        );
    }
    assert!(!q.grade(&Response::Typed("3".into())).unwrap().correct);
    assert_eq!(parse_seconds("1.5s"), Some(Instant::from_millis(1500)));
    assert_eq!(parse_seconds("abc"), None);
    assert_eq!(parse_seconds(""), None);
}

#[test]
fn a_data_ack_offers_plus_one_as_myth_m3() {
    let mut sim = simulator(Origin::Preset("handshake-data-close"));
    let ack_only = Settings {
        kinds: [false, false, true, false, false],
        absolute: false,
    };
    // The first ACK question about a data segment.
    loop {
        let q = next(&sim, &[], &ack_only).unwrap();
        let About::Arrival { seg } = q.about else {
            unreachable!()
        };
        if seg.len == 100 {
            assert_eq!(
                q.options[q.correct].answer,
                Answer::Number(seg.rel_seq + 100)
            );
            let plus_one = q
                .options
                .iter()
                .position(|o| o.answer == Answer::Number(seg.rel_seq + 1))
                .unwrap();
            assert_eq!(
                q.grade(&Response::Choice(plus_one)).unwrap().myth,
                Some(Demo::M3)
            );
            assert!(q.grade(&Response::Typed("Ack=101".into())).unwrap().correct);
            assert!(
                q.prompt(Lang::En).contains("Seq=1 and 100 data bytes"),
                "{}",
                q.prompt(Lang::En)
            );
            return;
        }
        sim.replay_onto(&[], q.answer_at);
    }
}

#[test]
fn the_passive_closer_is_asked_and_time_wait_is_myth_m1() {
    let mut sim = simulator(Origin::Preset("normal-close"));
    let states = Settings {
        kinds: [true, false, false, false, false],
        absolute: false,
    };
    loop {
        let q = next(&sim, &[], &states).unwrap();
        if q.options[q.correct].answer == Answer::State(handshake_core::State::CloseWait) {
            assert_eq!(q.side, Side::Server);
            let tw = q
                .options
                .iter()
                .position(|o| o.answer == Answer::State(handshake_core::State::TimeWait))
                .unwrap();
            assert_eq!(q.grade(&Response::Choice(tw)).unwrap().myth, Some(Demo::M1));
            return;
        }
        sim.replay_onto(&[], q.answer_at);
    }
}
