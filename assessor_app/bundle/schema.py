"""Strict parsing of manifest.json bytes: UTF-8, JSON without duplicate keys or NaN, bounded
nesting, then the JSON Schema, then the semantic checks of :mod:`.manifest`.

Every failure is a :class:`~assessor_app.errors.ManifestError` with one readable line naming
where the problem is, e.g. ``manifest.json, rubric.outcomes[2].details[0].id: 'a b' is not
valid: expected an id: ...``. Values are echoed only for short, pattern-like fields and always
escaped and truncated; narrative text is never echoed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from assessor_app.bundle.manifest import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    manifest_from_json,
    manifest_schema,
)
from assessor_app.bundle.names import show
from assessor_app.domain.model import Manifest
from assessor_app.errors import ManifestError

EXTENSION_KEY = re.compile(r"x-[a-z0-9][a-z0-9._-]{0,62}")


# --- the validator ---------------------------------------------------------------------------
def _ecma_to_python(pattern: str) -> str:
    """JSON Schema patterns are ECMA-262: ``$`` (no multiline flag) is the very end of the
    string. Python's ``$`` also matches before a final newline, which would let ``"id\\n"``
    through an id pattern, so every anchor ``$`` outside a character class becomes ``\\Z``."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "$":
            ch = r"\Z"
        out.append(ch)
        i += 1
    return "".join(out)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(_ecma_to_python(pattern))


def _pattern_keyword(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError(f"does not match {pattern!r}")


def _is_integer(checker: Any, instance: object) -> bool:
    # JSON Schema counts 1.0 as an integer; the model wants real ints (and never bools).
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _validator() -> Any:
    base = Draft202012Validator
    checker = base.TYPE_CHECKER.redefine("integer", _is_integer)
    cls = jsonschema.validators.extend(
        base, validators={"pattern": _pattern_keyword}, type_checker=checker
    )
    schema = manifest_schema()
    base.check_schema(schema)
    return cls(schema)


# --- readable messages -----------------------------------------------------------------------
def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _short(value: object) -> str:
    if isinstance(value, str):
        return show(value, cap=48)
    if isinstance(value, bool | int | float) or value is None:
        return show(json.dumps(value), cap=48).strip("'")
    return _json_type(value)


def error_path(parts: Iterator[Any] | Any) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + show(str(part), cap=48).strip("'")
    return text


def _problem(error: ValidationError) -> str:
    kind = error.validator
    value = error.validator_value
    instance = error.instance
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if kind == "required":
        missing = [k for k in value if isinstance(instance, dict) and k not in instance]
        return f"missing required field {show(str(missing[0] if missing else value[0]))}"
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = set(schema.get("properties", {}))
        patterns = [_compiled(p) for p in schema.get("patternProperties", {})]
        extra = sorted(
            k for k in instance if k not in known and not any(p.search(k) for p in patterns)
        )
        name = show(extra[0], cap=48) if extra else "?"
        hint = " (extension keys must start with 'x-')" if "format" in known else ""
        return f"unexpected field {name}{hint}"
    if kind == "type":
        return f"expected {value}, found {_json_type(instance)}"
    if kind == "pattern":
        expected = schema.get("description")
        tail = f": expected {expected}" if expected else ""
        return f"{_short(instance)} is not valid{tail}"
    if kind == "const":
        return f"must be {_short(value)}, found {_short(instance)}"
    if kind == "enum":
        options = ", ".join(_short(v) for v in value)
        return f"{_short(instance)} is not one of {options}"
    if kind == "minLength":
        return "must not be empty" if value == 1 else f"is shorter than {value} characters"
    if kind == "maxLength":
        return f"is longer than {value} characters ({len(instance)})"
    if kind == "minItems":
        return f"needs at least {value} item{'s' if value != 1 else ''}"
    if kind == "maxItems":
        return f"has {len(instance)} items, more than {value}"
    if kind == "minimum":
        return f"{_short(instance)} is less than {value}"
    if kind == "maximum":
        return f"{_short(instance)} is more than {value}"
    if kind == "dependentRequired" and isinstance(instance, dict):
        for field, needs in value.items():
            if field in instance:
                lacking = [n for n in needs if n not in instance]
                if lacking:
                    return f"has {show(field)} but no {show(lacking[0])}"
    if kind == "not" and isinstance(value, Mapping) and list(value) == ["required"]:
        kind_name = instance.get("kind") if isinstance(instance, dict) else None
        which = f" for kind {_short(kind_name)}" if isinstance(kind_name, str) else ""
        return f"field {show(str(value['required'][0]))} is not allowed{which}"
    if kind is None:  # a `false` subschema
        return "is not allowed here"
    return f"fails the schema rule {show(str(kind))}"


def describe(error: ValidationError) -> str:
    path = error_path(error.absolute_path)
    where = f"{MANIFEST_NAME}, {path}" if path else MANIFEST_NAME
    return f"{where}: {_problem(error)}"


def validate_manifest_json(data: object) -> None:
    """Raise :class:`ManifestError` describing the most relevant schema violation, if any."""
    _check_version(data)
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        raise ManifestError(describe(error))
    assert isinstance(data, dict)
    for key in data:
        if key.startswith("x-") and not EXTENSION_KEY.fullmatch(key):
            raise ManifestError(f"{MANIFEST_NAME}: extension key {show(key, 48)} is not valid")


def _check_version(data: object) -> None:
    """A newer bundle fails the v1 schema in confusing ways; say what is really wrong."""
    if not isinstance(data, dict):
        raise ManifestError(f"{MANIFEST_NAME}: expected an object, found {_json_type(data)}")
    version = data.get("format_version")
    if (
        data.get("format") == FORMAT_NAME
        and _is_integer(None, version)
        and version != FORMAT_VERSION
    ):
        raise ManifestError(
            f"bundle format version {_short(version)} is not supported "
            f"(this app reads version {FORMAT_VERSION}); update the app"
        )


# --- bytes -> JSON ---------------------------------------------------------------------------
def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ManifestError(f"{MANIFEST_NAME}: key {show(key, 48)} appears twice in an object")
        obj[key] = value
    return obj


def _no_constants(name: str) -> Any:
    raise ManifestError(f"{MANIFEST_NAME}: {name} is not a JSON number")


def _check_tree(data: object, max_depth: int) -> None:
    """Bounded nesting, and no lone surrogates (valid JSON, but not storable as UTF-8)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > max_depth:
                raise ManifestError(f"{MANIFEST_NAME}: nested more than {max_depth} levels deep")
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in items:
                if isinstance(key, str):
                    _check_text(key)
                stack.append((value, depth + 1))
        elif isinstance(node, str):
            _check_text(node)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ManifestError(
            f"{MANIFEST_NAME}: a string contains a lone UTF-16 surrogate (\\ud800-\\udfff)"
        ) from None


def load_manifest_json(raw: bytes, max_depth: int = 32) -> Any:
    """Strict JSON: UTF-8 without BOM, no duplicate keys, no NaN/Infinity, bounded depth."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ManifestError(
            f"{MANIFEST_NAME} is not valid UTF-8 (byte {exc.start} cannot be decoded)"
        ) from None
    if text.startswith("\ufeff"):
        raise ManifestError(f"{MANIFEST_NAME} starts with a byte order mark; write plain UTF-8")
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"{MANIFEST_NAME} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise ManifestError(f"{MANIFEST_NAME}: nested more than {max_depth} levels deep") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python will convert
        raise ManifestError(f"{MANIFEST_NAME} is not usable JSON: {show(str(exc), 80)}") from None
    _check_tree(data, max_depth)
    return data


def parse_manifest(raw: bytes, max_depth: int = 32) -> Manifest:
    """manifest.json bytes -> checked :class:`Manifest`, or :class:`ManifestError`."""
    data = load_manifest_json(raw, max_depth)
    validate_manifest_json(data)
    return manifest_from_json(data)
