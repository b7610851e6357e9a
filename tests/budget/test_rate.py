from __future__ import annotations

from runtime.budget import Settings
from runtime.budget.rate import Rate


def test_fuel_is_billed_at_the_configured_rate_rounded_up():
    rate = Rate(Settings(fuel_per_ms=1_000_000, host_op_us=0, kb_us=0))
    assert rate.cost_us(1_000_000) == 1000
    assert rate.cost_us(1_000) == 1
    assert rate.cost_us(1) == 1            # nothing that ran is free
    assert rate.cost_us(0) == 0


def test_host_operations_and_bytes_have_fixed_charges():
    rate = Rate(Settings(fuel_per_ms=1_000_000, host_op_us=70, kb_us=5))
    assert rate.cost_us(0, host_ops=3) == 210
    assert rate.cost_us(0, bytes_moved=1024) == 5
    assert rate.cost_us(0, bytes_moved=1) == 1
    assert rate.cost_us(2_000_000, host_ops=1, bytes_moved=10 * 1024) == 2000 + 70 + 50


def test_fuel_for_is_the_inverse_of_billing():
    rate = Rate(Settings())
    for us in (1, 999, 1_000_000, 600_000_000):
        assert rate.cost_us(rate.fuel_for(us)) == us
    assert rate.fuel_for(-5) == 0
