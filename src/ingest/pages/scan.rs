//! The items of a registration page read by a scanner made for them: it checks the JSON
//! grammar as serde_json does and takes each member's key and raw value, without serde's
//! machinery around every member.
//!
//! It reads only what it can check exactly: an item whose key has an escape, or that nests
//! deeper than any export does, gives `None`, and the page goes to the serde_json readers, which
//! decide. What it accepts, serde_json accepts the same, to the byte: a test holds it to that on
//! many broken and valid texts.

use super::pieces::Cursor;
use super::Fields;
use crate::ingest::json::plain_bytes;

/// Nesting deeper than this inside an item is left to serde_json (whose own limit is 128 for
/// the whole document); registration details nest two levels.
const DEEPEST: usize = 16;

/// The item object at the cursor (after whitespace), its members matched to `Fields`; the
/// cursor moves past it.
pub(super) fn item<'a>(cursor: &mut Cursor<'a>) -> Option<Fields<'a>> {
    let mut scan = Scan {
        text: cursor.text,
        at: cursor.at,
    };
    scan.whitespace();
    scan.byte(b'{')?;
    let mut fields = Fields::default();
    scan.whitespace();
    if scan.peek() == Some(b'}') {
        scan.at += 1;
        cursor.at = scan.at;
        return Some(fields);
    }
    loop {
        scan.byte(b'"')?;
        let (key, escaped) = scan.string_body()?;
        // A key with an escape cannot be borrowed as written, as in the serde_json reader.
        if escaped {
            return None;
        }
        scan.whitespace();
        scan.byte(b':')?;
        scan.whitespace();
        let start = scan.at;
        scan.value(0)?;
        let raw = &scan.text[start..scan.at];
        fields.member(key, raw).ok()?;
        scan.whitespace();
        match scan.next()? {
            b',' => scan.whitespace(),
            b'}' => break,
            _ => return None,
        }
    }
    cursor.at = scan.at;
    Some(fields)
}

struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn byte(&mut self, wanted: u8) -> Option<()> {
        (self.next()? == wanted).then_some(())
    }

    #[inline(always)]
    fn whitespace(&mut self) {
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.at) {
                // Pretty-printed pages indent each member by a run of spaces.
                Some(b' ') => self.at += leading_spaces(&bytes[self.at..]),
                Some(b'\t' | b'\n' | b'\r') => self.at += 1,
                _ => return,
            }
        }
    }

    /// One JSON value, checked and skipped.
    fn value(&mut self, depth: usize) -> Option<()> {
        match self.next()? {
            b'"' => self.string_body().map(drop),
            b'{' => self.nested(depth + 1, b'}', Self::member),
            b'[' => self.nested(depth + 1, b']', Self::value),
            b't' => self.literal("rue"),
            b'f' => self.literal("alse"),
            b'n' => self.literal("ull"),
            b'-' => self.number(),
            b'0'..=b'9' => {
                self.at -= 1;
                self.number()
            }
            _ => None,
        }
    }

    fn literal(&mut self, rest: &str) -> Option<()> {
        let found = self.text[self.at..].starts_with(rest);
        self.at += rest.len();
        found.then_some(())
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, after any minus sign.
    fn number(&mut self) -> Option<()> {
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            self.some_digits()?;
        }
        Some(())
    }

    fn digits(&mut self) {
        let bytes = self.text.as_bytes();
        while bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    /// An object's members or an array's items, after the opening bracket: `each` reads one,
    /// and `close` ends them.
    fn nested(
        &mut self,
        depth: usize,
        close: u8,
        each: fn(&mut Self, usize) -> Option<()>,
    ) -> Option<()> {
        if depth > DEEPEST {
            return None;
        }
        self.whitespace();
        if self.peek() == Some(close) {
            self.at += 1;
            return Some(());
        }
        loop {
            each(self, depth)?;
            self.whitespace();
            match self.next()? {
                b',' => self.whitespace(),
                byte if byte == close => return Some(()),
                _ => return None,
            }
        }
    }

    /// One member of an object: its name, a colon and its value.
    fn member(&mut self, depth: usize) -> Option<()> {
        self.byte(b'"')?;
        self.string_body()?;
        self.whitespace();
        self.byte(b':')?;
        self.whitespace();
        self.value(depth)
    }

    /// A string after its opening quote: its text as written, escapes and all, and whether it
    /// has any. Escapes are checked as serde_json checks a string it skips (a `\u` needs four
    /// hex digits, whatever they encode), and control characters are refused.
    fn string_body(&mut self) -> Option<(&'a str, bool)> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let mut escaped = false;
        loop {
            self.at += plain_bytes(&bytes[self.at..]);
            match *bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some((&self.text[start..self.at - 1], escaped));
                }
                b'\\' => {
                    escaped = true;
                    self.at += 1;
                    match self.next()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            let hex = bytes.get(self.at..self.at + 4)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            self.at += 4;
                        }
                        _ => return None,
                    }
                }
                // A control character, which JSON strings may not hold.
                _ => return None,
            }
        }
    }
}

/// How many spaces `bytes` starts with, eight bytes tested at a time.
fn leading_spaces(bytes: &[u8]) -> usize {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let other = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ SPACES;
        if other != 0 {
            // The lowest byte that differs from a space ends the run.
            return at + (other.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + bytes[at..].iter().take_while(|&&b| b == b' ').count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IgnoredAny;

    /// What the scanner makes of `text` as one value: where it ends, or `None`. Like serde_json
    /// reading a stream of values, a value that does not end itself (a number, a literal) must
    /// be followed by whitespace, a delimiter or nothing.
    fn scanned(text: &str) -> Option<usize> {
        let mut scan = Scan { text, at: 0 };
        scan.whitespace();
        let delimited = matches!(scan.peek(), Some(b'"' | b'[' | b'{'));
        scan.value(0)?;
        let ended = matches!(
            scan.peek(),
            None | Some(
                b' ' | b'\n' | b'\t' | b'\r' | b'"' | b'[' | b']' | b'{' | b'}' | b',' | b':'
            )
        );
        (delimited || ended).then_some(scan.at)
    }

    /// What serde_json makes of the first value of `text`: where it ends, or `None`.
    fn by_serde(text: &str) -> Option<usize> {
        let mut values = serde_json::Deserializer::from_str(text).into_iter::<IgnoredAny>();
        values.next()?.ok()?;
        Some(values.byte_offset())
    }

    /// A small generator, so the texts are the same on every run.
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    const SEEDS: [&str; 6] = [
        r#"{"id": "0000000a-0000-4000-8000-00000000000a", "userDisplayName": "A \u00e9\n\"q\"", "isAdmin": false, "n": -12.5e+3, "m": ["email", {"x": [null, true, 0]}]}"#,
        r#"[1, 0.5, -0, 1E9, 2e-2, "", "\\", "\/", "\b\f\n\r\t", {}, []]"#,
        r#"{"a":{"b":{"c":[[[[1]]]]}},"d":"x\ud800y"}"#,
        "\"long string without any stop at all, sixty-four bytes and more\"",
        "\"caf\u{e9} \u{1F600} \u{4e2d}\u{6587}\"",
        r#"  {"k" : true , "l" :false,"m":null }"#,
    ];

    /// Every text here nests less than [`DEEPEST`], so the scanner must accept exactly what
    /// serde_json accepts: a scanner that refused too much would send every page to the slow
    /// path, one that accepted too much would read a broken file as sound.
    #[test]
    fn accepts_what_serde_json_accepts_and_ends_at_the_same_byte() {
        let pieces = [
            "\"", "\\", "\\u", "\\u12", "\\uzzzz", "\\x", "\u{1}", "\t", "\n", "{", "}", "[", "]",
            ",", ":", "0", "01", "-", "1.", ".5", "1e", "1e+", "tru", "nul", "x", " ", "\u{e9}",
            "\"a\":", "[1,]", "{,}",
        ];
        let mut random = Lcg(7);
        let mut accepted = 0;
        for seed in SEEDS {
            assert_eq!(scanned(seed), by_serde(seed), "{seed}");
            for _ in 0..4000 {
                let mut text = seed.to_string();
                for _ in 0..1 + random.below(3) {
                    // Mutate at character boundaries, so the text stays a `str`.
                    let bounds: Vec<usize> = (0..=text.len())
                        .filter(|&i| text.is_char_boundary(i))
                        .collect();
                    let at = bounds[random.below(bounds.len())];
                    match random.below(3) {
                        0 => text.insert_str(at, pieces[random.below(pieces.len())]),
                        1 => {
                            let to = bounds[random.below(bounds.len())];
                            if to > at {
                                text.replace_range(at..to, "");
                            }
                        }
                        _ => text.truncate(at),
                    }
                }
                let scanner = scanned(&text);
                accepted += usize::from(scanner.is_some());
                assert_eq!(scanner, by_serde(&text), "{text:?}");
            }
        }
        // The mutations leave many texts valid, and break many more.
        assert!((1000..23_000).contains(&accepted), "{accepted}");
    }

    #[test]
    fn leading_spaces_are_counted_to_the_first_other_byte() {
        for spaces in 0..30 {
            for after in ["", "x", "\t ", "\u{e9}", "  x"] {
                let text = format!("{}{after}", " ".repeat(spaces));
                let expected = spaces + after.bytes().take_while(|&b| b == b' ').count();
                assert_eq!(leading_spaces(text.as_bytes()), expected, "{text:?}");
            }
        }
    }

    #[test]
    fn nesting_deeper_than_any_export_is_left_to_serde_json() {
        let deep = format!("{}{}", "[".repeat(DEEPEST + 1), "]".repeat(DEEPEST + 1));
        assert_eq!(scanned(&deep), None);
        assert!(by_serde(&deep).is_some());
        let shallow = format!("{}{}", "[".repeat(DEEPEST), "]".repeat(DEEPEST));
        assert_eq!(scanned(&shallow), by_serde(&shallow));
    }
}
