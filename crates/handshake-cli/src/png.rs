//! `--format png`: the export's SVG (`handshake_export::svg`, the same picture the app's Export
//! menu draws on a canvas) rasterised at 2× with resvg.
//!
//! The SVG names the app's fonts (Korean from the system, none shipped), so the text is drawn
//! with the system's fonts through fontconfig's directories; the generic `sans-serif` and
//! `monospace` fall back to whatever face has the glyphs. With no font at all the labels would be
//! silently left out, so that is an error instead.

use resvg::{tiny_skia, usvg};

/// Pixels per SVG unit: print quality, as the app's PNG.
pub const SCALE: f32 = 2.0;

/// The PNG of `svg` at [`SCALE`]×.
pub fn render(svg: &str) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    if options.fontdb.is_empty() {
        return Err(
            "no font found on this system (fontconfig's directories are empty): the labels \
             cannot be drawn; install a font package (e.g. fonts-nanum, which also has the \
             Korean glyphs) or use --format svg"
                .into(),
        );
    }
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or("the picture is too large to draw")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("the picture is too large to draw")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}
