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

/// A string that is not a transmission id: the text and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxIdError {
    pub text: String,
    pub kind: TxIdErrorKind,
}

/// What is wrong with a transmission id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TxIdErrorKind {
    /// It does not start with `C` or `S`.
    Side,
    /// No number after the side, a number with a leading zero or 0, or one beyond `u32::MAX`.
    Number,
    /// Something other than `'` marks after the number.
    Marks,
    /// More `'` marks than the link ever makes copies of one transmission.
    TooManyMarks { max: u8 },
}

impl TxId {
    /// The most link copies of one transmission (`C1'` … with this many marks), the largest
    /// copy number: every id the simulator hands out reads back from its text.
    pub const MAX_COPIES: u8 = u8::MAX;
}

impl fmt::Display for TxIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid transmission id {:?}: ", self.text)?;
        match self.kind {
            TxIdErrorKind::Side => f.write_str("it starts with C (client) or S (server)")?,
            TxIdErrorKind::Number => {
                f.write_str("the side is followed by a number from 1, without leading zeros")?
            }
            TxIdErrorKind::Marks => f.write_str("only ' marks may follow the number")?,
            TxIdErrorKind::TooManyMarks { max } => write!(f, "at most {max} ' marks")?,
        }
        f.write_str(" (C1, S2, C1')")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for TxIdError {}

impl FromStr for TxId {
    type Err = TxIdError;
    /// `C1`, `s2`, `C1'`, `C1''`.
    fn from_str(s: &str) -> Result<TxId, TxIdError> {
        let err = |kind| TxIdError {
            text: String::from(s),
            kind,
        };
        let mut chars = s.chars();
        let side = match chars.next() {
            Some('C' | 'c') => Side::Client,
            Some('S' | 's') => Side::Server,
            _ => return Err(err(TxIdErrorKind::Side)),
        };
        let rest = chars.as_str();
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (digits, marks) = rest.split_at(digits_end);
        if digits.is_empty() || digits.starts_with('0') {
            return Err(err(TxIdErrorKind::Number));
        }
        let n: u32 = digits.parse().map_err(|_| err(TxIdErrorKind::Number))?;
        if !marks.chars().all(|c| c == '\'') {
            return Err(err(TxIdErrorKind::Marks));
        }
        // A copy number holds up to `TxId::MAX_COPIES`.
        let copy = u8::try_from(marks.len()).map_err(|_| {
            err(TxIdErrorKind::TooManyMarks {
                max: TxId::MAX_COPIES,
            })
        })?;
        Ok(TxId { side, n, copy })
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

#[cfg(feature = "serde")]
impl serde::Serialize for Fault {
    /// `"drop"`, `"hold"`, `"duplicate"` or `{"delay_ms": 300}` (as in scenario files).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Fault::Delay(d) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("delay_ms", &crate::time::JsonMillis(d.total_micros()))?;
                m.end()
            }
            other => s.serialize_str(other.name()),
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
    /// The trace's preview of a text (its first 32 characters); `None` for a pattern.
    pub fn preview(&self) -> Option<String> {
        match self {
            SendData::Text(s) => Some(preview(s.as_bytes())),
            SendData::Pattern(_) => None,
        }
    }
}

/// A user call on one endpoint (RFC 9293 §3.10; "OPEN" is split into its passive and active
/// forms). The one enum for calls: the endpoint ([`crate::endpoint::Endpoint::call`]), the
/// scenario format, the simulator and the trace all use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserCall {
    /// Passive OPEN.
    Listen,
    /// Active OPEN towards the peer.
    Connect,
    /// SEND with these bytes.
    Send(SendData),
    /// CLOSE: "I have no more to send" (half-close; receiving goes on).
    Close,
    /// ABORT: send RST if synchronized, delete the TCB.
    Abort,
}

impl UserCall {
    /// The call's name in files and traces: `listen`, `connect`, `send`, `close`, `abort`.
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

impl fmt::Display for UserCall {
    /// `connect()`, `send(5 B)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserCall::Send(d) => write!(f, "send({} B)", d.len()),
            other => write!(f, "{}()", other.name()),
        }
    }
}

/// Why a user call was refused; the messages are RFC 9293 §3.10's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallError {
    /// "error: connection already exists"
    ConnectionExists,
    /// "error: connection does not exist"
    ConnectionDoesNotExist,
    /// "error: connection closing"
    ConnectionClosing,
    /// "error: foreign socket unspecified" (SEND on a LISTEN endpoint)
    ForeignSocketUnspecified,
}

impl CallError {
    /// The name in traces: `connection_exists`, …
    pub const fn name(self) -> &'static str {
        match self {
            CallError::ConnectionExists => "connection_exists",
            CallError::ConnectionDoesNotExist => "connection_does_not_exist",
            CallError::ConnectionClosing => "connection_closing",
            CallError::ForeignSocketUnspecified => "foreign_socket_unspecified",
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::ConnectionExists => f.write_str("connection already exists"),
            CallError::ConnectionDoesNotExist => f.write_str("connection does not exist"),
            CallError::ConnectionClosing => f.write_str("connection closing"),
            CallError::ForeignSocketUnspecified => f.write_str("foreign socket unspecified"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CallError {}

/// What the application is told besides its bytes (RFC 9293 §3.9.1 "signal the user"). The one
/// enum for application events: the endpoint emits it, the trace records it (`app`), the
/// simulator's [`crate::sim::AppView`] collects it. Delivered bytes are not here: they are the
/// endpoint's `Event::Data` and the trace's `deliver`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AppEvent {
    /// The connection reached ESTABLISHED (the OPEN / accept() completed).
    Connected,
    /// The peer's FIN was processed: "connection closing", no more data will arrive.
    EndOfStream,
    /// "connection reset": an acceptable RST arrived.
    Reset,
    /// "connection aborted due to user timeout": retransmissions exhausted.
    TimedOut,
    /// The connection ended normally and the TCB was deleted.
    Closed,
    /// The connection ended with this many bytes of SENDs never acknowledged: RFC 9293 §3.10.4
    /// returns "error: closing" (or "reset") to queued SENDs; the application learns the count.
    Discarded(u64),
}

impl AppEvent {
    /// The name in traces: `connected`, `end_of_stream`, `reset`, `timed_out`, `closed`,
    /// `discarded`.
    pub const fn name(self) -> &'static str {
        match self {
            AppEvent::Connected => "connected",
            AppEvent::EndOfStream => "end_of_stream",
            AppEvent::Reset => "reset",
            AppEvent::TimedOut => "timed_out",
            AppEvent::Closed => "closed",
            AppEvent::Discarded(_) => "discarded",
        }
    }
}

/// Up to 32 bytes as text (invalid UTF-8 shown as U+FFFD, control characters as `·`), with `…`
/// when cut: how the trace shows a payload.
pub fn preview(bytes: &[u8]) -> String {
    const MAX: usize = 32;
    let cut = bytes.len() > MAX;
    let head = &bytes[..bytes.len().min(MAX)];
    let mut s: String = String::from_utf8_lossy(head)
        .chars()
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    if cut {
        s.push('…');
    }
    s
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

impl fmt::Display for Action {
    /// `client connect`, `drop C2`, `release C2`, `arm drop on client`, `loss 0.5 from server`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Call { side, call } => write!(f, "{side} {}", call.name()),
            Action::Fault { target, fault } => write!(f, "{fault} {target}"),
            Action::Release { target } => write!(f, "release {target}"),
            Action::Arm { side, fault } => write!(f, "arm {fault} on {side}"),
            Action::SetLoss { side, probability } => write!(f, "loss {probability} from {side}"),
        }
    }
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
    /// A duplicate of this transmission, whose link copies have used every id
    /// ([`TxId::MAX_COPIES`] of them).
    NoFreshId(TxId),
}

impl ActionError {
    /// The name in traces (`error_kind`): `unknown_transmission`, `not_in_flight`, …
    pub const fn name(&self) -> &'static str {
        match self {
            ActionError::UnknownTransmission(_) => "unknown_transmission",
            ActionError::NotInFlight(_) => "not_in_flight",
            ActionError::NotHeld(_) => "not_held",
            ActionError::AlreadyHeld(_) => "already_held",
            ActionError::BadProbability => "bad_probability",
            ActionError::NoFreshId(_) => "no_fresh_id",
        }
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::UnknownTransmission(id) => write!(f, "no transmission {id}"),
            ActionError::NotInFlight(id) => write!(f, "{id} is not on the link any more"),
            ActionError::NotHeld(id) => write!(f, "{id} is not held"),
            ActionError::AlreadyHeld(id) => write!(f, "{id} is already held"),
            ActionError::BadProbability => f.write_str("a probability must be between 0 and 1"),
            ActionError::NoFreshId(id) => write!(
                f,
                "{id} has been copied {} times, which is as many as ids allow",
                TxId::MAX_COPIES
            ),
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
        assert_eq!(
            "S4294967295".parse::<TxId>(),
            Ok(TxId::new(Side::Server, u32::MAX))
        );
        use TxIdErrorKind as K;
        for (bad, kind) in [
            ("", K::Side),
            ("C", K::Number),
            ("X1", K::Side),
            ("C0", K::Number),
            ("C01", K::Number),
            ("C1x", K::Marks),
            ("C-1", K::Number),
            ("C1'a", K::Marks),
            ("C4294967296", K::Number),
        ] {
            assert_eq!(bad.parse::<TxId>().map_err(|e| e.kind), Err(kind), "{bad}");
        }
        // Every copy the link can make reads back; one more mark is not an id.
        let most = TxId {
            copy: TxId::MAX_COPIES,
            ..c1
        };
        assert_eq!(most.to_string().parse::<TxId>(), Ok(most));
        assert_eq!(
            alloc::format!("{most}'")
                .parse::<TxId>()
                .map_err(|e| e.kind),
            Err(K::TooManyMarks {
                max: TxId::MAX_COPIES
            })
        );
    }
}
