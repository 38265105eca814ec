//! The profile switch (issue 14): RFC 9293 or the measured Linux kernel, one setting of the
//! scenario ([`ProfileSwitch`], in the settings tab), and [`ProfilePair`], the same scenario and
//! session under both profiles side by side at the same present — two read-only
//! [`TraceLadder`]s, kept in their own component so the fork/compare view can take it over.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::config::Profile;
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Simulator, TimedAction};
use handshake_core::trace::Trace;
use yew::prelude::*;

use crate::components::TraceLadder;
use crate::i18n::{Lang, Msg};
use crate::lab::Action;
use crate::shared::Shared;

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

/// The whole run of `scenario` under `profile` with the session's `tape`.
pub fn run_under(scenario: &Scenario, tape: &[TimedAction], profile: Profile) -> Option<Trace> {
    let scenario = scenario.clone().with_profile(profile);
    let mut sim = Simulator::new(&scenario).ok()?;
    if let Some(last) = tape.last() {
        sim.replay_onto(tape, last.at);
    }
    sim.run_to_end();
    Some(sim.trace().clone())
}

#[derive(Clone, PartialEq, Properties)]
pub struct ProfilePairProps {
    pub scenario: Shared<Scenario>,
    pub tape: Shared<Vec<TimedAction>>,
    pub now: Instant,
    pub lang: Lang,
}

#[function_component(ProfilePair)]
pub fn profile_pair(props: &ProfilePairProps) -> Html {
    let lang = props.lang;
    let traces = use_memo((props.scenario.clone(), props.tape.clone()), |(s, tape)| {
        Profile::ALL.map(|p| run_under(s, tape, p).map(|t| Shared(Rc::new(t))))
    });
    let columns = Profile::ALL
        .into_iter()
        .zip(traces.iter())
        .map(|(p, trace)| {
            let name = profile_msg(p).text(lang);
            html! {
                <section class="profile-pair__col" data-profile={p.name()}>
                    <h3 class="profile-pair__title">{ name }</h3>
                    if let Some(trace) = trace {
                        <TraceLadder trace={trace.clone()} now={props.now} {lang} name={p.name()} />
                    }
                </section>
            }
        });
    html! {
        <section class="profile-pair" aria-label={Msg::CompareLabel.text(lang)}>
            <h2 class="profile-pair__heading">{ Msg::CompareLabel.text(lang) }</h2>
            <div class="profile-pair__cols">{ for columns }</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::presets;
    use handshake_core::sim::Side;
    use handshake_core::trace::TraceKind;

    #[test]
    fn the_pair_differs_where_the_profiles_do() {
        let s = presets::find("syn-retries-exhausted")
            .unwrap()
            .scenario()
            .unwrap();
        let syns = |p| -> Vec<u64> {
            run_under(&s, &[], p)
                .unwrap()
                .iter()
                .filter(|e| matches!(&e.kind, TraceKind::Send { seg, .. } if seg.flags.syn() && seg.from == Side::Client))
                .map(|e| e.t.total_micros() / 1000)
                .collect()
        };
        assert_eq!(&syns(Profile::Rfc)[..3], &[0, 1000, 3000]);
        assert_eq!(&syns(Profile::Linux)[..3], &[0, 1000, 2000]);
    }
}
