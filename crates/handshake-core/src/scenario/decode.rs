//! Reading a scenario file. serde_json parses the text into a small JSON tree (objects keep
//! their fields in file order, so a repeated field is seen); the tree is then walked by hand,
//! which knows the field path at every step and says what is wrong as a typed
//! [`ScenarioErrorKind`]. (Deriving `Deserialize` would word errors in serde's English and need
//! `serde_path_to_error` for the paths.)

use alloc::borrow::ToOwned;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{
    AppScript, FaultRule, LATENCY_BOUNDS, Match, NTH_BOUNDS, PORT_BOUNDS, PROBABILITY_BOUNDS,
    SEND_LEN_BOUNDS, Scenario, TIME_BOUNDS, Text, dir_name,
};
use super::{Expected, JsonType, ScenarioError, ScenarioErrorKind as Kind};
use crate::config::{
    AbortRst, Bounds, Config, ConfigField, ConfigFields, Counterfactual, Counterfactuals,
    CrossingSynAck, DupSynPolicy, InWindowSyn, Profile, RstInTimeWait, RttEstimatorKind,
    TimeWaitRestart, Unit,
};
use crate::segment::Flags;
use crate::time::{Duration, Instant};
use crate::vocab::{Action, Fault, Inject, SendData, SeqSpec, Side, TimedAction, TxId, UserCall};

// ----- the JSON tree ---------------------------------------------------------------------------

/// A parsed JSON value. Unlike `serde_json::Value`, an object is its fields in file order, with
/// repeats.
enum Json {
    Null,
    Bool(bool),
    Uint(u64),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Bool(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
                Ok(Json::Uint(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Int(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
                Ok(Json::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
                Ok(Json::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
                Ok(Json::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut fields = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Json>()? {
                    fields.push((k, v));
                }
                Ok(Json::Object(fields))
            }
        }
        d.deserialize_any(V)
    }
}

impl Json {
    fn kind(&self) -> JsonType {
        match self {
            Json::Null => JsonType::Null,
            Json::Bool(_) => JsonType::Bool,
            Json::Uint(_) | Json::Int(_) | Json::Float(_) => JsonType::Number,
            Json::Str(_) => JsonType::String,
            Json::Array(_) => JsonType::Array,
            Json::Object(_) => JsonType::Object,
        }
    }
    /// The value as written, shortened: `"fast"`, `1.5`, `[…]`, `{…}`.
    fn text(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Uint(n) => n.to_string(),
            Json::Int(n) => n.to_string(),
            Json::Float(x) => x.to_string(),
            Json::Str(s) => {
                let short: String = s.chars().take(40).collect();
                let cut = if short.len() < s.len() { "…" } else { "" };
                alloc::format!("{short:?}{cut}")
            }
            Json::Array(_) => "[…]".into(),
            Json::Object(_) => "{…}".into(),
        }
    }
    /// A number as f64, if it is one.
    fn number(&self) -> Option<f64> {
        match *self {
            Json::Uint(n) => Some(n as f64),
            Json::Int(n) => Some(n as f64),
            Json::Float(x) => Some(x),
            _ => None,
        }
    }
}

// ----- paths -----------------------------------------------------------------------------------

/// Where a value is in the file: a chain of fields and indices, rendered only for an error.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Root,
    Field(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        parent: None,
        step: Step::Root,
    };
    fn field(&'a self, name: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Step::Field(name),
        }
    }
    fn index(&'a self, i: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Step::Index(i),
        }
    }
    /// `actions[2].side`; empty at the root.
    fn render(&self) -> String {
        let mut out = match self.parent {
            Some(p) => p.render(),
            None => String::new(),
        };
        match self.step {
            Step::Root => {}
            Step::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Step::Index(i) => out.push_str(&alloc::format!("[{i}]")),
        }
        out
    }
    fn error(&self, kind: Kind) -> ScenarioError {
        ScenarioError::new(self.render(), kind)
    }
    fn wrong_type(&self, expected: Expected, v: &Json) -> ScenarioError {
        self.error(Kind::WrongType {
            expected,
            found: v.kind(),
            text: v.text(),
        })
    }
}

type Decoded<T> = core::result::Result<T, ScenarioError>;

// ----- objects and values ----------------------------------------------------------------------

/// An object whose fields have been checked against the ones it may have.
struct Obj<'j> {
    fields: &'j [(String, Json)],
}

impl<'j> Obj<'j> {
    fn new(v: &'j Json, at: &Path<'_>, allowed: &'static [&'static str]) -> Decoded<Obj<'j>> {
        let Json::Object(fields) = v else {
            return Err(at.wrong_type(Expected::Object, v));
        };
        for (i, (name, _)) in fields.iter().enumerate() {
            if !allowed.contains(&name.as_str()) {
                return Err(at.field(name).error(Kind::UnknownField {
                    field: name.clone(),
                    expected: allowed,
                }));
            }
            if fields[..i].iter().any(|(n, _)| n == name) {
                return Err(at.field(name).error(Kind::DuplicateField {
                    field: name.clone(),
                }));
            }
        }
        Ok(Obj { fields })
    }
    /// The field, if present (`null` included).
    fn get(&self, name: &str) -> Option<&'j Json> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
    /// The field, if present and not `null` (for fields that may be left out).
    fn opt(&self, name: &str) -> Option<&'j Json> {
        self.get(name).filter(|v| !matches!(v, Json::Null))
    }
}

fn string<'j>(v: &'j Json, at: &Path<'_>) -> Decoded<&'j str> {
    match v {
        Json::Str(s) => Ok(s),
        other => Err(at.wrong_type(Expected::String, other)),
    }
}

fn boolean(v: &Json, at: &Path<'_>) -> Decoded<bool> {
    match v {
        Json::Bool(b) => Ok(*b),
        other => Err(at.wrong_type(Expected::Bool, other)),
    }
}

/// A whole number within `bounds`.
fn integer(v: &Json, at: &Path<'_>, bounds: Bounds) -> Decoded<u64> {
    let n = match *v {
        Json::Uint(n) => n,
        Json::Int(n) => return Err(at.error(Kind::OutOfRange(bounds.out_of_range(n as f64)))),
        _ => return Err(at.wrong_type(Expected::Integer, v)),
    };
    if n < bounds.min || bounds.max.is_some_and(|m| n > m) {
        return Err(at.error(Kind::OutOfRange(bounds.out_of_range(n as f64))));
    }
    Ok(n)
}

/// Any number within `bounds`.
fn number(v: &Json, at: &Path<'_>, bounds: Bounds) -> Decoded<f64> {
    let x = v
        .number()
        .ok_or_else(|| at.wrong_type(Expected::Number, v))?;
    bounds.check(x).map_err(|r| at.error(Kind::OutOfRange(r)))
}

/// Milliseconds, whole or fractional, within `bounds`, as microseconds.
fn millis(v: &Json, at: &Path<'_>, bounds: Bounds) -> Decoded<u64> {
    let x = v
        .number()
        .ok_or_else(|| at.wrong_type(Expected::Milliseconds, v))?;
    let x = bounds.check(x).map_err(|r| at.error(Kind::OutOfRange(r)))?;
    Ok(match *v {
        Json::Uint(n) => n.saturating_mul(1000),
        _ => (x * 1000.0 + 0.5) as u64,
    })
}

/// A string naming one of `names`, read by `parse`.
fn named<T>(
    v: &Json,
    at: &Path<'_>,
    names: &'static [&'static str],
    parse: impl Fn(&str) -> Option<T>,
) -> Decoded<T> {
    let s = string(v, at)?;
    parse(s).ok_or_else(|| {
        at.error(Kind::UnknownName {
            found: s.to_owned(),
            expected: names,
        })
    })
}

fn side(v: &Json, at: &Path<'_>) -> Decoded<Side> {
    named(v, at, &["client", "server"], |s| {
        Side::BOTH.into_iter().find(|side| side.name() == s)
    })
}

fn tx_id(v: &Json, at: &Path<'_>) -> Decoded<TxId> {
    string(v, at)?
        .parse()
        .map_err(|e| at.error(Kind::BadTxId(e)))
}

/// `"drop"`, `"hold"`, `"duplicate"` or `{"delay_ms": …}`.
fn fault(v: &Json, at: &Path<'_>) -> Decoded<Fault> {
    const NAMES: &[&str] = &["drop", "hold", "duplicate", "{\"delay_ms\": …}"];
    match v {
        Json::Str(s) => match s.as_str() {
            "drop" => Ok(Fault::Drop),
            "hold" => Ok(Fault::Hold),
            "duplicate" => Ok(Fault::Duplicate),
            other => Err(at.error(Kind::UnknownName {
                found: other.to_owned(),
                expected: NAMES,
            })),
        },
        Json::Object(_) => {
            let o = Obj::new(v, at, &["delay_ms"])?;
            let p = at.field("delay_ms");
            let d = o
                .get("delay_ms")
                .ok_or_else(|| p.error(Kind::MissingField { field: "delay_ms" }))?;
            Ok(Fault::Delay(Duration::from_micros(millis(
                d,
                &p,
                TIME_BOUNDS,
            )?)))
        }
        other => Err(at.wrong_type(Expected::Fault, other)),
    }
}

/// One value for both directions, or `{"client_to_server": …, "server_to_client": …}`.
fn per_dir<T>(
    v: &Json,
    at: &Path<'_>,
    one: impl Fn(&Json, &Path<'_>) -> Decoded<T>,
) -> Decoded<[T; 2]>
where
    T: Copy,
{
    const DIRS: &[&str] = &["client_to_server", "server_to_client"];
    match v {
        Json::Object(_) => {
            let o = Obj::new(v, at, DIRS)?;
            let get = |side: Side| {
                let name = dir_name(side);
                let p = at.field(name);
                let v = o
                    .get(name)
                    .ok_or_else(|| p.error(Kind::MissingField { field: name }))?;
                one(v, &p)
            };
            Ok([get(Side::Client)?, get(Side::Server)?])
        }
        Json::Uint(_) | Json::Int(_) | Json::Float(_) => {
            let x = one(v, at)?;
            Ok([x, x])
        }
        other => Err(at.wrong_type(Expected::PerDirection, other)),
    }
}

// ----- the file --------------------------------------------------------------------------------

const TOP: &[&str] = &[
    "seed", "title", "notice", "profile", "config", "apps", "actions", "faults", "end_ms",
];
const NET: &[&str] = &[
    "latency_ms",
    "client_port",
    "server_port",
    "loss",
    "enforce_msl",
    "endpoint",
    "client",
    "server",
];
/// The endpoint configuration's fields (`ConfigField`).
const CONFIG: &[&str] = ConfigField::NAMES;
const ACTION: &[&str] = &[
    "at_ms",
    "side",
    "call",
    "data",
    "len",
    "fault",
    "target",
    "release",
    "arm",
    "loss",
    "inject",
    "old_duplicate",
    "host",
    "counterfactual",
    "on",
];
/// The fields of a hand-made segment (`inject`).
const INJECT: &[&str] = &[
    "flags", "seq", "ack", "window", "data", "len", "mss", "src_port", "dst_port",
];
/// What `host` does.
const HOST: &[&str] = &["crash", "reboot"];
const CALLS: &[&str] = &["listen", "connect", "send", "close", "abort"];

impl Scenario {
    /// Parses and checks a scenario file. A UTF-8 byte-order mark in front of it (Windows
    /// Notepad writes one) is skipped: RFC 8259 §8.1 lets a parser ignore it rather than treat
    /// it as an error, and an editor shows the file without it, so lines and columns in errors
    /// count as the editor does.
    pub fn from_json(text: &str) -> Decoded<Scenario> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // serde would also read an array as a value; a scenario written that way is a mistake,
        // so say what a file looks like instead.
        if !text.trim_start().starts_with('{') {
            return Err(Path::ROOT.error(Kind::NotAnObject));
        }
        let json: Json = serde_json::from_str(text).map_err(|e| {
            Path::ROOT.error(Kind::Syntax {
                line: e.line(),
                column: e.column(),
                at_end: e.is_eof(),
            })
        })?;
        let s = scenario(&json)?;
        s.validate()?;
        Ok(s)
    }
}

fn scenario(v: &Json) -> Decoded<Scenario> {
    let root = Path::ROOT;
    let o = Obj::new(v, &root, TOP)?;
    let mut s = Scenario::default();
    if let Some(v) = o.get("seed") {
        s.seed = integer(
            v,
            &root.field("seed"),
            Bounds {
                min: 0,
                max: None,
                unit: Unit::None,
            },
        )?;
    }
    s.title = o
        .opt("title")
        .map(|v| text(v, &root.field("title")))
        .transpose()?;
    s.notice = o
        .opt("notice")
        .map(|v| text(v, &root.field("notice")))
        .transpose()?;
    // The profile first: it is the bottom layer of the endpoint configuration.
    if let Some(v) = o.opt("profile") {
        s.profile = named(
            v,
            &root.field("profile"),
            Profile::NAMES,
            Profile::from_name,
        )?;
        s.client = s.profile.config();
        s.server = s.profile.config();
    }
    if let Some(v) = o.get("config") {
        net(v, &root.field("config"), &mut s)?;
    }
    if let Some(v) = o.get("apps") {
        let at = root.field("apps");
        let apps = Obj::new(v, &at, &["client", "server"])?;
        for side in Side::BOTH {
            if let Some(v) = apps.get(side.name()) {
                s.apps[side.index()] = app(v, &at.field(side.name()))?;
            }
        }
    }
    if let Some(v) = o.get("actions") {
        let at = root.field("actions");
        let Json::Array(items) = v else {
            return Err(at.wrong_type(Expected::Array, v));
        };
        for (i, item) in items.iter().enumerate() {
            s.actions.push(action(item, &at.index(i))?);
        }
    }
    if let Some(v) = o.get("faults") {
        let at = root.field("faults");
        let Json::Array(items) = v else {
            return Err(at.wrong_type(Expected::Array, v));
        };
        for (i, item) in items.iter().enumerate() {
            s.faults.push(rule(item, &at.index(i))?);
        }
    }
    if let Some(v) = o.opt("end_ms") {
        s.end = Some(Instant::from_micros(millis(
            v,
            &root.field("end_ms"),
            TIME_BOUNDS,
        )?));
    }
    Ok(s)
}

fn text(v: &Json, at: &Path<'_>) -> Decoded<Text> {
    let o = Obj::new(v, at, &["en", "ko"])?;
    let get = |lang: &'static str| {
        let p = at.field(lang);
        let v = o
            .get(lang)
            .ok_or_else(|| p.error(Kind::MissingField { field: lang }))?;
        string(v, &p).map(ToOwned::to_owned)
    };
    Ok(Text {
        en: get("en")?,
        ko: get("ko")?,
    })
}

fn app(v: &Json, at: &Path<'_>) -> Decoded<AppScript> {
    let o = Obj::new(v, at, &["close_on_eof", "keep_listening"])?;
    let mut a = AppScript::default();
    if let Some(v) = o.get("close_on_eof") {
        a.close_on_eof = boolean(v, &at.field("close_on_eof"))?;
    }
    if let Some(v) = o.get("keep_listening") {
        a.keep_listening = boolean(v, &at.field("keep_listening"))?;
    }
    Ok(a)
}

/// `config`: the link, then the endpoint configuration in layers — the profile's defaults, then
/// `endpoint` (both sides), then the side's own object. Each layer is read alone first, so a
/// type error names the layer it is in; a value out of range names the layer that set it.
fn net(v: &Json, at: &Path<'_>, s: &mut Scenario) -> Decoded<()> {
    let o = Obj::new(v, at, NET)?;
    if let Some(v) = o.opt("latency_ms") {
        let l = per_dir(v, &at.field("latency_ms"), |v, p| {
            millis(v, p, LATENCY_BOUNDS)
        })?;
        s.net.latency = [Duration::from_micros(l[0]), Duration::from_micros(l[1])];
    }
    if let Some(v) = o.opt("client_port") {
        s.net.client_port = integer(v, &at.field("client_port"), PORT_BOUNDS)? as u16;
    }
    if let Some(v) = o.opt("server_port") {
        s.net.server_port = integer(v, &at.field("server_port"), PORT_BOUNDS)? as u16;
    }
    if let Some(v) = o.opt("loss") {
        s.net.loss = per_dir(v, &at.field("loss"), |v, p| {
            number(v, p, PROBABILITY_BOUNDS)
        })?;
    }
    if let Some(v) = o.opt("enforce_msl") {
        s.net.enforce_msl = boolean(v, &at.field("enforce_msl"))?;
    }
    let base_path = at.field("endpoint");
    let base = o.opt("endpoint");
    let base_fields = match base {
        Some(v) => Obj::new(v, &base_path, CONFIG)?.fields,
        None => &[],
    };
    let mut shared = s.profile.config();
    let mut shared_set = ConfigFields::NONE;
    config_layer(base_fields, &base_path, &mut shared, &mut shared_set)?;
    for side in Side::BOTH {
        let side_path = at.field(side.name());
        let over = match o.opt(side.name()) {
            Some(v) => Obj::new(v, &side_path, CONFIG)?.fields,
            None => &[],
        };
        let mut cfg = shared.clone();
        let mut set = shared_set;
        config_layer(over, &side_path, &mut cfg, &mut set)?;
        s.explicit.0[side.index()] = set;
        if let Err(e) = cfg.validate() {
            let set_here = over.iter().any(|(n, _)| n == e.field)
                || !base_fields.iter().any(|(n, _)| n == e.field);
            let layer = if set_here { side.name() } else { "endpoint" };
            return Err(at
                .field(layer)
                .field(e.field)
                .error(Kind::OutOfRange(e.range)));
        }
        match side {
            Side::Client => s.client = cfg,
            Side::Server => s.server = cfg,
        }
    }
    Ok(())
}

/// Applies one layer of `Config` fields (already checked against [`CONFIG`]), adding each to
/// `set`.
fn config_layer(
    fields: &[(String, Json)],
    at: &Path<'_>,
    c: &mut Config,
    set: &mut ConfigFields,
) -> Decoded<()> {
    // Whole or fractional, as every other time in a file (an RTO of 1000.5 ms set in the app
    // must survive an export); times without a bound of their own are at most one day, as
    // `at_ms` is.
    let ms = |v: &Json, p: &Path<'_>, b: Bounds| -> Decoded<Duration> {
        millis(v, p, b).map(Duration::from_micros)
    };
    // A number of milliseconds or `null` (the RFC's "none").
    let opt_ms = |v: &Json, p: &Path<'_>, b: Bounds| -> Decoded<Option<Duration>> {
        match v {
            Json::Null => Ok(None),
            Json::Uint(_) | Json::Int(_) | Json::Float(_) => ms(v, p, b).map(Some),
            other => Err(p.wrong_type(Expected::MillisecondsOrNull, other)),
        }
    };
    for (name, v) in fields {
        let p = at.field(name);
        if let Some(field) = ConfigField::from_name(name) {
            set.insert(field);
        }
        match name.as_str() {
            "mss" => c.mss = integer(v, &p, Config::MSS)? as u16,
            "window" => c.window = integer(v, &p, Config::WINDOW)? as u16,
            "rto_initial_ms" => c.rto_initial = ms(v, &p, TIME_BOUNDS)?,
            "rto_min_ms" => c.rto_min = ms(v, &p, TIME_BOUNDS)?,
            "rto_max_ms" => c.rto_max = ms(v, &p, Config::RTO_MAX)?,
            "rtt_estimator" => {
                c.rtt_estimator =
                    named(v, &p, RttEstimatorKind::NAMES, RttEstimatorKind::from_name)?;
            }
            "rto_3s_after_handshake_timeout" => {
                c.rto_3s_after_handshake_timeout = boolean(v, &p)?;
            }
            "rto_3s_without_handshake_sample" => {
                c.rto_3s_without_handshake_sample = boolean(v, &p)?;
            }
            "syn_retries" => c.syn_retries = integer(v, &p, Config::RETRIES)? as u8,
            "syn_linear_timeouts" => {
                c.syn_linear_timeouts = integer(v, &p, Config::RETRIES)? as u8;
            }
            "synack_retries" => c.synack_retries = integer(v, &p, Config::RETRIES)? as u8,
            "data_retries" => c.data_retries = integer(v, &p, Config::RETRIES)? as u8,
            "msl_ms" => c.msl = ms(v, &p, Config::MSL)?,
            "time_wait_ms" => c.time_wait = opt_ms(v, &p, Config::DELAY)?,
            "fin_wait_2_timeout_ms" => {
                c.fin_wait_2_timeout = match v {
                    Json::Null => None,
                    Json::Uint(_) | Json::Int(_) | Json::Float(_) => Some(ms(v, &p, TIME_BOUNDS)?),
                    other => return Err(p.wrong_type(Expected::MillisecondsOrNull, other)),
                };
            }
            "dup_syn" => c.dup_syn = named(v, &p, DupSynPolicy::NAMES, DupSynPolicy::from_name)?,
            "dup_syn_ratelimit_ms" => c.dup_syn_ratelimit = opt_ms(v, &p, Config::DELAY)?,
            "in_window_syn" => {
                c.in_window_syn = named(v, &p, InWindowSyn::NAMES, InWindowSyn::from_name)?;
            }
            "crossing_syn_ack" => {
                c.crossing_syn_ack =
                    named(v, &p, CrossingSynAck::NAMES, CrossingSynAck::from_name)?;
            }
            "rst_in_time_wait" => {
                c.rst_in_time_wait = named(v, &p, RstInTimeWait::NAMES, RstInTimeWait::from_name)?;
            }
            "time_wait_restart" => {
                c.time_wait_restart =
                    named(v, &p, TimeWaitRestart::NAMES, TimeWaitRestart::from_name)?;
            }
            "fin_ack_delay_ms" => c.fin_ack_delay = opt_ms(v, &p, Config::DELAY)?,
            "fin_ack_delay_no_data_ms" => {
                c.fin_ack_delay_no_data = opt_ms(v, &p, Config::DELAY)?;
            }
            "abort_rst" => c.abort_rst = named(v, &p, AbortRst::NAMES, AbortRst::from_name)?,
            "counterfactual" => {
                let Json::Array(items) = v else {
                    return Err(p.wrong_type(Expected::Array, v));
                };
                let mut set = Counterfactuals::NONE;
                for (i, item) in items.iter().enumerate() {
                    let one = named(
                        item,
                        &p.index(i),
                        Counterfactual::NAMES,
                        Counterfactual::from_name,
                    )?;
                    set = set.with(one, true);
                }
                c.counterfactual = set;
            }
            _ => {}
        }
    }
    Ok(())
}

/// One entry of `actions`: `at_ms` and exactly one of `call`, `fault`, `release`, `arm`, `loss`,
/// `inject`, `old_duplicate`, `host`, `counterfactual` with the fields that go with it.
fn action(v: &Json, at: &Path<'_>) -> Decoded<TimedAction> {
    let o = Obj::new(v, at, ACTION)?;
    let at_ms = at.field("at_ms");
    let when = o
        .opt("at_ms")
        .ok_or_else(|| at_ms.error(Kind::MissingField { field: "at_ms" }))?;
    let when = Instant::from_micros(millis(when, &at_ms, TIME_BOUNDS)?);
    let found = [
        "call",
        "fault",
        "release",
        "arm",
        "loss",
        "inject",
        "old_duplicate",
        "host",
        "counterfactual",
    ]
    .iter()
    .filter(|k| o.opt(k).is_some())
    .count();
    if found != 1 {
        return Err(at.error(Kind::ActionKinds { found }));
    }
    let need_side = || {
        let p = at.field("side");
        let v = o
            .opt("side")
            .ok_or_else(|| p.error(Kind::MissingField { field: "side" }))?;
        side(v, &p)
    };
    let refuse = |field: &'static str, with: &'static str| match o.opt(field) {
        Some(_) => Err(at.field(field).error(Kind::NotAllowedWith { with })),
        None => Ok(()),
    };
    if o.opt("counterfactual").is_none() {
        refuse("on", "an action other than counterfactual")?;
    }
    let action = if let Some(v) = o.opt("inject") {
        refuse("target", "inject")?;
        for field in ["data", "len"] {
            refuse(field, "inject (give them inside `inject`)")?;
        }
        Action::Inject {
            side: need_side()?,
            segment: inject(v, &at.field("inject"))?,
        }
    } else if let Some(v) = o.opt("old_duplicate") {
        for field in ["side", "target", "data", "len"] {
            refuse(field, "old_duplicate")?;
        }
        Action::OldDuplicate {
            of: tx_id(v, &at.field("old_duplicate"))?,
        }
    } else if let Some(v) = o.opt("host") {
        for field in ["target", "data", "len"] {
            refuse(field, "host")?;
        }
        let side = need_side()?;
        let crash = named(v, &at.field("host"), HOST, |s| match s {
            "crash" => Some(true),
            "reboot" => Some(false),
            _ => None,
        })?;
        if crash {
            Action::Crash { side }
        } else {
            Action::Reboot { side }
        }
    } else if let Some(v) = o.opt("counterfactual") {
        for field in ["target", "data", "len"] {
            refuse(field, "counterfactual")?;
        }
        let switch = named(
            v,
            &at.field("counterfactual"),
            Counterfactual::NAMES,
            Counterfactual::from_name,
        )?;
        let on = match o.opt("on") {
            Some(v) => boolean(v, &at.field("on"))?,
            None => true,
        };
        Action::Counterfactual {
            side: need_side()?,
            switch,
            on,
        }
    } else if let Some(v) = o.opt("call") {
        let p = at.field("call");
        // The call's name, with `send`'s bytes to come.
        let call = named(v, &p, CALLS, |s| {
            [
                UserCall::Listen,
                UserCall::Connect,
                UserCall::Send(SendData::Pattern(0)),
                UserCall::Close,
                UserCall::Abort,
            ]
            .into_iter()
            .find(|c| c.name() == s)
        })?;
        let name = call.name();
        let side = need_side()?;
        refuse("target", name)?;
        let call = match call {
            UserCall::Send(_) => match (o.opt("data"), o.opt("len")) {
                (Some(d), None) => {
                    UserCall::Send(SendData::Text(string(d, &at.field("data"))?.to_owned()))
                }
                (None, Some(n)) => {
                    UserCall::Send(SendData::Pattern(
                        integer(n, &at.field("len"), SEND_LEN_BOUNDS)? as u32,
                    ))
                }
                _ => return Err(at.error(Kind::SendData)),
            },
            other => other,
        };
        if !matches!(call, UserCall::Send(_)) {
            refuse("data", name)?;
            refuse("len", name)?;
        }
        Action::Call { side, call }
    } else {
        for field in ["data", "len"] {
            refuse(field, "a non-call action")?;
        }
        if let Some(v) = o.opt("fault") {
            let fault = fault(v, &at.field("fault"))?;
            refuse("side", "fault")?;
            let p = at.field("target");
            let target = o
                .opt("target")
                .ok_or_else(|| p.error(Kind::MissingField { field: "target" }))?;
            Action::Fault {
                target: tx_id(target, &p)?,
                fault,
            }
        } else {
            refuse("target", "this action")?;
            if let Some(v) = o.opt("release") {
                let target = tx_id(v, &at.field("release"))?;
                refuse("side", "release")?;
                Action::Release { target }
            } else if let Some(v) = o.opt("arm") {
                let fault = fault(v, &at.field("arm"))?;
                Action::Arm {
                    side: need_side()?,
                    fault,
                }
            } else {
                let v = o.opt("loss").unwrap_or(&Json::Null);
                let probability = number(v, &at.field("loss"), PROBABILITY_BOUNDS)?;
                Action::SetLoss {
                    side: need_side()?,
                    probability,
                }
            }
        }
    };
    Ok(TimedAction { at: when, action })
}

/// One fault rule: `{"match": {…}, "fault": …}`.
fn rule(v: &Json, at: &Path<'_>) -> Decoded<FaultRule> {
    let o = Obj::new(v, at, &["match", "fault"])?;
    let mp = at.field("match");
    let m = o
        .get("match")
        .ok_or_else(|| mp.error(Kind::MissingField { field: "match" }))?;
    let m = Obj::new(
        m,
        &mp,
        &["id", "from", "flags", "payload", "retransmission", "nth"],
    )?;
    let fp = at.field("fault");
    let f = o
        .get("fault")
        .ok_or_else(|| fp.error(Kind::MissingField { field: "fault" }))?;
    let matcher = if let Some(v) = m.opt("id") {
        let p = mp.field("id");
        let id = tx_id(v, &p)?;
        let others = ["from", "flags", "payload", "retransmission", "nth"];
        if others.iter().any(|k| m.opt(k).is_some()) {
            return Err(mp.error(Kind::IdWithOtherFields));
        }
        if id != id.source() || id.injected {
            return Err(p.error(Kind::RuleOnLinkCopy));
        }
        Match::Id(id)
    } else {
        let opt_bool =
            |name: &'static str| m.opt(name).map(|v| boolean(v, &mp.field(name))).transpose();
        Match::Rule {
            from: m
                .opt("from")
                .map(|v| side(v, &mp.field("from")))
                .transpose()?,
            flags: m
                .opt("flags")
                .map(|v| flags(v, &mp.field("flags")))
                .transpose()?,
            payload: opt_bool("payload")?,
            retransmission: opt_bool("retransmission")?,
            nth: m
                .opt("nth")
                .map(|v| integer(v, &mp.field("nth"), NTH_BOUNDS).map(|n| n as u32))
                .transpose()?,
        }
    };
    Ok(FaultRule {
        matcher,
        fault: fault(f, &fp)?,
    })
}

/// `["SYN", "ACK"]`.
fn flags(v: &Json, at: &Path<'_>) -> Decoded<Flags> {
    let Json::Array(items) = v else {
        return Err(at.wrong_type(Expected::Array, v));
    };
    let mut flags = Flags::NONE;
    for (i, item) in items.iter().enumerate() {
        let p = at.index(i);
        let name = string(item, &p)?;
        let f = Flags::from_name(name).ok_or_else(|| {
            at.error(Kind::UnknownFlag {
                found: name.to_owned(),
            })
        })?;
        flags = flags.union(f);
    }
    Ok(flags)
}

/// A sequence number for a hand-made segment: a number, or `"server.rcv_nxt+5"`.
fn seq_spec(v: &Json, at: &Path<'_>) -> Decoded<SeqSpec> {
    match v {
        Json::Uint(n) => u32::try_from(*n).map(SeqSpec::Absolute).map_err(|_| {
            at.error(Kind::BadSeqSpec {
                found: n.to_string(),
            })
        }),
        Json::Str(s) => s.parse().map_err(|()| {
            at.error(Kind::BadSeqSpec {
                found: s.to_owned(),
            })
        }),
        other => Err(at.error(Kind::BadSeqSpec {
            found: other.text(),
        })),
    }
}

/// `inject`: `{"flags": [...], "seq": …, "ack": …, "window": …, "data" | "len": …, "mss": …,
/// "src_port": …, "dst_port": …}`; `flags` and `seq` are required.
fn inject(v: &Json, at: &Path<'_>) -> Decoded<Inject> {
    let o = Obj::new(v, at, INJECT)?;
    let required = |name: &'static str| {
        o.opt(name)
            .ok_or_else(|| at.field(name).error(Kind::MissingField { field: name }))
    };
    let flags = flags(required("flags")?, &at.field("flags"))?;
    let seq = seq_spec(required("seq")?, &at.field("seq"))?;
    let ack = match o.opt("ack") {
        Some(v) => seq_spec(v, &at.field("ack"))?,
        None => SeqSpec::Absolute(0),
    };
    let data = match (o.opt("data"), o.opt("len")) {
        (Some(_), Some(_)) => return Err(at.error(Kind::SendData)),
        (Some(d), None) => Some(SendData::Text(string(d, &at.field("data"))?.to_owned())),
        (None, Some(n)) => Some(SendData::Pattern(integer(
            n,
            &at.field("len"),
            Bounds::new(0, crate::config::MSS_MAX.into(), Unit::Bytes),
        )? as u32)),
        (None, None) => None,
    };
    let u16_field = |name: &'static str, bounds: Bounds| {
        o.opt(name)
            .map(|v| integer(v, &at.field(name), bounds).map(|n| n as u16))
            .transpose()
    };
    Ok(Inject {
        flags,
        seq,
        ack,
        window: u16_field("window", Bounds::new(0, u16::MAX as u64, Unit::Bytes))?,
        data,
        mss: u16_field("mss", Config::MSS)?,
        src_port: u16_field("src_port", PORT_BOUNDS)?,
        dst_port: u16_field("dst_port", PORT_BOUNDS)?,
    })
}
