// Reminders: one sentence to add ("明天下午三点提醒我给妈妈打电话"), the server's confirmation shown back;
// snooze, done, delete; the calendar file to download.
import { useState } from "preact/hooks";
import { addReminder, apiUrl, downloadClick, completeReminder, deleteReminder, snoozeReminder, type Reminder } from "../api";
import { Button, Dialog, Icon, Notice } from "../components";
import { useApp } from "../store";
import { useReminders } from "../hooks";
import { formatWhen } from "../time";

const SNOOZE_MINUTES = 10;

export function RemindersPage() {
  const { t, lang, timeZone, now, setError } = useApp();
  const { reminders, reload } = useReminders();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useState<{ ok: boolean; text: string } | null>(null);
  const [toDelete, setToDelete] = useState<Reminder | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = text.trim();
    if (!value || busy) return;
    setBusy(true);
    try {
      const result = await addReminder(value);
      setConfirmation({ ok: true, text: result.confirmation });
      setText("");
      reload();
    } catch (error) {
      setConfirmation({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const act = (action: () => Promise<unknown>) => () => action().then(reload, (e: Error) => setError(e.message));

  if (reminders.state === "missing")
    return (
      <div class="page" data-testid="reminders">
        <header class="page-head">
          <h1>{t("rem.title")}</h1>
        </header>
        <div class="empty-state" data-testid="reminders-unavailable">
          <Icon name="reminders" size={64} />
          <p>{t("rem.unavailable")}</p>
        </div>
      </div>
    );

  // Every active reminder, soonest first, then the five most recently finished ones.
  const all = reminders.state === "ready" ? reminders.value : [];
  const active = all.filter((r) => r.status === "active").sort((a, b) => (when(a) < when(b) ? -1 : 1));
  const finished = all
    .filter((r) => r.status !== "active")
    .sort((a, b) => (when(a) < when(b) ? 1 : -1))
    .slice(0, 5);
  const list = [...active, ...finished];

  return (
    <div class="page" data-testid="reminders">
      <header class="page-head row">
        <h1>{t("rem.title")}</h1>
        <a
          class="btn btn-ghost"
          href={apiUrl("reminders/export.ics")}
          download="guimi-reminders.ics"
          onClick={downloadClick("reminders/export.ics", "guimi-reminders.ics")}
          data-testid="reminders-ics"
        >
          <Icon name="download" size={24} /> {t("rem.ics")}
        </a>
      </header>
      <form class="card add-reminder" onSubmit={submit}>
        <input
          class="big-input"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
          placeholder={t("rem.placeholder")}
          aria-label={t("rem.placeholder")}
          maxLength={500}
          enterKeyHint="done"
          data-testid="reminder-input"
        />
        <Button variant="primary" type="submit" disabled={busy || !text.trim()} data-testid="reminder-add">
          {busy ? t("rem.adding") : t("rem.add")}
        </Button>
      </form>
      {confirmation && (
        <Notice tone={confirmation.ok ? "soft" : "warn"} testId="reminder-confirmation">
          {confirmation.ok && <Icon name="check" size={24} />} {confirmation.text}
        </Notice>
      )}
      {reminders.state === "loading" && <p class="muted">{t("common.loading")}</p>}
      {reminders.state === "error" && <Notice tone="warn">{t("common.error", { message: reminders.message })}</Notice>}
      {reminders.state === "ready" && list.length === 0 && (
        <div class="empty-state">
          <Icon name="reminders" size={64} />
          <p>{t("rem.empty")}</p>
        </div>
      )}
      <ul class="reminder-list">
        {list.map((r) => (
          <li class={`card reminder ${r.status}`} key={r.id} data-testid="reminder-item">
            <div class="reminder-main">
              <strong class="reminder-title">{r.title}</strong>
              <span class="muted">
                {r.status === "active" ? formatWhen(when(r), lang, timeZone, now) : t(r.status === "done" ? "rem.status.done" : "rem.status.cancelled")}
                {r.rrule && ` · ${t("rem.repeat")}`}
                {r.status === "active" && r.snoozedUntil && ` · ${t("rem.snoozedUntil", { time: formatWhen(r.snoozedUntil, lang, timeZone, now) })}`}
              </span>
            </div>
            <div class="reminder-actions">
              {r.status === "active" && (
                <>
                  <Button onClick={act(() => snoozeReminder(r.id, SNOOZE_MINUTES))} data-testid="reminder-snooze">
                    {t("rem.snooze", { minutes: SNOOZE_MINUTES })}
                  </Button>
                  <Button onClick={act(() => completeReminder(r.id))} data-testid="reminder-done">
                    <Icon name="check" size={24} /> {t("rem.done")}
                  </Button>
                </>
              )}
              <Button variant="ghost" class="icon-only" aria-label={t("rem.delete")} onClick={() => setToDelete(r)} data-testid="reminder-delete">
                <Icon name="trash" size={26} />
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {toDelete && (
        <Dialog
          title={t("rem.deleteConfirm", { title: toDelete.title })}
          onClose={() => setToDelete(null)}
          actions={
            <>
              <Button onClick={() => setToDelete(null)}>{t("common.cancel")}</Button>
              <Button
                variant="danger"
                data-testid="reminder-delete-confirm"
                onClick={() => {
                  const id = toDelete.id;
                  setToDelete(null);
                  act(() => deleteReminder(id))();
                }}
              >
                {t("rem.delete")}
              </Button>
            </>
          }
        >
          {null}
        </Dialog>
      )}
    </div>
  );
}

const when = (r: Reminder) => r.nextAt ?? r.snoozedUntil ?? r.dueAt;
