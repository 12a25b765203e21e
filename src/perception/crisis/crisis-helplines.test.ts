import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseHelplines, HELPLINE_TABLE, regionFromTimeZone } from "./crisis-helplines.js";
import { crisisCheckReply, crisisReply } from "./crisis-reply.js";

test("the table covers the regions asked for, each with a real line and an emergency number", () => {
  for (const region of ["CN", "HK", "TW", "US", "GB", "CA", "AU", "SG"]) {
    const entry = HELPLINE_TABLE[region];
    assert.ok(entry && entry.lines.length > 0 && entry.emergency, region);
  }
  assert.equal(HELPLINE_TABLE.TW!.lines[0]!.phone, "1925");
  assert.equal(HELPLINE_TABLE.GB!.lines[0]!.phone, "116 123");
  assert.equal(HELPLINE_TABLE.AU!.lines[0]!.phone, "13 11 14");
  assert.equal(HELPLINE_TABLE.SG!.lines[0]!.phone, "1767");
});

test("the region follows her time zone, not her language", () => {
  assert.equal(regionFromTimeZone("Asia/Hong_Kong"), "HK");
  assert.equal(regionFromTimeZone("Asia/Taipei"), "TW");
  assert.equal(regionFromTimeZone("Europe/London"), "GB");
  assert.equal(regionFromTimeZone("America/Toronto"), "CA");
  assert.equal(regionFromTimeZone("America/New_York"), "US");
  assert.equal(regionFromTimeZone("Australia/Sydney"), "AU");
  assert.equal(regionFromTimeZone("Asia/Singapore"), "SG");
  assert.equal(regionFromTimeZone("Asia/Shanghai"), "CN");
  assert.equal(regionFromTimeZone("Europe/Berlin"), null);
  // English in London gets Samaritans and 999, not 988; Chinese in Hong Kong gets Hong Kong's lines.
  const london = crisisReply({ lang: "en", timeZone: "Europe/London" });
  assert.match(london.text, /116 123/);
  assert.match(london.text, /999/);
  assert.doesNotMatch(london.text, /\b988\b/);
  const hk = crisisReply({ lang: "zh", timeZone: "Asia/Hong_Kong" });
  assert.match(hk.text, /2389 2222/);
  assert.doesNotMatch(hk.text, /400-161-9995/);
  assert.match(crisisReply({ lang: "zh", timeZone: "Asia/Taipei" }).text, /1925/);
  assert.match(crisisReply({ lang: "en", timeZone: "Asia/Singapore" }).text, /1767/);
});

test("her setting wins over the time zone, and her own line comes first", () => {
  const choice = chooseHelplines({
    lang: "en",
    timeZone: "America/New_York",
    preference: { helplineRegion: "AU", customHelpline: { name: "My counsellor", phone: "+61 400 000 000" } },
  });
  assert.equal(choice.region, "AU");
  assert.equal(choice.lines[0]!.name, "My counsellor");
  assert.equal(choice.lines[1]!.phone, "13 11 14");
  assert.equal(choice.emergency, "000");
  const auto = chooseHelplines({ lang: "zh", timeZone: "Europe/Berlin", preference: { helplineRegion: "auto" } });
  assert.equal(auto.region, null);
  assert.equal(auto.lines[0]!.phone, "400-161-9995");
});

test("the possible-risk reply asks directly and offers a line", () => {
  const zh = crisisCheckReply({ lang: "zh", timeZone: "Asia/Shanghai", seed: 1 });
  assert.match(zh.text, /伤害自己/);
  assert.match(zh.text, /400-161-9995/);
  const en = crisisCheckReply({ lang: "en", timeZone: "Europe/London", seed: 2 });
  assert.match(en.text, /hurting yourself/);
  assert.match(en.text, /116 123/);
});
