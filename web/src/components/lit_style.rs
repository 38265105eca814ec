//! The highlight of a card's decisive moment: a small stylesheet of its own that outlines what the
//! card points at — the lane that reads CLOSE-WAIT, the label's `Ack=101`, the flag byte's row in
//! the inspector, a countdown — by the data attributes those components already carry
//! (`.lane[data-side]`, `.seg-label[data-tx]`, `.lane-mark[data-state]`,
//! `.inspector__field[data-key]`, `.inspector__byte[data-byte]`, `.countdown--time_wait`). So the ladder, the lanes and the
//! inspector need no prop for it, and the light follows them through every re-render.
//!
//! The stylesheet is a constructed one (`CSSStyleSheet`, adopted by the document), not a
//! `<style>` element: the page's Content-Security-Policy allows no `<style>` element
//! (`style-src-elem 'self'`, docs/offline-and-csp.md), and a constructed sheet's rules are CSSOM,
//! which the policy does not govern.

use handshake_core::sim::TxId;
use handshake_core::wire::TCP_HEADER_FIELDS;
use handshake_explain::learn::{Focus, LabelPart};
use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct LitStyleProps {
    pub focus: Option<Focus>,
}

/// The outline every lit element gets; it pulses three times unless the user asked for less
/// motion (learn.css has the keyframes and the forced-colours colours).
const LIT: &str = "{outline:3px solid var(--lit, #d97706);outline-offset:2px;border-radius:6px}";
const PULSE: &str = "{animation:lit-pulse 1.2s ease-in-out 3}";
/// A part of a label, lit inside the outlined label.
const LIT_PART: &str = "{background:var(--lit-fill, #fff3d6);color:var(--lit-ink, #13171d);border-radius:3px;box-shadow:0 0 0 2px var(--lit, #d97706)}";

fn label(id: TxId) -> String {
    format!(".seg-label[data-tx=\"{id}\"]")
}

/// The elements `focus` outlines, and the parts it fills (selectors).
fn targets(focus: &Focus) -> (Vec<String>, Vec<String>) {
    match *focus {
        Focus::Lane { side, state } => {
            let side = side.name();
            (
                vec![format!(".lane[data-side=\"{side}\"] .lane__state")],
                vec![format!(
                    ".lane-mark--{side}[data-state=\"{}\"]",
                    state.name()
                )],
            )
        }
        Focus::Label { id, part } => {
            let l = label(id);
            let part = match part {
                LabelPart::Whole => Vec::new(),
                LabelPart::Flags => vec![format!("{l} .seg-label__flags")],
                p => {
                    let field = p.field().unwrap_or("").to_ascii_lowercase();
                    vec![format!("{l} .seg-label__num--{field}")]
                }
            };
            (vec![l], part)
        }
        Focus::Header { id, key, .. } => (
            vec![format!(".inspector__field[data-key=\"{key}\"]"), label(id)],
            // The field's bytes in the hex dump (where the core's header layout puts them).
            TCP_HEADER_FIELDS
                .iter()
                .find(|f| f.key == key)
                .map(|f| {
                    f.range()
                        .map(|b| format!(".inspector__byte[data-byte=\"{b}\"]"))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        Focus::Timer { side, kind } => (
            vec![format!(
                ".lane[data-side=\"{}\"] .countdown--{}",
                side.name(),
                kind.name()
            )],
            Vec::new(),
        ),
    }
}

/// The rules that light `focus`.
pub fn lit_css(focus: &Focus) -> String {
    let (outlined, parts) = targets(focus);
    let outlined = outlined.join(",");
    let mut css = format!(
        "{outlined}{LIT}@media (prefers-reduced-motion:no-preference){{{outlined}{PULSE}}}"
    );
    if !parts.is_empty() {
        css.push_str(&parts.join(","));
        css.push_str(LIT_PART);
    }
    if let Some(id) = focus.segment() {
        // The arrow of the segment, thicker.
        css.push_str(&format!(
            ".ladder__history g[data-tx=\"{id}\"] .seg__line{{stroke-width:5px}}"
        ));
    }
    css
}

/// Brings what is lit into view if it is not (a phone shows the panel below the ladder).
fn reveal(focus: &Focus) {
    let (outlined, _) = targets(focus);
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = outlined
        .iter()
        .find_map(|sel| doc.query_selector(sel).ok().flatten())
    {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

thread_local! {
    /// The document's lit sheet, made and adopted once.
    static SHEET: std::cell::OnceCell<Option<web_sys::CssStyleSheet>> =
        const { std::cell::OnceCell::new() };
}

/// Puts `css` in the document's lit sheet (the empty text puts the light out).
fn set_lit_css(css: &str) {
    SHEET.with(|cell| {
        let sheet = cell.get_or_init(|| {
            let doc = web_sys::window()?.document()?;
            let sheet = web_sys::CssStyleSheet::new().ok()?;
            let adopted = doc.adopted_style_sheets();
            adopted.push(&sheet);
            doc.set_adopted_style_sheets(&adopted);
            Some(sheet)
        });
        if let Some(sheet) = sheet {
            let _ = sheet.replace_sync(css);
        }
    });
}

#[function_component(LitStyle)]
pub fn lit_style(props: &LitStyleProps) -> Html {
    use_effect_with(props.focus, |focus| {
        set_lit_css(&focus.as_ref().map(lit_css).unwrap_or_default());
        if let Some(f) = focus {
            reveal(f);
        }
        || set_lit_css("")
    });
    html! {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::sim::Side;
    use handshake_core::{State, TimerKind};

    #[test]
    fn each_focus_lights_the_element_that_shows_it() {
        let lane = lit_css(&Focus::Lane {
            side: Side::Server,
            state: State::CloseWait,
        });
        assert!(lane.starts_with(".lane[data-side=\"server\"] .lane__state{"));
        assert!(lane.contains(".lane-mark--server[data-state=\"CLOSE-WAIT\"]"));
        let ack = lit_css(&Focus::Label {
            id: "S2".parse().unwrap(),
            part: LabelPart::Ack,
        });
        assert!(ack.contains(".seg-label[data-tx=\"S2\"] .seg-label__num--ack{"));
        let flags = lit_css(&Focus::Header {
            id: "S1".parse().unwrap(),
            key: "flags",
            absolute: false,
        });
        assert!(
            flags.starts_with(".inspector__field[data-key=\"flags\"],.seg-label[data-tx=\"S1\"]{")
        );
        // Byte 13 of the header is the flag byte.
        assert!(flags.contains(".inspector__byte[data-byte=\"13\"]{"));
        let timer = lit_css(&Focus::Timer {
            side: Side::Client,
            kind: TimerKind::TimeWait,
        });
        assert!(timer.starts_with(&format!(
            ".lane[data-side=\"client\"] .countdown--time_wait{LIT}"
        )));
        assert!(timer.contains("prefers-reduced-motion:no-preference"));
    }
}
