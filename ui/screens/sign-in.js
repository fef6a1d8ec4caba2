// Sign in: a name for the account, its Account SID, and an Auth Token or an API key. The
// credentials go to the OS keyring (or, if the admin chooses, stay in memory for this session).
import { checkSid, credentialsSave, profileCreate, profilesList } from "../backend.js";
import { h } from "../dom.js";
import { errorBox, progressLine } from "../components/feedback.js";
import { field, radioGroup } from "../components/form.js";

const sidProblem = (kind) => async (value) => {
  try {
    await checkSid(kind, value);
    return null;
  } catch (error) {
    return error.message;
  }
};

export async function render(container, go, params = {}) {
  let existing = null;
  if (params.profileId) {
    try {
      existing = (await profilesList()).profiles.find((p) => p.id === params.profileId) ?? null;
    } catch {
      existing = null;
    }
  }
  let kind = "auth_token";

  const name = field({
    id: "profile-name",
    label: "A name for this account",
    help: "Only for you, to tell accounts apart: for example the company or the team.",
  });
  const accountSid = field({
    id: "account-sid",
    label: "Account SID",
    help: "Starts with AC. In the Twilio Console it is on the account dashboard, under \"Account Info\".",
    validate: sidProblem("account"),
    value: existing?.account_sid ?? "",
  });
  if (existing) accountSid.input.readOnly = true;
  const token = field({
    id: "auth-token",
    type: "password",
    label: "Auth Token",
    help: "Under the Account SID in \"Account Info\": click the eye or copy icon to get it.",
  });
  const keySid = field({
    id: "api-key-sid",
    label: "API key SID",
    help: "Starts with SK. Console > Account > API keys & tokens. A Standard key is enough.",
    validate: sidProblem("api_key"),
  });
  const keySecret = field({
    id: "api-key-secret",
    type: "password",
    label: "API key secret",
    help: "Shown only once, when the key was created. If you no longer have it, create a new key.",
  });
  const tokenPart = h("div", {}, token.node);
  const keyPart = h("div", { hidden: true }, keySid.node, keySecret.node);
  const kindChoice = radioGroup({
    name: "credential-kind",
    legend: "How do you want to sign in?",
    value: kind,
    options: [
      { value: "auth_token", label: "With the Auth Token", help: "(the account's main secret)" },
      { value: "api_key", label: "With an API key", help: "(a separate key you can revoke any time: recommended)" },
    ],
    onChange: (value) => {
      kind = value;
      tokenPart.hidden = value !== "auth_token";
      keyPart.hidden = value !== "api_key";
    },
  });
  const sessionOnly = h("input", { type: "checkbox", id: "session-only" });
  const sessionChoice = h("div", { class: "choice" }, sessionOnly,
    h("label", { for: "session-only" },
      "Keep for this session only. ",
      h("span", { class: "help" }, "The credentials stay in memory until you close the app and are not saved in the keyring.")));

  const status = h("div", { class: "result-area", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary", id: "sign-in-submit" }, "Save and check this account");
  const form = h("form", { class: "card", id: "sign-in-form", novalidate: true },
    existing ? null : name.node,
    accountSid.node,
    kindChoice,
    tokenPart,
    keyPart,
    sessionChoice,
    h("p", { class: "help" },
      "The app uses these credentials only to read your Flex settings from Twilio. They are kept in this computer's ",
      "secure storage (the system keyring), never in a file, and you can remove them at any time."),
    h("div", { class: "actions" },
      submit,
      h("button", { type: "button", class: "secondary", onclick: () => go("home") }, "Cancel")),
    status,
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.replaceChildren(progressLine("Saving…"));
    try {
      const profile = existing ?? (await profileCreate(name.input.value, accountSid.input.value));
      existing = profile; // a retry (for example with "this session only") reuses it
      const credentials = kind === "auth_token"
        ? { kind, account_sid: accountSid.input.value, auth_token: token.input.value }
        : { kind, account_sid: accountSid.input.value, api_key_sid: keySid.input.value, api_key_secret: keySecret.input.value };
      await credentialsSave(profile.id, credentials, sessionOnly.checked);
      go("preflight", { profileId: profile.id });
    } catch (error) {
      const box = errorBox(error, "sign-in");
      if (["keyring_unavailable", "keyring_locked", "keyring_refused"].includes(error.code)) {
        box.append(h("p", {}, "You can still go on: tick \"Keep for this session only\" above and save again."));
        sessionChoice.classList.add("highlight");
      }
      status.replaceChildren(box);
      box.scrollIntoView({ block: "nearest" });
      submit.disabled = false;
    }
  });

  container.append(
    h("section", {},
      h("p", { class: "breadcrumb" }, h("a", { href: "#", onclick: (e) => { e.preventDefault(); go("home"); } }, "Accounts"), " / Sign in"),
      h("h1", {}, existing ? `Sign in to ${existing.name}` : "Add your Twilio account"),
      h("p", { class: "lead" },
        "The app reads your Flex settings from Twilio to check that your account can move to the new single sign-on, ",
        "and to prepare the values for your identity provider."),
      form,
    ),
  );
  (existing ? kindChoice.querySelector("input") : name.input).focus();
}
