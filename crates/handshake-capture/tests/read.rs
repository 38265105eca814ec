//! The reader on the real captures in `tests/data/` (made on this machine, see its README) and on
//! broken files: every link type and container read, the connections listed, the timestamps as
//! tshark reads them, and a typed error (never a panic) for every bad file.

// Times are written `seconds_nanoseconds`, as tshark prints `seconds.nanoseconds`.
#![allow(clippy::inconsistent_digit_grouping)]

use std::net::SocketAddrV4;
use std::path::PathBuf;

use handshake_capture::{
    BlockProblem, Capture, CaptureError, FileFormat, Limits, Part, link, read_capture_bytes,
};

fn data(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read(name: &str) -> Capture {
    read_capture_bytes(&data(name), Limits::DEFAULT).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn addr(s: &str) -> SocketAddrV4 {
    s.parse().unwrap()
}

/// (file, format, link type, packets, TCP segments, first and last frame time in ns since the
/// epoch as `tshark -T fields -e frame.time_epoch` prints them).
const FILES: &[(&str, FileFormat, u32, u64, u64, u64, u64)] = &[
    (
        "lo-client-closes.pcap",
        FileFormat::Pcap,
        link::ETHERNET,
        11,
        11,
        1796514115_984437000,
        1796514116_385520000,
    ),
    (
        "any-sll2-server-closes.pcap",
        FileFormat::Pcap,
        link::LINUX_SLL2,
        11,
        11,
        1796514119_773832000,
        1796514120_174812000,
    ),
    (
        "any-sll2-server-closes.pcapng",
        FileFormat::PcapNg,
        link::LINUX_SLL2,
        11,
        11,
        1796514119_773832000,
        1796514120_174812000,
    ),
    (
        "any-sll-rst.pcap",
        FileFormat::Pcap,
        link::LINUX_SLL,
        8,
        8,
        1796514123_492434000,
        1796514123_793147000,
    ),
    (
        "lo-refused.pcapng",
        FileFormat::PcapNg,
        link::ETHERNET,
        2,
        2,
        1796514127_087153337,
        1796514127_087179926,
    ),
    (
        "lo-several.pcapng",
        FileFormat::PcapNg,
        link::ETHERNET,
        21,
        21,
        1796514130_458142659,
        1796514131_367356864,
    ),
    (
        "lo-retransmission.pcap",
        FileFormat::Pcap,
        link::ETHERNET,
        12,
        12,
        1796514134_827227000,
        1796514135_437039000,
    ),
    (
        "lo-client-closes-nsec.pcap",
        FileFormat::Pcap,
        link::ETHERNET,
        11,
        11,
        1796514115_984437000,
        1796514116_385520000,
    ),
    (
        "relinked-raw.pcap",
        FileFormat::Pcap,
        link::RAW,
        11,
        11,
        1796514115_984437000,
        1796514116_385520000,
    ),
    (
        "relinked-ipv4.pcap",
        FileFormat::Pcap,
        link::IPV4,
        11,
        11,
        1796514115_984437000,
        1796514116_385520000,
    ),
    (
        "relinked-null.pcap",
        FileFormat::Pcap,
        link::NULL,
        11,
        11,
        1796514115_984437000,
        1796514116_385520000,
    ),
    (
        "relinked-loop.pcap",
        FileFormat::Pcap,
        link::LOOP,
        11,
        11,
        1796514115_984437000,
        1796514116_385520000,
    ),
    (
        "cut-mid-connection.pcap",
        FileFormat::Pcap,
        link::ETHERNET,
        8,
        8,
        1796514116_084670000,
        1796514116_385520000,
    ),
    (
        "cut-missing-data.pcap",
        FileFormat::Pcap,
        link::ETHERNET,
        10,
        10,
        1796514115_984437000,
        1796514116_385520000,
    ),
    (
        "handshake-kernel-server.pcap",
        FileFormat::Pcap,
        link::RAW,
        3,
        3,
        1795299009_989985000,
        1795299010_043979000,
    ),
    (
        "kernel-closes-first-time-wait.pcap",
        FileFormat::Pcap,
        link::RAW,
        12,
        12,
        1795299338_922481000,
        1795299343_502977000,
    ),
    (
        "lost-last-ack-kernel-last-ack.pcap",
        FileFormat::Pcap,
        link::RAW,
        11,
        11,
        1795299264_392312000,
        1795299268_618746000,
    ),
    (
        "syn-retries-kernel-client.pcap",
        FileFormat::Pcap,
        link::RAW,
        11,
        11,
        1795299508_368965000,
        1795299576_585909000,
    ),
];

#[test]
fn every_link_type_and_container_is_read_with_tsharks_times() {
    for &(name, format, lt, packets, tcp, first, last) in FILES {
        let c = read(name);
        assert_eq!(c.format, format, "{name}");
        assert_eq!(c.link_types, vec![lt], "{name}");
        assert_eq!(c.counts.packets, packets, "{name}");
        assert_eq!(c.counts.ipv4_tcp, tcp, "{name}");
        assert_eq!(c.stopped, None, "{name}");
        let conns = &c.connections;
        assert_eq!(conns[0].start_ns, first, "{name}: first frame time");
        let end = conns
            .iter()
            .map(|k| k.start_ns + k.duration.total_micros() * 1000)
            .max()
            .unwrap();
        // Segment times are kept in microseconds.
        assert_eq!(end / 1000, last / 1000, "{name}: last frame time");
    }
}

#[test]
fn the_same_conversation_reads_the_same_under_every_link_type() {
    let eth = read("lo-client-closes.pcap");
    for name in [
        "relinked-raw.pcap",
        "relinked-ipv4.pcap",
        "relinked-null.pcap",
        "relinked-loop.pcap",
    ] {
        let other = read(name);
        assert_eq!(other.connections, eth.connections, "{name}");
    }
    // Nanosecond pcap as microsecond pcap.
    assert_eq!(
        read("lo-client-closes-nsec.pcap").connections,
        eth.connections
    );
    // A big-endian file (as a big-endian host writes it): every header field byte-swapped.
    let mut be = data("lo-client-closes.pcap");
    for at in [0usize, 8, 12, 16, 20] {
        be[at..at + 4].reverse();
    }
    be[4..6].reverse();
    be[6..8].reverse();
    let mut at = 24;
    while at < be.len() {
        let caplen = u32::from_le_bytes([be[at + 8], be[at + 9], be[at + 10], be[at + 11]]);
        for f in 0..4 {
            be[at + 4 * f..at + 4 * f + 4].reverse();
        }
        at += 16 + caplen as usize;
    }
    assert_eq!(
        read_capture_bytes(&be, Limits::DEFAULT)
            .unwrap()
            .connections,
        eth.connections
    );
    // And pcapng as pcap.
    assert_eq!(
        read("any-sll2-server-closes.pcapng").connections,
        read("any-sll2-server-closes.pcap").connections
    );
}

#[test]
fn connections_are_listed_with_their_ends_times_and_handshake() {
    let c = read("lo-several.pcapng");
    let rows: Vec<_> = c
        .connections
        .iter()
        .map(|k| {
            (
                k.client.port() > 1024,
                k.server,
                k.segments.len(),
                k.handshake_seen,
                k.frames.first().copied(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            // The refused connect (SYN, RST,ACK), a whole conversation, an aborted one.
            (true, addr("127.0.0.1:8001"), 2, false, Some(1)),
            (true, addr("127.0.0.1:8010"), 11, true, Some(3)),
            (true, addr("127.0.0.1:8020"), 8, true, Some(14)),
        ]
    );
    // Relative times start at each connection's first segment; frames count the whole file.
    let second = &c.connections[1];
    assert_eq!(second.segments[0].t.total_micros(), 0);
    assert_eq!(second.frames, (3..=13).collect::<Vec<u64>>());
    // Without a SYN the ends are told apart by port: the higher one is the client's.
    let mid = read("cut-mid-connection.pcap");
    assert_eq!(mid.connections[0].server, addr("127.0.0.1:8000"));
    assert!(!mid.connections[0].handshake_seen);
}

#[test]
fn segment_fields_match_an_independent_parser() {
    // etherparse reads every frame of the raw-IP file; our reader must agree on every field.
    let bytes = data("relinked-raw.pcap");
    let c = read_capture_bytes(&bytes, Limits::DEFAULT).unwrap();
    let segs = &c.connections[0].segments;
    let mut reader = pcap_file::pcap::PcapReader::new(&bytes[..]).unwrap();
    let mut i = 0;
    while let Some(p) = reader.next_packet() {
        let p = p.unwrap();
        let (ip, rest) = etherparse::Ipv4Header::from_slice(&p.data).unwrap();
        let (tcp, _) = etherparse::TcpHeader::from_slice(rest).unwrap();
        let s = &segs[i];
        assert_eq!(s.seq.0, tcp.sequence_number, "frame {}", i + 1);
        assert_eq!(s.ack.0, tcp.acknowledgment_number);
        assert_eq!(s.window, tcp.window_size);
        assert_eq!(s.checksum, tcp.checksum);
        assert_eq!(s.flags.syn(), tcp.syn);
        assert_eq!(s.flags.fin(), tcp.fin);
        assert_eq!(s.flags.ack(), tcp.ack);
        assert_eq!(s.flags.psh(), tcp.psh);
        assert_eq!(usize::from(s.data_offset) * 4, tcp.header_len());
        let payload = usize::from(ip.total_len) - ip.header_len() - tcp.header_len();
        assert_eq!(s.len as usize, payload);
        i += 1;
    }
    assert_eq!(i, segs.len());
    // Linux's loopback SYN announces MSS 65495 (65535 − 40).
    assert_eq!(segs[0].mss, Some(65495));
}

#[test]
fn a_file_without_ipv4_tcp_says_what_it_had() {
    let e = read_capture_bytes(&data("lo-ipv6-only.pcap"), Limits::DEFAULT).unwrap_err();
    let CaptureError::NoIpv4Tcp { counts } = e.clone() else {
        panic!("{e:?}");
    };
    assert_eq!((counts.packets, counts.ipv6), (6, 6));
    assert_eq!(
        e.to_string(),
        "no TCP over IPv4 in the capture (6 packets, 6 IPv6 (only IPv4 is read))"
    );
    let e = read_capture_bytes(&data("lo-udp-only.pcap"), Limits::DEFAULT).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no TCP over IPv4 in the capture (2 packets, 2 IPv4 other than TCP)"
    );
}

#[test]
fn not_a_capture_empty_and_unsupported_versions_are_typed_errors() {
    let r = |b: &[u8]| read_capture_bytes(b, Limits::DEFAULT).unwrap_err();
    assert_eq!(r(b""), CaptureError::Empty);
    assert_eq!(
        r(b"{\"seed\": 1}"),
        CaptureError::NotACapture { magic: *b"{\"se" }
    );
    assert_eq!(
        r(b"{\"seed\": 1}").to_string(),
        "not a pcap or pcapng capture (it starts with 7b 22 73 65)"
    );
    let mut v = data("lo-client-closes.pcap");
    v[4] = 3; // version 3.4
    assert_eq!(
        r(&v),
        CaptureError::UnsupportedVersion {
            format: FileFormat::Pcap,
            major: 3,
            minor: 4
        }
    );
    let mut v = data("lo-refused.pcapng");
    v[12] = 2; // section version 2.0
    assert!(matches!(
        r(&v),
        CaptureError::UnsupportedVersion {
            format: FileFormat::PcapNg,
            major: 2,
            ..
        }
    ));
    // A header but no packets.
    let v = data("lo-client-closes.pcap");
    assert_eq!(r(&v[..24]), CaptureError::NoPackets);
}

#[test]
fn a_file_cut_short_keeps_the_packets_before_the_cut() {
    let v = data("lo-client-closes.pcap");
    // 24-byte header, then records of 16 + 74, 16 + 74, 16 + 66, …: cut inside the fourth.
    let cut = 24 + 90 + 90 + 82 + 20;
    let c = read_capture_bytes(&v[..cut], Limits::DEFAULT).unwrap();
    assert_eq!(c.connections[0].segments.len(), 3);
    assert_eq!(
        c.stopped,
        Some(CaptureError::Truncated {
            offset: 24 + 90 + 90 + 82,
            part: Part::RecordData
        })
    );
    assert_eq!(
        c.stopped.unwrap().to_string(),
        "the file is cut short: it ends inside a packet record's data at byte 286"
    );
    // Cut inside the first record: nothing usable, so the cut is the error.
    assert_eq!(
        read_capture_bytes(&v[..30], Limits::DEFAULT).unwrap_err(),
        CaptureError::Truncated {
            offset: 24,
            part: Part::RecordHeader
        }
    );
    assert_eq!(
        read_capture_bytes(&v[..10], Limits::DEFAULT).unwrap_err(),
        CaptureError::Truncated {
            offset: 0,
            part: Part::FileHeader
        }
    );
    // pcapng: a cut inside a block.
    let v = data("lo-several.pcapng");
    // (dumpcap ends the file with an interface statistics block: cut a packet in the middle.)
    let c = read_capture_bytes(&v[..v.len() / 2], Limits::DEFAULT).unwrap();
    assert!((1..21).contains(&c.counts.ipv4_tcp), "{:?}", c.counts);
    assert!(matches!(
        c.stopped,
        Some(CaptureError::Truncated {
            part: Part::BlockBody,
            ..
        })
    ));
}

#[test]
fn malformed_pcapng_blocks_are_typed_errors() {
    let v = data("lo-refused.pcapng");
    let shb_len = u32::from_le_bytes([v[4], v[5], v[6], v[7]]) as usize;
    // The Interface Description Block follows the Section Header Block: break its length.
    let mut bad = v.clone();
    bad[shb_len + 4] = 13;
    assert!(matches!(
        read_capture_bytes(&bad, Limits::DEFAULT).unwrap_err(),
        CaptureError::BadBlock {
            problem: BlockProblem::BadLength { .. },
            ..
        }
    ));
    // Its trailing length.
    let idb_len = u32::from_le_bytes([
        v[shb_len + 4],
        v[shb_len + 5],
        v[shb_len + 6],
        v[shb_len + 7],
    ]) as usize;
    let mut bad = v.clone();
    bad[shb_len + idb_len - 4] ^= 0x40;
    assert!(matches!(
        read_capture_bytes(&bad, Limits::DEFAULT).unwrap_err(),
        CaptureError::BadBlock {
            problem: BlockProblem::TrailerMismatch { .. },
            ..
        }
    ));
    // A packet on an interface that was never described: drop the IDB.
    let mut bad = v[..shb_len].to_vec();
    bad.extend_from_slice(&v[shb_len + idb_len..]);
    assert_eq!(
        read_capture_bytes(&bad, Limits::DEFAULT).unwrap_err(),
        CaptureError::BadBlock {
            offset: shb_len as u64,
            problem: BlockProblem::UndefinedInterface { interface: 0 }
        }
    );
    // The byte-order magic.
    let mut bad = v.clone();
    bad[8] = 0;
    assert!(matches!(
        read_capture_bytes(&bad, Limits::DEFAULT).unwrap_err(),
        CaptureError::BadBlock {
            problem: BlockProblem::BadByteOrderMagic { .. },
            ..
        }
    ));
}

#[test]
fn a_record_claiming_gigabytes_is_refused_without_allocating_it() {
    let mut v = data("lo-client-closes.pcap")[..24 + 16].to_vec();
    // caplen 0xffff_fff0 in a 40-byte file.
    v[32..36].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
    assert_eq!(
        read_capture_bytes(&v, Limits::DEFAULT).unwrap_err(),
        CaptureError::RecordTooLong {
            offset: 24,
            len: 0xffff_fff0,
            limit: 262_144
        }
    );
}

/// A 1 GB capture streams through the reader: it stops at the segment limit, keeps what came
/// before, and never holds the file. The "file" is a reader that makes records on the fly.
#[test]
fn a_huge_capture_stops_at_the_segment_limit() {
    struct Endless {
        header: Vec<u8>,
        record: Vec<u8>,
        pos: usize,
        served: u64,
    }
    impl std::io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.served >= 1 << 30 {
                return Ok(0);
            }
            let src = if self.pos < self.header.len() {
                &self.header[self.pos..]
            } else {
                let k = (self.pos - self.header.len()) % self.record.len();
                &self.record[k..]
            };
            let n = src.len().min(buf.len());
            buf[..n].copy_from_slice(&src[..n]);
            self.pos += n;
            self.served += n as u64;
            Ok(n)
        }
    }
    let v = data("lo-client-closes.pcap");
    // The same data segment (frame 4, 16 + 72 bytes) over and over.
    let rec_at = 24 + 90 + 90 + 82;
    let r = Endless {
        header: v[..24].to_vec(),
        record: v[rec_at..rec_at + 88].to_vec(),
        pos: 0,
        served: 0,
    };
    let limits = Limits {
        max_segments: 5_000,
        ..Limits::DEFAULT
    };
    let c = handshake_capture::read_capture(r, limits).unwrap();
    assert_eq!(c.counts.ipv4_tcp, 5_000);
    assert_eq!(
        c.stopped,
        Some(CaptureError::TooManySegments { limit: 5_000 })
    );
    assert!(
        c.stopped
            .unwrap()
            .to_string()
            .starts_with("more than 5000 TCP segments: only the first 5000 are read")
    );
}

#[test]
fn the_connection_limit_stops_reading_too() {
    let limits = Limits {
        max_connections: 2,
        ..Limits::DEFAULT
    };
    let c = read_capture_bytes(&data("lo-several.pcapng"), limits).unwrap();
    assert_eq!(c.connections.len(), 2);
    assert_eq!(
        c.stopped,
        Some(CaptureError::TooManyConnections { limit: 2 })
    );
}

#[test]
fn what_the_writer_writes_the_reader_reads() {
    use handshake_core::wire::emit_ipv4_tcp;
    use handshake_core::{Flags, Instant, Segment, SeqNumber};
    let (a, b) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
    let syn = Segment {
        src_port: 49152,
        dst_port: 80,
        seq: SeqNumber(1000),
        flags: Flags::SYN,
        window: 1000,
        mss: Some(100),
        ..Segment::default()
    };
    let mut file = Vec::new();
    handshake_capture::write_pcap(
        &mut file,
        vec![(
            Instant::from_micros(1_500_250),
            emit_ipv4_tcp(&syn, a, b, 1),
        )],
    )
    .unwrap();
    let c = read_capture_bytes(&file, Limits::DEFAULT).unwrap();
    assert_eq!(c.link_types, vec![link::RAW]);
    let k = &c.connections[0];
    assert_eq!(k.start_ns, 1_500_250_000);
    assert_eq!(k.client, addr("192.0.2.1:49152"));
    assert_eq!(k.segments[0].seq, SeqNumber(1000));
    assert_eq!(k.segments[0].mss, Some(100));
}

/// A pcap of hand-built segments between 192.0.2.1:49152 (client) and 192.0.2.2:80, one per
/// millisecond: (from client?, seq, ack, flags).
fn hand_built(segs: &[(bool, u32, u32, handshake_core::Flags)]) -> Vec<u8> {
    use handshake_core::wire::emit_ipv4_tcp;
    use handshake_core::{Instant, Segment, SeqNumber};
    let (c, s) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
    let packets = segs
        .iter()
        .enumerate()
        .map(|(i, &(from_c, seq, ack, flags))| {
            let mut seg = Segment {
                src_port: 49152,
                dst_port: 80,
                seq: SeqNumber(seq),
                ack: SeqNumber(ack),
                flags,
                window: 1000,
                ..Segment::default()
            };
            let (src, dst) = if from_c { (c, s) } else { (s, c) };
            if !from_c {
                std::mem::swap(&mut seg.src_port, &mut seg.dst_port);
            }
            (
                Instant::from_millis(i as u64),
                emit_ipv4_tcp(&seg, src, dst, i as u16),
            )
        });
    let mut file = Vec::new();
    handshake_capture::write_pcap(&mut file, packets).unwrap();
    file
}

#[test]
fn a_new_syn_after_a_reset_on_the_same_four_tuple_is_a_new_connection() {
    use handshake_core::Flags;
    let (syn, sa, ack, ra) = (
        Flags::SYN,
        Flags::SYN | Flags::ACK,
        Flags::ACK,
        Flags::RST | Flags::ACK,
    );
    let file = hand_built(&[
        (true, 100, 0, syn),
        (false, 500, 101, sa),
        (true, 101, 501, ack),
        (true, 101, 501, ra),
        // The same port again with a new ISN: a new connection (Wireshark's tcp.stream 1).
        (true, 9000, 0, syn),
        (false, 7000, 9001, sa),
        (true, 9001, 7001, ack),
    ]);
    let c = read_capture_bytes(&file, Limits::DEFAULT).unwrap();
    let sizes: Vec<_> = c
        .connections
        .iter()
        .map(|k| (k.segments.len(), k.handshake_seen, k.frames[0]))
        .collect();
    assert_eq!(sizes, vec![(4, true, 1), (3, true, 5)]);
    // A refused SYN sent again with the same ISN stays one connection (a retransmission).
    let file = hand_built(&[
        (true, 100, 0, syn),
        (false, 0, 101, ra),
        (true, 100, 0, syn),
        (false, 0, 101, ra),
    ]);
    let c = read_capture_bytes(&file, Limits::DEFAULT).unwrap();
    assert_eq!(c.connections.len(), 1);
    assert_eq!(c.connections[0].segments.len(), 4);
}

/// Every segment of every test capture keeps its TCP header as captured: the inspector lays it
/// out from those bytes (`tcp_header_layout_of_bytes`), and each field it shows is the one the
/// reader decoded; and each segment's id in the observer's trace is the one `segment_ids` gives
/// it, so a selected segment leads back to its frame.
#[test]
fn each_segment_keeps_its_header_bytes_and_its_id_leads_to_its_frame() {
    use handshake_core::observer::{ObserverOptions, observe, segment_ids};
    use handshake_core::trace::TraceKind;
    use handshake_core::wire::tcp_header_layout_of_bytes;
    let mut segments = 0;
    let mut with_options = 0;
    for (name, ..) in FILES {
        for conn in &read(name).connections {
            assert_eq!(conn.headers.len(), conn.segments.len(), "{name}");
            for (h, s) in conn.headers.iter().zip(&conn.segments) {
                let l = tcp_header_layout_of_bytes(h).unwrap_or_else(|| panic!("{name}: {h:?}"));
                let v = |k: &str| l.field(k).and_then(|f| f.value(&l.bytes));
                assert_eq!(h.len(), usize::from(s.data_offset) * 4, "{name}");
                assert_eq!(v("seq"), Some(s.seq.0), "{name}");
                assert_eq!(v("ack"), Some(s.ack.0), "{name}");
                assert_eq!(v("flags"), Some(u32::from(s.flags.bits())), "{name}");
                assert_eq!(v("window"), Some(u32::from(s.window)), "{name}");
                assert_eq!(v("checksum"), Some(u32::from(s.checksum)), "{name}");
                assert_eq!(v("mss_value"), s.mss.map(u32::from), "{name}");
                with_options += usize::from(l.field("options_other").is_some());
                segments += 1;
            }
            let ids = segment_ids(&conn.segments);
            let o = observe(&conn.segments, ObserverOptions::default());
            let mut sent: Vec<_> = o
                .trace
                .iter()
                .filter_map(|e| match &e.kind {
                    TraceKind::Send { seg, .. } => Some(seg.id),
                    _ => None,
                })
                .collect();
            let mut expect = ids.clone();
            sent.sort();
            expect.sort();
            assert_eq!(sent, expect, "{name}");
            // Each id is the segment's: same sender, same sequence number.
            for (id, s) in ids.iter().zip(&conn.segments) {
                let seq = o.trace.iter().find_map(|e| match &e.kind {
                    TraceKind::Send { seg, .. } if seg.id == *id => Some((seg.from, seg.seq)),
                    _ => None,
                });
                assert_eq!(seq, Some((s.from, s.seq)), "{name} {id}");
            }
        }
    }
    assert!(segments > 100, "{segments} segments");
    // Linux's SYNs carry SACK-permitted, timestamps and window scale after the MSS, and its
    // other segments timestamps: shown as bytes.
    assert!(with_options > 50, "{with_options} with other options");
}
