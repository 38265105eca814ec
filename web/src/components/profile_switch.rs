//! The profile switch (issue 14): RFC 9293 or the measured Linux kernel, one setting of the
//! scenario ([`ProfileSwitch`], in the settings tab), and the button that shows the same scenario
//! and session under the other profile beside it — in the fork/compare view of issue 13
//! (`WhyAction::CompareProfiles`: two stages on one time axis, where the runs part marked).

use handshake_core::config::Profile;
use yew::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::lab::Action;

fn profile_msg(p: Profile) -> Msg {
    match p {
        Profile::Rfc => Msg::ProfileRfc,
        Profile::Linux => Msg::ProfileLinux,
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct ProfileSwitchProps {
    pub profile: Profile,
    pub lang: Lang,
    pub ondispatch: Callback<Action>,
    /// Whether the comparison is shown, and how to toggle it.
    pub comparing: bool,
    pub ontogglecompare: Callback<()>,
}

#[function_component(ProfileSwitch)]
pub fn profile_switch(props: &ProfileSwitchProps) -> Html {
    let lang = props.lang;
    let options = Profile::ALL.into_iter().map(|p| {
        let ondispatch = props.ondispatch.clone();
        let onchange = Callback::from(move |_: Event| ondispatch.emit(Action::SetProfile(p)));
        html! {
            <label class="profile-switch__option">
                <input type="radio" name="profile" value={p.name()} checked={props.profile == p} {onchange} />
                { profile_msg(p).text(lang) }
            </label>
        }
    });
    let ontoggle = {
        let cb = props.ontogglecompare.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <fieldset class="profile-switch">
            <legend class="profile-switch__legend">{ Msg::ProfileLabel.text(lang) }</legend>
            <div class="profile-switch__options">{ for options }</div>
            <p class="profile-switch__hint">{ Msg::ProfileHint.text(lang) }</p>
            <button type="button" class="profile-switch__compare" aria-pressed={props.comparing.to_string()} onclick={ontoggle}>
                { if props.comparing { Msg::CompareHide.text(lang) } else { Msg::CompareProfiles.text(lang) } }
            </button>
        </fieldset>
    }
}
