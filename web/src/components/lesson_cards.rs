//! The misconception cards and the interview questions of the Learn panel. Each card quotes the
//! myth, says what is true and where (the RFC), and "run it" loads its scenario at the moment its
//! check found and lights it; once run, the card quotes what the run did in the narration's own
//! words. The content and the checks are `handshake_explain::lessons` and `::interview`.

use handshake_core::sim::Simulator;
use handshake_explain::interview::QUESTIONS;
use handshake_explain::lessons::{self, Demo, LESSONS};
use handshake_explain::{Lang, narrate};
use yew::prelude::*;

use crate::lab::learn::origin_scenario;
use crate::lab::{Action, LearnAction};
use crate::learn_text::L;

#[derive(Clone, PartialEq, Properties)]
pub struct CardsProps {
    pub lang: Lang,
    /// The card whose run is loaded and lit, if any.
    pub lit: Option<Demo>,
    /// A card asked for (from a question's answer): opened and scrolled to.
    #[prop_or_default]
    pub open: Option<Demo>,
    pub ondispatch: Callback<Action>,
}

#[function_component(MythCards)]
pub fn myth_cards(props: &CardsProps) -> Html {
    let lang = props.lang;
    let list_ref = use_node_ref();
    {
        let list_ref = list_ref.clone();
        use_effect_with(props.open, move |open| {
            if let Some(demo) = open {
                scroll_to(&list_ref, &format!("#myth-{}", card_id(*demo)));
            }
        });
    }
    let cards = LESSONS.iter().map(|l| {
        let demo = l.demo;
        let also = l.also.map(|(d, _)| d);
        let also_lit = also.is_some() && props.lit == also;
        let lit = props.lit == Some(demo) || also_lit;
        let open = lit || props.open == Some(demo);
        let run = props
            .ondispatch
            .reform(move |_: MouseEvent| Action::Learn(LearnAction::Show(demo)));
        // A second run the card offers (M7: the old duplicate after TIME-WAIT).
        let second = l.also.map(|(d, moment)| {
            let run = props
                .ondispatch
                .reform(move |_: MouseEvent| Action::Learn(LearnAction::Show(d)));
            html! {
                <>
                    <p class="learn-card__moment learn-card__moment--also">
                        <strong>{ L::AlsoSee.text(lang) }{ ": " }</strong>{ moment.get(lang) }
                    </p>
                    <p class="learn-card__actions">
                        <button type="button" class="learn-card__run learn-card__run--also" onclick={run}>
                            { "▶ " }{ L::RunAlso.text(lang) }
                        </button>
                    </p>
                </>
            }
        });
        html! {
            <li class={classes!("learn-card", lit.then_some("learn-card--lit"))} id={format!("myth-{}", card_id(demo))}>
                <details {open}>
                    <summary class="learn-card__summary">
                        <span class="learn-card__id">{ l.id }</span>
                        <q class="learn-card__myth">{ l.myth.get(lang) }</q>
                    </summary>
                    <div class="learn-card__body">
                        <p class="learn-card__truth"><strong>{ L::Truth.text(lang) }{ ": " }</strong>{ l.truth.get(lang) }</p>
                        <p class="learn-card__moment"><strong>{ L::Moment.text(lang) }{ ": " }</strong>{ l.moment.get(lang) }</p>
                        <p class="learn-card__rfc"><strong>{ L::Basis.text(lang) }{ ": " }</strong>{ l.rfc }</p>
                        if let Some(later) = l.later {
                            <p class="learn-card__later"><strong>{ L::Later.text(lang) }{ ": " }</strong>{ later.get(lang) }</p>
                        }
                        <p class="learn-card__actions">
                            <button type="button" class="learn-card__run" onclick={run}
                                aria-describedby={format!("myth-{}-moment", card_id(demo))}>
                                { "▶ " }{ L::RunIt.text(lang) }
                            </button>
                            <span class="visually-hidden" id={format!("myth-{}-moment", card_id(demo))}>{ l.myth.get(lang) }</span>
                        </p>
                        if props.lit == Some(demo) {
                            <Evidence {demo} {lang} />
                        }
                        { second.unwrap_or_default() }
                        if let (true, Some(d)) = (also_lit, also) {
                            <Evidence demo={d} {lang} />
                        }
                    </div>
                </details>
            </li>
        }
    });
    html! {
        <section class="learn-section learn-section--myths" aria-labelledby="learn-myths-title">
            <h3 class="learn-section__title" id="learn-myths-title">{ L::Myths.text(lang) }</h3>
            <p class="learn-section__intro">{ L::MythsIntro.text(lang) }</p>
            <ol class="learn-cards" ref={list_ref}>{ for cards }</ol>
        </section>
    }
}

#[function_component(InterviewList)]
pub fn interview_list(props: &CardsProps) -> Html {
    let lang = props.lang;
    let items = QUESTIONS.iter().map(|q| {
        let demo = q.demo;
        let lit = props.lit == Some(demo);
        let run = props
            .ondispatch
            .reform(move |_: MouseEvent| Action::Learn(LearnAction::Show(demo)));
        html! {
            <li class={classes!("learn-card", "learn-card--interview", lit.then_some("learn-card--lit"))} id={format!("interview-{}", q.id)}>
                <details open={lit}>
                    <summary class="learn-card__summary">
                        <span class="learn-card__question">{ q.question.get(lang) }</span>
                    </summary>
                    <div class="learn-card__body">
                        <p class="learn-card__answer"><strong>{ L::ModelAnswer.text(lang) }{ ": " }</strong>{ q.answer.get(lang) }</p>
                        <p class="learn-card__actions">
                            <button type="button" class="learn-card__run" onclick={run}>
                                { "▶ " }{ L::ProveIt.text(lang) }
                            </button>
                        </p>
                        if lit {
                            <Evidence {demo} {lang} />
                        }
                        <details class="learn-card__follow">
                            <summary>
                                <strong>{ L::FollowUp.text(lang) }{ ": " }</strong>{ q.follow_up.get(lang) }
                            </summary>
                            <p>{ q.follow_answer.get(lang) }</p>
                        </details>
                    </div>
                </details>
            </li>
        }
    });
    html! {
        <section class="learn-section learn-section--interview" aria-labelledby="learn-interview-title">
            <h3 class="learn-section__title" id="learn-interview-title">{ L::Interview.text(lang) }</h3>
            <p class="learn-section__intro">{ L::InterviewIntro.text(lang) }</p>
            <ol class="learn-cards">{ for items }</ol>
        </section>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct EvidenceProps {
    demo: Demo,
    lang: Lang,
}

/// What the run did that proves the card: the narration of the check's events, the whole run
/// (so the events after the moment are there too).
#[function_component(Evidence)]
fn evidence(props: &EvidenceProps) -> Html {
    let lang = props.lang;
    let lines = use_memo((props.demo, lang), |&(demo, lang)| {
        let Some(scenario) = origin_scenario(demo.source()) else {
            return Vec::new();
        };
        let Ok(sim) = Simulator::new(&scenario) else {
            return Vec::new();
        };
        let Ok(proof) = lessons::check(demo, &sim) else {
            return Vec::new();
        };
        let mut end = sim;
        end.run_to_end();
        narrate(&end, lang)
            .into_iter()
            .filter(|e| proof.events.contains(&e.event))
            .map(|e| (handshake_explain::format::time_label(e.t, lang), e.text))
            .collect::<Vec<_>>()
    });
    html! {
        <div class="learn-card__evidence">
            <h4>{ L::RunShows.text(lang) }</h4>
            <ul>
                { for lines.iter().map(|(t, text)| html! {
                    <li><span class="learn-card__time">{ t.clone() }</span>{ " " }{ text.clone() }</li>
                }) }
            </ul>
        </div>
    }
}

/// A stable id for a card: `m1`, `handshake`.
pub fn card_id(demo: Demo) -> String {
    format!("{demo:?}").to_ascii_lowercase()
}

fn scroll_to(list: &NodeRef, selector: &str) {
    if let Some(el) = list
        .cast::<web_sys::Element>()
        .and_then(|l| l.query_selector(selector).ok().flatten())
    {
        el.scroll_into_view_with_bool(true);
    }
}
