#!/usr/bin/env python
"""How fast the real model embeds passages, and what batching order and torch threads change.

    .venv/bin/python scripts/embedding_speed.py [--corpus corpus] [--n 320] [--repeat 2]

Embeds the first N embedding units (what an index build embeds) of the corpus with the
bundled model, bypassing the passage cache, under several settings, and prints vectors/s
(best of --repeat) with the load average. Settings:
- "as given, batches of 32": texts in corpus order, each batch of 32 encoded on its own
  (sentence-transformers sorts only inside a batch: padding to the batch's longest text);
- "length-sorted, batches of 32": what `_embed_batched` does (all texts sorted by length first);
each with torch's default threads and with 1 thread; then batches of 16 / 64 on 1 thread.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent / "corpus")
    ap.add_argument("--n", type=int, default=320)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()

    import numpy as np
    import torch

    from assistant.embedding import PASSAGE_PROMPT, E5Embedder, _embed_batched
    from assistant.index import embedding_units, parse_corpus

    _, passages, _, _ = parse_corpus(args.corpus)
    texts = [t for p in passages for _, _, t in embedding_units(p)][: args.n]
    e5 = E5Embedder()
    t0 = time.perf_counter()
    st = e5.st
    model = st.model
    print(f"model load {time.perf_counter() - t0:.1f} s; {len(texts)} texts, "
          f"mean {np.mean([len(t) for t in texts]):.0f} chars; torch threads {torch.get_num_threads()}")

    def as_given(batch: int) -> None:
        for i in range(0, len(texts), batch):
            model.encode(texts[i:i + batch], prompt=PASSAGE_PROMPT, batch_size=batch, show_progress_bar=False)

    def sorted_batches(batch: int) -> None:
        _embed_batched(texts, lambda b: model.encode(b, prompt=PASSAGE_PROMPT, batch_size=batch,
                                                     show_progress_bar=False), e5.dim, batch, False, "")

    threads = torch.get_num_threads()
    settings = []
    for n_threads in sorted({threads, 1}, reverse=True):
        settings += [(f"as given, batches of 32, {n_threads} thread(s)", n_threads, lambda: as_given(32)),
                     (f"length-sorted, batches of 32, {n_threads} thread(s)", n_threads, lambda: sorted_batches(32))]
    settings += [(f"length-sorted, batches of {b}, 1 thread", 1, lambda b=b: sorted_batches(b)) for b in (16, 64)]
    sorted_batches(8)  # warm-up
    for name, n_threads, run in settings:
        torch.set_num_threads(n_threads)
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - t)
        load = os.getloadavg()[0]
        print(f"{name:42s} {len(texts) / best:6.1f} vectors/s  ({best:.1f} s; load average {load:.1f})", flush=True)
    torch.set_num_threads(threads)


if __name__ == "__main__":
    main()
