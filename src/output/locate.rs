//! Byte ranges to file, line and column, once per reported file.

use serde::Serialize;

use crate::rules::Diagnostic;
use crate::source::locate::{LineIndex, Position};
use crate::source::{FileId, Origin, Sources};

#[derive(Debug, Clone, Serialize)]
pub struct Location {
    pub path: String,
    pub pointer: String,
    pub start: Position,
    pub end: Position,
}

/// Line indexes and display paths of the files asked about, each built once, by file id.
pub struct Locator<'s> {
    sources: &'s Sources,
    files: Vec<Option<(LineIndex<'s>, String)>>,
}

impl<'s> Locator<'s> {
    pub fn new(sources: &'s Sources) -> Self {
        Locator {
            sources,
            files: std::iter::repeat_with(|| None)
                .take(sources.len())
                .collect(),
        }
    }

    /// The file's line index and path, built the first time the file is asked about.
    fn file(&mut self, file: FileId) -> &(LineIndex<'s>, String) {
        let source = self.sources.get(file);
        self.files[file]
            .get_or_insert_with(|| (LineIndex::new(&source.text), source.display_path()))
    }

    fn index(&mut self, file: FileId) -> &LineIndex<'s> {
        &self.file(file).0
    }

    /// The line and column of a byte offset in a file.
    pub fn position(&mut self, file: FileId, offset: usize) -> Position {
        self.index(file).position(offset)
    }

    /// The lines around `line` (1-based), each cut to `width` characters.
    pub fn lines_around(
        &mut self,
        file: FileId,
        line: usize,
        around: usize,
        width: usize,
    ) -> Vec<(usize, String)> {
        let index = self.index(file);
        let first = line.saturating_sub(around).max(1);
        let last = (line + around).min(index.line_count());
        (first..=last)
            .map(|n| (n, index.line_text(n).chars().take(width).collect()))
            .collect()
    }

    pub fn locate(&mut self, origin: &Origin) -> Location {
        let (index, path) = self.file(origin.file);
        Location {
            path: path.clone(),
            pointer: origin.pointer.clone(),
            start: index.position(origin.span.start),
            end: index.position(origin.span.end),
        }
    }

    pub fn sources(&self) -> &'s Sources {
        self.sources
    }
}

/// Sorted by path, then position, then code: the same order on every run. Offsets order the
/// same way as line and column within a file, so no line index is needed to sort.
pub fn sort_diagnostics(sources: &Sources, diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let origin = &d.finding.primary;
            (
                sources.get(origin.file).path.as_path(),
                origin.span.start,
                d.code,
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.finding.subject.cmp(&b.finding.subject))
    });
}
