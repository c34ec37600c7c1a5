"""English questions over Chinese plans: their words, as the plan writes them (CC-CEDICT), choose the clause
and let the plan answer when meaning alone (here a fake embedder with no cross-lingual sense) cannot."""
from __future__ import annotations

from assistant.crosslingual import EnglishTerm, english_terms, term_coverage
from assistant.decisions import DEFAULT_THRESHOLDS, gate
from assistant.spans import compact

from .test_understanding import bullets, serve_text

PLAN = """# 县城乡建设方案

## 一、城乡道路

改造农村公路120公里，新建污水处理厂3座。

## 二、公共服务

新建社区图书馆5个，图书馆年接待读者40万人次。
"""


def test_english_words_become_the_plans_words_frame_words_do_not():
    terms = english_terms("How many kilometres of rural roads does the plan rebuild, and which department leads?",
                          compact(PLAN))
    words = {t.word: t.plan_words for t in terms}
    assert "农村" in words["rural"] and "公路" in words["roads"]
    assert not {"plan", "department", "how", "many", "which"} & set(words)  # frame, not topic


def test_maximum_asks_for_a_cap_and_names_no_topic():
    """"maximum" asks the cap (as 最高 does, which a Chinese question's topic leaves out too): were it a topic word
    the plan never writes, it would weigh as the rarest and halve the share a clause holding the rest earns."""
    text = "社区图书馆每新建一座补助上限为50万元。"
    terms = english_terms("What is the maximum grant for a new community library?", compact(text))
    assert "maximum" not in {t.word for t in terms}
    assert {"community", "library"} <= {t.word for t in terms}


def test_a_two_word_gloss_counts_with_the_whole_ones():
    """rural -> 田园 by a whole gloss, and 农村 by "rural area": both where the plan writes both."""
    words = {t.word: t.plan_words for t in english_terms("rural roads", "田园风光和农村公路")}
    assert {"田园", "农村"} <= set(words["rural"])


def test_a_word_the_plan_never_writes_is_kept_with_no_plan_words():
    """Known to the dictionary but absent from the plan: evidence the plan may not cover it."""
    terms = english_terms("How many hospitals will be built?", compact(PLAN))
    assert EnglishTerm("hospitals", ()) in terms


def test_term_coverage_weighs_an_absent_word_as_the_rarest():
    terms = [EnglishTerm("library", ("图书馆",)), EnglishTerm("hospital", ())]
    assert term_coverage(terms, "新建社区图书馆5个", lambda w: 2.0) == 0.5
    assert term_coverage(terms, "新建污水处理厂3座", lambda w: 2.0) == 0.0


def test_a_word_the_plan_writes_only_as_one_character_counts_where_a_clause_holds_it():
    """rate -> 率: no longer translation of "rate" is written (办结率 is), so the clause holding 率 holds the word;
    a clause without it does not, and the term still weighs as an absent one."""
    text = "街道证照办结率达到95%，新建口袋公园3座。"
    rate = next(t for t in english_terms("What completion rate must permits reach?", compact(text)) if t.word == "rate")
    assert rate.plan_words == () and "率" in rate.chars
    terms = [EnglishTerm("park", ("公园",)), rate]
    assert term_coverage(terms, "证照办结率达到95%", lambda w: 2.0) == 0.5
    assert term_coverage(terms, "新建口袋公园3座", lambda w: 2.0) == 0.5
    assert term_coverage([EnglishTerm("park", ("公园",)), EnglishTerm("rate", ())], "证照办结率达到95%",
                         lambda w: 2.0) == 0.0


def test_a_hyphenated_word_is_looked_up_joined_too_and_adverbs_frame_the_question():
    words = {t.word: t.plan_words for t in english_terms(
        "According to the plan, which sub-districts already have clinics?", "各街道卫生服务站")}
    assert "街道" in words["sub-districts"]
    assert not {"according", "already"} & set(words)


def test_an_adjective_in_ial_is_read_as_its_noun_too():
    """industrial -> 工业 (glossed "industry"), which the dictionary never glosses "industrial": a plan writing
    工业 holds the word."""
    words = {t.word: t.plan_words for t in english_terms("industrial parks", "新建工业园区2个")}
    assert "工业" in words["industrial"]


def test_british_spellings_and_adverbs_are_looked_up_as_the_dictionarys_words():
    """The dictionary glosses American spellings and adjectives: "modernisation" is read as "modernization",
    "fundamentally" as "fundamental" (根本), or the plan's words for them would count as never written."""
    text = compact("到2035年，码头现代化基本实现，港区环境根本好转。")
    words = {t.word: t.plan_words for t in english_terms(
        "When is port modernisation achieved and the environment fundamentally improved?", text)}
    assert "现代化" in words["modernisation"]
    assert "根本" in words["fundamentally"]


def test_an_indefinite_pronoun_frames_the_question():
    """"Does the plan say anything about X": were "anything" a topic word the plan never writes, it would weigh
    as the rarest and halve the share of a clause holding X."""
    terms = english_terms("Does the plan say anything about community libraries?", compact(PLAN))
    assert "anything" not in {t.word for t in terms}
    assert {"community", "libraries"} <= {t.word for t in terms}


def test_the_plans_words_let_an_english_question_be_answered_when_meaning_alone_would_refuse(tmp_path, fake_embedder):
    plan = serve_text(tmp_path, fake_embedder, "county-building-2025.md", PLAN)
    a = plan.ask("How many community libraries are to be built?")
    assert a.signals["dense_contrast"] < DEFAULT_THRESHOLDS.min_dense_contrast  # the fake embedder has no English
    assert a.status == "answered" and "5个" in "".join(bullets(a)), a.answer
    assert "120公里" not in "".join(bullets(a))  # the clause holding the question's words, not another figure
    refused = plan.ask("How many hospitals and clinics are to be built?")
    assert refused.status == "not_found", refused.answer


def test_the_gate_reads_the_plans_words_when_the_dictionary_knows_any_and_meaning_otherwise():
    t = DEFAULT_THRESHOLDS
    assert gate({"coverage": None, "dense_contrast": 0.0, "translated": t.min_translated}, t)
    assert not gate({"coverage": None, "dense_contrast": 1.0, "translated": t.min_translated - 0.01}, t)
    assert gate({"coverage": None, "dense_contrast": t.min_dense_contrast}, t)  # no dictionary words: meaning
    assert not gate({"coverage": None, "dense_contrast": t.min_dense_contrast - 0.01}, t)



def test_an_english_question_is_searched_by_the_plans_words_too(tmp_path, fake_embedder):
    """Its BM25 scores come from the plan's words the answerer found for it (its English words match none)."""
    from dataclasses import replace

    from assistant.query import normalise

    plan = serve_text(tmp_path, fake_embedder, "county-building-2025.md", PLAN)
    question = normalise("How many community libraries are to be built?")
    library = next(i for i, p in enumerate(plan.index.passages) if "社区图书馆" in p.text)
    _, words_alone, _ = plan.retriever.scores(question)
    _, with_plan_words, _ = plan.retriever.scores(replace(question, also_words="社区 图书馆"))
    assert not words_alone.any() and with_plan_words.argmax() == library


REPORT = """# 区政府工作报告

## 一、年度发展指标

力争全区生产总值比上年提高6.5%，建成街道图书分馆12个。

## 二、重点工作

新建社区图书馆5个。
"""


def test_an_acronym_is_read_as_the_term_the_plan_writes_out():
    """GDP -> 生产总值 (the dictionary spells it out as 国内生产总值 too: the plan's shorter form is kept)."""
    from assistant.crosslingual import plan_words_for_latin

    assert plan_words_for_latin("GDP", compact(REPORT)) == ("生产总值",)
    assert plan_words_for_latin("GDP", compact(PLAN)) == ()  # a plan that never writes it


def test_an_acronym_whose_term_the_plan_writes_shorter_is_read_as_that_opening():
    """CPI -> 居民消费价格指数 or 消费价格指数, which a plan writes as 居民消费价格涨幅: the longest opening of four or more
    characters it writes of each stands for the term (the shorter kept, as for GDP); a plan writing none gets nothing."""
    from assistant.crosslingual import plan_words_for_latin

    assert plan_words_for_latin("CPI", "全年居民消费价格涨幅控制在3%左右，城镇调查失业率5%以内。") == ("消费价格",)
    assert plan_words_for_latin("CPI", "全年城镇调查失业率5%以内，居民收入稳步增长。") == ()


def test_a_chinese_question_typing_an_acronym_reaches_the_plans_term(tmp_path, fake_embedder):
    report = serve_text(tmp_path / "report", fake_embedder, "district-report-2024.md", REPORT)
    a = report.ask("GDP要多少？")
    assert a.status == "answered" and "6.5%" in "".join(bullets(a)), a.answer
    plan = serve_text(tmp_path / "plan", fake_embedder, "county-building-2025.md", PLAN)
    assert plan.ask("GDP要多少？").status == "not_found"  # the plan states no such figure


def test_an_acronym_that_also_spells_a_word_never_counts_against_a_question():
    """SMEs: an acronym table entry the plan does not write is no evidence the plan lacks the topic."""
    words = {t.word for t in english_terms("How are SMEs helped onto the cloud?", "扶持小微企业用云服务")}
    assert "smes" not in words


def test_meaning_that_barely_tells_clauses_apart_does_not_outweigh_the_questions_words(tmp_path, fake_embedder):
    """An English question is about as close to every clause (cosines within 0.02 of each other): the clause
    holding its words is chosen, not the one its meaning favours by a hair."""
    from assistant.records import Hit
    from assistant.spans import clause_spans

    answerer = serve_text(tmp_path, fake_embedder, "county-building-2025.md", PLAN)._state.answerer
    p = next(x for x in answerer.index.passages if "图书馆5个" in x.text)
    (a1, e1), (a2, e2) = clause_spans(p, items=True)[:2]
    words, other = (0, 1) if "图书馆" in p.text[a1:e1] else (1, 0)
    sims = {words: 0.770, other: 0.785}
    hit = Hit(p, 1.0, 0.78, units=[(a1, e1, sims[0]), (a2, e2, sims[1])])
    decoy = next(x for x in answerer.index.passages if "120公里" in x.text)
    hits = [hit, Hit(decoy, 0.9, 0.775, units=[(0, len(decoy.text), 0.772)])]
    terms = english_terms("How many community libraries?", answerer._plan_text)
    spans = answerer._spans(hits, [], True, terms)
    best = max(spans, key=lambda s: s.coverage)
    assert "社区图书馆5个" in best.passage.text[best.start:best.end]


def test_a_distributive_and_its_noun_are_the_one_word_the_plan_writes():
    """"each year" is 每年 and "per capita" 人均, though each word alone frames the question: the clause stating the
    yearly figure holds them, the one stating the plan's total does not. A verb and its particle ("set up") glossed
    as one word name no topic."""
    text = "到期末累计培训园丁3000名，每年培训园丁800名，人均绿地面积达到12平方米，设立苗圃2个。"
    words = {t.word: t.plan_words for t in english_terms(
        "How many gardeners are trained each year, and what is green space per capita?", compact(text))}
    assert words["each year"] == ("每年",) and words["per capita"] == ("人均",)
    assert "set up" not in {t.word for t in english_terms("How many nurseries are set up?", compact(text))}
    terms = english_terms("How many gardeners are trained each year?", compact(text))
    assert term_coverage(terms, "每年培训园丁800名", lambda w: 2.0) > term_coverage(terms, "累计培训园丁3000名",
                                                                                    lambda w: 2.0)


def test_the_measure_a_figure_is_asked_in_is_not_a_topic_word():
    """"how many mu": mu is the unit of the figure asked (亩, as 多少亩 is in Chinese), not a topic the plan may
    lack: counted as one, its one-character gloss the plan never writes would weigh as the rarest word and halve
    the share of the clause holding the rest."""
    from assistant.understanding import english_measure_words

    question = "How many mu of inefficient industrial land will be cleared?"
    text = compact("整治低效工业用地5000亩，新建社区图书馆5个。")
    assert english_measure_words(question) == {"mu"}
    assert english_measure_words("How many square metres of factory space?") == {"square", "metres"}
    terms = english_terms(question, text, measures=english_measure_words(question))
    assert "mu" not in {t.word for t in terms} and "inefficient" in {t.word for t in terms}
    as_topic = english_terms(question, text)
    assert term_coverage(terms, "整治低效工业用地5000亩", lambda w: 2.0) > \
        term_coverage(as_topic, "整治低效工业用地5000亩", lambda w: 2.0)


def test_a_share_asked_is_the_measure_and_a_latin_code_the_plan_writes_is_a_term():
    """"what percentage": the figure is asked as a share (%, as 百分之几 is), so "percentage" is no topic word the
    plan lacks. "IPv6" is written in the plan itself (IPV6): the plan's own spelling is its term, where the
    dictionary knows none, and a clause holding it is closer than one without; a code never stands inside a
    longer Latin word."""
    from assistant.understanding import english_measure_words

    assert english_measure_words("What percentage of the hall work is finished?") == {"percentage"}
    text = compact("升级IPV6骨干链路带宽，完成展馆工程量的20%，建设Email系统。")
    terms = {t.word: t.plan_words for t in english_terms("Will the IPv6 egress be upgraded?", text)}
    assert terms["ipv6"] == ("IPV6",)
    coverage = english_terms("Will the IPv6 egress be upgraded?", text)
    assert term_coverage(coverage, "升级IPV6骨干链路带宽", lambda w: 2.0) > \
        term_coverage(coverage, "完成展馆工程量的20%", lambda w: 2.0)
    named = compact("甲协定实施方案：推进RCEP原产地证书签发。")  # a plan whose title names RCEP
    assert "rcep" in {t.word for t in english_terms("Are RCEP certificates issued?", named)}
    assert "rcep" not in {t.word for t in english_terms("Are RCEP certificates issued?", named, plan_names={"rcep"})}
    mail = {t.word: t.plan_words for t in english_terms("Is the mail system built?", text)}
    assert "Email" not in mail.get("mail", ()) and "mail" not in str(mail.get("mail", ()))  # not inside Email



def test_a_figure_asked_each_year_is_kept_beside_a_total_closer_in_meaning():
    """"How many … each year": the real model may rank the period's total (面向3000名…) above the clause writing
    每年; that clause is kept when it holds every word of the question the total's clause holds. A 每年 clause of
    another measure is not, and where the top clause writes 每年 itself nothing is added."""
    from types import SimpleNamespace

    from assistant.composers.figures import _figure_at_rate_asked
    from assistant.records import Hit, Passage
    from assistant.spans import Span

    def span(text: str, coverage: float) -> Span:
        p = Passage(text[:4], "plan", ("一、目标",), text, 0, len(text), 1, 1)
        return Span(p, 0, len(text), coverage, Hit(p, coverage))

    question = "How many ferry crew will be trained each year?"
    total = span("到2025年累计培训渡轮船员3000名", 0.6)
    yearly = span("每年组织培训渡轮船员1000名", 0.3)
    other = span("每年新建码头2座", 0.3)
    plan_text = total.text + yearly.text + other.text
    c = SimpleNamespace(q=SimpleNamespace(english_terms=english_terms(question, plan_text)),
                        look=SimpleNamespace(idf=lambda w: 1.0))
    assert _figure_at_rate_asked(c, [total, yearly, other], total) == [yearly]
    assert _figure_at_rate_asked(c, [total, yearly, other], yearly) == []  # the top writes 每年: nothing to add
    c.q.english_terms = english_terms("How many ferry crew will be trained?", plan_text)
    assert _figure_at_rate_asked(c, [total, yearly, other], total) == []  # no rate asked


def test_an_administrative_level_is_read_as_plans_write_it():
    """"provincial": CC-CEDICT glosses 省会 and 省城 so, never 省级 or 全省, which plans write for it."""
    text = compact("全省遴选渡轮示范码头5个，省级财政给予奖补。")
    words = {t.word: t.plan_words for t in english_terms("How many provincial ferry demonstration piers?", text)}
    assert set(words["provincial"]) == {"全省", "省级"}


def test_a_name_spelled_in_pinyin_is_read_as_the_plans_characters():
    """"Meixi" is no English word: syllable by syllable (mei xi) it spells 梅溪, which the plan writes. One syllable
    spells too many English words (a "man" is no 满) to be read so."""
    text = compact("梅溪码头新增泊位5个，满载率提高到80%。")
    words = {t.word: t.plan_words for t in english_terms("How many berths will the Meixi wharf add, man?", text)}
    assert words["meixi"] == ("梅溪",)
    assert "man" not in words or "满" not in words["man"]


def test_a_place_in_the_plans_title_spelled_in_pinyin_names_the_plan_not_a_topic():
    """"Meixi" where the title is 梅溪县渡运方案: the plan's own place, which passages about one measure do not hold
    more than others."""
    text = compact("梅溪县渡运方案 新增泊位5个，梅溪码头年吞吐量20万吨。")
    terms = english_terms("How many berths will Meixi add?", text, titles=[compact("梅溪县渡运方案")])
    assert all("梅溪" not in t.plan_words for t in terms)


def test_a_noun_in_ation_is_read_as_its_verb_in_ate_too():
    """evaluation -> evaluate -> 评价: CC-CEDICT glosses the noun with other words (考评, 评估) than the verb."""
    words = {t.word: t.plan_words for t in english_terms("What evaluation system for ferries?",
                                                         compact("深化渡运评价体系。"))}
    assert "评价" in words["evaluation"]


def test_a_noun_in_tion_is_read_as_its_verb_too():
    """construction -> construct -> 建设, reduction -> reduce -> 减少: CC-CEDICT glosses these nouns with other words
    (施工, 降噪) than the verbs the plans write."""
    text = compact("加快渡运码头建设，渡轮排放减少10%。")
    words = {t.word: t.plan_words for t in english_terms("What about pier construction and emission reduction?", text)}
    assert "建设" in words["construction"] and "减少" in words["reduction"]


def test_a_word_in_al_is_read_as_the_word_it_is_made_from_too_and_etc_frames_the_question():
    """renewal -> renew -> 更新, national -> nation -> 国家: CC-CEDICT glosses these with other words (日新月异, 全国)
    than the word they are made from. "etc" closes a list; its glosses name nothing the question asks."""
    text = "推进国家级渡口设施更新改造，推动码头、航道等提升。"
    words = {t.word: t.plan_words for t in english_terms("What about national ferry pier renewal, docks etc?", text)}
    assert "更新" in words["renewal"] and "国家" in words["national"] and "etc" not in words, words
