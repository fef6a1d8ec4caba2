//! The facts the screens state about Twilio and the pages they come from, and opening one of those
//! pages in the system browser.
//!
//! The UI fetches the sheet once and quotes facts by key, so no screen writes a Console path or
//! label itself. Opening a page takes an id, never an address: the page can ask only for pages
//! the app knows, and gets no opener permission of its own.

use serde::Deserialize;

use flex_sso_facts::{sheet, sources, twilio, FactSheet};

use crate::error::{AppError, AppResult};

#[tauri::command]
pub fn facts_sheet() -> FactSheet {
    sheet()
}

/// A page to open: a source page by its id, or the address that belongs to a fact (a Console page).
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Link {
    Source(String),
    Fact(String),
}

impl Link {
    /// The known address for this link, or why there is none.
    pub fn url(&self) -> AppResult<&'static str> {
        let unknown = |what: &str, id: &str| AppError::Domain {
            code: "link_unknown",
            message: format!("The app knows no {what} called \"{id}\", so it opened nothing."),
        };
        match self {
            Link::Source(id) => sources::by_id(id).map(|s| s.url).ok_or_else(|| unknown("source page", id)),
            Link::Fact(key) => twilio::by_key(key).and_then(|f| f.url).ok_or_else(|| unknown("page for the fact", key)),
        }
    }
}

/// Opens a known page in the system browser and answers with its address (so the UI can show it
/// when no browser opens).
#[tauri::command]
pub fn open_link(link: Link) -> AppResult<&'static str> {
    let url = link.url()?;
    tauri_plugin_opener::open_url(url, None::<&str>).map_err(|error| {
        tracing::warn!("could not open {url}: {error}");
        AppError::Domain {
            code: "browser_not_opened",
            message: format!("The app could not open your web browser. Copy this address into it instead: {url}"),
        }
    })?;
    tracing::info!("opened {url} in the system browser");
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_pages_have_an_address() {
        assert_eq!(Link::Source("twilio_okta".into()).url().unwrap(), sources::OKTA.url);
        assert_eq!(Link::Fact("console.sso_page".into()).url().unwrap(), twilio::CONSOLE_SSO_PAGE.url.unwrap());
        let err = Link::Source("https://evil.example".into()).url().unwrap_err();
        assert_eq!(err.code(), "link_unknown");
        assert_eq!(err.to_string(), "The app knows no source page called \"https://evil.example\", so it opened nothing.");
        // A fact without an address of its own opens nothing either.
        assert_eq!(Link::Fact("console.finish".into()).url().unwrap_err().code(), "link_unknown");
    }
}
