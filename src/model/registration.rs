//! Per-user authentication method registration (`userRegistrationDetails`).

use super::Located;
use crate::source::Origin;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserType {
    Member,
    Guest,
    Unknown,
}

impl UserType {
    pub fn parse(text: &str) -> Self {
        if text.eq_ignore_ascii_case("member") {
            UserType::Member
        } else if text.eq_ignore_ascii_case("guest") {
            UserType::Guest
        } else {
            UserType::Unknown
        }
    }
}

#[derive(Debug, Clone)]
pub struct Registration {
    pub user_id: String,
    pub upn: Option<String>,
    pub display_name: Option<String>,
    pub user_type: UserType,
    pub is_admin: Option<Located<bool>>,
    pub mfa_registered: Option<Located<bool>>,
    pub sspr_registered: Option<Located<bool>>,
    pub sspr_enabled: Option<Located<bool>>,
    pub origin: Origin,
}
