//! Which files to read. A path given on the command line is read whatever its name; below a
//! folder, every `*.json` file is read, hidden folders (`.git`) are skipped, and the result is
//! sorted so that every run sees the files in the same order.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A path that could not be walked (missing, unreadable, a symlink loop).
#[derive(Debug)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
}

pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<DiscoverError>) {
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
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
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
