//! Every user-visible string of the app, in English and Korean.
//!
//! One closed enum, [`Msg`], names each message; [`messages!`] declares a key together with both
//! of its texts, so a key without a translation does not compile and a translation never drifts
//! away from its key. Components read the current [`Lang`] with [`use_lang`] and write
//! `Msg::LaneClient.text(lang)`.
//!
//! Adding a message: add one entry to the `messages!` block below, grouped with its component.
//! Keep protocol names (SYN, ACK, FIN, RST, state names such as `TIME-WAIT`) in their RFC
//! spelling in both languages; they come from `handshake-core`, not from here. Messages with
//! values in them get a function next to `Msg` that formats the value into the text of both
//! languages, so word order can differ between them.

use yew::prelude::*;

/// A language of the user interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    /// In the order the language switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    /// The BCP 47 tag, for `<html lang>` and the switch's buttons.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's name in itself, as the switch shows it.
    pub const fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// The language for a BCP 47 tag such as `navigator.language`: Korean for `ko`, `ko-KR`,
    /// `ko_KR`…, English for everything else.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// The browser's preferred language (`navigator.language`), English when there is none.
    pub fn detect() -> Lang {
        web_sys::window()
            .and_then(|window| window.navigator().language())
            .map_or(Lang::En, |tag| Lang::from_tag(&tag))
    }
}

/// The current language, provided by [`crate::App`] through a `ContextProvider<Lang>`.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or(Lang::En)
}

/// Declares [`Msg`] with its texts: `Key { en: "…", ko: "…" }`, doc comments allowed.
macro_rules! messages {
    ($( $(#[$doc:meta])* $key:ident { en: $en:literal, ko: $ko:literal $(,)? } )*) => {
        /// A message key; [`Msg::text`] gives its text in a [`Lang`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $( $(#[$doc])* $key, )*
        }

        impl Msg {
            /// Every message, in declaration order (for tests).
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            /// The message in `lang`.
            pub const fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (Msg::$key, Lang::En) => $en,
                        (Msg::$key, Lang::Ko) => $ko,
                    )*
                }
            }
        }
    };
}

messages! {
    // Header.
    /// The product name; a brand, the same in every language.
    AppTitle { en: "Handshake Lab", ko: "Handshake Lab" }
    AppTagline { en: "TCP connection management, made visible", ko: "눈으로 보는 TCP 연결 관리" }
    LanguageSwitchLabel { en: "Language", ko: "언어" }

    // Stage: the two lanes and the wire between them.
    StageLabel { en: "Connection between client and server", ko: "클라이언트와 서버 사이의 연결" }
    LaneClient { en: "Client", ko: "클라이언트" }
    LaneServer { en: "Server", ko: "서버" }
    LaneStateLabel { en: "State", ko: "상태" }
    WireLabel { en: "Segments travelling between client and server", ko: "클라이언트와 서버 사이를 오가는 세그먼트" }
    WireTime { en: "time", ko: "시간" }
    WireHint { en: "Segments will travel here", ko: "여기로 세그먼트가 오갑니다" }

    // Control bar.
    ControlsLabel { en: "Controls", ko: "조작" }
    ControlPlay { en: "Play", ko: "재생" }
    ControlStep { en: "Step", ko: "한 단계" }
    ControlReset { en: "Reset", ko: "처음으로" }
    ControlsPending { en: "The controls come alive with the first scenario.", ko: "첫 시나리오가 들어오면 조작 버튼이 켜집니다." }

    // Footer.
    FooterVersion { en: "version", ko: "버전" }
    FooterModel { en: "Models RFC 9293 and RFC 6298", ko: "RFC 9293 · RFC 6298 모델" }

    // The page shown after a panic (both languages at once: the app's state is gone).
    PanicTitle { en: "Something went wrong", ko: "문제가 생겼습니다" }
    PanicBody {
        en: "Handshake Lab stopped because of a bug. Reloading the page starts it again.",
        ko: "Handshake Lab이 버그 때문에 멈췄습니다. 페이지를 다시 불러오면 처음부터 시작합니다.",
    }
    PanicReload { en: "Reload", ko: "다시 불러오기" }
    PanicDetails { en: "Details for a bug report", ko: "버그 신고용 자세한 정보" }

    // Keyboard shortcuts (web/src/shortcuts.rs; the help overlay lists them).
    ShortcutPlayPause { en: "Play / pause", ko: "재생 / 일시 정지" }
    ShortcutStepForward { en: "Step forward to the next event", ko: "다음 사건으로 한 단계 앞으로" }
    ShortcutStepBack { en: "Step back to the previous event", ko: "이전 사건으로 한 단계 뒤로" }
    ShortcutReset { en: "Reset: back to the start of the scenario", ko: "처음으로: 시나리오 시작으로 되돌리기" }
    ShortcutFaster { en: "Faster", ko: "더 빠르게" }
    ShortcutSlower { en: "Slower", ko: "더 느리게" }
    ShortcutSelectNext { en: "Select the next segment on the link", ko: "링크 위의 다음 세그먼트 선택" }
    ShortcutSelectPrevious { en: "Select the previous segment on the link", ko: "링크 위의 이전 세그먼트 선택" }
    ShortcutDrop { en: "Drop the selected segment", ko: "선택한 세그먼트 버리기" }
    ShortcutDelayHalf { en: "Delay the selected segment by 0.5 s", ko: "선택한 세그먼트 0.5초 지연" }
    ShortcutDelayOne { en: "Delay the selected segment by 1 s", ko: "선택한 세그먼트 1초 지연" }
    ShortcutHold { en: "Hold the selected segment, or release it", ko: "선택한 세그먼트 붙잡기 / 놓아주기" }
    ShortcutDuplicate { en: "Duplicate the selected segment", ko: "선택한 세그먼트 복제" }
    ShortcutEscape { en: "Close the menu, clear the selection", ko: "메뉴 닫기, 선택 해제" }
    ShortcutAbsolute { en: "Relative / absolute sequence numbers", ko: "상대 / 절대 시퀀스 번호" }
    ShortcutFollow { en: "Follow the present", ko: "현재 시점 따라가기" }
    ShortcutSkipWaiting { en: "Fast-forward waiting for timers on / off", ko: "타이머 대기 빨리 감기 켜기 / 끄기" }
    ShortcutHelp { en: "Show this list", ko: "이 목록 보기" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_tag_picks_korean_for_every_ko_tag() {
        for tag in ["ko", "ko-KR", "ko_KR", "KO-kr", "ko-Kore-KR"] {
            assert_eq!(Lang::from_tag(tag), Lang::Ko, "{tag}");
        }
    }

    #[test]
    fn from_tag_falls_back_to_english() {
        for tag in ["en", "en-US", "ja-JP", "kok", "", "-ko", "de_ko"] {
            assert_eq!(Lang::from_tag(tag), Lang::En, "{tag}");
        }
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), lang);
        }
    }

    #[test]
    fn every_message_has_trimmed_text_in_every_language() {
        for &msg in Msg::ALL {
            for lang in Lang::ALL {
                let text = msg.text(lang);
                assert!(!text.is_empty(), "{msg:?} is empty in {lang:?}");
                assert_eq!(
                    text,
                    text.trim(),
                    "{msg:?} has stray whitespace in {lang:?}"
                );
            }
        }
    }

    /// A Korean text equal to the English one is a forgotten translation, except for brands.
    #[test]
    fn korean_differs_from_english_except_brands() {
        const SAME_ON_PURPOSE: &[Msg] = &[Msg::AppTitle];
        for &msg in Msg::ALL {
            if !SAME_ON_PURPOSE.contains(&msg) {
                assert_ne!(
                    msg.text(Lang::Ko),
                    msg.text(Lang::En),
                    "{msg:?} is untranslated"
                );
            }
        }
    }
}
