"""The organisation: generation as sparse arrays, loading untidy files, clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import ArchetypeShares, OrgConfig
from sim.organisation import OrganisationFileError, assign_archetypes, build, generate, load


def rng(seed=0):
    return np.random.default_rng(seed)


@pytest.mark.parametrize("size", [2, 5, 13, 200, 1000, 5000])
def test_generated_organisation_has_requested_size_and_a_valid_network(size):
    org = generate(OrgConfig(size=size), rng())
    assert org.n == size
    adj = org.adjacency
    assert adj.shape == (size, size)
    assert (adj != adj.T).nnz == 0, "ties are undirected"
    assert adj.diagonal().sum() == 0, "no self-ties"
    assert set(np.unique(adj.data)) <= {1.0}
    assert org.team.min() == 0 and org.team.max() == org.n_teams - 1
    assert np.all(np.bincount(org.team) > 0), "no empty teams"


def test_generated_structure_teams_departments_leaders():
    cfg = OrgConfig(size=1003, team_size=10, teams_per_department=8, top_management_size=3)
    org = generate(cfg, rng())
    sizes = np.bincount(org.team)[1:]
    assert sizes.max() - sizes.min() <= 1 and abs(sizes.mean() - 10) < 1
    assert (org.role == 3).sum() == 3
    n_work_teams = org.n_teams - 1
    assert (org.role == 1).sum() == n_work_teams, "one team leader per work team"
    assert (org.role == 2).sum() == -(-n_work_teams // 8), "one head per department of up to 8 teams"
    leaders = org.team_leaders()
    assert np.all(leaders >= 0)
    assert org.role[leaders[0]] == 3, "top management leads the leadership group"
    assert np.all(org.role[leaders[1:]] == 1)
    assert np.all(org.team[leaders] == np.arange(org.n_teams))


def test_ties_dense_inside_teams_sparse_across():
    cfg = OrgConfig(size=4000, tie_prob_in_team=0.6, ties_across_teams=2.0, same_department_share=0.7)
    org = generate(cfg, rng(1))
    coo = org.adjacency.tocoo()
    same_team = org.team[coo.row] == org.team[coo.col]
    sizes = np.bincount(org.team)
    pairs_in = (sizes * (sizes - 1)).sum()  # ordered pairs
    density_in = same_team.sum() / pairs_in
    assert abs(density_in - 0.6) < 0.03
    across_per_person = (~same_team).sum() / org.n
    assert 1.5 < across_per_person < 2.5, across_per_person  # 2 plus leader-to-head ties, minus collisions
    across = ~same_team
    same_dept = org.department[coo.row[across]] == org.department[coo.col[across]]
    assert same_dept.mean() > 0.6


def test_ties_per_person_do_not_grow_with_the_organisation():
    small = generate(OrgConfig(size=2000), rng(2))
    large = generate(OrgConfig(size=100_000), rng(2))
    assert abs(large.n_ties / large.n - small.n_ties / small.n) < 0.5
    leaders_group = np.bincount(large.team)[0]
    assert leaders_group > 1000  # top management and 1,250 department heads
    degree = np.diff(large.adjacency.indptr)
    assert degree[large.team == 0].mean() < 2 * 0.6 * (2 * 10 - 1) + 4


def test_generation_is_reproducible_and_seed_dependent():
    a = generate(OrgConfig(size=300), rng(5))
    b = generate(OrgConfig(size=300), rng(5))
    c = generate(OrgConfig(size=300), rng(6))
    assert (a.adjacency != b.adjacency).nnz == 0
    assert (a.adjacency != c.adjacency).nnz > 0


def test_archetypes_assigned_in_exact_shares_where_not_given():
    shares = ArchetypeShares(worried=0.2, opportunity_seeker=0.15, pragmatist=0.35, critic=0.1, wait_and_see=0.2)
    given = np.full(1000, -1, dtype=np.int8)
    given[:10] = 3  # ten critics fixed by the file
    out = assign_archetypes(given, shares, rng())
    assert np.all(out[:10] == 3)
    counts = np.bincount(out[10:], minlength=5)
    # 990 x shares = 198, 148.5, 346.5, 99, 198: largest remainder gives the spare place to the first tie
    assert counts.tolist() == [198, 149, 346, 99, 198]


# --------------------------------------------------------------------------- loading files
def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


EMPLOYEES = """id,team,role,archetype
1,A,team_leader,worried
2,A,employee,
3,A,employee,critic
4,B,team_leader,
5,B,employee,pragmatist
6,C,employee,
7,D,department_head,
"""


def test_untidy_files_are_cleaned_and_reported(tmp_path):
    ties = "source,target\n1,2\n2,1\n1,2\n3,3\n2,3\n5,4\n1,5\n"
    org = load(
        OrgConfig(
            source="files", employees_file=write(tmp_path, "e.csv", EMPLOYEES), ties_file=write(tmp_path, "t.csv", ties)
        )
    )
    assert org.n == 7 and org.n_teams == 4
    assert org.n_ties == 4  # {1,2}, {2,3}, {4,5}, {1,5}
    assert org.cleaning == {
        "self_ties_dropped": 1,
        "repeated_or_two_way_ties_merged": 2,
        "ties_read": 7,
        "ties_to_unknown_ids_dropped": 0,
        "people_without_ties": 2,
        "archetypes_assigned": 4,
    }
    assert org.archetype.tolist() == [0, -1, 3, -1, 2, -1, -1]
    assert org.team_leaders().tolist() == [0, 3, -1, 6], "team C has no leader; D is led by its department head"
    full = build(
        OrgConfig(source="files", employees_file=str(tmp_path / "e.csv"), ties_file=str(tmp_path / "t.csv")),
        ArchetypeShares(),
        rng(),
    )
    assert full.archetype.min() >= 0 and full.archetype[0] == 0 and full.archetype[2] == 3


def test_no_ties_file_keeps_everyone_as_isolates(tmp_path):
    org = load(OrgConfig(source="files", employees_file=write(tmp_path, "e.csv", EMPLOYEES)))
    assert org.n_ties == 0 and org.cleaning["people_without_ties"] == 7


@pytest.mark.parametrize(
    ("employees", "ties", "expected"),
    [
        ("id,team\n1,A\n", None, ["e.csv", "missing column", "role"]),
        ("id,team,role\n1,A,employee\n,A,employee\n", None, ["e.csv", "row 3", "'id' is empty"]),
        ("id,team,role\n1,A,employee\n1,B,employee\n", None, ["e.csv", "rows 2 and 3", "id 1"]),
        ("id,team,role\n1,A,boss\n", None, ["e.csv", "row 2", "'boss'", "team_leader"]),
        ("id,team,role,archetype\n1,A,employee,optimist\n", None, ["e.csv", "row 2", "optimist", "wait_and_see"]),
        ("id,team,role\n1,,employee\n", None, ["e.csv", "row 2", "team"]),
        ("id,team,role\n", None, ["e.csv", "no employees"]),
        (
            "id,team,role\n1,A,employee\n2,A,employee\n",
            "source,target\n1,2\n2,9\n",
            ["t.csv", "row 3", "target 9", "not an id", "org.unknown_ids=drop"],
        ),
        ("id,team,role\n1,A,employee\n", "from,to\n1,1\n", ["t.csv", "missing column", "source"]),
        ("id,team,role\n1,A,employee\n", "source,target\n1,abc\n", ["t.csv", "row 2", "'abc'", "not an id"]),
        ("staff_no,team,role\n1,A,employee\n", None, ["e.csv", "missing column 'id'", "org.columns.id=staff_no"]),
    ],
)
def test_malformed_files_name_file_row_and_problem(tmp_path, employees, ties, expected):
    cfg = OrgConfig(
        source="files",
        employees_file=write(tmp_path, "e.csv", employees),
        ties_file=write(tmp_path, "t.csv", ties) if ties else "",
    )
    with pytest.raises(OrganisationFileError) as info:
        load(cfg)
    for text in expected:
        assert text in str(info.value), (text, str(info.value))


def test_missing_file_is_named(tmp_path):
    with pytest.raises(OrganisationFileError, match="does not exist"):
        load(OrgConfig(source="files", employees_file=str(tmp_path / "nope.csv")))


def test_shipped_example_files_load():
    org = load(
        OrgConfig(source="files", employees_file="examples/org/employees.csv", ties_file="examples/org/ties.csv")
    )
    assert org.n == 34
    assert org.cleaning["self_ties_dropped"] >= 1 and org.cleaning["people_without_ties"] >= 1
    assert (np.bincount(org.team) == 1).any(), "the example has a one-person team"


def test_large_groups_are_tied_in_blocks_with_the_same_pairs_and_draws(monkeypatch):
    """Enumerating the pairs of a large group a block of rows at a time (bounded memory) keeps
    exactly the pairs, and consumes exactly the draws, of enumerating them all at once."""
    from sim import organisation

    for size, block in [(2, 1), (7, 3), (50, 10), (120, 1 << 20)]:
        monkeypatch.setattr(organisation, "PAIR_BLOCK", block)
        blocked, whole = np.random.default_rng(5), np.random.default_rng(5)
        i, j = organisation._kept_pairs(size, 0.3, blocked)
        iu, ju = np.triu_indices(size, 1)
        keep = whole.random(iu.size) < 0.3
        assert np.array_equal(i, iu[keep]) and np.array_equal(j, ju[keep]), size
        assert blocked.random() == whole.random(), "the stream is left where one big draw leaves it"


def test_generated_organisation_does_not_depend_on_the_block_size(monkeypatch):
    from sim import organisation

    cfg = OrgConfig(size=300)
    whole = generate(cfg, np.random.default_rng(3))
    monkeypatch.setattr(organisation, "PAIR_BLOCK", 20)  # every group tied block by block
    blocked = generate(cfg, np.random.default_rng(3))
    assert whole.adjacency.nnz > 0
    assert (whole.adjacency != blocked.adjacency).nnz == 0
