//! AUTH003 methods-migration-incomplete: the authentication methods policy must be the only
//! place methods are managed, "Migration Complete" (CISA MS.AAD.3.4).
//!
//! Needs: the authentication methods policy's root (`policyMigrationState`).

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::model::{InputKind, MigrationState};

pub struct Auth003;

static META: RuleMeta = RuleMeta {
    code: "AUTH003",
    name: "methods-migration-incomplete",
    severity: Severity::Warning,
    summary: "The migration of MFA and SSPR methods to the authentication methods policy is not complete.",
    needs: &[InputKind::AuthenticationMethods],
    page: include_str!("../../rules/AUTH003.md"),
};

impl Rule for Auth003 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let state = cx
            .tenant
            .settings
            .authentication_methods
            .as_ref()
            .and_then(|m| m.policy.as_ref())
            .and_then(|p| p.migration_state.as_ref());
        let Some(state) = state else {
            return Outcome::not_evaluated(
                "the input does not give the authentication methods policy's policyMigrationState: export \
                 policies/authenticationMethodsPolicy (the method configurations alone do not carry it)",
            );
        };
        let how = match &state.value {
            MigrationState::Complete => {
                return Outcome::pass("the authentication methods migration is complete")
            }
            MigrationState::PreMigration => "has not started (preMigration)".to_string(),
            MigrationState::InProgress => "is in progress (migrationInProgress)".to_string(),
            MigrationState::Other(value) => format!("is in state `{value}`"),
        };
        Outcome::fail(
            vec![Finding::new(
                cx.tenant.subject(),
                state.origin.clone(),
                Message::advised(
                    format!(
                        "the migration of authentication methods to the authentication methods policy {how}: the \
                         legacy MFA and SSPR method settings still apply beside it"
                    ),
                    "move every method setting into the authentication methods policy, then set Manage migration \
                     to Migration Complete",
                ),
            )],
            None,
        )
    }
}
