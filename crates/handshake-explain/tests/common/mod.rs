//! What the learning tests share: a run from a lesson's origin, and the words the Korean texts
//! may keep in Latin letters.

#![allow(dead_code)]

use handshake_core::presets;
use handshake_core::scenario::Scenario;
use handshake_core::sim::Simulator;
use handshake_explain::learn::Origin;

/// The scenario a lesson, a question or a suggestion runs.
pub fn scenario(origin: Origin) -> Scenario {
    match origin {
        Origin::Preset(slug) => presets::find(slug)
            .unwrap_or_else(|| panic!("no preset {slug}"))
            .scenario()
            .unwrap(),
        Origin::Scenario(json) => Scenario::from_json(json).unwrap(),
    }
}

/// A fresh simulator of it (nothing run yet).
pub fn simulator(origin: Origin) -> Simulator {
    Simulator::new(&scenario(origin)).unwrap()
}

/// The same run, to its end.
pub fn ran(origin: Origin) -> Simulator {
    let mut sim = simulator(origin);
    sim.run_to_end();
    sim
}

/// Latin words the Korean texts may hold: protocol names, header fields and TCB variables,
/// state names, calls as a program writes them, RFC citations, commands, units of the RFCs.
pub const LATIN_ALLOWED: &[&str] = &[
    "SYN",
    "ACK",
    "FIN",
    "RST",
    "PSH",
    "URG",
    "ECE",
    "CWR",
    "Seq",
    "Ack",
    "Len",
    "ISN",
    "IRS",
    "MSS",
    "RTO",
    "RTT",
    "SRTT",
    "RTTVAR",
    "MSL",
    "TCB",
    "RCV",
    "NXT",
    "SND",
    "UNA",
    "WND",
    "SEG",
    "SEQ",
    "LEN",
    "RFC",
    "MUST",
    "SHOULD",
    "NOT",
    "CLOSED",
    "LISTEN",
    "SENT",
    "RECEIVED",
    "RECV",
    "ESTABLISHED",
    "WAIT",
    "CLOSE",
    "CLOSING",
    "LAST",
    "TIME",
    "OPEN",
    "SEND",
    "ABORT",
    "Karn",
    "Linux",
    "TCP",
    "ICMP",
    "NAT",
    "SACK",
    "EOF",
    "SHUT",
    "WR",
    "ss",
    "tan",
    "state",
    "wait",
    "tcp",
    "fin",
    "timeout",
    "listen",
    "connect",
    "accept",
    "send",
    "close",
    "abort",
    "shutdown",
    "read",
    "ping",
    "Ctrl",
    "way",
    "half",
    "open",
    "keep",
    "alive",
    "handshake",
    "simultaneous",
    "Timeout",
    "ECONNRESET",
    "API",
];

/// Panics if the Korean `text` holds a Latin word that is not in [`LATIN_ALLOWED`] (ids like
/// C1 and S2 are allowed, and so are the hexadecimal numbers of the flag byte).
pub fn assert_korean(text: &str, what: &str) {
    // An old duplicate's id carries its age in the core's own notation (C3~3.5s, issue 13): the
    // id is a name, like C3, not English.
    let mut cleaned = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        cleaned.push(c);
        if c == '~' {
            while chars
                .peek()
                .is_some_and(|d| d.is_ascii_digit() || *d == '.')
            {
                cleaned.push(chars.next().unwrap());
            }
            if chars.peek() == Some(&'s') {
                chars.next();
            }
        }
    }
    for word in cleaned.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.is_empty() || LATIN_ALLOWED.contains(&word) {
            continue;
        }
        // Ids (C1, S2), and 0x12 or 0b0100000 once the digits are split off.
        if matches!(word, "C" | "S" | "M" | "x" | "b" | "R" | "G") {
            continue;
        }
        panic!("English word {word:?} in the Korean {what}: {text}");
    }
}
