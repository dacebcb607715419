"""Exit codes and the exceptions that carry them.

Every error a user can cause or fix has its own class with a message that says what to
do. The CLI translates them in one place (``cli.cli_exception_handler``); tracebacks are
shown only with ``-v``. A slot-level problem (an unreadable upload) is not an exit: it is
``UnreadableFileError``, turned into the ``UNREADABLE`` reason for that slot alone.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    batch_failures = 1  # some submissions of a batch could not be verified
    usage = 2  # bad arguments, invalid submission folder or submission.json
    missing_dependency = 3  # Tesseract, its language data or poppler is missing
    pipeline_config = 4  # the --pipeline file is invalid
    internal = 15  # a bug: please report it with the -v traceback


class DocextractError(Exception):
    """Base class: ``message`` is shown to the user, ``exit_code`` ends the process."""

    exit_code: ExitCode = ExitCode.internal

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SubmissionError(DocextractError):
    """The submission folder or its submission.json cannot be used."""

    exit_code = ExitCode.usage


class UsageError(DocextractError):
    exit_code = ExitCode.usage


class MissingDependencyError(DocextractError):
    exit_code = ExitCode.missing_dependency


class PipelineConfigError(DocextractError):
    exit_code = ExitCode.pipeline_config


class StageContractError(DocextractError):
    """A stage broke the pipeline contract (returned something else, or a chain gap)."""

    exit_code = ExitCode.pipeline_config


class UnreadableFileError(DocextractError):
    """An uploaded file that cannot be opened safely: it becomes UNREADABLE for its slot.

    ``detail`` is the reviewer-facing explanation (which limit, which check).
    """

    exit_code = ExitCode.usage

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ExternalProgramError(DocextractError):
    """An external program (Tesseract, poppler) failed on one input."""

    exit_code = ExitCode.internal
