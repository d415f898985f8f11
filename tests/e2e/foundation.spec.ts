// The foundation as a resident meets it: a scanned plate's page in Chinese and English, elder
// mode, typed entry and bad codes, and the read-only static copy (the kiosk: kiosk.spec.ts).
import { test, expect, type Page } from "@playwright/test";
import { ADMIN_PASSWORD, STATIC } from "./playwright.config";
import { chooseCommunity } from "./fixtures";

const PLATE = "1101120110000001";
const NAME = "北苑南路路灯 BYNL-005";
const MAINTAINER = "通州区城市照明管理所";
const SHOTS = "../../target/e2e";

/** Fails the test on any console error or CSP violation the page reports. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

test("a scanned plate opens the component page in Chinese with its maintainer", async ({ page }) => {
  const errors = watchConsole(page);
  const response = await page.goto(`/c/${PLATE}`);
  expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
  await expect(page.getByTestId("component-name")).toHaveText(NAME);
  await expect(page.getByTestId("maintainer")).toHaveText(MAINTAINER);
  await expect(page.getByTestId("component-code")).toHaveText("110112 01 10 000001");
  await expect(page.getByTestId("maintainer-phone")).toHaveAttribute("href", /^tel:010\d{8}$/);
  // The small map of the streets around the plate, drawn by the server.
  const map = page.getByRole("img", { name: /周边约200米的街道示意图/ });
  expect(await map.evaluate(async (img: HTMLImageElement) => (await img.decode(), img.naturalWidth))).toBe(320);
  await expect(page.getByTestId("sample-banner")).toContainText("示例数据");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.screenshot({ path: `${SHOTS}/component-zh-375.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test("switching to English relabels the page and survives a reload", async ({ page }) => {
  await page.goto("/me");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto(`/c/${PLATE}`);
  await expect(page.getByText("Maintained by")).toBeVisible();
  await expect(page.getByText("Street light", { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId("sample-banner")).toContainText("Sample data");
  await expect(page.getByRole("navigation")).toContainText("Vote");
  await page.screenshot({ path: `${SHOTS}/component-en-375.png`, fullPage: true });
  await page.reload();
  await expect(page.getByText("Maintained by")).toBeVisible();
});

test("elder mode enlarges text and targets, and persists", async ({ page }) => {
  await page.goto("/me");
  const switchButton = page.getByTestId("elder-switch");
  await expect(switchButton).toHaveAttribute("aria-checked", "false");
  const before = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  await switchButton.click();
  await expect(switchButton).toHaveAttribute("aria-checked", "true");
  await expect(page.locator("html")).toHaveClass(/elder/);
  await page.goto(`/c/${PLATE}`);
  await expect(page.getByTestId("component-name")).toHaveText(NAME);
  const after = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(before).toBeLessThan(after);
  expect(after).toBeGreaterThanOrEqual(18);
  for (const target of await page.locator(".bottom-nav a, .button").all()) {
    const box = await target.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(60);
  }
  await page.screenshot({ path: `${SHOTS}/component-elder-375.png`, fullPage: true });
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/elder/);
});

test("a typed code opens its page; a malformed or unknown code explains itself", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("输入部件编码").fill("1234");
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page.locator("#code-error")).toContainText("16位数字，您输入了 4 位");
  await page.getByLabel("输入部件编码").fill("110112 01 10 000001");
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`));
  await expect(page.getByTestId("component-name")).toHaveText(NAME);

  await page.goto("/c/12345");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("编码格式不对");
  await expect(page.getByText("6位区县代码 + 2位大类 + 2位小类 + 6位序号")).toBeVisible();
  await expect(page.getByLabel("输入部件编码")).toHaveValue("12345");

  await page.goto("/c/1101120110999999");
  await expect(page.getByTestId("unknown-code")).toContainText("110112 01 10 999999");
  await expect(page.getByRole("link", { name: /12345/ }).first()).toHaveAttribute("href", "tel:12345");
  await page.screenshot({ path: `${SHOTS}/unknown-code-375.png`, fullPage: true });
});

test("a community's ballots and services are listed from the API, the community chosen by street", async ({ page }) => {
  // Other specs open ballots of their own on the same server: the page must list exactly what the
  // API publishes for the community (the sample's open ballot among them), and open one.
  const community = "beiyuan-jiayuan";
  const published = (await (await page.request.get(`/api/v1/ballots/by-community/${community}.json`)).json())
    .ballots as { title: string; status: string; project_count: number }[];
  expect(published.length).toBeGreaterThanOrEqual(1);
  await page.goto("/vote");
  await expect(page.getByTestId("street-list")).toContainText("北苑街道");
  await expect(page.getByTestId("street-list")).toContainText("2 个社区");
  await page.screenshot({ path: `${SHOTS}/vote-streets-375.png`, fullPage: true });
  await chooseCommunity(page, "/vote", community);
  await expect(page.getByTestId("ballot-community")).toHaveText("北苑家园社区");
  const list = page.getByTestId("ballot-list");
  await expect(list.locator("li")).toHaveCount(published.length);
  await expect(list).toContainText("投票中");
  await page.screenshot({ path: `${SHOTS}/ballots-375.png`, fullPage: true });
  // The next visit opens on the community chosen last; "another community" goes back to streets.
  await page.goto("/vote");
  await expect(page.getByTestId("ballot-community")).toHaveText("北苑家园社区");
  await page.getByTestId("other-community").click();
  await expect(page.getByTestId("street-list")).toBeVisible();
  await page.goto(`/vote?community=${community}`);
  const sample = published.find((b) => b.status === "open" && b.project_count === 8)!;
  await page.getByTestId("ballot-list").locator("li", { hasText: sample.title }).click();
  await expect(page.getByTestId("project-list").locator("li")).toHaveCount(8);
  await page.screenshot({ path: `${SHOTS}/ballot-375.png`, fullPage: true });

  // The 15-minute circle is a bundle of its own; map.spec.ts covers it whole.
  await page.goto("/map");
  await chooseCommunity(page, "/map", community);
  await page.getByLabel("我的楼栋").selectOption({ index: 1 });
  await expect(page.getByTestId("circle-summary")).toContainText("15分钟内可到达");
  expect(await page.getByTestId("reach-item").count()).toBeGreaterThan(5);
  await page.screenshot({ path: `${SHOTS}/services-375.png` });
});

test("the static export opens the same plate page and is plainly read-only", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`${STATIC}/c/${PLATE}`);
  await expect(page.getByTestId("component-name")).toHaveText(NAME);
  await expect(page.getByTestId("maintainer")).toHaveText(MAINTAINER);
  const map = page.getByRole("img", { name: /周边约200米的街道示意图/ });
  expect(await map.evaluate(async (img: HTMLImageElement) => (await img.decode(), img.naturalWidth))).toBe(320);
  await page.screenshot({ path: `${SHOTS}/static-component-375.png`, fullPage: true });
  await page.goto(`${STATIC}/admin`);
  await expect(page.getByTestId("read-only")).toContainText("只读");
  await expect(page.getByTestId("read-only").getByRole("link")).toHaveAttribute("href", "tel:12345");
  expect(errors).toEqual([]);
});

test("the committee area asks for a sign-in, refuses a wrong password and opens the dashboard", async ({ page }) => {
  await page.goto("/admin");
  await page.getByLabel("用户名").fill("admin");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toContainText("用户名或密码不正确");

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByLabel("密码").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  const dashboard = page.getByTestId("dashboard");
  await expect(dashboard.locator("tbody tr")).toHaveCount(3);
  await expect(dashboard).toContainText("北苑家园社区");
  await expect(page.getByTestId("rates")).toContainText("响应率");
  await expect(page.getByTestId("rates").locator("tbody tr")).toHaveCount(3);
  await page.screenshot({ path: `${SHOTS}/admin-dashboard-1280.png`, fullPage: true });
  await page.reload();
  await expect(page.getByTestId("dashboard")).toBeVisible();
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
});
