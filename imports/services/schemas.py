"""What each kind of file holds: its columns (with the Chinese headers HC and offices use),
which are required, and the values allowed in coded columns (HC's codes and their words)."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from owners.models import Resident, Unit

from ..models import Kind


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    aliases: tuple[str, ...]
    required: bool = False
    values: Mapping[str, str] = field(default_factory=dict)  # file value → our value


UNIT_STATUS = {
    "2001": Unit.Status.OCCUPIED,
    "2002": Unit.Status.UNSOLD,
    "2003": Unit.Status.HANDED_OVER,
    "2004": Unit.Status.RENOVATING,
    "2005": Unit.Status.OCCUPIED,
    "2006": Unit.Status.UNOCCUPIED,
    "2007": Unit.Status.IN_CUSTODY,
    "2008": Unit.Status.UNOCCUPIED,
    "2009": Unit.Status.HANDED_OVER,
    "已入住": Unit.Status.OCCUPIED,
    "入住": Unit.Status.OCCUPIED,
    "未销售": Unit.Status.UNSOLD,
    "已交房": Unit.Status.HANDED_OVER,
    "装修中": Unit.Status.RENOVATING,
    "已装修": Unit.Status.OCCUPIED,
    "已出租": Unit.Status.OCCUPIED,
    "未入住": Unit.Status.UNOCCUPIED,
    "空置": Unit.Status.UNOCCUPIED,
    "托管": Unit.Status.IN_CUSTODY,
}
UNIT_USE = {
    "110": Unit.Use.RESIDENTIAL,
    "1010301": Unit.Use.RESIDENTIAL,
    "住宅": Unit.Use.RESIDENTIAL,
    "普通房屋": Unit.Use.RESIDENTIAL,
    "119": Unit.Use.COMMERCIAL,
    "商铺": Unit.Use.COMMERCIAL,
    "商业": Unit.Use.COMMERCIAL,
    "办公": Unit.Use.COMMERCIAL,
    "车位": Unit.Use.PARKING,
    "储藏室": Unit.Use.STORAGE,
    "仓库": Unit.Use.STORAGE,
}
# HC's person role (1 owner, 2 tenant, 3 family) and owner type (1001–1004).
ROLE_OWNER, ROLE_TENANT, ROLE_FAMILY, ROLE_OTHER = "owner", "tenant", "family", "other"
PERSON_ROLE = {
    "1": ROLE_OWNER,
    "2": ROLE_TENANT,
    "3": ROLE_FAMILY,
    "业主": ROLE_OWNER,
    "租客": ROLE_TENANT,
    "家庭成员": ROLE_FAMILY,
    "家属": ROLE_FAMILY,
}
OWNER_TYPE = {
    "1001": ROLE_OWNER,
    "1002": ROLE_FAMILY,
    "1003": ROLE_TENANT,
    "1004": ROLE_OTHER,
    "业主本人": ROLE_OWNER,
    "家庭成员": ROLE_FAMILY,
    "租客": ROLE_TENANT,
    "其他": ROLE_OTHER,
}
RESIDENT_KIND = {
    ROLE_TENANT: Resident.Kind.TENANT,
    ROLE_FAMILY: Resident.Kind.FAMILY,
    ROLE_OTHER: Resident.Kind.OTHER,
}
PERSON_TYPE = {
    "P": "person",
    "C": "company",
    "个人": "person",
    "企业": "company",
    "公司": "company",
}
YES_NO = {"Y": "yes", "N": "no", "是": "yes", "否": "no", "有": "yes", "无": "no"}

_BUILDING = Column("building", _("Building"), ("楼号", "楼栋", "楼栋编号", "栋号", "楼宇"))
_ENTRANCE = Column(
    "entrance", pgettext_lazy("import column", "Entrance"), ("单元", "单元号", "单元编号")
)
_ROOM = Column(
    "room", _("Room"), ("房间", "房号", "房屋", "房屋编号", "房间号", "室号"), required=True
)
_AREA = Column("area", _("Area (m²)"), ("建筑面积", "面积", "房屋面积"))
_NAME = Column("name", _("Name"), ("业主名称", "姓名", "业主姓名", "业主", "名称"))
_PHONE = Column("phone", _("Phone"), ("手机号", "电话", "手机", "联系电话", "业主电话"))
_ID = Column("id_number", _("ID number"), ("身份证号", "身份证", "证件号码", "身份证号码"))

COLUMNS: dict[str, list[Column]] = {
    Kind.HC_ROOMS: [
        Column("building", _("Building"), _BUILDING.aliases, required=True),
        _ENTRANCE,
        _ROOM,
        Column("floor", _("Floor"), ("楼层", "所在楼层")),
        Column("floors", _("Floors in the building"), ("总层数", "楼层数")),
        Column("lift", _("Lift"), ("是否有电梯", "电梯"), values=YES_NO),
        Column("use", _("House type"), ("房屋类型", "用途"), values=UNIT_USE),
        Column("layout", _("Layout"), ("房屋户型", "户型")),
        Column("area", _("Area (m²)"), _AREA.aliases, required=True),
        Column("inner_area", _("Inner area (m²)"), ("室内面积", "套内面积")),
        Column("rent", _("Rent"), ("租金",)),
        Column("status", _("House status"), ("房屋状态", "状态"), values=UNIT_STATUS),
        Column("name", _("Name"), _NAME.aliases),
        Column("sex", _("Sex"), ("性别",)),
        _PHONE,
        _ID,
        Column("owner_type", _("Owner type"), ("业主类型",), values=OWNER_TYPE),
        Column("person_type", _("Person or company"), ("人员类型",), values=PERSON_TYPE),
        Column("role", _("Role"), ("人员角色", "角色", "身份"), values=PERSON_ROLE),
        Column("contact", _("Contact person"), ("联系人",)),
        Column("contact_phone", _("Contact's phone"), ("联系人手机", "联系人电话")),
        Column("share", _("Share (%)"), ("份额", "产权份额", "产权比例")),
        Column("since", _("Owner since"), ("入住日期", "交房日期", "购房日期", "起始日期")),
    ],
    Kind.ROSTER: [
        _BUILDING,
        _ENTRANCE,
        _ROOM,
        Column("area", _("Area (m²)"), _AREA.aliases, required=True),
        Column("name", _("Name"), _NAME.aliases, required=True),
        _PHONE,
        _ID,
        Column("share", _("Share (%)"), ("份额", "产权份额", "产权比例")),
        Column("since", _("Owner since"), ("入住日期", "交房日期", "购房日期", "起始日期")),
        Column("status", _("House status"), ("房屋状态", "状态"), values=UNIT_STATUS),
    ],
    Kind.HC_VEHICLES: [
        _BUILDING,
        _ENTRANCE,
        _ROOM,
        Column("plate", _("Plate number"), ("车牌号", "车牌", "车牌号码"), required=True),
        Column("brand", _("Make"), ("车辆品牌", "品牌")),
        Column("vehicle_type", _("Vehicle type"), ("车辆类型",)),
        Column("colour", _("Colour"), ("颜色", "车辆颜色")),
        Column("space", _("Parking space"), ("车位", "车位编号", "停车位")),
    ],
    Kind.HC_FEES: [
        _BUILDING,
        _ENTRANCE,
        _ROOM,
        Column("fee", _("Fee"), ("费用项", "费用名称", "费用项目", "收费项目")),
        Column(
            "start",
            pgettext_lazy("import column", "From"),
            ("开始时间", "计费开始时间", "费用开始时间", "起始时间"),
        ),
        Column(
            "end",
            pgettext_lazy("import column", "Until"),
            ("结束时间", "计费结束时间", "费用结束时间", "截止时间"),
        ),
        Column(
            "amount",
            _("Amount owed"),
            ("欠费金额", "应收金额", "金额", "欠费", "应收"),
            required=True,
        ),
    ],
    Kind.HC_PAYMENTS: [
        _BUILDING,
        _ENTRANCE,
        _ROOM,
        Column("fee", _("Fee"), ("费用项", "费用名称", "费用项目", "收费项目")),
        Column(
            "start",
            pgettext_lazy("import column", "From"),
            ("开始时间", "计费开始时间", "费用开始时间", "起始时间"),
        ),
        Column(
            "end",
            pgettext_lazy("import column", "Until"),
            ("结束时间", "计费结束时间", "费用结束时间", "截止时间"),
        ),
        Column(
            "amount",
            _("Amount paid"),
            ("实收金额", "缴费金额", "实缴金额", "收费金额", "金额"),
            required=True,
        ),
        Column(
            "paid_on",
            _("Paid on"),
            ("缴费时间", "收费时间", "缴费日期", "收费日期", "支付时间"),
            required=True,
        ),
        Column("receipt", _("Receipt number"), ("收据号", "收据编号", "票据号", "单号")),
        Column("method", _("Payment method"), ("支付方式", "缴费方式", "收费方式")),
        Column("payer", pgettext_lazy("import column", "Paid by"), ("缴费人", "付款人", "交款人")),
    ],
}


def columns(kind: str) -> list[Column]:
    return COLUMNS[kind]


def column(kind: str, key: str) -> Column:
    return next(c for c in COLUMNS[kind] if c.key == key)


def guess_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """Our column → the file's header, by the Chinese (or English) names people use."""
    found: dict[str, str] = {}
    cleaned = {" ".join(h.split()).strip("*＊ "): h for h in headers if h}
    for col in COLUMNS[kind]:
        names = (*col.aliases, col.key, str(col.label))
        for name in names:
            if name in cleaned and cleaned[name] not in found.values():
                found[col.key] = cleaned[name]
                break
    return found
