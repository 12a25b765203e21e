// CLI commands of the capabilities: guimi remind | emotion | memory | face.
import type { Command } from "commander";
import type { CliContext } from "./main.js";
import { createGuimiApp } from "../app/guimi-app.js";

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
}
