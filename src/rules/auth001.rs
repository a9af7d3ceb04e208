//! AUTH001 weak-methods-enabled: SMS, voice call and email one-time passcodes must be off in the
//! authentication methods policy (CISA MS.AAD.3.5).
//!
//! Needs: the authentication methods policy. One finding per weak method that is not disabled,
//! at its `state`.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::model::{AuthMethod, InputKind, Toggle};

pub struct Auth001;

static META: RuleMeta = RuleMeta {
    code: "AUTH001",
    name: "weak-methods-enabled",
    severity: Severity::Error,
    summary: "SMS, voice call or email one-time passcodes are enabled as authentication methods.",
    needs: &[InputKind::AuthenticationMethods],
    page: include_str!("../../rules/AUTH001.md"),
};

const WEAK: [AuthMethod; 3] = [AuthMethod::Sms, AuthMethod::Voice, AuthMethod::Email];

impl Rule for Auth001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(methods) = &cx.tenant.settings.authentication_methods else {
            return Outcome::not_evaluated(InputKind::AuthenticationMethods.missing());
        };
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        for method in WEAK {
            let state = methods
                .configurations
                .get(&method)
                .and_then(|c| c.state.as_ref());
            match state {
                Some(state) if state.value == Toggle::Disabled => {}
                Some(state) => findings.push(Finding::new(
                    cx.tenant.subject(),
                    state.origin.clone(),
                    Message::advised(
                        format!(
                            "{} is {} in the authentication methods policy: it can be phished or intercepted",
                            method.name(),
                            state.value.describe()
                        ),
                        "disable it (Entra admin center > Protection > Authentication methods > Policies) once users \
                         have registered a stronger method",
                    ),
                )),
                None => unknown.push(method.name().to_string()),
            }
        }
        let unknown = (!unknown.is_empty()).then(|| {
            format!(
                "the export does not say whether {} is enabled: export policies/authenticationMethodsPolicy",
                super::join_and(&unknown)
            )
        });
        Outcome::judged(findings, unknown, "SMS, voice call and email OTP are disabled")
    }
}
