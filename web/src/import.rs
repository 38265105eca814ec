//! Opening a file (the Open button's picker, or a file dropped anywhere on the page): what kind
//! of file it is is read from its first bytes, never from its name, and each kind becomes one
//! lab action. A new kind plugs in as a [`Kind`] with its test in [`sniff`] and its action in
//! [`action_for`] (a pcap or pcapng capture is recognised already, and refused with a notice
//! until the capture replay lands in the browser).
//!
//! - a scenario file (JSON: `{` first) → `Action::Import`, with the core's field-level errors;
//! - an SVG exported by Handshake Lab (`<svg` in its first bytes) → the experiment embedded in
//!   it (`handshake_export::svg_experiment`) → `Action::OpenExperiment`;
//! - a share link saved as text (`https://…#x1.…`, `#x1.…`, `x1.…`) → the same;
//! - a capture (pcap or pcapng magic) → not yet (a notice says so);
//! - anything else → a notice naming the kinds that open.

use std::rc::Rc;

use handshake_core::link::{self, LinkError};
use handshake_export::SvgImportError;
use wasm_bindgen::JsCast;

use crate::lab::Action;

/// The largest file opened: far beyond any scenario or export (a few KB), small enough that a
/// wrong file does not stall the page.
pub const MAX_FILE_BYTES: f64 = 16.0 * 1024.0 * 1024.0;

/// What a file is, by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Scenario,
    Svg,
    Link,
    /// pcap (either byte order, micro- or nanosecond) or pcapng.
    Capture,
    Unknown,
}

/// Why a file was not opened; worded in `components/notice.rs`.
#[derive(Clone, Debug, PartialEq)]
pub enum FileRefusal {
    /// Not UTF-8 where text was expected.
    NotText,
    /// An SVG without an experiment, or whose experiment does not open.
    Svg(SvgImportError),
    /// A share link in a text file that does not open.
    Link(LinkError),
    /// A packet capture: the browser does not replay captures yet.
    Capture,
    /// Not a kind the lab opens.
    Unknown,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
}

/// The kind of a file from its first bytes.
pub fn sniff(bytes: &[u8]) -> Kind {
    const PCAP: [[u8; 4]; 4] = [
        [0xd4, 0xc3, 0xb2, 0xa1],
        [0xa1, 0xb2, 0xc3, 0xd4],
        [0x4d, 0x3c, 0xb2, 0xa1],
        [0xa1, 0xb2, 0x3c, 0x4d],
    ];
    const PCAPNG: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];
    if bytes.len() >= 4 && (PCAP.iter().any(|m| bytes[..4] == *m) || bytes[..4] == PCAPNG) {
        return Kind::Capture;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let text = &head[start..];
    if text.starts_with(b"{") {
        Kind::Scenario
    } else if text.starts_with(b"<") && contains(text, b"<svg") {
        Kind::Svg
    } else if text.starts_with(b"http://")
        || text.starts_with(b"https://")
        || text.starts_with(b"#x")
        || text.starts_with(b"x1.")
    {
        Kind::Link
    } else {
        Kind::Unknown
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The lab action for a file's bytes.
pub fn action_for(bytes: &[u8]) -> Action {
    let text = || std::str::from_utf8(bytes).map_err(|_| FileRefusal::NotText);
    let action = match sniff(bytes) {
        Kind::Scenario => text().map(|t| Action::Import(t.to_owned())),
        Kind::Svg => text().and_then(|t| {
            handshake_export::svg_experiment(t)
                .map(|e| Action::OpenExperiment(Rc::new(e)))
                .map_err(FileRefusal::Svg)
        }),
        Kind::Link => text().and_then(|t| {
            link::decode(t.trim())
                .map(|e| Action::OpenExperiment(Rc::new(e)))
                .map_err(FileRefusal::Link)
        }),
        Kind::Capture => Err(FileRefusal::Capture),
        Kind::Unknown => Err(FileRefusal::Unknown),
    };
    action.unwrap_or_else(Action::FileRefused)
}

/// Reads `file` and dispatches its action (asynchronously: the bytes come from a promise).
pub fn open_file(file: web_sys::File, dispatch: yew::Callback<Action>) {
    if file.size() > MAX_FILE_BYTES {
        dispatch.emit(Action::FileRefused(FileRefusal::TooLarge));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
        let action = match read
            .ok()
            .and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok())
        {
            Some(buffer) => action_for(&js_sys::Uint8Array::new(&buffer).to_vec()),
            None => Action::FileRefused(FileRefusal::NotText),
        };
        dispatch.emit(action);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::link::Experiment;

    #[test]
    fn the_kind_is_read_from_the_first_bytes() {
        assert_eq!(sniff(b"{\"seed\": 1}"), Kind::Scenario);
        assert_eq!(sniff(b"\xef\xbb\xbf\n  {\"seed\": 1}"), Kind::Scenario);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">"),
            Kind::Svg
        );
        assert_eq!(sniff(b"<html><body>"), Kind::Unknown);
        assert_eq!(sniff(b"https://example.org/lab/#x1.abc\n"), Kind::Link);
        assert_eq!(sniff(b"x1.abc"), Kind::Link);
        assert_eq!(sniff(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0]), Kind::Capture);
        assert_eq!(sniff(&[0x0a, 0x0d, 0x0d, 0x0a, 0, 0]), Kind::Capture);
        assert_eq!(sniff(b""), Kind::Unknown);
        assert_eq!(sniff(b"hello"), Kind::Unknown);
    }

    #[test]
    fn each_kind_becomes_its_action() {
        assert_eq!(
            action_for(b"{\"seed\": 2}"),
            Action::Import("{\"seed\": 2}".to_owned())
        );
        let e = Experiment::preset("lost-syn").unwrap();
        let fragment = link::encode(&e);
        assert_eq!(
            action_for(format!("https://h.example/lab/#{fragment}\n").as_bytes()),
            Action::OpenExperiment(Rc::new(e.clone()))
        );
        assert!(matches!(
            action_for(b"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"),
            Action::FileRefused(FileRefusal::Svg(SvgImportError::NoExperiment))
        ));
        assert_eq!(
            action_for(&[0xa1, 0xb2, 0xc3, 0xd4]),
            Action::FileRefused(FileRefusal::Capture)
        );
        assert_eq!(
            action_for(b"{\xff}"),
            Action::FileRefused(FileRefusal::NotText)
        );
        assert_eq!(
            action_for(b"x1.!!"),
            Action::FileRefused(FileRefusal::Link(LinkError::BadCharacter {
                index: 0,
                found: '!'
            }))
        );
    }
}
