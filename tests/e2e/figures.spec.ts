// The numbers of reports as their readers have them: the committee's figures page (by week,
// type, community and unit, where reports pile up) and its CSV of the queue, and a resident's
// page of how their community's reports were handled, on the server and on the static copy.
import { test, expect } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { ADMIN_PASSWORD, STATIC } from "./playwright.config";

const SHOTS = "../../target/e2e";
const PLATE = "1101120110000001";
const COMMUNITY = "beiyuan-jiayuan";

test("the committee reads the figures of its reports and downloads the queue as CSV", async ({ page }) => {
  await page.goto("/");
  const meta = await (await page.request.get("/api/v1/meta.json")).json();
  const ids: string[] = [];
  for (const description of ["路灯不亮，路口很黑。", "这盏路灯还是不亮。"]) {
    const filed = await page.request.post("/open311/v2/requests.json", {
      form: { api_key: meta.client_api_key, service_code: "streetlight_out", "attribute[component_code]": PLATE, description },
    });
    expect(filed.status()).toBe(201);
    ids.push(String((await filed.json())[0].service_request_id));
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/admin");
  await page.getByLabel("用户名").fill("admin");
  await page.getByLabel("密码").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("link", { name: "报告统计" }).click();
  await expect(page).toHaveURL(/\/admin\/figures$/);
  const types = page.getByTestId("figures-types");
  await expect(types).toBeVisible();
  const streetlight = types.locator("tr", { hasText: "路灯不亮" });
  expect(Number(await streetlight.locator("td").first().textContent())).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("figures-communities")).toContainText("北苑家园社区");
  await expect(page.getByTestId("figures-units")).toContainText("通州区城市照明管理所");
  // The two reports on one street light make it a place where reports pile up.
  await expect(page.getByTestId("figures-hotspots")).toContainText(PLATE);
  await page.screenshot({ path: `${SHOTS}/admin-figures-1280.png`, fullPage: true });

  // By month, from the keyboard: the period is chosen and the form sent with Enter.
  await page.getByRole("combobox", { name: "按" }).selectOption("month");
  await page.getByRole("button", { name: "查看" }).press("Enter");
  await expect(page.getByTestId("figures-trend").locator("tbody th").first()).toHaveText(/^\d{4}-\d{2}$/);

  const download = page.waitForEvent("download");
  await page.getByTestId("figures-csv").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("linli-reports.csv");
  const csv = await readFile(await file.path(), "utf8");
  expect(csv.startsWith("\ufeffid,requested_at")).toBe(true);
  for (const id of ids) expect(csv).toContain(`\n${id},`);

  // A span the server refuses is said in a sentence, and nothing else changes.
  await page.getByRole("textbox", { name: "从" }).fill("2026-12-31");
  await page.getByRole("textbox", { name: "到" }).fill("2026-01-01");
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page.getByRole("alert")).toContainText("开始日期晚于结束日期");
});

test("a resident reads how their community's reports were handled, on the server and the static copy", async ({ page }) => {
  await page.goto(`/vote?community=${COMMUNITY}`);
  await page.getByTestId("numbers-link").click();
  await expect(page).toHaveURL(new RegExp(`/numbers\\?community=${COMMUNITY}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("接诉即办情况");
  await expect(page.getByTestId("numbers-name")).toHaveText("北苑家园社区");
  const summary = page.getByTestId("numbers-summary");
  await expect(summary).toContainText("响应率");
  await expect(summary).toContainText("按时办结率");
  await page.screenshot({ path: `${SHOTS}/numbers-375.png`, fullPage: true });

  // Another community through the street list; the street's own figures come first.
  await page.getByTestId("other-community").click();
  await page.getByTestId("street-list").getByRole("link").first().click();
  await expect(page.getByTestId("numbers-name")).toBeVisible();
  await page.getByTestId("community-list").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/numbers\?community=/);
  await expect(page.getByTestId("numbers-summary")).toBeVisible();

  await page.goto(`${STATIC}/numbers?community=${COMMUNITY}`);
  await expect(page.getByTestId("numbers-name")).toHaveText("北苑家园社区");
  await expect(page.getByTestId("numbers-summary")).toContainText("满意率");
});
