//! `--select` and `--ignore`: rule codes, names, or family prefixes such as `MFA`.

use crate::rules::{registry, Rule};

#[derive(Debug)]
pub struct SelectionError(pub String);

impl std::fmt::Display for SelectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SelectionError {}

/// The registry, as the configuration checks rule names against it.
pub struct Registry;

impl crate::config::KnownRules for Registry {
    fn names(&self) -> Vec<String> {
        registry()
            .iter()
            .flat_map(|r| [r.meta().code.to_string(), r.meta().name.to_string()])
            .collect()
    }

    fn knows(&self, pattern: &str, family_allowed: bool) -> bool {
        crate::rules::find(pattern).is_some()
            || (family_allowed && select(&[pattern.to_string()], &[]).is_ok())
    }
}

fn matches(rule: &dyn Rule, pattern: &str) -> bool {
    let meta = rule.meta();
    meta.name.eq_ignore_ascii_case(pattern)
        || meta.code.eq_ignore_ascii_case(pattern)
        || (pattern.chars().all(|c| c.is_ascii_alphabetic())
            && meta
                .code
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .eq_ignore_ascii_case(pattern))
        || pattern.eq_ignore_ascii_case("ALL")
}

fn check_known(patterns: &[String]) -> Result<(), SelectionError> {
    for pattern in patterns {
        if !registry().iter().any(|r| matches(*r, pattern)) {
            return Err(SelectionError(format!(
                "unknown rule `{pattern}` (see `tenantlint rule` for the list of rules)"
            )));
        }
    }
    Ok(())
}

/// What `--select` and `--ignore` accept, for shell completions: `ALL`, each family prefix, each
/// rule code and each rule name, with the text a shell may show beside it.
pub fn patterns() -> Vec<(&'static str, String)> {
    let mut families: Vec<&str> = registry()
        .iter()
        .map(|r| r.meta().code.trim_end_matches(|c: char| c.is_ascii_digit()))
        .collect();
    families.sort_unstable();
    families.dedup();
    let mut patterns = vec![("ALL", "every rule".to_string())];
    patterns.extend(
        families
            .into_iter()
            .map(|family| (family, format!("every {family} rule"))),
    );
    for rule in registry() {
        let meta = rule.meta();
        patterns.push((meta.code, meta.name.to_string()));
        patterns.push((meta.name, meta.code.to_string()));
    }
    patterns
}

pub fn select(
    select: &[String],
    ignore: &[String],
) -> Result<Vec<&'static dyn Rule>, SelectionError> {
    check_known(select)?;
    check_known(ignore)?;
    Ok(registry()
        .iter()
        .copied()
        .filter(|r| select.is_empty() || select.iter().any(|p| matches(*r, p)))
        .filter(|r| !ignore.iter().any(|p| matches(*r, p)))
        .collect())
}

#[cfg(test)]
mod tests {
    fn codes(select: &[&str], ignore: &[&str]) -> Vec<&'static str> {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        super::select(&owned(select), &owned(ignore))
            .unwrap()
            .iter()
            .map(|r| r.meta().code)
            .collect()
    }

    #[test]
    fn every_completion_pattern_selects_a_rule() {
        let patterns = super::patterns();
        assert!(patterns.len() > 2 * crate::rules::registry().len());
        for (pattern, _) in patterns {
            assert!(!codes(&[pattern], &[]).is_empty(), "{pattern}");
        }
    }

    #[test]
    fn selects_by_code_name_and_family() {
        assert_eq!(codes(&["LEG001"], &[]), ["LEG001"]);
        assert_eq!(codes(&["sspr-not-enabled"], &[]), ["SSPR001"]);
        assert_eq!(
            codes(&["MFA"], &[]),
            ["MFA001", "MFA002", "MFA003", "MFA004", "MFA005", "MFA006"]
        );
        assert_eq!(
            codes(&["SSPR", "LEG001"], &["SSPR002"]),
            ["LEG001", "SSPR001"]
        );
    }

    #[test]
    fn unknown_rules_are_errors() {
        assert!(super::select(&["NOPE1".into()], &[]).is_err());
    }
}
