// guimi bench latency — wired in its own module so the bench code loads only when asked for.
import type { Command } from "commander";
import type { CliContext } from "./main.js";

export function registerBenchCommands(program: Command, ctx: CliContext): void {
  const bench = program.command("bench").description("benchmarks (also: npm run bench)");
  bench
    .command("latency")
    .description("time to first token and tokens/s at turns 1, 10 and 50")
    .option("--json", "print only the JSON result")
    .option("--quick", "the tiny test model only")
    .action(async (options: { json?: boolean; quick?: boolean }) => {
      const { runLatencyBench } = await import("../bench/latency-bench.js");
      await runLatencyBench({ ...options, dataDir: ctx.dataDir(), output: ctx.stdout, log: ctx.stderr });
    });
}
