//! The rule registry and the engine that runs rules and stamps what they find.
//!
//! A rule says what it needs and what it found (subject, primary origin, related origins,
//! message); the engine stamps code, name and severity, and makes sure that no rule passes on
//! input that was present but could not be read.

pub mod docs;
pub mod fingerprint;

use std::fmt;

use serde::Serialize;

use crate::analysis::People;
use crate::config::Config;
use crate::model::{InputKind, Tenant};
use crate::source::Origin;

pub use crate::config::Severity;

/// What a rule is, independent of any tenant.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The inputs the rule reads; an unreadable record of one of these kinds stops a pass.
    pub needs: &'static [InputKind],
    /// The rule's page, `rules/<CODE>.md`: metadata block, then Markdown.
    pub page: &'static str,
}

#[derive(Debug, Clone)]
pub struct Related {
    pub origin: Origin,
    pub message: String,
}

/// What a finding says: its text about this subject, then the advice every finding of its kind
/// shares. The advice is kept once, not copied into each of a large tenant's 200k messages;
/// shown, the two read as one sentence: `text; advice`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Exactly as long as the text: `format!` leaves room to spare, up to half again as much,
    /// which a large tenant's messages would keep for the whole run.
    text: Box<str>,
    advice: &'static str,
}

impl Message {
    pub fn advised(text: String, advice: &'static str) -> Self {
        Message {
            text: text.into_boxed_str(),
            advice,
        }
    }

    /// The message as it reads, in pieces: the text, then `; ` and the advice when there is
    /// any. A writer that escapes as it goes needs no string of the whole.
    pub fn pieces(&self) -> impl Iterator<Item = &str> {
        let advised = (!self.advice.is_empty()).then_some(["; ", self.advice]);
        std::iter::once(&*self.text).chain(advised.into_iter().flatten())
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::advised(text, "")
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        text.to_string().into()
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pieces().try_for_each(|piece| f.write_str(piece))
    }
}

impl Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One violation, as a rule reports it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub subject: String,
    pub message: Message,
    pub primary: Origin,
    pub related: Vec<Related>,
    /// A rule with graded findings (SSPR001) may lower the severity of one finding.
    pub severity: Option<Severity>,
}

impl Finding {
    pub fn new(subject: impl Into<String>, primary: Origin, message: impl Into<Message>) -> Self {
        Finding {
            subject: subject.into(),
            message: message.into(),
            primary,
            related: Vec::new(),
            severity: None,
        }
    }

    pub fn related(mut self, origin: Origin, message: impl Into<String>) -> Self {
        self.related.push(Related {
            origin,
            message: message.into(),
        });
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Fail,
    NotEvaluated,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotEvaluated => "not-evaluated",
        })
    }
}

/// What a rule concluded. `reason` says why it passed or was not evaluated, and for a
/// failure what it could not check besides.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub reason: Option<String>,
    pub findings: Vec<Finding>,
}

impl Outcome {
    pub fn pass(reason: impl Into<String>) -> Self {
        Outcome {
            status: Status::Pass,
            reason: Some(reason.into()),
            findings: Vec::new(),
        }
    }

    pub fn not_evaluated(reason: impl Into<String>) -> Self {
        Outcome {
            status: Status::NotEvaluated,
            reason: Some(reason.into()),
            findings: Vec::new(),
        }
    }

    /// A verdict from what a rule found and what it could not tell: a failure (noting the
    /// unknowns) when it found something, not evaluated while anything is unknown, else a pass.
    pub fn judged(
        findings: Vec<Finding>,
        unknown: Option<String>,
        pass: impl Into<String>,
    ) -> Self {
        match (findings.is_empty(), unknown) {
            (false, unknown) => Outcome::fail(findings, unknown),
            (true, Some(unknown)) => Outcome::not_evaluated(unknown),
            (true, None) => Outcome::pass(pass),
        }
    }

    pub fn fail(findings: Vec<Finding>, note: Option<String>) -> Self {
        Outcome {
            status: Status::Fail,
            reason: note,
            findings,
        }
    }
}

/// What rules see: the tenant and the directory view built over it once.
pub struct Context<'t> {
    pub tenant: &'t Tenant,
    pub people: People<'t>,
    pub config: &'t Config,
    /// Who the admins are, found once for every rule that asks (a walk of every registration).
    admins: std::sync::OnceLock<crate::analysis::AdminSet>,
    /// Whether each admin must use MFA, in the order of `admins`: MFA001 and CA001 both ask.
    /// Like every answer kept here, it is computed on one thread: rules run in parallel, and
    /// parallel work inside the lock could make its thread wait on itself.
    admin_mfa: std::sync::OnceLock<Vec<crate::analysis::coverage::MfaCoverage<'t>>>,
}

impl<'t> Context<'t> {
    pub fn new(tenant: &'t Tenant, config: &'t Config) -> Self {
        if let Some(registrations) = &tenant.registrations {
            registrations.index();
        }
        Context {
            tenant,
            people: People::with_emergency(tenant, config.emergency_access.as_ref()),
            config,
            admins: std::sync::OnceLock::new(),
            admin_mfa: std::sync::OnceLock::new(),
        }
    }

    /// Whether each admin must use MFA, in the order of [`Context::admins`].
    pub fn admin_mfa(&self) -> &[crate::analysis::coverage::MfaCoverage<'t>] {
        self.admin_mfa.get_or_init(|| {
            let ids: Vec<&str> = self
                .admins()
                .admins
                .iter()
                .map(|a| a.user_id.as_str())
                .collect();
            crate::analysis::coverage::mfa_coverage_of_each(&self.people, &ids)
        })
    }

    pub fn admins(&self) -> &crate::analysis::AdminSet {
        self.admins
            .get_or_init(|| crate::analysis::find_admins(&self.people))
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context) -> Outcome;
}

/// Declares each rule's module and lists the rule in the registry: one line per rule.
macro_rules! rules {
    ($($module:ident::$rule:ident),* $(,)?) => {
        $(mod $module;)*

        /// Every rule, in catalog order.
        pub fn registry() -> &'static [&'static dyn Rule] {
            &[$(&$module::$rule),*]
        }
    };
}

rules! {
    sd001::Sd001,
    sd002::Sd002,
    mfa001::Mfa001,
    mfa002::Mfa002,
    mfa003::Mfa003,
    mfa004::Mfa004,
    mfa005::Mfa005,
    mfa006::Mfa006,
    auth001::Auth001,
    auth002::Auth002,
    auth003::Auth003,
    dev001::Dev001,
    dev002::Dev002,
    dev003::Dev003,
    leg001::Leg001,
    risk001::Risk001,
    risk002::Risk002,
    risk003::Risk003,
    risk004::Risk004,
    lic001::Lic001,
    lic002::Lic002,
    ca001::Ca001,
    ca002::Ca002,
    ca003::Ca003,
    sspr001::Sspr001,
    sspr002::Sspr002,
    app001::App001,
    app002::App002,
    app003::App003,
    app004::App004,
    app005::App005,
    app006::App006,
    pwd001::Pwd001,
    role001::Role001,
    role002::Role002,
    role003::Role003,
    role004::Role004,
    role005::Role005,
    role006::Role006,
    role007::Role007,
    role008::Role008,
    role009::Role009,
    guest001::Guest001,
    guest002::Guest002,
    agent001::Agent001,
}

/// A rule by code or name, any case.
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| {
        r.meta().code.eq_ignore_ascii_case(code_or_name)
            || r.meta().name.eq_ignore_ascii_case(code_or_name)
    })
}

/// A finding stamped with its rule and severity.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub finding: Finding,
}

#[derive(Debug, Clone)]
pub struct RuleResult {
    pub meta: &'static RuleMeta,
    pub status: Status,
    pub reason: Option<String>,
    /// How long the rule's check ran (`--timings` lists the dearest).
    pub took: std::time::Duration,
}

/// Runs the rules (in parallel: each reads the tenant and writes only its own outcome) and
/// returns their results in the order given.
pub fn run(cx: &Context, rules: &[&'static dyn Rule]) -> (Vec<RuleResult>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let outcomes: Vec<(&'static RuleMeta, Outcome, std::time::Duration)> = rules
        .par_iter()
        .map(|rule| {
            let meta = rule.meta();
            let started = std::time::Instant::now();
            let mut outcome = rule.check(cx);
            guard_unreadable(cx.tenant, meta, &mut outcome);
            (meta, outcome, started.elapsed())
        })
        .collect();
    let mut results = Vec::new();
    let mut diagnostics =
        Vec::with_capacity(outcomes.iter().map(|(_, o, _)| o.findings.len()).sum());
    for (meta, outcome, took) in outcomes {
        // A severity set in the configuration replaces the rule's own, graded ones included.
        let configured = cx.config.severity_of(meta.code, meta.name);
        move_stamped(outcome.findings, &mut diagnostics, |finding| Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: configured.or(finding.severity).unwrap_or(meta.severity),
            finding,
        });
        results.push(RuleResult {
            meta,
            status: outcome.status,
            reason: outcome.reason,
            took,
        });
    }
    (results, diagnostics)
}

/// Moves a rule's findings to the end of `diagnostics`, in order, each stamped by `stamp`. They
/// are moved a batch at a time from the end, and the rule's vector is shrunk after each batch:
/// moved all at once, a rule's hundred thousand findings would be held twice at the peak.
fn move_stamped(
    mut findings: Vec<Finding>,
    diagnostics: &mut Vec<Diagnostic>,
    stamp: impl Fn(Finding) -> Diagnostic,
) {
    const BATCH: usize = 1 << 13;
    let start = diagnostics.len();
    while !findings.is_empty() {
        let from = findings.len().saturating_sub(BATCH);
        diagnostics.extend(findings.drain(from..).map(&stamp));
        findings.shrink_to_fit();
    }
    // The batches came last first, and only the last one moved (the rule's first findings) can
    // be short: turning the whole run around puts it first, so each batch, counted from the
    // end, is turned back.
    let moved = &mut diagnostics[start..];
    moved.reverse();
    for batch in moved.rchunks_mut(BATCH) {
        batch.reverse();
    }
}

/// Whether a user's registration record is in a per-user rule's scope, and its flag.
pub(crate) enum InScope<'t> {
    /// Out of scope (a guest, an admin, not enabled), or nothing to find either way.
    Out,
    In(&'t crate::model::Flag),
    /// The record does not say what decides it (a flag that is null or absent).
    Unknown,
}

/// What a per-user registration rule (MFA004, SSPR002) says: when no user is in scope, about each
/// user whose flag is false (the words before and after their label), the advice, the pass, and
/// the flag whose absence leaves a user undecided.
pub(crate) struct FlagCheck {
    pub none_in_scope: &'static str,
    pub says: [&'static str; 2],
    pub advice: &'static str,
    pub all_set: fn(usize) -> String,
    pub deciding: &'static str,
}

/// Per-thread tallies of one walk over the registration details.
#[derive(Default)]
struct Tally<'t> {
    in_scope: usize,
    unknown: usize,
    first_unknown: Option<&'t crate::model::Registration>,
    findings: Vec<Finding>,
}

/// One finding per user in scope whose flag is false, pointing at the flag: `in_scope` gives a
/// record's flag when its user is in scope. The users in scope are counted as they are checked,
/// in one walk spread over threads: a tenant may have millions. A user whose record leaves the
/// deciding flag out is unknown, never out of scope: while any is, the rule cannot pass.
pub(crate) fn unset_flags<'t>(
    cx: &Context<'t>,
    registrations: &'t crate::model::Registrations,
    in_scope: impl Fn(&'t crate::model::Registration) -> InScope<'t> + Sync,
    user_in_scope: impl Fn(&'t crate::model::User) -> bool,
    check: FlagCheck,
) -> Outcome {
    use rayon::prelude::*;
    if registrations.is_empty() {
        // A tenant has at least one user: an empty report is a failed or filtered export.
        return Outcome::not_evaluated("the registration details list no users");
    }
    // One walk: each thread's piece counts the users in scope and keeps its findings; the
    // pieces come back in export order and are joined once, at their final size.
    let pieces: Vec<Tally> = registrations
        .par_iter()
        .fold(Tally::default, |mut tally, r| {
            match in_scope(r) {
                InScope::Out => {}
                InScope::Unknown => {
                    tally.unknown += 1;
                    tally.first_unknown.get_or_insert(r);
                }
                InScope::In(flag) => {
                    tally.in_scope += 1;
                    if !flag.value {
                        let [before, after] = check.says;
                        let text = cx.people.registered_user_label(r).between(before, after);
                        tally.findings.push(Finding::new(
                            r.user_id(),
                            r.flag_origin(flag),
                            Message::advised(text, check.advice),
                        ));
                    }
                }
            }
            tally
        })
        .collect();
    let count = pieces.iter().map(|t| t.in_scope).sum::<usize>();
    let unknown = pieces.iter().map(|t| t.unknown).sum::<usize>();
    let first_unknown = pieces.iter().find_map(|t| t.first_unknown);
    let mut findings = Vec::with_capacity(pieces.iter().map(|t| t.findings.len()).sum());
    for piece in pieces {
        findings.extend(piece.findings);
    }
    let mut undecided: Vec<String> = first_unknown
        .map(|first| {
            format!(
                "the registration details of {unknown} user(s) do not say {} (first: {}), so whether \
                 they are registered is unknown: export the registration details again",
                check.deciding,
                cx.people.registered_user_label(first)
            )
        })
        .into_iter()
        .collect();
    // Users the users export names and the registration details leave out: they can be
    // filtered, paged or stale, so whether those users are registered is unknown.
    let unlisted: Vec<&crate::model::User> = cx
        .people
        .users_without_registration()
        .filter(|u| user_in_scope(u))
        .collect();
    undecided.extend(unlisted_users(cx, &unlisted));
    let undecided = (!undecided.is_empty()).then(|| undecided.join("; "));
    match (findings.is_empty(), undecided) {
        (false, undecided) => Outcome::fail(findings, undecided),
        (true, Some(undecided)) => Outcome::not_evaluated(undecided),
        (true, None) if count == 0 => Outcome::pass(check.none_in_scope),
        (true, None) => Outcome::pass((check.all_set)(count)),
    }
}

/// Why a rule about what enforced policies exclude cannot pass: policies that require MFA or
/// block are in a state Graph does not document, and may be enforced.
pub(crate) fn unknown_states(tenant: &Tenant) -> Option<String> {
    let policies: Vec<String> = crate::analysis::policy::unknown_state_mfa_or_block(tenant)
        .map(|p| format!("{} is {}", p.label(), p.state.value.describe()))
        .collect();
    (!policies.is_empty()).then(|| {
        format!(
            "whether these policies are enforced cannot be told: {}",
            join_and(&policies)
        )
    })
}

/// What a per-user rule says of users the users export names and the registration details leave
/// out, when there are any.
pub(crate) fn unlisted_users(cx: &Context, unlisted: &[&crate::model::User]) -> Option<String> {
    let first = unlisted.first()?;
    Some(format!(
        "{} user(s) of the users export are not in the registration details (first: {}): export the \
         registration details of every user",
        unlisted.len(),
        cx.people.user_label(&first.id)
    ))
}

/// A pass computed without records that could not be read proves nothing, nor one computed
/// over two tenants merged.
fn guard_unreadable(tenant: &Tenant, meta: &RuleMeta, outcome: &mut Outcome) {
    // Licence evidence is in the subscribed SKUs and in the organization's assigned plans.
    let evidence = |kind: &InputKind| match kind {
        InputKind::Licences => vec![InputKind::Licences, InputKind::Organization],
        other => vec![*other],
    };
    let mut unreadable: Vec<String> = meta
        .needs
        .iter()
        .flat_map(evidence)
        .filter_map(|kind| {
            tenant
                .unreadable
                .get(&kind)
                .map(|n| format!("{n} unreadable record(s) of {}", kind.describe()))
        })
        .collect();
    if let Some(first) = tenant.unreadable_of_unknown_kind.first() {
        let more = match tenant.unreadable_of_unknown_kind.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        unreadable.push(format!(
            "an unreadable file whose kind cannot be told ({first}{more}), which could hold anything this rule needs"
        ));
    }
    if !tenant.other_tenants.is_empty() {
        unreadable.push("the exports of more than one tenant".to_string());
    }
    if unreadable.is_empty() {
        return;
    }
    let note = format!(
        "the input has {} (see the input errors: correct those files, export them again, or leave \
         them out with --exclude)",
        join_and(&unreadable)
    );
    match outcome.status {
        Status::Pass => {
            outcome.status = Status::NotEvaluated;
            outcome.reason = Some(format!("{note}; without them the rule cannot pass"));
        }
        _ => {
            outcome.reason = Some(match outcome.reason.take() {
                Some(reason) => format!("{reason}; {note}"),
                None => note,
            })
        }
    }
}

pub use crate::analysis::join_and;
pub(crate) use crate::analysis::licences::ca_enforcement_known;

/// The gate of the rules about what Conditional Access must do once security defaults are off:
/// security defaults on pass them (`on` says why); without proof that they are off, or without
/// Conditional Access data, the rule cannot be evaluated.
pub(crate) fn security_defaults_off<'t>(
    tenant: &'t Tenant,
    on: &str,
) -> Result<crate::analysis::SecurityDefaultsState<'t>, Outcome> {
    use crate::analysis::SecurityDefaultsState;
    let defaults = SecurityDefaultsState::of(tenant);
    if defaults.is_enabled() {
        return Err(Outcome::pass(on));
    }
    if !ca_enforcement_known(tenant) {
        return Err(Outcome::not_evaluated(match defaults {
            SecurityDefaultsState::Disabled(_) => {
                format!(
                    "security defaults are off, and {}",
                    InputKind::ConditionalAccess.missing()
                )
            }
            _ => format!(
                "{}; and {}",
                InputKind::SecurityDefaults.missing(),
                InputKind::ConditionalAccess.missing()
            ),
        }));
    }
    if !defaults.is_off() {
        return Err(Outcome::not_evaluated(
            "no security defaults policy in the input, and no enabled Conditional Access policy proves them off",
        ));
    }
    Ok(defaults)
}

/// Where a tenant-wide finding points when no policy is to blame: the `isEnabled: false` of
/// security defaults, or the enabled policy that proves them off.
pub(crate) fn security_defaults_anchor(
    defaults: &crate::analysis::SecurityDefaultsState,
) -> Option<Origin> {
    use crate::analysis::SecurityDefaultsState;
    match defaults {
        SecurityDefaultsState::Disabled(flag) | SecurityDefaultsState::Enabled(flag) => {
            Some(flag.origin.clone())
        }
        SecurityDefaultsState::InferredOff(policy) => Some(policy.state.origin.clone()),
        SecurityDefaultsState::Unknown => None,
    }
}

/// A tenant-wide finding that rests on security defaults being off says, when no file says so,
/// what was inferred and from which policy, and points at that policy's state.
pub(crate) fn note_defaults(
    mut finding: Finding,
    defaults: &crate::analysis::SecurityDefaultsState,
) -> Finding {
    use crate::analysis::SecurityDefaultsState;
    if let SecurityDefaultsState::InferredOff(policy) = defaults {
        finding.message.text = format!(
            "{} (security defaults taken to be off: the export has no security defaults policy, and policy {} \
             is enabled, which Entra allows only with them off)",
            finding.message.text,
            policy.label()
        )
        .into_boxed_str();
        let shown = finding.primary == policy.state.origin
            || finding
                .related
                .iter()
                .any(|r| r.origin == policy.state.origin);
        if !shown {
            finding = finding.related(
                policy.state.origin.clone(),
                "enabled: security defaults are taken to be off",
            );
        }
    }
    finding
}

/// The most decisive gap's message, and how many more there are. The others are related
/// locations ([`relate_gaps`]); the message does not point at them, because the formats that show
/// related locations draw them beside it and the others (concise, annotations) cannot.
pub(crate) fn summarise_gaps(gaps: &[crate::analysis::Gap]) -> Option<String> {
    match gaps {
        [] => None,
        [only] => Some(only.message.clone()),
        [first, rest @ ..] => Some(format!(
            "{} (and {} more {} short)",
            first.message,
            rest.len(),
            if rest.len() == 1 {
                "policy falls"
            } else {
                "policies fall"
            }
        )),
    }
}

/// Every gap as a related location, labelled by its kind.
pub(crate) fn relate_gaps(mut finding: Finding, gaps: &[crate::analysis::Gap]) -> Finding {
    for gap in gaps {
        finding = finding.related(
            gap.origin.clone(),
            format!("{}: {}", gap.label(), gap.message),
        );
    }
    finding
}

/// What to do, following the gap that decides (the analysis ranks it first).
pub(crate) fn advice<'a>(gaps: &[crate::analysis::Gap], otherwise: &'a str) -> &'a str {
    use crate::analysis::GapKind;
    match gaps.first().map(|g| &g.kind) {
        Some(GapKind::NotEnforced { would_cover: true }) => "turn the report-only policy on",
        Some(GapKind::Unlicensed) => {
            "assign a plan that includes Entra ID P1 (e.g. Microsoft 365 E3 or Business Premium), or turn on security defaults"
        }
        Some(GapKind::Excluded) => "remove the exclusion, or make another enforced policy cover what it leaves out",
        _ => otherwise,
    }
}

/// The gate of the risk rules: they apply to tenants with Entra ID P2 only, and read the
/// Conditional Access policies.
pub(crate) fn requires_p2(tenant: &Tenant) -> Result<(), Outcome> {
    p2_gate(tenant, "risk-based Conditional Access")?;
    if tenant.ca_policies.is_none() {
        return Err(Outcome::not_evaluated(format!(
            "the tenant has Entra ID P2, but {}",
            InputKind::ConditionalAccess.missing()
        )));
    }
    Ok(())
}

/// The gate of rules about a feature of Entra ID P2 (`feature`: "PIM"): without licence data
/// they cannot be evaluated; below P2 they pass as not applicable, and the frameworks that
/// require the feature read that as a failure.
pub(crate) fn p2_gate(tenant: &Tenant, feature: &str) -> Result<(), Outcome> {
    use crate::analysis::licences::{possible_tier, tier, Tier};
    let Some(possible) = possible_tier(tenant) else {
        return Err(Outcome::not_evaluated(
            "no licence data in the input: whether the tenant has Entra ID P2 is unknown",
        ));
    };
    match tier(tenant) {
        Some(t) if t < Tier::P2 => Err(Outcome::pass(format!(
            "not applicable: the tenant's licences include {}, and {feature} needs Entra ID P2",
            t.describe()
        ))),
        None if possible < Tier::P2 => Err(Outcome::pass(format!(
            "not applicable: the licences show no Entra ID P2 plan, and {feature} needs Entra ID P2"
        ))),
        None => Err(Outcome::not_evaluated(
            "the licences show an Entra ID P2 plan whose status they do not give: whether the tenant \
             has P2 is unknown",
        )),
        Some(_) => Ok(()),
    }
}

/// The gate of rules about PIM assignments: P2, and the active assignments with their
/// schedules in the export.
pub(crate) fn pim_schedules_gate(tenant: &Tenant) -> Result<(), Outcome> {
    p2_gate(tenant, "PIM")?;
    if !crate::analysis::pim::active_schedules_known(tenant) {
        return Err(Outcome::not_evaluated(
            "the input has no PIM active assignments with their schedules \
             (roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal)",
        ));
    }
    Ok(())
}

/// What a rule about the PIM settings of highly privileged roles asks of them.
pub(crate) struct PimCheck {
    pub roles: crate::analysis::pim::Roles,
    /// The settings rules to read (`Approval_EndUser_Assignment`, ...).
    pub rule_ids: &'static [&'static str],
    /// Whether a settings rule falls short; `None` when it does not say.
    pub falls_short: fn(&crate::model::RolePolicyRule) -> Option<bool>,
    /// What a shortfall means, after the role's name: "activation does not require approval".
    pub shortfall: &'static str,
    pub fix: &'static str,
    /// The pass reason.
    pub met: &'static str,
}

/// The outcome of a PIM settings rule: P2 first, then one finding per settings rule (the role's
/// own, and those of PIM groups that hold it) that falls short, at that rule; roles whose
/// settings are not exported leave it unknown.
pub(crate) fn pim_settings_outcome(cx: &Context, check: PimCheck) -> Outcome {
    use crate::analysis::pim::role_rules;
    if let Err(outcome) = p2_gate(cx.tenant, "PIM") {
        return outcome;
    }
    let mut findings = Vec::new();
    let mut unknown = Vec::new();
    for (template_id, role) in check.roles.list() {
        for rule_id in check.rule_ids {
            let rules = match role_rules(cx.tenant, template_id, rule_id) {
                Ok(rules) => rules,
                Err(why) => {
                    unknown.push(why);
                    continue;
                }
            };
            for rule in rules {
                match (check.falls_short)(rule) {
                    Some(false) => {}
                    None => unknown.push(format!("{role}: rule {rule_id} does not say")),
                    Some(true) => findings.push(Finding::new(
                        template_id,
                        rule.origin.clone(),
                        Message::advised(
                            format!("{role}: {} ({rule_id})", check.shortfall),
                            check.fix,
                        ),
                    )),
                }
            }
        }
    }
    unknown.dedup();
    let unknown = (!unknown.is_empty()).then(|| {
        format!(
            "{}: export the roles' PIM settings (policies/roleManagementPolicyAssignments with \
             $expand=policy($expand=rules))",
            unknown.join("; ")
        )
    });
    Outcome::judged(findings, unknown, check.met)
}

/// The outcome of a rule about one credential restriction of the tenant default application
/// management policy: a finding per reason it does not hold for every application and service
/// principal.
pub(crate) fn app_restriction_outcome(
    cx: &Context,
    restriction: crate::analysis::apps::Restriction,
    fix: &'static str,
    met: &'static str,
) -> Outcome {
    use crate::analysis::apps::{default_policy, restriction_issues};
    let policy = match default_policy(cx.tenant) {
        Ok(policy) => policy,
        Err(why) => return Outcome::not_evaluated(why),
    };
    let issues = restriction_issues(policy, &restriction);
    if issues.is_empty() {
        return Outcome::pass(met);
    }
    let findings = issues
        .into_iter()
        .map(|issue| {
            Finding::new(
                cx.tenant.subject(),
                issue.origin,
                Message::advised(issue.message, fix),
            )
        })
        .collect();
    Outcome::fail(findings, None)
}

/// Where a tenant-wide finding points when no policy or setting is to blame: the organization,
/// or else the first licence record.
pub(crate) fn tenant_anchor(tenant: &Tenant) -> Option<Origin> {
    tenant
        .organization
        .as_ref()
        .map(|o| o.origin.clone())
        .or_else(|| tenant.licences.as_ref()?.first().map(|s| s.origin.clone()))
}

/// How a coverage rule words what it asks for.
pub(crate) struct Asked<'a> {
    /// What does not hold, leading the message: "MFA is not required for all users on all apps".
    pub not: &'a str,
    /// Why, when no policy even comes close: "no enforced policy requires MFA for all users".
    pub nothing: &'a str,
    /// What enforced policies do, before "only for client apps ...": "enforced policies
    /// require it".
    pub partly: &'a str,
    /// What to change when no gap says better (see [`advice`]).
    pub fix: &'static str,
}

/// The finding of a coverage question that enforced policies do not answer, for `subject`: at
/// the gap that decides (the others related), or at the policy that covers some client apps
/// only, or at `fallback`; `None` when the policies answer it, or when there is nothing to
/// point at (then `Err`). Whether an unknown coverage may fail is the caller's to decide.
pub(crate) fn coverage_finding(
    coverage: &crate::analysis::coverage::Coverage,
    subject: impl Into<String>,
    asked: &Asked,
    fallback: Option<Origin>,
) -> Result<Option<Finding>, String> {
    use crate::model::ClientAppType;
    if coverage.is_complete(&ClientAppType::EVERY) {
        return Ok(None);
    }
    let partial = coverage.partial_client_apps().map(|(_, origin)| origin);
    let primary = coverage
        .gaps
        .first()
        .map(|g| g.origin.clone())
        .or(partial)
        .or(fallback)
        .ok_or_else(|| {
            format!(
                "{}, and the input has nothing to point a finding at",
                asked.not
            )
        })?;
    let why = summarise_gaps(&coverage.gaps).unwrap_or_else(|| {
        if coverage.covered.is_empty() {
            asked.nothing.to_string()
        } else {
            format!(
                "{} only for client apps {}",
                asked.partly,
                crate::analysis::policy::names(&coverage.covered)
            )
        }
    });
    Ok(Some(relate_gaps(
        Finding::new(
            subject,
            primary,
            Message::advised(
                format!("{}: {why}", asked.not),
                advice(&coverage.gaps, asked.fix),
            ),
        ),
        coverage.gaps.get(1..).unwrap_or_default(),
    )))
}

/// The outcome of a rule that asks enforced Conditional Access policies for one thing for all
/// users: a pass naming the policies that do it, not evaluated while whom a policy applies to
/// is unknown, else the [`coverage_finding`]. `what` says what holds when it passes.
pub(crate) fn coverage_outcome(
    cx: &Context,
    coverage: &crate::analysis::coverage::Coverage,
    what: &str,
    asked: &Asked,
) -> Outcome {
    let tenant = cx.tenant;
    if !ca_enforcement_known(tenant) {
        return Outcome::not_evaluated(InputKind::ConditionalAccess.missing());
    }
    if let (false, Some(unknown)) = (
        coverage.is_complete(&crate::model::ClientAppType::EVERY),
        &coverage.unknown,
    ) {
        return Outcome::not_evaluated(format!("whether {what} cannot be told: {unknown}"));
    }
    let fallback =
        tenant_anchor(tenant).or_else(|| tenant.policies().first().map(|p| p.origin.clone()));
    match coverage_finding(coverage, tenant.subject(), asked, fallback) {
        Ok(None) => {
            let by: Vec<String> = coverage.by.iter().map(|p| p.label()).collect();
            Outcome::pass(format!("{what}: by {}", join_and(&by)))
        }
        Ok(Some(finding)) => Outcome::fail(vec![finding], None),
        Err(why) => Outcome::not_evaluated(why),
    }
}

/// The finding of a risk rule: at the gap of the policy that comes closest (or `closest`, a
/// value no gap names), or else at the P2 plan that makes the rule apply; every other gap and
/// the plan are related locations.
pub(crate) fn risk_finding(
    tenant: &Tenant,
    gaps: &[crate::analysis::Gap],
    closest: Option<Origin>,
    message: String,
) -> Option<Finding> {
    use crate::analysis::licences::{evidence, Tier};
    let plan = evidence(tenant, Tier::P2);
    let primary = gaps
        .first()
        .map(|g| g.origin.clone())
        .or(closest)
        .or_else(|| plan.clone())?;
    let others: Vec<crate::analysis::Gap> = gaps
        .iter()
        .filter(|g| g.origin != primary)
        .cloned()
        .collect();
    let mut finding = relate_gaps(
        Finding::new(tenant.subject(), primary.clone(), message),
        &others,
    );
    if let Some(plan) = plan.filter(|p| *p != primary) {
        finding = finding.related(plan, "the Entra ID P2 plan");
    }
    Some(finding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_moved_in_batches_keep_their_order() {
        let finding = |i: usize| {
            let origin = Origin {
                file: 0,
                span: i..i + 1,
                pointer: format!("/value/{i}"),
            };
            Finding::new(i.to_string(), origin, format!("finding {i}"))
        };
        let stamp = |code: &'static str| {
            move |finding: Finding| Diagnostic {
                code,
                name: "test",
                severity: Severity::Info,
                finding,
            }
        };
        // Fewer than a batch, exactly one, and several with a short one.
        for count in [0, 5, 8192, 20_000] {
            let mut diagnostics = Vec::new();
            move_stamped((0..3).map(finding).collect(), &mut diagnostics, stamp("A"));
            move_stamped(
                (0..count).map(finding).collect(),
                &mut diagnostics,
                stamp("B"),
            );
            let moved: Vec<(&str, &str)> = diagnostics
                .iter()
                .map(|d| (d.code, d.finding.subject.as_str()))
                .collect();
            let expected: Vec<(&str, String)> = (0..3)
                .map(|i| ("A", i.to_string()))
                .chain((0..count).map(|i| ("B", i.to_string())))
                .collect();
            let expected: Vec<(&str, &str)> =
                expected.iter().map(|(c, s)| (*c, s.as_str())).collect();
            assert_eq!(moved, expected, "{count} findings");
        }
    }
}
