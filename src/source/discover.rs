//! Which files to read. A path given on the command line is read whatever its name; below a
//! folder, every `*.json` file is read, hidden folders (`.git`) and what the `exclude` patterns
//! name are skipped, and the result is sorted so that every run sees the files in the same
//! order.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A path that could not be walked (missing, unreadable, a symlink loop).
#[derive(Debug)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
}

/// Files and folders left out on purpose (`exclude` in the configuration, `--exclude`): glob
/// patterns, as in Ruff, each matched against an entry's name (`templates`, `*.template.json`)
/// and against its path below the folder given (`archive/2021/**`, `**/drafts`). A folder that
/// matches is not walked. Paths named on the command line are always read.
#[derive(Debug, Clone, Default)]
pub struct Exclude {
    patterns: Vec<glob::Pattern>,
}

impl Exclude {
    /// The patterns, or the first that is not a valid glob, with why.
    pub fn new(patterns: &[String]) -> Result<Self, String> {
        patterns
            .iter()
            .map(|p| {
                glob::Pattern::new(p)
                    .map_err(|e| format!("`{p}` is not a valid glob pattern: {}", e.msg))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|patterns| Exclude { patterns })
    }

    /// These patterns and `other`'s.
    pub fn and(&self, other: &Exclude) -> Exclude {
        Exclude {
            patterns: self
                .patterns
                .iter()
                .chain(&other.patterns)
                .cloned()
                .collect(),
        }
    }

    fn excludes(&self, below_root: &Path) -> bool {
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        let name = below_root.file_name().map(Path::new);
        self.patterns.iter().any(|pattern| {
            pattern.matches_path_with(below_root, options)
                || name.is_some_and(|name| pattern.matches_path_with(name, options))
        })
    }
}

pub fn discover(paths: &[PathBuf], exclude: &Exclude) -> (Vec<PathBuf>, Vec<DiscoverError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        // A file named on the command line is read whatever it is, a pipe or a device too
        // (`<(…)`, `/dev/stdin`); only a folder is walked.
        if root.exists() && !root.is_dir() {
            files.push(root.clone());
            continue;
        }
        if !root.exists() {
            errors.push(DiscoverError {
                path: root.clone(),
                message: "no such file or folder".into(),
            });
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                let below_root = entry.path().strip_prefix(root).unwrap_or(entry.path());
                entry.depth() == 0
                    || !(is_hidden(entry.file_name()) || exclude.excludes(below_root))
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() && is_json_name(entry.path()) => {
                    files.push(entry.into_path())
                }
                Ok(_) => {}
                Err(e) => errors.push(DiscoverError {
                    path: e.path().map_or_else(|| root.clone(), Path::to_path_buf),
                    message: walk_error_message(&e),
                }),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn is_json_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

fn walk_error_message(e: &walkdir::Error) -> String {
    if let Some(ancestor) = e.loop_ancestor() {
        return format!(
            "symbolic link loop back to {}; not followed",
            ancestor.display()
        );
    }
    match e.io_error() {
        Some(io) => format!("cannot read: {io}"),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(patterns: &[&str], path: &str) -> bool {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        Exclude::new(&patterns).unwrap().excludes(Path::new(path))
    }

    #[test]
    fn a_pattern_names_an_entry_or_a_path_below_the_folder_given() {
        assert!(excluded(&["templates"], "templates"));
        assert!(excluded(&["templates"], "policies/templates"));
        assert!(excluded(&["*.template.json"], "a/b/mfa.template.json"));
        assert!(excluded(&["archive/2021"], "archive/2021"));
        assert!(excluded(&["**/drafts"], "x/y/drafts"));
        assert!(!excluded(&["archive/2021"], "old/archive/2021"));
        assert!(!excluded(&["templates"], "templates-2/a.json"));
        assert!(!excluded(&[], "a.json"));
        assert!(Exclude::new(&["a[".to_string()]).is_err());
    }
}
