// The scanner without a camera (Chromium here has none): the page says so in plain words, and
// the always-visible photo fallback reads a photo of a printed plate with the same decoder, also
// when it was saved as WebP, as WeChat and phones save photos (issue #22).
import { readFileSync } from "node:fs";
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

/** The photo re-encoded by Chromium's own WebP encoder: lossy, as phones and WeChat save it. */
async function asWebp(page: Page, png: Buffer): Promise<Buffer> {
  const bytes = await page.evaluate(async (base64) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([data], { type: "image/png" }));
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0);
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, "image/webp", 0.8));
    return Array.from(new Uint8Array(await blob!.arrayBuffer()));
  }, png.toString("base64"));
  const webp = Buffer.from(bytes);
  // A browser without a WebP encoder writes PNG instead, and the test would prove nothing.
  expect(webp.subarray(0, 4).toString("latin1")).toBe("RIFF");
  expect(webp.subarray(8, 12).toString("latin1")).toBe("WEBP");
  return webp;
}

test("a photo of the plate saved as WebP opens its page too", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/scan");
  await expect(page.getByText("没有找到相机")).toBeVisible();
  const webp = await asWebp(page, readFileSync(`${FIXTURES}/plate.png`));
  await page.locator("#scanner-photo").setInputFiles({ name: "plate.webp", mimeType: "image/webp", buffer: webp });
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  await expect(page.getByTestId("component-name")).toHaveText(NAME);
  expect(errors).toEqual([]);
});
