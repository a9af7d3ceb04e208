//! ROLE001 global-admin-count: between two and eight people hold Global Administrator (CISA
//! MS.AAD.7.1; its score is what MS.AAD.7.2 builds on).
//!
//! Needs: role data, group members. People are counted once, whether they hold the role
//! directly, through a group or as eligible; service principals are not counted.

use super::{tenant_anchor, Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::privileged::privileged_users;
use crate::model::roles::GLOBAL_ADMINISTRATOR;
use crate::model::InputKind;

pub struct Role001;

static META: RuleMeta = RuleMeta {
    code: "ROLE001",
    name: "global-admin-count",
    severity: Severity::Error,
    summary: "Fewer than two or more than eight people hold Global Administrator.",
    needs: &[InputKind::RoleData, InputKind::GroupMembership],
    page: include_str!("../../rules/ROLE001.md"),
};

impl Rule for Role001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let holders = privileged_users(&cx.people);
        let admins: Vec<_> = holders.holding(GLOBAL_ADMINISTRATOR).collect();
        let count = admins.len();
        let names: Vec<String> = admins.iter().map(|a| a.label.clone()).collect();
        let unresolved = (!holders.unresolved.is_empty()).then(|| holders.unresolved.join("; "));
        if count > 8 {
            return Outcome::fail(
                vec![Finding::new(
                    cx.tenant.subject(),
                    admins[8].origin.clone(),
                    Message::advised(
                        format!(
                            "{count} people hold Global Administrator ({}): more than eight",
                            super::join_and(&names)
                        ),
                        "move the others to the least privileged roles their work needs, keeping two to eight \
                         Global Administrators (emergency-access accounts included)",
                    ),
                )],
                unresolved,
            );
        }
        if let Some(unresolved) = unresolved {
            return Outcome::not_evaluated(format!(
                "{count} Global Administrator(s) found, but the list may be incomplete: {unresolved}"
            ));
        }
        if count >= 2 {
            return Outcome::pass(format!(
                "{count} people hold Global Administrator: {}",
                super::join_and(&names)
            ));
        }
        let Some(primary) = admins
            .first()
            .map(|a| a.origin.clone())
            .or_else(|| tenant_anchor(cx.tenant))
        else {
            return Outcome::not_evaluated(format!(
                "{count} Global Administrator(s), and nothing in the input to point a finding at"
            ));
        };
        Outcome::fail(
            vec![Finding::new(
                cx.tenant.subject(),
                primary,
                Message::advised(
                    format!(
                        "{} Global Administrator{}: fewer than two, so losing one account locks the tenant's \
                         highest role",
                        match count {
                            0 => "no one holds",
                            _ => "one person holds",
                        },
                        if names.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", super::join_and(&names))
                        }
                    ),
                    "assign Global Administrator to a second person (through PIM, as eligible)",
                ),
            )],
            None,
        )
    }
}
