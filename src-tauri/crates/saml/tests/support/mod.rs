//! Test support: builds SAML responses from a template and signs them with the `xmlsec1` CLI
//! (an independent XML Signature implementation), so every case is a real signed document and
//! can be cross-checked with `xmlsec1 --verify`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use flex_sso_saml::{Certificate, Expectations};
use time::macros::datetime;
use time::OffsetDateTime;

pub const AC: &str = "AC0123456789abcdef0123456789abcdef";
pub const JQ: &str = "JQ0123456789abcdef0123456789abcdef";
pub const IDP_ISSUER: &str = "http://www.okta.com/exk1example";

pub fn audience() -> String {
    format!("urn:flex:{JQ}")
}
pub fn acs_url() -> String {
    format!("https://login.flex.us1.twilio.com/login/callback?connection={JQ}")
}

/// The instant the template's response was issued; tests inject times around it.
pub const ISSUED: OffsetDateTime = datetime!(2026-01-15 10:00:00 UTC);

pub const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
pub const RSA_SHA1: &str = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
pub const SHA1: &str = "http://www.w3.org/2000/09/xmldsig#sha1";
pub const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub const EXC_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
pub const C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn idp_cert() -> Vec<Certificate> {
    let pem = std::fs::read_to_string(fixtures().join("idp-cert.pem")).expect("fixture idp-cert.pem");
    Certificate::parse_text(&pem).expect("fixture certificate parses")
}

pub fn other_cert() -> Vec<Certificate> {
    let pem = std::fs::read_to_string(fixtures().join("other-cert.pem")).expect("fixture other-cert.pem");
    Certificate::parse_text(&pem).expect("fixture certificate parses")
}

/// Expectations matching the template, at one minute after issue, trusting the test IdP cert.
pub fn expectations() -> Expectations {
    let mut exp = Expectations::new(audience(), acs_url(), ISSUED + time::Duration::minutes(1));
    exp.idp_issuer = Some(IDP_ISSUER.to_owned());
    exp.certificates = idp_cert();
    exp
}

/// Which key signs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Signer {
    Idp,
    Other,
}

/// The knobs of the response template.
#[derive(Clone)]
pub struct Template {
    pub audience: String,
    pub destination: String,
    pub recipient: String,
    pub issuer: String,
    /// The content of `samlp:Status`.
    pub status: String,
    pub name_id: Option<String>,
    /// (name, values); values are inserted as given (already XML-escaped).
    pub attributes: Vec<(String, Vec<String>)>,
    pub not_before: String,
    pub not_on_or_after: String,
    pub session_not_on_or_after: Option<String>,
    pub sign_response: bool,
    pub sign_assertion: bool,
    pub signature_method: &'static str,
    pub digest_method: &'static str,
    pub c14n: &'static str,
    /// PrefixList of the reference's exclusive-c14n transform (Okta sends "xs").
    pub prefix_list: Option<&'static str>,
    pub encrypted: bool,
    /// Extra XML placed inside the assertion before its AttributeStatement (comments, etc.).
    pub assertion_extra: String,
    pub signer: Signer,
}

impl Default for Template {
    fn default() -> Self {
        Template {
            audience: audience(),
            destination: acs_url(),
            recipient: acs_url(),
            issuer: IDP_ISSUER.to_owned(),
            status: "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>".to_owned(),
            name_id: Some("ada@example.com".to_owned()),
            attributes: vec![
                ("roles".into(), vec!["admin".into(), "agent".into()]),
                ("full_name".into(), vec!["Ada &amp; Lovelace &lt;Ops&gt;".into()]),
                ("email".into(), vec!["ada@example.com".into()]),
            ],
            not_before: "2026-01-15T09:59:30Z".into(),
            not_on_or_after: "2026-01-15T10:05:00Z".into(),
            session_not_on_or_after: Some("2026-01-15T19:00:00Z".into()),
            sign_response: true,
            sign_assertion: true,
            signature_method: RSA_SHA256,
            digest_method: SHA256,
            c14n: EXC,
            prefix_list: Some("xs"),
            encrypted: false,
            assertion_extra: String::new(),
            signer: Signer::Idp,
        }
    }
}

pub fn signature_template(t: &Template, id: &str) -> String {
    let transform = match (t.c14n, t.prefix_list) {
        (C14N, _) => String::new(),
        (algo, Some(list)) => format!(
            "<ds:Transform Algorithm=\"{algo}\"><ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"{list}\"/></ds:Transform>"
        ),
        (algo, None) => format!("<ds:Transform Algorithm=\"{algo}\"/>"),
    };
    format!(
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"{c14n}\"/><ds:SignatureMethod Algorithm=\"{sm}\"/><ds:Reference URI=\"#{id}\"><ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>{transform}</ds:Transforms><ds:DigestMethod Algorithm=\"{dm}\"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>",
        c14n = t.c14n,
        sm = t.signature_method,
        dm = t.digest_method,
    )
}

impl Template {
    /// The unsigned XML, with Signature templates where signing is on.
    pub fn render(&self) -> String {
        let response_sig = if self.sign_response { signature_template(self, "_resp1") } else { String::new() };
        let assertion_sig = if self.sign_assertion { signature_template(self, "_assert1") } else { String::new() };
        let name_id = self
            .name_id
            .as_ref()
            .map(|n| format!("<saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">{n}</saml:NameID>"))
            .unwrap_or_default();
        let attributes: String = self
            .attributes
            .iter()
            .map(|(name, values)| {
                let values: String = values
                    .iter()
                    .map(|v| format!("<saml:AttributeValue xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">{v}</saml:AttributeValue>"))
                    .collect();
                format!("<saml:Attribute Name=\"{name}\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified\">{values}</saml:Attribute>")
            })
            .collect();
        let session = self.session_not_on_or_after.as_ref().map(|s| format!(" SessionNotOnOrAfter=\"{s}\"")).unwrap_or_default();
        let assertion = format!(
            r#"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_assert1" IssueInstant="2026-01-15T10:00:00Z" Version="2.0">
    <saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">{issuer}</saml:Issuer>{assertion_sig}
    <saml:Subject>{name_id}<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="_req1" NotOnOrAfter="{nooa}" Recipient="{recipient}"/></saml:SubjectConfirmation></saml:Subject>
    <saml:Conditions NotBefore="{nb}" NotOnOrAfter="{nooa}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>
    <saml:AuthnStatement AuthnInstant="2026-01-15T10:00:00Z"{session} SessionIndex="_sess1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>{extra}
    <saml:AttributeStatement>{attributes}</saml:AttributeStatement>
  </saml:Assertion>"#,
            issuer = self.issuer,
            nooa = self.not_on_or_after,
            recipient = self.recipient,
            nb = self.not_before,
            audience = self.audience,
            extra = self.assertion_extra,
        );
        let assertion = if self.encrypted {
            "<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" Type=\"http://www.w3.org/2001/04/xmlenc#Element\"><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>".to_owned()
        } else {
            assertion
        };
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" Destination="{destination}" ID="_resp1" InResponseTo="_req1" IssueInstant="2026-01-15T10:00:00Z" Version="2.0">
  <saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">{issuer}</saml:Issuer>{response_sig}
  <samlp:Status>{status}</samlp:Status>
  {assertion}
</samlp:Response>"#,
            destination = self.destination,
            issuer = self.issuer,
            status = self.status,
        )
    }

    /// Renders and signs: the assertion first (the response's digest covers it), then the response.
    pub fn signed(&self) -> String {
        let mut xml = self.render();
        if self.sign_assertion && !self.encrypted {
            xml = xmlsec_sign(&xml, self.signer, "//*[local-name()='Assertion']/*[local-name()='Signature']");
        }
        if self.sign_response {
            xml = xmlsec_sign(&xml, self.signer, "/*/*[local-name()='Signature']");
        }
        xml
    }
}

fn xmlsec() -> Command {
    let cmd = Command::new("xmlsec1");
    if which("xmlsec1").is_none() {
        panic!("These tests need the xmlsec1 command to build signed SAML responses. Install it (Debian/Ubuntu: apt-get install xmlsec1) and run them again.");
    }
    cmd
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(program)).find(|p| p.is_file()))
}

const ID_ATTRS: [&str; 4] = [
    "--id-attr:ID",
    "urn:oasis:names:tc:SAML:2.0:protocol:Response",
    "--id-attr:ID",
    "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
];

pub fn xmlsec_sign(xml: &str, signer: Signer, node_xpath: &str) -> String {
    let (key, cert) = match signer {
        Signer::Idp => ("idp-key.pem", "idp-cert.pem"),
        Signer::Other => ("other-key.pem", "other-cert.pem"),
    };
    xmlsec_sign_with_key(xml, &fixtures().join(key), &fixtures().join(cert), node_xpath)
}

/// Signs the Signature template that `node_xpath` selects with the given key and certificate.
pub fn xmlsec_sign_with_key(xml: &str, key: &Path, cert: &Path, node_xpath: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.xml");
    let output = dir.path().join("out.xml");
    std::fs::write(&input, xml).expect("write template");
    let keys = format!("{},{}", key.display(), cert.display());
    let out = xmlsec()
        .args(["--sign", "--privkey-pem", &keys])
        .args(ID_ATTRS)
        .args(["--node-xpath", node_xpath, "--output"])
        .arg(&output)
        .arg(&input)
        .output()
        .expect("run xmlsec1");
    assert!(out.status.success(), "xmlsec1 --sign failed: {}\n{xml}", String::from_utf8_lossy(&out.stderr));
    std::fs::read_to_string(&output).expect("read signed output")
}

/// Whether `xmlsec1 --verify` accepts the response's (`"response"`) or the assertion's
/// (`"assertion"`) signature with the given certificate file.
pub fn xmlsec_verifies(xml: &str, part: &str, cert_file: &str) -> bool {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.xml");
    std::fs::write(&input, xml).expect("write response");
    let xpath = match part {
        "response" => "/*/*[local-name()='Signature']",
        _ => "//*[local-name()='Assertion']/*[local-name()='Signature']",
    };
    let out = xmlsec()
        .args(["--verify", "--pubkey-cert-pem"])
        .arg(fixtures().join(cert_file))
        .args(ID_ATTRS)
        .args(["--node-xpath", xpath])
        .arg(&input)
        .output()
        .expect("run xmlsec1");
    out.status.success()
}

/// What `xmlsec1 --verify` says about the one Signature `signature_xpath` selects, trusting only
/// `cert` (`--enabled-key-data key-name`: no key is taken from the document's own KeyInfo).
pub struct XmlsecVerdict {
    pub verified: bool,
    /// Its output, for the assertion messages.
    pub output: String,
}

pub fn xmlsec_verify_at(xml: &str, cert: &Path, signature_xpath: &str) -> XmlsecVerdict {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.xml");
    std::fs::write(&input, xml).expect("write response");
    let out = xmlsec()
        .args(["--verify", "--enabled-key-data", "key-name", "--pubkey-cert-pem"])
        .arg(cert)
        .args(ID_ATTRS)
        .args(["--node-xpath", signature_xpath])
        .arg(&input)
        .output()
        .expect("run xmlsec1");
    let output = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    XmlsecVerdict { verified: out.status.success(), output }
}

/// The XPath of the Signature that is a direct child of the element with this ID.
pub fn signature_of(id: &str) -> String {
    format!("//*[@ID='{id}']/*[local-name()='Signature']")
}
