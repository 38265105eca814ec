//! A real capture in the lab: a pcap or pcapng file read by `handshake-capture`, one of its TCP
//! connections chosen, and the core's passive observer's trace of it played as a [`Recording`].
//! Everything TCP — the connections, the segments, both ends' states, the notes where the capture
//! disagrees with RFC 9293 — comes from the capture crate and the core; this module only holds
//! the choice, and words what can be wrong with a file in the UI's two languages.
//!
//! Why the words are here and not in `handshake-explain`: that crate depends on the core alone
//! (an architecture invariant, `scripts/test explain-deps`), and `CaptureError` is the capture
//! crate's type. The CLI prints the error's English `Display`.

use std::rc::Rc;

use handshake_capture::{Capture, CaptureError, FileFormat, Limits, Part, read_capture_bytes};
use handshake_core::Instant;
use handshake_core::observer::{ObserverOptions, Placement, observe, segment_ids};
use handshake_core::sim::TxId;
use handshake_explain::Lang;

use crate::lab::Horizon;
use crate::replay::Recording;
use crate::run::{Recorded, Run};
use crate::shared::Shared;
use crate::timeline::LadderModel;

/// Files larger than this are refused before they are read: the browser would hold the whole
/// file in memory (the reader itself streams; `handshake-cli replay` reads any size).
pub const MAX_FILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// Why a file could not be shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: f64 },
    /// The browser could not read the file.
    Unreadable,
    /// The capture reader's reason.
    Capture(CaptureError),
}

/// An opened capture and the connection being played.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub name: String,
    pub capture: Rc<Capture>,
    /// Index into `capture.connections` of the connection shown.
    pub chosen: Option<usize>,
    pub recording: Option<Recording>,
    pub selected: Option<TxId>,
    /// The id the observer gave each segment of the chosen connection, in capture order.
    pub ids: Rc<Vec<TxId>>,
    /// The chosen connection's whole run, drawn on the recording's own scale.
    pub horizon: Option<Shared<Horizon>>,
    /// Play is on (Space or the Play button).
    pub playing: bool,
    /// The ladder follows the present; the whole recording is fitted in the box.
    pub follow: bool,
    pub fit: bool,
}

impl Opened {
    /// Reads `bytes`; a capture with one connection has it chosen.
    pub fn read(name: &str, bytes: &[u8]) -> Result<Opened, Problem> {
        if bytes.len() as f64 > MAX_FILE_BYTES {
            return Err(Problem::TooLarge {
                bytes: bytes.len() as f64,
            });
        }
        let capture = read_capture_bytes(bytes, Limits::DEFAULT).map_err(Problem::Capture)?;
        let mut opened = Opened {
            name: name.to_owned(),
            capture: Rc::new(capture),
            chosen: None,
            recording: None,
            selected: None,
            ids: Rc::default(),
            horizon: None,
            playing: false,
            follow: true,
            fit: false,
        };
        if opened.capture.connections.len() == 1 {
            opened.choose(0);
        }
        Ok(opened)
    }

    /// Shows connection `k` from its start, as the observer infers it.
    pub fn choose(&mut self, k: usize) {
        let Some(conn) = self.capture.connections.get(k) else {
            return;
        };
        let opts = ObserverOptions {
            placement: Placement::Estimate,
        };
        let recording = Recording::new(observe(&conn.segments, opts).trace);
        let model = LadderModel::of_events(&recording.trace.events, &|_| None);
        self.horizon = Some(Shared(Rc::new(Horizon::of_model(
            model,
            recording.px_per_ms(),
        ))));
        self.chosen = Some(k);
        self.ids = Rc::new(segment_ids(&conn.segments));
        self.recording = Some(recording);
        self.selected = None;
        self.playing = false;
        self.follow = true;
    }

    /// Play or pause; play at the end starts from the beginning.
    pub fn toggle_play(&mut self) {
        if self.playing {
            self.playing = false;
        } else if let Some(r) = self.recording.as_mut() {
            if r.at_end() {
                r.seek(Instant::ZERO);
            }
            self.playing = true;
        }
    }

    /// The chosen connection as the lab's stage, inspector and narration read it.
    pub fn run(&self) -> Option<Run> {
        Some(Run::Recorded(Rc::new(Recorded {
            recording: self.recording.clone()?,
            capture: Rc::clone(&self.capture),
            conn: self.chosen?,
            ids: Rc::clone(&self.ids),
        })))
    }
}

fn part(p: Part, lang: Lang) -> &'static str {
    match (p, lang) {
        (Part::FileHeader, Lang::En) => "the file header",
        (Part::RecordHeader, Lang::En) => "a packet record's header",
        (Part::RecordData, Lang::En) => "a packet record's data",
        (Part::BlockHeader, Lang::En) => "a block's header",
        (Part::BlockBody, Lang::En) => "a block",
        (Part::FileHeader, Lang::Ko) => "파일 헤더",
        (Part::RecordHeader, Lang::Ko) => "패킷 레코드 헤더",
        (Part::RecordData, Lang::Ko) => "패킷 레코드 데이터",
        (Part::BlockHeader, Lang::Ko) => "블록 헤더",
        (Part::BlockBody, Lang::Ko) => "블록",
    }
}

fn mb(bytes: f64) -> String {
    format!("{:.0} MB", bytes / (1024.0 * 1024.0))
}

/// What is wrong with a file, in words.
pub fn problem_text(p: &Problem, lang: Lang) -> String {
    match (p, lang) {
        (Problem::TooLarge { bytes }, Lang::En) => format!(
            "The file is too large to open here ({}; at most {}). Keep one connection with tcpdump's filter, or use handshake-cli replay.",
            mb(*bytes),
            mb(MAX_FILE_BYTES)
        ),
        (Problem::TooLarge { bytes }, Lang::Ko) => format!(
            "파일이 너무 커서 여기서 열 수 없습니다({}, 최대 {}). tcpdump 필터로 연결 하나만 남기거나 handshake-cli replay를 쓰세요.",
            mb(*bytes),
            mb(MAX_FILE_BYTES)
        ),
        (Problem::Unreadable, Lang::En) => "The browser could not read the file.".to_owned(),
        (Problem::Unreadable, Lang::Ko) => "브라우저가 파일을 읽지 못했습니다.".to_owned(),
        (Problem::Capture(e), lang) => capture_error_text(e, lang),
    }
}

/// The capture reader's error, in words.
pub fn capture_error_text(e: &CaptureError, lang: Lang) -> String {
    let format_name = |f: &FileFormat| f.to_string();
    match (e, lang) {
        (CaptureError::Io { .. }, Lang::En) => "The file could not be read.".to_owned(),
        (CaptureError::Io { .. }, Lang::Ko) => "파일을 읽을 수 없습니다.".to_owned(),
        (CaptureError::Empty, Lang::En) => "The file is empty.".to_owned(),
        (CaptureError::Empty, Lang::Ko) => "파일이 비어 있습니다.".to_owned(),
        (CaptureError::NotACapture { .. }, Lang::En) => {
            "This is not a capture file: open a .pcap or .pcapng file (tcpdump -w, Wireshark)."
                .to_owned()
        }
        (CaptureError::NotACapture { .. }, Lang::Ko) => {
            "캡처 파일이 아닙니다. .pcap 또는 .pcapng 파일(tcpdump -w, Wireshark)을 여세요."
                .to_owned()
        }
        (
            CaptureError::UnsupportedVersion {
                format,
                major,
                minor,
            },
            Lang::En,
        ) => format!(
            "{} version {major}.{minor} is not supported.",
            format_name(format)
        ),
        (
            CaptureError::UnsupportedVersion {
                format,
                major,
                minor,
            },
            Lang::Ko,
        ) => format!(
            "{} 버전 {major}.{minor}은 지원하지 않습니다.",
            format_name(format)
        ),
        (CaptureError::Truncated { offset, part: p }, Lang::En) => format!(
            "The file is cut short: it ends inside {} at byte {offset}.",
            part(*p, lang)
        ),
        (CaptureError::Truncated { offset, part: p }, Lang::Ko) => format!(
            "파일이 중간에 잘렸습니다. {offset}번째 바이트의 {} 안에서 끝납니다.",
            part(*p, lang)
        ),
        (CaptureError::BadBlock { offset, .. }, Lang::En) => {
            format!("The pcapng block at byte {offset} is malformed.")
        }
        (CaptureError::BadBlock { offset, .. }, Lang::Ko) => {
            format!("{offset}번째 바이트의 pcapng 블록이 잘못되었습니다.")
        }
        (CaptureError::RecordTooLong { offset, len, limit }, Lang::En) => {
            format!("The packet at byte {offset} claims {len} bytes; at most {limit} are read.")
        }
        (CaptureError::RecordTooLong { offset, len, limit }, Lang::Ko) => format!(
            "{offset}번째 바이트의 패킷이 {len}바이트라고 합니다. 최대 {limit}바이트까지 읽습니다."
        ),
        (CaptureError::NoPackets, Lang::En) => "The capture has no packets.".to_owned(),
        (CaptureError::NoPackets, Lang::Ko) => "캡처에 패킷이 없습니다.".to_owned(),
        (CaptureError::NoIpv4Tcp { counts }, Lang::En) => {
            let mut s = format!(
                "No TCP over IPv4 in this capture ({} packets",
                counts.packets
            );
            if counts.ipv6 > 0 {
                s.push_str(&format!(", {} IPv6: only IPv4 is read", counts.ipv6));
            }
            if counts.ipv4_other > 0 {
                s.push_str(&format!(", {} IPv4 other than TCP", counts.ipv4_other));
            }
            s.push_str(").");
            s
        }
        (CaptureError::NoIpv4Tcp { counts }, Lang::Ko) => {
            let mut s = format!(
                "이 캡처에는 IPv4 위의 TCP가 없습니다(패킷 {}개",
                counts.packets
            );
            if counts.ipv6 > 0 {
                s.push_str(&format!(", IPv6 {}개: IPv4만 읽습니다", counts.ipv6));
            }
            if counts.ipv4_other > 0 {
                s.push_str(&format!(", TCP가 아닌 IPv4 {}개", counts.ipv4_other));
            }
            s.push_str(").");
            s
        }
        (CaptureError::TooManySegments { limit }, Lang::En) => {
            format!("More than {limit} TCP segments: only the first {limit} are read.")
        }
        (CaptureError::TooManySegments { limit }, Lang::Ko) => {
            format!("TCP 세그먼트가 {limit}개를 넘습니다. 처음 {limit}개만 읽습니다.")
        }
        (CaptureError::TooManyConnections { limit }, Lang::En) => {
            format!("More than {limit} TCP connections: only the first {limit} are read.")
        }
        (CaptureError::TooManyConnections { limit }, Lang::Ko) => {
            format!("TCP 연결이 {limit}개를 넘습니다. 처음 {limit}개만 읽습니다.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/handshake-capture/tests/data/"
    );

    fn file(name: &str) -> Vec<u8> {
        std::fs::read(format!("{DATA}{name}")).expect("test data")
    }

    #[test]
    fn one_connection_is_chosen_several_wait_for_a_choice() {
        let one = Opened::read("a.pcap", &file("lo-client-closes.pcap")).expect("opens");
        assert_eq!(one.chosen, Some(0));
        assert!(one.recording.is_some());
        let mut several = Opened::read("b.pcapng", &file("lo-several.pcapng")).expect("opens");
        assert!(several.capture.connections.len() > 1);
        assert_eq!(several.chosen, None);
        several.choose(1);
        assert_eq!(several.chosen, Some(1));
        assert!(
            several
                .recording
                .as_ref()
                .is_some_and(|r| !r.trace.is_empty())
        );
    }

    #[test]
    fn bad_files_say_why_in_both_languages() {
        let cases: [(&[u8], &str, &str); 4] = [
            (
                b"hello, this is text\n",
                "not a capture file",
                "캡처 파일이 아닙니다",
            ),
            (
                &file("lo-ipv6-only.pcap"),
                "only IPv4 is read",
                "IPv4만 읽습니다",
            ),
            (
                &file("lo-udp-only.pcap"),
                "No TCP over IPv4",
                "TCP가 없습니다",
            ),
            (
                &file("lo-client-closes.pcap")[..20],
                "cut short",
                "잘렸습니다",
            ),
        ];
        for (bytes, en, ko) in cases {
            let p = Opened::read("x", bytes).expect_err("refused");
            assert!(
                problem_text(&p, Lang::En).contains(en),
                "{}",
                problem_text(&p, Lang::En)
            );
            assert!(
                problem_text(&p, Lang::Ko).contains(ko),
                "{}",
                problem_text(&p, Lang::Ko)
            );
        }
        let big = Problem::TooLarge {
            bytes: 1024.0 * 1024.0 * 1024.0,
        };
        assert!(problem_text(&big, Lang::En).contains("1024 MB"));
    }
}
