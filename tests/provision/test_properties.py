"""Property: no sequence of give, refuse and withdraw lets a provision include a person whose
consent is not given at that moment."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mamori.provision import provide
from mamori.register import Register
from tests.provision.conftest import OFFICER, consent

MEMBERS = ("m1", "m2", "m3")
steps = st.lists(
    st.tuples(st.sampled_from(["given", "refused", "withdrawn"]), st.sampled_from(MEMBERS)),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(sequence=steps)
def test_a_provision_includes_exactly_the_persons_whose_consent_stands(
    shop: Register, sequence: list[tuple[str, str]]
) -> None:
    # The register outlives each example: the model of the ledger does too.
    model = _MODELS.setdefault(str(shop.engine.url), {})
    for decision, member in sequence:
        consent(shop, member, ["provision:partners"], decision=decision)
        model[member] = decision
        with shop.session() as session:
            done = provide(session, OFFICER, MEMBERS, provision="partners")
        standing = {m for m in MEMBERS if model.get(m) == "given"}
        assert set(done.package.rows) == standing
        assert done.provided + sum(done.skipped.values()) == len(MEMBERS)


_MODELS: dict[str, dict[str, str]] = {}
