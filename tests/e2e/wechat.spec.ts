// The WeChat projects' own checks: the emulation is in place (so the report flows that run in
// these projects really ran in a WeChat-like browser), and Linli still reads well at WeChat's
// font boost.
import { test, expect } from "./fixtures";

test("the page runs without a service worker and with WeChat's text size", async ({ page, wechat }) => {
  test.info().annotations.push({ type: "wechat", description: String(wechat) });
  await page.goto("/c/1101120110000001");
  await expect(page.getByTestId("component-name")).toBeVisible();
  const environment = await page.evaluate(() => ({
    serviceWorker: "serviceWorker" in navigator,
    userAgent: navigator.userAgent,
    bodyText: parseFloat(getComputedStyle(document.querySelector("main .facts dd")!).fontSize),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
  if (wechat) {
    expect(environment.serviceWorker).toBe(false);
    expect(environment.userAgent).toContain("MicroMessenger");
    expect(environment.bodyText).toBeGreaterThanOrEqual(23.8);
  }
  // Larger text wraps; it never pushes the page sideways.
  expect(environment.overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `../../target/e2e/wechat-${wechat ?? "none"}-component.png`, fullPage: true });
});
