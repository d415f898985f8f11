// A district's own deployment from nothing (issue #20): a database made by `init` (the district
// account and no sample row), on which the district administrator, on the committee pages alone,
// creates a street and a community with its boundary and a maintainer unit; imports a components
// CSV saved in GBK (after a refusal: the same file read as UTF-8), a buildings XLSX and a zipped
// shapefile (the page's own export of those components, which imports back unchanged), each tried
// first and then stored; and loads the community's walking network from an OpenStreetMap extract,
// its upload slowed down so the progress bar shows while the clerk goes to another page and back.
// Then a resident, on a phone, opens a component's plate page and the community's 15-minute
// circle. Screenshots of the places and import pages at 375×667 and 1080×1920 (and in elder mode),
// and axe-core on each new page.
//
// The only real OSM extract at hand is central Helsinki (`../shared/data/osm/Helsinki.osm.pbf`
// beside the repository, which crates/osm-import/tests/helsinki.rs also reads), so this
// deployment's extent is Helsinki's centre, under Tongzhou's district code: every place below lies
// in it. Map data © OpenStreetMap contributors (ODbL).
import { test, expect, type Page, type Locator } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const OSM_EXTRACT = resolve(__dirname, "../../../shared/data/osm/Helsinki.osm.pbf");
const PORT = process.env.LINLI_E2E_ONBOARDING_PORT ?? "18083";
const SERVER = `http://127.0.0.1:${PORT}`;
const PASSWORD = "e2e-onboarding-password";
const WORK = resolve(ROOT, "target/e2e/onboarding");
const SHOTS = resolve(ROOT, "target/e2e");

const STREET = "110112001";
const COMMUNITY = "110112001001";
/** A square around 24.940–24.950 E, 60.166–60.175 N, as a GIS tool saves one drawn polygon. */
const BOUNDARY = JSON.stringify({
  type: "Feature",
  properties: { name: "测试社区" },
  geometry: {
    type: "Polygon",
    coordinates: [[[24.94, 60.166], [24.95, 60.166], [24.95, 60.175], [24.94, 60.175], [24.94, 60.166]]],
  },
});
const UNIT_PHONE = "010-89521846";
/** Street lights (class 01, subclass 10) in the community, as the census lists them. */
const LIGHTS = [
  ["1101120110000101", "测试路1号路灯", 60.1699, 24.944],
  ["1101120110000102", "测试路2号路灯", 60.1705, 24.9452],
  ["1101120110000103", "测试路3号路灯", 60.1712, 24.9468],
] as const;
const BUILDINGS = [
  [1101120501000001, "测试1号楼", 120, 60.1695, 24.943],
  [1101120501000002, "测试2号楼", 96, 60.172, 24.948],
] as const;

/** Text as Excel in China saves "CSV": GBK. Node has no GBK encoder, Python does. */
function gbk(text: string): Buffer {
  return execFileSync("python3", ["-c", "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode('utf-8').encode('gbk'))"], {
    input: text,
  });
}

/** The components file a census office sends: GBK, CRLF, Chinese headings, names for the
 *  community and the unit. */
function componentsCsv(): Buffer {
  const lines = ["部件编码,名称,社区,养护单位,地址,纬度,经度"];
  for (const [code, name, lat, lon] of LIGHTS) lines.push(`${code},${name},测试社区,测试照明所,${name.slice(0, 4)},${lat},${lon}`);
  return gbk(lines.join("\r\n") + "\r\n");
}

/** A minimal XLSX (Office Open XML: a zip of a workbook, one sheet and its shared strings), written
 *  with Python's zipfile because no spreadsheet writer is installed: the codes and households are
 *  numbers, as a clerk's Excel keeps them. */
const XLSX_WRITER = String.raw`
import json, sys, zipfile
from xml.sax.saxutils import escape
rows = json.load(sys.stdin)
strings = []
def cell(ref, value):
    if isinstance(value, str):
        if value not in strings:
            strings.append(value)
        return f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'
sheet_rows = []
for r, row in enumerate(rows, start=1):
    cells = "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row))
    sheet_rows.append(f'<row r="{r}">{cells}</row>')
main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {main} {rel}><sheets><sheet name="楼栋" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {main}><sheetData>{"".join(sheet_rows)}</sheetData></worksheet>',
    "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {main} count="{len(strings)}" uniqueCount="{len(strings)}">{"".join(f"<si><t>{escape(s)}</t></si>" for s in strings)}</sst>',
}
with zipfile.ZipFile(sys.stdout.buffer, "w", zipfile.ZIP_DEFLATED) as book:
    for name, text in parts.items():
        book.writestr(name, text)
`;

function buildingsXlsx(): Buffer {
  const rows: (string | number)[][] = [["楼栋编码", "楼号", "社区", "户数", "地址", "纬度", "经度"]];
  for (const [code, name, households, lat, lon] of BUILDINGS) rows.push([code, name, COMMUNITY, households, "", lat, lon]);
  return execFileSync("python3", ["-c", XLSX_WRITER], { input: JSON.stringify(rows) });
}

/** Console errors and uncaught exceptions, but the browser's own note of the answers this test
 *  asks for on purpose: the session asked for before signing in (401), a file refused (400) and
 *  an archive refused (409). */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  const expected = /Failed to load resource: the server responded with a status of (400|401|409)/;
  page.on("console", (m) => m.type() === "error" && !expected.test(m.text()) && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** The inventory form's file input and the choices that go with it, then a dry run. */
async function tryFile(page: Page, kind: string, file: { name: string; mimeType: string; buffer: Buffer } | string, encoding = "auto") {
  const form = page.getByTestId("import-form");
  await form.getByLabel("导入什么").selectOption(kind);
  await form.getByLabel("文字编码（CSV）").selectOption(encoding);
  await form.getByLabel(/^文件/).setInputFiles(file);
  await form.getByRole("button", { name: "试导入（不保存）" }).click();
}

function count(summary: Locator, key: string): Locator {
  return summary.getByTestId("import-counts").locator(`[data-count="${key}"]`);
}

async function expectCounts(summary: Locator, expected: Record<string, number>) {
  for (const [key, n] of Object.entries(expected)) await expect(count(summary, key), key).toHaveText(String(n));
}

let server: ChildProcess | undefined;

test.beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const binary = resolve(ROOT, "target/release/linli-server");
  const env = { ...process.env, LINLI_ADMIN_PASSWORD: PASSWORD, LINLI_LOG: "warn" };
  delete env.LINLI_SAMPLE_IF_EMPTY;
  const db = resolve(WORK, "district.sqlite");
  execFileSync(
    binary,
    ["--db", db, "init", "--district", "110112", "--name-zh", "测试区", "--name-en", "Test district", "--bounds", "24.93,60.16,24.96,60.18"],
    { env, stdio: "ignore" },
  );
  server = spawn(binary, ["--db", db, "--dist", resolve(ROOT, "dist"), "serve", "--port", PORT], { env, stdio: "ignore" });
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${SERVER}/api/v1/meta.json`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the onboarding server did not start on ${SERVER}`);
});

test.afterAll(() => {
  server?.kill();
});

// The committee works at a desktop: not the phone project's touch screen.
test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, baseURL: SERVER });

test("an empty deployment is built on the committee pages and serves its residents", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  // An empty deployment: no sample row anywhere.
  const meta = await (await page.request.get("/api/v1/meta.json")).json();
  expect(meta.sample_data).toBe(false);
  expect((await (await page.request.get("/api/v1/communities.json")).json()).communities).toEqual([]);

  await test.step("the district administrator signs in and creates a street, a community and a unit", async () => {
    await page.goto("/admin");
    await page.getByLabel("用户名").fill("admin");
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByTestId("dashboard")).toBeVisible();
    await page.getByRole("link", { name: "地点", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/places$/);
    await expect(page.getByTestId("district")).toHaveText("测试区（区划代码 110112）");
    await expect(page.getByText("还没有街道/乡镇")).toBeVisible();

    const street = page.getByTestId("street-form");
    await street.getByLabel(/^编号/).fill(STREET);
    await street.getByLabel("中文名称").fill("测试街道");
    await street.getByLabel("英文名称").fill("Test street");
    await street.getByRole("button", { name: "新建" }).click();
    await expect(street.getByRole("status")).toHaveText("已保存。");
    await expect(page.getByTestId("street")).toHaveCount(1);
    await expect(page.getByTestId("street").getByRole("heading")).toContainText("测试街道");
    // The form is empty again for the next one.
    await expect(street.getByLabel("中文名称")).toHaveValue("");

    const community = page.getByTestId("community-form");
    await community.getByLabel(/^编号/).fill(COMMUNITY);
    await expect(community.getByLabel("所属街道/乡镇")).toHaveValue(STREET);
    await community.getByLabel("中文名称").fill("测试社区");
    await community.getByLabel("英文名称").fill("Test community");
    await community.getByLabel("边界（可选，GeoJSON）").fill(BOUNDARY);
    await community.getByRole("button", { name: "新建" }).click();
    await expect(community.getByRole("status")).toHaveText("已保存。");
    const row = page.getByTestId("community-row");
    await expect(row).toHaveCount(1);
    await expect(row.locator("th")).toHaveText("测试社区");
    await expect(row.locator('[data-count="components"]')).toHaveText("0");

    // A street with an open community cannot be archived: the server's sentence says why.
    await page.getByTestId("street").getByRole("button", { name: "归档" }).first().click();
    await expect(page.getByTestId("street").getByRole("alert").first()).toContainText("还有 1 个未归档的社区/村");
    await expect(page.getByTestId("archived-places")).toHaveCount(0);

    await page.getByRole("navigation", { name: "区级数据" }).getByRole("link", { name: "养护单位" }).click();
    const unit = page.getByTestId("unit-form");
    await unit.getByLabel(/^编号/).fill("lights");
    await unit.getByLabel("单位名称").fill("测试照明所");
    await unit.getByLabel("电话").fill(UNIT_PHONE);
    await unit.getByLabel(/^负责的部件类别/).fill("01");
    await unit.getByLabel(`测试社区 (${COMMUNITY})`).check();
    await unit.getByRole("button", { name: "新建" }).click();
    await expect(unit.getByRole("status")).toHaveText("已保存。");
    const units = page.getByTestId("unit-row");
    await expect(units).toHaveCount(1);
    await expect(units).toContainText("测试照明所");
    await expect(units).toContainText(UNIT_PHONE);
    await expect(units).toContainText("测试社区");
  });

  await test.step("a GBK components CSV: refused as UTF-8, then tried and stored", async () => {
    await page.getByRole("navigation", { name: "区级数据" }).getByRole("link", { name: "导入与导出" }).click();
    await expect(page.getByTestId("osm-attribution")).toHaveText("地图数据 © OpenStreetMap 贡献者（ODbL）");
    const csv = { name: "部件普查.csv", mimeType: "text/csv", buffer: componentsCsv() };
    await tryFile(page, "components", csv, "utf-8");
    await expect(page.getByTestId("import-refusal")).toContainText("GBK");

    await tryFile(page, "components", csv, "auto");
    const summary = page.getByTestId("import-summary");
    await expect(summary.getByTestId("import-format")).toHaveText("csv");
    await expect(summary.getByTestId("import-encoding")).toHaveText("gb18030");
    await expectCounts(summary, { rows: 3, add: 3, change: 0, leave: 0, retire: 0 });
    await expect(summary.getByRole("status")).toContainText("什么都没有保存");
    await summary.getByRole("button", { name: "导入（保存）" }).click();
    await expect(summary.getByRole("status")).toHaveText("已导入并保存。");
    await expectCounts(summary, { rows: 3, add: 3 });
    await expect(summary.getByRole("button", { name: "导入（保存）" })).toHaveCount(0);
  });

  await test.step("a buildings XLSX: tried and stored", async () => {
    await tryFile(page, "buildings", { name: "楼栋.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: buildingsXlsx() });
    const summary = page.getByTestId("import-summary");
    await expect(summary.getByTestId("import-format")).toHaveText("xlsx");
    await expectCounts(summary, { rows: 2, add: 2, change: 0 });
    await summary.getByRole("button", { name: "导入（保存）" }).click();
    await expect(summary.getByRole("status")).toHaveText("已导入并保存。");
  });

  await test.step("the components exported as a shapefile import back unchanged", async () => {
    const exports = page.getByTestId("exports");
    const download = page.waitForEvent("download");
    await exports.getByRole("row", { name: /部件/ }).getByRole("link", { name: "Shapefile（zip）" }).click();
    const zip = resolve(WORK, "components.zip");
    await (await download).saveAs(zip);
    await tryFile(page, "components", zip);
    const summary = page.getByTestId("import-summary");
    await expect(summary.getByTestId("import-format")).toHaveText("shapefile");
    await expectCounts(summary, { rows: 3, add: 0, change: 0, leave: 3, retire: 0 });
    await summary.getByRole("button", { name: "导入（保存）" }).click();
    await expect(summary.getByRole("status")).toHaveText("已导入并保存。");
    await expectCounts(summary, { leave: 3 });
  });

  await test.step("the walking network from the OSM extract, sent slowly while the clerk goes elsewhere", async () => {
    const walking = page.getByTestId("walking-form");
    await expect(walking.getByLabel("社区")).toHaveValue(COMMUNITY);
    await walking.getByLabel(".osm.pbf 文件").setInputFiles(OSM_EXTRACT);
    // About 4 seconds for the 670 KB extract, so the bar can be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 160 * 1024 });
    await walking.getByRole("button", { name: "试导入（不保存）" }).click();
    const bar = page.getByTestId("walking-progress");
    await expect(bar).toContainText(/已上传 \d+%/);
    await expect
      .poll(async () => Number(await bar.locator("progress").getAttribute("value")), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // The other pages work meanwhile, and the upload goes on.
    await page.getByRole("navigation", { name: "区级数据" }).getByRole("link", { name: "地点" }).click();
    await expect(page.getByTestId("community-row")).toHaveCount(1);
    await page.getByRole("navigation", { name: "区级数据" }).getByRole("link", { name: "导入与导出" }).click();
    const summary = page.getByTestId("walking-summary");
    await expect(summary).toBeVisible({ timeout: 30_000 });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(summary.getByRole("status")).toHaveText("试导入完成，尚未保存。");
    await expect(summary).toContainText("社区边界");
    const nodes = Number(await summary.locator('[data-count="nodes"]').textContent());
    expect(nodes).toBeGreaterThan(50);
    await summary.getByRole("button", { name: "保存步行网络" }).click();
    await expect(summary.getByRole("status")).toContainText("已保存");
    await expect(summary.locator('[data-count="nodes"]')).toHaveText(String(nodes));
    const graph = await (await page.request.get(`/api/v1/walking-graphs/${COMMUNITY}.json`)).json();
    expect(graph.nodes.length).toBe(nodes);
  });

  await test.step("the places page counts what was imported", async () => {
    await page.getByRole("navigation", { name: "区级数据" }).getByRole("link", { name: "地点" }).click();
    const row = page.getByTestId("community-row");
    await expect(row.locator('[data-count="components"]')).toHaveText("3");
    await expect(row.locator('[data-count="buildings"]')).toHaveText("2");
    await expect(row.locator('[data-count="households"]')).toHaveText("216");
  });

  await test.step("a component's record: found by its code and edited; another retired from the plates page", async () => {
    await page.getByLabel("部件编码").fill(LIGHTS[0][0]);
    await page.getByLabel("部件编码").press("Enter");
    await expect(page).toHaveURL(new RegExp(`/admin/components/${LIGHTS[0][0]}$`));
    await expect(page.getByTestId("component-code")).toHaveText(LIGHTS[0][0]);
    const form = page.getByTestId("component-form");
    await expect(form.getByLabel("名称")).toHaveValue(LIGHTS[0][1]);
    await expect(form.getByLabel("养护单位")).toHaveValue("lights");
    await form.getByLabel("地址").fill("测试路1号东侧");
    await form.getByRole("button", { name: "保存" }).click();
    await expect(form.getByRole("status")).toHaveText("已保存。");

    await page.goto("/admin/plates");
    await page.getByRole("link", { name: `编辑${LIGHTS[2][1]}的记录` }).click();
    await expect(page.getByTestId("component-code")).toHaveText(LIGHTS[2][0]);
    await page.getByTestId("retire").click();
    // A second, deliberate press: the first only asks.
    await expect(page.getByTestId("retire-confirm")).toBeFocused();
    await page.getByTestId("retire-confirm").click();
    await expect(page.getByTestId("component-retired")).toContainText("停用：铭牌已拆除");
    await expect(page.getByTestId("retire")).toHaveCount(0);
  });

  await test.step("screenshots of the places and import pages; axe-core finds nothing on the new pages", async () => {
    const failures: string[] = [];
    const axe = async (what: string) => {
      for (const v of (await new AxeBuilder({ page }).analyze()).violations) {
        failures.push(`${what}: ${v.id} (${v.impact}) — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
      }
    };
    // Nothing wider than the page: wide tables scroll in their own box.
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const size of [
      { name: "375", width: 375, height: 667 },
      { name: "1080", width: 1080, height: 1920 },
    ]) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto("/admin/places");
      await expect(page.getByTestId("community-row")).toHaveCount(1);
      await page.screenshot({ path: `${SHOTS}/onboarding-places-${size.name}.png`, fullPage: true });
      await axe(`places at ${size.name}`);
      expect(await overflow(), `places overflow at ${size.name}`).toBeLessThanOrEqual(0);
      await page.goto("/admin/import");
      await expect(page.getByTestId("import-form")).toBeVisible();
      await tryFile(page, "components", resolve(WORK, "components.zip"));
      await expect(page.getByTestId("import-summary")).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/onboarding-import-${size.name}.png`, fullPage: true });
      await axe(`import at ${size.name}`);
      expect(await overflow(), `import overflow at ${size.name}`).toBeLessThanOrEqual(0);
    }
    await page.goto("/admin/units");
    await expect(page.getByTestId("unit-row")).toHaveCount(1);
    await axe("units");
    await page.goto(`/admin/components/${LIGHTS[0][0]}`);
    await expect(page.getByTestId("component-form")).toBeVisible();
    await axe("component record");
    // Elder mode (set on 我的, kept in this browser) raises the type and the targets here too.
    await page.setViewportSize({ width: 375, height: 667 });
    await page.evaluate(() => localStorage.setItem("linli.elder", "true"));
    await page.goto("/admin/import");
    await expect(page.locator("html")).toHaveClass(/elder/);
    await tryFile(page, "components", resolve(WORK, "components.zip"));
    await expect(page.getByTestId("import-summary")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/onboarding-import-375-elder.png`, fullPage: true });
    expect(await overflow(), "import overflow in elder mode").toBeLessThanOrEqual(0);
    await page.evaluate(() => localStorage.removeItem("linli.elder"));
    expect(failures, failures.join("\n")).toEqual([]);
  });

  await test.step("the audit trail shows what the district did, page and CSV alike", async () => {
    const failures: string[] = [];
    for (const size of [
      { name: "375", width: 375, height: 667 },
      { name: "1080", width: 1080, height: 1920 },
    ]) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto("/admin/audit");
      const rows = page.getByTestId("audit-row");
      await expect(rows.first()).toBeVisible();
      await expect(page.locator('[data-action="street.save"]')).toHaveCount(1);
      await expect(page.locator('[data-action="community.save"]').first()).toBeVisible();
      await expect(page.locator('[data-action="import.walking"]')).toHaveCount(1);
      await expect(page.locator('[data-action="component.retire"]')).toContainText("停用部件");
      expect(await page.locator('[data-action="import.apply"]').count()).toBeGreaterThanOrEqual(3);
      await page.screenshot({ path: `${SHOTS}/onboarding-audit-${size.name}.png`, fullPage: true });
      for (const v of (await new AxeBuilder({ page }).analyze()).violations) {
        failures.push(`audit at ${size.name}: ${v.id} (${v.impact})`);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `audit overflow at ${size.name}`).toBeLessThanOrEqual(0);
    }
    const csv = await page.request.get("/api/v1/admin/audit.csv");
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain("component.retire");
    expect(text.split("\n")[0]).toContain("seq,at,actor,address");
    expect(failures, failures.join("\n")).toEqual([]);
  });
  expect(errors).toEqual([]);

  await test.step("a resident opens a plate's page and the community's 15-minute circle", async () => {
    const resident = await browser.newContext({ viewport: { width: 375, height: 667 }, locale: "zh-CN", baseURL: SERVER, isMobile: true, hasTouch: true });
    const phone = await resident.newPage();
    const residentErrors = watchConsole(phone);
    await phone.goto(`/c/${LIGHTS[0][0]}`);
    await expect(phone.getByTestId("component-name")).toHaveText(LIGHTS[0][1]);
    await expect(phone.getByTestId("maintainer")).toHaveText("测试照明所");
    await expect(phone.getByTestId("maintainer-phone")).toContainText(UNIT_PHONE);
    await expect(phone.getByText("示例数据")).toHaveCount(0);
    await phone.screenshot({ path: `${SHOTS}/onboarding-plate-375.png`, fullPage: true });

    await phone.getByTestId("nearby-services").click();
    await expect(phone).toHaveURL(new RegExp(`/map/${COMMUNITY}\\?c=${LIGHTS[0][0]}$`));
    await expect(phone.getByTestId("start-line")).toContainText(LIGHTS[0][1]);
    await expect(phone.getByTestId("circle-summary")).toContainText("15分钟内可到达");
    for (const band of ["reach-5", "reach-10", "reach-15"]) {
      expect((await phone.locator(`[data-testid=street-map] .${band}`).getAttribute("d"))?.length, band).toBeGreaterThan(0);
    }
    await expect(phone.getByTestId("street-map").locator(".here")).toHaveCount(1);

    // The community's own circle, from one of its imported buildings.
    await phone.goto(`/map/${COMMUNITY}`);
    await phone.getByLabel("我的楼栋").selectOption({ index: 1 });
    await expect(phone).toHaveURL(/\?b=\d+$/);
    expect((await phone.locator("[data-testid=street-map] .reach-15").getAttribute("d"))?.length).toBeGreaterThan(0);
    await phone.screenshot({ path: `${SHOTS}/onboarding-circle-375.png`, fullPage: true });

    // The retired plate says so.
    await phone.goto(`/c/${LIGHTS[2][0]}`);
    await expect(phone.getByTestId("component-retired")).toBeVisible();
    expect(residentErrors).toEqual([]);
    await resident.close();
  });
});
