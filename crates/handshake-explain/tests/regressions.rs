//! One test for each error issue 9 found in the narration, on a run that shows it: the expiry
//! count taken from the backoff, the give-up's retry count guessed, "doubles the RTO" for a
//! capped backoff, the countdown's backoff steps computed as powers of two, "an RST is never
//! answered" said of every dropped segment — and the opener's role guessed from the state
//! history. Each test fails when its error is put back (see the report of issue 9).

use handshake_core::endpoint::{Cause, Role, RtoChange, TimerAction, TimerKind, Verdict};
use handshake_core::presets;
use handshake_core::scenario::{FaultRule, Match, Scenario};
use handshake_core::sim::{Action, Fault, SendData, Side, Simulator, TimedAction, UserCall};
use handshake_core::trace::{Trace, TraceKind};
use handshake_core::{Duration, Flags, Instant, State};
use handshake_explain::format::RtoChain;
use handshake_explain::{Entry, FactKind, Lang, Value, narrate, narrate_trace};

/// Issue 9's run: the first data segment is lost once and retransmitted (so its ACK gives no
/// RTT sample, Karn, and the RTO stays backed off), then every transmission of a second one is
/// lost until the client gives up (default limits: 6 data retransmissions, RTO at most 60 s).
fn karn_then_give_up() -> Simulator {
    let mut s = Scenario::default()
        .call(0, Side::Server, UserCall::Listen)
        .call(0, Side::Client, UserCall::Connect)
        .call(
            1000,
            Side::Client,
            UserCall::Send(SendData::Text("first".into())),
        )
        .call(
            5000,
            Side::Client,
            UserCall::Send(SendData::Text("second".into())),
        );
    s.faults.push(FaultRule {
        matcher: Match::Id("C3".parse().unwrap()),
        fault: Fault::Drop,
    });
    s.actions.push(TimedAction {
        at: Instant::from_millis(4000),
        action: Action::SetLoss {
            side: Side::Client,
            probability: 1.0,
        },
    });
    s.actions.sort_by_key(|a| a.at);
    let mut sim = Simulator::new(&s).unwrap();
    sim.run_to_end();
    sim
}

/// The entry telling the first event at `ms` for which `want` holds.
fn entry_at(log: &[Entry], sim: &Simulator, ms: u64, want: impl Fn(&TraceKind) -> bool) -> Entry {
    let t = Instant::from_millis(ms);
    let i = sim
        .trace()
        .events
        .iter()
        .position(|e| e.t == t && want(&e.kind))
        .unwrap_or_else(|| panic!("no such event at {ms} ms"));
    log.iter()
        .find(|e| e.event == i)
        .cloned()
        .unwrap_or_else(|| panic!("event {i} at {ms} ms is not told"))
}

fn rtx_fire(k: &TraceKind) -> bool {
    matches!(
        k,
        TraceKind::Timer {
            kind: TimerKind::Retransmission,
            action: TimerAction::Fire,
            ..
        }
    )
}

fn fact(e: &Entry, kind: FactKind) -> Option<&Value> {
    e.facts.iter().find(|f| f.kind == kind).map(|f| &f.value)
}

/// "at 7 s 'expires for the second time' when it was that segment's first expiry": the backoff
/// was 1 (Karn left the RTO doubled), the expiry the segment's first.
#[test]
fn an_expiry_is_counted_for_its_segment_not_from_the_backoff() {
    let sim = karn_then_give_up();
    let backoff = sim.trace().events.iter().find_map(|e| match e.kind {
        TraceKind::Timer { backoff, .. }
            if e.t == Instant::from_millis(7000) && rtx_fire(&e.kind) =>
        {
            Some(backoff)
        }
        _ => None,
    });
    assert_eq!(backoff, Some(1), "the run is not the one of the issue");
    let en = entry_at(&narrate(&sim, Lang::En), &sim, 7000, rtx_fire);
    assert!(
        en.text.contains("expires for the first time"),
        "{}",
        en.text
    );
    assert_eq!(fact(&en, FactKind::Expiry), Some(&Value::Int(1)));
    let ko = entry_at(&narrate(&sim, Lang::Ko), &sim, 7000, rtx_fire);
    assert!(
        ko.text.contains("재전송 타이머가 처음으로 만료된다"),
        "{}",
        ko.text
    );
}

/// "at 187 s 'after 7 retransmissions … gives up' when there were 6".
#[test]
fn a_give_up_states_the_endpoints_retry_count() {
    let sim = karn_then_give_up();
    let give_up = |k: &TraceKind| {
        matches!(
            k,
            TraceKind::State {
                cause: Cause::RetriesExhausted(_),
                ..
            }
        )
    };
    let en = entry_at(&narrate(&sim, Lang::En), &sim, 187_000, give_up);
    assert!(en.text.starts_with("After 6 retransmissions without an answer (its limit for data is 6) the client gives up"), "{}", en.text);
    assert_eq!(fact(&en, FactKind::GaveUpAfter), Some(&Value::Int(6)));
    let ko = entry_at(&narrate(&sim, Lang::Ko), &sim, 187_000, give_up);
    assert!(
        ko.text
            .starts_with("6번 다시 보내도 답이 없어(데이터 재전송 한도 6번) 클라이언트는 포기한다"),
        "{}",
        ko.text
    );
    // The backoff at the give-up is 7: counting from it is the error.
    let backoff = sim.trace().events.iter().find_map(|e| match e.kind {
        TraceKind::Timer { backoff, .. }
            if e.t == Instant::from_millis(187_000) && rtx_fire(&e.kind) =>
        {
            Some(backoff)
        }
        _ => None,
    });
    assert_eq!(backoff, Some(7));
}

/// "at 127 s 'doubles the RTO to 60 s' when it was already 60 s and capped"; at 67 s the
/// doubling of 32 s is cut to the 60 s maximum.
#[test]
fn a_capped_backoff_is_not_called_a_doubling() {
    let sim = karn_then_give_up();
    let en = narrate(&sim, Lang::En);
    let ko = narrate(&sim, Lang::Ko);
    let at_max = entry_at(&en, &sim, 127_000, rtx_fire);
    assert!(
        at_max.text.contains("The RTO is already at its maximum of 60 s, so it does not double again (RFC 6298 (2.5))"),
        "{}",
        at_max.text
    );
    let cut = entry_at(&en, &sim, 67_000, rtx_fire);
    assert!(
        cut.text.contains("Doubling the RTO of 32 s would pass its maximum, so RFC 6298 (5.5) and (2.5) make it the maximum, 60 s."),
        "{}",
        cut.text
    );
    for e in [&at_max, &cut] {
        assert!(!e.text.contains("doubles"), "{}", e.text);
    }
    for ms in [67_000, 127_000] {
        let k = entry_at(&ko, &sim, ms, rtx_fire);
        assert!(!k.text.contains("두 배가 되어"), "{}", k.text);
        assert!(k.text.contains("최댓값"), "{}", k.text);
    }
    // A doubling that was not capped is still told as one.
    let doubled = entry_at(&en, &sim, 35_000, rtx_fire);
    assert!(
        doubled.text.contains("doubles the RTO from 16 s to 32 s"),
        "{}",
        doubled.text
    );
}

/// The countdown's backoff steps "15 s → 30 s → 60 s" for RTOs that were 16 s → 32 s → 60 s.
#[test]
fn the_backoff_steps_are_the_rtos_the_trace_states() {
    let sim = karn_then_give_up();
    let chain =
        RtoChain::of_timer(sim.trace(), Side::Client, Instant::from_millis(67_000), 3).unwrap();
    let secs = |v: &[u64]| {
        v.iter()
            .map(|&s| Duration::from_secs(s))
            .collect::<Vec<_>>()
    };
    assert_eq!(chain.steps, secs(&[16, 32, 60]));
    assert!(chain.earlier);
    assert_eq!(chain.text(Lang::En), "…→16 s→32 s→60 s");
    assert_eq!(chain.text(Lang::Ko), "…→16초→32초→60초");
    // At the maximum the RTO stays: the chain shows it twice, as the trace does.
    let chain =
        RtoChain::of_timer(sim.trace(), Side::Client, Instant::from_millis(127_000), 3).unwrap();
    assert_eq!(chain.text(Lang::En), "…→32 s→60 s→60 s");
    // The first data timer after the handshake: 2 s, after the 1 s → 2 s backoff of C3. Karn
    // gave no sample in between, so the chain goes on.
    let chain =
        RtoChain::of_timer(sim.trace(), Side::Client, Instant::from_millis(5000), 4).unwrap();
    assert_eq!(chain.text(Lang::En), "1 s→2 s");
    // A timer set before any backoff is one step; a time with no timer is none.
    let chain =
        RtoChain::of_timer(sim.trace(), Side::Client, Instant::from_millis(1000), 4).unwrap();
    assert_eq!(chain.text(Lang::Ko), "1초");
    assert_eq!(
        RtoChain::of_timer(sim.trace(), Side::Client, Instant::from_millis(1234), 4),
        None
    );
}

/// The chain of the timer an event sets, found from where the event is, is the one found from
/// its side and time: for every timer event of every preset (and the backoff run above), with
/// 1 to 4 RTOs shown; and an event that sets no retransmission timer has none.
#[test]
fn a_timer_s_chain_found_from_its_event_is_the_one_found_from_its_time() {
    let mut traces: Vec<Trace> = presets::PRESETS
        .iter()
        .map(|p| {
            let mut sim = Simulator::new(&p.scenario().unwrap()).unwrap();
            sim.run_to_end();
            sim.trace().clone()
        })
        .collect();
    traces.push(karn_then_give_up().trace().clone());
    let mut chains = 0;
    for trace in &traces {
        let events = &trace.events;
        for (k, e) in events.iter().enumerate() {
            for shown in 1..=4 {
                let from_event = RtoChain::of_timer_at(events, k, shown);
                match e.kind {
                    TraceKind::Timer {
                        side,
                        kind: TimerKind::Retransmission,
                        action: TimerAction::Set | TimerAction::Restart,
                        ..
                    } => {
                        assert_eq!(
                            from_event,
                            RtoChain::of_timer_in(events, side, e.t, shown),
                            "event {k}"
                        );
                        chains += 1;
                    }
                    _ => assert_eq!(from_event, None, "event {k}"),
                }
            }
        }
    }
    assert!(chains > 100, "{chains}");
}

/// A trace of the handshake preset with the arrival of `C2` at the server given `verdict` and
/// `flags` (the five reasons a segment is dropped without a reply, and their neighbours).
fn with_verdict(verdict: Verdict, flags: Flags) -> (Trace, Scenario, usize) {
    let scenario = presets::find("handshake").unwrap().scenario().unwrap();
    let mut sim = Simulator::new(&scenario).unwrap();
    sim.run_to_end();
    let mut trace = sim.trace().clone();
    let i = trace
        .events
        .iter()
        .position(
            |e| matches!(&e.kind, TraceKind::Arrive { seg, .. } if seg.id.to_string() == "C2"),
        )
        .unwrap();
    if let TraceKind::Arrive { seg, verdict: v } = &mut trace.events[i].kind {
        seg.flags = flags;
        *v = Some(verdict);
    }
    (trace, scenario, i)
}

fn told(verdict: Verdict, flags: Flags, lang: Lang) -> String {
    let (trace, scenario, i) = with_verdict(verdict, flags);
    narrate_trace(&trace, &scenario, i, lang)
        .into_iter()
        .find(|e| e.event == i)
        .map(|e| e.text)
        .unwrap()
}

/// "'(an RST is never answered)' for every `Verdict::Ignored`, which also covers 'no ACK bit'".
#[test]
fn only_an_rst_with_no_connection_is_called_never_answered() {
    let cases = [
        (
            Verdict::RstNoConnection,
            Flags::RST,
            "an RST is never answered (RFC 9293 §3.10.7.1)",
            "RST에는 답하지 않는다",
        ),
        (
            Verdict::RstInListen,
            Flags::RST,
            "it cannot belong to anything the server sent (RFC 9293 §3.10.7.2)",
            "LISTEN 상태의 서버는 RST 세그먼트 C2를",
        ),
        (
            Verdict::NoSynInListen,
            Flags::ACK,
            "it carries no SYN (RFC 9293 §3.10.7.2)",
            "SYN이 없는 ACK 세그먼트 C2를",
        ),
        (
            Verdict::NoSynOrRstInSynSent,
            Flags::ACK,
            "it carries neither SYN nor RST (RFC 9293 §3.10.7.3)",
            "SYN도 RST도 없는 ACK 세그먼트 C2를",
        ),
        (
            Verdict::NoAck,
            Flags::FIN,
            "its ACK bit is off (RFC 9293 §3.10.7.4, fifth check)",
            "ACK 비트가 꺼진 FIN 세그먼트 C2를",
        ),
        (
            Verdict::RstInTimeWaitIgnored,
            Flags::RST,
            "as RFC 1337 advises",
            "RFC 1337",
        ),
        (
            Verdict::RstIgnored,
            Flags::RST,
            "outside the window",
            "윈도 밖인 RST",
        ),
    ];
    for (verdict, flags, en_why, ko_why) in cases {
        let en = told(verdict, flags, Lang::En);
        let ko = told(verdict, flags, Lang::Ko);
        assert!(en.contains(en_why), "{verdict:?}: {en}");
        assert!(ko.contains(ko_why), "{verdict:?}: {ko}");
        let never = verdict == Verdict::RstNoConnection;
        assert_eq!(en.contains("never answered"), never, "{verdict:?}: {en}");
        assert_eq!(ko.contains("답하지 않는다"), never, "{verdict:?}: {ko}");
    }
}

/// Who opened the connection is the trace's `role`, not a guess from the state history.
#[test]
fn accept_or_connect_follows_the_traces_role() {
    let scenario = presets::find("handshake").unwrap().scenario().unwrap();
    let mut sim = Simulator::new(&scenario).unwrap();
    sim.run_to_end();
    let i = sim
        .trace()
        .events
        .iter()
        .position(|e| {
            matches!(
                e.kind,
                TraceKind::State {
                    from: State::SynReceived,
                    to: State::Established,
                    ..
                }
            )
        })
        .unwrap();
    let say = |trace: &Trace| {
        narrate_trace(trace, &scenario, i, Lang::En)
            .into_iter()
            .find(|e| e.event == i)
            .unwrap()
            .text
    };
    assert!(say(sim.trace()).contains("accept() returns"));
    let mut active = sim.trace().clone();
    if let TraceKind::State { role, .. } = &mut active.events[i].kind {
        *role = Some(Role::Active);
    }
    assert!(
        say(&active).contains("connect() returns"),
        "{}",
        say(&active)
    );
}

/// The RTO the 3 s of RFC 6298 (5.7) replaces is the trace's `from`, not "1 s".
#[test]
fn the_handshake_fallback_starts_from_the_rto_the_trace_states() {
    let scenario = presets::find("lost-syn").unwrap().scenario().unwrap();
    let mut sim = Simulator::new(&scenario).unwrap();
    sim.run_to_end();
    let fallback = |k: &TraceKind| {
        matches!(
            k,
            TraceKind::Rto {
                change: RtoChange::HandshakeFallback,
                ..
            }
        )
    };
    let en = entry_at(&narrate(&sim, Lang::En), &sim, 1200, fallback);
    assert!(
        en.text.contains("sets its RTO from 2 s to 3 s"),
        "{}",
        en.text
    );
    assert!(!en.text.contains("instead of 1 s"), "{}", en.text);
}

/// The narrator remembers its last state lookup and its last run of deliveries to walk a long
/// trace in linear time (issue 15); an entry must not depend on what was narrated before it.
/// Each event narrated on its own (a fresh narrator, nothing remembered) says what the whole
/// log says, in every preset and a lossy bulk transfer in both directions.
#[test]
fn an_entry_is_the_same_narrated_alone_or_after_the_others() {
    let mut runs: Vec<Simulator> = presets::PRESETS
        .iter()
        .map(|p| Simulator::new(&p.scenario().unwrap()).unwrap())
        .collect();
    // Both directions at once, 2 % loss: long runs of deliveries and retransmissions.
    let bulk = Scenario::from_json(include_str!("lossy-bulk.json")).unwrap();
    runs.push(Simulator::new(&bulk).unwrap());
    for sim in &mut runs {
        sim.run_to_end();
        for lang in [Lang::En, Lang::Ko] {
            let log = narrate(sim, lang);
            let alone: Vec<(usize, String)> = (0..sim.trace().len())
                .filter_map(|i| Some((i, handshake_explain::narrate_event(sim, i, lang)?)))
                .collect();
            let told: Vec<(usize, String)> = log.into_iter().map(|e| (e.event, e.text)).collect();
            assert_eq!(alone, told);
        }
    }
}
