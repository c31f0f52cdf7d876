"""The benchmark's table: medians, ratios to the bare Textual app, and the issue's targets."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from tmux_measure import Sample

__all__ = ["Row", "print_report"]


@dataclass
class Row:
    """One line of the table: a case and its runs (none when it was skipped)."""

    label: str
    samples: list[Sample]
    kind: str  # bare, article, G, mdv, cold, scan, warm, list
    size: int = 0
    note: str = ""
    limit: float = 0.0  # the time limit of a skipped case
    bare: list[Sample] = field(default_factory=list)  # the bare-app runs made beside these
    times: list[float] = field(init=False)

    def __post_init__(self) -> None:
        if self.kind == "G":  # from the key to the end on screen
            self.times = [s.after_key for s in self.samples if s.after_key is not None]
        elif self.kind == "scan":  # from the start to the whole library on screen
            self.times = [s.first + s.after_key for s in self.samples if s.after_key is not None]
        else:
            self.times = [s.first for s in self.samples]

    @property
    def median(self) -> float | None:
        """Median seconds, None when skipped."""
        return statistics.median(self.times) if self.times else None

    def ratio(self, bare: float) -> float | None:
        """Median over the median of the bare runs made beside it (else over *bare*)."""
        if self.median is None:
            return None
        beside = [s.first for s in self.bare]
        return self.median / (statistics.median(beside) if beside else bare)

    @property
    def rss(self) -> float | None:
        """Peak RSS over the runs, in MB (not for ``G``: the same process as its article)."""
        values = [s.rss_mb for s in self.samples if s.rss_mb is not None]
        return max(values) if values and self.kind not in ("G", "scan") else None


def _find(rows: list[Row], kind: str, size: int = 0) -> Row | None:
    return next((r for r in rows if r.kind == kind and r.size == size), None)


def _check(ok: bool | None, text: str) -> str:
    mark = "n/a   " if ok is None else ("ok    " if ok else "MISSED")
    return f"  {mark} {text}"


def _article_targets(rows: list[Row], bare: float) -> list[str]:
    lines = []
    for row in rows:
        mine = row.median
        if row.kind != "article" or mine is None:
            continue
        ratio = row.ratio(bare) or 0.0
        lines.append(_check(ratio <= 1.5, f"{row.label}: first paint {ratio:.2f}x bare (<= 1.5x)"))
        g = _find(rows, "G", row.size)
        if g and g.median is not None:
            lines.append(_check(g.median <= 0.5, f"{g.label.strip()}: {g.median:.3f} s (<= 0.5 s)"))
        mdv = _find(rows, "mdv", row.size)
        wanted = {100_000: 10, 1_000_000: 50}.get(row.size)
        if mdv is None or wanted is None:
            continue
        if mdv.median is not None:
            faster = mdv.median / mine
            text = f"{mdv.label}: linareader {faster:.1f}x faster (>= {wanted}x)"
            lines.append(_check(faster >= wanted, text))
        else:
            bound = mdv.limit / mine  # a lower bound only: the viewer was not waited for
            text = f"{mdv.label} {mdv.note}: linareader >= {bound:.0f}x faster (>= {wanted}x)"
            lines.append(_check(True if bound >= wanted else None, text))
    five = _find(rows, "article", 5_000_000)
    if five and five.rss is not None:
        text = f"5 MB article peak RSS {five.rss:.0f} MB (<= 250 MB)"
        lines.append(_check(five.rss <= 250, text))
    return lines


def _library_targets(rows: list[Row], search: dict[str, object] | None, bare: float) -> list[str]:
    lines = []
    for kind, limit in (("warm", 1.5), ("cold", 3.0)):
        found = _find(rows, kind, 10_000)
        if found is None or found.median is None:
            continue
        ratio = found.ratio(bare) or 0.0
        lines.append(_check(ratio <= limit, f"{found.label}: {ratio:.2f}x bare (<= {limit}x)"))
        if found.rss is not None:
            text = f"{found.label}: peak RSS {found.rss:.0f} MB (<= 200 MB)"
            lines.append(_check(found.rss <= 200, text))
    listing = _find(rows, "list")
    if listing and listing.median is not None:
        text = f"{listing.label}: {listing.median:.2f} s (<= 1 s)"
        lines.append(_check(listing.median <= 1.0, text))
    if search:
        median = float(str(search["median_ms"]))
        text = f"search median {median:.1f} ms over {search['articles']:,} articles (<= 50 ms)"
        lines.append(_check(median <= 50, text))
    return lines


def print_report(
    rows: list[Row], search: dict[str, object] | None, *, runs: int, mdv_runs: int, cache_used: bool
) -> None:
    """Print the table, the search figures and the targets."""
    bare = rows[0].median or 1.0
    print(f"In tmux 120x40; seconds from start to the text on screen; median of {runs} runs")
    print(f"({mdv_runs} for MarkdownViewer); peak RSS = the highest VmHWM over the runs; x bare =")
    print("the median over that of the bare-app runs made just before each of its runs.\n")
    print(f"{'case':<46} {'median':>7} {'min':>7} {'max':>7} {'x bare':>7} {'RSS MB':>7}  note")
    for row in rows:
        if row.median is None:
            print(f"{row.label:<46} {'-':>7} {'-':>7} {'-':>7} {'-':>7} {'-':>7}  {row.note}")
            continue
        note = row.note
        if row.kind == "mdv":
            mine = _find(rows, "article", row.size)
            if mine and mine.median:
                note = f"linareader {row.median / mine.median:.1f}x faster"
        ratio = "" if row.kind in ("G", "list", "scan") else f"{row.ratio(bare):7.2f}"
        rss = f"{row.rss:7.0f}" if row.rss is not None else f"{'':7}"
        print(
            f"{row.label:<46} {row.median:7.3f} {min(row.times):7.3f} {max(row.times):7.3f} "
            f"{ratio:>7} {rss}  {note}"
        )
    if not cache_used:
        print("\nThe app does not use the metadata cache yet: its warm and cold rows are alike.")
    if search:
        print(
            f"\nSearch over {search['articles']:,} articles ({search['megabytes']:.1f} MB), in "
            f"process: library scan {search['scan_s']:.1f} s (cold cache), index built in "
            f"{search['build_s']:.1f} s with {search['progress_reports']} progress reports, "
            f"index {search['index_mb']:.0f} MB, update with nothing to do "
            f"{search['noop_update_s']:.2f} s, peak RSS {search['rss_mb']:.0f} MB."
        )
        print(
            f"Query latency (limit 20, snippets included): median {search['median_ms']:.1f} ms, "
            f"p90 {search['p90_ms']:.1f} ms, max {search['max_ms']:.1f} ms. Per query (median):"
        )
        per_query: dict[str, float] = search["per_query_ms"]  # type: ignore[assignment]
        hits: dict[str, int] = search["hits"]  # type: ignore[assignment]
        for query, ms in per_query.items():
            print(f"  {query!r:<32} {ms:7.1f} ms  {hits[query]:>3} hits")
    print("\nTargets of the issue:")
    for line in [*_article_targets(rows, bare), *_library_targets(rows, search, bare)]:
        print(line)
