"""Adding and removing documents from the page (文档管理), safely.

Off unless PLAN_ASSISTANT_UPLOADS=1, and, when the app listens beyond loopback, only with logins
configured (PLAN_ASSISTANT_USERS). An upload is checked before anything lands in the corpus:
- its name is reduced to a plain file name (no folders, no `..`, no control or reserved
  characters) with one of the accepted extensions;
- its size is read from the file system before any byte is read (PLAN_ASSISTANT_UPLOAD_MAX_MB,
  default 20);
- its content must match its extension (PDF header, a Word or Excel package, text without NUL
  bytes), so an .exe renamed .pdf is refused;
- it must load: a plan is read as the index would read it, a table must have a 牵头/责任 column.
It is copied (streamed) into a staging folder inside the corpus, checked there, and linked into
place only if no file of that name exists; nothing is written outside the corpus folder.
"""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .documents import SIDECAR_SUFFIX, DocumentError, decode_bytes, load_document

ENV = "PLAN_ASSISTANT_UPLOADS"
MAX_MB_ENV = "PLAN_ASSISTANT_UPLOAD_MAX_MB"
DEFAULT_MAX_MB = 20
PLAN_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
TABLE_SUFFIXES = (".csv", ".xlsx")
ACCEPTED = PLAN_SUFFIXES + TABLE_SUFFIXES
STAGING = ".uploading"  # hidden: the corpus reader skips it
LOOPBACK = ("127.0.0.1", "localhost", "::1")
HOST_VARIABLES = ("PLAN_ASSISTANT_HOST", "GRADIO_SERVER_NAME")  # as app.server_address reads them
_PACKAGE_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_BINARY_MAGIC = (b"MZ", b"\x7fELF", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\xca\xfe\xba\xbe")
_RESERVED = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]')
MAX_NAME = 120


class UploadError(ValueError):
    """A refused upload or removal; the message is shown to the user as is."""


def max_bytes() -> int:
    try:
        mb = float(os.environ.get(MAX_MB_ENV) or DEFAULT_MAX_MB)
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def uploads_allowed(host: str | None = None, auth: object = None) -> tuple[bool, str]:
    """(allowed, why not). `host` defaults to where the app listens (PLAN_ASSISTANT_HOST, else
    GRADIO_SERVER_NAME, else loopback), `auth` to PLAN_ASSISTANT_USERS: beyond loopback, uploads
    need logins."""
    if os.environ.get(ENV, "").strip() != "1":
        return False, f"上传未开启（设置 {ENV}=1）"
    host = host or next((v for v in (os.environ.get(k, "").strip() for k in HOST_VARIABLES) if v), LOOPBACK[0])
    auth = auth if auth is not None else os.environ.get("PLAN_ASSISTANT_USERS", "").strip()
    if host not in LOOPBACK and not auth:
        return False, f"对 {host} 开放时须先设置登录（PLAN_ASSISTANT_USERS）才能上传"
    return True, ""


def safe_name(name: str) -> str:
    """A plain file name for the corpus, or UploadError: the last path component only, NFKC,
    no control or reserved characters, no leading dots, an accepted extension."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", str(name or "")))[-1]
    base = _RESERVED.sub("", base)
    base = re.sub(r"\s+", " ", base).strip().lstrip(".").strip()
    stem, dot, suffix = base.rpartition(".")
    suffix = "." + suffix.lower() if dot else ""
    if not stem.strip(" ."):
        raise UploadError("文件名无效")
    if suffix not in ACCEPTED:
        raise UploadError(f"不支持的文件类型「{suffix or '无扩展名'}」，可上传：{'、'.join(ACCEPTED)}")
    stem = stem.strip()[: MAX_NAME - len(suffix)].rstrip(" .")
    if stem.upper().startswith("README") or (stem + suffix).lower().endswith(SIDECAR_SUFFIX):
        raise UploadError("这个文件名留给说明文件，请改名后再上传")
    return stem + suffix


def _check_content(path: Path, suffix: str, limit: int) -> None:
    """Size from the file system first (nothing read when too big), then the content's form."""
    size = path.stat().st_size
    if size == 0:
        raise UploadError("文件是空的")
    if size > limit:
        raise UploadError(f"文件太大（{size / 1048576:.1f} MB），上限 {limit / 1048576:.0f} MB")
    with open(path, "rb") as f:
        head = f.read(65536)
    if suffix == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise UploadError("内容不是 PDF（文件头不符），请确认文件类型")
    elif suffix in _PACKAGE_PART:
        kind = "Word (.docx)" if suffix == ".docx" else "Excel (.xlsx)"
        if not head.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(path):
            raise UploadError(f"内容不是 {kind} 文件，请确认文件类型")
        try:
            with zipfile.ZipFile(path) as z:
                infos = z.infolist()
        except zipfile.BadZipFile as exc:
            raise UploadError(f"{kind} 文件已损坏（{exc}）") from None
        if _PACKAGE_PART[suffix] not in {i.filename for i in infos}:
            raise UploadError(f"内容不是 {kind} 文件（缺少 {_PACKAGE_PART[suffix]}）")
        if sum(i.file_size for i in infos) > 20 * limit:
            raise UploadError(f"{kind} 文件解压后过大，已拒收")
    else:  # .txt .md .csv
        if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
            raise UploadError("内容不是文本（含二进制数据），请确认文件类型")
        try:
            decode_bytes(path.read_bytes(), path)
        except DocumentError as exc:
            raise UploadError(f"文本无法读取：{exc.reason}") from None


def _check_loads(staged: Path, suffix: str) -> None:
    if suffix in PLAN_SUFFIXES:
        try:
            load_document(staged, problems=[])
        except DocumentError as exc:
            raise UploadError(f"文件无法读取：{getattr(exc, 'reason', exc)}") from None
        except Exception as exc:  # a malformed package the reader trips over
            raise UploadError(f"文件无法读取：{exc}") from None
        return
    from .owners import ResponsibilityTable

    table, warnings = ResponsibilityTable.load(staged.parent)
    if warnings:
        raise UploadError(warnings[0].split(": ", 1)[-1])
    if not table.rows:
        raise UploadError("表中没有找到带「任务/措施」和「牵头单位/责任单位」列的表头")


def add_upload(src: Path, original_name: str, corpus_dir: Path, limit: int | None = None) -> Path:
    """Check `src` and put it into `corpus_dir` as the sanitised `original_name`; returns the new
    file. Raises UploadError (nothing changed in the corpus) when the file is refused."""
    corpus = Path(corpus_dir).resolve()
    name = safe_name(original_name)
    suffix = Path(name).suffix
    dest = corpus / name
    if dest.parent != corpus:
        raise UploadError("文件名无效")
    if dest.exists():
        raise UploadError(f"已有同名文件「{name}」，请先删除它或改名后再上传")
    if suffix in PLAN_SUFFIXES:
        same_id = [p.name for p in corpus.iterdir() if p.stem == dest.stem and p.suffix.lower() in PLAN_SUFFIXES]
        if same_id:
            raise UploadError(f"已有同名文档「{same_id[0]}」（文档按文件名区分），请改名后再上传")
    _check_content(Path(src), suffix, max_bytes() if limit is None else limit)
    stage = corpus / STAGING / uuid.uuid4().hex
    stage.mkdir(parents=True)
    try:
        staged = stage / ("upload" + suffix)
        shutil.copyfile(src, staged)  # streamed, never whole in memory
        _check_loads(staged, suffix)
        try:
            os.link(staged, dest)  # fails if the name was taken meanwhile: never overwrites
        except FileExistsError:
            raise UploadError(f"已有同名文件「{name}」，请先删除它或改名后再上传") from None
        except OSError:  # no hard links on this file system: an exclusive create instead
            with open(dest, "xb") as out, open(staged, "rb") as f:
                shutil.copyfileobj(f, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        try:
            (corpus / STAGING).rmdir()
        except OSError:
            pass
    return dest


@dataclass
class ServedFile:
    name: str
    kind: str  # "计划" | "责任表"
    size: int


def corpus_listing(corpus_dir: Path) -> list[ServedFile]:
    """The documents and tables in the corpus folder (what the index reads), by name."""
    out = []
    for p in sorted(Path(corpus_dir).iterdir(), key=lambda p: p.name):
        if (p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() in ACCEPTED
                and not p.name.upper().startswith("README")):
            out.append(ServedFile(p.name, "计划" if p.suffix.lower() in PLAN_SUFFIXES else "责任表", p.stat().st_size))
    return out


def remove_document(corpus_dir: Path, name: str) -> None:
    """Delete one listed document (and its metadata sidecar). The last plan cannot be removed:
    the assistant would have nothing to answer from."""
    listing = {f.name: f for f in corpus_listing(corpus_dir)}
    if name not in listing:
        raise UploadError(f"没有这个文档：{name}")
    if listing[name].kind == "计划" and sum(f.kind == "计划" for f in listing.values()) == 1:
        raise UploadError("这是最后一份计划，不能删除（删除后将无内容可答）")
    corpus = Path(corpus_dir).resolve()
    (corpus / name).unlink()
    (corpus / (name + SIDECAR_SUFFIX)).unlink(missing_ok=True)
