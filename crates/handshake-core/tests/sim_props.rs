//! Property tests over random scenarios and fault lists (issue 3): no panic; the simulation
//! always ends; when both applications saw a clean close, each received exactly the bytes the
//! other sent, in order; no ACK ever covers bytes that were never sent. Plus: a session exported
//! to JSON replays identically, and no scenario text makes the parser panic.

use handshake_core::config::{Counterfactual, DupSynPolicy, RstInTimeWait, TimeWaitRestart};
use handshake_core::fork::{Fork, compare};
use handshake_core::scenario::{AppScript, FaultRule, Match, Scenario};
use handshake_core::sim::{
    Action, Fault, FaultSource, Inject, SendData, SeqSpec, Side, Simulator, StopReason, TcbVar,
    TimedAction, TxId, TxStatus, UserCall,
};
use handshake_core::trace::TraceKind;
use handshake_core::{AppEvent, Config, Duration, Flags, Instant, State};
use proptest::prelude::*;

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::Client), Just(Side::Server)]
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        3 => Just(Fault::Drop),
        2 => (0u64..3000).prop_map(|ms| Fault::Delay(Duration::from_millis(ms))),
        1 => Just(Fault::Hold),
        2 => Just(Fault::Duplicate),
    ]
}

fn tx_id() -> impl Strategy<Value = TxId> {
    (
        side(),
        1u32..15,
        prop_oneof![4 => Just(0u8), 1 => Just(1u8)],
    )
        .prop_map(|(side, n, copy)| TxId {
            copy,
            ..TxId::new(side, n)
        })
}

fn call() -> impl Strategy<Value = UserCall> {
    prop_oneof![
        2 => Just(UserCall::Listen),
        3 => Just(UserCall::Connect),
        4 => (0u32..700).prop_map(|n| UserCall::Send(SendData::Pattern(n))),
        1 => "[a-z가-힣 ]{0,12}".prop_map(|s| UserCall::Send(SendData::Text(s))),
        3 => Just(UserCall::Close),
        1 => Just(UserCall::Abort),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        8 => (side(), call()).prop_map(|(side, call)| Action::Call { side, call }),
        3 => (tx_id(), fault()).prop_map(|(target, fault)| Action::Fault { target, fault }),
        1 => tx_id().prop_map(|target| Action::Release { target }),
        1 => (side(), fault()).prop_map(|(side, fault)| Action::Arm { side, fault }),
        1 => (side(), 0.0f64..0.6).prop_map(|(side, probability)| Action::SetLoss { side, probability }),
        // Issue 13: a host crashes and reboots; the network delivers an old copy of a segment.
        1 => side().prop_map(|side| Action::Crash { side }),
        1 => side().prop_map(|side| Action::Reboot { side }),
        1 => tx_id().prop_map(|of| Action::OldDuplicate { of }),
    ]
}

fn seq_spec() -> impl Strategy<Value = SeqSpec> {
    let var = prop_oneof![
        Just(TcbVar::Iss),
        Just(TcbVar::Irs),
        Just(TcbVar::SndUna),
        Just(TcbVar::SndNxt),
        Just(TcbVar::RcvNxt),
    ];
    prop_oneof![
        any::<u32>().prop_map(SeqSpec::Absolute),
        (side(), var, -2000i64..2000).prop_map(|(side, var, offset)| SeqSpec::Relative {
            side,
            var,
            offset
        }),
    ]
}

/// Actions that may put a connection out of step: hand-made segments and broken-TCP switches.
fn wild_action() -> impl Strategy<Value = Action> {
    let flags = (any::<u8>()).prop_map(|b| Flags(b & 0x3f));
    let switch = prop_oneof![
        Just(Counterfactual::TwoWayHandshake),
        Just(Counterfactual::NoTimeWait),
        Just(Counterfactual::SameIsn),
        Just(Counterfactual::NoFinRetransmission),
    ];
    prop_oneof![
        3 => (side(), flags, seq_spec(), seq_spec(), proptest::option::of(0u32..300), proptest::option::of(any::<u16>())).prop_map(
            |(side, flags, seq, ack, len, port)| Action::Inject {
                side,
                segment: Inject {
                    data: len.map(SendData::Pattern),
                    src_port: port.filter(|p| *p != 0),
                    ..Inject::new(flags, seq, ack)
                },
            }
        ),
        1 => (side(), switch, any::<bool>()).prop_map(|(side, switch, on)| Action::Counterfactual { side, switch, on }),
        4 => action(),
    ]
}

fn rule() -> impl Strategy<Value = FaultRule> {
    let flags = prop_oneof![
        Just(None),
        Just(Some(Flags::SYN)),
        Just(Some(Flags::SYN | Flags::ACK)),
        Just(Some(Flags::FIN)),
        Just(Some(Flags::ACK)),
    ];
    let matcher = prop_oneof![
        tx_id().prop_map(|id| Match::Id(id.original())),
        (
            proptest::option::of(side()),
            flags,
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(1u32..6),
        )
            .prop_map(|(from, flags, payload, retransmission, nth)| Match::Rule {
                from,
                flags,
                payload,
                retransmission,
                nth
            }),
    ];
    (matcher, fault()).prop_map(|(matcher, fault)| FaultRule { matcher, fault })
}

fn config() -> impl Strategy<Value = Config> {
    (
        (1u16..300, 1u16..3000, 1u8..6, 1u8..6, 1u8..6),
        (0u64..4000, proptest::option::of(0u64..5000)),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                (mss, window, syn, synack, data),
                (msl, fw2),
                (linux_dup, ignore_rst, any_ack, fallback),
            )| {
                Config {
                    mss,
                    window,
                    syn_retries: syn,
                    synack_retries: synack,
                    data_retries: data,
                    msl: Duration::from_millis(msl),
                    fin_wait_2_timeout: fw2.map(Duration::from_millis),
                    dup_syn: if linux_dup {
                        DupSynPolicy::Linux
                    } else {
                        DupSynPolicy::Rfc
                    },
                    rst_in_time_wait: if ignore_rst {
                        RstInTimeWait::Ignore
                    } else {
                        RstInTimeWait::Close
                    },
                    time_wait_restart: if any_ack {
                        TimeWaitRestart::AnyAck
                    } else {
                        TimeWaitRestart::RetransmittedFin
                    },
                    rto_3s_after_handshake_timeout: fallback,
                    ..Config::default()
                }
            },
        )
}

fn loss() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), 0.0f64..0.3]
}

prop_compose! {
    fn scenario()(
        seed in any::<u64>(),
        latency in (1u64..400, 1u64..400),
        loss in (loss(), loss()),
        client in config(),
        server in config(),
        close_on_eof in (any::<bool>(), any::<bool>()),
        keep_listening in (proptest::bool::weighted(0.2), proptest::bool::weighted(0.4)),
        actions in proptest::collection::vec((0u64..6000, action()), 0..12),
        faults in proptest::collection::vec(rule(), 0..4),
        opening in proptest::bool::weighted(0.85),
        closing in proptest::option::weighted(0.7, (500u64..5000, 500u64..8000)),
    ) -> Scenario {
        let mut s = Scenario { seed, client, server, ..Scenario::default() };
        s.net.latency = [Duration::from_millis(latency.0), Duration::from_millis(latency.1)];
        s.net.loss = [loss.0, loss.1];
        s.apps = [
            AppScript { close_on_eof: close_on_eof.0, keep_listening: keep_listening.0 },
            AppScript { close_on_eof: close_on_eof.1, keep_listening: keep_listening.1 },
        ];
        if opening {
            // Most runs open a connection first, so the random actions meet real states...
            s = s.call(0, Side::Server, UserCall::Listen).call(0, Side::Client, UserCall::Connect);
        }
        for (ms, a) in actions {
            s.actions.push(TimedAction { at: Instant::from_millis(ms), action: a });
        }
        if let Some((c, sv)) = closing {
            // ... and most close it again, so clean closes are common enough to check bytes.
            s = s.call(c, Side::Client, UserCall::Close).call(sv, Side::Server, UserCall::Close);
        }
        s.faults = faults;
        s
    }
}

/// What one side's application sent and received on its first connection, if that connection
/// ended with a clean close: connected once, read the peer's end of stream, closed normally,
/// with no reset or time-out before. Later connections (a scenario may open another one) are
/// not counted: the property is about one connection.
struct Stream {
    sent: Vec<u8>,
    received: Vec<u8>,
}

fn first_connection(sim: &Simulator, side: Side) -> Option<Stream> {
    // Byte offsets into the app's `sent` / `received` where the connection starts and ends.
    let (mut start_sent, mut sent, mut start_received, mut received) = (0, 0, 0, 0);
    let (mut connected, mut eof) = (0, false);
    for e in sim.trace().iter() {
        match &e.kind {
            TraceKind::Call {
                side: s,
                call: UserCall::Send(d),
                error: None,
            } if *s == side => sent += d.len(),
            TraceKind::Deliver { side: s, len, .. } if *s == side => received += *len as usize,
            // An attempt that ended before it connected (CLOSE in SYN-SENT, RFC 9293 §3.10.4;
            // an RST sending SYN-RECEIVED back to LISTEN, §3.10.7.4) takes its queued data with
            // it: the connection that counts starts after.
            TraceKind::State {
                side: s,
                to: State::Closed | State::Listen,
                ..
            } if *s == side && connected == 0 => {
                (start_sent, start_received) = (sent, received);
            }
            TraceKind::App { side: s, event } if *s == side => match event {
                AppEvent::Connected => connected += 1,
                AppEvent::EndOfStream => eof = true,
                AppEvent::Closed => {
                    let app = sim.app(side);
                    return (connected == 1 && eof).then(|| Stream {
                        sent: app.sent[start_sent..sent].to_vec(),
                        received: app.received[start_received..received].to_vec(),
                    });
                }
                AppEvent::Reset | AppEvent::TimedOut | AppEvent::Discarded(_) => return None,
            },
            _ => {}
        }
    }
    None
}

/// The bytes before `ack` were sent by the peer: some earlier segment from the peer that
/// occupies sequence space ends at or after `ack` and starts before it.
fn ack_covers_only_sent_bytes(sim: &Simulator) -> Result<(), String> {
    let txs = sim.transmissions();
    for t in txs
        .iter()
        .filter(|t| t.duplicate_of.is_none() && t.segment.flags.ack())
    {
        let ack = t.segment.ack;
        let covered = txs.iter().any(|p| {
            p.from == t.to()
                && p.sent_at <= t.sent_at
                && p.segment.seq_len() > 0
                && p.segment.seq < ack
                && ack <= p.segment.seq_end()
        });
        if !covered {
            return Err(format!(
                "{} acknowledges {} ({} relative), which {} never sent",
                t.id,
                ack,
                t.rel_ack,
                t.to()
            ));
        }
    }
    Ok(())
}

/// The facts the trace states about retransmissions agree with each other and with the
/// configuration: every expiry of the retransmission timer is followed, at its instant, by the
/// retransmission with that count (at most `limit`) or by the give-up once the count has reached
/// `limit`; every backoff
/// doubles `from` up to the maximum and says whether the maximum applied; every sample names a
/// transmission of its side sent earlier.
fn retransmission_facts_agree(sim: &Simulator) -> Result<(), String> {
    use handshake_core::endpoint::{Cause, RtoChange, TimerAction, TimerKind};
    let ev = &sim.trace().events;
    for (i, e) in ev.iter().enumerate() {
        match e.kind {
            TraceKind::Timer {
                side,
                kind: TimerKind::Retransmission,
                action: TimerAction::Fire,
                expiry,
                ..
            } => {
                let n = expiry.ok_or(format!("expiry {i} without its count"))?;
                let outcome = ev[i + 1..]
                    .iter()
                    .take_while(|f| f.t == e.t)
                    .find_map(|f| match &f.kind {
                        TraceKind::Send {
                            seg,
                            retry: Some(r),
                            ..
                        } if seg.from == side => Some(
                            (r.count == n && r.count <= r.limit)
                                .then_some(())
                                .ok_or(format!("expiry {n} at {} sent retry {r:?}", e.t)),
                        ),
                        TraceKind::State {
                            side: s,
                            cause: Cause::RetriesExhausted(r),
                            ..
                        } if *s == side => Some(
                            // At least `limit`: the limit follows the state, so a CLOSE in
                            // SYN-RECEIVED (FIN-WAIT-1 with the SYN,ACK still unacknowledged)
                            // puts a count made under `synack_retries` under `data_retries`.
                            (r.count + 1 == n && r.count >= r.limit)
                                .then_some(())
                                .ok_or(format!("expiry {n} at {} gave up with {r:?}", e.t)),
                        ),
                        _ => None,
                    })
                    .ok_or(format!("expiry {n} of {side} at {} had no outcome", e.t))?;
                outcome?;
            }
            TraceKind::Rto {
                side,
                change: RtoChange::BackOff { capped },
                from,
                rto,
                ..
            } => {
                let max = sim.scenario().config(side).rto_max;
                let doubled = from.saturating_mul(2);
                if rto != doubled.min(max) || capped != (doubled > max) {
                    return Err(format!(
                        "backoff at {}: {from} → {rto}, capped {capped}",
                        e.t
                    ));
                }
            }
            TraceKind::Rto {
                side,
                change: RtoChange::Sample { rtt, .. },
                timed,
                ..
            } => {
                let t = timed
                    .and_then(|id| sim.transmission(id))
                    .ok_or(format!("sample at {} names no transmission", e.t))?;
                if t.from != side || t.sent_at + rtt != e.t {
                    return Err(format!("sample at {} of {rtt} names {}", e.t, t.id));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_scenarios_end_deliver_in_order_and_never_ack_unsent_bytes(s in scenario()) {
        let mut sim = Simulator::new(&s).expect("generated scenarios are valid");
        sim.run_to_end();
        prop_assert!(sim.is_finished());
        prop_assert_eq!(sim.stop_reason(), Some(StopReason::Quiet), "ran out of events budget at {}", sim.now());
        if let (Some(client), Some(server)) = (first_connection(&sim, Side::Client), first_connection(&sim, Side::Server)) {
            prop_assert_eq!(&client.received, &server.sent, "the client received what the server sent\n{}", s.to_json());
            prop_assert_eq!(&server.received, &client.sent, "the server received what the client sent\n{}", s.to_json());
        }
        if let Err(e) = ack_covers_only_sent_bytes(&sim) {
            prop_assert!(false, "{}\n{}", e, s.to_json());
        }
        if let Err(e) = retransmission_facts_agree(&sim) {
            prop_assert!(false, "{}\n{}", e, s.to_json());
        }
        // Every transmission ended up somewhere sensible.
        for t in sim.transmissions() {
            if let TxStatus::Arrived { at } = t.status {
                prop_assert!(at >= t.sent_at);
            }
        }
        // The trace is in time order.
        prop_assert!(sim.trace().events.windows(2).all(|w| w[0].t <= w[1].t));
    }

    #[test]
    fn a_clean_exchange_delivers_every_byte(
        seed in any::<u64>(),
        sizes in proptest::collection::vec(1u32..900, 1..4),
        reply in 0u32..900,
        loss in loss(),
    ) {
        // Without user faults only loss can interfere; with retries enough (data_retries 12),
        // both sides close cleanly almost always, and then the bytes must match exactly.
        let mut s = Scenario { seed, ..Scenario::default() }
            .call(0, Side::Server, UserCall::Listen)
            .call(0, Side::Client, UserCall::Connect);
        for (i, n) in sizes.iter().enumerate() {
            s = s.call(500 + 100 * i as u64, Side::Client, UserCall::Send(SendData::Pattern(*n)));
        }
        s = s.call(800, Side::Server, UserCall::Send(SendData::Pattern(reply))).call(2000, Side::Client, UserCall::Close);
        s.apps[Side::Server.index()].close_on_eof = true;
        s.net.loss = [loss, loss];
        s.client.data_retries = 12;
        s.server.data_retries = 12;
        s.client.syn_retries = 12;
        s.server.synack_retries = 12;
        let mut sim = Simulator::new(&s).unwrap();
        sim.run_to_end();
        let (c, sv) = (sim.app(Side::Client), sim.app(Side::Server));
        if c.clean_close() && sv.clean_close() {
            prop_assert_eq!(&c.received, &sv.sent);
            prop_assert_eq!(&sv.received, &c.sent);
            prop_assert_eq!(sv.received.len(), sizes.iter().sum::<u32>() as usize);
        }
        if loss == 0.0 {
            prop_assert!(c.clean_close() && sv.clean_close());
        }
        if let Err(e) = ack_covers_only_sent_bytes(&sim) {
            prop_assert!(false, "{}", e);
        }
    }

    #[test]
    fn exported_sessions_replay_identically(s in scenario(), pauses in proptest::collection::vec((0u64..4000, action()), 0..6)) {
        // Drive a session interactively, then export it: the file replays the same trace.
        let mut sim = Simulator::new(&s).unwrap();
        let mut pauses = pauses;
        pauses.sort_by_key(|p| p.0);
        for (ms, a) in pauses {
            sim.run_until(Instant::from_millis(ms));
            let _ = sim.apply(a);
        }
        sim.run_to_end();
        let json = sim.to_scenario().to_json();
        let back = Scenario::from_json(&json).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        let mut again = Simulator::new(&back).unwrap();
        again.run_to_end();
        prop_assert_eq!(again.trace(), sim.trace());
        // And replay from the action log rebuilds the end state.
        let replayed = Simulator::replay(&s, sim.actions(), sim.now()).unwrap();
        prop_assert_eq!(replayed.trace(), sim.trace());
        prop_assert_eq!(replayed.transmissions(), sim.transmissions());
    }

    #[test]
    fn hand_made_segments_switches_and_forks_replay_and_agree_until_they_part(
        s in scenario(),
        wild in proptest::collection::vec((0u64..5000, wild_action()), 1..8),
        fork_at in 0u64..5000,
        fork_action in wild_action(),
    ) {
        // A connection put out of step by a hand-made segment or a switch may trade ACKs until
        // the budget (no ACK throttling, open choice 13): a small budget keeps runs short.
        const BUDGET: u64 = 20_000;
        let mut s = s;
        for (ms, a) in wild {
            s.actions.push(TimedAction { at: Instant::from_millis(ms), action: a });
        }
        s.actions.sort_by_key(|a| a.at);
        if let Some(end) = s.end {
            s.end = Some(end.max(s.actions.last().map_or(end, |a| a.at)));
        }
        let mut sim = Simulator::new(&s).expect("generated scenarios are valid");
        sim.set_event_budget(BUDGET);
        sim.run_to_end();
        prop_assert!(sim.is_finished());
        prop_assert!(sim.trace().events.windows(2).all(|w| w[0].t <= w[1].t));
        // A crashed host neither sends nor changes state until it reboots; what reaches it is
        // lost as host_down.
        let mut down = [false; 2];
        for e in sim.trace().iter() {
            match &e.kind {
                TraceKind::Crash { side } => down[side.index()] = true,
                TraceKind::Reboot { side } => down[side.index()] = false,
                TraceKind::Send { seg, .. } => prop_assert!(!down[seg.from.index()], "{} sent while down", seg.id),
                TraceKind::State { side, cause, .. } if down[side.index()] => {
                    prop_assert_eq!(*cause, handshake_core::Cause::Crash);
                }
                TraceKind::Arrive { seg, .. } => prop_assert!(!down[seg.to().index()], "{} arrived at a host that was down", seg.id),
                TraceKind::Drop { seg, reason: FaultSource::HostDown } => prop_assert!(down[seg.to().index()]),
                _ => {}
            }
        }
        // Ids read back from their text, old duplicates included.
        for t in sim.transmissions() {
            prop_assert_eq!(t.id.to_string().parse::<TxId>(), Ok(t.id));
        }
        // The run exported as a file replays identically.
        let json = sim.to_scenario().to_json();
        let back = Scenario::from_json(&json).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        let mut again = Simulator::new(&back).unwrap();
        again.set_event_budget(BUDGET);
        again.run_to_end();
        prop_assert_eq!(again.trace(), sim.trace());
        // A fork agrees with its run before the instant it parts, and a run with itself.
        let fork = Fork::new(Instant::from_millis(fork_at), fork_action);
        let base = Simulator::new(&s).unwrap();
        if let Ok(mut other) = fork.replay(&s, base.actions()) {
            other.set_event_budget(BUDGET);
            other.run_to_end();
            let cmp = compare(sim.trace(), other.trace());
            if let Some(first) = cmp.first() {
                prop_assert!(first.t() >= fork.at, "parted at {} before the fork at {}: {first}", first.t(), fork.at);
            }
        }
        prop_assert!(compare(sim.trace(), sim.trace()).is_same());
    }

    #[test]
    fn no_scenario_text_makes_the_parser_panic(text in "\\PC{0,200}") {
        let _ = Scenario::from_json(&text);
    }

    #[test]
    fn mangled_scenario_files_give_errors_not_panics(cut in 0usize..2000, byte in any::<u8>()) {
        let good = handshake_core::presets::find("lost-last-ack").unwrap().json.as_bytes();
        let mut bytes = good.to_vec();
        let i = cut % bytes.len();
        bytes[i] = byte;
        if let Ok(text) = std::str::from_utf8(&bytes) {
            if let Ok(s) = Scenario::from_json(text) {
                let mut sim = Simulator::new(&s).unwrap();
                sim.run_to_end();
            }
        }
        let _ = Scenario::from_json(std::str::from_utf8(&good[..i]).unwrap_or(""));
    }
}
