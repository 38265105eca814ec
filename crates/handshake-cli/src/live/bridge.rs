//! The bridge: one model [`Endpoint`] and a link to an outside TCP, sans-IO.
//!
//! It is the simulator with one of its two endpoints replaced by a port: what the model sends
//! crosses the link (one-way latency, the scenario's fault rules, armed faults, random loss from
//! the same seeded streams, hold and release) and comes out of [`Bridge::poll_to_kernel`] as IPv4
//! bytes when it arrives; what the outside sends goes in through [`Bridge::kernel_sent`] and
//! crosses the same link towards the model. The scenario's actions for the model's side run on
//! the model; those for the other side come out of [`Bridge::poll_kernel_call`] for whoever plays
//! it (the real kernel's sockets in a live run, a stand-in endpoint in tests).
//!
//! Time is an argument, as in the core. Everything the bridge schedules itself (arrivals, a
//! fault taking effect mid-flight, the model's timers, the scenario's actions) runs at its own
//! virtual time, in the simulator's order (FIFO at equal times, actions after the events of their
//! instant); what comes from outside (a packet, a sampled state, an application event) is stamped
//! with the time it is handed in, after everything due by then has run.
//!
//! The trace uses the simulator's event kinds; the kernel's segments are `send`/`arrive` of its
//! side (no verdict at the kernel: only the kernel knows what it made of a segment, and its
//! states say so). A kernel segment is marked as a retransmission when it repeats the sequence
//! number of an earlier one that occupied sequence space — what Wireshark calls one.

use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
use std::net::{Ipv4Addr, SocketAddrV4};

use handshake_core::config::Rule;
use handshake_core::endpoint::{Event, Note, Retries, RtoChange, TimerAction, TimerKind};
use handshake_core::rng::Rng;
use handshake_core::scenario::{FaultRule, Match, Scenario, ScenarioError};
use handshake_core::sim::{
    AppView, STREAM_CLIENT_ISN, STREAM_LOSS_FROM_CLIENT, STREAM_LOSS_FROM_SERVER, STREAM_SERVER_ISN,
};
use handshake_core::trace::{SegmentInfo, TraceEvent, TraceKind};
use handshake_core::vocab::{
    Action, ActionError, AppEvent, Fault, FaultSource, Side, TimedAction, TxId, UserCall, preview,
};
use handshake_core::{Duration, Endpoint, Instant, Segment, SeqNumber, State, wire};

use super::record::{LiveEvent, LiveRun};

/// The addresses of the two sides: the simulator's (10.0.0.1 client, 10.0.0.2 server).
pub fn side_addr(scenario: &Scenario, side: Side) -> SocketAddrV4 {
    let port = match side {
        Side::Client => scenario.net.client_port,
        Side::Server => scenario.net.server_port,
    };
    SocketAddrV4::new(side.addr(), port)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    InFlight,
    Held,
    Dropped,
    Arrived,
}

/// One segment on the bridge's link.
#[derive(Clone, Debug)]
struct LinkTx {
    id: TxId,
    from: Side,
    segment: Segment,
    /// The packet as it goes onto the wire (for the kernel's: as the kernel sent it).
    bytes: Vec<u8>,
    checksum: u16,
    status: Status,
    retransmission_of: Option<TxId>,
    duplicate_of: Option<TxId>,
    rel_seq: u32,
    rel_ack: u32,
    /// Moving time the flight needs in all (latency plus delays).
    flight: Duration,
    /// Moving time done before `resumed_at`.
    moved: Duration,
    resumed_at: Instant,
    arrival: Instant,
    epoch: u32,
}

impl LinkTx {
    fn info(&self) -> SegmentInfo {
        SegmentInfo {
            id: self.id,
            from: self.from,
            flags: self.segment.flags,
            seq: self.segment.seq,
            ack: self.segment.ack,
            rel_seq: self.rel_seq,
            rel_ack: self.rel_ack,
            len: self.segment.payload.len() as u32,
            window: self.segment.window,
            checksum: self.checksum,
            mss: self.segment.mss,
            urgent: self.segment.urgent,
            data_offset: self.segment.data_offset(),
            retransmission_of: self.retransmission_of,
            duplicate_of: self.duplicate_of,
        }
    }
    fn active(&self) -> bool {
        matches!(self.status, Status::InFlight | Status::Held)
    }
    fn remaining(&self) -> Duration {
        self.flight.saturating_sub(self.moved)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ev {
    Arrive {
        tx: usize,
        epoch: u32,
    },
    Effect {
        tx: usize,
        fault: Fault,
        source: FaultSource,
    },
    Timer {
        kind: TimerKind,
        deadline: Instant,
    },
}

#[derive(Clone, Copy, Debug)]
struct Queued {
    at: Instant,
    order: u64,
    ev: Ev,
}
impl PartialEq for Queued {
    fn eq(&self, o: &Queued) -> bool {
        (self.at, self.order) == (o.at, o.order)
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, o: &Queued) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Queued {
    /// Reversed: the max-heap pops the earliest `(at, order)`.
    fn cmp(&self, o: &Queued) -> std::cmp::Ordering {
        (o.at, o.order).cmp(&(self.at, self.order))
    }
}

/// What the kernel's application saw, handed to [`Bridge::kernel_event`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KernelEvent {
    /// accept() returned the connection, or connect() completed.
    Connected,
    /// read() returned bytes.
    Data(Vec<u8>),
    /// read() returned 0: the peer's FIN.
    EndOfStream,
    /// The connection was reset (ECONNRESET, ECONNREFUSED).
    Reset,
    /// The kernel gave up (ETIMEDOUT).
    TimedOut,
    /// A call or read failed (`call` as the scenario names it, or `read`; the OS's error text).
    CallFailed { call: &'static str, error: String },
}

/// What the kernel's side is handed next, in the order the bridge's timeline produced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToKernel {
    /// A packet that arrived at the kernel at `due` (the trace's `arrive`): write it now.
    Packet { due: Instant, bytes: Vec<u8> },
    /// A call the kernel's application is due to make.
    Call(UserCall),
}

/// A packet from the kernel that the bridge did not carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    pub t: Instant,
    pub why: String,
}

/// The model, the link and the scenario's timeline; see the module documentation.
#[derive(Debug)]
pub struct Bridge {
    scenario: Scenario,
    model_side: Side,
    model: Endpoint,
    addrs: [SocketAddrV4; 2],
    now: Instant,
    queue: BinaryHeap<Queued>,
    order: u64,
    timer_checks: BTreeSet<(TimerKind, Instant)>,
    pending: Vec<TimedAction>,
    next_pending: usize,
    latency: [Duration; 2],
    loss: [f64; 2],
    loss_rng: [Rng; 2],
    rule_counts: Vec<u32>,
    armed: [VecDeque<Fault>; 2],
    txs: Vec<LinkTx>,
    by_id: BTreeMap<TxId, usize>,
    next_n: [u32; 2],
    copies: BTreeMap<TxId, u8>,
    base: [Option<SeqNumber>; 2],
    last_by_seq: [BTreeMap<u32, TxId>; 2],
    app: AppView,
    close_due: bool,
    events: Vec<LiveEvent>,
    packets: Vec<(Instant, Vec<u8>)>,
    /// What the kernel's side is due to get, in order (a segment arriving at the same instant
    /// as a call comes first, as in the simulator).
    to_kernel: VecDeque<ToKernel>,
    kernel_state: State,
    /// The kernel's application read end-of-stream (for its scripted `close_on_eof`).
    kernel_eof: bool,
    kernel_close_called: bool,
    ignored: Vec<Ignored>,
    last_activity: Instant,
}

impl Bridge {
    /// A bridge at virtual time 0 with nothing run yet; the model plays `model_side`.
    pub fn new(scenario: &Scenario, model_side: Side) -> Result<Bridge, ScenarioError> {
        scenario.validate()?;
        let addrs = [
            side_addr(scenario, Side::Client),
            side_addr(scenario, Side::Server),
        ];
        // The same ISN the simulator gives this side for this seed.
        let (stream, config) = match model_side {
            Side::Client => (STREAM_CLIENT_ISN, scenario.client.clone()),
            Side::Server => (STREAM_SERVER_ISN, scenario.server.clone()),
        };
        let seed = Rng::derive(scenario.seed, stream).next_u64();
        let mut pending = scenario.actions.clone();
        pending.sort_by_key(|a| a.at);
        Ok(Bridge {
            model: Endpoint::new(config, addrs[model_side.index()], seed),
            model_side,
            addrs,
            now: Instant::ZERO,
            queue: BinaryHeap::new(),
            order: 0,
            timer_checks: BTreeSet::new(),
            pending,
            next_pending: 0,
            latency: scenario.net.latency,
            loss: scenario.net.loss,
            loss_rng: [
                Rng::derive(scenario.seed, STREAM_LOSS_FROM_CLIENT),
                Rng::derive(scenario.seed, STREAM_LOSS_FROM_SERVER),
            ],
            rule_counts: vec![0; scenario.faults.len()],
            armed: [VecDeque::new(), VecDeque::new()],
            txs: Vec::new(),
            by_id: BTreeMap::new(),
            next_n: [0, 0],
            copies: BTreeMap::new(),
            base: [None, None],
            last_by_seq: [BTreeMap::new(), BTreeMap::new()],
            app: AppView::default(),
            close_due: false,
            events: Vec::new(),
            packets: Vec::new(),
            to_kernel: VecDeque::new(),
            kernel_state: State::Closed,
            kernel_eof: false,
            kernel_close_called: false,
            ignored: Vec::new(),
            last_activity: Instant::ZERO,
            scenario: scenario.clone(),
        })
    }

    // ----- getters -------------------------------------------------------------------------

    pub fn kernel_side(&self) -> Side {
        self.model_side.peer()
    }
    /// The socket address of a side.
    pub fn addr(&self, side: Side) -> SocketAddrV4 {
        self.addrs[side.index()]
    }
    /// Packets from the kernel that were not carried (not IPv4 TCP, or not for the model).
    pub fn ignored(&self) -> &[Ignored] {
        &self.ignored
    }
    /// When something last happened (any event recorded).
    pub fn last_activity(&self) -> Instant {
        self.last_activity
    }
    /// The scenario's `close_on_eof` for the kernel's side, and whether it is due: the kernel's
    /// application read end-of-stream and has not closed yet.
    pub fn kernel_close_on_eof_due(&self) -> bool {
        self.scenario.apps[self.kernel_side().index()].close_on_eof
            && self.kernel_eof
            && !self.kernel_close_called
    }

    /// When the bridge next has something to do by itself (an arrival, a fault taking effect, a
    /// model timer, a scenario action); `None` if nothing is scheduled.
    pub fn next_time(&mut self) -> Option<Instant> {
        self.purge_stale();
        let ev = self.queue.peek().map(|q| q.at);
        let act = self.pending.get(self.next_pending).map(|a| a.at);
        match (ev, act) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Nothing is in flight or held, no action is pending, nothing waits to be handed out, and
    /// the model has no timer running but TIME-WAIT's (which only ends the connection).
    pub fn is_quiet(&self) -> bool {
        self.next_pending >= self.pending.len()
            && !self.txs.iter().any(LinkTx::active)
            && self.to_kernel.is_empty()
            && self.model.timers().all(|t| t.kind == TimerKind::TimeWait)
    }

    // ----- inputs --------------------------------------------------------------------------

    /// Runs everything scheduled up to and including `t`, each at its own time, then moves the
    /// present to `t` (never backwards).
    pub fn advance(&mut self, t: Instant) {
        loop {
            self.purge_stale();
            let ev = self.queue.peek().map(|q| q.at).filter(|&at| at <= t);
            let act = self
                .pending
                .get(self.next_pending)
                .map(|a| a.at)
                .filter(|&at| at <= t);
            match (ev, act) {
                // Events at an instant run before the actions at it.
                (Some(e), Some(a)) if e <= a => self.run_next_event(),
                (Some(_), None) => self.run_next_event(),
                (_, Some(a)) => {
                    self.now = self.now.max(a);
                    let action = self.pending[self.next_pending].clone();
                    self.next_pending += 1;
                    if let Err(error) = self.do_action(&action.action) {
                        self.push(TraceKind::Ignored {
                            action: action.action,
                            error,
                        });
                    }
                }
                (None, None) => break,
            }
        }
        self.now = self.now.max(t);
    }

    /// A packet the kernel sent, read at `t`. It is recorded and put on the link towards the
    /// model if it is an IPv4 TCP segment from the kernel's address to the model's; anything
    /// else is set aside in [`Bridge::ignored`].
    pub fn kernel_sent(&mut self, t: Instant, bytes: &[u8]) {
        self.advance(t);
        let k = self.kernel_side();
        let parsed = wire::parse_ipv4_tcp(bytes);
        let (src, dst, segment) = match parsed {
            Ok(p) => p,
            Err(e) => {
                let why = if bytes.len() >= 40 && bytes[0] >> 4 == 6 {
                    "an IPv6 packet".to_owned()
                } else {
                    format!("not an IPv4 TCP segment the bridge can read: {e}")
                };
                self.ignored.push(Ignored { t, why });
                return;
            }
        };
        let model = self.addrs[self.model_side.index()];
        if src != *self.addrs[k.index()].ip() || dst != *model.ip() {
            self.ignored.push(Ignored {
                t,
                why: format!("a segment from {src} to {dst}, not between the two sides"),
            });
            return;
        }
        // The checksum as the kernel wrote it (the bytes may carry options the model's
        // `Segment` leaves out, so it is not recomputed). `parse_ipv4_tcp` checked the lengths.
        let ihl = usize::from(bytes[0] & 0x0f) * 4;
        let checksum = u16::from_be_bytes([bytes[ihl + 16], bytes[ihl + 17]]);
        let rtx = segment.seq_len() > 0 && self.last_by_seq[k.index()].contains_key(&segment.seq.0);
        self.transmit(
            k,
            segment,
            rtx,
            None,
            None,
            Some((bytes.to_vec(), checksum)),
        );
    }

    /// The kernel's socket is in `state` at `t` (a sample); recorded when it changed.
    pub fn kernel_state(&mut self, t: Instant, state: State) {
        self.advance(t);
        if state != self.kernel_state {
            let from = self.kernel_state;
            self.kernel_state = state;
            self.last_activity = self.now;
            self.events.push(LiveEvent::KernelState {
                t: self.now,
                side: self.kernel_side(),
                from,
                to: state,
            });
        }
    }

    /// What the kernel's application saw at `t`.
    pub fn kernel_event(&mut self, t: Instant, ev: KernelEvent) {
        self.advance(t);
        let side = self.kernel_side();
        let event = match ev {
            KernelEvent::Data(bytes) => {
                // The total is not tracked for the kernel: only what this read returned.
                self.push(TraceKind::Deliver {
                    side,
                    len: bytes.len() as u32,
                    total: 0,
                    data: preview(&bytes),
                });
                return;
            }
            KernelEvent::CallFailed { call, error } => {
                // The OS's reason is not one of RFC 9293's call errors (`CallError`), so the
                // failure is a live event of its own.
                self.last_activity = self.now;
                self.events.push(LiveEvent::KernelCallFailed {
                    t: self.now,
                    side,
                    call,
                    error,
                });
                return;
            }
            KernelEvent::Connected => AppEvent::Connected,
            KernelEvent::EndOfStream => {
                self.kernel_eof = true;
                AppEvent::EndOfStream
            }
            KernelEvent::Reset => AppEvent::Reset,
            KernelEvent::TimedOut => AppEvent::TimedOut,
        };
        self.push(TraceKind::App { side, event });
    }

    /// The kernel's application is closing because its script closes on end-of-stream
    /// (`apps.<side>.close_on_eof`): recorded as its `close` call.
    pub fn kernel_scripted_close(&mut self, t: Instant) {
        self.advance(t);
        self.kernel_close_called = true;
        self.push(TraceKind::Call {
            side: self.kernel_side(),
            call: UserCall::Close,
            error: None,
        });
    }

    // ----- outputs -------------------------------------------------------------------------

    /// The next thing the kernel's side is due to get: a packet that has arrived at it (a live
    /// loop writes it a little after its time) or a call of its application.
    pub fn poll_kernel(&mut self) -> Option<ToKernel> {
        self.to_kernel.pop_front()
    }

    /// Ends the run at the present; `stall` is how late the driving loop was at worst.
    pub fn finish(self, notes: Vec<String>, stall: Duration) -> LiveRun {
        LiveRun {
            model_side: self.model_side,
            events: self.events,
            packets: self.packets,
            end: self.now,
            notes,
            stall,
        }
    }

    // ----- the timeline --------------------------------------------------------------------

    fn schedule(&mut self, at: Instant, ev: Ev) {
        self.order += 1;
        self.queue.push(Queued {
            at,
            order: self.order,
            ev,
        });
    }

    fn push(&mut self, kind: TraceKind) {
        self.last_activity = self.now;
        self.events
            .push(LiveEvent::Core(TraceEvent { t: self.now, kind }));
    }

    fn run_next_event(&mut self) {
        let Some(q) = self.queue.pop() else { return };
        self.now = self.now.max(q.at);
        match q.ev {
            Ev::Arrive { tx, epoch } => {
                if self
                    .txs
                    .get(tx)
                    .is_some_and(|t| t.epoch == epoch && t.status == Status::InFlight)
                {
                    self.arrive(tx);
                }
            }
            Ev::Effect { tx, fault, source } => {
                if self
                    .txs
                    .get(tx)
                    .is_some_and(|t| t.status == Status::InFlight)
                {
                    let _ = self.fault_index(tx, fault, source);
                }
            }
            Ev::Timer { kind, deadline } => {
                self.timer_checks.remove(&(kind, deadline));
                if self.model.timer(kind).map(|t| t.deadline) == Some(deadline) {
                    self.model.handle_timeout(self.now);
                    self.drain(None);
                }
            }
        }
    }

    /// Drops events at the head of the queue that would do nothing.
    fn purge_stale(&mut self) {
        while let Some(q) = self.queue.peek() {
            let stale = match q.ev {
                Ev::Arrive { tx, epoch } => self
                    .txs
                    .get(tx)
                    .is_none_or(|t| t.epoch != epoch || t.status != Status::InFlight),
                Ev::Effect { tx, .. } => self.txs.get(tx).is_none_or(|t| !t.active()),
                Ev::Timer { kind, deadline } => {
                    self.model.timer(kind).map(|t| t.deadline) != Some(deadline)
                }
            };
            if !stale {
                return;
            }
            if let Ev::Timer { kind, deadline } = q.ev {
                self.timer_checks.remove(&(kind, deadline));
            }
            self.queue.pop();
        }
    }

    // ----- actions -------------------------------------------------------------------------

    fn do_action(&mut self, action: &Action) -> Result<(), ActionError> {
        match action {
            Action::Call { side, call } if *side == self.model_side => {
                self.model_call(call);
                Ok(())
            }
            Action::Call { side, call } => {
                if matches!(call, UserCall::Close) {
                    self.kernel_close_called = true;
                }
                self.push(TraceKind::Call {
                    side: *side,
                    call: call.clone(),
                    error: None,
                });
                self.to_kernel.push_back(ToKernel::Call(call.clone()));
                Ok(())
            }
            Action::Fault { target, fault } => {
                let i = self.lookup(*target)?;
                self.fault_index(i, *fault, FaultSource::User)
            }
            Action::Release { target } => self.release(*target),
            Action::Arm { side, fault } => {
                self.armed[side.index()].push_back(*fault);
                self.push(TraceKind::Arm {
                    side: *side,
                    fault: *fault,
                });
                Ok(())
            }
            Action::SetLoss { side, probability } => {
                if !(0.0..=1.0).contains(probability) {
                    return Err(ActionError::BadProbability);
                }
                self.loss[side.index()] = *probability;
                self.push(TraceKind::Loss {
                    side: *side,
                    probability: *probability,
                });
                Ok(())
            }
        }
    }

    fn model_call(&mut self, call: &UserCall) {
        let side = self.model_side;
        let at = self.events.len();
        self.push(TraceKind::Call {
            side,
            call: call.clone(),
            error: None,
        });
        let now = self.now;
        let peer = self.addrs[side.peer().index()];
        let result = self.model.call(now, peer, call);
        match (result, call) {
            (Err(e), _) => {
                if let Some(LiveEvent::Core(TraceEvent {
                    kind: TraceKind::Call { error, .. },
                    ..
                })) = self.events.get_mut(at)
                {
                    *error = Some(e);
                }
            }
            (Ok(()), UserCall::Send(d)) => self.app.sent.extend_from_slice(&d.bytes()),
            (Ok(()), UserCall::Close) => self.app.close_called = true,
            (Ok(()), UserCall::Listen | UserCall::Connect) => self.app.close_called = false,
            _ => {}
        }
        self.drain(None);
    }

    fn lookup(&self, id: TxId) -> Result<usize, ActionError> {
        self.by_id
            .get(&id)
            .copied()
            .ok_or(ActionError::UnknownTransmission(id))
    }

    // ----- the model -----------------------------------------------------------------------

    /// Drains the model's outputs in the simulator's order: notes, application events (and a
    /// scripted close), then each segment followed by the notes it caused.
    fn drain(&mut self, arrive_event: Option<usize>) {
        loop {
            let mut progressed = self.drain_notes(arrive_event);
            while self.model.poll_event().is_some() {}
            if std::mem::take(&mut self.close_due) {
                self.model_call(&UserCall::Close);
                progressed = true;
            }
            while let Some(t) = self.model.poll_transmit(self.now) {
                progressed = true;
                self.transmit(
                    self.model_side,
                    t.segment,
                    t.retransmission,
                    t.retry,
                    t.rule,
                    None,
                );
                self.drain_notes(arrive_event);
            }
            if !progressed {
                break;
            }
        }
        let timers: Vec<_> = self.model.timers().collect();
        for t in timers {
            self.schedule_timer(t.kind, t.deadline);
        }
    }

    fn schedule_timer(&mut self, kind: TimerKind, deadline: Instant) {
        if self.timer_checks.insert((kind, deadline)) {
            self.schedule(deadline.max(self.now), Ev::Timer { kind, deadline });
        }
    }

    fn drain_notes(&mut self, arrive_event: Option<usize>) -> bool {
        let side = self.model_side;
        let mut any = false;
        while let Some(note) = self.model.poll_note() {
            any = true;
            match note {
                Note::State {
                    from,
                    to,
                    cause,
                    role,
                } => self.push(TraceKind::State {
                    side,
                    from,
                    to,
                    cause,
                    role,
                }),
                Note::Timer {
                    kind,
                    action,
                    deadline,
                    backoff,
                    expiry,
                    rule,
                } => {
                    if matches!(action, TimerAction::Set | TimerAction::Restart) {
                        self.schedule_timer(kind, deadline);
                    }
                    self.push(TraceKind::Timer {
                        side,
                        kind,
                        action,
                        deadline,
                        backoff,
                        expiry,
                        rule,
                    });
                }
                Note::Verdict(v) => {
                    if let Some(LiveEvent::Core(TraceEvent {
                        kind: TraceKind::Arrive { verdict, .. },
                        ..
                    })) = arrive_event.and_then(|i| self.events.get_mut(i))
                    {
                        *verdict = Some(v);
                    }
                }
                Note::Rto { change, from, rto } => {
                    // As the simulator names it: the timed segment was sent once and never
                    // repeated, so it is the side's latest transmission with that number.
                    let timed = match change {
                        RtoChange::Sample { seq, .. } => {
                            self.last_by_seq[side.index()].get(&seq.0).copied()
                        }
                        _ => None,
                    };
                    self.push(TraceKind::Rto {
                        side,
                        change,
                        from,
                        rto,
                        timed,
                    });
                }
                Note::Event(ev) => self.model_app_event(ev),
            }
        }
        any
    }

    fn model_app_event(&mut self, ev: Event) {
        let side = self.model_side;
        let event = match ev {
            Event::Data(bytes) => {
                self.app.received.extend_from_slice(&bytes);
                let total = self.app.received.len() as u64;
                self.push(TraceKind::Deliver {
                    side,
                    len: bytes.len() as u32,
                    total,
                    data: preview(&bytes),
                });
                return;
            }
            Event::App(event) => event,
        };
        let app = &mut self.app;
        match event {
            AppEvent::Connected => app.connected = true,
            AppEvent::EndOfStream => app.end_of_stream = true,
            AppEvent::Reset => app.reset = true,
            AppEvent::TimedOut => app.timed_out = true,
            AppEvent::Closed => app.closed = true,
            AppEvent::Discarded(n) => app.discarded += n,
        }
        self.push(TraceKind::App { side, event });
        if event == AppEvent::EndOfStream
            && self.scenario.apps[side.index()].close_on_eof
            && !self.app.close_called
        {
            self.close_due = true;
        }
    }

    // ----- the link ------------------------------------------------------------------------

    /// Puts a segment on the link. `retry` is the model's count on a timer-driven
    /// retransmission and `rule` the profile's rule its form follows (the kernel's are not
    /// known); `wire` is the kernel's packet as read (bytes and checksum); the model's is
    /// emitted here.
    fn transmit(
        &mut self,
        side: Side,
        segment: Segment,
        retransmission: bool,
        retry: Option<Retries>,
        rule: Option<Rule>,
        wire: Option<(Vec<u8>, u16)>,
    ) {
        let s = side.index();
        self.next_n[s] = self.next_n[s].saturating_add(1);
        let id = TxId::new(side, self.next_n[s]);
        // Wireshark's relative numbers: the base is the side's latest original SYN.
        if (segment.flags.syn() && !retransmission) || self.base[s].is_none() {
            self.base[s] = Some(segment.seq);
        }
        let rel_seq = segment.seq.relative_to(self.base[s].unwrap_or(segment.seq));
        let rel_ack = match self.base[side.peer().index()] {
            Some(b) => segment.ack.relative_to(b),
            None => segment.ack.0,
        };
        let retransmission_of = if retransmission {
            self.last_by_seq[s].get(&segment.seq.0).copied()
        } else {
            None
        };
        if segment.seq_len() > 0 {
            self.last_by_seq[s].insert(segment.seq.0, id);
        }
        let (src, dst): (Ipv4Addr, Ipv4Addr) = (side.addr(), side.peer().addr());
        let (bytes, checksum) = match wire {
            Some(w) => w,
            None => {
                // The IP Identification counts the side's transmissions, as the simulator's pcap.
                let bytes = wire::emit_ipv4_tcp(&segment, src, dst, id.n as u16);
                let checksum = wire::tcp_checksum(&segment, src, dst);
                (bytes, checksum)
            }
        };
        self.packets.push((self.now, bytes.clone()));

        // The link's fault is decided now and takes effect mid-flight (as in the simulator).
        let lost = self.loss_rng[s].next_f64() < self.loss[s];
        let mut decided = None;
        for (k, rule) in self.scenario.faults.iter().enumerate() {
            if rule
                .matcher
                .matches_except_nth(id, &segment, retransmission)
            {
                self.rule_counts[k] += 1;
                if nth_ok(rule, self.rule_counts[k]) && decided.is_none() {
                    decided = Some((rule.fault, FaultSource::Rule));
                }
            }
        }
        if let Some(f) = self.armed[s].pop_front() {
            decided = Some((f, FaultSource::User));
        }
        if decided.is_none() && lost {
            decided = Some((Fault::Drop, FaultSource::RandomLoss));
        }

        let now = self.now;
        let latency = self.latency[s];
        let i = self.txs.len();
        self.txs.push(LinkTx {
            id,
            from: side,
            segment,
            bytes,
            checksum,
            status: Status::InFlight,
            retransmission_of,
            duplicate_of: None,
            rel_seq,
            rel_ack,
            flight: latency,
            moved: Duration::ZERO,
            resumed_at: now,
            arrival: now + latency,
            epoch: 0,
        });
        self.by_id.insert(id, i);
        let seg = self.txs[i].info();
        self.push(TraceKind::Send {
            seg,
            arrival: now + latency,
            retry,
            rule,
        });
        if let Some((fault, source)) = decided {
            let mid = now + Duration::from_micros(latency.total_micros() / 2);
            self.schedule(
                mid,
                Ev::Effect {
                    tx: i,
                    fault,
                    source,
                },
            );
        }
        self.schedule(now + latency, Ev::Arrive { tx: i, epoch: 0 });
    }

    fn arrive(&mut self, i: usize) {
        let tx = &mut self.txs[i];
        tx.status = Status::Arrived;
        tx.moved = tx.flight;
        let to = tx.from.peer();
        let seg = tx.info();
        let at = self.events.len();
        self.push(TraceKind::Arrive { seg, verdict: None });
        if to == self.model_side {
            let src = self.addrs[to.peer().index()];
            // The model reads the segment where the link holds it, as in the simulator.
            self.model
                .handle_segment(self.now, src, &self.txs[i].segment);
            self.drain(Some(at));
        } else {
            self.to_kernel.push_back(ToKernel::Packet {
                due: self.now,
                bytes: self.txs[i].bytes.clone(),
            });
        }
    }

    fn fault_index(
        &mut self,
        i: usize,
        fault: Fault,
        source: FaultSource,
    ) -> Result<(), ActionError> {
        let now = self.now;
        let tx = &self.txs[i];
        let id = tx.id;
        if !tx.active() {
            return Err(ActionError::NotInFlight(id));
        }
        let held = tx.status == Status::Held;
        match fault {
            Fault::Drop => {
                let tx = &mut self.txs[i];
                if !held {
                    tx.moved = tx.moved + now.saturating_since(tx.resumed_at);
                }
                tx.status = Status::Dropped;
                tx.epoch = tx.epoch.wrapping_add(1);
                let seg = self.txs[i].info();
                self.push(TraceKind::Drop {
                    seg,
                    reason: source,
                });
            }
            Fault::Delay(by) => {
                let tx = &mut self.txs[i];
                tx.flight = tx.flight + by;
                if held {
                    tx.arrival = now + tx.remaining();
                } else {
                    tx.arrival += by;
                    tx.epoch = tx.epoch.wrapping_add(1);
                    let (arrival, epoch) = (tx.arrival, tx.epoch);
                    self.schedule(arrival, Ev::Arrive { tx: i, epoch });
                }
                let arrival = self.txs[i].arrival;
                let seg = self.txs[i].info();
                self.push(TraceKind::Delay {
                    seg,
                    by,
                    arrival,
                    reason: source,
                });
            }
            Fault::Hold => {
                if held {
                    return Err(ActionError::AlreadyHeld(id));
                }
                let tx = &mut self.txs[i];
                tx.moved = tx.moved + now.saturating_since(tx.resumed_at);
                tx.status = Status::Held;
                tx.epoch = tx.epoch.wrapping_add(1);
                tx.arrival = now + tx.remaining();
                let seg = self.txs[i].info();
                self.push(TraceKind::Hold {
                    seg,
                    reason: source,
                });
            }
            Fault::Duplicate => {
                let original = id.original();
                let copy_no = self.copies.entry(original).or_insert(0);
                // A fresh id for every copy, as in the simulator; none left is an error.
                let Some(next) = copy_no.checked_add(1) else {
                    return Err(ActionError::NoFreshId(original));
                };
                *copy_no = next;
                let copy_id = TxId {
                    copy: *copy_no,
                    ..original
                };
                let half = Duration::from_micros(self.latency[id.side.index()].total_micros() / 2);
                let tx = &self.txs[i];
                let moved = if held {
                    tx.moved
                } else {
                    tx.moved + now.saturating_since(tx.resumed_at)
                };
                let remaining = tx.flight.saturating_sub(moved) + half;
                let copy = LinkTx {
                    id: copy_id,
                    status: Status::InFlight,
                    duplicate_of: Some(id),
                    flight: moved + remaining,
                    moved,
                    resumed_at: now,
                    arrival: now + remaining,
                    epoch: 0,
                    ..tx.clone()
                };
                let arrival = copy.arrival;
                let j = self.txs.len();
                self.txs.push(copy);
                self.by_id.insert(copy_id, j);
                self.schedule(arrival, Ev::Arrive { tx: j, epoch: 0 });
                let seg = self.txs[j].info();
                self.push(TraceKind::Duplicate {
                    seg,
                    arrival,
                    reason: source,
                });
            }
        }
        Ok(())
    }

    fn release(&mut self, id: TxId) -> Result<(), ActionError> {
        let i = self.lookup(id)?;
        let now = self.now;
        let tx = &mut self.txs[i];
        if tx.status != Status::Held {
            return Err(if tx.active() {
                ActionError::NotHeld(id)
            } else {
                ActionError::NotInFlight(id)
            });
        }
        tx.status = Status::InFlight;
        tx.resumed_at = now;
        tx.arrival = now + tx.remaining();
        tx.epoch = tx.epoch.wrapping_add(1);
        let (arrival, epoch) = (tx.arrival, tx.epoch);
        self.schedule(arrival, Ev::Arrive { tx: i, epoch });
        let seg = self.txs[i].info();
        self.push(TraceKind::Release { seg, arrival });
        Ok(())
    }
}

fn nth_ok(rule: &FaultRule, count: u32) -> bool {
    match &rule.matcher {
        Match::Rule { nth: Some(n), .. } => count == *n,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::record::LiveEvent;
    use handshake_core::Flags;

    fn scenario(json: &str) -> Scenario {
        Scenario::from_json(json).unwrap()
    }

    fn sends(run: &LiveRun) -> Vec<SegmentInfo> {
        run.events
            .iter()
            .filter_map(|e| match e {
                LiveEvent::Core(TraceEvent {
                    kind: TraceKind::Send { seg, .. },
                    ..
                }) => Some(*seg),
                _ => None,
            })
            .collect()
    }

    const CONNECT_ONLY: &str =
        r#"{"seed": 3, "actions": [{"at_ms": 0, "side": "client", "call": "connect"}]}"#;

    #[test]
    fn a_model_segment_reaches_the_kernel_as_checked_ipv4_bytes_when_it_arrives() {
        let mut b = Bridge::new(&scenario(CONNECT_ONLY), Side::Client).unwrap();
        b.advance(Instant::from_millis(99));
        assert_eq!(b.poll_kernel(), None, "still on the link");
        b.advance(Instant::from_millis(250));
        let Some(ToKernel::Packet { due, bytes }) = b.poll_kernel() else {
            panic!("the SYN arrived")
        };
        assert_eq!(
            due,
            Instant::from_millis(100),
            "at its arrival time, not when asked"
        );
        let (src, dst, seg) = wire::parse_ipv4_tcp(&bytes).expect("valid IPv4 and TCP checksums");
        assert_eq!((src, dst), (Side::Client.addr(), Side::Server.addr()));
        assert_eq!((seg.src_port, seg.dst_port), (40000, 5555));
        assert_eq!(seg.flags, Flags::SYN);
        // The scenario has no server call, so nothing else is due for the kernel.
        assert_eq!(b.poll_kernel(), None);
    }

    #[test]
    fn the_kernels_calls_come_out_at_their_time_and_are_recorded_as_its_calls() {
        let s = scenario(
            r#"{"actions": [{"at_ms": 0, "side": "server", "call": "listen"},
                            {"at_ms": 500, "side": "server", "call": "send", "data": "hi"}]}"#,
        );
        let mut b = Bridge::new(&s, Side::Client).unwrap();
        b.advance(Instant::ZERO);
        assert_eq!(b.poll_kernel(), Some(ToKernel::Call(UserCall::Listen)));
        b.advance(Instant::from_millis(499));
        assert_eq!(b.poll_kernel(), None);
        b.advance(Instant::from_millis(500));
        assert_eq!(
            b.poll_kernel(),
            Some(ToKernel::Call(UserCall::Send(
                handshake_core::vocab::SendData::Text("hi".into())
            )))
        );
        let run = b.finish(Vec::new(), Duration::ZERO);
        let json = run.to_json_lines();
        assert_eq!(json.lines().count(), 2);
        assert!(
            json.lines()
                .all(|l| l.contains(r#""endpoint":"server""#) && l.ends_with(r#""kernel":true}"#))
        );
    }

    #[test]
    fn packets_the_bridge_cannot_carry_are_set_aside_with_the_reason() {
        let mut b = Bridge::new(&scenario(CONNECT_ONLY), Side::Client).unwrap();
        let t = Instant::from_millis(5);
        let mut ipv6 = vec![0x60, 0, 0, 0];
        ipv6.resize(40, 0);
        b.kernel_sent(t, &ipv6);
        b.kernel_sent(t, b"not a packet");
        let stray = Segment {
            src_port: 5555,
            dst_port: 40000,
            flags: Flags::RST,
            ..Segment::default()
        };
        let other = std::net::Ipv4Addr::new(10, 0, 0, 9);
        b.kernel_sent(
            t,
            &wire::emit_ipv4_tcp(&stray, other, Side::Client.addr(), 1),
        );
        let why: Vec<&str> = b.ignored().iter().map(|i| i.why.as_str()).collect();
        assert_eq!(why[0], "an IPv6 packet");
        assert!(
            why[1].starts_with("not an IPv4 TCP segment the bridge can read"),
            "{}",
            why[1]
        );
        assert_eq!(
            why[2],
            "a segment from 10.0.0.9 to 10.0.0.1, not between the two sides"
        );
        // Nothing of them is in the trace or on the link (the model's own SYN is).
        let run = b.finish(Vec::new(), Duration::ZERO);
        assert_eq!(sends(&run).len(), 1);
        assert_eq!(run.packets.len(), 1);
    }

    #[test]
    fn a_kernel_segment_that_repeats_sequence_space_is_a_retransmission_and_a_bare_ack_is_not() {
        let s = scenario(r#"{"actions": [{"at_ms": 0, "side": "client", "call": "listen"}]}"#);
        let mut b = Bridge::new(&s, Side::Client).unwrap();
        let (kernel, model) = (Side::Server.addr(), Side::Client.addr());
        let seg = |flags, seq| Segment {
            src_port: 5555,
            dst_port: 40000,
            seq: SeqNumber(seq),
            flags,
            window: 64240,
            ..Segment::default()
        };
        for (ms, s) in [
            (0, seg(Flags::SYN, 7)),
            (1000, seg(Flags::SYN, 7)),
            (1100, seg(Flags::ACK, 8)),
            (1200, seg(Flags::ACK, 8)),
        ] {
            b.kernel_sent(
                Instant::from_millis(ms),
                &wire::emit_ipv4_tcp(&s, kernel, model, 1),
            );
        }
        let run = b.finish(Vec::new(), Duration::ZERO);
        let kernel_sends: Vec<(String, Option<TxId>, u32)> = sends(&run)
            .iter()
            .filter(|s| s.from == Side::Server)
            .map(|s| (s.id.to_string(), s.retransmission_of, s.rel_seq))
            .collect();
        let s1 = Some(TxId::new(Side::Server, 1));
        assert_eq!(
            kernel_sends,
            [
                ("S1".into(), None, 0),
                ("S2".into(), s1, 0),
                ("S3".into(), None, 1),
                ("S4".into(), None, 1)
            ]
        );
        // Every segment is in the capture, the kernel's as they were read.
        assert_eq!(run.packets.len(), sends(&run).len());
        assert_eq!(run.packets[0].0, Instant::ZERO);
    }

    #[test]
    fn hold_release_duplicate_delay_arm_and_loss_behave_as_in_the_simulator() {
        // Every link fault and link action on both directions, through the bridge with a
        // stand-in kernel, against the simulator.
        let s = scenario(
            r#"{"seed": 7,
                "actions": [
                  {"at_ms": 0, "side": "server", "call": "listen"},
                  {"at_ms": 0, "side": "client", "call": "connect"},
                  {"at_ms": 400, "side": "client", "arm": "duplicate"},
                  {"at_ms": 400, "side": "client", "call": "send", "len": 250},
                  {"at_ms": 500, "side": "server", "call": "send", "data": "hello"},
                  {"at_ms": 520, "target": "S2", "fault": "hold"},
                  {"at_ms": 900, "release": "S2"},
                  {"at_ms": 1000, "side": "server", "loss": 0.5},
                  {"at_ms": 1000, "side": "server", "call": "send", "len": 300},
                  {"at_ms": 3000, "side": "client", "call": "close"},
                  {"at_ms": 3000, "side": "server", "call": "abort"}
                ],
                "faults": [
                  {"match": {"from": "client", "flags": ["ACK"], "payload": false, "nth": 2}, "fault": "duplicate"},
                  {"match": {"from": "server", "flags": ["SYN", "ACK"]}, "fault": {"delay_ms": 50}}
                ]}"#,
        );
        for side in Side::BOTH {
            let live = crate::live::standin::run(&s, side, Instant::from_secs(60));
            let mut sim = handshake_core::sim::Simulator::new(&s).unwrap();
            sim.run_until(live.end);
            let cmp = crate::live::compare::compare(
                &live,
                &sim.trace().events,
                crate::live::compare::Options::default(),
            );
            assert!(cmp.agrees(), "model as {side}: {:#?}", cmp.signature());
            assert!(cmp.matched > 10, "{}", cmp.matched);
            // And the link's own events are the simulator's, in kind and number.
            let kinds = |names: Vec<&'static str>| {
                let mut v = names;
                v.sort_unstable();
                v
            };
            let live_kinds = kinds(
                live.events
                    .iter()
                    .filter_map(|e| match e {
                        LiveEvent::Core(ev) => Some(ev.kind.name()),
                        _ => None,
                    })
                    .filter(|n| {
                        [
                            "drop",
                            "delay",
                            "hold",
                            "release",
                            "duplicate",
                            "arm",
                            "loss",
                        ]
                        .contains(n)
                    })
                    .collect(),
            );
            let sim_kinds = kinds(
                sim.trace()
                    .iter()
                    .map(|e| e.kind.name())
                    .filter(|n| {
                        [
                            "drop",
                            "delay",
                            "hold",
                            "release",
                            "duplicate",
                            "arm",
                            "loss",
                        ]
                        .contains(n)
                    })
                    .collect(),
            );
            assert_eq!(live_kinds, sim_kinds, "model as {side}");
            assert!(
                live_kinds.contains(&"drop"),
                "random loss dropped something"
            );
        }
    }
}
