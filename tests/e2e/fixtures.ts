// `test` for specs that must also pass in WeChat's in-app browser, the residents' usual one. The
// `wechat-ios` and `wechat-android` projects (playwright.config.ts) name a flavour in their
// metadata; this fixture makes every page of the test's context behave like it before any app
// code runs: no service worker, WeChat's BarcodeDetector (absent on iOS, broken on Android), and
// WeChat's font boost (text at 23.8 px instead of 16).
import { test as base, expect, type Page } from "@playwright/test";

export type WeChat = "ios" | "android";

function behaveLikeWeChat(flavour: WeChat) {
  // WeChat on iOS has no service workers at all; Android's XWeb may, but Linli must not need one.
  delete (Navigator.prototype as any).serviceWorker;
  if (flavour === "ios") {
    delete (window as any).BarcodeDetector;
  } else {
    // XWeb exposes a BarcodeDetector that cannot say what it supports.
    (window as any).BarcodeDetector = class {
      static getSupportedFormats(): Promise<string[]> {
        throw new Error("NotSupportedError");
      }
      detect(): Promise<never> {
        return Promise.reject(new Error("NotSupportedError"));
      }
    };
  }
  // The user's "large text" setting in WeChat: 16 px text shown at 23.8 px.
  const boost = () => document.documentElement.style.setProperty("font-size", "148.75%");
  if (document.documentElement) boost();
  document.addEventListener("DOMContentLoaded", boost);
}

export const test = base.extend<{ wechat: WeChat | undefined }>({
  wechat: [
    async ({}, use, testInfo) => {
      await use((testInfo.project.metadata as { wechat?: WeChat }).wechat);
    },
    { option: true },
  ],
  context: async ({ context, wechat }, use) => {
    if (wechat) await context.addInitScript(behaveLikeWeChat, wechat);
    await use(context);
  },
});

export { expect };

/**
 * A weak network in the test's own hands: the first vote sent from `page` reaches the server,
 * which counts it, and its answer is then dropped (the connection reset), as a phone on a bad
 * signal loses it. Every later vote goes through. Returns what the dropped answer said.
 */
export async function dropFirstVoteAnswer(page: Page): Promise<{ status: () => number; receipt: () => string }> {
  let status = 0;
  let receipt = "";
  await page.route("**/api/v1/ballots/*/votes", async (route) => {
    if (status !== 0) return route.continue();
    const counted = await route.fetch();
    status = counted.status();
    receipt = (await counted.json()).receipt ?? "";
    await route.abort("connectionreset");
  });
  return { status: () => status, receipt: () => receipt };
}

/**
 * Chooses `community` on a page that shows the community picker (`/map`, `/vote`) as a resident
 * does: its street from the list of streets, then the community from the street's list.
 */
export async function chooseCommunity(page: Page, base: string, community: string): Promise<void> {
  const { communities } = await (await page.request.get("/api/v1/communities.json")).json();
  const street = (communities as { id: string; street_id: string }[]).find((c) => c.id === community)!.street_id;
  await page.getByTestId("street-list").locator(`a[href="${base}?street=${street}"]`).click();
  // A static host may add the folder's slash.
  await expect(page).toHaveURL(new RegExp(`${base}/?\\?street=${street}$`));
  const href = base === "/vote" ? `/vote?community=${community}` : `${base}/${community}`;
  await page.getByTestId("community-list").locator(`a[href="${href}"]`).click();
}
