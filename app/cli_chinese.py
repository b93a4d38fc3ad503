"""argparse in Chinese: the words argparse itself writes (usage:, positional arguments,
options, show this help message and exit, the following arguments are required …) go
through its module-level gettext function; while `zhuqi` builds its parser and reads its
arguments, that function answers in Chinese. Only inside the `with` block: anything else
in the process (pytest, for one) keeps argparse as it is."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

#: argparse's messages (Python 3.11–3.13) → Chinese; a message not listed stays as it is.
MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示程序的版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要给出一个值",
    "expected at most one argument": "最多给出一个值",
    "expected at least one argument": "至少给出一个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出参数 %s 中的一个",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "ignored explicit argument %r": "忽略了给出的值 %r",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unexpected option string: %s": "意外的选项：%s",
    "subcommands": "子命令",
    "default: %(default)s": "默认：%(default)s",
}
#: Messages with a singular and a plural form.
PLURALS = {
    ("expected %s argument", "expected %s arguments"): "需要给出 %s 个值",
}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    found = PLURALS.get((singular, plural))
    if found is not None:
        return found
    return singular if n == 1 else plural


@contextmanager
def chinese_argparse() -> Iterator[None]:
    """argparse speaks Chinese inside the block (building the parser and parsing)."""
    saved = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
