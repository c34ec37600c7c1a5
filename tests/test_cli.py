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

    def invoke(*args: str, input: str | None = None):
        result = CliRunner().invoke(cli, ["--corpus", str(CORPUS), "--index", str(index), "--model", "hashing", *args],
                                    input=input, catch_exceptions=False)
        return result

    return invoke


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


def test_ask_batch_from_stdin_one_json_per_line(run):
    out = run("ask", "--batch", "-", input="城市更新的目标是什么？\n\n永康今年GDP增速目标是多少？\n").output
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["found"] for a in answers] == [True, False]


def test_ask_with_history_and_bad_history(run):
    ok = run("ask", "那教育方面呢？", "--history", json.dumps(["城市更新的目标是什么？"]), "--json")
    assert json.loads(ok.output)["intent"] == "target"
    bad = run("ask", "那教育方面呢？", "--history", "not json")
    assert bad.exit_code != 0 and "--history" in bad.output


def test_search_json_and_index_status(run):
    hits = json.loads(run("search", "“专项债券”", "--k", "3", "--json").output)
    assert "发行专项债券" in hits[0]["text"] and hits[0]["line_first"] <= hits[0]["line_last"]
    assert "index ready" in run("index").output
