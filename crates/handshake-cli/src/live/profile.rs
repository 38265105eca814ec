//! Profiles: the configuration the model runs with, chosen by name, in a live run and in the
//! simulation the differential compares it with.
//!
//! A profile turns a scenario into the one that is run (for now: which endpoint `Config` each
//! side gets). `rfc` is the scenario as written — the reference profile of `docs/model.md`. The
//! Linux profile of issue 14 item 1 plugs in here as one more entry once the core has it; the
//! differential's expectations are then kept per profile
//! (`crates/handshake-cli/differential/<name>.txt`).

use handshake_core::scenario::Scenario;

/// A named way to configure the model.
pub struct Profile {
    pub name: &'static str,
    pub about: &'static str,
    pub apply: fn(&Scenario) -> Scenario,
}

/// Every profile, the default first.
pub const PROFILES: &[Profile] = &[Profile {
    name: "rfc",
    about: "the scenario's own configuration: the reference profile (RFC 9293 / RFC 6298 values)",
    apply: Scenario::clone,
}];

/// The profile called `name`.
pub fn find(name: &str) -> Result<&'static Profile, String> {
    PROFILES.iter().find(|p| p.name == name).ok_or_else(|| {
        let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
        let hint = if name == "linux" {
            " (the Linux profile is not in the core yet)"
        } else {
            ""
        };
        format!(
            "unknown profile `{name}`{hint}; the profiles are: {}",
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
        assert_eq!(e, "unknown profile `bsd`; the profiles are: rfc");
        assert!(find("linux").err().unwrap().contains("not in the core yet"));
    }
}
