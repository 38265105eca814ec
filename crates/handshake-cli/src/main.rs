//! `handshake-cli`: runs a scenario and prints a text ladder, or exports the run in another format.
//!
//! ```text
//! handshake-cli run FILE            [--format F] [-o OUT] [--json] [--pcap OUT] [--absolute]
//!                                   [--until MS] [--max-events N] [--narrate] [--lang en|ko]
//! handshake-cli run --preset NAME   [same options]
//! handshake-cli run --link LINK     [same options]
//! handshake-cli presets
//! handshake-cli replay CAPTURE      [--conn N] [--json] [--absolute] [--at-capture]
//! handshake-cli live … / differential …   (live/cli.rs)
//! ```
//!
//! `--format text|json|jsonl|scenario|svg|mermaid|plantuml|pcap|png` picks the output; every one
//! is `handshake-export`'s, the same bytes the app's export menu gives (PNG is its SVG drawn by
//! resvg, `png.rs`; `--json` is `--format jsonl`, `--pcap FILE` also writes the pcap beside any
//! output). `-o FILE` writes to FILE instead of standard output.
//!
//! `--narrate` writes the narration of `handshake-explain` under each instant of the ladder
//! (`handshake_explain::transcript`); `--lang ko` prints the title, the narration, the legend,
//! the summary and the scenario's errors in Korean (the ladder's own labels are the core's).
//!
//! The arguments go through `lexopt` (one file, no proc macros, so the build stays small on a
//! 2-core machine): `--until=1500` works as `--until 1500` does, and arguments are `OsString`s,
//! so a file name need not be UTF-8 while any other argument that is not gets a message. The
//! messages are ours, one line each. Bad input of any kind ends with one line on stderr and exit
//! code 2 (usage) or 1 (input); a run cut short by its event budget prints what it has and exits
//! with 3; nothing here panics on user input.

mod live;
mod png;
mod replay;

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use handshake_core::Instant;
use handshake_core::link;
use handshake_core::presets::{self, PRESETS};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Simulator, StopReason};
use handshake_explain::{Lang, errors};
use handshake_export::{Format, Run};

const USAGE: &str = "\
usage: handshake-cli run FILE [options]
       handshake-cli run --preset NAME [options]
       handshake-cli run --link LINK [options]
       handshake-cli presets
       handshake-cli replay CAPTURE [--conn N] [--json] [--absolute] [--at-capture]
       handshake-cli live (FILE | --preset NAME) --role client|server [options]
       handshake-cli differential [options]

Runs a Handshake Lab scenario and prints its ladder. With --link, the experiment of a share
link (a whole URL, its #x1.… fragment or the bare payload) at the link's present: the trace
the browser shows when it opens the link. `replay` reads a real capture (pcap or pcapng) and
prints one TCP connection as a ladder with both ends' states inferred by RFC 9293's rules
(with several connections and no --conn, lists them).

`live` and `differential` run the model against the real kernel TCP (Linux, root):
`handshake-cli live --help`.

options (`--opt VALUE` or `--opt=VALUE`):
  --format FORMAT   what to write (default text):
                      text      the ladder, with title, legend and summary
                      json      the trace as JSON Lines (also: jsonl)
                      scenario  the scenario file that replays the run
                      svg       the ladder for print, the experiment embedded (drop it on the app)
                      mermaid   a Mermaid sequenceDiagram
                      plantuml  a PlantUML sequence diagram (teoz)
                      pcap      every transmission as a pcap capture (Wireshark)
                      png       the SVG drawn at 2× (fonts from the system)
  -o, --output FILE write to FILE instead of standard output
  --json            --format json
  --pcap FILE       also write every transmission to FILE as a pcap capture
  --absolute        absolute sequence numbers in the ladder (default: relative, as Wireshark)
  --narrate         explain each instant of the ladder in a few sentences
  --lang LANG       en (default) or ko: the language of the title, narration and messages
  --until MS        stop at MS milliseconds of virtual time (with --link: instead of its present)
  --max-events N    stop after N events (default 1000000)
  --conn N          replay: the connection to show (numbered from 1 as listed)
  --at-capture      replay: both ends at the capture point (default: placed from round trips)
  -h, --help        this help
  -V, --version     the version

exit status: 0 done, 1 bad input, 2 bad command line or a link that does not open,
             3 the run was cut short by its event budget (the trace ends with budget_exhausted)";

/// What went wrong, and which exit code it gets.
enum Failure {
    /// The command line (exit 2).
    Usage(String),
    /// A file, a scenario or the output (exit 1).
    Input(String),
    /// The run reached its event budget (exit 3); its output was written.
    CutShort(u64),
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

/// What `run` writes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum OutFormat {
    Export(Format),
    Png,
}

/// The names `--format` takes, for its message.
const FORMATS: &str = "text, json, jsonl, scenario, svg, mermaid, plantuml, pcap, png";

impl OutFormat {
    fn parse(name: &str) -> Option<OutFormat> {
        match name {
            "png" => Some(OutFormat::Png),
            _ => Format::parse(name).map(OutFormat::Export),
        }
    }
}

#[derive(Debug, Default, PartialEq)]
struct RunArgs {
    file: Option<PathBuf>,
    preset: Option<String>,
    link: Option<String>,
    json: bool,
    format: Option<OutFormat>,
    output: Option<PathBuf>,
    pcap: Option<PathBuf>,
    absolute: bool,
    until_ms: Option<f64>,
    max_events: Option<u64>,
    narrate: bool,
    lang: Option<Lang>,
}

#[derive(Debug, PartialEq)]
enum Command {
    Run(RunArgs),
    Replay(replay::ReplayArgs),
    Presets,
    Help,
    Version,
}

/// An argument as a `String`, or a message naming what it was for.
fn utf8(v: OsString, what: &str) -> Result<String, String> {
    v.into_string()
        .map_err(|v| format!("{what} is not valid UTF-8: {}", v.to_string_lossy()))
}

/// Our message for one of lexopt's errors.
fn lexopt_message(e: lexopt::Error) -> String {
    match e {
        lexopt::Error::MissingValue {
            option: Some(option),
        } => format!("`{option}` needs a value"),
        lexopt::Error::UnexpectedValue { option, .. } => format!("`{option}` takes no value"),
        lexopt::Error::NonUnicodeValue(v) => {
            format!("an argument is not valid UTF-8: {}", v.to_string_lossy())
        }
        other => other.to_string(),
    }
}

/// The command line after the program name.
fn parse_args<I>(args: I) -> Result<Command, String>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    use lexopt::Arg::{Long, Short, Value};
    let mut p = lexopt::Parser::from_args(args);
    let cmd = match p.next().map_err(lexopt_message)? {
        None => return Err("missing command (try `handshake-cli --help`)".into()),
        Some(Short('h') | Long("help")) => return Ok(Command::Help),
        Some(Short('V') | Long("version")) => return Ok(Command::Version),
        Some(Value(v)) => utf8(v, "the command")?,
        Some(Long(o)) => return Err(format!("unknown option `--{o}`")),
        Some(Short(c)) => return Err(format!("unknown option `-{c}`")),
    };
    match cmd.as_str() {
        "help" => return Ok(Command::Help),
        "presets" => {
            return match p.next().map_err(lexopt_message)? {
                None => Ok(Command::Presets),
                Some(extra) => Err(format!(
                    "`presets` takes no arguments, found `{}`",
                    match extra {
                        Value(v) => v.to_string_lossy().into_owned(),
                        Long(o) => format!("--{o}"),
                        Short(c) => format!("-{c}"),
                    }
                )),
            };
        }
        "run" => {}
        "replay" => {
            return Ok(replay::parse(&mut p)?.map_or(Command::Help, Command::Replay));
        }
        other => {
            return Err(format!(
                "unknown command `{other}` (expected `run`, `presets`, `replay`, `live` or `differential`)"
            ));
        }
    }
    let mut run = RunArgs::default();
    while let Some(arg) = p.next().map_err(lexopt_message)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("json") => run.json = true,
            Long("absolute") => run.absolute = true,
            Long("narrate") => run.narrate = true,
            Long("lang") => {
                let v = utf8(p.value().map_err(lexopt_message)?, "`--lang`")?;
                run.lang = Some(
                    Lang::parse(&v)
                        .ok_or_else(|| format!("`--lang` is `en` or `ko`, found `{v}`"))?,
                );
            }
            Long("preset") => {
                let v = p.value().map_err(lexopt_message)?;
                run.preset = Some(utf8(v, "`--preset`")?);
            }
            Long("link") => {
                let v = p.value().map_err(lexopt_message)?;
                run.link = Some(utf8(v, "`--link`")?);
            }
            Long("pcap") => run.pcap = Some(p.value().map_err(lexopt_message)?.into()),
            Short('o') | Long("output") => {
                run.output = Some(p.value().map_err(lexopt_message)?.into());
            }
            Long("format") => {
                let v = utf8(p.value().map_err(lexopt_message)?, "`--format`")?;
                run.format = Some(
                    OutFormat::parse(&v)
                        .ok_or_else(|| format!("`--format` is one of {FORMATS}; found `{v}`"))?,
                );
            }
            Long("until") => {
                let v = utf8(p.value().map_err(lexopt_message)?, "`--until`")?;
                let ms: f64 = v
                    .parse()
                    .ok()
                    .filter(|ms: &f64| ms.is_finite() && *ms >= 0.0)
                    .ok_or_else(|| {
                        format!("`--until` needs milliseconds (a number ≥ 0), found `{v}`")
                    })?;
                run.until_ms = Some(ms);
            }
            Long("max-events") => {
                let v = utf8(p.value().map_err(lexopt_message)?, "`--max-events`")?;
                let n: u64 = v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    format!("`--max-events` needs a whole number ≥ 1, found `{v}`")
                })?;
                run.max_events = Some(n);
            }
            Long(o) => return Err(format!("unknown option `--{o}`")),
            Short(c) => return Err(format!("unknown option `-{c}`")),
            Value(file) => {
                if let Some(prev) = &run.file {
                    return Err(format!(
                        "one scenario file only (found `{}` and `{}`)",
                        prev.display(),
                        Path::new(&file).display()
                    ));
                }
                run.file = Some(file.into());
            }
        }
    }
    if run.narrate && run.json {
        return Err("`--narrate` explains the ladder; it cannot go with `--json`".into());
    }
    match run.format {
        Some(f) if run.json && f != OutFormat::Export(Format::JsonLines) => {
            return Err("`--json` is `--format json`; give one format".into());
        }
        Some(OutFormat::Export(Format::Text | Format::Narrated)) | None => {}
        Some(_) if run.narrate => {
            return Err(
                "`--narrate` explains the text ladder; it goes with `--format text` only".into(),
            );
        }
        Some(_) => {}
    }
    let sources = [run.file.is_some(), run.preset.is_some(), run.link.is_some()];
    match sources.iter().filter(|s| **s).count() {
        0 => Err("`run` needs a scenario FILE, `--preset NAME` or `--link LINK`".into()),
        1 => Ok(Command::Run(run)),
        _ => Err("give one of a scenario FILE, `--preset NAME` or `--link LINK`, not two".into()),
    }
}

fn load(run: &RunArgs, lang: Lang) -> Result<Scenario, Failure> {
    if let Some(slug) = &run.preset {
        let p = presets::find(slug).ok_or_else(|| {
            Failure::Input(format!(
                "unknown preset `{slug}` (`handshake-cli presets` lists them)"
            ))
        })?;
        return p.scenario().map_err(|e| {
            Failure::Input(format!(
                "preset {slug}: {}",
                errors::scenario_error(&e, lang)
            ))
        });
    }
    let path = run.file.as_deref().unwrap_or(Path::new(""));
    let shown = path.display();
    let text = fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("cannot read {shown}: {e}")))?;
    Scenario::from_json(&text)
        .map_err(|e| Failure::Input(format!("{shown}: {}", errors::scenario_error(&e, lang))))
}

/// The experiment (what the SVG embeds: the scenario, the tape, the present and the number
/// mode) and the simulation where the run stops.
fn simulate(run: &RunArgs, lang: Lang) -> Result<(link::Experiment, Simulator), Failure> {
    let until = run
        .until_ms
        .map(|ms| Instant::from_micros((ms * 1000.0).round() as u64));
    if let Some(text) = &run.link {
        // A link that does not open is bad input on the command line: exit 2, like the usage.
        let mut e =
            link::decode(text).map_err(|e| Failure::Usage(format!("cannot open the link: {e}")))?;
        // The app's replay (`Simulator::replay`, with the event budget set first): the scenario
        // with the actions taken at the start, the tape applied at its times, up to the link's
        // present.
        let mut sim = Simulator::new(&e.running_scenario())
            .map_err(|e| Failure::Input(errors::scenario_error(&e, lang)))?;
        if let Some(n) = run.max_events {
            sim.set_event_budget(n);
        }
        sim.replay_onto(&e.tape, until.unwrap_or(e.present));
        e.present = sim.now();
        e.absolute |= run.absolute;
        return Ok((e, sim));
    }
    let scenario = load(run, lang)?;
    let mut sim =
        Simulator::new(&scenario).map_err(|e| Failure::Input(errors::scenario_error(&e, lang)))?;
    if let Some(n) = run.max_events {
        sim.set_event_budget(n);
    }
    match until {
        Some(t) => sim.run_until(t),
        None => sim.run_to_end(),
    }
    let mut e = handshake_export::experiment_of(&sim, run.preset.as_deref());
    e.absolute = run.absolute;
    Ok((e, sim))
}

fn run(run: &RunArgs, out: &mut impl Write) -> Result<(), Failure> {
    let lang = run.lang.unwrap_or(Lang::En);
    let format = match (run.format, run.json, run.narrate) {
        (Some(f), _, false) => f,
        (Some(OutFormat::Export(Format::Text)) | None, false, true) => {
            OutFormat::Export(Format::Narrated)
        }
        (_, true, _) => OutFormat::Export(Format::JsonLines),
        _ => OutFormat::Export(Format::Text),
    };
    let png = format == OutFormat::Png;
    let format = match format {
        OutFormat::Export(f) => f,
        OutFormat::Png => Format::Svg,
    };
    let (experiment, sim) = simulate(run, lang)?;
    let export = Run::new(&sim, &experiment, lang);
    if let Some(path) = &run.pcap {
        write_file(path, &pcap(&export, path)?)?;
    }
    // A run cut short still prints what it did (its trace ends with `budget_exhausted`), then
    // exits with its own status.
    let cut_short = match sim.stop_reason() {
        Some(StopReason::EventBudget) => Err(Failure::CutShort(sim.events_run())),
        _ => Ok(()),
    };
    let bytes = match format {
        Format::Pcap => pcap(&export, run.output.as_deref().unwrap_or(Path::new("-")))?,
        Format::Svg if png => png::render(&handshake_export::svg(&export))
            .map_err(|e| Failure::Input(format!("cannot draw the PNG: {e}")))?,
        f => {
            handshake_export::export(&export, f)
                .map_err(|e| Failure::Input(e.message(lang)))?
                .bytes
        }
    };
    match &run.output {
        Some(path) => write_file(path, &bytes)?,
        None => out.write_all(&bytes)?,
    }
    cut_short
}

/// The run as a pcap file (`handshake-export`, through `handshake-capture`'s writer).
fn pcap(run: &Run<'_>, path: &Path) -> Result<Vec<u8>, Failure> {
    handshake_export::pcap(run)
        .map_err(|e| Failure::Input(format!("cannot write {}: {e}", path.display())))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let shown = path.display();
    let mut file = fs::File::create(path)
        .map_err(|e| Failure::Input(format!("cannot create {shown}: {e}")))?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(|e| Failure::Input(format!("cannot write {shown}: {e}")))
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
    let mut args = std::env::args_os().skip(1).peekable();
    // The kernel-facing commands have their own arguments and exit codes (`live/cli.rs`).
    let kernel_facing = args
        .peek()
        .and_then(|a| a.to_str())
        .filter(|a| matches!(*a, "live" | "differential"))
        .map(str::to_owned);
    if let Some(cmd) = kernel_facing {
        args.next();
        return live::cli::main(&cmd, &mut lexopt::Parser::from_args(args));
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match parse_args(args) {
        Err(e) => Err(Failure::Usage(e)),
        Ok(Command::Help) => writeln!(out, "{USAGE}").map_err(Failure::from),
        Ok(Command::Version) => {
            writeln!(out, "handshake-cli {}", env!("CARGO_PKG_VERSION")).map_err(Failure::from)
        }
        Ok(Command::Presets) => list_presets(&mut out),
        Ok(Command::Run(r)) => run(&r, &mut out),
        Ok(Command::Replay(r)) => replay::run(&r, &mut out),
    };
    // The output is flushed before a run's own failure is reported.
    let result = match (result, out.flush()) {
        (Err(Failure::CutShort(n)), Ok(())) => Err(Failure::CutShort(n)),
        (result, flushed) => result.and_then(|()| flushed.map_err(Failure::from)),
    };
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
        Err(Failure::CutShort(n)) => {
            eprintln!("handshake-cli: the run was cut short after {n} events (its event budget)");
            ExitCode::from(3)
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
        let c = parse_args(args(
            "run --preset lost-syn --json --pcap out.pcap --absolute --until 1500 --max-events 9",
        ))
        .unwrap();
        let want = Command::Run(RunArgs {
            file: None,
            preset: Some("lost-syn".into()),
            link: None,
            json: true,
            format: None,
            output: None,
            pcap: Some("out.pcap".into()),
            absolute: true,
            until_ms: Some(1500.0),
            max_events: Some(9),
            narrate: false,
            lang: None,
        });
        assert_eq!(c, want);
        // `--opt=value` is the same as `--opt value`.
        let c = parse_args(args(
            "run --preset=lost-syn --json --pcap=out.pcap --absolute --until=1500 --max-events=9",
        ))
        .unwrap();
        assert_eq!(c, want);
        let Command::Run(run) =
            parse_args(args("run --preset lost-last-ack --narrate --lang=ko")).unwrap()
        else {
            panic!("a run")
        };
        assert!(run.narrate);
        assert_eq!(run.lang, Some(Lang::Ko));
        let Command::Run(r) = parse_args(args("run --link=#x1.abc --json")).unwrap() else {
            panic!("a run")
        };
        assert_eq!(r.link.as_deref(), Some("#x1.abc"));
        let Command::Run(r) = parse_args(args(
            "run --preset handshake --format=svg -o x.svg --lang ko",
        ))
        .unwrap() else {
            panic!("a run")
        };
        assert_eq!(r.format, Some(OutFormat::Export(Format::Svg)));
        assert_eq!(r.output, Some(PathBuf::from("x.svg")));
        for (name, want) in [
            ("json", OutFormat::Export(Format::JsonLines)),
            ("jsonl", OutFormat::Export(Format::JsonLines)),
            ("text", OutFormat::Export(Format::Text)),
            ("scenario", OutFormat::Export(Format::Scenario)),
            ("mermaid", OutFormat::Export(Format::Mermaid)),
            ("plantuml", OutFormat::Export(Format::PlantUml)),
            ("pcap", OutFormat::Export(Format::Pcap)),
            ("png", OutFormat::Png),
        ] {
            let Command::Run(r) = parse_args(args(&format!("run x.json --format {name}"))).unwrap()
            else {
                panic!("a run")
            };
            assert_eq!(r.format, Some(want), "{name}");
        }
        assert_eq!(parse_args(args("presets")).unwrap(), Command::Presets);
        assert_eq!(parse_args(args("--help")).unwrap(), Command::Help);
        assert_eq!(parse_args(args("run -h")).unwrap(), Command::Help);
        assert_eq!(parse_args(args("-V")).unwrap(), Command::Version);
    }

    #[test]
    fn rejects_bad_command_lines_with_one_line_each() {
        for (line, want) in [
            ("", "missing command"),
            ("fly", "unknown command `fly`"),
            ("--fly", "unknown option `--fly`"),
            ("run", "needs a scenario FILE"),
            ("run a.json b.json", "one scenario file only"),
            ("run a.json --preset x", "not two"),
            ("run --preset x --link x1.abc", "not two"),
            ("run --link", "`--link` needs a value"),
            ("run a.json --frobnicate", "unknown option `--frobnicate`"),
            ("run a.json -x", "unknown option `-x`"),
            ("run --preset", "`--preset` needs a value"),
            ("run a.json --json=yes", "`--json` takes no value"),
            ("run a.json --until soon", "`--until` needs milliseconds"),
            ("run a.json --until=-5", "`--until` needs milliseconds"),
            (
                "run a.json --max-events 0",
                "`--max-events` needs a whole number",
            ),
            ("presets extra", "takes no arguments, found `extra`"),
            (
                "run a.json --lang fr",
                "`--lang` is `en` or `ko`, found `fr`",
            ),
            ("run a.json --narrate --json", "cannot go with `--json`"),
            ("run a.json --format gif", "`--format` is one of text, json"),
            ("run a.json --format svg --json", "give one format"),
            (
                "run a.json --format mermaid --narrate",
                "goes with `--format text` only",
            ),
            ("run a.json -o", "needs a value"),
        ] {
            let e = parse_args(args(line)).unwrap_err();
            assert!(e.contains(want), "{line:?}: {e}");
            assert!(!e.contains('\n'));
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_arguments_get_a_message_and_file_names_need_not_be_utf8() {
        use std::os::unix::ffi::OsStringExt;
        let bad = || OsString::from_vec(vec![b'x', 0xff]);
        let e = parse_args([OsString::from("run"), "--preset".into(), bad()]).unwrap_err();
        assert!(e.contains("`--preset` is not valid UTF-8"), "{e}");
        let e = parse_args([bad()]).unwrap_err();
        assert!(e.contains("the command is not valid UTF-8"), "{e}");
        let Command::Run(run) = parse_args([OsString::from("run"), bad()]).unwrap() else {
            panic!("a run")
        };
        assert_eq!(run.file, Some(PathBuf::from(bad())));
    }
}
