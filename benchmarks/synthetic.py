"""Synthetic journeys for benchmarks and stress tests.

``synthetic_journey(n)`` builds a journey of ``n`` steps shaped like the real ones: a main
path through several agencies, optional branches that skip ahead, rework loops that send the
person back a few steps (always with a way out, so the chain is absorbing), three-point burden
estimates, calendar waits, data requests from a small vocabulary, sign-ins and channels.

Run as a script to write one as YAML::

    python benchmarks/synthetic.py 10000 -o /tmp/synthetic-10k.yaml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

__all__ = ["synthetic_data", "synthetic_journey", "synthetic_yaml"]

AGENCIES = ("SSA", "CMS", "IRS", "VA", "FEMA", "SBA", "STATE-MEDICAID", "STATE-SNAP")
CHANNELS = ("online", "phone", "in_person", "mail")
DATA = (
    "ssn",
    "full-name",
    "date-of-birth",
    "mailing-address",
    "household-income",
    "bank-account",
    "phone-number",
    "email-address",
)
HANDOFFS = ("data_shared", "warm_referral", "customer_carries", "start_over")


def synthetic_data(
    n: int,
    *,
    seed: int = 0,
    branching: float = 0.3,
    loops: float = 0.1,
    agencies: int = 6,
    block: int = 12,
) -> dict[str, Any]:
    """A journey of ``n`` steps as plain data (what a YAML file would hold).

    Args:
        n: Number of steps (at least 2); the last one is the end.
        seed: Seed for the layout and the figures.
        branching: Share of steps with a second branch that skips one to three steps ahead.
        loops: Share of steps with a rework transition back one to five steps.
        agencies: How many agencies own the steps (blocks of about ``block`` steps each).
        block: Mean number of consecutive steps owned by one agency.
    """
    if n < 2:
        msg = "a synthetic journey needs at least 2 steps"
        raise ValueError(msg)
    rng = np.random.default_rng(seed)
    owners: list[str] = []
    while len(owners) < n:
        owners += [AGENCIES[int(rng.integers(agencies))]] * int(rng.integers(1, 2 * block))
    owners = owners[:n]
    person = rng.random(n) < 0.15
    low = rng.integers(0, 10, size=(n, 2))
    likely = low + rng.integers(0, 20, size=(n, 2))
    high = likely + rng.integers(0, 40, size=(n, 2))
    wait_days = rng.integers(0, 30, size=n)
    channel = rng.integers(0, len(CHANNELS), size=n)
    n_data = rng.integers(0, 4, size=n)
    sign_in = rng.random(n) < 0.2
    branch = rng.random(n) < branching
    loop = rng.random(n) < loops

    steps: list[dict[str, Any]] = []
    transitions: list[dict[str, Any]] = []
    for i in range(n):
        sid = f"s{i}"
        step: dict[str, Any] = {
            "id": sid,
            "title": f"Step {i}",
            "phase": f"p{i * 5 // n}",
            "agency": "person" if person[i] else owners[i],
        }
        if i == n - 1:
            step["kind"] = "end"
            steps.append(step)
            break
        step["channel"] = "none" if person[i] else CHANNELS[int(channel[i])]
        step["burden"] = {
            "learning": [int(low[i, 0]), int(likely[i, 0]), int(high[i, 0])],
            "completing": [int(low[i, 1]), int(likely[i, 1]), int(high[i, 1])],
            "estimate": "synthetic",
        }
        if wait_days[i] > 20:
            step["wait"] = {
                "days": [1, int(wait_days[i]), int(3 * wait_days[i])],
                "estimate": "synthetic",
            }
        if n_data[i]:
            step["data_requested"] = [
                DATA[int(k)] for k in rng.choice(len(DATA), int(n_data[i]), replace=False)
            ]
        if sign_in[i] and not person[i]:
            step["sign_in"] = "account"
        steps.append(step)

        outs: list[tuple[int, float, str]] = []
        if loop[i] and i > 0:
            back = max(0, i - int(rng.integers(1, 6)))
            outs.append((back, round(float(rng.uniform(0.05, 0.3)), 4), "rework"))
        if branch[i] and i + 2 < n:
            skip = min(n - 1, i + int(rng.integers(2, 5)))
            outs.append((skip, round(float(rng.uniform(0.1, 0.5)), 4), "normal"))
        rest = round(1.0 - sum(p for _, p, _ in outs), 10)
        outs.append((i + 1, rest, "normal"))  # the way forward: every loop has a way out
        for target, p, kind in outs:
            t: dict[str, Any] = {"from": sid, "to": f"s{target}", "probability": p}
            if kind != "normal":
                t["kind"] = kind
            if p < 1:
                t["estimate"] = "synthetic"
            target_agency = "person" if person[target] else owners[target]
            if step["agency"] != target_agency and "person" not in (step["agency"], target_agency):
                t["handoff"] = HANDOFFS[int(rng.integers(len(HANDOFFS)))]
            transitions.append(t)
    return {
        "id": f"synthetic-{n}",
        "title": f"Synthetic journey of {n} steps",
        "life_experience": "other",
        "annual_volume": {"people": 100_000, "estimate": "synthetic"},
        "start": "s0",
        "phases": [{"id": f"p{k}", "title": f"Phase {k}"} for k in range(5)],
        "steps": steps,
        "transitions": transitions,
    }


def synthetic_journey(n: int, **kwargs: Any) -> Any:
    """A validated :class:`lifeexp.Journey` of ``n`` steps (see :func:`synthetic_data`)."""
    from lifeexp.model import Journey

    return Journey.model_validate(synthetic_data(n, **kwargs))


def synthetic_yaml(n: int, **kwargs: Any) -> str:
    """The journey of :func:`synthetic_data` as YAML text (with the schema modeline)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(synthetic_data(n, **kwargs), Dumper=dumper, sort_keys=False)
    return "# yaml-language-server: $schema=../schema/journey.schema.json\n" + body


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic journey as YAML."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", type=int, help="number of steps")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--branching", type=float, default=0.3)
    parser.add_argument("--loops", type=float, default=0.1)
    parser.add_argument("--agencies", type=int, default=6)
    args = parser.parse_args(argv)
    text = synthetic_yaml(
        args.steps,
        seed=args.seed,
        branching=args.branching,
        loops=args.loops,
        agencies=args.agencies,
    )
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
