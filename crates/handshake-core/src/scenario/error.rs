//! Why a scenario cannot be used: a field path and a typed kind with the data a message needs,
//! so that a crate above can say it in any language. `Display` is the English the CLI prints.

use alloc::string::String;
use core::fmt;

use crate::config::OutOfRange;
use crate::time::Instant;
use crate::vocab::TxIdError;

/// A scenario that cannot be used: where (`path`, the field path such as `actions[2].side`;
/// empty for the whole file) and what is wrong (`kind`).
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    pub path: String,
    pub kind: ScenarioErrorKind,
}

impl ScenarioError {
    pub fn new(path: impl Into<String>, kind: ScenarioErrorKind) -> ScenarioError {
        ScenarioError {
            path: path.into(),
            kind,
        }
    }
}

/// What is wrong with a scenario, with the data a message needs.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioErrorKind {
    /// Not JSON: the parser stopped at `line` and `column` (1-based); `at_end` when the text
    /// ended too early.
    Syntax {
        line: usize,
        column: usize,
        at_end: bool,
    },
    /// The file is not one JSON object.
    NotAnObject,
    /// A field this object does not have; `expected` lists the ones it has.
    UnknownField {
        field: String,
        expected: &'static [&'static str],
    },
    /// The same field twice in one object.
    DuplicateField { field: String },
    /// A field that must be there is not.
    MissingField { field: &'static str },
    /// A value of the wrong JSON type: `found` is its type and `text` the value as written
    /// (shortened).
    WrongType {
        expected: Expected,
        found: JsonType,
        text: String,
    },
    /// A string that is none of the names this field allows.
    UnknownName {
        found: String,
        expected: &'static [&'static str],
    },
    /// A number outside the values this field allows.
    OutOfRange(OutOfRange),
    /// Not a transmission id.
    BadTxId(TxIdError),
    /// A flag name that is not a TCP flag.
    UnknownFlag { found: String },
    /// An action needs exactly one of `call`, `fault`, `release`, `arm`, `loss`; it had `found`.
    ActionKinds { found: usize },
    /// A `send` needs exactly one of `data` (text) or `len` (a byte count).
    SendData,
    /// This field cannot go with the action's `with` (`close`, `fault`, `release`, …).
    NotAllowedWith { with: &'static str },
    /// A rule's `id` names one transmission, so it takes no other matching field.
    IdWithOtherFields,
    /// A rule's `id` names a link copy; rules apply to endpoint transmissions.
    RuleOnLinkCopy,
    /// `end_ms` comes before the action `actions[action]` at `at`.
    EndBeforeAction {
        end: Instant,
        action: usize,
        at: Instant,
    },
}

/// What a field holds, for "expected …".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expected {
    Object,
    Array,
    String,
    Bool,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// A number of milliseconds, whole or fractional.
    Milliseconds,
    /// A number of milliseconds (whole or fractional), or `null`.
    MillisecondsOrNull,
    /// A number, or `{"client_to_server": …, "server_to_client": …}`.
    PerDirection,
    /// `"drop"`, `"hold"`, `"duplicate"` or `{"delay_ms": …}`.
    Fault,
}

/// The JSON type of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonType {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl JsonType {
    pub const fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Bool => "boolean",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Object => "an object",
            Expected::Array => "an array",
            Expected::String => "a string",
            Expected::Bool => "true or false",
            Expected::Integer => "a whole number",
            Expected::Number => "a number",
            Expected::Milliseconds => "a number of milliseconds",
            Expected::MillisecondsOrNull => "a number of milliseconds or null",
            Expected::PerDirection => {
                "a number, or {\"client_to_server\": …, \"server_to_client\": …}"
            }
            Expected::Fault => "\"drop\", \"hold\", \"duplicate\" or {\"delay_ms\": …}",
        })
    }
}

/// `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
fn one_of(f: &mut fmt::Formatter<'_>, names: &[&str]) -> fmt::Result {
    match names {
        [] => Ok(()),
        [one] => write!(f, "`{one}`"),
        [a, b] => write!(f, "`{a}` or `{b}`"),
        more => {
            f.write_str("one of ")?;
            for (i, n) in more.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "`{n}`")?;
            }
            Ok(())
        }
    }
}

/// A hint after "missing field" for the fields whose form is not obvious.
fn missing_hint(field: &str) -> &'static str {
    match field {
        "side" => " (\"client\" or \"server\")",
        "target" => " (a transmission id such as \"C2\")",
        _ => "",
    }
}

/// Milliseconds from an instant: `1500`, `0.25`.
fn ms(t: Instant) -> f64 {
    t.total_micros() as f64 / 1000.0
}

impl fmt::Display for ScenarioErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioErrorKind::Syntax {
                line,
                column,
                at_end: true,
            } => write!(f, "the JSON ends too early (line {line}, column {column})"),
            ScenarioErrorKind::Syntax { line, column, .. } => {
                write!(f, "not valid JSON at line {line}, column {column}")
            }
            ScenarioErrorKind::NotAnObject => f.write_str(
                "a scenario file is one JSON object: {\"seed\": …, \"actions\": […], …}",
            ),
            ScenarioErrorKind::UnknownField { field, expected } => {
                write!(f, "unknown field `{field}`, expected ")?;
                one_of(f, expected)
            }
            ScenarioErrorKind::DuplicateField { field } => {
                write!(f, "the field `{field}` is given twice")
            }
            ScenarioErrorKind::MissingField { field } => {
                write!(f, "missing field `{field}`{}", missing_hint(field))
            }
            ScenarioErrorKind::WrongType {
                expected,
                found,
                text,
            } => write!(
                f,
                "invalid type: {} {text}, expected {expected}",
                found.name()
            ),
            ScenarioErrorKind::UnknownName { found, expected } => {
                write!(f, "unknown value `{found}`, expected ")?;
                one_of(f, expected)
            }
            ScenarioErrorKind::OutOfRange(r) => write!(f, "{r}"),
            ScenarioErrorKind::BadTxId(e) => write!(f, "{e}"),
            ScenarioErrorKind::UnknownFlag { found } => write!(
                f,
                "unknown flag `{found}`, expected one of CWR, ECE, URG, ACK, PSH, RST, SYN, FIN"
            ),
            ScenarioErrorKind::ActionKinds { found } => write!(
                f,
                "give exactly one of `call`, `fault`, `release`, `arm`, `loss` (found {found})"
            ),
            ScenarioErrorKind::SendData => {
                f.write_str("a send needs exactly one of `data` (text) or `len` (a byte count)")
            }
            ScenarioErrorKind::NotAllowedWith { with } => write!(f, "not allowed with `{with}`"),
            ScenarioErrorKind::IdWithOtherFields => {
                f.write_str("`id` names one transmission; it cannot be combined with other fields")
            }
            ScenarioErrorKind::RuleOnLinkCopy => {
                f.write_str("rules apply to endpoint transmissions, not link copies")
            }
            ScenarioErrorKind::EndBeforeAction { end, action, at } => write!(
                f,
                "{} ms is before actions[{action}] at {} ms",
                ms(*end),
                ms(*at)
            ),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ScenarioError {}
