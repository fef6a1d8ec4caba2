// One X.509 certificate as a card: how long it stays valid (prominently), who it names, and the
// fingerprints an IdP console shows, so the admin can check it is the certificate they expect.
import { h } from "../dom.js";

// Made on first use: creating an Intl formatter loads the locale data (about 3.5 MB in the
// window's process), which a first screen without certificates does not need.
let dates = null;
let numbers = null;
const dateFormat = { format: (date) => (dates ??= new Intl.DateTimeFormat(undefined, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" })).format(date) };
const numberFormat = { format: (n) => (numbers ??= new Intl.NumberFormat()).format(n) };

/** "4 March 2126" from an RFC 3339 time (UTC, as the report gives it). */
export function formatDate(rfc3339) {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : dateFormat.format(date);
}

/** The headline of a certificate's validity and how worrying it is. */
export function validity(cert, soonDays = 30) {
  const now = Date.now();
  if (new Date(cert.not_before).getTime() > now && cert.days_left >= 0) {
    return { state: "problem", text: `Not valid until ${formatDate(cert.not_before)}` };
  }
  const days = cert.days_left;
  if (days < 0) {
    const ago = -days;
    return { state: "problem", text: `Expired ${numberFormat.format(ago)} ${ago === 1 ? "day" : "days"} ago` };
  }
  const text = days === 0 ? "Expires today" : `${numberFormat.format(days)} ${days === 1 ? "day" : "days"} left`;
  // A valid certificate with a caution (SHA-1, a short key, a lifetime of decades) is never green.
  const cautious = (cert.cautions ?? []).length > 0;
  return { state: days < soonDays || cautious ? "warn" : "ok", text };
}


/** The part of a subject after CN=, for a short name ("Microsoft Azure Federated SSO Certificate"). */
export function commonName(dn) {
  const match = /(?:^|,\s*)CN=([^,]+)/.exec(dn ?? "");
  return match ? match[1] : dn || "(no name)";
}

/**
 * certificateCard(cert, { index, count }) → an article describing one certificate.
 * `cert` is one of the report's `certificates` (see the metadata crate's CertificateInfo).
 */
export function certificateCard(cert, { index = 0, count = 1, id } = {}) {
  const left = validity(cert);
  const headingId = `${id}-heading`;
  const title = count === 1 ? "Signing certificate" : cert.use_for_flex ? "The certificate to paste" : "Another signing certificate";
  return h("article", { class: `cert-card${cert.use_for_flex ? " chosen" : ""}`, id, "aria-labelledby": headingId, "data-sha256": cert.sha256 },
    h("div", { class: "cert-head" },
      h("h3", { id: headingId }, title, h("span", { class: "cert-name" }, commonName(cert.subject))),
      cert.use_for_flex && count > 1 ? h("span", { class: "badge chosen" }, "Paste this one into Flex") : null,
    ),
    h("p", { class: `days-left ${left.state}`, "data-days-left": String(cert.days_left) }, left.text),
    cert.cautions?.length
      ? h("ul", { class: "cert-cautions" }, cert.cautions.map((c) => h("li", { "data-code": c.code }, c.text)))
      : null,
    h("dl", { class: "facts cert-facts" },
      h("dt", {}, "Valid from"), h("dd", {}, formatDate(cert.not_before)),
      h("dt", {}, "Valid until"), h("dd", {}, formatDate(cert.not_after)),
      h("dt", {}, "Issued to (subject)"), h("dd", { class: "mono" }, cert.subject || "(empty)"),
      h("dt", {}, "Issued by"),
      cert.issuer === cert.subject
        ? h("dd", {}, "Itself (self-signed, which is normal for SAML certificates)")
        : h("dd", { class: "mono" }, cert.issuer),
      h("dt", {}, "Key"), h("dd", {}, cert.key),
      h("dt", {}, "Signature algorithm"), h("dd", { class: "mono" }, cert.signature_algorithm),
      h("dt", {}, "SHA-256 fingerprint"), h("dd", { class: "mono fingerprint" }, cert.sha256),
      h("dt", {}, "SHA-1 fingerprint"), h("dd", { class: "mono fingerprint" }, cert.sha1),
      h("dt", {}, "Serial number"), h("dd", { class: "mono" }, cert.serial),
    ),
  );
}
