//! Byte ranges to file, line and column, once per reported file.

use std::collections::HashMap;

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

pub struct Locator<'s> {
    sources: &'s Sources,
    indexes: HashMap<FileId, LineIndex<'s>>,
}

impl<'s> Locator<'s> {
    pub fn new(sources: &'s Sources) -> Self {
        Locator {
            sources,
            indexes: HashMap::new(),
        }
    }

    pub fn locate(&mut self, origin: &Origin) -> Location {
        let file = self.sources.get(origin.file);
        let index = self
            .indexes
            .entry(origin.file)
            .or_insert_with(|| LineIndex::new(&file.text));
        Location {
            path: file.display_path(),
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
