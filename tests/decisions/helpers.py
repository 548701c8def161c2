import shutil
import subprocess
import tempfile

from decisions.paper import docx_text


def pdf_text(data):
    """The text pdftotext reads from PDF bytes, whitespace collapsed."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(  # noqa: S603 - a fixed program on a file we wrote
            [shutil.which("pdftotext"), "-layout", handle.name, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    return " ".join(out.split())


def word_text(data):
    return " ".join(docx_text(data).split())
