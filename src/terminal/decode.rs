//! Bytes a terminal sends (keys, pastes, the mouse) read as events, for a
//! reader whose terminal is at the other end of a byte stream (an SSH
//! channel) rather than this process's own: the local reader gets the same
//! events from crossterm. What is decoded is what the reader binds (xterm's
//! sequences, which every terminal emulator in use sends); anything else is
//! skipped whole. Memory is bounded whatever arrives: an unfinished
//! sequence is kept up to [`LONGEST_SEQUENCE`] bytes, a paste up to
//! [`LONGEST_PASTE`].

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// Longer escape sequences are not the keys or mouse reports read here:
/// past this many bytes one is dropped.
pub const LONGEST_SEQUENCE: usize = 64;

/// The most bytes of one bracketed paste kept; the reader takes 4,096
/// characters of a paste and says that the rest was left out.
pub const LONGEST_PASTE: usize = 64 * 1024;

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Reads a byte stream as events, across reads that split a sequence.
#[derive(Debug, Default)]
pub struct Decoder {
    /// The start of a sequence or character not yet whole.
    pending: Vec<u8>,
    /// Inside a bracketed paste: what it holds so far, and how many bytes
    /// of it were dropped past [`LONGEST_PASTE`].
    paste: Option<(Vec<u8>, usize)>,
}

/// What one step of decoding found at the start of the input.
enum Step {
    /// An event, and the bytes it took.
    Event(Event, usize),
    /// Bytes that mean nothing here, skipped.
    Skip(usize),
    /// The input ends inside a sequence: wait for more.
    Incomplete,
    /// A bracketed paste starts after these bytes.
    PasteStart(usize),
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// The events in `bytes`, read after what came before. An escape byte
    /// that ends a read is the Esc key: a terminal sends a sequence in one
    /// write, and a person's Esc alone.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut input = std::mem::take(&mut self.pending);
        input.extend_from_slice(bytes);
        let mut events = Vec::new();
        let mut at = 0;
        while at < input.len() {
            if self.paste.is_some() {
                at += self.read_paste(&input[at..], &mut events);
                continue;
            }
            match step(&input[at..]) {
                Step::Event(event, used) => {
                    events.push(event);
                    at += used;
                }
                Step::Skip(used) => at += used,
                Step::PasteStart(used) => {
                    self.paste = Some((Vec::new(), 0));
                    at += used;
                }
                Step::Incomplete => {
                    let rest = &input[at..];
                    if rest == b"\x1b" {
                        events.push(key(KeyCode::Esc, KeyModifiers::NONE));
                    } else if rest.len() <= LONGEST_SEQUENCE {
                        self.pending = rest.to_vec();
                    }
                    break;
                }
            }
        }
        events
    }

    /// Paste text from the start of `input` up to the paste's end (then the
    /// whole paste is an event); returns the bytes taken.
    fn read_paste(&mut self, input: &[u8], events: &mut Vec<Event>) -> usize {
        let Some((text, dropped)) = &mut self.paste else {
            return 0;
        };
        let (body, used, ended) = match find(input, PASTE_END) {
            Some(end) => (&input[..end], end + PASTE_END.len(), true),
            None => {
                // The end marker may be split across reads: its first
                // bytes wait with the rest of the sequence.
                let keep = (1..PASTE_END.len())
                    .rev()
                    .find(|&n| input.ends_with(&PASTE_END[..n]))
                    .unwrap_or(0);
                let body = &input[..input.len() - keep];
                if keep > 0 {
                    self.pending = input[input.len() - keep..].to_vec();
                }
                (body, input.len(), false)
            }
        };
        let room = LONGEST_PASTE.saturating_sub(text.len());
        text.extend_from_slice(&body[..body.len().min(room)]);
        *dropped += body.len().saturating_sub(room);
        if ended {
            let (text, _) = self.paste.take().unwrap_or_default();
            events.push(Event::Paste(String::from_utf8_lossy(&text).into_owned()));
        }
        used
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The first event of `input` (not empty).
fn step(input: &[u8]) -> Step {
    match input[0] {
        0x1b => escape(input),
        b'\r' | b'\n' => Step::Event(key(KeyCode::Enter, KeyModifiers::NONE), 1),
        b'\t' => Step::Event(key(KeyCode::Tab, KeyModifiers::NONE), 1),
        0x7f | 0x08 => Step::Event(key(KeyCode::Backspace, KeyModifiers::NONE), 1),
        byte @ 0x01..=0x1a => Step::Event(
            key(
                KeyCode::Char(char::from(byte - 1 + b'a')),
                KeyModifiers::CONTROL,
            ),
            1,
        ),
        0x00 | 0x1c..=0x1f => Step::Skip(1),
        _ => character(input),
    }
}

/// A character, ASCII or UTF-8 (an invalid byte is skipped).
fn character(input: &[u8]) -> Step {
    let length = match input[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Skip(1),
    };
    if input.len() < length {
        // Continuation bytes so far must be valid, or it never will be.
        return if input[1..].iter().all(|b| b & 0xc0 == 0x80) {
            Step::Incomplete
        } else {
            Step::Skip(1)
        };
    }
    match std::str::from_utf8(&input[..length]) {
        Ok(text) => {
            let c = text.chars().next().unwrap_or(' ');
            let modifiers = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            Step::Event(key(KeyCode::Char(c), modifiers), length)
        }
        Err(_) => Step::Skip(1),
    }
}

/// What follows an escape byte: a CSI or SS3 sequence, Alt with a key, or
/// Esc.
fn escape(input: &[u8]) -> Step {
    match input.get(1) {
        None => Step::Incomplete,
        Some(b'[') => csi(input),
        Some(b'O') => match input.get(2) {
            None => Step::Incomplete,
            Some(&last) => match ss3_key(last) {
                Some(code) => Step::Event(key(code, KeyModifiers::NONE), 3),
                None => Step::Skip(3),
            },
        },
        // A terminal's answer (OSC, DCS, APC, PM): up to its end, skipped.
        Some(b']' | b'P' | b'_' | b'^') => {
            let end = input[2..].iter().enumerate().find_map(|(at, &b)| match b {
                0x07 => Some(2 + at + 1),
                0x1b if input.get(2 + at + 1) == Some(&b'\\') => Some(2 + at + 2),
                _ => None,
            });
            match end {
                Some(end) => Step::Skip(end),
                None => Step::Incomplete,
            }
        }
        // Esc twice: the first is the key.
        Some(0x1b) => Step::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        Some(_) => match step(&input[1..]) {
            Step::Event(Event::Key(mut pressed), used) => {
                pressed.modifiers |= KeyModifiers::ALT;
                Step::Event(Event::Key(pressed), used + 1)
            }
            Step::Incomplete => Step::Incomplete,
            _ => Step::Skip(2),
        },
    }
}

fn ss3_key(last: u8) -> Option<KeyCode> {
    Some(match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(last - b'P' + 1),
        _ => return None,
    })
}

/// `ESC [ params final`: cursor and editing keys, with modifiers, mouse
/// reports (SGR), the start of a paste.
fn csi(input: &[u8]) -> Step {
    let body = &input[2..];
    // Parameters and intermediates, then the final byte.
    let Some(end) = body.iter().position(|b| !(0x20..=0x3f).contains(b)) else {
        return Step::Incomplete;
    };
    if !(0x40..=0x7e).contains(&body[end]) {
        return Step::Skip(2 + end);
    }
    let used = 2 + end + 1;
    let params = &body[..end];
    let last = body[end];
    if input.starts_with(PASTE_START) {
        return Step::PasteStart(PASTE_START.len());
    }
    if let Some(sgr) = params.strip_prefix(b"<") {
        return match mouse(sgr, last) {
            Some(event) => Step::Event(event, used),
            None => Step::Skip(used),
        };
    }
    let numbers: Vec<u16> = std::str::from_utf8(params)
        .unwrap_or("")
        .split(';')
        .map(|n| n.parse().unwrap_or(0))
        .collect();
    let modifiers = modifiers(numbers.get(1).copied().unwrap_or(1));
    let code = match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => return Step::Event(key(KeyCode::BackTab, KeyModifiers::SHIFT), used),
        b'~' => match numbers.first().copied().unwrap_or(0) {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            n @ 11..=15 => KeyCode::F((n - 10) as u8),
            n @ 17..=21 => KeyCode::F((n - 11) as u8),
            n @ 23..=24 => KeyCode::F((n - 12) as u8),
            _ => return Step::Skip(used),
        },
        _ => return Step::Skip(used),
    };
    Step::Event(key(code, modifiers), used)
}

/// xterm's modifier parameter: 1 + Shift 1 + Alt 2 + Ctrl 4.
fn modifiers(parameter: u16) -> KeyModifiers {
    let bits = parameter.saturating_sub(1);
    let mut modifiers = KeyModifiers::NONE;
    if bits & 1 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    modifiers
}

/// An SGR mouse report, `ESC [ < button ; column ; row M` (or `m` for a
/// release), columns and rows counted from 1.
fn mouse(params: &[u8], last: u8) -> Option<Event> {
    let text = std::str::from_utf8(params).ok()?;
    let mut numbers = text.split(';').map(|n| n.parse::<u16>().ok());
    let (button, column, row) = (numbers.next()??, numbers.next()??, numbers.next()??);
    let button_of = |code: u16| match code & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = match (button & 64 != 0, button & 32 != 0, last) {
        (true, _, _) if button & 1 == 0 => MouseEventKind::ScrollUp,
        (true, _, _) => MouseEventKind::ScrollDown,
        (false, true, b'M') => MouseEventKind::Drag(button_of(button)),
        (false, false, b'M') => MouseEventKind::Down(button_of(button)),
        (false, _, b'm') => MouseEventKind::Up(button_of(button)),
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    if button & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if button & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if button & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    Some(Event::Mouse(MouseEvent {
        kind,
        column: column.saturating_sub(1),
        row: row.saturating_sub(1),
        modifiers,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(code: KeyCode) -> Event {
        key(code, KeyModifiers::NONE)
    }

    fn decoded(bytes: &[u8]) -> Vec<Event> {
        Decoder::new().feed(bytes)
    }

    #[test]
    fn letters_controls_and_utf8_are_keys() {
        assert_eq!(
            decoded("jé日\r\t\x7f".as_bytes()),
            [
                plain(KeyCode::Char('j')),
                plain(KeyCode::Char('é')),
                plain(KeyCode::Char('日')),
                plain(KeyCode::Enter),
                plain(KeyCode::Tab),
                plain(KeyCode::Backspace),
            ]
        );
        assert_eq!(
            decoded(b"\x03\x04J"),
            [
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
                key(KeyCode::Char('d'), KeyModifiers::CONTROL),
                key(KeyCode::Char('J'), KeyModifiers::SHIFT),
            ]
        );
    }

    #[test]
    fn cursor_and_editing_keys_in_both_forms_with_modifiers() {
        assert_eq!(
            decoded(b"\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[H\x1b[4~\x1b[3~\x1b[Z"),
            [
                plain(KeyCode::Up),
                plain(KeyCode::Down),
                plain(KeyCode::PageUp),
                plain(KeyCode::PageDown),
                plain(KeyCode::Home),
                plain(KeyCode::End),
                plain(KeyCode::Delete),
                key(KeyCode::BackTab, KeyModifiers::SHIFT),
            ]
        );
        assert_eq!(
            decoded(b"\x1b[1;5C"),
            [key(KeyCode::Right, KeyModifiers::CONTROL)]
        );
    }

    #[test]
    fn esc_alone_and_alt_with_a_key() {
        assert_eq!(decoded(b"\x1b"), [plain(KeyCode::Esc)]);
        assert_eq!(
            decoded(b"\x1bj\x1b\x7f"),
            [
                key(KeyCode::Char('j'), KeyModifiers::ALT),
                key(KeyCode::Backspace, KeyModifiers::ALT),
            ]
        );
        assert_eq!(
            decoded(b"\x1b\x1b"),
            [plain(KeyCode::Esc), plain(KeyCode::Esc)]
        );
    }

    #[test]
    fn a_sequence_split_across_reads_is_read_whole() {
        let mut decoder = Decoder::new();
        assert!(decoder.feed(b"\x1b[").is_empty());
        assert!(decoder.feed(b"1;5").is_empty());
        assert_eq!(
            decoder.feed(b"Aq"),
            [
                key(KeyCode::Up, KeyModifiers::CONTROL),
                plain(KeyCode::Char('q'))
            ]
        );
        let e_acute = "é".as_bytes();
        assert!(decoder.feed(&e_acute[..1]).is_empty());
        assert_eq!(decoder.feed(&e_acute[1..]), [plain(KeyCode::Char('é'))]);
    }

    #[test]
    fn a_bracketed_paste_is_one_event_and_is_bounded() {
        let mut decoder = Decoder::new();
        assert!(decoder.feed(b"\x1b[200~hors ").is_empty());
        assert!(decoder.feed(b"ligne\x1b[20").is_empty());
        assert_eq!(
            decoder.feed(b"1~j"),
            [
                Event::Paste("hors ligne".to_string()),
                plain(KeyCode::Char('j'))
            ]
        );
        let mut huge = b"\x1b[200~".to_vec();
        huge.extend(std::iter::repeat_n(b'x', 1 << 20));
        huge.extend_from_slice(b"\x1b[201~\x1b");
        match decoder.feed(&huge).as_slice() {
            [Event::Paste(text), Event::Key(esc)] => {
                assert_eq!(text.len(), LONGEST_PASTE);
                assert_eq!(esc.code, KeyCode::Esc);
            }
            other => panic!("{} events", other.len()),
        }
    }

    #[test]
    fn mouse_reports_give_the_cell_from_zero() {
        assert_eq!(
            decoded(b"\x1b[<0;10;5M\x1b[<65;3;4M"),
            [
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::Down(MouseButton::Left),
                    column: 9,
                    row: 4,
                    modifiers: KeyModifiers::NONE,
                }),
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::ScrollDown,
                    column: 2,
                    row: 3,
                    modifiers: KeyModifiers::NONE,
                }),
            ]
        );
    }

    #[test]
    fn garbage_is_skipped_and_memory_stays_bounded() {
        let mut decoder = Decoder::new();
        // An endless sequence is dropped, and what follows it is read.
        let mut endless = b"\x1b[".to_vec();
        endless.extend(std::iter::repeat_n(b'1', 10_000));
        assert!(decoder.feed(&endless).is_empty());
        assert!(decoder.pending.len() <= LONGEST_SEQUENCE);
        assert!(decoder.feed(b"\xff\xfe\x00").is_empty());
        assert_eq!(decoder.feed(b"q"), [plain(KeyCode::Char('q'))]);
        // Unknown sequences are skipped whole.
        assert_eq!(
            decoded(b"\x1b[?1;2c\x1b]11;rgb:0/0/0\x07j"),
            [plain(KeyCode::Char('j'))]
        );
        assert_eq!(decoded(b"\x1b]x"), []);
    }

    #[test]
    fn any_bytes_decode_without_panicking() {
        // A cheap fuzz: every prefix of a mixed stream, fed in every split.
        let stream: Vec<u8> =
            b"\x1b[<0;1;1M\x1b[200~a\x1b[201~\x1bO\x1b[1;\xe6\x97\xa5\x1b\x1b[99999999;9A\xc3"
                .to_vec();
        for split in 0..stream.len() {
            let mut decoder = Decoder::new();
            decoder.feed(&stream[..split]);
            decoder.feed(&stream[split..]);
        }
    }
}
