// The `guimi` command as a user runs it: a real process, a temporary data dir, real exit codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { makeTempDir, projectRoot, tinyModelPath } from "../testing/paths.js";

const bin = join(projectRoot, "bin", "guimi.js");

function guimi(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, GUIMI_MODEL: "", ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("exit codes: 0 on success, 2 on bad input, with a message naming what was wrong", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    assert.equal(guimi(["--help"]).code, 0);
    assert.equal(guimi(["--data-dir", dir, "status"]).code, 0);
    let r = guimi(["--data-dir", dir, "say", ""]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /text: must not be empty/);
    r = guimi(["--data-dir", dir, "start", "--port", "99999"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port/);
    assert.equal(guimi(["no-such-command"]).code, 2);
    assert.equal(guimi(["--data-dir", dir, "model", "pull", "no-such-model"]).code, 2);
    assert.equal(guimi(["--data-dir", dir, "data", "ledger", "--limit", "0"]).code, 2);
    writeFileSync(join(dir, "config.json"), JSON.stringify({ server: { port: "x" } }));
    r = guimi(["--data-dir", dir, "status"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /server\.port/);
  } finally {
    cleanup();
  }
});

test("without a model, `guimi say` answers in persona how to install one; GUIMI_HOME picks the data dir", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const r = guimi(["say", "在吗", "--json"], { GUIMI_HOME: dir });
    assert.equal(r.code, 0, r.stderr);
    const turn = JSON.parse(r.stdout) as { source: string; text: string };
    assert.equal(turn.source, "no-model");
    assert.match(turn.text, /guimi model pull/);
    const status = JSON.parse(guimi(["status", "--json"], { GUIMI_HOME: dir }).stdout) as { dataDir: string; model: unknown };
    assert.equal(status.dataDir, dir);
    assert.equal(status.model, null);
  } finally {
    cleanup();
  }
});

test("`guimi say --model` chats with a given GGUF; `guimi model use` remembers it", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    let r = guimi(["--data-dir", dir, "--model", tinyModelPath, "say", "hello", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { source: string }).source, "llm");
    assert.equal(guimi(["--data-dir", dir, "model", "use", "/nope/missing.gguf"]).code, 2);
    assert.equal(guimi(["--data-dir", dir, "model", "use", tinyModelPath]).code, 0);
    r = guimi(["--data-dir", dir, "say", "hi again", "--json"]);
    assert.equal((JSON.parse(r.stdout) as { source: string }).source, "llm");
  } finally {
    cleanup();
  }
});

/** `guimi start` as a child process; resolves with its URL once it says the model line (fully up). */
async function startDaemonProcess(args: string[]): Promise<{ daemon: ReturnType<typeof spawn>; url: string }> {
  const daemon = spawn(process.execPath, [bin, ...args, "start", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, GUIMI_MODEL: "" },
  });
  let out = "";
  daemon.stdout!.on("data", (chunk) => (out += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon did not start: ${out}`)), 30_000);
    daemon.stdout!.on("data", () => {
      const match = out.match(/model: .*\n/) && out.match(/page: (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return { daemon, url };
}

test("SIGKILL mid-reply loses no stored user message; the cut reply is kept and marked partial", async () => {
  const { dir, cleanup } = makeTempDir();
  try {
    writeFileSync(join(dir, "config.json"), JSON.stringify({ model: { maxReplyTokens: 4000 } }));
    const { daemon, url } = await startDaemonProcess(["--data-dir", dir, "--model", tinyModelPath]);
    const response = await fetch(new URL("api/v1/chat", url), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ text: "讲一个很长很长的故事吧" }),
    });
    const reader = response.body!.getReader();
    let seen = "";
    while (!seen.includes("reply-delta")) seen += new TextDecoder().decode((await reader.read()).value);
    daemon.kill("SIGKILL");
    await new Promise((resolve) => daemon.once("exit", resolve));
    await reader.cancel().catch(() => undefined);

    const db = new Database(join(dir, "guimi.db"), { readonly: true });
    const rows = db.prepare("SELECT role, text, status FROM messages ORDER BY id").all() as { role: string; text: string; status: string }[];
    db.close();
    assert.equal(rows[0]?.role, "user");
    assert.equal(rows[0]?.text, "讲一个很长很长的故事吧");
    assert.equal(rows[1]?.role, "assistant");
    assert.equal(rows[1]?.status, "streaming"); // cut off by the kill…
    // …and on the next start it is recovered as partial.
    const r = guimi(["--data-dir", dir, "say", "我回来啦", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const after = new Database(join(dir, "guimi.db"), { readonly: true });
    const statuses = after.prepare("SELECT role, status FROM messages ORDER BY id").all();
    after.close();
    assert.deepEqual(statuses.slice(0, 3), [
      { role: "user", status: "complete" },
      { role: "assistant", status: "partial" },
      { role: "user", status: "complete" },
    ]);
  } finally {
    cleanup();
  }
});

test("`guimi data export` writes every message (640+) to stdout or --out; `guimi data erase` needs the exact confirmation", async () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const { createGuimiApp } = await import("../app/guimi-app.js");
    const app = await createGuimiApp({ dataDir: dir, withoutModel: true });
    for (let i = 0; i < 650; i++) app.store.add("default", i % 2 ? "assistant" : "user", `第${i}句`, new Date(Date.UTC(2026, 10, 1, 0, i)));
    await app.close();

    type Archive = { format: string; categories: { conversations: { messages: { text: string }[] }[] } };
    let r = guimi(["--data-dir", dir, "data", "export"]);
    assert.equal(r.code, 0, r.stderr);
    const archive = JSON.parse(r.stdout) as Archive;
    assert.equal(archive.format, "guimi-export");
    assert.equal(archive.categories.conversations[0]?.messages.length, 650);
    assert.equal(archive.categories.conversations[0]?.messages[0]?.text, "第0句");
    const file = join(dir, "export.json");
    r = guimi(["--data-dir", dir, "data", "export", "--out", file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(readFileSync(file, "utf8")) as Archive).categories.conversations[0]?.messages.length, 650);
    assert.equal(guimi(["--data-dir", dir, "data", "export", "--out", join(dir, "no", "such", "dir.json")]).code, 2);

    r = guimi(["--data-dir", dir, "data", "erase"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--confirm/);
    assert.equal(guimi(["--data-dir", dir, "data", "erase", "--confirm", "yes"]).code, 2);
    assert.equal((JSON.parse(guimi(["--data-dir", dir, "data", "export"]).stdout) as Archive).categories.conversations[0]?.messages.length, 650);
    r = guimi(["--data-dir", dir, "data", "erase", "--confirm", "erase everything"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /erased 650/);
    assert.equal((JSON.parse(guimi(["--data-dir", dir, "data", "export"]).stdout) as Archive).categories.conversations.length, 0);
  } finally {
    cleanup();
  }
});

test("kill -9 at random moments, 6 times over: every write the API acknowledged is there after each restart, and the database is intact", {
  timeout: 120_000,
}, async () => {
  const { dir, cleanup } = makeTempDir();
  const acked = { messages: [] as string[], reminders: [] as string[], memories: [] as string[] };
  // Seeded, so a failure can be replayed.
  let seed = 20261124;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  try {
    for (let round = 0; round < 6; round++) {
      const { daemon, url } = await startDaemonProcess(["--data-dir", dir]);
      const post = (path: string, body: unknown) =>
        fetch(new URL(`api/v1/${path}`, url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      let killed = false;
      let ackedThisRound = 0;
      let firstAck!: () => void;
      const started = new Promise<void>((resolve) => (firstAck = resolve));
      const ack = <T>(list: T[], value: T) => {
        list.push(value);
        if (++ackedThisRound === 1) firstAck();
      };
      const writer = (async () => {
        for (let i = 0; !killed; i++) {
          const tag = `r${round}-${i}`;
          try {
            if (i % 3 === 0) {
              const r = await post("chat", { text: `第${tag}句话` });
              if (r.ok) ack(acked.messages, `第${tag}句话`);
            } else if (i % 3 === 1) {
              const r = await post("reminders", { title: `task ${tag}`, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
              if (r.ok) ack(acked.reminders, ((await r.json()) as { reminder: { id: string } }).reminder.id);
            } else {
              const r = await post("memories", { text: `my friend ${tag} plays the cello` });
              if (r.ok) {
                const id = ((await r.json()) as { memory: { id: string } | null }).memory?.id;
                if (id) ack(acked.memories, id);
              }
            }
          } catch (error) {
            // The connection died with the process: this write was never acknowledged.
            if (process.env.DEBUG_KILL) console.error(error);
          }
        }
      })();
      // The kill lands at a random moment once writes are flowing (the first turn loads the word lists).
      await started;
      await new Promise((resolve) => setTimeout(resolve, 50 + random() * 1200));
      daemon.kill("SIGKILL");
      await new Promise((resolve) => daemon.once("exit", resolve));
      killed = true;
      await writer;
    }
    assert.ok(acked.messages.length >= 6 && acked.reminders.length >= 6, JSON.stringify({ m: acked.messages.length, r: acked.reminders.length }));

    const db = new Database(join(dir, "guimi.db"), { readonly: true });
    try {
      assert.equal((db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check, "ok");
      const texts = new Set((db.prepare("SELECT text FROM messages WHERE role = 'user'").all() as { text: string }[]).map((r) => r.text));
      for (const text of acked.messages) assert.ok(texts.has(text), `lost message ${text}`);
      const reminders = new Set((db.prepare("SELECT id FROM reminders").all() as { id: string }[]).map((r) => r.id));
      for (const id of acked.reminders) assert.ok(reminders.has(id), `lost reminder ${id}`);
      const memories = new Set((db.prepare("SELECT id FROM memories").all() as { id: string }[]).map((r) => r.id));
      for (const id of acked.memories) assert.ok(memories.has(id), `lost memory ${id}`);
    } finally {
      db.close();
    }
  } finally {
    cleanup();
  }
});

test("package.json exposes the guimi bin", () => {
  const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { bin: Record<string, string> };
  assert.equal(pkg.bin.guimi, "bin/guimi.js");
});

test("`guimi memory import --with-model` lets the conversation model read the log too; without a model it says how to get one", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const line = JSON.stringify({ ref: "m1", speaker: "user", text: "我下周三有面试，有点紧张", at: "2026-03-01T10:00:00+08:00" }) + "\n";
    const run = (args: string[]) =>
      spawnSync(process.execPath, [bin, "--data-dir", dir, ...args], {
        input: line,
        encoding: "utf8",
        env: { ...process.env, GUIMI_MODEL: "" },
        timeout: 60_000,
      });
    const missing = run(["memory", "import", "--with-model"]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /guimi model pull/);
    const done = run(["--model", tinyModelPath, "memory", "import", "--with-model", "--json"]);
    assert.equal(done.status, 0, done.stderr);
    assert.equal((JSON.parse(done.stdout) as { messages: number }).messages, 1);
  } finally {
    cleanup();
  }
});
