//! SAML response inspection (being written).
use crate::error::{AppError, AppResult};

#[tauri::command]
pub fn saml_inspect(input: String) -> AppResult<()> {
    let _ = input;
    Err(AppError::Internal("not written yet".into()))
}
