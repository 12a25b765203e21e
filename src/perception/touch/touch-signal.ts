// Reads what her touches over the last few seconds say: holding on (a long hug, squeezing again and
// again) is seeking comfort; quick light taps are play; slow strokes are quiet affection.
// Touch tells little about *which* emotion, so confidence stays modest and depends on how clear
// the pattern is.
import type { TouchEvent } from "./touch-event.js";

export type TouchSignalKind = "comfort-seeking" | "playful" | "affectionate" | "none";

export interface TouchSignal {
  signal: TouchSignalKind;
  /** −1..1 */
  valence: number;
  /** 0..1 */
  arousal: number;
  /** 0..1 */
  confidence: number;
  /** 0..1: hard, repeated squeezing reads as tension. */
  stress?: number;
  /** How many events in the window were considered. */
  events: number;
}

export interface TouchSignalOptions {
  /** Only events that started within this window before `now` count. */
  windowMs?: number;
}

// Circumplex positions of each signal: comfort-seeking suggests she is low and a little tense,
// play is bright and lively, affection is warm and calm.
const POSITION: Record<Exclude<TouchSignalKind, "none">, { valence: number; arousal: number }> = {
  "comfort-seeking": { valence: -0.35, arousal: 0.45 },
  playful: { valence: 0.55, arousal: 0.7 },
  affectionate: { valence: 0.45, arousal: 0.25 },
};

export function interpretTouch(events: readonly TouchEvent[], now: Date, options: TouchSignalOptions = {}): TouchSignal {
  const windowMs = options.windowMs ?? 15_000;
  const recent = events.filter((e) => {
    const age = now.getTime() - e.at.getTime();
    return age >= 0 && age <= windowMs;
  });
  if (recent.length === 0) return { signal: "none", valence: 0, arousal: 0.3, confidence: 0, events: 0 };

  // Evidence for each signal, roughly "how many seconds of clear pattern" squashed to 0..1 below.
  let comfort = 0;
  let play = 0;
  let affection = 0;
  let squeezeForce = 0;
  let squeezes = 0;
  for (const e of recent) {
    const seconds = e.durationMs / 1000;
    switch (e.pattern) {
      case "hug":
        // A long, firm hug is the clearest comfort signal there is.
        comfort += Math.min(3, seconds / 2) * (0.5 + 0.5 * e.pressure);
        break;
      case "squeeze":
        squeezes += 1;
        squeezeForce += e.pressure;
        comfort += 0.4 + 0.4 * e.pressure;
        break;
      case "tap":
        // Quick light taps are playful; a long press is just a hold.
        if (e.durationMs <= 400) play += 0.5 * (1 - 0.5 * e.pressure);
        else comfort += 0.2;
        break;
      case "stroke":
        affection += Math.min(1.5, 0.3 + seconds / 3) * (1 - 0.5 * e.pressure);
        break;
    }
  }
  // Squeezing again and again is more telling than any single squeeze.
  if (squeezes >= 2) comfort += 0.5 * (squeezes - 1);
  // Taps only become play when they come in a quick run.
  const taps = recent.filter((e) => e.pattern === "tap" && e.durationMs <= 400).length;
  if (taps < 2) play *= 0.5;

  const evidence = { "comfort-seeking": comfort, playful: play, affectionate: affection } as const;
  const ranked = (Object.entries(evidence) as [keyof typeof evidence, number][]).sort((a, b) => b[1] - a[1]);
  const [bestKind, best] = ranked[0]!;
  const second = ranked[1]![1];
  if (best <= 0) return { signal: "none", valence: 0, arousal: 0.3, confidence: 0, events: recent.length };

  const strength = 1 - Math.exp(-best);
  const clarity = best / (best + second);
  const position = POSITION[bestKind];
  const result: TouchSignal = {
    signal: bestKind,
    valence: position.valence,
    arousal: position.arousal,
    // Never above 0.7: a touch pattern is a hint, not a statement.
    confidence: round(0.7 * strength * clarity),
    events: recent.length,
  };
  if (squeezes > 0) result.stress = round(Math.min(1, (squeezeForce / squeezes) * (0.5 + 0.25 * Math.min(2, squeezes - 1))));
  return result;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
