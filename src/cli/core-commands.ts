// guimi start | chat | say | status | data ledger | data export | data erase (pairing: pair-commands.ts)
import { createInterface } from "node:readline";
import { createWriteStream, renameSync, rmSync } from "node:fs";
import { once } from "node:events";
import { Option, type Command } from "commander";
import { z } from "zod";
import type { CliContext } from "./main.js";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, findRunningDaemon, guardProcess } from "../server/daemon.js";
import { daemonClient, inProcessClient, sendOverHttp, type ChatClient } from "./chat-client.js";
import { dataPaths, loadConfig } from "../config/config.js";
import { GuimiError, InputError } from "../errors.js";
import { chooseModel } from "../models/model-catalog.js";
import { MAX_MESSAGE_CHARS, type TurnEvent } from "../conversation/conversation-service.js";
import { routeModules } from "../server/route-modules.js";

const portSchema = z.coerce.number().int().min(0).max(65535);

export function parsePort(value: string, flag = "--port"): number {
  const parsed = portSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`${flag}: expected a number from 0 to 65535, got "${value}"`);
  return parsed.data;
}

function checkText(text: string): string {
  if (text.trim().length === 0) throw new InputError("text: must not be empty");
  if (text.length > MAX_MESSAGE_CHARS) throw new InputError(`text: longer than ${MAX_MESSAGE_CHARS} characters`);
  return text;
}

function describeModel(app: GuimiApp): string {
  const state = app.modelState();
  switch (state.state) {
    case "none":
      return "no conversation model installed (run `guimi model pull`) / 还没有安装聊天模型";
    case "loading":
      return `loading ${state.id}…`;
    case "ready":
      return `${state.id}${state.threads ? ` (${state.threads} thread${state.threads > 1 ? "s" : ""}, loaded in ${state.loadMs} ms)` : ""}`;
    case "error":
      return `${state.id} failed to load: ${state.error}`;
  }
}

export function registerCoreCommands(program: Command, ctx: CliContext): void {
  program
    .command("start")
    .description("start the daemon: API, WebSocket and the touchscreen page / 启动小蜜")
    .addOption(new Option("--port <n>", "port to listen on (default 7420, 0 = any free port)"))
    .addOption(new Option("--host <address>", "address to listen on (default 127.0.0.1: this device only)"))
    .addOption(new Option("--mqtt-port <n>", "port of the embedded MQTT broker (default 1883, 0 = any free port)"))
    .addOption(new Option("--mqtt-url <url>", "use this MQTT broker instead of the embedded one (mqtt://host:1883)"))
    .action(async (options: { port?: string; host?: string; mqttPort?: string; mqttUrl?: string }) => {
      const port = options.port === undefined ? undefined : parsePort(options.port);
      const mqttPort = options.mqttPort === undefined ? undefined : parsePort(options.mqttPort, "--mqtt-port");
      if (options.mqttUrl !== undefined && !/^(mqtts?|wss?):\/\/\S+$/.test(options.mqttUrl))
        throw new InputError(`--mqtt-url: expected mqtt://host:port (or mqtts://, ws://, wss://), got "${options.mqttUrl}"`);
      const running = await findRunningDaemon(dataPaths(ctx.dataDir()).daemon);
      if (running) throw new InputError(`Guimi is already running for this data dir at ${running.url} (pid ${running.pid})`);
      // A stray failure in background work (a sensor, a timer, a socket) is logged; it never takes the device down.
      guardProcess();
      const app = await createGuimiApp({
        dataDir: ctx.dataDir(),
        model: ctx.model(),
        mqtt: { ...(mqttPort !== undefined ? { port: mqttPort } : {}), ...(options.mqttUrl ? { url: options.mqttUrl } : {}) },
      });
      const daemon = await startDaemon(app, {
        host: options.host ?? app.config.server.host,
        port: port ?? app.config.server.port,
        modules: routeModules,
      });
      ctx.stdout.write(
        `小蜜已经醒啦 · Guimi is up\n  touchscreen page: ${daemon.url}\n  API: ${daemon.url}api/v1/openapi.json\n  data: ${app.paths.dataDir}\n`,
      );
      const listening = options.host ?? app.config.server.host;
      if (!["127.0.0.1", "::1", "localhost"].includes(listening))
        ctx.stdout.write("  other devices: pair each one with `guimi pair --name phone --qr` (a token per device) / 其他设备请先配对\n");
      app.startBackground();
      await app.modelReady;
      ctx.stdout.write(`  model: ${describeModel(app)}\n`);
      const bus = (
        app.capabilities.find((c) => c.name === "home")?.status?.() as { mqtt?: { state: string; url?: string; deviceId: string; error?: string } } | undefined
      )?.mqtt;
      if (bus)
        ctx.stdout.write(
          `  home bus: ${bus.url ? `${bus.url} (${bus.state}), topics guimi/${bus.deviceId}/…` : `${bus.state}${bus.error ? `: ${bus.error}` : ""}`}\n`,
        );
      void app
        .warmUp()
        .then(() => app.conversation.warm())
        .catch(() => undefined);
      await new Promise<void>((resolve) => {
        const shutdown = () => resolve();
        process.once("SIGINT", shutdown);
        process.once("SIGTERM", shutdown);
      });
      ctx.stdout.write("晚安 · stopping\n");
      await daemon.stop();
      await app.close();
    });

  program
    .command("say")
    .description("one turn, for scripts / 说一句话")
    .argument("<text>", "what to say")
    .option("--json", "print the turn as JSON")
    .option("--conversation <id>", "conversation id (default: default)")
    .action(async (text: string, options: { json?: boolean; conversation?: string }) => {
      checkText(text);
      const daemon = await findRunningDaemon(dataPaths(ctx.dataDir()).daemon);
      const streamOut = (event: TurnEvent) => {
        if (!options.json && event.type === "reply-delta") ctx.stdout.write(event.text);
      };
      let result;
      if (daemon) result = await sendOverHttp(daemon, text, options.conversation, streamOut);
      else {
        const app = await createGuimiApp({ dataDir: ctx.dataDir(), model: ctx.model() });
        try {
          result = await app.conversation.turn({ text, conversationId: options.conversation }, streamOut);
        } finally {
          await app.close();
        }
      }
      ctx.stdout.write(options.json ? JSON.stringify(result) + "\n" : "\n");
    });

  program
    .command("chat")
    .description("talk with Guimi in the terminal / 在终端里聊天")
    .option("--conversation <id>", "conversation id (default: default)")
    .action(async (options: { conversation?: string }) => {
      const daemon = await findRunningDaemon(dataPaths(ctx.dataDir()).daemon);
      let client: ChatClient;
      let name = "小蜜";
      if (daemon) client = await daemonClient(daemon);
      else {
        const app = await createGuimiApp({ dataDir: ctx.dataDir(), model: ctx.model() });
        name = app.persona().name.zh;
        await app.modelReady;
        ctx.stdout.write(`(${describeModel(app)})\n`);
        client = inProcessClient(app);
        app.startBackground();
        app.bus.on("care-message", (message) => ctx.stdout.write(`\n${name}：${message.text}\n> `));
      }
      ctx.stdout.write(
        `和${name}聊天吧 · chatting${client.where === "daemon" ? " via the running daemon" : ""}. Ctrl-C stops a reply; /exit or Ctrl-D leaves.\n`,
      );
      const rl = createInterface({ input: ctx.stdin, output: ctx.stdout, terminal: Boolean((ctx.stdin as { isTTY?: boolean }).isTTY) });
      client.onOtherMessage?.((text) => ctx.stdout.write(`\n${name}：${text}\n> `));
      let replying = false;
      rl.on("SIGINT", () => {
        if (replying) client.stop(options.conversation);
        else rl.close();
      });
      rl.setPrompt("> ");
      rl.prompt();
      const lines = rl[Symbol.asyncIterator]();
      for (;;) {
        const next = await lines.next();
        if (next.done) break;
        const text = next.value.trim();
        if (text === "/exit" || text === "/quit") break;
        if (!text) {
          rl.prompt();
          continue;
        }
        if (text.length > MAX_MESSAGE_CHARS) {
          ctx.stdout.write(`(too long: at most ${MAX_MESSAGE_CHARS} characters)\n`);
          rl.prompt();
          continue;
        }
        replying = true;
        ctx.stdout.write(`${name}：`);
        try {
          const result = await client.send(text, options.conversation, (event) => {
            if (event.type === "reply-delta") ctx.stdout.write(event.text);
          });
          if (result.finish === "cancelled") ctx.stdout.write(" …(stopped)");
        } catch (error) {
          ctx.stdout.write(`(${(error as Error).message})`);
        }
        replying = false;
        ctx.stdout.write("\n");
        rl.prompt();
      }
      rl.close();
      await client.close();
      ctx.stdout.write("拜拜～ bye!\n");
    });

  program
    .command("status")
    .description("what is installed and running / 状态")
    .option("--json", "machine-readable")
    .action(async (options: { json?: boolean }) => {
      const paths = dataPaths(ctx.dataDir());
      const config = loadConfig(paths);
      const model = chooseModel(paths, config, ctx.model());
      const daemon = await findRunningDaemon(paths.daemon);
      // A running daemon knows best which model it loaded (it may have been started with --model).
      let daemonModel: unknown = null;
      if (daemon) {
        try {
          daemonModel = ((await (await fetch(new URL("api/v1/status", daemon.url))).json()) as { model: unknown }).model;
        } catch {
          daemonModel = null;
        }
      }
      const status = {
        dataDir: paths.dataDir,
        daemon: daemon ? { url: daemon.url, pid: daemon.pid, startedAt: daemon.startedAt, model: daemonModel } : null,
        model: model ? { id: model.id, path: model.path, origin: model.origin } : null,
        llmProvider: config.llm.provider,
        outbound: config.outbound,
      };
      if (options.json) ctx.stdout.write(JSON.stringify(status) + "\n");
      else {
        ctx.stdout.write(`data dir : ${status.dataDir}\n`);
        ctx.stdout.write(`daemon   : ${daemon ? `running at ${daemon.url} (pid ${daemon.pid})` : "not running (guimi start)"}\n`);
        const loaded = daemonModel as { state?: string; id?: string } | null;
        if (loaded?.state && loaded.state !== "none") ctx.stdout.write(`model    : ${loaded.id} (${loaded.state}, in the daemon)\n`);
        else ctx.stdout.write(`model    : ${model ? `${model.id} (${model.path})` : "none installed (guimi model pull)"}\n`);
        ctx.stdout.write(`llm      : ${config.llm.provider}\n`);
        ctx.stdout.write(
          `outbound : ${Object.entries(config.outbound)
            .map(([k, v]) => `${k} ${v ? "on" : "off"}`)
            .join(", ")}\n`,
        );
      }
    });

  const data = program.command("data").description("what Guimi keeps and sends / 我的数据");
  data
    .command("ledger")
    .description("every outbound connection: when, where, why, how many bytes / 出站记录")
    .option("--json", "machine-readable")
    .option("--limit <n>", "how many, newest first", "50")
    .action(async (options: { json?: boolean; limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InputError("--limit: expected a whole number from 1 to 1000");
      const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
      try {
        const entries = app.outbound.ledger({ limit });
        if (options.json) ctx.stdout.write(JSON.stringify(entries) + "\n");
        else if (entries.length === 0) ctx.stdout.write("no outbound connections yet · 还没有任何出站连接\n");
        else
          for (const e of entries)
            ctx.stdout.write(
              `${e.at}  ${e.outcome.padEnd(7)} ${e.purpose.padEnd(13)} ${e.method} ${e.destination}  sent ${e.bytesSent} B, received ${e.bytesReceived} B  [${e.dataCategory}]\n`,
            );
      } finally {
        await app.close();
      }
    });

  data
    .command("export")
    .description("everything Guimi keeps, as one JSON archive (stdout, or --out file) / 导出我的数据")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (options: { out?: string }) => {
      const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
      try {
        await writeChunks(app.data.exportJson(app.now()), options.out, ctx.stdout);
        if (options.out) ctx.stderr.write(`exported to ${options.out} · 已导出\n`);
      } finally {
        await app.close();
      }
    });
  data
    .command("erase")
    .description('erase everything Guimi keeps (asks first; --confirm "erase everything" to skip the question) / 清除全部数据')
    .option("--confirm <phrase>", 'type exactly "erase everything"')
    .action(async (options: { confirm?: string }) => {
      const phrase = "erase everything";
      let answer = options.confirm;
      if (answer === undefined) {
        if (!(ctx.stdin as { isTTY?: boolean }).isTTY)
          throw new InputError(`--confirm: erasing everything needs --confirm "${phrase}" (or run it in a terminal and type it)`);
        const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
        answer = await new Promise<string>((resolve) =>
          rl.question(`这会删除小蜜记得的一切，无法恢复。输入 "${phrase}" 确认 / This deletes everything, for good. Type "${phrase}" to confirm: `, resolve),
        );
        rl.close();
      }
      if (answer.trim() !== phrase) throw new InputError(`--confirm: not erased — expected exactly "${phrase}" / 没有删除`);
      // A running daemon erases through its API, so its caches forget too.
      const running = await findRunningDaemon(dataPaths(ctx.dataDir()).daemon);
      let erased: Record<string, number>;
      if (running) {
        const response = await fetch(new URL("api/v1/data/erase", running.url), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ confirm: phrase }),
        });
        if (!response.ok) throw new GuimiError(`the daemon refused: ${response.status} ${await response.text()}`, "unavailable");
        erased = ((await response.json()) as { erased: Record<string, number> }).erased;
      } else {
        const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
        try {
          erased = app.data.eraseEverything();
        } finally {
          await app.close();
        }
      }
      const total = Object.values(erased).reduce((a, b) => a + b, 0);
      ctx.stdout.write(
        `已全部删除 · erased ${total} item(s): ${Object.entries(erased)
          .map(([k, n]) => `${k} ${n}`)
          .join(", ")}\n`,
      );
    });
}

/** Writes chunks with backpressure; a file is written beside and renamed, so a failed export leaves none. */
async function writeChunks(chunks: Iterable<string>, file: string | undefined, stdout: NodeJS.WritableStream): Promise<void> {
  const temp = file ? `${file}.partial` : undefined;
  const out = temp ? createWriteStream(temp, { mode: 0o600 }) : stdout;
  if (temp) {
    try {
      await once(out, "open");
    } catch (error) {
      throw new InputError(`--out: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  try {
    for (const chunk of chunks) if (!out.write(chunk)) await once(out, "drain");
    if (!out.write("\n")) await once(out, "drain");
    if (temp) {
      await new Promise<void>((resolve, reject) =>
        (out as ReturnType<typeof createWriteStream>).end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      renameSync(temp, file!);
    }
  } catch (error) {
    if (temp) {
      (out as ReturnType<typeof createWriteStream>).destroy();
      rmSync(temp, { force: true });
    }
    throw error;
  }
}
