// Votes as people cast them (issue #4): the committee makes codes and prints them, a household
// opens its code's link on a phone, chooses within the budget (and sees the refusal when over),
// votes, keeps the receipt; the same code is refused; a second household votes with the keyboard
// alone; the committee closes the ballot; the results count the votes and the receipt is found.
// Then the committee builds a new ballot from its project library and opens it.
import { test, expect, type Page, type Browser } from "@playwright/test";
import { ADMIN_PASSWORD } from "./playwright.config";

const BALLOT = "2026-beiyuan-autumn";
const TITLE = "北苑家园社区2026年微空间微更新项目投票";
const SHOTS = "../../target/e2e";
const RECEIPT = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

async function committeeDesk(browser: Browser): Promise<Page> {
  const desk = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  await desk.goto("/admin");
  await desk.getByLabel("用户名").fill("admin");
  await desk.getByLabel("密码").fill(ADMIN_PASSWORD);
  await desk.getByRole("button", { name: "登录" }).click();
  await desk.getByRole("link", { name: "投票管理" }).click();
  return desk;
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails after 40. */
async function tabTo(page: Page, matches: string): Promise<void> {
  for (let presses = 0; presses < 40; presses++) {
    if (await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, matches)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${matches}`);
}

test("codes, a vote within budget, a receipt, a spent code, a keyboard vote, close, results", async ({ page, browser }) => {
  // The committee makes three codes for the open sample ballot and sees the print sheet.
  const desk = await committeeDesk(browser);
  await desk.getByTestId("admin-ballots").getByRole("link", { name: TITLE }).click();
  await expect(desk.getByTestId("desk-status")).toHaveText("投票中");
  await desk.getByLabel("生成数量（每户一个）").fill("3");
  await desk.getByRole("button", { name: "生成投票码" }).click();
  await expect(desk.getByTestId("codes-status")).toContainText("只显示这一次");
  const codes = await desk.getByTestId("sheet-code").allTextContents();
  expect(codes).toHaveLength(3);
  await expect(desk.getByTestId("code-sheet").locator("svg")).toHaveCount(3);
  await desk.screenshot({ path: `${SHOTS}/admin-code-sheet-1280.png`, fullPage: true });

  // A household opens its code's link: the code is filled in from the fragment.
  await page.goto(`/v/${BALLOT}#${codes[0]}`);
  await expect(page.getByLabel("投票码")).toHaveValue(codes[0]);
  await expect(page.getByTestId("project-list").locator("li")).toHaveCount(8);
  await expect(page.getByTestId("turnout")).toContainText("已有 0 户投票");
  await page.getByLabel(/北苑三街口袋公园/).check();
  await page.getByLabel(/社区活动中心音乐室/).check();
  await page.getByLabel(/北苑南路运动角/).check();
  await expect(page.getByTestId("budget-used")).toHaveText("合计 39.5万元，预算 50万元");
  await expect(page.getByTestId("vote-problem")).toHaveText("");
  // Adding too much is refused in plain words, before anything is sent.
  await page.getByLabel(/北苑南里自行车棚改造/).check();
  await expect(page.getByTestId("vote-problem")).toHaveText("超出预算 10.5万元");
  await page.screenshot({ path: `${SHOTS}/vote-over-budget-375.png`, fullPage: true });
  await page.getByRole("button", { name: "投票", exact: true }).click();
  await expect(page.getByTestId("selection-error")).toHaveText("超出预算 10.5万元");
  await expect(page.getByTestId("confirm")).toHaveCount(0);
  await page.getByLabel(/北苑南里自行车棚改造/).uncheck();
  await expect(page.getByTestId("vote-problem")).toHaveText("");
  // A typo in the code is caught here, not by the server.
  const typo = (codes[0][0] === "A" ? "B" : "A") + codes[0].slice(1);
  await page.getByLabel("投票码").fill(typo);
  await page.getByRole("button", { name: "投票", exact: true }).click();
  await expect(page.getByTestId("code-error")).toContainText("输入错误");
  await page.getByLabel("投票码").fill(codes[0]);
  // The vote is final, and the page says so before the button.
  await expect(page.getByText("投票后不能更改").first()).toBeVisible();
  await page.getByRole("button", { name: "投票", exact: true }).click();
  await expect(page.getByTestId("confirm")).toContainText("您投给以下 3 个项目，合计 39.5万元");
  await page.screenshot({ path: `${SHOTS}/vote-confirm-375.png`, fullPage: true });
  await page.getByRole("button", { name: "确认投票" }).click();
  await expect(page.getByTestId("receipt")).toContainText("投票成功");
  const receipt = (await page.getByTestId("receipt-id").textContent())!.trim();
  expect(receipt).toMatch(RECEIPT);
  await page.screenshot({ path: `${SHOTS}/vote-receipt-375.png`, fullPage: true });

  // The same code again: the server's clear refusal, and nothing counted.
  await page.goto("about:blank");
  await page.goto(`/v/${BALLOT}#${codes[0]}`);
  await page.getByLabel(/北苑南路运动角/).check();
  await page.getByRole("button", { name: "投票", exact: true }).click();
  await page.getByRole("button", { name: "确认投票" }).click();
  await expect(page.getByTestId("vote-refused")).toContainText("已经用过");
  await expect(page.getByTestId("receipt")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/vote-code-used-375.png`, fullPage: true });

  // A second household votes with the keyboard alone: Tab, Space, Enter.
  await page.goto("about:blank");
  await page.goto(`/v/${BALLOT}#${codes[1]}`);
  await expect(page.getByTestId("project-list").locator("li")).toHaveCount(8);
  await tabTo(page, "#vote-code");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await expect(page.locator(":focus")).toHaveText("详情");
  await page.keyboard.press("Enter");
  await expect(page.locator("details[open]")).toHaveCount(1);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(page.getByTestId("vote-counter")).toHaveText("已选 2 个项目");
  await tabTo(page, "button[type=submit]");
  await page.keyboard.press("Enter");
  await expect(page.locator(":focus")).toHaveText("确认投票");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("receipt-id")).toHaveText(RECEIPT);
  await expect(page.locator(":focus")).toHaveText("投票成功，谢谢您！");

  // The committee sees the turnout and closes the ballot.
  await desk.reload();
  await expect(desk.getByTestId("desk-turnout")).toContainText("已投 2 / 已发放 3");
  await desk.getByRole("button", { name: "结束投票" }).click();
  await desk.getByRole("button", { name: "确认现在结束（不可撤销）" }).click();
  await expect(desk.getByTestId("desk-status")).toHaveText("已结束");
  await expect(desk.getByRole("link", { name: "CSV" })).toHaveAttribute("href", `/api/v1/ballots/${BALLOT}/export.csv`);
  await desk.close();

  // The results count both votes, and the first household finds its ballot by its receipt.
  await page.goto(`/v/${BALLOT}`);
  const results = page.getByTestId("results");
  await expect(results).toContainText("投票结果");
  await expect(results.locator("tr", { hasText: "北苑三街口袋公园" }).locator("td").last()).toHaveText(/^[12]$/);
  await expect(results.getByText("入选").first()).toBeVisible();
  await expect(page.getByTestId("turnout")).toContainText("已有 2 户投票");
  await expect(page.getByRole("button", { name: "投票", exact: true })).toHaveCount(0);
  await page.getByLabel("回执号").fill(receipt.toLowerCase());
  await page.getByRole("button", { name: "查询" }).click();
  const found = page.getByTestId("receipt-check");
  await expect(found).toContainText("手机");
  for (const title of ["北苑三街口袋公园", "社区活动中心音乐室", "北苑南路运动角"]) {
    await expect(found).toContainText(title);
  }
  await page.screenshot({ path: `${SHOTS}/vote-results-375.png`, fullPage: true });
  await page.getByLabel("回执号").fill("2222-2222-2222");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(found).toContainText("没有找到这个回执号");
});

test("the committee builds a ballot from its project library and opens it", async ({ browser }) => {
  const desk = await committeeDesk(browser);
  await desk.getByRole("link", { name: "新建投票" }).click();
  await desk.getByLabel("社区").selectOption("beiyuan-jiayuan");
  await expect(desk.getByText("本社区项目库是空的")).toBeVisible();
  await desk.getByText("新增项目…").click();
  for (const [title, cost] of [["单元楼道照明", "40000"], ["社区阅览角", "60000"]]) {
    await desk.getByLabel("标题").first().fill(title);
    await desk.getByLabel("简介").fill(`${title}（测试项目）`);
    await desk.getByLabel("估算费用（元）").fill(cost);
    await desk.getByRole("button", { name: "添加到项目库" }).click();
    await expect(desk.getByTestId("library")).toContainText(title);
  }
  await expect(desk.getByTestId("library").getByRole("checkbox", { checked: true })).toHaveCount(2);
  await desk.getByLabel("投票编号（可不填，如 2027-beiyuan-spring）").fill("e2e-beiyuan-test");
  await desk.getByLabel("标题").last().fill("楼道与阅览角小投票");
  await desk.getByLabel("说明", { exact: true }).fill("测试用投票。");
  await desk.getByLabel("预算（元）").fill("80000");
  await desk.getByRole("button", { name: "保存为草稿" }).click();
  await expect(desk).toHaveURL(/\/admin\/ballots\/e2e-beiyuan-test$/);
  await expect(desk.getByTestId("desk-status")).toHaveText("草稿");
  await desk.getByRole("button", { name: "公开投票" }).click();
  await expect(desk.getByTestId("desk-status")).toHaveText("投票中");
  await desk.screenshot({ path: `${SHOTS}/admin-ballot-desk-1280.png`, fullPage: true });
  await desk.close();
});
