//! The preset menu: a button naming the current scenario, its "what to notice" line below, and
//! a listbox of every preset of `handshake_core::presets::PRESETS` with its title and notice in
//! the current language (the current one checked). Keyboard: ↓ / Enter / Space open it, ↑ ↓
//! Home End move, Enter or Space picks, Esc closes; focus returns to the button.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use handshake_core::presets::PRESETS;
use handshake_core::scenario::Text;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::i18n::{Lang, Msg};

#[derive(Clone, PartialEq, Properties)]
pub struct PresetMenuProps {
    /// The slug of the loaded preset; `None` for a scenario of the user's own.
    pub current: Option<&'static str>,
    pub lang: Lang,
    /// Called with the slug the user picked.
    pub on_pick: Callback<&'static str>,
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
        pick(&self.title, lang)
    }
    pub fn notice(&self, lang: Lang) -> &str {
        pick(&self.notice, lang)
    }
}

fn pick(t: &Text, lang: Lang) -> &str {
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
    let title = current.map_or(Msg::PresetMenuCustom.text(lang), |t| t.title(lang));
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
            if let Some(t) = current {
                <p class="preset-menu__notice">
                    <span class="preset-menu__notice-label">{ Msg::PresetMenuNotice.text(lang) }{ ": " }</span>
                    { t.notice(lang) }
                </p>
            }
            if *open {
                <ul class="preset-menu__list" role="listbox" id={format!("{id}-list")} tabindex="-1" ref={list_ref}
                    aria-label={Msg::PresetMenuList.text(lang)}
                    aria-activedescendant={format!("{id}-{}", *active)}
                    onkeydown={onlistkey} {onblur}>
                    { for options }
                </ul>
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
