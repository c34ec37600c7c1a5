"""Question understanding: what staff ask for, as one typed record.

A question is read once into a `Question`: its intent (which kind of answer it
wants), the years it names (absolute, or relative: 今年/去年/明年/前年), the unit it
suggests or asks about (yes/no and reverse owner questions), the measure word of a
figure it asks for (多少人 -> 人), a figure it asserts (a premise to check), and
whether it is a follow-up. The cue words below are the general vocabulary of
Chinese (and English) questions, one table per decision, so that what decides an
intent is visible in one place; nothing here names a plan's topics.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .query import DOCUMENT_FACTS, LIST_CUES, Query
from .targets import LATIN_UNITS, UNITS
from .units import EITHER, NAMED_ROLE, all_mentions, dictionary_shortenings

# Words of a cap on a figure (最高300万元, 最多3家), in questions and in plans alike.
CAP_WORDS = r"最高|最多|上限|封顶|至多"

# --------------------------------------------------------------------------- cue tables
# An English question asking a year (which year, in what years), not a year-end figure.
_WHICH_YEAR_EN = r"(?:which|what) years?(?![\w-])"
# Each intent's cues, tried in the order of INTENT_ORDER (the first that matches wins).
INTENT_CUES: dict[str, str] = {
    "deadline": r"什么时[候侯]|啥时[候侯]|何时|什么时间|啥时间|哪年|哪一年|是那一?年|几月|哪个月|哪天|几号|多长时间|多久|期限|时限|截止|完成时间|时间节?点|时间表|"
                r"(?:^|[,;]\s*|\b(?:and|or|by|until|till)\s+)when\b|deadline|by what (date|year)|" + _WHICH_YEAR_EN + r"|how long",  # when asked, not '…when they export'
    "owner": r"谁是.{0,6}(责任|负责|牵头)|责任人|负总责|哪个部门|哪些部门|什么部门|哪家部门|哪个单位|哪些单位|哪家单位|什么单位|"
             r"哪几(个|家)(部门|单位|机构)|哪几家[^，,。？?]{0,4}(牵头|负责|考核|主管|配合|管)|"
             r"哪(?:个|些|几个)(?:厅|局|委)|哪家(?!的)|谁负责|谁牵头|谁来|谁管|由谁|归谁|归哪|归那|[由是]那(?:个|些|家|几个|几家)(?:部门|单位|机构)|的是谁|谁(需要|要|会|该)?(组织|主办|承办|实施|落实|推进|推动|主抓|抓|办|做|干|执行)|"
             r"谁(可以|能够?|应当?|应该|有权|去)(?!享受|获得|拿|申请|申报|领|得到|参加|报名)|"  # who may (or goes to) do it, not who gains
             r"谁来?(当|担任|作为)(总指挥|指挥部|第一责任人|责任主体|牵头)|"  # the roles plans cast a body in, not 组长
             r"谁[\u4e00-\u9fff]{2,6}[、，,]\s*谁|"  # who does what, asked in turn (谁统一部署、谁统筹调度)
             r"(负责|牵头|责任|主管|配合|承办)(?:[^，,。？?的]{0,2}的?)?(单位|部门|机构|单)|(牵头|负责|配合|考核|主管)[^，,。？?]{0,8}(是谁|有谁)|"
             r"哪个机构|哪些机构|落在|落到|落给|压给|压到|交给|(?<![到至])(哪一级|哪级|哪个层级)|responsib|in charge|which( \w+){0,3} (department|agency|body|unit|office|bureau|authority)|"
             r"\bwho\b(?!.*\b(apply|receive|benefit|get|eligible|qualif))|\bowner",
    "section": r"哪个板块|哪一块|哪块|哪个部分|哪一部分|哪部分|属于哪|放在哪(?![几些])|在哪里讲|在哪讲|"  # 在哪个 + a part of the plan, not a place (建在哪个县)
               r"在哪[个一](?:部分|板块|章|节|条|块|段|篇|方面|领域|大项|标题|位置)|"
               r"放在[^，,。？?哪]{1,6}?哪[个一]?(?:部分|板块|章|节|块|段|篇|方面|大项)|哪个领域|哪个方面|哪一章|哪一节|"  # 放在文件的哪一部分
               r"哪个章节|哪节|哪段|第几(部分|章|节|块|个方面|大项)|which (section|part|area|chapter)|under which|where in the plan",
    "quote": r"原文|原话|原句|原表述|怎么写|怎样写|如何写|怎么表述|如何表述|全称|exact wording|original (text|wording|sentence)|"
             r"verbatim|\bquote",
    "list": LIST_CUES,
    "target": CAP_WORDS + r"|多少|几个|几家|几项|几条|几所|几亩|几倍|几成|几|目标|多大|多高|多快|什么水平|啥水平|啥程度|什么程度|要达到|达到什么|占比|比例|"
              r"百分之|how many|how much|what percentage|percent|what share|proportion|\btarget|\bgoal|what level|how (big|large|high)",
}
INTENT_ORDER = ("deadline", "owner", "section", "quote", "list", "target")
INTENTS = ("owner", "owner_reverse", "yes_no", "deadline", "section", "quote", "list", "target", "parts", "title",
           "general")

# A question asking to confirm: "…是X负责吧？", "…负责么" (not 什么/怎么), "…对不", "是不是…", "is it …?"
CONFIRM = re.compile(r"[吗吧][?？]?$|(?<![什怎这那多要])么[?？]?$|对吧|对吗|对不(对)?[?？]?$|是不是|是否|是真的|没错吧|"
                     r"^(is|are|does|do) ", re.I)
# Asking what a unit does: "X负责哪些/什么", "X牵头的…有哪几项", "X管哪些事" (not "…牵头的是哪几个单位": who)
REVERSE = re.compile(r"(负责|牵头|管|承担|干|做(?!到)|抓)(了|的)?([（\x28][^）\x29]{0,6}[）\x29])?[^，,。；;？?]{0,6}"
                     r"(哪些|什么|哪几|啥|哪|几项|多少)(?!几?[个家]?(?:单位|部门|机构)|几?家)|干嘛|"
                     r"(哪些|什么|哪几|哪项|哪件|啥).{0,4}(任务|事|工作|指标|活|责任|职责|角色|作用|定位)|what (does|do|is) .+ (responsible|in charge)", re.I)
# What the plan asks of the units named (报告里对X、Y提了啥要求): their tasks, as REVERSE asks (not X对Y提的要求).
ASKED_OF = re.compile(r"^(?:[^，,。？?]{0,4}[里中上])?对[^，,。？?]{2,24}(?:提了|提出了?|有)(?:哪些|什么|啥)要求")
FOLLOW_UP = re.compile(r"^(那么?|还有|另外|再说说|and\b|what about|how about)|[呢]$", re.I)
# "有没有X", "是否有X", "有X吗": whether the plan has X at all (a question about a number is a near miss instead)
_WHETHER_ANY = re.compile(r"(?:有没有|有无|是否有)(?P<thing>[^，。？?！!,；;]{2,16})|有(?P<thing2>[^，。？?！!,；;有]{2,12})吗|"
                          # "X有没有说", "X提到没": whether the plan speaks of X at all
                          r"(?:比如|例如|譬如|像)?(?P<thing3>[^，。？?！!,；;]{2,16}?)(?:有没有|是否|有无)(?:说|提到?|写|讲|涉及)(?:到|过)?"
                          r"(?=[，。？?！!,；;]|$)")
# "有没有具体指标": X is a kind of figure or requirement the topic may have, not a thing the plan may lack
# Nouns naming a quantity that only a figure gives (金额, 人数); answering.QUANTITY_NOUNS adds those a plan may also
# set in words (规模, 标准, 水平)
COUNTED_QUANTITIES = ("额度", "金额", "数额", "总额", "数量", "总量", "人数", "个数", "比重", "比例", "占比", "幅度", "增幅", "增速")
# A figure asked: 多少, 几, 多大…, or a quantity only a figure gives asked by 什么/啥 (按什么比例分担: a ratio, as 多大比例)
ASKS_NUMBER = re.compile(r"多少|几|多大|多高|多快|多长(?!时间)|多远|多宽|百分之|(?:什么|啥)(?:" + "|".join(COUNTED_QUANTITIES) +
                         r")|how many|how much|what percentage|percent|what share|proportion", re.I)
# A share of something asked (占X的多少, 占总分多少): the part's proportion, whatever unit the whole is counted in
_SHARE_OF = re.compile(r"占[\u4e00-\u9fff]{0,10}$")
# The 几 of a list question, which asks which things, not how many: 哪几种, 几个X都有哪些 (几个X、分别是哪些 asks both);
# 那几个X and 这几个X name things already meant, as 哪几 (typed 那几) asks which; 列几个 / 举几个 asks for a few of them
_COUNT_IN_LIST = re.compile(r"[哪那这]几|(?<![系选])[列举挑]出?几|"
                            r"几(?=[个项条类种家大]?[\u4e00-\u9fff]{0,10}?(?:都|分别|具体)?(?:有|是|包括)?哪些)")
# "有没有…指标/金额/人数": asks for a figure, as 多少 does
_FIGURE_ASKED = re.compile("(?:指标|数字|" + "|".join(COUNTED_QUANTITIES) + ")$")
_NOTHING_MORE = re.compile(r"[\s？?。！!吗呢啊]*")  # the rest of a question that asks nothing further
_FIGURE_KIND = re.compile(r"(?:目标|要求|标准|时限|期限)$|" + _FIGURE_ASKED.pattern)
TITLE = DOCUMENT_FACTS  # the document's title, issuer, number or date (query.py: retrieval reads it too)
# The document's own number (某政办〔2025〕3号), asked as a figure (文号是多少): not one of the plan's targets
_DOCUMENT_NUMBER = re.compile(r"文号|发文字号|document number", re.I)
LEAD = re.compile(r"导语|开头|前言|总体要求|lead paragraph|introduction", re.I)
# A count of parts (哪八个方面, 几条原则, 几个部分), not where one item sits (哪个板块).
PARTS = re.compile(r"(哪(些|几个?|[两二三四五六七八九十\d]+个?)|几个|几条|几项|多少个|多少条)(方面|板块|部分|领域|大块|章|原则|任务|举措|措施|条)|"
                   r"分为几|一共几|共有几|哪[两二三四五六七八九十\d]+[个条项]?[?？]?$|"
                   r"(有|共|一共|总共|包括|分)(几|多少)(条|项|部分|个方面|个部分|大块)[?？]?$|"
                   r"which (areas|sections|parts)|what (areas|sections|parts)|how many (areas|sections|parts)",
                   re.I)
# The measure word a figure is asked in: 多少人 -> 人, 几个 -> 个, 百分之几 (百分之多少) -> %.
# Chinese measure words (a closed word class): the unit a figure is asked in.
ORDINAL = "第"  # before an asked measure word (第几代 -> 第代): the question asks which one, as plans write 第三代
# Measure words numbering a phase or a session, written without 第 (二期工程, 五届): 第几期 is answered by 二期
ORDINAL_UNMARKED = ("期", "届")
MEASURE_WORDS = ("万亿元 亿元 万元 元 钱 万人次 人次 万人 人 名 位 户 个 家 项 所 座 条 种 类 批 次 场次 场 期 届 轮 级 代 台 套 "
                 "件 张 辆 艘 处 间 床 栋 "
                 "亩 公顷 平方公里 平方千米 公里 千米 米 平方米 平方 平米 吨 万吨 千瓦 兆 倍 成 标箱 个百分点 年 个月 天 小时 个小时 个钟头 钟头 周 分钟 分").split()
# A measure word that opens nouns too: not the measure before their second character (多少场馆 counts 场馆, 多少场 counts)
_OPENS_NOUNS = {"场": "馆所景地站区合面内外"}


def _measure_alternation(words: Iterable[str]) -> str:
    """The words as one regular-expression alternation, longest first, each measure opening nouns (场) only where
    no such noun goes on."""
    return "|".join(f"{w}(?![{_OPENS_NOUNS[w]}])" if w in _OPENS_NOUNS else w
                    for w in sorted(words, key=len, reverse=True))


_ASKED_UNIT = re.compile("(?:多少|几)(?P<unit>" + _measure_alternation(MEASURE_WORDS) +
                         "|(?:" + "|".join(LATIN_UNITS) + ")(?![A-Za-z])|[Gg](?![A-Za-z]))|(?:多少|几)(?P<magnitude>[亿万])|几(?P<major>大)|百分之(?:几|多少)|(?P<pct>比例|占比|百分比|%|几成|(?:幅度|增幅|涨幅|降幅)(?:各|分别|大概|大约|是|有|为|达到|能到)*(?=多少|多大|几))|(?P<length>多长(?!时间)|多远|多宽)|(?P<size>规模(?:各|分别|都|一共|总共|大概|大约|约|有|是|达到|能到|定了|定的|定)*(?:多少|多大)(?!个|家|支|项)|(?:多大|多少)的?规模(?!以上|以下))|"
                         "几(?P<compound>[^\\W\\d_a-zA-Z乎何率十百千万月号日点时岁天周])(?=[\u4e00-\u9fff])")
# the last: 几方联动 -> 三方联动, a count inside a compound term the plan writes with its numeral
# English measure nouns -> the measure word plans write (how many hours -> 小时); count nouns (platforms, beds) ask
# for any figure, as 多少 alone does.
ENGLISH_MEASURES = {"years": "年", "hours": "小时", "days": "天", "weeks": "周", "months": "个月", "minutes": "分钟",
                    "points": "分", "mu": "亩", "hectares": "公顷", "kilometres": "公里", "kilometers": "公里", "km": "公里",
                    "square metres": "平方米", "square meters": "平方米", "metres": "米", "meters": "米", "tons": "吨",
                    "tonnes": "吨", "kilowatts": "千瓦", "times": "倍", "yuan": "元", "rmb": "元", "people": "人",
                    "persons": "人", "households": "户", "levels": "级", "tiers": "级"}
# measures that are count nouns too (ferry service points): the measure only right after "how many" (how many points)
_MEASURES_ALSO_COUNTED = frozenset({"points"})
_ASKED_UNIT_EN = re.compile(r"\bhow many (?:[\w-]+ ){0,3}?(?P<unit>" +
                            "|".join(f"(?<=how many ){m}" if m in _MEASURES_ALSO_COUNTED else m
                                     for m in sorted(ENGLISH_MEASURES, key=len, reverse=True)) + r")\b|"
                            r"\b(?P<pct>what (?:percentage|share|proportion|ratio|rate)|how many percent|what per ?cent)\b|"
                            r"\bhow (?:much|large|big)\b[^,;?]{0,40}\b(?P<money>money|funds?|funding|subsid\w*|investment|"
                            r"budget|grants?|bonus|rewards?|capital)\b", re.I)


def english_measure_words(text: str) -> set[str]:
    """The measure an English question asks its figure in (how many mu, square metres, what percentage): the
    figure's unit, not its topic, as 多少亩 and 百分之几 are."""
    asked = (m.group("unit") or m.group("pct") or "" for m in _ASKED_UNIT_EN.finditer(text))
    return {w for a in asked for w in a.lower().split()} - {"what", "how", "many"}


# Words between a kind of figure and its 多少 (比例是多少, 占比大概多少): one ask, not two.
QUOTED_PHRASE = re.compile(r"[“\"「『][^”\"」』]{1,40}[”\"」』]")  # a phrase quoted to be searched as typed
_ASKED_LINK = re.compile(r"(?:是|为|有|要|能|可以|给到?|大概|大约|约|达到?|在)*")
MAJOR = "大"  # the measure word of 几大 (how many major kinds), answered only by N大
# A date asserted in a question asking to confirm it (…是9月底完成吗): a premise on a deadline.
_ASSERTED_DATE = re.compile(r"(?:(?:19|20)\d{2}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|末|份|中旬|上旬|下旬|初)?(?:前)?")
# Nouns of money: "…奖补多少" asks an amount in 元, not any figure.
MONEY_NOUNS = re.compile(r"奖补|补贴|补助|奖励|奖金|资金|投资|投入|经费|预算|费用|金额|钱")
# Nouns of a score: "分值多少" asks for points (分), as an assessment's items state them (（2分）).
SCORE_NOUNS = re.compile(r"分值|分数|总分|满分|得分|赋分|计分|权重分")
# The money word right before 多少 (奖补多少, 投资一共是多少, 市里补多少, 补贴封顶是多少: a cap is of the money), not
# inside a ratio's name (投入产出比多少).
_MONEY_ASKED = re.compile(r"(?:" + MONEY_NOUNS.pattern + r"|奖|补)(?:一共|总共|共|大概|大约|约|是|有|要|能|可|给|了|的|" +
                          CAP_WORDS + r")*$")
# A figure asserted in the question (a premise): 150亿元, 90%.
_ASSERTED = re.compile(r"(\d+(?:\.\d+)?)\s*(" + _measure_alternation(set(MEASURE_WORDS) - {"钱"} | {"亿", "万", "%"})
                       + "|(?i:" + "|".join(LATIN_UNITS) + r")(?![A-Za-z]))")
# Asks who is responsible, without a question word (是X负责吧, 落在X吧, X来做的吧, 是X考核吗).
OWNERISH = re.compile(r"由|负责|牵头|配合|管|责任|落在|承担|考核|督办|[来在](弄|做|办|搞|抓|干|管)")
# Supposes one unit owns a measure alone (是X一家负责的吧, 只由X负责).
ASKS_ALONE = re.compile(r"一家|单独|独自|独家|只有|仅由|只由|一个(?:部门|单位)|\balone\b|\bsolely\b", re.I)
# Asks who leads a measure (the lead unit), as against who takes part in it.
ASKS_LEAD = re.compile(r"牵头|主抓|挑头|(不是|而非|不算|不含)配合|\blead", re.I)
# A duty an owner question names for the body it asks about: a word of its topic right before 是/为/由
# (负责统一调度的是哪个单位, 统一调度是X负责吗), as against the measure it names (X工作谁牵头).
_DUTY_ASKED = r"的?(?:是|为|由)"
# …or the words right after 谁, up to a pause (谁统一部署、谁统筹调度): each a duty the question asks who does.
_DUTY_AFTER_WHO = re.compile(r"谁(?:来|去)?(?P<duty>[\u4e00-\u9fff]{2,6}?)(?=[、，,；;？?和及]|$)")


def asked_duties(text: str, topic: list[str]) -> list[str]:
    """The duties a question asks who does (see _DUTY_ASKED): a topic word there, with the topic words written
    right before it (统一 调度 -> 统一调度), and what it asks 谁 does (_DUTY_AFTER_WHO)."""
    duties = []
    for t in topic:
        for m in re.finditer(re.escape(t) + _DUTY_ASKED, text):
            start = m.start()
            while (before := next((u for u in topic if u and text[:start].endswith(u)), None)) is not None:
                start -= len(before)
            duty = text[start : m.start() + len(t)]
            if len(duty) >= 2 and duty not in duties:
                duties.append(duty)
    duties += [d for m in _DUTY_AFTER_WHO.finditer(text) if (d := m.group("duty")) not in duties]
    return duties


# An owner stated as a fact before asking on (X那项是Y牵头的，要做什么): a claim to check, not Y's task list.
# "…报告进展的，是X吧？": the question ends naming who it supposes does it
_NAMED_LAST = re.compile(r"[，,]\s*(?:应该|应当)?(?:说的|指的)?是[^，,。；;是]{2,16}(?:吧|吗|么|对吧|对吗|是不是)[?？]?$")
_STATED_OWNER = re.compile(r"是([^，,。；;是]{2,16}?)(?:牵头|负责|主抓)的")
# "How many levels of X are in charge of Y": a count of what is named, not who owns Y (unless what is counted are
# bodies: how many departments); the English cues of ownership that such a count may carry
_COUNT_NOT_OF_BODIES = re.compile(r"\bhow many\b(?!(?:\s+\w+){0,3}?\s+(?:departments|agencies|bodies|units|offices|"
                                  r"bureaus|authorities|ministries|organi[sz]ations)\b)", re.I)
_ENGLISH_CHARGE_CUE = re.compile(r"in charge|responsib", re.I)
# A unit asked as the one a thing is sent or reported to (抄送哪些单位, 上报哪个部门): its recipient, not its owner.
_SENT_TO = re.compile(r"(?:上报|报送|报给|呈报|抄送|抄报|通报给|提交给?|递交给?|送给|发给|报到|送到|送交)(?:给|至|到)?$")
# Hearsay put as a question without a question word (听说…要建5个？): a claim to confirm or correct.
HEARSAY = re.compile(r"^(我)?(听说|据说|听人说|有人说)")
_QUESTION_WORD = re.compile(r"多少|几|哪|什么|谁|怎么|怎样|如何|啥|何时")
# Asks for the plan's figures without a number word (有哪些量化指标).
ASKS_TARGETS = re.compile(r"指标|目标|量化|数字(?!化)|targets?|figures?|indicators?", re.I)
# Asks for a level or state, not a number (要达到什么程度).
# Asks for a cap (最高补多少, 最多几家): the plan states caps in a clause of their own after the measure.
ASKS_CAP = re.compile(CAP_WORDS + r"|\bat most\b|maximum|\bmax\b|\bcap\b", re.I)
ASKS_LEVEL = re.compile(r"什么程度|啥程度|什么水平|啥水平|什么地步|怎样的|什么样|what level|to what extent", re.I)

# a year (2025年), and the first of a span of years (2018到2025年, 2018-2025年)
_YEAR = re.compile(r"((?:19|20)\d{2})(?=\s*年|\s*[-－—–~～到至]\s*(?:19|20)\d{2}\s*年)")
# The thing a count asks for, right after its measure word (多少个便民驿站): jieba's words up to a particle,
# punctuation or a modal verb; read by words so that 能 inside 技能 or 有 inside 有机 does not end it
_COUNTED_END = frozenset("呢 吗 啊 呀 吧 ？ ? ， , 。 ； ; ！ ! 的 要 能 可 会 是 有 能够 可以 需要 应该 应当 是否 是不是 有没有 "
                         "能不能 要不要 会不会 可不可以".split())
_COUNTED_MAX = 12  # characters; a longer run is a clause, not a noun
# An English question's year: after a preposition of time ("for 2035", "by the end of 2025"), not a count
_YEAR_EN = re.compile(r"\b(?:in|by|for|until|till|before|through|during|from|to)\s+(?:the\s+end\s+of\s+)?((?:19|20)\d{2})\b"
                      r"(?![.,]?\d|\s*%)", re.I)
ASKS_YEAR = re.compile(r"哪年|哪一年|几几年|什么年份|" + _WHICH_YEAR_EN, re.I)
# "Which month": a date finer than a year answers it (6月底, 年底前), not a year or a recurrence (2025年, 每年)
ASKS_MONTH = re.compile(r"几月|哪个?月|几几月|什么月份|(?:which|what) months?(?![\w-])", re.I)
# How often (多长时间X一次, 多久X一回, how often): a period the measure recurs in answers it, a completion date does not
ASKS_HOW_OFTEN = re.compile(r"(?:多长时间|多久)[^，,。？?]{0,8}?[一1][次回]|how often", re.I)
_RELATIVE_YEARS = {"今年": 0, "本年": 0, "当年": 0, "本年度": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2, "明年": 1,
                   "下一年": 1, "后年": 2, "大后年": 3, "大前年": -3, "this year": 0, "last year": -1, "next year": 1}
# each relative year word where it stands, the longest first (大后年 is not also 后年)
_RELATIVE_WORD = re.compile("|".join(sorted(map(re.escape, _RELATIVE_YEARS), key=len, reverse=True)))


@dataclass
class Question:
    """What a question asks for, read once (see module docstring)."""

    query: Query
    intent: str
    years: list[int] = field(default_factory=list)  # absolute years named
    relative_years: list[int] = field(default_factory=list)  # offsets from the plan's year (去年 -> -1)
    asks_number: bool = False
    asks_level: bool = False  # 要达到什么程度: a state the plan sets, quoted even without a figure
    asked_unit: str = ""  # measure word of the figure asked for ('' when any)
    asked_units: list[str] = field(default_factory=list)  # every measure word asked (多少…几座)
    asserted: list[tuple[str, str]] = field(default_factory=list)  # (number, unit) the question claims
    unit_mentions: list[str] = field(default_factory=list)  # organisations the question names
    confirm: bool = False  # asks to confirm something (yes/no)
    asks_lead: bool = False  # asks who leads (牵头), not only who takes part
    follow_up: bool = False
    asks_cap: bool = False  # 最高/最多: the cap a clause of its own states after the measure
    asks_owner: bool = False  # also asks who (a deadline question with 由谁牵头 in it)
    asserted_date: str = ""  # a date the question asks to confirm (9月底)
    asks_whether_any: str = ""  # "有没有租金减免": the thing whose existence in the plan is asked
    english_terms: list = field(default_factory=list)  # an English question's words as the plan writes them
    # (crosslingual.EnglishTerm, filled in by the answerer, which knows the plan)
    counted: str = ""  # what the first count asked counts, as typed (多少个便民驿站 -> 便民驿站)

    @property
    def text(self) -> str:
        return self.query.text


# Right after a unit a question names: it is supposed to lead or own the measure (X牵头, X来负责): who, not what
_SUPPOSED_LEAD = re.compile(r"(?:来|在)?(?:牵头|负责|主抓)")


def supposed_leads(q: Question) -> list[str]:
    """The units a question names as leading or owning the measure it asks about (是县交通局牵头那条吧)."""
    return [m for m in q.unit_mentions if m in q.text and _SUPPOSED_LEAD.match(q.text.split(m, 1)[1])]


def detect_intent(text: str) -> str:
    """The first intent in INTENT_ORDER whose cues the text contains ('general' otherwise); a unit asked as
    the one a thing is sent to (抄送哪些单位) is no owner."""
    for intent in INTENT_ORDER:
        found = re.finditer(INTENT_CUES[intent], text, re.I)
        if intent == "owner":
            found = (m for m in found if not _SENT_TO.search(text[: m.start()]) and not (
                _ENGLISH_CHARGE_CUE.match(m.group()) and _COUNT_NOT_OF_BODIES.search(text[: m.start()])))
        if next(found, None):
            return intent
    return "general"


def cue_words(text: str) -> list[str]:
    """The cue phrases of a question (carried into a follow-up that has none)."""
    words = []
    for intent in INTENT_ORDER:
        m = re.search(INTENT_CUES[intent], text, re.I)
        if m:
            words.append(m.group())
    return words


def intent_spans(text: str) -> list[tuple[int, int]]:
    """Where any intent cue or frame phrase sits: frame, not topic."""
    return [m.span() for cue in _cue_alternatives() for m in cue.finditer(text) if m.end() > m.start()]


@lru_cache(maxsize=1)
def _cue_alternatives() -> tuple[re.Pattern, ...]:
    """Every cue and frame pattern's alternatives, compiled once (a question's cues are looked for twice)."""
    return tuple(re.compile(alt, re.I)
                 for pattern in list(INTENT_CUES.values()) + [REVERSE.pattern, CONFIRM.pattern, PARTS.pattern,
                                                              TITLE.pattern, HEARSAY.pattern]
                 for alt in _alternatives(pattern))


# as staff say it -> as plans write it; 几G is a network's generation, which plans write 第N代 (or 5G)
SPOKEN_UNITS = {"钱": "元", "成": "%", "个小时": "小时", "个钟头": "小时", "钟头": "小时", "平方": "平方米", "平米": "平方米",
                "G": ORDINAL + "代"}


# After 多少亿 / 几万: a threshold (元以上的) and the thing it sorts, not the end of the question (投资多少亿元以上？)
_THRESHOLD_OF_COUNTED = re.compile(r"元?(?:以上|以下|级)的?(?![吗呢吧啊呀])[\u4e00-\u9fff]")


def _asked_unit(m: re.Match) -> str:
    """The measure a matched number question asks in: % for shares (几成: tenths, written as %), 米 for a length,
    元 for 钱, 小时 for 钟头."""
    if m.group("pct") or "百分之" in m.group():
        return "%"
    if m.group("length"):
        return "米"
    if m.group("size"):
        return "规模"
    amount = bool(m.group("magnitude")) or (m.group("unit") or "").endswith("元")
    if amount and _THRESHOLD_OF_COUNTED.match(m.string, m.end()):
        return "个"  # 多少(个)亿元以上的码头: a threshold sorting the things counted, whose count is asked
    if m.group("magnitude"):  # 多少亿奖补券: an amount in 亿 (or 万), whatever it counts; not a share
        return m.group("magnitude")
    if m.group("major"):  # 几大子系统: a count of major kinds, as plans write them (九大…)
        return MAJOR
    if m.group("compound"):
        return m.group("compound")
    typed = m.group("unit") or ""
    unit = SPOKEN_UNITS.get(typed.upper() if typed.isascii() else typed, typed)
    if unit and _ordinal_before(m.string, m.start()):  # 第几代: an ordinal (第三代) answers it
        return ORDINAL + unit
    return unit


def _ordinal_before(text: str, at: int) -> bool:
    """Is the character before `at` the ordinal mark 第, not the end of a word with the one before it (次第, 门第; or a
    typo making such a word of a verb and 第)?"""
    if text[max(0, at - 1) : at] != ORDINAL:
        return False
    import jieba  # loaded on the first ordinal question, not at start

    jieba.initialize()
    return at < 2 or not jieba.get_FREQ(text[at - 2 : at])


def understand(query: Query, previous: Query | None = None, known_units: Iterable[str] = (),
               written_bodies: Iterable[str] = ()) -> Question:
    """Read a normalised question (and the previous one, for follow-ups) into a Question.
    `known_units`: the units the served plans name, recognised in the question as written; `written_bodies`: every
    body they write, recognised in the two-character shortenings staff use (农行)."""
    text = query.text
    intent = detect_intent(text)
    mentions = all_mentions(text, known_units)
    mentions += [m for m in dictionary_shortenings(text, written_bodies) if not any(m in n for n in mentions)]
    confirm = bool(CONFIRM.search(text)) or bool(HEARSAY.search(text) and not _QUESTION_WORD.search(text))
    stated = _STATED_OWNER.search(text)
    if stated and any(m in stated.group(1) for m in mentions) and not re.search(r"哪些|哪几|什么|多少", text[: stated.start()]):
        confirm = True
    if len(mentions) >= 2 and EITHER.search(text) and OWNERISH.search(text):
        intent = "owner"  # "是A牵头还是B牵头": which of them the plan names, with the rest it names
    elif intent in ("owner", "general", "list", "target", "section") and mentions and not confirm and (
            REVERSE.search(text) or ASKED_OF.search(text)):
        intent = "owner_reverse"
    elif confirm and mentions and (intent == "owner" or OWNERISH.search(text) or _NAMED_LAST.search(text)
                                   or NAMED_ROLE.search(text)  # "X的牵头单位是Y吧"
                                   or _cleft_on(text, mentions) or _pseudo_cleft_on(text, mentions)):
        intent = "yes_no"
    if intent in ("list", "target", "general") and PARTS.search(text):
        intent = "parts"
    if TITLE.search(text) and (intent in ("general", "quote", "list", "owner", "deadline")
                               or intent == "target" and _DOCUMENT_NUMBER.search(text)):
        intent = "title"
    years = [int(y) for y in _YEAR.findall(text)]  # short years (到35年) are written out by normalise
    if query.language == "en":
        years += [int(y) for y in _YEAR_EN.findall(text) if int(y) not in years]
    relative = list(dict.fromkeys(_RELATIVE_YEARS[m.group()] for m in _RELATIVE_WORD.finditer(text.lower())))
    typed_asks = list(_ASKED_UNIT.finditer(text))
    asked_units = [_asked_unit(m) for m in typed_asks]
    typed_en = []
    for m in _ASKED_UNIT_EN.finditer(text):  # an English question: as typed, in the plan's measure words
        asked_units.append("%" if m.group("pct") else "元" if m.group("money") else ENGLISH_MEASURES[m.group("unit").lower()])
        typed_en.append(m.span())
    # "how many X, and how many Y": each ask its own figure, any measure where it names none
    asked_units += ["" for m in re.finditer(r"\bhow (?:many|much)\b", text, re.I)
                    if not any(a <= m.start() < b for a, b in typed_en)]
    asked_unit = asked_units[0] if asked_units else ""
    typed = [m.span() for m in typed_asks]
    for m3 in re.finditer(r"多少(?!" + _measure_alternation(MEASURE_WORDS) + ")", text):
        if any(a <= m3.start() < b or a == m3.end() or b <= m3.start() and _ASKED_LINK.fullmatch(text[b : m3.start()])
               for a, b in typed):
            continue  # 规模多少, 多少比例, 比例是多少: already read as a kind of figure
        # "奖补多少", "投资多少": an amount of money; otherwise ("最高补多少") any figure
        money = _MONEY_ASKED.search(text[: m3.start()]) or MONEY_NOUNS.match(text, m3.end())  # 给多少补贴
        score = SCORE_NOUNS.search(text[max(0, m3.start() - 6) : m3.start()])  # 分值是多少
        # "X占Y分值多少": X's share of the score (a percentage), not points; any figure the plan gives for it
        share = score and _SHARE_OF.search(text[: m3.start()])
        kind = "元" if money else "分" if score and not share else ""
        asked_units.append(kind)
        if kind and not asked_unit:
            asked_unit = kind
    asserted = [(n, u) for n, u in _ASSERTED.findall(text) if u not in ("年", "个月", "天", "周", "小时")]  # 1500种, not 2025年
    asks_number = bool(ASKS_NUMBER.search(_COUNT_IN_LIST.sub("", text)))  # 哪几种 lists, 几种 counts
    q = Question(query, intent, years, relative, asks_number, bool(ASKS_LEVEL.search(text)),
                 asked_unit, asked_units, asserted, mentions, confirm, bool(ASKS_LEAD.search(text)), False)
    q.asks_cap = bool(ASKS_CAP.search(text))
    q.counted = _counted_thing(text, typed_asks[0].end()) if typed_asks and typed_asks[0].group("unit") else ""
    whether = _WHETHER_ANY.search(text)
    thing = (whether.group("thing") or whether.group("thing2") or whether.group("thing3")) if whether else ""
    if whether and not asks_number and intent in ("general", "list", "target") and not _FIGURE_KIND.search(thing):
        q.asks_whether_any = thing
    elif whether and _FIGURE_ASKED.search(thing) and intent in ("general", "target") and \
            _NOTHING_MORE.fullmatch(text, whether.end()):
        # "有没有X的指标", asked alone: whether the plan puts a figure on X (a worded share answers too); beside another
        # question ("…？X要起啥作用") the measure's whole sentence answers both
        q.asks_number = True
    q.asks_owner = bool(re.search(INTENT_CUES["owner"], text, re.I))
    date = _ASSERTED_DATE.search(text) if confirm else None
    if date and q.intent in ("general", "target", "deadline"):  # "…是9月底完成吗": the deadline, checked
        q.intent, q.asserted_date = "deadline", date.group()
    if previous is not None and FOLLOW_UP.search(text) and len(text) <= 20:
        q.follow_up = True
    return q


def _counted_thing(text: str, start: int) -> str:
    """The noun a count asks for (多少名技能人才 -> 技能人才): Chinese words from `start` to the first word
    that ends it (_COUNTED_END) or the question's end; empty when that is not a noun of 2 to 12 characters."""
    import jieba  # loaded on the first count question, not at start

    thing = ""
    for word in jieba.lcut(text[start:]):
        if word in _COUNTED_END:
            break
        if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or len(thing) + len(word) > _COUNTED_MAX:
            return ""  # a figure, a Latin word or a clause: not a counted noun
        thing += word
    return thing if len(thing) >= 2 else ""


def _cleft_on(text: str, mentions: list[str]) -> bool:
    """"…是X<verb>的吧": the cleft puts X forward as the one who does it, whatever the verb (or its typo); so does
    "X来<verb>" (是不是X来审)."""
    return any(re.search("是" + re.escape(m) + r"[^，,。；;的]{1,4}的", text) or  # or "是不是X来审": X comes to do it
               re.search(re.escape(m) + r"[来去](?!的)[\u4e00-\u9fff]", text) for m in mentions)


def _pseudo_cleft_on(text: str, mentions: list[str]) -> bool:
    """"…<verb>的是X吧" ("…的，是不是X"): the one who does it is X, the question ends naming X."""
    return any(re.search(r"的[，,]?(?:是不是|是)(?:[^，,。；;？?]{2,20}[和、与跟及])?" + re.escape(m) +  # X, or "A和X"
                         r"(?:吧|吗|么|对吧|对吗|是不是)?[?？]?$", text)
               for m in mentions)


def _alternatives(pattern: str) -> list[str]:
    """A regex split on its top-level | (so overlapping phrases are all found)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return parts + [pattern[start:]]


__all__ = ["Question", "understand", "detect_intent", "intent_spans", "INTENTS",
           "UNITS"]
