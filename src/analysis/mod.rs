//! Reasoning shared by rules: who holds which role, who is an admin, what a policy requires and
//! whom it covers, what narrows it, and whether a user is always required to do MFA.

pub mod admins;
pub mod apps;
pub mod audience;
pub mod baseline;
pub mod coverage;
pub mod gaps;
pub mod guidance;
pub mod licences;
pub mod people;
pub mod pim;
pub mod plan;
pub mod policy;
pub mod posture;
pub mod privileged;
pub mod roles;
pub mod security_defaults;
pub mod signin;
pub mod whatif;

pub use admins::{find_admins, Admin, AdminSet};
pub use audience::{Applies, Subject, Target};
pub use coverage::{Gap, GapKind, MfaCoverage};
pub use people::{Membership, People};
pub use security_defaults::SecurityDefaultsState;

/// Joins a list for a message: "a", "a and b", "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
