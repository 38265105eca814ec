//! Exhaustive loss exploration (issue 5, item 1): the standard lifecycle run under every subset
//! of drops over its first 16 transmissions, and under every single-transmission delay, each run
//! checked by one checker ([`check`]).
//!
//! Used by `tests/explore.rs` (a deterministic slice that runs in `cargo test`) and by
//! `benches/explore.rs` (the full sweep, `scripts/explore`), which include this file with
//! `#[path]`.
//!
//! # The lifecycle
//!
//! At 0 the server listens, the client connects and sends 1 KB (1024 bytes; SEND in SYN-SENT
//! queues it until ESTABLISHED, RFC 9293 §3.10.2). The applications then react to what they see,
//! after every instant of the simulation (as a user pausing the app would):
//!
//! * the server sends its own 1 KB as soon as it sees `connected`;
//! * the client closes once it has received the server's whole 1 KB (a request/response client,
//!   so the close starts after the exchange);
//! * the server closes as soon as it has read the client's end of stream. Its CLOSE is a separate
//!   call after the instant in which the FIN arrived, so the ACK of the FIN has already left and
//!   the close takes four segments (not the three of `close_on_eof`).
//!
//! The two streams are distinct, position-stamped text (`c000000 c000008 …`, `s000000 …`), so a
//! byte delivered twice, out of order or from the wrong side is visible.
//!
//! Every reaction and every fault is a logged [`Action`], so `Simulator::to_scenario` reproduces a
//! run exactly as a scenario file.
//!
//! # Which transmissions a drop mask names
//!
//! Bit *i* of the mask drops the *i*-th transmission (0-based) **in global send order**: the order
//! of [`Simulator::transmissions`], which interleaves the client's `C1, C2, …` and the server's
//! `S1, S2, …` as they left (FIFO at equal times). **Retransmissions count**: each one is a new
//! transmission on the wire with its own id, so with bit 0 set the lost SYN `C1` is followed by its
//! retransmission `C2` one RTO later, and bit 1 then names that retransmission. A mask therefore
//! says "the i-th segment that appears on the wire is lost", whatever it turns out to be; bits
//! past the last transmission of a run change nothing (such runs repeat a smaller mask, and the
//! summary counts the masks whose every bit hit a transmission as *effective*). A drop is applied
//! at the instant the segment is sent (a user fault on a segment in flight).
//!
//! # Profiles
//!
//! * `reference`: the reference profile (MSS 100, window 1000): 1 KB is eleven segments each
//!   way, so the first 16 transmissions cover the handshake and the data transfer.
//! * `one-segment`: MSS 1460, window 8192: 1 KB is one segment each way and the whole lifecycle
//!   is ten transmissions, so the 16 bits cover the handshake, the exchange, the close and six
//!   retransmissions.
//!
//! # What is checked in every run ([`check`])
//!
//! 1. No panic (the driver catches it and reports it as a failure).
//! 2. The run ends (nothing left to happen) before [`TIME_BOUND`] of virtual time and
//!    [`EVENT_BOUND`] events.
//! 3. Each application received a prefix of what the other sent (never a wrong byte); if both
//!    applications saw a clean close, exactly all of it, in order, once, and each had sent its
//!    whole 1 KB.
//! 4. Otherwise each side that did not close cleanly learned of the failure as `timed_out` or
//!    `reset`, or never had a connection (a listener whose SYN-RECEIVED exhausted its SYN,ACK
//!    retries and went back to LISTEN silently, as Linux drops the request: open choice 9). No
//!    endpoint is left in a synchronized state with
//!    no timer running — with one documented exception: a **half-open** connection whose peer
//!    gave up silently (open choice 9: no segment on give-up) while this side had nothing to send.
//!    Without keep-alives, which RFC 9293 §3.8.4 makes optional and off by default ("they MUST
//!    default to off", MUST-25), nothing can tell that side. It is accepted only when that side
//!    waits in ESTABLISHED, FIN-WAIT-2 or CLOSE-WAIT with nothing outstanding or queued (so no
//!    timer is due) and its peer's application saw `timed_out`; such runs are counted separately.
//! 5. No ACK covers unsent data: every ACK field is at most the highest sequence number the peer
//!    had sent (SYN and FIN included) when the segment left.
//! 6. The active closer (the client) passed through TIME-WAIT whenever it closed cleanly.
//! 7. No ACK war: a bare ACK rejected by its receiver and answered with an ACK (RFC 9293
//!    §3.10.7.4, first check) is never answered by an ACK that is rejected and answered in turn.
//! 8. Nothing arrives beyond the receive window: senders keep within the window they were offered
//!    and the windows are constant, so every segment starts at or before RCV.NXT + RCV.WND.
//!
//! Checks 7 and 8 were added for finding 1 of this exploration: bare ACKs at SEG.SEQ =
//! RCV.NXT + RCV.WND were rejected by the strict acceptability test, which lost their ACK field
//! (spurious retransmissions) and, when both windows were full behind lost segments, started an ACK
//! war (1,266 of the 65,536 reference-profile masks). The core now accepts that edge (open choice
//! 14); `tests/explore.rs` has the regression tests.

#![allow(dead_code)] // each includer uses part of this module

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::panic::{AssertUnwindSafe, catch_unwind};

use handshake_core::scenario::Scenario;
use handshake_core::sim::{
    Action, Fault, SendData, Side, Simulator, StopReason, TimedAction, UserCall,
};
use handshake_core::trace::TraceKind;
use handshake_core::{Config, Duration, Instant, State};

/// Bytes each application sends ("1 KB").
pub const DATA_LEN: usize = 1024;
/// Transmissions addressed by a drop mask.
pub const MASK_BITS: u32 = 16;
/// Every mask.
pub const MASKS: u32 = 1 << MASK_BITS;
/// The forked sweep on several threads shares out the subtrees this many bits down.
pub const SPLIT_BITS: usize = 6;
/// Delays applied, one at a time, to each transmission of the loss-free run: within the RTT
/// (50 ms), longer than the one-way latency so later segments overtake (150 ms), the delay whose
/// ACK arrives at the very instant the 1 s RTO fires (800 ms: a tie, resolved FIFO), exactly the
/// RTO (1 s) and a spurious retransmission's worth (3 s).
pub const DELAYS_MS: [u64; 5] = [50, 150, 800, 1000, 3000];
/// No run may last longer than this in virtual time. The slowest legitimate ending is a SYN that
/// is never answered (7 retries: gives up at 183 s) or a data segment retransmitted up to its
/// limit several times over; the sweep's longest run is reported in the summary, far below.
pub const TIME_BOUND: Duration = Duration::from_secs(1800);
/// No run may process more events than this (the loss-free lifecycle takes about 100).
pub const EVENT_BOUND: u64 = 20_000;

/// An endpoint profile to explore under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    Reference,
    OneSegment,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Reference, Profile::OneSegment];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Reference => "reference",
            Profile::OneSegment => "one-segment",
        }
    }

    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn config(self) -> Config {
        match self {
            Profile::Reference => Config::default(),
            Profile::OneSegment => Config {
                mss: 1460,
                window: 8192,
                ..Config::default()
            },
        }
    }

    /// The scenario every run starts from (the reactions and faults are added as it runs).
    pub fn scenario(self) -> Scenario {
        let mut s = Scenario {
            seed: 5,
            client: self.config(),
            server: self.config(),
            ..Scenario::default()
        };
        s = s
            .call(0, Side::Server, UserCall::Listen)
            .call(0, Side::Client, UserCall::Connect)
            .call(
                0,
                Side::Client,
                UserCall::Send(SendData::Text(stream_text('c'))),
            );
        s
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `DATA_LEN` bytes of `"c000000 c000008 …"`: each 8-byte record names its own offset.
pub fn stream_text(prefix: char) -> String {
    // Made once per prefix: the sweep asks for the server's text in every branch.
    static TEXTS: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let [c, s] = TEXTS.get_or_init(|| [make_stream_text('c'), make_stream_text('s')]);
    match prefix {
        'c' => c.clone(),
        's' => s.clone(),
        other => make_stream_text(other),
    }
}

fn make_stream_text(prefix: char) -> String {
    let mut s = String::with_capacity(DATA_LEN);
    let mut off = 0;
    while s.len() < DATA_LEN {
        let _ = write!(s, "{prefix}{off:06} ");
        off += 8;
    }
    s.truncate(DATA_LEN);
    s
}

/// The faults of one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Plan {
    /// Drop transmission i (global send order) iff bit i is set.
    Drops(u16),
    /// Delay transmission `index` by `ms`.
    Delay { index: usize, ms: u64 },
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Plan::Drops(m) => write!(f, "drop mask 0x{m:04x} (bits {})", bits(*m)),
            Plan::Delay { index, ms } => write!(f, "delay transmission #{index} by {ms} ms"),
        }
    }
}

/// `"0,3,7"`: the set bits, lowest first (`"none"` for 0).
pub fn bits(mask: u16) -> String {
    if mask == 0 {
        return "none".into();
    }
    (0..16)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

impl Plan {
    fn fault_for(self, index: usize) -> Option<Fault> {
        match self {
            Plan::Drops(mask) => {
                (index < MASK_BITS as usize && mask & (1 << index) != 0).then_some(Fault::Drop)
            }
            Plan::Delay { index: i, ms } => {
                (i == index).then_some(Fault::Delay(Duration::from_millis(ms)))
            }
        }
    }
}

/// One finished (or stopped) run.
pub struct Run {
    pub profile: Profile,
    pub plan: Plan,
    /// The actions the driver applied, in order (faults and reactions), to rebuild the run as a
    /// scenario file even if the simulation panicked.
    pub actions: Vec<TimedAction>,
    /// The simulation, unless it panicked. Boxed, as the driver's: a leaf of the forked sweep
    /// passes its simulator (3 KB) to the summary and takes it back to recycle (issue 15).
    pub sim: Option<Box<Simulator>>,
    /// The panic message, if it panicked.
    pub panic: Option<String>,
    /// Why the driver stopped before the simulation ended, if it did.
    pub bound_hit: Option<String>,
    /// Mask bits that hit a transmission.
    pub applied: u16,
    /// What the checker has already read of the run's lists (a leaf of the forked sweep
    /// inherits it from its forks; [`check`] reads the rest).
    pub scanned: Scan,
}

impl Run {
    /// The scenario file that replays this run.
    pub fn scenario(&self) -> Scenario {
        match &self.sim {
            Some(sim) => sim.to_scenario(),
            None => {
                let mut s = self.profile.scenario();
                s.actions.extend(self.actions.iter().cloned());
                s
            }
        }
    }
}

/// What the applications are doing (their reactions happen once each).
#[derive(Clone, Default)]
struct Apps {
    server_sent: bool,
    client_closed: bool,
    server_closed: bool,
}

/// Runs the lifecycle of `profile` under `plan`, catching a panic.
pub fn run(profile: Profile, plan: Plan) -> Run {
    let mut out = Run {
        profile,
        plan,
        actions: Vec::new(),
        sim: None,
        panic: None,
        bound_hit: None,
        applied: 0,
        scanned: Scan::default(),
    };
    let result = catch_unwind(AssertUnwindSafe(|| drive(profile, plan, &mut out)));
    match result {
        Ok(sim) => out.sim = Some(sim),
        Err(p) => out.panic = Some(panic_message(p)),
    }
    out
}

/// Runs a hand-written scenario to its end with no reactions (the checker's own tests use it to
/// show that each rule can fail).
pub fn run_scenario(profile: Profile, scenario: &Scenario) -> Run {
    let mut out = Run {
        profile,
        plan: Plan::Drops(0),
        actions: Vec::new(),
        sim: None,
        panic: None,
        bound_hit: None,
        applied: 0,
        scanned: Scan::default(),
    };
    let mut sim = Simulator::new(scenario).expect("a valid scenario");
    sim.run_to_end();
    out.sim = Some(Box::new(sim));
    out
}

fn drive(profile: Profile, plan: Plan, out: &mut Run) -> Box<Simulator> {
    let mut d = Driver::new(profile, plan, usize::MAX);
    // With every bit decided up front the driver never pauses.
    let paused = catch_unwind(AssertUnwindSafe(|| d.advance()));
    out.actions = core::mem::take(&mut d.actions);
    out.applied = d.applied;
    out.bound_hit = d.bound_hit.take();
    match paused {
        Ok(p) => debug_assert!(p.is_none()),
        Err(e) => std::panic::resume_unwind(e),
    }
    d.sim
}

/// The driver of one run, resumable: [`Driver::advance`] pauses when a transmission appears whose
/// drop bit is not decided yet, so [`explore_drops_forked`] can clone the run there and decide the
/// bit both ways, sharing everything before it.
struct Driver {
    sim: Box<Simulator>,
    apps: Apps,
    plan: Plan,
    /// Transmissions whose fault (if any) has been applied.
    seen: usize,
    /// Transmissions `< decided` have their bit of a drop mask decided.
    decided: usize,
    actions: Vec<TimedAction>,
    applied: u16,
    bound_hit: Option<String>,
    /// The checker's scan of the run so far, brought up to date at each fork so that both
    /// branches go on from it.
    scanned: Scan,
    /// Bits decided so far by [`Driver::decide`], and the trace's length when each was: two
    /// branches that decided their first k bits alike were one run until the k-th decision,
    /// so they share that many trace events ([`Driver::shared_events`]).
    made: usize,
    forks: [usize; MASK_BITS as usize],
}

impl Clone for Driver {
    fn clone(&self) -> Driver {
        Driver {
            sim: self.sim.clone(),
            apps: self.apps.clone(),
            plan: self.plan,
            seen: self.seen,
            decided: self.decided,
            actions: self.actions.clone(),
            applied: self.applied,
            bound_hit: self.bound_hit.clone(),
            scanned: self.scanned.clone(),
            made: self.made,
            forks: self.forks,
        }
    }
    /// Into `self`'s buffers: the sweep recycles finished branches (their simulator's lists,
    /// payloads and queues) instead of allocating a copy at every fork and freeing it at the
    /// end of the branch.
    fn clone_from(&mut self, src: &Driver) {
        let shared = self.shared_events(src);
        let Driver {
            sim,
            apps,
            plan,
            seen,
            decided,
            actions,
            applied,
            bound_hit,
            scanned,
            made,
            forks,
        } = src;
        self.sim.clone_from_after(sim, shared);
        self.made = *made;
        self.forks = *forks;
        self.apps.clone_from(apps);
        self.plan = *plan;
        self.seen = *seen;
        self.decided = *decided;
        self.actions.clone_from(actions);
        self.applied = *applied;
        self.bound_hit.clone_from(bound_hit);
        self.scanned.clone_from(scanned);
    }
}

impl Driver {
    fn new(profile: Profile, plan: Plan, decided: usize) -> Driver {
        Driver {
            sim: Box::new(
                Simulator::new(&profile.scenario()).expect("the lifecycle scenario is valid"),
            ),
            apps: Apps::default(),
            plan,
            seen: 0,
            decided,
            actions: Vec::new(),
            applied: 0,
            bound_hit: None,
            scanned: Scan::default(),
            made: 0,
            forks: [0; MASK_BITS as usize],
        }
    }

    /// Trace events `self` and `other` certainly share: those before the first bit they decided
    /// differently (or before the last bit both decided, if they agree on all of them).
    fn shared_events(&self, other: &Driver) -> usize {
        let m = self.made.min(other.made);
        if m == 0 {
            return 0;
        }
        let differ = self.mask() ^ other.mask();
        let k = (differ.trailing_zeros() as usize).min(m - 1);
        self.forks[k].min(other.forks[k])
    }

    fn apply(&mut self, action: Action) {
        self.actions.push(TimedAction {
            at: self.sim.now(),
            action: action.clone(),
        });
        // A refused action is a trace event, not an error of the run.
        let _ = self.sim.apply(action);
    }

    /// Runs until the simulation ends (`None`) or transmission `i` needs its drop bit decided
    /// (`Some(i)`: nothing about it has been applied yet; decide, then call again).
    fn advance(&mut self) -> Option<usize> {
        loop {
            // Faults on the transmissions that just left, then the applications' reactions
            // (which may send more), until nothing new appears at this instant.
            loop {
                while self.seen < self.sim.transmissions().len() {
                    let i = self.seen;
                    if i < MASK_BITS as usize && i >= self.decided {
                        return Some(i);
                    }
                    if let Some(fault) = self.plan.fault_for(i) {
                        if fault == Fault::Drop {
                            self.applied |= 1 << i;
                        }
                        let target = self.sim.transmissions()[i].id;
                        self.apply(Action::Fault { target, fault });
                    }
                    self.seen += 1;
                }
                let (c, s) = (self.sim.app(Side::Client), self.sim.app(Side::Server));
                let mut reactions = Vec::new();
                if s.connected && !self.apps.server_sent {
                    self.apps.server_sent = true;
                    reactions.push((
                        Side::Server,
                        UserCall::Send(SendData::Text(stream_text('s'))),
                    ));
                }
                if c.received.len() >= DATA_LEN && !self.apps.client_closed {
                    self.apps.client_closed = true;
                    reactions.push((Side::Client, UserCall::Close));
                }
                if s.end_of_stream && !self.apps.server_closed {
                    self.apps.server_closed = true;
                    reactions.push((Side::Server, UserCall::Close));
                }
                if reactions.is_empty() && self.sim.transmissions().len() == self.seen {
                    break;
                }
                for (side, call) in reactions {
                    self.apply(Action::Call { side, call });
                }
            }
            if !self.sim.step() {
                return None;
            }
            if self.sim.now() > Instant::ZERO + TIME_BOUND {
                self.bound_hit = Some(format!(
                    "still running at {} (bound {} s)",
                    self.sim.now(),
                    TIME_BOUND.total_millis() / 1000
                ));
                return None;
            }
            if self.sim.events_run() > EVENT_BOUND {
                self.bound_hit = Some(format!(
                    "{} events processed (bound {EVENT_BOUND})",
                    self.sim.events_run()
                ));
                return None;
            }
        }
    }

    /// Decides transmission `i`'s bit: drop it or not.
    fn decide(&mut self, i: usize, drop: bool) {
        debug_assert_eq!(i, self.decided.min(i));
        self.forks[i] = self.sim.trace().len();
        self.made = i + 1;
        if let Plan::Drops(m) = &mut self.plan {
            if drop {
                *m |= 1 << i;
            }
        }
        self.decided = i + 1;
    }

    fn mask(&self) -> u16 {
        match self.plan {
            Plan::Drops(m) => m,
            Plan::Delay { .. } => 0,
        }
    }
}

/// Every drop mask over the first `bits` transmissions (`bits` ≤ [`MASK_BITS`]; bits above it are
/// 0), explored as a tree instead of `2^bits` runs from scratch: the run is cloned where a
/// transmission's bit is decided, and both branches continue from there. A branch whose run ends
/// before its `bits`-th transmission stands for every mask that differs from it only in the bits
/// it never reached (they drop nothing), so it counts `2^(bits − reached)` runs of the same
/// outcome; its plan is the smallest of those masks, and only it is an effective mask. The
/// summary equals [`explore`]'s over the same masks (`tests/explore.rs` checks it), except that a
/// failing branch keeps one failure in full and counts the masks it stands for in
/// `more_failures`, and `busiest` is the smallest mask with the most transmissions.
///
/// `threads` split the tree's subtrees at a few levels down between them.
pub fn explore_drops_forked(profile: Profile, bits: usize, threads: usize) -> Summary {
    assert!(bits <= MASK_BITS as usize);
    // Subtrees to share out: the branches `split` bits down (or runs that ended before). Small
    // enough that a thread slowed by the machine's other work does not leave the other one
    // waiting long at the end (issue 15: with 16 subtrees, one of them is a sixteenth of the
    // sweep); the first levels run on one thread, before the others start.
    let split = if threads > 1 { bits.min(SPLIT_BITS) } else { 0 };
    let mut roots = Vec::new();
    let mut leaves = Summary::default();
    let mut stack = vec![Driver::new(profile, Plan::Drops(0), 0)];
    while let Some(mut d) = stack.pop() {
        if d.decided >= split {
            roots.push(d);
            continue;
        }
        match catch_unwind(AssertUnwindSafe(|| d.advance())) {
            Ok(Some(i)) if i < bits => {
                d.scanned.catch_up(&d.sim);
                let mut dropped = d.clone();
                dropped.decide(i, true);
                d.decide(i, false);
                stack.push(dropped);
                stack.push(d);
            }
            Ok(Some(_)) => {
                // Past the explored bits: nothing more is dropped.
                d.decided = MASK_BITS as usize;
                stack.push(d);
            }
            Ok(None) => drop(leaves.add_leaf(profile, Box::new(d), None, bits)),
            Err(p) => drop(leaves.add_leaf(profile, Box::new(d), Some(panic_message(p)), bits)),
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let roots = std::sync::Mutex::new(roots.into_iter().map(Some).collect::<Vec<_>>());
    let mut total = leaves;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut summary = Summary::default();
                    let mut spare = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(root) = roots.lock().expect("roots").get_mut(k).map(Option::take)
                        else {
                            break;
                        };
                        if let Some(root) = root {
                            explore_subtree(profile, root, bits, &mut summary, &mut spare);
                        }
                    }
                    summary
                })
            })
            .collect();
        for h in handles {
            total.merge(h.join().expect("sweep thread"));
        }
    });
    total
}

/// Runs the subtree of `root` depth first. `spare` holds finished branches, recycled as the
/// copies made at the next forks (no more of them than the tree is deep); a thread keeps them
/// from one subtree to the next.
// Boxed drivers on purpose: they move between `stack` and `spare`, a pointer each time.
#[allow(clippy::vec_box)]
fn explore_subtree(
    profile: Profile,
    root: Driver,
    bits: usize,
    summary: &mut Summary,
    spare: &mut Vec<Box<Driver>>,
) {
    // Boxed: a driver (its simulator) is a few kilobytes, moved in and out of the stack.
    let mut stack = vec![Box::new(root)];
    while let Some(mut d) = stack.pop() {
        match catch_unwind(AssertUnwindSafe(|| d.advance())) {
            Ok(Some(i)) if i < bits => {
                // Both branches share what came before: the checker reads it once.
                d.scanned.catch_up(&d.sim);
                let mut dropped = match spare.pop() {
                    Some(mut s) => {
                        s.clone_from(&d);
                        s
                    }
                    None => d.clone(),
                };
                dropped.decide(i, true);
                d.decide(i, false);
                // Depth first, the kept branch first: memory stays one path deep.
                stack.push(dropped);
                stack.push(d);
            }
            Ok(Some(_)) => {
                // Past the explored bits: nothing more is dropped.
                d.decided = MASK_BITS as usize;
                stack.push(d);
            }
            Ok(None) => spare.extend(summary.add_leaf(profile, d, None, bits)),
            Err(p) => drop(summary.add_leaf(profile, d, Some(panic_message(p)), bits)),
        }
    }
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic payload)".into())
}

/// How one application's connection ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ending {
    /// Connected, read the peer's end of stream, closed normally.
    Clean,
    /// Learned "connection timed out".
    TimedOut,
    /// Learned "connection reset".
    Reset,
    /// A listener that never accepted a connection.
    NeverConnected,
    /// Left synchronized with no timer after its peer gave up silently (see the module doc).
    HalfOpen,
}

impl Ending {
    pub fn name(self) -> &'static str {
        match self {
            Ending::Clean => "clean",
            Ending::TimedOut => "timed out",
            Ending::Reset => "reset",
            Ending::NeverConnected => "never connected",
            Ending::HalfOpen => "half-open",
        }
    }
}

/// The endings of both sides of a run that passed every check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Outcome {
    pub client: Ending,
    pub server: Ending,
}

/// The checker: every property of the module documentation, for one run.
pub fn check(run: &Run) -> Result<Outcome, String> {
    if let Some(p) = &run.panic {
        return Err(format!("panicked: {p}"));
    }
    let Some(sim) = &run.sim else {
        return Err("no simulation".into());
    };
    if let Some(b) = &run.bound_hit {
        return Err(format!("did not end within the bound: {b}"));
    }
    if sim.stop_reason() != Some(StopReason::Quiet) {
        return Err(format!(
            "stopped with {:?} at {}, not because nothing was left",
            sim.stop_reason(),
            sim.now()
        ));
    }
    let client_time_wait = run.scanned.clone().finish(sim)?;

    let (c, s) = (sim.app(Side::Client), sim.app(Side::Server));
    for (side, me, peer) in [(Side::Client, c, s), (Side::Server, s, c)] {
        if !peer.sent.starts_with(&me.received) {
            return Err(format!(
                "the {side} received {} bytes that are not a prefix of the {} bytes the {} sent",
                me.received.len(),
                peer.sent.len(),
                side.peer()
            ));
        }
    }
    if c.clean_close() && s.clean_close() {
        for (side, me, peer) in [(Side::Client, c, s), (Side::Server, s, c)] {
            if peer.sent.len() != DATA_LEN || me.received != peer.sent {
                return Err(format!(
                    "both closed cleanly, but the {side} received {} of the {} bytes the {} sent \
                     ({DATA_LEN} expected)",
                    me.received.len(),
                    peer.sent.len(),
                    side.peer()
                ));
            }
        }
    }

    let ending = |side: Side| -> Result<Ending, String> {
        let app = sim.app(side);
        let peer = sim.app(side.peer());
        let state = sim.endpoint(side).state();
        if let Some(t) = sim.endpoint(side).timers().next() {
            // Cannot happen when the run is quiet (every timer has a pending check).
            return Err(format!(
                "the {side} still has its {} timer running at the end",
                t.kind.name()
            ));
        }
        if state.is_synchronized() || matches!(state, State::SynSent | State::SynReceived) {
            // Half-open: nothing of ours is outstanding or queued, so no timer is due (in
            // FIN-WAIT-1, CLOSING and LAST-ACK our FIN is outstanding, in TIME-WAIT 2·MSL runs),
            // and only the peer's silence after giving up left us here.
            let idle = sim
                .endpoint(side)
                .tcb()
                .is_some_and(|t| t.snd_una == t.snd_nxt)
                && sim.endpoint(side).send_queue_len() == 0;
            let waiting = matches!(
                state,
                State::Established | State::FinWait2 | State::CloseWait
            );
            if waiting && idle && peer.timed_out && !app.timed_out && !app.reset {
                return Ok(Ending::HalfOpen);
            }
            return Err(format!(
                "the {side} is left in {state} with no timer running (its application saw: {})",
                seen(app)
            ));
        }
        Ok(if app.clean_close() {
            Ending::Clean
        } else if app.timed_out {
            Ending::TimedOut
        } else if app.reset {
            Ending::Reset
        } else if !app.connected && state == State::Listen && side == Side::Server {
            Ending::NeverConnected
        } else {
            return Err(format!(
                "the {side} ended in {state} without a clean close, a time-out or a reset \
                 (its application saw: {})",
                seen(app)
            ));
        })
    };
    let outcome = Outcome {
        client: ending(Side::Client)?,
        server: ending(Side::Server)?,
    };

    if outcome.client == Ending::Clean && !client_time_wait {
        return Err("the client closed first and cleanly but never entered TIME-WAIT".into());
    }
    Ok(outcome)
}

fn seen(app: &handshake_core::sim::AppView) -> String {
    let mut v = Vec::new();
    for (on, name) in [
        (app.connected, "connected"),
        (app.end_of_stream, "end_of_stream"),
        (app.closed, "closed"),
        (app.reset, "reset"),
        (app.timed_out, "timed_out"),
    ] {
        if on {
            v.push(name);
        }
    }
    if v.is_empty() {
        "nothing".into()
    } else {
        v.join(", ")
    }
}

/// The checker's rules that read the run's lists (rule 5 from the transmissions, rules 6–8 from
/// the trace), as a scan that can stop and go on: the forked sweep scans each branch's lists up to
/// every fork and the two branches go on from there, so a leaf reads only its own tail instead of
/// the whole run (issue 15). Transmissions (their segment, sender, id and relative ACK) and trace
/// events are final once they are in their lists at a fork (the simulator changes an event only
/// while it records it), so the results are those of one scan of the finished run.
#[derive(Clone, Default)]
pub struct Scan {
    /// Transmissions scanned (rule 5).
    txs: usize,
    /// Each side's ISS, from its first SYN.
    iss: [Option<handshake_core::SeqNumber>; 2],
    /// Highest sequence end sent so far by each side, relative to its ISS.
    high: [Option<u32>; 2],
    /// The first breach of rule 5 (the scan of transmissions stops there).
    unsent_acked: Option<String>,
    /// Trace events scanned (rules 6–8).
    events: usize,
    /// The first breach of rule 8.
    beyond_the_window: Option<String>,
    /// Rule 6: the client entered TIME-WAIT.
    client_time_wait: bool,
    /// For each bare ACK sent in reply to a rejected bare ACK: the chain of ids it answers (a
    /// short list: chains are rare and never long, see rule 7).
    chain: Vec<(handshake_core::sim::TxId, Vec<String>)>,
    /// Per side: the chain of the rejected bare ACK that side is answering right now.
    answering: [Option<Vec<String>>; 2],
    /// The first breach of rule 7 (the scan of the trace stops there).
    ack_war: Option<String>,
}

impl Scan {
    /// Scans what `sim` has added to its lists since the last call.
    pub fn catch_up(&mut self, sim: &Simulator) {
        self.scan(sim, sim.transmissions().len(), sim.trace().len());
    }

    /// Scans the first `txs` transmissions and `events` trace events of `sim` (each at least
    /// what was scanned before).
    pub fn scan(&mut self, sim: &Simulator, txs: usize, events: usize) {
        if self.unsent_acked.is_none() {
            for t in &sim.transmissions()[self.txs..txs] {
                if let Err(e) = self.transmission(t) {
                    self.unsent_acked = Some(e);
                    break;
                }
            }
        }
        self.txs = txs;
        if self.ack_war.is_none() {
            for e in &sim.trace().events[self.events..events] {
                if let Err(war) = self.event(e) {
                    self.ack_war = Some(war);
                    break;
                }
            }
        }
        self.events = events;
    }

    /// Rules 5–8 over the whole run, in the order [`check`] reports them: rule 5, then rule 7,
    /// then rule 8; else whether the client entered TIME-WAIT (rule 6, which [`check`] judges
    /// once it knows how the run ended).
    pub fn finish(mut self, sim: &Simulator) -> Result<bool, String> {
        self.catch_up(sim);
        if let Some(e) = self.unsent_acked {
            return Err(e);
        }
        if let Some(e) = self.ack_war {
            return Err(e);
        }
        match self.beyond_the_window {
            Some(e) => Err(e),
            None => Ok(self.client_time_wait),
        }
    }

    /// Rule 5: every ACK field is at most the end of the highest sequence space the peer had
    /// sent before the segment left (RFC 9293 §3.10.7.4: an ACK of something not yet sent is not
    /// acceptable; a correct TCP never produces one). Offsets are taken from the peer's first
    /// SYN.
    fn transmission(&mut self, t: &handshake_core::sim::Transmission) -> Result<(), String> {
        let (iss, high) = (&mut self.iss, &mut self.high);
        let me = t.from.index();
        let peer = t.from.peer().index();
        let seg = &t.segment;
        if seg.flags.ack() {
            let ok = match (iss[peer], high[peer]) {
                (Some(base), Some(h)) => {
                    let a = seg.ack.relative_to(base);
                    a >= 1 && a <= h
                }
                _ => false,
            };
            if !ok {
                return Err(format!(
                    "{} acknowledges {} (relative {}), beyond anything the {} had sent",
                    t.id,
                    seg.ack,
                    t.rel_ack,
                    t.to()
                ));
            }
        }
        if seg.flags.syn() && iss[me].is_none() {
            iss[me] = Some(seg.seq);
        }
        if let Some(base) = iss[me] {
            if seg.seq_len() > 0 {
                let end = seg.seq_end().relative_to(base);
                high[me] = Some(high[me].map_or(end, |h| h.max(end)));
            }
        }
        Ok(())
    }

    /// Rules 6–8 from one trace event; `Err` on an ACK war.
    ///
    /// Rule 7, no ACK war: a bare ACK that an endpoint rejected (unacceptable sequence number or
    /// ACK field, answered with an ACK as RFC 9293 §3.10.7.4 says) is answered with a bare ACK
    /// that the other side accepts. If that reply is rejected and answered in turn, the two
    /// endpoints ping-pong ACKs for as long as the condition lasts.
    ///
    /// Rule 8, no segment is rejected as beyond the receive window: a sender never sends past
    /// the window it was offered (RFC 9293 §3.8.6), RCV.NXT never goes back, and the windows
    /// here are constant, so every segment starts at or before RCV.NXT + RCV.WND. (A bare ACK
    /// exactly at that edge is what a sender that filled the window sends.)
    fn event(&mut self, e: &handshake_core::trace::TraceEvent) -> Result<(), String> {
        use handshake_core::Verdict;
        let bare_ack = |s: &handshake_core::trace::SegmentInfo| {
            s.len == 0 && s.flags == handshake_core::Flags::ACK
        };
        match &e.kind {
            TraceKind::Arrive { seg, verdict } => {
                if *verdict == Some(Verdict::OutOfWindow) && self.beyond_the_window.is_none() {
                    self.beyond_the_window = Some(format!(
                        "{} (relative seq {}, {} bytes) was rejected at {} as outside the {}'s \
                         receive window",
                        seg.id,
                        seg.rel_seq,
                        seg.len,
                        e.t,
                        seg.to()
                    ));
                }
                let to = seg.to().index();
                self.answering[to] = None;
                let rejected = matches!(
                    verdict,
                    Some(
                        Verdict::OutOfWindow
                            | Verdict::Old
                            | Verdict::AckTooOld
                            | Verdict::AckOfUnsent
                    )
                );
                if rejected && bare_ack(seg) {
                    let mut c = self
                        .chain
                        .iter()
                        .find(|(id, _)| *id == seg.id)
                        .map(|(_, c)| c.clone())
                        .unwrap_or_default();
                    c.push(format!(
                        "{} ({:?})",
                        seg.id,
                        verdict.unwrap_or(Verdict::Accepted)
                    ));
                    self.answering[to] = Some(c);
                }
            }
            TraceKind::Send { seg, .. } => {
                let from = seg.from.index();
                if let Some(c) = self.answering[from].take() {
                    if bare_ack(seg) {
                        if c.len() >= 2 {
                            return Err(format!(
                                "ACK war: {} answers {}, each a bare ACK rejected and answered \
                                 with another",
                                seg.id,
                                c.iter()
                                    .rev()
                                    .cloned()
                                    .collect::<Vec<_>>()
                                    .join(", which answers ")
                            ));
                        }
                        match self.chain.iter_mut().find(|(id, _)| *id == seg.id) {
                            Some((_, old)) => *old = c,
                            None => self.chain.push((seg.id, c)),
                        }
                    }
                }
            }
            // Mostly there is nothing to forget (and then no call to drop it).
            TraceKind::Timer { .. } | TraceKind::Call { .. }
                if self.answering.iter().any(Option::is_some) =>
            {
                self.answering = [None, None];
            }
            TraceKind::State {
                side: Side::Client,
                to: State::TimeWait,
                ..
            } => self.client_time_wait = true,
            _ => {}
        }
        Ok(())
    }
}

/// A run that failed the checker, with everything needed to reproduce it.
pub struct Failure {
    pub profile: Profile,
    pub plan: Plan,
    pub message: String,
    /// The dropped or delayed transmissions, by id.
    pub faulted: Vec<String>,
    pub scenario_json: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "FAILED: profile {}, {}", self.profile, self.plan)?;
        writeln!(f, "  faulted transmissions: {}", self.faulted.join(" "))?;
        writeln!(f, "  {}", self.message)?;
        writeln!(
            f,
            "  reproduce: save the JSON below and run `handshake-cli run FILE`"
        )?;
        f.write_str(&self.scenario_json)
    }
}

/// Totals over many runs.
#[derive(Default)]
pub struct Summary {
    pub runs: u64,
    pub failures: Vec<Failure>,
    /// Failures beyond the ones kept in full.
    pub more_failures: u64,
    pub outcomes: BTreeMap<Outcome, u64>,
    /// The first plan that gave each outcome (to look at one with `scripts/explore --show`).
    pub examples: BTreeMap<Outcome, Plan>,
    /// Drop masks whose every set bit hit a transmission.
    pub effective_masks: u64,
    pub max_time: Instant,
    pub max_events: u64,
    pub max_transmissions: usize,
    /// The plan of the run with the most transmissions.
    pub busiest: Option<Plan>,
    pub events: u64,
}

/// Failures kept in full per summary (the rest are counted).
pub const KEEP_FAILURES: usize = 10;

impl Summary {
    pub fn add(&mut self, run: Run) {
        self.add_n(&run, 1);
    }

    /// Adds `n` runs that are all `run` (`n` masks that differ only in bits no transmission
    /// reached; `run.plan` is the smallest of them, the only one that can be effective).
    fn add_n(&mut self, run: &Run, n: u64) {
        self.runs += n;
        if let Plan::Drops(m) = run.plan {
            if run.applied == m {
                self.effective_masks += 1;
            }
        }
        if let Some(sim) = &run.sim {
            self.max_time = self.max_time.max(sim.now());
            self.max_events = self.max_events.max(sim.events_run());
            let tx = sim.transmissions().len();
            if self.busiest.is_none()
                || tx > self.max_transmissions
                || (tx == self.max_transmissions && self.busiest > Some(run.plan))
            {
                self.max_transmissions = tx;
                self.busiest = Some(run.plan);
            }
            self.events += sim.events_run() * n;
        }
        match check(run) {
            Ok(o) => {
                *self.outcomes.entry(o).or_default() += n;
                let e = self.examples.entry(o).or_insert(run.plan);
                *e = (*e).min(run.plan);
            }
            Err(message) => {
                if self.failures.len() >= KEEP_FAILURES {
                    self.more_failures += n;
                    return;
                }
                self.more_failures += n - 1;
                let faulted = run
                    .actions
                    .iter()
                    .filter_map(|a| match &a.action {
                        Action::Fault { target, fault } => Some(format!("{fault} {target}")),
                        _ => None,
                    })
                    .collect();
                self.failures.push(Failure {
                    profile: run.profile,
                    plan: run.plan,
                    message,
                    faulted,
                    scenario_json: run.scenario().to_json(),
                });
            }
        }
    }

    /// A finished branch of [`explore_drops_forked`], standing for `2^(bits − reached)` masks.
    /// Gives the driver back after a run that did not panic, to be recycled for another branch
    /// (`Driver::clone_from`).
    fn add_leaf(
        &mut self,
        profile: Profile,
        mut d: Box<Driver>,
        panic: Option<String>,
        bits: usize,
    ) -> Option<Box<Driver>> {
        let reached = d.decided.min(bits);
        let recycle = panic.is_none();
        let run = Run {
            profile,
            plan: Plan::Drops(d.mask()),
            actions: core::mem::take(&mut d.actions),
            sim: panic.is_none().then_some(d.sim),
            panic,
            bound_hit: d.bound_hit.take(),
            applied: d.applied,
            scanned: core::mem::take(&mut d.scanned),
        };
        self.add_n(&run, 1 << (bits - reached));
        let sim = run.sim.filter(|_| recycle)?;
        d.sim = sim;
        d.actions = run.actions;
        d.scanned = run.scanned;
        Some(d)
    }

    pub fn merge(&mut self, other: Summary) {
        self.runs += other.runs;
        for f in other.failures {
            if self.failures.len() < KEEP_FAILURES {
                self.failures.push(f);
            } else {
                self.more_failures += 1;
            }
        }
        self.more_failures += other.more_failures;
        for (o, n) in other.outcomes {
            *self.outcomes.entry(o).or_default() += n;
        }
        for (o, p) in other.examples {
            let e = self.examples.entry(o).or_insert(p);
            *e = (*e).min(p);
        }
        self.effective_masks += other.effective_masks;
        self.max_time = self.max_time.max(other.max_time);
        self.max_events = self.max_events.max(other.max_events);
        if self.busiest.is_none()
            || other.max_transmissions > self.max_transmissions
            || (other.max_transmissions == self.max_transmissions
                && other.busiest.is_some()
                && other.busiest < self.busiest)
        {
            self.max_transmissions = other.max_transmissions;
            self.busiest = other.busiest;
        }
        self.events += other.events;
    }

    pub fn failed(&self) -> u64 {
        self.failures.len() as u64 + self.more_failures
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} runs, {} failed; {} effective drop masks; longest run {} s of virtual time; \
             most events {}; most transmissions {} ({})",
            self.runs,
            self.failed(),
            self.effective_masks,
            self.max_time.total_millis() as f64 / 1000.0,
            self.max_events,
            self.max_transmissions,
            self.busiest.map_or(String::new(), plan_arg)
        )?;
        for (o, n) in &self.outcomes {
            let example = self
                .examples
                .get(o)
                .copied()
                .map_or(String::new(), plan_arg);
            writeln!(
                f,
                "  {n:>7}  client {:<15} server {:<15}  e.g. {example}",
                o.client.name(),
                o.server.name()
            )?;
        }
        Ok(())
    }
}

/// A plan as `scripts/explore --show PROFILE:PLAN` takes it.
pub fn plan_arg(plan: Plan) -> String {
    match plan {
        Plan::Drops(m) => format!("0x{m:04x}"),
        Plan::Delay { index, ms } => format!("delay:{index}:{ms}"),
    }
}

/// The transmissions of the loss-free run of `profile` (what the delay plans address).
pub fn loss_free_transmissions(profile: Profile) -> usize {
    run(profile, Plan::Drops(0))
        .sim
        .map_or(0, |s| s.transmissions().len())
}

/// Every delay plan of `profile`: each delay of [`DELAYS_MS`] on each transmission of the
/// loss-free run.
pub fn delay_plans(profile: Profile) -> Vec<Plan> {
    let n = loss_free_transmissions(profile);
    (0..n)
        .flat_map(|index| DELAYS_MS.iter().map(move |&ms| Plan::Delay { index, ms }))
        .collect()
}

/// Runs and checks every plan.
pub fn explore(profile: Profile, plans: impl IntoIterator<Item = Plan>) -> Summary {
    let mut summary = Summary::default();
    for plan in plans {
        summary.add(run(profile, plan));
    }
    summary
}
