//! From a link-layer frame to a TCP header over IPv4.
//!
//! Lenient where real captures need it: checksums are not checked (a capture taken at the sender
//! usually sees checksum offload's placeholder, not the real sum), and the payload length comes
//! from the IPv4 Total Length, so a capture that kept only the headers (a short snap length)
//! still gives every segment's length.

use std::net::{Ipv4Addr, SocketAddrV4};

use handshake_core::wire::{IP_PROTOCOL_TCP, TcpPacket};
use handshake_core::{Flags, SeqNumber};

/// The link types read (tcpdump.org's LINKTYPE_ numbers).
pub mod link {
    /// BSD loopback: a 4-byte address family in the writing host's byte order.
    pub const NULL: u32 = 0;
    pub const ETHERNET: u32 = 1;
    /// Raw IP (IPv4 or IPv6 by the version field). Some BSD files use 12 or 14 for it.
    pub const RAW: u32 = 101;
    pub const RAW_BSD_12: u32 = 12;
    pub const RAW_BSD_14: u32 = 14;
    /// OpenBSD loopback: like NULL, always big-endian.
    pub const LOOP: u32 = 108;
    /// Linux cooked capture (`tcpdump -i any`), 16-byte header.
    pub const LINUX_SLL: u32 = 113;
    pub const IPV4: u32 = 228;
    pub const IPV6: u32 = 229;
    /// Linux cooked capture v2, 20-byte header.
    pub const LINUX_SLL2: u32 = 276;

    /// Whether [`super::decode`] reads this link type.
    pub const fn is_supported(l: u32) -> bool {
        matches!(
            l,
            NULL | ETHERNET
                | RAW
                | RAW_BSD_12
                | RAW_BSD_14
                | LOOP
                | LINUX_SLL
                | IPV4
                | IPV6
                | LINUX_SLL2
        )
    }
}

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86dd;
const ETHERTYPE_VLAN: [u16; 3] = [0x8100, 0x88a8, 0x9100];

/// The TCP header fields of one segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpHeader {
    pub src: SocketAddrV4,
    pub dst: SocketAddrV4,
    pub seq: SeqNumber,
    pub ack: SeqNumber,
    pub flags: Flags,
    pub window: u16,
    pub urgent: u16,
    pub checksum: u16,
    pub mss: Option<u16>,
    /// Header length in 32-bit words.
    pub data_offset: u8,
    /// Payload bytes on the wire.
    pub len: u32,
    /// The header as captured, options included: the first `data_offset · 4` bytes are it.
    pub raw: [u8; 60],
}

impl TcpHeader {
    /// The header's bytes as captured (20 to 60 bytes, options included).
    pub fn header_bytes(&self) -> &[u8] {
        &self.raw[..usize::from(self.data_offset) * 4]
    }
}

/// What one frame is.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    Tcp(TcpHeader),
    Ipv6,
    Ipv4Other,
    Fragment,
    NotIp,
    UnsupportedLink,
    Malformed,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

/// Decodes a frame of link type `link`.
pub fn decode(link: u32, frame: &[u8]) -> Decoded {
    let network = |ethertype: u16, rest: &[u8]| match ethertype {
        ETHERTYPE_IPV4 => ipv4(rest),
        ETHERTYPE_IPV6 => Decoded::Ipv6,
        _ => Decoded::NotIp,
    };
    let by_version = |rest: &[u8]| match rest.first().map(|b| b >> 4) {
        Some(4) => ipv4(rest),
        Some(6) => Decoded::Ipv6,
        Some(_) => Decoded::NotIp,
        None => Decoded::Malformed,
    };
    match link {
        link::ETHERNET => {
            let mut at = 12;
            let Some(mut ethertype) = be16(frame, at) else {
                return Decoded::Malformed;
            };
            // 802.1Q / 802.1ad tags.
            while ETHERTYPE_VLAN.contains(&ethertype) {
                at += 4;
                let Some(e) = be16(frame, at) else {
                    return Decoded::Malformed;
                };
                ethertype = e;
            }
            network(ethertype, &frame[at + 2..])
        }
        link::RAW | link::RAW_BSD_12 | link::RAW_BSD_14 | link::IPV4 | link::IPV6 => {
            by_version(frame)
        }
        link::LINUX_SLL => match be16(frame, 14) {
            Some(e) => network(e, &frame[16..]),
            None => Decoded::Malformed,
        },
        link::LINUX_SLL2 => match (be16(frame, 0), frame.get(20..)) {
            (Some(e), Some(rest)) => network(e, rest),
            _ => Decoded::Malformed,
        },
        link::NULL | link::LOOP => {
            let Some(h) = frame.get(..4) else {
                return Decoded::Malformed;
            };
            let h = [h[0], h[1], h[2], h[3]];
            // NULL is in the writer's byte order, LOOP big-endian: accept either.
            let family = |f: u32| match f {
                2 => Some(true),
                10 | 24 | 28 | 30 => Some(false),
                _ => None,
            };
            let fam = family(u32::from_be_bytes(h));
            let fam = if link == link::NULL {
                fam.or(family(u32::from_le_bytes(h)))
            } else {
                fam
            };
            match fam {
                Some(true) => ipv4(&frame[4..]),
                Some(false) => Decoded::Ipv6,
                None => Decoded::NotIp,
            }
        }
        _ => Decoded::UnsupportedLink,
    }
}

/// An IPv4 packet carrying TCP: the header checks that matter for reading, nothing more.
fn ipv4(b: &[u8]) -> Decoded {
    if b.len() < 20 || b[0] >> 4 != 4 {
        return Decoded::Malformed;
    }
    let ihl = usize::from(b[0] & 0x0f) * 4;
    if ihl < 20 || ihl > b.len() {
        return Decoded::Malformed;
    }
    let total = usize::from(u16::from_be_bytes([b[2], b[3]]));
    let frag = u16::from_be_bytes([b[6], b[7]]);
    if frag & 0x3fff != 0 {
        // More fragments, or a non-zero offset: reassembly is not done.
        return Decoded::Fragment;
    }
    if b[9] != IP_PROTOCOL_TCP {
        return Decoded::Ipv4Other;
    }
    // A total length of 0 is what a capture of a TSO-offloaded segment may show: use the bytes.
    let total = if total == 0 { b.len() } else { total };
    if total < ihl {
        return Decoded::Malformed;
    }
    let src = Ipv4Addr::new(b[12], b[13], b[14], b[15]);
    let dst = Ipv4Addr::new(b[16], b[17], b[18], b[19]);
    let seg = &b[ihl..];
    // The header must be captured whole (with its options); the payload need not be.
    let Ok(tcp) = TcpPacket::new_checked(seg) else {
        return Decoded::Malformed;
    };
    let header_len = tcp.header_len();
    let Some(len) = total.checked_sub(ihl + header_len) else {
        return Decoded::Malformed;
    };
    Decoded::Tcp(TcpHeader {
        src: SocketAddrV4::new(src, tcp.src_port()),
        dst: SocketAddrV4::new(dst, tcp.dst_port()),
        seq: tcp.seq_number(),
        ack: tcp.ack_number(),
        flags: tcp.flags(),
        window: tcp.window(),
        urgent: tcp.urgent(),
        checksum: tcp.checksum(),
        mss: tcp.mss(),
        data_offset: tcp.data_offset(),
        len: len as u32,
        raw: {
            let mut raw = [0; 60];
            raw[..header_len].copy_from_slice(&seg[..header_len]);
            raw
        },
    })
}
