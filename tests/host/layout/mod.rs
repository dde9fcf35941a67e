//! Checks of the sources themselves.

mod requirement_ids;
