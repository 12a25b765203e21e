// Debian's pocketsphinx (CMU Sphinx, BSD): en-US only and weaker than SenseVoice, but always installed
// with the device's packages, so listening works before any model download. Audio goes to the process
// over a pipe as WAV bytes: nothing touches the disk.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { encodeWav16 } from "../perception/voice/wav.js";
import type { SpeechToText } from "./speech-to-text.js";
import { tidyTranscript } from "./speech-to-text.js";

const MODEL_DIR = "/usr/share/pocketsphinx/model/en-us";

export interface PocketsphinxOptions {
  binary?: string;
  modelDir?: string;
}

export function pocketsphinxAvailable(options: PocketsphinxOptions = {}): boolean {
  const dir = options.modelDir ?? MODEL_DIR;
  return existsSync(`${dir}/en-us`) && existsSync(`${dir}/en-us.lm.bin`) && existsSync(`${dir}/cmudict-en-us.dict`) && findBinary(options.binary) !== null;
}

function findBinary(binary = "pocketsphinx_continuous"): string | null {
  if (binary.includes("/")) return existsSync(binary) ? binary : null;
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(":")) if (existsSync(`${dir}/${binary}`)) return `${dir}/${binary}`;
  return null;
}

export function createPocketsphinxSpeechToText(options: PocketsphinxOptions = {}): SpeechToText {
  const dir = options.modelDir ?? MODEL_DIR;
  const binary = findBinary(options.binary);
  if (!binary || !pocketsphinxAvailable(options)) {
    throw new Error("pocketsphinx is not installed: apt install pocketsphinx pocketsphinx-en-us / 没有装 pocketsphinx");
  }
  const args = ["-infile", "/dev/stdin", "-hmm", `${dir}/en-us`, "-lm", `${dir}/en-us.lm.bin`, "-dict", `${dir}/cmudict-en-us.dict`, "-logfn", "/dev/null"];
  return {
    id: "pocketsphinx-en-us",
    languages: ["en"],
    transcribe(samples, { signal } = {}) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        // Node gives a child a socket, which pocketsphinx cannot open as a file; `cat` turns it into a pipe.
        // Own process group, so an abort ends both.
        const child = spawn("sh", ["-c", 'cat | "$0" "$@"', binary, ...args], { stdio: ["pipe", "pipe", "pipe"], detached: true });
        let out = "";
        let err = "";
        const onAbort = () => {
          try {
            if (child.pid) process.kill(-child.pid, "SIGKILL");
          } catch {
            // already gone
          }
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("error", (error) => reject(new Error(`cannot run pocketsphinx: ${error.message}`)));
        child.on("close", (code) => {
          signal?.removeEventListener("abort", onAbort);
          if (signal?.aborted) return reject(signal.reason);
          if (code !== 0) return reject(new Error(`pocketsphinx failed (${code}): ${err.trim().slice(-300)}`));
          // One line per utterance pocketsphinx found inside the segment.
          resolve({ text: tidyTranscript(out.split("\n").filter(Boolean).join(" ")), lang: "en" });
        });
        child.stdin.on("error", () => undefined); // it may exit before reading everything
        child.stdin.end(Buffer.from(encodeWav16(samples, 16_000)));
      });
    },
  };
}
