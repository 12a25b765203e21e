// `guimi simulate [--json] < scenario.jsonl`: the real Guimi (composition root, reminders, fast-path
// replies, care engine, SQLite in a temporary data dir) on a virtual clock, minute by minute along a
// timeline, printing everything it says. Returns an exit code: 0 ok, 2 bad input.
//
// Output choices: `reply` lines are fast-path answers to her words (reminder set, crisis care,
// "forget that"); open chat with no model installed would only ever be the same "no model" notice,
// so it is left out unless `includeChat` is set (then it comes as rule "no-model"). Nothing is said
// while the device is off, and she is not heard either.
import type { Lang } from "../kernel/lang.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import type { SimulationOutput } from "../care/scenario-check.js";
import { noOffers } from "../care/care-offers.js";

export type { SimulationOutput };
import type { CareSignal } from "../care/care-signal.js";
import { formatWithOffset, MINUTE } from "../care/local-time.js";
import { parseTimeline, TimelineError, zoneForOffset, type TimelineLine } from "../care/simulation-timeline.js";
import { EMOTION_LABELS, EMOTION_VA, mapCorpusLabel, zeroScores } from "../perception/emotion-labels.js";
import type { MoodEstimate } from "../mood/mood-estimate.js";

/** A face line stands for what face perception would hand to mood: its label, fairly sure. */
export function faceEstimate(expression: string, at: Date): MoodEstimate | null {
  const aliases: Record<string, string> = {
    sad: "sadness",
    angry: "anger",
    frown: "sadness",
    scared: "fear",
    surprised: "surprise",
    disgusted: "disgust",
    smile: "joy",
    smiling: "joy",
  };
  const key = expression.trim().toLowerCase();
  const label = mapCorpusLabel(aliases[key] ?? key);
  if (!label) return null;
  const scores = zeroScores();
  for (const l of EMOTION_LABELS) scores[l] = l === label ? 0.8 : 0.2 / (EMOTION_LABELS.length - 1);
  return { modality: "face", at, scores, ...EMOTION_VA[label], confidence: 0.6 };
}

export interface SimulateCommandIo {
  /** The timeline: its text, or a stream (stdin). */
  input: string | AsyncIterable<string | Buffer>;
  /** Where output goes: a function or a writable stream. */
  output: ((text: string) => void) | { write(text: string): unknown };
  /** Errors; defaults to `output`. */
  error?: ((text: string) => void) | { write(text: string): unknown };
  json?: boolean;
  /** Also report open-chat replies (with no model: the honest "no model" notice). */
  includeChat?: boolean;
  /** Seeds the wording (default 7). */
  seed?: number;
  /** Receives each output as data (tests). */
  onOutput?: (output: SimulationOutput) => void;
}

export const simulateUsage = `usage: guimi simulate [--json] < scenario.jsonl
  each line: {"at":"2026-03-02T23:40:00+08:00","type":"utterance","text":"今天好累"}
  types: utterance{text} activity{kind:work|screen|idle} phone.alarm_set{time} phone.calendar{title,start}
         location{place} weather{condition,tempC} face{expression} touch{pressure?,pattern?}
         device.power{state:on|off} ack{} settings{quietHours?,dnd?,lang?} tick{}`;

const replyReasons: Record<string, { zh: string; en: string }> = {
  reminder: { zh: "你让我帮你记提醒", en: "you asked me about a reminder" },
  crisis: { zh: "你说的话让我很担心你", en: "what you said made me worried about you" },
  memory: { zh: "你让我忘掉刚才的话", en: "you asked me to forget what you said" },
  "no-model": { zh: "聊天模型还没装好", en: "the conversation model isn't installed" },
};

function writer(target: SimulateCommandIo["output"]): (text: string) => void {
  return typeof target === "function" ? target : (text) => void target.write(text);
}

async function readAll(input: SimulateCommandIo["input"]): Promise<string> {
  if (typeof input === "string") return input;
  let text = "";
  for await (const chunk of input) text += typeof chunk === "string" ? chunk : chunk.toString("utf8");
  return text;
}

export async function runSimulateCommand(io: SimulateCommandIo): Promise<number> {
  const out = writer(io.output);
  const err = writer(io.error ?? io.output);
  const json = io.json === true;
  let lines: TimelineLine[];
  try {
    lines = parseTimeline(await readAll(io.input));
    for (const line of lines) {
      try {
        zoneForOffset(line.offset);
      } catch (error) {
        throw new TimelineError(`line ${line.line}: at: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    if (!(error instanceof TimelineError)) throw error;
    err(json ? JSON.stringify({ error: error.message }) + "\n" : `error: ${error.message}\n${simulateUsage}\n`);
    return 2;
  }
  if (lines.length === 0) return 0;

  const dataDir = mkdtempSync(join(tmpdir(), "guimi-simulate-"));
  let app: GuimiApp | null = null;
  try {
    const first = lines[0]!;
    let now = new Date(first.at.getTime());
    let offset = first.offset;
    writeFileSync(join(dataDir, "config.json"), JSON.stringify({ timeZone: zoneForOffset(offset) }));
    // The simulated device plays nothing and switches nothing: scenarios are about when and why care speaks.
    app = await createGuimiApp({
      dataDir,
      withoutModel: true,
      now: () => new Date(now.getTime()),
      care: { listen: false, seed: io.seed ?? 7, offers: () => noOffers },
    });
    // A throwaway database: durability costs only time here.
    app.db.pragma("synchronous = OFF");
    const running = app;

    const emit = (output: SimulationOutput) => {
      io.onOutput?.(output);
      if (json) out(JSON.stringify(output) + "\n");
      else out(`${output.at}  [${output.kind} · ${output.rule}] ${output.text}\n    ${output.lang === "en" ? "why" : "为什么"}: ${output.reason}\n`);
    };
    running.bus.on("care-message", (message) => {
      emit({
        at: formatWithOffset(now, offset),
        kind: message.kind === "care" ? "care" : "reminder",
        rule: message.rule,
        reason: message.reason,
        text: message.text,
        lang: message.lang,
      });
    });

    // The app's own background work (reminder scheduler, care engine), on inert timers: the simulation
    // advances the virtual clock and ticks it minute by minute.
    const engine = running.care;
    const inertTimers = { setTimeout: () => null, clearTimeout: () => undefined };
    running.startBackground({ timers: inertTimers });
    let deviceOn = true;

    const stepTo = async (target: number) => {
      // Minute by minute, on minute boundaries, so timed care and reminders come at their minute.
      let next = Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE;
      // Strictly before the line: at its own minute the line happens first, then the check.
      while (next < target) {
        now = new Date(next);
        if (deviceOn) await running.tickBackground();
        next += MINUTE;
      }
      now = new Date(target);
    };

    for (const line of lines) {
      await stepTo(line.at.getTime());
      if (line.offset !== offset) {
        offset = line.offset;
        // She travelled: the device follows her zone (read by reminders, care and chat alike).
        running.setTimeZone(zoneForOffset(offset));
      }
      const f = line.fields;
      const at = new Date(now.getTime());
      switch (line.type) {
        case "tick":
          break;
        case "settings":
          running.settings.update({
            ...(f.quietHours ? { quietHours: f.quietHours } : {}),
            ...(f.dnd !== undefined ? { doNotDisturb: f.dnd } : {}),
            ...(f.lang ? { lang: f.lang } : {}),
          });
          break;
        case "device.power":
          if (f.state === "off" && deviceOn) {
            deviceOn = false;
            running.stopBackground();
            await engine.signal({ type: "device.power", at, state: "off" });
          } else if (f.state === "on" && !deviceOn) {
            deviceOn = true;
            await engine.signal({ type: "device.power", at, state: "on" });
            // A boot: the scheduler settles what came due while off (missed, or still worth saying late).
            running.startBackground({ timers: inertTimers });
          }
          break;
        case "utterance": {
          if (!deviceOn) break;
          const text = String(f.text);
          const result = await running.conversation.turn({ text, ...(f.lang ? { lang: f.lang as Lang } : {}) });
          if (result.source !== "no-model" || io.includeChat) {
            const reason = replyReasons[result.source] ?? { zh: "回答你说的话", en: "answering what you said" };
            emit({ at: formatWithOffset(now, offset), kind: "reply", rule: result.source, reason: reason[result.lang], text: result.text, lang: result.lang });
          }
          // Memory is written just after the reply; let it land before care looks at it.
          for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
          await engine.signal({ type: "utterance", at, text, lang: result.lang });
          break;
        }
        case "ack":
          if (deviceOn) await engine.signal({ type: "ack", at });
          break;
        case "face": {
          if (!deviceOn) break;
          const estimate = faceEstimate(String(f.expression), at);
          if (estimate) running.observeMood(estimate);
          await engine.signal({ type: "face", at, expression: String(f.expression) });
          break;
        }
        default:
          // Phone, weather and sensor signals are logged even while the device is off (the phone
          // queues them); restraint keeps the device silent until it is on.
          await engine.signal({ ...f, type: line.type, at, ...(line.type === "phone.calendar" ? { start: new Date(String(f.start)) } : {}) } as CareSignal);
      }
      if (deviceOn) await running.tickBackground();
    }
    running.stopBackground();
    return 0;
  } finally {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
