//! Per-user authentication method registration (`userRegistrationDetails`).
//!
//! A tenant has up to millions of these records and every one stays in memory while the rules
//! run, so a record is laid out to be small: its strings share one allocation, its flags are
//! eight bytes each, and its pointer is built only when a finding needs it.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use rayon::slice::ParallelSliceMut;

use super::ids::id_hash;

use crate::source::{FileId, Origin};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserType {
    Member,
    Guest,
    Unknown,
}

impl UserType {
    pub fn parse(text: &str) -> Self {
        if text.eq_ignore_ascii_case("member") {
            UserType::Member
        } else if text.eq_ignore_ascii_case("guest") {
            UserType::Guest
        } else {
            UserType::Unknown
        }
    }
}

/// One user's registration details.
#[derive(Debug, Clone)]
pub struct Registration {
    /// The user's id, then the UPN and the display name when written, in one allocation.
    names: Box<str>,
    id_end: usize,
    /// Where the UPN ends in `names`, when it is written (`has_upn`): two flags beside the ends
    /// keep a record eight bytes smaller than an `Option` would.
    upn_end: usize,
    has_upn: bool,
    has_display_name: bool,
    /// The id index's key for the user id ([`short_hash`]): taken as the record is made, on the
    /// thread that read the id, where hashing the ids of half a million records later reads
    /// each one's names again from memory. It fits in the record's padding.
    id_key: u32,
    pub user_type: UserType,
    pub is_admin: Option<Flag>,
    pub mfa_registered: Option<Flag>,
    pub sspr_registered: Option<Flag>,
    pub sspr_enabled: Option<Flag>,
    pub file: FileId,
    /// The record's bytes in its file.
    pub span: Range<usize>,
    pointer: RecordPointer,
}

/// A record's JSON pointer: nearly always an item of a page's `value`, kept as its index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordPointer {
    ValueItem(usize),
    /// Boxed twice, so the rare written pointer costs the common record nothing: a thin
    /// pointer keeps the enum at sixteen bytes.
    Written(Box<Box<str>>),
}

impl RecordPointer {
    pub fn new(pointer: &str) -> Self {
        let index = pointer
            .strip_prefix("/value/")
            // Only the form `format!` writes back: digits, no leading zero, no sign.
            .filter(|index| {
                index.bytes().all(|b| b.is_ascii_digit())
                    && (*index == "0" || !index.starts_with('0'))
            })
            .and_then(|index| index.parse().ok());
        match index {
            Some(index) => RecordPointer::ValueItem(index),
            None => RecordPointer::Written(Box::new(pointer.into())),
        }
    }

    fn to_pointer(&self) -> String {
        match self {
            RecordPointer::ValueItem(index) => format!("/value/{index}"),
            RecordPointer::Written(pointer) => pointer.to_string(),
        }
    }
}

/// Where a registration record is written: its file, its bytes and its JSON pointer.
pub struct RecordPlace {
    pub file: FileId,
    pub span: Range<usize>,
    pub pointer: RecordPointer,
}

impl Registration {
    pub fn new(
        user_id: &str,
        upn: Option<&str>,
        display_name: Option<&str>,
        user_type: UserType,
        place: RecordPlace,
    ) -> Self {
        let mut names = String::with_capacity(
            user_id.len() + upn.map_or(0, str::len) + display_name.map_or(0, str::len),
        );
        names.push_str(user_id);
        let id_end = names.len();
        names.push_str(upn.unwrap_or_default());
        let upn_end = names.len();
        if let Some(display_name) = display_name {
            names.push_str(display_name);
        }
        Registration {
            names: names.into_boxed_str(),
            id_end,
            upn_end,
            has_upn: upn.is_some(),
            has_display_name: display_name.is_some(),
            id_key: short_hash(user_id),
            user_type,
            is_admin: None,
            mfa_registered: None,
            sspr_registered: None,
            sspr_enabled: None,
            file: place.file,
            span: place.span,
            pointer: place.pointer,
        }
    }

    pub fn user_id(&self) -> &str {
        &self.names[..self.id_end]
    }

    /// Places the record as item `index` of its page's `value`: a page read in pieces numbers
    /// each piece's items from zero until the pieces are joined.
    pub fn set_item_index(&mut self, index: usize) {
        self.pointer = RecordPointer::ValueItem(index);
    }

    pub fn upn(&self) -> Option<&str> {
        self.has_upn.then(|| &self.names[self.id_end..self.upn_end])
    }

    pub fn display_name(&self) -> Option<&str> {
        self.has_display_name.then(|| &self.names[self.upn_end..])
    }

    /// Where the record is written.
    pub fn origin(&self) -> Origin {
        Origin {
            file: self.file,
            span: self.span.clone(),
            pointer: self.pointer.to_pointer(),
        }
    }

    /// The bytes of one of this record's flags' value.
    pub fn flag_span(&self, flag: &Flag) -> Range<usize> {
        let start = self.span.start + flag.offset();
        start..start + flag.len()
    }

    /// Where one of this record's flags is written.
    pub fn flag_origin(&self, flag: &Flag) -> Origin {
        // A flag's path is letters and a slash: it needs no escaping in a pointer.
        let path = flag.path();
        // Joined at their length: `format!` guesses short, and grows the string once per flag.
        let pointer = match &self.pointer {
            RecordPointer::ValueItem(index) => {
                ["/value/", itoa::Buffer::new().format(*index), "/", &path].concat()
            }
            RecordPointer::Written(record) => [&***record, "/", &path].concat(),
        };
        Origin {
            file: self.file,
            span: self.flag_span(flag),
            pointer,
        }
    }
}

/// A true-or-false member of a registration record: its value, and where it is written (its
/// offset in the record, and its key's spelling). A tenant has millions of these, so a flag is
/// eight bytes; [`Registration::flag_origin`] builds its place when a finding points at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    /// The value's offset from the start of its record, below [`IN_BAG`].
    offset: u32,
    /// The key as spelled: keys are matched ignoring ASCII case, so a spelling is the
    /// camelCase name with the letters whose bit is set here in the other case.
    flipped_case: u16,
    pub value: bool,
    name: FlagName,
}

/// Set in [`Flag::offset`] when the flag is written in the PowerShell SDK's
/// `AdditionalProperties` bag of its record rather than as a member of its own.
const IN_BAG: u32 = 1 << 31;

/// The flags of a registration record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagName {
    IsAdmin,
    IsMfaRegistered,
    IsSsprRegistered,
    IsSsprEnabled,
}

impl FlagName {
    /// The member's camelCase name, as Graph writes it.
    pub fn key(self) -> &'static str {
        match self {
            FlagName::IsAdmin => "isAdmin",
            FlagName::IsMfaRegistered => "isMfaRegistered",
            FlagName::IsSsprRegistered => "isSsprRegistered",
            FlagName::IsSsprEnabled => "isSsprEnabled",
        }
    }
}

/// Why a flag cannot be kept as it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagFault {
    /// The key is not the flag's name in any case.
    NotItsKey,
    /// The value is more than 2 GiB into its record.
    TooFarIntoRecord,
}

impl Flag {
    /// A flag whose value starts at byte `start` of the file, in the record starting at
    /// `record_start`, under `key` as the file spells it.
    pub fn new(
        name: FlagName,
        value: bool,
        start: usize,
        record_start: usize,
        key: &str,
    ) -> Result<Self, FlagFault> {
        let camel = name.key();
        // Graph spells keys in camelCase: millions of flags take the first branch.
        let flipped_case = if key == camel {
            0
        } else if camel.eq_ignore_ascii_case(key) {
            camel
                .bytes()
                .zip(key.bytes())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .fold(0u16, |mask, (i, _)| mask | 1 << i)
        } else {
            return Err(FlagFault::NotItsKey);
        };
        let offset = start
            .checked_sub(record_start)
            .and_then(|offset| u32::try_from(offset).ok())
            .filter(|offset| offset & IN_BAG == 0)
            .ok_or(FlagFault::TooFarIntoRecord)?;
        Ok(Flag {
            offset,
            flipped_case,
            value,
            name,
        })
    }

    /// The same flag, written in the SDK's `AdditionalProperties` bag of its record.
    pub fn in_bag(self) -> Self {
        Flag {
            offset: self.offset | IN_BAG,
            ..self
        }
    }

    pub fn name(&self) -> FlagName {
        self.name
    }

    fn offset(&self) -> usize {
        (self.offset & !IN_BAG) as usize
    }

    /// The flag's place below its record: its key, inside the bag when it is written there.
    /// The SDK is the only writer of the bag and spells it `AdditionalProperties`.
    fn path(&self) -> Cow<'static, str> {
        if self.offset & IN_BAG == 0 {
            self.key()
        } else {
            Cow::Owned(format!("AdditionalProperties/{}", self.key()))
        }
    }

    /// `true` and `false` as written.
    fn len(&self) -> usize {
        if self.value {
            4
        } else {
            5
        }
    }

    /// The key as the file spells it.
    pub fn key(&self) -> Cow<'static, str> {
        if self.flipped_case == 0 {
            return Cow::Borrowed(self.name.key());
        }
        self.name
            .key()
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if self.flipped_case & 1 << i == 0 {
                    c
                } else if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    }
}

/// Every user's registration details in export order, kept in the chunks they were read in
/// (one per Graph page): a million users are never copied into one block, which would hold
/// them twice at the moment of the copy.
#[derive(Debug, Default, Clone)]
pub struct Registrations {
    chunks: Vec<Vec<Registration>>,
    /// The export place of each chunk's first record.
    starts: Vec<usize>,
    len: usize,
    /// The records by user id: built when first needed; any change drops it.
    by_id: OnceLock<IdIndex>,
}

/// The index's key for an id: the top half of its hash.
fn short_hash(id: &str) -> u32 {
    (id_hash(id) >> 32) as u32
}

/// A record's place as the index keeps it.
fn index_place(place: usize) -> u32 {
    u32::try_from(place).expect("fewer than 2^32 records: each takes over 100 bytes of memory")
}

/// Each record's user id hash (its top 32 bits: ids that share them are told apart by comparing
/// the ids) and export place, sorted by both, at 8 bytes a record where a map would take more
/// and cost more to build; and where each run of leading hash bits starts.
/// A lookup jumps to its run and searches a few entries, where a binary search through a
/// million would miss the cache at every step, which counts when 200k findings name their users.
#[derive(Debug, Clone)]
struct IdIndex {
    entries: Vec<(u32, u32)>,
    /// `runs[r]` is the first entry whose hash's top bits are `r` or more; the last is the length.
    runs: Vec<usize>,
    shift: u32,
}

impl IdIndex {
    fn new(mut entries: Vec<(u32, u32)>) -> Self {
        entries.par_sort_unstable();
        // About one entry per run, and at most 2^16 runs.
        let bits = (usize::BITS - entries.len().leading_zeros()).clamp(1, 16);
        let shift = u32::BITS - bits;
        let mut runs = Vec::with_capacity((1 << bits) + 1);
        let mut at = 0;
        for run in 0..1u32 << bits {
            while entries.get(at).is_some_and(|(hash, _)| hash >> shift < run) {
                at += 1;
            }
            runs.push(at);
        }
        runs.push(entries.len());
        IdIndex {
            entries,
            runs,
            shift,
        }
    }

    /// The entries whose hash is `hash`.
    fn hashed_as(&self, hash: u32) -> &[(u32, u32)] {
        let run = (hash >> self.shift) as usize;
        let in_run = &self.entries[self.runs[run]..self.runs[run + 1]];
        let from = in_run.partition_point(|(h, _)| *h < hash);
        let to = in_run.partition_point(|(h, _)| *h <= hash);
        &in_run[from..to]
    }
}

impl Registrations {
    /// Adds the registrations of one document, after those already here.
    pub fn push_chunk(&mut self, chunk: Vec<Registration>) {
        if !chunk.is_empty() {
            self.starts.push(self.len);
            self.len += chunk.len();
            self.chunks.push(chunk);
            self.by_id = OnceLock::new();
        }
    }

    /// Adds the registrations of `other`, chunk by chunk, after those already here.
    pub fn append(&mut self, other: Registrations) {
        for chunk in other.chunks {
            self.push_chunk(chunk);
        }
    }

    /// Adds one registration read by the general reader, to the last chunk: a chunk per
    /// record would be an allocation per user.
    pub fn push(&mut self, registration: Registration) {
        match self.chunks.last_mut() {
            Some(chunk) => {
                chunk.push(registration);
                self.len += 1;
                self.by_id = OnceLock::new();
            }
            None => self.push_chunk(vec![registration]),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Registration> + Clone {
        self.chunks.iter().flatten()
    }

    /// The records in export order, for work spread over threads. When one file holds a large
    /// part of the tenant, its chunk is split too; pages are handed out whole, since each piece
    /// of work keeps its own findings and a piece per page costs memory for nothing.
    pub fn par_iter(&self) -> impl rayon::iter::ParallelIterator<Item = &Registration> {
        use rayon::iter::Either;
        use rayon::prelude::*;
        const LARGE: usize = 1 << 16;
        if self.chunks.iter().any(|chunk| chunk.len() >= LARGE) {
            Either::Left(
                self.chunks
                    .par_iter()
                    .flat_map(|chunk| chunk.par_iter().with_min_len(LARGE / 4)),
            )
        } else {
            Either::Right(self.chunks.par_iter().flat_map_iter(|chunk| chunk.iter()))
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The record at a place in export order.
    pub fn at(&self, place: usize) -> Option<&Registration> {
        let chunk = self
            .starts
            .partition_point(|start| *start <= place)
            .checked_sub(1)?;
        self.chunks[chunk].get(place - self.starts[chunk])
    }

    /// Builds the id index now. It sorts in parallel: built lazily inside a parallel job, the
    /// thread holding its lock could take on another job that waits for the same lock, and
    /// never finish.
    pub fn index(&self) {
        self.by_id();
    }

    fn by_id(&self) -> &IdIndex {
        use rayon::prelude::*;
        self.by_id.get_or_init(|| {
            // Taken on every core: half a million records are 50 MB to go through.
            let entries = self
                .chunks
                .par_iter()
                .zip(&self.starts)
                .flat_map(|(chunk, start)| {
                    chunk
                        .par_iter()
                        .enumerate()
                        .map(move |(i, r)| (r.id_key, index_place(start + i)))
                })
                .collect();
            IdIndex::new(entries)
        })
    }

    /// The places of the records whose id hashes as `id` does, in export order.
    fn places_hashed_as(&self, id: &str) -> impl Iterator<Item = usize> + '_ {
        self.by_id()
            .hashed_as(short_hash(id))
            .iter()
            .map(|(_, place)| *place as usize)
    }

    /// A user's registration details: the first copy, when the export has several.
    pub fn get(&self, user_id: &str) -> Option<&Registration> {
        self.places_hashed_as(user_id)
            .filter_map(|place| self.at(place))
            .find(|r| r.user_id().eq_ignore_ascii_case(user_id))
    }

    /// Each record whose user has an earlier record, as (the user's first place, its place),
    /// in export order.
    pub fn repeats(&self) -> Vec<(usize, usize)> {
        let index = &self.by_id().entries;
        let mut repeats = Vec::new();
        for run in index
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
        {
            // A run is one hash: nearly always one user, in export order.
            for (i, (_, place)) in run.iter().enumerate() {
                let place = *place as usize;
                let Some(record) = self.at(place) else {
                    continue;
                };
                let first = run[..i]
                    .iter()
                    .map(|(_, earlier)| *earlier as usize)
                    .find(|earlier| {
                        self.at(*earlier)
                            .is_some_and(|e| e.user_id().eq_ignore_ascii_case(record.user_id()))
                    });
                if let Some(first) = first {
                    repeats.push((first, place));
                }
            }
        }
        repeats.sort_unstable_by_key(|(_, place)| *place);
        repeats
    }

    /// Keeps the registrations for which `keep` (given each one's place in export order) is true.
    pub fn retain_places(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let mut place = 0;
        for chunk in &mut self.chunks {
            chunk.retain(|_| {
                place += 1;
                keep(place - 1)
            });
        }
        self.chunks.retain(|chunk| !chunk.is_empty());
        self.starts.clear();
        self.len = 0;
        for chunk in &self.chunks {
            self.starts.push(self.len);
            self.len += chunk.len();
        }
        self.by_id = OnceLock::new();
    }
}

impl<'a> IntoIterator for &'a Registrations {
    type Item = &'a Registration;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<Registration>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(pointer: &str) -> RecordPlace {
        RecordPlace {
            file: 3,
            span: 100..200,
            pointer: RecordPointer::new(pointer),
        }
    }

    fn user(id: &str) -> Registration {
        Registration::new(id, None, None, UserType::Member, place("/value/0"))
    }

    fn ids(registrations: &Registrations) -> Vec<&str> {
        registrations.iter().map(Registration::user_id).collect()
    }

    #[test]
    fn names_share_one_allocation_and_keep_absent_apart_from_empty() {
        let both = Registration::new("id", Some("a@x"), Some("A"), UserType::Guest, place(""));
        assert_eq!(
            (both.user_id(), both.upn(), both.display_name()),
            ("id", Some("a@x"), Some("A"))
        );
        let display_only = Registration::new("id", None, Some(""), UserType::Guest, place(""));
        assert_eq!(
            (display_only.upn(), display_only.display_name()),
            (None, Some(""))
        );
        let upn_only = Registration::new("é", Some(""), None, UserType::Guest, place(""));
        assert_eq!(
            (upn_only.user_id(), upn_only.upn(), upn_only.display_name()),
            ("é", Some(""), None)
        );
    }

    #[test]
    fn a_record_stays_small() {
        // Half a million of these stay in memory while the rules run: every eight bytes here
        // are 4 MB there.
        assert!(std::mem::size_of::<Registration>() <= 112);
        assert_eq!(std::mem::size_of::<RecordPointer>(), 16);
        assert_eq!(std::mem::size_of::<Option<Flag>>(), 8);
    }

    #[test]
    fn names_read_back_whichever_are_written() {
        for (upn, display_name) in [
            (None, None),
            (Some("a@x.example"), None),
            (None, Some("A")),
            (Some(""), Some("")),
            (Some("a@x.example"), Some("Zoë")),
        ] {
            let record = Registration::new(
                "0000000a-0000-4000-8000-00000000000a",
                upn,
                display_name,
                UserType::Member,
                place("/value/0"),
            );
            assert_eq!(record.user_id(), "0000000a-0000-4000-8000-00000000000a");
            assert_eq!((record.upn(), record.display_name()), (upn, display_name));
        }
    }

    #[test]
    fn pointers_read_back_as_written() {
        for pointer in [
            "/value/0",
            "/value/12",
            "/value/012",
            "/value/+1",
            "/value/",
            "",
            "/3",
            "/value/1/x",
        ] {
            assert_eq!(user_at(pointer).origin().pointer, pointer);
        }
        assert_eq!(
            RecordPointer::new("/value/12"),
            RecordPointer::ValueItem(12)
        );
    }

    fn user_at(pointer: &str) -> Registration {
        Registration::new("id", None, None, UserType::Member, place(pointer))
    }

    #[test]
    fn flags_point_at_their_value_under_the_key_as_spelled() {
        let mut record = user_at("/value/4");
        for (key, value) in [
            ("isMfaRegistered", false),
            ("ISSSPRREGISTERED", true),
            ("IsSsprEnabled", true),
        ] {
            let name = [
                FlagName::IsMfaRegistered,
                FlagName::IsSsprRegistered,
                FlagName::IsSsprEnabled,
            ]
            .into_iter()
            .find(|n| n.key().eq_ignore_ascii_case(key))
            .unwrap();
            let flag = Flag::new(name, value, 150, 100, key).unwrap();
            let origin = record.flag_origin(&flag);
            assert_eq!(origin.pointer, format!("/value/4/{key}"));
            assert_eq!(origin.span, 150..150 + if value { 4 } else { 5 });
            assert_eq!(origin.file, 3);
            record.mfa_registered = Some(flag);
        }
        assert_eq!(
            Flag::new(FlagName::IsAdmin, true, 1, 0, "isAdmins"),
            Err(FlagFault::NotItsKey)
        );
        assert_eq!(
            Flag::new(FlagName::IsAdmin, true, 1 << 33, 0, "isAdmin"),
            Err(FlagFault::TooFarIntoRecord)
        );
        assert_eq!(
            Flag::new(FlagName::IsAdmin, true, 1 << 31, 0, "isAdmin"),
            Err(FlagFault::TooFarIntoRecord)
        );
        let bagged = Flag::new(
            FlagName::IsMfaRegistered,
            false,
            170,
            100,
            "IsMfaRegistered",
        )
        .unwrap()
        .in_bag();
        let origin = record.flag_origin(&bagged);
        assert_eq!(
            origin.pointer,
            "/value/4/AdditionalProperties/IsMfaRegistered"
        );
        assert_eq!(origin.span, 170..175);
    }

    #[test]
    fn every_flag_key_fits_the_case_mask() {
        for name in [
            FlagName::IsAdmin,
            FlagName::IsMfaRegistered,
            FlagName::IsSsprRegistered,
            FlagName::IsSsprEnabled,
        ] {
            assert!(name.key().len() <= 16, "{}", name.key());
        }
    }

    #[test]
    fn a_record_is_small() {
        assert_eq!(std::mem::size_of::<Option<Flag>>(), 8);
        assert!(
            std::mem::size_of::<Registration>() <= 136,
            "{}",
            std::mem::size_of::<Registration>()
        );
    }

    #[test]
    fn chunks_and_single_records_keep_export_order() {
        let mut registrations = Registrations::default();
        registrations.push(user("a"));
        registrations.push_chunk(vec![user("b"), user("c")]);
        registrations.push_chunk(Vec::new());
        registrations.push(user("d"));
        assert_eq!(ids(&registrations), ["a", "b", "c", "d"]);
        assert_eq!(registrations.len(), 4);
        registrations.retain_places(|place| place % 2 == 0);
        assert_eq!(ids(&registrations), ["a", "c"]);
        assert_eq!(registrations.len(), 2);
        registrations.retain_places(|_| false);
        assert!(registrations.is_empty());
        assert_eq!(registrations.iter().count(), 0);
        assert!(registrations.at(0).is_none());
    }

    fn user_in(id: &str, file: FileId) -> Registration {
        Registration::new(
            id,
            None,
            None,
            UserType::Member,
            RecordPlace {
                file,
                span: 0..1,
                pointer: RecordPointer::ValueItem(0),
            },
        )
    }

    #[test]
    fn finds_a_users_first_record_and_the_repeats() {
        let mut registrations = Registrations::default();
        registrations.push_chunk(vec![user_in("a", 0), user_in("b", 0), user_in("a", 1)]);
        registrations.push(user_in("c", 2));
        registrations.push_chunk(vec![user_in("b", 3), user_in("a", 4)]);
        assert_eq!(registrations.get("a").map(|r| r.file), Some(0));
        assert_eq!(registrations.get("b").map(|r| r.file), Some(0));
        assert_eq!(registrations.get("c").map(|r| r.file), Some(2));
        // Object ids are GUIDs, which compare ignoring case.
        assert_eq!(registrations.get("A").map(|r| r.file), Some(0));
        assert!(registrations.get("d").is_none());
        assert_eq!(registrations.at(4).map(|r| r.file), Some(3));
        assert_eq!(registrations.repeats(), [(0, 2), (1, 4), (0, 5)]);
        // A change drops the index: what was added is found.
        registrations.push(user_in("d", 5));
        assert_eq!(registrations.get("d").map(|r| r.file), Some(5));
        registrations.retain_places(|place| ![2, 4, 5].contains(&place));
        assert!(registrations.repeats().is_empty());
        assert_eq!(ids(&registrations), ["a", "b", "c", "d"]);
        assert_eq!(registrations.get("d").map(|r| r.file), Some(5));
    }

    #[test]
    fn the_index_finds_every_entry_of_a_hash_and_no_other() {
        let hashes = [
            0,
            0,
            1,
            7,
            u32::MAX / 3,
            u32::MAX / 3,
            1 << 31,
            u32::MAX - 1,
            u32::MAX,
            u32::MAX,
        ];
        for len in [1, 2, 5, hashes.len()] {
            let entries: Vec<(u32, u32)> = hashes[..len].iter().rev().copied().zip(0..).collect();
            let index = IdIndex::new(entries.clone());
            assert!(index.runs.windows(2).all(|w| w[0] <= w[1]));
            for probe in hashes.iter().copied().chain([2, 1 << 30, u32::MAX - 2]) {
                let mut expected: Vec<(u32, u32)> = entries
                    .iter()
                    .copied()
                    .filter(|(h, _)| *h == probe)
                    .collect();
                expected.sort_unstable();
                assert_eq!(
                    index.hashed_as(probe),
                    expected.as_slice(),
                    "{probe} among {len}"
                );
            }
        }
    }

    #[test]
    fn ids_whose_keys_collide_are_told_apart() {
        // Two ids with the same 32-bit key: one in about 2^16 pairs, so a search finds one.
        let mut seen = std::collections::HashMap::new();
        let (a, b) = (0u64..)
            .map(|i| format!("00000000-0000-4000-8000-{i:012x}"))
            .find_map(|id| {
                let key = short_hash(&id);
                match seen.get(&key) {
                    Some(earlier) => Some((String::clone(earlier), id)),
                    None => {
                        seen.insert(key, id);
                        None
                    }
                }
            })
            .expect("a collision");
        let mut registrations = Registrations::default();
        registrations.push_chunk(vec![user_in(&a, 0), user_in(&b, 1)]);
        assert_eq!(registrations.get(&a).map(|r| r.file), Some(0));
        assert_eq!(registrations.get(&b).map(|r| r.file), Some(1));
        assert!(registrations.repeats().is_empty());
        registrations.push_chunk(vec![user_in(&b, 2)]);
        assert_eq!(registrations.repeats(), [(1, 2)]);
    }

    #[test]
    fn many_users_are_each_found() {
        let mut registrations = Registrations::default();
        for chunk in 0..20 {
            registrations.push_chunk(
                (0..50)
                    .map(|i| user_in(&format!("user-{chunk}-{i}"), chunk))
                    .collect(),
            );
        }
        for chunk in 0..20 {
            for i in 0..50 {
                let found = registrations.get(&format!("user-{chunk}-{i}"));
                assert_eq!(
                    found.map(Registration::user_id),
                    Some(format!("user-{chunk}-{i}").as_str())
                );
            }
        }
        assert!(registrations.repeats().is_empty());
    }
}
