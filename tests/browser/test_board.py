"""The web board in real Chromium, on the demo ledger that `make demo` serves.

Screenshots are saved in test-artifacts/browser/. Every page fails its test on a console
error, a failed request or an answer of 400 or more (see conftest.py).
"""

from __future__ import annotations

import re
from typing import Any

from ledger.application import LedgerApplication
from ledger.sample import sample_data, sample_id
from ledger.settings import Settings

CENTRAL = [f"TW-{n:02d}" for n in range(1, 11)]
OPENED = "TW-07"


def demo_history(server: Any, key: str) -> list[dict[str, Any]]:
    """The directive's history read from the demo's store, to check the page against."""
    database = server.output.parent / "ledger.sqlite"
    ledger = LedgerApplication(Settings.from_env(env={}, database_url=f"sqlite:///{database}"))
    try:
        return ledger.history(sample_id(key))
    finally:
        ledger.close()


def test_demo_prints_the_board_url(demo_server) -> None:
    printed = demo_server.output.read_text(encoding="utf-8")
    board_lines = [line for line in printed.splitlines() if line.startswith("Board")]
    assert board_lines, printed
    assert board_lines[0].endswith(f": {demo_server.url}/")


def test_board_directive_timeline_badge_and_english(
    demo_server, page_without_js, screenshot
) -> None:
    page, _problems = page_without_js
    page.goto(demo_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Bảng theo dõi thực hiện ý kiến chỉ đạo"
    )
    position = int(page.locator("#log-position").get_attribute("data-position") or "0")
    assert position > 0

    # The ten central directives are on the board, each linking to its page.
    codes = page.locator("#directives tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.code)"
    )
    assert [code for code in codes if code.startswith("TW-")] == CENTRAL
    screenshot(page, "board-vi")

    row = page.locator(f'#directives tbody tr[data-code="{OPENED}"]')
    with page.expect_navigation():
        row.get_by_role("link").click()
    assert page.url == f"{demo_server.url}/directives/{sample_id(OPENED)}"
    assert OPENED in page.locator(".eyebrow").inner_text()

    # The timeline shows every event with its actor, both dates and its leaf hash.
    history = demo_history(demo_server, OPENED)
    events = page.locator("#timeline > li.event")
    # Issued and accepted in 2021; passed to the Hải Phòng board by the 2025 succession.
    assert events.count() == len(history) == 3
    for index, recorded in enumerate(history):
        event = events.nth(index)
        assert event.get_attribute("data-type") == recorded["type"]
        assert event.locator(".actor").inner_text().strip()
        year, month, day = recorded["effective_on"].split("-")
        assert event.locator(".effective-on").inner_text() == f"{day}/{month}/{year}"
        assert (
            event.locator(".recorded-at time").get_attribute("datetime")
            == (recorded["recorded_at"])
        )
        assert event.locator(".leaf-hash").inner_text() == recorded["leaf_hash"]
    assert [events.nth(i).get_attribute("data-type") for i in range(3)] == [
        "issued",
        "accepted",
        "lead_unit_succeeded",
    ]
    assert "202/2025/QH15" in events.nth(2).inner_text()
    assert "Giao nhiệm vụ" in events.nth(0).inner_text()
    assert "Ban Thường vụ Tỉnh ủy Hải Dương" in events.nth(1).locator(".actor").inner_text()

    badge = page.locator("#badge")
    assert badge.get_attribute("data-verified") == "true", badge.inner_text()
    assert "Đã xác minh" in badge.inner_text()
    assert re.search(r"\b[0-9a-f]{64}\b", badge.inner_text())
    screenshot(page, "directive-vi")

    # The language toggle is a plain link: English without JavaScript.
    with page.expect_navigation():
        page.locator("#language-toggle").click()
    assert page.url.endswith("?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    title_en = next(d["title_en"] for d in sample_data()["directives"] if d["key"] == OPENED)
    assert title_en in page.get_by_role("heading", level=1).inner_text()
    assert "Verified" in page.locator("#badge").inner_text()
    assert page.locator("#timeline > li.event h3").all_inner_texts()[0].startswith("Issued")
    assert page.locator("#timeline .effective-on").first.inner_text() == "2021-12-10"
    screenshot(page, "directive-en")

    # Links keep the language: the meeting's page cites each directive's paragraph.
    with page.expect_navigation():
        page.locator("dd a[href*='/meetings/']").click()
    assert page.locator("html").get_attribute("lang") == "en"
    cited = page.locator("#meeting-directives > li")
    codes = [cited.nth(i).get_attribute("data-code") for i in range(cited.count())]
    assert codes[:10] == CENTRAL
    paragraphs = {d["key"]: d["paragraph"] for d in sample_data()["directives"]}
    for index, code in enumerate(CENTRAL):
        citation = cited.nth(index).locator("cite").inner_text()
        assert citation.endswith(f"paragraph {paragraphs[code]}")
        assert cited.nth(index).locator("blockquote").inner_text().strip()
    screenshot(page, "meeting-en")

    with page.expect_navigation():
        page.locator("#language-toggle").click()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "đoạn 9" in cited.first.locator("cite").inner_text()


def test_pages_pass_axe_core(demo_server, page_with_js, axe_script, screenshot) -> None:
    """axe-core 4.14 (vendored) finds no accessibility violation on any page, either language."""
    page, _problems = page_with_js
    paths = [
        "/",
        "/?lang=en",
        f"/directives/{sample_id(OPENED)}",
        f"/directives/{sample_id('DP-01')}?lang=en",
        f"/meetings/{sample_id('meeting')}",
    ]
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(demo_server.url + path)
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        violations = [
            f"{v['impact']} {v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        if violations:
            found[path] = violations
    screenshot(page, "meeting-vi")
    assert found == {}
