//! The lab's state: one [`LabState`], one closed [`Action`] enum, one reducer (here), and the
//! rooms it is built from:
//!
//! - [`clock`]: playing, stepping and seeking; the speed; how fast a wait passes.
//! - [`tape`]: the session's own actions, replayed when time moves back and forth, and the
//!   whole run ahead ([`Horizon`]).
//! - [`selection`]: the selected segment and its fault menu.
//! - [`inputs`]: the settings fields, the loss rates and the custom delay as typed, checked.
//! - [`notice`]: the one-line message the user should read.
//! - [`learn`]: learning mode — predict-then-reveal, the cards' runs, the coverage of Figure 5.
//!
//! Every action that changes the connection calls `handshake-core` (the UI never re-implements
//! TCP). The display time *is* the simulator's present: a [`Action::Tick`] runs the simulator up
//! to the new time. Stepping back and seeking backwards rebuild the simulator by replay
//! (`Simulator::replay`) from the scenario and the session's *tape*: the interactive actions the
//! user applied, at their times. Moving forward re-applies the tape as its times come, so
//! scrubbing back and forth shows one history; a new action in the past branches it (the tape's
//! later actions are forgotten).
//!
//! The simulator is shared through a [`SimHandle`] whose revision changes only when something
//! happened (the trace grew, or the simulator was rebuilt), not on every frame: components that
//! draw events re-render per event, and only the moving parts re-render per frame (they take
//! [`LabState::now`]).

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::link::{Experiment, LinkError};
use handshake_core::presets;
use handshake_core::scenario::Scenario;
use handshake_core::sim::{
    Action as SimAction, Fault, Side, Simulator, TimedAction, TxId, TxStatus, UserCall,
};
use yew::Reducible;

use crate::sim_handle::SimHandle;
use crate::timeline::TimeAxis;

pub mod clock;
pub mod inputs;
pub mod learn;
pub mod notice;
pub mod profile;
pub mod selection;
pub mod share;
pub mod tape;
#[cfg(test)]
mod tests;
pub mod why;
#[cfg(test)]
mod why_tests;

pub use clock::{PACE, SPEEDS};
pub use inputs::{Field, InputError, Inputs};
pub use learn::{Learn, LearnAction, LearnView, Panel};
pub use notice::Notice;
pub use selection::DELAYS_MS;
pub use tape::{Dropped, Horizon, Later, PendingChange};
pub use why::{Compare, CompareKind, WhyAction};

/// The preset a first visit starts with.
pub const DEFAULT_PRESET: &str = "handshake";

/// Everything the lab shows.
#[derive(Clone, Debug)]
pub struct LabState {
    pub sim: SimHandle,
    /// The scenario the simulator runs: `loaded` with the actions taken at the start in front
    /// (see [`LabState::apply`]).
    pub scenario: Rc<Scenario>,
    /// The scenario as loaded (a preset, an import, a settings change); reset returns to it.
    pub loaded: Rc<Scenario>,
    /// The preset loaded, if the scenario is one (not after an import or a settings change).
    pub preset: Option<&'static str>,
    /// The preset the scenario is based on: the one loaded, kept through settings changes (not
    /// after an import). A share link then carries only what differs from it (`lab/share.rs`).
    pub based_on: Option<&'static str>,
    /// The interactive actions of this session, at their times (may reach past `now`).
    pub tape: Rc<Vec<TimedAction>>,
    /// The whole run as it will go if nothing else is done: the scrubber's range and ticks.
    pub horizon: Rc<Horizon>,
    /// The present: always the simulator's `now`.
    pub now: Instant,
    pub playing: bool,
    pub speed: f64,
    /// Waiting for a timer passes [`clock::WAIT_FACTOR`] times faster.
    pub skip_waiting: bool,
    /// The previous animation frame's timestamp while playing.
    pub last_frame: Option<f64>,
    pub selected: Option<TxId>,
    /// The fault menu is open for the selected segment.
    pub menu_open: bool,
    /// Play resumes when the fault menu closes (it paused to let the user aim).
    pub resume_after_menu: bool,
    pub absolute: bool,
    /// The ladder scrolls with the present.
    pub follow: bool,
    /// The ladder's time axis is shrunk so that the whole run fits in the stage.
    pub fit: bool,
    pub help_open: bool,
    /// Projector mode: the ladder, both states and a one-line caption, in large type
    /// (`components/projector.rs`).
    pub presenting: bool,
    /// The screen is blanked (projector mode's `b` or `.`).
    pub blank: bool,
    /// What the user typed in each field, and why it was refused.
    pub inputs: Rc<Inputs>,
    pub notice: Option<Notice>,
    /// An action in the past waiting for the user to keep or cut the tape's later actions.
    pub pending: Option<Rc<PendingChange>>,
    /// The session's actions before each change, newest last: what undo puts back.
    undo: Rc<Vec<tape::Snapshot>>,
    /// A second run shown beside this one (a what-if fork, or real TCP beside a broken-TCP
    /// switch), kept at the same present ([`why`]).
    pub compare: Option<Rc<Compare>>,
    /// The run as it will go if nothing else is done, at its end (the horizon's run): a seek to
    /// its end takes a copy of it instead of replaying every event (issue 15).
    pub future: Option<Rc<Simulator>>,
    /// Learning mode: questions, the cards' runs, coverage and scores.
    pub learn: Rc<Learn>,
}

/// Everything that can happen to the lab.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// An animation frame at this real time (`performance.now()`, ms).
    Tick(f64),
    Play,
    Pause,
    TogglePlay,
    /// To the next instant at which something happens.
    StepForward,
    /// To the previous instant at which something happened (rebuilt by replay).
    StepBack,
    /// To this virtual time: replay when earlier, run forward when later.
    Seek(Instant),
    /// Back to the start of the scenario, forgetting the session's own actions.
    Reset,
    SetSpeed(f64),
    Faster,
    Slower,
    SetSkipWaiting(bool),
    ToggleSkipWaiting,
    LoadPreset(&'static str),
    /// A scenario file's text.
    Import(String),
    /// Select a segment (in flight or in history); `None` clears. Opens the fault menu for a
    /// segment on the link.
    Select(Option<TxId>),
    SelectNext,
    SelectPrevious,
    CloseMenu,
    /// A fault on the selected segment (hold on a held one releases it).
    FaultSelected(Fault),
    /// Delay the selected segment by the custom delay typed in the menu.
    DelaySelectedCustom,
    Call(Side, UserCall),
    Arm(Side, Fault),
    /// A field was committed (Enter or leaving it) with this text.
    Edit(Field, String),
    ToggleAbsolute,
    SetFollow(bool),
    /// Fit the whole run in the stage, or back to full scale.
    ToggleFit,
    SetHelp(bool),
    ToggleHelp,
    /// Escape: closes the help, else cancels a change of the past, else closes the fault menu,
    /// else clears the selection.
    Escape,
    /// A change of the past keeps the tape's later actions (see [`PendingChange`]).
    KeepLater,
    /// A change of the past cuts the tape's later actions.
    CutLater,
    /// A change of the past is not made.
    CancelChange,
    /// The session's actions as they were before the last change (Ctrl+Z).
    Undo,
    DismissNotice,
    /// Hand-made segments, old duplicates, crashes, broken-TCP switches, forks ([`why`]).
    Why(WhyAction),
    /// Learning mode ([`learn`]).
    Learn(LearnAction),
    /// A share link opened: its experiment replaces the session (the speed and the view stay).
    OpenExperiment(Rc<Experiment>),
    /// A share link that did not open: the lab stays as it is and says why.
    LinkFailed(LinkError),
    /// The share link was put on the clipboard (`copied`), or could not be (the notice then
    /// offers it selected in a field, to copy by hand).
    LinkCopied {
        url: String,
        copied: bool,
    },
    /// An exported file was offered for download; the notice names it.
    Exported(String),
    /// An export could not be made (the message, in the user's language).
    ExportFailed(String),
    /// A file picked or dropped that does not open (`crate::import`).
    FileRefused(crate::import::FileRefusal),
    /// Projector mode on or off.
    TogglePresent,
    /// The screen blanked or back (projector mode).
    ToggleBlank,
    /// The scenario under another profile (RFC 9293 or Linux), from its start.
    SetProfile(handshake_core::config::Profile),
}

impl Action {
    /// Whether a change of the past stays pending through this action: a frame, the answers
    /// to it, and what only changes the view.
    fn keeps_pending(&self) -> bool {
        matches!(
            self,
            Action::Tick(_)
                | Action::KeepLater
                | Action::CutLater
                | Action::ToggleAbsolute
                | Action::SetFollow(_)
                | Action::ToggleFit
                | Action::SetHelp(_)
                | Action::ToggleHelp
                | Action::DismissNotice
                | Action::LinkCopied { .. }
                | Action::Exported(_)
                | Action::ExportFailed(_)
                | Action::TogglePresent
                | Action::ToggleBlank
        )
    }
}

impl LabState {
    /// Whether undo has something to put back.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// The lab with a preset loaded, paused at its start.
    pub fn new(preset: &str) -> LabState {
        let p = presets::find(preset).unwrap_or(&presets::PRESETS[0]);
        let scenario = p.scenario().unwrap_or_default();
        let mut s = LabState::with_scenario(scenario);
        s.preset = Some(p.slug);
        s.based_on = Some(p.slug);
        s
    }

    /// The lab with any scenario, paused at its start. A scenario the core refuses falls back
    /// to the default one (callers validate first).
    pub fn with_scenario(scenario: Scenario) -> LabState {
        let (scenario, sim) = match Simulator::new(&scenario) {
            Ok(sim) => (scenario, sim),
            Err(_) => {
                let s = Scenario::default();
                let sim = Simulator::new(&s).expect("the default scenario is valid");
                (s, sim)
            }
        };
        let inputs = Inputs::from_scenario(&scenario);
        let scenario = Rc::new(scenario);
        let mut state = LabState {
            sim: SimHandle::new(sim),
            loaded: scenario.clone(),
            scenario,
            preset: None,
            based_on: None,
            tape: Rc::new(Vec::new()),
            horizon: Rc::new(Horizon {
                end: Instant::ZERO,
                instants: Vec::new(),
                axis: TimeAxis::default(),
                model: None,
            }),
            now: Instant::ZERO,
            playing: false,
            speed: 1.0,
            skip_waiting: true,
            last_frame: None,
            selected: None,
            menu_open: false,
            resume_after_menu: false,
            absolute: false,
            follow: true,
            fit: false,
            help_open: false,
            presenting: false,
            blank: false,
            inputs: Rc::new(inputs),
            notice: None,
            pending: None,
            undo: Rc::new(Vec::new()),
            compare: None,
            future: None,
            learn: Rc::new(Learn::default()),
        };
        state.recompute_horizon();
        state
    }

    /// When the next thing happens: an event of the simulator or an action of the tape.
    pub fn next_instant(&self) -> Option<Instant> {
        let sim = self.sim.borrow();
        let ev = sim.next_event_time();
        let tape = self.tape.get(sim.actions().len()).map(|a| a.at);
        // A run compared beside this one has its own next instant (its own events and tape).
        let beside = self.compare.as_ref().and_then(|c| c.next_instant());
        [ev, tape, beside].into_iter().flatten().min()
    }

    /// Whether any segment is moving (not held) on the link.
    pub fn anything_moving(&self) -> bool {
        let moving = |sim: &Simulator| sim.in_flight().any(|tx| tx.status == TxStatus::InFlight);
        moving(&self.sim.borrow())
            || self
                .compare
                .as_ref()
                .is_some_and(|c| moving(&c.sim.borrow()))
    }

    /// The scrubber's end: the last instant of the run, or now if later.
    pub fn end(&self) -> Instant {
        let beside = self
            .compare
            .as_ref()
            .map_or(Instant::ZERO, |c| c.horizon.end);
        self.horizon.end.max(beside).max(self.now)
    }

    /// Starts the session over with `scenario` (a preset, an import, a settings change).
    pub(super) fn load(&mut self, scenario: Scenario, preset: Option<&'static str>) {
        let Ok(sim) = Simulator::new(&scenario) else {
            return;
        };
        self.inputs = Rc::new(Inputs::from_scenario(&scenario));
        self.scenario = Rc::new(scenario);
        self.loaded = self.scenario.clone();
        self.preset = preset;
        self.tape = Rc::new(Vec::new());
        self.now = sim.now();
        self.sim = self.sim.replaced(sim);
        self.selected = None;
        self.menu_open = false;
        self.resume_after_menu = false;
        self.last_frame = None;
        self.follow = true;
        self.pending = None;
        self.undo = Rc::new(Vec::new());
        self.recompute_horizon();
    }

    fn load_preset(&mut self, slug: &str) {
        if let Some(p) = presets::find(slug) {
            if let Ok(scenario) = p.scenario() {
                self.playing = false;
                self.load(scenario, Some(p.slug));
                self.based_on = Some(p.slug);
            }
        }
    }

    /// A share link's experiment, in place of the session; the speed, "skip waiting" and the
    /// view (projector mode) stay as they are.
    fn open(&mut self, e: &Experiment) {
        match LabState::from_experiment(e) {
            Ok(mut opened) => {
                opened.speed = self.speed;
                opened.skip_waiting = self.skip_waiting;
                opened.presenting = self.presenting;
                *self = opened;
            }
            Err(e) => self.notice = Some(Notice::ImportFailed(e)),
        }
    }

    /// A scenario file's text: loaded if the core accepts it, else a notice with its reason.
    fn import(&mut self, text: &str) {
        let checked = Scenario::from_json(text).and_then(|s| Simulator::new(&s).map(|_| s));
        match checked {
            Ok(scenario) => {
                self.playing = false;
                self.load(scenario, None);
                self.based_on = None;
                self.notice = Some(Notice::Imported);
            }
            Err(e) => self.notice = Some(Notice::ImportFailed(e)),
        }
    }
}

impl Reducible for LabState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        if !matches!(action, Action::Tick(_)) {
            // A notice lives until the next thing the user does.
            s.notice = None;
        }
        if s.pending.is_some() && action == Action::Escape {
            // Escape answers the question and does nothing else.
            s.resolve(None);
            s.learn_after();
            return Rc::new(s);
        }
        if !action.keeps_pending() {
            // Anything else the user does (moving in time, another action) answers a pending
            // change of the past with "leave it as it was".
            s.resolve(None);
        }
        match action {
            Action::Tick(ts) => s.tick(ts),
            Action::Play => s.play(),
            Action::Pause => s.pause(),
            Action::TogglePlay => {
                let next = if s.playing {
                    Action::Pause
                } else {
                    Action::Play
                };
                return Rc::new(s).reduce(next);
            }
            Action::StepForward => s.step_forward(),
            Action::StepBack => s.step_back(),
            Action::Seek(t) => s.seek(t),
            Action::Reset => s.reset(),
            Action::SetSpeed(x) => s.set_speed(x),
            Action::Faster => s.speed_step(true),
            Action::Slower => s.speed_step(false),
            Action::SetSkipWaiting(on) => s.skip_waiting = on,
            Action::ToggleSkipWaiting => s.skip_waiting = !s.skip_waiting,
            Action::LoadPreset(slug) => s.load_preset(slug),
            Action::Import(text) => s.import(&text),
            Action::Select(id) => s.select(id),
            Action::SelectNext => s.select_cycle(true),
            Action::SelectPrevious => s.select_cycle(false),
            Action::CloseMenu => s.close_menu(),
            Action::FaultSelected(fault) => s.fault_selected(fault),
            Action::DelaySelectedCustom => s.delay_selected_custom(),
            Action::Call(side, call) => s.apply(SimAction::Call { side, call }),
            Action::Arm(side, fault) => s.apply(SimAction::Arm { side, fault }),
            Action::Edit(field, text) => s.edit(field, text),
            Action::ToggleAbsolute => s.absolute = !s.absolute,
            Action::SetFollow(on) => s.follow = on,
            Action::ToggleFit => s.fit = !s.fit,
            Action::SetHelp(open) => s.help_open = open,
            Action::ToggleHelp => s.help_open = !s.help_open,
            Action::KeepLater => s.resolve(Some(Later::Keep)),
            Action::CutLater => s.resolve(Some(Later::Cut)),
            // Answered above.
            Action::CancelChange => {}
            Action::Undo => s.undo(),
            Action::Escape => {
                if s.blank {
                    s.blank = false;
                } else if s.help_open {
                    s.help_open = false;
                } else if s.menu_open {
                    s.close_menu();
                } else if s.compare.is_some() {
                    s.compare = None;
                } else {
                    s.select(None);
                    s.learn_action(LearnAction::ClearHighlight);
                }
            }
            Action::DismissNotice => s.notice = None,
            Action::Learn(a) => s.learn_action(a),
            Action::OpenExperiment(e) => s.open(&e),
            Action::LinkFailed(e) => s.notice = Some(Notice::LinkFailed(e)),
            Action::LinkCopied { url, copied } => {
                s.notice = Some(Notice::LinkCopied { url, copied });
            }
            Action::Exported(name) => s.notice = Some(Notice::Exported(name)),
            Action::ExportFailed(why) => s.notice = Some(Notice::ExportFailed(why)),
            Action::FileRefused(why) => s.notice = Some(Notice::FileRefused(why)),
            Action::TogglePresent => {
                s.presenting = !s.presenting;
                s.blank = false;
            }
            Action::ToggleBlank => s.blank = s.presenting && !s.blank,
            Action::SetProfile(p) => s.set_profile(p),
            Action::Why(a) => s.why(a),
        }
        s.sync_compare();
        s.learn_after();
        Rc::new(s)
    }
}
