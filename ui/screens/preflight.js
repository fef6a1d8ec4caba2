// Preflight: can this account move to the new SSO, and where does its SSO stand? Runs the check
// with Twilio (three reads at once in the backend), explains the result, and asks the one thing
// Twilio's API cannot tell: whether Flex is self-hosted.
import { preflightRun, profileSetSelfHosted, profilesList } from "../backend.js";
import { announce, h } from "../dom.js";
import { valueRow } from "../components/copy.js";
import { errorBox, progressLine } from "../components/feedback.js";
import { radioGroup } from "../components/form.js";
import { fact, factLink } from "../facts.js";


function row(label, value, id) {
  return h("div", { class: "fact" }, h("dt", {}, label), h("dd", { id }, value ?? "Not checked"));
}

function verdict(report) {
  if (report.ok) {
    return h("div", { class: "result ok verdict", id: "preflight-verdict", "data-state": "ready" },
      h("strong", {}, "This account can move to the new single sign-on."),
      " Flex is on a version that supports it and Twilio accepted your credentials.");
  }
  return h("div", { class: "result problem verdict", id: "preflight-verdict", "data-state": "not-ready" },
    h("strong", {}, "Not ready yet."), " Fix what is listed below, then check again.");
}

function flexSection(report, profileId) {
  const flex = report.flex;
  const eligible = flex.eligible;
  return h("section", { class: "card", "aria-labelledby": "flex-heading" },
    h("h2", { id: "flex-heading" }, "Flex"),
    h("dl", { class: "facts" },
      row("Flex UI version", flex.ui_version, "flex-ui-version"),
      row("Can it migrate?", flex.eligibility_reason, "flex-eligibility"),
      row("Flex status", flex.status),
    ),
    eligible === "not_eligible"
      ? h("div", { class: "result problem" },
          h("p", { class: "message" },
            `The new single sign-on needs Flex UI ${fact("flex_ui.minimum")} or later. Upgrade Flex UI first (in ${fact("flex_ui.versioning")} for hosted Flex, `,
            "or in your own deployment for self-hosted Flex), then check again."),
          h("p", {}, factLink("flex_ui.versioning", "Open the Versioning page of the Flex Admin UI", "open-versioning"), " · ",
            factLink("flex_ui.upgrade_guide", fact("flex_ui.upgrade_guide"), "open-upgrade-guide")))
      : null,
    eligible === "unknown" && flex.ui_version
      ? h("p", { class: "result problem" },
          `The app could not tell the exact Flex UI version. Look it up in ${fact("flex_ui.versioning")} before you start: it must be ${fact("flex_ui.minimum")} or later. `,
          factLink("flex_ui.versioning", "Open the Versioning page", "open-versioning"))
      : null,
    flex.login_url
      ? valueRow({ label: "Your Flex login link", value: flex.login_url, id: "login-url", what: "Flex login link",
          hint: "Agents open this link to sign in. The app uses it for the test login at the end.", profileId })
      : flex.status
        ? h("p", { class: "muted" }, "The Flex login link could not be worked out from your settings.")
        : null,
  );
}

function ssoSection(report) {
  const sso = report.sso;
  return h("section", { class: "card", "aria-labelledby": "sso-heading" },
    h("h2", { id: "sso-heading" }, "Single sign-on today"),
    h("p", { id: "sso-state", "data-state": sso.state }, sso.state_description,
      sso.state === "unknown" ? null : h("span", { class: "muted" }, " (Source: Twilio's public list of SSO connections, which needs no sign-in.)")),
    sso.connections.length
      ? h("ul", { class: "plain" }, sso.connections.map((c) =>
          h("li", {}, h("code", {}, c.connection_name),
            c.active === true ? " (Twilio says it is active: agents sign in through it)"
              : c.active === false ? " (saved, not active yet)"
                : " (saved; whether it is active, Twilio's list does not say)")))
      : null,
    sso.deadline_note ? h("p", { class: "muted", id: "sso-deadline" }, sso.deadline_note) : null,
  );
}

function accountSection(report) {
  const a = report.account;
  return h("section", { class: "card", "aria-labelledby": "account-heading" },
    h("h2", { id: "account-heading" }, "Twilio account"),
    h("dl", { class: "facts" },
      row("Account SID", a.sid),
      row("Name", a.friendly_name),
      row("Status", a.status),
      row("Type", a.type),
    ),
    h("p", { class: "muted" }, a.note),
  );
}

/** Problems whose fix is done on another screen of this app get that screen's button. */
const PROBLEM_ACTIONS = {
  wrong_credentials: ["Enter new credentials", "sign-in"],
  keyring_not_found: ["Enter credentials", "sign-in"],
};

function problemsSection(report, go, profileId) {
  if (!report.problems.length) return null;
  return h("section", { "aria-labelledby": "problems-heading" },
    h("h2", { id: "problems-heading" }, "What to fix"),
    h("ul", { class: "findings", id: "preflight-problems" }, report.problems.map((p) => {
      const action = PROBLEM_ACTIONS[p.code];
      return h("li", { class: "finding error", "data-code": p.code },
        h("p", { class: "finding-detail" }, h("strong", {}, p.message)),
        h("p", { class: "finding-fix" }, h("strong", {}, "What to do: "), p.fix),
        action ? h("div", { class: "actions" },
          h("button", { type: "button", class: "primary", id: `problem-action-${p.code}`, onclick: () => go(action[1], { profileId }) }, action[0])) : null);
    })),
  );
}

function selfHostedQuestion(profile) {
  const saved = h("p", { class: "muted", role: "status" });
  const value = profile.self_hosted === true ? "yes" : profile.self_hosted === false ? "no" : undefined;
  return h("section", { class: "card", "aria-labelledby": "self-hosted-heading" },
    h("h2", { id: "self-hosted-heading" }, "Where does your Flex run?"),
    h("p", {},
      "Twilio cannot tell the app this. Most companies use Flex hosted by Twilio, opened at flex.twilio.com. ",
      "\"Self-hosted\" means your company runs the Flex web page on its own address; it needs one extra step."),
    radioGroup({
      name: "self-hosted",
      legend: "My Flex is…",
      value,
      options: [
        { value: "no", label: "Hosted by Twilio (flex.twilio.com)" },
        { value: "yes", label: "Self-hosted, on our own web address" },
        { value: "unsure", label: "I am not sure", help: "(ask your developers; you can change this later)" },
      ],
      onChange: async (choice) => {
        try {
          await profileSetSelfHosted(profile.id, choice === "yes" ? true : choice === "no" ? false : null);
          saved.textContent = "Saved.";
          announce("Saved");
        } catch (error) {
          saved.replaceChildren(errorBox(error, "preflight"));
        }
      },
    }),
    saved,
  );
}

export async function render(container, go, params = {}) {
  const profileId = params.profileId;
  const body = h("div", { id: "preflight-body", "aria-live": "polite" });
  const again = h("button", { type: "button", class: "secondary", id: "preflight-again" }, "Check again");
  let profile = null;
  try {
    profile = (await profilesList()).profiles.find((p) => p.id === profileId) ?? null;
  } catch (error) {
    body.replaceChildren(errorBox(error, "preflight"));
  }
  const run = async () => {
    again.disabled = true;
    body.replaceChildren(progressLine("Checking your account with Twilio…"));
    try {
      const report = await preflightRun(profileId);
      const start = report.ok
        ? h("div", { class: "actions" },
            h("button", { type: "button", class: "primary", id: "start-migration", onclick: () => go("wizard", { profileId }) }, "Start the migration"))
        : null;
      body.replaceChildren(...[
        verdict(report),
        start,
        problemsSection(report, go, profileId),
        flexSection(report, profileId),
        ssoSection(report),
        accountSection(report),
        profile ? selfHostedQuestion(profile) : null,
      ].filter(Boolean));
      announce(report.ok ? "Check finished: ready to migrate." : "Check finished: not ready yet.");
    } catch (error) {
      body.replaceChildren(errorBox(error, "preflight"));
      if (error.code === "keyring_not_found") {
        body.append(h("button", { type: "button", class: "primary", onclick: () => go("sign-in", { profileId }) }, "Sign in"));
      }
    } finally {
      again.disabled = false;
    }
  };
  again.addEventListener("click", run);
  container.append(
    h("section", {},
      h("p", { class: "breadcrumb" }, h("a", { href: "#", onclick: (e) => { e.preventDefault(); go("home"); } }, "Accounts"), ` / ${profile?.name ?? ""}`),
      h("h1", {}, "Check your Twilio account"),
      h("p", { class: "lead" },
        "The app asks Twilio three things: does it accept your credentials, which Flex UI version you run, and which ",
        "single sign-on connections exist. Run it again after you change something in the Twilio Console."),
      body,
      h("div", { class: "actions" }, again, h("button", { type: "button", class: "secondary", onclick: () => go("home") }, "Back to accounts")),
    ),
  );
  run();
}
