//! The built-in scenarios, shared by the CLI and the app: each a scenario file in
//! `presets/*.json` (compiled in with `include_str!`) with a title and a one-line "what to
//! notice" in English and Korean.
//!
//! They use the reference profile (latency 100 ms, MSS 100, RTO 1 s, MSL 5 s) unless a preset
//! needs otherwise; the `linux-*` presets show the Linux profile (`"profile": "linux"`). Scenarios that the reference starts in ESTABLISHED start here with a real
//! handshake, so their times are later than the reference's by the handshake.

use crate::scenario::{Scenario, ScenarioError, Text};

/// A built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// The name on the command line and in URLs: `lost-syn`.
    pub slug: &'static str,
    /// The reference scenario it reproduces (`../shared/reference/scenarios.md`), if any.
    pub reference: Option<&'static str>,
    /// The scenario file.
    pub json: &'static str,
}

impl Preset {
    /// The parsed scenario. Every preset parses (the tests check), so this only fails if a
    /// preset file was broken by hand.
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        Scenario::from_json(self.json)
    }
    /// Title in both languages.
    pub fn title(&self) -> Text {
        self.scenario()
            .ok()
            .and_then(|s| s.title)
            .unwrap_or_default()
    }
    /// "What to notice" in both languages.
    pub fn notice(&self) -> Text {
        self.scenario()
            .ok()
            .and_then(|s| s.notice)
            .unwrap_or_default()
    }
}

macro_rules! preset {
    ($slug:literal, $reference:expr) => {
        Preset {
            slug: $slug,
            reference: $reference,
            json: include_str!(concat!("../presets/", $slug, ".json")),
        }
    };
}

/// Every preset, in teaching order: opening, data, closing, then the special cases.
pub const PRESETS: &[Preset] = &[
    preset!("handshake", Some("S01")),
    preset!("handshake-data-close", None),
    preset!("lost-syn", Some("S02")),
    preset!("lost-syn-ack", None),
    preset!("lost-handshake-ack", Some("S04 (a)")),
    preset!("lost-handshake-ack-data", Some("S04 (b)")),
    preset!("lost-data", Some("S07")),
    preset!("normal-close", Some("S10")),
    preset!("three-segment-close", None),
    preset!("lost-last-ack", Some("S14")),
    preset!("no-time-wait", None),
    preset!("fin-overtakes-data", Some("S17")),
    preset!("duplicate-syn", None),
    preset!("simultaneous-open", None),
    preset!("simultaneous-close", None),
    preset!("half-close", None),
    preset!("rst-closed-port", None),
    preset!("syn-retries-exhausted", None),
    preset!("bulk-data", None),
    preset!("linux-syn-retries", None),
    preset!("linux-close", None),
];

/// The preset with this slug.
pub fn find(slug: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.slug == slug)
}
