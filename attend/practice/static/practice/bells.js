// Bells synthesised with Web Audio: oscillators and gain envelopes, no audio files to fetch or cache.
// scheduleBell() places a bell at an exact time on the AudioContext clock, so it rings on time even
// when the page's scripts are asleep (tab hidden, screen locked).

export const SOUNDS = ["bowl", "bell", "wood", "silent"];

// Each partial is one sine: a frequency, its peak gain and the seconds it takes to die away.
// Peaks of one sound add up to at most 0.5, so several voices never clip.
const VOICES = {
  // A low singing bowl: a fundamental with a near-unison twin (the slow beating a real bowl has) and
  // inharmonic partials that fade faster than the fundamental.
  bowl: {
    attack: 0.01,
    partials: [
      { frequency: 208, peak: 0.2, decay: 6 },
      { frequency: 209.3, peak: 0.08, decay: 5.5 },
      { frequency: 208 * 2.71, peak: 0.1, decay: 4 },
      { frequency: 208 * 5.13, peak: 0.05, decay: 2.2 },
    ],
  },
  // A small bright bell.
  bell: {
    attack: 0.004,
    partials: [
      { frequency: 880, peak: 0.22, decay: 3 },
      { frequency: 880 * 2.32, peak: 0.12, decay: 1.8 },
      { frequency: 880 * 4.25, peak: 0.07, decay: 0.9 },
      { frequency: 880 * 6.63, peak: 0.04, decay: 0.5 },
    ],
  },
  // A short wood block: a dull knock whose pitch drops slightly as it dies.
  wood: {
    attack: 0.002,
    partials: [
      { frequency: 760, peak: 0.3, decay: 0.2, drop: 0.85 },
      { frequency: 760 * 2.61, peak: 0.12, decay: 0.08, drop: 0.9 },
    ],
  },
};

// Exponential ramps cannot reach 0; this is far below hearing.
const INAUDIBLE = 0.0001;

/**
 * Schedule one bell of `sound` at context time `when`, through `destination`.
 * Returns the context time when the sound is over, or null when nothing was scheduled ("silent").
 * Unknown sounds ring the bowl: a bell that rings in the wrong voice beats one that never rings.
 */
export function scheduleBell(context, destination, sound, when) {
  if (sound === "silent") return null;
  const voice = VOICES[sound] ?? VOICES.bowl;
  // A bell asked for in the past rings now, from its start, rather than half-way through its decay.
  const at = Math.max(when, context.currentTime);
  let over = at;
  for (const partial of voice.partials) {
    over = Math.max(over, schedulePartial(context, destination, partial, voice.attack, at));
  }
  return over;
}

function schedulePartial(context, destination, partial, attack, at) {
  const oscillator = context.createOscillator();
  oscillator.type = "sine";
  oscillator.frequency.setValueAtTime(partial.frequency, at);
  if (partial.drop) {
    oscillator.frequency.exponentialRampToValueAtTime(partial.frequency * partial.drop, at + partial.decay);
  }

  const envelope = context.createGain();
  envelope.gain.setValueAtTime(0, at);
  envelope.gain.linearRampToValueAtTime(partial.peak, at + attack);
  envelope.gain.exponentialRampToValueAtTime(INAUDIBLE, at + partial.decay);
  envelope.gain.setValueAtTime(0, at + partial.decay);

  oscillator.connect(envelope);
  envelope.connect(destination);
  const stopAt = at + partial.decay + 0.05;
  oscillator.start(at);
  oscillator.stop(stopAt);
  // Once stopped, unhook both nodes so the graph does not keep them alive.
  oscillator.addEventListener("ended", () => {
    oscillator.disconnect();
    envelope.disconnect();
  });
  return stopAt;
}
