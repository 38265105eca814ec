//! The wire layer against known bytes, against etherparse (an independent implementation, our
//! oracle), against itself (round trips), and against hostile bytes (every error path; proptest
//! for "never panics").

use std::net::Ipv4Addr;

use etherparse::{Ipv4Header, TcpHeader, TcpOptionElement};
use handshake_core::wire::{
    self, HeaderField, IPV4_HEADER_FIELDS, Ipv4Packet, Layer, TCP_HEADER_FIELDS, TcpOption,
    TcpPacket, WireError,
};
use handshake_core::{Flags, Segment, SeqNumber};
use proptest::prelude::*;

const CLIENT: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
const SERVER: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 2);

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Known-answer vectors.
//
// The expected bytes were built and their checksums computed with an independent 20-line Python
// script (struct.pack + its own RFC 1071 sum; no code shared with this crate), then confirmed by
// Wireshark: `text2pcap -l 101` (LINKTYPE_RAW) and `tshark -o tcp.check_checksum:TRUE -o
// ip.check_checksum:TRUE -e ip.checksum.status -e tcp.checksum.status` printed 1 (Good) for both
// checksums of all three packets, and decoded them as `49152 → 80 [SYN] Seq=0 Win=65535 Len=0
// MSS=1460`, `80 → 49152 [FIN, ACK] Seq=1 Ack=1 Win=1000 Len=0` and `[PSH, ACK] … Len=3`.
// The sums are written out word by word below so they can be checked by hand.
// ---------------------------------------------------------------------------------------------

fn syn_with_mss() -> Segment {
    Segment {
        src_port: 49152,
        dst_port: 80,
        seq: SeqNumber(1000),
        ack: SeqNumber(0),
        flags: Flags::SYN,
        window: 65535,
        urgent: 0,
        mss: Some(1460),
        payload: vec![],
    }
}

/// 192.0.2.1:49152 → 192.0.2.2:80, SYN, seq 1000, window 65535, MSS 1460; IP id 1.
///
/// TCP checksum: pseudo-header c000 0201 c000 0202 0006 0018 (TCP length 24) plus the segment
/// c000 0050 0000 03e8 0000 0000 6002 ffff [0000] 0000 0204 05b4 sums to 0x3b012;
/// folded 0xb012 + 0x3 = 0xb015; complement 0x4fea.
/// IP checksum: 4500 002c 0001 4000 4006 [0000] c000 0201 c000 0202 sums to 0x24936;
/// folded 0x4936 + 0x2 = 0x4938; complement 0xb6c7.
const SYN_BYTES: &str = "
    45 00 00 2c  00 01 40 00  40 06 b6 c7  c0 00 02 01  c0 00 02 02
    c0 00 00 50  00 00 03 e8  00 00 00 00  60 02 ff ff  4f ea 00 00  02 04 05 b4";

fn fin_ack() -> Segment {
    Segment {
        src_port: 80,
        dst_port: 49152,
        seq: SeqNumber(5001),
        ack: SeqNumber(1101),
        flags: Flags::FIN | Flags::ACK,
        window: 1000,
        urgent: 0,
        mss: None,
        payload: vec![],
    }
}

/// 192.0.2.2:80 → 192.0.2.1:49152, FIN+ACK, seq 5001, ack 1101, window 1000; IP id 2.
///
/// TCP checksum: c000 0202 c000 0201 0006 0014 + 0050 c000 0000 1389 0000 044d 5011 03e8 [0000]
/// 0000 = 0x2b03c → 0xb03e → 0x4fc1. IP: 4500 0028 0002 4000 4006 [0000] c000 0202 c000 0201 =
/// 0x24933 → 0x4935 → 0xb6ca.
const FIN_ACK_BYTES: &str = "
    45 00 00 28  00 02 40 00  40 06 b6 ca  c0 00 02 02  c0 00 02 01
    00 50 c0 00  00 00 13 89  00 00 04 4d  50 11 03 e8  4f c1 00 00";

fn odd_data() -> Segment {
    Segment {
        src_port: 49152,
        dst_port: 80,
        seq: SeqNumber(1001),
        ack: SeqNumber(5001),
        flags: Flags::PSH | Flags::ACK,
        window: 65535,
        urgent: 0,
        mss: None,
        payload: b"hi!".to_vec(),
    }
}

/// 3 bytes of data: the odd last octet is padded with a zero on its right for the sum
/// (RFC 9293 §3.1: "padding the last octet with zeros on its right to form a 16-bit word for
/// checksum purposes. The pad is not transmitted"). TCP: c000 0201 c000 0202 0006 0017 + c000
/// 0050 0000 03e9 0000 1389 5018 ffff [0000] 0000 6869 2100 = 0x43562 → 0x3566 → 0xca99.
const ODD_DATA_BYTES: &str = "
    45 00 00 2b  00 03 40 00  40 06 b6 c6  c0 00 02 01  c0 00 02 02
    c0 00 00 50  00 00 03 e9  00 00 13 89  50 18 ff ff  ca 99 00 00  68 69 21";

#[test]
fn known_answer_syn_with_mss() {
    let seg = syn_with_mss();
    let bytes = wire::emit_ipv4_tcp(&seg, CLIENT, SERVER, 1);
    assert_eq!(bytes, hex(SYN_BYTES));
    assert_eq!(wire::tcp_checksum(&seg, CLIENT, SERVER), 0x4fea);
    assert_eq!(
        Ipv4Packet::new_checked(&bytes[..]).unwrap().checksum(),
        0xb6c7
    );
    assert_eq!(wire::emit_tcp(&seg, CLIENT, SERVER), bytes[20..]);
    assert_eq!(wire::parse_ipv4_tcp(&bytes), Ok((CLIENT, SERVER, seg)));
}

#[test]
fn known_answer_fin_ack() {
    let seg = fin_ack();
    let bytes = wire::emit_ipv4_tcp(&seg, SERVER, CLIENT, 2);
    assert_eq!(bytes, hex(FIN_ACK_BYTES));
    assert_eq!(wire::tcp_checksum(&seg, SERVER, CLIENT), 0x4fc1);
    assert_eq!(
        Ipv4Packet::new_checked(&bytes[..]).unwrap().checksum(),
        0xb6ca
    );
    assert_eq!(wire::parse_ipv4_tcp(&bytes), Ok((SERVER, CLIENT, seg)));
}

#[test]
fn known_answer_odd_length_payload() {
    let seg = odd_data();
    let bytes = wire::emit_ipv4_tcp(&seg, CLIENT, SERVER, 3);
    assert_eq!(bytes, hex(ODD_DATA_BYTES));
    assert_eq!(wire::tcp_checksum(&seg, CLIENT, SERVER), 0xca99);
    assert_eq!(wire::parse_ipv4_tcp(&bytes), Ok((CLIENT, SERVER, seg)));
}

#[test]
fn views_read_every_field_of_the_syn() {
    let bytes = hex(SYN_BYTES);
    let ip = Ipv4Packet::new_checked(&bytes[..]).unwrap();
    assert_eq!(ip.version(), 4);
    assert_eq!(ip.ihl(), 5);
    assert_eq!(ip.header_len(), 20);
    assert_eq!((ip.dscp(), ip.ecn()), (0, 0));
    assert_eq!(ip.total_len(), 44);
    assert_eq!(ip.ident(), 1);
    assert!(ip.dont_frag() && !ip.more_frags() && !ip.reserved_flag());
    assert_eq!(ip.frag_offset(), 0);
    assert_eq!(ip.ttl(), wire::DEFAULT_TTL);
    assert_eq!(ip.protocol(), 6);
    assert_eq!((ip.src_addr(), ip.dst_addr()), (CLIENT, SERVER));
    assert_eq!(ip.options(), &[] as &[u8]);
    assert!(ip.verify_checksum());

    let tcp = TcpPacket::new_checked(ip.payload()).unwrap();
    assert_eq!((tcp.src_port(), tcp.dst_port()), (49152, 80));
    assert_eq!(tcp.seq_number(), SeqNumber(1000));
    assert_eq!(tcp.ack_number(), SeqNumber(0));
    assert_eq!(tcp.data_offset(), 6);
    assert_eq!(tcp.header_len(), 24);
    assert_eq!(tcp.reserved(), 0);
    assert_eq!(tcp.flags(), Flags::SYN);
    assert_eq!(tcp.window(), 65535);
    assert_eq!(tcp.checksum(), 0x4fea);
    assert_eq!(tcp.urgent(), 0);
    assert_eq!(tcp.options(), &[2, 4, 0x05, 0xb4]);
    assert_eq!(
        tcp.option_iter().collect::<Vec<_>>(),
        vec![Ok(TcpOption::MaxSegmentSize(1460))]
    );
    assert_eq!(tcp.mss(), Some(1460));
    assert_eq!(tcp.payload(), &[] as &[u8]);
    assert!(tcp.verify_checksum(CLIENT, SERVER));
    // The pseudo-header binds the checksum to the addresses: swapped, they no longer verify.
    assert!(!tcp.verify_checksum(SERVER, Ipv4Addr::new(192, 0, 2, 3)));
}

#[test]
fn setters_and_fill_checksum_build_the_fin_ack() {
    let mut buf = vec![0u8; 40];
    {
        let mut ip = Ipv4Packet::new_unchecked(&mut buf[..]);
        ip.set_version(4);
        ip.set_ihl(5);
        ip.set_total_len(40);
        ip.set_ident(2);
        ip.set_frag(true, false, 0);
        ip.set_ttl(64);
        ip.set_protocol(6);
        ip.set_src_addr(SERVER);
        ip.set_dst_addr(CLIENT);
        ip.fill_checksum();
        let mut tcp = TcpPacket::new_unchecked(ip.payload_mut());
        tcp.set_src_port(80);
        tcp.set_dst_port(49152);
        tcp.set_seq_number(SeqNumber(5001));
        tcp.set_ack_number(SeqNumber(1101));
        tcp.set_data_offset(5);
        tcp.set_flags(Flags::FIN | Flags::ACK);
        tcp.set_window(1000);
        tcp.fill_checksum(SERVER, CLIENT).unwrap();
    }
    assert_eq!(buf, hex(FIN_ACK_BYTES));
}

// ---------------------------------------------------------------------------------------------
// Options.
// ---------------------------------------------------------------------------------------------

/// Builds an IPv4+TCP packet around a raw TCP header (options included) and fixes both checksums.
fn packet_with_tcp_header(tcp_header: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut tcp = tcp_header.to_vec();
    tcp.extend_from_slice(payload);
    let mut bytes = wire::emit_ipv4_tcp(&Segment::default(), CLIENT, SERVER, 7)[..20].to_vec();
    bytes.extend_from_slice(&tcp);
    refill(&mut bytes);
    bytes
}

/// Recomputes the total length and both checksums after a test has edited the bytes.
fn refill(bytes: &mut [u8]) {
    let total = bytes.len() as u16;
    let mut ip = Ipv4Packet::new_unchecked(&mut bytes[..]);
    ip.set_total_len(total);
    ip.fill_checksum();
    let (src, dst) = (ip.src_addr(), ip.dst_addr());
    let hl = ip.header_len();
    if bytes.len() >= hl + wire::TCP_HEADER_LEN {
        TcpPacket::new_unchecked(&mut bytes[hl..])
            .fill_checksum(src, dst)
            .unwrap();
    }
}

fn tcp_header(data_offset: u8, options: &[u8]) -> Vec<u8> {
    let mut h = wire::emit_tcp(&syn_with_mss(), CLIENT, SERVER)[..20].to_vec();
    h[12] = data_offset << 4;
    h.extend_from_slice(options);
    h
}

/// RFC 9293 §3.1 (MUST-5): "A TCP implementation MUST ignore without error any TCP Option it does
/// not implement, assuming that the option has a length field." NOP and End of Option List are the
/// one-octet options; the MSS option (kind 2, RFC 9293 §3.2) is the one the model reads.
#[test]
fn unknown_nop_and_end_options_are_skipped_and_mss_is_read() {
    // NOP, NOP, Timestamps (kind 8, length 10), Window scale (kind 3, length 3), MSS 536, EOL, pad.
    let options = [
        1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 3, 3, 7, 2, 4, 0x02, 0x18, 0, 0, 0, 0, 0,
    ];
    let bytes = packet_with_tcp_header(&tcp_header(11, &options), b"xyz");
    let (_, _, seg) = wire::parse_ipv4_tcp(&bytes).unwrap();
    assert_eq!(seg.mss, Some(536));
    assert_eq!(seg.payload, b"xyz");
    // etherparse agrees on the layout of these options.
    let (tcp, _) = TcpHeader::from_slice(&bytes[20..]).unwrap();
    let elems: Vec<_> = tcp.options_iterator().map(Result::unwrap).collect();
    assert_eq!(elems[..2], [TcpOptionElement::Noop, TcpOptionElement::Noop]);
    assert_eq!(elems[2], TcpOptionElement::Timestamp(1, 0));
    assert_eq!(elems[3], TcpOptionElement::WindowScale(7));
    assert_eq!(elems[4], TcpOptionElement::MaximumSegmentSize(536));
}

/// RFC 9293 §3.1: "Note that the list of options may be shorter than the data offset field might
/// imply. The content of the header beyond the End of Option List Option must be header padding
/// of zeros." Whatever follows EOL is not read as options.
#[test]
fn nothing_after_end_of_option_list_is_read() {
    let bytes = packet_with_tcp_header(&tcp_header(6, &[0, 2, 4, 1]), &[]);
    let (_, _, seg) = wire::parse_ipv4_tcp(&bytes).unwrap();
    assert_eq!(seg.mss, None);
}

/// RFC 9293 §3.1: "Rsrvd ... must be ignored in received segments".
#[test]
fn reserved_bits_are_ignored_on_receipt_and_zero_when_sent() {
    let mut bytes = wire::emit_ipv4_tcp(&fin_ack(), SERVER, CLIENT, 2);
    TcpPacket::new_unchecked(&mut bytes[20..]).set_reserved(0b1011);
    refill(&mut bytes);
    assert_eq!(
        TcpPacket::new_checked(&bytes[20..]).unwrap().reserved(),
        0b1011
    );
    let (_, _, seg) = wire::parse_ipv4_tcp(&bytes).unwrap();
    assert_eq!(seg, fin_ack());
    assert_eq!(
        wire::emit_ipv4_tcp(&seg, SERVER, CLIENT, 2),
        hex(FIN_ACK_BYTES)
    );
}

#[test]
fn bytes_after_the_total_length_are_ignored() {
    let mut bytes = hex(SYN_BYTES);
    bytes.extend_from_slice(&[0; 6]); // Ethernet-style padding
    assert_eq!(
        wire::parse_ipv4_tcp(&bytes),
        Ok((CLIENT, SERVER, syn_with_mss()))
    );
}

// ---------------------------------------------------------------------------------------------
// Every error path, with the message a student reads.
// ---------------------------------------------------------------------------------------------

#[test]
fn error_tcp_truncated() {
    let e = TcpPacket::new_checked(&[0u8; 12][..]).unwrap_err();
    assert_eq!(
        e,
        WireError::Truncated {
            layer: Layer::Tcp,
            len: 12,
            need: 20
        }
    );
    assert_eq!(
        e.to_string(),
        "truncated: 12 bytes, a TCP header needs at least 20"
    );
    // Through IPv4: a valid IP header around 12 bytes of "TCP".
    let bytes = packet_with_tcp_header(&[0; 12], &[]);
    assert_eq!(wire::parse_ipv4_tcp(&bytes), Err(e));
}

/// RFC 9293 §3.1: "Data Offset (DOffset): 4 bits. The number of 32-bit words in the TCP header."
/// A header is at least 5 words, and cannot end after the segment does.
#[test]
fn error_bad_data_offset() {
    let bytes = packet_with_tcp_header(&tcp_header(4, &[]), &[]);
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    assert_eq!(
        e,
        WireError::BadDataOffset {
            data_offset: 4,
            len: 20
        }
    );
    assert_eq!(
        e.to_string(),
        "bad data offset 4: the header length is counted in 32-bit words and is at least 5 (20 bytes)"
    );

    let bytes = packet_with_tcp_header(&tcp_header(8, &[1, 1, 1, 1]), &[]);
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    assert_eq!(
        e,
        WireError::BadDataOffset {
            data_offset: 8,
            len: 24
        }
    );
    assert_eq!(
        e.to_string(),
        "bad data offset 8: a 32-byte header, but the segment has only 24 bytes"
    );
}

/// RFC 9293 §3.1 (MUST-7): "TCP implementations MUST be prepared to handle an illegal option
/// length (e.g., zero)". (MUST-68): "All TCP Options except End of Option List and No-Operation
/// MUST have length fields". §3.2: MSS "Length: 4 bytes".
#[test]
fn error_bad_option_length() {
    let cases: [(&[u8], WireError, &str); 5] = [
        (
            &[1, 1, 9, 0],
            WireError::BadOption {
                offset: 22,
                kind: 9,
                length: Some(0),
                room: 2,
            },
            "bad option length 0 (kind 9 at byte 22): the length counts the kind and length octets, \
             so it is at least 2",
        ),
        (
            &[9, 1, 0, 0],
            WireError::BadOption {
                offset: 20,
                kind: 9,
                length: Some(1),
                room: 4,
            },
            "bad option length 1 (kind 9 at byte 20): the length counts the kind and length octets, \
             so it is at least 2",
        ),
        (
            &[1, 9, 6, 0],
            WireError::BadOption {
                offset: 21,
                kind: 9,
                length: Some(6),
                room: 3,
            },
            "bad option length 6 (kind 9 at byte 21): only 3 bytes are left in the header",
        ),
        (
            &[1, 1, 1, 9],
            WireError::BadOption {
                offset: 23,
                kind: 9,
                length: None,
                room: 1,
            },
            "bad option: kind 9 at byte 23 has no length octet (the header ends there)",
        ),
        (
            &[2, 3, 5, 1],
            WireError::BadOption {
                offset: 20,
                kind: 2,
                length: Some(3),
                room: 4,
            },
            "bad option length 3 for MSS (kind 2 at byte 20): the MSS option is 4 bytes",
        ),
    ];
    for (options, err, msg) in cases {
        let bytes = packet_with_tcp_header(&tcp_header(6, options), &[]);
        assert_eq!(
            wire::parse_ipv4_tcp(&bytes),
            Err(err),
            "options {options:?}"
        );
        assert_eq!(TcpPacket::new_checked(&bytes[20..]), Err(err));
        assert_eq!(err.to_string(), msg);
    }
}

#[test]
fn error_bad_tcp_checksum() {
    let mut bytes = hex(ODD_DATA_BYTES);
    *bytes.last_mut().unwrap() ^= 0x01; // '!' → ' ', a one-bit error in the data
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    let expected = TcpPacket::new_checked(&bytes[20..])
        .unwrap()
        .compute_checksum(CLIENT, SERVER);
    assert_eq!(
        e,
        WireError::BadChecksum {
            layer: Layer::Tcp,
            found: 0xca99,
            expected: expected.unwrap()
        }
    );
    assert_eq!(
        e.to_string(),
        "bad TCP checksum 0xca99, the bytes give 0xcb99"
    );
}

#[test]
fn error_bad_ip_checksum() {
    let mut bytes = hex(SYN_BYTES);
    bytes[8] = 63; // TTL decremented without updating the header checksum
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    assert_eq!(
        e,
        WireError::BadChecksum {
            layer: Layer::Ipv4,
            found: 0xb6c7,
            expected: 0xb7c7
        }
    );
    assert_eq!(
        e.to_string(),
        "bad IPv4 checksum 0xb6c7, the bytes give 0xb7c7"
    );
}

#[test]
fn error_not_tcp() {
    let mut bytes = hex(SYN_BYTES);
    bytes[9] = 17; // UDP
    refill_ip_only(&mut bytes);
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    assert_eq!(e, WireError::NotTcp { protocol: 17 });
    assert_eq!(
        e.to_string(),
        "not TCP: the IPv4 protocol field is 17, TCP is 6"
    );
}

fn refill_ip_only(bytes: &mut [u8]) {
    Ipv4Packet::new_unchecked(bytes).fill_checksum();
}

#[test]
fn error_wrong_version() {
    let mut bytes = hex(SYN_BYTES);
    bytes[0] = 0x65;
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    assert_eq!(e, WireError::WrongVersion { version: 6 });
    assert_eq!(
        e.to_string(),
        "not IPv4: the version field is 6, expected 4"
    );
}

#[test]
fn error_ipv4_truncated() {
    let bytes = hex(SYN_BYTES);
    let e = wire::parse_ipv4_tcp(&bytes[..12]).unwrap_err();
    assert_eq!(
        e,
        WireError::Truncated {
            layer: Layer::Ipv4,
            len: 12,
            need: 20
        }
    );
    assert_eq!(
        e.to_string(),
        "truncated: 12 bytes, an IPv4 header needs at least 20"
    );
    assert_eq!(
        wire::parse_ipv4_tcp(&[]),
        Err(WireError::Truncated {
            layer: Layer::Ipv4,
            len: 0,
            need: 20
        })
    );
}

/// RFC 791 §3.1: "Note that the minimum value for a correct header is 5."
#[test]
fn error_bad_ihl() {
    let mut bytes = hex(SYN_BYTES);
    bytes[0] = 0x44;
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    assert_eq!(e, WireError::BadHeaderLength { ihl: 4, len: 44 });
    assert_eq!(
        e.to_string(),
        "bad IPv4 header length (IHL) 4: it is counted in 32-bit words and is at least 5 (20 bytes)"
    );
    bytes[0] = 0x4f;
    let e = wire::parse_ipv4_tcp(&bytes[..40]).unwrap_err();
    assert_eq!(e, WireError::BadHeaderLength { ihl: 15, len: 40 });
    assert_eq!(
        e.to_string(),
        "bad IPv4 header length (IHL) 15: a 60-byte header, but the packet has only 40 bytes"
    );
}

#[test]
fn error_bad_total_length() {
    let bytes = hex(SYN_BYTES);
    let e = wire::parse_ipv4_tcp(&bytes[..30]).unwrap_err();
    assert_eq!(
        e,
        WireError::BadTotalLength {
            total_len: 44,
            header_len: 20,
            len: 30
        }
    );
    assert_eq!(
        e.to_string(),
        "truncated: 30 bytes, but the IPv4 total length says 44"
    );

    let mut bytes = hex(SYN_BYTES);
    bytes[2..4].copy_from_slice(&16u16.to_be_bytes());
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    assert_eq!(
        e,
        WireError::BadTotalLength {
            total_len: 16,
            header_len: 20,
            len: 44
        }
    );
    assert_eq!(
        e.to_string(),
        "bad IPv4 total length 16: shorter than its own 20-byte header"
    );
}

/// RFC 791 §3.1: "Bit 2: (MF) 0 = Last Fragment, 1 = More Fragments." and "Fragment Offset: 13
/// bits ... measured in units of 8 octets". A packet with either is part of a larger datagram.
#[test]
fn error_fragment() {
    let mut bytes = hex(SYN_BYTES);
    Ipv4Packet::new_unchecked(&mut bytes[..]).set_frag(false, true, 0);
    refill_ip_only(&mut bytes);
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    assert_eq!(
        e,
        WireError::Fragment {
            offset: 0,
            more_fragments: true
        }
    );
    assert_eq!(
        e.to_string(),
        "an IPv4 fragment (offset 0 bytes, more fragments follow): fragment reassembly is not modelled"
    );

    Ipv4Packet::new_unchecked(&mut bytes[..]).set_frag(false, false, 185);
    refill_ip_only(&mut bytes);
    let e = wire::parse_ipv4_tcp(&bytes).unwrap_err();
    assert_eq!(
        e,
        WireError::Fragment {
            offset: 185,
            more_fragments: false
        }
    );
    assert_eq!(
        e.to_string(),
        "an IPv4 fragment (offset 1480 bytes): fragment reassembly is not modelled"
    );
}

#[test]
fn error_segment_too_long_to_emit() {
    let seg = Segment {
        payload: vec![0; wire::MAX_IPV4_TCP_LEN - 19],
        ..Segment::default()
    };
    let e = wire::try_emit_ipv4_tcp(&seg, CLIENT, SERVER, 0).unwrap_err();
    assert_eq!(
        e,
        WireError::TooLong {
            len: 65_516,
            max: 65_515
        }
    );
    assert_eq!(
        e.to_string(),
        "too long: 65516 bytes, the length field holds at most 65515"
    );
    // One byte less fits exactly: total length 65 535.
    let seg = Segment {
        payload: vec![0; wire::MAX_IPV4_TCP_LEN - 20],
        ..Segment::default()
    };
    let bytes = wire::try_emit_ipv4_tcp(&seg, CLIENT, SERVER, 0).unwrap();
    assert_eq!(bytes.len(), 65_535);
    assert_eq!(wire::parse_ipv4_tcp(&bytes), Ok((CLIENT, SERVER, seg)));
}

#[test]
fn error_messages_are_errors() {
    fn takes_std_error(_: &dyn std::error::Error) {}
    takes_std_error(&WireError::NotTcp { protocol: 1 });
}

// ---------------------------------------------------------------------------------------------
// etherparse, the independent oracle.
// ---------------------------------------------------------------------------------------------

/// Parses `bytes` with etherparse and checks every field against `seg` and the addresses, and
/// that etherparse computes the same two checksums.
fn cross_check(bytes: &[u8], src: Ipv4Addr, dst: Ipv4Addr, ip_id: u16, seg: &Segment) {
    let (ip, rest) = Ipv4Header::from_slice(bytes).expect("etherparse: IPv4 header");
    assert_eq!(ip.source, src.octets());
    assert_eq!(ip.destination, dst.octets());
    assert_eq!(ip.identification, ip_id);
    assert_eq!(ip.time_to_live, wire::DEFAULT_TTL);
    assert!(ip.dont_fragment && !ip.more_fragments);
    assert_eq!(ip.fragment_offset.value(), 0);
    assert_eq!(ip.protocol.0, 6);
    assert_eq!((ip.dscp.value(), ip.ecn.value()), (0, 0));
    assert_eq!(usize::from(ip.total_len), bytes.len());
    assert_eq!(
        ip.header_checksum,
        ip.calc_header_checksum(),
        "IPv4 header checksum"
    );

    let (tcp, payload) = TcpHeader::from_slice(rest).expect("etherparse: TCP header");
    assert_eq!(tcp.source_port, seg.src_port);
    assert_eq!(tcp.destination_port, seg.dst_port);
    assert_eq!(tcp.sequence_number, seg.seq.0);
    assert_eq!(tcp.acknowledgment_number, seg.ack.0);
    assert_eq!(tcp.data_offset(), seg.data_offset());
    let flags = [
        (tcp.cwr, Flags::CWR),
        (tcp.ece, Flags::ECE),
        (tcp.urg, Flags::URG),
        (tcp.ack, Flags::ACK),
        (tcp.psh, Flags::PSH),
        (tcp.rst, Flags::RST),
        (tcp.syn, Flags::SYN),
        (tcp.fin, Flags::FIN),
    ];
    for (theirs, flag) in flags {
        assert_eq!(theirs, seg.flags.contains(flag), "{flag:?}");
    }
    assert!(!tcp.ns, "reserved bits are sent as zero");
    assert_eq!(tcp.window_size, seg.window);
    assert_eq!(tcp.urgent_pointer, seg.urgent);
    let mss: Vec<_> = tcp
        .options_iterator()
        .map(|o| o.expect("etherparse: option"))
        .collect();
    match seg.mss {
        Some(m) => assert_eq!(mss, vec![TcpOptionElement::MaximumSegmentSize(m)]),
        None => assert!(mss.is_empty()),
    }
    assert_eq!(payload, &seg.payload[..]);
    assert_eq!(
        tcp.checksum,
        tcp.calc_checksum_ipv4(&ip, payload).unwrap(),
        "TCP checksum"
    );
    assert_eq!(tcp.checksum, wire::tcp_checksum(seg, src, dst));
}

#[test]
fn etherparse_agrees_on_the_known_answers() {
    cross_check(&hex(SYN_BYTES), CLIENT, SERVER, 1, &syn_with_mss());
    cross_check(&hex(FIN_ACK_BYTES), SERVER, CLIENT, 2, &fin_ack());
    cross_check(&hex(ODD_DATA_BYTES), CLIENT, SERVER, 3, &odd_data());
}

// ---------------------------------------------------------------------------------------------
// The inspector's layout tables.
// ---------------------------------------------------------------------------------------------

/// Every bit of `len` bytes is covered by exactly one leaf field; parents contain their children.
fn assert_tiles(fields: &[HeaderField], len: usize) {
    let mut count = vec![[0u8; 8]; len];
    let is_parent = |f: &HeaderField| fields.iter().any(|c| c.parent == Some(f.key));
    for f in fields {
        assert!(
            f.start < f.end && f.end <= len,
            "{}: range {:?}",
            f.key,
            f.range()
        );
        assert_eq!(
            fields.iter().filter(|g| g.key == f.key).count(),
            1,
            "duplicate key {}",
            f.key
        );
        if let Some(p) = f.parent {
            let p = fields
                .iter()
                .find(|g| g.key == p)
                .unwrap_or_else(|| panic!("no parent {p}"));
            assert!(
                p.start <= f.start && f.end <= p.end,
                "{} outside {}",
                f.key,
                p.key
            );
        }
        if is_parent(f) {
            continue;
        }
        let n = f.end - f.start;
        let mask = f.mask.unwrap_or(if n == 4 {
            u32::MAX
        } else {
            (1u32 << (8 * n)) - 1
        });
        assert!(
            u64::from(mask) < 1u64 << (8 * n),
            "{}: mask wider than its bytes",
            f.key
        );
        for (i, byte) in (f.start..f.end).enumerate() {
            let byte_mask = (mask >> (8 * (n - 1 - i))) as u8;
            for (bit, c) in count[byte].iter_mut().enumerate() {
                if byte_mask & (0x80 >> bit) != 0 {
                    *c += 1;
                }
            }
        }
    }
    for (byte, bits) in count.iter().enumerate() {
        assert_eq!(bits, &[1; 8], "byte {byte}: bits covered {bits:?} times");
    }
}

#[test]
fn tcp_fields_tile_the_header() {
    assert_tiles(TCP_HEADER_FIELDS, 20);
    let with_mss = wire::tcp_header_layout(&syn_with_mss(), CLIENT, SERVER);
    assert_tiles(&with_mss.fields, 24);
    let without = wire::tcp_header_layout(&fin_ack(), SERVER, CLIENT);
    assert_tiles(&without.fields, 20);
    assert_eq!(without.fields, TCP_HEADER_FIELDS);
}

#[test]
fn ipv4_fields_tile_the_header() {
    assert_tiles(IPV4_HEADER_FIELDS, 20);
}

/// The value each field's bytes and mask give, against the view's accessor for that field.
fn tcp_accessor(p: &TcpPacket<&[u8]>, key: &str) -> u32 {
    let flag = |f: Flags| u32::from(p.flags().contains(f));
    match key {
        "src_port" => p.src_port().into(),
        "dst_port" => p.dst_port().into(),
        "seq" => p.seq_number().0,
        "ack" => p.ack_number().0,
        "data_offset" => p.data_offset().into(),
        "reserved" => p.reserved().into(),
        "flags" => p.flags().bits().into(),
        "flag_cwr" => flag(Flags::CWR),
        "flag_ece" => flag(Flags::ECE),
        "flag_urg" => flag(Flags::URG),
        "flag_ack" => flag(Flags::ACK),
        "flag_psh" => flag(Flags::PSH),
        "flag_rst" => flag(Flags::RST),
        "flag_syn" => flag(Flags::SYN),
        "flag_fin" => flag(Flags::FIN),
        "window" => p.window().into(),
        "checksum" => p.checksum().into(),
        "urgent" => p.urgent().into(),
        "options" => u32::from_be_bytes(p.options().try_into().unwrap()),
        "mss" => u32::from_be_bytes(p.options().try_into().unwrap()),
        "mss_kind" => wire::OPTION_MSS.into(),
        "mss_length" => wire::OPTION_MSS_LEN.into(),
        "mss_value" => p.mss().unwrap().into(),
        other => panic!("no accessor for {other}"),
    }
}

fn ipv4_accessor(p: &Ipv4Packet<&[u8]>, key: &str) -> u32 {
    match key {
        "ip_version" => p.version().into(),
        "ip_ihl" => p.ihl().into(),
        "ip_dscp" => p.dscp().into(),
        "ip_ecn" => p.ecn().into(),
        "ip_total_length" => p.total_len().into(),
        "ip_id" => p.ident().into(),
        "ip_flags" => {
            u32::from(p.reserved_flag()) << 2
                | u32::from(p.dont_frag()) << 1
                | u32::from(p.more_frags())
        }
        "ip_flag_reserved" => p.reserved_flag().into(),
        "ip_flag_df" => p.dont_frag().into(),
        "ip_flag_mf" => p.more_frags().into(),
        "ip_fragment_offset" => p.frag_offset().into(),
        "ip_ttl" => p.ttl().into(),
        "ip_protocol" => p.protocol().into(),
        "ip_checksum" => p.checksum().into(),
        "ip_src" => p.src_addr().to_bits(),
        "ip_dst" => p.dst_addr().to_bits(),
        other => panic!("no accessor for {other}"),
    }
}

/// The same fields as etherparse reads them: the independent check that the byte ranges and
/// masks of the tables are where the standard puts them.
fn tcp_etherparse(h: &TcpHeader, key: &str) -> Option<u32> {
    Some(match key {
        "src_port" => h.source_port.into(),
        "dst_port" => h.destination_port.into(),
        "seq" => h.sequence_number,
        "ack" => h.acknowledgment_number,
        "data_offset" => h.data_offset().into(),
        "flag_cwr" => h.cwr.into(),
        "flag_ece" => h.ece.into(),
        "flag_urg" => h.urg.into(),
        "flag_ack" => h.ack.into(),
        "flag_psh" => h.psh.into(),
        "flag_rst" => h.rst.into(),
        "flag_syn" => h.syn.into(),
        "flag_fin" => h.fin.into(),
        "window" => h.window_size.into(),
        "checksum" => h.checksum.into(),
        "urgent" => h.urgent_pointer.into(),
        "mss_value" => match h.options_iterator().next() {
            Some(Ok(TcpOptionElement::MaximumSegmentSize(m))) => m.into(),
            other => panic!("etherparse saw {other:?}"),
        },
        _ => return None,
    })
}

fn ipv4_etherparse(h: &Ipv4Header, key: &str) -> Option<u32> {
    Some(match key {
        "ip_dscp" => h.dscp.value().into(),
        "ip_ecn" => h.ecn.value().into(),
        "ip_total_length" => h.total_len.into(),
        "ip_id" => h.identification.into(),
        "ip_flag_df" => h.dont_fragment.into(),
        "ip_flag_mf" => h.more_fragments.into(),
        "ip_fragment_offset" => h.fragment_offset.value().into(),
        "ip_ttl" => h.time_to_live.into(),
        "ip_protocol" => h.protocol.0.into(),
        "ip_checksum" => h.header_checksum.into(),
        "ip_src" => u32::from_be_bytes(h.source),
        "ip_dst" => u32::from_be_bytes(h.destination),
        "ip_ihl" => h.ihl().into(),
        _ => return None,
    })
}

fn check_layout(seg: &Segment, src: Ipv4Addr, dst: Ipv4Addr, ip_id: u16) {
    let layout = wire::tcp_header_layout(seg, src, dst);
    let packet = wire::emit_ipv4_tcp(seg, src, dst, ip_id);
    assert_eq!(layout.bytes, packet[20..20 + seg.header_len()]);
    let view = TcpPacket::new_checked(&packet[20..]).unwrap();
    let (theirs, _) = TcpHeader::from_slice(&packet[20..]).unwrap();
    let mut checked_by_etherparse = 0;
    for f in &layout.fields {
        let ours = f
            .value(&layout.bytes)
            .unwrap_or_else(|| panic!("{} has no value", f.key));
        assert_eq!(ours, tcp_accessor(&view, f.key), "{} vs accessor", f.key);
        if let Some(v) = tcp_etherparse(&theirs, f.key) {
            assert_eq!(ours, v, "{} vs etherparse", f.key);
            checked_by_etherparse += 1;
        }
    }
    assert!(checked_by_etherparse >= 16);
    if let Some(mss) = seg.mss {
        let [hi, lo] = mss.to_be_bytes();
        assert_eq!(layout.field_bytes("mss"), Some(&[2, 4, hi, lo][..]));
    } else {
        assert_eq!(layout.field("options"), None);
    }

    let ip_view = Ipv4Packet::new_checked(&packet[..]).unwrap();
    let (ip_theirs, _) = Ipv4Header::from_slice(&packet).unwrap();
    for f in IPV4_HEADER_FIELDS {
        let ours = f.value(&packet[..20]).unwrap();
        assert_eq!(
            ours,
            ipv4_accessor(&ip_view, f.key),
            "{} vs accessor",
            f.key
        );
        if let Some(v) = ipv4_etherparse(&ip_theirs, f.key) {
            assert_eq!(ours, v, "{} vs etherparse", f.key);
        }
    }
}

#[test]
fn layout_values_match_accessors_and_etherparse() {
    check_layout(&syn_with_mss(), CLIENT, SERVER, 1);
    check_layout(&fin_ack(), SERVER, CLIENT, 2);
    check_layout(&odd_data(), CLIENT, SERVER, 3);
    // Every flag bit at once and an MSS: each flag field reads 1.
    let all = Segment {
        flags: Flags(0xff),
        urgent: 7,
        ..syn_with_mss()
    };
    check_layout(&all, CLIENT, SERVER, 4);
    let layout = wire::tcp_header_layout(&all, CLIENT, SERVER);
    for (flag, name) in Flags::ALL {
        let key = format!("flag_{}", name.to_ascii_lowercase());
        let f = layout.field(&key).unwrap();
        assert_eq!(f.name, name);
        assert_eq!(
            (f.start, f.end, f.mask),
            (13, 14, Some(u32::from(flag.bits())))
        );
        assert_eq!(f.value(&layout.bytes), Some(1));
    }
}

/// Each byte of `layout.bytes` belongs to exactly one leaf (a bit field counts for its byte).
fn assert_leaves_cover_every_byte(layout: &wire::HeaderLayout) {
    for i in 0..layout.bytes.len() {
        let whole: Vec<_> = layout
            .leaves()
            .filter(|f| f.mask.is_none() && f.range().contains(&i))
            .map(|f| f.key)
            .collect();
        let bits = layout
            .leaves()
            .any(|f| f.mask.is_some() && f.range().contains(&i));
        assert!(
            whole.len() == 1 && !bits || whole.is_empty() && bits,
            "byte {i}: {whole:?}, bit fields: {bits}"
        );
    }
}

#[test]
fn a_header_read_back_from_its_bytes_has_the_emitted_layout() {
    for seg in [syn_with_mss(), fin_ack(), odd_data()] {
        let emitted = wire::tcp_header_layout(&seg, CLIENT, SERVER);
        let read = wire::tcp_header_layout_of_bytes(&emitted.bytes).unwrap();
        assert_eq!(read, emitted);
        assert_leaves_cover_every_byte(&read);
    }
    // Too short for its data offset, or for a header at all.
    let syn = wire::tcp_header_layout(&syn_with_mss(), CLIENT, SERVER).bytes;
    assert_eq!(wire::tcp_header_layout_of_bytes(&syn[..23]), None);
    assert_eq!(wire::tcp_header_layout_of_bytes(&syn[..12]), None);
    let mut bad = syn.clone();
    bad[12] = 0x40; // data offset 4: below the fixed header
    assert_eq!(wire::tcp_header_layout_of_bytes(&bad), None);
}

#[test]
fn a_linux_syn_keeps_its_mss_and_shows_the_other_options_as_bytes() {
    // The SYN of tests/data captures: MSS 65495, SACK-permitted, timestamps, NOP, window scale 7.
    let mut h = vec![
        0xa4, 0x1c, 0x1f, 0x90, 0x6b, 0x8b, 0x45, 0x67, 0, 0, 0, 0, 0xa0, 0x02, 0xff, 0xd7, 0xfe,
        0x30, 0, 0,
    ];
    h.extend_from_slice(&[
        2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
    ]);
    let layout = wire::tcp_header_layout_of_bytes(&h).unwrap();
    assert_eq!(layout.field("options").unwrap().range(), 20..40);
    assert_eq!(layout.field("mss_value").unwrap().value(&h), Some(65495));
    assert_eq!(layout.field("options_other").unwrap().range(), 24..40);
    assert_eq!(layout.field("data_offset").unwrap().value(&h), Some(10));
    assert_leaves_cover_every_byte(&layout);
    // Options that do not start with the MSS are one field of bytes.
    h[20] = 1;
    let layout = wire::tcp_header_layout_of_bytes(&h).unwrap();
    assert_eq!(layout.field("mss"), None);
    assert_eq!(layout.field("options_other").unwrap().range(), 20..40);
    assert_leaves_cover_every_byte(&layout);
}

#[test]
fn options_are_found_and_window_scaling_needs_both_syns() {
    // MSS 65495, SACK-permitted, timestamps, NOP, window scale 7 (Linux's SYN).
    let mut syn = vec![0u8; 20];
    syn[12] = 0xa0;
    syn.extend_from_slice(&[
        2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
    ]);
    assert_eq!(wire::tcp_option(&syn, 2), Some(&[0xff, 0xd7][..]));
    assert_eq!(wire::tcp_option(&syn, 4), Some(&[][..]));
    assert_eq!(wire::tcp_option(&syn, 3), Some(&[7][..]));
    assert_eq!(wire::tcp_option(&syn, 5), None);
    let mut other = syn.clone();
    other[39] = 15; // above 14: used as 14 (RFC 7323 §2.3)
    assert_eq!(wire::window_shifts(&syn, &other), Some([7, 14]));
    // The model's SYN carries only the MSS: no scaling in either direction.
    let plain = wire::tcp_header_layout(&syn_with_mss(), CLIENT, SERVER).bytes;
    assert_eq!(wire::tcp_option(&plain, 3), None);
    assert_eq!(wire::window_shifts(&syn, &plain), None);
    assert_eq!(wire::window_shifts(&plain, &syn), None);
    // A length that runs past the options, or an end-of-list first: nothing.
    let mut bad = syn.clone();
    bad[21] = 40;
    assert_eq!(wire::tcp_option(&bad, 3), None);
    let mut ended = syn.clone();
    ended[20] = 0;
    assert_eq!(wire::tcp_option(&ended, 3), None);
}

#[test]
fn layout_of_the_syn_names_exact_bytes() {
    let layout = wire::tcp_header_layout(&syn_with_mss(), CLIENT, SERVER);
    let expect = [
        ("src_port", 0..2, None),
        ("seq", 4..8, None),
        ("data_offset", 12..13, Some(0xf0)),
        ("reserved", 12..13, Some(0x0f)),
        ("flags", 13..14, None),
        ("checksum", 16..18, None),
        ("options", 20..24, None),
        ("mss_kind", 20..21, None),
        ("mss_value", 22..24, None),
    ];
    for (key, range, mask) in expect {
        let f = layout.field(key).unwrap();
        assert_eq!((f.range(), f.mask), (range, mask), "{key}");
    }
    assert_eq!(layout.field_bytes("checksum"), Some(&[0x4f, 0xea][..]));
    assert_eq!(
        layout.field("data_offset").unwrap().value(&layout.bytes),
        Some(6)
    );
    assert_eq!(layout.field("data_offset").unwrap().bit_width(), 4);
    assert_eq!(layout.field("seq").unwrap().bit_width(), 32);
    let leaves: Vec<_> = layout.leaves().map(|f| f.key).collect();
    assert!(leaves.contains(&"flag_syn") && !leaves.contains(&"flags") && !leaves.contains(&"mss"));
}

// ---------------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------------

fn arb_segment() -> impl Strategy<Value = Segment> {
    (
        (any::<u16>(), any::<u16>(), any::<u32>(), any::<u32>()),
        (
            any::<u8>(),
            any::<u16>(),
            any::<u16>(),
            proptest::option::of(any::<u16>()),
        ),
        proptest::collection::vec(any::<u8>(), 0..600),
    )
        .prop_map(
            |((src_port, dst_port, seq, ack), (flags, window, urgent, mss), payload)| Segment {
                src_port,
                dst_port,
                seq: SeqNumber(seq),
                ack: SeqNumber(ack),
                flags: Flags(flags),
                window,
                urgent,
                mss,
                payload,
            },
        )
}

fn arb_addr() -> impl Strategy<Value = Ipv4Addr> {
    any::<u32>().prop_map(Ipv4Addr::from_bits)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Parsing untrusted bytes returns a value or an error; it never panics.
    #[test]
    fn parsing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = wire::parse_ipv4_tcp(&bytes);
        if let Ok(tcp) = TcpPacket::new_checked(&bytes[..]) {
            let _ = Segment::parse(&tcp);
            let _ = tcp.option_iter().count();
            let _ = (tcp.payload(), tcp.options(), tcp.verify_checksum(CLIENT, SERVER));
        }
        // Even unchecked, parse re-checks before reading.
        let _ = Segment::parse(&TcpPacket::new_unchecked(&bytes[..]));
        if let Ok(ip) = Ipv4Packet::new_checked(&bytes[..]) {
            let _ = (ip.payload(), ip.options(), ip.verify_checksum(), ip.compute_checksum());
        }
    }

    /// The same over bytes that look like IPv4+TCP (valid headers with fixed checksums around
    /// arbitrary TCP headers and options), so the TCP checks are reached, not just the IP ones.
    #[test]
    fn parsing_arbitrary_tcp_headers_never_panics(
        tcp in proptest::collection::vec(any::<u8>(), 0..80),
    ) {
        let bytes = packet_with_tcp_header(&tcp, &[]);
        match wire::parse_ipv4_tcp(&bytes) {
            // Whatever parses, re-emits to something that parses to the same segment.
            Ok((src, dst, seg)) => {
                let again = wire::emit_ipv4_tcp(&seg, src, dst, 0);
                prop_assert_eq!(wire::parse_ipv4_tcp(&again), Ok((src, dst, seg)));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// emit → parse is the identity, and etherparse reads every field as we wrote it.
    #[test]
    fn arbitrary_segments_round_trip(
        seg in arb_segment(), src in arb_addr(), dst in arb_addr(), ip_id in any::<u16>(),
    ) {
        let bytes = wire::emit_ipv4_tcp(&seg, src, dst, ip_id);
        prop_assert_eq!(bytes.len(), 20 + seg.buffer_len());
        cross_check(&bytes, src, dst, ip_id, &seg);
        let tcp = TcpPacket::new_checked(&bytes[20..]).unwrap();
        prop_assert_eq!(Segment::parse(&tcp), Ok(seg.clone()));
        prop_assert_eq!(wire::parse_ipv4_tcp(&bytes), Ok((src, dst, seg)));
    }

    /// The inspector's tables read the same values as the accessors and etherparse, whatever the
    /// segment.
    #[test]
    fn layout_matches_for_arbitrary_segments(
        seg in arb_segment(), src in arb_addr(), dst in arb_addr(), ip_id in any::<u16>(),
    ) {
        check_layout(&seg, src, dst, ip_id);
    }

    /// Any change to one byte of a packet is caught (by a checksum or a header check): the
    /// Internet checksum detects every error confined to one octet (RFC 1071 §2: a change of
    /// one octet changes the sum by d·2^8 or d with 0 < |d| < 256, never a multiple of 0xffff).
    #[test]
    fn any_one_byte_change_is_rejected(
        seg in arb_segment(), ip_id in any::<u16>(), at in any::<prop::sample::Index>(), x in 1u8..,
    ) {
        let mut bytes = wire::emit_ipv4_tcp(&seg, CLIENT, SERVER, ip_id);
        let i = at.index(bytes.len());
        bytes[i] ^= x;
        prop_assert!(wire::parse_ipv4_tcp(&bytes).is_err(), "byte {} ^= {:#x} accepted", i, x);
    }
}
