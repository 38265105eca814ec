//! The pcap writer: raw IPv4 packets with their times as a classic libpcap file that Wireshark and
//! tshark open with no configuration. The CLI's `--pcap FILE` writes with it, and the app will
//! export with it.
//!
//! Each record is one packet as the caller gives it, timestamped with its time: t = 0 is
//! 1970-01-01 00:00:00, and Wireshark's relative time column shows the model's clock. The link
//! type is `LINKTYPE_RAW`: each record is a bare IPv4 packet, which is what
//! [`handshake_core::wire::emit_ipv4_tcp`] produces.
//!
//! `scripts/check-pcap.sh FILE [FRAME…]` checks a file with tshark: no malformed packet, no
//! checksum error, and "TCP Retransmission" marks on exactly the given frames.
//!
//! Written by hand (24 + 16 bytes of headers): the reader beside it reads what it writes, and no
//! pcap crate is linked into the browser's bundle.

use std::io::{self, Write};

use handshake_core::Instant;

/// `LINKTYPE_RAW` (101): "Raw IP; the packet begins with an IPv4 or IPv6 header, with the version
/// field of the header indicating whether it's an IPv4 or IPv6 header" (tcpdump.org link-layer
/// header types). Older and more widely read than `LINKTYPE_IPV4` (228); tshark 4.0 decodes it
/// with no preferences set.
pub const LINKTYPE: u32 = 101;

/// The largest packet a record may hold: an IPv4 packet's Total Length is 16 bits (RFC 791 §3.1).
pub const SNAPLEN: u32 = 65_535;

/// The file header: pcap 2.4, microsecond timestamps (the model's resolution), little-endian so
/// the same run gives the same bytes on every machine.
fn header() -> [u8; 24] {
    let mut h = [0u8; 24];
    h[0..4].copy_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    h[4..6].copy_from_slice(&2u16.to_le_bytes());
    h[6..8].copy_from_slice(&4u16.to_le_bytes());
    // thiszone and sigfigs: 0.
    h[16..20].copy_from_slice(&SNAPLEN.to_le_bytes());
    h[20..24].copy_from_slice(&LINKTYPE.to_le_bytes());
    h
}

fn invalid(what: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("pcap: {what}"))
}

/// Writes `packets` — raw IPv4 packets, each with the virtual time it left its sender, in the
/// order sent — as a pcap file to `out`, then flushes it.
///
/// Errors: the writer's own IO errors, or `InvalidData` for a packet longer than [`SNAPLEN`] or
/// a time past 2106 (pcap's 32-bit seconds).
pub fn write_pcap<W: Write>(
    mut out: W,
    packets: impl IntoIterator<Item = (Instant, Vec<u8>)>,
) -> io::Result<()> {
    out.write_all(&header())?;
    for (at, bytes) in packets {
        let micros = at.total_micros();
        let secs = u32::try_from(micros / 1_000_000)
            .map_err(|_| invalid(format!("time {at} is past pcap's 32-bit seconds")))?;
        let len = u32::try_from(bytes.len())
            .ok()
            .filter(|&l| l <= SNAPLEN)
            .ok_or_else(|| {
                invalid(format!(
                    "a {}-byte packet is longer than the snap length {SNAPLEN}",
                    bytes.len()
                ))
            })?;
        let mut rec = [0u8; 16];
        rec[0..4].copy_from_slice(&secs.to_le_bytes());
        rec[4..8].copy_from_slice(&((micros % 1_000_000) as u32).to_le_bytes());
        rec[8..12].copy_from_slice(&len.to_le_bytes());
        rec[12..16].copy_from_slice(&len.to_le_bytes());
        out.write_all(&rec)?;
        out.write_all(&bytes)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use etherparse::{Ipv4Header, TcpHeader};
    use handshake_core::wire::{emit_ipv4_tcp, parse_ipv4_tcp};
    use handshake_core::{Flags, Segment, SeqNumber};
    use pcap_file::DataLink;
    use pcap_file::TsResolution;
    use pcap_file::pcap::PcapReader;
    use std::net::Ipv4Addr;

    /// RFC 5737 §3: "The blocks 192.0.2.0/24 (TEST-NET-1) ... are provided for use in
    /// documentation."
    const CLIENT_ADDR: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
    const SERVER_ADDR: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 2);
    const CLIENT_PORT: u16 = 49152;
    const SERVER_PORT: u16 = 80;

    /// A hand-built exchange in the reference profile's shape (0.1 s one way, MSS 100): the
    /// client's SYN is lost and re-sent at t = 1 s (RFC 6298 (2.1): initial RTO 1 s), then the
    /// handshake, 100 bytes of data, and FIN+ACK / ACK in both directions.
    /// Returns (time, from client?, segment).
    fn sample_exchange() -> Vec<(Instant, bool, Segment)> {
        let (iss_c, iss_s) = (SeqNumber(1000), SeqNumber(5000));
        let c = |seq: SeqNumber, ack: SeqNumber, flags: Flags| Segment {
            src_port: CLIENT_PORT,
            dst_port: SERVER_PORT,
            seq,
            ack,
            flags,
            window: 1000,
            ..Segment::default()
        };
        let s = |seq: SeqNumber, ack: SeqNumber, flags: Flags| Segment {
            src_port: SERVER_PORT,
            dst_port: CLIENT_PORT,
            ..c(seq, ack, flags)
        };
        let syn = Segment {
            mss: Some(100),
            ..c(iss_c, SeqNumber(0), Flags::SYN)
        };
        let ms = Instant::from_millis;
        vec![
            (ms(0), true, syn.clone()),
            (ms(1000), true, syn), // the retransmission
            (
                ms(1100),
                false,
                Segment {
                    mss: Some(100),
                    ..s(iss_s, iss_c + 1, Flags::SYN | Flags::ACK)
                },
            ),
            (ms(1200), true, c(iss_c + 1, iss_s + 1, Flags::ACK)),
            (
                Instant::from_micros(1_200_250), // microseconds survive the round trip
                true,
                Segment {
                    payload: vec![b'x'; 100],
                    ..c(iss_c + 1, iss_s + 1, Flags::PSH | Flags::ACK)
                },
            ),
            (ms(1300), false, s(iss_s + 1, iss_c + 101, Flags::ACK)),
            (
                ms(1400),
                true,
                c(iss_c + 101, iss_s + 1, Flags::FIN | Flags::ACK),
            ),
            (ms(1500), false, s(iss_s + 1, iss_c + 102, Flags::ACK)),
            (
                ms(1500),
                false,
                s(iss_s + 1, iss_c + 102, Flags::FIN | Flags::ACK),
            ),
            (ms(1600), true, c(iss_c + 102, iss_s + 2, Flags::ACK)),
        ]
    }

    /// The exchange as packets: each sender numbers its IP Identification from 1.
    fn sample_packets() -> Vec<(Instant, Vec<u8>)> {
        let (mut id_c, mut id_s) = (0u16, 0u16);
        sample_exchange()
            .into_iter()
            .map(|(at, from_client, seg)| {
                let bytes = if from_client {
                    id_c += 1;
                    emit_ipv4_tcp(&seg, CLIENT_ADDR, SERVER_ADDR, id_c)
                } else {
                    id_s += 1;
                    emit_ipv4_tcp(&seg, SERVER_ADDR, CLIENT_ADDR, id_s)
                };
                (at, bytes)
            })
            .collect()
    }

    fn sample_pcap() -> Vec<u8> {
        let mut file = Vec::new();
        write_pcap(&mut file, sample_packets()).unwrap();
        // `HANDSHAKE_PCAP_SAMPLE=FILE cargo test -p handshake-capture write` also saves the file, for
        // `scripts/check-pcap.sh FILE 2` (tshark must mark frame 2, the re-sent SYN, only).
        if let Some(path) = std::env::var_os("HANDSHAKE_PCAP_SAMPLE") {
            std::fs::write(path, &file).unwrap();
        }
        file
    }

    #[test]
    fn file_header_is_pcap_2_4_microseconds_raw_ip() {
        let file = sample_pcap();
        #[rustfmt::skip]
        let expected: [u8; 24] = [
            0xd4, 0xc3, 0xb2, 0xa1, // magic 0xa1b2c3d4, little-endian: microsecond timestamps
            2, 0, 4, 0,             // version 2.4
            0, 0, 0, 0,             // thiszone
            0, 0, 0, 0,             // sigfigs
            0xff, 0xff, 0, 0,       // snaplen 65535
            101, 0, 0, 0,           // LINKTYPE_RAW
        ];
        assert_eq!(file[..24], expected);
        // The first record header: ts 0 s + 0 µs, caplen = len = 44 (IPv4 20 + TCP 24 with MSS).
        assert_eq!(
            file[24..40],
            [0, 0, 0, 0, 0, 0, 0, 0, 44, 0, 0, 0, 44, 0, 0, 0]
        );
    }

    #[test]
    fn records_read_back_with_virtual_time_and_valid_checksums() {
        let file = sample_pcap();
        let mut reader = PcapReader::new(&file[..]).unwrap();
        let header = reader.header();
        assert_eq!(header.datalink, DataLink::RAW);
        assert_eq!(header.ts_resolution, TsResolution::MicroSecond);

        let expected = sample_exchange();
        let mut n = 0;
        while let Some(packet) = reader.next_packet() {
            let packet = packet.unwrap();
            let (at, from_client, seg) = &expected[n];
            n += 1;
            assert_eq!(
                packet.timestamp.as_micros(),
                u128::from(at.total_micros()),
                "frame {n}"
            );
            assert_eq!(packet.orig_len as usize, packet.data.len());

            // etherparse, independently: both checksums right.
            let (ip, rest) = Ipv4Header::from_slice(&packet.data).unwrap();
            assert_eq!(
                ip.header_checksum,
                ip.calc_header_checksum(),
                "frame {n} IP checksum"
            );
            let (tcp, payload) = TcpHeader::from_slice(rest).unwrap();
            assert_eq!(
                tcp.checksum,
                tcp.calc_checksum_ipv4(&ip, payload).unwrap(),
                "frame {n} TCP checksum"
            );
            // And the model reads back exactly the segment it sent.
            let (src, dst) = if *from_client {
                (CLIENT_ADDR, SERVER_ADDR)
            } else {
                (SERVER_ADDR, CLIENT_ADDR)
            };
            assert_eq!(parse_ipv4_tcp(&packet.data), Ok((src, dst, seg.clone())));
        }
        assert_eq!(n, 10);
        // Frames 1 and 2 are the same SYN, one second apart.
        let packets = sample_packets();
        assert_eq!(packets[0].1[20..], packets[1].1[20..]);
        assert_eq!(packets[1].0, Instant::from_secs(1));
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(sample_pcap(), sample_pcap());
    }

    #[test]
    fn an_empty_exchange_is_just_the_file_header() {
        let mut file = Vec::new();
        write_pcap(&mut file, Vec::new()).unwrap();
        assert_eq!(file.len(), 24);
        assert!(PcapReader::new(&file[..]).unwrap().next_packet().is_none());
    }

    struct DiskFull;
    impl Write for DiskFull {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn write_errors_reach_the_caller_as_they_are() {
        let e = write_pcap(DiskFull, sample_packets()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert_eq!(e.to_string(), "no space left on device");
    }

    #[test]
    fn a_time_past_pcaps_32_bit_seconds_is_invalid_data() {
        let late = Instant::from_secs(u64::from(u32::MAX) + 1);
        let e = write_pcap(Vec::new(), vec![(late, sample_packets()[0].1.clone())]).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().starts_with("pcap: "), "{e}");
    }
}
