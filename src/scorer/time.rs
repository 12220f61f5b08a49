//! Times and money amounts in a normalised reply ("5分钟内", "半小时", "明天下午三点前",
//! "within 2 hours", "by 5 pm", "tomorrow", "68元", "$20"), with a time's
//! horizon in minutes where it is a duration or a day. Whether such a value
//! is a *commitment* is decided by `acts`, from the clause around it.

/// A time expression as a byte range, and its horizon in minutes if known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TimeValue {
    pub start: usize,
    pub end: usize,
    pub minutes: Option<u32>,
}

fn zh_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A number at `at`: ASCII digits or Chinese numerals up to 99 ("十五", "二十").
/// Returns the value and the byte after it.
fn number_at(text: &str, at: usize) -> Option<(u32, usize)> {
    let rest = &text[at..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        let value = digits.parse::<u32>().ok()?;
        return Some((value, at + digits.len()));
    }
    let mut value = 0u32;
    let mut current = None;
    let mut end = at;
    for c in rest.chars() {
        if let Some(d) = zh_digit(c) {
            current = Some(d);
        } else if c == '十' {
            value += current.unwrap_or(1) * 10;
            current = None;
        } else {
            break;
        }
        end += c.len_utf8();
    }
    (end > at).then(|| (value + current.unwrap_or(0), end))
}

const ZH_UNITS: [(&str, u32); 16] = [
    ("个工作日", 1440),
    ("工作日", 1440),
    ("个工作天", 1440),
    ("工作天", 1440),
    ("个小时", 60),
    ("小时", 60),
    ("个钟头", 60),
    ("钟头", 60),
    ("分钟", 1),
    ("个星期", 10080),
    ("星期", 10080),
    ("个礼拜", 10080),
    ("天", 1440),
    ("周", 10080),
    ("个月", 43200),
    ("分", 1),
];

const ZH_DAYS: [(&str, Option<u32>); 20] = [
    ("今天", Some(480)),
    ("今日", Some(480)),
    ("今晚", Some(480)),
    ("明天", Some(1440)),
    ("明早", Some(1440)),
    ("明晚", Some(1440)),
    ("后天", Some(2880)),
    ("下班前", Some(480)),
    ("下班之前", Some(480)),
    ("本周", Some(10080)),
    ("这周", Some(10080)),
    ("下周", Some(20160)),
    ("月底", None),
    ("周末", None),
    ("中午", None),
    ("今天下午", Some(480)),
    ("当天", Some(480)),
    ("当日", Some(480)),
    ("今早", Some(480)),
    ("下班以前", Some(480)),
];

const ZH_DAYPARTS: [&str; 7] = ["上午", "下午", "晚上", "中午", "早上", "傍晚", "凌晨"];

/// Every time expression in a normalised text, in order, not overlapping.
pub(super) fn times(text: &str) -> Vec<TimeValue> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let matched = zh_time_at(text, at).or_else(|| en_time_at(text, at));
        match matched {
            Some(value) => {
                at = value.end.max(at + 1);
                found.push(value);
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
        while !text.is_char_boundary(at) && at < text.len() {
            at += 1;
        }
    }
    found
}

fn zh_time_at(text: &str, at: usize) -> Option<TimeValue> {
    let rest = &text[at..];
    // 半小时 / 半个小时 / 一个半小时 / 5分钟(内)
    let (mut minutes, mut end) = if rest.starts_with("半个小时") {
        (Some(30), at + "半个小时".len())
    } else if rest.starts_with("半小时") {
        (Some(30), at + "半小时".len())
    } else if let Some((n, after)) = number_at(text, at) {
        // Never start inside a number: after "每10分钟" was rejected at "1",
        // the scan must not read "0分钟" as a time of its own.
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || zh_digit(c).is_some())
        {
            return None;
        }
        let tail = &text[after..];
        if let Some((unit, per)) = ZH_UNITS.iter().find(|(u, _)| tail.starts_with(u)) {
            // "美好的一天", "每天", "前一天": no span of time to keep.
            if text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| "的每这那哪好第上前".contains(c))
            {
                return None;
            }
            // "3点" is a clock time; "5分" alone after a clock time ("3点5分") too.
            if *unit == "分" && text[..at].ends_with('点') {
                return None;
            }
            let mut m = n * per;
            let mut end = after + unit.len();
            if text[end..].starts_with("半") && *per == 60 {
                m += 30;
                end += "半".len();
            }
            (Some(m), end)
        } else if tail.starts_with("点") {
            let mut end = after + "点".len();
            // "一点点", "偏小一点": a Chinese numeral before 点 is a clock
            // time only with a day part before it or 钟/半/分/前 after it.
            let digits = text[at..after].chars().all(|c| c.is_ascii_digit());
            let daypart = ZH_DAYPARTS.iter().any(|p| text[..at].ends_with(p))
                || ZH_DAYS.iter().any(|(d, _)| text[..at].ends_with(d));
            let clock_tail = ["钟", "半", "前", "以前", "之前", "左右", "整"]
                .iter()
                .any(|t| text[end..].starts_with(t))
                || number_at(text, end).is_some_and(|(_, a)| text[a..].starts_with("分"));
            if !digits && !daypart && !clock_tail {
                return None;
            }
            if text[end..].starts_with("钟") {
                end += "钟".len();
            }
            if text[end..].starts_with("半") {
                end += "半".len();
            } else if let Some((_, after_min)) = number_at(text, end) {
                if text[after_min..].starts_with("分") {
                    end = after_min + "分".len();
                }
            }
            (None, end)
        } else {
            return None;
        }
    } else if let Some((day, m)) = ZH_DAYS.iter().find(|(d, _)| rest.starts_with(d)) {
        let mut end = at + day.len();
        if let Some(part) = ZH_DAYPARTS.iter().find(|p| text[end..].starts_with(*p)) {
            end += part.len();
        }
        if let Some(clock) = zh_time_at(text, end).filter(|t| t.minutes.is_none()) {
            end = clock.end;
        }
        (*m, end)
    } else if let Some(part) = ZH_DAYPARTS.iter().find(|p| rest.starts_with(*p)) {
        let clock = zh_time_at(text, at + part.len()).filter(|t| t.minutes.is_none())?;
        (None, clock.end)
    } else if rest.starts_with("周") || rest.starts_with("星期") {
        let skip = if rest.starts_with("周") {
            "周".len()
        } else {
            "星期".len()
        };
        let c = text[at + skip..].chars().next()?;
        if !"一二三四五六日天".contains(c) {
            return None;
        }
        (None, at + skip + c.len_utf8())
    } else {
        return None;
    };
    for suffix in ["以内", "之内", "之前", "以前", "内", "前", "左右"] {
        if text[end..].starts_with(suffix) {
            end += suffix.len();
            if suffix == "左右" {
                minutes = minutes.map(|m| m + m / 5);
            }
            break;
        }
    }
    Some(TimeValue {
        start: at,
        end,
        minutes,
    })
}

fn en_word_at(text: &str, at: usize) -> Option<&str> {
    if text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let word: &str = text[at..]
        .split(|c: char| !c.is_ascii_alphanumeric() && c != ':')
        .next()?;
    (!word.is_empty()).then_some(word)
}

fn en_number(word: &str) -> Option<u32> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    match word {
        "a" | "an" => Some(1),
        "fifteen" => Some(15),
        "twenty" => Some(20),
        "thirty" => Some(30),
        "forty" => Some(40),
        "48" => Some(48),
        w => WORDS
            .iter()
            .position(|n| *n == w)
            .map(|p| p as u32)
            .or_else(|| w.parse().ok()),
    }
}

fn en_unit(word: &str) -> Option<u32> {
    Some(match word {
        "min" | "mins" | "minute" | "minutes" => 1,
        "hr" | "hrs" | "hour" | "hours" => 60,
        "day" | "days" => 1440,
        "week" | "weeks" => 10080,
        _ => return None,
    })
}

/// "within 2 hours", "in 10 minutes", "24 hours", "3-5 business days",
/// "by 5 pm", "by 5:30", "tomorrow", "by end of day", "tonight", "this afternoon".
fn en_time_at(text: &str, at: usize) -> Option<TimeValue> {
    let first = en_word_at(text, at)?;
    let words: Vec<(usize, &str)> = {
        let mut out = Vec::new();
        let mut pos = at;
        for _ in 0..7 {
            while pos < text.len() && matches!(text.as_bytes()[pos], b' ' | b'-') {
                pos += 1;
            }
            match en_word_at(text, pos) {
                Some(w) if pos < text.len() => {
                    out.push((pos, w));
                    pos += w.len();
                }
                _ => break,
            }
        }
        out
    };
    let end_of = |i: usize| words[i].0 + words[i].1.len();
    let day = |w: &str| -> Option<Option<u32>> {
        Some(match w {
            "today" | "tonight" => Some(480),
            "tomorrow" => Some(1440),
            "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" => {
                None
            }
            "noon" | "midnight" | "eod" => Some(480),
            _ => return None,
        })
    };
    // a duration: [number] [business|working]? unit
    let duration = |i: usize| -> Option<(u32, usize)> {
        let (_, n) = words.get(i)?;
        let n = if *n == "half" && words.get(i + 1).is_some_and(|w| w.1 == "an") {
            return words
                .get(i + 2)
                .filter(|w| w.1 == "hour")
                .map(|_| (30, end_of(i + 2)));
        } else {
            en_number(n)?
        };
        let mut j = i + 1;
        let mut upper = n;
        // "3-5 days", "5 to 7 days", "2 or 3 days": the upper bound counts
        if let Some(m) = words
            .get(j)
            .and_then(|w| en_number(w.1))
            .filter(|_| words[j].1 != "a" && words[j].1 != "an")
        {
            upper = m;
            j += 1;
        } else if let Some(m) = words
            .get(j)
            .filter(|w| matches!(w.1, "to" | "or"))
            .and_then(|_| words.get(j + 1))
            .and_then(|w| en_number(w.1))
        {
            upper = m;
            j += 2;
        }
        if words
            .get(j)
            .is_some_and(|w| matches!(w.1, "business" | "working"))
        {
            j += 1;
        }
        let per = en_unit(words.get(j)?.1)?;
        Some((upper * per, end_of(j)))
    };
    // "the hour", "the next hour", "the next 2 hours"
    let the_next = |i: usize| -> Option<(u32, usize)> {
        if words.get(i)?.1 != "the" {
            return None;
        }
        let i = if words.get(i + 1)?.1 == "next" {
            i + 2
        } else {
            i + 1
        };
        if let Some(per) = en_unit(words.get(i)?.1) {
            return Some((per, end_of(i)));
        }
        duration(i)
    };
    // a clock time: 5, 5pm, 5:30, 5 pm, 5:30 pm
    let clock = |i: usize| -> Option<usize> {
        let (_, w) = words.get(i)?;
        let digits = w.trim_end_matches("am").trim_end_matches("pm");
        let valid = !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit() || c == ':')
            && digits.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !valid {
            return None;
        }
        let suffixed = w.ends_with("am") || w.ends_with("pm") || digits.contains(':');
        if words.get(i + 1).is_some_and(|n| matches!(n.1, "am" | "pm")) {
            return Some(end_of(i + 1));
        }
        suffixed.then(|| end_of(i))
    };
    match first {
        "within" | "in" | "under" => {
            let (m, end) = duration(1).or_else(|| the_next(1))?;
            Some(TimeValue {
                start: at,
                end,
                minutes: Some(m),
            })
        }
        "by" | "before" | "until" => {
            let (_, next) = words.get(1)?;
            if let Some(end) = clock(1) {
                return Some(TimeValue {
                    start: at,
                    end,
                    minutes: None,
                });
            }
            if let Some(m) = day(next) {
                let mut end = end_of(1);
                if words
                    .get(2)
                    .is_some_and(|w| matches!(w.1, "morning" | "afternoon" | "evening" | "night"))
                {
                    end = end_of(2);
                }
                return Some(TimeValue {
                    start: at,
                    end,
                    minutes: m,
                });
            }
            // by the end of the day / by end of day
            let skip = if *next == "the" { 2 } else { 1 };
            if words.get(skip).is_some_and(|w| w.1 == "end")
                && words.get(skip + 1).is_some_and(|w| w.1 == "of")
            {
                let what = words.get(skip + 2)?;
                let (what_i, m) = if what.1 == "the" {
                    (skip + 3, words.get(skip + 3)?)
                } else {
                    (skip + 2, what)
                };
                let minutes = match m.1 {
                    "day" => Some(480),
                    "week" => Some(10080),
                    _ => None,
                };
                return Some(TimeValue {
                    start: at,
                    end: end_of(what_i),
                    minutes,
                });
            }
            None
        }
        "today" | "tonight" | "tomorrow" => {
            let mut end = end_of(0);
            if words
                .get(1)
                .is_some_and(|w| matches!(w.1, "morning" | "afternoon" | "evening" | "night"))
            {
                end = end_of(1);
            }
            Some(TimeValue {
                start: at,
                end,
                minutes: day(first).flatten(),
            })
        }
        "this" => {
            let (_, next) = words.get(1)?;
            matches!(*next, "afternoon" | "evening" | "morning" | "week").then(|| TimeValue {
                start: at,
                end: end_of(1),
                minutes: Some(if *next == "week" { 10080 } else { 480 }),
            })
        }
        _ => {
            if let Some((m, end)) = duration(0) {
                return Some(TimeValue {
                    start: at,
                    end,
                    minutes: Some(m),
                });
            }
            None
        }
    }
}

/// Money amounts: "68元", "20块", "¥50", "$20", "20 dollars", "£5".
pub(super) fn amounts(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let c = text[at..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if matches!(c, '$' | '¥' | '£' | '€' | '￥') {
            if let Some((_, end)) = number_at(text, at + len) {
                let end = skip_decimals(text, end);
                found.push((at, end));
                at = end;
                continue;
            }
        }
        let boundary = !text[..at]
            .chars()
            .next_back()
            .is_some_and(|p| p.is_ascii_digit() || zh_digit(p).is_some() || p == '十');
        if boundary {
            if let Some((_, after)) = number_at(text, at) {
                let end = skip_decimals(text, after);
                let tail = &text[end..];
                let unit = [
                    "块钱", "块", "元", "rmb", " yuan", " dollars", " bucks", " pounds", " euros",
                ]
                .into_iter()
                .find(|u| tail.starts_with(u));
                if let Some(u) = unit {
                    found.push((at, end + u.len()));
                    at = end + u.len();
                    continue;
                }
                at = end.max(at + len);
                continue;
            }
        }
        at += len;
    }
    found
}

fn skip_decimals(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    if rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        end + 1 + rest[1..].chars().take_while(|c| c.is_ascii_digit()).count()
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(text: &str) -> Vec<(String, Option<u32>)> {
        times(text)
            .into_iter()
            .map(|t| (text[t.start..t.end].to_string(), t.minutes))
            .collect()
    }

    #[test]
    fn chinese_durations_days_and_clock_times() {
        assert_eq!(
            minutes("我5分钟内给您回电"),
            vec![("5分钟内".into(), Some(5))]
        );
        assert_eq!(minutes("半小时之内"), vec![("半小时之内".into(), Some(30))]);
        // Seen playing angry-late-cake: "每10分钟" used to leave "0分钟" behind.
        assert_eq!(
            minutes("正常情况下20分钟内能到。我每10分钟给您同步一次位置"),
            vec![("20分钟内".into(), Some(20))]
        );
        assert_eq!(minutes("两个小时"), vec![("两个小时".into(), Some(120))]);
        assert_eq!(
            minutes("明天下午三点前送到"),
            vec![("明天下午三点前".into(), Some(1440))]
        );
        assert_eq!(minutes("下午4点前"), vec![("下午4点前".into(), None)]);
        assert_eq!(
            minutes("3到5个工作日"),
            vec![("5个工作日".into(), Some(7200))]
        );
    }

    #[test]
    fn english_durations_days_and_clock_times() {
        assert_eq!(
            minutes("i'll call you back within 2 hours."),
            vec![("within 2 hours".into(), Some(120))]
        );
        assert_eq!(
            minutes("by 5 pm today"),
            vec![("by 5 pm".into(), None), ("today".into(), Some(480))]
        );
        assert_eq!(
            minutes("in ten minutes"),
            vec![("in ten minutes".into(), Some(10))]
        );
        assert_eq!(
            minutes("by the end of the day"),
            vec![("by the end of the day".into(), Some(480))]
        );
        assert_eq!(
            minutes("tomorrow morning"),
            vec![("tomorrow morning".into(), Some(1440))]
        );
        assert!(minutes("in the box").is_empty());
    }

    #[test]
    fn ranges_hours_and_look_alikes() {
        assert_eq!(
            minutes("within the hour"),
            vec![("within the hour".into(), Some(60))]
        );
        assert_eq!(
            minutes("within the next 2 hours"),
            vec![("within the next 2 hours".into(), Some(120))]
        );
        assert_eq!(
            minutes("within 5 to 7 business days"),
            vec![("within 5 to 7 business days".into(), Some(10080))]
        );
        assert_eq!(
            minutes("三个工作天内"),
            vec![("三个工作天内".into(), Some(4320))]
        );
        assert_eq!(
            minutes("下单当天就会出货"),
            vec![("当天".into(), Some(480))]
        );
        // "一点点", "偏小一点", "美好的一天": no clock, no span of time
        assert!(minutes("有一点点色差").is_empty());
        assert!(minutes("这款偏小一点").is_empty());
        assert!(minutes("祝您有美好的一天").is_empty());
        assert_eq!(minutes("下午一点前"), vec![("下午一点前".into(), None)]);
        assert_eq!(minutes("一点半"), vec![("一点半".into(), None)]);
    }

    #[test]
    fn money_amounts() {
        let text = "退您68元,另外$20 和 5 dollars";
        let got: Vec<&str> = amounts(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(got, vec!["68元", "$20", "5 dollars"]);
        assert!(amounts("3到5个工作日").is_empty());
    }
}
