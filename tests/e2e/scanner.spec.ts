// The in-app scanner as a resident uses it: the camera (Chromium's fake camera playing a clip of
// a printed plate) reads the plate and opens its page; without a camera the page says so and a
// photo of the plate does the same.
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

test.describe("with a camera", () => {
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
    await page.getByRole("link", { name: "扫一扫" }).click();
    await expect(page).toHaveURL(/\/scan$/);
    await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
    await expect(page.getByTestId("component-name")).toHaveText(NAME);
    expect(errors).toEqual([]);
  });
});

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
