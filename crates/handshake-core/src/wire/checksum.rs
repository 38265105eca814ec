//! The Internet checksum (RFC 1071) and the TCP pseudo-header (RFC 9293 §3.1).
//!
//! RFC 1071 §1: "Adjacent octets to be checksummed are paired to form 16-bit integers, and the
//! 1's complement sum of these 16-bit integers is formed." The checksum field is the 1's complement
//! of that sum, computed with the field itself set to zero; a receiver that sums everything,
//! checksum field included, gets all ones (0xFFFF) when nothing was damaged.

use core::net::Ipv4Addr;

/// Folds the carries of a wide sum back into 16 bits (end-around carry, RFC 1071 §2(B)).
pub(crate) const fn fold(mut acc: u64) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    acc as u16
}

/// The 1's complement sum of `bytes` as big-endian 16-bit words.
///
/// RFC 9293 §3.1 (Checksum): "If a segment contains an odd number of header and text octets,
/// alignment can be achieved by padding the last octet with zeros on its right to form a 16-bit
/// word for checksum purposes. The pad is not transmitted as part of the segment."
/// Only the last slice passed to [`combine`] may have an odd length.
pub(crate) fn data(bytes: &[u8]) -> u16 {
    // Four bytes at a time, as little-endian 32-bit words, then the folded sum's two bytes
    // swapped. A 32-bit word hi·2^16 + lo is congruent to hi + lo modulo 2^16 − 1 (RFC 1071
    // §2(C), "Parallel summation"), and summing byte-swapped words gives the byte-swapped sum
    // (§2(B), "Byte order independence"), so this is the sum of big-endian 16-bit words; it is
    // zero only if every byte is, as that sum is. (Native-order loads, and a loop the compiler
    // can vectorize.)
    let mut acc: u64 = 0;
    let mut quads = bytes.chunks_exact(4);
    for q in &mut quads {
        acc += u64::from(u32::from_le_bytes([q[0], q[1], q[2], q[3]]));
    }
    let mut words = quads.remainder().chunks_exact(2);
    for w in &mut words {
        acc += u64::from(u16::from_le_bytes([w[0], w[1]]));
    }
    if let [last] = words.remainder() {
        // Big-endian, the odd byte is the high byte of a word padded with zero (RFC 9293
        // §3.1); little-endian, the low byte.
        acc += u64::from(*last);
    }
    fold(acc).swap_bytes()
}

/// The 1's complement sum of partial sums (the sum is associative and commutative, RFC 1071 §2(A)).
pub(crate) fn combine(parts: &[u16]) -> u16 {
    fold(parts.iter().map(|&p| u64::from(p)).sum())
}

/// The sum of the IPv4 pseudo-header of RFC 9293 §3.1:
///
/// ```text
/// +--------+--------+--------+--------+
/// |           Source Address          |
/// +--------+--------+--------+--------+
/// |         Destination Address       |
/// +--------+--------+--------+--------+
/// |  zero  |  PTCL  |    TCP Length   |
/// +--------+--------+--------+--------+
/// ```
///
/// "The TCP Length is the TCP header length plus the data length in octets (this is not an
/// explicitly transmitted quantity but is computed), and it does not count the 12 octets of the
/// pseudo-header."
///
/// Summed from the fields as 16-bit words, not written out and read back (the simulator takes a
/// checksum per segment; bytes stored one by one and loaded four at a time stall the load,
/// issue 15). Like [`data`], zero only if every word is.
pub(crate) fn pseudo_header(src: Ipv4Addr, dst: Ipv4Addr, protocol: u8, length: u16) -> u16 {
    fold(words32(src.to_bits()) + words32(dst.to_bits()) + u64::from(protocol) + u64::from(length))
}

/// The two big-endian 16-bit words of a 32-bit field, summed.
pub(crate) const fn words32(v: u32) -> u64 {
    (v >> 16) as u64 + (v & 0xffff) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sum word by word, as RFC 1071 §1 states it.
    fn data_by_words(bytes: &[u8]) -> u16 {
        let mut acc: u64 = 0;
        for w in bytes.chunks(2) {
            acc += u64::from(u16::from_be_bytes([w[0], w.get(1).copied().unwrap_or(0)]));
        }
        fold(acc)
    }

    #[test]
    fn eight_bytes_at_a_time_sum_as_word_by_word() {
        let mut x: u32 = 7;
        let noise: alloc::vec::Vec<u8> = (0..3000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        let ones = [0xffu8; 40];
        let zeros = [0u8; 40];
        for bytes in [&noise[..], &ones[..], &zeros[..]] {
            for len in (0..64).chain([1459, 1460, 1461, 3000]) {
                let b = &bytes[..len.min(bytes.len())];
                assert_eq!(data(b), data_by_words(b), "{} bytes", b.len());
            }
        }
    }

    /// RFC 1071 §3, "Numerical Examples": the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2
    /// (with the carries folded in), so their checksum is !ddf2 = 220d.
    #[test]
    fn rfc1071_numerical_example() {
        let bytes = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(data(&bytes), 0xddf2);
        assert_eq!(!data(&bytes), 0x220d);
        // Any split into even-length parts sums the same.
        assert_eq!(
            combine(&[data(&bytes[..2]), data(&bytes[2..6]), data(&bytes[6..])]),
            0xddf2
        );
    }

    #[test]
    fn odd_length_pads_on_the_right() {
        assert_eq!(data(&[0xab]), 0xab00);
        assert_eq!(data(&[0x01, 0x02, 0x03]), 0x0102 + 0x0300);
    }

    #[test]
    fn carries_wrap_around() {
        // 0xffff + 0x0001 = 0x1_0000 → 0x0001 after the end-around carry.
        assert_eq!(data(&[0xff, 0xff, 0x00, 0x01]), 0x0001);
        // A long run of 0xffff words never overflows the accumulator.
        assert_eq!(data(&[0xff; 200_000]), 0xffff);
    }

    #[test]
    fn pseudo_header_layout() {
        let s = pseudo_header(
            Ipv4Addr::new(1, 2, 3, 4),
            Ipv4Addr::new(5, 6, 7, 8),
            6,
            0x0102,
        );
        assert_eq!(s, data(&[1, 2, 3, 4, 5, 6, 7, 8, 0, 6, 1, 2]));
    }
}
