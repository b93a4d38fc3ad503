"""dev.py, the README's two commands: which invocations open the window, and the check for
the X11 libraries Qt's xcb plugin needs on Linux (a clear message instead of Qt's abort)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("args", "window"), [
    ([], True), (["gui"], True), (["--db", "x.sqlite"], True), (["--db=x.sqlite", "gui"], True),
    (["--db", "x.sqlite", "gui", "--db", "y"], True),
    (["demo"], False), (["--db", "x.sqlite", "stats"], False), (["report", "blank"], False),
])
def test_which_commands_open_the_window(dev: ModuleType, args: list[str], window: bool) -> None:
    assert dev.opens_window(args) is window


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_a_missing_xcb_library_is_named_with_its_package(dev: ModuleType, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(dev, "XCB_LIBRARIES", {"libc.so.6": "libc6",
                                               "libxcb-not-installed.so.9": "libxcb-not-installed9"})
    assert dev.missing_xcb_libraries() == ["libxcb-not-installed.so.9"]
    assert dev.check_window_libraries() is False
    err = capsys.readouterr().err
    assert "libxcb-not-installed.so.9" in err
    assert "apt-get install libxcb-not-installed9" in err
    assert "libc6" not in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_no_check_when_the_window_does_not_use_xcb(dev: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dev, "XCB_LIBRARIES", {"libxcb-not-installed.so.9": "libxcb-not-installed9"})
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert dev.missing_xcb_libraries() == []
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert dev.missing_xcb_libraries() == ["libxcb-not-installed.so.9"]
