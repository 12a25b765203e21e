// `guimi listen --file <wav> [--json] [--out reply.wav]`: one spoken turn from a recording, end to end
// (VAD → speech-to-text → the conversation → speech). The reply audio is written only where she asked.
// `guimi listen` (no --file): live, from the device's microphone through a capture command (arecord or
// parec, raw s16le 16 kHz mono on stdout), replies played through a player command; until the capture
// ends or Ctrl-C. Audio stays in memory.
import type { Command } from "commander";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { CliContext } from "./main.js";
import { createGuimiApp } from "../app/guimi-app.js";
import { InputError } from "../errors.js";

export function registerVoiceCommands(program: Command, ctx: CliContext): void {
  program
    .command("listen")
    .description("talk to Guimi by voice from the microphone, or --file <wav> for one whole turn from a recording (needs the microphone switch on in 我的数据)")
    .option("--file <wav>", "a WAV recording (any rate, mono or stereo) to take as what she said")
    .option("--out <wav>", "where to write the spoken reply (default: <file>.reply.wav in the current folder)")
    .option("--json", 'print {"transcript","reply","audioFile"} (live: one JSON event per line)')
    .option("--capture <command>", "live: shell command writing raw s16le 16 kHz mono to stdout (default: arecord, else parec; env GUIMI_CAPTURE)")
    .option(
      "--wake-word",
      "live: answer only speech that starts with the wake phrase (the persona's name, 小蜜小蜜 by default, and yours from 我的数据); without this flag her wake-word setting decides (needs guimi model pull kws-zipformer-wenetspeech-3.3m)",
    )
    .option("--no-wake-word", "live: answer all speech, whatever the wake-word setting says")
    .option("--keywords-file <file>", 'live, with the wake word on: your own phrases instead, one per line as "<model tokens> @<phrase>"')
    .option("--player <command>", "live: shell command playing one WAV from stdin (default: aplay, else mpv; env GUIMI_PLAYER)")
    .action(async (options: { file?: string; out?: string; json?: boolean; capture?: string; player?: string; wakeWord?: boolean; keywordsFile?: string }) => {
      if (!options.file) return listenLive(ctx, options);
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

const onPath = (name: string) => (process.env.PATH ?? "/usr/bin:/bin").split(":").some((dir) => existsSync(`${dir}/${name}`));

function defaultCapture(): string | null {
  if (onPath("arecord")) return "arecord -q -t raw -f S16_LE -r 16000 -c 1";
  if (onPath("parec")) return "parec --raw --format=s16le --rate=16000 --channels=1";
  return null;
}

function defaultPlayer(): string | null {
  if (onPath("aplay")) return "aplay -q -";
  if (onPath("pw-play")) return "pw-play -";
  if (onPath("mpv")) return "mpv --no-video --really-quiet -";
  return null;
}

async function listenLive(
  ctx: CliContext,
  options: { json?: boolean; capture?: string; player?: string; wakeWord?: boolean; keywordsFile?: string },
): Promise<void> {
  let keywords: string[] | undefined;
  if (options.keywordsFile) {
    if (!existsSync(options.keywordsFile)) throw new InputError(`--keywords-file: no such file ${options.keywordsFile}`);
    keywords = readFileSync(options.keywordsFile, "utf8").split("\n");
  }
  const capture = options.capture ?? process.env.GUIMI_CAPTURE ?? defaultCapture();
  if (!capture) throw new InputError("--capture: no arecord (alsa-utils) or parec (pulseaudio-utils) here; install one or give --capture <command>");
  const player = options.player ?? process.env.GUIMI_PLAYER ?? defaultPlayer();
  const app = await createGuimiApp({ dataDir: ctx.dataDir(), ...(ctx.model() ? { model: ctx.model() } : {}) });
  const print = (line: Record<string, unknown>) => ctx.stdout.write(`${JSON.stringify(line)}\n`);
  let playback: Promise<void> = Promise.resolve();
  let pending = 0;
  try {
    const play = (wav: Uint8Array) =>
      new Promise<void>((resolve) => {
        if (!player) return resolve();
        const child = spawn("sh", ["-c", player], { stdio: ["pipe", "ignore", "inherit"] });
        child.on("error", () => resolve());
        child.on("close", () => resolve());
        child.stdin.on("error", () => undefined);
        child.stdin.end(wav);
      });
    const session = app.voice.liveSession(
      {
        event(event) {
          if (options.json) print(event as unknown as Record<string, unknown>);
          else if (event.type === "ready") ctx.stderr.write(`listening (${event.recognizer}, ${event.languages.join("/")}) · 在听… Ctrl-C to stop\n`);
          else if (event.type === "transcript") ctx.stdout.write(`你 / you: ${event.text}\n`);
          else if (event.type === "reply-end") ctx.stdout.write(`${app.persona().name.zh}: ${event.text}\n`);
          else if (event.type === "barge-in") ctx.stderr.write("(interrupted / 被打断)\n");
          else if (event.type === "wake") ctx.stderr.write(`(${event.phrase})\n`);
          else if (event.type === "error") ctx.stderr.write(`error: ${event.message}\n`);
        },
        audio(wav) {
          pending += 1;
          playback = playback.then(async () => {
            await play(wav);
            pending -= 1;
            if (pending === 0) session.playbackEnded();
          });
        },
      },
      { ...(options.wakeWord !== undefined ? { wakeWord: options.wakeWord } : {}), ...(keywords ? { keywords } : {}) },
    );
    // Said once, so she knows what to call out (or that no wake word is needed).
    if (options.wakeWord ?? app.settings.get().wakeWord.enabled) {
      const phrases = keywords ? keywords.map((k) => k.split("@")[1]?.trim()).filter(Boolean) : app.voice.wakePhrases();
      ctx.stderr.write(`wake word: ${phrases.join(", ")} — say it first / 先叫「${phrases[0] ?? ""}」再说\n`);
    }
    // Its own process group, so Ctrl-C or the end of the command stops arecord too.
    const child = spawn("sh", ["-c", capture], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-500)));
    let odd: Buffer | null = null;
    child.stdout.on("data", (chunk: Buffer) => {
      const bytes = odd ? Buffer.concat([odd, chunk]) : chunk;
      const even = bytes.length - (bytes.length % 2);
      odd = even < bytes.length ? bytes.subarray(even) : null;
      const samples = new Float32Array(even / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
      session.push(samples);
    });
    const stop = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    };
    process.once("SIGINT", stop);
    const code = await new Promise<number | null>((resolve) => {
      child.on("error", () => resolve(-1));
      child.on("close", (c) => resolve(c));
    });
    process.removeListener("SIGINT", stop);
    session.endOfSpeech();
    await session.idle();
    await playback;
    session.close();
    if (code !== 0 && code !== null && code !== 143) ctx.stderr.write(`capture command ended with ${code}: ${stderr.trim()}\n`);
  } finally {
    await app.close();
  }
}
