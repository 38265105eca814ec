//! The Learn panel ("학습"), one tab of the side column: the misconception cards, the interview
//! questions, predict-then-reveal's switch and scores, the map of Figure 5's arcs seen, and the
//! glossary. A row of section buttons (one tab stop each, the shown one marked) picks the part;
//! everything is reachable by keyboard and works at a phone's width.

use handshake_core::Instant;
use handshake_explain::Lang;
use handshake_explain::arcs::{ARCS, Arc, ArcId, FIGURE_ARCS, Show, label};
use handshake_explain::glossary::TERMS;
use handshake_explain::questions::Kind;
use yew::prelude::*;

use crate::components::lesson_cards::{InterviewList, MythCards};
use crate::lab::{Action, Learn, LearnAction, LearnView};
use crate::learn_text::{L, coverage_count, of_count, step_text, tally};
use crate::shared::Shared;

#[derive(Clone, PartialEq, Properties)]
pub struct LearnPanelProps {
    pub learn: Shared<Learn>,
    pub lang: Lang,
    pub ondispatch: Callback<Action>,
}

const fn section_label(v: LearnView) -> L {
    match v {
        LearnView::Myths(_) => L::Myths,
        LearnView::Interview => L::Interview,
        LearnView::Predict => L::Predict,
        LearnView::Coverage => L::Coverage,
        LearnView::Glossary(_) => L::Glossary,
    }
}

const fn section_key(v: LearnView) -> &'static str {
    match v {
        LearnView::Myths(_) => "myths",
        LearnView::Interview => "interview",
        LearnView::Predict => "predict",
        LearnView::Coverage => "coverage",
        LearnView::Glossary(_) => "glossary",
    }
}

#[function_component(LearnPanel)]
pub fn learn_panel(props: &LearnPanelProps) -> Html {
    let lang = props.lang;
    let learn = &props.learn;
    let view = learn.view;
    let nav = LearnView::ALL.iter().map(|&v| {
        let current = view.section() == v;
        let onclick = props
            .ondispatch
            .reform(move |_: MouseEvent| Action::Learn(LearnAction::View(v)));
        html! {
            <button type="button" class={classes!("learn__nav-item", current.then_some("learn__nav-item--current"))}
                data-section={section_key(v)} aria-current={current.then_some("true")} {onclick}>
                { section_label(v).text(lang) }
            </button>
        }
    });
    let lit = learn.lit.as_ref().map(|l| l.demo);
    let body = match view {
        LearnView::Myths(open) => html! {
            <MythCards {lang} {lit} {open} ondispatch={props.ondispatch.clone()} />
        },
        LearnView::Interview => html! {
            <InterviewList {lang} {lit} ondispatch={props.ondispatch.clone()} />
        },
        LearnView::Predict => html! {
            <PredictSection learn={props.learn.clone()} {lang} ondispatch={props.ondispatch.clone()} />
        },
        LearnView::Coverage => html! {
            <CoverageSection learn={props.learn.clone()} {lang} ondispatch={props.ondispatch.clone()} />
        },
        LearnView::Glossary(term) => html! { <GlossarySection {lang} {term} /> },
    };
    let clear = props
        .ondispatch
        .reform(|_: MouseEvent| Action::Learn(LearnAction::ClearHighlight));
    html! {
        <div class="learn">
            <nav class="learn__nav" aria-label={L::Sections.text(lang)}>{ for nav }</nav>
            if let Some(l) = &learn.lit {
                <p class="learn__lit" role="status">
                    <span class="learn__lit-dot" aria-hidden="true">{ "◎ " }</span>
                    <strong>{ L::Lit.text(lang) }{ ": " }</strong>
                    { lit_caption(l.demo, lang) }
                    { " " }
                    <button type="button" class="learn__lit-clear" onclick={clear}>{ L::ClearLit.text(lang) }</button>
                </p>
            }
            { body }
        </div>
    }
}

/// The lit card's caption: the lesson's moment, or the interview question.
fn lit_caption(demo: handshake_explain::lessons::Demo, lang: Lang) -> String {
    if let Some(l) = demo.lesson() {
        return format!("{} — {}", l.id, l.moment.get(lang));
    }
    // A card's second run (M7's old duplicate after TIME-WAIT).
    if let Some((l, (_, moment))) = handshake_explain::lessons::LESSONS
        .iter()
        .find_map(|l| l.also.filter(|(d, _)| *d == demo).map(|a| (l, a)))
    {
        return format!("{} — {}", l.id, moment.get(lang));
    }
    handshake_explain::interview::QUESTIONS
        .iter()
        .find(|q| q.demo == demo)
        .map_or_else(String::new, |q| q.question.get(lang).to_owned())
}

#[derive(Clone, PartialEq, Properties)]
struct SectionProps {
    learn: Shared<Learn>,
    lang: Lang,
    ondispatch: Callback<Action>,
}

#[function_component(PredictSection)]
fn predict_section(props: &SectionProps) -> Html {
    let lang = props.lang;
    let learn = &props.learn;
    let onswitch = props
        .ondispatch
        .reform(|_: Event| Action::Learn(LearnAction::ToggleQuiz));
    let kinds = Kind::ALL.iter().map(|&k| {
        let onchange = props
            .ondispatch
            .reform(move |_: Event| Action::Learn(LearnAction::ToggleKind(k)));
        let id = format!("learn-kind-{}", k.name());
        html! {
            <li>
                <input type="checkbox" id={id.clone()} checked={learn.kinds[k.index()]} {onchange} />
                <label for={id}>{ k.topic().get(lang) }</label>
            </li>
        }
    });
    let rows = Kind::ALL.iter().map(|&k| {
        let cell = |t: handshake_explain::progress::Tally| {
            if t.asked == 0 {
                L::NoneYet.text(lang).to_owned()
            } else {
                tally(t.right, t.asked, lang)
            }
        };
        html! {
            <tr data-kind={k.name()}>
                <th scope="row">{ k.topic().get(lang) }</th>
                <td>{ cell(learn.session.of(k)) }</td>
                <td>{ cell(learn.total.of(k)) }</td>
            </tr>
        }
    });
    let reset = props
        .ondispatch
        .reform(|_: MouseEvent| Action::Learn(LearnAction::ResetScore));
    html! {
        <section class="learn-section learn-section--predict" aria-labelledby="learn-predict-title">
            <h3 class="learn-section__title" id="learn-predict-title">{ L::Predict.text(lang) }</h3>
            <p class="learn-section__intro">{ L::PredictIntro.text(lang) }</p>
            <p class="learn__switch">
                <input type="checkbox" role="switch" id="learn-quiz" checked={learn.quiz} onchange={onswitch}
                    aria-keyshortcuts="q" />
                <label for="learn-quiz">{ L::QuizSwitch.text(lang) }</label>
            </p>
            <fieldset class="learn__kinds">
                <legend>{ L::AskAbout.text(lang) }</legend>
                <ul>{ for kinds }</ul>
            </fieldset>
            <table class="learn__scores">
                <thead>
                    <tr>
                        <th scope="col">{ L::Topic.text(lang) }</th>
                        <th scope="col">{ L::ThisSession.text(lang) }</th>
                        <th scope="col">{ L::AllVisits.text(lang) }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p class="learn__hint">{ L::StoredHint.text(lang) }{ " " }
                <button type="button" class="learn__reset" onclick={reset}>{ L::ResetScore.text(lang) }</button>
            </p>
            <p class="learn__hint">{ L::QuizLinkHint.text(lang) }</p>
        </section>
    }
}

/// An arc as the map lists it: `LISTEN → SYN-RECEIVED: rcv SYN / snd SYN,ACK`.
fn arc_line(arc: &Arc, lang: Lang) -> String {
    let from = arc
        .from
        .map_or_else(|| "*".to_owned(), |s| s.name().to_owned());
    format!("{from} → {}: {}", arc.to.name(), label(arc, lang))
}

#[function_component(CoverageSection)]
fn coverage_section(props: &SectionProps) -> Html {
    let lang = props.lang;
    let c = props.learn.coverage;
    let missing = |range: std::ops::Range<usize>| {
        range
            .filter(|&i| !c.has(ArcId(i as u8)))
            .map(|i| {
                let arc = &ARCS[i];
                let id = ArcId(i as u8);
                let (hint, action) = match arc.show {
                    Show::Run { hint, step, .. } => {
                        let onclick = props
                            .ondispatch
                            .reform(move |_: MouseEvent| Action::Learn(LearnAction::TryArc(id)));
                        let step = step.map(|s| {
                            step_text(Instant::from_millis(s.at_ms), s.side, s.act, lang)
                        });
                        (
                            hint.get(lang),
                            html! {
                                <>
                                    if let Some(s) = step { <span class="learn-arc__step">{ s }</span> }
                                    <button type="button" class="learn-arc__try" data-arc={i.to_string()} {onclick}>
                                        { L::CoverageTry.text(lang) }
                                    </button>
                                </>
                            },
                        )
                    }
                    Show::Never { why } => (
                        why.get(lang),
                        html! { <span class="learn-arc__never">{ L::CoverageNever.text(lang) }</span> },
                    ),
                };
                html! {
                    <li class="learn-arc" data-arc={i.to_string()}>
                        <code class="learn-arc__name">{ arc_line(arc, lang) }</code>
                        <span class="learn-arc__hint">{ hint }</span>
                        <span class="learn-arc__do">{ action }</span>
                    </li>
                }
            })
            .collect::<Html>()
    };
    let seen = (0..ARCS.len())
        .filter(|&i| c.has(ArcId(i as u8)))
        .map(|i| html! { <li><code>{ arc_line(&ARCS[i], lang) }</code></li> });
    let reset = props
        .ondispatch
        .reform(|_: MouseEvent| Action::Learn(LearnAction::ResetCoverage));
    let figure_seen = c.figure_seen();
    let others = ARCS.len() - FIGURE_ARCS;
    html! {
        <section class="learn-section learn-section--coverage" aria-labelledby="learn-coverage-title">
            <h3 class="learn-section__title" id="learn-coverage-title">{ L::Coverage.text(lang) }</h3>
            <p class="learn-section__intro">{ L::CoverageIntro.text(lang) }</p>
            <p class="learn__count" data-seen={figure_seen.to_string()}>
                <strong>{ coverage_count(figure_seen, FIGURE_ARCS, lang) }</strong>
                { " · " }{ L::CoverageOmitted.text(lang) }{ ": " }{ of_count(c.others_seen(), others, lang) }
            </p>
            <progress class="learn__progress" max={FIGURE_ARCS.to_string()} value={figure_seen.to_string()}
                aria-label={coverage_count(figure_seen, FIGURE_ARCS, lang)} />
            if figure_seen == FIGURE_ARCS {
                <p class="learn__all">{ L::CoverageAll.text(lang) }</p>
            }
            <h4>{ L::CoverageMissing.text(lang) }</h4>
            <ul class="learn-arcs">{ missing(0..FIGURE_ARCS) }</ul>
            <h4>{ L::CoverageOmitted.text(lang) }</h4>
            <ul class="learn-arcs learn-arcs--omitted">{ missing(FIGURE_ARCS..ARCS.len()) }</ul>
            <details class="learn__seen">
                <summary>{ L::CoverageSeen.text(lang) }{ " (" }{ (figure_seen + c.others_seen()).to_string() }{ ")" }</summary>
                <ul>{ for seen }</ul>
            </details>
            <p class="learn__hint">{ L::StoredHint.text(lang) }{ " " }
                <button type="button" class="learn__reset" onclick={reset}>{ L::CoverageReset.text(lang) }</button>
            </p>
        </section>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct GlossaryProps {
    lang: Lang,
    term: Option<&'static str>,
}

#[function_component(GlossarySection)]
fn glossary_section(props: &GlossaryProps) -> Html {
    let lang = props.lang;
    let list_ref = use_node_ref();
    {
        let list_ref = list_ref.clone();
        use_effect_with(props.term, move |term| {
            if let Some(id) = term {
                if let Some(el) = list_ref
                    .cast::<web_sys::Element>()
                    .and_then(|l| l.query_selector(&format!("#term-{id}")).ok().flatten())
                {
                    el.scroll_into_view_with_bool(true);
                    if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                        let _ = el.focus();
                    }
                }
            }
        });
    }
    let terms = TERMS.iter().map(|t| {
        let asked = props.term == Some(t.id);
        html! {
            <div class={classes!("learn-term", asked.then_some("learn-term--asked"))} id={format!("term-{}", t.id)} tabindex="-1">
                <dt>
                    <dfn>{ t.name.get(lang) }</dfn>
                    <span class="learn-term__rfc">{ t.rfc }</span>
                </dt>
                <dd>{ t.definition.get(lang) }</dd>
            </div>
        }
    });
    html! {
        <section class="learn-section learn-section--glossary" aria-labelledby="learn-glossary-title">
            <h3 class="learn-section__title" id="learn-glossary-title">{ L::Glossary.text(lang) }</h3>
            <p class="learn-section__intro">{ L::GlossaryIntro.text(lang) }</p>
            <dl class="learn-terms" ref={list_ref}>{ for terms }</dl>
        </section>
    }
}
