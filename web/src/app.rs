//! The root component: holds the language and lays out the shell.

use handshake_core::State;
use yew::prelude::*;

use crate::components::{ControlBar, Footer, Header, Stage};
use crate::i18n::Lang;

#[derive(Clone, PartialEq, Properties, Default)]
pub struct AppProps {
    /// The starting language; `None` follows `navigator.language` (ko* → Korean).
    #[prop_or_default]
    pub lang: Option<Lang>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let lang = use_state(|| props.lang.unwrap_or_else(Lang::detect));
    use_effect_with(*lang, |lang| set_document_lang(*lang));
    let onlangchange = {
        let lang = lang.clone();
        Callback::from(move |choice: Lang| lang.set(choice))
    };
    html! {
        <ContextProvider<Lang> context={*lang}>
            <div class="app" lang={lang.tag()}>
                <Header lang={*lang} {onlangchange} />
                <main class="app__main">
                    <Stage client_state={State::Closed} server_state={State::Closed} />
                    <ControlBar />
                </main>
                <Footer />
            </div>
        </ContextProvider<Lang>>
    }
}

/// `<html lang>` follows the UI so that screen readers and font fallback use the right language.
fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        // Setting an attribute on <html> cannot fail in practice; nothing to do if it did.
        let _ = root.set_attribute("lang", lang.tag());
    }
}
