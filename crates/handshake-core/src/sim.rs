//! The simulator: two [`Endpoint`]s, a link with faults, a virtual clock and the trace.
//!
//! This is the one thing the app, the CLI and the tests all drive (quinn-proto's test `Pair` is
//! the model). The UI's "drop this segment" calls exactly what the tests call: [`Simulator::apply`].
//!
//! # Time and order
//!
//! The clock is virtual. Everything that will happen is an event in a queue ordered by
//! `(time, scheduling number)`: **events with equal timestamps run in the order they were
//! scheduled (FIFO)** — the rule of the reference scenarios §0.3 (open choice 3). Events are:
//! a segment arriving, a fault taking effect in the middle of a flight, and a timer check.
//!
//! A timer check is scheduled when an endpoint reports [`Note::Timer`] `Set`/`Restart`, so its
//! FIFO place is the moment the timer was armed. When it pops, the endpoint's timer is looked at:
//! if it still has that deadline, [`Endpoint::handle_timeout`] runs; otherwise the check is stale
//! (the timer was cancelled or restarted) and is skipped.
//!
//! **User actions** ([`Action`]) run *after* every event at times ≤ their time. A paused UI
//! always sits after the events of its instant, so an action applied there and the same action
//! replayed from a file at that instant do the same thing.
//!
//! # After each input
//!
//! After a user call, an arriving segment or a timeout, the endpoint's outputs are drained so
//! the trace reads in causal order: its notes (state changes, timers, RTO; the verdict goes into
//! the `arrive` event of the segment just handled), then its application events (`deliver`,
//! `app`; scripted reactions such as `close_on_eof` call `close()` right here, so the FIN rides
//! with the ACK that is owed — a three-segment close), then `poll_transmit` one segment at a time,
//! each recorded as `send` and followed by the notes it caused (the retransmission timer starts
//! when a segment goes out).
//!
//! # Faults
//!
//! A transmission in flight can be dropped, delayed, held (parked until released; it then
//! continues with the flight time it had left) or duplicated (the copy `C1'` arrives half a
//! one-way latency after the original). Faults chosen by a scenario's rules, by an armed fault or
//! by random loss are decided when the segment is sent and take effect in the middle of its
//! flight, so a ✕ is drawn mid-way as in textbook figures. Random loss draws one number per
//! endpoint transmission from a seeded stream per direction (copies made by the link draw none,
//! so duplicating a segment never changes which later segments are lost).
//!
//! Nothing here panics on any input: unknown targets are errors, refused calls are trace events,
//! and a budget of events guarantees that a run ends; a run that reaches it says so with a last
//! trace event, [`TraceKind::BudgetExhausted`].

use alloc::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::net::SocketAddrV4;

use crate::endpoint::{
    CallError, Endpoint, Event, Note, RtoChange, Tcb, TimerAction, TimerKind, Transmit,
};
use crate::rng::Rng;
use crate::scenario::{Match, Scenario, ScenarioError};
use crate::segment::Segment;
use crate::seq::SeqNumber;
use crate::state::State;
use crate::time::{Duration, Instant};
use crate::trace::{SegmentInfo, Trace, TraceEvent, TraceKind};
// The shared vocabulary lives in `vocab`; these names stay importable from here.
use crate::vocab::preview;
pub use crate::vocab::{
    Action, ActionError, AppEvent, CLIENT_ADDR, Fault, FaultSource, SERVER_ADDR, SendData, Side,
    TimedAction, TxId, TxIdError, UserCall,
};

/// How many events one simulation may process before it stops. A correct TCP always falls
/// silent (retries are bounded), so this only bounds a run that found a bug.
pub const EVENT_BUDGET: u64 = 1_000_000;

/// Streams of [`Rng::derive`] drawn from the scenario seed (public so that a driver of one
/// endpoint outside the simulator, such as the CLI's live bridge, draws the same ISN and losses).
pub const STREAM_CLIENT_ISN: u64 = 1;
pub const STREAM_SERVER_ISN: u64 = 2;
pub const STREAM_LOSS_FROM_CLIENT: u64 = 3;
pub const STREAM_LOSS_FROM_SERVER: u64 = 4;

/// Where a transmission is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxStatus {
    /// Moving along the link.
    InFlight,
    /// Parked on the link since `at`.
    Held { at: Instant },
    /// Lost at `at`.
    Dropped { at: Instant, reason: FaultSource },
    /// Handed to the receiver at `at`.
    Arrived { at: Instant },
}

/// One endpoint's state and TCB at an instant (the inspector shows both at a segment's send).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub state: State,
    pub tcb: Option<Tcb>,
}

/// One segment on the link: an endpoint transmission or a link-level copy of one.
#[derive(Clone, Debug, PartialEq)]
pub struct Transmission {
    pub id: TxId,
    pub from: Side,
    pub segment: Segment,
    /// The TCP checksum the segment has on the wire (IPv4 pseudo-header included).
    pub checksum: u16,
    /// When it left its sender (for a copy: when the link made it).
    pub sent_at: Instant,
    /// When it arrives if nothing else happens (for a held one: as if released now).
    pub arrival: Instant,
    pub status: TxStatus,
    /// The earlier transmission from the same side with the same SEG.SEQ that this repeats.
    pub retransmission_of: Option<TxId>,
    /// For a link copy: the transmission it copies.
    pub duplicate_of: Option<TxId>,
    /// Total delay added by faults.
    pub delay_added: Duration,
    /// Wireshark-style relative numbers, fixed at send time.
    pub rel_seq: u32,
    pub rel_ack: u32,
    /// Both endpoints just after this segment left (index with [`Side::index`]).
    pub snapshots: [Snapshot; 2],
    /// Moving time the whole flight needs (latency plus delays).
    flight: Duration,
    /// Moving time already done before `resumed_at`.
    moved: Duration,
    /// When it last started moving.
    resumed_at: Instant,
    /// Bumped whenever its arrival is rescheduled; stale arrival events carry an older epoch.
    epoch: u32,
}

impl Transmission {
    pub fn to(&self) -> Side {
        self.from.peer()
    }
    /// The snapshot of one side at send time.
    pub fn snapshot(&self, side: Side) -> &Snapshot {
        &self.snapshots[side.index()]
    }
    pub fn is_active(&self) -> bool {
        matches!(self.status, TxStatus::InFlight | TxStatus::Held { .. })
    }
    /// Moving time still needed.
    fn remaining(&self) -> Duration {
        self.flight.saturating_sub(self.moved)
    }
    /// The summary a trace event carries.
    pub fn info(&self) -> SegmentInfo {
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
}

/// What an application has seen, and the bytes it sent and received.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppView {
    /// Every byte passed to a `send` call the endpoint accepted.
    pub sent: Vec<u8>,
    /// Every byte delivered, in order.
    pub received: Vec<u8>,
    pub connected: bool,
    pub end_of_stream: bool,
    pub closed: bool,
    pub reset: bool,
    pub timed_out: bool,
    /// The application's own `close()` was accepted on the current connection (so a scripted
    /// `close_on_eof` does not call it a second time).
    pub close_called: bool,
    /// Bytes of accepted SENDs that were never acknowledged when a connection ended.
    pub discarded: u64,
}

impl AppView {
    /// Connected, saw the peer's end of stream, and the connection ended normally.
    pub fn clean_close(&self) -> bool {
        self.connected && self.end_of_stream && self.closed && !self.reset && !self.timed_out
    }
}

/// Why [`Simulator::run_to_end`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// Nothing left to happen.
    Quiet,
    /// The scenario's end time.
    EndTime,
    /// [`EVENT_BUDGET`] events processed.
    EventBudget,
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
        side: Side,
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
    fn eq(&self, other: &Queued) -> bool {
        self.at == other.at && self.order == other.order
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Queued) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    /// Reversed, so the max-heap pops the earliest `(at, order)`.
    fn cmp(&self, other: &Queued) -> Ordering {
        (other.at, other.order).cmp(&(self.at, self.order))
    }
}

/// Two endpoints, a link, a virtual clock and the trace. `Clone` makes checkpoints cheap to take.
#[derive(Clone, Debug)]
pub struct Simulator {
    scenario: Scenario,
    now: Instant,
    endpoints: [Endpoint; 2],
    addrs: [SocketAddrV4; 2],
    latency: [Duration; 2],
    loss: [f64; 2],
    loss_rng: [Rng; 2],
    queue: BinaryHeap<Queued>,
    order: u64,
    timer_checks: BTreeSet<(Side, TimerKind, Instant)>,
    pending: Vec<TimedAction>,
    next_pending: usize,
    log: Vec<TimedAction>,
    txs: Vec<Transmission>,
    active: BTreeSet<usize>,
    by_id: BTreeMap<TxId, usize>,
    next_n: [u32; 2],
    copies: BTreeMap<TxId, u8>,
    base: [Option<SeqNumber>; 2],
    last_by_seq: [BTreeMap<u32, TxId>; 2],
    rule_counts: Vec<u32>,
    armed: [VecDeque<Fault>; 2],
    apps: [AppView; 2],
    /// A scripted `close_on_eof` reaction waits until the EOF's notes are all traced.
    close_due: [bool; 2],
    trace: Trace,
    events_run: u64,
    /// At most this many events ([`EVENT_BUDGET`] unless set).
    budget: u64,
    budget_hit: bool,
}

impl Simulator {
    /// A simulation at t = 0 with nothing run yet (the scenario's actions at 0 run on the first
    /// step).
    pub fn new(scenario: &Scenario) -> Result<Simulator, ScenarioError> {
        scenario.validate()?;
        let net = &scenario.net;
        let addrs = [
            SocketAddrV4::new(CLIENT_ADDR, net.client_port),
            SocketAddrV4::new(SERVER_ADDR, net.server_port),
        ];
        let client_seed = Rng::derive(scenario.seed, STREAM_CLIENT_ISN).next_u64();
        let server_seed = Rng::derive(scenario.seed, STREAM_SERVER_ISN).next_u64();
        let mut pending = scenario.actions.clone();
        pending.sort_by_key(|a| a.at);
        Ok(Simulator {
            scenario: scenario.clone(),
            now: Instant::ZERO,
            endpoints: [
                Endpoint::new(scenario.client.clone(), addrs[0], client_seed),
                Endpoint::new(scenario.server.clone(), addrs[1], server_seed),
            ],
            addrs,
            latency: net.latency,
            loss: net.loss,
            loss_rng: [
                Rng::derive(scenario.seed, STREAM_LOSS_FROM_CLIENT),
                Rng::derive(scenario.seed, STREAM_LOSS_FROM_SERVER),
            ],
            queue: BinaryHeap::new(),
            order: 0,
            timer_checks: BTreeSet::new(),
            pending,
            next_pending: 0,
            log: Vec::new(),
            txs: Vec::new(),
            active: BTreeSet::new(),
            by_id: BTreeMap::new(),
            next_n: [0, 0],
            copies: BTreeMap::new(),
            base: [None, None],
            last_by_seq: [BTreeMap::new(), BTreeMap::new()],
            rule_counts: alloc::vec![0; scenario.faults.len()],
            armed: [VecDeque::new(), VecDeque::new()],
            apps: [AppView::default(), AppView::default()],
            close_due: [false; 2],
            trace: Trace::default(),
            events_run: 0,
            budget: EVENT_BUDGET,
            budget_hit: false,
        })
    }

    /// Rebuilds the exact state at `until` by running `scenario` again with the interactive
    /// `actions` (as [`Simulator::actions`] returned them) applied at their times. This is the
    /// app's "step back".
    pub fn replay(
        scenario: &Scenario,
        actions: &[TimedAction],
        until: Instant,
    ) -> Result<Simulator, ScenarioError> {
        let mut sim = Simulator::new(scenario)?;
        sim.replay_onto(actions, until);
        Ok(sim)
    }

    /// Continues a simulation (for example a checkpoint taken earlier from the same session) by
    /// applying the logged actions later than its present, up to `until`.
    pub fn replay_onto(&mut self, actions: &[TimedAction], until: Instant) {
        let done = self.log.len();
        for a in actions.iter().skip(done) {
            if a.at > until {
                break;
            }
            self.run_until(a.at);
            // An action that failed in the session was never logged, so this succeeds.
            let _ = self.apply(a.action.clone());
        }
        self.run_until(until);
    }

    // ----- getters -------------------------------------------------------------------------

    /// The virtual present.
    pub fn now(&self) -> Instant {
        self.now
    }
    /// The scenario this simulation started from.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    pub fn endpoint(&self, side: Side) -> &Endpoint {
        &self.endpoints[side.index()]
    }
    /// The socket address of one side.
    pub fn addr(&self, side: Side) -> SocketAddrV4 {
        self.addrs[side.index()]
    }
    /// One-way latency for segments sent by `side`.
    pub fn latency(&self, side: Side) -> Duration {
        self.latency[side.index()]
    }
    /// Random loss probability for segments sent by `side`.
    pub fn loss(&self, side: Side) -> f64 {
        self.loss[side.index()]
    }
    /// Faults armed for the next segments `side` sends, first one first.
    pub fn armed(&self, side: Side) -> impl Iterator<Item = Fault> + '_ {
        self.armed[side.index()].iter().copied()
    }
    /// What the application on `side` has seen.
    pub fn app(&self, side: Side) -> &AppView {
        &self.apps[side.index()]
    }
    /// Every transmission so far, in the order they appeared on the link.
    pub fn transmissions(&self) -> &[Transmission] {
        &self.txs
    }
    pub fn transmission(&self, id: TxId) -> Option<&Transmission> {
        self.by_id.get(&id).and_then(|&i| self.txs.get(i))
    }
    /// Transmissions moving or held on the link, in the order they were sent.
    pub fn in_flight(&self) -> impl Iterator<Item = &Transmission> + '_ {
        self.active.iter().filter_map(|&i| self.txs.get(i))
    }
    pub fn trace(&self) -> &Trace {
        &self.trace
    }
    /// The interactive actions applied so far (the session's log; replay input).
    pub fn actions(&self) -> &[TimedAction] {
        &self.log
    }
    /// The scenario's timed actions not run yet.
    pub fn pending_actions(&self) -> &[TimedAction] {
        self.pending.get(self.next_pending..).unwrap_or(&[])
    }
    /// The end time of the scenario, if it has one.
    pub fn end(&self) -> Option<Instant> {
        self.scenario.end
    }
    /// How many events have been processed.
    pub fn events_run(&self) -> u64 {
        self.events_run
    }
    /// The most events this simulation processes.
    pub fn event_budget(&self) -> u64 {
        self.budget
    }
    /// Processes at most `budget` events instead of [`EVENT_BUDGET`] (a smaller bound for a
    /// command line or a test; a run that reaches it ends with
    /// [`TraceKind::BudgetExhausted`]).
    pub fn set_event_budget(&mut self, budget: u64) {
        self.budget = budget;
    }

    /// When the next thing happens (an event or a scheduled action), if anything will.
    pub fn next_event_time(&self) -> Option<Instant> {
        if self.budget_hit {
            return None;
        }
        let ev = self.queue.peek().map(|q| q.at);
        let act = self.pending.get(self.next_pending).map(|a| a.at);
        let next = match (ev, act) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }?;
        match self.scenario.end {
            Some(end) if next > end => None,
            _ => Some(next.max(self.now)),
        }
    }

    /// Nothing more will happen.
    pub fn is_finished(&self) -> bool {
        self.next_event_time().is_none()
    }

    /// Why the simulation is finished, or `None` while it is not.
    pub fn stop_reason(&self) -> Option<StopReason> {
        if self.budget_hit {
            return Some(StopReason::EventBudget);
        }
        if !self.is_finished() {
            return None;
        }
        let more = !self.queue.is_empty() || self.next_pending < self.pending.len();
        Some(if more {
            StopReason::EndTime
        } else {
            StopReason::Quiet
        })
    }

    // ----- running -------------------------------------------------------------------------

    /// Advances to the next instant at which something happens and processes everything at it
    /// (the app's "step forward"). Returns false if nothing was left.
    pub fn step(&mut self) -> bool {
        let Some(t) = self.next_event_time() else {
            return false;
        };
        self.now = t;
        self.settle();
        true
    }

    /// Processes everything up to and including `t` and moves the clock to `t` (never past the
    /// scenario's end, never backwards).
    pub fn run_until(&mut self, t: Instant) {
        while let Some(next) = self.next_event_time() {
            if next > t {
                break;
            }
            self.step();
        }
        let t = match self.scenario.end {
            Some(end) => t.min(end),
            None => t,
        };
        if t > self.now {
            self.now = t;
        }
    }

    /// Runs until nothing is left to happen or the end time. Always terminates.
    pub fn run_to_end(&mut self) {
        while self.step() {}
        if let Some(end) = self.scenario.end {
            if end > self.now && !self.budget_hit {
                self.now = end;
            }
        }
    }

    /// Everything at `now`: events first (FIFO), then scheduled actions, until none is left.
    fn settle(&mut self) {
        loop {
            if self.events_run >= self.budget {
                if !self.budget_hit {
                    self.budget_hit = true;
                    let events = self.events_run;
                    self.push(TraceKind::BudgetExhausted { events });
                }
                return;
            }
            if let Some(q) = self.queue.peek() {
                if q.at <= self.now {
                    let q = *q;
                    self.queue.pop();
                    self.events_run += 1;
                    self.run_event(q.ev);
                    continue;
                }
            }
            if let Some(a) = self.pending.get(self.next_pending) {
                if a.at <= self.now {
                    let a = a.clone();
                    self.next_pending += 1;
                    self.events_run += 1;
                    if let Err(error) = self.do_action(&a.action) {
                        self.push(TraceKind::Ignored {
                            action: a.action,
                            error,
                        });
                    }
                    continue;
                }
            }
            self.purge_stale();
            return;
        }
    }

    /// Pops events at the head of the queue that will do nothing (a cancelled or restarted
    /// timer's check, a rescheduled arrival, an effect on a segment no longer on the link), so
    /// [`Simulator::next_event_time`] names an instant at which something happens.
    fn purge_stale(&mut self) {
        while let Some(q) = self.queue.peek() {
            let stale = match q.ev {
                Ev::Arrive { tx, epoch } => self
                    .txs
                    .get(tx)
                    .is_none_or(|t| t.epoch != epoch || t.status != TxStatus::InFlight),
                Ev::Effect { tx, .. } => self.txs.get(tx).is_none_or(|t| !t.is_active()),
                Ev::Timer {
                    side,
                    kind,
                    deadline,
                } => self.endpoints[side.index()].timer(kind).map(|t| t.deadline) != Some(deadline),
            };
            if !stale {
                return;
            }
            if let Ev::Timer {
                side,
                kind,
                deadline,
            } = q.ev
            {
                self.timer_checks.remove(&(side, kind, deadline));
            }
            self.queue.pop();
        }
    }

    /// Applies a user action now (after everything due at `now`) and appends it to the log.
    pub fn apply(&mut self, action: Action) -> Result<(), ActionError> {
        self.settle();
        self.do_action(&action)?;
        self.log.push(TimedAction {
            at: self.now,
            action,
        });
        self.settle();
        Ok(())
    }

    /// The scenario plus every interactive action, so a file replays this session identically.
    pub fn to_scenario(&self) -> Scenario {
        let mut s = self.scenario.clone();
        let mut all = s.actions.clone();
        all.sort_by_key(|a| a.at);
        all.extend(self.log.iter().cloned());
        // Stable: at equal times the file's actions ran first, then the interactive ones.
        all.sort_by_key(|a| a.at);
        s.actions = all;
        if let Some(end) = s.end {
            if let Some(last) = s.actions.last() {
                if last.at > end {
                    s.end = Some(last.at);
                }
            }
        }
        s
    }

    // ----- actions -------------------------------------------------------------------------

    fn do_action(&mut self, action: &Action) -> Result<(), ActionError> {
        match action {
            Action::Call { side, call } => {
                self.user_call(*side, call);
                Ok(())
            }
            Action::Fault { target, fault } => self.fault_now(*target, *fault, FaultSource::User),
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
                let p = *probability;
                if !(0.0..=1.0).contains(&p) {
                    return Err(ActionError::BadProbability);
                }
                self.loss[side.index()] = p;
                self.push(TraceKind::Loss {
                    side: *side,
                    probability: p,
                });
                Ok(())
            }
        }
    }

    fn user_call(&mut self, side: Side, call: &UserCall) {
        let at = self.trace.events.len();
        self.push(TraceKind::Call {
            side,
            call: call.clone(),
            error: None,
        });
        let now = self.now;
        let peer = self.addrs[side.peer().index()];
        let result = self.endpoints[side.index()].call(now, peer, call);
        let app = &mut self.apps[side.index()];
        match (result, call) {
            (Err(e), _) => self.set_call_error(at, e),
            (Ok(()), UserCall::Send(d)) => app.sent.extend_from_slice(&d.bytes()),
            (Ok(()), UserCall::Close) => app.close_called = true,
            (Ok(()), UserCall::Listen | UserCall::Connect) => app.close_called = false,
            (Ok(()), UserCall::Abort) => {}
        }
        self.drain(side, None);
    }

    fn set_call_error(&mut self, at: usize, e: CallError) {
        if let Some(TraceEvent {
            kind: TraceKind::Call { error, .. },
            ..
        }) = self.trace.events.get_mut(at)
        {
            *error = Some(e);
        }
    }

    fn lookup(&self, id: TxId) -> Result<usize, ActionError> {
        self.by_id
            .get(&id)
            .copied()
            .ok_or(ActionError::UnknownTransmission(id))
    }

    /// A fault taking effect now on transmission `id`.
    fn fault_now(
        &mut self,
        id: TxId,
        fault: Fault,
        source: FaultSource,
    ) -> Result<(), ActionError> {
        let i = self.lookup(id)?;
        self.fault_index(i, fault, source)
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
        if !tx.is_active() {
            return Err(ActionError::NotInFlight(id));
        }
        let held = matches!(tx.status, TxStatus::Held { .. });
        match fault {
            Fault::Drop => {
                let tx = &mut self.txs[i];
                if !held {
                    tx.moved = tx.moved + now.saturating_since(tx.resumed_at);
                }
                tx.status = TxStatus::Dropped {
                    at: now,
                    reason: source,
                };
                tx.epoch = tx.epoch.wrapping_add(1);
                self.active.remove(&i);
                let seg = self.txs[i].info();
                self.push(TraceKind::Drop {
                    seg,
                    reason: source,
                });
            }
            Fault::Delay(by) => {
                let tx = &mut self.txs[i];
                tx.flight = tx.flight + by;
                tx.delay_added = tx.delay_added + by;
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
                tx.status = TxStatus::Held { at: now };
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
                // Every copy gets an id of its own that reads back from its text; when none is
                // left the duplicate is refused (never an id already taken).
                // (`TxId::MAX_COPIES` is the most a copy number holds.)
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
                let copy = Transmission {
                    id: copy_id,
                    sent_at: now,
                    arrival: now + remaining,
                    status: TxStatus::InFlight,
                    duplicate_of: Some(id),
                    flight: moved + remaining,
                    moved,
                    resumed_at: now,
                    epoch: 0,
                    ..tx.clone()
                };
                let arrival = copy.arrival;
                let j = self.txs.len();
                self.txs.push(copy);
                self.active.insert(j);
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
        if !matches!(tx.status, TxStatus::Held { .. }) {
            return Err(if tx.is_active() {
                ActionError::NotHeld(id)
            } else {
                ActionError::NotInFlight(id)
            });
        }
        tx.status = TxStatus::InFlight;
        tx.resumed_at = now;
        tx.arrival = now + tx.remaining();
        tx.epoch = tx.epoch.wrapping_add(1);
        let (arrival, epoch) = (tx.arrival, tx.epoch);
        self.schedule(arrival, Ev::Arrive { tx: i, epoch });
        let seg = self.txs[i].info();
        self.push(TraceKind::Release { seg, arrival });
        Ok(())
    }

    // ----- events --------------------------------------------------------------------------

    fn schedule(&mut self, at: Instant, ev: Ev) {
        self.order += 1;
        self.queue.push(Queued {
            at,
            order: self.order,
            ev,
        });
    }

    fn push(&mut self, kind: TraceKind) {
        self.trace.events.push(TraceEvent { t: self.now, kind });
    }

    fn run_event(&mut self, ev: Ev) {
        match ev {
            Ev::Arrive { tx, epoch } => {
                let Some(t) = self.txs.get(tx) else { return };
                if t.epoch != epoch || t.status != TxStatus::InFlight {
                    return; // rescheduled, held or dropped since
                }
                self.arrive(tx);
            }
            Ev::Effect { tx, fault, source } => {
                if self
                    .txs
                    .get(tx)
                    .is_some_and(|t| t.status == TxStatus::InFlight)
                {
                    let _ = self.fault_index(tx, fault, source);
                }
            }
            Ev::Timer {
                side,
                kind,
                deadline,
            } => {
                self.timer_checks.remove(&(side, kind, deadline));
                let ep = &mut self.endpoints[side.index()];
                if ep.timer(kind).map(|t| t.deadline) == Some(deadline) {
                    ep.handle_timeout(self.now);
                    self.drain(side, None);
                }
            }
        }
    }

    fn arrive(&mut self, i: usize) {
        let now = self.now;
        let tx = &mut self.txs[i];
        tx.status = TxStatus::Arrived { at: now };
        tx.moved = tx.flight;
        let to = tx.to();
        let src = self.addrs[tx.from.index()];
        self.active.remove(&i);
        let seg = self.txs[i].info();
        let at = self.trace.events.len();
        self.push(TraceKind::Arrive { seg, verdict: None });
        // The receiver reads the segment where the link holds it: no copy of the payload.
        self.endpoints[to.index()].handle_segment(now, src, &self.txs[i].segment);
        self.drain(to, Some(at));
    }

    /// Drains one endpoint's outputs in trace order (see the module documentation).
    fn drain(&mut self, side: Side, arrive_event: Option<usize>) {
        loop {
            // Application events come through the notes (`Note::Event`), in causal order among
            // the state changes; the endpoint's own event queue holds the same ones.
            let mut progressed = self.drain_notes(side, arrive_event);
            while self.endpoints[side.index()].poll_event().is_some() {}
            if core::mem::take(&mut self.close_due[side.index()]) {
                // The scripted application closes as soon as it reads EOF, before the owed ACK
                // leaves, so the FIN rides on it.
                self.user_call(side, &UserCall::Close);
                progressed = true;
            }
            while let Some(t) = self.endpoints[side.index()].poll_transmit(self.now) {
                progressed = true;
                self.transmit(side, t);
                self.drain_notes(side, arrive_event);
            }
            if !progressed {
                break;
            }
        }
        // A timer the notes did not announce still gets its check.
        let timers: Vec<_> = self.endpoints[side.index()].timers().collect();
        for t in timers {
            self.schedule_timer(side, t.kind, t.deadline);
        }
    }

    fn schedule_timer(&mut self, side: Side, kind: TimerKind, deadline: Instant) {
        if self.timer_checks.insert((side, kind, deadline)) {
            self.schedule(
                deadline.max(self.now),
                Ev::Timer {
                    side,
                    kind,
                    deadline,
                },
            );
        }
    }

    fn drain_notes(&mut self, side: Side, arrive_event: Option<usize>) -> bool {
        let mut any = false;
        while let Some(note) = self.endpoints[side.index()].poll_note() {
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
                        self.schedule_timer(side, kind, deadline);
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
                    if let Some(TraceEvent {
                        kind: TraceKind::Arrive { verdict, .. },
                        ..
                    }) = arrive_event.and_then(|i| self.trace.events.get_mut(i))
                    {
                        *verdict = Some(v);
                    }
                }
                Note::Rto { change, from, rto } => {
                    // The timed segment was sent once and never repeated, so it is the side's
                    // latest transmission with that sequence number.
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
                Note::Event(ev) => self.app_event(side, ev),
            }
        }
        any
    }

    fn app_event(&mut self, side: Side, ev: Event) {
        let app = &mut self.apps[side.index()];
        let event = match ev {
            Event::Data(bytes) => {
                app.received.extend_from_slice(&bytes);
                let total = app.received.len() as u64;
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
            && !self.apps[side.index()].close_called
        {
            self.close_due[side.index()] = true;
        }
    }

    fn transmit(&mut self, side: Side, t: Transmit) {
        let Transmit {
            segment,
            retransmission,
            retry,
            rule,
            ..
        } = t;
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
        let latency = self.latency[s];
        let checksum = crate::wire::tcp_checksum(&segment, side.addr(), side.peer().addr());
        let snapshots = [self.snapshot(Side::Client), self.snapshot(Side::Server)];

        // Decide the link's fault now; it takes effect in the middle of the flight.
        let lost = self.loss_rng[s].next_f64() < self.loss[s];
        let mut decided = None;
        for (k, rule) in self.scenario.faults.iter().enumerate() {
            if rule
                .matcher
                .matches_except_nth(id, &segment, retransmission)
            {
                self.rule_counts[k] += 1;
                let nth_ok = match &rule.matcher {
                    Match::Rule { nth: Some(n), .. } => self.rule_counts[k] == *n,
                    _ => true,
                };
                if nth_ok && decided.is_none() {
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
        let i = self.txs.len();
        self.txs.push(Transmission {
            id,
            from: side,
            segment,
            checksum,
            sent_at: now,
            arrival: now + latency,
            status: TxStatus::InFlight,
            retransmission_of,
            duplicate_of: None,
            delay_added: Duration::ZERO,
            rel_seq,
            rel_ack,
            snapshots,
            flight: latency,
            moved: Duration::ZERO,
            resumed_at: now,
            epoch: 0,
        });
        self.active.insert(i);
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

    fn snapshot(&self, side: Side) -> Snapshot {
        let ep = &self.endpoints[side.index()];
        Snapshot {
            state: ep.state(),
            tcb: ep.tcb(),
        }
    }
}
