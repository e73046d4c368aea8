"""The SHACL shapes in shapes/: well-formed, named, complete, and each constraint proven by a fixture.

* the shapes graph is valid SHACL (checked against SHACL-SHACL), each shape is named, has an
  English ``sh:name`` and ``sh:message`` and the severity of its file (``wco-kg-shapes.ttl``:
  sh:Violation, ``wco-kg-shapes-recommended.ttl``: sh:Warning);
* every class the files in data/ write is the ``sh:targetClass`` of a shape;
* the real data conforms, with one warning: the member count disagreement (184 against 185 + EU);
* every fixture in ``tests/shapes/invalid/`` (a SPARQL Update applied to a copy of the built
  dataset with 13 of the 186 members, see ``tests/shapes/README.md``) produces exactly the one
  new result (beside those of the unbroken copy) its header names:
  focus node, path, constraint component and severity, from the shape (and, for SHACL-SPARQL,
  the constraint) it names;
* every constraint in shapes/ has at least one such fixture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from wco_kg.loader import load
from wco_kg.namespaces import ONTOLOGY_GRAPH, PREFIXES, SH, sparql_prologue
from wco_kg.project import SHAPES_FILES
from wco_kg.shacl_engines import run_pyshacl, run_turbo
from wco_kg.validation import load_shapes

FIXTURES = Path(__file__).parent / "shapes" / "invalid"
#: The members the fixtures' base keeps (by ISO alpha-3 or slug): one of each kind, role, region
#: and derivation, the date conflicts, a year-only start, and Belgium and Canada (shared IRIs).
FIXTURE_MEMBERS = {"bel", "can", "fra", "mus", "esp", "nld", "cuw", "hkg", "jpn", "kwt", "pse",
                   "kosovo", "european-union"}
SHAPES_NS = PREFIXES["wkgsh"]

SHN = lambda local: URIRef(SH + local)  # noqa: E731

# Constraint parameter -> the constraint component whose results it produces (SHACL 1.0, section 4
# and 5). A parameter missing from here and from NOT_CONSTRAINTS fails test_every_constraint_has_a_fixture,
# so a new kind of constraint cannot escape the coverage check.
COMPONENTS = {
    "class": "ClassConstraintComponent", "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent", "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent", "minExclusive": "MinExclusiveConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent", "maxExclusive": "MaxExclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent", "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent", "pattern": "PatternConstraintComponent",
    "languageIn": "LanguageInConstraintComponent", "uniqueLang": "UniqueLangConstraintComponent",
    "equals": "EqualsConstraintComponent", "disjoint": "DisjointConstraintComponent",
    "lessThan": "LessThanConstraintComponent", "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
    "not": "NotConstraintComponent", "and": "AndConstraintComponent", "or": "OrConstraintComponent",
    "xone": "XoneConstraintComponent", "node": "NodeConstraintComponent",
    "qualifiedMinCount": "QualifiedMinCountConstraintComponent",
    "qualifiedMaxCount": "QualifiedMaxCountConstraintComponent",
    "closed": "ClosedConstraintComponent", "hasValue": "HasValueConstraintComponent",
    "in": "InConstraintComponent", "sparql": "SPARQLConstraintComponent",
}
NOT_CONSTRAINTS = {
    "name", "description", "message", "severity", "path", "property", "order", "group",
    "deactivated", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "flags",
    "qualifiedValueShape", "qualifiedValueShapesDisjoint", "ignoredProperties",
}
TARGETS = [SHN(t) for t in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")]


# ---------------------------------------------------------------------- helpers


def expand(term: str) -> str:
    """``id:wco`` or ``<https://...>`` -> a full IRI (the prefixes are the project's)."""
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    prefix, _, local = term.partition(":")
    return PREFIXES[prefix] + local


@dataclass(frozen=True)
class Fixture:
    path: Path
    shape: str
    focus: str
    result_path: str | None
    component: str
    severity: str
    why: str
    constraint: str | None
    update: str

    @property
    def expected(self) -> tuple[str, str | None, str, str]:
        return (self.focus, self.result_path, self.component, self.severity)

    @classmethod
    def read(cls, path: Path) -> "Fixture":
        text = path.read_text(encoding="utf-8")
        header: dict[str, str] = {}
        for line in text.splitlines():
            m = re.match(r"#\s*([a-z]+):\s*(.*?)\s*$", line)
            if not m:
                break
            header[m.group(1)] = m.group(2)
        missing = {"shape", "focus", "path", "component", "severity", "why"} - set(header)
        assert not missing, f"{path.name}: header lacks {sorted(missing)}"
        assert header["severity"] in ("Violation", "Warning"), path.name
        return cls(path, expand(header["shape"]), expand(header["focus"]),
                   None if header["path"] == "none" else expand(header["path"]),
                   expand(header["component"]), header["severity"], header["why"],
                   expand(header["constraint"]) if "constraint" in header else None, text)


def fixtures() -> list[Fixture]:
    return [Fixture.read(p) for p in sorted(FIXTURES.glob("*.ru"))]


@pytest.fixture(scope="module")
def read_shapes(project):
    """The declared shapes files, read and checked once for the module (``wco_kg.shacl_engines.Shapes``)."""
    return load_shapes(project)


@pytest.fixture(scope="module")
def shapes(read_shapes) -> Graph:
    """The same shapes as one rdflib Graph, to read them."""
    return read_shapes.graph()


def copy_of(store: ox.Store) -> ox.Store:
    copy = ox.Store()
    copy.extend(list(store))
    return copy


def message_of(g: Graph, node) -> str:
    messages = [str(m) for m in g.objects(node, SHN("message"))]
    assert len(messages) == 1, f"{node}: {len(messages)} sh:message"
    return messages[0]


def shapes_with_targets(g: Graph) -> set[URIRef]:
    return {s for t in TARGETS for s in g.subjects(t, None)}


def constraints(g: Graph) -> set[tuple[str, str, str | None]]:
    """Every (shape, constraint component, SPARQL constraint or None) that can produce a result.

    A shape with a target contributes its node-level constraints and those of its property
    shapes; each sh:sparql is one constraint of its own. Helper shapes (no target, used by
    sh:or / sh:node / sh:qualifiedValueShape) only act through the constraint that uses them,
    whose fixture covers them.
    """
    found: set[tuple[str, str, str | None]] = set()

    def of(shape) -> None:
        for p in set(g.predicates(shape, None)):
            if not str(p).startswith(SH):
                continue
            local = str(p)[len(SH):]
            if local in NOT_CONSTRAINTS:
                continue
            assert local in COMPONENTS, f"{shape}: unknown constraint parameter sh:{local}"
            if local == "sparql":
                for c in g.objects(shape, p):
                    found.add((str(shape), SH + COMPONENTS[local], str(c)))
            else:
                found.add((str(shape), SH + COMPONENTS[local], None))

    for shape in shapes_with_targets(g):
        of(shape)
        for prop in g.objects(shape, SHN("property")):
            of(prop)
    return found


# ---------------------------------------------------------------------- the shapes themselves


def test_shapes_are_valid_shacl(shapes):
    """The shapes graph conforms to SHACL-SHACL (pySHACL's copy of the W3C shapes for shapes)."""
    import pyshacl

    shsh = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=str(shsh), inference="none")
    assert conforms, text
    # ... and that check can fail: a property shape with a non-integer sh:minCount does not conform.
    broken = Graph()
    for p, o in shapes.predicate_objects(URIRef(SHAPES_NS + "Organization-prefLabel")):
        broken.add((URIRef(SHAPES_NS + "Organization-prefLabel"), p, o))
    assert pyshacl.validate(broken, shacl_graph=str(shsh), inference="none")[0]
    broken.add((URIRef(SHAPES_NS + "Organization-prefLabel"), SHN("minCount"), Literal("one")))
    assert not pyshacl.validate(broken, shacl_graph=str(shsh), inference="none")[0]


def severity_of_file(name: str) -> str:
    """``*-recommended.ttl`` holds warnings, any other shapes file violations (see SHAPES_FILES)."""
    return "Warning" if name.endswith("-recommended.ttl") else "Violation"


def test_each_file_opens_with_a_banner_and_holds_one_severity(project):
    files = {p.name: p for p in project.shape_files()}
    assert set(files) == set(SHAPES_FILES) and len(files) >= 4
    assert {severity_of_file(n) for n in files} == {"Warning", "Violation"}
    for name in sorted(files):
        severity = severity_of_file(name)
        text = files[name].read_text(encoding="utf-8")
        assert text.startswith("# wco-kg shapes: "), name
        g = Graph().parse(files[name], format="turtle")
        shapes = set(g.subjects(RDF.type, SHN("NodeShape"))) | set(g.subjects(RDF.type, SHN("PropertyShape")))
        assert shapes, name
        for shape in shapes_with_targets(g) | set(g.objects(None, SHN("property"))):
            assert g.value(shape, SHN("severity")) == SHN(severity), f"{name}: {shape} is not sh:{severity}"


def own_constraints(g: Graph, shape) -> set[str]:
    """The constraint parameters of a shape itself (not of its property shapes or SPARQL constraints)."""
    return {str(p)[len(SH):] for p in g.predicates(shape, None) if str(p).startswith(SH)} & (set(COMPONENTS) - {"sparql"})


def test_shapes_are_named_and_explained(shapes):
    """Every shape and SPARQL constraint is an IRI in wkgsh: with an English sh:name; whatever
    reports a result in its own name has exactly one English sh:message (the report's text).

    A node shape whose only constraints are its property shapes and SPARQL constraints has no
    message of its own: it would never be shown, or be shown twice beside the SPARQL constraint's.
    """
    named = set(shapes.subjects(RDF.type, SHN("NodeShape"))) | set(shapes.subjects(RDF.type, SHN("PropertyShape")))
    sparql = set(shapes.objects(None, SHN("sparql")))
    for node in named | sparql:
        assert isinstance(node, URIRef) and str(node).startswith(SHAPES_NS), node
        names = list(shapes.objects(node, SHN("name")))
        assert len(names) == 1 and names[0].language == "en", f"{node}: sh:name {names}"
        messages = list(shapes.objects(node, SHN("message")))
        if node in sparql or own_constraints(shapes, node):
            assert len(messages) == 1 and messages[0].language == "en", f"{node}: sh:message {messages}"
        else:
            assert messages == [], f"{node}: a sh:message no result would show"
    # No anonymous property shapes: each sh:property and each subject with a sh:path is named.
    assert not [o for o in shapes.objects(None, SHN("property")) if isinstance(o, BNode)]
    assert not [s for s in shapes.subjects(SHN("path"), None) if isinstance(s, BNode)]
    # A shape without a target is a helper, used by another shape (else it would check nothing).
    used = {o for p in ("property", "node", "qualifiedValueShape") for o in shapes.objects(None, SHN(p))}
    for lst in shapes.objects(None, SHN("or")):
        used |= set(shapes.items(lst))
    assert named - shapes_with_targets(shapes) - used == set()
    # Property shapes are named after their node shape: wkgsh:<NodeShape>-<property>.
    for node_shape in shapes_with_targets(shapes):
        for prop in shapes.objects(node_shape, SHN("property")):
            assert str(prop).startswith(str(node_shape) + "-"), prop


def test_sparql_constraints_declare_prefixes_and_use_this(shapes):
    for c in shapes.objects(None, SHN("sparql")):
        select = str(shapes.value(c, SHN("select")))
        assert "$this" in select, c
        prefixes = shapes.value(c, SHN("prefixes"))
        assert prefixes is not None, f"{c} has no sh:prefixes"
        declared = {str(shapes.value(d, SHN("prefix"))) for d in shapes.objects(prefixes, SHN("declare"))}
        used = set(re.findall(r"\b([a-z]+):[A-Za-z]", select)) - {"http", "https"}
        assert used <= declared, f"{c}: prefixes used but not declared: {used - declared}"


def test_every_class_used_in_data_is_a_target(project, shapes):
    """Each rdf:type object written in data/ (before the build adds superclasses) has a shape."""
    raw = load(project)  # parsed, not entailed
    used = {r["c"].value for r in raw.query(f"""
        SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER (?g != <{ONTOLOGY_GRAPH}>) }}""")}
    targeted = {str(c) for c in shapes.objects(None, SHN("targetClass"))}
    assert len(used) >= 25  # the query found the data's classes
    assert used - targeted == set()


def test_real_data_has_only_the_count_warning(store, read_shapes):
    """No violation; one warning: the profile's 184 (2022) against the 185 Members and the EU listed."""
    findings = run_turbo(store, read_shapes)
    shown = "\n".join(f"{f.severity} {f.focus} {f.path} {f.component} {f.message} {f.value}" for f in findings)
    assert [(f.severity, f.focus, f.shape) for f in findings] == [
        ("Warning", PREFIXES["id"] + "claim-wco-customs-administrations-2022", SHAPES_NS + "MemberCount")], shown
    value = findings[0].value
    for part in ("184", "Partner directory profile", "stated 2022", "185 Members",
                 "1 with interim status", "wco-members.csv", "2026-11-28"):
        assert part in value, (part, value)


def test_report_points_at_top_level_results_only(store, read_shapes):
    """A failing sh:node has nested results (sh:detail); the findings hold the outer one only."""
    copy = copy_of(store)
    copy.update(sparql_prologue() + """
        DELETE { GRAPH ?g { id:wco-headquarters org:siteOf ?o } } INSERT { GRAPH ?g { id:wco-headquarters org:siteOf id:brussels } }
        WHERE { GRAPH ?g { id:wco-headquarters org:siteOf ?o } }""")
    for run in (run_turbo, run_pyshacl):
        findings = [f for f in run(copy, read_shapes) if f.shape != SHAPES_NS + "MemberCount"]
        assert [(f.shape, f.value) for f in findings] == [(SHAPES_NS + "Site-siteOf", PREFIXES["id"] + "brussels")], run


# ---------------------------------------------------------------------- fixtures


def test_there_are_fixtures():
    assert len(fixtures()) >= 100


def test_every_constraint_has_a_fixture(shapes):
    covered = {(f.shape, f.component, f.constraint) for f in fixtures()}
    missing = sorted(c for c in constraints(shapes) if c not in covered)
    assert missing == [], "constraints without a failing fixture:\n" + "\n".join(map(str, missing))


@pytest.fixture(scope="module")
def file_of_shape(project) -> dict[str, str]:
    """Shape IRI -> the name of the file in shapes/ that defines it."""
    out: dict[str, str] = {}
    for path in project.shape_files():
        for s in Graph().parse(path, format="turtle").subjects(RDF.type, None):
            out[str(s)] = path.name
    return out


def test_every_fixture_names_a_real_constraint(shapes, file_of_shape):
    known = constraints(shapes)
    for f in fixtures():
        assert (f.shape, f.component, f.constraint) in known, f.path.name
        assert f.path.stem.split("--")[0] == f.shape.removeprefix(SHAPES_NS), f"{f.path.name}: named after its shape"
        assert f.severity == severity_of_file(file_of_shape[f.shape]), f.path.name


# Each fixture is one full pySHACL run (~0.3 s) and one pyshacl-turbo run (~0.05 s); they run in
# a process pool, one worker per CPU (at most 4). Forked workers inherit the built dataset and
# the read shapes; where fork is unavailable, each spawned worker builds its own.
_WORKER: dict = {}


def fixture_base(store: ox.Store) -> ox.Store:
    """A copy of the built dataset with only FIXTURE_MEMBERS of the 186 members (a validation run
    on all of them takes seconds, and one per fixture would take minutes)."""
    from wco_kg.namespaces import ID

    copy = copy_of(store)
    rows = copy.query(sparql_prologue() + """
        SELECT ?membership ?territory WHERE { ?membership a wkg:TerritoryMembership ; org:member ?territory }""",
        use_default_graph_as_union=True)
    drop: set = set()
    for row in rows:
        key = row["membership"].value.removeprefix(ID + "wco-membership-")
        if key in FIXTURE_MEMBERS:
            continue
        drop |= {row["membership"], row["territory"]}
        drop |= {ox.NamedNode(row["membership"].value + s) for s in ("-period", "-start")}
        drop |= {q.subject for q in copy.quads_for_pattern(None, ox.NamedNode(PREFIXES["rdf"] + "subject"), row["membership"])}
    # ... and the memberships of other bodies (data/igos.trig) of the members dropped.
    for t in [d for d in drop if d.value.startswith(ID + "territory-") or d.value in (ID + "belgium", ID + "canada")]:
        for q in copy.quads_for_pattern(None, ox.NamedNode(PREFIXES["org"] + "member"), t):
            drop |= {q.subject} | {ox.NamedNode(q.subject.value + s) for s in ("-period", "-start")}
    doomed = [q for q in copy if q.subject in drop or q.object in drop]
    for q in doomed:
        copy.remove(q)
    return copy


def _start_worker(root: str) -> None:
    from wco_kg.loader import load_graph
    from wco_kg.project import Project

    project = Project(Path(root))
    base = fixture_base(load_graph(project))
    shapes = load_shapes(project)
    _WORKER.update(store=base, shapes=shapes, baseline=set(run_turbo(base, shapes)))


def apply_and_validate(fixture_path: str):
    """(error or None, did the update change the data?, pyshacl-turbo's new findings, all of
    pySHACL's findings, all of pyshacl-turbo's) for one fixture, on a copy of the dataset. An
    error (a malformed update, say) is returned, so only its own test fails."""
    store, shapes = _WORKER["store"], _WORKER["shapes"]
    try:
        data = copy_of(store)
        fixture = Fixture.read(Path(fixture_path))
        data.update(sparql_prologue() + fixture.update)
        found = run_turbo(data, shapes)
        # The base's own findings are not the fixture's; nor is a change of the member count
        # warning, which follows any fixture that adds or removes a member, unless it is the
        # fixture's own shape.
        new = [f for f in found if f not in _WORKER["baseline"]
               and (f.shape != SHAPES_NS + "MemberCount" or fixture.shape == f.shape)]
        # and every result of both engines (test_turbo_reports_what_pyshacl_reports)
        return None, set(data) != set(store), new, run_pyshacl(data, shapes), found
    except Exception as e:  # noqa: BLE001 - reported by the fixture's own test
        return f"{type(e).__name__}: {e}", False, [], [], []


@pytest.fixture(scope="module")
def fixture_results(project, store, read_shapes) -> dict[str, tuple]:
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    paths = [str(f.path) for f in fixtures()]
    base = fixture_base(store)
    _WORKER.update(store=base, shapes=read_shapes, baseline=set(run_turbo(base, read_shapes)))
    read_shapes.graph(), read_shapes.program()  # made once, before the workers fork
    workers = min(os.cpu_count() or 1, 4)
    if workers == 1:
        return {p: apply_and_validate(p) for p in paths}
    if "fork" in multiprocessing.get_all_start_methods():
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    else:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(str(project.root),))
    with pool:
        return dict(zip(paths, pool.map(apply_and_validate, paths, chunksize=4)))


# The first of these tests waits for fixture_results: every fixture validated, one pySHACL and
# one pyshacl-turbo run each (~0.6 s on an idle core; several times that on a shared machine), hence a hang guard
# longer than the suite's 300 s.
@pytest.mark.timeout(1500)
@pytest.mark.parametrize("fixture", fixtures(), ids=lambda f: f.path.stem)
def test_invalid_fixture_gives_exactly_its_result(fixture: Fixture, fixture_results, shapes):
    error, changed, findings, _reference, _all = fixture_results[str(fixture.path)]
    assert error is None, f"{fixture.path.name}: {error}"
    assert changed, f"{fixture.path.name}: the update changed nothing"
    got = {(f.focus, f.path, f.component, f.severity) for f in findings}
    assert got == {fixture.expected}, "\n".join(
        f"{f.severity} {f.focus} {f.path} {f.component} {f.shape}: {f.message}" for f in findings)
    assert {f.shape for f in findings} == {fixture.shape}
    if fixture.constraint:
        assert {f.message for f in findings} == {message_of(shapes, URIRef(fixture.constraint))}


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda f: f.path.stem)
def test_turbo_reports_what_pyshacl_reports(fixture: Fixture, fixture_results):
    """pyshacl-turbo (the default of validate and build) gives exactly pySHACL's results on
    every fixture: the same focus nodes, paths, components, shapes, severities, values and messages."""
    error, _changed, _new, reference, turbo = fixture_results[str(fixture.path)]
    assert error is None, f"{fixture.path.name}: {error}"
    assert set(turbo) == set(reference), f"only turbo: {set(turbo) - set(reference)}; only pySHACL: {set(reference) - set(turbo)}"
