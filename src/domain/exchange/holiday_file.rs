//! Reading a holiday file, an import: its JSON errors are described in Chinese by the same
//! reader as an export file's.

use super::parse_error::describe;
use crate::domain::vocabulary::{CalendarError, HolidayFile};

impl HolidayFile {
    /// Parses and validates a file of this shape (an import).
    pub fn from_json(text: &str) -> Result<Self, CalendarError> {
        let file: HolidayFile =
            serde_json::from_str(text).map_err(|e| CalendarError::Parse(describe(&e)))?;
        file.validate()?;
        Ok(file)
    }
}
