"""YAML -> plain Python data in which every scalar stays a string, with positions.

Uses PyYAML's composer (libyaml's when available) so that every node keeps its start
mark, and the BaseLoader resolver so that ``8.70`` stays the string ``"8.70"``.  The
conversion below adds what the stock constructors lack: duplicate-key detection, a
bound on nesting and on alias expansion (billion-laughs), and a position index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from leanbridge import limits
from leanbridge.errors import LeanbridgeError, Pos

try:  # libyaml is much faster; the pure-Python loader gives the same nodes and marks
    _Loader: type = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.BaseLoader

Path = tuple[str | int, ...]


class YamlError(LeanbridgeError):
    def __init__(self, message: str, pos: Pos | None) -> None:
        super().__init__(message)
        self.pos = pos


@dataclass
class Document:
    """The converted data and, for each path, where its key and value start."""

    data: object
    value_pos: dict[Path, Pos] = field(default_factory=dict)
    key_pos: dict[Path, Pos] = field(default_factory=dict)
    scalars: dict[Path, yaml.ScalarNode] = field(default_factory=dict)
    # Problems that spoil one entry but not the file (a duplicate key inside one claim
    # must not hide the other claims): (message, position, path of the mapping entry).
    problems: list[tuple[str, Pos | None, Path]] = field(default_factory=list)

    def pos(self, path: Path, key: bool = False) -> Pos | None:
        """Best position for ``path``: the exact node, else the nearest ancestor."""
        table = self.key_pos if key else self.value_pos
        while path:
            if path in table:
                return table[path]
            path = path[:-1]
        return self.value_pos.get((), Pos(1, 1))


def _mark_pos(mark: yaml.Mark | None) -> Pos | None:
    return Pos(mark.line + 1, mark.column + 1) if mark is not None else None


class _Converter:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.visited = 0

    def convert(self, node: yaml.Node, path: Path, depth: int) -> object:
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
        self.doc.value_pos[path] = _mark_pos(node.start_mark)  # type: ignore[assignment]
        if isinstance(node, yaml.ScalarNode):
            self.doc.scalars[path] = node
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            problem = None
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                problem = "mapping keys must be plain strings"
            elif key == "<<":
                problem = "merge keys (`<<`) are not supported"
            elif key in result:
                first = self.doc.key_pos.get((*path, key))
                where = f" (first at line {first.line})" if first else ""
                problem = f"duplicate key `{key}`{where}"
            if problem is not None:
                self.doc.problems.append(
                    (problem, _mark_pos(key_node.start_mark), (*path, key or "?"))
                )
                continue
            assert key is not None
            self.doc.key_pos[(*path, key)] = _mark_pos(key_node.start_mark)  # type: ignore[assignment]
            result[key] = self.convert(value_node, (*path, key), depth + 1)
        return result


def _compose(text: str) -> yaml.Node | None:
    """``yaml.compose`` without recursion, so deep nesting is an error and not a crash.

    The stock composers recurse once per nesting level (libyaml's in C: a file of 100,000
    ``[`` overflows the C stack); this one builds the same nodes from the event stream with
    an explicit stack and stops at the depth bound.
    """
    anchors: dict[str, yaml.Node] = {}
    stack: list[list] = []  # [collection node, pending mapping key or None]
    root: yaml.Node | None = None
    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
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


def load_yaml(text: str) -> Document:
    """Parse one YAML document; raise :class:`YamlError` with a position on any problem."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "invalid YAML"
        raise YamlError(f"YAML syntax error: {problem}", _mark_pos(mark)) from None
    except yaml.YAMLError as e:  # e.g. more than one document
        raise YamlError(f"YAML error: {e}", Pos(1, 1)) from None
    doc = Document(data=None)
    if node is None:
        raise YamlError("the file is empty", Pos(1, 1))
    doc.data = _Converter(doc).convert(node, (), 0)
    return doc
