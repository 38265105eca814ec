//! The page header: product name, tagline and the language switch.

use yew::prelude::*;

use crate::components::LanguageSwitch;
use crate::i18n::{Lang, Msg};

#[derive(Clone, PartialEq, Properties)]
pub struct HeaderProps {
    pub lang: Lang,
    /// Called with the language the user picked.
    pub onlangchange: Callback<Lang>,
    /// Tools between the titles and the language switch (the preset menu, help).
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    html! {
        <header class="header">
            <div class="header__titles">
                <h1 class="header__title">{ Msg::AppTitle.text(lang) }</h1>
                <p class="header__tagline">{ Msg::AppTagline.text(lang) }</p>
            </div>
            <div class="header__tools">
                { props.children.clone() }
                <LanguageSwitch {lang} onchange={props.onlangchange.clone()} />
            </div>
        </header>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct HelpButtonProps {
    pub lang: Lang,
    pub onclick: Callback<MouseEvent>,
}

/// The button that opens the help, a component of its own so that the header's children compare
/// equal from one render to the next (Yew compares a tag's listeners by pointer and wraps them
/// anew at every render): the header is then not drawn again at every step of the lab.
#[function_component(HelpButton)]
pub fn help_button(props: &HelpButtonProps) -> Html {
    html! {
        <button type="button" class="header__help" aria-keyshortcuts="?"
            onclick={props.onclick.clone()}>
            <span aria-hidden="true">{ "? " }</span>{ Msg::HelpButton.text(props.lang) }
        </button>
    }
}
