// Speech out: the TextToSpeech port and its espeak-ng adapter (Debian's espeak-ng, on the device, no network).
// Text is spoken sentence by sentence so the first words come out while the rest is still being made.
import type { Lang } from "../kernel/lang.js";
import { spawn } from "node:child_process";

export interface TextToSpeech {
  /** WAV bytes of the text, for a client that plays audio itself. */
  synthesize(text: string, lang: Lang): Promise<Buffer>;
  /** Says it on the device's own speaker; queued behind anything already being said. */
  speak(text: string, lang: Lang): Promise<void>;
  /** Stops what is being said and drops the queue (she started talking). */
  interrupt(): void;
}

/** Sentences, so speech can start before the whole reply is synthesised. Keeps the punctuation. */
export function splitSentences(text: string): string[] {
  return (text.match(/[^。！？!?；;\n]+[。！？!?；;]*|\n+/gu) ?? []).map((s) => s.trim()).filter((s) => s.length > 0 && /[\p{L}\p{N}]/u.test(s));
}

/** Reply text as it should be heard: no markdown, no emoji, no command-line backticks. */
export function speakableText(text: string): string {
  return text
    .replace(/`([^`]*)`/g, "$1")
    .replace(/[*_#>]+/g, "")
    .replace(/\p{Extended_Pictographic}/gu, "")
    .replace(/[～~]+/g, "，")
    .trim();
}

const voices = { zh: "cmn", en: "en-us" } as const;

export function createEspeakTextToSpeech(options: { binary?: string; wordsPerMinute?: number } = {}): TextToSpeech {
  const binary = options.binary ?? "espeak-ng";
  const rate = String(options.wordsPerMinute ?? 165);
  let queue: Promise<void> = Promise.resolve();
  let current: ReturnType<typeof spawn> | null = null;
  let generation = 0;

  function run(args: string[], capture: boolean): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn(binary, args, { stdio: ["ignore", capture ? "pipe" : "ignore", "pipe"] });
      if (!capture) current = child;
      const chunks: Buffer[] = [];
      let stderr = "";
      child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk));
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", (error) => reject(new Error(`cannot run ${binary}: ${error.message} (install Debian's espeak-ng)`)));
      child.on("close", (code, signal) => {
        if (!capture) current = null;
        if (code === 0 || signal === "SIGTERM") resolve(Buffer.concat(chunks));
        else reject(new Error(`${binary} failed (${code}): ${stderr.trim()}`));
      });
    });
  }

  return {
    async synthesize(text, lang) {
      return run(["-v", voices[lang], "-s", rate, "--stdout", speakableText(text)], true);
    },
    speak(text, lang) {
      const mine = generation;
      for (const sentence of splitSentences(speakableText(text))) {
        queue = queue.then(async () => {
          if (mine !== generation) return;
          await run(["-v", voices[lang], "-s", rate, sentence], false);
        });
      }
      return queue.catch(() => undefined);
    },
    interrupt() {
      generation += 1;
      current?.kill("SIGTERM");
    },
  };
}
