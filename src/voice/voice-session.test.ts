// Turn-taking with real parts (Silero VAD, pocketsphinx, espeak-ng, the conversation and storage) on a
// virtual playback clock: her voice during playback stops it, our own echo does not, and the
// conversation keeps only what she heard.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createGuimiApp } from "../app/guimi-app.js";
import { makeTempDir } from "../testing/paths.js";
import { goForwardSamples, hasEspeak, hasPocketsphinx, installVadModel } from "./voice-fixtures.js";
import { createVoiceSession, type VoiceEvent } from "./voice-session.js";
import { decodeSpeechWav } from "../perception/voice/index.js";
import type { SpeechToText } from "./speech-to-text.js";
import { defaultEndpointRules } from "./endpointer.js";

const skip = !hasPocketsphinx ? "pocketsphinx is not installed" : !hasEspeak ? "espeak-ng is not installed" : false;

test("barge-in: her voice during playback stops it, echo does not, and only the heard part is kept", { skip }, async () => {
  const temp = makeTempDir();
  installVadModel(temp.dir);
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  try {
    let now = 0;
    const events: VoiceEvent[] = [];
    const audio: Uint8Array[] = [];
    const session = createVoiceSession(
      { ...app.voice.sessionDeps("default"), clock: () => now },
      { event: (e) => events.push(e), audio: (a) => audio.push(a) },
    );
    const speech = goForwardSamples();
    const silence = (s: number) => new Float32Array(Math.round(16_000 * s));

    session.push(silence(0.5));
    session.push(speech);
    session.push(silence(1.2));
    await session.idle();
    const pieces = events.filter((e): e is Extract<VoiceEvent, { type: "audio" }> => e.type === "audio");
    assert.ok(pieces.length >= 2);
    assert.equal(events.filter((e) => e.type === "speaking-end").length, 1);
    const replyId = app.store.list("default").find((m) => m.role === "assistant")!.id;

    // Playback began at 0 on the virtual clock; she is part way into the second piece.
    now = pieces[0]!.durationMs + 100;
    // Our own reply, leaking back into the microphone, is not her speaking.
    const echo = decodeSpeechWav(audio[1]!).samples.map((x) => x * 0.3);
    session.push(silence(0.3));
    session.push(echo);
    session.push(silence(0.3));
    assert.equal(events.filter((e) => e.type === "barge-in").length, 0, "echo ignored");

    // A loud knock (not a voice) is not her speaking either.
    const knock = silence(0.15).map((_, i) => (i % 2 ? 0.6 : -0.6) * Math.exp(-i / 400));
    session.push(knock);
    session.push(silence(0.5));
    assert.equal(events.filter((e) => e.type === "barge-in").length, 0, "knock ignored");

    // She speaks up: playback and generation stop, and the reply keeps only what she heard.
    session.push(speech.map((x) => Math.max(-1, Math.min(1, x * 3))));
    const barge = events.find((e): e is Extract<VoiceEvent, { type: "barge-in" }> => e.type === "barge-in");
    assert.ok(barge, "barge-in");
    assert.equal(barge.heard, pieces[0]!.text);
    // Stopped after a few voiced windows, before her words count as an utterance (minSpeechMs).
    assert.ok(barge.afterSpeechMs < defaultEndpointRules.minSpeechMs, `decided ${barge.afterSpeechMs} ms into her speech`);
    session.push(silence(1.2));
    await session.idle();
    const reply = app.store.get(replyId)!;
    assert.equal(reply.text, pieces[0]!.text);
    assert.equal(reply.status, "partial");
    assert.equal(reply.meta?.interrupted, "barge-in");
    // Her new words were answered as the next turn.
    assert.equal(app.store.list("default").filter((m) => m.role === "user").length, 2);
    session.close();
  } finally {
    await app.close();
    temp.cleanup();
  }
});

test("the recogniser hears her while she speaks, so only the tail is left when she stops", { skip }, async () => {
  const temp = makeTempDir();
  installVadModel(temp.dir);
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  try {
    const base = app.voice.sessionDeps("default");
    const log: string[] = [];
    let heard = 0;
    const stt: SpeechToText = {
      ...base.stt,
      transcribe: (samples, options) => {
        log.push("transcribe");
        return base.stt.transcribe(samples, options);
      },
      listen() {
        const inner = base.stt.listen!();
        return {
          push(samples) {
            heard += samples.length;
            inner.push(samples);
          },
          finish(options) {
            log.push(`finish after ${Math.round(heard / 16)} ms of audio`);
            return inner.finish(options);
          },
        };
      },
    };
    const events: VoiceEvent[] = [];
    const session = createVoiceSession({ ...base, stt }, { event: (e) => events.push(e), audio: () => undefined });
    const frames = [new Float32Array(8000), goForwardSamples(), new Float32Array(16_000 * 1.2)];
    for (const samples of frames) {
      for (let i = 0; i < samples.length; i += 512) {
        session.push(samples.subarray(i, i + 512));
        if (events.some((e) => e.type === "vad-start") && !events.some((e) => e.type === "vad-end")) assert.ok(heard > 0, "fed as it arrives");
      }
    }
    await session.idle();
    session.close();
    assert.deepEqual(log.length, 1);
    assert.match(log[0]!, /^finish after \d+ ms/);
    assert.ok(heard / 16_000 > 2.5, "the whole utterance was heard live");
    const transcript = events.find((e): e is Extract<VoiceEvent, { type: "transcript" }> => e.type === "transcript");
    assert.match(transcript?.text ?? "", /go forward/);
  } finally {
    await app.close();
    temp.cleanup();
  }
});
