//! 한국어 / English: two toggle buttons, each labelled in its own language.

use yew::prelude::*;

use crate::i18n::{Lang, Msg};

#[derive(Clone, PartialEq, Properties)]
pub struct LanguageSwitchProps {
    pub lang: Lang,
    /// Called with the language whose button was pressed (only when it differs from `lang`).
    pub onchange: Callback<Lang>,
}

#[function_component(LanguageSwitch)]
pub fn language_switch(props: &LanguageSwitchProps) -> Html {
    let buttons = Lang::ALL.into_iter().map(|choice| {
        let pressed = choice == props.lang;
        let onclick = {
            let onchange = props.onchange.clone();
            let current = props.lang;
            Callback::from(move |_: MouseEvent| {
                if choice != current {
                    onchange.emit(choice);
                }
            })
        };
        let class = classes!("language-switch__option", pressed.then_some("language-switch__option--active"));
        html! {
            <button type="button" {class} lang={choice.tag()} aria-pressed={pressed.to_string()} {onclick}>
                { choice.endonym() }
            </button>
        }
    });
    html! {
        <div class="language-switch" role="group" aria-label={Msg::LanguageSwitchLabel.text(props.lang)}>
            { for buttons }
        </div>
    }
}
