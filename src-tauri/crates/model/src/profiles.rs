//! Several Twilio accounts side by side: a partner migrates many customers, each in a profile
//! with its own migration progress and journal.
//!
//! Layout under the base folder given by the caller:
//! `profiles.json` (the list) and `migrations/<profile id>.json` (one progress file per profile),
//! each written through [`crate::store`] (atomic, with a `.bak`).
//!
//! No secrets here: credentials live in the OS keyring, keyed by the profile ID, which is why
//! the ID never changes when a profile is renamed.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;

use crate::clock::Clock;
use crate::ids::AccountSid;
use crate::journal::Journal;
use crate::steps::MigrationState;
use crate::store::{self, Loaded, Persist, StoreError};

/// Longest profile name, in characters: enough for "Customer name (production, EU team)".
pub const MAX_NAME_CHARS: usize = 80;
const MAX_ID_CHARS: usize = 48;
const SLUG_CHARS: usize = 40;

/// A profile's stable ID: a slug of its first name (`acme-production`). It names the progress
/// file and the keyring entry, so it is restricted to `a-z`, `0-9` and inner dashes: it can never
/// point outside the profiles folder.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProfileId(String);

impl ProfileId {
    pub fn parse(input: &str) -> Result<Self, ProfileError> {
        let ok = !input.is_empty()
            && input.len() <= MAX_ID_CHARS
            && input.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !input.starts_with('-')
            && !input.ends_with('-');
        if ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(ProfileError::InvalidId { id: input.to_owned() })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The slug of a name: lowercase ASCII letters and digits, everything else a single dash.
    fn slug(name: &str) -> String {
        let mut slug = String::new();
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug: String = slug.trim_matches('-').chars().take(SLUG_CHARS).collect();
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() { "profile".to_owned() } else { slug.to_owned() }
    }
}

impl fmt::Display for ProfileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for ProfileId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

// Validated on load too, so a hand-edited list cannot make the app open a file elsewhere.
impl<'de> Deserialize<'de> for ProfileId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One Twilio account being migrated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: ProfileId,
    pub name: String,
    pub account_sid: AccountSid,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// `None` until known (detected from the Flex configuration or answered by the admin).
    #[serde(default)]
    pub self_hosted: Option<bool>,
}

/// The profiles file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct ProfileList {
    #[serde(default)]
    profiles: Vec<Profile>,
}

impl Persist for ProfileList {
    const SCHEMA: u32 = 1;
}

/// The saved progress of one profile's migration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MigrationRecord {
    /// A copy of the file's schema, so an exported record says which format it is in.
    #[serde(default)]
    pub schema: u32,
    pub profile_id: ProfileId,
    #[serde(default)]
    pub state: MigrationState,
    #[serde(default)]
    pub journal: Journal,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// The admin's identity provider, as an id of [`crate::catalog::Catalog`] (`okta`, ...), so
    /// every screen and finding can use that IdP's own labels.
    #[serde(default)]
    pub idp_id: Option<String>,
    /// The identity provider's data (issuer, SSO URL, signing certificates) once the admin
    /// confirmed it: entered in step 3 of a new connection, and what a SAML response is checked
    /// against.
    #[serde(default)]
    pub idp_data: Option<IdentityProviderData>,
    /// Self-hosted Flex: the Trusted domains and Default redirect URL entered in the Console, and
    /// the address of the self-hosted Flex used in `appConfig.oauth`.
    #[serde(default)]
    pub self_hosted_urls: Option<SelfHostedUrls>,
    /// The Health page's role checklist: the test users the admin names (a user name or e-mail
    /// as typed at the IdP, never a password), checked by the app before they are kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub role_check_users: Vec<String>,
    /// After the switch: the IdP's metadata as last read and the certificate seen signing the
    /// last login, for the health check.
    #[serde(default, skip_serializing_if = "is_default")]
    pub health: crate::health::HealthRecord,
    /// Step 2's link to the IdP's management API, when the admin connected one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idp_api: Option<crate::idp_link::IdpApiLink>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// The addresses of a self-hosted Flex: what the Console holds (checked by
/// [`crate::self_hosted::validate_self_hosted`]) and `appConfig.oauth.redirectUrl` (checked by
/// [`crate::self_hosted::check_oauth_redirect`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfHostedUrls {
    /// The Console's Trusted domains.
    pub trusted_urls: Vec<String>,
    /// The Console's Default redirect URL (step 3 of a new connection); empty when not entered.
    #[serde(default)]
    pub redirect_url: String,
    /// `appConfig.oauth.redirectUrl`: where the self-hosted Flex runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_redirect_url: Option<String>,
}

impl SelfHostedUrls {
    /// Where the self-hosted Flex signs agents in: the snippet's redirectUrl, or else the Default
    /// redirect URL.
    pub fn flex_address(&self) -> Option<&str> {
        self.oauth_redirect_url
            .as_deref()
            .or(Some(self.redirect_url.as_str()))
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }
}

/// The identity provider's side of the connection, as the admin confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityProviderData {
    /// Twilio's "Identity Provider Issuer" (the IdP's entity ID).
    pub issuer: String,
    /// Twilio's "Single Sign-On URL".
    pub sso_url: String,
    /// Every signing certificate the admin confirmed, as PEM. During a rotation an IdP publishes
    /// two; keeping both lets a login signed with either be recognised.
    pub certificates: Vec<String>,
    /// Where the values came from: `metadata_url`, `metadata_file`, `pasted` or `manual`.
    pub source: String,
    /// The metadata address, when they came from one: the health check reads it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_url: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub confirmed_at: OffsetDateTime,
}

impl Persist for MigrationRecord {
    const SCHEMA: u32 = 1;
}

impl MigrationRecord {
    /// A migration not started yet.
    /// `self_hosted` is the account's answer; `None` ("not sure") makes step 1 ask.
    pub fn new(profile_id: ProfileId, self_hosted: Option<bool>, clock: &dyn Clock) -> Self {
        MigrationRecord {
            schema: Self::SCHEMA,
            profile_id,
            state: MigrationState::starting(self_hosted),
            journal: Journal::new(),
            updated_at: clock.now(),
            idp_id: None,
            idp_data: None,
            self_hosted_urls: None,
            role_check_users: Vec::new(),
            health: Default::default(),
            idp_api: None,
        }
    }
}

/// The profiles, and a warning when the list had to be recovered from its backup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed {
    pub profiles: Vec<Profile>,
    pub warning: Option<String>,
}

/// Why a profile operation failed. `Display` is the message for the admin.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("Give the profile a name, for example the customer's or the account's name.")]
    NameEmpty,
    #[error("A profile name can have at most {MAX_NAME_CHARS} characters; this one has {found}.")]
    NameTooLong { found: usize },
    #[error("A profile name can't contain line breaks, tabs or other control characters.")]
    NameBadCharacter,
    #[error("There is already a profile called \"{name}\". Choose another name.")]
    NameTaken { name: String },
    #[error("There is no profile \"{id}\" (it may have been deleted). Choose one from the list.")]
    NotFound { id: String },
    #[error("\"{id}\" is not a valid profile ID: it has 1 to {MAX_ID_CHARS} lowercase letters, digits and dashes.")]
    InvalidId { id: String },
    #[error("The progress file of profile \"{id}\" belongs to profile \"{found}\", so it was not used and was left as it is. Send it to support, or move it out of the folder to start this profile's migration afresh: {}", .path.display())]
    RecordMismatch { id: ProfileId, found: ProfileId, path: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ProfileError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            ProfileError::NameEmpty => "profile_name_empty",
            ProfileError::NameTooLong { .. } => "profile_name_too_long",
            ProfileError::NameBadCharacter => "profile_name_bad_character",
            ProfileError::NameTaken { .. } => "profile_name_taken",
            ProfileError::NotFound { .. } => "profile_not_found",
            ProfileError::InvalidId { .. } => "profile_invalid_id",
            ProfileError::RecordMismatch { .. } => "profile_record_mismatch",
            ProfileError::Store(e) => e.code(),
        }
    }
}

/// Checks and tidies a name typed by the admin.
fn clean_name(input: &str) -> Result<String, ProfileError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(ProfileError::NameEmpty);
    }
    if name.chars().any(char::is_control) {
        return Err(ProfileError::NameBadCharacter);
    }
    let found = name.chars().count();
    if found > MAX_NAME_CHARS {
        return Err(ProfileError::NameTooLong { found });
    }
    Ok(name.to_owned())
}

/// Names compare without case and surrounding spaces: "Acme" and "acme " are the same profile to
/// a person reading the list.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The profiles under one base folder.
#[derive(Debug, Clone)]
pub struct ProfileRepository {
    base: PathBuf,
}

impl ProfileRepository {
    pub fn new(base_dir: impl Into<PathBuf>) -> Self {
        Self { base: base_dir.into() }
    }

    pub fn base_dir(&self) -> &Path {
        &self.base
    }

    fn list_path(&self) -> PathBuf {
        self.base.join("profiles.json")
    }

    /// Where a profile's progress is saved.
    pub fn migration_path(&self, id: &ProfileId) -> PathBuf {
        self.base.join("migrations").join(format!("{id}.json"))
    }

    fn read_list(&self) -> Result<Loaded<ProfileList>, ProfileError> {
        match store::load::<ProfileList>(&self.list_path()) {
            Ok(loaded) => Ok(loaded),
            // No list yet: a fresh install, not damage.
            Err(StoreError::NotFound { .. }) => Ok(Loaded {
                value: ProfileList::default(),
                recovered_from_backup: false,
                warning: None,
                schema: ProfileList::SCHEMA,
                saved_at: OffsetDateTime::UNIX_EPOCH,
            }),
            Err(e) => Err(e.into()),
        }
    }

    fn write_list(&self, list: &ProfileList, clock: &dyn Clock) -> Result<(), ProfileError> {
        Ok(store::save(&self.list_path(), list, clock)?)
    }

    /// All profiles, in the order they were created.
    pub fn list(&self) -> Result<Listed, ProfileError> {
        let loaded = self.read_list()?;
        Ok(Listed { profiles: loaded.value.profiles, warning: loaded.warning })
    }

    pub fn get(&self, id: &ProfileId) -> Result<Profile, ProfileError> {
        self.read_list()?
            .value
            .profiles
            .into_iter()
            .find(|p| &p.id == id)
            .ok_or_else(|| ProfileError::NotFound { id: id.to_string() })
    }

    /// Adds a profile. The ID is derived from the name and made unique (also against progress
    /// files left behind, so a new profile never inherits someone else's progress).
    pub fn create(
        &self,
        name: &str,
        account_sid: AccountSid,
        self_hosted: Option<bool>,
        clock: &dyn Clock,
    ) -> Result<Profile, ProfileError> {
        let name = clean_name(name)?;
        let mut list = self.read_list()?.value;
        if list.profiles.iter().any(|p| same_name(&p.name, &name)) {
            return Err(ProfileError::NameTaken { name });
        }
        let base = ProfileId::slug(&name);
        let taken = |candidate: &str| {
            list.profiles.iter().any(|p| p.id.as_str() == candidate) || {
                let path = self.base.join("migrations").join(format!("{candidate}.json"));
                path.exists() || store::backup_path(&path).exists()
            }
        };
        let mut id = base.clone();
        let mut n = 2;
        while taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let profile = Profile { id: ProfileId::parse(&id)?, name, account_sid, created_at: clock.now(), self_hosted };
        list.profiles.push(profile.clone());
        self.write_list(&list, clock)?;
        Ok(profile)
    }

    /// Changes a profile's name; its ID (and so its files and keyring entry) stays.
    pub fn rename(&self, id: &ProfileId, new_name: &str, clock: &dyn Clock) -> Result<Profile, ProfileError> {
        let name = clean_name(new_name)?;
        let mut list = self.read_list()?.value;
        if list.profiles.iter().any(|p| &p.id != id && same_name(&p.name, &name)) {
            return Err(ProfileError::NameTaken { name });
        }
        let profile = list
            .profiles
            .iter_mut()
            .find(|p| &p.id == id)
            .ok_or_else(|| ProfileError::NotFound { id: id.to_string() })?;
        profile.name = name;
        let renamed = profile.clone();
        self.write_list(&list, clock)?;
        Ok(renamed)
    }

    /// Records whether the profile's Flex is self-hosted (`None`: not known).
    pub fn set_self_hosted(&self, id: &ProfileId, self_hosted: Option<bool>, clock: &dyn Clock) -> Result<Profile, ProfileError> {
        let mut list = self.read_list()?.value;
        let profile = list
            .profiles
            .iter_mut()
            .find(|p| &p.id == id)
            .ok_or_else(|| ProfileError::NotFound { id: id.to_string() })?;
        profile.self_hosted = self_hosted;
        let updated = profile.clone();
        self.write_list(&list, clock)?;
        Ok(updated)
    }

    /// Deletes a profile and its progress files. The files go first: a crash in between leaves a
    /// profile without progress (harmless) rather than progress without a profile.
    pub fn delete(&self, id: &ProfileId, clock: &dyn Clock) -> Result<(), ProfileError> {
        let mut list = self.read_list()?.value;
        let Some(index) = list.profiles.iter().position(|p| &p.id == id) else {
            return Err(ProfileError::NotFound { id: id.to_string() });
        };
        store::remove(&self.migration_path(id))?;
        list.profiles.remove(index);
        self.write_list(&list, clock)
    }

    /// The saved progress of a profile; `None` when its migration has not been saved yet.
    pub fn load_migration(&self, id: &ProfileId) -> Result<Option<Loaded<MigrationRecord>>, ProfileError> {
        self.get(id)?;
        let path = self.migration_path(id);
        let loaded = match store::load::<MigrationRecord>(&path) {
            Ok(loaded) => loaded,
            Err(StoreError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if &loaded.value.profile_id != id {
            return Err(ProfileError::RecordMismatch { id: id.clone(), found: loaded.value.profile_id, path });
        }
        Ok(Some(loaded))
    }

    /// Saves a profile's progress, stamping `updated_at` and the schema.
    pub fn save_migration(&self, record: &mut MigrationRecord, clock: &dyn Clock) -> Result<(), ProfileError> {
        self.get(&record.profile_id)?;
        record.schema = MigrationRecord::SCHEMA;
        record.updated_at = clock.now();
        Ok(store::save(&self.migration_path(&record.profile_id), record, clock)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::steps::{Action, SetupType};
    use std::fs;
    use time::macros::datetime;
    use time::Duration;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";
    const T0: OffsetDateTime = datetime!(2024-05-01 09:00 UTC);

    fn ac() -> AccountSid {
        AccountSid::parse(AC).unwrap()
    }

    fn repo() -> (tempfile::TempDir, ProfileRepository, ManualClock) {
        let dir = tempfile::tempdir().unwrap();
        let repo = ProfileRepository::new(dir.path().join("data"));
        (dir, repo, ManualClock::new(T0))
    }

    #[test]
    fn ids_are_slugs_of_the_name() {
        let cases = [
            ("Acme Corp", "acme-corp"),
            ("  ACME -- Production (EU) ", "acme-production-eu"),
            ("Café Société", "caf-soci-t"),
            ("日本", "profile"),
            ("a-very-long-name-that-goes-on-and-on-and-on-forever", "a-very-long-name-that-goes-on-and-on-and"),
            ("trailing dash at forty chars exactly xy z", "trailing-dash-at-forty-chars-exactly-xy"),
        ];
        for (name, slug) in cases {
            assert_eq!(ProfileId::slug(name), slug, "{name}");
            assert!(ProfileId::parse(slug).is_ok(), "{slug}");
        }
    }

    #[test]
    fn profile_ids_cannot_leave_the_folder() {
        for bad in ["", "../etc", "a/b", "Acme", "-a", "a-", "a b", &"a".repeat(49)] {
            let err = ProfileId::parse(bad).unwrap_err();
            assert_eq!(err.code(), "profile_invalid_id", "{bad}");
        }
        assert_eq!(
            ProfileId::parse("../x").unwrap_err().to_string(),
            "\"../x\" is not a valid profile ID: it has 1 to 48 lowercase letters, digits and dashes."
        );
        assert!(serde_json::from_str::<ProfileId>("\"../../x\"").is_err());
    }

    #[test]
    fn names_are_checked_with_plain_messages() {
        let (_d, repo, clock) = repo();
        repo.create("Acme", ac(), None, &clock).unwrap();
        let long = "x".repeat(81);
        let cases: [(&str, &str, &str); 5] = [
            ("   ", "profile_name_empty", "Give the profile a name, for example the customer's or the account's name."),
            (&long, "profile_name_too_long", "A profile name can have at most 80 characters; this one has 81."),
            ("Acme\nCorp", "profile_name_bad_character",
                "A profile name can't contain line breaks, tabs or other control characters."),
            (" ACME ", "profile_name_taken", "There is already a profile called \"ACME\". Choose another name."),
            ("acme", "profile_name_taken", "There is already a profile called \"acme\". Choose another name."),
        ];
        for (name, code, message) in cases {
            let err = repo.create(name, ac(), None, &clock).unwrap_err();
            assert_eq!((err.code(), err.to_string().as_str()), (code, message), "{name:?}");
        }
        assert_eq!(repo.list().unwrap().profiles.len(), 1);
    }

    #[test]
    fn create_list_rename_delete() {
        let (_d, repo, clock) = repo();
        assert_eq!(repo.list().unwrap(), Listed { profiles: vec![], warning: None });
        let acme = repo.create("  Acme Corp ", ac(), Some(true), &clock).unwrap();
        assert_eq!(acme, Profile {
            id: ProfileId::parse("acme-corp").unwrap(),
            name: "Acme Corp".into(),
            account_sid: ac(),
            created_at: T0,
            self_hosted: Some(true),
        });
        let twin = repo.create("Acme-Corp!", ac(), None, &clock).unwrap();
        assert_eq!(twin.id.as_str(), "acme-corp-2");

        let renamed = repo.rename(&acme.id, "Acme (production)", &clock).unwrap();
        assert_eq!((renamed.id.as_str(), renamed.name.as_str()), ("acme-corp", "Acme (production)"));
        assert_eq!(repo.rename(&acme.id, "acme-corp!", &clock).unwrap_err().code(), "profile_name_taken");
        assert_eq!(repo.rename(&acme.id, "ACME (Production)", &clock).unwrap().name, "ACME (Production)");
        assert_eq!(repo.set_self_hosted(&twin.id, Some(false), &clock).unwrap().self_hosted, Some(false));

        let mut record = MigrationRecord::new(acme.id.clone(), Some(true), &clock);
        repo.save_migration(&mut record, &clock).unwrap();
        repo.save_migration(&mut record, &clock).unwrap();
        let path = repo.migration_path(&acme.id);
        assert!(path.exists() && store::backup_path(&path).exists());

        repo.delete(&acme.id, &clock).unwrap();
        assert!(!path.exists() && !store::backup_path(&path).exists());
        let names: Vec<String> = repo.list().unwrap().profiles.into_iter().map(|p| p.name).collect();
        assert_eq!(names, vec!["Acme-Corp!".to_owned()]);
        let gone = repo.delete(&acme.id, &clock).unwrap_err();
        assert_eq!(gone.code(), "profile_not_found");
        assert_eq!(gone.to_string(), "There is no profile \"acme-corp\" (it may have been deleted). Choose one from the list.");
        assert_eq!(repo.rename(&acme.id, "x", &clock).unwrap_err().code(), "profile_not_found");
        assert_eq!(repo.load_migration(&acme.id).unwrap_err().code(), "profile_not_found");
    }

    #[test]
    fn a_new_profile_never_inherits_left_over_progress() {
        let (_d, repo, clock) = repo();
        let stray = repo.base_dir().join("migrations").join("acme.json");
        fs::create_dir_all(stray.parent().unwrap()).unwrap();
        fs::write(&stray, b"{}").unwrap();
        let acme = repo.create("Acme", ac(), None, &clock).unwrap();
        assert_eq!(acme.id.as_str(), "acme-2");
        assert!(repo.load_migration(&acme.id).unwrap().is_none());
    }

    #[test]
    fn migration_progress_is_saved_per_profile_and_comes_back() {
        let (_d, repo, clock) = repo();
        let acme = repo.create("Acme", ac(), Some(false), &clock).unwrap();
        let other = repo.create("Other", ac(), None, &clock).unwrap();
        assert!(repo.load_migration(&acme.id).unwrap().is_none(), "not started yet");

        let mut record = MigrationRecord::new(acme.id.clone(), Some(false), &clock);
        let event = record.state.apply(Action::ChooseSetupType { setup_type: SetupType::CreateNew }, &clock).unwrap();
        record.journal.record_event(&clock, &event);
        clock.advance(Duration::minutes(3));
        repo.save_migration(&mut record, &clock).unwrap();
        assert_eq!(record.updated_at, T0 + Duration::minutes(3));

        let loaded = repo.load_migration(&acme.id).unwrap().unwrap();
        assert_eq!(loaded.value, record);
        assert!(!loaded.recovered_from_backup);
        assert!(repo.load_migration(&other.id).unwrap().is_none());
    }

    #[test]
    fn a_progress_file_of_another_profile_is_refused() {
        let (_d, repo, clock) = repo();
        let acme = repo.create("Acme", ac(), None, &clock).unwrap();
        let other = repo.create("Other", ac(), None, &clock).unwrap();
        let mut record = MigrationRecord::new(other.id.clone(), Some(false), &clock);
        repo.save_migration(&mut record, &clock).unwrap();
        fs::copy(repo.migration_path(&other.id), repo.migration_path(&acme.id)).unwrap();
        let err = repo.load_migration(&acme.id).unwrap_err();
        assert_eq!(err.code(), "profile_record_mismatch");
        assert_eq!(err.to_string(), format!(
            "The progress file of profile \"acme\" belongs to profile \"other\", so it was not used and was left as it \
             is. Send it to support, or move it out of the folder to start this profile's migration afresh: {}",
            repo.migration_path(&acme.id).display()
        ));
    }

    #[test]
    fn damaged_files_are_recovered_or_reported_never_reset() {
        let (_d, repo, clock) = repo();
        let acme = repo.create("Acme", ac(), None, &clock).unwrap();
        repo.create("Beta", ac(), None, &clock).unwrap();
        let list = repo.base_dir().join("profiles.json");

        fs::write(&list, b"{\"schema\":1,\"saved_at\":\"2024-").unwrap();
        let listed = repo.list().unwrap();
        assert_eq!(listed.profiles.len(), 1, "the backup holds the list before Beta");
        assert!(listed.warning.unwrap().contains("is damaged (it ends too early"));

        fs::write(store::backup_path(&list), b"").unwrap();
        let err = repo.list().unwrap_err();
        assert_eq!(err.code(), "store_damaged");
        assert_eq!(repo.create("Gamma", ac(), None, &clock).unwrap_err().code(), "store_damaged");
        assert_eq!(fs::read(&list).unwrap(), b"{\"schema\":1,\"saved_at\":\"2024-", "left as it was");
        let _ = acme;
    }

    #[test]
    fn old_records_without_newer_fields_load() {
        let (_d, repo, clock) = repo();
        let acme = repo.create("Acme", ac(), None, &clock).unwrap();
        let path = repo.migration_path(&acme.id);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, br#"{"schema":1,"saved_at":"2024-05-01T09:00:00Z",
            "data":{"profile_id":"acme","updated_at":"2024-05-01T09:00:00Z","later_field":{}}}"#).unwrap();
        let loaded = repo.load_migration(&acme.id).unwrap().unwrap();
        assert_eq!(loaded.value.state, MigrationState::default());
        assert!(loaded.value.journal.is_empty());
        assert_eq!(loaded.value.schema, 0, "the copy of the schema is filled in on the next save");
    }

    mod properties {
        use super::*;
        use crate::steps::tests::properties::{any_move, any_pause, resolve};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
            #[test]
            fn any_reachable_migration_saves_and_loads_unchanged(moves in prop::collection::vec((any_move(), any_pause()), 0..80)) {
                let (_d, repo, clock) = repo();
                let profile = repo.create("Acme", ac(), None, &clock).unwrap();
                let mut record = MigrationRecord::new(profile.id.clone(), Some(false), &clock);
                for (step, hours) in moves {
                    clock.advance(Duration::hours(hours));
                    let action = resolve(&record.state, step);
                    if let Ok(event) = record.state.apply(action, &clock) {
                        record.journal.record_event(&clock, &event);
                    }
                }
                repo.save_migration(&mut record, &clock).unwrap();
                let loaded = repo.load_migration(&profile.id).unwrap().unwrap();
                prop_assert_eq!(loaded.value, record);
            }
        }
    }
}
