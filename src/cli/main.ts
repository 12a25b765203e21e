// The `guimi` command line. Exit codes: 0 success, 2 bad input, 1 anything else.
import { Command, CommanderError, Option } from "commander";
import { resolveDataDir } from "../config/config.js";
import { GuimiError } from "../errors.js";
import { VERSION } from "../version.js";
import { registerCoreCommands } from "./core-commands.js";
import { registerModelCommands } from "./model-commands.js";
import { registerBenchCommands } from "./bench-commands.js";
import { registerCapabilityCommands } from "./capability-commands.js";
import { registerPairCommands } from "./pair-commands.js";
import { registerMcpCommands } from "./mcp-commands.js";
import { registerMediaCommands } from "./media-commands.js";
import { registerVoiceCommands } from "./voice-commands.js";
import { registerVisionCommands } from "./vision-commands.js";

export interface CliContext {
  /** The data dir from --data-dir / GUIMI_HOME / ~/.guimi. */
  dataDir(): string;
  /** --model / GUIMI_MODEL. */
  model(): string | undefined;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Commands set this to their exit code. */
  exitCode: number;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command("guimi")
    .description("小蜜 Guimi — your on-device bestie / 住在你桌上的闺蜜")
    .version(VERSION, "-v, --version")
    .addOption(new Option("--data-dir <dir>", "where Guimi keeps everything (default: $GUIMI_HOME or ~/.guimi)"))
    .addOption(new Option("--model <path-or-id>", "a GGUF file or installed model id to chat with (default: $GUIMI_MODEL or the installed one)"))
    .showHelpAfterError("(guimi --help shows every command)")
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    .exitOverride();
  registerCoreCommands(program, ctx);
  registerPairCommands(program, ctx);
  registerModelCommands(program, ctx);
  registerCapabilityCommands(program, ctx);
  registerMediaCommands(program, ctx);
  registerVoiceCommands(program, ctx);
  registerVisionCommands(program, ctx);
  registerBenchCommands(program, ctx);
  registerMcpCommands(program, ctx);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  return program;
}

export async function main(argv: string[], io: Partial<Pick<CliContext, "stdout" | "stderr" | "stdin">> = {}): Promise<number> {
  let program: Command | undefined;
  const ctx: CliContext = {
    dataDir: () => resolveDataDir(program?.opts().dataDir as string | undefined),
    model: () => (program?.opts().model as string | undefined) ?? process.env.GUIMI_MODEL,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    exitCode: 0,
  };
  program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: "user" });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return 0;
      return 2; // commander already printed what was wrong
    }
    if (error instanceof GuimiError) {
      ctx.stderr.write(`guimi: ${error.message}\n`);
      return error.code === "bad-input" ? 2 : 1;
    }
    throw error;
  }
}
