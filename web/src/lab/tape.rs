//! The session's tape: the interactive actions the user applied, at their times. Seeking back
//! rebuilds the simulator from the scenario and the tape (`Simulator::replay`); moving forward
//! re-applies it as its times come. An action taken before anything has run goes into the
//! scenario instead (see [`LabState::apply_at_start`]). The [`Horizon`] is the whole run as it
//! will go if nothing else is done.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::sim::{Action as SimAction, Fault, Side, Simulator, TimedAction};
use handshake_core::trace::TraceKind;

use super::{LabState, Notice};
use crate::timeline::{LadderModel, TimeAxis, instant};

/// The whole run, computed once per change of scenario or tape.
#[derive(Clone, Debug, PartialEq)]
pub struct Horizon {
    /// When the last thing happens.
    pub end: Instant,
    /// Every instant at which something happens, ascending (ms).
    pub instants: Vec<f64>,
    pub axis: TimeAxis,
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
        let model = LadderModel::build(&sim);
        let end = model.instants.last().map_or(Instant::ZERO, |&t| instant(t));
        self.horizon = Rc::new(Horizon {
            end,
            instants: model.instants,
            axis: model.axis,
        });
    }

    /// Applies a user action at the present through the core. On success the tape branches
    /// here (its later actions are forgotten).
    pub(super) fn apply(&mut self, action: SimAction) {
        let at_start = self.sim.borrow().events_run() == 0;
        if at_start && matches!(action, SimAction::Arm { .. } | SimAction::SetLoss { .. }) {
            self.apply_at_start(action);
            return;
        }
        let result = {
            let mut sim = self.sim.borrow_mut();
            let trace_before = sim.trace().len();
            sim.apply(action).map(|()| {
                let refused =
                    sim.trace().events[trace_before..]
                        .iter()
                        .find_map(|e| match e.kind {
                            TraceKind::Call {
                                side,
                                call,
                                error: Some(error),
                                ..
                            } => Some(Notice::CallRefused { side, call, error }),
                            _ => None,
                        });
                (sim.actions().to_vec(), refused)
            })
        };
        match result {
            Ok((tape, refused)) => {
                self.tape = Rc::new(tape);
                self.notice = refused;
                self.sim = self.sim.touched();
                self.recompute_horizon();
            }
            Err(e) => {
                self.notice = Some(Notice::ActionFailed(e.to_string()));
                self.sim = self.sim.touched();
            }
        }
    }

    /// Before anything has run the lab shows both ends as the scenario starts, so a fault armed
    /// or a loss rate set there is meant for the very first segments. The core runs a
    /// scenario's own actions at an instant before an interactive one (docs/model.md, ties),
    /// which at 0 s would send the first SYN before the fault is armed. So an action taken at
    /// the start goes into the scenario instead, ahead of its own actions: replay, step back and
    /// the exported file all see it where the user put it. Reset forgets it, as it forgets the
    /// tape.
    fn apply_at_start(&mut self, action: SimAction) {
        let mut scenario = (*self.scenario).clone();
        let at = TimedAction {
            at: Instant::ZERO,
            action,
        };
        scenario.actions.insert(self.prelude(), at);
        match Simulator::new(&scenario) {
            Ok(sim) => {
                self.scenario = Rc::new(scenario);
                self.tape = Rc::new(Vec::new());
                self.now = sim.now();
                self.sim = self.sim.replaced(sim);
                self.notice = None;
                self.recompute_horizon();
            }
            Err(e) => self.notice = Some(Notice::ActionFailed(e.to_string())),
        }
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
