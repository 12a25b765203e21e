// What Guimi says first when the camera sees her wave or come back: short, and saying why it spoke.
import type { Lang } from "../kernel/lang.js";

export type GreetingKind = "wave" | "arrived";

export function greetingMessage(kind: GreetingKind, lang: Lang): { kind: "care"; rule: string; reason: string; text: string; lang: Lang } {
  const zh = lang !== "en";
  const wave = kind === "wave";
  return {
    kind: "care",
    rule: wave ? "camera-wave" : "camera-welcome",
    reason: wave
      ? zh
        ? "你向我挥手（摄像头是你开的）"
        : "you waved at me (you turned the camera on)"
      : zh
        ? "你回来了（摄像头看到有人，不认人脸）"
        : "you came back (the camera saw someone; it does not recognise faces)",
    text: wave ? (zh ? "嗨！我在呢～" : "Hi! I'm here.") : zh ? "欢迎回来！" : "Welcome back!",
    lang: zh ? "zh" : "en",
  };
}
