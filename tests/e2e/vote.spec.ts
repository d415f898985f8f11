// Votes as people cast them (issue #4): the committee makes codes and prints them, a household
// opens its code's link on a phone, chooses within the budget (and sees the refusal when over),
// votes, keeps the receipt; the same code is refused; a second household votes with the keyboard
// alone; the committee closes the ballot; the results count the votes and the receipt is found.
// The receipt carries a QR (drawn by the server) of the page that checks it, found after close.
// Then the committee builds a new ballot from its project library and opens it; paper ballots are
// keyed by two named members each (by hand and from a CSV file, previewed with a per-row error
// report) and count, under the paper channel, when the keyings agree; a differing one is rejected
// with a reason; and an open poll takes no
// code, says everywhere that it is non-binding, and refuses a second vote from the same phone.
import { test, expect, type Page, type Browser } from "@playwright/test";
import { ADMIN_PASSWORD, SECOND_MEMBER, THIRD_MEMBER } from "./playwright.config";
import { dropFirstVoteAnswer } from "./fixtures";

const BALLOT = "2026-beiyuan-autumn";
const TITLE = "北苑家园社区2026年微空间微更新项目投票";
const SHOTS = "../../target/e2e";
const RECEIPT = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

async function committeeDesk(browser: Browser, username = "admin", password = ADMIN_PASSWORD): Promise<Page> {
  const desk = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  await desk.goto("/admin");
  await desk.getByLabel("用户名").fill(username);
  await desk.getByLabel("密码").fill(password);
  await desk.getByRole("button", { name: "登录" }).click();
  await desk.getByRole("link", { name: "投票管理" }).click();
  return desk;
}

/** A named member's desk, showing the ballot of that title. */
async function openDesk(browser: Browser, member: { username: string; password: string }, title: string): Promise<Page> {
  const desk = await committeeDesk(browser, member.username, member.password);
  await desk.getByTestId("admin-ballots").getByRole("link", { name: title }).click();
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
  // The sample ballot is open, so three more codes take two members (issue #27): one asks, and
  // the codes are made, and shown once, when a second, named member confirms.
  const desk = await committeeDesk(browser);
  await desk.getByTestId("admin-ballots").getByRole("link", { name: TITLE }).click();
  await expect(desk.getByTestId("desk-status")).toHaveText("投票中");
  await desk.getByLabel("生成数量（每户一个）").fill("3");
  await desk.getByRole("button", { name: "申请生成投票码（须另一位成员确认）" }).click();
  await expect(desk.getByTestId("codes-status")).toContainText("已提出申请");
  await expect(desk.getByTestId("code-requests")).toContainText("等待另一位成员确认");
  await expect(desk.getByTestId("sheet-code")).toHaveCount(0);
  const issuer = await committeeDesk(browser, SECOND_MEMBER.username, SECOND_MEMBER.password);
  await issuer.getByTestId("admin-ballots").getByRole("link", { name: TITLE }).click();
  await expect(issuer.getByTestId("code-requests")).toContainText("admin 于");
  await expect(issuer.getByTestId("code-requests")).toContainText("申请 3 个投票码");
  await issuer.getByRole("button", { name: "确认并生成" }).click();
  await expect(issuer.getByTestId("codes-status")).toContainText("只显示这一次");
  const codes = await issuer.getByTestId("sheet-code").allTextContents();
  expect(codes).toHaveLength(3);
  await expect(issuer.getByTestId("code-sheet").locator("svg")).toHaveCount(3);
  await expect(issuer.getByRole("button", { name: "确认并生成" })).toHaveCount(0);
  await issuer.screenshot({ path: `${SHOTS}/admin-code-sheet-1280.png`, fullPage: true });
  await issuer.close();

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
  // The receipt's QR, drawn by the server, holds the page that checks this receipt: the link
  // under it, on this host, with the receipt and never the voting code.
  const qr = page.getByTestId("receipt-qr");
  await expect(qr).toHaveAttribute("src", `/api/v1/ballots/${BALLOT}/receipts/${receipt}/qr.svg`);
  await expect(qr).toHaveAttribute("alt", /回执二维码/);
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const receiptUrl = (await page.getByTestId("receipt-link").getAttribute("href"))!;
  expect(receiptUrl).toBe(`${new URL(page.url()).origin}/v/${BALLOT}?receipt=${receipt}`);
  expect(receiptUrl).not.toContain(codes[0]);
  const drawn = await page.request.get((await qr.getAttribute("src"))!);
  expect(drawn.headers()["content-type"]).toContain("image/svg+xml");
  expect(await drawn.text()).toContain(`<title>${receiptUrl}</title>`);
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
  // Closing before the announced time takes two members (issue #27): one asks, and nothing is
  // published until a second, with an account of their own, confirms.
  await desk.getByRole("button", { name: "提前结束投票" }).click();
  await desk.getByRole("button", { name: "提出提前结束（须另一位成员确认）" }).click();
  await expect(desk.getByTestId("close-pending")).toContainText("须由另一位居委会成员用本人账号确认");
  await expect(desk.getByTestId("desk-status")).toHaveText("投票中");
  await expect(desk.getByRole("button", { name: "确认提前结束（不可撤销）" })).toHaveCount(0);
  const second = await committeeDesk(browser, SECOND_MEMBER.username, SECOND_MEMBER.password);
  await second.getByTestId("admin-ballots").getByRole("link", { name: TITLE }).click();
  await expect(second.getByTestId("close-pending")).toContainText("admin 于");
  await second.screenshot({ path: `${SHOTS}/admin-close-confirm-1280.png`, fullPage: true });
  await second.getByRole("button", { name: "确认提前结束（不可撤销）" }).click();
  await expect(second.getByTestId("desk-status")).toHaveText("已结束");
  await expect(second.getByRole("link", { name: "CSV" })).toHaveAttribute("href", `/api/v1/ballots/${BALLOT}/export.csv`);
  await second.close();
  await desk.close();

  // The results count both votes, and the first household finds its receipt counted: only that,
  // not what it chose, so that a receipt proves nothing to someone who buys or presses a vote.
  await page.goto(`/v/${BALLOT}`);
  const results = page.getByTestId("results");
  await expect(results).toContainText("投票结果");
  await expect(results.locator("tr", { hasText: "北苑三街口袋公园" }).locator("td").last()).toHaveText(/^[12]$/);
  await expect(results.getByText("入选").first()).toBeVisible();
  await expect(page.getByTestId("turnout")).toContainText("已有 2 户投票");
  await expect(page.getByRole("button", { name: "投票", exact: true })).toHaveCount(0);
  // What happened to the ballot, published with when and how many, not who (issue #27).
  const history = page.getByTestId("ballot-history");
  await expect(history).toContainText("发放投票码 3 个");
  await expect(history).toContainText("经两位居委会成员确认，提前结束");
  await expect(history).not.toContainText(SECOND_MEMBER.username);
  await page.getByLabel("回执号").fill(receipt.toLowerCase());
  await page.getByRole("button", { name: "查询" }).click();
  const found = page.getByTestId("receipt-check");
  await expect(found).toContainText("这张回执已计入结果");
  await expect(found).toContainText("不显示投给了哪些项目");
  for (const title of ["北苑三街口袋公园", "社区活动中心音乐室", "北苑南路运动角"]) {
    await expect(found).not.toContainText(title);
  }
  await page.screenshot({ path: `${SHOTS}/vote-results-375.png`, fullPage: true });
  await page.getByLabel("回执号").fill("2222-2222-2222");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(found).toContainText("没有找到这个回执号");

  // The receipt's QR, scanned after close, opens the check filled in and already answered.
  await page.goto("about:blank");
  await page.goto(receiptUrl);
  await expect(page.getByLabel("回执号")).toHaveValue(receipt);
  await expect(page.getByTestId("receipt-check")).toContainText("这张回执已计入结果");
  await expect(page.getByTestId("receipt-check")).not.toContainText("北苑三街口袋公园");
});

test("the committee builds a ballot from its project library and opens it", async ({ browser }) => {
  const desk = await committeeDesk(browser);
  await desk.getByRole("link", { name: "新建投票" }).click();
  await desk.getByLabel("社区").selectOption("beiyuan-jiayuan");
  // Other specs add to this community's library first, so it need not be empty here.
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

/** Defines a ballot of new library projects on the committee's form and opens it. */
/**
 * Closes a ballot early as two members must (issue #27): the shared first-run account asks, and
 * the second, named member confirms. Returns the confirmer's desk, showing the closed ballot.
 */
async function closeEarly(browser: Browser, title: string): Promise<Page> {
  const asker = await committeeDesk(browser);
  await asker.getByTestId("admin-ballots").getByRole("link", { name: title }).click();
  await asker.getByRole("button", { name: "提前结束投票" }).click();
  await asker.getByRole("button", { name: "提出提前结束（须另一位成员确认）" }).click();
  await expect(asker.getByTestId("close-pending")).toContainText("须由另一位居委会成员用本人账号确认");
  await asker.close();
  const confirmer = await committeeDesk(browser, SECOND_MEMBER.username, SECOND_MEMBER.password);
  await confirmer.getByTestId("admin-ballots").getByRole("link", { name: title }).click();
  await expect(confirmer.getByTestId("close-pending")).toContainText("admin 于");
  await confirmer.getByRole("button", { name: "确认提前结束（不可撤销）" }).click();
  await expect(confirmer.getByTestId("desk-status")).toHaveText("已结束");
  return confirmer;
}

/**
 * Creates a ballot from new library projects, makes `codes` voting codes while it is a draft (as
 * a committee prints its sheets before the vote opens; an open ballot's codes take two members),
 * opens it, and returns the codes.
 */
async function newOpenBallot(
  desk: Page,
  ballot: { id: string; title: string; budget: string; projects: [string, string][]; poll?: boolean; codes?: number },
): Promise<string[]> {
  await desk.goto("/admin/ballots");
  await desk.getByRole("link", { name: "新建投票" }).click();
  await desk.getByLabel("社区").selectOption("beiyuan-jiayuan");
  await desk.getByText("新增项目…").click();
  for (const [title, cost] of ballot.projects) {
    await desk.getByLabel("标题").first().fill(title);
    await desk.getByLabel("简介").fill(`${title}（测试项目）`);
    await desk.getByLabel("估算费用（元）").fill(cost);
    await desk.getByRole("button", { name: "添加到项目库" }).click();
    await expect(desk.getByTestId("library").getByRole("checkbox", { name: new RegExp(title), checked: true })).toBeVisible();
  }
  await desk.getByLabel("投票编号（可不填，如 2027-beiyuan-spring）").fill(ballot.id);
  await desk.getByLabel("标题").last().fill(ballot.title);
  await desk.getByLabel("说明", { exact: true }).fill("测试用投票。");
  await desk.getByLabel("预算（元）").fill(ballot.budget);
  if (ballot.poll) await desk.getByLabel(/意见征集（非约束性）/).check();
  await desk.getByRole("button", { name: "保存为草稿" }).click();
  await expect(desk).toHaveURL(new RegExp(`/admin/ballots/${ballot.id}$`));
  let codes: string[] = [];
  if (ballot.codes) {
    await desk.getByLabel("生成数量（每户一个）").fill(String(ballot.codes));
    await desk.getByRole("button", { name: "生成投票码" }).click();
    // allTextContents does not wait: read the sheet once the server's answer is on the page.
    await expect(desk.getByTestId("codes-status")).toContainText("只显示这一次");
    codes = await desk.getByTestId("sheet-code").allTextContents();
    expect(codes).toHaveLength(ballot.codes);
  }
  await desk.getByRole("button", { name: "公开投票" }).click();
  await expect(desk.getByTestId("desk-status")).toHaveText("投票中");
  return codes;
}

test("paper ballots: keyed by two named members, by hand and from CSV; agreeing ones count, a differing one is rejected with a reason", async ({ page, browser }) => {
  const BALLOT_ID = "e2e-paper";
  const desk = await committeeDesk(browser);
  const codes = await newOpenBallot(desk, {
    id: BALLOT_ID,
    title: "纸质选票测试投票",
    budget: "80000",
    projects: [["社区共享书架", "30000"], ["楼门口防滑坡道", "50000"], ["院内晾衣架", "20000"]],
    codes: 4,
  });
  // The shared first-run account may not key: double entry must know which two people keyed.
  await desk.getByLabel("选票上的投票码").fill(codes[0]);
  await desk.getByLabel("p1 社区共享书架").check();
  await desk.getByRole("button", { name: "录入" }).click();
  await expect(desk.getByRole("alert").filter({ hasText: "共用的初始管理员账号不能录入" })).toBeVisible();
  await desk.close();

  // A named member keys one by hand: it waits for another member, who must not see the reading.
  const first = await openDesk(browser, SECOND_MEMBER, "纸质选票测试投票");
  await first.getByLabel("选票上的投票码").fill(codes[0]);
  await first.getByLabel("p1 社区共享书架").check();
  await first.getByLabel("p2 楼门口防滑坡道").check();
  await first.getByRole("button", { name: "录入" }).click();
  await expect(first.getByTestId("paper-keyed")).toHaveText("已录入，等待另一位成员对照选票独立录入。");
  const list = first.getByTestId("paper-ballots");
  await expect(list.locator("tbody tr")).toHaveCount(1);
  await expect(list).toContainText("待另一位成员录入");
  await expect(list).toContainText(SECOND_MEMBER.username);
  await expect(list).not.toContainText("社区共享书架");

  // A CSV file: the preview names each wrong row by its line, and nothing can be imported yet.
  const typo = (codes[2][0] === "A" ? "B" : "A") + codes[2].slice(1);
  const csv = first.getByLabel("从 CSV 导入纸质选票");
  await csv.fill(`code,projects\n${codes[1]},p1 p3\n${typo},p3\n${codes[3]},p1 p2 p3\n`);
  await first.getByRole("button", { name: "预览" }).click();
  const report = first.getByTestId("import-report");
  await expect(report).toContainText("共 3 行，可导入 1 行。");
  await expect(report.locator("li")).toHaveCount(2);
  await expect(report.locator("li").nth(0)).toContainText("第 3 行");
  await expect(report.locator("li").nth(0)).toContainText("输入错误");
  await expect(report.locator("li").nth(1)).toContainText("第 4 行");
  await expect(report.locator("li").nth(1)).toContainText("超出预算");
  await expect(first.getByRole("button", { name: "导入", exact: true })).toBeDisabled();
  await first.screenshot({ path: `${SHOTS}/admin-paper-import-errors-1280.png`, fullPage: true });
  // Corrected, previewed clean, imported: three more wait for another member's keying.
  await csv.fill(`code,projects\n${codes[1]},p1 p3\n${codes[2]},p3\n${codes[3]},p2;p3\n`);
  await first.getByRole("button", { name: "预览" }).click();
  await expect(report).toContainText("共 3 行，可导入 3 行。");
  await expect(report.locator("li")).toHaveCount(0);
  await first.getByRole("button", { name: "导入", exact: true }).click();
  await expect(report).toContainText("已录入 3 张：计入 0 张，待另一位成员录入 3 张，两次录入不一致 0 张。");
  await expect(list.locator("tbody tr")).toHaveCount(4);
  // Keying the same paper ballot twice does not make a second person.
  await first.getByLabel("选票上的投票码").fill(codes[0]);
  await first.getByLabel("p1 社区共享书架").check();
  await first.getByLabel("p2 楼门口防滑坡道").check();
  await first.getByRole("button", { name: "录入" }).click();
  await expect(first.getByRole("alert").filter({ hasText: "您已经录入过这张纸质选票" })).toBeVisible();
  await first.close();

  // Another member keys the same four from the paper; one of them is read differently.
  const second = await openDesk(browser, THIRD_MEMBER, "纸质选票测试投票");
  await second.getByLabel("从 CSV 导入纸质选票").fill(
    `code,projects\n${codes[0]},p2 p1\n${codes[1]},p1;p3\n${codes[2]},p3\n${codes[3]},p1\n`,
  );
  await second.getByRole("button", { name: "预览" }).click();
  await expect(second.getByTestId("import-report")).toContainText("共 4 行，可导入 4 行。");
  await second.getByRole("button", { name: "导入", exact: true }).click();
  await expect(second.getByTestId("import-report")).toContainText("已录入 4 张：计入 3 张，待另一位成员录入 0 张，两次录入不一致 1 张。");
  const papers = second.getByTestId("paper-ballots");
  await expect(papers.locator('tr[data-status="counted"]')).toHaveCount(3);
  const disputed = papers.locator('tr[data-status="disputed"]');
  await expect(disputed).toContainText("两次录入不一致，待第三位成员");
  // Both readings are shown once they differ, so a third member can find the paper.
  await expect(disputed).toContainText("楼门口防滑坡道、院内晾衣架");
  await expect(disputed).toContainText(`${THIRD_MEMBER.username}`);
  // The paper has two crossings-out: rejected, with the reason kept beside it.
  await disputed.getByRole("button", { name: "驳回" }).click();
  await expect(disputed.getByRole("alert")).toContainText("请写明驳回理由");
  await disputed.getByLabel(/驳回第 \d+ 号的理由/).fill("两处涂改，无法辨认");
  await disputed.getByRole("button", { name: "驳回" }).click();
  const rejected = papers.locator('tr[data-status="rejected"]');
  await expect(rejected).toContainText("已驳回");
  await expect(rejected).toContainText("两处涂改，无法辨认");
  await second.reload();
  await expect(second.getByTestId("desk-turnout")).toContainText("已投 3 / 已发放 4（手机 0 · 自助屏 0 · 纸质 3；纸质待确认 0）");
  await second.screenshot({ path: `${SHOTS}/admin-paper-double-entry-1280.png`, fullPage: true });
  await second.close();
  await (await closeEarly(browser, "纸质选票测试投票")).close();

  // The results count the three agreeing paper ballots: 书架 2, 坡道 1, 晾衣架 2.
  await page.goto(`/v/${BALLOT_ID}`);
  const results = page.getByTestId("results");
  await expect(results).toContainText("投票结果");
  for (const [title, votes] of [["社区共享书架", "2"], ["楼门口防滑坡道", "1"], ["院内晾衣架", "2"]]) {
    await expect(results.locator("tr", { hasText: title }).locator("td").last()).toHaveText(votes);
  }
  await expect(page.getByTestId("turnout")).toContainText("已有 3 户投票");
  await expect(page.getByTestId("turnout")).toContainText("手机 0 · 自助屏 0 · 纸质 3");
  await expect(page.getByText("有一张纸质选票被驳回（理由由居委会留存）")).toBeVisible();
  await expect(page.getByText("两处涂改")).toHaveCount(0);
  const exported = await page.request.get(`/api/v1/ballots/${BALLOT_ID}/export.csv`);
  const lines = (await exported.text()).trim().split("\n");
  expect(lines).toHaveLength(4);
  expect(lines.slice(1).every((line) => line.split(",")[1] === "paper")).toBe(true);
  await page.screenshot({ path: `${SHOTS}/vote-paper-results-375.png`, fullPage: true });
});

// Issue #27: when the answer to a vote was lost after the server had counted it, the resend was
// refused as "already used" and the household never saw its receipt.
test("a vote whose answer is lost on the way is answered with its receipt when sent again", async ({ page, browser }) => {
  const BALLOT_ID = "e2e-lost-answer";
  const desk = await committeeDesk(browser);
  const [code] = await newOpenBallot(desk, {
    id: BALLOT_ID,
    title: "弱网投票测试",
    budget: "60000",
    projects: [["楼道感应灯", "20000"], ["单元门禁维修", "30000"]],
    codes: 1,
  });

  const network = await dropFirstVoteAnswer(page);
  await page.goto(`/v/${BALLOT_ID}#${code}`);
  await page.getByLabel(/楼道感应灯/).check();
  await page.getByRole("button", { name: "投票", exact: true }).click();
  await page.getByRole("button", { name: "确认投票" }).click();
  // The server counted it, but the phone heard nothing: it says so, and shows no receipt.
  await expect(page.getByTestId("vote-refused")).toBeVisible();
  expect(network.status()).toBe(201);
  await expect(page.getByTestId("receipt")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/vote-answer-lost-375.png`, fullPage: true });
  // The household tries again: the receipt it was counted under, and one vote in all.
  await page.getByRole("button", { name: "投票", exact: true }).click();
  await page.getByRole("button", { name: "确认投票" }).click();
  await expect(page.getByTestId("receipt")).toContainText("投票成功");
  await expect(page.getByTestId("receipt-id")).toHaveText(network.receipt());
  const turnout = await (await page.request.get(`/api/v1/ballots/${BALLOT_ID}/turnout.json`)).json();
  expect(turnout.codes_spent).toBe(1);
  expect(turnout.by_channel).toEqual({ phone: 1, kiosk: 0, paper: 0 });
});

test("an open poll takes no code, says it is non-binding everywhere, and takes one vote per phone", async ({ page, browser }) => {
  const POLL = "e2e-open-poll";
  const desk = await committeeDesk(browser);
  await newOpenBallot(desk, {
    id: POLL,
    title: "楼前空地用途意见征集",
    budget: "100000",
    projects: [["楼前小菜园", "30000"], ["儿童沙坑", "40000"]],
    poll: true,
  });
  await expect(desk.getByTestId("desk-poll")).toHaveText("非约束性意见征集");
  await expect(desk.getByRole("button", { name: /投票码/ })).toHaveCount(0);
  await expect(desk.getByText("录入", { exact: true })).toHaveCount(0);

  await page.goto(`/v/${POLL}`);
  await expect(page.getByTestId("poll-label")).toContainText("非约束性意见征集");
  await expect(page.getByTestId("poll-label")).toContainText("无需投票码");
  await expect(page.getByLabel("投票码")).toBeHidden();
  await page.getByLabel(/楼前小菜园/).check();
  await page.getByRole("button", { name: "投票", exact: true }).click();
  await page.getByRole("button", { name: "确认投票" }).click();
  await expect(page.getByTestId("receipt-id")).toHaveText(RECEIPT);
  await page.screenshot({ path: `${SHOTS}/vote-poll-receipt-375.png`, fullPage: true });

  // The same phone again: a clear refusal, and nothing counted.
  await page.goto("about:blank");
  await page.goto(`/v/${POLL}`);
  await page.getByLabel(/儿童沙坑/).check();
  await page.getByRole("button", { name: "投票", exact: true }).click();
  await page.getByRole("button", { name: "确认投票" }).click();
  await expect(page.getByTestId("vote-refused")).toContainText("这台设备已经参加过这次意见征集");
  await expect(page.getByTestId("turnout")).toContainText("已有 1 台设备参与");
  await page.screenshot({ path: `${SHOTS}/vote-poll-refused-375.png`, fullPage: true });

  await desk.reload();
  await expect(desk.getByTestId("desk-turnout")).toContainText("已有 1 台设备参与（手机 1 · 自助屏 0）");
  await desk.close();
  await (await closeEarly(browser, "楼前空地用途意见征集")).close();

  // The results and the exports say the outcome is advice, not a decision.
  await page.goto(`/v/${POLL}`);
  await expect(page.getByTestId("poll-label")).toContainText("非约束性意见征集");
  await expect(page.getByTestId("results")).toContainText("非约束性意见征集");
  await expect(page.getByTestId("results").locator("tr", { hasText: "楼前小菜园" }).locator("td").last()).toHaveText("1");
  const csv = await page.request.get(`/api/v1/ballots/${POLL}/export.csv`);
  expect(await csv.text()).toMatch(/^# 非约束性意见征集 Non-binding poll/);
  const pb = await page.request.get(`/api/v1/ballots/${POLL}/export.pb`);
  expect(await pb.text()).toContain("comment;非约束性意见征集 Non-binding poll");
  await page.screenshot({ path: `${SHOTS}/vote-poll-results-375.png`, fullPage: true });
});
