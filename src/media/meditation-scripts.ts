// Guided meditation and breathing, written for Guimi (zh and en): a script is a list of steps, each
// something to say (or silence) and how long the step lasts; breathing steps carry their phase so
// the screen's circle can grow, hold and shrink in time with the voice.
import type { Lang } from "../kernel/lang.js";

export type Breath = "in" | "hold" | "out";

export interface MeditationStep {
  say: string | null;
  seconds: number;
  breath?: Breath;
}

export interface MeditationScript {
  id: MeditationId;
  title: string;
  minutes: number;
  steps: MeditationStep[];
}

export type MeditationId = "breathing-478" | "body-scan" | "falling-asleep";

export const meditationTitles: Record<MeditationId, { zh: string; en: string }> = {
  "breathing-478": { zh: "4-7-8 呼吸", en: "4-7-8 breathing" },
  "body-scan": { zh: "身体扫描", en: "body scan" },
  "falling-asleep": { zh: "助眠放松", en: "falling asleep" },
};

/** Default lengths (minutes) and the choices she has. */
export const meditationMinutes: Record<MeditationId, { default: number; allowed: number[] }> = {
  "breathing-478": { default: 5, allowed: [1, 3, 5, 10] },
  "body-scan": { default: 5, allowed: [3, 5, 10] },
  "falling-asleep": { default: 10, allowed: [5, 10, 15] },
};

/** About how long a line takes to say (espeak at 165 wpm; Chinese ~4 characters a second). */
export function speakingSeconds(text: string, lang: Lang): number {
  if (lang === "zh") return Math.max(1, Math.ceil([...text.replace(/[，。！？、\s]/gu, "")].length / 4));
  return Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length / 2.6));
}

const said = (text: string, lang: Lang, pauseS: number, breath?: Breath): MeditationStep => ({
  say: text,
  seconds: speakingSeconds(text, lang) + pauseS,
  ...(breath ? { breath } : {}),
});

const lines = {
  breathing: {
    zh: {
      intro: "我们来做四七八呼吸。坐舒服一点，肩膀放松，舌尖轻轻抵住上牙后面。跟着我和屏幕上的圆圈。",
      inhale: "用鼻子吸气",
      hold: "屏住",
      exhale: "用嘴慢慢呼气",
      quiet: "继续，按自己的节奏。",
      outro: "好，慢慢恢复平常的呼吸。你做得很好。",
    },
    en: {
      intro:
        "Let's do four seven eight breathing. Sit comfortably, let your shoulders drop, and rest the tip of your tongue behind your top teeth. Follow me and the circle on the screen.",
      inhale: "Breathe in through your nose",
      hold: "Hold",
      exhale: "Breathe out slowly through your mouth",
      quiet: "Keep going, at your own pace.",
      outro: "Now let your breath return to normal. You did really well.",
    },
  },
  bodyScan: {
    zh: {
      intro: "找一个舒服的姿势，闭上眼睛。我们从头到脚，慢慢感受身体。",
      parts: [
        "先注意你的呼吸，不用改变它，只是感受空气进出。",
        "把注意力放到头顶和额头，让眉心松开。",
        "感受你的眼睛、脸颊和下巴，让牙齿微微分开。",
        "来到脖子和肩膀，感觉它们一点点往下沉。",
        "注意你的手臂、手掌和手指，感受它们的重量。",
        "感受胸口随着呼吸起伏。",
        "来到肚子，让它柔软下来。",
        "注意后背和腰，感觉身体被椅子或床托住。",
        "感受你的大腿和膝盖。",
        "最后来到小腿、脚掌和脚趾。",
      ],
      outro: "现在感受整个身体，从头到脚，都很放松。准备好了，就慢慢睁开眼睛。",
    },
    en: {
      intro: "Find a comfortable position and close your eyes. We'll move slowly from head to toe.",
      parts: [
        "First, notice your breath. No need to change it, just feel the air coming and going.",
        "Bring your attention to the top of your head and your forehead. Let your brow soften.",
        "Notice your eyes, your cheeks and your jaw. Let your teeth part a little.",
        "Move to your neck and shoulders, and feel them sink down a little.",
        "Notice your arms, your hands and your fingers, and how heavy they feel.",
        "Feel your chest rise and fall with each breath.",
        "Come to your belly, and let it soften.",
        "Notice your back, and feel your body held by the chair or the bed.",
        "Feel your thighs and your knees.",
        "And finally your calves, your feet and your toes.",
      ],
      outro: "Now feel your whole body, head to toe, relaxed. When you're ready, slowly open your eyes.",
    },
  },
  sleep: {
    zh: {
      intro: "躺好，盖好被子，今天辛苦了。接下来什么都不用做，听着声音就好。",
      parts: [
        "慢慢吸一口气，再慢慢呼出来。",
        "每呼一口气，身体就更沉一点，陷进床里。",
        "今天的事情都可以先放下，明天再说。",
        "想象你躺在一片安静的海边，远处有海浪的声音。",
        "海浪来了，又退去，你的呼吸也一样，来了，又退去。",
        "你的手脚越来越暖，越来越重。",
        "如果有念头出现，就让它像云一样飘走。",
        "你很安全，可以放心地睡了。",
      ],
      outro: "晚安，我在这里陪着你。",
    },
    en: {
      intro: "Lie down and get cosy. You've done enough today. There's nothing to do now but listen.",
      parts: [
        "Take a slow breath in, and let it out slowly.",
        "With every breath out, your body gets a little heavier, sinking into the bed.",
        "Whatever happened today can wait until tomorrow.",
        "Imagine you're lying on a quiet beach, with waves in the distance.",
        "The waves come in, and go out. Your breath too, in, and out.",
        "Your hands and feet feel warm and heavy.",
        "If a thought comes, let it drift away like a cloud.",
        "You're safe. You can let yourself fall asleep.",
      ],
      outro: "Good night. I'm right here.",
    },
  },
};

/** The steps of one script at a length in minutes, in her language. */
export function meditationScript(id: MeditationId, lang: Lang, minutes = meditationMinutes[id].default): MeditationScript {
  const total = minutes * 60;
  const title = meditationTitles[id][lang];
  if (id === "breathing-478") {
    const l = lines.breathing[lang];
    const intro = said(l.intro, lang, 2);
    const outro = said(l.outro, lang, 2);
    const cycles = Math.max(1, Math.floor((total - intro.seconds - outro.seconds) / 19));
    const steps: MeditationStep[] = [intro];
    for (let i = 0; i < cycles; i++) {
      // The first cycles are spoken; later ones keep the rhythm quietly, with one reminder halfway.
      const voice = i < 3;
      steps.push(
        { say: voice ? l.inhale : null, seconds: 4, breath: "in" },
        { say: voice ? l.hold : null, seconds: 7, breath: "hold" },
        { say: voice ? l.exhale : i === Math.floor(cycles / 2) ? l.quiet : null, seconds: 8, breath: "out" },
      );
    }
    steps.push(outro);
    return { id, title, minutes, steps };
  }
  const l = id === "body-scan" ? lines.bodyScan[lang] : lines.sleep[lang];
  const speaking = [l.intro, ...l.parts, l.outro].reduce((sum, text) => sum + speakingSeconds(text, lang), 0);
  // The silence between lines is what makes it a meditation: whatever time the words leave.
  const pause = Math.max(3, Math.floor((total - speaking) / (l.parts.length + 1)));
  const steps = [said(l.intro, lang, pause), ...l.parts.map((p) => said(p, lang, pause)), said(l.outro, lang, 0)];
  return { id, title, minutes, steps };
}

export function scriptSeconds(script: MeditationScript): number {
  return script.steps.reduce((sum, s) => sum + s.seconds, 0);
}
