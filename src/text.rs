//! Text normalisation shared by the scorer's patterns and the replies it reads.
//!
//! Every character maps to exactly one character, so a span found in the
//! normalised text is the same span (in characters) in what the trainee typed.
//! Traditional characters become simplified, full-width ASCII becomes
//! half-width, Chinese punctuation becomes its ASCII counterpart and Latin
//! letters become lower case: "我們保證！" and "我们保证!" read the same.

use std::sync::OnceLock;

/// Traditional → simplified pairs, sorted by the traditional character.
fn t2s_table() -> &'static [(char, char)] {
    static TABLE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut pairs: Vec<(char, char)> = include_str!("../rules/t2s.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut chars = line.chars();
                Some((chars.next()?, chars.next()?))
            })
            .collect();
        pairs.sort_unstable();
        pairs
    })
}

/// The canonical form of one character.
pub fn normalize_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            ascii.to_ascii_lowercase()
        }
        '\u{3000}' | '\u{00A0}' | '\t' => ' ',
        '\r' => '\n',
        '。' | '…' => '.',
        '、' => ',',
        '“' | '”' | '「' | '」' | '『' | '』' | '《' | '》' => '"',
        '‘' | '’' | '`' => '\'',
        '—' | '–' => '-',
        '〜' => '~',
        c if (c as u32) < 0x2E80 => c,
        c => match t2s_table().binary_search_by_key(&c, |&(from, _)| from) {
            Ok(index) => t2s_table()[index].1,
            Err(_) => c,
        },
    }
}

/// A normalised copy of a text with a map back to character positions.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// `char_at[byte]` is the character index of the character starting at
    /// that byte of `text` (and `char_at[text.len()]` the character count).
    char_at: Vec<u32>,
    /// The text as typed, for quoting the trainee's own words back.
    original: String,
    /// Byte offset in `original` of each character (and its length at the end).
    original_at: Vec<u32>,
}

impl Normalized {
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut char_at = Vec::with_capacity(original.len() + 1);
        let mut original_at: Vec<u32> = original.char_indices().map(|(i, _)| i as u32).collect();
        original_at.push(original.len() as u32);
        for (index, c) in original.chars().enumerate() {
            let n = normalize_char(c);
            for _ in 0..n.len_utf8() {
                char_at.push(index as u32);
            }
            text.push(n);
        }
        char_at.push(original.chars().count() as u32);
        Normalized {
            text,
            char_at,
            original: original.to_string(),
            original_at,
        }
    }

    /// Character index of a byte offset in the normalised text.
    pub fn char_index(&self, byte: usize) -> usize {
        self.char_at[byte] as usize
    }

    /// The original characters behind a byte range of the normalised text
    /// ("５分鐘內" rather than its normalised "5分钟内").
    pub fn original_slice(&self, start: usize, end: usize) -> String {
        let (from, to) = (self.char_index(start), self.char_index(end));
        self.original[self.original_at[from] as usize..self.original_at[to] as usize].to_string()
    }

    pub fn char_count(&self) -> usize {
        *self.char_at.last().unwrap_or(&0) as usize
    }
}

/// Normalise a whole string (patterns are normalised with the same function
/// as the text they are matched against).
pub fn normalize(s: &str) -> String {
    s.chars().map(normalize_char).collect()
}

/// Clause boundaries: negation never reaches across them.
pub fn is_clause_break(c: char) -> bool {
    matches!(c, '.' | ',' | '!' | '?' | ';' | ':' | '\n' | '~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_full_width_become_simplified_ascii() {
        assert_eq!(normalize("我們保證！ＯＫ"), "我们保证!ok");
        assert_eq!(normalize("對不起，讓您久等了。"), "对不起,让您久等了.");
    }

    #[test]
    fn spans_map_back_to_original_characters() {
        let n = Normalized::new("é我們");
        let byte = n.text.find('们').unwrap();
        assert_eq!(n.char_index(byte), 2);
        assert_eq!(n.char_count(), 3);
    }
}
