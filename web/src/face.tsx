// Guimi's face: a soft round SVG that shows her mood and whether she is listening, thinking or speaking.
import { useEffect, useState } from "preact/hooks";
import type { Expression } from "./api";

type Eye = { cx: number; cy: number; rx: number; ry: number } | { arc: string };

interface Features {
  /** Left eye; the right one is mirrored around x = 100. */
  eye: Eye;
  brow?: string;
  mouth: string;
  mouthFilled?: boolean;
}

// Drawn on a 200×200 canvas; eyes around y = 90, mouth around y = 130.
const features: Record<Expression, Features> = {
  happy: { eye: { arc: "M 60 96 Q 70 82 80 96" }, mouth: "M 78 124 Q 100 146 122 124", brow: "M 58 70 Q 70 64 82 69" },
  calm: { eye: { cx: 70, cy: 92, rx: 8, ry: 10 }, mouth: "M 84 128 Q 100 138 116 128", brow: "M 58 70 Q 70 67 82 70" },
  concerned: { eye: { cx: 70, cy: 94, rx: 7, ry: 9 }, mouth: "M 84 135 Q 100 126 116 135", brow: "M 58 74 Q 70 73 82 65" },
  sleepy: {
    eye: { arc: "M 60 94 Q 70 101 80 94" },
    mouth: "M 100 132 m -6 0 a 6 5 0 1 0 12 0 a 6 5 0 1 0 -12 0",
    mouthFilled: true,
    brow: "M 58 76 Q 70 74 82 76",
  },
  surprised: {
    eye: { cx: 70, cy: 90, rx: 10, ry: 12 },
    mouth: "M 100 131 m -9 0 a 9 11 0 1 0 18 0 a 9 11 0 1 0 -18 0",
    mouthFilled: true,
    brow: "M 58 63 Q 70 55 82 62",
  },
  listening: { eye: { cx: 70, cy: 91, rx: 9, ry: 11 }, mouth: "M 86 128 Q 100 136 114 128", brow: "M 58 67 Q 70 62 82 67" },
  thinking: { eye: { cx: 76, cy: 86, rx: 7, ry: 9 }, mouth: "M 88 133 L 110 130", brow: "M 58 68 Q 70 62 82 68" },
};

const flip = (x: string) => String(200 - Number(x));
/** Mirrors a path made of absolute M/Q/L commands around the centre line x = 100. */
const mirror = (d: string) =>
  d.replace(/([MQL]) ([\d.]+) ([\d.]+)(?: ([\d.]+) ([\d.]+))?/g, (_, c: string, a: string, b: string, e?: string, f?: string) =>
    e !== undefined ? `${c} ${flip(a)} ${b} ${flip(e)} ${f}` : `${c} ${flip(a)} ${b}`,
  );

function EyeShape({ eye, right }: { eye: Eye; right: boolean }) {
  if ("arc" in eye) return <path d={right ? mirror(eye.arc) : eye.arc} />;
  // Looking aside (thinking) moves both eyes the same way instead of mirroring.
  const cx = right ? (eye.cx > 72 ? eye.cx + 54 : 200 - eye.cx) : eye.cx;
  return <ellipse cx={cx} cy={eye.cy} rx={eye.rx} ry={eye.ry} />;
}

export interface FaceProps {
  expression: Expression;
  speaking?: boolean;
  size?: number;
  label?: string;
}

export function Face({ expression, speaking = false, size = 320, label }: FaceProps) {
  const f = features[expression];
  const [blink, setBlink] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      timer = setTimeout(
        () => {
          setBlink(true);
          setTimeout(() => setBlink(false), 160);
          schedule();
        },
        3500 + Math.random() * 3500,
      );
    };
    schedule();
    return () => clearTimeout(timer);
  }, []);

  const filled = !("arc" in f.eye);
  const eyeStyle = filled ? { fill: "var(--face-ink)" } : { fill: "none", stroke: "var(--face-ink)", strokeWidth: 6, strokeLinecap: "round" as const };
  return (
    <svg
      class={`face face-${expression}${speaking ? " face-speaking" : ""}`}
      data-expression={expression}
      data-speaking={speaking ? "true" : "false"}
      viewBox="0 0 200 200"
      width={size}
      height={size}
      role="img"
      aria-label={label ?? expression}
    >
      <defs>
        <radialGradient id="face-glow" cx="50%" cy="42%" r="60%">
          <stop offset="0%" stop-color="var(--face-light)" />
          <stop offset="100%" stop-color="var(--face)" />
        </radialGradient>
      </defs>
      <circle class="face-halo" cx="100" cy="100" r="96" />
      <g class="face-head">
        <circle cx="100" cy="102" r="84" fill="url(#face-glow)" />
        <ellipse class="face-cheek" cx="56" cy="120" rx="14" ry="9" />
        <ellipse class="face-cheek" cx="144" cy="120" rx="14" ry="9" />
        {f.brow && (
          <g class="face-brows" fill="none" stroke="var(--face-ink)" stroke-width="4" stroke-linecap="round" opacity="0.55">
            <path d={f.brow} />
            <path d={mirror(f.brow)} />
          </g>
        )}
        <g class={`face-eyes${blink && filled ? " face-blink" : ""}`} style={eyeStyle}>
          <EyeShape eye={f.eye} right={false} />
          <EyeShape eye={f.eye} right={true} />
        </g>
        {speaking ? (
          <ellipse class="face-talk" cx="100" cy="130" rx="13" ry="9" fill="var(--face-ink)" />
        ) : (
          <path
            class="face-mouth"
            d={f.mouth}
            style={f.mouthFilled ? { fill: "var(--face-ink)" } : { fill: "none", stroke: "var(--face-ink)", strokeWidth: 6, strokeLinecap: "round" }}
          />
        )}
        {expression === "sleepy" && (
          <text class="face-z" x="150" y="58" fill="var(--face-ink)" font-size="26" font-weight="600">
            z
          </text>
        )}
        {expression === "thinking" && (
          <g class="face-dots" fill="var(--face-ink)">
            <circle cx="140" cy="44" r="5" />
            <circle cx="158" cy="32" r="6" />
            <circle cx="178" cy="18" r="7" />
          </g>
        )}
        {expression === "listening" && (
          <g class="face-waves" fill="none" stroke="var(--accent-strong)" stroke-width="4" stroke-linecap="round">
            <path d="M 188 86 Q 196 100 188 114" />
            <path d="M 178 92 Q 184 100 178 108" />
          </g>
        )}
      </g>
    </svg>
  );
}
