//! The inspector: the selected segment as Wireshark's detail pane shows it — every TCP header
//! field with its value (sequence and acknowledgment numbers relative and raw, the eight flag
//! bits as a bit row), the header bytes in hex with the focused field's bytes lit, and both
//! endpoints' TCB variables just after the segment left its sender.
//!
//! Field positions come from `handshake_core::wire::tcp_header_layout`, so the bytes are the ones
//! the model puts on the wire (checksum included). The view is computed by [`view`], a pure
//! function of the simulator, so host tests check it without a browser. A segment of a capture
//! (issue 14) is shown by [`recorded_view`] from its header as captured
//! (`tcp_header_layout_of_bytes`) with its frame number; the ends' TCBs are not on the wire.

use std::rc::Rc;

use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::sim::{FaultSource, Side, Simulator, Snapshot, Transmission, TxId, TxStatus};
use handshake_core::trace::{SegmentInfo, TraceKind};
use handshake_core::wire::{
    HeaderField, HeaderLayout, TcpPacket, emit_tcp, tcp_header_layout, tcp_header_layout_of_bytes,
};
use handshake_core::{Instant, Tcb};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::run::{Recorded, Run};
use handshake_explain::format::{flags_rfc, time_label};

#[derive(Clone, PartialEq, Properties)]
pub struct InspectorProps {
    /// The lab's simulation, or a recording (a capture).
    pub run: Run,
    /// The transmission to show; `None` shows a hint.
    pub selected: Option<TxId>,
    pub lang: Lang,
    /// Absolute sequence numbers first (and in the TCB table) instead of relative ones.
    pub absolute: bool,
    /// Only the segment's summary (what, where, when) and a button to the whole inspector: the
    /// state diagram's tab shows it under the diagram, so a selection never hides the diagram.
    #[prop_or_default]
    pub compact: bool,
    /// The compact summary's button was pressed (show the whole inspector).
    #[prop_or_default]
    pub onmore: Callback<()>,
}

/// What the view is rebuilt on: the live transmission (its status changes as it flies), or the
/// recording's shown events and the selection.
#[derive(PartialEq)]
enum ViewKey {
    Live(Option<Box<Transmission>>),
    Recorded(Run, Option<TxId>),
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    // The view is rebuilt only when what it shows changes (the app re-renders on every frame):
    // the transmission (its status changes as it flies), the language, the numbering.
    let key = match &props.run {
        Run::Live(sim) => ViewKey::Live(
            props
                .selected
                .and_then(|id| sim.borrow().transmission(id).cloned().map(Box::new)),
        ),
        Run::Recorded(_) => ViewKey::Recorded(props.run.clone(), props.selected),
    };
    let view = {
        let run = props.run.clone();
        let selected = props.selected;
        use_memo(
            (key, props.lang, props.absolute),
            move |(_, lang, absolute)| {
                let id = selected?;
                match &run {
                    Run::Live(sim) => view(&sim.borrow(), id, *lang, *absolute),
                    Run::Recorded(r) => recorded_view(r, id, *lang, *absolute),
                }
            },
        )
    };
    if props.compact {
        let Some(v) = view.as_ref() else {
            return html! {};
        };
        let onmore = props.onmore.reform(|_: MouseEvent| ());
        let lang = props.lang;
        return html! {
            <section class="inspector inspector--compact" aria-label={Msg::InspectorLabel.text(lang)}>
                { summary(v, lang) }
                <button type="button" class="inspector__more" onclick={onmore}>
                    { Msg::InspectorMore.text(lang) }{ " →" }
                </button>
            </section>
        };
    }
    html! { <InspectorPane {view} lang={props.lang} recorded={props.run.recorded().is_some()} /> }
}

/// The segment in three lines: its id and Wireshark's Info column, the addresses, its status.
fn summary(v: &View, lang: Lang) -> Html {
    html! {
        <header class="inspector__title">
            <p class="inspector__summary">
                <span class={format!("inspector__id inspector__id--{}", v.from.name())}>{ v.id.to_string() }</span>
                <code class="inspector__label">{ v.label.clone() }</code>
            </p>
            <p class="inspector__route">
                { v.route.clone() }
                if let Some(n) = v.frame {
                    { " · " }<span class="inspector__frame">{ Msg::InspectorFrame.text(lang) }{ " " }{ n }</span>
                }
            </p>
            <p class="inspector__status">{ v.status.clone() }</p>
        </header>
    }
}

#[derive(Clone, Properties)]
struct PaneProps {
    view: Rc<Option<View>>,
    lang: Lang,
    /// A capture's segment (the empty pane's hint says what a capture shows).
    recorded: bool,
}

impl PartialEq for PaneProps {
    fn eq(&self, other: &PaneProps) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
            && self.lang == other.lang
            && self.recorded == other.recorded
    }
}

#[function_component(InspectorPane)]
fn inspector_pane(props: &PaneProps) -> Html {
    let lang = props.lang;
    // The field whose bytes are lit: follows keyboard focus and the pointer.
    let lit = use_state_eq(|| None::<&'static str>);
    // The row that takes Tab focus (roving tabindex).
    let active = use_state_eq(|| 0usize);
    let fields_ref = use_node_ref();
    let Some(v) = props.view.as_ref() else {
        return html! {
            <section class="inspector inspector--empty" aria-label={Msg::InspectorLabel.text(lang)}>
                <p class="inspector__hint">{ if props.recorded { Msg::InspectorEmptyRecorded } else { Msg::InspectorEmpty }.text(lang) }</p>
            </section>
        };
    };

    let rows_count = v.rows.len();
    let active_row = (*active).min(rows_count.saturating_sub(1));
    let onkeydown = {
        let active = active.clone();
        let fields_ref = fields_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowDown" => (active_row + 1).min(rows_count.saturating_sub(1)),
                "ArrowUp" => active_row.saturating_sub(1),
                "Home" => 0,
                "End" => rows_count.saturating_sub(1),
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            active.set(next);
            focus_row(&fields_ref, next);
        })
    };
    let rows = v.rows.iter().enumerate().map(|(i, row)| {
        let key = row.key;
        let set_lit = |clear: bool| {
            let lit = lit.clone();
            Callback::from(move |_: ()| lit.set((!clear).then_some(key)))
        };
        let onfocus = {
            let on = set_lit(false);
            let active = active.clone();
            Callback::from(move |_: FocusEvent| {
                active.set(i);
                on.emit(());
            })
        };
        let onmouseenter = set_lit(false).reform(|_: MouseEvent| ());
        let onmouseleave = set_lit(true).reform(|_: MouseEvent| ());
        let onblur = set_lit(true).reform(|_: FocusEvent| ());
        let class = classes!(
            "inspector__field",
            format!("inspector__field--depth-{}", row.depth),
            (*lit == Some(key)).then_some("inspector__field--lit"),
            row.derived.then_some("inspector__field--derived"),
        );
        html! {
            <li {class} data-key={key} data-row={i.to_string()}
                tabindex={if i == active_row { "0" } else { "-1" }}
                {onfocus} {onblur} {onmouseenter} {onmouseleave}>
                if let Some(bits) = &row.bits {
                    <code class="inspector__bits">{ bits.clone() }{ " = " }</code>
                }
                <span class="inspector__name">{ row.name.clone() }</span>
                if let Some(en) = row.name_en {
                    <span class="inspector__name-en" lang="en">{ en }</span>
                }
                <span class="inspector__colon">{ ": " }</span>
                <span class="inspector__value">{ row.value.clone() }</span>
            </li>
        }
    });

    let lit_field = (*lit).and_then(|k| v.fields.iter().find(|f| f.key == k));
    let hex_rows = v.bytes.chunks(4).enumerate().map(|(r, word)| {
        let cells = word.iter().enumerate().map(|(c, byte)| {
            let at = r * 4 + c;
            let hit = lit_field.filter(|f| f.range().contains(&at));
            let class = classes!(
                "inspector__byte",
                hit.is_some().then_some("inspector__byte--lit"),
                hit.and_then(|f| f.mask).map(|_| "inspector__byte--partial"),
            );
            let owner = byte_owner(&v.fields, at);
            let onmouseenter = {
                let lit = lit.clone();
                Callback::from(move |_: MouseEvent| lit.set(owner))
            };
            html! { <span {class} data-byte={at.to_string()} {onmouseenter}>{ format!("{byte:02x}") }</span> }
        });
        html! {
            <div class="inspector__hex-row">
                <span class="inspector__offset">{ format!("{:04x}", r * 4) }</span>
                { for cells }
            </div>
        }
    });
    let about = (*lit).map(|k| about(k, lang, &v.fields));

    let tcb_rows = v.tcb.iter().map(|(name, client, server)| {
        html! {
            <tr>
                <th scope="row">{ *name }</th>
                <td>{ client.clone() }</td>
                <td>{ server.clone() }</td>
            </tr>
        }
    });
    let side_head = |side: Side| {
        let (name, m) = match side {
            Side::Client => (Msg::ExplainClient, "client"),
            Side::Server => (Msg::ExplainServer, "server"),
        };
        html! {
            <th scope="col" class={format!("inspector__side inspector__side--{m}")}>
                { name.text(lang) }
                if side == v.from {
                    <span class="inspector__sender">{ " (" }{ Msg::InspectorSender.text(lang) }{ ")" }</span>
                }
            </th>
        }
    };

    html! {
        <section class="inspector" aria-label={Msg::InspectorLabel.text(lang)}>
            { summary(v, lang) }
            <div class="inspector__body">
                <div class="inspector__bytes">
                    <h3 class="inspector__heading">{ Msg::InspectorBytes.text(lang) }</h3>
                    <div class="inspector__hex" role="img" aria-label={v.hex_label.clone()}>
                        { for hex_rows }
                    </div>
                    // Always there and of fixed height, so that lighting a field never moves the
                    // rows under the pointer.
                    <p class={classes!("inspector__about", about.is_none().then_some("inspector__about--hint"))}>
                        { about.unwrap_or_else(|| Msg::InspectorFieldsHint.text(lang).to_owned()) }
                    </p>
                </div>
                <div class="inspector__detail">
                    <h3 class="inspector__heading">{ Msg::InspectorFields.text(lang) }</h3>
                    <ul class="inspector__fields" ref={fields_ref} {onkeydown}
                        aria-label={Msg::InspectorFields.text(lang)}>
                        { for rows }
                    </ul>
                </div>
            </div>
            if v.tcb.is_empty() {
                <p class="inspector__tcb-note">{ v.tcb_caption.clone() }</p>
            } else {
            <table class="inspector__tcb">
                <caption>{ v.tcb_caption.clone() }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ Msg::InspectorVariable.text(lang) }</th>
                        { side_head(Side::Client) }
                        { side_head(Side::Server) }
                    </tr>
                </thead>
                <tbody>{ for tcb_rows }</tbody>
            </table>
            }
        </section>
    }
}

fn focus_row(list: &NodeRef, index: usize) {
    let Some(list) = list.cast::<Element>() else {
        return;
    };
    if let Ok(Some(el)) = list.query_selector(&format!("[data-row=\"{index}\"]")) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<HtmlElement>(el) {
            // Focus cannot fail on an element in the document; nothing to do if it did.
            let _ = el.focus();
        }
    }
}

/// The field a hovered byte belongs to: the one leaf that fills it, or the parent that groups
/// the leaves sharing it (Data Offset and Reserved share byte 12; the flags, byte 13).
fn byte_owner(fields: &[HeaderField], at: usize) -> Option<&'static str> {
    let leaves: Vec<&HeaderField> = fields
        .iter()
        .filter(|f| f.range().contains(&at) && !fields.iter().any(|c| c.parent == Some(f.key)))
        .collect();
    match leaves.as_slice() {
        [one] => Some(one.key),
        [first, ..] => Some(first.parent.unwrap_or(first.key)),
        [] => None,
    }
}

/// One line of the detail pane.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The header field whose bytes this line is about (`"payload"` for the data).
    pub key: &'static str,
    /// Nesting: 0 for fields, 1 for flag bits and the MSS option, 2 for its parts.
    pub depth: u8,
    /// The field's name in the current language.
    pub name: String,
    /// The English name from the RFC when the current language is not English.
    pub name_en: Option<&'static str>,
    pub value: String,
    /// The field's bits within its byte, Wireshark style: `...1 ....`.
    pub bits: Option<String>,
    /// A line Wireshark puts in brackets: computed, not a field of its own.
    pub derived: bool,
}

/// Everything the inspector shows for one transmission.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub id: TxId,
    pub from: Side,
    /// Wireshark's Info column: `[SYN, ACK] Seq=0 Ack=1 Win=1000 Len=0 MSS=100`.
    pub label: String,
    /// `10.0.0.1:40000 → 10.0.0.2:5555`
    pub route: String,
    /// When it was sent, and where it is now.
    pub status: String,
    pub rows: Vec<Row>,
    /// The header bytes as emitted (no payload).
    pub bytes: Vec<u8>,
    pub fields: Vec<HeaderField>,
    pub hex_label: String,
    pub tcb_caption: String,
    /// (variable, client, server)
    pub tcb: Vec<(&'static str, String, String)>,
    /// The segment's frame number in its capture file (a recording's segments only).
    pub frame: Option<u64>,
}

/// The inspector's content for transmission `id`, or `None` if there is no such transmission.
pub fn view(sim: &Simulator, id: TxId, lang: Lang, absolute: bool) -> Option<View> {
    let tx = sim.transmission(id)?;
    let seg = &tx.segment;
    let (src, dst) = (sim.addr(tx.from), sim.addr(tx.to()));
    let layout = tcp_header_layout(seg, *src.ip(), *dst.ip());
    let full = emit_tcp(seg, *src.ip(), *dst.ip());
    let checksum_ok = TcpPacket::new_checked(&full[..])
        .map(|p| p.verify_checksum(*src.ip(), *dst.ip()))
        .unwrap_or(false);
    let info = tx.info();
    let rows = header_rows(
        &layout,
        &info,
        Some(&seg.payload),
        Some(checksum_ok),
        None,
        absolute,
        lang,
    );
    let (tcb_caption, tcb) = tcb_table(tx, lang, absolute);
    Some(View {
        id,
        from: tx.from,
        label: segment_label(&info, LadderOptions { absolute }),
        route: format!("{src} → {dst}"),
        status: status(tx, lang),
        rows,
        hex_label: hex_label(&layout.bytes),
        bytes: layout.bytes,
        fields: layout.fields,
        tcb_caption,
        tcb,
        frame: None,
    })
}

/// The inspector's content for segment `id` of a recording (a capture): its header as the
/// capture holds it, laid out from those bytes, and its frame in the file. The ends' TCBs are
/// not on the wire: the table says so instead of guessing them.
pub fn recorded_view(run: &Recorded, id: TxId, lang: Lang, absolute: bool) -> Option<View> {
    let rec = &run.recording;
    let (info, sent, arrived) = {
        let mut info = None;
        let (mut sent, mut arrived) = (None, None);
        for e in rec.shown_events() {
            match &e.kind {
                TraceKind::Send { seg, .. } if seg.id == id => {
                    info = Some(*seg);
                    sent = Some(e.t);
                }
                TraceKind::Arrive { seg, .. } if seg.id == id => arrived = Some(e.t),
                _ => {}
            }
        }
        (info?, sent?, arrived)
    };
    let layout = tcp_header_layout_of_bytes(run.header(id)?)?;
    let frame = run.frame(id);
    // A SYN's window is never scaled (RFC 7323 §2.2); the others' by their sender's shift.
    let shift = (!info.flags.syn())
        .then(|| run.window_shifts())
        .flatten()
        .map(|s| s[info.from.index()]);
    let rows = header_rows(&layout, &info, None, None, shift, absolute, lang);
    let c = run.capture.connections.get(run.conn)?;
    let (src, dst) = match info.from {
        Side::Client => (c.client, c.server),
        Side::Server => (c.server, c.client),
    };
    let at = |m: Msg, t: Instant| format!("{} {}", m.text(lang), time_label(t, lang));
    let mut status = vec![at(Msg::InspectorSentAt, sent)];
    status.push(match arrived {
        Some(t) => at(Msg::InspectorArrivedAt, t),
        None => Msg::InspectorInFlight.text(lang).to_owned(),
    });
    if let Some(o) = info.retransmission_of {
        status.push(format!("{} {o}", Msg::InspectorRetransmits.text(lang)));
    }
    Some(View {
        id,
        from: info.from,
        label: segment_label(&info, LadderOptions { absolute }),
        route: format!("{src} → {dst}"),
        status: status.join(" · "),
        rows,
        hex_label: hex_label(&layout.bytes),
        bytes: layout.bytes,
        fields: layout.fields,
        tcb_caption: Msg::InspectorTcbNotOnWire.text(lang).to_owned(),
        tcb: Vec::new(),
        frame,
    })
}

fn hex_label(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The detail pane's lines for a header laid out as `layout`: each field with its value, then
/// the payload and Wireshark's bracketed next sequence number. `payload` is the data when it is
/// known (a capture keeps only its length); `checksum_ok` whether the checksum was verified (a
/// capture's is shown as it is: its payload is not kept to verify it); `window_shift` the
/// sender's window scale where one is in effect (a capture of a stack that negotiated it).
fn header_rows(
    layout: &HeaderLayout,
    info: &SegmentInfo,
    payload: Option<&[u8]>,
    checksum_ok: Option<bool>,
    window_shift: Option<u8>,
    absolute: bool,
    lang: Lang,
) -> Vec<Row> {
    let rel = Msg::InspectorRelative.text(lang);
    let raw = Msg::InspectorRaw.text(lang);
    let bytes_unit = Msg::InspectorBytesUnit.text(lang);
    let mut rows = Vec::new();
    for f in &layout.fields {
        let value = f.value(&layout.bytes);
        let v = value.unwrap_or(0);
        let depth = match f.parent {
            None => 0,
            Some("flags" | "options") => 1,
            Some(_) => 2,
        };
        let (name, name_en) = field_name(f, lang);
        let bits = f.mask.map(|m| bit_pattern(m, v, f.end - f.start));
        let row = |value: String| Row {
            key: f.key,
            depth,
            name: name.clone(),
            name_en,
            value,
            bits: bits.clone(),
            derived: false,
        };
        match f.key {
            "seq" => {
                let (first, second) = numbers(info.rel_seq, info.seq.0, absolute, rel);
                rows.push(row(first));
                rows.push(Row {
                    name: format!("{name} ({})", if absolute { rel } else { raw }),
                    derived: true,
                    ..row(second)
                });
            }
            "ack" if info.flags.ack() => {
                let (first, second) = numbers(info.rel_ack, info.ack.0, absolute, rel);
                rows.push(row(first));
                rows.push(Row {
                    name: format!("{name} ({})", if absolute { rel } else { raw }),
                    derived: true,
                    ..row(second)
                });
            }
            "ack" | "urgent" if !info.flags.contains(urg_or_ack(f.key)) => {
                rows.push(row(format!("{v} ({})", Msg::InspectorIgnored.text(lang))));
            }
            "data_offset" => rows.push(row(format!("{v} (4 × {v} = {} {bytes_unit})", 4 * v))),
            "flags" => rows.push(Row {
                bits: Some(bit_pattern(0xff, v, 1)),
                ..row(format!("0x{v:02x} ({})", flag_names(info.flags)))
            }),
            k if k.starts_with("flag_") => {
                let set = if v == 1 {
                    Msg::InspectorSet
                } else {
                    Msg::InspectorNotSet
                };
                rows.push(row(set.text(lang).to_owned()));
            }
            "checksum" => {
                let verdict = match checksum_ok {
                    Some(true) => Msg::InspectorCorrect,
                    Some(false) => Msg::InspectorIncorrect,
                    None => Msg::InspectorUnverified,
                };
                rows.push(row(format!("0x{v:04x} [{}]", verdict.text(lang))));
            }
            "options" => rows.push(row(format!("{} {bytes_unit}", f.end - f.start))),
            "mss" => rows.push(row(format!(
                "{} {bytes_unit}",
                info.mss.unwrap_or_default()
            ))),
            "options_other" => rows.push(row(format!("{} {bytes_unit}", f.end - f.start))),
            "window" if window_shift.is_some_and(|s| s > 0) => {
                let shift = window_shift.unwrap_or(0);
                rows.push(row(format!(
                    "{v} (× {} = {} {bytes_unit}: {})",
                    1u32 << shift,
                    u64::from(v) << shift,
                    Msg::InspectorWindowScaled.text(lang)
                )));
            }
            "mss_value" => rows.push(row(format!("{v} {bytes_unit}"))),
            _ => rows.push(row(v.to_string())),
        }
    }
    // The payload and Wireshark's bracketed [Next Sequence Number].
    let len = info.len;
    let payload = match payload {
        _ if len == 0 => Msg::InspectorNone.text(lang).to_owned(),
        Some(p) => format!("{len} {bytes_unit} \"{}\"", preview(p)),
        None => format!("{len} {bytes_unit}"),
    };
    rows.push(Row {
        key: "payload",
        depth: 0,
        name: Msg::InspectorPayload.text(lang).to_owned(),
        name_en: (lang != Lang::En).then_some("Payload"),
        value: payload,
        bits: None,
        derived: false,
    });
    let seg_len = len + u32::from(info.flags.syn()) + u32::from(info.flags.fin());
    let next_rel = info.rel_seq.wrapping_add(seg_len);
    let next_abs = info.seq.0.wrapping_add(seg_len);
    let (next, _) = numbers(next_rel, next_abs, absolute, rel);
    rows.push(Row {
        key: "seq",
        depth: 0,
        name: format!("[{}", Msg::InspectorNextSeq.text(lang)),
        name_en: None,
        value: format!("{next}] = Seq + {len} + SYN + FIN"),
        bits: None,
        derived: true,
    });
    rows
}

fn urg_or_ack(key: &str) -> handshake_core::Flags {
    if key == "ack" {
        handshake_core::Flags::ACK
    } else {
        handshake_core::Flags::URG
    }
}

/// (first line, second line) for a sequence-space number: `1 (relative)` then the raw number,
/// or with `absolute` the raw number then the relative one.
fn numbers(rel: u32, abs: u32, absolute: bool, rel_word: &str) -> (String, String) {
    if absolute {
        (abs.to_string(), rel.to_string())
    } else {
        (format!("{rel} ({rel_word})"), abs.to_string())
    }
}

/// `SYN, ACK` as Wireshark's flags line lists them; `<None>` when no bit is set.
fn flag_names(flags: handshake_core::Flags) -> String {
    let names = flags_rfc(flags);
    if names == "-" {
        "<None>".to_owned()
    } else {
        names.replace(',', ", ")
    }
}

/// The bits of a field inside its bytes, most significant first, in groups of four:
/// `0110 ....` for the data offset 6, `...1 ....` for a set ACK bit.
pub fn bit_pattern(mask: u32, value: u32, bytes: usize) -> String {
    let width = 8 * bytes as u32;
    let shift = mask.trailing_zeros();
    let shifted = value << shift;
    let mut out = String::new();
    for i in (0..width).rev() {
        let bit = 1u32 << i;
        out.push(if mask & bit == 0 {
            '.'
        } else if shifted & bit != 0 {
            '1'
        } else {
            '0'
        });
        if i % 4 == 0 && i != 0 {
            out.push(' ');
        }
    }
    out
}

/// The payload's first characters, control characters shown as `·`.
fn preview(payload: &[u8]) -> String {
    const MAX: usize = 48;
    let mut s: String = String::from_utf8_lossy(&payload[..payload.len().min(MAX)])
        .chars()
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    if payload.len() > MAX {
        s.push('…');
    }
    s
}

fn field_name(f: &HeaderField, lang: Lang) -> (String, Option<&'static str>) {
    let msg = match f.key {
        "src_port" => Some(Msg::FieldSrcPort),
        "dst_port" => Some(Msg::FieldDstPort),
        "seq" => Some(Msg::FieldSeq),
        "ack" => Some(Msg::FieldAck),
        "data_offset" => Some(Msg::FieldDataOffset),
        "reserved" => Some(Msg::FieldReserved),
        "flags" => Some(Msg::FieldFlags),
        "window" => Some(Msg::FieldWindow),
        "checksum" => Some(Msg::FieldChecksum),
        "urgent" => Some(Msg::FieldUrgent),
        "options" => Some(Msg::FieldOptions),
        "options_other" => Some(Msg::FieldOptionsOther),
        "mss" | "mss_value" => Some(Msg::FieldMss),
        "mss_kind" => Some(Msg::FieldKind),
        "mss_length" => Some(Msg::FieldLength),
        // Flag bits keep their RFC names (SYN, ACK …) in every language.
        _ => None,
    };
    match msg {
        Some(m) => (
            m.text(lang).to_owned(),
            (lang != Lang::En).then_some(f.name),
        ),
        None => (f.name.to_owned(), None),
    }
}

/// What a field is for: the core's English text (from the RFC), or its Korean rendering.
fn about(key: &str, lang: Lang, fields: &[HeaderField]) -> String {
    if lang == Lang::En {
        return match key {
            "payload" => "The data the segment carries; not part of the header.".to_owned(),
            k => fields
                .iter()
                .find(|f| f.key == k)
                .map(|f| format!("{}: {}", f.name, f.about))
                .unwrap_or_default(),
        };
    }
    let ko = match key {
        "src_port" => "출발지 포트: 보내는 쪽의 포트 번호.",
        "dst_port" => "목적지 포트: 받는 쪽의 포트 번호.",
        "seq" => {
            "시퀀스 번호: 이 세그먼트의 첫 데이터 바이트의 번호. SYN이 있으면 초기 시퀀스 번호(ISN)다."
        }
        "ack" => {
            "확인 응답 번호: ACK 비트가 켜져 있으면, 보내는 쪽이 다음에 받기를 기다리는 시퀀스 번호."
        }
        "data_offset" => {
            "데이터 오프셋: TCP 헤더의 길이를 32비트 워드 개수로 나타낸다. 데이터가 시작하는 곳이다."
        }
        "reserved" => "예약: 나중을 위해 남겨 둔 비트. 보낼 때는 0, 받을 때는 무시한다.",
        "flags" => "플래그: 여덟 개의 제어 비트.",
        "flag_cwr" => "CWR: 혼잡 윈도를 줄였음 (RFC 3168).",
        "flag_ece" => "ECE: ECN 에코 (RFC 3168).",
        "flag_urg" => "URG: 긴급 포인터 필드가 유효함.",
        "flag_ack" => "ACK: 확인 응답 번호 필드가 유효함.",
        "flag_psh" => "PSH: 푸시. 받은 데이터를 곧바로 애플리케이션에 넘기라는 뜻.",
        "flag_rst" => "RST: 연결을 리셋함.",
        "flag_syn" => "SYN: 시퀀스 번호를 동기화함 (연결 시작).",
        "flag_fin" => "FIN: 보내는 쪽에 더 보낼 데이터가 없음.",
        "window" => "윈도: 확인 응답 번호부터 보내는 쪽이 더 받을 수 있는 바이트 수.",
        "checksum" => {
            "체크섬: 의사 헤더(IP 주소 등), 헤더, 데이터를 16비트씩 1의 보수로 더한 값의 1의 보수."
        }
        "urgent" => "긴급 포인터: URG가 켜져 있을 때, 긴급 데이터 바로 뒤 바이트까지의 오프셋.",
        "options" => "옵션: 데이터 오프셋이 가리키는 곳까지 이어지는 TCP 옵션.",
        "options_other" => {
            "기타 옵션: 이 모델은 보내지 않는 옵션(SACK 허용 RFC 2018, 타임스탬프와 윈도 스케일 RFC 7323, NOP 채움). 바이트로만 보여 준다."
        }
        "mss" | "mss_value" => {
            "최대 세그먼트 크기: 이 SYN을 보낸 쪽이 받을 수 있는 가장 큰 세그먼트 (RFC 9293 §3.7.1)."
        }
        "mss_kind" => "종류 2: 최대 세그먼트 크기 옵션.",
        "mss_length" => "길이 4: 종류와 길이 바이트를 포함한 옵션 길이.",
        "payload" => "페이로드: 세그먼트가 싣고 있는 데이터. 헤더에는 들어가지 않는다.",
        _ => "",
    };
    ko.to_owned()
}

fn status(tx: &Transmission, lang: Lang) -> String {
    let mut parts = vec![format!(
        "{} {}",
        Msg::InspectorSentAt.text(lang),
        time_label(tx.sent_at, lang)
    )];
    let at = |m: Msg, t: Instant| format!("{} {}", m.text(lang), time_label(t, lang));
    parts.push(match tx.status {
        TxStatus::InFlight => Msg::InspectorInFlight.text(lang).to_owned(),
        TxStatus::Held { at: t } => at(Msg::InspectorHeldSince, t),
        TxStatus::Dropped { at: t, reason } => {
            let why = match (lang, reason) {
                (Lang::En, FaultSource::User) => "by you",
                (Lang::En, FaultSource::Rule) => "by the scenario's rule",
                (Lang::En, FaultSource::RandomLoss) => "by random loss",
                (Lang::Ko, FaultSource::User) => "직접 버림",
                (Lang::Ko, FaultSource::Rule) => "시나리오 규칙",
                (Lang::Ko, FaultSource::RandomLoss) => "무작위 유실",
                (Lang::En, FaultSource::Msl) => "older than the MSL",
                (Lang::Ko, FaultSource::Msl) => "MSL보다 오래됨",
                (Lang::En, FaultSource::HostDown) => "the receiving host was down",
                (Lang::Ko, FaultSource::HostDown) => "받는 호스트가 꺼져 있었음",
            };
            format!("{} ({why})", at(Msg::InspectorLostAt, t))
        }
        TxStatus::Arrived { at: t } => at(Msg::InspectorArrivedAt, t),
    });
    if tx.delay_added > handshake_core::Duration::ZERO {
        parts.push(format!(
            "{} +{}",
            Msg::InspectorDelayed.text(lang),
            time_label(Instant::ZERO + tx.delay_added, lang)
        ));
    }
    if let Some(o) = tx.retransmission_of {
        parts.push(format!("{} {o}", Msg::InspectorRetransmits.text(lang)));
    }
    if let Some(o) = tx.duplicate_of {
        parts.push(format!("{} {o}", Msg::InspectorCopies.text(lang)));
    }
    parts.join(" · ")
}

/// How one TCB variable is shown.
type Column = Box<dyn Fn(&Tcb) -> String>;

/// The TCB variables of both ends from the transmission's snapshots (RFC 9293 §3.3.1).
fn tcb_table(
    tx: &Transmission,
    lang: Lang,
    absolute: bool,
) -> (String, Vec<(&'static str, String, String)>) {
    let who = match tx.from {
        Side::Client => Msg::ExplainClient.text(lang),
        Side::Server => Msg::ExplainServer.text(lang),
    };
    let t = time_label(tx.sent_at, lang);
    let caption = match lang {
        Lang::En => format!(
            "{} — {} left the {} at {t}",
            Msg::InspectorTcb.text(lang),
            tx.id,
            who.to_ascii_lowercase()
        ),
        Lang::Ko => format!(
            "{} — {}{} {t}에 {who}를 떠남",
            Msg::InspectorTcb.text(lang),
            tx.id,
            handshake_explain::korean::particle(
                &tx.id.to_string(),
                handshake_explain::korean::Josa::I
            ),
        ),
    };
    let snaps = [tx.snapshot(Side::Client), tx.snapshot(Side::Server)];
    let cell = |snap: &Snapshot, f: &dyn Fn(&Tcb) -> String| match &snap.tcb {
        Some(tcb) => f(tcb),
        None => "—".to_owned(),
    };
    let seq = move |n: handshake_core::SeqNumber, base: handshake_core::SeqNumber| {
        if absolute {
            n.0.to_string()
        } else {
            n.relative_to(base).to_string()
        }
    };
    let rows: Vec<(&'static str, Column)> = vec![
        ("ISS", Box::new(move |t: &Tcb| seq(t.iss, t.iss))),
        (
            "IRS",
            Box::new(move |t: &Tcb| t.irs.map_or("—".to_owned(), |irs| seq(irs, irs))),
        ),
        ("SND.UNA", Box::new(move |t: &Tcb| seq(t.snd_una, t.iss))),
        ("SND.NXT", Box::new(move |t: &Tcb| seq(t.snd_nxt, t.iss))),
        ("SND.WND", Box::new(|t: &Tcb| t.snd_wnd.to_string())),
        (
            "RCV.NXT",
            Box::new(move |t: &Tcb| match (t.rcv_nxt, t.irs) {
                (Some(n), Some(irs)) => seq(n, irs),
                (Some(n), None) => n.0.to_string(),
                _ => "—".to_owned(),
            }),
        ),
        ("RCV.WND", Box::new(|t: &Tcb| t.rcv_wnd.to_string())),
        (
            "RTO",
            Box::new(move |t: &Tcb| time_label(Instant::ZERO + t.rto, lang)),
        ),
        (
            "SRTT",
            Box::new(move |t: &Tcb| {
                t.srtt
                    .map_or("—".to_owned(), |s| time_label(Instant::ZERO + s, lang))
            }),
        ),
    ];
    let mut table = vec![(
        Msg::InspectorState.text(lang),
        snaps[0].state.name().to_owned(),
        snaps[1].state.name().to_owned(),
    )];
    for (name, f) in &rows {
        table.push((name, cell(snaps[0], f.as_ref()), cell(snaps[1], f.as_ref())));
    }
    (caption, table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::run_until;

    fn row<'a>(v: &'a View, name: &str) -> &'a Row {
        v.rows
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no row {name}: {:#?}", v.rows))
    }

    #[test]
    fn syn_ack_shows_relative_and_raw_numbers_flags_and_mss() {
        let sim = run_until("handshake", 150);
        let v = view(&sim, "S1".parse().unwrap(), Lang::En, false).unwrap();
        let tx = sim.transmission("S1".parse().unwrap()).unwrap();
        assert_eq!(row(&v, "Sequence Number").value, "0 (relative)");
        assert_eq!(
            row(&v, "Sequence Number (raw)").value,
            tx.segment.seq.0.to_string()
        );
        assert_eq!(row(&v, "Acknowledgment Number").value, "1 (relative)");
        assert_eq!(
            row(&v, "Acknowledgment Number (raw)").value,
            tx.segment.ack.0.to_string()
        );
        let flags = row(&v, "Flags");
        assert_eq!(flags.value, "0x12 (SYN, ACK)");
        assert_eq!(flags.bits.as_deref(), Some("0001 0010"));
        assert_eq!(row(&v, "SYN").value, "Set");
        assert_eq!(row(&v, "SYN").bits.as_deref(), Some(".... ..1."));
        assert_eq!(row(&v, "FIN").value, "Not set");
        assert_eq!(
            row(&v, "Data Offset (header length)").value,
            "6 (4 × 6 = 24 bytes)"
        );
        assert_eq!(
            row(&v, "Data Offset (header length)").bits.as_deref(),
            Some("0110 ....")
        );
        assert_eq!(row(&v, "Reserved").bits.as_deref(), Some(".... 0000"));
        assert!(row(&v, "Checksum").value.ends_with("[correct]"));
        assert_eq!(
            row(&v, "Checksum").value,
            format!("0x{:04x} [correct]", tx.checksum)
        );
        assert_eq!(row(&v, "Maximum Segment Size").value, "100 bytes");
        // 24 header bytes: six 32-bit words, as the data offset says.
        assert_eq!(v.bytes.len(), 24);
        assert_eq!(v.bytes.chunks(4).count(), 6);
        assert_eq!(v.route, "10.0.0.2:5555 → 10.0.0.1:40000");
        assert!(
            v.label.starts_with("S1 [SYN, ACK] Seq=0 Ack=1"),
            "{}",
            v.label
        );
        assert!(v.status.contains("arrived at 0.2 s") || v.status.contains("in flight"));
    }

    #[test]
    fn tcb_snapshot_is_taken_just_after_the_segment_left() {
        let sim = run_until("handshake", 300);
        let v = view(&sim, "C2".parse().unwrap(), Lang::En, false).unwrap();
        let get = |name: &str| {
            v.tcb
                .iter()
                .find(|(n, ..)| *n == name)
                .map(|(_, c, s)| (c.clone(), s.clone()))
                .unwrap()
        };
        // C2 is the handshake's ACK: the client is ESTABLISHED, the server still SYN-RECEIVED.
        assert_eq!(
            get("State"),
            ("ESTABLISHED".to_owned(), "SYN-RECEIVED".to_owned())
        );
        assert_eq!(get("SND.NXT"), ("1".to_owned(), "1".to_owned()));
        assert_eq!(get("RCV.NXT"), ("1".to_owned(), "1".to_owned()));
        assert_eq!(get("RTO").0, "1 s");
        assert_eq!(get("SRTT").0, "0.2 s");
        assert_eq!(get("SRTT").1, "—");
        // A pure ACK has a 20-byte header: five words.
        assert_eq!(v.bytes.len(), 20);
        assert!(
            v.tcb_caption.contains("C2 left the client at 0.2 s"),
            "{}",
            v.tcb_caption
        );
    }

    #[test]
    fn data_segment_shows_payload_next_sequence_and_absolute_numbers() {
        let sim = run_until("handshake-data-close", 700);
        let v = view(&sim, "C3".parse().unwrap(), Lang::En, true).unwrap();
        let tx = sim.transmission("C3".parse().unwrap()).unwrap();
        assert_eq!(
            row(&v, "Sequence Number").value,
            tx.segment.seq.0.to_string()
        );
        assert_eq!(row(&v, "Sequence Number (relative)").value, "1");
        assert!(
            row(&v, "Payload")
                .value
                .starts_with("100 bytes \"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv…\"")
        );
        assert_eq!(
            row(&v, "[Next sequence number").value,
            format!("{}] = Seq + 100 + SYN + FIN", tx.segment.seq.0 + 100)
        );
        assert!(row(&v, "Urgent Pointer").value.contains("ignored"));
    }

    #[test]
    fn korean_view_names_fields_in_korean_with_the_rfc_name_beside() {
        let sim = run_until("handshake", 150);
        let v = view(&sim, "C1".parse().unwrap(), Lang::Ko, false).unwrap();
        let seq = row(&v, "시퀀스 번호");
        assert_eq!(seq.value, "0 (상대값)");
        assert_eq!(seq.name_en, Some("Sequence Number"));
        assert_eq!(row(&v, "SYN").value, "1 (켜짐)");
        assert!(row(&v, "확인 응답 번호").value.contains("무시"));
        assert!(
            v.tcb_caption.contains("C1이 0초에 클라이언트를 떠남"),
            "{}",
            v.tcb_caption
        );
    }

    #[test]
    fn bit_patterns_follow_wireshark() {
        assert_eq!(bit_pattern(0xf0, 5, 1), "0101 ....");
        assert_eq!(bit_pattern(0x01, 1, 1), ".... ...1");
        assert_eq!(bit_pattern(0x80, 0, 1), "0... ....");
        assert_eq!(bit_pattern(0xff, 0x11, 1), "0001 0001");
    }

    #[test]
    fn unknown_transmission_has_no_view() {
        let sim = run_until("handshake", 0);
        assert_eq!(view(&sim, "S9".parse().unwrap(), Lang::En, false), None);
    }
}
