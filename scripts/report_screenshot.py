"""docs/report.png: the first page of the PDF report of 2022-Q1 on the report tests'
synthetic ledger (tests/reports_world.py), through Debian's pdftoppm (poppler-utils).

    .venv/bin/python scripts/report_screenshot.py [OUT.png]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ledger.application.audit import AuditService  # noqa: E402
from ledger.application.reports import ReportRequest, parse_period  # noqa: E402
from ledger.application.reports.document import build_report  # noqa: E402
from ledger.application.reports.render import render_pdf  # noqa: E402
from tests.reports_world import quarter_world  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "report.png"
    with tempfile.TemporaryDirectory() as folder:
        world = quarter_world(f"sqlite:///{folder}/ledger.sqlite", Path(folder) / "signing.key")
        AuditService(world.world.app).create_checkpoint()
        world.world.views.catch_up()
        report = build_report(
            world.world.views,
            AuditService(world.world.app),
            ReportRequest(parse_period("2022-Q1")),
        )
        pdf = Path(folder) / "report.pdf"
        pdf.write_bytes(render_pdf(report))
        prefix = Path(folder) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        out.write_bytes(prefix.with_suffix(".png").read_bytes())
        world.world.close()
    print(out)


if __name__ == "__main__":
    main()
