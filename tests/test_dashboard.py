"""The HTML dashboard of an audit: self-contained, data intact, and rendered
by a real browser (headless Chromium) with the submissions table, a report's
findings, the filters and sorting working.

The browser test writes a screenshot for people to look at to
tests/artifacts/dashboard.png (or $GKLINT_ARTIFACTS/dashboard.png).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, SEED_000, SEED_004

ARTIFACTS = Path(os.environ.get("GKLINT_ARTIFACTS") or ROOT / "tests" / "artifacts")
HOSTILE = "XX县<img src=x onerror=alert(1)></script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    """An audit of three reports and a broken file, as an HTML dashboard."""
    base = tmp_path_factory.mktemp("dash")
    folder = base / "submissions"
    folder.mkdir()
    (folder / "000.txt").write_text(SEED_000.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "004.txt").write_text(SEED_004.read_text(encoding="utf-8"), encoding="utf-8")
    hostile = SEED_004.read_text(encoding="utf-8") + f"\n{HOSTILE}\n"
    (folder / "hostile.md").write_text(hostile, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    page = base / "dashboard.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "gklint", "audit", "submissions", "-j", "1",
                           "--html", str(page)], capture_output=True, text=True, cwd=base, env=env)
    assert proc.returncode == 1, proc.stderr
    return page


def embedded(page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="gklint-data">(.*?)</script>', html, re.S)
    assert m, "no embedded data"
    return json.loads(m.group(1))


def test_page_is_self_contained_and_carries_every_submission(dashboard):
    html = dashboard.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    data = embedded(dashboard)
    subs = {s["path"]: s for s in data["submissions"]}
    assert set(subs) == {f"submissions/{n}" for n in ("000.txt", "004.txt", "hostile.md", "empty.txt")}
    assert subs["submissions/empty.txt"]["status"] == "unreadable"
    garble = next(f for f in subs["submissions/000.txt"]["findings"] if f["rule"] == "GK301")
    excerpt = garble["excerpt"]
    assert excerpt["text"][excerpt["start"]:excerpt["end"]] == "冇"
    blank = next(f for f in subs["submissions/004.txt"]["findings"] if f["rule"] == "GK210")
    assert blank["cell"].startswith("表四 / ")
    # Report text cannot close the data block or open a tag.
    assert html.count("</script>") == 2 and "<img" not in html


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run installs it)")


def browse(page: Path, fragment: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile{abs(hash(fragment))}"
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
           "--virtual-time-budget=5000", *extra, page.as_uri() + fragment]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def rendered(page: Path, fragment: str, tmp_path: Path):
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(browse(page, fragment, tmp_path, "--dump-dom").stdout)


def paths_in_table(dom) -> list[str]:
    return [tr.attributes["data-path"] for tr in dom.css("#submissions tbody tr")]


def test_browser_renders_table_and_findings(dashboard, tmp_path):
    dom = rendered(dashboard, "", tmp_path)
    assert sorted(paths_in_table(dom)) == sorted(s["path"] for s in embedded(dashboard)["submissions"])
    assert dom.css_first("#total-files b").text() == "4"
    report = next(d for d in dom.css("details.report")
                  if d.attributes["data-path"] == "submissions/000.txt")
    rules = [tr.attributes["data-rule"] for tr in report.css("tbody tr")]
    assert {"GK101", "GK301", "GK310"} <= set(rules)
    garble = next(tr for tr in report.css("tbody tr") if tr.attributes["data-rule"] == "GK301")
    assert "现行冇效件数" in garble.text() and garble.css_first("mark").text() == "冇"
    # Hostile report text is shown as text, never as markup.
    assert not dom.css("img") and HOSTILE.split("<")[0] in dom.text()
    assert not [s for s in dom.css("script") if "alert" in s.text() and "gklint-data" != s.id]


def test_browser_applies_family_and_severity_filters(dashboard, tmp_path):
    dom = rendered(dashboard, "#family=GK2", tmp_path)
    rules = {tr.attributes["data-rule"] for tr in dom.css("details.report tbody tr")}
    assert rules and all(r.startswith("GK2") for r in rules)
    dom = rendered(dashboard, "#severity=error", tmp_path)
    severities = {tr.attributes["data-severity"] for tr in dom.css("details.report tbody tr")}
    assert severities == {"error"}


def test_browser_sorts_by_errors(dashboard, tmp_path):
    dom = rendered(dashboard, "#sort=errors-desc", tmp_path)
    counts = [int(tr.css_first("td.errors").text()) for tr in dom.css("#submissions tbody tr")]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert paths_in_table(dom)[0] == "submissions/000.txt"


def test_browser_lists_what_needs_attention_first_by_default(dashboard, tmp_path):
    dom = rendered(dashboard, "", tmp_path)
    paths = paths_in_table(dom)
    assert paths[0] == "submissions/empty.txt"  # unreadable first, then by errors
    counts = [int(tr.css_first("td.errors").text()) for tr in dom.css("#submissions tbody tr")][1:]
    assert counts == sorted(counts, reverse=True)


def test_browser_screenshot_for_people(dashboard, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "dashboard.png"
    if shot.exists():
        shot.unlink()
    index = [s["path"] for s in embedded(dashboard)["submissions"]].index("submissions/000.txt")
    browse(dashboard, f"#open={index}", tmp_path, "--window-size=1400,1100", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
