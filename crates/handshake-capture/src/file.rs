//! The two container formats, read record by record from any `io::Read` (a file, a byte slice):
//! classic pcap (<https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html>) and pcapng
//! (draft-ietf-opsawg-pcapng). Nothing is read ahead and nothing is allocated before the bytes
//! it holds have arrived, so a record that claims 4 GB in a 100-byte file costs nothing, and a
//! 1 GB file is streamed through one reused buffer.

use std::io::{self, Read};

use crate::error::{BlockProblem, CaptureError, FileFormat, Part};

/// One packet record: its time (nanoseconds since the epoch), its link type and the captured
/// bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Record<'a> {
    pub ts_ns: u64,
    pub link_type: u32,
    pub data: &'a [u8],
    /// The length on the wire (may exceed `data.len()` when the capture kept fewer bytes).
    pub orig_len: u32,
}

const PCAP_MICROS: u32 = 0xa1b2_c3d4;
const PCAP_NANOS: u32 = 0xa1b2_3c4d;
const PCAPNG_SHB: u32 = 0x0a0d_0d0a;
const PCAPNG_BOM: u32 = 0x1a2b_3c4d;
const BLOCK_IDB: u32 = 1;
const BLOCK_OPB: u32 = 2;
const BLOCK_SPB: u32 = 3;
const BLOCK_EPB: u32 = 6;

/// pcapng: options and comments may make a block longer than the packet it holds.
const BLOCK_SLACK: usize = 64 * 1024;

#[derive(Clone, Copy, Debug)]
struct Interface {
    link_type: u32,
    /// Timestamp units per second.
    units: u64,
    /// `if_tsoffset`, seconds.
    offset_s: i64,
}

enum Format {
    Pcap {
        big: bool,
        nanos: bool,
        link_type: u32,
    },
    PcapNg {
        big: bool,
        interfaces: Vec<Interface>,
        last_ts: u64,
    },
}

/// Reads records one at a time.
pub struct RecordReader<R> {
    r: R,
    /// Bytes consumed so far: the offset of the next thing read.
    offset: u64,
    format: Format,
    buf: Vec<u8>,
    max_record: usize,
}

fn u16_at(b: &[u8], at: usize, big: bool) -> u16 {
    let x = [b[at], b[at + 1]];
    if big {
        u16::from_be_bytes(x)
    } else {
        u16::from_le_bytes(x)
    }
}

fn u32_at(b: &[u8], at: usize, big: bool) -> u32 {
    let x = [b[at], b[at + 1], b[at + 2], b[at + 3]];
    if big {
        u32::from_be_bytes(x)
    } else {
        u32::from_le_bytes(x)
    }
}

/// Reads up to `n` bytes into `buf` (replacing it), growing it only as bytes arrive. Returns how
/// many were read (fewer than `n` only at the end of the input).
fn read_up_to<R: Read>(r: &mut R, buf: &mut Vec<u8>, n: usize) -> io::Result<usize> {
    buf.clear();
    let mut chunk = [0u8; 8192];
    while buf.len() < n {
        let want = (n - buf.len()).min(chunk.len());
        match r.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(k) => buf.extend_from_slice(&chunk[..k]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(buf.len())
}

impl<R: Read> RecordReader<R> {
    /// Reads the file header (pcap) or the first Section Header Block (pcapng). `max_record` is
    /// the largest packet record accepted.
    pub fn new(mut r: R, max_record: usize) -> Result<RecordReader<R>, CaptureError> {
        let mut buf = Vec::new();
        let got = read_up_to(&mut r, &mut buf, 4)?;
        if got == 0 {
            return Err(CaptureError::Empty);
        }
        let mut magic = [0u8; 4];
        magic[..got].copy_from_slice(&buf[..got]);
        let le = u32::from_le_bytes(magic);
        let be = u32::from_be_bytes(magic);
        let mut reader = RecordReader {
            r,
            offset: 0,
            format: Format::Pcap {
                big: false,
                nanos: false,
                link_type: 0,
            },
            buf,
            max_record,
        };
        if le == PCAPNG_SHB {
            reader.format = Format::PcapNg {
                big: false,
                interfaces: Vec::new(),
                last_ts: 0,
            };
            // The magic is the block type of the first block, read again with its body.
            reader.read_section_header(magic)?;
            return Ok(reader);
        }
        let (big, nanos) = match (le, be) {
            (PCAP_MICROS, _) => (false, false),
            (PCAP_NANOS, _) => (false, true),
            (_, PCAP_MICROS) => (true, false),
            (_, PCAP_NANOS) => (true, true),
            _ => return Err(CaptureError::NotACapture { magic }),
        };
        if got < 4 {
            return Err(CaptureError::Truncated {
                offset: 0,
                part: Part::FileHeader,
            });
        }
        let n = read_up_to(&mut reader.r, &mut reader.buf, 20)?;
        if n < 20 {
            return Err(CaptureError::Truncated {
                offset: 0,
                part: Part::FileHeader,
            });
        }
        let b = &reader.buf;
        let (major, minor) = (u16_at(b, 0, big), u16_at(b, 2, big));
        if major != 2 {
            return Err(CaptureError::UnsupportedVersion {
                format: FileFormat::Pcap,
                major,
                minor,
            });
        }
        // The link type is the low 16 bits; the high bits may carry FCS information.
        let link_type = u32_at(b, 16, big) & 0xffff;
        reader.format = Format::Pcap {
            big,
            nanos,
            link_type,
        };
        reader.offset = 24;
        Ok(reader)
    }

    /// The container format.
    pub fn format(&self) -> FileFormat {
        match self.format {
            Format::Pcap { .. } => FileFormat::Pcap,
            Format::PcapNg { .. } => FileFormat::PcapNg,
        }
    }

    /// The next packet record, or `None` at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, CaptureError> {
        match self.format {
            Format::Pcap {
                big,
                nanos,
                link_type,
            } => self.next_pcap(big, nanos, link_type),
            Format::PcapNg { .. } => self.next_pcapng(),
        }
    }

    fn next_pcap(
        &mut self,
        big: bool,
        nanos: bool,
        link_type: u32,
    ) -> Result<Option<Record<'_>>, CaptureError> {
        let at = self.offset;
        let n = read_up_to(&mut self.r, &mut self.buf, 16)?;
        if n == 0 {
            return Ok(None);
        }
        if n < 16 {
            return Err(CaptureError::Truncated {
                offset: at,
                part: Part::RecordHeader,
            });
        }
        let b = &self.buf;
        let (sec, frac) = (u32_at(b, 0, big), u32_at(b, 4, big));
        let (caplen, orig_len) = (u32_at(b, 8, big), u32_at(b, 12, big));
        if caplen as usize > self.max_record {
            return Err(CaptureError::RecordTooLong {
                offset: at,
                len: u64::from(caplen),
                limit: self.max_record as u64,
            });
        }
        let n = read_up_to(&mut self.r, &mut self.buf, caplen as usize)?;
        if n < caplen as usize {
            return Err(CaptureError::Truncated {
                offset: at,
                part: Part::RecordData,
            });
        }
        self.offset = at + 16 + u64::from(caplen);
        let frac_ns = if nanos {
            u64::from(frac)
        } else {
            u64::from(frac) * 1000
        };
        Ok(Some(Record {
            ts_ns: u64::from(sec) * 1_000_000_000 + frac_ns,
            link_type,
            data: &self.buf,
            orig_len,
        }))
    }

    /// Reads one pcapng block at the current offset: (type, body without the trailing length).
    /// `first` is the block type when its 4 bytes were already consumed.
    fn read_block(&mut self, first: Option<[u8; 4]>) -> Result<Option<(u32, u32)>, CaptureError> {
        let at = self.offset;
        let mut head = [0u8; 8];
        let skip = match first {
            Some(t) => {
                head[..4].copy_from_slice(&t);
                4
            }
            None => 0,
        };
        let n = read_up_to(&mut self.r, &mut self.buf, 8 - skip)?;
        if n == 0 && skip == 0 {
            return Ok(None);
        }
        if n < 8 - skip {
            return Err(CaptureError::Truncated {
                offset: at,
                part: Part::BlockHeader,
            });
        }
        head[skip..].copy_from_slice(&self.buf[..8 - skip]);
        let Format::PcapNg { big, .. } = self.format else {
            return Ok(None);
        };
        let block_type = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let is_shb = block_type == PCAPNG_SHB;
        // A Section Header Block sets the byte order of its section: read its magic first.
        let big = if is_shb {
            let n = read_up_to(&mut self.r, &mut self.buf, 4)?;
            if n < 4 {
                return Err(CaptureError::Truncated {
                    offset: at,
                    part: Part::BlockBody,
                });
            }
            let m = [self.buf[0], self.buf[1], self.buf[2], self.buf[3]];
            match (u32::from_le_bytes(m), u32::from_be_bytes(m)) {
                (PCAPNG_BOM, _) => false,
                (_, PCAPNG_BOM) => true,
                (magic, _) => {
                    return Err(CaptureError::BadBlock {
                        offset: at,
                        problem: BlockProblem::BadByteOrderMagic { magic },
                    });
                }
            }
        } else {
            big
        };
        let block_type = u32_at(&head, 0, big);
        let len = u32_at(&head, 4, big);
        if len < 12 || len % 4 != 0 || (is_shb && len < 28) {
            return Err(CaptureError::BadBlock {
                offset: at,
                problem: BlockProblem::BadLength { len },
            });
        }
        let limit = self.max_record + BLOCK_SLACK;
        if len as usize > limit {
            return Err(CaptureError::RecordTooLong {
                offset: at,
                len: u64::from(len),
                limit: limit as u64,
            });
        }
        // The rest: body and trailing length (the SHB's magic was read already).
        let rest = len as usize - 8 - if is_shb { 4 } else { 0 };
        let mut body = std::mem::take(&mut self.buf);
        let n = read_up_to(&mut self.r, &mut body, rest);
        let n = match n {
            Ok(n) => n,
            Err(e) => {
                self.buf = body;
                return Err(e.into());
            }
        };
        if n < rest {
            self.buf = body;
            return Err(CaptureError::Truncated {
                offset: at,
                part: Part::BlockBody,
            });
        }
        let trailer = u32_at(&body, rest - 4, big);
        if trailer != len {
            self.buf = body;
            return Err(CaptureError::BadBlock {
                offset: at,
                problem: BlockProblem::TrailerMismatch { len, trailer },
            });
        }
        body.truncate(rest - 4);
        if is_shb {
            // Put the magic back in front so the body is the whole SHB body.
            let mut full = Vec::with_capacity(body.len() + 4);
            full.extend_from_slice(&PCAPNG_BOM.to_le_bytes());
            if big {
                full[..4].copy_from_slice(&PCAPNG_BOM.to_be_bytes());
            }
            full.extend_from_slice(&body);
            body = full;
        }
        self.buf = body;
        self.offset = at + u64::from(len);
        if let Format::PcapNg {
            big: b, interfaces, ..
        } = &mut self.format
        {
            if is_shb {
                *b = big;
                interfaces.clear();
            }
        }
        Ok(Some((block_type, len)))
    }

    fn read_section_header(&mut self, magic: [u8; 4]) -> Result<(), CaptureError> {
        self.read_block(Some(magic))?;
        self.check_section_version(0)
    }

    fn check_section_version(&self, at: u64) -> Result<(), CaptureError> {
        let Format::PcapNg { big, .. } = self.format else {
            return Ok(());
        };
        let b = &self.buf;
        if b.len() < 16 {
            return Err(CaptureError::BadBlock {
                offset: at,
                problem: BlockProblem::Short {
                    block_type: PCAPNG_SHB,
                },
            });
        }
        let (major, minor) = (u16_at(b, 4, big), u16_at(b, 6, big));
        if major != 1 {
            return Err(CaptureError::UnsupportedVersion {
                format: FileFormat::PcapNg,
                major,
                minor,
            });
        }
        Ok(())
    }

    fn next_pcapng(&mut self) -> Result<Option<Record<'_>>, CaptureError> {
        loop {
            let at = self.offset;
            let Some((block_type, _)) = self.read_block(None)? else {
                return Ok(None);
            };
            let Format::PcapNg {
                big,
                ref mut interfaces,
                ref mut last_ts,
            } = self.format
            else {
                return Ok(None);
            };
            let b = &self.buf;
            let short = || CaptureError::BadBlock {
                offset: at,
                problem: BlockProblem::Short { block_type },
            };
            match block_type {
                PCAPNG_SHB => self.check_section_version(at)?,
                BLOCK_IDB => {
                    if b.len() < 8 {
                        return Err(short());
                    }
                    let link_type = u32::from(u16_at(b, 0, big));
                    let (units, offset_s) = interface_options(&b[8..], big).map_err(|problem| {
                        CaptureError::BadBlock {
                            offset: at,
                            problem,
                        }
                    })?;
                    interfaces.push(Interface {
                        link_type,
                        units,
                        offset_s,
                    });
                }
                BLOCK_EPB | BLOCK_OPB => {
                    if b.len() < 20 {
                        return Err(short());
                    }
                    let interface = if block_type == BLOCK_EPB {
                        u32_at(b, 0, big)
                    } else {
                        u32::from(u16_at(b, 0, big))
                    };
                    let iface =
                        *interfaces
                            .get(interface as usize)
                            .ok_or(CaptureError::BadBlock {
                                offset: at,
                                problem: BlockProblem::UndefinedInterface { interface },
                            })?;
                    let ts = (u64::from(u32_at(b, 4, big)) << 32) | u64::from(u32_at(b, 8, big));
                    let caplen = u32_at(b, 12, big) as usize;
                    let orig_len = u32_at(b, 16, big);
                    if caplen > self.max_record {
                        return Err(CaptureError::RecordTooLong {
                            offset: at,
                            len: caplen as u64,
                            limit: self.max_record as u64,
                        });
                    }
                    if 20 + caplen > b.len() {
                        return Err(short());
                    }
                    let ts_ns = to_nanos(ts, iface);
                    *last_ts = ts_ns;
                    return Ok(Some(Record {
                        ts_ns,
                        link_type: iface.link_type,
                        data: &self.buf[20..20 + caplen],
                        orig_len,
                    }));
                }
                BLOCK_SPB => {
                    if b.len() < 4 {
                        return Err(short());
                    }
                    let iface = *interfaces.first().ok_or(CaptureError::BadBlock {
                        offset: at,
                        problem: BlockProblem::UndefinedInterface { interface: 0 },
                    })?;
                    let orig_len = u32_at(b, 0, big);
                    let caplen = (orig_len as usize).min(b.len() - 4);
                    // No timestamp: the previous packet's.
                    return Ok(Some(Record {
                        ts_ns: *last_ts,
                        link_type: iface.link_type,
                        data: &self.buf[4..4 + caplen],
                        orig_len,
                    }));
                }
                // Statistics, name resolution, custom, decryption secrets, …: not needed.
                _ => {}
            }
        }
    }
}

/// `if_tsresol` (units per second) and `if_tsoffset` (seconds) of an Interface Description
/// Block's options; defaults: microseconds, 0.
fn interface_options(mut opts: &[u8], big: bool) -> Result<(u64, i64), BlockProblem> {
    let (mut units, mut offset) = (1_000_000u64, 0i64);
    while opts.len() >= 4 {
        let code = u16_at(opts, 0, big);
        let len = usize::from(u16_at(opts, 2, big));
        let padded = len.div_ceil(4) * 4;
        let Some(value) = opts.get(4..4 + len) else {
            break;
        };
        match (code, len) {
            (0, _) => break,
            (9, 1) => {
                let r = value[0];
                let exp = u32::from(r & 0x7f);
                units = if r & 0x80 == 0 {
                    10u64.checked_pow(exp)
                } else {
                    2u64.checked_pow(exp)
                }
                .filter(|&u| u > 0)
                .ok_or(BlockProblem::BadTimestampResolution { tsresol: r })?;
            }
            (14, 8) => {
                let raw = [
                    value[0], value[1], value[2], value[3], value[4], value[5], value[6], value[7],
                ];
                offset = if big {
                    i64::from_be_bytes(raw)
                } else {
                    i64::from_le_bytes(raw)
                };
            }
            _ => {}
        }
        opts = opts.get(4 + padded..).unwrap_or(&[]);
    }
    Ok((units, offset))
}

fn to_nanos(ts: u64, iface: Interface) -> u64 {
    let ns = u128::from(ts) * 1_000_000_000 / u128::from(iface.units);
    let ns = i128::try_from(ns).unwrap_or(i128::MAX) + i128::from(iface.offset_s) * 1_000_000_000;
    u64::try_from(ns.max(0)).unwrap_or(u64::MAX)
}
