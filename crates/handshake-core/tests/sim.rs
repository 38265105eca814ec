//! Scenario tests of the simulator, named by behaviour (quinn-proto's `tests/mod.rs` style).
//! The per-state behaviour of an endpoint is tested beside the endpoint; the reference scenarios
//! of `shared/reference/scenarios.md` have their own conformance tests. These check what the
//! simulator adds: the clock and its tie rule, ids, faults, replay, apps, relative numbers.

use handshake_core::scenario::{Match, Scenario};
use handshake_core::sim::AppEvent;
use handshake_core::sim::{
    Action, ActionError, Fault, FaultSource, SendData, Side, Simulator, StopReason, TimedAction,
    TxId, TxStatus, UserCall,
};
use handshake_core::trace::{TraceEvent, TraceKind};
use handshake_core::{Duration, Flags, Instant, State, wire};

const C: Side = Side::Client;
const S: Side = Side::Server;

fn ms(n: u64) -> Instant {
    Instant::from_millis(n)
}

fn id(s: &str) -> TxId {
    s.parse().unwrap()
}

/// The server listens and the client connects at 0 (reference profile).
fn handshake() -> Scenario {
    Scenario::default()
        .call(0, S, UserCall::Listen)
        .call(0, C, UserCall::Connect)
}

fn sim(s: &Scenario) -> Simulator {
    Simulator::new(s).expect("valid scenario")
}

/// Index of the first trace event matching `f`.
fn find(sim: &Simulator, f: impl Fn(&TraceEvent) -> bool) -> usize {
    sim.trace().iter().position(f).expect("event in trace")
}

fn sent(id: TxId) -> impl Fn(&TraceEvent) -> bool {
    move |e| matches!(&e.kind, TraceKind::Send { seg, .. } if seg.id == id)
}

fn arrived(id: TxId) -> impl Fn(&TraceEvent) -> bool {
    move |e| matches!(&e.kind, TraceKind::Arrive { seg, .. } if seg.id == id)
}

#[test]
fn handshake_gives_ids_in_send_order_per_side() {
    let mut sim = sim(&handshake());
    sim.run_to_end();
    let ids: Vec<String> = sim
        .transmissions()
        .iter()
        .map(|t| t.id.to_string())
        .collect();
    assert_eq!(ids, ["C1", "S1", "C2"]);
    let t = sim.transmission(id("S1")).unwrap();
    assert_eq!(t.segment.flags, Flags::SYN | Flags::ACK);
    assert_eq!(t.sent_at, ms(100));
    assert_eq!(t.status, TxStatus::Arrived { at: ms(200) });
    assert_eq!(sim.endpoint(C).state(), State::Established);
    assert_eq!(sim.endpoint(S).state(), State::Established);
    assert_eq!(
        sim.now(),
        ms(300),
        "the run ends with the last event, not a cancelled timer"
    );
    assert_eq!(sim.stop_reason(), Some(StopReason::Quiet));
}

#[test]
fn fifo_tie_breaking_at_equal_time() {
    // Reference §0.3: "Events with equal timestamps run in the order they were scheduled
    // (FIFO)." With the SYN,ACK lost, the client's retransmitted SYN (scheduled at 1.0 s when it
    // was sent) reaches the server at 1.1 s, exactly when the server's SYN,ACK timer (scheduled
    // at 0.1 s when it was armed) fires. The timer was scheduled first, so it runs first.
    let s = handshake().fault(
        Match::Rule {
            from: Some(S),
            flags: Some(Flags::SYN | Flags::ACK),
            payload: None,
            retransmission: None,
            nth: Some(1),
        },
        Fault::Drop,
    );
    let mut sim = sim(&s);
    sim.run_to_end();
    let resent_syn_ack = find(&sim, sent(id("S2")));
    let syn_arrives = find(&sim, arrived(id("C2")));
    assert_eq!(sim.trace().events[resent_syn_ack].t, ms(1100));
    assert_eq!(sim.trace().events[syn_arrives].t, ms(1100));
    assert!(resent_syn_ack < syn_arrives);
    assert_eq!(
        sim.transmission(id("S2")).unwrap().retransmission_of,
        Some(id("S1"))
    );
}

#[test]
fn segments_arriving_at_the_same_instant_arrive_in_send_order() {
    let s = handshake().call(500, C, UserCall::Send(SendData::Pattern(300)));
    let mut sim = sim(&s);
    sim.run_to_end();
    let order: Vec<usize> = ["C3", "C4", "C5"]
        .iter()
        .map(|i| find(&sim, arrived(id(i))))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    for i in order {
        assert_eq!(sim.trace().events[i].t, ms(600));
    }
}

#[test]
fn actions_after_events_at_same_instant() {
    // C1 arrives at 100 ms. A drop scheduled for 100 ms runs after that arrival, so it finds
    // the segment gone; the trace says so instead of failing the run.
    let s = handshake().at(
        100,
        Action::Fault {
            target: id("C1"),
            fault: Fault::Drop,
        },
    );
    let mut sim = sim(&s);
    sim.run_to_end();
    let arrival = find(&sim, arrived(id("C1")));
    let ignored = find(&sim, |e| matches!(e.kind, TraceKind::Ignored { .. }));
    assert!(arrival < ignored);
    assert_eq!(sim.trace().events[ignored].t, ms(100));
    assert_eq!(sim.endpoint(S).state(), State::Established);

    // A UI paused at 100 ms sits after the arrival too: the same drop is an error there.
    let mut paused = self::sim(&handshake());
    paused.run_until(ms(100));
    assert!(matches!(
        paused.transmission(id("C1")).unwrap().status,
        TxStatus::Arrived { .. }
    ));
    assert_eq!(
        paused.apply(Action::Fault {
            target: id("C1"),
            fault: Fault::Drop
        }),
        Err(ActionError::NotInFlight(id("C1")))
    );
}

#[test]
fn user_drop_of_in_flight_syn_brings_a_retransmission_one_rto_later() {
    let mut sim = sim(&handshake());
    sim.run_until(ms(40));
    assert_eq!(
        sim.in_flight().map(|t| t.id).collect::<Vec<_>>(),
        [id("C1")]
    );
    sim.apply(Action::Fault {
        target: id("C1"),
        fault: Fault::Drop,
    })
    .unwrap();
    let c1 = sim.transmission(id("C1")).unwrap();
    assert_eq!(
        c1.status,
        TxStatus::Dropped {
            at: ms(40),
            reason: FaultSource::User
        }
    );
    // The drop happens at 40 ms of a 100 ms flight: the app draws the ✕ 40 % of the way.
    assert!(sim.trace().iter().any(|e| e.t == ms(40)
        && matches!(&e.kind, TraceKind::Drop { seg, reason: FaultSource::User } if seg.id == id("C1"))));
    sim.run_to_end();
    let c2 = sim.transmission(id("C2")).unwrap();
    assert_eq!(c2.sent_at, ms(1000));
    assert_eq!(c2.retransmission_of, Some(id("C1")));
    assert_eq!(sim.endpoint(C).state(), State::Established);
}

#[test]
fn held_segment_released_continues_its_flight() {
    let mut sim = sim(&handshake());
    sim.run_until(ms(30));
    sim.apply(Action::Fault {
        target: id("C1"),
        fault: Fault::Hold,
    })
    .unwrap();
    sim.run_until(ms(600));
    let c1 = sim.transmission(id("C1")).unwrap();
    assert_eq!(c1.status, TxStatus::Held { at: ms(30) });
    assert_eq!(sim.endpoint(S).state(), State::Listen);
    assert_eq!(
        sim.apply(Action::Fault {
            target: id("C1"),
            fault: Fault::Hold
        }),
        Err(ActionError::AlreadyHeld(id("C1")))
    );
    sim.apply(Action::Release { target: id("C1") }).unwrap();
    // 70 ms of flight were left.
    assert_eq!(sim.transmission(id("C1")).unwrap().arrival, ms(670));
    sim.run_until(ms(670));
    assert_eq!(
        sim.transmission(id("C1")).unwrap().status,
        TxStatus::Arrived { at: ms(670) }
    );
    assert_eq!(sim.endpoint(S).state(), State::SynReceived);
    assert_eq!(
        sim.apply(Action::Release { target: id("C1") }),
        Err(ActionError::NotInFlight(id("C1")))
    );
}

#[test]
fn held_past_the_rto_the_original_arrives_after_its_retransmission() {
    let mut sim = sim(&handshake());
    sim.run_until(ms(50));
    sim.apply(Action::Fault {
        target: id("C1"),
        fault: Fault::Hold,
    })
    .unwrap();
    sim.run_until(ms(1500));
    assert_eq!(
        sim.endpoint(C).state(),
        State::Established,
        "C2 (the retransmitted SYN) got through"
    );
    sim.apply(Action::Release { target: id("C1") }).unwrap();
    sim.run_to_end();
    let late = find(&sim, arrived(id("C1")));
    assert_eq!(sim.trace().events[late].t, ms(1550));
    assert_eq!(
        sim.endpoint(S).state(),
        State::Established,
        "an old duplicate SYN changes nothing"
    );
}

#[test]
fn delayed_segment_arrives_later_by_the_delay() {
    let mut sim = sim(&handshake());
    sim.run_until(ms(20));
    sim.apply(Action::Fault {
        target: id("C1"),
        fault: Fault::Delay(Duration::from_millis(500)),
    })
    .unwrap();
    let c1 = sim.transmission(id("C1")).unwrap();
    assert_eq!(c1.arrival, ms(600));
    assert_eq!(c1.delay_added, Duration::from_millis(500));
    sim.run_to_end();
    assert_eq!(
        sim.transmission(id("C1")).unwrap().status,
        TxStatus::Arrived { at: ms(600) }
    );
    assert_eq!(sim.transmission(id("S1")).unwrap().sent_at, ms(600));
}

#[test]
fn duplicate_arrives_half_a_latency_after_the_original() {
    let mut sim = sim(&handshake());
    sim.run_until(ms(10));
    sim.apply(Action::Fault {
        target: id("C1"),
        fault: Fault::Duplicate,
    })
    .unwrap();
    sim.apply(Action::Fault {
        target: id("C1"),
        fault: Fault::Duplicate,
    })
    .unwrap();
    let copy = sim.transmission(id("C1'")).unwrap();
    assert_eq!(copy.duplicate_of, Some(id("C1")));
    assert_eq!(copy.arrival, ms(150));
    assert_eq!(copy.segment, sim.transmission(id("C1")).unwrap().segment);
    assert!(
        sim.transmission(id("C1''")).is_some(),
        "the second copy is C1''"
    );
    sim.run_to_end();
    assert_eq!(
        sim.transmission(id("C1'")).unwrap().status,
        TxStatus::Arrived { at: ms(150) }
    );
    // The copies reach a server already in SYN-RECEIVED; the connection still completes.
    assert_eq!(sim.endpoint(S).state(), State::Established);
    assert_eq!(sim.endpoint(C).state(), State::Established);
}

#[test]
fn armed_fault_hits_the_next_segment_of_that_side_mid_flight() {
    let mut sim = sim(&handshake());
    sim.apply(Action::Arm {
        side: S,
        fault: Fault::Drop,
    })
    .unwrap();
    assert_eq!(sim.armed(S).collect::<Vec<_>>(), [Fault::Drop]);
    sim.run_to_end();
    let s1 = sim.transmission(id("S1")).unwrap();
    assert_eq!(
        s1.status,
        TxStatus::Dropped {
            at: ms(150),
            reason: FaultSource::User
        }
    );
    assert!(matches!(
        sim.transmission(id("C1")).unwrap().status,
        TxStatus::Arrived { .. }
    ));
    assert_eq!(sim.armed(S).count(), 0);
}

#[test]
fn rule_nth_counts_matching_segments() {
    // "The second data segment from the client" (S07).
    let s = handshake()
        .call(500, C, UserCall::Send(SendData::Pattern(300)))
        .fault(
            Match::Rule {
                from: Some(C),
                flags: None,
                payload: Some(true),
                retransmission: None,
                nth: Some(2),
            },
            Fault::Drop,
        );
    let mut sim = sim(&s);
    sim.run_to_end();
    assert_eq!(
        sim.transmission(id("C4")).unwrap().status,
        TxStatus::Dropped {
            at: ms(550),
            reason: FaultSource::Rule
        }
    );
    let rtx = sim
        .transmissions()
        .iter()
        .find(|t| t.retransmission_of == Some(id("C4")))
        .unwrap();
    assert_eq!(
        rtx.segment.seq,
        sim.transmission(id("C4")).unwrap().segment.seq
    );
    assert!(
        matches!(rtx.status, TxStatus::Arrived { .. }),
        "only the nth is dropped"
    );
    assert_eq!(sim.app(S).received, SendData::Pattern(300).bytes());
}

#[test]
fn random_loss_is_deterministic_per_seed() {
    let lossy = |seed: u64| {
        let mut s = handshake()
            .call(500, C, UserCall::Send(SendData::Pattern(2000)))
            .call(3000, C, UserCall::Close)
            .call(3000, S, UserCall::Close);
        s.seed = seed;
        s.net.loss = [0.3, 0.3];
        let mut sim = Simulator::new(&s).unwrap();
        sim.run_to_end();
        sim.transmissions()
            .iter()
            .map(|t| {
                matches!(
                    t.status,
                    TxStatus::Dropped {
                        reason: FaultSource::RandomLoss,
                        ..
                    }
                )
            })
            .collect::<Vec<_>>()
    };
    let a = lossy(7);
    assert_eq!(a, lossy(7));
    assert!(
        a.iter().any(|d| *d),
        "30% loss over {} segments lost none",
        a.len()
    );
    assert_ne!(a, lossy(8));
}

#[test]
fn loss_of_one_means_nothing_gets_through() {
    let mut s = handshake();
    s.net.loss = [1.0, 0.0];
    let mut sim = sim(&s);
    // The scenario's actions at 0 run first (after the events at 0), then this one.
    sim.apply(Action::SetLoss {
        side: S,
        probability: 1.0,
    })
    .unwrap();
    assert_eq!(sim.loss(S), 1.0);
    assert_eq!(
        sim.apply(Action::SetLoss {
            side: C,
            probability: 1.5
        }),
        Err(ActionError::BadProbability)
    );
    assert_eq!(
        sim.apply(Action::SetLoss {
            side: C,
            probability: f64::NAN
        }),
        Err(ActionError::BadProbability)
    );
    sim.run_to_end();
    assert_eq!(sim.endpoint(S).state(), State::Listen);
    assert!(sim.app(C).timed_out);
    assert!(
        sim.transmissions()
            .iter()
            .all(|t| matches!(t.status, TxStatus::Dropped { .. }))
    );
}

#[test]
fn refused_call_is_a_trace_event_not_a_failure() {
    let s = Scenario::default().call(0, C, UserCall::Send(SendData::Text("hi".into())));
    let mut sim = sim(&s);
    sim.run_to_end();
    let TraceKind::Call { call, error, .. } = &sim.trace().events[0].kind else {
        panic!("{:?}", sim.trace())
    };
    assert!(matches!(call, UserCall::Send(_)), "{call:?}");
    assert_eq!(
        *error,
        Some(handshake_core::CallError::ConnectionDoesNotExist)
    );
    assert!(error.is_some(), "send on a CLOSED endpoint is refused");
    assert!(sim.app(C).sent.is_empty(), "refused bytes were never sent");
}

#[test]
fn unknown_targets_are_errors() {
    let mut sim = sim(&handshake());
    sim.run_until(ms(10));
    assert_eq!(
        sim.apply(Action::Fault {
            target: id("S9"),
            fault: Fault::Drop
        }),
        Err(ActionError::UnknownTransmission(id("S9")))
    );
    assert_eq!(
        sim.apply(Action::Release { target: id("C1") }),
        Err(ActionError::NotHeld(id("C1")))
    );
    assert!(sim.actions().is_empty(), "failed actions are not logged");
}

#[test]
fn relative_numbers_count_from_each_sides_syn() {
    let s = handshake()
        .call(500, C, UserCall::Send(SendData::Pattern(150)))
        .call(1000, S, UserCall::Send(SendData::Pattern(10)));
    let mut sim = sim(&s);
    sim.run_to_end();
    let rel = |i: &str| {
        let t = sim.transmission(id(i)).unwrap();
        (t.rel_seq, t.rel_ack)
    };
    assert_eq!(rel("C1").0, 0);
    assert_eq!(rel("S1"), (0, 1));
    assert_eq!(rel("C2"), (1, 1));
    assert_eq!(rel("C3"), (1, 1));
    assert_eq!(rel("C4"), (101, 1));
    let c1 = sim.transmission(id("C1")).unwrap();
    let s1 = sim.transmission(id("S1")).unwrap();
    assert_eq!(s1.segment.ack, c1.segment.seq + 1);
    // The server's data acknowledges all 150 bytes: Ack = 151 relative.
    let data = sim
        .transmissions()
        .iter()
        .find(|t| t.from == S && !t.segment.payload.is_empty())
        .unwrap();
    assert_eq!((data.rel_seq, data.rel_ack), (1, 151));
}

#[test]
fn snapshots_show_both_tcbs_when_a_segment_leaves() {
    let mut sim = sim(&handshake());
    sim.run_to_end();
    let c1 = sim.transmission(id("C1")).unwrap();
    let client = c1.snapshot(C);
    assert_eq!(client.state, State::SynSent);
    let tcb = client.tcb.unwrap();
    assert_eq!(tcb.snd_nxt, c1.segment.seq + 1);
    assert_eq!(tcb.snd_una, c1.segment.seq);
    assert_eq!(c1.snapshot(S).state, State::Listen);
    let s1 = sim.transmission(id("S1")).unwrap();
    assert_eq!(
        s1.snapshot(S).tcb.unwrap().rcv_nxt,
        Some(c1.segment.seq + 1)
    );
}

#[test]
fn checksums_match_the_wire_bytes() {
    let s = handshake().call(
        500,
        C,
        UserCall::Send(SendData::Text("GET / HTTP/1.0\r\n\r\n".into())),
    );
    let mut sim = sim(&s);
    sim.run_to_end();
    for t in sim.transmissions() {
        let bytes = wire::emit_ipv4_tcp(&t.segment, t.from.addr(), t.to().addr(), 1);
        let (src, dst, parsed) = wire::parse_ipv4_tcp(&bytes).unwrap();
        assert_eq!(
            (src, dst),
            (
                sim.addr(t.from).ip().to_owned(),
                sim.addr(t.to()).ip().to_owned()
            )
        );
        assert_eq!(parsed, t.segment);
        // The TCP checksum sits at bytes 16–17 of the TCP header, after the 20-byte IPv4 header.
        assert_eq!(
            u16::from_be_bytes([bytes[36], bytes[37]]),
            t.checksum,
            "{}",
            t.id
        );
    }
}

#[test]
fn close_on_eof_gives_a_three_segment_close() {
    let mut s = handshake().call(500, C, UserCall::Close);
    s.apps[S.index()].close_on_eof = true;
    let mut sim = sim(&s);
    sim.run_to_end();
    let closing: Vec<_> = sim
        .transmissions()
        .iter()
        .filter(|t| t.sent_at >= ms(500))
        .collect();
    let flags: Vec<Flags> = closing.iter().map(|t| t.segment.flags).collect();
    assert_eq!(
        flags,
        [Flags::FIN | Flags::ACK, Flags::FIN | Flags::ACK, Flags::ACK]
    );
    assert!(sim.app(C).clean_close() && sim.app(S).clean_close());
}

#[test]
fn step_visits_each_instant_once() {
    let mut sim = sim(&handshake());
    let mut instants = vec![];
    while sim.step() {
        instants.push(sim.now());
    }
    assert_eq!(instants, [ms(0), ms(100), ms(200), ms(300)]);
    assert!(sim.is_finished());
    assert!(!sim.step());
    assert_eq!(sim.next_event_time(), None);
}

#[test]
fn run_until_never_goes_back_and_end_time_stops_the_run() {
    let mut s = handshake();
    s.end = Some(ms(150));
    let mut sim = sim(&s);
    sim.run_until(ms(120));
    sim.run_until(ms(50));
    assert_eq!(sim.now(), ms(120));
    sim.run_to_end();
    assert_eq!(sim.now(), ms(150));
    assert_eq!(sim.stop_reason(), Some(StopReason::EndTime));
    assert!(sim.trace().iter().all(|e| e.t <= ms(150)));
    assert_eq!(sim.endpoint(C).state(), State::SynSent);
}

/// An interactive session: faults on segments in flight, an armed fault, loss, a call. Returns
/// the scenario, the finished simulation, and a clone taken each time the session paused after
/// its actions (the states step back must rebuild).
fn session() -> (Scenario, Simulator, Vec<Simulator>) {
    /// Steps to `t` one instant at a time, keeping a clone of each instant.
    fn advance(sim: &mut Simulator, t: Instant, paused: &mut Vec<Simulator>) {
        while sim.next_event_time().is_some_and(|n| n <= t) {
            sim.step();
            paused.push(sim.clone());
        }
        sim.run_until(t);
    }
    let s = handshake().call(500, C, UserCall::Send(SendData::Pattern(400)));
    let mut sim = sim(&s);
    let mut paused = vec![];
    advance(&mut sim, ms(40), &mut paused);
    sim.apply(Action::Fault {
        target: id("C1"),
        fault: Fault::Hold,
    })
    .unwrap();
    paused.push(sim.clone());
    advance(&mut sim, ms(1020), &mut paused);
    sim.apply(Action::Fault {
        target: id("C2"),
        fault: Fault::Duplicate,
    })
    .unwrap();
    sim.apply(Action::Release { target: id("C1") }).unwrap();
    sim.apply(Action::Arm {
        side: S,
        fault: Fault::Delay(Duration::from_millis(250)),
    })
    .unwrap();
    paused.push(sim.clone());
    advance(&mut sim, ms(1480), &mut paused);
    let first_data = sim
        .in_flight()
        .find(|t| !t.segment.payload.is_empty())
        .map(|t| t.id);
    sim.apply(Action::Fault {
        target: first_data.expect("data in flight at 1.48 s"),
        fault: Fault::Drop,
    })
    .unwrap();
    sim.apply(Action::SetLoss {
        side: S,
        probability: 0.5,
    })
    .unwrap();
    paused.push(sim.clone());
    advance(&mut sim, ms(2500), &mut paused);
    sim.apply(Action::Call {
        side: C,
        call: UserCall::Close,
    })
    .unwrap();
    paused.push(sim.clone());
    while sim.step() {
        paused.push(sim.clone());
    }
    (s, sim, paused)
}

fn same_state(a: &Simulator, b: &Simulator) {
    assert_eq!(a.now(), b.now());
    assert_eq!(a.trace(), b.trace());
    assert_eq!(a.transmissions(), b.transmissions());
    for side in Side::BOTH {
        assert_eq!(a.endpoint(side).state(), b.endpoint(side).state());
        assert_eq!(a.endpoint(side).tcb(), b.endpoint(side).tcb());
        assert_eq!(
            a.endpoint(side).timers().collect::<Vec<_>>(),
            b.endpoint(side).timers().collect::<Vec<_>>()
        );
        assert_eq!(a.app(side), b.app(side));
        assert_eq!(a.loss(side), b.loss(side));
        assert_eq!(
            a.armed(side).collect::<Vec<_>>(),
            b.armed(side).collect::<Vec<_>>()
        );
    }
    assert_eq!(a.actions(), b.actions());
    assert_eq!(a.next_event_time(), b.next_event_time());
}

#[test]
fn replay_rebuilds_identical_state() {
    let (scenario, full, paused) = session();
    assert_eq!(full.actions().len(), 7);
    assert!(paused.len() > 20, "{}", paused.len());
    for p in &paused {
        let replayed = Simulator::replay(&scenario, full.actions(), p.now()).unwrap();
        same_state(&replayed, p);
        // Between two pauses nothing was applied: replaying to an instant in between equals
        // running on from the earlier pause.
        let between = p.now() + Duration::from_millis(3);
        let mut on = p.clone();
        on.run_until(between);
        if full
            .actions()
            .iter()
            .all(|a| a.at <= p.now() || a.at > between)
        {
            same_state(
                &Simulator::replay(&scenario, full.actions(), between).unwrap(),
                &on,
            );
        }
    }
    same_state(
        &Simulator::replay(&scenario, full.actions(), full.now()).unwrap(),
        &full,
    );
}

/// `clone_from` (which the loss sweep uses to recycle a finished run's buffers, issue 15) makes
/// exactly what `clone` makes, whatever run the target held before: another instant of the
/// session, or another scenario altogether.
#[test]
fn clone_from_into_another_run_equals_a_clone() {
    let (_, full, paused) = session();
    let other = {
        let s = handshake()
            .call(0, C, UserCall::Send(SendData::Text("x".repeat(700))))
            .call(300, S, UserCall::Abort);
        let mut o = sim(&s);
        o.run_to_end();
        o
    };
    let n = paused.len();
    let sources = [
        &paused[0],
        &paused[n / 3],
        &paused[n / 2],
        &paused[n - 1],
        &full,
    ];
    let targets = [
        &paused[1],
        &paused[n - 2],
        &full,
        &other,
        &sim(&handshake()),
    ];
    for src in sources {
        for target in targets {
            let mut into = target.clone();
            into.clone_from(src);
            assert_eq!(format!("{into:?}"), format!("{src:?}"));
            same_state(&into, src);
            let mut cloned = src.clone();
            into.run_to_end();
            cloned.run_to_end();
            same_state(&into, &cloned);
            assert_eq!(format!("{into:?}"), format!("{cloned:?}"));
        }
    }
    // Two runs whose events line up one for one but deliver other bytes: each delivery's text
    // goes into the string at its place.
    let texts = |c: char| {
        let s = handshake().call(
            0,
            C,
            UserCall::Send(SendData::Text(c.to_string().repeat(300))),
        );
        let mut o = sim(&s);
        o.run_to_end();
        o
    };
    let (a, mut b) = (texts('a'), texts('b'));
    assert_ne!(a.trace(), b.trace());
    b.clone_from(&a);
    assert_eq!(format!("{b:?}"), format!("{a:?}"));

    // Two runs forked from one: `clone_from_after` leaves the events they share alone and
    // makes the same as a clone.
    let fork = paused[n / 3].clone();
    let shared = fork.trace().len();
    let (mut kept, mut dropped) = (fork.clone(), fork);
    let target = dropped
        .in_flight()
        .next()
        .map(|t| t.id)
        .expect("a segment in flight");
    dropped
        .apply(Action::Fault {
            target,
            fault: Fault::Drop,
        })
        .unwrap();
    kept.run_to_end();
    dropped.run_to_end();
    assert_ne!(kept.trace(), dropped.trace());
    let mut into = kept.clone();
    into.clone_from_after(&dropped, shared);
    assert_eq!(format!("{into:?}"), format!("{dropped:?}"));
    dropped.clone_from_after(&kept, shared);
    assert_eq!(format!("{dropped:?}"), format!("{kept:?}"));
}

#[test]
fn replay_onto_a_checkpoint_matches_replay_from_the_start() {
    let (scenario, full, _) = session();
    let checkpoint = Simulator::replay(&scenario, full.actions(), ms(1300)).unwrap();
    let mut resumed = checkpoint.clone();
    resumed.replay_onto(full.actions(), full.now());
    same_state(&resumed, &full);
}

#[test]
fn exported_session_replays_identically_from_json() {
    let (_, full, _) = session();
    let exported = full.to_scenario();
    let json = exported.to_json();
    let back = Scenario::from_json(&json).unwrap();
    assert_eq!(back, exported);
    let mut again = Simulator::new(&back).unwrap();
    again.run_to_end();
    assert_eq!(again.trace(), full.trace());
    assert_eq!(again.transmissions(), full.transmissions());
}

#[test]
fn actions_log_records_the_instant_each_action_was_applied() {
    let (_, full, _) = session();
    let first: &TimedAction = &full.actions()[0];
    assert_eq!(first.at, ms(40));
    assert_eq!(
        first.action,
        Action::Fault {
            target: id("C1"),
            fault: Fault::Hold
        }
    );
}

#[test]
fn time_wait_restart_is_visible_as_a_timer_restart() {
    // S14 shifted by the handshake: the re-sent FIN restarts 2·MSL.
    let s = handshake()
        .call(500, C, UserCall::Close)
        .call(1500, S, UserCall::Close)
        .fault(Match::Id(id("C4")), Fault::Drop);
    let mut sim = sim(&s);
    sim.run_to_end();
    let restart = sim
        .trace()
        .iter()
        .find(|e| {
            matches!(
                e.kind,
                TraceKind::Timer {
                    side: Side::Client,
                    kind: handshake_core::TimerKind::TimeWait,
                    action: handshake_core::endpoint::TimerAction::Restart,
                    ..
                }
            )
        })
        .expect("2·MSL restarted");
    assert_eq!(restart.t, ms(2600));
    let TraceKind::Timer { deadline, .. } = restart.kind else {
        unreachable!()
    };
    assert_eq!(deadline, ms(12_600));
    assert_eq!(sim.now(), ms(12_600));
}

#[test]
fn close_on_eof_does_not_close_twice() {
    // The client closes first and also runs `close_on_eof`: when the server's FIN arrives its
    // application has already closed, so the script must not call close() again (RFC 9293
    // §3.10.4 would refuse it: "error: connection closing").
    let mut s = handshake()
        .call(500, C, UserCall::Close)
        .call(1000, S, UserCall::Close);
    s.apps[C.index()].close_on_eof = true;
    let mut sim = sim(&s);
    sim.run_to_end();
    let closes = sim
        .trace()
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                TraceKind::Call {
                    side: Side::Client,
                    call: UserCall::Close,
                    ..
                }
            )
        })
        .count();
    assert_eq!(closes, 1);
    assert!(sim.app(C).close_called && sim.app(C).clean_close());
}

#[test]
fn unacknowledged_sends_are_reported_discarded_with_their_byte_count() {
    // RFC 9293 §3.10.7.3: an acceptable RST in SYN-SENT means "error: connection reset" to the
    // user; the SEND queued before the handshake is returned with it. Nobody listens, so the
    // server's port answers the SYN with RST,ACK at 0.1 s and the client learns at 0.2 s.
    let text = r#"{"seed": 3, "actions": [
        {"at_ms": 0, "side": "client", "call": "connect"},
        {"at_ms": 0, "side": "client", "call": "send", "data": "hello"},
        {"at_ms": 500, "side": "client", "call": "close"}]}"#;
    // (The close at 0.5 s is then refused: "connection does not exist".)
    let mut s = Simulator::new(&Scenario::from_json(text).unwrap()).unwrap();
    s.run_to_end();
    let discarded: Vec<_> = s
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::App {
                event: AppEvent::Discarded(bytes),
                ..
            } => Some((e.t, *bytes)),
            _ => None,
        })
        .collect();
    assert_eq!(discarded, [(ms(200), 5)]);
    assert_eq!(s.app(Side::Client).discarded, 5);
    assert!(
        s.trace()
            .to_json_lines()
            .contains(r#""event":"discarded","bytes":5"#)
    );
}

// ----- what the trace states (issue 9: the narration must never infer a fact) --------------------

/// The run of issue 9: the first data segment is lost and retransmitted (so its ACK gives no RTT
/// sample, Karn, and the backoff stays), then every segment from the client is lost until it
/// gives up.
fn karn_then_give_up() -> Simulator {
    let s = handshake()
        .call(1000, C, UserCall::Send(SendData::Pattern(10)))
        .fault(Match::Id(id("C3")), Fault::Drop)
        .at(
            5000,
            Action::SetLoss {
                side: C,
                probability: 1.0,
            },
        )
        .call(5000, C, UserCall::Send(SendData::Pattern(10)));
    let mut sim = sim(&s);
    sim.run_to_end();
    sim
}

#[test]
fn each_expiry_counts_for_its_own_segment_not_from_the_backoff() {
    use handshake_core::endpoint::{TimerAction, TimerKind};
    let sim = karn_then_give_up();
    let fires: Vec<(Instant, u8, Option<u8>)> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::Timer {
                side: C,
                kind: TimerKind::Retransmission,
                action: TimerAction::Fire,
                backoff,
                expiry,
                ..
            } => Some((e.t, backoff, expiry)),
            _ => None,
        })
        .collect();
    // The first data segment expires once (at 2 s); the second segment's first expiry comes
    // with the RTO still backed off once (no valid sample since), so backoff and expiry differ.
    assert_eq!(
        fires,
        [
            (ms(2000), 0, Some(1)),
            (ms(7000), 1, Some(1)),
            (ms(11000), 2, Some(2)),
            (ms(19000), 3, Some(3)),
            (ms(35000), 4, Some(4)),
            (ms(67000), 5, Some(5)),
            (ms(127000), 6, Some(6)),
            (ms(187000), 7, Some(7)),
        ]
    );
}

#[test]
fn retransmissions_and_the_give_up_state_the_endpoints_count_and_limit() {
    use handshake_core::endpoint::{Cause, Retries, RetryLimit, Role};
    let sim = karn_then_give_up();
    let retries: Vec<(TxId, u8)> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Send {
                seg,
                retry: Some(r),
                ..
            } => {
                assert_eq!((r.limit, r.limit_of), (6, RetryLimit::Data));
                Some((seg.id, r.count))
            }
            _ => None,
        })
        .collect();
    // The count starts again after the ACK of new data at 2.2 s.
    let counts: Vec<u8> = retries.iter().map(|r| r.1).collect();
    assert_eq!(counts, [1, 1, 2, 3, 4, 5, 6]);
    assert_eq!(retries[0].0, id("C4"));
    let give_up = sim
        .trace()
        .iter()
        .find_map(|e| match e.kind {
            TraceKind::State {
                side: C,
                cause: cause @ Cause::RetriesExhausted(_),
                role,
                ..
            } => Some((e.t, cause, role)),
            _ => None,
        })
        .expect("the client gives up");
    assert_eq!(
        give_up,
        (
            ms(187000),
            Cause::RetriesExhausted(Retries {
                count: 6,
                limit: 6,
                limit_of: RetryLimit::Data
            }),
            Some(Role::Active)
        )
    );
}

#[test]
fn each_backoff_states_the_rto_before_and_whether_the_maximum_capped_it() {
    use handshake_core::endpoint::RtoChange;
    let sim = karn_then_give_up();
    let backoffs: Vec<(u64, u64, bool)> = sim
        .trace()
        .iter()
        .filter(|e| e.t > ms(5000))
        .filter_map(|e| match e.kind {
            TraceKind::Rto {
                side: C,
                change: RtoChange::BackOff { capped },
                from,
                rto,
                ..
            } => Some((
                from.total_millis() / 1000,
                rto.total_millis() / 1000,
                capped,
            )),
            _ => None,
        })
        .collect();
    // RFC 6298 (5.5) doubles; the 60 s maximum of (2.5) caps 32 → 64 and 60 → 120.
    assert_eq!(
        backoffs,
        [
            (2, 4, false),
            (4, 8, false),
            (8, 16, false),
            (16, 32, false),
            (32, 60, true),
            (60, 60, true)
        ]
    );
}

#[test]
fn rtt_samples_name_the_timed_transmission_and_karn_says_why_there_is_none() {
    use handshake_core::endpoint::RtoChange;
    let sim = karn_then_give_up();
    let rto: Vec<(Side, &'static str, Option<bool>, Option<TxId>)> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::Rto {
                side,
                change,
                timed,
                ..
            } => match change {
                RtoChange::Sample { first, .. } => Some((side, "sample", Some(first), timed)),
                RtoChange::KarnNoSample => Some((side, "karn", None, timed)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(
        rto,
        [
            (C, "sample", Some(true), Some(id("C1"))),
            (S, "sample", Some(true), Some(id("S1"))),
            // C4 (the retransmission of C3) is acknowledged: no sample (RFC 6298 §3).
            (C, "karn", None, None),
        ]
    );
}

#[test]
fn state_changes_say_who_opened_the_connection() {
    use handshake_core::endpoint::Role;
    let mut sim = sim(&handshake());
    sim.run_to_end();
    let roles: Vec<(Side, State, Option<Role>)> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::State { side, to, role, .. } => Some((side, to, role)),
            _ => None,
        })
        .collect();
    assert_eq!(
        roles,
        [
            (S, State::Listen, None),
            (C, State::SynSent, Some(Role::Active)),
            (S, State::SynReceived, Some(Role::Passive)),
            (C, State::Established, Some(Role::Active)),
            (S, State::Established, Some(Role::Passive)),
        ]
    );
}

#[test]
fn a_run_cut_short_by_the_event_budget_says_so_as_its_last_event() {
    let mut sim = sim(&handshake());
    sim.set_event_budget(3);
    sim.run_to_end();
    assert_eq!(sim.stop_reason(), Some(StopReason::EventBudget));
    assert_eq!(sim.events_run(), 3);
    let last = sim.trace().events.last().expect("events");
    assert_eq!(last.kind, TraceKind::BudgetExhausted { events: 3 });
    assert_eq!(
        sim.trace()
            .iter()
            .filter(|e| matches!(e.kind, TraceKind::BudgetExhausted { .. }))
            .count(),
        1,
        "said once"
    );
    let json = sim.trace().to_json_lines();
    assert!(
        json.trim_end()
            .ends_with(r#""type":"budget_exhausted","events":3}"#),
        "{json}"
    );
    // A run within its budget does not say it.
    let mut whole = self::sim(&handshake());
    whole.run_to_end();
    assert_eq!(whole.stop_reason(), Some(StopReason::Quiet));
    assert!(
        !whole
            .trace()
            .iter()
            .any(|e| matches!(e.kind, TraceKind::BudgetExhausted { .. }))
    );
}

/// The link numbers the copies of one transmission `C1'`, `C1''`, …: every id it hands out is
/// new and reads back from its text, and when no fresh id is left a duplicate is refused rather
/// than given an id already taken (the counter used to saturate at 255 and repeat `C1` with 255
/// marks; ids of more than 200 marks did not parse).
#[test]
fn every_link_copy_gets_a_fresh_id_that_round_trips_or_is_refused() {
    let mut sim = sim(&handshake());
    sim.run_until(ms(10));
    sim.apply(Action::Fault {
        target: id("C1"),
        fault: Fault::Hold,
    })
    .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for k in 1..=TxId::MAX_COPIES {
        // Copy the original or the latest copy: both count on C1.
        let target = if k % 2 == 0 {
            id("C1")
        } else {
            sim.transmissions().last().unwrap().id
        };
        sim.apply(Action::Fault {
            target,
            fault: Fault::Duplicate,
        })
        .unwrap_or_else(|e| panic!("copy {k}: {e}"));
        let copy = sim.transmissions().last().unwrap().id;
        assert_eq!(copy.copy, k);
        assert!(seen.insert(copy), "{copy} was handed out twice");
        assert_eq!(copy.to_string().parse::<TxId>(), Ok(copy), "copy {k}");
    }
    let before = sim.transmissions().len();
    assert_eq!(
        sim.apply(Action::Fault {
            target: id("C1"),
            fault: Fault::Duplicate,
        }),
        Err(ActionError::NoFreshId(id("C1")))
    );
    assert_eq!(sim.transmissions().len(), before, "no copy was made");
    let ids: std::collections::BTreeSet<TxId> = sim.transmissions().iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), sim.transmissions().len(), "ids are unique");
}
