//! The words the core's layers share: the two sides, transmission ids, faults, user calls and
//! their errors, application events, and the actions a user (or a scenario file) takes.
//!
//! It depends only on the value types below it ([`crate::time`], [`crate::segment`]'s flags,
//! [`crate::config`]'s counterfactual switches). The endpoint, the trace, the scenario
//! format and the simulator all speak it, so none of them has to import another for a word
//! (`scenario`, `sim` and `trace` used to import each other's types through `sim`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::fmt::Write as _;
use core::net::Ipv4Addr;
use core::str::FromStr;

use crate::config::Counterfactual;
use crate::segment::Flags;
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
/// the next one `C1''`; a hand-made (injected) segment is `C*1`, `S*2`; an old duplicate of
/// `C3` that arrives 5.1 s after `C3` left is `C3~5.1s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TxId {
    pub side: Side,
    /// 1-based count of the side's endpoint transmissions (of its injected segments when
    /// `injected`).
    pub n: u32,
    /// A segment put on the wire by hand (a scenario's `inject`), not sent by an endpoint.
    pub injected: bool,
    /// An old duplicate: a copy of the transmission without `age` that the network kept
    /// wandering and delivered this long after it first left.
    pub age: Option<Duration>,
    /// 0 for the transmission itself, k for its k-th link duplicate.
    pub copy: u8,
}

impl TxId {
    pub const fn new(side: Side, n: u32) -> TxId {
        TxId {
            side,
            n,
            injected: false,
            age: None,
            copy: 0,
        }
    }
    /// The `n`-th segment injected as if from `side`: `C*1`.
    pub const fn injected(side: Side, n: u32) -> TxId {
        TxId {
            side,
            n,
            injected: true,
            age: None,
            copy: 0,
        }
    }
    /// The transmission this id is (or is a link copy of).
    pub const fn original(self) -> TxId {
        TxId { copy: 0, ..self }
    }
    /// The transmission that first left its sender: no link copy, no old duplicate.
    pub const fn source(self) -> TxId {
        TxId {
            copy: 0,
            age: None,
            ..self
        }
    }
}

impl fmt::Display for TxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char(self.side.letter())?;
        if self.injected {
            f.write_str("*")?;
        }
        write!(f, "{}", self.n)?;
        if let Some(age) = self.age {
            write!(f, "~{age}")?;
        }
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
    /// After `~`, not an age as the trace writes it (`5.1s`).
    Age,
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
            TxIdErrorKind::Age => {
                f.write_str("an old duplicate's age follows ~ in seconds (~5.1s)")?
            }
            TxIdErrorKind::TooManyMarks { max } => write!(f, "at most {max} ' marks")?,
        }
        f.write_str(" (C1, S2, C1', C*1, C3~5.1s)")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for TxIdError {}

impl FromStr for TxId {
    type Err = TxIdError;
    /// `C1`, `s2`, `C1'`, `C1''`, `C*1`, `C3~5.1s`, `C3~5.1s'`.
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
        let mut rest = chars.as_str();
        let injected = rest.starts_with('*');
        if injected {
            rest = &rest[1..];
        }
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (digits, mut rest) = rest.split_at(digits_end);
        if digits.is_empty() || digits.starts_with('0') {
            return Err(err(TxIdErrorKind::Number));
        }
        let n: u32 = digits.parse().map_err(|_| err(TxIdErrorKind::Number))?;
        let mut age = None;
        if let Some(after) = rest.strip_prefix('~') {
            let end = after.find('s').map_or(after.len(), |i| i + 1);
            let (text, marks) = after.split_at(end);
            age = Some(Duration::parse_secs(text).ok_or_else(|| err(TxIdErrorKind::Age))?);
            rest = marks;
        }
        let marks = rest;
        if !marks.chars().all(|c| c == '\'') {
            return Err(err(TxIdErrorKind::Marks));
        }
        // A copy number holds up to `TxId::MAX_COPIES`.
        let copy = u8::try_from(marks.len()).map_err(|_| {
            err(TxIdErrorKind::TooManyMarks {
                max: TxId::MAX_COPIES,
            })
        })?;
        Ok(TxId {
            side,
            n,
            injected,
            age,
            copy,
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

/// Who (or what) decided a fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultSource {
    /// The user: a fault on a transmission in flight, or one armed for the next segment.
    User,
    /// A rule of the scenario file.
    Rule,
    /// Random loss.
    RandomLoss,
    /// The link enforces the MSL (`enforce_msl`) and the segment is older than its sender's
    /// MSL: RFC 9293 §3.4.2, "the Maximum Segment Lifetime (MSL) ... the time a TCP segment can
    /// exist in the internetwork system" (a drop only).
    Msl,
    /// It reached a host that had crashed and not rebooted (a drop only).
    HostDown,
}

impl FaultSource {
    pub const fn name(self) -> &'static str {
        match self {
            FaultSource::User => "user",
            FaultSource::Rule => "rule",
            FaultSource::RandomLoss => "random_loss",
            FaultSource::Msl => "msl",
            FaultSource::HostDown => "host_down",
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
    /// The bytes, borrowed from a text (no copy) or made for a pattern.
    pub fn as_bytes(&self) -> alloc::borrow::Cow<'_, [u8]> {
        match self {
            SendData::Text(s) => alloc::borrow::Cow::Borrowed(s.as_bytes()),
            SendData::Pattern(_) => alloc::borrow::Cow::Owned(self.bytes()),
        }
    }
    pub fn bytes(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.len());
        self.append_to(&mut v);
        v
    }
    /// Appends the bytes to `out` (a pattern is made right there).
    pub fn append_to(&self, out: &mut Vec<u8>) {
        match self {
            SendData::Text(s) => out.extend_from_slice(s.as_bytes()),
            SendData::Pattern(n) => {
                // `abc…z` repeated: byte i is b'a' + i % 26.
                const ALPHABET: &[u8; 26] = b"abcdefghijklmnopqrstuvwxyz";
                let (start, n) = (out.len(), *n as usize);
                out.reserve(n);
                out.extend_from_slice(&ALPHABET[..n.min(26)]);
                // Doubling: the length copied from is a multiple of 26, so the copy continues
                // the alphabet where it stopped.
                while out.len() - start < n {
                    let have = out.len() - start;
                    out.extend_from_within(start..start + have.min(n - have));
                }
            }
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
    let mut s = String::new();
    preview_into(bytes, &mut s);
    s
}

/// [`preview`] into `s`, replacing what it held (its buffer is reused: the simulator keeps the
/// texts of a recycled run's cut events for its next deliveries, issue 15).
pub fn preview_into(bytes: &[u8], s: &mut String) {
    const MAX: usize = 32;
    s.clear();
    let cut = bytes.len() > MAX;
    let head = &bytes[..bytes.len().min(MAX)];
    // The commonest case of all, printable ASCII (no control character, DEL included), found
    // without an early exit so the check runs word-wide: the bytes as they are (issue 15).
    let printable = head
        .iter()
        .fold(true, |ok, &b| ok & (0x20..0x7f).contains(&b));
    if let (true, Ok(text)) = (printable, core::str::from_utf8(head)) {
        s.reserve_exact(head.len() + if cut { 3 } else { 0 });
        s.push_str(text);
        if cut {
            s.push('…');
        }
        return;
    }
    if head.is_ascii() {
        // The common case, without the UTF-8 decoding below (the same characters: an ASCII
        // control character is exactly a `char::is_control` one below U+0080).
        s.reserve_exact(head.len() + if cut { 3 } else { 0 });
        match core::str::from_utf8(head) {
            // No control character: the bytes as they are.
            Ok(text) if !head.iter().any(u8::is_ascii_control) => s.push_str(text),
            _ => {
                for &b in head {
                    s.push(if b.is_ascii_control() {
                        '·'
                    } else {
                        char::from(b)
                    });
                }
            }
        }
        if cut {
            s.push('…');
        }
        return;
    }
    s.extend(
        String::from_utf8_lossy(head)
            .chars()
            .map(|c| if c.is_control() { '·' } else { c }),
    );
    if cut {
        s.push('…');
    }
}

/// Which of a side's sockets an event is about (the trace's `conn`). A side numbers its
/// connections from 1 in the order they are created (an active OPEN, or a SYN that a listener
/// answers); a passive OPEN's listener stays in LISTEN beside them. `docs/model.md` says when
/// the trace names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Conn {
    /// The listening socket of a passive OPEN.
    Listener,
    /// The n-th connection of the side (from 1).
    Number(u32),
    /// No socket: the host's TCP answers a segment that no connection or listener takes
    /// (RFC 9293 §3.10.7.1, "If the state is CLOSED (i.e., TCB does not exist)").
    NoSocket,
}

impl fmt::Display for Conn {
    /// `listener`, `#2`, `no socket`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conn::Listener => f.write_str("listener"),
            Conn::Number(n) => write!(f, "#{n}"),
            Conn::NoSocket => f.write_str("no socket"),
        }
    }
}

/// A sequence variable of a connection's TCB (RFC 9293 §3.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TcbVar {
    Iss,
    Irs,
    SndUna,
    SndNxt,
    RcvNxt,
}

impl TcbVar {
    pub const ALL: [TcbVar; 5] = [
        TcbVar::Iss,
        TcbVar::Irs,
        TcbVar::SndUna,
        TcbVar::SndNxt,
        TcbVar::RcvNxt,
    ];
    /// `iss`, `irs`, `snd_una`, `snd_nxt`, `rcv_nxt`.
    pub const fn name(self) -> &'static str {
        match self {
            TcbVar::Iss => "iss",
            TcbVar::Irs => "irs",
            TcbVar::SndUna => "snd_una",
            TcbVar::SndNxt => "snd_nxt",
            TcbVar::RcvNxt => "rcv_nxt",
        }
    }
    /// `ISS`, `IRS`, `SND.UNA`, `SND.NXT`, `RCV.NXT`.
    pub const fn rfc_name(self) -> &'static str {
        match self {
            TcbVar::Iss => "ISS",
            TcbVar::Irs => "IRS",
            TcbVar::SndUna => "SND.UNA",
            TcbVar::SndNxt => "SND.NXT",
            TcbVar::RcvNxt => "RCV.NXT",
        }
    }
}

/// A sequence or acknowledgment number for a hand-made segment: absolute, or a variable of one
/// side's current connection plus an offset (`server.rcv_nxt+5`: an RST "with SEQ = RCV.NXT +
/// 5" at the server), read when the segment is injected. Arithmetic is modulo 2^32.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeqSpec {
    Absolute(u32),
    Relative {
        side: Side,
        var: TcbVar,
        offset: i64,
    },
}

impl fmt::Display for SeqSpec {
    /// `1234`, `server.rcv_nxt+5`, `client.iss-10`, `client.snd_nxt`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            SeqSpec::Absolute(n) => write!(f, "{n}"),
            SeqSpec::Relative { side, var, offset } => {
                write!(f, "{side}.{}", var.name())?;
                if offset != 0 {
                    write!(f, "{offset:+}")?;
                }
                Ok(())
            }
        }
    }
}

impl FromStr for SeqSpec {
    type Err = ();
    /// What `Display` writes; a plain number is absolute.
    fn from_str(s: &str) -> Result<SeqSpec, ()> {
        if let Ok(n) = s.parse::<u32>() {
            return Ok(SeqSpec::Absolute(n));
        }
        let (side, rest) = s.split_once('.').ok_or(())?;
        let side = Side::BOTH
            .into_iter()
            .find(|x| x.name() == side)
            .ok_or(())?;
        let split = rest.find(['+', '-']).unwrap_or(rest.len());
        let (var, offset) = rest.split_at(split);
        let var = TcbVar::ALL
            .into_iter()
            .find(|v| v.name() == var)
            .ok_or(())?;
        let offset = if offset.is_empty() {
            0
        } else {
            let (sign, digits) = offset.split_at(1);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(());
            }
            let n: i64 = digits.parse().map_err(|_| ())?;
            if n > i64::from(u32::MAX) {
                return Err(());
            }
            if sign == "-" { -n } else { n }
        };
        Ok(SeqSpec::Relative { side, var, offset })
    }
}

/// A hand-made segment (RFC 9293 §3.1's fields the model has): what a scenario's `inject` puts
/// on the wire as if `side` had sent it — an old SYN, a stray ACK, an RST with a wrong SEQ.
/// Ports default to the sender's and the receiver's; the window to the sender's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inject {
    pub flags: Flags,
    pub seq: SeqSpec,
    pub ack: SeqSpec,
    pub window: Option<u16>,
    pub data: Option<SendData>,
    pub mss: Option<u16>,
    pub src_port: Option<u16>,
    pub dst_port: Option<u16>,
}

impl Inject {
    /// A segment with these flags and numbers, everything else by default.
    pub fn new(flags: Flags, seq: SeqSpec, ack: SeqSpec) -> Inject {
        Inject {
            flags,
            seq,
            ack,
            window: None,
            data: None,
            mss: None,
            src_port: None,
            dst_port: None,
        }
    }
}

impl fmt::Display for Inject {
    /// `[RST] seq=server.rcv_nxt+5 ack=0`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} seq={} ack={}", self.flags, self.seq, self.ack)?;
        if let Some(d) = &self.data {
            write!(f, " len={}", d.len())?;
        }
        Ok(())
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
    /// Put a hand-made segment on the wire as if `side` had sent it (it arrives one latency
    /// later; faults, rules and random loss of endpoint transmissions do not apply to it).
    Inject { side: Side, segment: Inject },
    /// The network delivers, now, a copy of the earlier transmission `of` that it kept
    /// wandering since `of` left (the copy is named after `of` with its age: `C3~5.1s`).
    OldDuplicate { of: TxId },
    /// The host of `side` crashes: every TCB and timer vanishes, nothing is sent, the
    /// application is told nothing; arriving segments are lost until it reboots.
    Crash { side: Side },
    /// The host of `side` comes back with no TCB (its ISN generator continues: a fresh ISN).
    Reboot { side: Side },
    /// Turns a broken-TCP switch on or off for `side` (its listener and connections, and those
    /// it creates later).
    Counterfactual {
        side: Side,
        switch: Counterfactual,
        on: bool,
    },
}

impl fmt::Display for Action {
    /// `client connect`, `drop C2`, `release C2`, `arm drop on client`, `loss 0.5 from server`,
    /// `client inject [SYN] seq=client.iss-10 ack=0`, `old duplicate of C3`, `crash client`,
    /// `reboot client`, `server two_way_handshake on`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Call { side, call } => write!(f, "{side} {}", call.name()),
            Action::Fault { target, fault } => write!(f, "{fault} {target}"),
            Action::Release { target } => write!(f, "release {target}"),
            Action::Arm { side, fault } => write!(f, "arm {fault} on {side}"),
            Action::SetLoss { side, probability } => write!(f, "loss {probability} from {side}"),
            Action::Inject { side, segment } => write!(f, "{side} inject {segment}"),
            Action::OldDuplicate { of } => write!(f, "old duplicate of {of}"),
            Action::Crash { side } => write!(f, "crash {side}"),
            Action::Reboot { side } => write!(f, "reboot {side}"),
            Action::Counterfactual { side, switch, on } => {
                let on = if *on { "on" } else { "off" };
                write!(f, "{side} {} {on}", switch.name())
            }
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
    /// ([`TxId::MAX_COPIES`] of them), or an old duplicate whose name (original and age) is
    /// taken.
    NoFreshId(TxId),
    /// A user call on, or a crash of, a host that has crashed and not rebooted.
    HostDown(Side),
    /// A reboot of a host that is up.
    HostUp(Side),
    /// A hand-made segment names a TCB variable that side's current connection does not have
    /// (no connection, or no IRS yet).
    NoTcbVariable { side: Side, var: TcbVar },
    /// An action this driver cannot carry out (for example a crash of the kernel's side in a
    /// live run).
    Unsupported,
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
            ActionError::HostDown(_) => "host_down",
            ActionError::HostUp(_) => "host_up",
            ActionError::NoTcbVariable { .. } => "no_tcb_variable",
            ActionError::Unsupported => "unsupported",
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
            ActionError::NoFreshId(id) if id.age.is_some() => {
                write!(f, "there is already an old duplicate {id}")
            }
            ActionError::NoFreshId(id) => write!(
                f,
                "{id} has been copied {} times, which is as many as ids allow",
                TxId::MAX_COPIES
            ),
            ActionError::HostDown(side) => write!(f, "the {side} has crashed (reboot it first)"),
            ActionError::HostUp(side) => write!(f, "the {side} has not crashed"),
            ActionError::NoTcbVariable { side, var } => {
                write!(f, "the {side} has no {} (no connection)", var.rfc_name())
            }
            ActionError::Unsupported => f.write_str("this action is not available here"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ActionError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// `preview` as it was written first, for every input: the ASCII shortcut must agree.
    fn preview_by_decoding(bytes: &[u8]) -> String {
        let cut = bytes.len() > 32;
        let head = &bytes[..bytes.len().min(32)];
        let mut s: String = String::from_utf8_lossy(head)
            .chars()
            .map(|c| if c.is_control() { '·' } else { c })
            .collect();
        if cut {
            s.push('…');
        }
        s
    }

    #[test]
    fn preview_of_ascii_is_what_decoding_gives() {
        let all: Vec<u8> = (0..=255u8).collect();
        let inputs: [&[u8]; 8] = [
            b"",
            b"hello",
            b"c000000 c000008 c000016 c000024 c000032",
            b"line\r\nnext\tx\x7f\x00",
            &all[..128],
            &all,
            "h\u{e9}llo w\u{f6}rld \u{d55c}\u{ae00} and more text beyond 32".as_bytes(),
            &[0xff, 0xfe, b'a', 0x85],
        ];
        // Into a string that held another text (a recycled run's, issue 15).
        let mut reused = String::from("an older delivery's text \u{d55c} and more");
        for bytes in inputs {
            assert_eq!(preview(bytes), preview_by_decoding(bytes), "{bytes:?}");
            preview_into(bytes, &mut reused);
            assert_eq!(reused, preview_by_decoding(bytes), "{bytes:?}");
        }
        for b in 0..=255u8 {
            assert_eq!(preview(&[b]), preview_by_decoding(&[b]), "byte {b}");
        }
    }

    #[test]
    fn pattern_bytes_are_the_alphabet_repeated() {
        for n in [0u32, 1, 25, 26, 27, 52, 1000, 10240] {
            let want: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert_eq!(SendData::Pattern(n).bytes(), want, "{n}");
            // After other bytes, as the application's record of what it sent gets it.
            let mut out = b"xyz".to_vec();
            SendData::Pattern(n).append_to(&mut out);
            assert_eq!(out[..3], *b"xyz");
            assert_eq!(out[3..], want, "{n} after 3 bytes");
        }
    }

    #[test]
    fn seq_specs_print_and_parse() {
        let rst = SeqSpec::Relative {
            side: Side::Server,
            var: TcbVar::RcvNxt,
            offset: 5,
        };
        assert_eq!(rst.to_string(), "server.rcv_nxt+5");
        assert_eq!("server.rcv_nxt+5".parse(), Ok(rst));
        let old = SeqSpec::Relative {
            side: Side::Client,
            var: TcbVar::Iss,
            offset: -10,
        };
        assert_eq!(old.to_string(), "client.iss-10");
        assert_eq!("client.iss-10".parse(), Ok(old));
        assert_eq!(
            "client.snd_nxt".parse(),
            Ok(SeqSpec::Relative {
                side: Side::Client,
                var: TcbVar::SndNxt,
                offset: 0
            })
        );
        assert_eq!("4294967295".parse(), Ok(SeqSpec::Absolute(u32::MAX)));
        for bad in [
            "",
            "x.iss",
            "client.isn",
            "client.iss+",
            "client.iss+-1",
            "-1",
            "client.iss+4294967296",
        ] {
            assert_eq!(bad.parse::<SeqSpec>(), Err(()), "{bad}");
        }
    }

    #[test]
    fn tx_ids_print_and_parse() {
        let c1 = TxId::new(Side::Client, 1);
        assert_eq!(c1.to_string(), "C1");
        let old = TxId {
            age: Some(Duration::from_millis(5100)),
            ..TxId::new(Side::Client, 3)
        };
        assert_eq!(old.to_string(), "C3~5.1s");
        assert_eq!("C3~5.1s".parse::<TxId>(), Ok(old));
        let old_copy = TxId { copy: 1, ..old };
        assert_eq!("C3~5.1s'".parse::<TxId>(), Ok(old_copy));
        assert_eq!(old_copy.source(), TxId::new(Side::Client, 3));
        assert_eq!(TxId::injected(Side::Server, 2).to_string(), "S*2");
        assert_eq!("s*2".parse::<TxId>(), Ok(TxId::injected(Side::Server, 2)));
        let inj_old = TxId {
            age: Some(Duration::from_secs(2)),
            ..TxId::injected(Side::Client, 1)
        };
        assert_eq!(inj_old.to_string().parse::<TxId>(), Ok(inj_old));
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
            ("C*", K::Number),
            ("C**1", K::Number),
            ("C3~", K::Age),
            ("C3~5", K::Age),
            ("C3~5.1", K::Age),
            ("C3~x s", K::Age),
            ("C3~5.1s~2s", K::Marks),
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

    #[test]
    fn a_pattern_is_the_alphabet_over_and_over() {
        for n in [0u32, 1, 25, 26, 27, 52, 53, 1000] {
            let expected: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert_eq!(SendData::Pattern(n).bytes(), expected, "{n}");
        }
    }
}
