// The wake word as her setting, over real HTTP with a real SQLite file: off by default, bad phrases refused
// naming the field, kept across a restart, the persona's name as the first phrase, and a status that says
// what is really active (the keyword model cannot be downloaded here: its files are laid out empty, which
// status checks without loading the native spotter).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createGuimiApp } from "../app/guimi-app.js";
import { startDaemon } from "../server/daemon.js";
import { makeTempDir } from "../testing/paths.js";
import { findVoiceModel, voiceModelDir } from "../models/voice-models.js";
import { ModelNotInstalledError } from "./voice-errors.js";
import { WAKE_WORD_MODEL_ID } from "./wake-word.js";

interface WakeStatus {
  enabled: boolean;
  installed: boolean;
  loaded: boolean;
  phrases: string[];
  state: string;
  reason?: string;
}

async function running(dataDir: string) {
  const app = await createGuimiApp({ dataDir, withoutModel: true });
  const daemon = await startDaemon(app, { host: "127.0.0.1", port: 0 });
  const send = (path: string, method = "GET", body?: unknown) =>
    fetch(new URL(`api/v1/${path}`, daemon.url), {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const wake = async () => ((await (await send("status")).json()) as { voice: { wakeWord: WakeStatus } }).voice.wakeWord;
  const stop = async () => {
    await daemon.stop();
    await app.close();
  };
  return { app, send, wake, stop };
}

const errorOf = async (response: Response) => {
  assert.equal(response.status, 400);
  return ((await response.json()) as { error: { message: string } }).error.message;
};

test("the wake-word setting: off by default, validated, kept across a restart, honest about the missing model", async () => {
  const temp = makeTempDir();
  let guimi = await running(temp.dir);
  try {
    const settings = (await (await guimi.send("settings")).json()) as { wakeWord: unknown };
    assert.deepEqual(settings.wakeWord, { enabled: false, phrases: [] });
    let wake = await guimi.wake();
    assert.equal(wake.enabled, false);
    assert.equal(wake.state, "off");
    assert.equal(wake.loaded, false);
    assert.deepEqual(wake.phrases, ["小蜜小蜜"]);

    // Bad input names the field; nothing is stored.
    assert.match(await errorOf(await guimi.send("settings", "PATCH", { wakeWord: { enabled: "yes" } })), /wakeWord\.enabled/);
    assert.match(await errorOf(await guimi.send("settings", "PATCH", { wakeWord: { phrases: ["阿宝", "Mimi"] } })), /wakeWord\.phrases\.1: .*Chinese/);
    assert.match(await errorOf(await guimi.send("settings", "PATCH", { wakeWord: { phrases: ["宝"] } })), /wakeWord\.phrases\.0/);
    const nine = Array.from({ length: 9 }, () => "阿宝");
    assert.match(await errorOf(await guimi.send("settings", "PATCH", { wakeWord: { phrases: nine } })), /wakeWord\.phrases/);
    assert.match(await errorOf(await guimi.send("settings", "PATCH", { wakeWord: { enabled: true, extra: 1 } })), /wakeWord/);
    assert.deepEqual(guimi.app.settings.get().wakeWord, { enabled: false, phrases: [] });

    const saved = await guimi.send("settings", "PATCH", { wakeWord: { enabled: true, phrases: [" 阿宝 "] } });
    assert.equal(saved.status, 200);
    assert.deepEqual(((await saved.json()) as { wakeWord: unknown }).wakeWord, { enabled: true, phrases: ["阿宝"] });
    // Switched on without the model: stored, and status says it is not active and how to install it.
    wake = await guimi.wake();
    assert.equal(wake.enabled, true);
    assert.equal(wake.installed, false);
    assert.equal(wake.state, "model-not-installed");
    assert.match(wake.reason ?? "", /model not installed: run guimi model pull kws-zipformer-wenetspeech-3\.3m/);
    assert.deepEqual(wake.phrases, ["小蜜小蜜", "阿宝"]);

    // A restart reads it back from the database file.
    await guimi.stop();
    guimi = await running(temp.dir);
    assert.deepEqual(guimi.app.settings.get().wakeWord, { enabled: true, phrases: ["阿宝"] });
    assert.equal((await guimi.wake()).state, "model-not-installed");

    // A live session follows the setting: the same clear error; told not to use the wake word, it listens.
    guimi.app.settings.update({ sensors: { microphone: true } });
    const output = { event: () => undefined, audio: () => undefined };
    assert.throws(
      () => guimi.app.voice.liveSession(output),
      (e: Error) => e instanceof ModelNotInstalledError && /guimi model pull kws-zipformer/.test(e.message),
    );

    // Her persona's new name becomes the first phrase.
    const persona = (await (await guimi.send("persona")).json()) as { name: { zh: string; en: string } };
    assert.equal((await guimi.send("persona", "PUT", { ...persona, name: { ...persona.name, zh: "阿宝" } })).status, 200);
    assert.deepEqual((await guimi.wake()).phrases, ["阿宝阿宝", "阿宝"]);
  } finally {
    await guimi.stop();
    temp.cleanup();
  }
});

test("with the model's files present, status checks every phrase against its tokens before anything loads", async () => {
  const temp = makeTempDir();
  const guimi = await running(temp.dir);
  try {
    const model = findVoiceModel(WAKE_WORD_MODEL_ID)!;
    const dir = voiceModelDir(guimi.app.paths.models, WAKE_WORD_MODEL_ID);
    mkdirSync(dir, { recursive: true });
    for (const file of model.files) writeFileSync(join(dir, file), "");
    // A tokens file without "ā": 阿宝 (ā b ǎo) cannot be spotted.
    const tokens = ["<blk>", "x", "iǎo", "m", "ì", "b", "ǎo"];
    writeFileSync(join(dir, "tokens.txt"), tokens.map((t, i) => `${t} ${i}`).join("\n"));
    guimi.app.settings.update({ wakeWord: { enabled: true, phrases: ["阿宝"] } });
    let wake = await guimi.wake();
    assert.equal(wake.installed, true);
    assert.equal(wake.state, "error");
    assert.match(wake.reason ?? "", /阿宝.*no token ā/);

    writeFileSync(join(dir, "tokens.txt"), [...tokens, "ā"].map((t, i) => `${t} ${i}`).join("\n"));
    wake = await guimi.wake();
    assert.equal(wake.state, "microphone-off");
    guimi.app.settings.update({ sensors: { microphone: true } });
    wake = await guimi.wake();
    assert.equal(wake.state, "ready");
    assert.equal(wake.loaded, false, "nothing in the daemon loads the spotter; `guimi listen` does");
    assert.equal(wake.reason, undefined);
  } finally {
    await guimi.stop();
    temp.cleanup();
  }
});
