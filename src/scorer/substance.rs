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
use super::question::{self, Wants};
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
    /// The reply says something of its own beyond courtesy, whether or not
    /// it has the shape of an answer ("the rules are in our booking terms").
    pub says: bool,
    /// The reply makes an offer, a commitment, a real question, a hand-over,
    /// or a refusal (an answer too, however unwelcome).
    pub concrete: bool,
    /// Content units outside stock courtesy.
    pub other_units: f64,
    /// Some formula shares its sentence with the customer's own words.
    pub anchored: bool,
    /// Outside the formulas, only clipped sentences ("喂? 有人吗? 说话!").
    pub staccato: bool,
    /// Keywords strung together with no sentence.
    pub keyword_salad: bool,
    /// A yes, a no, a recommendation or a figure where an answer stands.
    pub direct: bool,
}

impl Substance {
    pub fn specific(&self) -> bool {
        self.shared_topic >= 2
    }

    /// Nothing behind the courtesy: no formula tied to the customer's words,
    /// not specific, no answer, no act.
    pub fn formula_only(&self) -> bool {
        !self.anchored && !self.specific() && !self.says && !self.concrete
    }
}

const ZH_QUESTION: [&str; 16] = [
    "吗",
    "呢",
    "什么",
    "多少",
    "几",
    "怎么",
    "哪",
    "有没有",
    "能不能",
    "可不可以",
    "是不是",
    "会不会",
    "要不要",
    "啥",
    "为什么",
    "多久",
];
const EN_QUESTION: [&str; 14] = [
    "what",
    "when",
    "where",
    "which",
    "how",
    "why",
    "is there",
    "do you",
    "does it",
    "can i",
    "can you",
    "could you",
    "will it",
    "are there",
];
const ZH_ANSWER: [&str; 24] = [
    "有的",
    "有货",
    "没有",
    "没货",
    "可以",
    "不可以",
    "能的",
    "能带",
    "不能",
    "是的",
    "不是",
    "会的",
    "不会",
    "需要",
    "不需要",
    "支持",
    "不支持",
    "包邮",
    "建议",
    "推荐",
    "适合",
    "大约",
    "一般",
    "对的",
];
const EN_ANSWER: [&str; 24] = [
    "yes",
    "yeah",
    "yep",
    "no",
    "we do",
    "we don't",
    "we have",
    "it is",
    "it's",
    "it does",
    "it doesn't",
    "in stock",
    "available",
    "sold out",
    "you can",
    "you can't",
    "it will",
    "it won't",
    "usually",
    "about",
    "around",
    "recommend",
    "suggest",
    "would suit",
];

pub(super) fn has_word(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    text.match_indices(word).any(|(i, _)| {
        !text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && !text[i + word.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Whether the customer's (normalised) message asks something.
pub(super) fn asks(customer: &str) -> bool {
    customer.contains('?')
        || ZH_QUESTION.iter().any(|w| customer.contains(w))
        || EN_QUESTION.iter().any(|w| has_word(customer, w))
}

/// English words that carry grammar rather than content.
// Pronouns, articles, auxiliaries, modals and their negations, prepositions:
// the words every English sentence is built from, whatever it is about
// ("no, we can't give out other people's info" is a sentence, not a list).
const GLUE: &[&str] = &[
    "i", "we", "you", "it", "the", "a", "an", "to", "is", "are", "was", "be", "will", "can", "for",
    "your", "my", "our", "this", "that", "and", "of", "in", "on", "with", "have", "has", "do",
    "does", "me", "us", "so", "if", "but", "i'm", "we'll", "i'll", "it's", "we're", "you're",
    "much", "very", "really", "truly", "as", "all", "any", "just", "no", "not", "can't", "cannot",
    "don't", "doesn't", "won't", "isn't", "aren't", "didn't", "they", "them", "their", "he", "she",
    "his", "her", "at", "by", "from", "or", "out", "up", "about", "there", "here", "would",
    "could", "should", "been", "had", "what", "how", "when", "maybe",
];

/// Characters that carry grammar rather than content.
fn is_function_char(c: char) -> bool {
    "是的了吗呢吧啊我你您他她它们这那有在不就都也很还个一要会说给把被让和与及或".contains(c)
}

/// A light English stem, so that "hearing" meets "hear" and "refunds"
/// meets "refund"; Han bigrams are returned as they are.
fn stem(token: &str) -> &str {
    if !token.is_ascii() {
        return token;
    }
    for suffix in ["ing", "ed", "es", "s", "ly", "er"] {
        if let Some(base) = token.strip_suffix(suffix) {
            if base.len() >= 4 {
                return base;
            }
        }
    }
    token
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
            .map(stem)
            .filter(|t| !self.stopwords.contains(*t))
            .filter(|t| {
                let digits = t.chars().all(|c| c.is_ascii_digit());
                // A Han bigram with a function character ("是真", "我的") is
                // grammar, not the customer's situation.
                (t.is_ascii() && (t.len() >= 3 || digits && t.len() >= 2))
                    || (!t.is_ascii() && t.chars().count() >= 2 && !t.chars().any(is_function_char))
            })
            .collect();
        // Byte ranges of stock courtesy, and the mask of what counts as the
        // reply's own content: not a formula, and not the remains of a clause
        // built around one ("I'm so [sorry for any inconvenience]",
        // "我[非常理解]您的[心情]") unless that remainder says something itself.
        let mut stock: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| self.rules.rules[h.rule].stock)
            .map(|h| (h.start, h.end))
            .collect();
        // A vocative or a hesitation ("亲", "嗯嗯", "um") says nothing either
        // (other filler such as 好 or 了 also occurs inside words).
        const EMPTY: [&str; 10] = [
            "亲", "嗯", "嗯嗯", "呃", "额", "um", "uh", "hmm", "mm", "er",
        ];
        stock.extend(
            self.filler
                .find_iter(reply)
                .filter(|m| EMPTY.contains(&&reply[m.start()..m.end()]))
                .filter(|m| {
                    let word = |c: char| c.is_ascii_alphanumeric();
                    !reply[m.start()..m.end()].is_ascii()
                        || (!reply[..m.start()].chars().next_back().is_some_and(word)
                            && !reply[m.end()..].chars().next().is_some_and(word))
                })
                .map(|m| (m.start(), m.end())),
        );
        stock.sort_unstable();
        // A byte mask, so that each lookup is constant time (a 100 KB paste
        // has thousands of formulas).
        let mut stock_mask = vec![false; reply.len()];
        for &(s, e) in &stock {
            stock_mask[s..e].iter_mut().for_each(|b| *b = true);
        }
        let in_stock = |at: usize| stock_mask.get(at).copied().unwrap_or(false);
        let leftover = self
            .detector(super::detectors::Detector::FormulaOnly)
            .param("leftover_units", 4.0);
        let mut own = vec![true; reply.len()];
        let mut other_units = 0.0;
        let mut covered = String::with_capacity(reply.len());
        let mut clause_start = 0;
        for (i, c) in reply
            .char_indices()
            .chain(std::iter::once((reply.len(), '.')))
        {
            if !crate::text::is_clause_break(c) {
                continue;
            }
            let clause: String = reply[clause_start..i]
                .char_indices()
                .map(|(j, ch)| if in_stock(clause_start + j) { ' ' } else { ch })
                .collect();
            let had_stock = (clause_start..i).any(in_stock);
            let units = content_units(&clause, latin);
            // What is left around a formula counts by its content words only
            // ("[thank you] so much for your [patience]" leaves nothing).
            let left: String = clause
                .split(' ')
                .filter(|w| !GLUE.contains(w) && !self.stopwords.contains(*w))
                .collect::<Vec<_>>()
                .join(" ");
            let names_theirs = tokens(&left)
                .into_iter()
                .any(|t| customer_tokens.contains(stem(t)));
            let counts = !had_stock || names_theirs || content_units(&left, latin) >= leftover;
            for (j, _) in reply[clause_start..i].char_indices() {
                own[clause_start + j] = counts && !in_stock(clause_start + j);
            }
            if counts {
                other_units += units;
                covered.push_str(&clause);
                covered.push(if c == '.' { '.' } else { c });
            }
            clause_start = (i + c.len_utf8()).min(reply.len());
        }
        let mut shared: BTreeSet<&str> = BTreeSet::new();
        let mut first_shared = None;
        let mut shared_at = Vec::new();
        for token in tokens(reply) {
            if customer_tokens.contains(stem(token)) {
                let start = token.as_ptr() as usize - reply.as_ptr() as usize;
                if !own[start] {
                    continue;
                }
                shared_at.push(start);
                if shared.insert(stem(token)) && first_shared.is_none() {
                    first_shared = Some((start, start + token.len()));
                }
            }
        }
        // A formula is anchored when its own sentence names the customer's
        // situation: "I'm really sorry your parcel was left out in the rain"
        // is a sincere apology (02 §7.5); "非常抱歉。" on its own is not.
        // Sentence number of every byte, computed once.
        let mut sentence_no = Vec::with_capacity(reply.len());
        let mut no = 0usize;
        for c in reply.chars() {
            sentence_no.extend(std::iter::repeat_n(no, c.len_utf8()));
            if matches!(c, '.' | '!' | '?' | '\n' | '~') {
                no += 1;
            }
        }
        let shared_sentences: BTreeSet<usize> =
            shared_at.iter().map(|&at| sentence_no[at]).collect();
        // (A form of address such as 您 or 我们 anchors nothing.)
        let anchored = hits
            .iter()
            .filter(|h| self.rules.rules[h.rule].stock && self.rules.rules[h.rule].layer.is_none())
            .any(|h| shared_sentences.contains(&sentence_no[h.start]));
        let concrete = acts.iter().any(|a| match a.act {
            // A hand-over alone ("转交相关部门") promises nothing the customer can hold us to.
            ActType::Offer | ActType::Commitment | ActType::Refusal => true,
            ActType::Question => a.kind.as_deref() != Some("other"),
            _ => false,
        });
        let customer_asks = asks(customer);
        // A yes, a no, a recommendation: at the start of a sentence, where an
        // answer stands ("能带的亲…", "No — the warranty…"), not buried in praise.
        let answer_marker = covered
            .split(['.', '!', '?', '\n', ',', '~', ' '])
            .filter(|s| !s.trim().is_empty())
            .take(4)
            .any(|s| {
                let s = s.trim_start_matches(['亲', ' ', '-']);
                ZH_ANSWER.iter().any(|w| s.starts_with(w))
                    || EN_ANSWER.iter().any(|w| s.starts_with(w) && has_word(s, w))
            });
        let min_units = self
            .detector(super::detectors::Detector::Unanswered)
            .param("min_units", 6.0);
        // Or a substantial statement beyond the formulas: a reply that says
        // this much that is neither courtesy nor boilerplate is telling the
        // customer something (a paraphrase shares no word with the question).
        // The answer must have the shape the question calls for: a figure for
        // "how long", a yes, a no or a limit for "does it…?".
        let shaped = match question::wants(customer) {
            Wants::Open => true,
            Wants::Figure => {
                question::new_figure(&covered, customer) || question::takes_stance(&covered)
            }
            Wants::YesNo => {
                answer_marker
                    || question::says_yes_or_no(&covered)
                    || question::new_figure(&covered, customer)
                    || question::takes_stance(&covered)
            }
        };
        let says = (!shared.is_empty() && other_units >= min_units)
            || (answer_marker && other_units >= min_units)
            || other_units
                >= min_units
                    * self
                        .detector(super::detectors::Detector::Unanswered)
                        .param("statement_factor", 2.5);
        let answers = concrete || shaped && says;
        Substance {
            shared_topic: shared.len(),
            first_shared,
            customer_asks,
            answers,
            says,
            concrete,
            other_units,
            anchored,
            staccato: {
                let max = self
                    .detector(super::detectors::Detector::Curt)
                    .param("staccato_units", 3.0);
                let units: Vec<f64> = covered
                    .split(['.', '!', '?', '\n', '~'])
                    .map(|s| content_units(s, latin))
                    .filter(|&u| u > 0.0)
                    .collect();
                units.len() >= 3 && units.iter().all(|&u| u <= max)
            },
            keyword_salad: self.keyword_salad(reply, hits),
            direct: customer_asks
                && (answer_marker
                    || covered.chars().any(|c| c.is_ascii_digit()) && !shared.is_empty()),
        }
    }

    /// Service keywords with no sentence: most comma- or space-separated
    /// pieces are a matched phrase and little else ("抱歉 理解 退款 马上 感谢",
    /// "sorry, understand, refund, asap, thanks").
    fn keyword_salad(&self, reply: &str, hits: &[Hit]) -> bool {
        let mut hit_mask = vec![false; reply.len()];
        for h in hits {
            hit_mask[h.start..h.end].iter_mut().for_each(|b| *b = true);
        }
        let spec = self.detector(super::detectors::Detector::KeywordSalad);
        let min_pieces = spec.param("min_pieces", 4.0) as usize;
        let latin = self.rules.latin_word_units;
        let mut pieces = 0usize;
        let mut keyword_pieces = 0usize;
        let mut start = 0;
        let breaks = |c: char| {
            matches!(
                c,
                ',' | ' ' | '、' | '/' | '|' | ';' | '.' | '!' | '+' | '\n'
            )
        };
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
        let latin_text =
            reply.chars().filter(|c| c.is_ascii_alphabetic()).count() * 2 > reply.chars().count();
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
            // A piece that is a matched phrase and almost nothing else, or a
            // bare word of two characters: no sentence is that short, so a run
            // of them is a list of words.
            let outside: String = reply[s..e]
                .char_indices()
                .filter(|&(j, _)| !hit_mask[s + j])
                .map(|(_, c)| c)
                .collect();
            let bare_word =
                !latin_text && units <= 2.0 && reply[s..e].chars().any(crate::i18n::is_han);
            let keyword = (content_units(&outside, latin) <= 1.0
                && outside.len() < reply[s..e].len())
                || bare_word;
            if keyword && units <= spec.param("max_piece_units", 4.5) {
                keyword_pieces += 1;
            }
        }
        let matched = hits.iter().map(|h| h.rule).collect::<BTreeSet<_>>().len();
        // Han words separated by spaces: Chinese sentences are not written
        // that way, so five or more short space-separated pieces are a list.
        let spaced: Vec<&str> = reply.split_whitespace().collect();
        let listed = !latin_text
            && spaced.len() >= min_pieces
            && spaced
                .iter()
                .all(|w| content_units(w, latin) <= spec.param("max_piece_units", 4.5));
        if listed && matched >= 2 {
            return true;
        }
        let pieced = matched >= 2
            && pieces >= min_pieces
            && keyword_pieces as f64 >= pieces as f64 * spec.param("share", 0.7);
        pieced || (latin_text && self.latin_salad(reply, hits))
    }

    /// English keywords with no grammar: several matched phrases and almost
    /// none of the small words every English sentence is built from.
    fn latin_salad(&self, reply: &str, hits: &[Hit]) -> bool {
        let words: Vec<&str> = reply
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        let glue = words
            .iter()
            .filter(|w| GLUE.iter().any(|g| g.eq_ignore_ascii_case(w)))
            .count();
        let rules: BTreeSet<usize> = hits.iter().map(|h| h.rule).collect();
        words.len() >= 5 && rules.len() >= 3 && (glue as f64) <= words.len() as f64 * 0.15
    }
}

impl Scorer {
    /// The reply with its stock courtesy phrases taken out (for the gaming
    /// tests and the authoring checks: does the reply stand without them?).
    pub fn strip_stock(&self, reply: &str) -> String {
        let normalized = crate::text::Normalized::new(reply);
        let negations = self.negations(&normalized.text);
        let ranges: Vec<(usize, usize)> = negations.iter().map(|&(s, e, _)| (s, e)).collect();
        let structure = super::context::Structure::new(&normalized.text, &ranges);
        let hits = self.find_hits(&normalized.text, &structure, &negations);
        let cut: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| self.rules.rules[h.rule].stock)
            .map(|h| (normalized.char_index(h.start), normalized.char_index(h.end)))
            .collect();
        reply
            .chars()
            .enumerate()
            .filter(|(i, _)| !cut.iter().any(|&(s, e)| s <= *i && *i < e))
            .map(|(_, c)| c)
            .collect()
    }
}
