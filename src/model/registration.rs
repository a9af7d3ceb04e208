//! Per-user authentication method registration (`userRegistrationDetails`).

use std::borrow::Cow;
use std::ops::Range;

use crate::source::{pointer_child, Origin};

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

#[derive(Debug, Clone)]
pub struct Registration {
    pub user_id: String,
    pub upn: Option<String>,
    pub display_name: Option<String>,
    pub user_type: UserType,
    pub is_admin: Option<Flag>,
    pub mfa_registered: Option<Flag>,
    pub sspr_registered: Option<Flag>,
    pub sspr_enabled: Option<Flag>,
    pub origin: Origin,
}

/// A true-or-false member of a registration record and where it is written: the value's byte
/// range and the key as spelled. A tenant has millions of these, so the flag keeps no pointer
/// of its own; [`Flag::origin`] builds one, under its record's, when a finding points at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub value: bool,
    span: Range<usize>,
    key: Cow<'static, str>,
}

impl Flag {
    /// `key` is the member's name as the file spells it; `canonical` its camelCase name.
    pub fn new(value: bool, span: Range<usize>, key: &str, canonical: &'static str) -> Self {
        let key = if key == canonical {
            Cow::Borrowed(canonical)
        } else {
            Cow::Owned(key.to_string())
        };
        Flag { value, span, key }
    }

    /// Where the flag is written, in the record read at `record`.
    pub fn origin(&self, record: &Origin) -> Origin {
        Origin {
            file: record.file,
            span: self.span.clone(),
            pointer: pointer_child(&record.pointer, &self.key),
        }
    }
}

/// Every user's registration details in export order, kept in the chunks they were read in
/// (one per Graph page): a million users are never copied into one block, which would hold
/// them twice at the moment of the copy.
#[derive(Debug, Default, Clone)]
pub struct Registrations {
    chunks: Vec<Vec<Registration>>,
    len: usize,
}

impl Registrations {
    /// Adds the registrations of one document, after those already here.
    pub fn push_chunk(&mut self, chunk: Vec<Registration>) {
        self.len += chunk.len();
        if !chunk.is_empty() {
            self.chunks.push(chunk);
        }
    }

    pub fn push(&mut self, registration: Registration) {
        self.push_chunk(vec![registration]);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Registration> + Clone {
        self.chunks.iter().flatten()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
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
        self.len = self.chunks.iter().map(Vec::len).sum();
    }
}

impl<'a> IntoIterator for &'a Registrations {
    type Item = &'a Registration;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<Registration>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flatten()
    }
}
