// The LanguageModel contract: what the conversation relies on, run against every adapter (node-llama-cpp with
// the tiny real model, the OpenAI-compatible client against a loopback server, and the shipped mock).
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import type { LanguageModel } from "./language-model.js";
import { createTurnTools } from "./tool-calling.js";

export interface ContractSubject {
  model: LanguageModel;
  /** Whether a reply runs long enough to be stopped mid-way (the subject streams at least ~20 pieces). */
  streamsLong: boolean;
}

export function languageModelContract(name: string, open: () => Promise<ContractSubject>, close: () => Promise<void>): void {
  const run = (title: string, body: (subject: ContractSubject) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const subject = await open();
      try {
        await body(subject);
      } finally {
        await close();
      }
    });

  run("a reply streams deltas that add up to its text, and both turns join the history", async ({ model }) => {
    const chat = await model.openChat({ systemPrompt: "You are a friend." });
    const deltas: string[] = [];
    const result = await chat.reply("hello", { maxTokens: 16, onDelta: (d) => deltas.push(d) });
    assert.ok(["stop", "length"].includes(result.finish));
    assert.equal(deltas.join(""), result.text);
    assert.deepEqual(
      chat.history().map((t) => t.role),
      ["user", "assistant"],
    );
    assert.equal(chat.history()[0]?.text, "hello");
    chat.dispose();
  });

  run("an aborted reply finishes as cancelled, keeping what was said", async ({ model, streamsLong }) => {
    const chat = await model.openChat({ systemPrompt: "You are a friend." });
    const controller = new AbortController();
    let pieces = 0;
    const result = await chat.reply("tell me a long story", {
      maxTokens: 200,
      signal: controller.signal,
      onDelta: () => {
        if (++pieces === 2) controller.abort();
      },
    });
    if (streamsLong) assert.equal(result.finish, "cancelled");
    assert.ok(result.text.length > 0 || result.finish !== "cancelled" || pieces <= 2);
    chat.dispose();
  });

  run("an already aborted signal generates nothing more than a cancelled reply", async ({ model }) => {
    const chat = await model.openChat({ systemPrompt: "You are a friend." });
    const controller = new AbortController();
    controller.abort();
    const result = await chat.reply("hi", { maxTokens: 16, signal: controller.signal });
    assert.equal(result.finish, "cancelled");
    chat.dispose();
  });

  run("a required tool call runs through the turn's tools, failures included, and the turn still ends in words", async ({ model }) => {
    const ran: unknown[] = [];
    const tools = createTurnTools([
      {
        name: "note_down",
        description: "Write a short note.",
        input: z.object({ text: z.string().max(40) }).strict(),
        run: (input) => (ran.push(input), { saved: true }),
      },
      {
        name: "fail_loudly",
        description: "Always fails.",
        input: z.object({}).strict(),
        run: () => {
          throw new Error("this tool is broken");
        },
      },
    ])!;
    const chat = await model.openChat({ systemPrompt: "You are a friend who can take notes." });
    const result = await chat.reply("please note down: buy milk", { maxTokens: 48, tools: { ...tools, choice: "required", maxRounds: 2 } });
    assert.ok(["stop", "length"].includes(result.finish));
    assert.ok((result.toolCalls?.length ?? 0) >= 1, "the forced call was made");
    assert.ok(result.toolCalls!.length <= 3, "rounds are bounded");
    const first = result.toolCalls![0]!;
    assert.ok(first.name === "note_down" ? first.ok === ran.length > 0 : first.ok === false && /broken/.test(first.error ?? ""), JSON.stringify(first));
    assert.deepEqual(
      chat.history().map((t) => t.role),
      ["user", "assistant"],
    );
    const plain = await chat.reply("thanks", { maxTokens: 8 });
    assert.equal(plain.toolCalls, undefined, "no tools offered, none called");
    chat.dispose();
  });

  run("history can be restored and replaced (compaction)", async ({ model }) => {
    const chat = await model.openChat({
      systemPrompt: "You are a friend.",
      history: [
        { role: "user", text: "my cat is called Mochi" },
        { role: "assistant", text: "Mochi is a lovely name" },
      ],
    });
    assert.equal(chat.history().length, 2);
    await chat.setHistory("She has a cat called Mochi.", [
      { role: "user", text: "hi again" },
      { role: "assistant", text: "hello!" },
    ]);
    assert.deepEqual(
      chat.history().map((t) => t.text),
      ["hi again", "hello!"],
    );
    const usage = chat.usage();
    assert.ok(usage >= 0 && usage <= 1);
    await chat.reply("and now?", { maxTokens: 4 });
    assert.equal(chat.history().length, 4);
    chat.dispose();
  });
}
