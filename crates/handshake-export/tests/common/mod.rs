//! Runs for the tests: presets to their end, as `handshake-cli run --preset` runs them.

#![allow(dead_code)]

use handshake_core::link::Experiment;
use handshake_core::presets::PRESETS;
use handshake_core::sim::Simulator;
use handshake_export::experiment_of;

/// The preset `slug` run to its end, and its experiment.
pub fn preset_run(slug: &str) -> (Simulator, Experiment) {
    let p = handshake_core::presets::find(slug).expect("a preset");
    let mut sim = Simulator::new(&p.scenario().expect("valid")).expect("runs");
    sim.run_to_end();
    let e = experiment_of(&sim, Some(p.slug));
    (sim, e)
}

pub fn preset_slugs() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|p| p.slug)
}
