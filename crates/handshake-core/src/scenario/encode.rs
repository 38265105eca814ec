//! Writing a scenario file: the format `decode` reads, fields in the order of
//! `docs/scenario-format.md`.

use alloc::string::String;
use alloc::vec::Vec;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use super::{AppScript, FaultRule, Match, Scenario, Text};
use crate::config::{Config, Profile};
use crate::segment::Flags;
use crate::time::JsonMillis;
use crate::vocab::{Action, SendData, Side, TimedAction, TxId, UserCall};

/// One value when both directions agree, else `{"client_to_server": …, "server_to_client": …}`.
fn per_dir_value<T: Serialize + PartialEq>(v: &[T; 2]) -> Value {
    if v[0] == v[1] {
        serde_json::to_value(&v[0]).unwrap_or(Value::Null)
    } else {
        let mut m = Map::new();
        for side in Side::BOTH {
            m.insert(
                super::dir_name(side).into(),
                serde_json::to_value(&v[side.index()]).unwrap_or(Value::Null),
            );
        }
        Value::Object(m)
    }
}

impl Serialize for TimedAction {
    /// One entry of `actions`: `{"at_ms": 500, "side": "client", "call": "send", "data": "hi"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("at_ms", &JsonMillis(self.at.total_micros()))?;
        match &self.action {
            Action::Call { side, call } => {
                m.serialize_entry("side", side)?;
                m.serialize_entry("call", call.name())?;
                match call {
                    UserCall::Send(SendData::Text(t)) => m.serialize_entry("data", t)?,
                    UserCall::Send(SendData::Pattern(n)) => m.serialize_entry("len", n)?,
                    _ => {}
                }
            }
            Action::Fault { target, fault } => {
                m.serialize_entry("fault", fault)?;
                m.serialize_entry("target", target)?;
            }
            Action::Release { target } => m.serialize_entry("release", target)?,
            Action::Arm { side, fault } => {
                m.serialize_entry("side", side)?;
                m.serialize_entry("arm", fault)?;
            }
            Action::SetLoss { side, probability } => {
                m.serialize_entry("side", side)?;
                m.serialize_entry("loss", probability)?;
            }
        }
        m.end()
    }
}

/// `{"match": {…}, "fault": …}`.
#[derive(Serialize)]
struct RuleOut {
    #[serde(rename = "match")]
    matcher: MatchOut,
    fault: crate::vocab::Fault,
}

#[derive(Default, Serialize)]
struct MatchOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<TxId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<Flags>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retransmission: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nth: Option<u32>,
}

fn rule_out(r: &FaultRule) -> RuleOut {
    let matcher = match &r.matcher {
        Match::Id(id) => MatchOut {
            id: Some(*id),
            ..MatchOut::default()
        },
        Match::Rule {
            from,
            flags,
            payload,
            retransmission,
            nth,
        } => MatchOut {
            id: None,
            from: *from,
            flags: *flags,
            payload: *payload,
            retransmission: *retransmission,
            nth: *nth,
        },
    };
    RuleOut {
        matcher,
        fault: r.fault,
    }
}

/// Configuration fields in file order (`serde_json::Map` would sort them).
#[derive(Default)]
struct FieldsOut(Vec<(&'static str, Value)>);

impl FieldsOut {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for FieldsOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct AppsOut {
    #[serde(skip_serializing_if = "is_default")]
    client: AppScript,
    #[serde(skip_serializing_if = "is_default")]
    server: AppScript,
}

fn is_default(a: &AppScript) -> bool {
    *a == AppScript::default()
}

impl Scenario {
    /// The scenario as a pretty-printed JSON file that [`Scenario::from_json`] reads back,
    /// fields in the order of `docs/scenario-format.md`. The endpoint configuration is written
    /// over the `profile`: only the fields that do not follow it ([`Scenario::own_fields`]) —
    /// in `config.endpoint` those both sides have with the same value, in `config.client` /
    /// `config.server` the others — so the file read back under another profile keeps them.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct ConfigOut {
            latency_ms: Value,
            client_port: u16,
            server_port: u16,
            loss: Value,
            #[serde(skip_serializing_if = "FieldsOut::is_empty")]
            endpoint: FieldsOut,
            #[serde(skip_serializing_if = "FieldsOut::is_empty")]
            client: FieldsOut,
            #[serde(skip_serializing_if = "FieldsOut::is_empty")]
            server: FieldsOut,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            seed: u64,
            #[serde(skip_serializing_if = "Option::is_none")]
            title: Option<&'a Text>,
            #[serde(skip_serializing_if = "Option::is_none")]
            notice: Option<&'a Text>,
            profile: Profile,
            config: ConfigOut,
            apps: AppsOut,
            actions: &'a [TimedAction],
            faults: Vec<RuleOut>,
            #[serde(skip_serializing_if = "Option::is_none")]
            end_ms: Option<JsonMillis>,
        }
        let lat = [
            JsonMillis(self.net.latency[0].total_micros()),
            JsonMillis(self.net.latency[1].total_micros()),
        ];
        let fields = |c: &Config| match serde_json::to_value(c) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let (c, s) = (fields(&self.client), fields(&self.server));
        let (own_c, own_s) = (self.own_fields(Side::Client), self.own_fields(Side::Server));
        let (mut endpoint, mut client, mut server) = (
            FieldsOut::default(),
            FieldsOut::default(),
            FieldsOut::default(),
        );
        for field in own_c.union(own_s).iter() {
            let name = field.name();
            let (Some(cv), Some(sv)) = (c.get(name), s.get(name)) else {
                continue;
            };
            match (own_c.contains(field), own_s.contains(field)) {
                (true, true) if cv == sv => endpoint.0.push((name, cv.clone())),
                (own_client, own_server) => {
                    if own_client {
                        client.0.push((name, cv.clone()));
                    }
                    if own_server {
                        server.0.push((name, sv.clone()));
                    }
                }
            }
        }
        let out = Out {
            seed: self.seed,
            title: self.title.as_ref(),
            notice: self.notice.as_ref(),
            profile: self.profile,
            config: ConfigOut {
                latency_ms: per_dir_value(&lat),
                client_port: self.net.client_port,
                server_port: self.net.server_port,
                loss: per_dir_value(&self.net.loss),
                endpoint,
                client,
                server,
            },
            apps: AppsOut {
                client: self.apps[0],
                server: self.apps[1],
            },
            actions: &self.actions,
            faults: self.faults.iter().map(rule_out).collect(),
            end_ms: self.end.map(|e| JsonMillis(e.total_micros())),
        };
        let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
        s.push('\n');
        s
    }
}
