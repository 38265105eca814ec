//! The lab's state: one [`LabState`], one closed [`Action`] enum, one reducer.
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

use handshake_core::config::Config;
use handshake_core::presets;
use handshake_core::scenario::Scenario;
use handshake_core::sim::{
    Action as SimAction, Fault, Side, Simulator, TimedAction, TxId, TxStatus, UserCall,
};
use handshake_core::trace::TraceKind;
use handshake_core::{CallError, Duration, Instant};
use yew::Reducible;

use crate::sim_handle::SimHandle;
use crate::timeline::{LadderModel, TimeAxis, instant, ms};

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
/// The preset a first visit starts with.
pub const DEFAULT_PRESET: &str = "handshake";
/// The delays offered in the fault menu besides a custom one.
pub const DELAYS_MS: [u64; 2] = [500, 1000];

/// A settings field (the scenario's configuration) or a per-direction loss rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Seed,
    LatencyMs,
    MslSecs,
    Mss,
    Window,
    RtoInitialMs,
    LossPercent(Side),
    DelayMs,
}

impl Field {
    /// The fields of the settings panel, in order.
    pub const SETTINGS: [Field; 6] = [
        Field::Seed,
        Field::LatencyMs,
        Field::MslSecs,
        Field::Mss,
        Field::Window,
        Field::RtoInitialMs,
    ];
    /// A stable name for ids and tests (`seed`, `latency`, `loss-client`…).
    pub const fn key(self) -> &'static str {
        match self {
            Field::Seed => "seed",
            Field::LatencyMs => "latency",
            Field::MslSecs => "msl",
            Field::Mss => "mss",
            Field::Window => "window",
            Field::RtoInitialMs => "rto",
            Field::LossPercent(Side::Client) => "loss-client",
            Field::LossPercent(Side::Server) => "loss-server",
            Field::DelayMs => "delay",
        }
    }
}

/// Why a typed value was refused. The view words it in the current language; `Core` carries the
/// core's own message (`Config::validate`, `Scenario::validate`).
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    Empty,
    NotANumber,
    NotWhole,
    Negative,
    /// Above the largest value the field can hold.
    TooLarge(u64),
    /// A percentage above 100.
    NotAPercentage,
    /// The core refused the value: the field path and its message.
    Core {
        path: String,
        message: String,
    },
}

/// Something the user should read: a refused call, an action that could not be applied, an
/// import that failed. Shown until the next action.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A user call the endpoint refused, with RFC 9293's error message.
    CallRefused {
        side: Side,
        call: &'static str,
        error: CallError,
    },
    /// `Simulator::apply` refused an action (for example a segment that has just arrived).
    ActionFailed(String),
    /// A scenario file that could not be read, with the core's message (field path and why).
    ImportFailed(String),
    /// A scenario file was loaded.
    Imported,
    /// The page's URL asked for a preset that does not exist (a stale or mistyped link); the
    /// lab opened the first one instead.
    UnknownPreset(String),
}

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
    /// The interactive actions of this session, at their times (may reach past `now`).
    pub tape: Rc<Vec<TimedAction>>,
    /// The whole run as it will go if nothing else is done: the scrubber's range and ticks.
    pub horizon: Rc<Horizon>,
    /// The present: always the simulator's `now`.
    pub now: Instant,
    pub playing: bool,
    pub speed: f64,
    /// Waiting for a timer passes [`WAIT_FACTOR`] times faster.
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
    pub help_open: bool,
    /// What the user typed in each field, and why it was refused.
    pub inputs: Rc<Inputs>,
    pub notice: Option<Notice>,
}

/// The whole run, computed once per change of scenario or tape.
#[derive(Clone, Debug, PartialEq)]
pub struct Horizon {
    /// When the last thing happens.
    pub end: Instant,
    /// Every instant at which something happens, ascending (ms).
    pub instants: Vec<f64>,
    pub axis: TimeAxis,
}

/// Field drafts and their errors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inputs {
    pub texts: Vec<(Field, String)>,
    pub errors: Vec<(Field, InputError)>,
}

impl Inputs {
    pub fn text(&self, field: Field) -> &str {
        self.texts
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, t)| t.as_str())
    }
    pub fn error(&self, field: Field) -> Option<&InputError> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e)
    }
    fn set(&mut self, field: Field, text: String, error: Option<InputError>) {
        self.texts.retain(|(f, _)| *f != field);
        self.texts.push((field, text));
        self.errors.retain(|(f, _)| *f != field);
        if let Some(e) = error {
            self.errors.push((field, e));
        }
    }
    fn from_scenario(s: &Scenario) -> Inputs {
        let c = &s.client;
        let secs = |d: Duration| trim_float(d.total_micros() as f64 / 1e6);
        let millis = |d: Duration| trim_float(d.total_micros() as f64 / 1e3);
        let mut inputs = Inputs::default();
        for (field, text) in [
            (Field::Seed, s.seed.to_string()),
            (Field::LatencyMs, millis(s.net.latency[0])),
            (Field::MslSecs, secs(c.msl)),
            (Field::Mss, c.mss.to_string()),
            (Field::Window, c.window.to_string()),
            (Field::RtoInitialMs, millis(c.rto_initial)),
            (Field::DelayMs, "2000".to_owned()),
        ] {
            inputs.set(field, text, None);
        }
        for side in Side::BOTH {
            inputs.set(
                Field::LossPercent(side),
                trim_float(s.net.loss[side.index()] * 100.0),
                None,
            );
        }
        inputs
    }
}

/// `5`, `0.5`, `100`: no trailing zeros.
fn trim_float(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_owned()
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
    /// Release a held segment.
    Release(TxId),
    Call(Side, UserCall),
    Arm(Side, Fault),
    /// A field was committed (Enter or leaving it) with this text.
    Edit(Field, String),
    ToggleAbsolute,
    SetFollow(bool),
    SetHelp(bool),
    ToggleHelp,
    /// Escape: closes the help, else the fault menu, else clears the selection.
    Escape,
    DismissNotice,
}

impl LabState {
    /// The lab with a preset loaded, paused at its start.
    pub fn new(preset: &str) -> LabState {
        let p = presets::find(preset).unwrap_or(&presets::PRESETS[0]);
        let scenario = p.scenario().unwrap_or_default();
        let mut s = LabState::with_scenario(scenario);
        s.preset = Some(p.slug);
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
            tape: Rc::new(Vec::new()),
            horizon: Rc::new(Horizon {
                end: Instant::ZERO,
                instants: Vec::new(),
                axis: TimeAxis::default(),
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
            help_open: false,
            inputs: Rc::new(inputs),
            notice: None,
        };
        state.recompute_horizon();
        state
    }

    /// The scenario plus the session's actions, as a scenario file that replays this session in
    /// the CLI (`handshake-cli run FILE`) exactly.
    pub fn export_json(&self) -> String {
        let mut sim = self.sim.borrow().clone();
        if let Some(last) = self.tape.last() {
            sim.replay_onto(&self.tape, last.at);
        }
        sim.to_scenario().to_json()
    }

    /// When the next thing happens: an event of the simulator or an action of the tape.
    pub fn next_instant(&self) -> Option<Instant> {
        let sim = self.sim.borrow();
        let ev = sim.next_event_time();
        let tape = self.tape.get(sim.actions().len()).map(|a| a.at);
        match (ev, tape) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether any segment is moving (not held) on the link.
    pub fn anything_moving(&self) -> bool {
        self.sim
            .borrow()
            .in_flight()
            .any(|tx| tx.status == TxStatus::InFlight)
    }

    /// Whether the selected segment is on the link (the fault menu applies to it).
    pub fn selected_active(&self) -> bool {
        self.selected.is_some_and(|id| {
            self.sim
                .borrow()
                .transmission(id)
                .is_some_and(|tx| tx.is_active())
        })
    }

    /// The scrubber's end: the last instant of the run, or now if later.
    pub fn end(&self) -> Instant {
        self.horizon.end.max(self.now)
    }

    // ----- time ---------------------------------------------------------------------------

    fn tick(&mut self, ts: f64) {
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
        let end = self.horizon.end;
        if target >= end && self.now <= end {
            // The last thing happens in this frame: stop on it rather than just after it.
            target = end;
        }
        self.advance_to(target);
        if self.next_instant().is_none() {
            self.playing = false;
            self.last_frame = None;
        }
    }

    /// Runs forward to `t`, applying the tape's actions as their times come.
    fn advance_to(&mut self, t: Instant) {
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

    /// Rebuilds the simulator at `t` from the scenario and the tape.
    fn rebuild_at(&mut self, t: Option<Instant>) {
        let sim = match t {
            Some(t) => Simulator::replay(&self.scenario, &self.tape, t),
            None => Simulator::new(&self.scenario),
        };
        if let Ok(sim) = sim {
            self.now = sim.now();
            self.sim = self.sim.replaced(sim);
        }
    }

    fn seek(&mut self, t: Instant) {
        let t = t.min(self.end());
        if t > self.now {
            self.advance_to(t);
        } else if t < self.now || self.sim.borrow().events_run() == 0 {
            self.rebuild_at(Some(t));
        }
    }

    fn step_back(&mut self) {
        let now = self.now;
        let before = self
            .sim
            .borrow()
            .trace()
            .iter()
            .rev()
            .map(|e| e.t)
            .find(|&t| t < now);
        match before {
            Some(t) => self.rebuild_at(Some(t)),
            // Before the first instant: the fresh simulator, nothing run yet.
            None => self.rebuild_at(None),
        }
    }

    fn recompute_horizon(&mut self) {
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

    /// Starts the session over with `scenario` (a preset, an import, a settings change).
    fn load(&mut self, scenario: Scenario, preset: Option<&'static str>) {
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
        self.recompute_horizon();
    }

    // ----- actions on the simulator -------------------------------------------------------

    /// Applies a user action at the present through the core. On success the tape branches
    /// here (its later actions are forgotten).
    fn apply(&mut self, action: SimAction) {
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
                        .find_map(|e| match &e.kind {
                            TraceKind::Call {
                                side,
                                call,
                                error: Some(error),
                            } => Some(Notice::CallRefused {
                                side: *side,
                                call: call.name(),
                                error: *error,
                            }),
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

    /// How many actions at the front of `scenario` the user took at the start.
    fn prelude(&self) -> usize {
        self.scenario.actions.len() - self.loaded.actions.len()
    }

    fn fault_selected(&mut self, fault: Fault) {
        let Some(id) = self.selected else { return };
        let held = self
            .sim
            .borrow()
            .transmission(id)
            .is_some_and(|tx| matches!(tx.status, TxStatus::Held { .. }));
        let action = match (fault, held) {
            (Fault::Hold, true) => SimAction::Release { target: id },
            _ => SimAction::Fault { target: id, fault },
        };
        self.apply(action);
        self.close_menu();
    }

    fn close_menu(&mut self) {
        self.menu_open = false;
        if std::mem::take(&mut self.resume_after_menu) {
            self.playing = true;
            self.last_frame = None;
        }
    }

    fn select(&mut self, id: Option<TxId>) {
        self.selected = id;
        let active = self.selected_active();
        self.menu_open = active;
        if active && self.playing {
            // Let the user aim: the segment stops moving while the menu is open.
            self.playing = false;
            self.resume_after_menu = true;
        }
        if !active {
            self.resume_after_menu = false;
        }
    }

    /// The next (or previous) segment on the link after the selected one, wrapping around.
    fn select_cycle(&mut self, forward: bool) {
        let ids: Vec<TxId> = self.sim.borrow().in_flight().map(|tx| tx.id).collect();
        if ids.is_empty() {
            self.select(None);
            return;
        }
        let pos = self.selected.and_then(|s| ids.iter().position(|&i| i == s));
        let n = ids.len();
        let i = match (pos, forward) {
            (Some(p), true) => (p + 1) % n,
            (Some(p), false) => (p + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        self.select(Some(ids[i]));
    }

    fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() {
            self.speed = speed.clamp(SPEED_RANGE.0, SPEED_RANGE.1);
        }
    }

    fn speed_step(&mut self, up: bool) {
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

    // ----- inputs -------------------------------------------------------------------------

    fn edit(&mut self, field: Field, text: String) {
        let mut inputs = (*self.inputs).clone();
        match field {
            // Only recorded: the fault menu's custom delay button reads it.
            Field::DelayMs => {
                let error = parse_number(&text)
                    .and_then(|d| {
                        if d > 3_600_000.0 {
                            Err(InputError::TooLarge(3_600_000))
                        } else {
                            Ok(d)
                        }
                    })
                    .err();
                inputs.set(field, text, error);
                self.inputs = Rc::new(inputs);
            }
            Field::LossPercent(side) => match parse_number(&text) {
                Ok(p) if p <= 100.0 => {
                    inputs.set(field, text, None);
                    self.inputs = Rc::new(inputs);
                    self.apply(SimAction::SetLoss {
                        side,
                        probability: p / 100.0,
                    });
                }
                Ok(_) => {
                    inputs.set(field, text, Some(InputError::NotAPercentage));
                    self.inputs = Rc::new(inputs);
                }
                Err(e) => {
                    inputs.set(field, text, Some(e));
                    self.inputs = Rc::new(inputs);
                }
            },
            _ => match configure(&self.loaded, field, &text) {
                Ok(scenario) => {
                    self.playing = false;
                    self.load(scenario, None);
                    // Keep what the user typed (`5.0` stays `5.0`).
                    let mut inputs = (*self.inputs).clone();
                    inputs.set(field, text, None);
                    self.inputs = Rc::new(inputs);
                }
                Err(e) => {
                    inputs.set(field, text, Some(e));
                    self.inputs = Rc::new(inputs);
                }
            },
        }
    }

    /// The custom delay typed in the fault menu, if it is valid.
    pub fn custom_delay(&self) -> Option<Duration> {
        if self.inputs.error(Field::DelayMs).is_some() {
            return None;
        }
        let ms = parse_number(self.inputs.text(Field::DelayMs)).ok()?;
        (ms > 0.0).then(|| Duration::from_micros((ms * 1000.0).round() as u64))
    }
}

/// A non-negative, finite decimal number (`5`, `0.5`, `1e3`).
pub fn parse_number(text: &str) -> Result<f64, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(InputError::Empty);
    }
    let x: f64 = t.parse().map_err(|_| InputError::NotANumber)?;
    if !x.is_finite() {
        return Err(InputError::NotANumber);
    }
    if x < 0.0 {
        return Err(InputError::Negative);
    }
    Ok(x)
}

/// A non-negative whole number of at most `max`.
pub fn parse_whole(text: &str, max: u64) -> Result<u64, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(InputError::Empty);
    }
    if let Ok(n) = t.parse::<u64>() {
        return if n > max {
            Err(InputError::TooLarge(max))
        } else {
            Ok(n)
        };
    }
    match parse_number(t) {
        Err(e) => Err(e),
        Ok(x) if x.fract() != 0.0 => Err(InputError::NotWhole),
        // `1e3`: whole, written with an exponent.
        Ok(x) if x <= max as f64 => Ok(x as u64),
        Ok(_) => Err(InputError::TooLarge(max)),
    }
}

fn millis(x: f64) -> Duration {
    Duration::from_micros((x * 1000.0).round().min(u64::MAX as f64) as u64)
}

/// The scenario with one field changed, checked by the core.
fn configure(base: &Scenario, field: Field, text: &str) -> Result<Scenario, InputError> {
    let mut s = base.clone();
    let both = |s: &mut Scenario, f: &dyn Fn(&mut Config)| {
        f(&mut s.client);
        f(&mut s.server);
    };
    match field {
        Field::Seed => s.seed = parse_whole(text, u64::MAX)?,
        Field::LatencyMs => {
            let d = millis(parse_number(text)?);
            s.net.latency = [d; 2];
        }
        Field::MslSecs => {
            let d = millis(parse_number(text)? * 1000.0);
            both(&mut s, &|c| c.msl = d);
        }
        Field::Mss => {
            // Anything above u16 is refused by the core's own check (at most 65491).
            let n = parse_whole(text, u64::MAX)?.min(u64::from(u16::MAX)) as u16;
            both(&mut s, &|c| c.mss = n);
        }
        Field::Window => {
            let n = parse_whole(text, u64::from(u16::MAX))? as u16;
            both(&mut s, &|c| c.window = n);
        }
        Field::RtoInitialMs => {
            let d = millis(parse_number(text)?);
            both(&mut s, &|c| c.rto_initial = d);
        }
        Field::LossPercent(_) | Field::DelayMs => {}
    }
    s.validate().map_err(|e| InputError::Core {
        path: e.path,
        message: e.kind.to_string(),
    })?;
    Ok(s)
}

impl Reducible for LabState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        if !matches!(action, Action::Tick(_)) {
            // A notice lives until the next thing the user does.
            s.notice = None;
        }
        match action {
            Action::Tick(ts) => s.tick(ts),
            Action::Play => {
                if s.next_instant().is_none() {
                    // At the end: play starts over (the tape replays).
                    s.rebuild_at(None);
                }
                s.playing = true;
                s.last_frame = None;
                s.menu_open = false;
                s.resume_after_menu = false;
            }
            Action::Pause => {
                s.playing = false;
                s.resume_after_menu = false;
            }
            Action::TogglePlay => {
                let next = if s.playing {
                    Action::Pause
                } else {
                    Action::Play
                };
                return Rc::new(s).reduce(next);
            }
            Action::StepForward => {
                s.playing = false;
                if let Some(t) = s.next_instant() {
                    s.advance_to(t);
                }
            }
            Action::StepBack => {
                s.playing = false;
                s.step_back();
            }
            Action::Seek(t) => s.seek(t),
            Action::Reset => {
                s.playing = false;
                s.tape = Rc::new(Vec::new());
                s.scenario = s.loaded.clone();
                let loaded = Inputs::from_scenario(&s.loaded);
                let mut inputs = (*s.inputs).clone();
                for side in Side::BOTH {
                    let field = Field::LossPercent(side);
                    inputs.set(field, loaded.text(field).to_owned(), None);
                }
                s.inputs = Rc::new(inputs);
                s.selected = None;
                s.menu_open = false;
                s.rebuild_at(None);
                s.follow = true;
                s.recompute_horizon();
            }
            Action::SetSpeed(x) => s.set_speed(x),
            Action::Faster => s.speed_step(true),
            Action::Slower => s.speed_step(false),
            Action::SetSkipWaiting(on) => s.skip_waiting = on,
            Action::ToggleSkipWaiting => s.skip_waiting = !s.skip_waiting,
            Action::LoadPreset(slug) => {
                if let Some(p) = presets::find(slug) {
                    if let Ok(scenario) = p.scenario() {
                        s.playing = false;
                        s.load(scenario, Some(p.slug));
                    }
                }
            }
            Action::Import(text) => match Scenario::from_json(&text) {
                Ok(scenario) => match Simulator::new(&scenario) {
                    Ok(_) => {
                        s.playing = false;
                        s.load(scenario, None);
                        s.notice = Some(Notice::Imported);
                    }
                    Err(e) => s.notice = Some(Notice::ImportFailed(e.to_string())),
                },
                Err(e) => s.notice = Some(Notice::ImportFailed(e.to_string())),
            },
            Action::Select(id) => s.select(id),
            Action::SelectNext => s.select_cycle(true),
            Action::SelectPrevious => s.select_cycle(false),
            Action::CloseMenu => s.close_menu(),
            Action::FaultSelected(fault) => s.fault_selected(fault),
            Action::DelaySelectedCustom => match s.custom_delay() {
                Some(d) => s.fault_selected(Fault::Delay(d)),
                None => {
                    let mut inputs = (*s.inputs).clone();
                    let text = inputs.text(Field::DelayMs).to_owned();
                    let e = parse_number(&text).err().unwrap_or(InputError::Empty);
                    inputs.set(Field::DelayMs, text, Some(e));
                    s.inputs = Rc::new(inputs);
                }
            },
            Action::Release(id) => {
                s.apply(SimAction::Release { target: id });
            }
            Action::Call(side, call) => s.apply(SimAction::Call { side, call }),
            Action::Arm(side, fault) => s.apply(SimAction::Arm { side, fault }),
            Action::Edit(field, text) => s.edit(field, text),
            Action::ToggleAbsolute => s.absolute = !s.absolute,
            Action::SetFollow(on) => s.follow = on,
            Action::SetHelp(open) => s.help_open = open,
            Action::ToggleHelp => s.help_open = !s.help_open,
            Action::Escape => {
                if s.help_open {
                    s.help_open = false;
                } else if s.menu_open {
                    s.close_menu();
                } else {
                    s.select(None);
                }
            }
            Action::DismissNotice => s.notice = None,
        }
        Rc::new(s)
    }
}

impl PartialEq for LabState {
    /// Cheap: the simulator by identity and revision, the rest by value.
    fn eq(&self, other: &LabState) -> bool {
        self.sim == other.sim
            && Rc::ptr_eq(&self.scenario, &other.scenario)
            && Rc::ptr_eq(&self.tape, &other.tape)
            && self.now == other.now
            && self.playing == other.playing
            && self.speed == other.speed
            && self.skip_waiting == other.skip_waiting
            && self.selected == other.selected
            && self.menu_open == other.menu_open
            && self.absolute == other.absolute
            && self.follow == other.follow
            && self.help_open == other.help_open
            && Rc::ptr_eq(&self.inputs, &other.inputs)
            && self.notice == other.notice
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::State;

    fn lab(preset: &str) -> Rc<LabState> {
        Rc::new(LabState::new(preset))
    }

    fn run(s: Rc<LabState>, actions: impl IntoIterator<Item = Action>) -> Rc<LabState> {
        actions.into_iter().fold(s, |s, a| s.reduce(a))
    }

    fn states(s: &LabState) -> (State, State) {
        let sim = s.sim.borrow();
        (
            sim.endpoint(Side::Client).state(),
            sim.endpoint(Side::Server).state(),
        )
    }

    /// Plays with frames of `frame` ms until `real_ms` of real time have passed.
    fn play_for(s: Rc<LabState>, real_ms: f64, frame: f64) -> Rc<LabState> {
        let mut s = s.reduce(Action::Play);
        let mut ts = 1000.0;
        s = s.reduce(Action::Tick(ts));
        while ts < 1000.0 + real_ms {
            ts += frame;
            s = s.reduce(Action::Tick(ts));
        }
        s
    }

    fn id(s: &str) -> TxId {
        s.parse().unwrap()
    }

    /// Whether the transmission `tx` was dropped.
    fn dropped(s: &LabState, tx: &str) -> bool {
        s.sim
            .borrow()
            .transmission(id(tx))
            .is_some_and(|t| matches!(t.status, TxStatus::Dropped { .. }))
    }

    #[test]
    fn a_fault_armed_at_the_start_meets_the_first_syn() {
        let s = run(lab("handshake"), [Action::Arm(Side::Client, Fault::Drop)]);
        // Nothing has run yet, and the lab says what is armed.
        assert_eq!(states(&s), (State::Closed, State::Closed));
        assert_eq!(s.armed(Side::Client), vec![Fault::Drop]);
        assert!(s.armed(Side::Server).is_empty());
        let s = run(s, [Action::Seek(Instant::from_millis(1_500))]);
        assert!(dropped(&s, "C1"), "the first SYN is the one lost");
        assert!(!dropped(&s, "C2"), "its retransmission is not");
        assert!(s.armed(Side::Client).is_empty(), "used up");
        // Back at the start it is still armed there, and the exported file replays it.
        let back = run(s.clone(), [Action::Seek(Instant::ZERO)]);
        assert!(back.now == Instant::ZERO);
        let json = s.export_json();
        let file = Scenario::from_json(&json).unwrap();
        let sim = Simulator::replay(&file, &[], Instant::from_millis(1_500)).unwrap();
        assert!(matches!(
            sim.transmission(id("C1")).unwrap().status,
            TxStatus::Dropped { .. }
        ));
        // Reset forgets it, as it forgets the tape.
        let s = run(
            s,
            [Action::Reset, Action::Seek(Instant::from_millis(1_500))],
        );
        assert!(s.armed(Side::Client).is_empty());
        assert!(!dropped(&s, "C1"));
        assert_eq!(states(&s), (State::Established, State::Established));
    }

    #[test]
    fn loss_set_at_the_start_applies_to_the_first_segment() {
        let s = run(
            lab("handshake"),
            [
                Action::Edit(Field::LossPercent(Side::Client), "100".into()),
                Action::Seek(Instant::from_millis(500)),
            ],
        );
        assert!(dropped(&s, "C1"));
        // Reset puts the field back with the scenario's loss.
        let s = run(s, [Action::Reset]);
        assert_eq!(s.inputs.text(Field::LossPercent(Side::Client)), "0");
        let s = run(s, [Action::Seek(Instant::from_millis(500))]);
        assert!(!dropped(&s, "C1"));
    }

    #[test]
    fn a_fault_armed_after_the_start_meets_the_next_segment() {
        let s = run(
            lab("handshake"),
            [Action::StepForward, Action::Arm(Side::Client, Fault::Drop)],
        );
        let s = run(s, [Action::Seek(Instant::from_millis(300))]);
        assert!(
            !dropped(&s, "C1"),
            "the SYN had left before the fault was armed"
        );
        assert!(dropped(&s, "C2"), "the handshake's ACK is the next segment");
    }

    #[test]
    fn starts_paused_at_zero_with_nothing_run() {
        let s = lab("handshake");
        assert_eq!(s.now, Instant::ZERO);
        assert!(!s.playing);
        assert_eq!(states(&s), (State::Closed, State::Closed));
        assert_eq!(s.preset, Some("handshake"));
        assert_eq!(s.horizon.end, Instant::from_millis(300));
    }

    #[test]
    fn a_second_of_real_time_at_1x_is_a_tenth_of_virtual_time_in_flight() {
        let start = lab("handshake").reduce(Action::StepForward);
        let s = play_for(start.clone(), 1000.0, 10.0);
        assert_eq!(s.now, Instant::from_millis(100));
        assert_eq!(states(&s), (State::SynSent, State::SynReceived));
        let s = play_for(start, 1000.0, 10.0).reduce(Action::SetSpeed(2.0));
        let s = play_for(s, 1000.0, 10.0);
        assert_eq!(s.now, Instant::from_millis(300));
        assert_eq!(states(&s), (State::Established, State::Established));
    }

    #[test]
    fn play_stops_by_itself_at_the_end() {
        let s = play_for(lab("handshake"), 5000.0, 16.0);
        assert!(!s.playing);
        assert_eq!(s.now, Instant::from_millis(300));
    }

    #[test]
    fn waiting_for_a_timer_passes_twenty_times_faster_and_stops_at_its_expiry() {
        // lost-syn: C1 is lost at 50 ms; nothing moves until the RTO fires at 1 s.
        let s = run(lab("lost-syn"), [Action::Seek(Instant::from_millis(50))]);
        assert!(!s.anything_moving());
        let s = play_for(s, 100.0, 10.0);
        // 100 ms real × 0.1 × 20 = 200 ms virtual.
        assert_eq!(s.now, Instant::from_millis(250));
        // Frames of 10 ms real are 20 ms virtual while waiting: 260, 280, … 980, then 1000,
        // not 1000.2.
        let mut s = play_for(s, 10.0, 10.0);
        let mut ts = 2000.0;
        while s.now < Instant::from_millis(1000) {
            ts += 10.0;
            s = s.reduce(Action::Tick(ts));
        }
        assert_eq!(
            s.now,
            Instant::from_millis(1000),
            "stops at the expiry, not past it"
        );
        assert!(s.anything_moving(), "the retransmitted SYN is on its way");
        let s = s.reduce(Action::SetSkipWaiting(false));
        let s = run(s, [Action::Seek(Instant::from_millis(50))]);
        let s = play_for(s, 100.0, 10.0);
        assert_eq!(s.now, Instant::from_millis(60));
    }

    #[test]
    fn a_long_frame_does_not_jump_the_clock() {
        let s = lab("handshake")
            .reduce(Action::StepForward)
            .reduce(Action::Play);
        let s = run(s, [Action::Tick(0.0), Action::Tick(5000.0)]);
        assert_eq!(s.now, instant(MAX_FRAME_MS * PACE));
    }

    #[test]
    fn step_forward_goes_event_by_event_and_step_back_restores_the_states() {
        let mut s = lab("handshake");
        let mut seen = vec![(s.now, states(&s))];
        while s.next_instant().is_some() {
            s = s.reduce(Action::StepForward);
            seen.push((s.now, states(&s)));
        }
        let times: Vec<u64> = seen.iter().map(|(t, _)| t.total_millis()).collect();
        assert_eq!(times, [0, 0, 100, 200, 300]);
        assert_eq!(
            seen.last().unwrap().1,
            (State::Established, State::Established)
        );
        for expected in seen.iter().rev().skip(1) {
            s = s.reduce(Action::StepBack);
            assert_eq!((s.now, states(&s)), *expected);
        }
    }

    #[test]
    fn dropping_the_selected_syn_brings_a_retransmission_one_second_later() {
        let s = run(
            lab("handshake"),
            [
                Action::StepForward,
                Action::Seek(Instant::from_millis(30)),
                Action::SelectNext,
            ],
        );
        assert_eq!(s.selected, Some(id("C1")));
        assert!(s.menu_open);
        let s = s.reduce(Action::FaultSelected(Fault::Drop));
        assert!(!s.menu_open);
        assert_eq!(s.tape.len(), 1);
        {
            let sim = s.sim.borrow();
            assert!(matches!(
                sim.transmission(id("C1")).unwrap().status,
                TxStatus::Dropped { .. }
            ));
        }
        let s = s.reduce(Action::StepForward);
        let sim = s.sim.borrow();
        let c2 = sim.transmission(id("C2")).unwrap();
        assert_eq!(c2.retransmission_of, Some(id("C1")));
        assert_eq!(c2.sent_at, Instant::from_millis(1000));
    }

    #[test]
    fn selecting_while_playing_pauses_and_a_fault_resumes() {
        let s = play_for(lab("handshake"), 200.0, 10.0);
        assert!(s.playing);
        let s = s.reduce(Action::SelectNext);
        assert!(!s.playing && s.menu_open);
        let s = s.reduce(Action::FaultSelected(Fault::Delay(Duration::from_millis(
            500,
        ))));
        assert!(s.playing);
        let arrival = s.sim.borrow().transmission(id("C1")).unwrap().arrival;
        assert_eq!(arrival, Instant::from_millis(600));
    }

    #[test]
    fn hold_then_release_from_the_same_menu() {
        let s = run(
            lab("handshake"),
            [
                Action::Seek(Instant::from_millis(40)),
                Action::SelectNext,
                Action::FaultSelected(Fault::Hold),
            ],
        );
        assert!(!s.anything_moving());
        let s = run(
            s,
            [
                Action::Seek(Instant::from_millis(400)),
                Action::Select(Some(id("C1"))),
                Action::FaultSelected(Fault::Hold),
            ],
        );
        let sim = s.sim.borrow();
        let c1 = sim.transmission(id("C1")).unwrap();
        assert_eq!(c1.status, TxStatus::InFlight);
        assert_eq!(c1.arrival, Instant::from_millis(460));
    }

    #[test]
    fn scrubbing_back_and_forth_replays_the_users_faults() {
        let s = run(
            lab("handshake"),
            [
                Action::Seek(Instant::from_millis(50)),
                Action::Select(Some(id("C1"))),
                Action::FaultSelected(Fault::Drop),
                Action::Seek(Instant::from_millis(10)),
            ],
        );
        assert_eq!(s.tape.len(), 1, "the tape keeps the future");
        assert_eq!(
            s.sim.borrow().transmission(id("C1")).unwrap().status,
            TxStatus::InFlight
        );
        let s = s.reduce(Action::Seek(Instant::from_millis(1200)));
        assert!(matches!(
            s.sim.borrow().transmission(id("C1")).unwrap().status,
            TxStatus::Dropped { .. }
        ));
        assert!(s.sim.borrow().transmission(id("C2")).is_some());
        // A new action in the past branches the history: the old drop is forgotten.
        let s = run(
            s,
            [
                Action::Seek(Instant::from_millis(20)),
                Action::Select(Some(id("C1"))),
                Action::FaultSelected(Fault::Duplicate),
            ],
        );
        assert_eq!(s.tape.len(), 1);
        let s = s.reduce(Action::Seek(Instant::from_millis(1200)));
        let sim = s.sim.borrow();
        assert!(matches!(
            sim.transmission(id("C1")).unwrap().status,
            TxStatus::Arrived { .. }
        ));
        assert!(sim.transmission(id("C1'")).is_some());
    }

    #[test]
    fn reset_forgets_the_session_and_returns_to_the_start() {
        let s = run(
            lab("handshake"),
            [
                Action::Seek(Instant::from_millis(50)),
                Action::SelectNext,
                Action::FaultSelected(Fault::Drop),
                Action::Reset,
            ],
        );
        assert!(s.tape.is_empty());
        assert_eq!(s.now, Instant::ZERO);
        assert_eq!(states(&s), (State::Closed, State::Closed));
        assert_eq!(s.horizon.end, Instant::from_millis(300));
    }

    #[test]
    fn a_refused_call_gives_the_rfc_error_not_a_crash() {
        let s = run(
            lab("handshake"),
            [
                Action::Seek(Instant::from_millis(300)),
                Action::Call(Side::Client, UserCall::Connect),
            ],
        );
        assert_eq!(
            s.notice,
            Some(Notice::CallRefused {
                side: Side::Client,
                call: "connect",
                error: CallError::ConnectionExists,
            })
        );
        assert_eq!(
            CallError::ConnectionExists.to_string(),
            "connection already exists"
        );
        let s = s.reduce(Action::Call(
            Side::Client,
            UserCall::Send(handshake_core::sim::SendData::Text("hi".into())),
        ));
        assert_eq!(s.notice, None);
        assert!(s.anything_moving());
    }

    #[test]
    fn a_fault_on_a_segment_that_arrived_is_a_notice() {
        let s = run(
            lab("handshake"),
            [
                Action::Seek(Instant::from_millis(300)),
                Action::Select(Some(id("C1"))),
            ],
        );
        assert!(!s.menu_open, "no menu for a segment in history");
        let s = s.reduce(Action::FaultSelected(Fault::Drop));
        assert_eq!(
            s.notice,
            Some(Notice::ActionFailed(
                "C1 is not on the link any more".into()
            ))
        );
    }

    #[test]
    fn garbage_in_a_field_is_a_message_and_changes_nothing() {
        let base = run(lab("handshake"), [Action::StepForward]);
        for (field, text, want) in [
            (Field::LatencyMs, "abc", InputError::NotANumber),
            (Field::LatencyMs, "-5", InputError::Negative),
            (Field::LatencyMs, "", InputError::Empty),
            (Field::LatencyMs, "NaN", InputError::NotANumber),
            (Field::Seed, "1.5", InputError::NotWhole),
            (Field::Seed, "-5", InputError::Negative),
            (Field::Window, "1e9", InputError::TooLarge(65535)),
            (
                Field::LossPercent(Side::Client),
                "150",
                InputError::NotAPercentage,
            ),
        ] {
            let s = base.clone().reduce(Action::Edit(field, text.into()));
            assert_eq!(s.inputs.error(field), Some(&want), "{field:?} {text:?}");
            assert_eq!(s.inputs.text(field), text);
            assert_eq!(s.now, base.now, "{field:?} {text:?} rebuilt the session");
            assert!(Rc::ptr_eq(&s.scenario, &base.scenario));
        }
        // The core's own checks, with its messages.
        for (field, text, path) in [
            (
                Field::LatencyMs,
                "1e9",
                "config.latency_ms.client_to_server",
            ),
            (Field::Mss, "1e9", "config.client.mss"),
            (Field::Mss, "0", "config.client.mss"),
            (Field::Window, "0", "config.client.window"),
            (Field::MslSecs, "1e9", "config.client.msl_ms"),
            (Field::RtoInitialMs, "5", "config.client.rto_initial_ms"),
        ] {
            let s = base.clone().reduce(Action::Edit(field, text.into()));
            match s.inputs.error(field) {
                Some(InputError::Core { path: p, message }) => {
                    assert_eq!(p, path, "{field:?} {text:?}");
                    assert!(!message.is_empty());
                }
                other => panic!("{field:?} {text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_valid_setting_rebuilds_the_scenario_from_zero() {
        let s = run(
            lab("handshake"),
            [
                Action::Seek(Instant::from_millis(150)),
                Action::Edit(Field::LatencyMs, "250".into()),
            ],
        );
        assert_eq!(s.inputs.error(Field::LatencyMs), None);
        assert_eq!(s.now, Instant::ZERO);
        assert_eq!(s.scenario.net.latency, [Duration::from_millis(250); 2]);
        assert_eq!(s.preset, None);
        assert_eq!(s.horizon.end, Instant::from_millis(750));
        let s = s.reduce(Action::Edit(Field::Seed, "42".into()));
        assert_eq!(s.scenario.seed, 42);
        assert_eq!(s.inputs.text(Field::LatencyMs), "250");
    }

    #[test]
    fn random_loss_is_applied_at_the_present_and_replays() {
        let s = run(
            lab("handshake-data-close"),
            [
                Action::StepForward,
                Action::Edit(Field::LossPercent(Side::Client), "50".into()),
            ],
        );
        assert_eq!(s.sim.borrow().loss(Side::Client), 0.5);
        assert_eq!(s.tape.len(), 1);
    }

    #[test]
    fn export_then_import_replays_the_session_identically() {
        let s = run(
            lab("handshake"),
            [
                Action::Seek(Instant::from_millis(50)),
                Action::SelectNext,
                Action::FaultSelected(Fault::Drop),
                Action::Seek(Instant::from_millis(2000)),
            ],
        );
        let json = s.export_json();
        let mut full = s.sim.borrow().clone();
        full.run_to_end();
        let t = s.reduce(Action::Import(json));
        assert_eq!(t.notice, Some(Notice::Imported));
        let mut again = t.sim.borrow().clone();
        again.run_to_end();
        assert_eq!(again.trace(), full.trace());
        let bad = t.reduce(Action::Import("{\"seed\": \"x\"}".into()));
        match &bad.notice {
            Some(Notice::ImportFailed(msg)) => assert!(msg.contains("seed"), "{msg}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn speed_steps_through_the_menu_and_urls_may_go_faster() {
        let s = lab("handshake");
        let s = run(s, [Action::Faster, Action::Faster]);
        assert_eq!(s.speed, 4.0);
        let s = run(s, [Action::Faster]);
        assert_eq!(s.speed, 4.0);
        let s = run(
            s,
            [
                Action::Slower,
                Action::Slower,
                Action::Slower,
                Action::Slower,
                Action::Slower,
            ],
        );
        assert_eq!(s.speed, 0.25);
        let s = s.reduce(Action::SetSpeed(1000.0));
        assert_eq!(s.speed, SPEED_RANGE.1);
        let s = s.reduce(Action::SetSpeed(f64::NAN));
        assert_eq!(s.speed, SPEED_RANGE.1);
        let s = s.reduce(Action::Slower);
        assert_eq!(s.speed, 4.0);
    }

    #[test]
    fn select_next_and_previous_cycle_through_the_segments_on_the_link() {
        let s = run(lab("bulk-data"), [Action::Seek(Instant::from_millis(1200))]);
        let s = s.reduce(Action::SelectNext);
        assert_eq!(s.selected, Some(id("C3")));
        let s = run(s, [Action::SelectNext, Action::SelectNext]);
        assert_eq!(s.selected, Some(id("C5")));
        let s = run(
            s,
            [
                Action::SelectPrevious,
                Action::SelectPrevious,
                Action::SelectPrevious,
            ],
        );
        assert_eq!(s.selected, Some(id("C202")));
    }
}
