//! The simulator: two hosts (each a listener beside its connections, [`Endpoint`]s), the link
//! between them ([`channel::Channel`]), a virtual clock and the trace.
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
//! The link also carries hand-made segments ([`Action::Inject`], `C*1`) and old duplicates
//! ([`Action::OldDuplicate`], `C3~5.1s`), and drops a segment older than its sender's MSL when
//! the scenario says the link enforces it (`channel.rs`).
//!
//! # Hosts, listeners and connections
//!
//! Each side is a host (`host.rs`): a passive OPEN's listener stays in LISTEN while the
//! connections it answered come and go; a segment goes to the connection of its 4-tuple, else to
//! the listener (a SYN there opens a new connection), else the host answers as CLOSED. A host can
//! crash ([`Action::Crash`]: every TCB and timer vanishes, nothing is sent, arriving segments are
//! lost) and reboot. [`Simulator::endpoint`] is a side's current connection (the simple view);
//! [`Simulator::sockets`] lists them all.
//!
//! # Broken TCP
//!
//! A [`crate::config::Counterfactual`] switch (in a side's configuration, or turned by
//! [`Action::Counterfactual`]) makes an endpoint do what TCP does not; the trace records each
//! switch (`switch`) and each place it acted (`not_tcp`), and marks the run counterfactual
//! ([`Trace::counterfactual_marks`]).
//!
//! Nothing here panics on any input: unknown targets are errors, refused calls are trace events,
//! and a budget of events guarantees that a run ends; a run that reaches it says so with a last
//! trace event, [`TraceKind::BudgetExhausted`].

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::net::SocketAddrV4;

use crate::config::Counterfactual;
use crate::endpoint::{
    CallError, Endpoint, Event, Note, RtoChange, TimerAction, TimerKind, Transmit,
};
use crate::rng::Rng;
use crate::scenario::{Scenario, ScenarioError};
use crate::segment::Segment;
use crate::seq::SeqNumber;
use crate::time::{Duration, Instant};
use crate::trace::{Trace, TraceEvent, TraceKind};
// The shared vocabulary lives in `vocab`; these names stay importable from here.
use crate::vocab::preview_into;
pub use crate::vocab::{
    Action, ActionError, AppEvent, CLIENT_ADDR, Conn, Fault, FaultSource, Inject, SERVER_ADDR,
    SendData, SeqSpec, Side, TcbVar, TimedAction, TxId, TxIdError, UserCall,
};

pub mod channel;
mod host;

pub use channel::{
    Channel, LinkDriver, LinkEvent, STREAM_LOSS_FROM_CLIENT, STREAM_LOSS_FROM_SERVER, Snapshot,
    Transmission, TxStatus,
};
pub use host::ConnStatus;
use host::{Host, Sock};

/// How many events one simulation may process before it stops. A correct TCP always falls
/// silent (retries are bounded), so this only bounds a run that found a bug.
pub const EVENT_BUDGET: u64 = 1_000_000;

/// Streams of [`Rng::derive`] drawn from the scenario seed for the ISN generators (public so
/// that a driver of one endpoint outside the simulator draws the same ISNs).
pub const STREAM_CLIENT_ISN: u64 = 1;
pub const STREAM_SERVER_ISN: u64 = 2;

/// What an application has seen, and the bytes it sent and received.
#[derive(Debug, Default, PartialEq, Eq)]
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

impl Clone for AppView {
    fn clone(&self) -> AppView {
        AppView {
            sent: self.sent.clone(),
            received: self.received.clone(),
            connected: self.connected,
            end_of_stream: self.end_of_stream,
            closed: self.closed,
            reset: self.reset,
            timed_out: self.timed_out,
            close_called: self.close_called,
            discarded: self.discarded,
        }
    }
    /// Into `self`'s byte buffers (a recycled run of the loss sweep, issue 15).
    fn clone_from(&mut self, src: &AppView) {
        let AppView {
            sent,
            received,
            connected,
            end_of_stream,
            closed,
            reset,
            timed_out,
            close_called,
            discarded,
        } = src;
        self.sent.clone_from(sent);
        self.received.clone_from(received);
        self.connected.clone_from(connected);
        self.end_of_stream.clone_from(end_of_stream);
        self.closed.clone_from(closed);
        self.reset.clone_from(reset);
        self.timed_out.clone_from(timed_out);
        self.close_called.clone_from(close_called);
        self.discarded.clone_from(discarded);
    }
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

/// One of a side's sockets, as [`Simulator::sockets`] lists them.
#[derive(Clone, Copy, Debug)]
pub struct SocketView<'a> {
    /// [`Conn::Listener`] or [`Conn::Number`].
    pub conn: Conn,
    pub endpoint: &'a Endpoint,
    /// For a connection; the listener is always live while it is listed.
    pub status: ConnStatus,
    /// How the trace names it (`None`: unnamed, the side's first connection).
    pub label: Option<Conn>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ev {
    Link(LinkEvent),
    Timer {
        side: Side,
        /// The connection's index (timers belong to connections only).
        conn: usize,
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

/// The events to come, earliest `(at, order)` first: a list kept in that order (a new event
/// mostly goes at or near its end, found by a short search from there, and the next one
/// leaves from its front) instead of the binary heap it was, whose every pop sifted through
/// the tree (issue 15: 5 % of the loss sweep's time). Orders are unique, so the order is
/// total and the events leave in the heap's order.
#[derive(Debug, Default)]
struct EventQueue(VecDeque<Queued>);

impl Clone for EventQueue {
    fn clone(&self) -> EventQueue {
        EventQueue(self.0.clone())
    }
    fn clone_from(&mut self, src: &EventQueue) {
        self.0.clone_from(&src.0);
    }
}

impl EventQueue {
    fn push(&mut self, q: Queued) {
        let key = (q.at, q.order);
        // After every event that comes before it.
        let mut k = self.0.len();
        while k > 0 && (self.0[k - 1].at, self.0[k - 1].order) > key {
            k -= 1;
        }
        // Mostly last: `insert` there still calls the deque's shifting copy (of nothing).
        if k == self.0.len() {
            self.0.push_back(q);
        } else {
            self.0.insert(k, q);
        }
    }
    fn peek(&self) -> Option<&Queued> {
        self.0.front()
    }
    fn pop(&mut self) -> Option<Queued> {
        self.0.pop_front()
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The timer checks in the queue, one per `(side, connection, kind, deadline)`: a handful at a
/// time (a restarted timer's old check stays until it pops), so a list searched from the end
/// costs less than the `BTreeSet` it was (issue 15: the sweep inserts one per timer note).
#[derive(Default)]
struct TimerChecks(Vec<(Side, usize, TimerKind, Instant)>);

impl Clone for TimerChecks {
    fn clone(&self) -> TimerChecks {
        TimerChecks(self.0.clone())
    }
    fn clone_from(&mut self, src: &TimerChecks) {
        self.0.clone_from(&src.0);
    }
}

impl TimerChecks {
    /// Adds the check; false if it was there already.
    fn insert(&mut self, check: (Side, usize, TimerKind, Instant)) -> bool {
        if self.0.contains(&check) {
            return false;
        }
        self.0.push(check);
        true
    }
    fn remove(&mut self, check: &(Side, usize, TimerKind, Instant)) {
        if let Some(k) = self.0.iter().rposition(|c| c == check) {
            self.0.swap_remove(k);
        }
    }
}

impl core::fmt::Debug for TimerChecks {
    /// As the set it stands for, in order.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut sorted = self.0.clone();
        crate::sort::sort_by(&mut sorted, |a, b| a.cmp(b));
        f.debug_set().entries(sorted.iter()).finish()
    }
}

/// The simulator's side of [`LinkDriver`]: one queue for link events and timer checks (so FIFO
/// holds across both) and the trace.
struct Driver<'a> {
    now: Instant,
    queue: &'a mut EventQueue,
    order: &'a mut u64,
    trace: &'a mut Trace,
}

impl LinkDriver for Driver<'_> {
    fn schedule(&mut self, at: Instant, ev: LinkEvent) {
        *self.order += 1;
        self.queue.push(Queued {
            at,
            order: *self.order,
            ev: Ev::Link(ev),
        });
    }
    fn record(&mut self, kind: TraceKind) {
        self.trace.events.push(TraceEvent::new(self.now, kind));
    }
    #[inline(always)]
    fn record_with(&mut self, make: impl FnOnce() -> TraceKind) {
        let now = self.now;
        self.trace.push_with(|| TraceEvent::new(now, make()));
    }
}

/// Two hosts, a link, a virtual clock and the trace. `Clone` makes checkpoints cheap to take;
/// `clone_from` copies a run into another one's buffers without allocating them anew (the loss
/// sweep recycles its finished runs so, issue 15).
#[derive(Debug)]
pub struct Simulator {
    /// Shared, not copied, by clones (checkpoints, forked runs): never changes after `new`.
    scenario: Arc<Scenario>,
    now: Instant,
    hosts: [Host; 2],
    channel: Channel,
    queue: EventQueue,
    order: u64,
    timer_checks: TimerChecks,
    /// The scenario's actions in time order (shared by clones, like the scenario).
    pending: Arc<[TimedAction]>,
    next_pending: usize,
    log: Vec<TimedAction>,
    apps: [AppView; 2],
    /// A scripted `close_on_eof` reaction waits until the EOF's notes are all traced; it closes
    /// the connection that read the EOF.
    close_due: [Option<Sock>; 2],
    trace: Trace,
    events_run: u64,
    /// At most this many events ([`EVENT_BUDGET`] unless set).
    budget: u64,
    budget_hit: bool,
    /// The delivery texts of trace events that `clone_from` cut from this run's trace, kept to
    /// hold the previews of its next deliveries (the loss sweep recycles finished runs into the
    /// next forks, issue 15).
    spare_texts: SpareTexts,
}

/// At most this many [`Simulator::spare_texts`] (more than a lifecycle's deliveries).
const SPARE_TEXTS: usize = 64;

/// Strings kept for reuse, not part of a run's state: a clone starts without them and `Debug`
/// shows none of them, so two runs in the same state print the same.
#[derive(Default)]
struct SpareTexts(Vec<String>);

impl Clone for SpareTexts {
    fn clone(&self) -> SpareTexts {
        SpareTexts::default()
    }
}

impl core::fmt::Debug for SpareTexts {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SpareTexts")
    }
}

impl Clone for Simulator {
    fn clone(&self) -> Simulator {
        Simulator {
            scenario: self.scenario.clone(),
            now: self.now,
            hosts: self.hosts.clone(),
            channel: self.channel.clone(),
            queue: self.queue.clone(),
            order: self.order,
            timer_checks: self.timer_checks.clone(),
            pending: self.pending.clone(),
            next_pending: self.next_pending,
            log: self.log.clone(),
            apps: self.apps.clone(),
            close_due: self.close_due,
            trace: self.trace.clone(),
            events_run: self.events_run,
            budget: self.budget,
            budget_hit: self.budget_hit,
            spare_texts: SpareTexts::default(),
        }
    }
    fn clone_from(&mut self, src: &Simulator) {
        self.clone_from_after(src, 0);
    }
}

impl Simulator {
    /// `clone_from` for a run that shares its first `shared` trace events with `src` (both forked
    /// from one run after those events, as the loss sweep's branches are): those events are not
    /// copied again ([`Trace::clone_from_after`]).
    pub fn clone_from_after(&mut self, src: &Simulator, shared: usize) {
        let Simulator {
            scenario,
            now,
            hosts,
            channel,
            queue,
            order,
            timer_checks,
            pending,
            next_pending,
            log,
            apps,
            close_due,
            trace,
            events_run,
            budget,
            budget_hit,
            spare_texts: _,
        } = src;
        self.scenario.clone_from(scenario);
        self.now.clone_from(now);
        self.hosts.clone_from(hosts);
        // The payloads of the transmissions after `src`'s last are cut: their buffers go to the
        // endpoints for their next payloads and deliveries.
        let mine = &mut self.hosts;
        self.channel
            .take_payloads_after(channel.transmissions().len(), |side, buf| {
                mine[side.index()].give_buffer(buf);
            });
        self.channel.clone_from(channel);
        self.queue.clone_from(queue);
        self.order.clone_from(order);
        self.timer_checks.clone_from(timer_checks);
        self.pending.clone_from(pending);
        self.next_pending.clone_from(next_pending);
        self.log.clone_from(log);
        self.apps.clone_from(apps);
        self.close_due.clone_from(close_due);
        // The events after `src`'s last are cut: their delivery texts are kept for reuse. Taken
        // where they lie (moving each 128-byte event out to look at it cost more than the rest
        // of the cut, issue 15); `Trace::clone_from_after` drops the events.
        if let Some(cut) = self.trace.events.get_mut(trace.events.len()..) {
            for e in cut {
                if self.spare_texts.0.len() >= SPARE_TEXTS {
                    break;
                }
                if let TraceKind::Deliver { data, .. } = &mut e.kind {
                    self.spare_texts.0.push(core::mem::take(data));
                }
            }
        }
        self.trace.clone_from_after(trace, shared);
        self.events_run.clone_from(events_run);
        self.budget.clone_from(budget);
        self.budget_hit.clone_from(budget_hit);
    }
}

impl Simulator {
    /// A simulation at t = 0 with nothing run yet (the scenario's actions at 0 run on the first
    /// step). A scenario whose configuration turns a broken-TCP switch on starts its trace with
    /// one `switch` event per switch.
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
        crate::sort::sort_by_key(&mut pending, |a| a.at);
        // Room for a short lifecycle's events from the start (a few dozen segments, each with
        // its send, its arrival and the timer, state and delivery events around it; 38 KB): the
        // trace is not copied while doubling up to there, nor by a clone that runs on (`Trace`
        // keeps its capacity when cloned).
        let mut trace = Trace {
            events: Vec::with_capacity(256),
        };
        for side in Side::BOTH {
            for switch in scenario.config(side).counterfactual.iter() {
                trace.events.push(TraceEvent::new(
                    Instant::ZERO,
                    TraceKind::Switch {
                        side,
                        switch,
                        on: true,
                    },
                ));
            }
        }
        Ok(Simulator {
            scenario: Arc::new(scenario.clone()),
            now: Instant::ZERO,
            hosts: [
                Host::new(
                    scenario.client.clone(),
                    addrs[0],
                    client_seed,
                    scenario.apps[0].keep_listening,
                ),
                Host::new(
                    scenario.server.clone(),
                    addrs[1],
                    server_seed,
                    scenario.apps[1].keep_listening,
                ),
            ],
            channel: Channel::new(scenario),
            queue: EventQueue::default(),
            order: 0,
            timer_checks: TimerChecks::default(),
            pending: Arc::from(pending),
            next_pending: 0,
            log: Vec::new(),
            apps: [AppView::default(), AppView::default()],
            close_due: [None; 2],
            trace,
            events_run: 0,
            budget: EVENT_BUDGET,
            budget_hit: false,
            spare_texts: SpareTexts::default(),
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
    /// The side's current connection — the simple per-side view: its newest connection (live or
    /// ended), else its listener, else a CLOSED endpoint. [`Simulator::sockets`] lists all.
    pub fn endpoint(&self, side: Side) -> &Endpoint {
        let h = &self.hosts[side.index()];
        h.ep(h.primary())
    }
    /// Every socket of a side: its listener (if it has one), then its connections from #1 in
    /// the order they were created, ended ones included.
    pub fn sockets(&self, side: Side) -> Vec<SocketView<'_>> {
        let h = &self.hosts[side.index()];
        let mut out = Vec::new();
        if let Some(l) = &h.listener {
            out.push(SocketView {
                conn: Conn::Listener,
                endpoint: l,
                status: ConnStatus::Live,
                label: h.label(Sock::Listener),
            });
        }
        for (i, (ep, status)) in h.conns.iter().enumerate() {
            out.push(SocketView {
                conn: Conn::Number(i as u32 + 1),
                endpoint: ep,
                status: *status,
                label: h.label(Sock::Conn(i)),
            });
        }
        out
    }
    /// The side's listener, while it has one.
    pub fn listener(&self, side: Side) -> Option<&Endpoint> {
        self.hosts[side.index()].listener.as_ref()
    }
    /// The side's connection number `n` (from 1), live or ended.
    pub fn connection(&self, side: Side, n: u32) -> Option<&Endpoint> {
        let i = (n as usize).checked_sub(1)?;
        self.hosts[side.index()].conns.get(i).map(|(e, _)| e)
    }
    /// Whether the side's host is up (not crashed, or rebooted since).
    pub fn is_up(&self, side: Side) -> bool {
        self.hosts[side.index()].up
    }
    /// The socket address of one side.
    pub fn addr(&self, side: Side) -> SocketAddrV4 {
        self.hosts[side.index()].local
    }
    /// The link.
    pub fn channel(&self) -> &Channel {
        &self.channel
    }
    /// One-way latency for segments sent by `side`.
    pub fn latency(&self, side: Side) -> Duration {
        self.channel.latency(side)
    }
    /// Random loss probability for segments sent by `side`.
    pub fn loss(&self, side: Side) -> f64 {
        self.channel.loss(side)
    }
    /// Faults armed for the next segments `side` sends, first one first.
    pub fn armed(&self, side: Side) -> impl Iterator<Item = Fault> + '_ {
        self.channel.armed(side)
    }
    /// What the application on `side` has seen.
    pub fn app(&self, side: Side) -> &AppView {
        &self.apps[side.index()]
    }
    /// Every transmission so far, in the order they appeared on the link.
    pub fn transmissions(&self) -> &[Transmission] {
        self.channel.transmissions()
    }
    pub fn transmission(&self, id: TxId) -> Option<&Transmission> {
        self.channel.transmission(id)
    }
    /// Transmissions moving or held on the link, in the order they were sent.
    pub fn in_flight(&self) -> impl Iterator<Item = &Transmission> + '_ {
        self.channel.in_flight()
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
                Ev::Link(ev) => self.channel.is_stale(ev),
                Ev::Timer {
                    side,
                    conn,
                    kind,
                    deadline,
                } => !self.timer_is_due(side, conn, kind, deadline),
            };
            if !stale {
                return;
            }
            if let Ev::Timer {
                side,
                conn,
                kind,
                deadline,
            } = q.ev
            {
                self.timer_checks.remove(&(side, conn, kind, deadline));
            }
            self.queue.pop();
        }
    }

    fn timer_is_due(&self, side: Side, conn: usize, kind: TimerKind, deadline: Instant) -> bool {
        let h = &self.hosts[side.index()];
        h.conns
            .get(conn)
            .and_then(|(e, _)| e.timer(kind))
            .map(|t| t.deadline)
            == Some(deadline)
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
        let mut s = Scenario::clone(&self.scenario);
        let mut all = s.actions.clone();
        crate::sort::sort_by_key(&mut all, |a| a.at);
        all.extend(self.log.iter().cloned());
        // Stable: at equal times the file's actions ran first, then the interactive ones.
        crate::sort::sort_by_key(&mut all, |a| a.at);
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

    /// The link with its driver (the queue and the trace).
    fn link<R>(&mut self, f: impl FnOnce(&mut Channel, &mut Driver<'_>) -> R) -> R {
        let mut d = Driver {
            now: self.now,
            queue: &mut self.queue,
            order: &mut self.order,
            trace: &mut self.trace,
        };
        f(&mut self.channel, &mut d)
    }

    fn do_action(&mut self, action: &Action) -> Result<(), ActionError> {
        let now = self.now;
        match action {
            Action::Call { side, call } => {
                if !self.hosts[side.index()].up {
                    return Err(ActionError::HostDown(*side));
                }
                self.user_call(*side, call);
                Ok(())
            }
            Action::Fault { target, fault } => {
                self.link(|c, d| c.fault(now, *target, *fault, FaultSource::User, d))
            }
            Action::Release { target } => self.link(|c, d| c.release(now, *target, d)),
            Action::Arm { side, fault } => {
                self.link(|c, d| c.arm(*side, *fault, d));
                Ok(())
            }
            Action::SetLoss { side, probability } => {
                self.link(|c, d| c.set_loss(*side, *probability, d))
            }
            Action::Inject { side, segment } => {
                let seg = self.hand_made(*side, segment)?;
                let snapshots = [self.snapshot(Side::Client), self.snapshot(Side::Server)];
                self.link(|c, d| c.inject(now, *side, seg, snapshots, d));
                Ok(())
            }
            Action::OldDuplicate { of } => {
                self.link(|c, d| c.old_duplicate(now, *of, d)).map(|_| ())
            }
            Action::Crash { side } => self.crash(*side),
            Action::Reboot { side } => {
                let h = &mut self.hosts[side.index()];
                if h.up {
                    return Err(ActionError::HostUp(*side));
                }
                h.up = true;
                self.apps[side.index()].close_called = false;
                self.push(TraceKind::Reboot { side: *side });
                Ok(())
            }
            Action::Counterfactual { side, switch, on } => {
                self.hosts[side.index()].set_counterfactual(*switch, *on);
                self.push(TraceKind::Switch {
                    side: *side,
                    switch: *switch,
                    on: *on,
                });
                Ok(())
            }
        }
    }

    /// The segment an `inject` describes, its numbers read from the TCBs now.
    fn hand_made(&self, side: Side, spec: &Inject) -> Result<Segment, ActionError> {
        let number = |s: SeqSpec| -> Result<SeqNumber, ActionError> {
            match s {
                SeqSpec::Absolute(n) => Ok(SeqNumber(n)),
                SeqSpec::Relative {
                    side: of,
                    var,
                    offset,
                } => {
                    let missing = ActionError::NoTcbVariable { side: of, var };
                    let tcb = self.endpoint(of).tcb().ok_or(missing.clone())?;
                    let base = match var {
                        TcbVar::Iss => Some(tcb.iss),
                        TcbVar::Irs => tcb.irs,
                        TcbVar::SndUna => Some(tcb.snd_una),
                        TcbVar::SndNxt => Some(tcb.snd_nxt),
                        TcbVar::RcvNxt => tcb.rcv_nxt,
                    }
                    .ok_or(missing)?;
                    // Modulo 2^32 (RFC 9293 §3.4).
                    Ok(SeqNumber(base.0.wrapping_add(offset as u32)))
                }
            }
        };
        let me = &self.hosts[side.index()];
        Ok(Segment {
            src_port: spec.src_port.unwrap_or(me.local.port()),
            dst_port: spec
                .dst_port
                .unwrap_or(self.hosts[side.peer().index()].local.port()),
            seq: number(spec.seq)?,
            ack: number(spec.ack)?,
            flags: spec.flags,
            window: spec.window.unwrap_or(me.config.window),
            urgent: 0,
            mss: spec.mss,
            payload: spec.data.as_ref().map(SendData::bytes).unwrap_or_default(),
        })
    }

    /// The host of `side` crashes: each socket notes its change to CLOSED (cause `crash`) and
    /// its timers stopping; nothing is sent and the application hears nothing.
    fn crash(&mut self, side: Side) -> Result<(), ActionError> {
        let s = side.index();
        if !self.hosts[s].up {
            return Err(ActionError::HostDown(side));
        }
        self.hosts[s].up = false;
        self.close_due[s] = None;
        self.push(TraceKind::Crash { side });
        let now = self.now;
        for i in 0..self.hosts[s].conns.len() {
            if self.hosts[s].conns[i].1 == ConnStatus::Live {
                self.hosts[s].conns[i].0.crash(now);
                self.drain_notes(side, Sock::Conn(i), None);
                self.hosts[s].refresh(Sock::Conn(i));
            }
        }
        // A one-connection listener whose connection was alive was part of it: it goes with
        // it, silently (the refresh after the connection's crash removed it already).
        if let Some(l) = &mut self.hosts[s].listener {
            l.crash(now);
            self.drain_notes(side, Sock::Listener, None);
            self.hosts[s].listener = None;
        }
        Ok(())
    }

    /// Where a user call goes (creating the socket it needs): LISTEN makes a listener, CONNECT
    /// a new connection (or turns the listener active, RFC 9293 §3.10.1), both refused by a
    /// live connection; the other calls go to the newest live connection, else the listener.
    fn call_target(&mut self, side: Side, call: &UserCall) -> Sock {
        let h = &mut self.hosts[side.index()];
        let target = h.call_target();
        let live = match target {
            Sock::Conn(i) => h.conns.get(i).is_some_and(|(_, s)| *s == ConnStatus::Live),
            _ => false,
        };
        match call {
            UserCall::Listen if h.listener.is_none() && !live => {
                h.listener = Some(h.fresh());
                Sock::Listener
            }
            UserCall::Connect if !live => {
                // "change the connection from passive to active": the listener becomes it.
                let ep = h.listener.take().unwrap_or_else(|| h.fresh());
                h.new_conn(ep, false)
            }
            _ => target,
        }
    }

    fn user_call(&mut self, side: Side, call: &UserCall) {
        let sock = self.call_target(side, call);
        self.call_on(side, sock, call);
    }

    fn call_on(&mut self, side: Side, sock: Sock, call: &UserCall) {
        let at = self.trace.events.len();
        self.push_on(side, sock, || TraceKind::Call {
            side,
            call: call.clone(),
            error: None,
        });
        let now = self.now;
        let peer = self.hosts[side.peer().index()].local;
        let h = &mut self.hosts[side.index()];
        h.lend_isn(sock);
        let app = &mut self.apps[side.index()];
        let result = match call {
            // A SEND's bytes go into the application's record first (a pattern is made right
            // there), and the endpoint copies them from it; taken back if it refuses the call.
            UserCall::Send(d) => {
                let start = app.sent.len();
                d.append_to(&mut app.sent);
                let result = h.ep_mut(sock).send(now, &app.sent[start..]);
                if result.is_err() {
                    app.sent.truncate(start);
                }
                result
            }
            _ => h.ep_mut(sock).call(now, peer, call),
        };
        h.take_isn(sock);
        match (result, call) {
            (Err(e), _) => self.set_call_error(at, e),
            (Ok(()), UserCall::Send(_)) => {}
            (Ok(()), UserCall::Close) => app.close_called = true,
            (Ok(()), UserCall::Listen | UserCall::Connect) => app.close_called = false,
            (Ok(()), UserCall::Abort) => {}
        }
        self.drain(side, sock, None);
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
        self.trace.events.push(TraceEvent::new(self.now, kind));
    }

    /// An event about one socket, named as the trace names it.
    /// `make` builds the event's kind in the trace's list ([`Trace::push_with`]).
    #[inline(always)]
    fn push_on(&mut self, side: Side, sock: Sock, make: impl FnOnce() -> TraceKind) {
        let conn = self.hosts[side.index()].label(sock);
        let t = self.now;
        self.trace.push_with(|| TraceEvent {
            t,
            kind: make(),
            conn,
        });
    }

    fn run_event(&mut self, ev: Ev) {
        match ev {
            Ev::Link(ev) => {
                let now = self.now;
                if let Some(i) = self.link(|c, d| c.handle(now, ev, d)) {
                    self.arrive(i);
                }
            }
            Ev::Timer {
                side,
                conn,
                kind,
                deadline,
            } => {
                self.timer_checks.remove(&(side, conn, kind, deadline));
                if self.timer_is_due(side, conn, kind, deadline) {
                    let now = self.now;
                    let sock = Sock::Conn(conn);
                    self.hosts[side.index()].ep_mut(sock).handle_timeout(now);
                    self.drain(side, sock, None);
                }
            }
        }
    }

    /// Transmission `i` reaches its receiver: the host demultiplexes it (a SYN at the listener
    /// opens a new connection), or loses it if it is down.
    fn arrive(&mut self, i: usize) {
        let now = self.now;
        let tx = &self.channel.transmissions()[i];
        let to = tx.to();
        let src = SocketAddrV4::new(tx.from.addr(), tx.segment.src_port);
        let h = &mut self.hosts[to.index()];
        if !h.up {
            self.link(|c, d| c.lose(now, i, FaultSource::HostDown, d));
            return;
        }
        let seg = &tx.segment;
        let mut sock = h.demux(src, seg);
        let opens = seg.flags.syn() && !seg.flags.ack() && !seg.flags.rst();
        if sock == Sock::Listener && opens {
            // The listener answers in a new connection, a copy of itself (so its first change
            // reads LISTEN → SYN-RECEIVED); the listener stays.
            if let Some(l) = h.listener.clone() {
                sock = h.new_conn(l, true);
            }
        }
        let at = self.trace.events.len();
        self.link(|c, d| c.deliver(now, i, d));
        let conn = self.hosts[to.index()].label(sock);
        if let Some(e) = self.trace.events.get_mut(at) {
            e.conn = conn;
        }
        let h = &mut self.hosts[to.index()];
        h.lend_isn(sock);
        // The receiver reads the segment where the link holds it: no copy of the payload.
        h.ep_mut(sock)
            .handle_segment(now, src, &self.channel.transmissions()[i].segment);
        h.take_isn(sock);
        self.drain(to, sock, Some(at));
    }

    /// Drains one socket's outputs in trace order (see the module documentation).
    fn drain(&mut self, side: Side, sock: Sock, arrive_event: Option<usize>) {
        let s = side.index();
        loop {
            // Application events come through the notes (`Note::Event`), in causal order among
            // the state changes; the hosts' endpoints keep no second copy for `poll_event`
            // (`Host::fresh`).
            let mut progressed = self.drain_notes(side, sock, arrive_event);
            if let Some(due) = self.close_due[s].take() {
                // The scripted application closes as soon as it reads EOF, before the owed ACK
                // leaves, so the FIN rides on it.
                self.call_on(side, due, &UserCall::Close);
                progressed = true;
            }
            let now = self.now;
            while let Some(t) = self.hosts[s].ep_mut(sock).poll_transmit(now) {
                progressed = true;
                self.transmit(side, sock, t);
                self.drain_notes(side, sock, arrive_event);
            }
            if !progressed {
                break;
            }
        }
        // A timer the notes did not announce still gets its check.
        if let Sock::Conn(conn) = sock {
            // At most one of each kind: copied out to a small array, no allocation.
            let mut timers = [None; 4];
            for (slot, t) in timers.iter_mut().zip(self.hosts[s].ep(sock).timers()) {
                *slot = Some(t);
            }
            for t in timers.into_iter().flatten() {
                self.schedule_timer(side, conn, t.kind, t.deadline);
            }
        }
        self.hosts[s].refresh(sock);
    }

    fn schedule_timer(&mut self, side: Side, conn: usize, kind: TimerKind, deadline: Instant) {
        if self.timer_checks.insert((side, conn, kind, deadline)) {
            self.schedule(
                deadline.max(self.now),
                Ev::Timer {
                    side,
                    conn,
                    kind,
                    deadline,
                },
            );
        }
    }

    /// Turns the endpoint's notes into trace events; whether there were any. Many calls find
    /// none (`drain` asks after every segment sent and once more before it stops): they return
    /// here, inlined, without the loop's frame (1.1 % of the loss sweep's instructions, issue 15).
    #[inline]
    fn drain_notes(&mut self, side: Side, sock: Sock, arrive_event: Option<usize>) -> bool {
        self.hosts[side.index()].ep(sock).has_notes()
            && self.drain_some_notes(side, sock, arrive_event)
    }

    fn drain_some_notes(&mut self, side: Side, sock: Sock, arrive_event: Option<usize>) -> bool {
        let mut any = false;
        while let Some(note) = self.hosts[side.index()].ep_mut(sock).poll_note() {
            any = true;
            match note {
                Note::State {
                    from,
                    to,
                    cause,
                    role,
                } => self.push_on(side, sock, || TraceKind::State {
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
                    if let (TimerAction::Set | TimerAction::Restart, Sock::Conn(conn)) =
                        (action, sock)
                    {
                        self.schedule_timer(side, conn, kind, deadline);
                    }
                    self.push_on(side, sock, || TraceKind::Timer {
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
                        RtoChange::Sample { seq, .. } => self.channel.last_with_seq(side, seq),
                        _ => None,
                    };
                    self.push_on(side, sock, || TraceKind::Rto {
                        side,
                        change,
                        from,
                        rto,
                        timed,
                    });
                }
                Note::Event(ev) => self.app_event(side, sock, ev),
                Note::NotTcp(switch) => {
                    self.push_on(side, sock, || TraceKind::NotTcp { side, switch });
                }
            }
        }
        any
    }

    fn app_event(&mut self, side: Side, sock: Sock, ev: Event) {
        let app = &mut self.apps[side.index()];
        let event = match ev {
            Event::Data(bytes) => {
                app.received.extend_from_slice(&bytes);
                let total = app.received.len() as u64;
                let mut data = self.spare_texts.0.pop().unwrap_or_default();
                preview_into(&bytes, &mut data);
                let len = bytes.len() as u32;
                self.push_on(side, sock, || TraceKind::Deliver {
                    side,
                    len,
                    total,
                    data,
                });
                // Read: the endpoint makes a later delivery or payload in it.
                self.hosts[side.index()].ep_mut(sock).give_buffer(bytes);
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
        self.push_on(side, sock, || TraceKind::App { side, event });
        if event == AppEvent::EndOfStream
            && self.scenario.apps[side.index()].close_on_eof
            && !self.apps[side.index()].close_called
        {
            self.close_due[side.index()] = Some(sock);
        }
    }

    fn transmit(&mut self, side: Side, sock: Sock, t: Transmit) {
        // The sender's socket as it is after this segment; the peer's current connection.
        let ep = self.hosts[side.index()].ep(sock);
        let mine = Snapshot {
            state: ep.state(),
            tcb: ep.tcb(),
        };
        let peer = self.snapshot(side.peer());
        let snapshots = match side {
            Side::Client => [mine, peer],
            Side::Server => [peer, mine],
        };
        let now = self.now;
        let at = self.trace.events.len();
        self.link(|c, d| c.send(now, side, t, snapshots, d));
        let conn = self.hosts[side.index()].label(sock);
        if let Some(e) = self.trace.events.get_mut(at) {
            e.conn = conn;
        }
    }

    /// A side's current connection, as the inspector shows it.
    fn snapshot(&self, side: Side) -> Snapshot {
        let ep = self.endpoint(side);
        Snapshot {
            state: ep.state(),
            tcb: ep.tcb(),
        }
    }
}

/// Which switches are on for `side` in this simulation now.
impl Simulator {
    pub fn counterfactuals(&self, side: Side) -> crate::config::Counterfactuals {
        self.hosts[side.index()].config.counterfactual
    }
    /// Whether any broken-TCP switch is on now.
    pub fn is_counterfactual(&self) -> bool {
        Side::BOTH
            .into_iter()
            .any(|s| !self.counterfactuals(s).is_empty())
    }
    /// The switch named, on or off for `side`.
    pub fn has_counterfactual(&self, side: Side, switch: Counterfactual) -> bool {
        self.counterfactuals(side).contains(switch)
    }
}
