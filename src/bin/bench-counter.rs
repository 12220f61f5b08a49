//! The yardstick for `scripts/bench-start.sh`: a bare Leptos 0.8 counter,
//! built by trunk with the same release profile and wasm-opt level as the app
//! (it is a bin of this package, so it reuses the compiled leptos crates).

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0);
        view! {
            <main>
                <h1>"Counter"</h1>
                <button class="card" on:click=move |_| count.update(|n| *n += 1)>
                    "Clicked " {move || count.get()} " times"
                </button>
            </main>
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("bench-counter is a browser yardstick: scripts/bench-start.sh builds it with trunk.");
}
