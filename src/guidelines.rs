//! The guideline sections the product cites, and reading a citation.
//!
//! Rules, findings, option notes and model replies cite sections as authors
//! write them: `02 §3.5`, `02 §3.5, §7.6`, `02 §3.4–3.5`, `04 品格 2`,
//! `04 心理素质, 03 保密`, `03 confidentiality`. [`cite`] turns such a
//! string into section ids; [`Guidelines::resolve`] finds the section (by id,
//! alias, or the nearest parent: `02 §7.2.1` → `02 §7.2`). The index (ids,
//! aliases, titles in both languages) is embedded; the passages themselves
//! live in `guidelines/passages.json`, fetched by the app when first opened.
//! Both are built from the source texts by `tools/guideline-sections.py`.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::i18n::Text;

/// One citable section.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Section {
    /// Canonical id, e.g. `02 §3.5` or `04 三要三不`.
    pub id: String,
    /// Other ways authors cite it (`03 confidentiality` for `03 保密`).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub title: Text,
}

/// The index of citable sections.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Guidelines {
    pub sections: Vec<Section>,
}

/// A section's passage: the source text and an English summary in the
/// product's own words.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Passage {
    /// The source file, e.g. `02-basic-qualities-and-techniques.txt`.
    pub source: String,
    /// The source text (Chinese; 02 is in traditional script).
    pub passage: String,
    /// `{"en": …}`: what the section asks of an agent.
    pub summary: Summary,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Summary {
    pub en: String,
}

/// All passages, keyed by canonical section id.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Passages {
    pub passages: std::collections::BTreeMap<String, Passage>,
}

impl Passages {
    pub fn from_json(source: &str) -> Result<Passages, String> {
        serde_json::from_str(source).map_err(|e| e.to_string())
    }
}

impl Guidelines {
    pub fn from_json(source: &str) -> Result<Guidelines, String> {
        serde_json::from_str(source).map_err(|e| e.to_string())
    }

    /// The embedded index.
    pub fn builtin() -> &'static Guidelines {
        static INDEX: OnceLock<Guidelines> = OnceLock::new();
        INDEX.get_or_init(|| {
            Guidelines::from_json(include_str!("../guidelines/index.json"))
                .expect("guidelines/index.json is generated and tested")
        })
    }

    /// The section a single reference names: by id, by alias, or the nearest
    /// numbered parent (`02 §7.2.1` → `02 §7.2`).
    pub fn resolve(&self, reference: &str) -> Option<&Section> {
        let wanted = normalise(reference);
        let mut key = wanted.as_str();
        loop {
            let found = self
                .sections
                .iter()
                .find(|s| normalise(&s.id) == key || s.aliases.iter().any(|a| normalise(a) == key));
            if found.is_some() {
                return found;
            }
            // Drop the last `.n` of a numbered section, or a trailing item
            // number of a named one ("04 品格 2" → "04 品格").
            let cut = key.rfind(['.', ' '])?;
            if cut <= 3 {
                return None;
            }
            key = &key[..cut];
        }
    }

    /// Each section a citation names, resolved, in order, without repeats;
    /// references that name no known section are left out.
    pub fn sections_of<'g>(&'g self, citation: &str) -> Vec<&'g Section> {
        let mut out: Vec<&Section> = Vec::new();
        for reference in cite(citation) {
            if let Some(section) = self.resolve(&reference) {
                if !out.iter().any(|s| s.id == section.id) {
                    out.push(section);
                }
            }
        }
        out
    }
}

/// Spaces collapsed, full-width forms and traditional variants of the named
/// sections folded, so `02 §3.5` and `02 § 3.5` are one reference.
fn normalise(reference: &str) -> String {
    let folded = crate::text::normalize(reference.trim()).to_lowercase();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("§ ", "§")
}

/// Splits a citation into single references, carrying the document number
/// forward: `02 §3.5, §7.6` → `02 §3.5`, `02 §7.6`; `02 §3.4–3.5` →
/// `02 §3.4`, `02 §3.5`; `04 心理素质, 品格 3` → `04 心理素质`, `04 品格 3`;
/// `02 §3.18, point 4` → `02 §3.18` (a bare item number is part of the
/// section before it).
pub fn cite(citation: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut document: Option<String> = None;
    for part in citation.split([',', '，', ';', '；', '、', '/']) {
        let part = part.trim().trim_matches(['(', ')', '（', '）']).trim();
        if part.is_empty() {
            continue;
        }
        let (doc, rest) = match part.split_once(' ') {
            Some((d, r))
                if d.len() == 2 && d.starts_with('0') && d.chars().all(|c| c.is_ascii_digit()) =>
            {
                (d.to_string(), r.trim().to_string())
            }
            _ if part.len() == 2 && part.starts_with('0') => continue,
            _ => match &document {
                Some(d) => (d.clone(), part.to_string()),
                None => continue,
            },
        };
        document = Some(doc.clone());
        let first = rest.chars().next().unwrap_or(' ');
        // "point 4", "item 2": refines the previous reference, adds nothing.
        if first.is_ascii_alphabetic()
            && rest
                .split_whitespace()
                .nth(1)
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
            && !rest.starts_with("item")
        {
            continue;
        }
        if first.is_ascii_digit() && !rest.contains('§') && !out.is_empty() {
            continue;
        }
        // A range: §3.4–3.5 (same parent) → both ends and what lies between.
        if let Some((from, to)) = rest.split_once(['–', '—', '-', '~']) {
            let from = from.trim().trim_start_matches('§');
            let to = to.trim().trim_start_matches('§');
            if let (Some((parent, a)), Some(b)) =
                (from.rsplit_once('.'), to.rsplit_once('.').map(|(_, b)| b))
            {
                if let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) {
                    for n in a..=b.min(a + 20) {
                        out.push(format!("{doc} §{parent}.{n}"));
                    }
                    continue;
                }
            }
            out.push(format!("{doc} §{from}"));
            continue;
        }
        out.push(format!("{doc} {rest}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_split_into_single_references() {
        assert_eq!(cite("02 §3.5"), ["02 §3.5"]);
        assert_eq!(cite("02 §3.5, §7.6"), ["02 §3.5", "02 §7.6"]);
        assert_eq!(cite("02 §3.4–3.5"), ["02 §3.4", "02 §3.5"]);
        assert_eq!(cite("04 品格, 03 保密"), ["04 品格", "03 保密"]);
        assert_eq!(cite("04 心理素质, 品格 3"), ["04 心理素质", "04 品格 3"]);
        assert_eq!(cite("02 §3.18, point 4"), ["02 §3.18"]);
        assert_eq!(cite("02 §7.7, 03 跟进"), ["02 §7.7", "03 跟进"]);
        assert!(cite("").is_empty());
    }

    #[test]
    fn references_resolve_by_id_alias_and_parent() {
        let g = Guidelines::builtin();
        assert_eq!(g.resolve("02 §3.5").unwrap().id, "02 §3.5");
        assert_eq!(g.resolve("02 § 3.5").unwrap().id, "02 §3.5");
        assert_eq!(g.resolve("03 confidentiality").unwrap().id, "03 保密");
        assert_eq!(g.resolve("04 品格 2").unwrap().id, "04 品格");
        assert_eq!(g.resolve("02 §7.2.1").unwrap().id, "02 §7.2");
        assert_eq!(
            g.resolve("02 微信客服").unwrap().title.en,
            "Phone etiquette: the right words"
        );
        assert!(g.resolve("02 §9.9").is_none());
        assert!(g.resolve("nonsense").is_none());
        let ids: Vec<_> = g
            .sections_of("02 §3.5, §7.6, 02 §3.5")
            .into_iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(ids, ["02 §3.5", "02 §7.6"]);
    }

    #[test]
    fn every_indexed_section_has_a_passage() {
        let passages = Passages::from_json(include_str!("../guidelines/passages.json")).unwrap();
        for section in &Guidelines::builtin().sections {
            let p = passages
                .passages
                .get(&section.id)
                .unwrap_or_else(|| panic!("{}: no passage", section.id));
            assert!(
                !p.passage.trim().is_empty() && !p.summary.en.trim().is_empty(),
                "{}",
                section.id
            );
        }
    }
}
