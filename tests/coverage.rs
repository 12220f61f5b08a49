//! The README's coverage table (between `<!-- coverage:start -->` and
//! `<!-- coverage:end -->`) maps guideline sections to the built-in scenarios
//! that practise them. This test keeps the table honest: every listed section
//! has at least one scenario, every listed scenario exists in `scenarios/`,
//! and every listed scenario cites that section somewhere in its JSON (goals,
//! notes, model replies, debriefs), so the table cannot claim a practice the
//! scenario does not name. Citations are resolved with the app's own
//! guideline index (`service_dojo::guidelines`), so aliases count as the
//! section they name (`03 记录` is `03 跟进`, `04 品格 2` is `04 品格`).

use service_dojo::guidelines::Guidelines;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const START: &str = "<!-- coverage:start -->";
const END: &str = "<!-- coverage:end -->";

/// A guideline reference as the scenarios write it: the file number and one
/// section, e.g. ("02", "§7.5") or ("04", "三要三不").
type Citation = (String, String);

struct Row {
    line: usize,
    section: String,
    scenarios: Vec<String>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The table rows between the markers. Header and separator rows are skipped;
/// the first cell is the section, the last the scenario ids (comma-separated,
/// backticks optional).
fn table() -> Vec<Row> {
    let readme = fs::read_to_string(root().join("README.md")).expect("README.md is readable");
    let start = readme
        .find(START)
        .unwrap_or_else(|| panic!("README.md has no {START} marker"));
    let end = readme
        .find(END)
        .unwrap_or_else(|| panic!("README.md has no {END} marker"));
    assert!(start < end, "{START} must come before {END}");
    let first_line = readme[..start].lines().count();
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (offset, line) in readme[start..end].lines().enumerate() {
        let line = line.trim();
        if !line.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let separator = cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
        if separator {
            continue;
        }
        if !header_seen {
            // The first row is the header.
            header_seen = true;
            continue;
        }
        let section = cells[0].trim_matches('`').trim().to_string();
        let scenarios = cells
            .last()
            .copied()
            .unwrap_or("")
            .split([',', '，'])
            .map(|id| id.trim().trim_matches('`').trim().to_string())
            .filter(|id| !id.is_empty())
            .collect();
        rows.push(Row {
            line: first_line + offset,
            section,
            scenarios,
        });
    }
    rows
}

/// "02 §7.5" → ("02", "§7.5"); "04 三要三不" → ("04", "三要三不").
fn parse_section(section: &str) -> Option<Citation> {
    let (file, rest) = section.split_once(' ')?;
    let rest = rest.trim();
    if !matches!(file, "01" | "02" | "03" | "04" | "05") || rest.is_empty() {
        return None;
    }
    Some((file.to_string(), rest.to_string()))
}

/// Characters that end a section name in running text.
fn stops(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | '，'
                | '、'
                | ';'
                | '；'
                | ')'
                | '）'
                | '('
                | '（'
                | ':'
                | '：'
                | '"'
                | '“'
                | '”'
                | '。'
                | '.'
        )
}

/// "7.4–7.7" → §7.4, §7.5, §7.6, §7.7; "4.3.1–4.3.3" → three; "3.5" → one.
fn expand(spec: &str, out: &mut Vec<String>) {
    let spec = spec.trim_end_matches('.');
    let Some((from, to)) = spec.split_once(['–', '-', '—', '~']) else {
        out.push(format!("§{spec}"));
        return;
    };
    let (from, to) = (from.trim_end_matches('.'), to.trim_end_matches('.'));
    let start: Vec<&str> = from.split('.').collect();
    let end: Vec<&str> = to.split('.').collect();
    let same_prefix = end.len() == 1
        || (end.len() == start.len() && end[..end.len() - 1] == start[..start.len() - 1]);
    let numbers = (
        start.last().and_then(|s| s.parse::<u32>().ok()),
        end.last().and_then(|s| s.parse::<u32>().ok()),
    );
    match numbers {
        (Some(a), Some(b)) if same_prefix && a <= b && b - a <= 20 => {
            let prefix = start[..start.len() - 1].join(".");
            for n in a..=b {
                if prefix.is_empty() {
                    out.push(format!("§{n}"));
                } else {
                    out.push(format!("§{prefix}.{n}"));
                }
            }
        }
        _ => {
            out.push(format!("§{from}"));
            out.push(format!("§{to}"));
        }
    }
}

/// Every guideline citation in a text, as authors write them: "02 §7.5",
/// "02 §7.4–7.7", "02 §7.2, §7.7" (the file carries over to the next §),
/// "04 三要三不", "04 心理素质 3", "03 保密".
fn citations_in(text: &str, out: &mut BTreeSet<Citation>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i + 3 < chars.len() {
        let starts = chars[i] == '0'
            && ('1'..='5').contains(&chars[i + 1])
            && chars[i + 2] == ' '
            && (i == 0 || !chars[i - 1].is_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let file: String = chars[i..i + 2].iter().collect();
        let mut pos = i + 3;
        loop {
            if pos >= chars.len() {
                break;
            }
            if chars[pos] == '§' {
                let begin = pos + 1;
                let mut stop = begin;
                while stop < chars.len()
                    && (chars[stop].is_ascii_digit()
                        || matches!(chars[stop], '.' | '–' | '-' | '—' | '~'))
                {
                    stop += 1;
                }
                let spec: String = chars[begin..stop].iter().collect();
                let mut sections = Vec::new();
                if !spec.trim_end_matches('.').is_empty() {
                    expand(&spec, &mut sections);
                }
                for section in sections {
                    out.insert((file.clone(), section));
                }
                pos = stop;
            } else {
                let begin = pos;
                let mut stop = begin;
                while stop < chars.len() && !stops(chars[stop]) {
                    stop += 1;
                }
                if stop == begin {
                    break;
                }
                let word: String = chars[begin..stop].iter().collect();
                out.insert((file.clone(), word));
                pos = stop;
                // "04 心理素质 3": a sub-item number belongs to the same citation.
                let mut peek = pos;
                while peek < chars.len() && chars[peek] == ' ' {
                    peek += 1;
                }
                while peek < chars.len() && chars[peek].is_ascii_digit() {
                    peek += 1;
                    pos = peek;
                }
            }
            // "02 §7.2, §7.7" / "02 §3.4、§4.4.3": the next § keeps the file.
            let mut next = pos;
            while next < chars.len() && matches!(chars[next], ',' | '，' | '、' | ' ') {
                next += 1;
            }
            if next < chars.len() && next > pos && chars[next] == '§' {
                pos = next;
                continue;
            }
            break;
        }
        i = pos.max(i + 1);
    }
}

fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The guideline sections (their index ids) cited anywhere in a scenario
/// file, or why it could not be read.
fn scenario_sections(id: &str) -> Result<BTreeSet<String>, String> {
    let path = root().join("scenarios").join(format!("{id}.json"));
    let text = fs::read_to_string(&path).map_err(|_| format!("no file scenarios/{id}.json"))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("scenarios/{id}.json is not JSON: {e}"))?;
    let mut texts = Vec::new();
    strings(&json, &mut texts);
    let mut cited = BTreeSet::new();
    for text in &texts {
        citations_in(text, &mut cited);
    }
    let guidelines = Guidelines::builtin();
    Ok(cited
        .iter()
        .filter_map(|(file, section)| guidelines.resolve(&format!("{file} {section}")))
        .map(|section| section.id.clone())
        .collect())
}

#[test]
fn the_citation_reader_understands_how_authors_cite() {
    let mut got = BTreeSet::new();
    citations_in(
        "先安抚（02 §7.4–7.7、§3.5，05 §1.2）；also (02 §7.2, §7.7) and 04 心理素质 3, 04 三要三不：不责备, 03 保密。§4.3.1–4.3.3 of 02 §4.3.1–4.3.3",
        &mut got,
    );
    let want: BTreeSet<Citation> = [
        ("02", "§7.4"),
        ("02", "§7.5"),
        ("02", "§7.6"),
        ("02", "§7.7"),
        ("02", "§3.5"),
        ("05", "§1.2"),
        ("02", "§7.2"),
        ("04", "心理素质"),
        ("04", "三要三不"),
        ("03", "保密"),
        ("02", "§4.3.1"),
        ("02", "§4.3.2"),
        ("02", "§4.3.3"),
    ]
    .into_iter()
    .map(|(f, s)| (f.to_string(), s.to_string()))
    .collect();
    assert_eq!(got, want);
    // A section number inside another is not a citation of it.
    let mut other = BTreeSet::new();
    citations_in("(02 §3.12)", &mut other);
    assert!(!other.contains(&("02".to_string(), "§3.1".to_string())));
}

#[test]
fn every_listed_section_is_practised_by_scenarios_that_cite_it() {
    let rows = table();
    assert!(
        rows.len() >= 10,
        "the coverage table in README.md has only {} rows",
        rows.len()
    );
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &rows {
        let known = parse_section(&row.section)
            .and_then(|_| Guidelines::builtin().resolve(&row.section))
            .map(|section| section.id.clone());
        let Some(wanted) = known else {
            failures.push(format!(
                "README.md line {}: “{}” is not a known guideline section (file number 01–05, then the section, e.g. “02 §7.5”)",
                row.line, row.section
            ));
            continue;
        };
        if !seen.insert(wanted.clone()) {
            failures.push(format!("{}: listed twice", row.section));
        }
        if row.scenarios.is_empty() {
            failures.push(format!("{}: no scenario practises it", row.section));
        }
        for id in &row.scenarios {
            match scenario_sections(id) {
                Err(why) => failures.push(format!("{}: {why}", row.section)),
                Ok(cited) if !cited.contains(&wanted) => failures.push(format!(
                    "{}: scenario {id} does not cite it anywhere in its JSON",
                    row.section
                )),
                Ok(_) => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "coverage table:\n{}",
        failures.join("\n")
    );
}
