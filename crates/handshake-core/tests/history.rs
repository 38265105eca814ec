//! Issue 13 on the simulator: hand-made segments, old duplicates, host crashes and reboots, a
//! listener beside its connections, the trace's `conn`, and how a counterfactual run is marked.

use handshake_core::Flags;
use handshake_core::Verdict;
use handshake_core::config::Counterfactual;
use handshake_core::ladder::{self, LadderOptions};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{
    Action, ActionError, Conn, ConnStatus, Fault, FaultSource, Inject, SendData, SeqSpec, Side,
    Simulator, TcbVar, TxId, UserCall,
};
use handshake_core::state::State;
use handshake_core::time::{Duration, Instant};
use handshake_core::trace::TraceKind;

fn ms(n: u64) -> Instant {
    Instant::from_millis(n)
}

fn id(s: &str) -> TxId {
    s.parse().unwrap()
}

/// Listen, connect: ESTABLISHED on both sides at 0.3 s.
fn connected(keep_listening: bool) -> Simulator {
    let mut s = Scenario::default()
        .call(0, Side::Server, UserCall::Listen)
        .call(0, Side::Client, UserCall::Connect);
    s.apps[Side::Server.index()].keep_listening = keep_listening;
    let mut sim = Simulator::new(&s).unwrap();
    sim.run_until(ms(300));
    assert_eq!(sim.endpoint(Side::Server).state(), State::Established);
    sim
}

fn rel(side: Side, var: TcbVar, offset: i64) -> SeqSpec {
    SeqSpec::Relative { side, var, offset }
}

#[test]
fn a_hand_made_segment_reads_its_numbers_from_the_tcbs_when_it_is_injected() {
    let mut sim = connected(false);
    let rcv_nxt = sim.endpoint(Side::Server).tcb().unwrap().rcv_nxt.unwrap();
    let rst = Inject::new(
        Flags::RST,
        rel(Side::Server, TcbVar::RcvNxt, 5),
        SeqSpec::Absolute(0),
    );
    sim.apply(Action::Inject {
        side: Side::Client,
        segment: rst,
    })
    .unwrap();
    let tx = sim
        .transmission(id("C*1"))
        .expect("the first injected segment is C*1");
    assert_eq!(tx.segment.seq, rcv_nxt + 5);
    assert_eq!(tx.segment.flags, Flags::RST);
    assert_eq!(tx.arrival, ms(400), "it crosses the link like any segment");
    sim.run_to_end();
    let verdict = sim.trace().iter().find_map(|e| match &e.kind {
        TraceKind::Arrive { seg, verdict } if seg.id == id("C*1") => *verdict,
        _ => None,
    });
    assert_eq!(verdict, Some(Verdict::RstChallenged));
    assert_eq!(sim.endpoint(Side::Server).state(), State::Established);
    // A variable a side does not have is an error, before anything is sent.
    let mut fresh = Simulator::new(&Scenario::default()).unwrap();
    assert_eq!(
        fresh.apply(Action::Inject {
            side: Side::Client,
            segment: Inject::new(
                Flags::SYN,
                rel(Side::Client, TcbVar::Iss, -10),
                SeqSpec::Absolute(0)
            ),
        }),
        Err(ActionError::NoTcbVariable {
            side: Side::Client,
            var: TcbVar::Iss
        })
    );
    assert!(fresh.transmissions().is_empty());
}

#[test]
fn a_hand_made_segment_from_another_port_opens_a_second_connection_beside_the_first() {
    let mut sim = connected(true);
    let mut syn = Inject::new(Flags::SYN, SeqSpec::Absolute(777), SeqSpec::Absolute(0));
    syn.src_port = Some(40001);
    sim.apply(Action::Inject {
        side: Side::Client,
        segment: syn,
    })
    .unwrap();
    sim.run_to_end();
    let sockets = sim.sockets(Side::Server);
    let view: Vec<(Conn, State, ConnStatus)> = sockets
        .iter()
        .map(|s| (s.conn, s.endpoint.state(), s.status))
        .collect();
    // The listener and the first connection, still ESTABLISHED. #2 answered the SYN from port
    // 40001, but its SYN,ACK drew an RST from the client's host (no socket there), which sent
    // the passive SYN-RECEIVED back to LISTEN: it never became a connection.
    assert_eq!(view[0], (Conn::Listener, State::Listen, ConnStatus::Live));
    assert_eq!(
        view[1],
        (Conn::Number(1), State::Established, ConnStatus::Live)
    );
    assert_eq!(
        view.len(),
        2,
        "#2 went back to LISTEN and gave its number back: {view:?}"
    );
    // #2 existed: its events are named.
    assert!(sim.trace().iter().any(|e| e.conn == Some(Conn::Number(2))
        && matches!(
            e.kind,
            TraceKind::State {
                to: State::SynReceived,
                ..
            }
        )));
    // The client's host answered for port 40001, where it has no socket.
    let answered = sim.trace().iter().any(|e| {
        matches!(
            &e.kind,
            TraceKind::Arrive {
                verdict: Some(Verdict::NoConnectionReset),
                ..
            }
        )
    });
    assert!(answered);
}

#[test]
fn a_one_connection_listener_is_busy_while_its_connection_lives_and_leaves_with_it() {
    let mut sim = connected(false);
    let mut syn = Inject::new(Flags::SYN, SeqSpec::Absolute(777), SeqSpec::Absolute(0));
    syn.src_port = Some(40001);
    sim.apply(Action::Inject {
        side: Side::Client,
        segment: syn,
    })
    .unwrap();
    sim.run_until(ms(500));
    // RFC 9293's passive OPEN has one TCB: the SYN for another port finds no socket.
    let verdict = sim.trace().iter().find_map(|e| match &e.kind {
        TraceKind::Arrive { seg, verdict } if seg.id == id("C*1") => *verdict,
        _ => None,
    });
    assert_eq!(verdict, Some(Verdict::NoConnectionReset));
    assert_eq!(sim.sockets(Side::Server).len(), 2);
    // When the connection ends, the listener goes with it.
    sim.apply(Action::Call {
        side: Side::Server,
        call: UserCall::Abort,
    })
    .unwrap();
    assert!(sim.listener(Side::Server).is_none());
    assert_eq!(sim.endpoint(Side::Server).state(), State::Closed);
}

#[test]
fn an_old_duplicate_is_named_after_its_original_with_its_age() {
    let mut sim = connected(false);
    sim.run_until(ms(1_300));
    sim.apply(Action::OldDuplicate { of: id("C1") }).unwrap();
    let copy = sim.transmission(id("C1~1.3s")).expect("named C1~1.3s");
    assert_eq!(copy.duplicate_of, Some(id("C1")));
    assert_eq!(copy.sent_at, Instant::ZERO, "it left with C1");
    // The same age again is the same name: refused.
    assert_eq!(
        sim.apply(Action::OldDuplicate { of: id("C1") }),
        Err(ActionError::NoFreshId(id("C1~1.3s")))
    );
    // An old duplicate of an old duplicate is one of the original.
    sim.run_until(ms(1_500));
    sim.apply(Action::OldDuplicate { of: id("C1~1.3s") })
        .unwrap();
    assert!(sim.transmission(id("C1~1.5s")).is_some());
    assert_eq!(
        sim.apply(Action::OldDuplicate { of: id("S9") }),
        Err(ActionError::UnknownTransmission(id("S9")))
    );
    // The old SYN reaches the ESTABLISHED server: SEG.SEQ = IRS < RCV.NXT, re-ACKed.
    let verdicts: Vec<_> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Arrive { seg, verdict } if seg.id.age.is_some() => *verdict,
            _ => None,
        })
        .collect();
    assert_eq!(verdicts, [Verdict::Old, Verdict::Old]);
}

#[test]
fn the_link_drops_a_segment_older_than_msl_when_it_enforces_it() {
    let mut s = Scenario::default()
        .call(0, Side::Server, UserCall::Listen)
        .call(0, Side::Client, UserCall::Connect);
    s.net.enforce_msl = true;
    s.client.msl = Duration::from_millis(500);
    s.server.msl = Duration::from_millis(500);
    // C1 held for longer than its MSL, then released: it dies on the link.
    s = s
        .at(
            10,
            Action::Fault {
                target: id("C1"),
                fault: Fault::Hold,
            },
        )
        .at(700, Action::Release { target: id("C1") });
    let mut sim = Simulator::new(&s).unwrap();
    sim.run_until(ms(800));
    let drop = sim.trace().iter().find_map(|e| match &e.kind {
        TraceKind::Drop { seg, reason } if seg.id == id("C1") => Some((e.t, *reason)),
        _ => None,
    });
    assert_eq!(drop, Some((ms(790), FaultSource::Msl)));
    // Without the switch, the same hold delivers it.
    s.net.enforce_msl = false;
    let mut sim = Simulator::new(&s).unwrap();
    sim.run_until(ms(800));
    assert!(sim.trace().iter().any(|e| matches!(
        &e.kind,
        TraceKind::Arrive { seg, .. } if seg.id == id("C1")
    )));
}

#[test]
fn a_crashed_host_loses_what_arrives_refuses_calls_and_reboots_with_no_tcb() {
    let mut sim = connected(false);
    sim.apply(Action::Crash { side: Side::Client }).unwrap();
    assert!(!sim.is_up(Side::Client));
    assert_eq!(sim.endpoint(Side::Client).state(), State::Closed);
    assert_eq!(
        sim.apply(Action::Crash { side: Side::Client }),
        Err(ActionError::HostDown(Side::Client))
    );
    assert_eq!(
        sim.apply(Action::Call {
            side: Side::Client,
            call: UserCall::Connect
        }),
        Err(ActionError::HostDown(Side::Client))
    );
    // The server's data reaches a host that is down: lost there.
    sim.apply(Action::Call {
        side: Side::Server,
        call: UserCall::Send(SendData::Text("hi".into())),
    })
    .unwrap();
    sim.run_until(ms(600));
    assert!(sim.trace().iter().any(|e| matches!(
        &e.kind,
        TraceKind::Drop { reason: FaultSource::HostDown, seg } if seg.from == Side::Server
    )));
    // The application heard nothing of the crash.
    assert!(!sim.app(Side::Client).reset && !sim.app(Side::Client).timed_out);
    assert_eq!(sim.apply(Action::Reboot { side: Side::Client }), Ok(()));
    assert_eq!(
        sim.apply(Action::Reboot { side: Side::Client }),
        Err(ActionError::HostUp(Side::Client))
    );
    sim.apply(Action::Call {
        side: Side::Client,
        call: UserCall::Connect,
    })
    .unwrap();
    // A new connection, #2, with a fresh ISS.
    let c = sim.sockets(Side::Client);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].status, ConnStatus::Ended);
    assert_eq!(c[1].conn, Conn::Number(2));
    assert_ne!(
        sim.connection(Side::Client, 2).unwrap().tcb().unwrap().iss,
        sim.transmission(id("C1")).unwrap().segment.seq
    );
}

#[test]
fn one_connection_runs_name_no_socket_and_later_ones_are_named() {
    let preset = handshake_core::presets::find("lost-last-ack").unwrap();
    let mut sim = Simulator::new(&preset.scenario().unwrap()).unwrap();
    sim.run_to_end();
    assert!(sim.trace().iter().all(|e| e.conn.is_none()));
    assert!(!sim.trace().to_json_lines().contains("\"conn\""));
    let preset = handshake_core::presets::find("crash-reconnect").unwrap();
    let mut sim = Simulator::new(&preset.scenario().unwrap()).unwrap();
    sim.run_to_end();
    let json = sim.trace().to_json_lines();
    assert!(
        json.contains(
            r#""type":"state","conn":2,"endpoint":"client","from":"CLOSED","to":"SYN-SENT""#
        ),
        "{json}"
    );
    assert!(json.contains(r#""type":"crash","endpoint":"client""#));
}

#[test]
fn a_counterfactual_run_is_marked_on_every_line_from_its_switch() {
    let mut s = Scenario::default()
        .call(0, Side::Server, UserCall::Listen)
        .call(0, Side::Client, UserCall::Connect);
    s.server.counterfactual = s
        .server
        .counterfactual
        .with(Counterfactual::TwoWayHandshake, true);
    let mut sim = Simulator::new(&s).unwrap();
    sim.run_to_end();
    let first = &sim.trace().events[0];
    assert_eq!(first.t, Instant::ZERO);
    assert_eq!(
        first.kind,
        TraceKind::Switch {
            side: Side::Server,
            switch: Counterfactual::TwoWayHandshake,
            on: true
        }
    );
    let json = sim.trace().to_json_lines();
    assert!(
        json.lines()
            .all(|l| l.ends_with(r#","counterfactual":true}"#)),
        "{json}"
    );
    assert!(json.contains(r#""type":"not_tcp","endpoint":"server","switch":"two_way_handshake""#));
    let text = ladder::render(sim.trace(), LadderOptions::default());
    assert!(text.starts_with("NOT TCP:"), "{text}");
    assert!(
        text.lines()
            .skip(4)
            .all(|l| l.starts_with("≠ ") || l.is_empty()),
        "{text}"
    );
    // Turned off at 1 s: only what came before is marked.
    let mut s2 = s.clone();
    s2.server.counterfactual = Default::default();
    s2 = s2
        .at(
            0,
            Action::Counterfactual {
                side: Side::Server,
                switch: Counterfactual::NoTimeWait,
                on: true,
            },
        )
        .at(
            1000,
            Action::Counterfactual {
                side: Side::Server,
                switch: Counterfactual::NoTimeWait,
                on: false,
            },
        )
        .call(1500, Side::Client, UserCall::Close);
    let mut sim = Simulator::new(&s2).unwrap();
    sim.run_to_end();
    let marks: Vec<bool> = sim.trace().counterfactual_marks().collect();
    let switch_at = |on: bool| {
        sim.trace()
            .iter()
            .position(|e| matches!(e.kind, TraceKind::Switch { on: o, .. } if o == on))
            .unwrap()
    };
    let (from, to) = (switch_at(true), switch_at(false));
    assert!(
        marks[..from].iter().all(|m| !m),
        "before the switch (listen, connect at 0 s)"
    );
    assert!(marks[from..to].iter().all(|m| *m));
    assert!(marks[to..].iter().all(|m| !m));
    assert_eq!(sim.trace().events[to].t, ms(1000));
    // A plain run is not marked at all.
    let mut plain = connected(false);
    plain.run_to_end();
    assert!(!plain.trace().is_counterfactual());
    assert!(!plain.trace().to_json_lines().contains("counterfactual"));
}

#[test]
fn scenario_files_carry_the_new_actions_and_fields() {
    let text = r#"{
      "seed": 1,
      "config": {"enforce_msl": true, "client": {"counterfactual": ["no_time_wait", "same_isn"]}},
      "apps": {"server": {"keep_listening": true}},
      "actions": [
        {"at_ms": 0, "side": "server", "call": "listen"},
        {"at_ms": 0, "side": "client", "call": "connect"},
        {"at_ms": 400, "side": "client", "inject": {"flags": ["RST", "ACK"], "seq": "server.rcv_nxt+5", "ack": 42, "window": 0, "data": "x", "mss": 536, "src_port": 40001, "dst_port": 5555}},
        {"at_ms": 500, "old_duplicate": "C1"},
        {"at_ms": 600, "side": "client", "host": "crash"},
        {"at_ms": 700, "side": "client", "host": "reboot"},
        {"at_ms": 800, "side": "server", "counterfactual": "two_way_handshake", "on": false}
      ]
    }"#;
    let s = Scenario::from_json(text).unwrap();
    assert!(s.net.enforce_msl);
    assert!(s.apps[1].keep_listening);
    assert!(s.client.counterfactual.contains(Counterfactual::SameIsn));
    assert!(s.server.counterfactual.is_empty());
    let Action::Inject { side, segment } = &s.actions[2].action else {
        panic!()
    };
    assert_eq!(*side, Side::Client);
    assert_eq!(segment.seq, rel(Side::Server, TcbVar::RcvNxt, 5));
    assert_eq!(segment.ack, SeqSpec::Absolute(42));
    assert_eq!(
        (
            segment.window,
            segment.mss,
            segment.src_port,
            segment.dst_port
        ),
        (Some(0), Some(536), Some(40001), Some(5555))
    );
    assert_eq!(s.actions[3].action, Action::OldDuplicate { of: id("C1") });
    assert_eq!(s.actions[4].action, Action::Crash { side: Side::Client });
    assert_eq!(s.actions[5].action, Action::Reboot { side: Side::Client });
    assert_eq!(
        s.actions[6].action,
        Action::Counterfactual {
            side: Side::Server,
            switch: Counterfactual::TwoWayHandshake,
            on: false
        }
    );
    // Written back, read again: the same scenario.
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    // Errors name the field.
    for (bad, path, words) in [
        (
            r#"{"actions": [{"at_ms": 0, "side": "client", "inject": {"flags": ["RST"], "seq": "server.rcvnxt"}}]}"#,
            "actions[0].inject.seq",
            "is not a sequence number",
        ),
        (
            r#"{"actions": [{"at_ms": 0, "side": "client", "inject": {"seq": 1}}]}"#,
            "actions[0].inject.flags",
            "missing field `flags`",
        ),
        (
            r#"{"actions": [{"at_ms": 0, "side": "client", "host": "explode"}]}"#,
            "actions[0].host",
            "`crash` or `reboot`",
        ),
        (
            r#"{"actions": [{"at_ms": 0, "old_duplicate": "C1~"}]}"#,
            "actions[0].old_duplicate",
            "age",
        ),
        (
            r#"{"actions": [{"at_ms": 0, "side": "client", "call": "close", "on": true}]}"#,
            "actions[0].on",
            "not allowed",
        ),
        (
            r#"{"config": {"endpoint": {"counterfactual": ["no_tcp"]}}}"#,
            "config.endpoint.counterfactual[0]",
            "unknown value `no_tcp`",
        ),
        (
            r#"{"faults": [{"match": {"id": "C*1"}, "fault": "drop"}]}"#,
            "faults[0].match.id",
            "injected segments",
        ),
    ] {
        let e = Scenario::from_json(bad).unwrap_err();
        assert_eq!(e.path, path, "{bad}: {e}");
        assert!(e.to_string().contains(words), "{bad}: {e}");
    }
}
