//! Share links: a whole experiment in a URL fragment (`docs/link-format.md`).
//!
//! An [`Experiment`] is everything needed to show the same lab again: the scenario (a preset's
//! name plus what was changed from it, or the whole scenario when it came from a file, with its
//! seed and configuration), the actions the user took at the start, the tape of interactive
//! actions with their virtual times (as [`Simulator::actions`] returns them), the present
//! instant, paused or playing, the language and the number mode.
//!
//! [`encode`] writes `x1.` followed by URL-safe base64 (no padding; hand-written below, cross-
//! checked against the `base64` crate in the tests) of raw deflate (`miniz_oxide`) of a small JSON
//! document; the app puts it after the `#`, so a static host never sees it. [`decode`] takes a
//! whole URL, a `#x1.…` fragment or the bare payload and gives the experiment back, or a
//! [`LinkError`] that says why not — for any input whatsoever, never a panic: a wrong version,
//! damaged or cut-off data, a decompression bomb (the inflated JSON is capped at
//! [`MAX_INFLATED`]), invalid JSON, a scenario that fails its checks, an unknown or changed
//! preset, absurd times or amounts of data.
//!
//! Text fields (titles, notices, the data of a `send`) may contain anything, HTML included: the
//! codec round-trips them exactly. Escaping them is the renderer's job, as for scenario files.
//!
//! Versioning: the prefix `x1.` names the format. A later version keeps a decoder for every
//! earlier format (so a link made today keeps opening), and refuses a format it does not know
//! with [`LinkError::UnsupportedVersion`]. A link based on a preset carries a fingerprint of
//! that preset's behaviour, so a later version whose preset changed says so
//! ([`LinkError::PresetChanged`]) instead of replaying something else.

use alloc::borrow::ToOwned;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::{Config, ConfigFields, Profile};
use crate::presets;
use crate::scenario::{Explicit, MAX_TIME, Scenario, ScenarioError};
use crate::sim::Simulator;
use crate::time::Instant;
use crate::vocab::{Action, TimedAction, UserCall};

/// The format [`encode`] writes.
pub const VERSION: u32 = 1;
/// What a link of this format starts with (after the `#`).
pub const PREFIX: &str = "x1.";
/// The largest JSON document a link may inflate to. A real experiment needs a few KB; a larger
/// one is refused before it is read ([`LinkError::TooLarge`]), so a small link that inflates to
/// gigabytes costs nothing.
pub const MAX_INFLATED: usize = 256 * 1024;
/// The most bytes all `send` calls of an experiment may ask for together (a `send` of `len`
/// bytes is a few characters in a link, so this bounds what a hostile link makes the app do).
pub const MAX_SEND_BYTES: u64 = 10_000_000;
/// Deflate level (0–10; 10 is miniz's slowest and smallest, instant for a few KB).
const LEVEL: u8 = 10;
/// How much of a name from a hostile link an error repeats.
const CLIP: usize = 40;

/// The app's language, when the link sets it (otherwise the browser's applies).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    /// `"en"` / `"ko"`.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

/// Everything a share link carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Experiment {
    /// The preset `scenario` is based on; the link then carries only what differs from it. `None`
    /// for a scenario from a file, which the link carries whole.
    pub preset: Option<&'static str>,
    /// The scenario as loaded (the preset with the user's settings, or the file): reset returns
    /// here.
    pub scenario: Scenario,
    /// Actions the user took at the start (0 s, before anything ran), which run ahead of the
    /// scenario's own actions (the app's `LabState::apply_at_start`). All at 0 ms.
    pub at_start: Vec<TimedAction>,
    /// The interactive actions at their times, in order, as [`Simulator::actions`] returns them.
    /// It may reach past `present` (after a step back).
    pub tape: Vec<TimedAction>,
    /// The instant shown.
    pub present: Instant,
    pub playing: bool,
    /// `None`: the browser's language.
    pub lang: Option<Lang>,
    /// Absolute sequence numbers instead of relative ones.
    pub absolute: bool,
}

impl Experiment {
    /// The lab as `scenario` starts: paused at 0 s, nothing done, the browser's language,
    /// relative numbers.
    pub fn new(scenario: Scenario) -> Experiment {
        Experiment {
            preset: None,
            scenario,
            at_start: Vec::new(),
            tape: Vec::new(),
            present: Instant::ZERO,
            playing: false,
            lang: None,
            absolute: false,
        }
    }

    /// The preset named `slug` at its start, or `None` if there is no such preset.
    pub fn preset(slug: &str) -> Option<Experiment> {
        let p = presets::find(slug)?;
        let scenario = p.scenario().ok()?;
        Some(Experiment {
            preset: Some(p.slug),
            ..Experiment::new(scenario)
        })
    }

    /// The scenario the simulator runs: `at_start`, then the scenario's own actions.
    pub fn running_scenario(&self) -> Scenario {
        let mut s = self.scenario.clone();
        s.actions.splice(0..0, self.at_start.iter().cloned());
        s
    }

    /// The simulation at `present`, as the app shows it: the running scenario with the tape's
    /// actions applied at their times (`Simulator::replay`).
    pub fn replay(&self) -> Result<Simulator, ScenarioError> {
        Simulator::replay(&self.running_scenario(), &self.tape, self.present)
    }

    /// The checks [`decode`] makes: the running scenario passes [`Scenario::validate`], actions
    /// at the start are at 0 ms, the tape is in time order, every time is within one day, and
    /// the `send` calls ask for at most [`MAX_SEND_BYTES`] in all.
    pub fn validate(&self) -> Result<(), LinkError> {
        let running = self.running_scenario();
        running.validate().map_err(LinkError::Scenario)?;
        if let Some(index) = self.at_start.iter().position(|a| a.at != Instant::ZERO) {
            return Err(LinkError::StartNotAtZero { index });
        }
        let max = Instant::ZERO + MAX_TIME;
        for (i, a) in self.tape.iter().enumerate() {
            if a.at > max {
                return Err(LinkError::TimeOutOfRange {
                    path: alloc::format!("tape[{i}].at_ms"),
                    ms: a.at.millis_f64(),
                });
            }
            if i > 0 && a.at < self.tape[i - 1].at {
                return Err(LinkError::TapeOutOfOrder { index: i });
            }
        }
        if self.present > max {
            return Err(LinkError::TimeOutOfRange {
                path: "now_ms".to_owned(),
                ms: self.present.millis_f64(),
            });
        }
        let bytes: u64 = running
            .actions
            .iter()
            .chain(&self.tape)
            .map(|a| match &a.action {
                Action::Call {
                    call: UserCall::Send(data),
                    ..
                } => data.len() as u64,
                _ => 0,
            })
            .sum();
        if bytes > MAX_SEND_BYTES {
            return Err(LinkError::TooMuchData {
                bytes,
                limit: MAX_SEND_BYTES,
            });
        }
        Ok(())
    }
}

/// Why a link does not open. `Display` says it in English in one line; the app words each
/// variant in its own languages from the data here.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// Nothing after the `#`.
    Empty,
    /// A web address without a `#…` part: it carries no experiment.
    NoFragment,
    /// The part after the `#` is not a Handshake Lab link (no `x<N>.` prefix, or letters that
    /// cannot be one).
    NotALink,
    /// Made in format `x<version>`, which this version cannot read (a newer one made it).
    UnsupportedVersion { version: String },
    /// A character that cannot appear in a link's data, at this position of the data (0-based).
    BadCharacter { index: usize, found: char },
    /// The data ends too early: the link was cut off.
    Truncated,
    /// The data does not unpack.
    Corrupt,
    /// The data unpacks to more than `limit` bytes (a decompression bomb, or not a link of ours).
    TooLarge { limit: usize },
    /// The unpacked document is not what a link holds: invalid JSON, a field of the wrong type or
    /// an unknown field. `path` names the field (`tape[2]`, `lang`; empty for the whole).
    Json { path: String, message: String },
    /// The link is based on a preset this version does not have.
    UnknownPreset { name: String },
    /// The preset the link is based on behaves differently in this version, so the link would
    /// not replay the same.
    PresetChanged { name: String },
    /// The scenario fails its checks (the path names the scenario file's field).
    Scenario(ScenarioError),
    /// An action at the start or on the tape is not a valid scenario-file action entry (the
    /// path is `start[i]…` or `tape[i]…`).
    Action(ScenarioError),
    /// An action "taken at the start" that is not at 0 ms.
    StartNotAtZero { index: usize },
    /// A tape entry earlier than the one before it.
    TapeOutOfOrder { index: usize },
    /// A time that is negative or later than one day (`path`: `now_ms`, `tape[3].at_ms`).
    TimeOutOfRange { path: String, ms: f64 },
    /// The `send` calls ask for more than `limit` bytes in all.
    TooMuchData { bytes: u64, limit: u64 },
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Empty => f.write_str("the link has nothing after its `#`"),
            LinkError::NoFragment => {
                f.write_str("this address has no `#…` part, so it carries no experiment")
            }
            LinkError::NotALink => write!(
                f,
                "the part after `#` is not a Handshake Lab link (one starts with `{PREFIX}`)"
            ),
            LinkError::UnsupportedVersion { version } => write!(
                f,
                "the link is in format `x{version}`, which this version of Handshake Lab cannot \
                 read (it reads `x{VERSION}`); a newer version made it"
            ),
            LinkError::BadCharacter { index, found } => write!(
                f,
                "the link is damaged: character {} of its data, {found:?}, cannot appear in a link",
                index + 1
            ),
            LinkError::Truncated => {
                f.write_str("the link is incomplete (it was cut off); copy the whole link")
            }
            LinkError::Corrupt => f.write_str("the link is damaged: its data does not unpack"),
            LinkError::TooLarge { limit } => write!(
                f,
                "the link unpacks to more than {} KB, more than any experiment needs; it was not opened",
                limit / 1024
            ),
            LinkError::Json { path, message } if path.is_empty() => {
                write!(f, "the link's contents are not valid: {message}")
            }
            LinkError::Json { path, message } => {
                write!(f, "the link's contents are not valid: {path}: {message}")
            }
            LinkError::UnknownPreset { name } => write!(
                f,
                "the link is based on the scenario `{name}`, which this version of Handshake Lab does not have"
            ),
            LinkError::PresetChanged { name } => write!(
                f,
                "the scenario `{name}` has changed since the link was made, so the link would not replay the same"
            ),
            LinkError::Scenario(e) => write!(f, "the link's scenario is not valid: {e}"),
            LinkError::Action(e) => write!(f, "the link's actions are not valid: {e}"),
            LinkError::StartNotAtZero { index } => write!(
                f,
                "the link's actions at the start must be at 0 ms, start[{index}] is not"
            ),
            LinkError::TapeOutOfOrder { index } => write!(
                f,
                "the link's actions are out of order: tape[{index}] is earlier than the one before it"
            ),
            LinkError::TimeOutOfRange { path, ms } => write!(
                f,
                "the link's time {path} = {ms} ms is not between 0 and one day (86400000 ms)"
            ),
            LinkError::TooMuchData { bytes, limit } => write!(
                f,
                "the link's experiment sends {bytes} bytes in all, more than the {limit} a link may"
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for LinkError {}

// ----- encoding ------------------------------------------------------------------------------

/// The link of an experiment: `x1.` and the payload, to put after a `#`. Only URL-safe
/// characters (`A–Z a–z 0–9 - _ .`). Never fails; an experiment that does not pass
/// [`Experiment::validate`] gives a link that [`decode`] refuses.
pub fn encode(e: &Experiment) -> String {
    // Serializing a struct of strings, numbers and `Value`s cannot fail (no map has non-string
    // keys), so the fallback is never taken.
    let json = serde_json::to_vec(&Payload::of(e)).unwrap_or_default();
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, LEVEL);
    let mut link = String::with_capacity(PREFIX.len() + deflated.len() * 4 / 3 + 4);
    link.push_str(PREFIX);
    base64url::encode(&deflated, &mut link);
    link
}

/// Reads a link: a whole URL (`https://…/#x1.…`), a fragment (`#x1.…` or `x1.…`) or the bare
/// payload. White space inside the data (a chat that wrapped the link) is skipped; bytes after
/// the end of the deflate stream are ignored.
pub fn decode(link: &str) -> Result<Experiment, LinkError> {
    let payload = payload_of(link)?;
    let deflated = base64url::decode(payload).map_err(|e| match e {
        base64url::Error::Char { index, found } => LinkError::BadCharacter { index, found },
        base64url::Error::Length => LinkError::Truncated,
    })?;
    if deflated.is_empty() {
        return Err(LinkError::Empty);
    }
    let json = inflate(&deflated)?;
    let payload = parse(&json)?;
    let e = payload.experiment()?;
    e.validate()?;
    Ok(e)
}

/// The payload of a link, without the URL, the `#` and the version prefix.
fn payload_of(link: &str) -> Result<&str, LinkError> {
    let link = link.trim();
    let fragment = match link.split_once('#') {
        Some((_, fragment)) => fragment,
        None if link.contains("://") || link.starts_with(['/', '?']) => {
            return Err(LinkError::NoFragment);
        }
        None => link,
    };
    if fragment.trim().is_empty() {
        return Err(LinkError::Empty);
    }
    let Some((version, payload)) = fragment.split_once('.') else {
        // No version: the bare payload of the current format.
        return Ok(fragment);
    };
    let number = version
        .strip_prefix('x')
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let Some(number) = number else {
        return Err(LinkError::NotALink);
    };
    let number = match number.trim_start_matches('0') {
        "" => "0",
        n => n,
    };
    if number == VERSION.to_string() {
        Ok(payload)
    } else {
        Err(LinkError::UnsupportedVersion {
            version: clip(number),
        })
    }
}

fn inflate(deflated: &[u8]) -> Result<Vec<u8>, LinkError> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};
    decompress_to_vec_with_limit(deflated, MAX_INFLATED).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => LinkError::TooLarge {
            limit: MAX_INFLATED,
        },
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => LinkError::Truncated,
        _ => LinkError::Corrupt,
    })
}

fn json_error(path: impl Into<String>, e: impl fmt::Display) -> LinkError {
    LinkError::Json {
        path: path.into(),
        message: e.to_string(),
    }
}

/// The document's fields, in the order the writer puts them.
const FIELDS: &str = "`p`, `ph`, `pf`, `d`, `s`, `start`, `tape`, `now_ms`, `play`, `lang`, `abs`";

/// Reads the document by hand from a JSON tree, so every error names its field in `std` and
/// `no_std` builds alike.
fn parse(json: &[u8]) -> Result<Payload, LinkError> {
    let v: Value = serde_json::from_slice(json).map_err(|e| json_error("", e))?;
    let Value::Object(fields) = v else {
        return Err(json_error("", "the link's data is not a JSON object"));
    };
    let mut p = Payload::default();
    for (name, v) in fields {
        let wrong = |expected: &str| json_error(clip(&name), wrong_type(expected, &v));
        match name.as_str() {
            "p" => {
                p.p = Some(
                    v.as_str()
                        .ok_or_else(|| wrong("a preset's name"))?
                        .to_owned(),
                )
            }
            "ph" => {
                let ph = v.as_u64().and_then(|n| u32::try_from(n).ok());
                p.ph = Some(ph.ok_or_else(|| wrong("a whole number below 2^32"))?);
            }
            "pf" => {
                p.pf = Some(
                    v.as_str()
                        .ok_or_else(|| wrong("a profile's name"))?
                        .to_owned(),
                )
            }
            "d" => match v {
                Value::Object(d) => p.d = Some(d),
                _ => return Err(wrong("an object")),
            },
            "s" => p.s = Some(v),
            "start" | "tape" => match v {
                Value::Array(a) if name == "start" => p.start = a,
                Value::Array(a) => p.tape = a,
                _ => return Err(wrong("an array of actions")),
            },
            "now_ms" => match v {
                Value::Number(_) => p.now_ms = Some(v),
                _ => return Err(wrong("a number of milliseconds")),
            },
            "play" => p.play = v.as_bool().ok_or_else(|| wrong("true or false"))?,
            "abs" => p.abs = v.as_bool().ok_or_else(|| wrong("true or false"))?,
            "lang" => {
                p.lang = Some(match v.as_str() {
                    Some("en") => Lang::En,
                    Some("ko") => Lang::Ko,
                    _ => return Err(wrong("\"en\" or \"ko\"")),
                });
            }
            _ => {
                return Err(json_error(
                    clip(&name),
                    alloc::format!("unknown field, expected one of {FIELDS}"),
                ));
            }
        }
    }
    Ok(p)
}

/// `expected …, found …` with what was found, briefly.
fn wrong_type(expected: &str, found: &Value) -> String {
    let found = match found {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => alloc::format!("{b}"),
        Value::Number(n) => alloc::format!("{n}"),
        Value::String(s) => alloc::format!("\"{}\"", clip(s)),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    };
    alloc::format!("expected {expected}, found {found}")
}

/// At most [`CLIP`] characters of a string from a link, for an error message.
fn clip(s: &str) -> String {
    match s.char_indices().nth(CLIP) {
        Some((i, _)) => alloc::format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

// ----- the document --------------------------------------------------------------------------

/// The JSON document of format 1 (`docs/link-format.md`). Short keys: a link should fit a chat
/// message. [`parse`] refuses unknown fields, so a link from a later format never half-opens.
#[derive(Debug, Default, Serialize)]
struct Payload {
    /// The preset the scenario is based on.
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<String>,
    /// The fingerprint of that preset's behaviour ([`fingerprint`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    ph: Option<u32>,
    /// The scenario's profile when it is not the preset's (the normal form leaves the profile
    /// out, so that it can say every configuration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pf: Option<String>,
    /// What differs from the preset: a JSON merge patch (RFC 7396) on its [`normal_form`].
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<Map<String, Value>>,
    /// The whole scenario file, when there is no preset.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<Value>,
    /// Actions taken at the start (scenario-file action entries).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    start: Vec<Value>,
    /// The tape (scenario-file action entries).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tape: Vec<Value>,
    /// The present, in milliseconds (0 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    now_ms: Option<Value>,
    #[serde(skip_serializing_if = "is_false")]
    play: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<Lang>,
    /// Absolute sequence numbers.
    #[serde(skip_serializing_if = "is_false")]
    abs: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The scenario file of `s` as a JSON value.
fn file_value(s: &Scenario) -> Value {
    serde_json::from_str(&s.to_json()).unwrap_or(Value::Null)
}

impl Payload {
    fn of(e: &Experiment) -> Payload {
        let base = e
            .preset
            .and_then(presets::find)
            .and_then(|p| Some((p.slug, p.scenario().ok()?)));
        let mut out = Payload {
            start: e.at_start.iter().map(to_value).collect(),
            tape: e.tape.iter().map(to_value).collect(),
            now_ms: (e.present != Instant::ZERO).then(|| millis_value(e.present.total_micros())),
            play: e.playing,
            lang: e.lang,
            abs: e.absolute,
            ..Payload::default()
        };
        match base {
            Some((slug, base)) => {
                out.pf = (e.scenario.profile != base.profile)
                    .then(|| e.scenario.profile.name().to_owned());
                let base = normal_form(&base);
                out.p = Some(slug.to_owned());
                out.ph = Some(fingerprint(&base));
                if let (Value::Object(base), Value::Object(target)) =
                    (&base, &normal_form(&e.scenario))
                {
                    let d = diff(base, target);
                    out.d = (!d.is_empty()).then_some(d);
                }
            }
            None => out.s = Some(file_value(&e.scenario)),
        }
        out
    }

    fn experiment(self) -> Result<Experiment, LinkError> {
        let (preset, scenario) = match (self.p, self.s) {
            (Some(name), None) => {
                let p = presets::find(&name)
                    .ok_or_else(|| LinkError::UnknownPreset { name: clip(&name) })?;
                let base = p.scenario().map_err(LinkError::Scenario)?;
                let mut v = normal_form(&base);
                if self.ph.is_some_and(|ph| ph != fingerprint(&v)) {
                    return Err(LinkError::PresetChanged {
                        name: p.slug.to_owned(),
                    });
                }
                if let Some(d) = self.d {
                    merge(&mut v, &Value::Object(d));
                }
                let mut scenario = scenario_from(&v)?;
                let profile = match self.pf {
                    Some(name) => Profile::from_name(&name).ok_or_else(|| {
                        json_error(
                            "pf",
                            alloc::format!(
                                "unknown profile \"{}\", expected rfc or linux",
                                clip(&name)
                            ),
                        )
                    })?,
                    None => base.profile,
                };
                // The normal form says every value; the profile and which fields the scenario
                // set itself come from the preset (under that profile) and what the link changed.
                let base = base.with_profile(profile);
                scenario.profile = profile;
                scenario.explicit = Explicit([
                    own(&base, &scenario, crate::vocab::Side::Client),
                    own(&base, &scenario, crate::vocab::Side::Server),
                ]);
                (Some(p.slug), scenario)
            }
            (None, Some(s)) => {
                if self.d.is_some() || self.ph.is_some() || self.pf.is_some() {
                    return Err(json_error(
                        if self.d.is_some() {
                            "d"
                        } else if self.ph.is_some() {
                            "ph"
                        } else {
                            "pf"
                        },
                        "belongs to a preset (`p`), and the link has none",
                    ));
                }
                (None, scenario_from(&s)?)
            }
            (Some(_), Some(_)) => {
                return Err(json_error(
                    "s",
                    "a link has a preset (`p`) or a whole scenario (`s`), not both",
                ));
            }
            (None, None) => {
                return Err(json_error(
                    "",
                    "the link names no scenario: neither a preset (`p`) nor a whole one (`s`)",
                ));
            }
        };
        Ok(Experiment {
            preset,
            scenario,
            at_start: actions("start", self.start)?,
            tape: actions("tape", self.tape)?,
            present: match &self.now_ms {
                Some(v) => time("now_ms", v)?,
                None => Instant::ZERO,
            },
            playing: self.play,
            lang: self.lang,
            absolute: self.abs,
        })
    }
}

/// The fields of `side` the preset set itself, and those the link changed.
fn own(base: &Scenario, scenario: &Scenario, side: crate::vocab::Side) -> ConfigFields {
    base.explicit.0[side.index()].union(scenario.config(side).differing(base.config(side)))
}

fn scenario_from(v: &Value) -> Result<Scenario, LinkError> {
    Scenario::from_json(&v.to_string()).map_err(LinkError::Scenario)
}

/// A time in milliseconds as a scenario file writes it: whole, or fractional where it has
/// microseconds.
fn millis_value(micros: u64) -> Value {
    if micros % 1000 == 0 {
        Value::from(micros / 1000)
    } else {
        Value::from(micros as f64 / 1000.0)
    }
}

/// The range check of a time, so that it is its own error.
fn check_time(path: impl FnOnce() -> String, v: &Value) -> Result<(), LinkError> {
    match v.as_f64() {
        Some(ms) if !(0.0..=MAX_TIME.total_millis() as f64).contains(&ms) => {
            Err(LinkError::TimeOutOfRange { path: path(), ms })
        }
        _ => Ok(()),
    }
}

/// The present, read by the scenario file's own reader of times (as an `end_ms`), so that a
/// link's times round to microseconds exactly as a file's do.
fn time(path: &str, v: &Value) -> Result<Instant, LinkError> {
    check_time(|| path.to_owned(), v)?;
    let mut doc = Map::new();
    doc.insert("end_ms".to_owned(), v.clone());
    match Scenario::from_json(&Value::Object(doc).to_string()) {
        Ok(Scenario { end: Some(t), .. }) => Ok(t),
        Ok(_) => Err(json_error(path, "expected a number of milliseconds")),
        Err(e) => Err(json_error(path, e)),
    }
}

/// Action entries, read by the scenario file's own reader (as the `actions` of an otherwise
/// empty scenario): the same checks and messages as in a file, at `start[i]` / `tape[i]`.
fn actions(field: &str, values: Vec<Value>) -> Result<Vec<TimedAction>, LinkError> {
    for (i, v) in values.iter().enumerate() {
        if let Some(at) = v.get("at_ms") {
            check_time(|| alloc::format!("{field}[{i}].at_ms"), at)?;
        }
    }
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let mut doc = Map::new();
    doc.insert("actions".to_owned(), Value::Array(values));
    Scenario::from_json(&Value::Object(doc).to_string())
        .map(|s| s.actions)
        .map_err(|mut e| {
            if let Some(rest) = e.path.strip_prefix("actions") {
                e.path = alloc::format!("{field}{rest}");
            }
            LinkError::Action(e)
        })
}

// ----- a scenario relative to its preset -----------------------------------------------------

/// A scenario as a JSON value in which "absent" and `null` mean the same, so that a merge patch
/// (where `null` deletes) can express every change: the scenario file of `s` with each side's
/// whole configuration in `config.client` and `config.server` and no `config.endpoint` (in a
/// file an absent field of a side's layer means "as `endpoint`", and `null` "none, unlike
/// `endpoint`"), without `null`s.
fn normal_form(s: &Scenario) -> Value {
    let mut v = file_value(s);
    if let Some(m) = v.as_object_mut() {
        m.remove("profile");
    }
    if let Some(config) = v.get_mut("config").and_then(Value::as_object_mut) {
        config.remove("endpoint");
        config.insert("client".to_owned(), config_value(&s.client));
        config.insert("server".to_owned(), config_value(&s.server));
    }
    strip_nulls(&mut v);
    v
}

/// The `Config` fields there were when format 1 was made: the normal form always has them.
const FORMAT_1_CONFIG: &[&str] = &[
    "mss",
    "window",
    "rto_initial_ms",
    "rto_min_ms",
    "rto_max_ms",
    "rto_3s_after_handshake_timeout",
    "syn_retries",
    "synack_retries",
    "data_retries",
    "msl_ms",
    "fin_wait_2_timeout_ms",
    "dup_syn",
    "rst_in_time_wait",
    "time_wait_restart",
];

/// A side's whole configuration in the normal form, read as a file reads it (over the reference
/// profile; the link carries the profile itself in `pf`). A field added to `Config` after format
/// 1 is there only where it differs from the reference profile, so adding one — whose reference
/// value keeps the old behaviour — leaves every preset's fingerprint, and every link made
/// before, as it was; a value that matches the reference (`null` included) is what a file
/// without the field reads.
fn config_value(c: &Config) -> Value {
    let mut v = to_value(c);
    let reference = to_value(&Config::rfc());
    if let (Value::Object(m), Value::Object(r)) = (&mut v, &reference) {
        m.retain(|k, val| FORMAT_1_CONFIG.contains(&k.as_str()) || r.get(k) != Some(val));
    }
    v
}

fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, v| !v.is_null());
            m.values_mut().for_each(strip_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// The merge patch (RFC 7396) that turns `base` into `target`; both without `null`s.
fn diff(base: &Map<String, Value>, target: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for k in base.keys() {
        if !target.contains_key(k) {
            out.insert(k.clone(), Value::Null);
        }
    }
    for (k, t) in target {
        match (base.get(k), t) {
            (Some(b), t) if b == t => {}
            (Some(Value::Object(b)), Value::Object(t)) => {
                out.insert(k.clone(), Value::Object(diff(b, t)));
            }
            _ => {
                out.insert(k.clone(), t.clone());
            }
        }
    }
    out
}

/// RFC 7396 §2, MergePatch(Target, Patch).
fn merge(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(t) = target {
        for (k, v) in patch {
            if v.is_null() {
                t.remove(k);
            } else {
                merge(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

/// 32-bit FNV-1a of the preset's behaviour: its normal form without `title` and `notice` (a
/// reworded title changes nothing), written with sorted keys (independent of serde_json's map
/// order).
fn fingerprint(normal: &Value) -> u32 {
    let mut v = normal.clone();
    if let Value::Object(m) = &mut v {
        m.remove("title");
        m.remove("notice");
    }
    let mut text = String::new();
    canonical(&v, &mut text);
    text.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::sort_by(&mut keys, Ord::cmp);
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

// ----- base64url -----------------------------------------------------------------------------

/// URL-safe base64 without padding (RFC 4648 §5), by hand: thirty lines instead of a dependency
/// (the tests check it against the `base64` crate).
mod base64url {
    use alloc::string::String;
    use alloc::vec::Vec;

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8], out: &mut String) {
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            }
        }
    }

    pub enum Error {
        /// Not in the alphabet: the index among the text's characters, and the character.
        Char { index: usize, found: char },
        /// One character too many for whole bytes (4n + 1 characters).
        Length,
    }

    fn value(c: char) -> Option<u32> {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            _ => return None,
        };
        Some(v)
    }

    /// Skips ASCII white space; ignores the unused low bits of the last character.
    pub fn decode(text: &str) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
        let (mut acc, mut n) = (0u32, 0usize);
        for (index, c) in text.chars().enumerate() {
            if c.is_ascii_whitespace() {
                continue;
            }
            let v = value(c).ok_or(Error::Char { index, found: c })?;
            acc = (acc << 6) | v;
            n += 1;
            if n % 4 == 0 {
                out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
                acc = 0;
            }
        }
        match n % 4 {
            1 => return Err(Error::Length),
            2 => out.push((acc >> 4) as u8),
            3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
            _ => {}
        }
        Ok(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn rfc_4648_test_vectors_without_padding() {
            // RFC 4648 §10, with the padding removed (§3.2) and the URL-safe alphabet (§5).
            for (plain, coded) in [
                ("", ""),
                ("f", "Zg"),
                ("fo", "Zm8"),
                ("foo", "Zm9v"),
                ("foob", "Zm9vYg"),
                ("fooba", "Zm9vYmE"),
                ("foobar", "Zm9vYmFy"),
            ] {
                let mut s = String::new();
                encode(plain.as_bytes(), &mut s);
                assert_eq!(s, coded);
                assert_eq!(decode(coded).ok().as_deref(), Some(plain.as_bytes()));
            }
            let mut s = String::new();
            encode(&[0xfb, 0xff], &mut s);
            assert_eq!(s, "-_8", "62 and 63 are `-` and `_`");
        }
    }
}
