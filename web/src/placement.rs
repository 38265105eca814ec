//! Where the ladder's words go so that none covers another (issue 10: "labels never overlap a
//! state tag or another label").
//!
//! The ladder's history is laid out once per change (`components/ladder.rs`, `MarksLayout`),
//! not measured in the page: measuring hundreds of labels after every event would lay the page
//! out again and again. So the boxes are computed here from what the stylesheet does — the
//! sizes of a few probe elements, measured by the stage when the window changes size
//! ([`Metrics`]) — and the text of each label. Monospace text is exact (the probe gives the
//! font's advance); other text is estimated generously ([`text_width`]), so an estimate is wider
//! than the text, never narrower. Boxes are taken in order of importance (state tags, faults,
//! timers, the selected segment's label, the other labels in time order, compressed waits);
//! each word tries its places in turn and takes the first that is free ([`Taken`]), or is left
//! out (its segment's fields are a click away).

/// A word's font as drawn: its size, the advance of one monospace character (for monospace
/// text), its box's height and the horizontal room its padding and border take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextBox {
    pub px: f64,
    pub mono: f64,
    pub height: f64,
    pub pad: f64,
}

impl TextBox {
    const fn guess(px: f64, height: f64, pad: f64) -> TextBox {
        TextBox {
            px,
            mono: px * 0.61,
            height,
            pad,
        }
    }
}

/// What the stylesheet makes of the ladder's words at the current window size (measured from
/// probe elements by the stage; [`Metrics::default`] is a 1280×720 projector's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// Pixels between the two lifelines.
    pub wire: f64,
    /// The root font size (rem), for the offsets the stylesheet gives in rem.
    pub rem: f64,
    /// Pixels beside a lifeline outside the wire (half a lane card).
    pub outer: f64,
    /// Segment labels (`height`: a full one's, numbers included).
    pub label: TextBox,
    /// A short label's height (no numbers).
    pub label_short_height: f64,
    /// A label's numbers go on a second line (a phone), where the window and MSS are left out.
    pub label_two_lines: bool,
    /// Lane marks (states and calls).
    pub mark: TextBox,
    /// Timer labels, fault marks and the losses' words.
    pub small: TextBox,
    /// Compressed waits.
    pub gap: TextBox,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics {
            wire: 560.0,
            rem: 19.7,
            outer: 123.0,
            label: TextBox::guess(16.2, 24.0, 14.0),
            label_short_height: 24.0,
            label_two_lines: false,
            mark: TextBox::guess(14.2, 24.0, 20.0),
            small: TextBox::guess(14.2, 20.0, 12.0),
            gap: TextBox::guess(13.4, 22.0, 13.0),
        }
    }
}

/// A box in the ladder's pixels: x from the client's lifeline, y from the ladder's top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// The same box grown by `m` pixels on every side.
    pub fn grown(self, m: f64) -> Rect {
        Rect {
            x0: self.x0 - m,
            x1: self.x1 + m,
            y0: self.y0 - m,
            y1: self.y1 + m,
        }
    }
}

/// The width of `text` in a font of `px` pixels: monospace characters at `mono` pixels each
/// when `mono` is given; otherwise an estimate no narrower than common sans-serif fonts draw it
/// (capitals and lower case alike as wide as the widest of them, Hangul and symbols a full em).
pub fn text_width(text: &str, px: f64, mono: Option<f64>) -> f64 {
    text.chars()
        .map(|c| match (c.is_ascii(), mono) {
            (true, Some(advance)) => advance,
            (true, None) if c.is_ascii_uppercase() || c == 'm' || c == 'w' => 0.8 * px,
            (true, None) => 0.6 * px,
            (false, _) => 1.05 * px,
        })
        .sum()
}

/// Boxes taken so far, by bands of height so that a check looks at its neighbours only. The
/// bands are a list from the highest one taken (a label above the first row is above 0), so
/// finding one is an index, not a hash.
#[derive(Debug, Default, PartialEq)]
pub struct Taken {
    /// `buckets[i]` is band `first + i`.
    buckets: Vec<Vec<Rect>>,
    first: i64,
}

const BUCKET: f64 = 64.0;
/// Bands as far as 2²² × 64 px (268 million pixels) from 0; beyond, boxes share the last one.
const MAX_BANDS: i64 = 1 << 22;

impl Taken {
    fn span(r: &Rect) -> std::ops::RangeInclusive<i64> {
        // Clamped, so that a box absurdly far away shares the last band instead of making
        // millions (a band only narrows where to look: overlaps are checked exactly).
        let band = |y: f64| ((y / BUCKET).floor() as i64).clamp(-MAX_BANDS, MAX_BANDS);
        band(r.y0)..=band(r.y1)
    }

    fn bucket(&self, b: i64) -> Option<&Vec<Rect>> {
        usize::try_from(b - self.first)
            .ok()
            .and_then(|i| self.buckets.get(i))
    }

    pub fn is_free(&self, r: &Rect) -> bool {
        Taken::span(r).all(|b| {
            self.bucket(b)
                .is_none_or(|rs| rs.iter().all(|o| !o.overlaps(r)))
        })
    }

    pub fn take(&mut self, r: Rect) {
        let span = Taken::span(&r);
        if self.buckets.is_empty() {
            self.first = *span.start();
        } else if *span.start() < self.first {
            // A band above the highest so far: the list grows at its front (rare: only labels
            // above the first row are there).
            let more = usize::try_from(self.first - *span.start()).unwrap_or(0);
            self.buckets
                .splice(0..0, std::iter::repeat_with(Vec::new).take(more));
            self.first = *span.start();
        }
        for b in span {
            let i = usize::try_from(b - self.first).unwrap_or(0);
            if self.buckets.len() <= i {
                self.buckets.resize_with(i + 1, Vec::new);
            }
            self.buckets[i].push(r);
        }
    }

    /// The first of `places` that is free, taken; `None` if none is.
    pub fn first_free(&mut self, places: impl IntoIterator<Item = Rect>) -> Option<Rect> {
        let free = places.into_iter().find(|r| self.is_free(r))?;
        self.take(free);
        Some(free)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x0: f64, x1: f64, y0: f64, y1: f64) -> Rect {
        Rect { x0, x1, y0, y1 }
    }

    #[test]
    fn boxes_that_touch_do_not_overlap_and_boxes_that_cross_do() {
        assert!(!r(0.0, 10.0, 0.0, 10.0).overlaps(&r(10.0, 20.0, 0.0, 10.0)));
        assert!(!r(0.0, 10.0, 0.0, 10.0).overlaps(&r(0.0, 10.0, 10.0, 20.0)));
        assert!(r(0.0, 10.0, 0.0, 10.0).overlaps(&r(9.0, 20.0, 9.0, 20.0)));
        assert!(r(0.0, 100.0, 40.0, 45.0).overlaps(&r(50.0, 60.0, 0.0, 200.0)));
    }

    #[test]
    fn a_box_is_free_until_a_box_across_any_of_its_bands_is_taken() {
        let mut t = Taken::default();
        let tall = r(0.0, 10.0, 0.0, 300.0);
        assert!(t.is_free(&tall));
        t.take(r(5.0, 8.0, 250.0, 260.0));
        assert!(!t.is_free(&tall));
        assert!(t.is_free(&r(20.0, 30.0, 250.0, 260.0)));
        // The first free place is taken, the ones before it were not.
        let got = t.first_free([r(0.0, 10.0, 255.0, 256.0), r(0.0, 10.0, 100.0, 110.0)]);
        assert_eq!(got, Some(r(0.0, 10.0, 100.0, 110.0)));
        assert!(!t.is_free(&r(0.0, 1.0, 105.0, 106.0)));
        assert_eq!(t.first_free([r(6.0, 7.0, 255.0, 256.0)]), None);
        // Negative heights (above the first instant) are in bands of their own.
        t.take(r(0.0, 10.0, -30.0, -20.0));
        assert!(!t.is_free(&r(0.0, 10.0, -25.0, -24.0)));
        assert!(t.is_free(&r(0.0, 10.0, -300.0, -200.0)));
        assert!(!t.is_free(&r(0.0, 10.0, -300.0, 300.0)));
        // What was taken before the list grew at its front is still taken.
        assert!(!t.is_free(&r(0.0, 1.0, 105.0, 106.0)));
        // A box absurdly far away is checked like any other.
        t.take(r(0.0, 10.0, 1e300, f64::INFINITY));
        assert!(!t.is_free(&r(0.0, 10.0, 1e301, 1e302)));
        assert!(t.is_free(&r(20.0, 30.0, 1e301, 1e302)));
    }

    #[test]
    fn widths_of_monospace_text_are_exact_and_others_generous() {
        assert_eq!(text_width("Seq=1", 16.0, Some(9.6)), 48.0);
        // Sans: at least 0.6 em a character, capitals 0.8 em, Hangul a full em and a bit.
        assert_eq!(text_width("rtx", 10.0, None), 18.0);
        assert_eq!(text_width("RTO", 10.0, None), 24.0);
        assert_eq!(text_width("재전송", 10.0, None), 31.5);
        assert!(text_width("↻ rtx of S3", 16.0, None) > 100.0);
    }
}
