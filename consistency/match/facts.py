"""Facts from links: frames grouped without chaining through weak links.

Links at or above the model's ``link`` probability are the edges. Their
connected components would chain (A~B, B~C, ... until most of a story is one
group), so each component is cut by complete-link agglomeration: two groups
merge only when EVERY pair of their frames is linked at the cut (a group is
a clique of links). Average link (the mean probability, unlinked pairs as 0)
let a well-linked core carry frames of a neighbouring fact, and one group
then mixed two facts' values: on the dev stories, checked leave-one-story-out
(bench/loso.py), complete link took balanced accuracy from 0.45 to 0.49 and
conflict pair precision from 0.47 to 0.56 at the same cuts. A component too
big for a dense distance matrix is split first by raising the edge cut in
steps.

Pairs within one article are never candidates, so a group holds at most one
frame per article, and a frame linked to two frames of one article can keep
only one of them. Before grouping, the links between each two articles are
chosen one to one, strongest first (``one_to_one``): a weaker second link
into an article mostly ties the frame to a neighbouring fact, and complete
link then cut the group that held its true partner. Round 8 kept a link only
when it was both ends' strongest into the other's article: leave-one-story-out
at the shipped cuts (bench/loso.py --cuts 0.25 0.25, 21 dev stories) balanced
0.429 -> 0.439, conflict pair precision 0.390 -> 0.408; keeping links within
0.05 or 0.1 of the strongest, or those that either end keeps, did worse
(0.427, 0.429, 0.429). The one-to-one choice then lets a frame whose
strongest link into an article went to a frame a stronger partner holds take
its next link there (22 dev stories: agree facts found 149 -> 151 of 287,
conflict facts unchanged). Of the 50 truth facts still "split"
(bench/facts_lost.py), about 36 have their best pair kept as an edge: complete
link, not this choice, puts its two frames in different groups. Comparing
those edges directly (a two-claim conflict finding for each kept edge at the
conflict cut whose frames complete link put in different groups, with every
refusal of findings.py) was measured, round 10, 23 dev stories,
leave-one-story-out at 0.25/0.25: balanced 0.454 -> 0.491 but conflict pair
precision 0.442 -> 0.320 (agree recall 0.521 -> 0.475); asking those edges
for a link of 0.5: 0.461, 0.412. Not kept.
"""

from __future__ import annotations


import numpy as np

from .linkage import link_groups

DENSE_LIMIT = 1500  # frames in a component grouped by complete link over a dense matrix
RAISE_STEP = 0.05


def group_frames(n: int, a: np.ndarray, b: np.ndarray, p: np.ndarray, cut: float,
                 articles: np.ndarray | None = None) -> np.ndarray:
    """A group label per frame (-1: in no group of two or more).

    ``articles``: each frame's article (any int per article): links are then
    kept by ``one_to_one`` first (the checker always gives them;
    without, every link at the cut is an edge). An archive's components
    that an added article does not touch are read back by group_cache.py,
    which calls this on the others only.
    """
    keep = edges(a, b, p, cut, articles)
    return _group(n, a[keep], b[keep], p[keep], cut, cut)


def edges(a: np.ndarray, b: np.ndarray, p: np.ndarray, cut: float, articles: np.ndarray | None) -> np.ndarray:
    """Which links are grouping edges: at or above ``cut`` and, given ``articles``, kept by both ends."""
    keep = np.asarray(p) >= cut
    if articles is not None:
        at = np.flatnonzero(keep)
        keep[at[~one_to_one(np.asarray(a)[at], np.asarray(b)[at], np.asarray(p)[at], articles)]] = False
    return keep


def one_to_one(a: np.ndarray, b: np.ndarray, p: np.ndarray, articles: np.ndarray) -> np.ndarray:
    """Per link: kept by a greedy one-to-one choice between each two articles' frames, the strongest first.

    Rounds on the links still open: a link both
    ends hold strongest is kept, and each of its ends is then spent for the
    other's article, so a frame whose strongest link into an article went to
    a frame a stronger partner took falls back to its next link there
    instead of being left out. (The mutual-best links of each round are
    what a greedy matching takes by falling probability; ties are kept
    together, so the result does not depend on the order of the links.)
    A maximum-weight assignment was not used: it trades a strong link for
    two weaker ones that sum to more. What is kept between two articles
    depends on the links between them only, so an added article changes
    nothing between two others (group_cache.py keys the components).
    """
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    p = np.asarray(p, dtype=np.float64)
    art = np.asarray(articles, dtype=np.int64)
    kept = np.zeros(len(p), dtype=bool)
    if not len(p):
        return kept
    width = int(art.max()) + 1
    # each end's (frame, other article) slot, numbered once: a round is then a few passes over the open links
    slots, where = np.unique(np.concatenate([a * width + art[b], b * width + art[a]]), return_inverse=True)
    sa, sb = where[:len(p)], where[len(p):]
    spent = np.zeros(len(slots), dtype=bool)
    open_ = np.arange(len(p))
    while len(open_):
        best = np.full(len(slots), -np.inf)
        np.maximum.at(best, sa[open_], p[open_])
        np.maximum.at(best, sb[open_], p[open_])
        top = (p[open_] >= best[sa[open_]]) & (p[open_] >= best[sb[open_]])  # a round's links: mutual strongest
        kept[open_[top]] = True
        spent[sa[open_[top]]] = spent[sb[open_[top]]] = True
        rest = open_[~top]
        open_ = rest[~(spent[sa[rest]] | spent[sb[rest]])]
    return kept


def _group(n: int, a: np.ndarray, b: np.ndarray, p: np.ndarray, c: float, cut: float) -> np.ndarray:
    """Labels (from 0) of nodes 0..n-1 joined by edges (a, b, p), all at or above ``c``; ``cut``: the complete-link cut."""
    labels = np.full(n, -1, dtype=np.int64)
    count, comp = components(n, a, b)
    sizes = np.bincount(comp, minlength=count)
    # Nodes and edges sorted by component once: asking every edge "are you in
    # component c?" for each of thousands of components was quadratic.
    by_node = np.argsort(comp, kind="stable")
    node_end = np.cumsum(sizes)
    edge_comp = comp[a]
    edge_count = np.bincount(edge_comp, minlength=count)
    by_edge = np.argsort(edge_comp, kind="stable")
    edge_end = np.cumsum(edge_count)
    whole = count == 1 and n >= 2  # one component: split it here (a caller's component comes back whole)
    next_label = 0
    for label in np.flatnonzero(sizes >= 2).tolist():
        members = by_node[node_end[label] - sizes[label]:node_end[label]]  # ascending
        inside = by_edge[edge_end[label] - edge_count[label]:edge_end[label]]
        ma, mb, mp = a[inside], b[inside], p[inside]
        if len(members) > DENSE_LIMIT:
            higher = mp >= c + RAISE_STEP
            if whole:  # nodes are the members already
                local = _group(n, ma[higher], mb[higher], mp[higher], c + RAISE_STEP, cut)
            else:
                la, lb = np.searchsorted(members, ma[higher]), np.searchsorted(members, mb[higher])
                local = _group(len(members), la, lb, mp[higher], c, cut)
            mine = local >= 0
            labels[members[mine]] = next_label + local[mine]
            next_label += int(local.max()) + 1 if mine.any() else 0
            continue
        if len(members) == 2:  # a pair is its own group (as _complete_link says): nothing to keep
            labels[members] = next_label
            next_label += 1
            continue
        for part in _complete_link(members, ma, mb, mp, cut):
            labels[part] = next_label
            next_label += 1
    return labels


def components(n: int, a: np.ndarray, b: np.ndarray) -> tuple[int, np.ndarray]:
    """scipy's ``connected_components(csr_matrix((1, (a, b)), (n, n)), directed=False)``, in numpy.

    The same count and labels: components numbered in order of their lowest
    node, as scipy's search from node 0 upwards numbers them (tests compare
    the two). Kept scipy-free because importing scipy.sparse costs 0.25
    CPU-s, a sixth of a cold check of the five seeds. Each round hooks the
    root of an edge's higher end under the lower end's root, then points
    every node at its root; each node's root is the lowest node it reaches.
    """
    root = np.arange(n)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while True:
        ra, rb = root[a], root[b]
        split = ra != rb
        if not split.any():
            break
        np.minimum.at(root, np.maximum(ra, rb)[split], np.minimum(ra, rb)[split])
        while True:  # pointer jumping until every node holds its root
            up = root[root]
            if np.array_equal(up, root):
                break
            root = up
    roots, labels = np.unique(root, return_inverse=True)
    return len(roots), labels.reshape(-1)


def _complete_link(members: np.ndarray, a: np.ndarray, b: np.ndarray, p: np.ndarray, cut: float) -> list[np.ndarray]:
    m = len(members)
    if m == 2:
        return [members]
    pos = {int(v): i for i, v in enumerate(members.tolist())}
    dist = np.ones((m, m))
    ia = np.fromiter((pos[int(v)] for v in a.tolist()), dtype=np.int64, count=len(a))
    ib = np.fromiter((pos[int(v)] for v in b.tolist()), dtype=np.int64, count=len(b))
    dist[ia, ib] = np.minimum(dist[ia, ib], 1.0 - p)
    dist[ib, ia] = dist[ia, ib]
    np.fill_diagonal(dist, 0.0)
    flat = link_groups(dist, 1.0 - cut + 1e-9, "complete")  # scipy's linkage + fcluster, without importing scipy
    out = []
    for label in np.unique(flat):
        part = members[flat == label]
        if len(part) >= 2:
            out.append(part)
    return out


def article_numbers(frames) -> np.ndarray:
    """A number per frame, one per article (``group_frames``'s ``articles``)."""
    seen: dict[str, int] = {}
    return np.fromiter((seen.setdefault(f.article, len(seen)) for f in frames), dtype=np.int64, count=len(frames))
