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
 */
export function createPendingLog({ storage, fetch, url, csrfToken, owner = "" }) {
  let running = null;
  let again = false;

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
      return "kept"; // offline or the request was cut off: try again later
    }
    // A redirect means the sign-in ran out and the answer is the sign-in page, not the log.
    if (response.ok && !response.redirected) return forget(payload.client_id, body) ? "sent" : "kept";
    if (response.status === 422) {
      console.warn("Attend's server can never accept this practice log entry; dropping it", payload, await errorsOf(response));
      forget(payload.client_id, body);
      return "rejected";
    }
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
    running = (async () => {
      const outcomes = {};
      try {
        do {
          again = false;
          Object.assign(outcomes, await sendAll());
        } while (again);
      } finally {
        running = null;
      }
      return outcomes;
    })();
    return running;
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
// land first. Does nothing (and loads nothing more) when there is nothing waiting.
export function flushPendingPractice({ url, csrfToken, owner }) {
  let storage;
  try {
    storage = window.localStorage;
    if (!storage.getItem(STORAGE_KEY)) return Promise.resolve({});
  } catch {
    return Promise.resolve({});
  }
  return createPendingLog({ storage, fetch: (...args) => window.fetch(...args), url, csrfToken, owner }).flush();
}
