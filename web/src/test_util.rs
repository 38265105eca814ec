//! What the library's unit tests share: a preset's simulation, at its start or run to a time.

use handshake_core::Instant;
use handshake_core::presets;
use handshake_core::sim::Simulator;

/// The preset `slug`'s simulator, nothing run yet.
pub fn preset_sim(slug: &str) -> Simulator {
    let scenario = presets::find(slug)
        .unwrap_or_else(|| panic!("no preset {slug}"))
        .scenario()
        .unwrap();
    Simulator::new(&scenario).unwrap()
}

/// The preset `slug` run to `ms` milliseconds of virtual time.
pub fn run_until(slug: &str, ms: u64) -> Simulator {
    let mut sim = preset_sim(slug);
    sim.run_until(Instant::from_millis(ms));
    sim
}
