//! The passive observer (handshake-core `observer`) on the real captures of `tests/data/`.
//!
//! Two levels, as in `handshake-core/tests/reference.rs` and `transcripts.rs`:
//! * `KEY_FACTS`, written by hand from what each conversation did (the script in
//!   `tests/data/src/converse.py`, the kernel's documented behaviour in
//!   `shared/reference/linux.md`): the initial and final state of each end and the notes where
//!   the capture and RFC 9293's rules disagree;
//! * `tests/data/NAME.expected`, every inferred event reduced to its facts (sides, ids, flags,
//!   relative numbers, verdicts, state changes with causes, notes) — written by the code with
//!   `UPDATE_EXPECT=1` and read line by line against tshark's view of the same file before being
//!   checked in; any change shows as a diff.

use std::fmt::Write as _;
use std::path::PathBuf;

use handshake_capture::{Limits, read_capture_bytes};
use handshake_core::observer::{Observation, ObserverOptions, observe};
use handshake_core::observer_note::ObserverNote;
use handshake_core::state::State;
use handshake_core::trace::TraceKind;
use handshake_core::vocab::Side;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn observations(name: &str) -> Vec<Observation> {
    let bytes = std::fs::read(dir().join(name)).unwrap();
    let cap = read_capture_bytes(&bytes, Limits::DEFAULT).unwrap();
    cap.connections
        .iter()
        .map(|c| observe(&c.segments, ObserverOptions::default()))
        .collect()
}

fn letter(s: Side) -> char {
    s.letter()
}

/// One line per fact; times left out (they are the capture's, shown by the ladder).
fn canonical(o: &Observation) -> String {
    let mut out = String::new();
    for e in o.trace.iter() {
        let line = match &e.kind {
            TraceKind::Send { seg, .. } => {
                let ack = if seg.flags.ack() {
                    seg.rel_ack.to_string()
                } else {
                    "-".into()
                };
                let mut l = format!(
                    "{} send {} {} seq={} ack={ack} len={}",
                    letter(seg.from),
                    seg.id,
                    seg.flags.names().collect::<Vec<_>>().join(","),
                    seg.rel_seq,
                    seg.len
                );
                if let Some(o) = seg.retransmission_of {
                    write!(l, " rtx of {o}").unwrap();
                }
                l
            }
            TraceKind::Arrive { seg, verdict } => format!(
                "{} arrive {} {}",
                letter(seg.to()),
                seg.id,
                verdict.map_or("-", |v| v.name())
            ),
            TraceKind::State {
                side,
                from,
                to,
                cause,
                ..
            } => format!("{} {from} -> {to} {}", letter(*side), cause.name()),
            TraceKind::Observe {
                note: ObserverNote::Placement { .. },
                ..
            } => continue,
            TraceKind::Observe { side, note } => {
                let who = side.map_or('-', letter);
                let facts = match *note {
                    ObserverNote::Initial { state, basis } => {
                        format!("{} {}", state.map_or("unknown", State::name), basis.name())
                    }
                    ObserverNote::Gap { from, to } => format!("from={from} to={to}"),
                    ObserverNote::AckOfUnseen { ack, seen } => format!("ack={ack} seen={seen}"),
                    ObserverNote::Retransmission { of, after } => format!("of={of} after={after}"),
                    ObserverNote::UnexpectedSend { state } => {
                        state.map_or("unknown", State::name).to_string()
                    }
                    _ => String::new(),
                };
                format!("{who} note {} {facts}", note.name())
                    .trim_end()
                    .to_string()
            }
            other => panic!("the observer made a {} event", other.name()),
        };
        out.push_str(&line);
        out.push('\n');
    }
    let st = |s: Side| o.last[s.index()].map_or("unknown", State::name);
    writeln!(
        out,
        "final client={} server={}",
        st(Side::Client),
        st(Side::Server)
    )
    .unwrap();
    out
}

const CAPTURES: &[&str] = &[
    "lo-client-closes.pcap",
    "any-sll2-server-closes.pcap",
    "any-sll-rst.pcap",
    "lo-refused.pcapng",
    "lo-several.pcapng",
    "lo-retransmission.pcap",
    "cut-mid-connection.pcap",
    "cut-missing-data.pcap",
    "handshake-kernel-server.pcap",
    "kernel-closes-first-time-wait.pcap",
    "lost-last-ack-kernel-last-ack.pcap",
    "syn-retries-kernel-client.pcap",
];

#[test]
fn every_capture_matches_its_checked_in_observation() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for name in CAPTURES {
        let obs = observations(name);
        let mut text = format!("# {name}: the observer's facts (tests/observe.rs)\n");
        for (i, o) in obs.iter().enumerate() {
            writeln!(text, "== connection {} of {}", i + 1, obs.len()).unwrap();
            text.push_str(&canonical(o));
        }
        let path = dir().join(format!("{name}.expected"));
        if update {
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != text {
            failures.push(format!(
                "{name}: differs from {} (UPDATE_EXPECT=1 rewrites it; read the diff)\n{text}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

use State::*;

/// (file, connection, client at start, server at start, client at end, server at end,
///  inconsistency notes as "side:name").
type Facts = (
    &'static str,
    usize,
    Option<State>,
    Option<State>,
    Option<State>,
    Option<State>,
    &'static [&'static str],
);

const KEY_FACTS: &[Facts] = &[
    // The client closes first: it waits in TIME-WAIT, the server's LAST-ACK ends in CLOSED.
    (
        "lo-client-closes.pcap",
        1,
        Some(Closed),
        Some(Listen),
        Some(TimeWait),
        Some(Closed),
        &[],
    ),
    // The same, the other way round.
    (
        "any-sll2-server-closes.pcap",
        1,
        Some(Closed),
        Some(Listen),
        Some(Closed),
        Some(TimeWait),
        &[],
    ),
    // SO_LINGER 0: the client's close() is an abort; its RST closes the server too.
    (
        "any-sll-rst.pcap",
        1,
        Some(Closed),
        Some(Listen),
        Some(Closed),
        Some(Closed),
        &[],
    ),
    // Nothing listens: the SYN is answered by RST,ACK, the client's connect() fails.
    (
        "lo-refused.pcapng",
        1,
        Some(Closed),
        Some(Closed),
        Some(Closed),
        Some(Closed),
        &[],
    ),
    (
        "lo-several.pcapng",
        1,
        Some(Closed),
        Some(Closed),
        Some(Closed),
        Some(Closed),
        &[],
    ),
    (
        "lo-several.pcapng",
        2,
        Some(Closed),
        Some(Listen),
        Some(TimeWait),
        Some(Closed),
        &[],
    ),
    (
        "lo-several.pcapng",
        3,
        Some(Closed),
        Some(Listen),
        Some(Closed),
        Some(Closed),
        &[],
    ),
    // "hello" dropped after the capture saw it: the same bytes again, nothing inconsistent.
    (
        "lo-retransmission.pcap",
        1,
        Some(Closed),
        Some(Listen),
        Some(TimeWait),
        Some(Closed),
        &[],
    ),
    // No handshake in the capture: both ends assumed ESTABLISHED.
    (
        "cut-mid-connection.pcap",
        1,
        Some(Established),
        Some(Established),
        Some(TimeWait),
        Some(Closed),
        &[],
    ),
    // The client's "hello" removed: the server acknowledges 6 bytes the capture never showed.
    (
        "cut-missing-data.pcap",
        1,
        Some(Closed),
        Some(Listen),
        Some(TimeWait),
        Some(Closed),
        &["S:ack_of_unseen"],
    ),
    (
        "handshake-kernel-server.pcap",
        1,
        Some(Closed),
        Some(Listen),
        Some(Established),
        Some(Established),
        &[],
    ),
    // The test's peer re-sends a FIN after its FIN was acknowledged (it is CLOSED by then), twice,
    // then a bare ACK: the kernel in TIME-WAIT re-ACKs; the observer flags each.
    (
        "kernel-closes-first-time-wait.pcap",
        1,
        Some(Closed),
        Some(Listen),
        Some(Closed),
        Some(TimeWait),
        &[
            "C:unexpected_send",
            "C:unexpected_send",
            "C:unexpected_send",
        ],
    ),
    // The last ACK is lost: the kernel re-sends its FIN from LAST-ACK until the ACK comes.
    (
        "lost-last-ack-kernel-last-ack.pcap",
        1,
        Some(Closed),
        Some(Listen),
        Some(TimeWait),
        Some(Closed),
        &[],
    ),
    // Nobody answers: SYN-SENT to the end, the other end unknown.
    (
        "syn-retries-kernel-client.pcap",
        1,
        Some(Closed),
        None,
        Some(SynSent),
        None,
        &[],
    ),
];

#[test]
fn initial_and_final_states_and_inconsistencies_are_as_the_conversations_were() {
    for &(name, conn, c0, s0, c1, s1, notes) in KEY_FACTS {
        let o = &observations(name)[conn - 1];
        let at = format!("{name} connection {conn}");
        assert_eq!(o.initial, [c0, s0], "{at}: initial states");
        assert_eq!(o.last, [c1, s1], "{at}: final states");
        let found: Vec<String> = o
            .trace
            .iter()
            .filter_map(|e| match &e.kind {
                TraceKind::Observe {
                    side: Some(s),
                    note,
                } if note.is_inconsistency() => Some(format!("{}:{}", s.letter(), note.name())),
                _ => None,
            })
            .collect();
        assert_eq!(found, notes, "{at}: inconsistencies");
    }
}

#[test]
fn retransmissions_are_found_and_timed() {
    // lo-retransmission.pcap: frame 5 repeats frame 4 ("hello") after the kernel's 200 ms RTO
    // floor, 207.958 ms later (tshark marks frame 5 "TCP Retransmission").
    let o = &observations("lo-retransmission.pcap")[0];
    let rtx: Vec<_> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::Observe {
                note: ObserverNote::Retransmission { of, after },
                ..
            } => Some((of.to_string(), after.total_millis())),
            _ => None,
        })
        .collect();
    assert_eq!(rtx, vec![("C3".to_string(), 207)]);
    // syn-retries-kernel-client.pcap: ten retransmissions of the SYN, Linux's schedule
    // (shared/reference/linux.md: 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s after the first).
    let o = &observations("syn-retries-kernel-client.pcap")[0];
    let sends: Vec<u64> = o
        .trace
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Send { seg, .. } if seg.retransmission_of.is_some() => {
                Some((e.t.total_millis() + 500) / 1000)
            }
            _ => None,
        })
        .collect();
    assert_eq!(sends, vec![1, 2, 3, 4, 5, 7, 11, 20, 36, 68]);
}

#[test]
fn a_capture_at_the_client_places_the_server_half_a_round_trip_away() {
    // syn-retries has no answer: no round trip, both ends at the capture point.
    assert_eq!(
        observations("syn-retries-kernel-client.pcap")[0].distance,
        [handshake_core::Duration::ZERO; 2]
    );
    // handshake-kernel-server: the SYN,ACK answers the SYN within 164 µs, the peer's ACK comes
    // 54 ms after the SYN,ACK: the capture (at the TUN device) is far nearer the kernel server.
    let d = observations("handshake-kernel-server.pcap")[0].distance;
    assert_eq!(d[Side::Server.index()].total_micros(), 82);
    assert_eq!(d[Side::Client.index()].total_micros(), 26_915);
}
