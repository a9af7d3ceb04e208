//! Bytes to text. Windows PowerShell 5.1 writes UTF-16LE with a BOM, PowerShell 7 writes UTF-8,
//! some tools add a UTF-8 BOM; serde_json accepts none of the BOMs, so they are removed here and
//! every later offset is an offset into the decoded text. `Out-File -Encoding utf32` writes
//! UTF-32LE with a BOM; it is read too, so that no export is refused for its encoding alone.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    /// UTF-16LE recognised from its zero bytes, without a BOM.
    Utf16Le,
    Utf16Be,
    Utf32LeBom,
    Utf32BeBom,
    /// UTF-32LE recognised from its zero bytes, without a BOM.
    Utf32Le,
    Utf32Be,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16LeBom => "UTF-16LE with BOM",
            Encoding::Utf16BeBom => "UTF-16BE with BOM",
            Encoding::Utf16Le => "UTF-16LE without BOM",
            Encoding::Utf16Be => "UTF-16BE without BOM",
            Encoding::Utf32LeBom => "UTF-32LE with BOM",
            Encoding::Utf32BeBom => "UTF-32BE with BOM",
            Encoding::Utf32Le => "UTF-32LE without BOM",
            Encoding::Utf32Be => "UTF-32BE without BOM",
        })
    }
}

/// Why bytes could not be decoded. `text` holds what decoded cleanly before the fault, so the
/// error can still be given a line and column.
#[derive(Debug)]
pub struct DecodeError {
    pub encoding: Encoding,
    pub message: String,
    /// Decoded text up to the fault; the fault is at its end.
    pub text_before: String,
}

pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), DecodeError> {
    match sniff(&bytes) {
        Encoding::Utf8 => utf8(bytes, Encoding::Utf8),
        // In place: a copy would hold a large file twice.
        Encoding::Utf8Bom => {
            let mut bytes = bytes;
            bytes.drain(..3);
            utf8(bytes, Encoding::Utf8Bom)
        }
        enc @ (Encoding::Utf16LeBom | Encoding::Utf16BeBom) => utf16(&bytes[2..], enc),
        enc @ (Encoding::Utf16Le | Encoding::Utf16Be) => utf16(&bytes, enc),
        enc @ (Encoding::Utf32LeBom | Encoding::Utf32BeBom) => utf32(&bytes[4..], enc),
        enc @ (Encoding::Utf32Le | Encoding::Utf32Be) => utf32(&bytes, enc),
    }
}

fn sniff(bytes: &[u8]) -> Encoding {
    match bytes {
        // Before UTF-16: a UTF-32LE BOM starts with the UTF-16LE one.
        [0xFF, 0xFE, 0, 0, ..] => Encoding::Utf32LeBom,
        [0, 0, 0xFE, 0xFF, ..] => Encoding::Utf32BeBom,
        [a, 0, 0, 0, ..] if *a != 0 => Encoding::Utf32Le,
        [0, 0, 0, b, ..] if *b != 0 => Encoding::Utf32Be,
        [0xEF, 0xBB, 0xBF, ..] => Encoding::Utf8Bom,
        [0xFF, 0xFE, ..] => Encoding::Utf16LeBom,
        [0xFE, 0xFF, ..] => Encoding::Utf16BeBom,
        // JSON starts with ASCII (a bracket, brace or white space): in UTF-16 one of the first
        // two bytes is then zero, which never happens in UTF-8 JSON.
        [a, 0, ..] if *a != 0 => Encoding::Utf16Le,
        [0, b, ..] if *b != 0 => Encoding::Utf16Be,
        _ => Encoding::Utf8,
    }
}

fn utf8(bytes: Vec<u8>, encoding: Encoding) -> Result<(String, Encoding), DecodeError> {
    String::from_utf8(bytes)
        .map(|text| (text, encoding))
        .map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            DecodeError {
                encoding,
                message: format!("invalid UTF-8 (byte 0x{:02X})", bytes[valid]),
                text_before: String::from_utf8_lossy(&bytes[..valid]).into_owned(),
            }
        })
}

fn utf16(bytes: &[u8], encoding: Encoding) -> Result<(String, Encoding), DecodeError> {
    let little = matches!(encoding, Encoding::Utf16LeBom | Encoding::Utf16Le);
    let units = bytes.chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => text.push(c),
            Err(e) => {
                return Err(DecodeError {
                    encoding,
                    message: format!(
                        "invalid {encoding}: unpaired surrogate 0x{:04X}",
                        e.unpaired_surrogate()
                    ),
                    text_before: text,
                })
            }
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(DecodeError {
            encoding,
            message: format!("invalid {encoding}: the file ends in the middle of a character"),
            text_before: text,
        });
    }
    Ok((text, encoding))
}

fn utf32(bytes: &[u8], encoding: Encoding) -> Result<(String, Encoding), DecodeError> {
    let little = matches!(encoding, Encoding::Utf32LeBom | Encoding::Utf32Le);
    let mut text = String::with_capacity(bytes.len() / 4);
    for quad in bytes.chunks_exact(4) {
        let quad = [quad[0], quad[1], quad[2], quad[3]];
        let unit = if little {
            u32::from_le_bytes(quad)
        } else {
            u32::from_be_bytes(quad)
        };
        match char::from_u32(unit) {
            Some(c) => text.push(c),
            None => {
                return Err(DecodeError {
                    encoding,
                    message: format!("invalid {encoding}: 0x{unit:08X} is not a character"),
                    text_before: text,
                })
            }
        }
    }
    if bytes.len() % 4 != 0 {
        return Err(DecodeError {
            encoding,
            message: format!("invalid {encoding}: the file ends in the middle of a character"),
            text_before: text,
        });
    }
    Ok((text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le_bom(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        out
    }

    #[test]
    fn decodes_utf32_with_and_without_bom() {
        let le: Vec<u8> = "{\"a\": \"é😀\"}"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        let with_bom = [&[0xFF, 0xFE, 0, 0][..], &le].concat();
        assert_eq!(
            decode(with_bom).unwrap(),
            ("{\"a\": \"é😀\"}".to_string(), Encoding::Utf32LeBom)
        );
        assert_eq!(decode(le).unwrap().1, Encoding::Utf32Le);
        let be: Vec<u8> = "[1]"
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        let with_bom = [&[0, 0, 0xFE, 0xFF][..], &be].concat();
        assert_eq!(decode(with_bom).unwrap().1, Encoding::Utf32BeBom);
        assert_eq!(decode(be).unwrap(), ("[1]".to_string(), Encoding::Utf32Be));
    }

    #[test]
    fn names_utf32_in_its_errors() {
        let err = decode(vec![0xFF, 0xFE, 0, 0, b'[', 0, 0, 0, 0, 0xD8, 0, 0]).unwrap_err();
        assert_eq!(
            err.message,
            "invalid UTF-32LE with BOM: 0x0000D800 is not a character"
        );
        assert_eq!(err.text_before, "[");
        let err = decode(vec![b'[', 0, 0, 0, b']', 0]).unwrap_err();
        assert!(err
            .message
            .starts_with("invalid UTF-32LE without BOM: the file ends"));
    }

    #[test]
    fn strips_utf8_bom() {
        let (text, enc) = decode(b"\xEF\xBB\xBF{}".to_vec()).unwrap();
        assert_eq!((text.as_str(), enc), ("{}", Encoding::Utf8Bom));
    }

    #[test]
    fn decodes_utf16le_with_bom() {
        let (text, enc) = decode(utf16le_bom("{\"a\": \"é\"}")).unwrap();
        assert_eq!(
            (text.as_str(), enc),
            ("{\"a\": \"é\"}", Encoding::Utf16LeBom)
        );
    }

    #[test]
    fn decodes_utf16be_with_bom() {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend("[1]".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(bytes).unwrap().0, "[1]");
    }

    #[test]
    fn recognises_utf16le_without_bom() {
        let bytes: Vec<u8> = "{}".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(
            decode(bytes).unwrap(),
            ("{}".to_string(), Encoding::Utf16Le)
        );
    }

    #[test]
    fn reports_invalid_utf8_with_the_text_before_it() {
        let err = decode(b"{\n  \"a\": \"\xFF\"}".to_vec()).unwrap_err();
        assert_eq!(err.text_before, "{\n  \"a\": \"");
        assert!(err.message.contains("0xFF"));
    }

    #[test]
    fn reports_lone_surrogate_and_odd_length() {
        let mut bytes = vec![0xFF, 0xFE, b'[', 0, 0x00, 0xD8, b']', 0];
        assert!(decode(bytes.clone())
            .unwrap_err()
            .message
            .contains("surrogate"));
        bytes.truncate(5);
        assert!(decode(bytes).is_err());
    }
}
