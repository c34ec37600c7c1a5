"""Stage 1: read plan documents from disk into `SourceDocument`s.

Text is kept raw (a later stage strips PDF artifacts and needs the layout), and
`lines[i]` is line i+1 of the file, so line numbers in citations point back to it.
Files come from staff, so every failure names the file and says why, and one bad
file never stops the rest of the corpus from loading.
"""
from __future__ import annotations

import codecs
import io
import json
import warnings
from pathlib import Path

from .records import SourceDocument

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")
TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".xlsx")  # responsibility tables: read by another stage
SIDECAR_SUFFIX = ".meta.json"
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "euc-cn", "ms936"}
_HINTS = {
    ".doc": "save it as .docx",
    ".wps": "save it as .docx",
    ".rtf": "save it as .docx",
    ".xls": "responsibility tables must be .xlsx or .csv",
}


class DocumentError(Exception):
    """A file that cannot be loaded; the message names the file so staff can fix it."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name or self.path}: {reason}")


class MetadataError(DocumentError):
    """A malformed `<file>.meta.json` sidecar (the document itself still loads)."""


class MetadataWarning(UserWarning):
    """Emitted by `load_document` when the sidecar is unusable and metadata is dropped."""


# ---------------------------------------------------------------- decoding

def split_lines(text: str) -> list[str]:
    """Split on CRLF/CR/LF only (not str.splitlines, which also breaks on \\x0c,
    \\x85, U+2028 ...), so numbering matches what an editor shows."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final line end does not start another line
    return lines


def _is_punct(ch: str) -> bool:
    return ch in "·×÷°±§¨€" or "\u2000" <= ch <= "\u206f" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def _is_common_hanzi(ch: str) -> bool:
    """GB2312 levels 1-2: the hanzi of ordinary simplified Chinese."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xF7


def _is_hanzi(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003ffff"


def _looks_chinese_gb(text: str, strict: bool = True) -> bool:
    """Does a gb18030 reading look like Chinese? `strict` counts only GB2312 hanzi,
    the loose test any hanzi (rare ones like 「囧」); GB bytes misread as Big5/CP949
    instead give kana, hangul, Cyrillic, private-use characters."""
    non_ascii = [c for c in text if ord(c) > 127][:20000]  # a sample is enough
    if not non_ascii:
        return False
    ok = _is_common_hanzi if strict else _is_hanzi
    good = sum(_is_punct(c) or ok(c) for c in non_ascii)
    return good / len(non_ascii) >= 0.9


def _gb_not_utf8(data: bytes, utf8_text: str) -> str | None:
    """The GB reading of bytes that are also valid UTF-8 (the 「联通」 problem).

    Short GBK texts can be valid UTF-8 made only of 2-byte sequences (「山」 reads
    as 'ɽ'). Real UTF-8 Chinese always has 3-byte sequences, and European text has
    accented letters inside ASCII words, so only a text with neither is re-read as
    GB, and only when that reads as ordinary Chinese.
    """
    if utf8_text.isascii() or any(ord(c) >= 0x800 for c in utf8_text):
        return None
    padded = f" {utf8_text} "
    for i, c in enumerate(padded):
        if ord(c) > 127 and any(n.isascii() and n.isalpha() for n in (padded[i - 1], padded[i + 1])):
            return None
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return gb_text if _looks_chinese_gb(gb_text) else None


def _check_text(text: str, path: Path) -> str:
    """Reject decodable-but-binary content (many control characters)."""
    ctrl = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\x0c\x1a\x1b")
    if ctrl > max(2, len(text) // 100):
        raise DocumentError(path, "looks like a binary file (control characters), not text")
    return text


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding). Strict UTF-8 first (BOM-aware), then detection.

    Detectors misjudge short GBK snippets (charset-normalizer calls 「工作计划」
    Big5, 「囧」 CP949), so a strict gb18030 decoding that reads as Chinese wins
    over a non-GB guess: staff files are UTF-8 or GB, not Big5/EUC-KR. GB answers
    become gb18030, the superset of GB2312/GBK.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _check_text(data[len(codecs.BOM_UTF8):].decode("utf-8"), path), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise DocumentError(path, f"starts with a UTF-8 BOM but is not valid UTF-8 ({e.reason} at byte {e.start + 3})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _check_text(data.decode("utf-16"), path), "utf-16"
        except UnicodeDecodeError:
            raise DocumentError(path, "starts with a UTF-16 mark but cannot be decoded") from None
    if data.startswith(b"%PDF-"):
        raise DocumentError(path, "is a PDF file with a text extension; rename it to .pdf")
    if data.startswith(b"PK\x03\x04"):
        raise DocumentError(path, "is a ZIP/Office file (e.g. .docx/.xlsx) with a text extension; give it its real extension")
    if b"\x00" in data:
        raise DocumentError(path, "looks like a binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        gb = _gb_not_utf8(data, text)
        return (_check_text(text, path), "utf-8") if gb is None else (_check_text(gb, path), "gb18030")

    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = (best.encoding or "").lower() if best is not None else ""
    try:
        gb_text: str | None = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    if gb_text is not None and (guess in _GB_FAMILY or _looks_chinese_gb(gb_text, strict=False)):
        text, encoding = gb_text, "gb18030"
    elif best is not None and guess:
        text, encoding = str(best), guess
    else:
        raise DocumentError(path, "cannot be decoded as text (not UTF-8 or GB18030/GBK; binary?)")
    return _check_text(text, path), encoding


# ---------------------------------------------------------------- formats

def _docx_lines(data: bytes, path: Path) -> tuple[list[str], list[int | None]]:
    """Paragraphs and table rows (cells tab-joined) in document order, with the
    1-based number of the paragraph each line comes from (None for table rows), so a
    citation can be found in the Word file, which has no stable line numbers."""
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        numbers: list[int | None] = []
        paragraph = 0
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells, seen = [], set()
                    for cell in row.cells:  # a merged cell repeats: keep it once
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        cells.append(" ".join(split_lines(cell.text)))
                    lines.append("\t".join(cells))
                    numbers.append(None)
            else:
                paragraph += 1
                own = split_lines(block.text) or [""]
                lines.extend(own)
                numbers.extend([paragraph] * len(own))
        return lines, numbers
    except Exception as e:  # python-docx raises many types on damaged files
        raise DocumentError(path, f"is not a readable Word .docx file ({type(e).__name__}: {e})") from e


def _pdf_lines(data: bytes, path: Path) -> tuple[list[str], list[int | None]]:
    """Each page's extracted text lines, pages in order, with each line's page (1-based).

    Running headers and page numbers stay in the lines (they are the extracted text);
    the structure stage skips them using the pages.
    """
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(path, "is a password-protected PDF")
        lines: list[str] = []
        pages: list[int | None] = []
        for number, page in enumerate(reader.pages, start=1):
            own = split_lines(page.extract_text() or "")
            lines.extend(own)
            pages.extend([number] * len(own))
        return lines, pages
    except DocumentError:
        raise
    except Exception as e:  # pypdf raises many types on damaged files
        raise DocumentError(path, f"is not a readable PDF ({type(e).__name__}: {e})") from e


# ---------------------------------------------------------------- metadata

def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_metadata(path: Path) -> dict:
    """Load `<file name>.meta.json` beside `path`; {} if there is none."""
    side = sidecar_path(path)
    if not side.exists():
        return {}
    try:
        data = side.read_bytes()
    except OSError as e:
        raise MetadataError(side, f"cannot read metadata ({e.strerror or e})") from e
    if not data.strip():
        raise MetadataError(side, "metadata file is empty (expected a JSON object)")
    try:
        meta = json.loads(decode_bytes(data, side)[0])
    except DocumentError as e:
        raise MetadataError(side, f"metadata is not text: {e.reason}") from e
    except json.JSONDecodeError as e:
        raise MetadataError(side, f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from e
    if not isinstance(meta, dict):
        raise MetadataError(side, f"metadata must be a JSON object, not {type(meta).__name__}")
    year = meta.get("year")
    if year not in (None, ""):
        try:
            int(year)
        except (TypeError, ValueError):
            raise MetadataError(side, f"'year' must be a whole number, got {year!r}") from None
    return meta


# ---------------------------------------------------------------- loading

def load_document(path: Path, problems: list[str] | None = None) -> SourceDocument:
    """Load one document. Raises DocumentError naming the file when it cannot be read.

    A bad sidecar does not stop the document: its message is appended to
    `problems` if given, otherwise issued as a MetadataWarning.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(path, _unsupported_reason(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, "file not found") from None
    except PermissionError:
        raise DocumentError(path, "cannot read file (permission denied)") from None
    except OSError as e:
        raise DocumentError(path, f"cannot read file ({e.strerror or e})") from None
    if not data.strip():
        raise DocumentError(path, "file is empty" if not data else "file contains only whitespace")

    pages: list[int | None] | None = None
    if suffix in TEXT_SUFFIXES:
        text, encoding = decode_bytes(data, path)
        lines = split_lines(text)
    elif suffix == ".docx":
        (lines, pages), encoding = _docx_lines(data, path), "docx"
    else:
        (lines, pages), encoding = _pdf_lines(data, path), "pdf"
    if not any(line.strip() for line in lines):
        reason = {".pdf": "has no text layer (scanned? run OCR first)", ".docx": "contains no text"}
        raise DocumentError(path, reason.get(suffix, "file contains only whitespace"))

    try:
        meta = read_metadata(path)
    except MetadataError as e:
        msg = f"{e} — metadata ignored, {path.name} loaded without it"
        if problems is not None:
            problems.append(msg)
        else:
            warnings.warn(msg, MetadataWarning, stacklevel=2)
        meta = {}
    return SourceDocument(doc_id=path.stem, path=path, lines=lines, meta=meta, encoding=encoding,
                          line_pages=pages)


def _is_skipped(p: Path) -> bool:
    name = p.name
    return (
        not p.is_file()
        or name.startswith((".", "~$"))  # hidden files, Office lock files
        or name.upper().startswith("README")
        or name.lower().endswith(SIDECAR_SUFFIX)
        or p.suffix.lower() in TABLE_SUFFIXES
    )


def _candidates(directory: Path) -> list[Path]:
    return sorted((p for p in Path(directory).iterdir() if not _is_skipped(p)), key=lambda p: p.name)


def corpus_files(directory: Path) -> list[Path]:
    """The documents load_corpus will try, sorted by name."""
    return [p for p in _candidates(directory) if p.suffix.lower() in SUPPORTED_SUFFIXES]


def corpus_fingerprint_files(directory: Path) -> list[Path]:
    """Everything whose change must rebuild the index: documents, sidecars, tables."""
    directory = Path(directory)
    extra = [
        p for p in directory.iterdir()
        if p.is_file() and not p.name.startswith((".", "~$"))
        and (p.name.lower().endswith(SIDECAR_SUFFIX) or p.suffix.lower() in TABLE_SUFFIXES)
    ]
    return sorted(set(corpus_files(directory)) | set(extra), key=lambda p: p.name)


def load_corpus(directory: Path) -> tuple[list[SourceDocument], list[str]]:
    """Load every document in `directory`; failures become warnings, not stops.

    Raises DocumentError only if the folder is missing or nothing in it loads.
    """
    directory = Path(directory)
    if not directory.is_dir():
        what = "is not a folder" if directory.exists() else "corpus folder not found"
        raise DocumentError(directory, f"{what} ({directory.resolve()})")
    try:
        candidates = _candidates(directory)
    except OSError as e:
        raise DocumentError(directory, f"cannot list corpus folder ({e.strerror or e})") from None
    docs: list[SourceDocument] = []
    problems: list[str] = []
    by_id: dict[str, Path] = {}
    for path in candidates:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            problems.append(str(DocumentError(path, "skipped, " + _unsupported_reason(path))))
            continue
        if path.stem in by_id:
            problems.append(
                f"{path.name}: skipped, same name as {by_id[path.stem].name} "
                "(document ids come from file names); rename or remove one of them"
            )
            continue
        try:
            doc = load_document(path, problems)
        except DocumentError as e:
            problems.append(str(e))
            continue
        by_id[doc.doc_id] = path
        docs.append(doc)
    if not docs:
        detail = ("; ".join(problems)) if problems else "the folder has no .txt/.md/.docx/.pdf file"
        raise DocumentError(directory, f"no loadable document in {directory.resolve()}: {detail}")
    return docs, problems


def _unsupported_reason(path: Path) -> str:
    hint = _HINTS.get(path.suffix.lower())
    reason = f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"
    return f"{reason}; {hint}" if hint else reason
