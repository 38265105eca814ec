//! Korean particles (조사) whose form depends on the sound before them: `C1이` but `S4가`,
//! `SYN을` but `ACK를`, `3초로` but `3으로`.
//!
//! **How a word is read decides.** Ids, numbers and flag names are read aloud the way Korean
//! speakers read them — Latin letters by their Korean names (C "씨", S "에스", M "엠", N "엔", L
//! "엘", R "알"), digits in Sino-Korean (1 "일", 3 "삼", 10 "십"), `'` as "프라임", `%` as
//! "퍼센트" — and the particle follows the last sound of that reading. The narration never puts
//! a parenthesis between an id and its particle: it writes "ACK 세그먼트 C4가", not
//! "C4(ACK)가", because a reader cannot tell whether the parenthesis is read aloud (issue 10,
//! item 11: "C2(SYN)가" beside "C3(SYN)이").

use alloc::format;
use alloc::string::String;

/// A particle whose form depends on whether the word before ends in a consonant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Josa {
    /// 은/는
    Eun,
    /// 이/가
    I,
    /// 을/를
    Eul,
    /// 으로/로 (로 also after ㄹ)
    Euro,
    /// 과/와
    Gwa,
    /// 이다/다 (the copula)
    Ida,
    /// 이라/라 (the copula before a reason: "…이라 …")
    Ira,
}

/// `word` followed by the right form of `josa`.
pub fn josa(word: &str, josa: Josa) -> String {
    format!("{word}{}", particle(word, josa))
}

/// The form of `josa` that follows `word`.
pub fn particle(word: &str, josa: Josa) -> &'static str {
    let (batchim, rieul) = final_sound(word);
    match (josa, batchim) {
        (Josa::Eun, true) => "은",
        (Josa::Eun, false) => "는",
        (Josa::I, true) => "이",
        (Josa::I, false) => "가",
        (Josa::Eul, true) => "을",
        (Josa::Eul, false) => "를",
        (Josa::Euro, true) if !rieul => "으로",
        (Josa::Euro, _) => "로",
        (Josa::Gwa, true) => "과",
        (Josa::Gwa, false) => "와",
        (Josa::Ida, true) => "이다",
        (Josa::Ida, false) => "다",
        (Josa::Ira, true) => "이라",
        (Josa::Ira, false) => "라",
    }
}

/// (ends in a consonant, that consonant is ㄹ) for the last pronounced sound of `word`.
/// Characters that are not read (brackets, punctuation, the narration's fact markers) are
/// skipped.
fn final_sound(word: &str) -> (bool, bool) {
    let Some(c) = word
        .chars()
        .rev()
        .find(|&c| c.is_ascii_alphanumeric() || is_hangul(c) || c == '\'' || c == '%')
    else {
        return (false, false);
    };
    if is_hangul(c) {
        let jong = (u32::from(c) - 0xAC00) % 28;
        return (jong != 0, jong == 8);
    }
    match c.to_ascii_uppercase() {
        // 영 삼 육 (and 십 백 천 만 for numbers ending in 0): a consonant; 일 칠 팔: ㄹ.
        '0' | '3' | '6' => (true, false),
        '1' | '7' | '8' => (true, true),
        // 엠 엔: a consonant; 엘 알: ㄹ (SYN "씬", FIN "핀" end in N too).
        'M' | 'N' => (true, false),
        'L' | 'R' => (true, true),
        // 프라임.
        '\'' => (true, false),
        // 퍼센트, and every other letter and digit ends in a vowel (씨, 에스, 이, 사, …).
        _ => (false, false),
    }
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn josa_follows_how_koreans_read_ids_numbers_and_flags() {
        let cases = [
            ("C1", Josa::I, "C1이"),
            ("S4", Josa::I, "S4가"),
            ("C2", Josa::I, "C2가"),
            ("C3", Josa::I, "C3이"),
            ("C3", Josa::Eun, "C3은"),
            ("S2", Josa::Eun, "S2는"),
            ("C1'", Josa::Eul, "C1'을"),
            ("C2'", Josa::Euro, "C2'으로"),
            ("SYN", Josa::Eul, "SYN을"),
            ("FIN,ACK", Josa::Eul, "FIN,ACK를"),
            ("ACK", Josa::I, "ACK가"),
            ("RST", Josa::Eul, "RST를"),
            ("MSL", Josa::Euro, "MSL로"),
            ("listen()", Josa::Eul, "listen()을"),
            ("close()", Josa::Eul, "close()를"),
            ("1", Josa::Euro, "1로"),
            ("3", Josa::Euro, "3으로"),
            ("2", Josa::Euro, "2로"),
            ("10", Josa::Euro, "10으로"),
            ("3초", Josa::Euro, "3초로"),
            ("연결", Josa::Euro, "연결로"),
            ("유실", Josa::Eul, "유실을"),
            ("복제", Josa::Eul, "복제를"),
            ("101", Josa::Ida, "101이다"),
            ("102", Josa::Ida, "102다"),
            ("서버", Josa::Gwa, "서버와"),
            ("C1", Josa::Gwa, "C1과"),
            ("10%", Josa::I, "10%가"),
            ("0", Josa::Ira, "0이라"),
            ("2초", Josa::Ira, "2초라"),
        ];
        for (word, j, want) in cases {
            assert_eq!(josa(word, j), want, "{word} {j:?}");
        }
    }

    #[test]
    fn unread_characters_are_skipped() {
        // A closing bracket and the private-use markers the narrator wraps facts in.
        assert_eq!(josa("(C3)", Josa::I), "(C3)이");
        assert_eq!(
            josa("\u{F0001}C2\u{E000}", Josa::I),
            "\u{F0001}C2\u{E000}가"
        );
        assert_eq!(josa("", Josa::Eul), "를");
    }
}
