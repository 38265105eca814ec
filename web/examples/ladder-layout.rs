//! `cargo run --release -p handshake-web --example ladder-layout -- SCENARIO.json [ITERATIONS]`:
//! what the ladder costs at a change of the present in a long session, natively (issue 15;
//! `scripts/bench ladder` runs it on `bench/100k-segments.json`). At a quarter, half and three
//! quarters of the run and at its end, it times what the lab does for each new present:
//!
//! * `model`: `LadderModel::build` of the run so far (what the ladder draws: every arrow, mark
//!   and timer);
//! * `layout`: `MarksLayout::build` of that model on the whole run's axis, at 1280×720, with the
//!   label sizes already measured (the lab measures them ahead while the page is idle);
//! * `layout_after`: the same layout made as the lab makes it once the run's layout at its end
//!   is at hand (`MarksLayout::build_after`: the labels the present cannot change are taken
//!   over), with `taken_over_same` saying whether it came out the same, box for box.
//!
//! The browser's figures (`scripts/bench-browser`, "Seek in a 100,000-segment session") include
//! these and the page's own work. Prints one JSON object (milliseconds; median, min and max of
//! the iterations) and asserts nothing.

use std::cell::RefCell;
use std::process::ExitCode;
use std::time::Instant as Clock;

use handshake_core::Instant;
use handshake_core::scenario::Scenario;
use handshake_core::sim::Simulator;
use handshake_web::components::ladder::{LabelSizes, LayoutInput, MarksLayout};
use handshake_web::i18n::Lang;
use handshake_web::placement::Metrics;
use handshake_web::timeline::{LadderModel, TimeAxis, ms};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: ladder-layout SCENARIO.json [ITERATIONS]");
        return ExitCode::from(2);
    };
    let iterations = match args.next().map(|n| n.parse::<usize>()) {
        None => 7,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("ladder-layout: ITERATIONS must be a positive whole number");
            return ExitCode::from(2);
        }
    };
    let scenario = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| Scenario::from_json(&text).map_err(|e| e.to_string()))
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ladder-layout: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let run = |until: Option<Instant>| -> Result<Simulator, String> {
        let mut sim = Simulator::new(&scenario).map_err(|e| e.to_string())?;
        match until {
            Some(t) => sim.run_until(t),
            None => sim.run_to_end(),
        }
        Ok(sim)
    };
    let end = match run(None) {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("ladder-layout: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let horizon = LadderModel::build(&end);
    let axis = horizon.axis();
    let last = end.now().total_micros();
    let end_sizes = RefCell::new(LabelSizes::default());
    let ahead = MarksLayout::build_ahead(&horizon, &input(&axis, end.now(), &end_sizes));
    let mut moments = Vec::new();
    for (name, k) in [
        ("quarter", 1),
        ("half", 2),
        ("three_quarters", 3),
        ("end", 4),
    ] {
        let sim = match run(Some(Instant::from_micros(last * k / 4))) {
            Ok(sim) => sim,
            Err(e) => {
                eprintln!("ladder-layout: {path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let sizes = RefCell::new(LabelSizes::default());
        let (mut models, mut layouts, mut afters) = (Vec::new(), Vec::new(), Vec::new());
        let mut counts = (0, 0);
        let mut same = true;
        // One round first, not counted: it measures the labels (the lab does so ahead).
        for round in 0..=iterations {
            let clock = Clock::now();
            let model = LadderModel::build(&sim);
            let model_ms = clock.elapsed().as_secs_f64() * 1e3;
            let clock = Clock::now();
            let laid = MarksLayout::build(&model, &input(&axis, sim.now(), &sizes));
            let layout_ms = clock.elapsed().as_secs_f64() * 1e3;
            let clock = Clock::now();
            let after = MarksLayout::build_after(&model, &input(&axis, sim.now(), &sizes), &ahead);
            let after_ms = clock.elapsed().as_secs_f64() * 1e3;
            same &= after == laid;
            if round > 0 {
                models.push(model_ms);
                layouts.push(layout_ms);
                afters.push(after_ms);
            }
            counts = (model.paths.len(), laid.labels.len());
        }
        moments.push(format!(
            r#""{name}": {{"at_ms": {:.1}, "arrows": {}, "labels": {}, "model": {}, "layout": {}, "layout_after": {}, "taken_over_same": {same}}}"#,
            ms(sim.now()),
            counts.0,
            counts.1,
            stats(&mut models),
            stats(&mut layouts),
            stats(&mut afters)
        ));
    }
    println!(
        r#"{{"scenario": "{path}", "iterations": {iterations}, {}}}"#,
        moments.join(", ")
    );
    ExitCode::SUCCESS
}

/// The lab's input at 1280×720, in English, with the label sizes `sizes` keeps.
fn input<'a>(axis: &'a TimeAxis, now: Instant, sizes: &'a RefCell<LabelSizes>) -> LayoutInput<'a> {
    LayoutInput {
        axis,
        selected: None,
        metrics: Metrics::default(),
        absolute: false,
        lang: Lang::En,
        now: ms(now),
        sizes: Some(sizes),
    }
}

/// `{"median": …, "min": …, "max": …}` of `xs` (not empty), in milliseconds.
fn stats(xs: &mut [f64]) -> String {
    xs.sort_by(f64::total_cmp);
    format!(
        r#"{{"median": {:.2}, "min": {:.2}, "max": {:.2}}}"#,
        xs[xs.len() / 2],
        xs[0],
        xs[xs.len() - 1]
    )
}
