"""``gklint completion bash|zsh``: a shell completion script built from the
argument parser itself, so it never falls behind the options.

bash: ``eval "$(gklint completion bash)"`` (or save it under
/etc/bash_completion.d); zsh: ``eval "$(gklint completion zsh)"`` (it uses
zsh's bashcompinit).
"""
from __future__ import annotations

import argparse


def _words(parser: argparse.ArgumentParser) -> tuple[list[str], dict[str, list[str]]]:
    subcommands: dict[str, list[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                subcommands[name] = sorted(o for a in sub._actions for o in a.option_strings)
    top = sorted(o for a in parser._actions for o in a.option_strings)
    return top, subcommands


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    top, subcommands = _words(parser)
    cases = "\n".join(f'        {name}) opts="{" ".join(opts)}" ;;'
                      for name, opts in sorted(subcommands.items()))
    bash = f'''_gklint() {{
    local cur cmd opts
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    cmd="${{COMP_WORDS[1]}}"
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=( $(compgen -W "{" ".join(sorted(subcommands))} {" ".join(top)}" -- "$cur") )
        return
    fi
    case "$cmd" in
{cases}
        *) opts="" ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
    else
        COMPREPLY=( $(compgen -f -- "$cur") )
    fi
}}
complete -o filenames -F _gklint gklint
'''
    if shell == "zsh":
        return "autoload -U +X bashcompinit && bashcompinit\n" + bash
    return bash
