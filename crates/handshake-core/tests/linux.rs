//! The Linux profile against every number of `../shared/reference/linux.md` ("What a real Linux
//! TCP does (measured)", Linux 6.18), one test per row or number, each quoting the line it
//! checks. Where linux.md measured the kernel with hand-made segments, the test does the same to
//! one endpoint (`Endpoint`); where it measured a connection, the test runs the simulator on a
//! scenario file with `"profile": "linux"`.
//!
//! **How a model time is compared with a measured one.** The model's timers fire exactly; the
//! kernel's are rounded up to its timer wheel — a timer of length L fires up to L/8 later (the
//! wheel's granularity at that level) and the measuring loop adds a few milliseconds. So a
//! measured time agrees with the model's when it is at most one tick (4 ms at HZ=250) earlier and
//! at most 20 ms + L/8 later ([`kernel_agrees`]) — the rule of the live differential
//! (`docs/model.md`, "How runs are compared"). Every test also states the model's exact numbers.

use core::net::{Ipv4Addr, SocketAddrV4};

use handshake_core::config::{
    AbortRst, Config, DupSynPolicy, InWindowSyn, Profile, RstInTimeWait, RttEstimatorKind, Rule,
    TimeWaitRestart,
};
use handshake_core::endpoint::{Endpoint, Note, RtoChange, TimerAction, TimerKind, Verdict};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Side, Simulator, Transmission, TxStatus};
use handshake_core::trace::TraceKind;
use handshake_core::{Duration, Flags, Instant, Segment, SeqNumber, State};

const C: Side = Side::Client;
const S: Side = Side::Server;

// ----- comparing with the kernel ---------------------------------------------------------------

/// A measured kernel time (seconds) agrees with the model's when it is at most one tick earlier
/// and at most 20 ms + `wait`/8 later, `wait` being the length of the timer that sent it.
fn kernel_agrees(model: f64, measured: f64, wait: f64) -> bool {
    let late = measured - model;
    (-0.004..=0.020 + wait / 8.0).contains(&late)
}

#[test]
fn kernel_agreement_is_not_a_blank_cheque() {
    // The rule itself: a kernel time a timer-wheel slot late agrees, one a whole RTO off does not.
    assert!(kernel_agrees(3.0015, 3.12, 1.6));
    assert!(!kernel_agrees(7.0, 3.12, 1.6));
    assert!(!kernel_agrees(1.0, 0.63, 0.4), "earlier than the model");
    assert!(!kernel_agrees(0.2, 0.63, 0.2));
}

fn secs(t: Instant) -> f64 {
    t.total_micros() as f64 / 1e6
}

// ----- running scenarios -----------------------------------------------------------------------

fn run(json: &str) -> Simulator {
    let scenario = Scenario::from_json(json).expect("valid scenario");
    let mut sim = Simulator::new(&scenario).expect("valid scenario");
    sim.run_to_end();
    sim
}

/// `side`'s own transmissions carrying all of `flags` (link copies left out).
fn sent(sim: &Simulator, side: Side, flags: Flags) -> Vec<&Transmission> {
    sim.transmissions()
        .iter()
        .filter(|t| t.from == side && t.duplicate_of.is_none() && t.segment.flags.contains(flags))
        .collect()
}

/// Send times relative to the first, in seconds.
fn after_first(ts: &[&Transmission]) -> Vec<f64> {
    let t0 = ts[0].sent_at;
    ts[1..].iter().map(|t| secs(t.sent_at) - secs(t0)).collect()
}

/// When `side` entered `state` (the first time).
fn entered(sim: &Simulator, side: Side, state: State) -> Option<Instant> {
    sim.trace().iter().find_map(|e| match e.kind {
        TraceKind::State { side: s, to, .. } if s == side && to == state => Some(e.t),
        _ => None,
    })
}

/// The states `side` went through, from the first change on.
fn path(sim: &Simulator, side: Side) -> Vec<State> {
    sim.trace()
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::State { side: s, to, .. } if s == side => Some(to),
            _ => None,
        })
        .collect()
}

// ----- one endpoint against hand-made segments -------------------------------------------------

const LOCAL: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 2), 5555);
const PEER: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 1), 40000);
/// The hand-made peer's ISN, "x" in linux.md.
const X: SeqNumber = SeqNumber(1_000_000);

/// One endpoint at a time `now`, fed segments from `PEER`.
struct One {
    ep: Endpoint,
    now: Instant,
}

impl One {
    fn new(config: Config) -> One {
        One {
            ep: Endpoint::new(config, LOCAL, 7),
            now: Instant::ZERO,
        }
    }
    fn listening(config: Config) -> One {
        let mut one = One::new(config);
        one.ep.listen(one.now).unwrap();
        one.drain();
        one
    }
    fn at_ms(&mut self, ms: f64) {
        self.now = Instant::from_micros((ms * 1000.0).round() as u64);
    }
    /// Everything the endpoint sends now, and its notes.
    fn drain(&mut self) -> (Vec<Segment>, Vec<Note>) {
        let mut out = Vec::new();
        while let Some(t) = self.ep.poll_transmit(self.now) {
            out.push(t.segment);
        }
        while self.ep.poll_event().is_some() {}
        let mut notes = Vec::new();
        while let Some(n) = self.ep.poll_note() {
            notes.push(n);
        }
        (out, notes)
    }
    /// A segment from the peer: the verdict and what the endpoint sent in answer.
    fn recv(&mut self, seg: Segment) -> (Verdict, Vec<Segment>) {
        self.ep.handle_segment(self.now, PEER, &seg);
        let (out, notes) = self.drain();
        let verdict = notes
            .iter()
            .find_map(|n| match n {
                Note::Verdict(v) => Some(*v),
                _ => None,
            })
            .expect("one verdict per segment");
        (verdict, out)
    }
    /// Runs the endpoint's timers up to `until` (ms): what it sent, with the times.
    fn timers_until(&mut self, until_ms: f64) -> Vec<(f64, Segment)> {
        let until = Instant::from_micros((until_ms * 1000.0) as u64);
        let mut out = Vec::new();
        while let Some(t) = self.ep.poll_timeout() {
            if t > until {
                break;
            }
            self.now = t;
            self.ep.handle_timeout(t);
            for seg in self.drain().0 {
                out.push((secs(t), seg));
            }
        }
        self.now = until;
        out
    }
    fn iss(&self) -> SeqNumber {
        self.ep.tcb().expect("a connection").iss
    }
    fn timer(&self, kind: TimerKind) -> Option<Instant> {
        self.ep.timer(kind).map(|t| t.deadline)
    }
    /// A server in SYN-RECEIVED: the peer's SYN `<SEQ=x>` at 0, the SYN,ACK sent.
    fn syn_received(config: Config) -> One {
        let mut one = One::listening(config);
        let (v, out) = one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
        assert_eq!(v, Verdict::Accepted);
        assert_eq!(out.len(), 1);
        one
    }
    /// A client in TIME-WAIT at 1 s: handshake at 0, the peer's "hello" (x+1 to x+5) at 0.2 s,
    /// CLOSE at 0.3 s, the peer's ACK at 0.4 s and its FIN (x+6) at 1 s. RCV.NXT is then x+7.
    fn time_wait(config: Config) -> One {
        let mut one = One::new(config);
        one.ep.connect(one.now, PEER).unwrap();
        one.drain();
        let iss = one.iss();
        one.at_ms(100.0);
        one.recv(seg(Flags::SYN | Flags::ACK, X, iss + 1, &[]));
        one.at_ms(200.0);
        one.recv(seg(Flags::ACK | Flags::PSH, X + 1, iss + 1, b"hello"));
        one.at_ms(300.0);
        one.ep.close(one.now).unwrap();
        one.drain();
        one.at_ms(400.0);
        one.recv(seg(Flags::ACK, X + 6, iss + 2, &[]));
        one.at_ms(1000.0);
        one.recv(seg(Flags::FIN | Flags::ACK, X + 6, iss + 2, &[]));
        assert_eq!(one.ep.state(), State::TimeWait);
        one
    }
}

fn seg(flags: Flags, seq: SeqNumber, ack: SeqNumber, payload: &[u8]) -> Segment {
    Segment {
        src_port: PEER.port(),
        dst_port: LOCAL.port(),
        seq,
        ack,
        flags,
        window: 64240,
        urgent: 0,
        mss: flags.syn().then_some(1460),
        payload: payload.to_vec(),
    }
}

// ===== the defaults in force ===================================================================

#[test]
fn linux_profile_has_the_measured_kernels_defaults() {
    // linux.md: "Defaults in force otherwise: `tcp_syn_retries=6 tcp_synack_retries=5
    // tcp_syn_linear_timeouts=4 tcp_fin_timeout=60 tcp_rfc1337=0 tcp_rto_min_us=200000
    // tcp_invalid_ratelimit=500 tcp_retries2=15`."
    let c = Config::linux();
    assert_eq!(c.syn_retries, 6);
    assert_eq!(c.synack_retries, 5);
    assert_eq!(c.syn_linear_timeouts, 4);
    assert_eq!(c.rst_in_time_wait, RstInTimeWait::Close, "tcp_rfc1337=0");
    assert_eq!(c.rto_min, Duration::from_micros(200_000));
    assert_eq!(c.dup_syn_ratelimit, Some(Duration::from_millis(500)));
    assert_eq!(c.data_retries, 15);
    // tcp_fin_timeout=60 times out FIN-WAIT-2 of an orphaned socket (after close()); the model's
    // CLOSE is RFC 9293's half-close, shutdown(SHUT_WR), which Linux never times out.
    assert_eq!(c.fin_wait_2_timeout, None);
    // And the profile is selected by name.
    assert_eq!(Profile::from_name("linux"), Some(Profile::Linux));
    assert_eq!(Profile::Linux.config(), c);
    assert_eq!(Profile::Rfc.config(), Config::default());
}

// ===== SYN retransmissions =====================================================================

/// All of the client's SYNs are lost; the server listens.
fn every_syn_lost(profile: &str) -> Simulator {
    run(&format!(
        r#"{{ "profile": "{profile}",
             "actions": [ {{ "at_ms": 0, "side": "server", "call": "listen" }},
                          {{ "at_ms": 0, "side": "client", "call": "connect" }} ],
             "faults": [ {{ "match": {{ "from": "client", "flags": ["SYN"] }}, "fault": "drop" }} ] }}"#
    ))
}

#[test]
fn linux_syn_retransmissions_at_1_2_3_4_5_7_11_19_35_67_s() {
    // linux.md, "SYN retransmissions (s after the first SYN)": "1, 2, 3, 4, 5, 7, 11, 19, 35, 67
    // (five 1 s gaps with `tcp_syn_linear_timeouts=4`, then doubling)".
    let sim = every_syn_lost("linux");
    let syns = sent(&sim, C, Flags::SYN);
    let times = after_first(&syns);
    assert_eq!(
        times,
        [1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 11.0, 19.0, 35.0, 67.0]
    );
    // The first five gaps keep the RTO (Linux tcp_syn_linear_timeouts), the rest double it.
    let changes: Vec<&str> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::Rto {
                change: RtoChange::Linear,
                ..
            } => Some("linear"),
            TraceKind::Rto {
                change: RtoChange::BackOff { .. },
                ..
            } => Some("double"),
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        [
            "linear", "linear", "linear", "linear", "double", "double", "double", "double",
            "double", "double"
        ]
    );
}

#[test]
fn linux_connect_fails_with_etimedout_131_s_after_the_first_syn() {
    // linux.md: "connect() fails with ETIMEDOUT ≈ 131 s after the first SYN (133.8 s observed)".
    let sim = every_syn_lost("linux");
    let gave_up = entered(&sim, C, State::Closed).expect("the client gives up");
    assert_eq!(gave_up, Instant::from_secs(131));
    // tcp_syn_retries 6 + tcp_syn_linear_timeouts 4 = 10 retransmissions, the last at 67 s; the
    // give-up is its timer, 64 s long.
    assert_eq!(sent(&sim, C, Flags::SYN).len(), 11);
    assert!(kernel_agrees(131.0, 133.8, 64.0));
    assert!(sim.trace().iter().any(|e| matches!(
        e.kind,
        TraceKind::App {
            side: C,
            event: handshake_core::AppEvent::TimedOut
        }
    )));
}

#[test]
fn rfc_syn_retransmissions_at_1_3_7_15_31_s() {
    // linux.md, the RFC profile's column: "1, 3, 7, 15, 31 … (RTO 1 s doubling)".
    let sim = every_syn_lost("rfc");
    let times = after_first(&sent(&sim, C, Flags::SYN));
    assert_eq!(times[..5], [1.0, 3.0, 7.0, 15.0, 31.0]);
}

// ===== SYN,ACK retransmissions and the dropped request =========================================

#[test]
fn linux_syn_ack_retransmissions_at_1_3_7_s_then_the_request_is_dropped_at_63_s() {
    // linux.md, "SYN,ACK retransmissions (s after the first)": "the same (1.0, 3.0, 7.1, …); the
    // half-open request is dropped silently ≈ 63 s after the first SYN,ACK (65.1 s observed)".
    let mut one = One::syn_received(Config::linux());
    let y = one.iss();
    let out = one.timers_until(70_000.0);
    let times: Vec<f64> = out.iter().map(|(t, _)| *t).collect();
    assert_eq!(times, [1.0, 3.0, 7.0, 15.0, 31.0]);
    for (_, s) in &out {
        assert_eq!((s.flags, s.seq, s.ack), (Flags::SYN | Flags::ACK, y, X + 1));
    }
    for (model, measured, wait) in [(1.0, 1.0, 1.0), (3.0, 3.0, 2.0), (7.0, 7.1, 4.0)] {
        assert!(kernel_agrees(model, measured, wait));
    }
    // The sixth expiry, 32 s after the fifth retransmission: back to LISTEN, nothing sent.
    assert_eq!(one.ep.state(), State::Listen);
    assert!(kernel_agrees(63.0, 65.1, 32.0));
}

#[test]
fn linux_late_ack_after_the_dropped_request_gets_rst_seq_y_plus_1() {
    // linux.md: "a late ACK then gets `<SEQ=y+1><CTL=RST>`" (RFC 9293 §3.10.7.2: "<SEQ=SEG.ACK>
    // <CTL=RST>" for an ACK in LISTEN).
    let mut one = One::syn_received(Config::linux());
    let y = one.iss();
    one.timers_until(64_000.0);
    assert_eq!(one.ep.state(), State::Listen);
    one.at_ms(65_000.0);
    let (v, out) = one.recv(seg(Flags::ACK, X + 1, y + 1, &[]));
    assert_eq!(v, Verdict::BadAckReset);
    assert_eq!(out.len(), 1);
    assert_eq!((out[0].flags, out[0].seq), (Flags::RST, y + 1));
}

// ===== the RTO floor ===========================================================================

/// A handshake over a link of `one_way_ms` each way, then the client's CLOSE; every FIN from
/// the client is lost.
fn fin_resent(profile: &str, one_way_ms: f64, endpoint: &str) -> Vec<f64> {
    // The CLOSE after the handshake: at 10 ms on a fast link, after 3 one-way delays otherwise.
    let close_ms = (3.0 * one_way_ms).max(10.0);
    let sim = run(&format!(
        r#"{{ "profile": "{profile}",
             "config": {{ "latency_ms": {one_way_ms}, "endpoint": {{ {endpoint} }} }},
             "actions": [ {{ "at_ms": 0, "side": "server", "call": "listen" }},
                          {{ "at_ms": 0, "side": "client", "call": "connect" }},
                          {{ "at_ms": {close_ms}, "side": "client", "call": "close" }} ],
             "faults": [ {{ "match": {{ "from": "client", "flags": ["FIN"] }}, "fault": "drop" }} ],
             "end_ms": 10000 }}"#
    ));
    after_first(&sent(&sim, C, Flags::FIN))
}

#[test]
fn linux_fin_resent_at_0_20_0_63_1_46_3_12_s_with_a_tiny_rtt() {
    // linux.md, "RTO floor": "200 ms: with a tiny RTT a FIN is re-sent at 0.20, 0.63, 1.46,
    // 3.12 s". A 50 µs link: one RTT sample of 0.1 ms, RTO = 0.1 ms + max(0.2 ms, 200 ms).
    let times = fin_resent("linux", 0.05, "");
    let model = [0.2001, 0.6003, 1.4007, 3.0015];
    for (t, m) in times.iter().zip(model) {
        assert!((t - m).abs() < 1e-9, "{times:?}");
    }
    let measured = [0.20, 0.63, 1.46, 3.12];
    let waits = [0.2001, 0.4002, 0.8004, 1.6008];
    for ((m, k), w) in model.iter().zip(measured).zip(waits) {
        assert!(kernel_agrees(*m, k, w), "model {m} s, kernel {k} s");
    }
}

#[test]
fn linux_fin_resent_at_exactly_1_3_7_s_with_a_1_s_rto_min() {
    // linux.md: "with `tcp_rto_min_us=1000000` exactly 1, 3, 7 s".
    let times = fin_resent("linux", 0.05, r#""rto_min_ms": 1000"#);
    assert_eq!(times[..3].len(), 3);
    for (t, want) in times.iter().zip([1.0, 3.0, 7.0]) {
        // 1.0001, 3.0003, 7.0007: the 0.1 ms SRTT on top.
        assert!((t - want).abs() < 0.001, "{times:?}");
    }
}

#[test]
fn rfc_fin_resent_at_1_3_7_s_the_rto_rounded_up_to_1_s() {
    // linux.md, the RFC profile's column: "1 s (RFC 6298 2.4)".
    let times = fin_resent("rfc", 0.05, "");
    assert_eq!(times[..3], [1.0, 3.0, 7.0]);
}

#[test]
fn linux_rto_is_0_6_s_after_one_200_ms_sample() {
    // The live differential's (a) (docs/model.md, "The model against Linux"): "After one 200 ms
    // RTT sample Linux's RTO is about SRTT + 4·RTTVAR = 0.6 s, floored at 200 ms".
    let times = fin_resent("linux", 100.0, "");
    assert!((times[0] - 0.6).abs() < 1e-9, "{times:?}");
}

// ===== RFC 6298 (5.7) ==========================================================================

#[test]
fn linux_rto_is_3_s_after_a_syn_timeout_then_6_s() {
    // linux.md, "RTO after a SYN/SYN,ACK timeout": "3 s: first data retransmission 3.06–3.10 s
    // later, then ≈ 6.1 s after that".
    let sim = run(r#"{ "profile": "linux", "config": { "latency_ms": 0.05 },
        "actions": [ { "at_ms": 0, "side": "server", "call": "listen" },
                     { "at_ms": 0, "side": "client", "call": "connect" },
                     { "at_ms": 2000, "side": "client", "call": "send", "data": "hello" } ],
        "faults": [ { "match": { "from": "client", "flags": ["SYN"], "nth": 1 }, "fault": "drop" },
                    { "match": { "from": "client", "payload": true }, "fault": "drop" } ],
        "end_ms": 12000 }"#);
    let data = sent(&sim, C, Flags::PSH);
    let times = after_first(&data);
    assert_eq!(times[..2], [3.0, 9.0]);
    assert!(kernel_agrees(3.0, 3.06, 3.0) && kernel_agrees(3.0, 3.10, 3.0));
    assert!(kernel_agrees(6.0, 6.1, 6.0));
}

// ===== TIME-WAIT ===============================================================================

/// A normal close: the client closes first at 1 s, the server at 2 s.
fn normal_close(profile: &str, endpoint: &str) -> Simulator {
    run(&format!(
        r#"{{ "profile": "{profile}", "config": {{ "endpoint": {{ {endpoint} }} }},
             "actions": [ {{ "at_ms": 0, "side": "server", "call": "listen" }},
                          {{ "at_ms": 0, "side": "client", "call": "connect" }},
                          {{ "at_ms": 1000, "side": "client", "call": "close" }},
                          {{ "at_ms": 2000, "side": "server", "call": "close" }} ] }}"#
    ))
}

fn time_wait_length(sim: &Simulator, side: Side) -> (Duration, Option<Rule>) {
    sim.trace()
        .iter()
        .find_map(|e| match e.kind {
            TraceKind::Timer {
                side: s,
                kind: TimerKind::TimeWait,
                action: TimerAction::Set,
                deadline,
                rule,
                ..
            } if s == side => Some((deadline.saturating_since(e.t), rule)),
            _ => None,
        })
        .expect("a TIME-WAIT timer")
}

#[test]
fn linux_time_wait_is_a_fixed_60_s() {
    // linux.md, "TIME-WAIT": "60 s, fixed (`TCP_TIMEWAIT_LEN`)".
    let sim = normal_close("linux", "");
    assert_eq!(
        time_wait_length(&sim, C),
        (Duration::from_secs(60), Some(Rule::TimeWaitFixed))
    );
    let entered_tw = entered(&sim, C, State::TimeWait).unwrap();
    let closed = sim
        .trace()
        .iter()
        .rev()
        .find_map(|e| match e.kind {
            TraceKind::State {
                side: C,
                to: State::Closed,
                ..
            } => Some(e.t),
            _ => None,
        })
        .unwrap();
    assert_eq!(closed.saturating_since(entered_tw), Duration::from_secs(60));
    // Fixed: whatever the MSL. (An explicit msl_ms still configures the 2·MSL rule, unused.)
    let sim = normal_close("linux", r#""msl_ms": 0"#);
    assert_eq!(time_wait_length(&sim, C).0, Duration::from_secs(60));
}

#[test]
fn rfc_time_wait_is_2_msl_240_s_with_the_rfc_msl() {
    // linux.md, the RFC profile's column: "2·MSL (RFC MSL 2 min → 240 s)".
    let sim = normal_close("rfc", r#""msl_ms": 120000"#);
    assert_eq!(
        time_wait_length(&sim, C),
        (Duration::from_secs(240), Some(Rule::TimeWaitTwoMsl))
    );
}

#[test]
fn linux_time_wait_restarts_on_a_resent_fin_and_reacks_it() {
    // linux.md, "what restarts TIME-WAIT": "a re-sent FIN".
    let mut one = One::time_wait(Config::linux());
    let iss = one.iss();
    one.at_ms(5000.0);
    let (v, out) = one.recv(seg(Flags::FIN | Flags::ACK, X + 6, iss + 2, &[]));
    assert_eq!(v, Verdict::TimeWaitReAck);
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].flags, out[0].seq, out[0].ack),
        (Flags::ACK, iss + 2, X + 7)
    );
    assert_eq!(one.timer(TimerKind::TimeWait), Some(Instant::from_secs(65)));
}

#[test]
fn linux_time_wait_restarts_silently_on_an_in_window_bare_ack() {
    // linux.md: "and also an in-window bare ACK (silently, no answer)".
    let mut one = One::time_wait(Config::linux());
    let iss = one.iss();
    one.at_ms(5000.0);
    let (v, out) = one.recv(seg(Flags::ACK, X + 7, iss + 2, &[]));
    assert_eq!(v, Verdict::TimeWaitAckRestart);
    assert!(out.is_empty(), "no answer");
    assert_eq!(one.timer(TimerKind::TimeWait), Some(Instant::from_secs(65)));
    // The RFC profile: "a retransmitted FIN" only — the ACK is taken and nothing restarts.
    let mut one = One::time_wait(Config::rfc());
    one.at_ms(5000.0);
    let (v, out) = one.recv(seg(Flags::ACK, X + 7, iss + 2, &[]));
    assert_eq!((v, out.len()), (Verdict::Accepted, 0));
    assert_eq!(one.timer(TimerKind::TimeWait), Some(Instant::from_secs(11)));
}

#[test]
fn linux_time_wait_restarts_on_an_old_duplicate_data_segment_and_reacks_it() {
    // linux.md: "and an old duplicate data segment (re-ACKed)".
    let mut one = One::time_wait(Config::linux());
    let iss = one.iss();
    one.at_ms(5000.0);
    let (v, out) = one.recv(seg(Flags::ACK | Flags::PSH, X + 1, iss + 1, b"hello"));
    assert_eq!(v, Verdict::TimeWaitOtherReAck);
    assert_eq!(out.len(), 1);
    assert_eq!((out[0].flags, out[0].ack), (Flags::ACK, X + 7));
    assert_eq!(one.timer(TimerKind::TimeWait), Some(Instant::from_secs(65)));
    // The RFC profile re-ACKs it (first check) without a restart.
    let mut one = One::time_wait(Config::rfc());
    one.at_ms(5000.0);
    let (v, out) = one.recv(seg(Flags::ACK | Flags::PSH, X + 1, iss + 1, b"hello"));
    assert_eq!((v, out.len()), (Verdict::Old, 1));
    assert_eq!(one.timer(TimerKind::TimeWait), Some(Instant::from_secs(11)));
}

#[test]
fn linux_time_wait_reacks_an_old_syn_without_a_restart() {
    // linux.md: "an old SYN is re-ACKed without a restart".
    let mut one = One::time_wait(Config::linux());
    let iss = one.iss();
    one.at_ms(5000.0);
    let (v, out) = one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::Old);
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].flags, out[0].seq, out[0].ack),
        (Flags::ACK, iss + 2, X + 7)
    );
    assert_eq!(one.timer(TimerKind::TimeWait), Some(Instant::from_secs(61)));
}

// ===== a duplicate SYN in SYN-RECEIVED =========================================================

#[test]
fn linux_duplicate_syn_in_syn_received_gets_the_syn_ack_again() {
    // linux.md, "duplicate SYN in SYN-RECEIVED": "a SYN,ACK `<SEQ=y><ACK=x+1>`".
    let mut one = One::syn_received(Config::linux());
    let y = one.iss();
    one.at_ms(300.0);
    let (v, out) = one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::SynAckResent);
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].flags, out[0].seq, out[0].ack),
        (Flags::SYN | Flags::ACK, y, X + 1)
    );
    assert_eq!((out[0].mss, out[0].window), (Some(1460), 64240));
    // The RFC profile: "an ACK `<SEQ=y+1><ACK=x+1>`".
    let mut one = One::syn_received(Config::rfc());
    let y = one.iss();
    one.at_ms(300.0);
    let (v, out) = one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::Old);
    assert_eq!(
        (out[0].flags, out[0].seq, out[0].ack),
        (Flags::ACK, y + 1, X + 1)
    );
}

#[test]
fn linux_second_duplicate_syn_within_500_ms_gets_no_answer() {
    // linux.md: "a second duplicate within 500 ms gets no answer" (tcp_invalid_ratelimit=500).
    let mut one = One::syn_received(Config::linux());
    one.at_ms(300.0);
    assert_eq!(
        one.recv(seg(Flags::SYN, X, SeqNumber(0), &[])).0,
        Verdict::SynAckResent
    );
    one.at_ms(799.0);
    let (v, out) = one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
    assert_eq!((v, out.len()), (Verdict::DupSynRateLimited, 0));
    // 500 ms after the last answer it is answered again.
    one.at_ms(800.0);
    let (v, out) = one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
    assert_eq!((v, out.len()), (Verdict::SynAckResent, 1));
}

#[test]
fn linux_syn_ack_timer_is_rearmed_from_the_answer_to_a_duplicate_syn() {
    // linux.md: "the SYN,ACK timer is re-armed from that answer" (tcp_check_req: "Reset timer
    // after retransmitting SYNACK") — with the current RTO, not doubled.
    let mut one = One::syn_received(Config::linux());
    assert_eq!(
        one.timer(TimerKind::Retransmission),
        Some(Instant::from_secs(1))
    );
    one.at_ms(300.0);
    one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
    assert_eq!(
        one.timer(TimerKind::Retransmission),
        Some(Instant::from_millis(1300))
    );
    // A limited duplicate leaves it; the timer then re-sends at 1.3 s, and again 2 s later.
    one.at_ms(600.0);
    one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
    let times: Vec<f64> = one.timers_until(3400.0).iter().map(|(t, _)| *t).collect();
    assert_eq!(times, [1.3, 3.3]);
}

// ===== an in-window SYN with another ISN in SYN-RECEIVED =======================================

#[test]
fn linux_in_window_syn_with_another_isn_gets_rst_ack_and_the_request_is_dropped() {
    // linux.md, "in-window SYN with another ISN in SYN-RECEIVED": "RST,ACK
    // `<SEQ=0><ACK=SEG.SEQ+1>`, request dropped".
    let mut one = One::syn_received(Config::linux());
    one.at_ms(200.0);
    let other = X + 100;
    let (v, out) = one.recv(seg(Flags::SYN, other, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::SynInWindowReset);
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].flags, out[0].seq, out[0].ack),
        (Flags::RST | Flags::ACK, SeqNumber(0), other + 1)
    );
    assert_eq!(one.ep.state(), State::Listen);
    // The RFC profile: "back to LISTEN silently".
    let mut one = One::syn_received(Config::rfc());
    one.at_ms(200.0);
    let (v, out) = one.recv(seg(Flags::SYN, other, SeqNumber(0), &[]));
    assert_eq!((v, out.len()), (Verdict::Accepted, 0));
    assert_eq!(one.ep.state(), State::Listen);
}

// ===== the ACK of a FIN ========================================================================

/// The client closes at 1 s (after sending `data` at 0.5 s if any); the server's application
/// closes at `server_close_ms`, if given. Returns the server's segments after the FIN arrived,
/// with their delays after it, and the number of segments of the close.
fn fin_ack(profile: &str, data: bool, server_close_ms: Option<f64>) -> (Vec<(Flags, f64)>, usize) {
    let data = if data {
        r#"{ "at_ms": 500, "side": "client", "call": "send", "data": "hello" },"#
    } else {
        ""
    };
    let close = server_close_ms
        .map(|t| format!(r#", {{ "at_ms": {t}, "side": "server", "call": "close" }}"#))
        .unwrap_or_default();
    let sim = run(&format!(
        r#"{{ "profile": "{profile}",
             "actions": [ {{ "at_ms": 0, "side": "server", "call": "listen" }},
                          {{ "at_ms": 0, "side": "client", "call": "connect" }}, {data}
                          {{ "at_ms": 1000, "side": "client", "call": "close" }} {close} ],
             "end_ms": 3000 }}"#
    ));
    let fin = sent(&sim, C, Flags::FIN)[0];
    let arrived = fin.sent_at + sim.latency(C);
    let after: Vec<(Flags, f64)> = sim
        .transmissions()
        .iter()
        .filter(|t| t.from == S && t.sent_at >= arrived)
        .map(|t| (t.segment.flags, secs(t.sent_at) - secs(arrived)))
        .collect();
    let close_segments = sim
        .transmissions()
        .iter()
        .filter(|t| t.sent_at >= fin.sent_at)
        .count();
    (after, close_segments)
}

#[test]
fn linux_ack_of_a_fin_waits_for_the_next_tick_on_a_connection_that_received_no_data() {
    // linux.md, "ACK of a FIN": "delayed: next timer tick (≈ 1–4 ms) on a connection that
    // received no data". The model takes the whole tick of HZ=250, 4 ms.
    let (after, _) = fin_ack("linux", false, None);
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].0, Flags::ACK);
    assert!((after[0].1 - 0.004).abs() < 1e-9, "{after:?}");
    assert!(
        (0.001..=0.004 + 1e-9).contains(&after[0].1),
        "within the measured 1–4 ms"
    );
}

#[test]
fn linux_ack_of_a_fin_waits_40_ms_after_data() {
    // linux.md: "≈ 40 ms after data (`TCP_ATO_MIN`)".
    let (after, _) = fin_ack("linux", true, None);
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].0, Flags::ACK);
    assert!((after[0].1 - 0.040).abs() < 1e-9, "{after:?}");
    // The RFC profile: "immediate".
    let (after, _) = fin_ack("rfc", true, None);
    assert_eq!(after[0].1, 0.0);
}

#[test]
fn linux_application_closing_inside_the_delay_makes_a_three_segment_close() {
    // linux.md: "an application that closes inside that window makes a three-segment close".
    // The FIN arrives at 1.1 s; the server's application closes 20 ms later, inside the 40 ms.
    let (after, segments) = fin_ack("linux", true, Some(1120.0));
    assert_eq!(after.len(), 1, "one segment from the server: {after:?}");
    assert_eq!(after[0].0, Flags::FIN | Flags::ACK);
    assert_eq!(segments, 3, "FIN, FIN+ACK, ACK");
    // Outside the window (at 1.2 s) the ACK has gone: four segments.
    let (_, segments) = fin_ack("linux", true, Some(1200.0));
    assert_eq!(segments, 4);
}

#[test]
fn linux_delayed_ack_is_a_timer_in_the_trace() {
    // "a new delayed-ACK timer kind, traced like the others" (issue 14): set with its rule,
    // cancelled when the FIN carries the ACK.
    let sim = run(r#"{ "profile": "linux",
        "actions": [ { "at_ms": 0, "side": "server", "call": "listen" },
                     { "at_ms": 0, "side": "client", "call": "connect" },
                     { "at_ms": 500, "side": "client", "call": "send", "data": "hello" },
                     { "at_ms": 1000, "side": "client", "call": "close" },
                     { "at_ms": 1120, "side": "server", "call": "close" } ] }"#);
    let timers: Vec<(TimerAction, Option<Rule>)> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::Timer {
                kind: TimerKind::DelayedAck,
                action,
                rule,
                ..
            } => Some((action, rule)),
            _ => None,
        })
        .collect();
    assert_eq!(
        timers,
        [
            (TimerAction::Set, Some(Rule::DelayedAckAfterData)),
            (TimerAction::Cancel, Some(Rule::DelayedAckAfterData)),
        ]
    );
}

// ===== options on the SYN,ACK, the RST of an ABORT =============================================

#[test]
fn linux_syn_ack_carries_mss_1460_and_window_64240() {
    // linux.md, "options on the SYN,ACK": "MSS 1460, window 64240".
    let mut one = One::listening(Config::linux());
    let (_, out) = one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
    assert_eq!((out[0].mss, out[0].window), (Some(1460), 64240));
}

#[test]
fn linux_abort_sends_rst_with_ack() {
    // docs/model.md, "The model against Linux" (seen live): "Linux's RST for an ABORT carries the
    // ACK bit, `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>`, where RFC 9293 §3.10.5 and the model
    // send `<SEQ=SND.NXT><CTL=RST>`".
    for (config, flags, rule) in [
        (Config::linux(), Flags::RST | Flags::ACK, Rule::AbortRstAck),
        (Config::rfc(), Flags::RST, Rule::AbortRst),
    ] {
        assert_eq!(
            config.abort_rst,
            if rule == Rule::AbortRstAck {
                AbortRst::RstAck
            } else {
                AbortRst::Rst
            }
        );
        let mut one = One::syn_received(config);
        let y = one.iss();
        one.at_ms(100.0);
        one.recv(seg(Flags::ACK, X + 1, y + 1, &[]));
        assert_eq!(one.ep.state(), State::Established);
        one.ep.abort(one.now).unwrap();
        let t = one.ep.poll_transmit(one.now).expect("an RST");
        assert_eq!((t.segment.flags, t.segment.seq), (flags, y + 1));
        if flags.ack() {
            assert_eq!(t.segment.ack, X + 1);
        }
        assert_eq!(t.rule, Some(rule));
    }
}

// ===== "Segment logic: the same as RFC 9293" ===================================================

#[test]
fn linux_closed_port_answers_a_syn_with_rst_ack_seq_0_ack_x_plus_1() {
    // linux.md: "RST,ACK `<SEQ=0><ACK=x+1>` for a SYN to a closed port and
    // `<SEQ=SEG.ACK><CTL=RST>` for a stray ACK".
    let mut one = One::new(Config::linux());
    let (v, out) = one.recv(seg(Flags::SYN, X, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::NoConnectionReset);
    assert_eq!(
        (out[0].flags, out[0].seq, out[0].ack),
        (Flags::RST | Flags::ACK, SeqNumber(0), X + 1)
    );
    let (_, out) = one.recv(seg(Flags::ACK, X + 1, SeqNumber(777), &[]));
    assert_eq!((out[0].flags, out[0].seq), (Flags::RST, SeqNumber(777)));
}

#[test]
fn linux_normal_close_passes_the_rfc_states() {
    // linux.md: "normal close with CLOSE-WAIT → LAST-ACK on the passive closer and no TIME-WAIT
    // there; FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT on the active closer".
    let sim = normal_close("linux", "");
    assert_eq!(
        path(&sim, C),
        [
            State::SynSent,
            State::Established,
            State::FinWait1,
            State::FinWait2,
            State::TimeWait,
            State::Closed
        ]
    );
    assert_eq!(
        path(&sim, S),
        [
            State::Listen,
            State::SynReceived,
            State::Established,
            State::CloseWait,
            State::LastAck,
            State::Closed
        ]
    );
}

#[test]
fn linux_simultaneous_close_passes_closing() {
    // linux.md: "CLOSING in a simultaneous close".
    let sim = run(r#"{ "profile": "linux",
        "actions": [ { "at_ms": 0, "side": "server", "call": "listen" },
                     { "at_ms": 0, "side": "client", "call": "connect" },
                     { "at_ms": 1000, "side": "client", "call": "close" },
                     { "at_ms": 1000, "side": "server", "call": "close" } ] }"#);
    for side in [C, S] {
        assert!(path(&sim, side).contains(&State::Closing));
        assert!(path(&sim, side).contains(&State::TimeWait));
    }
}

#[test]
fn linux_duplicate_ack_for_a_hole_and_one_cumulative_ack_when_it_fills() {
    // linux.md: "a duplicate ACK for a hole and one cumulative ACK when it fills" — the
    // lost-data preset under the Linux profile (it keeps its MSS of 100).
    let preset = handshake_core::presets::find("lost-data").unwrap();
    let scenario = preset.scenario().unwrap().with_profile(Profile::Linux);
    assert_eq!(scenario.client.mss, 100, "the preset's own MSS");
    assert_eq!(
        scenario.client.rto_min,
        Duration::from_millis(200),
        "Linux's"
    );
    let mut sim = Simulator::new(&scenario).unwrap();
    sim.run_to_end();
    let acks: Vec<u32> = sent(&sim, S, Flags::ACK)
        .iter()
        .filter(|t| !t.segment.flags.syn())
        .map(|t| t.rel_ack)
        .collect();
    assert_eq!(acks, [101, 101, 301]);
}

#[test]
fn linux_out_of_order_fin_is_held_until_the_data_before_it() {
    // linux.md: "an out-of-order FIN held until the data before it arrives".
    let preset = handshake_core::presets::find("fin-overtakes-data").unwrap();
    let mut sim = Simulator::new(&preset.scenario().unwrap().with_profile(Profile::Linux)).unwrap();
    sim.run_to_end();
    assert_eq!(sim.app(C).received.len(), 100);
    // The client, in FIN-WAIT-2, takes the FIN (and enters TIME-WAIT) only when the overtaken
    // data arrives.
    let data = sent(&sim, S, Flags::ACK)
        .into_iter()
        .find(|t| !t.segment.payload.is_empty())
        .unwrap();
    let TxStatus::Arrived { at } = data.status else {
        panic!("the data arrives")
    };
    assert_eq!(entered(&sim, C, State::TimeWait), Some(at));
    let fin = sent(&sim, S, Flags::FIN)[0];
    assert!(fin.status != TxStatus::Arrived { at }, "the FIN came first");
}

#[test]
fn linux_time_wait_is_killed_by_an_in_window_rst() {
    // linux.md: "a TIME-WAIT connection killed by an in-window RST unless `tcp_rfc1337=1`".
    let mut one = One::time_wait(Config::linux());
    one.at_ms(5000.0);
    let (v, _) = one.recv(seg(Flags::RST, X + 7, SeqNumber(0), &[]));
    assert_eq!(v, Verdict::RstAccepted);
    assert_eq!(one.ep.state(), State::Closed);
    let mut one = One::time_wait(Config {
        rst_in_time_wait: RstInTimeWait::Ignore,
        ..Config::linux()
    });
    one.at_ms(5000.0);
    assert_eq!(
        one.recv(seg(Flags::RST, X + 7, SeqNumber(0), &[])).0,
        Verdict::RstInTimeWaitIgnored
    );
}

// ===== the profile in a scenario ===============================================================

#[test]
fn a_scenario_field_set_alone_overrides_the_profile() {
    // "Each rule: a named field in `Config` (so a scenario can also set it alone), the profile
    // sets them together" (issue 14).
    let s = Scenario::from_json(
        r#"{ "profile": "linux", "config": { "server": { "time_wait_ms": null, "dup_syn": "rfc" } } }"#,
    )
    .unwrap();
    assert_eq!(s.client, Config::linux());
    assert_eq!(s.server.time_wait, None);
    assert_eq!(s.server.dup_syn, DupSynPolicy::Rfc);
    assert_eq!(
        s.server.in_window_syn,
        InWindowSyn::Reset,
        "the rest stays Linux's"
    );
    // One rule alone under the RFC profile.
    let s = Scenario::from_json(r#"{ "config": { "endpoint": { "syn_linear_timeouts": 4 } } }"#)
        .unwrap();
    assert_eq!(s.client.syn_linear_timeouts, 4);
    assert_eq!(s.client.rtt_estimator, RttEstimatorKind::Rfc6298);
    assert_eq!(
        s.client.time_wait_restart,
        TimeWaitRestart::RetransmittedFin
    );
}

#[test]
fn linux_acks_the_crossing_syn_ack_of_a_simultaneous_open() {
    // docs/model.md, "The model against Linux", (d) (seen live): "Linux ACKs the crossing SYN,ACK
    // of a simultaneous open: five segments, where the model draws RFC 9293 Figure 7's four" —
    // six when both ends are Linux.
    let segments = |profile: &str| {
        let preset = handshake_core::presets::find("simultaneous-open").unwrap();
        let profile = Profile::from_name(profile).unwrap();
        let mut sim = Simulator::new(&preset.scenario().unwrap().with_profile(profile)).unwrap();
        sim.run_to_end();
        let verdicts: Vec<Verdict> = sim
            .trace()
            .iter()
            .filter_map(|e| match e.kind {
                TraceKind::Arrive {
                    verdict: Some(v), ..
                } => Some(v),
                _ => None,
            })
            .collect();
        (sim.transmissions().len(), verdicts)
    };
    let (n, verdicts) = segments("linux");
    assert_eq!(n, 6);
    assert_eq!(
        verdicts
            .iter()
            .filter(|v| **v == Verdict::CrossingSynAckAcked)
            .count(),
        2
    );
    assert_eq!(segments("rfc").0, 4);
}

#[test]
fn linux_rto_is_3_s_after_a_handshake_without_an_rtt_sample() {
    // docs/model.md, "The Linux profile" (seen live, not in linux.md): Linux re-initialises the
    // RTO to 3 s whenever the handshake gave no RTT sample (`tcp_init_metrics`: "RFC6298: 5.7
    // We've failed to get a valid RTT sample from 3WHS"), not only after a timeout — here the
    // server's SYN,ACK is re-sent for a duplicate SYN (a link copy), so Karn leaves it without a
    // sample; its lost data is re-sent 3 s later (live: 3.04 s).
    let rtx_after = |profile: &str| {
        let sim = run(&format!(
            r#"{{ "profile": "{profile}",
                 "actions": [ {{ "at_ms": 0, "side": "server", "call": "listen" }},
                              {{ "at_ms": 0, "side": "client", "call": "connect" }},
                              {{ "at_ms": 500, "side": "server", "call": "send", "data": "hello" }} ],
                 "faults": [ {{ "match": {{ "from": "client", "flags": ["SYN"], "nth": 1 }}, "fault": "duplicate" }},
                             {{ "match": {{ "from": "server", "payload": true }}, "fault": "drop" }} ],
                 "end_ms": 6000 }}"#
        ));
        after_first(&sent(&sim, S, Flags::PSH))[0]
    };
    assert_eq!(rtx_after("linux"), 3.0);
    assert!(kernel_agrees(3.0, 3.04, 3.0));
    // RFC 6298 (5.7) only after a timeout: the RTO stays 1 s.
    assert_eq!(rtx_after("rfc"), 1.0);
}
