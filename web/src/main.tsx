// The touchscreen page: a side rail (landscape) or bottom bar (portrait) and one screen at a time.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./styles.css";
import { AppProvider, useApp } from "./store";
import { Button, Icon } from "./components";
import { completeReminder, pairedToken, snoozeReminder } from "./api";
import type { MessageKey } from "./i18n";
import { HomePage } from "./pages/home";
import { ChatPage } from "./pages/chat";
import { CarePage } from "./pages/care";
import { RemindersPage } from "./pages/reminders";
import { MyDataPage } from "./pages/my-data";
import { SettingsPage } from "./pages/settings";
import { SafetyCard } from "./safety-card";
import { MusicPage } from "./pages/music";
import { PageSpeaker } from "./speaker";
import { CameraLive } from "./camera";
import { go, screenFromHash, screens, type Screen } from "./nav";

/** A reminder ringing or a care message arriving: shown large, wherever she is, until she answers it. */
function NoticeBanner({ screen }: { screen: Screen }) {
  const { t, lang, notices, dismissNotice, setError, send } = useApp();
  const notice = notices.find((n) => n.kind === "reminder") ?? (screen === "chat" ? undefined : notices[0]);
  if (!notice) return null;
  const act = (action: () => Promise<unknown>) => () => {
    dismissNotice(notice.key);
    action().catch((e: Error) => setError(e.message));
  };
  return (
    <div class={`banner banner-${notice.kind}`} role="alert" data-testid="notice-banner">
      <Icon name={notice.kind === "reminder" ? "reminders" : "care"} size={40} />
      <div class="banner-text">
        <span class="banner-kicker">{t(notice.kind === "reminder" ? "notice.reminder" : "notice.care")}</span>
        <span class="banner-main">{notice.text}</span>
      </div>
      <div class="banner-actions">
        {notice.reminderId && (
          <>
            <Button onClick={act(() => snoozeReminder(notice.reminderId!, 10))}>{t("rem.snooze", { minutes: 10 })}</Button>
            <Button onClick={act(() => completeReminder(notice.reminderId!))}>
              <Icon name="check" size={24} /> {t("rem.done")}
            </Button>
          </>
        )}
        {notice.offer && (
          // Answering the offer is saying 好 to her: the conversation keeps it, and the media fast path plays what was offered.
          <Button variant="primary" onClick={() => (dismissNotice(notice.key), send(lang === "zh" ? "好" : "yes"))} data-testid="notice-play">
            <Icon name="play" size={24} /> {t("notice.playOffer")}
          </Button>
        )}
        {notice.kind === "care" && (
          <Button variant="ghost" onClick={() => (dismissNotice(notice.key), go("care"))}>
            {t("care.why")}
          </Button>
        )}
        <Button variant="primary" onClick={() => dismissNotice(notice.key)} data-testid="notice-ok">
          {t("notice.ok")}
        </Button>
      </div>
    </div>
  );
}

function Shell() {
  const { t, connected, error, setError } = useApp();
  const [screen, setScreen] = useState<Screen>(screenFromHash);

  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);

  // Each screen starts at its top.
  useEffect(() => {
    document.getElementById("main")?.scrollTo(0, 0);
  }, [screen]);

  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setError(null), 6000);
    return () => clearTimeout(timer);
  }, [error]);

  return (
    <div class="shell" data-screen={screen}>
      <nav class="nav" aria-label="Guimi">
        {screens.map((name) => (
          <a
            href={`#/${name}`}
            class={`nav-item${name === screen ? " active" : ""}`}
            aria-current={name === screen ? "page" : undefined}
            data-testid={`nav-${name}`}
            key={name}
          >
            <Icon name={name} size={30} />
            <span>{t(`nav.${name}` as MessageKey)}</span>
          </a>
        ))}
        <span class={`conn ${connected ? "online" : "offline"}`} data-testid="connection" title={t(connected ? "conn.online" : "conn.offline")}>
          <span class="conn-dot" />
          <span class="conn-text">{t(connected ? "conn.online" : "conn.offline")}</span>
        </span>
      </nav>
      <main class="main" id="main">
        {screen === "home" && <HomePage />}
        {screen === "chat" && <ChatPage />}
        {screen === "music" && <MusicPage />}
        {screen === "care" && <CarePage />}
        {screen === "reminders" && <RemindersPage />}
        {screen === "data" && <MyDataPage />}
        {screen === "settings" && <SettingsPage />}
      </main>
      <NoticeBanner screen={screen} />
      <SafetyCard />
      <PageSpeaker />
      <CameraLive />
      {error && (
        // A tap (or Enter) dismisses it: a button inside a live region, so it is also announced.
        <div role="status">
          <button type="button" class="toast" data-testid="toast" onClick={() => setError(null)}>
            {t("common.error", { message: error })}
          </button>
        </div>
      )}
    </div>
  );
}

// Opened from the pairing address (#pair=<token>): keep the token before anything else runs, so a quick tap
// to another screen (which replaces the fragment) cannot lose it.
pairedToken();
render(
  <AppProvider>
    <Shell />
  </AppProvider>,
  document.getElementById("app")!,
);
