// Care feed: every proactive message, each with "为什么提醒你？" opening the reason it was sent.
import { useState } from "preact/hooks";
import { Icon, Notice } from "../components";
import { useApp } from "../store";
import { useCareMessages } from "../hooks";
import { formatWhen } from "../time";
import type { Message } from "../api";

function reasonOf(message: Message, lang: "zh" | "en"): { rule: string | null; reason: string | null } {
  const meta = message.meta ?? {};
  const rule = typeof meta.rule === "string" ? meta.rule : null;
  const raw = meta.reason;
  let reason: string | null = null;
  if (typeof raw === "string") reason = raw;
  else if (raw && typeof raw === "object") {
    const pair = raw as { zh?: unknown; en?: unknown };
    const side = lang === "en" ? pair.en ?? pair.zh : pair.zh ?? pair.en;
    reason = typeof side === "string" ? side : JSON.stringify(raw);
  }
  return { rule, reason };
}

function CareItem({ message }: { message: Message }) {
  const { t, lang, timeZone } = useApp();
  const [open, setOpen] = useState(false);
  const { rule, reason } = reasonOf(message, lang);
  return (
    <li class="card care-item" data-testid="care-item">
      <p class="care-when muted">{formatWhen(message.createdAt, lang, timeZone)}</p>
      <p class="care-text">{message.text}</p>
      <button type="button" class="btn btn-ghost why" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="care-why">
        <Icon name="chevron" size={22} /> {open ? t("care.hideWhy") : t("care.why")}
      </button>
      {open && (
        <div class="care-reason" data-testid="care-reason">
          {reason ? <p>{reason}</p> : <p class="muted">{t("care.noReason")}</p>}
          {rule && <p class="muted small">{t("care.rule", { rule })}</p>}
        </div>
      )}
    </li>
  );
}

export function CarePage() {
  const { t } = useApp();
  const { care } = useCareMessages();
  return (
    <div class="page" data-testid="care">
      <header class="page-head">
        <h1>{t("care.title")}</h1>
        <p class="muted">{t("care.intro")}</p>
      </header>
      {care.state === "loading" && <p class="muted">{t("common.loading")}</p>}
      {care.state === "error" && <Notice tone="warn">{t("common.error", { message: care.message })}</Notice>}
      {care.state === "ready" && care.value.length === 0 && (
        <div class="empty-state" data-testid="care-empty">
          <Icon name="care" size={64} />
          <p>{t("care.empty")}</p>
        </div>
      )}
      {care.state === "ready" && care.value.length > 0 && (
        <ul class="care-list">
          {care.value.map((m) => (
            <CareItem message={m} key={`${m.conversationId}:${m.id}`} />
          ))}
        </ul>
      )}
    </div>
  );
}
