// The practice player: the page's controls, display and log, around a session timed by Web Audio.
//
// Why Web Audio keeps the time: a late bell destroys trust, and timers (setTimeout, setInterval,
// requestAnimationFrame) are throttled or stopped when the tab is hidden or the screen is locked.
// So every bell of the session is scheduled on the AudioContext clock when Start is pressed, and
// that clock is the session clock: elapsed = context.currentTime - startAt. Pausing suspends the
// context, which freezes the clock, so every scheduled bell moves later by exactly the pause.
// Timers only refresh the display, which nobody sees while the page is hidden anyway.

import { bellsBetween, cueAt, describeDuration, formatClock, REPEAT_HORIZON, scheduleOf, stageAt } from "./schedule.js";
import { scheduleBell, SOUNDS } from "./bells.js";
import { createPendingLog } from "./pending-log.js";

const SETTINGS_KEY = "attend.practice.settings";
// Time between Start and the first stage when there is no preparation: the context needs a moment
// to start, and the first bell must not be cut short.
const LEAD_SECONDS = 0.5;
// A session ended before this much practice (for example during the preparation) is not logged.
const SHORTEST_LOGGED = 1;
// Bells are scheduled in windows: at most this many at once, so the audio graph stays small (an
// interval of a few seconds over hours would otherwise be thousands of nodes)...
const MOST_BELLS_AHEAD = 100;
// ...and the next window is added this long before the current one runs out (or half-way through a
// shorter window), on the audio clock, so a sleeping page still tops up in time.
const TOP_UP_BEFORE = 30 * 60;
// A vibration belongs with its bell; one noticed later than this (a page waking up) is skipped.
const VIBRATE_WITHIN = 1.5;
// An address ending in this fragment asks the player to start on its own (Today's one press).
const START_NOW = "#player-start";
// How long to wait for the browser to let a page that was not pressed yet play sound.
const SOUND_ALLOWED_WITHIN = 1500;

function setUpPlayers() {
  for (const root of document.querySelectorAll("[data-practice-player]")) {
    try {
      setUpPlayer(root);
    } catch (error) {
      console.error("Attend could not start the practice player", error);
    }
  }
}

function setUpPlayer(root) {
  const player = {
    root,
    plan: readPlan(root),
    els: findElements(root),
    log: createPendingLog({
      storage: deviceStorage(),
      fetch: (...args) => window.fetch(...args),
      url: root.dataset.logUrl,
      csrfToken: root.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "",
      owner: root.dataset.owner ?? "",
    }),
    state: "idle",
    session: null,
    wakeLock: null,
    motion: window.matchMedia?.("(prefers-reduced-motion: no-preference)") ?? null,
  };
  player.schedule = scheduleOf(player.plan);
  player.initialText = {
    stage: player.els.stage?.textContent ?? "",
    cue: player.els.cue?.textContent ?? "",
    clock: player.els.clock?.textContent ?? "",
  };

  setUpSettings(player);
  listen(player);
  setState(player, "idle");
  // Sessions that could not be logged before (offline, or the page closed mid-request) go now.
  if (root.dataset.logUrl) player.log.flush();
  if (window.location.hash === START_NOW) startNow(player);
}

// Started from a press on another page (Today's "Start a three-minute breathing space"). Browsers let a
// page make sound only after a press: Chromium counts the press that led here from the same site, others
// may not. So the session starts on its own only once the audio clock is really running; otherwise Start
// is focused and in view, and one press there starts it with its bells.
async function startNow(player) {
  // A reload or a return to this page must not start another session on its own.
  window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  const audio = openAudio();
  const allowed = audio ? await soundAllowed(audio.context) : true;
  if (player.state !== "idle" || player.session) {
    // Start was pressed while the browser was asked: that press made its own audio.
    if (audio) audio.context.close().catch(() => {});
    return;
  }
  if (allowed) {
    start(player, audio);
    return;
  }
  audio.context.close().catch(() => {});
  setText(player.els.cue, "Press Start to begin. Your browser plays the bells only after a press on this page.");
  player.els.start?.focus();
  player.els.start?.scrollIntoView({ block: "center" });
}

function soundAllowed(context) {
  if (context.state === "running") return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(context.state === "running"), SOUND_ALLOWED_WITHIN);
    context.resume().then(
      () => {
        clearTimeout(timer);
        resolve(context.state === "running");
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}

function readPlan(root) {
  const script = root.querySelector("#practice-plan") ?? document.getElementById("practice-plan");
  return JSON.parse(script.textContent);
}

function findElements(root) {
  const find = (id) => root.querySelector(`#${id}`) ?? document.getElementById(id);
  return {
    bell: find("player-bell"),
    narration: find("player-narration"),
    voice: find("player-voice"),
    rate: find("player-rate"),
    narrationSettings: find("player-narration-settings"),
    start: find("player-start"),
    pause: find("player-pause"),
    resume: find("player-resume"),
    end: find("player-end"),
    stage: find("player-stage"),
    cue: find("player-cue"),
    clock: find("player-clock"),
    status: find("player-status"),
    finished: find("player-finished"),
    finishedHeading: find("player-finished-heading"),
    summary: find("player-summary"),
    checkIn: find("player-check-in"),
    offline: find("player-offline"),
  };
}

function listen(player) {
  const { els, root } = player;
  els.start?.addEventListener("click", () => start(player));
  els.pause?.addEventListener("click", () => pause(player));
  els.resume?.addEventListener("click", () => resume(player));
  els.end?.addEventListener("click", () => endPressed(player));
  document.addEventListener("visibilitychange", () => onVisibilityChange(player));
  window.addEventListener("pagehide", () => onPageHide(player));
  window.addEventListener("online", () => root.dataset.logUrl && player.log.flush());
  player.motion?.addEventListener?.("change", () => showAnimation(player));
}

// ---------------------------------------------------------------------------------------------
// Settings: bell, narration, voice and speed, remembered on this device.

function setUpSettings(player) {
  const { els } = player;
  const saved = loadSettings();
  if (els.bell && isOption(els.bell, saved.bell)) els.bell.value = saved.bell;
  if (els.narration && typeof saved.narration === "boolean") els.narration.checked = saved.narration;
  if (els.rate && isOption(els.rate, saved.rate)) els.rate.value = saved.rate;
  player.savedVoice = typeof saved.voice === "string" ? saved.voice : "";

  if (!("speechSynthesis" in window)) {
    if (els.narrationSettings) els.narrationSettings.hidden = true;
  } else if (els.voice) {
    fillVoices(player);
    window.speechSynthesis.addEventListener?.("voiceschanged", () => fillVoices(player));
  }

  // The voice is remembered only when chosen: before the voices load the list is empty, and saving
  // it then would forget the voice chosen on an earlier visit.
  els.voice?.addEventListener("change", () => {
    player.savedVoice = els.voice.value;
  });
  for (const control of [els.bell, els.narration, els.voice, els.rate]) {
    control?.addEventListener("change", () => settingsChanged(player));
  }
}

function settingsChanged(player) {
  const { els } = player;
  // Only what this page offers is overwritten: the timer page has no narration settings to save.
  const settings = loadSettings();
  if (els.bell) settings.bell = els.bell.value;
  if (els.narration) settings.narration = els.narration.checked;
  if (els.voice) settings.voice = player.savedVoice;
  if (els.rate) settings.rate = els.rate.value;
  saveSettings(settings);
  // A new bell applies to the rest of a session already under way.
  const session = player.session;
  if (session && !session.over && chosenSound(player) !== session.sound) routeBells(player, chosenSound(player));
  if (!narrationOn(player)) cancelSpeech();
}

// Voices arrive late and more than once (voiceschanged). English voices are offered when there are
// any, since the guidance is written in English.
function fillVoices(player) {
  const select = player.els.voice;
  const voices = window.speechSynthesis.getVoices();
  const english = voices.filter((voice) => voice.lang?.toLowerCase().startsWith("en"));
  const offered = english.length ? english : voices;
  const signature = offered.map((voice) => voice.voiceURI).join("\n");
  if (player.voiceSignature === signature) return; // unchanged: do not disturb an open list
  player.voiceSignature = signature;

  const options = [new Option("Your device's default voice", "")];
  for (const voice of offered) options.push(new Option(`${voice.name} (${voice.lang})`, voice.voiceURI));
  select.replaceChildren(...options);
  select.value = isOption(select, player.savedVoice) ? player.savedVoice : "";
}

function chosenSound(player) {
  const sound = player.els.bell?.value ?? player.plan.bell;
  return SOUNDS.includes(sound) ? sound : "bowl";
}

function narrationOn(player) {
  return Boolean(player.els.narration?.checked && "speechSynthesis" in window);
}

function isOption(select, value) {
  return typeof value === "string" && [...select.options].some((option) => option.value === value);
}

function loadSettings() {
  try {
    const settings = JSON.parse(window.localStorage.getItem(SETTINGS_KEY) ?? "{}");
    return settings && typeof settings === "object" ? settings : {};
  } catch {
    return {};
  }
}

function saveSettings(settings) {
  try {
    window.localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Storage full or forbidden: the settings still apply to this visit.
  }
}

// localStorage where it works; otherwise memory, so a session can still be logged during this visit.
function deviceStorage() {
  try {
    const storage = window.localStorage;
    const probe = "attend.practice.probe";
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    const memory = new Map();
    return {
      getItem: (key) => (memory.has(key) ? memory.get(key) : null),
      setItem: (key, value) => memory.set(key, String(value)),
      removeItem: (key) => memory.delete(key),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Starting, pausing, resuming and ending.

// `ready` is audio the browser has already let this page play (startNow); otherwise the AudioContext is
// created here, inside the click: browsers only let a page make sound after the person has asked for it.
function start(player, ready = null) {
  if (player.session && !player.session.over) return;
  const { plan, schedule } = player;
  // With narration on, the voice already says each cue: a screen reader announcing it too would talk over it.
  player.els.cue?.setAttribute("aria-live", narrationOn(player) ? "off" : "polite");
  const audio = ready ?? openAudio();
  const clock = audio ? audioClock(audio.context) : wallClock();
  const preparation = Math.max(0, Number(plan.preparationSeconds) || 0);
  const session = {
    id: newClientId(),
    clock,
    context: audio?.context ?? null,
    output: audio?.output ?? null,
    bus: null,
    sound: null,
    startAt: clock.now() + Math.max(LEAD_SECONDS, preparation),
    phase: preparation > 0 ? "preparing" : "running",
    bellTimes: [], // every bell scheduled so far, in session time
    scheduledUntil: 0, // bells before this are scheduled; Infinity once every bell is
    topUpAt: Infinity,
    soundOverAt: 0,
    nextVibration: 0,
    startedWall: null,
    startLogged: false,
    lastCue: undefined,
    cancellers: [],
    loop: null,
    over: false,
  };
  player.session = session;

  session.sound = chosenSound(player);
  if (session.context) {
    session.bus = newBus(session);
    watchAudioClock(player);
  }
  scheduleMoreBells(player);
  if (session.context) {
    player.root.dispatchEvent(
      new CustomEvent("practice:audio", {
        bubbles: true,
        detail: { context: session.context, output: session.output, startAt: session.startAt },
      }),
    );
  }

  hideFinished(player);
  setState(player, session.phase);
  startLoop(player);
  acquireWakeLock(player);
  tick(player);
  player.els.pause?.focus();
}

function pause(player) {
  const session = player.session;
  if (!session || session.over || player.state === "paused") return;
  tick(player); // note the start time and the last cue before the clock stops
  if (session.over) return;
  session.clock.pause();
  setState(player, "paused");
  stopLoop(player);
  cancelSpeech();
  releaseWakeLock(player);
  player.els.resume?.focus();
}

function resume(player) {
  const session = player.session;
  if (!session || session.over || player.state !== "paused") return;
  session.clock.resume();
  setState(player, session.phase);
  startLoop(player);
  acquireWakeLock(player);
  tick(player);
  player.els.pause?.focus();
}

function endPressed(player) {
  const session = player.session;
  if (!session || session.over) return;
  const elapsed = elapsedOf(session);
  if (elapsed < SHORTEST_LOGGED) {
    abandon(player);
    player.els.start?.focus();
    return;
  }
  const endAt = player.schedule.endAt;
  finish(player, { completed: endAt !== null && elapsed >= endAt, elapsed });
}

// Leaving the page ends the session: it is logged as ended early now and sent when possible.
function onPageHide(player) {
  const session = player.session;
  if (!session || session.over) return;
  const elapsed = elapsedOf(session);
  if (elapsed < SHORTEST_LOGGED) abandon(player);
  else finish(player, { completed: false, elapsed });
}

function onVisibilityChange(player) {
  if (document.visibilityState !== "visible") return;
  tick(player);
  if (player.state === "preparing" || player.state === "running") {
    acquireWakeLock(player);
    // Some systems suspend audio behind the page's back (a phone call, for instance); pick it up again.
    const context = player.session?.context;
    if (context && context.state !== "running" && context.state !== "closed") context.resume().catch(() => {});
  }
}

// Ended before anything was practised: nothing to log, back to the start.
function abandon(player) {
  const session = player.session;
  session.over = true;
  teardown(player);
  closeAudio(session, { now: true });
  player.session = null;
  const { els, initialText } = player;
  setText(els.stage, initialText.stage);
  setText(els.cue, initialText.cue);
  setText(els.clock, initialText.clock);
  setState(player, "idle");
}

function finish(player, { completed, elapsed }) {
  const session = player.session;
  if (session.over) return;
  session.over = true;
  const { plan, schedule } = player;
  session.startedWall ??= Date.now() - elapsed * 1000;
  const actual = completed ? (plan.plannedSeconds ?? schedule.endAt) : Math.round(elapsed);

  teardown(player);
  // A session that ran to its end lets its last bell ring out; one ended early falls quiet at once.
  closeAudio(session, { now: !completed });

  player.log.record(payload(player, { ended: true, completed, actual }));
  const sending = player.log.flush();
  showFinished(player, actual);
  sending.then((outcomes) => showLogOutcome(player, session, outcomes[session.id]));
}

function teardown(player) {
  const session = player.session;
  stopLoop(player);
  for (const cancel of session.cancellers) cancel();
  session.cancellers = [];
  cancelSpeech();
  releaseWakeLock(player);
}

// ---------------------------------------------------------------------------------------------
// The display: refreshed from the session clock, never the source of any timing.

function startLoop(player) {
  stopLoop(player);
  const loop = { frame: 0, interval: 0 };
  const onFrame = () => {
    tick(player);
    loop.frame = requestAnimationFrame(onFrame);
  };
  loop.frame = requestAnimationFrame(onFrame);
  // requestAnimationFrame stops in a hidden tab; this keeps the log and state moving there.
  loop.interval = setInterval(() => tick(player), 1000);
  player.session.loop = loop;
}

function stopLoop(player) {
  const loop = player.session?.loop;
  if (!loop) return;
  cancelAnimationFrame(loop.frame);
  clearInterval(loop.interval);
  player.session.loop = null;
}

function tick(player) {
  const session = player.session;
  if (!session || session.over) return;
  const elapsed = elapsedOf(session);
  const endAt = player.schedule.endAt;

  if (elapsed >= 0) {
    if (player.state === "preparing") setState(player, "running");
    session.startedWall ??= Date.now() - elapsed * 1000;
    if (elapsed >= SHORTEST_LOGGED && !session.startLogged) logStart(player);
  }
  if (elapsed >= session.topUpAt) scheduleMoreBells(player);
  vibrateForBells(player, elapsed);
  if (endAt !== null && elapsed >= endAt) {
    finish(player, { completed: true, elapsed });
    return;
  }
  render(player, elapsed);
}

function render(player, elapsed) {
  const { els, schedule, session } = player;
  if (elapsed < 0 && session.phase === "preparing") {
    // The cue is a live region: it says this once, and the clock (not announced) counts down.
    setText(els.stage, "");
    setText(els.cue, "Settle in. The first bell is coming.");
    setText(els.clock, formatClock(Math.ceil(-elapsed)));
    return;
  }
  const at = Math.max(0, elapsed);
  const stage = stageAt(schedule, at);
  setText(els.stage, stageLabel(player.plan, schedule, stage));
  showCue(player, at, stage);
  // Remaining time counts down in whole seconds the way a clock does: 50:00 shows for the first second.
  const shown = schedule.endAt === null ? at : Math.ceil(schedule.endAt - at - 1e-6);
  setText(els.clock, formatClock(shown));
}

function showCue(player, at, stage) {
  const { els, plan, schedule, session } = player;
  if (plan.kind !== "guided") {
    setText(els.cue, stage?.name || "Sitting");
    return;
  }
  const cue = cueAt(schedule, at);
  setText(els.cue, cue?.text ?? "");
  // Speak a cue once, when it becomes current.
  if (cue !== session.lastCue) {
    session.lastCue = cue;
    if (cue && narrationOn(player)) speak(player, cue.text);
  }
}

// A timer shows its stage's name large, as the cue, so its label says where the stage falls; a guided
// practice's label is its stage name. A lone unnamed stage needs no label.
function stageLabel(plan, schedule, stage) {
  if (!stage) return "";
  if (stage.name && plan.kind === "guided") return stage.name;
  return schedule.stages.length > 1 ? `Part ${stage.index + 1} of ${schedule.stages.length}` : "";
}

// Only touch the text when it changes, so screen readers hear the cue once and the clock stays calm.
function setText(element, text) {
  if (!element || element.textContent === text) return false;
  element.textContent = text;
  return true;
}

const STATUS = { idle: "", preparing: "", running: "", paused: "Paused", finished: "" };

function setState(player, state) {
  const { root, els, session } = player;
  player.state = state;
  root.dataset.state = state;
  if (session && (state === "preparing" || state === "running")) session.phase = state;
  const shown = {
    start: state === "idle",
    pause: state === "preparing" || state === "running",
    resume: state === "paused",
    end: state === "preparing" || state === "running" || state === "paused",
  };
  for (const [name, visible] of Object.entries(shown)) {
    if (els[name]) els[name].hidden = !visible;
  }
  setText(els.status, STATUS[state]);
  showAnimation(player);
}

// The breathing ring moves only while practising, and never for someone who asked for less motion.
function showAnimation(player) {
  const wanted = player.state === "running" && Boolean(player.motion?.matches);
  player.root.classList.toggle("app-player--animate", wanted);
}

function hideFinished(player) {
  const { els } = player;
  if (els.finished) els.finished.hidden = true;
}

function showFinished(player, actual) {
  const { els } = player;
  setState(player, "finished");
  setText(els.cue, "");
  if (player.schedule.endAt !== null) setText(els.clock, formatClock(0));
  setText(els.summary, `You practised for ${describeDuration(actual)}.`);
  // The check-in link waits until the server has the session: until then it would lead nowhere.
  if (els.checkIn) els.checkIn.hidden = true;
  if (els.offline) els.offline.hidden = true;
  if (els.finished) els.finished.hidden = false;
  // Focus moves to the heading only if it was in the player (or nowhere), never away from elsewhere.
  const active = document.activeElement;
  if (!active || active === document.body || player.root.contains(active)) els.finishedHeading?.focus();
}

function showLogOutcome(player, session, outcome) {
  const { els, root } = player;
  if (player.session !== session) return; // a newer session has the panel now
  if (outcome === "sent" && els.checkIn) {
    els.checkIn.href = root.dataset.checkInUrl.replace("__id__", encodeURIComponent(session.id));
    els.checkIn.hidden = false;
  } else if (outcome !== "rejected" && els.offline) {
    els.offline.hidden = false; // kept on this device, sent on a later visit
  }
}

// ---------------------------------------------------------------------------------------------
// Audio: the clock, the bells and the end of the session.

function openAudio() {
  const AudioContextClass = window.AudioContext ?? window.webkitAudioContext;
  if (!AudioContextClass) return null;
  try {
    // iOS: play through the silent switch and keep playing with the screen locked.
    if (navigator.audioSession) navigator.audioSession.type = "playback";
  } catch {
    // Not settable here: the default is still fine.
  }
  try {
    // "playback" favours battery over latency; latency does not matter for sounds scheduled ahead.
    const context = new AudioContextClass({ latencyHint: "playback" });
    context.resume().catch(() => {});
    const output = context.createGain();
    output.connect(context.destination);
    return { context, output };
  } catch (error) {
    console.warn("Attend could not use Web Audio; the session will run without bells", error);
    return null;
  }
}

function audioClock(context) {
  return {
    now: () => context.currentTime,
    pause: () => context.suspend().catch(() => {}),
    resume: () => context.resume().catch(() => {}),
  };
}

// Without Web Audio there are no bells, but the display and log still need a clock that pauses.
function wallClock() {
  const seconds = () => performance.now() / 1000;
  let pausedAt = null;
  let pausedFor = 0;
  return {
    now: () => (pausedAt ?? seconds()) - pausedFor,
    pause: () => {
      pausedAt ??= seconds();
    },
    resume: () => {
      if (pausedAt === null) return;
      pausedFor += seconds() - pausedAt;
      pausedAt = null;
    },
  };
}

function elapsedOf(session) {
  return session.clock.now() - session.startAt;
}

// Bells ring through a bus, so a change of sound mid-session can silence the old ones at once: the
// old bus is disconnected (its nodes stop on their own) and every bell still to come is rescheduled.
function routeBells(player, sound) {
  const session = player.session;
  session.sound = sound;
  if (!session.context) return;
  session.bus.disconnect();
  session.bus = newBus(session);
  const elapsed = elapsedOf(session);
  for (const at of session.bellTimes) {
    if (at >= elapsed) ringAt(session, at);
  }
}

function newBus(session) {
  const bus = session.context.createGain();
  bus.connect(session.output);
  return bus;
}

function ringAt(session, at) {
  if (!session.context) return; // no Web Audio: the times still drive vibration
  const over = scheduleBell(session.context, session.bus, session.sound, session.startAt + at);
  if (over !== null) session.soundOverAt = Math.max(session.soundOverAt, over);
}

// Schedules the next window of bells from scheduledUntil: up to MOST_BELLS_AHEAD bells, and for an
// open-ended session no more than REPEAT_HORIZON seconds of them. Called at the start, then from
// the audio clock (and the display loop, as a fallback) when the window is running out.
function scheduleMoreBells(player) {
  const { plan, schedule, session } = player;
  if (session.over || session.scheduledUntil === Infinity) return;
  const from = session.scheduledUntil;
  const horizon = schedule.endAt === null ? from + REPEAT_HORIZON : Infinity;
  const bells = bellsBetween(schedule, plan, from, horizon);
  const until = bells.length > MOST_BELLS_AHEAD ? bells[MOST_BELLS_AHEAD].at : horizon;
  for (const bell of bells.slice(0, MOST_BELLS_AHEAD)) {
    session.bellTimes.push(bell.at);
    ringAt(session, bell.at);
  }
  session.scheduledUntil = until;
  if (until === Infinity) return;
  session.topUpAt = until - Math.min(TOP_UP_BEFORE, (until - from) / 2);
  if (session.context) {
    const topUp = () => {
      // The display loop may have topped up already; only the window this was set for is extended.
      if (player.session === session && session.scheduledUntil === until) scheduleMoreBells(player);
    };
    session.cancellers.push(notifyAt(session.context, session.startAt + session.topUpAt, topUp));
  }
}

// Moments that matter while the page may be asleep are watched on the audio clock too: a silent
// ConstantSourceNode stopping at that moment fires "ended" on time even in a hidden tab.
function watchAudioClock(player) {
  const session = player.session;
  const { context, startAt } = session;
  const endAt = player.schedule.endAt;
  session.cancellers.push(notifyAt(context, startAt + SHORTEST_LOGGED, () => tick(player)));
  if (endAt !== null) session.cancellers.push(notifyAt(context, startAt + endAt, () => tick(player)));
}

function notifyAt(context, when, callback) {
  if (typeof context.createConstantSource !== "function") return () => {};
  const source = context.createConstantSource();
  const silence = context.createGain();
  silence.gain.value = 0;
  source.connect(silence);
  silence.connect(context.destination);
  const onEnded = () => {
    source.disconnect();
    silence.disconnect();
    callback();
  };
  source.addEventListener("ended", onEnded);
  source.start();
  source.stop(Math.max(when, context.currentTime));
  return () => source.removeEventListener("ended", onEnded);
}

function closeAudio(session, { now }) {
  const context = session.context;
  if (!context || context.state === "closed") return;
  const close = () => context.close().catch(() => {});
  if (now || context.state !== "running") {
    // Fade rather than cut, so ending early never clicks.
    session.output.gain.setTargetAtTime(0, context.currentTime, 0.05);
    setTimeout(close, 300);
    return;
  }
  notifyAt(context, session.soundOverAt + 0.1, close);
}

// ---------------------------------------------------------------------------------------------
// Best-effort extras: vibration, narration and keeping the screen on.

function vibrateForBells(player, elapsed) {
  const session = player.session;
  if (!player.plan.vibrate || typeof navigator.vibrate !== "function") return;
  while (session.nextVibration < session.bellTimes.length && session.bellTimes[session.nextVibration] <= elapsed) {
    const late = elapsed - session.bellTimes[session.nextVibration];
    if (late < VIBRATE_WITHIN && document.visibilityState === "visible") navigator.vibrate(300);
    session.nextVibration += 1;
  }
}

function speak(player, text) {
  try {
    const synth = window.speechSynthesis;
    synth.cancel(); // a cue still being read gives way to the new one
    const utterance = new SpeechSynthesisUtterance(text);
    const voice = synth.getVoices().find((candidate) => candidate.voiceURI === player.els.voice?.value);
    if (voice) {
      utterance.voice = voice;
      utterance.lang = voice.lang;
    }
    utterance.rate = Number(player.els.rate?.value) || 1;
    synth.speak(utterance);
  } catch {
    // Narration is an extra; the cue is on the screen.
  }
}

function cancelSpeech() {
  try {
    window.speechSynthesis?.cancel();
  } catch {
    // nothing to stop
  }
}

async function acquireWakeLock(player) {
  if (!navigator.wakeLock || document.visibilityState !== "visible") return;
  if (player.wakeLockAsked || (player.wakeLock && !player.wakeLock.released)) return;
  player.wakeLockAsked = true;
  try {
    player.wakeLock = await navigator.wakeLock.request("screen");
    // The request may finish after the session was paused or ended.
    if (player.state !== "preparing" && player.state !== "running") releaseWakeLock(player);
  } catch {
    // Not allowed (battery saver, no permission): the session works without it.
  } finally {
    player.wakeLockAsked = false;
  }
}

function releaseWakeLock(player) {
  const lock = player.wakeLock;
  player.wakeLock = null;
  lock?.release().catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// The log.

function logStart(player) {
  const session = player.session;
  session.startLogged = true;
  // ended: false tells the server the planned end, in case this page never reports again.
  player.log.record(payload(player, { ended: false, completed: false, actual: null }));
  player.log.flush();
}

function payload(player, { ended, completed, actual }) {
  const { plan, session } = player;
  return {
    client_id: session.id,
    kind: plan.kind,
    practice_key: plan.key,
    title: plan.title,
    started_at: new Date(session.startedWall).toISOString(),
    planned_seconds: plan.plannedSeconds ?? null,
    actual_seconds: actual,
    ended,
    completed,
  };
}

function newClientId() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; this is the same version 4 UUID from getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpPlayers);
else setUpPlayers();
