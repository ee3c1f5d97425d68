//! Calendar dates of documents, read from ISO 8601, and the periods an audit groups them by.
//!
//! A datetime keeps the calendar date it was written with (`2020-10-05T23:30:00-04:00` is
//! 5 October): the date a newsroom published on, not the date in UTC.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// A length of time an audit groups dates by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One calendar day: `2020-10-05`.
    Day,
    /// One ISO 8601 week, Monday to Sunday: `2020-W41`.
    Week,
    /// One calendar month: `2020-10`.
    Month,
    /// One calendar year: `2020`.
    Year,
}

impl Date {
    /// The date of this year, month (1–12) and day, if it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Reads an ISO 8601 calendar date or datetime: `2020-10-05`, `2020-10-05T14:30:00Z`,
    /// `2020-10-05T14:30:00.123+04:00`, `2020-10-05 14:30` (a space for the `T`, as SQL dumps
    /// write). The time, if any, must be well formed; the date is the one written.
    ///
    /// # Errors
    /// A message saying what is wrong, for the caller to place in its file and line.
    pub fn parse_iso8601(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let bad = || {
            format!(
                "cannot read date {text:?}: expected ISO 8601, such as 2020-10-05 or 2020-10-05T14:30:00Z"
            )
        };
        let (date, time) = match text.find(['T', 't', ' ']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let mut parts = date.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let number = |s: &str| -> Option<u32> {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        let (Some(y), Some(m), Some(d)) = (number(y), number(m), number(d)) else {
            return Err(bad());
        };
        let date = Date::new(y as i32, m as u8, d as u8)
            .ok_or_else(|| format!("cannot read date {text:?}: no such day"))?;
        if let Some(time) = time {
            if !valid_time(time) {
                return Err(bad());
            }
        }
        Ok(date)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    fn days(self) -> i64 {
        // Shift the year to start in March so the leap day ends it (the usual civil-calendar
        // arithmetic, counting 400-year eras of 146,097 days).
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let m = i64::from(self.month);
        let day_of_year =
            (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Monday 1, Sunday 7.
    fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday.
        (self.days() + 3).rem_euclid(7) + 1
    }

    /// The ISO 8601 week-numbering year and week (1–53).
    pub fn iso_week(self) -> (i32, u8) {
        // The week belongs to the year of its Thursday.
        let thursday = Date::from_days(self.days() - self.weekday() + 4);
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = (thursday.days() - jan1.days()) / 7 + 1;
        (thursday.year, week as u8)
    }

    /// The first day of the period holding this date.
    pub fn start_of(self, period: Period) -> Date {
        match period {
            Period::Day => self,
            Period::Week => Date::from_days(self.days() - self.weekday() + 1),
            Period::Month => Date { day: 1, ..self },
            Period::Year => Date {
                month: 1,
                day: 1,
                ..self
            },
        }
    }

    /// The first day of the period after the one holding this date.
    pub fn next_period(self, period: Period) -> Date {
        let start = self.start_of(period);
        match period {
            Period::Day => Date::from_days(start.days() + 1),
            Period::Week => Date::from_days(start.days() + 7),
            Period::Month if start.month == 12 => Date {
                year: start.year + 1,
                month: 1,
                day: 1,
            },
            Period::Month => Date {
                month: start.month + 1,
                ..start
            },
            Period::Year => Date {
                year: start.year + 1,
                ..start
            },
        }
    }

    /// The label of the period holding this date: `2020-10-05`, `2020-W41`, `2020-10`, `2020`.
    pub fn label(self, period: Period) -> String {
        match period {
            Period::Day => self.to_string(),
            Period::Week => {
                let (year, week) = self.iso_week();
                format!("{year:04}-W{week:02}")
            }
            Period::Month => format!("{:04}-{:02}", self.year, self.month),
            Period::Year => format!("{:04}", self.year),
        }
    }

    /// Every period from the one holding `first` to the one holding `last`, in order, with the
    /// first day of each: the rows of a breakdown, periods without documents included.
    pub fn periods(first: Date, last: Date, period: Period) -> Vec<(Date, String)> {
        let mut out = Vec::new();
        let mut at = first.start_of(period);
        while at <= last {
            out.push((at, at.label(period)));
            at = at.next_period(period);
        }
        out
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `hh:mm`, `hh:mm:ss`, `hh:mm:ss.fff`, each optionally followed by `Z` or an offset.
fn valid_time(time: &str) -> bool {
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => (&time[..at], &time[at..]),
        None => (time, ""),
    };
    let two_digits = |s: &str, max: u32| {
        s.len() == 2
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|v| v <= max)
    };
    let offset_ok = match offset {
        "" | "Z" | "z" => true,
        _ => {
            let digits = &offset[1..];
            match digits.split_once(':') {
                Some((h, m)) => two_digits(h, 23) && two_digits(m, 59),
                None if digits.len() == 4 => {
                    two_digits(&digits[..2], 23) && two_digits(&digits[2..], 59)
                }
                None => two_digits(digits, 23),
            }
        }
    };
    let mut fields = clock.split(':');
    let (Some(h), Some(m)) = (fields.next(), fields.next()) else {
        return false;
    };
    let seconds_ok = match (fields.next(), fields.next()) {
        (None, None) => true,
        (Some(s), None) => {
            let (whole, fraction) = s.split_once(['.', ',']).unwrap_or((s, "0"));
            // 60 allows a leap second.
            two_digits(whole, 60)
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    two_digits(h, 24) && two_digits(m, 59) && seconds_ok && offset_ok
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse_iso8601(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso8601(&text).map_err(serde::de::Error::custom)
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            "year" => Ok(Period::Year),
            _ => Err(format!("unknown period {s:?}: day, week, month or year")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_and_datetimes_as_written() {
        for (text, expected) in [
            ("2020-10-05", "2020-10-05"),
            ("2020-10-05T14:30:00Z", "2020-10-05"),
            ("2020-10-05T23:30:00-04:00", "2020-10-05"),
            ("2020-10-05T23:30:00.123+0400", "2020-10-05"),
            ("2020-10-05 14:30", "2020-10-05"),
            ("2024-02-29T00:00:00+04", "2024-02-29"),
            ("  2020-01-31 ", "2020-01-31"),
        ] {
            assert_eq!(
                Date::parse_iso8601(text).unwrap().to_string(),
                expected,
                "{text}"
            );
        }
        for text in [
            "",
            "yesterday",
            "05/10/2020",
            "2020-10",
            "2020-13-01",
            "2023-02-29",
            "2020-10-05T25:00",
            "2020-10-05T14",
            "2020-10-05T14:30:00+4",
            "2020-1-05",
            "+2020-10-05",
        ] {
            assert!(Date::parse_iso8601(text).is_err(), "{text:?} is not a date");
        }
    }

    #[test]
    fn days_round_trip_and_weekdays_are_right() {
        for days in -800_000..800_000i64 {
            if days % 997 == 0 {
                assert_eq!(Date::from_days(days).days(), days);
            }
        }
        let monday = Date::new(2020, 10, 5).unwrap();
        assert_eq!(monday.weekday(), 1);
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
    }

    #[test]
    fn iso_weeks_follow_their_thursday() {
        // Table from the ISO 8601 rule: week 1 holds the year's first Thursday.
        for ((y, m, d), label) in [
            ((2020, 10, 5), "2020-W41"),
            ((2021, 1, 3), "2020-W53"),
            ((2021, 1, 4), "2021-W01"),
            ((2019, 12, 30), "2020-W01"),
            ((2026, 12, 31), "2026-W53"),
        ] {
            assert_eq!(Date::new(y, m, d).unwrap().label(Period::Week), label);
        }
    }

    #[test]
    fn periods_run_without_gaps_from_first_to_last() {
        let first = Date::new(2020, 11, 20).unwrap();
        let last = Date::new(2021, 2, 1).unwrap();
        let labels: Vec<String> = Date::periods(first, last, Period::Month)
            .into_iter()
            .map(|(_, l)| l)
            .collect();
        assert_eq!(labels, ["2020-11", "2020-12", "2021-01", "2021-02"]);
        assert_eq!(Date::periods(first, last, Period::Year).len(), 2);
        assert_eq!(Date::periods(first, last, Period::Day).len(), 74);
        let weeks = Date::periods(first, last, Period::Week);
        assert_eq!(weeks.first().unwrap().1, "2020-W47");
        assert_eq!(weeks.last().unwrap().1, "2021-W05");
    }
}
