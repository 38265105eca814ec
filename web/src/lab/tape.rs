//! The session's tape: the interactive actions the user applied, at their times. Seeking back
//! rebuilds the simulator from the scenario and the tape (`Simulator::replay`); moving forward
//! re-applies it as its times come. An action taken before anything has run goes into the
//! scenario instead (see [`LabState::apply_at_start`]). The [`Horizon`] is the whole run as it
//! will go if nothing else is done.
//!
//! Changing the past never loses actions silently: an action taken while the tape holds later
//! ones waits as a [`PendingChange`] until the user keeps them (each is re-applied after the new
//! one where the core still accepts it: `Simulator::apply` decides, the UI never guesses) or
//! cuts them; every change of the session's actions can be undone ([`Snapshot`], Ctrl+Z).

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Action as SimAction, ActionError, Fault, Side, Simulator, TimedAction};
use handshake_core::trace::TraceKind;

use super::{Inputs, LabState, Notice};
use crate::Shared;
use crate::timeline::{LadderModel, PX_PER_MS, TimeAxis, instant};

/// The whole run, computed once per change of scenario or tape.
#[derive(Clone, Debug)]
pub struct Horizon {
    /// When the last thing happens.
    pub end: Instant,
    /// Every instant at which something happens, ascending (ms).
    pub instants: Vec<f64>,
    pub axis: TimeAxis,
    /// The whole run's ladder model (the present's, once the present is at the end); `None`
    /// for the joint horizon of two runs.
    pub model: Option<Shared<LadderModel>>,
}

/// Two horizons are equal when they draw the same run: the same model (the same one, or equal).
impl PartialEq for Horizon {
    fn eq(&self, other: &Horizon) -> bool {
        self.end == other.end
            && self.instants == other.instants
            && self.axis == other.axis
            && match (&self.model, &other.model) {
                (Some(a), Some(b)) => a == b || *a.0 == *b.0,
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

impl Horizon {
    /// The horizon of a whole run's model, drawn with `px_per_ms` pixels per millisecond while
    /// something moves (the lab's [`PX_PER_MS`]; a recording's own, `Recording::px_per_ms`).
    pub fn of_model(model: LadderModel, px_per_ms: f64) -> Horizon {
        let end = model.instants.last().map_or(Instant::ZERO, |&t| instant(t));
        let axis = if px_per_ms == PX_PER_MS {
            model.axis()
        } else {
            TimeAxis::with_rows_at(model.moving(), model.rows.clone(), px_per_ms)
        };
        Horizon {
            end,
            instants: model.instants.clone(),
            axis,
            model: Some(Shared(Rc::new(model))),
        }
    }
}

/// An action taken in the past of the session's tape, waiting for the user to say what becomes
/// of the tape's later actions.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingChange {
    pub action: SimAction,
    /// The present when it was taken.
    pub at: Instant,
    /// The tape's actions after `at`, which the change would cut.
    pub later: Vec<TimedAction>,
    /// Play was on (or resumes when the fault menu closes) when the change was asked for.
    resume: bool,
    /// The session's actions before the change.
    before: Snapshot,
}

/// What becomes of the tape's later actions when the past changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Later {
    /// Re-apply each after the new action, at its time, where the core still accepts it.
    Keep,
    /// Forget them: the session branches here.
    Cut,
}

/// The session's actions at one moment: what undo puts back.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    scenario: Rc<Scenario>,
    tape: Rc<Vec<TimedAction>>,
    inputs: Rc<Inputs>,
}

/// Later actions the core no longer accepts after a change, each with its reason.
pub type Dropped = Vec<(TimedAction, ActionError)>;

/// The tape of a simulator that has just taken a new action: its actions so far, then each
/// of `keep` applied at its time where the core accepts it there. Run on a copy: `sim` stays at
/// its present.
fn reapply(sim: &Simulator, keep: &[TimedAction]) -> (Vec<TimedAction>, Dropped) {
    if keep.is_empty() {
        return (sim.actions().to_vec(), Vec::new());
    }
    let mut scratch = sim.clone();
    let mut dropped = Vec::new();
    for a in keep {
        scratch.run_until(a.at);
        if let Err(e) = scratch.apply(a.action.clone()) {
            dropped.push((a.clone(), e));
        }
    }
    (scratch.actions().to_vec(), dropped)
}

impl LabState {
    /// The scenario plus the session's actions, as a scenario file that replays this session in
    /// the CLI (`handshake-cli run FILE`) exactly.
    pub fn export_json(&self) -> String {
        let mut sim = self.sim.borrow().clone();
        if let Some(last) = self.tape.last() {
            sim.replay_onto(&self.tape, last.at);
        }
        sim.to_scenario().to_json()
    }

    pub(super) fn recompute_horizon(&mut self) {
        let mut sim = self.sim.borrow().clone();
        if let Some(last) = self.tape.last() {
            sim.replay_onto(&self.tape, last.at);
        }
        sim.run_to_end();
        self.horizon = Rc::new(Horizon::of_model(LadderModel::build(&sim), PX_PER_MS));
        // The narration is taken from this run's while the present is on the way to it.
        let future = Rc::new(sim);
        self.sim
            .narration()
            .borrow_mut()
            .set_future(Rc::clone(&future));
        self.future = Some(future);
    }

    /// Applies a user action at the present through the core. When the tape holds actions
    /// after the present, the action would change the past they were taken in: nothing happens
    /// yet, and [`LabState::pending`] asks the user whether to keep them or cut them
    /// ([`LabState::resolve`]). An action the core refuses is a notice at once, without asking.
    pub(super) fn apply(&mut self, action: SimAction) {
        self.apply_with(action, None);
    }

    /// [`LabState::apply`] for an action whose field the user has just typed: `inputs_before`
    /// are the inputs before the typing, which undo and cancel put back.
    pub(super) fn apply_with(&mut self, action: SimAction, inputs_before: Option<Rc<Inputs>>) {
        let before = Snapshot {
            scenario: Rc::clone(&self.scenario),
            tape: Rc::clone(&self.tape),
            inputs: inputs_before.unwrap_or_else(|| Rc::clone(&self.inputs)),
        };
        let later = self.later_actions();
        if later.is_empty() {
            self.commit(action, &[], before);
            return;
        }
        // Ask only about a change that will happen.
        let probe = self.sim.borrow().clone().apply(action.clone());
        if let Err(e) = probe {
            self.notice = Some(Notice::ActionFailed(e));
            self.inputs = before.inputs;
            return;
        }
        let resume = self.playing || self.resume_after_menu;
        self.playing = false;
        self.resume_after_menu = false;
        self.last_frame = None;
        self.pending = Some(Rc::new(PendingChange {
            action,
            at: self.now,
            later,
            resume,
            before,
        }));
    }

    /// The user's answer to [`LabState::pending`]: keep the later actions (each re-applied
    /// after the new one, at its time, if the core still accepts it there), cut them, or
    /// (`None`) leave the past as it was.
    pub(super) fn resolve(&mut self, choice: Option<Later>) {
        let Some(p) = self.pending.take() else { return };
        let p = Rc::unwrap_or_clone(p);
        match choice {
            Some(Later::Keep) => self.commit(p.action, &p.later, p.before),
            Some(Later::Cut) => {
                self.commit(p.action, &[], p.before);
                if self.notice.is_none() || matches!(self.notice, Some(Notice::CallRefused { .. }))
                {
                    self.notice = Some(Notice::Cut(p.later));
                }
            }
            None => self.inputs = p.before.inputs,
        }
        if p.resume {
            self.playing = true;
            self.last_frame = None;
        }
    }

    /// The tape's actions after the present (all of it before anything has run).
    fn later_actions(&self) -> Vec<TimedAction> {
        let done = self.sim.borrow().actions().len();
        self.tape.get(done..).unwrap_or_default().to_vec()
    }

    /// Applies `action` now, then `keep` after it; `before` goes on the undo stack if anything
    /// changed.
    fn commit(&mut self, action: SimAction, keep: &[TimedAction], before: Snapshot) {
        let at_start = self.sim.borrow().events_run() == 0;
        let done =
            if at_start && matches!(action, SimAction::Arm { .. } | SimAction::SetLoss { .. }) {
                self.apply_at_start(action, keep)
            } else {
                self.apply_now(action, keep)
            };
        match done {
            Some(dropped) => {
                let mut undo = (*self.undo).clone();
                undo.push(before);
                self.undo = Rc::new(undo);
                if !keep.is_empty() {
                    self.notice = Some(Notice::Kept {
                        kept: keep.len() - dropped.len(),
                        dropped,
                    });
                }
            }
            None => self.inputs = before.inputs,
        }
    }

    /// The action at the present, then `keep`; what of `keep` the core refused, or `None` if
    /// it refused the action itself (a notice says why).
    fn apply_now(&mut self, action: SimAction, keep: &[TimedAction]) -> Option<Dropped> {
        let result = {
            let mut sim = self.sim.borrow_mut();
            let trace_before = sim.trace().len();
            sim.apply(action).map(|()| {
                let refused =
                    sim.trace().events[trace_before..]
                        .iter()
                        .find_map(|e| match &e.kind {
                            TraceKind::Call {
                                side,
                                call,
                                error: Some(error),
                            } => Some(Notice::CallRefused {
                                side: *side,
                                call: call.clone(),
                                error: *error,
                            }),
                            _ => None,
                        });
                (reapply(&sim, keep), refused)
            })
        };
        self.sim = self.sim.touched();
        match result {
            Ok(((tape, dropped), refused)) => {
                self.tape = Rc::new(tape);
                self.notice = refused;
                self.recompute_horizon();
                Some(dropped)
            }
            Err(e) => {
                self.notice = Some(Notice::ActionFailed(e));
                None
            }
        }
    }

    /// Before anything has run the lab shows both ends as the scenario starts, so a fault armed
    /// or a loss rate set there is meant for the very first segments. The core runs a
    /// scenario's own actions at an instant before an interactive one (docs/model.md, ties),
    /// which at 0 s would send the first SYN before the fault is armed. So an action taken at
    /// the start goes into the scenario instead, ahead of its own actions: replay, step back and
    /// the exported file all see it where the user put it. Reset forgets it, as it forgets the
    /// tape. `keep` is the tape to re-apply after it.
    fn apply_at_start(&mut self, action: SimAction, keep: &[TimedAction]) -> Option<Dropped> {
        let mut scenario = (*self.scenario).clone();
        let at = TimedAction {
            at: Instant::ZERO,
            action,
        };
        scenario.actions.insert(self.prelude(), at);
        match Simulator::new(&scenario) {
            Ok(sim) => {
                let (tape, dropped) = reapply(&sim, keep);
                self.scenario = Rc::new(scenario);
                self.tape = Rc::new(tape);
                self.now = sim.now();
                self.sim = self.sim.replaced(sim);
                self.notice = None;
                self.recompute_horizon();
                Some(dropped)
            }
            Err(e) => {
                self.notice = Some(Notice::ActionInvalid(e));
                None
            }
        }
    }

    /// Puts the session's actions back as they were before the last change (Ctrl+Z), at the
    /// same present.
    pub(super) fn undo(&mut self) {
        let mut undo = (*self.undo).clone();
        let Some(before) = undo.pop() else { return };
        self.undo = Rc::new(undo);
        self.scenario = before.scenario;
        self.tape = before.tape;
        self.inputs = before.inputs;
        self.selected = None;
        self.menu_open = false;
        self.resume_after_menu = false;
        let started = self.sim.borrow().events_run() > 0;
        self.rebuild_at(started.then_some(self.now));
        self.recompute_horizon();
        self.notice = Some(Notice::Undone);
    }

    /// The faults armed for `side`'s next segments, first first: those of the simulator, and
    /// at the start those armed there, which the simulator has not run yet.
    pub fn armed(&self, side: Side) -> Vec<Fault> {
        let sim = self.sim.borrow();
        let mut armed = Vec::new();
        if sim.events_run() == 0 {
            armed.extend(
                self.scenario.actions[..self.prelude()]
                    .iter()
                    .filter_map(|a| match a.action {
                        SimAction::Arm { side: s, fault } if s == side => Some(fault),
                        _ => None,
                    }),
            );
        }
        armed.extend(sim.armed(side));
        armed
    }

    /// Back to the start of the scenario as loaded, forgetting the session's own actions (and
    /// what was armed or set at the start).
    pub(super) fn reset(&mut self) {
        if !self.tape.is_empty() || self.prelude() > 0 {
            let mut undo = (*self.undo).clone();
            undo.push(Snapshot {
                scenario: Rc::clone(&self.scenario),
                tape: Rc::clone(&self.tape),
                inputs: Rc::clone(&self.inputs),
            });
            self.undo = Rc::new(undo);
        }
        self.playing = false;
        self.tape = Rc::new(Vec::new());
        self.scenario = self.loaded.clone();
        self.inputs = Rc::new(self.inputs.with_loss_of(&self.loaded));
        self.selected = None;
        self.menu_open = false;
        self.rebuild_at(None);
        self.follow = true;
        self.recompute_horizon();
    }

    /// How many actions at the front of `scenario` the user took at the start.
    fn prelude(&self) -> usize {
        self.scenario.actions.len() - self.loaded.actions.len()
    }
}
