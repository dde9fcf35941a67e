//! The shared vocabulary: the working calendar.

mod calendar;
