//! Audit evidence: `evidence.json` (schema in `schemas/evidence.schema.json`) and a
//! self-contained `evidence.html` rendered from it by a template that escapes every value, so a
//! display name such as `<script>` shows as text. `verify` re-hashes the inputs later.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::locate::Locator;
use crate::config::Date;
use crate::rules::{docs, Diagnostic, Severity, Status};
use crate::source::{sha256_hex, HEAD_CHARS};
use crate::Report;

pub const SCHEMA: &str = include_str!("../../schemas/evidence.schema.json");
const TEMPLATE: &str = include_str!("evidence.html.j2");

/// What the report cannot know about the run that produced it.
pub struct RunFacts {
    pub command_line: Vec<String>,
    pub config: Option<PathBuf>,
    /// The files and folders linted, as given.
    pub roots: Vec<PathBuf>,
}

/// A file's name below the linted path it was found under, the same however that path is
/// spelled (`exports/x`, `./exports/x/`, an absolute path): what `verify` matches on.
pub fn relative_name(roots: &[PathBuf], file: &Path) -> String {
    let below = roots.iter().find_map(|root| {
        let relative = file.strip_prefix(root).ok()?;
        (!relative.as_os_str().is_empty()).then(|| relative.to_path_buf())
    });
    let name = below.unwrap_or_else(|| file.file_name().map(PathBuf::from).unwrap_or_default());
    name.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ`; `SOURCE_DATE_EPOCH` makes runs reproducible.
fn generated_at() -> String {
    let seconds = crate::config::now_seconds();
    let date = Date::from_days(seconds.div_euclid(86_400));
    let time = seconds.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

fn rule_set() -> String {
    let rules = crate::rules::registry();
    let mut hasher = Sha256::new();
    for rule in rules {
        hasher.update(rule.meta().code);
        hasher.update(docs::page(rule.meta().code).unwrap_or_default());
    }
    format!(
        "{} rules, pages sha256 {:x}",
        rules.len(),
        hasher.finalize()
    )
}

/// A rule's status as evidence sees it: a failure whose every finding is accepted is suppressed.
fn status(report: &Report, code: &str) -> &'static str {
    let result = report.results.iter().find(|r| r.meta.code == code);
    match result.map(|r| r.status) {
        Some(Status::Pass) => "pass",
        Some(Status::NotEvaluated) | None => "not-evaluated",
        Some(Status::Fail) => {
            let kept = report.diagnostics.iter().any(|d| d.code == code);
            let accepted = report.suppressed.iter().any(|s| s.diagnostic.code == code);
            if !kept && accepted {
                "suppressed"
            } else {
                "fail"
            }
        }
    }
}

/// A control's status in the evidence: a failure that rests only on findings accepted by
/// exceptions reads `suppressed`, so an auditor sees what was accepted.
fn control_status(control: &crate::frameworks::ControlResult) -> String {
    if control.accepted {
        "suppressed".to_string()
    } else {
        control.status.to_string()
    }
}

/// The evidence document. Field order is the document's key order (alphabetical), which the
/// small sections get from `serde_json::Value`; the findings, the bulk of a large tenant's
/// evidence, are typed so that they are not held twice.
#[derive(Serialize)]
pub struct Evidence {
    errors: Value,
    exceptions: Value,
    frameworks: Value,
    inputs: Value,
    notices: Value,
    rules: Vec<RuleEvidence>,
    run: Value,
    schema: &'static str,
    summary: Value,
}

#[derive(Serialize)]
struct RuleEvidence {
    code: &'static str,
    findings: Findings,
    name: &'static str,
    reason: Option<String>,
    severity: Severity,
    status: &'static str,
    summary: &'static str,
    suppressed: Findings,
}

/// One finding with the lines around it; a suppressed one also carries its exception.
#[derive(Debug, Serialize)]
struct FindingEvidence {
    excerpt: Vec<ExcerptLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    location: FindingLocation,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    severity: Severity,
    subject: String,
}

#[derive(Debug, Serialize)]
struct FindingLocation {
    column: usize,
    line: usize,
    path: String,
    pointer: String,
}

#[derive(Debug, Serialize)]
struct ExcerptLine {
    focus: bool,
    line: usize,
    text: String,
}

/// A rule's findings. The HTML template walks them as a sequence that turns one finding at a
/// time into a template value, so the template engine never holds a copy of them all.
#[derive(Debug, Clone)]
struct Findings(Arc<Vec<FindingEvidence>>);

impl Serialize for Findings {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if minijinja::value::serializing_for_value() {
            minijinja::Value::from_object(self.clone()).serialize(serializer)
        } else {
            self.0.serialize(serializer)
        }
    }
}

impl minijinja::value::Object for Findings {
    fn repr(self: &Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        self.0
            .get(key.as_usize()?)
            .map(minijinja::Value::from_serialize)
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }
}

fn excerpt(diagnostic: &Diagnostic, locator: &mut Locator) -> FindingEvidence {
    let at = locator.locate(&diagnostic.finding.primary);
    let excerpt = locator
        .lines_around(diagnostic.finding.primary.file, at.start.line, 2, 240)
        .into_iter()
        .map(|(line, text)| ExcerptLine {
            focus: line == at.start.line,
            line,
            text,
        })
        .collect();
    FindingEvidence {
        excerpt,
        expires: None,
        location: FindingLocation {
            column: at.start.column,
            line: at.start.line,
            path: at.path,
            pointer: at.pointer,
        },
        message: diagnostic.finding.message.to_string(),
        reason: None,
        severity: diagnostic.severity,
        subject: diagnostic.finding.subject.clone(),
    }
}

pub fn build(report: &Report, facts: &RunFacts) -> Evidence {
    let mut locator = Locator::new(&report.sources);
    let plan = &report.plan;
    let registration = plan.registration.unwrap_or_default();
    let statuses: Vec<&str> = report
        .results
        .iter()
        .map(|r| status(report, r.meta.code))
        .collect();
    let count = |s: &str| statuses.iter().filter(|x| **x == s).count();
    // The findings are sorted by file: each file's text is held only while its findings are
    // excerpted, not every reported file's at once.
    let mut findings_by_rule: HashMap<&str, Vec<FindingEvidence>> = HashMap::new();
    let mut previous = None;
    for diagnostic in &report.diagnostics {
        let file = diagnostic.finding.primary.file;
        if let Some(done) = previous.filter(|done| *done != file) {
            locator.release(done);
        }
        previous = Some(file);
        findings_by_rule
            .entry(diagnostic.code)
            .or_default()
            .push(excerpt(diagnostic, &mut locator));
    }
    let rules: Vec<RuleEvidence> = report
        .results
        .iter()
        .map(|r| {
            let findings = findings_by_rule.remove(r.meta.code).unwrap_or_default();
            let suppressed = report
                .suppressed
                .iter()
                .filter(|s| s.diagnostic.code == r.meta.code)
                .map(|s| FindingEvidence {
                    reason: Some(s.reason.clone()),
                    expires: Some(s.expires.to_string()),
                    ..excerpt(&s.diagnostic, &mut locator)
                })
                .collect();
            RuleEvidence {
                code: r.meta.code,
                findings: Findings(Arc::new(findings)),
                name: r.meta.name,
                reason: r.reason.clone(),
                severity: r.meta.severity,
                status: status(report, r.meta.code),
                summary: r.meta.summary,
                suppressed: Findings(Arc::new(suppressed)),
            }
        })
        .collect();
    // The excerpts are taken: the files' texts can go before the rest is built.
    drop(locator);
    let frameworks: Vec<Value> = crate::frameworks::Framework::ALL
        .iter()
        .map(|framework| {
            let controls: Vec<Value> = report
                .controls
                .iter()
                .filter(|c| c.framework == framework.key())
                .map(|c| {
                    json!({
                        "id": c.id,
                        "statement": c.statement,
                        "status": control_status(c),
                        "rules": c.rules,
                        "reason": c.reason,
                    })
                })
                .collect();
            json!({"name": framework.name(), "key": framework.key(), "controls": controls})
        })
        .collect();
    // Hashing reads every input again: in parallel, like the first read.
    let inputs: Vec<Value> = report
        .documents
        .par_iter()
        .map(|d| {
            let file = report.sources.get(d.file);
            // Content kept in memory (given, or a pipe that cannot be read twice) is hashed as
            // it was linted. A file on disk is read once for the hash, and only its head is
            // decoded, for the export date.
            let (hash, head) = match (&file.read_digest, file.kept_text()) {
                // Taken as the file was read: what was linted, whatever is on disk now.
                (Some(read), _) => (Some(read.sha256.clone()), read.head.clone()),
                (None, Some(text)) => (
                    Some(sha256_hex(text.as_bytes())),
                    text.chars().take(HEAD_CHARS).collect(),
                ),
                // A file that could not be read has no hash to keep: null, not the hash of
                // nothing, which would verify against an empty file.
                (None, None) => {
                    match crate::source::read_bounded(&file.path, crate::DEFAULT_MAX_FILE_SIZE) {
                        Ok((bytes, _)) => (Some(sha256_hex(&bytes)), decoded_head(&bytes)),
                        Err(_) => (None, String::new()),
                    }
                }
            };
            json!({
                "path": file.display_path(), "relative": relative_name(&facts.roots, &file.path),
                "size": file.size, "sha256": hash,
                "kind": d.kind.as_ref().map(|(k, _)| k.describe()),
                "evidence": d.kind.as_ref().map(|(_, e)| e.describe()),
                "encoding": file.encoding.to_string(),
                "export_date": export_date(&head),
                "skipped": d.skipped,
            })
        })
        .collect();
    // The latest date a file says it was exported on: ISO 8601 dates sort as text.
    let data_as_of = inputs
        .iter()
        .filter_map(|i| i["export_date"].as_str())
        .max()
        .map(str::to_string);
    let config = facts.config.as_ref().map(|path| {
        let hash = crate::source::read_bounded(path, crate::DEFAULT_MAX_FILE_SIZE)
            .ok()
            .map(|(bytes, _)| sha256_hex(&bytes));
        json!({"path": crate::source::display_path(path), "sha256": hash})
    });
    Evidence {
        errors: report
            .errors
            .iter()
            .map(|e| {
                json!({
                    "path": e.path, "line": e.position.map(|p| p.line),
                    "column": e.position.map(|p| p.column), "message": e.message,
                })
            })
            .collect(),
        exceptions: report
            .suppressed
            .iter()
            .map(|s| {
                json!({
                    "rule": s.diagnostic.code, "subject": s.diagnostic.finding.subject, "reason": s.reason,
                    "expires": s.expires.to_string(), "config": s.place.to_string(),
                })
            })
            .collect(),
        frameworks: Value::Array(frameworks),
        inputs: Value::Array(inputs),
        notices: json!(report.notices),
        rules,
        run: json!({
            "tool": "tenantlint", "version": env!("CARGO_PKG_VERSION"), "rule_set": rule_set(),
            "generated_at": generated_at(), "command_line": facts.command_line, "configuration": config,
        }),
        schema: "tenantlint-evidence/1",
        summary: json!({
            "tenant": {
                "id": (report.tenant_subject != "tenant").then(|| report.tenant_subject.clone()),
                "name": report.tenant_name,
                "primary_domain": report.tenant_domain,
            },
            "data_as_of": data_as_of,
            "licence": plan.licence(),
            "mechanism": plan.mechanism.to_string(),
            "recommended": plan.recommended(),
            "users": registration.users,
            "admins": registration.admins,
            "controls": {"pass": count("pass"), "fail": count("fail"), "not_evaluated": count("not-evaluated"), "suppressed": count("suppressed")},
            "guidance": plan.items.iter().map(|i| json!({"name": i.name, "standing": i.standing.to_string()}))
                .chain([json!({"name": "Self-service password reset", "standing": plan.sspr.to_string()})]).collect::<Vec<_>>(),
        }),
    }
}

/// The first [`HEAD_CHARS`] characters of a file's bytes, decoded: at most four bytes a
/// character, and a character cut at the end is dropped with whatever follows it.
fn decoded_head(bytes: &[u8]) -> String {
    let head = bytes[..bytes.len().min(4 * HEAD_CHARS)].to_vec();
    match crate::source::decode::decode(head) {
        Ok((text, _)) => text,
        Err(cut) => cut.text_before,
    }
}

/// A date the data itself says it was exported on, when it carries one.
fn export_date(text: &str) -> Option<String> {
    let head: String = text.chars().take(HEAD_CHARS).collect();
    ["\"exportDate\"", "\"generatedDateTime\"", "\"date\""]
        .iter()
        .find_map(|key| {
            let at = head.find(key)? + key.len();
            let rest = head[at..]
                .trim_start()
                .strip_prefix(':')?
                .trim_start()
                .strip_prefix('"')?;
            Some(rest[..rest.find('"')?].to_string())
        })
}

/// Renders the page from evidence as built, or as read back from `evidence.json`.
pub fn render_html(evidence: &impl Serialize, out: impl Write) -> Result<(), String> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("evidence.html", TEMPLATE)
        .map_err(|e| e.to_string())?;
    let template = env
        .get_template("evidence.html")
        .map_err(|e| e.to_string())?;
    template
        .render_captured_to(minijinja::context! { e => evidence }, out)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Writes `evidence.json` and `evidence.html` into `dir`, each streamed to its file.
pub fn write(dir: &Path, evidence: &Evidence) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    write_file(&dir.join("evidence.json"), |out| {
        serde_json::to_writer_pretty(&mut *out, evidence).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())
    })?;
    write_file(&dir.join("evidence.html"), |out| render_html(evidence, out))
}

fn write_file(
    path: &Path,
    content: impl FnOnce(&mut BufWriter<File>) -> Result<(), String>,
) -> Result<(), String> {
    let cannot = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    let mut out = BufWriter::new(File::create(path).map_err(|e| cannot(&e))?);
    content(&mut out).map_err(|e| cannot(&e))?;
    out.flush().map_err(|e| cannot(&e))
}

/// How the inputs compare with the evidence: files changed, gone, or new since it was written.
#[derive(Debug, Default)]
pub struct Verification {
    pub matching: usize,
    pub changed: Vec<String>,
    pub missing: Vec<String>,
    pub new: Vec<String>,
}

impl Verification {
    pub fn holds(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.new.is_empty()
    }
}

/// The verdicts an evidence file states: each rule's status, each control's status, and each
/// finding's rule and subject. A rerun on the same inputs must state the same.
pub fn verdicts(evidence: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for rule in evidence["rules"].as_array().into_iter().flatten() {
        out.push(format!("rule {} {}", rule["code"], rule["status"]));
        for finding in rule["findings"].as_array().into_iter().flatten() {
            out.push(format!("finding {} {}", rule["code"], finding["subject"]));
        }
    }
    for framework in evidence["frameworks"].as_array().into_iter().flatten() {
        for control in framework["controls"].as_array().into_iter().flatten() {
            out.push(format!(
                "control {} {} {}",
                framework["id"], control["id"], control["status"]
            ));
        }
    }
    out.sort();
    out
}

/// What one sorted list of verdicts has that the other has not, counting repeats: a finding
/// recorded once that the inputs give twice is a difference. One walk over both lists.
pub fn unmatched<'a>(stated: &'a [String], found: &'a [String]) -> (Vec<&'a str>, Vec<&'a str>) {
    let (mut only_stated, mut only_found) = (Vec::new(), Vec::new());
    let (mut s, mut f) = (stated.iter().peekable(), found.iter().peekable());
    loop {
        match (s.peek(), f.peek()) {
            (Some(a), Some(b)) if a == b => {
                s.next();
                f.next();
            }
            (Some(a), Some(b)) if a < b => only_stated.extend(s.next().map(String::as_str)),
            (Some(_), Some(_)) | (None, Some(_)) => only_found.extend(f.next().map(String::as_str)),
            (Some(_), None) => only_stated.extend(s.next().map(String::as_str)),
            (None, None) => return (only_stated, only_found),
        }
    }
}

/// Whether `evidence.html` is what `evidence.json` renders to: an edited page, or a page left
/// from other evidence, is caught.
pub fn html_matches(dir: &Path, evidence: &Value) -> Result<bool, String> {
    let mut rendered = Vec::new();
    render_html(evidence, &mut rendered)?;
    let page = std::fs::read(dir.join("evidence.html"))
        .map_err(|e| format!("cannot read {}: {e}", dir.join("evidence.html").display()))?;
    Ok(page == rendered)
}

/// The recorded `evidence.json` of `dir`.
pub fn read_recorded(dir: &Path, limit: u64) -> Result<Value, String> {
    let path = dir.join("evidence.json");
    let name = crate::source::display_path(&path);
    let (bytes, _) = crate::source::read_bounded(&path, limit)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("cannot read {name}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{name}: not evidence: {e}"))
}

/// Compares the inputs' hashes with the recorded ones, matching each file by its name below the
/// linted path (`roots`), so that verify works from any folder and any spelling of the path.
pub fn verify(
    evidence: &Value,
    roots: &[PathBuf],
    files: &[PathBuf],
    limit: u64,
) -> Result<Verification, String> {
    let recorded: BTreeMap<String, String> = evidence["inputs"]
        .as_array()
        .ok_or("evidence.json records no inputs")?
        .iter()
        .filter_map(|i| {
            let name = i["relative"].as_str().or_else(|| i["path"].as_str())?;
            Some((name.to_string(), i["sha256"].as_str()?.to_string()))
        })
        .collect();
    let mut outcome = Verification::default();
    let mut seen = std::collections::BTreeSet::new();
    for file in files {
        let name = relative_name(roots, file);
        let (bytes, _) = crate::source::read_bounded(file, limit)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        let hash = sha256_hex(&bytes);
        match recorded.get(&name) {
            Some(recorded_hash) if *recorded_hash == hash => outcome.matching += 1,
            Some(_) => outcome.changed.push(name.clone()),
            None => outcome.new.push(name.clone()),
        }
        seen.insert(name);
    }
    outcome.missing = recorded
        .keys()
        .filter(|p| !seen.contains(*p))
        .cloned()
        .collect();
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(list: &[&str]) -> Vec<String> {
        let mut lines: Vec<String> = list.iter().map(|l| l.to_string()).collect();
        lines.sort();
        lines
    }

    #[test]
    fn a_repeated_verdict_recorded_once_is_a_difference() {
        let found = lines(&["finding MFA004 a", "finding MFA004 a", "rule MFA004 fail"]);
        let stated = lines(&["finding MFA004 a", "rule MFA004 fail"]);
        assert_eq!(
            unmatched(&stated, &found),
            (vec![], vec!["finding MFA004 a"])
        );
        assert_eq!(
            unmatched(&found, &stated),
            (vec!["finding MFA004 a"], vec![])
        );
        assert_eq!(unmatched(&found, &found), (vec![], vec![]));
        let other = lines(&["rule MFA004 pass"]);
        assert_eq!(
            unmatched(&stated, &other),
            (
                vec!["finding MFA004 a", "rule MFA004 fail"],
                vec!["rule MFA004 pass"]
            )
        );
    }
}
