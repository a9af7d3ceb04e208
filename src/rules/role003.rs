//! ROLE003 assignment-outside-pim: highly privileged roles must be assigned through PIM (CISA
//! MS.AAD.7.5). PIM dates every assignment it makes; an active assignment whose start is
//! written as null was made around it.
//!
//! Needs: role data (PIM active assignments with their schedules), licences.

use super::{pim_schedules_gate, Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::pim::privileged_schedules;
use crate::model::{InputKind, Start};

pub struct Role003;

static META: RuleMeta = RuleMeta {
    code: "ROLE003",
    name: "assignment-outside-pim",
    severity: Severity::Error,
    summary: "A highly privileged role was assigned outside PIM.",
    needs: &[InputKind::RoleData, InputKind::Licences],
    page: include_str!("../../rules/ROLE003.md"),
};

impl Rule for Role003 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = pim_schedules_gate(cx.tenant) {
            return outcome;
        }
        let mut findings = Vec::new();
        let mut unknown = 0usize;
        for (holding, schedule, role) in privileged_schedules(&cx.people) {
            match schedule.start {
                Start::At(_) => {}
                Start::Unknown => unknown += 1,
                Start::OutsidePim => findings.push(Finding::new(
                    holding.principal.id.clone(),
                    holding.origin.clone(),
                    Message::advised(
                        format!(
                            "{} was given {role} outside PIM (the assignment has no start date)",
                            cx.people.principal_label(&holding.principal)
                        ),
                        "remove the direct assignment and assign the role in PIM, as eligible",
                    ),
                )),
            }
        }
        let note = (unknown > 0).then(|| {
            format!("{unknown} active assignment(s) of highly privileged roles do not say when they began")
        });
        Outcome::judged(findings, note, "every active assignment of a highly privileged role was made in PIM")
    }
}
