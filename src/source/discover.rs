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

/// What the walk found and did not read, with why: a symbolic link out of the folders given,
/// a FIFO, socket or device. Said, never dropped silently.
#[derive(Debug)]
pub struct Skipped {
    pub path: PathBuf,
    pub why: String,
}

/// The files to read, the paths that could not be walked, and what was left unread.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub errors: Vec<DiscoverError>,
    pub skipped: Vec<Skipped>,
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
        if self.patterns.is_empty() {
            return false;
        }
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

/// The files below `paths`. Symbolic links are followed only where they lead to a file inside
/// the folders given, unless `follow_links`; special files inside a folder are never read.
pub fn discover(paths: &[PathBuf], exclude: &Exclude, follow_links: bool) -> Discovered {
    let mut found = Discovered::default();
    let roots: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    for root in paths {
        // A file named on the command line is read whatever it is, a pipe or a device too
        // (`<(…)`, `/dev/stdin`); only a folder is walked.
        if root.exists() && !root.is_dir() {
            found.files.push(root.clone());
            continue;
        }
        if !root.exists() {
            found.errors.push(DiscoverError {
                path: root.clone(),
                message: "no such file or folder".into(),
            });
            continue;
        }
        let walk = Walk {
            root,
            roots: &roots,
            exclude,
            follow_links,
        };
        if follow_links {
            // Links are followed: one walk, which knows every folder above it and so every loop.
            walk.below(root, usize::MAX, &mut found);
        } else {
            walk.in_parallel(&mut found);
        }
    }
    found.files.sort();
    found.files.dedup();
    found.errors.sort_by(|a, b| a.path.cmp(&b.path));
    found.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// One folder given on the command line, walked.
struct Walk<'a> {
    root: &'a Path,
    roots: &'a [PathBuf],
    exclude: &'a Exclude,
    follow_links: bool,
}

impl Walk<'_> {
    /// Walking is mostly waiting on the file system, folder by folder: the top folders are
    /// listed here until there are several for each thread, and those are walked in parallel.
    fn in_parallel(&self, found: &mut Discovered) {
        use rayon::prelude::*;
        let wanted = 4 * rayon::current_num_threads();
        let mut frontier = vec![self.root.to_path_buf()];
        for _ in 0..3 {
            if frontier.len() >= wanted {
                break;
            }
            let mut next = Vec::new();
            for folder in frontier {
                next.extend(self.below(&folder, 1, found));
            }
            frontier = next;
        }
        let walked: Vec<Discovered> = frontier
            .par_iter()
            .map(|folder| {
                let mut found = Discovered::default();
                self.below(folder, usize::MAX, &mut found);
                found
            })
            .collect();
        for part in walked {
            found.files.extend(part.files);
            found.errors.extend(part.errors);
            found.skipped.extend(part.skipped);
        }
    }

    /// Walks `folder` down to `depth` levels, visiting every entry; gives the folders found at
    /// that depth, whose insides are left for another walk.
    fn below(&self, folder: &Path, depth: usize, found: &mut Discovered) -> Vec<PathBuf> {
        let mut deeper = Vec::new();
        // Siblings' paths are their folder's path and their names: compared whole, they order as
        // their names do, without finding each name in its path again (`sort_by_file_name`).
        let walker = WalkDir::new(folder)
            .follow_links(self.follow_links)
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .max_depth(depth)
            .into_iter()
            .filter_entry(|entry| {
                let below_root = entry.path().strip_prefix(self.root).unwrap_or(entry.path());
                entry.path() == self.root
                    || !(is_hidden(entry.file_name()) || self.exclude.excludes(below_root))
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.depth() == depth && entry.file_type().is_dir() => {
                    deeper.push(entry.into_path())
                }
                // The folder itself was visited by the walk that found it.
                Ok(entry) if entry.depth() == 0 && folder != self.root => {}
                Ok(entry) => visit(entry, self.roots, found),
                Err(e) => found.errors.push(DiscoverError {
                    path: e
                        .path()
                        .map_or_else(|| folder.to_path_buf(), Path::to_path_buf),
                    message: walk_error_message(&e),
                }),
            }
        }
        deeper
    }
}

/// One entry of a walk: a JSON file is read; a link is read only when it leads to a JSON file
/// inside the folders given; anything else that is not a folder is skipped and said.
fn visit(entry: walkdir::DirEntry, roots: &[PathBuf], found: &mut Discovered) {
    let kind = entry.file_type();
    if kind.is_dir() {
        return;
    }
    let skip = |found: &mut Discovered, why: String| {
        found.skipped.push(Skipped {
            path: entry.path().to_path_buf(),
            why,
        })
    };
    if kind.is_symlink() {
        let target = match std::fs::canonicalize(entry.path()) {
            Ok(target) => target,
            // A JSON file that should be there and is not: lost, as an unreadable file is.
            Err(e) if is_json_name(entry.path()) => {
                return found.errors.push(DiscoverError {
                    path: entry.path().to_path_buf(),
                    message: format!("cannot read: {e} (a symbolic link to a missing target)"),
                })
            }
            Err(_) => return skip(found, "a symbolic link to nothing (broken)".into()),
        };
        let inside = roots.iter().any(|root| target.starts_with(root));
        if !inside {
            return skip(
                found,
                format!(
                    "a symbolic link to {}, outside the paths given; not followed (--follow-links follows it)",
                    super::display_path(&target)
                ),
            );
        }
        // A link to a folder inside the export: its files are read where they are.
        if target.is_file() && is_json_name(entry.path()) {
            found.files.push(entry.into_path());
        }
        return;
    }
    if kind.is_file() {
        if is_json_name(entry.path()) {
            found.files.push(entry.into_path());
        }
        return;
    }
    skip(
        found,
        format!(
            "{}, not a file: never read from inside a folder",
            special_kind(&kind)
        ),
    );
}

/// What a special file is, for messages.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    let _ = kind;
    "a special file"
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
            super::display_path(ancestor)
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

    /// What a walk found, as text that compares.
    fn summary(found: &Discovered) -> (Vec<PathBuf>, Vec<String>, Vec<String>) {
        (
            found.files.clone(),
            found.errors.iter().map(|e| format!("{e:?}")).collect(),
            found.skipped.iter().map(|s| format!("{s:?}")).collect(),
        )
    }

    #[test]
    fn walking_in_parallel_finds_what_one_walk_finds() {
        let root = std::env::temp_dir().join(format!("tenantlint-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        // Folders three and four levels deep, so the walk is split below the top.
        for a in 0..3 {
            for b in 0..4 {
                for c in 0..3 {
                    let folder = root.join(format!("a{a}/b{b}/c{c}"));
                    std::fs::create_dir_all(folder.join("d")).unwrap();
                    std::fs::write(folder.join("x.json"), "{}").unwrap();
                    std::fs::write(folder.join("d/y.json"), "{}").unwrap();
                    std::fs::write(folder.join("notes.txt"), "").unwrap();
                }
            }
        }
        std::fs::create_dir_all(root.join("a1/.git/objects")).unwrap();
        std::fs::write(root.join("a1/.git/objects/z.json"), "{}").unwrap();
        std::fs::create_dir_all(root.join("a2/skipped/deeper")).unwrap();
        std::fs::write(root.join("a2/skipped/deeper/z.json"), "{}").unwrap();
        std::fs::write(root.join("top.json"), "{}").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", root.join("a0/b1/out")).unwrap();
            std::os::unix::fs::symlink(root.join("top.json"), root.join("a2/b3/in.json")).unwrap();
        }
        let exclude = Exclude::new(&["skipped".to_string()]).unwrap();
        let parallel = discover(std::slice::from_ref(&root), &exclude, false);
        let roots = vec![std::fs::canonicalize(&root).unwrap()];
        let walk = Walk {
            root: &root,
            roots: &roots,
            exclude: &exclude,
            follow_links: false,
        };
        let mut one = Discovered::default();
        walk.below(&root, usize::MAX, &mut one);
        one.files.sort();
        one.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(summary(&parallel), summary(&one));
        assert_eq!(
            parallel.files.len(),
            3 * 4 * 3 * 2 + 1 + usize::from(cfg!(unix))
        );
        assert!(parallel
            .files
            .iter()
            .all(|f| !f.to_string_lossy().contains("skipped")));
        std::fs::remove_dir_all(&root).unwrap();
    }

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
