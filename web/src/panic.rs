//! The panic hook: never leave a blank page. A panic logs to the console (with the Rust
//! message) and replaces the page with a short message, the details and a reload button, in
//! both languages.

use std::panic::PanicHookInfo;

use web_sys::{Document, Element};

use crate::i18n::{Lang, Msg};

/// Installs the hook; [`crate::mount`] calls it before rendering (yew would install its own
/// console-only hook otherwise).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(hook));
}

fn hook(info: &PanicHookInfo<'_>) {
    console_error_panic_hook::hook(info);
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if let Ok(page) = render_panic_message(&document, &info.to_string()) {
        body.replace_children_with_node_1(&page);
    }
}

/// Builds the panic message as a detached element (the hook puts it in place of the body's
/// children). Built from DOM nodes with text content, so the panic message is never parsed as
/// HTML. The reload button is handled by start.js (a listener on the document, in JavaScript):
/// after a panic the wasm module may be dead, and the page's Content-Security-Policy blocks
/// inline handlers.
pub fn render_panic_message(
    document: &Document,
    details: &str,
) -> Result<Element, wasm_bindgen::JsValue> {
    let page = document.create_element("section")?;
    page.set_class_name("panic");
    page.set_attribute("role", "alert")?;
    for lang in Lang::ALL {
        let block = document.create_element("div")?;
        block.set_class_name("panic__block");
        block.set_attribute("lang", lang.tag())?;
        let title = document.create_element("h1")?;
        title.set_class_name("panic__title");
        title.set_text_content(Some(Msg::PanicTitle.text(lang)));
        let body = document.create_element("p")?;
        body.set_class_name("panic__body");
        body.set_text_content(Some(Msg::PanicBody.text(lang)));
        block.append_with_node_2(&title, &body)?;
        page.append_child(&block)?;
    }
    let reload = document.create_element("button")?;
    reload.set_class_name("panic__reload");
    reload.set_attribute("type", "button")?;
    reload.set_text_content(Some(&format!(
        "{} / {}",
        Msg::PanicReload.text(Lang::Ko),
        Msg::PanicReload.text(Lang::En)
    )));
    let more = document.create_element("details")?;
    more.set_class_name("panic__details");
    let summary = document.create_element("summary")?;
    summary.set_text_content(Some(&format!(
        "{} / {}",
        Msg::PanicDetails.text(Lang::Ko),
        Msg::PanicDetails.text(Lang::En)
    )));
    let pre = document.create_element("pre")?;
    pre.set_text_content(Some(details));
    more.append_with_node_2(&summary, &pre)?;
    page.append_with_node_2(&reload, &more)?;
    Ok(page)
}
