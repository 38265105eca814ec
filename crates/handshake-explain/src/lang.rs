//! The two languages of the explanations.

/// A language of the explanations (and of the app's interface, which re-exports it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    /// In the order a language switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    /// The BCP 47 tag: `en`, `ko`.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's name in itself.
    pub const fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// The language for a BCP 47 tag such as `navigator.language` or `--lang`: Korean for `ko`,
    /// `ko-KR`, `ko_KR`…, English for everything else.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// The language of exactly `en` or `ko` (any case), for a command line that should refuse
    /// anything else.
    pub fn parse(tag: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
    }
}

/// Picks the text of the language; only that arm runs (so only that `format!` is built).
macro_rules! say {
    ($lang:expr, $en:expr, $ko:expr $(,)?) => {
        match $lang {
            $crate::Lang::En => $en,
            $crate::Lang::Ko => $ko,
        }
    };
}
pub(crate) use say;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_tag_picks_korean_for_every_ko_tag() {
        for tag in ["ko", "ko-KR", "ko_KR", "KO-kr", "ko-Kore-KR"] {
            assert_eq!(Lang::from_tag(tag), Lang::Ko, "{tag}");
        }
        for tag in ["en", "en-US", "ja-JP", "kok", "", "-ko", "de_ko"] {
            assert_eq!(Lang::from_tag(tag), Lang::En, "{tag}");
        }
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), lang);
            assert_eq!(Lang::parse(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::parse("KO"), Some(Lang::Ko));
        assert_eq!(Lang::parse("ko-KR"), None);
        assert_eq!(Lang::parse("fr"), None);
    }
}
