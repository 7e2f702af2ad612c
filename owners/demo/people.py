"""Demo people: plausible Chinese names, resident ID numbers and credit codes (valid check
digits), mobile phones; unique in one estate."""

import datetime
import random
from dataclasses import dataclass


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- names -----------------------------------------------------------------------------------

# The common surnames with a rough weight (per mille of the population).
SURNAMES = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22),
    ("赵", 20), ("吴", 20), ("周", 19), ("徐", 13), ("孙", 12), ("马", 12), ("朱", 11),
    ("胡", 10), ("郭", 10), ("何", 9), ("高", 9), ("林", 9), ("罗", 8), ("郑", 8), ("梁", 7),
    ("谢", 6), ("宋", 5), ("唐", 5), ("许", 5), ("韩", 5), ("冯", 4), ("邓", 4), ("曹", 4),
    ("彭", 4), ("曾", 4), ("肖", 4), ("田", 4), ("董", 4), ("袁", 3), ("潘", 3), ("于", 3),
    ("蒋", 3), ("蔡", 3), ("余", 3), ("杜", 3), ("叶", 3), ("程", 3), ("苏", 3), ("魏", 3),
    ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3), ("姚", 2), ("卢", 2), ("姜", 2), ("崔", 2),
    ("钟", 2), ("谭", 2), ("陆", 2), ("汪", 2), ("范", 2), ("金", 2), ("石", 2), ("廖", 2),
    ("贾", 2), ("夏", 2), ("韦", 2), ("付", 2), ("方", 2), ("白", 2), ("邹", 2), ("孟", 2),
    ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 1), ("闫", 1), ("段", 1),
    ("雷", 1), ("侯", 1), ("龙", 1), ("史", 1), ("陶", 1), ("黎", 1), ("贺", 1), ("顾", 1),
    ("毛", 1), ("郝", 1), ("龚", 1), ("邵", 1), ("万", 1), ("钱", 1), ("严", 1), ("武", 1),
    ("戴", 1), ("莫", 1), ("孔", 1), ("向", 1), ("汤", 1), ("欧阳", 1),
)  # fmt: skip
_SURNAME_LIST = tuple(s for s, _ in SURNAMES)
_SURNAME_WEIGHTS = tuple(w for _, w in SURNAMES)

# Whole given names as parents choose them, by sex and generation; most people get one of
# these, the rest a combination of two characters from the lists below.
GIVEN_NAMES = {
    (True, "old"): words(
        "伟 强 军 勇 刚 平 明 杰 斌 涛 建国 建华 建军 国强 国庆 志强 志明 志刚 卫东 卫国 "
        "海涛 红军 振华 永刚 德明 长春 文斌 立新 学军 建平 庆丰 福生"
    ),
    (True, "mid"): words(
        "伟 磊 涛 超 鹏 浩 洋 勇 斌 杰 亮 宇 晓东 海波 俊杰 文博 志伟 家豪 晓峰 建伟 "
        "振宇 鹏飞 明辉 立伟 智勇 晓明 海龙 少华 伟杰 宏伟 天明"
    ),
    (True, "young"): words(
        "浩然 子轩 宇轩 梓豪 浩宇 一鸣 俊熙 博文 天佑 思远 皓轩 宇航 明轩 睿泽 子墨 "
        "嘉懿 梓睿 沐宸 奕辰 承泽 弘毅 逸飞 昊天 锦程 瑞 航 晨 宸"
    ),
    (False, "old"): words(
        "芳 秀英 桂英 秀兰 玉兰 桂兰 淑珍 凤英 玉珍 秀珍 丽华 淑英 红梅 春梅 玉梅 "
        "秀云 桂芳 素芬 美华 金凤 月娥 爱华 丽 敏 静 红"
    ),
    (False, "mid"): words(
        "芳 娜 敏 静 丽 艳 娟 霞 燕 婷 雪 琳 丽娟 晓燕 海燕 丽萍 晓丽 雪梅 慧敏 静怡 "
        "晓红 春燕 佳丽 文静 晓霞 婷婷 丹丹 倩 颖 洁 萍"
    ),
    (False, "young"): words(
        "欣怡 梓涵 诗涵 雨桐 一诺 可馨 佳怡 思琪 紫萱 梦琪 子涵 语嫣 雨萱 若曦 欣妍 "
        "芷若 依诺 梓萱 语桐 安琪 可欣 心怡 沐晴 雅琪 思彤 悦 彤 瑶"
    ),
}
GIVEN_CHARS = {
    True: tuple(
        "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊旭宁龙林阳建国"
        "志文海东峰亮成晨博轩泽昊睿航嘉振家庆永德新立春毅然"
    ),
    False: tuple(
        "芳娜敏静丽艳娟霞秀英玲燕萍婷雪琳慧晶颖倩洁佳欣怡梅莉红月兰凤"
        "琴云蕾璐瑶涵萱梓雨思诗可婉晓美丹楠茜悦玉彤"
    ),
}

# --- identity numbers -------------------------------------------------------------------------

# Administrative divisions for the first six digits, with the first birth year python-stdnum
# accepts for them (a code is only valid for people born after it was assigned).
LOCAL_REGIONS = (
    ("110101", 0), ("110102", 0), ("110105", 0), ("110106", 0), ("110108", 0),
)  # fmt: skip
OTHER_REGIONS = (
    ("120101", 0), ("120103", 0), ("310101", 0), ("310104", 0), ("310105", 0), ("310110", 0),
    ("320102", 1983), ("330106", 1983), ("370102", 1983), ("410105", 1983), ("420106", 1983),
    ("440104", 1983), ("610113", 1983), ("130102", 1983), ("210102", 1983), ("230102", 1983),
    ("440305", 1990), ("440304", 1990), ("510107", 1990), ("510104", 1990), ("500103", 1997),
)  # fmt: skip
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
MOBILE_PREFIXES = words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 "
    "180 181 182 183 185 186 187 188 189 191 198 199"
)


def resident_id_number(region: str, born: datetime.date, serial: int) -> str:
    """A mainland resident ID (GB 11643): region, birth date, 3-digit serial, check digit.

    The serial's last digit is odd for men and even for women.
    """
    body = f"{region}{born:%Y%m%d}{serial:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, _RIC_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def credit_code(region: str, organisation: str) -> str:
    """A unified social credit code (GB 32100) for a company (``91``) registered in ``region``.

    ``organisation`` is the 8-digit organisation code body; its own GB 11714 check character
    is added, then the GB 32100 check character over the whole.
    """
    org_total = sum(int(c) * w for c, w in zip(organisation, _ORG_WEIGHTS, strict=True))
    org_check = (11 - org_total % 11) % 11
    body = f"91{region}{organisation}{'X' if org_check == 10 else org_check}"
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_ALPHABET[(31 - total % 31) % 31]


@dataclass
class Person:
    name: str
    surname: str
    male: bool
    born: datetime.date
    id_number: str
    phone: str


class People:
    """Makes people with plausible names and ID numbers and phones unique in one estate."""

    def __init__(self, rng: random.Random, local_share: float = 0.5):
        self.rng = rng
        self.local_share = local_share
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()

    def surname(self) -> str:
        return self.rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0]

    def given_name(self, male: bool, born: datetime.date) -> str:
        generation = "old" if born.year < 1968 else "mid" if born.year < 1992 else "young"
        if self.rng.random() < 0.75:
            return self.rng.choice(GIVEN_NAMES[(male, generation)])
        chars = GIVEN_CHARS[male]
        if self.rng.random() < 0.25:
            return self.rng.choice(chars)
        return self.rng.choice(chars) + self.rng.choice(chars)

    def birth_date(self, first_year: int, last_year: int) -> datetime.date:
        start = datetime.date(first_year, 1, 1).toordinal()
        end = datetime.date(last_year, 12, 31).toordinal()
        return datetime.date.fromordinal(self.rng.randint(start, end))

    def id_number(self, male: bool, born: datetime.date) -> str:
        local = self.rng.random() < self.local_share
        regions = [
            code
            for code, since in (LOCAL_REGIONS if local else OTHER_REGIONS)
            if since <= born.year
        ]
        while True:
            serial = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            number = resident_id_number(self.rng.choice(regions), born, serial)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def mobile(self) -> str:
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def person(
        self,
        *,
        born: tuple[int, int] = (1950, 1996),
        male: bool | None = None,
        surname: str | None = None,
        name: str | None = None,
    ) -> Person:
        male = self.rng.random() < 0.5 if male is None else male
        birth = self.birth_date(*born)
        surname = surname or self.surname()
        name = name or surname + self.given_name(male, birth)
        return Person(name, surname, male, birth, self.id_number(male, birth), self.mobile())
