//! The words the core's layers share: the two sides, transmission ids, faults, user calls and
//! their errors, application events, and the actions a user (or a scenario file) takes.
//!
//! This is a leaf: it depends only on [`crate::time`]. The endpoint, the trace, the scenario
//! format and the simulator all speak it, so none of them has to import another for a word
//! (`scenario`, `sim` and `trace` used to import each other's types through `sim`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::net::Ipv4Addr;
use core::str::FromStr;

use crate::time::{Duration, Instant};

/// The client's IPv4 address.
pub const CLIENT_ADDR: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
/// The server's IPv4 address.
pub const SERVER_ADDR: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);

/// One end of the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Side {
    Client,
    Server,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Client, Side::Server];

    pub const fn peer(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }
    /// `"client"` / `"server"`.
    pub const fn name(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
    /// `'C'` / `'S'`, the prefix of transmission ids.
    pub const fn letter(self) -> char {
        match self {
            Side::Client => 'C',
            Side::Server => 'S',
        }
    }
    /// 0 for the client, 1 for the server (index into per-side arrays).
    pub const fn index(self) -> usize {
        match self {
            Side::Client => 0,
            Side::Server => 1,
        }
    }
    pub const fn addr(self) -> Ipv4Addr {
        match self {
            Side::Client => CLIENT_ADDR,
            Side::Server => SERVER_ADDR,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The stable name of one transmission: `C1`, `S2`; a link-level duplicate of `C1` is `C1'`,
/// the next one `C1''`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TxId {
    pub side: Side,
    /// 1-based count of the side's endpoint transmissions.
    pub n: u32,
    /// 0 for the transmission itself, k for its k-th link duplicate.
    pub copy: u8,
}

impl TxId {
    pub const fn new(side: Side, n: u32) -> TxId {
        TxId { side, n, copy: 0 }
    }
    /// The endpoint transmission this id is (or is a copy of).
    pub const fn original(self) -> TxId {
        TxId { copy: 0, ..self }
    }
}

impl fmt::Display for TxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.side.letter(), self.n)?;
        for _ in 0..self.copy {
            f.write_str("'")?;
        }
        Ok(())
    }
}

/// A string that is not a transmission id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxIdError(pub String);

impl fmt::Display for TxIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid transmission id {:?}, expected C or S, a number from 1, then optional ' marks (C1, S2, C1')",
            self.0
        )
    }
}

impl FromStr for TxId {
    type Err = TxIdError;
    /// `C1`, `s2`, `C1'`, `C1''`.
    fn from_str(s: &str) -> Result<TxId, TxIdError> {
        let err = || TxIdError(String::from(s));
        let mut chars = s.chars();
        let side = match chars.next() {
            Some('C' | 'c') => Side::Client,
            Some('S' | 's') => Side::Server,
            _ => return Err(err()),
        };
        let rest = chars.as_str();
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (digits, marks) = rest.split_at(digits_end);
        if digits.is_empty() || digits.starts_with('0') || digits.len() > 9 {
            return Err(err());
        }
        let n: u32 = digits.parse().map_err(|_| err())?;
        if !marks.chars().all(|c| c == '\'') || marks.len() > 200 {
            return Err(err());
        }
        Ok(TxId {
            side,
            n,
            copy: marks.len() as u8,
        })
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TxId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for TxId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TxId, D::Error> {
        let s = <alloc::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What can be done to a transmission on the link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Lost.
    Drop,
    /// Arrives this much later.
    Delay(Duration),
    /// Parked on the link until released.
    Hold,
    /// The link delivers it twice; the copy arrives half a one-way latency after the original.
    Duplicate,
}

impl Fault {
    pub const fn name(self) -> &'static str {
        match self {
            Fault::Drop => "drop",
            Fault::Delay(_) => "delay",
            Fault::Hold => "hold",
            Fault::Duplicate => "duplicate",
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Delay(d) => write!(f, "delay +{d}"),
            other => f.write_str(other.name()),
        }
    }
}

/// Who decided a fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultSource {
    /// The user: a fault on a transmission in flight, or one armed for the next segment.
    User,
    /// A rule of the scenario file.
    Rule,
    /// Random loss.
    RandomLoss,
}

impl FaultSource {
    pub const fn name(self) -> &'static str {
        match self {
            FaultSource::User => "user",
            FaultSource::Rule => "rule",
            FaultSource::RandomLoss => "random_loss",
        }
    }
}

/// Bytes for a `send` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendData {
    /// These characters (UTF-8).
    Text(String),
    /// `n` bytes of a deterministic printable pattern (`abc…xyzabc…`).
    Pattern(u32),
}

impl SendData {
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            SendData::Text(s) => s.as_bytes().to_vec(),
            SendData::Pattern(n) => (0..*n).map(|i| b'a' + (i % 26) as u8).collect(),
        }
    }
    pub fn len(&self) -> usize {
        match self {
            SendData::Text(s) => s.len(),
            SendData::Pattern(n) => *n as usize,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A user call on one endpoint (RFC 9293 §3.10).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserCall {
    Listen,
    Connect,
    Send(SendData),
    Close,
    Abort,
}

impl UserCall {
    pub const fn name(&self) -> &'static str {
        match self {
            UserCall::Listen => "listen",
            UserCall::Connect => "connect",
            UserCall::Send(_) => "send",
            UserCall::Close => "close",
            UserCall::Abort => "abort",
        }
    }
}

/// Something a user (or a scenario file's timeline) does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A user call on one endpoint.
    Call { side: Side, call: UserCall },
    /// A fault on a transmission in flight (or held).
    Fault { target: TxId, fault: Fault },
    /// Let a held transmission continue.
    Release { target: TxId },
    /// Apply `fault` to the next segment `side` sends.
    Arm { side: Side, fault: Fault },
    /// Random loss for segments sent by `side`, from 0.0 to 1.0.
    SetLoss { side: Side, probability: f64 },
}

/// An action at a virtual time.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedAction {
    pub at: Instant,
    pub action: Action,
}

/// Why an action could not be applied.
#[derive(Clone, Debug, PartialEq)]
pub enum ActionError {
    /// No transmission has this id (yet).
    UnknownTransmission(TxId),
    /// It has already arrived or been dropped.
    NotInFlight(TxId),
    /// Release of a transmission that is not held.
    NotHeld(TxId),
    /// Hold of a transmission that is already held.
    AlreadyHeld(TxId),
    /// A probability outside 0..=1 (or NaN).
    BadProbability,
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::UnknownTransmission(id) => write!(f, "no transmission {id}"),
            ActionError::NotInFlight(id) => write!(f, "{id} is not on the link any more"),
            ActionError::NotHeld(id) => write!(f, "{id} is not held"),
            ActionError::AlreadyHeld(id) => write!(f, "{id} is already held"),
            ActionError::BadProbability => f.write_str("a probability must be between 0 and 1"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ActionError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn tx_ids_print_and_parse() {
        let c1 = TxId::new(Side::Client, 1);
        assert_eq!(c1.to_string(), "C1");
        assert_eq!(TxId { copy: 2, ..c1 }.to_string(), "C1''");
        assert_eq!("S12".parse::<TxId>(), Ok(TxId::new(Side::Server, 12)));
        assert_eq!("c1'".parse::<TxId>(), Ok(TxId { copy: 1, ..c1 }));
        for bad in [
            "",
            "C",
            "X1",
            "C0",
            "C01",
            "C1x",
            "C-1",
            "C1'a",
            "C12345678901",
        ] {
            assert!(bad.parse::<TxId>().is_err(), "{bad}");
        }
    }
}
