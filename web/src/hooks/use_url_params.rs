//! What the page's URL asks for, read once at start (documented in README.md, "URL
//! parameters"): `?preset=lost-syn&lang=ko&speed=8&play=1&wait=0&absolute=1&t=1.05`. Demos link to a
//! scenario with them, and the end-to-end tests use them to run fast and deterministically
//! through the UI itself.

use crate::i18n::Lang;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlParams {
    /// A preset slug (`lost-syn`); an unknown one opens the first preset with a notice (app.rs).
    pub preset: Option<String>,
    pub lang: Option<Lang>,
    /// 0.25 to 64 (the menu offers 0.25× to 4×).
    pub speed: Option<f64>,
    /// `play=1`: start playing at once.
    pub play: bool,
    /// `wait=0`: do not fast-forward waiting for timers.
    pub skip_waiting: Option<bool>,
    /// `absolute=1`: absolute sequence numbers.
    pub absolute: bool,
    /// `t=1.05`: start at this virtual time (seconds).
    pub t: Option<f64>,
}

impl UrlParams {
    /// Parses a query string (`?a=b&c=d` or `a=b&c=d`).
    pub fn parse(query: &str) -> UrlParams {
        let mut p = UrlParams::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "preset" if !value.is_empty() => p.preset = Some(value.to_owned()),
                "lang" => {
                    p.lang = match value {
                        "ko" => Some(Lang::Ko),
                        "en" => Some(Lang::En),
                        _ => None,
                    }
                }
                "speed" => p.speed = value.parse().ok().filter(|s: &f64| s.is_finite()),
                "play" => p.play = value == "1",
                "wait" => p.skip_waiting = Some(value != "0"),
                "absolute" => p.absolute = value == "1",
                "t" => {
                    p.t = value
                        .parse()
                        .ok()
                        .filter(|t: &f64| t.is_finite() && *t >= 0.0)
                }
                _ => {}
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
    fn parses_every_parameter_and_ignores_garbage() {
        let p =
            UrlParams::parse("?preset=lost-syn&lang=ko&speed=8&play=1&wait=0&absolute=1&t=1.5&x=y");
        assert_eq!(p.t, Some(1.5));
        assert_eq!(p.preset.as_deref(), Some("lost-syn"));
        assert_eq!(p.lang, Some(Lang::Ko));
        assert_eq!(p.speed, Some(8.0));
        assert!(p.play && p.absolute);
        assert_eq!(p.skip_waiting, Some(false));
        let q = UrlParams::parse("speed=abc&lang=fr&preset=&play=yes");
        assert_eq!(q, UrlParams::default());
        assert_eq!(UrlParams::parse("speed=inf").speed, None);
        assert_eq!(UrlParams::parse("t=-1").t, None);
        assert_eq!(UrlParams::parse(""), UrlParams::default());
    }
}
