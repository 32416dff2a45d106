#!/usr/bin/env python3
"""The reference side of `Bench ann --reference`: builds and searches hnswlib or FAISS on the same files, with the same
parameters and thread count, timing one query per call like the C# runner does.

It prints one JSON object per build + search setting on stdout (build_s, bytes_per_vec, qps, p50_ms, p99_ms and the path
of an .ivecs file holding the result ids); the C# runner computes recall from those ids with its own code, so both
engines are scored identically. Progress goes to stderr.
"""
import argparse
import json
import os
import sys
import tempfile
import threading
import time

import numpy as np


def read_vectors(path, limit):
    """Little-endian texmex .fvecs / .bvecs as a float32 matrix (bvecs bytes widened to float)."""
    raw = np.fromfile(path, dtype=np.uint8)
    dim = int(raw[:4].view("<i4")[0])
    if path.endswith(".bvecs"):
        rows = raw.reshape(-1, dim + 4)[:, 4:]
    elif path.endswith(".fvecs"):
        rows = raw.reshape(-1, 4 * (dim + 1))[:, 4:].view("<f4")
    else:
        sys.exit(f"{path}: unknown extension; expected .fvecs or .bvecs")
    return np.ascontiguousarray(rows[:limit], dtype=np.float32)


def write_ivecs(path, ids):
    ids = ids.astype("<i4")
    out = np.empty((ids.shape[0], ids.shape[1] + 1), dtype="<i4")
    out[:, 0] = ids.shape[1]
    out[:, 1:] = ids
    out.tofile(path)


def parse_params(text):
    if not text or text == "-":
        return {}
    return dict(item.split("=", 1) for item in text.split(","))


def take(params, name, default=None):
    if name in params:
        return int(params.pop(name))
    if default is None:
        sys.exit(f"the reference needs build parameter {name}")
    return default


def reject_rest(params, what):
    if params:
        sys.exit(f"the reference does not know {what} parameter(s) {', '.join(params)}")


class Hnswlib:
    def __init__(self, args, dim):
        import hnswlib
        space = {"L2": "l2", "IP": "ip", "COSINE": "cosine"}[args.metric]
        params = parse_params(args.build)
        m, ef_construction = take(params, "M"), take(params, "efConstruction", 200)
        reject_rest(params, "HNSW build")
        if args.index != "HNSW":
            sys.exit(f"hnswlib builds HNSW only, not {args.index}")
        self.index = hnswlib.Index(space=space, dim=dim)
        self.m, self.ef_construction = m, ef_construction

    def build(self, data, threads):
        self.index.init_index(max_elements=len(data), ef_construction=self.ef_construction, M=self.m, random_seed=100)
        self.index.set_num_threads(threads)
        self.index.add_items(data, np.arange(len(data)))
        self.index.set_num_threads(1)

    def serialized_bytes(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "index.bin")
            self.index.save_index(path)
            return os.path.getsize(path)

    def configure(self, setting, k):
        params = parse_params(setting)
        ef = take(params, "ef", max(k, 16))
        reject_rest(params, "HNSW search")
        self.index.set_ef(max(ef, k))

    def search_one(self, query, k):
        labels, _ = self.index.knn_query(query, k=k)
        return labels[0]


class Faiss:
    def __init__(self, args, dim):
        import faiss
        self.faiss = faiss
        metric = faiss.METRIC_L2 if args.metric == "L2" else faiss.METRIC_INNER_PRODUCT
        params = parse_params(args.build)
        if args.index == "FLAT":
            index = faiss.IndexFlat(dim, metric)
        elif args.index == "HNSW":
            index = faiss.IndexHNSWFlat(dim, take(params, "M"), metric)
            index.hnsw.efConstruction = take(params, "efConstruction", 200)
        elif args.index in ("IVF_FLAT", "IVF_SQ8", "IVF_PQ"):
            nlist = take(params, "nlist", 128)
            if args.index == "IVF_FLAT":
                codes = "Flat"
            elif args.index == "IVF_SQ8":
                codes = "SQ8"
            else:
                codes = f"PQ{take(params, 'm')}x{take(params, 'nbits', 8)}"
            index = faiss.index_factory(dim, f"IVF{nlist},{codes}", metric)
        else:
            sys.exit(f"faiss reference: unsupported index type {args.index}")
        reject_rest(params, f"{args.index} build")
        self.index, self.kind = index, args.index

    def build(self, data, threads):
        self.faiss.omp_set_num_threads(threads)
        if not self.index.is_trained:
            self.index.train(data)
        self.index.add(data)
        self.faiss.omp_set_num_threads(1)

    def serialized_bytes(self):
        return int(self.faiss.serialize_index(self.index).size)

    def configure(self, setting, k):
        params = parse_params(setting)
        if self.kind == "HNSW":
            self.index.hnsw.efSearch = max(take(params, "ef", max(k, 16)), k)
        elif self.kind.startswith("IVF"):
            self.faiss.extract_index_ivf(self.index).nprobe = take(params, "nprobe", 8)
        params.pop("ef", None)
        params.pop("nprobe", None)
        reject_rest(params, f"{self.kind} search")

    def search_one(self, query, k):
        _, labels = self.index.search(query, k)
        return labels[0]


def timed_pass(engine, queries, k, threads):
    """One query per call; threads take the next query from a shared counter. Both libraries release the GIL."""
    ids = np.full((len(queries), k), -1, dtype=np.int64)
    ticks = np.zeros(len(queries), dtype=np.int64)
    counter = iter(range(len(queries)))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                q = next(counter, None)
            if q is None:
                return
            start = time.perf_counter_ns()
            found = engine.search_one(queries[q:q + 1], k)
            ticks[q] = time.perf_counter_ns() - start
            ids[q, :len(found)] = found

    wall = time.perf_counter_ns()
    if threads == 1:
        worker()
    else:
        workers = [threading.Thread(target=worker) for _ in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    wall = time.perf_counter_ns() - wall
    ordered = np.sort(ticks)
    rank = lambda f: ordered[max(0, min(len(ordered) - 1, int(np.ceil(f * len(ordered))) - 1))] / 1e6
    return {"qps": len(queries) / (wall / 1e9), "p50_ms": rank(0.50), "p99_ms": rank(0.99)}, ids


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--library", choices=["hnswlib", "faiss"], required=True)
    parser.add_argument("--base", required=True)
    parser.add_argument("--query", required=True)
    parser.add_argument("--base-count", type=int, required=True)
    parser.add_argument("--queries", type=int, required=True)
    parser.add_argument("--metric", choices=["L2", "IP", "COSINE"], required=True)
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--build", default="")
    parser.add_argument("--search", action="append", default=[])
    parser.add_argument("--warmup", type=int, required=True)
    parser.add_argument("--repeat", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    data = read_vectors(args.base, args.base_count)
    queries = read_vectors(args.query, args.queries)
    if args.metric == "COSINE" and args.library == "faiss":
        data /= np.maximum(np.linalg.norm(data, axis=1, keepdims=True), 1e-30)
        queries /= np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-30)
    engine = (Hnswlib if args.library == "hnswlib" else Faiss)(args, data.shape[1])

    print(f"{args.library}: building {args.index} {args.build} on {len(data)} x {data.shape[1]}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    engine.build(data, args.threads)
    build_s = time.perf_counter() - start
    bytes_per_vec = engine.serialized_bytes() / len(data)

    for number, setting in enumerate(args.search or ["-"]):
        engine.configure(setting, args.k)
        for q in range(min(args.warmup, len(queries))):
            engine.search_one(queries[q:q + 1], args.k)
        passes = []
        for _ in range(args.repeat):
            summary, ids = timed_pass(engine, queries, args.k, args.threads)
            passes.append(summary)
        passes.sort(key=lambda p: p["qps"])
        ids_path = os.path.join(args.out, f"ids_{number}.ivecs")
        write_ivecs(ids_path, ids)
        print(json.dumps({"build_s": build_s, "bytes_per_vec": bytes_per_vec, "search": setting,
                          **passes[len(passes) // 2], "ids": ids_path}), flush=True)


if __name__ == "__main__":
    main()
