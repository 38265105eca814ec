//! What can be wrong with bytes that claim to be TCP over IPv4.

use core::fmt;

use super::{IPV4_HEADER_LEN, TCP_HEADER_LEN};

/// Which header an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    Ipv4,
    Tcp,
}

impl Layer {
    /// "an IPv4 header", "a TCP header".
    const fn header(self) -> &'static str {
        match self {
            Layer::Ipv4 => "an IPv4 header",
            Layer::Tcp => "a TCP header",
        }
    }
    const fn name(self) -> &'static str {
        match self {
            Layer::Ipv4 => "IPv4",
            Layer::Tcp => "TCP",
        }
    }
}

/// Why bytes could not be parsed as TCP over IPv4, or a segment could not be emitted.
///
/// The `Display` text is written for a student reading the inspector: it names the field, the
/// value found and what the RFC expects, e.g. "truncated: 12 bytes, a TCP header needs at least 20".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WireError {
    /// Fewer bytes than the fixed part of the header.
    Truncated {
        layer: Layer,
        len: usize,
        need: usize,
    },
    /// The TCP data offset is below 5 words or points past the end of the bytes.
    BadDataOffset { data_offset: u8, len: usize },
    /// A TCP option whose length octet is missing, below 2, runs past the header, or (for the MSS
    /// option) is not 4. `offset` counts from the first byte of the TCP header; `room` is the
    /// number of header bytes from the option's kind octet to the end of the header.
    BadOption {
        offset: usize,
        kind: u8,
        length: Option<u8>,
        room: usize,
    },
    /// The checksum field does not match the bytes.
    BadChecksum {
        layer: Layer,
        found: u16,
        expected: u16,
    },
    /// The IP version field is not 4.
    WrongVersion { version: u8 },
    /// The IPv4 IHL is below 5 words or points past the end of the bytes.
    BadHeaderLength { ihl: u8, len: usize },
    /// The IPv4 total length is shorter than the header or longer than the bytes.
    BadTotalLength {
        total_len: u16,
        header_len: usize,
        len: usize,
    },
    /// The IPv4 protocol field is not TCP (6).
    NotTcp { protocol: u8 },
    /// The IPv4 packet is a fragment (MF set or a non-zero fragment offset): reassembly is not
    /// modelled. `offset` is in units of 8 octets, as in the header.
    Fragment { offset: u16, more_fragments: bool },
    /// Emitting: the segment does not fit the 16-bit length fields (IPv4 total length, or the TCP
    /// length of the pseudo-header).
    TooLong { len: usize, max: usize },
    /// Emitting: the buffer is shorter than the segment.
    BufferTooSmall { len: usize, need: usize },
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            WireError::Truncated { layer, len, need } => {
                write!(
                    f,
                    "truncated: {len} bytes, {} needs at least {need}",
                    layer.header()
                )
            }
            WireError::BadDataOffset { data_offset, .. } if data_offset < 5 => write!(
                f,
                "bad data offset {data_offset}: the header length is counted in 32-bit words and \
                 is at least 5 ({TCP_HEADER_LEN} bytes)"
            ),
            WireError::BadDataOffset { data_offset, len } => write!(
                f,
                "bad data offset {data_offset}: a {}-byte header, but the segment has only {len} bytes",
                usize::from(data_offset) * 4
            ),
            WireError::BadOption {
                offset,
                kind,
                length: None,
                ..
            } => write!(
                f,
                "bad option: kind {kind} at byte {offset} has no length octet (the header ends there)"
            ),
            WireError::BadOption {
                offset,
                kind,
                length: Some(l),
                ..
            } if l < 2 => write!(
                f,
                "bad option length {l} (kind {kind} at byte {offset}): the length counts the kind \
                 and length octets, so it is at least 2"
            ),
            WireError::BadOption {
                offset,
                kind: 2,
                length: Some(l),
                ..
            } if l != 4 => write!(
                f,
                "bad option length {l} for MSS (kind 2 at byte {offset}): the MSS option is 4 bytes"
            ),
            WireError::BadOption {
                offset,
                kind,
                length: Some(l),
                room,
            } => write!(
                f,
                "bad option length {l} (kind {kind} at byte {offset}): only {room} bytes are left \
                 in the header"
            ),
            WireError::BadChecksum {
                layer,
                found,
                expected,
            } => write!(
                f,
                "bad {} checksum 0x{found:04x}, the bytes give 0x{expected:04x}",
                layer.name()
            ),
            WireError::WrongVersion { version } => {
                write!(f, "not IPv4: the version field is {version}, expected 4")
            }
            WireError::BadHeaderLength { ihl, .. } if ihl < 5 => write!(
                f,
                "bad IPv4 header length (IHL) {ihl}: it is counted in 32-bit words and is at \
                 least 5 ({IPV4_HEADER_LEN} bytes)"
            ),
            WireError::BadHeaderLength { ihl, len } => write!(
                f,
                "bad IPv4 header length (IHL) {ihl}: a {}-byte header, but the packet has only \
                 {len} bytes",
                usize::from(ihl) * 4
            ),
            WireError::BadTotalLength {
                total_len,
                header_len,
                ..
            } if usize::from(total_len) < header_len => {
                write!(
                    f,
                    "bad IPv4 total length {total_len}: shorter than its own {header_len}-byte header"
                )
            }
            WireError::BadTotalLength { total_len, len, .. } => {
                write!(
                    f,
                    "truncated: {len} bytes, but the IPv4 total length says {total_len}"
                )
            }
            WireError::NotTcp { protocol } => {
                write!(
                    f,
                    "not TCP: the IPv4 protocol field is {protocol}, TCP is 6"
                )
            }
            WireError::Fragment {
                offset,
                more_fragments,
            } => write!(
                f,
                "an IPv4 fragment (offset {} bytes{}): fragment reassembly is not modelled",
                usize::from(offset) * 8,
                if more_fragments {
                    ", more fragments follow"
                } else {
                    ""
                }
            ),
            WireError::TooLong { len, max } => {
                write!(
                    f,
                    "too long: {len} bytes, the length field holds at most {max}"
                )
            }
            WireError::BufferTooSmall { len, need } => {
                write!(f, "buffer too small: {len} bytes, the segment needs {need}")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for WireError {}
