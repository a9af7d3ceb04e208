//! The rule pages in `rules/<CODE>.md`, embedded in the binary by each rule's metadata. A page starts with a metadata
//! block between `---` lines (`key: value`), then Markdown.

pub fn codes() -> impl Iterator<Item = &'static str> {
    super::registry().iter().map(|r| r.meta().code)
}

/// The whole page of a rule, metadata included.
pub fn page(code: &str) -> Option<&'static str> {
    super::registry()
        .iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code))
        .map(|r| r.meta().page)
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
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let code = name.strip_suffix(".md").unwrap();
            assert!(
                crate::rules::find(code).is_some(),
                "rules/{name} has no rule"
            );
            let on_disk = std::fs::read_to_string(dir.join(&name)).unwrap();
            assert_eq!(
                page(code),
                Some(on_disk.as_str()),
                "rules/{name} is not the page embedded"
            );
        }
    }
}
