//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// A copy of an export as a re-run of the export tool would write it: every JSON file
/// re-serialised with other indentation (so lines move), collections in reverse order, and the
/// registration pages swapped.
pub fn regenerate(from: &Path, to: &Path) {
    for entry in walk(from) {
        let relative = entry.strip_prefix(from).unwrap();
        let mut target = to.join(relative);
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("page1") {
            target.set_file_name(name.replace("page1", "page2"));
        } else if name.contains("page2") {
            target.set_file_name(name.replace("page2", "page1"));
        }
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let (text, _) = tenantlint::source::decode::decode(std::fs::read(&entry).unwrap()).unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
        if let Some(items) = value.get_mut("value").and_then(|v| v.as_array_mut()) {
            items.reverse();
        }
        let reformatted = format!(
            "\n\n{}",
            serde_json::to_string_pretty(&value)
                .unwrap()
                .replace("  ", "\t")
        );
        std::fs::write(&target, reformatted).unwrap();
    }
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files
}
