//! The sentences and clauses of a normalised reply, and what each one is: a
//! question, an exclamation, spoken to the customer without 您, negated, naming
//! an amount. Phrase rules that need a context (see [`Context`]) are checked
//! against these. Everything is found in one pass; a lookup is a binary search.

use super::rules::Context;

/// One sentence, as byte offsets into the normalised text (terminators included).
#[derive(Clone, Copy, Debug)]
struct Sentence {
    start: usize,
    end: usize,
    question: bool,
    exclaim: bool,
    casual_you: bool,
    polite: bool,
    amount: bool,
}

/// One clause (between commas or stops), as byte offsets.
#[derive(Clone, Copy, Debug)]
struct Clause {
    start: usize,
    end: usize,
    negated: bool,
}

pub(super) struct Structure {
    sentences: Vec<Sentence>,
    clauses: Vec<Clause>,
}

/// Characters that end a sentence. A full stop between two Latin letters or
/// digits ("192.168.1.1", "www.x.com", "1.5") ends nothing.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\n' | '~')
}

fn breaks_clause(c: char) -> bool {
    crate::text::is_clause_break(c)
}

/// Sentence-final particles that may stand between a phrase and the end of its clause.
fn is_particle(c: char) -> bool {
    matches!(
        c,
        '了' | '吧'
            | '啊'
            | '呀'
            | '呢'
            | '哦'
            | '嘛'
            | '啦'
            | '喔'
            | '哈'
            | '的'
            | '咯'
            | '哟'
            | ' '
    )
}

/// English forms of "you" (there is no polite form to prefer in English).
const LATIN_YOU: [&str; 9] = [
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "you're",
    "you've",
    "you'll",
    "you'd",
];

fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '几' | '半'
    )
}

fn is_magnitude(c: char) -> bool {
    matches!(c, '十' | '百' | '千' | '万' | '亿' | '块' | '元' | '毛')
}

/// A period followed by a letter or digit ("www.x", "1.5") is not a stop.
fn is_break_at(text: &str, index: usize, c: char, is_break: fn(char) -> bool) -> bool {
    if !is_break(c) {
        return false;
    }
    if c == '.' {
        let next = text[index + 1..].chars().next();
        return !next.is_some_and(|n| n.is_ascii_alphanumeric());
    }
    true
}

impl Structure {
    /// `negations` are the byte ranges of real negation words, in text order.
    pub fn new(text: &str, negations: &[(usize, usize)]) -> Structure {
        let mut sentences = Vec::new();
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((index, c)) = chars.next() {
            if !is_break_at(text, index, c, ends_sentence) {
                continue;
            }
            // Take the whole run of terminators ("?!", "!!!", ".\n").
            let mut end = index + c.len_utf8();
            let mut question = c == '?';
            let mut exclaim = c == '!';
            while let Some(&(next_index, next)) = chars.peek() {
                if !(ends_sentence(next) || next == ' ') {
                    break;
                }
                question |= next == '?';
                exclaim |= next == '!';
                end = next_index + next.len_utf8();
                chars.next();
            }
            sentences.push(Self::sentence(text, start, index, end, question, exclaim));
            start = end;
        }
        if start < text.len() {
            sentences.push(Self::sentence(
                text,
                start,
                text.len(),
                text.len(),
                false,
                false,
            ));
        }

        let mut clauses = Vec::new();
        let mut start = 0;
        let mut negation = negations.iter().peekable();
        let mut close = |start: usize, end: usize, clauses: &mut Vec<Clause>| {
            let mut negated = false;
            while let Some(&&(n_start, _)) = negation.peek() {
                if n_start >= end {
                    break;
                }
                negated |= n_start >= start;
                negation.next();
            }
            clauses.push(Clause {
                start,
                end,
                negated,
            });
        };
        for (index, c) in text.char_indices() {
            if is_break_at(text, index, c, breaks_clause) {
                let end = index + c.len_utf8();
                close(start, end, &mut clauses);
                start = end;
            }
        }
        if start < text.len() {
            close(start, text.len(), &mut clauses);
        }
        Structure { sentences, clauses }
    }

    /// `body_end` is where the terminators start.
    fn sentence(
        text: &str,
        start: usize,
        body_end: usize,
        end: usize,
        question: bool,
        exclaim: bool,
    ) -> Sentence {
        let body = &text[start..body_end];
        let question = question
            || body
                .trim_end()
                .chars()
                .next_back()
                .is_some_and(|c| c == '吗');
        let casual_you = body.contains('你')
            || body
                .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
                .any(|w| LATIN_YOU.contains(&w));
        let polite = body.contains('您')
            || body.contains('请')
            || ["please", "could you", "would you", "may i", "kindly"]
                .iter()
                .any(|p| body.contains(p));
        let mut amount = false;
        let mut previous = ' ';
        for c in body.chars() {
            if c.is_ascii_digit()
                || matches!(c, '$' | '¥' | '￥' | '€' | '£')
                || (is_numeral(previous) && is_magnitude(c))
            {
                amount = true;
                break;
            }
            previous = c;
        }
        Sentence {
            start,
            end,
            question,
            exclaim,
            casual_you,
            polite,
            amount,
        }
    }

    fn sentence_at(&self, byte: usize) -> Option<&Sentence> {
        let index = self.sentences.partition_point(|s| s.end <= byte);
        self.sentences.get(index).filter(|s| s.start <= byte)
    }

    fn clause_at(&self, byte: usize) -> Option<&Clause> {
        let index = self.clauses.partition_point(|c| c.end <= byte);
        self.clauses.get(index).filter(|c| c.start <= byte)
    }

    /// Whether a phrase found at `start..end` stands in the given context.
    pub fn holds(&self, text: &str, start: usize, end: usize, context: Context) -> bool {
        match context {
            Context::Question => self.sentence_at(start).is_some_and(|s| s.question),
            Context::Exclaim => self.sentence_at(start).is_some_and(|s| s.exclaim),
            Context::CasualYou => self.sentence_at(start).is_some_and(|s| s.casual_you),
            Context::NoPolite => self.sentence_at(start).is_none_or(|s| !s.polite),
            Context::Amount => self.sentence_at(start).is_some_and(|s| s.amount),
            Context::Affirmed => self.clause_at(start).is_none_or(|c| !c.negated),
            Context::ClauseEnd => {
                let rest = text[end..].trim_start_matches(is_particle);
                rest.chars()
                    .next()
                    .is_none_or(|c| breaks_clause(c) || ends_sentence(c))
            }
            Context::ClauseStart => {
                let before = text[..start].trim_end_matches(' ');
                before.chars().next_back().is_none_or(breaks_clause)
            }
            // Needs the rule set's word list: checked by the scorer.
            Context::NotOfficial => true,
        }
    }

    /// The sentence around a byte, as a byte range.
    pub fn sentence_range_at(&self, byte: usize) -> Option<(usize, usize)> {
        self.sentence_at(byte).map(|s| (s.start, s.end))
    }

    /// Whether a byte stands inside quotation marks within its sentence: a
    /// word quoted ("刚才那句“保证”是我说得太满了") is talked about, not said.
    pub fn quoted_at(&self, text: &str, byte: usize) -> bool {
        let start = self.sentence_at(byte).map_or(0, |s| s.start);
        let mut curly = 0i32;
        let mut straight = false;
        for c in text[start..byte].chars() {
            match c {
                '“' | '「' | '『' => curly += 1,
                '”' | '」' | '』' => curly -= 1,
                '"' => straight = !straight,
                _ => {}
            }
        }
        curly > 0 || straight
    }

    /// Sentences as byte ranges, for detectors that read whole sentences.
    pub fn sentence_ranges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.sentences.iter().map(|s| (s.start, s.end))
    }

    /// Questions without a courtesy marker, as byte ranges.
    pub fn blunt_questions(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.sentences
            .iter()
            .filter(|s| s.question && !s.polite)
            .map(|s| (s.start, s.end))
    }

    /// Questions or exclamations aimed at the customer without 您 or any
    /// courtesy marker ("你到底要不要?", "Why can't you be home?"), as byte ranges.
    pub fn challenges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.sentences
            .iter()
            .filter(|s| (s.question || s.exclaim) && s.casual_you && !s.polite)
            .map(|s| (s.start, s.end))
    }

    /// Whether the sentence starting at this byte is a challenge (see [`Structure::challenges`])
    /// or a rhetorical question with no courtesy marker: not a real question to the customer.
    pub fn is_challenge(&self, sentence_start: usize) -> bool {
        self.sentences
            .iter()
            .find(|s| s.start == sentence_start)
            .is_some_and(|s| (s.question || s.exclaim) && s.casual_you && !s.polite)
    }

    /// Whether the clause around a byte offset holds a negation.
    pub fn negated_at(&self, byte: usize) -> bool {
        self.clause_at(byte).is_some_and(|c| c.negated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(text: &str, phrase: &str, context: Context) -> bool {
        let start = text.find(phrase).unwrap();
        let negations: Vec<(usize, usize)> = text
            .match_indices('不')
            .map(|(i, s)| (i, i + s.len()))
            .collect();
        Structure::new(text, &negations).holds(text, start, start + phrase.len(), context)
    }

    #[test]
    fn questions_and_exclamations_are_per_sentence() {
        assert!(holds("好的.你到底有没有在听?", "到底", Context::Question));
        assert!(!holds(
            "我到底还是帮您问了.好吗?",
            "到底",
            Context::Question
        ));
        assert!(holds("你自己不会看吗", "不会看", Context::Question));
        assert!(holds("自己看!!!", "自己看", Context::Exclaim));
        assert!(!holds("自己看.好!", "自己看", Context::Exclaim));
    }

    #[test]
    fn casual_you_is_你_or_english_you() {
        assert!(holds("你是不是太闲了?", "是不是", Context::CasualYou));
        assert!(!holds("您是不是想问退款?", "是不是", Context::CasualYou));
        assert!(holds(
            "have you ever bought clothes?",
            "have you",
            Context::CasualYou
        ));
    }

    #[test]
    fn affirmed_amount_and_clause_edges() {
        assert!(holds("进货价才80,您别外传", "进货价", Context::Affirmed));
        assert!(!holds("进货价不方便透露", "进货价", Context::Affirmed));
        assert!(holds("进货价才80", "进货价", Context::Amount));
        assert!(holds("流水大概三十万", "流水", Context::Amount));
        assert!(!holds("进货价是内部信息", "进货价", Context::Amount));
        assert!(holds("您爱给就给吧,随便.", "随便", Context::ClauseEnd));
        assert!(!holds("随便问", "随便", Context::ClauseEnd));
        assert!(holds("好的,随便", "随便", Context::ClauseStart));
        assert!(holds("官网是www.x.com吗", "www", Context::Question));
    }
}
