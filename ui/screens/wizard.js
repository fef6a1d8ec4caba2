// The migration wizard: one profile's migration, step by step, following Twilio's guide. The
// backend's step machine decides what is allowed; this screen shows where the admin is, what the
// current step needs, and why Continue is disabled until then. Every change is saved at once.
import { migrationApply, migrationGet } from "../backend.js";
import { announce, fill, h } from "../dom.js";
import { errorBox, progressLine } from "../components/feedback.js";
import * as selectType from "./wizard/select-type.js";
import * as updateIdp from "./wizard/update-idp.js";
import * as idpData from "./wizard/idp-data.js";
import * as selfHosted from "./wizard/self-hosted.js";
import * as validate from "./wizard/validate.js";
import * as finished from "./wizard/finished.js";
import * as switchBack from "./wizard/switch-back.js";

const STEP_SCREENS = {
  select_type: selectType,
  update_idp: updateIdp,
  enter_idp_data: idpData,
  self_hosted_config: selfHosted,
  validate,
};

// The Console's own step numbers (its Single sign-on setup workflow), beside the app's.
const CONSOLE_STEP = { select_type: 1, update_idp: 2, enter_idp_data: 3, validate: 4 };

const SHORT_TITLES = {
  select_type: "Setup type",
  update_idp: "Update your IdP",
  enter_idp_data: "IdP data",
  self_hosted_config: "Self-hosted settings",
  validate: "Test the login",
};

function progressBar(view) {
  const current = view.current_step;
  const done = view.stage !== "in_progress";
  return h("ol", { class: "stepper", "aria-label": "Migration steps" },
    view.steps.map((step, index) => {
      const state = done || (view.step_number && index + 1 < view.step_number) ? "done" : step === current ? "current" : "todo";
      return h("li", { class: `step ${state}`, "aria-current": step === current ? "step" : null },
        h("span", { class: "step-number", "aria-hidden": "true" }, state === "done" ? "✓" : String(index + 1)),
        h("span", { class: "step-title" }, SHORT_TITLES[step] ?? step),
        h("span", { class: "visually-hidden" }, state === "done" ? " (done)" : state === "current" ? " (current step)" : ""));
    }));
}

/** Back and Continue (or Finish), disabled with the reason until the step's needs are met. */
function navigation(view, apply) {
  const onLast = view.current_step === view.steps[view.steps.length - 1];
  const forward = onLast
    ? h("button", { type: "button", class: "primary", id: "wizard-finish", disabled: !view.offers.can_finish,
        "aria-describedby": "wizard-blockers", onclick: () => apply({ action: "finish" }, "Migration finished") }, "Finish")
    : h("button", { type: "button", class: "primary", id: "wizard-continue", disabled: !view.offers.can_continue,
        "aria-describedby": "wizard-blockers", onclick: () => apply({ action: "continue" }) }, "Continue");
  const back = h("button", { type: "button", class: "secondary", id: "wizard-back", disabled: !view.offers.can_go_back,
    onclick: () => apply({ action: "back" }) }, "Back");
  const reasons = view.blockers.length
    ? h("div", { id: "wizard-blockers", class: "blockers" },
        h("strong", {}, onLast ? "Before you can finish:" : "Before you can continue:"),
        h("ul", {}, view.blockers.map((b) => h("li", { "data-code": b.code }, b.message))))
    : h("div", { id: "wizard-blockers", class: "blockers empty" }, "");
  return h("div", { class: "wizard-nav" }, h("div", { class: "actions" }, back, forward), reasons);
}

export async function render(container, go, params = {}) {
  const profileId = params.profileId;
  const body = h("div", { id: "wizard-body" }, progressLine("Loading your migration…"));
  const status = h("div", { id: "wizard-status", role: "status", "aria-live": "polite" });
  container.append(body);

  let view;
  // Changes and reloads run one at a time, in the order the admin made them: two quick clicks
  // (a radio button, then an option) otherwise both go out at once, and the answer of the older
  // one can arrive last and draw the older state over the newer.
  let queue = Promise.resolve();
  const inOrder = (task) => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };
  // Applies one action; the backend saves it and answers with the new view.
  const apply = (action, announcement) => inOrder(async () => {
    try {
      view = await migrationApply(profileId, action);
      draw();
      if (announcement) announce(announcement);
      return true;
    } catch (error) {
      fill(status, errorBox(error, "wizard"));
      return false;
    }
  });
  const reload = () => inOrder(async () => {
    view = await migrationGet(profileId);
    draw();
  });

  function draw() {
    // Re-drawing replaces the nodes: give focus back to the control the admin was on.
    const focusedId = document.activeElement?.id;
    const ctx = { view, apply, reload, inOrder, go, profileId, setView: (v) => { view = v; draw(); } };
    const stage = view.stage;
    let content;
    if (stage === "in_progress") {
      const screen = STEP_SCREENS[view.current_step];
      content = h("div", {},
        progressBar(view),
        h("p", { class: "step-count" }, `Step ${view.step_number} of ${view.steps.length} in this app`,
          h("span", { class: "console-step" }, CONSOLE_STEP[view.current_step]
            ? ` · step ${CONSOLE_STEP[view.current_step]} in the Console`
            : " · not a Console step: it happens in your Flex's own configuration")),
        screen.render(ctx),
        navigation(view, apply));
    } else if (stage === "finished") {
      content = finished.render(ctx);
    } else {
      content = switchBack.render(ctx);
    }
    fill(body,
      h("p", { class: "breadcrumb" },
        h("a", { href: "#", onclick: (e) => { e.preventDefault(); go("home"); } }, "Accounts"), ` / ${view.profile_name}`),
      view.warning ? h("p", { class: "result problem", role: "alert" }, view.warning) : null,
      status,
      content);
    status.replaceChildren();
    if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  }

  try {
    await reload();
    document.getElementById("screen").focus({ preventScroll: true });
  } catch (error) {
    fill(body, errorBox(error, "wizard"));
  }
}
