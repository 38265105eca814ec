//! What the page's URL asks for, read once at start (documented in README.md, "URL
//! parameters"): `?preset=lost-syn&lang=ko&speed=8&play=1&wait=0&absolute=1&t=1.05&quiz=1`. Demos link to a
//! scenario with them, and the end-to-end tests use them to run fast and deterministically
//! through the UI itself.
//!
//! Names and values are percent-decoded (`lost%2Dsyn`), and the preset's name and the language
//! are case-folded (`LOST-SYN`, `lang=KO`). A known parameter whose value cannot be used is not
//! dropped silently: it is listed in [`UrlParams::ignored`], and the app says so in the same
//! notice as a preset that does not exist. Unknown parameters are left alone (links collect
//! others, such as trackers').

use crate::i18n::Lang;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlParams {
    /// A preset slug (`lost-syn`), lowercase; an unknown one opens the first preset with a
    /// notice (app.rs).
    pub preset: Option<String>,
    pub lang: Option<Lang>,
    /// A positive number; the lab keeps it within 0.25 to 64 (the menu offers 0.25× to 4×).
    pub speed: Option<f64>,
    /// `play=1`: start playing at once.
    pub play: bool,
    /// `wait=0`: do not fast-forward waiting for timers.
    pub skip_waiting: Option<bool>,
    /// `absolute=1`: absolute sequence numbers.
    pub absolute: bool,
    /// `t=1.05`: start at this virtual time (seconds).
    pub t: Option<f64>,
    /// `quiz=1`: predict-then-reveal on from the start (a teacher's link).
    pub quiz: bool,
    /// `present=1`: start in projector mode.
    pub present: bool,
    /// `embed=1`: only the stage, the caption and the controls, for an iframe.
    pub embed: bool,
    /// Known parameters whose values could not be used, as `(name, value)`, in the URL's order.
    pub ignored: Vec<(String, String)>,
}

impl UrlParams {
    /// Parses a query string (`?a=b&c=d` or `a=b&c=d`).
    pub fn parse(query: &str) -> UrlParams {
        let mut p = UrlParams::default();
        for pair in query.trim_start_matches('?').split('&') {
            if pair.is_empty() {
                continue;
            }
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let (key, value) = (decode(key), decode(raw));
            let v = value.trim();
            let used = match key.as_str() {
                "preset" => {
                    // Slugs are ASCII. ASCII case folding plus the one non-ASCII letter whose
                    // lower case is ASCII (the Kelvin sign, U+212A → k) finds exactly the
                    // presets `to_lowercase` would, without Unicode's case tables (about 16 KB
                    // of wasm; issue 15). Any other non-ASCII name matches no preset either way.
                    let slug = v.replace('\u{212A}', "k").to_ascii_lowercase();
                    p.preset = (!slug.is_empty()).then_some(slug);
                    p.preset.is_some()
                }
                "lang" => {
                    p.lang = match v.to_ascii_lowercase().as_str() {
                        "ko" => Some(Lang::Ko),
                        "en" => Some(Lang::En),
                        _ => None,
                    };
                    p.lang.is_some()
                }
                "speed" => {
                    p.speed = v.parse().ok().filter(|s: &f64| s.is_finite() && *s > 0.0);
                    p.speed.is_some()
                }
                "t" => {
                    p.t = v.parse().ok().filter(|t: &f64| t.is_finite() && *t >= 0.0);
                    p.t.is_some()
                }
                "play" => flag(v).map(|on| p.play = on).is_some(),
                "wait" => flag(v).map(|on| p.skip_waiting = Some(on)).is_some(),
                "absolute" => flag(v).map(|on| p.absolute = on).is_some(),
                "quiz" => flag(v).map(|on| p.quiz = on).is_some(),
                "present" => flag(v).map(|on| p.present = on).is_some(),
                "embed" => flag(v).map(|on| p.embed = on).is_some(),
                _ => true,
            };
            if !used {
                p.ignored.push((key, value));
            }
        }
        p
    }

    /// The current page's parameters.
    pub fn read() -> UrlParams {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .map(|q| UrlParams::parse(&q))
            .unwrap_or_default()
    }
}

/// `1` or `0` (also `true`/`false`, `on`/`off`, `yes`/`no`, any case).
fn flag(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

/// A query component as a form encodes it: `+` is a space and `%XX` a byte; the bytes are read
/// as UTF-8 (a malformed escape or byte stays as written, never fails).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The user asked for less motion (`prefers-reduced-motion: reduce`).
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_parameter() {
        let p = UrlParams::parse(
            "?preset=lost-syn&lang=ko&speed=8&play=1&wait=0&absolute=1&t=1.5&x=y&present=1&embed=1",
        );
        assert!(p.present && p.embed);
        assert_eq!(p.t, Some(1.5));
        assert_eq!(p.preset.as_deref(), Some("lost-syn"));
        assert_eq!(p.lang, Some(Lang::Ko));
        assert_eq!(p.speed, Some(8.0));
        assert!(p.play && p.absolute);
        assert_eq!(p.skip_waiting, Some(false));
        assert!(p.ignored.is_empty(), "{:?}", p.ignored);
        assert_eq!(UrlParams::parse(""), UrlParams::default());
    }

    #[test]
    fn a_preset_name_is_url_decoded_and_case_folded() {
        for q in [
            "preset=lost%2Dsyn",
            "preset=LOST-SYN",
            "preset=Lost%2dSyn",
            "preset=%20lost-syn+",
        ] {
            assert_eq!(
                UrlParams::parse(q).preset.as_deref(),
                Some("lost-syn"),
                "{q}"
            );
        }
        // The Kelvin sign (U+212A) lower-cases to an ASCII k, as `str::to_lowercase` does.
        assert_eq!(
            UrlParams::parse("preset=HANDSHA%E2%84%AAE")
                .preset
                .as_deref(),
            Some("handshake")
        );
        assert_eq!(UrlParams::parse("lang=KO").lang, Some(Lang::Ko));
        // Not UTF-8 after decoding, or a broken escape: kept as written, never a panic.
        assert_eq!(
            UrlParams::parse("preset=%FF%").preset.as_deref(),
            Some("\u{fffd}%")
        );
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%e2%86%92"), "→");
    }

    #[test]
    fn values_that_cannot_be_used_are_listed_not_dropped_silently() {
        let p = UrlParams::parse(
            "t=-5&speed=abc&lang=fr&play=yes&wait=maybe&preset=&x=y&t=NaN&speed=inf&speed=0",
        );
        let ignored: Vec<(&str, &str)> = p
            .ignored
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            ignored,
            [
                ("t", "-5"),
                ("speed", "abc"),
                ("lang", "fr"),
                ("wait", "maybe"),
                ("preset", ""),
                ("t", "NaN"),
                ("speed", "inf"),
                ("speed", "0"),
            ]
        );
        assert!(p.play, "yes is a yes");
        assert_eq!((p.t, p.speed, p.lang, p.preset), (None, None, None, None));
        assert_eq!(
            UrlParams::parse("t=%2D5").ignored,
            [("t".into(), "-5".into())]
        );
    }
}
