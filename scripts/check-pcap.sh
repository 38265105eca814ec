#!/usr/bin/env bash
# Checks a pcap written by `handshake-cli --pcap` with the real Wireshark dissectors (tshark):
#   * tshark reads the whole file (not cut short, not corrupt);
#   * every frame decodes as IPv4 + TCP, with no "Malformed Packet" and no expert error;
#   * the IPv4 and TCP checksums of every frame are verified Good;
#   * Wireshark's retransmission marks ("TCP Retransmission", "TCP Fast Retransmission",
#     "TCP Spurious Retransmission") are on exactly the frames listed, no more, no fewer.
#
# Usage: scripts/check-pcap.sh [--allow-after N] FILE [EXPECTED_RETRANSMITTED_FRAME_NUMBER...]
#   Frame numbers count from 1, as in Wireshark. No numbers = no frame may be marked.
#   --allow-after N: frames after N may also be marked (each expected one must still be). A
#   hand-made segment (frame N: a forged RST ahead of RCV.NXT, an old SYN) misleads Wireshark's
#   sequence analysis about what follows, which the model rightly does not call retransmissions.
#   Example: scripts/check-pcap.sh lost-syn.pcap 2
# Exit status: 0 all good; 1 a check failed (including a file tshark cannot read);
# 2 usage error or tshark missing.
# Needs tshark (Debian: apt-get install -y tshark).
set -euo pipefail

me=check-pcap
die() { echo "$me: $*" >&2; exit 2; }

allow_after=0
if [[ ${1:-} == --allow-after ]]; then
    [[ ${2:-} =~ ^[0-9]+$ ]] || die "--allow-after takes a frame number"
    allow_after=$2
    shift 2
fi
[[ $# -ge 1 ]] || die "usage: $0 [--allow-after N] FILE [EXPECTED_RETRANSMITTED_FRAME_NUMBER...]"
file=$1
shift
[[ -f $file ]] || die "$file: no such file"
for n in "$@"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "expected frame numbers are positive integers, got '$n'"
done
command -v tshark >/dev/null || die "tshark not found (Debian: apt-get install -y tshark)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private, empty configuration directory: personal Wireshark preferences cannot change the
# verdict; the options below switch on what the checks need.
mkdir "$work/config"
export WIRESHARK_CONFIG_DIR="$work/config"

if ! tshark -r "$file" -n \
    -o ip.check_checksum:TRUE \
    -o tcp.check_checksum:TRUE \
    -o tcp.analyze_sequence_numbers:TRUE \
    -T fields -E separator=/t -E occurrence=a -E 'aggregator=|' \
    -e frame.number -e frame.protocols \
    -e ip.checksum.status -e tcp.checksum.status \
    -e _ws.malformed -e _ws.expert.severity -e _ws.expert.message \
    -e tcp.analysis.retransmission \
    -e tcp.analysis.fast_retransmission \
    -e tcp.analysis.spurious_retransmission \
    >"$work/fields" 2>"$work/stderr"; then
    grep -v '^Running as user' "$work/stderr" >&2 || true
    echo "$me: $file: tshark could not read it (not a pcap, cut short or corrupt)" >&2
    exit 1
fi

# One line per frame; columns as listed above. Checksum status: 0 Bad, 1 Good, 2 Unverified.
# Expert severity 8388608 is "Error" (malformed packets, bad checksums, ...).
if ! awk -F'\t' -v file="$file" -v me="$me" -v marked_out="$work/marked" '
    function problem(msg) { printf "%s: %s: frame %s: %s\n", me, file, $1, msg > "/dev/stderr"; bad = 1 }
    {
        frames++
        if ($2 !~ /(^|:)ip:tcp(:|$)/) problem("not decoded as IPv4 + TCP (protocols " $2 ")")
        if ($5 != "") problem("Malformed Packet: " $7)
        else if ($6 ~ /(^|\|)8388608(\||$)/) problem("expert error: " $7)
        if ($3 != "1") problem("IPv4 checksum not Good (status " ($3 == "" ? "missing" : $3) "): " $7)
        if ($4 != "1") problem("TCP checksum not Good (status " ($4 == "" ? "missing" : $4) "): " $7)
        kind = ""
        if ($10 != "") kind = "spurious"
        else if ($9 != "") kind = "fast"
        else if ($8 != "") kind = "plain"
        if (kind != "") printf "%s %s\n", $1, kind > marked_out
    }
    END {
        if (frames == 0) { printf "%s: %s: no packets\n", me, file > "/dev/stderr"; bad = 1 }
        printf "%d\n", frames > (marked_out ".count")
        exit bad
    }' "$work/fields"; then
    exit 1
fi
touch "$work/marked"

frames=$(cat "$work/marked.count")
if [[ $allow_after -gt 0 ]]; then
    # Marks after the hand-made frame that were not expected are allowed: set them aside.
    awk -v n="$allow_after" -v expected=" $* " '$1 <= n || index(expected, " " $1 " ") > 0' \
        "$work/marked" >"$work/marked.kept"
    mv "$work/marked.kept" "$work/marked"
fi
actual=$(cut -d' ' -f1 "$work/marked" | sort -n | tr '\n' ' ' | sed 's/ $//')
expected=$(printf '%s\n' "$@" | sed '/^$/d' | sort -n | uniq | tr '\n' ' ' | sed 's/ $//')

if [[ $actual != "$expected" ]]; then
    unexpected=$(comm -13 <(tr ' ' '\n' <<<"$expected" | sort) <(tr ' ' '\n' <<<"$actual" | sort) | sort -n | tr '\n' ' ')
    missing=$(comm -23 <(tr ' ' '\n' <<<"$expected" | sort) <(tr ' ' '\n' <<<"$actual" | sort) | sort -n | tr '\n' ' ')
    {
        echo "$me: $file: retransmission marks differ"
        echo "  expected on frames: ${expected:-(none)}"
        echo "  tshark marked:      ${actual:-(none)}  ($(tr '\n' ';' <"$work/marked" | sed 's/;$//; s/;/, /g'))"
        [[ -n ${unexpected// /} ]] && echo "  marked but not expected: $unexpected"
        [[ -n ${missing// /} ]] && echo "  expected but not marked: $missing"
    } >&2
    exit 1
fi

echo "$me: $file: $frames frames, IPv4 and TCP checksums Good, none malformed; retransmissions: ${actual:-none}"
