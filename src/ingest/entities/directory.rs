//! Users, groups, members and per-user registration details.

use super::required_id;
use crate::ingest::json::{Object, ShapeError, Shaped};
use crate::ingest::Record;
use crate::model::*;

fn flag(object: &Object, name: FlagName) -> Shaped<Option<Flag>> {
    object
        .get(name.key())
        .map(|node| {
            // The key as spelled is the last segment of the member's pointer; below the
            // record's own pointer only when it is in the `AdditionalProperties` bag.
            let (parent, spelled) = node
                .pointer()
                .rsplit_once('/')
                .unwrap_or(("", name.key()));
            let in_bag = parent != object.node().pointer();
            let record_start = object.node().span().start;
            Flag::new(name, node.bool()?, node.span().start, record_start, spelled)
                .map(|flag| if in_bag { flag.in_bag() } else { flag })
                .map_err(
                |fault| ShapeError {
                    origin: node.origin(),
                    message: match fault {
                        FlagFault::TooFarIntoRecord => format!(
                            "`{}` is more than 2 GiB into its user's record, too far to point at: export the \
                             registration details again as Graph pages (one object per user)",
                            node.pointer()
                        ),
                        // The member was found under this name ignoring case, so this cannot be.
                        FlagFault::NotItsKey => format!(
                            "`{}` was read as `{}` but is not that member: a tenantlint defect, please \
                             report it with this file",
                            node.pointer(),
                            name.key()
                        ),
                    },
                },
            )
        })
        .transpose()
}

pub fn read_registration(object: &Object) -> Shaped<Registration> {
    let user_id: String = required_id(object, "id")?;
    let origin = object.origin();
    let mut record = Registration::new(
        &user_id,
        object.str("userPrincipalName")?.as_deref(),
        object.str("userDisplayName")?.as_deref(),
        object
            .str("userType")?
            .map_or(UserType::Unknown, |t| UserType::parse(&t)),
        RecordPlace {
            file: origin.file,
            span: origin.span,
            pointer: RecordPointer::new(&origin.pointer),
        },
    );
    record.is_admin = flag(object, FlagName::IsAdmin)?;
    record.mfa_registered = flag(object, FlagName::IsMfaRegistered)?;
    record.sspr_registered = flag(object, FlagName::IsSsprRegistered)?;
    record.sspr_enabled = flag(object, FlagName::IsSsprEnabled)?;
    Ok(record)
}

pub fn read_user(object: &Object) -> Shaped<User> {
    Ok(User {
        id: required_id(object, "id")?,
        upn: object.string("userPrincipalName")?,
        display_name: object.string("displayName")?,
        user_type: object
            .str("userType")?
            .map_or(UserType::Unknown, |t| UserType::parse(&t)),
        on_premises: on_premises(object, false)?,
        origin: object.origin(),
    })
}

/// Whether the account is synchronised from on-premises, as far as the object says.
///
/// `onPremisesImmutableId` written as null says "cloud-only" only where nulls are statements:
/// in a REST response (see [`Object::is_written_by_rest`]), or where the caller knows the
/// exporter asked for the property (`nulls_state`, ScubaGear's `privileged_users`).
pub fn on_premises(object: &Object, nulls_state: bool) -> Shaped<Fact> {
    let key = "onPremisesImmutableId";
    let stated = nulls_state || object.is_written_by_rest(key);
    let immutable_id = match object.str(key)? {
        Some(id) if !id.is_empty() => Some(Some(id)),
        _ if stated && object.is_written(key) => Some(None),
        _ => None,
    };
    Ok(on_premises_fact(
        object.bool("onPremisesSyncEnabled")?,
        immutable_id.as_ref().map(|id| id.as_deref()),
    ))
}

pub fn read_principal(object: &Object, id_key: &str) -> Shaped<Principal> {
    Ok(Principal {
        id: required_id(object, id_key)?,
        kind: PrincipalKind::from_odata_type(object.odata_type().as_deref()),
        display_name: object.string("displayName")?,
        upn: object.string("userPrincipalName")?,
        user_type: object
            .str("userType")?
            .map_or(UserType::Unknown, |t| UserType::parse(&t)),
        on_premises: on_premises(object, false)?,
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
pub fn read_inline_members(object: &Object) -> Shaped<Option<InlineMembers>> {
    let Some(node) = object.get("members") else {
        return Ok(None);
    };
    let members = node
        .list()?
        .iter()
        .map(|m| read_member(&m.object()?))
        .collect::<Shaped<Vec<_>>>()?;
    // Graph expands at most 20 related objects: a list that long may have been cut, and one
    // with a next link was.
    let complete = members.len() < EXPAND_LIMIT && !object.is_written("members@odata.nextLink");
    Ok(Some(InlineMembers { members, complete }))
}

/// How many related objects Graph returns for `$expand` on directory objects.
const EXPAND_LIMIT: usize = 20;

/// Members written inline in their group or role, and whether that is all of them.
#[derive(Debug, Clone)]
pub struct InlineMembers {
    pub members: Vec<Member>,
    pub complete: bool,
}

pub fn read_group(object: &Object) -> Shaped<Record> {
    Ok(Record::Group {
        group: Group {
            id: required_id(object, "id")?,
            display_name: object.string("displayName")?,
            origin: object.origin(),
        },
        members: read_inline_members(object)?,
    })
}
