//! The RFC 9293 state diagram (Figure 5) as SVG: the eleven states, every arc labelled event /
//! action as the RFC writes it, each endpoint's current state highlighted in its own colour and
//! named by a tag (not colour alone), and each side's latest transition drawn thick in that
//! side's colour. Like the RFC, the figure draws CLOSED twice: the one at the bottom right is
//! where LAST-ACK and TIME-WAIT end; the marker sits where the last arc ended.
//!
//! Two drawings of the one figure. In the side panel, beside the ladder, a compact one
//! ([`COMPACT`]): the same boxes in the same places of a three-column grid, the arcs drawn
//! without their labels (each arc still names its event and action to a pointer and a screen
//! reader), and state names at 14 px or more when the panel is its usual width — legible from
//! the back of a classroom while the ladder stays in view. "Enlarge" shows the RFC's figure with
//! every arc labelled ([`FULL`]) as a dialog over the page.
//!
//! The arcs' words (event / action, in the UI's language) are `handshake_explain::arcs`' table,
//! whose first twenty entries are these arcs in this order (a test holds them together); this
//! file keeps the geometry. The arcs a student has seen taken in any run (the coverage of
//! learning mode, a `Coverage` in the context) are shaded, with their count under the figure.

use handshake_core::endpoint::Cause;
use handshake_core::sim::{Side, Simulator};
use handshake_core::trace::TraceKind;
use handshake_core::{Instant, State};
use web_sys::Element;
use yew::prelude::*;

use crate::hooks::use_modal;
use crate::i18n::{Lang, Msg};
use crate::learn_text::coverage_count;
use crate::sim_handle::SimHandle;
use handshake_explain::arcs::{ARCS as TABLE, ArcId, Coverage, FIGURE_ARCS, label as arc_label};
use handshake_explain::cause_label;

#[derive(Clone, PartialEq, Properties)]
pub struct StateDiagramProps {
    pub sim: SimHandle,
    pub lang: Lang,
}

/// Where a state is drawn: CLOSED has two boxes, as in the RFC's figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    State(State),
    /// The CLOSED box at the bottom right, where LAST-ACK and TIME-WAIT end.
    ClosedBelow,
}

impl Place {
    fn state(self) -> State {
        match self {
            Place::State(s) => s,
            Place::ClosedBelow => State::Closed,
        }
    }
}

/// A box's centre in its figure's coordinates.
struct Node {
    place: Place,
    x: f64,
    y: f64,
}

/// One drawing of Figure 5: where its boxes are, how its arcs run (in [`ARCS`] order), its size.
pub struct Geometry {
    nodes: &'static [Node],
    /// Each arc's path, in [`ARCS`] order; `None`: the arc's own ([`Arc::path`], the RFC figure).
    paths: Option<&'static [&'static str; 20]>,
    width: f64,
    height: f64,
    box_w: f64,
    box_h: f64,
    /// The arcs' event / action labels are drawn.
    arc_labels: bool,
    /// A side's tag: height, and width per character (ASCII, Hangul).
    tag_h: f64,
    tag_char: (f64, f64),
    /// Long state names are fitted to this width (`None`: never).
    fit_name: Option<f64>,
    /// The arrowheads' size (plain, taken).
    arrow: (u8, u8),
    class: &'static str,
}

impl Geometry {
    fn path(&self, arc: usize) -> &'static str {
        match self.paths {
            Some(paths) => paths[arc],
            None => ARCS[arc].path,
        }
    }
}

/// RFC 9293 Figure 5 as the RFC draws it, every arc labelled (660 × 700): the enlarged view.
pub const FULL: Geometry = Geometry {
    nodes: NODES,
    paths: None,
    width: 660.0,
    height: 700.0,
    box_w: W,
    box_h: H,
    arc_labels: true,
    tag_h: 18.0,
    tag_char: (7.0, 12.5),
    fit_name: None,
    arrow: (9, 13),
    class: "state-diagram__svg--full",
};

/// The same boxes and arcs in a 330 × 262 grid, for the side panel (about as wide as the panel,
/// so 14 units of text are about 14 px there).
pub const COMPACT: Geometry = Geometry {
    nodes: COMPACT_NODES,
    paths: Some(&COMPACT_PATHS),
    width: 330.0,
    height: 262.0,
    box_w: 100.0,
    box_h: 24.0,
    arc_labels: false,
    tag_h: 15.0,
    tag_char: (6.2, 11.0),
    fit_name: Some(93.0),
    arrow: (7, 10),
    class: "state-diagram__svg--compact",
};

const W: f64 = 150.0;
const H: f64 = 36.0;

const NODES: &[Node] = &[
    node(State::Closed, 330.0, 58.0),
    node(State::Listen, 330.0, 150.0),
    node(State::SynReceived, 105.0, 255.0),
    node(State::SynSent, 555.0, 255.0),
    node(State::Established, 330.0, 355.0),
    node(State::FinWait1, 105.0, 460.0),
    node(State::CloseWait, 555.0, 460.0),
    node(State::FinWait2, 105.0, 560.0),
    node(State::Closing, 330.0, 560.0),
    node(State::LastAck, 555.0, 560.0),
    node(State::TimeWait, 330.0, 655.0),
    Node {
        place: Place::ClosedBelow,
        x: 555.0,
        y: 655.0,
    },
];

/// The compact grid: columns at x 53, 165, 277 (boxes 100 wide), rows 36 apart from y 25.
const COMPACT_NODES: &[Node] = &[
    node(State::Closed, 165.0, 25.0),
    node(State::Listen, 165.0, 61.0),
    node(State::SynReceived, 53.0, 97.0),
    node(State::SynSent, 277.0, 97.0),
    node(State::Established, 165.0, 133.0),
    node(State::FinWait1, 53.0, 169.0),
    node(State::CloseWait, 277.0, 169.0),
    node(State::FinWait2, 53.0, 205.0),
    node(State::Closing, 165.0, 205.0),
    node(State::LastAck, 277.0, 205.0),
    node(State::TimeWait, 165.0, 241.0),
    Node {
        place: Place::ClosedBelow,
        x: 277.0,
        y: 241.0,
    },
];

/// The arcs of [`ARCS`], in its order, on the compact grid (box edges: x 3–103, 115–215,
/// 227–327; each row's box ±12 around its y).
const COMPACT_PATHS: [&str; 20] = [
    "M155 37V49",       // CLOSED → LISTEN: passive OPEN
    "M175 49V37",       // LISTEN → CLOSED: CLOSE
    "M215 21H292V85",   // CLOSED → SYN-SENT: active OPEN
    "M252 85V30H215",   // SYN-SENT → CLOSED: CLOSE
    "M215 66L240 85",   // LISTEN → SYN-SENT: SEND
    "M115 66L90 85",    // LISTEN → SYN-RECEIVED: rcv SYN
    "M18 85V57H115",    // SYN-RECEIVED → LISTEN: rcv RST
    "M227 97H103",      // SYN-SENT → SYN-RECEIVED: rcv SYN
    "M252 109L200 121", // SYN-SENT → ESTABLISHED: rcv SYN,ACK
    "M80 109L130 121",  // SYN-RECEIVED → ESTABLISHED: rcv ACK of SYN
    "M18 109V157",      // SYN-RECEIVED → FIN-WAIT-1: CLOSE
    "M130 145L80 157",  // ESTABLISHED → FIN-WAIT-1: CLOSE
    "M200 145L250 157", // ESTABLISHED → CLOSE-WAIT: rcv FIN
    "M53 181V193",      // FIN-WAIT-1 → FIN-WAIT-2: rcv ACK of FIN
    "M103 173H165V193", // FIN-WAIT-1 → CLOSING: rcv FIN
    "M277 181V193",     // CLOSE-WAIT → LAST-ACK: CLOSE
    "M40 217V241H115",  // FIN-WAIT-2 → TIME-WAIT: rcv FIN
    "M165 217V229",     // CLOSING → TIME-WAIT: rcv ACK of FIN
    "M277 217V229",     // LAST-ACK → CLOSED: rcv ACK of FIN
    "M215 241H227",     // TIME-WAIT → CLOSED: Timeout=2MSL
];

const fn node(state: State, x: f64, y: f64) -> Node {
    Node {
        place: Place::State(state),
        x,
        y,
    }
}

/// One line of an arc's label: position, anchor (`start`, `middle`, `end`) and text.
type Line = (f64, f64, &'static str, &'static str);

/// An arc of Figure 5: the transition, its path and its label (event, then action), as RFC 9293
/// writes them ("x" — no action — is left out).
pub struct Arc {
    pub from: Place,
    pub to: Place,
    pub event: &'static str,
    pub action: &'static str,
    path: &'static str,
    lines: &'static [Line],
}

const fn arc(
    from: State,
    to: Place,
    event: &'static str,
    action: &'static str,
    path: &'static str,
    lines: &'static [Line],
) -> Arc {
    Arc {
        from: Place::State(from),
        to,
        event,
        action,
        path,
        lines,
    }
}

const fn s(state: State) -> Place {
    Place::State(state)
}

/// Every arc of RFC 9293 Figure 5.
pub const ARCS: &[Arc] = &[
    arc(
        State::Closed,
        s(State::Listen),
        "passive OPEN",
        "create TCB",
        "M310 76V132",
        &[
            (302.0, 100.0, "end", "passive OPEN"),
            (302.0, 116.0, "end", "create TCB"),
        ],
    ),
    arc(
        State::Listen,
        s(State::Closed),
        "CLOSE",
        "delete TCB",
        "M350 132V76",
        &[
            (358.0, 100.0, "start", "CLOSE"),
            (358.0, 116.0, "start", "delete TCB"),
        ],
    ),
    arc(
        State::Closed,
        s(State::SynSent),
        "active OPEN",
        "create TCB, snd SYN",
        "M405 50H612V237",
        &[
            (508.0, 22.0, "middle", "active OPEN"),
            (508.0, 38.0, "middle", "create TCB, snd SYN"),
        ],
    ),
    arc(
        State::SynSent,
        s(State::Closed),
        "CLOSE",
        "delete TCB",
        "M520 237V66H405",
        &[
            (528.0, 140.0, "start", "CLOSE"),
            (528.0, 156.0, "start", "delete TCB"),
        ],
    ),
    arc(
        State::Listen,
        s(State::SynSent),
        "SEND",
        "snd SYN",
        "M405 160L492 237",
        &[
            (446.0, 214.0, "end", "SEND"),
            (446.0, 230.0, "end", "snd SYN"),
        ],
    ),
    arc(
        State::Listen,
        s(State::SynReceived),
        "rcv SYN",
        "snd SYN,ACK",
        "M255 160L168 237",
        &[
            (214.0, 214.0, "start", "rcv SYN"),
            (214.0, 230.0, "start", "snd SYN,ACK"),
        ],
    ),
    arc(
        State::SynReceived,
        s(State::Listen),
        "rcv RST (note 1)",
        "",
        "M80 237V150H255",
        &[(166.0, 142.0, "middle", "rcv RST (note 1)")],
    ),
    arc(
        State::SynSent,
        s(State::SynReceived),
        "rcv SYN",
        "snd SYN,ACK",
        "M480 255H180",
        &[
            (330.0, 247.0, "middle", "rcv SYN"),
            (330.0, 272.0, "middle", "snd SYN,ACK"),
        ],
    ),
    arc(
        State::SynSent,
        s(State::Established),
        "rcv SYN,ACK",
        "snd ACK",
        "M505 273L390 337",
        &[
            (456.0, 322.0, "start", "rcv SYN,ACK"),
            (456.0, 338.0, "start", "snd ACK"),
        ],
    ),
    arc(
        State::SynReceived,
        s(State::Established),
        "rcv ACK of SYN",
        "",
        "M155 273L270 337",
        &[(204.0, 322.0, "end", "rcv ACK of SYN")],
    ),
    arc(
        State::SynReceived,
        s(State::FinWait1),
        "CLOSE",
        "snd FIN",
        "M80 273V442",
        &[
            (88.0, 372.0, "start", "CLOSE"),
            (88.0, 388.0, "start", "snd FIN"),
        ],
    ),
    arc(
        State::Established,
        s(State::FinWait1),
        "CLOSE",
        "snd FIN",
        "M270 373L155 442",
        &[
            (228.0, 420.0, "start", "CLOSE"),
            (228.0, 436.0, "start", "snd FIN"),
        ],
    ),
    arc(
        State::Established,
        s(State::CloseWait),
        "rcv FIN",
        "snd ACK",
        "M390 373L505 442",
        &[
            (432.0, 420.0, "end", "rcv FIN"),
            (432.0, 436.0, "end", "snd ACK"),
        ],
    ),
    arc(
        State::FinWait1,
        s(State::FinWait2),
        "rcv ACK of FIN",
        "",
        "M105 478V542",
        &[(113.0, 514.0, "start", "rcv ACK of FIN")],
    ),
    arc(
        State::FinWait1,
        s(State::Closing),
        "rcv FIN",
        "snd ACK",
        "M180 470H330V542",
        &[
            (322.0, 496.0, "end", "rcv FIN"),
            (322.0, 512.0, "end", "snd ACK"),
        ],
    ),
    arc(
        State::CloseWait,
        s(State::LastAck),
        "CLOSE",
        "snd FIN",
        "M555 478V542",
        &[
            (547.0, 506.0, "end", "CLOSE"),
            (547.0, 522.0, "end", "snd FIN"),
        ],
    ),
    arc(
        State::FinWait2,
        s(State::TimeWait),
        "rcv FIN",
        "snd ACK",
        "M105 578V655H255",
        &[
            (180.0, 647.0, "middle", "rcv FIN"),
            (180.0, 672.0, "middle", "snd ACK"),
        ],
    ),
    arc(
        State::Closing,
        s(State::TimeWait),
        "rcv ACK of FIN",
        "",
        "M330 578V637",
        &[(322.0, 612.0, "end", "rcv ACK of FIN")],
    ),
    arc(
        State::LastAck,
        Place::ClosedBelow,
        "rcv ACK of FIN",
        "",
        "M555 578V637",
        &[
            (563.0, 600.0, "start", "rcv ACK"),
            (563.0, 616.0, "start", "of FIN"),
        ],
    ),
    arc(
        State::TimeWait,
        Place::ClosedBelow,
        "Timeout=2MSL",
        "delete TCB",
        "M405 655H480",
        &[
            (442.0, 632.0, "middle", "Timeout=2MSL"),
            (442.0, 689.0, "middle", "delete TCB"),
        ],
    ),
];

/// A side's latest state change: (from, to, cause).
fn last_transition(sim: &Simulator, side: Side) -> Option<(State, State, Cause, Instant)> {
    sim.trace().events.iter().rev().find_map(|e| match e.kind {
        TraceKind::State {
            side: s,
            from,
            to,
            cause,
            ..
        } if s == side => Some((from, to, cause, e.t)),
        _ => None,
    })
}

/// Where a side that went `from` → `to` is drawn.
fn place_after(from: State, to: State) -> Place {
    if to == State::Closed && matches!(from, State::TimeWait | State::LastAck) {
        Place::ClosedBelow
    } else {
        Place::State(to)
    }
}

/// The arc of Figure 5 for a transition, if the figure draws one.
pub fn arc_for(from: State, to: State) -> Option<&'static Arc> {
    arc_index(from, to).map(|i| &ARCS[i])
}

/// Where in [`ARCS`] the arc for a transition is.
fn arc_index(from: State, to: State) -> Option<usize> {
    let to = place_after(from, to);
    ARCS.iter()
        .position(|a| a.from == Place::State(from) && a.to == to)
}

/// What the diagram shows for one side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SideView {
    pub side: Side,
    pub place: Place,
    pub last: Option<(State, State, Cause)>,
    /// When the last transition happened.
    pub at: Option<Instant>,
}

/// Both sides' places and latest transitions.
pub fn side_views(sim: &Simulator) -> [SideView; 2] {
    Side::BOTH.map(|side| {
        let last = last_transition(sim, side);
        let state = sim.endpoint(side).state();
        let place = match last {
            Some((from, to, ..)) if to == state => place_after(from, to),
            _ => Place::State(state),
        };
        SideView {
            side,
            place,
            last: last.map(|(from, to, cause, _)| (from, to, cause)),
            at: last.map(|(.., t)| t),
        }
    })
}

fn side_meta(side: Side) -> (&'static str, Msg) {
    match side {
        Side::Client => ("client", Msg::ExplainClient),
        Side::Server => ("server", Msg::ExplainServer),
    }
}

#[function_component(StateDiagram)]
pub fn state_diagram(props: &StateDiagramProps) -> Html {
    let views = side_views(&props.sim.borrow());
    let seen = use_context::<Coverage>().unwrap_or_default();
    // The figure re-renders only when a side moves (the app re-renders on every frame).
    html! { <Figure {views} lang={props.lang} {seen} /> }
}

#[derive(Clone, PartialEq, Properties)]
struct FigureProps {
    views: [SideView; 2],
    lang: Lang,
    /// The arcs seen taken (learning mode's coverage).
    seen: Coverage,
}

#[function_component(Figure)]
fn figure(props: &FigureProps) -> Html {
    let lang = props.lang;
    let views = props.views;
    let expanded = use_state_eq(|| false);
    let g = if *expanded { &FULL } else { &COMPACT };
    let viewport = use_node_ref();
    // Keep the current states in view when the panel is too short for the whole figure.
    {
        let viewport = viewport.clone();
        use_effect_with((views, *expanded), move |(views, expanded)| {
            let g = if *expanded { &FULL } else { &COMPACT };
            if let Some(el) = viewport.cast::<Element>() {
                if let Some(top) = scroll_target(g, views, el.client_width(), el.client_height()) {
                    el.set_scroll_top(top);
                }
            }
        });
    }

    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    // Enlarged, the figure is a modal dialog over the page: focus moves in and stays, Esc or a
    // press on the backdrop puts it back in the panel, and focus returns to its toggle.
    let figure_ref = use_node_ref();
    let close = {
        let expanded = expanded.clone();
        Callback::from(move |()| expanded.set(false))
    };
    let toggle_ref = use_node_ref();
    let onkeydown = use_modal(
        *expanded,
        figure_ref.clone(),
        toggle_ref.clone(),
        close.clone(),
    );
    let onbackdrop = close.reform(|_: MouseEvent| ());

    let seen = props.seen;
    let arcs = ARCS.iter().enumerate().map(|(i, a)| {
        let words = &TABLE[i];
        let shaded = seen.has(ArcId(i as u8));
        html! {
            <g class={classes!("state-diagram__arc", shaded.then_some("state-diagram__arc--seen"))} data-arc={i.to_string()}>
                <title>{ format!("{} → {}: {}", a.from.state().name(), a.to.state().name(), arc_label(words, lang)) }</title>
                <path d={g.path(i)} marker-end="url(#sd-arrow)" />
            </g>
        }
    });
    // Each arc's lines in the UI's language (the table lays the label out as the figure does);
    // the compact drawing leaves them out.
    let labels = ARCS.iter().enumerate().filter(|_| g.arc_labels).flat_map(|(i, a)| {
        a.lines.iter().enumerate().map(move |(k, &(x, y, anchor, _))| {
            let text = TABLE[i].lines[k.min(1)].get(lang);
            html! {
                <text class="state-diagram__label" x={x.to_string()} y={y.to_string()} text-anchor={anchor}>{ text }</text>
            }
        })
    });
    // Each side's latest transition, drawn thick in its colour (dashed for the server so that an
    // arc both sides took shows both).
    let taken = views.iter().filter_map(|v| {
        let (from, to, _) = v.last?;
        let a = arc_index(from, to)?;
        let (m, _) = side_meta(v.side);
        Some(html! {
            <path class={format!("state-diagram__taken state-diagram__taken--{m}")} d={g.path(a)}
                marker-end={format!("url(#sd-arrow-{m})")} />
        })
    });
    let (bw, bh) = (g.box_w, g.box_h);
    let nodes = g.nodes.iter().map(|n| {
        let here: Vec<Side> = views.iter().filter(|v| v.place == n.place).map(|v| v.side).collect();
        let class = classes!(
            "state-diagram__state",
            here.contains(&Side::Client).then_some("state-diagram__state--client"),
            here.contains(&Side::Server).then_some("state-diagram__state--server"),
        );
        let (x, y) = (n.x - bw / 2.0, n.y - bh / 2.0);
        let tags = here.iter().map(|&side| {
            let (m, name) = side_meta(side);
            let text = name.text(lang);
            let width = tag_width(text, g.tag_char);
            // The client's tag sits on the box's top-left corner, the server's on its top-right.
            let tx = match side {
                Side::Client => x - 6.0,
                Side::Server => x + bw + 6.0 - width,
            };
            let th = g.tag_h;
            html! {
                <g key={m} class={format!("state-diagram__tag state-diagram__tag--{m}")}>
                    <rect x={tx.to_string()} y={(y - th + 5.0).to_string()} width={width.to_string()} height={th.to_string()} rx={(th / 2.0).to_string()} />
                    <text x={(tx + width / 2.0).to_string()} y={(y + 0.5).to_string()} text-anchor="middle">{ text }</text>
                </g>
            }
        });
        let name = n.place.state().name();
        // A long name is fitted to its box (SYN-RECEIVED in a narrow monospace font).
        let fit = g.fit_name.filter(|_| name.len() >= 12).map(|w| w.to_string());
        // One keyed list, so a tag coming or going is one node added or removed: unkeyed, the
        // parts after it were drawn again in each other's places at every step of the run.
        let mut parts = vec![html! {
            <rect key="box" class="state-diagram__box" x={x.to_string()} y={y.to_string()}
                width={bw.to_string()} height={bh.to_string()} rx={(bh / 4.5).to_string()} />
        }];
        if here.len() == 2 {
            parts.push(html! {
                <rect key="inner" class="state-diagram__box-inner" x={(x + 4.0).to_string()} y={(y + 4.0).to_string()}
                    width={(bw - 8.0).to_string()} height={(bh - 8.0).to_string()} rx={(bh / 7.0).to_string()} />
            });
        }
        parts.push(html! {
            <text key="name" class="state-diagram__name" x={n.x.to_string()} y={(n.y + bh * 0.15).to_string()} text-anchor="middle"
                textLength={fit} lengthAdjust="spacingAndGlyphs">
                { name }
            </text>
        });
        parts.extend(tags);
        html! {
            <g {class} data-state={n.place.state().name()}
                data-place={if n.place == Place::ClosedBelow { "closed-below" } else { "" }}>
                { for parts }
            </g>
        }
    });

    let summary = views
        .iter()
        .map(|v| {
            let (_, name) = side_meta(v.side);
            format!(
                "{} {} {}",
                name.text(lang),
                Msg::DiagramIn.text(lang),
                v.place.state().name()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let captions = views.iter().map(|v| {
        let (m, name) = side_meta(v.side);
        let text = match v.last {
            None => Msg::DiagramNoTransition.text(lang).to_owned(),
            Some((from, to, cause)) => {
                let drawn = if arc_for(from, to).is_some() {
                    String::new()
                } else {
                    format!(" ({})", Msg::DiagramNotDrawn.text(lang))
                };
                format!("{} → {}: {}{drawn}", from.name(), to.name(), cause_label(cause, lang))
            }
        };
        html! {
            <li class={format!("state-diagram__last state-diagram__last--{m}")}>
                <span class={format!("state-diagram__swatch state-diagram__swatch--{m}")} aria-hidden="true"></span>
                <strong>{ name.text(lang) }{ ": " }</strong>
                <code>{ v.place.state().name() }</code>
                <span class="state-diagram__last-arc">{ " · " }{ text }</span>
            </li>
        }
    });

    html! {
        <>
        if *expanded {
            <div class="state-diagram__backdrop" onclick={onbackdrop}></div>
        }
        <figure class={classes!("state-diagram", expanded.then_some("state-diagram--expanded"))}
            ref={figure_ref} role={expanded.then_some("dialog")}
            aria-modal={expanded.then_some("true")}
            aria-label={Msg::DiagramLabel.text(lang)} {onkeydown}>
            <div class="state-diagram__bar">
                <ul class="state-diagram__sides">{ for captions }</ul>
                <button type="button" class="state-diagram__toggle" ref={toggle_ref} aria-pressed={expanded.to_string()} onclick={toggle}>
                    { if *expanded { Msg::DiagramShrink.text(lang) } else { Msg::DiagramEnlarge.text(lang) } }
                </button>
            </div>
            // In the panel, a scrolling box when the figure is taller than its room: reachable by
            // keyboard. (Enlarged, the figure fits the dialog and does not scroll.)
            <div class="state-diagram__viewport" ref={viewport} tabindex={(!*expanded).then_some("0")}
                role={(!*expanded).then_some("group")}
                aria-label={(!*expanded).then(|| Msg::DiagramLabel.text(lang))}>
            <svg class={classes!("state-diagram__svg", g.class)} viewBox={format!("0 0 {} {}", g.width, g.height)}
                role="img" aria-label={format!("{}: {summary}", Msg::DiagramLabel.text(lang))}>
                <defs>
                    { for ["", "-client", "-server"].iter().map(|m| {
                        let size = if m.is_empty() { g.arrow.0 } else { g.arrow.1 }.to_string();
                        html! {
                        <marker id={format!("sd-arrow{m}")} class={format!("state-diagram__arrow{m}")} viewBox="0 0 10 10"
                            refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth={size.clone()} markerHeight={size} orient="auto-start-reverse">
                            <path d="M0 0L10 5L0 10z" />
                        </marker>
                    } }) }
                </defs>
                <g class="state-diagram__arcs">{ for arcs }</g>
                <g class="state-diagram__taken-arcs">{ for taken }</g>
                <g class="state-diagram__labels">{ for labels }</g>
                <g class="state-diagram__states">{ for nodes }</g>
            </svg>
            </div>
            <figcaption class="state-diagram__caption">
                { Msg::DiagramCaption.text(lang) }{ " " }{ Msg::DiagramNote1.text(lang) }
                if seen != Coverage::default() {
                    { " " }
                    <span class="state-diagram__seen">
                        <span class="state-diagram__seen-swatch" aria-hidden="true"></span>
                        { coverage_count(seen.figure_seen(), FIGURE_ARCS, lang) }
                    </span>
                }
            </figcaption>
        </figure>
        </>
    }
}

/// Where to scroll a viewport `width` × `height` pixels wide showing figure `g` so that the
/// sides' boxes are in view: both if they fit, else the side that moved last. `None` when the
/// whole figure fits.
fn scroll_target(g: &Geometry, views: &[SideView; 2], width: i32, height: i32) -> Option<i32> {
    if width <= 0 || height <= 0 {
        return None;
    }
    let scale = f64::from(width) / g.width;
    let view_h = f64::from(height);
    if g.height * scale <= view_h {
        return None;
    }
    let y = |v: &SideView| {
        g.nodes
            .iter()
            .find(|n| n.place == v.place)
            .map(|n| n.y * scale)
    };
    let (a, b) = (y(&views[0])?, y(&views[1])?);
    let centre = if (a - b).abs() + g.box_h * scale * 2.0 <= view_h {
        (a + b) / 2.0
    } else if views[0].at >= views[1].at {
        a
    } else {
        b
    };
    Some((centre - view_h / 2.0).max(0.0) as i32)
}

/// A tag's width for its text, given the width of an ASCII and of a Hangul character: Hangul
/// is about twice as wide as Latin letters.
fn tag_width(text: &str, (ascii, hangul): (f64, f64)) -> f64 {
    let units: f64 = text
        .chars()
        .map(|c| if c.is_ascii() { ascii } else { hangul })
        .sum();
    units + 2.0 * ascii
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::run_until;

    #[test]
    fn every_state_has_one_box_and_closed_has_two() {
        for g in [&FULL, &COMPACT] {
            for state in State::ALL {
                let boxes = g.nodes.iter().filter(|n| n.place.state() == state).count();
                let want = if state == State::Closed { 2 } else { 1 };
                assert_eq!(boxes, want, "{state}");
            }
        }
    }

    /// Each compact arc leaves its source's box edge and ends on its target's box edge, and
    /// every box lies inside the figure.
    #[test]
    fn the_compact_arcs_join_their_boxes() {
        let g = &COMPACT;
        let edge_of = |place: Place, (x, y): (f64, f64)| {
            let n = g.nodes.iter().find(|n| n.place == place).unwrap();
            let (dx, dy) = ((x - n.x).abs(), (y - n.y).abs());
            let (hw, hh) = (g.box_w / 2.0, g.box_h / 2.0);
            (dx <= hw + 1e-9 && dy <= hh + 1e-9) && (dx >= hw - 1e-9 || dy >= hh - 1e-9)
        };
        for n in g.nodes {
            assert!(n.x - g.box_w / 2.0 >= 0.0 && n.x + g.box_w / 2.0 <= g.width);
            assert!(n.y - g.box_h / 2.0 - g.tag_h + 5.0 >= 0.0 && n.y + g.box_h / 2.0 <= g.height);
        }
        for (i, a) in ARCS.iter().enumerate() {
            let pts = path_points(g.path(i));
            assert!(
                edge_of(a.from, pts[0]),
                "arc {i} starts off {:?}: {pts:?}",
                a.from
            );
            assert!(
                edge_of(a.to, *pts.last().unwrap()),
                "arc {i} ends off {:?}: {pts:?}",
                a.to
            );
        }
    }

    /// The vertices of a path made of M, H, V and L commands with absolute coordinates.
    fn path_points(d: &str) -> Vec<(f64, f64)> {
        let mut pts: Vec<(f64, f64)> = Vec::new();
        let mut rest = d;
        while let Some(c) = rest.chars().next() {
            let end = rest[1..]
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or(rest.len(), |e| e + 1);
            let nums: Vec<f64> = rest[1..end]
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let last = pts.last().copied().unwrap_or((0.0, 0.0));
            pts.push(match c {
                'M' | 'L' => (nums[0], nums[1]),
                'H' => (nums[0], last.1),
                'V' => (last.0, nums[0]),
                _ => panic!("{d}"),
            });
            rest = &rest[end..];
        }
        pts
    }

    /// RFC 9293 Figure 5 has twenty arcs; each connects two drawn boxes and is labelled.
    #[test]
    fn figure_5_arcs_are_all_there() {
        assert_eq!(ARCS.len(), 20);
        for a in ARCS {
            assert!(NODES.iter().any(|n| n.place == a.from));
            assert!(NODES.iter().any(|n| n.place == a.to));
            assert!(!a.event.is_empty() && !a.lines.is_empty());
        }
        let pairs = [
            (State::Listen, State::SynReceived, "rcv SYN", "snd SYN,ACK"),
            (State::Established, State::FinWait1, "CLOSE", "snd FIN"),
            (State::FinWait1, State::FinWait2, "rcv ACK of FIN", ""),
            (State::TimeWait, State::Closed, "Timeout=2MSL", "delete TCB"),
            (State::Established, State::CloseWait, "rcv FIN", "snd ACK"),
        ];
        for (from, to, event, action) in pairs {
            let a = arc_for(from, to).unwrap();
            assert_eq!((a.event, a.action), (event, action));
        }
        // A reset from ESTABLISHED is not an arc of the figure.
        assert!(arc_for(State::Established, State::Closed).is_none());
    }

    /// The figure's arcs are the explanation table's first twenty, in order, with the same
    /// English words, so each arc is drawn with its own words in every language.
    #[test]
    fn the_arcs_are_the_tables_figure_arcs_in_order() {
        assert_eq!(ARCS.len(), FIGURE_ARCS);
        for (i, (a, t)) in ARCS.iter().zip(TABLE).enumerate() {
            assert_eq!(Some(a.from.state()), t.from, "arc {i}");
            assert_eq!(a.to.state(), t.to, "arc {i}");
            assert!(t.in_figure);
            assert_eq!((a.event, a.action), (t.event.en, t.action.en), "arc {i}");
            let lines: Vec<&str> = a.lines.iter().map(|l| l.3).collect();
            let table: Vec<&str> = t
                .lines
                .iter()
                .map(|l| l.en)
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(lines, table, "arc {i}");
        }
    }

    #[test]
    fn a_short_panel_scrolls_to_the_states_in_play() {
        // lost-last-ack at 3 s: client in TIME-WAIT (y 655), server in the lower CLOSED (y 655).
        let views = side_views(&run_until("lost-last-ack", 3000));
        // 330 px wide: scale 0.5, figure 350 px tall. A 150 px viewport centres on y 327.5.
        assert_eq!(scroll_target(&FULL, &views, 330, 150), Some(252));
        // Tall enough for the whole figure: no scrolling.
        assert_eq!(scroll_target(&FULL, &views, 330, 400), None);
        assert_eq!(scroll_target(&COMPACT, &views, 330, 262), None);
        // The compact figure in a 150 px viewport: both at y 241, centred there.
        assert_eq!(scroll_target(&COMPACT, &views, 330, 150), Some(166));
        // At 0.5 s the client is in FIN-WAIT-1 (y 460) and the server ESTABLISHED (y 355); in a
        // 60 px viewport both do not fit, so the side that moved last (the client) is shown.
        let views = side_views(&run_until("lost-last-ack", 500));
        assert_eq!(scroll_target(&FULL, &views, 330, 60), Some(200));
    }

    #[test]
    fn sides_sit_where_their_last_arc_ended() {
        let sim = run_until("lost-last-ack", 400);
        let [c, s] = side_views(&sim);
        assert_eq!(c.place, Place::State(State::Established));
        assert_eq!(s.place, Place::State(State::Established));
        assert_eq!(
            s.last,
            Some((
                State::SynReceived,
                State::Established,
                Cause::AckOfSynReceived
            ))
        );

        let sim = run_until("lost-last-ack", 3000);
        let [c, s] = side_views(&sim);
        assert_eq!(c.place, Place::State(State::TimeWait));
        assert_eq!(s.place, Place::ClosedBelow);

        let sim = run_until("lost-last-ack", 0);
        let [c, s] = side_views(&sim);
        assert_eq!(c.place, Place::State(State::SynSent));
        assert_eq!(s.place, Place::State(State::Listen));
    }
}
