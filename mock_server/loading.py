"""Reading the files the mock starts from (the spec, the fixture set) within documented limits.

- ``MAX_FILE_BYTES``: a larger file is refused before it is read (the shipped spec is 76 KB, a
  fixture set of 10,000 users about 2.5 MB).
- ``MAX_DEPTH``: lists and mappings nested deeper are refused. For YAML this is checked on
  libyaml's event stream, before PyYAML's C loader builds anything: the loader recurses once per
  level and crashed the process (SIGSEGV, no message) on ``seed: [[[...]]]`` 50,000 deep. Aliases
  count with the depth of what they name, so a chain of anchors cannot nest deeper either. The
  spec nests 14 levels.

Both raise :class:`LoadError`, whose message names the file, the limit and where it was passed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64

_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class LoadError(ValueError):
    """A file is over a loading limit, or cannot be parsed."""


def _yaml_loader() -> type[yaml.SafeLoader]:
    # The C loader parses the spec about ten times faster, which matters for start-up time.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_limited(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LoadError(f"{size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes")
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:  # it grew meanwhile
        raise LoadError(f"over the limit of {MAX_FILE_BYTES:,} bytes")
    return data


def check_yaml_depth(data: bytes, limit: int = MAX_DEPTH) -> None:
    """Raises LoadError when a collection (aliases expanded) lies more than ``limit`` levels deep."""
    # One frame per open collection: its anchor and its height so far (levels of collections in
    # it, itself included); a closed anchored node keeps its height for the aliases that name it.
    heights: dict[str, int] = {}
    frames: list[list[Any]] = []
    for event in yaml.parse(data, Loader=_yaml_loader()):
        if isinstance(event, _OPEN):
            if len(frames) + 1 > limit:
                raise LoadError(f"nested deeper than {limit} levels{_where(event)}")
            frames.append([event.anchor, 1])
        elif isinstance(event, _CLOSE):
            anchor, height = frames.pop()
            if anchor is not None:
                heights[anchor] = height
            if frames:
                frames[-1][1] = max(frames[-1][1], height + 1)
        elif isinstance(event, yaml.AliasEvent):
            height = heights.get(event.anchor or "", 0)
            if len(frames) + height > limit:
                raise LoadError(
                    f"nested deeper than {limit} levels through alias *{event.anchor}{_where(event)}"
                )
            if frames:
                frames[-1][1] = max(frames[-1][1], height + 1)
        elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            heights[event.anchor] = 0


def _where(event: yaml.Event) -> str:
    mark = event.start_mark
    return f" (line {mark.line + 1})" if mark is not None else ""


def nested_within(value: Any, limit: int) -> bool:
    """Whether no list or object of a parsed JSON value lies more than ``limit`` levels deep."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in item if isinstance(child, (list, dict)))
    return True


def load_yaml(path: Path) -> Any:
    """A YAML file, within the size and nesting limits; LoadError names what is wrong."""
    data = read_limited(path)
    try:
        check_yaml_depth(data)
        return yaml.load(data, Loader=_yaml_loader())
    except yaml.YAMLError as exc:
        raise LoadError(f"not valid YAML: {exc}") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise LoadError(f"nested deeper than {MAX_DEPTH} levels") from None


def load_json(path: Path) -> Any:
    """A JSON file, within the size and nesting limits; LoadError names what is wrong."""
    data = read_limited(path)
    try:
        value = json.loads(data)
    except RecursionError:
        raise LoadError(f"nested deeper than {MAX_DEPTH} levels") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise LoadError(f"not valid JSON: {exc}") from None
    if not nested_within(value, MAX_DEPTH):
        raise LoadError(f"nested deeper than {MAX_DEPTH} levels")
    return value
