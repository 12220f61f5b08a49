//! Scare quotes: the customer's own words handed back inside quotation
//! marks — "I'll put you through to someone who 'knows what they're doing'",
//! "您说的“爛到爆”我们已经记录了". Whatever the wording around it, quoting
//! a customer's complaint back at them mocks it (02 §1.5, §3.14): a
//! structural sign of polite hostility that no phrase list has to foresee.
//!
//! Works on normalised text, where every kind of quotation mark is `"` or
//! `'` (see `crate::text::normalize`).

/// Words of the customer's a quote must copy before it counts: a quoted
/// product name ("the 'Harbour View' room") is not a scare quote.
const MIN_LATIN_WORDS: usize = 3;
const MIN_HAN_CHARS: usize = 4;

/// Byte span of the first quotation in `reply` that copies the customer's
/// own words, unless the reply says it is quoting ("you said '…'", "您说的…"),
/// which restates rather than mocks.
pub(super) fn scare_quote(reply: &str, customer: &str) -> Option<(usize, usize)> {
    for mark in ['"', '\''] {
        let mut from = 0;
        while let Some(open) = find_open(reply, from, mark) {
            let body_start = open + 1;
            let Some(close) = find_close(reply, body_start, mark) else {
                break;
            };
            let body = reply[body_start..close].trim();
            // A label the customer quoted themselves (an error message, a
            // product name) is cited, not mocked.
            let cited = customer
                .split('"')
                .skip(1)
                .step_by(2)
                .any(|quoted| quoted.contains(body));
            // A quote that opens its clause is what the clause talks about
            // ("…, 'just this once' would let the money walk out"): a mention.
            let opens_clause = reply[..open]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| ",.;:!?~(\n".contains(c));
            if long_enough(body)
                && customer.contains(body)
                && !cited
                && !opens_clause
                && !introduced(&reply[..open])
            {
                return Some((open, close + 1));
            }
            from = close + 1;
        }
    }
    None
}

/// An opening mark: for `'`, only one that cannot be an apostrophe (at the
/// start or after a space or bracket).
fn find_open(text: &str, from: usize, mark: char) -> Option<usize> {
    text[from..]
        .match_indices(mark)
        .map(|(i, _)| from + i)
        .find(|&at| {
            mark == '"'
                || text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || "([,:".contains(c))
        })
}

/// The closing mark: for `'`, one not followed by a letter ("they're").
fn find_close(text: &str, from: usize, mark: char) -> Option<usize> {
    text[from..]
        .match_indices(mark)
        .map(|(i, _)| from + i)
        .find(|&at| {
            mark == '"'
                || !text[at + 1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
        })
}

fn long_enough(body: &str) -> bool {
    let han = body.chars().filter(|&c| crate::i18n::is_han(c)).count();
    let words = body.split_whitespace().count();
    han >= MIN_HAN_CHARS || (han == 0 && words >= MIN_LATIN_WORDS)
}

/// "you said", "as you put it", "您说的", "您提到": the reply names the quote
/// as the customer's, to restate it.
fn introduced(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(16)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // …or names it as words, a message or a label ("a single '就这一次'",
    // "the screen says 'not enough light'"): a mention, not mockery.
    [
        "said",
        "say",
        "mentioned",
        "wrote",
        "put it",
        "message",
        "phrase",
        "word",
        "reads",
        "shows",
        "error",
        "说",
        "提到",
        "讲",
        "写",
        "句",
        "提示",
        "显示",
        "字",
    ]
    .iter()
    .any(|w| tail.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_the_complaint_back_is_found() {
        let customer = "put me through to someone who actually knows what they're doing";
        let reply = "of course. i'll transfer you to someone who 'knows what they're doing', although they'll say the same.";
        let (s, e) = scare_quote(reply, customer).unwrap();
        assert_eq!(&reply[s..e], "'knows what they're doing'");
        assert!(scare_quote(
            "好的,这位\"专业人士\"的意见我们收到了",
            "你们客服根本不专业,我是专业人士"
        )
        .is_some());
    }

    #[test]
    fn names_apostrophes_and_restatements_are_not() {
        let customer = "what's the cancellation policy on the harbour view room?";
        assert!(scare_quote(
            "the 'harbour view' room: free cancellation up to 48 hours.",
            customer
        )
        .is_none());
        assert!(scare_quote("we're sorry, it's the customer's right", "it's my right").is_none());
        assert!(scare_quote("万一卡丢了,一句\"就这一次\"也能把钱取走", "就这一次!").is_none());
        assert!(scare_quote(
            "if a card ever fell into the wrong hands, \"just this once\" would let the money walk out",
            "you don't trust me? just this once!"
        )
        .is_none());
        // The customer quoted the app's message first: the reply cites it.
        assert!(scare_quote(
            "\"not enough light\" usually means backlighting",
            "it keeps saying \"not enough light, try again\""
        )
        .is_none());
        let customer = "your app is a total joke";
        assert!(scare_quote(
            "you said \"a total joke\" and i get why: it failed twice.",
            customer
        )
        .is_none());
    }
}
