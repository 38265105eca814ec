//! The lab's clock: the display time is the simulator's present. Playing turns real time
//! (animation frames) into virtual time at a speed, faster while only a timer is awaited;
//! stepping goes event by event; seeking runs forward, or rebuilds the past by replay.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::sim::Simulator;

use super::LabState;
use crate::timeline::{instant, ms};

/// The speeds of the speed menu.
pub const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];
/// The slowest and fastest speed a URL may ask for (`?speed=`; tests and demos use more than 4×).
pub const SPEED_RANGE: (f64, f64) = (0.25, 64.0);
/// Virtual milliseconds per real millisecond at 1×: a 100 ms flight takes about a second.
pub const PACE: f64 = 0.1;
/// How much faster time runs while nothing moves and only a timer or a scheduled call is
/// awaited ("skip waiting"); countdowns still show the time passing.
pub const WAIT_FACTOR: f64 = 20.0;
/// The longest real frame counted: after a background tab or a debugger pause the clock does
/// not jump.
pub const MAX_FRAME_MS: f64 = 100.0;

impl LabState {
    pub(super) fn play(&mut self) {
        if self.ask_instead() {
            return;
        }
        if self.next_instant().is_none() {
            // At the end: play starts over (the tape replays).
            self.rebuild_at(None);
        }
        self.playing = true;
        self.last_frame = None;
        self.menu_open = false;
        self.resume_after_menu = false;
    }

    pub(super) fn pause(&mut self) {
        self.playing = false;
        self.resume_after_menu = false;
    }

    /// An animation frame at real time `ts` (ms): while playing, time runs forward.
    pub(super) fn tick(&mut self, ts: f64) {
        if !self.playing {
            self.last_frame = None;
            return;
        }
        let Some(last) = self.last_frame.replace(ts) else {
            return;
        };
        let dt = (ts - last).clamp(0.0, MAX_FRAME_MS);
        let next = self.next_instant();
        let Some(next) = next else {
            // Nothing will happen by itself any more: stop at the end.
            self.playing = false;
            self.last_frame = None;
            return;
        };
        let mut advance = dt * self.speed * PACE;
        let waiting = self.skip_waiting && !self.anything_moving();
        if waiting {
            advance *= WAIT_FACTOR;
        }
        let mut target = instant(ms(self.now) + advance);
        if waiting {
            // Stop at the event that ends the wait, so the flight it starts is seen whole.
            target = target.min(next);
        }
        // Two runs compared end when the later one does (their joint horizon).
        let end = self
            .compare
            .as_ref()
            .map_or(self.horizon.end, |c| c.horizon.end);
        if target >= end && self.now <= end {
            // The last thing happens in this frame: stop on it rather than just after it.
            target = end;
        }
        // A question ahead stops the clock where it is asked.
        let target = self.quiz_limit(target);
        self.advance_to(target);
        self.quiz_arrived();
        if self.next_instant().is_none() {
            self.playing = false;
            self.last_frame = None;
        }
    }

    /// Runs forward to `t`, applying the tape's actions as their times come.
    pub(super) fn advance_to(&mut self, t: Instant) {
        let changed = {
            let mut sim = self.sim.borrow_mut();
            let before = (sim.trace().len(), sim.events_run());
            sim.replay_onto(&self.tape, t);
            self.now = sim.now();
            (sim.trace().len(), sim.events_run()) != before
        };
        if changed {
            self.sim = self.sim.touched();
        }
    }

    /// To the end of the run as it will go, by copying it: the same simulator replaying the tape
    /// up to `t` would reach, when `t` is where it ended and the present is on the way to it
    /// (the simulator is deterministic, and it ran exactly the events up to `t`).
    pub(super) fn jump_to_future(&mut self, t: Instant) -> bool {
        let Some(future) = self.future.clone() else {
            return false;
        };
        if future.now() != t || !crate::narration::on_the_way(&self.sim.borrow(), &future) {
            return false;
        }
        self.now = t;
        self.sim = match &self.horizon.model {
            Some(model) => self.sim.replaced_shared(future, Rc::clone(&model.0)),
            None => self.sim.replaced((*future).clone()),
        };
        true
    }

    /// Rebuilds the simulator at `t` from the scenario and the tape.
    pub(super) fn rebuild_at(&mut self, t: Option<Instant>) {
        let sim = match t {
            Some(t) => Simulator::replay(&self.scenario, &self.tape, t),
            None => Simulator::new(&self.scenario),
        };
        if let Ok(sim) = sim {
            self.now = sim.now();
            self.sim = self.sim.replaced(sim);
        }
    }

    pub(super) fn seek(&mut self, t: Instant) {
        let t = t.min(self.end());
        if t > self.now && self.jump_to_future(t) {
            return;
        }
        if t > self.now {
            self.advance_to(t);
        } else if t < self.now || self.sim.borrow().events_run() == 0 {
            self.rebuild_at(Some(t));
        }
    }

    /// To the next instant at which something happens.
    pub(super) fn step_forward(&mut self) {
        self.playing = false;
        if self.ask_instead() {
            return;
        }
        if let Some(t) = self.next_instant() {
            self.advance_to(self.quiz_limit(t));
            self.quiz_arrived();
        }
    }

    /// To the previous instant at which something happened (rebuilt by replay).
    pub(super) fn step_back(&mut self) {
        self.playing = false;
        let now = self.now;
        let last_before =
            |sim: &Simulator| sim.trace().iter().rev().map(|e| e.t).find(|&t| t < now);
        let before = last_before(&self.sim.borrow());
        // A run compared beside this one has its own instants to stop at.
        let beside = self
            .compare
            .as_ref()
            .and_then(|c| last_before(&c.sim.borrow()));
        let before = before.max(beside);
        match before {
            Some(t) => self.rebuild_at(Some(t)),
            // Before the first instant: the fresh simulator, nothing run yet.
            None => self.rebuild_at(None),
        }
    }

    pub(super) fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() {
            self.speed = speed.clamp(SPEED_RANGE.0, SPEED_RANGE.1);
        }
    }

    pub(super) fn speed_step(&mut self, up: bool) {
        let i = SPEEDS.iter().position(|&s| s >= self.speed - 1e-9);
        let i = match (i, up) {
            (Some(i), true) if SPEEDS[i] > self.speed + 1e-9 => i,
            (Some(i), true) => (i + 1).min(SPEEDS.len() - 1),
            (None, true) => SPEEDS.len() - 1,
            (Some(i), false) => i.saturating_sub(1),
            (None, false) => SPEEDS.len() - 1,
        };
        self.speed = SPEEDS[i];
    }
}
