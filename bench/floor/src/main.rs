//! The floor of our stack: the smallest Yew 0.23 CSR app that does what every page of ours does
//! — a button, state that re-renders, and an SVG shape moved by a `requestAnimationFrame` loop
//! that re-renders a component every frame (the app's clock works the same way:
//! `web/src/hooks/use_animation_clock.rs`). `scripts/bench-browser` builds it next to the app, with
//! the same profile and tools, and compares their size, start-up and frame times.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

type Frame = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// One trip across the drawing and back, in milliseconds.
const PERIOD_MS: f64 = 2000.0;

#[function_component(Floor)]
fn floor() -> Html {
    let count = use_state(|| 0_u32);
    let now = use_state(|| 0.0_f64);
    {
        let now = now.setter();
        use_effect_with((), move |()| {
            let frame: Frame = Rc::default();
            let pending: Rc<Cell<Option<i32>>> = Rc::default();
            let window = web_sys::window();
            let (again, pending_in, window_in) =
                (Rc::clone(&frame), Rc::clone(&pending), window.clone());
            *frame.borrow_mut() = Some(Closure::new(move |ts: f64| {
                now.set(ts);
                pending_in.set(request(window_in.as_ref(), &again));
            }));
            pending.set(request(window.as_ref(), &frame));
            move || {
                if let (Some(id), Some(window)) = (pending.take(), window) {
                    let _ = window.cancel_animation_frame(id);
                }
                // Breaks the closure's reference to itself.
                frame.borrow_mut().take();
            }
        });
    }
    let onclick = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.set(*count + 1))
    };
    let phase = (*now % PERIOD_MS) / PERIOD_MS;
    let cx = 20.0 + 360.0 * (1.0 - (2.0 * phase - 1.0).abs());
    html! {
        <main class="floor">
            <button type="button" class="floor__button" {onclick}>{ "+1" }</button>
            <output class="floor__count">{ *count }</output>
            <svg class="floor__stage" viewBox="0 0 400 40" width="400" height="40">
                <circle cx={format!("{cx:.1}")} cy="20" r="16" class="floor__circle" />
            </svg>
        </main>
    }
}

/// Asks for the next animation frame; its id, so that it can be cancelled.
fn request(window: Option<&web_sys::Window>, frame: &Frame) -> Option<i32> {
    let window = window?;
    let f = frame.borrow();
    window
        .request_animation_frame(f.as_ref()?.as_ref().unchecked_ref())
        .ok()
}

fn main() {
    yew::Renderer::<Floor>::new().render();
}
