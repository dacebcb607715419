"""Top level: render every document, then the submissions, then the README."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PIL import Image

from .bill import SCAN_DPI, Bill, bill_truth, rasterize, write_image_pdf, write_text_pdf
from .effects import photograph, rotate90, scan, selfie
from .licence import (
    Licence,
    back_truth,
    card_mask,
    front_truth,
    render_back,
    render_front,
)
from .output import JPEG_PHOTO_QUALITY, Writer
from .people import PersonFactory
from .readme import write_readme
from .scenario import SEED, SUBMITTED_ON, build_bills, build_licences
from .submissions import PLANS as SUBMISSION_PLANS
from .submissions import write_submission

# shared/ sits beside the work tree (here and in CI's fresh clone); the absolute path
# is the workplace default.
_FACE_REL = Path("shared/data/faces/obama.jpg")
FACE_CANDIDATES = (Path(__file__).resolve().parents[3] / _FACE_REL, Path("/work") / _FACE_REL)
PHOTO_FRONTS = ("001", "003")
PHOTO_BILLS = ("001",)
# Glare lands on the ID photo (card px), on the bill's footer (fraction of the page):
# never over the name, birth date, address, dates or number under test.
CARD_GLARE = (874.0, 330.0)
BILL_GLARE = (0.72, 0.86)


def _licence_docs(w: Writer, lic: Licence) -> Image.Image:
    front, truth = render_front(lic), front_truth(lic)
    stem = f"documents/dl_front_{lic.key}"
    state = "expired" if lic.expiry < SUBMITTED_ON else "valid"
    w.image(
        f"{stem}.png", front, truth, f"{lic.issuer}, {lic.band} band, {state}; {lic.expiry_text}"
    )
    if lic.key in PHOTO_FRONTS:
        photo = photograph(
            front,
            card_mask(),
            seed=lic.seed + 11,
            frame=(1600, 1200),
            coverage=0.62,
            glare_at=CARD_GLARE,
        )
        w.image(
            f"{stem}_photo.jpg",
            photo,
            truth,
            "phone photo on a desk: perspective, glare, blur, noise, JPEG q60",
            "photo",
            JPEG_PHOTO_QUALITY,
        )
        w.image(
            f"{stem}_rot90.jpg", rotate90(front), truth, "clean card turned 90° clockwise", "rot90"
        )
    moves = len(lic.back_entries)
    w.image(
        f"documents/dl_back_{lic.key}.png",
        render_back(lic),
        back_truth(lic),
        f"備考 with {moves} address change(s)" if moves else "備考 empty",
    )
    return front


def _bill_docs(w: Writer, bill: Bill) -> None:
    truth = bill_truth(bill)
    stem = f"documents/bill_{bill.key}"
    date = (
        f"{bill.issue_label} {bill.issue_date.isoformat()}" if bill.issue_date else "no issue date"
    )
    pdf = w.pdf(
        f"{stem}.pdf",
        lambda p: write_text_pdf(bill, p),
        truth,
        f"{bill.title} ({bill.issuer}), {date}; text layer",
    )
    scanned = scan(rasterize(pdf, SCAN_DPI, gray=True), seed=SEED + 500 + int(bill.key))
    w.image(f"{stem}_scan.png", scanned, truth, f"{SCAN_DPI} dpi grey scan, skewed, noisy", "scan")
    w.pdf(
        f"{stem}_image.pdf",
        lambda p: write_image_pdf(scanned, p),
        truth,
        "the scan wrapped in a PDF, no text layer",
        "image_pdf",
    )
    if bill.key in PHOTO_BILLS:
        page = rasterize(pdf, 150, gray=False)
        glare = (BILL_GLARE[0] * page.width, BILL_GLARE[1] * page.height)
        photo = photograph(
            page,
            Image.new("L", page.size, 255),
            seed=SEED + 600 + int(bill.key),
            frame=(1500, 2000),
            coverage=0.8,
            glare_at=glare,
        )
        w.image(
            f"{stem}_photo.jpg",
            photo,
            truth,
            "phone photo of the paper bill",
            "photo",
            JPEG_PHOTO_QUALITY,
        )
        w.image(
            f"{stem}_rot90.jpg",
            rotate90(scanned),
            truth,
            "the scan turned 90° clockwise",
            "rot90",
            JPEG_PHOTO_QUALITY,
        )


def build(out: Path) -> Writer:
    """Regenerate ``out/documents``, ``out/submissions`` and ``out/README.md``.

    Written into a scratch folder first and moved into place, so an interrupted
    run never leaves a half-written fixture set behind.
    """
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        w = Writer(Path(tmp))
        people = PersonFactory(SEED)
        licences = build_licences(people)
        fronts = {key: _licence_docs(w, lic) for key, lic in licences.items()}
        for bill in build_bills(licences).values():
            _bill_docs(w, bill)
        mask = card_mask()
        face_path = next((p for p in FACE_CANDIDATES if p.is_file()), None)
        if face_path is None:
            raise FileNotFoundError(f"test face not found in {FACE_CANDIDATES}")
        with Image.open(face_path) as face_img:
            face = face_img.convert("RGB")
        selfies: dict[str, str] = {}
        for key in sorted({p.licence for p in SUBMISSION_PLANS}):
            name = f"selfie_{key}.jpg"
            w.image(
                f"documents/{name}",
                selfie(face, fronts[key], mask, SEED + 900 + int(key)),
                {"document_type": "selfie", "fields": {}},
                f"test face (faces/README.txt) holding licence {key}",
                quality=75,
            )
            selfies[key] = name
        for plan in SUBMISSION_PLANS:
            lic = licences[plan.licence]
            # Drawn in plan order after all licences, so adding a plan never renames people.
            name_of = (
                people.other_person(lic.person, female=False) if plan.other_name else lic.person
            )
            write_submission(w, plan, lic, name_of, selfies[plan.licence])
        write_readme(w)
        for sub in ("documents", "submissions", "README.md"):
            target = out / sub
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            (Path(tmp) / sub).rename(target)
    w.root = out
    return w
