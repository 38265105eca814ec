//! Interop: our sans-IO [`Endpoint`] against smoltcp 0.14, an independent TCP, exchanging real
//! IPv4+TCP bytes in both directions over an in-memory link (`interop/mod.rs`: 100 ms one way,
//! drop rules, one virtual clock, no OS sockets, threads or wall clock).
//!
//! Both orientations are covered — our client ↔ a smoltcp server socket, and a smoltcp client ↔
//! our listening endpoint — through the handshake, 1 KB each way, the close in both orders, and
//! the same with segments dropped. Every packet on the link, in either direction, is parsed by our
//! wire layer and by smoltcp's, and both verify its IPv4 and TCP checksums
//! (`interop::check_packet`).
//!
//! Where the stacks differ by a documented choice (docs/model.md, reference scenarios §4) the
//! test says so, cites the RFC clause, and asserts what each side does:
//!
//! * duplicate SYN in SYN-RECEIVED (choice 1): ours sends the RFC-literal ACK; smoltcp drops it;
//! * what restarts TIME-WAIT (choice 6): both restart on the retransmitted FIN;
//! * out-of-order FIN (choice 7): ours holds it (SHLD-31); smoltcp drops it;
//! * segment on give-up (choice 9): ours sends none; smoltcp sends an RST;
//! * RFC 6298 (5.7) after a SYN timeout (choice 10): ours 3 s; smoltcp keeps the backed-off RTO;
//! * retransmission on RTO (choice 11): ours one segment; smoltcp go-back-N; smoltcp also does
//!   RFC 5681 fast retransmit, which our model leaves out;
//! * TIME-WAIT: ours 2·MSL with MSL = 5 s; smoltcp a fixed `CLOSE_DELAY` of 10 s (same length
//!   here, different origin);
//! * delayed ACK: smoltcp's default is 10 ms. The harness turns it off (`set_ack_delay(None)`) so
//!   ACKs compare exactly, except in the test that shows it.
//!
//! Timing assertions are about virtual time only.

mod interop;

use handshake_core::wire::{TcpOption, TcpPacket};
use handshake_core::{AppEvent, Config, Duration, Event, Flags, Instant, State, Verdict};
use interop::{
    Dir, DropRule, Kind, LATENCY, Pair, Role, SMOL_TIME_WAIT, Setup, check_packet, secs,
};
use smoltcp::socket::tcp;

/// What our application sends: 1 KB.
fn ours_data() -> Vec<u8> {
    (0..1024u32).map(|i| (i * 7 + 1) as u8).collect()
}

/// What the smoltcp application sends: 1 KB, a different pattern.
fn smol_data() -> Vec<u8> {
    (0..1024u32).map(|i| 255 - (i * 13) as u8).collect()
}

fn ms(n: u64) -> Instant {
    Instant::from_millis(n)
}

const MINUTE: Duration = Duration::from_secs(60);

/// Our TIME-WAIT with the default profile: 2·MSL, MSL = 5 s.
fn ours_time_wait() -> Duration {
    Config::default().time_wait_len()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Ours,
    Smol,
}

fn established(p: &Pair) -> bool {
    p.ours_state() == State::Established && p.smol_state() == tcp::State::Established
}

fn both_closed(p: &Pair) -> bool {
    p.ours_state() == State::Closed && p.smol_state() == tcp::State::Closed
}

/// The standard lifecycle: handshake; both applications send 1 KB as soon as both ends are
/// ESTABLISHED; once each has received the other's 1 KB, `first` closes; the other closes as soon
/// as it has seen the FIN (CLOSE-WAIT); then both run until CLOSED.
fn lifecycle(setup: Setup, first: Side) -> Pair {
    let mut p = Pair::start(setup);
    p.run_until_cond("handshake", MINUTE, established);
    p.ours_send(&ours_data());
    p.smol_send(&smol_data());
    p.run_until_cond("1 KB each way", MINUTE, |p| {
        p.ours_rx.len() >= 1024 && p.smol_rx.len() >= 1024
    });
    match first {
        Side::Ours => {
            p.ours_close();
            p.run_until_cond("smoltcp in CLOSE-WAIT", MINUTE, |p| {
                p.smol_state() == tcp::State::CloseWait
            });
            p.smol_close();
        }
        Side::Smol => {
            p.smol_close();
            p.run_until_cond("ours in CLOSE-WAIT", MINUTE, |p| {
                p.ours_state() == State::CloseWait
            });
            p.ours_close();
        }
    }
    p.run_until_cond("both CLOSED", MINUTE.saturating_mul(3), both_closed);
    p
}

/// What every lifecycle must end with, drops or not: each application received exactly the other's
/// bytes, in order; both ends CLOSED; no RST anywhere; the active closer passed through TIME-WAIT
/// and stayed there at least its TIME-WAIT length; the passive closer went CLOSE-WAIT → LAST-ACK →
/// CLOSED and never through TIME-WAIT (RFC 9293 §3.6, Figure 12).
fn assert_clean_lifecycle(p: &Pair, first: Side) {
    let ladder = p.ladder();
    assert_eq!(p.ours_rx, smol_data(), "ours received\n{ladder}");
    assert_eq!(p.smol_rx, ours_data(), "smoltcp received\n{ladder}");
    assert!(both_closed(p), "{ladder}");
    assert!(
        p.log.iter().all(|pk| !pk.seg.flags.rst()),
        "no RST in a clean close\n{ladder}"
    );
    let ours = p.ours_state_path();
    let smol = p.smol_state_path();
    match first {
        Side::Ours => {
            let tw = p.ours_entered(State::TimeWait).expect(&ladder);
            let closed = p.ours_entered(State::Closed).expect(&ladder);
            assert!(closed - tw >= ours_time_wait(), "{ladder}");
            assert!(
                ours.ends_with(&[State::TimeWait, State::Closed]),
                "{ladder}"
            );
            assert!(
                smol.ends_with(&[
                    tcp::State::CloseWait,
                    tcp::State::LastAck,
                    tcp::State::Closed
                ]),
                "{ladder}"
            );
            assert!(!smol.contains(&tcp::State::TimeWait), "{ladder}");
        }
        Side::Smol => {
            let tw = p.smol_entered(tcp::State::TimeWait).expect(&ladder);
            let closed = p.smol_entered(tcp::State::Closed).expect(&ladder);
            assert!(closed - tw >= SMOL_TIME_WAIT, "{ladder}");
            assert!(
                smol.ends_with(&[tcp::State::TimeWait, tcp::State::Closed]),
                "{ladder}"
            );
            assert!(
                ours.ends_with(&[State::CloseWait, State::LastAck, State::Closed]),
                "{ladder}"
            );
            assert!(!ours.contains(&State::TimeWait), "{ladder}");
        }
    }
}

/// Times (virtual) at which `dir` sent a segment whose SEQ is `seq` and that carries `flags`.
fn sends_of(p: &Pair, dir: Dir, seq: u32, want: Flags) -> Vec<Instant> {
    p.packets(dir)
        .filter(|pk| pk.seg.seq.0 == seq && pk.seg.flags.contains(want))
        .map(|pk| pk.sent)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The check on every packet is real.
// ---------------------------------------------------------------------------------------------

/// The link's per-packet check rejects a packet whose TCP checksum is wrong, in our parser and in
/// smoltcp's (RFC 9293 §3.1: "The checksum field is the 16-bit ones' complement of the ones'
/// complement sum of all 16-bit words in the header and text").
#[test]
fn link_check_rejects_a_corrupted_packet_with_both_parsers() {
    let mut p = Pair::start(Setup::new(Role::OurClient));
    p.run_until_cond("handshake", MINUTE, established);
    let mut bytes = p.log[0].bytes.clone();
    assert!(check_packet(&bytes).is_ok());
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01; // last byte of the MSS option: the TCP checksum no longer matches
    assert!(check_packet(&bytes).is_err());
    let ip = smoltcp::wire::Ipv4Packet::new_checked(&bytes[..]).unwrap();
    let tcp = smoltcp::wire::TcpPacket::new_checked(ip.payload()).unwrap();
    let (src, dst) = (ip.src_addr().into(), ip.dst_addr().into());
    assert!(!tcp.verify_checksum(&src, &dst), "smoltcp agrees it is bad");
}

// ---------------------------------------------------------------------------------------------
// Handshake.
// ---------------------------------------------------------------------------------------------

/// RFC 9293 §3.5 Figure 6: `<SEQ=x><CTL=SYN>`, `<SEQ=y><ACK=x+1><CTL=SYN,ACK>`,
/// `<SEQ=x+1><ACK=y+1><CTL=ACK>`; each SYN occupies one sequence number (§3.4).
#[test]
fn handshake_completes_our_client_to_smoltcp_server() {
    let mut p = Pair::start(Setup::new(Role::OurClient));
    p.run_until(ms(1000));
    assert!(established(&p), "{}", p.ladder());
    let x = p.iss(Dir::OursToSmol);
    let y = p.iss(Dir::SmolToOurs);
    let segs: Vec<_> = p.log.iter().map(|pk| (pk.sent, pk.dir, &pk.seg)).collect();
    assert_eq!(segs.len(), 3, "{}", p.ladder());
    let (t0, d0, syn) = segs[0];
    assert_eq!(
        (t0, d0, syn.flags, syn.seq),
        (ms(0), Dir::OursToSmol, Flags::SYN, x)
    );
    // We announce MSS 100 (the reference profile); smoltcp announces 1500 − 20 − 20 = 1460.
    assert_eq!(syn.mss, Some(100));
    let (t1, d1, synack) = segs[1];
    assert_eq!(
        (t1, d1, synack.flags, synack.seq, synack.ack),
        (ms(100), Dir::SmolToOurs, Flags::SYN | Flags::ACK, y, x + 1)
    );
    assert_eq!(synack.mss, Some(1460));
    let (t2, d2, ack) = segs[2];
    assert_eq!(
        (t2, d2, ack.flags, ack.seq, ack.ack),
        (ms(200), Dir::OursToSmol, Flags::ACK, x + 1, y + 1)
    );
    assert_eq!(p.ours_entered(State::Established), Some(ms(200)));
    assert_eq!(p.smol_entered(tcp::State::Established), Some(ms(300)));
    assert_eq!(
        p.ours_events,
        vec![(ms(200), Event::App(AppEvent::Connected))]
    );
}

/// The same from the other side. smoltcp's SYN also offers window scaling and SACK (kinds 3 and
/// 4); our wire layer skips them, as RFC 9293 §3.1 requires: "A TCP implementation MUST (MUST-5)
/// ignore without error any TCP Option it does not implement, assuming that the option has a
/// length field." Our SYN,ACK offers neither, so smoltcp uses neither (RFC 7323 §1.3, RFC 2018).
#[test]
fn handshake_completes_smoltcp_client_to_our_server() {
    let mut p = Pair::start(Setup::new(Role::SmolClient));
    p.run_until(ms(1000));
    assert!(established(&p), "{}", p.ladder());
    let x = p.iss(Dir::SmolToOurs);
    let y = p.iss(Dir::OursToSmol);
    let flow: Vec<_> = p
        .log
        .iter()
        .map(|pk| (pk.sent, pk.dir, pk.seg.flags, pk.seg.seq, pk.seg.ack))
        .collect();
    assert_eq!(
        flow,
        vec![
            (
                ms(0),
                Dir::SmolToOurs,
                Flags::SYN,
                x,
                handshake_core::SeqNumber(0)
            ),
            (ms(100), Dir::OursToSmol, Flags::SYN | Flags::ACK, y, x + 1),
            (ms(200), Dir::SmolToOurs, Flags::ACK, x + 1, y + 1),
        ],
        "{}",
        p.ladder()
    );
    let syn = TcpPacket::new_checked(&p.log[0].bytes[20..]).unwrap();
    let kinds: Vec<u8> = syn
        .option_iter()
        .filter_map(|o| match o.unwrap() {
            TcpOption::MaxSegmentSize(_) => Some(2),
            TcpOption::Unknown { kind, .. } => Some(kind),
            _ => None,
        })
        .collect();
    assert!(
        kinds.contains(&2) && kinds.contains(&3) && kinds.contains(&4),
        "{kinds:?}"
    );
    assert_eq!(p.log[0].seg.mss, Some(1460));
    assert_eq!(p.smol_entered(tcp::State::Established), Some(ms(200)));
    assert_eq!(p.ours_entered(State::Established), Some(ms(300)));
}

// ---------------------------------------------------------------------------------------------
// 1 KB each way.
// ---------------------------------------------------------------------------------------------

/// Each side receives exactly the other's bytes, in order, and nobody sends a segment larger
/// than the peer's MSS: RFC 9293 §3.7.1, the effective send MSS "MUST be the smaller (MUST-16)
/// of the send MSS ... and the largest transmission size permitted by the IP layer".
fn kilobyte_each_way(role: Role) {
    let mut p = Pair::start(Setup::new(role));
    p.run_until_cond("handshake", MINUTE, established);
    p.ours_send(&ours_data());
    p.smol_send(&smol_data());
    p.run_until(p.now + Duration::from_secs(5));
    assert_eq!(p.ours_rx, smol_data(), "{}", p.ladder());
    assert_eq!(p.smol_rx, ours_data(), "{}", p.ladder());
    for pk in &p.log {
        assert!(pk.seg.payload.len() <= 100, "{}", p.ladder());
    }
    // Nothing was lost, so nothing is re-sent.
    assert!(p.log.iter().all(|pk| pk.retransmission != Some(true)));
    let ours_sent: Vec<u8> = p
        .packets(Dir::OursToSmol)
        .flat_map(|pk| pk.seg.payload.clone())
        .collect();
    assert_eq!(ours_sent, ours_data());
    // Our receive window is 1000 bytes: smoltcp sends 10 segments, then the last 24 bytes only
    // after our ACKs arrive (one RTT later).
    let smol_data_times: Vec<Instant> = p
        .packets(Dir::SmolToOurs)
        .filter(|pk| !pk.seg.payload.is_empty())
        .map(|pk| pk.sent)
        .collect();
    assert_eq!(smol_data_times.len(), 11);
    assert_eq!(
        smol_data_times[10] - smol_data_times[9],
        LATENCY.saturating_mul(2)
    );
    assert!(established(&p));
}

#[test]
fn kilobyte_each_way_our_client_smoltcp_server() {
    kilobyte_each_way(Role::OurClient);
}

#[test]
fn kilobyte_each_way_smoltcp_client_our_server() {
    kilobyte_each_way(Role::SmolClient);
}

// ---------------------------------------------------------------------------------------------
// Close, both orders, both orientations. RFC 9293 §3.6: only the end that sent the first FIN
// enters TIME-WAIT; four segments (FIN, ACK, FIN, ACK).
// ---------------------------------------------------------------------------------------------

fn close_segments(p: &Pair) -> Vec<(Dir, Flags)> {
    let first_fin = p.log.iter().position(|pk| pk.seg.flags.fin()).unwrap();
    p.log[first_fin..]
        .iter()
        .map(|pk| (pk.dir, pk.seg.flags))
        .collect()
}

#[test]
fn our_client_closes_first_and_passes_through_time_wait() {
    let p = lifecycle(Setup::new(Role::OurClient), Side::Ours);
    assert_clean_lifecycle(&p, Side::Ours);
    use State::*;
    assert_eq!(
        p.ours_state_path(),
        [SynSent, Established, FinWait1, FinWait2, TimeWait, Closed]
    );
    use tcp::State as S;
    assert_eq!(
        p.smol_state_path(),
        [
            S::Listen,
            S::SynReceived,
            S::Established,
            S::CloseWait,
            S::LastAck,
            S::Closed
        ]
    );
    assert_eq!(
        close_segments(&p),
        [
            (Dir::OursToSmol, Flags::FIN | Flags::ACK),
            (Dir::SmolToOurs, Flags::ACK),
            (Dir::SmolToOurs, Flags::FIN | Flags::ACK),
            (Dir::OursToSmol, Flags::ACK),
        ]
    );
    // §3.10.8: "If the time-wait timeout expires on a connection, delete the TCB, enter the
    // CLOSED state". Exactly 2·MSL after entering TIME-WAIT.
    let tw = p.ours_entered(TimeWait).unwrap();
    assert_eq!(p.ours_entered(Closed), Some(tw + ours_time_wait()));
    assert!(
        p.ours_events
            .iter()
            .any(|(_, e)| *e == Event::App(AppEvent::Closed))
    );
}

#[test]
fn smoltcp_server_closes_first_and_passes_through_time_wait() {
    let p = lifecycle(Setup::new(Role::OurClient), Side::Smol);
    assert_clean_lifecycle(&p, Side::Smol);
    use State::*;
    assert_eq!(
        p.ours_state_path(),
        [SynSent, Established, CloseWait, LastAck, Closed]
    );
    use tcp::State as S;
    assert_eq!(
        p.smol_state_path(),
        [
            S::Listen,
            S::SynReceived,
            S::Established,
            S::FinWait1,
            S::FinWait2,
            S::TimeWait,
            S::Closed
        ]
    );
    // smoltcp's TIME-WAIT is its fixed CLOSE_DELAY (10 s), not a function of an MSL.
    let tw = p.smol_entered(S::TimeWait).unwrap();
    assert_eq!(p.smol_entered(S::Closed), Some(tw + SMOL_TIME_WAIT));
    assert_eq!(close_segments(&p).len(), 4);
}

#[test]
fn smoltcp_client_closes_first_and_passes_through_time_wait() {
    let p = lifecycle(Setup::new(Role::SmolClient), Side::Smol);
    assert_clean_lifecycle(&p, Side::Smol);
    use State::*;
    assert_eq!(
        p.ours_state_path(),
        [Listen, SynReceived, Established, CloseWait, LastAck, Closed]
    );
    use tcp::State as S;
    assert_eq!(
        p.smol_state_path(),
        [
            S::SynSent,
            S::Established,
            S::FinWait1,
            S::FinWait2,
            S::TimeWait,
            S::Closed
        ]
    );
    let tw = p.smol_entered(S::TimeWait).unwrap();
    assert_eq!(p.smol_entered(S::Closed), Some(tw + SMOL_TIME_WAIT));
    assert_eq!(close_segments(&p).len(), 4);
}

#[test]
fn our_server_closes_first_and_passes_through_time_wait() {
    let p = lifecycle(Setup::new(Role::SmolClient), Side::Ours);
    assert_clean_lifecycle(&p, Side::Ours);
    use State::*;
    assert_eq!(
        p.ours_state_path(),
        [
            Listen,
            SynReceived,
            Established,
            FinWait1,
            FinWait2,
            TimeWait,
            Closed
        ]
    );
    use tcp::State as S;
    assert_eq!(
        p.smol_state_path(),
        [
            S::SynSent,
            S::Established,
            S::CloseWait,
            S::LastAck,
            S::Closed
        ]
    );
    let tw = p.ours_entered(TimeWait).unwrap();
    assert_eq!(p.ours_entered(Closed), Some(tw + ours_time_wait()));
    assert_eq!(close_segments(&p).len(), 4);
}

/// Both CLOSE at the same instant: the FINs cross, both ends go FIN-WAIT-1 → CLOSING →
/// TIME-WAIT (RFC 9293 §3.6 Figure 13, "Simultaneous Close Sequence").
#[test]
fn simultaneous_close_both_pass_through_closing_and_time_wait() {
    for role in [Role::OurClient, Role::SmolClient] {
        let mut p = Pair::start(Setup::new(role));
        p.run_until(ms(1000));
        p.ours_close();
        p.smol_close();
        p.run_until_cond("both CLOSED", MINUTE, both_closed);
        let ours = p.ours_state_path();
        assert!(
            ours.ends_with(&[
                State::Established,
                State::FinWait1,
                State::Closing,
                State::TimeWait,
                State::Closed
            ]),
            "{}",
            p.ladder()
        );
        let smol = p.smol_state_path();
        use tcp::State as S;
        assert!(
            smol.ends_with(&[
                S::Established,
                S::FinWait1,
                S::Closing,
                S::TimeWait,
                S::Closed
            ]),
            "{}",
            p.ladder()
        );
        assert_eq!(p.ours_entered(State::Closing), Some(ms(1100)));
        assert_eq!(p.ours_entered(State::TimeWait), Some(ms(1200)));
        assert_eq!(
            p.ours_entered(State::Closed),
            Some(ms(1200) + ours_time_wait())
        );
        assert_eq!(p.smol_entered(S::Closed), Some(ms(1200) + SMOL_TIME_WAIT));
    }
}

// ---------------------------------------------------------------------------------------------
// Drops on the link. Each runs the whole lifecycle and ends with `assert_clean_lifecycle`.
// ---------------------------------------------------------------------------------------------

/// S02: RFC 9293 §3.10.8, "send the segment at the front of the retransmission queue again": the
/// same SYN (same ISS) after the initial RTO of 1 s (RFC 6298 (2.1)).
#[test]
fn lost_syn_from_our_client_is_retransmitted_with_the_same_iss() {
    let setup = Setup::new(Role::OurClient).drop(DropRule::first(Dir::OursToSmol, Kind::Syn));
    let p = lifecycle(setup, Side::Ours);
    assert_clean_lifecycle(&p, Side::Ours);
    let x = p.iss(Dir::OursToSmol);
    assert_eq!(
        sends_of(&p, Dir::OursToSmol, x.0, Flags::SYN),
        [ms(0), ms(1000)]
    );
    assert_eq!(p.ours_entered(State::Established), Some(ms(1200)));
}

/// smoltcp does the same: its initial RTO is also 1 s (`RTTE_INITIAL_RTO`).
#[test]
fn lost_syn_from_smoltcp_client_is_retransmitted_after_one_second() {
    let setup = Setup::new(Role::SmolClient).drop(DropRule::first(Dir::SmolToOurs, Kind::Syn));
    let p = lifecycle(setup, Side::Smol);
    assert_clean_lifecycle(&p, Side::Smol);
    let x = p.iss(Dir::SmolToOurs);
    assert_eq!(
        sends_of(&p, Dir::SmolToOurs, x.0, Flags::SYN),
        [ms(0), ms(1000)]
    );
    assert_eq!(p.ours_entered(State::SynReceived), Some(ms(1100)));
    assert_eq!(p.smol_entered(tcp::State::Established), Some(ms(1200)));
}

/// smoltcp's SYN,ACK is lost. Our SYN goes again at 1.0 s and reaches smoltcp at 1.1 s, the
/// instant its own SYN,ACK timer fires (reference §0.3: this tie is unavoidable with equal RTOs);
/// exactly one SYN,ACK leaves smoltcp then. (What smoltcp does with the duplicate SYN alone is in
/// `duplicate_syn_in_syn_received_is_dropped_silently_by_smoltcp`.)
#[test]
fn lost_syn_ack_from_smoltcp_server_recovers() {
    let setup = Setup::new(Role::OurClient).drop(DropRule::first(Dir::SmolToOurs, Kind::SynAck));
    let p = lifecycle(setup, Side::Ours);
    assert_clean_lifecycle(&p, Side::Ours);
    let (x, y) = (p.iss(Dir::OursToSmol), p.iss(Dir::SmolToOurs));
    assert_eq!(
        sends_of(&p, Dir::OursToSmol, x.0, Flags::SYN),
        [ms(0), ms(1000)]
    );
    assert_eq!(
        sends_of(&p, Dir::SmolToOurs, y.0, Flags::SYN | Flags::ACK),
        [ms(100), ms(1100)]
    );
    assert_eq!(p.ours_entered(State::Established), Some(ms(1200)));
}

/// Our SYN,ACK is lost. smoltcp's SYN goes again at 1.0 s; our SYN-RECEIVED endpoint answers it
/// RFC-literally (open choice 1): SEG.SEQ = IRS < RCV.NXT fails the first check of §3.10.7.4,
/// "If an incoming segment is not acceptable, an acknowledgment should be sent in reply ...
/// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>". Our own timer re-sends the SYN,ACK at the same instant.
/// smoltcp, in SYN-SENT, drops the bare ACK: §3.10.7.3 "fifth, if neither of the SYN or RST bits
/// is set, then drop the segment and return" (its ACK number is acceptable, so no RST).
#[test]
fn lost_syn_ack_from_our_server_duplicate_syn_gets_the_rfc_ack() {
    let setup = Setup::new(Role::SmolClient).drop(DropRule::first(Dir::OursToSmol, Kind::SynAck));
    let p = lifecycle(setup, Side::Ours);
    assert_clean_lifecycle(&p, Side::Ours);
    let (x, y) = (p.iss(Dir::SmolToOurs), p.iss(Dir::OursToSmol));
    assert!(p.ours_verdicts.contains(&(ms(1100), Verdict::Old)));
    let at_1100: Vec<_> = p
        .packets(Dir::OursToSmol)
        .filter(|pk| pk.sent == ms(1100))
        .map(|pk| (pk.seg.flags, pk.seg.seq, pk.seg.ack))
        .collect();
    assert_eq!(
        at_1100,
        [
            (Flags::ACK, y + 1, x + 1),
            (Flags::SYN | Flags::ACK, y, x + 1)
        ],
        "{}",
        p.ladder()
    );
    assert_eq!(p.smol_entered(tcp::State::Established), Some(ms(1200)));
    assert_eq!(p.ours_entered(State::Established), Some(ms(1300)));
}

/// Open choice 1 on smoltcp's side: a duplicate SYN in SYN-RECEIVED is dropped silently (its
/// `process()` wants an ACK on every segment after the first SYN). To see it apart from smoltcp's
/// own SYN,ACK timer, our initial RTO is 1.5 s here and smoltcp's first two SYN,ACKs are lost:
/// our SYN is re-sent at 1.5 s, reaches smoltcp at 1.6 s, and nothing comes back until smoltcp's
/// timer fires at 3.1 s (RTO 1 s, then 2 s).
#[test]
fn duplicate_syn_in_syn_received_is_dropped_silently_by_smoltcp() {
    let mut setup = Setup::new(Role::OurClient)
        .drop(DropRule::nth(Dir::SmolToOurs, Kind::SynAck, 0))
        .drop(DropRule::nth(Dir::SmolToOurs, Kind::SynAck, 1));
    setup.ours_config = Config {
        rto_initial: Duration::from_millis(1500),
        ..Config::default()
    };
    let mut p = Pair::start(setup);
    p.run_until(ms(5000));
    let x = p.iss(Dir::OursToSmol);
    assert_eq!(
        sends_of(&p, Dir::OursToSmol, x.0, Flags::SYN),
        [ms(0), ms(1500)]
    );
    let smol_sends: Vec<Instant> = p.packets(Dir::SmolToOurs).map(|pk| pk.sent).collect();
    assert_eq!(smol_sends, [ms(100), ms(1100), ms(3100)], "{}", p.ladder());
    assert!(established(&p));
}

/// The third data segment is lost in each direction.
///
/// Ours (RFC 6298 (5.4), open choice 11): when the timer expires, "retransmit the earliest segment
/// that has not been acknowledged" — exactly one segment, one RTO after the ACK that last
/// advanced SND.UNA ((5.3)), no fast retransmit (RFC 5681 is outside the model).
///
/// smoltcp: RFC 5681 §3.2, "The TCP sender SHOULD use the "fast retransmit" algorithm ... the
/// arrival of 3 duplicate ACKs ... as an indication that a segment has been lost". Our endpoint
/// sends the immediate duplicate ACKs RFC 5681 §4.2 asks for ("A TCP receiver SHOULD send an
/// immediate duplicate ACK when an out-of-order segment arrives"), so smoltcp re-sends its lost
/// segment one RTT after the original, long before its RTO.
fn lost_data_segment_each_way(role: Role, first: Side) {
    let setup = Setup::new(role)
        .drop(DropRule::nth(Dir::OursToSmol, Kind::Data, 2))
        .drop(DropRule::nth(Dir::SmolToOurs, Kind::Data, 2));
    let p = lifecycle(setup, first);
    assert_clean_lifecycle(&p, first);
    let ladder = p.ladder();
    let lost = |dir: Dir| {
        p.packets(dir)
            .find(|pk| pk.dropped && !pk.seg.payload.is_empty())
            .map(|pk| (pk.seg.seq.0, pk.sent))
            .expect("a data segment was dropped")
    };
    // Ours: one retransmission in the whole run, of the lost segment, ≥ 1 s (the RTO) later.
    let (seq, sent) = lost(Dir::OursToSmol);
    let ours_rtx: Vec<_> = p
        .packets(Dir::OursToSmol)
        .filter(|pk| pk.retransmission == Some(true))
        .collect();
    assert_eq!(ours_rtx.len(), 1, "{ladder}");
    assert_eq!(ours_rtx[0].seg.seq.0, seq);
    assert!(
        ours_rtx[0].sent - sent >= Duration::from_secs(1),
        "{ladder}"
    );
    // Ours held the segments after the hole (SHLD-31) and sent duplicate ACKs for them.
    let queued = p
        .ours_verdicts
        .iter()
        .filter(|(_, v)| *v == Verdict::Queued)
        .count();
    assert!(queued >= 3, "{ladder}");
    // smoltcp: fast retransmit one RTT after the original, once.
    let (seq, sent) = lost(Dir::SmolToOurs);
    let resent = sends_of(&p, Dir::SmolToOurs, seq, Flags::ACK);
    assert_eq!(resent, [sent, sent + LATENCY.saturating_mul(2)], "{ladder}");
}

#[test]
fn lost_data_segment_each_way_our_client() {
    lost_data_segment_each_way(Role::OurClient, Side::Ours);
}

#[test]
fn lost_data_segment_each_way_smoltcp_client() {
    lost_data_segment_each_way(Role::SmolClient, Side::Smol);
}

/// S14 with us as the active closer: our last ACK is lost; smoltcp (LAST-ACK) re-sends its FIN
/// one RTO later; our TIME-WAIT re-ACKs it and restarts 2·MSL. RFC 9293 §3.10.7.4, TIME-WAIT:
/// "The only thing that can arrive in this state is a retransmission of the remote FIN.
/// Acknowledge it, and restart the 2 MSL timeout."
#[test]
fn lost_last_ack_our_time_wait_reacks_the_fin_and_restarts() {
    let setup = Setup::new(Role::OurClient).drop(DropRule::first(Dir::OursToSmol, Kind::AckOfFin));
    let p = lifecycle(setup, Side::Ours);
    assert_clean_lifecycle(&p, Side::Ours);
    let smol_fin = p
        .packets(Dir::SmolToOurs)
        .find(|pk| pk.seg.flags.fin())
        .unwrap()
        .seg
        .seq;
    let fins = sends_of(&p, Dir::SmolToOurs, smol_fin.0, Flags::FIN);
    assert_eq!(fins.len(), 2, "{}", p.ladder());
    assert_eq!(fins[1] - fins[0], Duration::from_secs(1));
    let reack = fins[1] + LATENCY;
    assert!(p.ours_verdicts.contains(&(reack, Verdict::TimeWaitReAck)));
    assert_eq!(
        p.ours_entered(State::Closed),
        Some(reack + ours_time_wait())
    );
}

/// S14 with smoltcp as the active closer: its last ACK is lost; we (LAST-ACK) re-send our FIN
/// one RTO later; smoltcp's TIME-WAIT re-ACKs it and restarts its 10 s. smoltcp restarts on any
/// out-of-window segment that is not an RST (open choice 6, `set_for_close` in `process()`); ours
/// only on the retransmitted FIN. With this trace the two rules give the same result.
#[test]
fn lost_last_ack_smoltcp_time_wait_reacks_the_fin_and_restarts() {
    let setup = Setup::new(Role::OurClient).drop(DropRule::first(Dir::SmolToOurs, Kind::AckOfFin));
    let p = lifecycle(setup, Side::Smol);
    assert_clean_lifecycle(&p, Side::Smol);
    let our_fin = p
        .packets(Dir::OursToSmol)
        .find(|pk| pk.seg.flags.fin())
        .unwrap();
    let fin_seq = our_fin.seg.seq.0;
    let fins: Vec<_> = p
        .packets(Dir::OursToSmol)
        .filter(|pk| pk.seg.flags.fin() && pk.seg.seq.0 == fin_seq)
        .map(|pk| (pk.sent, pk.retransmission))
        .collect();
    assert_eq!(fins.len(), 2, "{}", p.ladder());
    assert_eq!(fins[1].0 - fins[0].0, Duration::from_secs(1));
    assert_eq!(fins[1].1, Some(true));
    let arrives = fins[1].0 + LATENCY;
    assert_eq!(
        p.smol_entered(tcp::State::Closed),
        Some(arrives + SMOL_TIME_WAIT),
        "{}",
        p.ladder()
    );
}

/// Our FIN is lost: it is re-sent one RTO later (RFC 9293 §3.6: a FIN is retransmitted like
/// data), and the close completes.
#[test]
fn lost_fin_from_ours_is_retransmitted() {
    let setup = Setup::new(Role::OurClient).drop(DropRule::first(Dir::OursToSmol, Kind::Fin));
    let p = lifecycle(setup, Side::Ours);
    assert_clean_lifecycle(&p, Side::Ours);
    let fin = p
        .packets(Dir::OursToSmol)
        .find(|pk| pk.seg.flags.fin())
        .unwrap();
    let fins = sends_of(&p, Dir::OursToSmol, fin.seg.seq.0, Flags::FIN);
    assert_eq!(fins, [fin.sent, fin.sent + Duration::from_secs(1)]);
    assert_eq!(
        p.smol_entered(tcp::State::CloseWait),
        Some(fins[1] + LATENCY)
    );
}

/// smoltcp's FIN is lost: smoltcp re-sends it when its retransmission timer fires, and the close
/// completes.
#[test]
fn lost_fin_from_smoltcp_is_retransmitted() {
    let setup = Setup::new(Role::SmolClient).drop(DropRule::first(Dir::SmolToOurs, Kind::Fin));
    let p = lifecycle(setup, Side::Smol);
    assert_clean_lifecycle(&p, Side::Smol);
    let fin = p
        .packets(Dir::SmolToOurs)
        .find(|pk| pk.seg.flags.fin())
        .unwrap();
    let fins = sends_of(&p, Dir::SmolToOurs, fin.seg.seq.0, Flags::FIN);
    assert_eq!(fins.len(), 2, "{}", p.ladder());
    assert!(fins[1] - fins[0] >= Duration::from_secs(1));
    assert_eq!(p.ours_entered(State::CloseWait), Some(fins[1] + LATENCY));
}

/// The passive closer's FIN is lost, in both orientations: the active closer waits in
/// FIN-WAIT-2 until the FIN is re-sent.
#[test]
fn lost_second_fin_is_retransmitted_both_ways() {
    for (role, first, dir) in [
        (Role::OurClient, Side::Ours, Dir::SmolToOurs),
        (Role::SmolClient, Side::Smol, Dir::OursToSmol),
    ] {
        let setup = Setup::new(role).drop(DropRule::first(dir, Kind::Fin));
        let p = lifecycle(setup, first);
        assert_clean_lifecycle(&p, first);
        let fin = p.packets(dir).find(|pk| pk.seg.flags.fin()).unwrap();
        assert_eq!(sends_of(&p, dir, fin.seg.seq.0, Flags::FIN).len(), 2);
    }
}

// ---------------------------------------------------------------------------------------------
// Out-of-order FIN (S17, open choice 7).
// ---------------------------------------------------------------------------------------------

/// smoltcp sends 300 B and closes in one step: D1, D2, D3+FIN; D2 is lost. We hold D3 and its FIN
/// (RFC 9293 §3.10.7.4: "Segments with higher beginning sequence numbers SHOULD be held for later
/// processing (SHLD-31)"; §3.4: "the FIN is considered to occur after the last actual data octet
/// in a segment in which it occurs"), so no CLOSE-WAIT yet. smoltcp's RTO re-sends D2 and,
/// go-back-N (open choice 11), D3+FIN as well; D2 fills the gap, we process the held D3 and FIN
/// with one ACK (MUST-58/59) and enter CLOSE-WAIT; the re-sent D3+FIN is then old and re-ACKed.
#[test]
fn out_of_order_fin_is_held_by_ours_and_processed_when_the_gap_fills() {
    let mut p = Pair::start(Setup::new(Role::OurClient).drop(DropRule::nth(
        Dir::SmolToOurs,
        Kind::Data,
        1,
    )));
    p.run_until(ms(1000));
    let data = &smol_data()[..300];
    p.smol_send_and_close(data);
    p.run_until_cond("ours in CLOSE-WAIT", MINUTE, |p| {
        p.ours_state() == State::CloseWait
    });
    let ladder = p.ladder();
    let y = p.iss(Dir::SmolToOurs);
    // D3 carries the FIN.
    let d3 = sends_of(&p, Dir::SmolToOurs, (y + 201).0, Flags::FIN);
    assert_eq!(d3.len(), 2, "go-back-N re-sends D3+FIN\n{ladder}");
    assert!(
        p.ours_verdicts.contains(&(ms(1100), Verdict::Queued)),
        "{ladder}"
    );
    let d2 = sends_of(&p, Dir::SmolToOurs, (y + 101).0, Flags::ACK);
    assert_eq!(d2.len(), 2);
    let filled = d2[1] + LATENCY;
    assert_eq!(p.ours_entered(State::CloseWait), Some(filled));
    assert!(
        p.ours_verdicts.contains(&(filled, Verdict::Old)),
        "{ladder}"
    );
    // One ACK covers the 200 bytes and the FIN: y + 301 + 1.
    let acks_at_fill: Vec<_> = p
        .packets(Dir::OursToSmol)
        .filter(|pk| pk.sent == filled)
        .map(|pk| pk.seg.ack)
        .collect();
    assert_eq!(acks_at_fill, [y + 302, y + 302], "{ladder}");
    assert_eq!(p.ours_rx, data);
    let eof: Vec<_> = p
        .ours_events
        .iter()
        .filter(|(_, e)| *e == Event::App(AppEvent::EndOfStream))
        .collect();
    assert_eq!(eof, [&(filled, Event::App(AppEvent::EndOfStream))]);
}

/// We send 300 B and close in one step: D1, D2, D3+FIN; D2 is lost. smoltcp keeps D3's bytes but
/// drops its FIN ("ignoring FIN because we don't have full data yet"; open choice 7 — both are
/// safe, reference S17 variant (i)). Our RTO re-sends D2 only (RFC 6298 (5.4)); smoltcp then ACKs
/// the 300 bytes but not the FIN; our timer restarts with the backed-off RTO of 2 s ((5.3), (5.5))
/// and re-sends the FIN alone, which smoltcp now accepts.
#[test]
fn out_of_order_fin_is_dropped_by_smoltcp_and_recovered_by_our_timer() {
    let mut p = Pair::start(Setup::new(Role::OurClient).drop(DropRule::nth(
        Dir::OursToSmol,
        Kind::Data,
        1,
    )));
    p.run_until(ms(1000));
    let data = &ours_data()[..300];
    p.ours_send_and_close(data);
    p.run_until_cond("smoltcp in CLOSE-WAIT", MINUTE, |p| {
        p.smol_state() == tcp::State::CloseWait
    });
    let ladder = p.ladder();
    let x = p.iss(Dir::OursToSmol);
    let ours: Vec<_> = p
        .packets(Dir::OursToSmol)
        .filter(|pk| pk.sent >= ms(1000) && pk.seg.seq_len() > 0)
        .map(|pk| {
            (
                pk.sent,
                pk.seg.seq,
                pk.seg.payload.len(),
                pk.seg.flags.fin(),
            )
        })
        .collect();
    assert_eq!(
        ours,
        [
            (ms(1000), x + 1, 100, false),
            (ms(1000), x + 101, 100, false),
            (ms(1000), x + 201, 100, true),
            (ms(2200), x + 101, 100, false),
            (ms(4400), x + 301, 0, true),
        ],
        "{ladder}"
    );
    // smoltcp ACKed the data up to x+301 (not the FIN) after D2' arrived.
    assert!(
        p.packets(Dir::SmolToOurs)
            .any(|pk| pk.sent == ms(2300) && pk.seg.ack == x + 301),
        "{ladder}"
    );
    assert_eq!(p.smol_entered(tcp::State::CloseWait), Some(ms(4500)));
    assert_eq!(p.smol_rx, data);
}

// ---------------------------------------------------------------------------------------------
// RFC 6298 (5.7) (open choice 10).
// ---------------------------------------------------------------------------------------------

/// After a lost SYN, the first data segment (sent at 2 s) is lost too. RFC 6298 (5.7): "If the
/// timer expires awaiting the ACK of a SYN segment and the TCP implementation is using an RTO less
/// than 3 seconds, the RTO MUST be re-initialized to 3 seconds when data transmission begins".
/// Ours re-sends 3 s later. smoltcp has no (5.7): it keeps the backed-off RTO of 2 s (no RTT
/// sample was possible, Karn) and re-sends 2 s later.
#[test]
fn rto_after_a_lost_syn_is_3s_for_ours_and_the_backed_off_2s_for_smoltcp() {
    let mut p = Pair::start(
        Setup::new(Role::OurClient)
            .drop(DropRule::first(Dir::OursToSmol, Kind::Syn))
            .drop(DropRule::first(Dir::OursToSmol, Kind::Data)),
    );
    p.run_until(ms(2000));
    assert_eq!(p.ours.tcb().unwrap().rto, Duration::from_secs(3));
    p.ours_send(&ours_data()[..100]);
    p.run_until(ms(8000));
    let x = p.iss(Dir::OursToSmol);
    assert_eq!(
        sends_of(&p, Dir::OursToSmol, (x + 1).0, Flags::PSH),
        [ms(2000), ms(5000)],
        "{}",
        p.ladder()
    );
    assert_eq!(p.smol_rx, ours_data()[..100]);

    let mut p = Pair::start(
        Setup::new(Role::SmolClient)
            .drop(DropRule::first(Dir::SmolToOurs, Kind::Syn))
            .drop(DropRule::first(Dir::SmolToOurs, Kind::Data)),
    );
    p.run_until(ms(2000));
    p.smol_send(&smol_data()[..100]);
    p.run_until(ms(8000));
    let x = p.iss(Dir::SmolToOurs);
    assert_eq!(
        sends_of(&p, Dir::SmolToOurs, (x + 1).0, Flags::ACK)
            .into_iter()
            .filter(|&t| t >= ms(2000))
            .collect::<Vec<_>>(),
        [ms(2000), ms(4000)],
        "{}",
        p.ladder()
    );
    assert_eq!(p.ours_rx, smol_data()[..100]);
}

// ---------------------------------------------------------------------------------------------
// Give-up (open choice 9) and ABORT.
// ---------------------------------------------------------------------------------------------

/// Every segment from smoltcp is lost after 1 s; we send 100 B at 1 s. RTO 1, 2, 4 … capped at
/// 60 s (RFC 6298 (5.5), (2.5)); after 6 retransmissions we give up at 1 + 123 s, meeting RFC 9293
/// §3.8.3 (R2 "SHOULD correspond to at least 100 seconds"). §3.10.8: "flush all queues, signal the
/// user "error: connection aborted due to user timeout" ... delete the TCB, enter the CLOSED
/// state" — no segment is sent. smoltcp, which never learns, stays ESTABLISHED.
#[test]
fn give_up_ours_sends_nothing_and_smoltcp_stays_established() {
    let mut p = Pair::start(
        Setup::new(Role::OurClient).drop(DropRule::all_from(Dir::SmolToOurs, ms(1000))),
    );
    p.run_until(ms(1000));
    p.ours_send(&ours_data()[..100]);
    p.run_until(ms(300_000));
    let x = p.iss(Dir::OursToSmol);
    let secs_sent: Vec<f64> = sends_of(&p, Dir::OursToSmol, (x + 1).0, Flags::ACK)
        .into_iter()
        .filter(|&t| t >= ms(1000))
        .map(secs)
        .collect();
    assert_eq!(secs_sent, [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]);
    assert_eq!(p.ours_entered(State::Closed), Some(ms(124_000)));
    assert!(
        p.ours_events
            .contains(&(ms(124_000), Event::App(AppEvent::TimedOut)))
    );
    assert!(
        p.packets(Dir::OursToSmol).all(|pk| pk.sent < ms(124_000)),
        "nothing sent on give-up\n{}",
        p.ladder()
    );
    assert_eq!(p.smol_state(), tcp::State::Established);
}

/// The other way round: every segment from us is lost after 1 s; smoltcp sends 100 B at 1 s with
/// a user timeout of 20 s (`set_timeout`, its only give-up; it has no retry count). It
/// retransmits at 2, 4, 8, 16 s and at 21 s aborts with `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>`
/// (open choice 9: RFC 9293 §3.10.8 sends nothing). The RST reaches us with SEG.SEQ = RCV.NXT, so
/// we reset: §3.10.7.4 with RFC 5961 §3.2, "If the RST bit is set and the sequence number exactly
/// matches the next expected sequence number (RCV.NXT), then TCP endpoints MUST reset the
/// connection".
#[test]
fn give_up_smoltcp_sends_an_rst_that_resets_ours() {
    let mut setup =
        Setup::new(Role::SmolClient).drop(DropRule::all_from(Dir::OursToSmol, ms(1000)));
    setup.smol_timeout = Some(smoltcp::time::Duration::from_secs(20));
    let mut p = Pair::start(setup);
    p.run_until(ms(1000));
    p.smol_send(&smol_data()[..100]);
    p.run_until(ms(60_000));
    let x = p.iss(Dir::SmolToOurs);
    let data_sent: Vec<f64> = sends_of(&p, Dir::SmolToOurs, (x + 1).0, Flags::ACK)
        .into_iter()
        .filter(|&t| t >= ms(1000))
        .map(secs)
        .collect();
    assert_eq!(data_sent, [1.0, 2.0, 4.0, 8.0, 16.0], "{}", p.ladder());
    let rst = p
        .packets(Dir::SmolToOurs)
        .find(|pk| pk.seg.flags.rst())
        .expect("smoltcp sends an RST on give-up");
    assert_eq!(rst.sent, ms(21_000));
    assert_eq!(rst.seg.seq, x + 101);
    assert_eq!(p.smol_entered(tcp::State::Closed), Some(ms(21_000)));
    assert!(
        p.ours_verdicts
            .contains(&(ms(21_100), Verdict::RstAccepted))
    );
    assert!(
        p.ours_events
            .contains(&(ms(21_100), Event::App(AppEvent::Reset)))
    );
    assert_eq!(p.ours_rx, smol_data()[..100]);
}

/// ABORT from either side. Ours, RFC 9293 §3.10.5 in ESTABLISHED: "Send a reset segment:
/// <SEQ=SND.NXT><CTL=RST>" (no ACK bit); smoltcp's `abort()` sends RST,ACK. Each side accepts the
/// other's RST (SEG.SEQ = RCV.NXT) and goes to CLOSED; ours tells the application "connection
/// reset".
#[test]
fn abort_from_either_side_resets_the_other() {
    let mut p = Pair::start(Setup::new(Role::OurClient));
    p.run_until(ms(1000));
    p.ours_abort();
    p.run_until(ms(2000));
    let x = p.iss(Dir::OursToSmol);
    let rst = p.log.last().unwrap();
    assert_eq!(
        (rst.dir, rst.seg.flags, rst.seg.seq),
        (Dir::OursToSmol, Flags::RST, x + 1)
    );
    assert!(both_closed(&p), "{}", p.ladder());
    assert_eq!(p.smol_entered(tcp::State::Closed), Some(ms(1100)));

    let mut p = Pair::start(Setup::new(Role::OurClient));
    p.run_until(ms(1000));
    p.smol_abort();
    p.run_until(ms(2000));
    let rst = p.log.last().unwrap();
    assert_eq!(
        (rst.dir, rst.seg.flags),
        (Dir::SmolToOurs, Flags::RST | Flags::ACK)
    );
    assert!(both_closed(&p), "{}", p.ladder());
    assert!(
        p.ours_events
            .contains(&(ms(1100), Event::App(AppEvent::Reset)))
    );
}

// ---------------------------------------------------------------------------------------------
// Delayed ACK.
// ---------------------------------------------------------------------------------------------

/// With smoltcp's default delayed ACK (10 ms) instead of the harness's `None`. RFC 9293 §3.8.6.3:
/// "A TCP SHOULD implement a delayed ACK (SHLD-18), but an ACK should not be excessively delayed;
/// in particular, the delay MUST be less than 0.5 seconds (MUST-40)", and "an ACK SHOULD be
/// generated for at least every second full-sized segment (SHLD-19)". One segment is ACKed 10 ms
/// after it arrives; of three back-to-back segments, the second is ACKed at once (smoltcp ACKs as
/// soon as more than one MSS is unacknowledged) and the third after 10 ms. Our endpoint ACKs every
/// segment at once (the reference profile).
#[test]
fn smoltcp_default_delayed_ack_is_10ms_and_ours_acks_at_once() {
    let mut setup = Setup::new(Role::OurClient);
    setup.smol_ack_delay = Some(smoltcp::time::Duration::from_millis(10));
    let mut p = Pair::start(setup);
    p.run_until(ms(1000));
    p.ours_send(&ours_data()[..100]);
    p.run_until(ms(2000));
    p.ours_send(&ours_data()[100..400]);
    p.run_until(ms(3000));
    let x = p.iss(Dir::OursToSmol);
    let smol_acks: Vec<_> = p
        .packets(Dir::SmolToOurs)
        .filter(|pk| pk.sent >= ms(1000))
        .map(|pk| (pk.sent, pk.seg.ack))
        .collect();
    assert_eq!(
        smol_acks,
        [
            (ms(1110), x + 101),
            (ms(2100), x + 301),
            (ms(2110), x + 401)
        ],
        "{}",
        p.ladder()
    );
    // Our side, receiving smoltcp's 1 KB, ACKs each segment the instant it arrives.
    p.smol_send(&smol_data());
    p.run_until(ms(5000));
    let arrivals: Vec<Instant> = p
        .packets(Dir::SmolToOurs)
        .filter(|pk| !pk.seg.payload.is_empty())
        .map(|pk| pk.sent + LATENCY)
        .collect();
    let our_ack_times: Vec<Instant> = p
        .packets(Dir::OursToSmol)
        .filter(|pk| pk.sent >= ms(3000) && pk.seg.payload.is_empty())
        .map(|pk| pk.sent)
        .collect();
    assert_eq!(our_ack_times, arrivals);
    assert_eq!(p.ours_rx, smol_data());
}

// ---------------------------------------------------------------------------------------------
// Every single and every double drop.
// ---------------------------------------------------------------------------------------------

/// The lifecycle in both orientations and both close orders, with every packet of the loss-free
/// run dropped in turn, and then every pair of them: each run must still end cleanly (exact
/// bytes, both CLOSED, TIME-WAIT on the active closer, no RST). Drops are addressed by position
/// per direction ("the n-th packet from smoltcp"), so a retransmission can itself be dropped.
#[test]
fn every_single_and_double_drop_still_ends_cleanly() {
    let mut runs = 0;
    let mut retransmitting_runs = 0;
    for role in [Role::OurClient, Role::SmolClient] {
        for first in [Side::Ours, Side::Smol] {
            let base = lifecycle(Setup::new(role), first);
            assert_clean_lifecycle(&base, first);
            let slots: Vec<(Dir, usize)> = [Dir::OursToSmol, Dir::SmolToOurs]
                .into_iter()
                .flat_map(|dir| (0..base.packets(dir).count()).map(move |i| (dir, i)))
                .collect();
            let mut drop_sets: Vec<Vec<(Dir, usize)>> = slots.iter().map(|&s| vec![s]).collect();
            for a in 0..slots.len() {
                for b in a + 1..slots.len() {
                    drop_sets.push(vec![slots[a], slots[b]]);
                }
            }
            for set in drop_sets {
                let mut setup = Setup::new(role);
                setup.label = format!("{role:?}, {first:?} closes first, drops {set:?}");
                for &(dir, i) in &set {
                    setup = setup.drop(DropRule::nth(dir, Kind::Any, i));
                }
                let p = lifecycle(setup, first);
                assert_clean_lifecycle(&p, first);
                runs += 1;
                if p.log.len() > base.log.len() {
                    retransmitting_runs += 1;
                }
            }
        }
    }
    // About 50 packets per loss-free run, so about 4 × (50 + 50·49/2) runs.
    assert!(runs >= 5000, "{runs}");
    assert!(
        retransmitting_runs * 2 > runs,
        "{retransmitting_runs} of {runs}"
    );
}
