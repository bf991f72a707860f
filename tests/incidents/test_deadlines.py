"""Report deadlines: the APPI preliminary report's 3-day target and 5-day limit, the final
report's 30 (60) days from the day learned moved past closed days, and the GDPR's 72 hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mamori.incidents import JST, deadlines_for, is_closed_day, next_open_day


def learned_on(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=JST)


def test_the_final_report_is_due_on_the_30th_day_counting_the_day_learned_as_the_first() -> None:
    # 2026-06-01 (Mon) + 29 days = 2026-06-30, a Tuesday.
    assert deadlines_for(learned_on(date(2026, 6, 1)), wrongful=False).appi_final == date(
        2026, 6, 30
    )


def test_a_wrongful_act_gives_60_days() -> None:
    found = deadlines_for(learned_on(date(2026, 6, 1)), wrongful=True)
    assert found.appi_final_days == 60
    assert found.appi_final == date(2026, 7, 30)  # the 60th day, a Thursday


def test_a_last_day_on_a_saturday_moves_to_the_monday() -> None:
    # Learned Fri 2026-06-05: the 30th day is Sat 2026-07-04.
    assert deadlines_for(learned_on(date(2026, 6, 5)), wrongful=False).appi_final == date(
        2026, 7, 6
    )


def test_a_last_day_in_golden_week_moves_past_all_of_it() -> None:
    # Learned 2026-04-05: the 30th day is Mon 4 May (Greenery Day); 5 May is Children's Day and
    # 6 May the substitute holiday for Constitution Day on Sunday 3 May.
    assert deadlines_for(learned_on(date(2026, 4, 5)), wrongful=False).appi_final == date(
        2026, 5, 7
    )


def test_a_last_day_in_the_new_year_closure_moves_past_it_and_the_weekend() -> None:
    # Learned 2025-11-30: the 30th day is Mon 29 December; the administration is closed to 3
    # January (a Saturday), then Sunday: Monday 5 January 2026.
    assert deadlines_for(learned_on(date(2025, 11, 30)), wrongful=False).appi_final == date(
        2026, 1, 5
    )


def test_the_preliminary_report_has_a_3_day_target_and_a_5_day_limit_never_moved() -> None:
    # Learned Thu 2026-04-30: the 3rd day is Sat 2 May, the 5th Mon 4 May (a holiday): kept.
    found = deadlines_for(learned_on(date(2026, 4, 30)), wrongful=False)
    assert found.appi_preliminary_target == date(2026, 5, 2)
    assert found.appi_preliminary_limit == date(2026, 5, 4)
    assert found.appi_preliminary_due_at == datetime(2026, 5, 5, 0, 0, tzinfo=JST)


def test_days_are_japans_so_a_late_evening_in_utc_is_the_next_day() -> None:
    learned = datetime(2026, 6, 1, 20, 0, tzinfo=UTC)  # 2 June, 05:00 in Tokyo
    assert deadlines_for(learned, wrongful=False).appi_final == date(2026, 7, 1)


def test_the_final_deadline_ends_at_midnight_in_tokyo() -> None:
    found = deadlines_for(learned_on(date(2026, 6, 1)), wrongful=False)
    assert found.appi_final_due_at == datetime(2026, 6, 30, 15, 0, tzinfo=UTC)


def test_the_gdpr_deadline_is_72_hours_after_becoming_aware() -> None:
    learned = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    assert deadlines_for(learned, wrongful=False).gdpr_due_at == learned + timedelta(hours=72)


def test_closed_days_are_weekends_holidays_and_the_year_end() -> None:
    assert is_closed_day(date(2026, 5, 6))  # substitute holiday
    assert is_closed_day(date(2026, 12, 29))
    assert is_closed_day(date(2027, 1, 3))
    assert is_closed_day(date(2026, 6, 6))  # a Saturday
    assert not is_closed_day(date(2026, 5, 7))
    assert not is_closed_day(date(2026, 12, 28))


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_the_final_deadline_is_an_open_day_at_most_a_week_after_the_30th(day: date) -> None:
    final = deadlines_for(learned_on(day), wrongful=False).appi_final
    thirtieth = day + timedelta(days=29)
    assert not is_closed_day(final)
    assert thirtieth <= final <= thirtieth + timedelta(days=9)
    assert next_open_day(thirtieth) == final
