//! [`Shared`]: an `Rc` for props, compared by identity.
//!
//! Yew compares a component's props on every render of its parent; the lab's parent renders on
//! every animation frame. Props that hold a large value computed once per change (the run's
//! [`crate::lab::Horizon`], the ladder's model, the typed inputs) are passed as `Shared` so that
//! comparing them is one pointer comparison, not a walk over their contents.

use std::rc::Rc;

/// An `Rc` compared by identity, for props that must not be compared field by field each frame.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
