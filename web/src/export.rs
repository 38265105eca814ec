//! The export menu's files (`components/share_menu.rs`): every one is made by
//! `handshake-export` from the lab's simulation and its share-link experiment — the same bytes
//! `handshake-cli run --link … --format …` writes —, never derived again here. This module only
//! names the file, offers it for download, and for PNG draws the export's SVG on a canvas at
//! twice its size (the browser is the rasterizer; none ships in the wasm).

use handshake_export::{Export, Format, Run};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::lab::LabState;

/// An entry of the export menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// A file `handshake-export` writes.
    File(Format),
    /// The SVG drawn at 2× pixel density.
    Png,
}

impl Choice {
    /// The menu, in order: pictures, notes, Wireshark, files that re-open the run.
    pub const ALL: [Choice; 9] = [
        Choice::File(Format::Svg),
        Choice::Png,
        Choice::File(Format::Text),
        Choice::File(Format::Narrated),
        Choice::File(Format::Mermaid),
        Choice::File(Format::PlantUml),
        Choice::File(Format::Pcap),
        Choice::File(Format::Scenario),
        Choice::File(Format::JsonLines),
    ];

    /// A stable name for tests and ids (`svg`, `png`, `jsonl`…).
    pub const fn key(self) -> &'static str {
        match self {
            Choice::File(f) => f.name(),
            Choice::Png => "png",
        }
    }

    pub const fn label(self) -> Msg {
        match self {
            Choice::File(Format::Svg) => Msg::ExportSvg,
            Choice::Png => Msg::ExportPng,
            Choice::File(Format::Text) => Msg::ExportText,
            Choice::File(Format::Narrated) => Msg::ExportNarrated,
            Choice::File(Format::Mermaid) => Msg::ExportMermaid,
            Choice::File(Format::PlantUml) => Msg::ExportPlantUml,
            Choice::File(Format::Pcap) => Msg::ExportPcap,
            Choice::File(Format::Scenario) => Msg::ExportScenario,
            Choice::File(Format::JsonLines) => Msg::ExportJsonLines,
        }
    }

    const fn extension(self) -> &'static str {
        match self {
            Choice::File(f) => f.extension(),
            Choice::Png => "png",
        }
    }
}

/// The file name of an export: the preset the run is based on (or `handshake-lab`), the present
/// in seconds, the format's extension: `lost-syn-2.55s.svg`, `handshake-lab-0s.pcap`.
pub fn file_name(lab: &LabState, choice: Choice) -> String {
    let base = lab.based_on.unwrap_or("handshake-lab");
    let ms = lab.now.total_micros() / 1000;
    let secs = format!("{}.{:03}", ms / 1000, ms % 1000);
    let secs = secs.trim_end_matches('0').trim_end_matches('.');
    format!("{base}-{secs}s.{}", choice.extension())
}

/// The lab's run in `format`, by `handshake-export`, named for a download.
pub fn make(lab: &LabState, lang: Lang, format: Format) -> Result<Export, String> {
    let experiment = lab.experiment(lang);
    let sim = lab.sim.borrow();
    let run = Run::new(&sim, &experiment, lang);
    let mut export = handshake_export::export(&run, format).map_err(|e| e.message(lang))?;
    export.file_name = file_name(lab, Choice::File(format));
    Ok(export)
}

/// Offers `bytes` as a download named `name` (a `blob:` URL on a link with `download`).
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    download_blob(name, &blob)
}

fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The download has started from the click; the URL is let go a moment later.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Draws `svg` (an export with `width` and `height`) on a canvas at twice its size and offers the
/// PNG as a download named `name`. Asynchronous: the image loads first. `done` hears whether it
/// worked.
pub fn download_png(name: String, svg: &[u8], done: impl FnOnce(Result<(), JsValue>) + 'static) {
    let start = || -> Result<(web_sys::HtmlImageElement, String), JsValue> {
        let array = js_sys::Uint8Array::from(svg);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("image/svg+xml");
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(
            &js_sys::Array::of1(&array),
            &options,
        )?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let image = web_sys::HtmlImageElement::new()?;
        Ok((image, url))
    };
    let (image, url) = match start() {
        Ok(x) => x,
        Err(e) => return done(Err(e)),
    };
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let finish = {
        let done = std::rc::Rc::clone(&done);
        move |result: Result<(), JsValue>| {
            if let Some(done) = done.borrow_mut().take() {
                done(result);
            }
        }
    };
    let onload = {
        let image = image.clone();
        let url = url.clone();
        let finish = finish.clone();
        Closure::once(move || {
            let drawn = draw_png(&image, name, finish.clone());
            let _ = web_sys::Url::revoke_object_url(&url);
            if let Err(e) = drawn {
                finish(Err(e));
            }
        })
    };
    let onerror = {
        let url = url.clone();
        Closure::once(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            finish(Err(JsValue::from_str("the SVG did not load as an image")));
        })
    };
    image.set_onload(Some(onload.as_ref().unchecked_ref()));
    image.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    onload.forget();
    onerror.forget();
    image.set_src(&url);
}

/// The loaded image on a canvas at 2×, then to a PNG blob and a download.
fn draw_png(
    image: &web_sys::HtmlImageElement,
    name: String,
    finish: impl FnOnce(Result<(), JsValue>) + Clone + 'static,
) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let (w, h) = (image.natural_width(), image.natural_height());
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width(w * 2);
    canvas.set_height(h * 2);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    ctx.draw_image_with_html_image_element_and_dw_and_dh(
        image,
        0.0,
        0.0,
        f64::from(w * 2),
        f64::from(h * 2),
    )?;
    let callback = Closure::once(move |blob: Option<web_sys::Blob>| {
        let result = match blob {
            Some(blob) => download_blob(&name, &blob),
            None => Err(JsValue::from_str("the canvas gave no PNG")),
        };
        finish(result);
    });
    canvas.to_blob_with_type(callback.as_ref().unchecked_ref(), "image/png")?;
    callback.forget();
    Ok(())
}
