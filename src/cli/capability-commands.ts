// CLI commands of the capabilities: guimi remind | emotion | memory | face.
import type { Command } from "commander";
import type { CliContext } from "./main.js";
import { createGuimiApp } from "../app/guimi-app.js";
import { timeZoneOffsetMinutes } from "../kernel/time-zone-offset.js";
import { dataPaths, ensureDataDir } from "../config/config.js";
import { defaultPersona, loadPersona, parsePersona, savePersona, type Persona } from "../conversation/persona.js";
import { findRunningDaemon } from "../server/daemon.js";
import { GuimiError, InputError } from "../errors.js";

const personaKeys = ["name.zh", "name.en", "style.zh", "style.en", "avoidTopics", "boundaries"] as const;

/** Applies `guimi persona set <key> <value>`; lists are comma-separated. */
export function setPersonaField(persona: Persona, key: string, value: string): Persona {
  const list = () =>
    value
      .split(/[,，、]/u)
      .map((v) => v.trim())
      .filter(Boolean);
  switch (key) {
    case "name.zh":
    case "name.en":
      return parsePersona({ ...persona, name: { ...persona.name, [key.slice(5)]: value } }, "persona");
    case "style.zh":
    case "style.en":
      return parsePersona({ ...persona, style: { ...persona.style, [key.slice(6)]: value } }, "persona");
    case "avoidTopics":
    case "boundaries":
      return parsePersona({ ...persona, [key]: list() }, "persona");
    default:
      throw new InputError(`key: one of ${personaKeys.join(", ")}`);
  }
}

/** Everything after the subcommand name, as the user typed it (flags included). */
function rawArgs(command: Command): string[] {
  return command.args;
}

export function registerCapabilityCommands(program: Command, ctx: CliContext): void {
  program
    .command("remind")
    .description('reminders: guimi remind "明天下午三点提醒我给妈妈打电话" | list | cancel <id> | done <id> | snooze <id> <min> | export | import <file.ics>')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .argument("[args...]")
    .action(async (_args: string[], _options: unknown, command: Command) => {
      const { runRemindCommand } = await import("../reminders/remind-command.js");
      const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
      try {
        ctx.exitCode = runRemindCommand(rawArgs(command), {
          db: app.db,
          now: app.now(),
          timeZone: app.timeZone(),
          output: (text) => ctx.stdout.write(text),
          error: (text) => ctx.stderr.write(text),
        });
      } finally {
        await app.close();
      }
    });

  program
    .command("emotion")
    .description("how a sentence feels: label, scores, valence, arousal, crisis; without text, one utterance per stdin line")
    .argument("[text]")
    .option("--json", "one JSON object per line")
    .action(async (text: string | undefined, options: { json?: boolean }) => {
      const { runEmotionCommand } = await import("../perception/text-emotion/emotion-command.js");
      ctx.exitCode = await runEmotionCommand({ text, json: Boolean(options.json), input: ctx.stdin, output: ctx.stdout });
    });

  program
    .command("memory")
    .description(
      'what Guimi remembers: guimi memory list | search "<q>" [--k 10] [--json] | add "<text>" | edit <id> "<text>" | forget <id> | import [--json] [--with-model] < log.jsonl',
    )
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .argument("[args...]")
    .action(async (_args: string[], _options: unknown, command: Command) => {
      const { runMemoryCommand } = await import("../memory/memory-command.js");
      // `--with-model`: the conversation model reads the log too (slower; rules alone otherwise).
      const args = rawArgs(command);
      const withModel = args.includes("--with-model");
      const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: !withModel, model: ctx.model() });
      try {
        await app.modelReady;
        const model = app.languageModel();
        if (withModel && !model) throw new GuimiError("--with-model: no conversation model is installed (guimi model pull)", "unavailable");
        ctx.exitCode = await runMemoryCommand(
          args.filter((a) => a !== "--with-model"),
          {
            ...(model ? { model } : {}),
            db: app.db,
            now: app.now(),
            input: ctx.stdin as AsyncIterable<Buffer>,
            output: ctx.stdout,
            errorOutput: ctx.stderr,
            tzOffsetMinutes: timeZoneOffsetMinutes(app.timeZone(), app.now()),
          },
        );
      } finally {
        await app.close();
      }
    });

  program
    .command("face")
    .description("facial expression in an image (processed in memory, never stored)")
    .argument("<image>", "a JPEG or PNG file")
    .option("--json", 'print {"faces":[{"label","scores","box"}]}')
    .option("--detector <name>", "ssd (default) or tiny")
    .action(async (imagePath: string, options: { json?: boolean; detector?: string }) => {
      if (options.detector && options.detector !== "ssd" && options.detector !== "tiny") {
        ctx.stderr.write("--detector: expected ssd or tiny\n");
        ctx.exitCode = 2;
        return;
      }
      const { runFaceCommand } = await import("../perception/face/face-command.js");
      ctx.exitCode = await runFaceCommand({
        imagePath,
        json: Boolean(options.json),
        output: ctx.stdout,
        errorOutput: ctx.stderr,
        ...(options.detector ? { detector: options.detector as "ssd" | "tiny" } : {}),
      });
    });

  program
    .command("simulate")
    .description("run the real engine (care, reminders, fast-path replies) on a virtual clock over a JSONL timeline from stdin")
    .option("--json", "one JSON object per output line")
    .action(async (options: { json?: boolean }) => {
      const { runSimulateCommand } = await import("./simulate-command.js");
      ctx.exitCode = await runSimulateCommand({
        input: ctx.stdin as AsyncIterable<Buffer>,
        output: ctx.stdout,
        error: ctx.stderr,
        json: Boolean(options.json),
      });
    });

  const persona = program.command("persona").description("who Guimi is: name, style, topics to avoid, boundaries / 人设");
  const writePersona = async (next: Persona) => {
    const paths = dataPaths(ctx.dataDir());
    ensureDataDir(paths);
    const daemon = await findRunningDaemon(paths.daemon);
    if (daemon) {
      // The running daemon saves it and starts using it at once.
      const response = await fetch(new URL("api/v1/persona", daemon.url), {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(next),
      });
      if (!response.ok) throw new InputError(((await response.json()) as { error: { message: string } }).error.message);
    } else savePersona(paths.persona, next);
  };
  persona
    .command("show")
    .option("--json", "machine-readable")
    .action((options: { json?: boolean }) => {
      const current = loadPersona(dataPaths(ctx.dataDir()).persona);
      if (options.json) ctx.stdout.write(JSON.stringify(current) + "\n");
      else
        ctx.stdout.write(
          `name.zh      ${current.name.zh}\nname.en      ${current.name.en}\nstyle.zh     ${current.style.zh}\nstyle.en     ${current.style.en}\n` +
            `avoidTopics  ${current.avoidTopics.join(", ") || "-"}\nboundaries   ${current.boundaries.join(", ") || "-"}\n`,
        );
    });
  persona
    .command("set")
    .description(`change one field: ${personaKeys.join(" | ")} (lists comma-separated)`)
    .argument("<key>")
    .argument("<value>")
    .action(async (key: string, value: string) => {
      const next = setPersonaField(loadPersona(dataPaths(ctx.dataDir()).persona), key, value);
      await writePersona(next);
      ctx.stdout.write(`${key} = ${value}\n`);
    });
  persona
    .command("reset")
    .description("back to the default persona")
    .action(async () => {
      await writePersona(defaultPersona);
      ctx.stdout.write("persona reset / 人设已恢复默认\n");
    });
}
