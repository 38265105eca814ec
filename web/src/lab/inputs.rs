//! What the user types: the settings fields (the scenario's configuration), the loss rate of
//! each direction and the fault menu's custom delay. Every value is checked when committed;
//! garbage gets a typed [`InputError`] beside its field and changes nothing; the last word on a
//! configuration is the core's (`Config::validate`, `Scenario::validate`).

use std::rc::Rc;

use handshake_core::Duration;
use handshake_core::config::Config;
use handshake_core::scenario::{Scenario, ScenarioError};
use handshake_core::sim::{Action as SimAction, Side};

use super::LabState;

/// A settings field (the scenario's configuration) or a per-direction loss rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Seed,
    LatencyMs,
    MslSecs,
    Mss,
    Window,
    RtoInitialMs,
    LossPercent(Side),
    DelayMs,
}

impl Field {
    /// The fields of the settings panel, in order.
    pub const SETTINGS: [Field; 6] = [
        Field::Seed,
        Field::LatencyMs,
        Field::MslSecs,
        Field::Mss,
        Field::Window,
        Field::RtoInitialMs,
    ];
    /// A stable name for ids and tests (`seed`, `latency`, `loss-client`…).
    pub const fn key(self) -> &'static str {
        match self {
            Field::Seed => "seed",
            Field::LatencyMs => "latency",
            Field::MslSecs => "msl",
            Field::Mss => "mss",
            Field::Window => "window",
            Field::RtoInitialMs => "rto",
            Field::LossPercent(Side::Client) => "loss-client",
            Field::LossPercent(Side::Server) => "loss-server",
            Field::DelayMs => "delay",
        }
    }
}

/// Why a typed value was refused. The view words it in the current language; `Core` carries the
/// core's own typed error (`Config::validate`, `Scenario::validate`: the field path and the range
/// it allows), which `handshake_explain::errors` words.
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    Empty,
    NotANumber,
    NotWhole,
    Negative,
    /// Above the largest value the field can hold.
    TooLarge(u64),
    /// A percentage above 100.
    NotAPercentage,
    /// The core refused the value.
    Core(ScenarioError),
}

/// Field drafts and their errors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inputs {
    pub texts: Vec<(Field, String)>,
    pub errors: Vec<(Field, InputError)>,
}

impl Inputs {
    pub fn text(&self, field: Field) -> &str {
        self.texts
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, t)| t.as_str())
    }
    pub fn error(&self, field: Field) -> Option<&InputError> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e)
    }
    pub(super) fn set(&mut self, field: Field, text: String, error: Option<InputError>) {
        self.texts.retain(|(f, _)| *f != field);
        self.texts.push((field, text));
        self.errors.retain(|(f, _)| *f != field);
        if let Some(e) = error {
            self.errors.push((field, e));
        }
    }
    pub(super) fn from_scenario(s: &Scenario) -> Inputs {
        let c = &s.client;
        let secs = |d: Duration| trim_float(d.total_micros() as f64 / 1e6);
        let millis = |d: Duration| trim_float(d.total_micros() as f64 / 1e3);
        let mut inputs = Inputs::default();
        for (field, text) in [
            (Field::Seed, s.seed.to_string()),
            (Field::LatencyMs, millis(s.net.latency[0])),
            (Field::MslSecs, secs(c.msl)),
            (Field::Mss, c.mss.to_string()),
            (Field::Window, c.window.to_string()),
            (Field::RtoInitialMs, millis(c.rto_initial)),
            (Field::DelayMs, "2000".to_owned()),
        ] {
            inputs.set(field, text, None);
        }
        for side in Side::BOTH {
            inputs.set(
                Field::LossPercent(side),
                trim_float(s.net.loss[side.index()] * 100.0),
                None,
            );
        }
        inputs
    }

    /// These inputs with the loss fields put back to `scenario`'s rates (a reset).
    pub(super) fn with_loss_of(&self, scenario: &Scenario) -> Inputs {
        let loaded = Inputs::from_scenario(scenario);
        let mut inputs = self.clone();
        for side in Side::BOTH {
            let field = Field::LossPercent(side);
            inputs.set(field, loaded.text(field).to_owned(), None);
        }
        inputs
    }
}

/// `5`, `0.5`, `100`: no trailing zeros.
pub(super) fn trim_float(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_owned()
}

impl LabState {
    pub(super) fn edit(&mut self, field: Field, text: String) {
        let mut inputs = (*self.inputs).clone();
        match field {
            // Only recorded: the fault menu's custom delay button reads it.
            Field::DelayMs => {
                let error = parse_number(&text)
                    .and_then(|d| {
                        if d > 3_600_000.0 {
                            Err(InputError::TooLarge(3_600_000))
                        } else {
                            Ok(d)
                        }
                    })
                    .err();
                inputs.set(field, text, error);
                self.inputs = Rc::new(inputs);
            }
            Field::LossPercent(side) => match parse_number(&text) {
                Ok(p) if p <= 100.0 => {
                    inputs.set(field, text, None);
                    let before = std::mem::replace(&mut self.inputs, Rc::new(inputs));
                    let loss = SimAction::SetLoss {
                        side,
                        probability: p / 100.0,
                    };
                    self.apply_with(loss, Some(before));
                }
                Ok(_) => {
                    inputs.set(field, text, Some(InputError::NotAPercentage));
                    self.inputs = Rc::new(inputs);
                }
                Err(e) => {
                    inputs.set(field, text, Some(e));
                    self.inputs = Rc::new(inputs);
                }
            },
            _ => match configure(&self.loaded, field, &text) {
                Ok(scenario) => {
                    self.playing = false;
                    self.load(scenario, None);
                    // Keep what the user typed (`5.0` stays `5.0`).
                    let mut inputs = (*self.inputs).clone();
                    inputs.set(field, text, None);
                    self.inputs = Rc::new(inputs);
                }
                Err(e) => {
                    inputs.set(field, text, Some(e));
                    self.inputs = Rc::new(inputs);
                }
            },
        }
    }

    /// The custom delay typed in the fault menu, if it is valid.
    pub fn custom_delay(&self) -> Option<Duration> {
        if self.inputs.error(Field::DelayMs).is_some() {
            return None;
        }
        let ms = parse_number(self.inputs.text(Field::DelayMs)).ok()?;
        (ms > 0.0).then(|| Duration::from_micros((ms * 1000.0).round() as u64))
    }

    /// The custom delay cannot be used: say why beside its field.
    pub(super) fn refuse_custom_delay(&mut self) {
        let mut inputs = (*self.inputs).clone();
        let text = inputs.text(Field::DelayMs).to_owned();
        let e = parse_number(&text).err().unwrap_or(InputError::Empty);
        inputs.set(Field::DelayMs, text, Some(e));
        self.inputs = Rc::new(inputs);
    }
}

/// A non-negative, finite decimal number (`5`, `0.5`, `1e3`).
pub fn parse_number(text: &str) -> Result<f64, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(InputError::Empty);
    }
    let x: f64 = t.parse().map_err(|_| InputError::NotANumber)?;
    if !x.is_finite() {
        return Err(InputError::NotANumber);
    }
    if x < 0.0 {
        return Err(InputError::Negative);
    }
    Ok(x)
}

/// A non-negative whole number of at most `max`.
pub fn parse_whole(text: &str, max: u64) -> Result<u64, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(InputError::Empty);
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only: exact at any length (`18446744073709551616`, 2^64, is one too many for
        // a seed; as a float it would round down to u64::MAX and pass).
        return match t.parse::<u64>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(InputError::TooLarge(max)),
        };
    }
    match parse_number(t) {
        Err(e) => Err(e),
        Ok(x) if x.fract() != 0.0 => Err(InputError::NotWhole),
        // `1e3`: whole, written with an exponent. Compared in u128, where `max` is exact (an f64
        // is not: u64::MAX as f64 is 2^64).
        Ok(x) if x < 2f64.powi(64) && (x as u128) <= u128::from(max) => Ok(x as u64),
        Ok(_) => Err(InputError::TooLarge(max)),
    }
}

fn millis(x: f64) -> Duration {
    Duration::from_micros((x * 1000.0).round().min(u64::MAX as f64) as u64)
}

/// The scenario with one field changed, checked by the core.
fn configure(base: &Scenario, field: Field, text: &str) -> Result<Scenario, InputError> {
    let mut s = base.clone();
    let both = |s: &mut Scenario, f: &dyn Fn(&mut Config)| {
        f(&mut s.client);
        f(&mut s.server);
    };
    match field {
        Field::Seed => s.seed = parse_whole(text, u64::MAX)?,
        Field::LatencyMs => {
            let d = millis(parse_number(text)?);
            s.net.latency = [d; 2];
        }
        Field::MslSecs => {
            let d = millis(parse_number(text)? * 1000.0);
            both(&mut s, &|c| c.msl = d);
        }
        Field::Mss => {
            // Anything above u16 is refused by the core's own check (at most 65491).
            let n = parse_whole(text, u64::MAX)?.min(u64::from(u16::MAX)) as u16;
            both(&mut s, &|c| c.mss = n);
        }
        Field::Window => {
            let n = parse_whole(text, u64::from(u16::MAX))? as u16;
            both(&mut s, &|c| c.window = n);
        }
        Field::RtoInitialMs => {
            let d = millis(parse_number(text)?);
            both(&mut s, &|c| c.rto_initial = d);
        }
        Field::LossPercent(_) | Field::DelayMs => {}
    }
    s.validate().map_err(InputError::Core)?;
    Ok(s)
}
