"""Write the SYNTHETIC post-transaction feedback that the bundled journeys use as examples.

No real respondent data is available offline, so the bundled journeys show the trust views
with made-up answers laid out exactly like GSA Touchpoints' published tables
(``cx_collections``, ``cx_collection_details``, ``cx_responses``; CSV or API JSON). Every
survey title says SYNTHETIC and every journey source is marked ``synthetic: true``; the
report prints a warning wherever the figures appear. The answers are drawn from a seeded
generator, so running this script again writes the same files::

    python scripts/make_synthetic_feedback.py

The free-text column ``question_4`` is filled with a marker sentence only (lifeexp never
reads it; a test checks the marker never reaches any output).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "journeys" / "feedback"
DRIVERS = ("effectiveness", "ease", "efficiency", "transparency", "humanity", "employee", "other")
SEED = 14058
TITLE = "SYNTHETIC illustrative survey (not real respondents)"
TRUST = (
    "Based on my experience with {agency}'s {service}, I trust {agency} to deliver on their "
    "mission for the American public."
)

# journey folder -> provider, then surveys: (service, stage, position, channel, transaction
# point, survey type, respondents per quarter, trust probability per quarter, the drivers
# people tend to tick as not going well here)
SURVEYS: dict[str, dict[str, object]] = {
    "approaching-retirement": {
        "provider": ("SSA", "Social Security Administration"),
        "format": "csv",
        "surveys": [
            (
                "Retirement benefits",
                "Learn and plan",
                1,
                "digital",
                "After using my Social Security",
                "thumbs_up_down",
                (420, 460),
                (0.82, 0.84),
                ("transparency",),
            ),
            (
                "Retirement benefits",
                "Apply",
                2,
                "digital",
                "After submitting the online application",
                "thumbs_up_down",
                (380, 410),
                (0.71, 0.68),
                ("ease", "efficiency"),
            ),
            (
                "Retirement benefits",
                "Decision",
                3,
                "mail",
                "After the award letter",
                "likert_scale",
                (150, 170),
                (0.62, 0.66),
                ("transparency", "efficiency"),
            ),
        ],
    },
    "recovering-from-a-disaster": {
        "provider": ("FEMA", "Federal Emergency Management Agency"),
        "format": "json",
        "surveys": [
            (
                "Individual Assistance",
                "Register",
                1,
                "digital",
                "After registering for assistance",
                "thumbs_up_down",
                (160, 150),
                (0.74, 0.72),
                ("ease", "efficiency"),
            ),
            (
                "Individual Assistance",
                "Inspection",
                2,
                "in-person",
                "After the home inspection",
                "thumbs_up_down",
                (80, 90),
                (0.81, 0.83),
                ("efficiency",),
            ),
            (
                "Individual Assistance",
                "Decision",
                3,
                "mail",
                "After the eligibility letter",
                "thumbs_up_down",
                (110, 120),
                (0.55, 0.58),
                ("transparency", "effectiveness"),
            ),
        ],
    },
    "facing-a-financial-shock": {
        "provider": ("CMS", "Centers for Medicare & Medicaid Services"),
        "format": "import",
        "surveys": [
            (
                "HealthCare.gov",
                "Apply",
                1,
                "digital",
                "After submitting the application",
                "thumbs_up_down",
                (500, 520),
                (0.78, 0.80),
                ("ease",),
            ),
            (
                "HealthCare.gov",
                "Enroll",
                2,
                "digital",
                "After choosing a plan",
                "likert_scale",
                (180, 200),
                (0.73, 0.76),
                ("transparency", "efficiency"),
            ),
        ],
    },
}
QUARTERS = ((2026, 3, "2026-07-20"), (2026, 4, "2026-10-21"))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_json(path: Path, kind: str, rows: list[dict[str, str]]) -> None:
    numeric = {
        "fiscal_year",
        "quarter",
        "volume_of_customers",
        "question_1",
        "volume_of_customers_provided_survey_opportunity",
        "volume_of_respondents",
    }
    data = []
    for k, row in enumerate(rows):
        attrs: dict[str, object] = {}
        for key, value in row.items():
            if key == "id":
                continue
            if key.startswith(("positive_", "negative_")):
                attrs[key] = None if value == "null" else value
            elif key in numeric and value != "":
                attrs[key] = int(value)
            else:
                attrs[key] = value
        data.append({"id": row.get("id", str(k + 1)), "type": kind, "attributes": attrs})
    doc = {"data": data, "links": {"self": f"https://api.gsa.gov/analytics/touchpoints/v1/{kind}"}}
    # One record per line: small, diff-friendly, and every error still has its own line.
    lines = ",\n".join(json.dumps(item, separators=(",", ":")) for item in doc["data"])
    links = json.dumps(doc["links"])
    path.write_text(f'{{"data":[\n{lines}\n],\n"links":{links}}}\n', encoding="utf-8")


def _tables(
    name: str, spec: dict[str, object], rng: np.random.Generator
) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    code, provider = spec["provider"]  # type: ignore[misc]
    collections: list[dict[str, str]] = []
    details: list[dict[str, str]] = []
    responses: list[dict[str, str]] = []
    services = sorted({s[0] for s in spec["surveys"]})  # type: ignore[attr-defined]
    detail_id = 100
    for qi, (year, quarter, submitted) in enumerate(QUARTERS):
        ids = {}
        for service in services:
            cid = str(len(collections) + 1)
            ids[service] = cid
            collections.append(
                {
                    "id": cid,
                    "fiscal_year": str(year),
                    "quarter": str(quarter),
                    "service_id": str(services.index(service) + 1),
                    "service_name": service,
                    "service_provider_id": "1",
                    "service_provider_name": provider,
                    "organization_id": "1",
                    "aasm_state": "published",
                    "rating": "TRUE",
                    "integrity_hash": "",
                    "submitted_at": submitted,
                }
            )
        for service, stage, pos, channel, point, kind, ns, ps, weak in spec["surveys"]:  # type: ignore[attr-defined]
            detail_id += 1
            n = ns[qi]
            offered = int(n / rng.uniform(0.04, 0.09))
            customers = int(offered / rng.uniform(0.35, 0.7))
            details.append(
                {
                    "id": str(detail_id),
                    "cx_collection_id": ids[service],
                    "service_id": "1",
                    "service_name": service,
                    "transaction_point": point,
                    "channel": channel,
                    "service_stage_id": str(pos),
                    "service_stage_name": stage,
                    "service_stage_position": str(pos),
                    "service_stage_count": "3",
                    "volume_of_customers": str(customers),
                    "volume_of_customers_provided_survey_opportunity": str(offered),
                    "volume_of_respondents": str(n),
                    "omb_control_number": "0000-0000",
                    "survey_type": kind,
                    "survey_title": TITLE,
                    "trust_question_text": TRUST.format(agency=code, service=service),
                }
            )
            for _ in range(n):
                trusting = rng.random() < ps[qi]
                if kind == "thumbs_up_down":
                    q1 = "1" if trusting else "0"
                else:
                    q1 = str(
                        rng.choice([4, 5], p=[0.55, 0.45])
                        if trusting
                        else rng.choice([1, 2, 3], p=[0.3, 0.35, 0.35])
                    )
                row = {
                    "cx_collection_detail_id": str(detail_id),
                    "cx_collection_detail_upload_id": "1",
                    "external_id": "",
                    "job_id": "",
                    "question_1": q1,
                }
                for d in DRIVERS:
                    offered_here = d not in ("humanity", "other") or channel != "digital"
                    p = (0.55 if trusting else 0.15) * (0.6 if d in weak else 1.0)
                    row[f"positive_{d}"] = str(int(rng.random() < p)) if offered_here else "null"
                for d in DRIVERS:
                    offered_here = d not in ("humanity", "other") or channel != "digital"
                    p = (0.05 if trusting else 0.35) * (2.0 if d in weak else 0.6)
                    row[f"negative_{d}"] = str(int(rng.random() < p)) if offered_here else "null"
                row["question_4"] = "PRIVATE-COMMENT never read"
                row["created_at"] = submitted + "T00:00:00Z"
                responses.append(row)
    return collections, details, responses


def main() -> None:
    rng = np.random.default_rng(SEED)
    OUT.mkdir(exist_ok=True)
    for name, spec in SURVEYS.items():
        collections, details, responses = _tables(name, spec, rng)
        if spec["format"] == "csv":
            folder = OUT / name
            folder.mkdir(exist_ok=True)
            _write_csv(folder / "cx_collections.csv", collections)
            _write_csv(folder / "cx_collection_details.csv", details)
            _write_csv(folder / "cx_responses.csv", responses)
        elif spec["format"] == "json":
            folder = OUT / name
            folder.mkdir(exist_ok=True)
            _write_json(folder / "cx_collections.json", "cx_collections", collections)
            _write_json(folder / "cx_collection_details.json", "cx_collection_details", details)
            _write_json(folder / "cx_responses.json", "cx_responses", responses)
        else:  # exported to a temporary folder, then imported into a feedback file
            with tempfile.TemporaryDirectory() as tmp:
                t = Path(tmp)
                _write_csv(t / "cx_collections.csv", collections)
                _write_csv(t / "cx_collection_details.csv", details)
                _write_csv(t / "cx_responses.csv", responses)
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "lifeexp",
                        "feedback",
                        "import",
                        "--kind",
                        "touchpoints-v2-csv",
                        "--collections",
                        str(t / "cx_collections.csv"),
                        "--details",
                        str(t / "cx_collection_details.csv"),
                        "--responses",
                        str(t / "cx_responses.csv"),
                        "--synthetic",
                        "-o",
                        str(OUT / f"{name}.feedback.yaml"),
                    ],
                    check=True,
                )


if __name__ == "__main__":
    main()
