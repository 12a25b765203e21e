// Care feed: every proactive message (GET /care), each with "为什么提醒你？" opening the reason it was sent.
import { useState } from "preact/hooks";
import { Button, Icon, Notice } from "../components";
import { useApp } from "../store";
import { useCareFeed } from "../hooks";
import { ruleName } from "../i18n";
import { formatWhen } from "../time";
import type { CareMessage } from "../api";

/** The folded "why" under a care message: the reason in her language, and which rule spoke. */
export function CareWhy({ reason, rule, testId = "care-why" }: { reason: string; rule: string; testId?: string }) {
  const { t, lang } = useApp();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class="btn btn-ghost why" aria-expanded={open} onClick={() => setOpen(!open)} data-testid={testId}>
        <Icon name="chevron" size={22} /> {open ? t("care.hideWhy") : t("care.why")}
      </button>
      {open && (
        <div class="care-reason" data-testid="care-reason">
          {reason ? <p>{reason}</p> : <p class="muted">{t("care.noReason")}</p>}
          {rule && <p class="muted small">{t("care.rule", { rule: ruleName(rule, lang) === rule ? rule : `${ruleName(rule, lang)} (${rule})` })}</p>}
        </div>
      )}
    </>
  );
}

function CareItem({ message }: { message: CareMessage }) {
  const { t, lang, timeZone } = useApp();
  return (
    <li class="card care-item" data-testid="care-item" data-rule={message.rule}>
      <p class="care-meta">
        {message.rule && <span class="care-tag">{ruleName(message.rule, lang)}</span>}
        <span class="care-when muted">{formatWhen(message.at, lang, timeZone)}</span>
        {message.respondedAt && (
          <span class="care-answered muted">
            <Icon name="check" size={18} /> {t("care.responded")}
          </span>
        )}
      </p>
      <p class="care-text">{message.text}</p>
      <CareWhy reason={message.reason} rule={message.rule} />
    </li>
  );
}

export function CarePage() {
  const { t } = useApp();
  const { care, hasMore, more } = useCareFeed();
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
            <CareItem message={m} key={m.messageId ?? m.id} />
          ))}
        </ul>
      )}
      {hasMore && (
        <Button variant="ghost" class="care-more" onClick={more} data-testid="care-more">
          {t("care.more")}
        </Button>
      )}
    </div>
  );
}
