//! Navigating a JSON document without building a tree of it.
//!
//! A [`Node`] is a `&RawValue` borrowed from the decoded file text plus its JSON pointer. An
//! object is parsed one level deep into `(key, &RawValue)` pairs, so a value's byte range is its
//! raw slice's position in the file text, and nested objects are parsed only when a reader asks
//! for them. Property names match case-insensitively (Graph REST writes camelCase, the Graph
//! PowerShell SDK PascalCase), `null` reads as absent, and the SDK's `AdditionalProperties`
//! bag is searched too.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::source::{pointer_child, FileId, Origin};

/// The file text a document was parsed from; offsets are computed against it. Ambiguities found
/// while reading (a property written twice with different values) are collected in `ambiguities`.
#[derive(Clone, Copy, Debug)]
pub struct Doc<'a> {
    pub file: FileId,
    pub text: &'a str,
    pub ambiguities: &'a RefCell<Vec<ShapeError>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

impl fmt::Display for JsonKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonKind::Object => "an object",
            JsonKind::Array => "an array",
            JsonKind::String => "a string",
            JsonKind::Number => "a number",
            JsonKind::Bool => "true or false",
            JsonKind::Null => "null",
        })
    }
}

/// A value of the wrong JSON type, where a reader needed another.
#[derive(Debug, Clone)]
pub struct ShapeError {
    pub origin: Origin,
    pub message: String,
}

pub type Shaped<T> = Result<T, ShapeError>;

#[derive(Clone, Debug)]
pub struct Node<'a> {
    doc: Doc<'a>,
    raw: &'a RawValue,
    pointer: String,
}

impl<'a> Node<'a> {
    /// The whole document. Fails with serde_json's message when the text is not JSON.
    pub fn root(doc: Doc<'a>) -> Result<Self, serde_json::Error> {
        let raw: &'a RawValue = serde_json::from_str(doc.text)?;
        Ok(Node {
            doc,
            raw,
            pointer: String::new(),
        })
    }

    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    pub fn span(&self) -> Range<usize> {
        let start = self.raw.get().as_ptr() as usize - self.doc.text.as_ptr() as usize;
        start..start + self.raw.get().len()
    }

    pub fn origin(&self) -> Origin {
        Origin {
            file: self.doc.file,
            span: self.span(),
            pointer: self.pointer.clone(),
        }
    }

    pub fn kind(&self) -> JsonKind {
        match self.raw.get().as_bytes()[0] {
            b'{' => JsonKind::Object,
            b'[' => JsonKind::Array,
            b'"' => JsonKind::String,
            b't' | b'f' => JsonKind::Bool,
            b'n' => JsonKind::Null,
            _ => JsonKind::Number,
        }
    }

    pub fn is_empty_array(&self) -> bool {
        self.kind() == JsonKind::Array
            && self.raw.get()[1..self.raw.get().len() - 1]
                .trim()
                .is_empty()
    }

    pub fn is_null(&self) -> bool {
        self.kind() == JsonKind::Null
    }

    /// Whether the value says anything: not null, and not an object whose members are all null
    /// (how the SDK writes a setting it does not set), nor an empty list.
    pub fn states_something(&self) -> bool {
        states_something(self.raw)
    }

    fn child(&self, raw: &'a RawValue, segment: &str) -> Node<'a> {
        Node {
            doc: self.doc,
            raw,
            pointer: pointer_child(&self.pointer, segment),
        }
    }

    pub fn shape_error(&self, expected: &str) -> ShapeError {
        ShapeError {
            origin: self.origin(),
            message: format!(
                "expected {expected} at `{}`, found {}",
                self.display_pointer(),
                self.kind()
            ),
        }
    }

    fn display_pointer(&self) -> &str {
        if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        }
    }

    pub fn object(&self) -> Shaped<Object<'a>> {
        if self.kind() != JsonKind::Object {
            return Err(self.shape_error("an object"));
        }
        let entries: Entries<'a> =
            serde_json::from_str(self.raw.get()).map_err(|e| self.unreadable_member_name(&e))?;
        Ok(Object {
            node: self.clone(),
            entries: entries.0,
            bag: std::cell::OnceCell::new(),
        })
    }

    pub fn array(&self) -> Shaped<Vec<Node<'a>>> {
        if self.kind() != JsonKind::Array {
            return Err(self.shape_error("an array"));
        }
        let items: Vec<&'a RawValue> =
            serde_json::from_str(self.raw.get()).map_err(|_| self.shape_error("an array"))?;
        Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, raw)| self.child(raw, &i.to_string()))
            .collect())
    }

    /// Calls `each` on every item of this array in turn, without holding a node per item: an
    /// id list may hold millions. Stops at the first error `each` returns.
    pub fn each_item(&self, each: impl FnMut(Node<'a>) -> Shaped<()>) -> Shaped<()> {
        if self.kind() != JsonKind::Array {
            return Err(self.shape_error("an array"));
        }
        let mut walk = EachItem {
            node: self,
            each,
            stopped: None,
        };
        let mut parser = serde_json::Deserializer::from_str(self.raw.get());
        match de::DeserializeSeed::deserialize(&mut walk, &mut parser) {
            Ok(()) => Ok(()),
            Err(_) => Err(walk.stopped.unwrap_or_else(|| self.shape_error("an array"))),
        }
    }

    /// A list where exporters sometimes write a single value for a one-item list, and null for
    /// an empty one.
    pub fn list(&self) -> Shaped<Vec<Node<'a>>> {
        match self.kind() {
            JsonKind::Array => self.array(),
            JsonKind::Null => Ok(Vec::new()),
            _ => Ok(vec![self.clone()]),
        }
    }

    pub fn str(&self) -> Shaped<Cow<'a, str>> {
        if self.kind() != JsonKind::String {
            return Err(self.shape_error("a string"));
        }
        let text: CowStr<'a> = serde_json::from_str(self.raw.get()).map_err(|e| ShapeError {
            origin: self.origin(),
            message: format!(
                "unreadable string at `{}`: {}{}",
                self.display_pointer(),
                serde_message(&e),
                lone_surrogate_note(self.raw.get())
            ),
        })?;
        Ok(text.0)
    }

    /// An object whose text parsed as JSON but whose member names do not decode: a name with a
    /// `\ud800`-style escape, half of a surrogate pair, is not text. The error points at the name.
    fn unreadable_member_name(&self, e: &serde_json::Error) -> ShapeError {
        let raw = self.raw.get();
        let fault = byte_offset(raw, e.line(), e.column());
        let open = last_unescaped_quote(raw, fault);
        let close = open + 1 + next_unescaped_quote(&raw[open + 1..]);
        let name = &raw[open..=close.min(raw.len() - 1)];
        let start = self.span().start;
        ShapeError {
            origin: Origin {
                file: self.doc.file,
                span: start + open..start + close + 1,
                pointer: self.pointer.clone(),
            },
            message: format!(
                "unreadable member name {name} in the object at `{}`: {}{}",
                self.display_pointer(),
                serde_message(e),
                lone_surrogate_note(name)
            ),
        }
    }

    pub fn bool(&self) -> Shaped<bool> {
        match self.raw.get() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(self.shape_error("true or false")),
        }
    }

    pub fn int(&self) -> Shaped<i64> {
        if self.kind() != JsonKind::Number {
            return Err(self.shape_error("a whole number"));
        }
        self.raw.get().parse().map_err(|_| ShapeError {
            origin: self.origin(),
            message: format!(
                "expected a whole number at `{}`, found {}",
                self.display_pointer(),
                self.raw.get().chars().take(40).collect::<String>()
            ),
        })
    }
}

/// How many bytes at the start of `bytes` may stand in a JSON string as they are: not a quote,
/// a backslash or a control character. Eight bytes are tested at a time. Reading a string
/// stops at the first byte that is not plain, and so does writing one.
pub(crate) fn plain_bytes(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // The high bit of each byte that is zero (or, above the first such byte, may be).
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & HIGH;
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let stops = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGH);
        if stops != 0 {
            // The lowest flagged byte is a true stop: flags are only ever wrong above it.
            return at + (stops.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|b| matches!(b, b'"' | b'\\' | 0..=0x1F))
        .unwrap_or(bytes.len() - at)
}

/// Whether two copies of a member say different things. Two that both state nothing (`null`,
/// `{"signInFrequency": null}`) agree: real templates write a member so.
fn disagree(a: &RawValue, b: &RawValue) -> bool {
    a.get() != b.get() && (states_something(a) || states_something(b))
}

/// Whether a value states anything: not null, an empty list, or an object of such values.
fn states_something(raw: &RawValue) -> bool {
    match raw.get().as_bytes()[0] {
        b'n' => false,
        b'{' => serde_json::from_str::<Entries>(raw.get())
            .is_ok_and(|inner| inner.0.iter().any(|(_, raw)| states_something(raw))),
        b'[' => raw.get()[1..raw.get().len() - 1].trim() != "",
        _ => true,
    }
}

/// serde_json's message without the " at line L column C" it appends: the location is
/// reported apart. Cut at the last one, since the message may quote the input.
pub(crate) fn serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.rsplit_once(" at line ")
        .map_or(text.as_str(), |(message, _)| message)
        .to_string()
}

/// Says which escape is a lone surrogate, when one is: serde_json's own words ("unexpected end of
/// hex escape", "lone leading surrogate") do not name it.
fn lone_surrogate_note(raw: &str) -> String {
    let escapes: Vec<(usize, u16)> = raw
        .match_indices("\\u")
        .filter_map(|(at, _)| {
            let hex = raw.get(at + 2..at + 6)?;
            Some((at, u16::from_str_radix(hex, 16).ok()?))
        })
        .collect();
    let lone = escapes
        .iter()
        .enumerate()
        .find(|(i, (at, unit))| match unit {
            0xD800..=0xDBFF => !escapes
                .get(i + 1)
                .is_some_and(|(next, low)| *next == at + 6 && (0xDC00..=0xDFFF).contains(low)),
            0xDC00..=0xDFFF => {
                !(*i > 0
                    && escapes[i - 1].0 + 6 == *at
                    && (0xD800..=0xDBFF).contains(&escapes[i - 1].1))
            }
            _ => false,
        });
    match lone {
        Some((_, (at, _))) => format!(
            " (`{}` is half of a UTF-16 surrogate pair, written without its other half: it stands \
             for no character)",
            &raw[*at..at + 6]
        ),
        None => String::new(),
    }
}

/// The byte offset of serde_json's one-based line and column in `text`.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    (line_start + column.saturating_sub(1)).min(text.len())
}

fn is_unescaped_quote(bytes: &[u8], at: usize) -> bool {
    bytes[at] == b'"'
        && bytes[..at]
            .iter()
            .rev()
            .take_while(|b| **b == b'\\')
            .count()
            % 2
            == 0
}

/// The last quote before `end` that opens or closes a string (0 when there is none).
fn last_unescaped_quote(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    (0..end.min(bytes.len()))
        .rev()
        .find(|&at| is_unescaped_quote(bytes, at))
        .unwrap_or(0)
}

/// The offset of the first quote in `text` that is not escaped (its length when there is none).
fn next_unescaped_quote(text: &str) -> usize {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .find(|&at| is_unescaped_quote(bytes, at))
        .unwrap_or(bytes.len())
}

/// An object's members, parsed one level deep, in file order.
/// Where the key of a member starts, found backwards from its value: past the `:` and white
/// space to the key's closing quote, then to its opening quote (one not escaped).
fn key_start(text: &str, value_start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = value_start;
    while i > 0 && (bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b':') {
        i -= 1;
    }
    // `i - 1` is the closing quote; find the opening one.
    let mut j = i.saturating_sub(1);
    while j > 0 {
        j -= 1;
        if bytes[j] == b'"' {
            let backslashes = bytes[..j].iter().rev().take_while(|b| **b == b'\\').count();
            if backslashes % 2 == 0 {
                return j;
            }
        }
    }
    j
}

#[derive(Debug)]
pub struct Object<'a> {
    node: Node<'a>,
    entries: Vec<(Cow<'a, str>, &'a RawValue)>,
    /// The SDK's `AdditionalProperties` bag, parsed once however many members are asked for.
    bag: std::cell::OnceCell<Option<Box<Object<'a>>>>,
}

impl<'a> Object<'a> {
    pub fn node(&self) -> &Node<'a> {
        &self.node
    }

    pub fn origin(&self) -> Origin {
        self.node.origin()
    }

    /// The first member named `key` (any case) that is not null, looking inside
    /// `AdditionalProperties` when the object has no such member itself. A member written both
    /// here and in the bag with different values is ambiguous, like a member written twice: the
    /// SDK and a reviewer could read different records.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        let own = self.own(key);
        let bag = || {
            self.bag
                .get_or_init(|| {
                    let node = self.own("AdditionalProperties")?;
                    node.object().ok().map(Box::new)
                })
                .as_deref()
        };
        match own {
            Some(own) => {
                if let Some(inner) = bag().and_then(|bag| bag.own(key)) {
                    if inner.raw.get() != own.raw.get()
                        && (states_something(inner.raw) || states_something(own.raw))
                    {
                        self.record_ambiguity(
                            (key.to_string(), own.clone()),
                            (key.to_string(), inner),
                            "in `AdditionalProperties`",
                        );
                    }
                }
                Some(own)
            }
            None => bag()?.own(key),
        }
    }

    /// The member named `key`. A member written twice with different values is ambiguous: JSON
    /// parsers disagree on which one wins, so a reviewer and a tool could read different
    /// policies. It is recorded at both keys, and the reader's record is dropped as unreadable.
    fn own(&self, key: &str) -> Option<Node<'a>> {
        let named = |(k, _): &&(Cow<'a, str>, &'a RawValue)| k.eq_ignore_ascii_case(key);
        let mut matches = self.entries.iter().filter(named);
        let first = matches.next()?;
        for other in matches {
            if disagree(first.1, other.1) {
                self.record_ambiguity(
                    self.entry_node(first),
                    self.entry_node(other),
                    "twice in the object",
                );
            }
        }
        let (k, raw) = self
            .entries
            .iter()
            .filter(named)
            .find(|(_, raw)| raw.get() != "null")?;
        Some(self.node.child(raw, k))
    }

    fn entry_node(&self, (key, raw): &(Cow<'a, str>, &'a RawValue)) -> (String, Node<'a>) {
        (key.to_string(), self.node.child(raw, key))
    }

    /// Records two copies of a member with different values at both keys; `where_` says where
    /// the second copy is ("twice in the object", "in `AdditionalProperties`").
    fn record_ambiguity(
        &self,
        first: (String, Node<'a>),
        second: (String, Node<'a>),
        where_: &str,
    ) {
        let doc = self.node.doc;
        let at = |value: &Node<'a>| {
            let start = key_start(doc.text, value.span().start);
            Origin {
                file: doc.file,
                span: start..value.span().start,
                pointer: value.pointer.clone(),
            }
        };
        let (a, b) = (at(&first.1), at(&second.1));
        let who = if where_.contains("AdditionalProperties") {
            "tools that read the bag and tools that do not"
        } else {
            "JSON parsers"
        };
        let message = |here: &str, other: &Origin| {
            let line = doc.text[..other.span.start].matches('\n').count() + 1;
            format!(
                "`{here}` is written {where_} at `{}` with different values (the other on line {line}); \
                 {who} disagree on which one wins, so this record is not read",
                if self.node.pointer.is_empty() { "/" } else { &self.node.pointer }
            )
        };
        let mut sink = doc.ambiguities.borrow_mut();
        sink.push(ShapeError {
            message: message(&first.0, &b),
            origin: a.clone(),
        });
        sink.push(ShapeError {
            message: message(&second.0, &a),
            origin: b,
        });
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The member named `key` as written, null included, for where a null is a statement (the
    /// end date of a permanent assignment). A member written twice is an ambiguity, as in
    /// [`Object::get`].
    pub fn written(&self, key: &str) -> Option<Node<'a>> {
        let (k, raw) = self
            .entries
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))?;
        // Records any ambiguity between copies of the member.
        let _ = self.own(key);
        Some(self.node.child(raw, k))
    }

    /// Whether a member is written in Graph's own spelling (`onPremisesImmutableId`, first letter
    /// lower-case) rather than the PowerShell SDK's (`OnPremisesImmutableId`). The SDK writes
    /// every property of its model, null when it was not selected; a REST response writes only
    /// what was selected, so its nulls are statements.
    pub fn is_written_by_rest(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| {
            k.eq_ignore_ascii_case(key) && k.chars().next().is_some_and(char::is_lowercase)
        })
    }

    /// Whether a member is written at all, null or not (`"grantControls": null` is written).
    pub fn is_written(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(key))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_ref())
    }

    /// Every member in written order, null ones included, for objects keyed by data (an id)
    /// rather than by property names. A key written twice with different values is recorded as
    /// an ambiguity, as [`Object::get`] records it.
    pub fn members(&self) -> impl Iterator<Item = (&str, Node<'a>)> + '_ {
        let mut first: std::collections::HashMap<String, usize> =
            std::collections::HashMap::with_capacity(self.entries.len());
        for (index, entry) in self.entries.iter().enumerate() {
            match first.entry(entry.0.to_lowercase()) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(index);
                }
                std::collections::hash_map::Entry::Occupied(at) => {
                    let earlier = &self.entries[*at.get()];
                    if disagree(earlier.1, entry.1) {
                        self.record_ambiguity(
                            self.entry_node(earlier),
                            self.entry_node(entry),
                            "twice in the object",
                        );
                    }
                }
            }
        }
        self.entries
            .iter()
            .map(|(k, raw)| (k.as_ref(), self.node.child(raw, k)))
    }

    pub fn str(&self, key: &str) -> Shaped<Option<Cow<'a, str>>> {
        self.get(key).map(|n| n.str()).transpose()
    }

    pub fn string(&self, key: &str) -> Shaped<Option<String>> {
        Ok(self.str(key)?.map(Cow::into_owned))
    }

    pub fn bool(&self, key: &str) -> Shaped<Option<bool>> {
        self.get(key).map(|n| n.bool()).transpose()
    }

    /// A nested object. PowerShell's `ConvertTo-Json` writes an empty object as `[]`, so an
    /// empty array reads as absent too.
    pub fn object(&self, key: &str) -> Shaped<Option<Object<'a>>> {
        self.get(key)
            .filter(|n| !n.is_empty_array())
            .map(|n| n.object())
            .transpose()
    }

    /// A nested object that says something: the PowerShell SDK writes a related entity it did
    /// not expand as an object of nulls (`"Principal": {"DeletedDateTime": null, "Id": null}`),
    /// which reads as absent, as does an object holding only such objects.
    pub fn expanded(&self, key: &str) -> Shaped<Option<Object<'a>>> {
        Ok(self.object(key)?.filter(Object::says_something))
    }

    fn says_something(&self) -> bool {
        self.entries.iter().any(|(_, raw)| states_something(raw))
    }

    /// A list of strings, each with its own origin; absent or null is an empty list.
    pub fn strings(&self, key: &str) -> Shaped<Vec<(String, Origin)>> {
        let Some(node) = self.get(key) else {
            return Ok(Vec::new());
        };
        node.list()?
            .into_iter()
            .filter(|item| !item.is_null())
            .map(|item| Ok((item.str()?.into_owned(), item.origin())))
            .collect()
    }

    /// The `@odata.type` of this object without its `#microsoft.graph.` prefix, lower-cased.
    pub fn odata_type(&self) -> Option<String> {
        let raw = self.str("@odata.type").ok()??;
        let name = raw.trim_start_matches('#');
        let name = name.strip_prefix("microsoft.graph.").unwrap_or(name);
        Some(name.to_ascii_lowercase())
    }
}

/// Walks an array's items for [`Node::each_item`], keeping the first error of the callback.
struct EachItem<'n, 'a, F> {
    node: &'n Node<'a>,
    each: F,
    stopped: Option<ShapeError>,
}

impl<'de, F: FnMut(Node<'de>) -> Shaped<()>> de::DeserializeSeed<'de>
    for &mut EachItem<'_, 'de, F>
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Node<'de>) -> Shaped<()>> Visitor<'de> for &mut EachItem<'_, 'de, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut index = 0usize;
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            if let Err(e) = (self.each)(self.node.child(raw, &index.to_string())) {
                self.stopped = Some(e);
                return Err(de::Error::custom("stopped"));
            }
            index += 1;
        }
        Ok(())
    }
}

struct Entries<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(key) = map.next_key::<CowStr<'de>>()? {
                    entries.push((key.0, map.next_value::<&'de RawValue>()?));
                }
                Ok(Entries(entries))
            }
            fn visit_seq<S: SeqAccess<'de>>(self, _: S) -> Result<Self::Value, S::Error> {
                Err(de::Error::custom("not an object"))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

/// A string that borrows from the file unless it contains escapes.
pub(crate) struct CowStr<'a>(pub(crate) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for CowStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CowVisitor;
        impl<'de> Visitor<'de> for CowVisitor {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(CowVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_bytes_stop_at_the_first_quote_backslash_or_control_character() {
        for length in 0..40 {
            for stop in ["\"", "\\", "\u{0}", "\u{1f}", ""] {
                let text = format!("{}{stop}x\"", "\u{e9}a".repeat(length));
                let expected = text.find(['"', '\\', '\u{0}', '\u{1f}']).unwrap();
                assert_eq!(plain_bytes(text.as_bytes()), expected, "{text:?}");
            }
        }
    }

    fn with_root<R>(text: &str, f: impl FnOnce(Node) -> R) -> R {
        let ambiguities = RefCell::new(Vec::new());
        f(Node::root(Doc {
            file: 0,
            text,
            ambiguities: &ambiguities,
        })
        .unwrap())
    }

    /// The object of `text`, and the ambiguities reading it records.
    fn with_ambiguities(text: &str, f: impl FnOnce(Object, &RefCell<Vec<ShapeError>>)) {
        let ambiguities = RefCell::new(Vec::new());
        let root = Node::root(Doc {
            file: 0,
            text,
            ambiguities: &ambiguities,
        })
        .unwrap();
        f(root.object().unwrap(), &ambiguities);
    }

    #[test]
    fn a_key_written_twice_with_different_values_is_recorded_at_both_keys() {
        let text = "{\n  \"state\": \"disabled\",\n  \"State\": \"enabled\",\n  \"id\": \"a\", \"id\": \"a\"\n}";
        with_ambiguities(text, |object, ambiguities| {
            assert!(object.get("id").is_some());
            assert!(
                ambiguities.borrow().is_empty(),
                "the same value twice is no ambiguity"
            );
            assert!(object.get("state").is_some());
            let found = ambiguities.borrow();
            assert_eq!(found.len(), 2);
            assert_eq!(&text[found[0].origin.span.clone()], "\"state\": ");
            assert_eq!(&text[found[1].origin.span.clone()], "\"State\": ");
            assert!(found[0].message.contains("line 3"), "{}", found[0].message);
        });
    }

    #[test]
    fn spans_point_into_the_file_text() {
        let text = "{\n  \"state\": \"enabled\"\n}";
        with_root(text, |root| {
            let state = root.object().unwrap().get("State").unwrap();
            assert_eq!(&text[state.span()], "\"enabled\"");
            assert_eq!(state.pointer(), "/state");
        });
    }

    #[test]
    fn a_member_that_the_bag_contradicts_is_recorded_at_both() {
        let text = "{\"state\": \"disabled\", \"id\": \"a\",\n \"AdditionalProperties\": {\"state\": \"enabled\", \"id\": \"a\"}}";
        with_ambiguities(text, |object, ambiguities| {
            assert!(object.get("id").is_some());
            assert!(ambiguities.borrow().is_empty(), "equal copies agree");
            assert_eq!(object.str("state").unwrap().as_deref(), Some("disabled"));
            let found = ambiguities.borrow();
            assert_eq!(found.len(), 2, "{found:?}");
            assert!(found[0].message.contains("in `AdditionalProperties`"));
            assert!(
                found[0].message.contains("on line 2"),
                "{}",
                found[0].message
            );
            assert_eq!(found[1].origin.pointer, "/AdditionalProperties/state");
        });
    }

    #[test]
    fn a_lone_surrogate_in_a_member_name_is_named_with_its_escape() {
        let text = "{\"value\": [{\"id\": \"x\",\n  \"dis\\ud800playName\": \"a\\ud83d\\ude00\"}]}";
        with_root(text, |root| {
            let item = &root
                .object()
                .unwrap()
                .get("value")
                .unwrap()
                .array()
                .unwrap()[0];
            let err = item.object().unwrap_err();
            assert_eq!(&text[err.origin.span.clone()], "\"dis\\ud800playName\"");
            assert!(
                err.message.starts_with(
                    "unreadable member name \"dis\\ud800playName\" in the object at `/value/0`"
                ),
                "{}",
                err.message
            );
            assert!(err
                .message
                .contains("`\\ud800` is half of a UTF-16 surrogate pair"));
        });
    }

    #[test]
    fn a_lone_low_surrogate_in_a_string_is_named() {
        with_root(r#"{"a": "x\udc00y", "b": "\ud83d\ude00"}"#, |root| {
            let object = root.object().unwrap();
            assert!(object.str("b").is_ok(), "a whole pair is read");
            let err = object.str("a").unwrap_err();
            assert!(err.message.contains("`\\udc00` is half"), "{}", err.message);
        });
    }

    #[test]
    fn null_reads_as_absent_and_additional_properties_are_searched() {
        let text = r##"{"platforms": null, "AdditionalProperties": {"@odata.type": "#microsoft.graph.user"}}"##;
        with_root(text, |root| {
            let obj = root.object().unwrap();
            assert!(obj.get("platforms").is_none());
            assert!(obj.is_written("platforms"));
            assert_eq!(obj.odata_type().as_deref(), Some("user"));
        });
    }

    #[test]
    fn single_value_is_a_one_item_list() {
        with_root(r#"{"a": "x", "b": ["y", "z"], "c": null}"#, |root| {
            let obj = root.object().unwrap();
            assert_eq!(obj.strings("a").unwrap()[0].0, "x");
            assert_eq!(obj.strings("b").unwrap()[1].1.pointer, "/b/1");
            assert!(obj.strings("c").unwrap().is_empty());
        });
    }

    #[test]
    fn wrong_types_are_shape_errors_with_a_pointer() {
        with_root(r#"{"conditions": [1]}"#, |root| {
            let err = root.object().unwrap().object("conditions").unwrap_err();
            assert_eq!(
                err.message,
                "expected an object at `/conditions`, found an array"
            );
            assert_eq!(err.origin.span, 15..18);
        });
    }

    #[test]
    fn empty_array_for_an_object_reads_as_absent() {
        with_root(r#"{"locations": [ ], "platforms": [1]}"#, |root| {
            let obj = root.object().unwrap();
            assert!(obj.object("locations").unwrap().is_none());
            assert!(obj.object("platforms").is_err());
        });
    }

    #[test]
    fn escaped_strings_are_decoded() {
        with_root(r#"{"n": "a\u0027b"}"#, |root| {
            assert_eq!(root.object().unwrap().str("n").unwrap().unwrap(), "a'b");
        });
    }
}
