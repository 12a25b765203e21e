// /api/v1/voice over a real daemon: real Silero VAD, pocketsphinx, the conversation and espeak-ng.
import { test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { createGuimiApp } from "../app/guimi-app.js";
import { startDaemon } from "../server/daemon.js";
import { makeTempDir } from "../testing/paths.js";
import { goForwardSamples, hasEspeak, hasPocketsphinx, installVadModel } from "./voice-fixtures.js";
import { parseWav } from "../perception/voice/index.js";

const skip = !hasPocketsphinx ? "pocketsphinx is not installed" : !hasEspeak ? "espeak-ng is not installed" : false;

function pcmFrames(samples: Float32Array, frame = 1600): Buffer[] {
  const frames: Buffer[] = [];
  for (let i = 0; i < samples.length; i += frame) {
    const part = samples.subarray(i, i + frame);
    const buf = Buffer.alloc(part.length * 2);
    for (let j = 0; j < part.length; j++) buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(part[j]! * 32768))), j * 2);
    frames.push(buf);
  }
  return frames;
}

interface Received {
  events: { type: string; [key: string]: unknown }[];
  audio: Buffer[];
  closed: { code: number } | null;
}

function connect(
  url: string,
): Promise<{ ws: WebSocket; got: Received; until(type: string, timeoutMs?: number): Promise<{ type: string; [key: string]: unknown }> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const got: Received = { events: [], audio: [], closed: null };
    const waiters: (() => void)[] = [];
    ws.on("message", (data, isBinary) => {
      if (isBinary) got.audio.push(data as Buffer);
      else got.events.push(JSON.parse(data.toString()));
      for (const w of waiters.splice(0)) w();
    });
    ws.on("close", (code) => {
      got.closed = { code };
      for (const w of waiters.splice(0)) w();
    });
    const until = async (type: string, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = got.events.find((e) => e.type === type);
        if (found) return found;
        if (got.closed || Date.now() > deadline) throw new Error(`no ${type} event; got ${got.events.map((e) => e.type).join(",")}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 500);
        });
      }
    };
    ws.once("open", () => resolve({ ws, got, until }));
    ws.once("error", reject);
  });
}

test("voice over the WebSocket: speech in, transcript, stored turn, reply events and spoken audio out; gated by the microphone", { skip }, async () => {
  const temp = makeTempDir();
  installVadModel(temp.dir);
  const app = await createGuimiApp({ dataDir: temp.dir, withoutModel: true });
  const daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
  const url = `ws://127.0.0.1:${daemon.port}/api/v1/voice`;
  try {
    // Off until she turns the microphone on.
    const off = await connect(url);
    const refused = await off.until("error");
    assert.equal(refused.code, "microphone-off");
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(off.got.closed?.code, 4403);

    app.settings.update({ sensors: { microphone: true } });
    const { ws, got, until } = await connect(url);
    const ready = await until("ready");
    assert.equal(ready.recognizer, "pocketsphinx-en-us");

    // Malformed input is named, and the session goes on.
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ type: "dance" }));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(got.events.filter((e) => e.type === "error").length, 2);
    assert.equal(got.closed, null);

    for (const frame of pcmFrames(new Float32Array(8000))) ws.send(frame, { binary: true });
    for (const frame of pcmFrames(goForwardSamples())) ws.send(frame, { binary: true });
    for (const frame of pcmFrames(new Float32Array(16_000 * 1.5))) ws.send(frame, { binary: true });
    await until("vad-start");
    await until("vad-end");
    const transcript = await until("transcript");
    assert.equal(transcript.text, "go forward ten meters");
    const end = await until("reply-end");
    assert.equal(end.source, "no-model");
    await until("speaking-end");
    const audioEvents = got.events.filter((e) => e.type === "audio");
    assert.ok(audioEvents.length >= 2, "spoken piece by piece");
    assert.equal(audioEvents[0]!.text, "Oh no,", "the first piece is the first clause");
    assert.equal(got.audio.length, audioEvents.length);
    for (const [i, wav] of got.audio.entries()) {
      const decoded = parseWav(new Uint8Array(wav));
      assert.equal(wav.length, audioEvents[i]!.bytes);
      assert.ok(decoded.samples.length > 0);
    }
    const stored = app.store.list("default").map((m) => [m.role, m.text]);
    assert.deepEqual(stored[0], ["user", "go forward ten meters"]);
    assert.equal(stored[1]![0], "assistant");
    ws.close();
  } finally {
    await daemon.stop();
    await app.close();
    temp.cleanup();
  }
});
