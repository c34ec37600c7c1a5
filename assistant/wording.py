"""The answer's own words, in the asker's language; quotes stay in the plan's words."""
from __future__ import annotations

from functools import lru_cache

from .timing import timed

ZH = {
    "empty": "请输入一个关于计划内容的问题。",
    "not_found": "计划中没有找到能回答这个问题的内容。以下是最接近的段落，供参考：",
    "not_a_question": "没有读出一个可以在计划中查找的问题（只有符号、标记或无法识别的文字）。请用中文或英文提问。",
    "other_year": "这份计划涉及的年份是 {plan}，没有 {asked} 年的内容，不能用其他年份的数字回答。以下是最接近的段落：",
    "no_owner": "计划没有写明由哪个部门或单位负责这项工作。",
    "cannot_confirm": "计划没有写明由哪个部门或单位负责这项工作，因此无法确认问题中所说的单位。",
    "located": "这项措施位于「{section}」：",
    "owners_from_table": "按责任分解表，{measure}：牵头单位 {lead}；责任单位 {resp}",
    "lead": "牵头单位：{units}",
    "partners": "配合/责任单位：{units}",
    "units": "责任单位：{units}",
    "deadline": "完成时限：{deadline}",
    "annotation": "计划原文的责任标注：",
    "owners_named": "计划中写明的责任主体：",
    "duty_named": "计划没有标注责任单位；原文写明{duties}",
    "duty_doer": "{duty}的是：{units}",
    "duty_sep": "；",
    "confirm_yes": "是的，计划写明由以下单位负责：",
    "confirm_no": "不是。计划为这项措施写明的单位是：",
    "confirm_other": "计划没有写明由问题中的单位负责；计划为这项措施写明的是：",
    "confirm_written": "是的，这项措施的原文写的是（计划没有标注责任单位）：",
    "confirm_written_other": "不是。这项措施的原文写的是（计划没有标注责任单位）：",
    "confirm_listed": "计划没有标明牵头单位，责任单位依次为：{units}；问题中的「{named}」是其中之一。",
    "confirm_some": "只说对了一部分。计划为这项措施写明的单位是：{units}，没有问题中的「{missing}」。",
    "confirm_not_alone": "不只这一家。计划为这项措施写明的单位是：{units}。",
    "confirm_partner": "不是。计划写明的牵头单位：{lead}；问题中的单位为配合/责任单位：{units}。",
    "reverse": "计划中分给「{unit}」的任务共 {n} 项：",
    "reverse_lead": "计划中由「{unit}」牵头（或负责）的任务共 {n} 项（另有 {m} 项它只是配合单位，未列出）：",
    "reverse_prose": "计划在以下 {n} 处写明了「{unit}」的职责：",
    "reverse_partner": "计划在以下 {n} 处写明要配合「{unit}」开展的工作：",
    "reverse_mentioned": "计划没有为「{unit}」写责任标注，写到它的原文有以下 {n} 处：",
    "reverse_unnamed": "计划没有写明「{unit}」负责的任务（计划中没有这个单位）；与问题相关的原文如下：",
    "mentioned": "措施文字中提到（仅为提及，计划未说明其为责任单位）：",
    "section": "这项内容在「{section}」部分：",
    "paragraph_label": "所在段落的段首标题：",
    "caption": "在该部分的这个栏目之下：",
    "quote": "原文（「{section}」，{where}）：",
    "quote_part": "其中问到的部分：“{part}”",
    "quote_also": "另一处也写到问题中的这些字词（「{section}」，{where}）：",
    "lines": "第 {first}–{last} 行",
    "targets": "计划中的相关目标：",
    "scope_targets": "「{section}」部分的量化目标：",
    "no_number": "计划对此没有给出具体数字，原文只写：",
    "no_breakdown": "计划只给出了问题中已提到的数字，没有给出所问的细分或构成，原文是：",
    "no_deadline": "计划没有写明完成时间，原文只写：",
    "no_frequency": "计划没有写明多久一次，原文只写：",
    "no_count": "计划没有给出问题所问的数量。",
    "deadline_text": "计划写明的时间：",
    "premise_wrong": "计划中的数字是：{figures}（不是问题中的 {asserted}）。",
    "premise_worded": "计划没有写具体比例，写的是“{stated}”（不是问题中的 {asserted}）。",
    "premise_date_right": "是的。",
    "premise_date_wrong": "不是。计划写明的时间是：{stated}（不是问题中的 {asserted}）。",
    "year_differs": "计划把这一内容写在 {stated} 年（不是问题中的 {asked} 年）：",
    "list": "计划中列出的相关内容：",
    "no_items": "计划只提到了这一组的名称，没有逐一列出是哪 {n} {counter}，原文是：",
    "no_list": "计划提到了这项内容，但没有逐一列出所问的各项，原文是：",
    "count_differs": "计划写的是「{stated}」（不是问题中的 {n} 项），列出的是：",
    "count_differs_unlisted": "计划写的是「{stated}」（不是问题中的 {n} {counter}），没有逐一列出是哪些，原文是：",
    "parts": "计划的组成部分（{n} 项）：",
    "parts_of": "「{section}」下共 {n} 项：",
    "title": "计划的标题：",
    "general": "计划中的相关内容：",
    "truncated": "（问题过长，只取了前 {n} 个字。）",
    "read_as": "（问题中的「{typed}」按计划的写法读作「{plan}」。）",
}
EN = {
    "empty": "Please type a question about the plan.",
    "not_found": "The plan does not answer this question. The nearest passages are:",
    "not_a_question": "No question could be read (only symbols, markup or unrecognised script). Please ask in Chinese or English.",
    "other_year": "The plan covers {plan}; it has nothing for {asked}, and other years' figures are not an answer. Nearest passages:",
    "no_owner": "The plan does not name a responsible department or unit for this.",
    "cannot_confirm": "The plan names no responsible unit for this, so the unit in the question cannot be confirmed.",
    "located": "The measure sits under 「{section}」:",
    "owners_from_table": "Per the responsibility table, {measure}: lead {lead}; responsible {resp}",
    "lead": "Lead: {units}",
    "partners": "Cooperating/responsible: {units}",
    "units": "Responsible: {units}",
    "deadline": "Deadline: {deadline}",
    "annotation": "The plan's responsibility note:",
    "owners_named": "Responsible parties named in the plan:",
    "duty_named": "The plan marks no responsible unit; its text names who does this: {duties}",
    "duty_doer": "{duty}: {units}",
    "duty_sep": "; ",
    "confirm_yes": "Yes; the plan names:",
    "confirm_no": "No. The plan names for this measure:",
    "confirm_other": "The plan does not name the unit in the question for this; it names:",
    "confirm_written": "Yes; the measure's own text names (the plan marks no responsible unit):",
    "confirm_written_other": "No. The measure's own text names (the plan marks no responsible unit):",
    "confirm_listed": "The plan marks no lead; it lists, in this order: {units}. 「{named}」 is one of them.",
    "confirm_some": "Only in part. The plan names for this measure: {units}; 「{missing}」 is not among them.",
    "confirm_not_alone": "Not alone. The plan names for this measure: {units}.",
    "confirm_partner": "No. The plan names {lead} as the lead; {units} cooperates or shares responsibility.",
    "reverse": "Tasks the plan assigns to 「{unit}」: {n}",
    "reverse_lead": "Tasks 「{unit}」 leads (or owns): {n} (it only cooperates on {m} more, not listed)",
    "reverse_prose": "The plan states the duties of 「{unit}」 in {n} places:",
    "reverse_partner": "The plan names work to be done with 「{unit}」 in {n} places:",
    "reverse_mentioned": "The plan marks no duty of 「{unit}」; it writes the name in {n} places:",
    "reverse_unnamed": "The plan assigns nothing to 「{unit}」 (it does not name that unit); what it says on the topic:",
    "mentioned": "Bodies mentioned in the measure (not stated to be responsible):",
    "section": "This is in the section 「{section}」:",
    "paragraph_label": "The paragraph opens with the heading:",
    "caption": "Under this box title in that section:",
    "quote_part": "The part asked about: “{part}”",
    "quote_also": "The plan writes every word asked in another place too (「{section}」, {where}):",
    "quote": "Original wording (「{section}」, {where}):",
    "lines": "lines {first}–{last}",
    "targets": "Targets in the plan (quoted in the original Chinese):",
    "scope_targets": "Quantitative targets in 「{section}」:",
    "no_items": "The plan names the set but does not list its {n} items; it says only:",
    "no_list": "The plan speaks of this but does not list what is asked; it says only:",
    "count_differs": "The plan says 「{stated}」 (not {n}); it lists:",
    "count_differs_unlisted": "The plan says 「{stated}」 (not {n}) and does not list them; it says only:",
    "no_number": "The plan gives no figure for this; it says only:",
    "no_breakdown": "The plan gives only the figure the question already names, not the breakdown asked for:",
    "no_deadline": "The plan gives no date for this; it says only:",
    "no_frequency": "The plan does not say how often; it says only:",
    "no_count": "The plan does not give the number asked.",
    "deadline_text": "Dates the plan states:",
    "premise_wrong": "The plan's figure is {figures} (not {asserted}).",
    "premise_worded": "The plan gives no exact share; it says “{stated}” (not {asserted}).",
    "premise_date_right": "Yes.",
    "premise_date_wrong": "No. The plan's date is {stated} (not {asserted}).",
    "year_differs": "The plan sets this for {stated} (not {asked}):",
    "list": "Items listed in the plan:",
    "parts": "The plan's parts ({n}):",
    "parts_of": "「{section}」 has {n} items:",
    "title": "The plan's title:",
    "general": "What the plan says (original Chinese):",
    "truncated": "(Question cut to its first {n} characters.)",
    "read_as": "(Read 「{typed}」 in the question as the plan writes it: 「{plan}」.)",
}


@lru_cache(maxsize=1)
@timed("OpenCC()")
def _s2t():
    """OpenCC's converter loads its dictionaries on creation: make it once per process."""
    import opencc

    return opencc.OpenCC("s2t")


class Frame:
    """Answer wording for one question: English, simplified or traditional Chinese."""

    def __init__(self, language: str, traditional: bool):
        self.table = EN if language == "en" else ZH
        self.traditional = traditional and language != "en"

    def __call__(self, key: str, **kw) -> str:
        """The template in the asker's script; what fills it (sections, units, figures) stays
        in the plan's own characters, so it can be found in the cited text."""
        template = self.table[key]
        if self.traditional:
            template = _s2t().convert(template)
        return template.format(**kw)
