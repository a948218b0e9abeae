// The practice log, kept on the device until the server has it, so a session practised offline (or a
// page closed mid-session) still reaches the log on a later visit.
//
// Storage holds one object under STORAGE_KEY mapping client_id to that session's latest payload: a
// session's later state replaces its earlier one, and the server is idempotent on client_id, so a
// session can never be logged twice. Storage and fetch are passed in so this is unit-testable.

export const STORAGE_KEY = "attend.practice.pending";

/**
 * createPendingLog({storage, fetch, url, csrfToken, owner}) → {record, flush, pending}
 *
 * owner: an opaque tag for the signed-in person. Entries are stored with it and only that person's
 *   are sent, so on a shared computer one person's sessions never reach another's log.
 *
 * record(payload): queue a payload (it must carry client_id), replacing that session's older state.
 * flush(): POST everything queued; resolves to {client_id: "sent" | "rejected" | "kept"} for each
 *   payload tried. "sent": the server has it (2xx). "rejected": the server answered 422 and the
 *   payload was dropped. "kept": still queued (offline, 403, 5xx, or a newer state was recorded
 *   while the older one was on its way). Only one flush runs at a time: a flush asked for while one
 *   is running runs once more after it, and both callers get the combined outcomes.
 * pending(): the queued payloads.
 *
 * A flush that leaves something kept because the request failed or the server had a fault (not a
 * sign-in or CSRF refusal, which only a fresh page mends) tries again by itself, after RETRY_DELAYS
 * (the last repeating) while the page is open. The browser's "online" event is not enough: it is not
 * fired in every case (a server that was down, a captive portal, some browsers' emulated offline mode),
 * and the next page load may be hours away. timers: {setTimeout, clearTimeout}, for tests.
 */
export const RETRY_DELAYS = [5_000, 15_000, 30_000, 60_000];

export function createPendingLog({ storage, fetch, url, csrfToken, owner = "", timers = globalThis }) {
  let running = null;
  let again = false;
  const retry = { timer: null, attempt: 0 };
  let worthRetrying = false;

  function load() {
    try {
      const entries = JSON.parse(storage.getItem(STORAGE_KEY) ?? "{}");
      return entries && typeof entries === "object" && !Array.isArray(entries) ? entries : {};
    } catch {
      return {}; // unreadable or corrupt: nothing we can send
    }
  }

  function save(entries) {
    try {
      if (Object.keys(entries).length) storage.setItem(STORAGE_KEY, JSON.stringify(entries));
      else storage.removeItem(STORAGE_KEY);
    } catch (error) {
      console.warn("Attend could not keep the practice log on this device", error);
    }
  }

  function record(payload) {
    if (!payload || typeof payload.client_id !== "string" || !payload.client_id) {
      throw new TypeError("A practice log entry needs a client_id");
    }
    const entries = load();
    entries[payload.client_id] = owner ? { ...payload, owner } : payload;
    save(entries);
  }

  // This person's entries: another person's wait for them to come back.
  function pending() {
    return Object.values(load()).filter((entry) => (entry.owner ?? "") === owner);
  }

  // Remove a payload the server has answered for, but only if it is still the one that was sent: a
  // newer state recorded while the request was on its way must stay queued (returns false then).
  function forget(clientId, sentBody) {
    const entries = load();
    if (!(clientId in entries)) return true; // already gone: another tab sent it
    if (JSON.stringify(entries[clientId]) !== sentBody) return false;
    delete entries[clientId];
    save(entries);
    return true;
  }

  async function send(payload) {
    const body = JSON.stringify(payload);
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
        body,
        credentials: "same-origin",
        // keepalive lets the request outlive the page, so a log sent as the page closes still arrives.
        keepalive: true,
      });
    } catch {
      worthRetrying = true;
      return "kept"; // offline or the request was cut off: try again later
    }
    // A redirect means the sign-in ran out and the answer is the sign-in page, not the log.
    if (response.ok && !response.redirected) return forget(payload.client_id, body) ? "sent" : "kept";
    if (response.status === 422) {
      console.warn("Attend's server can never accept this practice log entry; dropping it", payload, await errorsOf(response));
      forget(payload.client_id, body);
      return "rejected";
    }
    if (response.status >= 500) worthRetrying = true;
    return "kept"; // 401 (signed out), 403 (a stale page), 5xx: the server may take it later
  }

  // Every request starts before the first await, so a flush from a pagehide handler is on its way
  // before the page goes.
  async function sendAll() {
    const payloads = pending();
    const outcomes = await Promise.all(payloads.map(send));
    return Object.fromEntries(payloads.map((payload, i) => [payload.client_id, outcomes[i]]));
  }

  function flush() {
    if (running) {
      again = true;
      return running;
    }
    cancelRetry();
    running = (async () => {
      const outcomes = {};
      worthRetrying = false;
      try {
        do {
          again = false;
          Object.assign(outcomes, await sendAll());
        } while (again);
      } finally {
        running = null;
      }
      scheduleRetry();
      return outcomes;
    })();
    return running;
  }

  function cancelRetry() {
    if (retry.timer !== null) timers.clearTimeout(retry.timer);
    retry.timer = null;
  }

  // One timer at most; the wait grows while the connection stays away and starts short again once
  // everything has gone.
  function scheduleRetry() {
    if (!worthRetrying || !pending().length) {
      retry.attempt = 0;
      return;
    }
    const delay = RETRY_DELAYS[Math.min(retry.attempt, RETRY_DELAYS.length - 1)];
    retry.attempt += 1;
    retry.timer = timers.setTimeout(() => {
      retry.timer = null;
      flush();
    }, delay);
  }

  return { record, flush, pending };
}

async function errorsOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

// For every signed-in page: send anything practised offline as soon as the person is back, wherever they
// land first, and keep trying while the page is open. Does nothing (and loads nothing more) when there
// is nothing waiting, or on a player's page: the player sends its own log, and one sender per page
// keeps one retry timer.
export function flushPendingPractice({ url, csrfToken, owner }) {
  if (document.querySelector("[data-log-url]")) return Promise.resolve({});
  let storage;
  try {
    storage = window.localStorage;
    if (!storage.getItem(STORAGE_KEY)) return Promise.resolve({});
  } catch {
    return Promise.resolve({});
  }
  const log = createPendingLog({ storage, fetch: (...args) => window.fetch(...args), url, csrfToken, owner });
  window.addEventListener("online", () => log.flush());
  return log.flush();
}
