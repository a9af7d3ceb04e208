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

/// Positions of byte offsets: those computed in the locate stage, else from a line index
/// built once per file asked about (reading a released text again). Display paths are formatted
/// once per file. Both are kept by file as they are asked for, so a locator costs nothing to
/// make: the JSON report makes one per parallel job.
pub struct Locator<'s> {
    sources: &'s Sources,
    paths: HashMap<FileId, String>,
    indexes: HashMap<FileId, LineIndex<'s>>,
}

impl<'s> Locator<'s> {
    pub fn new(sources: &'s Sources) -> Self {
        Locator {
            sources,
            paths: HashMap::new(),
            indexes: HashMap::new(),
        }
    }

    /// The file's line index, built the first time it is needed. A file that changed since
    /// it was parsed gets an empty index (every position is 1:1); the locate stage has
    /// reported it.
    fn index(&mut self, file: FileId) -> &LineIndex<'s> {
        let sources = self.sources;
        self.indexes
            .entry(file)
            .or_insert_with(|| LineIndex::new(sources.text(file).unwrap_or_default()))
    }

    /// Lets go of a file's line index and the text it holds, for a caller that is done with
    /// the file and goes through the files in order.
    pub fn release(&mut self, file: FileId) {
        self.indexes.remove(&file);
    }

    /// The file's path as reports show it.
    pub fn path(&mut self, file: FileId) -> &str {
        let source = self.sources.get(file);
        self.paths
            .entry(file)
            .or_insert_with(|| source.display_path())
    }

    /// The line and column of a byte offset in a file.
    pub fn position(&mut self, file: FileId, offset: usize) -> Position {
        match self.sources.position(file, offset) {
            Some(position) => position,
            None => self.index(file).position(offset),
        }
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
        Location {
            path: self.path(origin.file).to_string(),
            pointer: origin.pointer.clone(),
            start: self.position(origin.file, origin.span.start),
            end: self.position(origin.file, origin.span.end),
        }
    }

    pub fn sources(&self) -> &'s Sources {
        self.sources
    }
}

/// Sorted by path, then position, then code: the same order on every run. Offsets order the
/// same way as line and column within a file, so no line index is needed to sort.
pub fn sort_diagnostics(sources: &Sources, diagnostics: &mut [Diagnostic]) {
    // Each file's place in path order, so that sorting compares numbers, not paths.
    let mut by_path: Vec<FileId> = (0..sources.len()).collect();
    by_path.sort_by(|a, b| sources.get(*a).path.cmp(&sources.get(*b).path));
    let mut rank = vec![0; sources.len()];
    for (place, file) in by_path.into_iter().enumerate() {
        rank[file] = place;
    }
    let key = |d: &Diagnostic| {
        let origin = &d.finding.primary;
        (rank[origin.file], origin.span.start, d.code)
    };
    // A stable sort of the findings themselves would take a scratch copy of half of them; their
    // places are sorted instead, and the findings moved once.
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&diagnostics[a], &diagnostics[b]);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.finding.subject.cmp(&b.finding.subject))
    });
    put_in_order(diagnostics, order);
}

/// Rearranges `items` so that item `i` is the one that was at `order[i]`, cycle by cycle, with
/// swaps: no second copy of the items.
fn put_in_order<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        // A place whose order names itself is done, or was in a cycle already followed.
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::put_in_order;

    #[test]
    fn items_are_put_in_the_order_given() {
        // Shuffled orders (long cycles, short ones, fixed points), the same on every run.
        let mut state = 7u64;
        let mut below = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        for n in [0, 1, 2, 5, 64, 1000] {
            for _ in 0..20 {
                let mut order: Vec<usize> = (0..n).collect();
                for i in (1..n).rev() {
                    order.swap(i, below(i + 1));
                }
                let items: Vec<String> = (0..n).map(|i| format!("item {i}")).collect();
                let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
                let mut moved = items;
                put_in_order(&mut moved, order);
                assert_eq!(moved, expected, "{n} items");
            }
        }
    }
}
