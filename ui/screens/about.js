// About: which version this is, its license and project page, what it runs on, and whether a
// newer version exists (with its notes), with the admin's say over checking.
import {
  aboutInfo, openProjectPage, updateCheck, updateConsentSet, updateInstall, updateStatus,
} from "../backend.js";
import { announce, fill, h } from "../dom.js";
import { errorBox, progressLine } from "../components/feedback.js";
import { showUpdateNotice } from "../components/update-notice.js";

const row = (label, id, ...value) =>
  h("div", { class: "fact" }, h("dt", {}, label), h("dd", { id }, ...value));

const when = (iso) => {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
};

function aboutCard(info) {
  const status = h("div", { class: "result", role: "status" });
  const open = h("button", { type: "button", class: "secondary", id: "open-project" }, "Open the project page");
  open.addEventListener("click", async () => {
    status.replaceChildren();
    try {
      await openProjectPage();
      announce("The project page opens in your web browser.");
    } catch (error) {
      status.replaceChildren(errorBox(error, "about"));
    }
  });
  const webview = info.webview.version ? `${info.webview.name} ${info.webview.version}` : `${info.webview.name} (version unknown)`;
  return h("section", { class: "card", "aria-labelledby": "about-heading" },
    h("div", { class: "about-head" },
      h("img", { src: "logo.svg", alt: "", class: "about-logo", width: "64", height: "64" }),
      h("div", {},
        h("h1", { id: "about-heading" }, info.name),
        h("p", { class: "lead" }, "Moves Twilio Flex single sign-on to the new OAuth 2.0 connection, one checked step at a time."))),
    h("dl", { class: "facts" },
      row("Version", "about-version", info.version),
      row("License", "about-license", `${info.license} (free to use, change and share)`),
      row("Project page", "about-project", h("span", { class: "mono" }, info.project_url)),
      row("Built with", "about-tauri", `Tauri ${info.tauri_version}`),
      row("Window drawn by", "about-webview", webview)),
    h("div", { class: "actions" }, open),
    status);
}

/** The updates card: what is known, the consent, "Check now" and "Download and install". */
function updatesCard() {
  const body = h("div", { id: "updates-body" }, progressLine("Looking at your update settings…"));
  const card = h("section", { class: "card", "aria-labelledby": "updates-heading" },
    h("h2", { id: "updates-heading" }, "Updates"),
    h("p", {}, "Twilio changes its Console and its pages from time to time; new versions of this app keep its instructions in step."),
    body);

  const draw = (status, extra = null) => {
    showUpdateNotice(status);
    if (status.sandbox) {
      fill(body, h("p", { id: "update-state", "data-state": "sandbox", class: "result neutral" },
        "The practice sandbox never looks for new versions."));
      return;
    }
    if (!status.configured) {
      fill(body, h("p", { id: "update-state", "data-state": "not-configured", class: "result neutral" }, status.not_configured));
      return;
    }
    const check = h("button", { type: "button", class: "secondary", id: "update-check" }, "Check now");
    check.addEventListener("click", () => run(check, "Asking for the newest version…", () => updateCheck()));
    const consent = consentLine(status);
    let result;
    const found = status.result;
    if (!found) {
      result = h("p", { id: "update-state", "data-state": "unknown" },
        status.last_checked ? `The last check did not get an answer (${when(status.last_checked)}).` : "The app has not looked for a new version yet.");
    } else if (found.state === "up_to_date") {
      result = h("p", { id: "update-state", "data-state": "up-to-date", class: "result ok" },
        `You have the newest version (${status.current_version}). Last checked ${when(status.last_checked)}.`);
    } else {
      const install = h("button", { type: "button", class: "primary", id: "update-install" }, `Download and install version ${found.version}`);
      install.addEventListener("click", () => installUpdate(install));
      result = h("div", { id: "update-state", "data-state": "available", class: "update-available" },
        h("p", { class: "verdict" }, `Version ${found.version} is available. You have version ${status.current_version}.`),
        found.date ? h("p", { class: "muted" }, `Published ${when(found.date)}.`) : null,
        h("h3", {}, "What is new"),
        h("p", { id: "update-notes", class: "update-notes" }, found.notes ?? "The publishers wrote no notes for this version."),
        h("div", { class: "actions" }, install),
        h("p", { class: "muted" }, "The download is checked against this app's release signature before anything is installed."));
    }
    fill(body, result, h("div", { class: "actions" }, check), consent, extra);
  };

  const consentLine = (status) => {
    const allow = h("button", { type: "button", class: "secondary small", id: "about-updates-allow" }, "Check once a day");
    const deny = h("button", { type: "button", class: "secondary small", id: "about-updates-deny" }, "Never check by itself");
    allow.addEventListener("click", () => run(allow, "Saving…", () => updateConsentSet(true)));
    deny.addEventListener("click", () => run(deny, "Saving…", () => updateConsentSet(false)));
    const text = status.consent === true
      ? "The app looks for a new version once a day when it starts."
      : status.consent === false
        ? "The app does not look for new versions by itself. You can check now whenever you like."
        : "The app has not asked yet whether it may look for new versions by itself.";
    return h("div", { id: "updates-consent", "data-consent": String(status.consent) },
      h("h3", {}, "Checking by itself"),
      h("p", {}, text),
      h("div", { class: "actions" }, status.consent === true ? deny : allow, status.consent === null ? deny : null));
  };

  const run = async (button, working, action) => {
    button.disabled = true;
    const line = progressLine(working);
    body.append(line);
    try {
      draw(await action());
    } catch (error) {
      line.remove();
      button.disabled = false;
      body.append(errorBox(error, "about"));
    }
  };

  const installUpdate = async (button) => {
    button.disabled = true;
    const line = progressLine("Downloading the new version and checking its signature…");
    button.after(line);
    try {
      const outcome = await updateInstall();
      const shown = h("div", { id: "update-outcome", class: outcome.installed ? "result ok" : "result neutral", role: "status",
        "data-state": outcome.installed ? "installed" : "verified-not-installed" }, outcome.message);
      line.replaceWith(shown);
      shown.scrollIntoView({ block: "nearest" });
    } catch (error) {
      const box = errorBox(error, "about");
      box.id = "update-outcome";
      line.replaceWith(box);
      box.scrollIntoView({ block: "nearest" });
      button.disabled = false;
    }
  };

  (async () => {
    try {
      draw(await updateStatus());
    } catch (error) {
      fill(body, errorBox(error, "about"));
    }
  })();
  return card;
}

export function render(container) {
  const about = h("div", { id: "about" }, progressLine("Loading…"));
  container.append(about, updatesCard());
  (async () => {
    try {
      fill(about, aboutCard(await aboutInfo()));
    } catch (error) {
      fill(about, errorBox(error, "about"));
    }
  })();
}
