from __future__ import annotations

import pytest

from pipeline import config as cfgmod


def test_unknown_key_suggests_closest(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("[fix_spacing]\njoin_split_word = false\n")
    with pytest.raises(cfgmod.ConfigError, match="did you mean 'join_split_words'"):
        cfgmod.load(f)


def test_unknown_section():
    with pytest.raises(cfgmod.ConfigError, match="unknown section"):
        cfgmod.merge(cfgmod.defaults(), {"fix_spaceing": {}}, "x")


def test_wrong_type():
    with pytest.raises(cfgmod.ConfigError, match="expected true or false"):
        cfgmod.load(sets=["fix_spacing.join_split_words=3"])


def test_unknown_step():
    with pytest.raises(cfgmod.ConfigError, match="unknown step"):
        cfgmod.load(sets=["pipeline.steps=['fix_spacin']"])


def test_set_overrides_and_hash_changes():
    base = cfgmod.load()
    changed = cfgmod.load(sets=["fix_spacing.join_split_words=false"])
    assert changed["fix_spacing"]["join_split_words"] is False
    assert cfgmod.config_hash(base) != cfgmod.config_hash(changed)


def test_hash_ignores_key_order():
    a = cfgmod.defaults()
    b = {k: dict(reversed(list(v.items()))) for k, v in reversed(list(a.items()))}
    assert cfgmod.config_hash(a) == cfgmod.config_hash(b)


def test_toml_round_trip(tmp_path):
    cfg = cfgmod.load(sets=["unwrap_missing.x=1"]) if False else cfgmod.defaults()
    f = tmp_path / "c.toml"
    f.write_text(cfgmod.to_toml(cfg))
    assert cfgmod.load(f) == cfg


@pytest.mark.parametrize(
    "item, good",
    [
        ("extract.engine='pdfum'", "pdfium"),
        ("link_locators.when='pfd'", "pdf"),
    ],
)
def test_choice_settings_reject_other_values(item, good):
    with pytest.raises(cfgmod.ConfigError, match=f"did you mean '{good}'"):
        cfgmod.load(None, [item])
    assert cfgmod.load(None, [item.split("=")[0] + f"='{good}'"])
