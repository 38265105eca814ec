//! Broken TCP against real TCP: each counterfactual switch is flipped by a fork at 0 s of a real
//! run (the same scenario and faults), and [`compare`] names the exact point where the two runs
//! part — the time, the segment or state that differs — and what follows from it. The expected
//! points were worked out from RFC 9293 before the runs (the comment of each test says how), and
//! every test also checks that the real run is what RFC 9293 says.

use handshake_core::Verdict;
use handshake_core::config::Counterfactual;
use handshake_core::fork::{Difference, Fork, Which, compare};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Action, Side, Simulator};
use handshake_core::state::State;
use handshake_core::time::Instant;
use handshake_core::trace::TraceKind;

fn reference(name: &str) -> Scenario {
    let path = format!("{}/tests/reference/{name}.json", env!("CARGO_MANIFEST_DIR"));
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn ms(n: u64) -> Instant {
    Instant::from_millis(n)
}

/// The real run of `s` and its fork at 0 s with `switches` on, both run to the end.
fn real_and_broken(s: &Scenario, switches: &[(Side, Counterfactual)]) -> (Simulator, Simulator) {
    let mut real = Simulator::new(s).unwrap();
    real.run_to_end();
    let mut broken = Simulator::new(s).unwrap();
    for &(side, switch) in switches {
        let fork = Fork::new(
            Instant::ZERO,
            Action::Counterfactual {
                side,
                switch,
                on: true,
            },
        );
        broken = fork.replay(s, broken.actions()).unwrap();
    }
    broken.run_to_end();
    assert!(!real.trace().is_counterfactual());
    assert!(broken.trace().is_counterfactual());
    (real, broken)
}

fn state_at(sim: &Simulator, side: Side) -> State {
    sim.endpoint(side).state()
}

fn delivered(sim: &Simulator, side: Side) -> String {
    String::from_utf8_lossy(&sim.app(side).received).into_owned()
}

/// Two-way handshake, on Figure 8 with an old duplicate SYN that carries data. Real TCP (§3.5:
/// "The principal reason for the three-way handshake is to prevent old duplicate connection
/// initiations from causing confusion"): the server answers the old SYN from SYN-RECEIVED, the
/// client's RST returns it to LISTEN, and the old data never reaches an application. Broken: the
/// server is ESTABLISHED the moment the old SYN arrives (0.1 s) — that is the divergence — and
/// hands its data to the application; the client's RST then resets the bogus connection.
#[test]
fn two_way_handshake_opens_a_bogus_connection_for_an_old_syn_and_delivers_its_data() {
    let mut s = reference("fig8");
    s.apps[Side::Server.index()].keep_listening = true;
    let Action::Inject { segment, .. } = &mut s.actions[2].action else {
        panic!("fig8's third action injects the old SYN");
    };
    segment.data = Some(handshake_core::sim::SendData::Text("GET /old".into()));
    let (real, broken) = real_and_broken(&s, &[(Side::Server, Counterfactual::TwoWayHandshake)]);
    let cmp = compare(real.trace(), broken.trace());

    assert_eq!(
        cmp.first(),
        Some(&Difference::State {
            t: ms(100),
            side: Side::Server,
            conn: None,
            first: State::SynReceived,
            second: State::Established,
        }),
        "{:#?}",
        cmp.differences
    );
    // Its data is accepted, at once, and only in the broken run.
    assert!(cmp.differences.contains(&Difference::App {
        t: ms(100),
        only_in: Which::Second,
        side: Side::Server,
        what: "deliver 8 B".into(),
    }));
    assert_eq!(delivered(&broken, Side::Server), "GET /old");
    assert_eq!(delivered(&real, Side::Server), "");
    // Both end connected through the real SYN; the broken server's application also heard a
    // connection that never was, and its reset.
    assert_eq!(state_at(&real, Side::Server), State::Established);
    assert_eq!(state_at(&broken, Side::Server), State::Established);
    assert!(!real.app(Side::Server).reset);
    assert!(broken.app(Side::Server).reset);
}

/// No TIME-WAIT, on S14 (the client's last ACK is lost). Real TCP (§3.10.7.4, TIME-WAIT: "The
/// only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge
/// it, and restart the 2 MSL timeout"): the re-sent FIN is re-ACKed and the server closes
/// cleanly. Broken: at 2.1 s the client goes to CLOSED instead of TIME-WAIT (the divergence);
/// the re-sent FIN at 3.1 s finds no connection and draws an RST, so the server is reset.
#[test]
fn no_time_wait_answers_the_resent_fin_with_a_reset() {
    let s = reference("s14");
    let (real, broken) = real_and_broken(&s, &[(Side::Client, Counterfactual::NoTimeWait)]);
    let cmp = compare(real.trace(), broken.trace());
    assert_eq!(
        cmp.first(),
        Some(&Difference::State {
            t: ms(2100),
            side: Side::Client,
            conn: None,
            first: State::TimeWait,
            second: State::Closed,
        }),
        "{:#?}",
        cmp.differences
    );
    let verdict_at_3100 = |which: Which| {
        cmp.differences.iter().find_map(|d| match d {
            Difference::Arrival {
                t,
                only_in,
                seg,
                verdict,
            } if *t == ms(3100) && *only_in == which && seg.to() == Side::Client => *verdict,
            _ => None,
        })
    };
    assert_eq!(verdict_at_3100(Which::First), Some(Verdict::TimeWaitReAck));
    assert_eq!(
        verdict_at_3100(Which::Second),
        Some(Verdict::NoConnectionReset)
    );
    assert!(real.app(Side::Server).clean_close());
    assert!(broken.app(Side::Server).reset);
}

/// No TIME-WAIT, on the old-duplicate scenario (the link enforces MSL = 5 s). Real TCP: the
/// client cannot reopen the port pair at 3 s (its TIME-WAIT TCB exists), and the copy of C3 that
/// arrives at 4 s finds only the listener. Broken: CLOSED at 1.6 s (the divergence), so the
/// connect at 3 s opens connection #2 and the 3.5 s old copy of C3 meets it. The ISNs are still
/// fresh, so #2 finds it outside its window and only ACKs it.
#[test]
fn no_time_wait_lets_an_old_duplicate_meet_the_next_connection() {
    let s = reference("time_wait_old_duplicate");
    let (real, broken) = real_and_broken(&s, &[(Side::Client, Counterfactual::NoTimeWait)]);
    let cmp = compare(real.trace(), broken.trace());
    assert_eq!(
        cmp.first(),
        Some(&Difference::State {
            t: ms(1600),
            side: Side::Client,
            conn: None,
            first: State::TimeWait,
            second: State::Closed,
        }),
        "{:#?}",
        cmp.differences
    );
    let old_dup_at_4s = |sim: &Simulator| {
        sim.trace().iter().find_map(|e| match &e.kind {
            TraceKind::Arrive { seg, verdict } if e.t == ms(4000) && seg.id.age.is_some() => {
                Some((e.conn, *verdict))
            }
            _ => None,
        })
    };
    use handshake_core::sim::Conn;
    assert_eq!(
        old_dup_at_4s(&real),
        Some((Some(Conn::Listener), Some(Verdict::BadAckReset)))
    );
    assert_eq!(
        old_dup_at_4s(&broken),
        Some((Some(Conn::Number(2)), Some(Verdict::OutOfWindow)))
    );
    assert_eq!(delivered(&broken, Side::Server), "hello");
}

/// No TIME-WAIT and the same ISN for every connection (both ends), on the same scenario: now the
/// old copy of C3 lies exactly at RCV.NXT of connection #2 and carries an acceptable ACK, so the
/// server's application reads "hello" a second time, as data of the new connection — the
/// confusion §3.4.1 and TIME-WAIT exist to prevent. The two ends are then out of step (the
/// server acknowledges bytes the client never sent, each answers the other's ACK with an ACK:
/// without RFC 5961's ACK throttling, open choice 13, for ever), so the run is cut at 6 s.
#[test]
fn no_time_wait_and_the_same_isn_accept_an_old_duplicate_as_new_data() {
    let mut s = reference("time_wait_old_duplicate");
    s.actions.retain(|a| a.at < ms(6000));
    s.end = Some(ms(6000));
    let (real, broken) = real_and_broken(
        &s,
        &[
            (Side::Client, Counterfactual::NoTimeWait),
            (Side::Client, Counterfactual::SameIsn),
            (Side::Server, Counterfactual::SameIsn),
        ],
    );
    let cmp = compare(real.trace(), broken.trace());
    assert_eq!(cmp.first().map(Difference::t), Some(ms(1600)));
    assert!(
        cmp.differences.contains(&Difference::App {
            t: ms(4000),
            only_in: Which::Second,
            side: Side::Server,
            what: "deliver 5 B".into(),
        }),
        "{:#?}",
        cmp.differences
    );
    assert_eq!(delivered(&real, Side::Server), "hello");
    assert_eq!(delivered(&broken, Side::Server), "hellohello");
}

/// The same ISN for every connection (both ends), with TIME-WAIT and without the MSL bound, on
/// the old-duplicate scenario: the runs part at 12 s, where the next connection's SYN carries the
/// old ISS x instead of a fresh one (the divergence is that segment); at 12.4 s the 11.9 s old
/// copy of C3 then falls inside the new window and is delivered. Real TCP's fresh ISS puts it
/// outside (§3.4.1). (The ends are out of step after it and trade ACKs; the run is cut at 14 s.)
#[test]
fn same_isn_puts_an_old_segment_inside_the_next_window() {
    let mut s = reference("time_wait_old_duplicate");
    s.net.enforce_msl = false;
    s.end = Some(ms(14_000));
    let (real, broken) = real_and_broken(
        &s,
        &[
            (Side::Client, Counterfactual::SameIsn),
            (Side::Server, Counterfactual::SameIsn),
        ],
    );
    let cmp = compare(real.trace(), broken.trace());
    let first = cmp.first().expect("the runs differ");
    let Difference::Segment { t, only_in, seg } = first else {
        panic!("{first:#?}");
    };
    assert_eq!(
        (*t, *only_in, seg.id.to_string()),
        (ms(12_000), Which::First, "C6".into())
    );
    assert!(seg.flags.syn());
    // The ISS of the client's connections #1 and #2: the SEQ of their SYNs, C1 and C6.
    let iss =
        |sim: &Simulator, id: &str| sim.transmission(id.parse().unwrap()).unwrap().segment.seq;
    assert_ne!(iss(&real, "C6"), iss(&real, "C1"));
    assert_eq!(iss(&broken, "C6"), iss(&broken, "C1"));
    assert_eq!(delivered(&real, Side::Server), "hello");
    assert_eq!(delivered(&broken, Side::Server), "hellohello");
}

/// No retransmission of a lost FIN: the client closes at 0.5 s and its FIN (C3) is lost. Real TCP
/// (§3.6: a FIN is retransmitted like data) re-sends it when the timer expires at 1.5 s — the
/// divergence is that retransmission, present in the real run only — and both ends close. Broken:
/// the server never learns of the close and stays ESTABLISHED, half-open, for ever.
#[test]
fn no_fin_retransmission_leaves_the_peer_waiting() {
    let s = Scenario::from_json(
        r#"{"seed": 3,
            "actions": [
              {"at_ms": 0, "side": "server", "call": "listen"},
              {"at_ms": 0, "side": "client", "call": "connect"},
              {"at_ms": 500, "side": "client", "call": "close"}
            ],
            "faults": [{"match": {"id": "C3"}, "fault": "drop"}]}"#,
    )
    .unwrap();
    let (real, broken) =
        real_and_broken(&s, &[(Side::Client, Counterfactual::NoFinRetransmission)]);
    let cmp = compare(real.trace(), broken.trace());
    let first = cmp.first().expect("the runs differ");
    let Difference::Segment { t, only_in, seg } = first else {
        panic!("{first:#?}");
    };
    assert_eq!((*t, *only_in), (ms(1500), Which::First));
    assert_eq!(
        seg.retransmission_of.map(|id| id.to_string()),
        Some("C3".into())
    );
    assert!(seg.flags.fin());
    assert!(cmp.differences.contains(&Difference::State {
        t: ms(1600),
        side: Side::Server,
        conn: None,
        first: State::CloseWait,
        second: State::Established,
    }));
    assert_eq!(state_at(&broken, Side::Server), State::Established);
    assert_eq!(state_at(&broken, Side::Client), State::FinWait1);
    assert!(broken.endpoint(Side::Client).timers().next().is_none());
}

/// A run compared with itself has no difference, and a what-if fork at a segment parts exactly
/// where the fault takes effect.
#[test]
fn a_fork_that_drops_a_segment_parts_at_the_drop() {
    let s = reference("s10");
    let mut real = Simulator::new(&s).unwrap();
    real.run_to_end();
    assert!(compare(real.trace(), real.trace()).is_same());
    let sent = real
        .transmissions()
        .iter()
        .find(|t| t.id.to_string() == "C3")
        .unwrap()
        .sent_at;
    let fork = Fork::new(
        sent,
        Action::Fault {
            target: "C3".parse().unwrap(),
            fault: handshake_core::sim::Fault::Drop,
        },
    );
    let mut what_if = real.fork(&fork).unwrap();
    what_if.run_to_end();
    let cmp = compare(real.trace(), what_if.trace());
    let first = cmp.first().unwrap();
    assert!(
        matches!(first, Difference::Link { t, only_in: Which::Second, what: "drop", seg } if *t == sent && seg.id.to_string() == "C3"),
        "{first:#?}"
    );
    // The fork as data: the tape carries it as one timed action, and replaying it agrees.
    assert_eq!(what_if.actions(), fork.tape(real.actions()).as_slice());
    let mut again = Simulator::replay(&s, &fork.tape(&[]), fork.at).unwrap();
    again.run_to_end();
    assert_eq!(again.trace(), what_if.trace());
}
