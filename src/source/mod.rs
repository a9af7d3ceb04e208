//! Where input comes from: finding files, decoding their bytes to text, and turning byte
//! ranges back into line and column for the findings that are reported.

pub mod decode;
pub mod discover;
pub mod git;
pub mod locate;

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;

use locate::Position;

/// Index of a file in [`Sources`]; every record in the model carries one.
pub type FileId = usize;

/// One input file, decoded to UTF-8 text. Byte offsets everywhere refer to its text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (joined with what discovery found below it).
    pub path: PathBuf,
    /// The decoded text, until it is released (see [`SourceFile::release_text`]).
    text: String,
    /// The length of the decoded text, which outlives the text.
    text_len: usize,
    /// Whether the text can be read again from `path`; content given in memory cannot.
    on_disk: bool,
    released: bool,
    /// Found to have changed on disk since it was parsed: not read again.
    changed: bool,
    /// Positions computed while the text was at hand (see [`SourceFile::place`]).
    placed: Placed,
    pub encoding: decode::Encoding,
    pub size: u64,
    /// The file's size and modification time when it was read: a file whose stamp differs
    /// later was rewritten, and is not read again to place findings.
    stamp: Option<Stamp>,
    /// The SHA-256 of the bytes as read and their decoded head, when the run keeps them for
    /// evidence: what was linted, not what is on disk later.
    pub read_digest: Option<ReadDigest>,
}

/// A file's identity on disk, cheap to take and to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    pub fn of(metadata: &std::fs::Metadata) -> Self {
        Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReadDigest {
    /// Lower-case hexadecimal SHA-256 of the bytes read.
    pub sha256: String,
    /// The first characters of the decoded text (the export date is read from it).
    pub head: String,
}

impl SourceFile {
    /// A file read from disk, whose text can be released and read again.
    pub fn from_disk(path: PathBuf, text: String, encoding: decode::Encoding, size: u64) -> Self {
        SourceFile {
            path,
            text_len: text.len(),
            text,
            on_disk: true,
            released: false,
            changed: false,
            placed: Vec::new(),
            encoding,
            size,
            stamp: None,
            read_digest: None,
        }
    }

    /// A file on disk read piece by piece and never held whole: its text is released from the
    /// start, `text_len` long once decoded, with the positions placed while it was read.
    pub fn streamed(
        path: PathBuf,
        text_len: usize,
        encoding: decode::Encoding,
        size: u64,
        placed: Vec<(usize, locate::Position)>,
    ) -> Self {
        SourceFile {
            path,
            text: String::new(),
            text_len,
            on_disk: true,
            released: true,
            changed: false,
            placed: compact(placed),
            encoding,
            size,
            stamp: None,
            read_digest: None,
        }
    }

    /// The stamp the file had when it was read.
    pub fn stamped(mut self, stamp: Stamp) -> Self {
        self.stamp = Some(stamp);
        self
    }

    /// Content given in memory (standard input, an embedding program): kept for the whole run.
    pub fn given(path: PathBuf, text: String, encoding: decode::Encoding, size: u64) -> Self {
        SourceFile {
            on_disk: false,
            ..SourceFile::from_disk(path, text, encoding, size)
        }
    }

    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }

    /// The decoded text while it is kept in memory.
    pub fn kept_text(&self) -> Option<&str> {
        (!self.released).then_some(self.text.as_str())
    }

    /// Computes the positions of `offsets` (ascending) from the kept text, for a report that is
    /// likely to need them: it then need not read the file again.
    pub fn place(&mut self, offsets: &[usize]) {
        if let Some(text) = self.kept_text() {
            let positions = locate::positions_of(text, offsets);
            self.placed = compact(offsets.iter().copied().zip(positions).collect());
        }
    }

    /// Drops the decoded text of a file on disk once it is parsed: a large tenant's texts would
    /// otherwise be held for the whole run. The few that a report needs are read again.
    pub fn release_text(&mut self) {
        if self.on_disk {
            self.text = String::new();
            self.released = true;
        }
    }

    pub fn text_len(&self) -> usize {
        self.text_len
    }

    /// The positions placed while the file was read, by offset.
    #[cfg(test)]
    pub fn placed_positions(&self) -> Vec<(usize, locate::Position)> {
        self.placed
            .iter()
            .map(|p| (p.offset(), p.position()))
            .collect()
    }

    /// The text, kept or read again from disk. `None` when the file cannot be read again or
    /// no longer decodes to a text of the same length: it changed while it was being linted.
    fn text(&self) -> Option<Cow<'_, str>> {
        if !self.released {
            return Some(Cow::Borrowed(&self.text));
        }
        if self.changed {
            return None;
        }
        // Rewritten since it was read, even to the same length: its text is not what was linted.
        if let Some(stamp) = &self.stamp {
            let now = std::fs::metadata(&self.path).ok().map(|m| Stamp::of(&m));
            if now.as_ref() != Some(stamp) {
                return None;
            }
        }
        let bytes = std::fs::read(&self.path).ok()?;
        let (text, _) = decode::decode(bytes).ok()?;
        (text.len() == self.text_len).then_some(Cow::Owned(text))
    }
}

/// How far into a file its export date is looked for, in characters: evidence keeps that much
/// of each file's head.
pub const HEAD_CHARS: usize = 4096;

/// Lower-case hexadecimal SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// A file's bytes, and its stamp when it is a regular file (one that can be read again). Never
/// more than `limit` bytes: a regular file larger than that is refused by its size, anything
/// else (a device, a pipe) once it has given more.
pub fn read_bounded(
    path: &std::path::Path,
    limit: u64,
) -> std::io::Result<(Vec<u8>, Option<Stamp>)> {
    Opened::open(path)?.read(limit)
}

/// A file opened, with what it was when opened: one path lookup and one stat serve both the
/// choice of how to read it and the read.
pub struct Opened {
    file: std::fs::File,
    pub status: std::fs::Metadata,
    /// Whether anything was read since it was opened: a reader that gave up part way (a page
    /// that could not be streamed) leaves the offset where it stopped.
    moved: bool,
}

impl Opened {
    pub fn open(path: &std::path::Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let status = file.metadata()?;
        Ok(Opened {
            file,
            status,
            moved: false,
        })
    }

    /// The file, to read from where its offset is; [`Opened::read`] reads it from its start
    /// after this.
    pub fn reader(&mut self) -> &std::fs::File {
        self.moved = true;
        &self.file
    }

    /// [`read_bounded`] of the opened file, from its start.
    pub fn read(self, limit: u64) -> std::io::Result<(Vec<u8>, Option<Stamp>)> {
        let Opened {
            mut file,
            status,
            moved,
        } = self;
        if moved {
            use std::io::Seek;
            file.rewind()?;
        }
        read_opened(file, &status, limit)
    }
}

fn read_opened(
    file: std::fs::File,
    status: &std::fs::Metadata,
    limit: u64,
) -> std::io::Result<(Vec<u8>, Option<Stamp>)> {
    if status.is_file() && status.len() > limit {
        return Err(too_large(Some(status.len()), limit));
    }
    let expected = if status.is_file() { status.len() } else { 0 };
    let expected = usize::try_from(expected).unwrap_or(0);
    let bytes = match read_in_pieces(&file, expected)? {
        Some(bytes) => bytes,
        None => read_limited(file, limit, expected)?,
    };
    Ok((bytes, status.is_file().then(|| Stamp::of(status))))
}

/// Regular files larger than this are read by several threads at once: copying hundreds of
/// megabytes out of the page cache is not one core's work.
const READ_IN_PIECES_FROM: usize = 32 << 20;
const READ_PIECE: usize = 8 << 20;

/// A large regular file of `size` bytes, read in pieces in parallel; `None` when it is small, or
/// was not `size` bytes long when read (it changed: the caller reads it the plain way).
#[cfg(unix)]
fn read_in_pieces(file: &std::fs::File, size: usize) -> std::io::Result<Option<Vec<u8>>> {
    use std::os::unix::fs::FileExt;
    if size < READ_IN_PIECES_FROM {
        return Ok(None);
    }
    // Zeroed pages come from the OS untouched: the reads write them once.
    let mut bytes = vec![0u8; size];
    let whole: std::io::Result<Vec<bool>> = bytes
        .par_chunks_mut(READ_PIECE)
        .enumerate()
        .map(|(n, piece)| {
            let start = (n * READ_PIECE) as u64;
            let mut done = 0;
            while done < piece.len() {
                match file.read_at(&mut piece[done..], start + done as u64) {
                    Ok(0) => return Ok(false),
                    Ok(read) => done += read,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(true)
        })
        .collect();
    let grew = file.read_at(&mut [0u8], size as u64)? > 0;
    Ok((whole?.into_iter().all(|read| read) && !grew).then_some(bytes))
}

#[cfg(not(unix))]
fn read_in_pieces(_: &std::fs::File, _: usize) -> std::io::Result<Option<Vec<u8>>> {
    Ok(None)
}

/// At most `limit` bytes from a stream that states no size (a pipe, a device, standard input):
/// refused once it has given more.
pub fn read_limited(
    reader: impl std::io::Read,
    limit: u64,
    capacity: usize,
) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(None, limit));
    }
    Ok(bytes)
}

/// A size as `--max-file-size` takes it: `4G`, `500M`, `1K`, or bytes.
pub fn human_size(bytes: u64) -> String {
    for (shift, unit) in [(30, "G"), (20, "M"), (10, "K")] {
        if bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return format!("{}{unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

/// A read refused for its size: `size` when the file states it, `None` when the content simply
/// went on past the limit (a device, a pipe).
pub fn too_large(size: Option<u64>, limit: u64) -> std::io::Error {
    let what = match size {
        Some(size) => format!("it is {size} bytes, over"),
        None => "it went on past".to_string(),
    };
    let human = human_size(limit);
    let limit_text = if human.ends_with("bytes") {
        human
    } else {
        format!("{human} ({limit} bytes)")
    };
    std::io::Error::new(std::io::ErrorKind::FileTooLarge, format!(
        "{what} the size limit of {limit_text}: a device, an endless stream, or an export larger than any \
         real one; if it is a real export, raise the limit with `--max-file-size`"
    ))
}

/// The current folder, canonical (roots are: git's top level), found once: a report asks for
/// every finding's path.
pub fn current_folder() -> Option<&'static std::path::Path> {
    static FOLDER: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let cwd = std::env::current_dir().ok()?;
            Some(std::fs::canonicalize(&cwd).unwrap_or(cwd))
        })
        .as_deref()
}

/// `path` (as the report shows it: relative to the current folder, or absolute) relative to
/// `root`, with `.` and `..` resolved and `/` between names; `None` when it is not below `root`.
pub fn relative_to(root: &std::path::Path, path: &str) -> Option<String> {
    use std::path::Component;
    let path = std::path::Path::new(path);
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        current_folder()?.join(path)
    };
    let mut resolved = std::path::PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
    }
    let relative = resolved.strip_prefix(root).ok()?;
    Some(
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// A path as text: bytes that are not UTF-8 are shown as `\xNN`, not replaced, so that the
/// path can still be typed to open the file.
pub fn display_path(path: &std::path::Path) -> String {
    if let Some(text) = path.to_str() {
        return text.to_string();
    }
    #[cfg(unix)]
    {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for byte in chunk.invalid() {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    path.display().to_string()
}

/// All files read in one run, addressed by [`FileId`], and the positions of the offsets that
/// the report needs.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// Per file, the offsets located so far and their positions, by ascending offset.
    positions: Vec<Placed>,
}

/// Byte offsets in one file and their positions, by ascending offset.
type Placed = Vec<locate::PlacedPosition>;

/// Positions placed while a file was read, kept small.
fn compact(placed: Vec<(usize, Position)>) -> Placed {
    placed
        .into_iter()
        .filter_map(|(offset, position)| locate::PlacedPosition::new(offset, position))
        .collect()
}

/// Whether every offset (ascending) already has its position.
fn is_placed(placed: &Placed, offset: usize) -> bool {
    placed.binary_search_by_key(&offset, |p| p.offset()).is_ok()
}

impl Sources {
    /// The decoded text of a file: kept, or read and decoded again from disk; `None` when the
    /// file changed or vanished since it was parsed.
    pub fn text(&self, id: FileId) -> Option<Cow<'_, str>> {
        self.files[id].text()
    }

    /// Computes the line and column of every wanted offset, file by file in parallel, each file
    /// read once and only for offsets not placed while it was parsed. Returns the files that
    /// changed since they were parsed (their offsets get no position): they are not read again,
    /// by the report's renderers either.
    pub fn locate_offsets(
        &mut self,
        wanted: impl IntoIterator<Item = (FileId, usize)>,
    ) -> Vec<FileId> {
        // Offsets placed already are left out as they come: hundreds of thousands of findings
        // point at flags placed while their page was parsed.
        let mut by_file: Vec<Vec<usize>> = vec![Vec::new(); self.files.len()];
        for (file, offset) in wanted {
            if !is_placed(&self.positions[file], offset) {
                by_file[file].push(offset);
            }
        }
        // `None`: the file changed since it was parsed.
        let found: Vec<(FileId, Option<Placed>)> = by_file
            .into_par_iter()
            .enumerate()
            .filter(|(_, offsets)| !offsets.is_empty())
            .map(|(file, mut offsets)| {
                offsets.sort_unstable();
                offsets.dedup();
                let positions = self.files[file].text().map(|text| {
                    let positions = locate::positions_of(&text, &offsets);
                    compact(offsets.into_iter().zip(positions).collect())
                });
                (file, positions)
            })
            .collect();
        let mut changed = Vec::new();
        for (file, positions) in found {
            match positions {
                Some(positions) => {
                    let placed = &mut self.positions[file];
                    placed.extend::<Placed>(positions);
                    placed.sort_unstable_by_key(|p| p.offset());
                }
                None => {
                    self.files[file].changed = true;
                    changed.push(file);
                }
            }
        }
        changed
    }

    /// A position computed by [`Sources::locate_offsets`].
    pub fn position(&self, file: FileId, offset: usize) -> Option<Position> {
        let placed = self.positions.get(file)?;
        let found = placed.binary_search_by_key(&offset, |p| p.offset()).ok()?;
        Some(placed[found].position())
    }

    pub fn push(&mut self, mut file: SourceFile) -> FileId {
        self.positions.push(std::mem::take(&mut file.placed));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` written to `a.json` in a folder of its own (named for the test), and read.
    fn file_on_disk(test: &str, text: &str) -> (PathBuf, SourceFile) {
        let dir = std::env::temp_dir().join(format!("tenantlint-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.json");
        std::fs::write(&path, text).unwrap();
        let size = text.len() as u64;
        let file = SourceFile::from_disk(path, text.into(), decode::Encoding::Utf8, size);
        (dir, file)
    }

    #[test]
    fn a_large_file_read_in_pieces_is_the_file_byte_for_byte() {
        let dir = std::env::temp_dir().join(format!("tenantlint-pieces-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.json");
        // Not a multiple of the piece size, and no two pieces alike.
        let size = READ_IN_PIECES_FROM + 3 * READ_PIECE + 12_345;
        let content: Vec<u8> = (0..size)
            .map(|i| (i % 251) as u8 ^ (i / READ_PIECE) as u8)
            .collect();
        std::fs::write(&path, &content).unwrap();
        // Read in pieces, not the plain way that would give the same bytes.
        #[cfg(unix)]
        {
            let file = std::fs::File::open(&path).unwrap();
            let pieces = read_in_pieces(&file, size).unwrap();
            assert!(
                pieces.as_deref() == Some(content.as_slice()),
                "read in pieces"
            );
        }
        let (read, stamp) = read_bounded(&path, size as u64).unwrap();
        assert!(read == content, "the pieces are joined in order");
        assert!(stamp.is_some());
        assert!(
            read_bounded(&path, size as u64 - 1).is_err(),
            "the limit holds"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A reader that gave up part way through an opened file (a page that could not be
    /// streamed) leaves the whole file to be read from its start, small or large.
    #[test]
    fn an_opened_file_is_read_whole_after_a_partial_read() {
        use std::io::Read;
        let dir = std::env::temp_dir().join(format!("tenantlint-opened-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for size in [100, READ_IN_PIECES_FROM - 1] {
            let path = dir.join(format!("{size}.json"));
            let content: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &content).unwrap();
            let mut opened = Opened::open(&path).unwrap();
            let mut start = [0u8; 64];
            opened.reader().read_exact(&mut start).unwrap();
            let (read, stamp) = opened.read(u64::MAX).unwrap();
            assert!(read == content, "{size} bytes, read from the start");
            assert!(stamp.is_some());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_is_shown_escaped() {
        use std::os::unix::ffi::OsStrExt;
        let path = std::path::Path::new(std::ffi::OsStr::from_bytes(b"export/caf\xe9.json"));
        assert_eq!(display_path(path), "export/caf\\xe9.json");
        assert_eq!(display_path(std::path::Path::new("a/é.json")), "a/é.json");
    }

    #[test]
    fn a_rewrite_to_the_same_length_is_noticed_by_the_stamp() {
        let text = "{\"state\": \"enabled\"}";
        let (dir, file) = file_on_disk("stamp", text);
        let path = file.path.clone();
        let stamp = Stamp::of(&std::fs::metadata(&path).unwrap());
        let mut file = file.stamped(stamp);
        file.release_text();
        let mut sources = Sources::default();
        let id = sources.push(file);
        assert_eq!(sources.text(id).as_deref(), Some(text));
        // Same length, other content, and a modification time the stamp does not have.
        std::fs::write(&path, "{\"state\": \"disabld\"}").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(sources.text(id), None);
        assert_eq!(sources.locate_offsets(vec![(id, 3)]), vec![id]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_released_text_is_read_again_and_a_changed_file_is_noticed() {
        let text = "{\n  \"é\": 1\n}\n";
        let (dir, mut file) = file_on_disk("sources", text);
        let path = file.path.clone();
        let mut sources = Sources::default();
        file.release_text();
        assert_eq!(file.kept_text(), None);
        let id = sources.push(file);
        assert_eq!(sources.text(id).as_deref(), Some(text));
        assert!(sources.locate_offsets(vec![(id, 4), (id, 13)]).is_empty());
        assert_eq!(
            sources.position(id, 4),
            Some(Position { line: 2, column: 3 })
        );
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(sources.text(id), None);
        assert_eq!(sources.locate_offsets(vec![(id, 2)]), vec![id]);
        // Once found changed, it is not read again, even if it is put back.
        std::fs::write(&path, text).unwrap();
        assert_eq!(sources.text(id), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn offsets_placed_while_parsing_need_no_second_read() {
        let text = "{\n  \"é\": false,\n  \"b\": true\n}\n";
        let (dir, mut file) = file_on_disk("placed", text);
        let placed = [11, 16, 26];
        file.place(&placed);
        file.release_text();
        let mut sources = Sources::default();
        let id = sources.push(file);
        // Gone from disk: only what was placed can be located.
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(sources
            .locate_offsets(vec![(id, 16), (id, 11), (id, 16)])
            .is_empty());
        let index = locate::LineIndex::new(text);
        for offset in placed {
            assert_eq!(
                sources.position(id, offset),
                Some(index.position(offset)),
                "at {offset}"
            );
        }
        assert_eq!(sources.locate_offsets(vec![(id, 11), (id, 12)]), vec![id]);
    }

    #[test]
    fn placed_means_every_wanted_offset_has_a_position() {
        let placed: Placed = compact(
            [3, 5, 9]
                .into_iter()
                .map(|offset| {
                    (
                        offset,
                        Position {
                            line: 1,
                            column: offset + 1,
                        },
                    )
                })
                .collect(),
        );
        for offset in [3, 5, 9] {
            assert!(is_placed(&placed, offset));
        }
        for offset in [0, 4, 10] {
            assert!(!is_placed(&placed, offset));
        }
        assert!(!is_placed(&Vec::new(), 0));
        // A position too far into a file to keep small is not placed: the file is read for it.
        let far = Position {
            line: u32::MAX as usize + 1,
            column: 1,
        };
        assert!(compact(vec![(7, far)]).is_empty());
    }

    #[test]
    fn offsets_not_placed_while_parsing_are_added_to_those_that_were() {
        let text = "{\n  \"é\": false,\n  \"b\": true\n}\n";
        let (dir, mut file) = file_on_disk("partly-placed", text);
        file.place(&[11]);
        file.release_text();
        let mut sources = Sources::default();
        let id = sources.push(file);
        assert!(sources
            .locate_offsets(vec![(id, 26), (id, 11), (id, 3)])
            .is_empty());
        let index = locate::LineIndex::new(text);
        for offset in [3, 11, 26] {
            assert_eq!(
                sources.position(id, offset),
                Some(index.position(offset)),
                "at {offset}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
