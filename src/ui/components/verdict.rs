//! Passed or not: each competency's mean against the pack's pass mark, and
//! the overall verdict (every competency at its mark). Shown to the trainee
//! at the end of a pack and beside a trainee's transcripts on the dashboard.

use leptos::prelude::*;

use crate::classroom::Verdict;
use crate::ui::use_lang;

#[component]
pub fn VerdictTable(
    /// The verdict to show.
    verdict: Verdict,
) -> impl IntoView {
    let lang = use_lang();
    let passed = verdict.passed;
    let failed = verdict.competencies.values().filter(|m| !m.passed).count();
    let rows = verdict
        .competencies
        .iter()
        .map(|(&c, &m)| {
            view! {
                <tr class:fail=!m.passed>
                    <th scope="row">{move || lang.text(&c.name())}</th>
                    <td>{m.score}</td>
                    <td>{m.mark}</td>
                    <td>{move || if m.passed { lang.tr("✔ 达到", "✔ reached") } else { lang.tr("✖ 未达到", "✖ not reached") }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="verdict" class:passed=passed>
            <p class="verdict-overall">
                <strong>{move || if passed { lang.tr("✔ 通过", "✔ Passed") } else { lang.tr("✖ 未通过", "✖ Not passed") }}</strong>
                " "
                {move || if passed {
                    lang.tr("每项能力都达到了练习包的及格线。", "Every competency reached the pack's pass mark.").to_string()
                } else {
                    match lang.0.get() {
                        crate::i18n::Lang::Zh => format!("有 {failed} 项能力没有达到练习包的及格线。"),
                        crate::i18n::Lang::En => format!("{failed} of the four competencies did not reach the pack's pass mark."),
                    }
                }}
            </p>
            <table class="verdict-table">
                <caption>{move || lang.tr("对照及格线", "Against the pass marks")}</caption>
                <thead><tr>
                    <th scope="col">{move || lang.tr("能力", "Competency")}</th>
                    <th scope="col">{move || lang.tr("平均分", "Mean score")}</th>
                    <th scope="col">{move || lang.tr("及格线", "Pass mark")}</th>
                    <th scope="col">{move || lang.tr("结果", "Result")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
