//! Tenant-wide settings: authentication methods, authorization policy, directory settings,
//! domains, PIM role settings, application management policies. Keys match in any case, so the
//! same reader serves Graph's camelCase and ScubaGear's PascalCase.

use super::required;
use crate::ingest::json::{JsonKind, Node, Object, ShapeError, Shaped};
use crate::model::*;

fn located_bool(object: &Object, key: &str) -> Shaped<Option<Located<bool>>> {
    object
        .get(key)
        .map(|node| Ok(Located::new(node.bool()?, node.origin())))
        .transpose()
}

fn located_string(object: &Object, key: &str) -> Shaped<Option<Located<String>>> {
    object
        .get(key)
        .map(|node| Ok(Located::new(node.str()?.into_owned(), node.origin())))
        .transpose()
}

fn located_toggle(object: &Object, key: &str) -> Shaped<Option<Located<Toggle>>> {
    Ok(located_string(object, key)?.map(|s| Located::new(Toggle::parse(&s.value), s.origin)))
}

/// The `id`s of a target list (`includeTargets`), each `all_users` or a group or user id.
fn target_ids(object: &Object, key: &str) -> Shaped<Vec<Located<String>>> {
    let Some(node) = object.get(key) else {
        return Ok(Vec::new());
    };
    node.list()?
        .into_iter()
        .map(|target| {
            let target = target.object()?;
            let id = target
                .get("id")
                .ok_or_else(|| crate::ingest::missing(&target, "id"))?;
            Ok(Located::new(id.str()?.into_owned(), id.origin()))
        })
        .collect()
}

/// The root of the authentication methods policy; its configurations, when written inline,
/// come back beside it.
pub fn read_auth_methods_policy(
    object: &Object,
) -> Shaped<(AuthMethodsPolicy, Vec<MethodConfiguration>)> {
    let migration_state = located_string(object, "policyMigrationState")?
        .map(|s| Located::new(MigrationState::parse(&s.value), s.origin));
    let configurations = match object.get("authenticationMethodConfigurations") {
        Some(list) => list
            .list()?
            .iter()
            .map(|c| read_method_configuration(&c.object()?))
            .collect::<Shaped<Vec<_>>>()?,
        None => Vec::new(),
    };
    Ok((
        AuthMethodsPolicy {
            migration_state,
            origin: object.origin(),
        },
        configurations,
    ))
}

pub fn read_method_configuration(object: &Object) -> Shaped<MethodConfiguration> {
    let method = match object.str("id")? {
        Some(id) => AuthMethod::parse(&id),
        None => match object.odata_type() {
            Some(name) => AuthMethod::parse(&name),
            None => return Err(crate::ingest::missing(object, "id")),
        },
    };
    let mut features = std::collections::BTreeMap::new();
    if let Some(settings) = object.object("featureSettings")? {
        for (name, node) in settings.members() {
            if node.kind() != JsonKind::Object {
                continue;
            }
            features.insert(name.to_ascii_lowercase(), read_feature(&node.object()?)?);
        }
    }
    Ok(MethodConfiguration {
        method,
        state: located_toggle(object, "state")?,
        include_targets: target_ids(object, "includeTargets")?,
        exclude_targets: target_ids(object, "excludeTargets")?,
        features,
        origin: object.origin(),
    })
}

/// The all-zero id Graph writes in a feature's `excludeTarget` when it excludes no one.
const NO_ONE: &str = "00000000-0000-0000-0000-000000000000";

fn read_feature(object: &Object) -> Shaped<FeatureSetting> {
    let target = |key: &str| -> Shaped<Option<Located<String>>> {
        match object.object(key)? {
            Some(target) => located_string(&target, "id"),
            None => Ok(None),
        }
    };
    let exclude_target = match target("excludeTarget")? {
        None => FeatureExclusion::NotWritten,
        Some(id) if id.value == NO_ONE => FeatureExclusion::NoOne,
        Some(id) => FeatureExclusion::Group(id),
    };
    Ok(FeatureSetting {
        state: located_toggle(object, "state")?,
        include_target: target("includeTarget")?,
        exclude_target,
    })
}

pub fn read_authorization_policy(object: &Object) -> Shaped<AuthorizationPolicy> {
    let users_can_register_apps = match object.object("defaultUserRolePermissions")? {
        Some(permissions) => located_bool(&permissions, "allowedToCreateApps")?,
        None => None,
    };
    let user_consent_policies = object
        .get("permissionGrantPolicyIdsAssignedToDefaultUserRole")
        .map(|node| -> Shaped<Located<Vec<String>>> {
            let ids = node
                .list()?
                .iter()
                .map(|n| Ok(n.str()?.into_owned()))
                .collect::<Shaped<Vec<_>>>()?;
            Ok(Located::new(ids, node.origin()))
        })
        .transpose()?;
    Ok(AuthorizationPolicy {
        users_can_register_apps,
        user_consent_policies,
        guest_user_role_id: located_string(object, "guestUserRoleId")?,
        allow_invites_from: located_string(object, "allowInvitesFrom")?,
        origin: object.origin(),
    })
}

pub fn read_directory_setting(object: &Object) -> Shaped<DirectorySetting> {
    let values = match object.get("values") {
        Some(list) => list
            .list()?
            .iter()
            .map(|item| {
                let item = item.object()?;
                let name = required(&item, "name")?;
                let value = match item.get("value") {
                    Some(node) => Located::new(scalar_text(&node)?, node.origin()),
                    None => Located::new(String::new(), item.origin()),
                };
                Ok((name, value))
            })
            .collect::<Shaped<Vec<_>>>()?,
        None => Vec::new(),
    };
    Ok(DirectorySetting {
        id: object.string("id")?,
        template_id: object.string("templateId")?,
        display_name: object.string("displayName")?,
        values,
        origin: object.origin(),
    })
}

/// A setting value: Graph writes strings, but a hand-saved file may hold `true` or a number.
fn scalar_text(node: &Node) -> Shaped<String> {
    match node.kind() {
        JsonKind::String => Ok(node.str()?.into_owned()),
        JsonKind::Bool => Ok(node.bool()?.to_string()),
        JsonKind::Number => Ok(node.int()?.to_string()),
        _ => Err(node.shape_error("a string")),
    }
}

pub fn read_domain(object: &Object) -> Shaped<Domain> {
    // Null is a statement here: the tenant's passwords never expire.
    let password_validity = object
        .written("passwordValidityPeriodInDays")
        .map(|node| -> Shaped<Located<PasswordValidity>> {
            let days = if node.is_null() {
                None
            } else {
                Some(node.int()?)
            };
            Ok(Located::new(
                PasswordValidity::from_days(days),
                node.origin(),
            ))
        })
        .transpose()?;
    Ok(Domain {
        id: required(object, "id")?,
        is_root: object.bool("isRoot")?,
        is_verified: object.bool("isVerified")?,
        authentication_type: object.string("authenticationType")?,
        password_validity,
        origin: object.origin(),
    })
}

/// A role management policy's rules (`rules` or `effectiveRules`).
pub fn read_policy_rules(object: &Object) -> Shaped<Option<Vec<RolePolicyRule>>> {
    let Some(list) = object.get("rules").or_else(|| object.get("effectiveRules")) else {
        return Ok(None);
    };
    list.list()?
        .iter()
        .map(|rule| read_policy_rule(&rule.object()?))
        .collect::<Shaped<Vec<_>>>()
        .map(Some)
}

pub fn read_policy_rule(object: &Object) -> Shaped<RolePolicyRule> {
    let id = required(object, "id")?;
    let level = match object.object("target")? {
        Some(target) => match target.str("level")?.as_deref().map(str::to_ascii_lowercase) {
            Some(l) if l == "assignment" => RuleLevel::Assignment,
            Some(l) if l == "eligibility" => RuleLevel::Eligibility,
            _ => RuleLevel::Unknown,
        },
        None => RuleLevel::Unknown,
    };
    let kind = object.odata_type().unwrap_or_default();
    let named = |prefix: &str| id.to_ascii_lowercase().starts_with(prefix);
    let detail = if kind.ends_with("approvalrule") || named("approval_") {
        RuleDetail::Approval {
            required: match object.object("setting")? {
                Some(setting) => located_bool(&setting, "isApprovalRequired")?,
                None => None,
            },
        }
    } else if kind.ends_with("notificationrule") || named("notification_") {
        RuleDetail::Notification {
            recipients: match object.is_written("notificationRecipients") {
                true => Some(
                    object
                        .strings("notificationRecipients")?
                        .into_iter()
                        .map(|(value, origin)| Located::new(value, origin))
                        .collect(),
                ),
                false => None,
            },
            default_recipients: object.bool("isDefaultRecipientsEnabled")?,
            level: object.string("notificationLevel")?,
        }
    } else if kind.ends_with("expirationrule") || named("expiration_") {
        RuleDetail::Expiration {
            required: located_bool(object, "isExpirationRequired")?,
            maximum_duration: object.string("maximumDuration")?,
        }
    } else {
        RuleDetail::Other
    };
    Ok(RolePolicyRule {
        id,
        level,
        detail,
        origin: object.origin(),
    })
}

/// `roleManagementPolicyAssignments`: which policy holds a role's settings, and the policy's
/// rules when it was expanded (`$expand=policy($expand=rules)`).
pub fn read_role_policy_assignment(
    object: &Object,
) -> Shaped<(String, Option<String>, Option<RoleSettings>)> {
    let role_id = required(object, "roleDefinitionId")?;
    let policy_id = object.string("policyId")?;
    let settings = match object.expanded("policy")? {
        Some(policy) => read_policy_rules(&policy)?.map(|rules| RoleSettings {
            role_id: role_id.clone(),
            role_name: None,
            rules,
            origin: policy.origin(),
        }),
        None => None,
    };
    Ok((role_id, policy_id, settings))
}

pub fn read_app_management_policy(
    object: &Object,
    scope: AppPolicyScope,
) -> Shaped<AppManagementPolicy> {
    let restrictions = |key: &str, credentials: &str| -> Shaped<Vec<CredentialRestriction>> {
        let Some(restrictions) = object.object(key)? else {
            return Ok(Vec::new());
        };
        let Some(list) = restrictions.get(credentials) else {
            return Ok(Vec::new());
        };
        list.list()?
            .iter()
            .map(|item| {
                let item = item.object()?;
                Ok(CredentialRestriction {
                    kind: required(&item, "restrictionType")?,
                    state: located_toggle(&item, "state")?,
                    max_lifetime: located_string(&item, "maxLifetime")?,
                    applies_after: match item.get("restrictForAppsCreatedAfterDateTime") {
                        Some(node) => read_timestamp(&node)?,
                        None => None,
                    },
                    origin: item.origin(),
                })
            })
            .collect()
    };
    let applications = if object.has("restrictions") {
        "restrictions"
    } else {
        "applicationRestrictions"
    };
    Ok(AppManagementPolicy {
        scope,
        id: object.string("id")?,
        display_name: object.string("displayName")?,
        is_enabled: located_bool(object, "isEnabled")?,
        // An assigned policy writes one `restrictions` for the objects it is assigned to.
        application_passwords: restrictions(applications, "passwordCredentials")?,
        application_keys: restrictions(applications, "keyCredentials")?,
        service_principal_passwords: restrictions(
            "servicePrincipalRestrictions",
            "passwordCredentials",
        )?,
        service_principal_keys: restrictions("servicePrincipalRestrictions", "keyCredentials")?,
        origin: object.origin(),
    })
}

/// A date as Graph writes it (`2025-01-31T12:00:00Z`) or as PowerShell's JSON serialiser does
/// (`/Date(1777406310050)/`); null is `None`.
pub fn read_timestamp(node: &Node) -> Shaped<Option<Timestamp>> {
    if node.is_null() {
        return Ok(None);
    }
    let text = node.str()?;
    parse_timestamp(&text).map(Some).ok_or_else(|| ShapeError {
        message: format!(
            "`{}` at `{}` is not a date (ISO 8601 such as 2026-01-31T12:00:00Z, or /Date(ms)/), so the record is not read; export it again from Graph or ScubaGear",
            text.chars().take(40).collect::<String>(),
            node.origin().pointer
        ),
        origin: node.origin(),
    })
}

pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Some(inner) = text
        .strip_prefix("/Date(")
        .and_then(|t| t.strip_suffix(")/"))
    {
        // `/Date(1777406310050+0000)/`: the offset is informational; the count is UTC. A sign at
        // the start belongs to the count.
        let digits = inner
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == '+' || *c == '-')
            .map_or(inner, |(at, _)| &inner[..at]);
        return digits.parse().ok().map(Timestamp);
    }
    parse_iso(text)
}

/// `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]`.
fn parse_iso(text: &str) -> Option<Timestamp> {
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, time) = text.split_once(['T', ' ']).unwrap_or((text, ""));
    let mut parts = date.splitn(3, '-');
    let (year, month, day) = (
        number(parts.next()?)?,
        number(parts.next()?)?,
        number(parts.next()?)?,
    );
    let calendar = (1..=9999).contains(&year) && (1..=12).contains(&month);
    if !calendar || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let (clock, offset_minutes) = split_offset(time)?;
    let mut fields = clock.split(':');
    let hours = fields
        .next()
        .filter(|s| !s.is_empty())
        .map_or(Some(0), number)?;
    let minutes = fields.next().map_or(Some(0), number)?;
    let (seconds, millis) = match fields.next() {
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
            if !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // Milliseconds from the first three digits of the fraction, padded.
            let millis = fraction
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(3)
                .fold(0, |ms, digit| ms * 10 + i64::from(digit - b'0'));
            (number(whole)?, millis)
        }
        None => (0, 0),
    };
    if hours > 23 || minutes > 59 || seconds > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hours * 3_600 + minutes * 60 + seconds - offset_minutes * 60;
    Some(Timestamp(seconds * 1_000 + millis))
}

/// The time of day and its offset from UTC in minutes (none written is UTC, as Graph means).
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    match time.rfind(['+', '-']) {
        Some(at) => {
            let (clock, offset) = time.split_at(at);
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            // `+05:30`, `+0530` or `+05`.
            let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
            let well_formed = (digits.len() == 2 || digits.len() == 4)
                && digits.bytes().all(|b| b.is_ascii_digit());
            if !well_formed {
                return None;
            }
            let hours: i64 = digits[..2].parse().ok()?;
            let minutes: i64 = if digits.len() == 4 {
                digits[2..].parse().ok()?
            } else {
                0
            };
            (hours <= 23 && minutes <= 59).then_some((clock, sign * (hours * 60 + minutes)))
        }
        None => Some((time, 0)),
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms_agree() {
        let iso = parse_timestamp("2026-04-28T19:58:30.050Z").unwrap();
        let powershell = parse_timestamp("/Date(1777406310050)/").unwrap();
        assert_eq!(iso, powershell);
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(Timestamp(0)));
        assert_eq!(
            parse_timestamp("1970-01-01T01:00:00+01:00"),
            Some(Timestamp(0))
        );
        assert_eq!(parse_timestamp("/Date(-1000)/"), Some(Timestamp(-1000)));
        assert_eq!(
            parse_timestamp("/Date(-1000-0500)/"),
            Some(Timestamp(-1000))
        );
        assert_eq!(
            parse_timestamp("1970-01-01T05:30:00+0530"),
            Some(Timestamp(0))
        );
        assert_eq!(
            parse_timestamp("1970-01-01T00:00:00.5Z"),
            Some(Timestamp(500))
        );
        assert_eq!(
            parse_timestamp("2024-02-29"),
            Some(Timestamp(1_709_164_800_000))
        );
    }

    #[test]
    fn what_is_not_a_date_is_refused() {
        for text in [
            "",
            "tomorrow",
            "2024-13-01",
            "2023-02-29",
            "/Date(abc)/",
            "2024-01-01T25:00",
            "2024-01-01T00:00:00.éé",
            "9999999999999999-01-01",
            "2024-01-01T00:00:00+530",
            "2024-01-01T00:00:00+24:00",
        ] {
            assert_eq!(parse_timestamp(text), None, "{text}");
        }
    }
}
