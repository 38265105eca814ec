//! The footer: the app's version and what it models.

use yew::prelude::*;

use crate::VERSION;
use crate::i18n::{Msg, use_lang};

#[derive(Clone, PartialEq, Properties)]
pub struct FooterProps {}

#[function_component(Footer)]
pub fn footer(_props: &FooterProps) -> Html {
    let lang = use_lang();
    html! {
        <footer class="footer">
            <span class="footer__version">
                { Msg::AppTitle.text(lang) }{ " " }{ Msg::FooterVersion.text(lang) }{ " " }
                <span class="footer__version-number">{ VERSION }</span>
            </span>
            <span class="footer__model">{ Msg::FooterModel.text(lang) }</span>
        </footer>
    }
}
