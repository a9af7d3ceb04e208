//! Rendering a [`Report`](crate::Report): one file per format.

pub mod azure;
pub mod concise;
pub mod diff;
pub mod escape;
pub mod evidence;
pub mod gaps;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod locate;
pub mod pretty;
pub mod sarif;
pub mod statistics;
pub mod whatif;

use crate::rules::Severity;
use crate::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical report with the JSON around each finding (the default on a terminal).
    Pretty,
    /// One line per finding: `path:line:col: severity[CODE] message`.
    Concise,
    /// The stable JSON contract for integrations.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// JUnit XML, for CI systems' test reports.
    Junit,
    /// GitLab Code Quality (a merge request's code quality widget).
    Gitlab,
    /// Azure DevOps logging commands (errors and warnings on the pipeline's files).
    Azure,
}

/// Shows at most `limit` findings of each rule (pretty and concise), counting the rest.
#[derive(Debug, Default)]
pub struct PerRule {
    limit: Option<usize>,
    seen: std::collections::BTreeMap<&'static str, usize>,
}

impl PerRule {
    /// `None` shows every finding.
    pub fn new(limit: Option<usize>) -> Self {
        PerRule {
            limit,
            seen: Default::default(),
        }
    }

    /// Whether this finding of `code` is shown.
    pub fn shows(&mut self, code: &'static str) -> bool {
        let count = self.seen.entry(code).or_insert(0);
        *count += 1;
        self.limit.is_none_or(|limit| *count <= limit)
    }

    /// How many findings of each rule were not shown.
    pub fn hidden(&self) -> Vec<(&'static str, usize)> {
        let Some(limit) = self.limit else {
            return Vec::new();
        };
        self.seen
            .iter()
            .filter(|(_, count)| **count > limit)
            .map(|(code, count)| (*code, count - limit))
            .collect()
    }
}

/// Findings at or above this severity make `check` exit 1.
pub fn counts_as_failure(severity: Severity, fail_on: Severity) -> bool {
    severity >= fail_on
}

/// A file as CI annotations name it (GitHub, Azure DevOps, GitLab): relative to the project
/// root (the repository's top level, where the runner looks for it), whatever the current
/// folder.
pub(crate) fn repository_path(report: &Report, path: &str) -> String {
    path_from(report.project_root.as_deref(), path)
}

/// `path` from `root` when it is inside it, else as it is.
pub(crate) fn path_from(root: Option<&std::path::Path>, path: &str) -> String {
    root.and_then(|root| crate::source::relative_to(root, path))
        .unwrap_or_else(|| path.to_string())
}
