// The mood section of 我的数据: how she seems now, and a calm line of the past 7 days (GET /mood).
// Plain SVG, no chart library: valence −1…1 on the vertical, one point per local day, gaps left as gaps.
import type { MoodDay, MoodNow } from "./api";
import { EXPRESSIONS } from "./api";
import { Notice, Section } from "./components";
import { Face } from "./face";
import { moodName, type Lang, type Translate } from "./i18n";
import { useMood } from "./hooks";
import { useApp } from "./store";
import { dayKey } from "./time";

const W = 700;
const H = 230;
const PAD = { left: 64, right: 24, top: 22, bottom: 44 };

function weekday(date: string, lang: Lang, today: string): string {
  if (date === today) return lang === "zh" ? "今天" : "Today";
  const d = new Date(`${date}T12:00:00Z`);
  return new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-GB", { weekday: "short", timeZone: "UTC" }).format(d);
}

/** A smooth path through points (Catmull–Rom as cubic Béziers), gentle enough for a mood line. */
function smoothPath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return "";
  let d = `M${points[0]!.x.toFixed(1)},${points[0]!.y.toFixed(1)}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i]!;
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p3 = points[i + 2] ?? p2;
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += ` C${c1.x.toFixed(1)},${c1.y.toFixed(1)} ${c2.x.toFixed(1)},${c2.y.toFixed(1)} ${p2.x.toFixed(1)},${p2.y.toFixed(1)}`;
  }
  return d;
}

export function MoodChart({ trend, lang, t, today }: { trend: MoodDay[]; lang: Lang; t: Translate; today: string }) {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (trend.length <= 1 ? innerW / 2 : (i * innerW) / (trend.length - 1));
  const y = (valence: number) => PAD.top + ((1 - Math.max(-1, Math.min(1, valence))) / 2) * innerH;
  // Consecutive days with readings form one stretch of line; a day without any breaks it.
  const runs: { x: number; y: number }[][] = [];
  let run: { x: number; y: number }[] = [];
  trend.forEach((day, i) => {
    if (day.valence === null || day.count === 0) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push({ x: x(i), y: y(day.valence) });
  });
  if (run.length) runs.push(run);
  const described = trend
    .map((d) => `${d.date}: ${d.valence === null ? t("mood.noData") : `${d.dominantLabel ? moodName(d.dominantLabel, lang) : ""} ${d.valence.toFixed(2)}`}`)
    .join("; ");
  return (
    <svg class="mood-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${t("mood.chartLabel")}: ${described}`} data-testid="mood-chart">
      <defs>
        <linearGradient id="mood-band" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0%" class="mood-band-up" />
          <stop offset="50%" class="mood-band-mid" />
          <stop offset="100%" class="mood-band-down" />
        </linearGradient>
      </defs>
      <rect x={PAD.left} y={PAD.top} width={innerW} height={innerH} rx="14" fill="url(#mood-band)" />
      <line class="mood-zero" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
      <text class="mood-axis" x={PAD.left - 12} y={y(0.8)} text-anchor="end" dominant-baseline="middle">
        {t("mood.up")}
      </text>
      <text class="mood-axis" x={PAD.left - 12} y={y(-0.8)} text-anchor="end" dominant-baseline="middle">
        {t("mood.down")}
      </text>
      {runs.map((points, i) => (points.length > 1 ? <path class="mood-line" d={smoothPath(points)} key={i} /> : null))}
      {trend.map((day, i) =>
        day.valence === null || day.count === 0 ? (
          <circle class="mood-dot empty" cx={x(i)} cy={y(0)} r="4" key={day.date} />
        ) : (
          <circle class="mood-dot" cx={x(i)} cy={y(day.valence)} r="7" key={day.date} data-testid="mood-point" data-date={day.date}>
            <title>{`${day.dominantLabel ? moodName(day.dominantLabel, lang) : ""} · ${t("mood.times", { n: day.count })}`}</title>
          </circle>
        ),
      )}
      {trend.map((day, i) => (
        <text class={`mood-day${day.date === today ? " today" : ""}`} x={x(i)} y={H - 14} text-anchor="middle" key={day.date}>
          {weekday(day.date, lang, today)}
        </text>
      ))}
    </svg>
  );
}

function CurrentMood({ current }: { current: MoodNow | null }) {
  const { t, lang } = useApp();
  const expression = current?.expression && EXPRESSIONS.includes(current.expression) ? current.expression : "calm";
  const sure = (current?.confidence ?? 0) >= 0.3 && current?.label;
  return (
    <div class="mood-now" data-testid="mood-now">
      <Face expression={expression} speaking={false} size={72} label={expression} />
      <div>
        <span class="card-kicker">{t("mood.now")}</span>
        <strong class="mood-now-label">{sure ? moodName(current.label!, lang) : t("mood.unknown")}</strong>
      </div>
    </div>
  );
}

export function MoodSection() {
  const { t, lang, now, timeZone } = useApp();
  const mood = useMood(7);
  if (mood.state === "missing") return null;
  const today = dayKey(now, timeZone);
  const trend = mood.state === "ready" ? mood.value.trend : [];
  const anyData = trend.some((d) => d.count > 0 && d.valence !== null);
  return (
    <Section title={t("mood.title")} intro={t("mood.intro")} testId="mood">
      {mood.state === "loading" && <p class="muted">{t("common.loading")}</p>}
      {mood.state === "error" && <Notice tone="warn">{t("common.error", { message: mood.message })}</Notice>}
      {mood.state === "ready" && (
        <div class="mood-body">
          <CurrentMood current={mood.value.current} />
          {anyData ? (
            <MoodChart trend={trend} lang={lang} t={t} today={today} />
          ) : (
            <p class="muted mood-empty" data-testid="mood-empty">
              {t("mood.empty")}
            </p>
          )}
        </div>
      )}
    </Section>
  );
}
