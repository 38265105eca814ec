//! # handshake-capture
//!
//! Real captures in, TCP connections out — and the pcap writer the CLI and the app export with.
//!
//! [`read_capture`] streams a pcap or pcapng file (link types Ethernet, raw IPv4, Linux cooked
//! SLL and SLL2, BSD loopback NULL and LOOP), keeps the header of every TCP-over-IPv4 segment,
//! and groups the segments into [`Connection`]s by their 4-tuple (a new SYN after a FIN or RST on
//! the same 4-tuple starts a new connection, as Wireshark's `tcp.stream` does). Each connection
//! gives the [`WireSegment`]s that `handshake_core::observer::observe` turns into a trace with
//! both ends' states. [`write_pcap`] writes raw IPv4 packets as a classic pcap file.
//!
//! **The contract**: no panic on any input; every failure is a [`CaptureError`]. Reading stops at
//! the first problem and keeps what came before it ([`Capture::stopped`]): a file cut short, a
//! malformed block, or more than [`Limits::max_segments`] segments. Only when nothing usable was
//! read is the problem an `Err`. Memory is bounded by the limits, not by the file: records are
//! read one at a time into one buffer.
//!
//! No dependency but the core and std (`io::Read`, `io::Write`), so it costs the browser's bundle
//! only its own code (docs/BENCHMARKS.md, "Capture reader size").

#![forbid(unsafe_code)]

mod error;
mod file;
mod packet;
mod write;

use std::collections::HashMap;
use std::io::Read;
use std::net::SocketAddrV4;

use handshake_core::Instant;
use handshake_core::observer::WireSegment;
use handshake_core::vocab::Side;

pub use error::{BlockProblem, CaptureError, Counts, FileFormat, Part};
pub use file::{Record, RecordReader};
pub use packet::{Decoded, TcpHeader, decode, link};
pub use write::{LINKTYPE, SNAPLEN, write_pcap};

/// How much the reader keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// TCP segments kept, over all connections (about 100 bytes each).
    pub max_segments: usize,
    /// Connections kept.
    pub max_connections: usize,
    /// The largest packet record read, in bytes.
    pub max_record: usize,
}

impl Limits {
    /// 100,000 segments (about 10 MB), 10,000 connections, and records up to 262,144 bytes
    /// (tcpdump's largest snap length).
    pub const DEFAULT: Limits = Limits {
        max_segments: 100_000,
        max_connections: 10_000,
        max_record: 262_144,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// One TCP connection of a capture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// The end that opened (sent the first SYN); without a SYN, the end that received the first
    /// SYN,ACK; otherwise the end with the higher port (ephemeral ports are the high ones).
    pub client: SocketAddrV4,
    pub server: SocketAddrV4,
    /// The capture time of the first segment, in nanoseconds since the epoch; segment times are
    /// relative to it.
    pub start_ns: u64,
    /// The capture time of the last segment, relative to `start_ns`.
    pub duration: handshake_core::Duration,
    /// The segments in capture order; `t` relative to `start_ns`, in microseconds.
    pub segments: Vec<WireSegment>,
    /// The 1-based frame number in the file of each segment.
    pub frames: Vec<u64>,
    /// The TCP header of each segment as captured, options included (20 to 60 bytes).
    pub headers: Vec<Vec<u8>>,
    /// SYN, SYN,ACK and the ACK of the SYN,ACK were all captured.
    pub handshake_seen: bool,
}

impl Connection {
    /// `192.0.2.1:49152 → 192.0.2.2:80`.
    pub fn four_tuple(&self) -> String {
        format!("{} → {}", self.client, self.server)
    }
}

/// What was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capture {
    pub format: FileFormat,
    /// The link types of the packets read, each once, in order of appearance.
    pub link_types: Vec<u32>,
    pub counts: Counts,
    /// In order of each connection's first segment.
    pub connections: Vec<Connection>,
    /// Why reading stopped before the end of the file, if it did (the connections hold what came
    /// before).
    pub stopped: Option<CaptureError>,
}

/// Reads a whole capture from bytes.
pub fn read_capture_bytes(bytes: &[u8], limits: Limits) -> Result<Capture, CaptureError> {
    read_capture(bytes, limits)
}

/// A connection being collected: ends `a` (the sender of its first segment) and `b`.
struct Building {
    a: SocketAddrV4,
    b: SocketAddrV4,
    /// (capture time ns, from a?, frame, header)
    segs: Vec<(u64, bool, u64, TcpHeader)>,
    /// A FIN or RST was seen (a new SYN then starts a new connection).
    closing: bool,
    /// The sequence number of each end's SYN.
    syn: [Option<u32>; 2],
}

/// Reads a capture from `r`, streaming.
pub fn read_capture<R: Read>(r: R, limits: Limits) -> Result<Capture, CaptureError> {
    let mut reader = RecordReader::new(r, limits.max_record)?;
    let format = reader.format();
    let mut counts = Counts::default();
    let mut link_types: Vec<u32> = Vec::new();
    let mut building: Vec<Building> = Vec::new();
    // Unordered 4-tuple → index of its latest connection.
    let mut by_key: HashMap<(SocketAddrV4, SocketAddrV4), usize> = HashMap::new();
    let mut kept = 0usize;
    let mut stopped = None;
    let mut frame = 0u64;
    loop {
        let rec = match reader.next_record() {
            Ok(Some(rec)) => rec,
            Ok(None) => break,
            Err(e) => {
                stopped = Some(e);
                break;
            }
        };
        frame += 1;
        counts.packets += 1;
        if !link_types.contains(&rec.link_type) {
            link_types.push(rec.link_type);
        }
        let h = match decode(rec.link_type, rec.data) {
            Decoded::Tcp(h) => h,
            Decoded::Ipv6 => {
                counts.ipv6 += 1;
                continue;
            }
            Decoded::Ipv4Other => {
                counts.ipv4_other += 1;
                continue;
            }
            Decoded::Fragment => {
                counts.fragments += 1;
                continue;
            }
            Decoded::NotIp => {
                counts.not_ip += 1;
                continue;
            }
            Decoded::UnsupportedLink => {
                counts.unsupported_link += 1;
                counts.first_unsupported_link.get_or_insert(rec.link_type);
                continue;
            }
            Decoded::Malformed => {
                counts.malformed += 1;
                continue;
            }
        };
        if kept >= limits.max_segments {
            stopped = Some(CaptureError::TooManySegments {
                limit: limits.max_segments,
            });
            break;
        }
        let key = if h.src <= h.dst {
            (h.src, h.dst)
        } else {
            (h.dst, h.src)
        };
        let syn_only = h.flags.syn() && !h.flags.ack() && !h.flags.rst();
        let current = by_key.get(&key).copied().filter(|&i| {
            let c = &building[i];
            let end = usize::from(h.src != c.a);
            // Port reuse: a SYN with another ISN after the connection closed starts a new one.
            !(syn_only && c.closing && c.syn[end] != Some(h.seq.0))
        });
        let i = match current {
            Some(i) => i,
            None => {
                if building.len() >= limits.max_connections {
                    stopped = Some(CaptureError::TooManyConnections {
                        limit: limits.max_connections,
                    });
                    break;
                }
                building.push(Building {
                    a: h.src,
                    b: h.dst,
                    segs: Vec::new(),
                    closing: false,
                    syn: [None, None],
                });
                by_key.insert(key, building.len() - 1);
                building.len() - 1
            }
        };
        let c = &mut building[i];
        let from_a = h.src == c.a;
        if h.flags.syn() && !h.flags.rst() {
            c.syn[usize::from(!from_a)].get_or_insert(h.seq.0);
        }
        if h.flags.fin() || h.flags.rst() {
            c.closing = true;
        }
        c.segs.push((rec.ts_ns, from_a, frame, h));
        kept += 1;
        counts.ipv4_tcp += 1;
    }
    if building.is_empty() {
        return Err(match stopped {
            Some(e) => e,
            None if counts.packets == 0 => CaptureError::NoPackets,
            None => CaptureError::NoIpv4Tcp { counts },
        });
    }
    Ok(Capture {
        format,
        link_types,
        counts,
        connections: building.into_iter().map(finish).collect(),
        stopped,
    })
}

/// Decides which end is the client and makes the segments relative.
fn finish(c: Building) -> Connection {
    let first = |pred: &dyn Fn(&TcpHeader) -> bool| c.segs.iter().find(|s| pred(&s.3));
    let a_is_client = if let Some(s) = first(&|h| h.flags.syn() && !h.flags.ack() && !h.flags.rst())
    {
        s.1
    } else if let Some(s) = first(&|h| h.flags.syn() && h.flags.ack() && !h.flags.rst()) {
        !s.1
    } else if c.a.port() != c.b.port() {
        c.a.port() > c.b.port()
    } else {
        true
    };
    let (client, server) = if a_is_client { (c.a, c.b) } else { (c.b, c.a) };
    let start_ns = c.segs.first().map_or(0, |s| s.0);
    let rel = |ns: u64| Instant::from_micros(ns.saturating_sub(start_ns) / 1000);
    let segments: Vec<WireSegment> = c
        .segs
        .iter()
        .map(|&(ns, from_a, _, h)| WireSegment {
            t: rel(ns),
            from: if from_a == a_is_client {
                Side::Client
            } else {
                Side::Server
            },
            seq: h.seq,
            ack: h.ack,
            flags: h.flags,
            window: h.window,
            urgent: h.urgent,
            mss: h.mss,
            len: h.len,
            checksum: h.checksum,
            data_offset: h.data_offset,
        })
        .collect();
    let handshake_seen = handshake_seen(&segments);
    let duration = segments
        .last()
        .map_or(handshake_core::Duration::ZERO, |s| s.t - Instant::ZERO);
    Connection {
        client,
        server,
        start_ns,
        duration,
        frames: c.segs.iter().map(|s| s.2).collect(),
        headers: c.segs.iter().map(|s| s.3.header_bytes().to_vec()).collect(),
        segments,
        handshake_seen,
    }
}

/// A SYN from the client, a SYN,ACK acknowledging it, and an ACK of the SYN,ACK from the client.
fn handshake_seen(segs: &[WireSegment]) -> bool {
    let Some(syn) = segs
        .iter()
        .position(|s| s.from == Side::Client && s.flags.syn() && !s.flags.ack())
    else {
        return false;
    };
    let iss = segs[syn].seq;
    let Some(sa) = segs[syn..]
        .iter()
        .position(|s| s.from == Side::Server && s.flags.syn() && s.flags.ack() && s.ack == iss + 1)
    else {
        return false;
    };
    let irs = segs[syn + sa].seq;
    segs[syn + sa..].iter().any(|s| {
        s.from == Side::Client
            && s.flags.ack()
            && !s.flags.syn()
            && !s.flags.rst()
            && s.ack == irs + 1
    })
}
