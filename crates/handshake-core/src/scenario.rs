//! Scenarios: everything a run depends on — seed, link and endpoint configuration, a timeline
//! of user actions, fault rules and an end time. The same scenario replays identically
//! everywhere.
//!
//! With the `serde` feature a scenario reads from and writes to JSON (`docs/scenario-format.md`).
//! A malformed file gets an error naming the field path and the problem; with `std` the path
//! comes from `serde_path_to_error` for every field (`config.latency_ms: invalid type: …`),
//! without it only the checks done after parsing carry one.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::config::Config;
use crate::segment::{Flags, Segment};
use crate::sim::{Action, Fault, Side, TimedAction, TxId, UserCall};
use crate::time::{Duration, Instant};

/// The reference profile's one-way latency (reference scenarios §0.2).
pub const REFERENCE_LATENCY: Duration = Duration::from_millis(100);
/// Default client port (an ephemeral port).
pub const DEFAULT_CLIENT_PORT: u16 = 40000;
/// Default server port (no well-known service, so Wireshark shows plain TCP).
pub const DEFAULT_SERVER_PORT: u16 = 5555;
/// The longest scenario the checks accept: one day of virtual time.
pub const MAX_TIME: Duration = Duration::from_secs(24 * 3600);

/// A text in both languages of the app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Text {
    pub en: String,
    pub ko: String,
}

/// The link between the two endpoints.
#[derive(Clone, Debug, PartialEq)]
pub struct Net {
    /// One-way latency of segments sent by each side (index with [`Side::index`]).
    pub latency: [Duration; 2],
    pub client_port: u16,
    pub server_port: u16,
    /// Random loss probability of segments sent by each side.
    pub loss: [f64; 2],
}

impl Default for Net {
    fn default() -> Net {
        Net {
            latency: [REFERENCE_LATENCY; 2],
            client_port: DEFAULT_CLIENT_PORT,
            server_port: DEFAULT_SERVER_PORT,
            loss: [0.0; 2],
        }
    }
}

/// A scripted application's reactions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct AppScript {
    /// Call `close()` as soon as the peer's end of stream is read, in the same step, so the FIN
    /// rides on the ACK of the peer's FIN (a three-segment close).
    pub close_on_eof: bool,
}

/// Which transmissions a fault rule applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    /// Exactly this transmission.
    Id(TxId),
    /// Segments with all the given properties; `nth` picks the n-th such segment (1-based), or
    /// every one when absent.
    Rule {
        from: Option<Side>,
        /// The segment carries all of these flags (it may carry others).
        flags: Option<Flags>,
        /// Whether it carries data.
        payload: Option<bool>,
        /// Whether the sender marked it as a retransmission.
        retransmission: Option<bool>,
        nth: Option<u32>,
    },
}

impl Match {
    /// Everything but the `nth` count (the simulator keeps the counts).
    pub fn matches_except_nth(&self, id: TxId, seg: &Segment, retransmission: bool) -> bool {
        match self {
            Match::Id(want) => *want == id,
            Match::Rule {
                from,
                flags,
                payload,
                retransmission: rtx,
                nth: _,
            } => {
                from.is_none_or(|s| s == id.side)
                    && flags.is_none_or(|f| seg.flags.contains(f))
                    && payload.is_none_or(|p| p != seg.payload.is_empty())
                    && rtx.is_none_or(|r| r == retransmission)
            }
        }
    }
}

/// A fault applied by rule, decided when a matching segment is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultRule {
    pub matcher: Match,
    pub fault: Fault,
}

/// Everything a run depends on.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub seed: u64,
    pub title: Option<Text>,
    /// One line: what to notice.
    pub notice: Option<Text>,
    pub net: Net,
    pub client: Config,
    pub server: Config,
    /// Scripted applications (index with [`Side::index`]).
    pub apps: [AppScript; 2],
    /// User actions at their times; at equal times they run in this order.
    pub actions: Vec<TimedAction>,
    /// At most one rule applies to a segment: the first that matches.
    pub faults: Vec<FaultRule>,
    /// Stop here; `None` runs until nothing is left to happen.
    pub end: Option<Instant>,
}

impl Default for Scenario {
    /// The reference profile, no actions.
    fn default() -> Scenario {
        Scenario {
            seed: 0,
            title: None,
            notice: None,
            net: Net::default(),
            client: Config::default(),
            server: Config::default(),
            apps: [AppScript::default(); 2],
            actions: Vec::new(),
            faults: Vec::new(),
            end: None,
        }
    }
}

impl Scenario {
    /// Adds an action at `ms` milliseconds (builder style, for tests and code).
    pub fn at(mut self, ms: u64, action: Action) -> Scenario {
        self.actions.push(TimedAction {
            at: Instant::from_millis(ms),
            action,
        });
        self
    }
    /// Adds a user call at `ms` (builder style).
    pub fn call(self, ms: u64, side: Side, call: UserCall) -> Scenario {
        self.at(ms, Action::Call { side, call })
    }
    /// Adds a fault rule (builder style).
    pub fn fault(mut self, matcher: Match, fault: Fault) -> Scenario {
        self.faults.push(FaultRule { matcher, fault });
        self
    }

    /// The checks a parsed file or a hand-built scenario must pass. Paths name the file fields.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        for side in Side::BOTH {
            let p = self.net.loss[side.index()];
            if !(0.0..=1.0).contains(&p) {
                return Err(ScenarioError::at(
                    alloc::format!("config.loss.{}", dir_name(side)),
                    alloc::format!("{p} is not a probability between 0 and 1"),
                ));
            }
            if self.net.latency[side.index()] > Duration::from_secs(3600) {
                return Err(ScenarioError::at(
                    alloc::format!("config.latency_ms.{}", dir_name(side)),
                    "must be at most one hour",
                ));
            }
            let cfg = match side {
                Side::Client => &self.client,
                Side::Server => &self.server,
            };
            if let Err((field, why)) = cfg.validate() {
                return Err(ScenarioError::at(
                    alloc::format!("config.{side}.{field}"),
                    why,
                ));
            }
        }
        if self.net.client_port == 0 || self.net.server_port == 0 {
            return Err(ScenarioError::at("config", "ports must not be 0"));
        }
        let max = Instant::ZERO + MAX_TIME;
        for (i, a) in self.actions.iter().enumerate() {
            if a.at > max {
                return Err(ScenarioError::at(
                    alloc::format!("actions[{i}].at_ms"),
                    "must be at most one day",
                ));
            }
            if let Some(end) = self.end {
                if a.at > end {
                    return Err(ScenarioError::at(
                        "end_ms",
                        alloc::format!(
                            "{} ms is before actions[{i}] at {} ms",
                            fmt_ms(end.total_micros()),
                            fmt_ms(a.at.total_micros())
                        ),
                    ));
                }
            }
            if let Action::SetLoss { probability, .. } = a.action {
                if !(0.0..=1.0).contains(&probability) {
                    return Err(ScenarioError::at(
                        alloc::format!("actions[{i}].loss"),
                        alloc::format!("{probability} is not a probability between 0 and 1"),
                    ));
                }
            }
        }
        for (i, r) in self.faults.iter().enumerate() {
            if let Match::Rule { nth: Some(0), .. } = r.matcher {
                return Err(ScenarioError::at(
                    alloc::format!("faults[{i}].match.nth"),
                    "counts from 1",
                ));
            }
        }
        if let Some(end) = self.end {
            if end > max {
                return Err(ScenarioError::at("end_ms", "must be at most one day"));
            }
        }
        Ok(())
    }
}

fn dir_name(side: Side) -> &'static str {
    match side {
        Side::Client => "client_to_server",
        Side::Server => "server_to_client",
    }
}

/// Milliseconds from microseconds: `1500`, `0.25`.
fn fmt_ms(micros: u64) -> String {
    if micros % 1000 == 0 {
        alloc::format!("{}", micros / 1000)
    } else {
        alloc::format!("{}", micros as f64 / 1000.0)
    }
}

/// A scenario that cannot be used: the field path (`actions[2].side`; empty for the whole file)
/// and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub path: String,
    pub message: String,
}

impl ScenarioError {
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ScenarioError {}

#[cfg(feature = "serde")]
pub use json::{ActionRepr, action_from_repr};

#[cfg(feature = "serde")]
pub(crate) mod json {
    //! The JSON form. Parsing goes through plain "repr" structs (every field optional where the
    //! format allows, `deny_unknown_fields` everywhere), then a conversion that checks what serde
    //! cannot and names the path itself.

    use super::*;
    use alloc::borrow::ToOwned;
    use alloc::string::ToString;
    use serde::de::{self, Deserializer, MapAccess, Visitor};
    use serde::{Deserialize, Serialize, Serializer};
    use serde_json::{Map, Value};

    // ----- small value types ---------------------------------------------------------------

    /// Milliseconds in a file: a non-negative number, whole or fractional (kept in µs).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) struct Millis(pub u64);

    impl Millis {
        fn duration(self) -> Duration {
            Duration::from_micros(self.0)
        }
        fn instant(self) -> Instant {
            Instant::from_micros(self.0)
        }
    }

    impl Serialize for Millis {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            if self.0 % 1000 == 0 {
                s.serialize_u64(self.0 / 1000)
            } else {
                s.serialize_f64(self.0 as f64 / 1000.0)
            }
        }
    }

    impl<'de> Deserialize<'de> for Millis {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Millis, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Millis;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a number of milliseconds")
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<Millis, E> {
                    if v > MAX_TIME.total_millis() {
                        return Err(E::custom("must be at most one day (86400000 ms)"));
                    }
                    Ok(Millis(v * 1000))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<Millis, E> {
                    if v < 0 {
                        return Err(E::custom(alloc::format!("{v} is negative")));
                    }
                    self.visit_u64(v as u64)
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<Millis, E> {
                    if v.is_nan() || v < 0.0 {
                        return Err(E::custom(alloc::format!("{v} is negative")));
                    }
                    if v > MAX_TIME.total_millis() as f64 {
                        return Err(E::custom("must be at most one day (86400000 ms)"));
                    }
                    Ok(Millis((v * 1000.0 + 0.5) as u64))
                }
            }
            d.deserialize_any(V)
        }
    }

    /// One value for both directions, or one per direction.
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub(crate) struct PerDir<T>([T; 2]);

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Each<T> {
        client_to_server: T,
        server_to_client: T,
    }

    impl<'de, T: Deserialize<'de> + Copy> Deserialize<'de> for PerDir<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PerDir<T>, D::Error> {
            struct V<T>(core::marker::PhantomData<T>);
            impl<'de, T: Deserialize<'de> + Copy> Visitor<'de> for V<T> {
                type Value = PerDir<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a number, or {\"client_to_server\": …, \"server_to_client\": …}")
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<PerDir<T>, E> {
                    let t = T::deserialize(de::value::U64Deserializer::<E>::new(v))?;
                    Ok(PerDir([t, t]))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<PerDir<T>, E> {
                    let t = T::deserialize(de::value::I64Deserializer::<E>::new(v))?;
                    Ok(PerDir([t, t]))
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<PerDir<T>, E> {
                    let t = T::deserialize(de::value::F64Deserializer::<E>::new(v))?;
                    Ok(PerDir([t, t]))
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PerDir<T>, A::Error> {
                    let e = Each::<T>::deserialize(de::value::MapAccessDeserializer::new(map))?;
                    Ok(PerDir([e.client_to_server, e.server_to_client]))
                }
            }
            d.deserialize_any(V(core::marker::PhantomData))
        }
    }

    fn per_dir_value<T: Serialize + PartialEq>(v: &[T; 2]) -> Value {
        if v[0] == v[1] {
            serde_json::to_value(&v[0]).unwrap_or(Value::Null)
        } else {
            let mut m = Map::new();
            m.insert(
                "client_to_server".into(),
                serde_json::to_value(&v[0]).unwrap_or(Value::Null),
            );
            m.insert(
                "server_to_client".into(),
                serde_json::to_value(&v[1]).unwrap_or(Value::Null),
            );
            Value::Object(m)
        }
    }

    impl Serialize for Fault {
        /// `"drop"`, `"hold"`, `"duplicate"` or `{"delay_ms": 300}`.
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            match self {
                Fault::Delay(d) => {
                    let mut m = s.serialize_map(Some(1))?;
                    m.serialize_entry("delay_ms", &Millis(d.total_micros()))?;
                    m.end()
                }
                other => s.serialize_str(other.name()),
            }
        }
    }

    impl<'de> Deserialize<'de> for Fault {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fault, D::Error> {
            const NAMES: &[&str] = &["drop", "hold", "duplicate", "{\"delay_ms\": …}"];
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct DelayRepr {
                delay_ms: Millis,
            }
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Fault;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("\"drop\", \"hold\", \"duplicate\" or {\"delay_ms\": …}")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Fault, E> {
                    match v {
                        "drop" => Ok(Fault::Drop),
                        "hold" => Ok(Fault::Hold),
                        "duplicate" => Ok(Fault::Duplicate),
                        other => Err(E::unknown_variant(other, NAMES)),
                    }
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Fault, A::Error> {
                    let r = DelayRepr::deserialize(de::value::MapAccessDeserializer::new(map))?;
                    Ok(Fault::Delay(r.delay_ms.duration()))
                }
            }
            d.deserialize_any(V)
        }
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum CallName {
        Listen,
        Connect,
        Send,
        Close,
        Abort,
    }

    // ----- actions -------------------------------------------------------------------------

    /// One entry of `actions` as written in a file: `at_ms` and exactly one of `call`, `fault`,
    /// `release`, `arm`, `loss` with the fields that go with it.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ActionRepr {
        #[serde(skip_serializing_if = "Option::is_none")]
        at_ms: Option<Millis>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        side: Option<Side>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        call: Option<CallName>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        len: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fault: Option<Fault>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target: Option<TxId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        release: Option<TxId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        arm: Option<Fault>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        loss: Option<f64>,
    }

    impl ActionRepr {
        fn from_action(a: &TimedAction) -> ActionRepr {
            let mut r = ActionRepr {
                at_ms: Some(Millis(a.at.total_micros())),
                ..ActionRepr::default()
            };
            match &a.action {
                Action::Call { side, call } => {
                    r.side = Some(*side);
                    r.call = Some(match call {
                        UserCall::Listen => CallName::Listen,
                        UserCall::Connect => CallName::Connect,
                        UserCall::Send(d) => {
                            match d {
                                crate::sim::SendData::Text(s) => r.data = Some(s.clone()),
                                crate::sim::SendData::Pattern(n) => r.len = Some(*n),
                            }
                            CallName::Send
                        }
                        UserCall::Close => CallName::Close,
                        UserCall::Abort => CallName::Abort,
                    });
                }
                Action::Fault { target, fault } => {
                    r.fault = Some(*fault);
                    r.target = Some(*target);
                }
                Action::Release { target } => r.release = Some(*target),
                Action::Arm { side, fault } => {
                    r.side = Some(*side);
                    r.arm = Some(*fault);
                }
                Action::SetLoss { side, probability } => {
                    r.side = Some(*side);
                    r.loss = Some(*probability);
                }
            }
            r
        }
    }

    /// Converts one file entry; errors are `(field, message)` relative to the entry.
    pub fn action_from_repr(r: &ActionRepr) -> Result<TimedAction, (&'static str, String)> {
        let at = r
            .at_ms
            .ok_or(("at_ms", "missing field `at_ms`".to_owned()))?
            .instant();
        let kinds = [
            r.call.is_some(),
            r.fault.is_some(),
            r.release.is_some(),
            r.arm.is_some(),
            r.loss.is_some(),
        ];
        let n = kinds.iter().filter(|k| **k).count();
        if n != 1 {
            return Err((
                "",
                alloc::format!(
                    "give exactly one of `call`, `fault`, `release`, `arm`, `loss` (found {n})"
                ),
            ));
        }
        let need_side = || {
            r.side.ok_or((
                "side",
                "missing field `side` (\"client\" or \"server\")".to_owned(),
            ))
        };
        let no = |field: &'static str, present: bool, what: &str| {
            if present {
                Err((field, alloc::format!("not allowed with `{what}`")))
            } else {
                Ok(())
            }
        };
        let action = if let Some(call) = r.call {
            let side = need_side()?;
            no("target", r.target.is_some(), "call")?;
            let call = match call {
                CallName::Listen => UserCall::Listen,
                CallName::Connect => UserCall::Connect,
                CallName::Close => UserCall::Close,
                CallName::Abort => UserCall::Abort,
                CallName::Send => match (&r.data, r.len) {
                    (Some(d), None) => UserCall::Send(crate::sim::SendData::Text(d.clone())),
                    (None, Some(n)) => {
                        if n > 10_000_000 {
                            return Err(("len", "must be at most 10000000 bytes".to_owned()));
                        }
                        UserCall::Send(crate::sim::SendData::Pattern(n))
                    }
                    _ => {
                        return Err((
                            "",
                            "a send needs exactly one of `data` (text) or `len` (a byte count)"
                                .to_owned(),
                        ));
                    }
                },
            };
            if call.name() != "send" {
                no("data", r.data.is_some(), call.name())?;
                no("len", r.len.is_some(), call.name())?;
            }
            Action::Call { side, call }
        } else {
            no("data", r.data.is_some(), "a non-call action")?;
            no("len", r.len.is_some(), "a non-call action")?;
            if let Some(fault) = r.fault {
                no(
                    "side",
                    r.side.is_some(),
                    "fault (the target names the segment)",
                )?;
                let target = r.target.ok_or((
                    "target",
                    "missing field `target` (a transmission id such as \"C2\")".to_owned(),
                ))?;
                Action::Fault { target, fault }
            } else {
                no("target", r.target.is_some(), "this action")?;
                if let Some(target) = r.release {
                    no("side", r.side.is_some(), "release")?;
                    Action::Release { target }
                } else if let Some(fault) = r.arm {
                    Action::Arm {
                        side: need_side()?,
                        fault,
                    }
                } else {
                    let p = r.loss.unwrap_or(0.0);
                    if !(0.0..=1.0).contains(&p) {
                        return Err((
                            "loss",
                            alloc::format!("{p} is not a probability between 0 and 1"),
                        ));
                    }
                    Action::SetLoss {
                        side: need_side()?,
                        probability: p,
                    }
                }
            }
        };
        Ok(TimedAction { at, action })
    }

    impl Serialize for TimedAction {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            ActionRepr::from_action(self).serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for TimedAction {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TimedAction, D::Error> {
            let r = ActionRepr::deserialize(d)?;
            action_from_repr(&r).map_err(|(field, msg)| {
                if field.is_empty() {
                    de::Error::custom(msg)
                } else {
                    de::Error::custom(alloc::format!("{field}: {msg}"))
                }
            })
        }
    }

    // ----- fault rules ---------------------------------------------------------------------

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct MatchRepr {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<TxId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Side>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        flags: Option<Flags>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        payload: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retransmission: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nth: Option<u32>,
    }

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct FaultRuleRepr {
        #[serde(rename = "match")]
        matcher: MatchRepr,
        fault: Fault,
    }

    fn rule_from_repr(r: &FaultRuleRepr) -> Result<FaultRule, (&'static str, String)> {
        let m = &r.matcher;
        let matcher = if let Some(id) = m.id {
            if m.from.is_some()
                || m.flags.is_some()
                || m.payload.is_some()
                || m.retransmission.is_some()
                || m.nth.is_some()
            {
                return Err((
                    "match",
                    "`id` names one transmission; it cannot be combined with other fields"
                        .to_owned(),
                ));
            }
            if id.copy != 0 {
                return Err((
                    "match.id",
                    "rules apply to endpoint transmissions, not link copies".to_owned(),
                ));
            }
            Match::Id(id)
        } else {
            if m.nth == Some(0) {
                return Err(("match.nth", "counts from 1".to_owned()));
            }
            Match::Rule {
                from: m.from,
                flags: m.flags,
                payload: m.payload,
                retransmission: m.retransmission,
                nth: m.nth,
            }
        };
        Ok(FaultRule {
            matcher,
            fault: r.fault,
        })
    }

    fn rule_to_repr(r: &FaultRule) -> FaultRuleRepr {
        let matcher = match &r.matcher {
            Match::Id(id) => MatchRepr {
                id: Some(*id),
                ..MatchRepr::default()
            },
            Match::Rule {
                from,
                flags,
                payload,
                retransmission,
                nth,
            } => MatchRepr {
                id: None,
                from: *from,
                flags: *flags,
                payload: *payload,
                retransmission: *retransmission,
                nth: *nth,
            },
        };
        FaultRuleRepr {
            matcher,
            fault: r.fault,
        }
    }

    // ----- the file ------------------------------------------------------------------------

    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NetRepr {
        #[serde(default)]
        latency_ms: Option<PerDir<Millis>>,
        #[serde(default)]
        client_port: Option<u16>,
        #[serde(default)]
        server_port: Option<u16>,
        #[serde(default)]
        loss: Option<PerDir<f64>>,
        /// Endpoint `Config` fields for both sides.
        #[serde(default)]
        endpoint: Option<Map<String, Value>>,
        /// Overrides for one side.
        #[serde(default)]
        client: Option<Map<String, Value>>,
        #[serde(default)]
        server: Option<Map<String, Value>>,
    }

    #[derive(Debug, Default, Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    struct AppsRepr {
        #[serde(default, skip_serializing_if = "is_default")]
        client: AppScript,
        #[serde(default, skip_serializing_if = "is_default")]
        server: AppScript,
    }

    fn is_default(a: &AppScript) -> bool {
        *a == AppScript::default()
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ScenarioRepr {
        #[serde(default)]
        seed: u64,
        #[serde(default)]
        title: Option<Text>,
        #[serde(default)]
        notice: Option<Text>,
        #[serde(default)]
        config: NetRepr,
        #[serde(default)]
        apps: AppsRepr,
        #[serde(default)]
        actions: Vec<ActionRepr>,
        #[serde(default)]
        faults: Vec<FaultRuleRepr>,
        #[serde(default)]
        end_ms: Option<Millis>,
    }

    #[cfg(feature = "std")]
    fn parse_with_path<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, (String, String)>
    where
        D::Error: fmt::Display,
    {
        serde_path_to_error::deserialize(d).map_err(|e| {
            let path = e.path().to_string();
            // `.` is the root; `?` means serde_path_to_error could not tell (a syntax error).
            let path = if path == "." || path == "?" {
                String::new()
            } else {
                path
            };
            (path, e.into_inner().to_string())
        })
    }

    /// Deserializes one `Config` layer (a JSON object), errors relative to it.
    fn config_from(map: &Map<String, Value>) -> Result<Config, (String, String)> {
        let v = Value::Object(map.clone());
        #[cfg(feature = "std")]
        {
            parse_with_path(v)
        }
        #[cfg(not(feature = "std"))]
        {
            serde_json::from_value(v).map_err(|e| (String::new(), e.to_string()))
        }
    }

    fn join(prefix: &str, rest: &str) -> String {
        if rest.is_empty() {
            prefix.to_owned()
        } else {
            alloc::format!("{prefix}.{rest}")
        }
    }

    impl Scenario {
        /// Parses and checks a scenario file.
        pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
            // serde would also read a struct from an array of its fields in order; a scenario
            // written that way is a mistake, so say what a file looks like instead.
            if !text.trim_start().starts_with('{') {
                return Err(ScenarioError::at(
                    "",
                    "a scenario file is one JSON object: {\"seed\": …, \"actions\": […], …}",
                ));
            }
            #[cfg(feature = "std")]
            let repr: ScenarioRepr = {
                let mut de = serde_json::Deserializer::from_str(text);
                let r = parse_with_path(&mut de).map_err(|(p, m)| ScenarioError::at(p, m))?;
                de.end().map_err(|e| ScenarioError::at("", e.to_string()))?;
                r
            };
            #[cfg(not(feature = "std"))]
            let repr: ScenarioRepr =
                serde_json::from_str(text).map_err(|e| ScenarioError::at("", e.to_string()))?;
            let s = repr.resolve()?;
            s.validate()?;
            Ok(s)
        }

        /// The scenario as a pretty-printed JSON file that [`Scenario::from_json`] reads back,
        /// fields in the order of `docs/scenario-format.md`. `config.endpoint` holds the
        /// client's configuration and `config.server` only what differs on the server.
        pub fn to_json(&self) -> String {
            #[derive(Serialize)]
            struct ConfigOut<'a> {
                latency_ms: Value,
                client_port: u16,
                server_port: u16,
                loss: Value,
                endpoint: &'a Config,
                #[serde(skip_serializing_if = "Option::is_none")]
                server: Option<Map<String, Value>>,
            }
            #[derive(Serialize)]
            struct Out<'a> {
                seed: u64,
                #[serde(skip_serializing_if = "Option::is_none")]
                title: Option<&'a Text>,
                #[serde(skip_serializing_if = "Option::is_none")]
                notice: Option<&'a Text>,
                config: ConfigOut<'a>,
                apps: AppsRepr,
                actions: &'a [TimedAction],
                faults: Vec<FaultRuleRepr>,
                #[serde(skip_serializing_if = "Option::is_none")]
                end_ms: Option<Millis>,
            }
            let lat = [
                Millis(self.net.latency[0].total_micros()),
                Millis(self.net.latency[1].total_micros()),
            ];
            let server = match (
                serde_json::to_value(&self.client),
                serde_json::to_value(&self.server),
            ) {
                (Ok(Value::Object(c)), Ok(Value::Object(s))) => {
                    let diff: Map<String, Value> =
                        s.into_iter().filter(|(k, v)| c.get(k) != Some(v)).collect();
                    (!diff.is_empty()).then_some(diff)
                }
                _ => None,
            };
            let out = Out {
                seed: self.seed,
                title: self.title.as_ref(),
                notice: self.notice.as_ref(),
                config: ConfigOut {
                    latency_ms: per_dir_value(&lat),
                    client_port: self.net.client_port,
                    server_port: self.net.server_port,
                    loss: per_dir_value(&self.net.loss),
                    endpoint: &self.client,
                    server,
                },
                apps: AppsRepr {
                    client: self.apps[0],
                    server: self.apps[1],
                },
                actions: &self.actions,
                faults: self.faults.iter().map(rule_to_repr).collect(),
                end_ms: self.end.map(|e| Millis(e.total_micros())),
            };
            let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
            s.push('\n');
            s
        }
    }

    impl ScenarioRepr {
        fn resolve(self) -> Result<Scenario, ScenarioError> {
            let mut s = Scenario {
                seed: self.seed,
                title: self.title,
                notice: self.notice,
                ..Scenario::default()
            };
            let c = self.config;
            if let Some(PerDir(l)) = c.latency_ms {
                s.net.latency = [l[0].duration(), l[1].duration()];
            }
            if let Some(p) = c.client_port {
                s.net.client_port = p;
            }
            if let Some(p) = c.server_port {
                s.net.server_port = p;
            }
            if let Some(PerDir(l)) = c.loss {
                s.net.loss = l;
            }
            // Layers: the defaults, then `endpoint`, then the side's own overrides. Each layer is
            // first read alone so an error names the layer it is in.
            let base = c.endpoint.unwrap_or_default();
            config_from(&base)
                .map_err(|(p, m)| ScenarioError::at(join("config.endpoint", &p), m))?;
            for side in Side::BOTH {
                let over = match side {
                    Side::Client => c.client.as_ref(),
                    Side::Server => c.server.as_ref(),
                };
                let mut merged = base.clone();
                if let Some(over) = over {
                    let prefix = alloc::format!("config.{side}");
                    config_from(over).map_err(|(p, m)| ScenarioError::at(join(&prefix, &p), m))?;
                    merged.extend(over.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                let cfg = config_from(&merged)
                    .map_err(|(p, m)| ScenarioError::at(join("config", &p), m))?;
                if let Err((field, why)) = cfg.validate() {
                    let layer = if over.is_some_and(|o| o.contains_key(field))
                        || !base.contains_key(field)
                    {
                        side.name()
                    } else {
                        "endpoint"
                    };
                    return Err(ScenarioError::at(
                        alloc::format!("config.{layer}.{field}"),
                        why,
                    ));
                }
                match side {
                    Side::Client => s.client = cfg,
                    Side::Server => s.server = cfg,
                }
            }
            s.apps = [self.apps.client, self.apps.server];
            for (i, a) in self.actions.iter().enumerate() {
                let action = action_from_repr(a).map_err(|(field, msg)| {
                    ScenarioError::at(join(&alloc::format!("actions[{i}]"), field), msg)
                })?;
                s.actions.push(action);
            }
            for (i, r) in self.faults.iter().enumerate() {
                let rule = rule_from_repr(r).map_err(|(field, msg)| {
                    ScenarioError::at(join(&alloc::format!("faults[{i}]"), field), msg)
                })?;
                s.faults.push(rule);
            }
            s.end = self.end_ms.map(Millis::instant);
            Ok(s)
        }
    }
}
