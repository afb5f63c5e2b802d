"""`s55bot report` as an operator runs it: the fixture year's report written as CSV and as
Markdown by a real process, and every bad request refused in one line, with no file written."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from storage.db import Database
from tests.bot.compliance import year as fixture
from tests.bot.runtime.test_cli import run
from tests.forkserver import s55bot

AS_OF = ["--as-of", fixture.AS_OF.isoformat()]


def office(clean_env: dict[str, str], database: Database) -> dict[str, str]:
    return {
        **clean_env,
        "DATABASE_URL": database.url,
        "S55_AREA": "Norfolk",
        "S55_DEADLINE_RULE": fixture.OFFICE_RULE.value,
    }


def test_the_years_report_as_csv_and_markdown(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> None:
    fixture.build_year(database)
    env = office(clean_env, database)
    written = run(["report", "--year", "2024", "--out", "year.csv", *AS_OF], env, tmp_path)
    assert written.returncode == 0, written.stderr
    assert written.stderr == (
        "s55bot: wrote the compliance report for 2024 (12 inspection(s)) to year.csv "  # not S55-5
        "(suggested name: s55-compliance-2024.csv)\n"
    )
    rows = list(csv.DictReader(io.StringIO((tmp_path / "year.csv").read_text("utf-8"), newline="")))
    assert [r["reference"] for r in rows] == list(fixture.REFERENCES_2024)
    results = [r["result"] for r in rows]
    assert (results.count("on time"), results.count("late")) == (fixture.ON_TIME, 2)
    assert [r["reference"] for r in rows if r["result"] == "late"] == list(fixture.LATE)

    shown = run(["report", "--period", "2024", *AS_OF], env, tmp_path)  # md, on stdout
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert text.startswith("# Section 55 compliance report: Norfolk, 2024\n")
    assert f"- On time: {fixture.ON_TIME} of {fixture.COUNTED} (80%)\n" in text
    assert f"- Median days to publish: {fixture.MEDIAN_DAYS}\n" in text
    assert "The office's own countdown uses publication date + 56 days" in text
    for reference, label, owner, target in fixture.OVERDUE:
        assert re.search(  # between them, what the item asks
            rf"^\| {reference} \| {label} \| [^\n]+ \| {owner} \| {target.day} {target:%b %Y} \|",
            text,
            re.MULTILINE,
        )


def test_the_format_follows_the_files_name(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> None:
    env = office(clean_env, database)
    result = run(["report", "--period", "2024-25", "--out", "fy.md", *AS_OF], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        (tmp_path / "fy.md")
        .read_text("utf-8")
        .startswith("# Section 55 compliance report: Norfolk, 2024-25\n")
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["--year", "banana"],
            "s55bot: I couldn't read banana as a year or a period. Try 2024, 2024-25 or "
            "1 Apr 2024 to 31 Mar 2025 (a financial year runs 1 April to 31 March).\n",
        ),
        (
            ["--year", "2099"],
            "s55bot: 2099 starts on Thu 1 Jan 2099, after today (Fri 31 Jan 2025): there is "
            "nothing to report yet. Try 2024, 2024-25 or 1 Apr 2024 to 31 Mar 2025.\n",
        ),
        (
            [],
            "s55bot: which period? Give --year 2024, --period 2024-25 or "
            '--period "1 Apr 2024 to 31 Mar 2025"\n',
        ),
        (
            ["--year", ""],
            "s55bot: Which year? Try 2024, 2024-25 or 1 Apr 2024 to 31 Mar 2025.\n",
        ),
        (
            ["--year", "2024", "--format", "pdf"],
            "s55bot: pdf is not a format of the compliance report: choose html, docx, csv, md.\n",
        ),
        (
            ["--year", "2024", "--format", "docx"],
            "s55bot: a .docx report needs --out FILE (it is not text for the terminal)\n",
        ),
        (
            ["--year", "2024", "--as-of", "31/01/2025"],
            "s55bot: --as-of '31/01/2025' is not a day: write it as YYYY-MM-DD, e.g. 2025-03-31\n",
        ),
        (  # judged on a day to come, every open deadline before it would read as missed
            ["--year", "2024", "--as-of", "9999-12-31"],
            f"s55bot: --as-of 9999-12-31 is after today ({date.today().isoformat()}): "
            "a report can only be judged on a day that has come\n",
        ),
        (  # not Markdown in a file named .pdf
            ["--year", "2024", "--out", "panel.PDF"],
            "s55bot: PDF is not a format of the compliance report: choose html, docx, csv, md.\n",
        ),
    ],
)
def test_a_bad_request_is_one_line_and_exit_2(
    clean_env: dict[str, str], tmp_path: Path, args: list[str], says: str
) -> None:
    env = {**clean_env, "DATABASE_URL": f"sqlite:///{tmp_path / 's55bot.db'}"}
    as_of = [] if "--as-of" in args else AS_OF
    result = run(["report", *args, *as_of], env, tmp_path)
    assert (result.returncode, result.stderr, result.stdout) == (2, says, "")
    assert list(tmp_path.iterdir()) == []  # refused before anything, even the database, is made


def test_an_unwritable_out_is_refused_and_nothing_is_written(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**clean_env, "DATABASE_URL": f"sqlite:///{tmp_path / 's55bot.db'}"}
    result = run(["report", "--year", "2024", "--out", "missing/r.csv", *AS_OF], env, tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "s55bot: cannot write missing/r.csv (No such file or directory): choose another --out\n"
    )
    assert not (tmp_path / "missing").exists()


def test_a_full_standard_output_is_one_line_and_exit_2(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**clean_env, "DATABASE_URL": f"sqlite:///{tmp_path / 's55bot.db'}"}
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            s55bot("report", "--year", "2024", *AS_OF),
            env=env,
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (result.returncode, result.stderr) == (
        2,
        "s55bot: cannot write the report to standard output (No space left on device): "
        "give --out FILE\n",
    )
