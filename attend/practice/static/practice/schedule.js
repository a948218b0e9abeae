// Where every bell, cue and stage of a practice session falls. Pure functions, no DOM, so they are
// unit-tested in Node (attend/practice/tests/js/) and the player only has to follow what they say.
//
// Every time here is in seconds from the moment the first stage starts, after any preparation
// countdown: the preparation is not part of the schedule.

// Two bells closer than this are one bell: the end of one stage and the start of the next ring once.
export const SAME_BELL_WITHIN = 0.05;

// An open-ended stage repeats its bell forever, so a schedule holds this many seconds of repeats and
// the player asks bellsBetween() for more before they run out.
export const REPEAT_HORIZON = 3 * 60 * 60;

/**
 * The whole timeline of a plan (the JSON the server embeds in the page).
 *
 * bells: [{at, kind}] sorted, deduplicated; kind is "start" for a bell at 0, "end" for the bell at
 *   the session's end, and "interval" for every other bell, stage boundaries included.
 * cues: [{at, text, stage}] sorted; stage is the index of the stage the cue belongs to.
 * stages: [{index, name, startAt, endAt}] with endAt null for an open-ended last stage.
 * endAt: when the session ends, or null when it is open-ended. For an open-ended plan the bells run
 *   to REPEAT_HORIZON; ask bellsBetween() for later ones.
 */
export function scheduleOf(plan) {
  const stages = stageTimes(plan.stages ?? []);
  const endAt = stages.length ? stages[stages.length - 1].endAt : 0;
  const schedule = { bells: [], cues: cuesOf(plan.stages ?? [], stages), stages, endAt };
  schedule.bells = bellsBetween(schedule, plan, 0, endAt === null ? REPEAT_HORIZON : Infinity);
  return schedule;
}

/**
 * Every bell with from <= at < to, including an open-ended stage's repeats. Windows that meet
 * ([0, a) then [a, b)) never ring a bell twice, so the player can top up an open-ended session.
 * An infinite `to` is cut to REPEAT_HORIZON seconds after `from` when bells repeat forever.
 */
export function bellsBetween(schedule, plan, from, to) {
  const times = [];
  schedule.stages.forEach((stage, index) => {
    const spec = plan.stages[index];
    times.push(...plannedBellTimes(stage, spec));
    times.push(...repeatTimes(stage, spec, from - SAME_BELL_WITHIN, to));
  });
  // Deduplicate before cutting the window, so a bell just before `from` still hides its twin just
  // after it, exactly as it did when the earlier window was computed.
  return withoutTwins(times)
    .filter((at) => at >= from && at < to)
    .map((at) => ({ at, kind: bellKind(at, schedule.endAt) }));
}

/** The cue being shown at `elapsed`: the latest one of the current stage, or null. */
export function cueAt(schedule, elapsed) {
  const stage = stageAt(schedule, elapsed);
  if (!stage) return null;
  let current = null;
  for (const cue of schedule.cues) {
    if (cue.at > elapsed) break;
    if (cue.stage === stage.index) current = cue;
  }
  return current;
}

/** The stage running at `elapsed` (a stage owns [startAt, endAt)), or null before or after the session. */
export function stageAt(schedule, elapsed) {
  return (
    schedule.stages.find(
      (stage) => elapsed >= stage.startAt && (stage.endAt === null || elapsed < stage.endAt),
    ) ?? null
  );
}

/** "0:05", "12:30", "1:02:03". Fractions are dropped: callers round the way they need. */
export function formatClock(seconds) {
  const total = Math.max(0, Math.floor(Number(seconds) || 0));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const pad = (n) => String(n).padStart(2, "0");
  return hours ? `${hours}:${pad(minutes)}:${pad(secs)}` : `${minutes}:${pad(secs)}`;
}

/**
 * A length in words, as the finished panel says it: "3 minutes", "1 minute 20 seconds",
 * "45 seconds", "1 hour 5 minutes". Past an hour the seconds no longer matter to anyone.
 */
export function describeDuration(seconds) {
  const total = Math.max(0, Math.round(Number(seconds) || 0));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = hours ? 0 : total % 60;
  const parts = [
    [hours, "hour"],
    [minutes, "minute"],
    [secs, "second"],
  ]
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) => `${amount} ${unit}${amount === 1 ? "" : "s"}`);
  return parts.join(" ") || "0 seconds";
}

// Each stage starts when the one before it ends. An open-ended stage never ends, so any stage after
// it could never start and is left out.
function stageTimes(specs) {
  const stages = [];
  let cursor = 0;
  for (const [index, spec] of specs.entries()) {
    const openEnded = spec.seconds === null || spec.seconds === undefined;
    const endAt = openEnded ? null : cursor + Math.max(0, Number(spec.seconds) || 0);
    stages.push({ index, name: spec.name ?? "", startAt: cursor, endAt });
    if (openEnded) break;
    cursor = endAt;
  }
  return stages;
}

function cuesOf(specs, stages) {
  const cues = stages.flatMap((stage) =>
    (specs[stage.index].cues ?? []).map((cue) => ({
      at: stage.startAt + cue.at,
      text: cue.text,
      stage: stage.index,
    })),
  );
  return cues.sort((a, b) => a.at - b.at); // stable: equal times keep the order they were written in
}

// A stage's own bells, in session time; a bell outside the stage is ignored rather than rung late.
function plannedBellTimes(stage, spec) {
  return (spec.bells ?? [])
    .filter((offset) => offset >= 0 && (stage.endAt === null || stage.startAt + offset <= stage.endAt))
    .map((offset) => stage.startAt + offset);
}

// An open-ended stage's repeats (every N seconds after its start) that fall in [from, to).
function repeatTimes(stage, spec, from, to) {
  const every = Number(spec.repeatEvery);
  if (stage.endAt !== null || !(every > 0)) return [];
  const until = Number.isFinite(to) ? to : from + SAME_BELL_WITHIN + REPEAT_HORIZON;
  const times = [];
  for (let k = Math.max(1, Math.ceil((from - stage.startAt) / every)); ; k++) {
    const at = stage.startAt + k * every;
    if (at >= until) break;
    times.push(at);
  }
  return times;
}

function withoutTwins(times) {
  const kept = [];
  for (const at of [...times].sort((a, b) => a - b)) {
    if (!kept.length || at - kept[kept.length - 1] > SAME_BELL_WITHIN) kept.push(at);
  }
  return kept;
}

function bellKind(at, endAt) {
  if (Math.abs(at) <= SAME_BELL_WITHIN) return "start";
  if (endAt !== null && Math.abs(at - endAt) <= SAME_BELL_WITHIN) return "end";
  return "interval";
}
