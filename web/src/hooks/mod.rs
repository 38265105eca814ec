//! The lab's hooks: the one animation clock, the keyboard, where focus goes when a menu closes,
//! a modal's keyboard, what the page's URL and the user's motion setting ask for, and whether a
//! media query (the phone's layout) matches; effects done before the frame they follow is
//! painted.

pub mod use_animation_clock;
pub mod use_before_paint;
pub mod use_focus_home;
pub mod use_keyboard;
pub mod use_media_query;
pub mod use_modal;
pub mod use_share_link;
pub mod use_url_params;

pub use use_animation_clock::use_animation_clock;
pub use use_before_paint::{use_effect_before_paint, use_effect_before_paint_with};
pub use use_focus_home::{FOCUS_HOME, use_focus_home};
pub use use_keyboard::use_keyboard;
pub use use_media_query::{NARROW, use_media_query};
pub use use_modal::use_modal;
pub use use_share_link::{
    copy_to_clipboard, link_url, read_page_link, use_address_link, use_hash_change,
};
pub use use_url_params::{UrlParams, prefers_reduced_motion};
