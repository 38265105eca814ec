//! The seam that plays a *recorded* trace — a real capture as the core's passive observer read
//! it (`handshake_core::observer::observe`), or a finished simulation — with the lab's clock
//! operations: step to the next or previous instant at which something happened, seek to any
//! time, run forward by an amount of virtual time. The lab's [`crate::lab::LabState`] plays a
//! live `Simulator`; a recording has nothing to compute, so its present only selects how much of
//! the trace is shown: the events at or before [`Recording::now`]. No TCP is inferred here: the
//! states, notes and segments are the observer's.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::observer_note::ObserverNote;
use handshake_core::sim::{Side, TxId};
use handshake_core::state::State;
use handshake_core::trace::{Trace, TraceEvent, TraceKind};

/// The height, in pixels, of a recording's quickest flight: as tall as a 100 ms flight in the
/// lab, so a capture's arrows slope and its capsules travel however short its round trips.
pub const QUICKEST_FLIGHT_PX: f64 = 100.0;
/// The most pixels per millisecond a recording is drawn with (a flight of 10 µs or less is
/// [`QUICKEST_FLIGHT_PX`] tall or less).
pub const MAX_PX_PER_MS: f64 = 10_000.0;
/// Real milliseconds playing waits at an instant when nothing is on its way before it goes on
/// to the next: a capture may wait seconds between segments, or none.
pub const IDLE_STEP_MS: f64 = 600.0;

/// The scale of [`Recording::px_per_ms`] for `trace`.
fn quickest_flight_scale(trace: &Trace) -> f64 {
    let quickest = trace
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Send { arrival, .. } if *arrival > e.t => {
                Some(crate::timeline::ms(*arrival) - crate::timeline::ms(e.t))
            }
            _ => None,
        })
        .fold(f64::INFINITY, f64::min);
    if quickest.is_finite() {
        (QUICKEST_FLIGHT_PX / quickest).clamp(crate::timeline::PX_PER_MS, MAX_PX_PER_MS)
    } else {
        crate::timeline::PX_PER_MS
    }
}

/// A finished trace and a present on its time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    pub trace: Rc<Trace>,
    /// The distinct times of the trace's events, in order.
    instants: Rc<Vec<Instant>>,
    /// The present: the events at or before it are shown.
    pub now: Instant,
    /// Pixels per millisecond of moving time ([`Recording::px_per_ms`]), found once.
    px_per_ms: f64,
    /// The longest flight of the trace (a send to its arrival).
    longest_flight: handshake_core::Duration,
}

impl Recording {
    /// The recording at its start (0 s: nothing happened yet unless the trace has events at 0).
    pub fn new(trace: Trace) -> Recording {
        let mut instants: Vec<Instant> = trace.iter().map(|e| e.t).collect();
        handshake_core::sort::sort_by(&mut instants, Ord::cmp);
        instants.dedup();
        let px_per_ms = quickest_flight_scale(&trace);
        let longest_flight = trace
            .iter()
            .filter_map(|e| match &e.kind {
                TraceKind::Send { arrival, .. } if *arrival > e.t => Some(*arrival - e.t),
                _ => None,
            })
            .max()
            .unwrap_or(handshake_core::Duration::ZERO);
        Recording {
            trace: Rc::new(trace),
            instants: Rc::new(instants),
            now: Instant::ZERO,
            px_per_ms,
            longest_flight,
        }
    }

    /// The time of the last event (0 for an empty trace).
    pub fn end(&self) -> Instant {
        self.instants.last().copied().unwrap_or(Instant::ZERO)
    }

    /// The distinct times at which something happened.
    pub fn instants(&self) -> &[Instant] {
        &self.instants
    }

    /// How many of the trace's events have happened at `now` (the trace is in time order).
    pub fn shown(&self) -> usize {
        self.trace.events.partition_point(|e| e.t <= self.now)
    }

    /// The next instant after `now` at which something happens.
    pub fn next_instant(&self) -> Option<Instant> {
        let i = self.instants.partition_point(|&t| t <= self.now);
        self.instants.get(i).copied()
    }

    /// The last instant before `now` at which something happened.
    pub fn previous_instant(&self) -> Option<Instant> {
        let i = self.instants.partition_point(|&t| t < self.now);
        i.checked_sub(1).map(|i| self.instants[i])
    }

    pub fn at_end(&self) -> bool {
        self.next_instant().is_none()
    }

    /// To the next instant (nothing at the end).
    pub fn step_forward(&mut self) {
        if let Some(t) = self.next_instant() {
            self.now = t;
        }
    }

    /// To the previous instant, or to 0.
    pub fn step_back(&mut self) {
        self.now = self.previous_instant().unwrap_or(Instant::ZERO);
    }

    /// To `t`, kept within the recording.
    pub fn seek(&mut self, t: Instant) {
        self.now = t.min(self.end());
    }

    /// Pixels per millisecond of moving time for this recording: its quickest flight (a send
    /// to its arrival) is [`QUICKEST_FLIGHT_PX`] tall, never less than the lab's scale, at most
    /// [`MAX_PX_PER_MS`].
    pub fn px_per_ms(&self) -> f64 {
        self.px_per_ms
    }

    /// One animation frame of playing, `dt` real milliseconds after the last (already
    /// multiplied by the speed): while a segment is on its way the present moves at the lab's
    /// pace measured in pixels (a flight [`QUICKEST_FLIGHT_PX`] tall takes as long as a 100 ms
    /// flight in the lab), stopping at the next instant; while nothing moves it waits
    /// [`IDLE_STEP_MS`] (counted in `idle`) and goes to the next instant. Returns whether there
    /// is more to play.
    pub fn play_frame(&mut self, dt: f64, idle: &mut f64) -> bool {
        let Some(next) = self.next_instant() else {
            return false;
        };
        if self.in_flight() {
            *idle = 0.0;
            let advance = dt * crate::lab::PACE * crate::timeline::PX_PER_MS / self.px_per_ms();
            let target = crate::timeline::instant(crate::timeline::ms(self.now) + advance);
            // At least a microsecond a frame: the clock counts in microseconds.
            self.now = target
                .max(self.now + handshake_core::Duration::from_micros(1))
                .min(next);
        } else {
            *idle += dt;
            if *idle >= IDLE_STEP_MS {
                *idle = 0.0;
                self.now = next;
            }
        }
        !self.at_end()
    }

    /// The events at or before the present.
    pub fn shown_events(&self) -> &[TraceEvent] {
        &self.trace.events[..self.shown()]
    }

    /// `side`'s state at the present as the trace states it: its latest state change, else the
    /// state the observer says it started in (`None`: the trace does not say).
    pub fn state(&self, side: Side) -> Option<State> {
        let events = self.shown_events();
        events
            .iter()
            .rev()
            .find_map(|e| match e.kind {
                TraceKind::State { side: s, to, .. } if s == side => Some(Some(to)),
                _ => None,
            })
            .or_else(|| {
                self.trace.iter().find_map(|e| match e.kind {
                    TraceKind::Observe {
                        side: Some(s),
                        note: ObserverNote::Initial { state, .. },
                    } if s == side => Some(state),
                    _ => None,
                })
            })
            .flatten()
    }

    /// Something is on its way at the present: a segment sent and not yet arrived or dropped.
    /// Only the sends of the last longest flight are looked at (a frame of playing asks).
    pub fn in_flight(&self) -> bool {
        let shown = self.shown_events();
        let from = shown.partition_point(|e| e.t + self.longest_flight < self.now);
        shown[from..].iter().enumerate().any(|(k, e)| match &e.kind {
            TraceKind::Send { seg, arrival, .. } if *arrival > self.now => {
                !shown[from + k..].iter().any(|e| {
                    matches!(&e.kind, TraceKind::Arrive { seg: s, .. } | TraceKind::Drop { seg: s, .. } if s.id == seg.id)
                })
            }
            _ => false,
        })
    }

    /// The segment sent after (`forward`) or before `current` among those shown, in the order
    /// they were sent (n / p); from none, the first or the last. `None` when nothing was sent.
    pub fn adjacent_segment(&self, current: Option<TxId>, forward: bool) -> Option<TxId> {
        let sent: Vec<TxId> = self
            .shown_events()
            .iter()
            .filter_map(|e| match &e.kind {
                TraceKind::Send { seg, .. } => Some(seg.id),
                _ => None,
            })
            .collect();
        let at = current.and_then(|c| sent.iter().position(|&id| id == c));
        let i = match (at, forward) {
            (None, true) => 0,
            (None, false) => sent.len().checked_sub(1)?,
            (Some(i), true) => (i + 1).min(sent.len() - 1),
            (Some(i), false) => i.saturating_sub(1),
        };
        sent.get(i).copied()
    }

    /// When segment `id` arrives (or is dropped), as the whole trace says.
    pub fn arrival_of(&self, id: TxId) -> Option<Instant> {
        self.trace.iter().find_map(|e| match &e.kind {
            TraceKind::Arrive { seg, .. } | TraceKind::Drop { seg, .. } if seg.id == id => {
                Some(e.t)
            }
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::observer::{ObserverOptions, Placement, observe};
    use handshake_core::trace::TraceKind;

    /// A real capture of the kernel's handshake, read as the lab reads a dropped file.
    fn recording() -> Recording {
        let bytes =
            include_bytes!("../../crates/handshake-capture/tests/data/lo-client-closes.pcap");
        let cap = handshake_capture::read_capture_bytes(bytes, handshake_capture::Limits::DEFAULT)
            .expect("a good capture");
        let opts = ObserverOptions {
            placement: Placement::Estimate,
        };
        Recording::new(observe(&cap.connections[0].segments, opts).trace)
    }

    #[test]
    fn stepping_visits_every_instant_forward_and_back() {
        let mut r = recording();
        let n = r.instants().len();
        assert!(n > 5, "{n} instants");
        let mut seen = vec![r.now];
        while !r.at_end() {
            r.step_forward();
            seen.push(r.now);
        }
        assert_eq!(r.now, r.end());
        assert_eq!(r.shown(), r.trace.len());
        let mut back = vec![r.now];
        while r.now > Instant::ZERO {
            r.step_back();
            back.push(r.now);
        }
        back.reverse();
        assert_eq!(seen, back);
    }

    #[test]
    fn the_present_shows_exactly_the_events_up_to_it() {
        let mut r = recording();
        r.step_forward();
        r.step_forward();
        let k = r.shown();
        assert!(k > 0 && k < r.trace.len());
        assert!(r.trace.events[..k].iter().all(|e| e.t <= r.now));
        assert!(r.trace.events[k..].iter().all(|e| e.t > r.now));
        // The first SYN has left by the second instant.
        assert!(
            r.trace.events[..k]
                .iter()
                .any(|e| matches!(&e.kind, TraceKind::Send { seg, .. } if seg.flags.syn()))
        );
        r.seek(Instant::from_secs(1_000_000));
        assert_eq!(r.now, r.end());
        r.seek(Instant::ZERO);
        assert_eq!(r.previous_instant(), None);
    }

    #[test]
    fn playing_moves_through_every_instant_and_a_flight_takes_many_frames() {
        let mut r = recording();
        let px = r.px_per_ms();
        // Loopback: flights of microseconds, drawn as tall as the lab's 100 ms flights.
        assert!(px > 1000.0, "{px}");
        let mut idle = 0.0;
        let mut visited = vec![r.now];
        let mut frames_in_flight = 0;
        let mut frames = 0;
        while r.play_frame(16.0, &mut idle) {
            frames += 1;
            assert!(frames < 100_000, "playing never ends");
            if r.in_flight() {
                frames_in_flight += 1;
            }
            if r.instants().contains(&r.now) && visited.last() != Some(&r.now) {
                visited.push(r.now);
            }
        }
        assert_eq!(r.now, r.end());
        visited.push(r.now);
        visited.dedup();
        // No instant is jumped over.
        let mut all: Vec<Instant> = r.instants().to_vec();
        if all.first() != Some(&Instant::ZERO) {
            all.insert(0, Instant::ZERO);
        }
        assert_eq!(visited, all);
        // Each segment's flight is seen for a while (about a second at 60 frames a second).
        let sends = r
            .trace
            .iter()
            .filter(|e| matches!(e.kind, TraceKind::Send { .. }))
            .count();
        assert!(
            frames_in_flight >= sends * 10,
            "{frames_in_flight} frames for {sends} flights"
        );
    }

    #[test]
    fn a_captures_narration_claims_nothing_of_the_labs_settings() {
        use handshake_core::scenario::Scenario;
        use handshake_explain::{Lang, narrate_trace};
        let r = recording();
        for (lang, lab_msl, not_on_wire) in [
            (Lang::En, "MSL is", "timers are not on the wire"),
            (Lang::Ko, "MSL은", "타이머는 선로에 보이지 않으므로"),
        ] {
            let text: Vec<String> = narrate_trace(&r.trace, &Scenario::default(), 0, lang)
                .into_iter()
                .map(|e| e.text)
                .collect();
            let text = text.join("\n");
            assert!(text.contains("TIME-WAIT"), "{text}");
            assert!(!text.contains(lab_msl), "{text}");
            assert!(text.contains(not_on_wire), "{text}");
        }
    }

    /// A retransmission in a capture is said to be one, with its delay, never "in answer to a
    /// repeated segment" (no segment came back; a capture shows no timers).
    #[test]
    fn a_captured_retransmission_is_narrated_as_one() {
        use handshake_core::scenario::Scenario;
        use handshake_explain::{Lang, narrate_trace};
        let bytes =
            include_bytes!("../../crates/handshake-capture/tests/data/lo-retransmission.pcap");
        let cap = handshake_capture::read_capture_bytes(bytes, handshake_capture::Limits::DEFAULT)
            .expect("a good capture");
        let trace = observe(&cap.connections[0].segments, ObserverOptions::default()).trace;
        for (lang, said, never) in [
            (
                Lang::En,
                "again with the same Seq=1 as C3, 0.207958 s later: a retransmission",
                "in answer to the repeated segment",
            ),
            (
                Lang::Ko,
                "0.207958초 뒤에 C3과 같은 Seq=1로",
                "다시 온 세그먼트에 답해",
            ),
        ] {
            let text: Vec<String> = narrate_trace(&trace, &Scenario::default(), 0, lang)
                .into_iter()
                .map(|e| e.text)
                .collect();
            let text = text.join("\n");
            assert!(text.contains(said), "{text}");
            assert!(!text.contains(never), "{text}");
        }
    }

    #[test]
    fn n_and_p_walk_the_segments_sent_so_far() {
        let mut r = recording();
        // At 0 s only the first SYN has left.
        let c1 = r.adjacent_segment(None, true);
        assert_eq!(c1, r.adjacent_segment(None, false));
        assert_eq!(c1.map(|id| id.to_string()).as_deref(), Some("C1"));
        r.seek(r.end());
        let first = r.adjacent_segment(None, true).unwrap();
        assert_eq!(first.to_string(), "C1");
        let second = r.adjacent_segment(Some(first), true).unwrap();
        assert_eq!(second.to_string(), "S1");
        assert_eq!(r.adjacent_segment(Some(second), false), Some(first));
        assert_eq!(r.adjacent_segment(Some(first), false), Some(first));
        let last = r.adjacent_segment(None, false).unwrap();
        assert_eq!(r.adjacent_segment(Some(last), true), Some(last));
    }
}
