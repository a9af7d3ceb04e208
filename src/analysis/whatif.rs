//! `whatif`: which policies apply to one sign-in, and what they demand together. A view over
//! [`super::signin::evaluate`], shaped like the answer of Microsoft Graph's What If API.

use super::audience::{Subject, Target};
use super::licences::{self, Effect};
use super::people::People;
use super::security_defaults::SecurityDefaultsState;
use super::signin::{
    demands, effect, evaluate, one_of, AppTarget, Demands, Device, Place, SignIn, Verdict, Who,
    FLOWS, INSIDER_RISK_LEVELS, PLATFORMS, RISK_LEVELS,
};
use crate::model::roles::template_of_name;
use crate::model::*;
use crate::source::Origin;

/// A sign-in as the command line describes it, before the export resolves it.
#[derive(Debug, Clone, Default)]
pub struct Question {
    /// A UPN or object id; `role:<name or template id>`; `group:<id or name>`; `guest`.
    pub user: String,
    pub app: String,
    pub client: Option<String>,
    pub platform: Option<String>,
    pub location: Option<String>,
    pub sign_in_risk: Option<String>,
    pub user_risk: Option<String>,
    pub insider_risk: Option<String>,
    pub device_compliant: Option<bool>,
    pub device_join_type: Option<String>,
    pub flow: Option<String>,
}

/// One policy's answer.
#[derive(Debug, Clone)]
pub struct PolicyAnswer {
    pub id: String,
    pub display_name: String,
    pub label: String,
    pub state: PolicyState,
    /// Enabled, and licensed as far as the export tells.
    pub enforced: bool,
    pub verdict: Verdict,
    pub demands: Demands,
    /// The policy itself, for a line that applies.
    pub origin: Origin,
}

impl PolicyAnswer {
    /// Where the decision is written: the failing or unsettled condition, or the policy.
    pub fn decided_at(&self) -> &Origin {
        match &self.verdict {
            Verdict::Applies => &self.origin,
            Verdict::DoesNotApply { origin, .. } | Verdict::Unknown { origin, .. } => origin,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Answer {
    /// The sign-in in words, as resolved against the export.
    pub sign_in: String,
    pub policies: Vec<PolicyAnswer>,
    /// Enforced policies that apply and block.
    pub blocked_by: Vec<String>,
    /// Enforced policies that may apply but whose answer the export cannot settle, with why.
    pub unknown: Vec<String>,
    /// Whether one of the `unknown` policies blocks: only then may the sign-in be blocked.
    pub unknown_may_block: bool,
    /// Security defaults are on: they, not Conditional Access, decide (MFA when needed).
    pub security_defaults: bool,
    /// The export holds no Conditional Access policies to ask.
    pub not_evaluated: Option<String>,
}

impl Answer {
    /// The enforced policies that apply; each must be satisfied.
    pub fn enforced_applying(&self) -> impl Iterator<Item = &PolicyAnswer> {
        self.policies
            .iter()
            .filter(|p| p.enforced && matches!(p.verdict, Verdict::Applies))
    }
}

fn who<'a>(people: &People<'a>, user: &'a str) -> Result<(Who<'a>, String), String> {
    let user = user.trim();
    if user.eq_ignore_ascii_case("guest") || user.eq_ignore_ascii_case("a guest") {
        return Ok((
            Who::Target(Target::Person(Subject::a_guest())),
            "a guest invited from another tenant (no role, no group)".into(),
        ));
    }
    if let Some(role) = user.strip_prefix("role:") {
        let template = if crate::model::ids::is_guid(role) {
            role
        } else {
            template_of_name(role).ok_or_else(|| {
                format!("`{role}` is not a built-in admin role's name: give its template id")
            })?
        };
        let name = super::roles::admin_role_name(template).unwrap_or(template);
        return Ok((
            Who::Target(Target::Role(template)),
            format!("a holder of role {name}"),
        ));
    }
    if let Some(group) = user.strip_prefix("group:") {
        let tenant = people.tenant();
        let id = if crate::model::ids::is_guid(group) {
            group
        } else {
            tenant
                .directory
                .groups
                .values()
                .find(|g| {
                    g.display_name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(group))
                })
                .map(|g| g.id.as_str())
                .ok_or_else(|| {
                    format!("no group named `{group}` in the export: give its object id")
                })?
        };
        return Ok((
            Who::Group(id),
            format!("a member of group {}", people.group_name(id)),
        ));
    }
    let id = if crate::model::ids::is_guid(user) {
        user
    } else if user.contains('@') {
        people.user_with_upn(user).ok_or_else(|| {
            format!("no user with UPN `{user}` in the export: give the object id, which needs no users export")
        })?
    } else {
        return Err(format!(
            "`{user}` is not a user: give a UPN, an object id, role:<name>, group:<name or id> or guest"
        ));
    };
    Ok((
        Who::Target(Target::Person(Subject::new(people, id))),
        format!("user {}", people.user_label(id)),
    ))
}

fn client(text: &str) -> Result<ClientAppType, String> {
    match ClientAppType::parse(text) {
        ClientAppType::Unknown | ClientAppType::All => Err(format!(
            "`{text}` is not a client app type: give browser, mobileAppsAndDesktopClients, \
             exchangeActiveSync or other"
        )),
        known => Ok(known),
    }
}

/// Answers a question about one sign-in; `Err` when the question does not make sense against
/// this export (a UPN it does not hold, an app that is not one).
/// A condition of the question, checked against the values the API documents.
fn checked(
    value: &Option<String>,
    what: &str,
    known: &[&'static str],
) -> Result<Option<String>, String> {
    value.as_deref().map(|v| one_of(what, v, known)).transpose()
}

pub fn ask(people: &People, question: &Question) -> Result<Answer, String> {
    let tenant = people.tenant();
    let (who, whom) = who(people, &question.user)?;
    let app = AppTarget::parse(&question.app)?;
    let place = question
        .location
        .as_deref()
        .map(|l| Place::parse(l, tenant))
        .transpose()?;
    let sign_in = SignIn {
        who: &who,
        app,
        client: question.client.as_deref().map(client).transpose()?,
        platform: checked(&question.platform, "device platform", &PLATFORMS)?,
        place,
        sign_in_risk: checked(&question.sign_in_risk, "sign-in risk level", &RISK_LEVELS)?,
        user_risk: checked(&question.user_risk, "user risk level", &RISK_LEVELS)?,
        insider_risk: checked(
            &question.insider_risk,
            "insider risk level",
            &INSIDER_RISK_LEVELS,
        )?,
        device: (question.device_compliant.is_some() || question.device_join_type.is_some()).then(
            || Device {
                compliant: question.device_compliant,
                join_type: question.device_join_type.clone(),
            },
        ),
        flow: checked(&question.flow, "authentication flow", &FLOWS)?,
    };
    let mut described = vec![whom, sign_in.app.describe()];
    described.extend(sign_in.client.map(|c| format!("client {}", c.name())));
    described.extend(sign_in.platform.as_ref().map(|p| format!("platform {p}")));
    described.extend(sign_in.place.as_ref().map(|p| p.described.clone()));
    described.extend(
        sign_in
            .sign_in_risk
            .as_ref()
            .map(|r| format!("sign-in risk {r}")),
    );
    described.extend(sign_in.user_risk.as_ref().map(|r| format!("user risk {r}")));
    described.extend(
        sign_in
            .insider_risk
            .as_ref()
            .map(|r| format!("insider risk {r}")),
    );
    described.extend(
        sign_in
            .flow
            .as_ref()
            .map(|f| format!("authentication flow {f}")),
    );
    let mut answer = Answer {
        sign_in: described.join(", "),
        policies: Vec::new(),
        blocked_by: Vec::new(),
        unknown: Vec::new(),
        unknown_may_block: false,
        security_defaults: SecurityDefaultsState::of(tenant).is_enabled(),
        not_evaluated: None,
    };
    if !licences::ca_enforcement_known(tenant) {
        answer.not_evaluated = Some(InputKind::ConditionalAccess.missing());
        return Ok(answer);
    }
    let p1_undecided = licences::p1_undecided(tenant);
    for policy in tenant.policies() {
        let verdict = evaluate(policy, people, &sign_in);
        let enforced = effect(policy, tenant) == Effect::Enforced;
        let wanted = demands(policy);
        let unknown_count = answer.unknown.len();
        if let Some(why) = super::policy::undocumented_state(policy) {
            if !matches!(verdict, Verdict::DoesNotApply { .. }) {
                answer.unknown.push(why);
            }
        }
        if enforced {
            match &verdict {
                Verdict::Applies if p1_undecided => answer.unknown.push(format!(
                    "policy {} applies, but the licences list an Entra ID P1 plan without its status, \
                     so whether it takes effect cannot be told",
                    policy.label()
                )),
                Verdict::Applies if wanted.block => answer.blocked_by.push(policy.label()),
                Verdict::Unknown { why, .. } => answer
                    .unknown
                    .push(format!("policy {} may apply: {why}", policy.label())),
                _ => {}
            }
        }
        answer.unknown_may_block |= wanted.block && answer.unknown.len() > unknown_count;
        answer.policies.push(PolicyAnswer {
            id: policy.id.clone(),
            display_name: policy.display_name.clone(),
            label: policy.label(),
            state: policy.state.value.clone(),
            enforced,
            verdict,
            demands: wanted,
            origin: policy.origin.clone(),
        });
    }
    Ok(answer)
}
