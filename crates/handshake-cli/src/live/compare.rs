//! The differential comparison: a live run against the simulator running the same scenario.
//!
//! **Segments** are compared per direction, in the order their sender sent them (the order of
//! two segments travelling in opposite directions at nearly the same instant is a matter of
//! microseconds in a live run, and the relation between the directions is what the times
//! check). Each direction's sequence is aligned with the simulation's (longest common
//! subsequence on flags, relative SEQ, relative ACK and length); what does not align is a segment
//! only one run sent, or one that changed, and is reported.
//!
//! **Times** are compared as reactions, so that one late segment does not make every later one
//! look late: a segment's *wait* is the time from the last thing that happened at its sender (a
//! segment arriving there, one it sent, a call its application made) to the segment itself. An
//! ACK sent at once waits 0; Linux's delayed ACK waits ≈ 40 ms; a retransmission waits its RTO.
//! Two waits agree within [`Options::tolerance`], plus one eighth of the time since the original
//! for a retransmission and of the wait itself (Linux's timer wheel rounds a timer of that
//! length up to that granularity).
//!
//! **States** are compared per side as sequences: the states each side passed through after the
//! initial CLOSED, where a state that lasted less than [`Options::instant`] (the model takes
//! FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT in one step; a sample of the kernel sees only the last) is
//! left out on both sides.

use std::fmt::Write as _;

use handshake_core::trace::{SegmentInfo, TraceEvent, TraceKind};
use handshake_core::vocab::{Side, TxId};
use handshake_core::{Duration, Flags, Instant, State};

use super::record::{LiveEvent, LiveRun};

/// How strict the comparison is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Two waits this close are the same. A live run is stamped by a real clock in a loop that
    /// polls with millisecond resolution, on a shared machine.
    pub tolerance: Duration,
    /// States shorter than this are left out of the comparison.
    pub instant: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tolerance: Duration::from_millis(20),
            instant: Duration::from_millis(2),
        }
    }
}

/// The fields compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegKey {
    pub flags: Flags,
    pub rel_seq: u32,
    /// `None` without the ACK bit.
    pub rel_ack: Option<u32>,
    pub len: u32,
}

/// One segment as it left its sender.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegRow {
    pub id: TxId,
    pub t: Instant,
    pub key: SegKey,
    /// Time since the last event at the sender at an earlier instant (see the module
    /// documentation).
    pub wait: Duration,
    /// Something happened at the sender at the same instant, just before: the segment may be a
    /// reaction to it (wait 0) or a timer that fired at that instant (wait as above). Only a
    /// run in virtual time has such ties; both readings are tried.
    pub tie: bool,
    /// For a retransmission: the time since the segment it repeats.
    pub since_original: Option<Duration>,
}

impl SegRow {
    /// `S2 [SYN, ACK] Seq=0 Ack=1 Len=0`
    pub fn label(&self) -> String {
        let mut s = format!("{} {} Seq={}", self.id, self.key.flags, self.key.rel_seq);
        if let Some(a) = self.key.rel_ack {
            let _ = write!(s, " Ack={a}");
        }
        let _ = write!(s, " Len={}", self.key.len);
        s
    }
    fn shape(&self) -> String {
        let mut s = format!("{} Seq={}", self.key.flags, self.key.rel_seq);
        if let Some(a) = self.key.rel_ack {
            let _ = write!(s, " Ack={a}");
        }
        let _ = write!(s, " Len={}", self.key.len);
        s
    }
}

/// One difference between the runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    /// Sent in the live run, not in the simulation.
    OnlyLive(SegRow),
    /// Sent in the simulation, not in the live run.
    OnlySim(SegRow),
    /// The same place in the exchange, other fields.
    Changed { live: SegRow, sim: SegRow },
    /// The same segment after a different wait.
    Timing {
        live: SegRow,
        sim: SegRow,
        /// The waits compared (the closest readings of the two).
        waits: (Duration, Duration),
        allowed: Duration,
    },
    /// A side passed through other states.
    States {
        side: Side,
        live: Vec<State>,
        sim: Vec<State>,
    },
}

impl Difference {
    /// One line without the numbers that vary from run to run (times), so that an expectation
    /// file can name it: `+ S3 [ACK] Seq=1 Ack=2 Len=0: only in the live run`.
    pub fn signature(&self) -> String {
        match self {
            Difference::OnlyLive(r) => format!("+ {}: only in the live run", r.label()),
            Difference::OnlySim(r) => format!("- {}: only in the model's run", r.label()),
            Difference::Changed { live, sim } => {
                format!(
                    "~ {} live, {} in the model's run",
                    live.label(),
                    sim.shape()
                )
            }
            Difference::Timing { live, waits, .. } => {
                let later = waits.0 > waits.1;
                format!(
                    "> {} {} than the model's",
                    live.label(),
                    if later { "later" } else { "sooner" }
                )
            }
            Difference::States { side, live, sim } => {
                format!("= {side} states: live {} / model {}", path(live), path(sim))
            }
        }
    }

    /// The signature with the measured numbers.
    pub fn detail(&self) -> String {
        match self {
            Difference::OnlyLive(r) | Difference::OnlySim(r) => {
                format!("{} (at {})", self.signature(), r.t)
            }
            Difference::Changed { live, sim } => {
                format!("{} (at {} / {})", self.signature(), live.t, sim.t)
            }
            Difference::Timing {
                live,
                sim,
                waits,
                allowed,
            } => format!(
                "{} (waited {} / {}, allowed ±{}; at {} / {})",
                self.signature(),
                waits.0,
                waits.1,
                allowed,
                live.t,
                sim.t
            ),
            Difference::States { .. } => self.signature(),
        }
    }
}

fn path(states: &[State]) -> String {
    states
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The result of one comparison.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// Segments found in both runs.
    pub matched: usize,
    /// Segments in the live run and in the simulation.
    pub segments: (usize, usize),
    pub differences: Vec<Difference>,
}

impl Comparison {
    pub fn agrees(&self) -> bool {
        self.differences.is_empty()
    }
    /// The signature lines, in a stable order: segments client → server, server → client, then
    /// states.
    pub fn signature(&self) -> Vec<String> {
        self.differences.iter().map(Difference::signature).collect()
    }
}

/// Compares a live run with a simulator trace of the same scenario (run to the live run's end).
pub fn compare(live: &LiveRun, sim: &[TraceEvent], opts: Options) -> Comparison {
    let live_core: Vec<TraceEvent> = live
        .events
        .iter()
        .filter_map(|e| match e {
            LiveEvent::Core(ev) => Some(ev.clone()),
            LiveEvent::KernelState { .. } | LiveEvent::KernelCallFailed { .. } => None,
        })
        .collect();
    let mut out = Comparison::default();
    for from in Side::BOTH {
        let a = segments(&live_core, from);
        let b = segments(sim, from);
        out.segments.0 += a.len();
        out.segments.1 += b.len();
        compare_direction(&a, &b, opts, &mut out);
    }
    let live_states = live_states(live);
    let sim_states = sim_states(sim);
    for side in Side::BOTH {
        let a = collapse(&live_states[side.index()], opts.instant);
        let b = collapse(&sim_states[side.index()], opts.instant);
        if a != b {
            out.differences.push(Difference::States {
                side,
                live: a,
                sim: b,
            });
        }
    }
    out
}

/// The segments `from` sent (link copies excluded), with their waits.
pub fn segments(events: &[TraceEvent], from: Side) -> Vec<SegRow> {
    let mut rows: Vec<SegRow> = Vec::new();
    // The last two instants at which something happened at the sender.
    let (mut last, mut before_last) = (None::<Instant>, Instant::ZERO);
    let mark = |t: Instant, last: &mut Option<Instant>, before_last: &mut Instant| {
        if *last != Some(t) {
            *before_last = last.unwrap_or(Instant::ZERO);
            *last = Some(t);
        }
    };
    for e in events {
        match &e.kind {
            TraceKind::Send { seg, .. } if seg.from == from && seg.duplicate_of.is_none() => {
                let since_original = seg.retransmission_of.and_then(|orig| {
                    rows.iter()
                        .find(|r| r.id == orig)
                        .map(|r| e.t.saturating_since(r.t))
                });
                let tie = last == Some(e.t);
                let anchor = if tie {
                    before_last
                } else {
                    last.unwrap_or(Instant::ZERO)
                };
                rows.push(SegRow {
                    id: seg.id,
                    t: e.t,
                    key: key(seg),
                    wait: e.t.saturating_since(anchor),
                    tie,
                    since_original,
                });
                mark(e.t, &mut last, &mut before_last);
            }
            TraceKind::Arrive { seg, .. } if seg.to() == from => {
                mark(e.t, &mut last, &mut before_last)
            }
            TraceKind::Call { side, .. } if *side == from => mark(e.t, &mut last, &mut before_last),
            _ => {}
        }
    }
    rows
}

fn key(seg: &SegmentInfo) -> SegKey {
    SegKey {
        flags: seg.flags,
        rel_seq: seg.rel_seq,
        rel_ack: seg.flags.ack().then_some(seg.rel_ack),
        len: seg.len,
    }
}

fn compare_direction(live: &[SegRow], sim: &[SegRow], opts: Options, out: &mut Comparison) {
    // Longest common subsequence on the keys.
    let (n, m) = (live.len(), sim.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if live[i].key == sim[j].key {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut only_live, mut only_sim) = (Vec::new(), Vec::new());
    let flush = |only_live: &mut Vec<SegRow>, only_sim: &mut Vec<SegRow>, out: &mut Comparison| {
        // Within one gap, a live and a model segment with the same relative SEQ are the same
        // place in the exchange, changed; the rest were sent by one run only.
        let mut sims: Vec<Option<SegRow>> = only_sim.drain(..).map(Some).collect();
        for l in only_live.drain(..) {
            let twin = sims
                .iter_mut()
                .find(|s| s.is_some_and(|s| s.key.rel_seq == l.key.rel_seq));
            match twin.and_then(Option::take) {
                Some(s) => out
                    .differences
                    .push(Difference::Changed { live: l, sim: s }),
                None => out.differences.push(Difference::OnlyLive(l)),
            }
        }
        for s in sims.into_iter().flatten() {
            out.differences.push(Difference::OnlySim(s));
        }
    };
    while i < n || j < m {
        if i < n && j < m && live[i].key == sim[j].key {
            flush(&mut only_live, &mut only_sim, out);
            out.matched += 1;
            if let Some(d) = check_time(live[i], sim[j], opts) {
                out.differences.push(d);
            }
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            only_sim.push(sim[j]);
            j += 1;
        } else {
            only_live.push(live[i]);
            i += 1;
        }
    }
    flush(&mut only_live, &mut only_sim, out);
}

fn check_time(live: SegRow, sim: SegRow, opts: Options) -> Option<Difference> {
    // The model's readings of its wait, each with the slack a timer of that length gets: the
    // wait since the last thing at the sender (a timer's length at most), or none at all when
    // it reacted to something at the same instant.
    let slack = |wait: Duration| {
        let timer = wait.max(sim.since_original.unwrap_or(Duration::ZERO));
        Duration::from_micros(timer.total_micros() / 8)
    };
    let mut sim_readings = vec![(sim.wait, slack(sim.wait))];
    if sim.tie {
        sim_readings.push((Duration::ZERO, Duration::ZERO));
    }
    let mut live_readings = vec![live.wait];
    if live.tie {
        live_readings.push(Duration::ZERO);
    }
    let distance = |a: Duration, b: Duration| if a > b { a - b } else { b - a };
    let mut best: Option<(Duration, Duration, Duration)> = None;
    for &a in &live_readings {
        for &(b, slack) in &sim_readings {
            let allowed = opts.tolerance + slack;
            if distance(a, b) <= allowed {
                return None;
            }
            // Keep the closest reading for the report.
            if best.is_none_or(|(x, y, _)| distance(a, b) < distance(x, y)) {
                best = Some((a, b, allowed));
            }
        }
    }
    let (a, b, allowed) = best?;
    Some(Difference::Timing {
        live,
        sim,
        waits: (a, b),
        allowed,
    })
}

/// Each side's states in order, with the time each was entered, from CLOSED.
fn live_states(live: &LiveRun) -> [Vec<(Instant, State)>; 2] {
    let mut out = [
        vec![(Instant::ZERO, State::Closed)],
        vec![(Instant::ZERO, State::Closed)],
    ];
    for e in &live.events {
        match e {
            LiveEvent::KernelState { t, side, to, .. } => out[side.index()].push((*t, *to)),
            LiveEvent::Core(TraceEvent {
                t,
                kind: TraceKind::State { side, to, .. },
            }) => out[side.index()].push((*t, *to)),
            _ => {}
        }
    }
    out
}

fn sim_states(sim: &[TraceEvent]) -> [Vec<(Instant, State)>; 2] {
    let mut out = [
        vec![(Instant::ZERO, State::Closed)],
        vec![(Instant::ZERO, State::Closed)],
    ];
    for e in sim {
        if let TraceKind::State { side, to, .. } = e.kind {
            out[side.index()].push((e.t, to));
        }
    }
    out
}

/// The states after the first, leaving out any that lasted less than `instant` and merging
/// repeats. (Every side starts CLOSED; how long a live run took to see its first call's effect
/// says nothing about TCP.)
fn collapse(states: &[(Instant, State)], instant: Duration) -> Vec<State> {
    let mut out: Vec<State> = Vec::new();
    for (k, (t, s)) in states.iter().enumerate().skip(1) {
        let brief = states
            .get(k + 1)
            .is_some_and(|(next, _)| next.saturating_since(*t) < instant);
        if brief || out.last() == Some(s) {
            continue;
        }
        out.push(*s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::SeqNumber;
    use handshake_core::endpoint::Cause;

    fn info(id: TxId, flags: Flags, rel_seq: u32, rel_ack: u32, len: u32) -> SegmentInfo {
        SegmentInfo {
            id,
            from: id.side,
            flags,
            seq: SeqNumber(rel_seq),
            ack: SeqNumber(rel_ack),
            rel_seq,
            rel_ack,
            len,
            window: 1000,
            checksum: 0,
            mss: None,
            urgent: 0,
            data_offset: 5,
            retransmission_of: None,
            duplicate_of: None,
        }
    }

    fn at(ms: u64, kind: TraceKind) -> TraceEvent {
        TraceEvent {
            t: Instant::from_millis(ms),
            kind,
        }
    }

    /// A handshake in the reference profile: SYN at 0, SYN,ACK at 100 ms (`synack_wait` after
    /// the SYN arrives), ACK at 200 ms.
    fn handshake(synack_wait: u64) -> Vec<TraceEvent> {
        let c1 = info(TxId::new(Side::Client, 1), Flags::SYN, 0, 0, 0);
        let s1 = info(TxId::new(Side::Server, 1), Flags::SYN | Flags::ACK, 0, 1, 0);
        let c2 = info(TxId::new(Side::Client, 2), Flags::ACK, 1, 1, 0);
        let t = synack_wait;
        let arrival = Instant::ZERO;
        vec![
            at(0, state(Side::Server, State::Closed, State::Listen)),
            at(0, state(Side::Client, State::Closed, State::SynSent)),
            at(
                0,
                TraceKind::Send {
                    seg: c1,
                    arrival,
                    retry: None,
                    rule: None,
                },
            ),
            at(
                100,
                TraceKind::Arrive {
                    seg: c1,
                    verdict: None,
                },
            ),
            at(100, state(Side::Server, State::Listen, State::SynReceived)),
            at(
                100 + t,
                TraceKind::Send {
                    seg: s1,
                    arrival,
                    retry: None,
                    rule: None,
                },
            ),
            at(
                200 + t,
                TraceKind::Arrive {
                    seg: s1,
                    verdict: None,
                },
            ),
            at(
                200 + t,
                state(Side::Client, State::SynSent, State::Established),
            ),
            at(
                200 + t,
                TraceKind::Send {
                    seg: c2,
                    arrival,
                    retry: None,
                    rule: None,
                },
            ),
            at(
                300 + t,
                TraceKind::Arrive {
                    seg: c2,
                    verdict: None,
                },
            ),
            at(
                300 + t,
                state(Side::Server, State::SynReceived, State::Established),
            ),
        ]
    }

    fn state(side: Side, from: State, to: State) -> TraceKind {
        TraceKind::State {
            side,
            from,
            to,
            cause: Cause::Listen,
            role: None,
        }
    }

    fn live(events: Vec<TraceEvent>) -> LiveRun {
        LiveRun {
            model_side: Side::Client,
            events: events.into_iter().map(LiveEvent::Core).collect(),
            packets: Vec::new(),
            end: Instant::from_secs(1),
            notes: Vec::new(),
            stall: Duration::ZERO,
        }
    }

    #[test]
    fn the_same_exchange_agrees() {
        let c = compare(&live(handshake(0)), &handshake(0), Options::default());
        assert!(c.agrees(), "{:?}", c.signature());
        assert_eq!(c.matched, 3);
        assert_eq!(c.segments, (3, 3));
    }

    #[test]
    fn a_segment_only_one_run_sent_is_reported_on_its_side() {
        let mut extra = handshake(0);
        // The server re-sends its SYN,ACK at 1.1 s in the live run only.
        let s2 = SegmentInfo {
            retransmission_of: Some(TxId::new(Side::Server, 1)),
            ..info(TxId::new(Side::Server, 2), Flags::SYN | Flags::ACK, 0, 1, 0)
        };
        extra.push(at(
            1100,
            TraceKind::Send {
                seg: s2,
                arrival: Instant::ZERO,
                retry: None,
                rule: None,
            },
        ));
        let c = compare(&live(extra.clone()), &handshake(0), Options::default());
        assert_eq!(
            c.signature(),
            ["+ S2 [SYN, ACK] Seq=0 Ack=1 Len=0: only in the live run"]
        );
        let c = compare(&live(handshake(0)), &extra, Options::default());
        assert_eq!(
            c.signature(),
            ["- S2 [SYN, ACK] Seq=0 Ack=1 Len=0: only in the model's run"]
        );
    }

    #[test]
    fn a_changed_segment_is_one_difference_not_two() {
        let mut changed = handshake(0);
        if let TraceKind::Send { seg, .. } = &mut changed[8].kind {
            seg.flags = Flags::ACK | Flags::PSH;
            seg.len = 5;
        }
        let c = compare(&live(changed), &handshake(0), Options::default());
        assert_eq!(
            c.signature(),
            ["~ C2 [PSH, ACK] Seq=1 Ack=1 Len=5 live, [ACK] Seq=1 Ack=1 Len=0 in the model's run"]
        );
    }

    #[test]
    fn a_delayed_answer_is_a_timing_difference_and_its_consequences_are_not() {
        // The live server answers 40 ms after the SYN arrives (a delayed reaction); the client's
        // ACK then leaves 40 ms later too, but it reacts at once in both runs.
        let c = compare(&live(handshake(40)), &handshake(0), Options::default());
        assert_eq!(
            c.signature(),
            ["> S1 [SYN, ACK] Seq=0 Ack=1 Len=0 later than the model's"]
        );
        assert!(c.differences[0].detail().contains("waited 0.04s / 0s"));
        // 15 ms is within the tolerance.
        assert!(compare(&live(handshake(15)), &handshake(0), Options::default()).agrees());
    }

    #[test]
    fn a_delayed_reaction_after_a_long_quiet_time_is_still_a_timing_difference() {
        // The model's ACK of data answers at once (a tie with the arrival) after 0.4 s of quiet;
        // Linux's delayed ACK waits 45 ms. The quiet time must not lend it a timer's slack.
        let ack = |wait: u64| {
            let mut ev = handshake(0);
            let data = info(
                TxId::new(Side::Client, 3),
                Flags::ACK | Flags::PSH,
                1,
                1,
                10,
            );
            let s2 = info(TxId::new(Side::Server, 2), Flags::ACK, 1, 11, 0);
            let arrival = Instant::ZERO;
            ev.push(at(
                600,
                TraceKind::Send {
                    seg: data,
                    arrival,
                    retry: None,
                    rule: None,
                },
            ));
            ev.push(at(
                700,
                TraceKind::Arrive {
                    seg: data,
                    verdict: None,
                },
            ));
            ev.push(at(
                700 + wait,
                TraceKind::Send {
                    seg: s2,
                    arrival,
                    retry: None,
                    rule: None,
                },
            ));
            ev
        };
        let c = compare(&live(ack(45)), &ack(0), Options::default());
        assert_eq!(
            c.signature(),
            ["> S2 [ACK] Seq=1 Ack=11 Len=0 later than the model's"]
        );
        assert!(compare(&live(ack(5)), &ack(0), Options::default()).agrees());
    }

    #[test]
    fn a_retransmission_is_allowed_an_eighth_of_its_timeout() {
        let rtx = |t: u64| {
            let mut ev = handshake(0);
            let c3 = SegmentInfo {
                retransmission_of: Some(TxId::new(Side::Client, 2)),
                ..info(
                    TxId::new(Side::Client, 3),
                    Flags::ACK | Flags::PSH,
                    1,
                    1,
                    10,
                )
            };
            ev.push(at(
                t,
                TraceKind::Send {
                    seg: c3,
                    arrival: Instant::ZERO,
                    retry: None,
                    rule: None,
                },
            ));
            ev
        };
        // Sent 1 s after C2 in the model; 1.1 s in the live run is within 20 ms + 1/8 s.
        assert!(compare(&live(rtx(1300)), &rtx(1200), Options::default()).agrees());
        let c = compare(&live(rtx(1400)), &rtx(1200), Options::default());
        assert_eq!(c.differences.len(), 1, "{:?}", c.signature());
    }

    #[test]
    fn states_are_compared_as_sequences_without_instant_ones() {
        let mut a = handshake(0);
        a.push(at(
            500,
            state(Side::Client, State::Established, State::FinWait1),
        ));
        let mut b = a.clone();
        // The model passes FIN-WAIT-2 in the same instant; the sample only sees TIME-WAIT.
        b.push(at(
            700,
            state(Side::Client, State::FinWait1, State::FinWait2),
        ));
        b.push(at(
            700,
            state(Side::Client, State::FinWait2, State::TimeWait),
        ));
        a.push(at(
            700,
            state(Side::Client, State::FinWait1, State::TimeWait),
        ));
        assert!(compare(&live(a.clone()), &b, Options::default()).agrees());

        let mut c = a.clone();
        c.push(at(900, state(Side::Client, State::TimeWait, State::Closed)));
        let cmp = compare(&live(a), &c, Options::default());
        assert_eq!(
            cmp.signature(),
            [
                "= client states: live SYN-SENT → ESTABLISHED → FIN-WAIT-1 → TIME-WAIT / model SYN-SENT → ESTABLISHED → FIN-WAIT-1 → TIME-WAIT → CLOSED"
            ]
        );
    }

    #[test]
    fn kernel_states_count_as_the_kernels_side() {
        let sim = handshake(0);
        let mut run = live(
            sim.iter()
                .filter(|e| e.kind.side() != Some(Side::Server) || e.kind.segment().is_some())
                .cloned()
                .collect(),
        );
        for (t, from, to) in [
            // The first sample comes a few milliseconds after the call: no difference.
            (5, State::Closed, State::Listen),
            (100, State::Listen, State::SynReceived),
            (300, State::SynReceived, State::Established),
        ] {
            run.events.push(LiveEvent::KernelState {
                t: Instant::from_millis(t),
                side: Side::Server,
                from,
                to,
            });
        }
        run.events.sort_by_key(|e| match e {
            LiveEvent::Core(ev) => ev.t,
            LiveEvent::KernelState { t, .. } | LiveEvent::KernelCallFailed { t, .. } => *t,
        });
        assert!(compare(&run, &sim, Options::default()).agrees());
        run.events.pop();
        let c = compare(&run, &sim, Options::default());
        assert_eq!(c.differences.len(), 1);
    }
}
