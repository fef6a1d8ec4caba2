//! The app's settings as they were before the app changed them: saved (in the migration's
//! progress, atomically) before any write, and the way back ("Switch back") afterwards. The type
//! lives in the model crate, beside the progress it is saved in.

pub use flex_sso_model::idp_link::IdpSnapshot as Snapshot;
