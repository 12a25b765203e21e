// Debian's pocketsphinx (CMU Sphinx, BSD): en-US only and weaker than SenseVoice, but always installed
// with the device's packages, so listening works before any model download.
//
// Resident: loading the model took ~2 s of every utterance when each one ran its own process. One
// `pocketsphinx_batch` stays up instead, reading utterance names from a control stream on stdin and each
// utterance's raw 16 kHz PCM from a named pipe (a FIFO holds no data on disk: audio is never stored).
// It answers with exactly one hypothesis line per utterance, in order, even for silence.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { constants, existsSync, mkdtempSync, openSync, closeSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SpeechToText, Transcript } from "./speech-to-text.js";
import { tidyTranscript } from "./speech-to-text.js";

const MODEL_DIR = "/usr/share/pocketsphinx/model/en-us";
/** A decode that takes this long means the process is stuck: it is restarted. */
const DECODE_TIMEOUT_MS = 60_000;

export interface PocketsphinxOptions {
  binary?: string;
  modelDir?: string;
}

export function pocketsphinxAvailable(options: PocketsphinxOptions = {}): boolean {
  const dir = options.modelDir ?? MODEL_DIR;
  return existsSync(`${dir}/en-us`) && existsSync(`${dir}/en-us.lm.bin`) && existsSync(`${dir}/cmudict-en-us.dict`) && findBinary(options.binary) !== null;
}

function findBinary(binary = "pocketsphinx_batch"): string | null {
  if (binary.includes("/")) return existsSync(binary) ? binary : null;
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(":")) if (existsSync(`${dir}/${binary}`)) return `${dir}/${binary}`;
  return null;
}

/** Float samples in −1..1 as the little-endian 16-bit PCM pocketsphinx reads. */
function toPcm16(samples: Float32Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), i * 2);
  return out;
}

/** `go forward ten meters (audio -7066)` → `go forward ten meters`. */
export function parseHypothesis(line: string): string {
  const match = /^(.*?)\s*\(\S+\s+-?\d+\)\s*$/.exec(line);
  return tidyTranscript(match ? match[1]! : line);
}

interface Job {
  resolve(line: string): void;
  reject(error: Error): void;
}

/** One long-lived decoder process; utterances are decoded one at a time, in order. */
class ResidentDecoder {
  private child: ChildProcess | null = null;
  private dir: string | null = null;
  private buffer = "";
  private stderr = "";
  private waiting: Job[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly binary: string,
    private readonly modelDir: string,
  ) {}

  private get fifo(): string {
    return join(this.dir!, "audio.raw");
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    this.dir ??= mkdtempSync(join(tmpdir(), "guimi-sphinx-"));
    if (!existsSync(this.fifo)) {
      const made = spawnSync("mkfifo", ["-m", "600", this.fifo], { stdio: "pipe" });
      if (made.status !== 0) throw new Error(`cannot make the audio pipe for pocketsphinx: ${made.stderr?.toString().trim() || made.error?.message}`);
    }
    const m = this.modelDir;
    const args = ["-ctl", "/dev/stdin", "-adcin", "yes", "-cepdir", this.dir, "-cepext", ".raw", "-hyp", "/dev/stdout"];
    args.push("-hmm", `${m}/en-us`, "-lm", `${m}/en-us.lm.bin`, "-dict", `${m}/cmudict-en-us.dict`, "-logfn", "/dev/null");
    // Node gives a child sockets, which pocketsphinx cannot open as files; `cat` turns them into pipes.
    // Its own process group, so dispose ends all three; if Guimi dies, stdin closes and the decoder exits.
    const child = spawn("sh", ["-c", 'cat | "$0" "$@" | cat', this.binary, ...args], { stdio: ["pipe", "pipe", "pipe"], detached: true });
    this.child = child;
    this.buffer = "";
    this.stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString();
      let newline = this.buffer.indexOf("\n");
      while (newline >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        this.waiting.shift()?.resolve(line);
        newline = this.buffer.indexOf("\n");
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    child.stdin!.on("error", () => undefined); // a dead decoder is reported by "close"
    child.on("error", (error) => this.failed(child, new Error(`cannot run pocketsphinx: ${error.message}`)));
    child.on("close", (code) => this.failed(child, new Error(`pocketsphinx stopped (${code}): ${this.stderr.trim().slice(-300)}`)));
    this.idle();
    return child;
  }

  /** The decoder went away: whoever waits is told, and the next utterance starts a new one. */
  private failed(child: ChildProcess, error: Error): void {
    if (this.child !== child) return; // an earlier process, already replaced
    this.child = null;
    this.unblockWriter();
    for (const job of this.waiting.splice(0)) job.reject(error);
  }

  /** A writer blocked opening the FIFO (no reader any more) is released by opening its read end. */
  private unblockWriter(): void {
    if (!this.dir || !existsSync(this.fifo)) return;
    try {
      closeSync(openSync(this.fifo, constants.O_RDONLY | constants.O_NONBLOCK));
    } catch {
      // nothing was waiting
    }
  }

  /** Idle, the resident process must not keep a finished command alive. */
  private idle(): void {
    const child = this.child;
    if (!child || this.waiting.length > 0) return;
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }

  private busy(child: ChildProcess): void {
    child.ref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { ref?: () => void } | null)?.ref?.();
  }

  /** Loads the model now, so the first utterance does not wait for it. */
  warm(): void {
    if (!this.disposed) this.start();
  }

  decode(samples: Float32Array): Promise<string> {
    const stream = this.stream();
    stream.push(samples);
    return stream.finish();
  }

  /**
   * An utterance whose audio is still arriving: pocketsphinx decodes what it has been given while she
   * speaks, so when she stops only the last few hundred milliseconds and the final passes are left.
   */
  stream(): { push(samples: Float32Array): void; finish(): Promise<string> } {
    const chunks: Buffer[] = [];
    let ended = false;
    let wake: (() => void) | null = null;
    const notify = () => {
      wake?.();
      wake = null;
    };
    const run = async () => {
      if (this.disposed) throw new Error("pocketsphinx recogniser was closed");
      const child = this.start();
      this.busy(child);
      const line = new Promise<string>((resolve, reject) => this.waiting.push({ resolve, reject }));
      line.catch(() => undefined); // reported through the race below, or not at all when writing failed first
      let timer: NodeJS.Timeout | undefined;
      try {
        child.stdin!.write("audio\n");
        const handle = await open(this.fifo, "w");
        try {
          for (;;) {
            while (chunks.length > 0) await handle.writeFile(chunks.shift()!);
            if (ended) break;
            await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          await handle.close();
        }
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(new Error(`pocketsphinx took over ${DECODE_TIMEOUT_MS / 1000} s; restarting it`));
            this.kill();
          }, DECODE_TIMEOUT_MS);
        });
        return await Promise.race([line, timeout]);
      } finally {
        clearTimeout(timer);
        this.idle();
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return {
      push(samples) {
        if (ended || samples.length === 0) return;
        chunks.push(toPcm16(samples));
        notify();
      },
      finish() {
        ended = true;
        notify();
        return result;
      },
    };
  }

  private kill(): void {
    const child = this.child;
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    this.failed(child, new Error("pocketsphinx was stopped"));
  }

  dispose(): void {
    this.disposed = true;
    this.kill();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

export function createPocketsphinxSpeechToText(options: PocketsphinxOptions = {}): SpeechToText {
  const dir = options.modelDir ?? MODEL_DIR;
  const binary = findBinary(options.binary);
  if (!binary || !pocketsphinxAvailable(options)) {
    throw new Error("pocketsphinx is not installed: apt install pocketsphinx pocketsphinx-en-us / 没有装 pocketsphinx");
  }
  const decoder = new ResidentDecoder(binary, dir);
  decoder.warm();
  /** The decoder cannot be interrupted mid-utterance; an abort answers at once and its result is dropped. */
  const answer = (pending: Promise<string>, signal?: AbortSignal) => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Transcript>((resolve, reject) => {
      const onAbort = () => reject(signal!.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      pending.then(
        (line) => {
          signal?.removeEventListener("abort", onAbort);
          resolve({ text: parseHypothesis(line), lang: "en" });
        },
        (error: Error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  };
  return {
    id: "pocketsphinx-en-us",
    languages: ["en"],
    transcribe(samples, { signal } = {}) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return answer(decoder.decode(samples), signal);
    },
    listen() {
      const stream = decoder.stream();
      return {
        push: (samples) => stream.push(samples),
        finish: ({ signal } = {}) => answer(stream.finish(), signal),
      };
    },
    dispose: () => decoder.dispose(),
  };
}
