//! The seam that plays a *recorded* trace — a real capture as the core's passive observer read
//! it (`handshake_core::observer::observe`), or a finished simulation — with the lab's clock
//! operations: step to the next or previous instant at which something happened, seek to any
//! time, run forward by an amount of virtual time. The lab's [`crate::lab::LabState`] plays a
//! live `Simulator`; a recording has nothing to compute, so its present only selects how much of
//! the trace is shown: the events at or before [`Recording::now`]. No TCP is inferred here: the
//! states, notes and segments are the observer's.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::trace::Trace;

/// A finished trace and a present on its time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    pub trace: Rc<Trace>,
    /// The distinct times of the trace's events, in order.
    instants: Rc<Vec<Instant>>,
    /// The present: the events at or before it are shown.
    pub now: Instant,
}

impl Recording {
    /// The recording at its start (0 s: nothing happened yet unless the trace has events at 0).
    pub fn new(trace: Trace) -> Recording {
        let mut instants: Vec<Instant> = trace.iter().map(|e| e.t).collect();
        handshake_core::sort::sort_by(&mut instants, Ord::cmp);
        instants.dedup();
        Recording {
            trace: Rc::new(trace),
            instants: Rc::new(instants),
            now: Instant::ZERO,
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
}
