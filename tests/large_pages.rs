//! A page too large for one thread (over 8 MB) is read in pieces: the findings and their
//! positions are those of a page read in one pass, in UTF-8 and in UTF-16 with a BOM, with
//! escapes and non-ASCII names before the findings.

mod common;

use std::path::Path;
use std::process::Command;

const CONTEXT: &str = "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails";

/// A page of `count` users; every third is not registered for MFA. Names carry an escape and
/// characters outside ASCII and stand on the flag's line, so its byte and character columns
/// differ.
fn page(count: usize) -> String {
    let items: Vec<String> = (0..count)
        .map(|i| {
            format!(
                "    {{\n      \"id\": \"00000000-0000-4000-8000-{i:012x}\",\n      \"userPrincipalName\": \"user{i}@contoso.example\",\n      \"userType\": \"member\",\n      \"isAdmin\": false,\n      \"userDisplayName\": \"Zoë \\u00c5ngström {i}\", \"isMfaRegistered\": {},\n      \"isSsprRegistered\": true,\n      \"isSsprEnabled\": true,\n      \"methodsRegistered\": [\"microsoftAuthenticatorPush\", \"softwareOneTimePasscode\"]\n    }}",
                i % 3 != 0
            )
        })
        .collect();
    format!(
        "{{\n  \"@odata.context\": \"{CONTEXT}\",\n  \"value\": [\n{}\n  ]\n}}\n",
        items.join(",\n")
    )
}

/// The concise findings of MFA004 for the export in `dir`, paths left out.
fn findings(dir: &Path) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["check", "--select", "MFA004", "--format", "concise", "-q"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| line.split_once(".json:").unwrap().1.to_string())
        .collect()
}

#[test]
fn a_page_read_in_pieces_gives_the_findings_and_positions_of_one_pass() {
    let large = page(21_300);
    assert!(
        large.len() > 8 << 20,
        "large enough to be cut: {}",
        large.len()
    );
    let utf8 = common::scratch("large_pages", "utf8");
    std::fs::write(utf8.join("userRegistrationDetails.json"), &large).unwrap();
    let utf16 = common::scratch("large_pages", "utf16");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(large.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(utf16.join("userRegistrationDetails.json"), bytes).unwrap();
    // The same items, cut into pages small enough to be read in one pass each.
    let small = common::scratch("large_pages", "small");
    std::fs::write(small.join("userRegistrationDetails.json"), page(3)).unwrap();

    let found = findings(&utf8);
    assert_eq!(found.len(), 21_300 / 3);
    assert_eq!(findings(&utf16), found, "UTF-16 with a BOM");
    // Positions are exact: the first finding of the large page is where the small page has it,
    // and every finding is at the line the text puts its flag on, its column counted in
    // characters.
    assert_eq!(findings(&small)[0], found[0]);
    let (mut line, mut line_start) = (1, 0);
    let mut searched = 0;
    let mut expected = Vec::new();
    while let Some(at) = large[searched..].find("\"isMfaRegistered\": false") {
        let flag = searched + at + "\"isMfaRegistered\": ".len();
        for (offset, _) in large[searched..flag].match_indices('\n') {
            line += 1;
            line_start = searched + offset + 1;
        }
        let column = large[line_start..flag].chars().count() + 1;
        assert_ne!(
            column,
            flag - line_start + 1,
            "a line whose bytes and characters differ"
        );
        expected.push(format!("{line}:{column}:"));
        searched = flag;
    }
    assert_eq!(expected.len(), found.len());
    for (finding, at) in found.iter().zip(&expected) {
        assert!(finding.starts_with(at.as_str()), "{finding} is not at {at}");
    }
}
