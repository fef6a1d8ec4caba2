//! Reads SAML 2.0 metadata (saml-metadata-2.0-os) into plain values: every entity, and for each
//! its entity ID, its IdP sign-on endpoints, its certificates and its NameID formats.
//!
//! Only what sits inside `IDPSSODescriptor` counts. Entra ID's federation metadata also carries
//! WS-Federation `RoleDescriptor`s with their own certificates, and every signed metadata file has
//! a `ds:Signature` with a certificate in it; neither is the SAML signing key Flex needs.

use roxmltree::Node;

use crate::certificate::KeyUse;
use crate::error::InputError;
use crate::limits::Limits;
use crate::xml;

/// saml-metadata-2.0-os, section 2.
pub const MD_NS: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
/// XML Signature (xmldsig-core), used for `KeyInfo` inside `KeyDescriptor`.
pub const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// One `EntityDescriptor`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityMetadata {
    /// The `entityID`: what the Twilio Console calls the Identity Provider Issuer.
    pub entity_id: Option<String>,
    /// `(binding, location)` of every `SingleSignOnService`, in file order.
    pub sso_services: Vec<(String, String)>,
    /// Base64 text of every `X509Certificate` in a `KeyDescriptor`, with its `use`.
    pub keys: Vec<(KeyUse, String)>,
    pub name_id_formats: Vec<String>,
    /// Has an `IDPSSODescriptor`.
    pub is_idp: bool,
    /// Has an `SPSSODescriptor` (a service provider's metadata, e.g. Twilio's own).
    pub is_sp: bool,
}

fn is_element(node: &Node<'_, '_>, namespace: &str, local: &str) -> bool {
    // Namespace-aware; a missing namespace is tolerated because hand-made metadata sometimes
    // omits the declaration and the element names are unambiguous.
    node.is_element()
        && node.tag_name().name() == local
        && node.tag_name().namespace().is_none_or(|ns| ns == namespace)
}

/// Parses metadata text and returns every entity in document order. The root must be an
/// `EntityDescriptor` or an `EntitiesDescriptor` (which may nest further `EntitiesDescriptor`s).
pub fn parse_entities(text: &str, limits: &Limits) -> Result<Vec<EntityMetadata>, InputError> {
    let document = xml::parse_document(text, limits)?;
    let root = document.root_element();
    let mut entities = Vec::new();
    if is_element(&root, MD_NS, "EntityDescriptor") {
        entities.push(read_entity(root));
    } else if is_element(&root, MD_NS, "EntitiesDescriptor") {
        // Explicit stack rather than recursion; depth is already capped, this is belt and braces.
        let mut groups = vec![root];
        while let Some(group) = groups.pop() {
            let mut nested = Vec::new();
            for child in group.children() {
                if is_element(&child, MD_NS, "EntityDescriptor") {
                    entities.push(read_entity(child));
                } else if is_element(&child, MD_NS, "EntitiesDescriptor") {
                    nested.push(child);
                }
            }
            // Reverse so nested groups are read in document order.
            groups.extend(nested.into_iter().rev());
        }
    } else {
        return Err(InputError::NotMetadata { described: xml::describe_foreign_root(root) });
    }
    Ok(entities)
}

fn read_entity(entity: Node<'_, '_>) -> EntityMetadata {
    let mut out = EntityMetadata {
        entity_id: entity.attribute("entityID").map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned),
        ..EntityMetadata::default()
    };
    for role in entity.children().filter(Node::is_element) {
        if is_element(&role, MD_NS, "SPSSODescriptor") {
            out.is_sp = true;
        } else if is_element(&role, MD_NS, "IDPSSODescriptor") {
            out.is_idp = true;
            read_idp_role(role, &mut out);
        }
        // RoleDescriptor (WS-Federation), AttributeAuthorityDescriptor, ds:Signature,
        // Organization, ContactPerson: not needed for Flex.
    }
    out
}

fn read_idp_role(role: Node<'_, '_>, out: &mut EntityMetadata) {
    for child in role.children().filter(Node::is_element) {
        if is_element(&child, MD_NS, "KeyDescriptor") {
            let key_use = match child.attribute("use").map(str::trim) {
                Some("signing") => KeyUse::Signing,
                Some("encryption") => KeyUse::Encryption,
                _ => KeyUse::Unspecified,
            };
            for cert in child.descendants().filter(|n| is_element(n, DS_NS, "X509Certificate")) {
                out.keys.push((key_use, text_of(cert)));
            }
        } else if is_element(&child, MD_NS, "SingleSignOnService") {
            let binding = child.attribute("Binding").unwrap_or("").trim().to_owned();
            let location = child.attribute("Location").unwrap_or("").trim().to_owned();
            out.sso_services.push((binding, location));
        } else if is_element(&child, MD_NS, "NameIDFormat") {
            let format = text_of(child).trim().to_owned();
            if !format.is_empty() && !out.name_id_formats.contains(&format) {
                out.name_id_formats.push(format);
            }
        }
    }
}

/// All text inside an element (comments and CDATA boundaries do not split a value).
fn text_of(node: Node<'_, '_>) -> String {
    node.descendants().filter(Node::is_text).filter_map(|n| n.text()).collect()
}
