//! The reception tablet's entry point (`reception.html`): mounts only the reception screen,
//! so the tablet downloads a small bundle without the desk's screens.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(complaint_desk::app::reception::ReceptionApp);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The reception screen runs in the browser: see README.md (./serve.sh).");
}
