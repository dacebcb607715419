"""Stage registry and runner.

A stage is a function ``DocContext -> DocContext`` registered under a versioned name with
what it ``requires`` from the context and what it ``provides``. A slot's pipeline is a
list of names in the pipeline file; ``build_pipeline`` checks before anything runs that
every requirement is provided by an earlier stage, and the runner checks each stage
returns a context (spaCy's ``Language.__call__`` contract).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from docextract._context import DocContext
from docextract.exceptions import PipelineConfigError, StageContractError

log = logging.getLogger(__name__)

StageFunc = Callable[[DocContext], DocContext]

# What a fresh context holds before any stage runs.
INITIAL_PROVIDES = frozenset({"source", "config", "profile", "submitted_on", "slot"})


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: frozenset[str]
    provides: frozenset[str]


_REGISTRY: dict[str, Stage] = {}


def stage(
    name: str, *, requires: Iterable[str] = (), provides: Iterable[str] = ()
) -> Callable[[StageFunc], StageFunc]:
    """Register a stage function under ``name`` (e.g. ``ocr.tesseract.v1``)."""

    def register(func: StageFunc) -> StageFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineConfigError(f"stage name registered twice: {name}")
        _REGISTRY[name] = Stage(name, func, frozenset(requires), frozenset(provides))
        return func

    return register


def registered_stages() -> dict[str, Stage]:
    # Importing the stage modules registers them; done lazily to avoid import cycles.
    from docextract import stages  # noqa: F401

    return dict(_REGISTRY)


@dataclass(frozen=True)
class Pipeline:
    stages: tuple[Stage, ...]

    def __call__(self, ctx: DocContext) -> DocContext:
        for st in self.stages:
            if ctx.status is not None:
                # A stage settled the slot (e.g. UNREADABLE): later stages have nothing to read.
                break
            started = time.perf_counter()
            result = st.func(ctx)
            if not isinstance(result, DocContext):
                raise StageContractError(
                    f"stage {st.name} returned {type(result).__name__}, expected DocContext"
                )
            ctx = result
            ctx.timings_ms[st.name] = (
                ctx.timings_ms.get(st.name, 0.0) + (time.perf_counter() - started) * 1000
            )
        return ctx


def build_pipeline(names: Iterable[str]) -> Pipeline:
    """Resolve stage names and validate the requires/provides chain."""
    registry = registered_stages()
    available = set(INITIAL_PROVIDES)
    chain: list[Stage] = []
    for name in names:
        if name not in registry:
            known = ", ".join(sorted(registry))
            raise PipelineConfigError(f"unknown stage {name!r}; registered stages: {known}")
        st = registry[name]
        missing = st.requires - available
        if missing:
            raise PipelineConfigError(
                f"stage {name} requires {sorted(missing)}, which no earlier stage provides"
            )
        available |= st.provides
        chain.append(st)
    return Pipeline(tuple(chain))
