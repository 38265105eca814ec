//! Bytes → the wire layer: `parse_ipv4_tcp`, the checked views with every accessor, and
//! `Segment::parse`. Nothing may panic, and a parsed segment emitted again parses to the same
//! segment (for the IPv4 packet parser and for the bare TCP view).

#![no_main]

use std::net::Ipv4Addr;

use handshake_core::Segment;
use handshake_core::wire::{self, Ipv4Packet, TcpOption, TcpPacket};
use libfuzzer_sys::fuzz_target;

const SRC: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
const DST: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);

fuzz_target!(|data: &[u8]| {
    // The one-call parser, and the round trip through the one-call emitter.
    if let Ok((src, dst, seg)) = wire::parse_ipv4_tcp(data) {
        let bytes = wire::try_emit_ipv4_tcp(&seg, src, dst, 7)
            .expect("a segment that was parsed from a packet fits a packet");
        let again = wire::parse_ipv4_tcp(&bytes).expect("our own packet parses");
        assert_eq!(again, (src, dst, seg.clone()));
        // The inspector's layout of the same segment names its bytes.
        let layout = wire::tcp_header_layout(&seg, src, dst);
        assert_eq!(layout.bytes.len(), seg.header_len());
    }

    // The IPv4 view: once checked, no accessor may panic.
    if let Ok(ip) = Ipv4Packet::new_checked(data) {
        let _ = (ip.version(), ip.ihl(), ip.header_len(), ip.dscp(), ip.ecn());
        let _ = (
            ip.total_len(),
            ip.ident(),
            ip.reserved_flag(),
            ip.dont_frag(),
        );
        let _ = (ip.more_frags(), ip.frag_offset(), ip.ttl(), ip.protocol());
        let _ = (ip.checksum(), ip.src_addr(), ip.dst_addr());
        let _ = (ip.options().len(), ip.payload().len());
        assert_eq!(ip.verify_checksum(), ip.check_checksum().is_ok());
        let _ = ip.compute_checksum();
    }

    // The TCP view over the same bytes (as if they were a bare segment).
    if let Ok(tcp) = TcpPacket::new_checked(data) {
        let _ = (
            tcp.src_port(),
            tcp.dst_port(),
            tcp.seq_number(),
            tcp.ack_number(),
        );
        let _ = (
            tcp.data_offset(),
            tcp.header_len(),
            tcp.reserved(),
            tcp.flags(),
        );
        let _ = (
            tcp.window(),
            tcp.checksum(),
            tcp.urgent(),
            tcp.options().len(),
        );
        let _ = (tcp.mss(), tcp.payload().len());
        for option in tcp.option_iter() {
            if let Ok(TcpOption::MaxSegmentSize(_)) = option {}
        }
        assert_eq!(
            tcp.verify_checksum(SRC, DST),
            tcp.check_checksum(SRC, DST).is_ok()
        );
        let _ = tcp.compute_checksum(SRC, DST);
        if let Ok(seg) = Segment::parse(&tcp) {
            // Re-emitted, it parses to the same segment (unknown options, padding and reserved
            // bits are not part of a Segment, so they do not come back).
            let mut buf = vec![0; seg.buffer_len()];
            let n = seg
                .emit(&mut buf, SRC, DST)
                .expect("fits: it came from at most as many bytes");
            let view = TcpPacket::new_checked(&buf[..n]).expect("our own segment is well-formed");
            assert!(view.verify_checksum(SRC, DST));
            assert_eq!(Segment::parse(&view).expect("parses"), seg);
        }
    }
});
