// The in-app scanner as a resident uses it: the camera (Chromium's fake camera playing a clip of
// a printed plate, written by global-setup.ts) reads the plate and opens its page. The photo
// fallback, without a camera, is in scanner-photo.spec.ts: launch options are per file.
import { test, expect, type Page } from "@playwright/test";
import { FIXTURES, chromiumArgs } from "./playwright.config";

const PLATE = "1101120110000001";
const NAME = "北苑南路路灯 BYNL-005";

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

test.use({
  permissions: ["camera"],
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: [
      ...chromiumArgs,
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${FIXTURES}/plate.y4m`,
    ],
  },
});

test("the scanner reads a plate through the camera and opens its page", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/");
  // The fake camera can read the plate at once, and the page then leaves /scan before an
  // assertion made after the click would look: wait for /scan from before the click.
  await Promise.all([page.waitForURL(/\/scan$/), page.getByRole("link", { name: "扫一扫" }).click()]);
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  await expect(page.getByTestId("component-name")).toHaveText(NAME);
  expect(errors).toEqual([]);
});
