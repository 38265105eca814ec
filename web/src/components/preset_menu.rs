//! The preset menu: a button naming the current scenario, its "what to notice" line below, and
//! a listbox of every preset of `handshake_core::presets::PRESETS` with its title and notice in
//! the current language (the current one checked). Keyboard: ↓ / Enter / Space open it, ↑ ↓
//! Home End move, Enter or Space picks, Esc closes; focus returns to the button.
//!
//! A scenario that is not a preset (an imported file, a preset with changed settings) is named
//! by its own title and notice when it has them, and as "your own scenario" otherwise. The
//! notice is cut to a few lines where room is short (a phone, a zoomed page); a "more" button,
//! offered only when lines were cut, shows all of it.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use handshake_core::presets::PRESETS;
use handshake_core::scenario::{Scenario, Text};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::shared::Shared;

#[derive(Clone, PartialEq, Properties)]
pub struct PresetMenuProps {
    /// The slug of the loaded preset; `None` for a scenario of the user's own.
    pub current: Option<&'static str>,
    pub lang: Lang,
    /// Called with the slug the user picked.
    pub on_pick: Callback<&'static str>,
    /// The scenario loaded: its own title and notice name it when it is not a preset.
    #[prop_or_default]
    pub scenario: Option<Shared<Scenario>>,
}

/// A preset's texts, parsed once.
pub struct PresetText {
    pub slug: &'static str,
    pub reference: Option<&'static str>,
    pub title: Text,
    pub notice: Text,
}

impl PresetText {
    pub fn title(&self, lang: Lang) -> &str {
        in_lang(&self.title, lang)
    }
    pub fn notice(&self, lang: Lang) -> &str {
        in_lang(&self.notice, lang)
    }
}

fn in_lang(t: &Text, lang: Lang) -> &str {
    match lang {
        Lang::En => &t.en,
        Lang::Ko => &t.ko,
    }
}

/// Every preset's title and notice, in `PRESETS` order (parsing the scenario files once).
pub fn preset_texts() -> &'static [PresetText] {
    static TEXTS: OnceLock<Vec<PresetText>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        PRESETS
            .iter()
            .map(|p| PresetText {
                slug: p.slug,
                reference: p.reference,
                title: p.title(),
                notice: p.notice(),
            })
            .collect()
    })
}

/// A prefix for element ids unique to each mounted menu (the listbox refers to its options by
/// id).
fn next_id() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("preset-menu-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

#[function_component(PresetMenu)]
pub fn preset_menu(props: &PresetMenuProps) -> Html {
    let lang = props.lang;
    let texts = preset_texts();
    let id = use_memo((), |_| next_id());
    let open = use_state_eq(|| false);
    let current_index = props
        .current
        .and_then(|slug| texts.iter().position(|t| t.slug == slug));
    let active = use_state_eq(|| 0usize);
    let button_ref = use_node_ref();
    let list_ref = use_node_ref();

    // Focus follows the menu: the list when it opens.
    {
        let list_ref = list_ref.clone();
        use_effect_with(*open, move |open| {
            if *open {
                if let Some(list) = list_ref.cast::<HtmlElement>() {
                    // Focus cannot fail on an element in the document; nothing to do if it did.
                    let _ = list.focus();
                }
            }
        });
    }
    let open_menu = {
        let open = open.clone();
        let active = active.clone();
        move || {
            active.set(current_index.unwrap_or(0));
            open.set(true);
        }
    };
    let close_menu = {
        let open = open.clone();
        let button_ref = button_ref.clone();
        move |refocus: bool| {
            open.set(false);
            if refocus {
                if let Some(b) = button_ref.cast::<HtmlElement>() {
                    let _ = b.focus();
                }
            }
        }
    };
    let pick = {
        let on_pick = props.on_pick.clone();
        let close_menu = close_menu.clone();
        move |i: usize| {
            close_menu(true);
            if let Some(t) = texts.get(i) {
                on_pick.emit(t.slug);
            }
        }
    };

    let onclick = {
        let open_menu = open_menu.clone();
        let close_menu = close_menu.clone();
        let is_open = *open;
        Callback::from(move |_: MouseEvent| {
            if is_open {
                close_menu(false);
            } else {
                open_menu();
            }
        })
    };
    let onbuttonkey = {
        let open_menu = open_menu.clone();
        Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "ArrowDown" | "ArrowUp") {
                e.prevent_default();
                e.stop_propagation();
                open_menu();
            }
        })
    };
    let count = texts.len();
    let onlistkey = {
        let active = active.clone();
        let pick = pick.clone();
        let close_menu = close_menu.clone();
        let list_ref = list_ref.clone();
        let id = id.clone();
        Callback::from(move |e: KeyboardEvent| {
            let now = *active;
            let next = match e.key().as_str() {
                "ArrowDown" => (now + 1).min(count - 1),
                "ArrowUp" => now.saturating_sub(1),
                "Home" => 0,
                "End" => count - 1,
                "Enter" | " " => {
                    e.prevent_default();
                    e.stop_propagation();
                    pick(now);
                    return;
                }
                "Escape" => {
                    e.prevent_default();
                    e.stop_propagation();
                    close_menu(true);
                    return;
                }
                "Tab" => {
                    close_menu(false);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            active.set(next);
            scroll_option_into_view(&list_ref, &format!("{id}-{next}"));
        })
    };
    let onblur = {
        let close_menu = close_menu.clone();
        Callback::from(move |_: FocusEvent| close_menu(false))
    };

    let options = texts.iter().enumerate().map(|(i, t)| {
        let is_current = Some(i) == current_index;
        let class = classes!(
            "preset-menu__option",
            is_current.then_some("preset-menu__option--current"),
            (i == *active).then_some("preset-menu__option--active"),
        );
        let onclick = {
            let pick = pick.clone();
            Callback::from(move |_: MouseEvent| pick(i))
        };
        // Keep focus on the list while pressing an option, so its blur does not close the menu
        // before the click lands.
        let onmousedown = Callback::from(|e: MouseEvent| e.prevent_default());
        let onmouseenter = {
            let active = active.clone();
            Callback::from(move |_: MouseEvent| active.set(i))
        };
        html! {
            <li {class} role="option" id={format!("{id}-{i}")} aria-selected={is_current.to_string()}
                data-slug={t.slug} {onclick} {onmousedown} {onmouseenter}>
                <span class="preset-menu__check" aria-hidden="true">{ if is_current { "✓" } else { "" } }</span>
                <span class="preset-menu__option-title">{ t.title(lang) }</span>
                if let Some(r) = t.reference {
                    <span class="preset-menu__reference">{ r }</span>
                }
                <span class="preset-menu__option-notice">{ t.notice(lang) }</span>
            </li>
        }
    });

    let current = current_index.and_then(|i| texts.get(i));
    // Not a preset: the file's own words, if it has them.
    let own = props.scenario.as_ref().filter(|_| current.is_none());
    let title = match (current, own.and_then(|s| s.title.as_ref())) {
        (Some(t), _) => t.title(lang),
        (None, Some(own)) if !in_lang(own, lang).trim().is_empty() => in_lang(own, lang),
        _ => Msg::PresetMenuCustom.text(lang),
    };
    let notice = match (current, own.and_then(|s| s.notice.as_ref())) {
        (Some(t), _) => Some(t.notice(lang)),
        (None, Some(own)) => Some(in_lang(own, lang)).filter(|n| !n.trim().is_empty()),
        _ => None,
    };
    html! {
        <div class={classes!("preset-menu", open.then_some("preset-menu--open"))}>
            <button type="button" class="preset-menu__button" id={format!("{id}-button")} ref={button_ref}
                aria-haspopup="listbox" aria-expanded={open.to_string()} aria-controls={format!("{id}-list")}
                {onclick} onkeydown={onbuttonkey}>
                <span class="preset-menu__label">{ Msg::PresetMenuLabel.text(lang) }</span>
                <span class="preset-menu__title">{ title }</span>
                <svg class="preset-menu__chevron" viewBox="0 0 12 12" aria-hidden="true">
                    <path d="M2 4l4 4 4-4" />
                </svg>
            </button>
            if let Some(text) = notice {
                <Notice id={format!("{id}-notice")} {lang} text={AttrValue::from(text.to_owned())} />
            }
            if *open {
                <ul class="preset-menu__list" role="listbox" id={format!("{id}-list")} tabindex="0" ref={list_ref}
                    aria-label={Msg::PresetMenuList.text(lang)}
                    aria-activedescendant={format!("{id}-{}", *active)}
                    onkeydown={onlistkey} {onblur}>
                    { for options }
                </ul>
            }
        </div>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct NoticeProps {
    id: AttrValue,
    lang: Lang,
    text: AttrValue,
}

/// "What to notice": cut to a few lines by the stylesheet where room is short, with a button
/// that shows the rest, offered only when something was cut (measured after drawing, and again
/// when the window changes size).
#[function_component(Notice)]
fn notice(props: &NoticeProps) -> Html {
    let lang = props.lang;
    let expanded = use_state_eq(|| false);
    let cut = use_state_eq(|| false);
    let text_ref = use_node_ref();
    {
        let text_ref = text_ref.clone();
        let cut = cut.clone();
        use_effect_with((props.text.clone(), *expanded), move |(_, expanded)| {
            let measure = move || {
                if let Some(el) = text_ref.cast::<web_sys::Element>() {
                    cut.set(el.scroll_height() > el.client_height() + 1);
                }
            };
            if !*expanded {
                measure();
            }
            let listener = (!*expanded)
                .then(web_sys::window)
                .flatten()
                .map(|w| gloo::events::EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    let text_id = format!("{}-text", props.id);
    html! {
        <div class={classes!("preset-menu__notice", expanded.then_some("preset-menu__notice--expanded"))} id={props.id.clone()}>
            <p class="preset-menu__notice-text" id={text_id.clone()} ref={text_ref}>
                <span class="preset-menu__notice-label">{ Msg::PresetMenuNotice.text(lang) }{ ": " }</span>
                { props.text.clone() }
            </p>
            if *cut || *expanded {
                <button type="button" class="preset-menu__notice-more" aria-expanded={expanded.to_string()}
                    aria-controls={text_id} onclick={toggle}>
                    { if *expanded { Msg::PresetMenuNoticeLess.text(lang) } else { Msg::PresetMenuNoticeMore.text(lang) } }
                </button>
            }
        </div>
    }
}

fn scroll_option_into_view(list: &NodeRef, id: &str) {
    let Some(list) = list.cast::<HtmlElement>() else {
        return;
    };
    if let Ok(Some(option)) = list.query_selector(&format!("#{id}")) {
        option.scroll_into_view_with_bool(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_has_a_title_and_notice_in_both_languages() {
        let texts = preset_texts();
        assert_eq!(texts.len(), PRESETS.len());
        for t in texts {
            for lang in [Lang::En, Lang::Ko] {
                assert!(!t.title(lang).is_empty(), "{} {lang:?}", t.slug);
                assert!(!t.notice(lang).is_empty(), "{} {lang:?}", t.slug);
            }
            assert_ne!(t.notice(Lang::En), t.notice(Lang::Ko), "{}", t.slug);
        }
    }
}
