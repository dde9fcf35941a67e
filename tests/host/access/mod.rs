//! Who is acting: PINs and their records, the wait after wrong PINs, the idle lock, the
//! audit list, that no export carries a PIN record, the GM's PIN at a major approval, and the
//! reception tablet's form.

mod pins;
mod reception;
mod signin;
