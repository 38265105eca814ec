//! RFC 9293 Figure 5 as a table: every state change of every preset is one of its arcs, every
//! arc's suggestion takes it, and together the presets and the suggestions take every arc but
//! the ones the table says no scenario of the lab can show (and why).

mod common;

use std::collections::BTreeSet;

use common::{assert_korean, ran, scenario};
use handshake_core::endpoint::Cause;
use handshake_core::presets::PRESETS;
use handshake_core::sim::{Action, Simulator, UserCall};
use handshake_core::trace::TraceKind;
use handshake_core::{Instant, State};
use handshake_explain::arcs::{
    ARCS, Act, ArcId, Coverage, FIGURE_ARCS, Show, arc_of, label, taken,
};
use handshake_explain::learn::Origin;
use handshake_explain::{Lang, cause_label};

/// The run a suggestion describes: its scenario, with the student's step done at its time.
fn suggested(show: &Show) -> Option<Simulator> {
    let Show::Run { origin, step, .. } = show else {
        return None;
    };
    let mut sim = Simulator::new(&scenario(*origin)).unwrap();
    if let Some(step) = step {
        sim.run_until(Instant::from_millis(step.at_ms));
        let action = match step.act {
            Act::Listen => Action::Call {
                side: step.side,
                call: UserCall::Listen,
            },
            Act::Connect => Action::Call {
                side: step.side,
                call: UserCall::Connect,
            },
            Act::Close => Action::Call {
                side: step.side,
                call: UserCall::Close,
            },
            Act::Abort => Action::Call {
                side: step.side,
                call: UserCall::Abort,
            },
            Act::LoseAll => Action::SetLoss {
                side: step.side,
                probability: 1.0,
            },
        };
        sim.apply(action).unwrap();
    }
    sim.run_to_end();
    Some(sim)
}

#[test]
fn every_state_change_of_every_preset_is_an_arc_of_the_table() {
    let mut runs: Vec<(String, Simulator)> = PRESETS
        .iter()
        .map(|p| (p.slug.to_owned(), ran(Origin::Preset(p.slug))))
        .collect();
    for (i, a) in ARCS.iter().enumerate() {
        if let Some(sim) = suggested(&a.show) {
            runs.push((format!("suggestion of arc {i}"), sim));
        }
    }
    for (name, sim) in &runs {
        for e in sim.trace().iter() {
            if let TraceKind::State {
                from, to, cause, ..
            } = e.kind
            {
                if cause == Cause::Crash {
                    // A crash loses the TCB; it is no arc (arc_of's doc).
                    assert_eq!(arc_of(from, to, cause), None);
                    continue;
                }
                let id = arc_of(from, to, cause).unwrap_or_else(|| {
                    panic!("{name}: {from} → {to} ({cause}) is no arc of the table")
                });
                let arc = id.arc();
                assert_eq!(arc.to, to, "{name}: {from} → {to}");
                assert!(arc.from.is_none_or(|f| f == from), "{name}: {from} → {to}");
            }
        }
    }
}

#[test]
fn every_arc_is_shown_by_a_preset_or_its_suggestion_or_says_why_not() {
    let mut by_presets = BTreeSet::new();
    for p in PRESETS {
        by_presets.extend(taken(ran(Origin::Preset(p.slug)).trace()));
    }
    let mut never = Vec::new();
    for (i, a) in ARCS.iter().enumerate() {
        let id = ArcId(i as u8);
        match &a.show {
            Show::Run { hint, .. } => {
                let sim = suggested(&a.show).unwrap();
                let took: BTreeSet<ArcId> = taken(sim.trace()).collect();
                assert!(
                    took.contains(&id),
                    "arc {i} ({}) is not taken by its suggestion: {}",
                    label(a, Lang::En),
                    hint.en
                );
                assert_korean(hint.ko, "hint");
            }
            Show::Never { why } => {
                assert!(
                    !by_presets.contains(&id),
                    "arc {i} is said to be unshowable, but a preset takes it"
                );
                assert_korean(why.ko, "reason");
                never.push(i);
            }
        }
    }
    // Only the in-window SYN in SYN-RECEIVED cannot be shown yet (no hand-made segments).
    assert_eq!(never, [24]);
    let missing: Vec<usize> = (0..ARCS.len())
        .filter(|i| !by_presets.contains(&ArcId(*i as u8)))
        .collect();
    eprintln!("arcs no preset takes (their suggestions do): {missing:?}");
}

#[test]
fn figure_5_has_its_twenty_arcs_first_with_labels_in_both_languages() {
    assert_eq!(FIGURE_ARCS, 20);
    for (i, a) in ARCS.iter().enumerate() {
        assert_eq!(a.in_figure, i < FIGURE_ARCS, "arc {i}");
        if a.in_figure {
            assert!(a.from.is_some(), "arc {i}");
        }
        for lang in [Lang::En, Lang::Ko] {
            assert!(!a.event.get(lang).is_empty());
            assert!(!a.lines[0].get(lang).is_empty());
        }
        assert_korean(&label(a, Lang::Ko), "arc label");
        assert_korean(a.lines[0].ko, "arc label");
        assert_korean(a.lines[1].ko, "arc label");
        // The figure's two lines say the label.
        let en: String = [a.lines[0].en, a.lines[1].en].join(" ");
        assert!(
            en.contains(a.event.en) || a.event.en.starts_with(a.lines[0].en),
            "arc {i}: {en}"
        );
    }
    // Issue 10, item 10: "rcv SYN / snd SYN,ACK" and "rcv RST (note 1)" were English in the
    // Korean diagram.
    let syn = arc_of(
        State::Listen,
        State::SynReceived,
        handshake_core::Cause::SynReceived,
    )
    .unwrap()
    .arc();
    assert_eq!(label(syn, Lang::Ko), "SYN 수신 / SYN,ACK 송신");
    assert_eq!(label(&ARCS[6], Lang::Ko), "RST 수신 (주 1)");
    // Distinct (from, to) among the figure's arcs, so the figure's arc for a change is unique.
    let pairs: BTreeSet<_> = ARCS[..FIGURE_ARCS].iter().map(|a| (a.from, a.to)).collect();
    assert_eq!(pairs.len(), FIGURE_ARCS);
}

#[test]
fn the_cause_decides_between_the_figures_arc_and_an_omitted_one() {
    use handshake_core::Cause;
    use handshake_core::endpoint::{Retries, RetryLimit};
    // SYN-SENT → CLOSED: CLOSE is the figure's arc, a RST and a give-up are not.
    assert_eq!(
        arc_of(State::SynSent, State::Closed, Cause::Close),
        Some(ArcId(3))
    );
    assert_eq!(
        arc_of(State::SynSent, State::Closed, Cause::RstReceived),
        Some(ArcId(20))
    );
    let r = Retries {
        count: 3,
        limit: 3,
        limit_of: RetryLimit::Syn,
    };
    assert_eq!(
        arc_of(State::SynSent, State::Closed, Cause::RetriesExhausted(r)),
        Some(ArcId(22))
    );
    // SYN-RECEIVED → LISTEN: a RST is note 1's arc; a give-up and an in-window SYN are not.
    assert_eq!(
        arc_of(State::SynReceived, State::Listen, Cause::RstReceived),
        Some(ArcId(6))
    );
    assert_eq!(
        arc_of(
            State::SynReceived,
            State::Listen,
            Cause::RetriesExhausted(r)
        ),
        Some(ArcId(23))
    );
    assert_eq!(
        arc_of(State::SynReceived, State::Listen, Cause::SynInWindow),
        Some(ArcId(24))
    );
    assert_eq!(
        arc_of(State::Established, State::Closed, Cause::Abort),
        Some(ArcId(21))
    );
    // Not a transition of TCP at all.
    assert_eq!(
        arc_of(State::Established, State::Listen, Cause::Close),
        None
    );
    let _ = cause_label(Cause::Close, Lang::Ko);
}

#[test]
fn coverage_counts_the_arcs_seen_and_reads_back_from_its_text() {
    let sim = ran(Origin::Preset("normal-close"));
    let c = Coverage::default().with_run(&sim);
    // normal-close: passive OPEN, active OPEN, rcv SYN, rcv SYN,ACK, rcv ACK of SYN, CLOSE,
    // rcv FIN (CLOSE-WAIT), rcv ACK of FIN (FIN-WAIT-2), CLOSE (LAST-ACK), rcv FIN (TIME-WAIT),
    // rcv ACK of FIN (CLOSED), 2MSL.
    assert_eq!(c.figure_seen(), 12);
    assert_eq!(c.others_seen(), 0);
    assert_eq!(Coverage::decode(&c.encode()), c);
    assert_eq!(Coverage::decode("not hex"), Coverage::default());
    assert_eq!(Coverage::decode(""), Coverage::default());
    // Bits beyond the table are dropped.
    assert_eq!(Coverage::decode("ffffffffffffffff").missing().count(), 0);
    assert_eq!(
        Coverage::decode("ffffffffffffffff").figure_seen(),
        FIGURE_ARCS
    );
    let more = c.with_run(&ran(Origin::Preset("rst-closed-port")));
    assert_eq!(more.others_seen(), 1);
    assert!(more.missing().all(|id| !more.has(id)));
}
