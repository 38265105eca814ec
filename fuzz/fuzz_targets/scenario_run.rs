//! Bytes → UTF-8 → `Scenario::from_json` → if it parses, run the simulator to its end (bounded)
//! and export the trace as JSON Lines. Nothing may panic; a parsed scenario written back with
//! `to_json` parses to the same scenario; every trace line is one JSON object; the session
//! exported with `to_scenario` replays to the same trace; a what-if fork that drops its first
//! transmission agrees with it before the instant it parts, and a run compared with itself has
//! no difference.

#![no_main]

use handshake_core::fork::{Fork, compare};
use handshake_core::ladder::{self, LadderOptions};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Action, Fault, Simulator};
use libfuzzer_sys::fuzz_target;

/// Steps (instants) per run: enough for every preset (the longest, a SYN that is never answered,
/// takes a few dozen), small enough that one input runs in milliseconds.
const MAX_STEPS: u32 = 2_000;
/// Events per run (the simulator's own budget is 1,000,000).
const MAX_EVENTS: u64 = 50_000;

fn run(s: &Scenario) -> Simulator {
    let mut sim = Simulator::new(s).expect("a scenario that from_json accepted is valid");
    let mut steps = 0;
    while steps < MAX_STEPS && sim.events_run() < MAX_EVENTS && sim.step() {
        steps += 1;
    }
    sim
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = Scenario::from_json(text) else {
        return;
    };
    // The file format round-trips.
    let json = scenario.to_json();
    let back = Scenario::from_json(&json).expect("to_json output parses");
    assert_eq!(
        back, scenario,
        "to_json → from_json changed the scenario:\n{json}"
    );
    let sim = run(&scenario);
    for line in sim.trace().to_json_lines().lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a trace line is JSON");
        assert!(v.is_object(), "a trace line is an object: {line}");
    }
    let _ = ladder::render(sim.trace(), LadderOptions::default());
    // A finished run, exported as a session file, replays to the same trace.
    if sim.is_finished() {
        let exported = sim.to_scenario().to_json();
        let replay = Scenario::from_json(&exported).expect("an exported session parses");
        let again = run(&replay);
        assert_eq!(
            again.trace(),
            sim.trace(),
            "the exported session replays differently"
        );
    }
    // What-if: the first transmission lost. The runs agree until the fork.
    assert!(compare(sim.trace(), sim.trace()).is_same());
    if let Some(first) = sim.transmissions().first() {
        let fork = Fork::new(
            first.sent_at,
            Action::Fault {
                target: first.id,
                fault: Fault::Drop,
            },
        );
        if let Ok(mut other) = fork.replay(&scenario, &[]) {
            let mut steps = 0;
            while steps < MAX_STEPS && other.events_run() < MAX_EVENTS && other.step() {
                steps += 1;
            }
            if let Some(d) = compare(sim.trace(), other.trace()).first() {
                assert!(
                    d.t() >= fork.at,
                    "parted at {} before the fork at {}",
                    d.t(),
                    fork.at
                );
            }
        }
    }
});
