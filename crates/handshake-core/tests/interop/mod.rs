//! An in-memory link between one of our [`Endpoint`]s and a smoltcp 0.14 TCP socket.
//!
//! No OS sockets, no threads, no clock: one virtual clock (our [`Instant`], converted to
//! smoltcp's at the edge) drives both stacks. The link carries real IPv4+TCP bytes:
//!
//! * what smoltcp transmits (through [`LinkDevice`], a `phy::Device` with `Medium::Ip` whose queues
//!   are `Vec<u8>`s) is parsed by our `wire::parse_ipv4_tcp` and fed to
//!   [`Endpoint::handle_segment`];
//! * what our endpoint transmits is emitted by `wire::emit_ipv4_tcp` and handed to smoltcp's
//!   device RX queue.
//!
//! Every packet, in either direction, is checked when it is put on the link: our parser must
//! accept it (it verifies the IPv4 header checksum and the TCP checksum with the pseudo-header)
//! and so must smoltcp's own `Ipv4Packet`/`TcpPacket` views (`verify_checksum`). A packet that
//! fails either check panics the test at once, with the ladder so far.
//!
//! The link has a one-way latency of 100 ms (the reference profile) and a list of [`DropRule`]s.
//! Time advances to the next event: the earliest of a link arrival, our
//! [`Endpoint::poll_timeout`] and smoltcp's `Interface::poll_at`. Events at the same instant run
//! in this order: link arrivals (first sent, first delivered; each packet is handed over and its
//! receiver polled before the next), then our timers, then a smoltcp poll.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::net::{Ipv4Addr, SocketAddrV4};

use handshake_core::{
    Config, Duration, Endpoint, Event, Instant, Note, Segment, SeqNumber, State, Verdict, wire,
};
use smoltcp::iface::{Config as IfaceConfig, Interface, SocketHandle, SocketSet};
use smoltcp::phy::{self, Device, DeviceCapabilities, Medium};
use smoltcp::socket::tcp;
use smoltcp::wire::{HardwareAddress, IpAddress, IpCidr, Ipv4Packet, TcpPacket};

pub const OURS_IP: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
pub const SMOL_IP: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 2);
pub const CLIENT_PORT: u16 = 49152;
pub const SERVER_PORT: u16 = 80;
/// One-way latency of the link (reference profile: RTT 200 ms).
pub const LATENCY: Duration = Duration::from_millis(100);
/// smoltcp's IP MTU here; it announces MSS = 1500 − 20 − 20 = 1460, we announce 100.
pub const SMOL_MTU: usize = 1500;
/// smoltcp's socket buffers (its receive window is the free space of its RX buffer).
pub const SMOL_BUFFER: usize = 2048;
/// smoltcp's TIME-WAIT: `CLOSE_DELAY` in `socket/tcp.rs` (not configurable).
pub const SMOL_TIME_WAIT: Duration = Duration::from_secs(10);

/// Which stack opens actively.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Our endpoint connects to a listening smoltcp socket.
    OurClient,
    /// A smoltcp socket connects to our listening endpoint.
    SmolClient,
}

/// Direction of a packet on the link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    OursToSmol,
    SmolToOurs,
}

impl Dir {
    fn arrow(self) -> &'static str {
        match self {
            Dir::OursToSmol => "ours → smol",
            Dir::SmolToOurs => "smol → ours",
        }
    }
}

/// What a drop rule looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// SYN without ACK.
    Syn,
    /// SYN,ACK.
    SynAck,
    /// Any segment carrying payload.
    Data,
    /// Any segment with FIN set.
    Fin,
    /// A bare ACK (no payload, SYN or FIN) acknowledging a FIN the other side sent.
    AckOfFin,
    /// Anything.
    Any,
}

/// Drops `count` packets of `kind` travelling in `dir`, starting with the `nth` (0-based) such
/// packet sent at or after `from`.
#[derive(Clone, Debug)]
pub struct DropRule {
    pub dir: Dir,
    pub kind: Kind,
    pub nth: usize,
    pub count: usize,
    pub from: Instant,
    seen: usize,
}

impl DropRule {
    /// Drop the `nth` (0-based) packet of `kind` in `dir`.
    pub fn nth(dir: Dir, kind: Kind, nth: usize) -> DropRule {
        DropRule {
            dir,
            kind,
            nth,
            count: 1,
            from: Instant::ZERO,
            seen: 0,
        }
    }

    /// Drop the first packet of `kind` in `dir`.
    pub fn first(dir: Dir, kind: Kind) -> DropRule {
        DropRule::nth(dir, kind, 0)
    }

    /// Drop every packet in `dir` sent at or after `from` (a black hole).
    pub fn all_from(dir: Dir, from: Instant) -> DropRule {
        DropRule {
            dir,
            kind: Kind::Any,
            nth: 0,
            count: usize::MAX,
            from,
            seen: 0,
        }
    }

    fn check(&mut self, now: Instant, dir: Dir, seg: &Segment, log: &[Packet]) -> bool {
        if dir != self.dir || now < self.from || !matches_kind(self.kind, dir, seg, log) {
            return false;
        }
        let i = self.seen;
        self.seen += 1;
        i >= self.nth && i - self.nth < self.count
    }
}

fn matches_kind(kind: Kind, dir: Dir, seg: &Segment, log: &[Packet]) -> bool {
    let f = seg.flags;
    match kind {
        Kind::Syn => f.syn() && !f.ack(),
        Kind::SynAck => f.syn() && f.ack(),
        Kind::Data => !seg.payload.is_empty(),
        Kind::Fin => f.fin(),
        Kind::AckOfFin => {
            f.ack()
                && !f.syn()
                && !f.fin()
                && !f.rst()
                && seg.payload.is_empty()
                && log
                    .iter()
                    .any(|p| p.dir != dir && p.seg.flags.fin() && p.seg.seq_end() == seg.ack)
        }
        Kind::Any => true,
    }
}

/// One packet put on the link (delivered or dropped).
#[derive(Clone, Debug)]
pub struct Packet {
    pub sent: Instant,
    pub dir: Dir,
    pub seg: Segment,
    /// The IPv4 packet as it was on the link.
    pub bytes: Vec<u8>,
    pub dropped: bool,
    /// Our endpoint's `Transmit::retransmission` (None for smoltcp's packets).
    pub retransmission: Option<bool>,
}

/// How to set the pair up.
pub struct Setup {
    pub role: Role,
    /// Printed in every failure message (sweeps name the drops here).
    pub label: String,
    pub drops: Vec<DropRule>,
    pub ours_config: Config,
    /// smoltcp's delayed ACK. The harness default is `None` (immediate ACKs, as our reference
    /// profile, RFC 9293 §3.8.6.3 SHLD-18 being only a SHOULD) so the two stacks' ACKs can be
    /// compared exactly; smoltcp's own default is 10 ms.
    pub smol_ack_delay: Option<smoltcp::time::Duration>,
    /// smoltcp's user timeout (`set_timeout`): its only give-up mechanism.
    pub smol_timeout: Option<smoltcp::time::Duration>,
}

impl Setup {
    pub fn new(role: Role) -> Setup {
        Setup {
            role,
            label: String::new(),
            drops: Vec::new(),
            ours_config: Config::default(),
            smol_ack_delay: None,
            smol_timeout: None,
        }
    }

    pub fn drop(mut self, rule: DropRule) -> Setup {
        self.drops.push(rule);
        self
    }
}

/// smoltcp's device: the link fills `rx`; `tx` collects what smoltcp transmits.
struct LinkDevice {
    rx: VecDeque<Vec<u8>>,
    tx: Vec<Vec<u8>>,
}

struct RxTok(Vec<u8>);
struct TxTok<'a>(&'a mut Vec<Vec<u8>>);

impl phy::RxToken for RxTok {
    fn consume<R, F>(self, f: F) -> R
    where
        F: FnOnce(&[u8]) -> R,
    {
        f(&self.0)
    }
}

impl phy::TxToken for TxTok<'_> {
    fn consume<R, F>(self, len: usize, f: F) -> R
    where
        F: FnOnce(&mut [u8]) -> R,
    {
        let mut buf = vec![0; len];
        let r = f(&mut buf);
        self.0.push(buf);
        r
    }
}

impl Device for LinkDevice {
    type RxToken<'a>
        = RxTok
    where
        Self: 'a;
    type TxToken<'a>
        = TxTok<'a>
    where
        Self: 'a;

    fn receive(
        &mut self,
        _timestamp: smoltcp::time::Instant,
    ) -> Option<(Self::RxToken<'_>, Self::TxToken<'_>)> {
        let buf = self.rx.pop_front()?;
        Some((RxTok(buf), TxTok(&mut self.tx)))
    }

    fn transmit(&mut self, _timestamp: smoltcp::time::Instant) -> Option<Self::TxToken<'_>> {
        Some(TxTok(&mut self.tx))
    }

    fn capabilities(&self) -> DeviceCapabilities {
        // `DeviceCapabilities` is non-exhaustive. The checksum capabilities stay at their
        // default (`Checksum::Both`): smoltcp computes every checksum it sends and verifies
        // every checksum it receives, so a bad checksum from our side would be dropped by it.
        let mut caps = DeviceCapabilities::default();
        caps.medium = Medium::Ip;
        caps.max_transmission_unit = SMOL_MTU;
        caps
    }
}

fn to_smol(t: Instant) -> smoltcp::time::Instant {
    smoltcp::time::Instant::from_micros(t.total_micros() as i64)
}

fn from_smol(t: smoltcp::time::Instant) -> Instant {
    Instant::from_micros(t.total_micros().max(0) as u64)
}

/// Seconds, for messages.
pub fn secs(t: Instant) -> f64 {
    t.total_micros() as f64 / 1e6
}

struct InFlight {
    arrive: Instant,
    order: u64,
    dir: Dir,
    bytes: Vec<u8>,
}

/// Our endpoint and a smoltcp socket on the two ends of the link.
pub struct Pair {
    pub now: Instant,
    pub role: Role,
    label: String,
    pub ours: Endpoint,
    ip_id: u16,
    iface: Interface,
    dev: LinkDevice,
    sockets: SocketSet<'static>,
    handle: SocketHandle,
    link: Vec<InFlight>,
    order: u64,
    drops: Vec<DropRule>,
    /// Every packet put on the link, in order.
    pub log: Vec<Packet>,
    /// Bytes our application received.
    pub ours_rx: Vec<u8>,
    /// Our application's events other than data.
    pub ours_events: Vec<(Instant, Event)>,
    /// Our state transitions (the `to` side of each `Note::State`).
    pub ours_states: Vec<(Instant, State)>,
    /// Our verdict on every segment that arrived.
    pub ours_verdicts: Vec<(Instant, Verdict)>,
    /// Bytes the smoltcp application received.
    pub smol_rx: Vec<u8>,
    /// smoltcp's state, recorded whenever it changed after a poll.
    pub smol_states: Vec<(Instant, tcp::State)>,
    smol_pending: Vec<u8>,
    smol_close_requested: bool,
    steps_at_now: u32,
}

impl Pair {
    /// Builds both ends and starts the connection at t = 0.
    pub fn start(setup: Setup) -> Pair {
        let now = Instant::ZERO;
        let mut dev = LinkDevice {
            rx: VecDeque::new(),
            tx: Vec::new(),
        };
        let mut iface_config = IfaceConfig::new(HardwareAddress::Ip);
        // Fixed seed: smoltcp's ISN and IP identification come from it, so runs replay exactly.
        iface_config.random_seed = 0x5eed_1dea;
        let mut iface = Interface::new(iface_config, &mut dev, to_smol(now));
        iface.update_ip_addrs(|addrs| {
            addrs
                .push(IpCidr::new(IpAddress::Ipv4(SMOL_IP), 24))
                .expect("one address fits");
        });
        let mut socket = tcp::Socket::new(
            tcp::SocketBuffer::new(vec![0; SMOL_BUFFER]),
            tcp::SocketBuffer::new(vec![0; SMOL_BUFFER]),
        );
        socket.set_ack_delay(setup.smol_ack_delay);
        socket.set_timeout(setup.smol_timeout);
        let (ours_port, smol_port) = match setup.role {
            Role::OurClient => (CLIENT_PORT, SERVER_PORT),
            Role::SmolClient => (SERVER_PORT, CLIENT_PORT),
        };
        let ours = Endpoint::new(
            setup.ours_config.clone(),
            SocketAddrV4::new(OURS_IP, ours_port),
            0x0123_4567_89ab_cdef,
        );
        let mut sockets = SocketSet::new(Vec::new());
        let mut pair = match setup.role {
            Role::OurClient => {
                socket.listen(smol_port).expect("smoltcp listen");
                let handle = sockets.add(socket);
                Pair::assemble(setup, now, ours, iface, dev, sockets, handle)
            }
            Role::SmolClient => {
                socket
                    .connect(
                        iface.context(),
                        (IpAddress::Ipv4(OURS_IP), ours_port),
                        smol_port,
                    )
                    .expect("smoltcp connect");
                let handle = sockets.add(socket);
                let mut pair = Pair::assemble(setup, now, ours, iface, dev, sockets, handle);
                pair.ours.listen(now).expect("our listen");
                pair.flush_ours();
                pair
            }
        };
        pair.record_smol_state();
        if pair.role == Role::OurClient {
            pair.ours
                .connect(now, SocketAddrV4::new(SMOL_IP, smol_port))
                .expect("our connect");
            pair.flush_ours();
        }
        pair.poll_smol();
        pair
    }

    fn assemble(
        setup: Setup,
        now: Instant,
        ours: Endpoint,
        iface: Interface,
        dev: LinkDevice,
        sockets: SocketSet<'static>,
        handle: SocketHandle,
    ) -> Pair {
        Pair {
            now,
            role: setup.role,
            label: setup.label,
            ours,
            ip_id: 1,
            iface,
            dev,
            sockets,
            handle,
            link: Vec::new(),
            order: 0,
            drops: setup.drops,
            log: Vec::new(),
            ours_rx: Vec::new(),
            ours_events: Vec::new(),
            ours_states: Vec::new(),
            ours_verdicts: Vec::new(),
            smol_rx: Vec::new(),
            smol_states: Vec::new(),
            smol_pending: Vec::new(),
            smol_close_requested: false,
            steps_at_now: 0,
        }
    }

    // ----- the two applications ---------------------------------------------------------

    pub fn ours_send(&mut self, data: &[u8]) {
        self.ours.send(self.now, data).expect("our SEND");
        self.flush_ours();
    }

    pub fn ours_close(&mut self) {
        self.ours.close(self.now).expect("our CLOSE");
        self.flush_ours();
    }

    /// SEND then CLOSE in one step: the FIN may ride on the last data segment.
    pub fn ours_send_and_close(&mut self, data: &[u8]) {
        self.ours.send(self.now, data).expect("our SEND");
        self.ours.close(self.now).expect("our CLOSE");
        self.flush_ours();
    }

    pub fn ours_abort(&mut self) {
        self.ours.abort(self.now).expect("our ABORT");
        self.flush_ours();
    }

    pub fn smol_abort(&mut self) {
        self.sockets.get_mut::<tcp::Socket<'_>>(self.handle).abort();
        self.poll_smol();
    }

    pub fn smol_send(&mut self, data: &[u8]) {
        self.smol_pending.extend_from_slice(data);
        self.poll_smol();
    }

    /// `close()` once every byte handed to [`Pair::smol_send`] is in smoltcp's send buffer.
    pub fn smol_close(&mut self) {
        self.smol_close_requested = true;
        self.poll_smol();
    }

    /// SEND then CLOSE in one step on the smoltcp side.
    pub fn smol_send_and_close(&mut self, data: &[u8]) {
        self.smol_pending.extend_from_slice(data);
        self.smol_close_requested = true;
        self.poll_smol();
    }

    pub fn ours_state(&self) -> State {
        self.ours.state()
    }

    pub fn smol_state(&self) -> tcp::State {
        self.sockets.get::<tcp::Socket<'_>>(self.handle).state()
    }

    // ----- time -------------------------------------------------------------------------

    fn next_event(&mut self) -> Option<Instant> {
        let link = self.link.iter().map(|f| f.arrive).min();
        let ours = self.ours.poll_timeout();
        let smol = self
            .iface
            .poll_at(to_smol(self.now), &self.sockets)
            .map(from_smol);
        [link, ours, smol]
            .into_iter()
            .flatten()
            .min()
            .map(|t| t.max(self.now))
    }

    fn advance_to(&mut self, t: Instant) {
        if t == self.now {
            self.steps_at_now += 1;
            assert!(
                self.steps_at_now < 10_000,
                "no progress at t = {} s\n{}",
                secs(t),
                self.ladder()
            );
        } else {
            self.steps_at_now = 0;
        }
        self.now = t;
        self.step();
    }

    /// Runs every event up to and including `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Instant) {
        while let Some(next) = self.next_event() {
            if next > t {
                break;
            }
            self.advance_to(next);
        }
        self.now = self.now.max(t);
    }

    /// Runs events until `cond` holds; panics (with the ladder) if it does not within `limit`.
    pub fn run_until_cond(&mut self, what: &str, limit: Duration, cond: impl Fn(&Pair) -> bool) {
        let deadline = self.now + limit;
        while !cond(self) {
            match self.next_event() {
                Some(next) if next <= deadline => self.advance_to(next),
                _ => panic!(
                    "{what}: not reached by t = {} s (ours {}, smoltcp {})\n{}",
                    secs(deadline),
                    self.ours_state(),
                    self.smol_state(),
                    self.ladder()
                ),
            }
        }
    }

    fn step(&mut self) {
        let now = self.now;
        // Link arrivals due now, first sent first.
        while let Some(i) = self
            .link
            .iter()
            .enumerate()
            .filter(|(_, f)| f.arrive <= now)
            .min_by_key(|(_, f)| (f.arrive, f.order))
            .map(|(i, _)| i)
        {
            let f = self.link.remove(i);
            match f.dir {
                Dir::OursToSmol => {
                    self.dev.rx.push_back(f.bytes);
                    self.poll_smol();
                }
                Dir::SmolToOurs => {
                    let (src, _dst, seg) =
                        wire::parse_ipv4_tcp(&f.bytes).expect("checked when it was sent");
                    let from = SocketAddrV4::new(src, seg.src_port);
                    self.ours.handle_segment(now, from, &seg);
                    self.flush_ours();
                }
            }
        }
        if self.ours.poll_timeout().is_some_and(|t| t <= now) {
            self.ours.handle_timeout(now);
            self.flush_ours();
        }
        self.poll_smol();
    }

    // ----- the two stacks ---------------------------------------------------------------

    /// Drains our endpoint's outputs in the documented order: transmits, events, notes.
    fn flush_ours(&mut self) {
        while let Some(t) = self.ours.poll_transmit(self.now) {
            let bytes = wire::emit_ipv4_tcp(&t.segment, OURS_IP, *t.dst.ip(), self.ip_id);
            self.ip_id = self.ip_id.wrapping_add(1);
            self.put_on_link(Dir::OursToSmol, bytes, Some(t.retransmission));
        }
        while let Some(e) = self.ours.poll_event() {
            match e {
                Event::Data(d) => self.ours_rx.extend_from_slice(&d),
                other => self.ours_events.push((self.now, other)),
            }
        }
        while let Some(n) = self.ours.poll_note() {
            match n {
                Note::State { to, .. } => self.ours_states.push((self.now, to)),
                Note::Verdict(v) => self.ours_verdicts.push((self.now, v)),
                Note::Timer { .. } | Note::Rto { .. } | Note::Event(_) | Note::NotTcp(_) => {}
            }
        }
    }

    /// Polls smoltcp, lets its application read everything and write what it has, polls again,
    /// and puts what it transmitted on the link.
    fn poll_smol(&mut self) {
        let t = to_smol(self.now);
        self.iface.poll(t, &mut self.dev, &mut self.sockets);
        self.record_smol_state();
        let socket = self.sockets.get_mut::<tcp::Socket<'_>>(self.handle);
        while socket.can_recv() {
            let rx = &mut self.smol_rx;
            socket
                .recv(|buf| {
                    rx.extend_from_slice(buf);
                    (buf.len(), ())
                })
                .expect("can_recv");
        }
        if socket.can_send() && !self.smol_pending.is_empty() {
            let n = socket.send_slice(&self.smol_pending).expect("smoltcp send");
            self.smol_pending.drain(..n);
        }
        if self.smol_close_requested && self.smol_pending.is_empty() {
            socket.close();
            self.smol_close_requested = false;
        }
        self.iface.poll(t, &mut self.dev, &mut self.sockets);
        self.record_smol_state();
        for bytes in std::mem::take(&mut self.dev.tx) {
            self.put_on_link(Dir::SmolToOurs, bytes, None);
        }
    }

    fn record_smol_state(&mut self) {
        let s = self.smol_state();
        if self.smol_states.last().map(|&(_, last)| last) != Some(s) {
            self.smol_states.push((self.now, s));
        }
    }

    /// Checks the bytes with both stacks' parsers, applies the drop rules, logs, and schedules
    /// the arrival.
    fn put_on_link(&mut self, dir: Dir, bytes: Vec<u8>, retransmission: Option<bool>) {
        let seg = match check_packet(&bytes) {
            Ok((src, dst, seg)) => {
                let want = match dir {
                    Dir::OursToSmol => (OURS_IP, SMOL_IP),
                    Dir::SmolToOurs => (SMOL_IP, OURS_IP),
                };
                assert_eq!((src, dst), want, "addresses of {seg:?}");
                seg
            }
            Err(e) => panic!(
                "{} at t = {} s: {e}\nbytes: {bytes:02x?}\n{}",
                dir.arrow(),
                secs(self.now),
                self.ladder()
            ),
        };
        let now = self.now;
        let mut dropped = false;
        for rule in &mut self.drops {
            dropped |= rule.check(now, dir, &seg, &self.log);
        }
        if !dropped {
            self.order += 1;
            self.link.push(InFlight {
                arrive: now + LATENCY,
                order: self.order,
                dir,
                bytes: bytes.clone(),
            });
        }
        self.log.push(Packet {
            sent: now,
            dir,
            seg,
            bytes,
            dropped,
            retransmission,
        });
    }

    // ----- what happened ----------------------------------------------------------------

    pub fn packets(&self, dir: Dir) -> impl Iterator<Item = &Packet> + '_ {
        self.log.iter().filter(move |p| p.dir == dir)
    }

    pub fn ours_state_path(&self) -> Vec<State> {
        self.ours_states.iter().map(|&(_, s)| s).collect()
    }

    pub fn smol_state_path(&self) -> Vec<tcp::State> {
        self.smol_states.iter().map(|&(_, s)| s).collect()
    }

    /// When our endpoint last entered `state`.
    pub fn ours_entered(&self, state: State) -> Option<Instant> {
        self.ours_states
            .iter()
            .rev()
            .find(|&&(_, s)| s == state)
            .map(|&(t, _)| t)
    }

    /// When smoltcp was first seen in `state`.
    pub fn smol_entered(&self, state: tcp::State) -> Option<Instant> {
        self.smol_states
            .iter()
            .find(|&&(_, s)| s == state)
            .map(|&(t, _)| t)
    }

    /// The ISS of the side sending in `dir` (the sequence number of its first SYN).
    pub fn iss(&self, dir: Dir) -> SeqNumber {
        self.packets(dir)
            .find(|p| p.seg.flags.syn())
            .map(|p| p.seg.seq)
            .expect("a SYN was sent")
    }

    /// The link as a ladder: time, direction, flags, relative SEQ/ACK, length.
    pub fn ladder(&self) -> String {
        let base = |dir: Dir| {
            self.packets(dir)
                .find(|p| p.seg.flags.syn())
                .map(|p| p.seg.seq)
        };
        let (b_ours, b_smol) = (base(Dir::OursToSmol), base(Dir::SmolToOurs));
        let mut out = String::new();
        if !self.label.is_empty() {
            let _ = writeln!(out, "[{}]", self.label);
        }
        for p in &self.log {
            let (own, peer) = match p.dir {
                Dir::OursToSmol => (b_ours, b_smol),
                Dir::SmolToOurs => (b_smol, b_ours),
            };
            let rel = |s: SeqNumber, b: Option<SeqNumber>| b.map_or(s.0, |b| s.0.wrapping_sub(b.0));
            let _ = writeln!(
                out,
                "{:>9.3}  {}  {:<16} seq={:<5} ack={:<5} len={:<4} win={:<5}{}{}",
                secs(p.sent),
                p.dir.arrow(),
                p.seg.flags.to_string(),
                rel(p.seg.seq, own),
                if p.seg.flags.ack() {
                    rel(p.seg.ack, peer).to_string()
                } else {
                    "-".to_string()
                },
                p.seg.payload.len(),
                p.seg.window,
                if p.retransmission == Some(true) {
                    "  (retransmission)"
                } else {
                    ""
                },
                if p.dropped { "  DROPPED" } else { "" },
            );
        }
        let _ = writeln!(out, "ours: {:?}", self.ours_states);
        let _ = writeln!(out, "smoltcp: {:?}", self.smol_states);
        out
    }
}

/// The check every packet on the link passes: our wire layer parses it (verifying the IPv4
/// header checksum, RFC 791 §3.1, and the TCP checksum over the pseudo-header, RFC 9293 §3.1),
/// and smoltcp's own `Ipv4Packet`/`TcpPacket` views accept it and verify both checksums too.
pub fn check_packet(bytes: &[u8]) -> Result<(Ipv4Addr, Ipv4Addr, Segment), String> {
    let parsed =
        wire::parse_ipv4_tcp(bytes).map_err(|e| format!("our wire layer rejects it: {e}"))?;
    let ip = Ipv4Packet::new_checked(bytes).map_err(|e| format!("smoltcp: IPv4 header: {e}"))?;
    if !ip.verify_checksum() {
        return Err("smoltcp: bad IPv4 header checksum".into());
    }
    let (src, dst) = (
        IpAddress::Ipv4(ip.src_addr()),
        IpAddress::Ipv4(ip.dst_addr()),
    );
    let tcp =
        TcpPacket::new_checked(ip.payload()).map_err(|e| format!("smoltcp: TCP header: {e}"))?;
    if !tcp.verify_checksum(&src, &dst) {
        return Err("smoltcp: bad TCP checksum".into());
    }
    Ok(parsed)
}
