//! Why TCP is built this way (issue 13), in the lab: hand-made segments, old duplicates, crashes
//! and reboots — actions on the session's tape like any other, so replay, step back and export
//! see them —, the broken-TCP switches (the scenario's configuration, both sides), and the
//! comparison of two runs on one time axis: a what-if fork of a segment (the core's
//! [`Fork`]), or real TCP beside the run with a switch on. The differences are the core's
//! ([`compare`]); the lab only keeps the second run at the same present as the first.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::config::{Counterfactual, Counterfactuals, Profile};
use handshake_core::fork::{Comparison, Fork, ForkError, Which, compare};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Action as SimAction, Fault, Side, Simulator, TimedAction};
use handshake_core::vocab::Inject;
use handshake_explain::compare::Runs;

use super::{Horizon, LabState, Notice};
use crate::sim_handle::SimHandle;
use crate::timeline::{LadderModel, TimeAxis, instant};

/// What the issue-13 controls ask of the lab.
#[derive(Clone, Debug, PartialEq)]
pub enum WhyAction {
    /// Put a hand-made segment on the wire now, as if `side` had sent it.
    Inject {
        side: Side,
        segment: Inject,
    },
    /// The network delivers now an old duplicate of the selected transmission.
    OldDuplicateOfSelected,
    Crash(Side),
    Reboot(Side),
    /// A broken-TCP switch on or off for both sides (the scenario's configuration): on, it
    /// opens the comparison with real TCP.
    SetSwitch(Counterfactual, bool),
    /// What if the selected segment (on the link) met this fault now: opens the fork beside.
    ForkSelected(Fault),
    /// What if, from the present, `side`'s next segment met this fault (a fork at an instant).
    ForkNext(Side, Fault),
    /// Shows the comparison with real TCP again (after closing it) while a switch is on.
    CompareWithTcp,
    /// Shows the session beside itself under the other TCP profile (RFC 9293 / Linux).
    CompareProfiles,
    CloseCompare,
}

/// What the second run is.
#[derive(Clone, Debug, PartialEq)]
pub enum CompareKind {
    /// The session forked at `fork.at` by `fork.action`; the second ladder is the fork.
    Fork(Fork),
    /// The session has a broken-TCP switch on; the second ladder is real TCP on the same
    /// scenario, faults and actions.
    RealTcp,
    /// The session under the other TCP profile (issue 14): the second ladder is the same
    /// scenario, faults and actions under this profile.
    Profile(Profile),
}

/// Two runs shown side by side.
#[derive(Clone, Debug)]
pub struct Compare {
    pub kind: CompareKind,
    /// The second run, at the lab's present.
    pub sim: SimHandle,
    /// Both whole runs: one time axis, the scrubber's range.
    pub horizon: Rc<Horizon>,
    /// `compare(first, second)` of the whole runs: the core's, never the UI's.
    pub comparison: Rc<Comparison>,
    /// Which of the compared runs the lab's main ladder shows (the other is the second ladder).
    pub main_is: Which,
    /// The scenario and tape the second run replays.
    scenario: Rc<Scenario>,
    tape: Rc<Vec<TimedAction>>,
    /// The session (scenario and tape) it was made from: a change of either rebuilds it.
    made_from: (Rc<Scenario>, Rc<Vec<TimedAction>>),
}

impl Compare {
    /// How the sentences name the two runs.
    pub fn runs(&self) -> Runs {
        match self.kind {
            CompareKind::Fork(_) => Runs::Fork,
            CompareKind::RealTcp => Runs::Switch,
            CompareKind::Profile(other) => Runs::Profiles {
                first: other.other(),
            },
        }
    }
    /// Which compared run the second ladder shows.
    pub fn second_is(&self) -> Which {
        match self.main_is {
            Which::First => Which::Second,
            Which::Second => Which::First,
        }
    }
    /// When the second run does something next: an event, or an action of its tape.
    pub fn next_instant(&self) -> Option<Instant> {
        let sim = self.sim.borrow();
        let tape = self.tape.get(sim.actions().len()).map(|a| a.at);
        [sim.next_event_time(), tape].into_iter().flatten().min()
    }
    /// Where a side's state differs between the runs, from when: the core's `State`
    /// differences, for the ladders to mark.
    pub fn state_differences(&self) -> Vec<(Instant, Side)> {
        self.comparison
            .differences
            .iter()
            .filter_map(|d| match d {
                handshake_core::fork::Difference::State { t, side, .. } => Some((*t, *side)),
                _ => None,
            })
            .collect()
    }
    /// The instant the runs part, if they do.
    pub fn parts_at(&self) -> Option<Instant> {
        self.comparison.first().map(|d| d.t())
    }
}

/// `scenario` with every broken-TCP switch off: real TCP.
pub fn real_tcp(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    s.client.counterfactual = Counterfactuals::NONE;
    s.server.counterfactual = Counterfactuals::NONE;
    s
}

/// `sim` (a session at its present) run on with `tape` to its end.
fn whole(sim: &Simulator, tape: &[TimedAction]) -> Simulator {
    let mut sim = sim.clone();
    if let Some(last) = tape.last() {
        sim.replay_onto(tape, last.at.max(sim.now()));
    }
    sim.run_to_end();
    sim
}

/// The horizon of two whole runs: one axis on which both move at full scale.
fn joint_horizon(a: &Simulator, b: &Simulator) -> Horizon {
    let (ma, mb) = (LadderModel::build(a), LadderModel::build(b));
    let mut instants: Vec<f64> = ma.instants.iter().chain(&mb.instants).copied().collect();
    handshake_core::sort::sort_by(&mut instants, f64::total_cmp);
    instants.dedup();
    let mut moving = ma.moving();
    moving.extend(mb.moving());
    // An instant has as many rows as the run that needs more.
    let mut rows = ma.rows.clone();
    for &(t, n) in &mb.rows {
        match rows.iter_mut().find(|r| r.0 == t) {
            Some(r) => r.1 = r.1.max(n),
            None => rows.push((t, n)),
        }
    }
    handshake_core::sort::sort_by(&mut rows, |a, b| a.0.total_cmp(&b.0));
    Horizon {
        end: instants.last().map_or(Instant::ZERO, |&t| instant(t)),
        instants,
        axis: TimeAxis::with_rows(moving, rows),
        model: None,
    }
}

impl LabState {
    pub(super) fn why(&mut self, action: WhyAction) {
        match action {
            WhyAction::Inject { side, segment } => self.apply(SimAction::Inject { side, segment }),
            WhyAction::OldDuplicateOfSelected => {
                if let Some(of) = self.selected {
                    self.apply(SimAction::OldDuplicate { of });
                }
            }
            WhyAction::Crash(side) => self.apply(SimAction::Crash { side }),
            WhyAction::Reboot(side) => self.apply(SimAction::Reboot { side }),
            WhyAction::SetSwitch(switch, on) => self.set_switch(switch, on),
            WhyAction::ForkSelected(fault) => self.fork_selected(fault),
            WhyAction::ForkNext(side, fault) => {
                self.fork_at_present(SimAction::Arm { side, fault });
            }
            WhyAction::CompareProfiles => self.compare = self.profile_compare(),
            WhyAction::CompareWithTcp => {
                if self.switches_on() {
                    self.compare = self.real_tcp_compare();
                }
            }
            WhyAction::CloseCompare => self.compare = None,
        }
    }

    /// Whether a broken-TCP switch is on in the loaded scenario.
    pub fn switches_on(&self) -> bool {
        !self.loaded.client.counterfactual.is_empty()
            || !self.loaded.server.counterfactual.is_empty()
    }

    /// Whether `switch` is on (for both sides, as the settings set it).
    pub fn switch_on(&self, switch: Counterfactual) -> bool {
        self.loaded.client.counterfactual.contains(switch)
            && self.loaded.server.counterfactual.contains(switch)
    }

    fn set_switch(&mut self, switch: Counterfactual, on: bool) {
        let mut scenario = (*self.loaded).clone();
        for c in [&mut scenario.client, &mut scenario.server] {
            c.counterfactual = c.counterfactual.with(switch, on);
        }
        let preset = self.preset;
        self.playing = false;
        self.load(scenario, preset);
        self.compare = if self.switches_on() {
            self.real_tcp_compare()
        } else {
            None
        };
    }

    fn fork_selected(&mut self, fault: Fault) {
        let Some(target) = self.selected else { return };
        self.fork_at_present(SimAction::Fault { target, fault });
    }

    /// Forks the session at the present with `action` (refused: a notice, nothing opens).
    fn fork_at_present(&mut self, action: SimAction) {
        let fork = Fork::new(self.now, action);
        // Refused now (the segment has arrived): say why, open nothing.
        if let Err(e) = self.sim.borrow().fork(&fork) {
            self.notice = Some(match e {
                ForkError::Action(e) => Notice::ActionFailed(e),
                ForkError::Scenario(e) => Notice::ActionInvalid(e),
            });
            return;
        }
        self.close_menu();
        self.compare = self.make_compare(CompareKind::Fork(fork));
    }

    /// The session beside itself under the other TCP profile.
    pub(super) fn profile_compare(&self) -> Option<Rc<Compare>> {
        self.make_compare(CompareKind::Profile(self.profile().other()))
    }

    fn real_tcp_compare(&self) -> Option<Rc<Compare>> {
        self.make_compare(CompareKind::RealTcp)
    }

    /// The comparison of this session with `kind`'s second run, at the present.
    fn make_compare(&self, kind: CompareKind) -> Option<Rc<Compare>> {
        let (scenario, tape, main_is) = match &kind {
            CompareKind::Fork(fork) => (
                Rc::clone(&self.scenario),
                Rc::new(fork.tape(&self.tape)),
                Which::First,
            ),
            CompareKind::RealTcp => (
                Rc::new(real_tcp(&self.scenario)),
                Rc::clone(&self.tape),
                Which::Second,
            ),
            CompareKind::Profile(other) => (
                Rc::new((*self.scenario).clone().with_profile(*other)),
                Rc::clone(&self.tape),
                Which::First,
            ),
        };
        let start = Simulator::new(&scenario).ok()?;
        let other_whole = whole(&start, &tape);
        let main_whole = whole(&self.sim.borrow(), &self.tape);
        let comparison = match main_is {
            Which::First => compare(main_whole.trace(), other_whole.trace()),
            Which::Second => compare(other_whole.trace(), main_whole.trace()),
        };
        let horizon = joint_horizon(&main_whole, &other_whole);
        // At the lab's point of the run: a fresh session has not run its 0 s events yet, and
        // the second run waits with it (replaying to 0 would run them, and the second stage
        // would show a connect() the main one does not).
        let mut sim = start;
        if self.sim.borrow().events_run() > 0 {
            sim.replay_onto(&tape, self.now);
        }
        Some(Rc::new(Compare {
            kind,
            sim: SimHandle::new(sim),
            horizon: Rc::new(horizon),
            comparison: Rc::new(comparison),
            main_is,
            scenario,
            tape,
            made_from: (Rc::clone(&self.scenario), Rc::clone(&self.tape)),
        }))
    }

    /// Keeps the second run at the lab's present: after every action. A change of the
    /// session's scenario or tape makes the comparison again (a fork of another session is
    /// closed: its segment may not exist there).
    pub(super) fn sync_compare(&mut self) {
        let Some(c) = self.compare.clone() else {
            return;
        };
        let same =
            Rc::ptr_eq(&c.made_from.0, &self.scenario) && Rc::ptr_eq(&c.made_from.1, &self.tape);
        if !same {
            self.compare = match &c.kind {
                CompareKind::RealTcp if self.switches_on() => self.real_tcp_compare(),
                // The lab's profile changed: compare with the one it is not under now.
                CompareKind::Profile(_) => self.profile_compare(),
                CompareKind::Fork(fork) if Rc::ptr_eq(&c.made_from.0, &self.scenario) => {
                    self.make_compare(CompareKind::Fork(fork.clone()))
                }
                _ => None,
            };
            return;
        }
        let now = self.now;
        let behind = c.sim.borrow().now() > now;
        if behind {
            let Ok(sim) = Simulator::replay(&c.scenario, &c.tape, now) else {
                self.compare = None;
                return;
            };
            let mut next = (*c).clone();
            next.sim = c.sim.replaced(sim);
            self.compare = Some(Rc::new(next));
        } else if c.sim.borrow().now() < now
            || (c.sim.borrow().events_run() == 0 && self.sim.borrow().events_run() > 0)
        {
            let before = c.sim.borrow().trace().len();
            c.sim.borrow_mut().replay_onto(&c.tape, now);
            let grew = c.sim.borrow().trace().len() != before;
            if grew {
                let mut next = (*c).clone();
                next.sim = c.sim.touched();
                self.compare = Some(Rc::new(next));
            }
        }
    }
}
