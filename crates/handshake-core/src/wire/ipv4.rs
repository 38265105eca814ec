//! The IPv4 header (RFC 791 §3.1): a checked zero-copy view.
//!
//! ```text
//!     0                   1                   2                   3
//!     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |Version|  IHL  |Type of Service|          Total Length         |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |         Identification        |Flags|      Fragment Offset    |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |  Time to Live |    Protocol   |         Header Checksum       |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                       Source Address                          |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                    Destination Address                        |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                    Options                    |    Padding    |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//! (RFC 791 §3.1, "Example Internet Datagram Header". The Type of Service octet is now the
//! 6-bit DSCP and 2-bit ECN fields: RFC 2474 §3, RFC 3168 §5.)

use core::net::Ipv4Addr;

use super::{WireError, checksum, error::Layer};

/// Byte positions of the IPv4 header fields (RFC 791 §3.1).
pub(crate) mod field {
    use core::ops::Range;

    /// Version (high nibble) and IHL (low nibble).
    pub const VER_IHL: usize = 0;
    /// DSCP (high 6 bits) and ECN (low 2 bits).
    pub const DSCP_ECN: usize = 1;
    pub const TOTAL_LEN: Range<usize> = 2..4;
    pub const IDENT: Range<usize> = 4..6;
    /// Flags (3 high bits) and Fragment Offset (13 bits).
    pub const FLAGS_FRAG: Range<usize> = 6..8;
    pub const TTL: usize = 8;
    pub const PROTOCOL: usize = 9;
    pub const CHECKSUM: Range<usize> = 10..12;
    pub const SRC_ADDR: Range<usize> = 12..16;
    pub const DST_ADDR: Range<usize> = 16..20;

    /// RFC 791 §3.1 Flags, "Bit 1: (DF) 0 = May Fragment, 1 = Don't Fragment."
    pub const FLAG_DF: u16 = 0x4000;
    /// RFC 791 §3.1 Flags, "Bit 2: (MF) 0 = Last Fragment, 1 = More Fragments."
    pub const FLAG_MF: u16 = 0x2000;
    /// RFC 791 §3.1 Flags, "Bit 0: reserved, must be zero".
    pub const FLAG_RESERVED: u16 = 0x8000;
    /// RFC 791 §3.1: "Fragment Offset: 13 bits".
    pub const FRAG_OFFSET_MASK: u16 = 0x1fff;
}

/// RFC 791 §3.1: "Version: 4 bits. The Version field indicates the format of the internet
/// header. This document describes version 4."
pub const IPV4_VERSION: u8 = 4;

/// RFC 791 §3.1: "IHL: 4 bits. Internet Header Length is the length of the internet header in
/// 32 bit words ... Note that the minimum value for a correct header is 5." So 20 bytes.
pub const IPV4_HEADER_LEN: usize = 20;

/// A read/write view of an IPv4 packet over a byte buffer.
///
/// Build it with [`Ipv4Packet::new_checked`]: after that no accessor can panic. The packet is the
/// first `total_len` bytes of the buffer; bytes after it (link-layer padding) are ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ipv4Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Ipv4Packet<T> {
    /// Wraps a buffer without checking it. Accessors panic if the buffer is shorter than 20
    /// bytes; use this only to emit into a buffer you sized yourself.
    pub const fn new_unchecked(buffer: T) -> Ipv4Packet<T> {
        Ipv4Packet { buffer }
    }

    /// Wraps a buffer after [`check_len`](Self::check_len).
    pub fn new_checked(buffer: T) -> Result<Ipv4Packet<T>, WireError> {
        let packet = Ipv4Packet::new_unchecked(buffer);
        packet.check_len()?;
        Ok(packet)
    }

    /// Checks that the buffer holds a 20-byte header, that the version is 4, that
    /// 5 ≤ IHL and IHL × 4 ≤ total length ≤ buffer length (RFC 791 §3.1: "Total Length is the
    /// length of the datagram, measured in octets, including internet header and data").
    pub fn check_len(&self) -> Result<(), WireError> {
        let data = self.buffer.as_ref();
        let len = data.len();
        if len < IPV4_HEADER_LEN {
            return Err(WireError::Truncated {
                layer: Layer::Ipv4,
                len,
                need: IPV4_HEADER_LEN,
            });
        }
        let version = data[field::VER_IHL] >> 4;
        if version != IPV4_VERSION {
            return Err(WireError::WrongVersion { version });
        }
        let ihl = data[field::VER_IHL] & 0x0f;
        let header_len = usize::from(ihl) * 4;
        if header_len < IPV4_HEADER_LEN || header_len > len {
            return Err(WireError::BadHeaderLength { ihl, len });
        }
        let total_len = u16::from_be_bytes([data[2], data[3]]);
        if usize::from(total_len) < header_len || usize::from(total_len) > len {
            return Err(WireError::BadTotalLength {
                total_len,
                header_len,
                len,
            });
        }
        Ok(())
    }

    /// The wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn u16_at(&self, at: usize) -> u16 {
        let d = self.buffer.as_ref();
        u16::from_be_bytes([d[at], d[at + 1]])
    }

    fn addr_at(&self, at: usize) -> Ipv4Addr {
        let d = self.buffer.as_ref();
        Ipv4Addr::new(d[at], d[at + 1], d[at + 2], d[at + 3])
    }

    /// Version (high nibble of byte 0).
    pub fn version(&self) -> u8 {
        self.buffer.as_ref()[field::VER_IHL] >> 4
    }
    /// IHL (low nibble of byte 0): the header length in 32-bit words.
    pub fn ihl(&self) -> u8 {
        self.buffer.as_ref()[field::VER_IHL] & 0x0f
    }
    /// The header length in bytes (IHL × 4), never more than the buffer.
    pub fn header_len(&self) -> usize {
        (usize::from(self.ihl()) * 4).min(self.buffer.as_ref().len())
    }
    /// DSCP (high 6 bits of byte 1, RFC 2474 §3).
    pub fn dscp(&self) -> u8 {
        self.buffer.as_ref()[field::DSCP_ECN] >> 2
    }
    /// ECN (low 2 bits of byte 1, RFC 3168 §5).
    pub fn ecn(&self) -> u8 {
        self.buffer.as_ref()[field::DSCP_ECN] & 0x03
    }
    /// Total Length (bytes 2–3).
    pub fn total_len(&self) -> u16 {
        self.u16_at(field::TOTAL_LEN.start)
    }
    /// Identification (bytes 4–5).
    pub fn ident(&self) -> u16 {
        self.u16_at(field::IDENT.start)
    }
    /// The reserved flag (bit 0 of the flags; must be zero).
    pub fn reserved_flag(&self) -> bool {
        self.u16_at(field::FLAGS_FRAG.start) & field::FLAG_RESERVED != 0
    }
    /// DF, Don't Fragment.
    pub fn dont_frag(&self) -> bool {
        self.u16_at(field::FLAGS_FRAG.start) & field::FLAG_DF != 0
    }
    /// MF, More Fragments.
    pub fn more_frags(&self) -> bool {
        self.u16_at(field::FLAGS_FRAG.start) & field::FLAG_MF != 0
    }
    /// Fragment Offset, in units of 8 octets (RFC 791 §3.1).
    pub fn frag_offset(&self) -> u16 {
        self.u16_at(field::FLAGS_FRAG.start) & field::FRAG_OFFSET_MASK
    }
    /// Time to Live (byte 8).
    pub fn ttl(&self) -> u8 {
        self.buffer.as_ref()[field::TTL]
    }
    /// Protocol (byte 9); 6 is TCP.
    pub fn protocol(&self) -> u8 {
        self.buffer.as_ref()[field::PROTOCOL]
    }
    /// Header Checksum (bytes 10–11).
    pub fn checksum(&self) -> u16 {
        self.u16_at(field::CHECKSUM.start)
    }
    /// Source Address (bytes 12–15).
    pub fn src_addr(&self) -> Ipv4Addr {
        self.addr_at(field::SRC_ADDR.start)
    }
    /// Destination Address (bytes 16–19).
    pub fn dst_addr(&self) -> Ipv4Addr {
        self.addr_at(field::DST_ADDR.start)
    }
    /// The option bytes (IHL > 5), not interpreted.
    pub fn options(&self) -> &[u8] {
        let hl = self.header_len().max(IPV4_HEADER_LEN);
        self.buffer.as_ref().get(IPV4_HEADER_LEN..hl).unwrap_or(&[])
    }
    /// The data after the header, up to the total length.
    pub fn payload(&self) -> &[u8] {
        let d = self.buffer.as_ref();
        let end = usize::from(self.total_len()).min(d.len());
        d.get(self.header_len().max(IPV4_HEADER_LEN)..end)
            .unwrap_or(&[])
    }

    /// The header checksum the header should carry: RFC 791 §3.1, "The checksum field is the 16
    /// bit one's complement of the one's complement sum of all 16 bit words in the header. For
    /// purposes of computing the checksum, the value of the checksum field is zero."
    pub fn compute_checksum(&self) -> u16 {
        let header = &self.buffer.as_ref()[..self.header_len().max(IPV4_HEADER_LEN)];
        !checksum::combine(&[
            checksum::data(&header[..field::CHECKSUM.start]),
            checksum::data(&header[field::CHECKSUM.end..]),
        ])
    }

    /// Whether the header checksum is right.
    pub fn verify_checksum(&self) -> bool {
        let header = &self.buffer.as_ref()[..self.header_len().max(IPV4_HEADER_LEN)];
        checksum::data(header) == 0xffff
    }

    /// [`verify_checksum`](Self::verify_checksum) as a `Result` that says what was expected.
    pub fn check_checksum(&self) -> Result<(), WireError> {
        if self.verify_checksum() {
            Ok(())
        } else {
            let (found, expected) = (self.checksum(), self.compute_checksum());
            Err(WireError::BadChecksum {
                layer: Layer::Ipv4,
                found,
                expected,
            })
        }
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Ipv4Packet<T> {
    fn set_u16_at(&mut self, at: usize, value: u16) {
        self.buffer.as_mut()[at..at + 2].copy_from_slice(&value.to_be_bytes());
    }

    /// Sets the version (only the low 4 bits are used).
    pub fn set_version(&mut self, version: u8) {
        let b = &mut self.buffer.as_mut()[field::VER_IHL];
        *b = (*b & 0x0f) | (version << 4);
    }
    /// Sets the IHL in 32-bit words (only the low 4 bits are used).
    pub fn set_ihl(&mut self, words: u8) {
        let b = &mut self.buffer.as_mut()[field::VER_IHL];
        *b = (*b & 0xf0) | (words & 0x0f);
    }
    /// Sets DSCP (6 bits) and ECN (2 bits).
    pub fn set_dscp_ecn(&mut self, dscp: u8, ecn: u8) {
        self.buffer.as_mut()[field::DSCP_ECN] = (dscp << 2) | (ecn & 0x03);
    }
    pub fn set_total_len(&mut self, value: u16) {
        self.set_u16_at(field::TOTAL_LEN.start, value);
    }
    pub fn set_ident(&mut self, value: u16) {
        self.set_u16_at(field::IDENT.start, value);
    }
    /// Sets the flags and fragment offset (in units of 8 octets); the reserved flag is zero.
    pub fn set_frag(&mut self, dont_frag: bool, more_frags: bool, offset: u16) {
        let mut v = offset & field::FRAG_OFFSET_MASK;
        if dont_frag {
            v |= field::FLAG_DF;
        }
        if more_frags {
            v |= field::FLAG_MF;
        }
        self.set_u16_at(field::FLAGS_FRAG.start, v);
    }
    pub fn set_ttl(&mut self, value: u8) {
        self.buffer.as_mut()[field::TTL] = value;
    }
    pub fn set_protocol(&mut self, value: u8) {
        self.buffer.as_mut()[field::PROTOCOL] = value;
    }
    pub fn set_checksum(&mut self, value: u16) {
        self.set_u16_at(field::CHECKSUM.start, value);
    }
    pub fn set_src_addr(&mut self, addr: Ipv4Addr) {
        self.buffer.as_mut()[field::SRC_ADDR].copy_from_slice(&addr.octets());
    }
    pub fn set_dst_addr(&mut self, addr: Ipv4Addr) {
        self.buffer.as_mut()[field::DST_ADDR].copy_from_slice(&addr.octets());
    }
    /// The data after the header, up to the total length (IHL and total length must be set).
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let start = self.header_len().max(IPV4_HEADER_LEN);
        let d = self.buffer.as_mut();
        let end = usize::from(u16::from_be_bytes([d[2], d[3]])).min(d.len());
        d.get_mut(start..end).unwrap_or(&mut [])
    }
    /// Computes and writes the header checksum (RFC 791 §3.1).
    pub fn fill_checksum(&mut self) {
        let sum = self.compute_checksum();
        self.set_checksum(sum);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn view_clamps_after_a_bad_setter() {
        let mut b = vec![0u8; 20];
        b[0] = 0x45;
        b[3] = 20;
        let mut p = Ipv4Packet::new_checked(b).unwrap();
        p.set_ihl(15);
        p.set_total_len(9000);
        assert_eq!(p.header_len(), 20);
        assert_eq!(p.payload(), &[] as &[u8]);
        assert_eq!(p.options(), &[] as &[u8]);
        p.fill_checksum();
        assert!(p.verify_checksum());
        assert_eq!(p.payload_mut(), &mut [] as &mut [u8]);
    }
}
