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
