// Moderation as a committee does it at its desk: a report's description names a phone number and
// its photo shows a face; the member hides the words, blurs part of the photo with the mouse and
// the keyboard, and the reporter reads why on the tracking page.
import { test, expect, type Page } from "@playwright/test";
import { ADMIN_PASSWORD } from "./playwright.config";

const SHOTS = "../../target/e2e";
const PLATE = "1101120110000001";
const WORDS = "路灯不亮，有事打我电话 13912345678。";

/** A 400 × 300 JPEG with fine stripes: detail a blur visibly removes. */
async function stripedPhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 400;
    canvas.height = 300;
    const context = canvas.getContext("2d")!;
    for (let x = 0; x < 400; x += 2) {
      context.fillStyle = x % 4 === 0 ? "#000" : "#fff";
      context.fillRect(x, 0, 2, 300);
    }
    const blob: Blob = await new Promise((resolve) => canvas.toBlob((b) => resolve(b!), "image/jpeg", 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text);
  });
  return Buffer.from(base64, "base64");
}

test.use({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });

test("the committee hides a description and blurs a photo; the reporter reads why", async ({ page, browser }) => {
  await page.goto("/");
  const photo = await stripedPhoto(page);
  const meta = await (await page.request.get("/api/v1/meta.json")).json();
  const filed = await page.request.post("/open311/v2/requests.json", {
    multipart: {
      api_key: meta.client_api_key,
      service_code: "streetlight_out",
      "attribute[component_code]": PLATE,
      description: WORDS,
      media: { name: "a.jpg", mimeType: "image/jpeg", buffer: photo },
    },
  });
  expect(filed.status()).toBe(201);
  const [{ service_request_id: id, tracking_secret: secret }] = await filed.json();

  await page.goto("/admin");
  await page.getByLabel("用户名").fill("admin");
  await page.getByLabel("密码").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("dashboard")).toBeVisible();
  await page.goto(`/admin/reports/${id}`);

  // Hiding needs a reason: without one the server's sentence is shown and nothing changes.
  await page.getByTestId("moderate-description").click();
  await expect(page.getByRole("alert").filter({ hasText: "请写明原因" })).toBeVisible();
  await page.getByLabel("原因（报告人会看到）").fill("含有电话号码");
  await page.getByTestId("moderate-description").click();
  await expect(page.getByText("未公开：含有电话号码")).toBeVisible();
  await expect(page.getByTestId("moderate-description")).toHaveText("恢复公开");

  // Blur with the mouse: drag over the left half of the photo.
  await page.getByTestId("blur-1").click();
  const frame = page.locator(".blur-frame.editing img");
  await frame.scrollIntoViewIfNeeded();
  const box = (await frame.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 2, { steps: 5 });
  await page.mouse.up();
  await page.screenshot({ path: `${SHOTS}/admin-moderation-blur-1280.png`, fullPage: true });
  await page.getByTestId("blur-confirm-1").click();
  await expect(page.getByText("已打码")).toBeVisible();

  // And with the keyboard only: the box takes the focus, arrows move it, Enter on the button.
  await page.getByTestId("blur-1").focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".blur-frame.editing")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("blur-confirm-1")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("blur-1")).toBeVisible();

  // The public photo is the blurred one: the left half has lost its stripes.
  const publicView = (await (await page.request.get(`/open311/v2/requests/${id}.json`)).json())[0];
  expect(publicView.description).toBe("");
  const contrast = await page.evaluate(async (src) => {
    const image = new Image();
    image.src = src;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(image, 0, 0);
    const row = (x0: number) => Array.from(context.getImageData(x0, 150, 20, 1).data).filter((_, i) => i % 4 === 0);
    const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
    return { blurred: spread(row(10)), kept: spread(row(360)) };
  }, publicView.media_url);
  expect(contrast.blurred).toBeLessThan(40);
  expect(contrast.kept).toBeGreaterThan(150);

  // The reporter, on a phone, reads what was hidden and why; their own words are still there.
  const phone = await browser.newPage({ viewport: { width: 375, height: 667 }, locale: "zh-CN" });
  await phone.goto(`/r/${id}#${secret}`);
  await expect(phone.getByTestId("hidden-parts")).toContainText("你的描述没有公开：含有电话号码");
  await expect(phone.getByText(WORDS)).toBeVisible();
  await phone.screenshot({ path: `${SHOTS}/report-moderated-375.png`, fullPage: true });
  // Someone following it without the secret sees the notice instead of the words.
  await phone.goto(`/r/${id}`);
  await expect(phone.getByText("描述已由居委会隐藏。")).toBeVisible();
  await expect(phone.getByText(WORDS)).toHaveCount(0);
  await phone.close();
});
