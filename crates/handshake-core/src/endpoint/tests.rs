//! Per-state unit tests, `test_<state>_<event>`, grouped by state and built from one small
//! fixture per state (smoltcp's `socket/tcp.rs` tests are the model). Each fixture drives a real
//! endpoint with hand-made peer segments; nothing is poked into private fields.

use alloc::vec;
use alloc::vec::Vec;
use core::net::{Ipv4Addr, SocketAddrV4};

use super::*;
use crate::config::{Counterfactual, DupSynPolicy, RstInTimeWait, TimeWaitRestart};
use crate::vocab::SendData;

const LOCAL: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 1), 49152);
const REMOTE: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 2), 80);
/// The peer's ISS in every fixture.
const PEER_ISS: SeqNumber = SeqNumber(5000);

fn ms(v: u64) -> Instant {
    Instant::from_millis(v)
}

/// An endpoint under test with its clock, and the peer's view of the sequence numbers.
struct Fix {
    ep: Endpoint,
    now: Instant,
}

impl Fix {
    fn new(config: Config) -> Fix {
        Fix {
            ep: Endpoint::new(config, LOCAL, 7),
            now: Instant::ZERO,
        }
    }
    fn at(&mut self, millis: u64) -> &mut Fix {
        self.now = ms(millis);
        self
    }
    fn iss(&self) -> SeqNumber {
        self.ep.tcb().expect("tcb").iss
    }
    /// Everything the endpoint sends now.
    fn out(&mut self) -> Vec<Segment> {
        let mut v = Vec::new();
        while let Some(t) = self.ep.poll_transmit(self.now) {
            v.push(t.segment);
        }
        v
    }
    fn out_transmits(&mut self) -> Vec<Transmit> {
        let mut v = Vec::new();
        while let Some(t) = self.ep.poll_transmit(self.now) {
            v.push(t);
        }
        v
    }
    fn events(&mut self) -> Vec<Event> {
        let mut v = Vec::new();
        while let Some(e) = self.ep.poll_event() {
            v.push(e);
        }
        v
    }
    fn notes(&mut self) -> Vec<Note> {
        let mut v = Vec::new();
        while let Some(n) = self.ep.poll_note() {
            v.push(n);
        }
        v
    }
    /// Delivers a segment from the peer and returns the verdict note.
    fn recv(&mut self, seg: Segment) -> Verdict {
        self.recv_from(REMOTE, seg)
    }
    fn recv_from(&mut self, src: SocketAddrV4, seg: Segment) -> Verdict {
        self.notes();
        self.ep.handle_segment(self.now, src, &seg);
        let notes = self.notes();
        match notes.first() {
            Some(Note::Verdict(v)) => *v,
            other => panic!("first note should be the verdict, got {other:?}"),
        }
    }
    /// A user call, as the simulator makes it.
    fn call(&mut self, call: UserCall) -> Result<(), CallError> {
        self.ep.call(self.now, REMOTE, &call)
    }
    fn timeout(&mut self) {
        self.ep.handle_timeout(self.now);
    }
    fn state(&self) -> State {
        self.ep.state()
    }
    fn rcv_nxt(&self) -> SeqNumber {
        self.ep.tcb().and_then(|t| t.rcv_nxt).expect("rcv_nxt")
    }
    fn snd_nxt(&self) -> SeqNumber {
        self.ep.tcb().expect("tcb").snd_nxt
    }
}

/// A segment from the peer (REMOTE → LOCAL).
fn seg(flags: Flags, seq: SeqNumber, ack: SeqNumber, payload: &[u8]) -> Segment {
    Segment {
        src_port: REMOTE.port(),
        dst_port: LOCAL.port(),
        seq,
        ack,
        flags,
        window: 1000,
        urgent: 0,
        mss: if flags.syn() { Some(100) } else { None },
        payload: payload.to_vec(),
    }
}

fn ack_only(seq: SeqNumber, ack: SeqNumber) -> Segment {
    seg(Flags::ACK, seq, ack, &[])
}

fn assert_seg(s: &Segment, flags: Flags, seq: SeqNumber, ack: SeqNumber, len: usize) {
    assert_eq!(
        (s.flags, s.seq, s.ack, s.payload.len()),
        (flags, seq, ack, len),
        "segment {s:?}"
    );
}

// ----- fixtures, one per state ------------------------------------------------------------

fn closed() -> Fix {
    Fix::new(Config::default())
}

fn listening() -> Fix {
    let mut f = closed();
    f.ep.listen(f.now).unwrap();
    f.notes();
    f
}

fn syn_sent_with(config: Config) -> Fix {
    let mut f = Fix::new(config);
    f.ep.connect(f.now, REMOTE).unwrap();
    let out = f.out();
    assert_eq!(out.len(), 1);
    f.notes();
    f
}

fn syn_sent() -> Fix {
    syn_sent_with(Config::default())
}

fn syn_received_with(config: Config) -> Fix {
    let mut f = Fix::new(config);
    f.ep.listen(f.now).unwrap();
    f.at(100);
    f.recv(seg(Flags::SYN, PEER_ISS, SeqNumber(0), &[]));
    let out = f.out();
    assert_eq!(out.len(), 1);
    f.notes();
    f
}

fn syn_received() -> Fix {
    syn_received_with(Config::default())
}

fn established_with(config: Config) -> Fix {
    let mut f = syn_sent_with(config);
    let iss = f.iss();
    f.at(200);
    f.recv(seg(Flags::SYN | Flags::ACK, PEER_ISS, iss + 1, &[]));
    let out = f.out();
    assert_eq!(out.len(), 1, "the third segment of the handshake");
    f.events();
    f.notes();
    f
}

fn established() -> Fix {
    established_with(Config::default())
}

fn fin_wait_1() -> Fix {
    fin_wait_1_with(Config::default())
}

fn fin_wait_1_with(config: Config) -> Fix {
    let mut f = established_with(config);
    f.at(300);
    f.ep.close(f.now).unwrap();
    let out = f.out();
    assert_eq!(out.len(), 1);
    f.notes();
    f
}

fn fin_wait_2() -> Fix {
    let mut f = fin_wait_1();
    let iss = f.iss();
    f.at(400);
    f.recv(ack_only(PEER_ISS + 1, iss + 2));
    assert_eq!(f.state(), State::FinWait2);
    f.notes();
    f
}

fn close_wait() -> Fix {
    let mut f = established();
    let iss = f.iss();
    f.at(300);
    f.recv(seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 1, &[]));
    assert_eq!(f.state(), State::CloseWait);
    f.out();
    f.events();
    f.notes();
    f
}

fn last_ack() -> Fix {
    let mut f = close_wait();
    f.at(400);
    f.ep.close(f.now).unwrap();
    assert_eq!(f.out().len(), 1);
    f.notes();
    f
}

fn closing() -> Fix {
    let mut f = fin_wait_1();
    let iss = f.iss();
    f.at(350);
    // The peer's FIN crosses ours: it does not acknowledge our FIN.
    f.recv(seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 1, &[]));
    assert_eq!(f.state(), State::Closing);
    f.out();
    f.events();
    f.notes();
    f
}

fn time_wait_with(config: Config) -> Fix {
    let mut f = established_with(config);
    let iss = f.iss();
    f.at(300);
    f.ep.close(f.now).unwrap();
    f.out();
    f.at(400);
    f.recv(ack_only(PEER_ISS + 1, iss + 2));
    f.at(1000);
    f.recv(seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 2, &[]));
    assert_eq!(f.state(), State::TimeWait);
    f.out();
    f.events();
    f.notes();
    f
}

fn time_wait() -> Fix {
    time_wait_with(Config::default())
}

// ===== CLOSED ================================================================================

#[test]
fn test_closed_syn_is_answered_with_rst_ack() {
    let mut f = closed();
    // §3.10.7.1: "If the ACK bit is off, sequence number zero is used,
    // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"
    let v = f.recv(seg(Flags::SYN, PEER_ISS, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::NoConnectionReset);
    let out = f.out_transmits();
    assert_eq!(out.len(), 1);
    assert_seg(
        &out[0].segment,
        Flags::RST | Flags::ACK,
        SeqNumber(0),
        PEER_ISS + 1,
        0,
    );
    assert_eq!(out[0].dst, REMOTE);
    assert_eq!(out[0].segment.dst_port, REMOTE.port());
    assert_eq!(f.state(), State::Closed);
}

#[test]
fn test_closed_ack_is_answered_with_rst_at_seg_ack() {
    let mut f = closed();
    // "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>"
    f.recv(seg(
        Flags::FIN | Flags::ACK,
        SeqNumber(77),
        SeqNumber(1234),
        &[],
    ));
    let out = f.out();
    assert_seg(&out[0], Flags::RST, SeqNumber(1234), SeqNumber(0), 0);
}

#[test]
fn test_closed_rst_is_discarded() {
    let mut f = closed();
    // "An incoming segment containing a RST is discarded."
    assert_eq!(
        f.recv(seg(Flags::RST, SeqNumber(1), SeqNumber(0), &[])),
        Verdict::RstNoConnection
    );
    assert!(f.out().is_empty());
}

#[test]
fn test_closed_calls() {
    let mut f = closed();
    assert_eq!(
        f.call(UserCall::Send(SendData::Text("x".into()))),
        Err(CallError::ConnectionDoesNotExist)
    );
    assert_eq!(
        f.call(UserCall::Close),
        Err(CallError::ConnectionDoesNotExist)
    );
    assert_eq!(
        f.call(UserCall::Abort),
        Err(CallError::ConnectionDoesNotExist)
    );
    assert!(f.ep.tcb().is_none());
    assert_eq!(f.ep.poll_timeout(), None);
}

/// Which user calls each state refuses, and with which of RFC 9293 §3.10's errors: one table,
/// the calls made as the simulator makes them (`Endpoint::call` with a `UserCall`).
#[test]
fn test_every_state_refuses_the_calls_rfc_9293_3_10_refuses() {
    use CallError::*;
    type Outcome = Result<(), CallError>;
    type Fixture = fn() -> Fix;
    let send = || UserCall::Send(SendData::Pattern(1));
    let exists = Err(ConnectionExists);
    let refused = Err(ConnectionClosing);
    let ok = Ok(());
    #[rustfmt::skip]
    let table: [(Fixture, [Outcome; 5]); 11] = [
        //               listen   connect  send                             close    abort
        (closed,        [ok,      ok,      Err(ConnectionDoesNotExist),     Err(ConnectionDoesNotExist), Err(ConnectionDoesNotExist)]),
        (listening,     [exists,  ok,      Err(ForeignSocketUnspecified),   ok,      ok]),
        (syn_sent,      [exists,  exists,  ok,                              ok,      ok]),
        (syn_received,  [exists,  exists,  ok,                              ok,      ok]),
        (established,   [exists,  exists,  ok,                              ok,      ok]),
        (fin_wait_1,    [exists,  exists,  refused,                         refused, ok]),
        (fin_wait_2,    [exists,  exists,  refused,                         refused, ok]),
        (close_wait,    [exists,  exists,  ok,                              ok,      ok]),
        (last_ack,      [exists,  exists,  refused,                         refused, ok]),
        (closing,       [exists,  exists,  refused,                         refused, ok]),
        (time_wait,     [exists,  exists,  refused,                         refused, ok]),
    ];
    for (fixture, want) in table {
        let calls = [
            UserCall::Listen,
            UserCall::Connect,
            send(),
            UserCall::Close,
            UserCall::Abort,
        ];
        for (call, want) in calls.into_iter().zip(want) {
            let mut f = fixture();
            let state = f.state();
            assert_eq!(f.call(call.clone()), want, "{call} in {state}");
        }
    }
}

// ===== LISTEN ================================================================================

#[test]
fn test_listen_syn_sends_syn_ack() {
    let mut f = listening();
    f.at(100);
    assert_eq!(
        f.recv(seg(Flags::SYN, PEER_ISS, SeqNumber(0), &[])),
        Verdict::Accepted
    );
    assert_eq!(f.state(), State::SynReceived);
    let out = f.out();
    let iss = f.iss();
    // "<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>"
    assert_seg(&out[0], Flags::SYN | Flags::ACK, iss, PEER_ISS + 1, 0);
    assert_eq!(
        out[0].mss,
        Some(100),
        "the SYN,ACK announces our MSS (SHLD-5)"
    );
    assert_eq!(out[0].data_offset(), 6);
    let tcb = f.ep.tcb().unwrap();
    assert_eq!(tcb.irs, Some(PEER_ISS));
    assert_eq!(tcb.rcv_nxt, Some(PEER_ISS + 1));
    assert_eq!((tcb.snd_una, tcb.snd_nxt), (iss, iss + 1));
    let t = f.ep.timer(TimerKind::Retransmission).unwrap();
    assert_eq!(t.deadline, ms(1100));
}

#[test]
fn test_listen_ack_is_answered_with_rst() {
    let mut f = listening();
    // "An acceptable reset segment should be formed for any arriving ACK-bearing segment.
    // The RST should be formatted as follows: <SEQ=SEG.ACK><CTL=RST>"
    let v = f.recv(seg(
        Flags::ACK | Flags::PSH,
        SeqNumber(10),
        SeqNumber(99),
        b"hi",
    ));
    assert_eq!(v, Verdict::BadAckReset);
    assert_seg(&f.out()[0], Flags::RST, SeqNumber(99), SeqNumber(0), 0);
    assert_eq!(f.state(), State::Listen);
}

#[test]
fn test_listen_rst_is_ignored() {
    let mut f = listening();
    assert_eq!(
        f.recv(seg(Flags::RST, SeqNumber(1), SeqNumber(0), &[])),
        Verdict::RstInListen
    );
    assert!(f.out().is_empty());
    assert_eq!(f.state(), State::Listen);
}

#[test]
fn test_listen_segment_without_syn_is_dropped() {
    let mut f = listening();
    // §3.10.7.2, fourth: "Any other control or text-bearing segment (not containing SYN) must
    // have an ACK and thus would have been discarded by the ACK processing ... drop the segment
    // and return."
    assert_eq!(
        f.recv(seg(Flags::FIN, PEER_ISS, SeqNumber(0), b"x")),
        Verdict::NoSynInListen
    );
    assert!(f.out().is_empty());
    assert_eq!(f.state(), State::Listen);
}

#[test]
fn test_listen_syn_opens_a_passive_connection() {
    let mut f = closed();
    f.call(UserCall::Listen).unwrap();
    // No connection yet between CLOSED and LISTEN: no role.
    assert_eq!(
        f.notes(),
        [Note::State {
            from: State::Closed,
            to: State::Listen,
            cause: Cause::Listen,
            role: None,
        }]
    );
    f.recv_keep_notes(seg(Flags::SYN, PEER_ISS, SeqNumber(0), &[]));
    assert!(f.notes().contains(&Note::State {
        from: State::Listen,
        to: State::SynReceived,
        cause: Cause::SynReceived,
        role: Some(Role::Passive),
    }));
}

#[test]
fn test_listen_close_and_send() {
    let mut f = listening();
    assert_eq!(
        f.call(UserCall::Send(SendData::Text("x".into()))),
        Err(CallError::ForeignSocketUnspecified)
    );
    assert_eq!(f.call(UserCall::Listen), Err(CallError::ConnectionExists));
    f.call(UserCall::Close).unwrap();
    assert_eq!(f.state(), State::Closed);
}

#[test]
fn test_listen_connect_turns_active() {
    let mut f = listening();
    f.ep.connect(f.now, REMOTE).unwrap();
    assert_eq!(f.state(), State::SynSent);
    assert_eq!(f.out()[0].flags, Flags::SYN);
}

// ===== SYN-SENT ==============================================================================

#[test]
fn test_syn_sent_connect_sends_syn_with_mss() {
    let mut f = closed();
    f.ep.connect(f.now, REMOTE).unwrap();
    let notes = f.notes();
    assert!(notes.contains(&Note::State {
        from: State::Closed,
        to: State::SynSent,
        cause: Cause::Connect,
        role: Some(Role::Active),
    }));
    let out = f.out();
    let iss = f.iss();
    assert_seg(&out[0], Flags::SYN, iss, SeqNumber(0), 0);
    assert_eq!(out[0].mss, Some(100));
    let tcb = f.ep.tcb().unwrap();
    assert_eq!((tcb.snd_una, tcb.snd_nxt), (iss, iss + 1));
    // RFC 6298 (2.1) initial RTO 1 s, (5.1) timer started with the segment.
    assert_eq!(
        f.ep.timer(TimerKind::Retransmission).unwrap().deadline,
        ms(1000)
    );
}

#[test]
fn test_syn_sent_syn_ack_establishes() {
    let mut f = syn_sent();
    let iss = f.iss();
    f.at(200);
    let v = f.recv(seg(Flags::SYN | Flags::ACK, PEER_ISS, iss + 1, &[]));
    assert_eq!(v, Verdict::Accepted);
    assert_eq!(f.state(), State::Established);
    // "form an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it"
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 1, 0);
    assert_eq!(f.events(), vec![Event::App(AppEvent::Connected)]);
    assert_eq!(
        f.ep.timer(TimerKind::Retransmission),
        None,
        "(5.2) all acknowledged"
    );
    let tcb = f.ep.tcb().unwrap();
    assert_eq!(tcb.srtt, Some(Duration::from_millis(200)));
    assert_eq!(tcb.rto, Duration::from_secs(1));
}

#[test]
fn test_syn_sent_bad_ack_is_answered_with_rst() {
    let mut f = syn_sent();
    let iss = f.iss();
    // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset ... <SEQ=SEG.ACK><CTL=RST>"
    let v = f.recv(seg(Flags::SYN | Flags::ACK, PEER_ISS, iss + 5, &[]));
    assert_eq!(v, Verdict::BadAckReset);
    assert_seg(&f.out()[0], Flags::RST, iss + 5, SeqNumber(0), 0);
    assert_eq!(f.state(), State::SynSent);
}

#[test]
fn test_syn_sent_rst_with_acceptable_ack_resets() {
    let mut f = syn_sent();
    let iss = f.iss();
    // "If the ACK was acceptable, then signal to the user "error: connection reset", drop
    // the segment, enter CLOSED state, delete TCB, and return."
    let v = f.recv(seg(Flags::RST | Flags::ACK, SeqNumber(0), iss + 1, &[]));
    assert_eq!(v, Verdict::RstAccepted);
    assert_eq!(f.state(), State::Closed);
    assert_eq!(f.events(), vec![Event::App(AppEvent::Reset)]);
    assert!(f.out().is_empty());
    assert_eq!(f.ep.poll_timeout(), None);
}

#[test]
fn test_syn_sent_rst_without_ack_is_ignored() {
    let mut f = syn_sent();
    assert_eq!(
        f.recv(seg(Flags::RST, SeqNumber(0), SeqNumber(0), &[])),
        Verdict::RstIgnored
    );
    assert_eq!(f.state(), State::SynSent);
}

#[test]
fn test_syn_sent_rst_with_bad_ack_is_ignored() {
    let mut f = syn_sent();
    let iss = f.iss();
    let v = f.recv(seg(Flags::RST | Flags::ACK, SeqNumber(0), iss + 9, &[]));
    assert_eq!(v, Verdict::RstIgnored);
    assert!(f.out().is_empty());
}

#[test]
fn test_syn_sent_acceptable_ack_alone_is_dropped() {
    let mut f = syn_sent();
    let iss = f.iss();
    // §3.10.7.3, fifth: "If neither of the SYN or RST bits is set, then drop the segment and
    // return."
    assert_eq!(
        f.recv(ack_only(PEER_ISS, iss + 1)),
        Verdict::NoSynOrRstInSynSent
    );
    assert!(f.out().is_empty());
    assert_eq!(f.state(), State::SynSent);
}

#[test]
fn test_syn_sent_syn_is_simultaneous_open() {
    let mut f = syn_sent();
    let iss = f.iss();
    f.at(100);
    assert_eq!(
        f.recv(seg(Flags::SYN, PEER_ISS, SeqNumber(0), &[])),
        Verdict::Accepted
    );
    assert_eq!(f.state(), State::SynReceived);
    // "form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and send it"
    let out = f.out_transmits();
    assert_seg(
        &out[0].segment,
        Flags::SYN | Flags::ACK,
        iss,
        PEER_ISS + 1,
        0,
    );
    assert!(out[0].retransmission, "the SYN,ACK re-sends our ISS");
    // Figure 7: the peer's crossing SYN,ACK completes the handshake, no more segments.
    f.at(200);
    let v = f.recv(seg(Flags::SYN | Flags::ACK, PEER_ISS, iss + 1, &[]));
    assert_eq!(v, Verdict::Accepted);
    assert_eq!(f.state(), State::Established);
    assert!(f.out().is_empty());
}

#[test]
fn test_syn_sent_timeout_retransmits_with_backoff() {
    let mut f = syn_sent();
    let iss = f.iss();
    // RFC 6298: transmissions at 0, 1, 3, 7 (gaps 1, 2, 4).
    for (at, next) in [(1000, 3000), (3000, 7000), (7000, 15000)] {
        f.at(at - 1);
        f.timeout();
        assert!(f.out().is_empty(), "spurious handle_timeout is a no-op");
        f.at(at);
        f.timeout();
        let out = f.out_transmits();
        assert_eq!(out.len(), 1);
        assert!(out[0].retransmission);
        assert_seg(&out[0].segment, Flags::SYN, iss, SeqNumber(0), 0);
        assert_eq!(
            f.ep.timer(TimerKind::Retransmission).unwrap().deadline,
            ms(next)
        );
    }
    assert_eq!(f.ep.timer(TimerKind::Retransmission).unwrap().backoff, 3);
}

#[test]
fn test_syn_sent_retries_exhausted_times_out_silently() {
    let config = Config {
        syn_retries: 2,
        ..Config::default()
    };
    let mut f = syn_sent_with(config);
    for at in [1000, 3000] {
        f.at(at);
        f.timeout();
        assert_eq!(f.out().len(), 1);
    }
    f.at(7000);
    f.timeout();
    // §3.10.8 / open choice 9: no segment on give-up.
    assert!(f.out().is_empty());
    assert_eq!(f.state(), State::Closed);
    assert_eq!(f.events(), vec![Event::App(AppEvent::TimedOut)]);
    let notes = f.notes();
    assert!(notes.contains(&Note::State {
        from: State::SynSent,
        to: State::Closed,
        cause: Cause::RetriesExhausted(Retries {
            count: 2,
            limit: 2,
            limit_of: RetryLimit::Syn
        }),
        role: Some(Role::Active),
    }));
}

#[test]
fn test_syn_sent_default_give_up_meets_three_minutes() {
    // RFC 9293 §3.8.3 MUST-23: "R2 for a SYN segment MUST be set large enough to provide
    // retransmission of the segment for at least 3 minutes."
    let mut f = syn_sent();
    let mut sends = Vec::new();
    while f.state() == State::SynSent {
        let deadline = f.ep.poll_timeout().unwrap();
        f.now = deadline;
        f.timeout();
        if !f.out().is_empty() {
            sends.push(f.now.total_millis() / 1000);
        }
    }
    assert_eq!(sends, [1, 3, 7, 15, 31, 63, 123]);
    assert_eq!(f.now, ms(183_000));
}

#[test]
fn test_syn_sent_data_waits_for_handshake() {
    let mut f = syn_sent();
    let iss = f.iss();
    f.ep.send(f.now, b"hello").unwrap();
    assert!(f.out().is_empty());
    f.at(200);
    f.recv(seg(Flags::SYN | Flags::ACK, PEER_ISS, iss + 1, &[]));
    let out = f.out();
    assert_eq!(out.len(), 1, "the ACK rides on the data");
    assert_seg(&out[0], Flags::ACK | Flags::PSH, iss + 1, PEER_ISS + 1, 5);
}

#[test]
fn test_syn_sent_close_deletes_tcb() {
    let mut f = syn_sent();
    f.ep.close(f.now).unwrap();
    assert_eq!(f.state(), State::Closed);
    assert_eq!(f.ep.poll_timeout(), None);
    assert!(f.out().is_empty());
}

// ===== SYN-RECEIVED ==========================================================================

#[test]
fn test_syn_received_ack_establishes() {
    let mut f = syn_received();
    let iss = f.iss();
    f.at(300);
    assert_eq!(f.recv(ack_only(PEER_ISS + 1, iss + 1)), Verdict::Accepted);
    assert_eq!(f.state(), State::Established);
    assert_eq!(f.events(), vec![Event::App(AppEvent::Connected)]);
    assert!(f.out().is_empty());
    assert_eq!(f.ep.timer(TimerKind::Retransmission), None);
}

#[test]
fn test_syn_received_data_with_ack_establishes_and_delivers() {
    // Reference S04(b): the third segment carries data.
    let mut f = syn_received();
    let iss = f.iss();
    f.at(600);
    let v = f.recv(seg(
        Flags::ACK | Flags::PSH,
        PEER_ISS + 1,
        iss + 1,
        &[7; 100],
    ));
    assert_eq!(v, Verdict::Accepted);
    assert_eq!(f.state(), State::Established);
    assert_eq!(
        f.events(),
        vec![Event::App(AppEvent::Connected), Event::Data(vec![7; 100])]
    );
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 101, 0);
    // The SYN,ACK was timed: R = 0.5 s → RTO = 0.5 + 4·0.25 = 1.5 s.
    assert_eq!(f.ep.tcb().unwrap().rto, Duration::from_millis(1500));
}

#[test]
fn test_syn_received_bad_ack_is_answered_with_rst() {
    let mut f = syn_received();
    let iss = f.iss();
    // "If the segment acknowledgment is not acceptable, form a reset segment
    // <SEQ=SEG.ACK><CTL=RST> and send it."
    assert_eq!(
        f.recv(ack_only(PEER_ISS + 1, iss + 7)),
        Verdict::BadAckReset
    );
    assert_seg(&f.out()[0], Flags::RST, iss + 7, SeqNumber(0), 0);
    assert_eq!(f.state(), State::SynReceived);
}

#[test]
fn test_syn_received_duplicate_syn_rfc_acks() {
    let mut f = syn_received();
    let iss = f.iss();
    // Open choice 1, RFC-literal: SEG.SEQ = IRS < RCV.NXT fails the first check, so
    // "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
    assert_eq!(
        f.recv(seg(Flags::SYN, PEER_ISS, SeqNumber(0), &[])),
        Verdict::Old
    );
    let out = f.out_transmits();
    assert_eq!(out.len(), 1);
    assert_seg(&out[0].segment, Flags::ACK, iss + 1, PEER_ISS + 1, 0);
    assert_eq!(f.state(), State::SynReceived);
}

#[test]
fn test_syn_received_duplicate_syn_linux_resends_syn_ack() {
    let config = Config {
        dup_syn: DupSynPolicy::Linux,
        ..Config::default()
    };
    let mut f = syn_received_with(config);
    let iss = f.iss();
    let v = f.recv(seg(Flags::SYN, PEER_ISS, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::SynAckResent);
    let out = f.out_transmits();
    assert_eq!(out.len(), 1);
    assert!(out[0].retransmission);
    assert_seg(
        &out[0].segment,
        Flags::SYN | Flags::ACK,
        iss,
        PEER_ISS + 1,
        0,
    );
}

#[test]
fn test_syn_received_rst_returns_to_listen() {
    let mut f = syn_received();
    // "If this connection was initiated with a passive OPEN (i.e., came from the LISTEN
    // state), then return this connection to LISTEN state and return. The user need not be
    // informed."
    let v = f.recv(seg(Flags::RST, PEER_ISS + 1, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::RstAccepted);
    assert_eq!(f.state(), State::Listen);
    assert!(f.events().is_empty());
    assert_eq!(f.ep.poll_timeout(), None);
    assert!(f.ep.tcb().is_none());
}

#[test]
fn test_syn_received_timeout_resends_syn_ack_then_gives_up_to_listen() {
    let config = Config {
        synack_retries: 1,
        ..Config::default()
    };
    let mut f = syn_received_with(config);
    let iss = f.iss();
    f.at(1100);
    f.timeout();
    let out = f.out_transmits();
    assert!(out[0].retransmission);
    assert_seg(
        &out[0].segment,
        Flags::SYN | Flags::ACK,
        iss,
        PEER_ISS + 1,
        0,
    );
    f.at(3100);
    f.timeout();
    assert!(f.out().is_empty());
    // Like Linux, the request is dropped silently and the listener keeps listening.
    assert_eq!(f.state(), State::Listen);
    assert!(f.events().is_empty());
}

#[test]
fn test_syn_received_ack_after_timeout_sets_rto_three_seconds() {
    let mut f = syn_received();
    let iss = f.iss();
    f.at(1100);
    f.timeout();
    f.out();
    f.notes();
    f.at(1300);
    f.recv_keep_notes(ack_only(PEER_ISS + 1, iss + 1));
    let notes = f.notes();
    // RFC 6298 (5.7): "the RTO MUST be re-initialized to 3 seconds when data transmission
    // begins (i.e., after the three-way handshake completes)". And Karn: no sample.
    assert!(notes.contains(&Note::Rto {
        change: RtoChange::KarnNoSample,
        from: Duration::from_secs(2),
        rto: Duration::from_secs(2)
    }));
    assert!(notes.contains(&Note::Rto {
        change: RtoChange::HandshakeFallback,
        from: Duration::from_secs(2),
        rto: Duration::from_secs(3)
    }));
    assert_eq!(f.ep.tcb().unwrap().rto, Duration::from_secs(3));
}

#[test]
fn test_syn_received_close_sends_fin() {
    let mut f = syn_received();
    let iss = f.iss();
    f.ep.close(f.now).unwrap();
    assert_eq!(f.state(), State::FinWait1);
    let out = f.out();
    assert_seg(&out[0], Flags::FIN | Flags::ACK, iss + 1, PEER_ISS + 1, 0);
}

// ===== ESTABLISHED ===========================================================================

#[test]
fn test_established_send_segments_by_mss_with_psh_last() {
    let mut f = established();
    let iss = f.iss();
    f.ep.send(f.now, &[1; 250]).unwrap();
    let out = f.out();
    assert_eq!(out.len(), 3);
    assert_seg(&out[0], Flags::ACK, iss + 1, PEER_ISS + 1, 100);
    assert_seg(&out[1], Flags::ACK, iss + 101, PEER_ISS + 1, 100);
    assert_seg(
        &out[2],
        Flags::ACK | Flags::PSH,
        iss + 201,
        PEER_ISS + 1,
        50,
    );
    assert_eq!(f.snd_nxt(), iss + 251);
}

#[test]
fn test_established_send_respects_peer_window() {
    let mut f = established();
    let iss = f.iss();
    f.ep.send(f.now, &[1; 1500]).unwrap();
    let out = f.out();
    let sent: usize = out.iter().map(|s| s.payload.len()).sum();
    assert_eq!(sent, 1000, "the peer offered a 1000-byte window");
    f.at(400);
    f.recv(ack_only(PEER_ISS + 1, iss + 301));
    let more: usize = f.out().iter().map(|s| s.payload.len()).sum();
    assert_eq!(more, 300);
}

#[test]
fn test_established_in_order_data_is_delivered_and_acked() {
    let mut f = established();
    let iss = f.iss();
    assert_eq!(
        f.recv(seg(
            Flags::ACK | Flags::PSH,
            PEER_ISS + 1,
            iss + 1,
            b"hello"
        )),
        Verdict::Accepted
    );
    assert_eq!(f.events(), vec![Event::Data(b"hello".to_vec())]);
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 6, 0);
}

#[test]
fn test_established_out_of_order_data_is_held_then_delivered_in_order() {
    let mut f = established();
    let iss = f.iss();
    // Reference S07: D3 arrives above a hole.
    let v = f.recv(seg(
        Flags::ACK | Flags::PSH,
        PEER_ISS + 201,
        iss + 1,
        &[3; 100],
    ));
    assert_eq!(v, Verdict::Queued);
    assert!(f.events().is_empty(), "held, not delivered");
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 1, 0);
    f.recv(seg(Flags::ACK, PEER_ISS + 1, iss + 1, &[1; 100]));
    assert_eq!(f.events(), vec![Event::Data(vec![1; 100])]);
    f.out();
    f.recv(seg(Flags::ACK, PEER_ISS + 101, iss + 1, &[2; 100]));
    let mut expected = vec![2; 100];
    expected.extend([3; 100]);
    assert_eq!(f.events(), vec![Event::Data(expected)]);
    let out = f.out();
    assert_eq!(out.len(), 1, "one ACK after processing the queue (MUST-59)");
    assert_seg(&out[0], Flags::ACK, iss + 1, PEER_ISS + 301, 0);
}

#[test]
fn test_established_duplicate_data_is_reacked_not_redelivered() {
    let mut f = established();
    let iss = f.iss();
    f.recv(seg(Flags::ACK, PEER_ISS + 1, iss + 1, &[1; 100]));
    f.events();
    f.out();
    assert_eq!(
        f.recv(seg(Flags::ACK, PEER_ISS + 1, iss + 1, &[1; 100])),
        Verdict::Old
    );
    assert!(f.events().is_empty(), "nothing delivered twice");
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 101, 0);
}

#[test]
fn test_established_overlapping_data_delivers_only_new_bytes() {
    let mut f = established();
    let iss = f.iss();
    f.recv(seg(Flags::ACK, PEER_ISS + 1, iss + 1, b"abc"));
    f.events();
    f.recv(seg(Flags::ACK, PEER_ISS + 2, iss + 1, b"bcdef"));
    assert_eq!(f.events(), vec![Event::Data(b"def".to_vec())]);
    assert_eq!(f.rcv_nxt(), PEER_ISS + 7);
}

#[test]
fn test_established_data_beyond_window_is_acked_and_dropped() {
    let mut f = established();
    let iss = f.iss();
    let v = f.recv(seg(Flags::ACK, PEER_ISS + 1 + 1000, iss + 1, b"late"));
    assert_eq!(v, Verdict::OutOfWindow);
    assert!(f.events().is_empty());
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 1, 0);
}

#[test]
fn test_established_fin_goes_to_close_wait() {
    let mut f = established();
    let iss = f.iss();
    f.recv(seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 1, &[]));
    assert_eq!(f.state(), State::CloseWait);
    assert_eq!(f.events(), vec![Event::App(AppEvent::EndOfStream)]);
    // "advance RCV.NXT over the FIN, and send an acknowledgment for the FIN"
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 2, 0);
}

#[test]
fn test_established_fin_with_data_delivers_then_closes() {
    let mut f = established();
    let iss = f.iss();
    f.recv(seg(
        Flags::FIN | Flags::PSH | Flags::ACK,
        PEER_ISS + 1,
        iss + 1,
        b"bye",
    ));
    assert_eq!(
        f.events(),
        vec![
            Event::Data(b"bye".to_vec()),
            Event::App(AppEvent::EndOfStream)
        ]
    );
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 5, 0);
}

#[test]
fn test_established_out_of_order_fin_is_held() {
    let mut f = established();
    let iss = f.iss();
    // Reference S17: the FIN overtakes data; it is held, not processed.
    assert_eq!(
        f.recv(seg(Flags::FIN | Flags::ACK, PEER_ISS + 101, iss + 1, &[])),
        Verdict::Queued
    );
    assert_eq!(f.state(), State::Established);
    assert!(f.events().is_empty());
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 1, 0);
    f.recv(seg(
        Flags::ACK | Flags::PSH,
        PEER_ISS + 1,
        iss + 1,
        &[9; 100],
    ));
    assert_eq!(f.state(), State::CloseWait);
    assert_eq!(
        f.events(),
        vec![Event::Data(vec![9; 100]), Event::App(AppEvent::EndOfStream)]
    );
    let out = f.out();
    assert_eq!(out.len(), 1);
    assert_seg(&out[0], Flags::ACK, iss + 1, PEER_ISS + 102, 0);
}

#[test]
fn test_established_rst_at_rcv_nxt_resets() {
    let mut f = established();
    let v = f.recv(seg(Flags::RST, PEER_ISS + 1, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::RstAccepted);
    assert_eq!(f.state(), State::Closed);
    assert_eq!(f.events(), vec![Event::App(AppEvent::Reset)]);
    assert!(f.out().is_empty());
}

#[test]
fn test_established_rst_in_window_gets_challenge_ack() {
    let mut f = established();
    let iss = f.iss();
    // RFC 5961 §3.2: "If the RST bit is set and the sequence number does not exactly match the
    // next expected sequence value, yet is within the current receive window, TCP endpoints
    // MUST send an acknowledgment (challenge ACK)".
    assert_eq!(
        f.recv(seg(Flags::RST, PEER_ISS + 50, SeqNumber(0), &[])),
        Verdict::RstChallenged
    );
    assert_eq!(f.state(), State::Established);
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 1, 0);
}

#[test]
fn test_established_rst_outside_window_is_dropped() {
    let mut f = established();
    assert_eq!(
        f.recv(seg(Flags::RST, PEER_ISS + 5000, SeqNumber(0), &[])),
        Verdict::RstIgnored
    );
    assert!(f.out().is_empty());
    assert_eq!(f.state(), State::Established);
}

#[test]
fn test_established_retransmitted_syn_ack_is_reacked() {
    // Reference S04(a): C in ESTABLISHED receives the server's retransmitted SYN,ACK.
    let mut f = established();
    let iss = f.iss();
    let v = f.recv(seg(Flags::SYN | Flags::ACK, PEER_ISS, iss + 1, &[]));
    assert_eq!(v, Verdict::Old);
    assert_eq!(f.state(), State::Established, "C must not reset");
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 1, 0);
}

#[test]
fn test_established_in_window_syn_gets_challenge_ack() {
    let mut f = established();
    let iss = f.iss();
    // RFC 5961 §4.2, as RFC 9293 §3.10.7.4 fourth check.
    let v = f.recv(seg(Flags::SYN, PEER_ISS + 10, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::SynChallenged);
    assert_eq!(f.state(), State::Established);
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 1, 0);
}

#[test]
fn test_established_bare_ack_at_right_window_edge_is_accepted_not_an_ack_war() {
    // Regression (found by the exhaustive loss exploration): a peer that filled our 1000-byte
    // window with data we never received sends its ACKs with SEQ = RCV.NXT + RCV.WND. Rejecting
    // them as out of window made both ends answer each other's ACKs forever.
    let mut f = established();
    let iss = f.iss();
    f.ep.send(f.now, &[1; 10]).unwrap();
    f.out();
    let v = f.recv(ack_only(PEER_ISS + 1 + 1000, iss + 11));
    assert_eq!(v, Verdict::Accepted);
    assert!(f.out().is_empty(), "an acceptable bare ACK is not answered");
    assert_eq!(
        f.ep.tcb().unwrap().snd_una,
        iss + 11,
        "and its ACK field is used"
    );
    // One past the edge is still out of window and ACKed.
    assert_eq!(
        f.recv(ack_only(PEER_ISS + 1 + 1001, iss + 11)),
        Verdict::OutOfWindow
    );
    assert_eq!(f.out().len(), 1);
}

#[test]
fn test_established_ack_of_unsent_data_is_acked_and_dropped() {
    let mut f = established();
    let iss = f.iss();
    // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the
    // segment, and return."
    let v = f.recv(seg(Flags::ACK, PEER_ISS + 1, iss + 50, b"data"));
    assert_eq!(v, Verdict::AckOfUnsent);
    assert!(f.events().is_empty());
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 1, 0);
}

#[test]
fn test_established_segment_without_ack_is_dropped() {
    let mut f = established();
    // §3.10.7.4 fifth check: "if the ACK bit is off, drop the segment and return".
    let v = f.recv(seg(Flags::PSH, PEER_ISS + 1, SeqNumber(0), b"x"));
    assert_eq!(v, Verdict::NoAck);
    assert!(f.events().is_empty());
}

#[test]
fn test_established_data_timeout_retransmits_earliest_only() {
    let mut f = established();
    let iss = f.iss();
    f.at(1000);
    f.ep.send(f.now, &[0; 300]).unwrap();
    assert_eq!(f.out().len(), 3);
    assert_eq!(
        f.ep.timer(TimerKind::Retransmission).unwrap().deadline,
        ms(2000)
    );
    f.at(1200);
    f.recv(ack_only(PEER_ISS + 1, iss + 101));
    // (5.3) restart on new data acked.
    assert_eq!(
        f.ep.timer(TimerKind::Retransmission).unwrap().deadline,
        ms(2200)
    );
    f.at(2200);
    f.timeout();
    let out = f.out_transmits();
    assert_eq!(
        out.len(),
        1,
        "(5.4) only the earliest unacknowledged segment"
    );
    assert!(out[0].retransmission);
    assert_seg(&out[0].segment, Flags::ACK, iss + 101, PEER_ISS + 1, 100);
    assert_eq!(
        f.ep.timer(TimerKind::Retransmission).unwrap().deadline,
        ms(4200)
    );
    f.at(2400);
    f.notes();
    f.recv_keep_notes(ack_only(PEER_ISS + 1, iss + 301));
    assert_eq!(f.ep.timer(TimerKind::Retransmission), None);
    // Karn: no sample; the backed-off RTO stays until a valid sample.
    assert!(f.notes().contains(&Note::Rto {
        change: RtoChange::KarnNoSample,
        from: Duration::from_secs(2),
        rto: Duration::from_secs(2)
    }));
    assert_eq!(f.ep.tcb().unwrap().rto, Duration::from_secs(2));
}

#[test]
fn test_established_data_retries_exhausted_times_out() {
    let config = Config {
        data_retries: 1,
        ..Config::default()
    };
    let mut f = established_with(config);
    f.ep.send(f.now, b"x").unwrap();
    f.out();
    f.at(1200);
    f.timeout();
    assert_eq!(f.out().len(), 1);
    f.at(3200);
    f.timeout();
    assert!(f.out().is_empty());
    assert_eq!(f.state(), State::Closed);
    // The unacknowledged byte is reported lost ("error: closing" to the queued SEND).
    assert_eq!(
        f.events(),
        vec![
            Event::App(AppEvent::Discarded(1)),
            Event::App(AppEvent::TimedOut)
        ]
    );
}

/// The expiries of the retransmission timer and the retransmissions they cause, as the endpoint
/// counts them: (expiry, retry count, RTO before, RTO after, capped).
fn expiries(f: &mut Fix) -> Vec<(u8, Option<u8>, Duration, Duration, bool)> {
    f.timeout();
    let out = f.out_transmits();
    let notes = f.notes();
    let expiry = notes
        .iter()
        .find_map(|n| match n {
            Note::Timer {
                action: TimerAction::Fire,
                expiry,
                ..
            } => *expiry,
            _ => None,
        })
        .expect("an expiry of the retransmission timer");
    let (from, rto, capped) = notes
        .iter()
        .find_map(|n| match n {
            Note::Rto {
                change: RtoChange::BackOff { capped },
                from,
                rto,
            } => Some((*from, *rto, *capped)),
            _ => None,
        })
        .unwrap_or_default();
    vec![(
        expiry,
        out.first().and_then(|t| t.retry.map(|r| r.count)),
        from,
        rto,
        capped,
    )]
}

#[test]
fn test_syn_sent_each_expiry_and_retransmission_states_its_count_and_limit() {
    let config = Config {
        syn_retries: 3,
        rto_max: Duration::from_secs(3),
        ..Config::default()
    };
    let mut f = syn_sent_with(config);
    let s = Duration::from_secs;
    let mut seen = Vec::new();
    for at in [1000, 3000, 6000] {
        f.at(at);
        let t = f.ep.poll_timeout();
        assert_eq!(t, Some(ms(at)));
        seen.extend(expiries(&mut f));
    }
    // RFC 6298 (5.5) doubles the RTO; the maximum of (2.5), here 3 s, caps the second doubling
    // (2 s → 4 s is more than 3 s) and the third (3 s → 6 s).
    assert_eq!(
        seen,
        [
            (1, Some(1), s(1), s(2), false),
            (2, Some(2), s(2), s(3), true),
            (3, Some(3), s(3), s(3), true),
        ]
    );
    // The fourth expiry finds three of three retransmissions made: the endpoint gives up.
    f.at(9000);
    f.timeout();
    let notes = f.notes();
    assert!(notes.contains(&Note::Timer {
        kind: TimerKind::Retransmission,
        action: TimerAction::Fire,
        deadline: ms(9000),
        backoff: 3,
        expiry: Some(4),
        rule: None,
    }));
    assert!(notes.contains(&Note::State {
        from: State::SynSent,
        to: State::Closed,
        cause: Cause::RetriesExhausted(Retries {
            count: 3,
            limit: 3,
            limit_of: RetryLimit::Syn,
        }),
        role: Some(Role::Active),
    }));
}

#[test]
fn test_established_retry_count_restarts_on_an_ack_of_new_data_but_the_backoff_does_not() {
    let mut f = established();
    let iss = f.iss();
    f.at(1000);
    f.call(UserCall::Send(SendData::Pattern(200))).unwrap();
    assert_eq!(f.out().len(), 2);
    f.notes();
    // The first segment's timer expires once: the 1st expiry, retransmission 1 of 6 (data).
    f.at(2000);
    f.timeout();
    let out = f.out_transmits();
    assert_eq!(
        out[0].retry,
        Some(Retries {
            count: 1,
            limit: 6,
            limit_of: RetryLimit::Data
        })
    );
    assert_eq!(f.ep.timer(TimerKind::Retransmission).unwrap().backoff, 1);
    // The retransmission is acknowledged (no sample: Karn), the second segment is not.
    f.at(2200);
    f.recv(ack_only(PEER_ISS + 1, iss + 101));
    f.notes();
    // Its first expiry is the 1st of *this* segment, although the RTO is still backed off.
    let deadline = f.ep.poll_timeout().unwrap();
    f.now = deadline;
    f.timeout();
    let out = f.out_transmits();
    let notes = f.notes();
    assert!(notes.iter().any(|n| matches!(
        n,
        Note::Timer {
            action: TimerAction::Fire,
            backoff: 1,
            expiry: Some(1),
            ..
        }
    )));
    assert_eq!(out[0].retry.map(|r| r.count), Some(1));
    assert_eq!(out[0].segment.seq, iss + 101);
}

#[test]
fn test_established_rtt_sample_names_the_timed_segment_and_the_rule() {
    let mut f = established();
    let iss = f.iss();
    f.at(1000);
    f.call(UserCall::Send(SendData::Pattern(10))).unwrap();
    f.out();
    f.notes();
    f.at(1500);
    f.recv_keep_notes(ack_only(PEER_ISS + 1, iss + 11));
    // The handshake gave the first sample (RFC 6298 (2.2)); this is a later one (2.3).
    assert!(f.notes().contains(&Note::Rto {
        change: RtoChange::Sample {
            rtt: Duration::from_millis(500),
            first: false,
            srtt: Duration::from_micros(237_500),
            rttvar: Duration::from_micros(150_000),
            seq: iss + 1,
            estimator: RttEstimatorKind::Rfc6298,
        },
        from: Duration::from_secs(1),
        rto: Duration::from_secs(1),
    }));
}

#[test]
fn test_syn_sent_close_discards_queued_data() {
    let mut f = syn_sent();
    f.ep.send(f.now, b"early").unwrap();
    f.ep.close(f.now).unwrap();
    // §3.10.4 SYN-SENT: "Delete the TCB and return "error: closing" responses to any queued
    // SENDs".
    assert_eq!(f.events(), vec![Event::App(AppEvent::Discarded(5))]);
}

#[test]
fn events_are_noted_in_order_among_state_changes() {
    // Reference S17: data completes the gap, then the held FIN: the application reads the
    // bytes, then end-of-stream, and the state change follows the FIN.
    let mut f = fin_wait_2();
    let iss = f.iss();
    f.recv(seg(Flags::FIN | Flags::ACK, PEER_ISS + 101, iss + 2, &[]));
    f.recv_keep_notes(seg(
        Flags::ACK | Flags::PSH,
        PEER_ISS + 1,
        iss + 2,
        &[4; 100],
    ));
    let order: Vec<_> = f
        .notes()
        .into_iter()
        .filter(|n| matches!(n, Note::Event(_) | Note::State { .. }))
        .collect();
    assert_eq!(
        order,
        [
            Note::Event(Event::Data(vec![4; 100])),
            Note::Event(Event::App(AppEvent::EndOfStream)),
            Note::State {
                from: State::FinWait2,
                to: State::TimeWait,
                cause: Cause::FinReceived,
                role: Some(Role::Active),
            },
        ]
    );
}

#[test]
fn test_established_close_sends_fin() {
    let mut f = established();
    let iss = f.iss();
    f.ep.close(f.now).unwrap();
    assert_eq!(f.state(), State::FinWait1);
    let out = f.out();
    // A FIN is retransmitted like data (§3.6 case 1): the timer runs.
    assert_seg(&out[0], Flags::FIN | Flags::ACK, iss + 1, PEER_ISS + 1, 0);
    assert!(f.ep.timer(TimerKind::Retransmission).is_some());
    assert_eq!(f.ep.send(f.now, b"x"), Err(CallError::ConnectionClosing));
}

#[test]
fn test_established_send_then_close_sends_data_then_fin() {
    let mut f = established();
    let iss = f.iss();
    f.ep.send(f.now, &[5; 10]).unwrap();
    f.ep.close(f.now).unwrap();
    let out = f.out();
    assert_eq!(out.len(), 1, "a FIN may ride on the last data segment");
    assert_seg(
        &out[0],
        Flags::FIN | Flags::PSH | Flags::ACK,
        iss + 1,
        PEER_ISS + 1,
        10,
    );
}

#[test]
fn test_established_abort_sends_rst() {
    let mut f = established();
    let iss = f.iss();
    f.ep.abort(f.now).unwrap();
    assert_eq!(f.state(), State::Closed);
    // "Send a reset segment: <SEQ=SND.NXT><CTL=RST>"
    assert_seg(&f.out()[0], Flags::RST, iss + 1, SeqNumber(0), 0);
    assert_eq!(f.ep.poll_timeout(), None);
}

#[test]
fn test_established_segment_from_other_port_gets_rst() {
    let mut f = established();
    let stranger = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 2), 81);
    let mut s = seg(Flags::ACK, SeqNumber(1), SeqNumber(2), b"?");
    s.src_port = 81;
    assert_eq!(f.recv_from(stranger, s), Verdict::NoConnectionReset);
    let out = f.out_transmits();
    assert_eq!(out[0].dst, stranger);
    assert_seg(&out[0].segment, Flags::RST, SeqNumber(2), SeqNumber(0), 0);
    assert_eq!(f.state(), State::Established);
}

#[test]
fn test_established_rtt_samples_follow_rfc6298() {
    let mut f = established();
    let iss = f.iss();
    // Handshake sample R = 0.2 s → SRTT 0.2, RTTVAR 0.1 → RTO 0.6 s rounded up to 1 s (2.4).
    let tcb = f.ep.tcb().unwrap();
    assert_eq!(
        (tcb.srtt, tcb.rttvar, tcb.rto),
        (
            Some(Duration::from_millis(200)),
            Duration::from_millis(100),
            Duration::from_secs(1)
        )
    );
    f.at(1000);
    f.ep.send(f.now, b"x").unwrap();
    f.out();
    f.at(1600);
    f.recv(ack_only(PEER_ISS + 1, iss + 2));
    // R' = 0.6: RTTVAR = 3/4·0.1 + 1/4·|0.2-0.6| = 0.175; SRTT = 7/8·0.2 + 1/8·0.6 = 0.25.
    let tcb = f.ep.tcb().unwrap();
    assert_eq!(tcb.rttvar, Duration::from_millis(175));
    assert_eq!(tcb.srtt, Some(Duration::from_millis(250)));
    assert_eq!(tcb.rto, Duration::from_secs(1));
}

// ===== FIN-WAIT-1 ============================================================================

#[test]
fn test_fin_wait_1_ack_of_fin_goes_to_fin_wait_2() {
    let mut f = fin_wait_1();
    let iss = f.iss();
    let v = f.recv(ack_only(PEER_ISS + 1, iss + 2));
    assert_eq!(v, Verdict::Accepted);
    assert_eq!(f.state(), State::FinWait2);
    assert_eq!(f.ep.poll_timeout(), None, "no RFC timer in FIN-WAIT-2");
}

#[test]
fn test_fin_wait_1_fin_goes_to_closing() {
    let f = closing();
    assert_eq!(f.state(), State::Closing);
}

#[test]
fn test_fin_wait_1_fin_and_ack_of_fin_go_to_time_wait() {
    let mut f = fin_wait_1();
    let iss = f.iss();
    f.recv_keep_notes(seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 2, &[]));
    // Step five: "if the FIN segment is now acknowledged, then enter FIN-WAIT-2 and continue
    // processing in that state"; step eight in FIN-WAIT-2: "Enter the TIME-WAIT state."
    let states: Vec<_> = f
        .notes()
        .into_iter()
        .filter_map(|n| match n {
            Note::State { to, .. } => Some(to),
            _ => None,
        })
        .collect();
    assert_eq!(states, [State::FinWait2, State::TimeWait]);
    assert_seg(&f.out()[0], Flags::ACK, iss + 2, PEER_ISS + 2, 0);
}

#[test]
fn test_fin_wait_1_timeout_retransmits_fin() {
    let mut f = fin_wait_1();
    let iss = f.iss();
    f.at(1300);
    f.timeout();
    let out = f.out_transmits();
    assert!(out[0].retransmission);
    assert_seg(
        &out[0].segment,
        Flags::FIN | Flags::ACK,
        iss + 1,
        PEER_ISS + 1,
        0,
    );
}

#[test]
fn test_fin_wait_1_still_receives_data() {
    let mut f = fin_wait_1();
    let iss = f.iss();
    f.recv(seg(Flags::ACK | Flags::PSH, PEER_ISS + 1, iss + 1, b"more"));
    assert_eq!(f.events(), vec![Event::Data(b"more".to_vec())]);
    assert_eq!(f.state(), State::FinWait1);
}

// ===== FIN-WAIT-2 ============================================================================

#[test]
fn test_fin_wait_2_fin_goes_to_time_wait() {
    let mut f = fin_wait_2();
    let iss = f.iss();
    f.at(1100);
    f.recv(seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 2, &[]));
    assert_eq!(f.state(), State::TimeWait);
    assert_seg(&f.out()[0], Flags::ACK, iss + 2, PEER_ISS + 2, 0);
    // 2·MSL with MSL = 5 s.
    assert_eq!(
        f.ep.timer(TimerKind::TimeWait).unwrap().deadline,
        ms(11_100)
    );
}

#[test]
fn test_fin_wait_2_half_close_keeps_receiving() {
    let mut f = fin_wait_2();
    let iss = f.iss();
    f.recv(seg(
        Flags::ACK | Flags::PSH,
        PEER_ISS + 1,
        iss + 2,
        b"after your FIN",
    ));
    assert_eq!(f.events(), vec![Event::Data(b"after your FIN".to_vec())]);
    assert_seg(&f.out()[0], Flags::ACK, iss + 2, PEER_ISS + 15, 0);
}

#[test]
fn test_fin_wait_2_optional_timeout_closes() {
    let mut f = established_with(Config {
        fin_wait_2_timeout: Some(Duration::from_secs(60)),
        ..Config::default()
    });
    let iss = f.iss();
    f.ep.close(f.now).unwrap();
    f.out();
    f.at(400);
    f.recv(ack_only(PEER_ISS + 1, iss + 2));
    assert_eq!(
        f.ep.timer(TimerKind::FinWait2).unwrap().deadline,
        ms(60_400)
    );
    f.at(60_400);
    f.timeout();
    assert_eq!(f.state(), State::Closed);
}

#[test]
fn test_fin_wait_2_close_again_is_an_error() {
    let mut f = fin_wait_2();
    assert_eq!(f.ep.close(f.now), Err(CallError::ConnectionClosing));
}

// ===== CLOSE-WAIT ============================================================================

#[test]
fn test_close_wait_can_still_send() {
    let mut f = close_wait();
    let iss = f.iss();
    f.ep.send(f.now, b"reply").unwrap();
    assert_seg(
        &f.out()[0],
        Flags::ACK | Flags::PSH,
        iss + 1,
        PEER_ISS + 2,
        5,
    );
}

#[test]
fn test_close_wait_close_goes_to_last_ack() {
    let mut f = close_wait();
    let iss = f.iss();
    f.ep.close(f.now).unwrap();
    assert_eq!(f.state(), State::LastAck);
    assert_seg(
        &f.out()[0],
        Flags::FIN | Flags::ACK,
        iss + 1,
        PEER_ISS + 2,
        0,
    );
}

#[test]
fn test_close_wait_retransmitted_fin_is_reacked() {
    let mut f = close_wait();
    let iss = f.iss();
    assert_eq!(
        f.recv(seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 1, &[])),
        Verdict::Old
    );
    assert!(f.events().is_empty(), "no second end-of-stream");
    assert_seg(&f.out()[0], Flags::ACK, iss + 1, PEER_ISS + 2, 0);
}

// ===== CLOSING ===============================================================================

#[test]
fn test_closing_ack_of_fin_goes_to_time_wait() {
    let mut f = closing();
    let iss = f.iss();
    f.at(450);
    f.recv(ack_only(PEER_ISS + 2, iss + 2));
    assert_eq!(f.state(), State::TimeWait);
    assert_eq!(f.ep.timer(TimerKind::Retransmission), None);
    assert_eq!(
        f.ep.timer(TimerKind::TimeWait).unwrap().deadline,
        ms(10_450)
    );
}

#[test]
fn test_closing_other_ack_is_ignored() {
    let mut f = closing();
    let iss = f.iss();
    f.recv(ack_only(PEER_ISS + 2, iss + 1));
    assert_eq!(f.state(), State::Closing);
}

// ===== LAST-ACK ==============================================================================

#[test]
fn test_last_ack_ack_of_fin_closes() {
    let mut f = last_ack();
    let iss = f.iss();
    f.at(500);
    f.recv(ack_only(PEER_ISS + 2, iss + 2));
    assert_eq!(f.state(), State::Closed);
    assert_eq!(f.events(), vec![Event::App(AppEvent::Closed)]);
    assert_eq!(f.ep.poll_timeout(), None);
}

#[test]
fn test_last_ack_timeout_retransmits_fin() {
    let mut f = last_ack();
    let iss = f.iss();
    f.at(1400);
    f.timeout();
    let out = f.out_transmits();
    assert!(out[0].retransmission);
    assert_seg(
        &out[0].segment,
        Flags::FIN | Flags::ACK,
        iss + 1,
        PEER_ISS + 2,
        0,
    );
    assert_eq!(
        f.ep.timer(TimerKind::Retransmission).unwrap().deadline,
        ms(3400)
    );
}

#[test]
fn test_last_ack_rst_resets() {
    // Reference S14 counter-example: an RST with SEQ = RCV.NXT closes LAST-ACK by reset.
    let mut f = last_ack();
    let iss = f.iss();
    let _ = iss;
    assert_eq!(
        f.recv(seg(Flags::RST, PEER_ISS + 2, SeqNumber(0), &[])),
        Verdict::RstAccepted
    );
    assert_eq!(f.state(), State::Closed);
    assert_eq!(f.events(), vec![Event::App(AppEvent::Reset)]);
}

// ===== TIME-WAIT =============================================================================

#[test]
fn test_time_wait_timeout_closes() {
    let mut f = time_wait();
    f.at(10_999);
    f.timeout();
    assert_eq!(f.state(), State::TimeWait);
    f.at(11_000);
    f.timeout();
    assert_eq!(f.state(), State::Closed);
    assert_eq!(f.events(), vec![Event::App(AppEvent::Closed)]);
}

#[test]
fn test_time_wait_retransmitted_fin_is_reacked_and_restarts_timer() {
    let mut f = time_wait();
    let iss = f.iss();
    f.at(2100);
    // §3.10.7.4: "The only thing that can arrive in this state is a retransmission of the
    // remote FIN. Acknowledge it, and restart the 2 MSL timeout."
    let v = f.recv(seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 2, &[]));
    assert_eq!(v, Verdict::TimeWaitReAck);
    assert_seg(&f.out()[0], Flags::ACK, iss + 2, PEER_ISS + 2, 0);
    let t = f.ep.timer(TimerKind::TimeWait).unwrap();
    assert_eq!((t.set_at, t.deadline), (ms(2100), ms(12_100)));
}

#[test]
fn test_time_wait_old_data_is_reacked_without_restart() {
    let mut f = time_wait();
    let iss = f.iss();
    f.at(2000);
    assert_eq!(
        f.recv(seg(Flags::ACK, PEER_ISS + 1, iss + 2, &[])),
        Verdict::Old
    );
    assert_eq!(
        f.ep.timer(TimerKind::TimeWait).unwrap().deadline,
        ms(11_000)
    );
}

#[test]
fn test_time_wait_any_ack_restarts_under_linux_switch() {
    let config = Config {
        time_wait_restart: TimeWaitRestart::AnyAck,
        ..Config::default()
    };
    let mut f = time_wait_with(config);
    let iss = f.iss();
    f.at(2000);
    assert_eq!(
        f.recv(seg(Flags::ACK, PEER_ISS + 1, iss + 2, &[])),
        Verdict::TimeWaitOtherReAck
    );
    assert_eq!(
        f.ep.timer(TimerKind::TimeWait).unwrap().deadline,
        ms(12_000)
    );
}

#[test]
fn test_time_wait_rst_closes_per_rfc9293() {
    let mut f = time_wait();
    assert_eq!(
        f.recv(seg(Flags::RST, PEER_ISS + 2, SeqNumber(0), &[])),
        Verdict::RstAccepted
    );
    assert_eq!(f.state(), State::Closed);
}

#[test]
fn test_time_wait_rst_ignored_under_rfc1337() {
    let config = Config {
        rst_in_time_wait: RstInTimeWait::Ignore,
        ..Config::default()
    };
    let mut f = time_wait_with(config);
    assert_eq!(
        f.recv(seg(Flags::RST, PEER_ISS + 2, SeqNumber(0), &[])),
        Verdict::RstInTimeWaitIgnored
    );
    assert_eq!(f.state(), State::TimeWait);
}

#[test]
fn test_time_wait_abort_closes_without_rst() {
    let mut f = time_wait();
    f.ep.abort(f.now).unwrap();
    assert_eq!(f.state(), State::Closed);
    assert!(f.out().is_empty());
}

#[test]
fn test_time_wait_zero_msl_closes_at_once() {
    let config = Config {
        msl: Duration::ZERO,
        ..Config::default()
    };
    let mut f = time_wait_with(config);
    assert_eq!(f.ep.poll_timeout(), Some(f.now));
    f.timeout();
    assert_eq!(f.state(), State::Closed);
}

// ===== every state: the notes tell the story ================================================

#[test]
fn every_state_change_is_noted_once_with_its_cause() {
    let mut f = closed();
    f.ep.connect(f.now, REMOTE).unwrap();
    let iss = f.iss();
    f.out();
    f.at(200);
    f.recv_keep_notes(seg(Flags::SYN | Flags::ACK, PEER_ISS, iss + 1, &[]));
    f.out();
    f.ep.close(f.now).unwrap();
    f.out();
    f.at(400);
    f.recv_keep_notes(ack_only(PEER_ISS + 1, iss + 2));
    f.at(500);
    f.recv_keep_notes(seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 2, &[]));
    f.out();
    f.at(10_500);
    f.timeout();
    let changes: Vec<_> = f
        .notes()
        .into_iter()
        .filter_map(|n| match n {
            Note::State {
                from, to, cause, ..
            } => Some((from, to, cause)),
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        [
            (State::Closed, State::SynSent, Cause::Connect),
            (State::SynSent, State::Established, Cause::SynAckReceived),
            (State::Established, State::FinWait1, Cause::Close),
            (State::FinWait1, State::FinWait2, Cause::AckOfFinReceived),
            (State::FinWait2, State::TimeWait, Cause::FinReceived),
            (State::TimeWait, State::Closed, Cause::TimeWaitExpired),
        ]
    );
}

/// `handle_segment` reads the segment it is given and leaves it with the caller (it took it by
/// value, so the simulator cloned every arriving payload to hand it over): the same value can be
/// handed over again, as the link does with a duplicate.
#[test]
fn test_established_handle_segment_borrows_the_segment() {
    let mut f = established();
    let iss = f.iss();
    let data = seg(Flags::ACK | Flags::PSH, PEER_ISS + 1, iss + 1, b"once");
    f.ep.handle_segment(f.now, REMOTE, &data);
    f.ep.handle_segment(f.now, REMOTE, &data);
    let verdicts: Vec<Verdict> = f
        .notes()
        .into_iter()
        .filter_map(|n| match n {
            Note::Verdict(v) => Some(v),
            _ => None,
        })
        .collect();
    assert_eq!(verdicts, [Verdict::Accepted, Verdict::Old]);
    assert_eq!(f.events(), vec![Event::Data(b"once".to_vec())]);
    assert_eq!(data.payload, b"once");
}

impl Fix {
    /// Delivers a segment without draining the notes.
    fn recv_keep_notes(&mut self, seg: Segment) {
        self.ep.handle_segment(self.now, REMOTE, &seg);
    }
}

// ----- issue 13: a crash, open choice 15, and the broken-TCP switches -----------------------

fn broken(switch: Counterfactual) -> Config {
    let mut c = Config::default();
    c.counterfactual = c.counterfactual.with(switch, true);
    c
}

#[test]
fn test_established_crash_forgets_everything_silently() {
    let mut f = established();
    f.call(UserCall::Send(SendData::Text("unsent".into())))
        .unwrap();
    f.out();
    f.notes();
    assert!(f.ep.timer(TimerKind::Retransmission).is_some());
    f.at(500);
    f.ep.crash(f.now);
    let notes = f.notes();
    assert_eq!(
        notes.first(),
        Some(&Note::State {
            from: State::Established,
            to: State::Closed,
            cause: Cause::Crash,
            role: Some(Role::Active),
        })
    );
    // Its timer stopped, noted; nothing else: no "discarded", no "reset", no segment.
    assert!(notes.iter().skip(1).all(|n| matches!(
        n,
        Note::Timer {
            action: TimerAction::Cancel,
            ..
        }
    )));
    assert!(f.events().is_empty());
    assert!(f.out().is_empty());
    assert_eq!(f.state(), State::Closed);
    assert!(f.ep.tcb().is_none() && f.ep.timers().next().is_none());
    // A crash of what has no TCB is nothing.
    f.ep.crash(f.now);
    assert!(f.notes().is_empty());
}

#[test]
fn test_listen_crash_closes_the_listener() {
    let mut f = listening();
    f.ep.crash(f.now);
    assert_eq!(
        f.notes(),
        vec![Note::State {
            from: State::Listen,
            to: State::Closed,
            cause: Cause::Crash,
            role: None,
        }]
    );
}

/// Open choice 15, RFC 9293 §3.5.2: "If the connection is in any non-synchronized state
/// (LISTEN, SYN-SENT, SYN-RECEIVED), and the incoming segment acknowledges something not yet
/// sent (the segment carries an unacceptable ACK) ... a reset is sent." — checked before the
/// sequence number, so an ACK outside the window draws an RST, not an ACK.
#[test]
fn test_syn_received_out_of_window_bad_ack_is_answered_with_rst_not_ack() {
    let mut f = syn_received();
    let bogus_ack = SeqNumber(123);
    let far = PEER_ISS + 50_000;
    assert_eq!(f.recv(ack_only(far, bogus_ack)), Verdict::BadAckReset);
    let out = f.out();
    assert_eq!(out.len(), 1);
    assert_seg(&out[0], Flags::RST, bogus_ack, SeqNumber(0), 0);
    assert_eq!(f.state(), State::SynReceived);
    // An RST is never answered, whatever its ACK field.
    let rst = seg(Flags::RST | Flags::ACK, far, bogus_ack, &[]);
    assert_eq!(f.recv(rst), Verdict::RstIgnored);
    assert!(f.out().is_empty());
}

#[test]
fn test_listen_syn_two_way_handshake_is_established_at_once_and_delivers_syn_text() {
    let mut f = Fix::new(broken(Counterfactual::TwoWayHandshake));
    f.ep.listen(f.now).unwrap();
    f.notes();
    f.at(100);
    assert_eq!(
        f.recv(seg(Flags::SYN, PEER_ISS, SeqNumber(0), b"old")),
        Verdict::Accepted
    );
    assert_eq!(f.state(), State::Established);
    // The SYN,ACK still goes out, acknowledging the SYN and its text.
    let out = f.out();
    assert_eq!(out.len(), 1);
    let iss = f.iss();
    assert_seg(&out[0], Flags::SYN | Flags::ACK, iss, PEER_ISS + 4, 0);
    assert_eq!(
        f.events(),
        vec![
            Event::App(AppEvent::Connected),
            Event::Data(b"old".to_vec())
        ]
    );
}

#[test]
fn test_listen_syn_three_way_handshake_keeps_syn_text_from_the_application() {
    let mut f = listening();
    f.at(100);
    f.recv(seg(Flags::SYN, PEER_ISS, SeqNumber(0), b"old"));
    assert_eq!(f.state(), State::SynReceived);
    assert!(f.events().is_empty());
}

#[test]
fn test_fin_wait_2_fin_without_time_wait_acks_and_closes() {
    let mut f = established_with(broken(Counterfactual::NoTimeWait));
    let iss = f.iss();
    f.at(300);
    f.ep.close(f.now).unwrap();
    f.out();
    f.at(400);
    f.recv(ack_only(PEER_ISS + 1, iss + 2));
    assert_eq!(f.state(), State::FinWait2);
    f.events();
    f.at(500);
    f.notes();
    f.ep.handle_segment(
        f.now,
        REMOTE,
        &seg(Flags::FIN | Flags::ACK, PEER_ISS + 1, iss + 2, &[]),
    );
    let notes = f.notes();
    assert!(notes.contains(&Note::NotTcp(Counterfactual::NoTimeWait)));
    assert!(notes.contains(&Note::State {
        from: State::FinWait2,
        to: State::Closed,
        cause: Cause::FinReceived,
        role: Some(Role::Active),
    }));
    assert!(!notes.iter().any(|n| matches!(
        n,
        Note::State {
            to: State::TimeWait,
            ..
        }
    )));
    // The ACK of the FIN still leaves, after the TCB is gone.
    let out = f.out();
    assert_eq!(out.len(), 1);
    assert_seg(&out[0], Flags::ACK, iss + 2, PEER_ISS + 2, 0);
    assert_eq!(f.state(), State::Closed);
    assert!(f.ep.timers().next().is_none());
    assert_eq!(
        f.events(),
        vec![
            Event::App(AppEvent::EndOfStream),
            Event::App(AppEvent::Closed)
        ]
    );
}

#[test]
fn test_fin_wait_1_timeout_without_fin_retransmission_sends_nothing() {
    let mut f = fin_wait_1_with(broken(Counterfactual::NoFinRetransmission));
    let deadline = f.ep.timer(TimerKind::Retransmission).unwrap().deadline;
    f.now = deadline;
    f.timeout();
    assert!(f.out().is_empty(), "the FIN is not re-sent");
    assert!(
        f.notes()
            .contains(&Note::NotTcp(Counterfactual::NoFinRetransmission))
    );
    assert_eq!(f.state(), State::FinWait1);
    assert!(f.ep.timers().next().is_none());
    assert_eq!(f.ep.retries(), 0);
}

#[test]
fn test_fin_wait_1_timeout_retransmits_the_fin() {
    let mut f = fin_wait_1();
    let iss = f.iss();
    let deadline = f.ep.timer(TimerKind::Retransmission).unwrap().deadline;
    f.now = deadline;
    f.timeout();
    let out = f.out();
    assert_eq!(out.len(), 1);
    assert_seg(&out[0], Flags::FIN | Flags::ACK, iss + 1, PEER_ISS + 1, 0);
}

#[test]
fn test_closed_connect_same_isn_repeats_the_first_iss() {
    let mut f = Fix::new(Config::default());
    f.ep.connect(f.now, REMOTE).unwrap();
    let first = f.iss();
    f.ep.abort(f.now).unwrap();
    f.ep.set_counterfactual(Counterfactual::SameIsn, true);
    f.ep.connect(f.now, REMOTE).unwrap();
    assert_eq!(f.iss(), first);
    f.ep.abort(f.now).unwrap();
    f.ep.set_counterfactual(Counterfactual::SameIsn, false);
    f.ep.connect(f.now, REMOTE).unwrap();
    assert_ne!(f.iss(), first, "TCP picks a fresh ISS");
}

/// Found by the `endpoint_segments` fuzzer: a SYN with text and FIN under the two-way switch
/// takes a passive OPEN from LISTEN to ESTABLISHED and on to CLOSE-WAIT before its SYN,ACK has
/// left; the SYN,ACK must still go first (it looped for ever building empty segments).
#[test]
fn test_listen_syn_with_fin_two_way_handshake_sends_its_syn_ack_from_close_wait() {
    let mut f = Fix::new(broken(Counterfactual::TwoWayHandshake));
    f.ep.listen(f.now).unwrap();
    f.at(100);
    f.recv(seg(Flags::SYN | Flags::FIN, PEER_ISS, SeqNumber(0), b"bye"));
    assert_eq!(f.state(), State::CloseWait);
    let out = f.out();
    assert_eq!(out.len(), 1);
    let iss = f.iss();
    assert_seg(&out[0], Flags::SYN | Flags::ACK, iss, PEER_ISS + 5, 0);
    f.call(UserCall::Close).unwrap();
    let out = f.out();
    assert_eq!(out.len(), 1, "then the FIN, once");
    assert_seg(&out[0], Flags::FIN | Flags::ACK, iss + 1, PEER_ISS + 5, 0);
}

/// Buffers given back for reuse (`Endpoint::give_buffer`, issue 15) change nothing an endpoint
/// does: with junk-filled buffers handed to it before every step, its segments, events and
/// state are those of an endpoint given none, through data in order, out of order (held, then
/// delivered with the gap) and a retransmission.
#[test]
fn test_established_given_buffers_behaves_as_without() {
    fn junk(n: usize) -> Vec<u8> {
        (0..n).map(|i| i as u8 ^ 0xa5).collect()
    }
    fn run(give: bool) -> (Vec<String>, String) {
        let mut f = established();
        let give = |f: &mut Fix| {
            if give {
                for n in [0, 1, 7, 100, 2000] {
                    f.ep.give_buffer(junk(n));
                }
            }
        };
        let iss = f.iss();
        let mut out = Vec::new();
        give(&mut f);
        f.call(UserCall::Send(SendData::Pattern(250))).unwrap();
        out.push(format!("{:?}", f.out()));
        // The peer's data out of order (its second 50 bytes held), then the gap filled.
        give(&mut f);
        assert_eq!(
            f.recv(seg(Flags::ACK, PEER_ISS + 51, iss + 1, &junk(50))),
            Verdict::Queued
        );
        give(&mut f);
        f.recv(seg(Flags::ACK, PEER_ISS + 1, iss + 1, &[7; 50]));
        out.push(format!("{:?} {:?}", f.events(), f.out()));
        // The retransmission timer fires: the earliest unacknowledged segment again.
        give(&mut f);
        f.at(2000).timeout();
        out.push(format!("{:?}", f.out()));
        (out, format!("{:?}", f.ep))
    }
    let (plain, given) = (run(false), run(true));
    assert_eq!(plain, given);
    // Not vacuous: data went both ways, 100 bytes were delivered and one segment re-sent.
    assert!(plain.0[1].contains("Data([7, 7"), "{}", plain.0[1]);
    assert!(
        plain.0[2].contains("payload: [97, 98, 99"),
        "{}",
        plain.0[2]
    );
}
