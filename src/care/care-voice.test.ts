// The persona voice for care: a mock model rephrases; good rephrases are said, bad ones (wrong
// language, length, lost facts, new offers, too slow) fall back to the template.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChatContext, LanguageModel, StreamResult } from "../conversation/language-model.js";
import { defaultPersona } from "../conversation/persona.js";
import { checkRephrase, createCareVoice, keyFacts } from "./care-voice.js";

/** A model that answers every rephrase with `reply` (after `delayMs`), and records what it was asked. */
function mockModel(reply: string | ((text: string) => string), options: { delayMs?: number; finish?: StreamResult["finish"]; fail?: boolean } = {}) {
  const asked: { system: string; text: string }[] = [];
  let disposed = 0;
  const model: LanguageModel = {
    id: "mock",
    async openChat({ systemPrompt }) {
      if (options.fail) throw new Error("out of memory");
      const chat: ChatContext = {
        async reply(text, stream) {
          asked.push({ system: systemPrompt, text });
          await new Promise<void>((resolve, reject) => {
            const t = setTimeout(resolve, options.delayMs ?? 0);
            stream?.signal?.addEventListener("abort", () => {
              clearTimeout(t);
              reject(new Error("aborted"));
            });
          });
          const out = typeof reply === "function" ? reply(text) : reply;
          return { text: out, finish: options.finish ?? "stop", tokens: out.length };
        },
        usage: () => 0,
        async setHistory() {},
        history: () => [],
        dispose: () => void disposed++,
      };
      return chat;
    },
    async generateJson() {
      throw new Error("not used");
    },
    async dispose() {},
  };
  return { model, asked, disposed: () => disposed };
}

const alarm = "闹钟定在明早六点半呢，现在睡还能睡够8小时，快去洗漱吧～";

test("a good rephrase in her persona's voice is said; the prompt carries the persona's style", async () => {
  const mock = mockModel("宝，闹钟定的明早六点半哦，现在睡还能睡满8小时，快去洗漱啦～");
  const voice = createCareVoice({ model: () => mock.model, persona: () => defaultPersona });
  const out = await voice({ rule: "early-alarm-bedtime", text: alarm, lang: "zh", keep: ["六点半"] });
  assert.equal(out.source, "model");
  assert.match(out.text, /^宝/);
  assert.match(mock.asked[0]!.system, /像认识多年的闺蜜/);
  assert.equal(mock.asked[0]!.text, alarm);
  assert.equal(mock.disposed(), 1, "the chat context is let go");
});

test("rejected rephrases keep the template: wrong language, too long, too short, lost facts, new offers or numbers, gibberish", async () => {
  const cases: [string, string, string | RegExp][] = [
    ["Your alarm is at six thirty, go to bed now please, you will get 8 hours.", alarm, "not Chinese"],
    ["闹钟六点半，8小时。".repeat(8), alarm, "too long"],
    ["六点半8", alarm, "too short"],
    ["闹钟定在明早呢，现在睡还能睡够8小时，快去洗漱吧宝贝～", alarm, /lost "六点半"/],
    ["闹钟定在明早六点半，睡够8小时，我给你放首歌助眠吧～", alarm, "adds an offer"],
    ["闹钟定在明早六点半，现在睡还能睡够9小时，快去洗漱吧～", alarm, /lost "8"|new number/],
    ["哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈", alarm, /repetitive|lost/],
  ];
  for (const [candidate, template, why] of cases) {
    const check = checkRephrase(template, candidate, "zh", ["六点半"]);
    assert.equal(check.ok, false, candidate);
    if (!check.ok) assert.match(check.why, typeof why === "string" ? new RegExp(why) : why, candidate);
  }
  // The help line may never be lost from a crisis check-in (when a rule lets it be rephrased at all).
  const crisis = "想来看看你，今天怎么样？如果现在很难受，可以随时打全国心理援助热线 400-161-9995，会有人认真听你说。";
  const lost = checkRephrase(crisis, "想来看看你呀，今天还好吗？难受的话随时找我，我一直都在，会有人认真听你说的。", "zh");
  assert.deepEqual(lost, { ok: false, why: 'lost "400-161-9995"' });
  assert.deepEqual(keyFacts(crisis), ["400-161-9995"]);
  // English must stay English.
  assert.equal(checkRephrase("Up at 6:30 am tomorrow! If you sleep now you'll still get 8 hours.", "明天6:30起床，8小时", "en").ok, false);
  assert.equal(
    checkRephrase(
      "Up at 6:30 am tomorrow! If you sleep now you'll still get 8 hours.",
      "Hey, it's 6:30 am tomorrow — sleep now and you still get 8 hours!",
      "en",
    ).ok,
    true,
  );
});

test("the voice falls back to the template: gibberish, over the time budget, over the token budget, model errors, no model", async () => {
  const template = { rule: "early-alarm-bedtime", text: alarm, lang: "zh" as const, keep: ["六点半"] };
  const gibberish = await createCareVoice({ model: () => mockModel("blah ▁▁ tokens 0x3f <s>").model, persona: () => defaultPersona })(template);
  assert.deepEqual([gibberish.source, gibberish.text], ["template", alarm]);
  const slow = mockModel("宝，闹钟定的明早六点半哦，现在睡还能睡满8小时，快去洗漱啦～", { delayMs: 500 });
  const started = Date.now();
  const late = await createCareVoice({ model: () => slow.model, persona: () => defaultPersona, timeoutMs: 50 })(template);
  assert.deepEqual([late.source, late.why], ["template", "over the time budget"]);
  assert.ok(Date.now() - started < 400, "does not wait for the model");
  const long = await createCareVoice({
    model: () => mockModel("宝，闹钟定的明早六点半哦，现在睡还能睡满8小时", { finish: "length" }).model,
    persona: () => defaultPersona,
  })(template);
  assert.equal(long.why, "over the token budget");
  const broken = await createCareVoice({ model: () => mockModel("", { fail: true }).model, persona: () => defaultPersona })(template);
  assert.match(broken.why ?? "", /model error/);
  const none = await createCareVoice({ model: () => null, persona: () => defaultPersona })(template);
  assert.deepEqual([none.source, none.why, none.ms], ["template", "no model", 0]);
  // Crisis check-ins are said as written unless a caller asks otherwise.
  const asked = mockModel("x");
  const crisis = await createCareVoice({ model: () => asked.model, persona: () => defaultPersona })({
    rule: "crisis-check-in",
    text: "……400-161-9995",
    lang: "zh",
    keep: [],
  });
  assert.equal(crisis.source, "template");
  assert.equal(asked.asked.length, 0);
});

test("with the tiny random model (real llama.cpp), its gibberish is rejected and the template kept", async () => {
  const { loadLlamaLanguageModel } = await import("../conversation/llama-language-model.js");
  const { tinyModelPath } = await import("../testing/paths.js");
  const model = await loadLlamaLanguageModel({ modelPath: tinyModelPath, contextSize: 1024, threads: 1, gpu: "off" });
  try {
    const outcomes: string[] = [];
    const voice = createCareVoice({ model: () => model, persona: () => defaultPersona, timeoutMs: 3000, onOutcome: (o) => outcomes.push(o.rule) });
    const out = await voice({ rule: "early-alarm-bedtime", text: alarm, lang: "zh", keep: ["六点半"] });
    assert.equal(out.source, "template");
    assert.equal(out.text, alarm);
    assert.ok(out.why && out.why !== "no model", out.why);
    assert.deepEqual(outcomes, ["early-alarm-bedtime"]);
  } finally {
    await model.dispose();
  }
});

test("a rephrase that is plainly not her language is stopped after its first few tokens", async () => {
  let streamed = 0;
  let aborted = false;
  const model: LanguageModel = {
    id: "streaming-mock",
    async openChat() {
      return {
        async reply(_text, stream) {
          stream?.signal?.addEventListener("abort", () => (aborted = true));
          let text = "";
          // Gibberish, one token every 20 ms, up to 100 tokens (2 s) unless stopped.
          for (let i = 0; i < 100 && !stream?.signal?.aborted; i++) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            const piece = " blah";
            text += piece;
            streamed++;
            stream?.onDelta?.(piece);
          }
          return { text, finish: stream?.signal?.aborted ? "cancelled" : "stop", tokens: streamed };
        },
        usage: () => 0,
        async setHistory() {},
        history: () => [],
        dispose() {},
      } satisfies ChatContext;
    },
    async generateJson() {
      throw new Error("not used");
    },
    async dispose() {},
  };
  const out = await createCareVoice({ model: () => model, persona: () => defaultPersona })({ rule: "early-alarm-bedtime", text: alarm, lang: "zh", keep: [] });
  assert.deepEqual([out.source, out.why, out.text], ["template", "not Chinese", alarm]);
  assert.ok(aborted);
  assert.ok(streamed < 10, `stopped after ${streamed} tokens`);
});
