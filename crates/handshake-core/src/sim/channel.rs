//! The link between the two hosts: one-way latency, the scenario's fault rules, armed faults,
//! random loss from seeded streams, hold and release, link duplicates, hand-made segments, old
//! duplicates and the MSL — every transmission with its id and fate.
//!
//! A [`Channel`] is sans-IO like the rest of the core: it never runs by itself. Whoever drives it
//! (the [`super::Simulator`], or a bridge to an outside TCP) owns the clock and one event queue,
//! and implements [`LinkDriver`]: the channel asks it to schedule its [`LinkEvent`]s (FIFO among
//! equal times, in the order asked) and to record what the link did as trace events. When a
//! [`LinkEvent`] comes due, the driver hands it back to [`Channel::handle`], which says whether a
//! transmission reaches its receiver now; the driver then gives it to the receiver and calls
//! [`Channel::deliver`] (or [`Channel::lose`] when the receiver cannot take it).
//!
//! Faults chosen by a rule, an armed fault or random loss are decided when an endpoint's segment
//! is sent and take effect in the middle of its flight. Random loss draws one number per endpoint
//! transmission from a stream per direction; link copies, hand-made segments and old duplicates
//! draw none, so adding them never changes which other segments are lost.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;

use crate::endpoint::{Tcb, Transmit};
use crate::rng::Rng;
use crate::scenario::{FaultRule, Match, Scenario};
use crate::segment::Segment;
use crate::seq::SeqNumber;
use crate::state::State;
use crate::time::{Duration, Instant};
use crate::trace::{SegmentInfo, TraceKind};
use crate::vocab::{ActionError, Fault, FaultSource, Side, TxId};

/// Streams of [`Rng::derive`] drawn from the scenario seed for random loss.
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

/// One segment on the link: an endpoint transmission, a link-level copy of one, a hand-made
/// segment or an old duplicate.
#[derive(Debug, PartialEq)]
pub struct Transmission {
    pub id: TxId,
    pub from: Side,
    pub segment: Segment,
    /// The TCP checksum the segment has on the wire (IPv4 pseudo-header included).
    pub checksum: u16,
    /// When it left its sender (for a link copy: when the link made it; for an old duplicate:
    /// when the transmission it copies left).
    pub sent_at: Instant,
    /// When it arrives if nothing else happens (for a held one: as if released now).
    pub arrival: Instant,
    pub status: TxStatus,
    /// The earlier transmission from the same side with the same SEG.SEQ that this repeats.
    pub retransmission_of: Option<TxId>,
    /// For a link copy or an old duplicate: the transmission it copies.
    pub duplicate_of: Option<TxId>,
    /// Total delay added by faults.
    pub delay_added: Duration,
    /// Wireshark-style relative numbers, fixed at send time.
    pub rel_seq: u32,
    pub rel_ack: u32,
    /// Both endpoints just after this segment left (index with [`Side::index`]).
    pub snapshots: [Snapshot; 2],
    /// When the transmission it is (or copies) first left: its age is counted from here.
    born: Instant,
    /// Moving time the whole flight needs (latency plus delays).
    flight: Duration,
    /// Moving time already done before `resumed_at`.
    moved: Duration,
    /// When it last started moving.
    resumed_at: Instant,
    /// Bumped whenever its arrival is rescheduled; stale arrival events carry an older epoch.
    epoch: u32,
}

impl Clone for Transmission {
    fn clone(&self) -> Transmission {
        Transmission {
            segment: self.segment.clone(),
            ..*self
        }
    }
    /// Into `self`'s payload buffer (a recycled run of the loss sweep, issue 15).
    fn clone_from(&mut self, src: &Transmission) {
        let Transmission {
            id,
            from,
            segment,
            checksum,
            sent_at,
            arrival,
            status,
            retransmission_of,
            duplicate_of,
            delay_added,
            rel_seq,
            rel_ack,
            snapshots,
            born,
            flight,
            moved,
            resumed_at,
            epoch,
        } = src;
        self.segment.clone_from(segment);
        self.id = *id;
        self.from = *from;
        self.checksum = *checksum;
        self.sent_at = *sent_at;
        self.arrival = *arrival;
        self.status = *status;
        self.retransmission_of = *retransmission_of;
        self.duplicate_of = *duplicate_of;
        self.delay_added = *delay_added;
        self.rel_seq = *rel_seq;
        self.rel_ack = *rel_ack;
        self.snapshots = *snapshots;
        self.born = *born;
        self.flight = *flight;
        self.moved = *moved;
        self.resumed_at = *resumed_at;
        self.epoch = *epoch;
    }
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
    /// How long ago, at `now`, the transmission it is (or copies) first left.
    pub fn age(&self, now: Instant) -> Duration {
        now.saturating_since(self.born)
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

/// For an endpoint transmission `C<n>`/`S<n>` (n ≥ 1): its place `n − 1` in
/// `Channel::sent`.
fn sent_place(id: TxId) -> Option<usize> {
    if id == TxId::new(id.side, id.n) {
        usize::try_from(id.n).ok()?.checked_sub(1)
    } else {
        None
    }
}

/// Something the channel scheduled, handed back to [`Channel::handle`] when it comes due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkEvent {
    /// Transmission `tx` reaches the end of its flight (unless its epoch moved on).
    Arrive { tx: usize, epoch: u32 },
    /// A fault decided at send time takes effect in mid-flight.
    Effect {
        tx: usize,
        fault: Fault,
        source: FaultSource,
    },
}

/// What a [`Channel`] needs from whoever drives it.
pub trait LinkDriver {
    /// Schedules `ev` at `at`; events at equal times come back in the order they were
    /// scheduled (among everything else the driver schedules).
    fn schedule(&mut self, at: Instant, ev: LinkEvent);
    /// Records what the link did now.
    fn record(&mut self, kind: TraceKind);
    /// [`LinkDriver::record`] of what `make` builds: a driver may build it where it keeps it
    /// (the simulator's trace), instead of building it and moving it there.
    fn record_with(&mut self, make: impl FnOnce() -> TraceKind) {
        self.record(make());
    }
}

/// The link: every transmission and what happens to it. `Clone` for checkpoints (a clone's
/// lists of transmissions keep their capacity, see `Clone`).
#[derive(Debug)]
pub struct Channel {
    latency: [Duration; 2],
    loss: [f64; 2],
    loss_rng: [Rng; 2],
    /// The MSL of each side's configuration (what `enforce_msl` holds its segments to).
    msl: [Duration; 2],
    enforce_msl: bool,
    rules: Vec<FaultRule>,
    rule_counts: Vec<u32>,
    armed: [VecDeque<Fault>; 2],
    txs: Vec<Transmission>,
    /// Indices of the transmissions moving or held, ascending.
    active: Vec<usize>,
    /// Where each endpoint transmission `C<n>`/`S<n>` is: `sent[side][n − 1]` (they are
    /// numbered 1, 2, 3 … in the order they are sent).
    sent: [Vec<usize>; 2],
    /// Where every other transmission is (hand-made segments, link copies, old duplicates).
    others: BTreeMap<TxId, usize>,
    next_n: [u32; 2],
    next_injected: [u32; 2],
    copies: BTreeMap<TxId, u8>,
    base: [Option<SeqNumber>; 2],
}

/// A copy of `v` with `v`'s capacity (`Vec::clone` allocates exactly the length).
fn clone_keeping_capacity<T: Clone>(v: &Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(v.capacity());
    out.extend(v.iter().cloned());
    out
}

impl Clone for Channel {
    /// The lists that grow with every transmission keep their capacity: a clone of a running
    /// simulation (a checkpoint run on, a forked run of the loss sweep) sends its next segment
    /// without first copying every transmission so far into a bigger list.
    fn clone(&self) -> Channel {
        Channel {
            latency: self.latency,
            loss: self.loss,
            loss_rng: self.loss_rng.clone(),
            msl: self.msl,
            enforce_msl: self.enforce_msl,
            rules: self.rules.clone(),
            rule_counts: self.rule_counts.clone(),
            armed: self.armed.clone(),
            txs: clone_keeping_capacity(&self.txs),
            active: clone_keeping_capacity(&self.active),
            sent: [
                clone_keeping_capacity(&self.sent[0]),
                clone_keeping_capacity(&self.sent[1]),
            ],
            others: self.others.clone(),
            next_n: self.next_n,
            next_injected: self.next_injected,
            copies: self.copies.clone(),
            base: self.base,
        }
    }

    /// Into `self`'s lists (a recycled run of the loss sweep, issue 15): each transmission's
    /// payload goes into the buffer of the one at its place.
    fn clone_from(&mut self, src: &Channel) {
        let Channel {
            latency,
            loss,
            loss_rng,
            msl,
            enforce_msl,
            rules,
            rule_counts,
            armed,
            txs,
            active,
            sent,
            others,
            next_n,
            next_injected,
            copies,
            base,
        } = src;
        self.latency.clone_from(latency);
        self.loss.clone_from(loss);
        self.loss_rng.clone_from(loss_rng);
        self.msl.clone_from(msl);
        self.enforce_msl.clone_from(enforce_msl);
        self.rules.clone_from(rules);
        self.rule_counts.clone_from(rule_counts);
        self.armed.clone_from(armed);
        self.txs.clone_from(txs);
        self.active.clone_from(active);
        self.sent.clone_from(sent);
        self.others.clone_from(others);
        self.next_n.clone_from(next_n);
        self.next_injected.clone_from(next_injected);
        self.copies.clone_from(copies);
        self.base.clone_from(base);
    }
}

impl Channel {
    /// The link of `scenario`: its latency, loss, rules and MSL enforcement.
    pub fn new(scenario: &Scenario) -> Channel {
        let net = &scenario.net;
        Channel {
            latency: net.latency,
            loss: net.loss,
            loss_rng: [
                Rng::derive(scenario.seed, STREAM_LOSS_FROM_CLIENT),
                Rng::derive(scenario.seed, STREAM_LOSS_FROM_SERVER),
            ],
            msl: [scenario.client.msl, scenario.server.msl],
            enforce_msl: net.enforce_msl,
            rules: scenario.faults.clone(),
            rule_counts: alloc::vec![0; scenario.faults.len()],
            armed: [VecDeque::new(), VecDeque::new()],
            // Room for a short lifecycle's segments (as the trace's events, `Simulator::new`).
            txs: Vec::with_capacity(64),
            active: Vec::new(),
            sent: [Vec::new(), Vec::new()],
            others: BTreeMap::new(),
            next_n: [0, 0],
            next_injected: [0, 0],
            copies: BTreeMap::new(),
            base: [None, None],
        }
    }

    // ----- getters -------------------------------------------------------------------------

    /// One-way latency for segments sent by `side`.
    pub fn latency(&self, side: Side) -> Duration {
        self.latency[side.index()]
    }
    /// Random loss probability for segments sent by `side`.
    pub fn loss(&self, side: Side) -> f64 {
        self.loss[side.index()]
    }
    /// Whether segments older than their sender's MSL are dropped.
    pub fn enforces_msl(&self) -> bool {
        self.enforce_msl
    }
    /// Faults armed for the next segments `side` sends, first one first.
    pub fn armed(&self, side: Side) -> impl Iterator<Item = Fault> + '_ {
        self.armed[side.index()].iter().copied()
    }
    /// Every transmission so far, in the order they appeared on the link.
    pub fn transmissions(&self) -> &[Transmission] {
        &self.txs
    }
    pub fn transmission(&self, id: TxId) -> Option<&Transmission> {
        self.index_of(id).and_then(|i| self.txs.get(i))
    }
    /// Transmissions moving or held on the link, in the order they were sent.
    pub fn in_flight(&self) -> impl Iterator<Item = &Transmission> + '_ {
        self.active.iter().filter_map(|&i| self.txs.get(i))
    }
    /// The endpoint's latest transmission with this SEG.SEQ (the one an RTT sample timed).
    pub fn last_with_seq(&self, side: Side, seq: SeqNumber) -> Option<TxId> {
        // Searched from the newest back: the segment asked about is in the latest flight (a
        // timed one) or is the one a retransmission repeats, a few transmissions back.
        self.sent[side.index()]
            .iter()
            .rev()
            .map(|&i| &self.txs[i])
            .find(|t| t.segment.seq == seq && t.segment.seq_len() > 0)
            .map(|t| t.id)
    }

    fn lookup(&self, id: TxId) -> Result<usize, ActionError> {
        self.index_of(id)
            .ok_or(ActionError::UnknownTransmission(id))
    }

    /// Where transmission `id` is in [`Channel::transmissions`].
    fn index_of(&self, id: TxId) -> Option<usize> {
        match sent_place(id) {
            Some(k) => self.sent[id.side.index()].get(k).copied(),
            None => self.others.get(&id).copied(),
        }
    }

    // ----- putting segments on the wire ----------------------------------------------------

    /// The payloads of the transmissions after the first `keep`, taken out of them for reuse
    /// with their senders (a recycled run of the loss sweep cuts those transmissions next,
    /// issue 15).
    pub(crate) fn take_payloads_after(&mut self, keep: usize, mut give: impl FnMut(Side, Vec<u8>)) {
        if let Some(cut) = self.txs.get_mut(keep..) {
            for t in cut {
                if t.segment.payload.capacity() > 0 {
                    give(t.from, core::mem::take(&mut t.segment.payload));
                }
            }
        }
    }

    /// An endpoint of `side` sends `t` now. Decides the segment's fault (armed, then the first
    /// matching rule, then random loss), records `send` and schedules the fault's effect and
    /// the arrival. Returns the transmission's index.
    pub fn send(
        &mut self,
        now: Instant,
        side: Side,
        t: Transmit,
        snapshots: [Snapshot; 2],
        d: &mut impl LinkDriver,
    ) -> usize {
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
        let (rel_seq, rel_ack) = self.relative(side, &segment);
        let retransmission_of = if retransmission {
            self.last_with_seq(side, segment.seq)
        } else {
            None
        };
        let latency = self.latency[s];
        let checksum = crate::wire::tcp_checksum(&segment, side.addr(), side.peer().addr());

        // Decide the link's fault now; it takes effect in the middle of the flight.
        let lost = self.loss_rng[s].next_f64() < self.loss[s];
        let mut decided = None;
        for (k, rule) in self.rules.iter().enumerate() {
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

        let i = self.push(Transmission {
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
            born: now,
            flight: latency,
            moved: Duration::ZERO,
            resumed_at: now,
            epoch: 0,
        });
        let tx = &self.txs[i];
        d.record_with(|| TraceKind::Send {
            // What the transmission was just made of, as it is here, not read back from it
            // (loads that wait for those stores, issue 15); the same values.
            seg: SegmentInfo {
                id,
                from: side,
                checksum,
                rel_seq,
                rel_ack,
                retransmission_of,
                duplicate_of: None,
                ..tx.info()
            },
            arrival: now + latency,
            retry,
            rule,
        });
        if let Some((fault, source)) = decided {
            let mid = now + Duration::from_micros(latency.total_micros() / 2);
            d.schedule(
                mid,
                LinkEvent::Effect {
                    tx: i,
                    fault,
                    source,
                },
            );
        }
        d.schedule(now + latency, LinkEvent::Arrive { tx: i, epoch: 0 });
        i
    }

    /// A hand-made segment leaves now as if `side` had sent it (`C*1`): it arrives one latency
    /// later unless a user fault intervenes. No rule, armed fault or random loss applies to it,
    /// and it does not move the side's relative-number base.
    pub fn inject(
        &mut self,
        now: Instant,
        side: Side,
        segment: Segment,
        snapshots: [Snapshot; 2],
        d: &mut impl LinkDriver,
    ) -> usize {
        let s = side.index();
        self.next_injected[s] = self.next_injected[s].saturating_add(1);
        let id = TxId::injected(side, self.next_injected[s]);
        let (rel_seq, rel_ack) = self.relative(side, &segment);
        let latency = self.latency[s];
        let checksum = crate::wire::tcp_checksum(&segment, side.addr(), side.peer().addr());
        let i = self.push(Transmission {
            id,
            from: side,
            segment,
            checksum,
            sent_at: now,
            arrival: now + latency,
            status: TxStatus::InFlight,
            retransmission_of: None,
            duplicate_of: None,
            delay_added: Duration::ZERO,
            rel_seq,
            rel_ack,
            snapshots,
            born: now,
            flight: latency,
            moved: Duration::ZERO,
            resumed_at: now,
            epoch: 0,
        });
        d.record(TraceKind::Inject {
            seg: self.txs[i].info(),
            arrival: now + latency,
        });
        d.schedule(now + latency, LinkEvent::Arrive { tx: i, epoch: 0 });
        i
    }

    /// The network delivers now an old duplicate of the transmission `of` (of the one it copies,
    /// if `of` is itself a copy), which it kept wandering since that left: `C3~5.1s`.
    pub fn old_duplicate(
        &mut self,
        now: Instant,
        of: TxId,
        d: &mut impl LinkDriver,
    ) -> Result<usize, ActionError> {
        let source = of.source();
        let i = self
            .index_of(source)
            .ok_or(ActionError::UnknownTransmission(of))?;
        let orig = &self.txs[i];
        let age = now.saturating_since(orig.born);
        let id = TxId {
            age: Some(age),
            ..source
        };
        if self.index_of(id).is_some() {
            return Err(ActionError::NoFreshId(id));
        }
        let copy = Transmission {
            id,
            sent_at: orig.born,
            arrival: now,
            status: TxStatus::InFlight,
            retransmission_of: None,
            duplicate_of: Some(source),
            delay_added: Duration::ZERO,
            flight: age,
            moved: Duration::ZERO,
            resumed_at: orig.born,
            epoch: 0,
            ..orig.clone()
        };
        let j = self.push(copy);
        d.record(TraceKind::OldDuplicate {
            seg: self.txs[j].info(),
            sent_at: self.txs[j].sent_at,
            age,
        });
        d.schedule(now, LinkEvent::Arrive { tx: j, epoch: 0 });
        Ok(j)
    }

    fn deactivate(&mut self, i: usize) {
        if let Ok(k) = self.active.binary_search(&i) {
            self.active.remove(k);
        }
    }

    /// Inlined into its three callers, so a new transmission (304 bytes) is built where it goes
    /// in the list instead of on the stack and copied (2 % of the loss sweep's instructions,
    /// issue 15). Not in the wasm, where the three copies cost 150 bytes of the bundle's budget.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn push(&mut self, tx: Transmission) -> usize {
        let i = self.txs.len();
        let id = tx.id;
        match sent_place(id) {
            // Numbered 1, 2, 3 … as they are sent, so `n − 1` is the next place.
            Some(k) => {
                let sent = &mut self.sent[id.side.index()];
                match sent.get_mut(k) {
                    Some(slot) => *slot = i,
                    None => sent.push(i),
                }
            }
            None => {
                self.others.insert(id, i);
            }
        }
        self.txs.push(tx);
        // The newest transmission has the highest index: `active` stays sorted.
        self.active.push(i);
        i
    }

    /// Wireshark's relative SEQ (from the sender's latest original SYN) and ACK (from the
    /// receiver's): each number in the numbering of the side whose sequence space it names.
    fn relative(&self, side: Side, segment: &Segment) -> (u32, u32) {
        let rel_seq = segment
            .seq
            .relative_to(self.base[side.index()].unwrap_or(segment.seq));
        let rel_ack = match self.base[side.peer().index()] {
            Some(b) => segment.ack.relative_to(b),
            None => segment.ack.0,
        };
        (rel_seq, rel_ack)
    }

    // ----- user actions on the link --------------------------------------------------------

    /// Applies `fault` now to the transmission `id` on the link.
    pub fn fault(
        &mut self,
        now: Instant,
        id: TxId,
        fault: Fault,
        source: FaultSource,
        d: &mut impl LinkDriver,
    ) -> Result<(), ActionError> {
        let i = self.lookup(id)?;
        self.fault_index(now, i, fault, source, d)
    }

    fn fault_index(
        &mut self,
        now: Instant,
        i: usize,
        fault: Fault,
        source: FaultSource,
        d: &mut impl LinkDriver,
    ) -> Result<(), ActionError> {
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
                self.deactivate(i);
                d.record(TraceKind::Drop {
                    seg: self.txs[i].info(),
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
                    d.schedule(arrival, LinkEvent::Arrive { tx: i, epoch });
                }
                let arrival = self.txs[i].arrival;
                d.record(TraceKind::Delay {
                    seg: self.txs[i].info(),
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
                d.record(TraceKind::Hold {
                    seg: self.txs[i].info(),
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
                let j = self.push(copy);
                d.schedule(arrival, LinkEvent::Arrive { tx: j, epoch: 0 });
                d.record(TraceKind::Duplicate {
                    seg: self.txs[j].info(),
                    arrival,
                    reason: source,
                });
            }
        }
        Ok(())
    }

    /// Lets the held transmission `id` continue with the flight time it had left.
    pub fn release(
        &mut self,
        now: Instant,
        id: TxId,
        d: &mut impl LinkDriver,
    ) -> Result<(), ActionError> {
        let i = self.lookup(id)?;
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
        d.schedule(arrival, LinkEvent::Arrive { tx: i, epoch });
        d.record(TraceKind::Release {
            seg: self.txs[i].info(),
            arrival,
        });
        Ok(())
    }

    /// Applies `fault` to the next segment `side` sends.
    pub fn arm(&mut self, side: Side, fault: Fault, d: &mut impl LinkDriver) {
        self.armed[side.index()].push_back(fault);
        d.record(TraceKind::Arm { side, fault });
    }

    /// Random loss for segments sent by `side` from now on.
    pub fn set_loss(
        &mut self,
        side: Side,
        probability: f64,
        d: &mut impl LinkDriver,
    ) -> Result<(), ActionError> {
        if !(0.0..=1.0).contains(&probability) {
            return Err(ActionError::BadProbability);
        }
        self.loss[side.index()] = probability;
        d.record(TraceKind::Loss { side, probability });
        Ok(())
    }

    // ----- events --------------------------------------------------------------------------

    /// A scheduled event came due. Returns the transmission that reaches its receiver now, if
    /// any: hand it over, then call [`Channel::deliver`] (or [`Channel::lose`]). A segment older
    /// than its sender's MSL under `enforce_msl` is dropped here instead.
    pub fn handle(
        &mut self,
        now: Instant,
        ev: LinkEvent,
        d: &mut impl LinkDriver,
    ) -> Option<usize> {
        match ev {
            LinkEvent::Arrive { tx, epoch } => {
                let t = self.txs.get(tx)?;
                if t.epoch != epoch || t.status != TxStatus::InFlight {
                    return None; // rescheduled, held or dropped since
                }
                if self.enforce_msl && t.age(now) > self.msl[t.from.index()] {
                    self.lose(now, tx, FaultSource::Msl, d);
                    return None;
                }
                Some(tx)
            }
            LinkEvent::Effect { tx, fault, source } => {
                if self
                    .txs
                    .get(tx)
                    .is_some_and(|t| t.status == TxStatus::InFlight)
                {
                    let _ = self.fault_index(now, tx, fault, source, d);
                }
                None
            }
        }
    }

    /// Whether a scheduled event will do nothing when it comes due (a rescheduled arrival, an
    /// effect on a segment no longer on the link).
    pub fn is_stale(&self, ev: LinkEvent) -> bool {
        match ev {
            LinkEvent::Arrive { tx, epoch } => self
                .txs
                .get(tx)
                .is_none_or(|t| t.epoch != epoch || t.status != TxStatus::InFlight),
            LinkEvent::Effect { tx, .. } => self.txs.get(tx).is_none_or(|t| !t.is_active()),
        }
    }

    /// Transmission `i` (returned by [`Channel::handle`]) reaches its receiver now: records
    /// `arrive` (without a verdict; the receiver's comes later).
    pub fn deliver(&mut self, now: Instant, i: usize, d: &mut impl LinkDriver) {
        let tx = &mut self.txs[i];
        tx.status = TxStatus::Arrived { at: now };
        tx.moved = tx.flight;
        self.deactivate(i);
        let tx = &self.txs[i];
        d.record_with(|| TraceKind::Arrive {
            seg: tx.info(),
            verdict: None,
        });
    }

    /// Transmission `i` is lost now at the end of its flight (`reason`: the MSL ran out, or
    /// the receiving host is down).
    pub fn lose(&mut self, now: Instant, i: usize, reason: FaultSource, d: &mut impl LinkDriver) {
        let tx = &mut self.txs[i];
        tx.status = TxStatus::Dropped { at: now, reason };
        tx.moved = tx.flight;
        tx.epoch = tx.epoch.wrapping_add(1);
        self.deactivate(i);
        d.record(TraceKind::Drop {
            seg: self.txs[i].info(),
            reason,
        });
    }
}
