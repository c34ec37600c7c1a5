"""Query normalisation and the lexical tokenizer: the way staff type vs the way the plan is written."""
from __future__ import annotations

import pytest

from assistant.lexical import Tokenizer
from assistant.query import MAX_QUESTION_CHARS, normalise


def test_traditional_fullwidth_and_numerals():
    q = normalise("高新技術產業增加值占比要達到多少？")
    assert q.traditional and q.text == "高新技术产业增加值占比要达到多少"
    assert normalise("２０２４年城市更新").text == "2024年城市更新" and normalise("２０２４年城市更新").years == [2024]
    assert normalise("五十亿以上的项目").text.startswith("50亿")
    assert normalise("十个亿以上企业").text.startswith("10亿")
    assert "八个提速" in normalise("八个提速是哪些").text  # a lone numeral in a name stays
    # 百亿, 千亿, 百万 are magnitudes as staff say them (百亿级项目); 千万 stays (a name, or "by all means")
    assert normalise("百亿级项目落地几个").text.startswith("100亿级") and normalise("千亿级集群").text.startswith("1000亿")
    assert normalise("百万人口城市").text.startswith("100万人口")
    assert normalise("千万工程推进到哪了").text.startswith("千万工程") and normalise("百姓关心的事").text.startswith("百姓")


def test_spaces_punctuation_phrases_language_and_length():
    assert normalise("  发 行 专 项 债 券 ？？ ").text == "发行专项债券"
    q = normalise("“一件事一次办”推出几个")
    assert q.phrases == ["一件事一次办"] and q.text.startswith("“一件事一次办”")
    assert normalise("How many villages?").language == "en"
    assert normalise("Which department builds the “金蓝领” apartments?").language == "en"
    long = normalise("城" * (MAX_QUESTION_CHARS + 10))
    assert long.truncated and len(long.text) == MAX_QUESTION_CHARS
    assert normalise("a\x00b\x07c城市").text == "abc城市"


def test_spoken_times_are_written_as_plans_write_them():
    """回 closing a question counts times (多久查一回): plans write 次; inside a word (回收, 回乡) it stays."""
    assert normalise("河道多久巡查一回").text == "河道多久巡查一次"
    assert normalise("一年搞几回？").text == "一年搞几次"
    assert normalise("回收多少吨").text == "回收多少吨" and normalise("回乡创业几回了吗").text == "回乡创业几回了吗"


def test_tokenizer_keeps_chinese_and_corpus_terms():
    tk = Tokenizer(["一件事一次办"])
    tokens = tk.tokens("推出“一件事一次办”事项")
    assert "一件事一次办" in tokens
    assert all(any(ch in t for t in tokens) for ch in "推出事项")  # no Chinese character dropped
    assert "整只" in Tokenizer().tokens("低效工业用地整只任务")  # bigrams survive odd segmentation


def test_a_code_of_letters_and_digits_is_one_token():
    """5G, 3A, B2B are codes: one token each, so a question on 4G shares no stray letter G with a plan on 5G."""
    tk = Tokenizer()
    assert {"4g", "3a", "b2b"} <= set(tk.words("农村4G覆盖，3A级企业，B2B平台"))
    assert "g" not in tk.tokens("新建5G基站") and "5g" in tk.tokens("新建5G基站")
    assert "2025" in tk.words("到2025年") and "80%" in tk.tokens("达到80%以上")  # numbers stay numbers


@pytest.mark.parametrize("typed, written", [
    ("到35年农村要达到什么样", "到2035年农村要达到什么样"),
    ("24年投资多少", "2024年投资多少"),
    ("截至27年底完成几个", "截至2027年底完成几个"),
    ("达到10年以上的有几个", "达到10年以上的有几个"),  # a duration, not a year
    ("到5年内完成", "到5年内完成"),
])
def test_a_year_typed_short_is_written_out(typed, written):
    assert normalise(typed).text == written


def test_a_quoted_template_with_an_ellipsis_matches_the_plans_sentence():
    """“以……为基础、以……为重点”: the pieces in order, words between within one sentence, the marks between clauses
    aside (the plan writes ，where the question types 、); a phrase without an ellipsis is matched exactly."""
    from assistant.query import holds_phrase

    phrase = normalise("“以……为基础、以……为重点”那句原文").phrases[0]
    assert holds_phrase(phrase, "以渡口建设为基础，以航线优化为重点，以安全监管为保障。")
    assert not holds_phrase(phrase, "以渡口建设为基础。航线优化为重点。")  # not across sentences, nor without 以
    assert not holds_phrase(phrase, "以人民为中心，全面推进渡运事业。")
    assert holds_phrase("航线优化", "以航线优化为重点") and not holds_phrase("航线 优化 调整", "以航线优化为重点")
