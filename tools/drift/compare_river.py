"""Runs river's ADWIN on the streams `pnpm drift:compare` exported and prints, side by side with
ours, the false alarms on stationary streams and the detection delays on shifted ones.

Usage: compare_river.py <streams.json>   (written by scripts/drift-compare.ts)

The JSON holds, per case (family x kind), the change point and every stream's values, and for
each ADWIN setting (delta) the items at which OUR detector alarmed on each stream. River's ADWIN
is run here with the same delta and the same clock / max_buckets / min_window_length /
grace_period, so the two differ only in their implementations.
"""
import json
import sys

import river
from river import drift


def river_alarms(values, setting):
    detector = drift.ADWIN(
        delta=setting["delta"],
        clock=setting["clock"],
        max_buckets=setting["maxBuckets"],
        min_window_length=setting["minWindowLength"],
        grace_period=setting["gracePeriod"],
    )
    alarms = []
    for t, x in enumerate(values):
        detector.update(x)
        if detector.drift_detected:
            alarms.append(t)
    return alarms


def summarise(kind, change_at, alarms_per_stream):
    """False-alarm streams, detected streams, mean delay, first alarms (None when undetected)."""
    false_alarms = 0
    firsts = []
    for alarms in alarms_per_stream:
        if kind == "stationary":
            false_alarms += 1 if alarms else 0
            firsts.append(None)
            continue
        if any(t < change_at for t in alarms):
            false_alarms += 1
        after = [t for t in alarms if t >= change_at]
        firsts.append(after[0] - change_at if after else None)
    detected = [d for d in firsts if d is not None]
    mean = sum(detected) / len(detected) if detected else None
    return false_alarms, len(detected), mean, firsts


def fmt(x):
    return "-" if x is None else f"{x:.0f}"


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    print(f"river {river.__version__}; {data['note']}\n")
    print("| delta | stream | kind | streams | false-alarm streams: ours / river | detected: ours / river | mean delay: ours / river | ours no later than river | identical alarm lists |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    verdict_ok = True
    for setting in data["settings"]:
        for case in data["cases"]:
            ours = case["ours"][str(setting["delta"])]
            theirs = [river_alarms(v, setting) for v in case["streams"]]
            n = len(case["streams"])
            fa_o, det_o, mean_o, first_o = summarise(case["kind"], case["changeAt"], ours)
            fa_r, det_r, mean_r, first_r = summarise(case["kind"], case["changeAt"], theirs)
            if case["kind"] == "stationary":
                no_later = "-"
            else:
                pairs = [(a, b) for a, b in zip(first_o, first_r) if b is not None]
                ok = sum(1 for a, b in pairs if a is not None and a <= b)
                no_later = f"{ok}/{len(pairs)}"
            same = sum(1 for a, b in zip(ours, theirs) if a == b)
            if fa_o > fa_r or (mean_o is not None and mean_r is not None and mean_o > mean_r):
                verdict_ok = False
            print(
                f"| {setting['delta']} | {case['family']} | {case['kind']} | {n} | {fa_o} / {fa_r} | {det_o} / {det_r} | {fmt(mean_o)} / {fmt(mean_r)} | {no_later} | {same}/{n} |"
            )
    print()
    print("ours: no more false alarms and no later on average in every case" if verdict_ok else "ours: MORE false alarms or LATER on average in at least one case (see the table)")


if __name__ == "__main__":
    main()
