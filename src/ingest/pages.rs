//! The fast path for the largest inputs: Graph pages of user registration details.
//!
//! A tenant's registration details run to hundreds of megabytes. The general reader walks a
//! document one level at a time (root, `value`, item, member), which parses every byte three
//! times and builds a node per member. Here the page is parsed once into its items' raw text,
//! and each item once into the few members a registration needs.
//!
//! The fast path only reads what it can read exactly as the general reader would. Anything
//! unusual (a member written twice, an `AdditionalProperties` bag, a value of the wrong type, a
//! page with other members) returns `None`, and the document goes through the general reader,
//! which says what is wrong. A test runs both readers over the same pages and compares records.

use std::borrow::Cow;
use std::fmt;

use rayon::prelude::*;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::graph;
use super::{Document, EntityKind, Evidence};
use crate::model::{Flag, FlagName, RecordPlace, RecordPointer, Registration, UserType};
use crate::source::{FileId, Origin};

/// A Graph collection page as exporters write it, and nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Page<'a> {
    #[serde(rename = "@odata.context", borrow)]
    context: Cow<'a, str>,
    #[serde(borrow)]
    value: Vec<&'a RawValue>,
    #[serde(rename = "@odata.nextLink", borrow, default)]
    next_link: Option<&'a RawValue>,
    #[serde(rename = "@odata.count", default)]
    _count: IgnoredAny,
}

/// Reads a page of registration details in one pass, or `None` when the general reader must.
pub fn read_registration_page(file: FileId, text: &str) -> Option<Document> {
    let page: Page = serde_json::from_str(text).ok()?;
    if graph::kind_from_context(&page.context)? != EntityKind::Registration {
        return None;
    }
    // One file may hold a million users: its items are read in parallel, in order.
    let records: Vec<Registration> = page
        .value
        .par_iter()
        .with_min_len(256)
        .enumerate()
        .map(|(index, item)| read_item(file, text, index, item))
        .collect::<Option<_>>()?;
    let offset = |raw: &RawValue| offset_in(text, raw);
    let mut document = Document::new(file);
    document.kind = Some((EntityKind::Registration, Evidence::ODataContext));
    document.collection = true;
    document.likely_reported = unregistered_flag_ends(&records);
    document.registrations = records;
    document.next_link = page.next_link.map(|raw| Origin {
        file,
        span: offset(raw)..offset(raw) + raw.get().len(),
        pointer: "/@odata.nextLink".into(),
    });
    Some(document)
}

/// Where the flags that say a user has not registered (for MFA, for password reset) start and
/// end, ascending: the per-user rules report them by the hundred thousand.
fn unregistered_flag_ends(records: &[Registration]) -> Vec<usize> {
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

/// Where a value borrowed from `text` starts in it.
fn offset_in(text: &str, raw: &RawValue) -> usize {
    raw.get().as_ptr() as usize - text.as_ptr() as usize
}

/// One item of a page's `value`, or `None` when the general reader must read the page.
fn read_item<'a>(
    file: FileId,
    text: &'a str,
    index: usize,
    item: &'a RawValue,
) -> Option<Registration> {
    let offset = |raw: &RawValue| offset_in(text, raw);
    let start = offset(item);
    let fields: Fields = serde_json::from_str(item.get()).ok()?;
    let flag = |found: Slot, name: FlagName| -> Option<Option<Flag>> {
        match found.flatten() {
            None => Some(None),
            Some((key, raw)) => {
                let value = match raw.get() {
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
    let user_type = text_of(fields.user_type)?.map_or(UserType::Unknown, |t| UserType::parse(&t));
    let mut record = Registration::new(
        &string(id)?,
        text_of(fields.upn)?.as_deref(),
        text_of(fields.display_name)?.as_deref(),
        user_type,
        RecordPlace {
            file,
            span: start..start + item.get().len(),
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
fn string(raw: &RawValue) -> Option<Cow<'_, str>> {
    match serde_json::from_str::<&str>(raw.get()) {
        Ok(text) => Some(Cow::Borrowed(text)),
        Err(_) => serde_json::from_str::<String>(raw.get())
            .ok()
            .map(Cow::Owned),
    }
}

/// A member as found: not written, written as null (absent, but a second copy would be
/// ambiguous), or written with its key as spelled and its raw value.
type Slot<'a> = Option<Option<(&'a str, &'a RawValue)>>;

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
}

impl<'a> Fields<'a> {
    /// The slot for a key, matched in any case as the general reader does.
    fn slot(&mut self, key: &str) -> Option<&mut Slot<'a>> {
        let slots: [(&str, &mut Slot<'a>); 8] = [
            ("id", &mut self.id),
            ("userPrincipalName", &mut self.upn),
            ("userDisplayName", &mut self.display_name),
            ("userType", &mut self.user_type),
            ("isAdmin", &mut self.is_admin),
            ("isMfaRegistered", &mut self.mfa_registered),
            ("isSsprRegistered", &mut self.sspr_registered),
            ("isSsprEnabled", &mut self.sspr_enabled),
        ];
        slots
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, slot)| slot)
    }
}

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
                    if key.eq_ignore_ascii_case("AdditionalProperties") {
                        return Err(unusual());
                    }
                    match fields.slot(key) {
                        Some(slot) => {
                            if slot.is_some() {
                                return Err(unusual());
                            }
                            let raw: &'de RawValue = map.next_value()?;
                            // null reads as absent, as in the general reader.
                            *slot = Some((raw.get() != "null").then_some((key, raw)));
                        }
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(fields)
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The general reader's document for the same text, records and all.
    fn general(text: &str) -> Document {
        super::super::read_generally(Document::new(0), Path::new("page.json"), text)
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
  {{"id": "a", "userPrincipalName": "a@x.example", "userDisplayName": "A \u0041", "userType": "member",
    "isAdmin": false, "isMfaRegistered": true, "isSsprRegistered": false, "isSsprEnabled": true,
    "methodsRegistered": ["email"]}},
  {{"id": "b", "userType": null, "isMfaRegistered": false, "isAdmin": null}}
], "@odata.nextLink": "https://graph.microsoft.com/beta/next"}}"#
        );
        same_as_general(&camel);
        let pascal = format!(
            r#"{{"@odata.context": "{CONTEXT}", "@odata.count": 1, "value": [
  {{"Id": "c", "UserPrincipalName": "c@x.example", "UserType": "Guest", "IsMfaRegistered": false, "ISADMIN": true}}
]}}"#
        );
        same_as_general(&pascal);
        same_as_general(&format!(
            r#"{{"@odata.context": "{CONTEXT}", "value": []}}"#
        ));
    }

    #[test]
    fn unregistered_flags_are_marked_for_placing() {
        let text = format!(
            r#"{{"@odata.context": "{CONTEXT}", "value": [
  {{"id": "a", "isMfaRegistered": false, "isSsprRegistered": true, "isAdmin": false}},
  {{"id": "b", "IsSsprRegistered": false, "isMfaRegistered": true}}
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
            r#"{"id": "a", "isMfaRegistered": true, "IsMfaRegistered": false}"#,
            r#"{"id": "a", "isMfaRegistered": null, "isMfaRegistered": false}"#,
            r#"{"id": "a", "isMfaRegistered": "yes"}"#,
            r#"{"id": 7}"#,
            r#"{"userPrincipalName": "no-id@x.example"}"#,
            r#"{"id": "a", "AdditionalProperties": {"isMfaRegistered": false}}"#,
            r#"{"\u0069d": "a"}"#,
            r#"[]"#,
        ] {
            assert!(read_registration_page(0, &page(item)).is_none(), "{item}");
        }
        let other_member = format!(r#"{{"@odata.context": "{CONTEXT}", "value": [], "note": 1}}"#);
        assert!(read_registration_page(0, &other_member).is_none());
        let users = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": []}"#;
        assert!(read_registration_page(0, users).is_none());
    }
}
