"""Configuration: one TOML section per stage, strictly validated.

Resolution order: the stages' ``Params`` defaults, then the user's TOML file, then
``--set section.key=value`` overrides. Unknown sections and keys are errors that name the
closest valid spelling; values must have the default's type.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from pipeline.registry import get_stages

DEFAULT_STEPS = [
    "fix_unicode",
    "split_columns",
    "find_pages",
    "strip_furniture",
    "split_index",
    "fix_spacing",
    "rejoin_lines",
    "parse_index",
    "link_locators",
]
PIPELINE_DEFAULTS: dict[str, Any] = {"steps": DEFAULT_STEPS, "explain": True}


class ConfigError(ValueError):
    pass


def defaults() -> dict[str, Any]:
    cfg: dict[str, Any] = {"pipeline": dict(PIPELINE_DEFAULTS)}
    cfg["pipeline"]["steps"] = list(DEFAULT_STEPS)
    for name, spec in sorted(get_stages().items()):
        cfg[name] = spec.defaults()
    return cfg


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (valid: {', '.join(sorted(options))})"


def _check_type(where: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, got {value!r}")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {value!r}")
        return value
    if isinstance(default, list | tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
        return list(value)
    return value


def _choices(section: str) -> dict[str, tuple]:
    """The allowed values of a stage's string settings (its Params' ``CHOICES``)."""
    spec = get_stages().get(section)
    return dict(getattr(spec.params, "CHOICES", {})) if spec else {}


def merge(cfg: dict[str, Any], override: dict[str, Any], origin: str) -> dict[str, Any]:
    """Return *cfg* updated with *override*, validating every section and key."""
    out = {k: dict(v) for k, v in cfg.items()}
    for section, values in override.items():
        if section not in out:
            raise ConfigError(
                f"{origin}: unknown section [{section}]" + _suggest(section, list(out))
            )
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: [{section}] must be a table")
        for key, value in values.items():
            if key not in out[section]:
                raise ConfigError(
                    f"{origin}: unknown key {section}.{key}" + _suggest(key, list(out[section]))
                )
            out[section][key] = _check_type(f"{origin}: {section}.{key}", value, out[section][key])
            choices = _choices(section).get(key)
            if choices and value not in choices:
                raise ConfigError(
                    f"{origin}: {section}.{key} = {value!r} is not one of "
                    f"{', '.join(map(repr, choices))}" + _suggest(str(value), list(choices))
                )
    stages = get_stages()
    for step in out["pipeline"]["steps"]:
        if step not in stages or step == "extract":
            raise ConfigError(f"{origin}: unknown step {step!r}" + _suggest(step, list(stages)))
    return out


def parse_set(item: str) -> dict[str, Any]:
    """Turn ``section.key=value`` into a nested dict; the value is read as TOML, else a string.

    >>> parse_set("fix_spacing.join_split_words=false")
    {'fix_spacing': {'join_split_words': False}}
    >>> parse_set("pipeline.steps=['fix_unicode']")
    {'pipeline': {'steps': ['fix_unicode']}}
    """
    if "=" not in item or "." not in item.split("=", 1)[0]:
        raise ConfigError(f"--set {item!r}: expected section.key=value")
    lhs, raw = item.split("=", 1)
    section, key = lhs.strip().split(".", 1)
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return {section: {key: value}}


def load(path: str | Path | None = None, sets: list[str] | None = None) -> dict[str, Any]:
    cfg = defaults()
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{p}: config file not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{p}: not valid TOML: {exc}") from None
        cfg = merge(cfg, data, str(p))
    for item in sets or []:
        cfg = merge(cfg, parse_set(item), f"--set {item}")
    return cfg


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def config_hash(cfg: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(cfg).encode("utf-8")).hexdigest()


def to_toml(cfg: dict[str, Any]) -> str:
    """Render a resolved config as TOML (flat sections of scalars and string lists)."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(v, ensure_ascii=False)

    parts = []
    for section in ["pipeline", *sorted(k for k in cfg if k != "pipeline")]:
        parts.append(f"[{section}]")
        parts.extend(f"{k} = {value(v)}" for k, v in cfg[section].items())
        parts.append("")
    return "\n".join(parts)
