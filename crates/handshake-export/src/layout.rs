//! What happened to each segment and each timer, read from the trace once for every drawing.
//!
//! A segment's path is a list of vertices `(event, t, x)`, `x` going from 0 at its sender to 1
//! at its receiver: it moves in a straight line towards its current arrival time, stops while
//! held, turns where a delay stretched the rest of its flight, and a link copy starts where its
//! original is. (The app's `timeline.rs` draws the live ladder by the same rule.)

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use handshake_core::endpoint::{TimerAction, TimerKind, Verdict};
use handshake_core::sim::{FaultSource, Side, TxId};
use handshake_core::trace::{SegmentInfo, Trace, TraceKind};
use handshake_core::{Duration, Instant};

/// A point of a segment's path: at event `event` (time `t`) it is at `x` of the way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vertex {
    pub event: usize,
    pub t: Instant,
    pub x: f64,
}

/// How a segment's flight ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fate {
    Arrived {
        event: usize,
        verdict: Option<Verdict>,
    },
    Dropped {
        event: usize,
        reason: FaultSource,
    },
    /// Still on the link when the run stopped.
    Flying,
}

/// Something the link did to a segment on the way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    Delayed {
        event: usize,
        by: Duration,
        reason: FaultSource,
    },
    Held {
        event: usize,
        reason: FaultSource,
    },
    Released {
        event: usize,
    },
}

/// One segment on the link (an endpoint transmission or a link copy).
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub seg: SegmentInfo,
    /// The `send` (or `duplicate`) event.
    pub start: usize,
    pub path: Vec<Vertex>,
    pub marks: Vec<Mark>,
    pub fate: Fate,
    motion: Motion,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Motion {
    Moving {
        t0: Instant,
        x0: f64,
        arrival: Instant,
    },
    Held {
        x: f64,
    },
    Done,
}

impl Flight {
    fn new(seg: SegmentInfo, event: usize, t: Instant, x: f64, arrival: Instant) -> Flight {
        Flight {
            seg,
            start: event,
            path: Vec::from([Vertex { event, t, x }]),
            marks: Vec::new(),
            fate: Fate::Flying,
            motion: Motion::Moving {
                t0: t,
                x0: x,
                arrival,
            },
        }
    }

    /// Where it is at `t`.
    pub fn position(&self, t: Instant) -> f64 {
        match self.motion {
            Motion::Moving { t0, x0, arrival } => {
                if arrival <= t0 || t >= arrival {
                    return 1.0;
                }
                let done = t.saturating_since(t0).total_micros() as f64;
                let all = arrival.saturating_since(t0).total_micros() as f64;
                x0 + (1.0 - x0) * (done / all)
            }
            Motion::Held { x } => x,
            Motion::Done => self.path.last().map_or(0.0, |v| v.x),
        }
    }

    fn turn(&mut self, event: usize, t: Instant) -> f64 {
        let x = self.position(t);
        self.path.push(Vertex { event, t, x });
        x
    }

    /// The sum of the delays added to it.
    pub fn delayed_by(&self) -> Duration {
        self.marks
            .iter()
            .filter_map(|m| match m {
                Mark::Delayed { by, .. } => Some(*by),
                _ => None,
            })
            .fold(Duration::ZERO, |a, b| a + b)
    }

    /// Whether it was held on the link at some point.
    pub fn was_held(&self) -> bool {
        self.marks.iter().any(|m| matches!(m, Mark::Held { .. }))
    }

    /// When it left (or, for a copy, when the link made it).
    pub fn sent_at(&self) -> Instant {
        self.path[0].t
    }

    /// When it arrived, was dropped, or the last vertex.
    pub fn ended_at(&self) -> Instant {
        self.path.last().map_or(Instant::ZERO, |v| v.t)
    }
}

/// How a timer's run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerEnd {
    Fired,
    Cancelled,
    Restarted,
    /// Still running when the run stopped.
    Running,
}

/// One run of a timer: set (or restarted) at event `start` for `deadline`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimerSpan {
    pub side: Side,
    pub kind: TimerKind,
    pub start: usize,
    pub set_at: Instant,
    pub deadline: Instant,
    pub backoff: u8,
    pub restarted: bool,
    /// The event that ended it (`None` while it runs).
    pub end_event: Option<usize>,
    pub end: TimerEnd,
}

/// Every flight and timer of a trace.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// In the order they appeared on the link.
    pub flights: Vec<Flight>,
    /// `flight_of[i]`: the flight event `i` is about, if any.
    pub flight_of: Vec<Option<usize>>,
    pub timers: Vec<TimerSpan>,
}

impl Model {
    pub fn build(trace: &Trace) -> Model {
        let mut m = Model {
            flight_of: alloc::vec![None; trace.len()],
            ..Model::default()
        };
        let mut by_id: BTreeMap<TxId, usize> = BTreeMap::new();
        let mut open: BTreeMap<(Side, u8), usize> = BTreeMap::new();
        for (i, e) in trace.iter().enumerate() {
            let t = e.t;
            let known = |id: &TxId| by_id.get(id).copied();
            match &e.kind {
                TraceKind::Send { seg, arrival, .. } => {
                    by_id.insert(seg.id, m.flights.len());
                    m.flight_of[i] = Some(m.flights.len());
                    m.flights.push(Flight::new(*seg, i, t, 0.0, *arrival));
                }
                TraceKind::Duplicate { seg, arrival, .. } => {
                    let x = seg
                        .duplicate_of
                        .and_then(|o| known(&o))
                        .map_or(0.0, |f| m.flights[f].position(t));
                    by_id.insert(seg.id, m.flights.len());
                    m.flight_of[i] = Some(m.flights.len());
                    m.flights.push(Flight::new(*seg, i, t, x, *arrival));
                }
                TraceKind::Delay {
                    seg,
                    by,
                    arrival,
                    reason,
                } => {
                    if let Some(f) = known(&seg.id) {
                        m.flight_of[i] = Some(f);
                        let fl = &mut m.flights[f];
                        fl.marks.push(Mark::Delayed {
                            event: i,
                            by: *by,
                            reason: *reason,
                        });
                        if let Motion::Moving { .. } = fl.motion {
                            let x = fl.turn(i, t);
                            fl.motion = Motion::Moving {
                                t0: t,
                                x0: x,
                                arrival: *arrival,
                            };
                        }
                    }
                }
                TraceKind::Hold { seg, reason } => {
                    if let Some(f) = known(&seg.id) {
                        m.flight_of[i] = Some(f);
                        let fl = &mut m.flights[f];
                        let x = fl.turn(i, t);
                        fl.marks.push(Mark::Held {
                            event: i,
                            reason: *reason,
                        });
                        fl.motion = Motion::Held { x };
                    }
                }
                TraceKind::Release { seg, arrival } => {
                    if let Some(f) = known(&seg.id) {
                        m.flight_of[i] = Some(f);
                        let fl = &mut m.flights[f];
                        let x = fl.turn(i, t);
                        fl.marks.push(Mark::Released { event: i });
                        fl.motion = Motion::Moving {
                            t0: t,
                            x0: x,
                            arrival: *arrival,
                        };
                    }
                }
                TraceKind::Drop { seg, reason } => {
                    if let Some(f) = known(&seg.id) {
                        m.flight_of[i] = Some(f);
                        let fl = &mut m.flights[f];
                        fl.turn(i, t);
                        fl.motion = Motion::Done;
                        fl.fate = Fate::Dropped {
                            event: i,
                            reason: *reason,
                        };
                    }
                }
                TraceKind::Arrive { seg, verdict } => {
                    if let Some(f) = known(&seg.id) {
                        m.flight_of[i] = Some(f);
                        let fl = &mut m.flights[f];
                        fl.path.push(Vertex {
                            event: i,
                            t,
                            x: 1.0,
                        });
                        fl.motion = Motion::Done;
                        fl.fate = Fate::Arrived {
                            event: i,
                            verdict: *verdict,
                        };
                    }
                }
                TraceKind::Timer {
                    side,
                    kind,
                    action,
                    deadline,
                    backoff,
                    ..
                } => {
                    let key = (*side, timer_key(*kind));
                    let close = |m: &mut Model, how: TimerEnd| {
                        if let Some(s) = open.get(&key).copied() {
                            let span = &mut m.timers[s];
                            if span.end == TimerEnd::Running {
                                span.end = how;
                                span.end_event = Some(i);
                            }
                        }
                    };
                    match action {
                        TimerAction::Set | TimerAction::Restart => {
                            let restarted = *action == TimerAction::Restart;
                            close(&mut m, TimerEnd::Restarted);
                            open.insert(key, m.timers.len());
                            m.timers.push(TimerSpan {
                                side: *side,
                                kind: *kind,
                                start: i,
                                set_at: t,
                                deadline: *deadline,
                                backoff: *backoff,
                                restarted,
                                end_event: None,
                                end: TimerEnd::Running,
                            });
                        }
                        TimerAction::Cancel => close(&mut m, TimerEnd::Cancelled),
                        TimerAction::Fire => close(&mut m, TimerEnd::Fired),
                    }
                }
                _ => {}
            }
        }
        m
    }
}

/// Timers of one side by kind, for the map of open runs.
fn timer_key(k: TimerKind) -> u8 {
    match k {
        TimerKind::Retransmission => 0,
        TimerKind::TimeWait => 1,
        TimerKind::FinWait2 => 2,
        TimerKind::DelayedAck => 3,
    }
}
