//! The eleven connection states of RFC 9293 §3.3.2.

use core::fmt;

/// A connection state, named and printed as RFC 9293 §3.3.2 spells it (`SYN-SENT`, `TIME-WAIT`).
///
/// Linux `ss` prints `SYN_RECV` and BSD `SYN_RCVD` for [`State::SynReceived`]; they are the same
/// state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
}

impl State {
    /// All states, in the order of RFC 9293 §3.3.2.
    pub const ALL: [State; 11] = [
        State::Listen,
        State::SynSent,
        State::SynReceived,
        State::Established,
        State::FinWait1,
        State::FinWait2,
        State::CloseWait,
        State::Closing,
        State::LastAck,
        State::TimeWait,
        State::Closed,
    ];

    /// The RFC spelling, e.g. `"FIN-WAIT-1"`.
    pub const fn name(self) -> &'static str {
        match self {
            State::Closed => "CLOSED",
            State::Listen => "LISTEN",
            State::SynSent => "SYN-SENT",
            State::SynReceived => "SYN-RECEIVED",
            State::Established => "ESTABLISHED",
            State::FinWait1 => "FIN-WAIT-1",
            State::FinWait2 => "FIN-WAIT-2",
            State::CloseWait => "CLOSE-WAIT",
            State::Closing => "CLOSING",
            State::LastAck => "LAST-ACK",
            State::TimeWait => "TIME-WAIT",
        }
    }

    /// Parses the RFC spelling (also accepts `_` for `-`, any case, and `SYN-RCVD`).
    pub fn from_name(name: &str) -> Option<State> {
        let mut buf = [0u8; 16];
        let bytes = name.as_bytes();
        if bytes.len() > buf.len() {
            return None;
        }
        for (dst, &b) in buf.iter_mut().zip(bytes) {
            *dst = if b == b'_' {
                b'-'
            } else {
                b.to_ascii_uppercase()
            };
        }
        let norm = core::str::from_utf8(&buf[..bytes.len()]).ok()?;
        if norm == "SYN-RCVD" || norm == "SYN-RECV" {
            return Some(State::SynReceived);
        }
        State::ALL.iter().copied().find(|s| s.name() == norm)
    }

    /// RFC 9293 §3.10.7.4: the states after the handshake in which sequence numbers of both sides
    /// are known ("synchronized states").
    pub const fn is_synchronized(self) -> bool {
        !matches!(
            self,
            State::Closed | State::Listen | State::SynSent | State::SynReceived
        )
    }

    /// States in which this end may still send data (RFC 9293 §3.10.2).
    pub const fn can_send(self) -> bool {
        matches!(self, State::Established | State::CloseWait)
    }

    /// States in which data from the peer may still arrive (the peer has not sent its FIN yet).
    pub const fn can_receive(self) -> bool {
        matches!(
            self,
            State::SynReceived | State::Established | State::FinWait1 | State::FinWait2
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for State {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for State {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<State, D::Error> {
        let s = <alloc::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        State::from_name(&s).ok_or_else(|| {
            serde::de::Error::custom(alloc::format!(
                "unknown state `{s}`, expected an RFC 9293 name such as `SYN-SENT`"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in State::ALL {
            assert_eq!(State::from_name(s.name()), Some(s));
        }
        assert_eq!(State::from_name("syn_recv"), Some(State::SynReceived));
        assert_eq!(State::from_name("time_wait"), Some(State::TimeWait));
        assert_eq!(State::from_name("WAITING"), None);
        assert_eq!(State::from_name("a-very-long-name-indeed"), None);
    }
}
