// CLI commands of the capabilities: guimi remind | emotion | memory | face.
import type { Command } from "commander";
import type { CliContext } from "./main.js";
import { createGuimiApp } from "../app/guimi-app.js";
import { timeZoneOffsetMinutes } from "../app/time-zone-offset.js";

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
    .description('what Guimi remembers: guimi memory list | search "<q>" [--k 10] [--json] | add "<text>" | edit <id> "<text>" | forget <id> | import [--json] < log.jsonl')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .argument("[args...]")
    .action(async (_args: string[], _options: unknown, command: Command) => {
      const { runMemoryCommand } = await import("../memory/memory-command.js");
      const app = await createGuimiApp({ dataDir: ctx.dataDir(), withoutModel: true });
      try {
        ctx.exitCode = await runMemoryCommand(rawArgs(command), {
          db: app.db,
          now: app.now(),
          input: ctx.stdin as AsyncIterable<Buffer>,
          output: ctx.stdout,
          errorOutput: ctx.stderr,
          tzOffsetMinutes: timeZoneOffsetMinutes(app.timeZone(), app.now()),
        });
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
      ctx.exitCode = await runFaceCommand({ imagePath, json: Boolean(options.json), output: ctx.stdout, errorOutput: ctx.stderr, ...(options.detector ? { detector: options.detector as "ssd" | "tiny" } : {}) });
    });
}
