//! Structural measurements of a reply: how much it says (and whether it comes
//! in clipped fragments), whether it shouts, repeats itself, parrots the
//! customer or throws their words back as a bare question, challenges "you"
//! without a courteous word, is gibberish or filler, gives away another
//! person's contact details, and whether it touches the customer's topic at
//! all. These are what keyword matching alone cannot see, and what makes the
//! scorer hard to game.

use std::collections::HashSet;

use crate::i18n::is_han;

use super::context::Structure;
use super::detectors::Detector;
use super::Scorer;

pub(super) struct Signals {
    /// Runs of `!!`/`???` or words in capitals, as character spans.
    pub shouting: Vec<[usize; 2]>,
    /// Another person's phone, e-mail or address given away (byte span).
    pub leak: Option<(usize, usize)>,
    pub repetitive: bool,
    pub echo: bool,
    pub gibberish: bool,
    /// The customer's own words quoted back at them (byte span).
    pub scare_quote: Option<(usize, usize)>,
    pub filler_only: bool,
    /// A short bare question made of the customer's own words ("骗钱?",
    /// "Stingy?"), thrown back at them (byte span).
    pub echo_question: Option<(usize, usize)>,
    /// A question or exclamation thrown at "you" with no courtesy (byte span).
    pub challenge: Option<(usize, usize)>,
    pub customer_has_topic: bool,
    pub asks_question: bool,
}

impl Signals {
    /// The reason a reply is not a real reply, if it is not.
    pub fn degenerate(&self) -> Option<Detector> {
        if self.echo {
            Some(Detector::Echo)
        } else if self.filler_only {
            Some(Detector::FillerOnly)
        } else if self.gibberish {
            Some(Detector::Gibberish)
        } else if self.repetitive {
            Some(Detector::Repetition)
        } else {
            None
        }
    }

    pub fn measure(
        scorer: &Scorer,
        original: &str,
        reply: &str,
        customer: &str,
        structure: &Structure,
    ) -> Signals {
        let rules = &scorer.rules;
        let latin = scorer.rules.latin_word_units;
        let content_units = content_units(reply, latin);
        let reply_tokens = tokens(reply);
        let customer_tokens: HashSet<&str> = tokens(customer).into_iter().collect();

        let distinct: HashSet<&str> = reply_tokens.iter().copied().collect();
        let repetitive = reply_tokens.len() as f64
            >= rules
                .detector(Detector::Repetition)
                .param("min_tokens", 6.0)
            && (distinct.len() as f64)
                < reply_tokens.len() as f64
                    * rules
                        .detector(Detector::Repetition)
                        .param("distinct_ratio", 0.5);

        let copied = reply_tokens
            .iter()
            .filter(|t| customer_tokens.contains(*t))
            .count();
        let echo = reply_tokens.len() >= 4
            && customer_tokens.len() >= 4
            && copied as f64
                >= reply_tokens.len() as f64
                    * rules.detector(Detector::Echo).param("copied_ratio", 0.75);

        let topic: HashSet<&str> = customer_tokens
            .iter()
            .copied()
            .filter(|t| !scorer.stopwords.contains(*t) && t.chars().count() >= 2)
            .filter(|t| !t.is_ascii() || t.len() >= 3)
            .collect();
        let max_units = rules
            .detector(Detector::EchoQuestion)
            .param("max_units", 4.0);
        let echo_question = structure.blunt_questions().find(|&(start, end)| {
            let sentence = &reply[start..end];
            !sentence.contains(['吗', '呢'])
                && self::content_units(sentence, latin) <= max_units
                && tokens(sentence).iter().any(|t| topic.contains(t))
        });

        let mut without_filler = String::with_capacity(reply.len());
        let mut last = 0;
        for m in scorer.filler.find_iter(reply) {
            without_filler.push_str(&reply[last..m.start()]);
            without_filler.push(' ');
            last = m.end();
        }
        without_filler.push_str(&reply[last..]);
        let filler_only = content_units > 0.0 && self::content_units(&without_filler, latin) == 0.0;

        Signals {
            shouting: shouting(
                original,
                reply,
                rules.detector(Detector::Shouting).param("caps_words", 2.0) as usize,
            ),
            leak: leak(scorer, reply, customer, structure),
            repetitive,
            echo,
            gibberish: gibberish(reply),
            scare_quote: super::scare_quotes::scare_quote(reply, customer),
            filler_only,
            echo_question,
            challenge: structure
                .challenges()
                .find(|&(start, end)| !reply[start..end].starts_with("你好")),
            customer_has_topic: !topic.is_empty(),
            asks_question: reply.contains('?') || reply.contains("吗") || reply.contains("呢"),
        }
    }
}

/// Han characters and Latin words (a word must hold a letter), each Latin
/// word counting `latin` units.
pub(super) fn content_units(text: &str, latin: f64) -> f64 {
    let han = text.chars().filter(|&c| is_han(c)).count();
    let words = text
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    han as f64 + words as f64 * latin
}

/// A sentence that names a third person and gives away how to reach them:
/// a phone number, an e-mail address, a street address, or words such as
/// "住在" / "her email is". A negated clause ("他的电话不能给您") gives nothing away.
pub(super) fn leak(
    scorer: &Scorer,
    text: &str,
    customer: &str,
    structure: &Structure,
) -> Option<(usize, usize)> {
    let mut third: Vec<usize> = scorer
        .third_party
        .find_iter(text)
        .filter(|m| scorer.third_party_real[m.pattern().as_usize()])
        .filter(|m| {
            // Latin words stand alone ("her", not "here").
            let word = &text[m.start()..m.end()];
            !word.is_ascii()
                || (!text[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
                    && !text[m.end()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric()))
        })
        .map(|m| m.start())
        .collect();
    // A customer acting for their family ("mum's pension hasn't arrived…
    // she's 84"), or asking after their courier ("the rider won't answer,
    // where is he?"), hears about that person: no other customer's details
    // are given.
    if third.is_empty() || for_family(customer) || asks_after_courier(customer) {
        return None;
    }
    third.sort_unstable();
    let disclosures: Vec<(usize, usize)> = scorer
        .disclosure
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .filter(|&(start, _)| !structure.negated_at(start))
        .collect();
    for (start, end) in structure.sentence_ranges() {
        let first = third.partition_point(|&t| t < start);
        if third.get(first).is_none_or(|&t| t >= end) {
            continue;
        }
        let sentence = &text[start..end];
        if let Some((s, e)) = payload(sentence) {
            if !structure.negated_at(start + s) {
                return Some((start + s, start + e));
            }
        }
        let index = disclosures.partition_point(|&(s, _)| s < start);
        if let Some(&(s, e)) = disclosures.get(index).filter(|&&(s, _)| s < end) {
            return Some((s, e));
        }
    }
    None
}

/// Whether the customer's message is about the person delivering to them.
fn asks_after_courier(customer: &str) -> bool {
    const COURIER: [&str; 12] = [
        "rider",
        "driver",
        "courier",
        "delivery guy",
        "postman",
        "engineer",
        "骑手",
        "配送员",
        "快递员",
        "司机",
        "师傅",
        "外卖员",
    ];
    COURIER
        .iter()
        .any(|k| super::substance::has_word(customer, k))
}

/// Whether the customer speaks for a member of their own family.
fn for_family(customer: &str) -> bool {
    const KIN: [&str; 24] = [
        "mum",
        "mom",
        "mother",
        "dad",
        "father",
        "husband",
        "wife",
        "son",
        "daughter",
        "grandma",
        "grandad",
        "grandpa",
        "我妈",
        "我爸",
        "妈妈",
        "爸爸",
        "老公",
        "老婆",
        "儿子",
        "女儿",
        "我奶奶",
        "我爷爷",
        "我外婆",
        "我母亲",
    ];
    KIN.iter().any(|k| super::substance::has_word(customer, k))
}

/// A phone number (at least seven digits or masks in a run) or an e-mail address.
fn payload(sentence: &str) -> Option<(usize, usize)> {
    let bytes = sentence.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let b = bytes[index];
        if b.is_ascii_digit() || b == b'*' {
            let start = index;
            let mut digits = 0;
            let mut marks = 0;
            while index < bytes.len()
                && (bytes[index].is_ascii_digit() || matches!(bytes[index], b'*' | b'-' | b' '))
            {
                if bytes[index].is_ascii_digit() {
                    digits += 1;
                }
                if bytes[index] == b'*' {
                    marks += 1;
                }
                index += 1;
            }
            if digits >= 4 && digits + marks >= 7 {
                return Some((start, index));
            }
        } else if b == b'@' {
            let before = sentence[..index]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let after = &sentence[index + 1..];
            let domain: &str = after
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                .next()
                .unwrap_or("")
                .trim_end_matches('.');
            if before && domain.contains('.') {
                let start = sentence[..index]
                    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                    .map_or(0, |p| p + 1);
                return Some((start, index + 1 + domain.len()));
            }
            index += 1;
        } else {
            index += 1;
        }
    }
    None
}

/// Han bigrams (a lone Han character counts as itself) and Latin words.
pub(super) fn tokens(text: &str) -> Vec<&str> {
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

/// Runs of `!!`/`???`/`?!` (each one), and several words in capitals (one span).
fn shouting(original: &str, normalized: &str, caps_words: usize) -> Vec<[usize; 2]> {
    let mut found = Vec::new();
    let mut run_start = None;
    let mut run = (0usize, false);
    for (index, c) in normalized.chars().chain(std::iter::once(' ')).enumerate() {
        if matches!(c, '!' | '?') {
            if run_start.is_none() {
                run_start = Some(index);
                run = (0, false);
            }
            run.0 += 1;
            run.1 |= c == '!';
        } else if let Some(start) = run_start.take() {
            if run.0 >= 3 || (run.0 == 2 && run.1) {
                found.push([start, index]);
            }
        }
    }
    let mut caps = Vec::new();
    let mut letters_words = 0;
    let mut word_start = None;
    let mut word_upper = true;
    for (index, c) in original.chars().chain(std::iter::once(' ')).enumerate() {
        if c.is_ascii_alphabetic() {
            if word_start.is_none() {
                word_start = Some(index);
                word_upper = true;
            }
            word_upper &= c.is_ascii_uppercase();
        } else if let Some(start) = word_start.take() {
            letters_words += 1;
            if index - start >= 3 && word_upper {
                caps.push([start, index]);
            }
        }
    }
    if caps.len() >= caps_words && caps.len() * 2 >= letters_words {
        found.push([caps[0][0], caps[caps.len() - 1][1]]);
    }
    found
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
    // Chat filler carries no content either way: "asdf hgjk lol ok ok" is
    // two mashed words and filler, not a sentence.
    const FILLER: [&str; 12] = [
        "lol", "ok", "okay", "haha", "hahaha", "hmm", "um", "uh", "lmao", "ya", "k", "xd",
    ];
    let content: Vec<&&str> = words
        .iter()
        .filter(|w| !FILLER.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    let implausible = content.iter().filter(|w| !plausible_word(w)).count();
    implausible * 2 >= content.len() && implausible > 0
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
        assert_eq!(shouting("x!!", "x!!", 2), vec![[1, 3]]);
        assert!(shouting("好?", "好?", 2).is_empty());
        assert_eq!(shouting("不!!!好!!!", "不!!!好!!!", 2).len(), 2);
        assert!(!shouting("WHY ARE you LATE", "why are you late", 2).is_empty());
        assert!(shouting("I got an SMS", "i got an sms", 2).is_empty());
    }

    #[test]
    fn payloads_are_phone_numbers_and_emails() {
        assert!(payload("他的电话是139****2876").is_some());
        assert!(payload("her email is linda.chen@example.com.").is_some());
        assert!(payload("3到5个工作日").is_none());
        assert!(payload("满399包邮").is_none());
    }

    #[test]
    fn mashing_is_gibberish_but_words_are_not() {
        assert!(gibberish("asdkjh qwe"));
        assert!(gibberish("😀😀😀"));
        assert!(gibberish("asdf hgjk lol ok ok 😅😅"));
        assert!(!gibberish("ok lol sure, the blue one is in stock"));
        assert!(!gibberish("We will refund you today"));
        assert!(!gibberish("我们马上处理"));
    }
}
