// Home: the Twilio accounts (profiles) this computer works on, where each stands, and how to
// add one. The first visit explains what the app does and what the admin will need.
import {
  credentialsForget, keyringCheck, preferenceGet, profileDelete, profilesList,
} from "../backend.js";
import { announce, fill, h } from "../dom.js";
import { errorBox, progressLine } from "../components/feedback.js";
import { formatDate } from "../components/certificate-card.js";

const WHAT_YOU_NEED = () =>
  h("div", { class: "card" },
    h("h2", {}, "What you will need"),
    h("ul", { class: "checklist" },
      h("li", {}, "Access to the Twilio Console as a Flex administrator."),
      h("li", {}, "Your Twilio Account SID with its Auth Token, or an API key and its secret."),
      h("li", {},
        "Someone who can change settings in your identity provider (IdP): the service your agents sign in with, ",
        "such as Okta, Microsoft Entra ID (Azure AD), Google, Salesforce or Auth0."),
      h("li", {}, "A Flex user account in that identity provider, to test the login at the end."),
    ));

/** What the card can honestly say: credentials stored, and what Twilio said of them last. */
function credentialLine(credentials, accepted) {
  switch (credentials.status) {
    case "saved": {
      const kind = credentials.masked.kind === "api_key" ? `API key ${credentials.masked.api_key_sid}` : "Auth Token";
      const stored = credentials.place === "keyring"
        ? `Credentials saved (${kind}) in this computer's keyring.`
        : `Credentials kept for this session only (${kind}): you will enter them again next time.`;
      const verdict = accepted === true ? " Twilio accepted them at the last check."
        : accepted === false ? " Twilio refused them at the last check: enter new credentials."
          : " Not checked with Twilio yet in this session.";
      return stored + verdict;
    }
    case "missing":
      return "No credentials saved: the app needs this account's credentials to check it.";
    default:
      return `The keyring could not be read: ${credentials.message}`;
  }
}

function migrationLine(migration) {
  if (!migration) return "Migration not started.";
  if (migration.stage === "finished") {
    const left = migration.switch_back_days_left;
    if (left == null) return "Migration finished.";
    if (left === 0) return "Migration finished. Switching back to the legacy connection is no longer possible.";
    const days = left === 1 ? "1 more day" : `${left} more days`;
    return `Migration finished. You can switch back to the legacy connection for ${days}${left <= 3 ? ": decide soon if anything is still wrong." : "."}`;
  }
  if (migration.step_number === 1) return "Migration not started yet.";
  if (migration.step_number) return `Migration in progress: step ${migration.step_number} of ${migration.steps}.`;
  return `Migration: ${migration.stage.replaceAll("_", " ")}.`;
}

const EXPIRY_WARN_CLASS = { "60_days": "warn", "30_days": "warn", "7_days": "problem", expired: "problem" };

/** The certificate in Flex: the health check's sentence when the admin must act, else its validity. */
function certificateLine(certificate) {
  if (!certificate) return null;
  const attrs = { class: "certificate-line", "data-status": certificate.status, "data-needs-admin": String(certificate.needs_admin),
    "data-level": certificate.expiry_level };
  if (certificate.needs_admin) {
    const cls = EXPIRY_WARN_CLASS[certificate.expiry_level] ?? (certificate.status === "action_needed" ? "problem" : "warn");
    return h("p", { ...attrs, class: `certificate-line result ${cls}` }, certificate.headline);
  }
  if (certificate.days_left < 0) return null;
  return h("p", attrs, `Sign-in certificate in Flex valid until ${formatDate(certificate.not_after)} (${certificate.days_left} days left).`);
}

function accountCard(view, go, refresh) {
  const signedIn = view.credentials.status === "saved";
  const refused = view.credentials_accepted === false;
  const status = h("div", { class: "result", role: "status" });
  const forget = h("button", { type: "button", class: "secondary", "data-action": "forget" }, "Forget credentials");
  forget.addEventListener("click", async () => {
    try {
      await credentialsForget(view.id);
      announce(`Credentials for ${view.name} removed from this computer.`);
      refresh();
    } catch (error) {
      status.replaceChildren(errorBox(error, "home"));
    }
  });
  const remove = h("button", { type: "button", class: "secondary danger", "data-action": "delete" }, "Remove account…");
  remove.addEventListener("click", () => {
    const confirmRow = h("div", { class: "confirm-row" },
      h("p", {}, `Remove "${view.name}" from this app? Its saved progress, journal and credentials on this computer are deleted. Nothing changes in Twilio or your identity provider.`),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary danger", "data-action": "confirm-delete", onclick: async () => {
          try {
            await profileDelete(view.id);
            announce(`${view.name} removed.`);
            refresh();
          } catch (error) {
            status.replaceChildren(errorBox(error, "home"));
          }
        } }, "Remove"),
        h("button", { type: "button", class: "secondary", onclick: () => status.replaceChildren() }, "Keep it"),
      ));
    status.replaceChildren(confirmRow);
    confirmRow.querySelector("button").focus();
  });
  return h("li", { class: "card account", "data-profile": view.id },
    h("h3", {}, view.name),
    h("p", { class: "muted mono" }, view.account_sid),
    h("p", { class: `credential-line${refused ? " result problem" : ""}`, "data-accepted": String(view.credentials_accepted) }, credentialLine(view.credentials, view.credentials_accepted)),
    h("p", { class: `migration-line${view.migration?.switch_back_days_left > 0 && view.migration.switch_back_days_left <= 3 ? " warn" : ""}`,
      "data-days-left": view.migration?.switch_back_days_left ?? null }, migrationLine(view.migration)),
    certificateLine(view.migration?.certificate),
    view.migration?.warning ? h("p", { class: "result problem" }, view.migration.warning) : null,
    h("div", { class: "actions" },
      signedIn && view.migration && view.migration.step_number !== 1
        ? h("button", { type: "button", class: "primary", "data-action": "continue", onclick: () => go("wizard", { profileId: view.id }) }, "Continue the migration")
        : null,
      refused
        ? h("button", { type: "button", class: "primary", "data-action": "sign-in", onclick: () => go("sign-in", { profileId: view.id }) }, "Enter new credentials")
        : null,
      signedIn
        ? h("button", { type: "button", class: view.migration && view.migration.step_number !== 1 ? "secondary" : "primary", "data-action": "check",
            onclick: () => go("preflight", { profileId: view.id }) }, view.migration && view.migration.step_number !== 1 ? "Check this account" : "Check this account and start")
        : h("button", { type: "button", class: "primary", "data-action": "sign-in", onclick: () => go("sign-in", { profileId: view.id }) }, "Sign in"),
      // After the switch the health check is what the admin comes back for; before it, an
      // account that already uses SSO can still be checked.
      signedIn
        ? h("button", { type: "button", class: view.migration?.stage === "finished" ? "primary" : "secondary", "data-action": "health",
            onclick: () => go("health", { profileId: view.id }) }, "Check single sign-on health")
        : null,
      signedIn ? forget : null,
      remove,
    ),
    status,
  );
}

function keyringCard() {
  const result = h("div", { id: "keyring-result", class: "result", role: "status", "aria-live": "polite" });
  const button = h("button", { id: "keyring-check", class: "secondary", type: "button" }, "Check secure storage");
  button.addEventListener("click", async () => {
    button.disabled = true;
    result.className = "result";
    result.textContent = "Checking…";
    try {
      const check = await keyringCheck();
      const ok = check.read_back && check.deleted;
      result.className = ok ? "result ok" : "result problem";
      result.dataset.state = ok ? "ok" : "problem";
      result.textContent = check.message;
    } catch (error) {
      result.className = "result problem";
      result.dataset.state = "error";
      result.dataset.code = error.code ?? "";
      result.replaceChildren(...errorBox(error, "home").childNodes);
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "card" },
    h("h2", {}, "Secure storage"),
    h("p", {},
      "Your Twilio credentials are kept only in this computer's secure storage (the system keyring), never in a file. ",
      "You can check that it works."),
    h("div", { class: "actions" }, button),
    result);
}

// The accounts, the one opened last first (usually the one the admin is working on). Both
// questions at once: each is a round trip to the backend.
async function accountsInOrder() {
  const [{ profiles, warning }, last] = await Promise.all([
    profilesList(),
    preferenceGet("last_profile").catch(() => null),
  ]);
  profiles.sort((a, b) => (b.id === last) - (a.id === last));
  return { profiles, warning };
}

// Asked by app.js as the page starts, beside its other first questions, so the first screen does
// not wait for this round trip after theirs; it hands the answer to that screen's render
// (`params.accounts`).
export function askEarly() {
  const asked = accountsInOrder();
  // A failure is shown by the render that takes it; unhandled until then is not an error.
  asked.catch(() => {});
  return asked;
}

// Returns once the account list has its first answer, and only then adds the secure-storage
// card below it: the list grows from one line to several cards, and a card drawn under it
// earlier would move under the admin's pointer as the list filled in.
export async function render(container, go, params = {}) {
  let firstAnswer = params.accounts ?? null;
  const list = h("div", { id: "accounts" }, progressLine("Loading your accounts…"));
  const refresh = async () => {
    try {
      const early = firstAnswer;
      firstAnswer = null;
      const { profiles, warning } = await (early ?? accountsInOrder());
      const add = h("button", { type: "button", class: "primary", id: "add-account", onclick: () => go("sign-in") },
        profiles.length ? "Add another Twilio account" : "Add your Twilio account");
      fill(list,
        warning ? h("p", { class: "result problem", role: "alert" }, warning) : null,
        profiles.length
          ? h("section", { "aria-labelledby": "accounts-heading" },
              h("h2", { id: "accounts-heading" }, "Your Twilio accounts"),
              h("ul", { class: "accounts" }, profiles.map((p) => accountCard(p, go, refresh))),
              h("div", { class: "actions" }, add))
          : h("div", {}, WHAT_YOU_NEED(), h("div", { class: "actions start" }, add)),
      );
    } catch (error) {
      list.replaceChildren(errorBox(error, "home"));
    }
  };
  container.append(
    h("section", { class: "welcome" },
      h("h1", {}, "Move Flex single sign-on to the new connection"),
      h("p", { class: "lead" },
        "Flex SSO Migrator takes you step by step from Twilio Flex's legacy SAML single sign-on (SSO) to Twilio's new ",
        "OAuth 2.0 connection: it prepares every value for your identity provider, checks each step, and proves the ",
        "result with a real login in a private window."),
      list,
    ),
  );
  await refresh();
  container.querySelector(".welcome").append(keyringCard());
}
