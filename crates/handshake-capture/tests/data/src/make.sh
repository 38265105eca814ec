#!/usr/bin/env bash
# Makes the test captures in ../ from real conversations of this machine's kernel TCP, each inside
# its own private network namespace (`unshare --net`: only a loopback device, nothing leaves it,
# no other traffic is seen). Needs root, tcpdump, dumpcap, editcap (Debian: tcpdump,
# wireshark-common), iptables (for the retransmission) and python3. README.md in ../ says what
# each file is. The captures are real traffic, so a new run gives other ISNs, ports and times:
# the expectations in ../*.expected must then be checked again by hand (handshake-cli replay).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/.." && pwd)"
py="$(command -v python3)"

# capture FILE TOOL-ARGS... -- CONVERSATION...: inside a fresh namespace, starts the capture tool,
# runs the conversation, stops the tool.
capture() {
  local file="$1"; shift
  local args=()
  while [[ "$1" != "--" ]]; do args+=("$1"); shift; done
  shift
  unshare --net bash -c '
    set -e
    ip link set lo up
    file="$1"; shift
    n="$1"; shift
    tool=("${@:1:$n}"); shift "$n"
    "${tool[@]}" -w "$file" 2>/dev/null &
    pid=$!
    sleep 1.5
    "$@"
    sleep 1.5
    kill -INT "$pid"
    wait "$pid" || true
  ' capture "$file" "${#args[@]}" "${args[@]}" "$@"
  echo "$file: $(stat -c %s "$file") bytes"
}

# tcpdump on lo: LINKTYPE_ETHERNET (Linux's loopback has zeroed MAC addresses).
capture "$out/lo-client-closes.pcap" tcpdump -i lo -U --immediate-mode -- "$py" "$here/converse.py" client-closes 8000
# tcpdump on the "any" device: Linux cooked headers, SLL2 and SLL.
capture "$out/any-sll2-server-closes.pcap" tcpdump -i any -y LINUX_SLL2 -U --immediate-mode -- "$py" "$here/converse.py" server-closes 8000
capture "$out/any-sll-rst.pcap" tcpdump -i any -y LINUX_SLL -U --immediate-mode -- "$py" "$here/converse.py" rst 8000
# dumpcap writes pcapng (one interface description block, then enhanced packet blocks).
capture "$out/lo-refused.pcapng" dumpcap -q -i lo -- "$py" "$here/converse.py" refused 8000
capture "$out/lo-several.pcapng" dumpcap -q -i lo -- "$py" "$here/converse.py" several 8000
# A real retransmission: the first segment carrying "hello" is dropped on input (after tcpdump saw
# it leave), so the client's kernel sends it again when its retransmission timer expires.
capture "$out/lo-retransmission.pcap" tcpdump -i lo -U --immediate-mode -- bash -c "
  iptables -A INPUT -p tcp -m string --string hello --algo bm -m statistic --mode nth --every 1000 --packet 0 -j DROP
  '$py' '$here/converse.py' client-closes 8000"
# IPv6 only, and no TCP at all (UDP): the reader must say so.
capture "$out/lo-ipv6-only.pcap" tcpdump -i lo -U --immediate-mode -- "$py" -c '
import socket, threading
ls = socket.socket(socket.AF_INET6); ls.bind(("::1", 8000)); ls.listen(1)
t = threading.Thread(target=lambda: ls.accept()[0].close()); t.start()
c = socket.create_connection(("::1", 8000)); t.join(); c.close(); ls.close()'
capture "$out/lo-udp-only.pcap" tcpdump -i lo -U --immediate-mode -- "$py" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b"hello", ("127.0.0.1", 9))'

# The other link types, from lo-client-closes.pcap by replacing each record's 14-byte Ethernet
# header (relink.py): LINKTYPE_RAW (101), LINKTYPE_IPV4 (228), LINKTYPE_NULL (0), LINKTYPE_LOOP (108).
for lt in raw ipv4 null loop; do
  "$py" "$here/relink.py" "$lt" "$out/lo-client-closes.pcap" "$out/relinked-$lt.pcap"
done
# A capture that starts mid-connection (without the handshake's three packets), and one with a
# data segment missing (the client's "hello", packet 4): editcap keeps or deletes whole records.
editcap -F pcap -r "$out/lo-client-closes.pcap" "$out/cut-mid-connection.pcap" 4-100
editcap -F pcap "$out/lo-client-closes.pcap" "$out/cut-missing-data.pcap" 4
# Nanosecond pcap (magic 0xa1b23c4d).
editcap -F nsecpcap "$out/lo-client-closes.pcap" "$out/lo-client-closes-nsec.pcap"
# The same as pcapng (editcap writes pcapng by default).
editcap -F pcapng "$out/any-sll2-server-closes.pcap" "$out/any-sll2-server-closes.pcapng"
ls -l "$out"
