//! What the health check compares. The caller reads the files, the network and the clock; the
//! check itself only compares, so every state can be tested with a fixed `now`.

use flex_sso_certificate::Certificate;
use time::OffsetDateTime;

/// Everything one check looks at.
#[derive(Debug, Clone)]
pub struct HealthInput {
    /// The moment to judge at (the caller's clock, or `--now`).
    pub now: OffsetDateTime,
    /// The IdP's catalog id (`okta`, `azure_ad`, ...), to quote what it does during a rotation.
    pub idp: Option<String>,
    /// The certificate(s) configured in Flex: what the admin pasted into step 3's X.509
    /// certificate field. Flex's setup takes one, so this is usually one.
    pub configured: Vec<Certificate>,
    /// The IdP's metadata, as last read.
    pub metadata: MetadataReading,
    /// The certificate that signed the last captured SAML response (from a login check).
    pub last_response: Option<ResponseSigner>,
}

/// The IdP's metadata: read, tried and failed, or not given at all.
#[derive(Debug, Clone)]
pub enum MetadataReading {
    /// Read. `signing` holds its signing certificates (`use="signing"` or no `use`) in document
    /// order; `source` is the URL or file name it was read from.
    Read { signing: Vec<Certificate>, source: String, read_at: OffsetDateTime },
    /// It could not be read; `reason` is the sentence the admin reads.
    Unreadable { source: String, reason: String },
    /// No metadata address or file is known.
    NotGiven,
}

/// The certificate a captured response was signed with (its signature's KeyInfo).
#[derive(Debug, Clone)]
pub struct ResponseSigner {
    pub certificate: Certificate,
    /// When the response was captured, when known.
    pub seen_at: Option<OffsetDateTime>,
}
