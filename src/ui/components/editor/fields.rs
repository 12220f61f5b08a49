//! Fields of the editor: a text in both languages side by side, each input
//! labelled and described by the live checks of its field, shown beside it
//! as the trainer types (they appear and disappear with the problem).

use std::sync::Arc;

use leptos::prelude::*;

use super::{field_id, use_editing};
use crate::authoring::checks::Severity;
use crate::i18n::{Lang, Text};
use crate::scenario::Scenario;
use crate::ui::use_lang;

/// Reads a text of the draft.
pub type Read = Arc<dyn Fn(&Scenario) -> Option<Text> + Send + Sync>;
/// Writes one language of a text of the draft.
pub type Write = Arc<dyn Fn(&mut Scenario, Lang, String) + Send + Sync>;

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "check error",
        Severity::Translation => "check translation",
        Severity::Warning => "check warning",
        Severity::Grade => "check grade",
    }
}

fn severity_word(severity: Severity) -> Text {
    match severity {
        Severity::Error => Text::new("问题", "Problem"),
        Severity::Translation => Text::new("缺翻译", "Translation missing"),
        Severity::Warning => Text::new("评分提醒", "Scorer"),
        Severity::Grade => Text::new("评分", "Score"),
    }
}

/// The live checks of one field, beside it (and the description of its input).
#[component]
pub fn FieldChecks(#[prop(into)] path: String) -> impl IntoView {
    let editing = use_editing();
    let lang = use_lang();
    let id = format!("{}-checks", field_id(&path));
    let path = Arc::new(path);
    view! {
        <ul class="field-checks" id=id>
            {move || {
                let checks = editing.at(&path);
                checks
                    .into_iter()
                    .map(|c| {
                        let word = severity_word(c.severity);
                        let message = c.message.clone();
                        view! {
                            <li class=severity_class(c.severity)>
                                <strong>{move || lang.text(&word)} {move || lang.tr("：", ": ")}</strong>
                                {move || lang.text(&message)}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// A text in both languages: two labelled inputs, each with its checks, and
/// the checks of the text as a whole.
#[component]
pub fn BiText(
    /// What the text is ("Title", "What the customer says").
    label: Text,
    /// Its JSON pointer (`/title`, `/turns/0/line/1`).
    #[prop(into)]
    path: String,
    read: Read,
    write: Write,
    /// A textarea instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let editing = use_editing();
    let lang = use_lang();
    let whole = path.clone();
    let input = move |code: Lang| {
        let field = format!("{path}/{}", code.code());
        let id = field_id(&field);
        let described = format!("{id}-checks");
        let read = read.clone();
        let write = write.clone();
        let value = move || {
            editing
                .scenario
                .with(|s| read(s).map(|t| t.get(code).to_string()).unwrap_or_default())
        };
        let on_input = move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            editing.scenario.update(|s| write(s, code, text));
        };
        let language = match code {
            Lang::Zh => Text::new("中文", "Chinese"),
            Lang::En => Text::new("英文", "English"),
        };
        let label = label.clone();
        let invalid = {
            let field = field.clone();
            move || {
                editing
                    .at(&field)
                    .iter()
                    .any(|c| matches!(c.severity, Severity::Error | Severity::Translation))
                    .then_some("true")
            }
        };
        let control = if multiline {
            view! {
                <textarea id=id.clone() rows="2" lang=code.html_tag() aria-describedby=described.clone()
                    aria-invalid=invalid prop:value=value on:input=on_input></textarea>
            }
            .into_any()
        } else {
            view! {
                <input type="text" id=id.clone() lang=code.html_tag() aria-describedby=described.clone()
                    aria-invalid=invalid prop:value=value on:input=on_input/>
            }
            .into_any()
        };
        view! {
            <div class="bi-field">
                <label for=id>{move || format!("{}{}{}{}", lang.text(&label), lang.tr("（", " ("), lang.text(&language), lang.tr("）", ")"))}</label>
                {control}
                <FieldChecks path=field/>
            </div>
        }
    };
    view! {
        <div class="bi-text">
            {input(Lang::Zh)}
            {input(Lang::En)}
            <FieldChecks path=whole/>
        </div>
    }
}

/// Shorthand for a [`Read`].
pub fn read(f: impl Fn(&Scenario) -> Option<Text> + Send + Sync + 'static) -> Read {
    Arc::new(f)
}

/// Shorthand for a [`Write`] that sets one language of a text found by `f`.
pub fn write(f: impl Fn(&mut Scenario) -> Option<&mut Text> + Send + Sync + 'static) -> Write {
    Arc::new(move |s: &mut Scenario, code: Lang, value: String| {
        if let Some(text) = f(s) {
            match code {
                Lang::Zh => text.zh = value,
                Lang::En => text.en = value,
            }
        }
    })
}
