//! `bench-native SCENARIO.json [ITERATIONS]`: the native reference for the browser's "seek to
//! the end" (`scripts/bench-browser`). Times the core alone, on this machine, for the same
//! scenario file the browser imports:
//!
//! * `run_to_end`: `Simulator::new` then `run_to_end` — what the app does once per load to know
//!   the scrubber's range (`LabState::recompute_horizon`, before it builds the ladder model);
//! * `replay_to_end`: `Simulator::replay(scenario, [], end)` — what a seek does when it rebuilds
//!   the simulator (a seek forward from the start runs the same events through `replay_onto`).
//!
//! Prints one JSON object (milliseconds; median, min and max of the iterations) and asserts
//! nothing.

use std::process::ExitCode;
use std::time::Instant as Clock;

use handshake_core::scenario::Scenario;
use handshake_core::sim::Simulator;
use handshake_core::trace::TraceKind;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), iterations) = (args.next(), args.next()) else {
        eprintln!("usage: bench-native SCENARIO.json [ITERATIONS]");
        return ExitCode::from(2);
    };
    let iterations: usize = match iterations.map(|n| n.parse()) {
        None => 21,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("bench-native: ITERATIONS must be a positive whole number");
            return ExitCode::from(2);
        }
    };
    let scenario = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| Scenario::from_json(&text).map_err(|e| e.to_string()))
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bench-native: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let full = match Simulator::new(&scenario) {
        Ok(mut sim) => {
            sim.run_to_end();
            sim
        }
        Err(e) => {
            eprintln!("bench-native: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let end = full.now();
    let events = full.trace().len();
    let segments = full
        .trace()
        .iter()
        .filter(|e| matches!(e.kind, TraceKind::Send { .. }))
        .count();

    let run_to_end = time(iterations, || {
        let mut sim = Simulator::new(&scenario).expect("checked above");
        sim.run_to_end();
        sim.trace().len()
    });
    let replay_to_end = time(iterations, || {
        Simulator::replay(&scenario, &[], end)
            .expect("checked above")
            .trace()
            .len()
    });
    println!(
        "{{\"events\":{events},\"segments\":{segments},\"end_ms\":{},\"iterations\":{iterations},\"run_to_end\":{},\"replay_to_end\":{}}}",
        end.total_micros() as f64 / 1000.0,
        stats(run_to_end),
        stats(replay_to_end),
    );
    ExitCode::SUCCESS
}

/// Wall time of each call in milliseconds. `f` returns the trace length so the work is used.
fn time(iterations: usize, mut f: impl FnMut() -> usize) -> Vec<f64> {
    (0..iterations)
        .map(|_| {
            let start = Clock::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

/// `{"median":…,"min":…,"max":…}` of the samples, in milliseconds.
fn stats(mut samples: Vec<f64>) -> String {
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    format!(
        "{{\"median\":{median:.3},\"min\":{:.3},\"max\":{:.3}}}",
        samples[0],
        samples[samples.len() - 1]
    )
}
