//! The segment as the model sees it: every TCP header field with public fields, plus payload.
//!
//! This is the plain "Repr" half of the wire format (smoltcp style); `wire` turns it into real
//! TCP-over-IPv4 bytes and back.

use alloc::vec::Vec;
use core::fmt;

use crate::seq::SeqNumber;

/// The eight TCP control bits (RFC 9293 §3.1, RFC 3168 for CWR and ECE).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(pub u8);

impl Flags {
    pub const FIN: Flags = Flags(0x01);
    pub const SYN: Flags = Flags(0x02);
    pub const RST: Flags = Flags(0x04);
    pub const PSH: Flags = Flags(0x08);
    pub const ACK: Flags = Flags(0x10);
    pub const URG: Flags = Flags(0x20);
    pub const ECE: Flags = Flags(0x40);
    pub const CWR: Flags = Flags(0x80);
    pub const NONE: Flags = Flags(0);

    /// Every flag with its name, in header order from the most significant bit (as the header
    /// diagram of RFC 9293 §3.1 and Wireshark's detail pane list them).
    pub const ALL: [(Flags, &'static str); 8] = [
        (Flags::CWR, "CWR"),
        (Flags::ECE, "ECE"),
        (Flags::URG, "URG"),
        (Flags::ACK, "ACK"),
        (Flags::PSH, "PSH"),
        (Flags::RST, "RST"),
        (Flags::SYN, "SYN"),
        (Flags::FIN, "FIN"),
    ];

    pub const fn bits(self) -> u8 {
        self.0
    }
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
    pub const fn union(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
    pub const fn without(self, other: Flags) -> Flags {
        Flags(self.0 & !other.0)
    }
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub const fn syn(self) -> bool {
        self.contains(Flags::SYN)
    }
    pub const fn ack(self) -> bool {
        self.contains(Flags::ACK)
    }
    pub const fn fin(self) -> bool {
        self.contains(Flags::FIN)
    }
    pub const fn rst(self) -> bool {
        self.contains(Flags::RST)
    }
    pub const fn psh(self) -> bool {
        self.contains(Flags::PSH)
    }

    /// The names of the set flags in Wireshark's Info-column order (least significant bit
    /// first): `["SYN", "ACK"]`, `["FIN", "PSH", "ACK"]`.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Flags::ALL
            .iter()
            .rev()
            .filter(move |(f, _)| self.contains(*f))
            .map(|(_, n)| *n)
    }

    /// Parses a flag name such as `"SYN"` (any case).
    pub fn from_name(name: &str) -> Option<Flags> {
        Flags::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(f, _)| *f)
    }
}

impl core::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        self.union(rhs)
    }
}

impl fmt::Display for Flags {
    /// Wireshark's Info style: `[SYN, ACK]`; `[<None>]` when no flag is set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("[<None>]");
        }
        f.write_str("[")?;
        for (i, name) in self.names().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        f.write_str("]")
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Flags {
    /// As an array of names, `["SYN","ACK"]`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Flags {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Flags, D::Error> {
        let names = <Vec<alloc::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
        let mut flags = Flags::NONE;
        for n in names {
            flags = flags.union(Flags::from_name(&n).ok_or_else(|| {
                serde::de::Error::custom(alloc::format!(
                    "unknown flag `{n}`, expected one of CWR, ECE, URG, ACK, PSH, RST, SYN, FIN"
                ))
            })?);
        }
        Ok(flags)
    }
}

/// A TCP segment: every header field except the checksum (computed by `wire` from the bytes) and
/// the data offset (derived from the options), plus the payload.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Segment {
    pub src_port: u16,
    pub dst_port: u16,
    pub seq: SeqNumber,
    pub ack: SeqNumber,
    pub flags: Flags,
    pub window: u16,
    pub urgent: u16,
    /// The Maximum Segment Size option (kind 2, RFC 9293 §3.7.1), the only option the model
    /// sends. Other options in parsed bytes are skipped.
    pub mss: Option<u16>,
    pub payload: Vec<u8>,
}

impl Clone for Segment {
    fn clone(&self) -> Segment {
        Segment {
            payload: self.payload.clone(),
            ..*self
        }
    }
    /// Into `self`'s payload buffer (a recycled run of the loss sweep, issue 15).
    fn clone_from(&mut self, src: &Segment) {
        let Segment {
            src_port,
            dst_port,
            seq,
            ack,
            flags,
            window,
            urgent,
            mss,
            payload,
        } = src;
        self.src_port = *src_port;
        self.dst_port = *dst_port;
        self.seq = *seq;
        self.ack = *ack;
        self.flags = *flags;
        self.window = *window;
        self.urgent = *urgent;
        self.mss = *mss;
        self.payload.clone_from(payload);
    }
}

impl Segment {
    /// Header length in bytes: 20, or 24 with the MSS option.
    pub fn header_len(&self) -> usize {
        20 + if self.mss.is_some() { 4 } else { 0 }
    }

    /// The data offset field: header length in 32-bit words.
    pub fn data_offset(&self) -> u8 {
        (self.header_len() / 4) as u8
    }

    /// SEG.LEN of RFC 9293 §3.4: payload octets plus one for SYN and one for FIN.
    pub fn seq_len(&self) -> usize {
        self.payload.len() + usize::from(self.flags.syn()) + usize::from(self.flags.fin())
    }

    /// The sequence number just after this segment (SEG.SEQ + SEG.LEN).
    pub fn seq_end(&self) -> SeqNumber {
        self.seq + self.seq_len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec;

    #[test]
    fn flags_print_like_wireshark() {
        assert_eq!(format!("{}", Flags::SYN | Flags::ACK), "[SYN, ACK]");
        assert_eq!(
            format!("{}", Flags::FIN | Flags::PSH | Flags::ACK),
            "[FIN, PSH, ACK]"
        );
        assert_eq!(format!("{}", Flags::NONE), "[<None>]");
        assert_eq!(Flags::from_name("ack"), Some(Flags::ACK));
        assert_eq!(Flags::from_name("NS"), None);
    }

    #[test]
    fn syn_and_fin_occupy_sequence_space() {
        let mut s = Segment {
            seq: SeqNumber(10),
            flags: Flags::SYN,
            ..Segment::default()
        };
        assert_eq!(s.seq_len(), 1);
        s.flags = Flags::FIN | Flags::ACK;
        s.payload = vec![0; 100];
        assert_eq!(s.seq_len(), 101);
        assert_eq!(s.seq_end(), SeqNumber(111));
        s.flags = Flags::ACK | Flags::RST;
        assert_eq!(s.seq_len(), 100);
    }
}
