//! PWD001 passwords-expire: user passwords must not expire (CISA MS.AAD.6.1): forced changes
//! make users pick weaker, predictable passwords.
//!
//! Needs: domains. Verified managed domains are judged; a subdomain follows its root domain.
//! Federated domains' passwords are set by their identity provider and cannot be judged here.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::model::{Domain, InputKind, PasswordValidity};

pub struct Pwd001;

static META: RuleMeta = RuleMeta {
    code: "PWD001",
    name: "passwords-expire",
    severity: Severity::Warning,
    summary: "User passwords of a managed domain expire.",
    needs: &[InputKind::Domains],
    page: include_str!("../../rules/PWD001.md"),
};

fn is_managed(domain: &Domain) -> bool {
    domain
        .authentication_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("Managed"))
}

/// The domain whose password policy applies: the domain itself when it is a root (or says
/// nothing), else its longest root that it is a subdomain of.
fn governing<'d>(domain: &'d Domain, domains: &'d [Domain]) -> &'d Domain {
    if domain.is_root != Some(false) {
        return domain;
    }
    domains
        .iter()
        .filter(|root| root.is_root == Some(true))
        .filter(|root| {
            domain
                .id
                .to_ascii_lowercase()
                .ends_with(&format!(".{}", root.id.to_ascii_lowercase()))
        })
        .max_by_key(|root| root.id.len())
        .unwrap_or(domain)
}

impl Rule for Pwd001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(domains) = &cx.tenant.settings.domains else {
            return Outcome::not_evaluated(InputKind::Domains.missing());
        };
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        let mut judged = 0usize;
        for domain in domains.iter().filter(|d| d.is_verified != Some(false)) {
            if !is_managed(domain) {
                if domain.authentication_type.is_none() {
                    unknown.push(format!("{} (authenticationType not written)", domain.id));
                }
                continue;
            }
            let root = governing(domain, domains);
            let Some(validity) = root.password_validity.as_ref() else {
                unknown.push(format!(
                    "{} (passwordValidityPeriodInDays not written)",
                    domain.id
                ));
                continue;
            };
            judged += 1;
            match validity.value {
                PasswordValidity::NeverExpires => {}
                PasswordValidity::Days(days) => {
                    let through = if root.id == domain.id {
                        String::new()
                    } else {
                        format!(" (set on its root domain {})", root.id)
                    };
                    findings.push(Finding::new(
                        domain.id.clone(),
                        validity.origin.clone(),
                        Message::advised(
                            format!(
                                "passwords of users in {} expire after {days} days{through}: forced changes lead to \
                                 weaker, predictable passwords",
                                domain.id
                            ),
                            "set passwords to never expire (Microsoft 365 admin center > Settings > Org settings > \
                             Security & privacy > Password expiration policy)",
                        ),
                    ));
                }
            }
        }
        let unknown = (!unknown.is_empty()).then(|| {
            format!(
                "the export does not say how long passwords are valid in {}",
                super::join_and(&unknown)
            )
        });
        if findings.is_empty() && unknown.is_none() && judged == 0 {
            return Outcome::not_evaluated(
                "the input has no verified managed domain: federated domains' passwords are set by their identity \
                 provider",
            );
        }
        Outcome::judged(
            findings,
            unknown,
            format!("passwords never expire in the {judged} verified managed domain(s)"),
        )
    }
}
