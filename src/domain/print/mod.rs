//! Print: the paper registration form 《客户投诉登记表》 laid out from a complaint's history
//! (the contact sheet is laid out from `case::Sheet`).
//! Imports the vocabulary, attachments and case.

mod registration_form;

pub use registration_form::{attachment_list, form_steps, form_title, FormStep};
