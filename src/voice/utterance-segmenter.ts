// Audio in, utterances out: windows the stream for the VAD, runs the endpointer, and keeps just the
// audio an utterance needs (its pre-roll and itself). Audio lives in memory only and is dropped as soon
// as it cannot belong to an utterance any more.
import type { VoiceActivityDetector } from "./voice-activity.js";
import { Endpointer, defaultEndpointRules, type EndpointRules } from "./endpointer.js";

export const SAMPLE_RATE = 16_000;

export type SegmenterEvent =
  | { type: "speech-start"; atMs: number; startSample: number }
  | {
      type: "utterance";
      samples: Float32Array;
      startMs: number;
      endMs: number;
      /** Absolute sample positions in the stream (samples[0] is startSample). */
      startSample: number;
      endSample: number;
      reason: "silence" | "max-length" | "flush";
    };

export class UtteranceSegmenter {
  readonly endpointer: Endpointer;
  private pending = new Float32Array(0);
  /** Kept audio, starting at absolute sample `base`. */
  private chunks: Float32Array[] = [];
  private base = 0;
  private kept = 0;
  private readonly preRoll: number;

  constructor(
    private readonly vad: VoiceActivityDetector,
    rules: EndpointRules = defaultEndpointRules,
  ) {
    this.endpointer = new Endpointer(rules, SAMPLE_RATE);
    this.preRoll = Math.round((rules.preRollMs * SAMPLE_RATE) / 1000) + vad.windowSize;
  }

  get speaking(): boolean {
    return this.endpointer.speaking;
  }

  /** Any number of 16 kHz mono samples in −1..1. */
  push(samples: Float32Array): SegmenterEvent[] {
    const events: SegmenterEvent[] = [];
    const size = this.vad.windowSize;
    let input = samples;
    if (this.pending.length > 0) {
      input = new Float32Array(this.pending.length + samples.length);
      input.set(this.pending);
      input.set(samples, this.pending.length);
    }
    let offset = 0;
    for (; offset + size <= input.length; offset += size) {
      const window = input.slice(offset, offset + size);
      this.keep(window);
      for (const event of this.endpointer.push(this.vad.isSpeech(window), size)) events.push(this.toEvent(event));
      this.forget();
    }
    this.pending = input.slice(offset);
    return events;
  }

  /** The stream ended: what is left is padded to a window and an utterance in progress ends. */
  flush(): SegmenterEvent[] {
    const events: SegmenterEvent[] = [];
    if (this.pending.length > 0) {
      const window = new Float32Array(this.vad.windowSize);
      window.set(this.pending);
      this.pending = new Float32Array(0);
      this.keep(window);
      for (const event of this.endpointer.push(this.vad.isSpeech(window), window.length)) events.push(this.toEvent(event));
    }
    for (const event of this.endpointer.flush()) events.push(this.toEvent(event));
    this.forget();
    return events;
  }

  private toEvent(event: ReturnType<Endpointer["push"]>[number]): SegmenterEvent {
    const ms = (sample: number) => Math.round((sample * 1000) / SAMPLE_RATE);
    if (event.type === "speech-start") return { type: "speech-start", atMs: ms(event.startSample), startSample: event.startSample };
    return {
      type: "utterance",
      samples: this.slice(event.startSample, event.endSample),
      startMs: ms(event.startSample),
      endMs: ms(event.endSample),
      startSample: event.startSample,
      endSample: event.endSample,
      reason: event.reason,
    };
  }

  private keep(window: Float32Array): void {
    this.chunks.push(window);
    this.kept += window.length;
  }

  /** Drops audio older than the pre-roll while nobody is speaking. */
  private forget(): void {
    if (this.endpointer.active) return;
    while (this.chunks.length > 0 && this.kept - this.chunks[0]!.length >= this.preRoll) {
      const first = this.chunks.shift()!;
      this.kept -= first.length;
      this.base += first.length;
    }
  }

  /** Kept audio between two absolute sample positions (an utterance in progress is always kept). */
  audio(from: number, to: number): Float32Array {
    return this.slice(from, to);
  }

  private slice(from: number, to: number): Float32Array {
    const start = Math.max(from, this.base);
    const out = new Float32Array(Math.max(0, to - start));
    let at = this.base;
    for (const chunk of this.chunks) {
      const chunkEnd = at + chunk.length;
      const a = Math.max(at, start);
      const b = Math.min(chunkEnd, to);
      if (b > a) out.set(chunk.subarray(a - at, b - at), a - start);
      at = chunkEnd;
    }
    return out;
  }
}

/** A whole recording's utterances (for files and tests). */
export function segmentRecording(vad: VoiceActivityDetector, samples: Float32Array, rules: EndpointRules = defaultEndpointRules) {
  vad.reset();
  const segmenter = new UtteranceSegmenter(vad, rules);
  const events = [...segmenter.push(samples), ...segmenter.flush()];
  return events.filter((e): e is Extract<SegmenterEvent, { type: "utterance" }> => e.type === "utterance");
}
