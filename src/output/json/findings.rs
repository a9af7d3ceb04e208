//! The findings array's items, written as serde_json's pretty printer lays out a `FindingOut`
//! two arrays down, without going through serde: the findings are most of a large report (200k
//! of them make 170 MB), and serde_json escapes a string a byte at a time and needs each
//! location built, its path and pointer copied, before it can write it. The tests hold this
//! writer to serde's layout, byte for byte.

use crate::ingest::json::plain_bytes;
use crate::output::locate::Locator;
use crate::rules::{Diagnostic, Message};
use crate::source::locate::Position;
use crate::source::{FileId, Origin};

/// Writes findings, keeping the escaped path of the file the last one pointed at: findings are
/// sorted by file, so most share it with the one before.
pub(super) struct FindingWriter<'s> {
    locator: Locator<'s>,
    path: Option<(FileId, Vec<u8>)>,
}

impl<'s> FindingWriter<'s> {
    pub(super) fn new(locator: Locator<'s>) -> Self {
        FindingWriter {
            locator,
            path: None,
        }
    }

    /// One finding as an item of the report's `findings` array, from its opening brace to its
    /// closing one.
    pub(super) fn write(&mut self, out: &mut Vec<u8>, d: &Diagnostic) {
        const INDENT: usize = 2;
        let mut finding = Object::open(out, INDENT);
        finding.key("code");
        string(finding.out, d.code);
        finding.key("name");
        string(finding.out, d.name);
        finding.key("severity");
        string(finding.out, d.severity.as_str());
        finding.key("message");
        message(finding.out, &d.finding.message);
        finding.key("subject");
        string(finding.out, &d.finding.subject);
        finding.key("location");
        let mut location = Object::open(finding.out, INDENT + 1);
        self.location_members(&mut location, &d.finding.primary);
        location.close();
        finding.key("related");
        if d.finding.related.is_empty() {
            finding.out.extend_from_slice(b"[]");
        } else {
            finding.out.push(b'[');
            for (i, related) in d.finding.related.iter().enumerate() {
                finding
                    .out
                    .extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                indent(finding.out, INDENT + 2);
                let mut item = Object::open(finding.out, INDENT + 2);
                self.location_members(&mut item, &related.origin);
                item.key("message");
                string(item.out, &related.message);
                item.close();
            }
            finding.out.push(b'\n');
            indent(finding.out, INDENT + 1);
            finding.out.push(b']');
        }
        finding.close();
    }

    /// A location's members: path, pointer, start and end.
    fn location_members(&mut self, object: &mut Object, origin: &Origin) {
        object.key("path");
        let path = self.escaped_path(origin.file);
        object.out.extend_from_slice(path);
        object.key("pointer");
        string(object.out, &origin.pointer);
        let start = self.locator.position(origin.file, origin.span.start);
        let end = self.locator.position(origin.file, origin.span.end);
        for (key, position) in [("start", start), ("end", end)] {
            object.key(key);
            write_position(object.out, position, object.indent + 1);
        }
    }

    fn escaped_path(&mut self, file: FileId) -> &[u8] {
        if self.path.as_ref().is_none_or(|(last, _)| *last != file) {
            let mut escaped = Vec::new();
            string(&mut escaped, self.locator.path(file));
            self.path = Some((file, escaped));
        }
        &self.path.as_ref().expect("just set").1
    }
}

fn write_position(out: &mut Vec<u8>, position: Position, depth: usize) {
    let mut object = Object::open(out, depth);
    object.key("line");
    number(object.out, position.line);
    object.key("column");
    number(object.out, position.column);
    object.close();
}

/// An object being written, members on their own lines, `indent` levels in (its closing
/// brace's level; its members are one deeper). It is never empty.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    indent: usize,
    first: bool,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut Vec<u8>, indent: usize) -> Self {
        out.push(b'{');
        Object {
            out,
            indent,
            first: true,
        }
    }

    fn key(&mut self, key: &str) {
        self.out
            .extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        indent(self.out, self.indent + 1);
        string(self.out, key);
        self.out.extend_from_slice(b": ");
    }

    fn close(self) {
        self.out.push(b'\n');
        indent(self.out, self.indent);
        self.out.push(b'}');
    }
}

/// Two spaces a level, as serde_json's pretty printer indents.
fn indent(out: &mut Vec<u8>, levels: usize) {
    out.resize(out.len() + 2 * levels, b' ');
}

fn number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A message as its `Display` writes it, as one JSON string.
fn message(out: &mut Vec<u8>, message: &Message) {
    out.push(b'"');
    for piece in message.pieces() {
        escaped(out, piece);
    }
    out.push(b'"');
}

fn string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    escaped(out, text);
    out.push(b'"');
}

/// `text` escaped as serde_json escapes it: a quote and a backslash with a backslash, the
/// control characters with a short escape where JSON has one and `\u00xx` where it has not;
/// everything else as it is.
fn escaped(out: &mut Vec<u8>, text: &str) {
    let mut rest = text.as_bytes();
    loop {
        let plain = plain_bytes(rest);
        out.extend_from_slice(&rest[..plain]);
        let Some(&byte) = rest.get(plain) else {
            return;
        };
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            control => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.extend_from_slice(&[
                    HEX[usize::from(control >> 4)],
                    HEX[usize::from(control & 0xF)],
                ]);
            }
        }
        rest = &rest[plain + 1..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_ascii: String = (0..0x80u8).map(char::from).collect();
        let texts = [
            String::new(),
            every_ascii.clone(),
            every_ascii.repeat(3),
            "caf\u{e9} \u{1F600} \u{2028}\u{7f} \"quoted\" C:\\path\\".to_string(),
            "no escape at all, and longer than eight bytes".to_string(),
            "\u{1}\u{1f}\n".repeat(5),
        ];
        for text in texts {
            let mut out = Vec::new();
            string(&mut out, &text);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&text).unwrap(),
                "{text:?}"
            );
        }
    }
}
