//! Escaping text for each output: XML (the SVG), Mermaid and PlantUML. Titles, notices and the
//! data of a `send` come from scenario files and share links, so they may hold anything,
//! `<script>` included; everything written into an export goes through here.

use alloc::string::String;

/// `s` as XML character data or an attribute value (either quote): `& < > " '` become
/// references, and characters XML 1.0 does not allow (controls other than tab, newline and
/// carriage return; U+FFFE, U+FFFF) become U+FFFD, so the document always parses.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
