//! Predict, then reveal: the question the run stopped for, under the ladder. The options are a
//! radio group (arrow keys move, Space picks, Enter answers), and a question about a number takes
//! a typed one too. Once answered the run moves on to the answer and the card says whether the
//! prediction was right, names the misconception a wrong answer is, and gives the narration of
//! what happened — the "why" — with the score of the session. The question, its options, the
//! right answer and the grading are `handshake_explain::questions`'; the card only shows them.

use std::rc::Rc;

use handshake_explain::lessons::Demo;
use handshake_explain::questions::{Kind, Question, Response};
use handshake_explain::{Lang, narrate_from};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::lab::{Action, Learn, LearnAction, LearnView};
use crate::learn_text::{L, tally};
use crate::shared::Shared;
use crate::sim_handle::SimHandle;

#[derive(Clone, PartialEq, Properties)]
pub struct QuizCardProps {
    pub learn: Shared<Learn>,
    pub sim: SimHandle,
    pub lang: Lang,
    pub ondispatch: Callback<Action>,
}

/// A question's identity in a run (a new one resets the card's choices).
fn key_of(q: &Question) -> String {
    format!("q{}-{}", q.events.start, q.kind.name())
}

#[function_component(QuizCard)]
pub fn quiz_card(props: &QuizCardProps) -> Html {
    let learn = &props.learn;
    if learn.asking {
        if let Some(q) = &learn.ahead {
            return html! {
                <Asking key={key_of(q)} question={Shared(Rc::clone(q))} unreadable={learn.unreadable}
                    lang={props.lang} ondispatch={props.ondispatch.clone()} />
            };
        }
    }
    match &learn.revealed {
        Some(r) => html! {
            <Reveal key={key_of(&r.question)} learn={props.learn.clone()} sim={props.sim.clone()}
                lang={props.lang} ondispatch={props.ondispatch.clone()} />
        },
        None => html! {},
    }
}

#[derive(Clone, PartialEq, Properties)]
struct AskingProps {
    question: Shared<Question>,
    unreadable: bool,
    lang: Lang,
    ondispatch: Callback<Action>,
}

#[function_component(Asking)]
fn asking(props: &AskingProps) -> Html {
    let q = &props.question;
    let lang = props.lang;
    let chosen = use_state_eq(|| None::<usize>);
    let form_ref = use_node_ref();
    let typed_ref = use_node_ref();
    // The keyboard goes to the first option, so the question is heard and answered without a
    // pointer.
    {
        let form_ref = form_ref.clone();
        use_effect_with((), move |_| {
            if let Some(first) = form_ref
                .cast::<web_sys::Element>()
                .and_then(|f| f.query_selector("input").ok().flatten())
            {
                let _ = first.unchecked_into::<HtmlElement>().focus();
            }
        });
    }
    let submit = {
        let chosen = chosen.clone();
        let typed_ref = typed_ref.clone();
        let dispatch = props.ondispatch.clone();
        let takes_number = q.takes_number();
        Callback::from(move |()| {
            let typed = typed_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let response = if takes_number && !typed.trim().is_empty() {
                Some(Response::Typed(typed))
            } else {
                chosen.map(Response::Choice)
            };
            if let Some(r) = response {
                dispatch.emit(Action::Learn(LearnAction::Answer(r)));
            }
        })
    };
    let onsubmit = {
        let submit = submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit.emit(());
        })
    };
    // Enter on an option answers (a radio button does not submit its form by itself).
    let onkeydown = {
        let submit = submit.clone();
        Callback::from(move |e: KeyboardEvent| {
            let on_radio = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .is_some_and(|i| i.type_() == "radio");
            if e.key() == "Enter" && on_radio {
                e.prevent_default();
                submit.emit(());
            }
        })
    };
    let skip = props
        .ondispatch
        .reform(|_: MouseEvent| Action::Learn(LearnAction::Skip));
    let off = props
        .ondispatch
        .reform(|_: MouseEvent| Action::Learn(LearnAction::SetQuiz(false)));
    let options = (0..q.options.len()).map(|i| {
        let checked = *chosen == Some(i);
        let chosen = chosen.clone();
        let onchange = Callback::from(move |_: Event| chosen.set(Some(i)));
        let id = format!("quiz-option-{i}");
        html! {
            <li class="quiz__option">
                <input type="radio" name="quiz-option" {id} value={i.to_string()}
                    {checked} {onchange} />
                <label for={format!("quiz-option-{i}")}>{ q.option_text(i, lang) }</label>
            </li>
        }
    });
    let hint = match q.kind {
        Kind::Ack => L::QuizTypeHintAck,
        _ => L::QuizTypeHintTime,
    };
    html! {
        <section class="quiz quiz--asking" aria-labelledby="quiz-title" data-kind={q.kind.name()}>
            <h2 class="quiz__title" id="quiz-title">
                { L::QuizTitle.text(lang) }
                <span class="quiz__topic">{ " · " }{ q.kind.topic().get(lang) }</span>
            </h2>
            <form class="quiz__form" ref={form_ref} {onsubmit} {onkeydown}>
                <fieldset class="quiz__fieldset">
                    <legend class="quiz__prompt">{ q.prompt(lang) }</legend>
                    <div class="quiz__row">
                        <ul class="quiz__options" role="presentation">{ for options }</ul>
                        if q.takes_number() {
                            <span class="quiz__typed">
                                <label for="quiz-typed">{ L::QuizType.text(lang) }</label>
                                <input id="quiz-typed" type="text" inputmode="decimal" autocomplete="off"
                                    ref={typed_ref} placeholder={hint.text(lang)}
                                    aria-invalid={props.unreadable.then_some("true")}
                                    aria-describedby={props.unreadable.then_some("quiz-unreadable")} />
                            </span>
                        }
                        <span class="quiz__actions">
                            <button type="submit" class="quiz__answer">{ L::QuizAnswer.text(lang) }</button>
                            <button type="button" class="quiz__skip" onclick={skip}>{ L::QuizSkip.text(lang) }</button>
                            <button type="button" class="quiz__off" onclick={off}>{ L::QuizOff.text(lang) }</button>
                        </span>
                    </div>
                </fieldset>
                if props.unreadable {
                    <p class="quiz__error" id="quiz-unreadable" role="alert">{ L::QuizUnreadable.text(lang) }</p>
                }
            </form>
        </section>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct RevealProps {
    learn: Shared<Learn>,
    sim: SimHandle,
    lang: Lang,
    ondispatch: Callback<Action>,
}

#[function_component(Reveal)]
fn reveal(props: &RevealProps) -> Html {
    let lang = props.lang;
    let continue_ref = use_node_ref();
    {
        let continue_ref = continue_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = continue_ref.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let Some(r) = &props.learn.revealed else {
        return html! {};
    };
    let q = &r.question;
    // The narration of what answered it: the why.
    let why: Vec<String> = {
        let sim = props.sim.borrow();
        let len = sim.trace().len();
        if q.events.start < len {
            narrate_from(&sim, q.events.start, lang)
                .into_iter()
                .filter(|e| e.event < q.events.end)
                .map(|e| e.text)
                .collect()
        } else {
            Vec::new()
        }
    };
    let (class, verdict) = match r.grade {
        Some(g) if g.correct => ("quiz--right", L::QuizRight),
        Some(_) => ("quiz--wrong", L::QuizWrong),
        None => ("quiz--skipped", L::QuizSkipped),
    };
    let said = r
        .grade
        .filter(|g| !g.correct)
        .and_then(|g| g.option)
        .map(|i| q.option_text(i, lang));
    let myth = r.grade.and_then(|g| g.myth).and_then(Demo::lesson);
    let see_card = myth.map(|l| {
        let demo = l.demo;
        props.ondispatch.reform(move |_: MouseEvent| {
            Action::Learn(LearnAction::View(LearnView::Myths(Some(demo))))
        })
    });
    let oncontinue = props
        .ondispatch
        .reform(|_: MouseEvent| Action::Learn(LearnAction::Continue));
    let score = props.learn.session.total();
    html! {
        <section class={classes!("quiz", "quiz--revealed", class)} aria-labelledby="quiz-verdict">
            <p class="quiz__verdict" id="quiz-verdict" role="status">
                <strong>{ verdict.text(lang) }</strong>
                { " " }{ L::QuizAnswerIs.text(lang) }{ " " }
                <span class="quiz__right-answer">{ q.answer_text(lang) }</span>
                if let Some(s) = said {
                    { " · " }{ L::QuizYouSaid.text(lang) }{ " " }<span class="quiz__said">{ s }</span>
                }
            </p>
            if let (Some(l), Some(see)) = (myth, see_card) {
                <p class="quiz__myth">
                    { L::QuizMyth.text(lang) }{ " " }<q lang={lang.tag()}>{ l.myth.get(lang) }</q>
                    { " (" }{ l.id }{ ") " }
                    <button type="button" class="quiz__see-card" onclick={see}>{ L::QuizSeeCard.text(lang) }</button>
                </p>
            }
            if !why.is_empty() {
                <div class="quiz__why">
                    <h3 class="quiz__why-title" id="quiz-why-title">{ L::QuizWhy.text(lang) }</h3>
                    // Scrolls when long: a tab stop, so the keyboard can scroll it too.
                    <ul tabindex="0" aria-labelledby="quiz-why-title">{ for why.into_iter().map(|t| html! { <li>{ t }</li> }) }</ul>
                </div>
            }
            <p class="quiz__footer">
                <span class="quiz__score">{ L::QuizScore.text(lang) }{ ": " }{ tally(score.right, score.asked, lang) }</span>
                <button type="button" class="quiz__continue" ref={continue_ref} onclick={oncontinue}>
                    { L::QuizContinue.text(lang) }
                </button>
            </p>
        </section>
    }
}
