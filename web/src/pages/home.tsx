// Home: her face, a greeting, a big clock, the next reminder and today's care — readable from a metre away.
import { useEffect, useRef, useState } from "preact/hooks";
import { Face } from "../face";
import { Button, Icon } from "../components";
import { useApp } from "../store";
import { nextReminder, useCareFeed, useReminders, useWeather } from "../hooks";
import { pick, weatherName } from "../i18n";
import { dayKey, formatClock, formatDate, formatWhen, greetingFor, hourIn } from "../time";
import { go } from "../nav";
import type { Expression } from "../api";
import { BreathingCircle, NowPlaying } from "./music";

/**
 * What the face shows: thinking while she waits, her mood while words stream (mouth moving), then the
 * expression the server chose for the finished reply (e.g. "concerned" for crisis care) while it is said.
 */
export function useFace(): { expression: Expression; speaking: boolean; caption: string | null } {
  const { phase, deltaTick, mood, replyFace, t } = useApp();
  const [talking, setTalking] = useState(false);
  const seenTick = useRef(deltaTick);
  useEffect(() => {
    // Only words arriving while this face is on screen move its mouth.
    if (deltaTick === seenTick.current) return;
    seenTick.current = deltaTick;
    setTalking(true);
    const timer = setTimeout(() => setTalking(false), 450);
    return () => clearTimeout(timer);
  }, [deltaTick]);
  if (phase === "waiting") return { expression: "thinking", speaking: false, caption: t("face.thinking") };
  if (phase === "idle" && replyFace) return { expression: replyFace.expression, speaking: true, caption: t("face.speaking") };
  const speaking = phase === "streaming" || talking;
  return { expression: mood, speaking, caption: speaking ? t("face.speaking") : null };
}

export function HomePage() {
  const { t, lang, now, timeZone, status, relationship } = useApp();
  const face = useFace();
  const { reminders } = useReminders();
  const { care } = useCareFeed(10);
  const weather = useWeather();
  const name = pick(status?.persona.name, lang) || t("app.name");
  const today = dayKey(now, timeZone);
  const careToday = care.state === "ready" ? care.value.filter((m) => dayKey(new Date(m.at), timeZone) === today) : [];
  const greeting = t(greetingFor(hourIn(now, timeZone)));
  const nickname = relationship?.preferences.nickname;
  const days = relationship?.daysTogether ?? 0;
  const next = reminders.state === "ready" ? nextReminder(reminders.value) : null;

  return (
    <div class="home" data-testid="home">
      <div class="home-face">
        <button type="button" class="face-button" onClick={() => go("chat")} aria-label={t("home.talk")} data-testid="home-face">
          <Face expression={face.expression} speaking={face.speaking} size={340} label={`${name} · ${face.expression}`} />
        </button>
        <p class="face-caption" aria-live="polite">
          {face.caption ?? "\u00a0"}
        </p>
      </div>
      <div class="home-info">
        <p class="greeting" data-testid="greeting">
          {nickname ? t("greet.withName", { greeting, name: nickname }) : greeting}
        </p>
        <p class="greeting-sub muted">
          {t("greet.sub", { name })}
          {days > 0 && (
            <span class="together" data-testid="days-together">
              <Icon name="care" size={18} />
              {days === 1 ? t("home.firstDay") : t("home.daysTogether", { n: days })}
            </span>
          )}
        </p>
        <div class="clock" data-testid="clock">
          {formatClock(now, timeZone)}
        </div>
        <div class="date-row">
          <p class="date">{formatDate(now, lang, timeZone)}</p>
          {weather && (
            <div class="card weather-card" data-testid="weather" title={`${t("home.weather")} · ${weather.source}`}>
              <Icon name={/clear|sunny/i.test(weather.condition) ? "sun" : "cloud"} size={28} />
              {typeof weather.tempC === "number" && <span class="weather-temp">{Math.round(weather.tempC)}°</span>}
              <span class="weather-cond">{weatherName(weather.condition, lang)}</span>
              <span class="weather-at muted">{t("weather.updated", { time: formatWhen(weather.at, lang, timeZone, now) })}</span>
            </div>
          )}
        </div>

        <BreathingCircle />
        <NowPlaying compact />
        <div class="home-cards">
          {reminders.state !== "missing" && (
            <button type="button" class="card home-card" onClick={() => go("reminders")} data-testid="home-next-reminder">
              <span class="card-kicker">
                <Icon name="reminders" size={24} /> {t("home.nextReminder")}
              </span>
              {next ? (
                <span class="card-main">
                  <strong>{next.title}</strong>
                  <span class="muted">{formatWhen(next.nextAt ?? next.snoozedUntil ?? next.dueAt, lang, timeZone, now)}</span>
                </span>
              ) : (
                <span class="card-main muted">{reminders.state === "loading" ? t("common.loading") : t("home.noReminder")}</span>
              )}
            </button>
          )}
          <div class="card home-card home-care" data-testid="home-care">
            <span class="card-kicker">
              <Icon name="care" size={24} /> {t("home.careToday")}
            </span>
            {careToday.length === 0 ? (
              <span class="card-main muted">{t("home.noCareToday")}</span>
            ) : (
              <ul class="care-mini">
                {careToday.slice(0, 3).map((m) => (
                  <li key={m.messageId ?? m.id} class="care-mini-item">
                    <span class="care-time">{formatClock(new Date(m.at), timeZone)}</span>
                    <span>{m.text}</span>
                  </li>
                ))}
              </ul>
            )}
            {careToday.length > 0 && (
              <Button variant="ghost" onClick={() => go("care")}>
                {t("care.why")} <Icon name="chevron" size={22} />
              </Button>
            )}
          </div>
        </div>
        <Button variant="primary" class="talk-button" onClick={() => go("chat")} data-testid="home-talk">
          <Icon name="chat" size={28} /> {t("home.talk")}
        </Button>
      </div>
    </div>
  );
}
