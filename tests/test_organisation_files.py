"""Organisation files as HR and mail systems export them: delimiters, encodings, column names, text ids, ties to
people outside the organisation, weights. Each loads to the same organisation as the tidy file, and what was
noticed is said."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import OrgColumns, OrgConfig
from sim.organisation import OrganisationFileError, load
from tests.conftest import run_cli

TIDY = (
    "id,team,role\n1,Økonomi,team_leader\n2,Økonomi,employee\n3,Sagsbehandling,team_leader\n4,Sagsbehandling,employee\n"
)
TIDY_TIES = "source,target\n1,2\n2,3\n3,4\n"


def files(tmp_path, employees: bytes, ties: bytes | None = None, **org) -> OrgConfig:
    (tmp_path / "e.csv").write_bytes(employees)
    if ties is not None:
        (tmp_path / "t.csv").write_bytes(ties)
    return OrgConfig(source="files", employees_file=str(tmp_path / "e.csv"),
                     ties_file=str(tmp_path / "t.csv") if ties is not None else "", **org)  # fmt: skip


def same_organisation(a, b) -> None:
    assert a.n == b.n and a.team_names == b.team_names and a.role.tolist() == b.role.tolist()
    assert (a.adjacency != b.adjacency).nnz == 0


@pytest.fixture
def tidy(tmp_path):
    """The organisation of the tidy files (comma-separated UTF-8 with the default column names)."""
    (tmp_path / "tidy").mkdir()
    return load(files(tmp_path / "tidy", TIDY.encode(), TIDY_TIES.encode()))


@pytest.mark.parametrize(
    ("employees", "ties", "said"),
    [
        (TIDY.replace(",", ";").encode("cp1252"), TIDY_TIES.replace(",", ";").encode("cp1252"),
         ["semicolons", "Windows-1252"]),
        (TIDY.replace(",", "\t").encode(), TIDY_TIES.replace(",", "\t").encode(), ["tabs"]),
        (b"\xef\xbb\xbf" + TIDY.encode(), b"\xef\xbb\xbf" + TIDY_TIES.encode(), []),
        (TIDY.replace("\n", "\r\n").encode("latin-1"), TIDY_TIES.encode(), ["Windows-1252"]),
    ],
)  # fmt: skip
def test_delimiters_and_encodings_are_detected_and_said(tmp_path, tidy, employees, ties, said):
    org = load(files(tmp_path, employees, ties))
    same_organisation(org, tidy)
    assert "Økonomi" in org.team_names
    for text in said:
        assert any(text in note for note in org.notes), (text, org.notes)
    if not said:
        assert org.notes == []


def test_hr_column_names_are_mapped_by_settings(tmp_path, tidy):
    hr = TIDY.replace("id,team,role", "Employee_ID,Unit,Position")
    mail = TIDY_TIES.replace("source,target", "from,to")
    cols = OrgColumns(id="employee_id", team="unit", role="position", source="from", target="to")
    same_organisation(load(files(tmp_path, hr.encode(), mail.encode(), columns=cols)), tidy)
    with pytest.raises(
        OrganisationFileError, match=r"missing column 'id' \(org.columns.id\).*org.columns.id=employee_id"
    ):
        load(files(tmp_path, hr.encode(), mail.encode()))


def test_text_ids_and_ties_to_people_outside_the_organisation(tmp_path):
    employees = "id,team,role\nAse@Agency.no,A,team_leader\nper@agency.no,A,employee\nS-0042,B,employee\n"
    ties = ("source,target,weight\nase@agency.no,per@agency.no,12\nper@agency.no,S-0042,3\n"
            "per@agency.no,vendor@example.com,40\nnews@list.org,S-0042,1\n")  # fmt: skip
    with pytest.raises(
        OrganisationFileError, match=r"row 4: target 'vendor@example.com' is not an id.*unknown_ids=drop"
    ):
        load(files(tmp_path, employees.encode(), ties.encode()))
    org = load(files(tmp_path, employees.encode(), ties.encode(), unknown_ids="drop"))
    assert org.ids.tolist() == ["ase@agency.no", "per@agency.no", "S-0042"]  # e-mail addresses in lower case
    assert org.n_ties == 2 and org.cleaning["ties_to_unknown_ids_dropped"] == 2
    notes = " ".join(org.notes)
    assert "dropped 2 ties" in notes and "vendor@example.com" in notes and "news@list.org" in notes
    assert "column 'weight' ignored" in notes


def test_whole_number_ids_stay_numbers(tmp_path):
    org = load(files(tmp_path, TIDY.encode()))
    assert org.ids.dtype == np.int64 and org.ids.tolist() == [1, 2, 3, 4]


def test_the_cleaning_report_is_printed_once_saved_and_in_the_report(tmp_path):
    (tmp_path / "e.csv").write_bytes(TIDY.replace(",", ";").encode("cp1252"))
    (tmp_path / "t.csv").write_bytes((TIDY_TIES + "1,99\n").encode())
    proc = run_cli(tmp_path, "run=quick", "run.figure=true", "run.packages=[status_quo,balanced]", "org.source=files",
                   "org.employees_file=e.csv", "org.ties_file=t.csv", "org.unknown_ids=drop")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("Loaded 4 people") == 1 and "dropped 1 ties" in proc.stderr
    (folder,) = (tmp_path / "runs").iterdir()
    saved = (folder / "organisation.txt").read_text(encoding="utf-8")
    assert "Loaded 4 people" in saved and "Windows-1252" in saved and "semicolons" in saved
    assert "dropped 1 ties to ids not in e.csv (e.g. 99)" in (folder / "report.html").read_text(encoding="utf-8")


def test_whole_number_ids_are_numbers_in_both_files(tmp_path, tidy):
    ties = "source,target\n001,2.0\n+2,03\n3,4\n"  # as a spreadsheet may write them
    same_organisation(load(files(tmp_path, TIDY.encode(), ties.encode())), tidy)
    with pytest.raises(OrganisationFileError, match=r"rows 2 and 3: id 1 appears twice"):
        load(files(tmp_path, b"id,team,role\n1,A,employee\n01,A,employee\n"))


def test_ties_that_name_no_one_at_all_are_refused_even_when_dropping(tmp_path):
    ties = "source,target\nx1,x2\nx2,x3\n"
    with pytest.raises(OrganisationFileError, match=r"none of its 2 ties names an id.*written the same way"):
        load(files(tmp_path, TIDY.encode(), ties.encode(), unknown_ids="drop"))


def test_exports_with_a_bom_and_windows_1252_utf_16_or_quoted_headers(tmp_path, tidy):
    bom_1252 = b"\xef\xbb\xbf" + TIDY.replace(",", ";").encode("cp1252")
    assert "Økonomi" in load(files(tmp_path, bom_1252, TIDY_TIES.encode())).team_names
    utf16 = TIDY.replace(",", "\t").encode("utf-16")
    org = load(files(tmp_path, utf16, TIDY_TIES.encode()))
    same_organisation(org, tidy)
    assert any("UTF-16" in note for note in org.notes)
    quoted = TIDY.replace("id,team,role", '"Employee ID, HR";"Unit, sub";role').replace(",", ";")
    quoted = quoted.replace('"Employee ID; HR";"Unit; sub"', '"Employee ID, HR";"Unit, sub"')
    cols = OrgColumns(id="employee id, hr", team="unit, sub")
    same_organisation(load(files(tmp_path, quoted.encode(), TIDY_TIES.encode(), columns=cols)), tidy)


def test_blank_lines_are_skipped_and_messages_name_the_rows_a_spreadsheet_shows(tmp_path):
    """Exports often hold blank lines (between blocks, at the end). They are dropped, and a message names the row
    as a spreadsheet numbers it (header = row 1, blank lines counted): here the unknown role is on row 6, and the
    tie to no one on row 5."""
    employees = "id,team,role\n\n1,A,team_leader\n2,A,employee\n\n9,B,boss\n"
    with pytest.raises(OrganisationFileError, match=r"row 6: role 'boss' is not known"):
        load(files(tmp_path, employees.encode()))
    employees = "id,team,role\n\n1,A,team_leader\n2,A,employee\n \n3,B,employee\n\n"
    ties = "source,target\n1,2\n\n2,3\n3,7\n"
    with pytest.raises(OrganisationFileError, match=r"row 5: target 7 is not an id"):
        load(files(tmp_path, employees.encode(), ties.encode()))
    org = load(files(tmp_path, employees.encode(), ties.encode(), unknown_ids="drop"))
    assert org.n == 3 and org.n_ties == 2  # the blank and whitespace-only lines are no one
