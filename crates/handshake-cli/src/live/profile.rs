//! Profiles: the configuration the model runs with, chosen by name, in a live run and in the
//! simulation the differential compares it with.
//!
//! A profile turns a scenario into the one that is run: both endpoints get the core's profile of
//! that name (`handshake_core::config::Profile`, `Scenario::set_profile`), with the fields the
//! scenario sets itself on top. `rfc` is the reference profile of `docs/model.md` (a preset is
//! run as written), `linux` the Linux profile (issue 14 item 1: Linux 6.18's numbers and choices,
//! measured). The differential's expectations are kept per profile
//! (`crates/handshake-cli/differential/<name>.txt`).

use handshake_core::config::Profile as CoreProfile;
use handshake_core::scenario::Scenario;

/// A named way to configure the model.
pub struct Profile {
    pub name: &'static str,
    pub about: &'static str,
    pub apply: fn(&Scenario) -> Scenario,
}

/// Every profile, the default first.
pub const PROFILES: &[Profile] = &[
    Profile {
        name: "rfc",
        about: "the reference profile (RFC 9293 / RFC 6298 values) under the scenario's own fields",
        apply: |s| s.clone().with_profile(CoreProfile::Rfc),
    },
    Profile {
        name: "linux",
        about: "the Linux profile (Linux 6.18 measured: docs/model.md) under the scenario's own fields",
        apply: |s| s.clone().with_profile(CoreProfile::Linux),
    },
];

/// The profile called `name`.
pub fn find(name: &str) -> Result<&'static Profile, String> {
    PROFILES.iter().find(|p| p.name == name).ok_or_else(|| {
        let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
        format!(
            "unknown profile `{name}`; the profiles are: {}",
            names.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_is_the_scenario_as_written() {
        let s = handshake_core::presets::find("lost-syn")
            .unwrap()
            .scenario()
            .unwrap();
        assert_eq!((find("rfc").unwrap().apply)(&s), s);
        assert_eq!(PROFILES[0].name, "rfc");
    }

    #[test]
    fn an_unknown_profile_names_the_known_ones() {
        let e = find("bsd").err().unwrap();
        assert_eq!(e, "unknown profile `bsd`; the profiles are: rfc, linux");
    }

    #[test]
    fn linux_is_the_cores_linux_profile_under_the_scenarios_own_fields() {
        use handshake_core::config::Config;
        let s = handshake_core::presets::find("lost-data")
            .unwrap()
            .scenario()
            .unwrap();
        let linux = (find("linux").unwrap().apply)(&s);
        assert_eq!(linux.profile, CoreProfile::Linux);
        assert_eq!(
            linux.client,
            Config {
                mss: 100,
                ..Config::linux()
            }
        );
        // And `rfc` makes it the reference scenario again.
        assert_eq!((find("rfc").unwrap().apply)(&linux), s);
    }
}
