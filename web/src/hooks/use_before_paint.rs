//! Effects that are done before the browser paints the render they follow.
//!
//! Yew runs a render's effects right after it, in the same task — unless its scheduler has been
//! at work for more than 16 ms: then it yields to the browser before the effects (Yew 0.23,
//! `scheduler::arch::run_scheduler`: it yields once only effects are left), and the browser may
//! paint the new page before they run. A seek in a long session renders for longer than that,
//! and its first frame showed the ladder's new band at the old scroll position (an empty ladder)
//! until the stage's effect scrolled to it a frame later. The log measures and scrolls the same
//! way, so it uses these hooks too.
//!
//! These hooks run their effect as an effect, or in the next animation frame's callbacks (which
//! come before that frame's paint) if those come first; once either way.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{AnimationFrame, request_animation_frame};
use yew::prelude::*;

type Job = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;

/// `job` to run in the next animation frame's callbacks, unless it was taken before; dropping
/// the handle cancels it.
fn before_paint(job: &Job) -> AnimationFrame {
    let job = Rc::clone(job);
    request_animation_frame(move |_| {
        let f = job.borrow_mut().take();
        if let Some(f) = f {
            f();
        }
    })
}

/// Runs `f` after every render, before the frame that shows it is painted.
#[hook]
pub fn use_effect_before_paint<F>(f: F)
where
    F: FnOnce() + 'static,
{
    let job: Job = Rc::new(RefCell::new(Some(Box::new(f))));
    let frame = before_paint(&job);
    use_effect(move || {
        let f = job.borrow_mut().take();
        if let Some(f) = f {
            f();
        }
        drop(frame);
    });
}

/// Runs `f` with `deps` after a render in which `deps` changed (and after the first), before the
/// frame that shows it is painted.
#[hook]
pub fn use_effect_before_paint_with<D, F>(deps: D, f: F)
where
    D: PartialEq + Clone + 'static,
    F: FnOnce(&D) + 'static,
{
    let last = use_mut_ref(|| None::<D>);
    let job: Job = Rc::new(RefCell::new(None));
    let mut frame = None;
    if last.borrow().as_ref() != Some(&deps) {
        *last.borrow_mut() = Some(deps.clone());
        let given = deps.clone();
        *job.borrow_mut() = Some(Box::new(move || f(&given)));
        frame = Some(before_paint(&job));
    }
    use_effect_with(deps, move |_| {
        let f = job.borrow_mut().take();
        if let Some(f) = f {
            f();
        }
        drop(frame);
    });
}
