//! The full loss exploration (issue 5, item 1): every one of the 65,536 drop masks over the first
//! 16 transmissions and every single-transmission delay, in both profiles, each run checked by
//! the checker of `tests/exploration/mod.rs`. Prints a summary per profile and the exploration
//! rate (runs per second). Exits 1 if any run fails.
//!
//! A bench target (`harness = false`) so that it builds with optimizations; `scripts/explore` runs
//! it. Arguments (after `--`):
//!
//! * `--profile NAME` — only this profile (`reference`, `one-segment`); repeatable;
//! * `--threads N` — split the masks over N threads (default 2);
//! * `--bits N` — only the masks over the first N transmissions (default 16; a smaller tree to
//!   profile, e.g. under `valgrind --tool=cachegrind`, whose instruction counts the machine's
//!   load does not change);
//! * `--plain` — every drop mask run from scratch instead of as a tree of forked runs;
//! * `--show PROFILE:PLAN` — run one plan and print its checker result, ladder and scenario file,
//!   where PLAN is a mask (`0x0013`, `19`) or `delay:INDEX:MS`.

#[path = "../tests/exploration/mod.rs"]
mod exploration;

use std::process::ExitCode;
use std::time::Instant as WallClock;

use exploration::{Plan, Profile, Summary};
use handshake_core::ladder::{self, LadderOptions};

struct Args {
    profiles: Vec<Profile>,
    threads: usize,
    bits: u32,
    plain: bool,
    show: Vec<(Profile, Plan)>,
}

fn parse_plan(s: &str) -> Option<Plan> {
    if let Some(rest) = s.strip_prefix("delay:") {
        let (i, ms) = rest.split_once(':')?;
        return Some(Plan::Delay {
            index: i.parse().ok()?,
            ms: ms.parse().ok()?,
        });
    }
    let mask = match s.strip_prefix("0x") {
        Some(hex) => u16::from_str_radix(hex, 16).ok()?,
        None => s.parse().ok()?,
    };
    Some(Plan::Drops(mask))
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        profiles: Vec::new(),
        threads: 2,
        bits: exploration::MASK_BITS,
        plain: false,
        show: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            // Added by `cargo bench`.
            "--bench" => {}
            "--plain" => args.plain = true,
            "--profile" => {
                let name = it.next().ok_or("--profile needs a name")?;
                args.profiles
                    .push(Profile::from_name(&name).ok_or(format!("no profile named {name:?}"))?);
            }
            "--threads" => {
                let n = it.next().ok_or("--threads needs a number")?;
                args.threads = n
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or(format!("bad thread count {n:?}"))?;
            }
            "--bits" => {
                let n = it.next().ok_or("--bits needs a number")?;
                args.bits = n
                    .parse()
                    .ok()
                    .filter(|&n| n <= exploration::MASK_BITS)
                    .ok_or(format!("bad bit count {n:?}"))?;
            }
            "--show" => {
                let what = it.next().ok_or("--show needs PROFILE:PLAN")?;
                let (p, plan) = what
                    .split_once(':')
                    .ok_or(format!("expected PROFILE:PLAN, got {what:?}"))?;
                let profile = Profile::from_name(p).ok_or(format!("no profile named {p:?}"))?;
                let plan = parse_plan(plan).ok_or(format!("bad plan {plan:?}"))?;
                args.show.push((profile, plan));
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if args.profiles.is_empty() {
        args.profiles = Profile::ALL.to_vec();
    }
    Ok(args)
}

fn show(profile: Profile, plan: Plan) -> bool {
    let run = exploration::run(profile, plan);
    let result = exploration::check(&run);
    println!("profile {profile}, {plan}");
    if let Some(sim) = &run.sim {
        println!("{}", ladder::render(sim.trace(), LadderOptions::default()));
    }
    println!("{}", run.scenario().to_json());
    match result {
        Ok(o) => {
            println!("ok: client {}, server {}", o.client.name(), o.server.name());
            true
        }
        Err(e) => {
            println!("FAILED: {e}");
            false
        }
    }
}

/// Every mask, split over `threads` threads (interleaved, so each gets a fair mix).
fn sweep_masks(profile: Profile, threads: usize, bits: u32, plain: bool) -> Summary {
    if !plain {
        return exploration::explore_drops_forked(profile, bits as usize, threads);
    }
    let mut total = Summary::default();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let masks = (t as u32..1 << bits)
                        .step_by(threads)
                        .map(|m| Plan::Drops(m as u16));
                    exploration::explore(profile, masks)
                })
            })
            .collect();
        for h in handles {
            total.merge(h.join().expect("sweep thread"));
        }
    });
    total
}

/// The 1, 5 and 15 minute load averages (Linux), to say how busy the shared machine was.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or("unknown".into(), |s| {
        s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("explore: {e}");
            return ExitCode::from(2);
        }
    };
    if !args.show.is_empty() {
        let ok = args.show.iter().all(|&(p, plan)| show(p, plan));
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }

    println!(
        "loss exploration: {} drop masks over the first {} transmissions + delays {:?} ms on \
         every transmission of the loss-free run; {} thread(s); drop masks {}",
        1u32 << args.bits,
        args.bits,
        exploration::DELAYS_MS,
        args.threads,
        if args.plain {
            "each run from scratch (--plain)"
        } else {
            "as a tree of forked runs"
        }
    );
    let load_before = load();
    let mut failed = 0;
    let (mut all_runs, mut all_secs) = (0, 0.0);
    for profile in args.profiles {
        let start = WallClock::now();
        let drops = sweep_masks(profile, args.threads, args.bits, args.plain);
        let drop_secs = start.elapsed().as_secs_f64();
        let start = WallClock::now();
        let delays = exploration::explore(profile, exploration::delay_plans(profile));
        let delay_secs = start.elapsed().as_secs_f64();
        if profile == Profile::Reference && args.bits == exploration::MASK_BITS {
            println!(
                "\nissue 15: the reference profile's {} drop masks in ≤ 0.5 s on this 2-core \
                 machine; this run: {drop_secs:.2} s on {} thread(s)",
                drops.runs, args.threads
            );
        }
        for (what, summary, secs) in [
            ("drops", &drops, drop_secs),
            ("delays", &delays, delay_secs),
        ] {
            println!(
                "\n{profile} {what}: {:.0} runs/s ({} runs in {secs:.2} s, {:.0} events/s)",
                summary.runs as f64 / secs,
                summary.runs,
                summary.events as f64 / secs
            );
            print!("{summary}");
            for f in &summary.failures {
                println!("\n{f}");
            }
            if summary.more_failures > 0 {
                println!("… and {} more failures", summary.more_failures);
            }
            failed += summary.failed();
            all_runs += summary.runs;
            all_secs += secs;
        }
    }
    println!(
        "\ntotal: {all_runs} runs, {failed} failed, {:.0} runs/s overall",
        all_runs as f64 / all_secs
    );
    println!("load average before / after: {load_before} / {}", load());
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
