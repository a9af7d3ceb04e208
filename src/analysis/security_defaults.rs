//! Whether security defaults are on, as far as the export proves it.

use crate::model::*;

pub enum SecurityDefaultsState<'t> {
    Enabled(&'t Located<bool>),
    Disabled(&'t Located<bool>),
    /// No security defaults document, but an enabled Conditional Access policy: the portal
    /// refuses to run both, so security defaults are off.
    InferredOff(&'t CaPolicy),
    /// Not in the export, or its file could not be read: an unreadable file may say they are
    /// on, so nothing is inferred over it.
    Unknown,
}

impl<'t> SecurityDefaultsState<'t> {
    pub fn of(tenant: &'t Tenant) -> Self {
        match &tenant.security_defaults {
            Some(sd) if sd.is_enabled.value => SecurityDefaultsState::Enabled(&sd.is_enabled),
            Some(sd) => SecurityDefaultsState::Disabled(&sd.is_enabled),
            None if tenant.unreadable.contains_key(&InputKind::SecurityDefaults) => {
                SecurityDefaultsState::Unknown
            }
            None => match tenant.policies().iter().find(|p| p.is_enforced()) {
                Some(policy) => SecurityDefaultsState::InferredOff(policy),
                None => SecurityDefaultsState::Unknown,
            },
        }
    }

    pub fn is_enabled(&self) -> bool {
        matches!(self, SecurityDefaultsState::Enabled(_))
    }

    pub fn is_off(&self) -> bool {
        matches!(
            self,
            SecurityDefaultsState::Disabled(_) | SecurityDefaultsState::InferredOff(_)
        )
    }
}
