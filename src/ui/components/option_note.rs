//! Beginner mode: after a pick, why that option works or fails — the
//! author's note on the option, shown before the scorer's findings so the
//! trainee first learns the reason in plain words, then sees the points.

use leptos::prelude::*;

use crate::scenario::{Quality, ReplyOption};
use crate::ui::use_lang;

/// The picked option's quality and its authored note.
#[component]
pub fn OptionNote(
    /// The option the trainee picked.
    option: ReplyOption,
) -> impl IntoView {
    let lang = use_lang();
    let quality = option.quality;
    let verdict = move || match quality {
        Quality::Good => lang.tr("✔ 好的选择", "✔ A good choice"),
        Quality::Tempting => lang.tr("◐ 听着不错，但有问题", "◐ Tempting, but flawed"),
        Quality::Bad => lang.tr("✖ 不好的选择", "✖ A poor choice"),
    };
    let class = match quality {
        Quality::Good => "option-note good",
        Quality::Tempting => "option-note tempting",
        Quality::Bad => "option-note bad",
    };
    let note = option.note;
    view! {
        <section class=class aria-labelledby="option-note-title">
            <h3 id="option-note-title">{verdict}</h3>
            {note.map(|note| view! { <p>{move || lang.text(&note)}</p> })}
        </section>
    }
}
