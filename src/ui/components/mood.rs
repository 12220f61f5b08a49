use leptos::prelude::*;

use crate::scenario::Mood;
use crate::ui::use_lang;

/// The customer's anger and trust as labelled meters with numbers.
#[component]
pub fn MoodMeters(
    /// The customer's current mood.
    #[prop(into)]
    mood: Signal<Mood>,
) -> impl IntoView {
    let lang = use_lang();
    let meter = move |zh: &'static str,
                      en: &'static str,
                      class: &'static str,
                      value: Signal<u8>| {
        view! {
            <div class=format!("mood-meter {class}")>
                <span class="mood-label" id=format!("mood-{class}")>{move || lang.tr(zh, en)}</span>
                <span
                    class="mood-track"
                    role="meter"
                    aria-labelledby=format!("mood-{class}")
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=move || value.get()
                >
                    <span class="mood-fill" style=move || format!("width: {}%", value.get())></span>
                </span>
                <span class="mood-value">{move || value.get()}</span>
            </div>
        }
    };
    view! {
        <section class="mood" aria-label=move || lang.tr("顾客情绪", "Customer mood")>
            {meter("怒气", "Anger", "anger", Signal::derive(move || mood.get().anger))}
            {meter("信任", "Trust", "trust", Signal::derive(move || mood.get().trust))}
        </section>
    }
}
