// Files the admin hands to someone else: the handoff pack for the IdP administrator, the trace
// for support (previewed exactly as it will be saved, personal data hidden unless shown on
// purpose), the change record and the calendar reminder. Saving goes through the system's own
// save dialog (in the backend); the page only learns the file's name.
import { handoffPackSave, handoffPackText, journalSave, reminderSave, tracePreview, traceSave } from "../backend.js";
import { announce, fill, h } from "../dom.js";
import { copyButton } from "./copy.js";
import { errorBox, progressLine } from "./feedback.js";

/** A button that runs `save()` (→ {file_name} or null when the dialog was closed) and says what happened in `status`. */
function saveButton({ id, text, save, status }) {
  const button = h("button", { type: "button", class: "secondary", id }, text);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const saved = await save();
      if (saved) {
        fill(status, h("p", { class: "result ok", "data-state": "saved" }, `Saved as “${saved.file_name}”.`));
        announce(`Saved as ${saved.file_name}`);
      } else {
        fill(status, h("p", { class: "muted", "data-state": "not-saved" }, "Not saved: the save window was closed."));
      }
    } catch (error) {
      fill(status, errorBox(error, "share"));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

const SETUP_WORDS = {
  modify: "It lists the two new values under your IdP's own names for them, the attributes Flex needs, and what to tell you when it is done.",
  create: "It says how to create the new application, which values go where under your IdP's own names, to assign every Flex user to it, and what to send back to you.",
  revert: "It lists the legacy values to put back, under your IdP's own names for them.",
};

/** The handoff pack card: save the file, or copy the same content as e-mail text. */
export function handoffCard({ profileId, idpId, setup, idpName }) {
  const status = h("div", { id: "handoff-status", role: "status" });
  const save = saveButton({ id: "handoff-save", text: "Save the handoff pack…", status,
    save: () => handoffPackSave(profileId, idpId, setup) });
  const copySlot = h("span", {});
  handoffPackText(profileId, idpId, setup)
    .then((text) => {
      const { button, status: copyStatus } = copyButton({ id: "handoff-copy", label: "Handoff pack", value: text,
        text: "Copy as email text", done: "Copied", announceText: "Handoff pack copied as email text" });
      fill(copySlot, button, copyStatus);
    })
    .catch((error) => fill(status, errorBox(error, "share")));
  return h("div", { class: "card", id: "handoff", "data-setup": setup },
    h("h2", {}, `For your ${idpName ?? "identity provider"} administrator`),
    h("p", {}, "If someone else manages your identity provider, give them this one file: it needs no other explanation, no internet connection, and does not expire. ",
      SETUP_WORDS[setup] ?? ""),
    h("div", { class: "actions" }, save, copySlot),
    status);
}

/**
 * The trace card: "Prepare a trace for support" shows the trace exactly as it will be saved, with
 * a box per kind of personal data found (all hidden until ticked), then saves it as a web page or
 * JSON. `source` is {from: "login_check", attempt_id} or {from: "inspected", input, profile_id, manual}.
 */
export function traceCard(source) {
  const revealed = new Set();
  const status = h("div", { id: "trace-status", role: "status" });
  const boxes = h("fieldset", { class: "trace-reveal", id: "trace-reveal", hidden: true },
    h("legend", {}, "Hidden in the trace (tick only what support really needs to see)"));
  const preview = h("pre", { class: "trace-preview", id: "trace-preview", tabindex: "0", "aria-label": "The trace, exactly as it will be saved" });
  const body = h("div", { id: "trace-body", hidden: true });
  let seq = 0;
  const refresh = async () => {
    const mine = ++seq;
    try {
      const p = await tracePreview(source, [...revealed]);
      if (mine !== seq) return;
      preview.textContent = p.text;
      boxes.hidden = p.kinds.length === 0;
      const legend = boxes.firstChild;
      fill(boxes, legend, p.kinds.map((k) => {
        const box = h("input", { type: "checkbox", id: `trace-reveal-${k.kind}`, "data-kind": k.kind });
        box.checked = k.revealed;
        box.addEventListener("change", () => {
          if (box.checked) revealed.add(k.kind); else revealed.delete(k.kind);
          refresh();
        });
        return h("div", { class: "check" }, box,
          h("label", { for: `trace-reveal-${k.kind}` }, `Show ${k.label}: ${k.count === 1 ? "1 value" : `${k.count} values`}`));
      }));
      body.hidden = false;
      fill(status);
    } catch (error) {
      fill(status, errorBox(error, "share"));
    }
  };
  const open = h("button", { type: "button", class: "secondary", id: "trace-open" }, "Prepare a trace for support…");
  open.addEventListener("click", () => {
    open.hidden = true;
    fill(status, progressLine("Preparing the trace…"));
    refresh();
  });
  const saveHtml = saveButton({ id: "trace-save-html", text: "Save as a web page…", status,
    save: () => traceSave(source, [...revealed], "html") });
  const saveJson = saveButton({ id: "trace-save-json", text: "Save as JSON…", status,
    save: () => traceSave(source, [...revealed], "json") });
  fill(body,
    h("p", { class: "help" }, "This is exactly what the file will hold. Names, e-mail addresses, the NameID and other personal values are replaced by markers such as [email 1]; roles, findings, signatures and certificate fingerprints stay."),
    boxes, preview,
    h("div", { class: "actions" }, saveHtml, saveJson));
  return h("div", { class: "card", id: "trace" },
    h("h2", {}, "A trace for support"),
    h("p", {}, "If you need help from Twilio or your IdP's support, send them a trace of this sign-in instead of screenshots: it holds the timeline, the findings and the decoded response, with personal data hidden."),
    open, body, status);
}

/** The change record (journal) and, once finished, the calendar reminder. */
export function recordsActions({ profileId, finished }) {
  const status = h("div", { id: "records-status", role: "status" });
  return h("div", { class: "card", id: "records" },
    h("h2", {}, "For your change records"),
    h("p", {}, "Save the journal as a readable report (every step, confirmation, check and login, with times), or as JSON for a change-management tool. It holds no password, token or key.",
      finished ? " The calendar file reminds you three days before switching back is no longer possible." : ""),
    h("div", { class: "actions" },
      saveButton({ id: "journal-save-html", text: "Save the change record…", status, save: () => journalSave(profileId, "html") }),
      saveButton({ id: "journal-save-json", text: "Save as JSON…", status, save: () => journalSave(profileId, "json") }),
      finished ? saveButton({ id: "reminder-save", text: "Save a calendar reminder…", status, save: () => reminderSave(profileId) }) : null),
    status);
}
