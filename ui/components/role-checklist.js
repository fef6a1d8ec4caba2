// "Every role signs in": the Health page's checklist. The admin names a few test users (one
// agent, one supervisor, one admin, one with a Flex Insights role...), then the app runs the
// ordinary login check once per user, in turn, each in a new private window, and shows a row per
// user: the roles Flex received and whether the user got in.
//   roleChecklist({ profileId }) → a node
// The list is kept with the account (backend). Each row is what the backend read from the login
// check itself and wrote to the journal (role_check_record): the page only says which user it was.
import {
  loginCheckClose, loginCheckPlan, loginCheckStart, loginCheckStatus, preflightRun,
  roleCheckRecord, roleChecklistGet, roleChecklistSetUsers,
} from "../backend.js";
import { announce, fill, h } from "../dom.js";
import { errorBox, progressLine } from "./feedback.js";
import { fact } from "../facts.js";

const POLL_MS = 400;

const ROLE_KIND_WORDS = { flex: "Flex role", insights: "Flex Insights role", unknown: "not a role Flex accepts" };
const STATE_CLASS = { signed_in: "ok", refused: "problem", not_signed_in: "problem", stopped: "neutral", skipped: "neutral" };

const when = (at) => {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
};

export function roleChecklist({ profileId }) {
  const root = h("section", { class: "card role-checklist", id: "role-checklist", "aria-labelledby": "role-checklist-title", "data-state": "loading" });
  const usersList = h("ul", { class: "role-users", id: "role-users", "aria-label": "Test users" });
  const input = h("input", {
    type: "text", id: "role-user-input", spellcheck: "false", autocomplete: "off",
    "aria-describedby": "role-user-help role-user-message", placeholder: "supervisor@example.com",
  });
  const message = h("p", { class: "field-error", id: "role-user-message", "aria-live": "polite" });
  const addButton = h("button", { type: "button", class: "secondary", id: "role-user-add" }, "Add this test user");
  const where = h("div", { class: "role-check-where", id: "role-check-where" }, progressLine("Reading your Flex login link…"));
  const linkInput = h("input", { type: "url", id: "role-check-link", spellcheck: "false", autocomplete: "off", "aria-describedby": "role-check-link-help", placeholder: "https://flex.twilio.com/…" });
  const linkBox = h("details", { class: "login-check-paste", id: "role-check-paste" },
    h("summary", {}, "Use another link (optional)"),
    h("div", { class: "field" },
      h("label", { for: "role-check-link" }, `The link of the Twilio Console's “${fact("console.log_in_with_sso")}” button`),
      h("p", { class: "help", id: "role-check-link-help" }, "Right-click that button in the Twilio Console, copy the link and paste it here. Each login window then opens it."),
      linkInput));
  const startButton = h("button", { type: "button", class: "primary", id: "role-check-start", disabled: true }, "Start the checklist");
  const skipButton = h("button", { type: "button", class: "secondary", id: "role-check-skip", hidden: true }, "Skip this user");
  const stopButton = h("button", { type: "button", class: "secondary", id: "role-check-stop", hidden: true }, "Stop the checklist");
  const now = h("div", { class: "role-check-now", id: "role-check-now", role: "status", "aria-live": "polite" });
  const problem = h("div", { id: "role-check-problem" });
  const rowsBody = h("tbody", {});
  const table = h("table", { class: "saml-attributes role-results", id: "role-check-results" },
    h("caption", { class: "visually-hidden" }, "Each test user's result"),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Test user"),
      h("th", { scope: "col" }, "Roles Flex received"),
      h("th", { scope: "col" }, "Result"),
      h("th", { scope: "col" }, "When"))),
    rowsBody);

  let users = [];
  let maxChars = 100;
  let maxUsers = 20;
  // The last row per user: from the journal when the page opens, then from this run.
  const rows = new Map();
  // During a run: the user signing in now, and what the admin asked for.
  let run = null;
  let plan = null;

  fill(root,
    h("h2", { id: "role-checklist-title" }, "Every kind of user can sign in"),
    h("p", { class: "muted" },
      "Sign in once as a test user of each kind, for example an agent, a supervisor, an admin and someone with a Flex Insights role. ",
      "The app opens a new private login window for each one, so nothing is remembered from the sign-in before, ",
      "and shows the roles your identity provider gave Flex and whether the user got in."),
    h("h3", {}, "Test users"),
    usersList,
    h("div", { class: "field" },
      h("label", { for: "role-user-input" }, "Add a test user"),
      h("p", { class: "help", id: "role-user-help" },
        "The user name or e-mail address as this user types it at your identity provider's sign-in page. ",
        "Never a password: the app never asks for one. You type the password only in the login window."),
      h("div", { class: "value-line role-user-add" }, input, addButton),
      message),
    h("h3", {}, "Run the checklist"),
    where,
    linkBox,
    h("div", { class: "actions" }, startButton, skipButton, stopButton),
    problem,
    now,
    table);

  const startUrl = () => linkInput.value.trim() || plan?.start_url || "";

  function updateButtons() {
    const running = run !== null;
    startButton.disabled = running || users.length === 0 || !startUrl();
    startButton.textContent = rows.size ? "Start the checklist again" : "Start the checklist";
    skipButton.hidden = !running;
    stopButton.hidden = !running;
    addButton.disabled = running;
    input.disabled = running;
    for (const b of usersList.querySelectorAll("button")) b.disabled = running;
    root.dataset.state = running ? "running" : "idle";
  }

  function drawUsers() {
    fill(usersList, users.length
      ? users.map((user) => h("li", { "data-user": user },
        h("span", { class: "role-user-label" }, user),
        h("button", { type: "button", class: "secondary small", "aria-label": `Remove ${user}`, onclick: () => saveUsers(users.filter((u) => u !== user), null) }, "Remove")))
      : h("li", { class: "muted", id: "role-users-empty" }, "No test users yet. Add one below."));
    input.setAttribute("maxlength", String(maxChars));
  }

  /** The roles cell: each value with what it is to Flex. */
  function rolesCell(roles) {
    if (roles === null || roles === undefined) return h("span", { class: "muted" }, "Unknown: no answer from your identity provider was read");
    if (!roles.length) return h("span", {}, "None: your identity provider sent no roles");
    return h("ul", { class: "role-values" }, roles.map((r) =>
      h("li", { "data-kind": r.kind }, h("code", { class: "saml-value" }, r.value), h("span", { class: "muted" }, ` (${ROLE_KIND_WORDS[r.kind] ?? r.kind})`))));
  }

  function drawRows() {
    fill(rowsBody, users.map((user) => {
      const row = rows.get(user);
      const current = run?.user === user;
      const queued = run && !current && run.queue.includes(user);
      let state = "not_checked";
      let result = h("span", { class: "muted" }, "Not checked yet");
      if (current) {
        state = "running";
        result = progressLine(run.live ?? "Opening a private login window…");
      } else if (queued) {
        state = "queued";
        result = h("span", { class: "muted" }, "Waiting its turn");
      } else if (row?.skipped) {
        state = row.skipped;
        result = h("span", { class: "muted" }, row.skipped === "skipped" ? "Skipped" : "Not checked: the checklist was stopped");
      } else if (row) {
        state = row.verdict.kind;
        result = h("div", { class: `role-verdict ${STATE_CLASS[state] ?? "neutral"}` },
          h("strong", {}, row.verdict.title), " ", h("span", {}, row.verdict.text));
      }
      const recorded = row && !row.skipped ? row : null;
      return h("tr", {
        "data-user": user, "data-state": state,
        "data-attempt": recorded ? String(recorded.attempt_id) : null,
        "data-roles": recorded?.roles ? recorded.roles.map((r) => r.value).join(",") : null,
        "aria-current": current ? "step" : null,
      },
      h("th", { scope: "row" }, user),
      h("td", {}, recorded ? rolesCell(recorded.roles) : h("span", { class: "muted" }, current || queued ? "" : "—")),
      h("td", {}, result),
      h("td", {}, recorded ? when(recorded.at) : ""));
    }));
    table.hidden = users.length === 0;
  }

  function show(checklist) {
    users = checklist.users;
    maxChars = checklist.max_label_chars;
    maxUsers = checklist.max_users;
    for (const row of checklist.last) if (!rows.has(row.user)) rows.set(row.user, row);
    drawUsers();
    drawRows();
    updateButtons();
  }

  async function saveUsers(next, typed) {
    try {
      show(await roleChecklistSetUsers(profileId, next));
      if (typed !== null) {
        input.value = "";
        message.textContent = "";
        input.removeAttribute("aria-invalid");
        announce(`${typed.trim()} added.`);
      }
    } catch (error) {
      if (typed === null) {
        fill(problem, errorBox(error, "health"));
        return;
      }
      message.textContent = error.message;
      input.setAttribute("aria-invalid", "true");
    }
  }

  function add() {
    const typed = input.value;
    if (!typed.trim()) {
      message.textContent = "Type the user name or e-mail address first.";
      input.setAttribute("aria-invalid", "true");
      return;
    }
    if (users.length >= maxUsers) {
      message.textContent = `The list holds ${maxUsers} test users at most. Remove one before adding another.`;
      return;
    }
    // The backend checks each label (length, no line breaks or invisible characters, no twice the same).
    saveUsers([...users, typed], typed);
  }
  addButton.addEventListener("click", add);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  });
  // A new try clears the answer to the last one.
  input.addEventListener("input", () => {
    message.textContent = "";
    input.removeAttribute("aria-invalid");
  });
  linkInput.addEventListener("input", updateButtons);

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Polls the attempt until it is settled (ended, saved, its answer checked). */
  async function settle(attemptId) {
    for (;;) {
      if (!root.isConnected) {
        // The page was left: the window is closed rather than left waiting.
        await loginCheckClose(attemptId).catch(() => {});
        return null;
      }
      const view = await loginCheckStatus(attemptId);
      if (view.settled) return view;
      const live = view.waiting_at_idp ? `${view.outcome.title}. Sign in as ${run.user} in the login window.` : view.outcome.title;
      if (live !== run.live) {
        run.live = live;
        drawRows();
      }
      await pause(POLL_MS);
    }
  }

  async function checkOne(user) {
    run.user = user;
    run.live = null;
    run.queue = run.queue.filter((u) => u !== user);
    run.attemptId = null;
    drawRows();
    const view = await loginCheckStart(profileId, startUrl(), null, "role_checklist");
    run.attemptId = view.attempt_id;
    fill(now, h("p", { class: "role-check-instruction", id: "role-check-instruction", "data-user": user, "data-attempt": String(view.attempt_id) },
      h("strong", {}, `Sign in as ${user} in the window that opened.`), " ",
      "Type this user's user name and password there, as they would. The window is private: it does not remember the user before."));
    announce(`Sign in as ${user} in the window that opened.`);
    const settled = await settle(view.attempt_id);
    if (!settled) return false;
    // Its window is done with (Flex or an error page is open in it): closed, so the next user's
    // window is the only one and nobody types into the wrong one.
    await loginCheckClose(view.attempt_id).catch(() => {});
    if (run.skip === view.attempt_id) {
      rows.set(user, { user, skipped: "skipped" });
      return true;
    }
    if (run.stop) {
      rows.set(user, { user, skipped: "stopped" });
      return false;
    }
    // The backend reads the roles and the verdict from the attempt and journals them.
    rows.set(user, await roleCheckRecord(profileId, view.attempt_id, user));
    run.done.add(user);
    return true;
  }

  startButton.addEventListener("click", async () => {
    fill(problem);
    run = { user: null, queue: [...users], live: null, attemptId: null, skip: null, stop: false, done: new Set() };
    updateButtons();
    drawRows();
    try {
      for (const user of [...users]) {
        if (!(await checkOne(user))) break;
      }
    } catch (error) {
      fill(problem, errorBox(error, "health"));
    }
    const signedIn = [...run.done].filter((u) => rows.get(u)?.verdict?.kind === "signed_in");
    const stopped = run.stop;
    const done = run.done.size;
    run = null;
    updateButtons();
    drawRows();
    const all = !stopped && signedIn.length === users.length;
    const summary = stopped
      ? `Checklist stopped: ${done} of ${users.length} test users checked this time, ${signedIn.length} of them signed in.`
      : `Checklist done: ${signedIn.length} of ${users.length} test users signed in.`;
    const more = stopped ? " Start it again to check the others." : all ? "" : " The rows below say what stopped the others and what to change.";
    fill(now, h("p", { class: all ? "result ok" : "result neutral", id: "role-check-summary", "data-signed-in": String(signedIn.length) }, summary, more));
    announce(summary);
  });

  async function interrupt(kind) {
    if (!run || run.attemptId === null) return;
    if (kind === "skip") run.skip = run.attemptId;
    else run.stop = true;
    try {
      await loginCheckClose(run.attemptId);
    } catch (error) {
      fill(problem, errorBox(error, "health"));
    }
  }
  skipButton.addEventListener("click", () => interrupt("skip"));
  stopButton.addEventListener("click", () => interrupt("stop"));

  roleChecklistGet(profileId).then(show).catch((error) => fill(problem, errorBox(error, "health")));

  // Where each login window opens: the account's hosted login link (read from Twilio), or the
  // self-hosted Flex; without either the admin pastes the Console's link.
  preflightRun(profileId)
    .then((report) => report.flex?.login_url ?? null)
    .catch(() => null)
    .then((loginUrl) => loginCheckPlan(profileId, loginUrl))
    .then((p) => {
      plan = p;
      fill(where,
        p.start_url
          ? h("p", {}, "Each login window opens ", h("code", { id: "role-check-start-url" }, p.start_url),
            p.start_url_source === "self_hosted" ? " (the address of your self-hosted Flex)." : " (your Flex login link).")
          : h("p", { id: "role-check-start-url-missing" }, "The app does not know your Flex login link yet: paste it below."),
        p.note ? h("p", { class: "result neutral", id: "role-check-plan-note" }, p.note) : null,
        h("p", { class: "muted" }, `Each sign-in stops by itself after ${Math.round(p.timeout_secs / 60) || 1} minute(s). Skip a user to move on, or stop the checklist at any time.`));
      if (!p.start_url) linkBox.open = true;
      updateButtons();
    })
    .catch((error) => fill(where, errorBox(error, "health")));

  return root;
}
