//! The rule pages in `rules/<CODE>.md`, embedded in the binary. A page starts with a metadata
//! block between `---` lines (`key: value`), then Markdown.

const PAGES: &[(&str, &str)] = &[
    ("SD001", include_str!("../../rules/SD001.md")),
    ("SD002", include_str!("../../rules/SD002.md")),
    ("MFA001", include_str!("../../rules/MFA001.md")),
    ("MFA002", include_str!("../../rules/MFA002.md")),
    ("MFA003", include_str!("../../rules/MFA003.md")),
    ("MFA004", include_str!("../../rules/MFA004.md")),
    ("LEG001", include_str!("../../rules/LEG001.md")),
    ("RISK001", include_str!("../../rules/RISK001.md")),
    ("RISK002", include_str!("../../rules/RISK002.md")),
    ("LIC001", include_str!("../../rules/LIC001.md")),
    ("LIC002", include_str!("../../rules/LIC002.md")),
    ("CA001", include_str!("../../rules/CA001.md")),
    ("CA002", include_str!("../../rules/CA002.md")),
    ("CA003", include_str!("../../rules/CA003.md")),
    ("SSPR001", include_str!("../../rules/SSPR001.md")),
    ("SSPR002", include_str!("../../rules/SSPR002.md")),
];

pub fn codes() -> impl Iterator<Item = &'static str> {
    PAGES.iter().map(|(code, _)| *code)
}

/// The whole page of a rule, metadata included.
pub fn page(code: &str) -> Option<&'static str> {
    PAGES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, page)| *page)
}

/// The page's Markdown body, without the metadata block.
pub fn body(code: &str) -> Option<&'static str> {
    let page = page(code)?;
    Some(split(page).1)
}

/// One metadata value of a page, e.g. `metadata("LEG001", "cis")`.
pub fn metadata(code: &str, key: &str) -> Option<&'static str> {
    let (meta, _) = split(page(code)?);
    meta.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim().eq_ignore_ascii_case(key).then(|| v.trim())
    })
}

fn split(page: &str) -> (&str, &str) {
    let Some(rest) = page.strip_prefix("---") else {
        return ("", page);
    };
    match rest.split_once("\n---") {
        Some((meta, body)) => (meta, body.trim_start_matches(['\r', '\n'])),
        None => ("", page),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry;

    #[test]
    fn every_rule_has_a_page_that_agrees_with_it() {
        for rule in registry() {
            let meta = rule.meta();
            assert!(page(meta.code).is_some(), "{} has no page", meta.code);
            assert_eq!(metadata(meta.code, "code"), Some(meta.code));
            assert_eq!(
                metadata(meta.code, "name"),
                Some(meta.name),
                "{}",
                meta.code
            );
            let severity = metadata(meta.code, "severity").unwrap_or_default();
            assert!(
                severity.starts_with(&meta.severity.to_string()),
                "{}: page says {severity}",
                meta.code
            );
            for heading in [
                "## What it checks",
                "## Why it matters",
                "## How to fix",
                "## References",
            ] {
                assert!(
                    body(meta.code).unwrap().contains(heading),
                    "{} lacks {heading}",
                    meta.code
                );
            }
        }
    }

    #[test]
    fn every_page_has_a_rule() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let code = name.strip_suffix(".md").unwrap();
            assert!(
                crate::rules::find(code).is_some(),
                "rules/{name} has no rule"
            );
            assert!(codes().any(|c| c == code), "rules/{name} is not embedded");
        }
    }
}
