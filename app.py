"""Serve the plan assistant: `python app.py` builds or refreshes the index, then serves the web UI.

Safe by default: loopback only (PLAN_ASSISTANT_HOST, or Gradio's GRADIO_SERVER_NAME, to change),
no share link, no analytics, no extra file access. Optional login:
PLAN_ASSISTANT_USERS="user1:pass1,user2:pass2". Other settings: PLAN_ASSISTANT_PORT (or
GRADIO_SERVER_PORT; 7860), PLAN_ASSISTANT_MODEL (embedding model, see assistant/embedding.py);
--corpus / --index choose the folders. The project's variables win over Gradio's.
"""
from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported anywhere

import argparse
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import gradio as gr

from assistant import crosslingual, spelling
from assistant.pipeline import DEFAULT_CORPUS, DEFAULT_INDEX, Assistant
from assistant.ui import build_ui
from assistant.uploads import max_bytes

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# Answering is CPU-bound Python (GIL) on a 2-core machine: more workers add no throughput, but a few
# let a quick event (a table filter, the outline) run while an answer is computed. A bounded queue
# turns overload into a prompt "busy" message instead of ever-growing waits.
CONCURRENCY = 4
QUEUE_SIZE = 64


def users_from_env(value: str | None = None) -> list[tuple[str, str]] | None:
    """PLAN_ASSISTANT_USERS="user1:pass1,user2:pass2" -> [(user1, pass1), …]; None when unset."""
    value = os.environ.get("PLAN_ASSISTANT_USERS", "") if value is None else value
    users = []
    for item in filter(None, (x.strip() for x in value.split(","))):
        name, sep, password = item.partition(":")
        if not (sep and name.strip() and password):
            raise ValueError("PLAN_ASSISTANT_USERS must look like user1:pass1,user2:pass2")
        users.append((name.strip(), password))
    return users or None


def create_app(corpus_dir: Path = DEFAULT_CORPUS, index_dir: Path = DEFAULT_INDEX, embedder=None,
               progress: bool = False) -> tuple[Assistant, gr.Blocks]:
    """Open (building if needed) the index and build the page, with the queue configured."""
    assistant = Assistant(corpus_dir, index_dir, embedder=embedder, progress=progress)
    demo = build_ui(assistant)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    return assistant, demo


# Where to listen: the project's variable first, then the one Gradio itself reads (so a platform
# that sets GRADIO_SERVER_NAME/PORT is obeyed), then the default.
HOST_VARIABLES = ("PLAN_ASSISTANT_HOST", "GRADIO_SERVER_NAME")
PORT_VARIABLES = ("PLAN_ASSISTANT_PORT", "GRADIO_SERVER_PORT")


def server_address(env: Mapping[str, str] | None = None) -> tuple[str, int]:
    """(host, port) from the environment; an empty variable counts as unset. A port that is not
    a number from 1 to 65535 is a ValueError naming its variable."""
    env = os.environ if env is None else env
    host = next((v for v in (env.get(k, "").strip() for k in HOST_VARIABLES) if v), DEFAULT_HOST)
    for name in PORT_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            if not (value.isdigit() and 1 <= int(value) <= 65535):
                raise ValueError(f"{name} must be a port number from 1 to 65535, not {value!r}")
            return host, int(value)
    return host, DEFAULT_PORT


def launch_options(host: str | None = None, port: int | None = None) -> dict:
    """The launch() settings `main` uses; tests reuse them with a free port."""
    env_host, env_port = server_address()
    return dict(
        server_name=host or env_host,
        server_port=port or env_port,
        share=False,
        auth=users_from_env(),
        auth_message="请登录后使用工作计划问答。",
        ssr_mode=False,  # no Node server: one Python process, fully offline
        mcp_server=False,
        show_error=False,  # errors are logged on the server, not shown with tracebacks
        footer_links=["api"],  # the API page documents /ask for gradio_client users
        # Gradio stores an upload in its temp folder before any handler sees it: refuse large ones
        # there already (uploads.max_bytes, PLAN_ASSISTANT_UPLOAD_MAX_MB), not only when checked.
        max_file_size=max_bytes(),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="工作计划问答：网页界面")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of plan documents")
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="folder for the built index")
    args = parser.parse_args(argv)
    try:
        options = launch_options()
    except ValueError as exc:
        sys.exit(f"error: {exc}")

    start = time.perf_counter()
    print("[1/3] 载入向量模型 …（首次运行会转换模型，约数秒）", flush=True)
    from assistant.embedding import load_embedder

    embedder = load_embedder()
    print(f"      模型：{embedder.model_id}", flush=True)
    print(f"[2/3] 检查索引（{args.index}），语料有变化时重建 …", flush=True)
    assistant, demo = create_app(args.corpus, args.index, embedder, progress=True)
    m = assistant.index.manifest
    print(f"      索引就绪：{len(assistant.index.docs)} 份文档，{m.get('passage_count')} 段，"
          f"建于 {m.get('built_at')}（用时 {time.perf_counter() - start:.1f} 秒）", flush=True)
    for w in assistant.warnings:
        print(f"      警告：{w}", flush=True)
    host, port = options["server_name"], options["server_port"]
    if host not in ("127.0.0.1", "localhost", "::1") and not options["auth"]:
        print(f"      注意：对 {host} 开放且未设置登录（PLAN_ASSISTANT_USERS）。", flush=True)
    print(f"[3/3] 服务地址：http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}", flush=True)
    # the English-Chinese dictionary (about 2 s) and the characters' readings (0.2 s) load while the page opens,
    # not at the first question
    threading.Thread(target=crosslingual.preload, daemon=True).start()
    threading.Thread(target=spelling.preload, daemon=True).start()
    demo.launch(**options)


if __name__ == "__main__":
    main()
