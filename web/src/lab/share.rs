//! The lab as a share link's [`Experiment`] and back (`docs/link-format.md`): the codec is the
//! core's (`handshake_core::link`), this room only maps the lab's state onto it.
//!
//! What a link carries of the lab: the scenario as loaded, based on a preset when it is one
//! with the user's settings changed ([`LabState::based_on`], kept through settings changes so a
//! link stays a short patch of the preset), the actions taken at the start (the front of
//! [`LabState::scenario`]), the tape, the present, paused or playing, and the number mode; the
//! language is the app's. Not carried: the speed, "skip waiting", the selection, the view.
//!
//! Opening a link at 0 s with an empty tape shows the lab as a session starts, with nothing run
//! yet (the simulator as `Simulator::new` makes it): that is what a link made before pressing
//! anything means. Any other link is `Experiment::replay`, the same call stepping back makes, so
//! the trace is the session's, byte for byte.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::link::{self, Experiment};
use handshake_core::presets;
use handshake_core::scenario::ScenarioError;
use handshake_core::sim::{Side, Simulator};

use super::{Field, Inputs, LabState};
use crate::i18n::Lang;

impl LabState {
    /// The experiment this lab shows, in `lang`.
    pub fn experiment(&self, lang: Lang) -> Experiment {
        let prelude = self.scenario.actions.len() - self.loaded.actions.len();
        Experiment {
            preset: self.based_on,
            scenario: (*self.loaded).clone(),
            at_start: self.scenario.actions[..prelude].to_vec(),
            tape: (*self.tape).clone(),
            present: self.now,
            playing: self.playing,
            lang: Some(link_lang(lang)),
            absolute: self.absolute,
        }
    }

    /// The share link's fragment for this lab (`x1.…`, to put after a `#`).
    pub fn link(&self, lang: Lang) -> String {
        link::encode(&self.experiment(lang))
    }

    /// The lab showing `e` (a share link opened), paused or playing at its present. An error
    /// only for an experiment that `link::decode` would have refused.
    pub fn from_experiment(e: &Experiment) -> Result<LabState, ScenarioError> {
        let running = e.running_scenario();
        let sim = if e.present == Instant::ZERO && e.tape.is_empty() {
            Simulator::new(&running)?
        } else {
            e.replay()?
        };
        let mut s = LabState::with_scenario(e.scenario.clone());
        let mut inputs = Inputs::from_scenario(&e.scenario);
        for side in Side::BOTH {
            // The loss rates as they are at the present (an action may have changed them).
            let percent = sim.loss(side) * 100.0;
            inputs.set(
                Field::LossPercent(side),
                super::inputs::trim_float(percent),
                None,
            );
        }
        s.inputs = Rc::new(inputs);
        s.scenario = Rc::new(running);
        s.tape = Rc::new(e.tape.clone());
        s.now = sim.now();
        s.sim = s.sim.replaced(sim);
        // The scenario menu names the preset only when the scenario is the preset's own.
        s.preset = e.preset.filter(|slug| {
            presets::find(slug).and_then(|p| p.scenario().ok()).as_ref() == Some(&e.scenario)
        });
        s.based_on = e.preset;
        s.playing = e.playing;
        s.absolute = e.absolute;
        s.recompute_horizon();
        Ok(s)
    }
}

/// The link's language for the app's.
pub fn link_lang(lang: Lang) -> link::Lang {
    match lang {
        Lang::En => link::Lang::En,
        Lang::Ko => link::Lang::Ko,
    }
}

/// The app's language for the link's.
pub fn app_lang(lang: link::Lang) -> Lang {
    match lang {
        link::Lang::En => Lang::En,
        link::Lang::Ko => Lang::Ko,
    }
}
