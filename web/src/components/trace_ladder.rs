//! A read-only ladder of a finished trace up to a present: the recorded run of a real capture
//! (the core's passive observer's trace) and each side of the RFC-vs-Linux comparison. It draws
//! only what the trace states — each segment from its `send` to its `arrive` (or `drop`), each
//! state change, the observer's notes — one row per instant at which something happened, so a
//! 60 s wait costs one row. A segment on its way at the present is drawn as a capsule with the
//! core's label (`ladder::segment_label`), where the lab's ladder has its capsules.

use std::collections::BTreeMap;

use handshake_core::Instant;
use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::observer_note::ObserverNote;
use handshake_core::sim::{Side, TxId};
use handshake_core::trace::{SegmentInfo, Trace, TraceKind};
use handshake_explain::{format, observe};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::shared::Shared;

const WIDTH: f64 = 640.0;
const X_CLIENT: f64 = 150.0;
const X_SERVER: f64 = 590.0;
const TOP: f64 = 24.0;
const ROW: f64 = 30.0;

fn lane_x(side: Side) -> f64 {
    match side {
        Side::Client => X_CLIENT,
        Side::Server => X_SERVER,
    }
}

/// One segment's flight as the trace tells it.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub seg: SegmentInfo,
    pub sent: Instant,
    /// Where it ended: arrival at the peer (`true`) or a drop on the link (`false`), and when.
    pub end: Option<(Instant, bool)>,
}

/// The trace laid out once: its rows and flights.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub rows: Vec<Instant>,
    pub flights: Vec<Flight>,
}

impl Layout {
    pub fn of(trace: &Trace) -> Layout {
        let mut rows: Vec<Instant> = trace
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    TraceKind::Send { .. }
                        | TraceKind::Arrive { .. }
                        | TraceKind::Drop { .. }
                        | TraceKind::State { .. }
                        | TraceKind::Observe { .. }
                )
            })
            .map(|e| e.t)
            .collect();
        handshake_core::sort::sort_by(&mut rows, Ord::cmp);
        rows.dedup();
        let mut flights = Vec::new();
        let mut index: BTreeMap<TxId, usize> = BTreeMap::new();
        for e in trace.iter() {
            match &e.kind {
                TraceKind::Send { seg, .. } => {
                    index.insert(seg.id, flights.len());
                    flights.push(Flight {
                        seg: *seg,
                        sent: e.t,
                        end: None,
                    });
                }
                TraceKind::Arrive { seg, .. } | TraceKind::Drop { seg, .. } => {
                    let arrived = matches!(e.kind, TraceKind::Arrive { .. });
                    if let Some(&i) = index.get(&seg.id) {
                        flights[i].end.get_or_insert((e.t, arrived));
                    }
                }
                _ => {}
            }
        }
        Layout { rows, flights }
    }

    /// The y of a time: its row, or between two rows in proportion.
    pub fn y(&self, t: Instant) -> f64 {
        let i = self.rows.partition_point(|&r| r < t);
        if i < self.rows.len() && self.rows[i] == t {
            return TOP + i as f64 * ROW;
        }
        if i == 0 {
            return TOP;
        }
        if i == self.rows.len() {
            return TOP + (i - 1) as f64 * ROW;
        }
        let (a, b) = (self.rows[i - 1], self.rows[i]);
        let f = (t.total_micros() - a.total_micros()) as f64
            / (b.total_micros() - a.total_micros()) as f64;
        TOP + ((i - 1) as f64 + f) * ROW
    }

    pub fn height(&self) -> f64 {
        TOP * 2.0 + self.rows.len().saturating_sub(1) as f64 * ROW
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct TraceLadderProps {
    pub trace: Shared<Trace>,
    pub now: Instant,
    pub lang: Lang,
    #[prop_or_default]
    pub selected: Option<TxId>,
    #[prop_or_default]
    pub onselect: Option<Callback<TxId>>,
    /// Names the ladder for assistive technology and tests (`data-name`).
    #[prop_or_default]
    pub name: AttrValue,
}

#[function_component(TraceLadder)]
pub fn trace_ladder(props: &TraceLadderProps) -> Html {
    let layout = use_memo(props.trace.clone(), |t| Layout::of(&t.0));
    let now = props.now;
    let lang = props.lang;
    let height = layout.height();
    let opts = LadderOptions { absolute: false };
    let time_rows = layout.rows.iter().filter(|&&t| t <= now).map(|&t| {
        let y = layout.y(t);
        html! {
            <text class="trace-ladder__time" x="6" y={format!("{:.1}", y + 4.0)}>{ format::instant(t, lang) }</text>
        }
    });
    let flights = layout.flights.iter().filter(|f| f.sent <= now).map(|f| {
        let from = f.seg.from;
        let x0 = lane_x(from);
        let y0 = layout.y(f.sent);
        let (end_t, arrived) = f.end.unwrap_or((now, true));
        let x_end = if arrived {
            lane_x(from.peer())
        } else {
            (X_CLIENT + X_SERVER) / 2.0
        };
        let y_end = layout.y(end_t);
        let done = end_t <= now && f.end.is_some();
        let (x1, y1) = if done {
            (x_end, y_end)
        } else {
            let span = end_t.total_micros().saturating_sub(f.sent.total_micros()) as f64;
            let k = if span > 0.0 {
                (now.total_micros().saturating_sub(f.sent.total_micros()) as f64 / span).min(1.0)
            } else {
                1.0
            };
            (x0 + (x_end - x0) * k, layout.y(now))
        };
        let label = segment_label(&f.seg, opts);
        let id = f.seg.id;
        let selected = props.selected == Some(id);
        let onclick = props.onselect.clone().map(|cb| Callback::from(move |_: MouseEvent| cb.emit(id)));
        let mut class = classes!("trace-ladder__seg", format!("trace-ladder__seg--{}", from.name()));
        if f.seg.retransmission_of.is_some() {
            class.push("trace-ladder__seg--rtx");
        }
        if selected {
            class.push("trace-ladder__seg--selected");
        }
        if !arrived && done {
            class.push("trace-ladder__seg--dropped");
        }
        let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let capsule = (!done).then(|| {
            // Beside the segment's head, on the side it is heading to, clear of the time column.
            let w = 8.0 + 6.2 * label.chars().count().min(60) as f64;
            let cx = match from {
                Side::Client => x1 + 4.0 + w / 2.0,
                Side::Server => x1 - 4.0 - w / 2.0,
            }
            .clamp(X_CLIENT - 40.0 + w / 2.0, WIDTH - w / 2.0);
            html! {
                <g class="trace-ladder__capsule">
                    <rect x={format!("{:.1}", cx - w / 2.0)} y={format!("{:.1}", y1 - 10.0)} width={format!("{w:.1}")} height="18" rx="9" />
                    <text x={format!("{cx:.1}")} y={format!("{:.1}", y1 + 3.0)} text-anchor="middle">{ label.clone() }</text>
                </g>
            }
        });
        html! {
            <g {class} data-id={id.to_string()} data-sent-ms={(f.sent.total_micros() / 1000).to_string()} {onclick}>
                <title>{ label.clone() }</title>
                <line class="trace-ladder__arrow" x1={format!("{x0:.1}")} y1={format!("{y0:.1}")}
                    x2={format!("{x1:.1}")} y2={format!("{y1:.1}")} />
                if done {
                    <text class="trace-ladder__label" x={format!("{mx:.1}")} y={format!("{:.1}", my - 4.0)} text-anchor="middle">{ label }</text>
                }
                { for capsule }
            </g>
        }
    });
    let states = props
        .trace
        .iter()
        .filter(|e| e.t <= now)
        .filter_map(|e| match e.kind {
            TraceKind::State { side, to, .. } => Some((e.t, side, to.name().to_string(), None)),
            // The observer's remarks where the capture is not what the rules lead one to expect,
            // and its retransmissions: a mark beside the lane, worded on hover.
            TraceKind::Observe {
                side: Some(side),
                note,
            } if note.is_inconsistency() || matches!(note, ObserverNote::Retransmission { .. }) => {
                Some((e.t, side, "!".to_string(), Some(observe::note(Some(side), &note, lang))))
            }
            _ => None,
        })
        .map(|(t, side, text, title)| {
            let y = layout.y(t);
            let (x, anchor) = match side {
                Side::Client => (X_CLIENT - 6.0, "end"),
                Side::Server => (X_SERVER - 6.0, "end"),
            };
            let class = if title.is_some() {
                classes!("trace-ladder__note", format!("trace-ladder__note--{}", side.name()))
            } else {
                classes!("trace-ladder__state", format!("trace-ladder__state--{}", side.name()))
            };
            html! {
                <text {class} x={format!("{x:.1}")} y={format!("{:.1}", y + 14.0)} text-anchor={anchor}>
                    if let Some(title) = title {
                        <title>{ title }</title>
                    }
                    { text }
                </text>
            }
        });
    let now_y = layout.y(now);
    html! {
        <div class="trace-ladder" data-name={props.name.clone()}>
            <svg class="trace-ladder__svg" viewBox={format!("0 0 {WIDTH} {height:.0}")} width="100%"
                preserveAspectRatio="xMidYMin meet" role="img" aria-label={props.name.clone()}>
                <line class="trace-ladder__lifeline" x1={X_CLIENT.to_string()} y1="0" x2={X_CLIENT.to_string()} y2={format!("{height:.0}")} />
                <line class="trace-ladder__lifeline" x1={X_SERVER.to_string()} y1="0" x2={X_SERVER.to_string()} y2={format!("{height:.0}")} />
                { for time_rows }
                { for flights }
                { for states }
                <line class="trace-ladder__now" x1="0" x2={WIDTH.to_string()} y1={format!("{now_y:.1}")} y2={format!("{now_y:.1}")} />
            </svg>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::preset_sim;

    #[test]
    fn every_segment_flies_from_its_send_to_its_arrival_or_drop() {
        let mut sim = preset_sim("lost-syn");
        sim.run_to_end();
        let layout = Layout::of(sim.trace());
        let c1 = &layout.flights[0];
        assert_eq!(c1.seg.id.to_string(), "C1");
        assert_eq!(c1.end.map(|e| e.1), Some(false), "the first SYN is dropped");
        assert!(
            layout.flights[1..]
                .iter()
                .all(|f| f.end.is_some_and(|e| e.1))
        );
        // One row per instant, in order, and times between rows in proportion.
        assert!(layout.rows.windows(2).all(|w| w[0] < w[1]));
        let (a, b) = (layout.rows[0], layout.rows[1]);
        let mid = Instant::from_micros((a.total_micros() + b.total_micros()) / 2);
        assert!((layout.y(mid) - (layout.y(a) + layout.y(b)) / 2.0).abs() < 1e-9);
    }
}
