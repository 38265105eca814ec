//! The TCP header (RFC 9293 §3.1): a checked zero-copy view, its options, and the
//! [`Segment`] repr's `parse` and `emit`.
//!
//! ```text
//!     0                   1                   2                   3
//!     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |          Source Port          |       Destination Port        |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                        Sequence Number                        |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                    Acknowledgment Number                      |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |  Data |       |C|E|U|A|P|R|S|F|                               |
//!    | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
//!    |       |       |R|E|G|K|H|T|N|N|                               |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |           Checksum            |         Urgent Pointer        |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                           [Options]                           |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!    |                                                               :
//!    :                             Data                              :
//!    :                                                               |
//!    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//! (RFC 9293 §3.1, Figure 1.)

use alloc::vec::Vec;
use core::net::Ipv4Addr;

use super::{WireError, checksum, error::Layer};
use crate::segment::{Flags, Segment};
use crate::seq::SeqNumber;

/// Byte positions of the fixed header fields (RFC 9293 §3.1, Figure 1).
pub(crate) mod field {
    use core::ops::Range;

    pub const SRC_PORT: Range<usize> = 0..2;
    pub const DST_PORT: Range<usize> = 2..4;
    pub const SEQ_NUM: Range<usize> = 4..8;
    pub const ACK_NUM: Range<usize> = 8..12;
    /// Data Offset (high nibble) and Rsrvd (low nibble).
    pub const DATA_OFFSET: usize = 12;
    pub const DATA_OFFSET_MASK: u8 = 0xf0;
    pub const RESERVED_MASK: u8 = 0x0f;
    /// The eight control bits, CWR (MSB) … FIN (LSB).
    pub const FLAGS: usize = 13;
    pub const WINDOW: Range<usize> = 14..16;
    pub const CHECKSUM: Range<usize> = 16..18;
    pub const URGENT: Range<usize> = 18..20;
    /// Options start right after the fixed header.
    pub const OPTIONS: usize = 20;
}

/// RFC 9293 §3.1: "Data Offset (DOffset): 4 bits. The number of 32-bit words in the TCP header.
/// This indicates where the data begins. The TCP header (even one including options) is an
/// integral number of 32 bits long." Without options the header is 5 words.
pub const TCP_HEADER_LEN: usize = 20;

/// The longest TCP header: the data offset is 4 bits, so at most 15 words (RFC 9293 §3.1).
pub const TCP_MAX_HEADER_LEN: usize = 15 * 4;

/// RFC 9293 §3.2, "End of Option List": `Kind: 0`, one octet, no length.
pub const OPTION_END: u8 = 0;
/// RFC 9293 §3.2, "No-Operation": `Kind: 1`, one octet, no length.
pub const OPTION_NOP: u8 = 1;
/// RFC 9293 §3.2, "Maximum Segment Size": `Kind: 2. Length: 4 bytes.`
pub const OPTION_MSS: u8 = 2;
/// The length octet of the MSS option (RFC 9293 §3.2: "Length: 4 bytes").
pub const OPTION_MSS_LEN: u8 = 4;

/// The IP protocol number of TCP, the `PTCL` of the pseudo-header (RFC 9293 §3.1: "The protocol
/// number from the IP header"; 6 in the IANA protocol-numbers registry, RFC 790).
pub const IP_PROTOCOL_TCP: u8 = 6;

/// One TCP option (RFC 9293 §3.1 "Options", §3.2 "Specific Option Definitions").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpOption<'a> {
    /// Kind 0. "This option code indicates the end of the option list." The iterator stops after
    /// it: RFC 9293 §3.1, "The content of the header beyond the End of Option List Option must be
    /// header padding of zeros."
    EndOfList,
    /// Kind 1, used for alignment.
    NoOperation,
    /// Kind 2, the sender's maximum receive segment size (RFC 9293 §3.7.1).
    MaxSegmentSize(u16),
    /// Any other kind, with a valid length: skipped by the model. RFC 9293 §3.1 (MUST-5): "A
    /// TCP implementation MUST ignore without error any TCP Option it does not implement,
    /// assuming that the option has a length field."
    Unknown { kind: u8, data: &'a [u8] },
}

/// Iterates the options of a header. Yields an error (and then stops) at the first malformed
/// option; never panics, whatever the bytes.
#[derive(Clone, Debug)]
pub struct TcpOptions<'a> {
    bytes: &'a [u8],
    /// Position in `bytes`.
    at: usize,
    done: bool,
}

impl<'a> TcpOptions<'a> {
    /// Options from the bytes between the fixed header and the data offset.
    pub fn new(bytes: &'a [u8]) -> TcpOptions<'a> {
        TcpOptions {
            bytes,
            at: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for TcpOptions<'a> {
    type Item = Result<TcpOption<'a>, WireError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let rest = self.bytes.get(self.at..).unwrap_or(&[]);
        let Some((&kind, after_kind)) = rest.split_first() else {
            self.done = true;
            return None;
        };
        let offset = field::OPTIONS + self.at;
        let option = match kind {
            OPTION_END => {
                self.done = true;
                return Some(Ok(TcpOption::EndOfList));
            }
            OPTION_NOP => {
                self.at += 1;
                return Some(Ok(TcpOption::NoOperation));
            }
            _ => {
                // RFC 9293 §3.1 (MUST-68): "All TCP Options except End of Option List and
                // No-Operation MUST have length fields". (MUST-7): "TCP implementations MUST be
                // prepared to handle an illegal option length (e.g., zero)".
                let room = rest.len();
                let bad = |length| WireError::BadOption {
                    offset,
                    kind,
                    length,
                    room,
                };
                let Some(&length) = after_kind.first() else {
                    self.done = true;
                    return Some(Err(bad(None)));
                };
                // "The option-length counts the two octets of option-kind and option-length as
                // well as the option-data octets."
                let len = usize::from(length);
                if len < 2 || len > room || (kind == OPTION_MSS && length != OPTION_MSS_LEN) {
                    self.done = true;
                    return Some(Err(bad(Some(length))));
                }
                let data = &rest[2..len];
                self.at += len;
                match (kind, data) {
                    (OPTION_MSS, &[hi, lo]) => {
                        TcpOption::MaxSegmentSize(u16::from_be_bytes([hi, lo]))
                    }
                    _ => TcpOption::Unknown { kind, data },
                }
            }
        };
        Some(Ok(option))
    }
}

/// A read/write view of a TCP segment (header, options and payload) over a byte buffer.
///
/// Build it with [`TcpPacket::new_checked`]: after that no accessor can panic. Lengths are the
/// buffer's: the whole buffer is the segment (as in an IPv4 payload), so checksums cover all of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcpPacket<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> TcpPacket<T> {
    /// Wraps a buffer without checking it. Accessors of the fixed header panic if the buffer is
    /// shorter than 20 bytes; use this only to emit into a buffer you sized yourself.
    pub const fn new_unchecked(buffer: T) -> TcpPacket<T> {
        TcpPacket { buffer }
    }

    /// Wraps a buffer after [`check_len`](Self::check_len): it holds a full header, the data
    /// offset is sane and the options are well formed.
    pub fn new_checked(buffer: T) -> Result<TcpPacket<T>, WireError> {
        let packet = TcpPacket::new_unchecked(buffer);
        packet.check_len()?;
        Ok(packet)
    }

    /// Checks that the buffer holds the fixed header (RFC 9293 §3.1: 20 bytes), that
    /// 5 ≤ data offset and data offset × 4 ≤ buffer length, and that every option before the
    /// data offset has a valid length (RFC 9293 §3.1 MUST-7, MUST-68; MSS length 4, §3.2).
    pub fn check_len(&self) -> Result<(), WireError> {
        let data = self.buffer.as_ref();
        let len = data.len();
        if len < TCP_HEADER_LEN {
            return Err(WireError::Truncated {
                layer: Layer::Tcp,
                len,
                need: TCP_HEADER_LEN,
            });
        }
        let data_offset = data[field::DATA_OFFSET] >> 4;
        let header_len = usize::from(data_offset) * 4;
        if header_len < TCP_HEADER_LEN || header_len > len {
            return Err(WireError::BadDataOffset { data_offset, len });
        }
        match TcpOptions::new(&data[field::OPTIONS..header_len]).find_map(Result::err) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn u16_at(&self, at: usize) -> u16 {
        let d = self.buffer.as_ref();
        u16::from_be_bytes([d[at], d[at + 1]])
    }

    fn u32_at(&self, at: usize) -> u32 {
        let d = self.buffer.as_ref();
        u32::from_be_bytes([d[at], d[at + 1], d[at + 2], d[at + 3]])
    }

    /// Source Port (bytes 0–1).
    pub fn src_port(&self) -> u16 {
        self.u16_at(field::SRC_PORT.start)
    }
    /// Destination Port (bytes 2–3).
    pub fn dst_port(&self) -> u16 {
        self.u16_at(field::DST_PORT.start)
    }
    /// Sequence Number (bytes 4–7).
    pub fn seq_number(&self) -> SeqNumber {
        SeqNumber(self.u32_at(field::SEQ_NUM.start))
    }
    /// Acknowledgment Number (bytes 8–11); meaningful only with ACK set.
    pub fn ack_number(&self) -> SeqNumber {
        SeqNumber(self.u32_at(field::ACK_NUM.start))
    }
    /// Data Offset (high nibble of byte 12): the header length in 32-bit words.
    pub fn data_offset(&self) -> u8 {
        self.buffer.as_ref()[field::DATA_OFFSET] >> 4
    }
    /// The header length in bytes (data offset × 4), never more than the buffer.
    pub fn header_len(&self) -> usize {
        (usize::from(self.data_offset()) * 4).min(self.buffer.as_ref().len())
    }
    /// Rsrvd (low nibble of byte 12). RFC 9293 §3.1: "Must be zero in generated segments and
    /// must be ignored in received segments if the corresponding future features are not
    /// implemented by the sending or receiving host."
    pub fn reserved(&self) -> u8 {
        self.buffer.as_ref()[field::DATA_OFFSET] & field::RESERVED_MASK
    }
    /// The eight control bits (byte 13).
    pub fn flags(&self) -> Flags {
        Flags(self.buffer.as_ref()[field::FLAGS])
    }
    /// Window (bytes 14–15).
    pub fn window(&self) -> u16 {
        self.u16_at(field::WINDOW.start)
    }
    /// Checksum (bytes 16–17).
    pub fn checksum(&self) -> u16 {
        self.u16_at(field::CHECKSUM.start)
    }
    /// Urgent Pointer (bytes 18–19).
    pub fn urgent(&self) -> u16 {
        self.u16_at(field::URGENT.start)
    }
    /// The option bytes, between the fixed header and the data offset (may be empty).
    pub fn options(&self) -> &[u8] {
        let hl = self.header_len().max(TCP_HEADER_LEN);
        self.buffer.as_ref().get(TCP_HEADER_LEN..hl).unwrap_or(&[])
    }
    /// The options, decoded.
    pub fn option_iter(&self) -> TcpOptions<'_> {
        TcpOptions::new(self.options())
    }
    /// The value of the first MSS option, if any.
    pub fn mss(&self) -> Option<u16> {
        self.option_iter().find_map(|o| match o {
            Ok(TcpOption::MaxSegmentSize(m)) => Some(m),
            _ => None,
        })
    }
    /// The data after the header.
    pub fn payload(&self) -> &[u8] {
        let hl = self.header_len().max(TCP_HEADER_LEN);
        self.buffer.as_ref().get(hl..).unwrap_or(&[])
    }

    /// The checksum the segment should carry between `src` and `dst`: the 1's complement of the
    /// sum of the pseudo-header and the segment with the checksum field taken as zero
    /// (RFC 9293 §3.1). `None` if the segment is too long for the pseudo-header's 16-bit length.
    pub fn compute_checksum(&self, src: Ipv4Addr, dst: Ipv4Addr) -> Option<u16> {
        let data = self.buffer.as_ref();
        let length = u16::try_from(data.len()).ok()?;
        let (before, rest) = data.split_at(field::CHECKSUM.start.min(data.len()));
        let after = rest.get(2..).unwrap_or(&[]);
        Some(!checksum::combine(&[
            checksum::pseudo_header(src, dst, IP_PROTOCOL_TCP, length),
            checksum::data(before),
            checksum::data(after),
        ]))
    }

    /// Whether the checksum field is right for a segment from `src` to `dst` (RFC 9293 §3.1).
    pub fn verify_checksum(&self, src: Ipv4Addr, dst: Ipv4Addr) -> bool {
        let data = self.buffer.as_ref();
        let Ok(length) = u16::try_from(data.len()) else {
            return false;
        };
        checksum::combine(&[
            checksum::pseudo_header(src, dst, IP_PROTOCOL_TCP, length),
            checksum::data(data),
        ]) == 0xffff
    }

    /// [`verify_checksum`](Self::verify_checksum) as a `Result` that says what was expected.
    pub fn check_checksum(&self, src: Ipv4Addr, dst: Ipv4Addr) -> Result<(), WireError> {
        let len = self.buffer.as_ref().len();
        let max = usize::from(u16::MAX);
        let expected = self
            .compute_checksum(src, dst)
            .ok_or(WireError::TooLong { len, max })?;
        if self.verify_checksum(src, dst) {
            Ok(())
        } else {
            Err(WireError::BadChecksum {
                layer: Layer::Tcp,
                found: self.checksum(),
                expected,
            })
        }
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> TcpPacket<T> {
    fn set_u16_at(&mut self, at: usize, value: u16) {
        self.buffer.as_mut()[at..at + 2].copy_from_slice(&value.to_be_bytes());
    }

    pub fn set_src_port(&mut self, value: u16) {
        self.set_u16_at(field::SRC_PORT.start, value);
    }
    pub fn set_dst_port(&mut self, value: u16) {
        self.set_u16_at(field::DST_PORT.start, value);
    }
    pub fn set_seq_number(&mut self, value: SeqNumber) {
        self.buffer.as_mut()[field::SEQ_NUM].copy_from_slice(&value.0.to_be_bytes());
    }
    pub fn set_ack_number(&mut self, value: SeqNumber) {
        self.buffer.as_mut()[field::ACK_NUM].copy_from_slice(&value.0.to_be_bytes());
    }
    /// Sets the data offset (in 32-bit words; only the low 4 bits are used).
    pub fn set_data_offset(&mut self, words: u8) {
        let b = &mut self.buffer.as_mut()[field::DATA_OFFSET];
        *b = (*b & !field::DATA_OFFSET_MASK) | (words << 4);
    }
    /// Sets the reserved bits (only the low 4 bits are used).
    pub fn set_reserved(&mut self, bits: u8) {
        let b = &mut self.buffer.as_mut()[field::DATA_OFFSET];
        *b = (*b & !field::RESERVED_MASK) | (bits & field::RESERVED_MASK);
    }
    pub fn set_flags(&mut self, flags: Flags) {
        self.buffer.as_mut()[field::FLAGS] = flags.bits();
    }
    pub fn set_window(&mut self, value: u16) {
        self.set_u16_at(field::WINDOW.start, value);
    }
    pub fn set_checksum(&mut self, value: u16) {
        self.set_u16_at(field::CHECKSUM.start, value);
    }
    pub fn set_urgent(&mut self, value: u16) {
        self.set_u16_at(field::URGENT.start, value);
    }
    /// The option bytes, to write options into (the data offset must be set first).
    pub fn options_mut(&mut self) -> &mut [u8] {
        let hl = self.header_len().max(TCP_HEADER_LEN);
        self.buffer
            .as_mut()
            .get_mut(TCP_HEADER_LEN..hl)
            .unwrap_or(&mut [])
    }
    /// The data after the header (the data offset must be set first).
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let hl = self.header_len().max(TCP_HEADER_LEN);
        self.buffer.as_mut().get_mut(hl..).unwrap_or(&mut [])
    }

    /// Computes and writes the checksum for a segment from `src` to `dst` (RFC 9293 §3.1).
    /// Returns [`WireError::TooLong`] (and writes nothing) if the buffer is longer than the
    /// pseudo-header's 16-bit TCP Length can say.
    pub fn fill_checksum(&mut self, src: Ipv4Addr, dst: Ipv4Addr) -> Result<(), WireError> {
        let len = self.buffer.as_ref().len();
        let max = usize::from(u16::MAX);
        let sum = self
            .compute_checksum(src, dst)
            .ok_or(WireError::TooLong { len, max })?;
        self.set_checksum(sum);
        Ok(())
    }
}

impl Segment {
    /// Reads a segment from a TCP view: every header field, the first MSS option (RFC 9293
    /// §3.7.1), the payload. NOP, End of Option List and unknown options with valid lengths are
    /// skipped (RFC 9293 §3.1 MUST-5); a bad option length is an error (MUST-7). The reserved bits
    /// are ignored, as RFC 9293 §3.1 says receivers must.
    ///
    /// The checksum is **not** checked here (it needs the IP addresses): use
    /// [`TcpPacket::check_checksum`], or [`parse_ipv4_tcp`](super::parse_ipv4_tcp) which does both.
    pub fn parse<T: AsRef<[u8]>>(packet: &TcpPacket<T>) -> Result<Segment, WireError> {
        // Re-check, so that a view made with `new_unchecked` cannot make this panic.
        packet.check_len()?;
        Ok(Segment {
            src_port: packet.src_port(),
            dst_port: packet.dst_port(),
            seq: packet.seq_number(),
            ack: packet.ack_number(),
            flags: packet.flags(),
            window: packet.window(),
            urgent: packet.urgent(),
            mss: packet.mss(),
            payload: packet.payload().to_vec(),
        })
    }

    /// The number of bytes [`emit`](Self::emit) writes: header (with options) plus payload.
    pub fn buffer_len(&self) -> usize {
        self.header_len() + self.payload.len()
    }

    /// Writes the segment, with its checksum for `src` → `dst`, into the first
    /// [`buffer_len`](Self::buffer_len) bytes of `buf`, and returns that length.
    ///
    /// Reserved bits are written as zero (RFC 9293 §3.1); the MSS option, when present, is the
    /// only option, so the header is 24 bytes and needs no padding.
    pub fn emit(&self, buf: &mut [u8], src: Ipv4Addr, dst: Ipv4Addr) -> Result<usize, WireError> {
        let need = self.buffer_len();
        if need > usize::from(u16::MAX) {
            return Err(WireError::TooLong {
                len: need,
                max: usize::from(u16::MAX),
            });
        }
        let Some(buf) = buf.get_mut(..need) else {
            return Err(WireError::BufferTooSmall {
                len: buf.len(),
                need,
            });
        };
        let (header, payload) = buf.split_at_mut(self.header_len());
        self.emit_header(header);
        payload.copy_from_slice(&self.payload);
        TcpPacket::new_unchecked(buf).fill_checksum(src, dst)?;
        Ok(need)
    }

    /// Writes the header (with the MSS option, if any) into `buf`, whose length is
    /// [`Segment::header_len`], with the checksum field zero.
    fn emit_header(&self, buf: &mut [u8]) {
        let mut p = TcpPacket::new_unchecked(buf);
        p.set_src_port(self.src_port);
        p.set_dst_port(self.dst_port);
        p.set_seq_number(self.seq);
        p.set_ack_number(self.ack);
        p.set_data_offset(self.data_offset());
        p.set_reserved(0);
        p.set_flags(self.flags);
        p.set_window(self.window);
        p.set_checksum(0);
        p.set_urgent(self.urgent);
        if let Some(mss) = self.mss {
            let [hi, lo] = mss.to_be_bytes();
            p.options_mut()
                .copy_from_slice(&[OPTION_MSS, OPTION_MSS_LEN, hi, lo]);
        }
    }
}

/// The segment as TCP bytes (header, options, payload) with its checksum for `src` → `dst`.
///
/// # Panics
/// If the segment is longer than 65 535 bytes, which the pseudo-header's 16-bit TCP Length
/// cannot express. Use [`Segment::emit`] to get an error instead.
pub fn emit_tcp(seg: &Segment, src: Ipv4Addr, dst: Ipv4Addr) -> Vec<u8> {
    let mut buf = alloc::vec![0; seg.buffer_len()];
    if let Err(e) = seg.emit(&mut buf, src, dst) {
        panic!("emit_tcp: {e}");
    }
    buf
}

/// The checksum field [`emit_tcp`] writes for this segment from `src` to `dst`.
///
/// # Panics
/// As [`emit_tcp`].
pub fn tcp_checksum(seg: &Segment, src: Ipv4Addr, dst: Ipv4Addr) -> u16 {
    // The same sum as `fill_checksum` over `emit_tcp`'s bytes, without building them (the
    // simulator takes one per segment): the header on the stack, the payload where it is. The
    // header is 20 or 24 bytes, so the payload's 16-bit words pair up as in the whole buffer.
    let Ok(length) = u16::try_from(seg.buffer_len()) else {
        let e = WireError::TooLong {
            len: seg.buffer_len(),
            max: usize::from(u16::MAX),
        };
        panic!("emit_tcp: {e}");
    };
    !checksum::combine(&[
        checksum::pseudo_header(src, dst, IP_PROTOCOL_TCP, length),
        header_sum(seg),
        checksum::data(&seg.payload),
    ])
}

/// The sum of the header `emit_header` writes (checksum field zero) as big-endian 16-bit words,
/// from the fields: what `checksum::data` gives over those bytes, without storing them one by
/// one and loading them back four at a time (a stalled load per segment, issue 15).
fn header_sum(seg: &Segment) -> u16 {
    let mut acc = u64::from(seg.src_port)
        + u64::from(seg.dst_port)
        + checksum::words32(seg.seq.0)
        + checksum::words32(seg.ack.0)
        // Data offset (high 4 bits), reserved bits zero, then the flags byte.
        + (u64::from(seg.data_offset()) << 12 | u64::from(seg.flags.bits()))
        + u64::from(seg.window)
        + u64::from(seg.urgent);
    if let Some(mss) = seg.mss {
        acc += (u64::from(OPTION_MSS) << 8 | u64::from(OPTION_MSS_LEN)) + u64::from(mss);
    }
    checksum::fold(acc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn header(data_offset: u8, options: &[u8]) -> Vec<u8> {
        let mut b = vec![0u8; 20];
        b[12] = data_offset << 4;
        b.extend_from_slice(options);
        b
    }

    fn options_of(opts: &[u8]) -> Vec<Result<TcpOption<'_>, WireError>> {
        TcpOptions::new(opts).collect()
    }

    #[test]
    fn tcp_checksum_is_the_checksum_emit_writes() {
        let (src, dst) = (Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(10, 0, 0, 2));
        // (ports, seq, ack, flags, window, urgent): ordinary, all zero, all ones, carries.
        let headers = [
            (
                (40000, 80),
                (0xdead_beef, 0x0102_0304),
                Flags::ACK | Flags::PSH,
                1000,
                7,
            ),
            ((0, 0), (0, 0), Flags(0), 0, 0),
            (
                (0xffff, 0xffff),
                (u32::MAX, u32::MAX),
                Flags(0xff),
                0xffff,
                0xffff,
            ),
            ((1, 2), (0x0001_ffff, 0xffff_0001), Flags::SYN, 65535, 0),
        ];
        for len in [0usize, 1, 2, 3, 99, 100, 1460] {
            for mss in [None, Some(0), Some(1460), Some(0xffff)] {
                for ((src_port, dst_port), (seq, ack), flags, window, urgent) in headers {
                    let seg = Segment {
                        src_port,
                        dst_port,
                        seq: SeqNumber(seq),
                        ack: SeqNumber(ack),
                        flags,
                        window,
                        urgent,
                        mss,
                        payload: (0..len).map(|i| (i * 37 + 11) as u8).collect(),
                    };
                    let bytes = emit_tcp(&seg, src, dst);
                    let p = TcpPacket::new_unchecked(&bytes[..]);
                    assert!(p.verify_checksum(src, dst));
                    assert_eq!(tcp_checksum(&seg, src, dst), p.checksum(), "{seg:?}");
                }
            }
        }
    }

    #[test]
    fn options_nop_end_unknown_mss() {
        // NOP, MSS 1460, unknown kind 8 (timestamps, 10 bytes), EOL, padding.
        let opts = [
            1, 2, 4, 0x05, 0xb4, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0,
        ];
        assert_eq!(
            options_of(&opts),
            vec![
                Ok(TcpOption::NoOperation),
                Ok(TcpOption::MaxSegmentSize(1460)),
                Ok(TcpOption::Unknown {
                    kind: 8,
                    data: &[1, 2, 3, 4, 5, 6, 7, 8]
                }),
                Ok(TcpOption::EndOfList),
            ]
        );
    }

    #[test]
    fn options_stop_at_first_error() {
        let bad = [1, 9, 0, 2, 4, 1, 1];
        assert_eq!(
            options_of(&bad),
            vec![
                Ok(TcpOption::NoOperation),
                Err(WireError::BadOption {
                    offset: 21,
                    kind: 9,
                    length: Some(0),
                    room: 6
                })
            ]
        );
    }

    #[test]
    fn view_clamps_after_a_bad_setter() {
        // A checked view cannot panic even if a setter later breaks the data offset.
        let mut p = TcpPacket::new_checked(header(5, &[])).unwrap();
        p.set_data_offset(15);
        assert_eq!(p.header_len(), 20);
        assert_eq!(p.payload(), &[] as &[u8]);
        assert_eq!(p.options(), &[] as &[u8]);
        p.set_data_offset(0);
        assert_eq!(p.payload(), &[] as &[u8]);
        assert!(Segment::parse(&p).is_err());
    }

    #[test]
    fn emit_reports_small_buffer_and_too_long() {
        let seg = Segment {
            mss: Some(100),
            payload: vec![1; 10],
            ..Segment::default()
        };
        let a = Ipv4Addr::new(192, 0, 2, 1);
        let mut small = [0u8; 33];
        assert_eq!(
            seg.emit(&mut small, a, a),
            Err(WireError::BufferTooSmall { len: 33, need: 34 })
        );
        let huge = Segment {
            payload: vec![0; 65_516],
            ..Segment::default()
        };
        let mut buf = vec![0u8; huge.buffer_len()];
        assert_eq!(
            huge.emit(&mut buf, a, a),
            Err(WireError::TooLong {
                len: 65_536,
                max: 65_535
            })
        );
        // A larger buffer is fine: only the first buffer_len() bytes are written.
        let mut big = [0xeeu8; 40];
        assert_eq!(seg.emit(&mut big, a, a), Ok(34));
        assert_eq!(&big[34..], &[0xee; 6]);
    }
}
