//! Everything that can be wrong with a capture file, as data (the app words it in two languages,
//! the CLI prints the English `Display`).

use std::fmt;
use std::io;

/// The container formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// libpcap's classic format (tcpdump `-w`).
    Pcap,
    /// pcapng (Wireshark, dumpcap, `tshark -w`).
    PcapNg,
}

impl fmt::Display for FileFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileFormat::Pcap => "pcap",
            FileFormat::PcapNg => "pcapng",
        })
    }
}

/// Which part of the file a truncation or a bad length is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The pcap file header (24 bytes).
    FileHeader,
    /// A pcap record header (16 bytes).
    RecordHeader,
    /// A pcap record's captured bytes.
    RecordData,
    /// A pcapng block's type and length (8 bytes).
    BlockHeader,
    /// A pcapng block's body and trailing length.
    BlockBody,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::FileHeader => "the file header",
            Part::RecordHeader => "a packet record's header",
            Part::RecordData => "a packet record's data",
            Part::BlockHeader => "a block's header",
            Part::BlockBody => "a block",
        })
    }
}

/// What is wrong with a pcapng block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockProblem {
    /// The total length is below 12 or not a multiple of 4 (pcapng §3.1).
    BadLength { len: u32 },
    /// The length repeated at the end of the block differs from the one at its start.
    TrailerMismatch { len: u32, trailer: u32 },
    /// A Section Header Block's byte-order magic is neither 0x1A2B3C4D nor its swap.
    BadByteOrderMagic { magic: u32 },
    /// The block is too short for its fixed fields, or its captured length runs past its end.
    Short { block_type: u32 },
    /// A packet names an interface no Interface Description Block defined.
    UndefinedInterface { interface: u32 },
    /// An interface's `if_tsresol` is not a resolution this reader can represent.
    BadTimestampResolution { tsresol: u8 },
}

/// Why a capture could not be read, or why reading stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaptureError {
    /// Reading failed (the file system, the browser's file reader).
    Io {
        kind: io::ErrorKind,
        message: String,
    },
    /// The file is empty.
    Empty,
    /// The first four bytes are not a pcap or pcapng magic number.
    NotACapture { magic: [u8; 4] },
    /// A pcap or pcapng version this reader does not know.
    UnsupportedVersion {
        format: FileFormat,
        major: u16,
        minor: u16,
    },
    /// The file ends inside `part`, which starts at byte `offset`.
    Truncated { offset: u64, part: Part },
    /// A pcapng block at byte `offset` is malformed.
    BadBlock { offset: u64, problem: BlockProblem },
    /// A packet record or block at byte `offset` claims `len` bytes, more than `limit`.
    RecordTooLong { offset: u64, len: u64, limit: u64 },
    /// The file has no packets at all.
    NoPackets,
    /// No packet is TCP over IPv4: `counts` says what the file had instead.
    NoIpv4Tcp { counts: Counts },
    /// More TCP segments than the reader keeps ([`crate::Limits::max_segments`]).
    TooManySegments { limit: usize },
    /// More TCP connections than the reader keeps ([`crate::Limits::max_connections`]).
    TooManyConnections { limit: usize },
}

/// What the packets of a file were.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Packet records read.
    pub packets: u64,
    /// TCP over IPv4: the packets kept.
    pub ipv4_tcp: u64,
    /// IPv6 packets (not read: IPv4 only).
    pub ipv6: u64,
    /// IPv4 packets of another protocol (UDP, ICMP, …).
    pub ipv4_other: u64,
    /// IPv4 fragments (not reassembled).
    pub fragments: u64,
    /// Frames that carry neither IPv4 nor IPv6 (ARP, …).
    pub not_ip: u64,
    /// Packets on a link type this reader does not decode.
    pub unsupported_link: u64,
    /// The first unsupported link type met.
    pub first_unsupported_link: Option<u32>,
    /// Packets too short or malformed for their headers.
    pub malformed: u64,
}

impl From<io::Error> for CaptureError {
    fn from(e: io::Error) -> CaptureError {
        CaptureError::Io {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl fmt::Display for BlockProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BlockProblem::BadLength { len } => write!(
                f,
                "its length {len} is not a multiple of 4 of at least 12 bytes"
            ),
            BlockProblem::TrailerMismatch { len, trailer } => write!(
                f,
                "its length is {len} at the start but {trailer} at the end"
            ),
            BlockProblem::BadByteOrderMagic { magic } => {
                write!(f, "byte-order magic {magic:#010x} is not 0x1a2b3c4d")
            }
            BlockProblem::Short { block_type } => {
                write!(f, "block type {block_type:#x} is too short for its fields")
            }
            BlockProblem::UndefinedInterface { interface } => write!(
                f,
                "a packet on interface {interface}, which no interface description defines"
            ),
            BlockProblem::BadTimestampResolution { tsresol } => {
                write!(f, "timestamp resolution {tsresol:#04x} is not supported")
            }
        }
    }
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaptureError::Io { message, .. } => write!(f, "cannot read the file: {message}"),
            CaptureError::Empty => f.write_str("the file is empty"),
            CaptureError::NotACapture { magic } => write!(
                f,
                "not a pcap or pcapng capture (it starts with {:02x} {:02x} {:02x} {:02x})",
                magic[0], magic[1], magic[2], magic[3]
            ),
            CaptureError::UnsupportedVersion {
                format,
                major,
                minor,
            } => write!(f, "{format} version {major}.{minor} is not supported"),
            CaptureError::Truncated { offset, part } => write!(
                f,
                "the file is cut short: it ends inside {part} at byte {offset}"
            ),
            CaptureError::BadBlock { offset, problem } => {
                write!(f, "malformed pcapng block at byte {offset}: {problem}")
            }
            CaptureError::RecordTooLong { offset, len, limit } => write!(
                f,
                "the packet at byte {offset} claims {len} bytes; at most {limit} are read"
            ),
            CaptureError::NoPackets => f.write_str("the capture has no packets"),
            CaptureError::NoIpv4Tcp { counts } => {
                write!(
                    f,
                    "no TCP over IPv4 in the capture ({} packets",
                    counts.packets
                )?;
                let parts = [
                    (counts.ipv6, "IPv6 (only IPv4 is read)"),
                    (counts.ipv4_other, "IPv4 other than TCP"),
                    (counts.fragments, "IPv4 fragments"),
                    (counts.not_ip, "not IP"),
                    (counts.malformed, "malformed"),
                ];
                for (n, what) in parts {
                    if n > 0 {
                        write!(f, ", {n} {what}")?;
                    }
                }
                if counts.unsupported_link > 0 {
                    write!(
                        f,
                        ", {} on an unsupported link type",
                        counts.unsupported_link
                    )?;
                    if let Some(l) = counts.first_unsupported_link {
                        write!(f, " ({l})")?;
                    }
                }
                f.write_str(")")
            }
            CaptureError::TooManySegments { limit } => write!(
                f,
                "more than {limit} TCP segments: only the first {limit} are read (cut the file \
                 with `editcap -r FILE OUT 1-{limit}` or keep one connection with tcpdump's filter)"
            ),
            CaptureError::TooManyConnections { limit } => write!(
                f,
                "more than {limit} TCP connections: only the first {limit} are read"
            ),
        }
    }
}

impl std::error::Error for CaptureError {}
