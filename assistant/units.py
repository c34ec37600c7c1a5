"""Organisations by name: as a question writes them (文旅厅, 海关, 县乡两级) and as a plan
writes them (省文化和旅游厅, 某港海关). Question understanding reads them to tell an owner
question from a reverse one; retrieval reads them to rank the measures the plan assigns to
the unit a question names. Candidates only: a unit is confirmed against the plan's own names.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# A run ending in a body word: a unit suggested in a question.
_BODY_MENTION = re.compile(r"[\u4e00-\u9fff]{0,14}?(?:委员会|办公室|人民政府|政府|海关|银行|支行|分行|集团|公司|协会|联合会|"
                           r"工会|妇联|团委|局(?!面)|厅|委|办(?!法)|署|部门|部(?!分)|两级|三级)")  # 部分, 局面, 办法: no body
# A unit's name starts after the last of these (…是市水利局, …落在乡村两级, 由市文旅委).
_MENTION_CUT = re.compile(r".*(?:的|是|在|由|归|给|让|把|被|对(?![外口])|吧|吗|，|、|：|和|跟|与|及|里|请问|不是|还是|那条|这条|那项|这项|"
                          r"这块|那块|方面|担任|通过|推动|鼓励|开展|加大|支持|引导|发挥|督促|依托)")  # the verbs: a measure's words before a body's name
# The roles prose casts a party in (X是第一责任人, X是责任主体): a question asking for one asks for that party,
# and one naming a unit in it ("…的牵头单位是X吧") asks to confirm that unit.
NAMED_ROLE = re.compile(r"第一责任人|责任主体|主体责任|总指挥部|牵头单位")
EITHER = re.compile(r"还是|或者|或是")  # "A还是B": two names, and a choice between them
ABBREVIATION_SHARE = 0.7  # a shortened name that drops the unit's last characters keeps this share of them
_LEVEL = re.compile(r"^(中国|国家|省|市|县|区|自治区|全省|全市)")
_BODY_WORD = re.compile(r"(?:委员会|办公室|局|厅|委|办|署|部门)$")  # a body's last word, after its field (教育局 -> 教育)
_NOT_A_NAME = ("部门", "单位", "机构", "哪个局", "哪个委", "什么部", "哪个部")
_COUNTED = re.compile(r"多少|几|个|些|每|所有|[0-9一二两三四五六七八九十]")  # 几个部门, 两个部门: a count, no field
FIELD_CHARS = 4  # "X部门" with X this long or shorter (住建, 市场监管); a longer X is a name the plan writes
# "X部门" names the bodies of field X (水利部门: a 水利局 of any level); these X name no field.
_NO_FIELD = frozenset("相关 有关 职能 主管 各 各级 各个 政府 责任 牵头 配合 协作 业务 行业 具体 对口 管理 监管 上级 "
                      "其他 其它 本级 同级 成员 属地 执法 综合 专门 重点 涉及 所属".split())
# Everyday words that end in a body word but name no body (园区布局, 工作部署, 服务大厅, 网上通办, 公办学校)
_ENDS_LIKE_A_BODY = frozenset("布局 格局 大局 全局 当局 结局 开局 部署 大厅 举办 承办 开办 督办 代办 交办 兴办 创办 "
                              "操办 大办 主办 协办 包办 查办 通办 网办 难办 好办 要办 来办 去办 怎么办 能办 再办 先办 公办 民办 "
                              "快办 可办 必办 就办 全部 内部 外部 东部 西部 南部 北部 中部 局部 干部 总部 本部 底部 顶部 头部 "
                              "细部 一部 俱乐部 式办".split())  # 式办: a manner of doing (一站式办), no body's name


def unit_mentions(text: str) -> list[str]:
    """Organisations a text names (水利局, 某港海关, 乡村两级): candidates only; the
    answerer confirms a unit only against what the plan itself names."""
    out: list[str] = []
    runs: list[list[int]] = []
    for m in _BODY_MENTION.finditer(text):  # adjacent matches are one name (市政府 + 办公室), unless
        if runs and runs[-1][1] == m.start() and not EITHER.search(m.group()):  # 还是 parts them (A还是B)
            runs[-1][1] = m.end()
        else:
            runs.append([m.start(), m.end()])
    for start, end in runs:
        name = _MENTION_CUT.sub("", text[start:end])
        while everyday := next((w for w in _ENDS_LIKE_A_BODY if name.endswith(w)), None):
            name = name[: -len(everyday)]  # 园区布局: no body; 文旅局来办: the body before the everyday word
        if not _BODY_MENTION.fullmatch(name):
            continue
        if name.endswith("部门") and (name[:-2] in _NO_FIELD or not 2 <= len(unit_field(name)) <= FIELD_CHARS
                                     or _COUNTED.search(name)):
            continue
        if len(name) >= 2 and name not in _NOT_A_NAME and not re.search(r"哪|什么|啥|谁", name):
            out.append(name)
    return out


def plan_units_in(text: str, known_units: Iterable[str]) -> list[str]:
    """Units the plan itself names (its annotations and tables) that the question writes out,
    whatever their last word (…促进会, …服务站), with or without the level they open with (文旅局 for
    县文旅局): the plan's own names are the surest mentions, returned as the question writes them.
    A name inside a longer one found here (县文旅局 in 县文旅局牵头单位) is not counted twice."""
    found = sorted({form for u in known_units for form in (u, _without_level(u)) if len(form) >= 3 and form in text},
                   key=len, reverse=True)
    out: list[str] = []
    for u in found:
        if not any(u in longer for longer in out):
            out.append(u)
    return out


def abbreviated_units(text: str, known_units: Iterable[str]) -> list[str]:
    """The plan's units as staff shorten them (人行某市中支 for 人行某市中心支行, see `_abbreviates`), as the
    text writes them; the longest shortening at each place."""
    out: list[str] = []
    for u in known_units:
        core = _without_level(u)
        if len(core) < 4:
            continue
        for i, ch in enumerate(text):
            if ch not in (u[0], core[0]):
                continue
            for length in range(len(core) - 1, 2, -1):
                run = text[i : i + length]
                if len(run) == length and run not in u and _abbreviates(run, u):
                    if not any(run in o for o in out):
                        out.append(run)
                    break
    return out


def dictionary_shortenings(text: str, bodies: Iterable[str]) -> list[str]:
    """Two-character shortenings of bodies the plan writes (农行 for 中国农业银行, 邮储 for 中国邮政储蓄银行): a word the
    segmenter's dictionary tags as an abbreviation, opening as the body's name does after its level and its
    characters in that name's order. Too short for `abbreviated_units`, where any two characters would match.
    Three or four characters the dictionary tags as an organisation (国开行) shorten a body as `_abbreviates` says."""
    bodies = list(bodies)
    cores: dict[str, list[str]] = {}
    for b in bodies:
        core = _without_level(b)
        cores.setdefault(core[:1], []).append(core)
        if b[:1] != core[:1]:
            cores.setdefault(b[:1], []).append(b)  # 国开行 opens as 国家开发银行 does, level and all
    if not any(text[i + 1] in core[1:] for i in range(len(text) - 1) for core in cores.get(text[i], ())):
        return []  # no two characters that could shorten one: no need to tag the question
    from jieba import posseg  # loaded on the first question, not at start

    found: list[str] = []
    for w in posseg.lcut(text):
        if len(w.word) == 2 and w.flag == "j" and w.word not in found and any(
                w.word[1] in core[1:] and w.word not in core for core in cores.get(w.word[0], ())):
            found.append(w.word)
        elif 3 <= len(w.word) <= 4 and w.flag in ("j", "nt") and w.word not in found and any(
                w.word not in b and _abbreviates(w.word, b) for b in bodies):  # an organisation's shortening (某开行)
            found.append(w.word)
    return found


def _shortens(short: str, body: str) -> bool:
    core = _without_level(body)
    rest = iter(core[1:])
    return short not in body and short[0] == core[:1] and all(ch in rest for ch in short[1:])


def closest_body(short: str, bodies: Iterable[str]) -> str | None:
    """The body a shortening names among those it could (农行: 中国农业银行 before 中国农业发展银行): the one whose name
    beyond its level is shortest, so fewest characters were dropped."""
    fits = [b for b in bodies if _shortens(short, b) or _abbreviates(short, b)]
    return min(fits, key=lambda b: (len(_without_level(b)), b), default=None)


def _without_level(unit: str) -> str:
    """A unit's name without the level it opens with (省, 市, 县 …): how staff of that level say it."""
    return _LEVEL.sub("", unit)


def unit_field(unit: str) -> str:
    """The field a unit's name says it works in: no level, no body word (市农业局 -> 农业; '' for 省市两级)."""
    field = _BODY_WORD.sub("", _without_level(unit))
    return field if field != _without_level(unit) else ""


def all_mentions(text: str, known_units: Iterable[str] = ()) -> list[str]:
    """Every unit the text suggests: by its body word, and the plan's own names written out."""
    mentions = unit_mentions(text)
    written = plan_units_in(text, known_units)
    for u in written:  # the plan's own name written out is the surer one (镇党委书记, not the 党委 inside it)
        mentions = [u if m in u else m for m in mentions]
    mentions = list(dict.fromkeys(mentions))
    for u in written + abbreviated_units(text, known_units):
        if not any(u in m or m in u for m in mentions):
            mentions.append(u)
    return mentions


def unit_matches(mention: str, unit: str) -> bool:
    """Does a unit as a question names it (文旅厅, 水利局, 海关) refer to the unit as the plan
    writes it (省文化和旅游厅, 市水利局, 某港海关)? Whole name, tail, or an abbreviation
    whose characters appear in order and share the first and last character."""
    if not mention or not unit:
        return False
    if mention == unit or mention in unit or unit in mention:
        return True
    if mention.endswith("部门"):  # the bodies of a field (水利部门: 县水利局; 发改部门: 某省发展和改革委员会)
        field, theirs = unit_field(mention), unit_field(unit)
        rest = iter(theirs)
        return len(field) >= 2 and theirs[:1] == field[:1] and all(ch in rest for ch in field)
    return _abbreviates(mention, unit)


def _abbreviates(short: str, unit: str) -> bool:
    """Is `short` the unit shortened: its first character (or the first after its level), its characters
    in order, and its last character or most of it (经信厅, 人行某市中支)?"""
    if short[:1] not in (_without_level(unit)[:1], unit[:1]):
        return False
    it = iter(unit)
    return all(ch in it for ch in short) and (short[-1] == unit[-1] or len(short) >= ABBREVIATION_SHARE * len(unit))


__all__ = ["EITHER", "abbreviated_units", "all_mentions", "closest_body", "dictionary_shortenings", "plan_units_in", "unit_field", "unit_matches", "unit_mentions"]
