// Unit tests for the pure session timing: node --test attend/practice/tests/js/
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  bellsBetween,
  cueAt,
  describeDuration,
  formatClock,
  REPEAT_HORIZON,
  SAME_BELL_WITHIN,
  scheduleOf,
  stageAt,
} from "../../static/practice/schedule.js";

const guided = {
  kind: "guided",
  key: "breathing-space",
  title: "Three-step breathing space",
  preparationSeconds: 0,
  stages: [
    {
      name: "",
      seconds: 180,
      bells: [0, 180],
      repeatEvery: null,
      cues: [
        { at: 0, text: "Find a way of sitting" },
        { at: 60, text: "Gather your attention" },
        { at: 120, text: "Expand" },
      ],
    },
  ],
  plannedSeconds: 180,
  bell: "bowl",
  vibrate: false,
};

function stage(name, seconds, bells, extra = {}) {
  return { name, seconds, bells, repeatEvery: null, cues: [], ...extra };
}

function timer(stages, extra = {}) {
  const fixed = stages.every((s) => s.seconds !== null);
  return {
    kind: "timer",
    key: "timer",
    title: "Timer",
    preparationSeconds: 10,
    stages,
    plannedSeconds: fixed ? stages.reduce((sum, s) => sum + s.seconds, 0) : null,
    bell: "bowl",
    vibrate: false,
    ...extra,
  };
}

// Sit 20 minutes with a bell every 5, walk 10, sit 20 with a bell every 10.
const threeStages = timer([
  stage("Sit", 1200, [0, 300, 600, 900, 1200]),
  stage("Walk", 600, [0, 600]),
  stage("Sit", 1200, [0, 600, 1200]),
]);

const openEnded = timer([stage("Sit", null, [0], { repeatEvery: 600 })]);

describe("scheduleOf", () => {
  it("places a guided practice's bells and cues", () => {
    const schedule = scheduleOf(guided);
    assert.deepEqual(schedule.bells, [
      { at: 0, kind: "start" },
      { at: 180, kind: "end" },
    ]);
    assert.deepEqual(
      schedule.cues.map((cue) => [cue.at, cue.text, cue.stage]),
      [
        [0, "Find a way of sitting", 0],
        [60, "Gather your attention", 0],
        [120, "Expand", 0],
      ],
    );
    assert.deepEqual(schedule.stages, [{ index: 0, name: "", startAt: 0, endAt: 180 }]);
    assert.equal(schedule.endAt, 180);
  });

  it("runs stages one after another and rings a stage boundary once", () => {
    const schedule = scheduleOf(threeStages);
    assert.deepEqual(
      schedule.stages.map(({ name, startAt, endAt }) => [name, startAt, endAt]),
      [
        ["Sit", 0, 1200],
        ["Walk", 1200, 1800],
        ["Sit", 1800, 3000],
      ],
    );
    assert.deepEqual(schedule.bells, [
      { at: 0, kind: "start" },
      { at: 300, kind: "interval" },
      { at: 600, kind: "interval" },
      { at: 900, kind: "interval" },
      { at: 1200, kind: "interval" }, // the end of sitting and the start of walking: one bell
      { at: 1800, kind: "interval" }, // the end of walking and the start of sitting: one bell
      { at: 2400, kind: "interval" },
      { at: 3000, kind: "end" },
    ]);
    assert.equal(schedule.endAt, 3000);
    // Preparation is not part of the schedule.
    assert.equal(schedule.bells[0].at, 0);
  });

  it("treats bells closer than SAME_BELL_WITHIN as one", () => {
    const nearly = SAME_BELL_WITHIN / 2;
    const plan = timer([stage("A", 10, [0, 10]), stage("B", 10, [nearly, 10])]);
    assert.deepEqual(
      scheduleOf(plan).bells.map((bell) => bell.at),
      [0, 10, 20],
    );
  });

  it("rings chosen points in one 55-minute stage", () => {
    const schedule = scheduleOf(timer([stage("Sit", 3300, [0, 1500, 1800, 3300])]));
    assert.deepEqual(schedule.bells, [
      { at: 0, kind: "start" },
      { at: 1500, kind: "interval" },
      { at: 1800, kind: "interval" },
      { at: 3300, kind: "end" },
    ]);
    assert.equal(schedule.endAt, 3300);
  });

  it("ignores a bell that would fall after its stage ends", () => {
    const schedule = scheduleOf(timer([stage("Sit", 60, [0, 60, 90]), stage("Walk", 60, [0, 60])]));
    assert.deepEqual(
      schedule.bells.map((bell) => bell.at),
      [0, 60, 120],
    );
  });

  it("repeats an open-ended stage's bell up to the horizon", () => {
    const schedule = scheduleOf(openEnded);
    assert.equal(schedule.endAt, null);
    assert.deepEqual(schedule.stages, [{ index: 0, name: "Sit", startAt: 0, endAt: null }]);
    assert.deepEqual(schedule.bells.slice(0, 3), [
      { at: 0, kind: "start" },
      { at: 600, kind: "interval" },
      { at: 1200, kind: "interval" },
    ]);
    assert.equal(schedule.bells.length, REPEAT_HORIZON / 600); // 0, 600, ... up to but not at the horizon
    assert.ok(schedule.bells.every((bell) => bell.at < REPEAT_HORIZON));
    assert.ok(!schedule.bells.some((bell) => bell.kind === "end"));
  });

  it("starts an open-ended last stage after the fixed ones", () => {
    const schedule = scheduleOf(timer([stage("Walk", 300, [0, 300]), stage("Sit", null, [0], { repeatEvery: 120 })]));
    assert.deepEqual(
      schedule.stages.map(({ startAt, endAt }) => [startAt, endAt]),
      [
        [0, 300],
        [300, null],
      ],
    );
    assert.deepEqual(
      schedule.bells.slice(0, 4).map((bell) => bell.at),
      [0, 300, 420, 540],
    );
  });
});

describe("bellsBetween", () => {
  it("tops up an open-ended session without ringing any bell twice", () => {
    const schedule = scheduleOf(openEnded);
    const more = bellsBetween(schedule, openEnded, REPEAT_HORIZON, 2 * REPEAT_HORIZON);
    assert.equal(more[0].at, REPEAT_HORIZON);
    assert.equal(more.at(-1).at, 2 * REPEAT_HORIZON - 600);
    const all = [...schedule.bells, ...more].map((bell) => bell.at);
    assert.equal(new Set(all).size, all.length);
    for (let i = 1; i < all.length; i++) assert.equal(all[i] - all[i - 1], 600);
  });

  it("keeps explicit bells and repeats apart when they meet at a window edge", () => {
    const plan = timer([stage("Sit", null, [0, 1000.02], { repeatEvery: 1000 })]);
    const schedule = scheduleOf(plan);
    const first = bellsBetween(schedule, plan, 0, 1000.01);
    const second = bellsBetween(schedule, plan, 1000.01, 3000);
    const all = [...first, ...second].map((bell) => bell.at);
    assert.deepEqual(all, [0, 1000, 2000]);
  });

  it("returns only the bells of a fixed session inside the window", () => {
    const schedule = scheduleOf(threeStages);
    assert.deepEqual(
      bellsBetween(schedule, threeStages, 600, 1800).map((bell) => bell.at),
      [600, 900, 1200],
    );
  });
});

describe("cueAt and stageAt", () => {
  const schedule = scheduleOf(guided);

  it("has no cue or stage before the session starts or after it ends", () => {
    assert.equal(cueAt(schedule, -0.1), null);
    assert.equal(stageAt(schedule, -0.1), null);
    assert.equal(stageAt(schedule, 180), null);
    assert.equal(cueAt(schedule, 180), null);
  });

  it("shows a cue from its time until the next", () => {
    assert.equal(cueAt(schedule, 0).text, "Find a way of sitting");
    assert.equal(cueAt(schedule, 59.99).text, "Find a way of sitting");
    assert.equal(cueAt(schedule, 60).text, "Gather your attention");
    assert.equal(cueAt(schedule, 179.9).text, "Expand");
  });

  it("gives a stage [startAt, endAt)", () => {
    const three = scheduleOf(threeStages);
    assert.equal(stageAt(three, 0).name, "Sit");
    assert.equal(stageAt(three, 1199.99).index, 0);
    assert.equal(stageAt(three, 1200).name, "Walk");
    assert.equal(stageAt(three, 1800).index, 2);
    assert.equal(stageAt(three, 2999.9).index, 2);
    assert.equal(stageAt(three, 3000), null);
  });

  it("keeps an open-ended stage forever", () => {
    assert.equal(stageAt(scheduleOf(openEnded), 1e6).name, "Sit");
  });

  it("does not carry a cue into a stage that has none of its own yet", () => {
    const plan = {
      ...guided,
      stages: [
        stage("One", 60, [0, 60], { cues: [{ at: 0, text: "First" }] }),
        stage("Two", 60, [0, 60], { cues: [{ at: 10, text: "Second" }] }),
      ],
    };
    const two = scheduleOf(plan);
    assert.equal(cueAt(two, 59).text, "First");
    assert.equal(cueAt(two, 65), null);
    assert.equal(cueAt(two, 70).text, "Second");
    assert.equal(cueAt(two, 70).stage, 1);
  });
});

describe("formatClock", () => {
  it("writes minutes and seconds, and hours when there are any", () => {
    assert.equal(formatClock(0), "0:00");
    assert.equal(formatClock(5), "0:05");
    assert.equal(formatClock(59.9), "0:59");
    assert.equal(formatClock(750), "12:30");
    assert.equal(formatClock(3599), "59:59");
    assert.equal(formatClock(3600), "1:00:00");
    assert.equal(formatClock(3723), "1:02:03");
  });

  it("never shows a negative or broken time", () => {
    assert.equal(formatClock(-3), "0:00");
    assert.equal(formatClock(Number.NaN), "0:00");
  });
});

describe("describeDuration", () => {
  it("says a length the way a person would", () => {
    assert.equal(describeDuration(180), "3 minutes");
    assert.equal(describeDuration(80), "1 minute 20 seconds");
    assert.equal(describeDuration(1), "1 second");
    assert.equal(describeDuration(45), "45 seconds");
    assert.equal(describeDuration(3900), "1 hour 5 minutes");
    assert.equal(describeDuration(7205), "2 hours");
  });
});
