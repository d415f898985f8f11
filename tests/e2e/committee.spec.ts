// The committee's desk tools: printable QR plates and the 15-minute-circle gap matrix.
import { test, expect, type Page } from "@playwright/test";
import { ADMIN_PASSWORD } from "./playwright.config";

const SHOTS = "../../target/e2e";

async function signIn(page: Page) {
  await page.goto("/admin");
  await page.getByLabel("用户名").fill("admin");
  await page.getByLabel("密码").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("dashboard")).toBeVisible();
}

test.use({ viewport: { width: 1280, height: 900 } });

test("plates: choose a community's components and get A4 sheets of six", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "二维码铭牌" }).click();
  await page.getByLabel("社区").selectOption("beiyuan-jiayuan");
  await page.getByRole("button", { name: "全选当前列表" }).click();
  const chosen = await page.getByTestId("plate-list").locator("tbody tr").count();
  expect(chosen).toBeGreaterThan(6);
  await expect(page.getByTestId("print-plates")).toHaveText(`打印 ${chosen} 个铭牌`);
  const sheets = page.getByTestId("plate-sheets").locator("img");
  await expect(sheets).toHaveCount(Math.ceil(chosen / 6));
  // Each sheet is an SVG the server drew, loaded with the session: it must actually render.
  const rendered = await sheets.first().evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    return img.naturalWidth > 0;
  });
  expect(rendered).toBe(true);
  await sheets.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/admin-plates-1280.png`, fullPage: true });
  const download = page.waitForEvent("download");
  await page.getByTestId("plate-list").getByRole("link", { name: "SVG 文件" }).first().click();
  expect((await download).suggestedFilename()).toMatch(/^linli-plate-\d{16}\.svg$/);
});

test("gaps: the matrix names each building's missing basic services", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "一刻钟便民圈缺项" }).click();
  await page.getByTestId("gaps-community").selectOption("beiyuan-jiayuan");
  const matrix = page.getByTestId("gaps");
  await expect(matrix).toBeVisible();
  const rows = matrix.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  // The sample community has no laundry: every building's laundry cell says so.
  const laundryColumn = await matrix.locator("thead th").evaluateAll((ths) => ths.findIndex((th) => th.textContent!.includes("洗染")));
  expect(laundryColumn).toBeGreaterThan(0);
  for (const row of await rows.all()) {
    await expect(row.locator("th, td").nth(laundryColumn)).toHaveText("缺少");
  }
  await page.screenshot({ path: `${SHOTS}/admin-gaps-1280.png`, fullPage: true });
  await expect(page.getByRole("link", { name: "下载 CSV" })).toHaveAttribute("href", "/api/v1/admin/gaps/beiyuan-jiayuan.csv");
});
