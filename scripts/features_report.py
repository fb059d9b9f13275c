"""Living documentation: turn pytest-bdd's Cucumber JSON into one readable HTML page.

    python scripts/features_report.py test-artifacts/features.json test-artifacts/features.html

Data tables of the steps (the people of a scenario, an expected history) are not in the
Cucumber JSON: they are read from the feature file itself (under ``features/``).

Every feature (grouped by area: the folder under features/), its description, each
scenario with its tags, its steps and its result, so a secretariat or an auditor reads
the rules of the ledger and sees, rule by rule, whether the code keeps them.
Exit status 0 whatever the results: `make features` takes its status from pytest.
"""

from __future__ import annotations

import html
import json
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

STATUS_WORDS = {
    "passed": ("passed", "đạt"),
    "failed": ("failed", "không đạt"),
    "skipped": ("skipped", "bỏ qua"),
    "undefined": ("undefined", "chưa định nghĩa"),
}

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem;
       color: #1d1d1f; line-height: 1.45; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } .meta { color: #555; margin-top: 0; }
.summary span { display: inline-block; margin-right: 1rem; font-weight: 600; }
h2 { border-bottom: 2px solid #ccc; margin-top: 2.5rem; text-transform: capitalize; }
section.feature { margin: 1.2rem 0 2rem; }
section.feature > h3 { margin-bottom: .2rem; }
.file { color: #777; font-size: .85rem; }
.description { white-space: pre-line; color: #333; margin: .3rem 0 .8rem; }
details { border: 1px solid #ddd; border-left: 6px solid #999; border-radius: 4px;
          margin: .4rem 0; padding: .3rem .7rem; }
details.passed { border-left-color: #2e7d32; } details.failed { border-left-color: #c62828; }
details.skipped, details.undefined { border-left-color: #f9a825; }
summary { cursor: pointer; } .result { float: right; font-weight: 600; }
.passed .result { color: #2e7d32; } .failed .result { color: #c62828; }
.example { color: #555; font-size: .9rem; }
.tag { background: #eef; border-radius: 3px; font-size: .75rem; padding: 0 .3rem;
       margin-left: .3rem; color: #335; }
ol.steps { list-style: none; padding-left: .5rem; margin: .4rem 0; }
ol.steps li { margin: .15rem 0; } .kw { font-weight: 600; color: #444; }
li.failed { color: #c62828; } li.skipped { color: #999; }
pre.error { background: #fff4f4; border: 1px solid #f3caca; padding: .5rem;
            overflow-x: auto; font-size: .8rem; white-space: pre-wrap; }
table.data { border-collapse: collapse; margin: .2rem 0 .3rem 1.5rem; font-size: .9rem; }
table.data td { border: 1px solid #ccc; padding: .1rem .4rem; }
"""


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def area_of(feature: dict[str, Any]) -> str:
    uri = str(feature.get("uri", ""))
    parts = Path(uri).parts
    if "features" in parts:
        rest = parts[parts.index("features") + 1 :]
        return rest[0] if len(rest) > 1 else "features"
    return parts[0] if len(parts) > 1 else "features"


def scenario_status(scenario: dict[str, Any]) -> str:
    statuses = [s.get("result", {}).get("status", "undefined") for s in scenario["steps"]]
    if not statuses:
        return "undefined"
    for bad in ("failed", "undefined", "skipped"):
        if bad in statuses:
            return bad
    return "passed"


def render_rows(rows: list[dict[str, Any]]) -> str:
    cells = "".join(
        "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row.get("cells", [])) + "</tr>"
        for row in rows
    )
    return f'<table class="data">{cells}</table>'


FEATURES_DIR = Path("features")


def table_after(uri: str, line: int) -> list[list[str]]:
    """The data table written under the step at ``line`` (1-based) of a feature file."""
    path = FEATURES_DIR / uri
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = []
    for raw in lines[line:]:
        text = raw.strip()
        if not text.startswith("|"):
            break
        rows.append([cell.strip() for cell in text.strip("|").split("|")])
    return rows


def render_step(step: dict[str, Any], uri: str) -> str:
    result = step.get("result", {})
    status = result.get("status", "undefined")
    text = f'<span class="kw">{esc(step.get("keyword", "").strip())}</span> {esc(step["name"])}'
    extra = ""
    table = table_after(uri, int(step.get("line", 0))) if step["name"].endswith(":") else []
    if table:
        extra += render_rows([{"cells": row} for row in table])
    if result.get("error_message"):
        extra += f'<pre class="error">{esc(result["error_message"])}</pre>'
    return f'<li class="{status}">{text}{extra}</li>'


def render_tags(tags: list[dict[str, Any]]) -> str:
    return "".join(f'<span class="tag">{esc(t["name"])}</span>' for t in tags)


def example_of(scenario: dict[str, Any]) -> str:
    """The example row of an outline's scenario: pytest's id holds it, escaped, in [...]."""
    test_id = str(scenario.get("id", ""))
    if not test_id.endswith("]") or "[" not in test_id:
        return ""
    escaped = test_id[test_id.index("[") + 1 : -1]
    try:
        text = escaped.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        text = escaped
    # pytest joins the row's values with "-"; dates hold dashes too, so leave it as is.
    return text


def render_scenario(scenario: dict[str, Any], uri: str) -> str:
    status = scenario_status(scenario)
    example = example_of(scenario)
    example_html = f' <span class="example">[{esc(example)}]</span>' if example else ""
    words = STATUS_WORDS.get(status, (status, status))
    steps = "".join(render_step(s, uri) for s in scenario["steps"])
    opened = " open" if status != "passed" else ""
    return (
        f'<details class="{status}"{opened}><summary>'
        f'<span class="kw">{esc(scenario.get("keyword", "Scenario"))}:</span> '
        f"{esc(scenario['name'])}{example_html}{render_tags(scenario.get('tags', []))}"
        f'<span class="result">{esc(words[0])} · {esc(words[1])}</span></summary>'
        f'<ol class="steps">{steps}</ol></details>'
    )


def render(features: list[dict[str, Any]], source: str) -> str:
    by_area: dict[str, list[dict[str, Any]]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for feature in features:
        by_area[area_of(feature)].append(feature)
        for scenario in feature.get("elements", []):
            counts[scenario_status(scenario)] += 1
    total = sum(counts.values())
    summary = "".join(
        f"<span>{esc(STATUS_WORDS.get(k, (k, k))[0])} / {esc(STATUS_WORDS.get(k, (k, k))[1])}:"
        f" {v}</span>"
        for k, v in sorted(counts.items())
    )
    body = []
    for area in sorted(by_area):
        body.append(f"<h2>{esc(area)}</h2>")
        for feature in sorted(by_area[area], key=lambda f: str(f.get("uri", ""))):
            uri = str(feature.get("uri", ""))
            scenarios = "".join(render_scenario(s, uri) for s in feature.get("elements", []))
            body.append(
                '<section class="feature">'
                f"<h3>{esc(feature.get('keyword', 'Feature'))}: {esc(feature['name'])}"
                f"{render_tags(feature.get('tags', []))}</h3>"
                f'<div class="file">{esc(feature.get("uri", ""))}</div>'
                f'<div class="description">{esc(feature.get("description", "").strip())}</div>'
                f"{scenarios}</section>"
            )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        "<title>Directive Ledger: the rules in plain language</title>"
        f"<style>{STYLE}</style></head><body>"
        "<h1>Sổ theo dõi ý kiến chỉ đạo — các quy tắc / the ledger's rules</h1>"
        f'<p class="meta">{total} scenarios from {esc(source)}, generated {generated}.</p>'
        f'<p class="summary">{summary}</p>' + "".join(body) + "</body></html>\n"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = Path(argv[1]), Path(argv[2])
    features = json.loads(source.read_text(encoding="utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(features, source.name), encoding="utf-8")
    scenarios = sum(len(f.get("elements", [])) for f in features)
    print(f"living documentation: {target} ({len(features)} features, {scenarios} scenarios)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
