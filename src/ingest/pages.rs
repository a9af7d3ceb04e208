//! The fast path for the largest inputs: Graph pages of user registration details.
//!
//! A tenant's registration details run to hundreds of megabytes. The general reader walks a
//! document one level at a time (root, `value`, item, member), which parses every byte three
//! times and builds a node per member. Here the page is parsed once, each item straight into
//! the few members a registration needs; an item's bytes are found from its first key and last
//! value, which borrow from the text.
//!
//! The fast path only reads what it can read exactly as the general reader would. Anything
//! unusual (a member written twice, an `AdditionalProperties` bag, a value of the wrong type, a
//! page with other members) returns `None`, and the document goes through the general reader,
//! which says what is wrong. A test runs both readers over the same pages and compares records.

mod pieces;
mod scan;
pub mod stream;

use std::borrow::Cow;
use std::fmt;

use std::ops::Range;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::graph;
use super::json::CowStr;
use super::{Document, EntityKind, Evidence};
use crate::model::{
    Flag, FlagName, RecordPlace, RecordPointer, Registration, Registrations, UserType,
};
use crate::source::{FileId, Origin};

/// Reads a page of registration details (by the scanner, in pieces when it is large, or else by
/// serde_json in one pass), or `None` when the general reader must.
pub fn read_registration_page(file: FileId, text: &str) -> Option<Document> {
    // The scanner's reader first; serde_json's for a page laid out otherwise, or that the
    // scanner leaves (see `scan`).
    let page = pieces::read_page(file, text).or_else(|| read_page(file, text))?;
    if !is_registration_context(&page.context) {
        return None;
    }
    let mut document = Document::new(file);
    document.kind = Some((EntityKind::Registration, Evidence::ODataContext));
    document.collection = true;
    document.likely_reported = unregistered_flag_ends(page.records.iter());
    document.registrations = page.records;
    let place = |raw: &RawValue, pointer: &str| Origin {
        file,
        span: offset_in(text, raw.get())..offset_in(text, raw.get()) + raw.get().len(),
        pointer: pointer.into(),
    };
    document.next_link = page.next_link.map(|raw| place(raw, "/@odata.nextLink"));
    // A count that is not a whole number goes to the general reader, which reads it the same.
    document.odata_count = match page.count {
        Some(raw) => Some((raw.get().parse().ok()?, place(raw, "/@odata.count"))),
        None => None,
    };
    Some(document)
}

/// The page in one pass, on this thread.
fn read_page(file: FileId, text: &str) -> Option<Page<'_>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let page = PageSeed { file, text }
        .deserialize(&mut deserializer)
        .ok()?;
    deserializer.end().ok()?;
    Some(page)
}

fn is_registration_context(context: &str) -> bool {
    graph::kind_from_context(context) == Some(EntityKind::Registration)
}

/// A Graph collection page as exporters write it, and nothing else.
struct Page<'a> {
    /// Owned: a writer that escapes `/` would otherwise send every page to the general reader.
    context: String,
    records: Registrations,
    next_link: Option<&'a RawValue>,
    count: Option<&'a RawValue>,
}

/// Reads a page whose text is `text`, building each item's record as it is parsed.
struct PageSeed<'a> {
    file: FileId,
    text: &'a str,
}

impl<'de> DeserializeSeed<'de> for PageSeed<'de> {
    type Value = Page<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PageSeed<'de> {
    type Value = Page<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a page of registration details")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let (mut context, mut records, mut next_link, mut count) = (None, None, None, None);
        // Any other member, or one written twice, is for the general reader.
        while let Some(key) = map.next_key::<&'de str>()? {
            match key {
                "@odata.context" if context.is_none() => context = Some(map.next_value()?),
                // Graph writes the context first: a page of something else (users, policies)
                // is left before its items are read as registrations.
                "value"
                    if context
                        .as_deref()
                        .is_some_and(|c| !is_registration_context(c)) =>
                {
                    return Err(unusual())
                }
                "value" if records.is_none() => {
                    records = Some(map.next_value_seed(ItemsSeed {
                        file: self.file,
                        text: self.text,
                    })?)
                }
                "@odata.nextLink" if next_link.is_none() => {
                    next_link = Some(map.next_value::<Option<&'de RawValue>>()?)
                }
                "@odata.count" if count.is_none() => {
                    count = Some(map.next_value::<&'de RawValue>()?)
                }
                _ => return Err(unusual()),
            }
        }
        Ok(Page {
            context: context.ok_or_else(unusual)?,
            records: records.ok_or_else(unusual)?,
            next_link: next_link.flatten(),
            count,
        })
    }
}

/// Reads a page's `value`, one record per item, in order.
struct ItemsSeed<'a> {
    file: FileId,
    text: &'a str,
}

impl<'de> DeserializeSeed<'de> for ItemsSeed<'de> {
    type Value = Registrations;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'de> {
    type Value = Registrations;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of registration details")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut items: S) -> Result<Self::Value, S::Error> {
        let mut records = Vec::new();
        while let Some(fields) = items.next_element::<Fields>()? {
            let index = records.len();
            records.push(read_item(self.file, self.text, index, fields).ok_or_else(unusual)?);
        }
        let mut page = Registrations::default();
        page.push_chunk(records);
        Ok(page)
    }
}

/// Where the flags that say a user has not registered (for MFA, for password reset) start and
/// end, ascending: the per-user rules report them by the hundred thousand.
fn unregistered_flag_ends<'r>(records: impl Iterator<Item = &'r Registration>) -> Vec<usize> {
    let mut offsets = Vec::new();
    for record in records {
        let unregistered = [&record.mfa_registered, &record.sspr_registered]
            .into_iter()
            .flatten()
            .filter(|flag| !flag.value);
        for flag in unregistered {
            let span = record.flag_span(flag);
            offsets.extend([span.start, span.end]);
        }
    }
    offsets.sort_unstable();
    offsets
}

/// What JSON counts as whitespace between tokens.
const WHITESPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// Where a value borrowed from `text` starts in it.
fn offset_in(text: &str, raw: &str) -> usize {
    raw.as_ptr() as usize - text.as_ptr() as usize
}

/// An object's bytes, from its first key and last value (both borrowed from `text`): JSON allows
/// only whitespace between the opening brace and the first key's quote, and between the last
/// value and the closing brace.
fn item_span(text: &str, first_key: &str, last_value: &str) -> Option<Range<usize>> {
    let key_quote = (first_key.as_ptr() as usize - text.as_ptr() as usize).checked_sub(1)?;
    let before = text[..key_quote].trim_end_matches(WHITESPACE);
    let start = before.strip_suffix('{')?.len();
    let value_end = offset_in(text, last_value) + last_value.len();
    let after = &text[value_end..];
    let end = text.len()
        - after
            .trim_start_matches(WHITESPACE)
            .strip_prefix('}')?
            .len();
    Some(start..end)
}

/// One item of a page's `value`, or `None` when the general reader must read the page.
fn read_item<'a>(
    file: FileId,
    text: &'a str,
    index: usize,
    fields: Fields<'a>,
) -> Option<Registration> {
    let offset = |raw: &str| offset_in(text, raw);
    let span = item_span(text, fields.first_key?, fields.last_value?)?;
    let start = span.start;
    let flag = |found: Slot, name: FlagName| -> Option<Option<Flag>> {
        match found.flatten() {
            None => Some(None),
            Some((key, raw)) => {
                let value = match raw {
                    "true" => true,
                    "false" => false,
                    _ => return None,
                };
                Flag::new(name, value, offset(raw), start, key)
                    .ok()
                    .map(Some)
            }
        }
    };
    // `None`: not a string, for the general reader; `Some(None)`: absent.
    let text_of = |found: Slot<'a>| -> Option<Option<Cow<'a, str>>> {
        match found.flatten() {
            None => Some(None),
            Some((_, raw)) => string(raw).map(Some),
        }
    };
    let (_, id) = fields.id.flatten()?;
    // An id that is not a GUID is an input error, which the general reader reports.
    let id = string(id).filter(|id| crate::model::ids::is_guid(id))?;
    let user_type = text_of(fields.user_type)?.map_or(UserType::Unknown, |t| UserType::parse(&t));
    let mut record = Registration::new(
        &id,
        text_of(fields.upn)?.as_deref(),
        text_of(fields.display_name)?.as_deref(),
        user_type,
        RecordPlace {
            file,
            span,
            pointer: RecordPointer::ValueItem(index),
        },
    );
    record.is_admin = flag(fields.is_admin, FlagName::IsAdmin)?;
    record.mfa_registered = flag(fields.mfa_registered, FlagName::IsMfaRegistered)?;
    record.sspr_registered = flag(fields.sspr_registered, FlagName::IsSsprRegistered)?;
    record.sspr_enabled = flag(fields.sspr_enabled, FlagName::IsSsprEnabled)?;
    Some(record)
}

/// A JSON string's value, borrowed unless it has escapes; `None` for anything else (the
/// general reader reports it).
fn string(raw: &str) -> Option<Cow<'_, str>> {
    // The raw value parsed as JSON, so a string without a backslash is its text between the
    // quotes: a parser started per string would cost more than the rest of the item.
    match raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(text) if !text.contains('\\') => Some(Cow::Borrowed(text)),
        _ => serde_json::from_str::<CowStr>(raw).ok().map(|text| text.0),
    }
}

/// A member as found: not written, written as null (absent, but a second copy would be
/// ambiguous), or written with its key as spelled and its raw JSON text.
type Slot<'a> = Option<Option<(&'a str, &'a str)>>;

/// The members of one item that a registration is read from.
#[derive(Default)]
struct Fields<'a> {
    id: Slot<'a>,
    upn: Slot<'a>,
    display_name: Slot<'a>,
    user_type: Slot<'a>,
    is_admin: Slot<'a>,
    mfa_registered: Slot<'a>,
    sspr_registered: Slot<'a>,
    sspr_enabled: Slot<'a>,
    /// The item's first key and last value, which give its bytes.
    first_key: Option<&'a str>,
    last_value: Option<&'a str>,
}

impl<'a> Fields<'a> {
    /// The slot for a key, matched in any case as the general reader does. Asked of every
    /// member of every item: the length picks the candidates before any comparison.
    fn slot(&mut self, key: &str) -> Option<&mut Slot<'a>> {
        let (name, slot) = match key.len() {
            2 => ("id", &mut self.id),
            7 => ("isAdmin", &mut self.is_admin),
            8 => ("userType", &mut self.user_type),
            13 => ("isSsprEnabled", &mut self.sspr_enabled),
            15 if key.as_bytes()[0].eq_ignore_ascii_case(&b'u') => {
                ("userDisplayName", &mut self.display_name)
            }
            15 => ("isMfaRegistered", &mut self.mfa_registered),
            16 => ("isSsprRegistered", &mut self.sspr_registered),
            17 => ("userPrincipalName", &mut self.upn),
            _ => return None,
        };
        is_letters_in_any_case(key, name).then_some(slot)
    }

    /// Takes the next member of the item, its key as written and its value's raw JSON text;
    /// `Err` for what only the general reader reads: a member written twice, or a bag of
    /// `AdditionalProperties`.
    fn member(&mut self, key: &'a str, raw: &'a str) -> Result<(), Unusual> {
        if key.eq_ignore_ascii_case("AdditionalProperties") {
            return Err(Unusual);
        }
        self.first_key.get_or_insert(key);
        self.last_value = Some(raw);
        if let Some(slot) = self.slot(key) {
            if slot.is_some() {
                return Err(Unusual);
            }
            // null reads as absent, as in the general reader.
            *slot = Some((raw != "null").then_some((key, raw)));
        }
        Ok(())
    }
}

/// Whether `key` is `name` in any case, for a `name` of ASCII letters: a letter with its 0x20
/// bit set is lower case, and only its two cases become the same byte that way. One pass with
/// no call, for a comparison made for every member of every item.
fn is_letters_in_any_case(key: &str, name: &str) -> bool {
    debug_assert!(name.bytes().all(|b| b.is_ascii_alphabetic()), "{name}");
    key.len() == name.len()
        && key
            .bytes()
            .zip(name.bytes())
            .all(|(k, n)| k | 0x20 == n | 0x20)
}

/// An item that only the general reader reads.
struct Unusual;

/// An error that only sends the item back to the general reader; its text is never shown.
fn unusual<E: de::Error>() -> E {
    E::custom("read by the general reader")
}

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a registration details object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut fields = Fields::default();
                // A key with escapes cannot be borrowed: that item goes to the general reader.
                while let Some(key) = map.next_key::<&'de str>()? {
                    // Every value is taken raw (skipped as fast as ignored) for the last one's end.
                    let raw: &'de RawValue = map.next_value()?;
                    fields.member(key, raw.get()).map_err(|_| unusual())?;
                }
                Ok(fields)
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

/// A page of `count` registration details laid out as exporters write them, for the readers'
/// tests: `name(i)` is each display name (JSON-escaped); every seventh user is a guest, every
/// fiftieth an admin, every third not registered for MFA and every fifth not for password
/// reset; a count comes before the list and a next link after it.
#[cfg(test)]
pub(crate) fn sample_page(count: usize, name: impl Fn(usize) -> String) -> String {
    let items: Vec<String> = (0..count)
        .map(|i| {
            format!(
                "    {{\n      \"id\": \"00000000-0000-4000-8000-{i:012x}\",\n      \"userPrincipalName\": \"u{i}@x.example\",\n      \"userDisplayName\": \"{}\",\n      \"userType\": \"{}\",\n      \"isAdmin\": {},\n      \"isMfaRegistered\": {},\n      \"isSsprRegistered\": {},\n      \"methodsRegistered\": [\"email\"]\n    }}",
                name(i),
                if i % 7 == 0 { "guest" } else { "member" },
                i % 50 == 0,
                i % 3 != 0,
                i % 5 != 0,
            )
        })
        .collect();
    format!(
        "{{\n  \"@odata.context\": \"{SAMPLE_CONTEXT}\",\n  \"@odata.count\": {count},\n  \"value\": [\n{}\n  ],\n  \"@odata.nextLink\": \"https://graph.microsoft.com/beta/next\"\n}}\n",
        items.join(",\n")
    )
}

#[cfg(test)]
pub(crate) const SAMPLE_CONTEXT: &str =
    "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The general reader's document for the same text, records and all.
    fn general(text: &str) -> Document {
        super::super::read_generally(Document::new(0), Path::new("page.json"), text, None)
    }

    fn same_as_general(text: &str) {
        let fast = read_registration_page(0, text).expect("read by the fast path");
        let general = general(text);
        assert!(general.errors.is_empty(), "{:?}", general.errors);
        // The general reader keeps registrations among its records; the fast path apart.
        let general_registrations: Vec<&Registration> = general
            .records
            .iter()
            .map(|record| match record {
                super::super::Record::Registration(r) => r,
                other => panic!("not a registration: {other:?}"),
            })
            .collect();
        assert!(fast.records.is_empty());
        assert_eq!(
            format!("{:?}", fast.registrations.iter().collect::<Vec<_>>()),
            format!("{general_registrations:?}")
        );
        assert_eq!(fast.kind, general.kind);
        assert_eq!(fast.collection, general.collection);
        assert_eq!(fast.next_link, general.next_link);
        assert_eq!(fast.unreadable, general.unreadable);
    }

    const CONTEXT: &str = "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails";

    #[test]
    fn reads_pages_exactly_as_the_general_reader() {
        let camel = format!(
            r#"{{"@odata.context": "{CONTEXT}", "value": [
  {{"id": "0000000a-0000-4000-8000-00000000000a", "userPrincipalName": "a@x.example", "userDisplayName": "A \u0041", "userType": "member",
    "isAdmin": false, "isMfaRegistered": true, "isSsprRegistered": false, "isSsprEnabled": true,
    "methodsRegistered": ["email"]}},
  {{"id": "0000000b-0000-4000-8000-00000000000b", "userType": null, "isMfaRegistered": false, "isAdmin": null}}
], "@odata.nextLink": "https://graph.microsoft.com/beta/next"}}"#
        );
        same_as_general(&camel);
        let pascal = format!(
            r#"{{"@odata.context": "{CONTEXT}", "@odata.count": 1, "value": [
  {{"Id": "0000000c-0000-4000-8000-00000000000c", "UserPrincipalName": "c@x.example", "UserType": "Guest", "IsMfaRegistered": false, "ISADMIN": true}}
]}}"#
        );
        same_as_general(&pascal);
        same_as_general(&format!(
            r#"{{"@odata.context": "{CONTEXT}", "value": []}}"#
        ));
    }

    #[test]
    fn a_name_of_letters_matches_a_key_as_ignoring_ascii_case_does() {
        for name in ["id", "isAdmin", "userPrincipalName"] {
            for at in 0..name.len() {
                for byte in 0..=0x7Fu8 {
                    let mut key = name.as_bytes().to_vec();
                    key[at] = byte;
                    let key = String::from_utf8(key).unwrap();
                    assert_eq!(
                        is_letters_in_any_case(&key, name),
                        key.eq_ignore_ascii_case(name),
                        "{key:?}"
                    );
                }
            }
            // Two letters taken by one two-byte character: the same length, and no match.
            for at in 0..name.len() - 1 {
                let accented = format!("{}\u{e9}{}", &name[..at], &name[at + 2..]);
                assert!(!is_letters_in_any_case(&accented, name), "{accented}");
            }
        }
    }

    #[test]
    fn finds_each_items_bytes_however_it_is_laid_out() {
        let items = [
            r#"{"id":"0000000a-0000-4000-8000-00000000000a","isMfaRegistered":false}"#,
            "{\r\n\t \"id\": \"0000000b-0000-4000-8000-00000000000b\",\r\n\t\"methodsRegistered\": [\"}\", {\"x\": \"{\"}]\r\n}",
            r#"{ "userDisplayName": "C }{", "id": "0000000c-0000-4000-8000-00000000000c", "last": {"nested": [1, 2, {}]} }"#,
            r#"{"methodsRegistered":[],"id":"0000000d-0000-4000-8000-00000000000d","isAdmin":true}"#,
        ];
        let text = format!(
            "{{\"value\":[{}\n,  {}], \"@odata.context\": \"{CONTEXT}\"}}",
            items[..2].join(","),
            items[2..].join("\n\n,")
        );
        same_as_general(&text);
        let page = read_registration_page(0, &text).expect("read by the fast path");
        let read: Vec<&str> = page
            .registrations
            .iter()
            .map(|r| &text[r.span.clone()])
            .collect();
        assert_eq!(read, items);
    }

    #[test]
    fn unregistered_flags_are_marked_for_placing() {
        let text = format!(
            r#"{{"@odata.context": "{CONTEXT}", "value": [
  {{"id": "0000000a-0000-4000-8000-00000000000a", "isMfaRegistered": false, "isSsprRegistered": true, "isAdmin": false}},
  {{"id": "0000000b-0000-4000-8000-00000000000b", "IsSsprRegistered": false, "isMfaRegistered": true}}
]}}"#
        );
        let page = read_registration_page(0, &text).expect("read by the fast path");
        let ends: Vec<&str> = page
            .likely_reported
            .chunks(2)
            .map(|span| &text[span[0]..span[1]])
            .collect();
        assert_eq!(ends, ["false", "false"]);
        let mfa = text.find("false").unwrap();
        let sspr = text.rfind("false").unwrap();
        assert_eq!(page.likely_reported, [mfa, mfa + 5, sspr, sspr + 5]);
    }

    #[test]
    fn leaves_anything_unusual_to_the_general_reader() {
        let page = |item: &str| format!(r#"{{"@odata.context": "{CONTEXT}", "value": [{item}]}}"#);
        for item in [
            r#"{"id": "0000000a-0000-4000-8000-00000000000a", "isMfaRegistered": true, "IsMfaRegistered": false}"#,
            r#"{"id": "0000000a-0000-4000-8000-00000000000a", "isMfaRegistered": null, "isMfaRegistered": false}"#,
            r#"{"id": "0000000a-0000-4000-8000-00000000000a", "isMfaRegistered": "yes"}"#,
            r#"{"id": 7}"#,
            r#"{"userPrincipalName": "no-id@x.example"}"#,
            r#"{"id": "0000000a-0000-4000-8000-00000000000a", "AdditionalProperties": {"isMfaRegistered": false}}"#,
            r#"{}"#,
            r#"{"\u0069d": "0000000a-0000-4000-8000-00000000000a"}"#,
            r#"[]"#,
        ] {
            assert!(read_registration_page(0, &page(item)).is_none(), "{item}");
        }
        for page in [
            format!(r#"{{"@odata.context": "{CONTEXT}", "value": [], "note": 1}}"#),
            format!(r#"{{"@odata.context": "{CONTEXT}", "value": [], "value": []}}"#),
            format!(r#"{{"@odata.context": "{CONTEXT}"}}"#),
            r#"{"value": []}"#.to_string(),
            format!(r#"{{"@odata.context": "{CONTEXT}", "value": []}} []"#),
            format!(
                r#"{{"@odata.context": "{CONTEXT}", "value": [{{"id": "0000000a-0000-4000-8000-00000000000a"}}"#
            ),
        ] {
            assert!(read_registration_page(0, &page).is_none(), "{page}");
        }
        let users = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": []}"#;
        assert!(read_registration_page(0, users).is_none());
        let users = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
            "value": [{"id": "00000001-0000-4000-8000-000000000001", "isMfaRegistered": false}]}"#;
        assert!(read_registration_page(0, users).is_none());
    }

    #[test]
    fn a_context_with_escaped_slashes_is_still_read_by_the_fast_path() {
        let context = CONTEXT.replace('/', "\\/");
        let text = format!(
            r#"{{"@odata.context": "{context}", "value": [{{"id": "0000000a-0000-4000-8000-00000000000a"}}]}}"#
        );
        let page = read_registration_page(0, &text).expect("read by the fast path");
        assert_eq!(page.registrations.len(), 1);
    }
}
