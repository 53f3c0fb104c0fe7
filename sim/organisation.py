"""The organisation: people, teams, departments, leaders and the social network.

An organisation is either *generated* (departments -> teams -> employees and their leaders, dense
ties inside teams, fewer across teams) or *loaded* from the user's own files. Large networks are
built as sparse arrays, never through networkx (only the optional rewiring, :func:`rewired`, uses its
double-edge swap).

Roles: ``employee``, ``team_leader``, ``department_head``, ``top_management``. In a generated
organisation, top management and the department heads form one leadership group (team 0, led by
the first top manager); every other team belongs to a department and its first member is its
team leader, tied to the department head.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from sim.config import ARCHETYPES, ArchetypeShares, OrgConfig

ROLES = ("employee", "team_leader", "department_head", "top_management")


class OrganisationFileError(ValueError):
    """A user's organisation file cannot be read; the message names the file, row and problem."""


@dataclass
class Organisation:
    """People and their ties, as arrays (person index 0..n-1)."""

    ids: np.ndarray  # person ids: int64 (generated, or whole numbers in the file), else text (object)
    team: np.ndarray  # int32 team index per person
    department: np.ndarray  # int32 department index per person
    role: np.ndarray  # int8 index into ROLES
    archetype: np.ndarray  # int8 index into ARCHETYPES, -1 where not given
    team_names: list[str]
    adjacency: sp.csr_array  # symmetric 0/1, no self-ties
    cleaning: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what reading the files noticed (encoding, delimiter, ...)

    @property
    def n(self) -> int:
        return int(self.team.size)

    @property
    def n_teams(self) -> int:
        return len(self.team_names)

    @property
    def n_ties(self) -> int:
        return int(self.adjacency.nnz // 2)

    def team_leaders(self) -> np.ndarray:
        """Person index of each team's leader (-1 where a team has none).

        A team's leader is its team leader; failing that its most senior member with a
        leadership role (top management, then department head).
        """
        leader = np.full(self.n_teams, -1, dtype=np.int64)
        for role in (2, 3, 1):  # later roles overwrite: team_leader > top_management > department_head
            members = np.flatnonzero(self.role == role)
            # the first member of that role in each team: assign in reverse order so the first wins
            leader[self.team[members[::-1]]] = members[::-1]
        return leader


# --------------------------------------------------------------------------- helpers
def _symmetric_adjacency(n: int, src: np.ndarray, dst: np.ndarray) -> tuple[sp.csr_array, dict[str, int]]:
    """Undirected 0/1 adjacency from directed pairs; drops self-ties, merges repeats and two-way ties."""
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    self_ties = src == dst
    a, b = src[~self_ties], dst[~self_ties]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keys = np.sort(lo * n + hi)
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if keys.size else keys  # unique, sorted
    lo, hi = keys // n, keys % n
    rows = np.concatenate([lo, hi])
    cols = np.concatenate([hi, lo])
    adj = sp.csr_array((np.ones(rows.size, dtype=np.float32), (rows, cols)), shape=(n, n))
    adj.sort_indices()
    report = {
        "self_ties_dropped": int(self_ties.sum()),
        "repeated_or_two_way_ties_merged": int(a.size - keys.size),
    }
    return adj, report


def assign_archetypes(archetype: np.ndarray, shares: ArchetypeShares, rng: np.random.Generator) -> np.ndarray:
    """Fill the -1 entries with archetypes in the configured shares (largest remainder, shuffled)."""
    out = archetype.astype(np.int8).copy()
    free = np.flatnonzero(out < 0)
    if free.size == 0:
        return out
    w = np.array([getattr(shares, a) for a in ARCHETYPES], dtype=float)
    raw = w / w.sum() * free.size
    counts = np.floor(raw).astype(np.int64)
    rest = free.size - counts.sum()
    counts[np.argsort(-(raw - counts), kind="stable")[:rest]] += 1
    labels = np.repeat(np.arange(len(ARCHETYPES), dtype=np.int8), counts)
    out[free] = rng.permutation(labels)
    return out


# --------------------------------------------------------------------------- generation
PAIR_BLOCK = 1 << 22  # pairs of members enumerated at once when tying a group (memory bound)


def _kept_pairs(size: int, prob: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Pairs i < j of a group kept with probability ``prob``, one uniform per pair in row order.

    The same pairs and draws as ``np.triu_indices(size, 1)`` with ``rng.random(n_pairs) < prob``,
    enumerated a block of rows at a time so that memory stays bounded for very large groups.
    """
    rows_left = size - 1 - np.arange(size, dtype=np.int64)  # pairs in each row
    ends = np.cumsum(rows_left)
    kept_i, kept_j = [], []
    row = 0
    while row < size - 1:
        # as many rows as fit in one block (at least one)
        last = max(row + 1, int(np.searchsorted(ends, ends[row] - rows_left[row] + PAIR_BLOCK, side="right")))
        last = min(last, size - 1)
        counts = rows_left[row:last]
        i = np.repeat(np.arange(row, last, dtype=np.int64), counts)
        offset = np.arange(i.size, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        keep = rng.random(i.size) < prob
        kept_i.append(i[keep])
        kept_j.append((i + 1 + offset)[keep])
        row = last
    return np.concatenate(kept_i), np.concatenate(kept_j)


def generate(cfg: OrgConfig, rng: np.random.Generator) -> Organisation:
    """Generate an organisation of ``cfg.size`` people as sparse arrays (linear in people and ties)."""
    n = cfg.size
    n_top = min(cfg.top_management_size, n)
    rest = n - n_top
    n_work_teams = max(1, round(rest / cfg.team_size)) if rest > 0 else 0
    n_dept = -(-n_work_teams // cfg.teams_per_department) if n_work_teams else 0
    n_dept = min(n_dept, rest)
    workers = rest - n_dept
    n_work_teams = min(n_work_teams, workers)
    # team sizes as equal as possible
    sizes = np.full(n_work_teams, workers // max(n_work_teams, 1), dtype=np.int64)
    sizes[: workers - sizes.sum()] += 1
    team = np.concatenate(
        [np.zeros(n_top + n_dept, dtype=np.int32), np.repeat(np.arange(1, n_work_teams + 1, dtype=np.int32), sizes)]
    )
    dept_of_team = np.concatenate([[-1], np.arange(n_work_teams) // cfg.teams_per_department]).astype(np.int32)
    if n_dept:
        dept_of_team[1:] = np.minimum(dept_of_team[1:], n_dept - 1)
    department = dept_of_team[team]
    role = np.zeros(n, dtype=np.int8)
    role[:n_top] = 3
    role[n_top : n_top + n_dept] = 2
    department[n_top : n_top + n_dept] = np.arange(n_dept)
    starts = np.concatenate([[0], np.cumsum(sizes)])[:-1] + n_top + n_dept
    role[starts] = 1  # first member of each team leads it
    team_sizes = np.bincount(team, minlength=n_work_teams + 1)
    team_start = np.concatenate([[0], np.cumsum(team_sizes)[:-1]])

    # dense ties inside teams: enumerate pairs per distinct team size. A group much larger than a
    # team (the leadership group of a large organisation) keeps a team's number of ties per member
    src_parts, dst_parts = [], []
    for s in np.unique(team_sizes):
        if s < 2:
            continue
        which = np.flatnonzero(team_sizes == s)
        prob = cfg.tie_prob_in_team * min(1.0, (2 * cfg.team_size - 1) / (s - 1))
        n_pairs = int(s) * (int(s) - 1) // 2
        if which.size * n_pairs <= PAIR_BLOCK:
            iu, ju = np.triu_indices(int(s), 1)
            keep = rng.random((which.size, iu.size)) < prob
            base = team_start[which][:, None]
            src_parts.append((base + iu)[keep])
            dst_parts.append((base + ju)[keep])
        else:  # a large group: the same draws, pair after pair, in blocks of bounded memory
            for start in team_start[which]:
                i, j = _kept_pairs(int(s), prob, rng)
                src_parts.append(start + i)
                dst_parts.append(start + j)
    # hierarchy: team leaders to their department head (department heads and top management
    # share the leadership group, team 0, and are tied like any team)
    if n_dept:
        src_parts.append(starts)
        dst_parts.append(n_top + dept_of_team[1:])
    # ties across teams, mostly inside the department
    m = int(round(n * cfg.ties_across_teams / 2))
    if m and n > 1:
        a = rng.integers(0, n, m)
        same = rng.random(m) < cfg.same_department_share
        b = rng.integers(0, n, m)
        dept_a = department[a]
        if n_dept:
            # a random member of the same department: members of department d are contiguous
            # among the work teams; pick a random team of the department, then a random member
            first_team = dept_a * cfg.teams_per_department + 1
            n_t = np.minimum(cfg.teams_per_department, n_work_teams + 1 - first_team)
            ok = same & (dept_a >= 0) & (n_t > 0)
            pick_team = first_team[ok] + (rng.random(ok.sum()) * n_t[ok]).astype(np.int64)
            b[ok] = team_start[pick_team] + (rng.random(ok.sum()) * team_sizes[pick_team]).astype(np.int64)
        src_parts.append(a)
        dst_parts.append(b)
    src = np.concatenate(src_parts) if src_parts else np.zeros(0, dtype=np.int64)
    dst = np.concatenate(dst_parts) if dst_parts else np.zeros(0, dtype=np.int64)
    adj, _ = _symmetric_adjacency(n, src, dst)
    names = ["leadership"] + [f"d{dept_of_team[t]}-t{t}" for t in range(1, n_work_teams + 1)]
    return Organisation(
        ids=np.arange(n, dtype=np.int64),
        team=team,
        department=department,
        role=role,
        archetype=np.full(n, -1, dtype=np.int8),
        team_names=names,
        adjacency=adj,
    )


# --------------------------------------------------------------------------- loading
def resolve_file(path_text: str, what: str) -> Path:
    """The path of a user's file: as given (relative to the working folder), else in the project folder."""
    path = Path(path_text).expanduser()
    if not path.is_absolute() and not path.exists():
        alt = Path(__file__).resolve().parent.parent / path
        if alt.exists():
            path = alt
    if not path.exists():
        raise OrganisationFileError(
            f"{what} '{path_text}' does not exist (looked in {Path.cwd()} and the project folder)"
        )
    return path


def _read_csv(path: Path, notes: list[str]) -> pd.DataFrame:
    """A user's CSV file as text columns (lower-case names): UTF-8 with or without a byte-order mark, else
    Windows-1252 (Excel's default in Nordic locales; said in ``notes``); comma, semicolon or tab as delimiter,
    whichever the header uses."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise OrganisationFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        text = raw.decode("utf-16")
        notes.append(f"{path.name}: read as UTF-16")
    else:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            notes.append(f"{path.name} is not UTF-8; read as Windows-1252 (Latin-1): check names with æ, ø, å")
    head = "\n".join(text.splitlines()[:5])
    try:
        delimiter = csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:  # one column, or nothing to tell by: the header's most frequent separator, else a comma
        counts = {d: head.split("\n", 1)[0].count(d) for d in (",", ";", "\t")}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    if delimiter != ",":
        notes.append(f"{path.name}: columns separated by {'tabs' if delimiter == chr(9) else 'semicolons'}")
    try:
        df = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, skipinitialspace=True,
            skip_blank_lines=False,
        )  # fmt: skip
    except Exception as exc:  # pandas raises several types for unreadable files
        raise OrganisationFileError(f"{path}: cannot be read as CSV ({str(exc).splitlines()[0]})") from exc
    df.columns = [str(c).strip().lower() for c in df.columns]
    # blank lines are dropped, each remaining row keeping its row number in the file (header = row 1), so that
    # a message names the row a spreadsheet shows
    blank = (df.apply(lambda column: column.str.strip()) == "").all(axis=1).to_numpy() if len(df.columns) else []
    rows = np.arange(len(df)) + 2
    if len(df) and np.any(blank):
        df = df[~blank].reset_index(drop=True)
        rows = rows[~blank]
    df.attrs["rows"] = rows
    return df


def _row(df: pd.DataFrame, i: int) -> int:
    """The row number in its file (header = row 1, blank lines counted) of row ``i`` of a file read by
    :func:`_read_csv`."""
    return int(df.attrs["rows"][i]) if "rows" in df.attrs else i + 2


def _column(df: pd.DataFrame, name: str, key: str, path: Path, needed: str) -> str:
    """The column named by ``org.columns.<key>`` (``name``), or an error naming the file, the setting and the
    columns found."""
    column = name.strip().lower()
    if column in df.columns:
        return column
    raise OrganisationFileError(
        f"{path}: missing column '{name}' (org.columns.{key}); {needed}; found {', '.join(df.columns) or 'no columns'}. "
        f"Name yours with org.columns.{key}=<column>, e.g. org.columns.{key}={df.columns[0] if len(df.columns) else key}"
    )


def _ids(df: pd.DataFrame, column: str) -> np.ndarray:
    """Ids as text, trimmed (numbers, staff numbers and e-mail addresses alike; e-mail addresses in lower case)."""
    values = df[column].str.strip()
    return np.where(values.str.contains("@"), values.str.lower(), values).astype(object)


def _show(value: str) -> str:
    """An id as a message shows it: a number as it is, text in quotes."""
    return value if re.fullmatch(r"-?\d+", value) else repr(value)


WHOLE = re.compile(r"[+-]?\d{1,18}(\.0*)?")
_NO_ID = np.iinfo(np.int64).min  # stands for a tie's end that is not a whole number where ids are numbers


def _numeric(ids: np.ndarray) -> bool:
    """Whether every id is a whole number (then ids are numbers: 7, 07 and 7.0 are the same person)."""
    return bool(ids.size) and all(WHOLE.fullmatch(v) for v in ids)


def _as_number(value: str) -> int:
    """A whole-number id as a number; :data:`_NO_ID` for anything else."""
    return int(float(value)) if WHOLE.fullmatch(value) else _NO_ID


SMALL_ORGANISATION = 20  # people: fewer than two teams of the default size (10)
BYTES_PER_PERSON = 600  # resident memory a run needs per employee, beyond the libraries (docs/performance.md)
BASE_MB = 300  # Python, the libraries and the compiled loops


def memory_needed_mb(size: int) -> float:
    """Peak resident memory of one run of an organisation of ``size`` employees, estimated from the measured
    peaks of docs/performance.md (854 MB at 1,000,000 employees, about 260 MB of it the libraries)."""
    return BASE_MB + size * BYTES_PER_PERSON / 1e6


def size_warnings(n: int, role: np.ndarray | None = None) -> list[str]:
    """What makes an organisation too small or odd for its results to say much (warnings, not errors)."""
    out = []
    if n < SMALL_ORGANISATION:
        out.append(
            f"the organisation has only {n} people: shares move in steps of {1 / n:.0%} and one person's choice "
            "decides a result; read its results with care"
        )
    if role is not None and n and not (role == ROLES.index("employee")).any():
        out.append("the organisation has no employee who is not a leader: every person leads a team or more")
    return out


def load(cfg: OrgConfig) -> Organisation:
    """Load an organisation from the employees and ties CSV files named in the config.

    Employees: columns id, team, role (one of ROLES); archetype (one of ARCHETYPES or empty) and department
    optional; names as set in ``org.columns``. Ties: columns source and target (and a weight, reported as
    ignored). Ids may be numbers or text (staff numbers, e-mail addresses). Comma, semicolon and tab
    delimiters and UTF-8 or Windows-1252 files are read. Directed, repeated and two-way ties are merged,
    self-ties dropped, people without ties kept; ties to ids not in the employees file stop the load or, with
    ``org.unknown_ids=drop``, are dropped and counted. What was cleaned is in ``Organisation.cleaning`` and
    ``Organisation.notes``. Missing columns, duplicate or empty ids and unknown roles or archetypes raise
    OrganisationFileError naming the file, the row (as in a spreadsheet, header = row 1) and the problem.
    """
    col = cfg.columns
    notes: list[str] = []
    path = resolve_file(cfg.employees_file, "Employees file")
    df = _read_csv(path, notes)
    needed = "the employees file needs id, team and role (archetype and department optional)"
    c_id, c_team, c_role = (_column(df, getattr(col, k), k, path, needed) for k in ("id", "team", "role"))
    if len(df) == 0:
        raise OrganisationFileError(f"{path}: no employees (the file has a header only)")
    ids = _ids(df, c_id)
    empty_id = ids == ""
    if empty_id.any():
        raise OrganisationFileError(
            f"{path}, row {_row(df, int(np.flatnonzero(empty_id)[0]))}: column '{c_id}' is empty"
        )
    numeric = _numeric(ids)
    if numeric:  # whole numbers: compared as numbers, as generated organisations have them
        ids = np.array([_as_number(v) for v in ids], dtype=np.int64)
    uniq, counts = np.unique(ids, return_counts=True)
    if (counts > 1).any():
        dup = uniq[counts > 1][0]
        rows = [_row(df, i) for i in np.flatnonzero(ids == dup)[:2]]
        raise OrganisationFileError(
            f"{path}, rows {rows[0]} and {rows[1]}: id {_show(str(dup))} appears twice; ids must be unique"
        )
    teams = df[c_team].str.strip()
    empty = teams == ""
    if empty.any():
        raise OrganisationFileError(
            f"{path}, row {_row(df, int(np.flatnonzero(empty.to_numpy())[0]))}: column '{c_team}' is empty"
        )
    roles = df[c_role].str.strip().str.lower()
    bad_role = ~roles.isin(ROLES)
    if bad_role.any():
        i = int(np.flatnonzero(bad_role.to_numpy())[0])
        raise OrganisationFileError(
            f"{path}, row {_row(df, i)}: role {df[c_role].iloc[i]!r} is not known; allowed: {', '.join(ROLES)}"
        )
    archetype = np.full(len(df), -1, dtype=np.int8)
    c_arch = col.archetype.strip().lower()
    if c_arch in df.columns:
        arch = df[c_arch].str.strip().str.lower()
        given = arch != ""
        bad = given & ~arch.isin(ARCHETYPES)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise OrganisationFileError(
                f"{path}, row {_row(df, i)}: archetype {df[c_arch].iloc[i]!r} is not known; "
                f"allowed: {', '.join(ARCHETYPES)} or empty (assigned by archetypes.shares)"
            )
        lookup = {a: k for k, a in enumerate(ARCHETYPES)}
        archetype[given.to_numpy()] = [lookup[a] for a in arch[given]]
    team_codes, team_names = pd.factorize(teams)
    c_dep = col.department.strip().lower()
    if c_dep in df.columns:
        department = pd.factorize(df[c_dep].str.strip())[0].astype(np.int32)
    else:
        department = np.full(len(df), -1, dtype=np.int32)
    role = roles.map({r: k for k, r in enumerate(ROLES)}).to_numpy().astype(np.int8)
    n = len(df)
    cleaning: dict[str, int] = {}
    if cfg.ties_file:
        tpath = resolve_file(cfg.ties_file, "Ties file")
        ties = _read_csv(tpath, notes)
        tneeded = "the ties file needs a source and a target column"
        c_src, c_dst = (_column(ties, getattr(col, k), k, tpath, tneeded) for k in ("source", "target"))
        c_weight = col.weight.strip().lower()
        if c_weight in ties.columns:
            notes.append(f"{tpath.name}: column '{c_weight}' ignored (ties are unweighted in the model)")
        src_raw, dst_raw = _ids(ties, c_src), _ids(ties, c_dst)
        src_ids, dst_ids = src_raw, dst_raw
        if numeric:  # a tie's end that is not a whole number names no one
            src_ids, dst_ids = (np.array([_as_number(v) for v in a], dtype=np.int64) for a in (src_raw, dst_raw))
        order = np.argsort(ids)
        sorted_ids = ids[order]
        unknown = {
            column: sorted_ids[np.searchsorted(sorted_ids, values).clip(0, n - 1)] != values
            for column, values in ((c_src, src_ids), (c_dst, dst_ids))
        }
        known = ~(unknown[c_src] | unknown[c_dst])
        if not known.all() and cfg.unknown_ids == "error":
            i = int(np.flatnonzero(~known)[0])  # the first such row of the file
            column, values = (c_src, src_raw) if unknown[c_src][i] else (c_dst, dst_raw)
            raise OrganisationFileError(
                f"{tpath}, row {_row(ties, i)}: {column} {_show(str(values[i]))} is not an id in {path.name}; set "
                "org.unknown_ids=drop to drop ties to people outside the employees file"
            )
        dropped = int((~known).sum())
        cleaning["ties_to_unknown_ids_dropped"] = dropped
        if dropped:
            outside = pd.unique(np.concatenate([src_raw[unknown[c_src]], dst_raw[unknown[c_dst]]]))[:3]
            if not known.any():
                raise OrganisationFileError(
                    f"{tpath}: none of its {dropped} ties names an id of {path.name} (e.g. "
                    f"{', '.join(map(str, outside))}); are the ids written the same way in both files?"
                )
            notes.append(
                f"{tpath.name}: dropped {dropped} ties to ids not in {path.name} (e.g. {', '.join(map(str, outside))})"
            )
        src_ids, dst_ids = src_ids[known], dst_ids[known]
        src = order[np.searchsorted(sorted_ids, src_ids)]
        dst = order[np.searchsorted(sorted_ids, dst_ids)]
        adj, tie_cleaning = _symmetric_adjacency(n, src, dst)
        cleaning |= tie_cleaning
        cleaning["ties_read"] = int(known.size)
    else:
        adj = sp.csr_array((n, n), dtype=np.float32)
        cleaning["ties_read"] = 0
    degree = np.diff(adj.indptr)
    cleaning["people_without_ties"] = int((degree == 0).sum())
    cleaning["archetypes_assigned"] = int((archetype < 0).sum())
    return Organisation(
        ids=ids,
        team=team_codes.astype(np.int32),
        department=department,
        role=role,
        archetype=archetype,
        team_names=[str(t) for t in team_names],
        adjacency=adj,
        cleaning=cleaning,
        notes=notes,
    )


def rewired(adjacency: sp.csr_array, share: float, rng: np.random.Generator) -> sp.csr_array:
    """The ties with ``round(share x ties)`` degree-preserving double-edge swaps ((a, b), (c, d) -> (a, d),
    (c, b), never creating a self-tie or a repeated tie), seeded from ``rng``; nobody's number of ties changes."""
    import networkx as nx

    graph = nx.from_scipy_sparse_array(adjacency)
    swaps = round(share * graph.number_of_edges())
    seed = int(rng.integers(2**32))  # drawn whether or not swaps can be made, so the stream's use is fixed
    if swaps and graph.number_of_edges() >= 2 and len([d for _, d in graph.degree() if d]) >= 4:
        nx.double_edge_swap(graph, nswap=swaps, max_tries=100 * swaps, seed=seed)
    n = adjacency.shape[0]
    out = nx.to_scipy_sparse_array(graph, nodelist=range(n), dtype=adjacency.dtype, format="csr")
    out.sort_indices()
    return sp.csr_array(out)


def build(cfg: OrgConfig, shares: ArchetypeShares, rng: np.random.Generator) -> Organisation:
    """Generate or load the organisation, then assign archetypes where none are given."""
    org = generate(cfg, rng) if cfg.source == "generated" else load(cfg)
    org.archetype = assign_archetypes(org.archetype, shares, rng)
    return org
