use leptos::prelude::*;

use crate::scorer::{Competency, Scores};
use crate::ui::use_lang;

/// The word for a score band, so a score is never shown by colour alone.
pub fn band(score: u8) -> (&'static str, &'static str, &'static str) {
    match score {
        85..=100 => ("excellent", "优秀", "Excellent"),
        70..=84 => ("good", "良好", "Good"),
        50..=69 => ("fair", "一般", "Fair"),
        30..=49 => ("poor", "较差", "Poor"),
        _ => ("bad", "很差", "Bad"),
    }
}

/// The four competency scores (and the overall) as labelled bars.
#[component]
pub fn ScoreBars(
    /// The four competency scores.
    scores: Scores,
    /// The overall score shown first.
    overall: u8,
) -> impl IntoView {
    let lang = use_lang();
    let row = move |name: String, value: u8, overall: bool| {
        let (class, zh, en) = band(value);
        view! {
            <li class="score-row" class:overall=overall>
                <span class="score-name">{name}</span>
                <span class="score-bar" aria-hidden="true">
                    <span class=format!("score-fill {class}") style=format!("width: {value}%")></span>
                </span>
                <span class="score-value">{value}<span class="score-band">{move || lang.tr(zh, en)}</span></span>
            </li>
        }
    };
    view! {
        <ul class="score-bars" aria-label=move || lang.tr("本次回复得分", "Scores for this reply")>
            {move || row(lang.tr("总分", "Overall").to_string(), overall, true)}
            {move || {
                Competency::FOUR
                    .iter()
                    .map(|c| row(lang.text(&c.name()), scores.get(*c), false))
                    .collect_view()
            }}
        </ul>
    }
}
