//! Work done while the page is idle, a slice at a time: each slice runs in a timer task of its
//! own and stops after [`SLICE_MS`], so a frame or an input always finds the main thread free
//! within a few milliseconds. Used to get ahead of the present: the narration of the run as it
//! will go (`crate::narration`) and its ladder labels' sizes (`components::ladder`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;

/// How long a slice may take, in milliseconds.
pub const SLICE_MS: f64 = 5.0;
/// The pause between two slices, in milliseconds (a timer task of its own is enough for the
/// page's own work to come first).
const PAUSE_MS: u32 = 0;

/// The pending slice of some work; dropping it (or what it holds) stops the work.
pub type Pending = Rc<RefCell<Option<Timeout>>>;

/// Calls `step` in idle slices until it returns false (nothing more to do) or `pending` is
/// emptied. A step is a small unit of work: a slice ends at the first step after [`SLICE_MS`].
pub fn in_slices(pending: &Pending, mut step: impl FnMut() -> bool + 'static) {
    let next = Rc::clone(pending);
    let timeout = Timeout::new(PAUSE_MS, move || {
        let start = js_sys::Date::now();
        let mut more = true;
        while more && js_sys::Date::now() - start < SLICE_MS {
            more = step();
        }
        if more {
            in_slices(&next, step);
        } else {
            next.borrow_mut().take();
        }
    });
    *pending.borrow_mut() = Some(timeout);
}
