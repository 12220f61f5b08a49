use crate::ui::router::Link;
use leptos::prelude::*;

use crate::ui::use_lang;

/// A friendly page for a URL (or scenario id) that does not exist.
#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="not-found">
            <h1>{move || lang.tr("找不到这个页面", "We couldn't find that page")}</h1>
            <p>
                {move || lang.tr(
                    "链接可能写错了，或者这个场景已经不在场景库里。",
                    "The link may be mistyped, or the scenario is no longer in the library.",
                )}
            </p>
            <Link href="/">{move || lang.tr("回到全部场景", "Back to all scenarios")}</Link>
        </section>
    }
}
