// Unit tests for the offline-safe practice log, with a fake storage and a fake fetch.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";

import { createPendingLog, RETRY_DELAYS, STORAGE_KEY } from "../../static/practice/pending-log.js";

function fakeStorage(initial = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

// A fetch whose answers the test gives one request at a time: each call waits until answered.
function fakeFetch() {
  const requests = [];
  const fetch = (url, options) =>
    new Promise((resolve, reject) => {
      requests.push({
        url,
        options,
        body: JSON.parse(options.body),
        answer: (status, json = {}, redirected = false) =>
          resolve({ ok: status >= 200 && status < 300, status, redirected, json: async () => json }),
        fail: () => reject(new TypeError("Failed to fetch")),
      });
    });
  return { fetch, requests };
}

function session(clientId, changes = {}) {
  return {
    client_id: clientId,
    kind: "timer",
    practice_key: "timer",
    title: "Timer",
    started_at: "2025-01-06T08:00:00.000Z",
    planned_seconds: 600,
    actual_seconds: null,
    ended: false,
    completed: false,
    ...changes,
  };
}

// Timers the test runs by hand: each holds its delay, and fire() runs it.
function fakeTimers() {
  const waiting = new Map();
  let next = 1;
  return {
    waiting,
    setTimeout: (callback, delay) => {
      const id = next++;
      waiting.set(id, { callback, delay });
      return id;
    },
    clearTimeout: (id) => waiting.delete(id),
    delays: () => [...waiting.values()].map((timer) => timer.delay),
    fire: () => {
      assert.equal(waiting.size, 1, "one retry timer at a time");
      const [[id, timer]] = waiting;
      waiting.delete(id);
      timer.callback();
    },
  };
}

// Lets pending promise callbacks run.
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("createPendingLog", () => {
  let storage;
  let server;
  let timers;
  let log;

  beforeEach(() => {
    storage = fakeStorage();
    server = fakeFetch();
    timers = fakeTimers();
    log = createPendingLog({ storage, fetch: server.fetch, url: "/practice/log/", csrfToken: "token-1", timers });
  });

  afterEach(() => mock.restoreAll());

  it("keeps one entry per session, the latest state replacing the earlier one", () => {
    log.record(session("a"));
    log.record(session("b"));
    log.record(session("a", { ended: true, actual_seconds: 300 }));
    const pending = log.pending();
    assert.equal(pending.length, 2);
    assert.deepEqual(
      pending.find((entry) => entry.client_id === "a"),
      session("a", { ended: true, actual_seconds: 300 }),
    );
    assert.deepEqual(Object.keys(JSON.parse(storage.getItem(STORAGE_KEY))).sort(), ["a", "b"]);
  });

  it("refuses an entry without a client_id", () => {
    assert.throws(() => log.record({ kind: "timer" }), TypeError);
  });

  it("posts JSON with the CSRF token and forgets an entry the server has", async () => {
    log.record(session("a"));
    const flushing = log.flush();
    assert.equal(server.requests.length, 1, "the request starts at once, so it can go as the page closes");
    const [request] = server.requests;
    assert.equal(request.url, "/practice/log/");
    assert.equal(request.options.method, "POST");
    assert.equal(request.options.headers["Content-Type"], "application/json");
    assert.equal(request.options.headers["X-CSRFToken"], "token-1");
    assert.equal(request.options.credentials, "same-origin");
    assert.equal(request.options.keepalive, true);
    assert.deepEqual(request.body, session("a"));

    request.answer(200, { id: "a", check_in_url: "/practice/sessions/a/check-in/" });
    assert.deepEqual(await flushing, { a: "sent" });
    assert.deepEqual(log.pending(), []);
    assert.equal(storage.getItem(STORAGE_KEY), null);
  });

  it("sends nothing while one flush is in flight, then sends once more", async () => {
    log.record(session("a"));
    const first = log.flush();
    const second = log.flush();
    const third = log.flush();
    assert.equal(server.requests.length, 1);
    assert.equal(second, first);
    assert.equal(third, first);

    server.requests[0].answer(200);
    await settle();
    // The follow-up flush found nothing left to send.
    assert.equal(server.requests.length, 1);
    assert.deepEqual(await first, { a: "sent" });
    assert.deepEqual(log.pending(), []);
  });

  it("keeps an entry when the network fails, and sends it on a later flush", async () => {
    log.record(session("a"));
    const offline = log.flush();
    server.requests[0].fail();
    assert.deepEqual(await offline, { a: "kept" });
    assert.deepEqual(log.pending(), [session("a")]);

    const online = log.flush();
    assert.equal(server.requests.length, 2);
    server.requests[1].answer(201);
    assert.deepEqual(await online, { a: "sent" });
    assert.deepEqual(log.pending(), []);
  });

  it("tries again by itself after a failed request, waiting longer each time, until the server has it", async () => {
    log.record(session("a"));
    log.flush();
    server.requests[0].fail();
    await settle();
    assert.deepEqual(timers.delays(), [RETRY_DELAYS[0]]);

    for (let attempt = 1; attempt <= RETRY_DELAYS.length + 1; attempt += 1) {
      timers.fire();
      assert.equal(server.requests.length, attempt + 1, "the timer sent the entry again");
      server.requests[attempt].fail();
      await settle();
      assert.deepEqual(timers.delays(), [RETRY_DELAYS[Math.min(attempt, RETRY_DELAYS.length - 1)]]);
    }

    timers.fire();
    server.requests.at(-1).answer(200);
    await settle();
    assert.deepEqual(log.pending(), []);
    assert.equal(timers.waiting.size, 0, "nothing left, so no more tries");
  });

  it("starts again from the shortest wait once a retry gets through", async () => {
    log.record(session("a"));
    log.flush();
    server.requests[0].fail();
    await settle();
    timers.fire();
    server.requests[1].fail();
    await settle();
    timers.fire();
    server.requests[2].answer(200);
    await settle();

    log.record(session("b"));
    log.flush();
    server.requests[3].fail();
    await settle();
    assert.deepEqual(timers.delays(), [RETRY_DELAYS[0]]);
  });

  it("retries after a server error, but not after a refusal only a fresh page can mend", async () => {
    log.record(session("a"));
    let flushing = log.flush();
    server.requests[0].answer(403);
    await flushing;
    assert.equal(timers.waiting.size, 0, "a stale CSRF token stays stale: the next page load sends it");

    flushing = log.flush();
    server.requests[1].answer(200, {}, true);
    await flushing;
    assert.equal(timers.waiting.size, 0, "signed out: the next page load after signing in sends it");

    flushing = log.flush();
    server.requests[2].answer(503);
    await flushing;
    assert.deepEqual(timers.delays(), [RETRY_DELAYS[0]]);
  });

  it("keeps one retry timer however often it is asked to flush, and sends each entry once a try", async () => {
    log.record(session("a"));
    log.flush();
    server.requests[0].fail();
    await settle();

    // The online event and a finished session both flush while the retry waits.
    log.flush();
    log.flush();
    assert.equal(timers.waiting.size, 0, "a flush under way replaces the waiting retry");
    assert.equal(server.requests.length, 2, "the second flush waits for the first, which sends once");
    server.requests[1].fail();
    await settle();
    assert.equal(server.requests.length, 3, "the flush asked for meanwhile runs once after it");
    server.requests[2].fail();
    await settle();
    assert.equal(timers.waiting.size, 1);
  });

  it("keeps an entry on 403 and on server errors", async () => {
    log.record(session("a"));
    log.record(session("b"));
    const flushing = log.flush();
    server.requests[0].answer(403);
    server.requests[1].answer(503);
    assert.deepEqual(await flushing, { a: "kept", b: "kept" });
    assert.equal(log.pending().length, 2);
  });

  it("drops an entry the server says can never be valid (422) and warns", async () => {
    const warn = mock.method(console, "warn", () => {});
    log.record(session("a"));
    const flushing = log.flush();
    server.requests[0].answer(422, { errors: { started_at: ["Enter a valid date/time."] } });
    assert.deepEqual(await flushing, { a: "rejected" });
    assert.deepEqual(log.pending(), []);
    assert.equal(warn.mock.callCount(), 1);
  });

  it("keeps a newer state recorded while an older one was being acknowledged, and sends it next", async () => {
    log.record(session("a"));
    const flushing = log.flush();
    const ended = session("a", { ended: true, completed: true, actual_seconds: 600 });
    log.record(ended);
    log.flush(); // the player flushes after each record: this one waits for the first
    server.requests[0].answer(200);
    await settle();

    assert.deepEqual(log.pending(), [ended], "the acknowledgement was for the older state");
    assert.equal(server.requests.length, 2);
    assert.deepEqual(server.requests[1].body, ended);
    server.requests[1].answer(200);
    assert.deepEqual(await flushing, { a: "sent" });
    assert.deepEqual(log.pending(), []);
  });

  it("keeps a newer state even when nobody asks for another flush", async () => {
    log.record(session("a"));
    const flushing = log.flush();
    log.record(session("a", { ended: true, actual_seconds: 100 }));
    server.requests[0].answer(200);
    assert.deepEqual(await flushing, { a: "kept" });
    assert.deepEqual(log.pending(), [session("a", { ended: true, actual_seconds: 100 })]);
  });

  it("reads what an earlier visit left, and survives corrupt storage", async () => {
    const earlier = fakeStorage({ [STORAGE_KEY]: JSON.stringify({ old: session("old", { ended: true }) }) });
    const restored = createPendingLog({ storage: earlier, fetch: server.fetch, url: "/practice/log/", csrfToken: "t" });
    assert.equal(restored.pending()[0].client_id, "old");

    const corrupt = createPendingLog({
      storage: fakeStorage({ [STORAGE_KEY]: "{not json" }),
      fetch: server.fetch,
      url: "/practice/log/",
      csrfToken: "t",
    });
    assert.deepEqual(corrupt.pending(), []);
    assert.deepEqual(await corrupt.flush(), {});
  });
});

describe("createPendingLog on a shared device", () => {
  it("sends only the signed-in person's entries and keeps another person's for later", async () => {
    const storage = fakeStorage();
    const server = fakeFetch();
    const mine = createPendingLog({ storage, fetch: server.fetch, url: "/practice/log/", csrfToken: "t", owner: "me" });
    const theirs = createPendingLog({ storage, fetch: server.fetch, url: "/practice/log/", csrfToken: "t", owner: "them" });
    mine.record(session("a"));
    theirs.record(session("b"));

    const flushed = mine.flush();
    await settle();

    assert.deepEqual(server.requests.map((request) => request.body.client_id), ["a"]);
    server.requests[0].answer(200, { id: "a" });
    assert.deepEqual(await flushed, { a: "sent" });
    assert.deepEqual(theirs.pending().map((entry) => entry.client_id), ["b"]);
  });

  it("keeps an entry when the answer is the sign-in page after a redirect, or a 401", async () => {
    const storage = fakeStorage();
    const server = fakeFetch();
    const log = createPendingLog({ storage, fetch: server.fetch, url: "/practice/log/", csrfToken: "t", owner: "me" });
    log.record(session("a"));

    const first = log.flush();
    await settle();
    server.requests[0].answer(200, {}, true);
    assert.deepEqual(await first, { a: "kept" });

    const second = log.flush();
    await settle();
    server.requests[1].answer(401);
    assert.deepEqual(await second, { a: "kept" });
    assert.equal(log.pending().length, 1);
  });
});
