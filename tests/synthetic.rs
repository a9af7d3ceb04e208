//! The synthetic tenant generator's planted violations are exactly what tenantlint finds, with
//! registration details paged and in one file, and the generator is deterministic.

mod common;
#[path = "../examples/synthetic/mod.rs"]
mod synthetic;

use std::collections::BTreeMap;

use synthetic::{generate, Planted, Spec};
use tenantlint::{lint, Options};

fn findings_for(spec: &Spec, name: &str) -> (Vec<Planted>, Vec<Planted>) {
    let dir = common::scratch("synthetic", name);
    let planted = generate(spec, &dir).unwrap();
    // The generator plants what Microsoft's guidance forbids; the guidance's rules judge it.
    let options = Options {
        framework: Some(tenantlint::frameworks::Framework::MicrosoftStep1),
        ..Options::default()
    };
    let report = lint(&[dir.join("tenant")], &options).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut found: Vec<Planted> = report
        .diagnostics
        .iter()
        .map(|d| Planted {
            rule: d.code.to_string(),
            subject: d.finding.subject.clone(),
        })
        .collect();
    found.sort();
    (planted, found)
}

fn by_rule(findings: &[Planted]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.rule.as_str()).or_default() += 1;
    }
    counts
}

/// Lints the tenant `spec` describes and checks that it finds what was planted, no more and no
/// less. Each kind of fault must be planted, so a rule that stopped finding it fails here.
fn finds_exactly_what_was_planted(spec: &Spec, name: &str) {
    let (planted, found) = findings_for(spec, name);
    let counts = by_rule(&planted);
    for rule in ["MFA001", "MFA004", "SSPR002", "RISK002"] {
        assert!(
            counts.get(rule).copied().unwrap_or(0) > 0,
            "{rule}: {counts:?}"
        );
    }
    assert_eq!(
        found,
        planted,
        "found {:?}, planted {counts:?}",
        by_rule(&found)
    );
}

#[test]
fn every_planted_violation_is_found_and_nothing_else_in_paged_registrations() {
    let spec = Spec {
        users: 3_500,
        seed: 11,
        single_file: false,
    };
    finds_exactly_what_was_planted(&spec, "paged");
}

#[test]
fn every_planted_violation_is_found_and_nothing_else_in_one_registration_file() {
    let spec = Spec {
        users: 2_100,
        seed: 5,
        single_file: true,
    };
    finds_exactly_what_was_planted(&spec, "single");
}

#[test]
fn the_same_seed_writes_the_same_tenant() {
    let spec = Spec {
        users: 1_200,
        seed: 3,
        single_file: false,
    };
    let (a, b) = (
        common::scratch("synthetic", "seed-a"),
        common::scratch("synthetic", "seed-b"),
    );
    let planted = generate(&spec, &a).unwrap();
    assert_eq!(generate(&spec, &b).unwrap(), planted);
    let files = common::walk(&a, "json");
    assert!(files.len() > 1_000, "{}", files.len());
    for file in files {
        let twin = b.join(file.strip_prefix(&a).unwrap());
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(&twin).unwrap(),
            "{}",
            file.display()
        );
    }
    let other = common::scratch("synthetic", "seed-c");
    assert_ne!(
        generate(&Spec { seed: 4, ..spec }, &other).unwrap(),
        planted,
        "another seed plants elsewhere"
    );
}

/// With more findings of every type than GitHub shows, every type stays within ten lines, input
/// errors and notices included, and the line saying how many were left out is among the notices
/// GitHub shows.
#[test]
fn github_output_of_a_large_tenant_keeps_the_left_out_notice_in_view() {
    let spec = Spec {
        users: 2_000,
        seed: 9,
        single_file: false,
    };
    let dir = common::scratch("synthetic", "github");
    generate(&spec, &dir).unwrap();
    let summary = dir.join("summary.md");
    let text = common::github_check(&dir.join("tenant"), &summary);
    let of_kind = |kind: &str| common::github_lines(&text, kind);
    // Info findings alone are more than GitHub shows.
    assert!(std::fs::read_to_string(&summary)
        .unwrap()
        .contains("| info |"));
    let notices = of_kind("notice");
    let left_out = notices
        .iter()
        .position(|l| l.contains("title=tenantlint%3A more findings::"))
        .expect("a notice says findings were left out");
    assert!(
        left_out < 10,
        "the notice is the {}th: {text}",
        left_out + 1
    );
    for kind in ["error", "warning", "notice"] {
        let annotations = of_kind(kind)
            .iter()
            .filter(|l| l.contains(" file="))
            .count();
        let before_last_annotation = of_kind(kind)
            .iter()
            .rposition(|l| l.contains(" file="))
            .map_or(0, |at| at + 1);
        assert!(
            before_last_annotation <= 10,
            "{kind}: {annotations} annotations, the last one the {before_last_annotation}th line"
        );
    }
}
