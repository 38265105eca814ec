//! Conformance with the reference scenarios (`shared/reference/scenarios.md`, worked by hand from
//! RFC 9293 and RFC 6298): each `reference/sNN.json` is run under the reference profile and its
//! trace, reduced to the facts the reference tables state — every segment with its flags and
//! sequence numbers relative to the ISSs (`x` for the client, `y` for the server), every drop,
//! arrival verdict, state change, timer event, RTO change, delivery and application event — is
//! compared event by event with `reference/sNN.expected`, written by hand from the tables (not
//! generated from our output).
//!
//! The scenarios of issue 13 (`fig8`, `fig9`, `fig10`, `time_wait_old_duplicate`) reproduce RFC
//! 9293's figures of old duplicates and half-open connections the same way: a side's later
//! connections have ISSs `x2`, `y2` (numbers are written relative to the nearest ISS of the
//! side, negative when below it), a line about a connection other than the side's first names
//! it (`C[2]`, `S[L]` for the listener, `C[-]` for the host with no socket), and hand-made segments,
//! old duplicates, crashes and reboots have lines of their own.
//!
//! Within one instant events are compared as a set (the tables give no order inside an instant);
//! across instants the order must match. Scenarios that the reference starts in ESTABLISHED run a
//! real handshake first, so their times are the table's plus an offset stated in the file.

use std::fmt::Write as _;

use handshake_core::scenario::Scenario;
use handshake_core::seq::SeqNumber;
use handshake_core::sim::{Conn, FaultSource, Side, Simulator};
use handshake_core::trace::{SegmentInfo, TraceKind};

/// A number relative to the nearest of a side's ISSs: `x`, `x+5`, `x-9`, `x2+1` (the first
/// connection's ISS is `x` / `y`, the n-th's `xn` / `yn`).
fn rel(n: SeqNumber, bases: &[(SeqNumber, String)]) -> String {
    let signed = |b: SeqNumber| n.relative_to(b) as i32 as i64;
    let Some((_, name)) = bases.iter().min_by_key(|(b, _)| signed(*b).abs()) else {
        return n.0.to_string();
    };
    let base = bases.iter().find(|(_, nm)| nm == name).map(|(b, _)| *b);
    match signed(base.unwrap_or(n)) {
        0 => name.clone(),
        d if d > 0 => format!("{name}+{d}"),
        d => format!("{name}{d}"),
    }
}

fn side(s: Side) -> char {
    match s {
        Side::Client => 'C',
        Side::Server => 'S',
    }
}

/// `C`, or `C[2]`, `S[L]`, `C[-]` when the trace names the socket.
fn who(s: Side, conn: Option<Conn>) -> String {
    match conn {
        None => side(s).to_string(),
        Some(Conn::Number(n)) => format!("{}[{n}]", side(s)),
        Some(Conn::Listener) => format!("{}[L]", side(s)),
        Some(Conn::NoSocket) => format!("{}[-]", side(s)),
    }
}

fn flags(seg: &SegmentInfo) -> String {
    seg.flags.names().collect::<Vec<_>>().join(",")
}

/// The canonical lines of a run, grouped by instant.
fn canonical(sim: &Simulator) -> Vec<(String, Vec<String>)> {
    // Every ISS a side chose: its original SYNs (endpoint transmissions, not retransmissions).
    let mut bases: [Vec<(SeqNumber, String)>; 2] = [Vec::new(), Vec::new()];
    for t in sim.transmissions() {
        let id = t.id;
        let original = id == id.source() && !id.injected && t.retransmission_of.is_none();
        let b = &mut bases[t.from.index()];
        if original && t.segment.flags.syn() && !b.iter().any(|(s, _)| *s == t.segment.seq) {
            let letter = if t.from == Side::Client { 'x' } else { 'y' };
            let name = match b.len() {
                0 => letter.to_string(),
                k => format!("{letter}{}", k + 1),
            };
            b.push((t.segment.seq, name));
        }
    }
    let numbers = |seg: &SegmentInfo| {
        let ack = if seg.flags.ack() {
            rel(seg.ack, &bases[seg.to().index()])
        } else {
            "-".into()
        };
        format!(
            "{} seq={} ack={ack} len={}",
            flags(seg),
            rel(seg.seq, &bases[seg.from.index()]),
            seg.len
        )
    };
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for ev in sim.trace().iter() {
        let c = ev.conn;
        let line = match &ev.kind {
            TraceKind::Call {
                side: s,
                call,
                error,
                ..
            } => {
                let err = error.map(|e| format!(" error: {e}")).unwrap_or_default();
                format!("{} call {}{err}", who(*s, c), call.name())
            }
            TraceKind::Send { seg, .. } => {
                let mut l = format!("{} send {} {}", who(seg.from, c), seg.id, numbers(seg));
                if let Some(orig) = seg.retransmission_of {
                    write!(l, " rtx of {orig}").unwrap();
                }
                l
            }
            TraceKind::Inject { seg, .. } => {
                format!("{} inject {} {}", side(seg.from), seg.id, numbers(seg))
            }
            TraceKind::OldDuplicate { seg, .. } => {
                format!("old_duplicate {} {}", seg.id, numbers(seg))
            }
            TraceKind::Arrive { seg, verdict } => format!(
                "{} arrive {} {}",
                who(seg.to(), c),
                seg.id,
                verdict.map_or("-", |v| v.name())
            ),
            TraceKind::Drop { seg, reason } => match reason {
                FaultSource::Msl | FaultSource::HostDown => {
                    format!("drop {} {}", seg.id, reason.name())
                }
                _ => format!("drop {}", seg.id),
            },
            TraceKind::Delay { seg, by, .. } => format!("delay {} by {by}", seg.id),
            TraceKind::Hold { seg, .. } => format!("hold {}", seg.id),
            TraceKind::Release { seg, .. } => format!("release {}", seg.id),
            TraceKind::Duplicate { seg, .. } => format!("duplicate {}", seg.id),
            TraceKind::State {
                side: s, from, to, ..
            } => format!("{} {from} -> {to}", who(*s, c)),
            TraceKind::Timer {
                side: s,
                kind,
                action,
                deadline,
                ..
            } => {
                format!(
                    "{} timer {} {} @{deadline}",
                    who(*s, c),
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
                format!("{} rto {rto} {what}", who(*s, c))
            }
            TraceKind::Deliver { side: s, len, .. } => format!("{} deliver {len}", who(*s, c)),
            TraceKind::App { side: s, event } => {
                format!("{} app {}", who(*s, c), event.name())
            }
            TraceKind::Crash { side: s } => format!("{} crash", side(*s)),
            TraceKind::Reboot { side: s } => format!("{} reboot", side(*s)),
            TraceKind::Switch {
                side: s,
                switch,
                on,
            } => format!(
                "{} switch {} {}",
                side(*s),
                switch.name(),
                if *on { "on" } else { "off" }
            ),
            TraceKind::NotTcp { side: s, switch } => {
                format!("{} not_tcp {}", who(*s, c), switch.name())
            }
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

/// RFC 9293 §3.5 Figure 8: "TCP A detects that the ACK field is incorrect and returns a RST
/// (reset) with its SEQ field selected to make the segment believable. TCP B, on receiving the
/// RST, returns to the LISTEN state. When the original SYN finally arrives at line 6, the
/// synchronization proceeds normally."
#[test]
fn fig8_an_old_duplicate_syn_is_refused_by_a_reset_and_the_real_one_succeeds() {
    check("fig8");
}

/// RFC 9293 §3.5.1 Figure 9: "TCP Peer A sees that this segment does not acknowledge anything it
/// sent and, being unsynchronized, sends a reset (RST) because it has detected a half-open
/// connection. TCP Peer B aborts at line 5. TCP Peer A will continue to try to establish the
/// connection".
#[test]
fn fig9_a_rebooted_client_discovers_the_half_open_connection_and_reconnects() {
    check("fig9");
}

/// RFC 9293 §3.5.1 Figure 10: "the data arriving at TCP Peer A from TCP Peer B (line 2) is
/// unacceptable because no such connection exists, so TCP Peer A sends a RST. The RST is
/// acceptable so TCP Peer B processes it and aborts the connection."
#[test]
fn fig10_data_to_a_rebooted_host_draws_a_reset_that_aborts_the_survivor() {
    check("fig10");
}

/// RFC 9293 §3.3.2 TIME-WAIT and §3.4.2 MSL: an old duplicate of the previous connection cannot
/// meet the next one, because the port pair stays busy for 2·MSL and the network bounds a
/// segment's life by MSL.
#[test]
fn time_wait_keeps_an_old_duplicate_from_meeting_the_next_connection() {
    check("time_wait_old_duplicate");
}
