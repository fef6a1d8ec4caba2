//! IdP metadata import (being written).
use crate::error::{AppError, AppResult};

#[tauri::command]
pub fn metadata_inspect_text(text: String, entity: Option<String>) -> AppResult<()> {
    let _ = (text, entity);
    Err(AppError::Internal("not written yet".into()))
}
