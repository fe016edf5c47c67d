//! Bytes to text: encodings (UTF-8, UTF-16, Windows-1252), byte order
//! marks, line endings, binary files. Apart from parsing because it knows
//! nothing of posts, and the loader's fast path must agree with it.

use crate::content::{SkipReason, Warning, WarningKind};
use std::borrow::Cow;
use std::path::Path;

/// Whether [`decode`] would give `bytes` back unchanged: UTF-8 that is
/// not empty, binary, marked by a byte order mark or broken by carriage
/// returns. Most files are; they need no copy.
fn is_text_as_it_is(bytes: &[u8]) -> bool {
    !bytes.starts_with(b"\xef\xbb\xbf")
        && !bytes.starts_with(b"\xff\xfe")
        && !bytes.starts_with(b"\xfe\xff")
        && !bytes.iter().all(u8::is_ascii_whitespace)
        && !bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0)
        && memchr::memchr(b'\r', bytes).is_none()
        && simdutf8::basic::from_utf8(bytes).is_ok()
}

/// Makes the file read into `buffer[start..]` text, as [`decode`] would,
/// and returns it. UTF-8 without a byte order mark or carriage returns (the
/// usual file) is left where it is; anything else is replaced by its
/// decoded text.
pub(super) fn decode_in_place<'b>(
    buffer: &'b mut Vec<u8>,
    start: usize,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<&'b str, SkipReason> {
    let bytes = &buffer[start..];
    if !is_text_as_it_is(bytes) {
        let text = decode(Cow::Borrowed(bytes), path, warnings)?;
        buffer.truncate(start);
        buffer.extend_from_slice(text.as_bytes());
    }
    // SAFETY: `buffer[start..]` was just checked to be UTF-8, or was just
    // written from a `String`. (Checking it again would read every file
    // twice.)
    Ok(unsafe { std::str::from_utf8_unchecked(&buffer[start..]) })
}

/// How far into a file a NUL byte makes it binary.
const BINARY_SNIFF: usize = 8192;

/// Bytes to text: UTF-8 (BOM removed), UTF-16 with a BOM, else Windows-1252
/// (the Latin-1 files are really written in) when the bytes have no UTF-8
/// in them at all, else UTF-8 with the bad bytes replaced. Line endings
/// (`\r\n`, and `\r` alone) become `\n`: a carriage return left in the
/// text would send the terminal's cursor back over what was printed.
pub fn decode(
    bytes: Cow<'_, [u8]>,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<String, SkipReason> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SkipReason::Empty);
    }
    let text = if let Some(utf16) = decode_utf16_with_bom(&bytes) {
        utf16
    } else {
        let bom = if bytes.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            0
        };
        let head = &bytes[bom..bytes.len().min(BINARY_SNIFF)];
        if head.contains(&0) {
            return Err(SkipReason::Binary);
        }
        // The common case reuses the buffer read from disk: no copy, and
        // the bytes are checked once.
        let mut owned = bytes.into_owned();
        if bom > 0 {
            owned.drain(..bom);
        }
        match String::from_utf8(owned) {
            Ok(text) => text,
            Err(error) => {
                let error_at = error.utf8_error();
                let bytes = error.as_bytes();
                let line = 1 + bytes[..error_at.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                let has_utf8_sequences = String::from_utf8_lossy(bytes)
                    .chars()
                    .any(|c| c as u32 > 0x7f && c != '\u{fffd}');
                let (text, how) = if has_utf8_sequences {
                    (
                        String::from_utf8_lossy(bytes).into_owned(),
                        "invalid bytes shown as �",
                    )
                } else {
                    (
                        bytes.iter().map(|&b| windows_1252(b)).collect(),
                        "read as Windows-1252 (Latin-1)",
                    )
                };
                warnings.push(Warning {
                    path: path.to_path_buf(),
                    line: Some(line),
                    kind: WarningKind::Encoding,
                    message: format!("not valid UTF-8; {how}"),
                });
                text
            }
        }
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// A Windows-1252 byte as a character. Latin-1 would make 0x80–0x9F C1
/// control characters, which terminals obey; Windows-1252 has quotes,
/// dashes and `€` there, and the five bytes it leaves undefined are `�`.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
        '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{fffd}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

fn decode_utf16_with_bom(bytes: &[u8]) -> Option<String> {
    let little_endian = match bytes {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{fffd}'))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loader's fast path and `decode` must agree: what is left as it
    /// is must be exactly what decoding would have given.
    #[test]
    fn text_left_as_it_is_is_what_decoding_gives() {
        let samples: &[&[u8]] = &[
            b"---\ntitle: Plain\n---\nBody\n",
            "Déjà vu, 日本語, emoji 🎉\n".as_bytes(),
            b"\xef\xbb\xbf---\ntitle: BOM\n---\n",
            b"\xff\xfet\x00i\x00",
            b"\xfe\xff\x00t\x00i",
            b"line\r\nline\r\n",
            b"lone\rreturn",
            b"Caf\xe9",
            b"bad \xff\xfe bytes \xc3\xa9",
            b"nul\x00inside",
            b"   \n\t ",
            b"",
        ];
        for &bytes in samples {
            let mut warnings = Vec::new();
            let decoded = decode(Cow::Borrowed(bytes), Path::new("x.md"), &mut warnings);
            if is_text_as_it_is(bytes) {
                assert_eq!(decoded.as_deref().ok(), std::str::from_utf8(bytes).ok());
                assert!(warnings.is_empty(), "{bytes:?}");
            } else {
                assert!(
                    decoded
                        .as_ref()
                        .map_or(true, |text| text.as_bytes() != bytes),
                    "{bytes:?} needs no decoding, yet is not left as it is"
                );
            }
        }
    }

    #[test]
    fn decoding_handles_boms_latin1_and_bad_bytes() {
        let path = Path::new("x.md");
        let mut warnings = Vec::new();
        assert_eq!(
            decode(
                Cow::Borrowed(b"\xef\xbb\xbf---\r\na: 1\r\n"),
                path,
                &mut warnings
            ),
            Ok("---\na: 1\n".to_string())
        );
        assert_eq!(
            decode(Cow::Borrowed(b"\xff\xfeh\0i\0"), path, &mut warnings),
            Ok("hi".to_string())
        );
        assert!(warnings.is_empty());
        assert_eq!(
            decode(Cow::Borrowed(b"caf\xe9"), path, &mut warnings),
            Ok("café".to_string())
        );
        assert_eq!(
            decode(Cow::Borrowed("é\n\u{1}".as_bytes()), path, &mut warnings),
            Ok("é\n\u{1}".to_string())
        );
        let mixed = decode(Cow::Borrowed(b"\xc3\xa9\n\xff"), path, &mut warnings);
        assert_eq!(mixed, Ok("é\n\u{fffd}".to_string()));
        assert_eq!(warnings.len(), 2);
        assert_eq!(warnings[1].line, Some(2));
        assert_eq!(
            decode(Cow::Borrowed(b"  \n"), path, &mut warnings),
            Err(SkipReason::Empty)
        );
        assert_eq!(
            decode(Cow::Borrowed(b"ab\0cd"), path, &mut warnings),
            Err(SkipReason::Binary)
        );
    }

    #[test]
    fn single_byte_text_is_windows_1252_never_c1_controls() {
        let mut warnings = Vec::new();
        let text = decode(
            Cow::Borrowed(b"\x93Caf\xe9\x94 \x9b21t \x9d \x80 \x85"),
            Path::new("x.md"),
            &mut warnings,
        );
        assert_eq!(text, Ok("“Café” ›21t \u{fffd} € …".to_string()));
        assert!(warnings[0].message.contains("Windows-1252"), "{warnings:?}");
    }

    #[test]
    fn a_carriage_return_alone_ends_a_line() {
        let text = decode(
            Cow::Borrowed(b"---\rtitle: x\r---\rone\r\ntwo\rthree"),
            Path::new("x.md"),
            &mut Vec::new(),
        );
        assert_eq!(text, Ok("---\ntitle: x\n---\none\ntwo\nthree".to_string()));
    }
}
