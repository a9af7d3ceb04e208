//! Per-user authentication method registration (`userRegistrationDetails`).

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
/// offset and length, and the key when it is not spelled in camelCase. A tenant has millions of
/// these, so the flag keeps no pointer of its own; [`Flag::origin`] builds one, under its
/// record's, when a finding points at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    start: usize,
    /// `true` and `false` are four and five bytes long.
    len: u8,
    pub value: bool,
    name: FlagName,
    /// The key as spelled, when it is not the camelCase name.
    spelled: Option<Box<str>>,
}

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

impl Flag {
    /// `key` is the member's name as the file spells it.
    pub fn new(name: FlagName, value: bool, span: Range<usize>, key: &str) -> Self {
        Flag {
            start: span.start,
            len: u8::try_from(span.len()).unwrap_or(u8::MAX),
            value,
            name,
            spelled: (key != name.key()).then(|| key.into()),
        }
    }

    /// Where the flag is written, in the record read at `record`.
    pub fn origin(&self, record: &Origin) -> Origin {
        Origin {
            file: record.file,
            span: self.start..self.start + usize::from(self.len),
            pointer: pointer_child(
                &record.pointer,
                self.spelled.as_deref().unwrap_or(self.name.key()),
            ),
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

    /// Adds one registration read by the general reader, to the last chunk: a chunk per
    /// record would be an allocation per user.
    pub fn push(&mut self, registration: Registration) {
        match self.chunks.last_mut() {
            Some(chunk) => chunk.push(registration),
            None => self.chunks.push(vec![registration]),
        }
        self.len += 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str) -> Registration {
        Registration {
            user_id: id.into(),
            upn: None,
            display_name: None,
            user_type: UserType::Member,
            is_admin: None,
            mfa_registered: None,
            sspr_registered: None,
            sspr_enabled: None,
            origin: Origin {
                file: 0,
                span: 0..1,
                pointer: String::new(),
            },
        }
    }

    fn ids(registrations: &Registrations) -> Vec<&str> {
        registrations.iter().map(|r| r.user_id.as_str()).collect()
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
    }
}
