//! Exchange: the export file (JSON and NDJSON), its import, the merge of two copies of a
//! complaint, the checksum, masking for outside the office, the queue as CSV, and the Chinese
//! messages of a refused file, and the full backup (a stored ZIP of the export and every
//! attached file). Imports every stage before it (not print or synthetic).

mod backup;
mod checksum;
mod csv;
mod file;
mod holiday_file;
mod import;
mod mask;
mod merge;
mod ndjson;
mod parse_error;
mod zip;

pub use backup::{
    attachment_path, read_backup, referenced_files, Backup, BackupError, Manifest, ATTACHMENTS_DIR,
    BACKUP_FORMAT, EXPORT_ENTRY, MANIFEST_ENTRY, MAX_FILE_BYTES,
};
pub use checksum::{checksum, complaints_array, verify, ChecksumMismatch};
pub use csv::{summaries_csv, BOM as CSV_BOM, HEADERS as CSV_HEADERS};
pub use file::{
    checksum_of, export, export_all, Derived, ExportFile, ExportedComplaint, FORMAT, VERSION,
};
pub use import::{
    check_file, merge_stored, migrate_v1, parse_any, parse_import, EventIdProblem, ImportError,
    Imported,
};
pub use mask::{
    mask_complaint, mask_export, mask_name, mask_phone, mask_summary, COMPOUND_SURNAMES,
};
pub use merge::{merge_histories, number_codes, office_of, MergeError, Merged, Outcome};
pub use ndjson::{parse_ndjson, to_ndjson, NdjsonError, FORMAT as NDJSON_FORMAT};
pub use parse_error::{
    describe, diagnose_file, diagnose_line, DataFault, Diagnosis, Fault, Place, Step, Syntax,
};
pub use zip::{crc32, is_zip, read_zip, write_zip, ZipEntry, ZipError, ZipWriter};
