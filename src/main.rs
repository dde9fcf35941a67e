//! Entry point: mounts the app in the browser.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(complaint_desk::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The complaint desk runs in the browser: see README.md (./serve.sh).");
}
