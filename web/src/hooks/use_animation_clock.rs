//! The one animation-frame loop of the app. While `running`, every frame calls `on_frame` with
//! the frame's timestamp (`performance.now()`, ms); the reducer turns it into virtual time. One
//! closure lives for the whole loop and re-requests itself; stopping cancels the pending frame.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

type FrameClosure = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

#[hook]
pub fn use_animation_clock(running: bool, on_frame: Callback<f64>) {
    use_effect_with(running, move |&running| {
        let closure: FrameClosure = Rc::new(RefCell::new(None));
        let pending: Rc<Cell<Option<i32>>> = Rc::new(Cell::new(None));
        let window = web_sys::window();
        if let (true, Some(window)) = (running, window.clone()) {
            let again = Rc::clone(&closure);
            let pending_in = Rc::clone(&pending);
            let window_in = window.clone();
            *closure.borrow_mut() = Some(Closure::new(move |ts: f64| {
                pending_in.set(None);
                on_frame.emit(ts);
                // Stopped during the frame (the cleanup took the closure): do not go on.
                if let Some(f) = again.borrow().as_ref() {
                    pending_in.set(
                        window_in
                            .request_animation_frame(f.as_ref().unchecked_ref())
                            .ok(),
                    );
                }
            }));
            if let Some(f) = closure.borrow().as_ref() {
                pending.set(
                    window
                        .request_animation_frame(f.as_ref().unchecked_ref())
                        .ok(),
                );
            }
        }
        move || {
            if let (Some(id), Some(window)) = (pending.take(), window) {
                let _ = window.cancel_animation_frame(id);
            }
            // Breaks the closure's reference to itself.
            closure.borrow_mut().take();
        }
    });
}
