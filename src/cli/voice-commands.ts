// `guimi listen --file <wav> [--json] [--out reply.wav]`: one spoken turn from a recording, end to end
// (VAD → speech-to-text → the conversation → speech). The reply audio is written only where she asked.
import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { CliContext } from "./main.js";
import { createGuimiApp } from "../app/guimi-app.js";
import { InputError } from "../errors.js";

export function registerVoiceCommands(program: Command, ctx: CliContext): void {
  program
    .command("listen")
    .description("talk to Guimi by voice: --file <wav> runs one whole turn from a recording (needs the microphone switch on in 我的数据)")
    .option("--file <wav>", "a WAV recording (any rate, mono or stereo) to take as what she said")
    .option("--out <wav>", "where to write the spoken reply (default: <file>.reply.wav in the current folder)")
    .option("--json", 'print {"transcript","reply","audioFile"}')
    .action(async (options: { file?: string; out?: string; json?: boolean }) => {
      if (!options.file) throw new InputError("--file: live listening from the microphone is not in this release; give a WAV recording with --file <wav>");
      const { readSpeechWav, VoiceInputError } = await import("../perception/voice/index.js");
      let samples: Float32Array;
      try {
        samples = (await readSpeechWav(options.file)).samples;
      } catch (error) {
        if (error instanceof VoiceInputError) throw new InputError(`--file: ${error.message}`);
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new InputError(`--file: no such file ${options.file}`);
        throw error;
      }
      const app = await createGuimiApp({ dataDir: ctx.dataDir(), ...(ctx.model() ? { model: ctx.model() } : {}) });
      try {
        const result = await app.voice.listenFile(samples);
        let audioFile: string | null = null;
        if (result.audio) {
          audioFile = resolve(options.out ?? `${basename(options.file).replace(/\.wav$/i, "")}.reply.wav`);
          writeFileSync(audioFile, result.audio);
        }
        const reply = result.turn?.text ?? null;
        if (options.json) {
          ctx.stdout.write(
            JSON.stringify({
              transcript: result.transcript,
              reply,
              audioFile,
              source: result.turn?.source ?? null,
              recognizer: app.voice.recognizer().id,
              utterances: result.utterances,
              timings: result.timings,
            }) + "\n",
          );
        } else if (!result.transcript) {
          ctx.stdout.write("（没有听到说话 / no speech heard）\n");
        } else {
          ctx.stdout.write(`你 / you: ${result.transcript}\n${app.persona().name.zh}: ${reply ?? ""}\n${audioFile ? `(${audioFile})\n` : ""}`);
        }
      } finally {
        await app.close();
      }
    });
}
