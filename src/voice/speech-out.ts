// Speaking on the device's speaker, when she turned it on: what Guimi says first (reminders, care), and
// replies when she asked for those too. A new reply interrupts what is being said; music goes quieter
// while Guimi speaks. Driven by the event bus only, so it knows nothing of the app, server or CLI.
import { defineCapability, type Capability } from "../kernel/capability.js";
import type { EventBus } from "../kernel/event-bus.js";
import { scriptLang } from "../kernel/lang.js";
import type { TextToSpeech } from "./text-to-speech.js";

export interface SpeechOutDeps {
  bus: Pick<EventBus, "on" | "emit">;
  /** Her switches: speaking at all, and speaking replies (not only what Guimi says first). */
  speech: () => { enabled: boolean; replies: boolean };
  /** Music quieter while Guimi speaks (true), and back after (false). */
  duck: (on: boolean) => unknown;
}

export interface SpeechOut extends Capability {
  /** Starts speaking through this voice (the device's background work: the daemon, in-process chat). */
  speakWith(tts: TextToSpeech): void;
  /** Stops listening for what to say, and lets the voice go. */
  stopSpeaking(): void;
  /** Stops what the speaker is saying now (a button in Home Assistant, "stop", an open palm). */
  interrupt(): void;
}

export const speechOutCapability = defineCapability<SpeechOutDeps, SpeechOut>({
  name: "speech",
  create({ bus, speech, duck }) {
    let listeners: (() => void)[] = [];
    let speaker: TextToSpeech | null = null;
    let speaking = 0;

    function say(tts: TextToSpeech, text: string, lang: string): void {
      if (!speech().enabled) return;
      if (speaking++ === 0) bus.emit("speech", { speaking: true });
      void duck(true);
      void tts
        .speak(text, lang === "en" ? "en" : "zh")
        .catch((error: unknown) => console.error("speech:", error))
        .finally(() => {
          void duck(false);
          if (--speaking === 0) bus.emit("speech", { speaking: false });
        });
    }

    function stopSpeaking(): void {
      for (const off of listeners.splice(0)) off();
      speaker = null;
    }

    return {
      name: "speech",
      speakWith(tts) {
        stopSpeaking();
        speaker = tts;
        listeners = [
          bus.on("care-message", (message) => say(tts, message.text, message.lang)),
          bus.on("reply-start", () => tts.interrupt()),
          bus.on("reply-end", (reply) => {
            if (speech().replies && reply.finish !== "cancelled") say(tts, reply.text, scriptLang(reply.text));
          }),
        ];
      },
      stopSpeaking,
      interrupt: () => speaker?.interrupt(),
      close: stopSpeaking,
    };
  },
});
