//! The CI-sized slice of the exhaustive loss exploration (issue 5, item 1), the checker's own
//! tests, and the regression tests of what the exploration found. The lifecycle, the meaning of a
//! drop mask and the checker are in `exploration/mod.rs`; the full sweep (all 65,536 masks in both
//! profiles, and every delay) is `scripts/explore`.
//!
//! The slice is deterministic: in both profiles, every mask with at most two drops, every run of
//! consecutive drops from the first transmission, every 37th mask, and every delay plan — about
//! 4,100 runs, about 1.5 s in a debug build.

mod exploration;

use exploration::{Plan, Profile, Summary};
use handshake_core::scenario::{Match, Scenario};
use handshake_core::sim::{
    Action, Fault, Inject, SendData, SeqSpec, Side, Simulator, TcbVar, UserCall,
};
use handshake_core::trace::TraceKind;
use handshake_core::{Duration, Flags, Verdict};

/// The masks of the slice.
fn slice_masks() -> Vec<u16> {
    (0u32..exploration::MASKS)
        .filter(|m| m.count_ones() <= 2 || m % 37 == 0 || (m + 1).is_power_of_two())
        .map(|m| m as u16)
        .collect()
}

fn report(what: &str, summary: &Summary) {
    println!("{what}: {summary}");
    for f in &summary.failures {
        println!("{f}\n");
    }
    assert_eq!(
        summary.failed(),
        0,
        "{what}: {} of {} runs failed the checker (details above)",
        summary.failed(),
        summary.runs
    );
}

#[test]
fn lifecycle_under_a_slice_of_drop_masks_passes_every_check() {
    for profile in Profile::ALL {
        let summary = exploration::explore(profile, slice_masks().into_iter().map(Plan::Drops));
        report(&format!("{profile} drops"), &summary);
        assert!(summary.runs > 1900);
    }
}

/// The forked sweep (`scripts/explore`'s default) sums up exactly as running every mask from
/// scratch: over the first 8 bits (256 masks) of the reference profile, and the first 11 (2,048
/// masks) of the one-segment profile, where runs that end before their 11th transmission stand
/// for several masks.
#[test]
fn the_forked_sweep_equals_running_every_mask_from_scratch() {
    for (profile, bits) in [(Profile::Reference, 8), (Profile::OneSegment, 11)] {
        let masks = 1u64 << bits;
        let plain = exploration::explore(profile, (0..masks).map(|m| Plan::Drops(m as u16)));
        for threads in [1, 2] {
            let forked = exploration::explore_drops_forked(profile, bits, threads);
            let what = format!("{profile}, {threads} thread(s)");
            assert_eq!(forked.runs, masks, "{what}");
            assert_eq!(forked.runs, plain.runs, "{what}");
            assert_eq!(forked.failed(), plain.failed(), "{what}");
            assert_eq!(forked.outcomes, plain.outcomes, "{what}");
            assert_eq!(forked.examples, plain.examples, "{what}");
            assert_eq!(forked.effective_masks, plain.effective_masks, "{what}");
            assert_eq!(forked.max_time, plain.max_time, "{what}");
            assert_eq!(forked.max_events, plain.max_events, "{what}");
            assert_eq!(forked.max_transmissions, plain.max_transmissions, "{what}");
            assert_eq!(forked.busiest, plain.busiest, "{what}");
            assert_eq!(forked.events, plain.events, "{what}");
            // Not a tautology: the outcomes are mixed, and where the runs are short some masks
            // are not effective (their branch stood for several).
            assert!(plain.outcomes.len() > 1, "{what}");
            if profile == Profile::OneSegment {
                assert!(plain.effective_masks < masks, "{what}");
            }
        }
    }
}

#[test]
fn lifecycle_under_every_single_delay_passes_every_check() {
    for profile in Profile::ALL {
        let plans = exploration::delay_plans(profile);
        assert!(plans.len() >= 10 * exploration::DELAYS_MS.len());
        let summary = exploration::explore(profile, plans);
        report(&format!("{profile} delays"), &summary);
    }
}

#[test]
fn loss_free_lifecycle_closes_cleanly_in_both_profiles() {
    for profile in Profile::ALL {
        let run = exploration::run(profile, Plan::Drops(0));
        let outcome = exploration::check(&run).unwrap_or_else(|e| panic!("{profile}: {e}"));
        assert_eq!(outcome.client, exploration::Ending::Clean);
        assert_eq!(outcome.server, exploration::Ending::Clean);
    }
    // One segment each way in the one-segment profile: SYN, SYN,ACK, data, ACK, data, ACK, FIN,
    // ACK, FIN, ACK.
    assert_eq!(
        exploration::loss_free_transmissions(Profile::OneSegment),
        10
    );
}

#[test]
fn a_failing_run_prints_a_scenario_that_replays_it() {
    // Any run's scenario file reproduces its trace exactly (what a failure report relies on).
    for (profile, mask) in [(Profile::OneSegment, 0x1830), (Profile::Reference, 0x0105)] {
        let run = exploration::run(profile, Plan::Drops(mask));
        let sim = run.sim.as_ref().expect("ran");
        let json = run.scenario().to_json();
        let mut again = Simulator::new(&Scenario::from_json(&json).expect("parses")).unwrap();
        again.run_to_end();
        assert_eq!(again.trace(), sim.trace(), "{profile} 0x{mask:04x}");
    }
}

// ----- the checker can fail ----------------------------------------------------------------

/// The lifecycle's opening (listen, connect, the client's 1 KB queued) in the one-segment
/// profile, plus `more`.
fn opening(more: impl FnOnce(Scenario) -> Scenario) -> exploration::Run {
    let s = more(Profile::OneSegment.scenario());
    exploration::run_scenario(Profile::OneSegment, &s)
}

fn server_reply(s: Scenario, at: u64) -> Scenario {
    s.call(
        at,
        Side::Server,
        UserCall::Send(SendData::Text(exploration::stream_text('s'))),
    )
}

#[test]
fn checker_accepts_the_lifecycle_written_by_hand() {
    let run = opening(|s| {
        server_reply(s, 300)
            .call(1000, Side::Client, UserCall::Close)
            .call(2000, Side::Server, UserCall::Close)
    });
    assert!(
        exploration::check(&run).is_ok(),
        "{:?}",
        exploration::check(&run)
    );
}

#[test]
fn checker_rejects_a_connection_left_established_with_no_timer() {
    let run = opening(|s| server_reply(s, 300));
    let err = exploration::check(&run).unwrap_err();
    assert!(
        err.contains("left in ESTABLISHED with no timer running"),
        "{err}"
    );
}

#[test]
fn checker_rejects_a_failure_the_application_never_heard_of() {
    // ABORT: the client's own application knows, but it never sees "reset" or "timed out".
    let run = opening(|s| server_reply(s, 300).call(1000, Side::Client, UserCall::Abort));
    let err = exploration::check(&run).unwrap_err();
    assert!(err.contains("the client ended in CLOSED without"), "{err}");
}

#[test]
fn checker_rejects_a_clean_close_that_delivered_too_few_bytes() {
    let run = opening(|s| {
        s.call(
            300,
            Side::Server,
            UserCall::Send(SendData::Text("short".into())),
        )
        .call(1000, Side::Client, UserCall::Close)
        .call(2000, Side::Server, UserCall::Close)
    });
    let err = exploration::check(&run).unwrap_err();
    assert!(
        err.contains("the client received 5 of the 5 bytes"),
        "{err}"
    );
}

#[test]
fn checker_rejects_a_client_that_never_passed_through_time_wait() {
    // The server closes first, so the client is the passive closer and skips TIME-WAIT.
    let run = opening(|s| {
        server_reply(s, 300)
            .call(1000, Side::Server, UserCall::Close)
            .call(2000, Side::Client, UserCall::Close)
    });
    let err = exploration::check(&run).unwrap_err();
    assert!(err.contains("never entered TIME-WAIT"), "{err}");
}

/// A hand-made data segment from the client, far past the server's window (RFC 9293
/// §3.10.7.4: not acceptable, answered with an ACK, dropped).
fn far_past_the_window() -> Inject {
    let mut far = Inject::new(
        Flags::ACK,
        SeqSpec::Relative {
            side: Side::Server,
            var: TcbVar::RcvNxt,
            offset: 20_000,
        },
        SeqSpec::Relative {
            side: Side::Server,
            var: TcbVar::SndNxt,
            offset: 0,
        },
    );
    far.data = Some(SendData::Text("x".into()));
    far
}

#[test]
fn checker_rejects_a_segment_beyond_the_receive_window() {
    let far = far_past_the_window();
    let run = opening(|s| {
        server_reply(s, 300).at(
            500,
            Action::Inject {
                side: Side::Client,
                segment: far,
            },
        )
    });
    let err = exploration::check(&run).unwrap_err();
    assert!(err.contains("outside the server's receive window"), "{err}");
}

/// The forked sweep's checker reads each branch's lists a piece at a time, up to each fork
/// (`exploration::Scan`): read in pieces of any size, a run gives what one reading of the whole
/// run gives, whether it passes or breaks a rule.
#[test]
fn checker_reads_a_run_in_pieces_as_at_once() {
    let far = far_past_the_window();
    let mut runs = vec![
        // Rule 8 broken twice, the first one reported.
        opening(|s| {
            server_reply(s, 300)
                .at(
                    500,
                    Action::Inject {
                        side: Side::Client,
                        segment: far.clone(),
                    },
                )
                .at(
                    700,
                    Action::Inject {
                        side: Side::Client,
                        segment: far,
                    },
                )
        }),
        // Rule 6 broken.
        opening(|s| {
            server_reply(s, 300)
                .call(1000, Side::Server, UserCall::Close)
                .call(2000, Side::Client, UserCall::Close)
        }),
    ];
    // Runs that pass, with rejected bare ACKs answered (rule 7's chains) and retransmissions.
    for mask in [0, 0x27fc, 0x0105, 0x924d, 0x00ff] {
        runs.push(exploration::run(Profile::Reference, Plan::Drops(mask)));
    }
    for (k, run) in runs.iter().enumerate() {
        let sim = run.sim.as_ref().expect("ran");
        let whole = exploration::Scan::default().finish(sim);
        match k {
            0 => assert!(
                whole.as_ref().is_err_and(|e| e.starts_with("C*1 ")),
                "{whole:?}"
            ),
            // No TIME-WAIT: the server closed first, or (0x00ff) the client timed out.
            1 | 6 => assert_eq!(whole, Ok(false)),
            _ => assert_eq!(whole, Ok(true), "run {k}"),
        }
        let (txs, events) = (sim.transmissions().len(), sim.trace().len());
        for piece in [1, 2, 3, 7, 40] {
            let mut scan = exploration::Scan::default();
            let (mut t, mut e) = (0, 0);
            while t < txs || e < events {
                t = (t + piece).min(txs);
                e = (e + 2 * piece).min(events);
                scan.scan(sim, t, e);
            }
            assert_eq!(scan.finish(sim), whole, "run {k}, pieces of {piece}");
        }
    }
}

#[test]
fn checker_rejects_panics_and_runs_that_hit_the_bound() {
    let mut run = exploration::run(Profile::OneSegment, Plan::Drops(0));
    run.bound_hit = Some("test".into());
    assert!(exploration::check(&run).unwrap_err().contains("bound"));
    run.panic = Some("boom".into());
    assert!(
        exploration::check(&run)
            .unwrap_err()
            .contains("panicked: boom")
    );
}

// ----- regression tests for what the exploration found -------------------------------------

/// The `nth` segment carrying data that `side` sends.
fn nth_data(side: Side, nth: u32) -> Match {
    Match::Rule {
        from: Some(side),
        flags: None,
        payload: Some(true),
        retransmission: None,
        nth: Some(nth),
    }
}

/// Reference profile (window 1000, MSS 100): the client fills the server's window at once, the
/// server replies with `reply` bytes once it is ESTABLISHED.
fn full_window_exchange(reply: u32) -> Scenario {
    Scenario::default()
        .call(0, Side::Server, UserCall::Listen)
        .call(0, Side::Client, UserCall::Connect)
        .call(0, Side::Client, UserCall::Send(SendData::Pattern(1000)))
        .call(300, Side::Server, UserCall::Send(SendData::Pattern(reply)))
}

/// Bare ACKs that arrived and were rejected ("outside the receive window" or "old").
fn rejected_bare_acks(sim: &Simulator) -> Vec<String> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Arrive {
                seg,
                verdict: Some(v @ (Verdict::OutOfWindow | Verdict::Old)),
            } if seg.len == 0 && seg.flags == Flags::ACK => {
                Some(format!("{} at {} ({})", seg.id, e.t, v))
            }
            _ => None,
        })
        .collect()
}

/// Finding 1 of the exploration (reference profile, e.g. drop mask 0x27fc; fixed in the core as
/// open choice 14). RFC 9293 §3.10.7.4 gives the acceptability test of a zero-length segment as
/// "RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND". A peer that has filled our window sends its ACKs with
/// SEG.SEQ = SND.NXT = RCV.NXT + RCV.WND while the first of those bytes is still missing here, so
/// the literal test dropped them, and with them their ACK field. Here the client's first data
/// segment is only delayed (nothing is lost): the server's 300 bytes all arrive and are
/// acknowledged at once, so the server must not retransmit.
#[test]
fn acks_from_a_peer_that_filled_the_window_behind_a_gap_are_accepted() {
    let s = full_window_exchange(300).fault(
        nth_data(Side::Client, 1),
        Fault::Delay(Duration::from_millis(800)),
    );
    let mut sim = Simulator::new(&s).unwrap();
    sim.run_to_end();
    assert_eq!(rejected_bare_acks(&sim), Vec::<String>::new());
    let server_retransmissions: Vec<String> = sim
        .transmissions()
        .iter()
        .filter(|t| t.from == Side::Server && t.retransmission_of.is_some())
        .map(|t| t.id.to_string())
        .collect();
    assert_eq!(server_retransmissions, Vec::<String>::new());
}

/// Finding 1, its worst form: both directions fill the peer's window and lose their first data
/// segment. With the literal test each end rejected the other's ACKs and answered each with an
/// ACK that was rejected in turn — an ACK war (72 rejected ACKs in 0.8 s here, until the first
/// retransmission filled a gap; as long as the RTO backoff when retransmissions are lost too).
#[test]
fn no_ack_war_when_both_windows_are_full_behind_a_lost_segment() {
    let s = full_window_exchange(1000)
        .fault(nth_data(Side::Client, 1), Fault::Drop)
        .fault(nth_data(Side::Server, 1), Fault::Drop);
    let mut sim = Simulator::new(&s).unwrap();
    sim.run_to_end();
    assert_eq!(rejected_bare_acks(&sim), Vec::<String>::new());
    assert_eq!(sim.app(Side::Client).received.len(), 1000);
    assert_eq!(sim.app(Side::Server).received.len(), 1000);
}
