"""YAML -> plain Python data in which every scalar stays a string, with positions.

Reads PyYAML's event stream (libyaml's parser when available), whose events keep their
marks, with no tag resolution, so that ``8.70`` stays the string ``"8.70"``.  On top of
it, what the stock composer and constructors lack: no recursion (libyaml's composer
overflows the C stack on deep nesting), duplicate-key detection, a bound on nesting and
on alias expansion (billion-laughs), and a position index.  Two builders: ``_build``, one
pass for the usual file, and ``_compose`` + ``_Converter``, the general one (aliases),
which is the definition; the first hands over to the second whenever it is not sure.

Why two, and why their equality is not by construction: the general builder expands an
alias by converting the shared node again under the alias's path, and it composes the
whole stream before converting, so a syntax error or an undefined alias anywhere wins over
a bound exceeded by a scalar.  The one-pass builder sees events in order and keeps no
nodes, so it could only do the same with a second mechanism (recording and replaying event
slices, deferring bound errors), which would need the same differential testing; instead
it hands over on each of these.  What both do is shared: :func:`_key_problem`, the
bounds in :mod:`leanbridge.limits`.  The one-pass builder is kept
because it is about 4 times faster (15 against 55 µs per claim on the benchmark corpus,
benchmarks/README.md); ``tests/test_yamlpos_fast.py`` holds the two equal.

The parser: libyaml's when PyYAML has it, else PyYAML's pure-Python one, which is the
reference (the same events and marks; libyaml's messages for syntax errors differ).  A
file is never refused by a limit of libyaml's own: see :func:`_is_libyaml_nesting_limit`.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from leanbridge import limits
from leanbridge.errors import LeanbridgeError, Pos

# PyYAML's pure-Python parser: the reference, and what reads a file libyaml refuses.
_PURE_LOADER: type = yaml.BaseLoader
try:  # libyaml is about 20 times faster, with the same events and marks
    _Loader: type = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = _PURE_LOADER

# What YAML 1.1 allows in a stream (its `c-printable`; PyYAML's and libyaml's readers
# check the same set), and the line breaks PyYAML's marks count.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAK = re.compile("\r\n?|[\n\x85\u2028\u2029]")
# The characters below U+0100 that _NOT_PRINTABLE lets through, as bytes: a text of only
# such characters is checked by encoding and deleting them, in C, about 6 times faster
# than the regex's scan (which stays the definition, and finds the position otherwise).
_PRINTABLE_LATIN1 = bytes(c for c in range(256) if not _NOT_PRINTABLE.match(chr(c)))

Path = tuple[str | int, ...]
# Where a node is, as a value: the parser's 0-based (line, column) of its start; a scalar
# adds its extent in the text and its style: (line, column, start index, end index, style).
ScalarMark = tuple[int, int, int, int, str | None]
Mark = tuple[int, int] | ScalarMark
# What a Document keeps for a node: the parser's own object for it, the event (one-pass
# builder) or the node (general builder), whose marks give its Mark when asked.  Making
# the Mark tuple of every node at once cost about as much as the rest of the one-pass
# builder (11,000 instructions a claim, of which one or two are ever asked for); keeping
# the event costs a dict entry, and its marks stay alive only as long as the Document (a
# file's; under the command's collector threshold, runtime.GC_THRESHOLD, the whole
# `check` measured 6,500 instructions a claim fewer, collections included).
Marked = Any
# What a scalar's kept event or node is (the loader tests a check's mark against it).
SCALAR_MARKS = _SCALARS = (yaml.ScalarEvent, yaml.ScalarNode)


def mark_of(marked: Marked) -> Mark:
    """The :data:`Mark` of a kept event or node as a value (a key's is just its start)."""
    start = marked.start_mark
    if isinstance(marked, _SCALARS):
        # Plain style: None from PyYAML's parser, "" from libyaml's; kept as None from both.
        return (start.line, start.column, start.index, marked.end_mark.index, marked.style or None)
    return (start.line, start.column)


def _start_of(marked: Marked) -> tuple[int, int]:
    start = marked.start_mark
    return (start.line, start.column)


class YamlError(LeanbridgeError):
    def __init__(self, message: str, pos: Pos | None) -> None:
        super().__init__(message)
        self.pos = pos


# What a Document keeps of the positions: a tree shaped as the data.  A scalar's is its kept
# event or node; a sequence's, the list [its start, each item's tree...]; a mapping's, the
# list [its start, key, value's tree, key, value's tree...] for the keys the data holds, in
# their order.  Building it costs a list append per node, where a path tuple and two
# entries in path-keyed dicts cost about 6,600 instructions a claim; the path-keyed dicts
# are worked out only when asked for (Document.value_marks), walking the tree once.
Tree = Any


@dataclass(eq=False)
class Document:
    """The converted data and, for each path, where its key and value are.

    Positions are kept as the parser's events or nodes (:data:`Marked`), in ``tree``
    (:data:`Tree`), and turned into :data:`Mark` tuples or :class:`Pos` only when asked: a
    file has tens of thousands of paths and a loader asks for a few per claim.  Equality
    compares the Marks (the two builders keep different objects for the same node).
    """

    data: object
    tree: Tree = None
    # Problems that spoil one entry but not the file (a duplicate key inside one claim
    # must not hide the other claims): (message, position, path of the mapping entry).
    problems: list[tuple[str, Pos | None, Path]] = field(default_factory=list)

    @property
    def value_marks(self) -> dict[Path, Marked]:
        """Each path's kept event or node (a collection's: its start)."""
        return self._index()[0]

    @property
    def key_marks(self) -> dict[Path, Marked]:
        """Each mapping entry's path -> its key's kept event or node."""
        return self._index()[1]

    def _index(self) -> tuple[dict[Path, Marked], dict[Path, Marked]]:
        values: dict[Path, Marked] = {}
        keys: dict[Path, Marked] = {}
        if self.tree is None:
            return values, keys
        todo: list[tuple[Path, object, Tree]] = [((), self.data, self.tree)]
        while todo:
            path, data, tree = todo.pop()
            if data.__class__ is dict:
                values[path] = tree[0]
                for j, key in enumerate(data):  # type: ignore[arg-type]
                    keys[(*path, key)] = tree[1 + 2 * j]
                    todo.append(((*path, key), data[key], tree[2 + 2 * j]))  # type: ignore[index]
            elif data.__class__ is list:
                values[path] = tree[0]
                for i, item in enumerate(data):  # type: ignore[arg-type]
                    todo.append(((*path, i), item, tree[1 + i]))
            else:
                values[path] = tree
        return values, keys

    def marks(self) -> tuple[dict[Path, Mark], dict[Path, tuple[int, int]]]:
        """Every value's :data:`Mark` and every key's start, by path."""
        value_marks, key_marks = self._index()
        values = {path: mark_of(m) for path, m in value_marks.items()}
        return values, {path: _start_of(m) for path, m in key_marks.items()}

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Document:
            return NotImplemented
        return (self.data, self.marks(), self.problems) == (
            other.data,  # type: ignore[attr-defined]
            other.marks(),  # type: ignore[attr-defined]
            other.problems,  # type: ignore[attr-defined]
        )

    __hash__ = None  # type: ignore[assignment]

    def _trail(self, path: Path) -> list[tuple[Tree, Marked | None]]:
        """The trees of ``path``'s prefixes that exist, from the root's, each with its key's
        kept event or node (None under a sequence); empty when there is no document."""
        data, tree = self.data, self.tree
        if tree is None:
            return []
        trail: list[tuple[Tree, Marked | None]] = [(tree, None)]
        for step in path:
            if data.__class__ is dict:
                if step not in data:  # type: ignore[operator]
                    break
                j = 1 + 2 * list(data).index(step)  # type: ignore[call-overload]
                trail.append((tree[j + 1], tree[j]))
                data, tree = data[step], tree[j + 1]  # type: ignore[index]
            elif data.__class__ is list and isinstance(step, int) and 0 <= step < len(data):  # type: ignore[arg-type]
                trail.append((tree[1 + step], None))
                data, tree = data[step], tree[1 + step]  # type: ignore[index]
            else:
                break
        return trail

    def pos(self, path: Path, key: bool = False) -> Pos | None:
        """Best position for ``path``: the exact node, else the nearest ancestor."""
        trail = self._trail(path)
        if not trail:
            return Pos(1, 1)
        marked = None
        if key:  # the nearest path that exists and ends in a mapping key; else the root
            marked = next((k for _, k in reversed(trail) if k is not None), None)
        if marked is None:
            tree = trail[-1][0] if not key else trail[0][0]
            marked = tree[0] if tree.__class__ is list else tree
        start = marked.start_mark
        return Pos(start.line + 1, start.column + 1)

    def has_value(self, path: Path) -> bool:
        return len(self._trail(path)) == len(path) + 1

    def scalar_node(self, path: Path) -> Marked | None:
        """The kept event or node of the scalar at ``path``; None if none."""
        trail = self._trail(path)
        if len(trail) != len(path) + 1:
            return None
        tree = trail[-1][0]
        return None if tree.__class__ is list else tree

    def scalar(self, path: Path) -> ScalarMark | None:
        """The mark of the scalar at ``path``, with its extent and style; None if none."""
        marked = self.scalar_node(path)
        return None if marked is None else mark_of(marked)  # type: ignore[return-value]


def _mark_pos(mark: yaml.Mark | None) -> Pos | None:
    return Pos(mark.line + 1, mark.column + 1) if mark is not None else None


def _is_libyaml_nesting_limit(error: yaml.YAMLError) -> bool:
    """Whether ``error`` is libyaml's own nesting limit rather than a fault of the file.

    libyaml 0.2.6 (in PyYAML's wheels from 6.0.4 on) refuses more than 1,000 nested levels,
    in its scanner, which runs up to a line (1,024 characters) ahead of the events: on
    ``[[[[...`` it fails before the parser hands over the 33rd level, so that
    ``MAX_YAML_DEPTH`` never gets to answer.  It reports this as an ordinary ScannerError,
    "while increasing flow level" (or "block level"): "exceeded maximum nesting depth".
    libyaml 0.2.5 and PyYAML's pure-Python parser have no such limit.  A file this deep is
    deeper than ``MAX_YAML_DEPTH`` too, so the answer must be the project's own: the
    general builder then finds it (:func:`_compose_past_libyamls_limit`).

    The only place that reads libyaml's message text; ``tests/test_yamlpos_fast.py`` checks
    it against the installed libyaml (CI runs it under PyYAML 6.0.3 and the newest).
    """
    return isinstance(error, yaml.scanner.ScannerError) and "nesting depth" in (error.problem or "")


class _Converter:
    """The general builder: converts composed nodes, aliases included."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.visited = 0

    def convert(self, node: yaml.Node, path: Path, depth: int) -> tuple[object, Tree]:
        """``node`` as data, and its :data:`Tree`."""
        self.visited += 1
        if self.visited > limits.MAX_YAML_NODES:
            raise YamlError(
                f"document expands to more than {limits.MAX_YAML_NODES} nodes "
                "(aliases are counted each time they are used)",
                _mark_pos(node.start_mark),
            )
        if depth > limits.MAX_YAML_DEPTH:
            raise YamlError(
                f"nested deeper than {limits.MAX_YAML_DEPTH} levels", _mark_pos(node.start_mark)
            )
        if isinstance(node, yaml.ScalarNode):
            return node.value, node
        tree: list = [node]
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                data, subtree = self.convert(item, (*path, i), depth + 1)
                items.append(data)
                tree.append(subtree)
            return items, tree
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            problem = _key_problem(key, result, tree)
            if problem is not None:
                self.doc.problems.append(
                    (problem, _mark_pos(key_node.start_mark), (*path, key or "?"))
                )
                continue
            assert key is not None
            result[key], subtree = self.convert(value_node, (*path, key), depth + 1)
            tree += (key_node, subtree)
        return result, tree


def _key_problem(key: str | None, mapping: dict, tree: Tree) -> str | None:
    """Why ``key`` may not enter ``mapping``, whose :data:`Tree` is ``tree`` (the value is
    then skipped), or None."""
    if key is None:
        return "mapping keys must be plain strings"
    if key == "<<":
        return "merge keys (`<<`) are not supported"
    if key in mapping:
        first = next((k for k in tree[1::2] if k.value == key), None)
        where = f" (first at line {first.start_mark.line + 1})" if first is not None else ""
        return f"duplicate key `{key}`{where}"
    return None


def _compose(text: str, loader: type) -> yaml.Node | None:
    """``yaml.compose`` without recursion, so deep nesting is an error and not a crash.

    The stock composers recurse once per nesting level (libyaml's in C: a file of 100,000
    ``[`` overflows the C stack); this one builds the same nodes from the event stream with
    an explicit stack and stops at the depth bound.
    """
    anchors: dict[str, yaml.Node] = {}
    stack: list[list] = []  # [collection node, pending mapping key or None]
    root: yaml.Node | None = None
    documents = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError(
                    "YAML error: expected a single document, but found another document",
                    _mark_pos(event.start_mark),
                )
            continue
        if isinstance(event, yaml.AliasEvent):
            node = anchors.get(event.anchor)  # type: ignore[arg-type]
            if node is None:
                raise YamlError(
                    f"YAML syntax error: found undefined alias `{event.anchor}`",
                    _mark_pos(event.start_mark),
                )
        elif isinstance(event, yaml.ScalarEvent):
            node = yaml.ScalarNode(
                event.tag or "", event.value, event.start_mark, event.end_mark, style=event.style
            )
            if event.anchor is not None:
                anchors[event.anchor] = node
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            is_seq = isinstance(event, yaml.SequenceStartEvent)
            cls = yaml.SequenceNode if is_seq else yaml.MappingNode
            collection = cls(event.tag or "", [], event.start_mark, event.end_mark)
            if event.anchor is not None:
                anchors[event.anchor] = collection
            stack.append([collection, None])
            if len(stack) > limits.MAX_YAML_DEPTH + 1:
                raise YamlError(
                    f"nested deeper than {limits.MAX_YAML_DEPTH} levels",
                    _mark_pos(event.start_mark),
                )
            continue
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            node = stack.pop()[0]
            node.end_mark = event.end_mark
        else:  # stream start/end, document end
            continue
        if not stack:
            root = node
            continue
        parent = stack[-1]
        if isinstance(parent[0], yaml.SequenceNode):
            parent[0].value.append(node)
        elif parent[1] is None:
            parent[1] = node
        else:
            parent[0].value.append((parent[1], node))
            parent[1] = None
    return root


class _Fallback(Exception):
    """The fast builder met what only the general builder handles (see :func:`_build`).

    ``refused``: libyaml's own nesting-limit error, when that was it (the general builder
    then does not read the whole text with libyaml again only to meet it again).
    """

    def __init__(self, refused: yaml.MarkedYAMLError | None = None) -> None:
        super().__init__()
        self.refused = refused


# What the next node is to the innermost open collection.
_ROOT = object()  # the document's root
_KEY = object()  # a mapping key
_VALUE = object()  # a mapping value (its key: `key`)
_ITEM = object()  # a sequence item
_SKIP = object()  # the value of a rejected key: left out, with everything inside it
_SKIPPED = object()  # a node inside a node that is left out


def _path_of(stack: list[tuple[dict | list | None, Tree, object]]) -> Path:
    """The path of the innermost open collection, from the open ones around it (each
    holds its child as its last entry: it gets no other until the child is closed)."""
    return tuple(
        next(reversed(outer)) if outer.__class__ is dict else len(outer) - 1  # type: ignore[arg-type]
        for outer, _, _ in stack[1:]
    )


def _build(text: str) -> Document | None:
    """Events -> data and marks in one pass, for the usual file; None if it is empty.

    Does what ``_compose`` plus ``_Converter`` do, without building nodes or paths.
    Whatever it does not handle raises :class:`_Fallback` before any result is kept, and
    the general builder starts again: an alias (replayed subtrees), a second document,
    more nodes than the bound, or a collection with ``MAX_YAML_DEPTH`` collections around
    it (whose contents would be too deep: a superset of both depth errors), or libyaml's
    own nesting limit (:func:`_is_libyaml_nesting_limit`).  Each is an error or close to
    one, so the usual file never pays twice.  Other syntax errors pass through: up to the
    event that raises one, neither builder has raised anything.
    """
    doc = Document(data=None)
    problems = doc.problems
    max_depth, max_nodes = limits.MAX_YAML_DEPTH, limits.MAX_YAML_NODES
    # The open collections around the innermost one, as (data, tree, state) to resume.
    stack: list[tuple[dict | list | None, Tree, object]] = []
    cur: dict | list | None = None  # the innermost open collection's data
    tree: list | None = None  # and its Tree
    state: object = _ROOT
    root: object = None
    root_tree: Tree = None
    visited = documents = 0
    key: str | None = None  # the mapping key last read, while `state` is _VALUE
    # Locals: this loop runs once per event, and a global or attribute lookup is not free.
    scalar_event, mapping_start, mapping_end = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.MappingEndEvent,
    )
    sequence_start, sequence_end = yaml.SequenceStartEvent, yaml.SequenceEndEvent
    value_state, key_state, item_state = _VALUE, _KEY, _ITEM
    parser = _Loader(text)
    get_event, push, pop = parser.get_event, stack.append, stack.pop
    try:
        while True:
            event = get_event()
            cls = event.__class__
            if cls is scalar_event:
                collection = None
            elif cls is mapping_start:
                collection = {}
            elif cls is sequence_start:
                collection = []
            elif cls is mapping_end or cls is sequence_end:
                cur, tree, state = pop()
                continue
            elif cls is yaml.StreamEndEvent:
                break
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Fallback
                continue
            elif cls is yaml.StreamStartEvent or cls is yaml.DocumentEndEvent:
                continue
            else:  # an alias, or an event class this loop does not know
                raise _Fallback
            # Where the node goes, or nowhere (then `continue`).
            if state is value_state:
                visited += 1
                if visited > max_nodes:
                    raise _Fallback
                state = key_state
                if collection is None:  # a scalar, the usual value
                    cur[key] = event.value  # type: ignore[index]
                    tree.append(event)  # type: ignore[union-attr]
                    continue
                cur[key] = collection  # type: ignore[index]
            elif state is key_state:
                key = event.value if collection is None else None
                if key is not None and key != "<<" and key not in cur:  # _key_problem's None
                    tree.append(event)  # type: ignore[union-attr]
                    state = value_state
                    continue
                problem = _key_problem(key, cur, tree)  # type: ignore[arg-type]
                path = (*_path_of(stack), key or "?")
                problems.append((problem, _mark_pos(event.start_mark), path))  # type: ignore[arg-type]
                state = _SKIP  # the key's value; a collection key is skipped first
                if collection is not None:
                    push((cur, tree, _SKIP))
                    state = _SKIPPED
                    if len(stack) > max_depth:
                        raise _Fallback
                continue
            elif state is item_state:
                visited += 1
                if visited > max_nodes:
                    raise _Fallback
                if collection is None:  # a scalar item
                    cur.append(event.value)  # type: ignore[union-attr]
                    tree.append(event)  # type: ignore[union-attr]
                    continue
                cur.append(collection)  # type: ignore[union-attr]
            elif state is _SKIP or state is _SKIPPED:
                if collection is not None:
                    push((cur, tree, _KEY if state is _SKIP else _SKIPPED))
                    state = _SKIPPED
                    if len(stack) > max_depth:
                        raise _Fallback
                elif state is _SKIP:
                    state = _KEY
                continue
            else:  # the root
                visited += 1
                if visited > max_nodes:
                    raise _Fallback
                if collection is None:
                    root, root_tree = event.value, event
                    continue
                root = collection
            # A collection: its tree goes where the node went, and it becomes the innermost.
            inner = [event]
            if tree is None:
                root_tree = inner
            else:
                tree.append(inner)
            push((cur, tree, state))
            if len(stack) > max_depth:
                raise _Fallback
            cur, tree = collection, inner
            state = key_state if cls is mapping_start else item_state
    except yaml.YAMLError as e:
        if _is_libyaml_nesting_limit(e):
            raise _Fallback(e) from None
        raise
    finally:
        parser.dispose()
    if root_tree is None:
        return None
    doc.data, doc.tree = root, root_tree
    return doc


def _compose_past_libyamls_limit(text: str, error: yaml.MarkedYAMLError) -> yaml.Node | None:
    """``_compose(text)`` for a text libyaml refused with ``error``, its own nesting limit.

    Where libyaml stopped, more than 1,000 collections are open, one inside the other, so
    the one at depth ``MAX_YAML_DEPTH`` starts before that point.  libyaml reading only the
    text before it meets the same tokens up to there (a simple key that started before it
    would have to end after it, over more than 1,024 characters, which no simple key may
    span), hence the same events and the same error of ours, raised on the way: about what
    the general builder costs under a libyaml without the limit.  If the cut text gives
    anything else (a syntax error where it ends, say), PyYAML's pure-Python parser reads
    the whole text instead: the same answer, about 20 times slower (tens of seconds for a
    2 MiB file).
    """
    cut = error.problem_mark.index if error.problem_mark is not None else 0
    with contextlib.suppress(yaml.YAMLError):  # perhaps only because the text was cut
        _compose(text[:cut], _Loader)
    return _compose(text, _PURE_LOADER)


def _build_general(text: str, refused: yaml.MarkedYAMLError | None = None) -> Document | None:
    """The general builder; ``refused``: libyaml's nesting-limit error on ``text``, if met."""
    if refused is None:
        try:
            node = _compose(text, _Loader)
        except yaml.MarkedYAMLError as e:
            if _Loader is _PURE_LOADER or not _is_libyaml_nesting_limit(e):
                raise
            node = _compose_past_libyamls_limit(text, e)
    else:
        node = _compose_past_libyamls_limit(text, refused)
    if node is None:
        return None
    doc = Document(data=None)
    doc.data, doc.tree = _Converter(doc).convert(node, (), 0)
    return doc


def _check_characters(text: str) -> None:
    """Refuse a character YAML does not allow, in one positioned line.

    Both of PyYAML's readers refuse the same characters, but with a message of several
    lines ("unacceptable character #x0001: ... in "<unicode string>", position 50") and an
    offset rather than a position; they would also refuse at different moments (the Python
    reader before the first event, libyaml's when its buffer reaches the character).
    """
    try:
        if not text.encode("latin-1").translate(None, _PRINTABLE_LATIN1):
            return  # what _check_characters_general finds in such a text: nothing
    except UnicodeEncodeError:  # a character above U+00FF: the regex alone
        pass
    _check_characters_general(text)


def _check_characters_general(text: str) -> None:
    """:func:`_check_characters` by the regex alone (the definition)."""
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return
    at = bad.start()
    line, line_start = 1, 0
    for brk in _LINE_BREAK.finditer(text, 0, at):
        line, line_start = line + 1, brk.end()
    char = bad.group()
    kind = "control character" if unicodedata.category(char) == "Cc" else "character"
    raise YamlError(
        f"{kind} U+{ord(char):04X} is not allowed in YAML", Pos(line, at - line_start + 1)
    )


def load_yaml(text: str) -> Document:
    """Parse one YAML document; raise :class:`YamlError` with a position on any problem.

    ``text`` starts without a byte-order mark (the loader removes it): after one, the
    marks' indexes into ``text`` would depend on the parser (libyaml's do not count it).
    """
    _check_characters(text)
    try:
        try:
            doc = _build(text)
        except _Fallback as handed_over:
            doc = _build_general(text, handed_over.refused)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "invalid YAML"
        raise YamlError(f"YAML syntax error: {problem}", _mark_pos(mark)) from None
    except yaml.YAMLError as e:  # not from the parser's marks: one line, at the start
        raise YamlError("YAML error: " + " ".join(str(e).split()), Pos(1, 1)) from None
    if doc is None:
        raise YamlError("the file is empty", Pos(1, 1))
    return doc
