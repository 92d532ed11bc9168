"""``zhlint check --format html``: the reviewer's page.

Two kinds of tests: the page as text (parsed with html.parser: what elements and attributes it
holds, whatever the reports say), and the page in a real browser (headless Chromium through
selenium: highlights, links, filters, console). The browser tests skip, saying why, when Chromium,
its driver or selenium is missing; CI installs them (.ci/run). Screenshots of the overview and
of one report are written to ``$ZHLINT_TEST_ARTIFACTS`` (default: the test's tmp directory).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from zhlint.cli import main
from zhlint.config import Config
from zhlint.diagnostics import Diagnostic, Fix, Related, Severity
from zhlint.engine import lint_file
from zhlint.report.html import write_html
from zhlint.report.html_assets import SCRIPT, STYLE
from zhlint.report.review import Review, ReviewedFile, read_again

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = next((ROOT / "examples").glob("*.txt"))
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
UNIT = "株洲市示例服务中心"

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "</style><b>x</b>",
    "javascript:alert(3)",
    "'><svg onload=alert(4)>",
    "</template><script>alert(5)</script>",
    "<!--",
    "]]></textarea>",
)
ALLOWED_TAGS = {
    "html", "head", "meta", "link", "title", "style", "body", "header", "a", "span", "label", "input",
    "select", "option", "noscript", "p", "section", "h1", "h2", "table", "thead", "tbody", "tr", "th",
    "td", "main", "template", "div", "article", "aside", "ol", "ul", "li", "mark", "caption", "code",
    "script",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "rel", "href", "class", "type", "data-sev",
    "checked", "id", "value", "placeholder", "aria-label", "data-col", "data-type", "tabindex",
    "data-report", "data-findings", "data-rule", "hidden", "title", "colspan", "data-f",
    "data-r", "data-rf", "data-goto", "data-code", "data-fix",
}  # fmt: skip


class _Elements(HTMLParser):
    """Every start tag with its attributes, the text of script and style elements, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self.text: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._open = tag if tag in self.raw else None

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.raw[self._open].append(data)
        else:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"a comment in the page: {data!r}")


def _parse(page: str) -> _Elements:
    elements = _Elements()
    elements.feed(page)
    elements.close()
    return elements


def _hostile_report(directory: Path) -> Path:
    """The example report with its unit name, a table cell and a prose line made of markup."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(UNIT, "株洲市<script>alert(1)</script>服务中心")
    text = text.replace("二、政府性基金预算财政拨款收入", "javascript:alert(6)<img src=x onerror=alert(7)>")
    text += "\n</style><script>alert(8)</script> javascript:void(0)\n"
    path = directory / '"><img src=x onerror=alert(9)><script>.txt'
    path.write_text(text, encoding="utf-8")
    return path


def _hostile_diagnostic(path: Path) -> Diagnostic:
    """A finding whose every text field is markup, with a related place and a fix."""
    related = Related(HOSTILE[1], 1, 1, 1, 3, str(path), 0, 2)
    fix = Fix(HOSTILE[0], 1, 1, 1, 3, 0, 2)
    return Diagnostic(
        HOSTILE[4], HOSTILE[2], Severity.ERROR, "".join(HOSTILE), 1, 1, 1, 3, str(path), 0, 2, (related,), fix
    )


def test_report_text_cannot_inject_markup_or_script(tmp_path: Path) -> None:
    path = _hostile_report(tmp_path)
    assert "<script>" in read_again(ReviewedFile(path), ()).unit  # the unit read from the cover
    configured = tmp_path / "configured.txt"  # and a unit name from a configuration file
    shutil.copy(EXAMPLE, configured)
    files = (ReviewedFile(path), ReviewedFile(configured, Config(unit_name="".join(HOSTILE))))
    diagnostics = (*lint_file(path), _hostile_diagnostic(path), _hostile_diagnostic(configured))
    page = _page(Review(files, diagnostics))
    elements = _parse(page)
    for tag, attributes in elements.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attributes:
            assert name in ALLOWED_ATTRIBUTES and not name.startswith("on"), name
            if name == "href":
                assert value is not None and (value.startswith("#") or value == "data:,"), value
    counts = Counter(tag for tag, _ in elements.tags)
    assert counts["script"] == 1 and counts["style"] == 1 and counts["img"] == 0
    assert "".join(elements.raw["script"]) == SCRIPT and "".join(elements.raw["style"]) == STYLE
    shown = "".join(elements.text)
    for hostile in HOSTILE:
        assert hostile in shown  # shown as text, character for character
    assert "onerror=alert(9)" in shown and "javascript:alert(6)" in shown


def test_page_forbids_network_and_foreign_scripts(tmp_path: Path) -> None:
    page = _page(Review((ReviewedFile(EXAMPLE),), tuple(lint_file(EXAMPLE))))
    policy = next(
        value
        for tag, attributes in _parse(page).tags
        if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attributes
        for name, value in attributes
        if name == "content"
    )
    assert policy is not None and "default-src 'none'" in policy and "script-src 'sha256-" in policy
    assert "http://" not in page and "https://" not in page


def test_every_finding_is_highlighted_in_the_text(tmp_path: Path) -> None:
    diagnostics = tuple(lint_file(EXAMPLE))
    elements = _parse(_page(Review((ReviewedFile(EXAMPLE),), diagnostics)))
    highlighted = {
        finding
        for tag, attributes in elements.tags
        if tag == "mark"
        for name, value in attributes
        if name == "data-f" and value
        for finding in value.split()
    }
    items = [dict(attributes) for tag, attributes in elements.tags if tag == "li"]
    listed = {item["data-f"] or "" for item in items if (item.get("class") or "").startswith("f ")}
    assert len(listed) == len(diagnostics) > 0
    assert highlighted == listed
    classes = {dict(attributes).get("class") for _, attributes in elements.tags}
    assert "nowhere" not in classes  # each at its characters, none in the box of unplaced findings


def test_an_unreadable_file_has_its_row_and_its_finding(tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\xff" * 64)
    diagnostics = tuple(lint_file(binary))
    assert [d.code for d in diagnostics] == ["ZL001"]
    page = _page(Review((ReviewedFile(binary),), diagnostics))
    elements = _parse(page)
    marks = [dict(attributes) for tag, attributes in elements.tags if tag == "mark"]
    assert [mark.get("data-f") for mark in marks] == ["r0-0"]  # a pin in the box of unplaced findings
    assert "无法读取" in "".join(elements.text) and 'href="#r0"' in page


def test_html_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "html", str(EXAMPLE)]) == 2
    assert "-o" in capsys.readouterr().err


def _page(review: Review) -> str:
    import io

    out = io.StringIO()
    write_html(review, out)
    return out.getvalue()


# --- in a browser ---------------------------------------------------------------------------------


def _browser_binaries() -> tuple[str, str] | str:
    """(chromium, chromedriver), or why the browser tests cannot run."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    browser = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    driver = shutil.which("chromedriver") or next(
        (path for path in ("/usr/lib/chromium/chromedriver",) if os.access(path, os.X_OK)), None
    )
    if browser is None or driver is None:
        return "Chromium or chromedriver not found (Debian: apt-get install chromium chromium-driver)"
    return browser, driver


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("ZHLINT_TEST_ARTIFACTS")
    directory = Path(wanted) if wanted else tmp_path_factory.mktemp("artifacts")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """The page for the corpus and the example, and the findings (JSON) it shows."""
    directory = tmp_path_factory.mktemp("page")
    paths = [str(path) for path in [*CORPUS, EXAMPLE]]
    page = directory / "review.html"
    assert main(["check", "--no-progress", "--jobs", "1", "--format", "html", "-o", str(page), *paths]) == 1
    listing = directory / "findings.json"
    main(["check", "--no-progress", "--jobs", "1", "--format", "json", "-o", str(listing), *paths])
    return page, json.loads(listing.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    found = _browser_binaries()
    if isinstance(found, str):
        pytest.skip(f"browser tests skipped: {found}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = found
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tempfile.mkdtemp(prefix="zhlint-chromium-")
    for argument in (
        "--headless",
        "--no-sandbox",  # as root in a container
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(browser: Any, page: Path, fragment: str = "") -> None:
    """A fresh load of the page (filters as written), showing ``fragment``."""
    browser.get("about:blank")
    browser.get(page.as_uri() + fragment)


def _errors(browser: Any) -> list[dict[str, Any]]:
    return [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def _report_indexes(browser: Any) -> dict[str, int]:
    rows = browser.execute_script(
        "return [...document.querySelectorAll('#reports tbody tr')]"
        ".map(r => [r.querySelector('a').textContent, Number(r.dataset.report)])"
    )
    return {path: index for path, index in rows}


def test_overview_lists_every_report_without_console_errors(
    browser: Any, batch: tuple[Path, list[dict[str, Any]]], artifacts: Path
) -> None:
    page, findings = batch
    _open(browser, page)
    indexes = _report_indexes(browser)
    assert sorted(indexes) == sorted(str(path) for path in [*CORPUS, EXAMPLE])
    totals = browser.execute_script(
        "return [...document.querySelectorAll('#rules tbody tr')].map(r => [r.cells[0].textContent,"
        " Number(r.cells[3].textContent)])"
    )
    assert dict(totals) == dict(Counter(finding["code"] for finding in findings))
    browser.save_screenshot(str(artifacts / "review-overview.png"))
    assert _errors(browser) == []


def test_each_report_highlights_every_finding(browser: Any, batch: tuple[Path, list[dict[str, Any]]]) -> None:
    page, findings = batch
    _open(browser, page)
    for path, index in _report_indexes(browser).items():
        _open(browser, page, f"#r{index}")
        listed, highlighted = browser.execute_script(
            "return [document.querySelectorAll('#view li.f').length, new Set([...document.querySelectorAll("
            "'#view mark.hl')].flatMap(m => m.dataset.f.split(' '))).size]"
        )
        expected = sum(1 for finding in findings if finding["path"] == path)
        assert listed == highlighted == expected, path
    assert _errors(browser) == []


def test_clicking_a_related_place_reveals_the_cell_and_back(
    browser: Any, batch: tuple[Path, list[dict[str, Any]]], artifacts: Path
) -> None:
    from selenium.webdriver.common.by import By

    page, _ = batch
    _open(browser, page)
    _open(browser, page, f"#r{_report_indexes(browser)[str(EXAMPLE)]}")
    # the first finding compared with a table cell
    finding = browser.execute_script(
        "return [...document.querySelectorAll('#view li.f')].find(li => li.querySelector('ul.related a')"
        " && document.querySelector('td mark[data-rf~=\"' + li.dataset.f + '\"]')).dataset.f"
    )
    item = browser.find_element(By.ID, f"f-{finding}")
    browser.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", item)
    item.find_element(By.CSS_SELECTOR, ".msg").click()
    assert "active" in item.get_attribute("class")
    own = browser.find_element(By.CSS_SELECTOR, f'mark[data-f~="{finding}"]')
    assert "active" in own.get_attribute("class") and _in_view(browser, own)
    item.find_element(By.CSS_SELECTOR, "ul.related a").click()
    cell = browser.find_element(By.CSS_SELECTOR, f'mark[data-r~="{finding}.0"]')
    assert "active" in cell.get_attribute("class") and _in_view(browser, cell)
    assert browser.execute_script("return arguments[0].closest('td') !== null", cell)
    browser.save_screenshot(str(artifacts / "review-report.png"))
    other = next(li for li in browser.find_elements(By.CSS_SELECTOR, "#view li.f") if li != item)
    browser.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", other)
    other.find_element(By.CSS_SELECTOR, ".msg").click()  # another finding: the cell is no longer active
    assert "active" not in cell.get_attribute("class")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    cell.click()  # and back: the cell selects the finding it belongs to
    assert "active" in browser.find_element(By.ID, f"f-{finding}").get_attribute("class")
    assert _errors(browser) == []


def _in_view(browser: Any, element: Any) -> bool:
    return bool(
        browser.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.bottom > 0 && r.top < window.innerHeight && r.width > 0",
            element,
        )
    )


def test_filters_hide_findings_and_their_highlights(
    browser: Any, batch: tuple[Path, list[dict[str, Any]]]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page, findings = batch
    _open(browser, page)
    _open(browser, page, f"#r{_report_indexes(browser)[str(EXAMPLE)]}")
    browser.find_element(By.CSS_SELECTOR, 'input[data-sev="warning"]').click()
    state = browser.execute_script(
        "return [...document.querySelectorAll('#view li.f')].map(li => [li.dataset.sev,"
        " li.offsetParent !== null,"
        " [...document.querySelectorAll('#view mark[data-f=\"' + li.dataset.f + '\"]')]"
        ".every(m => m.classList.contains('off') === (li.dataset.sev === 'warning'))])"
    )
    assert any(severity == "warning" for severity, _, _ in state)
    assert all(shown == (severity != "warning") and marks for severity, shown, marks in state)
    browser.find_element(By.CSS_SELECTOR, 'input[data-sev="warning"]').click()
    Select(browser.find_element(By.ID, "rule")).select_by_value("ZL610")
    visible = browser.execute_script(
        "return [...document.querySelectorAll('#view li.f')].filter(li => li.offsetParent !== null)"
        ".map(li => li.dataset.code)"
    )
    expected = sum(1 for f in findings if f["path"] == str(EXAMPLE) and f["code"] == "ZL610")
    assert visible == ["ZL610"] * expected and expected > 0
    browser.find_element(By.CSS_SELECTOR, "#view a.back").click()  # the overview keeps the filter
    shown = browser.execute_script(
        "return [...document.querySelectorAll('#reports tbody tr')].filter(r => !r.hidden)"
        ".map(r => r.querySelector('a').textContent)"
    )
    assert sorted(shown) == sorted({f["path"] for f in findings if f["code"] == "ZL610"})
    assert _errors(browser) == []


def test_overview_sorts_by_a_column(browser: Any, batch: tuple[Path, list[dict[str, Any]]]) -> None:
    from selenium.webdriver.common.by import By

    page, findings = batch
    _open(browser, page)
    header = browser.find_element(By.CSS_SELECTOR, '#reports th[data-col="4"]')  # 错误
    header.click()
    header.click()  # descending
    order = browser.execute_script(
        "return [...document.querySelectorAll('#reports tbody tr')].map(r => Number(r.cells[4].textContent))"
    )
    errors = Counter(f["path"] for f in findings if f["severity"] == "error")
    assert order == sorted(order, reverse=True) and order[0] == max(errors.values())
