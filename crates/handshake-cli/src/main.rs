//! `handshake-cli`: runs a scenario and prints a text ladder, a JSON trace or writes a pcap.
//!
//! ```text
//! handshake-cli run FILE            [--json] [--pcap OUT] [--absolute] [--until MS]
//! handshake-cli run --preset NAME   [same options]
//! handshake-cli presets
//! handshake-cli live … / differential …   (live/cli.rs)
//! ```
//!
//! The arguments are parsed by hand: there are two commands and five options, and a hand-written
//! parser keeps the build small (no proc-macro crates on a 2-core machine) and gives exactly the
//! one-line errors we want. Bad input of any kind ends with one line on stderr and exit code 2
//! (usage) or 1 (input); nothing here panics on user input.

mod live;
mod pcap;

use std::fs;
use std::io::{self, Write};
use std::process::ExitCode;

use handshake_core::ladder::{self, LadderOptions};
use handshake_core::presets::{self, PRESETS};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Side, Simulator, StopReason};
use handshake_core::{Instant, wire};

const USAGE: &str = "\
usage: handshake-cli run FILE [options]
       handshake-cli run --preset NAME [options]
       handshake-cli presets
       handshake-cli live (FILE | --preset NAME) --role client|server [options]
       handshake-cli differential [options]

Runs a Handshake Lab scenario and prints its ladder.

`live` and `differential` run the model against the real kernel TCP (Linux, root):
`handshake-cli live --help`.

options:
  --json         print the trace as JSON Lines instead of the ladder
  --pcap FILE    also write every transmission to FILE as a pcap capture
  --absolute     absolute sequence numbers in the ladder (default: relative, as Wireshark)
  --until MS     stop at MS milliseconds of virtual time
  -h, --help     this help
  -V, --version  the version";

/// Printed under the ladder.
const LEGEND: &str = "\n\
legend: `C1 … ▷` leaves the client, `◁ … S1` leaves the server, `──▶ C1` / `S1 ◀──` arrives;
        ✕ lost where it happened, ‖ held on the link; (rtx of C1) repeats C1; C1' is a link copy;
        Seq/Ack are relative to each side's SYN (--absolute for the raw numbers).";

/// What went wrong, and which exit code it gets.
enum Failure {
    /// The command line (exit 2).
    Usage(String),
    /// A file, a scenario or the output (exit 1).
    Input(String),
    /// stdout closed (a pipe into `head`): stop quietly.
    BrokenPipe,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Input(format!("cannot write output: {e}"))
        }
    }
}

#[derive(Debug, Default, PartialEq)]
struct RunArgs {
    file: Option<String>,
    preset: Option<String>,
    json: bool,
    pcap: Option<String>,
    absolute: bool,
    until_ms: Option<f64>,
}

#[derive(Debug, PartialEq)]
enum Command {
    Run(RunArgs),
    Presets,
    Help,
    Version,
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter();
    let Some(cmd) = it.next() else {
        return Err("missing command (try `handshake-cli --help`)".into());
    };
    match cmd.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "-V" | "--version" => return Ok(Command::Version),
        "presets" => {
            if let Some(extra) = it.next() {
                return Err(format!("`presets` takes no arguments, found `{extra}`"));
            }
            return Ok(Command::Presets);
        }
        "run" => {}
        other => {
            return Err(format!(
                "unknown command `{other}` (expected `run` or `presets`)"
            ));
        }
    }
    let mut run = RunArgs::default();
    let value = |opt: &str, it: &mut std::slice::Iter<'_, String>| -> Result<String, String> {
        it.next()
            .cloned()
            .ok_or_else(|| format!("`{opt}` needs a value"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--json" => run.json = true,
            "--absolute" => run.absolute = true,
            "--preset" => run.preset = Some(value("--preset", &mut it)?),
            "--pcap" => run.pcap = Some(value("--pcap", &mut it)?),
            "--until" => {
                let v = value("--until", &mut it)?;
                let ms: f64 = v
                    .parse()
                    .ok()
                    .filter(|ms: &f64| ms.is_finite() && *ms >= 0.0)
                    .ok_or_else(|| {
                        format!("`--until` needs milliseconds (a number ≥ 0), found `{v}`")
                    })?;
                run.until_ms = Some(ms);
            }
            opt if opt.starts_with('-') && opt.len() > 1 => {
                return Err(format!("unknown option `{opt}`"));
            }
            file => {
                if let Some(prev) = &run.file {
                    return Err(format!(
                        "one scenario file only (found `{prev}` and `{file}`)"
                    ));
                }
                run.file = Some(file.to_owned());
            }
        }
    }
    match (&run.file, &run.preset) {
        (None, None) => Err("`run` needs a scenario FILE or `--preset NAME`".into()),
        (Some(_), Some(_)) => Err("give a scenario FILE or `--preset NAME`, not both".into()),
        _ => Ok(Command::Run(run)),
    }
}

fn load(run: &RunArgs) -> Result<Scenario, Failure> {
    if let Some(slug) = &run.preset {
        let p = presets::find(slug).ok_or_else(|| {
            Failure::Input(format!(
                "unknown preset `{slug}` (`handshake-cli presets` lists them)"
            ))
        })?;
        return p
            .scenario()
            .map_err(|e| Failure::Input(format!("preset {slug}: {e}")));
    }
    let path = run.file.as_deref().unwrap_or_default();
    let text =
        fs::read_to_string(path).map_err(|e| Failure::Input(format!("cannot read {path}: {e}")))?;
    Scenario::from_json(&text).map_err(|e| Failure::Input(format!("{path}: {e}")))
}

fn run(run: &RunArgs, out: &mut impl Write) -> Result<(), Failure> {
    let scenario = load(run)?;
    let mut sim = Simulator::new(&scenario).map_err(|e| Failure::Input(e.to_string()))?;
    match run.until_ms {
        Some(ms) => sim.run_until(Instant::from_micros((ms * 1000.0).round() as u64)),
        None => sim.run_to_end(),
    }
    if let Some(path) = &run.pcap {
        write_pcap_file(&sim, path)?;
    }
    if run.json {
        out.write_all(sim.trace().to_json_lines().as_bytes())?;
        return Ok(());
    }
    if let Some(title) = &scenario.title {
        writeln!(out, "{}", title.en)?;
    }
    if let Some(notice) = &scenario.notice {
        writeln!(out, "{}", notice.en)?;
    }
    if scenario.title.is_some() || scenario.notice.is_some() {
        writeln!(out)?;
    }
    out.write_all(
        ladder::render(
            sim.trace(),
            LadderOptions {
                absolute: run.absolute,
            },
        )
        .as_bytes(),
    )?;
    writeln!(out, "{LEGEND}")?;
    writeln!(out)?;
    writeln!(out, "{}", summary(&sim))?;
    Ok(())
}

/// The last line: where both ends are and why the run stopped.
fn summary(sim: &Simulator) -> String {
    let why = match sim.stop_reason() {
        Some(StopReason::Quiet) => "nothing left to happen".to_owned(),
        Some(StopReason::EndTime) => "end time reached".to_owned(),
        Some(StopReason::EventBudget) => "event budget exhausted".to_owned(),
        None => format!("stopped at {}", sim.now()),
    };
    format!(
        "at {}: client {}, server {} ({why}; {} segments sent)",
        sim.now(),
        sim.endpoint(Side::Client).state(),
        sim.endpoint(Side::Server).state(),
        sim.transmissions()
            .iter()
            .filter(|t| t.duplicate_of.is_none())
            .count()
    )
}

/// Every endpoint transmission as it left its sender (link copies are made after the capture
/// point, so they are not in it).
fn write_pcap_file(sim: &Simulator, path: &str) -> Result<(), Failure> {
    let packets = sim
        .transmissions()
        .iter()
        .filter(|t| t.duplicate_of.is_none())
        .map(|t| {
            let bytes =
                wire::emit_ipv4_tcp(&t.segment, t.from.addr(), t.to().addr(), t.id.n as u16);
            (t.sent_at, bytes)
        });
    let file =
        fs::File::create(path).map_err(|e| Failure::Input(format!("cannot create {path}: {e}")))?;
    pcap::write_pcap(io::BufWriter::new(file), packets)
        .map_err(|e| Failure::Input(format!("cannot write {path}: {e}")))
}

fn list_presets(out: &mut impl Write) -> Result<(), Failure> {
    let width = PRESETS.iter().map(|p| p.slug.len()).max().unwrap_or(0);
    for p in PRESETS {
        let title = p.title();
        let notice = p.notice();
        writeln!(out, "{:width$}  {}", p.slug, title.en)?;
        writeln!(out, "{:width$}  {}", "", notice.en)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The kernel-facing commands have their own arguments and exit codes (`live/cli.rs`).
    if let Some(cmd @ ("live" | "differential")) = args.first().map(String::as_str) {
        return live::cli::main(cmd, &args[1..]);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match parse_args(&args) {
        Err(e) => Err(Failure::Usage(e)),
        Ok(Command::Help) => writeln!(out, "{USAGE}").map_err(Failure::from),
        Ok(Command::Version) => {
            writeln!(out, "handshake-cli {}", env!("CARGO_PKG_VERSION")).map_err(Failure::from)
        }
        Ok(Command::Presets) => list_presets(&mut out),
        Ok(Command::Run(r)) => run(&r, &mut out),
    };
    let result = result.and_then(|()| out.flush().map_err(Failure::from));
    match result {
        Ok(()) | Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Usage(e)) => {
            eprintln!("handshake-cli: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Input(e)) => {
            eprintln!("handshake-cli: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_run_with_every_option() {
        let c = parse_args(&args(
            "run --preset lost-syn --json --pcap out.pcap --absolute --until 1500",
        ))
        .unwrap();
        assert_eq!(
            c,
            Command::Run(RunArgs {
                file: None,
                preset: Some("lost-syn".into()),
                json: true,
                pcap: Some("out.pcap".into()),
                absolute: true,
                until_ms: Some(1500.0),
            })
        );
        assert_eq!(parse_args(&args("presets")).unwrap(), Command::Presets);
    }

    #[test]
    fn rejects_bad_command_lines_with_one_line_each() {
        for (line, want) in [
            ("", "missing command"),
            ("fly", "unknown command `fly`"),
            ("run", "needs a scenario FILE"),
            ("run a.json b.json", "one scenario file only"),
            ("run a.json --preset x", "not both"),
            ("run a.json --frobnicate", "unknown option `--frobnicate`"),
            ("run --preset", "`--preset` needs a value"),
            ("run a.json --until soon", "`--until` needs milliseconds"),
            ("run a.json --until -5", "`--until` needs milliseconds"),
            ("presets extra", "takes no arguments"),
        ] {
            let e = parse_args(&args(line)).unwrap_err();
            assert!(e.contains(want), "{line:?}: {e}");
            assert!(!e.contains('\n'));
        }
    }
}
