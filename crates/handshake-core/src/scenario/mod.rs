//! Scenarios: everything a run depends on — seed, link and endpoint configuration, a timeline
//! of user actions, fault rules and an end time. The same scenario replays identically
//! everywhere.
//!
//! With the `serde` feature a scenario reads from and writes to JSON (`docs/scenario-format.md`):
//! [`Scenario::from_json`] walks the parsed JSON by hand (`decode`), so every error — a syntax
//! error, an unknown field, a wrong type, a value out of range — is a typed
//! [`ScenarioErrorKind`] at a field path (`actions[2].side`), with or without `std`, and another
//! crate can word it in any language. [`Scenario::to_json`] writes the same format (`encode`).

mod error;

#[cfg(feature = "serde")]
mod decode;
#[cfg(feature = "serde")]
mod encode;

use alloc::string::String;
use alloc::vec::Vec;

use crate::config::{Bounds, Config, ConfigFields, OutOfRange, Profile, Unit};
use crate::segment::{Flags, Segment};
use crate::time::{Duration, Instant};
use crate::vocab::{Action, Fault, Side, TimedAction, TxId, UserCall};

pub use error::{Expected, JsonType, ScenarioError, ScenarioErrorKind};

/// The reference profile's one-way latency (reference scenarios §0.2).
pub const REFERENCE_LATENCY: Duration = Duration::from_millis(100);
/// Default client port (an ephemeral port).
pub const DEFAULT_CLIENT_PORT: u16 = 40000;
/// Default server port (no well-known service, so Wireshark shows plain TCP).
pub const DEFAULT_SERVER_PORT: u16 = 5555;
/// The longest scenario the checks accept: one day of virtual time.
pub const MAX_TIME: Duration = Duration::from_secs(24 * 3600);
/// Times in a file (`at_ms`, `end_ms`, `delay_ms`): up to one day.
pub const TIME_BOUNDS: Bounds = Bounds::new(0, MAX_TIME.total_millis(), Unit::Milliseconds);
/// A link's one-way latency: up to one hour.
pub const LATENCY_BOUNDS: Bounds = Bounds::new(0, 3_600_000, Unit::Milliseconds);
/// A port.
pub const PORT_BOUNDS: Bounds = Bounds::new(1, u16::MAX as u64, Unit::Port);
/// A random loss probability.
pub const PROBABILITY_BOUNDS: Bounds = Bounds {
    min: 0,
    max: Some(1),
    unit: Unit::Probability,
};
/// The most bytes one `send` action may ask for (`len`).
pub const SEND_LEN_BOUNDS: Bounds = Bounds::new(0, 10_000_000, Unit::Bytes);
/// `nth` in a fault rule counts from 1.
pub const NTH_BOUNDS: Bounds = Bounds::new(1, u32::MAX as u64, Unit::Count);

/// A text in both languages of the app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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

/// Which endpoint `Config` fields a scenario set itself, per side (index with [`Side::index`]),
/// so that a change of profile keeps them ([`Scenario::set_profile`]). It is where the values
/// came from, not what they are: two scenarios that differ only here run the same, and compare
/// equal.
#[derive(Clone, Copy, Debug, Default)]
pub struct Explicit(pub [ConfigFields; 2]);

impl PartialEq for Explicit {
    fn eq(&self, _: &Explicit) -> bool {
        true
    }
}

/// Everything a run depends on.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub seed: u64,
    pub title: Option<Text>,
    /// One line: what to notice.
    pub notice: Option<Text>,
    pub net: Net,
    /// The defaults `client` and `server` were built from (`"profile"` in a file).
    pub profile: Profile,
    /// The fields of `client` and `server` the file set over the profile.
    pub explicit: Explicit,
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
            profile: Profile::Rfc,
            explicit: Explicit::default(),
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
    /// One side's endpoint configuration.
    pub fn config(&self, side: Side) -> &Config {
        match side {
            Side::Client => &self.client,
            Side::Server => &self.server,
        }
    }
    /// The fields of `side`'s configuration that do not follow the profile: set by the file, or
    /// changed since (by code, or the app's settings) to a value other than the profile's.
    pub fn own_fields(&self, side: Side) -> ConfigFields {
        self.explicit.0[side.index()].union(self.config(side).differing(&self.profile.config()))
    }

    /// Switches both endpoints to `profile`'s defaults, keeping the fields the scenario set
    /// itself ([`Scenario::own_fields`]): the profile sets defaults, explicit fields override.
    pub fn set_profile(&mut self, profile: Profile) {
        for side in Side::BOTH {
            let own = self.own_fields(side);
            let config = self.config(side).rebased(profile, own);
            self.explicit.0[side.index()] = own;
            match side {
                Side::Client => self.client = config,
                Side::Server => self.server = config,
            }
        }
        self.profile = profile;
    }

    /// The same scenario under `profile` ([`Scenario::set_profile`]).
    pub fn with_profile(mut self, profile: Profile) -> Scenario {
        self.set_profile(profile);
        self
    }

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
        let ms = |micros: u64| micros as f64 / 1000.0;
        let range = |path: String, r: OutOfRange| {
            ScenarioError::new(path, ScenarioErrorKind::OutOfRange(r))
        };
        for side in Side::BOTH {
            let dir = dir_name(side);
            PROBABILITY_BOUNDS
                .check(self.net.loss[side.index()])
                .map_err(|r| range(alloc::format!("config.loss.{dir}"), r))?;
            LATENCY_BOUNDS
                .check(ms(self.net.latency[side.index()].total_micros()))
                .map_err(|r| range(alloc::format!("config.latency_ms.{dir}"), r))?;
            if let Err(e) = self.config(side).validate() {
                return Err(range(alloc::format!("config.{side}.{}", e.field), e.range));
            }
        }
        for (field, port) in [
            ("config.client_port", self.net.client_port),
            ("config.server_port", self.net.server_port),
        ] {
            PORT_BOUNDS
                .check(port.into())
                .map_err(|r| range(field.into(), r))?;
        }
        for (i, a) in self.actions.iter().enumerate() {
            TIME_BOUNDS
                .check(ms(a.at.total_micros()))
                .map_err(|r| range(alloc::format!("actions[{i}].at_ms"), r))?;
            if let Some(end) = self.end {
                if a.at > end {
                    return Err(ScenarioError::new(
                        "end_ms",
                        ScenarioErrorKind::EndBeforeAction {
                            end,
                            action: i,
                            at: a.at,
                        },
                    ));
                }
            }
            if let Action::SetLoss { probability, .. } = a.action {
                PROBABILITY_BOUNDS
                    .check(probability)
                    .map_err(|r| range(alloc::format!("actions[{i}].loss"), r))?;
            }
        }
        for (i, r) in self.faults.iter().enumerate() {
            if let Match::Rule { nth: Some(n), .. } = r.matcher {
                NTH_BOUNDS
                    .check(n.into())
                    .map_err(|e| range(alloc::format!("faults[{i}].match.nth"), e))?;
            }
        }
        if let Some(end) = self.end {
            TIME_BOUNDS
                .check(ms(end.total_micros()))
                .map_err(|r| range("end_ms".into(), r))?;
        }
        Ok(())
    }
}

/// A direction's name in files: `client_to_server` for what the client sends.
pub(crate) fn dir_name(side: Side) -> &'static str {
    match side {
        Side::Client => "client_to_server",
        Side::Server => "server_to_client",
    }
}
