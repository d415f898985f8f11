// axe-core on every resident route: phone (375×667) and kiosk (1080×1920) sizes, Chinese and
// English, normal and elder mode — 0 violations. Also: nothing wider than the screen at 200% text.
import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

const ROUTES = [
  "/",
  "/c/1101120110000001",
  "/c/1101120110000001/report",
  "/c/12345",
  "/c/1101129910000001",
  "/report",
  "/vote",
  "/v/2026-beiyuan-autumn",
  "/map",
  "/map/beiyuan-jiayuan",
  // The circle around a building (list, chips, drawing, zoom buttons) and around a plate.
  "/map/beiyuan-jiayuan?b=1101120501000001&cat=convenience_store,pharmacy",
  "/map?c=1101120110000001&pace=elderly",
  "/me",
  // A community's public figures of reports, and a street's above its list of communities.
  "/numbers?community=beiyuan-jiayuan",
  "/numbers?street=beiyuan",
  "/no-such-page",
];

const SIZES = [
  { name: "phone", width: 375, height: 667 },
  { name: "kiosk", width: 1080, height: 1920 },
];

async function settle(page: Page, route: string) {
  await page.goto(route);
  await expect(page.locator("main h1").first()).toBeVisible();
  // A circle is checked once its list and drawing are there, not while its data loads.
  if (/^\/map.*[?&][bc]=/.test(route)) await expect(page.getByTestId("street-map")).toBeVisible();
  if (route.startsWith("/numbers")) await expect(page.getByTestId("numbers-summary")).toBeVisible();
}

for (const size of SIZES) {
  for (const locale of ["zh-CN", "en"]) {
    for (const elder of [false, true]) {
      test(`axe: every route at ${size.name} size, ${locale}${elder ? ", elder mode" : ""}`, async ({ browser }) => {
        const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale });
        const page = await context.newPage();
        // The settings live in local storage, as the 我的 page writes them.
        await page.goto("/");
        await page.evaluate(
          ([locale, elder]) => {
            localStorage.setItem("linli.locale", String(locale));
            localStorage.setItem("linli.elder", String(elder));
          },
          [locale, elder] as const,
        );
        const failures: string[] = [];
        for (const route of ROUTES) {
          await settle(page, route);
          await expect(page.locator("html")).toHaveAttribute("lang", locale);
          const results = await new AxeBuilder({ page }).analyze();
          for (const v of results.violations) {
            failures.push(`${route}: ${v.id} (${v.impact}) — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
          }
        }
        expect(failures, failures.join("\n")).toEqual([]);
        await context.close();
      });
    }
  }
}

test("at 200% text nothing is wider than the phone's screen", async ({ page }) => {
  const overflowing: string[] = [];
  for (const route of ROUTES) {
    await settle(page, route);
    // Through the CSSOM, which the CSP allows (an injected <style> it would refuse).
    await page.evaluate(() => document.documentElement.style.setProperty("font-size", "200%", "important"));
    const wide = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return Array.from(document.querySelectorAll("main *"))
        .filter((e) => {
          const box = e.getBoundingClientRect();
          return box.width > 0 && (box.right > width + 1 || box.left < -1);
        })
        .filter((e) => !e.closest(".table-scroll"))
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
        .slice(0, 3);
    });
    if (wide.length) overflowing.push(`${route}: ${wide.join(", ")}`);
  }
  expect(overflowing, overflowing.join("\n")).toEqual([]);
});
