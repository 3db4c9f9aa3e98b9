"""Inputs -> pages -> ``index.html`` and one page per claim file or artifact.

Jinja2 with autoescaping on for every template: claim files are untrusted, and any text
from them (claim text, sources, ids, messages, the Lean module) renders inert.  The
output depends only on the inputs (sorted pages, no timestamps, no absolute paths beyond
the ones given), so a report can be committed or diffed.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from leanbridge import __version__
from leanbridge.corpus.files import expand_paths
from leanbridge.site.model import (
    LABELS,
    VERDICTS,
    Page,
    ReportInputError,
    artifact_page,
    claim_file_page,
)


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("leanbridge.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def collect_pages(paths: Iterable[str]) -> tuple[list[Page], list[str]]:
    """An artifact directory (with manifest.json) is one page; a directory of artifacts is
    one page per artifact; claim files and other directories are checked file by file."""
    pages: list[Page] = []
    errors: list[str] = []
    claim_paths: list[str] = []
    for raw in paths:
        p = Path(raw)
        artifacts = [p] if (p / "manifest.json").is_file() else []
        if not artifacts and p.is_dir():
            artifacts = sorted(d for d in p.iterdir() if (d / "manifest.json").is_file())
        if not artifacts:
            claim_paths.append(raw)
        for a in artifacts:
            try:
                pages.append(artifact_page(a))
            except ReportInputError as e:
                errors.append(str(e))
    if claim_paths:
        files, problems = expand_paths(claim_paths)
        errors += [d.render() for d in problems]
        pages += [claim_file_page(f) for f in files]
    return sorted(pages, key=lambda pg: pg.name), errors


@dataclass
class Totals:
    claims: int
    verdicts: Counter[str]
    labels: Counter[str]
    verified: int


def render_site(pages: list[Page]) -> dict[str, str]:
    """File name -> HTML."""
    env = _env()
    common = {"version": __version__, "verdicts": VERDICTS, "labels": LABELS}
    totals = Totals(
        sum(len(p.claims) for p in pages),
        sum((p.verdicts for p in pages), Counter()),
        sum((p.labels for p in pages), Counter()),
        sum(p.verified for p in pages),
    )
    out = {
        "index.html": env.get_template("index.html.j2").render(
            title="index", pages=pages, totals=totals, **common
        )
    }
    for page in pages:
        out[page.slug] = env.get_template("page.html.j2").render(
            title=page.name, page=page, **common
        )
    return out


def write_site(files: dict[str, str], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, html in files.items():
        fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(html)
        os.replace(tmp, out_dir / name)
