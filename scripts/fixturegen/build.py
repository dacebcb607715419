"""Top level: render every document and its captures, then the submissions, then the README."""

from __future__ import annotations

import shutil
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageEnhance, ImageFilter

from .bill import bill_poa_document
from .corpus import SEED, SUBMITTED_ON, IdDocument, PoaDocument, Rendered
from .effects import scan
from .idcards import PHOTO_BOXES, build_id_documents
from .licence import licence_id_document
from .output import Writer, dump_json, save_image
from .people import Address, Person, PersonFactory, place
from .poa import PLANS as POA_PLANS
from .poa import build_poa_documents, rasterize_pages, write_image_pdf_pages
from .readme import write_readme
from .scenario import build_bills, build_licences
from .selfies import SelfieCase, card_with_portrait, compose_selfies, held_card_selfie, load_face
from .submissions import PLANS as SUBMISSION_PLANS
from .submissions import Damaged, FileSpec, SubmissionPlan, expected, profile
from .variants import Variant, phone_variants

# shared/ sits beside the work tree (here and in CI's fresh clone); the absolute path
# is the workplace default.
_FACES_REL = Path("shared/data/faces")
FACES_CANDIDATES = (Path(__file__).resolve().parents[3] / _FACES_REL, Path("/work") / _FACES_REL)

SCAN_DPI = 200
# Phone variants of paper start from a 150 dpi raster: what a phone resolves of an A4
# page, and the size the variant module is budgeted for.
PHOTO_DPI = 150
# Fronts carry the fields: every capture problem. Backs carry at most an address
# entry: the commonest captures only, to keep the corpus under its size budget.
FRONT_VARIANTS = ("photo", "blur", "noise", "glare", "jpeg60", "lowres", "rot90", "rot180")
BACK_VARIANTS = ("photo", "rot180")
UPLOAD_QUALITY = 85
PORTRAIT_BOXES = {"drivers_license": (748, 188, 1000, 512), **PHOTO_BOXES}

# Addresses for holders whose ID prints none (passport, 個人番号通知書): where their
# proof of address and their profile say they live.
UNPRINTED_ADDRESSES = {
    "passport_001": Address(place("太子堂", "世田谷区"), 1, 4, 9, "太子堂ハイツ205"),
    "passport_002": Address(place("博多駅前", "福岡市博多区"), 3, 2, 1),
    "individual_number_notice_001": Address(place("榴岡", "仙台市宮城野区"), 4, 6, 2),
}
# What a profile registers when it claims another address than the documents show.
OTHER_ADDRESS = Address(place("太子堂", "世田谷区"), 2, 8, 15)


def seed_of(stem: str) -> int:
    """A per-document seed that does not move when documents are added or reordered."""
    return SEED + zlib.crc32(stem.encode()) % 1_000_000


def captures(doc: Rendered, image: Image.Image) -> dict[str, Variant]:
    """Every phone capture of ``image`` (``doc``'s clean render or a page raster)."""
    kind = "card" if doc.mask is not None else "page"
    return {
        v.suffix: v
        for v in phone_variants(image, doc.mask, doc.glare_at, seed_of(doc.stem), kind=kind)
    }


def _variants(w: Writer, doc: Rendered, image: Image.Image, names: Iterable[str]) -> None:
    made = captures(doc, image)
    for name in names:
        v = made[name]
        ext = ".png" if v.quality is None else ".jpg"
        rel = f"documents/{doc.stem}_{name}{ext}"
        w.image(rel, v.image, doc.truth, v.description, name, v.quality)


def _image_doc(w: Writer, doc: Rendered, names: Iterable[str]) -> None:
    assert doc.image is not None
    w.image(f"documents/{doc.stem}.png", doc.image, doc.truth, doc.purpose)
    _variants(w, doc, doc.image, names)


def _paper_doc(w: Writer, doc: Rendered, *, photos: bool) -> bool:
    """Text-layer PDF, its scan (PNG for one page) and image-only PDF; phone captures if
    asked and the document is one page (a photo shows one page). True if captured."""
    assert doc.write_pdf is not None
    pdf = w.pdf(f"documents/{doc.stem}.pdf", doc.write_pdf, doc.truth, doc.purpose)
    pages = rasterize_pages(pdf, SCAN_DPI, gray=True)
    scans = [scan(page, seed=seed_of(doc.stem) + i) for i, page in enumerate(pages)]
    if len(scans) == 1:
        w.image(
            f"documents/{doc.stem}_scan.jpg",
            scans[0],
            doc.truth,
            f"{SCAN_DPI} dpi grey scan, skewed, noisy",
            "scan",
        )
    w.pdf(
        f"documents/{doc.stem}_image.pdf",
        lambda path: write_image_pdf_pages(scans, path, SCAN_DPI),
        doc.truth,
        f"the scan wrapped in a PDF, no text layer ({len(scans)} page(s))",
        "image_pdf",
    )
    if not photos or len(pages) > 1:
        return False
    _variants(w, doc, rasterize_pages(pdf, PHOTO_DPI, gray=False)[0], FRONT_VARIANTS)
    return True


@dataclass
class Corpus:
    ids: dict[str, IdDocument]
    poas: dict[str, PoaDocument]
    rendered: dict[str, Rendered]
    faces_dir: Path

    def address_of(self, holder: str) -> Address:
        found = self.ids[holder].current_address
        return found if found is not None else UNPRINTED_ADDRESSES[holder]


def _poa_holders(ids: dict[str, IdDocument]) -> list[tuple[Person, Address]]:
    """Holders in the PoA plans' order, so each document is addressed to the applicant
    of the first submission that uses it."""
    holder_of: dict[str, str] = {}
    for plan in SUBMISSION_PLANS:
        if isinstance(plan.proof_of_address, str):
            holder_of.setdefault(Path(plan.proof_of_address).stem, plan.holder)
    out = []
    for p in POA_PLANS:
        key = holder_of[p.stem]
        doc = ids[key]
        address = doc.current_address or UNPRINTED_ADDRESSES[key]
        out.append((doc.holder, address))
    return out


def render_documents(w: Writer) -> Corpus:
    people = PersonFactory(SEED)
    licences = build_licences(people)
    # Keyed by the front's file stem (drivers_license_001), unique across types.
    ids = {d.front.stem: d for d in map(licence_id_document, licences.values())}
    # A factory of its own: the licence holders' names never shift when types are added.
    others = build_id_documents(PersonFactory(SEED + 1), SEED + 3000)
    ids.update((d.front.stem, d) for d in others)
    for doc in ids.values():
        _image_doc(w, doc.front, FRONT_VARIANTS)
        if doc.back is not None:
            _image_doc(w, doc.back, BACK_VARIANTS)

    bills = [bill_poa_document(b) for b in build_bills(licences).values()]
    poas = {d.key: d for d in [*bills, *build_poa_documents(_poa_holders(ids), SEED + 5000)]}
    photographed: set[str] = set()  # one document of each type gets every phone capture
    for doc in poas.values():
        if doc.doc.image is not None:
            _image_doc(w, doc.doc, FRONT_VARIANTS)
            continue
        if _paper_doc(w, doc.doc, photos=doc.document_type not in photographed):
            photographed.add(doc.document_type)

    rendered = {r.stem: r for d in ids.values() for r in (d.front, d.back) if r is not None}
    rendered.update((d.doc.stem, d.doc) for d in poas.values())
    faces_dir = next((p for p in FACES_CANDIDATES if p.is_dir()), None)
    if faces_dir is None:
        raise FileNotFoundError(f"test faces not found in {FACES_CANDIDATES}")
    return Corpus(ids, poas, rendered, faces_dir)


# --- submissions -----------------------------------------------------------------------


def _source(corpus: Corpus, name: str) -> tuple[Rendered, str]:
    """The rendered document and capture variant a documents/ file name stands for."""
    stem = Path(name).stem
    if stem in corpus.rendered:
        return corpus.rendered[stem], "clean"
    base, variant = stem.rsplit("_", 1)
    return corpus.rendered[base], variant


def _with_portrait(corpus: Corpus, doc: Rendered, face_name: str) -> Image.Image | None:
    """The card front with a real face as its ID photo, so face matching can be judged."""
    box = PORTRAIT_BOXES.get(doc.truth["document_type"])
    if box is None or doc.image is None:
        return None
    face = load_face(corpus.faces_dir, face_name)
    return card_with_portrait(doc.image, face.image, box, face_box=face.faces[0])


def _damage(src: Path, how: str, dest: Path) -> Path:
    if how == "truncated":
        data = src.read_bytes()
        dest.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        dest.write_bytes(b"")
    else:
        with Image.open(src) as img:
            rgb = img.convert("RGB")
        # Far past what preprocessing can save: strokes merge (σ 7 px at card scale), or
        # the exposure leaves text a few grey levels above the background.
        if how == "defocused":
            out = rgb.filter(ImageFilter.GaussianBlur(7))
        else:
            out = ImageEnhance.Brightness(rgb).enhance(0.12)
        dest = dest.with_suffix(".jpg")
        save_image(out, dest, 80)
    return dest


@dataclass(frozen=True)
class _Selfie:
    front_face: str
    """The face on the ID card's photo."""
    case: SelfieCase | None


def _selfie(corpus: Corpus, plan: SubmissionPlan, front: Rendered | None) -> _Selfie:
    if plan.selfie is None:
        return _Selfie("obama.jpg", None)
    seed = seed_of(plan.submission_id)
    if front is None or front.image is None:
        raise ValueError(f"{plan.submission_id}: a selfie needs an ID front to hold")
    # Paper (a 個人番号通知書) is held like a card, its outline the whole sheet.
    mask = front.mask or Image.new("L", front.image.size, 255)
    if plan.selfie.startswith("face_mismatch"):
        on_card, live = ("obama.jpg", "biden.jpg")
        if plan.selfie.endswith("_2"):
            on_card, live = live, on_card
        card = _with_portrait(corpus, front, on_card) or front.image
        photo = load_face(corpus.faces_dir, live)
        image = held_card_selfie(photo, card, mask, seed)
        case = SelfieCase(
            plan.selfie,
            image,
            "reject",
            ("SELFIE_FACE_MISMATCH",),
            f"{live} holding a card whose photo is {on_card}",
        )
        return _Selfie(on_card, case)
    card = _with_portrait(corpus, front, "obama.jpg") or front.image
    cases = {c.suffix: c for c in compose_selfies(card, mask, seed, faces_dir=corpus.faces_dir)}
    return _Selfie("obama.jpg", cases[plan.selfie])


def _slot_file(
    w: Writer, corpus: Corpus, plan: SubmissionPlan, slot: str, spec: FileSpec, face: str
) -> None:
    folder = w.root / "submissions" / plan.submission_id
    if spec is None:
        return
    if isinstance(spec, Damaged):
        dest = _damage(
            w.root / "documents" / spec.source,
            spec.how,
            folder / f"{slot}{Path(spec.source).suffix}",
        )
        w.other(dest.relative_to(w.root).as_posix(), slot, f"{spec.source}, {spec.how}")
        return
    doc, variant = _source(corpus, spec)
    portrait = _with_portrait(corpus, doc, face) if slot == "id_front" else None
    if portrait is None:
        rel = f"submissions/{plan.submission_id}/{slot}{Path(spec).suffix}"
        # Copies, not links: a submission folder must stand alone (CONTRACT §1
        # refuses symlinks leading out of the folder).
        shutil.copyfile(w.root / "documents" / spec, w.root / rel)
        w.other(rel, slot, f"copy of documents/{spec}")
        return
    if variant == "clean":
        # Uploaded as a phone would save it: a photo on the card makes PNG four times larger.
        image, quality = portrait, UPLOAD_QUALITY
    else:
        capture = captures(doc, portrait)[variant]
        image, quality = capture.image, capture.quality
    suffix = ".jpg" if quality is not None else ".png"
    rel = f"submissions/{plan.submission_id}/{slot}{suffix}"
    save_image(image, w.root / rel, quality)
    w.other(rel, slot, f"documents/{spec} with the test face {face} as the ID photo")


def write_submission(
    w: Writer, corpus: Corpus, plan: SubmissionPlan, others: PersonFactory
) -> None:
    folder = w.root / "submissions" / plan.submission_id
    folder.mkdir(parents=True, exist_ok=True)
    holder = corpus.ids[plan.holder]
    front = _source(corpus, plan.id_front)[0] if isinstance(plan.id_front, str) else holder.front
    selfie = _selfie(corpus, plan, front)
    for slot, spec in (
        ("id_front", plan.id_front),
        ("id_back", plan.id_back),
        ("proof_of_address", plan.proof_of_address),
    ):
        _slot_file(w, corpus, plan, slot, spec, selfie.front_face)
    if selfie.case is not None:
        rel = f"submissions/{plan.submission_id}/selfie.jpg"
        save_image(selfie.case.image, w.root / rel, selfie.case.quality)
        w.other(rel, "selfie", selfie.case.purpose)

    person = holder.holder
    name_of = others.other_person(person, female=False) if plan.other_name else person
    birth = (
        person.birth.replace(day=min(person.birth.day + 9, 28))
        if plan.other_birth
        else person.birth
    )
    latin = holder.front.truth["fields"].get("name_latin", {}).get("value") or person.latin
    submission = {
        "submission_id": plan.submission_id,
        "submitted_on": SUBMITTED_ON.isoformat(),
        "profile": profile(
            person,
            OTHER_ADDRESS if plan.other_address else corpus.address_of(plan.holder),
            plan,
            name_of=name_of,
            birth=birth.isoformat(),
            latin_name=latin,
        ),
        "files": {},
    }
    (folder / "submission.json").write_text(dump_json(submission), encoding="utf-8")
    exp = expected(
        plan,
        (selfie.case.expected_status, selfie.case.expected_reasons) if selfie.case else None,
        passport=holder.document_type == "passport",
    )
    (folder / "expected.json").write_text(dump_json(exp), encoding="utf-8")
    w.other(f"submissions/{plan.submission_id}/submission.json", "submission", plan.purpose)
    summary = ", ".join(
        f"{k} {v['status']}" + (f" {'/'.join(v['reasons'])}" if v["reasons"] else "")
        for k, v in exp["slots"].items()
    )
    w.other(
        f"submissions/{plan.submission_id}/expected.json",
        "expected",
        f"overall {exp['overall']}: {summary}",
    )


def build(out: Path) -> Writer:
    """Regenerate ``out/documents``, ``out/submissions`` and ``out/README.md``.

    Written into a scratch folder first and moved into place, so an interrupted
    run never leaves a half-written fixture set behind.
    """
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        w = Writer(Path(tmp))
        corpus = render_documents(w)
        others = PersonFactory(SEED + 2)
        for plan in SUBMISSION_PLANS:
            write_submission(w, corpus, plan, others)
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
