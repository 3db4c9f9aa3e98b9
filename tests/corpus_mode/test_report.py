"""`leanbridge report`: deterministic, escaped everywhere, and readable in a real browser."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from corpus_helpers import ROOT, run
from pngread import count_near, read_png

from leanbridge.site.build import collect_pages, render_site

HOSTILE = """\
leanbridge: 1
values:
  a: {value: "2", source: "<img src=x onerror=alert(1)>"}
claims:
  - id: holds_one
    text: "<script>alert('text')</script> & <b>bold</b>"
    source: "</td></tr></table><script>alert('source')</script>"
    check: "a * 2 == 4"  # <script>alert('comment')</script>
  - id: broken
    source: "x"
    check: "a == nope"  # <iframe src=javascript:alert(2)>
"""


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags_of(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture
def artifact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An artifact written by `prove` with no `lake` on PATH: Lean verdicts from the bundled
    frontend where the `kernel` extra is installed (exit 0), else `not-run` (exit 3)."""
    empty = tmp_path / "no-lake-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, out = run(
        "prove", "claims/rembert_table16.yaml",
        "--out", str(tmp_path / "artifacts"), "--workdir", str(tmp_path / "work"),
    )  # fmt: skip
    assert code in (0, 3), out
    return tmp_path / "artifacts" / "rembert_table16"


def test_report_of_claims_has_an_index_and_a_page_per_file(tmp_path: Path) -> None:
    code, out = run("report", "claims", "-o", str(tmp_path / "site"))
    assert code == 0, out
    names = sorted(p.name for p in (tmp_path / "site").iterdir())
    claim_files = sorted((ROOT / "claims").glob("*.yaml"))
    assert "index.html" in names and len(names) == len(claim_files) + 1
    index = (tmp_path / "site" / "index.html").read_text()
    _, js = run("check", "--no-cache", "--format", "json", "claims")
    summary = json.loads(js)["summary"]
    # the totals row: claims, the verdicts, the evidence labels
    totals = index[index.index("<tfoot>") :]
    cells = [c.split("<")[0] for c in totals.split('class="num">')[1:]]
    verdicts = ("claims", "holds", "fails", "consistent", "undecided", "error")
    assert cells[:6] == [str(summary[k]) for k in verdicts]
    labels = ("arithmetic-identity", "internal-consistency", "reproduction", "numeric")
    assert cells[6:10] == [str(summary["lint"].get(k, 0)) for k in labels]
    # a p-value is irrational: its page shows the certified bounds, not a fraction
    pizza = next((tmp_path / "site").glob("claims_pizza_buffet_2014.yaml-*.html")).read_text()
    assert "<code>~0.385069397012289</code> (irrational: certified bounds <code>" in pizza


def test_report_is_deterministic(tmp_path: Path) -> None:
    one = render_site(collect_pages(["claims"])[0])
    two = render_site(collect_pages(["claims"])[0])
    assert one == two
    assert str(ROOT) not in "".join(one.values())


def test_everything_from_a_claim_file_renders_inert(tmp_path: Path) -> None:
    claim = tmp_path / "hostile.yaml"
    claim.write_text(HOSTILE)
    site = render_site(collect_pages([str(claim)])[0])
    for name, html in site.items():
        tags = tags_of(html)
        assert not [t for t, _ in tags if t in ("script", "iframe", "img", "object", "embed")], name
        assert not [a for _, attrs in tags for a, _ in attrs if a.startswith("on")], name
    page = next(html for name, html in site.items() if name != "index.html")
    assert (
        "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    )
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;" in page
    assert "unknown name `nope`" in page  # the input error is shown, escaped
    assert "&lt;iframe src=javascript:alert(2)&gt;" in page


def test_artifact_page_shows_digest_theorems_and_lean_verdicts(
    artifact: Path, tmp_path: Path
) -> None:
    code, _ = run("report", str(artifact.parent), "-o", str(tmp_path / "site"))
    assert code == 0
    (page,) = [p for p in (tmp_path / "site").iterdir() if p.name != "index.html"]
    html = page.read_text()
    digest = hashlib.sha256((artifact / "manifest.json").read_bytes()).hexdigest()
    assert f"--expect-digest {digest}" in html
    module = (artifact / "workspace/out/Claims/RembertTable16.lean").read_text().splitlines()
    line = next(n for n, t in enumerate(module, 1) if t.startswith("theorem claim_xlmr_avg_task "))
    assert f'<a href="#L{line}"><code>Claims.RembertTable16.claim_xlmr_avg_task</code></a>' in html
    assert f'<span id="L{line}"><a class="ln" href="#L{line}">{line}</a>theorem claim_xlmr' in html
    manifest = json.loads((artifact / "manifest.json").read_text())
    for c in manifest["claims"]:  # each claim's Lean verdict, and its axioms when reported
        v = c["lean_verdict"]
        assert f'<a href="#claim-{c["id"]}">{c["id"]}</a>' in html
        assert f'<td class="{v}">{v}</td>' in html
        if c["axioms"] == []:
            assert "axioms: none" in html
    caveat = "Lean was not run when this artifact was made" in html
    assert caveat == (not manifest["lean"]["ran"])


def test_a_broken_artifact_is_reported_and_the_rest_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "manifest.json").write_text("{not json")
    code, out = run("report", str(bad), "claims", "-o", str(tmp_path / "site"))
    assert code == 2
    assert f"{len(list((ROOT / 'claims').glob('*.yaml'))) + 1} pages" in out


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (Debian: apt-get install chromium)")
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run("report", "claims", "-o", str(site))
    pages = sorted(site.glob("*.html"))
    for page in pages:
        shot = tmp_path / f"{page.stem}.png"
        cmd = [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1000",
            f"--screenshot={shot}", page.as_uri(),
        ]  # fmt: skip
        subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        assert shot.is_file(), f"Chromium wrote no screenshot of {page.name}"
        width, height, rows = read_png(shot)
        assert (width, height) == (1280, 1000)
        # The verdict table is on screen: `holds` cells are drawn in their green.
        assert count_near(rows, (0x1A, 0x6B, 0x1A)) > 50, page.name
        dom = subprocess.run(
            [*cmd[:-2], "--dump-dom", page.as_uri()], capture_output=True, text=True,
            timeout=120, check=False,
        ).stdout  # fmt: skip
        assert 'id="verdicts"' in dom and "holds" in dom
    # the claim file page with a failing claim shows it in red
    rembert = next(p for p in pages if "rembert" in p.name)
    _, _, rows = read_png(tmp_path / f"{rembert.stem}.png")
    assert count_near(rows, (0x9B, 0x1C, 0x1C)) > 20
