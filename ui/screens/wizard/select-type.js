// Step 1: choose how to migrate, with the guide's two options side by side, a few plain
// questions whose answers make a recommendation, and whether Flex is self-hosted.
import { adviseSetupType, preferenceGet, preferenceSet, profileSetSelfHosted } from "../../backend.js";
import { fill, h } from "../../dom.js";
import { errorBox } from "../../components/feedback.js";
import { radioGroup } from "../../components/form.js";
import { consoleSays, term } from "./common.js";
import { consoleSsoPath, fact, factLink } from "../../facts.js";

// The advisor's answers are a preference: kept across restarts, shared by all accounts.
const answers = { realtime_with_idp_admin: "unsure", tolerate_failed_new_logins: "unsure", assign_all_users_to_new_app: "unsure" };
let answersLoaded = false;

const RECOMMENDATION_TEXT = {
  modify_existing: "We recommend: modify the existing connection.",
  create_new: "We recommend: create a new connection.",
  either_works: "Both ways work for you.",
  needs_decision: "Your answers pull both ways: decide with your IdP administrator.",
};

function optionCard(option, chosen, onChoose) {
  const list = (title, items) => h("div", {}, h("h4", {}, title), h("ul", {}, items.map((i) => h("li", {}, i))));
  const selected = chosen === option.setup_type;
  return h("div", { class: `option-card${selected ? " selected" : ""}`, "data-option": option.setup_type },
    h("h3", {}, option.title),
    h("p", {}, option.summary),
    list("Benefits", option.benefits),
    list("Considerations", option.considerations),
    list("Use this option if", option.use_if),
    h("button", { type: "button", class: selected ? "primary" : "secondary", id: `choose-${option.setup_type}`,
      "aria-pressed": selected ? "true" : "false", onclick: () => onChoose(option.setup_type) },
      selected ? "Chosen" : `Choose “${option.title}”`));
}

export function render({ view, apply, reload, profileId }) {
  const chosen = view.state.setup_type ?? null;
  // "Not sure" before the migration started: ask here instead of assuming Twilio-hosted.
  const answered = view.state.self_hosting_answered !== false;
  const options = h("div", { class: "options" });
  const advice = h("div", { class: "advice", "aria-live": "polite" });
  const choose = (setupType) => apply({ action: "choose_setup_type", setup_type: setupType }, "Setup type chosen");

  const refreshAdvice = async () => {
    try {
      if (!answersLoaded) {
        answersLoaded = true;
        const saved = await preferenceGet("advisor_answers").catch(() => null);
        for (const key of Object.keys(answers)) {
          if (["yes", "no", "unsure"].includes(saved?.[key])) answers[key] = saved[key];
        }
      }
      const result = await adviseSetupType(answers);
      fill(options, result.advice.options.map((o) => optionCard(o, chosen, choose)));
      fill(advice,
        h("p", { class: "recommendation", "data-recommendation": result.advice.recommendation },
          h("strong", {}, RECOMMENDATION_TEXT[result.advice.recommendation] ?? "")),
        h("ul", {}, result.advice.reasons.map((r) => h("li", {}, r))));
      questions.replaceChildren(...result.questions.map((q) => radioGroup({
        name: q.id,
        legend: q.text,
        value: answers[q.id],
        options: [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }, { value: "unsure", label: "Not sure" }],
        onChange: (value) => { answers[q.id] = value; preferenceSet("advisor_answers", answers); refreshAdvice(); },
      })));
    } catch (error) {
      fill(advice, errorBox(error, "wizard"));
    }
  };
  const questions = h("div", { class: "questions" });
  refreshAdvice();

  const selfHostedSaved = h("span", { class: "muted", role: "status" });
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "Choose how to migrate"),
    h("p", { class: "lead" },
      "Moving to the new single sign-on changes two places: the Twilio Console and your ",
      term("identity provider", "IdP: the service your agents sign in with, such as Okta or Microsoft Entra ID"),
      ". Twilio offers two ways to do it. Answer three questions and the app suggests one."),
    consoleSays(
      h("p", {}, "Go to ", consoleSsoPath(), ". Under \"", fact("console.new_sso_section"), "\" click ", fact("console.start_setup"), ". ",
        "In the Console's step 1 choose the same setup type you choose here, then click Continue."),
      h("p", {}, factLink("console.sso_page", "Open that page of the Twilio Console in your browser", "open-console-sso"))),
    h("div", { class: "card" }, h("h2", {}, "Three questions"), questions, advice),
    options,
    h("div", { class: "card", id: "where-flex-runs", "data-answered": String(answered) },
      h("h2", {}, "Where does your Flex run?"),
      h("p", {}, "Self-hosted Flex (your company runs the Flex web page on its own address) needs one extra step before the test login."),
      answered ? null : h("div", { class: "result warn", role: "note", id: "self-hosting-unsure" },
        "You were not sure earlier, so the app has not assumed anything. If your agents open Flex at flex.twilio.com, ",
        "it is hosted by Twilio. If they open it at your company's own address, it is self-hosted. If you still do not know, ask your developers before you continue."),
      radioGroup({
        name: "wizard-self-hosted",
        legend: "My Flex is…",
        value: answered ? (view.state.self_hosted ? "yes" : "no") : undefined,
        options: [
          { value: "no", label: "Hosted by Twilio (flex.twilio.com)" },
          { value: "yes", label: "Self-hosted, on our own web address" },
        ],
        onChange: async (value) => {
          try {
            // Saved on the account and, on this step, in the migration (the steps depend on it).
            await profileSetSelfHosted(profileId, value === "yes");
            await reload();
          } catch (error) {
            fill(selfHostedSaved, errorBox(error, "wizard"));
          }
        },
      }),
      selfHostedSaved),
  );
}
