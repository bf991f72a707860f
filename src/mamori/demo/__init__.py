"""Synthetic subjects for demos and benchmarks: fake people that fit a policy, loaded through
the register's public API (`mamori demo load`).

    from mamori.demo import demo_password_hasher, load_demo

    register = open_register(policy=policy, passwords=demo_password_hasher())
    report = load_demo(register, 10_000, seed=42)      # report.rate: subjects per second
"""

from mamori.demo._load import DemoLoad, demo_password_hasher, load_demo
from mamori.demo._people import CollectionPlan, DemoSubject, SyntheticPeople
from mamori.demo._site import DEMO_MEMBER_EMAIL, DemoSite, prepare_demo_site

__all__ = [
    "DEMO_MEMBER_EMAIL",
    "CollectionPlan",
    "DemoLoad",
    "DemoSite",
    "DemoSubject",
    "SyntheticPeople",
    "demo_password_hasher",
    "load_demo",
    "prepare_demo_site",
]
