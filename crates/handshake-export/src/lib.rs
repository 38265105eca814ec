//! # handshake-export
//!
//! The exports of a run of Handshake Lab, for slides, study notes and Wireshark, generated from
//! the core's trace in the user's language. The browser's export menu and `handshake-cli run
//! --format …` both call this crate, so a file exported from either is the same, byte for byte.
//!
//! **The contract**: every export is a pure function of a [`Run`] — a simulation (its trace,
//! its scenario, its transmissions), the share-link [`Experiment`] it shows, and a language.
//! Nothing here re-derives TCP: states, segments, timers and faults are read from the trace,
//! sentences and times are worded by `handshake-explain`, the text ladder is the core's, the
//! pcap is `handshake-capture`'s writer. The same run gives the same bytes on every platform
//! (no clock, no float functions that differ between targets, no hash-map order).
//!
//! The formats ([`Format`]):
//! - [`svg`]: the ladder for print — black on white, the two sides told apart in grey print
//!   too, every label whole, title, what to notice, legend, state names on both lanes, timers,
//!   faults, a time axis — with the experiment embedded (`docs/link-format.md`, "In an SVG") so
//!   that [`svg_experiment`] (and so the app, on a drop) re-opens it;
//! - [`mermaid`] and [`plantuml`]: sequence diagrams for study notes;
//! - [`text`]: the core's text ladder as the CLI prints it (optionally narrated);
//! - [`json_lines`]: the trace (`docs/trace-format.md`); [`scenario_json`]: the scenario file
//!   that replays the run (`docs/scenario-format.md`);
//! - [`pcap`] (feature `pcap`, on by default): every transmission as a capture.
//!
//! PNG is not made here: the browser draws the SVG on a canvas at 2× and the CLI (native only)
//! rasterizes it; no rasterizer reaches the wasm.
//!
//! `no_std` with `alloc` without the `pcap` feature (the capture writer needs `std::io`). The
//! workspace dependency has default features off: a crate that wants the pcap asks for
//! `features = ["pcap"]`.
//!
//! **From the browser** (the export menu, a dropped file):
//!
//! ```ignore
//! let run = Run::new(&sim, &experiment, lang);   // the lab's simulator and its share link's Experiment
//! let file = export(&run, Format::Svg)?;         // Export { file_name, mime, bytes }: a Blob to download
//! let e = svg_experiment(&dropped_text)?;        // an exported SVG back to its experiment
//! // PNG: draw `svg(&run)` on a canvas at twice its `width` × `height` attributes (CSS px).
//! ```

#![cfg_attr(not(any(test, feature = "pcap")), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

mod diagram;
mod escape;
mod layout;
mod svg;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use handshake_core::link::{self, Experiment};
use handshake_core::sim::Simulator;
use handshake_explain::Lang;

pub use diagram::{mermaid, plantuml};
pub use svg::{SVG_NS, SvgImportError, svg, svg_experiment};

/// A run to export: the simulation as far as it ran, the experiment it shows, and the language
/// of the words around the trace (titles, notes, legend, axis).
#[derive(Clone, Copy)]
pub struct Run<'a> {
    pub sim: &'a Simulator,
    /// What re-opens the run: embedded in the SVG, and its `absolute` picks the numbers of the
    /// segment labels. Its `present` should be `sim.now()` and `experiment.replay()` should give
    /// `sim`'s trace; [`experiment_of`] makes one that does.
    pub experiment: &'a Experiment,
    pub lang: Lang,
}

impl<'a> Run<'a> {
    pub fn new(sim: &'a Simulator, experiment: &'a Experiment, lang: Lang) -> Run<'a> {
        Run {
            sim,
            experiment,
            lang,
        }
    }

    /// Absolute sequence numbers instead of relative ones (the experiment's number mode).
    pub fn absolute(&self) -> bool {
        self.experiment.absolute
    }

    /// The scenario's title in the run's language, if it has one.
    pub fn title(&self) -> Option<&'a str> {
        let t = self.sim.scenario().title.as_ref()?;
        Some(match self.lang {
            Lang::En => &t.en,
            Lang::Ko => &t.ko,
        })
    }

    /// The scenario's "what to notice" line in the run's language, if it has one.
    pub fn notice(&self) -> Option<&'a str> {
        let t = self.sim.scenario().notice.as_ref()?;
        Some(match self.lang {
            Lang::En => &t.en,
            Lang::Ko => &t.ko,
        })
    }

    /// The share link's fragment (`x1.…`) of the experiment.
    pub fn link(&self) -> String {
        link::encode(self.experiment)
    }
}

/// The experiment of a simulation that ran from the start of `sim.scenario()` with the actions
/// of `sim.actions()` (the CLI's `--preset` and file runs): paused at `sim.now()`, based on the
/// preset `preset` when the scenario is that preset's (the link is then short), otherwise
/// carrying the scenario whole.
pub fn experiment_of(sim: &Simulator, preset: Option<&str>) -> Experiment {
    let base = preset
        .and_then(Experiment::preset)
        .filter(|e| e.scenario == *sim.scenario());
    let mut e = base.unwrap_or_else(|| Experiment::new(sim.scenario().clone()));
    e.tape = sim.actions().to_vec();
    e.present = sim.now();
    e
}

/// What an export can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The core's text ladder with the title, the legend and the summary (what `handshake-cli
    /// run` prints).
    Text,
    /// The text ladder with the narration of `handshake-explain` under each instant.
    Narrated,
    /// The trace as JSON Lines.
    JsonLines,
    /// The scenario file that replays the run (the scenario plus every interactive action).
    Scenario,
    /// The ladder as an SVG for print, with the experiment embedded.
    Svg,
    /// A Mermaid `sequenceDiagram`.
    Mermaid,
    /// A PlantUML sequence diagram (teoz).
    PlantUml,
    /// Every transmission as a pcap capture (feature `pcap`).
    Pcap,
}

impl Format {
    /// Every format, in the order an export menu lists them.
    pub const ALL: [Format; 8] = [
        Format::Svg,
        Format::Text,
        Format::Narrated,
        Format::Mermaid,
        Format::PlantUml,
        Format::Pcap,
        Format::Scenario,
        Format::JsonLines,
    ];

    /// The name on the command line (`--format NAME`).
    pub const fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Narrated => "narrated",
            Format::JsonLines => "jsonl",
            Format::Scenario => "scenario",
            Format::Svg => "svg",
            Format::Mermaid => "mermaid",
            Format::PlantUml => "plantuml",
            Format::Pcap => "pcap",
        }
    }

    /// The format of a `--format` name; `json` is `jsonl` (the trace as JSON Lines, what
    /// `--json` always printed).
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "json" => Some(Format::JsonLines),
            _ => Format::ALL.into_iter().find(|f| f.name() == name),
        }
    }

    /// The file name extension, without the dot.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Narrated => "narrated.txt",
            Format::JsonLines => "jsonl",
            Format::Scenario => "scenario.json",
            Format::Svg => "svg",
            Format::Mermaid => "mmd",
            Format::PlantUml => "puml",
            Format::Pcap => "pcap",
        }
    }

    /// The media type of a download.
    pub const fn mime(self) -> &'static str {
        match self {
            Format::Text | Format::Narrated | Format::Mermaid | Format::PlantUml => {
                "text/plain;charset=utf-8"
            }
            Format::JsonLines => "application/jsonl",
            Format::Scenario => "application/json",
            Format::Svg => "image/svg+xml",
            Format::Pcap => "application/vnd.tcpdump.pcap",
        }
    }

    /// Whether the bytes are UTF-8 text.
    pub const fn is_text(self) -> bool {
        !matches!(self, Format::Pcap)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One exported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub format: Format,
    /// A file name for a download: the preset's name (or `handshake-lab`) and the extension.
    pub file_name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// Why an export could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// This build has no such exporter (the pcap without the `pcap` feature).
    NotBuilt(Format),
    /// The pcap writer refused the run (a time past 2106, pcap's 32-bit seconds).
    Pcap(String),
}

impl ExportError {
    /// The error in `lang`, one line.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ExportError::NotBuilt(f), Lang::En) => {
                alloc::format!("this build cannot export {}", f.name())
            }
            (ExportError::NotBuilt(f), Lang::Ko) => {
                alloc::format!("이 빌드는 {} 형식으로 내보낼 수 없다", f.name())
            }
            (ExportError::Pcap(e), Lang::En) => alloc::format!("the pcap cannot be written: {e}"),
            (ExportError::Pcap(e), Lang::Ko) => alloc::format!("pcap을 쓸 수 없다: {e}"),
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// The file name of an export of `run` in `format`: `lost-last-ack.svg`, `handshake-lab.pcap`.
pub fn file_name(run: &Run<'_>, format: Format) -> String {
    let base = run.experiment.preset.unwrap_or("handshake-lab");
    alloc::format!("{base}.{}", format.extension())
}

/// The export of `run` in `format`.
pub fn export(run: &Run<'_>, format: Format) -> Result<Export, ExportError> {
    let bytes = match format {
        Format::Text => text(run, false).into_bytes(),
        Format::Narrated => text(run, true).into_bytes(),
        Format::JsonLines => json_lines(run).into_bytes(),
        Format::Scenario => scenario_json(run).into_bytes(),
        Format::Svg => svg(run).into_bytes(),
        Format::Mermaid => mermaid(run).into_bytes(),
        Format::PlantUml => plantuml(run).into_bytes(),
        Format::Pcap => pcap_bytes(run)?,
    };
    Ok(Export {
        format,
        file_name: file_name(run, format),
        mime: format.mime(),
        bytes,
    })
}

#[cfg(feature = "pcap")]
fn pcap_bytes(run: &Run<'_>) -> Result<Vec<u8>, ExportError> {
    pcap(run)
}

#[cfg(not(feature = "pcap"))]
fn pcap_bytes(_: &Run<'_>) -> Result<Vec<u8>, ExportError> {
    Err(ExportError::NotBuilt(Format::Pcap))
}

/// The text ladder as `handshake-cli run` prints it: the title and what to notice (in the run's
/// language), the core's ladder — with the narration under each instant when `narrated` —, the
/// legend and the summary.
pub fn text(run: &Run<'_>, narrated: bool) -> String {
    use handshake_core::ladder::{self, LadderOptions};
    use handshake_explain::transcript::{legend, narrated_ladder, summary};
    let mut out = String::new();
    if let Some(title) = run.title() {
        out.push_str(title);
        out.push('\n');
    }
    if let Some(notice) = run.notice() {
        out.push_str(notice);
        out.push('\n');
    }
    if run.title().is_some() || run.notice().is_some() {
        out.push('\n');
    }
    let opts = LadderOptions {
        absolute: run.absolute(),
    };
    let sim = run.sim;
    if narrated {
        out.push_str(&narrated_ladder(
            sim.trace(),
            sim.scenario(),
            opts,
            run.lang,
        ));
    } else {
        out.push_str(&ladder::render(sim.trace(), opts));
    }
    out.push('\n');
    out.push_str(legend(run.lang));
    out.push_str("\n\n");
    out.push_str(&summary(sim, run.lang));
    out.push('\n');
    out
}

/// The trace as JSON Lines (`docs/trace-format.md`).
pub fn json_lines(run: &Run<'_>) -> String {
    run.sim.trace().to_json_lines()
}

/// The scenario file that replays the run: the scenario with every interactive action in its
/// actions (`Simulator::to_scenario`).
pub fn scenario_json(run: &Run<'_>) -> String {
    run.sim.to_scenario().to_json()
}

/// Every endpoint transmission as it left its sender, as the raw IPv4 packets the pcap holds
/// (link copies are made after the capture point, so they are not in it). The IP
/// Identification is the sender's transmission number.
pub fn pcap_packets(sim: &Simulator) -> Vec<(handshake_core::Instant, Vec<u8>)> {
    sim.transmissions()
        .iter()
        .filter(|t| t.duplicate_of.is_none())
        .map(|t| {
            let bytes = handshake_core::wire::emit_ipv4_tcp(
                &t.segment,
                t.from.addr(),
                t.to().addr(),
                t.id.n as u16,
            );
            (t.sent_at, bytes)
        })
        .collect()
}

/// The run as a pcap file (`handshake-capture`'s writer): Wireshark's relative time is the
/// model's clock, and it marks the model's retransmissions as "TCP Retransmission".
#[cfg(feature = "pcap")]
pub fn pcap(run: &Run<'_>) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    handshake_capture::write_pcap(&mut out, pcap_packets(run.sim))
        .map_err(|e| ExportError::Pcap(alloc::string::ToString::to_string(&e)))?;
    Ok(out)
}
