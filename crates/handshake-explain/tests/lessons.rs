//! The fifteen misconception cards and the interview answers are guaranteed by their runs: each
//! check finds, in its scenario's trace, the fact that disproves the myth (or proves the answer),
//! and the moment it returns is one the lab can show (the lane reads that state there, the
//! segment exists there, the timer runs there). A check also fails on a run where the fact does
//! not hold, so none of them can pass by accident.

mod common;

use std::collections::BTreeSet;

use common::{assert_korean, ran, scenario, simulator};
use handshake_core::Duration;
use handshake_core::presets;
use handshake_core::sim::Simulator;
use handshake_explain::interview::QUESTIONS;
use handshake_explain::learn::{Focus, Origin};
use handshake_explain::lessons::{Demo, LESSONS, check};
use handshake_explain::{Lang, narrate};

#[test]
fn every_lesson_and_answer_is_proved_by_its_run() {
    for demo in Demo::ALL {
        let sim = simulator(demo.source());
        let proof = check(demo, &sim).unwrap_or_else(|b| panic!("{demo:?}: {}", b.what));
        let end = ran(demo.source());
        assert!(!proof.events.is_empty(), "{demo:?}: no events");
        // Every event the card quotes has its own sentence, in both languages.
        for lang in [Lang::En, Lang::Ko] {
            let told: BTreeSet<usize> = narrate(&end, lang).iter().map(|e| e.event).collect();
            for &i in &proof.events {
                assert!(
                    told.contains(&i),
                    "{demo:?}: event {i} ({:?}) has no sentence in {lang:?}",
                    end.trace().events[i]
                );
            }
        }
        // The moment is one the lab can show.
        let m = proof.moment;
        let mut at = simulator(demo.source());
        at.run_until(m.at);
        match m.focus {
            Focus::Lane { side, state } => assert_eq!(
                at.endpoint(side).state(),
                state,
                "{demo:?}: the {side} lane does not read {state} at {}",
                m.at
            ),
            Focus::Label { id, .. } | Focus::Header { id, .. } => {
                let tx = at
                    .transmission(id)
                    .unwrap_or_else(|| panic!("{demo:?}: {id} not sent by {}", m.at));
                assert!(tx.sent_at <= m.at);
            }
            Focus::Timer { side, kind } => assert!(
                at.endpoint(side).timers().any(|t| t.kind == kind),
                "{demo:?}: no {kind:?} timer of the {side} at {}",
                m.at
            ),
        }
        // The same proof from any present of the run.
        let mut mid = simulator(demo.source());
        mid.run_until(m.at);
        assert_eq!(
            check(demo, &mid),
            Ok(proof.clone()),
            "{demo:?} from {}",
            m.at
        );
    }
}

/// Each check, given a run where its fact does not hold, says so: the lessons cannot pass by
/// accident.
#[test]
fn every_check_fails_on_a_run_that_breaks_its_fact() {
    let foils: &[(Demo, &str)] = &[
        // Both ends in TIME-WAIT: the receiver of the first FIN goes through CLOSING.
        (Demo::M1, "simultaneous-close"),
        // The client leaves SYN-SENT on a RST, not on the SYN,ACK.
        (Demo::M2, "rst-closed-port"),
        // No data at all.
        (Demo::M3, "handshake"),
        // No SYN,ACK on the wire.
        (Demo::M4, "rst-closed-port"),
        (Demo::M5, "rst-closed-port"),
        // No FIN re-sent into TIME-WAIT.
        (Demo::M7, "normal-close"),
        // No FIN held.
        (Demo::M8, "normal-close"),
        // Three segments, not four.
        (Demo::M9, "three-segment-close"),
        // Four segments, not three.
        (Demo::M10, "normal-close"),
        // Nobody aborts.
        (Demo::M11, "normal-close"),
        // No data.
        (Demo::M12, "handshake"),
        // The client sends nothing after its SYN.
        (Demo::M13, "rst-closed-port"),
        // No old duplicate SYN to refuse.
        (Demo::M14, "handshake"),
        // The old duplicate SYN opens the connection: a two-way handshake is no refusal.
        (Demo::M14, "simultaneous-open"),
        // No data in CLOSE-WAIT.
        (Demo::M15, "normal-close"),
        (Demo::SynGiveUp, "lost-syn"),
        (Demo::Backoff, "lost-syn"),
        (Demo::HalfOpen, "normal-close"),
        (Demo::HalfClose, "normal-close"),
        (Demo::SimultaneousOpen, "handshake"),
        (Demo::Handshake, "simultaneous-open"),
        (Demo::Karn, "handshake"),
        (Demo::LostData, "handshake-data-close"),
        (Demo::NoTimeWait, "lost-last-ack"),
        // No old duplicate, no second connection.
        (Demo::TimeWaitOldDuplicate, "normal-close"),
    ];
    for &(demo, slug) in foils {
        let sim = simulator(Origin::Preset(slug));
        assert!(
            check(demo, &sim).is_err(),
            "{demo:?} passed on {slug}, where its fact does not hold"
        );
    }
    // M14: the same Figure 8 run with the server's broken-TCP two-way handshake — the old
    // duplicate SYN opens a connection by itself.
    let mut s = scenario(Demo::M14.source());
    s.server.counterfactual = s.server.counterfactual.with(
        handshake_core::config::Counterfactual::TwoWayHandshake,
        true,
    );
    let sim = Simulator::new(&s).unwrap();
    assert!(check(Demo::M14, &sim).is_err());
    // M7's second run without TIME-WAIT (the client's broken-TCP switch): the port pair is free
    // at once, so the connect() is not refused.
    let mut s = scenario(Demo::TimeWaitOldDuplicate.source());
    s.client.counterfactual = s
        .client
        .counterfactual
        .with(handshake_core::config::Counterfactual::NoTimeWait, true);
    let sim = Simulator::new(&s).unwrap();
    assert!(check(Demo::TimeWaitOldDuplicate, &sim).is_err());
    // M6: the card says 10 s; with MSL = 2 s the run says 4 s.
    let mut s = scenario(Demo::M6.source());
    s.client.msl = Duration::from_secs(2);
    s.server.msl = Duration::from_secs(2);
    let sim = Simulator::new(&s).unwrap();
    assert!(check(Demo::M6, &sim).is_err());
    // Every demo has a foil.
    for demo in Demo::ALL {
        assert!(
            demo == Demo::M6 || foils.iter().any(|f| f.0 == demo),
            "{demo:?} has no foil"
        );
    }
}

#[test]
fn the_fifteen_cards_are_the_references_in_order_with_both_languages() {
    assert_eq!(LESSONS.len(), 15);
    for (n, l) in LESSONS.iter().enumerate() {
        assert_eq!(l.id, format!("M{}", n + 1));
        assert_eq!(l.demo.lesson(), Some(l));
        for text in [l.myth, l.truth, l.moment] {
            assert!(!text.en.is_empty() && !text.ko.is_empty(), "{}", l.id);
            assert_korean(text.ko, l.id);
        }
        if let Some(later) = l.later {
            assert_korean(later.ko, l.id);
        }
        assert!(l.rfc.starts_with("RFC "), "{}", l.id);
    }
    // The myths are quoted exactly as the reference writes them.
    let reference = [
        "FIN을 받고 ACK를 보낸 서버는 TIME_WAIT 상태",
        "SYN을 보낸 클라이언트는 아직 CLOSED",
        "ACK 번호는 항상 +1 (SYN+1)",
        "ACK 플래그 값은 0100000",
        "제어 비트는 6개 (URG-ACK-PSH-RST-SYN-FIN)",
        "TIME_WAIT 기본값은 240초",
        "TIME_WAIT는 늦게 오는 데이터를 받기 위해 존재",
        "FIN보다 늦게 도착한 데이터는 버려진다",
        "종료 3단계·4단계는 서버→클라이언트 ACK",
        "연결 종료는 항상 세그먼트 4개",
        "RST는 양쪽에서 동시에 일어나는 중단 작업",
        "URG는 긴급 데이터를 우선 배달 (예: ping 중 Ctrl+C)",
        "SYN은 무작위 숫자 값이다",
        "3-way handshake는 서로 준비할 시간을 주려는 것",
        "서버 TCP가 애플리케이션에 close를 요청한다",
    ];
    for (l, myth) in LESSONS.iter().zip(reference) {
        assert_eq!(l.myth.ko, myth, "{}", l.id);
    }
}

#[test]
fn interview_questions_cover_the_classics_with_proofs_and_follow_ups() {
    assert!(QUESTIONS.len() >= 15);
    let ids: BTreeSet<&str> = QUESTIONS.iter().map(|q| q.id).collect();
    assert_eq!(ids.len(), QUESTIONS.len(), "ids are unique");
    for q in &QUESTIONS {
        for text in [q.question, q.answer, q.follow_up, q.follow_answer] {
            assert!(!text.en.is_empty() && !text.ko.is_empty(), "{}", q.id);
            assert_korean(text.ko, q.id);
        }
        // Spoken answers: the Korean ends politely (before a closing citation).
        for answer in [q.answer.ko, q.follow_answer.ko] {
            let body = without_citation(answer);
            assert!(body.ends_with("니다"), "{}: {answer}", q.id);
        }
        assert!(
            check(q.demo, &simulator(q.demo.source())).is_ok(),
            "{}",
            q.id
        );
    }
    // The list, each by its id.
    for id in [
        "handshake",
        "why-three",
        "close",
        "close-wait",
        "time-wait",
        "last-ack-lost",
        "syn-lost",
        "half-open",
        "rst",
        "ack-number",
        "isn",
        "half-close",
        "simultaneous-open",
        "rto",
        "karn",
    ] {
        assert!(ids.contains(id), "{id}");
    }
}

#[test]
fn the_presets_the_lessons_name_exist() {
    for demo in Demo::ALL {
        if let Origin::Preset(slug) = demo.source() {
            assert!(presets::find(slug).is_some(), "{demo:?}: {slug}");
        }
    }
}

/// A sentence without its final period and a closing parenthesis ("…니다(RFC 6298 (5.7)).").
fn without_citation(text: &str) -> &str {
    let text = text.strip_suffix('.').unwrap_or(text);
    if !text.ends_with(')') {
        return text;
    }
    let mut depth = 0;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    text
}
