//! Phrase families: a phrase in `rules/rules.json` may hold groups of
//! alternatives, `{仓库|快递|物流}{那边|}弄错了`, read as every combination
//! ("仓库那边弄错了", "仓库弄错了", "快递那边弄错了", …). One line then states
//! what a rule is about — who is blamed, and how — instead of a list that
//! only ever covers the wordings someone happened to see. An empty
//! alternative makes a part optional.

/// At most this many phrases from one family: a family is a readable
/// pattern, not a way to smuggle in thousands of phrases.
pub const MAX_FORMS: usize = 512;

/// Why a phrase family cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// A `{` without its `}`, a `}` without its `{`, or a group inside a group.
    Unbalanced,
    /// More combinations than [`MAX_FORMS`].
    TooMany(usize),
}

impl PatternError {
    pub fn message(&self) -> crate::i18n::Text {
        match self {
            PatternError::Unbalanced => crate::i18n::Text::new(
                "花括号不成对（或嵌套）：写法是 {甲|乙|丙}".to_string(),
                "unbalanced (or nested) braces: write {a|b|c}".to_string(),
            ),
            PatternError::TooMany(n) => crate::i18n::Text::new(
                format!("展开后有 {n} 种说法，超过上限 {MAX_FORMS}：请拆成几条"),
                format!("expands to {n} phrases, more than {MAX_FORMS}: split it"),
            ),
        }
    }
}

/// Every phrase a family stands for, in the order written. A phrase without
/// braces stands for itself.
pub fn expand(phrase: &str) -> Result<Vec<String>, PatternError> {
    let mut forms = vec![String::new()];
    let mut rest = phrase;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                for form in &mut forms {
                    form.push_str(rest);
                }
                rest = "";
            }
            Some(at) if rest[at..].starts_with('}') => return Err(PatternError::Unbalanced),
            Some(open) => {
                let literal = &rest[..open];
                let after = &rest[open + 1..];
                let close = after.find('}').ok_or(PatternError::Unbalanced)?;
                let group = &after[..close];
                if group.contains('{') {
                    return Err(PatternError::Unbalanced);
                }
                let choices: Vec<&str> = group.split('|').collect();
                let count = forms.len() * choices.len();
                if count > MAX_FORMS {
                    return Err(PatternError::TooMany(count));
                }
                forms = forms
                    .iter()
                    .flat_map(|form| {
                        choices
                            .iter()
                            .map(move |choice| format!("{form}{literal}{choice}"))
                    })
                    .collect();
                rest = &after[close + 1..];
            }
        }
    }
    Ok(forms)
}

/// The phrases a family stands for, or the family itself when it cannot be
/// read (the rule set's validation reports it; matching it literally is
/// harmless).
pub fn forms(phrase: &str) -> Vec<String> {
    expand(phrase).unwrap_or_else(|_| vec![phrase.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_phrase_is_itself() {
        assert_eq!(expand("抱歉").unwrap(), vec!["抱歉"]);
    }

    #[test]
    fn groups_multiply_and_empty_is_optional() {
        assert_eq!(
            expand("{仓库|快递}{那边|}弄错了").unwrap(),
            vec![
                "仓库那边弄错了",
                "仓库弄错了",
                "快递那边弄错了",
                "快递弄错了"
            ]
        );
        assert_eq!(
            expand("the {courier|warehouse}'s fault").unwrap(),
            vec!["the courier's fault", "the warehouse's fault"]
        );
    }

    #[test]
    fn broken_families_are_errors() {
        assert_eq!(expand("{a|b"), Err(PatternError::Unbalanced));
        assert_eq!(expand("a}b"), Err(PatternError::Unbalanced));
        assert_eq!(expand("{a|{b}}"), Err(PatternError::Unbalanced));
        let big = "{a|b|c|d|e|f|g|h}".repeat(4);
        assert_eq!(expand(&big), Err(PatternError::TooMany(4096)));
        assert_eq!(forms("{a|b"), vec!["{a|b"]);
    }
}
