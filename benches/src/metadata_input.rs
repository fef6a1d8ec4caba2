//! Metadata of a given size: a federation file (an `EntitiesDescriptor` around many entities),
//! which is how real metadata gets to a megabyte (InCommon's and eduGAIN's aggregates are tens
//! of megabytes). A single IdP's metadata stays a few KB however many keys it lists, so padding
//! one entity would measure something no admin pastes.
//!
//! The entities are the metadata crate's fixtures (the shapes Okta, Google, Salesforce, Auth0,
//! Entra ID and AD FS publish, and Twilio's own SP metadata) in turn, each with a unique
//! entityID and its certificate placeholders filled with the sandbox IdP's real certificate.
//! Okta's comes first, so the inspector picks it (the first IdP); it then reads every entity,
//! but decodes only the chosen one's certificates: that is the work measured.

use crate::{pem_body, IDP_CERT_PEM};

/// Smallest first, so even the 10 KB file holds several shapes.
const FIXTURES: [&str; 7] = [
    include_str!("../../src-tauri/crates/metadata/tests/fixtures/okta.xml"),
    include_str!("../../src-tauri/crates/metadata/tests/fixtures/google.xml"),
    include_str!("../../src-tauri/crates/metadata/tests/fixtures/salesforce.xml"),
    include_str!("../../src-tauri/crates/metadata/tests/fixtures/auth0.xml"),
    include_str!("../../src-tauri/crates/metadata/tests/fixtures/twilio-legacy-sp.xml"),
    include_str!("../../src-tauri/crates/metadata/tests/fixtures/entra-id.xml"),
    include_str!("../../src-tauri/crates/metadata/tests/fixtures/adfs.xml"),
];

const PLACEHOLDERS: [&str; 5] = ["{{SIGNING}}", "{{SIGNING_PRIMARY}}", "{{SIGNING_SECONDARY}}", "{{ENCRYPTION}}", "{{DECOY}}"];

const OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EntitiesDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" Name=\"urn:example:bench-federation\">\n";
const CLOSE: &str = "</EntitiesDescriptor>\n";

/// One fixture as an entity of the federation: without its XML declaration, with its
/// certificates filled in and `/N` appended to its entityID.
fn entity(fixture: &str, certificate: &str, n: usize) -> String {
    let mut text = fixture.trim().to_owned();
    if text.starts_with("<?xml") {
        let end = text.find("?>").expect("an XML declaration ends") + 2;
        text = text[end..].trim_start().to_owned();
    }
    // Drop the leading comments the fixtures open with (they describe the file, not an entity).
    while text.starts_with("<!--") {
        let end = text.find("-->").expect("a comment ends") + 3;
        text = text[end..].trim_start().to_owned();
    }
    for placeholder in PLACEHOLDERS {
        text = text.replace(placeholder, certificate);
    }
    let at = text.find("entityID=\"").expect("every fixture has an entityID") + "entityID=\"".len();
    let end = at + text[at..].find('"').expect("the entityID is quoted");
    text.insert_str(end, &format!("/{n}"));
    text + "\n"
}

/// A federation file as close to `target` bytes as whole entities allow (within half an entity:
/// the largest, AD FS's with its seven certificates, is about 12 KB).
pub fn federation(target: usize) -> String {
    let certificate = pem_body(IDP_CERT_PEM);
    let mut out = OPEN.to_owned();
    for n in 0.. {
        let next = entity(FIXTURES[n % FIXTURES.len()], &certificate, n);
        let (without, with) = (out.len() + CLOSE.len(), out.len() + next.len() + CLOSE.len());
        if with > target && with - target > target.saturating_sub(without) {
            break;
        }
        out.push_str(&next);
    }
    out + CLOSE
}

#[cfg(test)]
mod tests {
    use super::*;
    use flex_sso_metadata::{inspect_bytes, InspectOptions};

    #[test]
    fn each_size_is_read_as_a_federation_with_okta_chosen_and_its_certificate_good() {
        let now = time::macros::datetime!(2026-12-01 00:00 UTC);
        for (name, target) in crate::SIZES {
            let text = federation(target);
            assert!(text.len().abs_diff(target) < 7 * 1024, "{name}: {} bytes", text.len());
            let report = inspect_bytes(text.as_bytes(), now, &InspectOptions::default());
            let codes: Vec<String> = report.findings.iter().map(|f| format!("{:?}", f.code)).collect();
            assert!(report.entities > 2, "{name}: {} entities", report.entities);
            assert_eq!(report.selected_entity, Some(0), "{name}");
            assert_eq!(report.entity_id.as_deref(), Some("http://www.okta.com/exk9flexfixture0001/0"), "{name}");
            assert_eq!(report.certificates.len(), 1, "{name}");
            assert_eq!(codes, ["MultipleEntities"], "{name}: only the federation itself is remarked on");
        }
    }
}
