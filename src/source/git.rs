//! An export as a git revision or the index holds it, read through git itself (`ls-tree`,
//! `ls-files`, `cat-file`), so that comparing a commit needs no checkout. Nothing is fetched:
//! git reads the local repository.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where the files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tree {
    /// A commit, branch or tag (`main`, `HEAD~1`).
    Revision(String),
    /// What is staged for the next commit.
    Index,
}

impl Tree {
    pub fn describe(&self) -> String {
        match self {
            Tree::Revision(rev) => format!("revision {rev}"),
            Tree::Index => "the index (staged changes)".into(),
        }
    }
}

/// The top of the git repository the current folder is in, if any: where CI systems and code
/// scanning expect file paths to start.
pub fn top_level() -> Option<PathBuf> {
    let out = git(&["rev-parse", "--show-toplevel"]).ok()?;
    let text = String::from_utf8(out).ok()?;
    let path = PathBuf::from(text.trim_end_matches(['\n', '\r']));
    (!path.as_os_str().is_empty()).then_some(path)
}

fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(output.stdout)
}

/// A file of the tree: its content, or why it was not read (over the size limit), which is that
/// file's error alone, as on disk.
pub type Blob = (PathBuf, Result<Vec<u8>, String>);

/// The JSON files under `paths` in `tree`, with their content, named as `git` shows them
/// (relative to the current folder). `limit` bounds each file as for files on disk.
pub fn files(tree: &Tree, paths: &[PathBuf], limit: u64) -> Result<Vec<Blob>, String> {
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut args: Vec<&str> = match tree {
        Tree::Revision(rev) => vec!["ls-tree", "-r", "-z", rev.as_str(), "--"],
        Tree::Index => vec!["ls-files", "-s", "-z", "--"],
    };
    args.extend(paths.iter().map(String::as_str));
    let listing = git(&args)?;
    let mut wanted: Vec<(PathBuf, String)> = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split_whitespace().collect();
        // ls-tree: mode type object; ls-files -s: mode object stage. The size limit is
        // applied to the content git gives, file by file.
        let (kind, object) = match tree {
            Tree::Revision(_) => (fields.get(1).copied(), fields.get(2)),
            Tree::Index => (Some("blob"), fields.get(1)),
        };
        let is_json = Path::new(path)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        // Links (mode 120000) are never read, as on disk outside the paths given.
        if kind != Some("blob") || !is_json || fields.first() == Some(&"120000") {
            continue;
        }
        if let Some(object) = object {
            wanted.push((PathBuf::from(path), object.to_string()));
        }
    }
    read_blobs(wanted, limit)
}

/// The blobs' contents, through one `git cat-file --batch`; git is stopped and waited for
/// whatever happens.
fn read_blobs(wanted: Vec<(PathBuf, String)>, limit: u64) -> Result<Vec<Blob>, String> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file has no input")?;
    let objects: Vec<String> = wanted.iter().map(|(_, o)| o.clone()).collect();
    // Written from another thread: git answers while it reads, and a full pipe would stall both.
    let writer = std::thread::spawn(move || {
        for object in objects {
            if writeln!(stdin, "{object}").is_err() {
                break;
            }
        }
    });
    let read = match child.stdout.take() {
        Some(out) => read_answers(&mut BufReader::new(out), wanted, limit),
        None => Err("git cat-file has no output".to_string()),
    };
    if read.is_err() {
        let _ = child.kill();
    }
    // The writer stops at the first write git no longer reads.
    let _ = writer.join();
    let _ = child.wait();
    read
}

/// `git cat-file --batch`'s answers, one per object asked, in order.
fn read_answers(
    out: &mut impl BufRead,
    wanted: Vec<(PathBuf, String)>,
    limit: u64,
) -> Result<Vec<Blob>, String> {
    let mut files = Vec::with_capacity(wanted.len());
    for (path, _) in wanted {
        let mut header = String::new();
        out.read_line(&mut header)
            .map_err(|e| format!("cannot read from git: {e}"))?;
        let size: u64 = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file gave no content for {}", path.display()))?;
        let content = if size > limit {
            // Skipped, not held: the file alone is refused, and the rest still read.
            std::io::copy(&mut out.by_ref().take(size), &mut std::io::sink())
                .map_err(|e| format!("cannot read {} from git: {e}", path.display()))?;
            Err(super::too_large(Some(size), limit).to_string())
        } else {
            let mut content = vec![0; size as usize];
            out.read_exact(&mut content)
                .map_err(|e| format!("cannot read {} from git: {e}", path.display()))?;
            Ok(content)
        };
        let mut newline = [0u8; 1];
        out.read_exact(&mut newline)
            .map_err(|e| format!("cannot read from git: {e}"))?;
        files.push((path, content));
    }
    Ok(files)
}
