//! Application management policies: whether the tenant default restricts client secrets and
//! certificates for every application and service principal.

use crate::model::*;
use crate::source::Origin;

/// `restrictForAppsCreatedAfterDateTime` values that mean "every application": the year 1.
const ALL_APPS_BEFORE: Timestamp = Timestamp(-62_135_596_800_000);

/// Something that keeps a restriction from holding for every application.
#[derive(Debug, Clone)]
pub struct Issue {
    pub origin: Origin,
    pub message: String,
}

/// The tenant default application management policy, or why it is not known.
pub fn default_policy(tenant: &Tenant) -> Result<&AppManagementPolicy, String> {
    let Some(policies) = &tenant.settings.app_management else {
        return Err(InputKind::AppManagement.missing());
    };
    policies
        .iter()
        .find(|p| p.scope == AppPolicyScope::TenantDefault)
        .ok_or_else(|| {
            "the application management policies in the input do not include the tenant default: \
             save `GET /v1.0/policies/defaultAppManagementPolicy`"
                .to_string()
        })
}

#[derive(Debug, Clone, Copy)]
pub enum Credential {
    Password,
    Certificate,
}

/// A restriction the baseline asks of the tenant default policy.
#[derive(Debug, Clone, Copy)]
pub struct Restriction {
    pub credential: Credential,
    /// `restrictionType`: `passwordAddition`, `passwordLifetime`, `asymmetricKeyLifetime`.
    pub kind: &'static str,
    /// How messages name it: "block on adding passwords".
    pub what: &'static str,
    /// The longest lifetime allowed, for lifetime restrictions.
    pub max_days: Option<f64>,
}

pub const PASSWORD_ADDITION: Restriction = Restriction {
    credential: Credential::Password,
    kind: "passwordAddition",
    what: "block on adding passwords",
    max_days: None,
};

/// Why a restriction does not hold for every application and service principal under the
/// default policy; a lifetime longer than allowed is one reason.
pub fn restriction_issues(policy: &AppManagementPolicy, restriction: &Restriction) -> Vec<Issue> {
    let Restriction {
        credential,
        kind,
        what,
        max_days,
    } = *restriction;
    let mut issues = Vec::new();
    if let Some(enabled) = policy.is_enabled.as_ref().filter(|e| !e.value) {
        issues.push(Issue {
            origin: enabled.origin.clone(),
            message: format!(
                "the tenant default application management policy is disabled, so its {what} is not enforced"
            ),
        });
        return issues;
    }
    let scopes = match credential {
        Credential::Password => [
            ("applications", &policy.application_passwords),
            ("service principals", &policy.service_principal_passwords),
        ],
        Credential::Certificate => [
            ("applications", &policy.application_keys),
            ("service principals", &policy.service_principal_keys),
        ],
    };
    for (scope, restrictions) in scopes {
        let Some(restriction) = restrictions
            .iter()
            .find(|r| r.kind.eq_ignore_ascii_case(kind))
        else {
            issues.push(Issue {
                origin: policy.origin.clone(),
                message: format!("the tenant default policy sets no {what} for {scope} ({kind})"),
            });
            continue;
        };
        if let Some(state) = restriction
            .state
            .as_ref()
            .filter(|s| s.value != Toggle::Enabled)
        {
            issues.push(Issue {
                origin: state.origin.clone(),
                message: format!("the {what} for {scope} ({kind}) is not enabled"),
            });
            continue;
        }
        if let Some(after) = restriction.applies_after.filter(|t| *t > ALL_APPS_BEFORE) {
            issues.push(Issue {
                origin: restriction.origin.clone(),
                message: format!(
                    "the {what} for {scope} applies only to apps created after {}",
                    after.date()
                ),
            });
        }
        if let Some(max_days) = max_days {
            match restriction.max_lifetime.as_ref() {
                Some(lifetime) => match duration_days(&lifetime.value) {
                    Some(days) if days <= max_days => {}
                    Some(days) => issues.push(Issue {
                        origin: lifetime.origin.clone(),
                        message: format!(
                            "the {what} for {scope} allows {} ({days:.0} days), more than {max_days:.0}",
                            lifetime.value
                        ),
                    }),
                    None => issues.push(Issue {
                        origin: lifetime.origin.clone(),
                        message: format!("`{}` is not a duration tenantlint can read", lifetime.value),
                    }),
                },
                None => issues.push(Issue {
                    origin: restriction.origin.clone(),
                    message: format!("the {what} for {scope} sets no maximum lifetime"),
                }),
            }
        }
    }
    issues
}

/// Whether the default policy blocks adding passwords to every application and service
/// principal: then password lifetimes do not matter.
pub fn password_addition_blocked(policy: &AppManagementPolicy) -> bool {
    restriction_issues(policy, &PASSWORD_ADDITION).is_empty()
}

/// An ISO 8601 duration in days (`P180D`, `P4DT12H`, `P1Y`); a month counts 31 days and a year
/// 366, so that an estimate never makes a lifetime shorter than it is.
pub fn duration_days(text: &str) -> Option<f64> {
    let rest = text.trim().strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut days = 0.0;
    for (part, units) in [
        (
            date,
            &[('Y', 366.0), ('M', 31.0), ('W', 7.0), ('D', 1.0)][..],
        ),
        (
            time,
            &[('H', 1.0 / 24.0), ('M', 1.0 / 1440.0), ('S', 1.0 / 86400.0)][..],
        ),
    ] {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let (_, per) = units.iter().find(|(u, _)| *u == c)?;
            days += number.parse::<f64>().ok()? * per;
            number.clear();
        }
        if !number.is_empty() {
            return None;
        }
    }
    (!rest.is_empty()).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_days() {
        assert_eq!(duration_days("P180D"), Some(180.0));
        assert_eq!(duration_days("P1Y"), Some(366.0));
        assert!((duration_days("P4DT12H").unwrap() - 4.5).abs() < 1e-9);
        assert_eq!(duration_days("P"), None);
        assert_eq!(duration_days("180"), None);
        assert_eq!(duration_days("P180"), None);
    }

    #[test]
    fn timestamps_show_their_date() {
        assert_eq!(Timestamp(0).date(), "1970-01-01");
        assert_eq!(Timestamp(1_709_164_800_000).date(), "2024-02-29");
        assert_eq!(ALL_APPS_BEFORE.date(), "0001-01-01");
    }
}
