"""A messy HC-shaped export (资产信息), as an office hands it over."""

import csv
import datetime
import io

from openpyxl import Workbook

from tests.factories import resident_id

HC_HEADERS = [
    "楼号",
    "单元",
    "房间",
    "楼层",
    "总层数",
    "是否有电梯",
    "房屋类型",
    "房屋户型",
    "建筑面积",
    "室内面积",
    "租金",
    "房屋状态",
    "业主名称",
    "性别",
    "手机号",
    "身份证号",
    "业主类型",
    "人员类型",
    "人员角色",
    "联系人",
    "联系人手机",
]
SURNAMES = ["曾", "单", "仇", "解", "张", "王", "李", "陈"]


def hc_rows(units: int = 300) -> list[list[object]]:
    rows: list[list[object]] = []
    for n in range(units):
        building, entrance = n // 60 + 1, (n // 20) % 3 + 1
        floor, room = (n % 20) // 2 + 1, (n % 20) % 2 + 1
        number = f"{floor}{room:02d}"
        # the messy forms of the building and room HC exports carry
        b_cell = f"{building}栋" if n % 7 == 0 else str(building)
        r_cell = (
            f"{building}-{entrance}-{building}栋{entrance}单元{number}"
            if n % 11 == 0
            else f" {number} "
        )
        name = SURNAMES[n % len(SURNAMES)] + ("𠈌" if n % 50 == 0 else "伟") + "明强芳"[n % 3]
        phone = "18999999999" if n % 13 == 0 else f"139{n:08d}"
        id_number = "111111111111111111" if n % 17 == 0 else resident_id(n + 1)
        base = [
            b_cell,
            entrance,
            r_cell,
            floor,
            20,
            "Y",
            "110",
            "三室两厅",
            "89.5",
            "75",
            "",
            "2001" if n % 2 else "2003",
        ]
        if n % 40 == 5:  # a company owner
            rows.append(
                base
                + [
                    "华润置地有限公司",
                    "",
                    "13700000000",
                    "",
                    "1001",
                    "C",
                    "1",
                    "刘经理",
                    "13700000001",
                ]
            )
        else:
            rows.append(base + [name, "男", phone, id_number, "1001", "P", "1", "", ""])
        if n % 10 == 3:  # a co-owner
            rows.append(
                base
                + [
                    f"配偶{n}",
                    "女",
                    f"137{n:08d}",
                    resident_id(n, datetime.date(1988, 3, 3)),
                    "1001",
                    "P",
                    "1",
                    "",
                    "",
                ]
            )
        if n % 15 == 4:  # a tenant
            rows.append(base + [f"租客{n}", "男", f"136{n:08d}", "", "1003", "P", "2", "", ""])
        if n % 25 == 0:
            rows.append([""] * len(HC_HEADERS))  # a blank row
    return rows


def hc_csv_gbk(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HC_HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("gb18030")


def hc_xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "资产信息"
    sheet.append(HC_HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
