//! ROLE002 permanent-privileged-assignment: no one may hold a highly privileged role actively
//! without an end date (CISA MS.AAD.7.4): standing access should be eligible, activated when
//! needed.
//!
//! Needs: role data (PIM active assignments with their schedules), licences. Principals that
//! ScubaGear's configuration accepts for MS.AAD.7.4 (`RoleExclusions`) and declared
//! emergency-access accounts are left out, and said so.

use super::{pim_schedules_gate, Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::pim::privileged_schedules;
use crate::model::{AssignmentType, Expiry, InputKind};

pub struct Role002;

static META: RuleMeta = RuleMeta {
    code: "ROLE002",
    name: "permanent-privileged-assignment",
    severity: Severity::Error,
    summary: "A highly privileged role is assigned active with no end date.",
    needs: &[
        InputKind::RoleData,
        InputKind::Licences,
        InputKind::AcceptedExclusions,
    ],
    page: include_str!("../../rules/ROLE002.md"),
};

impl Rule for Role002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = pim_schedules_gate(cx.tenant) {
            return outcome;
        }
        let accepted = |id: &str| {
            cx.tenant
                .accepted_exclusions
                .iter()
                .find(|e| e.accepts_role_exclusion_of(id, "MS.AAD.7.4"))
        };
        let mut findings = Vec::new();
        let mut unknown = 0usize;
        let mut excused = Vec::new();
        for (holding, schedule, role) in privileged_schedules(&cx.people) {
            let permanent = schedule.end == Expiry::Never
                && schedule.assignment_type != AssignmentType::Activated;
            if schedule.end == Expiry::Unknown {
                unknown += 1;
                continue;
            }
            if !permanent {
                continue;
            }
            let who = cx.people.principal_label(&holding.principal);
            if cx.people.is_emergency_account(&holding.principal.id) {
                excused.push(format!("{who} (a declared emergency-access account)"));
                continue;
            }
            if let Some(exclusion) = accepted(&holding.principal.id) {
                excused.push(format!("{who} ({})", exclusion.describe()));
                continue;
            }
            findings.push(Finding::new(
                holding.principal.id.clone(),
                schedule.origin.clone(),
                Message::advised(
                    format!("{who} holds {role} actively with no end date"),
                    "make the assignment eligible in PIM (or give it an end date); keep permanent active \
                     assignments for emergency-access accounts only",
                ),
            ));
        }
        let mut notes = Vec::new();
        if unknown > 0 {
            notes.push(format!(
                "{unknown} active assignment(s) of highly privileged roles do not say when they end"
            ));
        }
        if !excused.is_empty() {
            notes.push(format!(
                "accepted as excluded: {}",
                super::join_and(&excused)
            ));
        }
        let note = (!notes.is_empty()).then(|| notes.join("; "));
        match (findings.is_empty(), unknown > 0) {
            (false, _) => Outcome::fail(findings, note),
            (true, true) => Outcome::not_evaluated(note.unwrap_or_default()),
            (true, false) => Outcome::pass(match note {
                Some(note) => format!("no permanent active assignment of a highly privileged role; {note}"),
                None => "no permanent active assignment of a highly privileged role".to_string(),
            }),
        }
    }
}
