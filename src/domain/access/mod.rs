//! Who is acting: staff PINs (stored as salted, slow hashes only), the wait after wrong PINs,
//! the signed-in session and its idle lock, the audit list of staff changes, and the reception
//! tablet's form. The hashing itself is the browser's (Web Crypto's PBKDF2); this module
//! decides everything around it and is tested on the host with any PBKDF2 implementation.
//! Imports the vocabulary, intake and deadlines.

mod audit;
mod credentials;
mod lockout;
mod pin;
mod reception;
mod session;

pub use audit::{staff_changes, AuditChange, AuditEntry};
pub use credentials::{Credentials, PinState, SignInError};
pub use lockout::{Lockout, FIRST_WAIT_SECS, FREE_TRIES};
pub use pin::{hex, Pin, PinError, PinRecord, ITERATIONS, SALT_LEN};
pub use reception::{may_start, promised_reply, ReceptionError, ReceptionForm};
pub use session::Session;
