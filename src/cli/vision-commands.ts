// `guimi vision <image> [--json]`: the camera's perception (faces, hands, people) on one image file.
import type { Command } from "commander";
import type { CliContext } from "./main.js";

export function registerVisionCommands(program: Command, ctx: CliContext): void {
  program
    .command("vision")
    .description("faces (expression), hands (gesture) and how many people are in an image; in memory, never stored")
    .argument("<image>", "a JPEG or PNG file")
    .option("--json", 'print {"faces":[{"label","scores","box"}],"hands":[{"gesture","box","handedness"}],"people":N}')
    .action(async (imagePath: string, options: { json?: boolean }) => {
      const { runVisionCommand } = await import("../vision/vision-command.js");
      ctx.exitCode = await runVisionCommand({ imagePath, json: Boolean(options.json), output: ctx.stdout, errorOutput: ctx.stderr });
    });
}
