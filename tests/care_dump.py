"""A small dump with content notes for the care tests: a writer's note line, proposed notes,
posts without any, and pairs close enough to list each other as related."""

from __future__ import annotations

from tests.support import make_dump

BROTHER = "remembering-my-brother"
ROSES = "my-brother-s-roses"
EATING = "eating-again-after-years-of-restriction"
GARDEN = "gardening-with-chronic-fatigue"
PACING = "pacing-the-garden-with-me-cfs"

POSTS = [
    (
        "CW: suicide, grief. Written <b>gently</b>, with love.\nRemembering my brother",
        "My brother died by suicide three years ago this spring. I still talk to him when I walk "
        "past his roses. Grief for my brother comes in waves, and writing about my brother helps.",
    ),
    (
        "My brother's roses",
        "After the funeral I took cuttings from my brother's roses. Grief and roses: every spring "
        "the roses my brother planted bloom again, and I remember my brother with them.",
    ),
    (
        "Eating again after years of restriction",
        "For years anorexia decided what I ate. Recovery from my eating disorder started with one "
        "meal a day that I did not count, and a dietitian who listened.",
    ),
    (
        "Gardening with chronic fatigue",
        "Gardening with chronic fatigue means pacing: ten minutes of weeding, then rest. The "
        "deadline for planting is killing me, but the garden waits for my energy to come back.",
    ),
    (
        "Pacing the garden with ME/CFS",
        "Pacing in the garden with ME/CFS: I plan my energy for weeding and planting, rest between "
        "rows, and the garden grows anyway. Cutting costs with seeds saved from last year.",
    ),
]
NOTES = {
    BROTHER: "suicide death",
    ROSES: "death",
    EATING: "eating-disorders",
    GARDEN: "",
    PACING: "",
}


def care_dump() -> str:
    return make_dump(POSTS)
