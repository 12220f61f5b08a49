//! The case at hand, kept on screen while the trainee plays: the brief's
//! facts (what happened, order details, prices, policies, deadlines), who the
//! customer is and the goals. Without it the facts vanish once the chat
//! starts and the trainee answers from memory (issue: "the case stays on
//! screen").
//!
//! One `<details>` element serves both layouts: beside the chat on a wide
//! screen (open by default, sticky), a collapsible sheet above the chat on a
//! phone (closed by default, one tap to read the facts again).

use leptos::prelude::*;

use crate::scenario::Scenario;
use crate::ui::use_lang;

/// Screens at least this wide (CSS pixels) show the panel open beside the chat.
const WIDE_PX: f64 = 960.0;

fn wide_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= WIDE_PX)
}

/// The scenario's brief, persona and goals as a side panel or a sheet.
#[component]
pub fn CasePanel(
    /// The scenario being played.
    scenario: &'static Scenario,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <aside class="case-panel" aria-labelledby="case-title">
            <details open=wide_screen()>
                <summary><h2 id="case-title">{move || lang.tr("案情", "The case")}</h2></summary>
                <p class="case-brief">{move || lang.text(&scenario.brief)}</p>
                <h3>{move || lang.text(&scenario.persona.name)}</h3>
                <p class="case-persona">{move || lang.text(&scenario.persona.description)}</p>
                <h3>{move || lang.tr("练习目标", "Learning goals")}</h3>
                <ul class="case-goals">
                    {scenario.goals.iter().map(|g| view! { <li>{move || lang.text(g)}</li> }).collect_view()}
                </ul>
            </details>
        </aside>
    }
}
