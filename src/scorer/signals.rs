//! Structural measurements of a reply: how much it says, whether it shouts,
//! repeats itself, parrots the customer, is gibberish or filler, and whether it
//! touches the customer's topic at all. These are what keyword matching alone
//! cannot see, and what makes the scorer hard to game.

use std::collections::BTreeSet;

use crate::i18n::is_han;

use super::Scorer;

pub(super) struct Signals {
    /// Han characters plus Latin words: a script-neutral measure of length.
    pub content_units: usize,
    pub curt: bool,
    pub shouting: Option<[usize; 2]>,
    pub repetitive: bool,
    pub echo: bool,
    pub gibberish: bool,
    pub filler_only: bool,
    pub touches_customer_topic: bool,
    pub customer_has_topic: bool,
    pub asks_question: bool,
}

impl Signals {
    /// The reason a reply is not a real reply, if it is not.
    pub fn degenerate(&self) -> Option<&'static str> {
        if self.echo {
            Some("echo")
        } else if self.filler_only {
            Some("filler_only")
        } else if self.gibberish {
            Some("gibberish")
        } else if self.repetitive {
            Some("repetition")
        } else {
            None
        }
    }

    pub fn measure(scorer: &Scorer, original: &str, reply: &str, customer: &str) -> Signals {
        let detectors = &scorer.rules.detectors;
        let content_units = content_units(reply);
        let reply_tokens = tokens(reply);
        let customer_tokens: BTreeSet<&str> = tokens(customer).into_iter().collect();

        let distinct: BTreeSet<&str> = reply_tokens.iter().copied().collect();
        let repetitive = reply_tokens.len() as f64
            >= detectors["repetition"].param("min_tokens", 6.0)
            && (distinct.len() as f64)
                < reply_tokens.len() as f64 * detectors["repetition"].param("distinct_ratio", 0.5);

        let copied = reply_tokens
            .iter()
            .filter(|t| customer_tokens.contains(*t))
            .count();
        let echo = reply_tokens.len() >= 4
            && customer_tokens.len() >= 4
            && copied as f64
                >= reply_tokens.len() as f64 * detectors["echo"].param("copied_ratio", 0.75);

        let topic: BTreeSet<&str> = customer_tokens
            .iter()
            .copied()
            .filter(|t| !scorer.stopwords.contains(*t) && t.chars().count() >= 2)
            .filter(|t| !t.is_ascii() || t.len() >= 3)
            .collect();
        let touches_customer_topic = reply_tokens.iter().any(|t| topic.contains(t));

        let mut without_filler = String::with_capacity(reply.len());
        let mut last = 0;
        for m in scorer.filler.find_iter(reply) {
            without_filler.push_str(&reply[last..m.start()]);
            without_filler.push(' ');
            last = m.end();
        }
        without_filler.push_str(&reply[last..]);
        let filler_only = content_units > 0 && self::content_units(&without_filler) == 0;

        Signals {
            content_units,
            curt: (content_units as f64) < detectors["curt"].param("min_units", 5.0),
            shouting: shouting(
                original,
                reply,
                detectors["shouting"].param("caps_words", 2.0) as usize,
            ),
            repetitive,
            echo,
            gibberish: gibberish(reply),
            filler_only,
            touches_customer_topic,
            customer_has_topic: !topic.is_empty(),
            asks_question: reply.contains('?') || reply.contains("吗") || reply.contains("呢"),
        }
    }
}

/// Han characters and Latin words (a word must hold a letter).
fn content_units(text: &str) -> usize {
    let han = text.chars().filter(|&c| is_han(c)).count();
    let words = text
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    han + words
}

/// Han bigrams (a lone Han character counts as itself) and Latin words.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut run: Vec<(usize, char)> = Vec::new();
    fn flush_run<'t>(run: &mut Vec<(usize, char)>, out: &mut Vec<&'t str>, text: &'t str) {
        if run.len() == 1 {
            let (start, c) = run[0];
            out.push(&text[start..start + c.len_utf8()]);
        }
        for pair in run.windows(2) {
            let (start, _) = pair[0];
            let (second, c) = pair[1];
            out.push(&text[start..second + c.len_utf8()]);
        }
        run.clear();
    }
    let mut word_start: Option<usize> = None;
    for (index, c) in text.char_indices() {
        if is_han(c) {
            run.push((index, c));
        } else {
            flush_run(&mut run, &mut out, text);
        }
        let wordish = c.is_ascii_alphanumeric() || c == '\'';
        match (wordish, word_start) {
            (true, None) => word_start = Some(index),
            (false, Some(start)) => {
                out.push(&text[start..index]);
                word_start = None;
            }
            _ => {}
        }
    }
    flush_run(&mut run, &mut out, text);
    if let Some(start) = word_start {
        out.push(&text[start..]);
    }
    out
}

/// Runs of `!!`/`??`/`?!`, or several words in capitals.
fn shouting(original: &str, normalized: &str, caps_words: usize) -> Option<[usize; 2]> {
    let chars: Vec<char> = normalized.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        if matches!(chars[index], '!' | '?') {
            let start = index;
            while index < chars.len() && matches!(chars[index], '!' | '?') {
                index += 1;
            }
            let run = &chars[start..index];
            if run.len() >= 3 || (run.len() == 2 && run.contains(&'!')) {
                return Some([start, index]);
            }
        } else {
            index += 1;
        }
    }
    let mut caps = Vec::new();
    let mut letters_words = 0;
    let mut position = 0;
    for word in original.split(|c: char| !c.is_ascii_alphabetic()) {
        let count = word.chars().count();
        if count > 0 {
            letters_words += 1;
            if count >= 3 && word.chars().all(|c| c.is_ascii_uppercase()) {
                let start = original[..position].chars().count();
                caps.push([start, start + count]);
            }
        }
        position += word.len()
            + original[position + word.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
    }
    if caps.len() >= caps_words && caps.len() * 2 >= letters_words {
        return Some([caps[0][0], caps[caps.len() - 1][1]]);
    }
    None
}

/// Keyboard mashing and symbol soup: no Han characters, and either no letters
/// at all or mostly unpronounceable words.
fn gibberish(text: &str) -> bool {
    if text.chars().any(is_han) {
        return false;
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        // Digits and symbols only ("123", "😀😀", "!!!").
        return text.chars().any(|c| !c.is_whitespace());
    }
    let implausible = words.iter().filter(|w| !plausible_word(w)).count();
    implausible * 2 >= words.len() && implausible > 0
}

fn plausible_word(word: &str) -> bool {
    let vowels = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    if word.len() > 18 || !word.chars().any(vowels) && word.len() > 1 {
        return false;
    }
    let mut run = 0;
    for c in word.chars() {
        run = if vowels(c) { 0 } else { run + 1 };
        if run >= 5 {
            return false;
        }
    }
    // Runs like "asdf", "qwer", "jkl" that no English word starts with.
    const MASHES: [&str; 10] = [
        "asd", "sdf", "dfg", "qwe", "wer", "jkl", "zxc", "xcv", "hjk", "fgh",
    ];
    !MASHES.iter().any(|m| word.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_han_bigrams_and_words() {
        assert_eq!(tokens("您好呀 ok"), vec!["您好", "好呀", "ok"]);
        assert_eq!(tokens("好"), vec!["好"]);
    }

    #[test]
    fn shouting_finds_runs_and_capitals() {
        assert_eq!(shouting("x!!", "x!!", 2), Some([1, 3]));
        assert_eq!(shouting("好?", "好?", 2), None);
        assert!(shouting("WHY ARE you LATE", "why are you late", 2).is_some());
        assert!(shouting("I got an SMS", "i got an sms", 2).is_none());
    }

    #[test]
    fn mashing_is_gibberish_but_words_are_not() {
        assert!(gibberish("asdkjh qwe"));
        assert!(gibberish("😀😀😀"));
        assert!(!gibberish("We will refund you today"));
        assert!(!gibberish("我们马上处理"));
    }
}
