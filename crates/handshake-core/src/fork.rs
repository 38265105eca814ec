//! What-if forks of a run, and the comparison of two runs on one time axis.
//!
//! A [`Fork`] is data: the instant the runs part and the one action that makes the difference
//! (a fault on a segment — lost, delayed by …, held —, a broken-TCP switch, or any other
//! [`Action`]). The fork of a session is its scenario, the session's tape up to that instant, then
//! the action: [`Fork::replay`] (or [`Simulator::fork`]) builds it, and it then runs on like any
//! simulation. As a [`TimedAction`] ([`Fork::as_timed`]) it travels wherever actions travel
//! (scenario files, share links).
//!
//! [`compare`] reads two traces side by side and lists where they differ, instant by instant:
//! a segment one run sent and the other did not (matched by sender, flags, SEQ, ACK, length and
//! window, not by id, since ids drift once the runs part), a segment that arrived — or was lost,
//! delayed, held — in one run only, an application event in one only, and a side whose state
//! differs from an instant on. The first of them is where the runs diverge. Broken-TCP switches
//! are compared with real TCP this way: the same scenario and faults, one switch flipped at 0 s.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::endpoint::Verdict;
use crate::scenario::{Scenario, ScenarioError};
use crate::sim::Simulator;
use crate::state::State;
use crate::time::Instant;
use crate::trace::{SegmentInfo, Trace, TraceKind};
use crate::vocab::{Action, ActionError, Conn, Side, TimedAction};

/// Where a run parts from the one it is forked from: at `at`, `action` happens.
#[derive(Clone, Debug, PartialEq)]
pub struct Fork {
    pub at: Instant,
    pub action: Action,
}

/// Why a fork could not be made.
#[derive(Clone, Debug, PartialEq)]
pub enum ForkError {
    /// The scenario does not pass its checks.
    Scenario(ScenarioError),
    /// The action cannot be applied at that instant (a segment that is not on the link then).
    Action(ActionError),
}

impl fmt::Display for ForkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForkError::Scenario(e) => write!(f, "{e}"),
            ForkError::Action(e) => write!(f, "the fork's action cannot be applied: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ForkError {}

impl Fork {
    pub fn new(at: Instant, action: Action) -> Fork {
        Fork { at, action }
    }
    /// The fork as one timed action.
    pub fn as_timed(&self) -> TimedAction {
        TimedAction {
            at: self.at,
            action: self.action.clone(),
        }
    }
    /// The fork's tape: the actions of `tape` at or before `at` (those already happened when the
    /// runs part), then the fork's action.
    pub fn tape(&self, tape: &[TimedAction]) -> Vec<TimedAction> {
        let mut out: Vec<TimedAction> = tape.iter().filter(|a| a.at <= self.at).cloned().collect();
        out.push(self.as_timed());
        out
    }
    /// The forked run of a session (`scenario` and its `tape`), at `at` just after the action.
    pub fn replay(
        &self,
        scenario: &Scenario,
        tape: &[TimedAction],
    ) -> Result<Simulator, ForkError> {
        let before: Vec<TimedAction> = tape.iter().filter(|a| a.at <= self.at).cloned().collect();
        let mut sim = Simulator::replay(scenario, &before, self.at).map_err(ForkError::Scenario)?;
        sim.apply(self.action.clone()).map_err(ForkError::Action)?;
        Ok(sim)
    }
}

impl Simulator {
    /// The fork of this run: its scenario and its interactive actions up to `fork.at`, then
    /// `fork.action`. The result stands at `fork.at`; run it on as this one runs.
    pub fn fork(&self, fork: &Fork) -> Result<Simulator, ForkError> {
        fork.replay(self.scenario(), self.actions())
    }
}

/// Which of the two compared runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Which {
    First,
    Second,
}

impl Which {
    pub const fn name(self) -> &'static str {
        match self {
            Which::First => "first",
            Which::Second => "second",
        }
    }
}

/// One place where two runs differ.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    /// A segment put on the wire in one run only (sent, hand-made, or an old duplicate).
    Segment {
        t: Instant,
        only_in: Which,
        seg: SegmentInfo,
    },
    /// A segment that reached its receiver — with this verdict — in one run only.
    Arrival {
        t: Instant,
        only_in: Which,
        seg: SegmentInfo,
        verdict: Option<Verdict>,
    },
    /// Something the link did in one run only: `what` is the trace's type (`drop`, `delay`,
    /// `hold`, `release`, `duplicate`).
    Link {
        t: Instant,
        only_in: Which,
        seg: SegmentInfo,
        what: &'static str,
    },
    /// From `t` on, a socket's state differs: `first` in the first run, `second` in the second
    /// (CLOSED where the socket does not exist).
    State {
        t: Instant,
        side: Side,
        conn: Option<Conn>,
        first: State,
        second: State,
    },
    /// What an application was told in one run only: an event's name (`connected`, `reset`, …)
    /// or `deliver` with the number of bytes.
    App {
        t: Instant,
        only_in: Which,
        side: Side,
        what: String,
    },
}

impl Difference {
    /// When it happened.
    pub fn t(&self) -> Instant {
        match self {
            Difference::Segment { t, .. }
            | Difference::Arrival { t, .. }
            | Difference::Link { t, .. }
            | Difference::State { t, .. }
            | Difference::App { t, .. } => *t,
        }
    }
    /// The segment it is about, if any.
    pub fn segment(&self) -> Option<&SegmentInfo> {
        match self {
            Difference::Segment { seg, .. }
            | Difference::Arrival { seg, .. }
            | Difference::Link { seg, .. } => Some(seg),
            _ => None,
        }
    }
}

impl fmt::Display for Difference {
    /// `at 1.6s the client is TIME-WAIT in the first run, CLOSED in the second`, …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let conn = |c: &Option<Conn>| c.map(|c| alloc::format!(" ({c})")).unwrap_or_default();
        match self {
            Difference::Segment { t, only_in, seg } => write!(
                f,
                "at {t} only the {} run sends {} {} from the {}",
                only_in.name(),
                seg.id,
                seg.flags,
                seg.from
            ),
            Difference::Arrival {
                t,
                only_in,
                seg,
                verdict,
            } => {
                write!(
                    f,
                    "at {t} only in the {} run does {} reach the {}",
                    only_in.name(),
                    seg.id,
                    seg.to()
                )?;
                if let Some(v) = verdict {
                    write!(f, " ({v})")?;
                }
                Ok(())
            }
            Difference::Link {
                t,
                only_in,
                seg,
                what,
            } => write!(
                f,
                "at {t} only in the {} run: {what} {}",
                only_in.name(),
                seg.id
            ),
            Difference::State {
                t,
                side,
                conn: c,
                first,
                second,
            } => write!(
                f,
                "from {t} the {side}{} is {first} in the first run, {second} in the second",
                conn(c)
            ),
            Difference::App {
                t,
                only_in,
                side,
                what,
            } => write!(
                f,
                "at {t} only in the {} run is the {side}'s application told: {what}",
                only_in.name()
            ),
        }
    }
}

/// Where two runs differ.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// Every difference, in time order (within an instant, in the order the events happened).
    pub differences: Vec<Difference>,
}

impl Comparison {
    /// The first divergence: the earliest difference, or `None` if the runs agree.
    pub fn first(&self) -> Option<&Difference> {
        self.differences.first()
    }
    pub fn is_same(&self) -> bool {
        self.differences.is_empty()
    }
}

/// What identifies a segment across two runs (ids drift once they part): its sender, its
/// control bits and its place in both sequence spaces. The advertised window and the options
/// are left out: two runs under different settings (the RFC and Linux profiles advertise
/// different windows and MSS) send the same segments with other numbers in those fields, and
/// a comparison that called every such segment "only in" each run would hide where the runs
/// really part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SegKey {
    from: Side,
    flags: u8,
    seq: u32,
    ack: u32,
    len: u32,
}

fn key(s: &SegmentInfo) -> SegKey {
    SegKey {
        from: s.from,
        flags: s.flags.bits(),
        seq: s.seq.0,
        ack: s.ack.0,
        len: s.len,
    }
}

/// One comparable fact of a run at an instant (`Ord` only to pair them up).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fact {
    Segment(SegKey),
    Arrival(SegKey, Option<&'static str>),
    Link(SegKey, &'static str),
    App(Side, String),
}

/// The facts of one run, by instant, each with its event's index and the event.
struct Facts<'a> {
    at: BTreeMap<Instant, Vec<(Fact, usize, &'a TraceKind)>>,
}

fn facts(trace: &Trace) -> Facts<'_> {
    let mut at: BTreeMap<Instant, Vec<(Fact, usize, &TraceKind)>> = BTreeMap::new();
    for (i, e) in trace.iter().enumerate() {
        let fact = match &e.kind {
            TraceKind::Send { seg, .. }
            | TraceKind::Inject { seg, .. }
            | TraceKind::OldDuplicate { seg, .. } => Fact::Segment(key(seg)),
            TraceKind::Arrive { seg, verdict } => {
                Fact::Arrival(key(seg), verdict.map(Verdict::name))
            }
            TraceKind::Drop { seg, .. }
            | TraceKind::Delay { seg, .. }
            | TraceKind::Hold { seg, .. }
            | TraceKind::Release { seg, .. }
            | TraceKind::Duplicate { seg, .. } => Fact::Link(key(seg), e.kind.name()),
            TraceKind::App { side, event } => Fact::App(*side, String::from(event.name())),
            TraceKind::Deliver { side, len, .. } => {
                Fact::App(*side, alloc::format!("deliver {len} B"))
            }
            _ => continue,
        };
        at.entry(e.t).or_default().push((fact, i, &e.kind));
    }
    Facts { at }
}

/// A state change of one run: its event's index, the side, the socket, the new state.
type Change = (usize, Side, Option<Conn>, State);

/// The state changes of one run, by instant.
fn states(trace: &Trace) -> BTreeMap<Instant, Vec<Change>> {
    let mut out: BTreeMap<Instant, Vec<Change>> = BTreeMap::new();
    for (i, e) in trace.iter().enumerate() {
        if let TraceKind::State { side, to, .. } = e.kind {
            out.entry(e.t).or_default().push((i, side, e.conn, to));
        }
    }
    out
}

/// Compares two runs on one time axis: every difference, the first one first.
pub fn compare(first: &Trace, second: &Trace) -> Comparison {
    let (fa, fb) = (facts(first), facts(second));
    let (sa, sb) = (states(first), states(second));
    let mut times: Vec<Instant> = fa
        .at
        .keys()
        .chain(fb.at.keys())
        .chain(sa.keys())
        .chain(sb.keys())
        .copied()
        .collect();
    crate::sort::sort_by(&mut times, Ord::cmp);
    times.dedup();

    // The state of every socket so far in each run, and the pairs already reported.
    let mut now: BTreeMap<(Side, Option<Conn>), [State; 2]> = BTreeMap::new();
    let mut out: Vec<(Instant, usize, Difference)> = Vec::new();
    let empty = Vec::new();
    for t in times {
        // Facts present in one run only (as multisets).
        let a = fa.at.get(&t).unwrap_or(&empty);
        let b = fb.at.get(&t).unwrap_or(&empty);
        let mut used = alloc::vec![false; b.len()];
        let mut only_a = Vec::new();
        for x in a {
            match b
                .iter()
                .enumerate()
                .position(|(j, y)| !used[j] && y.0 == x.0)
            {
                Some(j) => used[j] = true,
                None => only_a.push(x),
            }
        }
        let only_b = b.iter().zip(&used).filter(|(_, u)| !**u).map(|(y, _)| y);
        for (which, (fact, i, kind)) in only_a
            .into_iter()
            .map(|x| (Which::First, x))
            .chain(only_b.map(|y| (Which::Second, y)))
        {
            if let Some(d) = difference(t, which, fact, kind) {
                out.push((t, *i, d));
            }
        }
        // States after the instant.
        let before = now.clone();
        for (k, run) in [(0, &sa), (1, &sb)] {
            for (_, side, conn, to) in run.get(&t).into_iter().flatten() {
                now.entry((*side, *conn)).or_insert([State::Closed; 2])[k] = *to;
            }
        }
        for (sock, pair) in &now {
            let was = before.get(sock).copied().unwrap_or([State::Closed; 2]);
            if pair[0] != pair[1] && *pair != was {
                let index = [&sa, &sb]
                    .iter()
                    .filter_map(|run| run.get(&t))
                    .flatten()
                    .filter(|(_, s, c, _)| (*s, *c) == *sock)
                    .map(|(i, ..)| *i)
                    .min()
                    .unwrap_or(usize::MAX);
                out.push((
                    t,
                    index,
                    Difference::State {
                        t,
                        side: sock.0,
                        conn: sock.1,
                        first: pair[0],
                        second: pair[1],
                    },
                ));
            }
        }
    }
    crate::sort::sort_by_key(&mut out, |(t, i, _)| (*t, *i));
    Comparison {
        differences: out.into_iter().map(|(_, _, d)| d).collect(),
    }
}

fn difference(t: Instant, only_in: Which, fact: &Fact, kind: &TraceKind) -> Option<Difference> {
    let seg = kind.segment().copied();
    Some(match fact {
        Fact::Segment(_) => Difference::Segment {
            t,
            only_in,
            seg: seg?,
        },
        Fact::Arrival(..) => Difference::Arrival {
            t,
            only_in,
            seg: seg?,
            verdict: match kind {
                TraceKind::Arrive { verdict, .. } => *verdict,
                _ => None,
            },
        },
        Fact::Link(_, what) => Difference::Link {
            t,
            only_in,
            seg: seg?,
            what,
        },
        Fact::App(side, what) => Difference::App {
            t,
            only_in,
            side: *side,
            what: what.clone(),
        },
    })
}
