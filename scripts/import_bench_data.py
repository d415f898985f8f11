"""The files scripts/import-bench.sh imports: a district of Tongzhou's size, made up the same way
every time (a fixed seed), with only the standard library.

    python3 scripts/import_bench_data.py OUT_DIR ROWS XLSX_ROWS

writes into OUT_DIR:
  streets.tsv       id <tab> name_zh <tab> name_en, one street or town a line (22)
  units.tsv         id <tab> name <tab> phone, one maintainer unit a line (40)
  communities.csv   id,street,name_zh,name_en: 27 communities per street, 12-digit ids
  components.csv    code,name,community,unit,address,lat,lon: ROWS components, UTF-8
  components-gbk.csv   the same text encoded as GBK
  components.xlsx   the first XLSX_ROWS of them as a workbook (inline strings), when XLSX_ROWS > 0
"""

import random
import sys
import zipfile
from xml.sax.saxutils import escape

DISTRICT = "110112"
WEST, SOUTH, EAST, NORTH = 116.5, 39.58, 116.97, 40.06
STREETS = 22
COMMUNITIES_PER_STREET = 27
UNITS = 40

STREET_NAMES = [
    "中仓", "新华", "北苑", "玉桥", "潞源", "通运", "文景", "九棵树", "临河里", "杨庄",
    "潞邑", "宋庄", "张家湾", "漷县", "永乐店", "马驹桥", "西集", "台湖", "梨园", "潞城",
    "于家务", "永顺",
]
STREET_PINYIN = [
    "Zhongcang", "Xinhua", "Beiyuan", "Yuqiao", "Luyuan", "Tongyun", "Wenjing", "Jiukeshu",
    "Linheli", "Yangzhuang", "Luyi", "Songzhuang", "Zhangjiawan", "Huoxian", "Yongledian",
    "Majuqiao", "Xiji", "Taihu", "Liyuan", "Lucheng", "Yujiawu", "Yongshun",
]
COMMUNITY_STEMS = [
    "东里", "西里", "南里", "北里", "家园", "小区", "新村", "花园", "嘉园", "雅园",
    "东区", "西区", "佳苑", "丽景", "锦园", "华庭", "馨园", "康居", "和园", "景苑",
    "翠园", "怡园", "融园", "悦府", "安居", "春晓", "秋实",
]
ROADS = [
    "新华大街", "玉带河大街", "通惠北路", "运河西大街", "九棵树东路", "梨园路", "潞苑北大街",
    "车站路", "杨庄路", "宋梁路", "张采路", "京塘路", "通朝大街", "万盛南街", "翠屏西路",
]
# GB/T 30428.2 subclasses of the major classes 01–06, as crates/core/src/component_code.rs
# names them.
CLASSES = {
    "01": ["上水井盖", "污水井盖", "雨水井盖", "电力井盖", "路灯井盖", "通信井盖", "热力井盖",
           "燃气井盖", "消防栓", "路灯", "变电箱", "通信交接箱"],
    "02": ["停车场", "公交站亭", "交通标志牌", "交通信号灯", "路名牌", "护栏", "过街天桥",
           "非机动车停放点"],
    "03": ["公共厕所", "垃圾箱", "报刊亭", "广告牌", "公共座椅"],
    "04": ["古树名木", "行道树", "绿地", "雕塑", "花坛"],
    "05": ["住宅楼", "公共建筑"],
    "06": ["健身设施", "儿童游乐设施", "信息亭"],
}


def main() -> None:
    out, rows, xlsx_rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(20)

    streets = [
        (f"{DISTRICT}{s:03d}", f"{STREET_NAMES[s - 1]}街道", f"{STREET_PINYIN[s - 1]} Street")
        for s in range(1, STREETS + 1)
    ]
    with open(f"{out}/streets.tsv", "w", encoding="utf-8") as f:
        for street in streets:
            f.write("\t".join(street) + "\n")

    units = [
        (f"unit-{u:02d}", f"通州区第{u}养护所", f"010-8952{u:04d}") for u in range(1, UNITS + 1)
    ]
    with open(f"{out}/units.tsv", "w", encoding="utf-8") as f:
        for unit in units:
            f.write("\t".join(unit) + "\n")

    # Each community has a centre; its components lie within about 600 m of it.
    communities = []
    with open(f"{out}/communities.csv", "w", encoding="utf-8", newline="") as f:
        f.write("id,street,name_zh,name_en\n")
        for s, (street_id, street_zh, _) in enumerate(streets, start=1):
            for c in range(1, COMMUNITIES_PER_STREET + 1):
                community_id = f"{street_id}{c:03d}"
                name_zh = f"{STREET_NAMES[s - 1]}{COMMUNITY_STEMS[c - 1]}社区"
                name_en = f"{STREET_PINYIN[s - 1]} Community {c}"
                f.write(f"{community_id},{street_id},{name_zh},{name_en}\n")
                centre = (rng.uniform(WEST + 0.02, EAST - 0.02), rng.uniform(SOUTH + 0.02, NORTH - 0.02))
                communities.append((community_id, centre))

    classes = [(major, sub, name) for major, names in CLASSES.items() for sub, name in enumerate(names, 1)]
    serials = {}
    lines = ["code,name,community,unit,address,lat,lon\n"]
    for _ in range(rows):
        major, sub, class_name = rng.choice(classes)
        serial = serials.get((major, sub), 0) + 1
        serials[(major, sub)] = serial
        community_id, (lon0, lat0) = rng.choice(communities)
        unit_id = units[rng.randrange(UNITS)][0]
        lon = lon0 + rng.uniform(-0.007, 0.007)
        lat = lat0 + rng.uniform(-0.005, 0.005)
        address = f"通州区{rng.choice(ROADS)}{rng.randint(1, 300)}号附近"
        lines.append(
            f"{DISTRICT}{major}{sub:02d}{serial:06d},{class_name}{serial},{community_id},"
            f"{unit_id},{address},{lat:.6f},{lon:.6f}\n"
        )
    text = "".join(lines)
    with open(f"{out}/components.csv", "w", encoding="utf-8", newline="") as f:
        f.write(text)
    with open(f"{out}/components-gbk.csv", "wb") as f:
        f.write(text.encode("gbk"))
    if xlsx_rows > 0:
        write_xlsx(f"{out}/components.xlsx", lines[: xlsx_rows + 1])


def write_xlsx(path: str, lines: list) -> None:
    """A minimal workbook: one sheet of inline strings, the positions as numbers."""
    sheet = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    ]
    for index, line in enumerate(lines, start=1):
        cells = line.rstrip("\n").split(",")
        sheet.append(f'<row r="{index}">')
        for column, cell in enumerate(cells):
            if index > 1 and column >= 5:
                sheet.append(f"<c><v>{cell}</v></c>")
            else:
                sheet.append(f'<c t="inlineStr"><is><t>{escape(cell)}</t></is></c>')
        sheet.append("</row>")
    sheet.append("</sheetData></worksheet>")
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="部件" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)


if __name__ == "__main__":
    main()
