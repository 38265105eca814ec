//! Where each header field lives in the bytes, for the app's packet inspector: select a field,
//! highlight exactly its bytes (and bits) in the hex dump.
//!
//! The tables are checked against the views' accessors and against etherparse in
//! `tests/wire.rs`, and every bit of a header is covered by exactly one leaf field.

use alloc::vec::Vec;
use core::net::Ipv4Addr;
use core::ops::Range;

use super::tcp::{OPTION_MSS, TCP_HEADER_LEN, emit_tcp};
use crate::segment::Segment;

/// One field of a header: where its bytes are and, for fields that do not fill whole bytes,
/// which bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HeaderField {
    /// A stable identifier for the app and its translations: `"src_port"`, `"flag_syn"`.
    pub key: &'static str,
    /// The English name, as the RFC's header diagram spells it.
    pub name: &'static str,
    /// A one-line English description, quoting the RFC where it is short enough.
    pub about: &'static str,
    /// First byte, counted from the start of the header.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// For fields that do not fill their bytes (data offset, reserved, each control bit, IPv4
    /// version/IHL/DSCP/ECN/flags/fragment offset): the bits of the big-endian number formed by
    /// bytes `start..end`. `None` means every bit of those bytes.
    pub mask: Option<u32>,
    /// The key of the enclosing field (`"flags"` for `"flag_syn"`), for a tree view.
    pub parent: Option<&'static str>,
}

impl HeaderField {
    const fn whole(
        key: &'static str,
        name: &'static str,
        about: &'static str,
        r: Range<usize>,
    ) -> Self {
        HeaderField {
            key,
            name,
            about,
            start: r.start,
            end: r.end,
            mask: None,
            parent: None,
        }
    }
    const fn bits(
        key: &'static str,
        name: &'static str,
        about: &'static str,
        r: Range<usize>,
        mask: u32,
        parent: Option<&'static str>,
    ) -> Self {
        HeaderField {
            key,
            name,
            about,
            start: r.start,
            end: r.end,
            mask: Some(mask),
            parent,
        }
    }

    /// The byte range, `start..end`.
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The field's width in bits.
    pub fn bit_width(&self) -> u32 {
        match self.mask {
            Some(m) => m.count_ones(),
            None => 8 * (self.end - self.start) as u32,
        }
    }

    /// The field's value in `header` (bytes counted from the header's first byte): the bytes
    /// read big-endian, masked and shifted down. `None` if the bytes are not there or the field
    /// is wider than 32 bits.
    pub fn value(&self, header: &[u8]) -> Option<u32> {
        let bytes = header.get(self.range())?;
        if bytes.len() > 4 {
            return None;
        }
        let raw = bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
        Some(match self.mask {
            Some(m) => (raw & m) >> m.trailing_zeros(),
            None => raw,
        })
    }
}

/// The fixed 20-byte TCP header, field by field (RFC 9293 §3.1, Figure 1). `"flags"` is the whole
/// control-bits byte; its eight children are the bits. Options follow at byte 20 when the data
/// offset is above 5: see [`tcp_header_layout`].
pub const TCP_HEADER_FIELDS: &[HeaderField] = &[
    HeaderField::whole("src_port", "Source Port", "The source port number.", 0..2),
    HeaderField::whole(
        "dst_port",
        "Destination Port",
        "The destination port number.",
        2..4,
    ),
    HeaderField::whole(
        "seq",
        "Sequence Number",
        "The sequence number of the first data octet in this segment (except when SYN is \
         present; then it is the initial sequence number, ISN).",
        4..8,
    ),
    HeaderField::whole(
        "ack",
        "Acknowledgment Number",
        "If the ACK control bit is set, the next sequence number the sender of the segment is \
         expecting to receive.",
        8..12,
    ),
    HeaderField::bits(
        "data_offset",
        "Data Offset",
        "The number of 32-bit words in the TCP header; where the data begins.",
        12..13,
        0xf0,
        None,
    ),
    HeaderField::bits(
        "reserved",
        "Reserved",
        "Reserved for future use: zero when sent, ignored when received.",
        12..13,
        0x0f,
        None,
    ),
    HeaderField::whole(
        "flags",
        "Control Bits",
        "The eight control bits (flags).",
        13..14,
    ),
    HeaderField::bits(
        "flag_cwr",
        "CWR",
        "Congestion Window Reduced (RFC 3168).",
        13..14,
        0x80,
        Some("flags"),
    ),
    HeaderField::bits(
        "flag_ece",
        "ECE",
        "ECN-Echo (RFC 3168).",
        13..14,
        0x40,
        Some("flags"),
    ),
    HeaderField::bits(
        "flag_urg",
        "URG",
        "Urgent pointer field is significant.",
        13..14,
        0x20,
        Some("flags"),
    ),
    HeaderField::bits(
        "flag_ack",
        "ACK",
        "Acknowledgment field is significant.",
        13..14,
        0x10,
        Some("flags"),
    ),
    HeaderField::bits(
        "flag_psh",
        "PSH",
        "Push function.",
        13..14,
        0x08,
        Some("flags"),
    ),
    HeaderField::bits(
        "flag_rst",
        "RST",
        "Reset the connection.",
        13..14,
        0x04,
        Some("flags"),
    ),
    HeaderField::bits(
        "flag_syn",
        "SYN",
        "Synchronize sequence numbers.",
        13..14,
        0x02,
        Some("flags"),
    ),
    HeaderField::bits(
        "flag_fin",
        "FIN",
        "No more data from sender.",
        13..14,
        0x01,
        Some("flags"),
    ),
    HeaderField::whole(
        "window",
        "Window",
        "The number of data octets beginning with the one indicated in the acknowledgment field \
         that the sender of this segment is willing to accept.",
        14..16,
    ),
    HeaderField::whole(
        "checksum",
        "Checksum",
        "The 16-bit ones' complement of the ones' complement sum of the pseudo-header, header \
         and data.",
        16..18,
    ),
    HeaderField::whole(
        "urgent",
        "Urgent Pointer",
        "With URG set: the offset from the sequence number of the octet following the urgent data.",
        18..20,
    ),
];

/// The option fields of a header that carries only the MSS option (as the model's SYNs do):
/// RFC 9293 §3.2, "Maximum Segment Size: Kind: 2. Length: 4 bytes." followed by the 16-bit value.
const MSS_OPTION_FIELDS: &[HeaderField] = &[
    HeaderField::whole(
        "options",
        "Options",
        "TCP options, up to the data offset.",
        20..24,
    ),
    HeaderField {
        parent: Some("options"),
        ..HeaderField::whole(
            "mss",
            "Maximum Segment Size",
            "The largest segment the sender of this SYN can receive (RFC 9293 §3.7.1).",
            20..24,
        )
    },
    HeaderField {
        parent: Some("mss"),
        ..HeaderField::whole(
            "mss_kind",
            "Kind",
            "Option kind 2: Maximum Segment Size.",
            20..21,
        )
    },
    HeaderField {
        parent: Some("mss"),
        ..HeaderField::whole(
            "mss_length",
            "Length",
            "Option length 4, counting kind and length.",
            21..22,
        )
    },
    HeaderField {
        parent: Some("mss"),
        ..HeaderField::whole(
            "mss_value",
            "Maximum Segment Size",
            "The MSS value in octets.",
            22..24,
        )
    },
];

/// The 20-byte IPv4 header, field by field (RFC 791 §3.1; DSCP RFC 2474 §3, ECN RFC 3168 §5).
/// Keys carry an `ip_` prefix so they never collide with the TCP keys.
pub const IPV4_HEADER_FIELDS: &[HeaderField] = &[
    HeaderField::bits(
        "ip_version",
        "Version",
        "The header format: 4.",
        0..1,
        0xf0,
        None,
    ),
    HeaderField::bits(
        "ip_ihl",
        "IHL",
        "Internet Header Length in 32-bit words (5 = 20 bytes, no options).",
        0..1,
        0x0f,
        None,
    ),
    HeaderField::bits(
        "ip_dscp",
        "DSCP",
        "Differentiated Services Code Point (RFC 2474).",
        1..2,
        0xfc,
        None,
    ),
    HeaderField::bits(
        "ip_ecn",
        "ECN",
        "Explicit Congestion Notification (RFC 3168).",
        1..2,
        0x03,
        None,
    ),
    HeaderField::whole(
        "ip_total_length",
        "Total Length",
        "The length of the datagram in octets, including internet header and data.",
        2..4,
    ),
    HeaderField::whole(
        "ip_id",
        "Identification",
        "Assigned by the sender to aid in assembling the fragments of a datagram.",
        4..6,
    ),
    HeaderField::bits(
        "ip_flags",
        "Flags",
        "Various control flags.",
        6..7,
        0xe0,
        None,
    ),
    HeaderField::bits(
        "ip_flag_reserved",
        "Reserved",
        "Reserved, must be zero.",
        6..7,
        0x80,
        Some("ip_flags"),
    ),
    HeaderField::bits(
        "ip_flag_df",
        "DF",
        "Don't Fragment.",
        6..7,
        0x40,
        Some("ip_flags"),
    ),
    HeaderField::bits(
        "ip_flag_mf",
        "MF",
        "More Fragments.",
        6..7,
        0x20,
        Some("ip_flags"),
    ),
    HeaderField::bits(
        "ip_fragment_offset",
        "Fragment Offset",
        "Where in the datagram this fragment belongs, in units of 8 octets.",
        6..8,
        0x1fff,
        None,
    ),
    HeaderField::whole(
        "ip_ttl",
        "Time to Live",
        "The maximum time the datagram may remain in the internet system; each hop decrements it.",
        8..9,
    ),
    HeaderField::whole(
        "ip_protocol",
        "Protocol",
        "The next level protocol: 6 is TCP.",
        9..10,
    ),
    HeaderField::whole(
        "ip_checksum",
        "Header Checksum",
        "A checksum on the header only.",
        10..12,
    ),
    HeaderField::whole("ip_src", "Source Address", "The source address.", 12..16),
    HeaderField::whole(
        "ip_dst",
        "Destination Address",
        "The destination address.",
        16..20,
    ),
];

/// A header's bytes and its fields, for one concrete segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderLayout {
    /// The header bytes exactly as emitted (checksum included), without the payload.
    pub bytes: Vec<u8>,
    /// The fields, parents before their children, in header order.
    pub fields: Vec<HeaderField>,
}

impl HeaderLayout {
    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&HeaderField> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The fields that have no children: together they cover every bit of `bytes` exactly once.
    pub fn leaves(&self) -> impl Iterator<Item = &HeaderField> + '_ {
        self.fields
            .iter()
            .filter(|f| !self.fields.iter().any(|c| c.parent == Some(f.key)))
    }

    /// The bytes of one field (for a tooltip next to the hex dump).
    pub fn field_bytes(&self, key: &str) -> Option<&[u8]> {
        self.bytes.get(self.field(key)?.range())
    }
}

/// The TCP header of `seg` as sent from `src` to `dst` (so the checksum is the real one), with
/// every field's place in it, including the options region and the MSS option when present.
///
/// # Panics
/// As [`emit_tcp`]: if the segment is longer than 65 535 bytes.
pub fn tcp_header_layout(seg: &Segment, src: Ipv4Addr, dst: Ipv4Addr) -> HeaderLayout {
    let mut bytes = emit_tcp(seg, src, dst);
    bytes.truncate(seg.header_len());
    let mut fields = TCP_HEADER_FIELDS.to_vec();
    if seg.mss.is_some() {
        debug_assert_eq!(bytes.get(TCP_HEADER_LEN), Some(&OPTION_MSS));
        fields.extend_from_slice(MSS_OPTION_FIELDS);
    }
    HeaderLayout { bytes, fields }
}

/// The value of the first option of `kind` in a TCP header as captured (RFC 9293 §3.2: kind 0
/// ends the list, kind 1 is a one-byte NOP, every other option has a length byte counting kind
/// and length). `None` when the header has no such option or its options are malformed.
pub fn tcp_option(header: &[u8], kind: u8) -> Option<&[u8]> {
    let offset = usize::from(*header.get(12)? >> 4) * 4;
    let mut opts = header.get(TCP_HEADER_LEN..offset)?;
    while let Some((&k, rest)) = opts.split_first() {
        match k {
            0 => return None,
            1 => opts = rest,
            _ => {
                let len = usize::from(*rest.first()?);
                let value = opts.get(2..len)?;
                if k == kind {
                    return Some(value);
                }
                opts = &opts[len..];
            }
        }
    }
    None
}

/// The window scale shifts in effect on a connection, `[client, server]`, from its two SYNs'
/// headers: RFC 7323 §2.2 — scaling is in effect in both directions only if both SYNs carried the
/// Window Scale option (kind 3); a shift above 14 is used as 14 (§2.3). A segment's window field
/// is then multiplied by 2^shift of its sender (except on a SYN, never scaled).
pub fn window_shifts(client_syn: &[u8], server_syn: &[u8]) -> Option<[u8; 2]> {
    let shift = |h: &[u8]| tcp_option(h, 3).and_then(|v| v.first().copied());
    Some([shift(client_syn)?.min(14), shift(server_syn)?.min(14)])
}

/// The layout of a TCP header as another stack sent it — a header read from a capture, options
/// included (RFC 9293 §3.1, §3.2). The fixed 20 bytes are laid out as [`TCP_HEADER_FIELDS`]; the
/// options region, up to the data offset, is one `"options"` field; an MSS option at its start
/// (kind 2, length 4: where Linux and the model put it) gets the same fields as the model's
/// SYNs, and whatever follows it is one `"options_other"` field (SACK-permitted, timestamps,
/// window scale, NOPs: options this model never sends), so the leaves still cover every byte.
/// `None` when `bytes` is shorter than 20 bytes or than its own data offset says.
pub fn tcp_header_layout_of_bytes(bytes: &[u8]) -> Option<HeaderLayout> {
    let offset = usize::from(*bytes.get(12)? >> 4) * 4;
    if offset < TCP_HEADER_LEN || bytes.len() < offset {
        return None;
    }
    let bytes = bytes[..offset].to_vec();
    let mut fields = TCP_HEADER_FIELDS.to_vec();
    if offset > TCP_HEADER_LEN {
        let mss_first = offset >= TCP_HEADER_LEN + 4
            && bytes[TCP_HEADER_LEN] == OPTION_MSS
            && bytes[TCP_HEADER_LEN + 1] == 4;
        let start = if mss_first {
            fields.extend_from_slice(MSS_OPTION_FIELDS);
            TCP_HEADER_LEN + 4
        } else {
            fields.push(HeaderField::whole(
                "options",
                "Options",
                "TCP options, up to the data offset.",
                TCP_HEADER_LEN..TCP_HEADER_LEN,
            ));
            TCP_HEADER_LEN
        };
        // The options region is the whole of it, up to the data offset.
        if let Some(o) = fields.iter_mut().find(|f| f.key == "options") {
            o.end = offset;
        }
        if start < offset {
            fields.push(HeaderField {
                parent: Some("options"),
                ..HeaderField::whole(
                    "options_other",
                    "Other options",
                    "Options this model does not send (SACK-permitted RFC 2018, timestamps and window scale RFC 7323, NOP padding): shown as bytes.",
                    start..offset,
                )
            });
        }
    }
    Some(HeaderLayout { bytes, fields })
}
