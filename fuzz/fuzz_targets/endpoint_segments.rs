//! A structured fuzzer for one `Endpoint`: an arbitrary sequence of user calls, arriving segments
//! and passing time. Segments are built relative to the endpoint's own numbers (its ISS, SND.NXT,
//! RCV.NXT, or the peer's ISN the fuzzer chose), so they land near the window edges where the
//! interesting checks are. Checked after every step:
//!
//! * nothing panics;
//! * no ACK this endpoint sends covers sequence space the peer never sent (RCV.NXT never passes
//!   the end of a segment it was given);
//! * every byte delivered to the application is the byte the peer sent at that position (the
//!   payloads carry a position-stamped pattern), in order, once;
//! * a timeout before the earliest deadline does nothing; `poll_timeout` is the earliest timer;
//! * a crash sends nothing, tells the application nothing and leaves no timer.
//!
//! The ops include a host crash and the broken-TCP switches (issue 13), so their paths are
//! fuzzed with the rest.

#![no_main]

use std::net::{Ipv4Addr, SocketAddrV4};

use arbitrary::Arbitrary;
use handshake_core::config::Counterfactual;
use handshake_core::{Config, Duration, Endpoint, Event, Flags, Instant, Segment, SeqNumber};
use libfuzzer_sys::fuzz_target;

const LOCAL: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 2), 5555);
const PEER: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 1), 40000);

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Base {
    /// Relative to the peer's ISN (the fuzzer's own numbering).
    PeerIsn,
    /// Relative to the endpoint's RCV.NXT.
    RcvNxt,
    /// An absolute number.
    Absolute,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum AckBase {
    /// Relative to the endpoint's ISS.
    Iss,
    /// Relative to the endpoint's SND.NXT.
    SndNxt,
    Absolute,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Listen,
    Connect,
    Send(u16),
    Close,
    Abort,
    Segment {
        seq_base: Base,
        seq_off: i16,
        ack_base: AckBase,
        ack_off: i16,
        flags: u8,
        window: u16,
        len: u16,
        mss: Option<u16>,
        wrong_port: bool,
    },
    /// Advance the clock by this many milliseconds, then handle timeouts.
    Wait(u16),
    /// Jump to the next deadline and handle it.
    NextTimeout,
    /// The host crashes: the TCB and its timers vanish.
    Crash,
    /// A broken-TCP switch (one of `Counterfactual::ALL`) on or off.
    Switch(u8, bool),
}

#[derive(Arbitrary, Debug)]
struct Input {
    mss: u16,
    window: u16,
    peer_isn: u32,
    seed: u64,
    ops: Vec<Op>,
}

/// The byte the peer sends at `offset` from its ISN (offset 1 is the first data byte).
fn pattern(offset: u32) -> u8 {
    (offset.wrapping_mul(31) ^ (offset >> 8)) as u8
}

struct Harness {
    ep: Endpoint,
    now: Instant,
    peer_isn: u32,
    /// The furthest sequence end (relative to `peer_isn`) of any segment handed to the endpoint.
    peer_high: u32,
    /// Bytes delivered so far on the current connection.
    delivered: u32,
    /// The IRS of the current connection, once the endpoint has one.
    irs: Option<SeqNumber>,
}

impl Harness {
    fn drain(&mut self) {
        while let Some(t) = self.ep.poll_transmit(self.now) {
            let seg = &t.segment;
            // An RST,ACK answering a segment when no connection exists acknowledges that
            // segment, which was given; everything else acknowledges RCV.NXT.
            if seg.flags.ack()
                && !seg.flags.rst()
                && let Some(irs) = self.irs
            {
                let rel = seg.ack.relative_to(irs);
                assert!(
                    rel <= self.peer_high,
                    "ACK {rel} covers unsent data: the peer sent up to {}",
                    self.peer_high
                );
            }
        }
        while let Some(ev) = self.ep.poll_event() {
            match ev {
                Event::Data(bytes) => {
                    for b in bytes {
                        self.delivered += 1;
                        assert_eq!(
                            b,
                            pattern(self.delivered),
                            "byte {} delivered wrong",
                            self.delivered
                        );
                    }
                }
                Event::App(_) => {}
            }
        }
        while self.ep.poll_note().is_some() {}
        // A new connection (or none) starts counting again.
        let irs = self.ep.tcb().and_then(|t| t.irs);
        if irs != self.irs {
            self.irs = irs;
            self.delivered = 0;
            self.peer_high = irs.map_or(0, |_| 1);
        }
        // poll_timeout is the earliest running timer.
        assert_eq!(
            self.ep.poll_timeout(),
            self.ep.timers().map(|t| t.deadline).min()
        );
    }

    fn segment(&mut self, op: &Op) -> Option<Segment> {
        let Op::Segment {
            seq_base,
            seq_off,
            ack_base,
            ack_off,
            flags,
            window,
            len,
            mss,
            wrong_port,
        } = *op
        else {
            return None;
        };
        let tcb = self.ep.tcb();
        let base = match (seq_base, self.irs, tcb.and_then(|t| t.rcv_nxt)) {
            (Base::RcvNxt, _, Some(r)) => r,
            (Base::Absolute, _, _) => SeqNumber(0),
            (_, Some(irs), _) => irs,
            _ => SeqNumber(self.peer_isn),
        };
        let seq = if matches!(seq_base, Base::Absolute) {
            SeqNumber(self.peer_isn.wrapping_add(seq_off as i32 as u32))
        } else {
            SeqNumber(base.0.wrapping_add(seq_off as i32 as u32))
        };
        let ack = match (ack_base, tcb) {
            (AckBase::Iss, Some(t)) => t.iss,
            (AckBase::SndNxt, Some(t)) => t.snd_nxt,
            _ => SeqNumber(0),
        };
        let ack = SeqNumber(ack.0.wrapping_add(ack_off as i32 as u32));
        // Payload bytes carry the pattern of their position from the peer's ISN.
        let origin = self.irs.unwrap_or(if flags & 0x02 != 0 {
            seq
        } else {
            SeqNumber(self.peer_isn)
        });
        let start = seq
            .relative_to(origin)
            .wrapping_add(u32::from(flags & 0x02 != 0));
        let len = len % 1500;
        let payload: Vec<u8> = (0..u32::from(len))
            .map(|i| pattern(start.wrapping_add(i)))
            .collect();
        Some(Segment {
            src_port: PEER.port(),
            dst_port: if wrong_port { 1 } else { LOCAL.port() },
            seq,
            ack,
            flags: Flags(flags),
            window,
            urgent: 0,
            mss,
            payload,
        })
    }

    fn give(&mut self, seg: Segment) {
        // What the peer has now sent, as far as the endpoint can know: the end of this segment
        // relative to the connection's IRS (or to this SYN, which becomes the IRS).
        let origin = self.irs.or(seg.flags.syn().then_some(seg.seq));
        let end = seg.seq_end();
        self.ep.handle_segment(self.now, PEER, &seg);
        // A SYN that became the IRS: count from it (its text too, which the two-way-handshake
        // switch accepts at once).
        let irs = self.ep.tcb().and_then(|t| t.irs);
        if irs != self.irs {
            self.irs = irs;
            self.delivered = 0;
            self.peer_high = 1;
        }
        if let Some(origin) = origin {
            let rel = end.relative_to(origin);
            if rel < 1 << 30 && irs == Some(origin) {
                self.peer_high = self.peer_high.max(rel);
            }
        }
    }
}

fuzz_target!(|input: Input| {
    let config = Config {
        mss: input.mss.clamp(1, 1460),
        window: input.window.max(1),
        ..Config::default()
    };
    let mut h = Harness {
        ep: Endpoint::new(config, LOCAL, input.seed),
        now: Instant::ZERO,
        peer_isn: input.peer_isn,
        peer_high: 0,
        delivered: 0,
        irs: None,
    };
    for op in input.ops.iter().take(64) {
        let now = h.now;
        match op {
            Op::Listen => drop(h.ep.listen(now)),
            Op::Connect => drop(h.ep.connect(now, PEER)),
            Op::Send(n) => drop(h.ep.send(now, &vec![b'x'; usize::from(*n % 4000)])),
            Op::Close => drop(h.ep.close(now)),
            Op::Abort => drop(h.ep.abort(now)),
            Op::Crash => {
                h.ep.crash(now);
                assert!(h.ep.poll_transmit(now).is_none(), "a crash sent something");
                assert!(h.ep.poll_event().is_none(), "a crash told the application");
                assert!(h.ep.timers().next().is_none(), "a timer survived a crash");
            }
            Op::Switch(which, on) => {
                let all = Counterfactual::ALL;
                h.ep.set_counterfactual(all[usize::from(*which) % all.len()], *on);
            }
            Op::Segment { .. } => {
                if let Some(seg) = h.segment(op) {
                    h.give(seg);
                }
            }
            Op::Wait(ms) => {
                let before = h.ep.poll_timeout();
                h.now += Duration::from_millis(u64::from(*ms));
                if before.is_none_or(|d| d > h.now) {
                    // Before any deadline a timeout is a no-op.
                    let state = h.ep.state();
                    h.ep.handle_timeout(h.now);
                    assert_eq!(h.ep.state(), state);
                    assert!(
                        h.ep.poll_transmit(h.now).is_none(),
                        "a timeout before its deadline sent something"
                    );
                } else {
                    h.ep.handle_timeout(h.now);
                }
            }
            Op::NextTimeout => {
                if let Some(d) = h.ep.poll_timeout() {
                    h.now = h.now.max(d);
                    h.ep.handle_timeout(h.now);
                }
            }
        }
        h.drain();
    }
});
