// Step 4's login check: a private login window opens, the admin signs in there as a Flex user,
// and this component shows each step live, the outcome in plain words, and what the identity
// provider's answer (the SAML response) says. The wizard's step 4 embeds it:
//   loginCheck({ profileId, loginUrl, onOutcome }) → a node
// loginUrl: the preflight's hosted login link (optional); onOutcome(view) runs when an attempt ends.
import { traceCard } from "./share.js";
import { idpSignInLog, loginCheckClose, loginCheckPlan, loginCheckStart, loginCheckStatus } from "../backend.js";
import { announce, fill, h } from "../dom.js";
import { errorBox, progressLine } from "./feedback.js";
import { findingCards } from "./findings.js";
import { valueRow } from "./copy.js";
import { fact } from "../facts.js";

const POLL_MS = 400;

const PHASES = [
  ["flex_login", "Flex login", "Flex sends you to your identity provider."],
  ["idp_sign_in", "Your identity provider's sign-in page", "You sign in there with your user name and password."],
  ["acs_post", "The answer sent to Twilio", "Your identity provider sends Twilio a signed message saying who you are (the SAML response) at its ACS URL (Assertion Consumer Service: the address that receives it)."],
  ["flex_loaded", "Flex loaded", "Twilio accepts the answer and opens Flex."],
];

/** Whether `phase` comes after the phase a failed attempt stopped at (it was then not passed). */
function afterStop(view, phase) {
  if (!view.finished || view.status === "success" || !view.current_phase) return false;
  const order = PHASES.map(([p]) => p);
  return order.indexOf(phase) > order.indexOf(view.current_phase);
}

const STATUS_CLASS = { running: "progress", success: "ok", error_page: "problem", cancelled: "neutral", timed_out: "problem" };

export function loginCheck({ profileId, loginUrl = null, onOutcome = null } = {}) {
  // The IdP log card of each finished attempt, asked for once.
  const idpLogs = new Map();
  const root = h("section", { class: "login-check", id: "login-check", "aria-labelledby": "login-check-title" });
  const startLine = h("div", { class: "login-check-start", id: "login-check-start" }, progressLine("Preparing the login check…"));
  const linkInput = h("input", {
    type: "url", id: "login-check-link", spellcheck: "false", autocomplete: "off",
    "aria-describedby": "login-check-link-help login-check-link-message", placeholder: "https://flex.twilio.com/…",
  });
  const linkMessage = h("p", { class: "field-message", id: "login-check-link-message", "aria-live": "polite" });
  const openButton = h("button", { type: "button", class: "primary", id: "login-check-open", disabled: true }, "Open the login window");
  const closeButton = h("button", { type: "button", class: "secondary", id: "login-check-close", hidden: true }, "Close the login window");
  const outcome = h("div", { class: "login-check-outcome", id: "login-check-outcome", role: "status", "aria-live": "polite" });
  const timeline = h("ol", { class: "login-check-timeline", id: "login-check-timeline", "aria-label": "What the login window did, step by step" });
  const findings = h("div", { class: "login-check-findings", id: "login-check-findings" });
  const problem = h("div", { id: "login-check-problem" });
  // The trace for support, offered once an attempt has ended (one card per attempt).
  const traceSlot = h("div", { id: "login-check-trace" });
  let traceFor = null;

  let plan = null;
  let attemptId = null;
  let timer = null;
  let lastStatus = null;
  let lastOutcomeKey = null;
  // The attempt whose saved outcome was handed to onOutcome (once per attempt).
  let reported = null;

  fill(root,
    h("h2", { id: "login-check-title" }, "Check a real login"),
    h("div", { class: "lead login-check-intro" },
      h("p", {}, "The app opens a private login window: like your browser's private mode, it has no saved sign-in, so the login really goes through your identity provider (IdP: the service your users sign in with, such as Okta or Microsoft Entra ID)."),
      h("ol", { class: "login-check-howto" },
        h("li", {}, "Press “Open the login window”."),
        h("li", {}, "Sign in there as a Flex user of your identity provider (an agent, for example), as you would in a browser."),
        h("li", {}, "Watch this page: it shows each step, then says whether Flex loaded and, if not, what to change."))),
    startLine,
    h("details", { class: "login-check-paste", id: "login-check-paste" },
      h("summary", {}, "Use another link (optional)"),
      h("label", { for: "login-check-link" }, `The exact link from the Twilio Console's “${fact("console.log_in_with_sso")}” button`),
      h("p", { class: "field-help", id: "login-check-link-help" },
        `In the Twilio Console, right-click the “${fact("console.log_in_with_sso")}” button, copy the link and paste it here. The window then opens that link instead.`),
      linkInput, linkMessage),
    h("div", { class: "actions" }, openButton, closeButton),
    problem,
    outcome,
    h("details", { class: "login-check-details", id: "login-check-details", open: true },
      h("summary", {}, "Details: each step of the login, and everything the identity provider's answer was checked for"),
      h("div", { class: "login-check-grid" },
        h("div", { class: "login-check-live" },
          h("h3", {}, "What happened, step by step"),
          timeline),
        h("div", { class: "login-check-answer", role: "region", "aria-labelledby": "login-check-answer-title" },
          h("h3", { id: "login-check-answer-title" }, "What your identity provider sent"),
          findings))),
    traceSlot,
  );
  renderIdle();

  function chosenUrl() {
    const pasted = linkInput.value.trim();
    return pasted || plan?.start_url || "";
  }

  function updateOpenButton() {
    const url = chosenUrl();
    const running = lastStatus === "running";
    openButton.disabled = running || !url;
    openButton.textContent = attemptId === null ? "Open the login window" : "Open the login window again";
    closeButton.hidden = !running;
  }

  linkInput.addEventListener("input", () => {
    const pasted = linkInput.value.trim();
    if (!pasted) {
      linkMessage.textContent = "";
      linkInput.removeAttribute("aria-invalid");
    } else if (!/^https?:\/\/[^\s/]+/i.test(pasted)) {
      linkMessage.textContent = "Paste the whole link, starting with https://.";
      linkInput.setAttribute("aria-invalid", "true");
    } else {
      linkMessage.textContent = "The window will open this link.";
      linkInput.setAttribute("aria-invalid", "false");
    }
    updateOpenButton();
  });

  openButton.addEventListener("click", async () => {
    fill(problem);
    openButton.disabled = true;
    try {
      const view = await loginCheckStart(profileId, chosenUrl(), null);
      attemptId = view.attempt_id;
      show(view);
      // Bring the live part into view: the admin watches it while signing in.
      outcome.scrollIntoView({ block: "start", behavior: "smooth" });
      announce("The login window is open. Sign in there as a Flex user.");
      poll();
    } catch (error) {
      fill(problem, errorBox(error, "login-check"));
      updateOpenButton();
    }
  });

  closeButton.addEventListener("click", async () => {
    if (attemptId === null) return;
    try {
      show(await loginCheckClose(attemptId));
    } catch (error) {
      fill(problem, errorBox(error, "login-check"));
    }
  });

  function poll() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!root.isConnected) return; // the screen was left: stop polling
      try {
        const view = await loginCheckStatus(attemptId);
        show(view);
        if (!view.settled) poll();
      } catch (error) {
        fill(problem, errorBox(error, "login-check"));
      }
    }, POLL_MS);
  }

  function renderIdle() {
    fill(outcome, h("p", { class: "result neutral", "data-status": "idle" }, "Nothing yet: open the login window to start."));
    fill(timeline, PHASES.map(([phase, label, help]) =>
      h("li", { class: "phase pending", "data-phase": phase },
        h("span", { class: "phase-label" }, label),
        h("span", { class: "phase-help" }, help))));
    fill(findings, h("p", { class: "muted" }, "When your identity provider answers, the app checks the answer here: who it is for, its signatures, the user's roles and details."));
  }

  function show(view) {
    const status = view.status;
    if (status !== lastStatus) {
      lastStatus = status;
      if (view.finished) announce(view.outcome.title);
    }
    // Only once the attempt is settled is its outcome saved in the migration: the step reloads
    // the migration then (and waits, if need be, until it shows this outcome).
    if (view.settled && reported !== view.attempt_id) {
      reported = view.attempt_id;
      onOutcome?.(view);
    }
    root.dataset.status = status;
    // The outcome is a live region: refill it only when what it says changes, or a screen
    // reader would read it again at every poll.
    // `settled` too: the IdP's log card joins the outcome only once the attempt is settled, which
    // can come a poll after the outcome itself.
    const outcomeKey = JSON.stringify([status, view.finished, view.settled, view.outcome, view.symptom?.page_line ?? null,
      view.finished ? null : view.page_title ?? null, view.requested_by ?? null,
      (view.capture.diagnosis?.findings ?? []).filter((f) => f.severity === "error").map((f) => [f.code, f.set?.value ?? null])]);
    if (outcomeKey !== lastOutcomeKey) {
      lastOutcomeKey = outcomeKey;
      fillOutcome(view, status);
    }

    // The four phases, each with the addresses it went through (host and path; secrets hidden).
    fill(timeline, PHASES.map(([phase, label, help]) => {
      const steps = view.groups.filter((g) => g.phase === phase).flatMap((g) => g.steps);
      const reached = view.reached.includes(phase);
      const current = !view.finished && view.current_phase === phase;
      // An attempt that ended without success stopped where it last was: that step is marked
      // "stopped here", the ones after it "not reached" (never passed).
      const stopped = view.finished && view.status !== "success" && view.current_phase === phase;
      const state = current ? "current" : stopped ? "stopped" : reached && !afterStop(view, phase) ? "done" : "pending";
      const note = stopped ? " (stopped here)" : view.finished && state === "pending" ? " (not reached)" : current ? " (now)" : "";
      return h("li", { class: `phase ${state}`, "data-phase": phase, "aria-current": current ? "step" : null },
        h("span", { class: "phase-label" }, label, note ? h("span", { class: "phase-note" }, note) : null),
        h("span", { class: "phase-help" }, help),
        steps.length
          ? h("ul", { class: "phase-steps" }, steps.map((s) => s.ignored
            ? h("li", { class: "ignored", "data-ignored": "true" }, h("span", {}, s.shown), h("span", { class: "elapsed" }, ` after ${(s.elapsed_ms / 1000).toFixed(1)} s`))
            : h("li", {}, h("code", {}, s.shown), h("span", { class: "elapsed" }, ` after ${(s.elapsed_ms / 1000).toFixed(1)} s`))))
          : null);
    }));

    renderAnswer(view);
    if (view.settled && traceFor !== view.attempt_id) {
      traceFor = view.attempt_id;
      fill(traceSlot, traceCard({ from: "login_check", attempt_id: view.attempt_id }));
    } else if (!view.finished && traceFor !== null && traceFor !== view.attempt_id) {
      traceFor = null;
      fill(traceSlot);
    }
    updateOpenButton();
  }

  function fillOutcome(view, status) {
    fill(outcome,
      h("div", { class: `result ${STATUS_CLASS[status] ?? "neutral"}`, "data-status": status, id: "login-check-verdict" },
        h("p", { class: "outcome-title" }, h("strong", {}, view.outcome.title)),
        h("p", { class: "outcome-text" }, view.outcome.text),
        view.symptom?.page_line ? h("p", { class: "outcome-page-line" }, "The page says: “", view.symptom.page_line, "”.") : null,
        !view.finished && view.page_title
          ? h("p", { class: "outcome-page", id: "login-check-page-title" }, "The login window shows: “", view.page_title, "”.")
          : null),
      view.finished && status !== "success" ? fixFirst(view) : null,
      view.settled && status !== "success" ? idpSide(view) : null,
      h("p", { class: "outcome-next", id: "login-check-next" }, h("strong", {}, "Next: "), view.outcome.next),
      connectionUsed(view));
  }

  /**
   * The IdP's own side of a failed login, when its API is connected (step 2): what it logged
   * about the Flex app in the attempt's minutes. Asked once per attempt; nothing when not connected.
   */
  function idpSide(view) {
    let node = idpLogs.get(view.attempt_id);
    if (node) return node;
    node = h("div", { id: "login-check-idp-log", "aria-live": "polite" });
    idpLogs.set(view.attempt_id, node);
    idpSignInLog(profileId, Math.ceil(view.timeout_secs / 60) + 5)
      .then((log) => { if (log) fill(node, idpLogCard(log)); })
      .catch((error) => fill(node, errorBox(error, "login-check")));
    return node;
  }

  function idpLogCard(log) {
    const lines = [...log.lines].sort((a, b) => Number(b.outcome === "failure") - Number(a.outcome === "failure"));
    return h("div", { class: "card idp-log", "data-lines": String(lines.length) },
      h("h3", {}, `What ${log.idp_name} recorded`),
      lines.length
        ? h("ul", { class: "plain" }, lines.map((line) => h("li", { class: `idp-log-line ${line.outcome}`, "data-event": line.event },
            h("p", {}, h("strong", {}, line.meaning)),
            h("p", { class: "muted" }, `${new Date(line.when).toLocaleString()}${line.user ? `, ${line.user}` : ""}: ${log.idp_name} says “${line.idp_says}” (${line.event}).`),
            line.fix ? h("p", {}, h("strong", {}, "What to do: "), line.fix) : null)))
        : h("p", { class: "muted" }, `${log.idp_name} recorded nothing about “${log.app_label}” in the last ${log.minutes} minutes: the sign-in may not have reached this app.`));
  }

  /** The first thing to change, in the IdP's own words, with its value to copy. */
  function fixFirst(view) {
    const found = (view.capture.diagnosis?.findings ?? []).filter((f) => f.severity === "error");
    if (!found.length) return null;
    const first = found[0];
    const where = first.set?.place === "flex" ? "In Flex's SSO settings" : `In ${plan?.idp_name ?? "your identity provider"}`;
    return h("div", { class: "card fix-first", id: "login-check-fix", "data-code": first.code },
      h("h3", {}, "What to change"),
      h("p", { class: "fix-title" }, h("strong", {}, first.title)),
      first.set
        ? valueRow({ label: `${where}, set ${first.set.setting} to`, value: first.set.value, id: "login-check-fix-value", what: first.set.setting, profileId })
        : h("p", { class: "fix-text" }, first.fix),
      first.set ? h("p", { class: "muted" }, "Save it there, then open the login window again.") : null,
      found.length > 1 ? h("p", { class: "muted" }, `${found.length - 1} more thing(s) to change are listed under Details below.`) : null);
  }

  /** Which connection Flex used, from the sign-in request it sent (when seen). */
  function connectionUsed(view) {
    const by = view.requested_by;
    if (!by) return null;
    const words = by.connection === "new" ? "Flex used the new connection for this login."
      : by.connection === "legacy" ? "Flex used the legacy connection for this login."
        : `Flex signed in as “${by.issuer}”, which is neither of its connections.`;
    return h("p", { class: "connection-used", id: "login-check-connection-used", "data-connection": by.connection },
      words, h("span", { class: "muted" }, " (Source: the sign-in request Flex sent to your identity provider.)"));
  }

  function renderAnswer(view) {
    const c = view.capture;
    const parts = [];
    if (c.legacy_acs) {
      parts.push(h("p", { class: "result problem", id: "login-check-legacy" },
        "Your identity provider sent the answer to the legacy Twilio address, not to the new one: its Flex app still has the legacy Entity ID and ACS URL."));
    }
    if (c.state === "none") {
      parts.push(h("p", { class: "muted" }, view.finished
        ? "Your identity provider sent no answer during this attempt."
        : "Waiting for your identity provider's answer…"));
    } else if (c.state === "checking") {
      parts.push(progressLine("Checking the answer…"));
    } else if (c.state === "not_checkable") {
      parts.push(h("p", { class: "result neutral", id: "login-check-not-checkable" }, "The answer could not be checked: ", c.note ?? ""));
    } else if (c.diagnosis) {
      const d = c.diagnosis;
      parts.push(h("p", { class: `result ${d.verdict === "pass" ? "ok" : "problem"}`, id: "login-check-answer-verdict", "data-verdict": d.verdict },
        d.verdict === "pass"
          ? "The answer has what Flex needs."
          : "The answer has problems Flex refuses (below: what is wrong and what to change)."));
      const expected = d.expected ?? {};
      if (expected.entity_id) {
        parts.push(h("p", { class: "checked-against" }, "Compared with this migration's new values: Entity ID (the name Flex has in your identity provider, also called audience) ",
          h("code", {}, expected.entity_id.value), " and ACS URL ", h("code", {}, expected.acs_url?.value ?? "")));
      }
      parts.push(findingCards(d.findings ?? []));
    }
    fill(findings, parts);
  }

  loginCheckPlan(profileId, loginUrl)
    .then((p) => {
      plan = p;
      const where = p.start_url
        ? h("p", {}, "The window opens ", h("code", { id: "login-check-start-url" }, p.start_url),
          p.start_url_source === "self_hosted" ? " (the address of your self-hosted Flex)." : " (your Flex login link).")
        : h("p", { id: "login-check-start-url-missing" },
          `The app does not know your Flex login link yet. Paste the link from the Twilio Console's “${fact("console.log_in_with_sso")}” button below.`);
      fill(startLine, where,
        p.note ? h("p", { class: "result neutral", id: "login-check-plan-note" }, p.note) : null,
        h("p", { class: "muted" }, `The check stops by itself after ${Math.round(p.timeout_secs / 60) || 1} minute(s). Closing the login window stops it too.`));
      if (!p.start_url) root.querySelector("#login-check-paste").open = true;
      updateOpenButton();
    })
    .catch((error) => fill(startLine, errorBox(error, "login-check")));

  return root;
}
