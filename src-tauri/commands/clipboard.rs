//! Copying a value for the admin to paste elsewhere: written to the system clipboard by the
//! backend (the page gets no clipboard permission), and recorded in the migration's journal.

use tauri::State;

use flex_sso_model::profiles::ProfileId;

use crate::system_clipboard::SystemClipboard;
use crate::error::{AppError, AppResult};
use crate::records::with_record;
use crate::state::AppState;

/// Values the app offers to copy are URLs, IDs and certificates: a cap keeps a page from
/// pushing megabytes through.
const MAX_COPY_BYTES: usize = 64 * 1024;

#[tauri::command]
pub fn copy_text(
    clipboard: State<'_, SystemClipboard>,
    state: State<'_, AppState>,
    profile_id: Option<String>,
    what: String,
    value: String,
) -> AppResult<()> {
    if value.len() > MAX_COPY_BYTES {
        return Err(AppError::Domain { code: "copy_too_large", message: "This value is too large to copy.".into() });
    }
    clipboard
        .write_text(&value)
        .map_err(|e| AppError::Domain { code: "clipboard_failed", message: format!("Could not copy to the clipboard: {e}. Select the value and copy it with Ctrl+C instead.") })?;
    if let Some(profile_id) = profile_id {
        let id = ProfileId::parse(&profile_id)?;
        with_record(&state, &id, |record, clock| {
            record.journal.record_copy(clock, &what, &value);
            Ok(())
        })?;
    }
    Ok(())
}
