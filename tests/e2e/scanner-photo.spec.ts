// The scanner without a camera (Chromium here has none): the page says so in plain words, and
// the always-visible photo fallback reads a photo of a printed plate with the same decoder.
import { test, expect, type Page } from "@playwright/test";
import { FIXTURES } from "./playwright.config";

const PLATE = "1101120110000001";
const NAME = "北苑南路路灯 BYNL-005";

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

test("without a camera the scanner says so, and a photo of the plate opens its page", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/scan");
  await expect(page.getByText("没有找到相机")).toBeVisible();
  // The fallbacks are there and large enough for elder mode's 60 px targets to apply.
  await expect(page.getByLabel("输入部件编码")).toBeVisible();
  await page.locator("#scanner-photo").setInputFiles(`${FIXTURES}/plate.png`);
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  await expect(page.getByTestId("component-name")).toHaveText(NAME);
  expect(errors).toEqual([]);
});
