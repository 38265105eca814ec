//! Learning mode in the lab: predict-then-reveal, the cards' "run it", the coverage of Figure 5
//! and the scores. Everything it knows about TCP comes from `handshake_explain` (the questions,
//! their answers and grading, the lessons' checks and moments, the arcs a run took); this room
//! only drives the lab with it: it stops the clock where a question is asked, moves the run on
//! to the answer, loads a card's scenario at its moment, and counts.
//!
//! The question ahead is computed once per future (the scenario, the tape, the numbering, the
//! kinds asked) and kept while the present moves towards it; a change of the future (an action,
//! a rebuild, another scenario) computes it again.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::presets;
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Action as SimAction, TimedAction, UserCall};
use handshake_explain::arcs::{ARCS, Act, ArcId, Coverage, Show};
use handshake_explain::learn::{Focus, Moment, Origin};
use handshake_explain::lessons::{self, Demo};
use handshake_explain::progress::Score;
use handshake_explain::questions::{self, Grade, Kind, Question, Response, Settings};

use super::LabState;

/// Which part of the Learn panel is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LearnView {
    /// The misconception cards, with one opened when asked for.
    Myths(Option<Demo>),
    Interview,
    Predict,
    Coverage,
    /// The glossary, scrolled to a term when one was asked for.
    Glossary(Option<&'static str>),
}

impl LearnView {
    /// The sections in the panel's order.
    pub const ALL: [LearnView; 5] = [
        LearnView::Myths(None),
        LearnView::Interview,
        LearnView::Predict,
        LearnView::Coverage,
        LearnView::Glossary(None),
    ];
    /// The section, whatever the card or the term.
    pub fn section(self) -> LearnView {
        match self {
            LearnView::Glossary(_) => LearnView::Glossary(None),
            LearnView::Myths(_) => LearnView::Myths(None),
            v => v,
        }
    }
}

/// A panel of the side column that learning asks the app to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Learn,
    Inspector,
}

/// What the learning features do to the lab.
#[derive(Clone, Debug, PartialEq)]
pub enum LearnAction {
    /// Predict-then-reveal on or off.
    SetQuiz(bool),
    ToggleQuiz,
    /// Ask (or stop asking) questions of this kind.
    ToggleKind(Kind),
    /// The student's answer to the question asked.
    Answer(Response),
    /// Show the answer without grading.
    Skip,
    /// After the answer: the run plays on.
    Continue,
    /// A card's (or an interview answer's) "run it": its scenario at its moment, lit.
    Show(Demo),
    /// A coverage suggestion: its scenario, at the time of the student's step.
    TryArc(ArcId),
    ClearHighlight,
    /// Open the Learn panel at this section (the narration's glossary links use it).
    View(LearnView),
    ResetCoverage,
    ResetScore,
}

/// An answered question: what was asked, and how it went.
#[derive(Clone, Debug, PartialEq)]
pub struct Revealed {
    pub question: Rc<Question>,
    /// `None` when the student skipped it.
    pub grade: Option<Grade>,
}

/// What is lit, and which card lit it (for the scenario it loaded).
#[derive(Clone, Debug, PartialEq)]
pub struct Lit {
    pub demo: Demo,
    pub moment: Moment,
    scenario: Rc<Scenario>,
}

/// The learning side of a lab session.
#[derive(Clone, Debug, PartialEq)]
pub struct Learn {
    pub quiz: bool,
    /// The kinds of question asked (indexed by `Kind::index`).
    pub kinds: [bool; 5],
    /// The next question in the run, if the quiz is on and the run asks one.
    pub ahead: Option<Rc<Question>>,
    ahead_key: Option<AheadKey>,
    /// The run is stopped at `ahead`'s moment and the question is shown.
    pub asking: bool,
    /// A typed answer that was not a number.
    pub unreadable: bool,
    /// The question just answered.
    pub revealed: Option<Revealed>,
    /// This session's score.
    pub session: Score,
    /// The score over every visit (the app keeps it in the browser's storage).
    pub total: Score,
    /// The arcs of Figure 5 seen taken, over every visit (kept likewise).
    pub coverage: Coverage,
    /// How much of the current trace `coverage` has taken in.
    covered_upto: usize,
    pub lit: Option<Lit>,
    pub view: LearnView,
    /// A side panel to show, bumped with each request (the app switches its tab).
    pub panel_request: Option<(u32, Panel)>,
}

impl Default for Learn {
    fn default() -> Learn {
        Learn {
            quiz: false,
            kinds: [true; 5],
            ahead: None,
            ahead_key: None,
            asking: false,
            unreadable: false,
            revealed: None,
            session: Score::default(),
            total: Score::default(),
            coverage: Coverage::default(),
            covered_upto: 0,
            lit: None,
            view: LearnView::Myths(None),
            panel_request: None,
        }
    }
}

/// What the question ahead was computed from: while none of it changes and the present has not
/// passed it, it is still the next question.
#[derive(Clone, Debug)]
struct AheadKey {
    scenario: Rc<Scenario>,
    tape: Rc<Vec<TimedAction>>,
    settings: Settings,
    from: Instant,
}

impl PartialEq for AheadKey {
    fn eq(&self, other: &AheadKey) -> bool {
        Rc::ptr_eq(&self.scenario, &other.scenario)
            && Rc::ptr_eq(&self.tape, &other.tape)
            && self.settings == other.settings
            && self.from == other.from
    }
}

/// The scenario of a lesson's or a suggestion's origin.
pub fn origin_scenario(origin: Origin) -> Option<Scenario> {
    match origin {
        Origin::Preset(slug) => presets::find(slug)?.scenario().ok(),
        Origin::Scenario(json) => Scenario::from_json(json).ok(),
    }
}

impl Learn {
    /// A session that starts from a student's kept progress, with the quiz on or off (a
    /// teacher's `?quiz=1`).
    pub fn with_progress(total: Score, coverage: Coverage, quiz: bool) -> Learn {
        Learn {
            total,
            coverage,
            quiz,
            ..Learn::default()
        }
    }

    fn request(&mut self, panel: Panel) {
        let n = self.panel_request.map_or(0, |(n, _)| n.wrapping_add(1));
        self.panel_request = Some((n, panel));
    }
}

impl LabState {
    fn learn_mut(&mut self) -> &mut Learn {
        Rc::make_mut(&mut self.learn)
    }

    fn settings(&self) -> Settings {
        Settings {
            kinds: self.learn.kinds,
            absolute: self.absolute,
        }
    }

    pub(super) fn learn_action(&mut self, action: LearnAction) {
        match action {
            LearnAction::SetQuiz(on) => self.set_quiz(on),
            LearnAction::ToggleQuiz => self.set_quiz(!self.learn.quiz),
            LearnAction::ToggleKind(kind) => {
                let l = self.learn_mut();
                l.kinds[kind.index()] = !l.kinds[kind.index()];
                l.asking = false;
            }
            LearnAction::Answer(response) => self.answer(Some(response)),
            LearnAction::Skip => self.answer(None),
            LearnAction::Continue => self.play(),
            LearnAction::Show(demo) => self.show(demo),
            LearnAction::TryArc(id) => self.try_arc(id),
            LearnAction::ClearHighlight => self.learn_mut().lit = None,
            LearnAction::View(view) => {
                let l = self.learn_mut();
                l.view = view;
                l.request(Panel::Learn);
            }
            LearnAction::ResetCoverage => {
                // Only arcs taken from now on count again.
                let len = self.sim.borrow().trace().len();
                let l = self.learn_mut();
                l.coverage = Coverage::default();
                l.covered_upto = len;
            }
            LearnAction::ResetScore => {
                let l = self.learn_mut();
                l.session = Score::default();
                l.total = Score::default();
            }
        }
    }

    fn set_quiz(&mut self, on: bool) {
        let l = self.learn_mut();
        l.quiz = on;
        l.asking = false;
        l.revealed = None;
        l.unreadable = false;
        if on {
            // Questions are about what comes: the run waits for the student.
            self.playing = false;
        }
    }

    /// Grades the question asked (or skips it), then moves the run on to its answer.
    fn answer(&mut self, response: Option<Response>) {
        let Some(q) = self.learn.ahead.clone().filter(|_| self.learn.asking) else {
            return;
        };
        let grade = match &response {
            Some(r) => match q.grade(r) {
                Some(g) => Some(g),
                None => {
                    self.learn_mut().unreadable = true;
                    return;
                }
            },
            None => None,
        };
        let l = self.learn_mut();
        if let Some(g) = grade {
            l.session.record(q.kind, g.correct);
            l.total.record(q.kind, g.correct);
        }
        l.asking = false;
        l.unreadable = false;
        l.revealed = Some(Revealed {
            question: Rc::clone(&q),
            grade,
        });
        self.playing = false;
        self.advance_to(q.answer_at);
    }

    /// A card's run: its scenario (the preset, or its own file), at its moment, lit.
    fn show(&mut self, demo: Demo) {
        let origin = demo.source();
        let Some(scenario) = origin_scenario(origin) else {
            return;
        };
        let sim = match handshake_core::sim::Simulator::new(&scenario) {
            Ok(sim) => sim,
            Err(_) => return,
        };
        let Ok(proof) = lessons::check(demo, &sim) else {
            return;
        };
        let preset = match origin {
            Origin::Preset(slug) => presets::find(slug).map(|p| p.slug),
            Origin::Scenario(_) => None,
        };
        self.playing = false;
        self.load(scenario, preset);
        self.seek(proof.moment.at);
        self.follow = true;
        let focus = proof.moment.focus;
        if let Focus::Header { absolute, .. } = focus {
            self.absolute = absolute;
        }
        self.selected = focus.segment();
        self.menu_open = false;
        let scenario = Rc::clone(&self.scenario);
        let l = self.learn_mut();
        l.lit = Some(Lit {
            demo,
            moment: proof.moment,
            scenario,
        });
        l.asking = false;
        l.revealed = None;
        if matches!(focus, Focus::Header { .. }) {
            l.request(Panel::Inspector);
        }
    }

    /// A coverage suggestion: its scenario, paused where the student's step is to be taken.
    fn try_arc(&mut self, id: ArcId) {
        let Some(arc) = ARCS.get(id.index()) else {
            return;
        };
        let Show::Run { origin, step, .. } = arc.show else {
            return;
        };
        let Some(scenario) = origin_scenario(origin) else {
            return;
        };
        let preset = match origin {
            Origin::Preset(slug) => presets::find(slug).map(|p| p.slug),
            Origin::Scenario(_) => None,
        };
        self.playing = false;
        self.load(scenario, preset);
        self.learn_mut().lit = None;
        if let Some(step) = step {
            self.seek(Instant::from_millis(step.at_ms));
        }
    }

    /// The action a suggestion's step is, for the button that takes it.
    pub fn step_action(act: Act, side: handshake_core::sim::Side) -> SimAction {
        let call = |call| SimAction::Call { side, call };
        match act {
            Act::Listen => call(UserCall::Listen),
            Act::Connect => call(UserCall::Connect),
            Act::Close => call(UserCall::Close),
            Act::Abort => call(UserCall::Abort),
            Act::LoseAll => SimAction::SetLoss {
                side,
                probability: 1.0,
            },
        }
    }

    /// After every action: the arcs the run has taken so far join the coverage, and the question
    /// ahead is kept or computed again.
    pub(super) fn learn_after(&mut self) {
        self.cover();
        self.refresh_question();
        // A card's light belongs to the run it loaded.
        let other_run = self
            .learn
            .lit
            .as_ref()
            .is_some_and(|l| !Rc::ptr_eq(&l.scenario, &self.scenario));
        if other_run {
            self.learn_mut().lit = None;
        }
    }

    fn cover(&mut self) {
        let sim = self.sim.borrow();
        let events = &sim.trace().events;
        let from = self.learn.covered_upto.min(events.len());
        if from == events.len() && self.learn.covered_upto == events.len() {
            return;
        }
        let mut coverage = self.learn.coverage;
        for e in &events[from..] {
            if let handshake_core::trace::TraceKind::State {
                from, to, cause, ..
            } = e.kind
            {
                if let Some(id) = handshake_explain::arcs::arc_of(from, to, cause) {
                    coverage.add(id);
                }
            }
        }
        let len = events.len();
        drop(sim);
        if coverage != self.learn.coverage || self.learn.covered_upto != len {
            let l = self.learn_mut();
            l.coverage = coverage;
            l.covered_upto = len;
        }
    }

    fn refresh_question(&mut self) {
        if !self.learn.quiz {
            if self.learn.ahead.is_some() || self.learn.asking {
                let l = self.learn_mut();
                l.ahead = None;
                l.ahead_key = None;
                l.asking = false;
            }
            return;
        }
        let now = self.now;
        let settings = self.settings();
        let done = self.sim.borrow().trace().len();
        // The same future, and the question's answer not reached yet.
        let still = self.learn.ahead_key.as_ref().is_some_and(|k| {
            Rc::ptr_eq(&k.scenario, &self.scenario)
                && Rc::ptr_eq(&k.tape, &self.tape)
                && k.settings == settings
                && now >= k.from
                && self
                    .learn
                    .ahead
                    .as_ref()
                    .is_none_or(|q| now <= q.ask_at && done <= q.events.start)
        });
        if still {
            // Moved away from the question's moment (a seek): it is asked again on arrival.
            let away = self.learn.ahead.as_ref().is_none_or(|q| q.ask_at != now);
            if self.learn.asking && away {
                self.learn_mut().asking = false;
            }
            return;
        }
        let q = {
            let sim = self.sim.borrow();
            questions::next(&sim, &self.tape, &settings).map(Rc::new)
        };
        let key = AheadKey {
            scenario: Rc::clone(&self.scenario),
            tape: Rc::clone(&self.tape),
            settings,
            from: now,
        };
        let l = self.learn_mut();
        l.ahead = q;
        l.ahead_key = Some(key);
        l.asking = false;
        l.unreadable = false;
    }

    /// Play or step was pressed. At the question's moment the run asks instead of moving
    /// (`true`); otherwise an answer shown so far is put away and the run moves.
    pub(super) fn ask_instead(&mut self) -> bool {
        let done = self.sim.borrow().trace().len();
        let at_question = self.learn.quiz
            && self
                .learn
                .ahead
                .as_ref()
                .is_some_and(|q| q.ask_at == self.now && done <= q.events.start);
        if at_question {
            if !self.learn.asking {
                self.stop_to_ask();
            }
            return true;
        }
        if self.learn.revealed.is_some() {
            self.learn_mut().revealed = None;
        }
        false
    }

    fn stop_to_ask(&mut self) {
        self.playing = false;
        self.last_frame = None;
        let l = self.learn_mut();
        l.asking = true;
        l.revealed = None;
    }

    /// The latest time the clock may reach now: the moment of the question ahead, while the
    /// quiz is on.
    pub(super) fn quiz_limit(&self, target: Instant) -> Instant {
        match &self.learn.ahead {
            Some(q) if self.learn.quiz && q.ask_at >= self.now => target.min(q.ask_at),
            _ => target,
        }
    }

    /// Called after the clock moved: at the question's moment the run stops and asks.
    pub(super) fn quiz_arrived(&mut self) {
        let done = self.sim.borrow().trace().len();
        let at_question = self
            .learn
            .ahead
            .as_ref()
            .is_some_and(|q| self.learn.quiz && q.ask_at == self.now && done <= q.events.start);
        if at_question && !self.learn.asking {
            self.stop_to_ask();
        }
    }

    /// Whether the run is held by a question: play and step wait for an answer.
    pub fn held_by_question(&self) -> bool {
        self.learn.quiz && self.learn.asking
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use handshake_core::sim::Side;
    use handshake_core::{Instant, State};
    use handshake_explain::arcs::ArcId;
    use handshake_explain::learn::Focus;
    use handshake_explain::lessons::Demo;
    use handshake_explain::questions::{Answer, Kind, Response};
    use yew::Reducible;

    use super::super::{Action, LabState};
    use super::{LearnAction, Panel};

    fn lab(preset: &str) -> Rc<LabState> {
        Rc::new(LabState::new(preset))
    }

    fn learn(s: Rc<LabState>, a: LearnAction) -> Rc<LabState> {
        s.reduce(Action::Learn(a))
    }

    /// Plays frames of 16 ms until the run stops (a question, or the end).
    fn play_until_stopped(s: Rc<LabState>) -> Rc<LabState> {
        let mut s = s.reduce(Action::Play);
        let mut ts = 1000.0;
        for _ in 0..20_000 {
            s = s.reduce(Action::Tick(ts));
            ts += 16.0;
            if !s.playing {
                break;
            }
        }
        s
    }

    fn right(s: &LabState) -> usize {
        s.learn.ahead.as_ref().unwrap().correct
    }

    #[test]
    fn the_quiz_stops_before_each_answer_and_moves_on_to_it_once_answered() {
        let s = learn(lab("lost-syn"), LearnAction::SetQuiz(true));
        // The first question is asked at the start: the client calls connect().
        let s = s.reduce(Action::Play);
        assert!(s.learn.asking && !s.playing);
        let q = s.learn.ahead.clone().unwrap();
        assert_eq!(q.ask_at, Instant::ZERO);
        assert_eq!(
            s.sim.borrow().events_run(),
            0,
            "nothing ran before the answer"
        );
        // Play and step wait for the answer.
        let s = s.reduce(Action::Play).reduce(Action::StepForward);
        assert!(s.learn.asking && s.now == Instant::ZERO);
        let r = right(&s);
        let s = learn(s, LearnAction::Answer(Response::Choice(r)));
        let r = s.learn.revealed.clone().unwrap();
        assert!(r.grade.unwrap().correct);
        assert_eq!(s.now, q.answer_at);
        assert_eq!(s.learn.session.total().right, 1);
        assert_eq!(s.learn.total.total().asked, 1);
        // Continue: the run plays on to the next question and stops before its answer.
        let s = learn(s, LearnAction::Continue);
        assert!(
            s.learn.revealed.is_none() && s.playing,
            "{:?} {:?} {}",
            s.learn.ahead,
            s.learn.asking,
            s.now
        );
        let s = play_until_stopped(s);
        let q = s.learn.ahead.clone().unwrap();
        assert!(s.learn.asking, "stopped at {}", s.now);
        assert_eq!(s.now, q.ask_at);
        assert!(s.now < q.answer_at || q.kind == Kind::Resend);
        assert!(s.sim.borrow().trace().len() <= q.events.start || q.kind == Kind::Resend);
        // A wrong answer counts as wrong, per topic.
        let wrong = (0..q.options.len()).find(|&i| i != q.correct).unwrap();
        let s = learn(s, LearnAction::Answer(Response::Choice(wrong)));
        assert!(!s.learn.revealed.as_ref().unwrap().grade.unwrap().correct);
        assert_eq!(s.learn.session.of(q.kind).asked, 1);
        assert_eq!(s.learn.session.total().right, 1);
        assert_eq!(s.learn.session.total().asked, 2);
    }

    #[test]
    fn an_unreadable_typed_number_asks_again_and_a_step_back_puts_the_question_away() {
        let s = learn(lab("handshake-data-close"), LearnAction::SetQuiz(true));
        let only_ack = [false, false, true, false, false];
        let mut s = s;
        for kind in Kind::ALL {
            if !only_ack[kind.index()] {
                s = learn(s, LearnAction::ToggleKind(kind));
            }
        }
        let s = play_until_stopped(s);
        assert!(s.learn.asking);
        let q = s.learn.ahead.clone().unwrap();
        assert_eq!(q.kind, Kind::Ack);
        let s = learn(s, LearnAction::Answer(Response::Typed("a lot".into())));
        assert!(s.learn.unreadable && s.learn.asking);
        let Answer::Number(n) = q.options[q.correct].answer else {
            unreachable!()
        };
        let back = s.clone().reduce(Action::StepBack);
        assert!(!back.learn.asking);
        let s = learn(s, LearnAction::Answer(Response::Typed(n.to_string())));
        assert!(s.learn.revealed.as_ref().unwrap().grade.unwrap().correct);
    }

    #[test]
    fn run_it_loads_the_cards_scenario_at_its_moment_and_lights_it() {
        let s = learn(lab("handshake"), LearnAction::Show(Demo::M1));
        assert_eq!(s.preset, Some("normal-close"));
        let lit = s.learn.lit.clone().unwrap();
        assert_eq!(s.now, lit.moment.at);
        assert_eq!(
            lit.moment.focus,
            Focus::Lane {
                side: Side::Server,
                state: State::CloseWait
            }
        );
        assert_eq!(
            s.sim.borrow().endpoint(Side::Server).state(),
            State::CloseWait
        );
        // A header focus selects the segment and asks for the inspector.
        let s = learn(s, LearnAction::Show(Demo::M4));
        assert_eq!(s.selected.map(|id| id.to_string()).as_deref(), Some("S1"));
        assert_eq!(s.learn.panel_request.map(|p| p.1), Some(Panel::Inspector));
        // M11 runs a scenario of its own.
        let s = learn(s, LearnAction::Show(Demo::M11));
        assert_eq!(s.preset, None);
        assert!(s.learn.lit.is_some());
        // Another scenario puts the light out.
        let s = s.reduce(Action::LoadPreset("handshake"));
        assert!(s.learn.lit.is_none());
    }

    #[test]
    fn coverage_gains_the_arcs_the_run_takes_and_suggestions_seek_to_their_step() {
        let s = lab("normal-close");
        assert_eq!(s.learn.coverage.figure_seen(), 0);
        let s = s.reduce(Action::Seek(Instant::from_secs(20)));
        assert_eq!(s.learn.coverage.figure_seen(), 12);
        // Stepping back keeps what was seen.
        let s = s.reduce(Action::Seek(Instant::ZERO));
        assert_eq!(s.learn.coverage.figure_seen(), 12);
        let s = learn(s, LearnAction::ResetCoverage);
        assert_eq!(s.learn.coverage.figure_seen(), 0);
        // LISTEN → CLOSED: the suggestion opens the handshake at 0.05 s, for the server's close().
        let s = learn(s, LearnAction::TryArc(ArcId(1)));
        assert_eq!(s.preset, Some("handshake"));
        assert_eq!(s.now, Instant::from_millis(50));
        let s = s.reduce(Action::Call(Side::Server, handshake_core::UserCall::Close));
        assert!(s.learn.coverage.has(ArcId(1)));
    }
}
