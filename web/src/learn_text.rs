//! The Learn panel's and the question card's interface strings, in English and Korean, beside
//! `i18n.rs` (which holds the rest of the interface's): the learning content itself — myths,
//! answers, questions, arc labels, terms — is `handshake_explain`'s. One closed enum, each key
//! with both texts, so a key without a translation does not compile.

use handshake_explain::Lang;
use handshake_explain::learn::T;

macro_rules! learn_messages {
    ($( $(#[$doc:meta])* $key:ident { en: $en:literal, ko: $ko:literal $(,)? } )*) => {
        /// A message of the learning interface; [`L::text`] gives it in a [`Lang`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum L {
            $( $(#[$doc])* $key, )*
        }

        impl L {
            /// Every message, in declaration order (for tests).
            pub const ALL: &'static [L] = &[$(L::$key),*];

            pub const fn t(self) -> T {
                match self {
                    $( L::$key => T::new($en, $ko), )*
                }
            }

            /// The message in `lang`.
            pub const fn text(self, lang: Lang) -> &'static str {
                self.t().get(lang)
            }
        }
    };
}

learn_messages! {
    // The panel and its sections.
    Tab { en: "Learn", ko: "학습" }
    Sections { en: "Learning sections", ko: "학습 영역" }
    Myths { en: "Misconceptions", ko: "흔한 오해" }
    Interview { en: "Interview questions", ko: "면접 질문" }
    Predict { en: "Predict, then reveal", ko: "예측하고 확인" }
    Coverage { en: "Transition map", ko: "전이 지도" }
    Glossary { en: "Glossary", ko: "용어" }

    // Misconception cards.
    MythsIntro {
        en: "Fifteen things study notes often get wrong. Each card runs a scenario and lights up the moment that shows what really happens.",
        ko: "공부 노트에 자주 나오는 잘못된 설명 열다섯 가지입니다. 카드마다 시나리오를 실행해, 실제로 무슨 일이 일어나는지 보여 주는 장면을 강조합니다.",
    }
    Myth { en: "Myth", ko: "오해" }
    Truth { en: "What is true", ko: "사실은" }
    Moment { en: "What to look at", ko: "볼 곳" }
    RunIt { en: "Run it", ko: "실행해 보기" }
    AlsoSee { en: "A second run", ko: "두 번째 실행" }
    RunAlso { en: "Run this one too", ko: "이 장면도 실행해 보기" }
    RunShows { en: "What the run did", ko: "실행에서 일어난 일" }
    Later { en: "Not shown yet", ko: "아직 보여 주지 못하는 것" }
    Basis { en: "RFC", ko: "근거" }
    Lit { en: "Lit on the ladder", ko: "사다리 그림에서 강조한 곳" }
    ClearLit { en: "Clear the highlight", ko: "강조 지우기" }

    // Interview questions.
    InterviewIntro {
        en: "Classic questions with an answer you could say aloud, the run that proves it, and what an interviewer asks next.",
        ko: "자주 나오는 질문과 소리 내어 말할 수 있는 답, 그 답을 증명하는 실행, 면접관이 이어서 물을 질문입니다.",
    }
    ModelAnswer { en: "Model answer", ko: "모범 답안" }
    ProveIt { en: "Show it in a run", ko: "실행으로 확인" }
    FollowUp { en: "Follow-up", ko: "꼬리 질문" }
    FollowAnswer { en: "Its answer", ko: "답 보기" }

    // Predict, then reveal: the settings.
    PredictIntro {
        en: "The run stops before each chosen kind of event and asks what will happen. The questions and their answers come from the run itself, so they work on any scenario, including your own experiments.",
        ko: "고른 종류의 사건이 일어나기 직전마다 실행을 멈추고 무슨 일이 일어날지 묻습니다. 질문과 정답은 실행 자체에서 나오므로, 직접 만든 실험을 포함해 어떤 시나리오에서도 쓸 수 있습니다.",
    }
    QuizSwitch { en: "Ask before each step", ko: "단계마다 먼저 묻기" }
    AskAbout { en: "Ask about", ko: "물어볼 것" }
    ThisSession { en: "This session", ko: "이번 세션" }
    AllVisits { en: "All visits", ko: "지금까지" }
    Topic { en: "Topic", ko: "주제" }
    NoneYet { en: "no questions yet", ko: "아직 질문 없음" }
    ResetScore { en: "Reset the scores", ko: "점수 초기화" }
    QuizLinkHint {
        en: "A teacher can share a link with ?quiz=1 in it: the lab opens with questions on.",
        ko: "주소에 ?quiz=1을 넣은 링크를 나누면, 질문이 켜진 채로 실험실이 열립니다.",
    }
    StoredHint {
        en: "Scores and the map are kept in this browser only.",
        ko: "점수와 지도는 이 브라우저에만 저장됩니다.",
    }

    // The question card.
    QuizTitle { en: "Predict, then reveal", ko: "예측하고 확인" }
    QuizChoices { en: "Your prediction", ko: "예측" }
    QuizType { en: "Or type it", ko: "직접 입력" }
    QuizTypeHintAck { en: "an ACK number, e.g. 101", ko: "ACK 번호, 예: 101" }
    QuizTypeHintTime { en: "seconds, e.g. 1.5", ko: "초, 예: 1.5" }
    QuizAnswer { en: "Answer", ko: "답하기" }
    QuizSkip { en: "Show the answer", ko: "정답 보기" }
    QuizUnreadable { en: "Type a number, or pick an option.", ko: "숫자를 입력하거나 보기 중에서 고르세요." }
    QuizRight { en: "Right!", ko: "맞았습니다!" }
    QuizWrong { en: "Not this time.", ko: "아쉽습니다." }
    QuizSkipped { en: "Skipped.", ko: "건너뛰었습니다." }
    QuizAnswerIs { en: "The answer:", ko: "정답:" }
    QuizYouSaid { en: "You said:", ko: "고른 답:" }
    QuizMyth { en: "That is a common misconception:", ko: "흔한 오해입니다:" }
    QuizSeeCard { en: "See its card", ko: "카드 보기" }
    QuizWhy { en: "Why", ko: "이유" }
    QuizContinue { en: "Continue", ko: "계속" }
    QuizScore { en: "Score this session", ko: "이번 세션 점수" }
    QuizOff { en: "Stop asking", ko: "그만 묻기" }

    // The transition map.
    CoverageIntro {
        en: "Every arc of RFC 9293's state diagram (Figure 5) you have seen taken in any run is shaded in the diagram. For each one not seen yet, a run that takes it.",
        ko: "어느 실행에서든 한 번이라도 본 RFC 9293 상태도(그림 5)의 화살표는 상태도에 색으로 표시됩니다. 아직 못 본 화살표마다 그 전이를 보여 주는 실행을 권합니다.",
    }
    CoverageMissing { en: "Not seen yet", ko: "아직 못 본 전이" }
    CoverageSeen { en: "Seen", ko: "본 전이" }
    CoverageTry { en: "Open it", ko: "열어 보기" }
    CoverageNever { en: "Cannot be shown yet", ko: "아직 보여 줄 수 없음" }
    CoverageReset { en: "Reset the map", ko: "지도 초기화" }
    CoverageAll { en: "You have seen every arc of the figure.", ko: "그림의 화살표를 모두 보았습니다." }
    CoverageOmitted { en: "Left out of the figure", ko: "그림에 없는 전이" }

    // The glossary.
    GlossaryIntro {
        en: "The lab's terms, each with where the RFC defines it. Terms in the narration link here.",
        ko: "실험실에서 쓰는 용어와 RFC에서 정의한 곳입니다. 설명에 나오는 용어를 누르면 여기로 옵니다.",
    }
    TermsLabel { en: "Terms in this sentence", ko: "이 문장의 용어" }
}

/// "3 of 20 arcs of Figure 5 seen" / "그림 5의 화살표 20개 중 3개를 보았습니다".
pub fn coverage_count(seen: usize, of: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{seen} of {of} arcs of Figure 5 seen"),
        Lang::Ko => format!("그림 5의 화살표 {of}개 중 {seen}개를 보았습니다"),
    }
}

/// "2 of 6" / "6개 중 2개".
pub fn of_count(seen: usize, of: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{seen} of {of}"),
        Lang::Ko => format!("{of}개 중 {seen}개"),
    }
}

/// "3 / 5 right" / "5문제 중 3문제".
pub fn tally(right: u32, asked: u32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{right} of {asked} right"),
        Lang::Ko => format!("{asked}문제 중 {right}문제"),
    }
}

/// "Step: at 0.15 s, the client's close()" — the student's step in a suggestion.
pub fn step_text(
    at: handshake_core::Instant,
    side: handshake_core::sim::Side,
    act: handshake_explain::arcs::Act,
    lang: Lang,
) -> String {
    use handshake_core::sim::Side;
    use handshake_explain::arcs::Act;
    let time = handshake_explain::format::instant(at, lang);
    let who = match (side, lang) {
        (Side::Client, Lang::En) => "the client's",
        (Side::Server, Lang::En) => "the server's",
        (Side::Client, Lang::Ko) => "클라이언트의",
        (Side::Server, Lang::Ko) => "서버의",
    };
    let what = match (act, lang) {
        (Act::Listen, _) => "listen()",
        (Act::Connect, _) => "connect()",
        (Act::Close, _) => "close()",
        (Act::Abort, _) => "abort()",
        (Act::LoseAll, Lang::En) => "loss 100 %",
        (Act::LoseAll, Lang::Ko) => "유실률 100%",
    };
    match lang {
        Lang::En => format!("At {time}, press {who} {what}"),
        Lang::Ko => format!("{time}에 {who} {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_learning_message_has_both_languages_and_no_english_in_korean() {
        for &m in L::ALL {
            let t = m.t();
            assert!(!t.en.is_empty() && !t.ko.is_empty(), "{m:?}");
            assert_eq!(t.ko, t.ko.trim(), "{m:?}");
            for word in t.ko.split(|c: char| !c.is_ascii_alphabetic()) {
                assert!(
                    word.is_empty() || ["RFC", "ACK", "quiz"].contains(&word),
                    "{m:?}: English {word:?} in {}",
                    t.ko
                );
            }
        }
    }
}
