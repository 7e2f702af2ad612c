"""Pinyin search keys that fit names: a surname is read as a surname (曾 zeng, not ceng), and
a character pypinyin does not know (often one outside the BMP, such as 𠈌) stays in the key
as itself instead of vanishing, so 李𠈌 is found by "li" and never collides with 李."""

from pypinyin import lazy_pinyin

# Surnames whose everyday reading differs from their reading as a surname. Two-character
# surnames first: they are matched before the one-character ones.
SURNAMES = {
    "尉迟": ["yu", "chi"],
    "万俟": ["mo", "qi"],
    "长孙": ["zhang", "sun"],
    "澹台": ["tan", "tai"],
    "令狐": ["ling", "hu"],
    "单于": ["chan", "yu"],
    "曾": ["zeng"],
    "单": ["shan"],
    "仇": ["qiu"],
    "解": ["xie"],
    "区": ["ou"],
    "朴": ["piao"],
    "查": ["zha"],
    "覃": ["qin"],
    "盖": ["ge"],
    "缪": ["miao"],
    "翟": ["zhai"],
    "种": ["chong"],
    "秘": ["bi"],
    "召": ["shao"],
    "乐": ["yue"],
    "卜": ["bu"],
    "繁": ["po"],
    "黑": ["he"],
    "员": ["yun"],
    "隗": ["wei"],
    "冼": ["xian"],
    "洗": ["xian"],
    "么": ["yao"],
    "能": ["nai"],
    "折": ["she"],
    "句": ["gou"],
    "褚": ["chu"],
    "薄": ["bo"],
    "贲": ["ben"],
    "郇": ["huan"],
    "厍": ["she"],
    "佴": ["nai"],
    "颉": ["xie"],
    "啜": ["chuai"],
    "禚": ["zhuo"],
    "祭": ["zhai"],
    "相": ["xiang"],
    "藏": ["zang"],
    "重": ["chong"],
    "宿": ["su"],
    "校": ["xiao"],
    "哈": ["ha"],
    "纪": ["ji"],
    "过": ["guo"],
    "车": ["che"],
    "石": ["shi"],
    "柏": ["bai"],
    "阚": ["kan"],
    "华": ["hua"],
    "任": ["ren"],
    "沈": ["shen"],
    "燕": ["yan"],
    "蕃": ["pi"],
    "牟": ["mou"],
    "尉": ["wei"],
}


def _syllables(text: str) -> list[str]:
    """pypinyin's reading; a character it cannot read is kept as the character itself."""
    return [word.lower() for chunk in lazy_pinyin(text, errors="default") for word in chunk.split()]


def name_syllables(name: str, *, person: bool = True) -> list[str]:
    """The syllables of a name, its surname read as a surname (only for a person's name: a
    company called 曾厝垵物业 is not a surname)."""
    name = name.strip()
    if person:
        for surname in sorted(SURNAMES, key=len, reverse=True):
            if name.startswith(surname) and len(name) > len(surname):
                return SURNAMES[surname] + _syllables(name[len(surname) :])
    return _syllables(name)


def search_keys(name: str, *, person: bool = True) -> tuple[str, str]:
    """``(pinyin, initials)`` for the search columns, lower case, without spaces."""
    syllables = [s.replace(" ", "") for s in name_syllables(name, person=person)]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)
