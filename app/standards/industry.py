"""GB/T 4754-2017 industries as rosters write them.

We keep an enterprise's 门类 (one letter, A–T). Rosters from registers and other
offices give it as the letter (C), a code with or without its letter (C3421,
3421, 34), the 门类's name (制造业), a 大类's name (通用设备制造业), or a path
(制造业 > 通用设备制造业 > 金属加工机械制造). `section` finds the letter in all of
them; anything else is not guessed."""

from __future__ import annotations

import re

from app.domain import INDUSTRY_SECTIONS
from app.standards.text import fold_code

#: Each 门类 and the two-digit 大类 codes it spans.
_DIVISIONS: dict[str, range] = {
    "A": range(1, 6), "B": range(6, 13), "C": range(13, 44), "D": range(44, 47), "E": range(47, 51),
    "F": range(51, 53), "G": range(53, 61), "H": range(61, 63), "I": range(63, 66), "J": range(66, 70),
    "K": range(70, 71), "L": range(71, 73), "M": range(73, 76), "N": range(76, 80), "O": range(80, 83),
    "P": range(83, 84), "Q": range(84, 86), "R": range(86, 91), "S": range(91, 97), "T": range(97, 98),
}

#: The 大类 names (GB/T 4754-2017) by 门类: registers often give only these.
_DIVISION_NAMES: dict[str, tuple[str, ...]] = {
    "A": ("农业", "林业", "畜牧业", "渔业", "农、林、牧、渔专业及辅助性活动"),
    "B": ("煤炭开采和洗选业", "石油和天然气开采业", "黑色金属矿采选业", "有色金属矿采选业", "非金属矿采选业",
          "开采专业及辅助性活动", "其他采矿业"),
    "C": ("农副食品加工业", "食品制造业", "酒、饮料和精制茶制造业", "烟草制品业", "纺织业", "纺织服装、服饰业",
          "皮革、毛皮、羽毛及其制品和制鞋业", "木材加工和木、竹、藤、棕、草制品业", "家具制造业", "造纸和纸制品业",
          "印刷和记录媒介复制业", "文教、工美、体育和娱乐用品制造业", "石油、煤炭及其他燃料加工业",
          "化学原料和化学制品制造业", "医药制造业", "化学纤维制造业", "橡胶和塑料制品业", "非金属矿物制品业",
          "黑色金属冶炼和压延加工业", "有色金属冶炼和压延加工业", "金属制品业", "通用设备制造业", "专用设备制造业",
          "汽车制造业", "铁路、船舶、航空航天和其他运输设备制造业", "电气机械和器材制造业",
          "计算机、通信和其他电子设备制造业", "仪器仪表制造业", "其他制造业", "废弃资源综合利用业",
          "金属制品、机械和设备修理业"),
    "D": ("电力、热力生产和供应业", "燃气生产和供应业", "水的生产和供应业"),
    "E": ("房屋建筑业", "土木工程建筑业", "建筑安装业", "建筑装饰、装修和其他建筑业"),
    "F": ("批发业", "零售业"),
    "G": ("铁路运输业", "道路运输业", "水上运输业", "航空运输业", "管道运输业", "多式联运和运输代理业",
          "装卸搬运和仓储业", "邮政业"),
    "H": ("住宿业", "餐饮业"),
    "I": ("电信、广播电视和卫星传输服务", "互联网和相关服务", "软件和信息技术服务业"),
    "J": ("货币金融服务", "资本市场服务", "保险业", "其他金融业"),
    "K": ("房地产业",),
    "L": ("租赁业", "商务服务业"),
    "M": ("研究和试验发展", "专业技术服务业", "科技推广和应用服务业"),
    "N": ("水利管理业", "生态保护和环境治理业", "公共设施管理业", "土地管理业"),
    "O": ("居民服务业", "机动车、电子产品和日用产品修理业", "其他服务业"),
    "P": ("教育",),
    "Q": ("卫生", "社会工作"),
    "R": ("新闻和出版业", "广播、电视、电影和录音制作业", "文化艺术业", "体育", "娱乐业"),
    "S": ("中国共产党机关", "国家机构", "人民政协、民主党派", "社会保障", "群众团体、社会团体和其他成员组织",
          "基层群众自治组织及其他组织"),
    "T": ("国际组织",),
}

#: What separates the parts of a written industry: 制造业 > 通用设备制造业, 制造业-机械, C/制造业 ….
_PARTS = re.compile(r"(?:[>＞→/|｜\\;；,，:：\-—－／()（）]|\s)+")
_PUNCTUATION = re.compile(r"[、，,·\s]")
_LETTER_CODE = re.compile(r"([A-Ta-t])(\d{2,4})?")
#: A code without its letter: a 大类 (34) or a 小类 (3421). Three digits are not read: a 小类 such as
#: 0711 typed into a number cell comes back as 711, which would read as 大类 71 (L) instead of 07 (B).
_DIGITS = re.compile(r"\d{2}|\d{4}")


def _key(name: str) -> str:
    """Names compared without their enumeration commas and spaces (农林牧渔业 = 农、林、牧、渔业)."""
    return _PUNCTUATION.sub("", name)


_SECTION_NAMES = {_key(name): letter for letter, name in INDUSTRY_SECTIONS.items()}
_NAMES = {**{_key(n): letter for letter, names in _DIVISION_NAMES.items() for n in names}, **_SECTION_NAMES}


def _of_division(digits: str) -> str | None:
    division = int(digits[:2])
    return next((letter for letter, span in _DIVISIONS.items() if division in span), None)


def _of_part(part: str) -> str | None:
    """The 门类 of one part: a letter, a code, or a name (None when it is none of them)."""
    m = _LETTER_CODE.fullmatch(part)
    if m:
        letter = m.group(1).upper()
        if m.group(2) and _of_division(m.group(2)) != letter:
            return None  # a letter and a code that disagree: not ours to choose
        return letter
    if _DIGITS.fullmatch(part):
        return _of_division(part)
    m = _LETTER_CODE.match(part)
    if m and not m.group(2) and _key(part[1:]) in _NAMES:  # C制造业
        letter = m.group(1).upper()
        return letter if _NAMES[_key(part[1:])] == letter else None
    return _NAMES.get(_key(part))


def section(text: str) -> str | None:
    """The 门类 letter a written industry names, or None when it names none we can be sure of.
    Only its first part is read, where registers put it: in free text (主营业务: 软件开发，教育
    咨询) a later word that happens to be a 大类's name says nothing."""
    parts = [p for p in _PARTS.split(fold_code(text).strip()) if p]
    return _of_part(parts[0]) if parts else None


def _section_named(part: str) -> str | None:
    """The 门类 a part names by its letter, its name or both (C, 制造业, C制造业), else None."""
    p = fold_code(part)
    if p.upper() in INDUSTRY_SECTIONS:
        return p.upper()
    if _key(p) in _SECTION_NAMES:
        return _SECTION_NAMES[_key(p)]
    if len(p) > 1 and _SECTION_NAMES.get(_key(p[1:])) == p[0].upper():
        return p[0].upper()
    return None


def without_section(text: str, letter: str) -> str:
    """The written industry less a leading 门类 `letter` (its letter, name or both), which the
    letter field now holds: 制造业 > 通用设备制造业 → 通用设备制造业; codes and 大类 names stay."""
    rest = text.strip()
    for _ in range(2):  # C > 制造业 > …
        parts = _PARTS.split(rest, maxsplit=1)
        if _section_named(parts[0]) != letter:
            break
        rest = parts[1] if len(parts) > 1 else ""
    return rest
