//! The built-in presets: each parses, has its texts in both languages, and shows what its
//! "what to notice" line promises (checked on the simulation, independently of the ladder's
//! layout, which the transcript tests pin).

use handshake_core::endpoint::TimerAction;
use handshake_core::presets::{self, PRESETS};
use handshake_core::sim::{Side, Simulator, StopReason, TxId, TxStatus};
use handshake_core::trace::TraceKind;
use handshake_core::{Flags, Instant, State, TimerKind};

const C: Side = Side::Client;
const S: Side = Side::Server;

fn run(slug: &str) -> Simulator {
    let s = presets::find(slug)
        .expect("preset")
        .scenario()
        .expect("parses");
    let mut sim = Simulator::new(&s).expect("valid");
    sim.run_to_end();
    sim
}

fn id(s: &str) -> TxId {
    s.parse().unwrap()
}

fn ms(n: u64) -> Instant {
    Instant::from_millis(n)
}

/// Every state `side` went through, in order, starting from CLOSED.
fn states(sim: &Simulator, side: Side) -> Vec<State> {
    let mut v = vec![State::Closed];
    v.extend(sim.trace().iter().filter_map(|e| match e.kind {
        TraceKind::State { side: s, to, .. } if s == side => Some(to),
        _ => None,
    }));
    v
}

fn hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

#[test]
fn every_preset_parses_runs_and_speaks_both_languages() {
    let mut slugs = std::collections::BTreeSet::new();
    for p in PRESETS {
        assert!(slugs.insert(p.slug), "duplicate slug {}", p.slug);
        assert!(
            p.slug.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            p.slug
        );
        let (title, notice) = (p.title(), p.notice());
        for text in [&title.en, &title.ko, &notice.en, &notice.ko] {
            assert!(!text.trim().is_empty(), "{}: empty text", p.slug);
        }
        assert!(
            hangul(&title.ko) && hangul(&notice.ko),
            "{}: Korean texts",
            p.slug
        );
        assert!(
            !hangul(&title.en) && !hangul(&notice.en),
            "{}: English texts",
            p.slug
        );
        let sim = run(p.slug);
        assert_eq!(sim.stop_reason(), Some(StopReason::Quiet), "{}", p.slug);
        assert!(
            sim.trace()
                .iter()
                .all(|e| !matches!(e.kind, TraceKind::Ignored { .. })),
            "{}",
            p.slug
        );
    }
    assert!(PRESETS.len() >= 18);
    assert!(presets::find("no-such-preset").is_none());
}

#[test]
fn handshake_is_three_segments() {
    let sim = run("handshake");
    assert_eq!(sim.transmissions().len(), 3);
    assert_eq!(
        states(&sim, C),
        [State::Closed, State::SynSent, State::Established]
    );
    assert_eq!(
        states(&sim, S),
        [
            State::Closed,
            State::Listen,
            State::SynReceived,
            State::Established
        ]
    );
}

#[test]
fn lost_syn_is_resent_with_the_same_isn_after_one_second() {
    let sim = run("lost-syn");
    let (c1, c2) = (
        sim.transmission(id("C1")).unwrap(),
        sim.transmission(id("C2")).unwrap(),
    );
    assert!(matches!(c1.status, TxStatus::Dropped { .. }));
    assert_eq!(
        (c2.sent_at, c2.retransmission_of, c2.segment.seq),
        (ms(1000), Some(id("C1")), c1.segment.seq)
    );
    assert_eq!(
        sim.endpoint(C).tcb().unwrap().rto,
        handshake_core::Duration::from_secs(3),
        "RFC 6298 (5.7)"
    );
}

#[test]
fn lost_syn_ack_is_resent_by_the_server() {
    let sim = run("lost-syn-ack");
    assert_eq!(
        sim.transmission(id("S2")).unwrap().retransmission_of,
        Some(id("S1"))
    );
    assert_eq!(sim.endpoint(S).state(), State::Established);
}

#[test]
fn lost_handshake_ack_makes_the_server_resend_its_syn_ack() {
    let sim = run("lost-handshake-ack");
    let resent = sim
        .transmissions()
        .iter()
        .find(|t| t.from == S && t.retransmission_of.is_some())
        .unwrap();
    assert_eq!(resent.segment.flags, Flags::SYN | Flags::ACK);
    assert_eq!(resent.sent_at, ms(1100));
    assert_eq!(sim.endpoint(S).state(), State::Established);
}

#[test]
fn data_completes_the_handshake_when_its_ack_is_lost() {
    let sim = run("lost-handshake-ack-data");
    assert!(
        sim.transmissions()
            .iter()
            .all(|t| t.retransmission_of.is_none()),
        "no SYN,ACK is re-sent"
    );
    assert_eq!(sim.app(S).received.len(), 100);
}

#[test]
fn lost_data_is_the_only_segment_resent() {
    let sim = run("lost-data");
    let resent: Vec<_> = sim
        .transmissions()
        .iter()
        .filter(|t| t.retransmission_of.is_some())
        .collect();
    assert_eq!(resent.len(), 1);
    assert_eq!(resent[0].retransmission_of, Some(id("C4")));
    assert_eq!(sim.app(S).received, sim.app(C).sent);
}

#[test]
fn only_the_first_closer_enters_time_wait() {
    let sim = run("normal-close");
    assert!(states(&sim, C).contains(&State::TimeWait));
    assert!(!states(&sim, S).contains(&State::TimeWait));
    assert!(states(&sim, S).contains(&State::CloseWait));
    let closing = sim
        .transmissions()
        .iter()
        .filter(|t| t.sent_at >= ms(500))
        .count();
    assert_eq!(closing, 4);
}

#[test]
fn close_on_eof_closes_in_three_segments() {
    let sim = run("three-segment-close");
    let closing: Vec<Flags> = sim
        .transmissions()
        .iter()
        .filter(|t| t.sent_at >= ms(500))
        .map(|t| t.segment.flags)
        .collect();
    assert_eq!(
        closing,
        [Flags::FIN | Flags::ACK, Flags::FIN | Flags::ACK, Flags::ACK]
    );
}

#[test]
fn lost_last_ack_restarts_time_wait() {
    let sim = run("lost-last-ack");
    let restarts = sim
        .trace()
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                TraceKind::Timer {
                    side: Side::Client,
                    kind: TimerKind::TimeWait,
                    action: TimerAction::Restart,
                    ..
                }
            )
        })
        .count();
    assert_eq!(restarts, 1);
    assert!(sim.app(C).clean_close() && sim.app(S).clean_close());
}

#[test]
fn without_time_wait_the_resent_fin_meets_a_reset() {
    let sim = run("no-time-wait");
    assert!(sim.app(S).reset, "the server ends by RST");
    assert!(
        sim.transmissions()
            .iter()
            .any(|t| t.from == C && t.segment.flags.rst())
    );
}

#[test]
fn the_fin_waits_for_the_data_it_overtook() {
    let sim = run("fin-overtakes-data");
    let fin_arrives = sim.trace().iter().position(|e| matches!(&e.kind, TraceKind::Arrive { seg, .. } if seg.flags.fin() && seg.from == S)).unwrap();
    let data = sim
        .trace()
        .iter()
        .position(|e| {
            matches!(
                e.kind,
                TraceKind::Deliver {
                    side: Side::Client,
                    ..
                }
            )
        })
        .unwrap();
    let time_wait = sim
        .trace()
        .iter()
        .position(|e| {
            matches!(
                e.kind,
                TraceKind::State {
                    side: Side::Client,
                    to: State::TimeWait,
                    ..
                }
            )
        })
        .unwrap();
    assert!(fin_arrives < data && fin_arrives < time_wait);
    assert_eq!(sim.trace().events[data].t, sim.trace().events[time_wait].t);
    assert_eq!(sim.app(C).received.len(), 100);
}

#[test]
fn simultaneous_open_passes_syn_received_on_both_sides() {
    let sim = run("simultaneous-open");
    for side in Side::BOTH {
        assert_eq!(
            states(&sim, side),
            [
                State::Closed,
                State::SynSent,
                State::SynReceived,
                State::Established
            ]
        );
    }
    assert_eq!(sim.transmissions().len(), 4);
}

#[test]
fn simultaneous_close_passes_closing_on_both_sides() {
    let sim = run("simultaneous-close");
    for side in Side::BOTH {
        let st = states(&sim, side);
        assert!(
            st.ends_with(&[
                State::FinWait1,
                State::Closing,
                State::TimeWait,
                State::Closed
            ]),
            "{st:?}"
        );
    }
}

#[test]
fn half_closed_client_keeps_receiving() {
    let sim = run("half-close");
    let in_fin_wait_2 = sim
        .trace()
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                TraceKind::Deliver {
                    side: Side::Client,
                    ..
                }
            )
        })
        .all(|e| e.t > ms(700) && e.t < ms(1600));
    assert!(in_fin_wait_2);
    assert_eq!(sim.app(C).received.len(), 250);
}

#[test]
fn a_closed_port_answers_with_rst() {
    let sim = run("rst-closed-port");
    assert_eq!(
        sim.transmission(id("S1")).unwrap().segment.flags,
        Flags::RST | Flags::ACK
    );
    assert!(sim.app(C).reset);
}

#[test]
fn syn_retries_back_off_then_give_up() {
    let sim = run("syn-retries-exhausted");
    let times: Vec<Instant> = sim.transmissions().iter().map(|t| t.sent_at).collect();
    assert_eq!(times, [ms(0), ms(1000), ms(3000), ms(7000)]);
    assert!(sim.app(C).timed_out);
    assert_eq!(sim.now(), ms(15_000));
}

#[test]
fn bulk_data_puts_two_hundred_segments_in_flight() {
    let s = presets::find("bulk-data").unwrap().scenario().unwrap();
    let mut sim = Simulator::new(&s).unwrap();
    let mut most = 0;
    while sim.step() {
        most = most.max(sim.in_flight().count());
    }
    assert!(most >= 200, "{most}");
    assert!(
        sim.transmissions()
            .iter()
            .all(|t| t.retransmission_of.is_none())
    );
    assert_eq!(sim.app(S).received.len(), 20_000);
    assert!(sim.app(C).clean_close() && sim.app(S).clean_close());
}
