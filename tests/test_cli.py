"""The command line, driven in-process with click's CliRunner and the fake embedder."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli

from .conftest import CORPUS


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    index = tmp_path_factory.mktemp("cli-index")

    def invoke(*args: str, input: str | bytes | None = None):
        result = CliRunner().invoke(cli, ["--corpus", str(CORPUS), "--index", str(index), "--model", "hashing", *args],
                                    input=input, catch_exceptions=False)
        return result

    return invoke


@pytest.fixture
def two_corpora(tmp_path):
    """The project's corpus and a one-plan corpus with a different file, told apart by `outline`."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "tiny-plan.txt").write_text("示范工作计划\n\n一、总体要求\n坚持稳中求进，全年完成投资10亿元。\n"
                                         "二、保障措施\n加强组织领导，压实工作责任。\n", encoding="utf-8")
    return CORPUS, other


def _invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def test_corpus_option_before_or_after_the_command_and_after_wins(two_corpora):
    plan, other = two_corpora
    seen = {
        "before": _invoke("--corpus", other, "outline").output,
        "after": _invoke("outline", "--corpus", other).output,
        "both, after wins": _invoke("--corpus", plan, "outline", "--corpus", other).output,
        "both, after wins (reversed)": _invoke("--corpus", other, "outline", "--corpus", plan).output,
    }
    for case, out in seen.items():
        expect_tiny = case != "both, after wins (reversed)"
        assert ("tiny-plan" in out) == expect_tiny and ("yongkang" in out) != expect_tiny, case


def test_index_and_model_before_or_after_every_command(two_corpora, tmp_path):
    from assistant.embedding import HashingEmbedder, register_embedder

    register_embedder("hashing-32", lambda: HashingEmbedder(32))
    _, other = two_corpora
    first, second = tmp_path / "index-a", tmp_path / "index-b"
    out = _invoke("--corpus", other, "--index", first, "--model", "hashing-32",
                  "index", "--index", second, "--model", "hashing").output
    assert "model hashing-ngram-64" in out  # the command's --model won
    assert (second / "CURRENT").is_file() and not first.exists()  # and its --index
    out = _invoke("--model", "hashing", "--index", second, "index", "--corpus", other, "--model", "hashing-32").output
    assert "model hashing-ngram-32" in out
    answer = _invoke("ask", "--corpus", other, "--index", second, "--model", "hashing-32", "全年完成投资多少？",
                     "--json").output
    assert "10亿元" in json.loads(answer)["answer"]


def test_model_environment_variable_yields_to_either_option(two_corpora, tmp_path):
    from assistant.embedding import HashingEmbedder, register_embedder

    register_embedder("hashing-32", lambda: HashingEmbedder(32))
    _, other = two_corpora
    env = {"PLAN_ASSISTANT_MODEL": "hashing-32"}
    base = ("--corpus", other, "--index", tmp_path / "index")
    assert "hashing-ngram-32" in _invoke(*base, "index", env=env).output
    assert "hashing-ngram-64" in _invoke(*base, "index", "--model", "hashing", env=env).output
    assert "hashing-ngram-64" in _invoke(*base, "--model", "hashing", "index", env=env).output


def test_outline_prints_tree_with_counts(run):
    out = run("outline").output
    assert "  城市能级提升  (" in out and "    加快城乡面貌提质  (6 段" in out
    assert out.index("作风效能改革") < out.index("政治生态")


def test_targets_table_and_csv(run):
    assert "130亿元" in run("targets").output
    rows = list(csv.DictReader(io.StringIO(run("targets", "--csv").output)))
    row = next(r for r in rows if r["number"] == "18000")
    assert row["section"] == "科技教育人才 › 推进教育事业" and "以上" in row["qualifier"]


def test_ask_json_contract(run):
    result = run("ask", "城市更新的目标是什么？", "--json")
    assert result.exit_code == 0
    answer = json.loads(result.output)
    assert {"question", "intent", "found", "answer", "citations", "owners"} <= set(answer)
    c = answer["citations"][0]
    assert {"n", "doc", "section", "lines", "text", "quote", "score"} <= set(c)
    assert c["quote"] in c["text"] and len(c["lines"]) == 2


def _batch(run, data: bytes) -> list[dict]:
    result = run("ask", "--batch", "-", input=data)
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert lines[-1] == ""  # every answer line ends with a newline, and nothing follows
    assert result.stdout.splitlines() == lines[:-1]  # no U+2028, U+0085 … left raw for a line reader to split on
    return [json.loads(line) for line in lines[:-1]]


def test_ask_batch_gives_one_json_line_per_input_line_in_order(run):
    lines = [
        "城市更新的目标是什么？".encode(),                         # 1 answered
        b"",                                                      # 2 blank
        "永康今年GDP增速目标是多少？".encode(),                    # 3 not in the plan
        b"   \t  ",                                               # 4 only white space
        "<script>alert(1)</script><img src=x onerror=alert(2)>".encode(),  # 5 hostile markup
        ("城" * 10_000).encode(),                                  # 6 10k characters
        "城市\x01更新\x1b的\x0b目标\x1c是\u2028什么\x85？".encode(),  # 7 control chars and Unicode line breaks
        b"\xff\xfe\xc3(broken \x80 utf-8",                       # 8 invalid UTF-8
        "城市更新的目标是什么？\r".encode(),                       # 9 a CRLF line
        "城市更新的目标是什么？".encode(),                         # 10 last line, no final newline
    ]
    answers = _batch(run, b"\n".join(lines))
    assert len(answers) == len(lines)
    for answer in answers:
        assert {"question", "status", "found", "answer", "citations"} <= set(answer) and answer["answer"].strip()
        assert answer["found"] == (answer["status"] == "answered")
    assert [answers[i]["status"] for i in (0, 8, 9)] == ["answered"] * 3
    assert all(answers[i]["question"] == "城市更新的目标是什么？" for i in (0, 8, 9))
    for i, why in ((1, "空行"), (3, "空行"), (7, "UTF-8")):
        assert answers[i]["status"] == "not_found" and f"第 {i + 1} 行" in answers[i]["answer"]
        assert why in answers[i]["answer"]
    assert answers[2]["status"] != "answered" and not answers[2]["citations"]
    assert answers[4]["status"] != "answered" and "<script>" not in answers[4]["answer"]
    assert answers[5]["notice"]  # the 10k line was cut, and the user is told
    assert answers[6]["question"].startswith("城市\x01更新")  # unchanged, and it kept its one line
    assert "\ufffd" in answers[7]["question"]  # the bytes that could not be read are shown as such


def test_ask_batch_from_a_file_and_an_empty_input(run, tmp_path):
    path = tmp_path / "questions.txt"
    path.write_bytes("城市更新的目标是什么？\n\n".encode())
    result = run("ask", "--batch", str(path))
    assert [json.loads(line)["status"] for line in result.stdout.splitlines()] == ["answered", "not_found"]
    assert _batch(run, b"") == []


def test_ask_with_history_and_bad_history(run):
    ok = run("ask", "那教育方面呢？", "--history", json.dumps(["城市更新的目标是什么？"]), "--json")
    assert json.loads(ok.output)["intent"] == "target"
    bad = run("ask", "那教育方面呢？", "--history", "not json")
    assert bad.exit_code != 0 and "--history" in bad.output


def test_search_json_and_index_status(run):
    hits = json.loads(run("search", "“专项债券”", "--k", "3", "--json").output)
    assert "发行专项债券" in hits[0]["text"] and hits[0]["line_first"] <= hits[0]["line_last"]
    assert "index ready" in run("index").output


def test_a_command_with_its_own_option_of_that_name_keeps_it():
    import click

    from assistant.cli import PlanGroup

    @click.group(cls=PlanGroup)
    def group() -> None:
        pass

    @group.command()
    @click.option("--index", is_flag=True)
    @click.pass_context
    def show(ctx: click.Context, index: bool) -> None:
        click.echo(f"flag={index} obj={ctx.obj}")

    assert [o.opts for o in show.params] == [["--index"], ["--corpus"], ["--model"]]
    out = CliRunner().invoke(group, ["show", "--index", "--corpus", "d"], catch_exceptions=False).output
    assert out == "flag=True obj={'corpus': PosixPath('d')}\n"
