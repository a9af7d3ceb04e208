//! Where input comes from: finding files, decoding their bytes to text, and turning byte
//! ranges back into line and column for the findings that are reported.

pub mod decode;
pub mod discover;
pub mod locate;

use std::ops::Range;
use std::path::PathBuf;

/// Index of a file in [`Sources`]; every record in the model carries one.
pub type FileId = usize;

/// One input file, decoded to UTF-8 text. Byte offsets everywhere refer to `text`.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (joined with what discovery found below it).
    pub path: PathBuf,
    pub text: String,
    pub encoding: decode::Encoding,
    pub size: u64,
}

impl SourceFile {
    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }
}

/// All files read in one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn push(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Where a value lives: the file, its byte range in the decoded text, and its JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: FileId,
    pub span: Range<usize>,
    pub pointer: String,
}

impl Origin {
    /// A pointer one level down, sharing nothing with `self` but the file.
    pub fn child_pointer(&self, segment: &str) -> String {
        pointer_child(&self.pointer, segment)
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_child(parent: &str, segment: &str) -> String {
    let mut out = String::with_capacity(parent.len() + segment.len() + 1);
    out.push_str(parent);
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}
