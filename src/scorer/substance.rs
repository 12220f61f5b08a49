//! Substance: what a reply does for *this* customer, as opposed to which
//! courtesy formulas it contains. The guidelines define empathy as taking the
//! customer's perspective (02 §1.4, §3.13; 05 §1.2), not as vocabulary, and
//! patience as answering fully (02 §3.8, §3.10). So a reply is read for:
//! - whether it names the customer's own situation (their words, their numbers);
//! - whether the customer asked something and the reply answers it;
//! - whether it does something concrete (an act: offer, time, question, hand-over,
//!   a refusal with its reason);
//! - how much of it is stock courtesy ("formula"), and whether service
//!   keywords are strung together with no sentence around them.
//!
//! Stock courtesy is worth something only when substance stands behind it:
//! a reply that is all formula keeps a small share of what its phrases earned.

use std::collections::{BTreeSet, HashSet};

use super::acts::{Act, ActType};
use super::phrases::Hit;
use super::signals::{content_units, tokens};
use super::Scorer;

/// What the reply does for the customer, measured.
#[derive(Clone, Debug, Default)]
pub(super) struct Substance {
    /// Distinct words (Han bigrams, Latin words, numbers) of the customer's
    /// message that the reply takes up, and where the first one is (bytes).
    pub shared_topic: usize,
    pub first_shared: Option<(usize, usize)>,
    /// The customer's message asks something.
    pub customer_asks: bool,
    /// The reply answers: a concrete act, or content beyond courtesy that
    /// takes up the question's topic or gives a yes/no/number.
    pub answers: bool,
    /// The reply makes an offer, a commitment, a real question, a hand-over,
    /// or a refusal (an answer too, however unwelcome).
    pub concrete: bool,
    /// Share of the reply's content taken by stock courtesy phrases.
    pub stock_share: f64,
    /// Content units outside stock courtesy.
    pub other_units: f64,
    /// Keywords strung together with no sentence.
    pub keyword_salad: bool,
}

impl Substance {
    pub fn specific(&self) -> bool {
        self.shared_topic >= 2
    }

    /// Nothing behind the courtesy: not specific, no answer, no act.
    pub fn formula_only(&self) -> bool {
        !self.specific() && !self.answers && !self.concrete
    }
}

const ZH_QUESTION: [&str; 16] = [
    "吗", "呢", "什么", "多少", "几", "怎么", "哪", "有没有", "能不能", "可不可以", "是不是",
    "会不会", "要不要", "啥", "为什么", "多久",
];
const EN_QUESTION: [&str; 14] = [
    "what", "when", "where", "which", "how", "why", "is there", "do you", "does it", "can i",
    "can you", "could you", "will it", "are there",
];
const ZH_ANSWER: [&str; 22] = [
    "有的", "有货", "没有", "没货", "可以", "不可以", "能", "不能", "是的", "不是", "会",
    "不会", "需要", "不需要", "支持", "不支持", "包邮", "建议", "推荐", "适合", "大约", "一般",
];
const EN_ANSWER: [&str; 24] = [
    "yes", "yeah", "yep", "no", "we do", "we don't", "we have", "it is", "it's", "it does",
    "it doesn't", "in stock", "available", "sold out", "you can", "you can't", "it will",
    "it won't", "usually", "about", "around", "recommend", "suggest", "would suit",
];

fn has_word(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
            && !text[i + word.len()..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Whether the customer's (normalised) message asks something.
pub(super) fn asks(customer: &str) -> bool {
    customer.contains('?')
        || ZH_QUESTION.iter().any(|w| customer.contains(w))
        || EN_QUESTION.iter().any(|w| has_word(customer, w))
}

impl Scorer {
    pub(super) fn measure_substance(
        &self,
        reply: &str,
        customer: &str,
        hits: &[Hit],
        acts: &[Act],
    ) -> Substance {
        let latin = self.rules.latin_word_units;
        let customer_tokens: HashSet<&str> = tokens(customer)
            .into_iter()
            .filter(|t| !self.stopwords.contains(*t))
            .filter(|t| {
                let digits = t.chars().all(|c| c.is_ascii_digit());
                (t.is_ascii() && (t.len() >= 4 || digits && t.len() >= 2)) || (!t.is_ascii() && t.chars().count() >= 2)
            })
            .collect();
        let mut shared: BTreeSet<&str> = BTreeSet::new();
        let mut first_shared = None;
        // Byte ranges of stock courtesy: words there do not show specifics.
        let stock: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| self.rules.rules[h.rule].stock)
            .map(|h| (h.start, h.end))
            .collect();
        let in_stock = |at: usize| stock.iter().any(|&(s, e)| s <= at && at < e);
        for token in tokens(reply) {
            if customer_tokens.contains(token) {
                let start = token.as_ptr() as usize - reply.as_ptr() as usize;
                if in_stock(start) {
                    continue;
                }
                if shared.insert(token) && first_shared.is_none() {
                    first_shared = Some((start, start + token.len()));
                }
            }
        }
        let total = content_units(reply, latin);
        let mut covered = String::with_capacity(reply.len());
        let mut stock_text = String::new();
        let mut last = 0;
        let mut sorted = stock.clone();
        sorted.sort_unstable();
        for (s, e) in sorted {
            if s < last {
                continue;
            }
            covered.push_str(&reply[last..s]);
            covered.push(' ');
            stock_text.push_str(&reply[s..e]);
            stock_text.push(' ');
            last = e;
        }
        covered.push_str(&reply[last.min(reply.len())..]);
        let other_units = content_units(&covered, latin);
        let stock_share = if total > 0.0 { 1.0 - other_units / total } else { 0.0 };
        let concrete = acts.iter().any(|a| match a.act {
            // A hand-over alone ("转交相关部门") promises nothing the customer can hold us to.
            ActType::Offer | ActType::Commitment | ActType::Refusal => true,
            ActType::Question => a.kind.as_deref() != Some("other"),
            _ => false,
        });
        let customer_asks = asks(customer);
        let answer_marker = ZH_ANSWER.iter().any(|w| covered.contains(w))
            || EN_ANSWER.iter().any(|w| has_word(&covered, w))
            || covered.chars().any(|c| c.is_ascii_digit());
        let min_units = self.detector(super::detectors::Detector::Unanswered).param("min_units", 6.0);
        let answers = concrete
            || (!shared.is_empty() && other_units >= min_units)
            || (answer_marker && other_units >= min_units);
        Substance {
            shared_topic: shared.len(),
            first_shared,
            customer_asks,
            answers,
            concrete,
            stock_share,
            other_units,
            keyword_salad: self.keyword_salad(reply, hits),
        }
    }

    /// Service keywords with no sentence: most comma- or space-separated
    /// pieces are a matched phrase and little else ("抱歉 理解 退款 马上 感谢",
    /// "sorry, understand, refund, asap, thanks").
    fn keyword_salad(&self, reply: &str, hits: &[Hit]) -> bool {
        let spec = self.detector(super::detectors::Detector::KeywordSalad);
        let min_pieces = spec.param("min_pieces", 4.0) as usize;
        let latin = self.rules.latin_word_units;
        let mut pieces = 0usize;
        let mut keyword_pieces = 0usize;
        let mut start = 0;
        let breaks = |c: char| matches!(c, ',' | ' ' | '、' | '/' | '|' | ';' | '.' | '!' | '+' | '\n');
        let bytes_end = reply.len();
        let mut ranges = Vec::new();
        for (i, c) in reply.char_indices() {
            if breaks(c) {
                if i > start {
                    ranges.push((start, i));
                }
                start = i + c.len_utf8();
            }
        }
        if bytes_end > start {
            ranges.push((start, bytes_end));
        }
        // English words are pieces of a sentence: group Latin text by commas only.
        let latin_text = reply.chars().filter(|c| c.is_ascii_alphabetic()).count() * 2 > reply.chars().count();
        if latin_text {
            ranges.clear();
            let mut s = 0;
            for (i, c) in reply.char_indices() {
                if matches!(c, ',' | ';' | '/' | '|' | '\n' | '.' | '!' | '+') {
                    if i > s {
                        ranges.push((s, i));
                    }
                    s = i + 1;
                }
            }
            if reply.len() > s {
                ranges.push((s, reply.len()));
            }
        }
        for (s, e) in ranges {
            let units = content_units(&reply[s..e], latin);
            if units == 0.0 {
                continue;
            }
            pieces += 1;
            let keyword = hits.iter().any(|h| h.start < e && h.end > s);
            if keyword && units <= spec.param("max_piece_units", 4.5) {
                keyword_pieces += 1;
            }
        }
        pieces >= min_pieces && keyword_pieces as f64 >= pieces as f64 * spec.param("share", 0.7)
    }
}
