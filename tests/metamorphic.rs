//! Information taken away never turns a rule into a pass (DESIGN.md, "Unknown is a value").
//!
//! For every example tenant in `testdata/tenants/` (the tenant folder, `export/` and `reports/`
//! together), every per-rule fixture's export, and every JSON file in them, a copy of the
//! tenant where that one file is
//!
//! - **truncated**: the file as an interrupted write leaves it on disk. The cut is a prefix of the
//!   file's own bytes, in its own encoding (a UTF-16LE file keeps its BOM and stays UTF-16LE),
//!   taken at half the length of the decoded text, moved back to a character boundary, which
//!   for UTF-16 is an even byte offset that splits no surrogate pair. The prefix is checked to
//!   decode to exactly the first half of the text, so what the linter meets is JSON cut short and
//!   nothing else: re-encoding the half as UTF-8 would also change the encoding the linter sniffs,
//!   and a cut inside a character would test the decoder (an undecodable file, which has no
//!   document at all) rather than the JSON reader that this mutation is about;
//! - **emptied**: zero bytes;
//! - **stripped of expanded principals**: every member named `principal` in any case (`principal`,
//!   `Principal`; not `principalId` or `PrincipalName`) removed at any depth, the rest
//!   re-serialised with serde_json and written back in the file's own encoding; only for files
//!   that have one. serde_json sorts the keys of the objects it writes, which changes nothing a
//!   JSON reader may depend on,
//!
//! is linted in memory with every rule, and no rule whose status on the unmodified tenant was
//! `fail` or `not-evaluated` may be `pass` on the copy: a mutation may move a verdict towards
//! `not-evaluated`, never towards `pass`. Every violation is collected before the one assertion,
//! so one run lists them all.
//!
//! The files are read once; each copy differs from the baseline in the one mutated file and is
//! given to `lint_contents` under the same paths, relative to `testdata/` (so
//! `tenants/<tenant>/export/Identity/Conditional/AccessPolicies/<id>/<id>.json`: the EntraExporter folder
//! names that tell a file's kind are all there).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tenantlint::ingest::{recognise, Record};
use tenantlint::model::PrincipalKind;
use tenantlint::rules::{RuleResult, Status};
use tenantlint::source::decode::{decode, Encoding};
use tenantlint::source::discover::discover;
use tenantlint::{lint, lint_contents, Options, Report};

/// The folder that holds the example tenants and the per-rule fixtures.
fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// One example tenant, every file it has in memory.
struct Tenant {
    /// The folder linted, relative to `testdata/`.
    name: String,
    /// Paths relative to `testdata/` (they start with the tenant's name), with the file's bytes
    /// as they are on disk, in the order `lint` discovers them.
    files: Vec<(PathBuf, Vec<u8>)>,
}

/// Every example tenant (`tenants/<name>`, its `export/` and `reports/` together) and every
/// per-rule fixture's export (`rules/<CODE>/<case>/export`), each file read once.
fn tenants() -> Vec<Tenant> {
    let root = testdata();
    let folders = |dir: &Path| -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap())
            .filter(|entry| entry.file_type().unwrap().is_dir())
            .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
            .map(|entry| entry.path())
            .collect();
        found.sort();
        found
    };
    let examples = folders(&root.join("tenants"));
    let fixtures = folders(&root.join("rules"))
        .iter()
        .flat_map(|rule| folders(rule))
        .map(|case| case.join("export"))
        .collect::<Vec<_>>();
    assert!(
        !examples.is_empty() && !fixtures.is_empty(),
        "no tenants in {}",
        root.display()
    );
    examples
        .into_iter()
        .chain(fixtures)
        .map(|folder| {
            let name = folder.strip_prefix(&root).unwrap().display().to_string();
            let found = discover(std::slice::from_ref(&folder), &Default::default(), false);
            assert!(found.errors.is_empty(), "{name}: {:?}", found.errors);
            let files = found
                .files
                .into_iter()
                .map(|path| {
                    let bytes = std::fs::read(&path).unwrap();
                    (path.strip_prefix(&root).unwrap().to_path_buf(), bytes)
                })
                .collect();
            Tenant { name, files }
        })
        .collect()
}

/// What is taken away from one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mutation {
    Truncated,
    /// Cut right after the first character that is not ASCII (a name such as "Müller"), where
    /// the parser's error position can fall inside the character's bytes.
    CutAfterNonAscii,
    Emptied,
    PrincipalsStripped,
}

impl Mutation {
    const ALL: [Mutation; 4] = [
        Mutation::Truncated,
        Mutation::CutAfterNonAscii,
        Mutation::Emptied,
        Mutation::PrincipalsStripped,
    ];

    /// The mutated bytes, or `None` when the mutation does not apply to this file (no
    /// `principal` to strip).
    fn apply(self, bytes: &[u8]) -> Option<Vec<u8>> {
        match self {
            Mutation::Truncated => Some(truncated(bytes)),
            Mutation::CutAfterNonAscii => cut_after_non_ascii(bytes),
            Mutation::Emptied => Some(Vec::new()),
            Mutation::PrincipalsStripped => principals_stripped(bytes),
        }
    }
}

impl fmt::Display for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mutation::Truncated => "truncated at half",
            Mutation::CutAfterNonAscii => "cut after its first non-ASCII character",
            Mutation::Emptied => "emptied",
            Mutation::PrincipalsStripped => "expanded principals stripped",
        })
    }
}

/// Text written in `encoding`, byte order mark included.
fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let utf16 = |bom: &[u8], unit: fn(u16) -> [u8; 2]| {
        let mut bytes = bom.to_vec();
        bytes.extend(text.encode_utf16().flat_map(unit));
        bytes
    };
    let utf32 = |bom: &[u8], unit: fn(u32) -> [u8; 4]| {
        let mut bytes = bom.to_vec();
        bytes.extend(text.chars().flat_map(|c| unit(c as u32)));
        bytes
    };
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF], text.as_bytes()].concat(),
        Encoding::Utf16LeBom => utf16(&[0xFF, 0xFE], u16::to_le_bytes),
        Encoding::Utf16Le => utf16(&[], u16::to_le_bytes),
        Encoding::Utf16BeBom => utf16(&[0xFE, 0xFF], u16::to_be_bytes),
        Encoding::Utf16Be => utf16(&[], u16::to_be_bytes),
        Encoding::Utf32LeBom => utf32(&[0xFF, 0xFE, 0, 0], u32::to_le_bytes),
        Encoding::Utf32Le => utf32(&[], u32::to_le_bytes),
        Encoding::Utf32BeBom => utf32(&[0, 0, 0xFE, 0xFF], u32::to_be_bytes),
        Encoding::Utf32Be => utf32(&[], u32::to_be_bytes),
    }
}

fn decoded(bytes: &[u8]) -> (String, Encoding) {
    decode(bytes.to_vec()).expect("every example file decodes")
}

/// The first half of the file as the file's own bytes: see the module's documentation.
fn truncated(bytes: &[u8]) -> Vec<u8> {
    let (text, _) = decoded(bytes);
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    prefix(bytes, cut)
}

/// The file cut right after its first non-ASCII character; `None` when it has none.
fn cut_after_non_ascii(bytes: &[u8]) -> Option<Vec<u8>> {
    let (text, _) = decoded(bytes);
    let (at, c) = text.char_indices().find(|(_, c)| !c.is_ascii())?;
    Some(prefix(bytes, at + c.len_utf8()))
}

/// The file's own bytes up to the character boundary `cut` of its decoded text.
fn prefix(bytes: &[u8], cut: usize) -> Vec<u8> {
    let (text, encoding) = decoded(bytes);
    let kept = &text[..cut];
    let prefix = encode(kept, encoding);
    assert!(
        bytes.starts_with(&prefix),
        "the truncation is a prefix of the file's bytes ({encoding})"
    );
    assert_eq!(
        decoded(&prefix),
        (kept.to_string(), encoding),
        "the cut file decodes to the text before the cut, in the same encoding"
    );
    prefix
}

/// Removes every member named `principal` (any case) at any depth; true when there was one.
fn strip_principals(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(members) => {
            let before = members.len();
            members.retain(|key, _| !key.eq_ignore_ascii_case("principal"));
            let mut stripped = members.len() != before;
            for member in members.values_mut() {
                stripped |= strip_principals(member);
            }
            stripped
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |stripped, item| strip_principals(item) | stripped),
        _ => false,
    }
}

/// The file without its expanded principals, in its own encoding; `None` when it has none.
fn principals_stripped(bytes: &[u8]) -> Option<Vec<u8>> {
    let (text, encoding) = decoded(bytes);
    let mut value: serde_json::Value =
        serde_json::from_str(&text).expect("every example file is JSON");
    strip_principals(&mut value)
        .then(|| encode(&serde_json::to_string_pretty(&value).unwrap(), encoding))
}

/// The status and reason of every rule, by code.
fn verdicts(report: &Report) -> BTreeMap<&'static str, &RuleResult> {
    report.results.iter().map(|r| (r.meta.code, r)).collect()
}

/// What a rule said in a report: its reason, or for a rule that gives none (a failing rule
/// speaks through its findings), its first finding.
fn said(report: &Report, result: &RuleResult) -> String {
    if let Some(reason) = &result.reason {
        return reason.clone();
    }
    let findings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == result.meta.code)
        .collect();
    match findings.as_slice() {
        [] => "(no reason and no finding)".to_string(),
        [first, rest @ ..] => format!(
            "{} finding(s), the first on {}: {}",
            rest.len() + 1,
            first.finding.subject,
            first.finding.message
        ),
    }
}

/// The tenant with one file replaced.
fn with_file(tenant: &Tenant, index: usize, bytes: Vec<u8>) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = tenant.files.clone();
    files[index].1 = bytes;
    files
}

fn lint_files(files: Vec<(PathBuf, Vec<u8>)>) -> Report {
    lint_contents(files, &Options::default()).expect("every rule is selectable")
}

#[test]
fn information_taken_away_never_turns_a_rule_into_a_pass() {
    let tenants = tenants();
    let baselines: Vec<Report> = tenants
        .par_iter()
        .map(|tenant| lint_files(tenant.files.clone()))
        .collect();
    for (tenant, baseline) in tenants.iter().zip(&baselines) {
        assert!(
            baseline.errors.is_empty(),
            "{}: the unmodified tenant has input errors: {:?}",
            tenant.name,
            baseline.errors
        );
    }

    let jobs: Vec<(usize, usize, Mutation)> = tenants
        .iter()
        .enumerate()
        .flat_map(|(t, tenant)| {
            (0..tenant.files.len())
                .flat_map(move |f| Mutation::ALL.into_iter().map(move |m| (t, f, m)))
        })
        .collect();
    let outcomes: Vec<(Mutation, bool, Vec<String>)> = jobs
        .into_par_iter()
        .map(|(t, f, mutation)| {
            let tenant = &tenants[t];
            let (path, bytes) = &tenant.files[f];
            let Some(mutated) = mutation.apply(bytes) else {
                return (mutation, false, Vec::new());
            };
            let report = lint_files(with_file(tenant, f, mutated));
            let before = verdicts(&baselines[t]);
            let violations = report
                .results
                .iter()
                .filter(|after| after.status == Status::Pass)
                .filter_map(|after| {
                    let before = before[after.meta.code];
                    (before.status != Status::Pass).then(|| {
                        format!(
                            "{tenant} | {file} | {mutation} | {code}: {status_before} -> pass\n    \
                             before: {reason_before}\n    after:  {reason_after}",
                            tenant = tenant.name,
                            file = path.display(),
                            code = after.meta.code,
                            status_before = before.status,
                            reason_before = said(&baselines[t], before),
                            reason_after = said(&report, after),
                        )
                    })
                })
                .collect();
            (mutation, true, violations)
        })
        .collect();

    let mut applied: BTreeMap<Mutation, usize> = BTreeMap::new();
    let mut violations = Vec::new();
    for (mutation, was_applied, found) in outcomes {
        *applied.entry(mutation).or_default() += usize::from(was_applied);
        violations.extend(found);
    }
    for mutation in Mutation::ALL {
        assert!(
            applied.get(&mutation).copied().unwrap_or(0) > 0,
            "{mutation}: applied to no file, the test is vacuous for it"
        );
    }
    assert!(
        violations.is_empty(),
        "{} mutation(s) turned a rule that did not pass into a pass (mutations applied: {applied:?}):\n{}",
        violations.len(),
        violations.join("\n")
    );
}

/// A tree without its Conditional Access folder, as `Export-Entra -Type Policies` writes one,
/// does not say the tenant has no policies: leaving the whole folder out never makes a rule
/// pass that did not pass with it.
#[test]
fn a_tree_without_its_conditional_access_folder_never_passes_more() {
    let is_ca_file = |path: &Path| {
        path.to_string_lossy()
            .to_ascii_lowercase()
            .contains("conditional/accesspolicies")
    };
    let mut tried = 0;
    let mut violations = Vec::new();
    for tenant in tenants() {
        if !tenant.files.iter().any(|(path, _)| is_ca_file(path)) {
            continue;
        }
        tried += 1;
        let baseline = lint_files(tenant.files.clone());
        let without: Vec<_> = tenant
            .files
            .iter()
            .filter(|(path, _)| !is_ca_file(path))
            .cloned()
            .collect();
        let report = lint_files(without);
        let before = verdicts(&baseline);
        for after in report.results.iter().filter(|r| r.status == Status::Pass) {
            let before = before[after.meta.code];
            if before.status != Status::Pass {
                violations.push(format!(
                    "{} | {}: {} -> pass: {}",
                    tenant.name,
                    after.meta.code,
                    before.status,
                    said(&report, after)
                ));
            }
        }
    }
    assert!(
        tried > 10,
        "only {tried} trees have a Conditional Access folder"
    );
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// The property above proves something only if the mutations are seen and the baseline has
/// verdicts to protect: checked here, file by file, without the rest of the tenant.
#[test]
fn the_mutations_take_information_away() {
    let tenants = tenants();
    let mut problems = Vec::new();
    let mut stripped_files = 0;
    // Verdicts (fail or not-evaluated) that information taken away must not turn into a pass.
    let mut protected = 0;
    for tenant in &tenants {
        // The in-memory copy under relative paths is the tenant as `lint` reads it from disk.
        let on_disk = lint(&[testdata().join(&tenant.name)], &Options::default()).unwrap();
        let in_memory = lint_files(tenant.files.clone());
        let statuses = |report: &Report| -> Vec<(&str, Status)> {
            report
                .results
                .iter()
                .map(|r| (r.meta.code, r.status))
                .collect()
        };
        assert_eq!(
            statuses(&in_memory),
            statuses(&on_disk),
            "{}: the tenant in memory lints as it does on disk",
            tenant.name
        );

        for (index, (path, bytes)) in tenant.files.iter().enumerate() {
            let shown = path.display().to_string();
            // A truncated or empty file is an input error of that file.
            for mutation in [Mutation::Truncated, Mutation::Emptied] {
                let mutated = mutation.apply(bytes).unwrap();
                assert!(mutated.len() < bytes.len(), "{shown}: {mutation}");
                let report = lint_files(vec![(path.clone(), mutated)]);
                if !report.errors.iter().any(|e| e.path == shown) {
                    problems.push(format!(
                        "{shown} {mutation}: no input error for the file ({:?})",
                        report.errors
                    ));
                }
            }
            // A stripped file is still read, but no longer says what its role holders are.
            let Some(stripped) = Mutation::PrincipalsStripped.apply(bytes) else {
                continue;
            };
            stripped_files += 1;
            let kinds = |bytes: &[u8]| -> Vec<PrincipalKind> {
                let document = recognise(index, path, &decoded(bytes).0);
                assert!(document.errors.is_empty(), "{shown}: {:?}", document.errors);
                document
                    .records
                    .iter()
                    .filter_map(|record| match record {
                        Record::RoleHolding(holding) => Some(holding.principal.kind),
                        _ => None,
                    })
                    .collect()
            };
            let (before, after) = (kinds(bytes), kinds(&stripped));
            if before.is_empty()
                || before.len() != after.len()
                || before.iter().all(|kind| *kind == PrincipalKind::Unknown)
                || after.iter().any(|kind| *kind != PrincipalKind::Unknown)
            {
                problems.push(format!(
                    "{shown} {}: role holders' kinds {before:?} -> {after:?}; expected known -> unknown",
                    Mutation::PrincipalsStripped
                ));
            }
        }

        protected += in_memory
            .results
            .iter()
            .filter(|r| r.status != Status::Pass)
            .count();
    }
    assert!(
        protected > 0,
        "every rule passes on every tenant: no verdict for the mutations to protect"
    );
    assert!(stripped_files > 0, "no file has an expanded principal");
    assert!(
        problems.is_empty(),
        "mutations the linter did not see:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_utf16_file_is_cut_in_utf16() {
    let text = "{\"a\": \"é😀\"}";
    for encoding in [
        Encoding::Utf16LeBom,
        Encoding::Utf16BeBom,
        Encoding::Utf8Bom,
        Encoding::Utf8,
    ] {
        let bytes = encode(text, encoding);
        let cut = truncated(&bytes);
        let (half, got) = decoded(&cut);
        assert_eq!(got, encoding);
        assert!(text.starts_with(&half) && half.len() <= text.len() / 2 && !half.is_empty());
    }
}
