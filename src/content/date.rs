//! Dates as real sites write them: many string shapes, parsed leniently,
//! with the original text kept for display and diagnostics.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use serde::Serialize;
use std::fmt;

/// A date read from front matter or a file name.
///
/// The calendar date and time are kept as written (not converted to UTC):
/// Hugo and Jekyll build permalinks from the date in the author's own offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostDate {
    /// The text the date was read from.
    pub raw: String,
    pub date: Date,
    pub time: Option<Time>,
    pub offset: Option<Offset>,
}

impl PostDate {
    /// A key that orders dates chronologically as written (date, then time).
    pub fn sort_key(&self) -> DateTime {
        self.date.to_datetime(self.time.unwrap_or(Time::midnight()))
    }

    /// ISO 8601: `2024-05-01`, or `2024-05-01T14:00:00-04:00` when a time is known.
    pub fn to_iso8601(&self) -> String {
        match (self.time, self.offset) {
            (None, _) => self.date.to_string(),
            (Some(time), None) => format!("{}T{}", self.date, format_time(time)),
            (Some(time), Some(offset)) => {
                format!(
                    "{}T{}{}",
                    self.date,
                    format_time(time),
                    format_offset(offset)
                )
            }
        }
    }
}

impl PostDate {
    /// RFC 3339, always with a time and a numeric offset: the offset
    /// written, else the one `zone` has at that moment, else `+00:00`; a
    /// date without a time is at midnight (`2018-03-26T00:00:00+00:00`).
    pub fn to_rfc3339(&self, zone: Option<&jiff::tz::TimeZone>) -> String {
        let time = self.time.unwrap_or(Time::midnight());
        let offset = self.offset.unwrap_or_else(|| {
            zone.and_then(|zone| {
                zone.to_ambiguous_zoned(self.date.to_datetime(time))
                    .compatible()
                    .ok()
            })
            .map_or(Offset::UTC, |zoned| zoned.offset())
        });
        let seconds = offset.seconds();
        let sign = if seconds < 0 { '-' } else { '+' };
        let minutes = seconds.unsigned_abs() / 60;
        format!(
            "{}T{}{sign}{:02}:{:02}",
            self.date,
            format_time(time),
            minutes / 60,
            minutes % 60
        )
    }
}

impl fmt::Display for PostDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)
    }
}

impl Serialize for PostDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_iso8601())
    }
}

fn format_time(time: Time) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        time.hour(),
        time.minute(),
        time.second()
    )
}

fn format_offset(offset: Offset) -> String {
    let seconds = offset.seconds();
    if seconds == 0 {
        return "Z".to_string();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses the date shapes seen in real front matter:
/// `2024-05-01`, `2024-05-01T14:00:00`, `2024-05-01T14:00:00Z`,
/// `2024-05-01T14:00:00.000Z`, `2024-05-01T14:00:00-04:00`,
/// `2024-05-01 14:00:00 -0400`, `2024-05-01 14:00`, and `2024/05/01`.
pub fn parse_date(raw: &str) -> Option<PostDate> {
    let text = raw.trim();
    let mut cursor = Cursor::new(text);
    let date = cursor.date()?;
    let mut time = None;
    let mut offset = None;
    if cursor.eat_one_of(b"Tt ") {
        cursor.skip_spaces();
        time = Some(cursor.time()?);
        cursor.skip_spaces();
        offset = cursor.offset();
        cursor.skip_spaces();
        // Go's time formatting appends the zone name (`+0000 UTC`).
        cursor.skip_zone_name();
    }
    if !cursor.at_end() {
        return None;
    }
    Some(PostDate {
        raw: raw.to_string(),
        date,
        time,
        offset,
    })
}

/// Jekyll (and Hugo's `:filename` date) take the date from a file name such
/// as `2019-03-06-title.md`. Returns the date and the rest of the name.
pub fn date_from_file_name(name: &str) -> Option<(PostDate, &str)> {
    let head = name.get(..10)?;
    let mut cursor = Cursor::new(head);
    let date = cursor.date()?;
    if !cursor.at_end() {
        return None;
    }
    let rest = &name[10..];
    let rest = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('_'))
        .unwrap_or(rest);
    let parsed = PostDate {
        raw: head.to_string(),
        date,
        time: None,
        offset: None,
    };
    Some((parsed, rest))
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.eat_one_of(&[byte])
    }

    fn eat_one_of(&mut self, choices: &[u8]) -> bool {
        match self.peek() {
            Some(b) if choices.contains(&b) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
    }

    fn number(&mut self, min_digits: usize, max_digits: usize) -> Option<u32> {
        let start = self.at;
        let mut value: u32 = 0;
        while self.at - start < max_digits {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(b - b'0');
                    self.at += 1;
                }
                _ => break,
            }
        }
        (self.at - start >= min_digits).then_some(value)
    }

    fn date(&mut self) -> Option<Date> {
        let year = self.number(4, 4)?;
        let separator = self.peek().filter(|b| *b == b'-' || *b == b'/')?;
        self.at += 1;
        let month = self.number(1, 2)?;
        if !self.eat(separator) {
            return None;
        }
        let day = self.number(1, 2)?;
        Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()
    }

    fn time(&mut self) -> Option<Time> {
        let hour = self.number(1, 2)?;
        if !self.eat(b':') {
            return None;
        }
        let minute = self.number(2, 2)?;
        let second = if self.eat(b':') {
            self.number(2, 2)?
        } else {
            0
        };
        let mut nanos = 0;
        if self.eat_one_of(b".,") {
            let start = self.at;
            let fraction = self.number(1, 9)?;
            let digits = u32::try_from(self.at - start).ok()?;
            nanos = fraction * 10u32.pow(9 - digits);
            // Ignore precision beyond nanoseconds.
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.at += 1;
            }
        }
        Time::new(
            i8::try_from(hour).ok()?,
            i8::try_from(minute).ok()?,
            i8::try_from(second.min(59)).ok()?,
            i32::try_from(nanos).ok()?,
        )
        .ok()
    }

    fn offset(&mut self) -> Option<Offset> {
        if self.eat_one_of(b"Zz") {
            return Some(Offset::UTC);
        }
        let start = self.at;
        let sign: i32 = match self.peek() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return None,
        };
        self.at += 1;
        let parsed = (|| {
            let hours = self.number(2, 2)?;
            self.eat(b':');
            let minutes = self.number(2, 2).unwrap_or(0);
            let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            Offset::from_seconds(sign * seconds).ok()
        })();
        if parsed.is_none() {
            self.at = start;
        }
        parsed
    }

    fn skip_zone_name(&mut self) {
        let start = self.at;
        while matches!(self.peek(), Some(b'A'..=b'Z')) {
            self.at += 1;
        }
        if self.at - start > 5 {
            self.at = start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_has_a_time_and_a_numeric_offset_always() {
        let shape = |raw: &str, zone: Option<&str>| {
            let zone = zone.map(|z| jiff::tz::TimeZone::get(z).expect("a known zone"));
            parse_date(raw).expect("a date").to_rfc3339(zone.as_ref())
        };
        assert_eq!(shape("2018-03-26", None), "2018-03-26T00:00:00+00:00");
        assert_eq!(
            shape("2018-03-26T09:00:00", None),
            "2018-03-26T09:00:00+00:00"
        );
        assert_eq!(
            shape("2018-03-26T09:00:00Z", None),
            "2018-03-26T09:00:00+00:00"
        );
        assert_eq!(
            shape("2021-04-07T13:00:00.000Z", None),
            "2021-04-07T13:00:00+00:00"
        );
        assert_eq!(
            shape("2018-03-26T09:00:00-04:00", Some("Asia/Dhaka")),
            "2018-03-26T09:00:00-04:00",
            "the offset written wins"
        );
        assert_eq!(
            shape("2017-08-03 10:00:00 -0400", None),
            "2017-08-03T10:00:00-04:00"
        );
        assert_eq!(
            shape("2024-01-15", Some("America/Toronto")),
            "2024-01-15T00:00:00-05:00"
        );
        assert_eq!(
            shape("2024-07-15 09:30", Some("America/Toronto")),
            "2024-07-15T09:30:00-04:00"
        );
        assert_eq!(
            shape("2024-07-15", Some("Asia/Kolkata")),
            "2024-07-15T00:00:00+05:30"
        );
    }
    use rstest::rstest;

    #[rstest]
    #[case::date_only("2024-05-01", "2024-05-01")]
    #[case::local_time("2024-05-01T14:00:00", "2024-05-01T14:00:00")]
    #[case::utc("2024-05-01T14:00:00Z", "2024-05-01T14:00:00Z")]
    #[case::utc_millis("2021-04-07T13:00:00.000Z", "2021-04-07T13:00:00Z")]
    #[case::rfc3339_offset("2021-04-07T09:30:00-04:00", "2021-04-07T09:30:00-04:00")]
    #[case::jekyll_spaced_offset("2018-10-19 09:00:00 -0400", "2018-10-19T09:00:00-04:00")]
    #[case::go_zone_name("2018-10-19 09:00:00 +0000 UTC", "2018-10-19T09:00:00Z")]
    #[case::no_seconds("2019-05-13 10:30", "2019-05-13T10:30:00")]
    #[case::slashes("2019/05/13", "2019-05-13")]
    #[case::single_digit_month("2019-5-3", "2019-05-03")]
    #[case::surrounding_space("  2019-05-13 ", "2019-05-13")]
    fn parses_real_date_shapes(#[case] raw: &str, #[case] iso: &str) {
        let parsed = parse_date(raw).expect("date should parse");
        assert_eq!(parsed.to_iso8601(), iso);
        assert_eq!(parsed.raw, raw);
    }

    #[rstest]
    #[case::empty("")]
    #[case::words("last Tuesday")]
    #[case::impossible_day("2019-02-30")]
    #[case::french_words("le 13 mai, 2019")]
    #[case::trailing_garbage("2019-05-13 and more")]
    #[case::month_13("2019-13-01")]
    fn rejects_what_is_not_a_date(#[case] raw: &str) {
        assert_eq!(parse_date(raw), None);
    }

    #[test]
    fn offset_keeps_the_written_calendar_day() {
        // Late evening in Ottawa is the next day in UTC; permalinks use Ottawa's day.
        let parsed = parse_date("2020-06-30 23:30:00 -0400").expect("parses");
        assert_eq!(parsed.date, jiff::civil::date(2020, 6, 30));
    }

    #[test]
    fn sort_key_orders_time_within_a_day() {
        let morning = parse_date("2020-06-30T08:00:00").expect("parses");
        let evening = parse_date("2020-06-30T20:00:00").expect("parses");
        let day_only = parse_date("2020-06-30").expect("parses");
        assert!(day_only.sort_key() < morning.sort_key());
        assert!(morning.sort_key() < evening.sort_key());
    }

    #[rstest]
    #[case("2019-03-06-title.md", Some(("2019-03-06", "title.md")))]
    #[case("2019-03-06_title.md", Some(("2019-03-06", "title.md")))]
    #[case("title.md", None)]
    #[case("2019-3-6-title.md", None)]
    #[case("2019-02-31-title.md", None)]
    #[case("é", None)]
    fn date_from_jekyll_file_names(#[case] name: &str, #[case] expected: Option<(&str, &str)>) {
        let got = date_from_file_name(name).map(|(d, rest)| (d.to_iso8601(), rest));
        assert_eq!(
            got,
            expected.map(|(d, rest)| (d.to_string(), rest)),
            "file name {name}"
        );
    }
}
