"""The report in a real browser: headless Chromium loads each page, every figure decodes,
no console error, and hostile article text stays text."""
from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")

class Browser:
    """Just enough of the DevTools protocol: navigate, evaluate, screenshot, collect errors."""

    def __init__(self, profile: Path):
        import websocket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
             f"--remote-debugging-port={port}", "--window-size=1200,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2))
                page = next(t for t in targets if t.get("type") == "page")
                break
            except Exception:
                if time.time() > deadline:
                    self.close()
                    raise
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for method in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.call(method)

    def call(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        deadline = time.time() + 60
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.time() > deadline:
                raise TimeoutError(url)
            self.events.append(json.loads(self.ws.recv()))

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def errors(self) -> list[str]:
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                out.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                out.append(str(params.get("args")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(params["entry"].get("text", ""))
            elif method == "Page.javascriptDialogOpening":
                out.append(f"dialog: {params.get('message')}")
        return out

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def report(sample_report):
    out, _, result = sample_report
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("profile"))
    yield b
    b.close()


def test_index_page_loads_with_figures_and_no_errors(report, browser, tmp_path):
    browser.open((report / "index.html").as_uri())
    images = browser.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth])")
    assert images and all(complete and width > 0 for complete, width in images)
    links = browser.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert "00-overview.html" in links and "tables/quotes.csv" in links
    assert browser.errors() == []
    shot = tmp_path / "index.png"
    browser.screenshot(shot)
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize("page", ["00-overview", "01-corpus", "02-wording", "03-sentiment-framing", "04-readability",
                                  "05-stories"])
def test_each_notebook_page_loads_with_figures_and_no_errors(report, browser, page):
    browser.open((report / f"{page}.html").as_uri())
    images = browser.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth])")
    assert images and all(complete and width > 0 for complete, width in images)
    assert browser.errors() == []


@pytest.mark.parametrize("page", ["00-overview", "01-corpus", "02-wording", "03-sentiment-framing", "04-readability",
                                  "05-stories"])
def test_each_page_has_its_title_a_way_back_and_its_code_behind_a_switch(report, browser, page):
    import nbformat

    from toolkit.report import _title  # (private by design: the title the page must carry)

    browser.open((report / f"{page}.html").as_uri())
    notebook = nbformat.read(ROOT / "notebooks" / f"{page}.ipynb", as_version=4)
    assert browser.evaluate("document.title") == _title(notebook, page) != "Notebook"
    assert browser.evaluate("document.querySelector('nav a').getAttribute('href')") == "index.html"
    shown = "[...document.querySelectorAll('.jp-CodeCell .jp-Cell-inputWrapper')].map(e => e.offsetParent !== null)"
    assert browser.evaluate(shown) and not any(browser.evaluate(shown)), "code is hidden at first"
    browser.evaluate("document.getElementById('show-code').click()")
    assert all(browser.evaluate(shown)), "the switch shows the code"
    text = browser.evaluate("document.body.innerText")
    assert "Traceback" not in text and "Warning:" not in text, "no page shows an error or a warning"
    assert browser.errors() == []


def test_hostile_article_text_is_shown_as_text(report, browser):
    for page in ("index", "00-overview", "01-corpus", "02-wording", "03-sentiment-framing"):
        browser.open((report / f"{page}.html").as_uri())
        assert browser.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0, page
        assert browser.evaluate("[...document.scripts].filter(s => s.textContent.includes('alert(')).length") == 0, page
        assert not [e for e in browser.errors() if e.startswith("dialog")], page
    for page in ("index", "01-corpus"):  # the hostile outlet name is listed there, as text
        browser.open((report / f"{page}.html").as_uri())
        assert "<b>Evil</b> <img src=x onerror=alert(3)>" in browser.evaluate("document.body.innerText"), page


def test_the_term_explorer_lists_a_term_s_contexts_per_outlet(report, browser, sample_report):
    from toolkit.terms import distinctive_from_counts, term_counts

    import toolkit

    _, corpus, _ = sample_report
    browser.open((report / "explore.html").as_uri())
    assert browser.errors() == [] and browser.evaluate("document.title") == "Term explorer"
    assert browser.evaluate("document.querySelector('nav a').getAttribute('href')") == "index.html"
    assert int(browser.evaluate("document.body.dataset.ready")) >= 0
    options = browser.evaluate("[...document.querySelectorAll('#side-a option')].map(o => o.textContent)")
    assert any(o.startswith("<b>Evil</b> <img src=x onerror=alert(3)>") for o in options), "a name is shown as text"
    # a term two outlets use: typed, found in the list, clicked
    term = browser.evaluate("D.terms[D.counts.findIndex(pairs => pairs.length >= 2)]")
    browser.evaluate(f"const box = document.getElementById('search'); box.value = {json.dumps(term[:-1])};"
                     "box.dispatchEvent(new Event('input'))")
    listed = browser.evaluate("[...document.querySelectorAll('#lists button')].map(b => b.dataset.term)")
    assert term in listed
    browser.evaluate(f"document.querySelector('#lists button[data-term=\"{term}\"]').click()")
    sections = browser.evaluate("[...document.querySelectorAll('#contexts section')].map(s => "
                                "[s.dataset.group, s.querySelectorAll('li').length, "
                                "[...s.querySelectorAll('mark')].map(m => m.textContent.toLowerCase())])")
    assert len(sections) >= 2 and all(n > 0 for _, n, _ in sections)
    assert all(marks and all(m.replace("’", "'") == term for m in marks) for _, _, marks in sections)
    assert browser.errors() == []
    # the page's z is distinctive_terms' z: one group against the rest, and two groups
    articles = toolkit.load_corpus(corpus)
    counts = term_counts(toolkit.analyze(articles, workers=1, progress=False)["tokens"], by="outlet", articles=articles)
    plain = dict(min_articles=1, exclude_honorifics=False, merge_nested=False, min_term_chars=1)
    groups = browser.evaluate("D.groups.map(g => g.name)")
    for b, expected in ((-1, distinctive_from_counts(counts, **plain)),
                        (1, distinctive_from_counts(counts, pairwise=True, **plain))):
        page = dict(browser.evaluate(f"zScores(0, {b}).map(r => [D.terms[r.t], r.z])"))
        rows = expected[expected["group"] == groups[0]]
        if b >= 0:
            rows = rows[rows["other"] == groups[b]]
        compared = [(page[t], z) for t, z in zip(rows["term"], rows["z"]) if t in page]
        assert len(compared) > 20 and all(abs(p - z) < 1e-9 for p, z in compared)


SORTED_TABLE = """(() => {
  for (const table of document.querySelectorAll("table.dataframe")) {
    const head = [...table.tHead.rows].find(r => r.querySelector("th.sortable"));
    if (!head || table.tBodies[0].rows.length < 3) continue;
    const column = [...head.cells].findIndex(c => c.classList.contains("num") && !c.hidden);
    if (column < 0) continue;
    const values = () => [...table.tBodies[0].rows].map(r => parseFloat(r.cells[column].textContent.replace(/,/g, "")));
    head.cells[column].click();
    const up = values();
    head.cells[column].click();
    return [up, values(), [...table.tBodies[0].rows].every(r => r.cells[0].hidden || r.cells[0].tagName === "TD")];
  }
  return null;
})()"""

LONG_TABLE = """(() => {
  const table = [...document.querySelectorAll("table.dataframe")].find(t => t.tBodies[0].rows.length > 15);
  if (!table) return null;
  const visible = () => [...table.tBodies[0].rows].filter(r => !r.hidden);
  const first = visible().length;
  const controls = table.previousElementSibling;
  controls.querySelector("button").click();
  const all = visible().length;
  const box = controls.querySelector("input");
  const word = table.tBodies[0].rows[0].cells[1].textContent.trim().toLowerCase().slice(0, 4);
  box.value = word;
  box.dispatchEvent(new Event("input"));
  const kept = visible().map(r => r.textContent.toLowerCase());
  return [first, all, table.tBodies[0].rows.length, word, kept.length, kept.every(t => t.includes(word))];
})()"""


def test_tables_sort_by_a_click_and_long_ones_show_their_first_rows(report, browser):
    sorted_seen = long_seen = False
    for page in ("01-corpus", "02-wording", "03-sentiment-framing", "04-readability", "05-stories", "00-overview"):
        browser.open((report / f"{page}.html").as_uri())
        assert browser.evaluate("document.querySelectorAll('table.dataframe tbody [rowspan]:not([rowspan=\"1\"])')"
                                ".length") == 0, f"{page}: a cell spans rows (sorting would break the table)"
        result = browser.evaluate(SORTED_TABLE)
        if result:
            up, down, no_row_numbers = result
            assert up == sorted(up) and down == sorted(up, reverse=True), page
            assert no_row_numbers, f"{page}: a column of row numbers is shown"
            sorted_seen = True
        result = browser.evaluate(LONG_TABLE)
        if result:
            first, shown_all, rows, word, kept, all_match = result
            assert first == 15 and shown_all == rows and kept >= 1 and all_match, (page, result)
            long_seen = True
        assert browser.errors() == []
    assert sorted_seen and long_seen


def test_a_pick_of_the_term_explorer_is_a_link(report, browser):
    import urllib.parse

    term = "zelenskyy"
    browser.open((report / "index.html").as_uri())  # (from another page: a new hash alone loads nothing)
    browser.open((report / "explore.html").as_uri() + "#" + urllib.parse.urlencode({"a": "AFP", "b": "24brussels",
                                                                                    "term": term}))
    assert browser.evaluate("sides().nameA") == "AFP" and browser.evaluate("sides().nameB") == "24brussels"
    assert browser.evaluate("document.querySelector('#contexts h2').textContent") == f"“{term}”"
    browser.evaluate("document.querySelector('#lists button').click()")
    assert "term=" in browser.evaluate("location.hash") and browser.errors() == []
