// End to end: the touchscreen page in a real browser (Debian's chromium through playwright-core),
// against the daemon in-process with the real tiny model and a real SQLite file, on both screens.
// Saves screenshots to docs/screenshots/<screen>-<size>.png for design review.
import { hasHan } from "../kernel/lang.js";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { startDaemon, type RunningDaemon } from "../server/daemon.js";
import { routeModules } from "../server/route-modules.js";
import { makeTempDir, projectRoot, tinyModelPath } from "../testing/paths.js";
import { browserSkipReason, launchChromium } from "./browser.js";

// The README's screenshots are refreshed on request (GUIMI_SCREENSHOTS=1 npm test); otherwise they go to a temp dir.
const screenshots = process.env.GUIMI_SCREENSHOTS === "1" ? join(projectRoot, "docs", "screenshots") : join(tmpdir(), "guimi-screenshots");
const skip = browserSkipReason() || (!existsSync(tinyModelPath) ? `tiny model missing: ${tinyModelPath}` : false);

const sizes = [
  { name: "1280x800", width: 1280, height: 800 },
  { name: "800x1280", width: 800, height: 1280 },
];

// Both screen sizes run the whole flow with the real model: on a loaded 2-core machine that takes over two minutes.
describe("touchscreen page", { skip, timeout: 300_000 }, () => {
  let app: GuimiApp;
  let daemon: RunningDaemon;
  let browser: Browser;
  const temp = makeTempDir("guimi-web-e2e-");
  // The daemon's clock can be moved back to hold a conversation "on an earlier day" (the mood timeline).
  let clockShiftMs = 0;
  const DAY_MS = 86_400_000;

  const api = async <T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
    const response = await fetch(new URL(`api/v1/${path}`, daemon.url), init);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const postJson = <T>(path: string, body: unknown) =>
    api<T>(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const categoryCounts = async () =>
    Object.fromEntries((await api<{ categories: { id: string; count: number }[] }>("data")).body.categories.map((c) => [c.id, c.count]));

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    app = await createGuimiApp({ dataDir: temp.dir, model: tinyModelPath, now: () => new Date(Date.now() + clockShiftMs) });
    daemon = await startDaemon(app, { host: "127.0.0.1", port: 0, modules: routeModules });
    await app.modelReady;
    browser = await launchChromium(["--disable-component-update", "--disable-sync", "--disable-quic"]);
  });

  after(async () => {
    await browser?.close();
    await daemon?.stop();
    await app?.close();
    temp.cleanup();
  });

  for (const size of sizes) {
    describe(`at ${size.name}`, () => {
      let context: BrowserContext;
      let page: Page;
      const externalRequests: string[] = [];
      /** reply-end events as the page received them over its WebSocket. */
      const replyEnds: { text: string; expression?: string }[] = [];
      const shot = async (screen: string) => {
        // A proactive message the care engine said on its own (e.g. after the mood test's good days) is answered first.
        while ((await page.getByTestId("notice-ok").count()) > 0) await page.getByTestId("notice-ok").first().tap();
        await page.waitForTimeout(350); // let the 0.25 s transitions (switches, nav highlight) settle
        await page.screenshot({ path: join(screenshots, `${screen}-${size.name}.png`) });
      };
      const open = async (screen: string) => {
        // The first visit loads the page; later ones switch screens in place, as a touch on the nav would.
        if (page.url().startsWith(daemon.url)) await page.evaluate((name) => (location.hash = `/${name}`), screen);
        else await page.goto(new URL(`#/${screen}`, daemon.url).href);
        await page.getByTestId(screen === "data" ? "my-data" : screen).waitFor();
      };

      /** Opens Home afresh and waits for its weather answer: the card shows exactly when /weather has some. */
      const reopenHome = async (): Promise<{ status: number; current: { condition: string; tempC: number | null } | null }> => {
        if (page.url().includes("#/home")) await open("chat");
        const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/weather");
        await open("home");
        const response = await answered;
        const body = response.status() === 200 ? ((await response.json()) as { current: { condition: string; tempC: number | null } | null }) : null;
        const current = body?.current ?? null;
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid="weather"]').length === n, current ? 1 : 0);
        return { status: response.status(), current };
      };

      before(async () => {
        context = await browser.newContext({
          viewport: { width: size.width, height: size.height },
          hasTouch: true,
          isMobile: false,
          acceptDownloads: true,
          locale: "zh-CN",
        });
        await context.addInitScript(() => localStorage.setItem("guimi.theme", "light"));
        page = await context.newPage();
        page.on("websocket", (ws) =>
          ws.on("framereceived", ({ payload }) => {
            try {
              const event = JSON.parse(String(payload)) as { type?: string; text: string; expression?: string };
              if (event.type === "reply-end") replyEnds.push(event);
            } catch {
              /* not JSON */
            }
          }),
        );
        page.on("request", (request) => {
          const url = new URL(request.url());
          if (!["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol !== "data:") externalRequests.push(request.url());
        });
      });
      after(async () => {
        await context?.close();
      });

      test("home shows the face, a greeting and the clock, and asks nothing from outside", async () => {
        // The weather card shows only what the server knows (nothing at first), never invented weather.
        const weather = await reopenHome();
        if (size === sizes[0]) assert.equal(weather.current, null);
        await page.getByTestId("connection").and(page.locator(".online")).waitFor();
        const face = page.locator("svg.face").first();
        assert.match((await face.getAttribute("data-expression")) ?? "", /^(happy|calm|concerned|sleepy|surprised|listening|thinking)$/);
        assert.match((await page.getByTestId("clock").textContent()) ?? "", /^\d\d:\d\d$/);
        assert.match((await page.getByTestId("greeting").textContent()) ?? "", /好|夜深/);
        // Every touch target on screen is at least 48 px each way.
        const small = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>("button, a, input"))
            .filter((el) => el.offsetParent !== null)
            .map((el) => ({ name: el.dataset.testid ?? el.textContent?.trim() ?? el.tagName, rect: el.getBoundingClientRect() }))
            .filter(({ rect }) => rect.width < 48 || rect.height < 48)
            .map(({ name }) => name),
        );
        assert.deepEqual(small, []);
        assert.deepEqual(externalRequests, []);
      });

      test("chat: a reply streams in from the small model, the face thinks then speaks, and both sides are stored", async () => {
        await open("chat");
        // The microphone is off by default and voice is not available: disabled, with the server's own reason.
        assert.equal(await page.getByTestId("mic").isDisabled(), true);
        const voice = (await api<{ voice?: { available: boolean; reason?: string } }>("status")).body.voice;
        const hint = (await page.getByTestId("mic-hint").textContent()) ?? "";
        assert.match(hint, /麦克风已关闭/);
        if (voice && !voice.available && voice.reason) {
          const zhReason = voice.reason.split(" / ").find((part) => hasHan(part)) ?? voice.reason;
          assert.ok(hint.includes(zhReason), `"${hint}" repeats the server's reason "${zhReason}"`);
        }
        await page.evaluate(() => {
          const seen: string[] = [];
          (window as unknown as { faceStates: string[] }).faceStates = seen;
          const face = document.querySelector(".chat-head svg.face")!;
          new MutationObserver(() => seen.push(`${face.getAttribute("data-expression")}/${face.getAttribute("data-speaking")}`)).observe(face, {
            attributes: true,
          });
        });
        const text = `你好呀，今天有点累 ${size.name}`;
        await page.getByTestId("chat-input").fill(text);
        await page.getByTestId("chat-send").tap();
        await page.getByTestId("message-user").filter({ hasText: text }).waitFor();
        const reply = page.getByTestId("message-assistant").last();
        await page.waitForFunction(() => {
          const bubbles = document.querySelectorAll('[data-testid="message-assistant"]');
          const last = bubbles[bubbles.length - 1];
          return last && last.getAttribute("data-status") !== "streaming" && !document.querySelector('[data-testid="chat-stop"]');
        });
        await page.getByTestId("chat-send").waitFor();
        // The face says the finished reply with the expression the server chose for it.
        const end = replyEnds.at(-1);
        assert.ok(end, "the page received reply-end");
        if (end.expression && end.text.trim()) {
          await page.waitForFunction((e) => document.querySelector(".chat-head svg.face")?.getAttribute("data-expression") === e, end.expression, {
            timeout: 2000,
          });
          assert.equal(await page.locator(".chat-head svg.face").getAttribute("data-speaking"), "true");
        }
        const states = await page.evaluate(() => (window as unknown as { faceStates: string[] }).faceStates);
        assert.ok(
          states.some((s) => s.startsWith("thinking/")),
          `face went through "thinking": ${states.join(", ")}`,
        );
        assert.ok(
          states.some((s) => s.endsWith("/true")),
          `mouth moved while the reply streamed: ${states.join(", ")}`,
        );
        const shown = ((await reply.locator(".bubble-text").textContent()) ?? "").trim();
        const stored = (await api<{ messages: { role: string; text: string; status: string }[] }>("conversations/default/messages")).body.messages;
        const userIndex = stored.findIndex((m) => m.role === "user" && m.text === text);
        assert.ok(userIndex >= 0, "her message is stored");
        const storedReply = stored[userIndex + 1];
        assert.equal(storedReply?.role, "assistant");
        assert.equal(storedReply?.status, "complete");
        assert.equal(storedReply?.text.trim(), shown === "…" ? "" : shown);
      });

      test("care: an empty state, then a proactive message arrives live with its reason, on the feed, in chat and on Home", async () => {
        await open("care");
        await page.getByTestId("care-empty").waitFor();
        const text = `下午啦，记得喝杯水哦～(${size.name})`;
        app.deliver({ kind: "care", rule: "water", reason: "已经三个小时没有喝水的记录了，下午容易口渴犯困", text, lang: "zh" });
        const banner = page.getByTestId("notice-banner");
        await banner.getByText(text).waitFor();
        const item = page.getByTestId("care-item").filter({ hasText: text });
        await item.waitFor();
        assert.match((await item.locator(".care-tag").textContent()) ?? "", /喝水/);
        assert.equal(await item.getByTestId("care-reason").count(), 0, "the reason stays folded until asked");
        await item.getByTestId("care-why").tap();
        assert.match((await item.getByTestId("care-reason").textContent()) ?? "", /三个小时没有喝水/);
        assert.match((await item.getByTestId("care-reason").textContent()) ?? "", /water/);
        await page.getByTestId("notice-ok").tap();
        await banner.waitFor({ state: "detached" });
        // The feed is the care API's list (plus what arrived live): it answers with rule and reason too.
        const served = await api<{ messages: { rule: string; reason: string }[] }>("care?limit=20");
        assert.equal(served.status, 200);
        assert.ok(served.body.messages.every((m) => typeof m.rule === "string" && typeof m.reason === "string"));
        await shot("care");
        await open("chat");
        const bubble = page.getByTestId("message-care").filter({ hasText: text });
        await bubble.getByTestId("chat-care-why").tap();
        assert.match((await bubble.getByTestId("care-reason").textContent()) ?? "", /三个小时没有喝水/);
        await page.getByTestId("chat-list").evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await shot("chat");
        await open("home");
        await page.getByTestId("home-care").getByText(text).waitFor();
      });

      test("home: the weather card stays hidden without data and appears after a weather signal", async () => {
        const before = await reopenHome();
        if (size === sizes[0]) assert.equal(before.current, null, "no weather known yet: no card");
        const signal = await postJson<{ recorded: boolean }>("signals", { type: "weather", condition: "rain", tempC: 18 });
        assert.equal(signal.status, 200);
        assert.equal(signal.body.recorded, true);
        const after = await reopenHome();
        assert.equal(after.status, 200);
        assert.equal(after.current?.condition, "rain");
        assert.match((await page.getByTestId("weather").textContent()) ?? "", /18°.*雨/);
      });

      test("mood: after a few utterances on different days, the 7-day chart and the current mood show in 我的数据", async () => {
        const days: [number, string][] = [
          [6, "今天和朋友去吃火锅了，好开心！"],
          [5, "有点累，不过还好"],
          [3, "今天被老板批评了，好难过"],
          [2, "心情一般般吧"],
          [1, "周末去公园散步，阳光好舒服"],
        ];
        try {
          for (const [ago, text] of days) {
            clockShiftMs = -ago * DAY_MS;
            const turn = await postJson<unknown>("chat", { text });
            assert.equal(turn.status, 200);
          }
        } finally {
          clockShiftMs = 0;
        }
        const trend = (await api<{ trend: { date: string; count: number }[] }>("mood")).body.trend;
        assert.equal(trend.length, 7);
        const withData = trend.filter((d) => d.count > 0).length;
        assert.ok(withData >= 5, `days with readings: ${withData}`);
        await open("home");
        await open("data");
        const chart = page.getByTestId("mood").getByTestId("mood-chart");
        await chart.waitFor();
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid="mood-point"]').length === n, withData);
        assert.equal((await chart.locator("path.mood-line").count()) > 0, true, "consecutive days are joined by a line");
        assert.ok(((await page.getByTestId("mood-now").textContent()) ?? "").length > 2);
        await page.evaluate(() => document.getElementById("main")?.scrollTo(0, 0));
        await shot("my-data");
      });

      test("home: she asks to be called 小鱼 in chat, and Home greets her so, with the days together", async () => {
        await open("chat");
        await page.getByTestId("chat-input").fill("以后叫我小鱼吧");
        await page.getByTestId("chat-send").tap();
        await page.getByTestId("message-assistant").filter({ hasText: "小鱼" }).waitFor();
        assert.equal((await api<{ preferences: { nickname: string | null } }>("relationship")).body.preferences.nickname, "小鱼");
        await page.getByTestId("chat-send").waitFor();
        await open("home");
        await page.getByTestId("greeting").filter({ hasText: "小鱼" }).waitFor();
        const days = (await api<{ daysTogether: number }>("relationship")).body.daysTogether;
        assert.ok(days >= 7, `the conversation began ${days} days ago`);
        assert.match((await page.getByTestId("days-together").textContent()) ?? "", new RegExp(`第 ${days} 天`));
        // The reply's own expression has had its moment; the face is back to her mood.
        await page.waitForFunction(() => document.querySelector(".home-face svg.face")?.getAttribute("data-speaking") === "false", null, { timeout: 9000 });
        await shot("home");
      });

      test("reminders: one sentence in, the server's confirmation shown, then snooze, done and delete", async () => {
        await open("reminders");
        await page.getByTestId("reminder-input").fill("明天下午三点提醒我给妈妈打电话");
        await page.getByTestId("reminder-add").tap();
        const confirmation = page.getByTestId("reminder-confirmation");
        await confirmation.waitFor();
        assert.match((await confirmation.textContent()) ?? "", /妈妈/);
        const item = page.getByTestId("reminder-item").filter({ hasText: "妈妈" }).first();
        await item.waitFor();
        await page.getByTestId("reminder-input").fill("每天早上八点提醒我喝水");
        await page.getByTestId("reminder-add").tap();
        await page.getByTestId("reminder-item").filter({ hasText: "喝水" }).first().waitFor();
        await shot("reminders");
        await item.getByTestId("reminder-snooze").tap();
        await item.getByTestId("reminder-done").tap();
        await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="reminder-item"]')).some((el) => el.classList.contains("done")));
        const water = page.getByTestId("reminder-item").filter({ hasText: "喝水" }).first();
        await water.getByTestId("reminder-delete").tap();
        await page.getByTestId("reminder-delete-confirm").tap();
        await water.waitFor({ state: "detached" });
        const ics = await api<unknown>("reminders/export.ics").catch(() => ({ status: 0 }));
        assert.notEqual(ics.status, 404);
      });

      test("my data: every category with its count; a single message can be deleted", async () => {
        await open("data");
        const before = await categoryCounts();
        assert.ok((before.conversations ?? 0) >= 2, "the chat above was stored");
        const card = page.getByTestId("category-conversations");
        await card.getByTestId("category-open").tap();
        await card.getByTestId("data-item").first().waitFor();
        // The sensor switches write through to the settings.
        await page.getByTestId("sensor-touch").tap();
        await page.waitForFunction(() => document.querySelector('[data-testid="sensor-touch"]')?.getAttribute("aria-checked") === "true");
        assert.equal((await api<{ sensors: { touch: boolean } }>("settings")).body.sensors.touch, true);
        await page.getByTestId("sensor-touch").tap();
        const firstId = await card.getByTestId("data-item").first().getAttribute("data-id");
        await card.getByTestId("data-item").first().getByTestId("item-delete").tap();
        await card.locator(`[data-testid="data-item"][data-id="${firstId}"]`).waitFor({ state: "detached" });
        await page.waitForFunction(
          (n) => document.querySelector('[data-testid="category-conversations"]')?.getAttribute("data-count") === String(n),
          (before.conversations ?? 0) - 1,
        );
        assert.equal((await categoryCounts()).conversations, (before.conversations ?? 0) - 1);
      });

      test("my data: a memory can be viewed and forgotten", async () => {
        assert.ok("memories" in (await categoryCounts()), "the memories category is listed");
        await api("memories", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "我下周三有面试，有点紧张" }) });
        await open("home");
        await open("data");
        const card = page.getByTestId("category-memories");
        const count = Number(await card.getAttribute("data-count"));
        assert.ok(count >= 1);
        await card.getByTestId("category-open").tap();
        const item = card.getByTestId("data-item").filter({ hasText: "面试" }).first();
        await item.getByTestId("item-delete").tap();
        await page.waitForFunction((n) => document.querySelector('[data-testid="category-memories"]')?.getAttribute("data-count") === String(n), count - 1);
        assert.equal((await categoryCounts()).memories, count - 1);
      });

      test("my data: pairing a device shows its QR code; revoking it removes the device and its token", async () => {
        await open("data");
        const section = page.getByTestId("devices");
        await section.getByTestId("device-pair").tap();
        await page.getByTestId("device-name").fill(`phone ${size.name}`);
        await page.getByTestId("device-pair-confirm").tap();
        const qr = page.getByTestId("device-qr");
        await qr.waitFor();
        assert.match((await qr.getAttribute("alt")) ?? "", /#pair=[A-Za-z0-9_-]{16,}$/);
        assert.ok(((await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)) as number) > 0, "the QR code renders");
        const token = /#pair=(.+)$/.exec((await qr.getAttribute("alt"))!)![1]!;
        await shot("pair-device");
        await page.getByTestId("device-qr-dialog").getByRole("button").last().tap();
        const row = section.getByTestId("device").filter({ hasText: `phone ${size.name}` });
        await row.waitFor();
        const devices = (await api<{ devices: { id: string; name: string }[] }>("devices")).body.devices;
        const id = devices.find((d) => d.name === `phone ${size.name}`)!.id;
        assert.ok(app.devices.authenticate(token));
        await row.getByTestId("device-revoke").tap();
        await row.waitFor({ state: "detached" });
        assert.equal(app.devices.authenticate(token), null);
        assert.ok(!(await api<{ devices: { id: string }[] }>("devices")).body.devices.some((d) => d.id === id));
      });

      test("my data: export downloads a JSON archive with every category", async () => {
        const download = page.waitForEvent("download");
        await page.getByTestId("export-json").tap();
        const file = await (await download).path();
        const archive = JSON.parse(readFileSync(file, "utf8")) as { format: string; categories: Record<string, unknown> };
        assert.equal(archive.format, "guimi-export");
        const listed = (await api<{ categories: { id: string }[] }>("data")).body.categories.map((c) => c.id);
        assert.deepEqual(Object.keys(archive.categories).sort(), listed.sort());
        assert.ok(Array.isArray(archive.categories.conversations) && archive.categories.conversations.length > 0);
      });

      test("my data: erase everything after a strong confirmation; every count goes to 0", async () => {
        await page.getByTestId("erase-all").tap();
        const dialog = page.getByTestId("erase-all-dialog");
        await dialog.waitFor();
        assert.equal(await page.getByTestId("erase-all-confirm").isDisabled(), true, "the final button waits for her acknowledgement");
        if (size.name === "800x1280") await shot("erase-dialog");
        await page.getByTestId("erase-all-ack").tap();
        await page.getByTestId("erase-all-confirm").tap();
        await page.getByTestId("erased-all").waitFor();
        await page.waitForFunction(() =>
          Array.from(document.querySelectorAll('[data-testid^="category-"][data-count]')).every((el) => el.getAttribute("data-count") === "0"),
        );
        const counts = await categoryCounts();
        assert.ok(
          Object.values(counts).every((n) => n === 0),
          JSON.stringify(counts),
        );
      });

      test("settings: care settings — the cycle switch and the weather location write through", async () => {
        await open("settings");
        const section = page.getByTestId("care-settings");
        await section.getByTestId("care-cycle").waitFor();
        assert.match((await section.textContent()) ?? "", /外部天气服务/);
        assert.match((await page.getByTestId("weather-conn-note").textContent()) ?? "", /关着/);
        await section.getByTestId("care-cycle").tap();
        await page.waitForFunction(() => document.querySelector('[data-testid="care-cycle"]')?.getAttribute("aria-checked") === "true");
        type CareSettings = { settings: { cycle: { enabled: boolean }; weatherLocation: { latitude: number; longitude: number } | null } };
        assert.equal((await api<CareSettings>("care/settings")).body.settings.cycle.enabled, true);
        await section.getByTestId("care-lat").fill("95");
        await section.getByTestId("care-lon").fill("121.47");
        assert.equal(await section.getByTestId("care-location-save").isDisabled(), true, "a latitude past 90 is not sent");
        await section.getByTestId("care-lat").fill("31.23");
        await section.getByTestId("care-location-save").tap();
        await section.getByTestId("care-location-clear").waitFor();
        assert.deepEqual((await api<CareSettings>("care/settings")).body.settings.weatherLocation, { latitude: 31.23, longitude: 121.47 });
        await section.evaluate((el) => el.scrollIntoView({ block: "start" }));
        await shot("settings-care");
        await section.getByTestId("care-location-clear").tap();
        await section.getByTestId("care-location-clear").waitFor({ state: "detached" });
        await section.getByTestId("care-cycle").tap();
        await page.waitForFunction(() => document.querySelector('[data-testid="care-cycle"]')?.getAttribute("aria-checked") === "false");
        const after = (await api<CareSettings>("care/settings")).body.settings;
        assert.equal(after.cycle.enabled, false);
        assert.equal(after.weatherLocation, null);
        await page.evaluate(() => document.getElementById("main")?.scrollTo(0, 0));
      });

      test("settings: model status, persona, and the language switch (following settings.lang)", async () => {
        await open("settings");
        await page.getByTestId("model-status").getByText("已就绪").waitFor();
        assert.equal(await page.getByTestId("persona-name-zh").inputValue(), "小蜜");
        await shot("settings");
        await page.getByTestId("lang").getByText("English").tap();
        await page.getByTestId("nav-home").getByText("Home").waitFor();
        assert.equal((await api<{ lang: string }>("settings")).body.lang, "en");
        await page.getByTestId("lang").getByText("中文").tap();
        await page.getByTestId("nav-home").getByText("首页").waitFor();
        if (size.name === "1280x800") {
          await page.getByTestId("theme").getByText("夜间").tap();
          await open("home");
          await shot("home-night");
          await open("settings");
          await page.getByTestId("theme").getByText("白天").tap();
        }
        assert.deepEqual(externalRequests, []);
      });
    });
  }
});
