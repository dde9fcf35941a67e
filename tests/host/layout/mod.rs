//! Checks of the sources themselves.

mod imports;
mod requirement_ids;
