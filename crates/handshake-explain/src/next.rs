//! What happens next, in a few words: the hint under the ladder in projector mode ("Next: the
//! server's FIN,ACK arrives" / "다음: 서버의 FIN,ACK가 도착합니다").
//!
//! Nothing is predicted here. The hint runs a copy of the simulation to its next instant (the
//! tape's actions that fall due on the way are applied, as the lab applies them) and words the
//! most telling event that the trace of that instant states: a user call, a timer's expiry, a
//! segment's arrival, a loss, a segment leaving, a state change, in that order. So the hint is
//! exactly what stepping forward will show.

use alloc::format;
use alloc::string::String;

use handshake_core::Instant;
use handshake_core::endpoint::{TimerAction, TimerKind};
use handshake_core::sim::Simulator;
use handshake_core::trace::{TraceEvent, TraceKind};
use handshake_core::vocab::{Side, TimedAction, UserCall};

use crate::format::flags_rfc;
use crate::korean::{Josa, josa};
use crate::lang::{Lang, say};

/// The events of the simulation's next instant: the trace that a step forward adds. `tape` is the
/// session's whole tape (as the lab keeps it); its actions not yet applied are applied when their
/// time comes, as [`Simulator::replay_onto`] does. Empty when nothing will happen any more.
pub fn next_events(
    sim: &Simulator,
    tape: &[TimedAction],
) -> (Instant, alloc::vec::Vec<TraceEvent>) {
    let from_sim = sim.next_event_time();
    let from_tape = tape.get(sim.actions().len()).map(|a| a.at);
    let next = match (from_sim, from_tape) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return (sim.now(), alloc::vec::Vec::new()),
    };
    let mut copy = sim.clone();
    let before = copy.trace().len();
    copy.replay_onto(tape, next);
    (next, copy.trace().events[before..].to_vec())
}

/// How telling an event is for the hint: lower comes first; `None` is never told.
fn rank(kind: &TraceKind) -> Option<u8> {
    Some(match kind {
        TraceKind::Call { error: None, .. } => 0,
        TraceKind::Timer {
            action: TimerAction::Fire,
            ..
        } => 1,
        TraceKind::Arrive { .. } => 2,
        TraceKind::Drop { .. } => 3,
        TraceKind::Send { .. } => 4,
        TraceKind::State { .. } => 5,
        _ => return None,
    })
}

/// "Next: the server's FIN,ACK arrives" / "다음: 서버의 FIN,ACK가 도착합니다", from the events
/// of the next instant ([`next_events`]); `None` when nothing will happen any more (or nothing
/// of that instant is worth a hint).
pub fn next_hint(sim: &Simulator, tape: &[TimedAction], lang: Lang) -> Option<String> {
    let (_, events) = next_events(sim, tape);
    let event = events
        .iter()
        .filter_map(|e| rank(&e.kind).map(|r| (r, e)))
        .min_by_key(|(r, _)| *r)?
        .1;
    let what = hint_words(&event.kind, lang)?;
    Some(say!(lang, format!("Next: {what}"), format!("다음: {what}")))
}

fn whose(side: Side, lang: Lang) -> &'static str {
    match (lang, side) {
        (Lang::En, Side::Client) => "the client's",
        (Lang::En, Side::Server) => "the server's",
        (Lang::Ko, Side::Client) => "클라이언트의",
        (Lang::Ko, Side::Server) => "서버의",
    }
}

fn who(side: Side, lang: Lang) -> &'static str {
    match (lang, side) {
        (Lang::En, Side::Client) => "the client",
        (Lang::En, Side::Server) => "the server",
        (Lang::Ko, Side::Client) => "클라이언트",
        (Lang::Ko, Side::Server) => "서버",
    }
}

/// The sentence after "Next:" for one event.
fn hint_words(kind: &TraceKind, lang: Lang) -> Option<String> {
    Some(match kind {
        TraceKind::Call { side, call, .. } => {
            let call = match call {
                UserCall::Send(d) => say!(
                    lang,
                    format!("send({} bytes)", d.len()),
                    format!("send({}바이트)", d.len())
                ),
                other => format!("{}()", other.name()),
            };
            say!(
                lang,
                format!("{} calls {call}", who(*side, lang)),
                format!("{}가 {}", who(*side, lang), josa(&call, Josa::Eul)) + " 호출합니다",
            )
        }
        TraceKind::Timer { side, kind, .. } => {
            let (en, ko) = match kind {
                TimerKind::Retransmission => ("retransmission timer", "재전송 타이머"),
                TimerKind::TimeWait => ("TIME-WAIT timer", "TIME-WAIT 타이머"),
                TimerKind::FinWait2 => ("FIN-WAIT-2 timer", "FIN-WAIT-2 타이머"),
                TimerKind::DelayedAck => ("delayed-ACK timer", "지연 ACK 타이머"),
            };
            say!(
                lang,
                format!("{} {en} expires", whose(*side, lang)),
                format!("{} {ko}가 만료됩니다", whose(*side, lang)),
            )
        }
        TraceKind::Arrive { seg, .. } => {
            let flags = flags_rfc(seg.flags);
            say!(
                lang,
                format!("{} {flags} arrives", whose(seg.from, lang)),
                format!(
                    "{} {} 도착합니다",
                    whose(seg.from, lang),
                    josa(&flags, Josa::I)
                ),
            )
        }
        TraceKind::Drop { seg, .. } => {
            let flags = flags_rfc(seg.flags);
            say!(
                lang,
                format!("{} {flags} is lost", whose(seg.from, lang)),
                format!(
                    "{} {} 사라집니다",
                    whose(seg.from, lang),
                    josa(&flags, Josa::I)
                ),
            )
        }
        TraceKind::Send { seg, .. } => {
            let flags = flags_rfc(seg.flags);
            say!(
                lang,
                format!("{} sends {flags}", who(seg.from, lang)),
                format!(
                    "{}가 {} 보냅니다",
                    who(seg.from, lang),
                    josa(&flags, Josa::Eul)
                ),
            )
        }
        TraceKind::State { side, to, .. } => say!(
            lang,
            format!("{} enters {}", who(*side, lang), to.name()),
            format!("{}가 {}", who(*side, lang), josa(to.name(), Josa::Euro)) + " 넘어갑니다",
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::presets;

    fn sim(preset: &str) -> Simulator {
        let scenario = presets::find(preset).unwrap().scenario().unwrap();
        Simulator::new(&scenario).unwrap()
    }

    #[test]
    fn the_hint_is_what_a_step_forward_shows() {
        // Before anything ran: the scenario's calls at 0 s come first.
        let mut s = sim("handshake");
        let first = next_hint(&s, &[], Lang::En).unwrap();
        assert!(first.starts_with("Next: the "), "{first}");
        assert!(first.contains("calls"), "{first}");
        // Step by step: every hint names an event the step then adds to the trace.
        while let Some(hint) = next_hint(&s, &[], Lang::En) {
            let before = s.trace().len();
            assert!(s.step());
            let added = &s.trace().events[before..];
            let told = added
                .iter()
                .filter_map(|e| hint_words(&e.kind, Lang::En))
                .any(|w| hint == format!("Next: {w}"));
            assert!(told, "{hint} is not among {added:?}");
        }
        assert!(s.is_finished());
    }

    #[test]
    fn an_arrival_is_named_by_its_sender_and_flags_in_both_languages() {
        let mut s = sim("handshake");
        // Run until a SYN is on its way: the next instant is its arrival.
        while !s
            .trace()
            .events
            .iter()
            .any(|e| matches!(e.kind, TraceKind::Send { .. }))
        {
            assert!(s.step());
        }
        assert_eq!(
            next_hint(&s, &[], Lang::En).as_deref(),
            Some("Next: the client's SYN arrives")
        );
        assert_eq!(
            next_hint(&s, &[], Lang::Ko).as_deref(),
            Some("다음: 클라이언트의 SYN이 도착합니다")
        );
    }

    #[test]
    fn nothing_is_hinted_after_the_end() {
        let mut s = sim("handshake");
        s.run_to_end();
        assert_eq!(next_hint(&s, &[], Lang::En), None);
    }

    #[test]
    fn a_tape_action_due_first_is_the_hint() {
        let mut s = sim("handshake");
        s.run_to_end();
        let end = s.now();
        let tape = alloc::vec![TimedAction {
            at: end + handshake_core::Duration::from_millis(100),
            action: handshake_core::vocab::Action::Call {
                side: Side::Client,
                call: UserCall::Close,
            },
        }];
        assert_eq!(
            next_hint(&s, &tape, Lang::En).as_deref(),
            Some("Next: the client calls close()")
        );
        assert_eq!(
            next_hint(&s, &tape, Lang::Ko).as_deref(),
            Some("다음: 클라이언트가 close()를 호출합니다")
        );
    }
}
