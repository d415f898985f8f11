// Scan to report as people do it: the plate's page → the report form (with its refusals) →
// the private tracking page → the committee dispatches and fixes → the resident rates.
import { test, expect } from "./fixtures";
import { ADMIN_PASSWORD, STATIC } from "./playwright.config";

const PLATE = "1101120110000001";

/** A JPEG like a phone camera's: 3000 × 2000 of noise at high quality, drawn by the browser. */
async function cameraPhoto(page: import("@playwright/test").Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 3000;
    canvas.height = 2000;
    const context = canvas.getContext("2d")!;
    const pixels = context.createImageData(3000, 2000);
    for (let i = 0; i < pixels.data.length; i += 4) {
      const v = (i * 2654435761) >>> 24;
      pixels.data[i] = v;
      pixels.data[i + 1] = (v * 7) & 255;
      pixels.data[i + 2] = (v * 13) & 255;
      pixels.data[i + 3] = 255;
    }
    context.putImageData(pixels, 0, 0);
    const blob: Blob = await new Promise((resolve) => canvas.toBlob((b) => resolve(b!), "image/jpeg", 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  });
  return Buffer.from(base64, "base64");
}
const SHOTS = "../../target/e2e";

test("report from the plate, track it, the committee fixes it, the resident rates it", async ({ page, browser }) => {
  // The form is a bundle of its own; the plate's page has the browser fetch it while the
  // resident reads, so the report button opens it from the cache — only once the page has
  // drawn, so that on a weak network it does not compete with the page's own load.
  // Trunk's hash drops leading zeros: 15 digits in one build of sixteen.
  const reportWasm = /\/report\/linli-report-[0-9a-f]{10,16}_bg\.wasm$/;
  const prefetched = page.waitForResponse((r) => reportWasm.test(r.url()));
  const drawnWhenAsked = new Promise<number>((resolve) =>
    page.on("request", (r) => {
      if (reportWasm.test(r.url())) void page.getByTestId("component-name").count().then(resolve);
    }),
  );
  await page.goto(`/c/${PLATE}`);
  expect((await prefetched).status()).toBe(200);
  expect(await drawnWhenAsked).toBe(1);
  // The form in turn has the browser fetch the tracking page's bundle, where a sent report
  // goes: a bundle of its own, so neither page downloads the other's code first.
  const trackWasm = /\/track\/linli-track-[0-9a-f]{10,16}_bg\.wasm$/;
  const trackPrefetched = page.waitForResponse((r) => trackWasm.test(r.url()));
  await page.getByTestId("report-button").click();
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}/report$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("报告问题");
  expect((await trackPrefetched).status()).toBe(200);

  // Bad input is explained before anything is sent.
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("report-error")).toHaveText("请选择问题类型。");
  await page.getByLabel("路灯不亮").check();
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("report-error")).toHaveText("请简单描述问题。");
  await page.getByLabel("问题描述").fill("看这里 <b>黑</b>");
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("report-error")).toContainText("网页代码");
  await page.getByLabel("问题描述").fill("路灯晚上不亮，路口很黑，老人走路不方便。");
  await page.getByLabel("联系电话（可不填）").fill("12345");
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("report-error")).toContainText("电话号码不正确");
  await page.getByLabel("联系电话（可不填）").fill("138 0013 8000");
  // A camera-sized photo (3000 × 2000, noisy, well over 500 KB) through the file chooser: the
  // browser shrinks it before it is stored or sent.
  const photo = await cameraPhoto(page);
  expect(photo.length).toBeGreaterThan(1_000_000);
  await page.getByTestId("photo-input").setInputFiles({ name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: photo });
  await expect(page.getByTestId("photo-thumbnails").locator("img")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/report-form-375.png`, fullPage: true });
  await page.getByRole("button", { name: "提交" }).click();

  await expect(page).toHaveURL(/\/r\/\d+#[0-9a-f]{32}$/);
  await expect(page.getByTestId("tracking-status")).toHaveText("已受理");
  await expect(page.getByText("138****8000")).toBeVisible();
  await expect(page.getByText("13800138000")).toHaveCount(0);
  // The photo arrived shrunk: at most 1600 px on its longer side and 500 KB.
  const stored = page.getByTestId("report-photos").locator("img");
  await expect(stored).toHaveCount(1);
  const src = await stored.getAttribute("src");
  const served = await page.request.get(src!);
  expect(served.headers()["content-type"]).toBe("image/jpeg");
  expect((await served.body()).length).toBeLessThanOrEqual(500 * 1024);
  const size = await stored.evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  });
  expect(Math.max(...size)).toBeLessThanOrEqual(1600);
  expect(size[0] / size[1]).toBeCloseTo(1.5, 1);
  const trackingUrl = page.url();
  const reportId = trackingUrl.match(/\/r\/(\d+)#/)![1];
  await page.screenshot({ path: `${SHOTS}/report-tracking-375.png`, fullPage: true });

  // The plate's page now says the problem is known.
  await page.goto(`/c/${PLATE}`);
  await expect(page.getByTestId("open-reports")).toContainText("路灯不亮");
  // And the resident finds it again under 我的.
  await page.goto("/me");
  await expect(page.getByTestId("my-reports")).toContainText(`第 ${reportId} 号`);

  // The committee, on a desktop, dispatches and then fixes it.
  const desk = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  await desk.goto("/admin");
  await desk.getByLabel("用户名").fill("admin");
  await desk.getByLabel("密码").fill(ADMIN_PASSWORD);
  await desk.getByRole("button", { name: "登录" }).click();
  await desk.getByRole("link", { name: "居民报告" }).click();
  await desk.getByTestId("queue").getByRole("link", { name: reportId }).click();
  await expect(desk.getByTestId("committee-status")).toHaveText("已受理");
  await expect(desk.getByText("13800138000")).toBeVisible();
  await desk.getByLabel("备注").fill("已派遣至城市照明管理所");
  await desk.getByRole("button", { name: "改为：已派遣" }).click();
  await expect(desk.getByTestId("committee-status")).toHaveText("已派遣");
  await desk.getByLabel("备注").fill("已更换灯泡");
  await desk.getByRole("button", { name: "改为：已解决" }).click();
  await expect(desk.getByTestId("committee-status")).toHaveText("已解决");
  await desk.screenshot({ path: `${SHOTS}/admin-report-1280.png`, fullPage: true });
  await desk.close();

  // The resident sees the outcome and rates it.
  await page.goto(trackingUrl);
  await expect(page.getByTestId("tracking-status")).toHaveText("已解决");
  await expect(page.getByTestId("timeline")).toContainText("已更换灯泡");
  await page.getByRole("button", { name: "5 星" }).click();
  await page.getByRole("button", { name: "提交评价" }).click();
  await expect(page.getByTestId("rated")).toContainText("5 星");
  await page.reload();
  await expect(page.getByTestId("rated")).toContainText("5 星");
  await page.screenshot({ path: `${SHOTS}/report-rated-375.png`, fullPage: true });

  // The reporter erases their phone number (PIPL): asked once more, then gone for good.
  await expect(page.getByTestId("phone-erased-after")).toContainText("180 天");
  await page.getByTestId("phone-erase").click();
  await expect(page.getByTestId("phone-erase-confirm")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("phone-erased")).toHaveText("您的手机号已删除。");
  await expect(page.getByText("138****8000")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("rated")).toContainText("5 星");
  await expect(page.getByText("138****8000")).toHaveCount(0);
  await expect(page.getByTestId("phone-erase")).toHaveCount(0);
});

test("a tracking link without its secret shows nothing of the report", async ({ page }) => {
  await page.goto("/r/1#wrong-secret");
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByTestId("tracking-status")).toHaveCount(0);
});

test("the report form on the static copy says it is read-only", async ({ page }) => {
  await page.goto(`${STATIC}/c/${PLATE}/`);
  await page.getByTestId("report-button").click();
  await expect(page.getByTestId("read-only")).toContainText("12345");
});
