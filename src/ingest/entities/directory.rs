//! Users, groups, members and per-user registration details.

use super::required;
use crate::ingest::json::{Object, Shaped};
use crate::ingest::Record;
use crate::model::*;

fn flag(object: &Object, name: FlagName) -> Shaped<Option<Flag>> {
    object
        .get(name.key())
        .map(|node| {
            // The key as spelled is the last segment of the member's pointer.
            let spelled = node.pointer().rsplit('/').next().unwrap_or(name.key());
            Ok(Flag::new(name, node.bool()?, node.span(), spelled))
        })
        .transpose()
}

pub fn read_registration(object: &Object) -> Shaped<Registration> {
    Ok(Registration {
        user_id: required(object, "id")?,
        upn: object.string("userPrincipalName")?,
        display_name: object.string("userDisplayName")?,
        user_type: object
            .str("userType")?
            .map_or(UserType::Unknown, |t| UserType::parse(&t)),
        is_admin: flag(object, FlagName::IsAdmin)?,
        mfa_registered: flag(object, FlagName::IsMfaRegistered)?,
        sspr_registered: flag(object, FlagName::IsSsprRegistered)?,
        sspr_enabled: flag(object, FlagName::IsSsprEnabled)?,
        origin: object.origin(),
    })
}

pub fn read_user(object: &Object) -> Shaped<User> {
    Ok(User {
        id: required(object, "id")?,
        upn: object.string("userPrincipalName")?,
        display_name: object.string("displayName")?,
        user_type: object
            .str("userType")?
            .map_or(UserType::Unknown, |t| UserType::parse(&t)),
        origin: object.origin(),
    })
}

pub fn read_principal(object: &Object, id_key: &str) -> Shaped<Principal> {
    Ok(Principal {
        id: required(object, id_key)?,
        kind: PrincipalKind::from_odata_type(object.odata_type().as_deref()),
        display_name: object.string("displayName")?,
        upn: object.string("userPrincipalName")?,
    })
}

pub fn read_member(object: &Object) -> Shaped<Member> {
    Ok(Member {
        principal: read_principal(object, "id")?,
        // A member is pointed at by its id, not by the whole object.
        origin: object
            .get("id")
            .map_or_else(|| object.origin(), |id| id.origin()),
    })
}

/// Inline `members` (`$expand=members`), when exported.
pub fn read_inline_members(object: &Object) -> Shaped<Option<Vec<Member>>> {
    object
        .get("members")
        .map(|node| {
            node.list()?
                .iter()
                .map(|m| read_member(&m.object()?))
                .collect::<Shaped<Vec<_>>>()
        })
        .transpose()
}

pub fn read_group(object: &Object) -> Shaped<Record> {
    Ok(Record::Group {
        group: Group {
            id: required(object, "id")?,
            display_name: object.string("displayName")?,
            origin: object.origin(),
        },
        members: read_inline_members(object)?,
    })
}
