//! The system clipboard, for the values the admin pastes into an IdP console or the Twilio
//! Console. Text only: arboard without its image support, which Tauri's clipboard plugin would
//! bring in (an image decoder and colour management the app never uses, compiled and shipped).
//!
//! Opened at the first copy, not at start-up: on Linux opening it connects to the display server
//! and starts arboard's thread that answers paste requests, which the first screen does not need.

use std::sync::{Mutex, PoisonError};

#[derive(Default)]
pub struct SystemClipboard(Mutex<Option<arboard::Clipboard>>);

impl SystemClipboard {
    /// Puts `text` on the clipboard, where it stays while the app runs (and, on Linux, after it
    /// quits if the desktop has a clipboard manager: see [`SystemClipboard::release`]).
    pub fn write_text(&self, text: &str) -> Result<(), arboard::Error> {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let clipboard = match slot.as_mut() {
            Some(clipboard) => clipboard,
            None => slot.insert(arboard::Clipboard::new()?),
        };
        clipboard.set_text(text)
    }

    /// Closes the clipboard at exit. On Linux the app itself serves what it copied; arboard hands
    /// it to the desktop's clipboard manager when its clipboard is dropped, which a process that
    /// just exits never does, so the last value copied would be gone.
    pub fn release(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
    }
}
