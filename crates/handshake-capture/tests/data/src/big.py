#!/usr/bin/env python3
"""Writes two big synthetic pcaps for timing the reader (docs/BENCHMARKS.md, "Capture reader
size"), not for the tests: /tmp/tcp-150k.pcap (a handshake, then 100,000 data segments
and 50,000 ACKs: 108 MB) and /tmp/udp-1g.pcap (1 GiB of UDP datagrams, no TCP)."""
import struct, sys
def ip(src, dst, proto, payload):
    total = 20 + len(payload)
    h = struct.pack(">BBHHHBBH4s4s", 0x45, 0, total, 0, 0x4000, 64, proto, 0, bytes(src), bytes(dst))
    return h + payload
def tcp(sp, dp, seq, ack, flags, plen):
    return struct.pack(">HHIIBBHHH", sp, dp, seq & 0xffffffff, ack & 0xffffffff, 5 << 4, flags, 65535, 0, 0) + b"x" * plen
C, S = [10,0,0,1], [10,0,0,2]
def write(path, packets):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        for i, p in enumerate(packets):
            f.write(struct.pack("<IIII", i // 1000000, i % 1000000, len(p), len(p)))
            f.write(p)
def tcp_packets(n):
    yield ip(C, S, 6, tcp(40000, 80, 100, 0, 0x02, 0))
    yield ip(S, C, 6, tcp(80, 40000, 500, 101, 0x12, 0))
    yield ip(C, S, 6, tcp(40000, 80, 101, 501, 0x10, 0))
    seq = 101
    for i in range(n):
        yield ip(C, S, 6, tcp(40000, 80, seq, 501, 0x18, 1000))
        seq += 1000
        if i % 2:
            yield ip(S, C, 6, tcp(80, 40000, 501, seq, 0x10, 0))
def udp_packets(total):
    p = ip(C, S, 17, struct.pack(">HHHH", 5000, 5001, 1408, 0) + b"u" * 1400)
    for _ in range(total // (len(p) + 16)):
        yield p
write("/tmp/tcp-150k.pcap", tcp_packets(100000))
write("/tmp/udp-1g.pcap", udp_packets(1 << 30))
