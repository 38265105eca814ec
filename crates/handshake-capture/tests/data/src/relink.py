#!/usr/bin/env python3
"""relink.py TYPE IN.pcap OUT.pcap: the same packets under another link type.

IN must be a classic pcap of LINKTYPE_ETHERNET (1) carrying IPv4. Each record's 14-byte Ethernet
header is replaced by TYPE's header; timestamps and everything after the Ethernet header are kept
byte for byte. TYPE is one of:
  raw   LINKTYPE_RAW (101): no header, the record starts with the IP header
  ipv4  LINKTYPE_IPV4 (228): the same, IPv4 only
  null  LINKTYPE_NULL (0): 4-byte address family in the writer's byte order (AF_INET = 2),
        written little-endian here as a little-endian BSD host would
  loop  LINKTYPE_LOOP (108): the same family, always big-endian (OpenBSD)
"""
import struct
import sys

TYPES = {"raw": (101, b""), "ipv4": (228, b""), "null": (0, struct.pack("<I", 2)),
         "loop": (108, struct.pack(">I", 2))}


def main():
    kind, src, dst = sys.argv[1:4]
    linktype, header = TYPES[kind]
    data = open(src, "rb").read()
    magic = data[:4]
    if magic not in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        sys.exit("expected a little-endian pcap")
    version, zone, sigfigs, snaplen, lt = struct.unpack("<HHiIII", data[4:24])[0:1] + \
        struct.unpack("<iIII", data[8:24])
    if struct.unpack("<I", data[20:24])[0] != 1:
        sys.exit("expected LINKTYPE_ETHERNET")
    out = bytearray(data[:20] + struct.pack("<I", linktype))
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, caplen, origlen = struct.unpack("<IIII", data[pos:pos + 16])
        body = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        new = header + body[14:]
        out += struct.pack("<IIII", sec, frac, len(new), origlen - 14 + len(header)) + new
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main()
