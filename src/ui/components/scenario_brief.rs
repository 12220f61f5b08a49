//! A scenario's brief before it starts, inside an exercise pack: the trainee
//! reads the case (what happened, the facts, who the customer is) before the
//! customer's first line, as on the scenario's own intro screen.

use leptos::prelude::*;

use crate::scenario::Scenario;
use crate::ui::use_lang;

/// The brief with a button to start.
#[component]
pub fn ScenarioBrief(
    /// The scenario about to be played.
    scenario: &'static Scenario,
    /// Called when the trainee has read the brief and starts.
    on_start: impl Fn() + 'static,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <article class="intro pack-brief" aria-labelledby="pack-brief-title">
            <h2 id="pack-brief-title">{move || lang.text(&scenario.title)}</h2>
            <p class="intro-brief">{move || lang.text(&scenario.brief)}</p>
            <section class="intro-persona">
                <h3>{move || lang.text(&scenario.persona.name)}</h3>
                <p>{move || lang.text(&scenario.persona.description)}</p>
            </section>
            <button class="primary" on:click=move |_| on_start()>{move || lang.tr("开始这个场景", "Start this scenario")}</button>
        </article>
    }
}
