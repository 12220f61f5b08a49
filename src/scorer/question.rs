//! What kind of answer the customer's question calls for, and whether the
//! reply has that shape. "What's the battery life with noise cancelling on?"
//! is answered by a figure, "does it have a removable filter?" by a yes or a
//! no: a paragraph that praises the product with the customer's own words in
//! it answers neither (issue 11, family 2: not answering; 02 §5.1).
//!
//! Both texts are normalised (lower case, simplified script, ASCII
//! punctuation) before they reach here.

/// The answer a question calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Wants {
    /// A figure: how long, how much, how many, when.
    Figure,
    /// A yes or a no (or a figure, or a plain "not").
    YesNo,
    /// Anything on topic: why, how to, which, or no question at all.
    Open,
}

/// English questions asking for a figure.
const EN_FIGURE: [&str; 10] = [
    "how long",
    "how much",
    "how many",
    "how far",
    "how soon",
    "what time",
    "battery life",
    "what's the price",
    "what is the price",
    "what's the cost",
];
/// Chinese questions asking for a figure.
const ZH_FIGURE: [&str; 9] = [
    "多少",
    "多久",
    "多长",
    "几点",
    "几天",
    "几个",
    "几号",
    "多大",
    "什么时候",
];
/// English auxiliaries that open a yes/no question.
/// ("is this any good?", "is it worth it?" ask for a judgement, which an
/// on-topic description answers: "is" and "are" are left out.)
const EN_AUX: [&str; 11] = [
    "does", "do", "can", "could", "will", "would", "has", "have", "did", "should", "doesn't",
];
/// Chinese yes/no question forms.
const ZH_POLAR: [&str; 9] = [
    "有没有",
    "能不能",
    "是不是",
    "会不会",
    "可不可以",
    "要不要",
    "行不行",
    "对不对",
    "含不含",
];

/// What the customer's (normalised) message asks for.
pub(super) fn wants(customer: &str) -> Wants {
    if EN_FIGURE.iter().any(|w| customer.contains(w))
        || ZH_FIGURE.iter().any(|w| customer.contains(w))
    {
        return Wants::Figure;
    }
    if customer.contains("yes or no") || ZH_POLAR.iter().any(|w| customer.contains(w)) {
        return Wants::YesNo;
    }
    // Several questions at once ("is it any good? do you game?"): a reply
    // that takes up the one that matters answers; the topic test decides.
    if customer.matches('?').count() >= 2 {
        return Wants::Open;
    }
    // A clause ending in "?" (or 吗) that opens with an auxiliary: "does the
    // kettle have…?", "if I take the 24 month plan, is it cheaper?".
    for question in customer
        .split_inclusive(['?', '\n'])
        .filter(|q| q.ends_with('?'))
    {
        let clause = question
            .rsplit([',', '.', '!', ';', '-'])
            .next()
            .unwrap_or(question)
            .trim_start();
        let first = clause.split(' ').next().unwrap_or("");
        if EN_AUX.contains(&first) {
            return Wants::YesNo;
        }
        if !clause.is_ascii() && polar_ma(clause.trim_end_matches('?')) {
            return Wants::YesNo;
        }
    }
    if customer
        .split(['?', '.', '!', ',', '\n', '~'])
        .any(|c| polar_ma(c.trim_end()))
    {
        return Wants::YesNo;
    }
    Wants::Open
}

/// A 吗 question about a fact ("有L码吗", "能退吗", "包邮吗"), not a judgement
/// ("好用吗", which a description answers).
fn polar_ma(clause: &str) -> bool {
    let Some(body) = clause.strip_suffix('吗') else {
        return false;
    };
    let tail: String = body.chars().rev().take(8).collect();
    [
        "有", "能", "可以", "会", "是", "包", "含", "支持", "送", "退", "换",
    ]
    .iter()
    .any(|w| tail.contains(&w.chars().rev().collect::<String>()))
}

/// English words that make a reply's stance a "no" or a limit.
const EN_NO: [&str; 14] = [
    "no",
    "not",
    "don't",
    "doesn't",
    "can't",
    "cannot",
    "won't",
    "isn't",
    "aren't",
    "only",
    "unfortunately",
    "afraid",
    "never",
    "none",
];
/// Chinese words that make a stance a "no" or a limit.
const ZH_NO: [&str; 6] = ["不", "没", "只", "无法", "暂时", "未"];
const EN_NUMBERS: [&str; 14] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half", "twice",
    "hour", "minute",
];
const ZH_NUMBERS: &str = "一二两三四五六七八九十百千万半";

/// Whether `reply` (the reply's own words, formulas removed) holds a figure
/// the customer did not already give.
pub(super) fn new_figure(reply: &str, customer: &str) -> bool {
    let figures = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect()
    };
    let theirs = figures(customer);
    figures(reply).iter().any(|f| !theirs.contains(f))
        || EN_NUMBERS.iter().any(|w| {
            super::substance::has_word(reply, w) && !super::substance::has_word(customer, w)
        })
        || reply
            .chars()
            .any(|c| ZH_NUMBERS.contains(c) && !customer.contains(c))
}

/// A plain yes or no anywhere in the reply ("…; yes, it's about your table").
const EN_YES_NO: [&str; 8] = [
    "yes",
    "yeah",
    "yep",
    "no",
    "nope",
    "sure",
    "of course",
    "correct",
];
const ZH_YES_NO: [&str; 10] = [
    "有的",
    "是的",
    "对的",
    "可以的",
    "能的",
    "会的",
    "没错",
    "对,",
    "是,",
    "有,",
];

pub(super) fn says_yes_or_no(reply: &str) -> bool {
    EN_YES_NO
        .iter()
        .any(|w| super::substance::has_word(reply, w))
        || ZH_YES_NO.iter().any(|w| reply.contains(w))
}

/// Whether `reply` takes a stance: a "no", a limit, a "not".
pub(super) fn takes_stance(reply: &str) -> bool {
    // Courtesy that only sounds like a "no".
    let mut reply = reply.to_string();
    for idiom in [
        "don't hesitate",
        "no problem",
        "no worries",
        "not only",
        "不客气",
        "不用客气",
        "不好意思",
        "没问题",
        "不便",
    ] {
        reply = reply.replace(idiom, " ");
    }
    let reply = reply.as_str();
    EN_NO.iter().any(|w| super::substance::has_word(reply, w))
        || ZH_NO.iter().any(|w| reply.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_question() {
        assert_eq!(
            wants("what's the actual battery life with anc on?"),
            Wants::Figure
        );
        assert_eq!(wants("这个锅多少钱"), Wants::Figure);
        assert_eq!(
            wants("does the kettle have a removable filter? yes or no pls"),
            Wants::YesNo
        );
        assert_eq!(
            wants("if i take the 24 month plan instead of 12, does the monthly price go down?"),
            Wants::YesNo
        );
        assert_eq!(wants("这个能用在电磁炉上吗"), Wants::YesNo);
        assert_eq!(wants("有没有L码"), Wants::YesNo);
        assert_eq!(wants("why is my parcel late?"), Wants::Open);
        assert_eq!(wants("is this blue-switch keyboard any good?"), Wants::Open);
        assert_eq!(wants("这个键盘好用吗"), Wants::Open);
        assert_eq!(wants("我的快递怎么还没到"), Wants::Open);
    }

    #[test]
    fn figures_must_be_new() {
        let customer = "if i take the 24 month plan instead of 12, is it cheaper?";
        assert!(!new_figure(
            "both our 12 and 24 month plans offer great value",
            customer
        ));
        assert!(new_figure("yes, it's £18 a month instead of £22", customer));
        assert!(new_figure("大约两天", "什么时候到"));
    }
}
