//! The wire format: real TCP-over-IPv4 bytes with correct checksums, and back.
//!
//! Two layers, as in smoltcp's `wire` module:
//! * **views** over bytes — [`TcpPacket`] and [`Ipv4Packet`]. `new_checked` validates the
//!   lengths once, so no accessor can panic afterwards; `verify_checksum` and `fill_checksum`
//!   implement RFC 9293 §3.1 (with the IPv4 pseudo-header) and RFC 791 §3.1;
//! * the **repr** — the model's own [`Segment`], with [`Segment::parse`] from a view and
//!   [`Segment::emit`] into a buffer.
//!
//! The one-call helpers are what the simulator, the CLI's pcap export and the app's inspector use:
//! [`emit_ipv4_tcp`], [`parse_ipv4_tcp`], [`emit_tcp`], [`tcp_checksum`] and
//! [`tcp_header_layout`].
//!
//! Parsing never panics, whatever the bytes: every failure is a [`WireError`] whose message a
//! student can read.
//!
//! ```
//! use core::net::Ipv4Addr;
//! use handshake_core::{Flags, Segment, SeqNumber, wire};
//!
//! let (client, server) = (Ipv4Addr::new(192, 0, 2, 1), Ipv4Addr::new(192, 0, 2, 2));
//! let syn = Segment {
//!     src_port: 49152,
//!     dst_port: 80,
//!     seq: SeqNumber(1000),
//!     flags: Flags::SYN,
//!     window: 65535,
//!     mss: Some(1460),
//!     ..Segment::default()
//! };
//! let bytes = wire::emit_ipv4_tcp(&syn, client, server, 1);
//! assert_eq!(bytes.len(), 20 + 24);
//! assert_eq!(wire::parse_ipv4_tcp(&bytes), Ok((client, server, syn)));
//!
//! let err = wire::parse_ipv4_tcp(&bytes[..12]).unwrap_err();
//! assert_eq!(err.to_string(), "truncated: 12 bytes, an IPv4 header needs at least 20");
//! ```

mod checksum;
mod error;
mod ipv4;
mod layout;
mod tcp;

use alloc::vec::Vec;
use core::net::Ipv4Addr;

use crate::segment::Segment;

pub use error::{Layer, WireError};
pub use ipv4::{IPV4_HEADER_LEN, IPV4_VERSION, Ipv4Packet};
pub use layout::{
    HeaderField, HeaderLayout, IPV4_HEADER_FIELDS, TCP_HEADER_FIELDS, tcp_header_layout,
    tcp_header_layout_of_bytes, tcp_option, window_shifts,
};
pub use tcp::{
    IP_PROTOCOL_TCP, OPTION_END, OPTION_MSS, OPTION_MSS_LEN, OPTION_NOP, TCP_HEADER_LEN,
    TCP_MAX_HEADER_LEN, TcpOption, TcpOptions, TcpPacket, emit_tcp, tcp_checksum,
};

/// The TTL of emitted packets. RFC 1122 §3.2.1.7 leaves the default to the "Assigned Numbers"
/// RFC, which recommends 64 (RFC 1700, "IP Time To Live Parameter"); Linux and macOS send 64.
pub const DEFAULT_TTL: u8 = 64;

/// The largest TCP segment (header + data) an IPv4 packet without options can carry: RFC 791
/// §3.1, "Total Length: 16 bits", minus the 20-byte IPv4 header.
pub const MAX_IPV4_TCP_LEN: usize = u16::MAX as usize - IPV4_HEADER_LEN;

/// The segment as an IPv4 packet from `src` to `dst`: a 20-byte header (no options; TTL
/// [`DEFAULT_TTL`]; DF set, as hosts doing Path MTU Discovery send, RFC 1191 §3; protocol 6; the
/// given Identification) with its header checksum, then the TCP segment with its checksum.
///
/// # Panics
/// If the TCP segment is longer than [`MAX_IPV4_TCP_LEN`]. Use [`try_emit_ipv4_tcp`] to get an
/// error instead.
pub fn emit_ipv4_tcp(seg: &Segment, src: Ipv4Addr, dst: Ipv4Addr, ip_id: u16) -> Vec<u8> {
    match try_emit_ipv4_tcp(seg, src, dst, ip_id) {
        Ok(bytes) => bytes,
        Err(e) => panic!("emit_ipv4_tcp: {e}"),
    }
}

/// [`emit_ipv4_tcp`], returning [`WireError::TooLong`] instead of panicking.
pub fn try_emit_ipv4_tcp(
    seg: &Segment,
    src: Ipv4Addr,
    dst: Ipv4Addr,
    ip_id: u16,
) -> Result<Vec<u8>, WireError> {
    let tcp_len = seg.buffer_len();
    if tcp_len > MAX_IPV4_TCP_LEN {
        return Err(WireError::TooLong {
            len: tcp_len,
            max: MAX_IPV4_TCP_LEN,
        });
    }
    let total = IPV4_HEADER_LEN + tcp_len;
    let mut buf = alloc::vec![0u8; total];
    let mut ip = Ipv4Packet::new_unchecked(&mut buf[..]);
    ip.set_version(IPV4_VERSION);
    ip.set_ihl((IPV4_HEADER_LEN / 4) as u8);
    ip.set_dscp_ecn(0, 0);
    ip.set_total_len(total as u16);
    ip.set_ident(ip_id);
    ip.set_frag(true, false, 0);
    ip.set_ttl(DEFAULT_TTL);
    ip.set_protocol(IP_PROTOCOL_TCP);
    ip.set_src_addr(src);
    ip.set_dst_addr(dst);
    ip.fill_checksum();
    seg.emit(ip.payload_mut(), src, dst)?;
    Ok(buf)
}

/// Reads an IPv4 packet carrying a TCP segment: the source and destination addresses and the
/// segment. Rejects, with a [`WireError`]: a bad IPv4 header (version, IHL, total length) or
/// header checksum, a protocol other than TCP, a fragment, a bad TCP header or options, and a bad
/// TCP checksum. Never panics.
pub fn parse_ipv4_tcp(bytes: &[u8]) -> Result<(Ipv4Addr, Ipv4Addr, Segment), WireError> {
    let ip = Ipv4Packet::new_checked(bytes)?;
    ip.check_checksum()?;
    if ip.protocol() != IP_PROTOCOL_TCP {
        return Err(WireError::NotTcp {
            protocol: ip.protocol(),
        });
    }
    if ip.more_frags() || ip.frag_offset() != 0 {
        return Err(WireError::Fragment {
            offset: ip.frag_offset(),
            more_fragments: ip.more_frags(),
        });
    }
    let (src, dst) = (ip.src_addr(), ip.dst_addr());
    let tcp = TcpPacket::new_checked(ip.payload())?;
    tcp.check_checksum(src, dst)?;
    Ok((src, dst, Segment::parse(&tcp)?))
}
