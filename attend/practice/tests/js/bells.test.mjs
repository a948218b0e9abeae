// Unit tests for bell synthesis against a fake AudioContext that records what is scheduled.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { scheduleBell, SOUNDS } from "../../static/practice/bells.js";

function fakeParam() {
  const events = [];
  const record = (type) => (value, time) => events.push({ type, value, time });
  return {
    events,
    value: 0,
    setValueAtTime: record("set"),
    linearRampToValueAtTime: record("linear"),
    exponentialRampToValueAtTime: record("exponential"),
  };
}

function fakeContext(currentTime = 0) {
  const oscillators = [];
  const gains = [];
  const node = () => ({ connections: [], connect(target) { this.connections.push(target); return target; }, disconnect() {} });
  return {
    currentTime,
    oscillators,
    gains,
    createOscillator() {
      const oscillator = {
        ...node(),
        frequency: fakeParam(),
        start(time) { this.startedAt = time; },
        stop(time) { this.stoppedAt = time; },
        addEventListener(type, listener) { this.listeners = { ...this.listeners, [type]: listener }; },
      };
      oscillators.push(oscillator);
      return oscillator;
    },
    createGain() {
      const gain = { ...node(), gain: fakeParam() };
      gains.push(gain);
      return gain;
    },
  };
}

describe("scheduleBell", () => {
  it("offers the four sounds the server knows", () => {
    assert.deepEqual(SOUNDS, ["bowl", "bell", "wood", "silent"]);
  });

  it("schedules nothing for silent", () => {
    const context = fakeContext();
    assert.equal(scheduleBell(context, {}, "silent", 5), null);
    assert.equal(context.oscillators.length, 0);
  });

  for (const [sound, longest] of [["bowl", 6], ["bell", 3], ["wood", 0.2]]) {
    it(`rings ${sound} at the asked time, modestly, and stops its nodes after ${longest} s`, () => {
      const context = fakeContext(1);
      const output = { name: "output" };
      const over = scheduleBell(context, output, sound, 10);

      assert.ok(context.oscillators.length >= 2);
      for (const oscillator of context.oscillators) {
        assert.equal(oscillator.startedAt, 10);
        assert.ok(oscillator.stoppedAt > 10 && oscillator.stoppedAt <= 10 + longest + 0.1);
        assert.ok(oscillator.listeners.ended, "unhooks itself once stopped");
      }
      assert.ok(Math.abs(over - (10 + longest + 0.05)) < 1e-9);

      const peaks = context.gains.map((gain) => Math.max(...gain.gain.events.map((event) => event.value)));
      const total = peaks.reduce((sum, peak) => sum + peak, 0);
      assert.ok(total <= 0.5, `peaks add up to ${total}`);
      for (const gain of context.gains) {
        assert.deepEqual(gain.connections, [output]);
        assert.deepEqual(gain.gain.events[0], { type: "set", value: 0, time: 10 });
        assert.equal(gain.gain.events[1].type, "linear");
        assert.ok(gain.gain.events[1].time - 10 <= 0.011, "a soft but quick attack");
        assert.equal(gain.gain.events[2].type, "exponential");
      }
    });
  }

  it("rings a bell asked for in the past now, from its start", () => {
    const context = fakeContext(20);
    scheduleBell(context, {}, "bell", 19.5);
    assert.ok(context.oscillators.every((oscillator) => oscillator.startedAt === 20));
  });

  it("rings the bowl for a sound it does not know", () => {
    const context = fakeContext();
    scheduleBell(context, {}, "gong", 1);
    assert.equal(context.oscillators[0].frequency.events[0].value, 208);
  });
});
