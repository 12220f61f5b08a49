//! The browser entry point: it only mounts the app (see `ui::App`).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    service_dojo::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Service Dojo runs in the browser: start it with scripts/serve.sh.");
    eprintln!("On the command line, use the `dojo` binary (validate, score).");
}
