//! APP004 app-password-addition-allowed: client secrets (passwords) must not be addable to applications and
//! service principals (CISA MS.AAD.5.5).
//!
//! Needs: application management policies (the tenant default). One finding per reason the
//! restriction does not hold for every application and service principal.

use super::{app_restriction_outcome, Context, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::apps::{PASSWORD_ADDITION};
use crate::model::InputKind;

pub struct App004;

static META: RuleMeta = RuleMeta {
    code: "APP004",
    name: "app-password-addition-allowed",
    severity: Severity::Warning,
    summary: "The tenant default application management policy does not block adding client secrets.",
    needs: &[InputKind::AppManagement],
    page: include_str!("../../rules/APP004.md"),
};

impl Rule for App004 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        app_restriction_outcome(
            cx,
            PASSWORD_ADDITION,
            "in the tenant default application management policy, enable \"Block password addition\" for applications and service principals, for apps created at any time",
            "the tenant default policy blocks adding passwords to every application and service principal",
        )
    }
}
