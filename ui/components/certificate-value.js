// The X.509 certificate as a value to paste: who it names, until when, and its fingerprint at a
// glance; Copy takes the whole PEM text, and Show reveals that text for whoever wants to look.
// A wall of base64 tells an admin nothing and pushes the other values off the screen.
import { h } from "../dom.js";
import { commonName, formatDate, validity } from "./certificate-card.js";
import { copyButton } from "./copy.js";

/** "AB:CD:EF…12:34:56": enough of a fingerprint to compare by eye; the whole one is under Show. */
function shortFingerprint(fingerprint) {
  const parts = fingerprint.split(":");
  return parts.length <= 8 ? fingerprint : `${parts.slice(0, 4).join(":")}…${parts.slice(-4).join(":")}`;
}

/**
 * certificateValue({ id, label, pem, cert, hint, profileId, copy, notCopyable }) → a value row.
 * `cert` is a CertificateInfo (metadata crate) for `pem`, or null when it could not be read, in
 * which case the PEM is shown as it is. `copy: false` leaves Copy out (with `notCopyable`
 * saying why) for a certificate the app calls unusable.
 */
export function certificateValue({ id, label, pem, cert, hint, what, profileId = null, copy = true, notCopyable = null }) {
  const valueId = `${id}-value`;
  const summaryId = `${id}-summary`;
  const { button, status } = copy
    ? copyButton({ id: `${id}-copy`, label, value: pem, what, profileId, describedBy: summaryId })
    : { button: null, status: null };
  const left = cert ? validity(cert) : null;
  const summary = cert
    ? h("div", { class: `cert-summary ${left.state}`, id: summaryId, "data-state": left.state, tabindex: "0" },
      h("div", { class: "cert-summary-name" }, commonName(cert.subject)),
      h("div", { class: `cert-summary-validity ${left.state}` }, `Valid until ${formatDate(cert.not_after)}: ${left.text}`),
      h("div", { class: "cert-summary-fingerprint" }, "SHA-256 fingerprint ", h("span", { class: "mono" }, shortFingerprint(cert.sha256))),
      cert.cautions.length
        ? h("ul", { class: "cert-cautions", id: `${id}-cautions` }, cert.cautions.map((c) => h("li", { "data-code": c.code }, c.text)))
        : null)
    : h("div", { class: "cert-summary", id: summaryId }, "A certificate this app could not read: compare it with your IdP's under Show.");
  return h("div", { class: "value-row cert-value", id },
    h("div", { class: "value-label" }, label),
    h("div", { class: "value-line" }, summary, button),
    copy || !notCopyable ? null : h("div", { class: "value-not-copyable", id: `${id}-not-copyable` }, notCopyable),
    h("details", { class: "cert-show", id: `${id}-show` },
      h("summary", {}, "Show the certificate text"),
      h("code", { class: "value", id: valueId, tabindex: "0" }, pem),
      cert ? h("p", { class: "value-hint" }, "SHA-256 fingerprint: ", h("span", { class: "mono fingerprint" }, cert.sha256)) : null),
    hint ? h("div", { class: "value-hint" }, hint) : null,
    status,
  );
}
