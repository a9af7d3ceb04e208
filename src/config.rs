//! `tenantlint.toml`: rule selection and severities, emergency-access accounts, and accepted
//! exceptions. The file is found by walking up from the linted path (or given with `--config`),
//! parsed with spans, converted to JSON and validated against the published schema
//! (`schemas/config.schema.json`, printed by `tenantlint schema config`); every error is
//! reported with its line and column, and unknown keys get a "did you mean".

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How serious a rule's findings are; the configuration may change it per rule.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

use serde::Deserialize;
use serde_json::{Map, Value};
use toml::de::{DeTable, DeValue};

use crate::source::locate::{LineIndex, Position};

pub const FILE_NAME: &str = "tenantlint.toml";
pub const SCHEMA: &str = include_str!("../schemas/config.schema.json");

/// Seconds since 1970 (UTC): `SOURCE_DATE_EPOCH` when set, so that runs can be reproduced.
pub fn now_seconds() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

/// A calendar date, for exception expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let date = Date {
            year: parts.next()?.parse().ok()?,
            month: parts.next()?.parse().ok()?,
            day: parts.next()?.parse().ok()?,
        };
        let valid = parts.next().is_none()
            && (1..=12).contains(&date.month)
            && (1..=31).contains(&date.day);
        valid.then_some(date)
    }

    /// Today (UTC), or the day of `SOURCE_DATE_EPOCH` when set, for reproducible runs.
    pub fn today() -> Date {
        Date::from_days(now_seconds().div_euclid(86_400))
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Where in the configuration file something was written, for messages.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub path: String,
    pub position: Option<Position>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some(p) => write!(f, "{}:{}:{}", self.path, p.line, p.column),
            None => f.write_str(&self.path),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Exception {
    pub rule: String,
    pub subject: String,
    pub reason: String,
    pub expires: Date,
    pub place: Place,
}

#[derive(Debug, Clone, Default)]
pub struct EmergencyAccess {
    pub accounts: Vec<String>,
    pub groups: Vec<String>,
}

impl EmergencyAccess {
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.groups.is_empty()
    }
}

/// The configuration in effect; the default when there is no file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    pub select: Vec<String>,
    /// Rules run on top of the selection (`extend-select`).
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// The lowest severity that makes `check` exit 1, when the command line gives none.
    pub fail_on: Option<Severity>,
    /// The output format's name, when the command line gives none (checked by the schema).
    pub format: Option<String>,
    /// Files and folders not to read (`exclude`: glob patterns).
    pub exclude: crate::source::discover::Exclude,
    pub severity: BTreeMap<String, Severity>,
    /// `None` when the file has no `[emergency-access]` table.
    pub emergency_access: Option<EmergencyAccess>,
    pub exceptions: Vec<Exception>,
}

impl Config {
    /// The severity `[severity]` sets for a rule, by its code or its name (any case).
    pub fn severity_of(&self, code: &str, name: &str) -> Option<Severity> {
        self.severity
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(code) || key.eq_ignore_ascii_case(name))
            .map(|(_, severity)| *severity)
    }
}

/// A configuration error with its place in the file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub place: Place,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// The nearest `tenantlint.toml` in the folder of `path` or above it.
pub fn find(path: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(path).ok()?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(current) = dir {
        let candidate = current.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = current.parent();
    }
    None
}

/// The rules a configuration may name, so that a typo is an error, not a silent no-op.
pub trait KnownRules {
    /// Every code and name, for "did you mean".
    fn names(&self) -> Vec<String>;
    /// Whether `pattern` names a rule (or, where `family_allowed`, a family such as `MFA`).
    fn knows(&self, pattern: &str, family_allowed: bool) -> bool;
}

pub fn load(path: &Path, known: &dyn KnownRules) -> Result<Config, Vec<ConfigError>> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![ConfigError {
            place: Place {
                path: display.clone(),
                position: None,
            },
            message: format!("cannot read: {e}"),
        }]
    })?;
    parse(&text, &display, known).map(|mut config| {
        config.path = Some(path.to_path_buf());
        config
    })
}

/// Spans of the values and keys of a TOML document, by JSON pointer.
#[derive(Default)]
struct Spans {
    values: HashMap<String, Range<usize>>,
    keys: HashMap<String, Range<usize>>,
}

pub fn parse(text: &str, path: &str, known: &dyn KnownRules) -> Result<Config, Vec<ConfigError>> {
    let index = LineIndex::new(text);
    let place = |span: Option<Range<usize>>| Place {
        path: path.to_string(),
        position: span.map(|s| index.position(s.start)),
    };
    let table = DeTable::parse(text).map_err(|e| {
        vec![ConfigError {
            place: place(e.span()),
            message: format!("not valid TOML: {}", e.message().trim()),
        }]
    })?;
    let mut spans = Spans::default();
    let json = table_to_json(table.get_ref(), "", &mut spans);
    let mut errors = validate(&json, &spans, &place);
    let mut config = Config::default();
    if errors.is_empty() {
        config = from_json(&json, &spans, &place);
        errors.extend(check_rules(&json, &spans, &place, known));
        errors.extend(check_exclude(&json, &spans, &place));
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        errors.sort_by_key(|e| e.place.position);
        Err(errors)
    }
}

fn table_to_json(table: &DeTable, pointer: &str, spans: &mut Spans) -> Value {
    let mut map = Map::new();
    for (key, value) in table.iter() {
        let child = format!("{pointer}/{}", key.get_ref());
        spans.keys.insert(child.clone(), key.span());
        map.insert(
            key.get_ref().to_string(),
            value_to_json(value.get_ref(), value.span(), &child, spans),
        );
    }
    Value::Object(map)
}

fn value_to_json(value: &DeValue, span: Range<usize>, pointer: &str, spans: &mut Spans) -> Value {
    spans.values.insert(pointer.to_string(), span);
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_or_else(|_| Value::String(i.to_string()), Value::from),
        DeValue::Float(f) => f
            .as_str()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    value_to_json(
                        item.get_ref(),
                        item.span(),
                        &format!("{pointer}/{i}"),
                        spans,
                    )
                })
                .collect(),
        ),
        DeValue::Table(table) => table_to_json(table, pointer, spans),
    }
}

/// The keys the schema allows in the object at `pointer`, for "did you mean".
fn known_keys(schema: &Value, pointer: &str) -> Vec<String> {
    let mut node = schema;
    for segment in pointer.split('/').skip(1) {
        node = if segment.bytes().all(|b| b.is_ascii_digit()) {
            &node["items"]
        } else {
            &node["properties"][segment]
        };
    }
    node["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

fn validate(
    json: &Value,
    spans: &Spans,
    place: &dyn Fn(Option<Range<usize>>) -> Place,
) -> Vec<ConfigError> {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the embedded schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the embedded schema is valid");
    let mut errors = Vec::new();
    for error in validator.iter_errors(json) {
        let pointer = error.instance_path().to_string();
        let span = spans.values.get(&pointer).cloned();
        let name = if pointer.is_empty() {
            "the file".to_string()
        } else {
            format!("`{}`", pointer.trim_start_matches('/').replace('/', "."))
        };
        match error.kind() {
            jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    let child = format!("{pointer}/{key}");
                    let suggestion = did_you_mean(key, &known_keys(&schema, &pointer));
                    errors.push(ConfigError {
                        place: place(spans.keys.get(&child).cloned().or(span.clone())),
                        message: format!("unknown key `{key}` in {name}{suggestion}"),
                    });
                }
            }
            jsonschema::error::ValidationErrorKind::Required { property } => {
                errors.push(ConfigError {
                    place: place(span),
                    message: format!("{name} is missing {property}"),
                })
            }
            jsonschema::error::ValidationErrorKind::Pattern { .. }
                if pointer.ends_with("/expires") =>
            {
                errors.push(ConfigError {
                    place: place(span),
                    message: format!("{name} must be a date such as 2026-12-31"),
                })
            }
            _ => errors.push(ConfigError {
                place: place(span),
                message: format!("{name}: {error}"),
            }),
        }
    }
    errors
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct Raw {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    extend_select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    fail_on: Option<Severity>,
    format: Option<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    emergency_access: Option<RawEmergency>,
    #[serde(default)]
    exception: Vec<RawException>,
}

#[derive(Deserialize, Default)]
struct RawEmergency {
    #[serde(default)]
    accounts: Vec<String>,
    #[serde(default)]
    groups: Vec<String>,
}

#[derive(Deserialize)]
struct RawException {
    rule: String,
    subject: String,
    reason: String,
    expires: String,
}

fn from_json(json: &Value, spans: &Spans, place: &dyn Fn(Option<Range<usize>>) -> Place) -> Config {
    // The schema has checked every type, so this cannot fail on a validated document.
    let raw: Raw = serde_json::from_value(json.clone()).unwrap_or_default();
    Config {
        path: None,
        select: raw.select,
        extend_select: raw.extend_select,
        ignore: raw.ignore,
        fail_on: raw.fail_on,
        format: raw.format,
        // Checked by `check_exclude`: a pattern that does not compile is an error there.
        exclude: crate::source::discover::Exclude::new(&raw.exclude).unwrap_or_default(),
        severity: raw.severity,
        emergency_access: raw.emergency_access.map(|e| EmergencyAccess {
            accounts: e.accounts,
            groups: e.groups,
        }),
        exceptions: raw
            .exception
            .into_iter()
            .enumerate()
            .filter_map(|(i, e)| {
                Some(Exception {
                    expires: Date::parse(&e.expires)?,
                    rule: e.rule,
                    subject: e.subject,
                    reason: e.reason,
                    place: place(spans.values.get(&format!("/exception/{i}")).cloned()),
                })
            })
            .collect(),
    }
}

/// Every `exclude` pattern must be a valid glob: a broken one would silently exclude nothing.
fn check_exclude(
    json: &Value,
    spans: &Spans,
    place: &dyn Fn(Option<Range<usize>>) -> Place,
) -> Vec<ConfigError> {
    json["exclude"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, pattern)| {
            let pattern = pattern.as_str()?.to_string();
            let error = crate::source::discover::Exclude::new(&[pattern]).err()?;
            Some(ConfigError {
                place: place(spans.values.get(&format!("/exclude/{i}")).cloned()),
                message: error,
            })
        })
        .collect()
}

/// Rule codes and names must exist: a typo would silently select or except nothing.
fn check_rules(
    json: &Value,
    spans: &Spans,
    place: &dyn Fn(Option<Range<usize>>) -> Place,
    known: &dyn KnownRules,
) -> Vec<ConfigError> {
    let names = known.names();
    let is_known = |pattern: &str, family_allowed: bool| known.knows(pattern, family_allowed);
    let mut checks: Vec<(String, Option<Range<usize>>, bool)> = Vec::new();
    for list in ["select", "extend-select", "ignore"] {
        for (i, item) in json[list].as_array().into_iter().flatten().enumerate() {
            checks.push((
                item.as_str().unwrap_or_default().to_string(),
                spans.values.get(&format!("/{list}/{i}")).cloned(),
                true,
            ));
        }
    }
    for key in json["severity"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        checks.push((
            key.clone(),
            spans.keys.get(&format!("/severity/{key}")).cloned(),
            false,
        ));
    }
    let mut errors = Vec::new();
    for (i, exception) in json["exception"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let span = spans.values.get(&format!("/exception/{i}/rule")).cloned();
        checks.push((
            exception["rule"].as_str().unwrap_or_default().to_string(),
            span,
            false,
        ));
        if let Some(expires) = exception["expires"].as_str() {
            if Date::parse(expires).is_none() {
                let span = spans
                    .values
                    .get(&format!("/exception/{i}/expires"))
                    .cloned();
                errors.push(ConfigError {
                    place: place(span),
                    message: format!("`{expires}` is not a calendar date"),
                });
            }
        }
    }
    for (pattern, span, family_allowed) in checks {
        if !is_known(&pattern, family_allowed) {
            errors.push(ConfigError {
                place: place(span),
                message: format!("unknown rule `{pattern}`{}", did_you_mean(&pattern, &names)),
            });
        }
    }
    errors
}

/// "; did you mean `select`?" for a close enough known word.
fn did_you_mean(word: &str, known: &[String]) -> String {
    known
        .iter()
        .map(|k| {
            (
                edit_distance(&word.to_ascii_lowercase(), &k.to_ascii_lowercase()),
                k,
            )
        })
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| format!("; did you mean `{k}`?"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            current.push(
                (previous[j] + usize::from(ca != *cb))
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules these tests name.
    struct Known;

    impl KnownRules for Known {
        fn names(&self) -> Vec<String> {
            [
                "MFA001",
                "MFA004",
                "LEG001",
                "SSPR001",
                "sspr-not-enabled",
                "admin-without-mfa",
            ]
            .map(String::from)
            .to_vec()
        }
        fn knows(&self, pattern: &str, family_allowed: bool) -> bool {
            self.names().iter().any(|n| n.eq_ignore_ascii_case(pattern))
                || (family_allowed
                    && ["MFA", "SSPR", "ALL"]
                        .iter()
                        .any(|f| f.eq_ignore_ascii_case(pattern)))
        }
    }

    fn errors(text: &str) -> Vec<String> {
        parse(text, "tenantlint.toml", &Known)
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn a_full_configuration_reads() {
        let config = parse(
            "select = [\"MFA\", \"LEG001\"]\nignore = [\"sspr-not-enabled\"]\n[severity]\nMFA004 = \"error\"\n\
             [emergency-access]\naccounts = [\"bg1@contoso.com\"]\ngroups = [\"g1\"]\n\
             [[exception]]\nrule = \"MFA001\"\nsubject = \"alex@contoso.com\"\nreason = \"migrating\"\nexpires = 2026-12-31\n",
            "tenantlint.toml",
            &Known,
        )
        .unwrap();
        assert_eq!(config.select, ["MFA", "LEG001"]);
        assert_eq!(config.severity["MFA004"], Severity::Error);
        assert_eq!(
            config.emergency_access.unwrap().accounts,
            ["bg1@contoso.com"]
        );
        let exception = &config.exceptions[0];
        assert_eq!(
            exception.expires,
            Date {
                year: 2026,
                month: 12,
                day: 31
            }
        );
        assert_eq!(exception.place.position.unwrap().line, 8);
    }

    #[test]
    fn typos_wrong_types_and_unknown_keys_have_positions() {
        assert_eq!(
            errors("selct = [\"MFA\"]\n"),
            ["tenantlint.toml:1:1: unknown key `selct` in the file; did you mean `select`?"]
        );
        assert_eq!(
            errors("select = \"MFA\"\n"),
            ["tenantlint.toml:1:10: `select`: \"MFA\" is not of type \"array\""]
        );
        assert_eq!(
            errors("select = [\"LEG01\", \"MFA999\"]\n"),
            [
                "tenantlint.toml:1:11: unknown rule `LEG01`; did you mean `LEG001`?",
                "tenantlint.toml:1:20: unknown rule `MFA999`"
            ]
        );
        assert_eq!(
            errors("[[exception]]\nrule = \"MFA001\"\nsubject = \"x\"\nexpires = \"soon\"\n"),
            [
                "tenantlint.toml:1:1: `exception.0` is missing \"reason\"",
                "tenantlint.toml:4:11: `exception.0.expires` must be a date such as 2026-12-31"
            ]
        );
        assert_eq!(errors("[severity]\nMFA004 = \"critical\"\n")[0], "tenantlint.toml:2:10: `severity.MFA004`: \"critical\" is not one of \"error\", \"warning\" or \"info\"");
        assert_eq!(errors("[emergency-acess]\n")[0], "tenantlint.toml:1:2: unknown key `emergency-acess` in the file; did you mean `emergency-access`?");
        let broken = errors("select = [\n");
        assert!(
            broken[0].starts_with("tenantlint.toml:") && broken[0].contains(": not valid TOML"),
            "{broken:?}"
        );
    }

    #[test]
    fn dates_from_day_counts() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_781).to_string(), "2026-11-24");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
    }
}
