//! The ladder's geometry, read off a simulation: where each segment is at any virtual time, what
//! happened on each lane, and how virtual time maps to vertical pixels.
//!
//! Everything here is a pure function of the simulator's output (its trace and transmissions),
//! built once per revision ([`LadderModel::build`]); the view asks it for positions at `now` on
//! every frame and stores none.
//!
//! **Positions.** A segment's path is a polyline of `(t, x)` vertices, `x` going from 0 at its
//! sender to 1 at its receiver: it moves in a straight line towards its current arrival time,
//! stops while held, and turns where a delay stretched the rest of its flight. This is
//! `Transmission::progress` made continuous: the core's `progress` is moved time over total
//! flight, which jumps backwards when a delay lengthens the flight; here a delay only slows the
//! rest of the way down. For a segment no fault touched the two agree exactly (a test checks).
//!
//! **Time axis.** While any segment moves, one millisecond is [`PX_PER_MS`] pixels, so slopes
//! read as speeds. Time in which nothing moves (waiting for a timer, TIME-WAIT, a held segment)
//! is compressed: its first [`IDLE_LINEAR_MS`] at full scale, the rest logarithmically, so a 10 s
//! TIME-WAIT or a 64 s backoff fits on a screen. The mapping never changes for times already
//! past, so nothing drawn ever moves.
//!
//! **Rows.** The model sends a window's worth of segments at one instant (bulk-data: 200 at
//! 1.0 s), and they arrive at one instant. Drawn at their instant they would be one arrow; as the
//! text ladder does (`handshake_core::ladder`, one line per event), the events of one instant
//! get rows of their own, in trace order, [`ROW_PX`] apart: a second departure from the same
//! side, or a second arrival at it, starts a new row, while a reply sent on an arrival shares its
//! row. A row is drawn as a sliver of time: an event in row `r` of instant `t` is placed at the
//! *drawing time* `t + r·`[`ROW_EPS`] (far less than the microsecond the core counts in), and the
//! axis gives each instant with rows a band of `(rows − 1)·ROW_PX` pixels. No time passes in a
//! band; the present, at an instant, is drawn below all of its rows ([`after`]).

use std::cell::Cell;
use std::collections::BTreeMap;

use handshake_core::config::Rule;
use handshake_core::endpoint::{Cause, TimerAction};
use handshake_core::sim::{FaultSource, Side, Simulator, TxId};
use handshake_core::trace::{SegmentInfo, TraceEvent, TraceKind};
use handshake_core::{CallError, Duration, Instant, State, TimerKind, UserCall};
use handshake_explain::format::RtoChain;

/// Vertical pixels per millisecond of virtual time while something moves: a 100 ms flight is
/// 100 px tall.
pub const PX_PER_MS: f64 = 1.0;
/// Idle time up to this many milliseconds is drawn at full scale…
pub const IDLE_LINEAR_MS: f64 = 60.0;
/// …and each doubling beyond it adds this many pixels.
pub const IDLE_LOG_PX: f64 = 28.0;

/// Pixels between the rows of one instant.
pub const ROW_PX: f64 = 5.0;
/// A row's sliver of drawing time, in ms: [`MAX_ROWS`] of them are still far less than the
/// microsecond the core counts in.
pub const ROW_EPS: f64 = 1e-7;
/// The rows one instant can have; events past the last share it.
pub const MAX_ROWS: u32 = 1000;

/// The drawing time of row `row` of instant `t` (ms).
pub fn at_row(t: f64, row: u32) -> f64 {
    t + f64::from(row.min(MAX_ROWS - 1)) * ROW_EPS
}

/// A drawing time after every row of instant `t`: where the present is drawn when it is `t`.
pub fn after(t: f64) -> f64 {
    t + f64::from(MAX_ROWS) * ROW_EPS
}

/// Milliseconds of an instant, as a float for geometry.
pub fn ms(t: Instant) -> f64 {
    t.total_micros() as f64 / 1000.0
}

/// The instant `t_ms` milliseconds after zero (negative values are zero).
pub fn instant(t_ms: f64) -> Instant {
    if t_ms.is_nan() || t_ms <= 0.0 {
        Instant::ZERO
    } else {
        Instant::from_micros((t_ms * 1000.0).round() as u64)
    }
}

/// The height of an idle stretch of `gap` milliseconds.
pub fn idle_height(gap: f64) -> f64 {
    let gap = gap.max(0.0);
    if gap <= IDLE_LINEAR_MS {
        gap * PX_PER_MS
    } else {
        IDLE_LINEAR_MS * PX_PER_MS
            + IDLE_LOG_PX * (1.0 + (gap - IDLE_LINEAR_MS) / IDLE_LINEAR_MS).log2()
    }
}

/// The inverse of [`idle_height`].
pub fn idle_gap(height: f64) -> f64 {
    let height = height.max(0.0);
    let linear = IDLE_LINEAR_MS * PX_PER_MS;
    if height <= linear {
        height / PX_PER_MS
    } else {
        IDLE_LINEAR_MS + IDLE_LINEAR_MS * (((height - linear) / IDLE_LOG_PX).exp2() - 1.0)
    }
}

/// Virtual time → vertical pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeAxis {
    /// `(t, y, moving)`: from `t` (ms) on, at height `y`, time is moving (full scale) or idle
    /// (compressed). Sorted by `t`; the first is at 0. Heights without the rows' bands.
    marks: Vec<(f64, f64, bool)>,
    /// The instants with rows: `(t, rows − 1, pixels of the bands before it)`, sorted by `t`.
    bands: Vec<(f64, u32, f64)>,
    /// Every height is multiplied by this ("fit the whole run" shrinks it below 1).
    scale: f64,
    /// Pixels per millisecond while something moves: [`PX_PER_MS`] for the lab's runs; a
    /// recording whose flights take microseconds (a capture on loopback) is drawn with more, so
    /// that its arrows slope and its capsules travel ([`TimeAxis::with_rows_at`]).
    px_per_ms: f64,
}

impl Default for TimeAxis {
    fn default() -> TimeAxis {
        TimeAxis::from_intervals(Vec::new())
    }
}

impl TimeAxis {
    /// The axis for these moving intervals and no rows.
    pub fn from_intervals(intervals: Vec<(f64, f64)>) -> TimeAxis {
        TimeAxis::with_rows(intervals, Vec::new())
    }

    /// The axis for these moving intervals (`[start, end]` in drawing time, ms, in any order,
    /// may overlap) and these instants with more than one row (`(t, rows)`, any order).
    pub fn with_rows(intervals: Vec<(f64, f64)>, rows: Vec<(f64, u32)>) -> TimeAxis {
        TimeAxis::with_rows_at(intervals, rows, PX_PER_MS)
    }

    /// [`TimeAxis::with_rows`] with `px_per_ms` pixels per millisecond while something moves
    /// (idle stretches are drawn as always).
    pub fn with_rows_at(
        mut intervals: Vec<(f64, f64)>,
        mut rows: Vec<(f64, u32)>,
        px_per_ms: f64,
    ) -> TimeAxis {
        intervals.retain(|(a, b)| b > a);
        handshake_core::sort::sort_by(&mut intervals, |a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f64, f64)> = Vec::new();
        for (a, b) in intervals {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let mut marks = vec![(0.0, 0.0, false)];
        let (mut t, mut y) = (0.0, 0.0);
        for (a, b) in merged {
            let a = a.max(0.0);
            y += idle_height(a - t);
            marks.push((a, y, true));
            y += (b - a) * px_per_ms;
            marks.push((b, y, false));
            t = b;
        }
        if marks.len() > 1 && marks[1].0 == 0.0 {
            marks.remove(0);
        }
        rows.retain(|&(_, n)| n > 1);
        handshake_core::sort::sort_by(&mut rows, |a, b| a.0.total_cmp(&b.0));
        let mut bands = Vec::with_capacity(rows.len());
        let mut before = 0.0;
        for (t, n) in rows {
            let extra = n.min(MAX_ROWS) - 1;
            bands.push((t, extra, before));
            before += f64::from(extra) * ROW_PX;
        }
        TimeAxis {
            marks,
            bands,
            scale: 1.0,
            px_per_ms,
        }
    }

    /// The same axis with every height multiplied by `k` (> 0).
    pub fn scaled(&self, k: f64) -> TimeAxis {
        TimeAxis {
            scale: self.scale * k,
            ..self.clone()
        }
    }

    /// The rows' pixels at or before drawing time `t`: all of each earlier instant's band, and
    /// as much of the band of the instant `t` falls in as its row.
    fn band_offset(&self, t: f64) -> f64 {
        self.band_offset_at(t, self.bands.partition_point(|b| b.0 <= t))
    }

    /// [`TimeAxis::band_offset`] given `i`, the number of bands at or before `t`.
    fn band_offset_at(&self, t: f64, i: usize) -> f64 {
        let Some(&(t0, extra, before)) = i.checked_sub(1).and_then(|i| self.bands.get(i)) else {
            return 0.0;
        };
        let rows = ((t - t0) / ROW_EPS).round().clamp(0.0, f64::from(extra));
        before + rows * ROW_PX
    }

    /// A reader of heights for times that come near one another (a layout going down the
    /// ladder): each height is found from where the last one was, not by halving the whole
    /// axis. The heights are [`TimeAxis::y_ms`]'s, exactly.
    pub fn cursor(&self) -> AxisCursor<'_> {
        AxisCursor {
            axis: self,
            mark: Cell::new(0),
            band: Cell::new(0),
        }
    }

    /// The height of `t`.
    pub fn y(&self, t: Instant) -> f64 {
        self.y_ms(ms(t))
    }

    /// The height of drawing time `t` milliseconds (an instant's rows: [`at_row`]).
    pub fn y_ms(&self, t: f64) -> f64 {
        (self.base_y(t) + self.band_offset(t)) * self.scale
    }

    /// The height of `t` without the rows' bands, at scale 1.
    fn base_y(&self, t: f64) -> f64 {
        self.base_y_at(t, self.marks.partition_point(|m| m.0 <= t))
    }

    /// [`TimeAxis::base_y`] given `i`, the number of marks at or before `t`.
    fn base_y_at(&self, t: f64, i: usize) -> f64 {
        let (t0, y0, moving) = self.marks[i.saturating_sub(1)];
        let dt = (t - t0).max(0.0);
        if moving {
            y0 + dt * self.px_per_ms
        } else {
            y0 + idle_height(dt)
        }
    }

    /// The time drawn at height `y` (the scrubber's inverse); a height in an instant's rows is
    /// that instant.
    pub fn t_at(&self, y: f64) -> Instant {
        let mut y = y / self.scale;
        // The last band that starts at or above `y`.
        let i = self
            .bands
            .partition_point(|&(t, _, before)| self.base_y(t) + before <= y);
        if let Some(&(t, extra, before)) = i.checked_sub(1).and_then(|i| self.bands.get(i)) {
            let top = self.base_y(t) + before;
            let height = f64::from(extra) * ROW_PX;
            if y <= top + height {
                return instant(t);
            }
            y -= before + height;
        }
        let i = self.marks.partition_point(|m| m.1 <= y).saturating_sub(1);
        let (t0, y0, moving) = self.marks[i];
        let dy = (y - y0).max(0.0);
        let t = if moving {
            t0 + dy / self.px_per_ms
        } else {
            t0 + idle_gap(dy)
        };
        let t = match self.marks.get(i + 1) {
            Some(next) => t.min(next.0),
            None => t,
        };
        instant(t)
    }

    /// Idle stretches longer than `min_ms` that end before `until` ms, as `(start, end)`: the
    /// view marks them as compressed.
    pub fn idle_gaps(&self, min_ms: f64, until: f64) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        for w in self.marks.windows(2) {
            let ((t0, _, moving), (t1, _, _)) = (w[0], w[1]);
            if !moving && t1 - t0 >= min_ms && t1 <= until {
                out.push((t0, t1));
            }
        }
        out
    }
}

/// Heights along a [`TimeAxis`] for times near one another ([`TimeAxis::cursor`]).
pub struct AxisCursor<'a> {
    axis: &'a TimeAxis,
    /// The number of marks, and of bands, at or before the last time asked for.
    mark: Cell<usize>,
    band: Cell<usize>,
}

impl AxisCursor<'_> {
    /// [`TimeAxis::y_ms`] of `t`.
    pub fn y_ms(&self, t: f64) -> f64 {
        let a = self.axis;
        let mark = partition_near(&a.marks, self.mark.get(), |m| m.0 <= t);
        let band = partition_near(&a.bands, self.band.get(), |b| b.0 <= t);
        self.mark.set(mark);
        self.band.set(band);
        (a.base_y_at(t, mark) + a.band_offset_at(t, band)) * a.scale
    }
}

/// `v.partition_point(pred)` (`pred` true then false along `v`), searched outwards from `hint`
/// first: a few steps when the answer is near it, never more than twice a halving's.
fn partition_near<T>(v: &[T], hint: usize, pred: impl Fn(&T) -> bool) -> usize {
    let n = v.len();
    let hint = hint.min(n);
    let (mut lo, mut hi, mut step) = (hint, hint, 1);
    if hint < n && pred(&v[hint]) {
        // The answer is after `hint`: widen to the right until a `false` (or the end).
        lo = hint + 1;
        hi = lo;
        while hi < n && pred(&v[hi]) {
            lo = hi + 1;
            hi = (hi + step).min(n);
            step *= 2;
        }
    } else {
        // At or before `hint`: widen to the left until a `true` (or the start).
        while lo > 0 && !pred(&v[lo - 1]) {
            hi = lo - 1;
            lo = lo.saturating_sub(step);
            step *= 2;
        }
    }
    lo + v[lo..hi].partition_point(pred)
}

/// The band of the ladder worth drawing, in the ladder's pixels (`y` as [`TimeAxis`] gives it,
/// plus the view's offsets): what the stage shows, and about a screen above and below it so that
/// a scroll shows drawn history at once. History wholly outside it is left out of the page and
/// drawn again when the view comes back to it; the band only ever comes from time (the axis) and
/// the scroll position, never from what was drawn before.
///
/// Its edges are multiples of [`BAND_CHUNK`], so a view that moves a little (following the
/// present, a wheel notch) keeps the same band and the history is not drawn again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub top: f64,
    pub bottom: f64,
}

/// The band's edges are multiples of this many pixels.
pub const BAND_CHUNK: f64 = 256.0;

impl Band {
    /// No culling: everything is drawn (a ladder outside a stage, or before the view is known).
    pub const EVERYTHING: Band = Band {
        top: f64::NEG_INFINITY,
        bottom: f64::INFINITY,
    };

    /// The band for a view showing `[top, top + height)`: one `height` more above and below,
    /// widened outwards to multiples of [`BAND_CHUNK`]. A height not known yet (0) counts as one
    /// chunk.
    pub fn around(top: f64, height: f64) -> Band {
        if !top.is_finite() || !height.is_finite() {
            return Band::EVERYTHING;
        }
        let height = height.max(BAND_CHUNK);
        Band {
            top: ((top - height) / BAND_CHUNK).floor() * BAND_CHUNK,
            bottom: ((top + 2.0 * height) / BAND_CHUNK).ceil() * BAND_CHUNK,
        }
    }

    /// Whether anything between `y0` and `y1` (either order) falls in the band.
    pub fn overlaps(&self, y0: f64, y1: f64) -> bool {
        y0.max(y1) >= self.top && y0.min(y1) <= self.bottom
    }

    /// Whether `y` falls in the band.
    pub fn contains(&self, y: f64) -> bool {
        self.overlaps(y, y)
    }
}

/// The stretch of time every arrow covers ([`SegPath::extent`]), arranged so that the arrows a
/// band of the ladder overlaps are found by halving instead of by looking at each (a
/// 100,000-segment session has as many, and every seek or drag step looked at all of them):
/// `reach[i]` is the latest time any of the paths `0..=i` reaches, `from[i]` the earliest time
/// any of the paths `i..` starts; both ascend.
#[derive(Debug, Default, PartialEq)]
pub struct PathSpans {
    reach: Vec<f64>,
    from: Vec<f64>,
}

impl PathSpans {
    pub fn of(paths: &[SegPath]) -> PathSpans {
        let mut reach = Vec::with_capacity(paths.len());
        let mut latest = f64::NEG_INFINITY;
        for p in paths {
            let (first, last) = p.extent();
            latest = latest.max(first.max(last));
            reach.push(latest);
        }
        let mut from = vec![0.0; paths.len()];
        let mut earliest = f64::INFINITY;
        for (i, p) in paths.iter().enumerate().rev() {
            let (first, last) = p.extent();
            earliest = earliest.min(first.min(last));
            from[i] = earliest;
        }
        PathSpans { reach, from }
    }

    /// The paths that may overlap `band` where time `t` is drawn at height `y(t)` (never lower
    /// for a later time, as [`TimeAxis::y_ms`]): every path before the range ends above the
    /// band, and every path after it starts below.
    pub fn candidates(&self, band: Band, y: &dyn Fn(f64) -> f64) -> std::ops::Range<usize> {
        let lo = self.reach.partition_point(|&t| y(t) < band.top);
        let hi = self.from.partition_point(|&t| y(t) <= band.bottom);
        lo..hi.max(lo)
    }
}

/// Where a segment is headed now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Motion {
    /// Moving from `x0` at `t0` to the receiver, arriving at `arrival`.
    Moving { t0: f64, x0: f64, arrival: f64 },
    /// Parked at `x` since `t`.
    Held { t: f64, x: f64 },
    /// Lost at `x` at `t`.
    Dropped { t: f64, x: f64, reason: FaultSource },
    /// Handed to the receiver at `t`.
    Arrived { t: f64 },
}

/// Something that happened to a segment on its way, drawn where it happened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathMark {
    Delayed { t: f64, x: f64, by: Duration },
    Held { t: f64, x: f64 },
    Released { t: f64, x: f64 },
}

/// One transmission's way along the link.
#[derive(Clone, Debug, PartialEq)]
pub struct SegPath {
    pub id: TxId,
    /// The segment as the trace states it (flags, numbers, what it repeats or copies): what its
    /// label, its arrow's shape and its capsule say.
    pub info: SegmentInfo,
    pub from: Side,
    /// Vertices so far, `(t ms, x)`; the first is where it appeared.
    pub points: Vec<(f64, f64)>,
    pub motion: Motion,
    pub marks: Vec<PathMark>,
}

impl SegPath {
    fn new(info: &SegmentInfo, t: f64, x: f64, arrival: f64) -> SegPath {
        SegPath {
            id: info.id,
            info: *info,
            from: info.from,
            points: vec![(t, x)],
            motion: Motion::Moving {
                t0: t,
                x0: x,
                arrival,
            },
            marks: Vec::new(),
        }
    }

    /// When it appeared on the link.
    pub fn start(&self) -> f64 {
        self.points[0].0
    }

    /// The stretch of time its arrow covers, `(first, last)` in ms: from where it appeared to
    /// its end or its last vertex, whichever is later (points are in time order).
    pub fn extent(&self) -> (f64, f64) {
        let first = self.start();
        let last = self.end().0.max(self.points.last().map_or(first, |p| p.0));
        (first, last)
    }

    /// Whether it is still on the link (moving or held).
    pub fn is_active(&self) -> bool {
        matches!(self.motion, Motion::Moving { .. } | Motion::Held { .. })
    }

    /// Where it is at `t` ms (0 = its sender, 1 = its receiver): along its vertices, then
    /// towards its arrival.
    pub fn position(&self, t: f64) -> f64 {
        let pts = &self.points;
        if t <= pts[0].0 {
            return pts[0].1;
        }
        for w in pts.windows(2) {
            let ((t0, x0), (t1, x1)) = (w[0], w[1]);
            if t <= t1 {
                return lerp(t0, x0, t1, x1, t);
            }
        }
        match self.motion {
            Motion::Moving { t0, x0, arrival } => lerp(t0, x0, arrival, 1.0, t),
            Motion::Held { x, .. } | Motion::Dropped { x, .. } => x,
            Motion::Arrived { .. } => 1.0,
        }
    }

    /// The last point of the drawn path: its arrival (expected, while moving), where it was
    /// lost, or where it is parked.
    pub fn end(&self) -> (f64, f64) {
        match self.motion {
            Motion::Moving { arrival, .. } => (arrival, 1.0),
            Motion::Held { t, x } | Motion::Dropped { t, x, .. } => (t, x),
            Motion::Arrived { t } => (t, 1.0),
        }
    }

    /// The vertices with the end appended: what to draw as a polyline.
    pub fn polyline(&self) -> Vec<(f64, f64)> {
        self.vertices().collect()
    }

    /// [`SegPath::polyline`]'s vertices, without copying them.
    pub fn vertices(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        let end = self.end();
        let extra = (self.points.last() != Some(&end)).then_some(end);
        self.points.iter().copied().chain(extra)
    }

    /// The polyline's legs, each `(from, to)`, in order.
    pub fn legs(&self) -> impl Iterator<Item = ((f64, f64), (f64, f64))> + '_ {
        self.vertices().zip(self.vertices().skip(1))
    }

    /// The intervals in which it moves, for the time axis.
    fn moving_intervals(&self, out: &mut Vec<(f64, f64)>) {
        for ((t0, x0), (t1, x1)) in self.legs() {
            if x1 != x0 {
                out.push((t0, t1));
            }
        }
    }

    fn push_point(&mut self, t: f64, x: f64) {
        if self.points.last() != Some(&(t, x)) {
            self.points.push((t, x));
        }
    }
}

fn lerp(t0: f64, x0: f64, t1: f64, x1: f64, t: f64) -> f64 {
    if t1 <= t0 {
        return x1;
    }
    let f = ((t - t0) / (t1 - t0)).clamp(0.0, 1.0);
    x0 + (x1 - x0) * f
}

/// The screen fraction of a path position: 0 is the client's lifeline, 1 the server's.
pub fn screen_x(from: Side, x: f64) -> f64 {
    match from {
        Side::Client => x,
        Side::Server => 1.0 - x,
    }
}

/// A state change, written on its lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StateMark {
    pub side: Side,
    /// Its drawing time (its instant and row).
    pub t: f64,
    pub from: State,
    pub to: State,
    pub cause: Cause,
}

/// A user call, written on its lane (`connect()`), with the RFC error if it was refused.
#[derive(Clone, Debug, PartialEq)]
pub struct CallMark {
    pub side: Side,
    /// Its drawing time (its instant and row).
    pub t: f64,
    pub call: UserCall,
    pub error: Option<CallError>,
}

/// How a timer's run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerEnd {
    Fired,
    Cancelled,
    Restarted,
}

/// One run of a timer: set (or restarted) at `start` for `deadline`.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerSpan {
    pub side: Side,
    pub kind: TimerKind,
    /// The rule its length follows where the profiles differ (TIME-WAIT: 2·MSL or fixed).
    pub rule: Option<Rule>,
    /// When it was set (ms, the instant: its length is `deadline - start`).
    pub start: f64,
    /// Where it was set: the drawing time of its instant and row.
    pub at: f64,
    pub deadline: f64,
    pub backoff: u8,
    /// This run began with a restart (TIME-WAIT's 2·MSL restarted by a re-sent FIN).
    pub restarted: bool,
    /// A retransmission timer's RTOs since the last valid RTT sample, as the trace states them
    /// (`1 s→2 s→4 s`, `…→32 s→60 s` when capped).
    pub rto: Option<RtoChain>,
    /// When (drawing time) and how it ended; `None` while it runs.
    pub end: Option<(f64, TimerEnd)>,
}

/// Which path each transmission is ([`LadderModel::of_events`]): a list per side for the
/// transmissions an endpoint numbered (`C1`, `S2`: nearly all of a long session's, looked up at
/// every event), a map for the rest (injected segments, copies, old duplicates).
#[derive(Default)]
struct PathIndex {
    plain: [Vec<Option<usize>>; 2],
    other: BTreeMap<TxId, usize>,
}

impl PathIndex {
    /// Where `id` goes in the lists, if it is a plain transmission numbered densely enough to
    /// have a place (a count far beyond the lists so far goes to the map instead, so that a
    /// strange number makes no huge list).
    fn slot(&self, id: TxId) -> Option<(usize, usize)> {
        let plain = !id.injected && id.age.is_none() && id.copy == 0;
        let side = match id.side {
            Side::Client => 0,
            Side::Server => 1,
        };
        let n = usize::try_from(id.n).ok()?;
        (plain && n <= 2 * (self.plain[0].len() + self.plain[1].len()) + 1024).then_some((side, n))
    }

    fn insert(&mut self, id: TxId, path: usize) {
        match self.slot(id) {
            Some((side, n)) => {
                let list = &mut self.plain[side];
                if list.len() <= n {
                    list.resize(n + 1, None);
                }
                list[n] = Some(path);
            }
            None => {
                self.other.insert(id, path);
            }
        }
    }

    fn get(&self, id: TxId) -> Option<usize> {
        // The lists only grow, so an id the map took before they had room for it is still
        // looked for there; one in a list was put there last.
        self.slot(id)
            .and_then(|(side, n)| self.plain[side].get(n).copied().flatten())
            .or_else(|| self.other.get(&id).copied())
    }
}

/// Everything the ladder draws about a simulation so far. Its times are drawing times (an
/// instant and its row, see the module documentation) except `instants`, `TimerSpan::start` and
/// `TimerSpan::deadline`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LadderModel {
    /// One per transmission, in the order they appeared: each is drawn as its own arrow.
    pub paths: Vec<SegPath>,
    pub states: Vec<StateMark>,
    pub calls: Vec<CallMark>,
    pub timers: Vec<TimerSpan>,
    /// The distinct instants at which something happened, ascending (ms).
    pub instants: Vec<f64>,
    /// `(instant, rows)` of the instants drawn with more than one row (ms).
    pub rows: Vec<(f64, u32)>,
}

impl LadderModel {
    /// The model of a live simulation, as far as it has run.
    pub fn build(sim: &Simulator) -> LadderModel {
        LadderModel::of_events(&sim.trace().events, &|id| {
            sim.transmission(id).map(|tx| tx.arrival)
        })
    }

    /// The model of a trace's events (a simulation's, or a capture as the observer read it, up
    /// to its present). `arrival` tells when an old duplicate that came out of the link arrives
    /// (the trace says it only when it does).
    pub fn of_events(
        events: &[TraceEvent],
        arrival: &dyn Fn(TxId) -> Option<Instant>,
    ) -> LadderModel {
        let mut m = LadderModel::default();
        let mut by_id = PathIndex::default();
        let mut open: BTreeMap<(Side, TimerKind), usize> = BTreeMap::new();
        let mut rows = Rows::default();
        // Segments sent towards the same arrival instant, per sender: each expects the next row
        // there (the receiver takes them in the order they were sent).
        let mut arriving: BTreeMap<(Side, u64), u32> = BTreeMap::new();
        // Retransmission timers set, `(index in m.timers, index of the event)`.
        let mut retransmission = Vec::new();
        for (k, e) in events.iter().enumerate() {
            let real = ms(e.t);
            if m.instants.last() != Some(&real) {
                m.instants.push(real);
            }
            let t = rows.place(real, &e.kind);
            match &e.kind {
                // A hand-made segment leaves its "sender" like a sent one (issue 13).
                TraceKind::Send { seg, arrival, .. } | TraceKind::Inject { seg, arrival } => {
                    by_id.insert(seg.id, m.paths.len());
                    let arrival = ms(*arrival);
                    let row = arriving.entry((seg.from, arrival.to_bits())).or_insert(0);
                    m.paths
                        .push(SegPath::new(seg, t, 0.0, at_row(arrival, *row)));
                    *row += 1;
                }
                TraceKind::Duplicate { seg, arrival, .. } => {
                    let x = seg
                        .duplicate_of
                        .and_then(|orig| by_id.get(orig))
                        .map_or(0.0, |i| m.paths[i].position(t));
                    by_id.insert(seg.id, m.paths.len());
                    m.paths.push(SegPath::new(seg, t, x, ms(*arrival)));
                }
                // An old duplicate comes out of the middle of the link, where it wandered; its
                // `arrive` (or `drop`) follows at once or one half-latency later.
                TraceKind::OldDuplicate { seg, .. } => {
                    let arrival = events[k..]
                        .iter()
                        .find_map(|e| match &e.kind {
                            TraceKind::Arrive { seg: s, .. } | TraceKind::Drop { seg: s, .. }
                                if s.id == seg.id =>
                            {
                                Some(e.t)
                            }
                            _ => None,
                        })
                        .or_else(|| arrival(seg.id))
                        .map_or(t, ms);
                    by_id.insert(seg.id, m.paths.len());
                    m.paths.push(SegPath::new(seg, t, 0.5, arrival));
                }
                TraceKind::Delay {
                    seg, by, arrival, ..
                } => {
                    if let Some(p) = by_id.get(seg.id).map(|i| &mut m.paths[i]) {
                        let x = p.position(t);
                        p.marks.push(PathMark::Delayed { t, x, by: *by });
                        if let Motion::Moving { .. } = p.motion {
                            p.push_point(t, x);
                            p.motion = Motion::Moving {
                                t0: t,
                                x0: x,
                                arrival: ms(*arrival),
                            };
                        }
                    }
                }
                TraceKind::Hold { seg, .. } => {
                    if let Some(p) = by_id.get(seg.id).map(|i| &mut m.paths[i]) {
                        let x = p.position(t);
                        p.push_point(t, x);
                        p.marks.push(PathMark::Held { t, x });
                        p.motion = Motion::Held { t, x };
                    }
                }
                TraceKind::Release { seg, arrival } => {
                    if let Some(p) = by_id.get(seg.id).map(|i| &mut m.paths[i]) {
                        let x = p.position(t);
                        p.push_point(t, x);
                        p.marks.push(PathMark::Released { t, x });
                        p.motion = Motion::Moving {
                            t0: t,
                            x0: x,
                            arrival: ms(*arrival),
                        };
                    }
                }
                TraceKind::Drop { seg, reason } => {
                    if let Some(p) = by_id.get(seg.id).map(|i| &mut m.paths[i]) {
                        let x = p.position(t);
                        p.push_point(t, x);
                        p.motion = Motion::Dropped {
                            t,
                            x,
                            reason: *reason,
                        };
                    }
                }
                TraceKind::Arrive { seg, .. } => {
                    if let Some(p) = by_id.get(seg.id).map(|i| &mut m.paths[i]) {
                        p.push_point(t, 1.0);
                        p.motion = Motion::Arrived { t };
                    }
                }
                TraceKind::State {
                    side,
                    from,
                    to,
                    cause,
                    ..
                } => m.states.push(StateMark {
                    side: *side,
                    t,
                    from: *from,
                    to: *to,
                    cause: *cause,
                }),
                TraceKind::Call {
                    side, call, error, ..
                } => m.calls.push(CallMark {
                    side: *side,
                    t,
                    call: call.clone(),
                    error: *error,
                }),
                TraceKind::Timer {
                    side,
                    kind,
                    action,
                    deadline,
                    backoff,
                    rule,
                    ..
                } => {
                    let key = (*side, *kind);
                    let end = match action {
                        TimerAction::Set | TimerAction::Restart => TimerEnd::Restarted,
                        TimerAction::Cancel => TimerEnd::Cancelled,
                        TimerAction::Fire => TimerEnd::Fired,
                    };
                    if let Some(i) = open.remove(&key) {
                        m.timers[i].end = Some((t, end));
                    }
                    if matches!(action, TimerAction::Set | TimerAction::Restart) {
                        if *kind == TimerKind::Retransmission {
                            retransmission.push((m.timers.len(), k));
                        }
                        open.insert(key, m.timers.len());
                        m.timers.push(TimerSpan {
                            side: *side,
                            kind: *kind,
                            rule: *rule,
                            start: real,
                            at: t,
                            deadline: ms(*deadline),
                            backoff: *backoff,
                            restarted: *action == TimerAction::Restart,
                            // Below, once the instant's last timer is known.
                            rto: None,
                            end: None,
                        });
                    }
                }
                _ => {}
            }
        }
        // Segments on their way are expected in their rows at their arrival: the axis has room
        // for those rows before they happen, so the arrows stay parallel.
        for p in &m.paths {
            if let Motion::Moving { arrival, .. } = p.motion {
                let real = ms(instant(arrival));
                rows.expect(real, ((arrival - real) / ROW_EPS).round() as u32 + 1);
            }
        }
        // Each retransmission timer's backoff chain: that of its side's last timer set at its
        // instant (`RtoChain::of_timer`), found once for each side and instant (a burst restarts
        // the timer at every ACK of one instant).
        let mut last: Option<(Side, Instant, Option<RtoChain>)> = None;
        for &(i, k) in retransmission.iter().rev() {
            let (side, at) = (m.timers[i].side, events[k].t);
            let chain = match &last {
                Some((s, t, chain)) if *s == side && *t == at => chain.clone(),
                _ => {
                    let chain = RtoChain::of_timer_at(events, k, 4);
                    last = Some((side, at, chain.clone()));
                    chain
                }
            };
            m.timers[i].rto = chain;
        }
        m.rows = rows.finish();
        m
    }

    /// The axis this model is drawn on when it is a whole run (a horizon): its moving stretches
    /// at full scale and its rows. Made on demand: a present's model is drawn on its horizon's.
    pub fn axis(&self) -> TimeAxis {
        TimeAxis::with_rows(self.moving(), self.rows.clone())
    }

    /// The intervals in which some segment moves (`[start, end]` ms): two runs' together make
    /// the one axis they are compared on (with their [`LadderModel::rows`]).
    pub fn moving(&self) -> Vec<(f64, f64)> {
        let mut intervals = Vec::new();
        for p in &self.paths {
            p.moving_intervals(&mut intervals);
        }
        intervals
    }

    /// The paths still on the link.
    pub fn active(&self) -> impl Iterator<Item = &SegPath> + '_ {
        self.paths.iter().filter(|p| p.is_active())
    }
}

/// The rows of the trace's instants (see the module documentation): which row each event is
/// drawn in, and how many rows each instant has.
#[derive(Debug, Default)]
struct Rows {
    /// The instant being placed (ms), its current row, and what that row holds: a departure
    /// from and an arrival at each side (by `Side::index`).
    instant: Option<f64>,
    row: u32,
    sent: [bool; 2],
    arrived: [bool; 2],
    /// `(instant, rows)` of the instants with more than one row.
    done: Vec<(f64, u32)>,
    /// `(instant, rows)` expected at instants still to come.
    expected: Vec<(f64, u32)>,
}

impl Rows {
    /// The drawing time of an event at `t` (ms) of this kind.
    fn place(&mut self, t: f64, kind: &TraceKind) -> f64 {
        if self.instant != Some(t) {
            self.close();
            self.instant = Some(t);
        }
        match kind {
            // A second departure from a side starts a row.
            TraceKind::Send { seg, .. } => {
                let side = seg.from.index();
                if self.sent[side] {
                    self.next_row();
                }
                self.sent[side] = true;
            }
            // A second arrival at a side, or one after its reply went, starts a row.
            TraceKind::Arrive { seg, .. } => {
                let side = seg.from.peer().index();
                if self.arrived[side] || self.sent[side] {
                    self.next_row();
                }
                self.arrived[side] = true;
            }
            _ => {}
        }
        at_row(t, self.row)
    }

    fn next_row(&mut self) {
        self.row += 1;
        self.sent = [false; 2];
        self.arrived = [false; 2];
    }

    fn close(&mut self) {
        if let (Some(t), true) = (self.instant, self.row > 0) {
            self.done.push((t, (self.row + 1).min(MAX_ROWS)));
        }
        self.row = 0;
        self.sent = [false; 2];
        self.arrived = [false; 2];
    }

    /// At least `rows` rows at instant `t`, which has not happened yet.
    fn expect(&mut self, t: f64, rows: u32) {
        if rows > 1 {
            self.expected.push((t, rows.min(MAX_ROWS)));
        }
    }

    /// The rows of every instant: as placed, or as expected if more.
    fn finish(mut self) -> Vec<(f64, u32)> {
        self.close();
        let mut all: BTreeMap<u64, (f64, u32)> = BTreeMap::new();
        for (t, n) in self.done.into_iter().chain(self.expected) {
            let e = all.entry(t.to_bits()).or_insert((t, n));
            e.1 = e.1.max(n);
        }
        all.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::preset_sim as sim;
    use handshake_core::presets;
    use handshake_core::sim::{Action, Fault, TxStatus};

    /// Each retransmission timer's backoff chain is the one the trace states for its side and
    /// instant (`RtoChain::of_timer`), in every preset and at every one of its instants; other
    /// timers have none.
    #[test]
    fn each_retransmission_timer_has_the_chain_the_trace_states() {
        let mut chains = 0;
        for p in presets::PRESETS {
            let mut end = sim(p.slug);
            end.run_to_end();
            let model = LadderModel::build(&end);
            for span in &model.timers {
                let expected = (span.kind == TimerKind::Retransmission)
                    .then(|| RtoChain::of_timer(end.trace(), span.side, instant(span.start), 4))
                    .flatten();
                chains += usize::from(expected.is_some());
                assert_eq!(span.rto, expected, "{} at {} ms", p.slug, span.start);
            }
        }
        assert!(chains > 50, "{chains}");
    }

    /// The path index finds every transmission where it was put: numbered ones in the lists,
    /// the rest and far-off numbers in the map, and a far-off number the lists have grown to
    /// reach since still in the map.
    #[test]
    fn the_path_index_finds_each_transmission_where_it_was_put() {
        let mut index = PathIndex::default();
        let far = TxId::new(Side::Server, 5000);
        index.insert(far, 0);
        let copy = TxId {
            copy: 1,
            ..TxId::new(Side::Client, 1)
        };
        index.insert(copy, 1);
        for n in 1..=3000 {
            index.insert(TxId::new(Side::Client, n), 1 + n as usize);
        }
        // The lists now reach 5000: the far number is still found in the map.
        assert_eq!(index.get(far), Some(0));
        assert_eq!(index.get(copy), Some(1));
        assert_eq!(index.get(TxId::new(Side::Client, 1)), Some(2));
        assert_eq!(index.get(TxId::new(Side::Client, 3000)), Some(3001));
        assert_eq!(index.get(TxId::new(Side::Server, 1)), None);
        assert_eq!(index.get(TxId::injected(Side::Client, 1)), None);
        // Put again: the later place wins, wherever the first one was.
        index.insert(far, 7);
        assert_eq!(index.get(far), Some(7));
    }

    /// Searching from a hint finds what halving the whole list finds, for every hint, in lists
    /// of every length and split (it fails if a widening step skips or stops one short).
    #[test]
    fn a_partition_searched_from_a_hint_is_the_partition() {
        for n in 0..40usize {
            let v: Vec<usize> = (0..n).collect();
            for split in 0..=n {
                for hint in 0..=n + 2 {
                    let pred = |x: &usize| *x < split;
                    assert_eq!(partition_near(&v, hint, pred), split, "n {n}, hint {hint}");
                }
            }
        }
    }

    /// The cursor's heights are the axis's, exactly, whatever order the times come in: down the
    /// ladder, up it, and jumping about, for every preset's drawing times and the moments
    /// between them.
    #[test]
    fn heights_read_with_a_cursor_are_the_axis_heights() {
        for preset in presets::PRESETS {
            let mut end = sim(preset.slug);
            end.run_to_end();
            let model = LadderModel::build(&end);
            let mut ts: Vec<f64> = model
                .paths
                .iter()
                .flat_map(|p| p.vertices().map(|v| v.0))
                .chain(model.states.iter().map(|s| s.t))
                .chain(model.instants.iter().map(|&t| after(t)))
                .collect();
            ts.extend(ts.clone().iter().map(|t| t + 0.37));
            ts.push(-1.0);
            ts.sort_by(f64::total_cmp);
            let mut shuffled = ts.clone();
            let mut x = 0x9e37_79b9_u64;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let axis = model.axis();
            let down = axis.cursor();
            let up = axis.cursor();
            let about = axis.scaled(0.5);
            let about_cursor = about.cursor();
            for (i, &t) in ts.iter().enumerate() {
                assert_eq!(down.y_ms(t), axis.y_ms(t), "{} down at {t}", preset.slug);
                let back = ts[ts.len() - 1 - i];
                assert_eq!(
                    up.y_ms(back),
                    axis.y_ms(back),
                    "{} up at {back}",
                    preset.slug
                );
                let t = shuffled[i];
                assert_eq!(
                    about_cursor.y_ms(t),
                    about.y_ms(t),
                    "{} at {t}",
                    preset.slug
                );
            }
        }
    }

    /// The arrows a band overlaps, found by halving ([`PathSpans`]), are exactly those the whole
    /// list gives, for every preset at several moments, on the axis of its whole run (as the
    /// lab draws it: the horizon's), for bands all down the ladder. Also checks that heights
    /// never fall as time goes on, which the halving needs.
    #[test]
    fn the_arrows_in_a_band_are_found_by_halving_as_by_looking_at_each() {
        let mut checked = 0;
        for preset in presets::PRESETS {
            let mut end = sim(preset.slug);
            end.run_until(Instant::from_millis(120_000));
            let axis = LadderModel::build(&end).axis();
            let last = ms(end.now());
            let mut y_before = f64::NEG_INFINITY;
            for k in 0..=2_000 {
                let y = axis.y_ms(last * f64::from(k) / 2_000.0);
                assert!(
                    y >= y_before,
                    "{}: the height falls at step {k}",
                    preset.slug
                );
                y_before = y;
            }
            let height = axis.y_ms(last) + 100.0;
            for k in 1..=4u32 {
                let mut s = sim(preset.slug);
                s.run_until(Instant::from_micros(
                    (end.now().total_micros() * u64::from(k)) / 4,
                ));
                let model = LadderModel::build(&s);
                let spans = PathSpans::of(&model.paths);
                let y = |t: f64| axis.y_ms(t);
                let mut bands = vec![Band::EVERYTHING];
                let mut top = -300.0;
                while top < height {
                    bands.push(Band {
                        top,
                        bottom: top + 137.0,
                    });
                    bands.push(Band::around(top, 400.0));
                    top += 41.0;
                }
                // Bands that end where an arrow starts, or start where one ends.
                for p in model.paths.iter().take(300) {
                    let (first, last) = p.extent();
                    bands.push(Band {
                        top: y(first) - 50.0,
                        bottom: y(first),
                    });
                    bands.push(Band {
                        top: y(last),
                        bottom: y(last) + 50.0,
                    });
                }
                for band in bands {
                    let overlaps = |p: &SegPath| {
                        let (first, last) = p.extent();
                        band.overlaps(y(first), y(last))
                    };
                    let all: Vec<usize> = (0..model.paths.len())
                        .filter(|&i| overlaps(&model.paths[i]))
                        .collect();
                    let near = spans.candidates(band, &y);
                    let halved: Vec<usize> = near.filter(|&i| overlaps(&model.paths[i])).collect();
                    assert_eq!(halved, all, "{} at {k}/4, band {band:?}", preset.slug);
                    checked += usize::from(!all.is_empty());
                }
            }
        }
        assert!(checked > 1_000, "only {checked} bands had arrows");
    }

    #[test]
    fn idle_height_and_gap_are_inverses_and_monotone() {
        let mut last = -1.0;
        for gap in [
            0.0, 1.0, 30.0, 60.0, 61.0, 500.0, 950.0, 10_000.0, 183_000.0,
        ] {
            let h = idle_height(gap);
            assert!(h > last, "not increasing at {gap}");
            last = h;
            assert!((idle_gap(h) - gap).abs() < 1e-6 * gap.max(1.0), "{gap}");
        }
        // A 10 s TIME-WAIT takes less room than three 100 ms flights.
        assert!(idle_height(10_000.0) < 300.0);
    }

    #[test]
    fn axis_is_full_scale_while_moving_and_compressed_while_idle() {
        let axis = TimeAxis::from_intervals(vec![(0.0, 100.0), (50.0, 200.0), (1000.0, 1100.0)]);
        assert_eq!(axis.y_ms(0.0), 0.0);
        assert_eq!(axis.y_ms(200.0), 200.0 * PX_PER_MS);
        let idle = idle_height(800.0);
        assert!((axis.y_ms(1000.0) - (200.0 + idle)).abs() < 1e-9);
        assert!((axis.y_ms(1100.0) - (300.0 + idle)).abs() < 1e-9);
        for t in [0.0, 10.0, 200.0, 350.0, 999.0, 1050.0, 5000.0] {
            let back = ms(axis.t_at(axis.y_ms(t)));
            assert!((back - t).abs() < 0.01, "{t} came back as {back}");
        }
    }

    #[test]
    fn untouched_segments_move_in_a_straight_line_from_send_to_arrival() {
        let mut s = sim("handshake-data-close");
        for step in 0..400 {
            let t = Instant::from_micros(step * 7_300);
            s.run_until(t);
            let model = LadderModel::build(&s);
            for p in model.active() {
                let tx = s.transmission(p.id).unwrap();
                assert_eq!(tx.id, p.id);
                if tx.delay_added == Duration::ZERO && matches!(tx.status, TxStatus::InFlight) {
                    let straight =
                        (ms(s.now()) - ms(tx.sent_at)) / (ms(tx.arrival) - ms(tx.sent_at));
                    let ours = p.position(ms(s.now()));
                    // (A later row of an instant starts a tenth of a nanosecond later.)
                    assert!(
                        (straight - ours).abs() < 1e-6,
                        "{} at {}: {straight} vs {ours}",
                        p.id,
                        s.now()
                    );
                }
            }
        }
    }

    #[test]
    fn lost_syn_ends_in_a_drop_mid_way_and_is_retransmitted_after_one_second() {
        let mut s = sim("lost-syn");
        s.run_to_end();
        let m = LadderModel::build(&s);
        let c1 = &m.paths[0];
        assert_eq!(c1.id.to_string(), "C1");
        let Motion::Dropped { t, x, reason } = c1.motion else {
            panic!("{:?}", c1.motion)
        };
        assert_eq!((t, x, reason), (50.0, 0.5, FaultSource::Rule));
        let c2 = m.paths.iter().find(|p| p.id.to_string() == "C2").unwrap();
        assert_eq!(c2.start(), 1000.0);
        assert_eq!(c2.motion, Motion::Arrived { t: 1100.0 });
        // The wait for the timer is compressed: less room than its 950 ms at full scale.
        let wait = m.axis().y_ms(1000.0) - m.axis().y_ms(50.0);
        assert!(wait < 950.0 * PX_PER_MS / 2.0, "{wait}");
    }

    #[test]
    fn hold_release_and_delay_bend_the_path_without_jumps() {
        let mut s = sim("handshake");
        s.run_until(Instant::from_millis(20));
        let c1: TxId = "C1".parse().unwrap();
        s.apply(Action::Fault {
            target: c1,
            fault: Fault::Hold,
        })
        .unwrap();
        s.run_until(Instant::from_millis(520));
        s.apply(Action::Release { target: c1 }).unwrap();
        s.apply(Action::Fault {
            target: c1,
            fault: Fault::Delay(Duration::from_millis(500)),
        })
        .unwrap();
        let m = LadderModel::build(&s);
        let p = &m.paths[0];
        assert!((p.position(20.0) - 0.2).abs() < 1e-9);
        assert!((p.position(300.0) - 0.2).abs() < 1e-9, "parked while held");
        assert!((p.position(520.0) - 0.2).abs() < 1e-9);
        // 80 ms of flight left plus 500 ms of delay: arrives at 1100, continuously.
        assert_eq!(p.end(), (1100.0, 1.0));
        assert!((p.position(810.0) - 0.6).abs() < 1e-9);
        assert_eq!(p.marks.len(), 3);
        s.run_to_end();
        let m = LadderModel::build(&s);
        assert_eq!(m.paths[0].motion, Motion::Arrived { t: 1100.0 });
    }

    #[test]
    fn a_duplicate_starts_where_its_original_is() {
        let mut s = sim("handshake");
        s.run_until(Instant::from_millis(40));
        s.apply(Action::Fault {
            target: "C1".parse().unwrap(),
            fault: Fault::Duplicate,
        })
        .unwrap();
        let m = LadderModel::build(&s);
        let copy = m.paths.iter().find(|p| p.id.copy == 1).unwrap();
        assert_eq!(copy.points[0], (40.0, 0.4));
        // It arrives half a one-way latency after the original (the core's rule).
        assert_eq!(copy.end(), (150.0, 1.0));
    }

    #[test]
    fn bulk_data_draws_each_segment_of_the_burst_in_a_row_of_its_own() {
        let mut s = sim("bulk-data");
        s.run_until(Instant::from_millis(1200));
        let m = LadderModel::build(&s);
        assert_eq!(m.active().count(), 200);
        // The 200 segments sent at 1.0 s leave 5 px apart, in the order they were sent, and
        // travel in parallel: each is expected in its own row at 1.4 s.
        let burst: Vec<&SegPath> = m.active().collect();
        let ys: Vec<(f64, f64)> = burst
            .iter()
            .map(|p| (m.axis().y_ms(p.start()), m.axis().y_ms(p.end().0)))
            .collect();
        for w in ys.windows(2) {
            assert!((w[1].0 - w[0].0 - ROW_PX).abs() < 1e-6, "{w:?}");
            assert!((w[1].1 - w[0].1 - ROW_PX).abs() < 1e-6, "{w:?}");
        }
        assert!(burst.iter().all(|p| ms(instant(p.start())) == 1000.0));
        // No time passes in the rows: the present at 1.0 s is drawn below all of them, and the
        // flight takes its 400 px below that.
        let top = m.axis().y_ms(1000.0);
        assert!((m.axis().y_ms(after(1000.0)) - (top + 199.0 * ROW_PX)).abs() < 1e-3);
        assert!((ys[0].1 - ys[0].0 - (199.0 * ROW_PX + 400.0 * PX_PER_MS)).abs() < 1e-6);
        assert_eq!(
            m.axis().t_at(top + 50.0 * ROW_PX),
            Instant::from_millis(1000)
        );
        // At 1.4 s each arrival and the ACK it sends share a row; at 1.8 s the ACKs arrive in
        // rows of their own.
        s.run_until(Instant::from_millis(1900));
        let m = LadderModel::build(&s);
        let row_of = |t: f64, base: f64| ((t - base) / ROW_EPS).round() as u32;
        let c3 = m.paths.iter().find(|p| p.id.to_string() == "C3").unwrap();
        let c4 = m.paths.iter().find(|p| p.id.to_string() == "C4").unwrap();
        let s2 = m.paths.iter().find(|p| p.id.to_string() == "S2").unwrap();
        let s3 = m.paths.iter().find(|p| p.id.to_string() == "S3").unwrap();
        assert_eq!(row_of(c3.end().0, 1400.0), 0);
        assert_eq!(row_of(s2.start(), 1400.0), 0);
        assert_eq!(row_of(c4.end().0, 1400.0), 1);
        assert_eq!(row_of(s3.start(), 1400.0), 1);
        assert_eq!(row_of(s3.end().0, 1800.0), 1);
        // Every path drawn, none folded into another.
        assert_eq!(
            m.paths.len(),
            s.transmissions().len(),
            "one arrow per transmission"
        );
    }

    #[test]
    fn an_instant_with_one_row_is_drawn_where_it_was() {
        // The handshake: each arrival and its answer share a row, so nothing moves.
        let mut s = sim("handshake");
        s.run_to_end();
        let m = LadderModel::build(&s);
        for p in &m.paths {
            assert_eq!(p.start(), ms(instant(p.start())), "{}", p.id);
            assert_eq!(p.end().0, ms(instant(p.end().0)), "{}", p.id);
        }
        assert_eq!(
            m.axis(),
            TimeAxis::from_intervals({
                let mut v = Vec::new();
                for p in &m.paths {
                    p.moving_intervals(&mut v);
                }
                v
            })
        );
    }

    #[test]
    fn a_band_holds_the_view_and_a_screen_each_side_on_chunk_edges() {
        let b = Band::around(1000.0, 500.0);
        assert_eq!(
            b,
            Band {
                top: 256.0,
                bottom: 2048.0
            }
        );
        // What the view shows, and a screen above and below, is in the band.
        for y in [500.0, 1000.0, 1499.0, 1999.0] {
            assert!(b.contains(y), "{y}");
        }
        assert!(!b.contains(255.0) && !b.contains(2049.0));
        // A span that crosses the band counts, wherever its ends are.
        assert!(b.overlaps(0.0, 5000.0) && b.overlaps(3000.0, 2000.0));
        assert!(!b.overlaps(0.0, 200.0) && !b.overlaps(2100.0, 9000.0));
        // Small moves keep the band (nothing is drawn again); one past a chunk edge changes it.
        assert_eq!(Band::around(1000.0 + 11.0, 500.0), b);
        assert_eq!(Band::around(1000.0 - 11.0, 500.0), b);
        assert_ne!(Band::around(1000.0 + 60.0, 500.0), b);
        // Not laid out yet (no height): a chunk each side; no position at all: everything.
        assert!(Band::around(0.0, 0.0).contains(2.0 * BAND_CHUNK));
        assert_eq!(Band::around(f64::NAN, 500.0), Band::EVERYTHING);
        assert!(Band::EVERYTHING.contains(1e12) && Band::EVERYTHING.contains(-1e12));
    }

    #[test]
    fn every_view_band_covers_the_view_wherever_it_scrolls() {
        for height in [0.0, 120.0, 500.0, 2000.0] {
            let mut top = 0.0;
            while top < 50_000.0 {
                let b = Band::around(top, height);
                assert!(
                    b.top <= top - height.max(BAND_CHUNK) + 1e-9,
                    "{top} {height}"
                );
                assert!(
                    b.bottom >= top + 2.0 * height.max(BAND_CHUNK) - 1e-9,
                    "{top} {height}"
                );
                assert!(b.bottom - b.top <= 3.0 * height.max(BAND_CHUNK) + 2.0 * BAND_CHUNK);
                assert_eq!(b.top % BAND_CHUNK, 0.0);
                top += 37.5;
            }
        }
    }

    #[test]
    fn lost_last_ack_restarts_time_wait() {
        let mut s = sim("lost-last-ack");
        s.run_to_end();
        let m = LadderModel::build(&s);
        let tw: Vec<&TimerSpan> = m
            .timers
            .iter()
            .filter(|t| t.kind == TimerKind::TimeWait)
            .collect();
        assert_eq!(tw.len(), 2);
        assert_eq!(tw[0].end, Some((2600.0, TimerEnd::Restarted)));
        assert!(tw[1].restarted);
        assert_eq!((tw[1].start, tw[1].deadline), (2600.0, 12_600.0));
        assert_eq!(tw[1].end, Some((12_600.0, TimerEnd::Fired)));
        let backoffs: Vec<u8> = m
            .timers
            .iter()
            .filter(|t| t.side == Side::Server && t.kind == TimerKind::Retransmission)
            .map(|t| t.backoff)
            .collect();
        assert!(backoffs.contains(&1), "{backoffs:?}");
    }
}
