//! SCORM's time formats. Times in the app are milliseconds (since the Unix
//! epoch, or elapsed); the LMS wants text in each version's own format:
//! SCORM 1.2 time spans `HHHH:MM:SS.SS` (CMITimespan) and times of day
//! `HH:MM:SS` (CMITime), SCORM 2004 ISO 8601 durations (`PT1H2M3.45S`) and
//! time stamps, xAPI ISO 8601 time stamps with milliseconds.

/// Whole centiseconds of a non-negative, finite duration (anything else is 0).
fn centis(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        (ms / 10.0).round() as u64
    } else {
        0
    }
}

/// SCORM 1.2 CMITimespan: `HHHH:MM:SS.SS` (hours up to 9999; longer is capped).
pub fn timespan_12(ms: f64) -> String {
    let c = centis(ms).min(9_999 * 360_000 + 359_999);
    let (h, rest) = (c / 360_000, c % 360_000);
    let (m, rest) = (rest / 6_000, rest % 6_000);
    let (s, cs) = (rest / 100, rest % 100);
    format!("{h:04}:{m:02}:{s:02}.{cs:02}")
}

/// SCORM 2004 timeinterval (ISO 8601 duration): `PT1H2M3.45S`, `PT0S`.
/// Hours are not folded into days: an LMS adds them up either way.
pub fn duration_2004(ms: f64) -> String {
    let c = centis(ms);
    let (h, rest) = (c / 360_000, c % 360_000);
    let (m, rest) = (rest / 6_000, rest % 6_000);
    let (s, cs) = (rest / 100, rest % 100);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if cs > 0 {
        out.push_str(&format!("{s}.{cs:02}S"));
    } else if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
}

/// Calendar date and time of day (UTC) of milliseconds since the epoch.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    millis: u32,
}

fn civil(ms: f64) -> Civil {
    let ms = if ms.is_finite() {
        ms.max(0.0) as i64
    } else {
        0
    };
    let (days, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    // Howard Hinnant's days → civil date (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (in_day / 3_600_000) as u32,
        minute: (in_day / 60_000 % 60) as u32,
        second: (in_day / 1_000 % 60) as u32,
        millis: (in_day % 1_000) as u32,
    }
}

/// SCORM 1.2 CMITime, the time of day (UTC): `HH:MM:SS`.
pub fn time_of_day_12(epoch_ms: f64) -> String {
    let c = civil(epoch_ms);
    format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second)
}

/// SCORM 2004 time(second,10,0), UTC: `2026-11-29T22:10:12.34Z`.
pub fn timestamp_2004(epoch_ms: f64) -> String {
    let c = civil(epoch_ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:02}Z",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.millis / 10
    )
}

/// xAPI timestamp (ISO 8601, UTC, milliseconds): `2026-11-29T22:10:12.345Z`.
pub fn timestamp_xapi(epoch_ms: f64) -> String {
    let c = civil(epoch_ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.millis
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scorm_12_time_spans() {
        assert_eq!(timespan_12(0.0), "0000:00:00.00");
        assert_eq!(timespan_12(65_300.0), "0000:01:05.30");
        assert_eq!(timespan_12(3_600_000.0 * 27.0 + 4.0), "0027:00:00.00");
        assert_eq!(timespan_12(f64::NAN), "0000:00:00.00");
        assert_eq!(timespan_12(-5.0), "0000:00:00.00");
        // Capped at the format's 9999 hours.
        assert_eq!(timespan_12(1e15), "9999:59:59.99");
    }

    #[test]
    fn scorm_2004_durations() {
        assert_eq!(duration_2004(0.0), "PT0S");
        assert_eq!(duration_2004(3_450.0), "PT3.45S");
        assert_eq!(duration_2004(60_000.0), "PT1M");
        assert_eq!(duration_2004(3_723_450.0), "PT1H2M3.45S");
        assert_eq!(duration_2004(3_600_000.0 * 30.0), "PT30H");
        assert_eq!(duration_2004(5.0), "PT0.01S");
    }

    #[test]
    fn time_stamps() {
        // 2026-11-29 22:10:12.345 UTC.
        let ms = 1_795_990_212_345.0;
        assert_eq!(timestamp_xapi(ms), "2026-11-29T22:10:12.345Z");
        assert_eq!(timestamp_2004(ms), "2026-11-29T22:10:12.34Z");
        assert_eq!(time_of_day_12(ms), "22:10:12");
        assert_eq!(timestamp_xapi(0.0), "1970-01-01T00:00:00.000Z");
        // A leap day.
        assert_eq!(
            timestamp_xapi(951_782_400_000.0),
            "2000-02-29T00:00:00.000Z"
        );
    }
}
