//! Role templates that matter to the rules.

pub use crate::model::roles::{ADMIN_ROLES, DIRECTORY_SYNC_ACCOUNTS};

pub fn admin_role_name(template_id: &str) -> Option<&'static str> {
    ADMIN_ROLES
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(template_id))
        .map(|(_, name)| *name)
}

pub fn is_directory_sync(template_id: &str) -> bool {
    template_id.eq_ignore_ascii_case(DIRECTORY_SYNC_ACCOUNTS)
}
