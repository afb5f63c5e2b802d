// The sandbox page: shows what the server renders and sends every click, message and form to
// it. The server turns each into the signed request Slack would send the bot; no logic here
// decides anything the bot decides.
(function () {
  "use strict";

  // Data, not a script: the page's Content-Security-Policy runs no inline script.
  const boot = JSON.parse(document.getElementById("sandbox-boot").textContent);
  const params = new URLSearchParams(location.search);
  const known = (id) => boot.people.some((p) => p.user_id === id);
  const state = {
    // Someone not in this sandbox (an old link, another sandbox's ID) is the first person.
    user: [params.get("as"), localStorage.getItem("s55-sandbox-as")].find(known) || boot.people[0].user_id,
    thread: params.get("thread") || null,
    tab: params.get("tab") || "channel",
    since: boot.since, // ephemeral messages older than the page are gone, as in Slack
    version: -1,
    modalKey: null, // what the modal layer shows; null: nothing decided yet
  };
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  // ---- talking to the sandbox server ----------------------------------------------------------
  async function post(path, body) {
    const reply = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Sandbox-Request": "1" },
      body: JSON.stringify(Object.assign({ as: state.user }, body)),
    });
    const answer = reply.headers.get("Content-Type") === "application/json" ? await reply.json() : {};
    if (!reply.ok) toast(answer.error || "The sandbox could not do that (HTTP " + reply.status + ").");
    redraw();
    return answer;
  }

  let polling = null;
  function looking() {
    return [state.user, state.tab, state.thread || ""].join("|");
  }

  async function refresh(now) {
    const asked = looking();
    const query = new URLSearchParams({
      as: state.user,
      tab: state.tab,
      since: state.since,
      // While a screen is held (below) the long poll waits for the one after it.
      version: now ? -1 : held ? held.screen.version : state.version,
    });
    if (state.thread) query.set("thread", state.thread);
    const reply = await fetch("/sandbox/screen?" + query.toString());
    if (reply.status !== 200) throw new Error("HTTP " + reply.status);
    const screen = await reply.json();
    // A long poll asked before the person, tab or thread changed would show the screen they
    // had, and hold it until the next change: drop it (the change asked for the new one).
    if (asked !== looking()) return;
    // Two asks in flight (the long poll, and the redraw after a click) may answer out of
    // order: an older screen arriving last would hide what the newer one showed (a modal just
    // opened) until the next change. Versions count again from 0 when the sandbox restarts.
    if (screen.run === state.run && screen.version < state.version) return;
    if (pressed) {
      // Drawn when the button is released (below): the newest of those that came meanwhile.
      if (!held || held.screen.run !== screen.run || screen.version >= held.screen.version) {
        held = { screen: screen, asked: asked };
        clearTimeout(holdLimit);
        holdLimit = setTimeout(released, HOLD_AT_MOST_MS);
      }
      return;
    }
    state.run = screen.run;
    show(screen);
  }

  // A click is a press and a release on the same element: a screen drawn between the two
  // replaces that element, and the browser sends no click at all (a link that starts no
  // download, a Save that does nothing). Slack never redraws under the pointer; here a screen
  // that arrives while the main button is held is drawn just after the release's click. A
  // release the page never sees (the window left with the button down) ends the hold too, and
  // no screen waits more than HOLD_AT_MOST_MS.
  const HOLD_AT_MOST_MS = 5000;
  let pressed = false;
  let held = null; // {screen, asked}: the screen, and what the person was looking at
  let holdLimit = null;
  document.addEventListener(
    "pointerdown",
    (event) => {
      if (event.isPrimary && event.button === 0) pressed = true;
    },
    true,
  );
  function released() {
    pressed = false;
    clearTimeout(holdLimit);
    setTimeout(() => {
      const kept = held;
      if (pressed || !kept) return;
      held = null;
      // A click that changed the person, tab or thread asked for its own screen; a screen
      // drawn since (the click's redraw) is newer than the one kept.
      if (kept.asked !== looking()) return;
      if (kept.screen.run === state.run && kept.screen.version <= state.version) return;
      state.run = kept.screen.run;
      show(kept.screen);
    }, 0);
  }
  document.addEventListener("pointerup", released, true);
  document.addEventListener("pointercancel", released, true);
  window.addEventListener("blur", released);
  document.addEventListener("visibilitychange", released);

  function redraw() {
    refresh(true).catch(() => {}); // the long poll shows it soon enough
  }

  async function poll() {
    for (;;) {
      try {
        await refresh(false);
      } catch (err) {
        await new Promise((r) => setTimeout(r, 1000)); // the sandbox is restarting
      }
    }
  }

  // ---- showing -------------------------------------------------------------------------------
  function show(screen) {
    state.version = screen.version;
    $("#clock-now").textContent = screen.clock;
    // The demo starts only where nothing has happened yet (it sets the clock back to 2024).
    $("#demo").hidden = !screen.untouched || !boot.demo; // the demo plays in the first office
    // The app in this workspace's Apps, or Add to Slack until it is installed.
    $("#app-home").hidden = !screen.installed;
    $("#add-app").hidden = screen.installed;
    replace($("#channel"), screen.channel);
    replace($("#home"), screen.home);
    $("#channel-pane").hidden = state.tab !== "channel";
    $("#home-pane").hidden = state.tab !== "home";
    $$(".side-item").forEach((b) => b.classList.toggle("side-active", b.dataset.tab === state.tab));
    $("#thread-pane").hidden = !state.thread || !screen.thread;
    if (state.thread) replace($("#thread"), screen.thread || "");
    showModal(screen.modal);
    document.body.dataset.version = String(screen.version);
  }

  function replace(region, html) {
    if (region.dataset.html === html) return;
    const atBottom = region.scrollHeight - region.scrollTop - region.clientHeight < 80;
    const mine = $$(".msg-ephemeral", region).length;
    region.innerHTML = html;
    region.dataset.html = html;
    // A reply only you can see comes at the bottom, as in Slack: show it, wherever you were.
    const answered = $$(".msg-ephemeral", region).length > mine;
    if (atBottom || answered || !region.dataset.seen) region.scrollTop = region.scrollHeight;
    region.dataset.seen = "1";
  }

  function showModal(modal) {
    const layer = $("#modal-layer");
    if (modal.key === state.modalKey) return; // unchanged: keep what the person typed
    // The same view updated (views.update): as in Slack, what was entered in inputs with the
    // same block and action IDs stays (the field names are "block_id/action_id").
    const before = $(".modal", layer);
    const sameView = before && modal.key && modal.key.split(":")[0] === before.dataset.viewId;
    const typed = sameView ? formValues(before) : null;
    const focused = sameView && document.activeElement ? document.activeElement.name : null;
    state.modalKey = modal.key;
    layer.innerHTML = modal.html;
    layer.hidden = !modal.key;
    if (typed) {
      restoreValues($(".modal", layer), typed);
      const again = focused && $$("[name]", layer).find((f) => f.name === focused);
      if (again) again.focus();
      return;
    }
    const first = $("input:not([tabindex='-1']), textarea, select", layer);
    if (first) first.focus();
  }

  function restoreValues(root, values) {
    $$("[name]", root).forEach((field) => {
      if (!(field.name in values)) return;
      const value = values[field.name];
      if (field.type === "checkbox") field.checked = (value || []).includes(field.value);
      else if (field.type === "radio") field.checked = value === field.value;
      else field.value = value == null ? "" : value;
    });
    $$(".bk-date-value", root).forEach(showDate);
  }

  // ---- date pickers: dd/mm/yyyy on the page, ISO in the form (templates/blockkit.html) ------
  function isoOf(text) {
    const found = text.trim().match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
    if (!found) return null;
    const [day, month, year] = [Number(found[1]), Number(found[2]), Number(found[3])];
    const when = new Date(Date.UTC(year, month - 1, day));
    if (when.getUTCFullYear() !== year || when.getUTCMonth() !== month - 1 || when.getUTCDate() !== day) {
      return null; // 31/02/2026 is not a day
    }
    return when.toISOString().slice(0, 10);
  }

  function ukOf(iso) {
    const found = (iso || "").match(/^(\d{4})-(\d{2})-(\d{2})$/);
    return found ? found[3] + "/" + found[2] + "/" + found[1] : "";
  }

  function showDate(hidden) {
    const box = hidden.parentElement.querySelector(".bk-date-text");
    if (box) {
      box.value = ukOf(hidden.value);
      box.removeAttribute("aria-invalid");
    }
  }

  function takeDate(box, settle) {
    const hidden = box.parentElement.querySelector(".bk-date-value");
    const iso = box.value.trim() ? isoOf(box.value) : "";
    if (iso === null) {
      box.setAttribute("aria-invalid", "true"); // not a day: the form sends none, and says so
      hidden.value = "";
      return;
    }
    box.removeAttribute("aria-invalid");
    const changed = hidden.value !== iso;
    hidden.value = iso;
    if (settle) {
      box.value = ukOf(iso);
      if (changed) hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  document.addEventListener("input", (event) => {
    if (event.target.matches(".bk-date-text")) takeDate(event.target, false);
  });
  document.addEventListener("change", (event) => {
    if (event.target.matches(".bk-date-text")) takeDate(event.target, true);
    else if (event.target.matches(".bk-date-value")) showDate(event.target);
  });

  function toast(text) {
    const box = $("#toast");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(box.timer);
    box.timer = setTimeout(() => (box.hidden = true), 6000);
  }

  // ---- where a click happened ----------------------------------------------------------------
  function where(el) {
    const host = el.closest("[data-surface]");
    return {
      surface: host.dataset.surface,
      ts: host.dataset.ts || null,
      view_id: host.dataset.viewId || null,
    };
  }

  function formValues(root) {
    const values = {};
    $$("[name]", root).forEach((field) => {
      if (field.type === "checkbox") {
        values[field.name] = values[field.name] || [];
        if (field.checked) values[field.name].push(field.value);
      } else if (field.type === "radio") {
        if (field.checked) values[field.name] = field.value;
        else if (!(field.name in values)) values[field.name] = null;
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function act(el, chosen) {
    const modal = el.closest(".modal");
    return post("/sandbox/click", {
      where: where(el),
      block_id: el.dataset.blockId,
      action_id: el.dataset.actionId,
      chosen: chosen,
      form: modal ? formValues(modal) : {},
    });
  }

  // ---- Slack's confirm dialog ------------------------------------------------------------------
  function confirmed(el) {
    if (!el.dataset.confirm) return Promise.resolve(true);
    const spec = JSON.parse(el.dataset.confirm);
    const dialog = $("#confirm");
    $("[data-confirm-title]", dialog).textContent = spec.title;
    $("[data-confirm-text]", dialog).innerHTML = spec.text; // rendered and escaped by the server
    const ok = $("[data-confirm-ok]", dialog);
    ok.textContent = spec.confirm;
    ok.className = spec.style === "danger" ? "btn-danger" : "btn-primary";
    $("[data-confirm-deny]", dialog).textContent = spec.deny;
    dialog.showModal();
    return new Promise((resolve) => {
      const done = (answer) => () => {
        dialog.close();
        resolve(answer);
      };
      ok.onclick = done(true);
      $("[data-confirm-deny]", dialog).onclick = done(false);
      dialog.oncancel = done(false);
    });
  }

  // ---- events ----------------------------------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || $("#confirm").open) return; // the dialog closes itself
    const open = $$(".bk-menu").filter((m) => !m.hidden);
    if (open.length) {
      open.forEach((m) => (m.hidden = true));
    } else if ($(".modal")) {
      post("/sandbox/close", { view_id: $(".modal").dataset.viewId });
    }
  });

  document.addEventListener("click", (event) => {
    const opener = event.target.closest(".bk-date-open");
    if (!opener) return;
    const hidden = opener.parentElement.querySelector(".bk-date-value");
    try {
      hidden.showPicker(); // the browser's own calendar; its choice comes back as a change
    } catch (_) {
      opener.parentElement.querySelector(".bk-date-text").focus();
    }
  });

  document.addEventListener("click", async (event) => {
    if (!event.target.closest(".bk-overflow")) $$(".bk-menu").forEach((m) => (m.hidden = true));
    const el = event.target.closest("button, a");
    if (!el) return;
    if (el.matches(".bk-button")) {
      event.preventDefault();
      if (el.dataset.url) window.open(el.dataset.url, "_blank", "noopener");
      if (await confirmed(el)) act(el, null);
    } else if (el.matches(".bk-overflow-toggle")) {
      const menu = el.nextElementSibling;
      $$(".bk-menu").forEach((m) => m !== menu && (m.hidden = true));
      menu.hidden = !menu.hidden;
    } else if (el.matches(".bk-menu-option")) {
      el.closest(".bk-menu").hidden = true;
      if (await confirmed(el)) act(el, el.dataset.value);
    } else if (el.matches(".replies-link")) {
      openThread(el.dataset.thread);
    } else if (el.matches(".thread-close")) {
      openThread(null);
    } else if (el.matches("[data-tab]")) {
      setTab(el.dataset.tab);
    } else if (el.matches("[data-modal-close]")) {
      post("/sandbox/close", { view_id: el.closest(".modal").dataset.viewId });
    } else if (el.matches("[data-modal-submit]")) {
      submitModal(el.closest(".modal"));
    } else if (el.matches("[data-clock]")) {
      moveClock(el);
    } else if (el.matches("[data-demo]")) {
      startDemo(el);
    } else if (el.matches(".hint")) {
      const box = el.closest(".composer").querySelector("textarea");
      box.value = el.dataset.fill;
      box.focus();
      showHints(box);
    } else if (el.matches("a[href^='" + boot.workspace_url + "archives/']")) {
      event.preventDefault(); // a permalink to a message here: open it in place
      const ts = el.getAttribute("href").match(/p(\d{10})(\d{6})/);
      const thread = new URL(el.href).searchParams.get("thread_ts");
      if (ts) openThread(thread || ts[1] + "." + ts[2]);
    }
  });

  document.addEventListener("change", (event) => {
    const el = event.target.closest(".bk-dispatch");
    if (!el) return;
    if (el.type === "checkbox") {
      const all = $$("input[type=checkbox][data-action-id='" + el.dataset.actionId + "']", el.closest(".bk-block"));
      act(el, all.filter((c) => c.checked).map((c) => c.value));
    } else {
      act(el, el.value);
    }
  });

  async function submitModal(modal) {
    $$("[data-error-for]", modal).forEach((e) => (e.hidden = true));
    const answer = await post("/sandbox/submit", {
      view_id: modal.dataset.viewId,
      form: formValues(modal),
    });
    Object.entries(answer.errors || {}).forEach(([block, text]) => {
      const spot = $("[data-error-for='" + CSS.escape(block) + "']", modal) || $("[data-error-for='']", modal);
      spot.textContent = text;
      spot.hidden = false;
    });
  }

  async function moveClock(el) {
    $$("[data-clock]").forEach((b) => (b.disabled = true));
    const how = el.dataset.clock;
    try {
      const answer = await post("/sandbox/clock", how === "remind" ? { remind: true } : how === "deadline" ? { to: "deadline" } : { days: Number(how) });
      if (answer.said) toast(answer.said);
    } finally {
      $$("[data-clock]").forEach((b) => (b.disabled = false));
    }
  }

  async function startDemo(el) {
    el.disabled = true;
    el.textContent = "Starting the demo…";
    try {
      const answer = await post("/sandbox/demo", {});
      if (answer.said) toast(answer.said);
    } finally {
      el.disabled = false;
      el.textContent = "▶ Start the demo";
    }
  }

  function openThread(ts) {
    state.thread = ts;
    remember();
    redraw();
  }

  function setTab(tab) {
    state.tab = tab;
    remember();
    if (tab === "home") post("/sandbox/home", {});
    else redraw();
  }

  function remember() {
    const query = new URLSearchParams({ as: state.user });
    if (state.thread) query.set("thread", state.thread);
    if (state.tab !== "channel") query.set("tab", state.tab);
    history.replaceState(null, "", "?" + query.toString());
    localStorage.setItem("s55-sandbox-as", state.user);
    // Add to Slack as whoever is playing now (Slack asks the person signed in).
    $("#add-to-slack").href = "/sandbox/install?as=" + encodeURIComponent(state.user);
  }

  // ---- the message boxes ------------------------------------------------------------------------
  $$(".composer").forEach((form) => {
    const box = $("textarea", form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(form, box);
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        send(form, box);
      }
    });
    box.addEventListener("input", () => showHints(box));
  });

  function send(form, box) {
    const text = box.value;
    if (!text.trim()) return;
    box.value = "";
    showHints(box);
    const inThread = form.dataset.composer === "thread";
    post("/sandbox/send", { text: text, thread: inThread ? state.thread : null });
  }

  function showHints(box) {
    const hints = box.closest(".composer").querySelector(".hints");
    const typed = box.value;
    if (!typed.startsWith("/") || typed.includes("\n")) {
      hints.hidden = true;
      return;
    }
    const matching = boot.hints.filter((h) => h.fill.startsWith(typed) || typed.startsWith("/s55 ") && h.fill.startsWith(typed.split(" ").slice(0, 2).join(" ")));
    hints.innerHTML = "";
    matching.slice(0, 20).forEach((h) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "hint";
      b.dataset.fill = h.fill;
      b.innerHTML = "<code></code> <span></span>";
      b.querySelector("code").textContent = h.usage;
      b.querySelector("span").textContent = h.says;
      hints.appendChild(b);
    });
    hints.hidden = matching.length === 0;
  }

  $("#upload").addEventListener("change", (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file || !state.thread) return;
    const reader = new FileReader();
    reader.onload = () => {
      const data = String(reader.result).split(",", 2)[1] || "";
      post("/sandbox/upload", { thread: state.thread, filename: file.name, mimetype: file.type || "application/octet-stream", data: data });
    };
    reader.readAsDataURL(file);
  });

  // ---- the person switcher -----------------------------------------------------------------------
  const person = $("#person");
  person.value = state.user;
  person.addEventListener("change", () => {
    state.user = person.value;
    state.modalKey = null; // the next person's modals (or none), never the last one's
    remember();
    if (state.tab === "home") post("/sandbox/home", {});
    else redraw();
  });

  remember();
  if (state.tab === "home") post("/sandbox/home", {});
  poll();
})();
