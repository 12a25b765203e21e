// Chat: the default conversation, replies streamed over the WebSocket, stop while she replies.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { Face } from "../face";
import { Button, Icon } from "../components";
import { useApp } from "../store";
import { useFace } from "./home";
import { bilingual, pick } from "../i18n";
import { CareWhy } from "./care";
import type { Message } from "../api";

const metaText = (m: Message, key: string): string => (typeof m.meta?.[key] === "string" ? (m.meta[key] as string) : "");
import { formatWhen } from "../time";
import { useVoice } from "../voice";

export function ChatPage() {
  const { t, lang, messages, phase, send, stop, settings, status, loadEarlier, timeZone, connected, setError } = useApp();
  const face = useFace();
  const [text, setText] = useState("");
  const [hasEarlier, setHasEarlier] = useState(true);
  const list = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const replying = phase !== "idle";
  const name = pick(status?.persona.name, lang) || t("app.name");
  const micOn = settings?.sensors.microphone === true;
  const voiceAvailable = status?.voice?.available === true;
  const micUsable = micOn && voiceAvailable;
  const voice = useVoice(micUsable);
  const listening = voice.phase === "listening" || voice.phase === "connecting";
  const recognizer = status?.voice?.recognizer;
  // The server says why voice cannot listen yet; the page repeats it rather than promising a date.
  const voiceReason = status?.voice?.reason ? bilingual(status.voice.reason, lang) : null;
  const micHint = voiceAvailable
    ? t("chat.micOffOnly")
    : voiceReason
      ? micOn
        ? voiceReason
        : t("chat.micOffReason", { reason: voiceReason })
      : micOn
        ? t("chat.micSoon")
        : t("chat.micOff");

  useLayoutEffect(() => {
    const el = list.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  useEffect(() => setHasEarlier(messages.length >= 40), [messages.length > 0]);

  const onScroll = () => {
    const el = list.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const value = text.trim();
    if (!value || replying) return;
    if (!send(value)) {
      setError(t("conn.offline"));
      return;
    }
    stick.current = true;
    setText("");
  };

  const model = status?.model;
  const modelNote =
    model?.state === "none"
      ? t("chat.modelNone")
      : model?.state === "loading"
        ? t("chat.modelLoading")
        : model?.state === "error"
          ? t("chat.modelError", { error: model.error })
          : null;

  return (
    <div class="chat" data-testid="chat">
      <header class="chat-head">
        <Face
          expression={listening ? "listening" : voice.phase === "thinking" ? "thinking" : face.expression}
          speaking={face.speaking || voice.phase === "speaking"}
          size={84}
          label={name}
        />
        <div>
          <h1>{name}</h1>
          <p class="muted" aria-live="polite">
            {face.caption ?? (connected ? t("conn.online") : t("conn.offline"))}
          </p>
        </div>
      </header>
      {modelNote && <p class="notice notice-soft">{modelNote}</p>}
      <div class="chat-list" ref={list} onScroll={onScroll} data-testid="chat-list">
        {messages.length > 0 && hasEarlier && (
          <Button variant="ghost" class="earlier" onClick={() => loadEarlier().then(setHasEarlier)}>
            {t("chat.earlier")}
          </Button>
        )}
        {messages.length === 0 && <p class="empty">{t("chat.empty")}</p>}
        {messages.map((m) => (
          <div class={`bubble-row ${m.role}`} key={m.id}>
            <div class={`bubble ${m.role} ${m.status}`} data-testid={`message-${m.role}`} data-status={m.status} data-id={m.id}>
              {m.role === "care" && <span class="bubble-tag">{t("chat.care")}</span>}
              <span class="bubble-text">{m.text || (m.status === "streaming" ? "…" : "")}</span>
              {m.status === "partial" && <span class="bubble-note">{t("chat.partial")}</span>}
              <span class="bubble-time">{formatWhen(m.createdAt, lang, timeZone)}</span>
              {m.role === "care" && m.meta?.kind !== "reminder" && m.meta?.kind !== "missed-reminder" && (
                <span class="bubble-why">
                  <CareWhy reason={metaText(m, "reason")} rule={metaText(m, "rule")} testId="chat-care-why" />
                </span>
              )}
            </div>
          </div>
        ))}
        {phase === "waiting" && !messages.some((m) => m.status === "streaming" && m.text) && (
          <div class="bubble-row assistant">
            <div class="bubble assistant typing" data-testid="typing" role="status" aria-label={t("face.thinking")}>
              <span />
              <span />
              <span />
            </div>
          </div>
        )}
      </div>
      <form class="composer" onSubmit={submit}>
        <span class="mic-wrap">
          <button
            type="button"
            class="btn btn-soft round mic"
            disabled={!micUsable}
            aria-label={t("chat.mic")}
            aria-describedby="mic-hint"
            data-testid="mic"
            aria-pressed={listening}
            data-phase={voice.phase}
            onPointerDown={voice.press}
            onPointerUp={voice.release}
            onPointerLeave={voice.release}
          >
            <Icon name="mic" size={32} />
          </button>
        </span>
        <input
          class="chat-input"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
          placeholder={t("chat.placeholder")}
          aria-label={t("chat.placeholder")}
          enterKeyHint="send"
          maxLength={4000}
          data-testid="chat-input"
        />
        {replying ? (
          <Button variant="danger" class="round-wide" onClick={stop} data-testid="chat-stop">
            <Icon name="stop" size={26} /> {t("chat.stop")}
          </Button>
        ) : (
          <Button variant="primary" type="submit" class="round-wide" disabled={!text.trim()} data-testid="chat-send">
            <Icon name="send" size={26} /> {t("chat.send")}
          </Button>
        )}
      </form>
      {!micUsable && (
        <p class="mic-hint muted" id="mic-hint" data-testid="mic-hint">
          {micHint}
        </p>
      )}
      {micUsable && (
        <p class="mic-hint muted" id="mic-hint" data-testid="voice-line" aria-live="polite">
          {voice.error
            ? voice.error
            : voice.transcript
              ? `“${voice.transcript}”`
              : t(voice.handsFree ? "chat.voiceHandsFree" : "chat.voiceHold", {
                  recognizer: recognizer ? `${recognizer.id} (${recognizer.languages.join("/")})` : "",
                })}
        </p>
      )}
    </div>
  );
}
