// Where an utterance starts and ends, from per-window speech decisions. Pure: no clock, no audio.
// Peers' top complaint is being cut off mid-sentence, so a pause ends her turn only after
// `endSilenceMs` of quiet (shorter once her words already form a whole command), and bursts shorter
// than `minSpeechMs` (a cough, a door) never start one.

export interface EndpointRules {
  /** Silence that ends an utterance (slow speakers pause for 300–600 ms mid-sentence). */
  endSilenceMs: number;
  /** Silence that ends it once the words so far already form a command ("十分钟后提醒我喝水"). */
  quickEndSilenceMs: number;
  /** Voiced time before a burst counts as speech at all. */
  minSpeechMs: number;
  /**
   * Voiced time that already stops our own playback (barge-in), before the burst counts as an
   * utterance: she should not have to talk over us for long. The echo rule still applies.
   */
  bargeInMinSpeechMs: number;
  /** Audio kept from before the first speech window (soft onsets, "s", "f"). */
  preRollMs: number;
  /** Audio kept after the last speech window (trailing consonants). */
  postRollMs: number;
  /** A monologue is cut here, so recognition never waits on unbounded audio. */
  maxUtteranceMs: number;
}

export const defaultEndpointRules: EndpointRules = {
  endSilenceMs: 800,
  quickEndSilenceMs: 400,
  minSpeechMs: 200,
  bargeInMinSpeechMs: 64,
  preRollMs: 250,
  postRollMs: 200,
  maxUtteranceMs: 20_000,
};

export type EndpointEvent =
  | { type: "speech-start"; startSample: number }
  | { type: "speech-end"; startSample: number; endSample: number; reason: "silence" | "max-length" | "flush" };

/** Checks tuned values: bad rules would silently cut her off or never end a turn. */
export function validateEndpointRules(rules: EndpointRules): EndpointRules {
  const { endSilenceMs, quickEndSilenceMs, minSpeechMs, bargeInMinSpeechMs, preRollMs, postRollMs, maxUtteranceMs } = rules;
  const inRange = (name: string, value: number, min: number, max: number) => {
    if (!Number.isFinite(value) || value < min || value > max) throw new RangeError(`${name}: expected ${min}–${max} ms, got ${value}`);
  };
  inRange("endSilenceMs", endSilenceMs, 200, 5000);
  inRange("quickEndSilenceMs", quickEndSilenceMs, 100, endSilenceMs);
  inRange("minSpeechMs", minSpeechMs, 0, 2000);
  inRange("bargeInMinSpeechMs", bargeInMinSpeechMs, 0, minSpeechMs);
  inRange("preRollMs", preRollMs, 0, 1000);
  inRange("postRollMs", postRollMs, 0, Math.min(1000, quickEndSilenceMs));
  inRange("maxUtteranceMs", maxUtteranceMs, 1000, 120_000);
  return rules;
}

export class Endpointer {
  private position = 0;
  private state: "idle" | "candidate" | "speaking" = "idle";
  private start = 0;
  private voiced = 0;
  private lastSpeechEnd = 0;
  private quick = false;
  private readonly ms: (ms: number) => number;

  constructor(
    private readonly rules: EndpointRules = defaultEndpointRules,
    sampleRate = 16_000,
  ) {
    validateEndpointRules(rules);
    this.ms = (ms) => Math.round((ms * sampleRate) / 1000);
  }

  /** Samples consumed so far. */
  get samples(): number {
    return this.position;
  }

  get speaking(): boolean {
    return this.state === "speaking";
  }

  /** Voiced milliseconds of what is being heard now (0 when idle). */
  get voicedMs(): number {
    return this.state === "idle" ? 0 : this.voiced / this.ms(1);
  }

  /** Where the first voiced window of what is being heard now began (meaningful while active). */
  get onsetSample(): number {
    return this.start;
  }

  /** Something that may still become an utterance is being heard. */
  get active(): boolean {
    return this.state !== "idle";
  }

  /** The words so far already form a whole command: end on a shorter pause. Reset at each utterance. */
  setLooksComplete(complete: boolean): void {
    this.quick = complete;
  }

  /** One window's decision. */
  push(isSpeech: boolean, windowSamples: number): EndpointEvent[] {
    const from = this.position;
    this.position += windowSamples;
    const events: EndpointEvent[] = [];
    if (isSpeech) {
      if (this.state === "idle") {
        this.state = "candidate";
        this.start = from;
        this.voiced = 0;
      }
      this.voiced += windowSamples;
      this.lastSpeechEnd = this.position;
      if (this.state === "candidate" && this.voiced >= this.ms(this.rules.minSpeechMs)) {
        this.state = "speaking";
        events.push({ type: "speech-start", startSample: Math.max(0, this.start - this.ms(this.rules.preRollMs)) });
      }
    } else if (this.state !== "idle") {
      const silence = this.position - this.lastSpeechEnd;
      if (this.state === "candidate") {
        // A short burst followed by quiet was not speech.
        if (silence >= this.ms(this.rules.quickEndSilenceMs)) this.state = "idle";
      } else if (silence >= this.ms(this.quick ? this.rules.quickEndSilenceMs : this.rules.endSilenceMs)) {
        events.push(this.end("silence"));
      }
    }
    if (this.state === "speaking" && this.position - this.start >= this.ms(this.rules.maxUtteranceMs)) {
      events.push(this.end("max-length"));
      // She is still talking: the next window opens a new utterance.
    }
    return events;
  }

  /** The input ended (file, hang-up, button released): an utterance in progress ends here. */
  flush(): EndpointEvent[] {
    if (this.state !== "speaking") {
      this.state = "idle";
      return [];
    }
    return [this.end("flush")];
  }

  private end(reason: "silence" | "max-length" | "flush"): EndpointEvent {
    const startSample = Math.max(0, this.start - this.ms(this.rules.preRollMs));
    const endSample = reason === "silence" ? Math.min(this.position, this.lastSpeechEnd + this.ms(this.rules.postRollMs)) : this.position;
    this.state = "idle";
    this.quick = false;
    return { type: "speech-end", startSample, endSample, reason };
  }
}
