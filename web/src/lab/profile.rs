//! The profile switch (issue 14): the scenario's `profile` — RFC 9293 or the measured Linux
//! kernel — is part of the experiment like any setting, so a profile change starts the scenario
//! over under the other profile (`Scenario::set_profile` keeps the fields the scenario set
//! itself), and a scenario file or share link made from the session carries it.

use handshake_core::config::Profile;
use handshake_core::scenario::Scenario;
use handshake_core::sim::Simulator;

use super::LabState;

impl LabState {
    /// The profile of the scenario loaded.
    pub fn profile(&self) -> Profile {
        self.loaded.profile
    }

    /// Starts the loaded scenario over under `profile`, like a settings change.
    pub(super) fn set_profile(&mut self, profile: Profile) {
        if self.loaded.profile == profile {
            return;
        }
        let scenario: Scenario = (*self.loaded).clone().with_profile(profile);
        if Simulator::new(&scenario).is_err() {
            return;
        }
        self.playing = false;
        self.load(scenario, None);
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use handshake_core::Instant;
    use handshake_core::config::Profile;
    use handshake_core::sim::Side;
    use handshake_core::state::State;
    use handshake_core::trace::TraceKind;
    use yew::Reducible;

    use crate::lab::{Action, LabState};

    fn run(preset: &str, profile: Profile) -> LabState {
        let s = Rc::new(LabState::new(preset)).reduce(Action::SetProfile(profile));
        let s = s.reduce(Action::Seek(Instant::from_secs(200)));
        Rc::unwrap_or_clone(s)
    }

    fn syn_times(s: &LabState) -> Vec<f64> {
        s.sim
            .borrow()
            .trace()
            .iter()
            .filter(|e| {
                matches!(&e.kind, TraceKind::Send { seg, .. }
                    if seg.flags.syn() && seg.from == Side::Client)
            })
            .map(|e| e.t.total_micros() as f64 / 1e6)
            .collect()
    }

    #[test]
    fn linux_resends_the_syn_at_1_2_3_s_rfc_at_1_3_7_s() {
        let linux = run("syn-retries-exhausted", Profile::Linux);
        assert_eq!(linux.profile(), Profile::Linux);
        assert_eq!(&syn_times(&linux)[..3], &[0.0, 1.0, 2.0]);
        let rfc = run("syn-retries-exhausted", Profile::Rfc);
        assert_eq!(&syn_times(&rfc)[..3], &[0.0, 1.0, 3.0]);
    }

    #[test]
    fn the_profile_is_part_of_the_experiment_a_scenario_file_carries() {
        let s = run("syn-retries-exhausted", Profile::Linux);
        let json = s.export_json();
        assert!(json.contains("\"profile\": \"linux\""), "{json}");
        let back = Rc::new(LabState::new("handshake")).reduce(Action::Import(json));
        assert_eq!(back.profile(), Profile::Linux);
        let back = Rc::unwrap_or_clone(back.reduce(Action::Seek(Instant::from_secs(200))));
        assert_eq!(syn_times(&back), syn_times(&s));
    }

    #[test]
    fn linux_time_wait_lasts_60_s() {
        let s = run("handshake-data-close", Profile::Linux);
        let sim = s.sim.borrow();
        let at = |to: State| {
            sim.trace().iter().find_map(|e| match e.kind {
                TraceKind::State {
                    side: Side::Client,
                    to: t,
                    ..
                } if t == to => Some(e.t),
                _ => None,
            })
        };
        let tw = at(State::TimeWait).expect("TIME-WAIT");
        let closed = at(State::Closed).expect("CLOSED after TIME-WAIT");
        assert_eq!(closed.saturating_since(tw).total_micros(), 60_000_000);
    }
}
