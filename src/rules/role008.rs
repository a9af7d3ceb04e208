//! ROLE008 global-admins-outnumber-other-admins: privileged work should be done with
//! finer-grained roles, so Global Administrators should be no more than the holders of the
//! other highly privileged roles (CISA MS.AAD.7.2).
//!
//! Needs: role data, group members. A person who is Global Administrator counts there only.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::privileged::privileged_users;
use crate::model::roles::GLOBAL_ADMINISTRATOR;
use crate::model::InputKind;

pub struct Role008;

static META: RuleMeta = RuleMeta {
    code: "ROLE008",
    name: "global-admins-outnumber-other-admins",
    severity: Severity::Warning,
    summary: "More people hold Global Administrator than the other highly privileged roles.",
    needs: &[InputKind::RoleData, InputKind::GroupMembership],
    page: include_str!("../../rules/ROLE008.md"),
};

impl Rule for Role008 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let holders = privileged_users(&cx.people);
        if !holders.unresolved.is_empty() {
            return Outcome::not_evaluated(format!(
                "the holders of the highly privileged roles cannot all be told: {}",
                holders.unresolved.join("; ")
            ));
        }
        let (global, others): (Vec<_>, Vec<_>) = holders
            .users
            .iter()
            .partition(|u| u.roles.contains(GLOBAL_ADMINISTRATOR));
        if global.len() <= others.len() {
            return Outcome::pass(format!(
                "{} Global Administrator(s) and {} holder(s) of other highly privileged roles",
                global.len(),
                others.len()
            ));
        }
        Outcome::fail(
            vec![Finding::new(
                cx.tenant.subject(),
                global[0].origin.clone(),
                Message::advised(
                    format!(
                        "{} people hold Global Administrator ({}) and {} hold only finer-grained highly \
                         privileged roles: work that needs less is done with the tenant's highest role",
                        global.len(),
                        super::join_and(&global.iter().map(|u| u.label.clone()).collect::<Vec<_>>()),
                        others.len()
                    ),
                    "give administrators the least privileged role their work needs (User, Exchange, SharePoint \
                     Administrator, ...) and keep Global Administrator for the few who need it",
                ),
            )],
            None,
        )
    }
}
