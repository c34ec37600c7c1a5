"""The 任务分解表 tab: rows from owners.task_rows, filtered by unit and section, CSV and XLSX."""
from __future__ import annotations

import csv

import pytest

from assistant import render
from assistant.owners import TASK_HEADERS

TASK_PLAN = """# 某县2024年重点工作任务

一、教育提升

1. 新建中小学校3所，新增学位2000个。（牵头单位：县教育局；配合单位：县财政局、县自然资源局；完成时限：2024年12月底）

2. 推进教师队伍建设，招聘教师100名。（牵头单位：县教育局；完成时限：2024年9月底）

二、交通建设

3. 改造农村公路50公里。（牵头单位：县交通运输局；配合单位：县财政局；完成时限：2024年11月底）

4. 完善公交线路布局。
"""


@pytest.fixture(scope="module")
def task_corpus(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("tasks") / "corpus"
    corpus.mkdir()
    (corpus / "county-2024.md").write_text(TASK_PLAN, encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def rows(task_corpus, tmp_path_factory, fake_embedder):
    from assistant.pipeline import Assistant

    assistant = Assistant(task_corpus, tmp_path_factory.mktemp("index"), embedder=fake_embedder, progress=False)
    return render.index_task_rows(assistant.index)


def owned(rows):
    return [r for r in rows if r.lead]


def test_units_and_sections_come_from_the_plan(rows):
    assert render.task_units(rows)[:2] == ["县教育局", "县财政局"]  # most often named first
    assert set(render.task_units(rows)) == {"县教育局", "县财政局", "县交通运输局", "县自然资源局"}
    assert render.task_sections(rows) == ["一、教育提升", "二、交通建设"]


def test_filter_by_unit_and_by_section(rows):
    finance = owned(render.filter_tasks(rows, "县财政局"))
    assert [r.lead for r in finance] == [["县教育局"], ["县交通运输局"]]  # a partner counts too
    roads = render.filter_tasks(rows, render.ALL_UNITS, "二、交通建设")
    assert roads and all(r.section.startswith("二、交通建设") for r in roads)
    assert any(r.lead == ["县交通运输局"] for r in roads)
    both = render.filter_tasks(rows, "县教育局", "二、交通建设")
    assert both == []
    assert render.filter_tasks(rows, render.ALL_UNITS, render.ALL_SECTIONS) == rows


def test_table_html_has_the_columns_and_escapes(rows):
    out = render.tasks_html(owned(rows))
    assert out.count('<details class="tk-row">') == 3
    for h in TASK_HEADERS[:6]:
        assert f"<span>{h}</span>" in out
    assert '<span class="tk-lead">县交通运输局</span>' in out and '<span class="tk-due">2024年11月底</span>' in out
    evil = owned(rows)[0]
    evil = type(evil)(**{**evil.__dict__, "task": "<img src=x onerror=alert(1)>"})
    assert "<img" not in render.tasks_html([evil])
    assert "没有符合条件" in render.tasks_html([])


def test_csv_and_xlsx_downloads_hold_the_filtered_rows(rows, tmp_path):
    import openpyxl

    chosen = render.filter_tasks(rows, "县财政局")
    csv_path, xlsx_path = render.write_task_files(chosen, tmp_path)
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == list(TASK_HEADERS) and len(table) == len(chosen) + 1
    assert table[1][3] == "县教育局" and "县财政局" in table[1][4]
    sheet = openpyxl.load_workbook(xlsx_path).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert list(values[0]) == list(TASK_HEADERS) and len(values) == len(chosen) + 1
    assert render.write_task_files(chosen, tmp_path) == (csv_path, xlsx_path)  # same rows, same files



def test_task_files_written_by_two_sessions_at_once(rows, tmp_path, monkeypatch):
    """The page's filters fire several updates at once. Two writers of the same table, both past
    the exists check and both done writing before either renames, must each end with whole files
    (a shared temporary name made the second rename fail: its file was already moved)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import openpyxl

    both_written = threading.Barrier(2, timeout=10)
    original = render.write_task_table

    def write_then_wait(rows_, dest, fmt="csv"):
        original(rows_, dest, fmt)
        both_written.wait()

    monkeypatch.setattr(render, "write_task_table", write_then_wait)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: render.write_task_files(rows, tmp_path), range(2)))
    assert results[0] == results[1]
    csv_path, xlsx_path = results[0]
    assert len(openpyxl.load_workbook(xlsx_path).active["A"]) == len(rows) + 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([csv_path.name, xlsx_path.name])
