//! Conformance with the reference scenarios (`shared/reference/scenarios.md`, worked by hand from
//! RFC 9293 and RFC 6298): each `reference/sNN.json` is run under the reference profile and its
//! trace, reduced to the facts the reference tables state — every segment with its flags and
//! sequence numbers relative to the ISSs (`x` for the client, `y` for the server), every drop,
//! arrival verdict, state change, timer event, RTO change, delivery and application event — is
//! compared event by event with `reference/sNN.expected`, written by hand from the tables (not
//! generated from our output).
//!
//! Within one instant events are compared as a set (the tables give no order inside an instant);
//! across instants the order must match. Scenarios that the reference starts in ESTABLISHED run a
//! real handshake first, so their times are the table's plus an offset stated in the file.

use std::fmt::Write as _;

use handshake_core::scenario::Scenario;
use handshake_core::seq::SeqNumber;
use handshake_core::sim::{Side, Simulator};
use handshake_core::trace::{SegmentInfo, TraceKind};

fn rel(n: SeqNumber, base: SeqNumber, name: char) -> String {
    match n.relative_to(base) {
        0 => name.to_string(),
        d => format!("{name}+{d}"),
    }
}

fn side(s: Side) -> char {
    match s {
        Side::Client => 'C',
        Side::Server => 'S',
    }
}

fn flags(seg: &SegmentInfo) -> String {
    seg.flags.names().collect::<Vec<_>>().join(",")
}

/// The canonical lines of a run, grouped by instant.
fn canonical(sim: &Simulator) -> Vec<(String, Vec<String>)> {
    let iss = |s: Side| {
        sim.transmissions()
            .iter()
            .find(|t| t.from == s && t.segment.flags.syn())
            .map(|t| t.segment.seq)
            .unwrap_or(SeqNumber(0))
    };
    let (x, y) = (iss(Side::Client), iss(Side::Server));
    let base = |s: Side| match s {
        Side::Client => (x, 'x'),
        Side::Server => (y, 'y'),
    };
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for ev in sim.trace().iter() {
        let line = match &ev.kind {
            TraceKind::Call {
                side: s,
                call,
                error,
                ..
            } => {
                let err = error.map(|e| format!(" error: {e}")).unwrap_or_default();
                format!("{} call {}{err}", side(*s), call.name())
            }
            TraceKind::Send { seg, .. } => {
                let (sb, sn) = base(seg.from);
                let (ab, an) = base(seg.from.peer());
                let ack = if seg.flags.ack() {
                    rel(seg.ack, ab, an)
                } else {
                    "-".into()
                };
                let mut l = format!(
                    "{} send {} {} seq={} ack={} len={}",
                    side(seg.from),
                    seg.id,
                    flags(seg),
                    rel(seg.seq, sb, sn),
                    ack,
                    seg.len
                );
                if let Some(orig) = seg.retransmission_of {
                    write!(l, " rtx of {orig}").unwrap();
                }
                l
            }
            TraceKind::Arrive { seg, verdict } => format!(
                "{} arrive {} {}",
                side(seg.to()),
                seg.id,
                verdict.map_or("-", |v| v.name())
            ),
            TraceKind::Drop { seg, .. } => format!("drop {}", seg.id),
            TraceKind::Delay { seg, by, .. } => format!("delay {} by {by}", seg.id),
            TraceKind::Hold { seg, .. } => format!("hold {}", seg.id),
            TraceKind::Release { seg, .. } => format!("release {}", seg.id),
            TraceKind::Duplicate { seg, .. } => format!("duplicate {}", seg.id),
            TraceKind::State {
                side: s, from, to, ..
            } => format!("{} {from} -> {to}", side(*s)),
            TraceKind::Timer {
                side: s,
                kind,
                action,
                deadline,
                ..
            } => {
                format!(
                    "{} timer {} {} @{deadline}",
                    side(*s),
                    kind.name(),
                    action.name()
                )
            }
            TraceKind::Rto {
                side: s,
                change,
                rto,
                ..
            } => {
                use handshake_core::endpoint::RtoChange;
                let what = match change {
                    RtoChange::Sample { rtt, .. } => format!("sample {rtt}"),
                    RtoChange::KarnNoSample => "karn".into(),
                    RtoChange::BackOff { .. } => "backoff".into(),
                    RtoChange::Linear => "linear".into(),
                    RtoChange::HandshakeFallback => "fallback".into(),
                };
                format!("{} rto {rto} {what}", side(*s))
            }
            TraceKind::Deliver { side: s, len, .. } => format!("{} deliver {len}", side(*s)),
            TraceKind::App { side: s, event } => format!("{} app {}", side(*s), event.name()),
            other => format!("{other:?}"),
        };
        let t = ev.t.to_string();
        match groups.last_mut() {
            Some((gt, lines)) if *gt == t => lines.push(line),
            _ => groups.push((t, vec![line])),
        }
    }
    for (_, lines) in &mut groups {
        lines.sort();
    }
    groups
}

/// Parses an expectation file: `<time> <event…>` lines; `#` starts a comment.
fn expected(text: &str) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        let (t, rest) = line
            .split_once(char::is_whitespace)
            .expect("`<time> <event>`");
        let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        match groups.last_mut() {
            Some((gt, lines)) if gt == t => lines.push(rest),
            _ => groups.push((t.to_string(), vec![rest])),
        }
    }
    for (_, lines) in &mut groups {
        lines.sort();
    }
    groups
}

fn render(groups: &[(String, Vec<String>)]) -> String {
    let mut s = String::new();
    for (t, lines) in groups {
        for l in lines {
            writeln!(s, "{t:>7} {l}").unwrap();
        }
    }
    s
}

fn check(name: &str) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/");
    let scenario_text = std::fs::read_to_string(format!("{dir}{name}.json")).unwrap();
    let expected_text = std::fs::read_to_string(format!("{dir}{name}.expected")).unwrap();
    let scenario = Scenario::from_json(&scenario_text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut sim = Simulator::new(&scenario).unwrap();
    sim.run_to_end();
    let got = canonical(&sim);
    let want = expected(&expected_text);
    if got != want {
        let (g, w) = (render(&got), render(&want));
        let first = g.lines().zip(w.lines()).position(|(a, b)| a != b);
        panic!(
            "{name}: the run differs from the reference.\n--- expected\n{w}--- got\n{g}\nfirst difference at line {}",
            first.map_or("(length)".into(), |i| (i + 1).to_string())
        );
    }
}

/// S01: "Exactly 3 segments. The ACK fields are x+1 and y+1 because each SYN occupies one sequence
/// number."
#[test]
fn s01_normal_three_way_handshake() {
    check("s01");
}

/// S02: "The retransmitted SYN carries the same ISS ... C's data RTO is 3 s afterwards: if C's first
/// data segment is lost, it is retransmitted 3 s later, not 1 s" (RFC 6298 (5.7)).
#[test]
fn s02_lost_syn_is_retransmitted_and_rto_becomes_three_seconds() {
    check("s02");
}

/// S04(a): "C (ESTABLISHED) receives #4: SEG.SEQ = y < RCV.NXT = y+1 → not acceptable ... C must
/// not reset."
#[test]
fn s04a_lost_handshake_ack_recovered_by_syn_ack_timer() {
    check("s04a");
}

/// S04(b): "In (b) S never retransmits its SYN,ACK."
#[test]
fn s04b_lost_handshake_ack_completed_by_data() {
    check("s04b");
}

/// S07: "S's application reads exactly bytes 1–100 at 0.1 and bytes 101–300 at 1.3, in order. D3 is
/// not retransmitted. The RTO backoff is kept after recovery."
#[test]
fn s07_lost_data_segment_only_the_hole_is_retransmitted() {
    check("s07");
}

/// S10: "Only the end that sent the first FIN (C) enters TIME-WAIT."
#[test]
fn s10_normal_four_segment_close() {
    check("s10");
}

/// S14: "The TIME-WAIT end re-ACKs (it does not ignore the FIN) and restarts its timer."
#[test]
fn s14_time_wait_reacks_retransmitted_fin() {
    check("s14");
}

/// S17: "A receiver processes segments in sequence order, so it cannot act on the FIN ... while any
/// byte before it is missing."
#[test]
fn s17_fin_overtaking_data_is_held_until_the_data_arrives() {
    check("s17");
}
